package tsc_test

import (
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
)

// favoriteKeys is a list of favorites as "kind:id:label@position".
func favoriteKeys(fs []tsc.Favorite) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		pos := -1
		if f.Position != nil {
			pos = *f.Position
		}
		out[i] = string(f.Kind()) + ":" + f.ItemID() + ":" + f.Label + "@" + string(rune('0'+pos))
	}
	return out
}

func wantFavorites(t *testing.T, got []tsc.Favorite, want ...string) {
	t.Helper()
	g := favoriteKeys(got)
	if len(g) != len(want) {
		t.Fatalf("favorites %q, want %q", g, want)
	}
	for i := range g {
		if g[i] != want[i] {
			t.Fatalf("favorites %q, want %q", g, want)
		}
	}
}

// TestE2EFavoritesEveryKind: each kind the emulator keeps is added through
// the one generic call, listed in the order added (new ones last) with its
// item in full, relabelled in place, reordered, deleted, and counted in
// favoritesTotal.
func TestE2EFavoritesEveryKind(t *testing.T) {
	e := newPermE2E(t)
	c := e.admin
	me := c.Session().UserID
	fav := c.Favorites
	e2eMust(fav.Add(e2eCtx, me, tsc.FavoriteWorkbook, e.wb.ID, "wb"))(t)
	e2eMust(fav.Add(e2eCtx, me, tsc.FavoriteView, e.view.ID, "view"))(t)
	e2eMust(fav.Add(e2eCtx, me, tsc.FavoriteDatasource, e.ds.ID, "ds"))(t)
	got := e2eMust(fav.Add(e2eCtx, me, tsc.FavoriteProject, e.proj.ID, "proj"))(t)
	wb, v, ds, pj := "workbook:"+e.wb.ID, "view:"+e.view.ID, "datasource:"+e.ds.ID, "project:"+e.proj.ID
	wantFavorites(t, got, wb+":wb@0", v+":view@1", ds+":ds@2", pj+":proj@3")
	if got[0].Workbook.Name != "Sales" || got[1].View.Name != e.view.Name || got[2].Datasource.Name != "Orders" ||
		got[3].Project.Name != "Perm" || got[0].AddedAt.IsZero() {
		t.Errorf("items not in full: %+v", got)
	}

	// Adding again with another label overwrites the label, in place.
	got = e2eMust(fav.Add(e2eCtx, me, tsc.FavoriteView, e.view.ID, "renamed"))(t)
	wantFavorites(t, got, wb+":wb@0", v+":renamed@1", ds+":ds@2", pj+":proj@3")

	// Organize: the project after the workbook, then the workbook after
	// the data source.
	e2eNoErr(t, fav.Order(e2eCtx, me,
		tsc.FavoriteOrdering{FavoriteID: e.proj.ID, FavoriteType: tsc.FavoriteProject, FavoriteIDMoveAfter: e.wb.ID, FavoriteTypeMoveAfter: tsc.FavoriteWorkbook},
		tsc.FavoriteOrdering{FavoriteID: e.wb.ID, FavoriteType: tsc.FavoriteWorkbook, FavoriteIDMoveAfter: e.ds.ID, FavoriteTypeMoveAfter: tsc.FavoriteDatasource}))
	wantFavorites(t, e2eMust(fav.List(e2eCtx, me))(t), pj+":proj@0", v+":renamed@1", ds+":ds@2", wb+":wb@3")

	// favoritesTotal follows the count, with fields=_all_ and when named.
	bob, bc := e2eUserClient(t, e.srv, "", "bob", tsc.SiteRoleSiteAdministratorCreator)
	e2eMust(bc.Favorites.Add(e2eCtx, bob.ID, tsc.FavoriteDatasource, e.ds.ID, "mine"))(t)
	dss := e2eMust2(c.Datasources.List(e2eCtx, tsc.ListOptions{Fields: []string{"_all_"}}))(t)
	if len(dss) != 1 || dss[0].FavoritesTotal == nil || *dss[0].FavoritesTotal != 2 {
		t.Errorf("data source favoritesTotal: %+v", dss)
	}
	views := e2eMust2(c.Views.List(e2eCtx, tsc.ViewListOptions{ListOptions: tsc.ListOptions{Fields: []string{"id", "favoritesTotal"}}}))(t)
	for _, x := range views {
		want := 0
		if x.ID == e.view.ID {
			want = 1
		}
		if x.FavoritesTotal == nil || *x.FavoritesTotal != want {
			t.Errorf("view %s favoritesTotal %v, want %d", x.Name, x.FavoritesTotal, want)
		}
	}
	if plain := e2eMust2(c.Views.List(e2eCtx, tsc.ViewListOptions{}))(t); plain[0].FavoritesTotal != nil {
		t.Error("favoritesTotal in the default field set")
	}

	// Deleting one keeps the others' order; deleting again is a 404.
	e2eNoErr(t, fav.Delete(e2eCtx, me, tsc.FavoriteView, e.view.ID))
	wantFavorites(t, e2eMust(fav.List(e2eCtx, me))(t), pj+":proj@0", ds+":ds@1", wb+":wb@2")
	e2eWantCode(t, fav.Delete(e2eCtx, me, tsc.FavoriteView, e.view.ID), tsc.ErrNotFound, http.StatusNotFound, "404000")

	// Deleting content removes it from everyone's favorites.
	e2eNoErr(t, c.Datasources.Delete(e2eCtx, e.ds.ID))
	wantFavorites(t, e2eMust(fav.List(e2eCtx, me))(t), pj+":proj@0", wb+":wb@1")
	wantFavorites(t, e2eMust(bc.Favorites.List(e2eCtx, bob.ID))(t))
	// Gone from the store too, not only from answers: it is no longer an
	// anchor to move after.
	e2eWantCode(t, fav.Order(e2eCtx, me, tsc.FavoriteOrdering{FavoriteID: e.proj.ID, FavoriteType: tsc.FavoriteProject,
		FavoriteIDMoveAfter: e.ds.ID, FavoriteTypeMoveAfter: tsc.FavoriteDatasource}), tsc.ErrNotFound, http.StatusNotFound, "404000")
	e2eNoErr(t, c.Workbooks.Delete(e2eCtx, e.wb.ID))
	wantFavorites(t, e2eMust(fav.List(e2eCtx, me))(t), pj+":proj@0")
}

