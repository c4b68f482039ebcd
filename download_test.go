package tsc

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestSafeFileName(t *testing.T) {
	for in, want := range map[string]string{
		"Superstore.twbx":                  "Superstore.twbx",
		"../../etc/passwd":                 "passwd",
		"/etc/cron.d/job":                  "job",
		`C:\Windows\System32\x.dll`:        "x.dll",
		`..\..\boot.ini`:                   "boot.ini",
		"..":                               "",
		".":                                "",
		"":                                 "",
		"...":                              "",
		".bashrc":                          "bashrc",
		"a\x00b\r\nc\x1b.twbx":             "abc.twbx",
		"a\u0085b.twbx":                    "ab.twbx",
		`what?<is>:this|"*.twbx`:           "what__is__this___.twbx",
		"CON":                              "_CON",
		"con.twbx":                         "_con.twbx",
		"NUL.tar.gz":                       "_NUL.tar.gz",
		"LPT9.twb":                         "_LPT9.twb",
		"COM¹.twb":                         "_COM¹.twb",
		"CONSOLE.twb":                      "CONSOLE.twb",
		"report. ":                         "report",
		"Ünïcødé 売上.twbx":                  "Ünïcødé 売上.twbx",
		"bad\xffutf8.twbx":                 "badutf8.twbx",
		strings.Repeat("a", 300) + ".twbx": strings.Repeat("a", 195) + ".twbx",
		strings.Repeat("é", 150) + ".twbx": strings.Repeat("é", 97) + ".twbx",
	} {
		if got := SafeFileName(in); got != want {
			t.Errorf("SafeFileName(%q) = %q, want %q", in, got, want)
		}
		if got := SafeFileName(in); len(got) > maxFileName {
			t.Errorf("SafeFileName(%q) is %d bytes long", in, len(got))
		}
	}
}

