package compat_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/xsdcheck"
	"github.com/tsc-go/tsc/tsctest"
)

// python is Debian's interpreter: the clients' dependencies are Debian
// packages, which another python3 earlier on PATH would not see.
const python = "/usr/bin/python3"

// The suite's promise, in numbers: at least this many checked TSC calls and
// tabcmd command lines. TestMain fails a full run that checks fewer, so a
// script that silently stops checking cannot pass.
const (
	minTSCCalls     = 60
	minTabcmdLines  = 25
	adminPassword   = "compat-admin-password"
	jwtSecret       = "compat-connected-app-secret-0123456789"
	jwtSecretID     = "compat-secret-id"
	jwtIssuer       = "compat-client-id"
	scriptTimeout   = 3 * time.Minute
	pythonModules   = "requests, defusedxml, packaging, typing_extensions, urllib3, tableauserverclient, tabcmd"
	skipExplanation = "the compatibility suite needs Debian's python3 and the clients in ../shared/clients (see README, Compatibility suite)"
)

var (
	tscCalls    atomic.Int64
	tabcmdLines atomic.Int64
	// ran is set once a test actually ran a client (not skipped).
	ran atomic.Bool
)

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	calls, lines := tscCalls.Load(), tabcmdLines.Load()
	if ran.Load() {
		fmt.Printf("compat: %d TSC calls checked, %d tabcmd command lines checked\n", calls, lines)
	}
	// Only a full run owes the numbers: -run selects a part on purpose.
	if code == 0 && ran.Load() && flag.Lookup("test.run").Value.String() == "" &&
		(calls < minTSCCalls || lines < minTabcmdLines) {
		fmt.Printf("compat: FAIL: the suite promises at least %d TSC calls and %d tabcmd lines\n", minTSCCalls, minTabcmdLines)
		code = 1
	}
	os.Exit(code)
}

// env is what running the clients needs, found once.
type env struct {
	clients    string // ../shared/clients
	pythonPath string
	testdata   string // this package's testdata
	files      string // the module's testdata (workbooks, data sources)
	err        error
}

var (
	envOnce sync.Once
	theEnv  env
)

// needClients returns the environment, or skips (fails under CI) the test
// when python, a module the clients import, or the clients are missing.
func needClients(t *testing.T) *env {
	t.Helper()
	envOnce.Do(func() { theEnv = findEnv() })
	if theEnv.err != nil {
		xsdcheck.Unavailable(t, fmt.Errorf("%v; %s", theEnv.err, skipExplanation))
	}
	ran.Store(true)
	return &theEnv
}

func findEnv() env {
	var e env
	wd, err := os.Getwd()
	if err != nil {
		return env{err: err}
	}
	root := wd
	for {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			return env{err: errors.New("no go.mod above " + wd)}
		}
		root = parent
	}
	e.clients = os.Getenv("TSC_CLIENTS_DIR")
	if e.clients == "" {
		e.clients = filepath.Join(root, "..", "shared", "clients")
	}
	e.testdata = filepath.Join(wd, "testdata")
	e.files = filepath.Join(root, "testdata")
	for _, p := range []string{"tableauserverclient/tableauserverclient/__init__.py", "tabcmd/tabcmd/__main__.py"} {
		if _, err := os.Stat(filepath.Join(e.clients, p)); err != nil {
			return env{err: fmt.Errorf("client missing: %v", err)}
		}
	}
	if _, err := os.Stat(python); err != nil {
		return env{err: fmt.Errorf("no %s: %v", python, err)}
	}
	e.pythonPath = strings.Join([]string{
		filepath.Join(e.clients, "tableauserverclient"), filepath.Join(e.clients, "tabcmd"), e.testdata,
	}, string(os.PathListSeparator))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, "-c", "import "+pythonModules)
	cmd.Env = e.baseEnv(os.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		return env{err: fmt.Errorf("%s cannot import the clients' modules (%s): %v\n%s", python, pythonModules, err, lastLines(out, 5))}
	}
	return e
}

// baseEnv is a clean environment: no proxy settings (requests would honour
// them even for 127.0.0.1), no user site packages, no .pyc files written
// into the read-only clients, and a HOME of the test's own.
func (e *env) baseEnv(home string) []string {
	return []string{
		"PATH=/usr/bin:/bin",
		"HOME=" + home,
		"LANG=C.UTF-8",
		"PYTHONPATH=" + e.pythonPath,
		"PYTHONDONTWRITEBYTECODE=1",
		"PYTHONNOUSERSITE=1",
		"PYTHONUNBUFFERED=1",
		"NO_PROXY=*",
	}
}

