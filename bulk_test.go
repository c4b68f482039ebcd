package tsc

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func ints(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func TestMapKeepsOrderAndBoundsConcurrency(t *testing.T) {
	var inFlight, peak atomic.Int32
	fn := func(ctx context.Context, i int) (string, error) {
		n := inFlight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		// Later items finish first, so order must be restored, not inherited.
		time.Sleep(time.Duration(50-i%50) * 20 * time.Microsecond)
		inFlight.Add(-1)
		return fmt.Sprint(i * i), nil
	}
	var got []int
	for r, err := range Map(bg, Slice(ints(200)), fn, MapOptions{Concurrency: 5}) {
		if err != nil {
			t.Fatal(err)
		}
		if r.Value != fmt.Sprint(r.Item*r.Item) || r.Index != r.Item {
			t.Fatalf("result %+v", r)
		}
		got = append(got, r.Item)
	}
	for i, v := range got {
		if v != i {
			t.Fatalf("out of order at %d: %v", i, got[:i+1])
		}
	}
	if len(got) != 200 {
		t.Fatalf("%d results", len(got))
	}
	if p := peak.Load(); p > 5 || p < 2 {
		t.Errorf("peak concurrency %d, want 2..5", p)
	}
}

func TestMapStopsOnFirstError(t *testing.T) {
	boom := errors.New("boom")
	var started atomic.Int32
	fn := func(ctx context.Context, i int) (int, error) {
		started.Add(1)
		if i == 3 {
			return 0, boom
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(time.Millisecond):
		}
		return i, nil
	}
	var n int
	var last error
	for r, err := range Map(bg, Slice(ints(1000)), fn, MapOptions{Concurrency: 4}) {
		if err != nil {
			last = err
			break
		}
		if r.Item != n {
			t.Fatalf("item %d at %d", r.Item, n)
		}
		n++
	}
	if !errors.Is(last, boom) || n != 3 {
		t.Errorf("yielded %d items then %v; want 3 then boom", n, last)
	}
	if s := started.Load(); s > 20 {
		t.Errorf("%d calls started after the error; it should stop early", s)
	}
}

func TestMapCollectsErrors(t *testing.T) {
	fn := func(ctx context.Context, i int) (int, error) {
		if i%3 == 0 {
			return 0, fmt.Errorf("item %d failed", i)
		}
		return i, nil
	}
	var failed, ok int
	for r, err := range Map(bg, Slice(ints(30)), fn, MapOptions{CollectErrors: true}) {
		if err != nil {
			t.Fatal(err)
		}
		if r.Err != nil {
			if r.Err.Error() != fmt.Sprintf("item %d failed", r.Item) {
				t.Errorf("error %v on item %d", r.Err, r.Item)
			}
			failed++
		} else {
			ok++
		}
	}
	if failed != 10 || ok != 20 {
		t.Errorf("failed %d ok %d", failed, ok)
	}
}

func TestMapInputErrorEnds(t *testing.T) {
	bad := errors.New("page 2 failed")
	in := func(yield func(int, error) bool) {
		for i := range 5 {
			if !yield(i, nil) {
				return
			}
		}
		yield(0, bad)
	}
	var n int
	var last error
	for _, err := range Map(bg, iter.Seq2[int, error](in), func(ctx context.Context, i int) (int, error) { return i, nil }, MapOptions{}) {
		if err != nil {
			last = err
			continue
		}
		n++
	}
	if n != 5 || !errors.Is(last, bad) {
		t.Errorf("%d items then %v", n, last)
	}
}

// TestMapBreakCancelsAndLeaksNothing breaks out of a Map whose calls
// block until cancelled: they are cancelled, and none of the goroutines
// this Map started (found by their "created by" lines, so other tests'
// goroutines in the process neither fail nor hide a leak) outlives it.
func TestMapBreakCancelsAndLeaksNothing(t *testing.T) {
	me := goroutineID()
	if n, stacks := mapGoroutinesOf(me, t.Name()); n != 0 {
		t.Fatalf("%d goroutines of Map before Map ran:\n%s", n, stacks)
	}
	var cancelled atomic.Int32
	fn := func(ctx context.Context, i int) (int, error) {
		if i == 0 {
			return 0, nil
		}
		<-ctx.Done()
		cancelled.Add(1)
		return 0, ctx.Err()
	}
	for range Map(bg, Slice(ints(100)), fn, MapOptions{Concurrency: 8}) {
		break
	}
	if cancelled.Load() == 0 {
		t.Error("breaking out did not cancel the calls in flight")
	}
	// A goroutine that has returned may take a moment to leave the list.
	deadline := time.Now().Add(2 * time.Second)
	n, stacks := mapGoroutinesOf(me, t.Name())
	for n > 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
		n, stacks = mapGoroutinesOf(me, t.Name())
	}
	if n > 0 {
		t.Errorf("%d goroutines started by Map outlive it:\n%s", n, stacks)
	}
}

