// Package tableaufile reads what the emulator needs from Tableau content
// files: the sheets (worksheets, dashboards, stories) and data connections
// of a workbook (.twb, or the .twb inside a .twbx), and the connections of a
// data source (.tds, or the .tds inside a .tdsx; .hyper, .tde and .parquet
// files are one extract connection).
//
// The files come from clients, so nothing in them is trusted: XML is read
// as a stream (no DTDs, no entity expansion) within bounds checked token by
// token (document size, nesting depth, element count, attributes per
// element, attribute value and token sizes), and packaged
// files are zip archives read in place, never extracted, after checking
// every entry's name (no absolute paths, no "..", no drive letters), the
// number of entries, the total uncompressed size and each large entry's
// compression ratio, so that zip bombs are refused before a byte is inflated.
//
// The entry points take an io.Reader or io.ReaderAt and return an error for
// anything they cannot read; none panics on any input, which the fuzz
// tests check.
package tableaufile

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/tsc-go/tsc/internal/xmllimit"
)

// SheetType is what a sheet is, as the REST API's sheetType says.
type SheetType string

// The sheet types.
const (
	Worksheet SheetType = "worksheet"
	Dashboard SheetType = "dashboard"
	Story     SheetType = "story"
)

// Sheet is a worksheet, dashboard or story of a workbook, in file order.
type Sheet struct {
	Name string
	Type SheetType
	// Hidden is set for sheets whose window the author hid (sheets used only
	// inside dashboards); Tableau still publishes them as views.
	Hidden bool
}

// Connection is one data connection: where the data lives.
type Connection struct {
	// Class is the connector, e.g. "postgres", "excel-direct", "hyper"; the
	// REST API calls it the connection's type.
	Class    string
	Server   string
	Port     string
	Username string
	DBName   string
	// Datasource is the caption (or name) of the data source the connection
	// belongs to, for workbooks.
	Datasource string
}

// Workbook is what a workbook file says about itself.
type Workbook struct {
	Sheets      []Sheet
	Connections []Connection
	// HasExtracts is set when a packaged workbook carries an extract
	// (.hyper or .tde) or a data source declares one.
	HasExtracts bool
}

// Datasource is what a data source file says about itself.
type Datasource struct {
	// Name is the data source's formatted name or caption, when it has one.
	Name        string
	Connections []Connection
	HasExtracts bool
}

// Type is the data source's connector as the REST API reports it: the
// class of its first connection ("hyper" for extracts).
func (d *Datasource) Type() string {
	if len(d.Connections) == 0 {
		return ""
	}
	return d.Connections[0].Class
}

// Limits bound what reading a file may cost.
type Limits struct {
	// MaxEntries is the most entries an archive may hold.
	MaxEntries int
	// MaxTotalSize caps the sum of the archive entries' uncompressed sizes.
	MaxTotalSize int64
	// MaxDocumentSize caps the XML document (.twb or .tds) that is parsed:
	// its bytes as read, not only as declared.
	MaxDocumentSize int64
	// MaxDepth caps how deep the document's elements nest.
	MaxDepth int
	// MaxElements caps how many elements the document has.
	MaxElements int
	// MaxAttrs caps the attributes of one element.
	MaxAttrs int
	// MaxAttrValue caps the bytes of one attribute value.
	MaxAttrValue int
	// MaxToken caps the bytes of one XML token (a tag with its attributes,
	// a run of text such as a thumbnail): what the tokenizer holds in
	// memory at once.
	MaxToken int64
	// MaxRatio caps uncompressed/compressed size for entries of at least
	// RatioMinSize bytes: real extracts and XML compress 2 to 50 times, a
	// zip bomb thousands of times.
	MaxRatio     int64
	RatioMinSize int64
}

// The defaults of the XML bounds. Tableau documents none of them; they are
// ours, set from the reference workbooks Tableau wrote (RESTAPISample.twb:
// 247 KB, 1,385 elements nested at most 10 deep, at most 11 attributes on
// an element, attribute values of at most 107 bytes, its longest text a
// 33 KB thumbnail) with a wide margin, and small enough that a hostile
// document is refused after little work.
const (
	// DefaultMaxDepth: workbooks nest about 10 deep; dashboards with
	// layout containers inside containers go some tens deeper.
	DefaultMaxDepth = 256
	// DefaultMaxElements: real documents have about one element per 180
	// bytes, so a document at the 256 MiB size bound has ~1.5 million.
	DefaultMaxElements = 2_000_000
	// DefaultMaxAttrs: Tableau's elements have a dozen attributes or fewer.
	DefaultMaxAttrs = 256
	// DefaultMaxAttrValue: the longest attribute values are calculated
	// fields' formulas, kilobytes at most.
	DefaultMaxAttrValue = 1 << 20
	// DefaultMaxToken: the longest runs of text are thumbnails (base64
	// PNGs of tens of KB) and custom SQL.
	DefaultMaxToken = 16 << 20
)

