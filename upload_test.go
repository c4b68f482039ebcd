package tsc

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// referenceFile returns the path of a real Tableau file in ../shared/reference/files.
func referenceFile(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(referenceDir, "files", name)
	if _, err := os.Stat(p); err != nil {
		needReference(t, err)
	}
	return p
}

// part is one part of a multipart request, as the test server read it.
type part struct {
	disposition string // the raw Content-Disposition
	name        string
	fileName    string
	contentType string
	size        int64
	sum         [32]byte
	body        []byte // kept for parts under 64 KB
}

// readMultipart parses a multipart/mixed request the way a server would,
// hashing each part as it streams by.
func readMultipart(t *testing.T, r *http.Request) []part {
	t.Helper()
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" || params["boundary"] == "" {
		t.Errorf("Content-Type %q is not multipart/mixed with a boundary", r.Header.Get("Content-Type"))
		return nil
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	var parts []part
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Errorf("reading multipart: %v", err)
			return parts
		}
		h := sha256.New()
		var small bytes.Buffer
		n, err := io.Copy(io.MultiWriter(h, &limitedBuffer{&small, 64 << 10}), p)
		if err != nil {
			t.Errorf("reading part %s: %v", p.FormName(), err)
		}
		pt := part{disposition: p.Header.Get("Content-Disposition"), name: p.FormName(), fileName: p.FileName(),
			contentType: p.Header.Get("Content-Type"), size: n, body: small.Bytes()}
		copy(pt.sum[:], h.Sum(nil))
		parts = append(parts, pt)
	}
	return parts
}

type limitedBuffer struct {
	b   *bytes.Buffer
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - l.b.Len(); room > 0 {
		l.b.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

func fileSum(t *testing.T, path string) ([32]byte, int64) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b), int64(len(b))
}

func wantQuery(t *testing.T, r *http.Request, want map[string]string) {
	t.Helper()
	q := r.URL.Query()
	for k, v := range want {
		if got := q.Get(k); got != v {
			t.Errorf("%s %s: query %s = %q, want %q (query %s)", r.Method, r.URL.Path, k, got, v, r.URL.RawQuery)
		}
	}
	for k := range q {
		if _, ok := want[k]; !ok {
			t.Errorf("%s %s: unexpected query parameter %s=%q", r.Method, r.URL.Path, k, q.Get(k))
		}
	}
}

