package groups_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/clitest"
	"github.com/tsc-go/tsc/tsctest"
)

func setup(t *testing.T, opts ...tsctest.Option) *clitest.Env {
	t.Helper()
	e := clitest.New(t, opts...)
	alice, err := e.Server.SeedUser("", "alice", tsc.SiteRoleCreator)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Server.SeedUsers("", tsc.SiteRoleViewer, "bob", "carol"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Server.SeedGroup("", "Analysts", alice.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Server.SeedGroup("", "Sales"); err != nil {
		t.Fatal(err)
	}
	e.Login("")
	return e
}

func TestListAndGet(t *testing.T) {
	e := setup(t)
	e.Golden("list", e.MustRun("groups", "list", "--sort", "name"))
	e.Golden("list_json", e.MustRun("groups", "list", "--filter", "name:eq:Analysts", "-o", "json"))
	// The user counts come with each page (fields=), not by a request per
	// group: three groups one a page cost three requests and no member list.
	groups, members := e.Server.Handled("GET", "sites/{site}/groups"), e.Server.Handled("GET", "sites/{site}/groups/{id}/users")
	out := e.MustRun("groups", "list", "--sort", "name", "--page-size", "1", "--all", "--fields", "name,userCount", "-o", "csv")
	if out != "name,userCount\nAll Users,4\nAnalysts,1\nSales,0\n" {
		t.Errorf("user counts: %q", out)
	}
	if n, m := e.Server.Handled("GET", "sites/{site}/groups")-groups, e.Server.Handled("GET", "sites/{site}/groups/{id}/users")-members; n != 3 || m != 0 {
		t.Errorf("listing 3 groups one a page took %d group list and %d member list requests, want 3 and 0", n, m)
	}
	byName := e.MustRun("groups", "get", "Analysts", "-o", "json")
	var g struct{ ID string }
	json.Unmarshal([]byte(byName), &g)
	if byID := e.MustRun("groups", "get", g.ID, "-o", "json"); byID != byName {
		t.Errorf("by id %s\nby name %s", byID, byName)
	}
	r := e.Run("groups", "get", "Nobody")
	if r.Code != 4 || r.Stderr != "error: group \"Nobody\" not found\n" {
		t.Errorf("unknown: %d %q", r.Code, r.Stderr)
	}
	e.Golden("get_unknown", r.Stderr)
}

func TestCreateUpdateDelete(t *testing.T) {
	e := setup(t)
	e.Golden("create", e.MustRun("groups", "create", "Finance", "--minimum-site-role", "explorer"))
	e.Golden("update_json", e.MustRun("groups", "update", "Finance", "--name", "Finance Team", "-o", "json"))
	if r := e.Run("groups", "create", "Sales"); r.Code != 5 || !strings.Contains(r.Stderr, "409") {
		t.Errorf("duplicate: %d %q", r.Code, r.Stderr)
	}
	if out := e.MustRun("groups", "delete", "Finance Team", "--yes"); !strings.HasPrefix(out, "Deleted group Finance Team (") {
		t.Errorf("delete: %q", out)
	}
	r := e.Run("groups", "delete", "All Users", "--yes")
	if r.Code != 7 || strings.Count(r.Stderr, "\n") != 1 {
		t.Errorf("deleting All Users: %d %q", r.Code, r.Stderr)
	}
	e.Golden("delete_all_users", r.Stderr)
}

func TestMembers(t *testing.T) {
	for _, version := range []string{"3.29", "3.20"} {
		t.Run(version, func(t *testing.T) {
			e := setup(t, tsctest.WithAPIVersion(version))
			e.Golden("add_users", e.MustRun("groups", "add-users", "Analysts", "bob", "carol", "--fields", "name,siteRole"))
			if out := e.MustRun("groups", "users", "Analysts", "--sort", "name", "--fields", "name", "-o", "csv"); out != "name\nalice\nbob\ncarol\n" {
				t.Errorf("members: %q", out)
			}
			if out := e.MustRun("groups", "remove-users", "Analysts", "alice", "carol"); out != "Removed 2 user(s) from group Analysts\n" {
				t.Errorf("remove-users: %q", out)
			}
			if out := e.MustRun("groups", "users", "Analysts", "-o", "json", "--fields", "name"); out != "[\n  {\n    \"name\": \"bob\"\n  }\n]\n" {
				t.Errorf("members after removal: %q", out)
			}
			// An unknown user stops everything before any change.
			r := e.Run("groups", "add-users", "Analysts", "alice", "ghost")
			if r.Code != 4 || r.Stderr != "error: user \"ghost\" not found\n" {
				t.Errorf("unknown user: %d %q", r.Code, r.Stderr)
			}
			if out := e.MustRun("groups", "users", "Analysts", "--fields", "name", "-o", "csv"); out != "name\nbob\n" {
				t.Errorf("a failed add changed the group: %q", out)
			}
		})
	}
}

func TestFailures(t *testing.T) {
	e := setup(t)
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no_users", []string{"groups", "add-users", "Analysts"}, 2, "at least one user"},
		{"bad_role", []string{"groups", "create", "X", "--minimum-site-role", "God"}, 2, "--minimum-site-role"},
		{"nothing_to_update", []string{"groups", "update", "Analysts"}, 2, "nothing to update"},
		{"unknown_group", []string{"groups", "users", "Ghosts"}, 4, `group "Ghosts" not found`},
		{"bad_sort", []string{"groups", "list", "--sort", "name:sideways"}, 2, "asc or desc"},
		{"bad_page_size", []string{"groups", "list", "--page-size", "5000"}, 2, "--page-size"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.Run(tc.args...)
			if r.Code != tc.code || !strings.Contains(r.Stderr, tc.msg) {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", r.Code, tc.code, r.Stderr, tc.msg)
			}
		})
	}
}

func TestPermissionRefused(t *testing.T) {
	e := setup(t)
	u, _ := e.Server.SeedUser("", "viewer", tsc.SiteRoleViewer)
	e.Server.SetPassword(u.ID, "pw-viewer-1")
	e.MustRun("login", "-s", e.Server.URL, "-u", "viewer", "-p", "pw-viewer-1")
	r := e.Run("groups", "create", "Mine")
	if r.Code != 7 || !strings.Contains(r.Stderr, "403") {
		t.Errorf("a viewer creating a group: %d %q", r.Code, r.Stderr)
	}
	e.Golden("create_forbidden", r.Stderr)
}
