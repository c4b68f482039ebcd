package tableaufile

import (
	"bytes"
	"errors"
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
	f.Fuzz(func(t *testing.T, b []byte, fileType string) {
		// Small limits, so that a fuzzed archive cannot make a run slow.
		lim := Limits{MaxTotalSize: 4 << 20, MaxDocumentSize: 4 << 20, MaxEntries: 256}
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
	})
}
