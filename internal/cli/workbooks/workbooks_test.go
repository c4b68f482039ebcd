package workbooks_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/clitest"
	"github.com/tsc-go/tsc/internal/cli/jobs"
)

var (
	salesTWBX = filepath.Join("..", "..", "..", "testdata", "workbooks", "Sales.twbx")
	salesTWB  = filepath.Join("..", "..", "..", "testdata", "workbooks", "Sales.twb")
)

func init() { jobs.PollInterval = 10 * time.Millisecond }

func setup(t *testing.T) *clitest.Env {
	t.Helper()
	e := clitest.New(t)
	fin, err := e.Server.SeedProject("", "Finance", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Server.SeedProject("", "Quarterly", fin.ID, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Server.SeedProject("", "Archive", "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Server.SeedUser("", "alice", tsc.SiteRoleCreator); err != nil {
		t.Fatal(err)
	}
	e.Login("")
	return e
}

// publish publishes Sales.twbx into Finance and returns its id.
func publish(t *testing.T, e *clitest.Env, args ...string) string {
	t.Helper()
	out := e.MustRun(append([]string{"workbooks", "publish", salesTWBX, "--project", "Finance", "-o", "json", "--fields", "id"}, args...)...)
	var wb struct{ ID string }
	if err := json.Unmarshal([]byte(out), &wb); err != nil || wb.ID == "" {
		t.Fatalf("publish printed %q (%v)", out, err)
	}
	return wb.ID
}

func TestPublishListGet(t *testing.T) {
	e := setup(t)
	r := e.Run("workbooks", "publish", salesTWBX, "--project", "Finance")
	if r.Code != 0 || r.Stderr != "" {
		t.Fatalf("publish: %d %q %q", r.Code, r.Stdout, r.Stderr)
	}
	e.Golden("publish", r.Stdout)
	e.Golden("publish_json", e.MustRun("workbooks", "publish", salesTWB, "--project", "Finance/Quarterly", "--name", "Sales Plain",
		"--description", "Without extract", "--tabbed", "--hidden-view", "Profit vs Target", "-o", "json"))

	e.Golden("list", e.MustRun("workbooks", "list", "--sort", "name"))
	// Owner names come with the page (fields=owner.name), not by a user
	// lookup per workbook.
	lists, users := e.Server.Handled("GET", "sites/{site}/workbooks"), e.Server.Handled("GET", "sites/{site}/users/{id}")
	if out := e.MustRun("workbooks", "list", "--fields", "ownerName", "-o", "csv"); out != "ownerName\nadmin\nadmin\n" {
		t.Errorf("owner names: %q", out)
	}
	if n, u := e.Server.Handled("GET", "sites/{site}/workbooks")-lists, e.Server.Handled("GET", "sites/{site}/users/{id}")-users; n != 1 || u != 0 {
		t.Errorf("listing 2 workbooks took %d list and %d user requests, want 1 and 0", n, u)
	}
	e.Golden("list_json", e.MustRun("workbooks", "list", "--filter", "projectName:eq:Finance", "-o", "json"))
	byName := e.MustRun("workbooks", "get", "Sales", "--project", "Finance", "-o", "json")
	var wb struct{ ID, Name, ProjectName string }
	json.Unmarshal([]byte(byName), &wb)
	if wb.Name != "Sales" || wb.ProjectName != "Finance" {
		t.Errorf("get by name: %s", byName)
	}
	if byID := e.MustRun("workbooks", "get", wb.ID, "-o", "json"); byID != byName {
		t.Errorf("get by id:\n%s\nby name:\n%s", byID, byName)
	}
	before := e.Server.Handled("GET", "sites/{site}/views")
	e.Golden("views", e.MustRun("workbooks", "views", wb.ID))
	// The workbook's view list has no sheet types: they come from one
	// filtered site view list, not a request per view.
	if n := e.Server.Handled("GET", "sites/{site}/views") - before; n != 1 {
		t.Errorf("workbooks views made %d site view list requests, want 1", n)
	}
	e.Golden("views_json", e.MustRun("workbooks", "views", "Sales", "--usage", "-o", "json"))
	e.Golden("connections", e.MustRun("workbooks", "connections", wb.ID))

	// The name is taken: a conflict, unless --overwrite.
	r = e.Run("workbooks", "publish", salesTWBX, "--project", "Finance")
	if r.Code != 5 || !strings.Contains(r.Stderr, "409") || strings.Count(r.Stderr, "\n") != 1 {
		t.Errorf("publishing over: %d %q", r.Code, r.Stderr)
	}
	if id := publish(t, e, "--overwrite"); id != wb.ID {
		t.Errorf("overwrite made a new workbook %s, want %s", id, wb.ID)
	}
	e.Golden("revisions", e.MustRun("workbooks", "revisions", wb.ID))
	// Revisions print page by page: one a page, --all still gives both,
	// and a limit says what it left out.
	if out := e.MustRun("workbooks", "revisions", wb.ID, "--page-size", "1", "--all", "--fields", "revisionNumber", "-o", "csv"); out != "revisionNumber\n1\n2\n" {
		t.Errorf("revisions, one a page: %q", out)
	}
	if r := e.Run("workbooks", "revisions", wb.ID, "--limit", "1", "-o", "json"); r.Code != 0 || strings.Count(r.Stdout, "revisionNumber") != 1 || !strings.Contains(r.Stderr, "Showing 1 of 2 revisions") {
		t.Errorf("revisions --limit 1: %d %q %q", r.Code, r.Stdout, r.Stderr)
	}

	// Without --project, the default project.
	e.MustRun("workbooks", "publish", salesTWB, "--name", "Scratch")
	if out := e.MustRun("workbooks", "get", "Scratch", "--fields", "projectName", "-o", "csv"); out != "projectName\nDefault\n" {
		t.Errorf("default project: %q", out)
	}
}

func TestPublishAsJob(t *testing.T) {
	e := setup(t)
	out := e.MustRun("workbooks", "publish", salesTWBX, "--project", "Finance", "--as-job", "-o", "json", "--fields", "type,status")
	if !strings.Contains(out, `"type": "PublishWorkbook"`) {
		t.Errorf("as job: %s", out)
	}
	out = e.MustRun("workbooks", "publish", salesTWB, "--project", "Finance", "--name", "Waited", "--as-job", "--wait", "-o", "json", "--fields", "status,finishCode")
	if out != "{\n  \"status\": \"Success\",\n  \"finishCode\": 0\n}\n" {
		t.Errorf("as job, waited: %s", out)
	}
	e.MustRun("workbooks", "get", "Waited")
}

func TestPublishFailures(t *testing.T) {
	e := setup(t)
	dir := t.TempDir()
	empty := filepath.Join(dir, "Empty.twbx")
	os.WriteFile(empty, nil, 0o644)
	csv := filepath.Join(dir, "data.csv")
	os.WriteFile(csv, []byte("a,b\n"), 0o644)
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"missing_file", []string{"workbooks", "publish", filepath.Join(dir, "Nope.twbx"), "--project", "Finance"}, 1, "no such file"},
		{"empty_file", []string{"workbooks", "publish", empty, "--project", "Finance"}, 1, "is empty"},
		{"wrong_type", []string{"workbooks", "publish", csv, "--project", "Finance"}, 2, "must end in .twb, .twbx"},
		{"unknown_project", []string{"workbooks", "publish", salesTWBX, "--project", "Nope"}, 4, `project "Nope" not found`},
		{"unknown_project_id", []string{"workbooks", "publish", salesTWBX, "--project-id", "00000000-0000-4000-8000-000000000000"}, 4, "404"},
		{"two_projects", []string{"workbooks", "publish", salesTWBX, "--project", "Finance", "--project-id", "x"}, 2, "not both"},
		{"password_alone", []string{"workbooks", "publish", salesTWBX, "--db-password", "pw"}, 2, "--db-username"},
		{"wait_alone", []string{"workbooks", "publish", salesTWBX, "--wait"}, 2, "--as-job"},
		{"no_file", []string{"workbooks", "publish"}, 2, "workbook file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.Run(tc.args...)
			if r.Code != tc.code || !strings.Contains(r.Stderr, tc.msg) || r.Stdout != "" {
				t.Errorf("exit %d (want %d), stderr %q (want %q), stdout %q", r.Code, tc.code, r.Stderr, tc.msg, r.Stdout)
			}
			if tc.code == 1 && strings.Count(r.Stderr, "\n") != 1 {
				t.Errorf("not one line: %q", r.Stderr)
			}
		})
	}
	// Files and flags are checked before any request: without a server the
	// error is still about the file.
	bare := clitest.New(t)
	r := bare.Run("workbooks", "publish", filepath.Join(dir, "Nope.twbx"), "--project", "Finance")
	if r.Code != 1 || !strings.Contains(r.Stderr, "Nope.twbx") || strings.Contains(r.Stderr, "server") {
		t.Errorf("missing file without a server: %d %q", r.Code, r.Stderr)
	}
	if r := bare.Run("workbooks", "publish", csv); r.Code != 2 || !strings.Contains(r.Stderr, ".twbx") {
		t.Errorf("wrong type without a server: %d %q", r.Code, r.Stderr)
	}
	e.Golden("publish_unknown_project", e.Run("workbooks", "publish", salesTWBX, "--project", "Nope").Stderr)
}

