package tsc_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// End-to-end tests of the control plane: the endpoints under /_emulator/
// that reset, seed, fault and inspect a running emulator, over real HTTP
// against tsctest servers. Whoever uses them owns the server's state, so
// each needs the control token, takes only JSON, and refuses whatever a
// web page in a browser could send.

// controlEndpoint is one control request: its method, path and a body
// that would change the state if it got through.
type controlEndpoint struct {
	method, path, body string
}

// controlEndpoints lists every control endpoint, each with a body that
// would do harm, plus an unknown one and a percent-encoded one: without
// the token, an unknown path is refused as the known ones are, so that
// nobody learns which exist.
var controlEndpoints = []controlEndpoint{
	{"POST", "/_emulator/reset", ""},
	{"POST", "/_emulator/seed", `{"users": [{"name": "mallory", "siteRole": "ServerAdministrator", "password": "mallory-pw"}], "projects": [{"name": "Planted"}]}`},
	{"GET", "/_emulator/stats", ""},
	{"GET", "/_emulator/faults", ""},
	{"PUT", "/_emulator/faults", `{"seed": 1, "spec": "500:1"}`},
	{"POST", "/_emulator/faults", `{"seed": 1, "spec": "500:1"}`},
	{"DELETE", "/_emulator/faults", ""},
	{"POST", "/_emulator/jobs/faults", `{"notes": "planted"}`},
	{"POST", "/_emulator/jobs/00000000-0000-0000-0000-000000000000/finish", ""},
	{"POST", "/_emulator/jobs/00000000-0000-0000-0000-000000000000/fail", `{"notes": "planted"}`},
	{"POST", "/_emulator/clock", `{"advance": "8760h"}`},
	{"GET", "/_emulator/clock", ""},
	{"GET", "/_emulator/outbox", ""},
	{"DELETE", "/_emulator/outbox", ""},
	{"POST", "/_emulator/health", ""},
	{"POST", "/_emulator/nothing", ""},
	{"PUT", "/%5Femulator/faults", `{"seed": 1, "spec": "500:1"}`},
}

// controlCall sends one request to srv and returns its status, headers
// and body; header values "" are left out.
func controlCall(t *testing.T, srv *tsctest.Server, method, path, body string, header map[string]string) (int, http.Header, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

// authorized are the headers of a well-formed control request.
func authorized(srv *tsctest.Server) map[string]string {
	return map[string]string{"Authorization": "Bearer " + srv.ControlToken, "Content-Type": "application/json"}
}

// with returns h with more headers.
func with(h map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range h {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// controlServer starts a server with content that a reset would wipe: a
// site, a user and a project besides the administrator.
func controlServer(t *testing.T, opts ...tsctest.Option) *tsctest.Server {
	t.Helper()
	seed := tsctest.WithSeed(func(s *tsctest.Server) error {
		if _, err := s.SeedSite("Finance", "finance"); err != nil {
			return err
		}
		if _, err := s.SeedUser("", "keeper", tsc.SiteRoleCreator); err != nil {
			return err
		}
		_, err := s.SeedProject("", "Keep", "", "")
		return err
	})
	return tsctest.NewServer(t, append([]tsctest.Option{seed}, opts...)...)
}

// stateOf describes what the control endpoints could change, through the
// SDK: the sites, the Default site's users (with their roles) and
// projects, the fault rules. The administrator must still sign in with
// the password for it to be read at all.
func stateOf(t *testing.T, srv *tsctest.Server) string {
	t.Helper()
	c := srv.MustClient(t)
	var parts []string
	for _, s := range e2eMust2(c.Sites.List(e2eCtx, tsc.ListOptions{}))(t) {
		parts = append(parts, "site "+s.ContentURL)
	}
	for _, u := range e2eMust2(c.Users.List(e2eCtx, tsc.ListOptions{}))(t) {
		parts = append(parts, fmt.Sprintf("user %s %s", u.Name, u.SiteRole))
	}
	for _, p := range e2eMust2(c.Projects.List(e2eCtx, tsc.ListOptions{}))(t) {
		parts = append(parts, "project "+p.Name)
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ") + "; faults " + srv.Faults().String()
}

// wantRefused fails unless the answer is status with a JSON error that
// holds every one of words.
func wantRefused(t *testing.T, what string, status int, h http.Header, body []byte, wantStatus int, words ...string) {
	t.Helper()
	var e struct {
		Error string `json:"error"`
	}
	if status != wantStatus || !strings.HasPrefix(h.Get("Content-Type"), "application/json") || json.Unmarshal(body, &e) != nil {
		t.Errorf("%s: %d %s %s, want %d with a JSON error", what, status, h.Get("Content-Type"), body, wantStatus)
		return
	}
	for _, w := range words {
		if !strings.Contains(e.Error, w) {
			t.Errorf("%s: error %q does not say %q", what, e.Error, w)
		}
	}
}

// TestControlProbeSeedWithoutTokenCreatedServerAdmin is issue 10's probe:
// "POST /_emulator/seed without any token created a server
// administrator". It now gets 401 and creates nobody; the same request
// with the token does create the administrator, so the refusal is the
// token's doing.
func TestControlProbeSeedWithoutTokenCreatedServerAdmin(t *testing.T) {
	srv := controlServer(t)
	body := `{"users": [{"name": "mallory", "siteRole": "ServerAdministrator", "password": "mallory-pw"}]}`
	status, h, b := controlCall(t, srv, "POST", "/_emulator/seed", body, map[string]string{"Content-Type": "application/json"})
	wantRefused(t, "seed without a token", status, h, b, 401, "control token")
	if h.Get("WWW-Authenticate") == "" {
		t.Error("a 401 without WWW-Authenticate")
	}
	c := e2eMust(srv.NewClient())(t)
	if err := c.SignIn(e2eCtx, tsc.Password("mallory", "mallory-pw", "")); err == nil {
		t.Fatal("mallory signs in: the seed without a token created her")
	}
	admin := srv.MustClient(t)
	if us := e2eMust2(admin.Users.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "mallory")}}))(t); len(us) != 0 {
		t.Fatalf("users named mallory: %+v", us)
	}

	status, _, b = controlCall(t, srv, "POST", "/_emulator/seed", body, authorized(srv))
	if status != 200 {
		t.Fatalf("seed with the token: %d %s", status, b)
	}
	if err := c.SignIn(e2eCtx, tsc.Password("mallory", "mallory-pw", "")); err != nil {
		t.Fatalf("the seeded administrator does not sign in: %v", err)
	}
}

