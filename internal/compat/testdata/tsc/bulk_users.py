"""Bulk users and directory groups: users.bulk_add (a UserImport job, with
a line the server refuses), users.bulk_remove, groups.create_AD_group (now
and as a job) and groups.update of an AD group (synchronising it)."""
from compat import *

s = signed_in("compat")
new = [
    TSC.UserItem("gina", TSC.UserItem.Roles.Creator),
    TSC.UserItem("hank", TSC.UserItem.Roles.ExplorerCanPublish),
    TSC.UserItem("ivy", TSC.UserItem.Roles.Viewer),
    TSC.UserItem("jack", TSC.UserItem.Roles.SiteAdministratorExplorer),
    TSC.UserItem("bad name", TSC.UserItem.Roles.Viewer),
]
new[0].fullname = "Gina G"
new[0].email = "gina@example.com"
job = s.users.bulk_add(new)
check("users.bulk_add", job.type, "UserImport")
s.jobs.wait_for_job(job)
roles = {u.name: u.site_role for u in TSC.Pager(s.users) if u.name in ("gina", "hank", "ivy", "jack", "bad name")}
check("users after bulk_add", roles, {"gina": "Creator", "hank": "ExplorerCanPublish", "ivy": "Viewer", "jack": "SiteAdministratorExplorer"})
gina = [u for u in TSC.Pager(s.users) if u.name == "gina"][0]
s.users.populate_groups(gina)
check("users.bulk_add details", [gina.fullname, gina.email], ["Gina G", "gina@example.com"])

s.users.bulk_remove([TSC.UserItem("hank"), TSC.UserItem("ivy")])
check("users.bulk_remove", sorted(u.name for u in TSC.Pager(s.users) if u.name in ("gina", "hank", "ivy", "jack")), ["gina", "jack"])

g = TSC.GroupItem("Sales")
g.domain_name = "example.com"
g.minimum_site_role = TSC.UserItem.Roles.Explorer
g.license_mode = TSC.GroupItem.LicenseMode.onSync
ad = s.groups.create_AD_group(g)
check("groups.create_AD_group", [ad.name, ad.domain_name, ad.minimum_site_role, ad.license_mode], ["Sales", "example.com", "Explorer", "onSync"])
s.groups.populate_users(ad)
check("groups.create_AD_group members", sorted_names(ad.users), ["d1", "d2"])
check_error("groups.create_AD_group(unknown)", lambda: s.groups.create_AD_group(TSC.GroupItem("Nobody", domain_name="example.com")), "404012")

ops = TSC.GroupItem("Ops")
ops.domain_name = "example.com"
ops.minimum_site_role = TSC.UserItem.Roles.Creator
ops.license_mode = TSC.GroupItem.LicenseMode.onLogin
job = s.groups.create_AD_group(ops, True)
check("groups.create_AD_group(asJob)", job.type, "GroupImport")
s.jobs.wait_for_job(job)
d3 = [u for u in TSC.Pager(s.users) if u.name == "d3"][0]
check("onLogin member before signing in", d3.site_role, "Unlicensed")

# Synchronising with a higher minimum site role raises the members.
ad.minimum_site_role = TSC.UserItem.Roles.ExplorerCanPublish
ad.license_mode = TSC.GroupItem.LicenseMode.onSync
job = s.groups.update(ad, as_job=True)
check("groups.update(AD, as_job)", job.type, "GroupSync")
s.jobs.wait_for_job(job)
d1 = [u for u in TSC.Pager(s.users) if u.name == "d1"][0]
check("groups.update(AD) role", d1.site_role, "ExplorerCanPublish")
upd = s.groups.update(ad)
check("groups.update(AD)", [upd.name, upd.domain_name], ["Sales", "example.com"])
out("sales_ad_id", ad.id)
done()
