package tsc_test

import (
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/tsc-go/tsc"
)

// TestE2EBatchTags: one call tags workbooks, data sources and views; a
// batch with one item the caller may not tag changes nothing; unknown
// kinds and other sites' items are refused.
func TestE2EBatchTags(t *testing.T) {
	e := newPermE2E(t)
	admin := e.admin
	items := []tsc.TagTarget{{ContentType: tsc.TagWorkbook, ID: e.wb.ID}, {ContentType: tsc.TagDatasource, ID: e.ds.ID}, {ContentType: tsc.TagView, ID: e.view.ID}}
	got := e2eMust(admin.Tags.BatchAdd(e2eCtx, []string{"q3", "finance"}, items...))(t)
	slices.Sort(got)
	if !slices.Equal(got, []string{"finance", "q3"}) {
		t.Errorf("answered %v", got)
	}
	hasTags := func(t *testing.T, want ...string) {
		t.Helper()
		wb := e2eMust(admin.Workbooks.Get(e2eCtx, e.wb.ID))(t)
		ds := e2eMust(admin.Datasources.Get(e2eCtx, e.ds.ID))(t)
		v := e2eMust(admin.Views.Get(e2eCtx, e.view.ID))(t)
		for what, tags := range map[string]*tsc.Tags{"workbook": wb.Tags, "data source": ds.Tags, "view": v.Tags} {
			var labels []string
			if tags != nil {
				labels = tags.Labels()
			}
			slices.Sort(labels)
			if !slices.Equal(labels, want) {
				t.Errorf("%s tags %v, want %v", what, labels, want)
			}
		}
	}
	hasTags(t, "finance", "q3")
	e2eMust(admin.Tags.BatchDelete(e2eCtx, []string{"q3"}, items...))(t)
	hasTags(t, "finance")

	// Bob may write the workbook but only read the data source: the
	// batch is refused whole, the workbook untouched.
	bob, bc := e2eUserClient(t, e.srv, "", "bob", tsc.SiteRoleCreator)
	rules := tsc.Rules(tsc.UserGrantee(bob.ID), tsc.Allow, tsc.CapRead, tsc.CapWrite)
	e2eMust(admin.Permissions.Add(e2eCtx, tsc.PermProject, e.proj.ID, rules[0]))(t)
	e2eMust(admin.Permissions.Add(e2eCtx, tsc.PermWorkbook, e.wb.ID, rules...))(t)
	e2eMust(admin.Permissions.Replace(e2eCtx, tsc.PermDatasource, e.ds.ID, rules[0]))(t)
	_, err := bc.Tags.BatchAdd(e2eCtx, []string{"bob"}, items[0], items[1])
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403004")
	hasTags(t, "finance")
	e2eMust(bc.Tags.BatchAdd(e2eCtx, []string{"bob"}, items[0]))(t)
	if wb := e2eMust(admin.Workbooks.Get(e2eCtx, e.wb.ID))(t); !slices.Contains(wb.Tags.Labels(), "bob") {
		t.Errorf("bob's allowed batch: %v", wb.Tags.Labels())
	}

	// Unknown items and kinds.
	_, err = admin.Tags.BatchAdd(e2eCtx, []string{"x"}, tsc.TagTarget{ContentType: tsc.TagFlow, ID: e.wb.ID})
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404000")
	_, err = admin.Tags.BatchAdd(e2eCtx, []string{"x"}, tsc.TagTarget{ContentType: "banana", ID: e.wb.ID})
	e2eWantCode(t, err, tsc.ErrBadRequest, http.StatusBadRequest, "400000")
	_, err = admin.Tags.BatchAdd(e2eCtx, []string{"x"}, tsc.TagTarget{ContentType: tsc.TagWorkbook, ID: "00000000-0000-0000-0000-000000000000"})
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404006")
	// Another site's administrator cannot reach this site's items.
	e2eMust(e.srv.SeedSite("Other", "other"))(t)
	_, oc := e2eUserClient(t, e.srv, "other", "olga", tsc.SiteRoleSiteAdministratorCreator)
	_, err = oc.Tags.BatchAdd(e2eCtx, []string{"x"}, items[0])
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404006")
}

