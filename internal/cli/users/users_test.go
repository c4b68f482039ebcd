package users_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/clitest"
)

type fixture struct {
	alice, bob *tsc.User
}

func setup(t *testing.T) (*clitest.Env, fixture) {
	t.Helper()
	e := clitest.New(t)
	var fx fixture
	var err error
	if fx.alice, err = e.Server.SeedUser("", "alice", tsc.SiteRoleCreator); err != nil {
		t.Fatal(err)
	}
	if fx.bob, err = e.Server.SeedUser("", "bob", tsc.SiteRoleViewer); err != nil {
		t.Fatal(err)
	}
	if err := e.Server.SeedUsers("", tsc.SiteRoleViewer, "carol", "zoe"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Server.SeedUser("", "dave", tsc.SiteRoleExplorer); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Server.SeedGroup("", "Analysts", fx.alice.ID, fx.bob.ID); err != nil {
		t.Fatal(err)
	}
	p, err := e.Server.SeedProject("", "Finance", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Server.SeedWorkbook("", p.ID, fx.bob.ID, "Budget", "finance"); err != nil {
		t.Fatal(err)
	}
	e.Login("")
	return e, fx
}

func TestListFilterSort(t *testing.T) {
	e, _ := setup(t)
	out := e.MustRun("users", "list", "--filter", "siteRole:eq:Viewer", "--sort", "name")
	e.Golden("list_viewers", out)
	if !strings.Contains(out, "bob") || !strings.Contains(out, "zoe") || strings.Contains(out, "alice") || strings.Index(out, "bob") > strings.Index(out, "carol") {
		t.Errorf("viewers by name:\n%s", out)
	}
	e.Golden("list_viewers_json", e.MustRun("users", "list", "--filter", "siteRole:eq:Viewer", "--sort", "name:desc", "-o", "json"))
	e.Golden("list_csv", e.MustRun("users", "list", "--filter", "siteRole:in:[Creator,Explorer]", "--sort", "name", "-o", "csv", "--fields", "name,siteRole"))
}

func TestGet(t *testing.T) {
	e, fx := setup(t)
	byName := e.MustRun("users", "get", "alice", "-o", "json")
	e.Golden("get_json", byName)
	if byID := e.MustRun("users", "get", fx.alice.ID, "-o", "json"); byID != byName {
		t.Errorf("by id:\n%s\nby name:\n%s", byID, byName)
	}
	r := e.Run("users", "get", "nobody")
	if r.Code != 4 || r.Stderr != "error: user \"nobody\" not found\n" {
		t.Errorf("unknown: %d %q", r.Code, r.Stderr)
	}
	r = e.Run("users", "get", "00000000-0000-4000-8000-000000000000")
	if r.Code != 4 || !strings.Contains(r.Stderr, "404") || strings.Count(r.Stderr, "\n") != 1 {
		t.Errorf("unknown id: %d %q", r.Code, r.Stderr)
	}
	e.Golden("get_unknown_id", r.Stderr)
}

func TestAddUpdateRemove(t *testing.T) {
	e, fx := setup(t)
	e.Stdin = "s3cret-Pass\n"
	out := e.MustRun("users", "add", "erin", "--role", "explorer", "--full-name", "Erin Example", "--email", "erin@example.com", "--user-password-stdin", "-o", "json")
	e.Golden("add_json", out)
	var u struct{ ID, SiteRole, FullName, Email string }
	json.Unmarshal([]byte(out), &u)
	if u.SiteRole != "Explorer" || u.FullName != "Erin Example" || u.Email != "erin@example.com" {
		t.Errorf("added %s", out)
	}
	if strings.Contains(out, "s3cret") {
		t.Error("the password was printed")
	}

	e.Golden("update", e.MustRun("users", "update", "erin", "--role", "Creator", "--email", "erin@new.example.com"))

	// bob owns a workbook: he cannot go without an heir.
	r := e.Run("users", "remove", "bob", "--yes")
	if r.Code != 5 || !strings.Contains(r.Stderr, "409") {
		t.Errorf("removing an owner: %d %q", r.Code, r.Stderr)
	}
	if out := e.MustRun("users", "remove", "bob", "--map-assets-to", "alice", "--yes"); !strings.HasPrefix(out, "Removed user bob") {
		t.Errorf("remove: %q", out)
	}
	if out := e.MustRun("users", "workbooks", "alice", "--owned", "--fields", "name,ownerId", "-o", "csv"); out != "name,ownerId\nBudget,"+fx.alice.ID+"\n" {
		t.Errorf("alice's workbooks after the transfer: %q", out)
	}
	if out := e.MustRun("users", "delete", "erin", "-q", "--yes"); out != "" {
		t.Errorf("quiet remove printed %q", out)
	}
	if r := e.Run("users", "get", "erin"); r.Code != 4 {
		t.Errorf("erin still there: %d", r.Code)
	}

	// The password given on stdin signs in.
	e.Stdin = "pw-frank-1\n"
	e.MustRun("users", "add", "frank", "--role", "Viewer", "--user-password-stdin")
	e.MustRun("login", "-s", e.Server.URL, "-u", "frank", "-p", "pw-frank-1")
}

func TestGroupsAndWorkbooks(t *testing.T) {
	e, _ := setup(t)
	e.Golden("groups", e.MustRun("users", "groups", "alice", "--sort", "name"))
	e.Golden("workbooks_json", e.MustRun("users", "workbooks", "bob", "--owned", "-o", "json"))
}

func TestFailures(t *testing.T) {
	e, _ := setup(t)
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no_role", []string{"users", "add", "x"}, 2, "--role"},
		{"bad_role", []string{"users", "add", "x", "--role", "Boss"}, 2, `--role "Boss" is not one of`},
		{"nothing_to_update", []string{"users", "update", "alice"}, 2, "nothing to update"},
		{"empty_password", []string{"users", "add", "x", "--role", "Viewer", "--user-password-stdin"}, 2, "no password"},
		{"two_readers_of_stdin", []string{"users", "add", "x", "--role", "Viewer", "--user-password-stdin", "--password-file", "-"}, 2, "cannot both read standard input"},
		{"unknown_heir", []string{"users", "remove", "bob", "--map-assets-to", "ghost"}, 4, `user "ghost" not found`},
		{"bad_filter", []string{"users", "list", "--filter", "siteRole=Viewer"}, 2, "field:op:value"},
		{"unknown_filter_field", []string{"users", "list", "--filter", "colour:eq:red"}, 1, "400"},
		{"duplicate", []string{"users", "add", "alice", "--role", "Viewer"}, 5, "409"},
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
	e, fx := setup(t)
	e.Server.SetPassword(fx.bob.ID, "pw-bob-1")
	e.MustRun("login", "-s", e.Server.URL, "-u", "bob", "-p", "pw-bob-1")
	r := e.Run("users", "add", "mallory", "--role", "Creator")
	if r.Code != 7 || !strings.Contains(r.Stderr, "403") || strings.Count(r.Stderr, "\n") != 1 {
		t.Errorf("a viewer adding a user: %d %q", r.Code, r.Stderr)
	}
	e.Golden("add_forbidden", r.Stderr)
}
