package tabcmd_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/clitest"
	"github.com/tsc-go/tsc/internal/cli/demo"
	"github.com/tsc-go/tsc/tsctest"
)

// contentEnv is a signed-in environment with project Finance, the demo's
// sample workbook published into it, and a directory for files.
func contentEnv(t *testing.T) (*clitest.Env, string) {
	t.Helper()
	e := clitest.New(t)
	e.Login("")
	e.MustRun("createproject", "-n", "Finance")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, demo.SampleName), demo.SampleWorkbook, 0o644); err != nil {
		t.Fatal(err)
	}
	return e, dir
}

func TestPublish(t *testing.T) {
	t.Parallel()
	e, dir := contentEnv(t)
	wb := filepath.Join(dir, demo.SampleName)
	os.Mkdir(filepath.Join(dir, "folder.twbx"), 0o755)
	out := run(t, e, 0, "publish", wb, "-r", "Finance")
	out += run(t, e, 1, "publish", wb, "-r", "Finance")
	out += run(t, e, 0, "publish", wb, "-r", "Finance", "-o")
	out += run(t, e, 0, "publish", wb, "-n", "Superstore Tabs", "-r", "Finance", "--tabbed", "-d", "with tabs", "--thumbnail-username", e.Server.AdminUsername)
	out += run(t, e, 0, "publish", wb)
	out += run(t, e, 0, "publish", testdata("Orders.tds"), "-r", "Finance", "--db-username", "etl", "--db-password", "s3cret", "--save-db-password")
	out += run(t, e, 1, "publish", filepath.Join(dir, "missing.twbx"), "-r", "Finance")
	out += run(t, e, 0, "publish", filepath.Join(dir, "folder.twbx"), "-r", "Finance")
	// A folder publishes its workbooks and data sources, as in tabcmd.
	folder := filepath.Join(dir, "batch")
	os.MkdirAll(filepath.Join(folder, "sub"), 0o755)
	wbBytes, err := os.ReadFile(wb)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(folder, "Batch One.twbx"), wbBytes, 0o600)
	os.WriteFile(filepath.Join(folder, "sub", "Batch Two.twbx"), wbBytes, 0o600)
	os.WriteFile(filepath.Join(folder, "notes.txt"), []byte("not content"), 0o600)
	out += run(t, e, 0, "publish", folder, "-r", "Finance")
	out += run(t, e, 0, "publish", folder, "-r", "Finance", "--recursive", "yes", "--filetype", "twbx", "-o")
	out += run(t, e, 2, "publish", testdata("notes.txt"))
	out += run(t, e, 1, "publish", wb, "-r", "Nowhere")
	out += run(t, e, 2, "publish", wb, "-r", "Finance", "--append")
	out += run(t, e, 2, "publish", wb, "-r", "Finance", "-o", "--append")
	out += run(t, e, 1, "publish", wb, "-n", "Other", "-r", "Finance", "--thumbnail-username", "nobody")
	out += run(t, e, 0, "workbooks", "list", "-o", "csv", "--fields", "name,projectName,description")
	out += run(t, e, 0, "datasources", "list", "-o", "csv", "--fields", "name,projectName,type")
	if strings.Contains(out, "s3cret") {
		t.Error("the output shows the database password")
	}
	e.Golden("publish", strings.ReplaceAll(out, dir, "<dir>"))
}

