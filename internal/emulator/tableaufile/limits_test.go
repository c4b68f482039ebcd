package tableaufile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
)

// nestedDoc is a workbook document generated as it is read, never held in
// memory: <workbook>, then n <a> nested, closed, and </workbook>. With n
// = 8,000,000 it is the 56 MB document an attacker sent.
type nestedDoc struct{ n int64 }

const (
	nestedHead, nestedOpen, nestedClose, nestedTail = "<workbook>", "<a>", "</a>", "</workbook>"
)

func (d nestedDoc) Size() int64 {
	return int64(len(nestedHead)) + d.n*int64(len(nestedOpen)+len(nestedClose)) + int64(len(nestedTail))
}

// ReadAt fills p from the document at off, computing each byte.
func (d nestedDoc) ReadAt(p []byte, off int64) (int, error) {
	size := d.Size()
	n := 0
	for n < len(p) && off < size {
		pos := off
		var b byte
		switch opens := d.n * int64(len(nestedOpen)); {
		case pos < int64(len(nestedHead)):
			b = nestedHead[pos]
		case pos < int64(len(nestedHead))+opens:
			b = nestedOpen[(pos-int64(len(nestedHead)))%int64(len(nestedOpen))]
		case pos < int64(len(nestedHead))+opens+d.n*int64(len(nestedClose)):
			b = nestedClose[(pos-int64(len(nestedHead))-opens)%int64(len(nestedClose))]
		default:
			b = nestedTail[pos-int64(len(nestedHead))-opens-d.n*int64(len(nestedClose))]
		}
		p[n] = b
		n++
		off++
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// countingReaderAt counts the bytes read through it.
type countingReaderAt struct {
	ra io.ReaderAt
	n  int64
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.ra.ReadAt(p, off)
	c.n += int64(n)
	return n, err
}

// TestNestedWorkbookRefusedEarly: the attacker's workbook, 8,000,000
// nested elements in 56 MB, is refused as unsafe, naming the depth bound
// (256), having read a few KB of it and allocated well under a megabyte
// (it used to be read whole, in 10 s and 1.3 GB).
func TestNestedWorkbookRefusedEarly(t *testing.T) {
	doc := nestedDoc{n: 8_000_000}
	if doc.Size() < 54_000_000 {
		t.Fatalf("the document is %d bytes, not the attacker's 54 MB+", doc.Size())
	}
	cr := &countingReaderAt{ra: doc}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := ReadWorkbook(cr, doc.Size(), "twb", Limits{})
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrUnsafeArchive) || !strings.Contains(err.Error(), "element depth limit of 256") {
		t.Fatalf("the nested workbook: %v", err)
	}
	if cr.n > 64<<10 {
		t.Errorf("%d bytes read before the refusal; a few KB expected", cr.n)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Errorf("%d bytes allocated to refuse it", alloc)
	}
}

// TestFileXMLBounds: a document at each bound of DefaultLimits reads; one
// past it is refused as unsafe with a message naming the bound, plain
// (.twb, .tds) and packaged (.twbx). The numbers are written out: depth
// 256, 2,000,000 elements, 256 attributes, 1 MiB attribute values, 16 MiB
// tokens; the element count is checked on a smaller bound given in
// Limits, as are the document size bounds.
func TestFileXMLBounds(t *testing.T) {
	wb := func(inner string) string {
		return `<workbook><worksheets><worksheet name="S"/></worksheets>` + inner + `</workbook>`
	}
	nested := func(depth int) string { // depth counts <workbook> and <x>
		return wb(strings.Repeat("<x>", depth-1) + strings.Repeat("</x>", depth-1))
	}
	attrs := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, ` a%d="x"`, i)
		}
		return wb(`<x` + b.String() + `/>`)
	}
	value := func(n int) string { return wb(`<x a="` + strings.Repeat("v", n) + `"/>`) }
	text := func(n int) string { return wb(`<x>` + strings.Repeat("t", n) + `</x>`) }
	elements := func(n int) string { return wb(strings.Repeat("<x/>", n-3)) } // workbook, worksheets, worksheet
	for _, tc := range []struct {
		limit    string
		lim      Limits
		at, over string
	}{
		{"element depth limit of 256", Limits{}, nested(256), nested(257)},
		{"attributes per element limit of 256", Limits{}, attrs(256), attrs(257)},
		{"attribute value size in bytes limit of 1048576", Limits{}, value(1 << 20), value(1<<20 + 1)},
		{"token size in bytes limit of 16777216", Limits{}, text(16<<20 - 1), text(16 << 20)},
		{"element count limit of 100", Limits{MaxElements: 100}, elements(100), elements(101)},
		// Refused by its declared size (the file's, the zip entry's).
		{"at most 1000", Limits{MaxDocumentSize: 1000}, wb(strings.Repeat(" ", 1000-len(wb("")))), wb(strings.Repeat(" ", 1001-len(wb(""))))},
	} {
		for _, typ := range []string{"twb", "twbx"} {
			body := []byte(tc.at)
			over := []byte(tc.over)
			if typ == "twbx" {
				body, over = storedZip(t, "W.twb", body), storedZip(t, "W.twb", over)
			}
			if _, err := ReadWorkbook(bytes.NewReader(body), int64(len(body)), typ, tc.lim); err != nil {
				t.Errorf("%s at the %s: %v", typ, tc.limit, err)
			}
			_, err := ReadWorkbook(bytes.NewReader(over), int64(len(over)), typ, tc.lim)
			if !errors.Is(err, ErrUnsafeArchive) || !strings.Contains(err.Error(), tc.limit) {
				t.Errorf("%s past the %s: %v", typ, tc.limit, err)
			}
		}
	}
	// A document whose size is not declared is bounded as it is read.
	over := wb(strings.Repeat(" ", 1001-len(wb(""))))
	if _, err := parseWorkbookXML(strings.NewReader(over), Limits{MaxDocumentSize: 1000}); !errors.Is(err, ErrUnsafeArchive) ||
		!strings.Contains(err.Error(), "document size in bytes limit of 1000") {
		t.Errorf("a streamed document past the size bound: %v", err)
	}
	// Data sources go through the same tokenizer.
	deep := `<datasource><connection class="x"/>` + strings.Repeat("<x>", 256) + strings.Repeat("</x>", 256) + `</datasource>`
	if _, err := ReadDatasource(strings.NewReader(deep), int64(len(deep)), "tds", Limits{}); !errors.Is(err, ErrUnsafeArchive) || !strings.Contains(err.Error(), "element depth") {
		t.Errorf("a deep data source: %v", err)
	}
}

// BenchmarkRefuseNestedWorkbook: what refusing the attacker's 56 MB
// workbook of 8,000,000 nested elements costs (time and memory per
// refusal). It read the whole document before the depth bound existed.
func BenchmarkRefuseNestedWorkbook(b *testing.B) {
	doc := nestedDoc{n: 8_000_000}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadWorkbook(doc, doc.Size(), "twb", Limits{}); !errors.Is(err, ErrUnsafeArchive) {
			b.Fatal(err)
		}
	}
}

// BenchmarkRefuseFlatWorkbook: a 56 MB workbook of 14 million sibling
// elements, refused at the element count bound (2,000,000) after reading
// about an eighth of it.
func BenchmarkRefuseFlatWorkbook(b *testing.B) {
	doc := []byte(`<workbook>` + strings.Repeat("<a/>", 14_000_000) + `</workbook>`)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := ReadWorkbook(bytes.NewReader(doc), int64(len(doc)), "twb", Limits{}); !errors.Is(err, ErrUnsafeArchive) {
			b.Fatal(err)
		}
	}
}
