package tsc_test

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// Nothing lost, nothing doubled: the SDK against the emulator with faults
// injected (tsctest.WithFaults, seeded so that a failure repeats). Each
// test asserts outcomes and counts (what reached the emulator's handlers,
// what was stored, what the faults were), never durations.

// mixedFaults is about 10% of requests failing, every kind the SDK
// promises to ride out on an idempotent call, mixed: refusals before
// processing, errors after it, connections dropped or reset, answers cut
// mid-body, and a little latency. 500 is not among them: the SDK retries
// no 500 (a server error is taken to be lasting), which
// TestFaultsIterateStopsOn500 checks.
const mixedFaults = "429:0.02,502:0.01,502+:0.005,503:0.01,504:0.01,504+:0.005," +
	"drop:0.01,reset:0.015,cut:0.015,latency=100us±100us:0.005"

// faultClient signs in as the administrator with a retry policy that
// tolerates bursts of faults and waits only milliseconds (Retry-After: 1
// is capped to 2 ms), so that the tests run fast.
func faultClient(t *testing.T, srv *tsctest.Server, opts ...tsc.Option) *tsc.Client {
	t.Helper()
	opts = append([]tsc.Option{tsc.WithRetryPolicy(tsc.RetryPolicy{
		MaxAttempts: 8, MinBackoff: time.Millisecond, MaxBackoff: 4 * time.Millisecond, MaxRetryAfter: 2 * time.Millisecond,
	})}, opts...)
	c := e2eMust(srv.NewClient(opts...))(t)
	e2eNoErr(t, c.SignIn(e2eCtx, tsc.Password(srv.AdminUsername, srv.AdminPassword, "")))
	return c
}

// targeted aims every rule of a spec at one target ("GET", "POST/sites/**").
func targeted(spec, target string) string {
	parts := strings.Split(spec, ",")
	for i := range parts {
		parts[i] += "@" + target
	}
	return strings.Join(parts, ",")
}

// setFaults installs a spec on a running server (after the set-up, which
// must not fail).
func setFaults(t *testing.T, srv *tsctest.Server, spec string, seed uint64) {
	t.Helper()
	rules := e2eMust(tsctest.ParseFaults(spec))(t)
	e2eNoErr(t, srv.SetFaults(tsctest.FaultConfig{Seed: seed, Rules: rules}))
}

// injectedDelta is what was injected between two snapshots, by label.
func injectedDelta(before, after tsctest.FaultStats) map[string]int64 {
	d := map[string]int64{}
	for k, v := range after.Injected {
		if n := v - before.Injected[k]; n > 0 && k != "latency" {
			d[k] = n
		}
	}
	return d
}

// causeOf is what an error caused by a fault of this label must say.
var causeOf = map[string][]string{
	"429": {"429"}, "429+": {"429"}, "500": {"500"}, "500+": {"500"},
	"502": {"502"}, "502+": {"502"}, "503": {"503"}, "503+": {"503"}, "504": {"504"}, "504+": {"504"},
	// The client may be writing the request or reading the answer when the
	// connection goes: it reads a reset, a broken pipe or an early EOF.
	// (net/http reports "use of closed network connection" when it closed
	// the connection itself on seeing the reset while still writing.)
	"drop":  {"connection reset", "broken pipe", "EOF", "closed network connection"},
	"reset": {"connection reset", "broken pipe", "EOF", "closed network connection"},
	"cut":   {"unexpected EOF"},
}

// wantNamedFailure checks that err names the operation (one of ops: an
// SDK method or "METHOD /path") and the cause of one of the faults
// injected during the call.
func wantNamedFailure(t *testing.T, err error, injected map[string]int64, ops ...string) {
	t.Helper()
	msg := err.Error()
	named := false
	for _, op := range ops {
		named = named || strings.Contains(msg, op)
	}
	if !named {
		t.Errorf("error names none of %q: %s", ops, msg)
	}
	for label := range injected {
		for _, c := range causeOf[label] {
			if strings.Contains(msg, c) {
				return
			}
		}
	}
	t.Errorf("error names no cause of the faults injected during the call (%v): %s", injected, msg)
}

