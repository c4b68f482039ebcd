package cli_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/tsc-go/tsc/internal/cli/clitest"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/iostreams"
)

// TestServerURLWithUserInfoIsRefusedUnechoed: a server URL with a user name
// and password, from --server, TABLEAU_SERVER or the session file, is
// refused with exit 2 and a message that names the problem, and the
// password appears in no output, --debug included.
func TestServerURLWithUserInfoIsRefusedUnechoed(t *testing.T) {
	const secret = "Xq7-s3cret-PASSWORD"
	e := clitest.New(t)
	host := strings.TrimPrefix(e.Server.URL, "http://")
	withInfo := []string{
		"http://admin:" + secret + "@" + host,
		"http://" + secret + "@" + host,
		// A "/" in the password ends the authority early for a URL parser;
		// its parse error would quote the text around it.
		"http://admin:" + secret + "/x@" + host,
		"http://admin:" + secret + "#x@" + host,
	}
	check := func(t *testing.T, r clitest.Result, from string) {
		t.Helper()
		if r.Code != 2 || !strings.Contains(r.Stderr, "must not contain a user name or password") || !strings.Contains(r.Stderr, from) {
			t.Errorf("exit %d (want 2), stderr %q (want the refusal naming %s)", r.Code, r.Stderr, from)
		}
		if strings.Contains(r.Stdout+r.Stderr, secret) || strings.Contains(r.Stdout+r.Stderr, "s3cret") {
			t.Errorf("the password is echoed:\nstdout %q\nstderr %q", r.Stdout, r.Stderr)
		}
	}
	for _, u := range withInfo {
		check(t, e.Run("--debug", "login", "-s", u, "-u", "admin", "-p", "pw"), "--server")
		check(t, e.Run("--debug", "projects", "list", "-s", u), "--server")
		check(t, e.Run("--debug", "listsites", "-s", u, "-u", "admin", "-p", "pw"), "--server")
		e.Vars["TABLEAU_SERVER"] = u
		check(t, e.Run("--debug", "projects", "list"), "TABLEAU_SERVER")
		delete(e.Vars, "TABLEAU_SERVER")

		// A session file edited by hand (or written by an old version).
		e.Login("")
		path := filepath.Join(e.ConfigDir, "session.json")
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		json.Unmarshal(b, &m)
		m["server"] = u
		b, _ = json.Marshal(m)
		os.WriteFile(path, b, 0o600)
		check(t, e.Run("--debug", "projects", "list"), "the session file")
		e.MustRun("logout")
	}
	// The plain address still works.
	e.Login("")
}

// TestPasswordFileStdin: --password-file - reads the password from the
// first line of standard input, with only the line ending cut (spaces are
// part of a password), and never prompts; an empty one is refused.
func TestPasswordFileStdin(t *testing.T) {
	e := clitest.New(t)
	ctx := context.Background()
	c, err := e.Server.Client(ctx)
	if err != nil {
		t.Fatal(err)
	}
	admin := c.Session().UserID
	const pw = "  spaced pass word "
	if err := e.Server.SetPassword(admin, pw); err != nil {
		t.Fatal(err)
	}
	e.Stdin = pw + "\r\nsecond line is ignored\n"
	r := e.RunContext(context.Background(), func(io *iostreams.IOStreams) {
		io.StderrTTY = true // stdin piped, stderr a terminal: no prompt all the same
	}, "login", "-s", e.Server.URL, "-u", e.Server.AdminUsername, "--password-file", "-")
	if r.Code != 0 || strings.Contains(r.Stderr, "Password for") {
		t.Fatalf("login with --password-file -: exit %d, stderr %q", r.Code, r.Stderr)
	}
	// Typed on a terminal, the password would show: refused, with the way out.
	e.Stdin, e.TTY = pw+"\n", true
	if r := e.Run("login", "-s", e.Server.URL, "-u", e.Server.AdminUsername, "--password-file", "-"); r.Code != 2 || !strings.Contains(r.Stderr, "standard input is a terminal") {
		t.Errorf("--password-file - on a terminal: exit %d %q", r.Code, r.Stderr)
	}
	e.TTY = false
	// Trimmed, the password is wrong: the spaces were kept.
	e.Stdin = strings.TrimSpace(pw) + "\n"
	if r := e.Run("login", "-s", e.Server.URL, "-u", e.Server.AdminUsername, "--password-file", "-"); r.Code != 3 {
		t.Errorf("the trimmed password was accepted: exit %d %q", r.Code, r.Stderr)
	}
	for _, in := range []string{"", "\n", "\r\n", "\nsecret-on-line-2\n"} {
		e.Stdin = in
		r := e.Run("login", "-s", e.Server.URL, "-u", e.Server.AdminUsername, "--password-file", "-")
		if r.Code != 2 || !strings.Contains(r.Stderr, "standard input (--password-file -) is empty") || strings.Contains(r.Stderr, "Password for") {
			t.Errorf("stdin %q: exit %d, stderr %q", in, r.Code, r.Stderr)
		}
	}
	if r := e.Run("login", "-s", e.Server.URL, "--token-name", "x", "--token-file", "-", "-u", "a", "--password-file", "-"); r.Code != 2 || !strings.Contains(r.Stderr, "cannot both read standard input") {
		t.Errorf("both from stdin: exit %d %q", r.Code, r.Stderr)
	}
}

