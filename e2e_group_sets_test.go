package tsc_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/authz"
	clipermissions "github.com/tsc-go/tsc/internal/cli/permissions"
)

// TestE2EGroupSetsCRUD: create, get, list, rename, add and remove groups,
// delete; name conflicts, a group added twice, unknown ids.
func TestE2EGroupSetsCRUD(t *testing.T) {
	srv, admin := e2eServer(t)
	a := e2eMust(srv.SeedGroup("", "Finance"))(t)
	b := e2eMust(srv.SeedGroup("", "Managers"))(t)
	gs := e2eMust(admin.GroupSets.Create(e2eCtx, "Finance managers"))(t)
	if gs.ID == "" || gs.Name != "Finance managers" || gs.GroupCount == nil || *gs.GroupCount != 0 {
		t.Fatalf("created %+v", gs)
	}
	_, err := admin.GroupSets.Create(e2eCtx, "finance MANAGERS")
	e2eWantCode(t, err, tsc.ErrConflict, 409, "409000")
	e2eNoErr(t, admin.GroupSets.AddGroup(e2eCtx, gs.ID, a.ID))
	e2eNoErr(t, admin.GroupSets.AddGroup(e2eCtx, gs.ID, b.ID))
	e2eWantCode(t, admin.GroupSets.AddGroup(e2eCtx, gs.ID, a.ID), tsc.ErrConflict, 409, "409000")
	e2eWantCode(t, admin.GroupSets.AddGroup(e2eCtx, gs.ID, "00000000-0000-0000-0000-000000000000"), tsc.ErrNotFound, 404, "404012")
	got := e2eMust(admin.GroupSets.Get(e2eCtx, gs.ID))(t)
	if *got.GroupCount != 2 || len(got.Groups) != 2 || got.Groups[0].ID != a.ID || got.Groups[1].Name != "Managers" {
		t.Fatalf("get: %+v", got)
	}
	list := e2eMust2(admin.GroupSets.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "Finance managers")}}))(t)
	if len(list) != 1 || list[0].ID != gs.ID || len(list[0].Groups) != 2 {
		t.Fatalf("list: %+v", list)
	}
	renamed := e2eMust(admin.GroupSets.Update(e2eCtx, tsc.GroupSet{ID: gs.ID, Name: "FM"}))(t)
	if renamed.Name != "FM" || *renamed.GroupCount != 2 {
		t.Fatalf("update: %+v", renamed)
	}
	e2eNoErr(t, admin.GroupSets.RemoveGroup(e2eCtx, gs.ID, a.ID))
	e2eWantCode(t, admin.GroupSets.RemoveGroup(e2eCtx, gs.ID, a.ID), tsc.ErrNotFound, 404, "404012")
	if got := e2eMust(admin.GroupSets.Get(e2eCtx, gs.ID))(t); *got.GroupCount != 1 || got.Groups[0].ID != b.ID {
		t.Fatalf("after removing a group: %+v", got)
	}
	// Deleting a group takes it out of its sets.
	e2eNoErr(t, admin.Groups.Delete(e2eCtx, b.ID))
	if got := e2eMust(admin.GroupSets.Get(e2eCtx, gs.ID))(t); *got.GroupCount != 0 {
		t.Fatalf("after deleting its group: %+v", got)
	}
	e2eNoErr(t, admin.GroupSets.Delete(e2eCtx, gs.ID))
	_, err = admin.GroupSets.Get(e2eCtx, gs.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404000")
	if all := e2eCollect(t, admin.GroupSets.All(e2eCtx, tsc.ListOptions{})); len(all) != 0 {
		t.Fatalf("sets left: %+v", all)
	}
}

