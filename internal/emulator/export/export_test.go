package export

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestSampleDataAndFilters(t *testing.T) {
	all := SampleData("Sales by Region", Options{})
	if len(all.Rows) != 12 {
		t.Fatalf("%d rows, want 12", len(all.Rows))
	}
	again := SampleData("Sales by Region", Options{})
	other := SampleData("Profit vs Target", Options{})
	if !equalTables(all, again) || equalTables(all, other) {
		t.Error("the data is not a function of the view's name")
	}
	o := ParseQuery(map[string][]string{"vf_Region": {"East,West"}, "vf_category": {"Technology"}, "vf_Unknown": {"x"},
		"vp_Top N": {"5"}, "vf_Parameters.Scale": {"2"}, "maxAge": {"1"}})
	f := SampleData("Sales by Region", o)
	if len(f.Rows) != 2 || f.Rows[0][0] != "East" || f.Rows[1][0] != "West" || f.Rows[0][1] != "Technology" {
		t.Errorf("filtered rows: %v", f.Rows)
	}
	got := strings.Join(o.Describe(), "|")
	want := "Filter: Region = East, West|Filter: Unknown = x|Filter: category = Technology|Parameter: Scale = 2|Parameter: Top N = 5"
	if got != want {
		t.Errorf("Describe = %q, want %q", got, want)
	}
	bars := f.Bars()
	if len(bars) != 2 || bars[0].Label != "East" {
		t.Errorf("bars %v", bars)
	}
}

func equalTables(a, b Table) bool {
	return bytes.Equal(CSV(a), CSV(b))
}

