package tsc

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The tests in this file play a hostile (or broken) server: one that tries
// to make the SDK write outside the target directory, read forever, send the
// session token elsewhere, expand entities, or wait for ever.

// hangBound is the generous upper bound on how long a call against a hostile
// server may take before the test calls it a hang.
const hangBound = 20 * time.Second

// TestHostileDownloadNames serves downloads whose Content-Disposition names
// a path (relative with ../, absolute, Windows drive or UNC) or a Windows
// device name, and checks that the file lands, under a safe base name,
// directly inside the target directory and nowhere else.
func TestHostileDownloadNames(t *testing.T) {
	tests := []struct {
		disposition string
		want        string
	}{
		{`attachment; filename="../../../../tmp/escaped.twbx"`, "escaped.twbx"},
		{`attachment; filename="../"`, ""},
		{`attachment; filename=".."`, ""},
		{`attachment; filename*=UTF-8''%2E%2E%2F%2E%2E%2Fsecret.twbx`, "secret.twbx"},
		{`attachment; filename="/etc/cron.d/evil"`, "evil"},
		{`attachment; filename="/"`, ""},
		{`attachment; filename="C:\\Windows\\System32\\drivers\\etc\\hosts"`, "hosts"},
		{`attachment; filename="C:evil.twbx"`, "C_evil.twbx"},
		{`attachment; filename="\\\\server\\share\\unc.twbx"`, "unc.twbx"},
		{`attachment; filename="\\\\?\\C:\\long.twbx"`, "long.twbx"},
		{`attachment; filename="..\\..\\dotdot.twbx"`, "dotdot.twbx"},
		{`attachment; filename="CON"`, "_CON"},
		{`attachment; filename="con.twbx"`, "_con.twbx"},
		{`attachment; filename="NUL"`, "_NUL"},
		{`attachment; filename="nul.tar.gz"`, "_nul.tar.gz"},
		{`attachment; filename="NUL .twbx"`, "_NUL .twbx"},
		{`attachment; filename="COM1"`, "_COM1"},
		{`attachment; filename="com1.twbx"`, "_com1.twbx"},
		{`attachment; filename="LPT3.tds"`, "_LPT3.tds"},
		{`attachment; filename="AUX."`, "_AUX"},
		{`attachment; filename="sub/CON.twbx"`, "_CON.twbx"},
		{`attachment; filename=".hidden"`, "hidden"},
		{`attachment; filename*=UTF-8''a%7F%C2%85%00%1B%0Ab.twbx`, "ab.twbx"},
	}
	data := []byte("PK\x03\x04 not really a zip, but the name is what matters")
	for _, tt := range tests {
		t.Run(tt.disposition, func(t *testing.T) {
			ts := setup(t)
			ts.handle("GET "+sitePrefix+"/workbooks/w1/content", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/octet-stream")
				w.Header().Set("Content-Disposition", tt.disposition)
				w.Write(data)
			})
			// Without a usable name the workbook's name is asked for; it is hostile too.
			ts.handle("GET "+sitePrefix+"/workbooks/w1", serveXML(http.StatusOK,
				[]byte(`<tsResponse xmlns="http://tableau.com/api"><workbook id="w1" name="../../fallback"/></tsResponse>`)))
			root := t.TempDir()
			dir := filepath.Join(root, "out")
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			d, err := ts.client.Workbooks.DownloadTo(bg, "w1", dir, DownloadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if filepath.Dir(d.Path) != dir {
				t.Fatalf("saved as %q, outside %q", d.Path, dir)
			}
			name := filepath.Base(d.Path)
			if tt.want != "" && name != tt.want {
				t.Errorf("saved as %q, want %q", name, tt.want)
			}
			assertSafeName(t, name)
			if got, err := os.ReadFile(d.Path); err != nil || !bytes.Equal(got, data) {
				t.Errorf("saved file: %q, %v", got, err)
			}
			if es := dirEntries(t, dir); len(es) != 1 {
				t.Errorf("the directory holds %v, want the one file", es)
			}
			if es := dirEntries(t, root); len(es) != 1 || es[0] != "out" {
				t.Errorf("something was written beside the directory: %v", es)
			}
		})
	}
}

