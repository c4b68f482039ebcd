package tsc_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

func TestE2EUsers(t *testing.T) {
	srv, c := e2eServer(t)

	u := e2eMust(c.Users.Add(e2eCtx, tsc.User{Name: "alice", SiteRole: tsc.SiteRoleExplorer, AuthSetting: "ServerDefault"}))(t)
	if u.ID == "" || u.Name != "alice" || u.SiteRole != tsc.SiteRoleExplorer || u.AuthSetting != "ServerDefault" {
		t.Fatalf("added = %+v", u)
	}
	got := e2eMust(c.Users.Get(e2eCtx, u.ID))(t)
	if got.Name != "alice" || got.Domain == nil || got.Domain.Name != "local" || !got.LastLogin.IsZero() {
		t.Errorf("get = %+v", got)
	}
	_, err := c.Users.Add(e2eCtx, tsc.User{Name: "ALICE", SiteRole: tsc.SiteRoleViewer})
	e2eWantCode(t, err, tsc.ErrConflict, 409, "409017")
	_, err = c.Users.Add(e2eCtx, tsc.User{Name: "bob", SiteRole: "Publisher"})
	e2eWantCode(t, err, tsc.ErrBadRequest, 400, "400013")
	_, err = c.Users.Add(e2eCtx, tsc.User{Name: "bob", SiteRole: tsc.SiteRoleViewer, AuthSetting: "Kerberos"})
	e2eWantCode(t, err, tsc.ErrBadRequest, 400, "400000")

	// Update: full name, email, role, password; the password signs in.
	up := e2eMust(c.Users.Update(e2eCtx, tsc.User{ID: u.ID, FullName: "Alice Cook", Email: "alice@example.com",
		SiteRole: tsc.SiteRoleCreator, Password: "n3w-pass"}))(t)
	if up.ID != u.ID || up.FullName != "Alice Cook" || up.Email != "alice@example.com" || up.SiteRole != tsc.SiteRoleCreator {
		t.Errorf("updated = %+v", up)
	}
	if up.Password != "" {
		t.Error("the answer carries the password")
	}
	ac := e2eMust(srv.NewClient())(t)
	e2eNoErr(t, ac.SignIn(e2eCtx, tsc.Password("alice", "n3w-pass", "")))
	got = e2eMust(c.Users.Get(e2eCtx, u.ID))(t)
	if got.LastLogin.IsZero() || got.FullName != "Alice Cook" {
		t.Errorf("after sign-in: %+v", got)
	}
	_, err = c.Users.Update(e2eCtx, tsc.User{ID: u.ID, SiteRole: "Boss"})
	e2eWantCode(t, err, tsc.ErrBadRequest, 400, "400013")
	_, err = c.Users.Update(e2eCtx, tsc.User{ID: "00000000-0000-0000-0000-000000000000", FullName: "x"})
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404002")
	_, err = c.Users.Get(e2eCtx, "00000000-0000-0000-0000-000000000000")
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404002")

	// Removing signs the user out and takes them off the site.
	e2eNoErr(t, c.Users.Remove(e2eCtx, u.ID, ""))
	_, err = c.Users.Get(e2eCtx, u.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404002")
	_, _, err = ac.Projects.List(e2eCtx, tsc.ListOptions{})
	if err == nil {
		t.Error("a removed user's session still works")
	}
	e2eWantCode(t, c.Users.Remove(e2eCtx, u.ID, ""), tsc.ErrNotFound, 404, "404002")
	// Removed from her only site, alice was deleted from the server (Remove
	// User from Site: "The user will be deleted if they do not own any other
	// assets"): the name is free, and adding it again makes a new user, whose
	// old password does not sign in.
	back := e2eMust(c.Users.Add(e2eCtx, tsc.User{Name: "alice", SiteRole: tsc.SiteRoleViewer}))(t)
	if back.ID == u.ID {
		t.Errorf("re-added alice kept the id %s of the user deleted from the server", u.ID)
	}
	if err := e2eMust(srv.NewClient())(t).SignIn(e2eCtx, tsc.Password("alice", "n3w-pass", "")); err == nil {
		t.Error("the deleted user's password signs in the new alice")
	}
}

func TestE2EUsersEverySiteRole(t *testing.T) {
	_, c := e2eServer(t)
	for _, role := range tsc.SiteRoles {
		u, err := c.Users.Add(e2eCtx, tsc.User{Name: "user-" + string(role), SiteRole: role})
		if err != nil {
			t.Errorf("adding a %s: %v", role, err)
			continue
		}
		if u.SiteRole != role {
			t.Errorf("added %s, got %s", role, u.SiteRole)
		}
		got := e2eMust(c.Users.Get(e2eCtx, u.ID))(t)
		if got.SiteRole != role {
			t.Errorf("stored %s, got %s", role, got.SiteRole)
		}
	}
	// The role filter finds each.
	for _, role := range tsc.SiteRoles {
		us := e2eMust2(c.Users.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("siteRole", string(role))}}))(t)
		want := 1
		if role == tsc.SiteRoleServerAdministrator {
			want = 2 // and admin
		}
		if len(us) != want {
			t.Errorf("siteRole:eq:%s gave %d users, want %d", role, len(us), want)
		}
	}
	// Roles of old servers are not roles of the current API.
	for _, legacy := range []tsc.SiteRole{tsc.SiteRoleInteractor, tsc.SiteRolePublisher, tsc.SiteRoleUnlicensedWithPublish} {
		_, err := c.Users.Add(e2eCtx, tsc.User{Name: "legacy", SiteRole: legacy})
		e2eWantCode(t, err, tsc.ErrBadRequest, 400, "400013")
	}
}

