package cli_test

import (
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/tsc-go/tsc/internal/cli/clitest"
	"github.com/tsc-go/tsc/tsctest"
)

// TestCLIOnCloud: tabctl against the emulator as Tableau Cloud. Login with
// a token and a site, admin and content commands as on Server; a password
// login and the server-level commands get Cloud's refusal, said plainly.
func TestCLIOnCloud(t *testing.T) {
	e := clitest.New(t, tsctest.WithCloudSite("acme"))
	srv := e.Server

	r := e.Run("login", "-s", srv.URL, "-t", "acme", "-u", srv.AdminUsername, "-p", srv.AdminPassword)
	if r.Code != 3 || !strings.Contains(r.Stderr, "multi-factor") {
		t.Fatalf("password login on Cloud: exit %d, stderr %q; want 3 and the reason", r.Code, r.Stderr)
	}
	if out := e.MustRun("login", "-s", srv.URL, "-t", "acme", "--token-name", srv.TokenName, "--token-value", srv.TokenSecret); !strings.Contains(out, "site acme") {
		t.Fatalf("login output %q", out)
	}

	e.MustRun("users", "add", "ann@example.com", "--role", "Creator")
	if out := e.MustRun("users", "list"); !strings.Contains(out, "ann@example.com") {
		t.Fatalf("users list: %q", out)
	}
	r = e.Run("users", "add", "root@example.com", "--role", "ServerAdministrator")
	if r.Code == 0 || !strings.Contains(r.Stderr, "400013") {
		t.Fatalf("add a ServerAdministrator on Cloud: exit %d, stderr %q", r.Code, r.Stderr)
	}
	e.MustRun("projects", "create", "Finance")
	_, file, _, _ := runtime.Caller(0)
	sales := filepath.Join(filepath.Dir(file), "..", "..", "testdata", "workbooks", "Sales.twbx")
	e.MustRun("workbooks", "publish", sales, "--project", "Finance")
	if out := e.MustRun("workbooks", "list"); !strings.Contains(out, "Sales") {
		t.Fatalf("workbooks list: %q", out)
	}

	if out := e.MustRun("sites", "list"); strings.Count(strings.TrimSpace(out), "\n") != 1 || !strings.Contains(out, "acme") {
		t.Fatalf("sites list on Cloud shows other than the one site: %q", out)
	}
	r = e.Run("sites", "create", "New", "--content-url", "new")
	if r.Code == 0 || !strings.Contains(r.Stderr, "isn't available for Tableau Cloud") {
		t.Fatalf("sites create on Cloud: exit %d, stderr %q", r.Code, r.Stderr)
	}
	r = e.Run("sites", "delete", "--yes")
	if r.Code == 0 || !strings.Contains(r.Stderr, "isn't available for Tableau Cloud") {
		t.Fatalf("sites delete on Cloud: exit %d, stderr %q", r.Code, r.Stderr)
	}

	// The tabcmd verbs, as a tabcmd script for Cloud writes them.
	e.MustRun("createproject", "-n", "Marketing")
	if out := e.MustRun("listsites"); !strings.Contains(out, "acme") {
		t.Fatalf("listsites on Cloud: %q", out)
	}
	r = e.Run("createsite", "New", "-r", "new")
	if r.Code == 0 || !strings.Contains(r.Stderr, "isn't available for Tableau Cloud") {
		t.Fatalf("createsite on Cloud: exit %d, stderr %q", r.Code, r.Stderr)
	}
}
