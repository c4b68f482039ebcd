package tsc

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The fuzz targets of the SDK's parsers. Without -fuzz, `go test` runs each
// one on its seed corpus (the captured responses, our testdata and the
// cases below), so they are regression tests too; bench/fuzz.sh fuzzes them.

// seedFiles calls add with the content of every file under dir whose name
// ends in one of exts. The reference material lives beside the repository
// and may be absent: then the target runs on its other seeds, with a note,
// except under CI, where a missing directory fails the target as it fails
// the conformance tests (needReference). An unreadable file always fails.
func seedFiles(f *testing.F, dir string, add func([]byte), exts ...string) {
	f.Helper()
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") != "" {
			needReference(f, err)
		}
		f.Logf("no seeds from %s: %v", dir, err)
		return
	}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		for _, ext := range exts {
			if strings.HasSuffix(d.Name(), ext) {
				b, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				add(b)
				break
			}
		}
		return nil
	})
	if err != nil {
		f.Fatalf("seeds from %s: %v", dir, err)
	}
}

// FuzzDecodeResponse feeds DecodeResponse arbitrary bytes: it never panics,
// and whatever it decodes encodes again and decodes to the same value.
func FuzzDecodeResponse(f *testing.F) {
	add := func(b []byte) { f.Add(b) }
	seedFiles(f, filepath.Join(referenceDir, "responses"), add, ".xml", ".html")
	seedFiles(f, "testdata", add, ".xml")
	for _, s := range []string{
		``,
		`<tsResponse xmlns="http://tableau.com/api"/>`,
		`<tsResponse xmlns="http://tableausoftware.com/api"><users><user id="a" name="b&#xA;c" siteRole="Viewer" lastLogin="2016-08-03T20:34:04Z"/></users></tsResponse>`,
		`<tsResponse xmlns="http://tableau.com/api"><error code="404002"><summary>x</summary><detail>y&#xD;</detail></error></tsResponse>`,
		`<tsResponse xmlns="http://tableau.com/api"><credentials token="t"><site id="s" contentUrl=""/><user id="u"/></credentials></tsResponse>`,
		`<!DOCTYPE x [<!ENTITY a "b">]><tsResponse xmlns="http://tableau.com/api">&a;</tsResponse>`,
		`<tsResponse xmlns="http://tableau.com/api"><pagination pageNumber="1" pageSize="-1" totalAvailable="99999999999999999999"/></tsResponse>`,
		`<tsResponse xmlns="http://tableau.com/api"><` + strings.Repeat("a", 20000) + `></tsResponse>`,
		`<` + strings.Repeat("b", 20000) + ` xmlns="http://tableau.com/api"/>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		resp, err := DecodeResponse(body)
		if err != nil {
			if resp != nil {
				t.Errorf("an error (%v) and a response", err)
			}
			// The error the caller sees stays one line of bounded length,
			// however long the names in the document.
			re := &ResponseError{Method: http.MethodGet, Path: "/api/3.29/sites/x/users", HTTPStatus: http.StatusOK,
				ContentType: "application/xml", Excerpt: excerpt(body), Err: err}
			if msg := re.Error(); strings.ContainsAny(msg, "\r\n") || len(msg) > maxErrorLine {
				t.Errorf("Error() is not one line of at most %d bytes (%d): %.300q", maxErrorLine, len(msg), msg)
			}
			return
		}
		enc, err := EncodeResponse(resp)
		if err != nil {
			t.Fatalf("decoded, but does not encode: %v\nbody: %q", err, body)
		}
		again, err := DecodeResponse(enc)
		if err != nil {
			t.Fatalf("re-encoded answer does not decode: %v\nbody: %q\nre-encoded: %q", err, body, enc)
		}
		// The namespace is the one thing encoding changes (legacy to current).
		resp.XMLName, again.XMLName = xml.Name{}, xml.Name{}
		if diff := cmp.Diff(resp, again); diff != "" {
			t.Errorf("decode, encode, decode changed the value (-first +second):\n%s\nbody: %q\nre-encoded: %q", diff, body, enc)
		}
	})
}

// maxErrorLine bounds an error string built from any server answer: the
// fixed text, three clipped server texts (code, summary, detail), a clipped
// content type and a quoted excerpt of excerptLen bytes.
const maxErrorLine = 256 + 4*(maxErrorText+3) + 10*excerptLen

// FuzzErrorFrom turns arbitrary error answers (status, content type,
// Retry-After, body) into errors: errorFrom never panics, always gives a
// *ServerError of that status, whose Error() is one line of bounded length
// (at most excerptLen bytes of a non-Tableau body are quoted).
func FuzzErrorFrom(f *testing.F) {
	add := func(b []byte) { f.Add(500, "application/xml", "", b) }
	seedFiles(f, filepath.Join(referenceDir, "responses"), add, ".xml", ".html", ".json")
	f.Add(404, "application/xml", "", tableauError("404002", "Resource Not Found", "User 'u1' could not be found.\n Check the id."))
	f.Add(429, "text/plain", "999999999", []byte("slow down"))
	f.Add(503, "text/html", "Fri, 31 Dec 9999 23:59:59 GMT", bytes.Repeat([]byte("<p>proxy</p>\n"), 1000))
	f.Add(401, "", "-1", tableauError("401002", strings.Repeat("s", 20000), "d\u2028e\u0085f\u009b2J"))
	f.Add(401, "application/xml", "", []byte(`<tsResponse xmlns="http://tableau.com/api"><error code="401002&#10;forged: line"><summary/></error></tsResponse>`))
	f.Add(400, "application/xml", "", []byte("\xff\xfe<\x00t\x00"))
	f.Add(401, "application/json", "", []byte(`{"error":{"summary":"Unauthorized Access","detail":"Invalid credentials.","code":"401002"}}`))
	f.Add(502, "text/plain", "", []byte(`{"error":{"code":{"nested":[1,2,3]},"summary":"`+strings.Repeat("x", 70000)+`"}}`))
	c, err := NewClient("https://tableau.example.com")
	if err != nil {
		f.Fatal(err)
	}
	const path = "/api/3.29/sites/x/users"
	f.Fuzz(func(t *testing.T, status int, contentType, retryAfter string, body []byte) {
		if status < 100 || status > 999 {
			status = 100 + (status%900+900)%900
		}
		resp := &http.Response{
			StatusCode: status,
			Header:     http.Header{"Content-Type": {contentType}, "Retry-After": {retryAfter}},
			Body:       io.NopCloser(bytes.NewReader(body)),
			Request:    &http.Request{Method: http.MethodGet, URL: &url.URL{Path: path}},
		}
		err := c.errorFrom(&request{name: "Users.List", method: http.MethodGet}, resp)
		se, ok := err.(*ServerError)
		if !ok {
			t.Fatalf("errorFrom gave %T, want *ServerError", err)
		}
		if se.HTTPStatus != status || se.Method != http.MethodGet || se.Path != path {
			t.Errorf("status, method, path = %d %s %s", se.HTTPStatus, se.Method, se.Path)
		}
		if se.RetryAfter < 0 {
			t.Errorf("negative RetryAfter %s from %q", se.RetryAfter, retryAfter)
		}
		if len(se.BodyExcerpt) > excerptLen {
			t.Errorf("excerpt of %d bytes", len(se.BodyExcerpt))
		}
		msg := err.Error()
		if strings.ContainsAny(msg, "\r\n") {
			t.Errorf("Error() is not one line: %q", msg)
		}
		if len(msg) > maxErrorLine {
			t.Errorf("Error() is %d bytes long, more than %d", len(msg), maxErrorLine)
		}
		if !strings.HasPrefix(msg, "tsc: GET "+path+": ") {
			t.Errorf("Error() %q does not start with the method and path", msg)
		}
	})
}

// FuzzFilter builds list options from arbitrary filter and sort parts: when
// Validate accepts them, the query the SDK sends decodes (as a server
// decodes it) back to exactly those filters and sort keys.
func FuzzFilter(f *testing.F) {
	f.Add("name", "eq", "Sales", "", uint8(1), "updatedAt", "desc")
	f.Add("tags", "in", "a", "b c", uint8(2), "name", "asc")
	f.Add("createdAt", "gte", "2016-08-03T20:34:04Z", "", uint8(1), "createdAt", "asc")
	f.Add("name", "has", "a:b=c&d", "", uint8(1), "x", "up")
	f.Add("ownerName", "cieq", "O'Brien+[x]%20;#", "", uint8(1), "size", "desc")
	f.Add("tags", "in", "", "", uint8(1), "", "")
	f.Add("na me", "eq", "x", "", uint8(0), "a,b", "asc")
	f.Fuzz(func(t *testing.T, field, op, v1, v2 string, n uint8, sortField, dir string) {
		values := []string{v1, v2}[:n%3]
		o := ListOptions{
			Filters: []Filter{{Field: field, Operator: Operator(op), Values: values}, Eq("name", "last")},
			Sort:    []Sort{{Field: sortField, Direction: Direction(dir)}},
		}
		if o.Validate() != nil {
			return
		}
		q := url.Values{}
		o.query(q, DefaultPageSize)
		raw := q.Encode()
		back, err := url.ParseQuery(raw)
		if err != nil {
			t.Fatalf("the query %q does not parse: %v", raw, err)
		}
		got, err := parseFilters(back.Get("filter"))
		if err != nil {
			t.Fatalf("filter=%q does not parse: %v", back.Get("filter"), err)
		}
		if diff := cmp.Diff(o.Filters, got); diff != "" {
			t.Errorf("filters changed on the way (-sent +read):\n%s\nquery: %s", diff, raw)
		}
		if s := back.Get("sort"); s != sortField+":"+dir {
			t.Errorf("sort=%q, want %s:%s", s, sortField, dir)
		}
	})
}

// parseFilters reads a filter query parameter as the REST API defines it:
// field:operator:value expressions separated by commas, the values of "in"
// in brackets separated by commas.
func parseFilters(s string) ([]Filter, error) {
	var out []Filter
	for s != "" {
		field, rest, ok := strings.Cut(s, ":")
		if !ok {
			return nil, &url.Error{Op: "parse", URL: s, Err: io.ErrUnexpectedEOF}
		}
		op, rest, ok := strings.Cut(rest, ":")
		if !ok {
			return nil, &url.Error{Op: "parse", URL: s, Err: io.ErrUnexpectedEOF}
		}
		if Operator(op) == OpIn {
			end := strings.Index(rest, "]")
			if !strings.HasPrefix(rest, "[") || end < 0 {
				return nil, &url.Error{Op: "parse", URL: s, Err: io.ErrUnexpectedEOF}
			}
			out = append(out, Filter{Field: field, Operator: OpIn, Values: strings.Split(rest[1:end], ",")})
			rest = rest[end+1:]
			if rest != "" {
				if rest[0] != ',' {
					return nil, &url.Error{Op: "parse", URL: s, Err: io.ErrUnexpectedEOF}
				}
				rest = rest[1:]
			}
		} else {
			var v string
			v, rest, _ = strings.Cut(rest, ",")
			out = append(out, Filter{Field: field, Operator: Operator(op), Values: []string{v}})
		}
		s = rest
	}
	return out, nil
}

// FuzzSafeFilename runs arbitrary Content-Disposition values (and raw
// names) through the parsing and reduction a download uses: the name is
// either empty (the download then names the file itself) or a plain base
// name: no separator, not "." or "..", no leading dot, no NUL or control
// character, not a Windows device, at most 255 bytes, and joined to a
// directory it stays directly inside it.
func FuzzSafeFilename(f *testing.F) {
	for _, s := range []string{
		`attachment; filename="Superstore.twbx"`,
		`name="tableau_workbook"; filename="Sales Q3.twbx"`,
		`attachment; filename*=UTF-8''%2E%2E%2F%2E%2E%2Fsecret.twbx`,
		`attachment; filename="../../../../tmp/escaped.twbx"`,
		`attachment; filename="C:\\Windows\\System32\\drivers\\etc\\hosts"`,
		`attachment; filename="\\\\?\\C:\\long.twbx"`,
		`attachment; filename="CON"`, `attachment; filename="nul.tar.gz"`, `attachment; filename="COM1.twbx"`,
		`attachment; filename="AUX."`, `attachment; filename="LPT¹ .twb"`, `attachment; filename=CONIN$`,
		`attachment; filename*=UTF-8''a%7F%C2%85%00%1B%0Ab.twbx`,
		`attachment; filename="` + strings.Repeat("é", 200) + `.twbx"`,
		`attachment; filename="CON.` + strings.Repeat("a", 196) + `"`,
		`attachment; filename=" . .. "`,
		`attachment; filename="a\"b"; filename*=utf-8''x`,
		`filename=..%2f..%2fx; filename*=UTF-8''..%2F`,
		"../../etc/passwd", `C:\x.dll`, "\x00", "..", ".", "",
	} {
		f.Add(s)
	}
	dir := filepath.Join(f.TempDir(), "out")
	f.Fuzz(func(t *testing.T, cd string) {
		for _, name := range []string{SafeFileName(dispositionFileName(cd)), SafeFileName(cd)} {
			if name == "" {
				continue
			}
			assertSafeName(t, name)
			if p := filepath.Join(dir, name); filepath.Dir(p) != dir || filepath.Base(p) != name {
				t.Errorf("%q joined to %s gives %s", name, dir, p)
			}
		}
	})
}

// FuzzDecodeRequest feeds DecodeRequest, which the emulator runs on every
// request body, arbitrary bytes: it never panics; what it accepts keeps to
// its bounds on XML (checked here by a plain tokenizer: depth, element
// count, attributes per element, attribute value size, total text) and
// decodes the same after encoding again. Its seeds sit at and one past
// each bound.
func FuzzDecodeRequest(f *testing.F) {
	nested := func(n int) string {
		return `<tsRequest>` + strings.Repeat("<a>", n-1) + strings.Repeat("</a>", n-1) + `</tsRequest>`
	}
	elements := func(n int) string { return `<tsRequest>` + strings.Repeat("<a/>", n-1) + `</tsRequest>` }
	attrs := func(n int) string {
		var b strings.Builder
		b.WriteString(`<tsRequest><project name="p"`)
		for i := 1; i < n; i++ {
			fmt.Fprintf(&b, ` a%d="x"`, i)
		}
		b.WriteString(`/></tsRequest>`)
		return b.String()
	}
	value := func(n int) string { return `<tsRequest><project name="` + strings.Repeat("v", n) + `"/></tsRequest>` }
	text := func(n int) string { return `<tsRequest>` + strings.Repeat(" ", n) + `</tsRequest>` }
	for _, s := range []string{
		`<tsRequest xmlns="http://tableau.com/api"><project name="Finance" description="d"/></tsRequest>`,
		`<tsRequest><credentials name="a" password="b"><site contentUrl=""/></credentials></tsRequest>`,
		`<tsRequest><users><user id="1"/><user id="2"/></users></tsRequest>`,
		`<!DOCTYPE tsRequest [<!ENTITY a "b">]><tsRequest><project name="&a;"/></tsRequest>`,
		nested(maxRequestDepth), nested(maxRequestDepth + 1),
		elements(maxRequestElements), elements(maxRequestElements + 1),
		attrs(maxRequestAttrs), attrs(maxRequestAttrs + 1),
		value(maxRequestAttrValue), value(maxRequestAttrValue + 1),
		text(maxRequestText), text(maxRequestText + 1),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := DecodeRequest(body)
		if err != nil {
			if req != nil {
				t.Errorf("an error (%v) and a request", err)
			}
			return
		}
		checkRequestBounds(t, body)
		enc, err := EncodeRequest(req)
		if err != nil {
			t.Fatalf("decoded, but does not encode: %v", err)
		}
		again, err := DecodeRequest(enc)
		if err != nil {
			t.Fatalf("re-encoded request does not decode: %v\nre-encoded: %.500q", err, enc)
		}
		req.XMLName, again.XMLName = xml.Name{}, xml.Name{}
		if diff := cmp.Diff(req, again); diff != "" {
			t.Errorf("decode, encode, decode changed the value (-first +second):\n%s", diff)
		}
	})
}

// checkRequestBounds tokenizes an accepted body with encoding/xml alone, up
// to the end of its root element, and fails if it passes a bound.
func checkRequestBounds(t *testing.T, body []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(body))
	depth, elements, text := 0, 0, 0
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		switch tt := tok.(type) {
		case xml.StartElement:
			depth++
			elements++
			if depth > maxRequestDepth || elements > maxRequestElements || len(tt.Attr) > maxRequestAttrs {
				t.Fatalf("accepted past a bound: depth %d, %d elements, %d attributes", depth, elements, len(tt.Attr))
			}
			for _, a := range tt.Attr {
				if len(a.Value) > maxRequestAttrValue {
					t.Fatalf("accepted an attribute value of %d bytes", len(a.Value))
				}
			}
		case xml.EndElement:
			depth--
			if depth == 0 {
				return
			}
		case xml.CharData:
			if text += len(tt); text > maxRequestText {
				t.Fatalf("accepted %d bytes of text", text)
			}
		}
	}
}
