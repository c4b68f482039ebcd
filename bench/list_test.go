package bench

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/bench/internal/harness"
)

// listPass is one walk over every user: how long it took and what the
// client's heap did meanwhile.
type listPass struct {
	items    int
	elapsed  time.Duration
	mallocs  uint64
	bytes    uint64
	heapMax  uint64
	heapBase uint64
}

// walkUsers ranges over Users.All, sampling the heap once per page.
func walkUsers(b *testing.B, c *tsc.Client, opts tsc.ListOptions) listPass {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	p := listPass{heapBase: ms.HeapInuse, heapMax: ms.HeapInuse}
	m0, b0 := ms.Mallocs, ms.TotalAlloc
	names := 0
	start := time.Now()
	for u, err := range c.Users.All(context.Background(), opts) {
		if err != nil {
			b.Fatal(err)
		}
		names += len(u.Name)
		p.items++
		if p.items%opts.PageSize == 0 {
			runtime.ReadMemStats(&ms)
			p.heapMax = max(p.heapMax, ms.HeapInuse)
		}
	}
	p.elapsed = time.Since(start)
	runtime.ReadMemStats(&ms)
	p.heapMax = max(p.heapMax, ms.HeapInuse)
	p.mallocs, p.bytes = ms.Mallocs-m0, ms.TotalAlloc-b0
	if names == 0 {
		b.Fatal("no names")
	}
	return p
}

// BenchmarkUsersAll walks 100,000 users with Users.All at page size 1000,
// beside the floor: the same pages fetched with net/http and discarded.
// Each iteration runs the floor, the SDK and the SDK with prefetch one after
// the other, in an order that rotates, so that the ratios compare runs under
// the same load.
func BenchmarkUsersAll(b *testing.B) {
	n := harness.Int("TSC_BENCH_USERS", 100_000)
	size := harness.Int("TSC_BENCH_PAGE_SIZE", 1000)
	// The administrator is a user of the site too.
	srv := harness.StartServer(b, "--seed-users", strconv.Itoa(n-1))
	c := srv.Client(b)
	pre := srv.Client(b, tsc.WithPrefetch(harness.Int("TSC_BENCH_PREFETCH", 2)))
	raw := harness.NewRaw(srv.URL, c)
	ctx := context.Background()
	pages := (n + size - 1) / size

	var floor time.Duration
	var sdk, prefetch []listPass
	// The three passes run in turn, each iteration starting one later, and
	// each after a collection: none of them always runs first (on a cooler
	// cache, or right after the emulator's last burst), and none inherits
	// the garbage of another.
	passes := []func(){
		func() {
			runtime.GC()
			start := time.Now()
			for p := 1; p <= pages; p++ {
				if _, err := raw.GetDiscard(ctx, fmt.Sprintf("/users?pageNumber=%d&pageSize=%d", p, size)); err != nil {
					b.Fatal(err)
				}
			}
			floor += time.Since(start)
		},
		func() {
			pass := walkUsers(b, c, tsc.ListOptions{PageSize: size})
			if pass.items != n {
				b.Fatalf("listed %d users, want %d", pass.items, n)
			}
			sdk = append(sdk, pass)
		},
		func() {
			pass := walkUsers(b, pre, tsc.ListOptions{PageSize: size})
			if pass.items != n {
				b.Fatalf("listed %d users with prefetch, want %d", pass.items, n)
			}
			prefetch = append(prefetch, pass)
		},
	}
	for i := 0; b.Loop(); i++ {
		for k := range passes {
			passes[(i+k)%len(passes)]()
		}
	}
	report(b, n, floor, sdk, "sdk")
	report(b, n, floor, prefetch, "prefetch")
	b.ReportMetric(float64(n), "users")
	b.ReportMetric(float64(size), "page-size")
}

// report writes the figures of the SDK passes beside the floor's.
func report(b *testing.B, n int, floor time.Duration, passes []listPass, label string) {
	var elapsed time.Duration
	var mallocs, bytes, heapMax, heapBase uint64
	for _, p := range passes {
		elapsed += p.elapsed
		mallocs += p.mallocs
		bytes += p.bytes
		heapMax = max(heapMax, p.heapMax)
		heapBase = max(heapBase, p.heapBase)
	}
	k := float64(len(passes))
	items := float64(n) * k
	if label == "sdk" {
		b.ReportMetric(items/floor.Seconds(), "floor-items/s")
	}
	b.ReportMetric(items/elapsed.Seconds(), label+"-items/s")
	b.ReportMetric(elapsed.Seconds()/floor.Seconds(), label+"-x-floor")
	b.ReportMetric(float64(mallocs)/items, label+"-allocs/item")
	b.ReportMetric(float64(bytes)/items, label+"-B/item")
	b.ReportMetric(float64(heapBase)/(1<<20), label+"-heap-start-MiB")
	b.ReportMetric(float64(heapMax)/(1<<20), label+"-heap-max-MiB")
}