func TestDownload(t *testing.T) {
	e := setup(t)
	id := publish(t, e)
	want, _ := os.ReadFile(salesTWBX)

	dir := t.TempDir()
	r := e.Run("workbooks", "download", id, "--out", dir)
	if r.Code != 0 || r.Stdout != "" || !strings.HasPrefix(r.Stderr, "Saved "+dir) {
		t.Fatalf("download to a directory: %d %q %q", r.Code, r.Stdout, r.Stderr)
	}
	files, _ := os.ReadDir(dir)
	if len(files) != 1 {
		t.Fatalf("files in %s: %v", dir, files)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, files[0].Name())); !bytes.Equal(got, want) {
		t.Errorf("%s differs from what was published", files[0].Name())
	}

	path := filepath.Join(dir, "copy.twbx")
	e.MustRun("workbooks", "download", "Sales", "--project", "Finance", "--out", path, "-q")
	if got, _ := os.ReadFile(path); !bytes.Equal(got, want) {
		t.Error("download to a path differs")
	}
	r = e.Run("workbooks", "download", id, "--out", path)
	if r.Code != 1 || !strings.Contains(r.Stderr, "already exists (use --overwrite") {
		t.Errorf("download over a file: %d %q", r.Code, r.Stderr)
	}
	e.MustRun("workbooks", "download", id, "--out", path, "--overwrite", "--no-extract")

	r = e.Run("workbooks", "download", id, "--out", "-")
	if r.Code != 0 || r.Stdout != string(want) || r.Stderr != "" {
		t.Errorf("download to stdout: %d, %d bytes, stderr %q", r.Code, len(r.Stdout), r.Stderr)
	}
	if r := e.Run("workbooks", "download", id, "--out", filepath.Join(dir, "no", "such", "dir/")); r.Code != 1 || !strings.Contains(r.Stderr, "does not exist") {
		t.Errorf("download into a missing directory: %d %q", r.Code, r.Stderr)
	}
	r = e.Run("workbooks", "download", "00000000-0000-4000-8000-000000000000", "--out", dir)
	if r.Code != 4 || !strings.Contains(r.Stderr, "404") || strings.Count(r.Stderr, "\n") != 1 {
		t.Errorf("unknown workbook: %d %q", r.Code, r.Stderr)
	}
	e.Golden("download_not_found", r.Stderr)
	if r := e.Run("workbooks", "download", "Nope", "--out", dir); r.Code != 4 || r.Stderr != "error: workbook \"Nope\" not found\n" {
		t.Errorf("unknown name: %d %q", r.Code, r.Stderr)
	}
}

