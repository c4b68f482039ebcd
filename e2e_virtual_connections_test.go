package tsc_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// vcDoc is a virtual connection's content with one database connection
// per server given, as the emulator reads its connections from it.
func vcDoc(t *testing.T, servers ...string) string {
	t.Helper()
	conns := []map[string]any{}
	for i, s := range servers {
		conns = append(conns, map[string]any{"dbClass": "postgres", "server": s, "port": 5432 + i, "username": "pgadmin", "database": "sales"})
	}
	b, err := json.Marshal(map[string]any{
		"policyCollection": map[string]any{"luid": "34ae5eb9-ceac-4158-86f1-a5d8163d5261", "policies": []any{}},
		"revision":         map[string]any{"luid": "1b2e2aae-b904-4f5a-aa4d-9f114b8e5f57", "revisableProperties": map[string]any{}},
		"connections":      conns,
	})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type vcE2E struct {
	srv   *tsctest.Server
	admin *tsc.Client
	proj  *tsc.Project
	owner string
	vc    *tsc.VirtualConnection
}

func newVCE2E(t *testing.T) *vcE2E {
	t.Helper()
	srv, admin := e2eServer(t)
	e := &vcE2E{srv: srv, admin: admin, owner: admin.Session().UserID}
	e.proj = e2eMust(admin.Projects.Create(e2eCtx, tsc.Project{Name: "Data"}))(t)
	e.vc = e2eMust(admin.VirtualConnections.Publish(e2eCtx, tsc.VirtualConnection{Name: "Warehouse",
		Project: &tsc.Project{ID: e.proj.ID}, Owner: &tsc.User{ID: e.owner}}, vcDoc(t, "db1.example.com", "db2.example.com"), tsc.PublishCreateNew))(t)
	return e
}

// TestE2EVirtualConnectionsLifecycle walks every SDK call of virtual
// connections against the emulator: publish, list, get, download,
// update, connections, connection update, overwrite, revisions, revision
// download, tags, delete.
func TestE2EVirtualConnectionsLifecycle(t *testing.T) {
	e := newVCE2E(t)
	c := e.admin.VirtualConnections
	if e.vc.ID == "" || e.vc.Project == nil || e.vc.Project.ID != e.proj.ID || e.vc.Owner == nil || e.vc.Owner.ID != e.owner {
		t.Fatalf("published: %+v", e.vc)
	}
	e2eMust(c.Publish(e2eCtx, tsc.VirtualConnection{Name: "Lake", Project: &tsc.Project{ID: e.proj.ID}, Owner: &tsc.User{ID: e.owner}},
		vcDoc(t, "lake.example.com"), tsc.PublishCreateNew))(t)

	// List: both, without content; paged.
	all := e2eCollect(t, c.All(e2eCtx, tsc.ListOptions{PageSize: 1}))
	if len(all) != 2 || all[0].Content != "" {
		t.Fatalf("All: %+v", all)
	}
	page, pg, err := c.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "Warehouse")}})
	if err != nil || len(page) != 1 || pg.TotalAvailable != 1 || page[0].ID != e.vc.ID {
		t.Fatalf("List name:eq:Warehouse: %+v %+v %v", page, pg, err)
	}

	// Get and Download carry the content as published.
	got := e2eMust(c.Get(e2eCtx, e.vc.ID))(t)
	if got.Name != "Warehouse" || got.Content != vcDoc(t, "db1.example.com", "db2.example.com") || got.WebpageURL == "" {
		t.Fatalf("Get: %+v", got)
	}
	if s := e2eMust(c.Download(e2eCtx, e.vc.ID))(t); s != got.Content {
		t.Fatalf("Download: %q", s)
	}

	// Connections come from the content.
	conns := e2eMust2(c.Connections(e2eCtx, e.vc.ID, tsc.ListOptions{}))(t)
	if len(conns) != 2 || conns[0].Server != "db1.example.com" || conns[0].Port != "5432" || conns[0].DBClass != "postgres" ||
		conns[0].Username != "pgadmin" || conns[0].Database != "sales" || conns[1].Server != "db2.example.com" {
		t.Fatalf("Connections: %+v", conns)
	}
	if more := e2eCollect(t, c.AllConnections(e2eCtx, e.vc.ID, tsc.ListOptions{PageSize: 1})); len(more) != 2 {
		t.Fatalf("AllConnections by pages of 1: %+v", more)
	}
	up := e2eMust(c.UpdateConnection(e2eCtx, e.vc.ID, tsc.Connection{ID: conns[0].ConnectionID, ServerAddress: "db9.example.com",
		ServerPort: "6543", UserName: "svc", Password: "s3cret-pw"}))(t)
	if up.ServerAddress != "db9.example.com" || up.ServerPort != "6543" || up.UserName != "svc" || up.Password != "" {
		t.Fatalf("UpdateConnection: %+v", up)
	}
	conns = e2eMust2(c.Connections(e2eCtx, e.vc.ID, tsc.ListOptions{}))(t)
	if conns[0].Server != "db9.example.com" || conns[0].Port != "6543" || conns[0].Username != "svc" {
		t.Fatalf("after UpdateConnection: %+v", conns)
	}
	_, err = c.UpdateConnection(e2eCtx, e.vc.ID, tsc.Connection{ID: "5e2b1c4a-0000-4000-8000-000000000000", UserName: "x"})
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404020")

	// Update: name, certification, tags.
	upd := e2eMust(c.Update(e2eCtx, tsc.VirtualConnection{ID: e.vc.ID, Name: "Warehouse 2", IsCertified: tsc.Bool(true), CertificationNote: "checked"}))(t)
	if upd.Name != "Warehouse 2" || upd.IsCertified == nil || !*upd.IsCertified || upd.CertificationNote != "checked" {
		t.Fatalf("Update: %+v", upd)
	}
	_, err = c.Update(e2eCtx, tsc.VirtualConnection{ID: e.vc.ID, Name: "Lake"})
	e2eWantCode(t, err, tsc.ErrConflict, 409, "409004")
	tags := e2eMust(c.AddTags(e2eCtx, e.vc.ID, "finance", "pii"))(t)
	if !slices.Equal(tags, []string{"finance", "pii"}) {
		t.Fatalf("AddTags: %v", tags)
	}
	e2eNoErr(t, c.DeleteTag(e2eCtx, e.vc.ID, "pii"))
	if got := e2eMust(c.Get(e2eCtx, e.vc.ID))(t); !slices.Equal(got.Tags.Labels(), []string{"finance"}) {
		t.Fatalf("tags after DeleteTag: %v", got.Tags.Labels())
	}

	// Overwrite: same name, new content, a second revision.
	_, err = c.Publish(e2eCtx, tsc.VirtualConnection{Name: "Warehouse 2", Project: &tsc.Project{ID: e.proj.ID}, Owner: &tsc.User{ID: e.owner}},
		vcDoc(t, "new.example.com"), tsc.PublishCreateNew)
	e2eWantCode(t, err, tsc.ErrConflict, 409, "409004")
	ow := e2eMust(c.Publish(e2eCtx, tsc.VirtualConnection{Name: "Warehouse 2", Project: &tsc.Project{ID: e.proj.ID}, Owner: &tsc.User{ID: e.owner}},
		vcDoc(t, "new.example.com"), tsc.PublishOverwrite))(t)
	if ow.ID != e.vc.ID || ow.Content != vcDoc(t, "new.example.com") {
		t.Fatalf("overwrite: %+v", ow)
	}
	if conns := e2eMust2(c.Connections(e2eCtx, e.vc.ID, tsc.ListOptions{}))(t); len(conns) != 1 || conns[0].Server != "new.example.com" {
		t.Fatalf("connections after overwrite: %+v", conns)
	}
	revs := e2eMust2(c.Revisions(e2eCtx, e.vc.ID, tsc.ListOptions{}))(t)
	if len(revs) != 2 || revs[0].RevisionNumber != 1 || revs[1].Current == nil || !*revs[1].Current || revs[0].Publisher == nil {
		t.Fatalf("Revisions: %+v", revs)
	}
	if old := e2eMust(c.DownloadRevision(e2eCtx, e.vc.ID, 1))(t); old != vcDoc(t, "db1.example.com", "db2.example.com") {
		t.Fatalf("DownloadRevision 1: %q", old)
	}
	_, err = c.DownloadRevision(e2eCtx, e.vc.ID, 2)
	e2eWantCode(t, err, nil, 400, "400200")
	_, err = c.DownloadRevision(e2eCtx, e.vc.ID, 9)
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404000")

	// Delete.
	e2eNoErr(t, c.Delete(e2eCtx, e.vc.ID))
	_, err = c.Get(e2eCtx, e.vc.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404000")
	if n := len(e2eCollect(t, c.All(e2eCtx, tsc.ListOptions{}))); n != 1 {
		t.Fatalf("after Delete: %d left", n)
	}
}

