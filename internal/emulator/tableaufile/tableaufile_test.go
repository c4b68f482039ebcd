package tableaufile

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// testdata is the module's own hand-written test files.
const testdata = "../../../testdata"

func read(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSalesWorkbook(t *testing.T) {
	wb, err := ParseWorkbookXML(bytes.NewReader(read(t, "workbooks/Sales.twb")))
	if err != nil {
		t.Fatal(err)
	}
	want := []Sheet{{"Sales by Region", Worksheet, false}, {"Profit vs Target", Worksheet, false}, {"Sales Overview", Dashboard, false}}
	if len(wb.Sheets) != len(want) {
		t.Fatalf("sheets %+v, want %+v", wb.Sheets, want)
	}
	for i := range want {
		if wb.Sheets[i] != want[i] {
			t.Errorf("sheet %d = %+v, want %+v", i, wb.Sheets[i], want[i])
		}
	}
	if len(wb.Connections) != 2 {
		t.Fatalf("connections %+v, want postgres and excel", wb.Connections)
	}
	pg, xl := wb.Connections[0], wb.Connections[1]
	if pg.Class != "postgres" || pg.Server != "warehouse.example.com" || pg.Port != "5432" || pg.Username != "reporter" || pg.DBName != "sales" || pg.Datasource != "Orders (warehouse)" {
		t.Errorf("postgres connection %+v", pg)
	}
	if xl.Class != "excel-direct" || xl.Server != "" || xl.Datasource != "Targets" {
		t.Errorf("excel connection %+v", xl)
	}
	if wb.HasExtracts {
		t.Error("a live workbook reports extracts")
	}
}

func TestStoriesHiddenSheetsAndParameters(t *testing.T) {
	doc := `<?xml version='1.0' encoding='utf-8' ?>
<workbook>
  <datasources><datasource name='Parameters' hasconnection='false'><column name='[P]'/></datasource>
    <datasource name='d'><connection class='textscan' filename='x.csv'/></datasource></datasources>
  <worksheets><worksheet name='A'><table/></worksheet><worksheet name='B'/></worksheets>
  <dashboards><dashboard name='D'/><dashboard name='S' type='storyboard'/></dashboards>
  <windows><window class='worksheet' name='B' hidden='true'/></windows>
</workbook>`
	wb, err := ParseWorkbookXML(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	got := ""
	for _, s := range wb.Sheets {
		got += s.Name + ":" + string(s.Type)
		if s.Hidden {
			got += "(hidden)"
		}
		got += " "
	}
	if got != "A:worksheet B:worksheet(hidden) D:dashboard S:story " {
		t.Errorf("sheets: %s", got)
	}
	if len(wb.Connections) != 1 || wb.Connections[0].Class != "textscan" || wb.Connections[0].Datasource != "d" {
		t.Errorf("connections: %+v", wb.Connections)
	}
}

func TestDatasources(t *testing.T) {
	ds, err := ParseDatasourceXML(bytes.NewReader(read(t, "datasources/Orders.tds")))
	if err != nil {
		t.Fatal(err)
	}
	if ds.Name != "Orders" || ds.Type() != "postgres" || ds.HasExtracts || len(ds.Connections) != 1 || ds.Connections[0].Port != "5432" {
		t.Errorf("Orders.tds: %+v", ds)
	}
	ds, err = ParseDatasourceXML(bytes.NewReader(read(t, "datasources/OrdersExtract.tds")))
	if err != nil {
		t.Fatal(err)
	}
	if !ds.HasExtracts || len(ds.Connections) != 1 {
		t.Errorf("OrdersExtract.tds: %+v", ds)
	}
	hyper := append([]byte("Hyper\x08\x00\x00"), make([]byte, 100)...)
	ds, err = ReadDatasource(bytes.NewReader(hyper), int64(len(hyper)), "hyper", Limits{})
	if err != nil || ds.Type() != "hyper" || !ds.HasExtracts {
		t.Errorf("hyper: %+v, %v", ds, err)
	}
	if _, err := ReadDatasource(strings.NewReader("PK\x03\x04 not hyper"), 14, "hyper", Limits{}); !errors.Is(err, ErrMalformed) {
		t.Errorf("a non-Hyper file as hyper: %v", err)
	}
	pq := []byte("PAR1....PAR1")
	if _, err := ReadDatasource(bytes.NewReader(pq), int64(len(pq)), "parquet", Limits{}); err != nil {
		t.Errorf("parquet: %v", err)
	}
	if _, err := ReadDatasource(bytes.NewReader(pq[:8]), 8, "parquet", Limits{}); err == nil {
		t.Error("a parquet file without its footer was read")
	}
}

// The reference files are real Tableau files; they are beside the
// repository, not in it.
func TestReferenceFiles(t *testing.T) {
	dir := filepath.Join(testdata, "../../shared/reference/files")
	open := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("reference file missing under CI: %v", err)
			}
			t.Skipf("reference files not available: %v", err)
		}
		return b
	}
	b := open("SampleWB.twbx")
	wb, err := ReadWorkbook(bytes.NewReader(b), int64(len(b)), "twbx", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var ws, db int
	for _, s := range wb.Sheets {
		switch s.Type {
		case Worksheet:
			ws++
		case Dashboard:
			db++
		}
	}
	if ws != 7 || db != 1 || !wb.HasExtracts {
		t.Errorf("SampleWB.twbx: %d worksheets, %d dashboards, extracts %v; want 7, 1, true", ws, db, wb.HasExtracts)
	}
	if len(wb.Connections) != 1 || wb.Connections[0].Class != "dataengine" {
		t.Errorf("SampleWB.twbx connections: %+v", wb.Connections)
	}
	b = open("SampleDS.tds")
	ds, err := ReadDatasource(bytes.NewReader(b), int64(len(b)), "tds", Limits{})
	if err != nil || ds.Type() != "postgres" || ds.Connections[0].Server != "postgres91.test.tsi.lan" || ds.Connections[0].Username != "test" {
		t.Errorf("SampleDS.tds: %+v %v", ds, err)
	}
	b = open("World Indicators.tdsx")
	ds, err = ReadDatasource(bytes.NewReader(b), int64(len(b)), "tdsx", Limits{})
	if err != nil || ds.Type() != "hyper" || !ds.HasExtracts {
		t.Errorf("World Indicators.tdsx: %+v %v", ds, err)
	}
	b = open("World Indicators.hyper")
	if _, err := ReadDatasource(bytes.NewReader(b), int64(len(b)), "hyper", Limits{}); err != nil {
		t.Errorf("World Indicators.hyper: %v", err)
	}
	b = open("RESTAPISample.twb")
	if wb, err := ReadWorkbook(bytes.NewReader(b), int64(len(b)), "twb", Limits{}); err != nil || len(wb.Sheets) != 8 {
		t.Errorf("RESTAPISample.twb: %v %v", wb, err)
	}
}

