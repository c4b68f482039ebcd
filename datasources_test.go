package tsc

import (
	"bytes"
	"errors"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDatasources(t *testing.T) {
	ts := setup(t)
	did := "9dbd2263-16b5-46e1-9c43-a76bb8ab65fb"
	dp := sitePrefix + "/datasources/" + did
	tds := readRef(t, "SampleDS.tds")
	ts.handle("GET "+sitePrefix+"/datasources", func(w http.ResponseWriter, r *http.Request) {
		wantQuery(t, r, map[string]string{"pageSize": "100", "pageNumber": "1", "filter": "type:eq:dataengine"})
		serveXML(200, reference(t, "datasource_get.xml"))(w, r)
	})
	ts.handle("GET "+dp, serveXML(200, reference(t, "datasource_get_by_id.xml")))
	ts.handle("PUT "+dp, expectBody(t, "datasource_update.xml",
		[]string{`<datasource name="Sample datasource" isCertified="true" certificationNote="Warning, here be dragons." encryptExtracts="false">`,
			`<project id="1d0304cd-3796-429f-b815-7258370b9b74"></project>`, `<owner id="dd2239f6-ddf1-4107-981a-4cf94e415794"></owner>`}, "contentUrl", `id="9dbd`))
	ts.handle("DELETE "+dp, noContent)
	ts.handle("GET "+dp+"/content", serveBytes(t, "application/xml", tds, nil))
	ts.handle("GET "+dp+"/connections", serveXML(200, reference(t, "datasource_populate_connections.xml")))
	ts.handle("PUT "+dp+"/connections/be786ae0-d2bf-4a4b-9b34-e2de8d2d4488", expectBody(t, "datasource_connection_update.xml",
		[]string{`<connection serverAddress="bar" serverPort="9876" userName="foo" embedPassword="false">`}, "password="))
	ts.handle("POST "+dp+"/refresh", expectBody(t, "datasource_refresh.xml", []string{"<tsRequest"}))
	ts.handle("PUT "+dp+"/tags", expectBody(t, "datasource_add_tags.xml", []string{`<tag label="a"></tag><tag label="b"></tag>`}))
	ts.handle("DELETE "+dp+"/tags/b", noContent)
	ts.handle("GET "+dp+"/revisions", serveXML(200, reference(t, "datasource_revision.xml")))
	ts.handle("GET "+dp+"/revisions/1/content", serveBytes(t, "application/xml", tds, nil))
	ts.handle("DELETE "+dp+"/revisions/1", noContent)

	dss, _, err := ts.client.Datasources.List(bg, ListOptions{Filters: []Filter{Eq("type", "dataengine")}})
	if err != nil || len(dss) != 2 {
		t.Fatalf("List %+v %v", dss, err)
	}
	want := Datasource{ID: "e76a1461-3b1d-4588-bf1b-17551a879ad9", Name: "SampleDS", Size: Int(4096), ContentURL: "SampleDS", Description: "SampleDsDescription",
		Type: "dataengine", EncryptExtracts: Bool(false), HasExtracts: Bool(true), UseRemoteQueryAgent: Bool(false), WebpageURL: "https://web.com",
		CreatedAt: dss[0].CreatedAt, UpdatedAt: dss[0].UpdatedAt,
		Project: &Project{ID: "ee8c6e70-43b6-11e6-af4f-f7b0d8e20760", Name: "default"}, Owner: &User{ID: "5de011f8-5aa9-4d5b-b991-f462c8dd6bb7"}, Tags: &Tags{}}
	if d := cmp.Diff(want, dss[0]); d != "" || dss[0].CreatedAt.IsZero() {
		t.Errorf("first data source (-want +got):\n%s", d)
	}
	var n int
	for _, err := range ts.client.Datasources.All(bg, ListOptions{Filters: []Filter{Eq("type", "dataengine")}}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 2 {
		t.Errorf("All: %d", n)
	}
	ds, err := ts.client.Datasources.Get(bg, did)
	if err != nil || ds.Description != "abc description xyz" || ds.AskData.Enablement != "SiteDefault" || len(ds.Tags.Tags) != 3 {
		t.Fatalf("Get %+v %v", ds, err)
	}
	upd, err := ts.client.Datasources.Update(bg, Datasource{ID: did, Name: "Sample datasource", ContentURL: "ignored", IsCertified: Bool(true),
		CertificationNote: "Warning, here be dragons.", EncryptExtracts: Bool(false),
		Project: &Project{ID: "1d0304cd-3796-429f-b815-7258370b9b74"}, Owner: &User{ID: "dd2239f6-ddf1-4107-981a-4cf94e415794"}})
	if err != nil || !*upd.IsCertified || upd.CertificationNote != "Warning, here be dragons." {
		t.Fatalf("Update %+v %v", upd, err)
	}
	if err := ts.client.Datasources.Delete(bg, did); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if d, err := ts.client.Datasources.Download(bg, did, &buf, DownloadOptions{}); err != nil || !bytes.Equal(buf.Bytes(), tds) || d.Size != int64(len(tds)) {
		t.Errorf("Download %+v %v", d, err)
	}
	dir := t.TempDir()
	if d, err := ts.client.Datasources.DownloadTo(bg, did, dir, DownloadOptions{}); err != nil || d.FileName != "" || d.Path != filepath.Join(dir, "Sample datasource.tds") {
		t.Errorf("DownloadTo %+v %v", d, err)
	}
	conns, err := ts.client.Datasources.Connections(bg, did)
	if err != nil || len(conns) != 2 || conns[1].Type != "sqlserver" || *conns[1].EmbedPassword || conns[0].ServerAddress != "forty-two.net" {
		t.Fatalf("Connections %+v %v", conns, err)
	}
	conn, err := ts.client.Datasources.UpdateConnection(bg, did, Connection{ID: "be786ae0-d2bf-4a4b-9b34-e2de8d2d4488", ServerAddress: "bar", ServerPort: "9876", UserName: "foo", EmbedPassword: Bool(false)})
	if err != nil || conn.UserName != "foo" {
		t.Fatalf("UpdateConnection %+v %v", conn, err)
	}
	job, err := ts.client.Datasources.Refresh(bg, did)
	if err != nil || job.ExtractRefreshJob.Datasource.ID != did {
		t.Fatalf("Refresh %+v %v", job, err)
	}
	if tags, err := ts.client.Datasources.AddTags(bg, did, "a", "b"); err != nil || len(tags) != 4 {
		t.Errorf("AddTags %v %v", tags, err)
	}
	if err := ts.client.Datasources.DeleteTag(bg, did, "b"); err != nil {
		t.Error(err)
	}
	if revs, _, err := ts.client.Datasources.Revisions(bg, did, ListOptions{}); err != nil || len(revs) != 3 {
		t.Errorf("Revisions %v %v", revs, err)
	}
	buf.Reset()
	if _, err := ts.client.Datasources.DownloadRevision(bg, did, 1, &buf, DownloadOptions{}); err != nil || !bytes.Equal(buf.Bytes(), tds) {
		t.Errorf("DownloadRevision %v", err)
	}
	if err := ts.client.Datasources.DeleteRevision(bg, did, 1); err != nil {
		t.Error(err)
	}
}

// TestDatasourcesRefusals: no handler is registered, so any request fails the test.
func TestDatasourcesRefusals(t *testing.T) {
	ts := setup(t)
	c := ts.client
	var buf bytes.Buffer
	for name, err := range map[string]error{
		"Get":                 second(c.Datasources.Get(bg, "")),
		"Update without id":   second(c.Datasources.Update(bg, Datasource{Name: "x"})),
		"Update with nothing": second(c.Datasources.Update(bg, Datasource{ID: "d", Type: "read-only"})),
		"Delete":              c.Datasources.Delete(bg, ""),
		"Download":            second(c.Datasources.Download(bg, "", &buf, DownloadOptions{})),
		"Connections":         second(c.Datasources.Connections(bg, "")),
		"Refresh":             second(c.Datasources.Refresh(bg, "")),
		"DeleteRevision":      c.Datasources.DeleteRevision(bg, "d", -1),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	var ve *VersionError
	old := setup(t, WithVersion("3.4"))
	if _, err := old.client.Datasources.Update(bg, Datasource{ID: "d", EncryptExtracts: Bool(true)}); !errors.As(err, &ve) || ve.Needed != (Version{3, 5}) {
		t.Errorf("encryptExtracts at 3.4: %v", err)
	}
	older := setup(t, WithVersion("2.2"))
	if _, err := older.client.Datasources.Update(bg, Datasource{ID: "d", IsCertified: Bool(true)}); !errors.As(err, &ve) || ve.Needed != (Version{2, 3}) {
		t.Errorf("isCertified at 2.2: %v", err)
	}
	if _, err := older.client.Datasources.Connections(bg, "d"); !errors.As(err, &ve) {
		t.Errorf("Connections at 2.2: %v", err)
	}
}