// TestFaultsIterateExactlyOnce walks every user of a large site, page by
// page, while about one request in ten fails: every user comes back
// exactly once, none missing, none twice.
func TestFaultsIterateExactlyOnce(t *testing.T) {
	n := 10000
	if e2eRace {
		// The race detector slows the emulator's SQLite a hundredfold.
		n = 2000
	}
	srv := tsctest.NewServer(t)
	e2eNoErr(t, srv.SeedBulkUsers("", n))
	c := faultClient(t, srv)

	var want []string
	for u, err := range c.Users.All(e2eCtx, tsc.ListOptions{PageSize: 1000}) {
		e2eNoErr(t, err)
		want = append(want, u.ID)
	}
	if len(want) != n+1 { // and the administrator
		t.Fatalf("%d users before the faults, want %d", len(want), n+1)
	}

	setFaults(t, srv, mixedFaults, 10000)
	seen := map[string]int{}
	for u, err := range c.Users.All(e2eCtx, tsc.ListOptions{PageSize: 20}) {
		if err != nil {
			t.Fatalf("iteration failed after %d users: %v", len(seen), err)
		}
		seen[u.ID]++
	}
	st := srv.FaultStats()
	pages := (n + 1 + 19) / 20
	t.Logf("%d pages, %d requests, faults injected: %v", pages, st.Requests, st.Injected)
	for id, k := range seen {
		if k != 1 {
			t.Errorf("user %s came back %d times", id, k)
		}
	}
	for _, id := range want {
		if seen[id] == 0 {
			t.Errorf("user %s is missing", id)
		}
	}
	if len(seen) != len(want) {
		t.Errorf("%d distinct users, want %d", len(seen), len(want))
	}
	kinds := len(injectedDelta(tsctest.FaultStats{}, st))
	if st.Total() < int64(pages)/20 || kinds < 5 {
		t.Errorf("too few faults to prove anything: %v over %d requests", st.Injected, st.Requests)
	}
	if got := srv.Handled("GET", "sites/{site}/users"); got < int64(pages) {
		t.Errorf("%d list requests handled, fewer than the %d pages", got, pages)
	}
}

// TestFaultsIterateStopsOn500 checks the one fault an iteration does not
// ride out: a 500 ends it with an error naming the request and the status,
// after yielding every item before it exactly once.
func TestFaultsIterateStopsOn500(t *testing.T) {
	srv := tsctest.NewServer(t)
	e2eNoErr(t, srv.SeedBulkUsers("", 99))
	c := faultClient(t, srv)
	seen := map[string]int{}
	var err error
	for u, ierr := range c.Users.All(e2eCtx, tsc.ListOptions{PageSize: 10}) {
		if ierr != nil {
			err = ierr
			break
		}
		if seen[u.ID]++; len(seen) == 20 {
			// Every request for the third page on fails.
			setFaults(t, srv, "500:1@GET/sites/*/users", 1)
		}
	}
	if err == nil || !strings.Contains(err.Error(), "GET /api/") || !strings.Contains(err.Error(), "500 Internal Server Error") {
		t.Fatalf("iteration under 500: %v", err)
	}
	if len(seen) != 20 {
		t.Errorf("%d users before the failure, want the first two pages' 20", len(seen))
	}
	for id, k := range seen {
		if k != 1 {
			t.Errorf("user %s yielded %d times", id, k)
		}
	}
	if n := srv.FaultStats().Injected["500"]; n != 1 {
		t.Errorf("500 injected %d times: a 500 was retried", n)
	}
}

// prngFile is a deterministic file of any size: a Hyper signature, then
// bytes from ChaCha8 keyed by a seed and the 64 KB block number. Any range
// can be read again (io.ReaderAt), and no more than a block is in memory.
type prngFile struct {
	seed uint64
	size int64
	off  int64 // for Read
}

