package tsc_test

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/authz"
	clipermissions "github.com/tsc-go/tsc/internal/cli/permissions"
	"github.com/tsc-go/tsc/tsctest"
)

// Permissions through the SDK against the emulator: every verb on every
// content type the emulator keeps, project defaults of every type,
// inheritance, locked projects, enforcement, and tabctl's explain checked
// against what the emulator actually lets each user do.

// permE2E is a server with a project holding a workbook (and its views)
// and a data source, a group and a user to grant things to.
type permE2E struct {
	srv   *tsctest.Server
	admin *tsc.Client
	proj  *tsc.Project
	wb    *tsc.Workbook
	view  tsc.View
	ds    *tsc.Datasource
	group *tsc.Group
	alice *tsc.User
}

func newPermE2E(t *testing.T) *permE2E {
	t.Helper()
	srv, admin := e2eServer(t)
	e := &permE2E{srv: srv, admin: admin}
	e.proj = e2eMust(admin.Projects.Create(e2eCtx, tsc.Project{Name: "Perm"}))(t)
	e.wb = e2eMust(admin.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "Sales", Project: &tsc.Project{ID: e.proj.ID}},
		e2eFile("workbooks/Sales.twbx"), tsc.PublishOptions{}))(t)
	views := e2eMust(admin.Workbooks.Views(e2eCtx, e.wb.ID, false))(t)
	if len(views) == 0 {
		t.Fatal("the workbook has no views")
	}
	e.view = views[0]
	e.ds = e2eMust(admin.Datasources.PublishFile(e2eCtx, tsc.Datasource{Name: "Orders", Project: &tsc.Project{ID: e.proj.ID}},
		e2eFile("datasources/Orders.tdsx"), tsc.PublishOptions{}))(t)
	e.group = e2eMust(srv.SeedGroup("", "Analysts"))(t)
	e.alice = e2eMust(srv.SeedUser("", "alice", tsc.SiteRoleCreator))(t)
	return e
}

// ruleSet makes rules comparable regardless of order.
func ruleSet(rules []tsc.PermissionRule) map[tsc.PermissionRule]bool {
	m := map[tsc.PermissionRule]bool{}
	for _, r := range rules {
		m[r] = true
	}
	return m
}

// only keeps the rules of the grantees given.
func only(rules []tsc.PermissionRule, gs ...tsc.Grantee) []tsc.PermissionRule {
	var out []tsc.PermissionRule
	for _, r := range rules {
		if slices.Contains(gs, r.Grantee) {
			out = append(out, r)
		}
	}
	return out
}

func sameRules(t *testing.T, what string, got, want []tsc.PermissionRule) {
	t.Helper()
	g, w := ruleSet(got), ruleSet(want)
	if len(g) != len(w) {
		t.Errorf("%s: rules %v, want %v", what, got, want)
		return
	}
	for r := range w {
		if !g[r] {
			t.Errorf("%s: rules %v, want %v (missing %v)", what, got, want, r)
			return
		}
	}
}

