package cmdutil_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/iostreams"
	"github.com/tsc-go/tsc/internal/cli/resources"
	"github.com/tsc-go/tsc/tsctest"
)

// verbEnv runs commands made by the generic builders, outside tabctl's
// root, against an emulator: what the builders give does not depend on
// the noun packages that use them.
type verbEnv struct {
	t   *testing.T
	srv *tsctest.Server
	// width is the terminal's, 0 for none.
	width int
}

type verbResult struct {
	code        int
	out, errOut string
}

func (e verbEnv) run(build func(f *cmdutil.Factory) *cobra.Command, args ...string) verbResult {
	e.t.Helper()
	io, _, out, errOut := iostreams.Test()
	io.TerminalWidth = e.width
	f := &cmdutil.Factory{
		IO:      io,
		Globals: &cmdutil.GlobalOptions{Server: e.srv.URL, Username: e.srv.AdminUsername, Password: e.srv.AdminPassword},
		Getenv:  func(string) string { return "" },
	}
	cmd := build(f)
	cmd.SetArgs(args)
	cmd.SetOut(out)
	cmd.SetErr(errOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.ExecuteContext(context.Background())
	if err != nil {
		errOut.WriteString(err.Error())
	}
	return verbResult{cmdutil.ExitCode(err), out.String(), errOut.String()}
}

func newVerbEnv(t *testing.T) verbEnv {
	t.Helper()
	srv := tsctest.NewServer(t)
	for _, g := range []string{"Analysts", "Sales", "Support"} {
		if _, err := srv.SeedGroup("", g); err != nil {
			t.Fatal(err)
		}
	}
	return verbEnv{t: t, srv: srv}
}

// groupNames reads the names of a JSON list of groups.
func groupNames(t *testing.T, out string) []string {
	t.Helper()
	var rows []resources.GroupRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	var names []string
	for _, r := range rows {
		names = append(names, r.Name)
	}
	return names
}

func TestNewCmdListFlagsAndPages(t *testing.T) {
	e := newVerbEnv(t)
	list := func(f *cmdutil.Factory) *cobra.Command {
		return cmdutil.NewCmdList(f, resources.GroupList, cmdutil.Help{Short: "list"}, &cmdutil.ListOptions{})
	}
	// Every page, one item each: the builder walks them all.
	r := e.run(list, "--all", "--page-size", "1", "--sort", "name", "-o", "json")
	if got := strings.Join(groupNames(t, r.out), ","); r.code != 0 || got != "All Users,Analysts,Sales,Support" {
		t.Errorf("--all: %d %q %s", r.code, got, r.errOut)
	}
	// A limit shows fewer and says so on stderr.
	r = e.run(list, "--limit", "2", "--sort", "name", "-o", "json")
	if got := strings.Join(groupNames(t, r.out), ","); got != "All Users,Analysts" || !strings.Contains(r.errOut, "Showing 2 of 4 groups") {
		t.Errorf("--limit: %q %q", got, r.errOut)
	}
	// Filters reach the server.
	r = e.run(list, "--filter", "name:eq:Sales", "-o", "csv", "--fields", "name")
	if r.out != "name\nSales\n" {
		t.Errorf("filter csv: %q", r.out)
	}
	// Usage errors come before any request: exit 2.
	for _, bad := range [][]string{{"--all", "--limit", "3"}, {"--filter", "name"}, {"-o", "xml"}, {"extra"}} {
		if r := e.run(list, bad...); r.code != cmdutil.ExitUsage {
			t.Errorf("%q: exit %d, want %d (%s)", bad, r.code, cmdutil.ExitUsage, r.errOut)
		}
	}
}

func TestNewCmdGetByIDNameAndNotFound(t *testing.T) {
	e := newVerbEnv(t)
	get := func(f *cmdutil.Factory) *cobra.Command {
		return cmdutil.NewCmdGet(f, resources.GroupItem, cmdutil.Help{Short: "get"})
	}
	r := e.run(get, "Sales", "-o", "json")
	var row resources.GroupRow
	if err := json.Unmarshal([]byte(r.out), &row); err != nil || row.Name != "Sales" {
		t.Fatalf("by name: %v %q %s", err, r.out, r.errOut)
	}
	if byID := e.run(get, row.ID, "-o", "json"); byID.out != r.out {
		t.Errorf("by id %q, by name %q", byID.out, r.out)
	}
	r = e.run(get, "Nobody")
	if r.code != cmdutil.ExitNotFound || r.errOut != `group "Nobody" not found` {
		t.Errorf("unknown: %d %q", r.code, r.errOut)
	}
	if r := e.run(get); r.code != cmdutil.ExitUsage || !strings.Contains(r.errOut, "needs a group id or name") {
		t.Errorf("no argument: %d %q", r.code, r.errOut)
	}
	// --project exists only for nouns that declare it.
	if r := e.run(get, "Sales", "--project", "X"); r.code == 0 || r.errOut != "unknown flag: --project" {
		t.Errorf("--project on groups: %d %q", r.code, r.errOut)
	}
}

func TestNewCmdDeleteConfirmAndMessage(t *testing.T) {
	e := newVerbEnv(t)
	var asked []string
	refuse := errors.New("not confirmed")
	answer := refuse
	d := cmdutil.Deleter[tsc.Group]{
		Delete: func(ctx context.Context, c *tsc.Client, id string) error { return c.Groups.Delete(ctx, id) },
		Confirm: func(_ context.Context, _ *cmdutil.Factory, _ *tsc.Client, g tsc.Group) error {
			asked = append(asked, g.Name)
			return answer
		},
	}
	del := func(f *cmdutil.Factory) *cobra.Command {
		return cmdutil.NewCmdDelete(f, resources.GroupItem, d, cmdutil.Help{Short: "delete"})
	}
	list := func(f *cmdutil.Factory) *cobra.Command {
		return cmdutil.NewCmdList(f, resources.GroupList, cmdutil.Help{}, &cmdutil.ListOptions{})
	}
	// A refusal stops the deletion: the group is still there.
	if r := e.run(del, "Sales"); r.code == 0 || r.errOut != "not confirmed" {
		t.Errorf("refused: %d %q", r.code, r.errOut)
	}
	if names := groupNames(t, e.run(list, "--filter", "name:eq:Sales", "-o", "json").out); len(names) != 1 {
		t.Errorf("refused delete removed the group: %v", names)
	}
	answer = nil
	r := e.run(del, "Sales")
	if r.code != 0 || !strings.HasPrefix(r.out, "Deleted group Sales (") {
		t.Errorf("delete: %d %q %q", r.code, r.out, r.errOut)
	}
	if names := groupNames(t, e.run(list, "--filter", "name:eq:Sales", "-o", "json").out); len(names) != 0 {
		t.Errorf("group still listed after delete: %v", names)
	}
	if strings.Join(asked, ",") != "Sales,Sales" {
		t.Errorf("Confirm saw %q", asked)
	}
	// Not found: exit 4 and Confirm is not asked.
	if r := e.run(del, "Sales"); r.code != cmdutil.ExitNotFound || len(asked) != 2 {
		t.Errorf("gone: %d %q, asked %d", r.code, r.errOut, len(asked))
	}
}

func TestNewCmdDeleteWithoutName(t *testing.T) {
	// Items without a name (jobs) are named by id alone in the message.
	e := newVerbEnv(t)
	c, err := e.srv.Client(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	g, err := resources.ResolveGroup(context.Background(), c, "Support")
	if err != nil {
		t.Fatal(err)
	}
	nameless := resources.GroupItem
	nameless.Ident = func(g tsc.Group) (string, string) { return g.ID, "" }
	del := func(f *cmdutil.Factory) *cobra.Command {
		return cmdutil.NewCmdDelete(f, nameless, cmdutil.Deleter[tsc.Group]{
			Delete: func(ctx context.Context, c *tsc.Client, id string) error { return c.Groups.Delete(ctx, id) },
		}, cmdutil.Help{})
	}
	if r := e.run(del, g.ID); r.out != "Deleted group "+g.ID+"\n" {
		t.Errorf("%q %q", r.out, r.errOut)
	}
}

func TestNewCmdListOfFindsTheItemThenLists(t *testing.T) {
	e := newVerbEnv(t)
	var ids []string
	for _, n := range []string{"alice", "bob", "carol"} {
		u, err := e.srv.SeedUser("", n, tsc.SiteRoleViewer)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	if _, err := e.srv.SeedGroup("", "Team", ids...); err != nil {
		t.Fatal(err)
	}
	members := cmdutil.Lister[tsc.User, resources.UserRow]{Plural: "members", Table: resources.UserTable, Row: resources.NewUserRow}
	of := func(f *cmdutil.Factory) *cobra.Command {
		return cmdutil.NewCmdListOf(f, "users", resources.GroupItem, members,
			func(c *tsc.Client, g tsc.Group) cmdutil.PageFunc[tsc.User] {
				return func(ctx context.Context, o tsc.ListOptions) ([]tsc.User, tsc.Pagination, error) {
					return c.Groups.Users(ctx, g.ID, o)
				}
			}, cmdutil.Help{}, &cmdutil.ListOfOptions{})
	}
	r := e.run(of, "Team", "--sort", "name", "--limit", "2", "-o", "csv", "--fields", "name")
	if r.code != 0 || r.out != "name\nalice\nbob\n" || !strings.Contains(r.errOut, "Showing 2 of 3 members") {
		t.Errorf("members: %d %q %q", r.code, r.out, r.errOut)
	}
	if r := e.run(of, "Nobody"); r.code != cmdutil.ExitNotFound || r.errOut != `group "Nobody" not found` {
		t.Errorf("unknown group: %d %q", r.code, r.errOut)
	}
	if r := e.run(of, "Team", "--limit", "-1"); r.code != cmdutil.ExitUsage {
		t.Errorf("bad --limit: %d %q", r.code, r.errOut)
	}
}

func TestNewCmdGetShowsTheWholeItem(t *testing.T) {
	// Found by name in a list, an item is shown as its own GET answers.
	e := newVerbEnv(t)
	calls := 0
	item := resources.GroupItem
	item.Get = func(ctx context.Context, c *tsc.Client, id string) (*tsc.Group, error) {
		calls++
		return &tsc.Group{ID: id, Name: "from GET"}, nil
	}
	get := func(f *cmdutil.Factory) *cobra.Command { return cmdutil.NewCmdGet(f, item, cmdutil.Help{}) }
	r := e.run(get, "Sales", "-o", "csv", "--fields", "name")
	if r.out != "name\nfrom GET\n" || calls != 1 {
		t.Errorf("by name: %q, %d GETs", r.out, calls)
	}
}

func TestListTablesLeadWithNamesAndShowIDsWhenWide(t *testing.T) {
	e := newVerbEnv(t)
	list := func(f *cmdutil.Factory) *cobra.Command {
		return cmdutil.NewCmdList(f, resources.GroupList, cmdutil.Help{}, &cmdutil.ListOptions{})
	}
	r := e.run(list, "--filter", "name:eq:Sales")
	if !strings.HasPrefix(r.out, "NAME ") || strings.Contains(r.out, "ID") {
		t.Errorf("table: %q", r.out)
	}
	wide := e.run(list, "--filter", "name:eq:Sales", "--wide")
	csv := e.run(list, "--filter", "name:eq:Sales", "-o", "csv")
	var row []resources.GroupRow
	json.Unmarshal([]byte(e.run(list, "--filter", "name:eq:Sales", "-o", "json").out), &row)
	if len(row) != 1 || row[0].ID == "" {
		t.Fatalf("json: %v", row)
	}
	if !strings.HasPrefix(wide.out, "NAME ") || !strings.Contains(wide.out, "ID") || !strings.Contains(wide.out, row[0].ID) {
		t.Errorf("--wide: %q", wide.out)
	}
	if !strings.Contains(csv.out, ",id\n") || !strings.Contains(csv.out, row[0].ID) {
		t.Errorf("csv: %q", csv.out)
	}
}

func TestNewCmdListFitsTheTerminal(t *testing.T) {
	e := newVerbEnv(t)
	if _, err := e.srv.SeedGroup("", strings.Repeat("Regional Sales Analysts ", 4)); err != nil {
		t.Fatal(err)
	}
	list := func(f *cmdutil.Factory) *cobra.Command {
		return cmdutil.NewCmdList(f, resources.GroupList, cmdutil.Help{}, &cmdutil.ListOptions{})
	}
	wide := e.run(list, "--wide")
	e.width = 60
	fitted := e.run(list, "--wide")
	if !strings.Contains(wide.out, "Regional Sales Analysts Regional Sales Analysts Regional") {
		t.Errorf("no terminal, yet cut: %s", wide.out)
	}
	for _, l := range strings.Split(strings.TrimSpace(fitted.out), "\n") {
		if n := len([]rune(strings.TrimRight(l, " "))); n > 60 {
			t.Errorf("%d wide on a 60-column terminal: %q", n, l)
		}
	}
	if !strings.Contains(fitted.out, "…") {
		t.Errorf("nothing cut: %s", fitted.out)
	}
}