type entry struct {
	name   string
	body   []byte
	method uint16
}

func zipOf(t testing.TB, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: e.method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestUnsafeArchivesAreRefused(t *testing.T) {
	twb := read(t, "workbooks/Sales.twb")
	cases := map[string][]byte{
		"dot-dot":   zipOf(t, entry{"Sales.twb", twb, zip.Deflate}, entry{"../../etc/passwd", []byte("x"), zip.Store}),
		"absolute":  zipOf(t, entry{"/Sales.twb", twb, zip.Deflate}),
		"backslash": zipOf(t, entry{`Data\..\..\x`, []byte("x"), zip.Store}, entry{"Sales.twb", twb, zip.Deflate}),
		"drive":     zipOf(t, entry{"C:/Sales.twb", twb, zip.Deflate}),
		// 4 MB of zeros deflates about a thousand times.
		"bomb": zipOf(t, entry{"Sales.twb", twb, zip.Deflate}, entry{"Data/zeros.hyper", make([]byte, 4<<20), zip.Deflate}),
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := ReadWorkbook(bytes.NewReader(b), int64(len(b)), "twbx", Limits{})
			if !errors.Is(err, ErrUnsafeArchive) {
				t.Fatalf("got %v, want ErrUnsafeArchive", err)
			}
		})
	}
	many := make([]entry, 0, 12)
	many = append(many, entry{"Sales.twb", twb, zip.Deflate})
	for i := range 11 {
		many = append(many, entry{"Data/f" + string(rune('a'+i)), []byte("x"), zip.Store})
	}
	b := zipOf(t, many...)
	if _, err := ReadWorkbook(bytes.NewReader(b), int64(len(b)), "twbx", Limits{MaxEntries: 10}); !errors.Is(err, ErrUnsafeArchive) {
		t.Errorf("too many entries: %v", err)
	}
	if _, err := ReadWorkbook(bytes.NewReader(b), int64(len(b)), "twbx", Limits{MaxTotalSize: 100}); !errors.Is(err, ErrUnsafeArchive) {
		t.Errorf("too large in total: %v", err)
	}
	if _, err := ReadWorkbook(bytes.NewReader(b), int64(len(b)), "twbx", Limits{MaxDocumentSize: 100}); !errors.Is(err, ErrUnsafeArchive) {
		t.Errorf("document too large: %v", err)
	}
	// The same archive within the limits reads.
	if wb, err := ReadWorkbook(bytes.NewReader(b), int64(len(b)), "twbx", Limits{}); err != nil || len(wb.Sheets) != 3 {
		t.Errorf("a safe archive: %v %v", wb, err)
	}
}

