package tabcmd_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/clitest"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/iostreams"
	"github.com/tsc-go/tsc/internal/cli/tabcmd"
)

// run runs a command that must end with the given exit code and returns
// its stdout and stderr together, stdout first, for a golden file.
func run(t *testing.T, e *clitest.Env, code int, args ...string) string {
	t.Helper()
	r := e.Run(args...)
	if r.Code != code {
		t.Fatalf("tabctl %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.Code, code, r.Stdout, r.Stderr)
	}
	out := r.Stdout
	stderr := r.Stderr
	if code == 2 {
		// A usage error points to the command's help after its message;
		// that line is the root's business, not this test's.
		stderr, _, _ = strings.Cut(stderr, "\nRun 'tabctl ")
		if !strings.Contains(r.Stderr, " --help' for usage.") {
			t.Errorf("tabctl %s: a usage error without the pointer to --help", strings.Join(args, " "))
		}
	}
	if stderr != "" {
		out += "--- stderr\n" + strings.TrimRight(stderr, "\n") + "\n"
	}
	return out
}

func testdata(name string) string { return filepath.Join("testdata", name) }

func TestSites(t *testing.T) {
	t.Parallel()
	e := clitest.New(t)
	e.Login("")
	out := run(t, e, 0, "createsite", "West Coast Sales")
	out += run(t, e, 0, "createsite", "Research", "-r", "research", "--user-quota", "50", "--storage-quota", "1024", "--no-site-mode")
	out += run(t, e, 0, "createsite", "Research", "-r", "research", "--continue-if-exists")
	out += run(t, e, 1, "createsite", "Research", "-r", "research")
	out += run(t, e, 0, "listsites")
	out += run(t, e, 0, "listsites", "--get-extract-encryption-mode", "-o", "csv", "--fields", "name,contentUrl,adminMode")
	out += run(t, e, 0, "editsite", "research", "--site-name", "Research Lab", "--user-quota", "75", "--status", "suspended")
	out += run(t, e, 0, "editsite", "Research Lab", "--status", "ACTIVE", "--admin-mode", "contentandusers")
	out += run(t, e, 1, "editsite", "nosuchsite", "--user-quota", "1")
	out += run(t, e, 0, "listsites", "-o", "json", "--fields", "name,contentUrl,state,adminMode")
	e.Golden("sites", out)

	c := e.Server.MustClient(t)
	s, err := c.Sites.GetByContentURL(context.Background(), "research")
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "Research Lab" || s.UserQuota == nil || *s.UserQuota != 75 || s.AdminMode != "ContentAndUsers" || s.State != "Active" {
		t.Errorf("after editsite: %+v", s)
	}
	// Editing another site switched there and back: the session still works on Default.
	if out := e.MustRun("projects", "list", "-o", "csv", "--fields", "name"); out != "name\nDefault\n" {
		t.Errorf("after editsite the session lists %q", out)
	}
}

func TestDeleteSite(t *testing.T) {
	t.Parallel()
	e := clitest.New(t)
	e.Login("")
	e.MustRun("createsite", "Scratch", "-r", "scratch")
	e.MustRun("createsite", "Gone", "-r", "gone")
	// Another site is deleted from a session of its own, signed in with the
	// credentials at hand: the saved session stays on the Default site.
	e.Vars["TABLEAU_USERNAME"], e.Vars["TABLEAU_PASSWORD"] = e.Server.AdminUsername, e.Server.AdminPassword
	out := run(t, e, 0, "deletesite", "scratch")
	delete(e.Vars, "TABLEAU_USERNAME")
	delete(e.Vars, "TABLEAU_PASSWORD")
	out += run(t, e, 0, "listsites", "-o", "csv", "--fields", "contentUrl")
	// Without credentials, tabctl says how to get a session there rather
	// than switching this one away (which would end it).
	out += run(t, e, 1, "deletesite", "Gone")
	out += run(t, e, 0, "listsites", "-o", "csv", "--fields", "contentUrl")
	// Deleting the site of the session ends the session, and says so.
	e.Login("gone")
	out += run(t, e, 0, "deletesite", "Gone")
	out += run(t, e, 2, "listsites")
	e.Login("")
	out += run(t, e, 1, "deletesite", "Default")
	out += run(t, e, 1, "deletesite", "gone")
	e.Golden("deletesite", out)
}

func TestProjects(t *testing.T) {
	t.Parallel()
	e := clitest.New(t)
	e.Login("")
	out := run(t, e, 0, "createproject", "-n", "Finance", "-d", "Quarterly reporting")
	out += run(t, e, 0, "createproject", "-n", "Europe", "--parent-project-path", "Finance")
	out += run(t, e, 0, "createproject", "Paris", "--parent-project-path", "Finance/Europe")
	out += run(t, e, 0, "createproject", "-n", "Europe")
	out += run(t, e, 0, "createproject", "-n", "Europe", "--continue-if-exists")
	out += run(t, e, 1, "createproject", "-n", "Europe")
	out += run(t, e, 1, "createproject", "-n", "Lisbon", "--parent-project-path", "Finance/Iberia")
	out += run(t, e, 2, "createproject")
	out += run(t, e, 2, "createproject", "-n", "A", "B")
	out += run(t, e, 0, "projects", "list", "-o", "csv", "--fields", "name,description")
	out += run(t, e, 0, "deleteproject", "Europe")
	out += run(t, e, 0, "deleteproject", "Paris", "--parent-project-path", "Finance/Europe")
	out += run(t, e, 1, "deleteproject", "Nowhere")
	out += run(t, e, 0, "projects", "list", "-o", "csv", "--fields", "name")
	e.Golden("projects", out)
}

func TestUsersAndGroups(t *testing.T) {
	t.Parallel()
	e := clitest.New(t)
	e.Login("")
	out := run(t, e, 0, "createsiteusers", testdata("users.csv"))
	out += run(t, e, 0, "createsiteusers", testdata("users.csv"), "--role", "viewer")
	out += run(t, e, 0, "creategroup", "Developers")
	out += run(t, e, 0, "creategroup", "Developers", "--continue-if-exists")
	out += run(t, e, 0, "addusers", "Developers", "--users", testdata("developers.csv"))
	out += run(t, e, 0, "addusers", "Developers", "--users", testdata("developers.csv"))
	out += run(t, e, 1, "addusers", "Developers", "--users", testdata("developers_unknown.csv"))
	out += run(t, e, 0, "addusers", "Developers", "--users", testdata("developers_unknown.csv"), "--no-complete")
	out += run(t, e, 0, "removeusers", "Developers", "--users", testdata("developers.csv"))
	out += run(t, e, 1, "addusers", "Nobody", "--users", testdata("developers.csv"))
	out += run(t, e, 2, "addusers", "Developers")
	out += run(t, e, 0, "deletesiteusers", testdata("leavers.csv"))
	out += run(t, e, 0, "deletegroup", "Developers")
	out += run(t, e, 1, "deletegroup", "Developers")
	e.Golden("users_groups", out)

	ctx := context.Background()
	c := e.Server.MustClient(t)
	got := map[string]tsc.User{}
	for u, err := range c.Users.All(ctx, tsc.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		got[u.Name] = u
	}
	for name, role := range map[string]tsc.SiteRole{
		"alice": tsc.SiteRoleCreator, "bob": tsc.SiteRoleExplorerCanPublish, "carol": tsc.SiteRoleExplorer,
		"frank": tsc.SiteRoleSiteAdministratorExplorer, "grace": tsc.SiteRoleUnlicensed, "henry": tsc.SiteRoleUnlicensed,
	} {
		if got[name].SiteRole != role {
			t.Errorf("%s is %q, want %q", name, got[name].SiteRole, role)
		}
	}
	if a := got["alice"]; a.FullName != "Alice Adams" || a.Email != "alice@example.com" {
		t.Errorf("alice's details: %+v", a)
	}
	if _, ok := got["dave"]; ok {
		t.Error("dave was not removed by deletesiteusers")
	}
	// alice's password from the file signs in.
	ac, err := e.Server.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	if err := ac.SignIn(ctx, tsc.Password("alice", "Secret-1", "")); err != nil {
		t.Errorf("alice cannot sign in with the password from the file: %v", err)
	}
}

// TestBadUserFiles: invalid lines are reported with their line numbers and,
// by default, nothing changes; --no-complete skips them.
func TestBadUserFiles(t *testing.T) {
	t.Parallel()
	e := clitest.New(t)
	e.Login("")
	out := run(t, e, 1, "createsiteusers", testdata("users_bad.csv"))
	c := e.Server.MustClient(t)
	if users, _, _ := c.Users.List(context.Background(), tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "ivan")}}); len(users) != 0 {
		t.Error("--complete (the default) added ivan although the file has bad lines")
	}
	out += run(t, e, 0, "createsiteusers", testdata("users_bad.csv"), "--no-complete")
	out += run(t, e, 1, "createsiteusers", testdata("bad_quote.csv"))
	out += run(t, e, 1, "createsiteusers", testdata("missing.csv"))
	out += run(t, e, 1, "deletesiteusers", testdata("missing.csv"))
	out += run(t, e, 2, "createsiteusers", testdata("users.csv"), "--role", "Boss")
	out += run(t, e, 2, "createsiteusers", testdata("users.csv"), "--complete", "--no-complete")
	e.Golden("bad_user_files", out)
}

