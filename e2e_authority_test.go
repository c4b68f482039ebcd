package tsc_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// Who may change whom, through the SDK: every caller role against every
// kind of target user and every change the user routes make, each cell on
// fresh users, asserting the refusal's status and Tableau code and that a
// refused request changed nothing a client can see (the user's name,
// email, roles and authentication on both sites, their groups, their
// password). The same table, as a pure decision, is
// internal/emulator/authority_test.go; the rules and their sources are in
// internal/emulator/authority.go.

// authorityE2E is the server and what every cell shares.
type authorityE2E struct {
	srv *tsctest.Server
	// admin holds a server administrator's client per site content URL.
	admin map[string]*tsc.Client
	// group holds a group per site content URL.
	group map[string]string
	n     int
}

func newAuthorityE2E(t *testing.T) *authorityE2E {
	srv := tsctest.NewServer(t)
	e := &authorityE2E{srv: srv, admin: map[string]*tsc.Client{}, group: map[string]string{}}
	e2eMust(srv.SeedSite("Alpha", "alpha"))(t)
	e2eMust(srv.SeedSite("Beta", "beta"))(t)
	for _, site := range []string{"alpha", "beta"} {
		c := e2eMust(srv.NewClient())(t)
		e2eNoErr(t, c.SignIn(e2eCtx, tsc.Password(srv.AdminUsername, srv.AdminPassword, site)))
		e.admin[site] = c
		e.group[site] = e2eMust(srv.SeedGroup(site, "Team "+site))(t).ID
	}
	return e
}

// user seeds a fresh user on the sites with the role (the first site's
// role for a server administrator, who joins every site) and the password
// "old-<name>".
func (e *authorityE2E) user(t *testing.T, kind string, role tsc.SiteRole, sites ...string) *tsc.User {
	t.Helper()
	e.n++
	name := fmt.Sprintf("%s-%d", kind, e.n)
	var u *tsc.User
	for _, site := range sites {
		u = e2eMust(e.srv.SeedUser(site, name, role))(t)
	}
	e2eNoErr(t, e.srv.SetPassword(u.ID, "old-"+name))
	return u
}

// snapshot is what a client can see of a user: on each site their name,
// email, role and authentication, or "absent", and their groups.
func (e *authorityE2E) snapshot(t *testing.T, id string) string {
	t.Helper()
	var b strings.Builder
	for _, site := range []string{"alpha", "beta"} {
		u, err := e.admin[site].Users.Get(e2eCtx, id)
		if errors.Is(err, tsc.ErrNotFound) {
			fmt.Fprintf(&b, "%s: absent; ", site)
			continue
		}
		e2eNoErr(t, err)
		var groups []string
		for _, g := range e2eMust2(e.admin[site].Users.Groups(e2eCtx, id, tsc.ListOptions{}))(t) {
			groups = append(groups, g.Name)
		}
		slices.Sort(groups)
		fmt.Fprintf(&b, "%s: %q %q %s %s %v; ", site, u.FullName, u.Email, u.SiteRole, u.AuthSetting, groups)
	}
	return b.String()
}

// signsIn reports whether the user signs in to the site with the password.
func (e *authorityE2E) signsIn(t *testing.T, name, password, site string) bool {
	t.Helper()
	c := e2eMust(e.srv.NewClient())(t)
	err := c.SignIn(e2eCtx, tsc.Password(name, password, site))
	if err == nil {
		c.SignOut(e2eCtx)
		return true
	}
	if !errors.Is(err, tsc.ErrUnauthorized) {
		t.Fatalf("signing in as %s: %v", name, err)
	}
	return false
}