// TestControlNeedsTheToken sends every control request without the token,
// with wrong ones and with malformed Authorization headers: each is 401
// naming the problem, and the state is what it was.
func TestControlNeedsTheToken(t *testing.T) {
	srv := controlServer(t)
	before := stateOf(t, srv)
	tok := srv.ControlToken
	wrong := []struct{ name, auth, says string }{
		{"none", "", "need the control token"},
		{"other token", "Bearer " + strings.Repeat("x", len(tok)), "wrong"},
		{"last character changed", "Bearer " + tok[:len(tok)-1] + string(tok[len(tok)-1]^1), "wrong"},
		{"prefix", "Bearer " + tok[:len(tok)-1], "wrong"},
		{"longer", "Bearer " + tok + "x", "wrong"},
		{"empty bearer", "Bearer ", "must be Bearer"},
		{"token alone", tok, "Bearer"},
		{"basic", "Basic " + tok, "Bearer"},
	}
	for _, ep := range controlEndpoints {
		for _, w := range wrong {
			h := map[string]string{"Content-Type": "application/json", "Authorization": w.auth}
			if w.auth == "" {
				delete(h, "Authorization")
			}
			status, rh, b := controlCall(t, srv, ep.method, ep.path, ep.body, h)
			wantRefused(t, ep.method+" "+ep.path+" with "+w.name, status, rh, b, 401, w.says)
			if strings.Contains(string(b), tok) {
				t.Errorf("%s %s: the answer holds the token: %s", ep.method, ep.path, b)
			}
		}
	}
	// Two Authorization headers, one of them right.
	req, _ := http.NewRequest("POST", srv.URL+"/_emulator/reset", nil)
	req.Header.Add("Authorization", "Bearer wrong-wrong-wrong-wrong")
	req.Header.Add("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("two Authorization headers: %d, want 401", resp.StatusCode)
	}
	if after := stateOf(t, srv); after != before {
		t.Fatalf("the state changed:\nbefore %s\nafter  %s", before, after)
	}

	// With the token, the same requests go through: the scheme is
	// case-insensitive, as RFC 9110 has it.
	status, _, b := controlCall(t, srv, "PUT", "/_emulator/faults", `{"seed": 3, "spec": "503:0.5@GET/nowhere"}`,
		with(authorized(srv), "Authorization", "bearer "+tok))
	if status != 200 || srv.Faults().String() != "503:0.5@GET/nowhere (seed 3)" {
		t.Fatalf("PUT /_emulator/faults with the token: %d %s, rules %v", status, b, srv.Faults().Rules)
	}
	if status, _, b := controlCall(t, srv, "POST", "/_emulator/reset", "", authorized(srv)); status != 204 {
		t.Fatalf("reset with the token: %d %s", status, b)
	}
	if after := stateOf(t, srv); strings.Contains(after, "keeper") || strings.Contains(after, "finance") {
		t.Errorf("reset with the token left %s", after)
	}
}

