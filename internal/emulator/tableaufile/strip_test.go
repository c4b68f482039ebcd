package tableaufile

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"
	"time"
)

// rawEntries maps each entry of a zip to its header fields that a copy must
// keep and its stored (compressed) bytes.
func rawEntries(t *testing.T, b []byte) (map[string]string, []string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	var order []string
	for _, f := range zr.File {
		r, err := f.OpenRaw()
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = f.Modified.UTC().String() + "|" + string(rune(f.Method)) + "|" + f.Comment + "|" + string(raw)
		order = append(order, f.Name)
	}
	return out, order
}

func TestWriteWithoutExtracts(t *testing.T) {
	var src bytes.Buffer
	zw := zip.NewWriter(&src)
	when := time.Date(2024, 5, 6, 7, 8, 10, 0, time.UTC)
	for _, e := range []struct {
		name   string
		method uint16
		body   string
	}{
		{"Sales.twb", zip.Deflate, "<workbook>" + string(bytes.Repeat([]byte("<x/>"), 500)) + "</workbook>"},
		{"Data/Extracts/Orders.hyper", zip.Store, "Hyper extract"},
		{"Data/Targets.xlsx", zip.Store, "PK spreadsheet"},
		{`Data\Old.TDE`, zip.Deflate, "legacy extract"},
		{"Image/logo.png", zip.Deflate, "\x89PNG image"},
	} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: e.method, Modified: when, Comment: "c-" + e.name})
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, e.body)
	}
	zw.SetComment("archive comment")
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	a, err := OpenArchive(bytes.NewReader(src.Bytes()), int64(src.Len()), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if !a.HasExtract() {
		t.Fatal("HasExtract: false")
	}
	var out bytes.Buffer
	removed, err := a.WriteWithoutExtracts(&out)
	if err != nil || removed != 2 {
		t.Fatalf("removed %d, %v; want 2", removed, err)
	}
	before, _ := rawEntries(t, src.Bytes())
	after, order := rawEntries(t, out.Bytes())
	want := []string{"Sales.twb", "Data/Targets.xlsx", "Image/logo.png"}
	if len(order) != len(want) {
		t.Fatalf("entries %q, want %q", order, want)
	}
	for i, name := range want {
		if order[i] != name {
			t.Fatalf("entries %q, want %q", order, want)
		}
		if after[name] != before[name] {
			t.Errorf("%s changed in the copy", name)
		}
	}
	zr, _ := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	if zr.Comment != "archive comment" {
		t.Errorf("archive comment %q", zr.Comment)
	}
	// What is left reads as a packaged workbook again, without extract.
	b, err := OpenArchive(bytes.NewReader(out.Bytes()), int64(out.Len()), Limits{})
	if err != nil || b.HasExtract() {
		t.Fatalf("the stripped archive: %v, has extract %v", err, err == nil && b.HasExtract())
	}
}

func TestIsExtract(t *testing.T) {
	for name, want := range map[string]bool{
		"Data/Extracts/a.hyper": true, "Data/a.TDE": true, `Data\Extracts\b.Hyper`: true,
		"a.twb": false, "Data/hyper.csv": false, "Data/x.hyper.bak": false,
	} {
		if IsExtract(name) != want {
			t.Errorf("IsExtract(%q) = %v", name, !want)
		}
	}
}