func TestE2EUsersListFilterSort(t *testing.T) {
	clock := newE2EClock(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC))
	// Sessions outlive the test's two days, so the administrator signs in once.
	srv, c := e2eServer(t, tsctest.WithClock(clock.Now), tsctest.WithSessionLifetime(7*24*time.Hour))
	for i, name := range []string{"carol", "Bob", "dave", "anna", "eve"} {
		role := tsc.SiteRoleViewer
		if i%2 == 0 {
			role = tsc.SiteRoleCreator
		}
		u := e2eMust(c.Users.Add(e2eCtx, tsc.User{Name: name, SiteRole: role}))(t)
		e2eMust(c.Users.Update(e2eCtx, tsc.User{ID: u.ID, FullName: "Full " + name, Password: "pw"}))(t)
	}
	// carol and eve sign in, a day apart.
	for _, name := range []string{"carol", "eve"} {
		clock.Advance(24 * time.Hour)
		uc := e2eMust(srv.NewClient())(t)
		e2eNoErr(t, uc.SignIn(e2eCtx, tsc.Password(name, "pw", "")))
	}
	names := func(opts tsc.ListOptions) []string {
		var out []string
		for _, u := range e2eMust2(c.Users.List(e2eCtx, opts))(t) {
			out = append(out, u.Name)
		}
		return out
	}
	for _, tc := range []struct {
		opts tsc.ListOptions
		want []string
	}{
		{tsc.ListOptions{Sort: []tsc.Sort{tsc.Asc("name")}}, []string{"admin", "anna", "Bob", "carol", "dave", "eve"}},
		{tsc.ListOptions{Sort: []tsc.Sort{tsc.Desc("name")}, PageSize: 2}, []string{"eve", "dave"}},
		{tsc.ListOptions{Sort: []tsc.Sort{tsc.Desc("name")}, PageSize: 2, PageNumber: 3}, []string{"anna", "admin"}},
		{tsc.ListOptions{Filters: []tsc.Filter{tsc.In("siteRole", "Creator", "ServerAdministrator")}, Sort: []tsc.Sort{tsc.Asc("name")}}, []string{"admin", "carol", "dave", "eve"}},
		{tsc.ListOptions{Filters: []tsc.Filter{tsc.Gte("lastLogin", "2026-02-03T00:00:00Z")}}, []string{"eve"}},
		{tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("friendlyName", "Full dave")}}, []string{"dave"}},
		{tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("fullName", "Full Bob")}}, []string{"Bob"}},
		{tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("domainName", "local"), tsc.Eq("name", "anna")}}, []string{"anna"}},
		{tsc.ListOptions{Sort: []tsc.Sort{tsc.Desc("lastLogin"), tsc.Asc("name")}, PageSize: 3}, []string{"eve", "carol", "admin"}},
	} {
		if got := names(tc.opts); !slices.Equal(got, tc.want) {
			t.Errorf("%+v: got %v, want %v", tc.opts, got, tc.want)
		}
	}
	// Bob is a Viewer (i == 1), anna too (i == 3).
	if got := names(tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("siteRole", "Viewer")}, Sort: []tsc.Sort{tsc.Asc("name")}}); !slices.Equal(got, []string{"anna", "Bob"}) {
		t.Errorf("viewers = %v", got)
	}
	for _, f := range []tsc.Filter{tsc.Eq("ownerName", "x"), tsc.Gt("siteRole", "Viewer"), tsc.Has("tags", "x")} {
		_, _, err := c.Users.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{f}})
		e2eWantCode(t, err, tsc.ErrBadRequest, 400, "400065")
	}
}