func TestMalformedFilesAreRefused(t *testing.T) {
	twb := read(t, "workbooks/Sales.twb")
	cases := map[string]struct {
		body []byte
		typ  string
	}{
		"not xml":          {[]byte("hello"), "twb"},
		"wrong root":       {[]byte("<datasource/>"), "twb"},
		"doctype":          {[]byte(`<?xml version="1.0"?><!DOCTYPE workbook [<!ENTITY x "y">]><workbook/>`), "twb"},
		"truncated":        {twb[:len(twb)/2], "twb"},
		"latin1":           {[]byte(`<?xml version="1.0" encoding="ISO-8859-1"?><workbook/>`), "twb"},
		"unnamed sheet":    {[]byte(`<workbook><worksheets><worksheet/></worksheets></workbook>`), "twb"},
		"not a zip":        {twb, "twbx"},
		"no twb inside":    {zipOf(t, entry{"readme.txt", []byte("x"), zip.Store}), "twbx"},
		"twb not at root":  {zipOf(t, entry{"dir/Sales.twb", twb, zip.Deflate}), "twbx"},
		"two twb at root":  {zipOf(t, entry{"a.twb", twb, zip.Deflate}, entry{"b.twb", twb, zip.Deflate}), "twbx"},
		"unknown type":     {twb, "pdf"},
		"two roots":        {[]byte(`<workbook/><workbook/>`), "twb"},
		"datasource as wb": {read(t, "datasources/Orders.tds"), "twb"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := ReadWorkbook(bytes.NewReader(c.body), int64(len(c.body)), c.typ, Limits{})
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("got %v, want ErrMalformed", err)
			}
		})
	}
}

func FuzzParseWorkbookXML(f *testing.F) {
	f.Add(read(f, "workbooks/Sales.twb"))
	f.Add([]byte(`<workbook><dashboards><dashboard name='S' type='storyboard'/></dashboards></workbook>`))
	f.Add([]byte(`<workbook><datasources><datasource name='x'><connection class='federated'><named-connections><named-connection><connection class='a'/></named-connection></named-connections></connection></datasource></datasources></workbook>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		wb, err := ParseWorkbookXML(bytes.NewReader(b))
		if err == nil {
			for _, s := range wb.Sheets {
				if s.Name == "" {
					t.Fatal("a sheet without a name was accepted")
				}
			}
		}
	})
}

// FuzzParseDatasourceXML reads arbitrary bytes as a .tds: a refusal is
// ErrMalformed; what is accepted is one well-formed XML document (checked
// by a plain strict decoder) whose root is <datasource>, without DOCTYPE
// or ENTITY; each connection names the data source; an extract connection
// marks the data source as having extracts; and reading it again gives the
// same result.
func FuzzParseDatasourceXML(f *testing.F) {
	f.Add(read(f, "datasources/Orders.tds"))
	f.Add(read(f, "datasources/OrdersExtract.tds"))
	f.Add([]byte(`<datasource caption='c'><connection class='federated'><named-connections><named-connection><connection class='hyper'/></named-connection></named-connections></connection></datasource>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ds, err := ParseDatasourceXML(bytes.NewReader(b))
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v is not ErrMalformed", err)
			}
			return
		}
		if root, err := wellFormedRoot(b); err != nil || root != "datasource" {
			t.Fatalf("accepted a document with root %q that a strict decoder refuses (%v)", root, err)
		}
		for _, c := range ds.Connections {
			if c.Datasource != ds.Name {
				t.Fatalf("connection %+v does not name its data source %q", c, ds.Name)
			}
			if (c.Class == "hyper" || c.Class == "dataengine") && !ds.HasExtracts {
				t.Fatalf("an extract connection (%s) without HasExtracts", c.Class)
			}
		}
		again, err := ParseDatasourceXML(bytes.NewReader(b))
		if err != nil || !reflect.DeepEqual(ds, again) {
			t.Fatalf("read twice: %+v then %+v, %v", ds, again, err)
		}
	})
}

