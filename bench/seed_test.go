package bench

import (
	"testing"
	"time"

	"github.com/tsc-go/tsc/bench/internal/harness"
	"github.com/tsc-go/tsc/tsctest"
)

// BenchmarkSeed times the bulk seeding helpers on a fresh in-memory
// emulator: 100,000 users (TSC_BENCH_USERS), then 20,000 workbooks
// (TSC_BENCH_SEED_WORKBOOKS) with 5 views and 2 connections each.
func BenchmarkSeed(b *testing.B) {
	users := harness.Int("TSC_BENCH_USERS", 100_000)
	workbooks := harness.Int("TSC_BENCH_SEED_WORKBOOKS", 20_000)
	var u, w time.Duration
	for b.Loop() {
		b.StopTimer()
		srv, err := tsctest.Start(tsctest.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		if err := srv.SeedBulkUsers("", users); err != nil {
			b.Fatal(err)
		}
		u += time.Since(start)
		start = time.Now()
		if err := srv.SeedBulkWorkbooks("", "", workbooks, 5, 2); err != nil {
			b.Fatal(err)
		}
		w += time.Since(start)
		b.StopTimer()
		srv.Close()
		b.StartTimer()
	}
	b.ReportMetric(u.Seconds()/float64(b.N), "users-s")
	b.ReportMetric(w.Seconds()/float64(b.N), "workbooks-s")
	b.ReportMetric(float64(users), "users")
	b.ReportMetric(float64(workbooks), "workbooks")
}
