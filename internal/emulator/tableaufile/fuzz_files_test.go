package tableaufile

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// referenceFiles is the captured Tableau content beside the repository
// (../shared/reference/files), used as fuzz seeds when present.
const referenceFiles = "../../../../shared/reference/files"

// maxSeed is the largest seed file taken whole.
const maxSeed = 70 << 10

// FuzzReadFile reads arbitrary bytes as every content file type, the way a
// publish does (ReadWorkbook, ReadDatasource): nothing panics, every error
// is ErrMalformed or ErrUnsafeArchive, and what is accepted is sane (named
// sheets, at least one sheet in a workbook). Its seeds are the real
// workbooks, data sources and extracts Tableau wrote (the reference files)
// and our own test files, under their own types, which also covers the
// extract signatures (.hyper, .tde, .parquet) the other targets leave out.
func FuzzReadFile(f *testing.F) {
	types := append(slices.Clone(WorkbookTypes), DatasourceTypes...)
	seeds := 0
	for _, dir := range []string{referenceFiles, filepath.Join(testdata, "workbooks"), filepath.Join(testdata, "datasources")} {
		entries, err := os.ReadDir(dir)
		if err != nil && dir == referenceFiles && os.Getenv("CI") == "" {
			// Beside the repository, not in it: without it the target runs
			// on our own files, except under CI (the conformance tests' rule).
			f.Logf("no seeds from the reference files: %v", err)
			continue
		}
		if err != nil {
			f.Fatalf("seed files: %v (under CI the reference files must be present)", err)
		}
		for _, e := range entries {
			ext := strings.TrimPrefix(filepath.Ext(e.Name()), ".")
			if !slices.Contains(types, ext) {
				continue
			}
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				f.Fatal(err)
			}
			// Large seeds make each run slow and their minimisation endless:
			// files over 70 KB give their first 8 KB (truncated, so malformed).
			if len(b) > maxSeed {
				b = b[:8<<10]
			}
			f.Add(b, ext)
			seeds++
		}
	}
	if seeds == 0 {
		f.Fatal("no seed files found")
	}
	f.Add([]byte("PAR1xxxxPAR1"), "parquet")
	f.Add([]byte("Hyper\x08"), "hyper")
	f.Add([]byte("x"), "tde")
	// At and one past each XML bound (fuzzLimits' and DefaultLimits'),
	// plain and packaged.
	wb := func(inner string) string {
		return `<workbook><worksheets><worksheet name="S"/></worksheets>` + inner + `</workbook>`
	}
	attrs := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, ` a%d="x"`, i)
		}
		return wb(`<x` + b.String() + `/>`)
	}
	for _, doc := range []string{
		wb(strings.Repeat("<x>", 255) + strings.Repeat("</x>", 255)), wb(strings.Repeat("<x>", 256) + strings.Repeat("</x>", 256)),
		wb(strings.Repeat("<x/>", 997)), wb(strings.Repeat("<x/>", 998)),
		attrs(256), attrs(257),
		wb(`<x a="` + strings.Repeat("v", 4096) + `"/>`), wb(`<x a="` + strings.Repeat("v", 4097) + `"/>`),
		wb(`<x>` + strings.Repeat("t", 8<<10-1) + `</x>`), wb(`<x>` + strings.Repeat("t", 8<<10) + `</x>`),
	} {
		f.Add([]byte(doc), "twb")
		f.Add(storedZip(f, "W.twb", []byte(doc)), "twbx")
		ds := strings.Replace(strings.Replace(doc, "<workbook>", `<datasource><connection class="x"/>`, 1), "</workbook>", "</datasource>", 1)
		f.Add([]byte(ds), "tds")
	}
	f.Fuzz(func(t *testing.T, b []byte, fileType string) {
		// Small limits, so that a fuzzed archive cannot make a run slow.
		lim := fuzzLimits
		var err error
		if slices.Contains(WorkbookTypes, fileType) {
			var wb *Workbook
			wb, err = ReadWorkbook(bytes.NewReader(b), int64(len(b)), fileType, lim)
			if err == nil {
				for _, s := range wb.Sheets {
					if s.Name == "" {
						t.Fatal("a sheet without a name was accepted")
					}
					if s.Type != Worksheet && s.Type != Dashboard && s.Type != Story {
						t.Fatalf("sheet type %q", s.Type)
					}
				}
			}
		} else {
			_, err = ReadDatasource(bytes.NewReader(b), int64(len(b)), fileType, lim)
		}
		if err != nil && !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnsafeArchive) {
			t.Fatalf("error %v is neither ErrMalformed nor ErrUnsafeArchive", err)
		}
		if err == nil && (fileType == "twb" || fileType == "tds") {
			checkXMLBounds(t, b, lim)
		}
	})
}

// fuzzLimits are FuzzReadFile's: small, so that no input makes a run slow,
// and reachable by small seeds (1,000 elements, 4 KiB values, 8 KiB
// tokens); depth and attributes keep DefaultLimits' 256.
var fuzzLimits = Limits{MaxTotalSize: 4 << 20, MaxDocumentSize: 4 << 20, MaxEntries: 256,
	MaxElements: 1000, MaxAttrValue: 4096, MaxToken: 8 << 10}

// checkXMLBounds tokenizes an accepted document with encoding/xml alone
// and fails if it passes one of lim's XML bounds.
func checkXMLBounds(t *testing.T, b []byte, lim Limits) {
	t.Helper()
	lim = lim.withDefaults()
	d := xml.NewDecoder(bytes.NewReader(b))
	depth, elements := 0, 0
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		switch tt := tok.(type) {
		case xml.StartElement:
			depth++
			elements++
			if depth > lim.MaxDepth || elements > lim.MaxElements || len(tt.Attr) > lim.MaxAttrs {
				t.Fatalf("accepted past a bound: depth %d, %d elements, %d attributes", depth, elements, len(tt.Attr))
			}
			for _, a := range tt.Attr {
				if len(a.Value) > lim.MaxAttrValue {
					t.Fatalf("accepted an attribute value of %d bytes", len(a.Value))
				}
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			if int64(len(tt)) >= lim.MaxToken {
				t.Fatalf("accepted a text of %d bytes", len(tt))
			}
		}
	}
}

// storedZip is an archive of one entry, stored.
func storedZip(tb testing.TB, name string, content []byte) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
	if err != nil {
		tb.Fatal(err)
	}
	w.Write(content)
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}
