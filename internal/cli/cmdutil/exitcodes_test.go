package cmdutil

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/iostreams"
)

func TestExitCodeClasses(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("doing it: %w", err) }
	for _, tc := range []struct {
		err  error
		want int
	}{
		{nil, 0},
		{wrap(&tsc.ServerError{HTTPStatus: 400}), 1},
		{FlagErrorf("bad"), 2},
		{wrap(&tsc.ServerError{HTTPStatus: 401, Code: "401001"}), 3},
		{NotSignedInf("not signed in"), 3},
		{wrap(&tsc.ServerError{HTTPStatus: 404}), 4},
		{wrap(&tsc.ServerError{HTTPStatus: 409}), 5},
		{wrap(&tsc.ServerError{HTTPStatus: 500}), 6},
		{wrap(&tsc.ServerError{HTTPStatus: 503}), 6},
		{wrap(&tsc.ServerError{HTTPStatus: 429}), 6},
		{wrap(&tsc.ResponseError{HTTPStatus: 200, Err: io.ErrUnexpectedEOF}), 6},
		{wrap(context.DeadlineExceeded), 6},
		{wrap(&tsc.ServerError{HTTPStatus: 403}), 7},
		{wrap(&InterruptedError{Signal: syscall.SIGINT}), 130},
		{wrap(&InterruptedError{Signal: syscall.SIGTERM}), 143},
		// A local file error has Timeout() and Temporary() as net.Error
		// has; it is not the network's fault.
		{wrap(&fs.PathError{Op: "open", Path: "x", Err: syscall.ENOENT}), 1},
		{wrap(context.Canceled), 1},
	} {
		if got := ExitCode(tc.err); got != tc.want {
			t.Errorf("ExitCode(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
}

// TestTransportTimeouts: the global flags default to a 30 s connect and a
// 60 s response timeout, and the transport every client gets carries them
// (dial, TLS handshake, response headers).
func TestTransportTimeouts(t *testing.T) {
	g := &GlobalOptions{}
	cmd := &cobra.Command{Use: "x", RunE: func(*cobra.Command, []string) error { return nil }}
	AddGlobalFlags(cmd, g)
	cmd.SetArgs(nil)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if g.ConnectTimeout != 30*time.Second || g.ResponseTimeout != 60*time.Second {
		t.Errorf("defaults: connect %s, response %s; want 30s and 1m", g.ConnectTimeout, g.ResponseTimeout)
	}
	streams, _, _, _ := iostreams.Test()
	f := &Factory{IO: streams, Globals: g}
	tr := f.httpTransport()
	if tr.DialContext == nil || tr.TLSHandshakeTimeout != 30*time.Second || tr.ResponseHeaderTimeout != 60*time.Second {
		t.Errorf("transport: TLS %s, headers %s, dialer set %v", tr.TLSHandshakeTimeout, tr.ResponseHeaderTimeout, tr.DialContext != nil)
	}
	if f.httpTransport() != tr {
		t.Error("each client gets its own transport: connections are not shared")
	}
}

// TestSlowTransferIsNotCut: the response timeout bounds the wait for an
// answer to start, not the answer: a body that trickles in for ten times
// the timeout arrives whole through the client every command starts from.
func TestSlowTransferIsNotCut(t *testing.T) {
	const chunks = 10
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		for i := 0; i < chunks; i++ {
			fmt.Fprintf(w, "chunk %d\n", i)
			w.(http.Flusher).Flush()
			time.Sleep(30 * time.Millisecond)
		}
	}))
	defer srv.Close()
	streams, _, _, _ := iostreams.Test()
	f := &Factory{IO: streams, Globals: &GlobalOptions{ConnectTimeout: 30 * time.Millisecond, ResponseTimeout: 30 * time.Millisecond}}
	resp, err := f.baseHTTPClient().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || strings.Count(string(b), "chunk") != chunks {
		t.Errorf("read %q, %v; want %d chunks", b, err, chunks)
	}
}

// TestApplyEnv: the environment sets a timeout its flag did not; a bad
// value is a usage error naming the variable.
func TestApplyEnv(t *testing.T) {
	env := map[string]string{"TABCTL_CONNECT_TIMEOUT": "5s", "TABCTL_RESPONSE_TIMEOUT": "2m"}
	g := &GlobalOptions{}
	cmd := &cobra.Command{Use: "x"}
	AddGlobalFlags(cmd, g)
	if err := cmd.ParseFlags([]string{"--response-timeout", "7s"}); err != nil {
		t.Fatal(err)
	}
	if err := g.ApplyEnv(cmd, func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if g.ConnectTimeout != 5*time.Second || g.ResponseTimeout != 7*time.Second {
		t.Errorf("connect %s (want 5s from env), response %s (want 7s from the flag)", g.ConnectTimeout, g.ResponseTimeout)
	}
	env["TABCTL_CONNECT_TIMEOUT"] = "-1s"
	if err := g.ApplyEnv(cmd, func(k string) string { return env[k] }); err == nil || !IsUsageError(err) || !strings.Contains(err.Error(), "TABCTL_CONNECT_TIMEOUT") {
		t.Errorf("negative env: %v", err)
	}
}
