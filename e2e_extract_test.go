package tsc_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
)

// e2eZipEntries reads a zip's entries: each name with its method, time and
// stored (compressed) bytes, in order.
func e2eZipEntries(t *testing.T, b []byte) ([]string, map[string]string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	var names []string
	raw := map[string]string{}
	for _, f := range zr.File {
		r, err := f.OpenRaw()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, f.Name)
		raw[f.Name] = f.Modified.UTC().String() + "|" + string(rune(f.Method)) + "|" + string(body)
	}
	return names, raw
}

// e2eCheckStripped checks that got is published without its extract
// entries and with every other entry as it was, byte for byte.
func e2eCheckStripped(t *testing.T, published, got []byte, wantKept ...string) {
	t.Helper()
	_, before := e2eZipEntries(t, published)
	names, after := e2eZipEntries(t, got)
	if strings.Join(names, ",") != strings.Join(wantKept, ",") {
		t.Fatalf("entries %q, want %q", names, wantKept)
	}
	for _, n := range names {
		if after[n] != before[n] {
			t.Errorf("%s differs from the published entry", n)
		}
	}
}

func TestE2EDownloadWithoutExtract(t *testing.T) {
	_, c := e2eServer(t)
	twbx := e2eRead(t, "workbooks/Sales.twbx")
	wb := e2ePublishSales(t, c, "Sales")
	var full, lean bytes.Buffer
	e2eMust(c.Workbooks.Download(e2eCtx, wb.ID, &full, tsc.DownloadOptions{}))(t)
	if !bytes.Equal(full.Bytes(), twbx) {
		t.Fatal("a download with the extract differs from the published file")
	}
	d := e2eMust(c.Workbooks.Download(e2eCtx, wb.ID, &lean, tsc.DownloadOptions{ExcludeExtract: true}))(t)
	e2eCheckStripped(t, twbx, lean.Bytes(), "Sales.twb", "Data/Targets.xlsx")
	if d.FileName != "Sales.twbx" || d.Size != int64(lean.Len()) {
		t.Errorf("download %+v of %d bytes", d, lean.Len())
	}
	// The same for a revision, and into a file.
	dir := t.TempDir()
	d = e2eMust(c.Workbooks.DownloadRevisionTo(e2eCtx, wb.ID, 1, dir, tsc.DownloadOptions{ExcludeExtract: true}))(t)
	b, err := os.ReadFile(d.Path)
	if err != nil || d.Path != filepath.Join(dir, "Sales.twbx") {
		t.Fatalf("DownloadRevisionTo wrote %s: %v", d.Path, err)
	}
	e2eCheckStripped(t, twbx, b, "Sales.twb", "Data/Targets.xlsx")

	// A packaged data source keeps its .tds.
	tdsx := e2eRead(t, "datasources/Orders.tdsx")
	ds := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{}, e2eFile("datasources/Orders.tdsx"), tsc.PublishOptions{}))(t)
	lean.Reset()
	e2eMust(c.Datasources.Download(e2eCtx, ds.ID, &lean, tsc.DownloadOptions{ExcludeExtract: true}))(t)
	e2eCheckStripped(t, tdsx, lean.Bytes(), "Orders.tds")

	// Files that are no archive come as they are: a .twb has no extract,
	// a published .hyper is the data itself.
	for _, f := range []string{"workbooks/Sales.twb", "datasources/Orders.hyper"} {
		var got bytes.Buffer
		if strings.HasPrefix(f, "workbooks/") {
			w := e2eMust(c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "Plain"}, e2eFile(f), tsc.PublishOptions{}))(t)
			e2eMust(c.Workbooks.Download(e2eCtx, w.ID, &got, tsc.DownloadOptions{ExcludeExtract: true}))(t)
		} else {
			d := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{Name: "Plain"}, e2eFile(f), tsc.PublishOptions{}))(t)
			e2eMust(c.Datasources.Download(e2eCtx, d.ID, &got, tsc.DownloadOptions{ExcludeExtract: true}))(t)
		}
		if !bytes.Equal(got.Bytes(), e2eRead(t, f)) {
			t.Errorf("%s changed on a download without extract", f)
		}
	}
}
