package tsc_test

import (
	"slices"
	"testing"

	"github.com/tsc-go/tsc"
)

func TestE2EGroups(t *testing.T) {
	_, c := e2eServer(t)

	g := e2eMust(c.Groups.Create(e2eCtx, tsc.Group{Name: "Analysts"}))(t)
	if g.ID == "" || g.Name != "Analysts" || g.MinimumSiteRole != "" {
		t.Fatalf("created = %+v", g)
	}
	lic := e2eMust(c.Groups.Create(e2eCtx, tsc.Group{Name: "Licensed", MinimumSiteRole: tsc.SiteRoleExplorer}))(t)
	if lic.MinimumSiteRole != tsc.SiteRoleExplorer {
		t.Errorf("created = %+v", lic)
	}
	_, err := c.Groups.Create(e2eCtx, tsc.Group{Name: "analysts"})
	e2eWantCode(t, err, tsc.ErrConflict, 409, "409009")
	_, err = c.Groups.Create(e2eCtx, tsc.Group{Name: "Bad", MinimumSiteRole: "Overlord"})
	e2eWantCode(t, err, tsc.ErrBadRequest, 400, "400013")

	groups := e2eMust2(c.Groups.List(e2eCtx, tsc.ListOptions{Sort: []tsc.Sort{tsc.Asc("name")}}))(t)
	var names []string
	for _, g := range groups {
		names = append(names, g.Name)
		if g.Domain == nil || g.Domain.Name != "local" {
			t.Errorf("group without the local domain: %+v", g)
		}
	}
	if !slices.Equal(names, []string{"All Users", "Analysts", "Licensed"}) {
		t.Errorf("groups = %v", names)
	}
	byRole := e2eMust2(c.Groups.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("minimumSiteRole", "Explorer")}}))(t)
	if len(byRole) != 1 || byRole[0].ID != lic.ID {
		t.Errorf("minimumSiteRole:eq:Explorer = %+v", byRole)
	}

	up := e2eMust(c.Groups.Update(e2eCtx, tsc.Group{ID: g.ID, Name: "Data Analysts", MinimumSiteRole: tsc.SiteRoleViewer}))(t)
	if up.Name != "Data Analysts" || up.MinimumSiteRole != tsc.SiteRoleViewer || up.ID != g.ID {
		t.Errorf("updated = %+v", up)
	}
	_, err = c.Groups.Update(e2eCtx, tsc.Group{ID: g.ID, Name: "Licensed"})
	e2eWantCode(t, err, tsc.ErrConflict, 409, "409009")
	_, err = c.Groups.Update(e2eCtx, tsc.Group{ID: "00000000-0000-0000-0000-000000000000", Name: "x"})
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404012")

	e2eNoErr(t, c.Groups.Delete(e2eCtx, lic.ID))
	e2eWantCode(t, c.Groups.Delete(e2eCtx, lic.ID), tsc.ErrNotFound, 404, "404012")

	// All Users: neither deleted nor renamed, and its members are the site's users.
	all := groups[0]
	e2eWantCode(t, c.Groups.Delete(e2eCtx, all.ID), tsc.ErrForbidden, 403, "403000")
	_, err = c.Groups.Update(e2eCtx, tsc.Group{ID: all.ID, Name: "Everyone"})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
}