func TestProgressOnTerminalOnly(t *testing.T) {
	e := setup(t)
	e.TTY = true
	r := e.Run("workbooks", "publish", salesTWBX, "--project", "Finance")
	if r.Code != 0 || !strings.Contains(r.Stderr, "Publishing Sales.twbx") || !strings.Contains(r.Stderr, "kB") {
		t.Errorf("no progress bar on a terminal: %d %q", r.Code, r.Stderr)
	}
	dir := t.TempDir()
	r = e.Run("workbooks", "download", "Sales", "--out", dir)
	if r.Code != 0 || !strings.Contains(r.Stderr, "Downloading Sales") || !strings.Contains(r.Stderr, "Saved ") {
		t.Errorf("no download bar on a terminal: %d %q", r.Code, r.Stderr)
	}
	r = e.Run("workbooks", "publish", salesTWBX, "--project", "Finance", "--overwrite", "-q")
	if r.Code != 0 || r.Stderr != "" {
		t.Errorf("--quiet on a terminal: %q", r.Stderr)
	}
	e.TTY = false
	r = e.Run("workbooks", "publish", salesTWBX, "--project", "Finance", "--overwrite")
	if r.Code != 0 || r.Stderr != "" {
		t.Errorf("progress off a terminal: %q", r.Stderr)
	}
	e.TTY = true
	r = e.Run("workbooks", "refresh", "Sales", "--wait")
	if r.Code != 0 || !strings.Contains(r.Stderr, "Refreshing Sales") {
		t.Errorf("no spinner on a terminal: %d %q", r.Code, r.Stderr)
	}
}

