package emulator

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
)

// The authority rule (decide) walked whole: every caller role against
// every kind of target user and every change a user route makes, and
// against their own and another site on every group, site and job route.
// The expectations are written out cell by cell, from Tableau's rules as
// authority.go cites them, not computed: a change to the rule that flips a
// cell fails here. The end-to-end version through the SDK, which also
// checks that a refused request changes nothing, is e2e_authority_test.go
// at the module root.

// Outcomes in the tables: '.' allowed; the others a refusal with
// status and code.
var outcomeCodes = map[byte]struct {
	status int
	code   string
}{
	'0': {403, "403000"},
	'9': {403, codeUpdateUserDenied},
	'q': {403, codeQueryUserDenied},
	'n': {404, codeUserNotFound},
}

// authorityCaller is a caller of the tables: a session user.
type authorityCaller struct {
	name string
	user userRow
}

func authorityCallers() []authorityCaller {
	u := func(id, site string, role tsc.SiteRole) userRow {
		return userRow{ID: id, Name: id, SiteID: site, SiteRole: role, ServerAdmin: role == tsc.SiteRoleServerAdministrator}
	}
	return []authorityCaller{
		{"server admin", u("root", "A", tsc.SiteRoleServerAdministrator)},
		{"site admin creator", u("sac", "A", tsc.SiteRoleSiteAdministratorCreator)},
		{"site admin explorer", u("sae", "A", tsc.SiteRoleSiteAdministratorExplorer)},
		{"site admin of B", u("sab", "B", tsc.SiteRoleSiteAdministratorCreator)},
		{"creator", u("cre", "A", tsc.SiteRoleCreator)},
		{"explorer", u("exp", "A", tsc.SiteRoleExplorer)},
		{"viewer", u("vie", "A", tsc.SiteRoleViewer)},
		{"unlicensed", u("unl", "A", tsc.SiteRoleUnlicensed)},
	}
}

// userActions are the columns of TestAuthorityUserTable: what a request
// asks of a target user on site A.
var userActions = []struct {
	name string
	act  action
	t    target
}{
	{"fullName", actUpdateUser, target{Fields: []string{fieldFullName}}},
	{"email", actUpdateUser, target{Fields: []string{fieldEmail}}},
	{"password", actUpdateUser, target{Fields: []string{fieldPassword}}},
	{"authSetting", actUpdateUser, target{Fields: []string{fieldAuthSetting}}},
	{"siteRole=Explorer", actUpdateUser, target{Role: tsc.SiteRoleExplorer}},
	{"siteRole=ServerAdministrator", actUpdateUser, target{Role: tsc.SiteRoleServerAdministrator}},
	{"remove from site", actRemoveUser, target{}},
	{"add to group", actAddGroupUsers, target{}},
	{"query", actReadUser, target{}},
}

