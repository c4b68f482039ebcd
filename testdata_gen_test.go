package tsc_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tsc-go/tsc/internal/emulator/export"
)

// The packaged test files (.twbx, .tdsx) and the extract are built from
// the hand-written documents in testdata/ by this test, deterministically:
// TSC_UPDATE_TESTDATA=1 go test -run TestTestdataPackages writes them;
// without it the test checks that the files on disk hold exactly what it
// would write, entry by entry.

// fakeHyper is a stand-in extract: the Hyper file signature (which is what
// the emulator checks) followed by bytes of our own. It is not a database.
func fakeHyper() []byte {
	b := []byte("Hyper\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")
	b = append(b, []byte("tsc test extract: not a Hyper database, only its signature.\n")...)
	x := uint32(2463534242)
	for len(b) < 16<<10 {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b = append(b, byte(x))
	}
	return b
}

type tdEntry struct {
	name string
	body []byte
}

func testdataPackages(t *testing.T) map[string][]tdEntry {
	t.Helper()
	read := func(p string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", p))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	targets := export.XLSX("Targets", export.Table{Columns: []string{"Region", "Target"},
		Rows: [][]string{{"Central", "50000"}, {"East", "65000"}, {"South", "40000"}, {"West", "70000"}}})
	return map[string][]tdEntry{
		"workbooks/Sales.twbx": {
			{"Sales.twb", read("workbooks/Sales.twb")},
			{"Data/Targets.xlsx", targets},
			{"Data/Extracts/Orders.hyper", fakeHyper()},
		},
		// Flows (issue 16): a .tfl is a zip with the flow's JSON document
		// named "flow"; a .tflx also carries the flow's local input files.
		"flows/Sales Prep.tfl": {
			{"flow", read("flows/SalesPrep.json")},
		},
		"flows/Sales Prep.tflx": {
			{"flow", read("flows/SalesPrep.json")},
			{"Data/targets.csv", []byte("Region,Target\nCentral,50000\nEast,65000\nSouth,40000\nWest,70000\n")},
		},
		"datasources/Orders.tdsx": {
			{"Orders.tds", read("datasources/OrdersExtract.tds")},
			{"Data/Extracts/Orders.hyper", fakeHyper()},
		},
	}
}

func writeZip(entries []tdEntry) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(e.body); err != nil {
			return nil, err
		}
	}
	err := zw.Close()
	return buf.Bytes(), err
}

func TestTestdataPackages(t *testing.T) {
	update := os.Getenv("TSC_UPDATE_TESTDATA") != ""
	files := map[string][]byte{"datasources/Orders.hyper": fakeHyper()}
	for name, entries := range testdataPackages(t) {
		b, err := writeZip(entries)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = b
	}
	for name, want := range files {
		path := filepath.Join("testdata", name)
		if update {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with TSC_UPDATE_TESTDATA=1 to write it)", err)
		}
		if filepath.Ext(name) == ".hyper" {
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from what the generator writes", name)
			}
			continue
		}
		// Compare archives entry by entry: the deflate stream may differ
		// between Go versions, the content must not.
		if err := sameEntries(got, testdataPackages(t)[name]); err != nil {
			t.Errorf("%s: %v (run with TSC_UPDATE_TESTDATA=1 to rewrite it)", name, err)
		}
	}
}

func sameEntries(archive []byte, want []tdEntry) error {
	zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		return err
	}
	if len(zr.File) != len(want) {
		return fmt.Errorf("%d entries, want %d", len(zr.File), len(want))
	}
	for i, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		if f.Name != want[i].name || !bytes.Equal(b, want[i].body) {
			return fmt.Errorf("entry %d is %s, want %s with the generator's content", i, f.Name, want[i].name)
		}
	}
	return nil
}
