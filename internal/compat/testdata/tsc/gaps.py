"""Issue 16 part 8 through TSC: tags.batch_add and batch_delete over a
workbook and a data source, views.update (tags) and views.delete,
workbooks.update_connections (credential rotation), and
auth.revoke_all_server_admin_tokens."""
from compat import *

s = signed_in("compat")
wb = s.workbooks.get_by_id(INPUT["workbook_id"])
ds = s.datasources.get_by_id(INPUT["datasource_id"])

got = s.tags.batch_add(["q3", "kpi"], [wb, ds])
check("tags.batch_add", sorted(got), ["kpi", "q3"])
check("tags.batch_add landed", [sorted(s.workbooks.get_by_id(wb.id).tags), sorted(s.datasources.get_by_id(ds.id).tags)],
      [["kpi", "q3"], ["kpi", "q3"]])
got = s.tags.batch_delete(["q3"], [wb, ds])
check("tags.batch_delete", sorted(got), ["q3"])
check("tags.batch_delete landed", [sorted(s.workbooks.get_by_id(wb.id).tags), sorted(s.datasources.get_by_id(ds.id).tags)],
      [["kpi"], ["kpi"]])

view = s.views.get_by_id(INPUT["view_id"])
view.tags.add("board")
s.views.update(view)
check("views.update (tags)", sorted(s.views.get_by_id(view.id).tags), ["board"])

s.workbooks.populate_connections(wb)
ids = [c.id for c in wb.connections]
updated = s.workbooks.update_connections(wb, ids, "Username Password", username="svc", password="pw", embed_password=True)
check("workbooks.update_connections", sorted(c.id for c in updated), sorted(ids))
s.workbooks.populate_connections(wb)
check("workbooks.update_connections landed", sorted(set(c.username for c in wb.connections)), ["svc"])

all_views = [v.id for v in s.workbooks.get_by_id(wb.id).views]
s.views.delete(view.id)
check("views.delete", sorted(v.id for v in s.workbooks.get_by_id(wb.id).views), sorted(v for v in all_views if v != view.id))

# The administrator's token signs in before, not after.
pat = server()
pat.auth.sign_in(TSC.PersonalAccessTokenAuth("admin-ci", "ci-secret", site_id="compat"))
pat.auth.sign_out()
s.auth.revoke_all_server_admin_tokens()
check_error("auth.sign_in with a revoked token",
            lambda: server().auth.sign_in(TSC.PersonalAccessTokenAuth("admin-ci", "ci-secret", site_id="compat")), "401001")
done()