func TestPublishWorkbookSingleRequest(t *testing.T) {
	ts := setup(t)
	path := referenceFile(t, "SampleWB.twbx")
	sum, size := fileSum(t, path)
	var got []part
	ts.handle("POST "+sitePrefix+"/workbooks", func(w http.ResponseWriter, r *http.Request) {
		wantQuery(t, r, map[string]string{"workbookType": "twbx", "overwrite": "true", "skipConnectionCheck": "true"})
		testHeader(t, r, "X-Tableau-Auth", testToken)
		if r.ContentLength <= size || len(r.TransferEncoding) > 0 {
			t.Errorf("Content-Length %d, Transfer-Encoding %v: want the exact length, not chunked", r.ContentLength, r.TransferEncoding)
		}
		got = readMultipart(t, r)
		serveXML(201, reference(t, "workbook_publish.xml"))(w, r)
	})
	var progress []int64
	wb, err := ts.client.Workbooks.PublishFile(bg, Workbook{Name: "Sales", Description: "Quarterly", ShowTabs: Bool(true),
		ThumbnailsUserID: "5de011f8-5aa9-4d5b-b991-f462c8dd6bb7", Project: &Project{ID: "ee8c6e70-43b6-11e6-af4f-f7b0d8e20760", Name: "ignored"}},
		path, PublishOptions{
			Mode: PublishOverwrite, SkipConnectionCheck: true, HiddenViews: []string{"GDP per capita", "Interest rates"},
			Connections: []Connection{
				{ServerAddress: "db.example.com", ServerPort: "5432", Credentials: &ConnectionCredentials{Name: "etl", Password: "s3cret", Embed: true}},
				{ServerAddress: "oauth.example.com", Credentials: &ConnectionCredentials{Name: "me@example.com", Embed: true, OAuth: true}},
			},
			Progress: func(sent, total int64) {
				if total != size {
					t.Errorf("progress total %d, want %d", total, size)
				}
				progress = append(progress, sent)
			},
		})
	if err != nil {
		t.Fatal(err)
	}
	if wb.ID != "a8076ca1-e9d8-495e-bae6-c684dbb55836" || wb.Name != "RESTAPISample" || len(wb.Views.Views) != 1 {
		t.Errorf("published %+v", wb)
	}
	if len(got) != 2 {
		t.Fatalf("%d parts, want request_payload and tableau_workbook", len(got))
	}
	if got[0].name != "request_payload" || got[0].contentType != "text/xml" || got[0].fileName != "" {
		t.Errorf("first part %+v", got[0])
	}
	if got[1].name != "tableau_workbook" || got[1].fileName != "SampleWB.twbx" || got[1].contentType != "application/octet-stream" {
		t.Errorf("file part %q %q %q", got[1].name, got[1].fileName, got[1].contentType)
	}
	if got[1].sum != sum || got[1].size != size {
		t.Errorf("the server received %d bytes with another SHA-256 than the %d of the file", got[1].size, size)
	}
	req, err := DecodeRequest(got[0].body)
	if err != nil || req.Workbook == nil {
		t.Fatalf("payload %s: %v", got[0].body, err)
	}
	want := &Workbook{Name: "Sales", Description: "Quarterly", ShowTabs: Bool(true), ThumbnailsUserID: "5de011f8-5aa9-4d5b-b991-f462c8dd6bb7",
		Project: &Project{ID: "ee8c6e70-43b6-11e6-af4f-f7b0d8e20760"},
		Connections: &ConnectionList{Connections: []Connection{
			{ServerAddress: "db.example.com", ServerPort: "5432", Credentials: &ConnectionCredentials{Name: "etl", Password: "s3cret", Embed: true}},
			{ServerAddress: "oauth.example.com", Credentials: &ConnectionCredentials{Name: "me@example.com", Embed: true, OAuth: true}},
		}},
		Views: &ViewList{Views: []View{{Name: "GDP per capita", Hidden: Bool(true)}, {Name: "Interest rates", Hidden: Bool(true)}}},
	}
	if d := cmp.Diff(want, req.Workbook); d != "" {
		t.Errorf("request_payload (-want +got):\n%s\n%s", d, got[0].body)
	}
	if len(progress) == 0 || progress[len(progress)-1] != size {
		t.Errorf("progress %v does not end at %d", progress, size)
	}
	for i := 1; i < len(progress); i++ {
		if progress[i] <= progress[i-1] {
			t.Errorf("progress went from %d to %d", progress[i-1], progress[i])
		}
	}
}

func TestPublishDatasourceAppendHyper(t *testing.T) {
	ts := setup(t)
	path := referenceFile(t, "World Indicators.hyper")
	sum, _ := fileSum(t, path)
	var got []part
	ts.handle("POST "+sitePrefix+"/datasources", func(w http.ResponseWriter, r *http.Request) {
		wantQuery(t, r, map[string]string{"datasourceType": "hyper", "append": "true"})
		got = readMultipart(t, r)
		serveXML(201, reference(t, "datasource_publish.xml"))(w, r)
	})
	ds, err := ts.client.Datasources.PublishFile(bg, Datasource{Project: &Project{ID: "p1"}}, path, PublishOptions{
		Mode: PublishAppend, Credentials: &ConnectionCredentials{Name: "reader", Password: "pw", Embed: false},
	})
	if err != nil {
		t.Fatal(err)
	}
	if ds.ID != "e76a1461-3b1d-4588-bf1b-17551a879ad9" || ds.Type != "dataengine" {
		t.Errorf("published %+v", ds)
	}
	if len(got) != 2 || got[1].name != "tableau_datasource" || got[1].fileName != "World Indicators.hyper" || got[1].sum != sum {
		t.Fatalf("parts %+v", got)
	}
	req, err := DecodeRequest(got[0].body)
	if err != nil || req.Datasource == nil {
		t.Fatalf("payload %s: %v", got[0].body, err)
	}
	// The name defaults to the file's, without extension.
	want := &Datasource{Name: "World Indicators", Project: &Project{ID: "p1"},
		ConnectionCredentials: &ConnectionCredentials{Name: "reader", Password: "pw"}}
	if d := cmp.Diff(want, req.Datasource); d != "" {
		t.Errorf("request_payload (-want +got):\n%s", d)
	}
	if !strings.Contains(string(got[0].body), `embed="false"`) {
		t.Errorf("embed=false must be sent: %s", got[0].body)
	}
}