func TestE2EGroupMembers(t *testing.T) {
	srv, c := e2eServer(t)
	var ids []string
	for _, n := range []string{"ann", "ben", "cat", "dan"} {
		ids = append(ids, e2eMust(c.Users.Add(e2eCtx, tsc.User{Name: n, SiteRole: tsc.SiteRoleViewer}))(t).ID)
	}
	g := e2eMust(c.Groups.Create(e2eCtx, tsc.Group{Name: "Team"}))(t)
	members := func() []string {
		var out []string
		for _, u := range e2eCollect(t, c.Groups.AllUsers(e2eCtx, g.ID, tsc.ListOptions{PageSize: 2, Sort: []tsc.Sort{tsc.Asc("name")}})) {
			out = append(out, u.Name)
		}
		return out
	}
	if got := members(); len(got) != 0 {
		t.Errorf("new group has members %v", got)
	}

	u := e2eMust(c.Groups.AddUser(e2eCtx, g.ID, ids[0]))(t)
	if u.ID != ids[0] || u.Name != "ann" || u.SiteRole != tsc.SiteRoleViewer {
		t.Errorf("added = %+v", u)
	}
	_, err := c.Groups.AddUser(e2eCtx, g.ID, ids[0])
	e2eWantCode(t, err, tsc.ErrConflict, 409, "409011")
	_, err = c.Groups.AddUser(e2eCtx, g.ID, "00000000-0000-0000-0000-000000000000")
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404002")
	_, err = c.Groups.AddUser(e2eCtx, "00000000-0000-0000-0000-000000000000", ids[1])
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404012")

	added := e2eMust(c.Groups.AddUsers(e2eCtx, g.ID, ids[1:]))(t)
	if len(added) != 3 || added[2].Name != "dan" {
		t.Errorf("added = %+v", added)
	}
	if got := members(); !slices.Equal(got, []string{"ann", "ben", "cat", "dan"}) {
		t.Errorf("members = %v", got)
	}
	// All or nothing: one unknown user and nobody is added.
	g2 := e2eMust(c.Groups.Create(e2eCtx, tsc.Group{Name: "Second"}))(t)
	_, err = c.Groups.AddUsers(e2eCtx, g2.ID, []string{ids[0], "00000000-0000-0000-0000-000000000000"})
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404002")
	if us := e2eMust2(c.Groups.Users(e2eCtx, g2.ID, tsc.ListOptions{}))(t); len(us) != 0 {
		t.Errorf("a failed bulk add left members: %+v", us)
	}

	e2eNoErr(t, c.Groups.RemoveUser(e2eCtx, g.ID, ids[0]))
	e2eWantCode(t, c.Groups.RemoveUser(e2eCtx, g.ID, ids[0]), tsc.ErrNotFound, 404, "404002")
	e2eNoErr(t, c.Groups.RemoveUsers(e2eCtx, g.ID, []string{ids[1], ids[3]}))
	if got := members(); !slices.Equal(got, []string{"cat"}) {
		t.Errorf("members after removals = %v", got)
	}
	e2eWantCode(t, c.Groups.RemoveUsers(e2eCtx, g.ID, []string{ids[2], ids[0]}), tsc.ErrNotFound, 404, "404002")
	if got := members(); !slices.Equal(got, []string{"cat"}) {
		t.Errorf("a failed bulk removal removed: %v", got)
	}

	// Member lists filter and sort like user lists.
	e2eMust(c.Groups.AddUsers(e2eCtx, g.ID, []string{ids[0], ids[3]}))(t)
	sorted := e2eMust2(c.Groups.Users(e2eCtx, g.ID, tsc.ListOptions{Sort: []tsc.Sort{tsc.Desc("name")}, Filters: []tsc.Filter{tsc.In("name", "ann", "dan")}}))(t)
	if len(sorted) != 2 || sorted[0].Name != "dan" {
		t.Errorf("filtered members = %+v", sorted)
	}

	// The All Users group holds every user of the site, and only them.
	all := e2eMust2(c.Groups.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", tsc.AllUsersGroup)}}))(t)[0]
	everyone := e2eMust2(c.Groups.Users(e2eCtx, all.ID, tsc.ListOptions{}))(t)
	if len(everyone) != 5 {
		t.Errorf("All Users has %d members, want 5", len(everyone))
	}
	_, err = c.Groups.AddUser(e2eCtx, all.ID, ids[0])
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
	e2eNoErr(t, c.Users.Remove(e2eCtx, ids[3], ""))
	if us := e2eMust2(c.Groups.Users(e2eCtx, g.ID, tsc.ListOptions{}))(t); len(us) != 2 {
		t.Errorf("a removed user stays in groups: %+v", us)
	}
	everyone = e2eMust2(c.Groups.Users(e2eCtx, all.ID, tsc.ListOptions{}))(t)
	if len(everyone) != 4 {
		t.Errorf("All Users has %d members after a removal, want 4", len(everyone))
	}

	// Counting members: groups sort and filter by userCount.
	counted := e2eMust2(c.Groups.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Gte("userCount", "2")}, Sort: []tsc.Sort{tsc.Desc("userCount")}}))(t)
	if len(counted) != 2 || counted[0].Name != tsc.AllUsersGroup || counted[1].Name != "Team" {
		t.Errorf("userCount >= 2 = %+v", counted)
	}

	// Only administrators change groups; anyone on the site reads them.
	_, viewer := e2eUserClient(t, srv, "", "val", tsc.SiteRoleViewer)
	_, err = viewer.Groups.Create(e2eCtx, tsc.Group{Name: "Mine"})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
	_, err = viewer.Groups.AddUser(e2eCtx, g.ID, ids[0])
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
	e2eWantCode(t, viewer.Groups.Delete(e2eCtx, g.ID), tsc.ErrForbidden, 403, "403000")
	if _, _, err := viewer.Groups.List(e2eCtx, tsc.ListOptions{}); err != nil {
		t.Error(err)
	}
}

func TestE2EGroupBulkNeeds321(t *testing.T) {
	srv, _ := e2eServer(t)
	c := e2eMust(srv.NewClient(tsc.WithVersion("3.20")))(t)
	e2eNoErr(t, c.SignIn(e2eCtx, tsc.Password(srv.AdminUsername, srv.AdminPassword, "")))
	g := e2eMust(c.Groups.Create(e2eCtx, tsc.Group{Name: "Old"}))(t)
	// The SDK refuses before sending; a raw request gets the server's answer.
	if _, err := c.Groups.AddUsers(e2eCtx, g.ID, []string{c.Session().UserID}); err == nil {
		t.Error("AddUsers on 3.20 succeeded")
	}
	_, err := c.Do(e2eCtx, "PUT", "sites/{site-id}/groups/"+g.ID+"/users/remove", nil,
		&tsc.TSRequest{Users: &tsc.UserList{Users: []tsc.User{{ID: c.Session().UserID}}}})
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404003")
	_, err = c.Do(e2eCtx, "POST", "sites/{site-id}/groups/"+g.ID+"/users", nil,
		&tsc.TSRequest{Users: &tsc.UserList{Users: []tsc.User{{ID: c.Session().UserID}}}})
	e2eWantCode(t, err, tsc.ErrBadRequest, 400, "400000")
}
