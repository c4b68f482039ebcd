package projects_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/clitest"
)

type ids struct{ finance, quarterly, archive, archived string }

func setup(t *testing.T) (*clitest.Env, ids) {
	t.Helper()
	e := clitest.New(t)
	must := func(p *tsc.Project, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	var id ids
	id.finance = must(e.Server.SeedProject("", "Finance", "", ""))
	id.quarterly = must(e.Server.SeedProject("", "Quarterly", id.finance, ""))
	id.archive = must(e.Server.SeedProject("", "Archive", "", ""))
	id.archived = must(e.Server.SeedProject("", "Quarterly", id.archive, ""))
	e.Login("")
	return e, id
}

func TestList(t *testing.T) {
	e, id := setup(t)
	e.Golden("list", e.MustRun("projects", "list", "--sort", "name", "--sort", "topLevelProject:desc", "--filter", "name:in:[Archive,Default,Finance]"))
	// The two nested "Quarterly" projects tie on every sortable field but
	// their random ids, so their order is checked apart from the golden file.
	all := e.MustRun("projects", "list", "--sort", "name", "--fields", "name,parentProjectId", "-o", "csv")
	for _, row := range []string{"Quarterly," + id.finance, "Quarterly," + id.archive} {
		if !strings.Contains(all, row+"\n") {
			t.Errorf("list lacks %q:\n%s", row, all)
		}
	}
	if n := strings.Count(all, "\n"); n != 6 {
		t.Errorf("list has %d lines, want a header and 5 projects:\n%s", n, all)
	}
	// A parent outside the listed projects (filtered out here) is still
	// named, and so is one listed on an earlier page.
	for _, args := range [][]string{
		{"--filter", "name:eq:Quarterly"},
		{"--sort", "topLevelProject:desc", "--page-size", "1", "--all"},
	} {
		out := e.MustRun(append([]string{"projects", "list", "--fields", "name,parentProjectName", "-o", "csv"}, args...)...)
		for _, row := range []string{"Quarterly,Finance\n", "Quarterly,Archive\n"} {
			if !strings.Contains(out, row) {
				t.Errorf("list %v lacks %q:\n%s", args, row, out)
			}
		}
	}
	if out := e.MustRun("projects", "list", "--filter", "name:eq:Quarterly"); !strings.Contains(out, "PARENT") || !strings.Contains(out, "Finance") {
		t.Errorf("the table does not name the parent:\n%s", out)
	}
	e.Golden("list_top_json", e.MustRun("projects", "list", "--filter", "topLevelProject:eq:true", "--sort", "name", "-o", "json"))
	if out := e.MustRun("projects", "list", "--filter", "name:in:[Finance,Archive]", "--sort", "name", "--fields", "name", "-o", "csv"); out != "name\nArchive\nFinance\n" {
		t.Errorf("name:in filter: %q", out)
	}
}

func TestGetByNamePathAndID(t *testing.T) {
	e, id := setup(t)
	e.Golden("get", e.MustRun("projects", "get", "Finance"))
	for ref, want := range map[string]string{
		"Finance/Quarterly": id.quarterly, "Archive/Quarterly": id.archived, "/Archive/Quarterly/": id.archived,
		id.finance: id.finance, "Archive": id.archive,
	} {
		out := e.MustRun("projects", "get", ref, "--fields", "id", "-o", "csv")
		if out != "id\n"+want+"\n" {
			t.Errorf("get %s: %q, want %s", ref, out, want)
		}
	}
	r := e.Run("projects", "get", "Quarterly")
	if r.Code != 1 || !strings.Contains(r.Stderr, `project name "Quarterly" is ambiguous`) {
		t.Errorf("ambiguous: %d %q", r.Code, r.Stderr)
	}
	r = e.Run("projects", "get", "Nope")
	if r.Code != 4 || r.Stderr != "error: project \"Nope\" not found\n" {
		t.Errorf("unknown: %d %q", r.Code, r.Stderr)
	}
	e.Golden("get_unknown", r.Stderr)
	r = e.Run("projects", "get", "Finance/Nope")
	if r.Code != 4 || r.Stderr != "error: project \"Finance/Nope\" not found\n" {
		t.Errorf("unknown path: %d %q", r.Code, r.Stderr)
	}
	r = e.Run("projects", "get", "00000000-0000-4000-8000-000000000000")
	if r.Code != 4 || r.Stderr != "error: project with id 00000000-0000-4000-8000-000000000000 not found\n" {
		t.Errorf("unknown id: %d %q", r.Code, r.Stderr)
	}
}

func TestCreateUpdateDelete(t *testing.T) {
	e, id := setup(t)
	out := e.MustRun("projects", "create", "Monthly", "--parent", "Finance", "--description", "Month-end close", "--content-permissions", "lockedtoproject", "-o", "json")
	e.Golden("create_json", out)
	var p struct{ ID, ParentProjectID, ContentPermissions, Description string }
	json.Unmarshal([]byte(out), &p)
	if p.ParentProjectID != id.finance || p.ContentPermissions != "LockedToProject" || p.Description != "Month-end close" {
		t.Errorf("created %s", out)
	}
	r := e.Run("projects", "create", "Monthly", "--parent", "Finance")
	if r.Code != 5 || !strings.Contains(r.Stderr, "409") {
		t.Errorf("duplicate: %d %q", r.Code, r.Stderr)
	}
	r = e.Run("projects", "create", "Weekly", "--parent", "Nowhere")
	if r.Code != 4 || r.Stderr != "error: project \"Nowhere\" not found\n" {
		t.Errorf("unknown parent: %d %q", r.Code, r.Stderr)
	}

	alice, err := e.Server.SeedUser("", "alice", tsc.SiteRoleCreator)
	if err != nil {
		t.Fatal(err)
	}
	e.Golden("update", e.MustRun("projects", "update", "Finance/Monthly", "--name", "Month End", "--parent", "Archive", "--owner", "alice"))
	got := e.MustRun("projects", "get", "Archive/Month End", "-o", "json", "--fields", "id,parentProjectId,ownerId")
	if !strings.Contains(got, p.ID) || !strings.Contains(got, id.archive) || !strings.Contains(got, alice.ID) {
		t.Errorf("after update: %s", got)
	}
	if out := e.MustRun("projects", "delete", "Archive/Month End", "--yes"); out != "Deleted project Month End ("+p.ID+")\n" {
		t.Errorf("delete: %q", out)
	}
	if r := e.Run("projects", "get", p.ID); r.Code != 4 {
		t.Errorf("get after delete: %d", r.Code)
	}
}

func TestFailures(t *testing.T) {
	e, _ := setup(t)
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"bad_permissions", []string{"projects", "create", "X", "--content-permissions", "Open"}, 2, "ManagedByOwner"},
		{"nothing_to_update", []string{"projects", "update", "Finance"}, 2, "nothing to update"},
		{"no_name", []string{"projects", "create"}, 2, "name"},
		{"unknown_owner", []string{"projects", "update", "Finance", "--owner", "zed"}, 4, `user "zed" not found`},
		{"bad_filter", []string{"projects", "list", "--filter", "name:eq"}, 2, "field:op:value"},
		{"filter_value_comma", []string{"projects", "list", "--filter", "name:eq:a,b"}, 2, "cannot be expressed"},
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
	e, _ := setup(t)
	u, _ := e.Server.SeedUser("", "viewer", tsc.SiteRoleViewer)
	e.Server.SetPassword(u.ID, "pw-viewer-1")
	e.MustRun("login", "-s", e.Server.URL, "-u", "viewer", "-p", "pw-viewer-1")
	r := e.Run("projects", "create", "Mine")
	if r.Code != 7 || !strings.Contains(r.Stderr, "403") || strings.Count(r.Stderr, "\n") != 1 {
		t.Errorf("a viewer creating a project: %d %q", r.Code, r.Stderr)
	}
	e.Golden("create_forbidden", r.Stderr)
}
