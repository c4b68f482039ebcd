package tsc

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// newBareClient returns a client for ts that has no session and no fixed version.
func newBareClient(t *testing.T, ts *testServer, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(ts.srv.URL, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSignInNegotiatesVersionAndKeepsSession(t *testing.T) {
	ts := setup(t)
	ts.handle("GET /api/2.4/serverinfo", serveXML(200, reference(t, "server_info_get.xml")))
	ts.handle("POST /api/3.10/auth/signin", func(w http.ResponseWriter, r *http.Request) {
		body := readBody(t, r)
		for _, want := range []string{`name="alice"`, `password="s3cret"`, `contentUrl="Samples"`} {
			if !strings.Contains(body, want) {
				t.Errorf("sign-in body lacks %s: %s", want, body)
			}
		}
		if r.Header.Get("X-Tableau-Auth") != "" {
			t.Error("sign-in sent a token")
		}
		serveXML(200, reference(t, "auth_sign_in.xml"))(w, r)
	})
	c := newBareClient(t, ts)
	if err := c.SignIn(bg, Password("alice", "s3cret", "Samples")); err != nil {
		t.Fatal(err)
	}
	if got := c.Version(); got != (Version{3, 10}) {
		t.Errorf("negotiated %s, want 3.10 (the server's, lower than the SDK's)", got)
	}
	s := c.Session()
	want := Session{Token: "eIX6mvFsqyansa4KqEI1UwOpS8ggRs2l", SiteID: "6b7179ba-b82b-4f0f-91ed-812074ac5da6", SiteContentURL: "Samples", UserID: "1a96d216-e9b8-497b-a82a-0b899a965e01"}
	if s != want {
		t.Errorf("session = %+v, want %+v", s, want)
	}
}

func TestNegotiationCapsAtLatestVersion(t *testing.T) {
	ts := setup(t)
	ts.handle("GET /api/2.4/serverinfo", serveXML(200, []byte(`<tsResponse xmlns="http://tableau.com/api"><serverInfo><productVersion build="20999.26.0101.0000">2099.1</productVersion><restApiVersion>9.99</restApiVersion></serverInfo></tsResponse>`)))
	ts.handle("POST /api/3.29/auth/signin", serveXML(200, reference(t, "auth_sign_in.xml")))
	c := newBareClient(t, ts)
	if err := c.SignIn(bg, PersonalAccessToken("ci", "pat-secret", "")); err != nil {
		t.Fatal(err)
	}
	if got := c.Version(); got != LatestVersion {
		t.Errorf("version %s, want %s", got, LatestVersion)
	}
}

func TestLegacyServerInfoFallback(t *testing.T) {
	ts := setup(t)
	ts.handle("GET /api/2.4/serverinfo", serveXML(404, reference(t, "server_info_404.xml")))
	ts.handle("GET /auth", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("format") != "xml" {
			t.Errorf("legacy auth info asked without format=xml: %s", r.URL)
		}
		serveXML(200, reference(t, "server_info_auth_info.xml"))(w, r)
	})
	c := newBareClient(t, ts)
	info, err := c.ServerInfo(bg)
	if err != nil {
		t.Fatal(err)
	}
	if info.ProductVersion.Value != "9.3" || info.RESTAPIVersion != "2.2" || info.ProductVersion.Build != "hello.16.1106.2025" {
		t.Errorf("legacy info = %+v", info)
	}
}

func TestServerInfoDecodesReference(t *testing.T) {
	ts := setup(t, WithVersion("3.29"))
	ts.handle("GET /api/3.29/serverinfo", serveXML(200, reference(t, "server_info_get.xml")))
	info, err := ts.client.ServerInfo(bg)
	if err != nil {
		t.Fatal(err)
	}
	if info.ProductVersion.Value != "10.1.0" || info.ProductVersion.Build != "10100.16.1024.2100" || info.RESTAPIVersion != "3.10" {
		t.Errorf("info = %+v", info)
	}
}

func TestSignInBodies(t *testing.T) {
	cases := []struct {
		name  string
		creds Credentials
		want  []string
		not   []string
	}{
		{"password", Password("bob", "pw1", ""), []string{`name="bob"`, `password="pw1"`, `<site contentUrl="">`}, []string{"personalAccessToken", "jwt="}},
		{"pat", PersonalAccessToken("tok", "patsecret", "mkt"), []string{`personalAccessTokenName="tok"`, `personalAccessTokenSecret="patsecret"`, `contentUrl="mkt"`}, []string{"password=", `name="`}},
		{"jwt", JWT("header.payload.sig", "mkt"), []string{`jwt="header.payload.sig"`}, []string{"password=", "personalAccessToken"}},
		{"impersonate", Password("admin", "pw", "").Impersonate("dd2239f6-ddf1-4107-981a-4cf94e415794"), []string{`<user id="dd2239f6-ddf1-4107-981a-4cf94e415794">`}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ts := setup(t)
			ts.handle("POST /api/3.29/auth/signin", func(w http.ResponseWriter, r *http.Request) {
				body := readBody(t, r)
				for _, w := range tc.want {
					if !strings.Contains(body, w) {
						t.Errorf("body lacks %s: %s", w, body)
					}
				}
				for _, n := range tc.not {
					if strings.Contains(body, n) {
						t.Errorf("body has %s: %s", n, body)
					}
				}
				serveXML(200, reference(t, "auth_sign_in_impersonate.xml"))(w, r)
			})
			if err := ts.client.SignIn(bg, tc.creds); err != nil {
				t.Fatal(err)
			}
			if got := ts.client.Session().UserID; got != "dd2239f6-ddf1-4107-981a-4cf94e415794" {
				t.Errorf("user id %q", got)
			}
		})
	}
}