// authorityChanges are the columns: what a caller asks of a target user,
// through the SDK. Each returns the call's error.
var authorityChanges = []struct {
	name string
	do   func(c *tsc.Client, target *tsc.User, group string) error
}{
	{"fullName", func(c *tsc.Client, u *tsc.User, _ string) error {
		_, err := c.Users.Update(e2eCtx, tsc.User{ID: u.ID, FullName: "Mallory"})
		return err
	}},
	{"email", func(c *tsc.Client, u *tsc.User, _ string) error {
		_, err := c.Users.Update(e2eCtx, tsc.User{ID: u.ID, Email: "mallory@evil.example"})
		return err
	}},
	{"password", func(c *tsc.Client, u *tsc.User, _ string) error {
		_, err := c.Users.Update(e2eCtx, tsc.User{ID: u.ID, Password: tsc.Secret("new-" + u.Name)})
		return err
	}},
	{"authSetting", func(c *tsc.Client, u *tsc.User, _ string) error {
		_, err := c.Users.Update(e2eCtx, tsc.User{ID: u.ID, AuthSetting: "SAML"})
		return err
	}},
	{"siteRole=Explorer", func(c *tsc.Client, u *tsc.User, _ string) error {
		_, err := c.Users.Update(e2eCtx, tsc.User{ID: u.ID, SiteRole: tsc.SiteRoleExplorer})
		return err
	}},
	{"siteRole=ServerAdministrator", func(c *tsc.Client, u *tsc.User, _ string) error {
		_, err := c.Users.Update(e2eCtx, tsc.User{ID: u.ID, SiteRole: tsc.SiteRoleServerAdministrator})
		return err
	}},
	{"remove from site", func(c *tsc.Client, u *tsc.User, _ string) error {
		return c.Users.Remove(e2eCtx, u.ID, "")
	}},
	{"add to group", func(c *tsc.Client, u *tsc.User, group string) error {
		_, err := c.Groups.AddUser(e2eCtx, group, u.ID)
		return err
	}},
	{"query", func(c *tsc.Client, u *tsc.User, _ string) error {
		_, err := c.Users.Get(e2eCtx, u.ID)
		return err
	}},
}

// TestE2EAuthorityEveryUserRoute walks caller x target x change. Each
// caller acts on the site of their session ("own"); the other site is
// where shared users also belong. Expectations, one character per column
// of authorityChanges: '.' allowed (and the change is made), '0' 403000,
// '9' 403009, 'q' 403133.
func TestE2EAuthorityEveryUserRoute(t *testing.T) {
	e := newAuthorityE2E(t)
	callers := []struct {
		name      string
		role      tsc.SiteRole
		own, away string
		// want per target: plain user of the own site only, user also on
		// the other site, another server administrator, self.
		want [4]string
	}{
		{"server admin", tsc.SiteRoleServerAdministrator, "alpha", "beta", [4]string{".........", ".........", "......0..", "....0.0.."}},
		{"site admin creator", tsc.SiteRoleSiteAdministratorCreator, "alpha", "beta", [4]string{".....0...", "9999.0...", "9999900..", "....00..."}},
		{"site admin explorer", tsc.SiteRoleSiteAdministratorExplorer, "alpha", "beta", [4]string{".....0...", "9999.0...", "9999900..", "....00..."}},
		// The probe: site B's administrator against the users B shares with
		// the Default site and site A, and the server administrator.
		{"site admin of B", tsc.SiteRoleSiteAdministratorCreator, "beta", "alpha", [4]string{".....0...", "9999.0...", "9999900..", "....00..."}},
		{"creator", tsc.SiteRoleCreator, "alpha", "beta", [4]string{"00000000q", "00000000q", "00000000q", "00000000."}},
		{"explorer", tsc.SiteRoleExplorer, "alpha", "beta", [4]string{"00000000q", "00000000q", "00000000q", "00000000."}},
		{"viewer", tsc.SiteRoleViewer, "alpha", "beta", [4]string{"00000000q", "00000000q", "00000000q", "00000000."}},
		{"unlicensed", tsc.SiteRoleUnlicensed, "alpha", "beta", [4]string{"00000000q", "00000000q", "00000000q", "00000000."}},
	}
	targets := []string{"plain user of the own site", "user also on the other site", "another server admin", "self"}
	cells, refused := 0, 0
	for _, caller := range callers {
		for ti, kind := range targets {
			for ci, change := range authorityChanges {
				cell := caller.name + " / " + kind + " / " + change.name
				want := caller.want[ti][ci]
				me := e.user(t, "caller", caller.role, caller.own)
				var target *tsc.User
				switch ti {
				case 0:
					target = e.user(t, "plain", tsc.SiteRoleCreator, caller.own)
				case 1:
					target = e.user(t, "shared", tsc.SiteRoleCreator, caller.own, caller.away)
				case 2:
					target = e.user(t, "root", tsc.SiteRoleServerAdministrator, caller.own)
				case 3:
					target = me
				}
				c := e2eMust(e.srv.ClientAs(e2eCtx, caller.own, me.Name))(t)
				before := e.snapshot(t, target.ID)
				err := change.do(c, target, e.group[caller.own])
				after := e.snapshot(t, target.ID)
				cells++
				if want == '.' {
					if err != nil {
						t.Errorf("%s: refused (%v), want allowed", cell, err)
						continue
					}
					noOp := change.name == "query" || (change.name == "siteRole=ServerAdministrator" && target.SiteRole == tsc.SiteRoleServerAdministrator)
					if change.name == "password" {
						if !e.signsIn(t, target.Name, "new-"+target.Name, caller.own) {
							t.Errorf("%s: allowed, but the new password does not sign in", cell)
						}
					} else if before == after && !noOp {
						t.Errorf("%s: allowed, but nothing changed: %s", cell, after)
					}
					continue
				}
				refused++
				code := map[byte]string{'0': "403000", '9': "403009", 'q': "403133"}[want]
				var se *tsc.ServerError
				if !errors.As(err, &se) || se.HTTPStatus != 403 || se.Code != code {
					t.Errorf("%s: got %v, want 403 %s", cell, err, code)
				}
				if before != after {
					t.Errorf("%s: refused, yet the user changed:\n before %s\n after  %s", cell, before, after)
				}
				if change.name == "password" {
					if e.signsIn(t, target.Name, "new-"+target.Name, caller.own) || !e.signsIn(t, target.Name, "old-"+target.Name, caller.own) {
						t.Errorf("%s: refused, yet the password changed", cell)
					}
				}
			}
		}
	}
	t.Logf("%d cells, %d refused", cells, refused)
	if cells != len(callers)*len(targets)*len(authorityChanges) {
		t.Errorf("walked %d cells", cells)
	}
}

