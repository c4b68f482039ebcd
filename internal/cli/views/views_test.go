package views_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsc-go/tsc/internal/cli/clitest"
)

var salesTWBX = filepath.Join("..", "..", "..", "testdata", "workbooks", "Sales.twbx")

type view struct {
	ID, Name, WorkbookID string
}

// setup publishes Sales.twbx and returns its views by name.
func setup(t *testing.T) (*clitest.Env, map[string]view) {
	t.Helper()
	e := clitest.New(t)
	if _, err := e.Server.SeedProject("", "Finance", "", ""); err != nil {
		t.Fatal(err)
	}
	e.Login("")
	e.MustRun("workbooks", "publish", salesTWBX, "--project", "Finance")
	var list []view
	if err := json.Unmarshal([]byte(e.MustRun("views", "list", "-o", "json")), &list); err != nil {
		t.Fatal(err)
	}
	out := map[string]view{}
	for _, v := range list {
		out[v.Name] = v
	}
	if len(out) != 3 {
		t.Fatalf("views: %v", list)
	}
	return e, out
}

func TestListGet(t *testing.T) {
	e, vs := setup(t)
	e.Golden("list", e.MustRun("views", "list", "--sort", "name"))
	// The view count column shows only when the counts are asked for.
	if out := e.MustRun("views", "list", "--usage", "--filter", "name:eq:Sales Overview"); !strings.Contains(out, "VIEWS") || !strings.Contains(out, "dashboard") {
		t.Errorf("views list --usage lacks the view counts:\n%s", out)
	}
	e.Golden("list_usage_json", e.MustRun("views", "list", "--usage", "--filter", "name:eq:Sales Overview", "-o", "json"))
	e.Golden("get", e.MustRun("views", "get", vs["Sales by Region"].ID))
	r := e.Run("views", "get", "00000000-0000-4000-8000-000000000000")
	if r.Code != 4 || !strings.Contains(r.Stderr, "404") || strings.Count(r.Stderr, "\n") != 1 {
		t.Errorf("unknown view: %d %q", r.Code, r.Stderr)
	}
	e.Golden("get_not_found", r.Stderr)
}

func TestImage(t *testing.T) {
	e, vs := setup(t)
	id := vs["Sales by Region"].ID
	dir := t.TempDir()
	path := filepath.Join(dir, "view.png")
	r := e.Run("views", "image", id, "--out", path)
	if r.Code != 0 || r.Stdout != "" || !strings.HasPrefix(r.Stderr, "Saved "+path+" (") {
		t.Fatalf("image: %d %q %q", r.Code, r.Stdout, r.Stderr)
	}
	png, _ := os.ReadFile(path)
	if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("not a PNG: %q", png[:min(8, len(png))])
	}
	// Filters, parameters, size and resolution reach the server: the
	// rendering differs from the plain one.
	r = e.Run("views", "image", id, "--out", "-", "--filter-view", "Region=West", "--filter-view", "Region=East",
		"--param", "Top N=5", "--width", "800", "--height", "600", "--high-res", "--max-age", "1")
	if r.Code != 0 || !strings.HasPrefix(r.Stdout, "\x89PNG") || r.Stderr != "" {
		t.Fatalf("filtered image to stdout: %d %q", r.Code, r.Stderr)
	}
	if r.Stdout == string(png) {
		t.Error("the filtered, resized image is the same as the plain one")
	}
	// Off a terminal, no --out means stdout.
	if r := e.Run("views", "image", id); r.Code != 0 || r.Stdout != string(png) {
		t.Errorf("image to piped stdout: %d, %d bytes", r.Code, len(r.Stdout))
	}
	if r := e.Run("views", "image", id, "--out", path); r.Code != 1 || !strings.Contains(r.Stderr, "already exists") {
		t.Errorf("over an existing file: %d %q", r.Code, r.Stderr)
	}
	e.MustRun("views", "image", id, "--out", path, "--overwrite", "--high-res")
	if b, _ := os.ReadFile(path); bytes.Equal(b, png) {
		t.Error("--overwrite did not replace the file")
	}
	if matches, _ := filepath.Glob(filepath.Join(dir, ".*part")); len(matches) != 0 {
		t.Errorf("temporary files left: %v", matches)
	}
}

