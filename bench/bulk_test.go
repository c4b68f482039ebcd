package bench

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/bench/internal/harness"
)

// BenchmarkWorkbookConnections fetches every workbook of a site with its
// connections (the N+1 pattern: one list, then one call per workbook)
// against an emulator that takes 20 ms per request (TSC_BENCH_LATENCY):
// one by one, then through tsc.Map at its default concurrency. It reports
// both times in seconds and the speed-up.
func BenchmarkWorkbookConnections(b *testing.B) {
	n := harness.Int("TSC_BENCH_WORKBOOKS", 2000)
	latency := envOr("TSC_BENCH_LATENCY", "20ms")
	srv := harness.StartServer(b, "--seed-users", "100", "--seed-workbooks", strconv.Itoa(n),
		"--seed-views-per", "3", "--seed-connections-per", "2", "--latency", latency)
	c := srv.Client(b)
	ctx := context.Background()
	connections := func(ctx context.Context, wb tsc.Workbook) ([]tsc.Connection, error) {
		return c.Workbooks.Connections(ctx, wb.ID)
	}

	var seq, mapped time.Duration
	for b.Loop() {
		start := time.Now()
		count := 0
		for wb, err := range c.Workbooks.All(ctx, tsc.ListOptions{}) {
			if err != nil {
				b.Fatal(err)
			}
			conns, err := connections(ctx, wb)
			if err != nil {
				b.Fatal(err)
			}
			count += len(conns)
		}
		seq += time.Since(start)
		if count != 2*n {
			b.Fatalf("one by one: %d connections, want %d", count, 2*n)
		}

		start = time.Now()
		count = 0
		for r, err := range tsc.Map(ctx, c.Workbooks.All(ctx, tsc.ListOptions{}), connections, tsc.MapOptions{}) {
			if err != nil {
				b.Fatal(err)
			}
			count += len(r.Value)
		}
		mapped += time.Since(start)
		if count != 2*n {
			b.Fatalf("Map: %d connections, want %d", count, 2*n)
		}
	}
	k := float64(b.N)
	b.ReportMetric(seq.Seconds()/k, "one-by-one-s")
	b.ReportMetric(mapped.Seconds()/k, "map-s")
	b.ReportMetric(seq.Seconds()/mapped.Seconds(), "map-speedup")
	b.ReportMetric(float64(n), "workbooks")
	if d, err := time.ParseDuration(latency); err == nil {
		b.ReportMetric(float64(d)/1e6, "latency-ms")
	}
}
