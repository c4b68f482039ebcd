package tsc_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// zipEntry is one file of a test archive, deflated unless store is set;
// declare, when set, is the size the directory claims (for archives that
// lie), with the content stored raw.
type zipEntry struct {
	name    string
	content []byte
	declare uint64
	store   bool
}

func zipOf(t *testing.T, entries ...zipEntry) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range entries {
		if e.declare > 0 {
			w, err := zw.CreateRaw(&zip.FileHeader{Name: e.name, Method: zip.Store,
				CompressedSize64: uint64(len(e.content)), UncompressedSize64: e.declare})
			e2eNoErr(t, err)
			w.Write(e.content)
			continue
		}
		method := zip.Deflate
		if e.store {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: method})
		e2eNoErr(t, err)
		w.Write(e.content)
	}
	e2eNoErr(t, zw.Close())
	return b.Bytes()
}

// filesUnder lists the regular files under dir.
func filesUnder(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// TestHostileFilesAreRefused publishes, through the SDK, archives that
// would escape a directory when extracted, zip bombs, archives that lie
// about their size, and XML with entity declarations: each is refused with
// 400 and Tableau's 400011 ("There was a problem publishing the file"), a
// detail that says why, and nothing is stored, neither the item nor its
// file. A request payload declaring entities is refused with 400000.
func TestHostileFilesAreRefused(t *testing.T) {
	dir := t.TempDir()
	srv := tsctest.NewServer(t, tsctest.WithDataDir(dir))
	c := srv.MustClient(t)
	twb := e2eMust(os.ReadFile(filepath.Join("testdata", "workbooks", "Sales.twb")))(t)
	tds := e2eMust(os.ReadFile(filepath.Join("testdata", "datasources", "Orders.tds")))(t)
	laughs := `<?xml version="1.0"?><!DOCTYPE workbook [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">` +
		`<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><workbook><worksheets><worksheet name="&c;"/></worksheets></workbook>`
	external := `<?xml version="1.0"?><!DOCTYPE datasource [<!ENTITY x SYSTEM "file:///etc/passwd">]><datasource formatted-name="&x;"/>`
	many := make([]zipEntry, 0, 10002)
	many = append(many, zipEntry{name: "Sales.twb", content: twb})
	for i := range 10001 {
		many = append(many, zipEntry{name: fmt.Sprintf("Data/%05d.csv", i), content: []byte("x"), store: true})
	}
	for _, tc := range []struct {
		name, file string
		data       []byte
		detail     string
	}{
		{"entry escaping the directory", "e.twbx", zipOf(t, zipEntry{name: "../../evil.twb", content: twb}), "escapes the archive's directory"},
		{"entry escaping by backslashes", "e.twbx", zipOf(t, zipEntry{name: `Data\..\..\evil.twb`, content: twb}), "escapes the archive's directory"},
		{"absolute entry", "e.twbx", zipOf(t, zipEntry{name: "/etc/cron.d/evil", content: twb}), "absolute path"},
		{"drive letter entry", "e.twbx", zipOf(t, zipEntry{name: `C:\Windows\evil.twb`, content: twb}), "names a drive"},
		{"zip bomb", "e.twbx", zipOf(t, zipEntry{name: "Sales.twb", content: twb}, zipEntry{name: "Data/zeros.hyper", content: make([]byte, 2<<20)}), "zip bomb"},
		{"archive lying about its size", "e.twbx", zipOf(t, zipEntry{name: "Sales.twb", content: twb}, zipEntry{name: "Data/huge.hyper", content: []byte("Hyper\x08"), declare: 64 << 30}), "expands to more than"},
		{"too many entries", "e.twbx", zipOf(t, many...), "entries"},
		{"entity expansion in a workbook", "e.twb", []byte(laughs), "DOCTYPE, ENTITY"},
		{"entity expansion in a packaged workbook", "e.twbx", zipOf(t, zipEntry{name: "Sales.twb", content: []byte(laughs)}), "DOCTYPE, ENTITY"},
		{"external entity in a data source", "e.tds", []byte(external), "DOCTYPE, ENTITY"},
		{"data source entry escaping", "e.tdsx", zipOf(t, zipEntry{name: "../Orders.tds", content: tds}), "escapes the archive's directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := tsc.PublishSource{Reader: bytes.NewReader(tc.data), Name: tc.file}
			var err error
			kind := "workbooks"
			if strings.Contains(tc.file, ".td") {
				kind = "datasources"
				_, err = c.Datasources.Publish(e2eCtx, tsc.Datasource{Name: "Hostile " + tc.name}, src, tsc.PublishOptions{})
			} else {
				_, err = c.Workbooks.Publish(e2eCtx, tsc.Workbook{Name: "Hostile " + tc.name}, src, tsc.PublishOptions{})
			}
			e2eWantCode(t, err, tsc.ErrBadRequest, http.StatusBadRequest, "400011")
			var se *tsc.ServerError
			errors.As(err, &se)
			if !strings.Contains(se.Detail, tc.detail) || !strings.Contains(se.Detail, tc.file) {
				t.Errorf("detail %q does not name the file %s and %q", se.Detail, tc.file, tc.detail)
			}
			filter := []tsc.Filter{tsc.Eq("name", "Hostile "+tc.name)}
			wbs := e2eMust2(c.Workbooks.List(e2eCtx, tsc.ListOptions{Filters: filter}))(t)
			dss := e2eMust2(c.Datasources.List(e2eCtx, tsc.ListOptions{Filters: filter}))(t)
			if len(wbs)+len(dss) != 0 {
				t.Errorf("the refused %s was stored", kind)
			}
		})
	}
	// Entity declarations in the request XML itself, which the SDK never
	// writes: a raw publish whose payload declares entities.
	for name, payload := range map[string]string{
		"internal entity": `<?xml version="1.0"?><!DOCTYPE tsRequest [<!ENTITY n "Hostile payload">]><tsRequest xmlns="http://tableau.com/api"><workbook name="&n;"/></tsRequest>`,
		"external entity": `<?xml version="1.0"?><!DOCTYPE tsRequest [<!ENTITY n SYSTEM "file:///etc/hostname">]><tsRequest xmlns="http://tableau.com/api"><workbook name="&n;"/></tsRequest>`,
	} {
		ct, body := multipartBody(t, [3]string{"request_payload", "", payload}, [3]string{"tableau_workbook", "Sales.twb", string(twb)})
		status, answer := rawCall(t, srv, c.Session().Token.Reveal(), "POST", "sites/"+c.Session().SiteID+"/workbooks", ct, body)
		if status != http.StatusBadRequest || errorCodeOf(answer) != "400000" {
			t.Errorf("payload with an %s: %d %s", name, status, answer)
		}
	}
	if wbs := e2eMust2(c.Workbooks.List(e2eCtx, tsc.ListOptions{}))(t); len(wbs) != 0 {
		t.Errorf("workbooks stored after refusals: %+v", wbs)
	}
	// Neither a stored file nor a spooled one is left behind.
	for _, sub := range []string{"files", "spool"} {
		if left := filesUnder(t, filepath.Join(dir, "blobs", sub)); len(left) != 0 {
			t.Errorf("blobs/%s holds %v after refusals", sub, left)
		}
	}
}

