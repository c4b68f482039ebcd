// Package harness is what the benchmarks of package bench share: size
// knobs read from the environment, the emulator run as its own process
// (`tabctl serve`), child processes for client-only measurements, raw
// net/http access to the same server for the floors, and generated files.
//
// The emulator runs in another process so that what a benchmark measures
// in its own process (heap, allocations, peak RSS of a child) is the
// client's alone.
package harness

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
)

// Int reads a size knob from the environment: digits, with an optional
// _ separator (100_000). An unset or unreadable variable gives def.
func Int(name string, def int) int {
	v := strings.ReplaceAll(os.Getenv(name), "_", "")
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return def
	}
	return n
}

// Bytes reads a byte-size knob: a number with an optional KiB, MiB or
// GiB suffix (1GiB, 512MiB, 1073741824). An unset or unreadable variable
// gives def.
func Bytes(name string, def int64) int64 {
	n, err := ParseBytes(os.Getenv(name))
	if err != nil || n <= 0 {
		return def
	}
	return n
}

// ParseBytes reads 1GiB, 512MiB, 64KiB or a plain number of bytes.
func ParseBytes(v string) (int64, error) {
	v = strings.TrimSpace(v)
	mult := int64(1)
	for suffix, m := range map[string]int64{"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30} {
		if strings.HasSuffix(v, suffix) {
			v, mult = strings.TrimSuffix(v, suffix), m
			break
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a size like 1GiB, 512MiB or 1048576", v)
	}
	return n * mult, nil
}

// FormatBytes writes n as ParseBytes reads it, in the largest whole unit.
func FormatBytes(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%dGiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%dMiB", n>>20)
	}
	return strconv.FormatInt(n, 10)
}

var (
	tmpOnce sync.Once
	tmpDir  string
	tmpErr  error
	build   sync.Mutex
	built   = map[string]string{}
)

// TempDir is one directory for the whole benchmark process (binaries,
// generated files), under $TSC_BENCH_TMP when set; Cleanup removes it.
func TempDir(tb testing.TB) string {
	tb.Helper()
	tmpOnce.Do(func() { tmpDir, tmpErr = os.MkdirTemp(os.Getenv("TSC_BENCH_TMP"), "tsc-bench-*") })
	if tmpErr != nil {
		tb.Fatal(tmpErr)
	}
	return tmpDir
}

// Cleanup removes TempDir; TestMain calls it once the benchmarks are done.
func Cleanup() {
	if tmpDir != "" {
		os.RemoveAll(tmpDir)
	}
}

// moduleRoot is the directory of go.mod above the working directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Binary returns the path of a command of this module (pkg relative to the
// module root, e.g. "cmd/tabctl"): $TSC_BENCH_BIN/<base name> when run.sh
// built it already, else built now into TempDir (the go command's cache
// makes that quick after the first time).
func Binary(tb testing.TB, pkg string) string {
	tb.Helper()
	name := filepath.Base(pkg)
	if dir := os.Getenv("TSC_BENCH_BIN"); dir != "" {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	build.Lock()
	defer build.Unlock()
	if p, ok := built[pkg]; ok {
		return p
	}
	root, err := moduleRoot()
	if err != nil {
		tb.Fatal(err)
	}
	out := filepath.Join(TempDir(tb), name)
	cmd := exec.Command("go", "build", "-o", out, "./"+pkg)
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("go build ./%s: %v\n%s", pkg, err, b)
	}
	built[pkg] = out
	return out
}

// Server is an emulator running as `tabctl serve` in its own process.
type Server struct {
	// URL is where it listens (http://127.0.0.1:port); Username and
	// Password sign in as its administrator.
	URL      string
	Username string
	Password string
	cmd      *exec.Cmd
	stderr   bytes.Buffer
}

// StartServer runs `tabctl serve` on a free loopback port with args added
// (--seed-users 100000, --latency 20ms, ...), waits until it has seeded
// and listens, and stops it (SIGTERM, so that it removes its temporary
// files) when tb ends.
func StartServer(tb testing.TB, args ...string) *Server {
	tb.Helper()
	bin := Binary(tb, "cmd/tabctl")
	s := &Server{Username: "admin", Password: "bench-" + strconv.FormatUint(rand.Uint64(), 36)}
	all := append([]string{"serve", "--addr", "127.0.0.1:0", "--no-log", "--admin-password", s.Password}, args...)
	s.cmd = exec.Command(bin, all...)
	s.cmd.Stderr = &s.stderr
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.stop)
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "url: "); ok {
				urlc <- u
			}
		}
		close(urlc)
	}()
	select {
	case u, ok := <-urlc:
		if !ok {
			s.cmd.Wait()
			tb.Fatalf("tabctl serve %s ended: %s", strings.Join(args, " "), s.stderr.String())
		}
		s.URL = u
	case <-time.After(5 * time.Minute):
		tb.Fatalf("tabctl serve %s did not start in 5 minutes: %s", strings.Join(args, " "), s.stderr.String())
	}
	return s
}