// TestE2EAuthoritySiteAndGroupRoutes: the site routes (own site and the
// other one, by id) and the group routes (own site), for every caller
// role; a refused request leaves the sites and groups as they were.
func TestE2EAuthoritySiteAndGroupRoutes(t *testing.T) {
	e := newAuthorityE2E(t)
	sites := map[string]string{}
	for _, url := range []string{"alpha", "beta"} {
		sites[url] = e.admin[url].Session().SiteID
	}
	siteState := func(url string) string {
		s := e2eMust(e.admin[url].Sites.Get(e2eCtx, sites[url]))(t)
		quota := func(q *int) string {
			if q == nil {
				return "-"
			}
			return fmt.Sprint(*q)
		}
		return fmt.Sprintf("%s %s %s %s %s", s.Name, s.State, s.AdminMode, quota(s.UserQuota), quota(s.StorageQuota))
	}
	groupState := func(url string) string {
		var out []string
		for _, g := range e2eMust2(e.admin[url].Groups.List(e2eCtx, tsc.ListOptions{}))(t) {
			members := e2eMust2(e.admin[url].Groups.Users(e2eCtx, g.ID, tsc.ListOptions{}))(t)
			out = append(out, fmt.Sprintf("%s(%d)", g.Name, len(members)))
		}
		slices.Sort(out)
		return strings.Join(out, " ")
	}
	type route struct {
		name string
		// other: acts on the other site (by id); the SDK's site-scoped
		// routes always use the session's site, so only site routes have it.
		other bool
		do    func(c *tsc.Client, site string) error
	}
	n := 0
	routes := []route{
		{"list sites", false, func(c *tsc.Client, _ string) error { _, _, err := c.Sites.List(e2eCtx, tsc.ListOptions{}); return err }},
		{"create site", false, func(c *tsc.Client, _ string) error {
			n++
			_, err := c.Sites.Create(e2eCtx, tsc.Site{Name: fmt.Sprintf("New %d", n), ContentURL: fmt.Sprintf("new%d", n)})
			return err
		}},
		{"get own site", false, func(c *tsc.Client, s string) error { _, err := c.Sites.Get(e2eCtx, s); return err }},
		{"get other site", true, func(c *tsc.Client, s string) error { _, err := c.Sites.Get(e2eCtx, s); return err }},
		{"rename own site", false, func(c *tsc.Client, s string) error {
			n++
			_, err := c.Sites.Update(e2eCtx, tsc.Site{ID: s, Name: fmt.Sprintf("Renamed %d", n)})
			return err
		}},
		{"rename other site", true, func(c *tsc.Client, s string) error {
			_, err := c.Sites.Update(e2eCtx, tsc.Site{ID: s, Name: "Taken over"})
			return err
		}},
		{"raise own userQuota", false, func(c *tsc.Client, s string) error {
			n++
			_, err := c.Sites.Update(e2eCtx, tsc.Site{ID: s, UserQuota: tsc.Int(1000 + n)})
			return err
		}},
		{"suspend own site", false, func(c *tsc.Client, s string) error {
			_, err := c.Sites.Update(e2eCtx, tsc.Site{ID: s, State: "Suspended"})
			return err
		}},
		{"delete other site", true, func(c *tsc.Client, s string) error { return c.Sites.Delete(e2eCtx, s) }},
		{"list groups", false, func(c *tsc.Client, _ string) error { _, _, err := c.Groups.List(e2eCtx, tsc.ListOptions{}); return err }},
		{"create group", false, func(c *tsc.Client, _ string) error {
			n++
			_, err := c.Groups.Create(e2eCtx, tsc.Group{Name: fmt.Sprintf("Group %d", n)})
			return err
		}},
		{"rename group", false, func(c *tsc.Client, _ string) error {
			n++
			_, err := c.Groups.Update(e2eCtx, tsc.Group{ID: e.group["alpha"], Name: fmt.Sprintf("Team alpha %d", n)})
			return err
		}},
		{"add admin to group", false, func(c *tsc.Client, _ string) error {
			_, err := c.Groups.AddUser(e2eCtx, e.group["alpha"], e.admin["alpha"].Session().UserID)
			return err
		}},
		{"remove admin from group", false, func(c *tsc.Client, _ string) error {
			return c.Groups.RemoveUser(e2eCtx, e.group["alpha"], e.admin["alpha"].Session().UserID)
		}},
	}
	// One character per route above, in order.
	callers := []struct {
		name string
		role tsc.SiteRole
		want string
	}{
		{"server admin", tsc.SiteRoleServerAdministrator, ".....0..0....."},
		{"site admin creator", tsc.SiteRoleSiteAdministratorCreator, ".0.0.0000....."},
		{"site admin explorer", tsc.SiteRoleSiteAdministratorExplorer, ".0.0.0000....."},
		{"creator", tsc.SiteRoleCreator, ".0.000000.0000"},
		{"viewer", tsc.SiteRoleViewer, ".0.000000.0000"},
		{"unlicensed", tsc.SiteRoleUnlicensed, ".0.000000.0000"},
	}
	for _, caller := range callers {
		if len(caller.want) != len(routes) {
			t.Fatalf("%s: %d expectations for %d routes", caller.name, len(caller.want), len(routes))
		}
		for i, rt := range routes {
			cell := caller.name + " / " + rt.name
			me := e.user(t, "caller", caller.role, "alpha")
			c := e2eMust(e.srv.ClientAs(e2eCtx, "alpha", me.Name))(t)
			site := sites["alpha"]
			if rt.other {
				site = sites["beta"]
			}
			before := siteState("alpha") + " | " + siteState("beta") + " | " + groupState("alpha")
			err := rt.do(c, site)
			after := siteState("alpha") + " | " + siteState("beta") + " | " + groupState("alpha")
			if caller.want[i] == '.' {
				if err != nil {
					t.Errorf("%s: refused (%v), want allowed", cell, err)
				}
				if rt.name == "suspend own site" && err == nil {
					// Put it back, for the cells that follow.
					e2eMust(e.admin["alpha"].Sites.Update(e2eCtx, tsc.Site{ID: sites["alpha"], State: "Active"}))(t)
				}
				continue
			}
			var se *tsc.ServerError
			if !errors.As(err, &se) || se.HTTPStatus != 403 || se.Code != "403000" {
				t.Errorf("%s: got %v, want 403 403000", cell, err)
			}
			if before != after {
				t.Errorf("%s: refused, yet something changed:\n before %s\n after  %s", cell, before, after)
			}
		}
	}
}