// TestE2EBatchTagsFlowsAndVirtualConnections: flows and virtual
// connections are tagged in batches like workbooks, each checked as its
// own Add Tags is (Write; a flow the caller cannot read is its 404).
func TestE2EBatchTagsFlowsAndVirtualConnections(t *testing.T) {
	e := newVCE2E(t)
	admin := e.admin
	fl := e2eMust(admin.Flows.PublishFile(e2eCtx, tsc.Flow{Project: &tsc.Project{ID: e.proj.ID}}, e2eFile("flows/Sales Prep.tfl"), tsc.PublishOptions{}))(t)
	items := []tsc.TagTarget{{ContentType: tsc.TagFlow, ID: fl.ID}, {ContentType: tsc.TagVirtualConnection, ID: e.vc.ID}}
	labels := func(t *testing.T) (flow, vc []string) {
		t.Helper()
		if f := e2eMust(admin.Flows.Get(e2eCtx, fl.ID))(t); f.Tags != nil {
			flow = f.Tags.Labels()
		}
		if v := e2eMust(admin.VirtualConnections.Get(e2eCtx, e.vc.ID))(t); v.Tags != nil {
			vc = v.Tags.Labels()
		}
		slices.Sort(flow)
		slices.Sort(vc)
		return flow, vc
	}
	e2eMust(admin.Tags.BatchAdd(e2eCtx, []string{"prep", "q3"}, items...))(t)
	if f, v := labels(t); !slices.Equal(f, []string{"prep", "q3"}) || !slices.Equal(v, []string{"prep", "q3"}) {
		t.Fatalf("after batchCreate: flow %v, virtual connection %v", f, v)
	}
	e2eMust(admin.Tags.BatchDelete(e2eCtx, []string{"q3"}, items...))(t)
	if f, v := labels(t); !slices.Equal(f, []string{"prep"}) || !slices.Equal(v, []string{"prep"}) {
		t.Fatalf("after batchDelete: flow %v, virtual connection %v", f, v)
	}

	// A Creator who may only read the flow: 403, nothing tagged; one who
	// cannot read it: the flow's 404.
	bob, bc := e2eUserClient(t, e.srv, "", "bob", tsc.SiteRoleCreator)
	e2eMust(admin.Permissions.Replace(e2eCtx, tsc.PermFlow, fl.ID, tsc.Rules(tsc.UserGrantee(bob.ID), tsc.Allow, tsc.CapRead)...))(t)
	_, err := bc.Tags.BatchAdd(e2eCtx, []string{"bob"}, items[0])
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403004")
	e2eMust(admin.Permissions.Replace(e2eCtx, tsc.PermFlow, fl.ID, tsc.PermissionRule{Grantee: tsc.UserGrantee(bob.ID), Capability: tsc.CapRead, Mode: tsc.Deny}))(t)
	_, err = bc.Tags.BatchAdd(e2eCtx, []string{"bob"}, items[0])
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404000")
	if f, _ := labels(t); !slices.Equal(f, []string{"prep"}) {
		t.Errorf("refused batches tagged the flow: %v", f)
	}
	// An id of another kind is not a flow.
	_, err = admin.Tags.BatchAdd(e2eCtx, []string{"x"}, tsc.TagTarget{ContentType: tsc.TagFlow, ID: e.vc.ID})
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404000")
}

