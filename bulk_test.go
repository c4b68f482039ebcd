package tsc

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"runtime"
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

func TestMapBreakCancelsAndLeaksNothing(t *testing.T) {
	before := runtime.NumGoroutine()
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
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > before {
		t.Errorf("%d goroutines after Map, %d before", g, before)
	}
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
