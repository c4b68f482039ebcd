package serve

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/iostreams"
)

// syncBuffer is a stderr the server's goroutines write while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serving is one `tabctl serve` run in the background.
type serving struct {
	info   map[string]string
	stderr *syncBuffer
	stop   context.CancelFunc
	done   chan error
	// rest is the output after the lines read into info, complete once
	// restDone is closed (after shutdown).
	rest     string
	restDone chan struct{}
}

// start runs the command with args until stop, and reads its key: value lines.
func start(t *testing.T, args ...string) *serving {
	t.Helper()
	outR, outW := io.Pipe()
	stderr := &syncBuffer{}
	f := &cmdutil.Factory{IO: &iostreams.IOStreams{In: strings.NewReader(""), Out: outW, ErrOut: stderr}, Globals: &cmdutil.GlobalOptions{}}
	cmd := NewCmdServe(f)
	cmd.SetArgs(append([]string{"--addr", "127.0.0.1:0"}, args...))
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	ctx, cancel := context.WithCancel(context.Background())
	s := &serving{info: map[string]string{}, stderr: stderr, stop: cancel, done: make(chan error, 1), restDone: make(chan struct{})}
	go func() {
		s.done <- cmd.ExecuteContext(ctx)
		close(s.done)
		outW.Close()
	}()
	// Six lines, or five when the control endpoints are off; as Tableau
	// Cloud, the flavour and the site instead of a password.
	want := []string{"url", "username", "password", "token-name", "token-secret", "control-token"}
	if slices.Contains(args, "--cloud") || slices.Contains(args, "--cloud-site") {
		want = []string{"url", "flavour", "site", "username", "token-name", "token-secret", "control-token"}
	}
	if slices.Contains(args, "--no-control") {
		want = want[:len(want)-1]
	}
	sc := bufio.NewScanner(outR)
	for len(s.info) < len(want) && sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ": ")
		if !ok {
			t.Fatalf("output line %q is not key: value", sc.Text())
		}
		s.info[k] = v
	}
	go func() {
		var rest strings.Builder
		for sc.Scan() {
			rest.WriteString(sc.Text() + "\n")
		}
		io.Copy(io.Discard, outR)
		s.rest = rest.String()
		close(s.restDone)
	}()
	for _, k := range want {
		if s.info[k] == "" {
			cancel()
			t.Fatalf("no %s in the output (%v); stderr: %s", k, s.info, stderr.String())
		}
	}
	t.Cleanup(func() { s.shutdown(t) })
	return s
}

// shutdown stops the server as Ctrl-C does and waits for a clean exit.
func (s *serving) shutdown(t *testing.T) {
	t.Helper()
	s.stop()
	select {
	case err, ok := <-s.done:
		if ok && err != nil {
			t.Errorf("serve returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func TestServePrintsCredentialsThatWork(t *testing.T) {
	s := start(t, "--admin-password", "pa55word", "--token-secret", "t0ken-secret", "--admin-token-name", "ci")
	if s.info["username"] != "admin" || s.info["password"] != "pa55word" || s.info["token-name"] != "ci" || s.info["token-secret"] != "t0ken-secret" {
		t.Fatalf("info = %v", s.info)
	}
	c, err := tsc.NewClient(s.info["url"])
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.SignIn(ctx, tsc.Password(s.info["username"], s.info["password"], "")); err != nil {
		t.Fatal(err)
	}
	if err := c.SignIn(ctx, tsc.PersonalAccessToken(s.info["token-name"], s.info["token-secret"], "")); err != nil {
		t.Fatal(err)
	}
	token := c.Session().Token.Reveal()
	if _, _, err := c.Users.List(ctx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "admin")}}); err != nil {
		t.Fatal(err)
	}
	// A request with a secret in its query string.
	resp, err := http.Get(s.info["url"] + "/api/3.29/sites?secret=" + token)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	s.shutdown(t)

	log := s.stderr.String()
	lines := strings.Split(strings.TrimSpace(log), "\n")
	var requests int
	for _, l := range lines {
		if strings.Contains(l, "msg=request") {
			requests++
			for _, want := range []string{"method=", "path=/", "status=", "duration="} {
				if !strings.Contains(l, want) {
					t.Errorf("log line without %s: %s", want, l)
				}
			}
		}
	}
	// serverinfo, two sign-ins, the list, the raw GET.
	if requests != 5 {
		t.Errorf("%d request lines, want 5:\n%s", requests, log)
	}
	if !strings.Contains(log, "method=GET path=/api/3.29/sites status=401") {
		t.Errorf("the unauthenticated GET is not logged as such:\n%s", log)
	}
	for _, secret := range []string{"pa55word", "t0ken-secret", token} {
		if strings.Contains(log, secret) {
			t.Errorf("the log holds a secret %q:\n%s", secret, log)
		}
	}
}

func TestServeRandomCredentials(t *testing.T) {
	a := start(t, "--no-log")
	b := start(t, "--no-log")
	if a.info["password"] == b.info["password"] || len(a.info["password"]) < 20 || a.info["token-secret"] == b.info["token-secret"] {
		t.Errorf("credentials are not random: %v %v", a.info, b.info)
	}
	if a.stderr.String() != "" {
		t.Errorf("--no-log still logged: %s", a.stderr.String())
	}
}

func TestServeKeepsStateInDataDir(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	first := start(t, "--data", dir, "--admin-password", "one", "--no-log")
	c, _ := tsc.NewClient(first.info["url"])
	if err := c.SignIn(ctx, tsc.Password("admin", "one", "")); err != nil {
		t.Fatal(err)
	}
	p, err := c.Projects.Create(ctx, tsc.Project{Name: "Survivor"})
	if err != nil {
		t.Fatal(err)
	}
	first.shutdown(t)

	second := start(t, "--data", dir, "--admin-password", "two", "--no-log")
	c2, _ := tsc.NewClient(second.info["url"])
	if err := c2.SignIn(ctx, tsc.Password("admin", "one", "")); err == nil {
		t.Error("the previous password still signs in")
	}
	if err := c2.SignIn(ctx, tsc.Password("admin", "two", "")); err != nil {
		t.Fatal(err)
	}
	ps, _, err := c2.Projects.List(ctx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "Survivor")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].ID != p.ID {
		t.Errorf("after a restart: %+v, want the project %s", ps, p.ID)
	}
	if c2.Session().SiteID != c.Session().SiteID {
		t.Errorf("the Default site changed id across a restart")
	}
}

func TestServeRefusesArguments(t *testing.T) {
	f := &cmdutil.Factory{IO: &iostreams.IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard}, Globals: &cmdutil.GlobalOptions{}}
	cmd := NewCmdServe(f)
	cmd.SetArgs([]string{"extra"})
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	if err := cmd.Execute(); err == nil || !cmdutil.IsUsageError(err) {
		t.Errorf("serve extra: %v, want a usage error", err)
	}
}
