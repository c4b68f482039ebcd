package tsc_test

import (
	"testing"

	"github.com/tsc-go/tsc"
)

func TestE2ESites(t *testing.T) {
	srv, c := e2eServer(t)

	created := e2eMust(c.Sites.Create(e2eCtx, tsc.Site{
		Name: "Marketing", ContentURL: "marketing", AdminMode: "ContentOnly",
		UserQuota: tsc.Int(25), StorageQuota: tsc.Int(1000), DisableSubscriptions: tsc.Bool(true),
		RevisionLimit: tsc.Int(10), TierCreatorCapacity: tsc.Int(2),
	}))(t)
	if created.ID == "" || created.Name != "Marketing" || created.ContentURL != "marketing" || created.AdminMode != "ContentOnly" ||
		created.State != "Active" || *created.UserQuota != 25 || *created.StorageQuota != 1000 || !*created.DisableSubscriptions ||
		*created.RevisionLimit != 10 || *created.TierCreatorCapacity != 2 {
		t.Fatalf("created = %+v", created)
	}
	// Settings not asked for take a server's defaults, and are reported.
	if created.RevisionHistoryEnabled == nil || !*created.RevisionHistoryEnabled || created.CommentingEnabled == nil || created.ExtractEncryptionMode == "" {
		t.Errorf("defaults missing: %+v", created)
	}

	for name, get := range map[string]func() (*tsc.Site, error){
		"id":         func() (*tsc.Site, error) { return c.Sites.Get(e2eCtx, created.ID) },
		"name":       func() (*tsc.Site, error) { return c.Sites.GetByName(e2eCtx, "Marketing") },
		"contentUrl": func() (*tsc.Site, error) { return c.Sites.GetByContentURL(e2eCtx, "marketing") },
	} {
		got, err := get()
		if err != nil || got.ID != created.ID || *got.UserQuota != 25 {
			t.Errorf("get by %s: %+v, %v", name, got, err)
		}
	}
	def := e2eMust(c.Sites.GetByContentURL(e2eCtx, ""))(t)
	if def.Name != "Default" || def.ID != c.Session().SiteID {
		t.Errorf("Default site = %+v", def)
	}

	sites := e2eMust2(c.Sites.List(e2eCtx, tsc.ListOptions{Sort: []tsc.Sort{tsc.Asc("name")}}))(t)
	if len(sites) != 2 || sites[0].Name != "Default" || sites[1].Name != "Marketing" {
		t.Errorf("sites = %+v", sites)
	}

	// Conflicts: the content URL first, ignoring case, then the name.
	_, err := c.Sites.Create(e2eCtx, tsc.Site{Name: "Other", ContentURL: "MARKETING"})
	e2eWantCode(t, err, tsc.ErrConflict, 409, "409002")
	_, err = c.Sites.Create(e2eCtx, tsc.Site{Name: "marketing", ContentURL: "other"})
	e2eWantCode(t, err, tsc.ErrConflict, 409, "409001")
	_, err = c.Sites.Create(e2eCtx, tsc.Site{Name: "Bad", ContentURL: "has space"})
	e2eWantCode(t, err, tsc.ErrBadRequest, 400, "400000")
	_, err = c.Sites.Create(e2eCtx, tsc.Site{Name: "Bad", ContentURL: "bad", AdminMode: "Everything"})
	e2eWantCode(t, err, tsc.ErrBadRequest, 400, "400000")

	// Changing a site needs a session on it, as on Tableau Server.
	_, err = c.Sites.Update(e2eCtx, tsc.Site{ID: created.ID, Name: "Marketing EMEA"})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
	e2eWantCode(t, c.Sites.Delete(e2eCtx, created.ID), tsc.ErrForbidden, 403, "403000")

	e2eNoErr(t, c.SwitchSite(e2eCtx, "marketing"))
	up := e2eMust(c.Sites.Update(e2eCtx, tsc.Site{ID: created.ID, Name: "Marketing EMEA", ContentURL: "mkt-emea",
		State: "Suspended", RevisionLimit: tsc.Int(13), CommentingEnabled: tsc.Bool(false)}))(t)
	if up.Name != "Marketing EMEA" || up.ContentURL != "mkt-emea" || up.State != "Suspended" || *up.RevisionLimit != 13 ||
		*up.CommentingEnabled || *up.UserQuota != 25 || up.AdminMode != "ContentOnly" {
		t.Errorf("updated = %+v", up)
	}
	again := e2eMust(c.Sites.Get(e2eCtx, created.ID))(t)
	if again.Name != "Marketing EMEA" || *again.CommentingEnabled {
		t.Errorf("update not stored: %+v", again)
	}
	_, err = c.Sites.Update(e2eCtx, tsc.Site{ID: created.ID, Name: "Default"})
	e2eWantCode(t, err, tsc.ErrConflict, 409, "409001")

	e2eNoErr(t, c.Sites.Delete(e2eCtx, created.ID))
	// The session was on the deleted site: it went with it.
	admin := srv.MustClient(t)
	_, err = admin.Sites.Get(e2eCtx, created.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404000")
	_, err = admin.Sites.GetByName(e2eCtx, "Nope")
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404000")
	// The Default site stays.
	e2eWantCode(t, admin.Sites.Delete(e2eCtx, admin.Session().SiteID), tsc.ErrForbidden, 403, "403000")
}

func TestE2ESitesNeedServerAdministrator(t *testing.T) {
	srv, admin := e2eServer(t)
	e2eMust(admin.Sites.Create(e2eCtx, tsc.Site{Name: "Hidden", ContentURL: "hidden"}))(t)
	_, siteAdmin := e2eUserClient(t, srv, "", "sam", tsc.SiteRoleSiteAdministratorCreator)

	_, err := siteAdmin.Sites.Create(e2eCtx, tsc.Site{Name: "Mine", ContentURL: "mine"})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
	// A non-administrator sees the sites they belong to, and no other.
	sites := e2eMust2(siteAdmin.Sites.List(e2eCtx, tsc.ListOptions{}))(t)
	if len(sites) != 1 || sites[0].ContentURL != "" {
		t.Errorf("site admin sees %+v", sites)
	}
	_, err = siteAdmin.Sites.GetByContentURL(e2eCtx, "hidden")
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
	// A site administrator may update their own site, not delete it.
	if _, err := siteAdmin.Sites.Update(e2eCtx, tsc.Site{ID: siteAdmin.Session().SiteID, CommentingEnabled: tsc.Bool(false)}); err != nil {
		t.Errorf("site admin updating own site: %v", err)
	}
	e2eWantCode(t, siteAdmin.Sites.Delete(e2eCtx, siteAdmin.Session().SiteID), tsc.ErrForbidden, 403, "403000")
	_, viewer := e2eUserClient(t, srv, "", "vic", tsc.SiteRoleViewer)
	_, err = viewer.Sites.Update(e2eCtx, tsc.Site{ID: viewer.Session().SiteID, CommentingEnabled: tsc.Bool(true)})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
}

func TestE2ENewSiteHasDefaultsAndAdministrators(t *testing.T) {
	srv, c := e2eServer(t)
	e2eMust(c.Sites.Create(e2eCtx, tsc.Site{Name: "Ops", ContentURL: "ops"}))(t)
	// The administrator can sign in to the new site directly.
	ops := e2eMust(srv.NewClient())(t)
	e2eNoErr(t, ops.SignIn(e2eCtx, tsc.Password(srv.AdminUsername, srv.AdminPassword, "ops")))
	projects := e2eMust2(ops.Projects.List(e2eCtx, tsc.ListOptions{}))(t)
	if len(projects) != 1 || projects[0].Name != "Default" || projects[0].Owner == nil || projects[0].Owner.ID != ops.Session().UserID {
		t.Errorf("projects of a new site: %+v", projects)
	}
	groups := e2eMust2(ops.Groups.List(e2eCtx, tsc.ListOptions{}))(t)
	if len(groups) != 1 || groups[0].Name != tsc.AllUsersGroup {
		t.Errorf("groups of a new site: %+v", groups)
	}
	users := e2eMust2(ops.Users.List(e2eCtx, tsc.ListOptions{}))(t)
	if len(users) != 1 || users[0].SiteRole != tsc.SiteRoleServerAdministrator {
		t.Errorf("users of a new site: %+v", users)
	}
}