// wellFormedRoot reads b with a plain strict decoder (UTF-8 and ASCII
// only, as the package reads) to its end and returns its root element's
// name, or an error for anything that is not one well-formed document
// without directives.
func wellFormedRoot(b []byte) (string, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf-8", "utf8", "us-ascii", "ascii":
			return in, nil
		}
		return nil, fmt.Errorf("encoding %q", label)
	}
	root, depth := "", 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if root == "" {
				return "", errors.New("no root element")
			}
			return root, nil
		}
		if err != nil {
			return root, err
		}
		switch t := tok.(type) {
		case xml.Directive:
			return root, errors.New("a directive")
		case xml.StartElement:
			if depth == 0 {
				if root != "" {
					return root, errors.New("two root elements")
				}
				root = t.Name.Local
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
}

// FuzzReadPackaged reads arbitrary bytes as a .twbx or .tdsx: a refusal
// is ErrMalformed or ErrUnsafeArchive; what is accepted is a zip archive
// within the limits (checked again here with archive/zip: entry count,
// names that stay inside a directory, total size), and reads the same as
// its root document read on its own, its extracts included.
func FuzzReadPackaged(f *testing.F) {
	twb := read(f, "workbooks/Sales.twb")
	f.Add(zipOf(f, entry{"Sales.twb", twb, zip.Deflate}, entry{"Data/x.hyper", []byte("Hyper\x08"), zip.Store}), true)
	f.Add(zipOf(f, entry{"Orders.tds", read(f, "datasources/OrdersExtract.tds"), zip.Deflate}), false)
	f.Fuzz(func(t *testing.T, b []byte, workbook bool) {
		lim := Limits{MaxTotalSize: 1 << 20, MaxDocumentSize: 1 << 20, MaxEntries: 64}
		var got any
		var err error
		if workbook {
			got, err = ReadWorkbook(bytes.NewReader(b), int64(len(b)), "twbx", lim)
		} else {
			got, err = ReadDatasource(bytes.NewReader(b), int64(len(b)), "tdsx", lim)
		}
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnsafeArchive) {
				t.Fatalf("error %v is neither ErrMalformed nor ErrUnsafeArchive", err)
			}
			return
		}
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatalf("accepted what archive/zip cannot open: %v", err)
		}
		if len(zr.File) > lim.MaxEntries {
			t.Fatalf("accepted %d entries, limit %d", len(zr.File), lim.MaxEntries)
		}
		ext := map[bool]string{true: ".twb", false: ".tds"}[workbook]
		var total uint64
		var root *zip.File
		extracts := false
		for _, e := range zr.File {
			n := strings.ReplaceAll(e.Name, `\`, "/")
			if e.Name == "" || strings.ContainsRune(n, 0) || strings.HasPrefix(n, "/") || (len(n) >= 2 && n[1] == ':') || slices.Contains(strings.Split(n, "/"), "..") {
				t.Fatalf("accepted an archive with the entry %q", e.Name)
			}
			total += e.UncompressedSize64
			if !strings.Contains(n, "/") && strings.EqualFold(path.Ext(n), ext) {
				root = e
			}
			switch strings.ToLower(path.Ext(n)) {
			case ".hyper", ".tde":
				extracts = true
			}
		}
		if total > uint64(lim.MaxTotalSize) {
			t.Fatalf("accepted an archive of %d bytes, limit %d", total, lim.MaxTotalSize)
		}
		if root == nil {
			t.Fatalf("accepted an archive without a %s at its root", ext)
		}
		rc, err := root.Open()
		if err != nil {
			t.Fatalf("the root document of an accepted archive cannot be opened: %v", err)
		}
		doc, err := io.ReadAll(io.LimitReader(rc, lim.MaxDocumentSize))
		rc.Close()
		if err != nil {
			t.Fatalf("the root document of an accepted archive cannot be read: %v", err)
		}
		var alone any
		if workbook {
			wb, err := ParseWorkbookXML(bytes.NewReader(doc))
			if err != nil {
				t.Fatalf("the archive was accepted, its %s alone is refused: %v", root.Name, err)
			}
			wb.HasExtracts = wb.HasExtracts || extracts
			alone = wb
		} else {
			ds, err := ParseDatasourceXML(bytes.NewReader(doc))
			if err != nil {
				t.Fatalf("the archive was accepted, its %s alone is refused: %v", root.Name, err)
			}
			ds.HasExtracts = ds.HasExtracts || extracts
			alone = ds
		}
		if !reflect.DeepEqual(got, alone) {
			t.Fatalf("the archive reads as %+v, its root document alone as %+v", got, alone)
		}
	})
}
