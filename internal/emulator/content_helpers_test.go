package emulator_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tsc-go/tsc/internal/emulator"
)

// The content tests drive the emulator over HTTP with hand-built requests
// (multipart bodies as Tableau's own clients write them), independently of
// the SDK.

// clock is a settable clock for the emulator: jobs move when it moves.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// contentClient is an HTTP client for one emulator, signed in or not.
type contentClient struct {
	t      *testing.T
	emu    *emulator.Server
	root   string // http://host
	base   string // http://host/api/3.29/
	token  string
	site   string
	user   string
	clock  *clock
	bodies map[string][]byte
}

// newContent starts an emulator with cfg (a fake clock unless cfg.Now is
// set) and signs in as its administrator.
func newContent(t *testing.T, cfg emulator.Config) *contentClient {
	t.Helper()
	ck := &clock{now: time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)}
	if cfg.Now == nil {
		cfg.Now = ck.Now
	}
	emu, err := emulator.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := emu.Bootstrap(t.Context(), emulator.Admin{Name: "admin", Password: "adminpw", TokenName: "admin-token", TokenSecret: "admin-secret"}); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(guarded(t, emu))
	t.Cleanup(func() { ts.Close(); emu.Close() })
	c := &contentClient{t: t, emu: emu, root: ts.URL, base: ts.URL + "/api/3.29/", clock: ck, bodies: map[string][]byte{}}
	signIn := `<tsRequest><credentials name="admin" password="adminpw"><site contentUrl=""/></credentials></tsRequest>`
	if cfg.Cloud {
		// Tableau Cloud takes no password, and no sign-in to an empty site.
		signIn = `<tsRequest><credentials personalAccessTokenName="admin-token" personalAccessTokenSecret="admin-secret"><site contentUrl="` +
			emulator.DefaultCloudSite + `"/></credentials></tsRequest>`
	}
	b := c.xml("", "POST", "auth/signin", signIn, 200)
	c.token, c.site, c.user = attrOf(t, b, "credentials", "token"), attrOf(t, b, "site", "id"), attrOf(t, b, "user", "id")
	return c
}

// as returns a client for the same server signed in as another user of
// the Default site (made with the role and a password).
func (c *contentClient) as(name, role string) *contentClient {
	c.t.Helper()
	c.xml("", "POST", "sites/"+c.site+"/users", `<tsRequest><user name="`+name+`" siteRole="`+role+`"/></tsRequest>`, 201)
	id := ""
	{
		b := c.xml("", "GET", "sites/"+c.site+"/users?filter=name:eq:"+name, "", 200)
		id = attrOf(c.t, b, "user", "id")
	}
	c.xml("", "PUT", "sites/"+c.site+"/users/"+id, `<tsRequest><user password="pw-`+name+`"/></tsRequest>`, 200)
	o := *c
	o.bodies = map[string][]byte{}
	b := o.xml("", "POST", "auth/signin", `<tsRequest><credentials name="`+name+`" password="pw-`+name+`"><site contentUrl=""/></credentials></tsRequest>`, 200)
	o.token, o.user = attrOf(c.t, b, "credentials", "token"), id
	return &o
}

// sizedBody is a streamed body whose length raw declares, as a client
// streaming a large file does.
type sizedBody struct {
	io.Reader
	n int64
}

// raw sends a request and returns the response, its body read, after
// checking the status.
func (c *contentClient) raw(method, path, contentType string, body io.Reader, want int) (*http.Response, []byte) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if s, ok := body.(sizedBody); ok {
		req.ContentLength = s.n
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("X-Tableau-Auth", c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	if resp.StatusCode != want {
		c.t.Fatalf("%s %s: status %d, want %d\n%s", method, path, resp.StatusCode, want, b)
	}
	return resp, b
}

// record keeps an XML answer under name, for the schema check.
func (c *contentClient) record(name string, resp *http.Response, b []byte) {
	c.t.Helper()
	if len(b) == 0 {
		return
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/xml") {
		c.t.Errorf("%s: Content-Type %q", name, ct)
	}
	if name == "" {
		return
	}
	if _, dup := c.bodies[name]; dup {
		c.t.Fatalf("two answers named %s", name)
	}
	c.bodies[name] = b
}

// xml sends an XML request (or none) and records the XML answer.
func (c *contentClient) xml(name, method, path, body string, want int) []byte {
	c.t.Helper()
	var rd io.Reader
	ct := ""
	if body != "" {
		rd, ct = strings.NewReader(body), "application/xml"
	}
	resp, b := c.raw(method, path, ct, rd, want)
	c.record(name, resp, b)
	return b
}

// part is one part of a multipart body.
type part struct {
	disposition string // the Content-Disposition value
	contentType string
	body        []byte
}

func payloadPart(xml string) part {
	return part{`name="request_payload"`, "text/xml", []byte(xml)}
}

func filePart(name, fileName string, body []byte) part {
	return part{`form-data; name="` + name + `"; filename="` + fileName + `"`, "application/octet-stream", body}
}

// multipartMixed builds a multipart/mixed body.
func multipartMixed(t testing.TB, parts ...part) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", p.disposition)
		h.Set("Content-Type", p.contentType)
		w, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(p.body)
	}
	mw.Close()
	return "multipart/mixed; boundary=" + mw.Boundary(), buf.Bytes()
}

// multipart sends a multipart/mixed request and records the XML answer.
func (c *contentClient) multipart(name, method, path string, want int, parts ...part) []byte {
	c.t.Helper()
	ct, body := multipartMixed(c.t, parts...)
	resp, b := c.raw(method, path, ct, bytes.NewReader(body), want)
	c.record(name, resp, b)
	return b
}

// sitePath is "sites/{site}/" + rest.
func (c *contentClient) sitePath(rest string) string { return "sites/" + c.site + "/" + rest }

// publishWorkbook publishes file (named fileName) as name in the default
// project, with extra query parameters, and returns the answer.
func (c *contentClient) publishWorkbook(name, fileName string, file []byte, query string, want int) []byte {
	c.t.Helper()
	return c.multipart("", "POST", c.sitePath("workbooks?"+query), want,
		payloadPart(`<tsRequest><workbook name="`+name+`" description="d"/></tsRequest>`), filePart("tableau_workbook", fileName, file))
}

func (c *contentClient) publishDatasource(name, fileName string, file []byte, query string, want int) []byte {
	c.t.Helper()
	return c.multipart("", "POST", c.sitePath("datasources?"+query), want,
		payloadPart(`<tsRequest><datasource name="`+name+`"/></tsRequest>`), filePart("tableau_datasource", fileName, file))
}

// attrOf returns attribute a of the first element named el.
func attrOf(t *testing.T, body []byte, el, a string) string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := d.Token()
		if err != nil {
			t.Fatalf("no %s@%s in %s", el, a, body)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == el {
			for _, at := range se.Attr {
				if at.Name.Local == a {
					return at.Value
				}
			}
		}
	}
}

// attrsOf returns attribute a of every element named el.
func attrsOf(t *testing.T, body []byte, el, a string) []string {
	t.Helper()
	var out []string
	d := xml.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == el {
			for _, at := range se.Attr {
				if at.Name.Local == a {
					out = append(out, at.Value)
				}
			}
		}
	}
}

// testFile reads a file of the module's testdata.
func testFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// zipped builds a zip archive of name/body pairs.
func zipped(t *testing.T, entries ...any) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < len(entries); i += 2 {
		w, err := zw.Create(entries[i].(string))
		if err != nil {
			t.Fatal(err)
		}
		w.Write(entries[i+1].([]byte))
	}
	zw.Close()
	return buf.Bytes()
}