func TestCSV(t *testing.T) {
	tb := Table{Columns: []string{"a", "b"}, Rows: [][]string{{"x,y", `q"z`}, {"1", "2"}}}
	b := CSV(tb)
	if !bytes.HasSuffix(b, []byte("\r\n")) {
		t.Error("no CRLF line ends")
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || recs[1][0] != "x,y" || recs[1][1] != `q"z` {
		t.Errorf("round trip: %q", recs)
	}
}

func TestPNGSizeAndDeterminism(t *testing.T) {
	c := Card{Title: "Sales by Region", Subtitle: "Sales", Lines: []string{"Filter: Region = East", "Ünïcode ✓"},
		Bars: SampleData("x", Options{}).Bars()}
	for _, sz := range [][3]int{{800, 600, 1}, {640, 480, 2}, {321, 123, 1}, {16, 16, 1}} {
		b, err := PNG(c, sz[0], sz[1], sz[2])
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Width != sz[0] || cfg.Height != sz[1] {
			t.Errorf("decoded %dx%d, want %dx%d", cfg.Width, cfg.Height, sz[0], sz[1])
		}
		if _, err := png.Decode(bytes.NewReader(b)); err != nil {
			t.Errorf("decode: %v", err)
		}
		b2, _ := PNG(c, sz[0], sz[1], sz[2])
		if !bytes.Equal(b, b2) {
			t.Error("the same card drew two different images")
		}
	}
	a, _ := PNG(c, 200, 100, 1)
	c.Lines = []string{"Filter: Region = West"}
	b, _ := PNG(c, 200, 100, 1)
	if bytes.Equal(a, b) {
		t.Error("the filters do not show on the image")
	}
	if _, err := PNG(c, 10, 10, 1); err == nil {
		t.Error("a 10x10 image was drawn")
	}
	if _, err := PNG(c, MaxImageSide+1, 10, 1); err == nil {
		t.Error("an oversized image was drawn")
	}
}

func TestGlyphsAreDistinct(t *testing.T) {
	seen := map[[7]byte]rune{}
	for r := rune(0x21); r <= 0x7E; r++ {
		g := glyphRows(r)
		if prev, dup := seen[g]; dup {
			t.Errorf("%q and %q have the same glyph", prev, r)
		}
		seen[g] = r
		for _, row := range g {
			if row > 0x1F {
				t.Errorf("%q is wider than 5 pixels", r)
			}
		}
	}
	if glyphRows('é') != glyphRows('?') {
		t.Error("non-ASCII does not draw as ?")
	}
}

// checkPDF is a small structural check of a PDF: header, every xref
// offset pointing at its object, startxref pointing at the xref table,
// %%EOF at the end. It returns the MediaBoxes and the text shown.
func checkPDF(t *testing.T, b []byte) (boxes []string, text string) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-1.")) {
		t.Fatal("no %PDF header")
	}
	if !bytes.HasSuffix(bytes.TrimRight(b, "\r\n"), []byte("%%EOF")) {
		t.Fatal("no end-of-file marker at the end")
	}
	m := regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`).FindSubmatch(b)
	if m == nil {
		t.Fatal("no startxref")
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if xref >= len(b) || !bytes.HasPrefix(b[xref:], []byte("xref")) {
		t.Fatalf("startxref %d does not point at the xref table", xref)
	}
	lines := strings.Split(string(b[xref:]), "\n")
	var first, count int
	if _, err := fmtSscan(lines[1], &first, &count); err != nil {
		t.Fatalf("xref subsection header %q: %v", lines[1], err)
	}
	for i := 1; i < count; i++ {
		// Offsets have leading zeros: read them as decimal, not as Sscan's octal.
		f := strings.Fields(lines[2+i])
		off, err := strconv.Atoi(strings.TrimLeft(f[0], "0"))
		if len(f) != 3 || err != nil || f[2] != "n" || len(lines[2+i]) != 19 {
			t.Fatalf("xref entry %q", lines[2+i])
		}
		want := strconv.Itoa(first+i) + " 0 obj"
		if off >= len(b) || !bytes.HasPrefix(b[off:], []byte(want)) {
			t.Fatalf("xref entry %d (offset %d) does not point at %q", i, off, want)
		}
	}
	if !regexp.MustCompile(`trailer\s*<<[^>]*/Size ` + strconv.Itoa(count) + `[^>]*/Root 1 0 R`).Match(b) {
		t.Error("trailer without /Size or /Root")
	}
	for _, m := range regexp.MustCompile(`/MediaBox \[([^\]]*)\]`).FindAllSubmatch(b, -1) {
		boxes = append(boxes, string(m[1]))
	}
	// Stream lengths must match.
	for _, m := range regexp.MustCompile(`(?s)/Length (\d+) >>\nstream\n(.*?)\nendstream`).FindAllSubmatch(b, -1) {
		if n, _ := strconv.Atoi(string(m[1])); n != len(m[2]) {
			t.Errorf("stream /Length %d, actual %d", n, len(m[2]))
		}
	}
	for _, m := range regexp.MustCompile(`\((.*?)\) Tj`).FindAllSubmatch(b, -1) {
		text += string(m[1]) + "\n"
	}
	return boxes, text
}

func fmtSscan(s string, args ...any) (int, error) {
	return fmt.Sscan(strings.TrimSpace(s), args...)
}

func TestPDF(t *testing.T) {
	pages := []Page{{Title: "Sales (by) Region", Lines: []string{"Filter: Region = East", "Café"}, Bars: []Bar{{"East", 10}}}, {Title: "Second"}}
	for _, c := range []struct {
		typ, orient, box string
	}{
		{"", "", "0 0 612 1008"},
		{"A4", "Portrait", "0 0 595 842"},
		{"a4", "Landscape", "0 0 842 595"},
		{"Letter", "Landscape", "0 0 792 612"},
		{"Tabloid", "", "0 0 792 1224"},
	} {
		w, h, ok := PageSize(c.typ, c.orient)
		if !ok {
			t.Fatalf("%s %s not known", c.typ, c.orient)
		}
		b := PDF(pages, w, h)
		boxes, text := checkPDF(t, b)
		if len(boxes) != 2 || boxes[0] != c.box || boxes[1] != c.box {
			t.Errorf("%s %s: MediaBoxes %v, want %s", c.typ, c.orient, boxes, c.box)
		}
		if !strings.Contains(text, `Sales \(by\) Region`) || !strings.Contains(text, "Filter: Region = East") || !strings.Contains(text, `Caf\351`) {
			t.Errorf("text: %q", text)
		}
		if !bytes.Equal(b, PDF(pages, w, h)) {
			t.Error("not deterministic")
		}
	}
	if _, _, ok := PageSize("Napkin", ""); ok {
		t.Error("an unknown page type was accepted")
	}
	if _, _, ok := PageSize("A4", "Sideways"); ok {
		t.Error("an unknown orientation was accepted")
	}
}

// readZip opens an OOXML package and checks that every XML part parses.
func readZip(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = body
		if strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels") {
			d := xml.NewDecoder(bytes.NewReader(body))
			for {
				_, err := d.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s is not well-formed: %v", f.Name, err)
				}
			}
		}
	}
	return out
}

// checkPackage checks an OOXML package's wiring: every part has a content
// type (by default extension or override) and every relationship's
// internal target exists.
func checkPackage(t *testing.T, parts map[string][]byte) {
	t.Helper()
	var types struct {
		Defaults []struct {
			Extension string `xml:"Extension,attr"`
		} `xml:"Default"`
		Overrides []struct {
			PartName string `xml:"PartName,attr"`
		} `xml:"Override"`
	}
	if err := xml.Unmarshal(parts["[Content_Types].xml"], &types); err != nil {
		t.Fatal(err)
	}
	exts := map[string]bool{}
	for _, d := range types.Defaults {
		exts[d.Extension] = true
	}
	over := map[string]bool{}
	for _, o := range types.Overrides {
		over[o.PartName] = true
		if _, ok := parts[strings.TrimPrefix(o.PartName, "/")]; !ok {
			t.Errorf("override for a missing part %s", o.PartName)
		}
	}
	for name := range parts {
		if name == "[Content_Types].xml" {
			continue
		}
		if !over["/"+name] && !exts[strings.TrimPrefix(path.Ext(name), ".")] {
			t.Errorf("part %s has no content type", name)
		}
		if !strings.HasSuffix(name, ".rels") {
			continue
		}
		var rels struct {
			Rels []struct {
				Target string `xml:"Target,attr"`
				Mode   string `xml:"TargetMode,attr"`
			} `xml:"Relationship"`
		}
		if err := xml.Unmarshal(parts[name], &rels); err != nil {
			t.Fatal(err)
		}
		// _rels/x.rels describes x: targets are relative to x's folder.
		base := path.Dir(path.Dir(name))
		for _, r := range rels.Rels {
			target := path.Clean(path.Join(base, r.Target))
			if _, ok := parts[target]; !ok {
				t.Errorf("%s points at missing part %s", name, target)
			}
		}
	}
}

func TestXLSX(t *testing.T) {
	tb := SampleData("Sales by Region", ParseQuery(map[string][]string{"vf_Region": {"East"}}))
	b := XLSX("Sales by Region: 2024/Q1 [draft] is a very long sheet name", tb)
	parts := readZip(t, b)
	checkPackage(t, parts)
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.Unmarshal(parts["xl/workbook.xml"], &wb); err != nil {
		t.Fatal(err)
	}
	if len(wb.Sheets) != 1 || len([]rune(wb.Sheets[0].Name)) > 31 || strings.ContainsAny(wb.Sheets[0].Name, `[]:*?/\`) {
		t.Errorf("sheet name %+v", wb.Sheets)
	}
	var ws struct {
		Rows []struct {
			Cells []struct {
				T      string `xml:"t,attr"`
				V      string `xml:"v"`
				Inline string `xml:"is>t"`
			} `xml:"c"`
		} `xml:"sheetData>row"`
	}
	if err := xml.Unmarshal(parts["xl/worksheets/sheet1.xml"], &ws); err != nil {
		t.Fatal(err)
	}
	if len(ws.Rows) != 1+len(tb.Rows) {
		t.Fatalf("%d rows, want %d", len(ws.Rows), 1+len(tb.Rows))
	}
	if ws.Rows[0].Cells[0].Inline != "Region" || ws.Rows[1].Cells[0].Inline != "East" || ws.Rows[1].Cells[2].V != tb.Rows[0][2] {
		t.Errorf("cells: %+v", ws.Rows[:2])
	}
	if !bytes.Equal(b, XLSX("Sales by Region: 2024/Q1 [draft] is a very long sheet name", tb)) {
		t.Error("not deterministic")
	}
}

func TestPPTX(t *testing.T) {
	img, _ := PNG(Card{Title: "A"}, 100, 50, 1)
	b := PPTX([]Slide{{Title: "A & B", PNG: img, W: 100, H: 50}, {Title: "C", PNG: img, W: 100, H: 50}})
	parts := readZip(t, b)
	checkPackage(t, parts)
	for _, p := range []string{"ppt/presentation.xml", "ppt/slides/slide1.xml", "ppt/slides/slide2.xml", "ppt/media/image2.png",
		"ppt/slideMasters/slideMaster1.xml", "ppt/slideLayouts/slideLayout1.xml", "ppt/theme/theme1.xml"} {
		if _, ok := parts[p]; !ok {
			t.Errorf("no %s", p)
		}
	}
	if !bytes.Contains(parts["ppt/slides/slide1.xml"], []byte("A &amp; B")) {
		t.Error("the slide title is missing")
	}
	if _, err := png.Decode(bytes.NewReader(parts["ppt/media/image1.png"])); err != nil {
		t.Errorf("slide image: %v", err)
	}
}
