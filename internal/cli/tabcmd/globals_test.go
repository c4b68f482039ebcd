package tabcmd_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/tsc-go/tsc/internal/cli/clitest"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// signIn is the sign-in flags of the emulator's administrator.
func signIn(e *clitest.Env) []string {
	return []string{"-s", e.Server.URL, "-u", e.Server.AdminUsername, "-p", e.Server.AdminPassword}
}

// TestTabcmdGlobalFlagsAccepted: the first line of most tabcmd scripts
// carries some of tabcmd's global flags; every one of them, those without
// effect here included, is accepted on a command, before or after it.
func TestTabcmdGlobalFlagsAccepted(t *testing.T) {
	t.Parallel()
	e := clitest.New(t)
	args := append([]string{"--logging-level=INFO", "listsites", "--no-prompt", "--no-cookie", "--language", "DE", "--country", "fr",
		"--query-page-size", "5", "--continue-if-exists", "--timeout", "60", "--no-proxy"}, signIn(e)...)
	out := run(t, e, 0, args...)
	clitest.Contains(t, out, "Default")
	run(t, e, 0, append([]string{"list", "projects", "--query-page-size", "1"}, signIn(e)...)...)
}

// TestTabcmdGlobalFlagsRefused: the values tabcmd refuses are usage errors
// (exit 2) here too.
func TestTabcmdGlobalFlagsRefused(t *testing.T) {
	t.Parallel()
	e := clitest.New(t)
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--logging-level", "LOUD"}, `--logging-level "LOUD"`},
		{[]string{"--language", "xx"}, `--language "xx"`},
		{[]string{"--timeout", "soon"}, "neither seconds"},
		{[]string{"-x", "proxy:1", "--no-proxy"}, "--proxy and --no-proxy"},
		{[]string{"-c", "cert.pem", "--no-certcheck"}, "--use-certificate and --no-certcheck"},
	} {
		r := e.Run(append(append([]string{"listsites"}, c.args...), signIn(e)...)...)
		if r.Code != cmdutil.ExitUsage || !strings.Contains(r.Stderr, c.msg) {
			t.Errorf("listsites %v: exit %d, want %d with %q:\n%s", c.args, r.Code, cmdutil.ExitUsage, c.msg, r.Stderr)
		}
	}
	if r := e.Run(append([]string{"listsites", "-c", "no-such-cert.pem"}, signIn(e)...)...); r.Code != cmdutil.ExitError || !strings.Contains(r.Stderr, "--use-certificate no-such-cert.pem") {
		t.Errorf("listsites -c missing file: exit %d:\n%s", r.Code, r.Stderr)
	}
}

// TestTabcmdVersionFlag: -v prints the version on any command, and runs
// nothing (no sign-in is needed).
func TestTabcmdVersionFlag(t *testing.T) {
	t.Parallel()
	e := clitest.New(t)
	for _, args := range [][]string{{"-v"}, {"--version"}, {"listsites", "-v"}, {"createproject", "-n", "X", "--version"}} {
		r := e.Run(args...)
		if r.Code != 0 || !strings.Contains(r.Stdout, "tabctl "+cmdutil.Version) {
			t.Errorf("tabctl %v: exit %d, stdout %q, stderr %q", args, r.Code, r.Stdout, r.Stderr)
		}
	}
}

// TestTabcmdNoPrompt: on a terminal, a missing password is asked for;
// with --no-prompt it is not, and the command fails saying what is missing.
func TestTabcmdNoPrompt(t *testing.T) {
	t.Parallel()
	e := clitest.New(t)
	e.TTY = true
	r := e.Run("listsites", "-s", e.Server.URL, "-u", "admin", "--no-prompt")
	if r.Code == 0 || !strings.Contains(r.Stderr, `no password for user "admin"`) {
		t.Errorf("--no-prompt on a terminal: exit %d, stderr %q; want the no-password error, no prompt", r.Code, r.Stderr)
	}
	e.TTY = true
	r = e.Run("listsites", "-s", e.Server.URL, "-u", "admin")
	if strings.Contains(r.Stderr, `no password for user "admin"`) {
		t.Errorf("without --no-prompt on a terminal, tabctl should try to prompt: %q", r.Stderr)
	}
}

// TestTabcmdLoggingLevel: DEBUG logs each request, as --debug does; ERROR
// keeps the success messages quiet.
func TestTabcmdLoggingLevel(t *testing.T) {
	t.Parallel()
	e := clitest.New(t)
	r := e.Run(append([]string{"listsites", "-l", "debug"}, signIn(e)...)...)
	if r.Code != 0 || !strings.Contains(r.Stderr, "tableau request") {
		t.Errorf("-l debug: exit %d, no request logged:\n%s", r.Code, r.Stderr)
	}
	r = e.Run(append([]string{"listsites"}, signIn(e)...)...)
	if strings.Contains(r.Stderr, "tableau request") {
		t.Errorf("without -l debug, requests are logged:\n%s", r.Stderr)
	}
}

// TestTabcmdProxy: -x sends the requests through the proxy.
func TestTabcmdProxy(t *testing.T) {
	t.Parallel()
	e := clitest.New(t)
	var mu sync.Mutex
	var seen []string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.String())
		mu.Unlock()
		http.Error(w, "proxy says no", http.StatusBadGateway)
	}))
	defer proxy.Close()
	pu, _ := url.Parse(proxy.URL)
	r := e.Run(append([]string{"listsites", "-x", pu.Host}, signIn(e)...)...)
	mu.Lock()
	defer mu.Unlock()
	if r.Code == 0 || len(seen) == 0 || !strings.HasPrefix(seen[0], e.Server.URL) {
		t.Errorf("-x %s: exit %d, the proxy saw %v; want the server's requests to go through it", pu.Host, r.Code, seen)
	}
	// Without -x the same line works directly.
	run(t, e, 0, append([]string{"listsites"}, signIn(e)...)...)
}