// TestE2EPermissionsEachKind: list, add (several at once), delete one,
// replace and clear on every content type the emulator keeps.
func TestE2EPermissionsEachKind(t *testing.T) {
	e := newPermE2E(t)
	p := e.admin.Permissions
	g, u := tsc.GroupGrantee(e.group.ID), tsc.UserGrantee(e.alice.ID)
	for _, item := range []struct {
		kind tsc.PermissionKind
		id   string
	}{{tsc.PermProject, e.proj.ID}, {tsc.PermWorkbook, e.wb.ID}, {tsc.PermView, e.view.ID}, {tsc.PermDatasource, e.ds.ID}} {
		t.Run(string(item.kind), func(t *testing.T) {
			caps := item.kind.Capabilities()
			c1, c2 := caps[0], caps[1]
			added := []tsc.PermissionRule{{Grantee: g, Capability: c1, Mode: tsc.Allow}, {Grantee: g, Capability: c2, Mode: tsc.Deny},
				{Grantee: u, Capability: c1, Mode: tsc.Allow}}
			ans := e2eMust(p.Add(e2eCtx, item.kind, item.id, added...))(t)
			for _, r := range added {
				if !ruleSet(ans.Rules())[r] {
					t.Errorf("Add's answer lacks %v: %v", r, ans.Rules())
				}
			}
			got := e2eMust(p.List(e2eCtx, item.kind, item.id))(t)
			sameRules(t, "after Add", only(got.Rules(), g, u), added)
			if item.kind == tsc.PermProject {
				if got.Project == nil || got.Project.ID != item.id {
					t.Errorf("the answer names %+v, want the project", got.Project)
				}
			}
			e2eNoErr(t, p.Delete(e2eCtx, item.kind, item.id, added[1]))
			got = e2eMust(p.List(e2eCtx, item.kind, item.id))(t)
			sameRules(t, "after Delete", only(got.Rules(), g, u), []tsc.PermissionRule{added[0], added[2]})
			e2eWantCode(t, p.Delete(e2eCtx, item.kind, item.id, added[1]), tsc.ErrNotFound, 404, "404000")
			want := []tsc.PermissionRule{added[0], {Grantee: u, Capability: c2, Mode: tsc.Deny}}
			got = e2eMust(p.Replace(e2eCtx, item.kind, item.id, want...))(t)
			sameRules(t, "after Replace", got.Rules(), want)
			got = e2eMust(p.Replace(e2eCtx, item.kind, item.id))(t)
			if len(got.Rules()) != 0 {
				t.Errorf("after clearing: %v", got.Rules())
			}
			// A capability of another type is the server's 400 too, when
			// the SDK's check is bypassed (tsc.Client.Do).
			body := &tsc.TSRequest{Permissions: &tsc.Permissions{GranteeCapabilities: []tsc.GranteeCapabilities{{
				Group: &tsc.Group{ID: e.group.ID}, Capabilities: tsc.CapabilityList{Capabilities: []tsc.CapabilityRule{{Name: "Fly", Mode: tsc.Allow}}},
			}}}}
			_, err := e.admin.Do(e2eCtx, "PUT", "sites/{site-id}/"+item.kind.Plural()+"/"+item.id+"/permissions", nil, body)
			e2eWantCode(t, err, tsc.ErrBadRequest, 400, "400009")
		})
	}
}

// TestE2EPermissionsDefaults: a project's default rules for every content
// type Tableau has.
func TestE2EPermissionsDefaults(t *testing.T) {
	e := newPermE2E(t)
	p := e.admin.Permissions
	g := tsc.GroupGrantee(e.group.ID)
	for _, k := range tsc.DefaultPermissionKinds {
		t.Run(string(k), func(t *testing.T) {
			caps := k.Capabilities()
			rules := []tsc.PermissionRule{{Grantee: g, Capability: caps[0], Mode: tsc.Allow}, {Grantee: g, Capability: caps[1], Mode: tsc.Deny}}
			e2eMust(p.AddDefaults(e2eCtx, e.proj.ID, k, rules...))(t)
			got := e2eMust(p.ListDefaults(e2eCtx, e.proj.ID, k))(t)
			sameRules(t, "after AddDefaults", only(got.Rules(), g), rules)
			e2eNoErr(t, p.DeleteDefault(e2eCtx, e.proj.ID, k, rules[1]))
			got = e2eMust(p.ListDefaults(e2eCtx, e.proj.ID, k))(t)
			sameRules(t, "after DeleteDefault", only(got.Rules(), g), rules[:1])
			want := []tsc.PermissionRule{{Grantee: g, Capability: caps[len(caps)-1], Mode: tsc.Deny}}
			got = e2eMust(p.ReplaceDefaults(e2eCtx, e.proj.ID, k, want...))(t)
			sameRules(t, "after ReplaceDefaults", got.Rules(), want)
			e2eNoErr(t, p.DeleteDefaults(e2eCtx, e.proj.ID, k, want...))
			if got := e2eMust(p.ListDefaults(e2eCtx, e.proj.ID, k))(t); len(got.Rules()) != 0 {
				t.Errorf("after DeleteDefaults: %v", got.Rules())
			}
		})
	}
}