func plantJobFault(t *testing.T, e *clitest.Env, body string) {
	t.Helper()
	req, _ := http.NewRequest("POST", e.Server.URL+"/_emulator/jobs/faults", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+e.Server.ControlToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		t.Fatalf("planting a job fault: %s", resp.Status)
	}
}

func TestRefresh(t *testing.T) {
	e := setup(t)
	id := publish(t, e)
	out := e.MustRun("workbooks", "refresh", id, "-o", "json", "--fields", "type,status,workbookId")
	if !strings.Contains(out, `"type": "RefreshExtract"`) || !strings.Contains(out, id) {
		t.Errorf("refresh: %s", out)
	}
	e.Golden("refresh_wait", e.MustRun("workbooks", "refresh", "Sales", "--wait"))

	plantJobFault(t, e, `{"type":"RefreshExtract","notes":"The database is unreachable."}`)
	r := e.Run("workbooks", "refresh", id, "--wait")
	if r.Code != 1 || !strings.Contains(r.Stderr, "failed: The database is unreachable.") || strings.Count(r.Stderr, "\n") != 1 || r.Stdout != "" {
		t.Errorf("failed refresh: %d %q %q", r.Code, r.Stdout, r.Stderr)
	}
	e.Golden("refresh_failed", r.Stderr)

	e.MustRun("workbooks", "publish", salesTWB, "--project", "Finance", "--name", "Live")
	r = e.Run("workbooks", "refresh", "Live")
	if r.Code != 1 || !strings.Contains(r.Stderr, "400") {
		t.Errorf("refreshing a workbook without extracts: %d %q", r.Code, r.Stderr)
	}
	if r := e.Run("workbooks", "refresh", id, "--wait-timeout", "1m"); r.Code != 2 {
		t.Errorf("--wait-timeout without --wait: %d", r.Code)
	}
}

