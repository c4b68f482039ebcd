package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/tsc-go/tsc/bench/internal/harness"
	"github.com/tsc-go/tsc/bench/loadgen"
)

// BenchmarkEmulatorListUsers measures the emulator itself: GET
// /sites/{site}/users at page size 100 on a site of 100,000 users
// (TSC_BENCH_LOAD_ROWS), from TSC_BENCH_LOAD_WORKERS (8) concurrent
// workers of package loadgen, bounded by TSC_BENCH_LOAD_REQUESTS (20,000)
// and TSC_BENCH_LOAD_SECONDS (20) per run. "first-page" asks for page 1
// again and again; "random-page" for pages spread evenly over the whole
// list (the same sequence every run), which is what a walk of the list
// costs on average. It reports requests per second and the p50 and p99
// latencies.
func BenchmarkEmulatorListUsers(b *testing.B) {
	rows := harness.Int("TSC_BENCH_LOAD_ROWS", 100_000)
	srv := harness.StartServer(b, "--seed-users", strconv.Itoa(rows-1))
	c := srv.Client(b)
	raw := harness.NewRaw(srv.URL, c)
	const size = 100
	pages := (rows + size - 1) / size
	rng := rand.New(rand.NewPCG(6, 100_000))
	random := make([]int, 4096)
	for i := range random {
		random[i] = 1 + rng.IntN(pages)
	}
	for _, mode := range []string{"first-page", "random-page"} {
		b.Run(mode, func(b *testing.B) {
			var lat []time.Duration
			var elapsed time.Duration
			errs := 0
			for b.Loop() {
				res, err := loadgen.Run(context.Background(), loadgen.Config{
					Target: func(i int) string {
						page := 1
						if mode == "random-page" {
							page = random[i%len(random)]
						}
						return fmt.Sprintf("%s/users?pageNumber=%d&pageSize=%d", raw.Base, page, size)
					},
					Header:   http.Header{"X-Tableau-Auth": {raw.Token}},
					Workers:  harness.Int("TSC_BENCH_LOAD_WORKERS", 8),
					Requests: harness.Int("TSC_BENCH_LOAD_REQUESTS", 20_000),
					Duration: time.Duration(harness.Int("TSC_BENCH_LOAD_SECONDS", 20)) * time.Second,
				})
				if err != nil {
					b.Fatal(err)
				}
				if res.Errors > 0 {
					b.Fatalf("%d of %d requests failed, the first: %s", res.Errors, res.Requests, res.FirstError)
				}
				lat = append(lat, res.Latencies...)
				elapsed += res.Elapsed
				errs += res.Errors
			}
			slices.Sort(lat)
			all := loadgen.Result{Latencies: lat, Elapsed: elapsed}
			b.ReportMetric(all.Rate(), "req/s")
			b.ReportMetric(float64(all.Percentile(0.50))/1e6, "p50-ms")
			b.ReportMetric(float64(all.Percentile(0.99))/1e6, "p99-ms")
			b.ReportMetric(float64(len(lat)), "requests")
			b.ReportMetric(float64(rows), "users")
			b.ReportMetric(float64(harness.Int("TSC_BENCH_LOAD_WORKERS", 8)), "workers")
		})
	}
}