func TestE2EUsersPermissions(t *testing.T) {
	srv, admin := e2eServer(t)
	viewerUser, viewer := e2eUserClient(t, srv, "", "vera", tsc.SiteRoleViewer)
	_, siteAdmin := e2eUserClient(t, srv, "", "sid", tsc.SiteRoleSiteAdministratorExplorer)
	other := e2eMust(admin.Users.Add(e2eCtx, tsc.User{Name: "otto", SiteRole: tsc.SiteRoleCreator}))(t)

	_, err := viewer.Users.Add(e2eCtx, tsc.User{Name: "new", SiteRole: tsc.SiteRoleViewer})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
	_, _, err = viewer.Users.List(e2eCtx, tsc.ListOptions{})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
	_, err = viewer.Users.Get(e2eCtx, other.ID)
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403133")
	_, err = viewer.Users.Update(e2eCtx, tsc.User{ID: viewerUser.ID, SiteRole: tsc.SiteRoleCreator})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
	e2eWantCode(t, viewer.Users.Remove(e2eCtx, other.ID, ""), tsc.ErrForbidden, 403, "403000")
	// A user reads themselves, their groups and their workbooks.
	if _, err := viewer.Users.Get(e2eCtx, viewerUser.ID); err != nil {
		t.Error(err)
	}
	if _, _, err := viewer.Users.Groups(e2eCtx, viewerUser.ID, tsc.ListOptions{}); err != nil {
		t.Error(err)
	}
	_, _, err = viewer.Users.Groups(e2eCtx, other.ID, tsc.ListOptions{})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403133")

	// Site administrators manage users, but do not make server administrators.
	e2eMust(siteAdmin.Users.Add(e2eCtx, tsc.User{Name: "nina", SiteRole: tsc.SiteRoleExplorer}))(t)
	_, err = siteAdmin.Users.Add(e2eCtx, tsc.User{Name: "root2", SiteRole: tsc.SiteRoleServerAdministrator})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
	_, err = siteAdmin.Users.Update(e2eCtx, tsc.User{ID: other.ID, SiteRole: tsc.SiteRoleServerAdministrator})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
}

func TestE2ERemoveUserWithContent(t *testing.T) {
	srv, c := e2eServer(t)
	owner := e2eMust(c.Users.Add(e2eCtx, tsc.User{Name: "olive", SiteRole: tsc.SiteRoleCreator}))(t)
	heir := e2eMust(c.Users.Add(e2eCtx, tsc.User{Name: "hank", SiteRole: tsc.SiteRoleCreator}))(t)
	p := e2eMust(srv.SeedProject("", "Olive's", "", owner.ID))(t)
	wb := e2eMust(srv.SeedWorkbook("", p.ID, owner.ID, "Olive's Workbook", "sales"))(t)

	e2eWantCode(t, c.Users.Remove(e2eCtx, owner.ID, ""), tsc.ErrConflict, 409, "409000")
	e2eWantCode(t, c.Users.Remove(e2eCtx, owner.ID, "00000000-0000-0000-0000-000000000000"), tsc.ErrNotFound, 404, "404002")
	e2eWantCode(t, c.Users.Remove(e2eCtx, owner.ID, owner.ID), tsc.ErrBadRequest, 400, "400000")
	e2eNoErr(t, c.Users.Remove(e2eCtx, owner.ID, heir.ID))

	ps := e2eMust2(c.Projects.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "Olive's")}}))(t)
	if len(ps) != 1 || ps[0].Owner.ID != heir.ID {
		t.Errorf("project after mapAssetsTo: %+v", ps)
	}
	wbs := e2eMust2(c.Users.Workbooks(e2eCtx, heir.ID, true, tsc.ListOptions{}))(t)
	if len(wbs) != 1 || wbs[0].ID != wb.ID || wbs[0].Owner.ID != heir.ID {
		t.Errorf("hank's workbooks: %+v", wbs)
	}
}

