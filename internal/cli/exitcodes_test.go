package cli_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/clitest"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/tsctest"
)

// loginViewer adds a Viewer to the emulator (once) and signs tabctl in as them.
func loginViewer(t *testing.T, e *clitest.Env) {
	t.Helper()
	ctx := context.Background()
	c, err := e.Server.Client(ctx)
	if err != nil {
		t.Fatal(err)
	}
	u, err := c.Users.Add(ctx, tsc.User{Name: "vera", SiteRole: tsc.SiteRoleViewer})
	if err != nil && !errors.Is(err, tsc.ErrConflict) {
		t.Fatal(err)
	}
	if u == nil {
		users, _, err := c.Users.List(ctx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "vera")}})
		if err != nil || len(users) != 1 {
			t.Fatalf("finding vera: %v", err)
		}
		u = &users[0]
	}
	e.Server.SetPassword(u.ID, "pw-vera-1")
	e.MustRun("login", "-s", e.Server.URL, "-u", "vera", "-p", "pw-vera-1")
}

// TestExitCodes provokes every exit code of the table in the root help,
// in-process against the emulator, for noun-verb commands and for
// tabcmd's, which keep tabcmd's 1 for every failure.
func TestExitCodes(t *testing.T) {
	e := clitest.New(t)
	e.Login("")
	e.MustRun("projects", "create", "Finance")
	// A port nothing listens on: connection refused.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + ln.Addr().String()
	ln.Close()

	cases := []struct {
		name  string
		setup func(t *testing.T, e *clitest.Env)
		args  []string
		code  int
		msg   string
	}{
		{"ok", nil, []string{"projects", "get", "Finance"}, 0, ""},
		{"other_400", nil, []string{"users", "list", "--filter", "colour:eq:red"}, 1, "400"},
		{"usage_flag", nil, []string{"projects", "list", "--no-such-flag"}, 2, "unknown flag"},
		{"usage_args", nil, []string{"projects", "get"}, 2, "needs a project id"},
		{"auth_wrong_password", nil, []string{"login", "-s", e.Server.URL, "-u", e.Server.AdminUsername, "-p", "wrong-password"}, 3, "401001"},
		{"auth_not_signed_in", func(t *testing.T, e *clitest.Env) { e.MustRun("logout") }, []string{"projects", "list", "-s", e.Server.URL}, 3, "not signed in"},
		{"not_found_404", nil, []string{"projects", "get", "00000000-0000-4000-8000-000000000000"}, 4, "not found"},
		{"not_found_name", nil, []string{"projects", "get", "Nope"}, 4, `project "Nope" not found`},
		{"conflict_409", nil, []string{"projects", "create", "Finance"}, 5, "409"},
		{"server_500", func(t *testing.T, e *clitest.Env) {
			rules, err := tsctest.ParseFaults("500:1@GET/sites/*/projects")
			if err != nil {
				t.Fatal(err)
			}
			if err := e.Server.SetFaults(tsctest.FaultConfig{Seed: 1, Rules: rules}); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(e.Server.ClearFaults)
		}, []string{"projects", "list"}, 6, "500"},
		{"network_refused", nil, []string{"login", "-s", refused, "-u", "a", "-p", "b"}, 6, "connection refused"},
		{"forbidden_403", loginViewer, []string{"projects", "create", "Mine"}, 7, "403"},

		// tabcmd's commands: 1 where tabctl's own would give 3, 4, 5 or 7; 2 stays.
		{"tabcmd_conflict", nil, []string{"createproject", "-n", "Finance"}, 1, "409"},
		{"tabcmd_not_found", nil, []string{"deleteproject", "Nowhere"}, 1, "Nowhere"},
		{"tabcmd_auth", nil, []string{"listsites", "-s", e.Server.URL, "-u", e.Server.AdminUsername, "-p", "wrong-password"}, 1, "401001"},
		{"tabcmd_forbidden", loginViewer, []string{"createproject", "-n", "Mine"}, 1, "403"},
		{"tabcmd_usage", nil, []string{"createproject", "--no-such-flag"}, 2, "unknown flag"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e.Login("")
			if tc.setup != nil {
				tc.setup(t, e)
			}
			r := e.Run(tc.args...)
			if r.Code != tc.code || !strings.Contains(r.Stderr, tc.msg) {
				t.Errorf("tabctl %s: exit %d (want %d), stderr %q (want %q)", strings.Join(tc.args, " "), r.Code, tc.code, r.Stderr, tc.msg)
			}
			if tc.code != 0 && tc.code != 2 && strings.Count(r.Stderr, "\n") != 1 {
				t.Errorf("want one line on stderr, got %q", r.Stderr)
			}
		})
	}
}

