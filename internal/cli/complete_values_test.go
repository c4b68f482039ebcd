package cli_test

import (
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/clitest"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// completions runs the hidden __complete command as the shell scripts do
// and returns the candidates (without descriptions) and the directive line.
func completions(t *testing.T, e *clitest.Env, args ...string) ([]string, string) {
	t.Helper()
	r := e.Run(append([]string{"__complete"}, args...)...)
	if r.Code != 0 {
		t.Fatalf("__complete %v: exit %d, stderr %q", args, r.Code, r.Stderr)
	}
	lines := strings.Split(strings.TrimSuffix(r.Stdout, "\n"), "\n")
	var out []string
	for _, l := range lines[:len(lines)-1] {
		name, _, _ := strings.Cut(l, "\t")
		out = append(out, name)
	}
	return out, lines[len(lines)-1]
}

func sameSet(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	m := map[string]bool{}
	for _, g := range got {
		m[g] = true
	}
	for _, w := range want {
		if !m[w] {
			return false
		}
	}
	return true
}

// TestCompletionOfFlagValues: enumerated flags complete to their values,
// on the prefix typed, with no file names.
func TestCompletionOfFlagValues(t *testing.T) {
	e := clitest.New(t)
	roles := make([]string, len(tsc.SiteRoles))
	for i, r := range tsc.SiteRoles {
		roles[i] = string(r)
	}
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"workbooks", "list", "-o", ""}, []string{"table", "json", "csv"}},
		{[]string{"users", "list", "--output", "j"}, []string{"json"}},
		{[]string{"users", "add", "bob", "--role", ""}, roles},
		{[]string{"users", "update", "bob", "--role", "site"}, []string{"SiteAdministratorCreator", "SiteAdministratorExplorer"}},
		{[]string{"groups", "create", "G", "--minimum-site-role", "ex"}, []string{"Explorer", "ExplorerCanPublish"}},
		{[]string{"createsiteusers", "users.csv", "--role", "Viewer"}, []string{"Viewer"}},
		{[]string{"sites", "create", "S", "--admin-mode", ""}, []string{"ContentAndUsers", "ContentOnly"}},
		{[]string{"sites", "update", "--state", ""}, []string{"Active", "Suspended"}},
	} {
		got, directive := completions(t, e, tc.args...)
		if !sameSet(got, tc.want) || directive != ":4" {
			t.Errorf("__complete %v: %q %s, want %q :4", tc.args, got, directive, tc.want)
		}
	}
}

// TestCompletionOfLiveNames: with a saved session, names of workbooks,
// views, projects, users and groups come from the server, for arguments
// and flags alike.
func TestCompletionOfLiveNames(t *testing.T) {
	e := clitest.New(t)
	fin, err := e.Server.SeedProject("", "Finance", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Server.SeedProject("", "Europe", fin.ID, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Server.SeedWorkbook("", fin.ID, "", "Salaries"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Server.SeedWorkbook("", fin.ID, "", "Ops"); err != nil {
		t.Fatal(err)
	}
	bob, err := e.Server.SeedUser("", "bob", tsc.SiteRoleExplorer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Server.SeedUser("", "bella", tsc.SiteRoleViewer); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Server.SeedGroup("", "Sales Team", bob.ID); err != nil {
		t.Fatal(err)
	}

	// Not signed in: nothing, and no error.
	if got, d := completions(t, e, "workbooks", "get", ""); len(got) != 0 || d != ":4" {
		t.Errorf("not signed in: %q %s", got, d)
	}
	e.Login("")
	e.MustRun("workbooks", "publish", filepath.Join("..", "..", "testdata", "workbooks", "Sales.twbx"), "--project", "Finance", "--name", "Sales")
	views := e.MustRun("views", "list", "--fields", "id", "-o", "csv")
	viewIDs := strings.Fields(strings.TrimPrefix(views, "id\n"))
	if len(viewIDs) == 0 {
		t.Fatal("the seeded workbooks have no views")
	}
	admin := e.Server.AdminUsername
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"workbooks", "get", "Sa"}, []string{"Salaries", "Sales"}},
		{[]string{"workbooks", "delete", ""}, []string{"Ops", "Salaries", "Sales"}},
		{[]string{"workbooks", "tags", "add", "o"}, []string{"Ops"}},
		{[]string{"views", "get", ""}, viewIDs},
		{[]string{"projects", "get", "F"}, []string{"Finance", "Finance/Europe"}},
		{[]string{"projects", "delete", "Finance/"}, []string{"Finance/Europe"}},
		{[]string{"users", "remove", "b"}, []string{"bella", "bob"}},
		{[]string{"users", "get", admin[:2]}, []string{admin}},
		{[]string{"groups", "get", "Sal"}, []string{"Sales Team"}},
		{[]string{"workbooks", "publish", "x.twbx", "--project", "Finance/"}, []string{"Finance/Europe"}},
		{[]string{"publish", "x.twbx", "--project", "Eu"}, []string{"Europe"}},
		{[]string{"users", "remove", "bob", "--map-assets-to", "bel"}, []string{"bella"}},
		// Only the first argument is an existing thing; new things are not completed.
		{[]string{"workbooks", "get", "Sales", ""}, nil},
		{[]string{"projects", "create", ""}, nil},
		{[]string{"users", "add", "b"}, nil},
	} {
		got, directive := completions(t, e, tc.args...)
		if !sameSet(got, tc.want) || (tc.want != nil && directive != ":4") {
			t.Errorf("__complete %v: %q %s, want %q :4", tc.args, got, directive, tc.want)
		}
	}
	// Views are offered with their workbook and name as description.
	r := e.Run("__complete", "views", "get", "")
	if !strings.Contains(r.Stdout, "\tSales/") {
		t.Errorf("view candidates lack descriptions:\n%s", r.Stdout)
	}
}

// TestCompletionOfAServerThatDoesNotAnswer: a server that accepts the
// connection and never answers gives no candidates and no error, once the
// completion timeout has run out, whatever the other timeouts say.
func TestCompletionOfAServerThatDoesNotAnswer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { <-done; c.Close() }()
		}
	}()
	old := cmdutil.CompletionTimeout
	cmdutil.CompletionTimeout = 300 * time.Millisecond
	defer func() { cmdutil.CompletionTimeout = old }()

	e := clitest.New(t)
	store := &cmdutil.SessionStore{Dir: e.ConfigDir}
	if err := store.Save(&cmdutil.SavedSession{Server: "http://" + ln.Addr().String(), SiteID: "s", Token: "t", APIVersion: "3.24"}); err != nil {
		t.Fatal(err)
	}
	// --response-timeout 0 lifts tabctl's own limit on the wait for an
	// answer: only the completion's timeout can end this run (without it
	// the test hangs until go test's own deadline fails it).
	r := e.Run("__complete", "--response-timeout", "0", "--connect-timeout", "0", "workbooks", "get", "")
	if r.Code != 0 || r.Stdout != ":4\n" {
		t.Errorf("a silent server: exit %d, stdout %q, stderr %q", r.Code, r.Stdout, r.Stderr)
	}
}