// TestE2EGroupSetsAuthority: only administrators manage or read group
// sets; another site's set is a 404 from this site, never its data.
func TestE2EGroupSetsAuthority(t *testing.T) {
	srv, admin := e2eServer(t)
	gs := e2eMust(admin.GroupSets.Create(e2eCtx, "Set"))(t)
	_, creator := e2eUserClient(t, srv, "", "carol", tsc.SiteRoleCreator)
	_, err := creator.GroupSets.Create(e2eCtx, "Mine")
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
	_, _, err = creator.GroupSets.List(e2eCtx, tsc.ListOptions{})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
	e2eWantCode(t, creator.GroupSets.Delete(e2eCtx, gs.ID), tsc.ErrForbidden, 403, "403000")

	e2eMust(srv.SeedSite("Other", "other"))(t)
	_, otherAdmin := e2eUserClient(t, srv, "other", "olga", tsc.SiteRoleSiteAdministratorCreator)
	_, err = otherAdmin.GroupSets.Get(e2eCtx, gs.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404000")
	e2eWantCode(t, otherAdmin.GroupSets.Delete(e2eCtx, gs.ID), tsc.ErrNotFound, 404, "404000")
	_, err = otherAdmin.GroupSets.Update(e2eCtx, tsc.GroupSet{ID: gs.ID, Name: "x"})
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404000")
	// A group of this site cannot join the other site's sets either.
	mine := e2eMust(otherAdmin.GroupSets.Create(e2eCtx, "Theirs"))(t)
	g := e2eMust(srv.SeedGroup("", "Here"))(t)
	e2eWantCode(t, otherAdmin.GroupSets.AddGroup(e2eCtx, mine.ID, g.ID), tsc.ErrNotFound, 404, "404012")
	// Nor be granted on this site's content by a rule naming the other site's set.
	proj := e2eMust(admin.Projects.Create(e2eCtx, tsc.Project{Name: "P"}))(t)
	_, err = admin.Permissions.Add(e2eCtx, tsc.PermProject, proj.ID, tsc.PermissionRule{Grantee: tsc.GroupSetGrantee(mine.ID), Capability: tsc.CapRead, Mode: tsc.Allow})
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404000")
	// Names are bounded.
	_, err = admin.GroupSets.Create(e2eCtx, string(make([]byte, 300)))
	if err == nil {
		t.Fatal("a 300-character name was accepted")
	}
}

// TestE2EGroupSetGrantAppliesToMembers: a rule for a group set gives its
// capability to the users in all its groups, in direct requests and in
// lists; a user in only some of its groups gets nothing; taking a group
// out of the set, or the user out of a group, changes who it reaches;
// a group set Deny wins over a group Allow.
func TestE2EGroupSetGrantAppliesToMembers(t *testing.T) {
	e := newPermE2E(t)
	p := e.admin.Permissions
	// Only the rules of this test on the workbook and its project.
	e2eMust(p.Replace(e2eCtx, tsc.PermProject, e.proj.ID))(t)
	e2eMust(p.Replace(e2eCtx, tsc.PermWorkbook, e.wb.ID))(t)
	sales := e2eMust(e.srv.SeedGroup("", "Sales"))(t)
	emea := e2eMust(e.srv.SeedGroup("", "EMEA"))(t)
	both, bc := e2eUserClient(t, e.srv, "", "both", tsc.SiteRoleViewer)
	one, oc := e2eUserClient(t, e.srv, "", "one", tsc.SiteRoleViewer)
	e2eMust(e.admin.Groups.AddUsers(e2eCtx, sales.ID, []string{both.ID, one.ID}))(t)
	e2eMust(e.admin.Groups.AddUser(e2eCtx, emea.ID, both.ID))(t)
	gs := e2eMust(e.admin.GroupSets.Create(e2eCtx, "Sales EMEA"))(t)
	e2eNoErr(t, e.admin.GroupSets.AddGroup(e2eCtx, gs.ID, sales.ID))
	e2eNoErr(t, e.admin.GroupSets.AddGroup(e2eCtx, gs.ID, emea.ID))

	sees := func(c *tsc.Client) (get, listed bool) {
		t.Helper()
		_, err := c.Workbooks.Get(e2eCtx, e.wb.ID)
		get = err == nil
		listed = slices.ContainsFunc(e2eCollect(t, c.Workbooks.All(e2eCtx, tsc.ListOptions{})), func(w tsc.Workbook) bool { return w.ID == e.wb.ID })
		return get, listed
	}
	want := func(what string, c *tsc.Client, w bool) {
		t.Helper()
		if get, listed := sees(c); get != w || listed != w {
			t.Errorf("%s: get %v, listed %v; want %v", what, get, listed, w)
		}
	}
	want("before any rule, the member", bc, false)
	read := tsc.PermissionRule{Grantee: tsc.GroupSetGrantee(gs.ID), Capability: tsc.CapRead, Mode: tsc.Allow}
	got := e2eMust(p.Add(e2eCtx, tsc.PermWorkbook, e.wb.ID, read))(t)
	if !slices.Contains(got.Rules(), read) {
		t.Fatalf("the rule is not in the answer: %+v", got.Rules())
	}
	if listed := e2eMust(p.List(e2eCtx, tsc.PermWorkbook, e.wb.ID))(t); !slices.Contains(listed.Rules(), read) {
		t.Fatalf("the rule is not listed: %+v", listed.Rules())
	}
	want("with the set's Allow, a user in both groups", bc, true)
	want("with the set's Allow, a user in one of its groups only", oc, false)
	// tabctl's permissions explain reads the same facts through the REST
	// API (the user's group sets included) and decides the same.
	for _, u := range []struct {
		id   string
		want bool
	}{{both.ID, true}, {one.ID, false}} {
		f := e2eMust(clipermissions.Facts(e2eCtx, e.admin, u.id, clipermissions.Target{Kind: tsc.PermWorkbook, ID: e.wb.ID}))(t)
		if d := authz.Decide(f, tsc.CapRead); d.Allowed != u.want {
			t.Errorf("explain for %s: %v (%s), want allowed %v", u.id, d.Allowed, d.Reason, u.want)
		} else if u.want && !strings.Contains(d.Reason, "via group set Sales EMEA") {
			t.Errorf("explain's reason %q does not name the group set", d.Reason)
		}
	}

	// A group set Deny beside a group Allow: Deny wins, as between groups.
	e2eMust(p.Add(e2eCtx, tsc.PermWorkbook, e.wb.ID, tsc.PermissionRule{Grantee: tsc.GroupGrantee(sales.ID), Capability: tsc.CapRead, Mode: tsc.Allow}))(t)
	want("the group's Allow, for the user in one group", oc, true)
	e2eMust(p.Replace(e2eCtx, tsc.PermWorkbook, e.wb.ID,
		tsc.PermissionRule{Grantee: tsc.GroupGrantee(sales.ID), Capability: tsc.CapRead, Mode: tsc.Allow},
		tsc.PermissionRule{Grantee: tsc.GroupSetGrantee(gs.ID), Capability: tsc.CapRead, Mode: tsc.Deny}))(t)
	want("group Allow and set Deny, the set's member", bc, false)
	want("group Allow and set Deny, not a member of the set", oc, true)

	// Back to the set's Allow alone; leaving a group leaves the set.
	e2eMust(p.Replace(e2eCtx, tsc.PermWorkbook, e.wb.ID, read))(t)
	want("the set's Allow again", bc, true)
	e2eNoErr(t, e.admin.Groups.RemoveUser(e2eCtx, emea.ID, both.ID))
	want("after leaving one of the set's groups", bc, false)
	e2eMust(e.admin.Groups.AddUser(e2eCtx, emea.ID, both.ID))(t)
	want("back in the group", bc, true)
	// Taking EMEA out of the set makes every Sales member a member.
	e2eNoErr(t, e.admin.GroupSets.RemoveGroup(e2eCtx, gs.ID, emea.ID))
	want("the set of Sales alone, a Sales member", oc, true)
	// Removing the rule removes the capability.
	e2eNoErr(t, p.Delete(e2eCtx, tsc.PermWorkbook, e.wb.ID, read))
	want("after the rule is deleted", oc, false)
	// Deleting the set deletes its rules.
	e2eMust(p.Add(e2eCtx, tsc.PermWorkbook, e.wb.ID, read))(t)
	e2eNoErr(t, e.admin.GroupSets.Delete(e2eCtx, gs.ID))
	if rules := e2eMust(p.List(e2eCtx, tsc.PermWorkbook, e.wb.ID))(t).Rules(); len(rules) != 0 {
		t.Errorf("rules left after the set was deleted: %+v", rules)
	}
	want("after the set is deleted", oc, false)
}