// DefaultLimits are generous for real content and small for an attacker.
var DefaultLimits = Limits{
	MaxEntries:      10000,
	MaxTotalSize:    8 << 30,
	MaxDocumentSize: 256 << 20,
	MaxRatio:        200,
	RatioMinSize:    1 << 20,
	MaxDepth:        DefaultMaxDepth,
	MaxElements:     DefaultMaxElements,
	MaxAttrs:        DefaultMaxAttrs,
	MaxAttrValue:    DefaultMaxAttrValue,
	MaxToken:        DefaultMaxToken,
}

// ErrUnsafeArchive is wrapped by errors about archives refused for safety
// (path escapes, too many entries, too large, zip bombs).
var ErrUnsafeArchive = errors.New("unsafe archive")

// ErrMalformed is wrapped by errors about files that are not what their
// type says (not XML, not a zip, no workbook inside, ...).
var ErrMalformed = errors.New("malformed file")

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}

func unsafe(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrUnsafeArchive, fmt.Sprintf(format, args...))
}

// ParseWorkbookXML reads a .twb document within DefaultLimits.
func ParseWorkbookXML(r io.Reader) (*Workbook, error) { return parseWorkbookXML(r, DefaultLimits) }

func parseWorkbookXML(r io.Reader, lim Limits) (*Workbook, error) {
	wb := &Workbook{}
	hidden := map[string]bool{}
	err := walk(r, lim.withDefaults(), "workbook", func(p *parser, se xml.StartElement, stack []string) error {
		switch {
		case pathIs(stack, "workbook", "datasources", "datasource"):
			name := attr(se, "caption")
			if name == "" {
				name = attr(se, "name")
			}
			// Parameters are a pseudo data source without a connection.
			if attr(se, "name") == "Parameters" || attr(se, "hasconnection") == "false" {
				return p.skip()
			}
			ds, err := p.datasource(se, name)
			if err != nil {
				return err
			}
			wb.Connections = append(wb.Connections, ds.Connections...)
			wb.HasExtracts = wb.HasExtracts || ds.HasExtracts
			return nil
		case pathIs(stack, "workbook", "worksheets", "worksheet"):
			wb.Sheets = append(wb.Sheets, Sheet{Name: attr(se, "name"), Type: Worksheet})
			return p.skip()
		case pathIs(stack, "workbook", "dashboards", "dashboard"):
			t := Dashboard
			if attr(se, "type") == "storyboard" {
				t = Story
			}
			wb.Sheets = append(wb.Sheets, Sheet{Name: attr(se, "name"), Type: t})
			return p.skip()
		case pathIs(stack, "workbook", "windows", "window"):
			if attr(se, "hidden") == "true" {
				hidden[attr(se, "name")] = true
			}
			return p.skip()
		case len(stack) == 2 && !in(stack[1], "datasources", "worksheets", "dashboards", "windows"):
			// Everything else at the top (preferences, styles, thumbnails) is skipped whole.
			return p.skip()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range wb.Sheets {
		if wb.Sheets[i].Name == "" {
			return nil, malformed("a %s has no name", wb.Sheets[i].Type)
		}
		wb.Sheets[i].Hidden = hidden[wb.Sheets[i].Name]
	}
	return wb, nil
}

// ParseDatasourceXML reads a .tds document within DefaultLimits.
func ParseDatasourceXML(r io.Reader) (*Datasource, error) {
	return parseDatasourceXML(r, DefaultLimits)
}

func parseDatasourceXML(r io.Reader, lim Limits) (*Datasource, error) {
	var out *Datasource
	err := walk(r, lim.withDefaults(), "datasource", func(p *parser, se xml.StartElement, stack []string) error {
		if len(stack) != 1 {
			return nil
		}
		name := attr(se, "formatted-name")
		if name == "" {
			name = attr(se, "caption")
		}
		ds, err := p.datasource(se, name)
		if err != nil {
			return err
		}
		out = ds
		return nil
	})
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, malformed("no <datasource> element")
	}
	return out, nil
}

// parser is a streaming XML reader with a stack of open elements.
type parser struct {
	d     *xmllimit.Decoder
	stack []string
}

// walk decodes the document, calling fn for each start element with the
// stack of open elements including it; fn may consume the element's
// content (p.skip, p.datasource), which then gets no further callbacks.
func walk(r io.Reader, lim Limits, root string, fn func(p *parser, se xml.StartElement, stack []string) error) error {
	d := xmllimit.NewDecoder(r, xmllimit.Limits{
		MaxDepth: lim.MaxDepth, MaxElements: lim.MaxElements, MaxAttrs: lim.MaxAttrs,
		MaxAttrValue: lim.MaxAttrValue, MaxToken: lim.MaxToken, MaxBytes: lim.MaxDocumentSize,
		// Text is not bounded beyond the document's size: the parser keeps
		// none of it, and thumbnails are most of a large workbook's bytes.
	})
	// Only UTF-8 (and its ASCII subset) is read; a document declaring
	// another encoding is refused rather than misread.
	d.XML.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf-8", "utf8", "us-ascii", "ascii":
			return in, nil
		}
		return nil, fmt.Errorf("unsupported encoding %q", label)
	}
	p := &parser{d: d}
	sawRoot := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return xmlError(err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			// <!DOCTYPE ...> and <!ENTITY ...>: Tableau never writes them.
			return malformed("XML directives (DOCTYPE, ENTITY) are not accepted")
		case xml.StartElement:
			if len(p.stack) == 0 {
				if sawRoot {
					return malformed("more than one root element")
				}
				sawRoot = true
				if t.Name.Local != root {
					return malformed("the root element is <%s>, not <%s>", t.Name.Local, root)
				}
			}
			p.stack = append(p.stack, t.Name.Local)
			depth := len(p.stack)
			if err := fn(p, t, p.stack); err != nil {
				return err
			}
			// fn consumed the element: it is closed.
			if len(p.stack) < depth {
				continue
			}
		case xml.EndElement:
			if len(p.stack) > 0 {
				p.stack = p.stack[:len(p.stack)-1]
			}
		}
	}
	if !sawRoot {
		return malformed("no <%s> element", root)
	}
	return nil
}