// TestOversizedRequestsAreRefused: a publish larger than the single-request
// limit and an XML body larger than the emulator reads (4 MB) are refused
// with 413 and 413000, and nothing is stored.
func TestOversizedRequestsAreRefused(t *testing.T) {
	dir := t.TempDir()
	srv := tsctest.NewServer(t, tsctest.WithDataDir(dir), tsctest.WithMaxPublishSize(1<<20))
	c := srv.MustClient(t, tsc.WithChunkedUpload(1<<30, 0))
	big := &prngFile{seed: 1, size: 2 << 20}
	_, err := c.Datasources.Publish(e2eCtx, tsc.Datasource{Name: "Too big"}, tsc.PublishSource{Reader: big, Size: big.size, Name: "big.hyper"}, tsc.PublishOptions{})
	e2eWantCode(t, err, nil, http.StatusRequestEntityTooLarge, "413000")

	_, err = c.Projects.Create(e2eCtx, tsc.Project{Name: "x", Description: strings.Repeat("d", 5<<20)})
	e2eWantCode(t, err, nil, http.StatusRequestEntityTooLarge, "413000")

	if left := filesUnder(t, filepath.Join(dir, "blobs", "files")); len(left) != 0 {
		t.Errorf("stored after a refusal: %v", left)
	}
	if ds := e2eMust2(c.Datasources.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "Too big")}}))(t); len(ds) != 0 {
		t.Errorf("published: %+v", ds)
	}
}