// TestReferenceUserFiles reads the CSV files of the shared reference set
// (Tableau's own test files): user_details.csv has a license level of
// "yes", which is refused with its line number; in usernames.csv two names
// break tabcmd's rules (two @, a space).
func TestReferenceUserFiles(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("..", "..", "..", "..", "shared", "reference", "files")
	if _, err := os.Stat(filepath.Join(dir, "usernames.csv")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the reference files are missing in CI: %v", err)
		}
		t.Skipf("the reference files are not here (%v); CI requires them", err)
	}
	e := clitest.New(t)
	e.Login("")
	r := e.Run("createsiteusers", filepath.Join(dir, "user_details.csv"))
	if r.Code != 1 || !strings.Contains(r.Stderr, "user_details.csv:1: license level \"yes\"") {
		t.Errorf("user_details.csv: exit %d\n%s", r.Code, r.Stderr)
	}
	r = e.Run("deletesiteusers", filepath.Join(dir, "usernames.csv"))
	if r.Code != 1 || !strings.Contains(r.Stderr, "usernames.csv:6: user name \"in@v@lid\" has more than one @") ||
		!strings.Contains(r.Stderr, "usernames.csv:7: user name \"in valid\" contains a space") ||
		!strings.Contains(r.Stderr, "nothing was changed") {
		t.Errorf("usernames.csv: exit %d\n%s", r.Code, r.Stderr)
	}
}

