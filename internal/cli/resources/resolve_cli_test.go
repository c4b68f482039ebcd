package resources_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsc-go/tsc/internal/cli/clitest"
)

var salesTWBX = filepath.Join("..", "..", "..", "testdata", "workbooks", "Sales.twbx")

// twoSales publishes Sales.twbx in Finance and in Finance/Europe, so that
// the workbook's name and its views' names repeat, and returns the
// workbooks' ids: top (Finance) and nested (Finance/Europe).
func twoSales(t *testing.T) (e *clitest.Env, top, nested string) {
	t.Helper()
	e = clitest.New(t)
	fin, err := e.Server.SeedProject("", "Finance", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Server.SeedProject("", "Europe", fin.ID, ""); err != nil {
		t.Fatal(err)
	}
	e.Login("")
	id := func(project string) string {
		var wb struct{ ID string }
		out := e.MustRun("workbooks", "publish", salesTWBX, "--project", project, "-o", "json", "--fields", "id")
		if err := json.Unmarshal([]byte(out), &wb); err != nil || wb.ID == "" {
			t.Fatalf("publish in %s: %v %s", project, err, out)
		}
		return wb.ID
	}
	return e, id("Finance"), id("Finance/Europe")
}

// field runs a get with -o json and returns one field of the answer.
func field(t *testing.T, e *clitest.Env, name string, args ...string) string {
	t.Helper()
	var row map[string]any
	out := e.MustRun(append(args, "-o", "json")...)
	if err := json.Unmarshal([]byte(out), &row); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	s, _ := row[name].(string)
	return s
}

func TestResolveWorkbookByIDNamePathAndProject(t *testing.T) {
	e, top, nested := twoSales(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"workbooks", "get", top}, top},
		{[]string{"workbooks", "get", nested}, nested},
		{[]string{"workbooks", "get", "Finance/Sales"}, top},
		{[]string{"workbooks", "get", "Finance/Europe/Sales"}, nested},
		{[]string{"workbooks", "get", "Sales", "--project", "Finance"}, top},
		{[]string{"workbooks", "get", "Sales", "--project", "Finance/Europe"}, nested},
		{[]string{"workbooks", "get", "Sales", "--project", "Europe"}, nested},
	} {
		if got := field(t, e, "id", tc.args...); got != tc.want {
			t.Errorf("%q: id %s, want %s", tc.args, got, tc.want)
		}
	}
	r := e.Run("workbooks", "get", "Sales")
	if r.Code != 1 || r.Stderr != "error: workbook name \"Sales\" is ambiguous (2 workbooks): add --project or give its id\n" {
		t.Errorf("ambiguous: %d %q", r.Code, r.Stderr)
	}
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"workbooks", "get", "Nope"}, `workbook "Nope" not found`},
		{[]string{"workbooks", "get", "Finance/Nope"}, `workbook "Finance/Nope" not found`},
		{[]string{"workbooks", "get", "Nowhere/Sales"}, `workbook "Nowhere/Sales" not found`},
		{[]string{"workbooks", "get", "Sales", "--project", "Nowhere"}, `project "Nowhere" not found`},
		{[]string{"workbooks", "delete", "Nope"}, `workbook "Nope" not found`},
		{[]string{"workbooks", "get", "00000000-0000-4000-8000-000000000000"}, "404"},
	} {
		if r := e.Run(tc.args...); r.Code != 4 || !strings.Contains(r.Stderr, tc.msg) {
			t.Errorf("%q: %d %q, want exit 4 and %q", tc.args, r.Code, r.Stderr, tc.msg)
		}
	}
	// Delete takes the same references: the nested one goes, the other stays.
	e.MustRun("workbooks", "delete", "Finance/Europe/Sales")
	if got := field(t, e, "id", "workbooks", "get", "Sales"); got != top {
		t.Errorf("after deleting the nested Sales, Sales is %s, want %s", got, top)
	}
}