func TestPublishAsJob(t *testing.T) {
	ts := setup(t)
	ts.handle("POST "+sitePrefix+"/workbooks", func(w http.ResponseWriter, r *http.Request) {
		wantQuery(t, r, map[string]string{"workbookType": "twb", "asJob": "true"})
		readMultipart(t, r)
		serveXML(202, reference(t, "workbook_publish_async.xml"))(w, r)
	})
	job, err := ts.client.Workbooks.PublishAsJob(bg, Workbook{Project: &Project{ID: "p"}}, PublishSource{Path: referenceFile(t, "RESTAPISample.twb")}, PublishOptions{})
	if err != nil || job.ID != "7c3d599e-949f-44c3-94a1-f30ba85757e4" || job.Type != "PublishWorkbook" {
		t.Fatalf("%+v %v", job, err)
	}
}

// chunkServer records a chunked upload: the session, each chunk, and the
// final publish, failing a chunk on demand.
type chunkServer struct {
	t        *testing.T
	mu       sync.Mutex
	data     bytes.Buffer // the file as the server assembled it
	chunks   []int64
	puts     int
	failPut  map[int]int // attempt number -> status
	failPost map[int]int // final publish attempt -> status
	posts    int
	final    []part
	finalQ   map[string]string
	response string
}

func (cs *chunkServer) register(ts *testServer, collection string) {
	session := "7720:170fe6b1c1c7422dadff20f944d58a52-1:0"
	ts.handle("POST "+sitePrefix+"/fileUploads", func(w http.ResponseWriter, r *http.Request) {
		if b := readBody(cs.t, r); b != "" {
			cs.t.Errorf("the session is opened with a body: %q", b)
		}
		serveXML(201, reference(cs.t, "fileupload_initialize.xml"))(w, r)
	})
	ts.handle("PUT "+sitePrefix+"/fileUploads/{session}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("session") != session {
			cs.t.Errorf("chunk for session %q", r.PathValue("session"))
		}
		cs.mu.Lock()
		cs.puts++
		attempt := cs.puts
		cs.mu.Unlock()
		if st := cs.failPut[attempt]; st != 0 {
			io.Copy(io.Discard, r.Body)
			http.Error(w, "busy", st)
			return
		}
		mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if mt != "multipart/mixed" {
			cs.t.Errorf("chunk Content-Type %q", r.Header.Get("Content-Type"))
		}
		mr := multipart.NewReader(r.Body, params["boundary"])
		var names []string
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				cs.t.Errorf("chunk: %v", err)
				return
			}
			names = append(names, p.FormName())
			switch p.FormName() {
			case "request_payload":
				if b, _ := io.ReadAll(p); len(b) != 0 || p.Header.Get("Content-Type") != "text/xml" {
					cs.t.Errorf("chunk request_payload %q (%s)", b, p.Header.Get("Content-Type"))
				}
			case "tableau_file":
				if p.FileName() != "file" || p.Header.Get("Content-Type") != "application/octet-stream" {
					cs.t.Errorf("chunk file part %q %q", p.FileName(), p.Header.Get("Content-Type"))
				}
				cs.mu.Lock()
				n, _ := io.Copy(&cs.data, p)
				cs.chunks = append(cs.chunks, n)
				cs.mu.Unlock()
			}
		}
		if strings.Join(names, ",") != "request_payload,tableau_file" {
			cs.t.Errorf("chunk parts %v", names)
		}
		serveXML(200, reference(cs.t, "fileupload_append.xml"))(w, r)
	})
	ts.handle("POST "+sitePrefix+"/"+collection, func(w http.ResponseWriter, r *http.Request) {
		cs.mu.Lock()
		cs.posts++
		attempt := cs.posts
		cs.mu.Unlock()
		if st := cs.failPost[attempt]; st != 0 {
			io.Copy(io.Discard, r.Body)
			http.Error(w, "no", st)
			return
		}
		if r.URL.Query().Get("uploadSessionId") != session {
			cs.t.Errorf("final publish without the session: %s", r.URL.RawQuery)
		}
		wantQuery(cs.t, r, cs.finalQ)
		cs.final = readMultipart(cs.t, r)
		serveXML(201, reference(cs.t, cs.response))(w, r)
	})
}

