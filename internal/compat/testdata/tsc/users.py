"""Users: add with UserItem defaults, read, update (TSC repeats the name), QuerySet, paging, remove."""
from compat import *

s = signed_in("compat")
erin = s.users.add(TSC.UserItem("erin", TSC.UserItem.Roles.Explorer))
check("users.add", [erin.name, erin.site_role, bool(erin.id)], ["erin", "Explorer", True])
frank = s.users.add(TSC.UserItem("frank", TSC.UserItem.Roles.Creator, auth_setting="ServerDefault"))
check("users.add(auth_setting)", [frank.site_role, frank.auth_setting], ["Creator", "ServerDefault"])
check_error("users.add(existing)", lambda: s.users.add(TSC.UserItem("alice", TSC.UserItem.Roles.Viewer)), "409017")

got = s.users.get_by_id(erin.id)
check("users.get_by_id", [got.name, got.site_role, got.auth_setting], ["erin", "Explorer", "ServerDefault"])

# TSC sends back the item's name on update: real servers accept an
# unchanged name (the emulator used to refuse any name).
got.fullname = "Erin Example"
got.email = "erin@example.com"
got.site_role = TSC.UserItem.Roles.Viewer
upd = s.users.update(got)
check("users.update", [upd.fullname, upd.email, upd.site_role], ["Erin Example", "erin@example.com", "Viewer"])
upd = s.users.update(s.users.get_by_id(erin.id), password="erin-pass-1")
check("users.update(password)", upd.name, "erin")
e2 = server()
e2.auth.sign_in(TSC.TableauAuth("erin", "erin-pass-1", site_id="compat"))
check("auth.sign_in(updated password)", e2.user_id, erin.id)
e2.auth.sign_out()
# TSC's update never sends the name (UserRequest.update_req), so a renamed
# item updates the other fields and the name stays: as on any server.
renamed = s.users.get_by_id(erin.id)
renamed.name = "erin2"
s.users.update(renamed)
check("users.update(name changed on the item)", s.users.get_by_id(erin.id).name, "erin")

check("users.filter(name__in).order_by(-name)",
      names(s.users.filter(name__in=["alice", "bob", "erin"]).order_by("-name")), ["erin", "bob", "alice"])
check("users.filter(site_role)", sorted_names(s.users.filter(site_role="Viewer")), ["alice", "bob", "carol", "dave", "erin"])
check("Pager(users, pagesize=2)", sorted_names(TSC.Pager(s.users, TSC.RequestOptions(pagesize=2))),
      ["admin", "alice", "bob", "carol", "dave", "erin", "frank"])
opts = TSC.RequestOptions(pagesize=3)
opts.sort.add(TSC.Sort(TSC.RequestOptions.Field.Name, TSC.RequestOptions.Direction.Asc))
page, pagination = s.users.get(opts)
check("users.get(sort, pagesize=3)", [names(page), pagination.total_available], [["admin", "alice", "bob"], 7])
# Client bug: QuerySet iteration swallows every ServerResponseError (it
# means to catch 400006 only), so users.filter(name__gt="c") yields nothing
# instead of failing: name takes eq, in, cieq and has on Tableau. The plain
# get shows the server's refusal.
opts = TSC.RequestOptions()
opts.filter.add(TSC.Filter(TSC.RequestOptions.Field.Name, TSC.RequestOptions.Operator.GreaterThan, "c"))
check_error("users.get(filter name gt)", lambda: s.users.get(opts), "400065")
check("users.filter(name__in, site_role)", names(s.users.filter(name__in=["alice", "frank"], site_role="Creator")), ["frank"])

qs = s.users.all().order_by("name")
check("len(users.all())", len(qs), 7)
check("users.all().order_by(name)[1:3]", names(qs[1:3]), ["alice", "bob"])
check("users.all().paginate(page_size=2)", names(s.users.all().order_by("-name").paginate(page_size=2)),
      ["frank", "erin", "dave", "carol", "bob", "alice", "admin"])
check("users.filter(name)[0]", s.users.filter(name="dave")[0].name, "dave")

alice = s.users.get_by_id(INPUT["alice_id"])
s.users.populate_groups(alice)
check("users.populate_groups", sorted_names(alice.groups), ["All Users", "Sales"])
s.users.populate_workbooks(alice)
check("users.populate_workbooks", sorted_names(alice.workbooks), ["Alice Book"])

s.users.remove(frank.id)
check_error("users.get_by_id(removed)", lambda: s.users.get_by_id(frank.id), "404002")
out("erin_id", erin.id)
done()
