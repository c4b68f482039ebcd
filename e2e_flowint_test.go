package tsc_test

import (
	"net/http"
	"testing"

	"github.com/tsc-go/tsc"
)

// Flows wired into what was built before them: a user who owns a flow is
// not removed without an heir, and the heir gets it; deleting a project
// takes its flows and, with them, their favorites.

func TestE2EFlowOwnerRemoval(t *testing.T) {
	_, srv, c := e2eFlowServer(t)
	bob := e2eMust(srv.SeedUser("", "bob", tsc.SiteRoleCreator))(t)
	fl := e2eMust(c.Flows.PublishFile(e2eCtx, tsc.Flow{}, e2eFile("flows/Sales Prep.tfl"), tsc.PublishOptions{}))(t)
	e2eMust(c.Flows.Update(e2eCtx, tsc.Flow{ID: fl.ID, Owner: &tsc.User{ID: bob.ID}}))(t)
	e2eWantCode(t, c.Users.Remove(e2eCtx, bob.ID, ""), tsc.ErrConflict, http.StatusConflict, "409000")
	if got := e2eMust(c.Flows.Get(e2eCtx, fl.ID))(t); got.Owner.ID != bob.ID {
		t.Fatalf("the refused removal moved the flow to %s", got.Owner.ID)
	}
	me := c.Session().UserID
	e2eNoErr(t, c.Users.Remove(e2eCtx, bob.ID, me))
	if got := e2eMust(c.Flows.Get(e2eCtx, fl.ID))(t); got.Owner.ID != me {
		t.Errorf("the flow went to %s, want the heir %s", got.Owner.ID, me)
	}
}

func TestE2EFlowsGoWithTheirProject(t *testing.T) {
	_, _, c := e2eFlowServer(t)
	me := c.Session().UserID
	parent := e2eMust(c.Projects.Create(e2eCtx, tsc.Project{Name: "Prep"}))(t)
	child := e2eMust(c.Projects.Create(e2eCtx, tsc.Project{Name: "Nested", ParentProjectID: parent.ID}))(t)
	fl := e2eMust(c.Flows.PublishFile(e2eCtx, tsc.Flow{Project: &tsc.Project{ID: child.ID}}, e2eFile("flows/Sales Prep.tfl"), tsc.PublishOptions{}))(t)
	keep := e2eMust(c.Projects.Create(e2eCtx, tsc.Project{Name: "Keep"}))(t)
	e2eMust(c.Favorites.Add(e2eCtx, me, tsc.FavoriteProject, keep.ID, "keep"))(t)
	e2eMust(c.Favorites.Add(e2eCtx, me, tsc.FavoriteFlow, fl.ID, "prep"))(t)

	e2eNoErr(t, c.Projects.Delete(e2eCtx, parent.ID))
	_, err := c.Flows.Get(e2eCtx, fl.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404000")
	wantFavorites(t, e2eMust(c.Favorites.List(e2eCtx, me))(t), "project:"+keep.ID+":keep@0")
	// Removed in the store, not only hidden: no longer an anchor.
	e2eWantCode(t, c.Favorites.Order(e2eCtx, me, tsc.FavoriteOrdering{FavoriteID: keep.ID, FavoriteType: tsc.FavoriteProject,
		FavoriteIDMoveAfter: fl.ID, FavoriteTypeMoveAfter: tsc.FavoriteFlow}), tsc.ErrNotFound, http.StatusNotFound, "404000")
}
