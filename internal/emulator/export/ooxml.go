package export

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// zipTime is the modification time of every part: a fixed date keeps the
// archives byte-for-byte deterministic.
var zipTime = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

type part struct {
	name string
	body []byte
}

// packageZip writes parts, in order, as an OOXML package (a zip archive).
func packageZip(parts []part) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		method := zip.Deflate
		if strings.HasSuffix(p.name, ".png") {
			method = zip.Store // already compressed
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: method, Modified: zipTime})
		if err != nil {
			panic(err) // only on invalid names, which are constants here
		}
		w.Write(p.body)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(strings.ToValidUTF8(s, "?")))
	return b.String()
}

const xmlDecl = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// SheetName makes s a valid Excel sheet name: at most 31 characters, none
// of []:*?/\, not empty.
func SheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) || r < 0x20 {
			return '_'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	if strings.TrimSpace(s) == "" {
		s = "Sheet1"
	}
	return s
}

// XLSX writes a workbook with one worksheet holding the table: a minimal
// OOXML SpreadsheetML package ([Content_Types].xml, _rels/.rels,
// xl/workbook.xml and its relationships, xl/worksheets/sheet1.xml) with
// the header in bold-free inline strings and numbers as numbers.
func XLSX(sheet string, t Table) []byte {
	var rows strings.Builder
	writeRow := func(n int, cells []string, header bool) {
		fmt.Fprintf(&rows, `<row r="%d">`, n)
		for i, c := range cells {
			ref := colName(i) + strconv.Itoa(n)
			if _, err := strconv.Atoi(c); err == nil && !header {
				fmt.Fprintf(&rows, `<c r="%s"><v>%s</v></c>`, ref, c)
				continue
			}
			fmt.Fprintf(&rows, `<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, ref, esc(c))
		}
		rows.WriteString(`</row>`)
	}
	writeRow(1, t.Columns, true)
	for i, r := range t.Rows {
		writeRow(i+2, r, false)
	}
	dim := "A1"
	if len(t.Columns) > 0 {
		dim = "A1:" + colName(len(t.Columns)-1) + strconv.Itoa(len(t.Rows)+1)
	}
	return packageZip([]part{
		{"[Content_Types].xml", []byte(xmlDecl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`</Types>`)},
		{"_rels/.rels", []byte(xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
			`</Relationships>`)},
		{"xl/workbook.xml", []byte(xmlDecl + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="` + esc(SheetName(sheet)) + `" sheetId="1" r:id="rId1"/></sheets></workbook>`)},
		{"xl/_rels/workbook.xml.rels", []byte(xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`</Relationships>`)},
		{"xl/worksheets/sheet1.xml", []byte(xmlDecl + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			`<dimension ref="` + dim + `"/><sheetData>` + rows.String() + `</sheetData></worksheet>`)},
	})
}