// TestE2EPermissionsInheritance: new content takes its project's defaults
// (a workbook's views its workbook capabilities), a new nested project its
// parent's rules and defaults.
func TestE2EPermissionsInheritance(t *testing.T) {
	e := newPermE2E(t)
	p := e.admin.Permissions
	g := tsc.GroupGrantee(e.group.ID)
	wbDefaults := tsc.Rules(g, tsc.Allow, tsc.CapRead, tsc.CapFilter, tsc.CapExportXML)
	dsDefaults := append(tsc.Rules(g, tsc.Allow, tsc.CapRead, tsc.CapConnect), tsc.PermissionRule{Grantee: g, Capability: tsc.CapWrite, Mode: tsc.Deny})
	projRules := tsc.Rules(g, tsc.Allow, tsc.CapRead)
	e2eMust(p.ReplaceDefaults(e2eCtx, e.proj.ID, tsc.PermWorkbook, wbDefaults...))(t)
	e2eMust(p.ReplaceDefaults(e2eCtx, e.proj.ID, tsc.PermDatasource, dsDefaults...))(t)
	e2eMust(p.Replace(e2eCtx, tsc.PermProject, e.proj.ID, projRules...))(t)

	wb := e2eMust(e.admin.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "Fresh", Project: &tsc.Project{ID: e.proj.ID}},
		e2eFile("workbooks/Sales.twbx"), tsc.PublishOptions{}))(t)
	sameRules(t, "new workbook", e2eMust(p.List(e2eCtx, tsc.PermWorkbook, wb.ID))(t).Rules(), wbDefaults)
	views := e2eMust(e.admin.Workbooks.Views(e2eCtx, wb.ID, false))(t)
	for _, v := range views {
		// ExportXml is the workbook's (Download Workbook); a view keeps the rest.
		sameRules(t, "new view "+v.Name, e2eMust(p.List(e2eCtx, tsc.PermView, v.ID))(t).Rules(), wbDefaults[:2])
	}
	ds := e2eMust(e.admin.Datasources.PublishFile(e2eCtx, tsc.Datasource{Name: "Fresh", Project: &tsc.Project{ID: e.proj.ID}},
		e2eFile("datasources/Orders.tdsx"), tsc.PublishOptions{}))(t)
	sameRules(t, "new data source", e2eMust(p.List(e2eCtx, tsc.PermDatasource, ds.ID))(t).Rules(), dsDefaults)

	nested := e2eMust(e.admin.Projects.Create(e2eCtx, tsc.Project{Name: "Nested", ParentProjectID: e.proj.ID}))(t)
	sameRules(t, "nested project", e2eMust(p.List(e2eCtx, tsc.PermProject, nested.ID))(t).Rules(), projRules)
	sameRules(t, "nested project's workbook defaults", e2eMust(p.ListDefaults(e2eCtx, nested.ID, tsc.PermWorkbook))(t).Rules(), wbDefaults)
	sameRules(t, "nested project's data source defaults", e2eMust(p.ListDefaults(e2eCtx, nested.ID, tsc.PermDatasource))(t).Rules(), dsDefaults)
	// The copy is made once: the parent's later changes stay with it.
	e2eMust(p.ReplaceDefaults(e2eCtx, e.proj.ID, tsc.PermWorkbook))(t)
	sameRules(t, "nested project after the parent changed", e2eMust(p.ListDefaults(e2eCtx, nested.ID, tsc.PermWorkbook))(t).Rules(), wbDefaults)
	sameRules(t, "workbook after the project changed", e2eMust(p.List(e2eCtx, tsc.PermWorkbook, wb.ID))(t).Rules(), wbDefaults)
}