func TestGetAndExport(t *testing.T) {
	t.Parallel()
	e, dir := contentEnv(t)
	e.MustRun("publish", filepath.Join(dir, demo.SampleName), "-r", "Finance")
	at := func(name string) string { return filepath.Join(dir, name) }
	out := run(t, e, 0, "get", "/views/Superstore/Overview.png?:size=640,480", "-f", at("Overview.png"))
	out += run(t, e, 0, "get", "/views/Superstore/Overview.csv?Region=West", "-f", at("west.csv"))
	out += run(t, e, 0, "get", "/views/Superstore/SalesbyRegion.pdf", "-f", at("Sales by Region.pdf"))
	out += run(t, e, 0, "get", "/workbooks/Superstore.twbx", "-f", at("copy.twbx"))
	out += run(t, e, 0, "get", "https://tableau.example.com/#/views/Superstore/Overview?:iid=1", "-f", at("from-browser.png"))
	out += run(t, e, 1, "get", "/views/Superstore/Nope.png")
	out += run(t, e, 1, "get", "/views/Nope/Overview.png")
	out += run(t, e, 2, "get", "/views/Superstore/Overview.gif")
	out += run(t, e, 2, "get", "/views/Superstore/Overview")
	out += run(t, e, 2, "get", "/workbooks/Superstore.pdf")
	out += run(t, e, 2, "get", "/somewhere/else.png")
	out += run(t, e, 0, "export", "Superstore/Overview", "--png", "-f", at("export.png"), "--width", "800", "--height", "600")
	out += run(t, e, 0, "export", "Superstore/Overview?Region=West", "--csv", "--filter", "Category=Technology", "-f", at("west-tech.csv"))
	out += run(t, e, 0, "export", "Superstore/SalesbyRegion", "--pdf", "--pagelayout", "landscape", "--pagesize", "a4", "-f", at("export.pdf"))
	out += run(t, e, 0, "export", "Superstore", "--fullpdf", "-f", at("all.pdf"))
	out += run(t, e, 2, "export", "Superstore/Overview")
	out += run(t, e, 2, "export", "Superstore", "--png")
	out += run(t, e, 2, "export", "Superstore/Overview", "--png", "--csv")
	out += run(t, e, 2, "export", "Superstore/Overview", "--pdf", "--pagesize", "huge")
	out += run(t, e, 2, "export", "Superstore/Overview", "--png", "--width", "800")
	out += run(t, e, 2, "export", "Superstore/Overview", "--csv", "--filter", "Region")
	out += run(t, e, 2, "export", "Superstore", "--fullpdf", "--filter", "Region=West")
	e.Golden("get_export", strings.ReplaceAll(out, dir, "<dir>"))

	for name, prefix := range map[string]string{
		"Overview.png": "\x89PNG\r\n\x1a\n", "from-browser.png": "\x89PNG", "export.png": "\x89PNG",
		"Sales by Region.pdf": "%PDF-", "export.pdf": "%PDF-", "all.pdf": "%PDF-", "west.csv": "Region,",
	} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.HasPrefix(b, []byte(prefix)) {
			t.Errorf("%s: %q... (%v), want it to start with %q", name, b[:min(len(b), 8)], err, prefix)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "copy.twbx")); !bytes.Equal(b, demo.SampleWorkbook) {
		t.Error("get /workbooks/Superstore.twbx did not save the published workbook")
	}
	west, _ := os.ReadFile(filepath.Join(dir, "west-tech.csv"))
	if lines := strings.Split(strings.TrimSpace(string(west)), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[1], "West,Technology,") {
		t.Errorf("export with the URL's and --filter's filters gave %q, want one West/Technology row", west)
	}
	// Failed downloads leave nothing behind, not even temporary files.
	entries, _ := os.ReadDir(dir)
	for _, en := range entries {
		if strings.HasPrefix(en.Name(), ".") || strings.HasPrefix(en.Name(), "Nope") {
			t.Errorf("left behind: %s", en.Name())
		}
	}
}

// TestGetDefaultNames: without -f, files are named after the view or
// workbook, in the current directory.
func TestGetDefaultNames(t *testing.T) {
	e, dir := contentEnv(t)
	e.MustRun("publish", filepath.Join(dir, demo.SampleName), "-r", "Finance")
	work := t.TempDir()
	t.Chdir(work)
	for args, file := range map[string]string{
		"get /views/Superstore/SalesbyRegion.png":  "Sales by Region.png",
		"get /workbooks/Superstore.twbx":           "Superstore.twbx",
		"export Superstore/Overview --csv":         "Overview.csv",
		"export Superstore --fullpdf":              "Superstore.pdf",
		"get /views/Superstore/Overview.xlsx":      "Overview.xlsx",
		"export Superstore/ExecutiveSummary --pdf": "Executive Summary.pdf",
	} {
		out := e.MustRun(strings.Fields(args)...)
		if !strings.Contains(out, " to "+file+"\n") {
			t.Errorf("tabctl %s printed %q, want it to name %s", args, out, file)
		}
		if fi, err := os.Stat(filepath.Join(work, file)); err != nil || fi.Size() == 0 {
			t.Errorf("tabctl %s: %s not written (%v)", args, file, err)
		}
	}
}

