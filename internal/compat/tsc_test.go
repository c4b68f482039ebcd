package compat_test

import (
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

func TestTSCSites(t *testing.T) {
	needClients(t)
	srv := startServer(t)
	c := sdk(t, srv, "")
	info, err := c.ServerInfo(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	res := runScript(t, srv, "sites", map[string]any{
		"api_version": srv.APIVersion(), "product_version": info.ProductVersion.Value,
	})
	sites, _, err := c.Sites.List(t.Context(), tsc.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	byURL := map[string]tsc.Site{}
	for _, s := range sites {
		byURL[s.ContentURL] = s
	}
	if _, ok := byURL["scratch"]; ok || len(sites) != 2 {
		t.Errorf("after the script: sites %v, want Default and compatsales (scratch deleted)", sites)
	}
	cs, ok := byURL["compatsales"]
	if !ok || cs.ID != res.str(t, "sales_id") || cs.Name != "Compat Sales" {
		t.Fatalf("compatsales = %+v", cs)
	}
	if cs.AskDataMode != "EnabledByDefault" || cs.UserQuota == nil || *cs.UserQuota != 7 || cs.AdminMode != "ContentAndUsers" {
		t.Errorf("compatsales as the SDK reads it: askDataMode %q, userQuota %v, adminMode %q", cs.AskDataMode, cs.UserQuota, cs.AdminMode)
	}
}

func TestTSCAuth(t *testing.T) {
	needClients(t)
	srv := startServer(t)
	site, err := srv.SeedSite("Compat", "compat")
	if err != nil {
		t.Fatal(err)
	}
	alice, err := srv.SeedUser("compat", "alice", tsc.SiteRoleExplorer)
	if err != nil {
		t.Fatal(err)
	}
	c := sdk(t, srv, "")
	runScript(t, srv, "auth", map[string]any{
		"admin_id": c.Session().UserID, "alice_id": alice.ID, "site_id": site.ID, "jwt": srv.SignJWT("alice"),
	})
}

// seedCompat makes the site most scripts work on: "compat" with users
// alice, bob, carol and dave (Viewers), a group Sales with alice, a
// project Marketing and a workbook alice owns.
func seedCompat(t *testing.T, srv *tsctest.Server) map[string]any {
	t.Helper()
	site := must(srv.SeedSite("Compat", "compat"))(t)
	ids := map[string]any{"site_id": site.ID}
	for _, n := range []string{"alice", "bob", "carol", "dave"} {
		u := must(srv.SeedUser("compat", n, tsc.SiteRoleViewer))(t)
		ids[n+"_id"] = u.ID
	}
	g := must(srv.SeedGroup("compat", "Sales", ids["alice_id"].(string)))(t)
	ids["sales_id"] = g.ID
	p := must(srv.SeedProject("compat", "Marketing", "", ""))(t)
	ids["marketing_id"] = p.ID
	wb := must(srv.SeedWorkbook("compat", p.ID, ids["alice_id"].(string), "Alice Book"))(t)
	ids["alice_book_id"] = wb.ID
	return ids
}

func must[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func TestTSCProjects(t *testing.T) {
	needClients(t)
	srv := startServer(t)
	ids := seedCompat(t, srv)
	res := runScript(t, srv, "projects", ids)
	c := sdk(t, srv, "compat")
	projects := map[string]tsc.Project{}
	for p, err := range c.Projects.All(t.Context(), tsc.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		projects[p.Name] = p
	}
	fin, q1 := projects["Finance 2026"], projects["Q1"]
	if len(projects) != 4 || fin.ID != res.str(t, "finance_id") || q1.ID != res.str(t, "q1_id") {
		t.Fatalf("projects after the script: %+v", projects)
	}
	if fin.Description != "budget" || fin.ContentPermissions != "LockedToProject" || q1.ParentProjectID != res.str(t, "archive_id") {
		t.Errorf("as the SDK reads them: Finance %+v, Q1 %+v", fin, q1)
	}
}

func TestTSCUsers(t *testing.T) {
	needClients(t)
	srv := startServer(t)
	ids := seedCompat(t, srv)
	res := runScript(t, srv, "users", ids)
	c := sdk(t, srv, "compat")
	erin := must(c.Users.Get(t.Context(), res.str(t, "erin_id")))(t)
	if erin.Name != "erin" || erin.FullName != "Erin Example" || erin.Email != "erin@example.com" || erin.SiteRole != tsc.SiteRoleViewer {
		t.Errorf("erin as the SDK reads her: %+v", erin)
	}
	users, pg, err := c.Users.List(t.Context(), tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "frank")}})
	if err != nil || len(users) != 0 || pg.TotalAvailable != 0 {
		t.Errorf("frank after users.remove: %v %+v %v", users, pg, err)
	}
}

func TestTSCGroups(t *testing.T) {
	needClients(t)
	srv := startServer(t)
	ids := seedCompat(t, srv)
	res := runScript(t, srv, "groups", ids)
	c := sdk(t, srv, "compat")
	members, _, err := c.Groups.Users(t.Context(), res.str(t, "group_id"), tsc.ListOptions{})
	if err != nil || len(members) != 1 || members[0].Name != "alice" {
		t.Errorf("members of the script's group: %v, %v", members, err)
	}
	groups, _, err := c.Groups.List(t.Context(), tsc.ListOptions{})
	if err != nil || len(groups) != 2 {
		t.Errorf("groups: %v, %v", groups, err)
	}
	for _, g := range groups {
		if g.ID == res.str(t, "group_id") && g.Name != "Analysts Team" {
			t.Errorf("group renamed by the script reads %q", g.Name)
		}
	}
}