// TestE2EViewDelete: a view goes; the workbook's last view takes the
// workbook with it; a user without Delete on the workbook is refused.
func TestE2EViewDelete(t *testing.T) {
	e := newPermE2E(t)
	admin := e.admin
	views := e2eMust(admin.Workbooks.Views(e2eCtx, e.wb.ID, false))(t)
	if len(views) < 2 {
		t.Fatalf("Sales has %d views", len(views))
	}
	bob, bc := e2eUserClient(t, e.srv, "", "bob", tsc.SiteRoleCreator)
	e2eMust(admin.Permissions.Add(e2eCtx, tsc.PermWorkbook, e.wb.ID, tsc.Rules(tsc.UserGrantee(bob.ID), tsc.Allow, tsc.CapRead)...))(t)
	e2eMust(admin.Permissions.Add(e2eCtx, tsc.PermView, views[0].ID, tsc.Rules(tsc.UserGrantee(bob.ID), tsc.Allow, tsc.CapRead)...))(t)
	e2eWantCode(t, bc.Views.Delete(e2eCtx, views[0].ID), tsc.ErrForbidden, http.StatusForbidden, "403004")

	e2eNoErr(t, admin.Views.Delete(e2eCtx, views[0].ID))
	_, err := admin.Views.Get(e2eCtx, views[0].ID)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404011")
	left := e2eMust(admin.Workbooks.Views(e2eCtx, e.wb.ID, false))(t)
	if len(left) != len(views)-1 {
		t.Fatalf("%d views left of %d", len(left), len(views))
	}
	e2eWantCode(t, admin.Views.Delete(e2eCtx, views[0].ID), tsc.ErrNotFound, http.StatusNotFound, "404011")
	for _, v := range left {
		e2eNoErr(t, admin.Views.Delete(e2eCtx, v.ID))
	}
	_, err = admin.Workbooks.Get(e2eCtx, e.wb.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404006")
}

// TestE2EUpdateConnections: credential rotation over several connections
// in one call, for workbooks and data sources; an id that is not the
// item's changes nothing.
func TestE2EUpdateConnections(t *testing.T) {
	e := newPermE2E(t)
	admin := e.admin
	conns := e2eMust(admin.Workbooks.Connections(e2eCtx, e.wb.ID))(t)
	ids := make([]string, len(conns))
	for i, c := range conns {
		ids[i] = c.ID
	}
	rot := tsc.CredentialRotation{AuthenticationType: "Username Password", UserName: "svc-2026", Password: "n3w", EmbedPassword: tsc.Bool(true)}
	got := e2eMust(admin.Workbooks.UpdateConnections(e2eCtx, e.wb.ID, ids, rot))(t)
	if len(got) != len(ids) {
		t.Fatalf("updated %d of %d", len(got), len(ids))
	}
	for _, c := range e2eMust(admin.Workbooks.Connections(e2eCtx, e.wb.ID))(t) {
		if c.UserName != "svc-2026" || c.AuthenticationType != "Username Password" || c.EmbedPassword == nil || !*c.EmbedPassword || c.Password != "" {
			t.Errorf("after rotation: %+v", c)
		}
	}
	dsConns := e2eMust(admin.Datasources.Connections(e2eCtx, e.ds.ID))(t)
	e2eMust(admin.Datasources.UpdateConnections(e2eCtx, e.ds.ID, []string{dsConns[0].ID}, tsc.CredentialRotation{AuthenticationType: "Username Password", UserName: "ds-svc"}))(t)
	if c := e2eMust(admin.Datasources.Connections(e2eCtx, e.ds.ID))(t)[0]; c.UserName != "ds-svc" {
		t.Errorf("data source connection %+v", c)
	}

	// A data source connection's id on the workbook: 404, nothing changed.
	_, err := admin.Workbooks.UpdateConnections(e2eCtx, e.wb.ID, []string{ids[0], dsConns[0].ID}, tsc.CredentialRotation{AuthenticationType: "x", UserName: "nobody"})
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404020")
	if c := e2eMust(admin.Workbooks.Connections(e2eCtx, e.wb.ID))(t)[0]; c.UserName != "svc-2026" {
		t.Errorf("a refused batch changed %+v", c)
	}
	// Read without Write: refused.
	bob, bc := e2eUserClient(t, e.srv, "", "bob", tsc.SiteRoleCreator)
	e2eMust(admin.Permissions.Replace(e2eCtx, tsc.PermWorkbook, e.wb.ID, tsc.Rules(tsc.UserGrantee(bob.ID), tsc.Allow, tsc.CapRead)...))(t)
	_, err = bc.Workbooks.UpdateConnections(e2eCtx, e.wb.ID, ids, rot)
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403004")
	if _, err := admin.Workbooks.UpdateConnections(e2eCtx, e.wb.ID, ids, tsc.CredentialRotation{}); err == nil {
		t.Error("a rotation without an authentication type was sent")
	}
}

// TestE2ERevokeServerAdminTokens: after the call, a server
// administrator's token no longer signs in and its session is over; other
// users' tokens still work; only server administrators may call it.
func TestE2ERevokeServerAdminTokens(t *testing.T) {
	srv, admin := e2eServer(t)
	adminID := admin.Session().UserID
	e2eNoErr(t, srv.SeedPersonalAccessToken(adminID, "admin-pat", "admin-secret"))
	sa, sac := e2eUserClient(t, srv, "", "sam", tsc.SiteRoleSiteAdministratorCreator)
	e2eNoErr(t, srv.SeedPersonalAccessToken(sa.ID, "sam-pat", "sam-secret"))

	patClient := e2eMust(srv.NewClient())(t)
	e2eNoErr(t, patClient.SignIn(e2eCtx, tsc.PersonalAccessToken("admin-pat", "admin-secret", "")))
	e2eMust(patClient.ServerInfo(e2eCtx))(t)

	// A site administrator is not a server administrator.
	e2eWantCode(t, sac.Auth.RevokeServerAdminTokens(e2eCtx), tsc.ErrForbidden, http.StatusForbidden, "403000")
	e2eNoErr(t, admin.Auth.RevokeServerAdminTokens(e2eCtx))

	again := e2eMust(srv.NewClient())(t)
	if err := again.SignIn(e2eCtx, tsc.PersonalAccessToken("admin-pat", "admin-secret", "")); !errors.Is(err, tsc.ErrUnauthorized) {
		t.Errorf("the revoked token signs in: %v", err)
	}
	if _, _, err := patClient.Projects.List(e2eCtx, tsc.ListOptions{}); !errors.Is(err, tsc.ErrUnauthorized) {
		t.Errorf("the revoked token's session still works: %v", err)
	}
	other := e2eMust(srv.NewClient())(t)
	e2eNoErr(t, other.SignIn(e2eCtx, tsc.PersonalAccessToken("sam-pat", "sam-secret", "")))
	// The password session of the administrator is not a token's.
	e2eMust2(admin.Projects.List(e2eCtx, tsc.ListOptions{}))(t)
}
