package tableaufile

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// A custom view file is what Tableau's Download Custom View answers and
// Publish Custom View takes (REST 3.21, under /api/exp/): a JSON array with
// one entry per view of the custom view's workbook,
//
//	[{"isSourceView": true, "viewName": "Overview", "tcv": "<base64>"}, ...]
//
// where exactly one entry is the view the custom view was saved on, and
// "tcv" is a <customized-view> XML document (the view's filters, selections
// and column instances) in base64 with "+" written "-" (the Migration SDK's
// "Anatomy of a Custom View File"); captured files also write "/" as "_",
// the URL-safe alphabet, so both alphabets are read.

// CustomViewEntry is one view's customization in a custom view file.
type CustomViewEntry struct {
	ViewName     string
	IsSourceView bool
	// Worksheets are the names of the <worksheet> elements of its
	// <customized-view> document, in order.
	Worksheets []string
	// Filters are the member filters its worksheets keep: field name (the
	// column's caption, "Region" of "[none:Region:nk]") to the members
	// kept, in document order, each field once.
	Filters []Filter
	// Document is the decoded <customized-view> XML.
	Document []byte
}

// Filter is one field's kept members in a customized view.
type Filter struct {
	Field   string
	Members []string
}

// CustomViewFile is a parsed custom view file.
type CustomViewFile struct {
	Views []CustomViewEntry
}

// Source returns the entry of the view the custom view was saved on.
func (f *CustomViewFile) Source() *CustomViewEntry {
	for i := range f.Views {
		if f.Views[i].IsSourceView {
			return &f.Views[i]
		}
	}
	return nil
}

// wireEntry is an entry as the JSON holds it.
type wireEntry struct {
	IsSourceView *bool  `json:"isSourceView"`
	ViewName     string `json:"viewName"`
	TCV          string `json:"tcv"`
}