// TestE2EFavoritesRefusals: unknown items and kinds, other users' lists,
// items the user may not read, and other sites' items and users.
func TestE2EFavoritesRefusals(t *testing.T) {
	e := newPermE2E(t)
	admin := e.admin
	me := admin.Session().UserID
	bob, bc := e2eUserClient(t, e.srv, "", "bob", tsc.SiteRoleViewer)

	deny := tsc.PermissionRule{Grantee: tsc.UserGrantee(bob.ID), Capability: tsc.CapRead, Mode: tsc.Deny}
	e2eMust(admin.Permissions.Replace(e2eCtx, tsc.PermWorkbook, e.wb.ID, deny))(t)
	e2eMust(admin.Permissions.Replace(e2eCtx, tsc.PermView, e.view.ID, deny))(t)
	// A viewer may not favorite what they cannot read (its 404), nor
	// touch another user's favorites (403); an administrator may.
	e2eWantCode(t, e2eErr(bc.Favorites.Add(e2eCtx, bob.ID, tsc.FavoriteWorkbook, e.wb.ID, "x")), tsc.ErrNotFound, http.StatusNotFound, "404006")
	e2eWantCode(t, e2eErr(bc.Favorites.Add(e2eCtx, bob.ID, tsc.FavoriteView, e.view.ID, "x")), tsc.ErrNotFound, http.StatusNotFound, "404011")
	e2eWantCode(t, e2eErr(bc.Favorites.List(e2eCtx, me)), tsc.ErrForbidden, http.StatusForbidden, "403000")
	e2eWantCode(t, e2eErr(bc.Favorites.Add(e2eCtx, me, tsc.FavoriteProject, e.proj.ID, "x")), tsc.ErrForbidden, http.StatusForbidden, "403000")
	e2eWantCode(t, bc.Favorites.Delete(e2eCtx, me, tsc.FavoriteProject, e.proj.ID), tsc.ErrForbidden, http.StatusForbidden, "403000")
	e2eMust(admin.Favorites.Add(e2eCtx, bob.ID, tsc.FavoriteProject, e.proj.ID, "for bob"))(t)

	// Granted Read, bob adds the workbook himself.
	e2eMust(admin.Permissions.Replace(e2eCtx, tsc.PermWorkbook, e.wb.ID, tsc.Rules(tsc.UserGrantee(bob.ID), tsc.Allow, tsc.CapRead)...))(t)
	got := e2eMust(bc.Favorites.Add(e2eCtx, bob.ID, tsc.FavoriteWorkbook, e.wb.ID, "now I can"))(t)
	wantFavorites(t, got, "project:"+e.proj.ID+":for bob@0", "workbook:"+e.wb.ID+":now I can@1")
	// Read taken away: the favorite is no longer shown to him.
	e2eMust(admin.Permissions.Replace(e2eCtx, tsc.PermWorkbook, e.wb.ID, deny))(t)
	wantFavorites(t, e2eMust(bc.Favorites.List(e2eCtx, bob.ID))(t), "project:"+e.proj.ID+":for bob@0")

	// Unknown items, users, kinds and bodies.
	e2eWantCode(t, e2eErr(admin.Favorites.Add(e2eCtx, me, tsc.FavoriteWorkbook, "00000000-0000-0000-0000-000000000000", "x")),
		tsc.ErrNotFound, http.StatusNotFound, "404006")
	e2eWantCode(t, e2eErr(admin.Favorites.Add(e2eCtx, me, tsc.FavoriteFlow, "00000000-0000-0000-0000-000000000000", "x")),
		tsc.ErrNotFound, http.StatusNotFound, "404000")
	e2eWantCode(t, e2eErr(admin.Favorites.List(e2eCtx, "00000000-0000-0000-0000-000000000000")), tsc.ErrNotFound, http.StatusNotFound, "404002")
	for _, body := range []string{
		`<tsRequest><favorite label="x"><banana id="` + e.wb.ID + `"/></favorite></tsRequest>`,
		`<tsRequest><favorite><workbook id="` + e.wb.ID + `"/></favorite></tsRequest>`,
		`<tsRequest><favorite label="x"><workbook/></favorite></tsRequest>`,
		`<tsRequest><workbook id="` + e.wb.ID + `"/></tsRequest>`,
	} {
		e2eWantCode(t, e2eRawCall(t, e.srv.URL, admin, http.MethodPut, "favorites/"+me, body), tsc.ErrBadRequest, http.StatusBadRequest, "400000")
	}
	e2eWantCode(t, e2eRawCall(t, e.srv.URL, admin, http.MethodDelete, "favorites/"+me+"/bananas/"+e.wb.ID, ""), tsc.ErrNotFound, http.StatusNotFound, "404003")
	e2eWantCode(t, admin.Favorites.Order(e2eCtx, me, tsc.FavoriteOrdering{FavoriteID: e.wb.ID, FavoriteType: tsc.FavoriteWorkbook,
		FavoriteIDMoveAfter: e.proj.ID, FavoriteTypeMoveAfter: tsc.FavoriteProject}), tsc.ErrNotFound, http.StatusNotFound, "404000")

	// Another site: its users and items are 404 here, and its
	// administrator cannot reach this site's lists.
	e2eMust(e.srv.SeedSite("Other", "other"))(t)
	carol, cc := e2eUserClient(t, e.srv, "other", "carol", tsc.SiteRoleSiteAdministratorCreator)
	e2eWantCode(t, e2eErr(admin.Favorites.List(e2eCtx, carol.ID)), tsc.ErrNotFound, http.StatusNotFound, "404002")
	e2eWantCode(t, e2eErr(cc.Favorites.Add(e2eCtx, carol.ID, tsc.FavoriteWorkbook, e.wb.ID, "x")), tsc.ErrNotFound, http.StatusNotFound, "404006")
	e2eWantCode(t, e2eErr(cc.Favorites.List(e2eCtx, bob.ID)), tsc.ErrNotFound, http.StatusNotFound, "404002")
}