func TestRefreshAndDelete(t *testing.T) {
	t.Parallel()
	e, dir := contentEnv(t)
	wb := filepath.Join(dir, demo.SampleName)
	e.MustRun("publish", wb, "-r", "Finance")
	e.MustRun("publish", testdata("Orders.tds"), "-r", "Finance")
	out := run(t, e, 0, "refreshextracts", "--workbook", "Superstore")
	out += run(t, e, 0, "refreshextracts", "-w", "Superstore", "--project", "Finance", "--synchronous")
	out += run(t, e, 0, "refreshextracts", "--url", "Superstore", "--synchronous")
	out += run(t, e, 1, "refreshextracts", "--workbook", "Nope")
	out += run(t, e, 1, "refreshextracts", "--datasource", "Orders")
	if err := e.Server.FailJobs(tsctest.JobFault{Type: "RefreshExtract", ContentName: "Superstore", Notes: "ODBC: login failed for user etl"}); err != nil {
		t.Fatal(err)
	}
	out += run(t, e, 1, "refreshextracts", "--workbook", "Superstore", "--synchronous")
	out += run(t, e, 2, "refreshextracts")
	out += run(t, e, 2, "refreshextracts", "-w", "Superstore", "-d", "Orders")

	// The same name as a workbook and as a data source needs -w or -d.
	e.MustRun("publish", testdata("Orders.tds"), "-n", "Superstore", "-r", "Finance")
	e.MustRun("createproject", "-n", "Archive")
	e.MustRun("publish", wb, "-r", "Archive")
	out += run(t, e, 1, "delete", "Superstore", "-w")
	out += run(t, e, 0, "delete", "Superstore", "-w", "--project", "Archive")
	out += run(t, e, 1, "delete", "Superstore")
	out += run(t, e, 0, "delete", "Superstore", "-d")
	out += run(t, e, 0, "delete", "Superstore")
	out += run(t, e, 0, "delete", "Orders")
	out += run(t, e, 1, "delete", "Orders")
	out += run(t, e, 2, "delete", "Orders", "-w", "-d")
	out += run(t, e, 0, "workbooks", "list", "-o", "csv", "--fields", "name")
	e.Golden("refresh_delete", out)

	c := e.Server.MustClient(t)
	if wbs, _, err := c.Workbooks.List(context.Background(), tsc.ListOptions{}); err != nil || len(wbs) != 0 {
		t.Errorf("workbooks left: %v %v", wbs, err)
	}
}

// TestProgressOnATerminal: on a terminal, publish draws a progress bar and
// refreshextracts --synchronous a spinner, both on stderr; stdout is the
// same as off a terminal.
func TestProgressOnATerminal(t *testing.T) {
	t.Parallel()
	e, dir := contentEnv(t)
	e.TTY = true
	r := e.Run("publish", filepath.Join(dir, demo.SampleName), "-r", "Finance")
	if r.Code != 0 || !strings.HasPrefix(r.Stdout, `Published workbook "Superstore"`) {
		t.Fatalf("publish on a terminal: %d %q %q", r.Code, r.Stdout, r.Stderr)
	}
	e.TTY = true
	r = e.Run("refreshextracts", "-w", "Superstore", "--synchronous")
	if r.Code != 0 || !strings.Contains(r.Stdout, "succeeded") {
		t.Fatalf("refresh on a terminal: %d %q %q", r.Code, r.Stdout, r.Stderr)
	}
	e.TTY = true
	r = e.Run("-q", "refreshextracts", "-w", "Superstore", "--synchronous")
	if r.Code != 0 || r.Stderr != "" {
		t.Errorf("--quiet on a terminal still drew on stderr: %q", r.Stderr)
	}
}