// The probes of issue 10 that found the takeover, as regression tests.

// probeServer is a server with sites A and B, a site administrator of B
// (as a client), and the server administrator's id.
func probeServer(t *testing.T) (srv *tsctest.Server, siteB *tsc.Client, adminID string) {
	t.Helper()
	srv = tsctest.NewServer(t)
	e2eMust(srv.SeedSite("A", "a"))(t)
	e2eMust(srv.SeedSite("B", "b"))(t)
	_, siteB = e2eUserClient(t, srv, "b", "mallory", tsc.SiteRoleSiteAdministratorCreator)
	admin := srv.MustClient(t)
	return srv, siteB, admin.Session().UserID
}

// TestE2EProbeSiteAdminCannotTakeOverServerAdmin: B's site administrator
// sets the server administrator's password, name and email through
// PUT /sites/{B}/users/{id}, raw and through the SDK: refused with 403009;
// the attacker's password does not sign in to the Default site, the old
// one does, and the name and email are unchanged.
func TestE2EProbeSiteAdminCannotTakeOverServerAdmin(t *testing.T) {
	srv, siteB, adminID := probeServer(t)
	token := siteB.Session().Token.Reveal()
	path := "sites/" + siteB.Session().SiteID + "/users/" + adminID
	for _, attr := range []string{`password="pwned-1"`, `fullName="Mallory"`, `email="mallory@evil.example"`, `authSetting="SAML"`,
		`password="pwned-1" siteRole="ServerAdministrator"`} {
		status, body := rawCall(t, srv, token, "PUT", path, "", tsRequest(`<user `+attr+`/>`))
		if code := errorCodeOf(body); status != 403 || (code != "403009" && code != "403000") {
			t.Errorf("PUT %s <user %s/>: %d %s: %.300s", path, attr, status, code, body)
		}
	}
	_, err := siteB.Users.Update(e2eCtx, tsc.User{ID: adminID, Password: "pwned-2", FullName: "Mallory", Email: "m@evil.example"})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403009")
	if !strings.Contains(err.Error(), "password") || !strings.Contains(err.Error(), "server administrator") {
		t.Errorf("the refusal does not say which field and why: %v", err)
	}
	// The same user from the other side: a token of B on site A's path.
	a := e2eMust(srv.MustClient(t).Sites.GetByContentURL(e2eCtx, "a"))(t)
	status, body := rawCall(t, srv, token, "PUT", "sites/"+a.ID+"/users/"+adminID, "", tsRequest(`<user password="pwned-3"/>`))
	if status != 403 {
		t.Errorf("PUT on site A with B's token: %d %.300s", status, body)
	}

	for _, pw := range []string{"pwned-1", "pwned-2", "pwned-3"} {
		c := e2eMust(srv.NewClient())(t)
		if err := c.SignIn(e2eCtx, tsc.Password(srv.AdminUsername, pw, "")); !errors.Is(err, tsc.ErrUnauthorized) {
			t.Errorf("signing in to Default with the attacker's password %q: %v", pw, err)
		}
	}
	admin := srv.MustClient(t) // the old password still signs in
	me := e2eMust(admin.Users.Get(e2eCtx, adminID))(t)
	if me.FullName == "Mallory" || strings.Contains(me.Email, "evil") || me.AuthSetting != "ServerDefault" || me.SiteRole != tsc.SiteRoleServerAdministrator {
		t.Errorf("the server administrator changed: %+v", me)
	}
}