// generated returns n deterministic pseudo-random bytes.
func generated(n int, seed uint64) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(seed, seed+1))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	copy(b, "PK\x03\x04") // a zip, as far as sniffing goes
	return b
}

// streamOnly hides every interface but io.Reader.
type streamOnly struct{ r io.Reader }

func (s streamOnly) Read(p []byte) (int, error) { return s.r.Read(p) }

func TestPublishChunked(t *testing.T) {
	const size = 300_000
	data := generated(size, 7)
	sum := sha256.Sum256(data)
	dir := t.TempDir()
	path := filepath.Join(dir, "Big.twbx")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		src  func() PublishSource
	}{
		{"path", func() PublishSource { return PublishSource{Path: path} }},
		{"bytes.Reader (ReaderAt)", func() PublishSource { return PublishSource{Reader: bytes.NewReader(data), Name: "Big.twbx"} }},
		{"stream of known size", func() PublishSource {
			return PublishSource{Reader: streamOnly{bytes.NewReader(data)}, Size: size, Name: "Big.twbx"}
		}},
		{"stream of unknown size, type sniffed", func() PublishSource { return PublishSource{Reader: streamOnly{bytes.NewReader(data)}} }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ts := setup(t, WithChunkedUpload(100_000, 64<<10))
			cs := &chunkServer{t: t, finalQ: map[string]string{"workbookType": "twbx", "uploadSessionId": "7720:170fe6b1c1c7422dadff20f944d58a52-1:0"}, response: "workbook_publish.xml"}
			cs.register(ts, "workbooks")
			var last int64
			wb, err := ts.client.Workbooks.Publish(bg, Workbook{Name: "Big", Project: &Project{ID: "p"}}, tc.src(),
				PublishOptions{Progress: func(sent, total int64) { last = sent }})
			if err != nil {
				t.Fatal(err)
			}
			if wb.ID == "" {
				t.Error("no workbook")
			}
			if sha256.Sum256(cs.data.Bytes()) != sum || cs.data.Len() != size {
				t.Errorf("the server assembled %d bytes with another SHA-256 than the %d sent", cs.data.Len(), size)
			}
			if !cmp.Equal(cs.chunks, []int64{65536, 65536, 65536, 65536, 37856}) {
				t.Errorf("chunks %v", cs.chunks)
			}
			if len(cs.final) != 1 || cs.final[0].name != "request_payload" {
				t.Fatalf("final publish parts %+v", cs.final)
			}
			if req, err := DecodeRequest(cs.final[0].body); err != nil || req.Workbook.Name != "Big" || req.Workbook.Project.ID != "p" {
				t.Errorf("final payload %s %v", cs.final[0].body, err)
			}
			if last != size {
				t.Errorf("progress ended at %d", last)
			}
		})
	}
}