// TestE2EPermissionsLockedProject: in a project locked to its
// permissions, content rules are the project's defaults, follow them, and
// cannot be changed on the content.
func TestE2EPermissionsLockedProject(t *testing.T) {
	e := newPermE2E(t)
	p := e.admin.Permissions
	g := tsc.GroupGrantee(e.group.ID)
	e2eMust(e.admin.Projects.Update(e2eCtx, tsc.Project{ID: e.proj.ID, ContentPermissions: tsc.LockedToProject}))(t)
	defaults := tsc.Rules(g, tsc.Allow, tsc.CapRead, tsc.CapExportImage)
	e2eMust(p.ReplaceDefaults(e2eCtx, e.proj.ID, tsc.PermWorkbook, defaults...))(t)
	got := e2eMust(p.List(e2eCtx, tsc.PermWorkbook, e.wb.ID))(t)
	sameRules(t, "locked workbook", got.Rules(), defaults)
	if got.Parent == nil || got.Parent.ID != e.proj.ID || got.Parent.Type != "Project" {
		t.Errorf("a locked workbook's answer names its controlling project as %+v", got.Parent)
	}
	for what, err := range map[string]error{
		"Add": func() error {
			_, err := p.Add(e2eCtx, tsc.PermWorkbook, e.wb.ID, tsc.PermissionRule{Grantee: g, Capability: tsc.CapWrite, Mode: tsc.Allow})
			return err
		}(),
		"Delete": p.Delete(e2eCtx, tsc.PermWorkbook, e.wb.ID, defaults[0]),
		"Add on a view": func() error {
			_, err := p.Add(e2eCtx, tsc.PermView, e.view.ID, tsc.PermissionRule{Grantee: g, Capability: tsc.CapFilter, Mode: tsc.Allow})
			return err
		}(),
		"Add on a data source": func() error {
			_, err := p.Add(e2eCtx, tsc.PermDatasource, e.ds.ID, tsc.PermissionRule{Grantee: g, Capability: tsc.CapConnect, Mode: tsc.Allow})
			return err
		}(),
	} {
		var se *tsc.ServerError
		if !errors.As(err, &se) || se.HTTPStatus != 403 || se.Code != "403000" || !errors.Is(err, tsc.ErrForbidden) {
			t.Errorf("%s on locked content: %v, want 403 403000", what, err)
		}
	}
	sameRules(t, "locked workbook after refused changes", e2eMust(p.List(e2eCtx, tsc.PermWorkbook, e.wb.ID))(t).Rules(), defaults)
	// Unlocked, the content keeps the rules and may change them again.
	e2eMust(e.admin.Projects.Update(e2eCtx, tsc.Project{ID: e.proj.ID, ContentPermissions: tsc.ManagedByOwner}))(t)
	e2eMust(p.Add(e2eCtx, tsc.PermWorkbook, e.wb.ID, tsc.PermissionRule{Grantee: g, Capability: tsc.CapWrite, Mode: tsc.Allow}))(t)
}

