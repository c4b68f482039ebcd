package tsc

import (
	"net/http"
	"strings"
	"testing"
)

// TestVirtualConnections checks each call's method, path, query and body
// against a mux serving the captured answers, and what it reads of them.
func TestVirtualConnections(t *testing.T) {
	ts := setup(t)
	id := "8fd7cc02-bb55-4d15-b8b1-9650239efe79"
	conn := "37ca6ced-58d7-4dcf-99dc-f0a85223cbef"
	vp := sitePrefix + "/virtualConnections/" + id
	ts.handle("GET "+sitePrefix+"/virtualConnections", func(w http.ResponseWriter, r *http.Request) {
		wantQuery(t, r, map[string]string{"pageSize": "100", "pageNumber": "1"})
		serveXML(200, reference(t, "virtual_connections_get.xml"))(w, r)
	})
	ts.handle("GET "+vp, serveXML(200, reference(t, "virtual_connections_download.xml")))
	ts.handle("PUT "+vp, expectBody(t, "virtual_connections_update.xml",
		[]string{`<virtualConnection name="testv1" isCertified="true" certificationNote="demo certification note">`,
			`<project id="5286d663-8668-4ac2-8c8d-91af7d585f6b"></project>`}, "<content", "webpageUrl"))
	ts.handle("DELETE "+vp, noContent)
	ts.handle("GET "+vp+"/connections", serveXML(200, reference(t, "virtual_connection_populate_connections.xml")))
	ts.handle("PUT "+vp+"/connections/"+conn+"/modify", expectBody(t, "virtual_connection_database_connection_update.xml",
		[]string{`<connection serverAddress="localhost" serverPort="5432" userName="pgadmin" password="secret">`}))
	ts.handle("GET "+vp+"/revisions", serveXML(200, reference(t, "virtual_connections_revisions.xml")))
	ts.handle("GET "+vp+"/revisions/2", serveXML(200, reference(t, "virtual_connections_download.xml")))
	ts.handle("POST "+sitePrefix+"/virtualConnections", func(w http.ResponseWriter, r *http.Request) {
		wantQuery(t, r, map[string]string{"overwrite": "true", "publishAsDraft": "false"})
		expectBody(t, "virtual_connections_publish.xml", []string{`<virtualConnection name="vconn_test">`,
			`<owner id="ee8bc9ca-77fe-4ae0-8093-cf77f0ee67a9"></owner>`, `<content>{&#34;a&#34;:1}</content>`})(w, r)
	})

	c := ts.client.VirtualConnections
	list, pg, err := c.List(bg, ListOptions{})
	if err != nil || len(list) != 1 || pg.TotalAvailable != 1 || list[0].ID != id || list[0].Name != "vconn" || !*list[0].IsCertified ||
		list[0].WebpageURL != "https://test/#/site/site-name/virtualconnections/3" || list[0].CreatedAt.IsZero() {
		t.Fatalf("List: %+v %+v %v", list, pg, err)
	}
	content, err := c.Download(bg, id)
	if err != nil || !strings.HasPrefix(content, `{"policyCollection":{"luid":"34ae5eb9`) {
		t.Fatalf("Download: %q %v", content, err)
	}
	up, err := c.Update(bg, VirtualConnection{ID: id, Name: "testv1", IsCertified: Bool(true), CertificationNote: "demo certification note",
		Project: &Project{ID: "5286d663-8668-4ac2-8c8d-91af7d585f6b", Name: "left out"}, Content: "{}", WebpageURL: "left out"})
	if err != nil || up.CertificationNote != "demo certification note" || up.Owner.ID != "9324cf6b-ba72-4b8e-b895-ac3f28d2f0e0" {
		t.Fatalf("Update: %+v %v", up, err)
	}
	if _, err := c.Update(bg, VirtualConnection{ID: id}); err == nil || !strings.Contains(err.Error(), "nothing to update") {
		t.Errorf("Update with nothing set: %v", err)
	}
	if err := c.Delete(bg, id); err != nil {
		t.Fatal(err)
	}
	// The capture writes id, serverAddress and serverPort: read as the
	// schema's connectionId, server and port.
	conns, _, err := c.Connections(bg, id, ListOptions{})
	if err != nil || len(conns) != 1 || conns[0].ConnectionID != conn || conns[0].Server != "localhost" || conns[0].Port != "5432" ||
		conns[0].Username != "pgadmin" || conns[0].DBClass != "postgres" {
		t.Fatalf("Connections: %+v %v", conns, err)
	}
	cu, err := c.UpdateConnection(bg, id, Connection{ID: conn, ServerAddress: "localhost", ServerPort: "5432", UserName: "pgadmin", Password: "secret"})
	if err != nil || cu.ServerAddress != "localhost" || cu.UserName != "pgadmin" {
		t.Fatalf("UpdateConnection: %+v %v", cu, err)
	}
	if _, err := c.UpdateConnection(bg, id, Connection{ID: conn, ServerPort: "http"}); err == nil {
		t.Error("a port that is not a number was sent")
	}
	revs, _, err := c.Revisions(bg, id, ListOptions{})
	if err != nil || len(revs) != 3 || revs[2].Current == nil || !*revs[2].Current {
		t.Fatalf("Revisions: %+v %v", revs, err)
	}
	if old, err := c.DownloadRevision(bg, id, 2); err != nil || !strings.Contains(old, "policyCollection") {
		t.Fatalf("DownloadRevision: %q %v", old, err)
	}
	if _, err := c.DownloadRevision(bg, id, 0); err == nil {
		t.Error("revision 0 was asked for")
	}
	pub, err := c.Publish(bg, VirtualConnection{Name: "vconn_test", Project: &Project{ID: "9836791c-9468-40f0-b7f3-d10b9562a046"},
		Owner: &User{ID: "ee8bc9ca-77fe-4ae0-8093-cf77f0ee67a9"}}, `{"a":1}`, PublishOverwrite)
	if err != nil || pub.Name != "vconn_test" || pub.Project.ID != "9836791c-9468-40f0-b7f3-d10b9562a046" {
		t.Fatalf("Publish: %+v %v", pub, err)
	}
	for what, vc := range map[string]VirtualConnection{
		"name":    {Project: &Project{ID: "p"}, Owner: &User{ID: "u"}},
		"project": {Name: "n", Owner: &User{ID: "u"}},
		"owner":   {Name: "n", Project: &Project{ID: "p"}},
	} {
		if _, err := c.Publish(bg, vc, `{}`, PublishCreateNew); err == nil || !strings.Contains(err.Error(), what) {
			t.Errorf("Publish without %s: %v", what, err)
		}
	}
	if _, err := c.Publish(bg, VirtualConnection{Name: "n", Project: &Project{ID: "p"}, Owner: &User{ID: "u"}}, `{}`, PublishAppend); err == nil {
		t.Error("Publish in Append mode was sent")
	}
	if _, err := c.Get(bg, ""); err == nil {
		t.Error("Get with an empty id was sent")
	}
}
