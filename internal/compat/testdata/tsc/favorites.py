"""Favorites: TSC's add_favorite_* for each kind the emulator keeps, the
generic add_favorite, favorites.get (which fills user.favorites), and the
delete_favorite_* calls; add_favorite_flow and delete_favorite_flow with
a flow published through TSC; then a viewer refused what they cannot read
or do."""
import os
from compat import *

s = signed_in("compat")
me = s.users.get_by_id(INPUT["admin_id"])
wb = s.workbooks.get_by_id(INPUT["workbook_id"])
view = s.views.get_by_id(INPUT["view_id"])
ds = s.datasources.get_by_id(INPUT["datasource_id"])
proj = [p for p in TSC.Pager(s.projects) if p.id == INPUT["marketing_id"]][0]

s.favorites.add_favorite_workbook(me, wb)
s.favorites.add_favorite_view(me, view)
s.favorites.add_favorite_datasource(me, ds)
s.favorites.add_favorite_project(me, proj)
s.favorites.get(me)
f = me.favorites
check("favorites.get", [[i.id for i in f[k]] for k in ("workbooks", "views", "datasources", "projects", "flows", "metrics")],
      [[wb.id], [view.id], [ds.id], [proj.id], [], []])
check("favorites.get items", [f["workbooks"][0].name, f["views"][0].name, f["datasources"][0].name, f["projects"][0].name],
      ["Sales", "Sales by Region", "Orders", "Marketing"])

s.favorites.delete_favorite_view(me, view)
s.favorites.delete_favorite_datasource(me, ds)
s.favorites.delete_favorite_project(me, proj)
s.favorites.get(me)
check("favorites.delete_favorite_*", [len(me.favorites[k]) for k in ("workbooks", "views", "datasources", "projects")], [1, 0, 0, 0])

# The generic call of TSC 0.30+ (API 3.15).
s.favorites.add_favorite(me, TSC.Resource.View, view)
s.favorites.get(me)
check("favorites.add_favorite", [v.id for v in me.favorites["views"]], [view.id])
s.favorites.delete_favorite_workbook(me, wb)

# Flows (API 3.3): a flow published through TSC, as flows.py does.
tfl = os.path.join(TESTDATA, "flows", "Sales Prep.tfl")
fl = s.flows.publish(TSC.FlowItem(INPUT["marketing_id"], name="Sales Prep"), tfl, TSC.Server.PublishMode.CreateNew)
s.favorites.add_favorite_flow(me, fl)
s.favorites.get(me)
check("favorites.add_favorite_flow", [[i.id, i.name, i.project_id] for i in me.favorites["flows"]],
      [[fl.id, "Sales Prep", INPUT["marketing_id"]]])
s.favorites.delete_favorite_flow(me, fl)
s.favorites.get(me)
check("favorites.delete_favorite_flow", [len(me.favorites["flows"]), [v.id for v in me.favorites["views"]]], [0, [view.id]])

# A viewer: not another user's favorites (403), not an item they cannot
# read (its 404).
alice = server()
alice.auth.sign_in(TSC.TableauAuth("alice", INPUT["alice_password"], site_id="compat"))
alice_item = alice.users.get_by_id(INPUT["alice_id"])
check_error("favorites.get of another user", lambda: alice.favorites.get(me), "403000")
check_error("favorites.add_favorite_workbook unreadable", lambda: alice.favorites.add_favorite_workbook(alice_item, wb), "404006")
alice.favorites.get(alice_item)
check("favorites.get own", sum(len(v) for v in alice_item.favorites.values()), 0)
done()
