package tsc

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// serveBytes answers with a file's bytes, checking the query first.
func serveBytes(t *testing.T, contentType string, body []byte, query map[string]string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		wantQuery(t, r, query)
		testHeader(t, r, "Accept", "*/*")
		w.Header().Set("Content-Type", contentType)
		w.Write(body)
	}
}

func TestWorkbooks(t *testing.T) {
	ts := setup(t)
	wid := "3cc6cd06-89ce-4fdc-b935-5294135d6d42"
	wp := sitePrefix + "/workbooks/" + wid
	png := readRef(t, "RESTAPISample Image.png")
	pdf := readRef(t, "populate_pdf.pdf")
	ts.handle("GET "+sitePrefix+"/workbooks", func(w http.ResponseWriter, r *http.Request) {
		wantQuery(t, r, map[string]string{"pageSize": "100", "pageNumber": "1", "filter": "projectName:eq:default", "sort": "updatedAt:desc"})
		serveXML(200, reference(t, "workbook_get.xml"))(w, r)
	})
	ts.handle("GET "+wp, serveXML(200, reference(t, "workbook_get_by_id.xml")))
	ts.handle("PUT "+sitePrefix+"/workbooks/1f951daf-4061-451a-9df1-69a8062664f2", expectBody(t, "workbook_update.xml",
		[]string{`<workbook name="renamedWorkbook" description="New text" showTabs="true">`, `<project id="1d0304cd-3796-429f-b815-7258370b9b74"></project>`, `<owner id="dd2239f6-ddf1-4107-981a-4cf94e415794"></owner>`},
		`id="1f951daf`, "contentUrl", "tags"))
	ts.handle("DELETE "+wp, noContent)
	ts.handle("GET "+wp+"/views", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("includeUsageStatistics") == "true" {
			serveXML(200, reference(t, "workbook_populate_views_usage.xml"))(w, r)
			return
		}
		wantQuery(t, r, nil)
		serveXML(200, reference(t, "workbook_populate_views.xml"))(w, r)
	})
	ts.handle("GET "+wp+"/connections", serveXML(200, reference(t, "workbook_populate_connections.xml")))
	ts.handle("PUT "+wp+"/connections/be786ae0-d2bf-4a4b-9b34-e2de8d2d4488", expectBody(t, "datasource_connection_update.xml",
		[]string{`<connection serverAddress="bar" serverPort="9876" userName="foo" password="s3cret" embedPassword="true">`}, "id=", "type="))
	ts.handle("GET "+wp+"/previewImage", serveBytes(t, "image/png", png, nil))
	ts.handle("GET "+wp+"/pdf", serveBytes(t, "application/pdf", pdf, map[string]string{"type": "A4", "orientation": "Landscape", "maxAge": "5"}))
	ts.handle("GET "+wp+"/powerpoint", serveBytes(t, "application/vnd.openxmlformats-officedocument.presentationml.presentation", []byte("PK\x03\x04pptx"), map[string]string{"maxAge": "1"}))
	ts.handle("POST "+wp+"/refresh", expectBody(t, "workbook_refresh.xml", []string{`<tsRequest xmlns="http://tableau.com/api"></tsRequest>`}))
	ts.handle("PUT "+wp+"/tags", expectBody(t, "workbook_add_tags.xml", []string{`<tags><tag label="a"></tag><tag label="b c"></tag></tags>`}))
	ts.handle("DELETE "+wp+"/tags/{label}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("label") != "q3/final 100%" || !strings.HasSuffix(r.URL.EscapedPath(), "/tags/q3%2Ffinal%20100%25") {
			t.Errorf("tag path %s (label %q)", r.URL.EscapedPath(), r.PathValue("label"))
		}
		w.WriteHeader(http.StatusNoContent)
	})
	ts.handle("GET "+wp+"/revisions", serveXML(200, reference(t, "workbook_revision.xml")))
	ts.handle("GET "+wp+"/revisions/2/content", serveBytes(t, "application/octet-stream", []byte("PK\x03\x04rev2"), map[string]string{"includeExtract": "false"}))
	ts.handle("DELETE "+wp+"/revisions/2", noContent)

	wbs, p, err := ts.client.Workbooks.List(bg, ListOptions{Filters: []Filter{Eq("projectName", "default")}, Sort: []Sort{Desc("updatedAt")}})
	if err != nil || len(wbs) != 2 || p.TotalAvailable != 2 {
		t.Fatalf("List %+v %v", wbs, err)
	}
	if w := wbs[1]; w.Name != "SafariSample" || *w.Size != 26 || *w.ShowTabs || w.Project.Name != "default" || !cmp.Equal(w.Tags.Labels(), []string{"Safari", "Sample"}) {
		t.Errorf("second workbook %+v", w)
	}
	var names []string
	for w, err := range ts.client.Workbooks.All(bg, ListOptions{Filters: []Filter{Eq("projectName", "default")}, Sort: []Sort{Desc("updatedAt")}}) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, w.Name)
	}
	if !cmp.Equal(names, []string{"Superstore", "SafariSample"}) {
		t.Errorf("All %v", names)
	}
	wb, err := ts.client.Workbooks.Get(bg, wid)
	if err != nil || wb.Description != "description for SafariSample" || len(wb.Views.Views) != 1 || wb.Views.Views[0].Name != "ENDANGERED SAFARI" {
		t.Fatalf("Get %+v %v", wb, err)
	}
	upd, err := ts.client.Workbooks.Update(bg, Workbook{ID: "1f951daf-4061-451a-9df1-69a8062664f2", Name: "renamedWorkbook", Description: "New text", ShowTabs: Bool(true),
		ContentURL: "ignored", Tags: &Tags{Tags: []Tag{{Label: "ignored"}}},
		Project: &Project{ID: "1d0304cd-3796-429f-b815-7258370b9b74"}, Owner: &User{ID: "dd2239f6-ddf1-4107-981a-4cf94e415794"}})
	if err != nil || upd.Name != "renamedWorkbook" || !*upd.ShowTabs || upd.DataAccelerationConfig == nil || !*upd.DataAccelerationConfig.AccelerationEnabled {
		t.Fatalf("Update %+v %v", upd, err)
	}
	if err := ts.client.Workbooks.Delete(bg, wid); err != nil {
		t.Fatal(err)
	}
	views, err := ts.client.Workbooks.Views(bg, wid, true)
	if err != nil || len(views) != 3 || views[1].Usage == nil || views[1].Usage.TotalViewCount != 37 {
		t.Fatalf("Views(usage) %+v %v", views, err)
	}
	if views, err := ts.client.Workbooks.Views(bg, wid, false); err != nil || len(views) != 3 || views[0].Usage != nil {
		t.Fatalf("Views %+v %v", views, err)
	}
	conns, err := ts.client.Workbooks.Connections(bg, wid)
	if err != nil || len(conns) != 1 || conns[0].Type != "dataengine" || conns[0].Datasource.Name != "World Indicators" {
		t.Fatalf("Connections %+v %v", conns, err)
	}
	conn, err := ts.client.Workbooks.UpdateConnection(bg, wid, Connection{ID: "be786ae0-d2bf-4a4b-9b34-e2de8d2d4488", Type: "textscan",
		ServerAddress: "bar", ServerPort: "9876", UserName: "foo", Password: "s3cret", EmbedPassword: Bool(true)})
	if err != nil || conn.ServerAddress != "bar" || conn.ServerPort != "9876" {
		t.Fatalf("UpdateConnection %+v %v", conn, err)
	}
	var buf bytes.Buffer
	if d, err := ts.client.Workbooks.PreviewImage(bg, wid, &buf); err != nil || !bytes.Equal(buf.Bytes(), png) || d.ContentType != "image/png" {
		t.Errorf("PreviewImage %+v %v", d, err)
	}
	buf.Reset()
	if _, err := ts.client.Workbooks.PDF(bg, wid, &buf, PDFOptions{PageType: PageA4, Orientation: Landscape, MaxAge: 5}); err != nil || !bytes.Equal(buf.Bytes(), pdf) {
		t.Errorf("PDF %v", err)
	}
	buf.Reset()
	if d, err := ts.client.Workbooks.PowerPoint(bg, wid, &buf, 1); err != nil || buf.String() != "PK\x03\x04pptx" || d.Size != 8 {
		t.Errorf("PowerPoint %+v %v", d, err)
	}
	job, err := ts.client.Workbooks.Refresh(bg, wid)
	if err != nil || job.Type != "RefreshExtract" || job.ExtractRefreshJob == nil || job.ExtractRefreshJob.Workbook.Name != "workbook-name" {
		t.Fatalf("Refresh %+v %v", job, err)
	}
	tags, err := ts.client.Workbooks.AddTags(bg, wid, "a", "b c")
	if err != nil || !cmp.Equal(tags, []string{"a", "b", "c", "d"}) {
		t.Fatalf("AddTags %v %v", tags, err)
	}
	if err := ts.client.Workbooks.DeleteTag(bg, wid, "q3/final 100%"); err != nil {
		t.Fatal(err)
	}
	revs, p, err := ts.client.Workbooks.Revisions(bg, wid, ListOptions{})
	if err != nil || len(revs) != 3 || p.TotalAvailable != 3 {
		t.Fatalf("Revisions %+v %v", revs, err)
	}
	if r := revs[0]; r.RevisionNumber != 1 || r.Publisher.Name != "Cassie" || *r.Deleted || r.PublishedAt.Format("2006-01-02") != "2016-07-26" {
		t.Errorf("first revision %+v", r)
	}
	if r := revs[2]; !*r.Current || r.Deleted != nil {
		t.Errorf("last revision %+v", r)
	}
	n := 0
	for _, err := range ts.client.Workbooks.AllRevisions(bg, wid, ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 3 {
		t.Errorf("AllRevisions: %d", n)
	}
	buf.Reset()
	if _, err := ts.client.Workbooks.DownloadRevision(bg, wid, 2, &buf, DownloadOptions{ExcludeExtract: true}); err != nil || buf.String() != "PK\x03\x04rev2" {
		t.Errorf("DownloadRevision %q %v", buf.String(), err)
	}
	dir := t.TempDir()
	ts.handle("GET "+wp+"/revisions/3/content", serveBytes(t, "application/octet-stream", []byte("PK\x03\x04rev3"), nil))
	if d, err := ts.client.Workbooks.DownloadRevisionTo(bg, wid, 3, dir, DownloadOptions{}); err != nil || !strings.HasSuffix(d.Path, "SafariSample.twbx") {
		t.Errorf("DownloadRevisionTo %+v %v", d, err)
	}
	if err := ts.client.Workbooks.DeleteRevision(bg, wid, 2); err != nil {
		t.Fatal(err)
	}
}