// TestE2EVirtualConnectionsPasswordNeverEchoed: a connection password
// sent to Update Connection appears in no answer of any call.
func TestE2EVirtualConnectionsPasswordNeverEchoed(t *testing.T) {
	e := newVCE2E(t)
	const pw = "Pw-never-shown-7f3a"
	var seen []string
	token := e.admin.Session().Token.Reveal()
	raw := func(method, path string) {
		t.Helper()
		status, body := rawCall(t, e.srv, token, method, path, "", nil)
		if status != 200 {
			t.Fatalf("%s %s: %d %s", method, path, status, body)
		}
		seen = append(seen, string(body))
	}
	conns := e2eMust2(e.admin.VirtualConnections.Connections(e2eCtx, e.vc.ID, tsc.ListOptions{}))(t)
	up := e2eMust(e.admin.VirtualConnections.UpdateConnection(e2eCtx, e.vc.ID, tsc.Connection{ID: conns[0].ConnectionID, Password: pw}))(t)
	if string(up.Password) != "" {
		t.Fatalf("UpdateConnection answered the password")
	}
	site := e.admin.Session().SiteID
	base := "sites/" + site + "/virtualConnections/" + e.vc.ID
	raw("GET", base)
	raw("GET", base+"/connections")
	raw("GET", "sites/"+site+"/virtualConnections")
	raw("GET", base+"/revisions")
	for _, s := range seen {
		if strings.Contains(s, pw) {
			t.Fatalf("an answer carries the password: %s", s)
		}
	}
}