// TestE2EPermissionsViewerDeniedRead: a Viewer denied Read on a workbook
// can neither list, get, download nor export it through the SDK.
func TestE2EPermissionsViewerDeniedRead(t *testing.T) {
	e := newPermE2E(t)
	bob, bc := e2eUserClient(t, e.srv, "", "bob", tsc.SiteRoleViewer)
	p := e.admin.Permissions
	read := tsc.Rules(tsc.UserGrantee(bob.ID), tsc.Allow, tsc.CapRead, tsc.CapExportImage, tsc.CapExportData)
	e2eMust(p.Add(e2eCtx, tsc.PermProject, e.proj.ID, read[0]))(t)
	e2eMust(p.Add(e2eCtx, tsc.PermWorkbook, e.wb.ID, read...))(t)
	e2eMust(p.Add(e2eCtx, tsc.PermView, e.view.ID, read...))(t)
	// Allowed first, so that the refusals below are the rule's doing.
	e2eMust(bc.Workbooks.Get(e2eCtx, e.wb.ID))(t)
	e2eMust(bc.Views.Image(e2eCtx, e.view.ID, io.Discard, tsc.ImageOptions{}))(t)
	if !slices.ContainsFunc(e2eCollect(t, bc.Workbooks.All(e2eCtx, tsc.ListOptions{})), func(w tsc.Workbook) bool { return w.ID == e.wb.ID }) {
		t.Fatal("bob does not see the workbook he may read")
	}

	deny := tsc.PermissionRule{Grantee: tsc.UserGrantee(bob.ID), Capability: tsc.CapRead, Mode: tsc.Deny}
	e2eMust(p.Replace(e2eCtx, tsc.PermWorkbook, e.wb.ID, deny))(t)
	e2eMust(p.Replace(e2eCtx, tsc.PermView, e.view.ID, deny))(t)
	if slices.ContainsFunc(e2eCollect(t, bc.Workbooks.All(e2eCtx, tsc.ListOptions{})), func(w tsc.Workbook) bool { return w.ID == e.wb.ID }) {
		t.Error("the workbook is listed to a user denied Read")
	}
	if _, pg, err := bc.Workbooks.List(e2eCtx, tsc.ListOptions{}); err != nil || pg.TotalAvailable != 0 {
		t.Errorf("a user who can read nothing: total %d, %v", pg.TotalAvailable, err)
	}
	if slices.ContainsFunc(e2eCollect(t, bc.Views.All(e2eCtx, tsc.ViewListOptions{})), func(v tsc.View) bool { return v.ID == e.view.ID }) {
		t.Error("the view is listed to a user denied Read")
	}
	for what, err := range map[string]error{
		"Workbooks.Get": func() error { _, err := bc.Workbooks.Get(e2eCtx, e.wb.ID); return err }(),
		"Workbooks.Download": func() error {
			_, err := bc.Workbooks.Download(e2eCtx, e.wb.ID, io.Discard, tsc.DownloadOptions{})
			return err
		}(),
		"Workbooks.Views": func() error { _, err := bc.Workbooks.Views(e2eCtx, e.wb.ID, false); return err }(),
		"Views.Get":       func() error { _, err := bc.Views.Get(e2eCtx, e.view.ID); return err }(),
		"Views.Image": func() error {
			_, err := bc.Views.Image(e2eCtx, e.view.ID, io.Discard, tsc.ImageOptions{})
			return err
		}(),
		"Views.CSV": func() error { _, err := bc.Views.CSV(e2eCtx, e.view.ID, io.Discard, tsc.DataOptions{}); return err }(),
		"Views.PDF": func() error { _, err := bc.Views.PDF(e2eCtx, e.view.ID, io.Discard, tsc.PDFOptions{}); return err }(),
	} {
		if !errors.Is(err, tsc.ErrForbidden) && !errors.Is(err, tsc.ErrNotFound) {
			t.Errorf("%s by a user denied Read: %v, want a 403 or 404", what, err)
		}
	}
}

// explainCell is one user and one set of rules of the explain matrix.
type explainCell struct {
	role tsc.SiteRole
	set  string
}