// TestAuthorityUserTable: caller x target user x change, on site A.
func TestAuthorityUserTable(t *testing.T) {
	siteA := &siteRow{ID: "A", ContentURL: "a", Settings: tsc.Site{AdminMode: "ContentAndUsers"}}
	// Targets on site A. "self" is the caller: their own facts.
	targets := []struct {
		name string
		id   string
		user userFacts
	}{
		{"plain user of A only", "plain", userFacts{SiteRole: tsc.SiteRoleCreator}},
		{"user also on site B", "multi", userFacts{SiteRole: tsc.SiteRoleCreator, OtherSites: 1}},
		{"another server admin", "root2", userFacts{ServerAdmin: true, SiteRole: tsc.SiteRoleServerAdministrator, OtherSites: 1}},
		{"self", "", userFacts{}},
	}
	// One string per caller and target, one character per userActions
	// column: fullName email password authSetting siteRole siteRole=SA
	// remove add-to-group query.
	want := map[string][4]string{
		//                      plain        multi        root2        self
		"server admin":        {".........", ".........", "......0..", "....0.0.."},
		"site admin creator":  {".....0...", "9999.0...", "9999900..", "....00..."},
		"site admin explorer": {".....0...", "9999.0...", "9999900..", "....00..."},
		// Site B's administrator reaches no user of site A, not even to
		// learn whether they exist.
		"site admin of B": {"000000000", "000000000", "000000000", "000000000"},
		"creator":         {"00000000q", "00000000q", "00000000q", "00000000."},
		"explorer":        {"00000000q", "00000000q", "00000000q", "00000000."},
		"viewer":          {"00000000q", "00000000q", "00000000q", "00000000."},
		"unlicensed":      {"00000000q", "00000000q", "00000000q", "00000000."},
	}
	cells := 0
	for _, caller := range authorityCallers() {
		rows, ok := want[caller.name]
		if !ok {
			t.Fatalf("no expectations for %s", caller.name)
		}
		for ti, tg := range targets {
			id, uf := tg.id, tg.user
			if tg.name == "self" {
				id = caller.user.ID
				uf = userFacts{ServerAdmin: caller.user.ServerAdmin, SiteRole: caller.user.SiteRole}
				if caller.user.ServerAdmin {
					uf.OtherSites = 1
				}
			}
			if len(rows[ti]) != len(userActions) {
				t.Fatalf("%s / %s: %d expectations for %d actions", caller.name, tg.name, len(rows[ti]), len(userActions))
			}
			for ai, a := range userActions {
				tt := a.t
				tt.SiteID, tt.UserID = "A", id
				f := uf
				fs := facts{Site: siteA, User: &f}
				if a.act == actAddGroupUsers {
					// Group routes name the group, not the user.
					tt.UserID = ""
					fs.User = nil
				}
				who := caller.user
				err := decide(&who, a.act, tt, fs)
				checkOutcome(t, caller.name+" / "+tg.name+" / "+a.name, rows[ti][ai], err)
				cells++
			}
		}
	}
	if cells != 8*4*9 {
		t.Errorf("walked %d cells, want %d", cells, 8*4*9)
	}
}

