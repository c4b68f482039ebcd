package export

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// pageSizes are the PDF page types of the REST API, portrait, in points
// (1/72 inch). Ledger and Tabloid are the same 11x17 inch sheet; the
// orientation parameter decides which side is up.
var pageSizes = map[string][2]float64{
	"a3":        {842, 1191},
	"a4":        {595, 842},
	"a5":        {420, 595},
	"b4":        {709, 1001},
	"b5":        {499, 709},
	"executive": {522, 756},
	"folio":     {612, 936},
	"ledger":    {792, 1224},
	"legal":     {612, 1008},
	"letter":    {612, 792},
	"note":      {612, 792},
	"quarto":    {610, 780},
	"tabloid":   {792, 1224},
}

// PageSize returns the page size in points for a page type (default
// Legal, Tableau's default, for "" and "Unspecified") and an orientation
// (default Portrait); ok is false for values the REST API does not know.
func PageSize(pageType, orientation string) (w, h float64, ok bool) {
	pt := strings.ToLower(pageType)
	if pt == "" || pt == "unspecified" {
		pt = "legal"
	}
	s, ok := pageSizes[pt]
	if !ok {
		return 0, 0, false
	}
	w, h = s[0], s[1]
	switch strings.ToLower(orientation) {
	case "", "portrait":
	case "landscape":
		w, h = h, w
	default:
		return 0, 0, false
	}
	return w, h, true
}

// Page is one page of a PDF: a title, lines of text and a bar chart.
type Page = Card

// PDF writes a PDF 1.4 document with one page per card, every page of the
// given size: a catalog, a page tree, pages with their MediaBox, one
// content stream each (text in Helvetica, bars as filled rectangles), an
// xref table with each object's byte offset, and a trailer.
func PDF(pages []Page, w, h float64) []byte {
	var buf bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, buf.Len())
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	// Objects: 1 catalog, 2 page tree, 3 font, then a page and its content per page.
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	kids := make([]string, len(pages))
	for i := range pages {
		kids[i] = strconv.Itoa(4+2*i) + " 0 R"
	}
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages)))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	for i, p := range pages {
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>",
			num(w), num(h), 5+2*i))
		content := pageContent(p, w, h)
		obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content))
	}
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return buf.Bytes()
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// pageContent is a page's content stream.
func pageContent(p Page, w, h float64) string {
	var b strings.Builder
	margin := 48.0
	y := h - margin - 20
	text := func(size float64, s string) {
		fmt.Fprintf(&b, "BT /F1 %s Tf %s %s Td (%s) Tj ET\n", num(size), num(margin), num(y), pdfString(s))
	}
	text(20, p.Title)
	y -= 24
	if p.Subtitle != "" {
		text(12, p.Subtitle)
		y -= 18
	}
	for _, l := range p.Lines {
		text(11, l)
		y -= 15
	}
	if len(p.Bars) == 0 {
		return b.String()
	}
	y -= 20
	top := 0
	for _, bar := range p.Bars {
		top = max(top, bar.Value)
	}
	x0 := margin + 90
	span := w - x0 - margin - 60
	b.WriteString("0.306 0.475 0.655 rg\n")
	for _, bar := range p.Bars {
		if y < margin {
			break
		}
		bw := 1.0
		if top > 0 {
			bw = max(span*float64(bar.Value)/float64(top), 1)
		}
		fmt.Fprintf(&b, "%s %s %s 14 re f\n", num(x0), num(y-3), num(float64(int(bw*100))/100))
		b.WriteString("0 0 0 rg\n")
		fmt.Fprintf(&b, "BT /F1 10 Tf %s %s Td (%s) Tj ET\n", num(margin), num(y), pdfString(bar.Label))
		fmt.Fprintf(&b, "BT /F1 10 Tf %s %s Td (%d) Tj ET\n", num(x0+float64(int(bw))+6), num(y), bar.Value)
		b.WriteString("0.306 0.475 0.655 rg\n")
		y -= 22
	}
	return b.String()
}

// pdfString escapes s for a PDF literal string in WinAnsiEncoding: ASCII
// as it is (with \, ( and ) escaped), Latin-1 letters as octal escapes,
// anything else as '?'.
func pdfString(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\' || r == '(' || r == ')':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r >= 0x20 && r < 0x7F:
			b.WriteRune(r)
		case r >= 0xA0 && r <= 0xFF:
			fmt.Fprintf(&b, "\\%03o", r)
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}
