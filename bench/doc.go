// Package bench holds the SDK's performance benchmarks against the
// emulator: listing 100,000 users, publishing and downloading 1 GiB,
// bulk calls with tsc.Map under latency, and the emulator's own list
// throughput. Each figure is set beside its floor: the same bytes moved
// with plain net/http against the same emulator.
//
// The benchmarks are figures, never pass/fail timings: `go test ./...`
// runs none of them (they only run with -bench), and run.sh runs them all
// and prints one table. The emulator runs as `tabctl serve` in a process
// of its own, so that heap and allocation figures are the client's; the
// publish and download clients run in processes of their own too
// (cmd/transferbench), so that their peak RSS is theirs alone.
//
// Sizes come from the environment, with defaults that match the issue:
//
//	TSC_BENCH_USERS          users listed (100000)
//	TSC_BENCH_PAGE_SIZE      page size of the listing (1000)
//	TSC_BENCH_PREFETCH       pages requested ahead in the WithPrefetch passes (2)
//	TSC_BENCH_SEED_WORKBOOKS workbooks BenchmarkSeed seeds (20000)
//	TSC_BENCH_PUBLISH_SIZES  sizes published, comma separated (1GiB)
//	TSC_BENCH_DOWNLOAD_SIZE  size downloaded (1GiB)
//	TSC_BENCH_WORKBOOKS      workbooks walked with their connections (2000)
//	TSC_BENCH_LATENCY        emulator latency for that walk (20ms)
//	TSC_BENCH_LOAD_ROWS      users on the site the load generator lists (100000)
//	TSC_BENCH_LOAD_REQUESTS  most requests per load run (20000)
//	TSC_BENCH_LOAD_SECONDS   longest load run (20)
//	TSC_BENCH_LOAD_WORKERS   concurrent load workers (8)
//	TSC_BENCH_TMP            where generated files go (the system's temp dir)
//	TSC_BENCH_BIN            a directory with tabctl and transferbench already built
//
// run.sh also takes TSC_BENCH_TIMEOUT, its budget in seconds (1800).
package bench