func TestNotSignedInAndWrongPassword(t *testing.T) {
	t.Parallel()
	e := clitest.New(t)
	out := run(t, e, 2, "listsites")
	out += run(t, e, 1, "listsites", "-s", e.Server.URL, "-u", e.Server.AdminUsername, "-p", "wrong-password")
	if strings.Contains(out, "wrong-password") {
		t.Error("the output shows the password")
	}
	e.Golden("not_signed_in", out)
}

// TestEveryCommandHasAnExample: the reference (docs/cli.md) shows each
// command with an example; tabcmd's commands all have one that runs the
// command itself.
func TestEveryCommandHasAnExample(t *testing.T) {
	t.Parallel()
	io, _, _, _ := iostreams.Test()
	f := &cmdutil.Factory{IO: io, Globals: &cmdutil.GlobalOptions{}}
	for _, newCmd := range tabcmd.Commands() {
		cmd := newCmd(f)
		if !strings.Contains(cmd.Example, "tabctl "+cmd.Name()+" ") {
			t.Errorf("%s: the example does not run it: %q", cmd.Name(), cmd.Example)
		}
		if cmd.Short == "" || !strings.Contains(cmd.Short, "(tabcmd "+cmd.Name()+")") {
			t.Errorf("%s: the short description does not name the tabcmd command: %q", cmd.Name(), cmd.Short)
		}
	}
}
