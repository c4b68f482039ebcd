package tsctest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// TestCloudControlPlane: as Tableau Cloud, the control endpoints seed and
// reset the Cloud site: "" names it in a seed request (there is no Default
// site), and a reset keeps it and the administrator's token.
func TestCloudControlPlane(t *testing.T) {
	srv := tsctest.NewServer(t, tsctest.WithCloudSite("acme"))
	post := func(path, body string) int {
		t.Helper()
		req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+srv.ControlToken)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post("/_emulator/seed", `{"users": [{"name": "ann@example.com", "siteRole": "Creator"}], "projects": [{"name": "Finance"}]}`); code != http.StatusOK {
		t.Fatalf("seed: %d", code)
	}
	c := srv.MustClient(t)
	if c.Session().SiteContentURL != "acme" {
		t.Fatalf("signed in to %q", c.Session().SiteContentURL)
	}
	users, _, err := c.Users.List(ctx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "ann@example.com")}})
	if err != nil || len(users) != 1 || users[0].SiteRole != tsc.SiteRoleCreator {
		t.Fatalf("seeded user on the Cloud site: %v %v", users, err)
	}
	if code := post("/_emulator/seed", `{"users": [{"name": "root", "siteRole": "ServerAdministrator"}]}`); code != http.StatusBadRequest {
		t.Errorf("seeding a ServerAdministrator on Cloud: %d, want 400", code)
	}
	if code := post("/_emulator/reset", ""); code != http.StatusNoContent {
		t.Fatalf("reset: %d", code)
	}
	c = srv.MustClient(t)
	ps, _, err := c.Projects.List(ctx, tsc.ListOptions{})
	if err != nil || len(ps) != 1 || ps[0].Name != "Default" || c.Session().SiteContentURL != "acme" {
		t.Fatalf("after reset: %v %v on %q", ps, err, c.Session().SiteContentURL)
	}
}
