package sites_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/clitest"
)

func setup(t *testing.T) *clitest.Env {
	t.Helper()
	e := clitest.New(t)
	for _, s := range [][2]string{{"Marketing", "marketing"}, {"Finance", "finance"}, {"Sales EMEA", "sales-emea"}} {
		if _, err := e.Server.SeedSite(s[0], s[1]); err != nil {
			t.Fatal(err)
		}
	}
	e.Login("")
	return e
}

func TestList(t *testing.T) {
	e := setup(t)
	e.Golden("list", e.MustRun("sites", "list", "--sort", "name"))
	e.Golden("list_json", e.MustRun("sites", "list", "--sort", "name:desc", "-o", "json"))
	e.Golden("list_csv_fields", e.MustRun("sites", "list", "--filter", "name:has:a", "--sort", "contentUrl", "-o", "csv", "--fields", "contentUrl,name"))

	var rows []map[string]any
	if err := json.Unmarshal([]byte(e.MustRun("sites", "list", "-o", "json", "--filter", "contentUrl:eq:finance")), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0]["name"] != "Finance" || rows[0]["contentUrl"] != "finance" {
		t.Errorf("filtered rows %v", rows)
	}
	r := e.Run("sites", "list", "--limit", "2", "--sort", "name")
	if r.Code != 0 || strings.Count(r.Stdout, "\n") != 3 || !strings.Contains(r.Stderr, "Showing 2 of 4 sites") {
		t.Errorf("--limit 2: %d %q %q", r.Code, r.Stdout, r.Stderr)
	}
	r = e.Run("sites", "list", "--all", "--page-size", "1", "-q")
	if r.Code != 0 || strings.Count(r.Stdout, "\n") != 5 || r.Stderr != "" {
		t.Errorf("--all --page-size 1: %d %q %q", r.Code, r.Stdout, r.Stderr)
	}
}

func TestGet(t *testing.T) {
	e := setup(t)
	e.Golden("get_current", e.MustRun("sites", "get"))
	byURL := e.MustRun("sites", "get", "--content-url", "marketing", "-o", "json")
	e.Golden("get_json", byURL)
	var s struct{ ID, Name string }
	json.Unmarshal([]byte(byURL), &s)
	if byName := e.MustRun("sites", "get", "--name", "Marketing", "-o", "json"); byName != byURL {
		t.Errorf("by name %s\nby content URL %s", byName, byURL)
	}
	if byID := e.MustRun("sites", "get", s.ID, "-o", "json"); byID != byURL {
		t.Errorf("by id %s", byID)
	}
	if def := e.MustRun("sites", "get", "--content-url", "", "--fields", "name"); def != "name:  Default\n" {
		t.Errorf("the Default site by content URL \"\": %q", def)
	}
}

func TestCreateUpdateDelete(t *testing.T) {
	e := setup(t)
	out := e.MustRun("sites", "create", "Research", "--content-url", "research", "--admin-mode", "contentonly", "--user-quota", "25", "-o", "json")
	e.Golden("create_json", out)
	var s struct {
		ID        string
		AdminMode string
		UserQuota *int
	}
	json.Unmarshal([]byte(out), &s)
	if s.AdminMode != "ContentOnly" || s.UserQuota == nil || *s.UserQuota != 25 {
		t.Errorf("created %s", out)
	}
	// Tableau updates only the site of the session.
	if r := e.Run("sites", "update", s.ID, "--name", "R&D"); r.Code != 7 || !strings.Contains(r.Stderr, "403") {
		t.Errorf("updating another site: %d %q", r.Code, r.Stderr)
	}
	e.Login("research")
	e.Golden("update", e.MustRun("sites", "update", "--name", "R&D", "--state", "Suspended"))
	got := e.MustRun("sites", "get", s.ID, "--fields", "name,state,userQuota", "-o", "csv")
	if got != "name,state,userQuota\nR&D,Suspended,25\n" {
		t.Errorf("after update: %q", got)
	}
	if out := e.MustRun("sites", "delete", s.ID, "--yes"); out != "Deleted site "+s.ID+"\n" {
		t.Errorf("delete printed %q", out)
	}
	e.Login("")
	r := e.Run("sites", "get", s.ID)
	if r.Code != 4 || strings.Count(r.Stderr, "\n") != 1 || !strings.Contains(r.Stderr, "404") {
		t.Errorf("get after delete: %d %q", r.Code, r.Stderr)
	}
	e.Golden("get_not_found", r.Stderr)
}