// TestWorkbooksRefusals: no handler is registered, so any request fails the test.
func TestWorkbooksRefusals(t *testing.T) {
	ts := setup(t)
	c := ts.client
	var buf bytes.Buffer
	for name, err := range map[string]error{
		"Get":                           second(c.Workbooks.Get(bg, "")),
		"Update without id":             second(c.Workbooks.Update(bg, Workbook{Name: "x"})),
		"Update with nothing":           second(c.Workbooks.Update(bg, Workbook{ID: "w", ContentURL: "read-only"})),
		"Delete":                        c.Workbooks.Delete(bg, ""),
		"Views":                         second(c.Workbooks.Views(bg, "", false)),
		"Connections":                   second(c.Workbooks.Connections(bg, "")),
		"UpdateConnection without id":   second(c.Workbooks.UpdateConnection(bg, "w", Connection{ServerAddress: "x"})),
		"UpdateConnection with nothing": second(c.Workbooks.UpdateConnection(bg, "w", Connection{ID: "c", Type: "read-only"})),
		"UpdateConnection bad port":     second(c.Workbooks.UpdateConnection(bg, "w", Connection{ID: "c", ServerPort: "http"})),
		"PDF page type":                 second(c.Workbooks.PDF(bg, "w", &buf, PDFOptions{PageType: "A0"})),
		"PDF orientation":               second(c.Workbooks.PDF(bg, "w", &buf, PDFOptions{Orientation: "Sideways"})),
		"PowerPoint maxAge":             second(c.Workbooks.PowerPoint(bg, "w", &buf, -1)),
		"Refresh":                       second(c.Workbooks.Refresh(bg, "")),
		"AddTags none":                  second(c.Workbooks.AddTags(bg, "w")),
		"AddTags empty":                 second(c.Workbooks.AddTags(bg, "w", "a", " ")),
		"DeleteTag":                     c.Workbooks.DeleteTag(bg, "w", ""),
		"DownloadRevision 0":            second(c.Workbooks.DownloadRevision(bg, "w", 0, &buf, DownloadOptions{})),
		"DeleteRevision":                c.Workbooks.DeleteRevision(bg, "", 1),
		"Revisions":                     second3(c.Workbooks.Revisions(bg, "", ListOptions{})),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	old := setup(t, WithVersion("3.3"))
	_, err := old.client.Workbooks.PDF(bg, "w", &buf, PDFOptions{})
	var ve *VersionError
	if !errors.As(err, &ve) || ve.Needed != (Version{3, 4}) {
		t.Errorf("PDF at 3.3: %v", err)
	}
	older := setup(t, WithVersion("2.4"))
	if _, err := older.client.Workbooks.Download(bg, "w", &buf, DownloadOptions{ExcludeExtract: true}); !errors.As(err, &ve) || ve.Needed != (Version{2, 5}) {
		t.Errorf("includeExtract at 2.4: %v", err)
	}
	if _, err := older.client.Workbooks.Refresh(bg, "w"); !errors.As(err, &ve) {
		t.Errorf("Refresh at 2.4: %v", err)
	}
}

func second[T any](_ T, err error) error          { return err }
func second3[T, U any](_ T, _ U, err error) error { return err }