// TestControlTakesOnlyJSON: with the right token, a body of any other type
// (or a declared type other than JSON, body or not) is 415 and changes
// nothing; JSON with a charset is JSON.
func TestControlTakesOnlyJSON(t *testing.T) {
	srv := controlServer(t)
	before := stateOf(t, srv)
	for _, ep := range controlEndpoints {
		body := ep.body
		if body == "" {
			body = "{}"
		}
		for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "application/jsonx", ""} {
			h := with(authorized(srv), "Content-Type", ct)
			if ct == "" {
				delete(h, "Content-Type")
			}
			status, rh, b := controlCall(t, srv, ep.method, ep.path, body, h)
			want := "application/json"
			wantRefused(t, fmt.Sprintf("%s %s as %q", ep.method, ep.path, ct), status, rh, b, 415, want)
		}
	}
	// A declared type without a body is refused too: an HTML form posts
	// one even when it is empty.
	status, h, b := controlCall(t, srv, "POST", "/_emulator/reset", "", with(authorized(srv), "Content-Type", "text/plain"))
	wantRefused(t, "empty text/plain reset", status, h, b, 415, "text/plain")
	if after := stateOf(t, srv); after != before {
		t.Fatalf("the state changed:\nbefore %s\nafter  %s", before, after)
	}
	status, _, b = controlCall(t, srv, "PUT", "/_emulator/faults", `{"spec": "429:1@DELETE/nowhere"}`,
		with(authorized(srv), "Content-Type", "application/json; charset=utf-8"))
	if status != 200 {
		t.Fatalf("JSON with a charset: %d %s", status, b)
	}
}

// TestControlRefusesBrowsers: with the right token and JSON, a request
// that a browser sent (an Origin header, a Sec-Fetch-Site other than
// "none") or that reached the server under a domain name a DNS
// rebinding attack controls is 403, and changes nothing. No answer ever
// carries a CORS header, so no page reads one either.
func TestControlRefusesBrowsers(t *testing.T) {
	srv := controlServer(t)
	before := stateOf(t, srv)
	refusals := []struct {
		name   string
		header []string
		says   string
	}{
		{"origin", []string{"Origin", "http://evil.example"}, "Origin"},
		{"null origin", []string{"Origin", "null"}, "Origin"},
		{"own origin", []string{"Origin", srv.URL}, "Origin"},
		{"cross-site fetch", []string{"Sec-Fetch-Site", "cross-site"}, "Sec-Fetch-Site"},
		{"same-site fetch", []string{"Sec-Fetch-Site", "same-site"}, "Sec-Fetch-Site"},
		{"same-origin fetch", []string{"Sec-Fetch-Site", "same-origin"}, "Sec-Fetch-Site"},
		{"rebound host", []string{"Host", "evil.example" + srv.URL[strings.LastIndex(srv.URL, ":"):]}, "evil.example"},
		{"rebound host without port", []string{"Host", "attacker.test"}, "attacker.test"},
	}
	for _, ep := range append(controlEndpoints, controlEndpoint{"GET", "/_emulator/health", ""}, controlEndpoint{"OPTIONS", "/_emulator/reset", ""}) {
		for _, r := range refusals {
			status, h, b := controlCall(t, srv, ep.method, ep.path, ep.body, with(authorized(srv), r.header...))
			wantRefused(t, ep.method+" "+ep.path+" with "+r.name, status, h, b, 403, r.says)
			for k := range h {
				if strings.HasPrefix(k, "Access-Control-") {
					t.Errorf("%s %s: answer with %s", ep.method, ep.path, k)
				}
			}
		}
	}
	if after := stateOf(t, srv); after != before {
		t.Fatalf("the state changed:\nbefore %s\nafter  %s", before, after)
	}
	// What a web page can send without a preflight: a "simple" POST,
	// text/plain, with the Origin the browser adds and no token (the page
	// has none), and the preflight of anything more.
	for _, ep := range controlEndpoints {
		status, h, b := controlCall(t, srv, ep.method, ep.path, ep.body, map[string]string{
			"Content-Type": "text/plain;charset=UTF-8", "Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors"})
		wantRefused(t, "simple request to "+ep.path, status, h, b, 403, "Origin")
	}
	status, h, _ := controlCall(t, srv, "OPTIONS", "/_emulator/seed", "", map[string]string{
		"Origin": "http://evil.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type"})
	if status != 403 || h.Get("Access-Control-Allow-Origin") != "" || h.Get("Access-Control-Allow-Headers") != "" {
		t.Errorf("preflight: %d %v", status, h)
	}
	if after := stateOf(t, srv); after != before {
		t.Fatalf("the state changed:\nbefore %s\nafter  %s", before, after)
	}
	// Names that cannot be rebound pass: loopback and IP literals,
	// localhost and its subdomains, and a navigation typed by the user.
	port := srv.URL[strings.LastIndex(srv.URL, ":"):]
	for _, host := range []string{"127.0.0.1" + port, "localhost" + port, "LOCALHOST.", "app.localhost" + port, "[::1]" + port, "10.1.2.3"} {
		if status, _, b := controlCall(t, srv, "GET", "/_emulator/stats", "", with(authorized(srv), "Host", host)); status != 200 {
			t.Errorf("Host %s: %d %s", host, status, b)
		}
	}
	if status, _, b := controlCall(t, srv, "GET", "/_emulator/stats", "", with(authorized(srv), "Sec-Fetch-Site", "none")); status != 200 {
		t.Errorf("Sec-Fetch-Site none: %d %s", status, b)
	}
	// The REST API itself is not the control plane: it keeps answering
	// requests with an Origin (Tableau's own web client sends them).
	status, _, b := controlCall(t, srv, "GET", "/api/"+srv.APIVersion()+"/serverinfo", "", map[string]string{"Origin": "http://evil.example"})
	if status != 200 {
		t.Errorf("serverinfo with an Origin: %d %s", status, b)
	}
}