// skip consumes the rest of the element just opened.
func (p *parser) skip() error {
	if err := p.d.Skip(); err != nil {
		return xmlError(err)
	}
	p.stack = p.stack[:len(p.stack)-1]
	return nil
}

// datasource reads a <datasource> element just opened: its connections
// (the leaves of a federated connection) and whether it has an extract.
func (p *parser) datasource(start xml.StartElement, name string) (*Datasource, error) {
	ds := &Datasource{Name: name}
	base := len(p.stack)
	for {
		tok, err := p.d.Token()
		if err != nil {
			return nil, xmlError(err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, malformed("XML directives (DOCTYPE, ENTITY) are not accepted")
		case xml.StartElement:
			p.stack = append(p.stack, t.Name.Local)
			rel := p.stack[base:]
			switch {
			case t.Name.Local == "connection" && (pathIs(rel, "connection") ||
				pathIs(rel, "connection", "named-connections", "named-connection", "connection")):
				class := attr(t, "class")
				if class == "federated" && len(rel) == 1 {
					continue // its named connections are the real ones
				}
				ds.Connections = append(ds.Connections, Connection{
					Class: class, Server: attr(t, "server"), Port: attr(t, "port"),
					Username: attr(t, "username"), DBName: attr(t, "dbname"), Datasource: name,
				})
				if class == "hyper" || class == "dataengine" {
					ds.HasExtracts = true
				}
			case pathIs(rel, "extract"):
				if attr(t, "enabled") != "false" {
					ds.HasExtracts = true
				}
				if err := p.skip(); err != nil {
					return nil, err
				}
			case len(rel) == 1 && t.Name.Local != "connection":
				// Columns, layouts, metadata: skipped whole.
				if err := p.skip(); err != nil {
					return nil, err
				}
			}
		case xml.EndElement:
			p.stack = p.stack[:len(p.stack)-1]
			if len(p.stack) < base {
				return ds, nil
			}
		}
	}
}

// xmlError classes a tokenizing error: a bound passed is a refusal for
// safety, anything else a document that is not XML.
func xmlError(err error) error {
	var le *xmllimit.Error
	if errors.As(err, &le) {
		return unsafe("%v", le)
	}
	if err == io.EOF {
		return malformed("not a valid XML document: unexpected EOF")
	}
	return malformed("not a valid XML document: %v", err)
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

func pathIs(stack []string, want ...string) bool {
	if len(stack) != len(want) {
		return false
	}
	for i := range want {
		if stack[i] != want[i] {
			return false
		}
	}
	return true
}

func in(s string, set ...string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

// Archive is a packaged file (.twbx, .tdsx) checked for safety and ready
// to read.
type Archive struct {
	zr  *zip.Reader
	lim Limits
}

// OpenArchive checks a zip archive's directory against lim: entry count,
// entry names, total size and compression ratios. Nothing is inflated.
func OpenArchive(ra io.ReaderAt, size int64, lim Limits) (*Archive, error) {
	lim = lim.withDefaults()
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return nil, malformed("not a zip archive: %v", err)
	}
	if len(zr.File) > lim.MaxEntries {
		return nil, unsafe("the archive has %d entries; at most %d are accepted", len(zr.File), lim.MaxEntries)
	}
	var total uint64
	for _, f := range zr.File {
		if err := checkEntryName(f.Name); err != nil {
			return nil, err
		}
		total += f.UncompressedSize64
		if total > uint64(lim.MaxTotalSize) || total < f.UncompressedSize64 {
			return nil, unsafe("the archive expands to more than %d bytes", lim.MaxTotalSize)
		}
		if f.UncompressedSize64 >= uint64(lim.RatioMinSize) {
			c := max(f.CompressedSize64, 1)
			if f.UncompressedSize64/c > uint64(lim.MaxRatio) {
				return nil, unsafe("entry %q expands %d times (%d to %d bytes); at most %d times is accepted (a zip bomb?)",
					f.Name, f.UncompressedSize64/c, f.CompressedSize64, f.UncompressedSize64, lim.MaxRatio)
			}
		}
	}
	return &Archive{zr: zr, lim: lim}, nil
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.MaxEntries > 0 {
		d.MaxEntries = l.MaxEntries
	}
	if l.MaxTotalSize > 0 {
		d.MaxTotalSize = l.MaxTotalSize
	}
	if l.MaxDocumentSize > 0 {
		d.MaxDocumentSize = l.MaxDocumentSize
	}
	if l.MaxRatio > 0 {
		d.MaxRatio = l.MaxRatio
	}
	if l.RatioMinSize > 0 {
		d.RatioMinSize = l.RatioMinSize
	}
	if l.MaxDepth > 0 {
		d.MaxDepth = l.MaxDepth
	}
	if l.MaxElements > 0 {
		d.MaxElements = l.MaxElements
	}
	if l.MaxAttrs > 0 {
		d.MaxAttrs = l.MaxAttrs
	}
	if l.MaxAttrValue > 0 {
		d.MaxAttrValue = l.MaxAttrValue
	}
	if l.MaxToken > 0 {
		d.MaxToken = l.MaxToken
	}
	return d
}

// checkEntryName refuses names that would escape a directory they were
// extracted to, on any platform.
func checkEntryName(name string) error {
	n := strings.ReplaceAll(name, `\`, "/")
	switch {
	case name == "":
		return unsafe("an entry has an empty name")
	case strings.ContainsRune(name, 0):
		return unsafe("entry name %q contains a NUL byte", name)
	case strings.HasPrefix(n, "/"):
		return unsafe("entry %q has an absolute path", name)
	case len(n) >= 2 && n[1] == ':':
		return unsafe("entry %q names a drive", name)
	}
	for _, seg := range strings.Split(n, "/") {
		if seg == ".." {
			return unsafe("entry %q escapes the archive's directory", name)
		}
	}
	return nil
}

// Names lists the archive's entries.
func (a *Archive) Names() []string {
	out := make([]string, len(a.zr.File))
	for i, f := range a.zr.File {
		out[i] = f.Name
	}
	return out
}

// rootDocument finds the one document with the extension at the archive's
// root, where Tableau puts it.
func (a *Archive) rootDocument(ext string) (*zip.File, error) {
	var found *zip.File
	for _, f := range a.zr.File {
		n := strings.ReplaceAll(f.Name, `\`, "/")
		if strings.Contains(n, "/") || !strings.EqualFold(path.Ext(n), ext) {
			continue
		}
		if found != nil {
			return nil, malformed("the archive holds two %s documents at its root (%s, %s)", ext, found.Name, f.Name)
		}
		found = f
	}
	if found == nil {
		return nil, malformed("the archive holds no %s document at its root", ext)
	}
	return found, nil
}

// hasExtract reports whether the archive carries an extract file.
func (a *Archive) hasExtract() bool {
	for _, f := range a.zr.File {
		switch strings.ToLower(path.Ext(f.Name)) {
		case ".hyper", ".tde":
			return true
		}
	}
	return false
}

// open opens an entry for reading, bounded by the document size limit.
func (a *Archive) open(f *zip.File) (io.ReadCloser, error) {
	if f.UncompressedSize64 > uint64(a.lim.MaxDocumentSize) {
		return nil, unsafe("%s is %d bytes; documents of at most %d bytes are read", f.Name, f.UncompressedSize64, a.lim.MaxDocumentSize)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, malformed("%s cannot be read: %v", f.Name, err)
	}
	// The parser refuses a document past MaxDocumentSize as it reads it
	// (and archive/zip refuses an entry longer than its header says).
	return rc, nil
}

// Workbook reads the workbook document at the archive's root.
func (a *Archive) Workbook() (*Workbook, error) {
	f, err := a.rootDocument(".twb")
	if err != nil {
		return nil, err
	}
	rc, err := a.open(f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	wb, err := parseWorkbookXML(rc, a.lim)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	wb.HasExtracts = wb.HasExtracts || a.hasExtract()
	return wb, nil
}

// Datasource reads the data source document at the archive's root.
func (a *Archive) Datasource() (*Datasource, error) {
	f, err := a.rootDocument(".tds")
	if err != nil {
		return nil, err
	}
	rc, err := a.open(f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	ds, err := parseDatasourceXML(rc, a.lim)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	ds.HasExtracts = ds.HasExtracts || a.hasExtract()
	return ds, nil
}

// WorkbookTypes and DatasourceTypes are the file types each kind of
// content is published as, as the workbookType and datasourceType
// parameters name them.
var (
	WorkbookTypes   = []string{"twb", "twbx"}
	DatasourceTypes = []string{"tds", "tdsx", "hyper", "tde", "parquet"}
)

// ReadWorkbook reads a workbook file of the given type ("twb" or "twbx").
func ReadWorkbook(ra io.ReaderAt, size int64, fileType string, lim Limits) (*Workbook, error) {
	lim = lim.withDefaults()
	switch strings.ToLower(fileType) {
	case "twb":
		if size > lim.MaxDocumentSize {
			return nil, unsafe("the workbook document is %d bytes; at most %d are read", size, lim.MaxDocumentSize)
		}
		return parseWorkbookXML(io.NewSectionReader(ra, 0, size), lim)
	case "twbx":
		a, err := OpenArchive(ra, size, lim)
		if err != nil {
			return nil, err
		}
		return a.Workbook()
	}
	return nil, malformed("%q is not a workbook type (twb, twbx)", fileType)
}

// ReadDatasource reads a data source file of the given type ("tds",
// "tdsx", "hyper", "tde" or "parquet").
func ReadDatasource(ra io.ReaderAt, size int64, fileType string, lim Limits) (*Datasource, error) {
	lim = lim.withDefaults()
	switch strings.ToLower(fileType) {
	case "tds":
		if size > lim.MaxDocumentSize {
			return nil, unsafe("the data source document is %d bytes; at most %d are read", size, lim.MaxDocumentSize)
		}
		return parseDatasourceXML(io.NewSectionReader(ra, 0, size), lim)
	case "tdsx":
		a, err := OpenArchive(ra, size, lim)
		if err != nil {
			return nil, err
		}
		return a.Datasource()
	case "hyper", "tde", "parquet":
		if err := checkExtract(ra, size, strings.ToLower(fileType)); err != nil {
			return nil, err
		}
		return &Datasource{HasExtracts: true, Connections: []Connection{{Class: "hyper"}}}, nil
	}
	return nil, malformed("%q is not a data source type (tds, tdsx, hyper, tde, parquet)", fileType)
}

// checkExtract looks at the magic numbers of extract files: a Hyper file
// starts "Hyper" and a format byte, a Parquet file starts and ends "PAR1".
// TDE files (the older format) have no published signature and are taken
// as they are.
func checkExtract(ra io.ReaderAt, size int64, fileType string) error {
	head := make([]byte, 6)
	n, _ := ra.ReadAt(head, 0)
	head = head[:n]
	switch fileType {
	case "hyper":
		if len(head) < 6 || !bytes.HasPrefix(head, []byte("Hyper")) || head[5] >= 0x20 {
			return malformed("not a Hyper file (it does not start with the Hyper signature)")
		}
	case "parquet":
		tail := make([]byte, 4)
		if size < 8 || !bytes.HasPrefix(head, []byte("PAR1")) {
			return malformed("not a Parquet file (no PAR1 signature)")
		}
		if _, err := ra.ReadAt(tail, size-4); err != nil || string(tail) != "PAR1" {
			return malformed("not a Parquet file (no PAR1 footer)")
		}
	case "tde":
		if size == 0 {
			return malformed("the extract is empty")
		}
	}
	return nil
}
