package permissions_test

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/clitest"
)

var (
	salesTWBX  = filepath.Join("..", "..", "..", "testdata", "workbooks", "Sales.twbx")
	ordersTDSX = filepath.Join("..", "..", "..", "testdata", "datasources", "Orders.tdsx")
)

// row is a permissions row as -o json prints it.
type row struct {
	ContentType, ContentID, ContentPath, DefaultsFor string
	GranteeType, GranteeID, GranteeName              string
	Capability, Mode                                 string
}

func rows(t *testing.T, out string) []row {
	t.Helper()
	var rs []row
	if err := json.Unmarshal([]byte(out), &rs); err != nil {
		t.Fatalf("not a JSON list of rows: %v\n%s", err, out)
	}
	return rs
}

// of keeps the rows of one grantee, as "Capability:Mode", sorted.
func of(rs []row, grantee string) []string {
	var out []string
	for _, r := range rs {
		if r.GranteeName == grantee {
			out = append(out, r.Capability+":"+r.Mode)
		}
	}
	slices.Sort(out)
	return out
}

func want(t *testing.T, what string, got []string, w ...string) {
	t.Helper()
	slices.Sort(w)
	if !slices.Equal(got, w) {
		t.Errorf("%s: %v, want %v", what, got, w)
	}
}

