package tsc

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/tsc-go/tsc/internal/xsdcheck"
)

// TestCustomViewsExpPaths: Download and Publish Custom View go to
// /api/exp/, as Tableau documents them and TSC calls them; the publish is
// request_payload (a customView that validates against the XSD) and a
// tableau_customview part. The other calls stay under /api/{version}/.
func TestCustomViewsExpPaths(t *testing.T) {
	const (
		id      = "1f951daf-4061-451a-9df1-69a8062664f2"
		wbID    = "1d0304cd-3796-429f-b815-7258370b9b74"
		ownerID = "dd2239f6-ddf1-4107-981a-4cf94e415794"
	)
	file := []byte(`[{"isSourceView": true, "viewName": "Sales", "tcv": "PGN1c3RvbWl6ZWQtdmlldy8-"}]`)
	ts := setup(t)
	ts.handle("GET /api/exp/sites/"+testSiteID+"/customviews/"+id+"/content", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Disposition", `attachment; filename="West.json"`)
		w.Write(file)
	})
	var payload []byte
	ts.handle("POST /api/exp/sites/"+testSiteID+"/customviews", func(w http.ResponseWriter, r *http.Request) {
		_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil {
			t.Fatal(err)
		}
		mr := multipart.NewReader(r.Body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(p)
			switch p.FormName() {
			case "request_payload":
				payload = b
			case "tableau_customview":
				if !bytes.Equal(b, file) || p.FileName() != "West.json" {
					t.Errorf("file part %q: %q", p.FileName(), b)
				}
			default:
				t.Errorf("unexpected part %q", p.FormName())
			}
		}
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `<tsResponse xmlns="http://tableau.com/api"><customView id="`+id+`" name="West" shared="true"><view id="v"/><workbook id="w"/><owner id="o"/></customView></tsResponse>`)
	})
	ts.handle("GET /api/3.29/sites/"+testSiteID+"/customviews/"+id, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<tsResponse xmlns="http://tableau.com/api"><customView id="`+id+`" name="West"/></tsResponse>`)
	})
	var buf bytes.Buffer
	d, err := ts.client.CustomViews.Download(bg, id, &buf, DownloadOptions{})
	if err != nil || d.FileName != "West.json" || !bytes.Equal(buf.Bytes(), file) {
		t.Fatalf("Download: %+v %v", d, err)
	}
	cv, err := ts.client.CustomViews.Publish(bg, CustomView{Shared: Bool(true), Workbook: &Workbook{ID: wbID}, Owner: &User{ID: ownerID, Name: "dropped"}},
		PublishSource{Reader: bytes.NewReader(file), Name: "West.json"}, CustomViewPublishOptions{})
	if err != nil || cv.ID != id || cv.Shared == nil || !*cv.Shared {
		t.Fatalf("Publish: %+v %v", cv, err)
	}
	if !strings.Contains(string(payload), `<customView name="West" shared="true"><workbook id="`+wbID+`"></workbook><owner id="`+ownerID+`"></owner></customView>`) {
		t.Errorf("payload: %s", payload)
	}
	xsdcheck.ValidateAll(t, map[string][]byte{"CustomViews.Publish": payload})
	if got, err := ts.client.CustomViews.Get(bg, id); err != nil || got.Name != "West" {
		t.Fatalf("Get: %+v %v", got, err)
	}
	if _, err := ts.client.CustomViews.Publish(bg, CustomView{Name: "x"}, PublishSource{Path: "x.json"}, CustomViewPublishOptions{}); err == nil ||
		!strings.Contains(err.Error(), "workbook") {
		t.Errorf("Publish without a workbook: %v", err)
	}
	if _, err := ts.client.CustomViews.Download(bg, id, io.Discard, DownloadOptions{ExcludeExtract: true}); err == nil || !strings.Contains(err.Error(), "extract") {
		t.Errorf("Download without extract: %v", err)
	}
	if _, err := ts.client.CustomViews.Update(bg, CustomView{ID: id, Shared: Bool(true)}); err == nil || !strings.Contains(err.Error(), "shared") {
		t.Errorf("Update of shared: %v", err)
	}
}