// TestE2EPermissionsExplainAgrees: for a matrix of site roles and rule
// sets, what tabctl's explain says (from facts read through the SDK)
// is what the emulator does: Read <=> get the workbook, ExportXml <=>
// download it, Write <=> update it, ExportImage <=> the view's image,
// ExportData <=> its CSV, ChangePermissions <=> add a rule to it.
func TestE2EPermissionsExplainAgrees(t *testing.T) {
	e := newPermE2E(t)
	p := e.admin.Permissions
	// Start from no rules at all, so that each set is all there is.
	e2eMust(p.Replace(e2eCtx, tsc.PermProject, e.proj.ID))(t)
	other := e2eMust(e.srv.SeedGroup("", "Others"))(t)
	roles := []tsc.SiteRole{tsc.SiteRoleViewer, tsc.SiteRoleExplorer, tsc.SiteRoleExplorerCanPublish, tsc.SiteRoleCreator, tsc.SiteRoleSiteAdministratorExplorer}
	wbCaps := []tsc.Capability{tsc.CapRead, tsc.CapExportXML, tsc.CapWrite, tsc.CapExportImage, tsc.CapExportData}
	viewCaps := []tsc.Capability{tsc.CapRead, tsc.CapExportImage, tsc.CapExportData}
	sets := []string{"none", "group allow", "group allow, user deny Read", "user allow", "group deny, other group allow",
		"owner", "project leader", "project owner", "group allow, group deny ExportXml", "locked project, group allow, owner"}
	n := 0
	// outcomes counts, per operation, the cells allowed and refused: a
	// matrix where an operation always goes one way would prove little.
	outcomes := map[string][2]int{}
	for _, role := range roles {
		for _, set := range sets {
			n++
			c := explainCell{role, set}
			name := fmt.Sprintf("u%d", n)
			u, uc := e2eUserClient(t, e.srv, "", name, role)
			e2eMust(e.admin.Groups.AddUser(e2eCtx, e.group.ID, u.ID))(t)
			e2eMust(e.admin.Groups.AddUser(e2eCtx, other.ID, u.ID))(t)
			g, o, me := tsc.GroupGrantee(e.group.ID), tsc.GroupGrantee(other.ID), tsc.UserGrantee(u.ID)
			var wbRules, viewRules, projRules []tsc.PermissionRule
			owner, projOwner := e.alice.ID, ""
			switch set {
			case "group allow":
				wbRules, viewRules = tsc.Rules(g, tsc.Allow, wbCaps...), tsc.Rules(g, tsc.Allow, viewCaps...)
			case "group allow, user deny Read":
				wbRules = append(tsc.Rules(g, tsc.Allow, wbCaps...), tsc.PermissionRule{Grantee: me, Capability: tsc.CapRead, Mode: tsc.Deny})
				viewRules = append(tsc.Rules(g, tsc.Allow, viewCaps...), tsc.PermissionRule{Grantee: me, Capability: tsc.CapRead, Mode: tsc.Deny})
			case "user allow":
				wbRules, viewRules = tsc.Rules(me, tsc.Allow, wbCaps...), tsc.Rules(me, tsc.Allow, viewCaps...)
			case "group deny, other group allow":
				wbRules = append(tsc.Rules(o, tsc.Allow, wbCaps...), tsc.Rules(g, tsc.Deny, tsc.CapExportXML, tsc.CapExportImage)...)
				viewRules = append(tsc.Rules(o, tsc.Allow, viewCaps...), tsc.Rules(g, tsc.Deny, tsc.CapExportImage)...)
			case "owner":
				owner = u.ID
			case "project leader":
				projRules = tsc.Rules(g, tsc.Allow, tsc.CapProjectLeader)
			case "project owner":
				projOwner = u.ID
			case "group allow, group deny ExportXml":
				wbRules = append(tsc.Rules(g, tsc.Allow, tsc.CapRead, tsc.CapWrite), tsc.Rules(o, tsc.Deny, tsc.CapExportXML)...)
				viewRules = append(tsc.Rules(g, tsc.Allow, tsc.CapRead), tsc.Rules(o, tsc.Deny, tsc.CapExportData)...)
			}
			if set == "locked project, group allow, owner" {
				owner = u.ID
			}
			e2eMust(e.admin.Projects.Update(e2eCtx, tsc.Project{ID: e.proj.ID, ContentPermissions: tsc.ManagedByOwner}))(t)
			e2eMust(e.admin.Workbooks.Update(e2eCtx, tsc.Workbook{ID: e.wb.ID, Owner: &tsc.User{ID: owner}}))(t)
			po := e.admin.Session().UserID
			if projOwner != "" {
				po = projOwner
			}
			e2eMust(e.admin.Projects.Update(e2eCtx, tsc.Project{ID: e.proj.ID, Owner: &tsc.User{ID: po}}))(t)
			e2eMust(p.Replace(e2eCtx, tsc.PermProject, e.proj.ID, projRules...))(t)
			e2eMust(p.Replace(e2eCtx, tsc.PermWorkbook, e.wb.ID, wbRules...))(t)
			e2eMust(p.Replace(e2eCtx, tsc.PermView, e.view.ID, viewRules...))(t)
			if set == "locked project, group allow, owner" {
				// Locked: the workbook's (and its view's) rules become the
				// project's workbook defaults, and no one changes them on
				// the workbook.
				e2eMust(p.ReplaceDefaults(e2eCtx, e.proj.ID, tsc.PermWorkbook, tsc.Rules(g, tsc.Allow, append(wbCaps, tsc.CapChangePermissions)...)...))(t)
				e2eMust(e.admin.Projects.Update(e2eCtx, tsc.Project{ID: e.proj.ID, ContentPermissions: tsc.LockedToProject}))(t)
			}

			wbFacts := e2eMust(clipermissions.Facts(e2eCtx, e.admin, u.ID, clipermissions.Target{Kind: tsc.PermWorkbook, ID: e.wb.ID}))(t)
			viewFacts := e2eMust(clipermissions.Facts(e2eCtx, e.admin, u.ID, clipermissions.Target{Kind: tsc.PermView, ID: e.view.ID}))(t)
			says := func(f authz.Facts, caps ...tsc.Capability) (bool, string) {
				var why []string
				ok := true
				for _, c := range caps {
					d := authz.Decide(f, c)
					ok = ok && d.Allowed
					why = append(why, d.Reason)
				}
				return ok, strings.Join(why, "; ")
			}
			for _, op := range []struct {
				name string
				f    authz.Facts
				caps []tsc.Capability
				do   func() error
			}{
				{"get workbook", wbFacts, []tsc.Capability{tsc.CapRead}, func() error { _, err := uc.Workbooks.Get(e2eCtx, e.wb.ID); return err }},
				{"download workbook", wbFacts, []tsc.Capability{tsc.CapRead, tsc.CapExportXML}, func() error {
					_, err := uc.Workbooks.Download(e2eCtx, e.wb.ID, io.Discard, tsc.DownloadOptions{})
					return err
				}},
				{"update workbook", wbFacts, []tsc.Capability{tsc.CapRead, tsc.CapWrite}, func() error {
					_, err := uc.Workbooks.Update(e2eCtx, tsc.Workbook{ID: e.wb.ID, Name: "Sales"})
					return err
				}},
				{"view image", viewFacts, []tsc.Capability{tsc.CapRead, tsc.CapExportImage}, func() error {
					_, err := uc.Views.Image(e2eCtx, e.view.ID, io.Discard, tsc.ImageOptions{})
					return err
				}},
				{"view data", viewFacts, []tsc.Capability{tsc.CapRead, tsc.CapExportData}, func() error {
					_, err := uc.Views.CSV(e2eCtx, e.view.ID, io.Discard, tsc.DataOptions{})
					return err
				}},
				// Last: it changes the rules the next cell replaces anyway.
				{"change workbook rules", wbFacts, []tsc.Capability{tsc.CapRead, tsc.CapChangePermissions}, func() error {
					_, err := uc.Permissions.Add(e2eCtx, tsc.PermWorkbook, e.wb.ID, tsc.PermissionRule{Grantee: o, Capability: tsc.CapFilter, Mode: tsc.Allow})
					return err
				}},
			} {
				allowed, why := says(op.f, op.caps...)
				err := op.do()
				o := outcomes[op.name]
				if err == nil {
					o[0]++
				} else {
					o[1]++
				}
				outcomes[op.name] = o
				switch {
				case allowed && err != nil:
					t.Errorf("%v: %s: explain allows (%s), the emulator refuses: %v", c, op.name, why, err)
				case !allowed && err == nil:
					t.Errorf("%v: %s: explain denies (%s), the emulator allows", c, op.name, why)
				case !allowed && !errors.Is(err, tsc.ErrForbidden) && !errors.Is(err, tsc.ErrNotFound):
					t.Errorf("%v: %s: refused with %v, want a 403 or 404", c, op.name, err)
				}
			}
		}
	}
	for op, o := range outcomes {
		if o[0] == 0 || o[1] == 0 {
			t.Errorf("%s: %d cells allowed, %d refused; the matrix must have both", op, o[0], o[1])
		}
	}
	if len(outcomes) != 6 {
		t.Errorf("operations checked: %v", outcomes)
	}
}
