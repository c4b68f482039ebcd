package cli_test

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsc-go/tsc/internal/cli/clitest"
)

// savedToken reads the session token from the session file login wrote.
func savedToken(t *testing.T, e *clitest.Env) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(e.ConfigDir, "session.json"))
	if err != nil {
		t.Fatal(err)
	}
	var saved struct{ Token string }
	if err := json.Unmarshal(b, &saved); err != nil || len(saved.Token) < 8 {
		t.Fatalf("session file %s: no token (%v)", b, err)
	}
	return saved.Token
}

// TestDebugOutputHasNoSecrets runs login (password and personal access
// token), a refused login and user listings with --debug, which logs every
// request and response to stderr, and checks that neither stdout nor stderr
// shows the password, the token secret or a session token.
func TestDebugOutputHasNoSecrets(t *testing.T) {
	e := clitest.New(t)
	secrets := map[string]string{"password": e.Server.AdminPassword, "token secret": e.Server.TokenSecret}
	for what, s := range secrets {
		if len(s) < 8 {
			t.Fatalf("the emulator's %s %q is too short to search for", what, s)
		}
	}
	var out []clitest.Result
	run := func(wantCode int, args ...string) clitest.Result {
		t.Helper()
		r := e.Run(append([]string{"--debug"}, args...)...)
		if r.Code != wantCode {
			t.Fatalf("tabctl --debug %s: exit %d, want %d\n%s%s", strings.Join(args, " "), r.Code, wantCode, r.Stdout, r.Stderr)
		}
		if !strings.Contains(r.Stderr, "tableau request") {
			t.Errorf("tabctl --debug %s logged no request:\n%s", strings.Join(args, " "), r.Stderr)
		}
		out = append(out, r)
		return r
	}

	run(0, "login", "-s", e.Server.URL, "-u", e.Server.AdminUsername, "-p", e.Server.AdminPassword)
	secrets["password session token"] = savedToken(t, e)
	if r := run(0, "users", "list"); !strings.Contains(r.Stdout, e.Server.AdminUsername) {
		t.Errorf("users list does not show %s:\n%s", e.Server.AdminUsername, r.Stdout)
	}
	run(0, "users", "list", "-o", "json")
	run(0, "login", "-s", e.Server.URL, "--token-name", e.Server.TokenName, "--token-value", e.Server.TokenSecret)
	secrets["token session token"] = savedToken(t, e)
	run(0, "users", "list")
	run(3, "login", "-s", e.Server.URL, "-u", e.Server.AdminUsername, "-p", e.Server.AdminPassword+"-wrong")
	secrets["wrong password"] = e.Server.AdminPassword + "-wrong"

	for i, r := range out {
		for what, s := range secrets {
			if strings.Contains(r.Stdout, s) || strings.Contains(r.Stderr, s) {
				t.Errorf("run %d shows the %s:\nstdout: %s\nstderr: %s", i, what, r.Stdout, r.Stderr)
			}
		}
	}
}

// TestNoCertCheck runs tabctl against the emulator behind TLS with a
// certificate no one signed: refused by default; accepted with
// --no-certcheck, which warns once on stderr (and, under --debug, the SDK
// logs its own warning once).
func TestNoCertCheck(t *testing.T) {
	e := clitest.New(t)
	srv := httptest.NewTLSServer(e.Server.Handler())
	t.Cleanup(srv.Close)
	login := []string{"login", "-s", srv.URL, "-u", e.Server.AdminUsername, "-p", e.Server.AdminPassword}

	r := e.Run(login...)
	if r.Code != 6 || !strings.Contains(r.Stderr, "certificate") {
		t.Fatalf("login to a self-signed server: exit %d, stderr %q; want a certificate error", r.Code, r.Stderr)
	}
	r = e.Run(append([]string{"--no-certcheck"}, login...)...)
	if r.Code != 0 {
		t.Fatalf("login with --no-certcheck: exit %d\n%s", r.Code, r.Stderr)
	}
	const warning = "warning: --no-certcheck: the server's TLS certificate is not verified\n"
	if r.Stderr != warning {
		t.Errorf("stderr %q, want exactly the warning", r.Stderr)
	}
	r = e.Run("--no-certcheck", "--debug", "users", "list")
	if r.Code != 0 || !strings.Contains(r.Stdout, e.Server.AdminUsername) {
		t.Fatalf("users list with --no-certcheck: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	if n := strings.Count(r.Stderr, warning); n != 1 {
		t.Errorf("the CLI warned %d times:\n%s", n, r.Stderr)
	}
	if n := strings.Count(r.Stderr, "verification is off"); n != 1 {
		t.Errorf("the SDK warned %d times under --debug:\n%s", n, r.Stderr)
	}
	if strings.Contains(r.Stderr, e.Server.AdminPassword) {
		t.Error("stderr shows the password")
	}
}
