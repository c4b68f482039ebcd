package tsctest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestServerTimeoutDefaults pins the defaults with their numbers (10 s for
// headers, 30 s without a byte of a body, 2 min idle) and checks that
// Start gives them to the http.Server, and that negative values mean no
// limit.
func TestServerTimeoutDefaults(t *testing.T) {
	if DefaultReadHeaderTimeout != 10*time.Second || DefaultBodyIdleTimeout != 30*time.Second || DefaultIdleTimeout != 2*time.Minute {
		t.Fatalf("defaults changed: %v %v %v", DefaultReadHeaderTimeout, DefaultBodyIdleTimeout, DefaultIdleTimeout)
	}
	s := NewServer(t)
	if s.http.ReadHeaderTimeout != 10*time.Second || s.http.IdleTimeout != 2*time.Minute || s.http.ReadTimeout != 0 {
		t.Errorf("http.Server timeouts: header %v, idle %v, whole request %v", s.http.ReadHeaderTimeout, s.http.IdleTimeout, s.http.ReadTimeout)
	}
	if s.http.Handler == s.Handler() {
		t.Error("request bodies are not given read deadlines")
	}
	off := NewServer(t, WithTimeouts(-1, -1, -1))
	if off.http.ReadHeaderTimeout != 0 || off.http.IdleTimeout != 0 || off.http.Handler != off.Handler() {
		t.Errorf("negative timeouts are not off: header %v, idle %v, handler wrapped %v", off.http.ReadHeaderTimeout, off.http.IdleTimeout, off.http.Handler != off.Handler())
	}
}

// TestHandlerMayWorkAfterBody: once a body is read to its end, a handler
// may work longer than the idle timeout without its request being
// cancelled: no body deadline outlives the body (the server's background
// read, which watches for the client going away, would time out on it and
// cancel the request's context).
func TestHandlerMayWorkAfterBody(t *testing.T) {
	const idle = 200 * time.Millisecond
	h := bodyDeadlines(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		select {
		case <-time.After(5 * idle):
			w.Write([]byte("done"))
		case <-r.Context().Done():
			http.Error(w, "cancelled", http.StatusInternalServerError)
		}
	}), idle)
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Post(srv.URL, "text/plain", strings.NewReader("body"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || string(b) != "done" {
		t.Fatalf("a handler working after the body was read: %d %s", resp.StatusCode, b)
	}
}
