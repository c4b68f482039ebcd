package tsc_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// repeated is an io.Reader of s repeated n times, generated as it is read.
type repeated struct {
	s   string
	n   int
	off int // in s
}

func (r *repeated) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	w := 0
	for w < len(p) && r.n > 0 {
		c := copy(p[w:], r.s[r.off:])
		w += c
		if r.off += c; r.off == len(r.s) {
			r.off = 0
			r.n--
		}
	}
	return w, nil
}

// nestedWorkbook is the attacker's workbook: <workbook>, then n nested
// <a> elements, closed; with n = 8,000,000 it is 56 MB. It is generated
// as it is sent, never held in memory or written to disk here.
func nestedWorkbook(n int) (io.Reader, int64) {
	r := io.MultiReader(strings.NewReader("<workbook>"), &repeated{s: "<a>", n: n}, &repeated{s: "</a>", n: n}, strings.NewReader("</workbook>"))
	return r, int64(len("<workbook>") + 7*n + len("</workbook>"))
}

// TestHostileNestedWorkbookIsRefused publishes, through the SDK, the
// workbook an attacker sent (56 MB, 8,000,000 nested elements), which was
// accepted after 10 s and 1.3 GB of memory: it is refused with 400 and
// 400011 naming the depth bound (256), and nothing is stored, neither the
// workbook nor its file. (The cost of the refusal itself is measured by
// BenchmarkRefuseNestedWorkbook in tableaufile: a fraction of a
// millisecond and some 55 KB.)
func TestHostileNestedWorkbookIsRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("sends 56 MB")
	}
	dir := t.TempDir()
	srv := tsctest.NewServer(t, tsctest.WithDataDir(dir))
	c := srv.MustClient(t)
	r, size := nestedWorkbook(8_000_000)
	if size < 54_000_000 {
		t.Fatalf("the workbook is %d bytes", size)
	}
	_, err := c.Workbooks.Publish(e2eCtx, tsc.Workbook{Name: "Nested"}, tsc.PublishSource{Reader: r, Size: size, Name: "nested.twb"}, tsc.PublishOptions{})
	e2eWantCode(t, err, tsc.ErrBadRequest, http.StatusBadRequest, "400011")
	var se *tsc.ServerError
	if errors.As(err, &se); !strings.Contains(se.Detail, "element depth limit of 256") || !strings.Contains(se.Detail, "nested.twb") {
		t.Errorf("detail %q does not name the file and the depth bound", se.Detail)
	}
	if wbs := e2eMust2(c.Workbooks.List(e2eCtx, tsc.ListOptions{}))(t); len(wbs) != 0 {
		t.Errorf("stored after the refusal: %+v", wbs)
	}
	for _, sub := range []string{"files", "spool", "uploads"} {
		if left := filesUnder(t, filepath.Join(dir, "blobs", sub)); len(left) != 0 {
			t.Errorf("blobs/%s holds %v after the refusal", sub, left)
		}
	}
}