// TestE2EFavoritesFlows: a flow is a favorite like a workbook: added,
// listed with the flow as Get Flow writes it, deleted; a Viewer without
// Read on it gets the flow's 404 and does not see it listed; deleting the
// flow removes it from everyone's favorites.
func TestE2EFavoritesFlows(t *testing.T) {
	e := newPermE2E(t)
	c := e.admin
	me := c.Session().UserID
	fl := e2eMust(c.Flows.PublishFile(e2eCtx, tsc.Flow{Project: &tsc.Project{ID: e.proj.ID}}, e2eFile("flows/Sales Prep.tfl"), tsc.PublishOptions{}))(t)
	e2eMust(c.Favorites.Add(e2eCtx, me, tsc.FavoriteWorkbook, e.wb.ID, "wb"))(t)
	got := e2eMust(c.Favorites.Add(e2eCtx, me, tsc.FavoriteFlow, fl.ID, "prep"))(t)
	wantFavorites(t, got, "workbook:"+e.wb.ID+":wb@0", "flow:"+fl.ID+":prep@1")
	if f := got[1].Flow; f == nil || f.Name != "Sales Prep" || f.FileType != "tfl" || f.Project == nil || f.Project.ID != e.proj.ID ||
		f.Owner == nil || f.Owner.ID != me || got[1].ItemName() != "Sales Prep" {
		t.Errorf("flow favorite not in full: %+v", got[1].Flow)
	}
	e2eNoErr(t, c.Favorites.Delete(e2eCtx, me, tsc.FavoriteFlow, fl.ID))
	wantFavorites(t, e2eMust(c.Favorites.List(e2eCtx, me))(t), "workbook:"+e.wb.ID+":wb@0")
	e2eWantCode(t, c.Favorites.Delete(e2eCtx, me, tsc.FavoriteFlow, fl.ID), tsc.ErrNotFound, http.StatusNotFound, "404000")

	// A Viewer without Read on the flow: its 404, and not listed once Read
	// is taken away.
	bob, bc := e2eUserClient(t, e.srv, "", "bob", tsc.SiteRoleViewer)
	deny := tsc.PermissionRule{Grantee: tsc.UserGrantee(bob.ID), Capability: tsc.CapRead, Mode: tsc.Deny}
	e2eMust(c.Permissions.Replace(e2eCtx, tsc.PermFlow, fl.ID, deny))(t)
	e2eWantCode(t, e2eErr(bc.Favorites.Add(e2eCtx, bob.ID, tsc.FavoriteFlow, fl.ID, "x")), tsc.ErrNotFound, http.StatusNotFound, "404000")
	e2eMust(c.Permissions.Replace(e2eCtx, tsc.PermFlow, fl.ID, tsc.Rules(tsc.UserGrantee(bob.ID), tsc.Allow, tsc.CapRead)...))(t)
	wantFavorites(t, e2eMust(bc.Favorites.Add(e2eCtx, bob.ID, tsc.FavoriteFlow, fl.ID, "mine"))(t), "flow:"+fl.ID+":mine@0")
	e2eMust(c.Permissions.Replace(e2eCtx, tsc.PermFlow, fl.ID, deny))(t)
	wantFavorites(t, e2eMust(bc.Favorites.List(e2eCtx, bob.ID))(t))

	// Deleting the flow removes it from everyone's favorites, in the
	// store: it is no longer an anchor to move after.
	e2eMust(c.Favorites.Add(e2eCtx, me, tsc.FavoriteFlow, fl.ID, "again"))(t)
	e2eNoErr(t, c.Flows.Delete(e2eCtx, fl.ID))
	wantFavorites(t, e2eMust(c.Favorites.List(e2eCtx, me))(t), "workbook:"+e.wb.ID+":wb@0")
	e2eWantCode(t, c.Favorites.Order(e2eCtx, me, tsc.FavoriteOrdering{FavoriteID: e.wb.ID, FavoriteType: tsc.FavoriteWorkbook,
		FavoriteIDMoveAfter: fl.ID, FavoriteTypeMoveAfter: tsc.FavoriteFlow}), tsc.ErrNotFound, http.StatusNotFound, "404000")
}

// e2eErr keeps the error of a call that returns a value.
func e2eErr[T any](_ T, err error) error { return err }

// e2eRawCall sends a body the SDK would never build, as the client's
// session, and returns the server's refusal as a *tsc.ServerError (nil on
// success).
func e2eRawCall(t *testing.T, base string, c *tsc.Client, method, rel, body string) error {
	t.Helper()
	s := c.Session()
	req, err := http.NewRequestWithContext(e2eCtx, method, base+"/api/"+c.Version().String()+"/sites/"+s.SiteID+"/"+rel, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Tableau-Auth", string(s.Token))
	req.Header.Set("Content-Type", "application/xml")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode < 300 {
		return nil
	}
	var r tsc.TSResponse
	if err := xml.Unmarshal(b, &r); err != nil || r.Error == nil {
		t.Fatalf("%s %s: %d %s", method, rel, resp.StatusCode, b)
	}
	return &tsc.ServerError{HTTPStatus: resp.StatusCode, Code: r.Error.Code, Summary: r.Error.Summary, Detail: r.Error.Detail}
}
