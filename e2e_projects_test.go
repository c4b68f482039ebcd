package tsc_test

import (
	"fmt"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

func TestE2EProjects(t *testing.T) {
	_, c := e2eServer(t)
	me := c.Session().UserID

	fin := e2eMust(c.Projects.Create(e2eCtx, tsc.Project{Name: "Finance", Description: "Money", ContentPermissions: tsc.LockedToProject}))(t)
	if fin.ID == "" || fin.Name != "Finance" || fin.Description != "Money" || fin.ContentPermissions != tsc.LockedToProject ||
		fin.ParentProjectID != "" || fin.Owner == nil || fin.Owner.ID != me || fin.CreatedAt.IsZero() {
		t.Fatalf("created = %+v", fin)
	}
	plain := e2eMust(c.Projects.Create(e2eCtx, tsc.Project{Name: "Plain"}))(t)
	if plain.ContentPermissions != tsc.ManagedByOwner || plain.Description != "" {
		t.Errorf("defaults: %+v", plain)
	}
	budget := e2eMust(c.Projects.Create(e2eCtx, tsc.Project{Name: "Budget", ParentProjectID: fin.ID}))(t)
	if budget.ParentProjectID != fin.ID {
		t.Errorf("nested = %+v", budget)
	}
	q1 := e2eMust(c.Projects.Create(e2eCtx, tsc.Project{Name: "Q1", ParentProjectID: budget.ID}))(t)

	// Names are unique among siblings (ignoring case), not across parents.
	_, err := c.Projects.Create(e2eCtx, tsc.Project{Name: "finance"})
	e2eWantCode(t, err, tsc.ErrConflict, 409, "409006")
	_, err = c.Projects.Create(e2eCtx, tsc.Project{Name: "Budget", ParentProjectID: fin.ID})
	e2eWantCode(t, err, tsc.ErrConflict, 409, "409006")
	e2eMust(c.Projects.Create(e2eCtx, tsc.Project{Name: "Budget"}))(t)
	_, err = c.Projects.Create(e2eCtx, tsc.Project{Name: "Orphan", ParentProjectID: "00000000-0000-0000-0000-000000000000"})
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404005")
	_, err = c.Projects.Create(e2eCtx, tsc.Project{Name: "Odd", ContentPermissions: "Whatever"})
	e2eWantCode(t, err, tsc.ErrBadRequest, 400, "400000")

	children := e2eMust2(c.Projects.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("parentProjectId", fin.ID)}}))(t)
	if len(children) != 1 || children[0].ID != budget.ID {
		t.Errorf("children of Finance = %+v", children)
	}

	// Update: rename, describe, lock, move.
	up := e2eMust(c.Projects.Update(e2eCtx, tsc.Project{ID: plain.ID, Name: "Plainer", Description: "now described",
		ContentPermissions: tsc.LockedToProjectWithoutNested, ParentProjectID: fin.ID}))(t)
	if up.Name != "Plainer" || up.Description != "now described" || up.ContentPermissions != tsc.LockedToProjectWithoutNested ||
		up.ParentProjectID != fin.ID || up.ID != plain.ID {
		t.Errorf("updated = %+v", up)
	}
	if !up.UpdatedAt.After(up.CreatedAt.Add(-time.Second)) {
		t.Errorf("updatedAt %v before createdAt %v", up.UpdatedAt, up.CreatedAt)
	}
	// An empty description leaves it (the SDK sends none); the name stays unique.
	same := e2eMust(c.Projects.Update(e2eCtx, tsc.Project{ID: plain.ID, Name: "Plainer"}))(t)
	if same.Description != "now described" {
		t.Errorf("description lost: %+v", same)
	}
	_, err = c.Projects.Update(e2eCtx, tsc.Project{ID: plain.ID, Name: "Budget"})
	e2eWantCode(t, err, tsc.ErrConflict, 409, "409006")
	// No cycles.
	_, err = c.Projects.Update(e2eCtx, tsc.Project{ID: fin.ID, ParentProjectID: q1.ID})
	e2eWantCode(t, err, tsc.ErrBadRequest, 400, "400000")
	_, err = c.Projects.Update(e2eCtx, tsc.Project{ID: "00000000-0000-0000-0000-000000000000", Name: "x"})
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404005")

	// Deleting Finance deletes Budget, Q1 and Plainer (moved in), not the top-level Budget.
	e2eNoErr(t, c.Projects.Delete(e2eCtx, fin.ID))
	left := e2eCollect(t, c.Projects.All(e2eCtx, tsc.ListOptions{Sort: []tsc.Sort{tsc.Asc("name")}}))
	var names []string
	for _, p := range left {
		names = append(names, p.Name)
	}
	if !slices.Equal(names, []string{"Budget", "Default"}) {
		t.Errorf("after delete: %v", names)
	}
	e2eWantCode(t, c.Projects.Delete(e2eCtx, q1.ID), tsc.ErrNotFound, 404, "404005")

	// The default project stays.
	def := left[1]
	e2eWantCode(t, c.Projects.Delete(e2eCtx, def.ID), tsc.ErrForbidden, 403, "403000")
}