func TestPublishChunkRetries(t *testing.T) {
	data := generated(200_000, 9)
	t.Run("a chunk of a replayable source is sent again", func(t *testing.T) {
		ts := setup(t, WithChunkedUpload(1, 64<<10))
		cs := &chunkServer{t: t, failPut: map[int]int{2: 429, 3: 429}, response: "workbook_publish.xml",
			finalQ: map[string]string{"workbookType": "twbx", "uploadSessionId": "7720:170fe6b1c1c7422dadff20f944d58a52-1:0"}}
		cs.register(ts, "workbooks")
		var prog []int64
		_, err := ts.client.Workbooks.Publish(bg, Workbook{Name: "R"}, PublishSource{Reader: bytes.NewReader(data), Name: "r.twbx"},
			PublishOptions{Progress: func(s, _ int64) { prog = append(prog, s) }})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(cs.data.Bytes(), data) {
			t.Error("the server assembled other bytes than were sent")
		}
		if cs.puts != 6 {
			t.Errorf("%d chunk requests, want 4 chunks + 2 retries", cs.puts)
		}
		for i := 1; i < len(prog); i++ {
			if prog[i] <= prog[i-1] {
				t.Fatalf("progress went back from %d to %d", prog[i-1], prog[i])
			}
		}
	})
	// A chunk is appended to the upload: after an answer that leaves its
	// fate unknown (a gateway's 502 or 504 once the server may have
	// appended it, a 503, a 500) it is not sent again, or the file would
	// hold it twice.
	for _, st := range []int{500, 502, 503, 504} {
		t.Run(fmt.Sprintf("a chunk answered %d is not sent again", st), func(t *testing.T) {
			ts := setup(t, WithChunkedUpload(1, 64<<10))
			cs := &chunkServer{t: t, failPut: map[int]int{2: st}, response: "workbook_publish.xml"}
			cs.register(ts, "workbooks")
			_, err := ts.client.Workbooks.Publish(bg, Workbook{Name: "R"}, PublishSource{Reader: bytes.NewReader(data), Name: "r.twbx"}, PublishOptions{})
			if !errors.Is(err, ErrServer) || !strings.Contains(err.Error(), "chunk 2") || !strings.Contains(err.Error(), fmt.Sprint(st)) {
				t.Fatalf("err = %v, want the %d of chunk 2", err, st)
			}
			if cs.puts != 2 || ts.count("POST", sitePrefix+"/workbooks") != 0 {
				t.Errorf("%d chunk requests and %d publishes after chunk 2 failed", cs.puts, ts.count("POST", sitePrefix+"/workbooks"))
			}
		})
	}
	t.Run("a chunk of a plain stream is sent once", func(t *testing.T) {
		ts := setup(t, WithChunkedUpload(1, 64<<10))
		cs := &chunkServer{t: t, failPut: map[int]int{2: 429}, response: "workbook_publish.xml"}
		cs.register(ts, "workbooks")
		_, err := ts.client.Workbooks.Publish(bg, Workbook{Name: "R"}, PublishSource{Reader: streamOnly{bytes.NewReader(data)}, Name: "r.twbx"}, PublishOptions{})
		if !errors.Is(err, ErrRateLimited) || !strings.Contains(err.Error(), "chunk 2") {
			t.Fatalf("err = %v, want the 429 of chunk 2", err)
		}
		if cs.puts != 2 || ts.count("POST", sitePrefix+"/workbooks") != 0 {
			t.Errorf("%d chunk requests and %d publishes after a failed stream chunk", cs.puts, ts.count("POST", sitePrefix+"/workbooks"))
		}
	})
}

func TestPublishFinalRequestRetries(t *testing.T) {
	data := generated(1000, 3)
	for _, tc := range []struct {
		status int
		calls  int
		ok     bool
	}{{429, 2, true}, {503, 1, false}, {500, 1, false}} {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			ts := setup(t, WithChunkedUpload(1, 0))
			cs := &chunkServer{t: t, response: "workbook_publish.xml", failPost: map[int]int{1: tc.status},
				finalQ: map[string]string{"workbookType": "twbx", "uploadSessionId": "7720:170fe6b1c1c7422dadff20f944d58a52-1:0"}}
			cs.register(ts, "workbooks")
			_, err := ts.client.Workbooks.Publish(bg, Workbook{Name: "F"}, PublishSource{Reader: bytes.NewReader(data), Name: "f.twbx"}, PublishOptions{})
			if (err == nil) != tc.ok || cs.posts != tc.calls {
				t.Errorf("status %d: err %v after %d publish requests, want %d", tc.status, err, cs.posts, tc.calls)
			}
			if !bytes.Equal(cs.data.Bytes(), data) || cs.puts != 1 {
				t.Errorf("%d chunk requests for one chunk", cs.puts)
			}
		})
	}
}

func TestPublishSingleRequestIsNeverRetried(t *testing.T) {
	for _, status := range []int{429, 503, 502} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			ts := setup(t)
			ts.handle("POST "+sitePrefix+"/workbooks", func(w http.ResponseWriter, r *http.Request) {
				io.Copy(io.Discard, r.Body)
				w.Header().Set("Retry-After", "0")
				http.Error(w, "no", status)
			})
			_, err := ts.client.Workbooks.PublishFile(bg, Workbook{Name: "X"}, referenceFile(t, "RESTAPISample.twb"), PublishOptions{})
			if err == nil {
				t.Fatal("no error")
			}
			if n := ts.count("POST", sitePrefix+"/workbooks"); n != 1 {
				t.Errorf("a streamed publish was sent %d times", n)
			}
		})
	}
}

