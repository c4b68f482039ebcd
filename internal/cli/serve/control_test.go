package serve

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/iostreams"
)

// controlPaths are requests to every control endpoint of a running serve.
var controlPaths = []struct{ method, path, body string }{
	{"POST", "/_emulator/reset", ""},
	{"POST", "/_emulator/seed", `{"projects": [{"name": "Planted"}]}`},
	{"GET", "/_emulator/stats", ""},
	{"GET", "/_emulator/faults", ""},
	{"PUT", "/_emulator/faults", `{"seed": 1, "spec": "500:1"}`},
	{"DELETE", "/_emulator/faults", ""},
	{"POST", "/_emulator/jobs/faults", `{"notes": "planted"}`},
	{"POST", "/_emulator/jobs/00000000-0000-0000-0000-000000000000/finish", ""},
	{"POST", "/_emulator/clock", `{"advance": "1h"}`},
	{"GET", "/_emulator/outbox", ""},
	{"GET", "/_emulator/webhooks/deliveries", ""},
	{"PUT", "/_emulator/webhooks/allow", `{"allow": ["0.0.0.0/0"]}`},
}

// projectNames signs in with the printed password and lists the projects.
func projectNames(t *testing.T, s *serving) string {
	t.Helper()
	c, err := tsc.NewClient(s.info["url"])
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.SignIn(ctx, tsc.Password(s.info["username"], s.info["password"], "")); err != nil {
		t.Fatal(err)
	}
	ps, _, err := c.Projects.List(ctx, tsc.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range ps {
		names = append(names, p.Name)
	}
	return strings.Join(names, ",")
}

// TestServePrintsAControlTokenThatWorks: serve prints a random
// control-token on stdout, never in its log; it opens every control
// endpoint, and nothing opens them without it.
func TestServePrintsAControlTokenThatWorks(t *testing.T) {
	s := start(t)
	other := start(t, "--no-log")
	tok := s.info["control-token"]
	if len(tok) != 43 || tok == other.info["control-token"] {
		t.Fatalf("control tokens %q and %q: want 43 random characters each", tok, other.info["control-token"])
	}
	for _, ep := range controlPaths {
		resp := controlDo(t, &serving{info: map[string]string{"url": s.info["url"]}}, ep.method, ep.path, ep.body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s %s without the token: %s, want 401", ep.method, ep.path, resp.Status)
		}
	}
	if got := projectNames(t, s); got != "Default" && got != "default" {
		t.Fatalf("projects after refused control requests: %s", got)
	}
	resp := controlDo(t, s, "POST", "/_emulator/seed", `{"projects": [{"name": "Planted"}]}`)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(projectNames(t, s), "Planted") {
		t.Fatalf("seed with the printed token: %s", resp.Status)
	}
	resp = controlDo(t, s, "PUT", "/_emulator/faults", `{"seed": 1, "spec": "503:1@GET/nowhere"}`)
	resp.Body.Close()
	if st := getFaults(t, s); resp.StatusCode != http.StatusOK || st.Spec != "503:1@GET/nowhere" {
		t.Fatalf("faults with the printed token: %s, %+v", resp.Status, st)
	}
	s.shutdown(t)
	if log := s.stderr.String(); !strings.Contains(log, "path=/_emulator/seed status=200") || strings.Contains(log, tok) {
		t.Errorf("the log does not show the seed, or shows the token:\n%s", log)
	}
}

// TestServeControlTokenFlag: --control-token sets the token, which is
// printed and required; a short one, one with spaces and one given with
// --no-control are usage errors.
func TestServeControlTokenFlag(t *testing.T) {
	s := start(t, "--no-log", "--control-token", "my-own-control-token-1")
	if s.info["control-token"] != "my-own-control-token-1" {
		t.Fatalf("control-token: %q", s.info["control-token"])
	}
	resp := controlDo(t, s, "GET", "/_emulator/stats", "")
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("stats with --control-token: %s", resp.Status)
	}
	for _, bad := range []struct {
		args []string
		says string
	}{
		{[]string{"--control-token", "short"}, "--control-token: the control token must be at least 16 characters long (it has 5)"},
		{[]string{"--control-token", "sixteen chars ok"}, "printable ASCII"},
		{[]string{"--control-token", "sixteen-chars-ok", "--no-control"}, "cannot be used together"},
	} {
		f := &cmdutil.Factory{IO: &iostreams.IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard}, Globals: &cmdutil.GlobalOptions{}}
		cmd := NewCmdServe(f)
		cmd.SetArgs(append([]string{"--addr", "127.0.0.1:0"}, bad.args...))
		cmd.SetOut(io.Discard)
		cmd.SetErr(io.Discard)
		err := cmd.Execute()
		if err == nil || !cmdutil.IsUsageError(err) || !strings.Contains(err.Error(), bad.says) {
			t.Errorf("serve %v: %v, want a usage error saying %q", bad.args, err, bad.says)
		}
	}
}

// TestServeNoControl: --no-control prints no control-token, and every
// control path, health included, is an unknown resource whatever the
// request carries.
func TestServeNoControl(t *testing.T) {
	s := start(t, "--no-log", "--no-control")
	s.info["control-token"] = "any-token-at-all-here"
	for _, ep := range append(controlPaths, struct{ method, path, body string }{"GET", "/_emulator/health", ""}) {
		resp := controlDo(t, s, ep.method, ep.path, ep.body)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(b), `code="404003"`) {
			t.Errorf("%s %s with --no-control: %s %s, want 404 404003", ep.method, ep.path, resp.Status, b)
		}
	}
	if got := projectNames(t, s); strings.Contains(got, "Planted") {
		t.Errorf("projects: %s", got)
	}
	s.shutdown(t)
	<-s.restDone
	if s.rest != "" {
		t.Errorf("output after token-secret with --no-control: %q", s.rest)
	}
}