func TestResolveViewByIDNamePathAndProject(t *testing.T) {
	e, top, nested := twoSales(t)
	const view = "Sales Overview"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"views", "get", "Finance/Sales/" + view}, top},
		{[]string{"views", "get", "Finance/Europe/Sales/" + view}, nested},
		{[]string{"views", "get", "Sales/" + view, "--project", "Finance/Europe"}, nested},
		{[]string{"views", "get", view, "--project", "Finance"}, top},
	} {
		if got := field(t, e, "workbookId", tc.args...); got != tc.want {
			t.Errorf("%q: workbook %s, want %s", tc.args, got, tc.want)
		}
	}
	id := field(t, e, "id", "views", "get", view, "--project", "Finance/Europe")
	if got := field(t, e, "workbookId", "views", "get", id); got != nested {
		t.Errorf("by id: workbook %s, want %s", got, nested)
	}
	r := e.Run("views", "get", view)
	if r.Code != 1 || r.Stderr != "error: view name \"Sales Overview\" is ambiguous (2 views): give Workbook/View, add --project, or give its id\n" {
		t.Errorf("ambiguous view: %d %q", r.Code, r.Stderr)
	}
	r = e.Run("views", "get", "Sales/"+view)
	if r.Code != 1 || !strings.Contains(r.Stderr, `workbook name "Sales" is ambiguous (2 workbooks): add --project`) {
		t.Errorf("ambiguous workbook of a view: %d %q", r.Code, r.Stderr)
	}
	for _, ref := range []string{"Nope", "Finance/Sales/Nope", "Nowhere/" + view} {
		if r := e.Run("views", "get", ref); r.Code != 4 || r.Stderr != "error: view \""+ref+"\" not found\n" {
			t.Errorf("%q: %d %q", ref, r.Code, r.Stderr)
		}
	}
	// The exports and tags take the same references.
	if r := e.Run("views", "csv", "Finance/Europe/Sales/"+view, "--out", "-"); r.Code != 0 || r.Stdout == "" {
		t.Errorf("csv by path: %d %q", r.Code, r.Stderr)
	}
	if r := e.Run("views", "image", view, "--out", "-"); r.Code != 1 || !strings.Contains(r.Stderr, "ambiguous") {
		t.Errorf("image of an ambiguous name: %d %q", r.Code, r.Stderr)
	}
	e.MustRun("views", "tags", "add", "Finance/Sales/"+view, "kpi")
	var tags struct{ Tags []string }
	json.Unmarshal([]byte(e.MustRun("views", "get", "Finance/Sales/"+view, "-o", "json", "--fields", "tags")), &tags)
	if strings.Join(tags.Tags, ",") != "kpi" {
		t.Errorf("tags of the top view: %v", tags.Tags)
	}
	json.Unmarshal([]byte(e.MustRun("views", "get", "Finance/Europe/Sales/"+view, "-o", "json", "--fields", "tags")), &tags)
	if len(tags.Tags) != 0 {
		t.Errorf("the nested view got the tag: %v", tags.Tags)
	}
}

func TestResolveSiteByIDNameAndContentURL(t *testing.T) {
	e := clitest.New(t)
	site, err := e.Server.SeedSite("Research Lab", "research")
	if err != nil {
		t.Fatal(err)
	}
	e.Login("")
	for _, ref := range []string{site.ID, "Research Lab", "research"} {
		if got := field(t, e, "id", "sites", "get", ref); got != site.ID {
			t.Errorf("sites get %q: %s, want %s", ref, got, site.ID)
		}
	}
	if r := e.Run("sites", "get", "nowhere"); r.Code != 4 || r.Stderr != "error: site \"nowhere\" not found\n" {
		t.Errorf("unknown site: %d %q", r.Code, r.Stderr)
	}
}

func TestSitesUpdateByName(t *testing.T) {
	e := clitest.New(t)
	site, err := e.Server.SeedSite("Research Lab", "research")
	if err != nil {
		t.Fatal(err)
	}
	// Tableau updates only the site signed in to.
	e.Login("research")
	if got := field(t, e, "name", "sites", "update", "Research Lab", "--name", "Research"); got != "Research" {
		t.Errorf("renamed to %q", got)
	}
	if got := field(t, e, "name", "sites", "get", site.ID); got != "Research" {
		t.Errorf("site %s is now %q", site.ID, got)
	}
}