// startServer runs the emulator in-process on a real loopback port, with a
// known administrator password and a connected app for JWT sign-in.
func startServer(t *testing.T, tweak ...func(*tsctest.Options)) *tsctest.Server {
	t.Helper()
	o := tsctest.Options{
		Addr:          "127.0.0.1:0",
		AdminPassword: adminPassword,
		JWTSecret:     jwtSecret, JWTSecretID: jwtSecretID, JWTIssuer: jwtIssuer,
		JobDuration: 200 * time.Millisecond,
	}
	for _, f := range tweak {
		f(&o)
	}
	srv, err := tsctest.Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// sdk is the module's own client, signed in as the administrator on the
// site with contentURL ("" for Default).
func sdk(t *testing.T, srv *tsctest.Server, contentURL string) *tsc.Client {
	t.Helper()
	c, err := srv.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SignIn(t.Context(), tsc.Password(srv.AdminUsername, adminPassword, contentURL)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.SignOut(context.Background()) })
	return c
}

// scriptResult is what a TSC script handed back.
type scriptResult struct {
	out    map[string]any
	checks int
}

// str returns out[key] as a string, failing the test when absent.
func (r *scriptResult) str(t *testing.T, key string) string {
	t.Helper()
	s, ok := r.out[key].(string)
	if !ok || s == "" {
		t.Fatalf("the script handed back no %q (have %v)", key, r.out)
	}
	return s
}

// runScript runs testdata/tsc/<name>.py against srv and checks every call
// it reports. input reaches the script as compat.INPUT; extra is more
// environment (TSC_FILESIZE_LIMIT_MB...).
func runScript(t *testing.T, srv *tsctest.Server, name string, input map[string]any, extra ...string) *scriptResult {
	t.Helper()
	e := needClients(t)
	in, err := json.Marshal(input)
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	ctx, cancel := context.WithTimeout(t.Context(), scriptTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, filepath.Join(e.testdata, "tsc", name+".py"))
	cmd.Dir = home
	cmd.Env = append(e.baseEnv(home),
		"COMPAT_SERVER="+srv.URL,
		"COMPAT_USER="+srv.AdminUsername,
		"COMPAT_PASSWORD="+adminPassword,
		"COMPAT_TOKEN_NAME="+srv.TokenName,
		"COMPAT_TOKEN_SECRET="+srv.TokenSecret,
		"COMPAT_INPUT="+string(in),
		"COMPAT_WORKDIR="+home,
		"COMPAT_TESTDATA="+e.files,
	)
	cmd.Env = append(cmd.Env, extra...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()

	res := &scriptResult{out: map[string]any{}}
	done := -1
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line, ok := bytes.CutPrefix(sc.Bytes(), []byte("@compat "))
		if !ok {
			continue // TSC's own prints
		}
		var msg struct {
			Check  *string `json:"check"`
			Verify *string `json:"verify"`
			Got    any     `json:"got"`
			Want   any     `json:"want"`
			Out    *string `json:"out"`
			Value  any     `json:"value"`
			Done   *int    `json:"done"`
		}
		if err := json.Unmarshal(line, &msg); err != nil {
			t.Errorf("%s.py printed a line that is not a report: %s", name, line)
			continue
		}
		switch {
		case msg.Check != nil:
			res.checks++
			tscCalls.Add(1)
			if !reflect.DeepEqual(msg.Got, msg.Want) {
				t.Errorf("%s.py: %s:\n   got %s\n  want %s", name, *msg.Check, js(msg.Got), js(msg.Want))
			}
		case msg.Verify != nil:
			if !reflect.DeepEqual(msg.Got, msg.Want) {
				t.Errorf("%s.py: %s:\n   got %s\n  want %s", name, *msg.Verify, js(msg.Got), js(msg.Want))
			}
		case msg.Out != nil:
			res.out[*msg.Out] = msg.Value
		case msg.Done != nil:
			done = *msg.Done
		}
	}
	if runErr != nil || done != res.checks {
		t.Fatalf("%s.py stopped (%v) after %d checks, before it was done:\n%s", name, runErr, res.checks, lastLines(stderr.Bytes(), 30))
	}
	t.Logf("%s.py: %d TSC calls checked", name, res.checks)
	return res
}

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func lastLines(b []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