// TestAuthorityRouteTable: caller x (own site, another site) x every
// site, group, user-list and job action that names no user.
func TestAuthorityRouteTable(t *testing.T) {
	sites := map[string]*siteRow{
		"A": {ID: "A", ContentURL: "a", Settings: tsc.Site{AdminMode: "ContentAndUsers", State: "Active", UserQuota: tsc.Int(10)}},
		"B": {ID: "B", ContentURL: "b", Settings: tsc.Site{AdminMode: "ContentAndUsers", State: "Active", UserQuota: tsc.Int(10)}},
	}
	actions := []struct {
		name   string
		act    action
		noSite bool
		t      target
	}{
		{"list sites", actListSites, true, target{}},
		{"create site", actCreateSite, true, target{}},
		{"read site", actReadSite, false, target{}},
		{"update site name", actUpdateSite, false, target{Site: &tsc.Site{Name: "New"}}},
		{"update site, same state and quota", actUpdateSite, false, target{Site: &tsc.Site{State: "Active", UserQuota: tsc.Int(10)}}},
		{"update site userQuota", actUpdateSite, false, target{Site: &tsc.Site{UserQuota: tsc.Int(11)}}},
		{"suspend site", actUpdateSite, false, target{Site: &tsc.Site{State: "Suspended"}}},
		{"update site adminMode", actUpdateSite, false, target{Site: &tsc.Site{AdminMode: "ContentOnly"}}},
		{"update site storageQuota", actUpdateSite, false, target{Site: &tsc.Site{StorageQuota: tsc.Int(100)}}},
		{"delete site", actDeleteSite, false, target{}},
		{"list users", actListUsers, false, target{}},
		{"add user", actAddUser, false, target{Role: tsc.SiteRoleViewer}},
		{"add server admin", actAddUser, false, target{Role: tsc.SiteRoleServerAdministrator}},
		{"list groups", actListGroups, false, target{}},
		{"group members", actReadGroup, false, target{}},
		{"create group", actCreateGroup, false, target{}},
		{"update group", actUpdateGroup, false, target{}},
		{"delete group", actDeleteGroup, false, target{}},
		{"add group users", actAddGroupUsers, false, target{}},
		{"remove group users", actRemoveGroupUsers, false, target{}},
		{"list jobs", actListJobs, false, target{}},
		{"cancel job", actCancelJob, false, target{}},
	}
	// One string per caller and site (own, other), one character per
	// action above, in order.
	want := map[string][2]string{
		//                      own site                  another site
		"server admin":        {"......................", "...0000000000000000000"},
		"site admin creator":  {".0...00000..0.........", ".000000000000000000000"},
		"site admin explorer": {".0...00000..0.........", ".000000000000000000000"},
		"site admin of B":     {".0...00000..0.........", ".000000000000000000000"},
		"creator":             {".0.0000000000..0000000", ".000000000000000000000"},
		"explorer":            {".0.0000000000..0000000", ".000000000000000000000"},
		"viewer":              {".0.0000000000..0000000", ".000000000000000000000"},
		"unlicensed":          {".0.0000000000..0000000", ".000000000000000000000"},
	}
	for _, caller := range authorityCallers() {
		for si, which := range []string{"own", "other"} {
			site := caller.user.SiteID
			if which == "other" {
				site = map[string]string{"A": "B", "B": "A"}[site]
			}
			row := want[caller.name][si]
			if len(row) != len(actions) {
				t.Fatalf("%s / %s site: %d expectations for %d actions", caller.name, which, len(row), len(actions))
			}
			for ai, a := range actions {
				tt := a.t
				fs := facts{}
				if !a.noSite {
					tt.SiteID, fs.Site = site, sites[site]
				}
				who := caller.user
				checkOutcome(t, caller.name+" / "+which+" site / "+a.name, row[ai], decide(&who, a.act, tt, fs))
			}
		}
	}
}

// TestAuthorityContentOnlySite: on a site whose adminMode is ContentOnly,
// site administrators manage content, not users; server administrators
// still do.
func TestAuthorityContentOnlySite(t *testing.T) {
	site := &siteRow{ID: "C", ContentURL: "c", Settings: tsc.Site{AdminMode: "ContentOnly"}}
	plain := userFacts{SiteRole: tsc.SiteRoleViewer}
	for _, tc := range []struct {
		who  userRow
		act  action
		t    target
		want byte
	}{
		{userRow{ID: "sa", SiteID: "C", SiteRole: tsc.SiteRoleSiteAdministratorCreator}, actAddUser, target{Role: tsc.SiteRoleViewer}, '0'},
		{userRow{ID: "sa", SiteID: "C", SiteRole: tsc.SiteRoleSiteAdministratorCreator}, actRemoveUser, target{UserID: "u"}, '0'},
		{userRow{ID: "sa", SiteID: "C", SiteRole: tsc.SiteRoleSiteAdministratorCreator}, actUpdateUser, target{UserID: "u", Role: tsc.SiteRoleCreator}, '0'},
		// Same role: no change of role, nothing to refuse.
		{userRow{ID: "sa", SiteID: "C", SiteRole: tsc.SiteRoleSiteAdministratorCreator}, actUpdateUser, target{UserID: "u", Role: tsc.SiteRoleViewer}, '.'},
		{userRow{ID: "sa", SiteID: "C", SiteRole: tsc.SiteRoleSiteAdministratorCreator}, actUpdateUser, target{UserID: "u", Fields: []string{fieldEmail}}, '.'},
		{userRow{ID: "sa", SiteID: "C", SiteRole: tsc.SiteRoleSiteAdministratorCreator}, actCreateGroup, target{}, '.'},
		{userRow{ID: "root", SiteID: "C", SiteRole: tsc.SiteRoleServerAdministrator, ServerAdmin: true}, actAddUser, target{Role: tsc.SiteRoleViewer}, '.'},
		{userRow{ID: "root", SiteID: "C", SiteRole: tsc.SiteRoleServerAdministrator, ServerAdmin: true}, actRemoveUser, target{UserID: "u"}, '.'},
		{userRow{ID: "root", SiteID: "C", SiteRole: tsc.SiteRoleServerAdministrator, ServerAdmin: true}, actUpdateUser, target{UserID: "u", Role: tsc.SiteRoleCreator}, '.'},
	} {
		tc.t.SiteID = "C"
		f := facts{Site: site}
		if tc.t.UserID != "" {
			p := plain
			f.User = &p
		}
		checkOutcome(t, tc.who.ID+" "+string(tc.act), tc.want, decide(&tc.who, tc.act, tc.t, f))
	}
}