func TestDispositionFileName(t *testing.T) {
	for in, want := range map[string]string{
		`name="tableau_workbook"; filename="Superstore.twbx"`:                       "Superstore.twbx",
		`attachment; filename="Sales Q3.twbx"`:                                      "Sales Q3.twbx",
		`attachment; filename*=UTF-8''na%C3%AFve%20file.twbx`:                       "naïve file.twbx",
		`attachment; filename="fallback.twbx"; filename*=UTF-8''r%C3%A9el.twbx`:     "réel.twbx",
		`attachment; filename*=UTF-8''..%2F..%2Fescape.twbx`:                        "../../escape.twbx",
		`attachment; filename=unquoted name.twbx`:                                   "unquoted name.twbx",
		`name="tableau_datasource"; filename*=UTF-8''%E5%A3%B2%E4%B8%8A.tdsx; x=\"`: "売上.tdsx",
		`inline`: "",
		``:       "",
	} {
		if got := dispositionFileName(in); got != want {
			t.Errorf("dispositionFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

// serveFile answers with body and the given Content-Disposition (none when empty).
func serveFile(t *testing.T, disposition string, body []byte, check func(r *http.Request)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		testHeader(t, r, "Accept", "*/*")
		testHeader(t, r, "X-Tableau-Auth", testToken)
		if check != nil {
			check(r)
		}
		if disposition != "" {
			w.Header().Set("Content-Disposition", disposition)
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	}
}

func readRef(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(referenceFile(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// dirEntries lists a directory's names, temporary files included.
func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func TestWorkbookDownloadToWriter(t *testing.T) {
	ts := setup(t)
	data := readRef(t, "SampleWB.twbx")
	id := "1f951daf-4061-451a-9df1-69a8062664f2"
	ts.handle("GET "+sitePrefix+"/workbooks/"+id+"/content", serveFile(t, `name="tableau_workbook"; filename="SampleWB.twbx"`, data, func(r *http.Request) {
		wantQuery(t, r, map[string]string{"includeExtract": "false"})
	}))
	var buf bytes.Buffer
	var calls int
	var last int64
	d, err := ts.client.Workbooks.Download(bg, id, &buf, DownloadOptions{ExcludeExtract: true, Progress: func(n, total int64) {
		calls++
		last = n
		if total != int64(len(data)) {
			t.Errorf("progress total %d", total)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), data) || d.Size != int64(len(data)) || d.FileName != "SampleWB.twbx" || d.ContentType != "application/octet-stream" || d.Path != "" {
		t.Errorf("download %+v, %d bytes", d, buf.Len())
	}
	if calls == 0 || last != int64(len(data)) {
		t.Errorf("progress: %d calls ending at %d", calls, last)
	}
	ts.handle("GET "+sitePrefix+"/workbooks/w2/content", serveFile(t, "", data, func(r *http.Request) { wantQuery(t, r, nil) }))
	if d, err := ts.client.Workbooks.Download(bg, "w2", &buf, DownloadOptions{}); err != nil || d.FileName != "" {
		t.Errorf("%+v %v", d, err)
	}
}

func TestDownloadToDirectory(t *testing.T) {
	data := readRef(t, "SampleWB.twbx")
	for disposition, want := range map[string]string{
		`name="tableau_workbook"; filename="SampleWB.twbx"`:      "SampleWB.twbx",
		`attachment; filename="../../../escaped.twbx"`:           "escaped.twbx",
		`attachment; filename*=UTF-8''..%2F..%2Fna%C3%AFve.twbx`: "naïve.twbx",
		`attachment; filename="/etc/passwd"`:                     "passwd",
		`attachment; filename="NUL"`:                             "_NUL",
		`attachment; filename="C:\\Users\\Public\\x.twbx"`:       "x.twbx",
	} {
		t.Run(want, func(t *testing.T) {
			ts := setup(t)
			ts.handle("GET "+sitePrefix+"/workbooks/w1/content", serveFile(t, disposition, data, nil))
			root := t.TempDir()
			dir := filepath.Join(root, "out")
			os.Mkdir(dir, 0o700)
			d, err := ts.client.Workbooks.DownloadTo(bg, "w1", dir, DownloadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if d.Path != filepath.Join(dir, want) || d.FileName != want {
				t.Errorf("saved as %q (%q), want %q", d.Path, d.FileName, want)
			}
			got, err := os.ReadFile(filepath.Join(dir, want))
			if err != nil || !bytes.Equal(got, data) {
				t.Errorf("file content differs (%v)", err)
			}
			if es := dirEntries(t, dir); len(es) != 1 {
				t.Errorf("directory holds %v", es)
			}
			if es := dirEntries(t, root); len(es) != 1 {
				t.Errorf("something was written beside the directory: %v", es)
			}
		})
	}
}

func TestDownloadToFallbackName(t *testing.T) {
	ts := setup(t)
	id := "3cc6cd06-89ce-4fdc-b935-5294135d6d42"
	ts.handle("GET "+sitePrefix+"/workbooks/"+id+"/content", serveFile(t, "", readRef(t, "SampleWB.twbx"), nil))
	ts.handle("GET "+sitePrefix+"/workbooks/"+id, serveXML(200, reference(t, "workbook_get_by_id.xml")))
	ts.handle("GET "+sitePrefix+"/datasources/ds1/content", serveFile(t, `attachment; filename=""`, readRef(t, "SampleDS.tds"), nil))
	ts.handle("GET "+sitePrefix+"/datasources/ds1", http.NotFound)
	dir := t.TempDir()
	d, err := ts.client.Workbooks.DownloadTo(bg, id, dir, DownloadOptions{})
	if err != nil || d.Path != filepath.Join(dir, "SafariSample.twbx") {
		t.Fatalf("%+v %v", d, err)
	}
	// Without a name from the server or the item, the id names the file; XML content is a .tds.
	d, err = ts.client.Datasources.DownloadTo(bg, "ds1", dir, DownloadOptions{})
	if err != nil || d.Path != filepath.Join(dir, "ds1.tds") {
		t.Fatalf("%+v %v", d, err)
	}
}

func TestDownloadToPathAndOverwrite(t *testing.T) {
	ts := setup(t)
	data := readRef(t, "SampleDS.tds")
	ts.handle("GET "+sitePrefix+"/datasources/ds1/content", serveFile(t, `attachment; filename="server-name.tds"`, data, nil))
	dir := t.TempDir()
	dest := filepath.Join(dir, "mine.tds")

	d, err := ts.client.Datasources.DownloadTo(bg, "ds1", dest, DownloadOptions{})
	if err != nil || d.Path != dest || d.FileName != "server-name.tds" {
		t.Fatalf("%+v %v", d, err)
	}
	if ts.count("GET", sitePrefix+"/datasources/ds1/content") != 1 {
		t.Fatal("no request")
	}
	// An existing file is refused before any request.
	_, err = ts.client.Datasources.DownloadTo(bg, "ds1", dest, DownloadOptions{})
	if !errors.Is(err, fs.ErrExist) || ts.count("GET", sitePrefix+"/datasources/ds1/content") != 1 {
		t.Errorf("err = %v after %d requests", err, ts.count("GET", sitePrefix+"/datasources/ds1/content"))
	}
	// In a directory, the server's name is checked once known, and kept.
	os.WriteFile(filepath.Join(dir, "server-name.tds"), []byte("keep me"), 0o600)
	if _, err := ts.client.Datasources.DownloadTo(bg, "ds1", dir, DownloadOptions{}); !errors.Is(err, fs.ErrExist) {
		t.Errorf("err = %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "server-name.tds")); string(b) != "keep me" {
		t.Error("an existing file was replaced without Overwrite")
	}
	if _, err := ts.client.Datasources.DownloadTo(bg, "ds1", dir, DownloadOptions{Overwrite: true}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "server-name.tds")); !bytes.Equal(b, data) {
		t.Error("Overwrite did not replace the file")
	}
	if es := dirEntries(t, dir); len(es) != 2 {
		t.Errorf("directory holds %v", es)
	}
	// A path whose directory is missing, and a missing directory, are refused before any request.
	before := ts.count("GET", sitePrefix+"/datasources/ds1/content")
	for _, bad := range []string{filepath.Join(dir, "nope", "x.tds"), filepath.Join(dir, "nope") + string(filepath.Separator), ""} {
		if _, err := ts.client.Datasources.DownloadTo(bg, "ds1", bad, DownloadOptions{}); err == nil {
			t.Errorf("DownloadTo(%q) succeeded", bad)
		}
	}
	if ts.count("GET", sitePrefix+"/datasources/ds1/content") != before {
		t.Error("a refused destination still sent a request")
	}
}

func TestDownloadToLeavesNothingOnFailure(t *testing.T) {
	t.Run("body cut short", func(t *testing.T) {
		ts := setup(t)
		ts.handle("GET "+sitePrefix+"/workbooks/w1/content", func(w http.ResponseWriter, r *http.Request) {
			conn, buf, err := w.(http.Hijacker).Hijack()
			if err != nil {
				t.Fatal(err)
			}
			buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nContent-Disposition: attachment; filename=\"a.twbx\"\r\n\r\nPK\x03\x04 only a little")
			buf.Flush()
			conn.Close()
		})
		dir := t.TempDir()
		if _, err := ts.client.Workbooks.DownloadTo(bg, "w1", dir, DownloadOptions{}); err == nil {
			t.Fatal("a cut download succeeded")
		}
		if es := dirEntries(t, dir); len(es) != 0 {
			t.Errorf("left behind: %v", es)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ts := setup(t)
		ts.handle("GET "+sitePrefix+"/workbooks/w1/content", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Disposition", `attachment; filename="a.twbx"`)
			w.Write(bytes.Repeat([]byte("x"), 70_000))
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		})
		dir := t.TempDir()
		ctx, cancel := context.WithCancel(bg)
		defer cancel()
		_, err := ts.client.Workbooks.DownloadTo(ctx, "w1", dir, DownloadOptions{Progress: func(n, _ int64) { cancel() }})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
		if es := dirEntries(t, dir); len(es) != 0 {
			t.Errorf("left behind: %v", es)
		}
	})
	t.Run("server error", func(t *testing.T) {
		ts := setup(t)
		ts.handle("GET "+sitePrefix+"/workbooks/w1/content", serveXML(404, []byte(`<tsResponse xmlns="http://tableau.com/api"><error code="404006"><summary>Resource Not Found</summary><detail>Workbook not found</detail></error></tsResponse>`)))
		dir := t.TempDir()
		if _, err := ts.client.Workbooks.DownloadTo(bg, "w1", dir, DownloadOptions{}); !errors.Is(err, ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
		if es := dirEntries(t, dir); len(es) != 0 {
			t.Errorf("left behind: %v", es)
		}
	})
	t.Run("writer fails", func(t *testing.T) {
		ts := setup(t)
		ts.handle("GET "+sitePrefix+"/workbooks/w1/content", serveFile(t, "", []byte("data"), nil))
		if _, err := ts.client.Workbooks.Download(bg, "w1", failingWriter{}, DownloadOptions{}); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("err = %v", err)
		}
		if _, err := ts.client.Workbooks.Download(bg, "w1", nil, DownloadOptions{}); err == nil {
			t.Error("a nil writer was accepted")
		}
	})
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestDownloadedFileHonoursUmask(t *testing.T) {
	dir := t.TempDir()
	final := filepath.Join(dir, "Sales.twbx")
	if _, err := saveAtomically(final, false, func(w io.Writer) (int64, error) {
		n, err := io.WriteString(w, "bytes")
		return int64(n), err
	}); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(final)
	if err != nil {
		t.Fatal(err)
	}
	// The umask decides, as for any file the user creates: never the
	// 0600 of os.CreateTemp unless the umask says so.
	want := os.FileMode(0o666) &^ currentUmask(t)
	if fi.Mode().Perm() != want {
		t.Errorf("mode %v, want %v", fi.Mode().Perm(), want)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left %d files, want only the download", len(entries))
	}
}

// currentUmask learns the process's umask from a file created with 0666.
func currentUmask(t *testing.T) os.FileMode {
	p := filepath.Join(t.TempDir(), "probe")
	f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY, 0o666)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	fi, _ := os.Stat(p)
	return 0o666 &^ fi.Mode().Perm()
}
