package tsc

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// referenceDir is where the captured Tableau responses live, beside the repo.
const referenceDir = "../shared/reference"

// testSiteID and testToken are what setup's fake sign-in hands out.
const (
	testSiteID = "6b7179ba-b82b-4f0f-91ed-812074ac5da6"
	testToken  = "test-token-0123456789abcdefghijklmnopqrstuvwxyz"
)

// testServer is an httptest server whose mux fails the test on any path no
// handler was registered for, so an SDK call to a wrong URL cannot pass.
type testServer struct {
	t      *testing.T
	mux    *http.ServeMux
	srv    *httptest.Server
	client *Client
	mu     sync.Mutex
	hits   map[string]int
}

// setup starts a test server and a client for it, already signed in with
// testToken on testSiteID at REST API 3.29, with retries fast enough for tests.
func setup(t *testing.T, opts ...Option) *testServer {
	t.Helper()
	ts := &testServer{t: t, mux: http.NewServeMux(), hits: map[string]int{}}
	ts.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ts.mu.Lock()
		ts.hits[r.Method+" "+r.URL.Path]++
		ts.mu.Unlock()
		if _, pattern := ts.mux.Handler(r); pattern == "" {
			t.Errorf("unexpected request: %s %s", r.Method, r.URL.String())
			http.Error(w, "unexpected request", http.StatusTeapot)
			return
		}
		// Served through the mux so that handlers see r.PathValue.
		ts.mux.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.srv.Close)
	base := []Option{
		WithVersion("3.29"),
		WithSession(Session{Token: testToken, SiteID: testSiteID, SiteContentURL: "Samples", UserID: "1a96d216-e9b8-497b-a82a-0b899a965e01"}),
		WithRetryPolicy(RetryPolicy{MaxAttempts: 4, MinBackoff: time.Millisecond, MaxBackoff: 4 * time.Millisecond, MaxRetryAfter: 2 * time.Second}),
	}
	c, err := NewClient(ts.srv.URL, append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	ts.client = c
	return ts
}

// handle registers h for a mux pattern such as "GET /api/3.29/sites/{id}".
func (ts *testServer) handle(pattern string, h http.HandlerFunc) { ts.mux.HandleFunc(pattern, h) }

// count returns how many requests reached method+path.
func (ts *testServer) count(method, path string) int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.hits[method+" "+path]
}

// reference returns a captured response from ../shared/reference/responses,
// skipping the test when the reference material is absent (failing under CI).
func reference(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(referenceDir, "responses", name))
	if err != nil {
		needReference(t, err)
	}
	return b
}

// needReference skips (or, when CI is set, fails) a test that needs ../shared.
func needReference(t testing.TB, err error) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("reference material missing under CI: %v", err)
	}
	t.Skipf("reference material not available (%v); skipping", err)
}

// serveXML answers with status and body as text/xml.
func serveXML(status int, body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml;charset=utf-8")
		w.WriteHeader(status)
		w.Write(body)
	}
}

// testMethod fails the test unless r has the wanted method.
func testHeader(t *testing.T, r *http.Request, key, want string) {
	t.Helper()
	if got := r.Header.Get(key); got != want {
		t.Errorf("header %s = %q, want %q", key, got, want)
	}
}

// readBody returns the request body as a string.
func readBody(t *testing.T, r *http.Request) string {
	t.Helper()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := r.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return b.String()
}

var bg = context.Background()
