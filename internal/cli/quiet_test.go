package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsc-go/tsc/internal/cli/clitest"
	"github.com/tsc-go/tsc/internal/cli/demo"
)

// TestQuietSilencesSuccessMessages runs, with -q, a command of each kind
// that reports success with a message (sign-in, create, publish, export
// and download to a file, user and group files, refresh, delete, sign-out),
// tabcmd's and the noun-verb ones: each succeeds and prints nothing at all.
// Without -q the same kinds of command do print (checked first), so the
// test cannot pass by running commands that are silent anyway. Data asked
// for (a list, a get, the object a noun-verb create prints) is output, not
// a message, and -q leaves it.
func TestQuietSilencesSuccessMessages(t *testing.T) {
	e := clitest.New(t)
	dir := t.TempDir()
	wb := filepath.Join(dir, demo.SampleName)
	if err := os.WriteFile(wb, demo.SampleWorkbook, 0o644); err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	users := write("users.csv", "dana,Secret-1,Dana D,Explorer,None,No\nerin,Secret-2,Erin E,Viewer,None,No\n")
	members := write("members.csv", "dana\nerin\n")
	leavers := write("leavers.csv", "erin\n")
	login := []string{"login", "-s", e.Server.URL, "-u", e.Server.AdminUsername, "-p", e.Server.AdminPassword}

	// Loud first: these print a success line without -q.
	for _, args := range [][]string{login, {"createproject", "-n", "Loud"}, {"deleteproject", "Loud"}} {
		if out := e.MustRun(args...); out == "" {
			t.Fatalf("tabctl %s printed nothing without -q", strings.Join(args, " "))
		}
	}

	for _, args := range [][]string{
		login,
		{"createproject", "-n", "Finance"},
		{"createproject", "-n", "Finance", "--continue-if-exists"},
		{"creategroup", "Developers"},
		{"createsite", "Scratch", "-r", "scratch"},
		{"editsite", "scratch", "--site-name", "Scratch Two"},
		{"createsiteusers", users},
		{"addusers", "Developers", "--users", members},
		{"removeusers", "Developers", "--users", leavers},
		{"deletesiteusers", leavers},
		{"publish", wb, "-r", "Finance"},
		{"publish", wb, "-r", "Finance", "-o"},
		{"get", "/workbooks/Superstore.twbx", "-f", filepath.Join(dir, "copy.twbx")},
		{"get", "/views/Superstore/Overview.png", "-f", filepath.Join(dir, "o.png")},
		{"export", "Superstore/Overview", "--csv", "-f", filepath.Join(dir, "o.csv")},
		{"export", "Superstore", "--fullpdf", "-f", filepath.Join(dir, "all.pdf")},
		{"refreshextracts", "--workbook", "Superstore"},
		{"projects", "create", "Scratch", "-o", "json"},
		{"projects", "delete", "Scratch", "--yes"},
		{"users", "remove", "dana", "--yes"},
		{"groups", "delete", "Developers", "--yes"},
		{"delete", "Superstore"},
		{"deleteproject", "Finance"},
		{"deletesite", "scratch", "-u", e.Server.AdminUsername, "-p", e.Server.AdminPassword},
		{"logout"},
	} {
		args := append(args, "-q")
		r := e.Run(args...)
		name := strings.Join(args, " ")
		if r.Code != 0 {
			t.Errorf("tabctl %s: exit %d, stderr %q", name, r.Code, r.Stderr)
			continue
		}
		// A noun-verb create prints the object it made, which is data.
		if r.Stderr != "" || (r.Stdout != "" && args[0] != "projects") {
			t.Errorf("tabctl %s printed:\nstdout: %q\nstderr: %q", name, r.Stdout, r.Stderr)
		}
	}
}