func TestUpdateTagsConnectionsDelete(t *testing.T) {
	e := setup(t)
	id := publish(t, e)
	e.Golden("update", e.MustRun("workbooks", "update", id, "--name", "Sales 2024", "--description", "FY24", "--move-to", "Archive", "--owner", "alice", "--tabbed=false"))
	if out := e.MustRun("workbooks", "get", id, "--fields", "name,projectName,showTabs", "-o", "csv"); out != "name,projectName,showTabs\nSales 2024,Archive,false\n" {
		t.Errorf("after update: %q", out)
	}
	e.Golden("tags_add", e.MustRun("workbooks", "tags", "add", id, "finance", "kpi"))
	if out := e.MustRun("workbooks", "tags", "remove", id, "kpi"); out != "Removed 1 tag(s) from workbook Sales 2024\n" {
		t.Errorf("tags remove: %q", out)
	}
	if out := e.MustRun("workbooks", "get", id, "--fields", "tags", "-o", "json"); !strings.Contains(out, `"finance"`) || strings.Contains(out, "kpi") {
		t.Errorf("tags after remove: %s", out)
	}

	var conns []struct{ ID, Type string }
	json.Unmarshal([]byte(e.MustRun("workbooks", "connections", id, "-o", "json")), &conns)
	if len(conns) == 0 {
		t.Fatal("no connections")
	}
	e.Golden("update_connection", e.MustRun("workbooks", "update-connection", id, conns[0].ID, "--server-address", "db2.example.com",
		"--server-port", "6543", "--username", "etl", "--password", "s3cret", "--embed-password"))
	for _, args := range [][]string{
		{"workbooks", "update-connection", id, conns[0].ID},
		{"workbooks", "update-connection", id, conns[0].ID, "--server-port", "http"},
		{"workbooks", "update", id},
		{"workbooks", "tags", "add", id},
	} {
		if r := e.Run(args...); r.Code != 2 {
			t.Errorf("%v: exit %d, want 2 (%q)", args, r.Code, r.Stderr)
		}
	}
	if out := e.MustRun("workbooks", "delete", id); out != "Deleted workbook Sales 2024 ("+id+")\n" {
		t.Errorf("delete: %q", out)
	}
	if r := e.Run("workbooks", "get", id); r.Code != 4 || !strings.Contains(r.Stderr, "404") {
		t.Errorf("get after delete: %d %q", r.Code, r.Stderr)
	}
}

func TestExports(t *testing.T) {
	e := setup(t)
	id := publish(t, e)
	dir := t.TempDir()
	for verb, magic := range map[string]string{"preview-image": "\x89PNG", "pdf": "%PDF", "powerpoint": "PK\x03\x04"} {
		path := filepath.Join(dir, verb)
		r := e.Run("workbooks", verb, id, "--out", path)
		if r.Code != 0 || !strings.HasPrefix(r.Stderr, "Saved "+path) {
			t.Errorf("%s: %d %q", verb, r.Code, r.Stderr)
			continue
		}
		if b, _ := os.ReadFile(path); !bytes.HasPrefix(b, []byte(magic)) {
			t.Errorf("%s wrote %q...", verb, b[:min(len(b), 8)])
		}
	}
	r := e.Run("workbooks", "pdf", "Sales", "--page-type", "a4", "--orientation", "landscape", "--max-age", "5", "--out", "-")
	if r.Code != 0 || !strings.HasPrefix(r.Stdout, "%PDF") || r.Stderr != "" {
		t.Errorf("pdf to stdout: %d %q", r.Code, r.Stderr)
	}
	for _, args := range [][]string{
		{"workbooks", "pdf", id, "--page-type", "A0", "--out", "-"},
		{"workbooks", "pdf", id, "--orientation", "Sideways", "--out", "-"},
		{"workbooks", "powerpoint", id, "--max-age", "-1", "--out", "-"},
		{"workbooks", "pdf", id, "--out", dir},
	} {
		if r := e.Run(args...); r.Code != 2 {
			t.Errorf("%v: exit %d, want 2 (%q)", args, r.Code, r.Stderr)
		}
	}
	e.TTY = true
	if r := e.Run("workbooks", "pdf", id); r.Code != 2 || !strings.Contains(r.Stderr, "--out") {
		t.Errorf("binary to a terminal: %d %q", r.Code, r.Stderr)
	}
	if r := e.Run("workbooks", "pdf", id, "--out", filepath.Join(dir, "pdf")); r.Code != 1 || !strings.Contains(r.Stderr, "already exists") {
		t.Errorf("over an existing file: %d %q", r.Code, r.Stderr)
	}
}

func TestPermissionRefused(t *testing.T) {
	e := setup(t)
	u, _ := e.Server.SeedUser("", "viewer", tsc.SiteRoleViewer)
	e.Server.SetPassword(u.ID, "pw-viewer-1")
	e.MustRun("login", "-s", e.Server.URL, "-u", "viewer", "-p", "pw-viewer-1")
	r := e.Run("workbooks", "publish", salesTWBX, "--project", "Finance")
	if r.Code != 7 || !strings.Contains(r.Stderr, "403") || strings.Count(r.Stderr, "\n") != 1 {
		t.Errorf("a viewer publishing: %d %q", r.Code, r.Stderr)
	}
	e.Golden("publish_forbidden", r.Stderr)
}
