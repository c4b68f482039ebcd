package customviews_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/clitest"
	"github.com/tsc-go/tsc/tsctest"
)

type row struct {
	ID, Name, ViewName, WorkbookID, OwnerName string
	Shared                                    *bool
}

// TestCustomViews drives every `tabctl custom-views` verb against the
// emulator: what they change is what the server then holds.
func TestCustomViews(t *testing.T) {
	e := clitest.New(t)
	ctx := t.Context()
	c := e.Server.MustClient(t)
	wb, err := c.Workbooks.PublishFile(ctx, tsc.Workbook{Name: "Sales"}, filepath.Join("..", "..", "..", "testdata", "workbooks", "Sales.twbx"), tsc.PublishOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Server.SeedUser("", "ann", tsc.SiteRoleViewer); err != nil {
		t.Fatal(err)
	}
	id, err := e.Server.SeedCustomView(tsctest.CustomViewSeed{ViewID: wb.Views.Views[0].ID, Owner: e.Server.AdminUsername, Name: "West only",
		Filters: map[string]string{"Region": "West"}})
	if err != nil {
		t.Fatal(err)
	}
	e.Login("")

	clitest.Contains(t, e.MustRun("custom-views", "list"), "West only", "Sales by Region", "Sales")
	var got row
	if err := json.Unmarshal([]byte(e.MustRun("custom-views", "get", "West only", "-o", "json")), &got); err != nil {
		t.Fatal(err)
	}
	if got.ID != id || got.WorkbookID != wb.ID || got.Shared == nil || *got.Shared {
		t.Fatalf("get: %+v", got)
	}
	json.Unmarshal([]byte(e.MustRun("custom-views", "update", "West only", "--name", "West", "--owner", "ann", "-o", "json")), &got)
	if got.Name != "West" || got.OwnerName != "ann" {
		t.Fatalf("update: %+v", got)
	}
	if r := e.Run("custom-views", "update", "West"); r.Code != 2 {
		t.Errorf("update with nothing: exit %d %s", r.Code, r.Stderr)
	}

	// Exports through the views' commands.
	dir := t.TempDir()
	e.MustRun("custom-views", "image", id, "--out", filepath.Join(dir, "cv.png"))
	if b, _ := os.ReadFile(filepath.Join(dir, "cv.png")); !bytes.HasPrefix(b, []byte("\x89PNG")) {
		t.Error("image is not a PNG")
	}
	e.MustRun("custom-views", "pdf", "West", "--out", filepath.Join(dir, "cv.pdf"), "--page-type", "A4")
	if b, _ := os.ReadFile(filepath.Join(dir, "cv.pdf")); !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Error("pdf is not a PDF")
	}
	csv := e.MustRun("custom-views", "csv", "West", "--out", "-")
	if !strings.Contains(csv, "West,") || strings.Contains(csv, "East,") {
		t.Errorf("csv does not keep the custom view's filter:\n%s", csv)
	}

	// Download, then publish the file back.
	file := filepath.Join(dir, "west.json")
	e.MustRun("custom-views", "download", "West", "--out", file)
	if r := e.Run("custom-views", "download", "West", "--out", file); r.Code == 0 {
		t.Error("download replaced an existing file without --overwrite")
	}
	json.Unmarshal([]byte(e.MustRun("custom-views", "publish", file, "--workbook", "Sales", "--name", "Copy", "--shared", "--owner", "ann", "-o", "json")), &got)
	if got.Name != "Copy" || got.Shared == nil || !*got.Shared || got.OwnerName != "ann" || got.ViewName != "Sales by Region" {
		t.Fatalf("publish: %+v", got)
	}
	if r := e.Run("custom-views", "publish", file); r.Code != 2 {
		t.Errorf("publish without --workbook: exit %d %s", r.Code, r.Stderr)
	}
	e.MustRun("custom-views", "delete", "Copy")
	e.MustRun("custom-views", "delete", id)
	if list, _, _ := c.CustomViews.List(ctx, tsc.ListOptions{}); len(list) != 0 {
		t.Errorf("after delete: %+v", list)
	}
}