// setup makes project Finance with workbook Sales (and its views) and data
// source Orders, group Analysts and users alice (Creator) and bob (Viewer,
// in Analysts), and logs in as the administrator.
func setup(t *testing.T) *clitest.Env {
	t.Helper()
	e := clitest.New(t)
	if _, err := e.Server.SeedProject("", "Finance", "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Server.SeedUser("", "alice", tsc.SiteRoleCreator); err != nil {
		t.Fatal(err)
	}
	bob, err := e.Server.SeedUser("", "bob", tsc.SiteRoleViewer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Server.SeedGroup("", "Analysts", bob.ID); err != nil {
		t.Fatal(err)
	}
	e.Login("")
	e.MustRun("workbooks", "publish", salesTWBX, "--project", "Finance")
	e.MustRun("datasources", "publish", ordersTDSX, "--project", "Finance")
	return e
}

func TestAddListRemoveReplace(t *testing.T) {
	e := setup(t)
	e.Golden("add_project_template", e.MustRun("permissions", "add", "project", "Finance", "--group", "Analysts", "--template", "Publish"))

	out := e.MustRun("permissions", "add", "workbook", "Finance/Sales", "--user", "alice", "--allow", "read,ExportImage", "--deny", "ExportData", "-o", "json")
	rs := rows(t, out)
	want(t, "alice after add", of(rs, "alice"), "Read:Allow", "ExportImage:Allow", "ExportData:Deny")
	if rs[0].ContentType != "workbook" || rs[0].ContentPath != "Finance/Sales" || rs[0].DefaultsFor != "" {
		t.Errorf("row names %+v", rs[0])
	}
	e.Golden("list_workbook", e.MustRun("permissions", "list", "workbook", "Sales", "--project", "Finance"))

	r := e.Run("permissions", "remove", "workbook", "Finance/Sales", "--user", "alice", "--deny", "ExportData")
	if r.Code != 0 || r.Stdout != "Removed 1 rule(s) of user alice from workbook \"Finance/Sales\"\n" {
		t.Errorf("remove: %d %q %q", r.Code, r.Stdout, r.Stderr)
	}
	// --allow names an Allow rule: alice has none for ExportData.
	r = e.Run("permissions", "remove", "workbook", "Finance/Sales", "--user", "alice", "--allow", "ExportData")
	if r.Code != 0 || !strings.Contains(r.Stdout, "nothing removed") {
		t.Errorf("removing a rule not there: %d %q %q", r.Code, r.Stdout, r.Stderr)
	}
	before := rows(t, e.MustRun("permissions", "list", "workbook", "Finance/Sales", "-o", "json"))
	rs = rows(t, e.MustRun("permissions", "replace", "workbook", "Finance/Sales", "--user", "alice", "--template", "View", "--deny", "Filter", "-o", "json"))
	want(t, "alice after replace", of(rs, "alice"), "Read:Allow", "ViewComments:Allow", "AddComment:Allow", "ExportImage:Allow",
		"ExportData:Allow", "Filter:Deny")
	if got := of(rs, "All Users"); !slices.Equal(got, of(before, "All Users")) {
		t.Errorf("replace for alice changed All Users' rules: %v, was %v", got, of(before, "All Users"))
	}
	r = e.Run("permissions", "remove", "workbook", "Finance/Sales", "--user", "alice")
	if r.Code != 0 || !strings.HasPrefix(r.Stdout, "Removed 6 rule(s) of user alice") {
		t.Errorf("remove all of alice's: %d %q %q", r.Code, r.Stdout, r.Stderr)
	}
	if got := of(rows(t, e.MustRun("permissions", "list", "workbook", "Finance/Sales", "-o", "json")), "alice"); len(got) != 0 {
		t.Errorf("alice keeps %v", got)
	}

	// Views by Workbook/View, data sources by Project/Name, ids for anything.
	rs = rows(t, e.MustRun("permissions", "add", "view", "Sales/Sales by Region", "--group", "Analysts", "--deny", "ExportData", "-o", "json"))
	if !slices.Contains(of(rs, "Analysts"), "ExportData:Deny") || rs[0].ContentPath != "Finance/Sales/Sales by Region" {
		t.Errorf("view rules %+v", rs)
	}
	rs = rows(t, e.MustRun("permissions", "add", "datasource", "Finance/Orders", "--group", "Analysts", "--template", "Explore", "-o", "json"))
	if !slices.Contains(of(rs, "Analysts"), "ExportXml:Allow") || rs[0].ContentType != "datasource" {
		t.Errorf("data source rules %+v", rs)
	}
}

func TestDefaults(t *testing.T) {
	e := setup(t)
	for _, d := range []string{"workbooks", "datasources", "flows", "lenses", "dataroles", "metrics", "databases", "tables", "virtualConnections"} {
		rs := rows(t, e.MustRun("permissions", "replace", "project", "Finance", "--defaults", d, "--group", "Analysts", "--template", "View", "-o", "json"))
		if len(of(rs, "Analysts")) == 0 || rs[0].DefaultsFor == "" || rs[0].ContentType != "project" {
			t.Errorf("defaults %s: %+v", d, rs)
		}
		r := e.Run("permissions", "remove", "project", "Finance", "--defaults", d, "--group", "Analysts")
		if r.Code != 0 || !strings.Contains(r.Stdout, "(default rules for "+strings.ToLower(d[:1])) {
			t.Errorf("remove defaults %s: %d %q %q", d, r.Code, r.Stdout, r.Stderr)
		}
	}
	e.MustRun("permissions", "add", "project", "Finance", "--defaults", "workbooks", "--group", "Analysts", "--allow", "Read,Filter")
	e.Golden("list_defaults", e.MustRun("permissions", "list", "project", "Finance", "--defaults", "workbook"))
	// New content takes them.
	e.MustRun("workbooks", "publish", salesTWBX, "--project", "Finance", "--name", "Fresh")
	want(t, "new workbook", of(rows(t, e.MustRun("permissions", "list", "workbook", "Finance/Fresh", "-o", "json")), "Analysts"),
		"Read:Allow", "Filter:Allow")
}

func TestUsageErrors(t *testing.T) {
	e := setup(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"list", "spreadsheet", "x"}, `"spreadsheet" is not a content type with permissions`},
		{[]string{"list", "workbook"}, "a content type and the content"},
		{[]string{"list", "workbook", "Finance/Sales", "--defaults", "workbooks"}, "--defaults is for projects"},
		{[]string{"list", "project", "Finance", "--defaults", "views"}, `--defaults "views"`},
		{[]string{"add", "workbook", "Finance/Sales", "--template", "View"}, "exactly one of --user and --group"},
		{[]string{"add", "workbook", "Finance/Sales", "--user", "alice", "--group", "Analysts", "--template", "View"}, "exactly one of --user and --group"},
		{[]string{"add", "workbook", "Finance/Sales", "--user", "alice"}, "--template, --allow or --deny"},
		{[]string{"add", "workbook", "Finance/Sales", "--user", "alice", "--allow", "ProjectLeader"}, `"ProjectLeader" is not a capability of a workbook`},
		{[]string{"add", "project", "Finance", "--defaults", "datasources", "--user", "alice", "--allow", "Filter"}, `not a capability of a datasource`},
		{[]string{"add", "workbook", "Finance/Sales", "--user", "alice", "--template", "Everything"}, `--template "Everything"`},
		{[]string{"add", "workbook", "Finance/Sales", "--user", "alice", "--allow", "Read", "--deny", "read"}, "both allowed and denied"},
		{[]string{"list", "project", "Finance", "--project", "Finance"}, "--project narrows"},
		{[]string{"explain", "workbook", "Finance/Sales"}, "--user"},
		{[]string{"explain", "--user", "bob", "flow", "2b9b9fc3-4b8e-4a3e-9c9b-2b6c1c4b9f00"}, "explain works on projects"},
		{[]string{"export", "-o", "yaml"}, "yaml"},
	} {
		r := e.Run(append([]string{"permissions"}, c.args...)...)
		if r.Code != 2 || !strings.Contains(r.Stderr, c.want) || r.Stdout != "" {
			t.Errorf("%v: %d %q, want exit 2 saying %q", c.args, r.Code, r.Stderr, c.want)
		}
	}
	r := e.Run("permissions", "list", "workbook", "Finance/Nope")
	if r.Code != 4 {
		t.Errorf("unknown workbook: %d %q", r.Code, r.Stderr)
	}
	if r := e.Run("permissions", "list", "flow", "My Flow"); r.Code != 4 {
		t.Errorf("unknown flow: %d %q", r.Code, r.Stderr)
	}
}

