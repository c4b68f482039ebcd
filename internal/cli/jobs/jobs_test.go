package jobs_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/clitest"
	"github.com/tsc-go/tsc/internal/cli/jobs"
)

func init() { jobs.PollInterval = 10 * time.Millisecond }

// setup publishes an extract data source and returns its name.
func setup(t *testing.T) *clitest.Env {
	t.Helper()
	e := clitest.New(t)
	if _, err := e.Server.SeedProject("", "Finance", "", ""); err != nil {
		t.Fatal(err)
	}
	e.Login("")
	e.MustRun("datasources", "publish", filepath.Join("..", "..", "..", "testdata", "datasources", "Orders.hyper"), "--project", "Finance")
	return e
}

func refresh(t *testing.T, e *clitest.Env) string {
	t.Helper()
	var j struct{ ID string }
	if err := json.Unmarshal([]byte(e.MustRun("datasources", "refresh", "Orders", "-o", "json")), &j); err != nil || j.ID == "" {
		t.Fatalf("refresh: %v", err)
	}
	return j.ID
}

func TestGetWaitList(t *testing.T) {
	e := setup(t)
	id := refresh(t, e)
	var j struct{ ID, Type, Status string }
	json.Unmarshal([]byte(e.MustRun("jobs", "get", id, "-o", "json")), &j)
	if j.ID != id || j.Type != "RefreshExtract" || (j.Status != "Pending" && j.Status != "InProgress") {
		t.Errorf("get: %+v", j)
	}
	e.Golden("wait", e.MustRun("jobs", "wait", id))
	e.Golden("get_done_json", e.MustRun("jobs", "get", id, "-o", "json"))
	e.Golden("list", e.MustRun("jobs", "list", "--filter", "jobType:eq:refresh_extracts", "--sort", "createdAt:desc"))
	if out := e.MustRun("jobs", "list", "--filter", "status:eq:Success", "--fields", "id", "-o", "csv"); out != "id\n"+id+"\n" {
		t.Errorf("list by status: %q", out)
	}
	r := e.Run("jobs", "get", "00000000-0000-4000-8000-000000000000")
	if r.Code != 4 || !strings.Contains(r.Stderr, "404") || strings.Count(r.Stderr, "\n") != 1 {
		t.Errorf("unknown job: %d %q", r.Code, r.Stderr)
	}
	e.Golden("get_not_found", r.Stderr)
}

func TestCancel(t *testing.T) {
	e := setup(t)
	id := refresh(t, e)
	if out := e.MustRun("jobs", "cancel", id); out != "Asked to cancel job "+id+"\n" {
		t.Errorf("cancel: %q", out)
	}
	r := e.Run("jobs", "wait", id)
	if r.Code != 1 || !strings.Contains(r.Stderr, "was cancelled") || strings.Count(r.Stderr, "\n") != 1 || r.Stdout != "" {
		t.Errorf("wait for a cancelled job: %d %q %q", r.Code, r.Stdout, r.Stderr)
	}
	e.Golden("wait_cancelled", r.Stderr)
	// Cancelling a finished job leaves it as it is.
	e.MustRun("jobs", "cancel", id)
}

func TestWaitTimeout(t *testing.T) {
	e := setup(t)
	id := refresh(t, e)
	r := e.Run("jobs", "wait", id, "--wait-timeout", "1ms")
	if r.Code != 6 || !strings.Contains(r.Stderr, "deadline exceeded") || strings.Count(r.Stderr, "\n") != 1 {
		t.Errorf("timeout: %d %q", r.Code, r.Stderr)
	}
	if r := e.Run("jobs", "wait", id, "--wait-timeout", "-1s"); r.Code != 2 {
		t.Errorf("negative timeout: %d", r.Code)
	}
	e.TTY = true
	r = e.Run("jobs", "wait", id)
	if r.Code != 0 || !strings.Contains(r.Stderr, "Waiting for job "+id) {
		t.Errorf("spinner on a terminal: %d %q", r.Code, r.Stderr)
	}
	e.TTY = false
	if r := e.Run("jobs", "wait", id); r.Code != 0 || r.Stderr != "" {
		t.Errorf("no spinner off a terminal: %q", r.Stderr)
	}
}

func TestPermissionRefused(t *testing.T) {
	e := setup(t)
	u, _ := e.Server.SeedUser("", "creator", tsc.SiteRoleCreator)
	e.Server.SetPassword(u.ID, "pw-creator-1")
	e.MustRun("login", "-s", e.Server.URL, "-u", "creator", "-p", "pw-creator-1")
	r := e.Run("jobs", "list")
	if r.Code != 7 || !strings.Contains(r.Stderr, "403") || strings.Count(r.Stderr, "\n") != 1 {
		t.Errorf("a creator listing jobs: %d %q", r.Code, r.Stderr)
	}
	e.Golden("list_forbidden", r.Stderr)
	if r := e.Run("jobs", "list", "--filter", "status"); r.Code != 2 {
		t.Errorf("bad filter: %d", r.Code)
	}
}