// TestControlHealthIsOpenAndTellsNothing: GET /_emulator/health answers
// without the token (readiness probes poll it before they have read it),
// and tells only what /api/{version}/serverinfo tells anyone. A wrong
// token is still refused, and so is a browser.
func TestControlHealthIsOpenAndTellsNothing(t *testing.T) {
	srv := controlServer(t)
	status, _, b := controlCall(t, srv, "GET", "/_emulator/health", "", nil)
	var health map[string]string
	if status != 200 || json.Unmarshal(b, &health) != nil || health["status"] != "ok" || len(health) != 2 || health["restApiVersion"] != srv.APIVersion() {
		t.Fatalf("health without a token: %d %s", status, b)
	}
	status, h, b := controlCall(t, srv, "GET", "/_emulator/health", "", map[string]string{"Authorization": "Bearer not-the-control-token"})
	wantRefused(t, "health with a wrong token", status, h, b, 401, "wrong")
	status, h, b = controlCall(t, srv, "GET", "/_emulator/health", "", map[string]string{"Origin": "http://evil.example"})
	wantRefused(t, "health from a page", status, h, b, 403, "Origin")
	if status, _, b := controlCall(t, srv, "GET", "/_emulator/health", "", authorized(srv)); status != 200 {
		t.Errorf("health with the token: %d %s", status, b)
	}
}

// TestControlOff: WithoutControl makes every control path an unknown
// resource, with the same answer as any path the server does not have,
// token or not; Go methods still control the server.
func TestControlOff(t *testing.T) {
	srv := controlServer(t, tsctest.WithoutControl())
	if srv.ControlToken != "" {
		t.Fatalf("ControlToken %q with the control plane off", srv.ControlToken)
	}
	before := stateOf(t, srv)
	_, _, unknown := controlCall(t, srv, "GET", "/nowhere/at/all", "", nil)
	for _, ep := range append(controlEndpoints, controlEndpoint{"GET", "/_emulator/health", ""}) {
		for _, h := range []map[string]string{nil, {"Authorization": "Bearer whatever-whatever-whatever", "Content-Type": "application/json"}} {
			status, rh, b := controlCall(t, srv, ep.method, ep.path, ep.body, h)
			want := strings.ReplaceAll(string(unknown), "/nowhere/at/all", strings.ReplaceAll(ep.path, "%5F", "_"))
			if status != 404 || !strings.HasPrefix(rh.Get("Content-Type"), "application/xml") || string(b) != want {
				t.Errorf("%s %s with the control plane off: %d %s\nwant 404 %s", ep.method, ep.path, status, b, want)
			}
		}
	}
	if after := stateOf(t, srv); after != before {
		t.Fatalf("the state changed:\nbefore %s\nafter  %s", before, after)
	}
	if err := srv.Reset(e2eCtx); err != nil {
		t.Fatal(err)
	}
	if after := stateOf(t, srv); strings.Contains(after, "keeper") {
		t.Errorf("Server.Reset with the control plane off left %s", after)
	}
}

