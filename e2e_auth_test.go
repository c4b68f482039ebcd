package tsc_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

func TestE2EServerInfo(t *testing.T) {
	srv := tsctest.NewServer(t, tsctest.WithProductVersion("2025.1.0", "20251.25.0101.0000"))
	c := e2eMust(srv.NewClient())(t)
	info := e2eMust(c.ServerInfo(e2eCtx))(t)
	if info.RESTAPIVersion != "3.29" || info.ProductVersion.Value != "2025.1.0" || info.ProductVersion.Build != "20251.25.0101.0000" {
		t.Errorf("server info = %+v", info)
	}
}

func TestE2ESignInWithPassword(t *testing.T) {
	srv := tsctest.NewServer(t)
	c := e2eMust(srv.NewClient())(t)
	e2eNoErr(t, c.SignIn(e2eCtx, tsc.Password(srv.AdminUsername, srv.AdminPassword, "")))
	s := c.Session()
	if len(s.Token.Reveal()) < 43 || s.SiteID == "" || s.UserID == "" || s.SiteContentURL != "" {
		t.Fatalf("session = %+v (token length %d)", s, len(s.Token.Reveal()))
	}
	site := e2eMust(c.Sites.Get(e2eCtx, s.SiteID))(t)
	if site.Name != "Default" || site.ContentURL != "" {
		t.Errorf("signed in to %+v, want the Default site", site)
	}
	// Every sign-in gets its own token.
	c2 := e2eMust(srv.Client(e2eCtx))(t)
	if c2.Session().Token == s.Token {
		t.Error("two sign-ins share a token")
	}

	bad := e2eMust(srv.NewClient())(t)
	err := bad.SignIn(e2eCtx, tsc.Password(srv.AdminUsername, "wrong", ""))
	e2eWantCode(t, err, tsc.ErrUnauthorized, 401, "401001")
	err = bad.SignIn(e2eCtx, tsc.Password("nobody", srv.AdminPassword, ""))
	e2eWantCode(t, err, tsc.ErrUnauthorized, 401, "401001")
	err = bad.SignIn(e2eCtx, tsc.Password(srv.AdminUsername, srv.AdminPassword, "no-such-site"))
	e2eWantCode(t, err, tsc.ErrUnauthorized, 401, "401001")
	if bad.SignedIn() {
		t.Error("a failed sign-in left a session")
	}
}

func TestE2ESignInWithPersonalAccessToken(t *testing.T) {
	srv := tsctest.NewServer(t, tsctest.WithToken("automation", "s3cret"))
	c := e2eMust(srv.NewClient())(t)
	e2eNoErr(t, c.SignIn(e2eCtx, tsc.PersonalAccessToken("automation", "s3cret", "")))
	if _, _, err := c.Projects.List(e2eCtx, tsc.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	err := c.SignIn(e2eCtx, tsc.PersonalAccessToken("automation", "wrong", ""))
	e2eWantCode(t, err, tsc.ErrUnauthorized, 401, "401001")

	// A user's own token signs in as them, on a site they belong to only.
	e2eMust(srv.SeedSite("Sales", "sales"))(t)
	u := e2eMust(srv.SeedUser("sales", "carol", tsc.SiteRoleCreator))(t)
	e2eNoErr(t, srv.SeedPersonalAccessToken(u.ID, "carol-pat", "carol-secret"))
	e2eNoErr(t, c.SignIn(e2eCtx, tsc.PersonalAccessToken("carol-pat", "carol-secret", "sales")))
	if c.Session().UserID != u.ID || c.Session().SiteContentURL != "sales" {
		t.Errorf("session = %+v, want carol on sales", c.Session())
	}
	err = c.SignIn(e2eCtx, tsc.PersonalAccessToken("carol-pat", "carol-secret", ""))
	e2eWantCode(t, err, tsc.ErrUnauthorized, 401, "401001")
}

// signHS256 builds a JWT from raw claims, for the cases SignJWT cannot make.
func signHS256(t *testing.T, secret string, claims map[string]any) string {
	t.Helper()
	enc := base64.RawURLEncoding
	h, _ := json.Marshal(map[string]string{"alg": "HS256", "typ": "JWT", "kid": "kid-1"})
	p, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	signing := enc.EncodeToString(h) + "." + enc.EncodeToString(p)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(signing))
	return signing + "." + enc.EncodeToString(mac.Sum(nil))
}

