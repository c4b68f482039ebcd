// Package clitest runs tabctl commands in-process against the emulator and
// compares their output with golden files, so that every command is tested
// end to end without a real server or a subprocess.
package clitest

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tsc-go/tsc/internal/cli"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/iostreams"
	"github.com/tsc-go/tsc/tsctest"
)

// Update rewrites golden files instead of comparing: go test ./internal/cli/... -update
var Update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// Env is one test's tabctl environment: an emulator, a private config
// directory for the session file, and environment variables.
type Env struct {
	T      testing.TB
	Server *tsctest.Server
	// Vars are the environment variables tabctl sees (nothing from the real environment).
	Vars map[string]string
	// ConfigDir holds the session file.
	ConfigDir string
	// Stdin is what the next Run reads from its standard input.
	Stdin string
	// TTY makes the next Run's streams look like terminals.
	TTY bool
}

// New starts an emulator and an environment pointing at it, with the
// administrator's credentials in TABLEAU_USERNAME/TABLEAU_PASSWORD unset:
// tests log in explicitly or set Vars.
func New(t testing.TB, opts ...tsctest.Option) *Env {
	t.Helper()
	srv := tsctest.NewServer(t, opts...)
	dir := t.TempDir()
	return &Env{T: t, Server: srv, ConfigDir: dir, Vars: map[string]string{"TABCTL_CONFIG_DIR": dir}}
}

// Result is what one command run produced.
type Result struct {
	Code   int
	Stdout string
	Stderr string
}

// Run runs tabctl with args in-process and returns its exit code and output.
func (e *Env) Run(args ...string) Result {
	e.T.Helper()
	return e.RunContext(context.Background(), nil, args...)
}

// RunContext is Run with the run's context (cancel it with a
// *cmdutil.InterruptedError cause to act as Ctrl-C) and, when setup is not
// nil, a hook to adjust the streams before the run (a blocking secret
// reader, say).
func (e *Env) RunContext(ctx context.Context, setup func(*iostreams.IOStreams), args ...string) Result {
	e.T.Helper()
	io, in, out, errOut := iostreams.Test()
	in.WriteString(e.Stdin)
	if e.TTY {
		io.StdinTTY, io.StdoutTTY, io.StderrTTY = true, true, true
	}
	if setup != nil {
		setup(io)
	}
	f := &cmdutil.Factory{
		IO:      io,
		Globals: &cmdutil.GlobalOptions{},
		Getenv:  func(k string) string { return e.Vars[k] },
	}
	code := cli.Run(ctx, f, args)
	e.Stdin = ""
	return Result{Code: code, Stdout: out.String(), Stderr: errOut.String()}
}

// Login signs in as the emulator's administrator on site ("" = Default).
func (e *Env) Login(site string) {
	e.T.Helper()
	r := e.Run("login", "-s", e.Server.URL, "-t", site, "-u", e.Server.AdminUsername, "-p", e.Server.AdminPassword)
	if r.Code != 0 {
		e.T.Fatalf("login failed (%d): %s%s", r.Code, r.Stdout, r.Stderr)
	}
}

// MustRun runs a command that must succeed and returns its stdout.
func (e *Env) MustRun(args ...string) string {
	e.T.Helper()
	r := e.Run(args...)
	if r.Code != 0 {
		e.T.Fatalf("tabctl %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.Code, r.Stdout, r.Stderr)
	}
	return r.Stdout
}

var (
	uuidRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	timeRE = regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z`)
	portRE = regexp.MustCompile(`127\.0\.0\.1:\d+`)
)

// Normalize replaces what changes from run to run (ids, times, the
// emulator's port, the config directory) with stable placeholders, keeping
// equal ids equal so that golden files still show which ids match.
func (e *Env) Normalize(s string) string {
	ids := map[string]string{}
	s = uuidRE.ReplaceAllStringFunc(s, func(id string) string {
		if v, ok := ids[id]; ok {
			return v
		}
		v := "<id-" + itoa(len(ids)+1) + ">"
		ids[id] = v
		return v
	})
	s = timeRE.ReplaceAllString(s, "<time>")
	s = portRE.ReplaceAllString(s, "127.0.0.1:<port>")
	s = strings.ReplaceAll(s, e.ConfigDir, "<config>")
	return s
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for n >= 10 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	i--
	b[i] = byte('0' + n)
	return string(b[i:])
}

// Golden compares got (normalized) with testdata/<name>.golden, or rewrites
// the file under -update.
func (e *Env) Golden(name, got string) {
	e.T.Helper()
	got = e.Normalize(got)
	path := filepath.Join("testdata", name+".golden")
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			e.T.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			e.T.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		e.T.Fatalf("golden file %s: %v (run with -update to create it)", path, err)
	}
	if d := cmp.Diff(string(want), got); d != "" {
		e.T.Errorf("%s differs from the golden file (-want +got; rerun with -update if the change is right):\n%s", name, d)
	}
}

// Contains fails unless s contains every part.
func Contains(t *testing.T, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !bytes.Contains([]byte(s), []byte(p)) {
			t.Errorf("output lacks %q:\n%s", p, s)
		}
	}
}