func TestFailures(t *testing.T) {
	e := setup(t)
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"bad_filter", []string{"sites", "list", "--filter", "name=Finance"}, 2, "not field:op:value"},
		{"bad_operator", []string{"sites", "list", "--filter", "name:like:Fin"}, 2, "operator"},
		{"bad_sort", []string{"sites", "list", "--sort", "name:up"}, 2, "asc or desc"},
		{"bad_fields", []string{"sites", "list", "--fields", "id,colour"}, 2, `unknown field "colour"`},
		{"bad_format", []string{"sites", "list", "-o", "yaml"}, 2, "yaml"},
		{"limit_and_all", []string{"sites", "list", "--limit", "3", "--all"}, 2, "--all and --limit"},
		{"server_filter", []string{"sites", "list", "--filter", "colour:eq:red"}, 1, "400"},
		{"no_content_url", []string{"sites", "create", "X"}, 2, "--content-url"},
		{"bad_admin_mode", []string{"sites", "create", "X", "--content-url", "x", "--admin-mode", "all"}, 2, "ContentAndUsers"},
		{"nothing_to_update", []string{"sites", "update"}, 2, "nothing to update"},
		{"two_keys", []string{"sites", "get", "--name", "a", "--content-url", "b"}, 2, "one of"},
		{"conflict", []string{"sites", "create", "Again", "--content-url", "marketing"}, 5, "409"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.Run(tc.args...)
			if r.Code != tc.code || !strings.Contains(r.Stderr, tc.msg) || !strings.HasPrefix(r.Stderr, "error: ") {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", r.Code, tc.code, r.Stderr, tc.msg)
			}
			if tc.code == 1 && strings.Count(r.Stderr, "\n") != 1 {
				t.Errorf("a failure is one line, got %q", r.Stderr)
			}
		})
	}
}

func TestPermissionRefused(t *testing.T) {
	e := setup(t)
	u, err := e.Server.SeedUser("", "viewer", tsc.SiteRoleViewer)
	if err != nil {
		t.Fatal(err)
	}
	e.Server.SetPassword(u.ID, "pw-viewer-1")
	e.MustRun("login", "-s", e.Server.URL, "-u", "viewer", "-p", "pw-viewer-1")
	r := e.Run("sites", "create", "Mine", "--content-url", "mine")
	if r.Code != 7 || !strings.Contains(r.Stderr, "403") {
		t.Errorf("a viewer creating a site: %d %q", r.Code, r.Stderr)
	}
	e.Golden("create_forbidden", r.Stderr)
}

func TestUsage(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	c, err := e.Server.Client(ctx)
	if err != nil {
		t.Fatal(err)
	}
	usage := func(args ...string) (row struct {
		Name         string
		NumUsers     int
		UserQuota    *int
		Storage      int
		StorageQuota *int
	}) {
		t.Helper()
		if err := json.Unmarshal([]byte(e.MustRun(append([]string{"sites", "usage", "-o", "json"}, args...)...)), &row); err != nil {
			t.Fatal(err)
		}
		return row
	}
	before := usage()
	if before.Name != "Default" || before.NumUsers != 1 || before.Storage != 0 || before.UserQuota != nil {
		t.Errorf("the Default site before: %+v", before)
	}
	// Publishing stores a file (rounded up to 1 MB); a quota set shows.
	if _, err := c.Workbooks.PublishFile(ctx, tsc.Workbook{Name: "Sales"}, "../../../testdata/workbooks/Sales.twbx", tsc.PublishOptions{}); err != nil {
		t.Fatal(err)
	}
	quota := 25
	if _, err := c.Sites.Update(ctx, tsc.Site{ID: c.Session().SiteID, UserQuota: &quota}); err != nil {
		t.Fatal(err)
	}
	after := usage()
	if after.Storage != 1 || after.UserQuota == nil || *after.UserQuota != 25 || after.NumUsers != 1 {
		t.Errorf("the Default site after a publish and a quota: %+v", after)
	}
	if other := usage("marketing"); other.Name != "Marketing" || other.Storage != 0 {
		t.Errorf("another site by content URL: %+v", other)
	}
	if r := e.Run("sites", "usage", "nowhere"); r.Code != 4 {
		t.Errorf("an unknown site: exit %d, %q", r.Code, r.Stderr)
	}
	e.Golden("usage", e.MustRun("sites", "usage"))
}