// TestCtrlCAtThePasswordPrompt: an interruption while the password prompt
// waits (the reader never returns, as a terminal read waits for Enter) ends
// the run at once with exit 130, the terminal restored to the state saved
// before the prompt.
func TestCtrlCAtThePasswordPrompt(t *testing.T) {
	e := clitest.New(t)
	e.TTY = true
	ctx, cancel := context.WithCancelCause(guard(t))
	var restored atomic.Int32
	block := make(chan struct{})
	t.Cleanup(func() { close(block) })
	r := e.RunContext(ctx, func(io *iostreams.IOStreams) {
		io.SetTerminalSaver(func() func() { return func() { restored.Add(1) } })
		io.SetSecretReader(func() (string, error) {
			cancel(&cmdutil.InterruptedError{Signal: syscall.SIGINT})
			select {
			case <-block: // Enter never comes
			case <-time.After(20 * time.Second):
			}
			return "too-late", nil
		})
	}, "login", "-s", e.Server.URL, "-u", e.Server.AdminUsername)
	if r.Code != 130 || !strings.HasPrefix(r.Stderr, "Password for "+e.Server.AdminUsername+": \n") || !strings.HasSuffix(r.Stderr, "error: interrupted\n") {
		t.Errorf("exit %d (want 130), stderr %q", r.Code, r.Stderr)
	}
	if restored.Load() != 1 {
		t.Errorf("terminal restored %d times, want 1", restored.Load())
	}
}

// TestPromptSecret covers the prompt itself: a line read normally (the
// terminal left to the reader, which restores it), and an interruption
// that returns the context's cause.
func TestPromptSecret(t *testing.T) {
	io, in, _, errOut := iostreams.Test()
	io.StdinTTY, io.StderrTTY = true, true
	var restored atomic.Int32
	io.SetTerminalSaver(func() func() { return func() { restored.Add(1) } })
	in.WriteString("typed\r\n")
	v, err := io.PromptSecret(context.Background(), "Password: ")
	if err != nil || v != "typed" || errOut.String() != "Password: \n" || restored.Load() != 0 {
		t.Errorf("PromptSecret = %q, %v; stderr %q; restored %d", v, err, errOut.String(), restored.Load())
	}
	stop := &cmdutil.InterruptedError{Signal: syscall.SIGINT}
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(stop)
	if _, err := io.PromptSecret(ctx, "Password: "); !errors.Is(err, stop) {
		t.Errorf("interrupted before the prompt: %v", err)
	}
	io.StdinTTY = false
	if _, err := io.PromptSecret(context.Background(), "Password: "); !errors.Is(err, iostreams.ErrNoPrompt) {
		t.Errorf("no terminal: %v", err)
	}
}