// TestAuthorityOrder: the caller's role is judged before the target's
// existence, so that a refusal tells no one what exists; a missing target
// is 404 only for a caller who may act on it.
func TestAuthorityOrder(t *testing.T) {
	site := &siteRow{ID: "A", Settings: tsc.Site{AdminMode: "ContentAndUsers"}}
	viewer := userRow{ID: "v", SiteID: "A", SiteRole: tsc.SiteRoleViewer}
	admin := userRow{ID: "a", SiteID: "A", SiteRole: tsc.SiteRoleSiteAdministratorCreator}
	missing := target{SiteID: "A", UserID: "ghost", Fields: []string{fieldPassword}}
	checkOutcome(t, "viewer, missing user", '0', decide(&viewer, actUpdateUser, missing, facts{Site: site}))
	checkOutcome(t, "viewer queries a missing user", 'q', decide(&viewer, actReadUser, missing, facts{Site: site}))
	checkOutcome(t, "site admin, missing user", 'n', decide(&admin, actUpdateUser, missing, facts{Site: site}))
	err := decide(&admin, actUpdateSite, target{SiteID: "Z", Site: &tsc.Site{Name: "x"}}, facts{})
	var ae *apiError
	if !errors.As(err, &ae) || ae.Status != 404 || ae.Code != codeSiteNotFound {
		t.Errorf("update of a missing site: %v, want 404 %s", err, codeSiteNotFound)
	}
}

// TestAuthorityRefusalsExplain: a refusal names the field and why, so
// that whoever meets it knows what to do; and it never names the other
// sites the user belongs to.
func TestAuthorityRefusalsExplain(t *testing.T) {
	site := &siteRow{ID: "B", ContentURL: "b", Settings: tsc.Site{AdminMode: "ContentAndUsers"}}
	admin := userRow{ID: "sab", Name: "sab", SiteID: "B", SiteRole: tsc.SiteRoleSiteAdministratorCreator}
	for _, tc := range []struct {
		user      userFacts
		field     string
		wantWords []string
	}{
		{userFacts{ServerAdmin: true, SiteRole: tsc.SiteRoleServerAdministrator, OtherSites: 2}, fieldPassword, []string{"password", "server administrator"}},
		{userFacts{SiteRole: tsc.SiteRoleViewer, OtherSites: 1}, fieldEmail, []string{"email", "another site"}},
		{userFacts{SiteRole: tsc.SiteRoleViewer, OtherSites: 1}, fieldFullName, []string{"fullName", "another site"}},
		{userFacts{SiteRole: tsc.SiteRoleViewer, OtherSites: 1}, fieldAuthSetting, []string{"authSetting", "another site"}},
	} {
		u := tc.user
		err := decide(&admin, actUpdateUser, target{SiteID: "B", UserID: "x", Fields: []string{tc.field}}, facts{Site: site, User: &u})
		var ae *apiError
		if !errors.As(err, &ae) || ae.Code != codeUpdateUserDenied {
			t.Fatalf("%s: %v", tc.field, err)
		}
		for _, w := range tc.wantWords {
			if !strings.Contains(ae.Detail, w) {
				t.Errorf("%s: %q does not say %q", tc.field, ae.Detail, w)
			}
		}
	}
}