func TestSignInMinimumVersions(t *testing.T) {
	ts := setup(t, WithVersion("3.5"))
	err := ts.client.SignIn(bg, PersonalAccessToken("n", "s", ""))
	var ve *VersionError
	if !errors.As(err, &ve) || ve.Needed != (Version{3, 6}) || ve.Negotiated != (Version{3, 5}) || ve.Method != "SignIn" {
		t.Fatalf("err = %v, want a VersionError needing 3.6", err)
	}
	if !strings.Contains(err.Error(), "SignIn needs REST API 3.6") {
		t.Errorf("message %q", err)
	}
}

func TestSignInRefused(t *testing.T) {
	ts := setup(t)
	ts.handle("POST /api/3.29/auth/signin", serveXML(401, reference(t, "auth_sign_in_error.xml")))
	err := ts.client.SignIn(bg, Password("bob", "wrong", ""))
	var se *ServerError
	if !errors.As(err, &se) || se.Code != "401001" || se.Summary != "Signin Error" || !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Errorf("error leaks the password: %v", err)
	}
	if ts.count("POST", "/api/3.29/auth/signin") != 1 {
		t.Error("a refused sign-in was retried")
	}
}

func TestSignInRejectsEmptyCredentials(t *testing.T) {
	ts := setup(t)
	for _, c := range []Credentials{{}, Password("", "x", ""), PersonalAccessToken("n", "", ""), JWT("", "")} {
		if err := ts.client.SignIn(bg, c); err == nil {
			t.Errorf("SignIn(%v) succeeded", c)
		}
	}
}

func TestSignOutForgetsSession(t *testing.T) {
	ts := setup(t)
	ts.handle("POST /api/3.29/auth/signout", func(w http.ResponseWriter, r *http.Request) {
		testHeader(t, r, "X-Tableau-Auth", testToken)
		w.WriteHeader(http.StatusNoContent)
	})
	if err := ts.client.SignOut(bg); err != nil {
		t.Fatal(err)
	}
	if ts.client.SignedIn() {
		t.Error("still signed in")
	}
	if _, _, err := ts.client.Users.List(bg, ListOptions{}); !errors.Is(err, ErrNotSignedIn) {
		t.Errorf("after sign-out: %v, want ErrNotSignedIn", err)
	}
	// Signing out twice sends nothing.
	if err := ts.client.SignOut(bg); err != nil {
		t.Fatal(err)
	}
	if n := ts.count("POST", "/api/3.29/auth/signout"); n != 1 {
		t.Errorf("%d sign-out requests", n)
	}
}

func TestSwitchSite(t *testing.T) {
	ts := setup(t)
	ts.handle("POST /api/3.29/auth/switchSite", func(w http.ResponseWriter, r *http.Request) {
		if body := readBody(t, r); !strings.Contains(body, `<site contentUrl="Other">`) {
			t.Errorf("body %s", body)
		}
		serveXML(200, []byte(`<tsResponse xmlns="http://tableau.com/api"><credentials token="new-token-xyz"><site id="0626857c-1def-4503-a7d8-7907c3ff9d9f" contentUrl="Other"/><user id="dd2239f6-ddf1-4107-981a-4cf94e415794"/></credentials></tsResponse>`))(w, r)
	})
	ts.handle("GET /api/3.29/sites/0626857c-1def-4503-a7d8-7907c3ff9d9f/users", func(w http.ResponseWriter, r *http.Request) {
		testHeader(t, r, "X-Tableau-Auth", "new-token-xyz")
		serveXML(200, reference(t, "user_get.xml"))(w, r)
	})
	if err := ts.client.SwitchSite(bg, "Other"); err != nil {
		t.Fatal(err)
	}
	if s := ts.client.Session(); s.SiteContentURL != "Other" || s.SiteID != "0626857c-1def-4503-a7d8-7907c3ff9d9f" {
		t.Errorf("session %+v", s)
	}
	if _, _, err := ts.client.Users.List(bg, ListOptions{}); err != nil {
		t.Fatal(err)
	}
}

