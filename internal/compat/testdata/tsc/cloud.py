"""Tableau Cloud (tabctl serve --cloud, tsctest.WithCloud): TSC signs in with a
personal access token to a named site and does admin and content calls; a
password, an empty site and the server-level calls fail as Cloud fails them;
a token signed in twice ends its first session."""
from compat import *
import os

SITE = INPUT["site"]
sales = os.path.join(TESTDATA, "workbooks", "Sales.twbx")

s = server()
check_error("auth.sign_in(TableauAuth) on Cloud", lambda: s.auth.sign_in(TSC.TableauAuth(USER, PASSWORD, site_id=SITE)), "401001")
check_error("auth.sign_in(PersonalAccessTokenAuth, no site) on Cloud",
            lambda: s.auth.sign_in(TSC.PersonalAccessTokenAuth(TOKEN_NAME, TOKEN_SECRET, site_id="")), "401001")

s = server()
s.auth.sign_in(TSC.PersonalAccessTokenAuth(TOKEN_NAME, TOKEN_SECRET, site_id=SITE))
check("auth.sign_in(PersonalAccessTokenAuth, site) on Cloud", [s.is_signed_in(), s.site_id], [True, INPUT["site_id"]])
me = s.users.get_by_id(s.user_id)
check("users.get_by_id(self) on Cloud", me.site_role, "SiteAdministratorCreator")

sites, _ = s.sites.get()
check("sites.get on Cloud: the caller's site only", [x.content_url for x in sites], [SITE])
check_error("sites.create on Cloud", lambda: s.sites.create(TSC.SiteItem("New", "new")), "403000")
check_error("sites.delete on Cloud", lambda: s.sites.delete(INPUT["site_id"]), "403000")

ann = s.users.add(TSC.UserItem("ann@example.com", "Creator"))
check("users.add(Creator) on Cloud", ann.site_role, "Creator")
check_error("users.add(ServerAdministrator) on Cloud",
            lambda: s.users.add(TSC.UserItem("root@example.com", "ServerAdministrator")), "400013")
g = s.groups.create(TSC.GroupItem("Analysts"))
s.groups.add_user(g, ann.id)
s.groups.populate_users(g)
check("groups.add_user on Cloud", sorted_names(g.users), ["ann@example.com"])

p = s.projects.create(TSC.ProjectItem("Finance"))
wb = s.workbooks.publish(TSC.WorkbookItem(p.id, name="Sales"), sales, TSC.Server.PublishMode.CreateNew)
check("workbooks.publish on Cloud", [wb.name, wb.project_id], ["Sales", p.id])
s.workbooks.populate_views(wb)
check("workbooks.populate_views on Cloud", len(wb.views) > 0, True)
path = s.workbooks.download(wb.id, filepath=os.path.join(WORKDIR, "sales"))
verify("downloaded workbook is the published file", open(path, "rb").read() == open(sales, "rb").read(), True)

# A second sign-in with the same token ends the first session, as Cloud does.
s2 = server()
s2.auth.sign_in(TSC.PersonalAccessTokenAuth(TOKEN_NAME, TOKEN_SECRET, site_id=SITE))
check_error("projects.get with the token's earlier session on Cloud", lambda: s.projects.get(), "401002")
check("projects.get with the token's new session on Cloud", "Finance" in names(TSC.Pager(s2.projects)), True)
s2.auth.sign_out()
done()