// TestFlowsAndVirtualConnectionsByName: flows and virtual connections are
// named like workbooks (Project/Name, or a name with --project), and their
// rows carry that path.
func TestFlowsAndVirtualConnectionsByName(t *testing.T) {
	e := setup(t)
	e.MustRun("flows", "publish", filepath.Join("..", "..", "..", "testdata", "flows", "Sales Prep.tfl"), "--project", "Finance")
	c := e.Server.MustClient(t)
	var finance string
	for p, err := range c.Projects.All(t.Context(), tsc.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		if p.Name == "Finance" {
			finance = p.ID
		}
	}
	doc := `{"policyCollection":{"luid":"34ae5eb9-ceac-4158-86f1-a5d8163d5261","policies":[]},` +
		`"revision":{"luid":"1b2e2aae-b904-4f5a-aa4d-9f114b8e5f57","revisableProperties":{}},` +
		`"connections":[{"dbClass":"postgres","server":"db.example.com","port":5432,"username":"pg","database":"sales"}]}`
	if _, err := c.VirtualConnections.Publish(t.Context(), tsc.VirtualConnection{Name: "Warehouse", Project: &tsc.Project{ID: finance},
		Owner: &tsc.User{ID: c.Session().UserID}}, doc, tsc.PublishCreateNew); err != nil {
		t.Fatal(err)
	}
	e.MustRun("permissions", "add", "flow", "Finance/Sales Prep", "--user", "alice", "--allow", "Read,Execute")
	got := rows(t, e.MustRun("permissions", "list", "flow", "Sales Prep", "--project", "Finance", "-o", "json"))
	want(t, "flow", of(got, "alice"), "Read:Allow", "Execute:Allow")
	if r := got[0]; r.ContentType != "flow" || r.ContentPath != "Finance/Sales Prep" {
		t.Errorf("flow row %+v", r)
	}
	e.MustRun("permissions", "add", "virtualconnection", "Finance/Warehouse", "--user", "alice", "--allow", "Read")
	got = rows(t, e.MustRun("permissions", "list", "virtualconnection", "Warehouse", "-o", "json"))
	want(t, "virtual connection", of(got, "alice"), "Read:Allow")
	if r := got[0]; r.ContentPath != "Finance/Warehouse" {
		t.Errorf("virtual connection row %+v", r)
	}
}

func TestExplain(t *testing.T) {
	e := setup(t)
	e.MustRun("permissions", "replace", "workbook", "Finance/Sales", "--group", "Analysts", "--allow", "Read,Filter,Write")
	e.MustRun("permissions", "add", "workbook", "Finance/Sales", "--user", "bob", "--deny", "Filter")
	e.Golden("explain_bob", e.MustRun("permissions", "explain", "--user", "bob", "workbook", "Finance/Sales"))
	var eff []struct {
		Capability, Mode, DecidedBy, Reason string
		Allowed                             bool
	}
	if err := json.Unmarshal([]byte(e.MustRun("permissions", "explain", "--user", "alice", "project", "Finance", "-o", "json")), &eff); err != nil {
		t.Fatal(err)
	}
	if len(eff) != 3 || eff[0].Capability != "Read" {
		t.Fatalf("explain project: %+v", eff)
	}
}

func TestExport(t *testing.T) {
	e := setup(t)
	e.MustRun("permissions", "replace", "workbook", "Finance/Sales", "--group", "Analysts", "--template", "View")
	out := e.MustRun("permissions", "export")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if lines[0] != "content type,content path,defaults for,grantee type,grantee name,capability,mode,content id,grantee id" {
		t.Errorf("header %q", lines[0])
	}
	for _, want := range []string{"workbook,Finance/Sales,,group,Analysts,Read,Allow,", "project,Finance,,group,All Users,Read,Allow,",
		"view,Finance/Sales/Sales by Region,", "datasource,Finance/Orders,"} {
		if !strings.Contains(out, "\n"+want) {
			t.Errorf("export lacks a line starting %q:\n%s", want, out)
		}
	}
	all := rows(t, e.MustRun("permissions", "export", "--defaults", "-o", "json"))
	n := 0
	for _, r := range all {
		if r.DefaultsFor != "" {
			n++
		}
	}
	if n == 0 || len(all) <= len(lines)-1 {
		t.Errorf("--defaults: %d default rows of %d", n, len(all))
	}
}

func TestCompletion(t *testing.T) {
	e := clitest.New(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"permissions", "list", "v"}, "view\nvirtualConnection\n"},
		{[]string{"permissions", "add", "project", "Finance", "--defaults", "l"}, "lenses\n"},
		{[]string{"permissions", "replace", "workbook", "W", "--template", "Ex"}, "Explore\n"},
		{[]string{"permissions", "explain", "--user", "bob", "da"}, "datasource\ndatabase\n"},
	} {
		r := e.Run(append([]string{"__complete"}, c.args...)...)
		if r.Code != 0 || !strings.HasPrefix(r.Stdout, c.want) {
			t.Errorf("__complete %v: %d %q, want it to start %q", c.args, r.Code, r.Stdout, c.want)
		}
	}
}