func TestNotSignedInFailsLocally(t *testing.T) {
	ts := setup(t)
	c := newBareClient(t, ts, WithVersion("3.29"))
	calls := map[string]func() error{
		"Users.List": func() error { _, _, err := c.Users.List(bg, ListOptions{}); return err },
		"Sites.Get":  func() error { _, err := c.Sites.Get(bg, "x"); return err },
		"Projects.All": func() error {
			for _, err := range c.Projects.All(bg, ListOptions{}) {
				return err
			}
			return nil
		},
		"Groups.Create":  func() error { _, err := c.Groups.Create(bg, Group{Name: "g"}); return err },
		"SwitchSite":     func() error { return c.SwitchSite(bg, "x") },
		"Client.Do site": func() error { _, err := c.Do(bg, "GET", "sites/{site-id}/users", nil, nil); return err },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, ErrNotSignedIn) {
			t.Errorf("%s: %v, want ErrNotSignedIn", name, err)
		}
	}
	// The strict mux fails the test if any of these reached the server.
}

func TestVersionErrorBeforeRequest(t *testing.T) {
	ts := setup(t, WithVersion("3.6"))
	_, _, err := ts.client.Users.Groups(bg, "dd2239f6-ddf1-4107-981a-4cf94e415794", ListOptions{})
	var ve *VersionError
	if !errors.As(err, &ve) || ve.Method != "Users.Groups" || ve.Needed != (Version{3, 7}) || ve.Negotiated != (Version{3, 6}) {
		t.Fatalf("err = %v", err)
	}
	if err := ts.client.Groups.RemoveUsers(bg, "g", []string{"u"}); !errors.As(err, &ve) || ve.Needed != (Version{3, 21}) {
		t.Fatalf("RemoveUsers at 3.6: %v", err)
	}
}

func TestExistingSessionLearnsVersion(t *testing.T) {
	ts := setup(t)
	ts.handle("GET /api/2.4/serverinfo", serveXML(200, reference(t, "server_info_get.xml")))
	ts.handle("GET /api/3.10/sites/s1/users", serveXML(200, reference(t, "user_get.xml")))
	c := newBareClient(t, ts, WithSession(Session{Token: "tok", SiteID: "s1"}))
	users, _, err := c.Users.List(bg, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 2 || c.Version() != (Version{3, 10}) {
		t.Errorf("users %d, version %s", len(users), c.Version())
	}
}

func TestCredentialsRedacted(t *testing.T) {
	creds := []Credentials{
		Password("alice", "pa55word!", "s"),
		PersonalAccessToken("ci", "PATSECRET123", "s"),
		JWT("eyJhbGciOi.payload.signature", "s").Impersonate("u1"),
	}
	for _, c := range creds {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			out := fmt.Sprintf(verb, c) + fmt.Sprintf(verb, []Credentials{c}) + fmt.Sprintf(verb, &c)
			for _, secret := range []string{"pa55word!", "PATSECRET123", "eyJhbGciOi"} {
				if strings.Contains(out, secret) {
					t.Errorf("%s of %s leaks the secret: %s", verb, c, out)
				}
			}
		}
	}
	s := Session{Token: "tok-VALUE-123"}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		if out := fmt.Sprintf(verb, s); strings.Contains(out, "tok-VALUE-123") {
			t.Errorf("%s of Session leaks the token: %s", verb, out)
		}
	}
}

func TestWithCredentialsRenewsSavedSession(t *testing.T) {
	ts := setup(t, WithCredentials(PersonalAccessToken("ci", "patsecret", "Samples")))
	var calls int
	ts.handle("GET "+sitePrefix+"/groups", func(w http.ResponseWriter, r *http.Request) {
		calls++
		if r.Header.Get("X-Tableau-Auth") == testToken {
			serveXML(401, []byte(`<tsResponse xmlns="http://tableau.com/api"><error code="401002"><summary>Unauthorized Access</summary><detail>Invalid authentication credentials were provided.</detail></error></tsResponse>`))(w, r)
			return
		}
		testHeader(t, r, "X-Tableau-Auth", "eIX6mvFsqyansa4KqEI1UwOpS8ggRs2l")
		serveXML(200, reference(t, "group_get.xml"))(w, r)
	})
	ts.handle("POST /api/3.29/auth/signin", expectBody(t, "auth_sign_in.xml", []string{`personalAccessTokenName="ci"`}))
	if _, _, err := ts.client.Groups.List(bg, ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if calls != 2 || ts.client.Session().Token != "eIX6mvFsqyansa4KqEI1UwOpS8ggRs2l" {
		t.Errorf("calls %d, session %+v", calls, ts.client.Session())
	}
}