// hungServer accepts connections and never answers: a server that hangs.
// It returns the address and a channel told of each accepted connection.
func hungServer(t *testing.T) (addr string, accepted <-chan struct{}) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan struct{}, 16)
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			select {
			case ch <- struct{}{}:
			default:
			}
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	return ln.Addr().String(), ch
}

// guard bounds a test that would hang if a timeout failed: its context
// ends after 30 s, far beyond any timeout the tests set, so a failure shows
// as a wrong message rather than a stuck test.
func guard(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// TestLoginToAHungServerTimesOut: a server that accepts the connection and
// never answers fails the login with exit 6 and a line naming the limit,
// set by flag or by environment.
func TestLoginToAHungServerTimesOut(t *testing.T) {
	addr, _ := hungServer(t)
	for _, tc := range []struct {
		name string
		vars map[string]string
		args []string
		hint string
	}{
		{"response_flag", nil, []string{"--response-timeout", "200ms"}, "did not answer within 200ms: raise --response-timeout"},
		{"response_env", map[string]string{"TABCTL_RESPONSE_TIMEOUT": "150ms"}, nil, "did not answer within 150ms"},
		{"flag_beats_env", map[string]string{"TABCTL_RESPONSE_TIMEOUT": "1h"}, []string{"--response-timeout", "100ms"}, "did not answer within 100ms"},
		// TLS to a server that never answers: the handshake is part of connecting.
		{"tls_handshake", nil, []string{"--connect-timeout", "200ms", "-s", "https://" + addr}, "no connection within 200ms: raise --connect-timeout"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// In parallel: each waits out the SDK's retries of the
			// version negotiation (4 attempts, backoff between).
			t.Parallel()
			e := clitest.New(t)
			for k, v := range tc.vars {
				e.Vars[k] = v
			}
			args := append([]string{"login", "-s", "http://" + addr, "-u", "admin", "-p", "pw"}, tc.args...)
			r := e.RunContext(guard(t), nil, args...)
			if r.Code != cmdutil.ExitServer || !strings.Contains(r.Stderr, tc.hint) || strings.Count(r.Stderr, "\n") != 1 {
				t.Errorf("exit %d (want 6), stderr %q (want one line with %q)", r.Code, r.Stderr, tc.hint)
			}
		})
	}
	e := clitest.New(t)
	e.Vars["TABCTL_CONNECT_TIMEOUT"] = "soon"
	if r := e.Run("login", "-s", "http://"+addr, "-u", "admin", "-p", "pw"); r.Code != 2 || !strings.Contains(r.Stderr, `TABCTL_CONNECT_TIMEOUT="soon" is not a duration`) {
		t.Errorf("bad TABCTL_CONNECT_TIMEOUT: %d %q", r.Code, r.Stderr)
	}
	delete(e.Vars, "TABCTL_CONNECT_TIMEOUT")
	if r := e.Run("login", "-s", "http://"+addr, "-u", "admin", "-p", "pw", "--response-timeout", "-1s"); r.Code != 2 || !strings.Contains(r.Stderr, "negative") {
		t.Errorf("negative --response-timeout: %d %q", r.Code, r.Stderr)
	}
}

// TestInterruptedRequestExits130: Ctrl-C (the run's context cancelled with
// an InterruptedError) while a request waits on a hung server ends the run
// at once with 130, or 143 for SIGTERM, whatever error the cut request gave.
func TestInterruptedRequestExits130(t *testing.T) {
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
		msg  string
	}{
		{syscall.SIGINT, 130, "error: interrupted\n"},
		{syscall.SIGTERM, 143, "error: terminated (SIGTERM)\n"},
	} {
		addr, accepted := hungServer(t)
		e := clitest.New(t)
		ctx, cancel := context.WithCancelCause(guard(t))
		go func() {
			<-accepted
			cancel(&cmdutil.InterruptedError{Signal: tc.sig})
		}()
		// No response timeout: only the interruption can end this run.
		r := e.RunContext(ctx, nil, "login", "-s", "http://"+addr, "-u", "admin", "-p", "pw", "--response-timeout", "0")
		if r.Code != tc.code || r.Stderr != tc.msg {
			t.Errorf("%v: exit %d (want %d), stderr %q (want %q)", tc.sig, r.Code, tc.code, r.Stderr, tc.msg)
		}
		// A tabcmd command exits 130/143 too, not tabcmd's 1.
		addr, accepted = hungServer(t)
		ctx, cancel = context.WithCancelCause(guard(t))
		go func() {
			<-accepted
			cancel(&cmdutil.InterruptedError{Signal: tc.sig})
		}()
		r = e.RunContext(ctx, nil, "listsites", "-s", "http://"+addr, "-u", "admin", "-p", "pw", "--response-timeout", "0")
		if r.Code != tc.code {
			t.Errorf("tabcmd listsites %v: exit %d (want %d), stderr %q", tc.sig, r.Code, tc.code, r.Stderr)
		}
	}
}