// TestIdentityFields: every identity field of an update reaches the rule.
func TestIdentityFields(t *testing.T) {
	got := userUpdate{FullName: "f", Email: "e", Password: "p", AuthSetting: "SAML", SiteRole: tsc.SiteRoleViewer}.identityFields()
	if strings.Join(got, ",") != "password,email,fullName,authSetting" {
		t.Errorf("identity fields = %v", got)
	}
	if got := (userUpdate{SiteRole: tsc.SiteRoleViewer}).identityFields(); len(got) != 0 {
		t.Errorf("a role change sets identity fields %v", got)
	}
}

func checkOutcome(t *testing.T, cell string, want byte, err error) {
	t.Helper()
	if want == '.' {
		if err != nil {
			t.Errorf("%s: refused (%v), want allowed", cell, err)
		}
		return
	}
	w, ok := outcomeCodes[want]
	if !ok {
		t.Fatalf("%s: unknown outcome %q in the table", cell, want)
	}
	var ae *apiError
	if !errors.As(err, &ae) {
		t.Errorf("%s: got %v, want %d %s", cell, err, w.status, w.code)
		return
	}
	if ae.Status != w.status || ae.Code != w.code {
		t.Errorf("%s: got %d %s (%s), want %d %s", cell, ae.Status, ae.Code, ae.Detail, w.status, w.code)
	}
}

// authorityStore is a server with sites A and B, a server administrator
// (root), a user of A alone (plain) and a user of A and B (shared).
func authorityStore(t *testing.T) (srv *Server, siteA, siteB string, ids map[string]string) {
	t.Helper()
	srv, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ctx := context.Background()
	if err := srv.Bootstrap(ctx, Admin{Name: "root", Password: "root-pw"}); err != nil {
		t.Fatal(err)
	}
	ids = map[string]string{}
	for _, url := range []string{"a", "b"} {
		site, err := srv.SeedSite(ctx, tsc.Site{Name: url, ContentURL: url})
		if err != nil {
			t.Fatal(err)
		}
		ids["site "+url] = site.ID
	}
	for _, u := range []struct{ site, name string }{{"a", "plain"}, {"a", "shared"}, {"b", "shared"}, {"a", "root"}} {
		if u.name == "root" {
			id, err := srv.store.userIDByName(ctx, "root")
			if err != nil {
				t.Fatal(err)
			}
			ids["root"] = id
			continue
		}
		got, err := srv.SeedUser(ctx, u.site, u.name, tsc.SiteRoleCreator, "")
		if err != nil {
			t.Fatal(err)
		}
		ids[u.name] = got.ID
	}
	return srv, ids["site a"], ids["site b"], ids
}

// TestAuthorityFacts: what authorize loads is what the store holds.
func TestAuthorityFacts(t *testing.T) {
	srv, siteA, _, ids := authorityStore(t)
	ctx := context.Background()
	for _, tc := range []struct {
		user string
		want *userFacts
	}{
		{"plain", &userFacts{SiteRole: tsc.SiteRoleCreator}},
		{"shared", &userFacts{SiteRole: tsc.SiteRoleCreator, OtherSites: 1}},
		// The Default site, A and B: two others.
		{"root", &userFacts{ServerAdmin: true, SiteRole: tsc.SiteRoleServerAdministrator, OtherSites: 2}},
		{"nobody", nil},
	} {
		id, known := ids[tc.user]
		if !known {
			id = "00000000-0000-0000-0000-000000000000"
		}
		f, err := srv.store.authorityFacts(ctx, target{SiteID: siteA, UserID: id})
		if err != nil {
			t.Fatal(err)
		}
		if f.Site == nil || f.Site.ID != siteA {
			t.Fatalf("%s: site %+v", tc.user, f.Site)
		}
		if (f.User == nil) != (tc.want == nil) || (f.User != nil && *f.User != *tc.want) {
			t.Errorf("%s: facts %+v, want %+v", tc.user, f.User, tc.want)
		}
	}
	f, err := srv.store.authorityFacts(ctx, target{SiteID: "no-such-site", UserID: ids["plain"]})
	if err != nil || f.Site != nil || f.User != nil {
		t.Errorf("facts of a missing site: %+v, %v", f, err)
	}
}