// TestPublishRefusedBeforeAnyRequest: the strict mux has no handler, so any
// request would fail the test.
func TestPublishRefusedBeforeAnyRequest(t *testing.T) {
	dir := t.TempDir()
	txt := filepath.Join(dir, "notes.txt")
	os.WriteFile(txt, []byte("hello"), 0o600)
	empty := filepath.Join(dir, "empty.twbx")
	os.WriteFile(empty, nil, 0o600)
	twbx := referenceFile(t, "SampleWB.twbx")
	cases := []struct {
		name string
		ver  string
		call func(c *Client) error
		want string
	}{
		{"workbook append", "", func(c *Client) error {
			_, err := c.Workbooks.PublishFile(bg, Workbook{}, twbx, PublishOptions{Mode: PublishAppend})
			return err
		}, "cannot be appended"},
		{"unknown mode", "", func(c *Client) error {
			_, err := c.Workbooks.PublishFile(bg, Workbook{}, twbx, PublishOptions{Mode: "Replace"})
			return err
		}, "publish mode"},
		{"missing file", "", func(c *Client) error {
			_, err := c.Workbooks.PublishFile(bg, Workbook{}, filepath.Join(dir, "nope.twbx"), PublishOptions{})
			return err
		}, "no such file"},
		{"directory", "", func(c *Client) error {
			_, err := c.Workbooks.PublishFile(bg, Workbook{}, dir, PublishOptions{})
			return err
		}, "not a regular file"},
		{"empty file", "", func(c *Client) error {
			_, err := c.Workbooks.PublishFile(bg, Workbook{}, empty, PublishOptions{})
			return err
		}, "empty"},
		{"unknown extension", "", func(c *Client) error {
			_, err := c.Workbooks.PublishFile(bg, Workbook{}, txt, PublishOptions{})
			return err
		}, ".txt"},
		{"data source extension for a workbook", "", func(c *Client) error {
			_, err := c.Workbooks.Publish(bg, Workbook{}, PublishSource{Reader: strings.NewReader("x"), Name: "a.tdsx"}, PublishOptions{})
			return err
		}, ".tdsx"},
		{"unrecognisable bytes", "", func(c *Client) error {
			_, err := c.Workbooks.Publish(bg, Workbook{Name: "n"}, PublishSource{Reader: strings.NewReader("GIF89a....")}, PublishOptions{})
			return err
		}, "cannot be told"},
		{"no name anywhere", "", func(c *Client) error {
			_, err := c.Workbooks.Publish(bg, Workbook{}, PublishSource{Reader: strings.NewReader("<?xml version='1.0'?><workbook/>")}, PublishOptions{})
			return err
		}, "no name"},
		{"no source", "", func(c *Client) error {
			_, err := c.Workbooks.Publish(bg, Workbook{}, PublishSource{}, PublishOptions{})
			return err
		}, "neither"},
		{"path and reader", "", func(c *Client) error {
			_, err := c.Workbooks.Publish(bg, Workbook{}, PublishSource{Path: twbx, Reader: strings.NewReader("")}, PublishOptions{})
			return err
		}, "not both"},
		{"credentials and connections", "", func(c *Client) error {
			_, err := c.Workbooks.PublishFile(bg, Workbook{}, twbx, PublishOptions{Credentials: &ConnectionCredentials{Name: "a"}, Connections: []Connection{{ServerAddress: "h"}}})
			return err
		}, "not both"},
		{"connection without address", "", func(c *Client) error {
			_, err := c.Workbooks.PublishFile(bg, Workbook{}, twbx, PublishOptions{Connections: []Connection{{ServerPort: "1"}}})
			return err
		}, "no server address"},
		{"credentials without name", "", func(c *Client) error {
			_, err := c.Workbooks.PublishFile(bg, Workbook{}, twbx, PublishOptions{Credentials: &ConnectionCredentials{Password: "p"}})
			return err
		}, "need a name"},
		{"chunk too big", "", func(c *Client) error {
			_, err := c.Workbooks.PublishFile(bg, Workbook{}, twbx, PublishOptions{ChunkSize: MaxChunkSize + 1})
			return err
		}, "chunk size"},
		{"append a .tds", "", func(c *Client) error {
			_, err := c.Datasources.PublishFile(bg, Datasource{}, referenceFile(t, "SampleDS.tds"), PublishOptions{Mode: PublishAppend})
			return err
		}, "only extract files"},
		{"hidden views of a data source", "", func(c *Client) error {
			_, err := c.Datasources.PublishFile(bg, Datasource{}, twbx, PublishOptions{HiddenViews: []string{"x"}})
			return err
		}, "no views"},
		{"as job before 3.0", "2.8", func(c *Client) error {
			_, err := c.Workbooks.PublishAsJob(bg, Workbook{}, PublishSource{Path: twbx}, PublishOptions{})
			return err
		}, "needs REST API 3.0"},
		{"several connections before 2.8", "2.7", func(c *Client) error {
			_, err := c.Datasources.PublishFile(bg, Datasource{}, twbx, PublishOptions{Connections: []Connection{{ServerAddress: "h"}}})
			return err
		}, "needs REST API 2.8"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var opts []Option
			if tc.ver != "" {
				opts = append(opts, WithVersion(tc.ver))
			}
			ts := setup(t, opts...)
			err := tc.call(ts.client)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one mentioning %q", err, tc.want)
			}
		})
	}
	if _, err := NewClient("https://x", WithChunkedUpload(-1, 0)); err == nil {
		t.Error("a negative threshold was accepted")
	}
}

