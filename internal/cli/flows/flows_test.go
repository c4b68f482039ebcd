package flows_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tsc-go/tsc/internal/cli/clitest"
	"github.com/tsc-go/tsc/internal/cli/jobs"
)

func testfile(name string) string {
	return filepath.Join("..", "..", "..", "testdata", "flows", name)
}

func init() { jobs.PollInterval = 10 * time.Millisecond }

func setup(t *testing.T) *clitest.Env {
	t.Helper()
	e := clitest.New(t)
	if _, err := e.Server.SeedProject("", "Finance", "", ""); err != nil {
		t.Fatal(err)
	}
	e.Login("")
	return e
}

func TestFlowsEndToEnd(t *testing.T) {
	e := setup(t)
	out := e.MustRun("flows", "publish", testfile("Sales Prep.tfl"), "--project", "Finance", "-o", "json")
	var fl struct{ ID, Name, FileType, ProjectName string }
	if err := json.Unmarshal([]byte(out), &fl); err != nil || fl.ID == "" || fl.Name != "Sales Prep" || fl.FileType != "tfl" || fl.ProjectName != "Finance" {
		t.Fatalf("publish printed %q (%v)", out, err)
	}
	if r := e.Run("flows", "publish", testfile("Sales Prep.tfl"), "--project", "Finance"); r.Code == 0 {
		t.Error("publishing over a flow without --overwrite succeeded")
	}
	e.MustRun("flows", "publish", testfile("Sales Prep.tflx"), "--project", "Finance", "--overwrite")
	if r := e.Run("flows", "publish", filepath.Join(t.TempDir(), "x.twbx")); r.Code == 0 {
		t.Error("a non-flow file was taken")
	}
	if list := e.MustRun("flows", "list"); !strings.Contains(list, "Sales Prep") || !strings.Contains(list, "tflx") {
		t.Errorf("list: %s", list)
	}
	if got := e.MustRun("flows", "get", "Sales Prep", "-o", "json", "--fields", "id"); !strings.Contains(got, fl.ID) {
		t.Errorf("get by name: %s", got)
	}
	if conns := e.MustRun("flows", "connections", "Sales Prep"); !strings.Contains(conns, "postgres") || !strings.Contains(conns, "sales-db.example.com") {
		t.Errorf("connections: %s", conns)
	}
	e.MustRun("flows", "tags", "add", "Sales Prep", "etl")
	if revs := e.MustRun("flows", "revisions", "Sales Prep"); strings.Count(revs, "\n") < 3 {
		t.Errorf("revisions: %s", revs)
	}
	dir := t.TempDir()
	e.MustRun("flows", "download", "Sales Prep", "--out", dir)
	if st, err := os.Stat(filepath.Join(dir, "Sales Prep.tflx")); err != nil || st.Size() == 0 {
		t.Errorf("download: %v", err)
	}
	e.MustRun("flows", "update", "Sales Prep", "--description", "Nightly")
	if r := e.Run("flows", "update", "Sales Prep"); r.Code == 0 {
		t.Error("an update with nothing to change succeeded")
	}

	// Run and wait; the run is in flow-runs.
	out = e.MustRun("flows", "run", "Sales Prep", "-o", "json")
	var run struct{ ID, Status, BackgroundJobID string }
	if err := json.Unmarshal([]byte(out), &run); err != nil || run.ID == "" || run.Status != "Pending" || run.BackgroundJobID == "" {
		t.Fatalf("run printed %q (%v)", out, err)
	}
	if runs := e.MustRun("flow-runs", "list"); !strings.Contains(runs, run.ID) {
		t.Errorf("flow-runs list: %s", runs)
	}
	if got := e.MustRun("flow-runs", "get", run.ID, "-o", "json"); !strings.Contains(got, run.ID) {
		t.Errorf("flow-runs get: %s", got)
	}
	e.MustRun("flow-runs", "cancel", run.ID)
	r := e.Run("flow-runs", "wait", run.ID, "-o", "json")
	if r.Code == 0 || !strings.Contains(r.Stdout, "Cancelled") {
		t.Errorf("wait on a cancelled run: %d %q %q", r.Code, r.Stdout, r.Stderr)
	}
	out = e.MustRun("flows", "run", "Sales Prep", "--wait", "-o", "json")
	if !strings.Contains(out, `"status": "Success"`) && !strings.Contains(out, `"status":"Success"`) {
		t.Errorf("run --wait: %s", out)
	}
	if ds := e.MustRun("datasources", "list"); !strings.Contains(ds, "Sales Prep Output") {
		t.Errorf("the run published no data source: %s", ds)
	}

	// tabcmd's list flows.
	if l := e.MustRun("list", "flows", "-n"); !strings.Contains(l, fl.ID) || !strings.Contains(l, "Sales Prep") {
		t.Errorf("list flows: %s", l)
	}
	e.MustRun("flows", "delete", "Sales Prep")
	if r := e.Run("flows", "get", fl.ID); r.Code == 0 {
		t.Error("a deleted flow is still there")
	}
}