// PeakRSS is the server process's peak resident set size in bytes (VmHWM
// of /proc/{pid}/status), or 0 where that is not known: the figure that
// shows whether the emulator streams uploads and downloads or holds them.
func (s *Server) PeakRSS() int64 {
	return vmHWM(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
}

// vmHWM reads the VmHWM line (peak resident set, kB) of a Linux
// /proc/{pid}/status file, in bytes; 0 when the file or line is missing.
func vmHWM(path string) int64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

func (s *Server) stop() {
	if s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

// Client returns an SDK client signed in to the Default site as the
// administrator, with opts.
func (s *Server) Client(tb testing.TB, opts ...tsc.Option) *tsc.Client {
	tb.Helper()
	c, err := tsc.NewClient(s.URL, append([]tsc.Option{tsc.WithVersion("3.29")}, opts...)...)
	if err != nil {
		tb.Fatal(err)
	}
	if err := c.SignIn(context.Background(), tsc.Password(s.Username, s.Password, "")); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { c.SignOut(context.Background()) })
	return c
}

// Raw is plain net/http access to the server with a client's session: the
// floor the SDK is measured against.
type Raw struct {
	HTTP   *http.Client
	Base   string // {server}/api/3.29/sites/{site-id}
	Token  string
	SiteID string
}

// NewRaw takes the session of c, with a client on a transport of its own
// configured as the SDK's default one is.
func NewRaw(base string, c *tsc.Client) *Raw {
	s := c.Session()
	return &Raw{
		HTTP:   &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()},
		Base:   strings.TrimRight(base, "/") + "/api/" + c.Version().String() + "/sites/" + s.SiteID,
		Token:  s.Token.Reveal(),
		SiteID: s.SiteID,
	}
}

// Request builds a request to Base+path with the session header.
func (r *Raw) Request(ctx context.Context, method, path string, body io.Reader) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, r.Base+path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("X-Tableau-Auth", r.Token)
	return req, nil
}

// GetDiscard GETs Base+path and reads the answer into io.Discard,
// returning the bytes read.
func (r *Raw) GetDiscard(ctx context.Context, path string) (int64, error) {
	req, err := r.Request(ctx, http.MethodGet, path, nil)
	if err != nil {
		return 0, err
	}
	resp, err := r.HTTP.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n, err := CopySDKBuffer(io.Discard, resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return n, err
}

// SDKCopyBuffer is the buffer size the SDK's downloads copy with
// (download.go's copyCounting).
const SDKCopyBuffer = 64 << 10

// CopySDKBuffer copies src to dst through one SDKCopyBuffer-sized buffer,
// as the SDK does, so that a download floor differs from the SDK in what
// the SDK adds, not in its buffer. io.Copy would hand the copy to
// io.Discard's ReadFrom (8 KiB buffers) or a file's (32 KiB), so both sides
// are hidden from it.
func CopySDKBuffer(dst io.Writer, src io.Reader) (int64, error) {
	return io.CopyBuffer(struct{ io.Writer }{dst}, struct{ io.Reader }{src}, make([]byte, SDKCopyBuffer))
}

// hyperHeader is the start of a Hyper extract: the emulator checks it.
var hyperHeader = []byte("Hyper\x08\x00\x00")

// ExtractFile returns a generated .hyper file of size bytes in TempDir
// (pseudo-random bytes after the Hyper signature, so nothing on the way
// can compress it), made once per size and process.
func ExtractFile(tb testing.TB, size int64) string {
	tb.Helper()
	build.Lock()
	defer build.Unlock()
	key := "extract:" + strconv.FormatInt(size, 10)
	if p, ok := built[key]; ok {
		return p
	}
	p := filepath.Join(TempDir(tb), "extract-"+FormatBytes(size)+".hyper")
	f, err := os.Create(p)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	w.Write(hyperHeader)
	rng := rand.NewChaCha8([32]byte{'t', 's', 'c'})
	if _, err := io.CopyN(w, rng, size-int64(len(hyperHeader))); err != nil {
		tb.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	built[key] = p
	return p
}

// RunJSON runs a child process and decodes the JSON object it prints last
// on stdout into v.
func RunJSON(tb testing.TB, v any, bin string, args ...string) {
	tb.Helper()
	cmd := exec.Command(bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		tb.Fatalf("%s %s: %v\n%s", filepath.Base(bin), strings.Join(args, " "), err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), v); err != nil {
		tb.Fatalf("%s: output %q: %v", filepath.Base(bin), stdout.String(), err)
	}
}