// TestE2EProbeSiteRoleUpdateKeepsServerAdmin: a site administrator's
// site-role update on the server administrator is refused, and the
// server administrator stays one (the flag that an update used to clear).
func TestE2EProbeSiteRoleUpdateKeepsServerAdmin(t *testing.T) {
	srv, siteB, adminID := probeServer(t)
	for _, role := range []tsc.SiteRole{tsc.SiteRoleViewer, tsc.SiteRoleUnlicensed, tsc.SiteRoleSiteAdministratorCreator} {
		_, err := siteB.Users.Update(e2eCtx, tsc.User{ID: adminID, SiteRole: role})
		e2eWantCode(t, err, tsc.ErrForbidden, 403, "403009")
	}
	admin := srv.MustClient(t)
	if n := len(e2eMust2(admin.Sites.List(e2eCtx, tsc.ListOptions{}))(t)); n != 3 {
		t.Errorf("the server administrator lists %d sites, want all 3", n)
	}
	if _, err := admin.Sites.Create(e2eCtx, tsc.Site{Name: "C", ContentURL: "c"}); err != nil {
		t.Errorf("the server administrator can no longer create sites: %v", err)
	}
	if u := e2eMust(siteB.Users.Get(e2eCtx, adminID))(t); u.SiteRole != tsc.SiteRoleServerAdministrator {
		t.Errorf("the server administrator's role on B is %s", u.SiteRole)
	}
}