func TestE2ESignInWithJWT(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	srv := tsctest.NewServer(t, tsctest.WithJWT("app-secret", "kid-1", "client-id"), tsctest.WithClock(func() time.Time { return now }))
	c := e2eMust(srv.NewClient())(t)
	e2eNoErr(t, c.SignIn(e2eCtx, tsc.JWT(srv.SignJWT("admin"), "")))
	if _, err := c.Users.Get(e2eCtx, c.Session().UserID); err != nil {
		t.Fatal(err)
	}
	good := map[string]any{"iss": "client-id", "aud": "tableau", "sub": "admin", "exp": now.Add(5 * time.Minute).Unix(), "jti": "1"}
	e2eNoErr(t, c.SignIn(e2eCtx, tsc.JWT(signHS256(t, "app-secret", good), "")))
	for name, mutate := range map[string]func(m map[string]any){
		"wrong issuer":     func(m map[string]any) { m["iss"] = "someone-else" },
		"wrong audience":   func(m map[string]any) { m["aud"] = "not-tableau" },
		"expired":          func(m map[string]any) { m["exp"] = now.Add(-time.Second).Unix() },
		"too long":         func(m map[string]any) { m["exp"] = now.Add(time.Hour).Unix() },
		"no expiry":        func(m map[string]any) { delete(m, "exp") },
		"unknown user":     func(m map[string]any) { m["sub"] = "nobody" },
		"wrong secret":     func(m map[string]any) { m["_secret"] = "other" },
		"tampered payload": func(m map[string]any) { m["_tamper"] = true },
	} {
		t.Run(name, func(t *testing.T) {
			m := map[string]any{}
			for k, v := range good {
				m[k] = v
			}
			mutate(m)
			secret := "app-secret"
			if s, ok := m["_secret"].(string); ok {
				secret = s
				delete(m, "_secret")
			}
			_, tamper := m["_tamper"]
			delete(m, "_tamper")
			tok := signHS256(t, secret, m)
			if tamper {
				parts := strings.Split(tok, ".")
				other := map[string]any{"iss": "client-id", "aud": "tableau", "sub": "someone", "exp": now.Add(time.Minute).Unix()}
				p, _ := json.Marshal(other)
				tok = parts[0] + "." + base64.RawURLEncoding.EncodeToString(p) + "." + parts[2]
			}
			err := c.SignIn(e2eCtx, tsc.JWT(tok, ""))
			e2eWantCode(t, err, tsc.ErrUnauthorized, 401, "401001")
		})
	}

	// Without a connected app configured, no JWT signs in.
	plain := tsctest.NewServer(t)
	pc := e2eMust(plain.NewClient())(t)
	e2eWantCode(t, pc.SignIn(e2eCtx, tsc.JWT(srv.SignJWT("admin"), "")), tsc.ErrUnauthorized, 401, "401001")
}

func TestE2ESignOut(t *testing.T) {
	srv := tsctest.NewServer(t)
	c := e2eMust(srv.Client(e2eCtx, tsc.WithoutReauth()))(t)
	// Keep the token, to use it after signing out.
	stale := e2eMust(srv.NewClient(tsc.WithSession(c.Session()), tsc.WithoutReauth()))(t)
	e2eNoErr(t, c.SignOut(e2eCtx))
	if c.SignedIn() {
		t.Fatal("still signed in")
	}
	_, _, err := stale.Projects.List(e2eCtx, tsc.ListOptions{})
	e2eWantCode(t, err, tsc.ErrUnauthorized, 401, "401002")
}