func TestPublishTypeSniffing(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(referenceFile(t, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tc := range []struct {
		file, kind string
		ds         bool
		want       string
	}{
		{"SampleWB.twbx", "workbook", false, "twbx"},
		{"RESTAPISample.twb", "workbook", false, "twb"},
		{"World Indicators.tdsx", "datasource", true, "tdsx"},
		{"SampleDS.tds", "datasource", true, "tds"},
		{"World Indicators.hyper", "datasource", true, "hyper"},
		{"World Indicators.hyper", "workbook", false, ""},
		{"populate_pdf.pdf", "datasource", true, ""},
	} {
		k := workbookKind
		if tc.ds {
			k = datasourceKind
		}
		if got := k.sniff(read(tc.file)[:512]); got != tc.want {
			t.Errorf("%s as a %s: sniffed %q, want %q", tc.file, tc.kind, got, tc.want)
		}
	}
	if got := datasourceKind.sniff([]byte("PAR1\x15\x04")); got != "parquet" {
		t.Errorf("parquet sniffed as %q", got)
	}
	if got := workbookKind.sniff([]byte("\xef\xbb\xbf  <?xml version='1.0'?>")); got != "twb" {
		t.Errorf("XML with a BOM sniffed as %q", got)
	}
	if got := datasourceKind.sniff([]byte("Hyperion annual report")); got != "" {
		t.Errorf("text starting with Hyper sniffed as %q", got)
	}

	// A nameless reader: the type comes from its first bytes, which are still sent.
	ts := setup(t)
	data := read("SampleWB.twbx")
	var got []part
	ts.handle("POST "+sitePrefix+"/workbooks", func(w http.ResponseWriter, r *http.Request) {
		wantQuery(t, r, map[string]string{"workbookType": "twbx"})
		got = readMultipart(t, r)
		serveXML(201, reference(t, "workbook_publish.xml"))(w, r)
	})
	if _, err := ts.client.Workbooks.Publish(bg, Workbook{Name: `Q3 "final"/v2`}, PublishSource{Reader: streamOnly{bytes.NewReader(data)}, Size: int64(len(data))}, PublishOptions{}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[1].sum != sha256.Sum256(data) || got[1].disposition != `form-data; name="tableau_workbook"; filename="v2.twbx"` {
		t.Errorf("parts %+v", got)
	}
}

func TestPublishFileNameSanitized(t *testing.T) {
	ts := setup(t)
	var disp string
	ts.handle("POST "+sitePrefix+"/workbooks", func(w http.ResponseWriter, r *http.Request) {
		if ps := readMultipart(t, r); len(ps) == 2 {
			disp = ps[1].disposition
		}
		serveXML(201, reference(t, "workbook_publish.xml"))(w, r)
	})
	src := PublishSource{Reader: strings.NewReader("<?xml version='1.0'?><workbook/>"), Name: "..\\..\\C:\\evil\"name\r\nX-Injected: 1.twb"}
	if _, err := ts.client.Workbooks.Publish(bg, Workbook{Name: "n"}, src, PublishOptions{}); err != nil {
		t.Fatal(err)
	}
	if disp != `form-data; name="tableau_workbook"; filename="evilnameX-Injected: 1.twb"` {
		t.Errorf("Content-Disposition %q", disp)
	}
}

func TestPublishSourceSizeMismatch(t *testing.T) {
	data := []byte("<?xml version='1.0'?><workbook>" + strings.Repeat(" ", 100) + "</workbook>")
	for _, tc := range []struct {
		name    string
		size    int64
		chunked bool
		want    string
	}{
		{"shorter than said", int64(len(data)) + 10, false, "ended after"},
		{"longer than said", int64(len(data)) - 10, false, "more than"},
		{"shorter than said, chunked", int64(len(data)) + 10, true, "ended after"},
		{"longer than said, chunked", int64(len(data)) - 10, true, "more than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var opts []Option
			if tc.chunked {
				opts = append(opts, WithChunkedUpload(1, 50))
			}
			ts := setup(t, opts...)
			ts.handle("POST "+sitePrefix+"/workbooks", func(w http.ResponseWriter, r *http.Request) {
				io.Copy(io.Discard, r.Body)
				serveXML(201, reference(t, "workbook_publish.xml"))(w, r)
			})
			if tc.chunked {
				ts.handle("POST "+sitePrefix+"/fileUploads", serveXML(201, reference(t, "fileupload_initialize.xml")))
				ts.handle("PUT "+sitePrefix+"/fileUploads/{s}", func(w http.ResponseWriter, r *http.Request) {
					io.Copy(io.Discard, r.Body)
					serveXML(200, reference(t, "fileupload_append.xml"))(w, r)
				})
			}
			_, err := ts.client.Workbooks.Publish(bg, Workbook{Name: "n"}, PublishSource{Reader: streamOnly{bytes.NewReader(data)}, Size: tc.size, Name: "n.twb"}, PublishOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
			if n := ts.count("POST", sitePrefix+"/workbooks"); tc.chunked && n != 0 {
				t.Errorf("a publish was sent after a failed upload")
			}
		})
	}
}

// zeroes is an io.ReaderAt of n generated bytes that allocates nothing, so
// the benchmark measures the SDK, not the source.
type zeroes struct{ n int64 }

func (z zeroes) ReadAt(p []byte, off int64) (int, error) {
	if off >= z.n {
		return 0, io.EOF
	}
	n := min(int64(len(p)), z.n-off)
	for i := range p[:n] {
		p[i] = byte(off + int64(i))
	}
	if off == 0 && n >= 4 {
		copy(p, "PK\x03\x04")
	}
	if n < int64(len(p)) {
		return int(n), io.EOF
	}
	return int(n), nil
}

func (z zeroes) Read(p []byte) (int, error) { panic("read through ReadAt only") }

// BenchmarkPublishChunked publishes generated files of growing size, in 4
// chunks each and, below the single-request limit, in one request. B/op and
// allocs/op stay flat as the file grows from 4 to 64 MB: the file is
// streamed from its source, never held in memory. (Each request costs a
// fixed few tens of KB: buffers of net/http on both sides of the loopback.)
func BenchmarkPublishChunked(b *testing.B) {
	read := func(name string) []byte {
		body, err := os.ReadFile(filepath.Join(referenceDir, "responses", name))
		if err != nil {
			b.Skip(err)
		}
		return body
	}
	initBody, appendBody, pubBody := read("fileupload_initialize.xml"), read("fileupload_append.xml"), read("workbook_publish.xml")
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+sitePrefix+"/fileUploads", serveXML(201, initBody))
	mux.HandleFunc("PUT "+sitePrefix+"/fileUploads/{s}", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		serveXML(200, appendBody)(w, r)
	})
	mux.HandleFunc("POST "+sitePrefix+"/workbooks", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		serveXML(201, pubBody)(w, r)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c, err := NewClient(srv.URL, WithVersion("3.29"), WithSession(Session{Token: testToken, SiteID: testSiteID}))
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		mode string
		mb   int64
	}{{"chunked", 4}, {"chunked", 16}, {"chunked", 64}, {"single", 4}, {"single", 16}, {"single", 48}} {
		b.Run(fmt.Sprintf("%s/%dMB", tc.mode, tc.mb), func(b *testing.B) {
			src := zeroes{tc.mb << 20}
			opts := PublishOptions{ChunkThreshold: 1, ChunkSize: src.n / 4}
			if tc.mode == "single" {
				opts = PublishOptions{ChunkThreshold: src.n + 1}
			}
			b.SetBytes(src.n)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Workbooks.Publish(bg, Workbook{Name: "Bench"}, PublishSource{Reader: src, Size: src.n, Name: "bench.twbx"}, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