func TestE2EProjectDeleteTakesContent(t *testing.T) {
	srv, c := e2eServer(t)
	top := e2eMust(c.Projects.Create(e2eCtx, tsc.Project{Name: "Top"}))(t)
	sub := e2eMust(c.Projects.Create(e2eCtx, tsc.Project{Name: "Sub", ParentProjectID: top.ID}))(t)
	e2eMust(srv.SeedWorkbook("", sub.ID, "", "Deep Workbook", "a"))(t)
	kept := e2eMust(srv.SeedWorkbook("", top.ID, "", "Elsewhere"))(t)
	e2eNoErr(t, c.Projects.Delete(e2eCtx, sub.ID))
	wbs := e2eMust2(c.Users.Workbooks(e2eCtx, c.Session().UserID, true, tsc.ListOptions{}))(t)
	if len(wbs) != 1 || wbs[0].ID != kept.ID {
		t.Errorf("workbooks after deleting their project: %+v", wbs)
	}
}

func TestE2EProjectPermissionsBySiteRole(t *testing.T) {
	srv, admin := e2eServer(t)
	_, viewer := e2eUserClient(t, srv, "", "viv", tsc.SiteRoleViewer)
	creatorUser, creator := e2eUserClient(t, srv, "", "cree", tsc.SiteRoleCreator)

	_, err := viewer.Projects.Create(e2eCtx, tsc.Project{Name: "Viewer's"})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403004")
	// Everybody on the site can list projects.
	if _, _, err := viewer.Projects.List(e2eCtx, tsc.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	// Only administrators create top-level projects...
	_, err = creator.Projects.Create(e2eCtx, tsc.Project{Name: "Creator's"})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403004")
	// ...but the owner of a project creates projects in it, owning them.
	own := e2eMust(srv.SeedProject("", "Cree's Space", "", creatorUser.ID))(t)
	sub := e2eMust(creator.Projects.Create(e2eCtx, tsc.Project{Name: "Drafts", ParentProjectID: own.ID}))(t)
	if sub.Owner.ID != creatorUser.ID {
		t.Errorf("owner = %+v", sub.Owner)
	}
	e2eMust(creator.Projects.Update(e2eCtx, tsc.Project{ID: sub.ID, Description: "mine"}))(t)
	adminsProject := e2eMust(admin.Projects.Create(e2eCtx, tsc.Project{Name: "Admins"}))(t)
	_, err = creator.Projects.Create(e2eCtx, tsc.Project{Name: "Intruder", ParentProjectID: adminsProject.ID})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403004")
	_, err = creator.Projects.Update(e2eCtx, tsc.Project{ID: adminsProject.ID, Description: "mine now"})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403004")
	e2eWantCode(t, creator.Projects.Delete(e2eCtx, adminsProject.ID), tsc.ErrForbidden, 403, "403004")
	// Giving a project away is for administrators.
	_, err = creator.Projects.Update(e2eCtx, tsc.Project{ID: sub.ID, Owner: &tsc.User{ID: admin.Session().UserID}})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403004")
	moved := e2eMust(admin.Projects.Update(e2eCtx, tsc.Project{ID: sub.ID, Owner: &tsc.User{ID: admin.Session().UserID}}))(t)
	if moved.Owner.ID != admin.Session().UserID {
		t.Errorf("owner after update = %+v", moved.Owner)
	}
	e2eNoErr(t, creator.Projects.Delete(e2eCtx, own.ID))
}

func TestE2EProjectPagingFilteringSorting(t *testing.T) {
	clock := newE2EClock(time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC))
	srv, c := e2eServer(t, tsctest.WithClock(clock.Now))
	owner := e2eMust(srv.SeedUser("", "olga", tsc.SiteRoleCreator))(t)
	for i := 1; i <= 25; i++ {
		clock.Advance(time.Minute)
		ownerID := ""
		if i%5 == 0 {
			ownerID = owner.ID
		}
		e2eMust(srv.SeedProject("", fmt.Sprintf("P%02d", i), "", ownerID))(t)
	}
	// 26 with default. Pages of 10: 10, 10, 6.
	page, p, err := c.Projects.List(e2eCtx, tsc.ListOptions{PageSize: 10, PageNumber: 3})
	e2eNoErr(t, err)
	if len(page) != 6 || p.TotalAvailable != 26 || p.PageNumber != 3 || p.PageSize != 10 {
		t.Errorf("page 3: %d items, %+v", len(page), p)
	}
	all := e2eCollect(t, c.Projects.All(e2eCtx, tsc.ListOptions{PageSize: 10}))
	seen := map[string]bool{}
	for _, pr := range all {
		seen[pr.ID] = true
	}
	if len(all) != 26 || len(seen) != 26 {
		t.Errorf("All gave %d (%d distinct), want 26", len(all), len(seen))
	}
	// A page past the end is refused, as Tableau does.
	_, _, err = c.Projects.List(e2eCtx, tsc.ListOptions{PageSize: 10, PageNumber: 4})
	e2eWantCode(t, err, tsc.ErrBadRequest, 400, "400006")

	names := func(ps []tsc.Project) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Name)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		opts tsc.ListOptions
		want []string
	}{
		{"eq", tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "P07")}}, []string{"P07"}},
		{"in", tsc.ListOptions{Filters: []tsc.Filter{tsc.In("name", "P03", "P01", "nope")}, Sort: []tsc.Sort{tsc.Asc("name")}}, []string{"P01", "P03"}},
		{"cieq", tsc.ListOptions{Filters: []tsc.Filter{tsc.CIEq("name", "p09")}}, []string{"P09"}},
		{"has", tsc.ListOptions{Filters: []tsc.Filter{tsc.Has("name", "2")}, Sort: []tsc.Sort{tsc.Desc("name")}}, []string{"P25", "P24", "P23", "P22", "P21", "P20", "P12", "P02"}},
		{"owner", tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("ownerName", "olga")}, Sort: []tsc.Sort{tsc.Desc("createdAt")}}, []string{"P25", "P20", "P15", "P10", "P05"}},
		{"createdAt", tsc.ListOptions{Filters: []tsc.Filter{tsc.Gt("createdAt", "2026-05-01T08:23:00Z")}, Sort: []tsc.Sort{tsc.Asc("createdAt")}}, []string{"P24", "P25"}},
		{"two filters", tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("ownerName", "olga"), tsc.Lte("updatedAt", "2026-05-01T08:10:00Z")}}, []string{"P05", "P10"}},
		{"topLevel", tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("topLevelProject", "false")}}, nil},
		{"sort two keys", tsc.ListOptions{Filters: []tsc.Filter{tsc.In("name", "P01", "P05", "P10")}, Sort: []tsc.Sort{tsc.Asc("ownerName"), tsc.Desc("name")}}, []string{"P01", "P10", "P05"}},
	} {
		got := names(e2eMust2(c.Projects.List(e2eCtx, tc.opts))(t))
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}

	// Refusals: unknown fields and operators the field does not take.
	for _, f := range []tsc.Filter{tsc.Eq("color", "red"), tsc.Gt("name", "P"), tsc.Has("createdAt", "2026"), tsc.Eq("createdAt", "yesterday"), tsc.Eq("topLevelProject", "maybe")} {
		_, _, err := c.Projects.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{f}})
		e2eWantCode(t, err, tsc.ErrBadRequest, 400, "400065")
	}
	_, _, err = c.Projects.List(e2eCtx, tsc.ListOptions{Sort: []tsc.Sort{tsc.Asc("color")}})
	e2eWantCode(t, err, tsc.ErrBadRequest, 400, "400000")

	// Page sizes the SDK would refuse to send, sent raw.
	for q, want := range map[string][2]any{
		"pageSize=0":       {400, "400007"},
		"pageSize=abc":     {400, "400007"},
		"pageSize=1001":    {403, "403014"},
		"pageNumber=0":     {400, "400006"},
		"filter=name:eq":   {400, "400065"},
		"sort=name:upward": {400, "400000"},
	} {
		v, _ := url.ParseQuery(q)
		_, err := c.Do(e2eCtx, "GET", "sites/{site-id}/projects", v, nil)
		e2eWantCode(t, err, nil, want[0].(int), want[1].(string))
	}
	// The largest page is served.
	_, err = c.Do(e2eCtx, "GET", "sites/{site-id}/projects", url.Values{"pageSize": {"1000"}}, nil)
	e2eNoErr(t, err)
}