// goroutineID is the id of the calling goroutine, from its stack's header.
func goroutineID() string {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	id, _, _ := strings.Cut(strings.TrimPrefix(string(buf), "goroutine "), " ")
	return id
}

// mapGoroutinesOf counts the live goroutines that goroutine id started
// through Map, and those they started in turn (Map's workers), from every
// goroutine's stack; it returns their stacks too. A worker whose creator
// has ended is still found when it runs a function of the test named
// testFunc (the fn given to Map).
func mapGoroutinesOf(id, testFunc string) (int, string) {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	type g struct{ parent, stack string }
	all := map[string]g{}
	for _, block := range strings.Split(string(buf), "\n\n") {
		gid, _, _ := strings.Cut(strings.TrimPrefix(block, "goroutine "), " ")
		i := strings.LastIndex(block, "\ncreated by ")
		if i < 0 {
			continue
		}
		creator := block[i+len("\ncreated by "):]
		creator, _, _ = strings.Cut(creator, "\n")
		fn, parent, ok := strings.Cut(creator, " in goroutine ")
		if ok && strings.Contains(fn, ".Map[") { // tsc.Map[...], or Caller.Map[...] where inlined
			all[gid] = g{parent, block}
		}
	}
	var n int
	var stacks strings.Builder
	for gid, x := range all {
		if strings.Contains(x.stack, "tsc."+testFunc+".") {
			n++
			stacks.WriteString(x.stack + "\n\n")
			continue
		}
		// Walk up the "created by" chain, through Map's goroutines only.
		for p := x.parent; ; {
			if p == id {
				n++
				stacks.WriteString(all[gid].stack + "\n\n")
				break
			}
			up, ok := all[p]
			if !ok {
				break
			}
			p = up.parent
		}
	}
	return n, stacks.String()
}

func TestMapWithClientCalls(t *testing.T) {
	ts := setup(t)
	ts.handle("GET "+sitePrefix+"/groups", serveXML(200, reference(t, "group_get.xml")))
	ts.handle("GET "+sitePrefix+"/groups/{id}/users", serveXML(200, reference(t, "group_populate_users.xml")))
	type membership struct {
		group string
		users int
	}
	var got []membership
	users := func(ctx context.Context, g Group) (int, error) {
		u, _, err := ts.client.Groups.Users(ctx, g.ID, ListOptions{})
		return len(u), err
	}
	for r, err := range Map(bg, ts.client.Groups.All(bg, ListOptions{}), users, MapOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, membership{r.Item.Name, r.Value})
	}
	if len(got) != 3 || got[0].group != "All Users" || got[2].users != 1 {
		t.Errorf("got %+v", got)
	}
}

func TestRateLimitSpacesRequests(t *testing.T) {
	ts := setup(t, WithRateLimit(200, 1))
	ts.handle("GET "+sitePrefix+"/groups", serveXML(200, reference(t, "group_get.xml")))
	start := time.Now()
	for range 11 {
		if _, _, err := ts.client.Groups.List(bg, ListOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	// 11 requests at 200/s with no burst need at least 10 intervals of 5 ms.
	if d := time.Since(start); d < 45*time.Millisecond {
		t.Errorf("11 requests took %s; the limit allows no less than 50ms", d)
	}
	ctx, cancel := context.WithCancel(bg)
	cancel()
	if _, _, err := ts.client.Groups.List(ctx, ListOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled wait: %v", err)
	}
	if _, err := NewClient("https://x.example.com", WithRateLimit(0, 1)); err == nil {
		t.Error("a zero rate was accepted")
	}
}

func TestMapCallerCancelIsReported(t *testing.T) {
	ctx, cancel := context.WithCancel(bg)
	fn := func(ctx context.Context, i int) (int, error) {
		if i == 2 {
			cancel()
		}
		return i, nil
	}
	var last error
	for _, err := range Map(ctx, Slice(ints(1000)), fn, MapOptions{Concurrency: 1}) {
		if err != nil {
			last = err
		}
	}
	if !errors.Is(last, context.Canceled) {
		t.Errorf("a cancelled walk ended with %v, want context.Canceled", last)
	}
}