// TestE2EProbeSharedUserIdentity: B's site administrator cannot change
// the name or email (or password, or authentication) of a user who also
// belongs to site A; the site role on B is theirs to change.
func TestE2EProbeSharedUserIdentity(t *testing.T) {
	srv, siteB, _ := probeServer(t)
	e2eMust(srv.SeedUser("a", "shared", tsc.SiteRoleCreator))(t)
	u := e2eMust(srv.SeedUser("b", "shared", tsc.SiteRoleCreator))(t)
	e2eNoErr(t, srv.SetPassword(u.ID, "shared-pw"))
	for _, change := range []tsc.User{{FullName: "Mallory"}, {Email: "mallory@evil.example"}, {Password: "pwned"}, {AuthSetting: "SAML"}} {
		change.ID = u.ID
		_, err := siteB.Users.Update(e2eCtx, change)
		e2eWantCode(t, err, tsc.ErrForbidden, 403, "403009")
		if !strings.Contains(err.Error(), "another site") {
			t.Errorf("the refusal does not say why: %v", err)
		}
	}
	onA := e2eMust(srv.ClientAs(e2eCtx, "a", "shared"))(t)
	got := e2eMust(onA.Users.Get(e2eCtx, u.ID))(t)
	if got.FullName != "" || got.Email != "" || got.AuthSetting != "ServerDefault" {
		t.Errorf("the shared user changed on A: %+v", got)
	}
	c := e2eMust(srv.NewClient())(t)
	e2eNoErr(t, c.SignIn(e2eCtx, tsc.Password("shared", "shared-pw", "a")))
	// Their role on B is B's business; on A it stays.
	e2eMust(siteB.Users.Update(e2eCtx, tsc.User{ID: u.ID, SiteRole: tsc.SiteRoleViewer}))(t)
	if got := e2eMust(onA.Users.Get(e2eCtx, u.ID))(t); got.SiteRole != tsc.SiteRoleCreator {
		t.Errorf("the role on A became %s", got.SiteRole)
	}
}

// TestE2EProbeCannotRemoveServerAdmin: a site administrator cannot remove
// the server administrator from their site.
func TestE2EProbeCannotRemoveServerAdmin(t *testing.T) {
	_, siteB, adminID := probeServer(t)
	e2eWantCode(t, siteB.Users.Remove(e2eCtx, adminID, ""), tsc.ErrForbidden, 403, "403000")
	if u := e2eMust(siteB.Users.Get(e2eCtx, adminID))(t); u.SiteRole != tsc.SiteRoleServerAdministrator {
		t.Errorf("the server administrator on B: %+v", u)
	}
}

// TestE2EProbeCannotGrantServerAdministrator: a site administrator can
// neither add a server administrator nor make one, themselves included.
func TestE2EProbeCannotGrantServerAdministrator(t *testing.T) {
	srv, siteB, _ := probeServer(t)
	_, err := siteB.Users.Add(e2eCtx, tsc.User{Name: "root2", SiteRole: tsc.SiteRoleServerAdministrator})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
	plain := e2eMust(siteB.Users.Add(e2eCtx, tsc.User{Name: "plain", SiteRole: tsc.SiteRoleViewer}))(t)
	_, err = siteB.Users.Update(e2eCtx, tsc.User{ID: plain.ID, SiteRole: tsc.SiteRoleServerAdministrator})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
	_, err = siteB.Users.Update(e2eCtx, tsc.User{ID: siteB.Session().UserID, SiteRole: tsc.SiteRoleServerAdministrator})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
	admin := srv.MustClient(t)
	users := e2eMust2(admin.Users.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("siteRole", "ServerAdministrator")}}))(t)
	if len(users) != 1 || users[0].Name != srv.AdminUsername {
		t.Errorf("server administrators on Default: %+v", users)
	}
	if got := e2eMust(siteB.Users.Get(e2eCtx, plain.ID))(t); got.SiteRole != tsc.SiteRoleViewer {
		t.Errorf("plain's role: %s", got.SiteRole)
	}
}