func TestE2ESessionExpiry(t *testing.T) {
	clock := newE2EClock(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
	advance := clock.Advance
	srv := tsctest.NewServer(t, tsctest.WithSessionLifetime(30*time.Minute), tsctest.WithClock(clock.Now))

	fixed := e2eMust(srv.Client(e2eCtx, tsc.WithoutReauth()))(t)
	renewing := e2eMust(srv.Client(e2eCtx))(t)
	old := renewing.Session().Token
	advance(29 * time.Minute)
	if _, _, err := fixed.Projects.List(e2eCtx, tsc.ListOptions{}); err != nil {
		t.Fatalf("before expiry: %v", err)
	}
	advance(2 * time.Minute)
	_, _, err := fixed.Projects.List(e2eCtx, tsc.ListOptions{})
	e2eWantCode(t, err, tsc.ErrUnauthorized, 401, "401002")
	// A client holding credentials signs in again and repeats the call.
	if _, _, err := renewing.Projects.List(e2eCtx, tsc.ListOptions{}); err != nil {
		t.Fatalf("reauth: %v", err)
	}
	if renewing.Session().Token == old {
		t.Error("the client kept the expired token")
	}
}

func TestE2EUnknownTokenAndNoToken(t *testing.T) {
	srv, admin := e2eServer(t)
	forged := e2eMust(srv.NewClient(tsc.WithSession(tsc.Session{Token: "forged-token-forged-token-forged-token-xx", SiteID: admin.Session().SiteID}), tsc.WithoutReauth()))(t)
	_, _, err := forged.Users.List(e2eCtx, tsc.ListOptions{})
	e2eWantCode(t, err, tsc.ErrUnauthorized, 401, "401002")

	resp, err := http.Get(srv.URL + "/api/3.29/sites")
	e2eNoErr(t, err)
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("no token: status %d, want 401", resp.StatusCode)
	}
}

func TestE2ESwitchSite(t *testing.T) {
	srv, c := e2eServer(t)
	sales := e2eMust(c.Sites.Create(e2eCtx, tsc.Site{Name: "Sales", ContentURL: "sales"}))(t)
	old := c.Session()
	stale := e2eMust(srv.NewClient(tsc.WithSession(old), tsc.WithoutReauth()))(t)
	e2eNoErr(t, c.SwitchSite(e2eCtx, "sales"))
	s := c.Session()
	if s.SiteID != sales.ID || s.SiteContentURL != "sales" || s.UserID != old.UserID || s.Token == old.Token {
		t.Fatalf("after switch: %+v (before %+v)", s, old)
	}
	// The new site's content, not the old one's.
	projects := e2eMust2(c.Projects.List(e2eCtx, tsc.ListOptions{}))(t)
	if len(projects) != 1 || projects[0].Name != "Default" {
		t.Errorf("projects on the new site: %+v", projects)
	}
	// The old token is gone.
	_, _, err := stale.Projects.List(e2eCtx, tsc.ListOptions{})
	e2eWantCode(t, err, tsc.ErrUnauthorized, 401, "401002")
	// A site the user is not on.
	_, bob := e2eUserClient(t, srv, "sales", "bob", tsc.SiteRoleExplorer)
	err = bob.SwitchSite(e2eCtx, "")
	e2eWantCode(t, err, tsc.ErrUnauthorized, 401, "401003")
	err = c.SwitchSite(e2eCtx, "nowhere")
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404000")
}

func TestE2EImpersonation(t *testing.T) {
	srv, admin := e2eServer(t)
	u := e2eMust(admin.Users.Add(e2eCtx, tsc.User{Name: "dana", SiteRole: tsc.SiteRoleExplorer}))(t)
	c := e2eMust(srv.NewClient())(t)
	e2eNoErr(t, c.SignIn(e2eCtx, tsc.Password(srv.AdminUsername, srv.AdminPassword, "").Impersonate(u.ID)))
	if c.Session().UserID != u.ID {
		t.Fatalf("impersonating: session user %s, want %s", c.Session().UserID, u.ID)
	}
	// Acting as dana: an Explorer cannot list users, but can read herself.
	_, _, err := c.Users.List(e2eCtx, tsc.ListOptions{})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
	me := e2eMust(c.Users.Get(e2eCtx, u.ID))(t)
	if me.Name != "dana" {
		t.Errorf("me = %+v", me)
	}
	// Impersonation does not count as dana signing in.
	if !me.LastLogin.IsZero() {
		t.Errorf("impersonation set lastLogin to %v", me.LastLogin)
	}

	// Only server administrators impersonate.
	e2eNoErr(t, srv.SetPassword(u.ID, "pw"))
	other := e2eMust(admin.Users.Add(e2eCtx, tsc.User{Name: "erin", SiteRole: tsc.SiteRoleViewer}))(t)
	err = c.SignIn(e2eCtx, tsc.Password("dana", "pw", "").Impersonate(other.ID))
	e2eWantCode(t, err, tsc.ErrUnauthorized, 401, "401001")
	err = c.SignIn(e2eCtx, tsc.Password(srv.AdminUsername, srv.AdminPassword, "").Impersonate("00000000-0000-0000-0000-000000000000"))
	e2eWantCode(t, err, tsc.ErrUnauthorized, 401, "401001")
}