// TestStoreNeverDemotesImplicitly: the store itself refuses to change a
// server administrator's role or to remove one from a site without a
// server administrator's authority, whatever authorize saw before: the
// guard against a user made server administrator between the check and
// the change.
func TestStoreNeverDemotesImplicitly(t *testing.T) {
	srv, siteA, siteB, ids := authorityStore(t)
	ctx := context.Background()
	_, err := srv.store.updateUser(ctx, siteA, ids["root"], userUpdate{SiteRole: tsc.SiteRoleViewer})
	var ae *apiError
	if !errors.As(err, &ae) || ae.Status != 403 || ae.Code != codeUpdateUserDenied {
		t.Errorf("a role change without server-level authority: %v", err)
	}
	err = srv.store.removeUser(ctx, siteA, ids["root"], "")
	if !errors.As(err, &ae) || ae.Status != 403 {
		t.Errorf("removing a server administrator: %v", err)
	}
	for _, site := range []string{siteA, siteB} {
		u, err := srv.store.siteUser(ctx, srv.store.db, site, ids["root"])
		if err != nil || !u.ServerAdmin || u.SiteRole != tsc.SiteRoleServerAdministrator {
			t.Errorf("root on %s after refusals: %+v, %v", site, u, err)
		}
	}
	// With a server administrator's authority, the demotion holds on every site.
	if _, err := srv.store.updateUser(ctx, siteA, ids["root"], userUpdate{SiteRole: tsc.SiteRoleViewer, ServerLevel: true}); err != nil {
		t.Fatal(err)
	}
	for _, site := range []string{siteA, siteB} {
		u, err := srv.store.siteUser(ctx, srv.store.db, site, ids["root"])
		if err != nil || u.ServerAdmin || u.SiteRole != tsc.SiteRoleViewer {
			t.Errorf("root on %s after the demotion: %+v, %v", site, u, err)
		}
	}
}

// TestRemovedFromLastSiteIsDeleted: Tableau deletes a user removed from
// their last site ("The user will be deleted if they do not own any other
// assets"); one still on another site keeps their id, password and tokens.
// Without it every removed user stayed in the store, which the soak test
// saw as memory growing for as long as it ran.
func TestRemovedFromLastSiteIsDeleted(t *testing.T) {
	srv, siteA, siteB, ids := authorityStore(t)
	ctx := context.Background()
	users := func() int {
		var n int
		if err := srv.store.db.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE id IN (?, ?)`, ids["shared"], ids["plain"]).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := srv.store.removeUser(ctx, siteB, ids["shared"], ""); err != nil {
		t.Fatal(err)
	}
	if u, err := srv.store.siteUser(ctx, srv.store.db, siteA, ids["shared"]); err != nil || u.Name != "shared" {
		t.Fatalf("a user still on another site lost it: %+v, %v", u, err)
	}
	if n := users(); n != 2 {
		t.Fatalf("removed from one of two sites: %d of 2 users left on the server", n)
	}
	for _, id := range []string{ids["shared"], ids["plain"]} {
		if err := srv.store.removeUser(ctx, siteA, id, ""); err != nil {
			t.Fatal(err)
		}
	}
	if n := users(); n != 0 {
		t.Errorf("removed from their last site: %d users still on the server", n)
	}
	// The name is free again, for a new user with a new id.
	again, err := srv.SeedUser(ctx, "a", "shared", tsc.SiteRoleViewer, "")
	if err != nil || again.ID == ids["shared"] {
		t.Errorf("re-adding the name: %+v, %v", again, err)
	}
}