func TestOtherExports(t *testing.T) {
	e, vs := setup(t)
	id := vs["Sales by Region"].ID
	dir := t.TempDir()
	for verb, magic := range map[string]string{"pdf": "%PDF", "excel": "PK\x03\x04", "preview-image": "\x89PNG"} {
		path := filepath.Join(dir, verb)
		if r := e.Run("views", verb, id, "--out", path); r.Code != 0 {
			t.Errorf("%s: %d %q", verb, r.Code, r.Stderr)
			continue
		}
		if b, _ := os.ReadFile(path); !bytes.HasPrefix(b, []byte(magic)) {
			t.Errorf("%s wrote %q", verb, b[:min(8, len(b))])
		}
	}
	all := e.MustRun("views", "csv", id)
	if !strings.Contains(all, "Region") {
		t.Errorf("csv: %q", all)
	}
	e.Golden("csv", all)
	west := e.MustRun("views", "csv", id, "--filter-view", "Region=West")
	if west == all {
		t.Errorf("the filter did not narrow the data:\n%s", west)
	}
	e.Golden("csv_west", west)
	e.MustRun("views", "pdf", id, "--page-type", "letter", "--orientation", "Landscape", "--filter-view", "Region=West", "--out", filepath.Join(dir, "west.pdf"))
}

func TestTags(t *testing.T) {
	e, vs := setup(t)
	id := vs["Sales Overview"].ID
	e.Golden("tags_add", e.MustRun("views", "tags", "add", id, "board", "weekly", "-o", "json"))
	e.MustRun("views", "tags", "remove", id, "weekly")
	if out := e.MustRun("views", "get", id, "--fields", "tags", "-o", "csv"); out != "tags\nboard\n" {
		t.Errorf("tags: %q", out)
	}
}

func TestFailures(t *testing.T) {
	e, vs := setup(t)
	id := vs["Sales by Region"].ID
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"bad_filter", []string{"views", "image", id, "--filter-view", "Region", "--out", "-"}, 2, "field=value"},
		{"bad_param", []string{"views", "csv", id, "--param", "=5", "--out", "-"}, 2, "name=value"},
		{"width_alone", []string{"views", "image", id, "--width", "800", "--out", "-"}, 2, "--height"},
		{"negative_age", []string{"views", "image", id, "--max-age", "-3", "--out", "-"}, 2, "--max-age"},
		{"out_is_dir", []string{"views", "image", id, "--out", dir}, 2, "is a directory"},
		{"missing_dir", []string{"views", "image", id, "--out", filepath.Join(dir, "nope", "v.png")}, 1, "does not exist"},
		{"bad_page_type", []string{"views", "pdf", id, "--page-type", "A0", "--out", "-"}, 2, "--page-type"},
		{"unknown_view", []string{"views", "image", "00000000-0000-4000-8000-000000000000", "--out", filepath.Join(dir, "x.png")}, 4, "404"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.Run(tc.args...)
			if r.Code != tc.code || !strings.Contains(r.Stderr, tc.msg) || r.Stdout != "" {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", r.Code, tc.code, r.Stderr, tc.msg)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "x.png")); !os.IsNotExist(err) {
		t.Errorf("a failed export left a file: %v", err)
	}
	e.TTY = true
	if r := e.Run("views", "image", id); r.Code != 2 || !strings.Contains(r.Stderr, "--out") {
		t.Errorf("image to a terminal: %d %q", r.Code, r.Stderr)
	}
}

// The emulator lets every role read and tag views, as Tableau's default
// permissions do; what it refuses is a command without a session.
func TestNotSignedIn(t *testing.T) {
	e, vs := setup(t)
	e.MustRun("logout")
	r := e.Run("views", "image", vs["Sales Overview"].ID, "-s", e.Server.URL, "--out", "-")
	if r.Code != 3 || !strings.Contains(r.Stderr, "not signed in") {
		t.Errorf("without a session: %d %q", r.Code, r.Stderr)
	}
}
