package datasources_test

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

func testfile(name string) string {
	return filepath.Join("..", "..", "..", "testdata", "datasources", name)
}

func init() { jobs.PollInterval = 10 * time.Millisecond }

func setup(t *testing.T) *clitest.Env {
	t.Helper()
	e := clitest.New(t)
	if _, err := e.Server.SeedProject("", "Finance", "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Server.SeedProject("", "Archive", "", ""); err != nil {
		t.Fatal(err)
	}
	e.Login("")
	return e
}

func publish(t *testing.T, e *clitest.Env, file string, args ...string) string {
	t.Helper()
	out := e.MustRun(append([]string{"datasources", "publish", testfile(file), "--project", "Finance", "-o", "json", "--fields", "id"}, args...)...)
	var ds struct{ ID string }
	if err := json.Unmarshal([]byte(out), &ds); err != nil || ds.ID == "" {
		t.Fatalf("publish printed %q (%v)", out, err)
	}
	return ds.ID
}

func TestPublishListGet(t *testing.T) {
	e := setup(t)
	r := e.Run("datasources", "publish", testfile("Orders.tdsx"), "--project", "Finance")
	if r.Code != 0 || r.Stderr != "" {
		t.Fatalf("publish: %d %q", r.Code, r.Stderr)
	}
	e.Golden("publish", r.Stdout)
	e.Golden("publish_json", e.MustRun("datasources", "publish", testfile("Orders.tds"), "--project", "Finance", "--name", "Orders Live",
		"--description", "Straight from the warehouse", "--db-username", "reporter", "--db-password", "pw", "--save-db-password", "-o", "json"))
	e.Golden("list", e.MustRun("datasources", "list", "--sort", "name"))
	byName := e.MustRun("datasources", "get", "Orders", "-o", "json")
	var ds struct{ ID string }
	json.Unmarshal([]byte(byName), &ds)
	if byID := e.MustRun("datasources", "get", ds.ID, "-o", "json"); byID != byName {
		t.Errorf("by id:\n%s\nby name:\n%s", byID, byName)
	}
	e.Golden("connections", e.MustRun("datasources", "connections", "Orders Live"))
	if r := e.Run("datasources", "get", "Nope"); r.Code != 4 || r.Stderr != "error: data source \"Nope\" not found\n" {
		t.Errorf("unknown: %d %q", r.Code, r.Stderr)
	}
}

func TestPublishModes(t *testing.T) {
	e := setup(t)
	id := publish(t, e, "Orders.hyper")
	if r := e.Run("datasources", "publish", testfile("Orders.hyper"), "--project", "Finance"); r.Code != 5 || !strings.Contains(r.Stderr, "409") {
		t.Errorf("publishing over: %d %q", r.Code, r.Stderr)
	}
	if got := publish(t, e, "Orders.hyper", "--append"); got != id {
		t.Errorf("append made %s, want %s", got, id)
	}
	if got := publish(t, e, "Orders.hyper", "--overwrite"); got != id {
		t.Errorf("overwrite made %s, want %s", got, id)
	}
	e.Golden("revisions", e.MustRun("datasources", "revisions", id, "--fields", "revisionNumber,current,publisherName"))
	out := e.MustRun("datasources", "publish", testfile("Orders.tdsx"), "--project", "Finance", "--name", "Queued", "--as-job", "--wait", "-o", "json", "--fields", "type,status")
	if out != "{\n  \"type\": \"PublishDatasource\",\n  \"status\": \"Success\"\n}\n" {
		t.Errorf("as job: %s", out)
	}
}

func TestPublishFailures(t *testing.T) {
	e := setup(t)
	dir := t.TempDir()
	twb := filepath.Join(dir, "x.twb")
	os.WriteFile(twb, []byte("<workbook/>"), 0o644)
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"missing_file", []string{"datasources", "publish", filepath.Join(dir, "Nope.hyper")}, 1, "no such file"},
		{"wrong_type", []string{"datasources", "publish", twb}, 2, ".tds, .tdsx, .tde, .hyper, .parquet"},
		{"append_overwrite", []string{"datasources", "publish", testfile("Orders.hyper"), "--append", "--overwrite"}, 2, "cannot be used together"},
		{"unknown_project", []string{"datasources", "publish", testfile("Orders.hyper"), "--project", "Nope"}, 4, `project "Nope" not found`},
		{"append_to_nothing", []string{"datasources", "publish", testfile("Orders.hyper"), "--project", "Finance", "--append", "--name", "Ghost"}, 4, "404"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.Run(tc.args...)
			if r.Code != tc.code || !strings.Contains(r.Stderr, tc.msg) || r.Stdout != "" {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", r.Code, tc.code, r.Stderr, tc.msg)
			}
		})
	}
}