// TestE2EVirtualConnectionsPermissions: the generic permission calls
// cover virtual connections; a Viewer without Read sees none (404 on a
// direct request, missing from lists); Read alone lets them read but not
// change; Delete needs its capability; Connect is a capability of the kind.
func TestE2EVirtualConnectionsPermissions(t *testing.T) {
	e := newVCE2E(t)
	p := e.admin.Permissions
	bob, bc := e2eUserClient(t, e.srv, "", "bob", tsc.SiteRoleViewer)
	carol, cc := e2eUserClient(t, e.srv, "", "carol", tsc.SiteRoleCreator)

	// Nothing granted to bob on the item: it does not exist for him.
	e2eMust(p.Replace(e2eCtx, tsc.PermVirtualConnection, e.vc.ID, tsc.PermissionRule{Grantee: tsc.UserGrantee(carol.ID), Capability: tsc.CapRead, Mode: tsc.Allow}))(t)
	_, err := bc.VirtualConnections.Get(e2eCtx, e.vc.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404000")
	if _, pg, err := bc.VirtualConnections.List(e2eCtx, tsc.ListOptions{}); err != nil || pg.TotalAvailable != 0 {
		t.Fatalf("List by a user who may read none: %+v %v", pg, err)
	}
	_, _, err = bc.VirtualConnections.Connections(e2eCtx, e.vc.ID, tsc.ListOptions{})
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404000")

	// Read and Connect granted: bob reads it, may not change it.
	rules := tsc.Rules(tsc.UserGrantee(bob.ID), tsc.Allow, tsc.CapRead, tsc.CapConnect)
	e2eMust(p.Add(e2eCtx, tsc.PermVirtualConnection, e.vc.ID, rules...))(t)
	got := e2eMust(p.List(e2eCtx, tsc.PermVirtualConnection, e.vc.ID))(t)
	if !slices.ContainsFunc(got.Rules(), func(r tsc.PermissionRule) bool {
		return r.Grantee.ID == bob.ID && r.Capability == tsc.CapConnect && r.Mode == tsc.Allow
	}) {
		t.Fatalf("Connect rule not kept: %+v", got.Rules())
	}
	e2eMust(bc.VirtualConnections.Get(e2eCtx, e.vc.ID))(t)
	if all := e2eCollect(t, bc.VirtualConnections.All(e2eCtx, tsc.ListOptions{})); len(all) != 1 {
		t.Fatalf("bob lists %d", len(all))
	}
	_, err = bc.VirtualConnections.Update(e2eCtx, tsc.VirtualConnection{ID: e.vc.ID, Name: "Mine"})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403004")
	e2eWantCode(t, bc.VirtualConnections.Delete(e2eCtx, e.vc.ID), tsc.ErrForbidden, 403, "403004")
	_, err = bc.VirtualConnections.Publish(e2eCtx, tsc.VirtualConnection{Name: "V", Project: &tsc.Project{ID: e.proj.ID}, Owner: &tsc.User{ID: bob.ID}},
		vcDoc(t), tsc.PublishCreateNew)
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403004")

	// A capability the kind does not have is refused by the generic route.
	_, err = p.Add(e2eCtx, tsc.PermVirtualConnection, e.vc.ID, tsc.PermissionRule{Grantee: tsc.UserGrantee(bob.ID), Capability: tsc.CapExportXML, Mode: tsc.Allow})
	if err == nil {
		t.Fatal("ExportXml granted on a virtual connection")
	}

	// A Creator may publish to the project (All Users may, as on the
	// Default project it copied), but not overwrite a virtual connection
	// she may not Write, nor publish one owned by someone else.
	_, err = cc.VirtualConnections.Publish(e2eCtx, tsc.VirtualConnection{Name: "Warehouse", Project: &tsc.Project{ID: e.proj.ID}, Owner: &tsc.User{ID: carol.ID}},
		vcDoc(t, "evil.example.com"), tsc.PublishOverwrite)
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403004")
	_, err = cc.VirtualConnections.Publish(e2eCtx, tsc.VirtualConnection{Name: "Not mine", Project: &tsc.Project{ID: e.proj.ID}, Owner: &tsc.User{ID: bob.ID}},
		vcDoc(t), tsc.PublishCreateNew)
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403004")
	own := e2eMust(cc.VirtualConnections.Publish(e2eCtx, tsc.VirtualConnection{Name: "Carol's own", Project: &tsc.Project{ID: e.proj.ID},
		Owner: &tsc.User{ID: carol.ID}}, vcDoc(t, "c.example.com"), tsc.PublishCreateNew))(t)
	if got := e2eMust2(e.admin.VirtualConnections.Connections(e2eCtx, e.vc.ID, tsc.ListOptions{}))(t); got[0].Server == "evil.example.com" {
		t.Fatal("a refused overwrite changed the content")
	}
	// Its owner cannot leave the site while she owns it, unless it goes to someone.
	e2eWantCode(t, e.admin.Users.Remove(e2eCtx, carol.ID, ""), tsc.ErrConflict, 409, "409000")

	// A Creator with Read but not Delete or Write: refused; with them: done.
	_, err = cc.VirtualConnections.Update(e2eCtx, tsc.VirtualConnection{ID: e.vc.ID, Name: "Carol's"})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403004")
	e2eMust(p.Add(e2eCtx, tsc.PermVirtualConnection, e.vc.ID, tsc.Rules(tsc.UserGrantee(carol.ID), tsc.Allow, tsc.CapWrite, tsc.CapDelete)...))(t)
	e2eMust(cc.VirtualConnections.Update(e2eCtx, tsc.VirtualConnection{ID: e.vc.ID, Name: "Carol's"}))(t)
	// Changing the owner stays the administrators'.
	_, err = cc.VirtualConnections.Update(e2eCtx, tsc.VirtualConnection{ID: e.vc.ID, Owner: &tsc.User{ID: carol.ID}})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403004")
	e2eNoErr(t, cc.VirtualConnections.Delete(e2eCtx, e.vc.ID))
	e2eNoErr(t, e.admin.Users.Remove(e2eCtx, carol.ID, e.owner))
	if got := e2eMust(e.admin.VirtualConnections.Get(e2eCtx, own.ID))(t); got.Owner.ID != e.owner {
		t.Errorf("after mapAssetsTo, the owner is %s", got.Owner.ID)
	}
}

// TestE2EVirtualConnectionsCrossSite: another site's virtual connection
// is a 404, never data, on every route.
func TestE2EVirtualConnectionsCrossSite(t *testing.T) {
	e := newVCE2E(t)
	e2eMust(e.srv.SeedSite("Other", "other"))(t)
	_, oc := e2eUserClient(t, e.srv, "other", "olga", tsc.SiteRoleSiteAdministratorCreator)
	v := oc.VirtualConnections
	for what, err := range map[string]error{
		"Get":         func() error { _, err := v.Get(e2eCtx, e.vc.ID); return err }(),
		"Update":      func() error { _, err := v.Update(e2eCtx, tsc.VirtualConnection{ID: e.vc.ID, Name: "x"}); return err }(),
		"Delete":      v.Delete(e2eCtx, e.vc.ID),
		"Connections": func() error { _, _, err := v.Connections(e2eCtx, e.vc.ID, tsc.ListOptions{}); return err }(),
		"UpdateConnection": func() error {
			_, err := v.UpdateConnection(e2eCtx, e.vc.ID, tsc.Connection{ID: "x", UserName: "y"})
			return err
		}(),
		"Revisions":        func() error { _, _, err := v.Revisions(e2eCtx, e.vc.ID, tsc.ListOptions{}); return err }(),
		"DownloadRevision": func() error { _, err := v.DownloadRevision(e2eCtx, e.vc.ID, 1); return err }(),
		"AddTags":          func() error { _, err := v.AddTags(e2eCtx, e.vc.ID, "t"); return err }(),
		"Permissions":      func() error { _, err := oc.Permissions.List(e2eCtx, tsc.PermVirtualConnection, e.vc.ID); return err }(),
	} {
		var se *tsc.ServerError
		if !errors.As(err, &se) || se.HTTPStatus != 404 || se.Code != "404000" {
			t.Errorf("%s from another site: %v, want 404 404000", what, err)
		}
	}
	if n := len(e2eCollect(t, v.All(e2eCtx, tsc.ListOptions{}))); n != 0 {
		t.Errorf("the other site lists %d virtual connections", n)
	}
}

// TestE2EVirtualConnectionsHostileContent: content that is not a JSON
// object, too large, too deep or with impossible connections is a 400
// naming the problem, never a 500, and creates nothing.
func TestE2EVirtualConnectionsHostileContent(t *testing.T) {
	e := newVCE2E(t)
	publish := func(content string) error {
		_, err := e.admin.Do(e2eCtx, "POST", "sites/{site-id}/virtualConnections", nil, &tsc.TSRequest{VirtualConnection: &tsc.VirtualConnection{
			Name: "Hostile", Project: &tsc.Project{ID: e.proj.ID}, Owner: &tsc.User{ID: e.owner}, Content: content}})
		return err
	}
	// Each content, and a word of the refusal that names its problem.
	for name, tc := range map[string]struct{ content, says string }{
		"not JSON":        {`{"connections": [`, "not valid JSON"},
		"an array":        {`[1, 2, 3]`, "must be a JSON object"},
		"a string":        {`"x"`, "must be a JSON object"},
		"too large":       {`{"pad": "` + strings.Repeat("a", 600<<10) + `"}`, "bytes"},
		"too deep":        {`{"a": ` + strings.Repeat("[", 200) + strings.Repeat("]", 200) + `}`, "nests deeper"},
		"connections obj": {`{"connections": {"server": "x"}}`, "must be an array"},
		"bad port":        {`{"connections": [{"dbClass": "postgres", "server": "x", "port": 70000}]}`, "not a port number"},
		"port not number": {`{"connections": [{"server": "x", "port": "http"}]}`, "not a port number"},
		"long server":     {`{"connections": [{"server": "` + strings.Repeat("s", 300) + `"}]}`, "server"},
		"many values":     {`{"a": [` + strings.Repeat("0,", 200_000) + `0]}`, "more than 200,000 JSON values"},
		"many conns":      {`{"connections": [` + strings.TrimSuffix(strings.Repeat(`{"server": "x"},`, 101), ",") + `]}`, "at most 100"},
	} {
		err := publish(tc.content)
		var se *tsc.ServerError
		if !errors.As(err, &se) || se.HTTPStatus != 400 || !strings.HasPrefix(se.Code, "400") || !strings.Contains(se.Detail, tc.says) {
			t.Errorf("%s: %v, want a 400 saying %q", name, err, tc.says)
		}
	}
	if n := len(e2eCollect(t, e.admin.VirtualConnections.All(e2eCtx, tsc.ListOptions{}))); n != 1 {
		t.Errorf("hostile publishes left %d virtual connections, want 1", n)
	}
	// The SDK refuses what it can see is wrong before sending.
	if _, err := e.admin.VirtualConnections.Publish(e2eCtx, tsc.VirtualConnection{Name: "x", Project: &tsc.Project{ID: e.proj.ID},
		Owner: &tsc.User{ID: e.owner}}, "{nope", tsc.PublishCreateNew); err == nil || !strings.Contains(err.Error(), "not JSON") {
		t.Errorf("SDK publish of invalid JSON: %v", err)
	}
}
