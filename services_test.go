package tsc

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const sitePrefix = "/api/3.29/sites/" + testSiteID

// expectBody returns a handler that checks the request body contains every
// want fragment and none of the not fragments, then answers with the reference file.
func expectBody(t *testing.T, file string, want []string, not ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body := readBody(t, r)
		for _, s := range want {
			if !strings.Contains(body, s) {
				t.Errorf("%s %s: body lacks %s:\n%s", r.Method, r.URL.Path, s, body)
			}
		}
		for _, s := range not {
			if strings.Contains(body, s) {
				t.Errorf("%s %s: body has %s:\n%s", r.Method, r.URL.Path, s, body)
			}
		}
		testHeader(t, r, "Content-Type", "text/xml; charset=utf-8")
		serveXML(200, reference(t, file))(w, r)
	}
}

func noContent(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }

func TestSites(t *testing.T) {
	ts := setup(t)
	ts.handle("GET /api/3.29/sites", serveXML(200, reference(t, "site_get.xml")))
	ts.handle("GET /api/3.29/sites/{key}", func(w http.ResponseWriter, r *http.Request) {
		switch key, by := r.PathValue("key"), r.URL.Query().Get("key"); {
		case by == "" && key == "0626857c-1def-4503-a7d8-7907c3ff9d9f":
			serveXML(200, reference(t, "site_get_by_id.xml"))(w, r)
		case by == "name" && key == "testsite":
			serveXML(200, reference(t, "site_get_by_name.xml"))(w, r)
		default:
			t.Errorf("unexpected site lookup %s", r.URL)
		}
	})
	ts.handle("POST /api/3.29/sites", expectBody(t, "site_create.xml",
		[]string{`name="Tableau"`, `contentUrl="tableau"`, `adminMode="ContentAndUsers"`, `userQuota="15"`, `disableSubscriptions="true"`}, `id=`))
	ts.handle("PUT /api/3.29/sites/0626857c-1def-4503-a7d8-7907c3ff9d9f", expectBody(t, "site_update.xml",
		[]string{`<site name="Tableau"`, `state="Suspended"`, `revisionLimit="13"`}, `contentUrl=`, `id=`))
	ts.handle("GET /api/3.29/sites/{$}", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("key") != "contentUrl" {
			t.Errorf("Default site lookup %s", r.URL)
		}
		serveXML(200, reference(t, "site_get_by_id.xml"))(w, r)
	})
	ts.handle("DELETE /api/3.29/sites/0626857c-1def-4503-a7d8-7907c3ff9d9f", noContent)

	sites, p, err := ts.client.Sites.List(bg, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p != (Pagination{1, 100, 2}) || len(sites) != 2 {
		t.Fatalf("pagination %+v, %d sites", p, len(sites))
	}
	want := Site{ID: "dad65087-b08b-4603-af4e-2887b8aafc67", Name: "Default", ContentURL: "", AdminMode: "ContentOnly", State: "Active",
		StorageQuota: Int(100), UserQuota: Int(4), NumUsers: Int(0), Storage: Int(0), RevisionLimit: Int(25),
		TierCreatorCapacity: Int(2), TierExplorerCapacity: Int(1), TierViewerCapacity: Int(1),
		DisableSubscriptions: Bool(true), RevisionHistoryEnabled: Bool(false), SubscribeOthersEnabled: Bool(true),
		AllowSubscriptionAttachments: Bool(true), GuestAccessEnabled: Bool(false), CacheWarmupEnabled: Bool(true),
		CommentingEnabled: Bool(true), EditingFlowsEnabled: Bool(false), SchedulingFlowsEnabled: Bool(false),
		ExtractEncryptionMode: "enabled", CatalogingEnabled: Bool(true), DerivedPermissionsEnabled: Bool(false),
		RequestAccessEnabled: Bool(false), RunNowEnabled: Bool(true), IsDataAlertsEnabled: Bool(true),
		AskDataMode: "EnabledByDefault", UseDefaultTimeZone: Bool(false), TimeZone: "America/Los_Angeles"}
	if d := cmp.Diff(want, sites[0]); d != "" {
		t.Errorf("first site (-want +got):\n%s", d)
	}

	var n int
	for s, err := range ts.client.Sites.All(bg, ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		if s.ID == "" {
			t.Error("site without id")
		}
		n++
	}
	if n != 2 {
		t.Errorf("All yielded %d sites", n)
	}

	if s, err := ts.client.Sites.Get(bg, "0626857c-1def-4503-a7d8-7907c3ff9d9f"); err != nil || s.Name != "Default" || *s.CommentingMentionsEnabled {
		t.Errorf("Get: %+v %v", s, err)
	}
	if s, err := ts.client.Sites.GetByName(bg, "testsite"); err != nil || s.ContentURL != "testsite" {
		t.Errorf("GetByName: %+v %v", s, err)
	}
	if s, err := ts.client.Sites.GetByContentURL(bg, ""); err != nil || s.Name != "Default" {
		t.Errorf("GetByContentURL(\"\"): %+v %v", s, err)
	}
	created, err := ts.client.Sites.Create(bg, Site{Name: "Tableau", ContentURL: "tableau", AdminMode: "ContentAndUsers", UserQuota: Int(15), DisableSubscriptions: Bool(true)})
	if err != nil || created.ID != "0626857c-1def-4503-a7d8-7907c3ff9d9f" {
		t.Fatalf("Create: %+v %v", created, err)
	}
	updated, err := ts.client.Sites.Update(bg, Site{ID: created.ID, Name: "Tableau", State: "Suspended", RevisionLimit: Int(13)})
	if err != nil || updated.State != "Suspended" || *updated.RevisionLimit != 13 || updated.CustomSubscriptionFooter != "example_footer" {
		t.Fatalf("Update: %+v %v", updated, err)
	}
	if err := ts.client.Sites.Delete(bg, created.ID); err != nil {
		t.Fatal(err)
	}
	for name, err := range map[string]error{
		"Get":    func() error { _, err := ts.client.Sites.Get(bg, ""); return err }(),
		"Create": func() error { _, err := ts.client.Sites.Create(bg, Site{Name: "x"}); return err }(),
		"Update": func() error { _, err := ts.client.Sites.Update(bg, Site{Name: "x"}); return err }(),
		"Delete": ts.client.Sites.Delete(bg, ""),
	} {
		if err == nil {
			t.Errorf("%s with missing input succeeded", name)
		}
	}
}