// TestControlTokenOptions: a random token by default, different on each
// server; one chosen with WithControlToken is used; short tokens, tokens
// a header cannot carry and a token with the control plane off are
// refused at Start.
func TestControlTokenOptions(t *testing.T) {
	a, b := tsctest.NewServer(t), tsctest.NewServer(t)
	if len(a.ControlToken) != 43 || a.ControlToken == b.ControlToken {
		t.Errorf("default tokens %q and %q: want 43 random characters each", a.ControlToken, b.ControlToken)
	}
	srv := tsctest.NewServer(t, tsctest.WithControlToken("sixteen-chars-ok"))
	if srv.ControlToken != "sixteen-chars-ok" {
		t.Fatalf("ControlToken %q", srv.ControlToken)
	}
	if status, _, b := controlCall(t, srv, "GET", "/_emulator/stats", "", map[string]string{"Authorization": "Bearer sixteen-chars-ok"}); status != 200 {
		t.Errorf("the chosen token: %d %s", status, b)
	}
	for _, bad := range []struct {
		opts []tsctest.Option
		says string
	}{
		{[]tsctest.Option{tsctest.WithControlToken("fifteen-chars-x")}, "at least 16"},
		{[]tsctest.Option{tsctest.WithControlToken("sixteen chars ok")}, "printable ASCII"},
		{[]tsctest.Option{tsctest.WithControlToken("sixteen-chars-é!")}, "printable ASCII"},
		{[]tsctest.Option{tsctest.WithControlToken("sixteen-chars-ok"), tsctest.WithoutControl()}, "off"},
	} {
		var o tsctest.Options
		for _, opt := range bad.opts {
			opt(&o)
		}
		s, err := tsctest.Start(o)
		if err == nil {
			s.Close()
			t.Errorf("Start(%+v) accepted the token", o)
			continue
		}
		if !strings.Contains(err.Error(), bad.says) {
			t.Errorf("Start with a bad token: %v, want it to say %q", err, bad.says)
		}
	}
}

// TestControlTokenNeverLogged: the request log names control requests
// (method, path, status) but never the token, right or wrong.
func TestControlTokenNeverLogged(t *testing.T) {
	var log syncLog
	srv := controlServer(t, tsctest.WithLog(&log))
	wrong := "Bearer wrong-token-" + strings.Repeat("z", 30)
	controlCall(t, srv, "POST", "/_emulator/seed", `{"projects": [{"name": "Logged"}]}`, authorized(srv))
	controlCall(t, srv, "GET", "/_emulator/stats", "", authorized(srv))
	controlCall(t, srv, "POST", "/_emulator/reset", "", map[string]string{"Authorization": wrong})
	out := log.String()
	if !strings.Contains(out, "path=/_emulator/seed status=200") {
		t.Errorf("the seed is not logged:\n%s", out)
	}
	if strings.Contains(out, srv.ControlToken) || strings.Contains(out, "wrong-token-") {
		t.Errorf("the log holds a control token:\n%s", out)
	}
}

// syncLog is a log the server's goroutines write while the test reads.
type syncLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestBrowserGetsNoCORSAndNoCookie holds what the threat model says a web
// page cannot do against the REST API: read an answer (no response, the
// sign-in's included, carries a CORS header, and a preflight is not
// granted, so a page cannot send X-Tableau-Auth either) or ride on an
// ambient credential (the sign-in sets no cookie: the only credential is
// the X-Tableau-Auth token, which a page does not have).
func TestBrowserGetsNoCORSAndNoCookie(t *testing.T) {
	srv := controlServer(t)
	page := map[string]string{"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}
	signin := `<tsRequest><credentials name="` + srv.AdminUsername + `" password="` + srv.AdminPassword + `"><site contentUrl=""/></credentials></tsRequest>`
	api := "/api/" + srv.APIVersion()
	for _, r := range []struct{ method, path, body string }{
		{"POST", api + "/auth/signin", signin},
		{"GET", api + "/serverinfo", ""},
		{"GET", api + "/sites", ""},
		{"OPTIONS", api + "/sites", ""},
		{"OPTIONS", api + "/auth/signin", ""},
	} {
		h := with(page, "Content-Type", "text/plain", "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-tableau-auth")
		status, rh, b := controlCall(t, srv, r.method, r.path, r.body, h)
		for k := range rh {
			if strings.HasPrefix(k, "Access-Control-") || k == "Set-Cookie" {
				t.Errorf("%s %s: %d with %s: %s", r.method, r.path, status, k, rh.Get(k))
			}
		}
		if r.method == "POST" && (status != 200 || !strings.Contains(string(b), "credentials token=")) {
			t.Errorf("the sign-in itself: %d %s", status, b)
		}
	}
}