func TestE2EVersions(t *testing.T) {
	// A client speaking a newer version than the server's gets Tableau's
	// "unknown resource" for every call.
	srv := tsctest.NewServer(t, tsctest.WithAPIVersion("3.20"))
	c := e2eMust(tsc.NewClient(srv.URL, tsc.WithVersion("3.29")))(t)
	err := c.SignIn(e2eCtx, tsc.Password(srv.AdminUsername, srv.AdminPassword, ""))
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404003")

	// Negotiating, the client learns 3.20 and works.
	n := e2eMust(tsc.NewClient(srv.URL))(t)
	e2eNoErr(t, n.SignIn(e2eCtx, tsc.Password(srv.AdminUsername, srv.AdminPassword, "")))
	if got := n.Version().String(); got != "3.20" {
		t.Errorf("negotiated %s, want 3.20", got)
	}
	// Old versions are served too, down to 2.0 (2.4 is the first with serverinfo).
	old := e2eMust(tsc.NewClient(srv.URL, tsc.WithVersion("2.8")))(t)
	e2eNoErr(t, old.SignIn(e2eCtx, tsc.Password(srv.AdminUsername, srv.AdminPassword, "")))
	if _, _, err := old.Users.List(e2eCtx, tsc.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	// Endpoints newer than the version asked for are unknown, as on a real server.
	_, err = old.Do(e2eCtx, "GET", "sites/{site-id}/users/"+old.Session().UserID+"/groups", nil, nil)
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404003")
}

func TestE2ESiteIsolation(t *testing.T) {
	srv, admin := e2eServer(t)
	sales := e2eMust(admin.Sites.Create(e2eCtx, tsc.Site{Name: "Sales", ContentURL: "sales"}))(t)
	// A token for the Default site used on the Sales site's paths.
	_, err := admin.Do(e2eCtx, "GET", "sites/"+sales.ID+"/users", nil, nil)
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
	_, err = admin.Do(e2eCtx, "POST", "sites/"+sales.ID+"/projects", nil, &tsc.TSRequest{Project: &tsc.Project{Name: "Sneaky"}})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
	// Nothing was created there.
	c := e2eMust(srv.Client(e2eCtx))(t)
	e2eNoErr(t, c.SwitchSite(e2eCtx, "sales"))
	ps := e2eMust2(c.Projects.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "Sneaky")}}))(t)
	if len(ps) != 0 {
		t.Errorf("a project was created through another site's token: %+v", ps)
	}
	// Users of one site are unknown on another.
	u := e2eMust(admin.Users.Add(e2eCtx, tsc.User{Name: "frank", SiteRole: tsc.SiteRoleViewer}))(t)
	_, err = c.Users.Get(e2eCtx, u.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404002")
}

func TestE2EConcurrentClients(t *testing.T) {
	srv, admin := e2eServer(t)
	const workers, each = 8, 5
	var wg sync.WaitGroup
	errs := make(chan error, workers*each*3)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			c, err := srv.Client(e2eCtx)
			if err != nil {
				errs <- err
				return
			}
			for i := 0; i < each; i++ {
				name := "p" + string(rune('a'+w)) + string(rune('a'+i))
				if _, err := c.Projects.Create(e2eCtx, tsc.Project{Name: name}); err != nil {
					errs <- err
				}
				if _, err := c.Users.Add(e2eCtx, tsc.User{Name: "u" + name, SiteRole: tsc.SiteRoleViewer}); err != nil {
					errs <- err
				}
				if _, _, err := c.Groups.List(e2eCtx, tsc.ListOptions{}); err != nil {
					errs <- err
				}
			}
			// Everybody racing for the same name: exactly one wins.
			if _, err := c.Projects.Create(e2eCtx, tsc.Project{Name: "contended"}); err != nil && !errors.Is(err, tsc.ErrConflict) {
				errs <- err
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	all := e2eCollect(t, admin.Projects.All(e2eCtx, tsc.ListOptions{PageSize: 7}))
	if len(all) != workers*each+2 {
		t.Errorf("%d projects, want %d", len(all), workers*each+2)
	}
	users := e2eCollect(t, admin.Users.All(e2eCtx, tsc.ListOptions{}))
	if len(users) != workers*each+1 {
		t.Errorf("%d users, want %d", len(users), workers*each+1)
	}
}