const prngBlock = 64 << 10

var prngBuffers = sync.Pool{New: func() any { return new([prngBlock]byte) }}

// ReadAt fills p from offset off; it is safe for concurrent use.
func (f *prngFile) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	buf := prngBuffers.Get().(*[prngBlock]byte)
	defer prngBuffers.Put(buf)
	n := 0
	for n < len(p) && off < f.size {
		block := off / prngBlock
		var key [32]byte
		binary.LittleEndian.PutUint64(key[0:], f.seed)
		binary.LittleEndian.PutUint64(key[8:], uint64(block))
		rand.NewChaCha8(key).Read(buf[:])
		if block == 0 {
			copy(buf[:], "Hyper\x08")
		}
		start := off - block*prngBlock
		end := min(int64(prngBlock), f.size-block*prngBlock)
		c := copy(p[n:], buf[start:end])
		n += c
		off += int64(c)
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// Read reads the file from the start, for PublishSource.
func (f *prngFile) Read(p []byte) (int, error) {
	n, err := f.ReadAt(p, f.off)
	f.off += int64(n)
	return n, err
}

func (f *prngFile) sha256() [32]byte {
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, f.size)); err != nil {
		panic(err)
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

// storedSHA256 downloads a data source and hashes it; the caller sees
// that no fault rule targets the download.
func storedSHA256(t *testing.T, c *tsc.Client, id string) ([32]byte, int64) {
	t.Helper()
	h := sha256.New()
	d, err := c.Datasources.Download(e2eCtx, id, h, tsc.DownloadOptions{})
	e2eNoErr(t, err)
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum, d.Size
}

// datasourcesNamed lists the data sources with a name; the caller sees
// that no fault rule targets the list.
func datasourcesNamed(t *testing.T, c *tsc.Client, name string) []tsc.Datasource {
	t.Helper()
	ds, _, err := c.Datasources.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", name)}})
	e2eNoErr(t, err)
	return ds
}

// TestFaultsChunkedPublishCompletes publishes a large file in 8 MB chunks
// while requests fail with every fault the publish can survive without
// guessing: 429 and dropped connections (the server did not act) on the
// chunks, 429 on the POSTs; every other fault on the GETs around it. The
// publish completes and the stored bytes have the file's SHA-256; no
// chunk reached the server twice.
//
// The file is 300 MB, generated as it is read, never held in memory: about
// 2 s, 7 s under the race detector on 2 cores. -short skips it.
func TestFaultsChunkedPublishCompletes(t *testing.T) {
	if testing.Short() {
		t.Skip("a 300 MB upload; -short skips it")
	}
	const size, chunk int64 = 300 << 20, 8 << 20
	srv := tsctest.NewServer(t)
	c := faultClient(t, srv, tsc.WithChunkedUpload(32<<20, chunk))
	setFaults(t, srv, targeted("429:0.04,drop:0.03,latency=200us±200us:0.03", "PUT/sites/*/fileUploads/*")+
		",429:0.1@POST,"+targeted(mixedFaults, "GET"), 300)

	f := &prngFile{seed: 300, size: size}
	want := f.sha256()
	ds, err := c.Datasources.Publish(e2eCtx, tsc.Datasource{Name: "Big"}, tsc.PublishSource{Reader: f, Size: size, Name: "big.hyper"}, tsc.PublishOptions{})
	st := srv.FaultStats()
	t.Logf("faults injected: %v over %d requests", st.Injected, st.Requests)
	if err != nil {
		t.Fatalf("publish: %v", err)
	}
	chunks := (size + chunk - 1) / chunk
	if got := srv.Handled("PUT", "sites/{site}/fileUploads/{id}"); got != chunks {
		t.Errorf("%d chunks reached the server, want %d: a chunk was sent twice or lost", got, chunks)
	}
	if got := srv.Handled("POST", "sites/{site}/datasources"); got != 1 {
		t.Errorf("the publish reached the server %d times", got)
	}
	if st.Injected["drop"]+st.Injected["429"] == 0 {
		t.Errorf("no fault hit the upload: %v", st.Injected)
	}
	srv.ClearFaults()
	sum, n := storedSHA256(t, c, ds.ID)
	if n != size || sum != want {
		t.Fatalf("stored %d bytes with SHA-256 %x, want %d bytes with %x", n, sum, size, want)
	}
}

// TestFaultsChunksNeverSentTwice uploads in chunks while chunk requests
// fail in every way, including after the server appended the chunk (a
// reset, a cut answer, 502+, 504+): a chunk whose fate the client cannot
// know must not be sent again. Each publish either completes with the
// exact bytes, or fails naming the chunk and the cause, leaving nothing
// published.
func TestFaultsChunksNeverSentTwice(t *testing.T) {
	const size, chunk = 6 << 20, 512 << 10
	srv := tsctest.NewServer(t)
	c := faultClient(t, srv, tsc.WithChunkedUpload(1<<20, chunk))
	setFaults(t, srv, targeted("429:0.04,500:0.02,502+:0.03,503:0.03,504+:0.03,drop:0.03,reset:0.03,cut:0.03", "PUT/sites/*/fileUploads/*"), 77)
	var ok, failed int
	for i := range 8 {
		name := fmt.Sprintf("Chunked %d", i)
		f := &prngFile{seed: uint64(i), size: size}
		chunksBefore := srv.Handled("PUT", "sites/{site}/fileUploads/{id}")
		before := srv.FaultStats()
		ds, err := c.Datasources.Publish(e2eCtx, tsc.Datasource{Name: name}, tsc.PublishSource{Reader: f, Size: size, Name: "f.hyper"}, tsc.PublishOptions{})
		sent := srv.Handled("PUT", "sites/{site}/fileUploads/{id}") - chunksBefore
		injected := injectedDelta(before, srv.FaultStats())
		if sent > (size+chunk-1)/chunk {
			t.Errorf("%s: %d chunk requests reached the server for %d chunks (faults %v)", name, sent, (size+chunk-1)/chunk, injected)
		}
		if err != nil {
			failed++
			wantNamedFailure(t, err, injected, "Datasources.Publish")
			if !strings.Contains(err.Error(), "chunk") {
				t.Errorf("%s: the error does not say which chunk: %v", name, err)
			}
			if got := datasourcesNamed(t, c, name); len(got) != 0 {
				t.Errorf("%s: failed, yet published: %+v", name, got)
			}
			continue
		}
		ok++
		sum, n := storedSHA256(t, c, ds.ID)
		if want := f.sha256(); n != size || sum != want {
			t.Errorf("%s: stored %d bytes, SHA-256 %x; want %d, %x (faults %v)", name, n, sum, size, want, injected)
		}
	}
	t.Logf("%d published, %d failed; faults %v", ok, failed, srv.FaultStats().Injected)
	if ok == 0 || failed == 0 {
		t.Errorf("want both outcomes to be exercised: %d published, %d failed", ok, failed)
	}
}

// TestFaultsPublishNeverSentTwice publishes small workbooks in one request
// each while the publish POST fails in every way, before or after the
// server acted. No call reaches the server twice, at most one workbook
// lands per call (one exactly when the call succeeds), and every failure
// names the request and the fault's cause.
func TestFaultsPublishNeverSentTwice(t *testing.T) {
	srv := tsctest.NewServer(t)
	c := faultClient(t, srv)
	file := filepath.Join("testdata", "workbooks", "Sales.twbx")
	setFaults(t, srv, targeted("429:0.05,500:0.04,502:0.03,502+:0.04,503:0.03,504+:0.04,drop:0.05,reset:0.06,cut:0.06", "POST/sites/*/workbooks"), 5)
	outcomes := map[string]int{}
	for i := range 40 {
		name := fmt.Sprintf("Sales %02d", i)
		before := srv.FaultStats()
		handled := srv.Handled("POST", "sites/{site}/workbooks")
		wb, err := c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: name}, file, tsc.PublishOptions{})
		reached := srv.Handled("POST", "sites/{site}/workbooks") - handled
		injected := injectedDelta(before, srv.FaultStats())
		if reached > 1 {
			t.Errorf("%s: the publish reached the server %d times (faults %v)", name, reached, injected)
		}
		// The list is not a target of the rules: it sees no fault.
		landed, _, lerr := c.Workbooks.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", name)}})
		e2eNoErr(t, lerr)
		switch {
		case len(landed) > 1:
			t.Errorf("%s: %d workbooks landed", name, len(landed))
		case err == nil && (len(landed) != 1 || landed[0].ID != wb.ID):
			t.Errorf("%s: published, but the server has %+v", name, landed)
		case err != nil && reached == 0 && len(landed) != 0:
			t.Errorf("%s: never reached the handler, yet landed", name)
		}
		if err != nil {
			wantNamedFailure(t, err, injected, "POST /api/", "Workbooks.Publish")
			outcomes["failed"]++
			if len(landed) == 1 {
				outcomes["failed, landed"]++
			}
		} else {
			outcomes["published"]++
		}
	}
	t.Logf("outcomes %v, faults %v", outcomes, srv.FaultStats().Injected)
	if outcomes["published"] == 0 || outcomes["failed"] == 0 || outcomes["failed, landed"] == 0 {
		t.Errorf("want successes, failures and failures that landed: %v", outcomes)
	}
}