// TestE2EServerAdminDemotionIsExplicit: only a server administrator demotes
// another, by naming the new role; the demotion holds on every site (no
// membership keeps ServerAdministrator); no one demotes themselves, so the
// last server administrator stays.
func TestE2EServerAdminDemotionIsExplicit(t *testing.T) {
	srv, _, adminID := probeServer(t)
	admin := srv.MustClient(t)
	root2 := e2eMust(srv.SeedUser("", "root2", tsc.SiteRoleServerAdministrator))(t)

	_, err := admin.Users.Update(e2eCtx, tsc.User{ID: adminID, SiteRole: tsc.SiteRoleCreator})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")

	e2eMust(admin.Users.Update(e2eCtx, tsc.User{ID: root2.ID, SiteRole: tsc.SiteRoleCreator}))(t)
	for _, site := range []string{"", "a", "b"} {
		c := e2eMust(srv.ClientAs(e2eCtx, site, "root2"))(t)
		if u := e2eMust(c.Users.Get(e2eCtx, root2.ID))(t); u.SiteRole != tsc.SiteRoleCreator {
			t.Errorf("site %q: the demoted user's role is %s, want Creator", site, u.SiteRole)
		}
		// No longer an administrator anywhere: the user list is refused.
		_, _, err := c.Users.List(e2eCtx, tsc.ListOptions{})
		e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
		if n := len(e2eMust2(c.Sites.List(e2eCtx, tsc.ListOptions{}))(t)); n != 3 {
			// Still a member of every site, as a Creator.
			t.Errorf("site %q: the demoted user lists %d sites", site, n)
		}
	}
	c := e2eMust(srv.ClientAs(e2eCtx, "", "root2"))(t)
	_, err = c.Sites.Create(e2eCtx, tsc.Site{Name: "D", ContentURL: "d"})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
	if n := len(e2eMust2(admin.Sites.List(e2eCtx, tsc.ListOptions{}))(t)); n != 3 {
		t.Errorf("the server administrator lists %d sites", n)
	}
}

// TestE2EAuthorityContentOnlySite: on a site in adminMode ContentOnly a
// site administrator manages content, not users; the server administrator
// still does.
func TestE2EAuthorityContentOnlySite(t *testing.T) {
	srv := tsctest.NewServer(t)
	admin := srv.MustClient(t)
	e2eMust(admin.Sites.Create(e2eCtx, tsc.Site{Name: "Locked", ContentURL: "locked", AdminMode: "ContentOnly"}))(t)
	_, sa := e2eUserClient(t, srv, "locked", "sally", tsc.SiteRoleSiteAdministratorCreator)
	viewer := e2eMust(srv.SeedUser("locked", "vic", tsc.SiteRoleViewer))(t)

	_, err := sa.Users.Add(e2eCtx, tsc.User{Name: "newbie", SiteRole: tsc.SiteRoleViewer})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
	e2eWantCode(t, sa.Users.Remove(e2eCtx, viewer.ID, ""), tsc.ErrForbidden, 403, "403000")
	_, err = sa.Users.Update(e2eCtx, tsc.User{ID: viewer.ID, SiteRole: tsc.SiteRoleCreator})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
	// Content and groups stay theirs; so does a user of this site alone.
	e2eMust(sa.Groups.Create(e2eCtx, tsc.Group{Name: "Readers"}))(t)
	e2eMust(sa.Users.Update(e2eCtx, tsc.User{ID: viewer.ID, FullName: "Vic"}))(t)
	// The site administrator cannot open the site to themselves.
	_, err = sa.Sites.Update(e2eCtx, tsc.Site{ID: sa.Session().SiteID, AdminMode: "ContentAndUsers"})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")

	root := e2eMust(srv.NewClient())(t)
	e2eNoErr(t, root.SignIn(e2eCtx, tsc.Password(srv.AdminUsername, srv.AdminPassword, "locked")))
	e2eMust(root.Users.Add(e2eCtx, tsc.User{Name: "newbie", SiteRole: tsc.SiteRoleViewer}))(t)
	e2eMust(root.Users.Update(e2eCtx, tsc.User{ID: viewer.ID, SiteRole: tsc.SiteRoleCreator}))(t)
	e2eNoErr(t, root.Users.Remove(e2eCtx, viewer.ID, ""))
}
