package tsctest

import (
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