// colName is the spreadsheet column letter(s) of index i (0 is A).
func colName(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// Slide is one slide of a deck: a title and an image.
type Slide struct {
	Title string
	PNG   []byte
	// W and H are the image's size in pixels.
	W, H int
}

// PPTX writes a presentation with one slide per entry, each with its title
// and its picture: a minimal PresentationML package (presentation, one
// slide master, one slide layout, a theme, the slides and their media).
func PPTX(slides []Slide) []byte {
	const (
		relNS   = "http://schemas.openxmlformats.org/package/2006/relationships"
		relType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
		pNS     = `xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"`
		slideW  = 9144000 // 10 inches in EMU
		slideH  = 6858000 // 7.5 inches
		ct      = "application/vnd.openxmlformats-officedocument.presentationml."
	)
	rels := func(rs ...string) []byte {
		return []byte(xmlDecl + `<Relationships xmlns="` + relNS + `">` + strings.Join(rs, "") + `</Relationships>`)
	}
	rel := func(id, typ, target string) string {
		return `<Relationship Id="` + id + `" Type="` + relType + typ + `" Target="` + target + `"/>`
	}
	emptyTree := `<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>` +
		`<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr></p:spTree></p:cSld>`

	var types strings.Builder
	types.WriteString(xmlDecl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Default Extension="png" ContentType="image/png"/>` +
		`<Override PartName="/ppt/presentation.xml" ContentType="` + ct + `presentation.main+xml"/>` +
		`<Override PartName="/ppt/slideMasters/slideMaster1.xml" ContentType="` + ct + `slideMaster+xml"/>` +
		`<Override PartName="/ppt/slideLayouts/slideLayout1.xml" ContentType="` + ct + `slideLayout+xml"/>` +
		`<Override PartName="/ppt/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>`)
	var sldIDs strings.Builder
	presRels := []string{rel("rId1", "slideMaster", "slideMasters/slideMaster1.xml"), rel("rId2", "theme", "theme/theme1.xml")}
	var slideParts []part
	for i, s := range slides {
		n := strconv.Itoa(i + 1)
		fmt.Fprintf(&types, `<Override PartName="/ppt/slides/slide%s.xml" ContentType="%sslide+xml"/>`, n, ct)
		fmt.Fprintf(&sldIDs, `<p:sldId id="%d" r:id="rId%d"/>`, 256+i, 3+i)
		presRels = append(presRels, rel("rId"+strconv.Itoa(3+i), "slide", "slides/slide"+n+".xml"))
		// The picture fills the slide below the title, keeping its aspect ratio.
		boxW, boxH := int64(slideW-2*457200), int64(slideH-1600200-457200)
		cx, cy := boxW, boxH
		if s.W > 0 && s.H > 0 {
			if boxW*int64(s.H) > boxH*int64(s.W) {
				cx = boxH * int64(s.W) / int64(s.H)
			} else {
				cy = boxW * int64(s.H) / int64(s.W)
			}
		}
		slide := xmlDecl + `<p:sld ` + pNS + `><p:cSld><p:spTree>` +
			`<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>` +
			`<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>` +
			`<p:sp><p:nvSpPr><p:cNvPr id="2" name="Title"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>` +
			`<p:spPr><a:xfrm><a:off x="457200" y="274638"/><a:ext cx="8229600" cy="1143000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>` +
			`<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US" sz="2800"/><a:t>` + esc(s.Title) + `</a:t></a:r></a:p></p:txBody></p:sp>` +
			`<p:pic><p:nvPicPr><p:cNvPr id="3" name="View"/><p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr>` +
			`<p:blipFill><a:blip r:embed="rId2"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>` +
			fmt.Sprintf(`<p:spPr><a:xfrm><a:off x="457200" y="1600200"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>`, cx, cy) +
			`</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>`
		slideParts = append(slideParts,
			part{"ppt/slides/slide" + n + ".xml", []byte(slide)},
			part{"ppt/slides/_rels/slide" + n + ".xml.rels", rels(rel("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"), rel("rId2", "image", "../media/image"+n+".png"))},
			part{"ppt/media/image" + n + ".png", s.PNG},
		)
	}
	types.WriteString(`</Types>`)
	parts := []part{
		{"[Content_Types].xml", []byte(types.String())},
		{"_rels/.rels", rels(rel("rId1", "officeDocument", "ppt/presentation.xml"))},
		{"ppt/presentation.xml", []byte(xmlDecl + `<p:presentation ` + pNS + `>` +
			`<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>` +
			`<p:sldIdLst>` + sldIDs.String() + `</p:sldIdLst>` +
			fmt.Sprintf(`<p:sldSz cx="%d" cy="%d"/><p:notesSz cx="%d" cy="%d"/>`, slideW, slideH, slideH, slideW) +
			`</p:presentation>`)},
		{"ppt/_rels/presentation.xml.rels", rels(presRels...)},
		{"ppt/slideMasters/slideMaster1.xml", []byte(xmlDecl + `<p:sldMaster ` + pNS + `>` + emptyTree +
			`<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>` +
			`<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst></p:sldMaster>`)},
		{"ppt/slideMasters/_rels/slideMaster1.xml.rels", rels(rel("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"), rel("rId2", "theme", "../theme/theme1.xml"))},
		{"ppt/slideLayouts/slideLayout1.xml", []byte(xmlDecl + `<p:sldLayout ` + pNS + ` type="blank" preserve="1">` + emptyTree +
			`<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>`)},
		{"ppt/slideLayouts/_rels/slideLayout1.xml.rels", rels(rel("rId1", "slideMaster", "../slideMasters/slideMaster1.xml"))},
		{"ppt/theme/theme1.xml", []byte(xmlDecl + theme)},
	}
	return packageZip(append(parts, slideParts...))
}

// theme is the smallest complete DrawingML theme: twelve colors, two
// fonts, and three of each format style, as PresentationML requires.
const theme = `<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Emulator"><a:themeElements>` +
	`<a:clrScheme name="Emulator">` +
	`<a:dk1><a:srgbClr val="000000"/></a:dk1><a:lt1><a:srgbClr val="FFFFFF"/></a:lt1>` +
	`<a:dk2><a:srgbClr val="1F2A36"/></a:dk2><a:lt2><a:srgbClr val="EEECE1"/></a:lt2>` +
	`<a:accent1><a:srgbClr val="4E79A7"/></a:accent1><a:accent2><a:srgbClr val="F28E2B"/></a:accent2>` +
	`<a:accent3><a:srgbClr val="E15759"/></a:accent3><a:accent4><a:srgbClr val="76B7B2"/></a:accent4>` +
	`<a:accent5><a:srgbClr val="59A14F"/></a:accent5><a:accent6><a:srgbClr val="EDC948"/></a:accent6>` +
	`<a:hlink><a:srgbClr val="0563C1"/></a:hlink><a:folHlink><a:srgbClr val="954F72"/></a:folHlink></a:clrScheme>` +
	`<a:fontScheme name="Emulator"><a:majorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont>` +
	`<a:minorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme>` +
	`<a:fmtScheme name="Emulator">` +
	`<a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:fillStyleLst>` +
	`<a:lnStyleLst><a:ln w="9525"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="25400"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="38100"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst>` +
	`<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst>` +
	`<a:bgFillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:bgFillStyleLst>` +
	`</a:fmtScheme></a:themeElements></a:theme>`

// CSV writes the table as CSV with a header row (RFC 4180, CRLF line ends
// as Tableau writes them).
func CSV(t Table) []byte {
	var b strings.Builder
	line := func(cells []string) {
		for i, c := range cells {
			if i > 0 {
				b.WriteByte(',')
			}
			if strings.ContainsAny(c, ",\"\r\n") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			b.WriteString(c)
		}
		b.WriteString("\r\n")
	}
	line(t.Columns)
	for _, r := range t.Rows {
		line(r)
	}
	return []byte(b.String())
}