// TestHostilePackagedXMLIsRefused: the XML bounds hold for the documents
// inside packaged files too (.twbx, .tdsx): too deep, too many attributes
// on an element, an attribute value past 1 MiB; each refused with 400011
// naming the bound, and nothing stored.
func TestHostilePackagedXMLIsRefused(t *testing.T) {
	dir := t.TempDir()
	srv := tsctest.NewServer(t, tsctest.WithDataDir(dir))
	c := srv.MustClient(t)
	deep := "<workbook><worksheets><worksheet name='S'/></worksheets>" + strings.Repeat("<a>", 300) + strings.Repeat("</a>", 300) + "</workbook>"
	attrs := "<workbook><worksheets><worksheet name='S'"
	for i := range 300 {
		attrs += fmt.Sprintf(" a%d='x'", i)
	}
	attrs += "/></worksheets></workbook>"
	value := "<datasource><connection class='postgres' server='" + strings.Repeat("s", 1<<20+1) + "'/></datasource>"
	for _, tc := range []struct{ name, entry, doc, bound string }{
		{"deep.twbx", "deep.twb", deep, "element depth limit of 256"},
		{"attrs.twbx", "attrs.twb", attrs, "attributes per element limit of 256"},
		{"value.tdsx", "value.tds", value, "attribute value size in bytes limit of 1048576"},
	} {
		file := zipOf(t, zipEntry{name: tc.entry, content: []byte(tc.doc), store: true})
		src := tsc.PublishSource{Reader: strings.NewReader(string(file)), Name: tc.name}
		var err error
		if strings.HasSuffix(tc.name, ".tdsx") {
			_, err = c.Datasources.Publish(e2eCtx, tsc.Datasource{Name: tc.name}, src, tsc.PublishOptions{})
		} else {
			_, err = c.Workbooks.Publish(e2eCtx, tsc.Workbook{Name: tc.name}, src, tsc.PublishOptions{})
		}
		e2eWantCode(t, err, tsc.ErrBadRequest, http.StatusBadRequest, "400011")
		var se *tsc.ServerError
		if errors.As(err, &se); !strings.Contains(se.Detail, tc.bound) {
			t.Errorf("%s: detail %q does not name %q", tc.name, se.Detail, tc.bound)
		}
	}
	wbs := e2eMust2(c.Workbooks.List(e2eCtx, tsc.ListOptions{}))(t)
	dss := e2eMust2(c.Datasources.List(e2eCtx, tsc.ListOptions{}))(t)
	if len(wbs)+len(dss) != 0 || len(filesUnder(t, filepath.Join(dir, "blobs", "files"))) != 0 {
		t.Errorf("stored after the refusals: %d workbooks, %d data sources", len(wbs), len(dss))
	}
}

// TestHostileRequestXMLIsRefused sends request bodies past each bound of
// the emulator's XML decoding (depth 32, 10,000 elements, 256 attributes,
// 64 KiB values, 1 MiB of text), as a plain body and as a publish's
// request_payload: each is refused with 400 and 400000 naming the bound.
// A 4 MiB body of nested elements, the most the emulator reads, is one of
// them.
func TestHostileRequestXMLIsRefused(t *testing.T) {
	srv := tsctest.NewServer(t)
	c := srv.MustClient(t)
	token, site := c.Session().Token.Reveal(), c.Session().SiteID
	twb := e2eMust(os.ReadFile(filepath.Join("testdata", "workbooks", "Sales.twb")))(t)
	cases := requestBoundCases()
	cases = append(cases, struct{ limit, at, over string }{"element depth limit of 32", "",
		"<tsRequest>" + strings.Repeat("<a>", (4<<20-30)/7) + strings.Repeat("</a>", (4<<20-30)/7) + "</tsRequest>"})
	for _, tc := range cases {
		if len(tc.over) > 4<<20 {
			t.Fatalf("the body past the %s is %d bytes, more than the emulator reads", tc.limit, len(tc.over))
		}
		status, answer := rawCall(t, srv, token, "POST", "sites/"+site+"/projects", "application/xml", []byte(tc.over))
		if status != http.StatusBadRequest || errorCodeOf(answer) != "400000" || !strings.Contains(string(answer), tc.limit) {
			t.Errorf("a body past the %s: %d %.300s", tc.limit, status, answer)
		}
		ct, body := multipartBody(t, [3]string{"request_payload", "", tc.over}, [3]string{"tableau_workbook", "Sales.twb", string(twb)})
		status, answer = rawCall(t, srv, token, "POST", "sites/"+site+"/workbooks", ct, body)
		if status != http.StatusBadRequest || errorCodeOf(answer) != "400000" || !strings.Contains(string(answer), tc.limit) {
			t.Errorf("a request_payload past the %s: %d %.300s", tc.limit, status, answer)
		}
	}
	if ps := e2eMust2(c.Projects.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "p")}}))(t); len(ps) != 0 {
		t.Errorf("a project was created: %+v", ps)
	}
}
