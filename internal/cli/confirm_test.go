package cli_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/clitest"
)

// TestDeleteConfirms: on a terminal, deleting a project, a site, a group or
// a user shows what goes and asks; no keeps everything (exit 1), yes
// deletes. Without a terminal the command refuses (exit 2, naming --yes)
// and deletes nothing; --yes deletes without asking. tabcmd's commands
// never ask, as tabcmd never does.
func TestDeleteConfirms(t *testing.T) {
	e := clitest.New(t)
	must := func(p *tsc.Project, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	finance := must(e.Server.SeedProject("", "Finance", "", ""))
	europe := must(e.Server.SeedProject("", "Europe", finance, ""))
	archive := must(e.Server.SeedProject("", "Archive", "", ""))
	for i, p := range []string{finance, finance, europe} {
		if _, err := e.Server.SeedWorkbook("", p, "", "Book"+string(rune('A'+i))); err != nil {
			t.Fatal(err)
		}
	}
	bob, err := e.Server.SeedUser("", "bob", tsc.SiteRoleExplorer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Server.SeedGroup("", "Sales", bob.ID); err != nil {
		t.Fatal(err)
	}
	// carol owns a workbook and a data source: removing her names them,
	// and who takes them over.
	if _, err := e.Server.SeedUser("", "dave", tsc.SiteRoleCreator); err != nil {
		t.Fatal(err)
	}
	carol, err := e.Server.SeedUser("", "carol", tsc.SiteRoleCreator)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Server.SeedWorkbook("", archive, carol.ID, "CarolBook"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Server.SeedSite("Research", "research"); err != nil {
		t.Fatal(err)
	}
	e.Login("")
	e.MustRun("datasources", "publish", filepath.Join("..", "..", "testdata", "datasources", "Orders.tdsx"), "--project", "Europe")
	e.MustRun("datasources", "publish", filepath.Join("..", "..", "testdata", "datasources", "Orders.tdsx"), "--project", "Archive")
	e.MustRun("datasources", "update", "Archive/Orders", "--owner", "carol")
	// A flow and a virtual connection go with the project too, and are
	// named; the Research site has a flow and no virtual connection, and
	// its prompt names the one it has.
	e.MustRun("flows", "publish", filepath.Join("..", "..", "testdata", "flows", "Sales Prep.tfl"), "--project", "Europe")
	doc := `{"policyCollection":{"luid":"34ae5eb9-ceac-4158-86f1-a5d8163d5261","policies":[]},` +
		`"revision":{"luid":"1b2e2aae-b904-4f5a-aa4d-9f114b8e5f57","revisableProperties":{}},` +
		`"connections":[{"dbClass":"postgres","server":"db.example.com","port":5432,"username":"pg","database":"sales"}]}`
	c := e.Server.MustClient(t)
	if _, err := c.VirtualConnections.Publish(t.Context(), tsc.VirtualConnection{Name: "Warehouse", Project: &tsc.Project{ID: finance},
		Owner: &tsc.User{ID: c.Session().UserID}}, doc, tsc.PublishCreateNew); err != nil {
		t.Fatal(err)
	}
	exists := func(args ...string) bool {
		t.Helper()
		return e.Run(args...).Code == 0
	}

	for _, tc := range []struct {
		args   []string
		prompt string
		check  []string
	}{
		{[]string{"projects", "delete", "Finance"}, "Delete project Finance and its 3 workbooks, 1 data source, 1 flow, 1 virtual connection, 1 nested project? [y/N] ",
			[]string{"projects", "get", "Finance/Europe"}},
		{[]string{"groups", "delete", "Sales"}, "Delete group Sales (1 member, who stay on the site)? [y/N] ",
			[]string{"groups", "get", "Sales"}},
		{[]string{"users", "remove", "carol", "--map-assets-to", "dave"}, "Delete user carol (Creator), owner of 1 workbook, 1 data source that go to dave? [y/N] ",
			[]string{"users", "get", "carol"}},
		{[]string{"users", "remove", "bob"}, "Delete user bob (Explorer)? [y/N] ",
			[]string{"users", "get", "bob"}},
	} {
		name := strings.Join(tc.args, " ")
		// No terminal, no --yes: refused before anything goes.
		r := e.Run(tc.args...)
		if r.Code != 2 || !strings.Contains(r.Stderr, "pass --yes") || r.Stdout != "" || !exists(tc.check...) {
			t.Errorf("%s without a terminal: exit %d, stderr %q", name, r.Code, r.Stderr)
		}
		// A terminal, answered no.
		e.TTY, e.Stdin = true, "n\n"
		r = e.Run(tc.args...)
		e.TTY = false
		if r.Code != 1 || r.Stderr != tc.prompt+"\nerror: cancelled: nothing was deleted\n" && r.Stderr != tc.prompt+"error: cancelled: nothing was deleted\n" || !exists(tc.check...) {
			t.Errorf("%s answered no: exit %d, stderr %q", name, r.Code, r.Stderr)
		}
		// Answered yes.
		e.TTY, e.Stdin = true, "y\n"
		r = e.Run(tc.args...)
		e.TTY = false
		if r.Code != 0 || r.Stderr != tc.prompt || exists(tc.check...) {
			t.Errorf("%s answered yes: exit %d, stderr %q", name, r.Code, r.Stderr)
		}
	}

	// --yes asks nothing, even on a terminal.
	e.MustRun("projects", "create", "Scratch")
	e.TTY = true
	if r := e.Run("projects", "delete", "Scratch", "--yes"); r.Code != 0 || r.Stderr != "" || exists("projects", "get", "Scratch") {
		t.Errorf("--yes on a terminal: exit %d, stderr %q", r.Code, r.Stderr)
	}
	e.TTY = false

	// tabcmd never asks: deleteproject and deletegroup delete at once,
	// without a terminal and without --yes.
	e.MustRun("projects", "create", "Old")
	e.MustRun("groups", "create", "Old Team")
	e.MustRun("deleteproject", "Old")
	e.MustRun("deletegroup", "Old Team")
	if exists("projects", "get", "Old") || exists("groups", "get", "Old Team") {
		t.Error("tabcmd's deletes left their target")
	}

	// The site: the session's own, so its content is counted.
	e.Login("research")
	e.MustRun("flows", "publish", filepath.Join("..", "..", "testdata", "flows", "Sales Prep.tfl"))
	e.TTY, e.Stdin = true, "no\n"
	r := e.Run("sites", "delete")
	e.TTY = false
	if r.Code != 1 || !strings.HasPrefix(r.Stderr, `Delete site "Research" (content URL "research") and its 1 project, 0 workbooks, 0 data sources, 1 flow, 1 user? [y/N] `) {
		t.Errorf("sites delete answered no: exit %d, stderr %q", r.Code, r.Stderr)
	}
	e.MustRun("projects", "list")
	if r := e.Run("sites", "delete"); r.Code != 2 || !strings.Contains(r.Stderr, "pass --yes") {
		t.Errorf("sites delete without a terminal: exit %d, stderr %q", r.Code, r.Stderr)
	}
	e.MustRun("sites", "delete", "--yes")
}