func TestProjects(t *testing.T) {
	ts := setup(t)
	ts.handle("GET "+sitePrefix+"/projects", serveXML(200, reference(t, "project_get.xml")))
	ts.handle("POST "+sitePrefix+"/projects", expectBody(t, "project_create.xml",
		[]string{`<project name="Test Project" description="Project created for testing" contentPermissions="ManagedByOwner" parentProjectId="9a8f2265-70f3-4494-96c5-e5949d7a1120">`}))
	ts.handle("PUT "+sitePrefix+"/projects/1d0304cd-3796-429f-b815-7258370b9b74", expectBody(t, "project_update.xml",
		[]string{`name="Test Project"`, `contentPermissions="LockedToProject"`, `<owner id="dd2239f6-ddf1-4107-981a-4cf94e415794">`}, `description=`, `id="1d0304cd`))
	ts.handle("DELETE "+sitePrefix+"/projects/1d0304cd-3796-429f-b815-7258370b9b74", noContent)

	projects, _, err := ts.client.Projects.List(bg, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(projects) != 3 || projects[2].ParentProjectID != "1d0304cd-3796-429f-b815-7258370b9b74" || projects[0].Owner.ID != "dd2239f6-ddf1-4107-981a-4cf94e415794" || projects[0].ContentPermissions != ManagedByOwner {
		t.Errorf("projects %+v", projects)
	}
	p, err := ts.client.Projects.Create(bg, Project{Name: "Test Project", Description: "Project created for testing", ContentPermissions: ManagedByOwner, ParentProjectID: "9a8f2265-70f3-4494-96c5-e5949d7a1120"})
	if err != nil || p.ID != "ccbea03f-77c4-4209-8774-f67bc59c3cef" {
		t.Fatalf("Create %+v %v", p, err)
	}
	p, err = ts.client.Projects.Update(bg, Project{ID: "1d0304cd-3796-429f-b815-7258370b9b74", Name: "Test Project", ContentPermissions: LockedToProject, Owner: &User{ID: "dd2239f6-ddf1-4107-981a-4cf94e415794"}})
	if err != nil || p.ContentPermissions != LockedToProject || p.Owner == nil {
		t.Fatalf("Update %+v %v", p, err)
	}
	if err := ts.client.Projects.Delete(bg, "1d0304cd-3796-429f-b815-7258370b9b74"); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.client.Projects.Create(bg, Project{}); err == nil {
		t.Error("a project without a name was sent")
	}
}

func TestUsers(t *testing.T) {
	ts := setup(t)
	uid := "dd2239f6-ddf1-4107-981a-4cf94e415794"
	ts.handle("GET "+sitePrefix+"/users", serveXML(200, reference(t, "user_get.xml")))
	ts.handle("GET "+sitePrefix+"/users/"+uid, serveXML(200, reference(t, "user_get_by_id.xml")))
	ts.handle("POST "+sitePrefix+"/users", expectBody(t, "user_add.xml", []string{`<user name="Cassie" siteRole="Viewer" authSetting="ServerDefault">`}, "fullName", "password"))
	ts.handle("PUT "+sitePrefix+"/users/"+uid, expectBody(t, "user_update.xml", []string{`fullName="Cassie"`, `email="cassie@email.com"`, `password="newpass"`, `siteRole="Viewer"`}, `name="`, "id="))
	ts.handle("DELETE "+sitePrefix+"/users/"+uid, func(w http.ResponseWriter, r *http.Request) {
		if got := r.URL.Query().Get("mapAssetsTo"); got != "2a47bbf8-8900-4ebb-b0a4-2723bd7c46c3" {
			t.Errorf("mapAssetsTo %q", got)
		}
		w.WriteHeader(http.StatusNoContent)
	})
	ts.handle("GET "+sitePrefix+"/users/"+uid+"/workbooks", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("ownedBy") != "true" {
			t.Errorf("ownedBy missing: %s", r.URL)
		}
		serveXML(200, reference(t, "user_populate_workbooks.xml"))(w, r)
	})
	ts.handle("GET "+sitePrefix+"/users/"+uid+"/groups", serveXML(200, reference(t, "user_populate_groups.xml")))

	users, p, err := ts.client.Users.List(bg, ListOptions{})
	if err != nil || len(users) != 2 || p.TotalAvailable != 2 {
		t.Fatalf("List %v %+v %v", users, p, err)
	}
	if u := users[0]; u.Name != "alice" || u.SiteRole != SiteRolePublisher || u.LastLogin.Format("2006-01-02T15:04:05Z") != "2016-08-16T23:17:06Z" || u.Email != "alicecook@test.com" {
		t.Errorf("first user %+v", u)
	}
	if !users[1].LastLogin.IsZero() {
		t.Error("Bob never logged in, yet has a last login")
	}
	u, err := ts.client.Users.Get(bg, uid)
	if err != nil || u.AuthSetting != "ServerDefault" || u.Domain == nil || u.Domain.Name != "local" {
		t.Fatalf("Get %+v %v", u, err)
	}
	added, err := ts.client.Users.Add(bg, User{Name: "Cassie", SiteRole: SiteRoleViewer, AuthSetting: "ServerDefault", FullName: "ignored on add"})
	if err != nil || added.ID != "4cc4c17f-898a-4de4-abed-a1681c673ced" {
		t.Fatalf("Add %+v %v", added, err)
	}
	upd, err := ts.client.Users.Update(bg, User{ID: uid, FullName: "Cassie", Email: "cassie@email.com", Password: "newpass", SiteRole: SiteRoleViewer})
	if err != nil || upd.ID != uid || upd.Email != "cassie@email.com" {
		t.Fatalf("Update %+v %v", upd, err)
	}
	if err := ts.client.Users.Remove(bg, uid, "2a47bbf8-8900-4ebb-b0a4-2723bd7c46c3"); err != nil {
		t.Fatal(err)
	}
	wbs, _, err := ts.client.Users.Workbooks(bg, uid, true, ListOptions{})
	if err != nil || len(wbs) != 1 || wbs[0].Name != "SafariSample" || wbs[0].Project.Name != "default" || !cmp.Equal(wbs[0].Tags.Labels(), []string{"Safari", "Sample"}) {
		t.Fatalf("Workbooks %+v %v", wbs, err)
	}
	var groups []string
	for g, err := range ts.client.Users.AllGroups(bg, uid, ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		groups = append(groups, g.Name)
	}
	if !cmp.Equal(groups, []string{"All Users", "Another group", "TableauExample"}) {
		t.Errorf("groups %v", groups)
	}
	if _, err := ts.client.Users.Add(bg, User{Name: "x"}); err == nil {
		t.Error("a user without a site role was sent")
	}
}