// ReadCustomView parses a custom view file within lim: the file's size
// (MaxDocumentSize), its number of entries (MaxEntries), and each decoded
// document's XML bounds (depth, elements, attributes, tokens). A file that
// is not one is ErrMalformed; one past a bound is ErrUnsafeArchive.
func ReadCustomView(r io.Reader, lim Limits) (*CustomViewFile, error) {
	lim = lim.withDefaults()
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxDocumentSize+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > lim.MaxDocumentSize {
		return nil, unsafe("the custom view file is larger than %d bytes", lim.MaxDocumentSize)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('[') {
		return nil, malformed("a custom view file is a JSON array of views")
	}
	f := &CustomViewFile{}
	names := map[string]bool{}
	sources := 0
	for dec.More() {
		if len(f.Views) >= lim.MaxEntries {
			return nil, unsafe("the custom view file has more than %d views", lim.MaxEntries)
		}
		var w wireEntry
		if err := dec.Decode(&w); err != nil {
			return nil, malformed("view %d of the custom view file: %v", len(f.Views)+1, err)
		}
		e, err := readEntry(w, len(f.Views)+1, lim)
		if err != nil {
			return nil, err
		}
		if names[e.ViewName] {
			return nil, malformed("the view %q is in the custom view file twice", e.ViewName)
		}
		names[e.ViewName] = true
		if e.IsSourceView {
			sources++
		}
		f.Views = append(f.Views, *e)
	}
	if _, err := dec.Token(); err != nil {
		return nil, malformed("the custom view file's array is not closed: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, malformed("the custom view file has content after its array")
	}
	switch {
	case len(f.Views) == 0:
		return nil, malformed("the custom view file has no views")
	case sources != 1:
		return nil, malformed("the custom view file must mark exactly one view as its source (isSourceView), not %d", sources)
	}
	return f, nil
}

func readEntry(w wireEntry, n int, lim Limits) (*CustomViewEntry, error) {
	if w.IsSourceView == nil {
		return nil, malformed("view %d of the custom view file has no isSourceView", n)
	}
	if strings.TrimSpace(w.ViewName) == "" || len(w.ViewName) > 255 {
		return nil, malformed("view %d of the custom view file has no viewName of 1 to 255 bytes", n)
	}
	doc, err := decodeTCV(w.TCV)
	if err != nil {
		return nil, malformed("the tcv of view %q is not base64: %v", w.ViewName, err)
	}
	e := &CustomViewEntry{ViewName: w.ViewName, IsSourceView: *w.IsSourceView, Document: doc}
	column := ""
	err = walk(bytes.NewReader(doc), lim, "customized-view", func(p *parser, se xml.StartElement, stack []string) error {
		switch {
		case pathIs(stack, "customized-view", "worksheet"):
			e.Worksheets = append(e.Worksheets, attr(se, "name"))
		case pathIs(stack, "customized-view", "worksheet", "filter"):
			column = fieldName(attr(se, "column"))
		case len(stack) >= 4 && pathIs(stack[:3], "customized-view", "worksheet", "filter") && se.Name.Local == "groupfilter" &&
			attr(se, "function") == "member" && column != "":
			e.addFilter(column, strings.Trim(attr(se, "member"), `"`))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("the tcv of view %q: %w", w.ViewName, err)
	}
	return e, nil
}

// addFilter keeps member for field, once.
func (e *CustomViewEntry) addFilter(field, member string) {
	for i := range e.Filters {
		if e.Filters[i].Field == field {
			if !slices.Contains(e.Filters[i].Members, member) {
				e.Filters[i].Members = append(e.Filters[i].Members, member)
			}
			return
		}
	}
	e.Filters = append(e.Filters, Filter{Field: field, Members: []string{member}})
}

// fieldName reads a filter's column, "[ds].[none:Region:nk]" or
// "[Region]", as the field's name: "Region".
func fieldName(col string) string {
	if i := strings.LastIndex(col, "].["); i >= 0 {
		col = col[i+2:]
	}
	col = strings.TrimSuffix(strings.TrimPrefix(col, "["), "]")
	if parts := strings.Split(col, ":"); len(parts) == 3 {
		col = parts[1]
	}
	return col
}

// decodeTCV reads a tcv value in either alphabet, padded or not.
func decodeTCV(s string) ([]byte, error) {
	if s == "" {
		return nil, errors.New("empty")
	}
	s = strings.TrimRight(s, "=")
	s = strings.NewReplacer("-", "+", "_", "/").Replace(s)
	return base64.RawStdEncoding.DecodeString(s)
}

// EncodeTCV writes a <customized-view> document as a tcv value: base64,
// URL-safe alphabet, padded, as captured files have it.
func EncodeTCV(doc []byte) string { return base64.URLEncoding.EncodeToString(doc) }

// CustomizedView writes a <customized-view> document for a view showing
// worksheets, with the filters given (column name to member), as Tableau
// writes one for a view whose filters a user changed.
func CustomizedView(viewName string, dashboard bool, worksheets []string, filters map[string]string) []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version='1.0' encoding='utf-8' ?>\n\n<customized-view")
	if dashboard {
		b.WriteString(" dashboard='" + xmlAttr(viewName) + "'")
	}
	b.WriteString(" source-build='2024.2.0 (20242.24.0716.1944)' version='18.1' xmlns:user='http://www.tableausoftware.com/xml/user'>\n")
	for _, ws := range worksheets {
		b.WriteString("  <worksheet name='" + xmlAttr(ws) + "'>\n")
		for _, col := range sortedKeys(filters) {
			b.WriteString("    <filter class='categorical' column='[" + xmlAttr(col) + "]'>\n")
			b.WriteString("      <groupfilter function='member' level='[" + xmlAttr(col) + "]' member='&quot;" + xmlAttr(filters[col]) + "&quot;' user:ui-domain='database' user:ui-enumeration='inclusive' user:ui-marker='enumerate' />\n")
			b.WriteString("    </filter>\n")
		}
		b.WriteString("    <table />\n  </worksheet>\n")
	}
	b.WriteString("</customized-view>\n")
	return b.Bytes()
}

// EncodeCustomView writes a custom view file: entries in order, each
// Document encoded as its tcv.
func EncodeCustomView(f *CustomViewFile) ([]byte, error) {
	out := make([]wireEntry, len(f.Views))
	for i, v := range f.Views {
		src := v.IsSourceView
		out[i] = wireEntry{IsSourceView: &src, ViewName: v.ViewName, TCV: EncodeTCV(v.Document)}
	}
	return json.MarshalIndent(out, "", "    ")
}

func xmlAttr(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return strings.ReplaceAll(b.String(), "'", "&apos;")
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