// TestFaultsDownloadCompleteOrNothing downloads a file into a directory
// again and again while the download fails in every way: each either
// completes with the stored bytes' SHA-256, or fails naming the cause and
// leaves the directory empty (no partial file, no temporary file).
func TestFaultsDownloadCompleteOrNothing(t *testing.T) {
	srv := tsctest.NewServer(t)
	c := faultClient(t, srv)
	f := &prngFile{seed: 99, size: 3 << 20}
	ds, err := c.Datasources.Publish(e2eCtx, tsc.Datasource{Name: "Download me"}, tsc.PublishSource{Reader: f, Size: f.size, Name: "d.hyper"}, tsc.PublishOptions{})
	e2eNoErr(t, err)
	want := f.sha256()
	setFaults(t, srv, targeted("429:0.05,500:0.05,502:0.04,503:0.04,504+:0.04,drop:0.04,reset:0.05,cut:0.12", "GET/sites/*/datasources/*/content"), 11)
	var ok, failed int
	for i := range 30 {
		dir := t.TempDir()
		before := srv.FaultStats()
		d, err := c.Datasources.DownloadTo(e2eCtx, ds.ID, dir, tsc.DownloadOptions{})
		injected := injectedDelta(before, srv.FaultStats())
		entries, rerr := os.ReadDir(dir)
		e2eNoErr(t, rerr)
		if err != nil {
			failed++
			wantNamedFailure(t, err, injected, "Datasources.DownloadTo", "GET /api/")
			if len(entries) != 0 {
				t.Errorf("download %d failed (%v) and left %v", i, err, names(entries))
			}
			continue
		}
		ok++
		if len(entries) != 1 || entries[0].Name() != filepath.Base(d.Path) {
			t.Errorf("download %d: the directory holds %v, want only %s", i, names(entries), filepath.Base(d.Path))
		}
		b, err := os.ReadFile(d.Path)
		e2eNoErr(t, err)
		if sha256.Sum256(b) != want {
			t.Errorf("download %d: the file's SHA-256 differs from the stored bytes' (faults %v)", i, injected)
		}
	}
	t.Logf("%d complete, %d failed; faults %v", ok, failed, srv.FaultStats().Injected)
	if ok == 0 || failed == 0 {
		t.Errorf("want both outcomes: %d complete, %d failed", ok, failed)
	}
}

func names(es []os.DirEntry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	slices.Sort(out)
	return out
}