// assertSafeName fails unless name is a plain, safe base name.
func assertSafeName(t testing.TB, name string) {
	t.Helper()
	switch {
	case name == "", name == ".", name == "..":
		t.Errorf("name %q is empty or a directory", name)
	case strings.ContainsAny(name, `/\`+"\x00"):
		t.Errorf("name %q holds a separator or NUL", name)
	case strings.HasPrefix(name, "."):
		t.Errorf("name %q is hidden", name)
	case isDeviceName(name):
		t.Errorf("name %q is a Windows device", name)
	case len(name) > 255:
		t.Errorf("name is %d bytes long", len(name))
	}
	for _, r := range name {
		if r < 0x20 || (r >= 0x7f && r < 0xa0) {
			t.Errorf("name %q holds control character %U", name, r)
		}
	}
}

// endless streams s again and again until the client goes away.
func endless(s string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		chunk := []byte(strings.Repeat(s, (64<<10)/len(s)))
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}
}

// TestHostileEndlessXMLBody answers a call that expects a small XML document
// with a body that never ends: the SDK reads up to its cap for XML answers
// and fails with an error naming the cap, rather than read for ever or run
// out of memory. An endless error answer is cut shorter still.
func TestHostileEndlessXMLBody(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		// limit, when set, replaces the 64 MiB cap, to keep the test fast.
		limit int64
	}{
		{"elements", http.StatusOK, "<a>", 0},
		{"zeros", http.StatusOK, "\x00", 1 << 20},
		{"open tsResponse", http.StatusOK, `<tsResponse xmlns="http://tableau.com/api"><users>`, 1 << 20},
		{"error answer", http.StatusInternalServerError, "<a>", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.limit == 0 && tt.status == http.StatusOK && raceEnabled {
				// 64 MiB through the race detector takes several seconds;
				// the small-cap cases run the same code.
				t.Skip("the real 64 MiB cap is read without -race only")
			}
			ts := setup(t, WithoutRetries())
			ts.client.xmlLimit = tt.limit
			limit := cmp.Or(tt.limit, 64<<20) // the documented cap, written out
			path := usersPath + "/u1"
			ts.handle("GET "+path, func(w http.ResponseWriter, r *http.Request) {
				if tt.status != http.StatusOK {
					w.Header().Set("Content-Type", "application/xml")
					w.WriteHeader(tt.status)
				}
				endless(tt.body)(w, r)
			})
			start := time.Now()
			_, err := ts.client.Users.Get(bg, "u1")
			if d := time.Since(start); d > hangBound {
				t.Errorf("the call took %s", d)
			}
			if err == nil {
				t.Fatal("no error for an endless answer")
			}
			assertOneLineError(t, err, []string{"GET", path})
			if len(err.Error()) > 2000 {
				t.Errorf("Error() is %d bytes long", len(err.Error()))
			}
			if tt.status == http.StatusOK {
				var re *ResponseError
				if !errors.As(err, &re) {
					t.Fatalf("err = %v (%T), want a *ResponseError", err, err)
				}
				if !strings.Contains(err.Error(), fmt.Sprintf("%d-byte", limit)) || !strings.Contains(err.Error(), "limit") {
					t.Errorf("the error does not name the cap of %d bytes: %v", limit, err)
				}
				return
			}
			if !errors.Is(err, ErrServer) {
				t.Errorf("err = %v, want ErrServer", err)
			}
		})
	}
}

// TestHostileEntityDeclarations answers with documents that declare
// entities (a billion-laughs bomb, an external entity, a DTD alone): each is
// refused with an error that says why, and nothing is expanded.
func TestHostileEntityDeclarations(t *testing.T) {
	bomb := `<?xml version="1.0"?>
<!DOCTYPE tsResponse [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<tsResponse xmlns="http://tableau.com/api"><user id="u1" name="&d;"/></tsResponse>`
	external := `<?xml version="1.0"?>
<!DOCTYPE tsResponse [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<tsResponse xmlns="http://tableau.com/api"><user id="u1" name="&xxe;"/></tsResponse>`
	dtdOnly := `<!DOCTYPE tsResponse SYSTEM "http://attacker.example/ts.dtd"><tsResponse xmlns="http://tableau.com/api"><user id="u1" name="alice"/></tsResponse>`
	undeclared := `<tsResponse xmlns="http://tableau.com/api"><user id="u1" name="&xxe;"/></tsResponse>`
	lowercase := `<!doctype tsResponse [<!entity x "y">]><tsResponse xmlns="http://tableau.com/api"><user id="u1" name="&x;"/></tsResponse>`
	for name, body := range map[string]string{"billion laughs": bomb, "external entity": external, "DTD": dtdOnly,
		"undeclared entity": undeclared, "lowercase DTD": lowercase} {
		t.Run(name, func(t *testing.T) {
			ts := setup(t, WithoutRetries())
			path := usersPath + "/u1"
			ts.handle("GET "+path, serveXML(http.StatusOK, []byte(body)))
			u, err := ts.client.Users.Get(bg, "u1")
			if err == nil {
				t.Fatalf("decoded %+v from a document with entities", u)
			}
			var re *ResponseError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v (%T), want a *ResponseError", err, err)
			}
			assertOneLineError(t, err, []string{"GET", path})
			msg := err.Error()
			if strings.Contains(msg, "aaaaaaaaaa"+"aaaaaaaaaa"+"aaaaaaaaaa"+"aaaaaaaaaa"+"aaaaaaaaaa"+"aaaaaaaaaa"+"aaaaaaaaaa") || strings.Contains(msg, "root:") {
				t.Errorf("an entity was expanded: %s", msg)
			}
			if body != undeclared && !strings.Contains(body, "<!doctype") && !strings.Contains(msg, "entity declaration is refused") {
				t.Errorf("the error does not say why: %s", msg)
			}
		})
	}
	// In an error answer the document is not decoded: the status stands, with an excerpt.
	t.Run("error answer", func(t *testing.T) {
		ts := setup(t, WithoutRetries())
		ts.handle("GET "+usersPath+"/u1", serveXML(http.StatusNotFound, []byte(bomb)))
		_, err := ts.client.Users.Get(bg, "u1")
		var se *ServerError
		if !errors.As(err, &se) || se.HTTPStatus != http.StatusNotFound || se.Code != "" || !strings.HasPrefix(se.BodyExcerpt, "<?xml") {
			t.Fatalf("err = %#v, want a 404 *ServerError with an excerpt", err)
		}
	})
}

// TestHostileRetryAfter answers 429 with absurd Retry-After values (a
// billion seconds, more seconds than a Duration holds, a date centuries
// ahead): the SDK waits no longer than RetryPolicy.MaxRetryAfter each time.
func TestHostileRetryAfter(t *testing.T) {
	for _, ra := range []string{"999999999", "9223372036854775807", "99999999999999999999999", "Fri, 31 Dec 9999 23:59:59 GMT"} {
		t.Run(ra, func(t *testing.T) {
			ts := setup(t, WithRetryPolicy(RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond, MaxRetryAfter: 50 * time.Millisecond}))
			ts.handle("GET "+thingsPath, failTimes(100, http.StatusTooManyRequests, http.Header{"Retry-After": {ra}}))
			start := time.Now()
			err := doThing(bg, ts.client, "GET")
			if d := time.Since(start); d > hangBound {
				t.Errorf("the call took %s with MaxRetryAfter 50ms", d)
			}
			if !errors.Is(err, ErrRateLimited) {
				t.Fatalf("err = %v, want ErrRateLimited", err)
			}
			if n := ts.count("GET", thingsPath); n != 3 {
				t.Errorf("%d attempts, want 3", n)
			}
			var se *ServerError
			if errors.As(err, &se) && se.RetryAfter <= 0 {
				t.Errorf("RetryAfter = %s: a huge wait must not overflow to nothing or less", se.RetryAfter)
			}
		})
	}
	for in, want := range map[string]time.Duration{
		"999999999":               999999999 * time.Second,
		"9223372036854775807":     maxDuration,
		"99999999999999999999999": maxDuration,
		"-99999999999999999999":   0,
	} {
		if got := parseRetryAfter(in, time.Now()); got != want {
			t.Errorf("parseRetryAfter(%q) = %d, want %d", in, got, want)
		}
	}
}

// redirectTo answers every request with a redirect to target (same path).
func redirectTo(status int, target string, hits *atomic.Int32) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		io.Copy(io.Discard, r.Body)
		http.Redirect(w, r, target+r.URL.RequestURI(), status)
	}
}

// leakRecorder is a server that must never be reached: it counts requests.
type leakRecorder struct {
	srv  *httptest.Server
	hits atomic.Int32
}

func newLeakRecorder(t *testing.T, tlsServer bool) *leakRecorder {
	l := &leakRecorder{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.hits.Add(1)
		serveXML(http.StatusOK, []byte(`<tsResponse xmlns="http://tableau.com/api"/>`))(w, r)
	})
	if tlsServer {
		l.srv = httptest.NewTLSServer(h)
	} else {
		l.srv = httptest.NewServer(h)
	}
	t.Cleanup(l.srv.Close)
	return l
}

// TestHostileRedirects checks that a request carrying the session token or
// credentials follows no redirect to another host or port, nor from https to
// http, whatever the redirect status; that the refusal is not retried; and
// that the other server never sees the request.
func TestHostileRedirects(t *testing.T) {
	tlsTarget := newLeakRecorder(t, true)
	plainTarget := newLeakRecorder(t, false)
	// httptest's TLS servers share one certificate, so the origin's client
	// trusts tlsTarget: only the redirect policy can keep the token from it.
	host := func(u string) string { return strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://") }
	tests := []struct {
		name string
		tls  bool // the origin speaks https
		// target is where the origin redirects to, given its own URL.
		target func(origin string) string
		// victim, when set, is the server that must never be reached.
		victim *leakRecorder
		signIn bool // the request is a sign-in: a body with the password, no token
	}{
		{"https to http on the same host and port", true, func(o string) string { return "http://" + host(o) }, nil, false},
		{"https to http elsewhere", true, func(string) string { return plainTarget.srv.URL }, plainTarget, false},
		{"https to another port", true, func(string) string { return tlsTarget.srv.URL }, tlsTarget, false},
		{"http to another port", false, func(string) string { return plainTarget.srv.URL }, plainTarget, false},
		{"http to another host name", false, func(string) string { return strings.Replace(plainTarget.srv.URL, "127.0.0.1", "localhost", 1) }, plainTarget, false},
		{"sign-in to another port", false, func(string) string { return plainTarget.srv.URL }, plainTarget, true},
		{"sign-in from https to http", true, func(o string) string { return "http://" + host(o) }, nil, true},
		{"sign-in from https to another port", true, func(string) string { return tlsTarget.srv.URL }, tlsTarget, true},
	}
	for _, tt := range tests {
		for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
			t.Run(fmt.Sprintf("%s %d", tt.name, status), func(t *testing.T) {
				var before int32
				if tt.victim != nil {
					before = tt.victim.hits.Load()
				}
				var hits atomic.Int32
				var target atomic.Pointer[string]
				origin := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					redirectTo(status, *target.Load(), &hits)(w, r)
				}))
				if tt.tls {
					origin.StartTLS()
				} else {
					origin.Start()
				}
				defer origin.Close()
				to := tt.target(origin.URL)
				target.Store(&to)
				opts := []Option{WithVersion("3.29"), WithHTTPClient(origin.Client()),
					WithRetryPolicy(RetryPolicy{MaxAttempts: 4, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond, MaxRetryAfter: time.Millisecond})}
				if !tt.signIn {
					opts = append(opts, WithSession(Session{Token: testToken, SiteID: testSiteID}))
				}
				c, err := NewClient(origin.URL, opts...)
				if err != nil {
					t.Fatal(err)
				}
				if tt.signIn {
					err = c.SignIn(bg, Password("admin", secretPassword, ""))
				} else {
					err = doThing(bg, c, http.MethodGet)
				}
				if !errors.Is(err, ErrRedirectRefused) {
					t.Fatalf("err = %v, want ErrRedirectRefused", err)
				}
				assertOneLineError(t, err, []string{"redirect", "127.0.0.1"})
				assertNoSecret(t, "error", err.Error())
				if strings.Contains(err.Error(), testToken) {
					t.Errorf("the error shows the token: %v", err)
				}
				if n := hits.Load(); n != 1 {
					t.Errorf("the origin got %d requests, want 1 (a refused redirect is not retried)", n)
				}
				if tt.victim != nil {
					if n := tt.victim.hits.Load() - before; n != 0 {
						t.Errorf("the redirect target got %d requests", n)
					}
				}
			})
		}
	}
}

// TestRedirectsFollowed checks what the redirect policy lets through: a
// redirect on the same scheme, host and port keeps working (the token
// travels with it), a request without token or body may go elsewhere, and
// the caller's http.Client is neither changed nor bypassed.
func TestRedirectsFollowed(t *testing.T) {
	t.Run("same origin", func(t *testing.T) {
		for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
			ts := setup(t)
			ts.handle("GET "+thingsPath, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, thingsPath+"2", status)
			})
			ts.handle("PUT "+thingsPath, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, thingsPath+"2", status)
			})
			var got atomic.Int32
			h := func(w http.ResponseWriter, r *http.Request) {
				testHeader(t, r, "X-Tableau-Auth", testToken)
				if r.Method == http.MethodPut && !strings.Contains(readBody(t, r), "alice") {
					t.Errorf("%d: the body did not follow the redirect", status)
				}
				got.Add(1)
				serveXML(http.StatusOK, []byte(`<tsResponse xmlns="http://tableau.com/api"/>`))(w, r)
			}
			ts.handle("GET "+thingsPath+"2", h)
			ts.handle("PUT "+thingsPath+"2", h)
			if err := doThing(bg, ts.client, http.MethodGet); err != nil {
				t.Errorf("%d GET: %v", status, err)
			}
			if status != http.StatusFound {
				if err := doThing(bg, ts.client, http.MethodPut); err != nil {
					t.Errorf("%d PUT: %v", status, err)
				}
			}
		}
	})
	t.Run("no secret, another host", func(t *testing.T) {
		target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-Tableau-Auth") != "" {
				t.Error("a token reached the other host")
			}
			serveXML(http.StatusOK, []byte(`<tsResponse xmlns="http://tableau.com/api"><serverInfo><productVersion build="20241.0">2024.1</productVersion><restApiVersion>3.23</restApiVersion></serverInfo></tsResponse>`))(w, r)
		}))
		defer target.Close()
		var hits atomic.Int32
		origin := httptest.NewServer(redirectTo(http.StatusFound, target.URL, &hits))
		defer origin.Close()
		c, err := NewClient(origin.URL)
		if err != nil {
			t.Fatal(err)
		}
		info, err := c.ServerInfo(bg)
		if err != nil || info.RESTAPIVersion != "3.23" {
			t.Fatalf("ServerInfo through a redirect: %+v, %v", info, err)
		}
	})
	t.Run("the caller's client", func(t *testing.T) {
		ts := setup(t)
		ts.handle("GET "+thingsPath, func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, thingsPath+"2", http.StatusFound) })
		ts.handle("GET "+thingsPath+"2", serveXML(http.StatusOK, []byte(`<tsResponse xmlns="http://tableau.com/api"/>`)))
		var asked atomic.Int32
		policy := func(req *http.Request, via []*http.Request) error {
			asked.Add(1)
			return errors.New("the caller's policy says no")
		}
		tr := &http.Transport{}
		hc := &http.Client{CheckRedirect: policy, Transport: tr}
		c, err := NewClient(ts.srv.URL, WithHTTPClient(hc), WithVersion("3.29"), WithSession(Session{Token: testToken, SiteID: testSiteID}), WithoutRetries())
		if err != nil {
			t.Fatal(err)
		}
		err = doThing(bg, c, http.MethodGet)
		if err == nil || !strings.Contains(err.Error(), "the caller's policy says no") || asked.Load() != 1 {
			t.Errorf("err = %v after %d calls of the caller's policy, want its refusal", err, asked.Load())
		}
		if fmt.Sprintf("%p", hc.CheckRedirect) != fmt.Sprintf("%p", policy) || hc.Transport != tr {
			t.Error("NewClient changed the caller's http.Client")
		}
	})
	t.Run("ten redirects at most", func(t *testing.T) {
		ts := setup(t, WithoutRetries())
		ts.handle("GET "+thingsPath, func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, thingsPath, http.StatusFound) })
		err := doThing(bg, ts.client, http.MethodGet)
		if err == nil || !strings.Contains(err.Error(), "10 redirects") {
			t.Errorf("err = %v, want a stop after 10 redirects", err)
		}
		if n := ts.count("GET", thingsPath); n != 10 {
			t.Errorf("%d requests, want 10", n)
		}
	})
}

// TestRedirectAllowed is the policy's table: only the same origin, or the
// upgrade from http to https on the default ports, may receive a secret.
func TestRedirectAllowed(t *testing.T) {
	for _, tt := range []struct {
		from, to string
		want     bool
	}{
		{"https://tableau.example.com/a", "https://tableau.example.com/b", true},
		{"https://tableau.example.com/a", "https://TABLEAU.example.com:443/b", true},
		{"http://tableau.example.com:8080/a", "http://tableau.example.com:8080/b", true},
		{"http://tableau.example.com/a", "https://tableau.example.com/a", true},
		{"https://tableau.example.com/a", "http://tableau.example.com/a", false},
		{"https://tableau.example.com/a", "https://tableau.example.com:8443/a", false},
		{"https://tableau.example.com/a", "https://evil.example.com/a", false},
		{"https://tableau.example.com/a", "https://tableau.example.com.evil.example/a", false},
		{"http://tableau.example.com:8080/a", "https://tableau.example.com/a", false},
		{"http://tableau.example.com/a", "https://tableau.example.com:8443/a", false},
		{"https://[::1]:8443/a", "https://[::1]:8443/b", true},
		{"https://[::1]:8443/a", "https://127.0.0.1:8443/b", false},
		{"https://tableau.example.com/a", "ftp://tableau.example.com/a", false},
	} {
		from, _ := url.Parse(tt.from)
		to, _ := url.Parse(tt.to)
		if got := redirectAllowed(from, to); got != tt.want {
			t.Errorf("redirectAllowed(%s, %s) = %t, want %t", tt.from, tt.to, got, tt.want)
		}
	}
}