func TestE2EUserWorkbooksAndGroups(t *testing.T) {
	srv, c := e2eServer(t)
	u := e2eMust(c.Users.Add(e2eCtx, tsc.User{Name: "wendy", SiteRole: tsc.SiteRoleCreator}))(t)
	// No workbooks yet: an empty page, not an error.
	wbs, p, err := c.Users.Workbooks(e2eCtx, u.ID, false, tsc.ListOptions{})
	e2eNoErr(t, err)
	if len(wbs) != 0 || p.TotalAvailable != 0 {
		t.Errorf("workbooks of a new user: %+v %+v", wbs, p)
	}
	proj := e2eMust(srv.SeedProject("", "Reports", "", u.ID))(t)
	e2eMust(srv.SeedWorkbook("", proj.ID, u.ID, "Sales", "q1", "emea"))(t)
	e2eMust(srv.SeedWorkbook("", proj.ID, u.ID, "Costs", "q2"))(t)
	e2eMust(srv.SeedWorkbook("", proj.ID, "", "Admin's"))(t)
	owned := e2eMust2(c.Users.Workbooks(e2eCtx, u.ID, true, tsc.ListOptions{Sort: []tsc.Sort{tsc.Asc("name")}}))(t)
	if len(owned) != 2 || owned[0].Name != "Costs" || owned[1].Name != "Sales" || owned[1].Project.Name != "Reports" ||
		!slices.Equal(owned[1].Tags.Labels(), []string{"emea", "q1"}) {
		t.Errorf("owned = %+v", owned)
	}
	// The owned list's total counts the owned workbooks, not every one the
	// user can read (a count from the rules' index once answered 3).
	if _, p, err := c.Users.Workbooks(e2eCtx, u.ID, true, tsc.ListOptions{PageSize: 1}); err != nil || p.TotalAvailable != 2 {
		t.Errorf("owned total = %d (%v), want 2", p.TotalAvailable, err)
	}
	readable := e2eMust2(c.Users.Workbooks(e2eCtx, u.ID, false, tsc.ListOptions{}))(t)
	if len(readable) != 3 {
		t.Errorf("readable = %d workbooks, want 3", len(readable))
	}
	tagged := e2eMust2(c.Users.Workbooks(e2eCtx, u.ID, false, tsc.ListOptions{Filters: []tsc.Filter{tsc.In("tags", "q1", "q2")}, Sort: []tsc.Sort{tsc.Desc("name")}}))(t)
	if len(tagged) != 2 || tagged[0].Name != "Sales" {
		t.Errorf("tags:in:[q1,q2] = %+v", tagged)
	}
	_, _, err = c.Users.Workbooks(e2eCtx, "00000000-0000-0000-0000-000000000000", false, tsc.ListOptions{})
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404002")

	// Groups: All Users from the start, then the ones the user joins.
	gs := e2eMust2(c.Users.Groups(e2eCtx, u.ID, tsc.ListOptions{}))(t)
	if len(gs) != 1 || gs[0].Name != tsc.AllUsersGroup {
		t.Errorf("groups of a new user: %+v", gs)
	}
	for i := 0; i < 3; i++ {
		g := e2eMust(c.Groups.Create(e2eCtx, tsc.Group{Name: fmt.Sprintf("G%d", i)}))(t)
		if i != 1 {
			e2eMust(c.Groups.AddUser(e2eCtx, g.ID, u.ID))(t)
		}
	}
	all := e2eCollect(t, c.Users.AllGroups(e2eCtx, u.ID, tsc.ListOptions{PageSize: 1, Sort: []tsc.Sort{tsc.Asc("name")}}))
	var names []string
	for _, g := range all {
		names = append(names, g.Name)
	}
	if !slices.Equal(names, []string{"All Users", "G0", "G2"}) {
		t.Errorf("groups = %v", names)
	}
}

func TestE2ELargeUserList(t *testing.T) {
	n := 20000
	if testing.Short() || e2eRace {
		n = 1000
	}
	srv, c := e2eServer(t)
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("user%06d", i)
	}
	e2eNoErr(t, srv.SeedUsers("", tsc.SiteRoleViewer, names...))
	start := time.Now()
	us, p, err := c.Users.List(e2eCtx, tsc.ListOptions{PageSize: 1000, PageNumber: n / 1000, Sort: []tsc.Sort{tsc.Desc("name")},
		Filters: []tsc.Filter{tsc.Eq("siteRole", "Viewer")}})
	e2eNoErr(t, err)
	if len(us) != 1000 || p.TotalAvailable != n || us[999].Name != "user000000" {
		t.Fatalf("last page: %d users, total %d, last %q", len(us), p.TotalAvailable, us[len(us)-1].Name)
	}
	one := e2eMust2(c.Users.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", names[n/2])}}))(t)
	if len(one) != 1 || one[0].Name != names[n/2] {
		t.Fatalf("by name: %+v", one)
	}
	t.Logf("%d users: last sorted page and a name lookup in %v", n, time.Since(start))
}