func TestUpdateDownloadDelete(t *testing.T) {
	e := setup(t)
	id := publish(t, e, "Orders.tdsx")
	e.Golden("update_certified", e.MustRun("datasources", "update", id, "--certified", "--certification-note", "Reconciled with finance", "-o", "json"))
	if out := e.MustRun("datasources", "list", "--filter", "isCertified:eq:true", "--fields", "name,isCertified,certificationNote", "-o", "csv"); out != "name,isCertified,certificationNote\nOrders,true,Reconciled with finance\n" {
		t.Errorf("certified list: %q", out)
	}
	e.MustRun("datasources", "update", "Orders", "--certified=false", "--name", "Orders 2024", "--move-to", "Archive")
	if out := e.MustRun("datasources", "get", id, "--fields", "name,projectName,isCertified", "-o", "csv"); out != "name,projectName,isCertified\nOrders 2024,Archive,false\n" {
		t.Errorf("after update: %q", out)
	}
	if r := e.Run("datasources", "update", id); r.Code != 2 {
		t.Errorf("nothing to update: %d", r.Code)
	}

	want, _ := os.ReadFile(testfile("Orders.tdsx"))
	dir := t.TempDir()
	r := e.Run("datasources", "download", id, "--out", dir)
	if r.Code != 0 || !strings.HasPrefix(r.Stderr, "Saved ") {
		t.Fatalf("download: %d %q", r.Code, r.Stderr)
	}
	files, _ := os.ReadDir(dir)
	if len(files) != 1 {
		t.Fatalf("files: %v", files)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, files[0].Name())); !bytes.Equal(got, want) {
		t.Error("downloaded bytes differ")
	}
	if r := e.Run("datasources", "download", id, "--out", "-", "--no-extract"); r.Code != 0 || len(r.Stdout) == 0 {
		t.Errorf("to stdout: %d %q", r.Code, r.Stderr)
	}
	if r := e.Run("datasources", "download", id, "--out", filepath.Join(dir, files[0].Name())); r.Code != 1 || !strings.Contains(r.Stderr, "already exists") {
		t.Errorf("over a file: %d %q", r.Code, r.Stderr)
	}

	e.Golden("tags_add", e.MustRun("datasources", "tags", "add", id, "certified", "finance"))
	e.MustRun("datasources", "tags", "remove", id, "finance", "certified")
	if out := e.MustRun("datasources", "get", id, "--fields", "tags", "-o", "json"); out != "{\n  \"tags\": []\n}\n" {
		t.Errorf("tags after remove: %q", out)
	}
	if out := e.MustRun("datasources", "delete", id); out != "Deleted data source Orders 2024 ("+id+")\n" {
		t.Errorf("delete: %q", out)
	}
}

func TestConnectionsAndRefresh(t *testing.T) {
	e := setup(t)
	live := publish(t, e, "Orders.tds")
	var conns []struct{ ID string }
	json.Unmarshal([]byte(e.MustRun("datasources", "connections", live, "-o", "json")), &conns)
	if len(conns) != 1 {
		t.Fatalf("connections: %v", conns)
	}
	e.Golden("update_connection", e.MustRun("datasources", "update-connection", live, conns[0].ID, "--server-address", "replica.example.com", "--username", "etl", "--password", "s3cret", "--embed-password", "-o", "json"))

	extract := publish(t, e, "Orders.hyper", "--name", "Orders Extract")
	e.Golden("refresh_wait_json", e.MustRun("datasources", "refresh", extract, "--wait", "-o", "json", "--fields", "type,status,progress,finishCode,datasourceId,notes"))
	req, _ := http.NewRequest("POST", e.Server.URL+"/_emulator/jobs/faults", strings.NewReader(`{"type":"RefreshExtract","notes":"Out of disk space."}`))
	req.Header.Set("Authorization", "Bearer "+e.Server.ControlToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("planting a job fault: %s", resp.Status)
	}
	r := e.Run("datasources", "refresh", "Orders Extract", "--wait")
	if r.Code != 1 || !strings.Contains(r.Stderr, "Out of disk space.") || strings.Count(r.Stderr, "\n") != 1 {
		t.Errorf("failed refresh: %d %q", r.Code, r.Stderr)
	}
}

func TestPermissionRefused(t *testing.T) {
	e := setup(t)
	publish(t, e, "Orders.tdsx")
	u, _ := e.Server.SeedUser("", "viewer", tsc.SiteRoleViewer)
	e.Server.SetPassword(u.ID, "pw-viewer-1")
	e.MustRun("login", "-s", e.Server.URL, "-u", "viewer", "-p", "pw-viewer-1")
	r := e.Run("datasources", "download", "Orders", "--out", t.TempDir())
	if r.Code != 7 || !strings.Contains(r.Stderr, "403") || strings.Count(r.Stderr, "\n") != 1 {
		t.Errorf("a viewer downloading: %d %q", r.Code, r.Stderr)
	}
	e.Golden("download_forbidden", r.Stderr)
}