func TestGroups(t *testing.T) {
	ts := setup(t)
	gid := "ef8b19c0-43b6-11e6-af50-63f5805dbe3c"
	ts.handle("GET "+sitePrefix+"/groups", serveXML(200, reference(t, "group_get.xml")))
	ts.handle("POST "+sitePrefix+"/groups", expectBody(t, "group_create.xml", []string{`<group name="試供品" minimumSiteRole="ExplorerCanPublish">`}))
	ts.handle("PUT "+sitePrefix+"/groups/"+gid, expectBody(t, "group_update.xml", []string{`<group name="Group updated name">`}))
	ts.handle("DELETE "+sitePrefix+"/groups/"+gid, noContent)
	ts.handle("GET "+sitePrefix+"/groups/"+gid+"/users", serveXML(200, reference(t, "group_populate_users.xml")))
	ts.handle("POST "+sitePrefix+"/groups/"+gid+"/users", func(w http.ResponseWriter, r *http.Request) {
		body := readBody(t, r)
		switch {
		case strings.Contains(body, "<users>"):
			if !strings.Contains(body, `<users><user id="u1"></user><user id="u2"></user></users>`) {
				t.Errorf("bulk body %s", body)
			}
			serveXML(200, reference(t, "group_add_users.xml"))(w, r)
		case strings.Contains(body, `<user id="5de011f8-5aa9-4d5b-b991-f462c8dd6bb7">`):
			serveXML(200, reference(t, "group_add_user.xml"))(w, r)
		default:
			t.Errorf("body %s", body)
		}
	})
	ts.handle("DELETE "+sitePrefix+"/groups/"+gid+"/users/u1", noContent)
	ts.handle("PUT "+sitePrefix+"/groups/"+gid+"/users/remove", expectBody(t, "group_populate_users_empty.xml", []string{`<users><user id="u1"></user><user id="u2"></user></users>`}))

	groups, _, err := ts.client.Groups.List(bg, ListOptions{})
	if err != nil || len(groups) != 3 || groups[0].Name != AllUsersGroup || groups[0].Domain.Name != "local" {
		t.Fatalf("List %+v %v", groups, err)
	}
	g, err := ts.client.Groups.Create(bg, Group{Name: "試供品", MinimumSiteRole: SiteRoleExplorerCanPublish})
	if err != nil || g.ID != "3e4a9ea0-a07a-4fe6-b50f-c345c8c81034" || g.SiteRole != SiteRoleExplorerCanPublish || g.GrantLicenseMode != "onLogin" {
		t.Fatalf("Create %+v %v", g, err)
	}
	g, err = ts.client.Groups.Update(bg, Group{ID: gid, Name: "Group updated name"})
	if err != nil || g.Import == nil || g.Import.GrantLicenseMode != "onLogin" {
		t.Fatalf("Update %+v %v", g, err)
	}
	if err := ts.client.Groups.Delete(bg, gid); err != nil {
		t.Fatal(err)
	}
	members, _, err := ts.client.Groups.Users(bg, gid, ListOptions{})
	if err != nil || len(members) != 1 || members[0].Name != "alice" {
		t.Fatalf("Users %+v %v", members, err)
	}
	u, err := ts.client.Groups.AddUser(bg, gid, "5de011f8-5aa9-4d5b-b991-f462c8dd6bb7")
	if err != nil || u.Name != "testuser" {
		t.Fatalf("AddUser %+v %v", u, err)
	}
	us, err := ts.client.Groups.AddUsers(bg, gid, []string{"u1", "u2"})
	if err != nil || len(us) != 3 {
		t.Fatalf("AddUsers %+v %v", us, err)
	}
	if err := ts.client.Groups.RemoveUser(bg, gid, "u1"); err != nil {
		t.Fatal(err)
	}
	if err := ts.client.Groups.RemoveUsers(bg, gid, []string{"u1", "u2"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.client.Groups.AddUsers(bg, gid, []string{"u1", ""}); err == nil {
		t.Error("an empty user id was sent")
	}
}
