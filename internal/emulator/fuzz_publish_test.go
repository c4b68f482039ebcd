package emulator_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/emulator"
)

// FuzzPublishRequest sends arbitrary multipart bodies (and query strings)
// to the publish and upload endpoints: whatever the bytes, the answer is a
// Tableau XML document, never a 500 or a panic.
//
// Under `go test -fuzz` every package is instrumented for coverage,
// including the pure-Go SQLite driver, which makes each execution very
// slow; for volume, build the test binary (go test -c) and run it with
// -test.fuzz=FuzzPublishRequest, which fuzzes without coverage guidance at
// about 1,500 executions a second. The file parsers have their own, fast,
// targets in package tableaufile.
func FuzzPublishRequest(f *testing.F) {
	emu, err := emulator.New(emulator.Config{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { emu.Close() })
	if err := emu.Bootstrap(f.Context(), emulator.Admin{Name: "admin", Password: "pw"}); err != nil {
		f.Fatal(err)
	}
	serve := func(method, path, ct string, body []byte) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, bytes.NewReader(body))
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		return serveOnce(req, emu)
	}
	rec := serve("POST", "/api/3.29/auth/signin", "application/xml",
		[]byte(`<tsRequest><credentials name="admin" password="pw"><site contentUrl=""/></credentials></tsRequest>`))
	resp, err := tsc.DecodeResponse(rec.Body.Bytes())
	if err != nil || resp.Credentials == nil {
		f.Fatalf("sign-in: %v %s", err, rec.Body.Bytes())
	}
	token, site := resp.Credentials.Token.Reveal(), resp.Credentials.Site.ID

	twb := []byte(`<workbook><worksheets><worksheet name='A'/></worksheets><datasources><datasource name='d'><connection class='postgres' server='s' port='1'/></datasource></datasources></workbook>`)
	seed := func(query string, parts ...part) {
		ct, body := multipartMixed(f, parts...)
		f.Add(query, strings.TrimPrefix(ct, "multipart/mixed; boundary="), body)
	}
	seed("", payloadPart(`<tsRequest><workbook name="W"/></tsRequest>`), filePart("tableau_workbook", "w.twb", twb))
	seed("overwrite=true&workbookType=twbx", payloadPart(`<tsRequest><workbook name="W"/></tsRequest>`), filePart("tableau_workbook", "w.twbx", twb))
	seed("asJob=true", payloadPart(`<tsRequest><workbook name="W"><views><view name="A" hidden="true"/></views></workbook></tsRequest>`),
		filePart("tableau_workbook", "w.twb", twb))
	seed("append=true", payloadPart(`<tsRequest><datasource name="D"/></tsRequest>`), filePart("tableau_datasource", "d.hyper", []byte("Hyper\x08\x00")))
	f.Fuzz(func(t *testing.T, query, boundary string, body []byte) {
		ct := "multipart/mixed; boundary=" + boundary
		for _, p := range []struct{ method, path string }{
			{"POST", "/api/3.29/sites/" + site + "/workbooks?" + query},
			{"POST", "/api/3.29/sites/" + site + "/datasources?" + query},
			{"PUT", "/api/3.29/sites/" + site + "/fileUploads/nope"},
		} {
			req := httptest.NewRequest(p.method, "/", bytes.NewReader(body))
			req.URL.Path, req.URL.RawQuery, _ = strings.Cut(p.path, "?")
			req.Header.Set("Content-Type", ct)
			req.Header.Set("X-Tableau-Auth", token)
			rec := httptest.NewRecorder()
			emu.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("%s %s: %d %s", p.method, p.path, rec.Code, rec.Body.Bytes())
			}
			if _, err := tsc.DecodeResponse(rec.Body.Bytes()); err != nil {
				t.Fatalf("%s %s: %d with a body that is not a Tableau document: %v", p.method, p.path, rec.Code, err)
			}
			if rec.Code != http.StatusCreated && rec.Code != http.StatusAccepted && !bytes.Contains(rec.Body.Bytes(), []byte("<error")) {
				t.Fatalf("%d without an error document", rec.Code)
			}
		}
	})
}

// serveOnce serves one request in process.
func serveOnce(req *http.Request, h http.Handler) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}
