// Command benchtable reads the output of `go test -bench` over package
// bench (on stdin) and prints the figures of the performance issue as one
// Markdown table, each beside its floor or target, with the machine it ran
// on. bench/run.sh pipes the benchmarks into it.
//
// A metric that appears in several runs of a benchmark (-count) is taken
// as the median. A figure whose benchmark did not run is left out.
package main

import (
	"bufio"
	"cmp"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/tsc-go/tsc/bench/internal/harness"
)

// results maps a benchmark name (without the -GOMAXPROCS suffix) to its
// metrics by unit, one value per run.
type results map[string]map[string][]float64

var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)

func parse(r io.Reader) (results, error) {
	res := results{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		f := strings.Fields(m[2])
		if res[m[1]] == nil {
			res[m[1]] = map[string][]float64{}
		}
		for i := 0; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			res[m[1]][f[i+1]] = append(res[m[1]][f[i+1]], v)
		}
	}
	return res, sc.Err()
}

// get is the median of a metric, and whether it was there.
func (r results) get(bench, unit string) (float64, bool) {
	vs := r[bench][unit]
	if len(vs) == 0 {
		return 0, false
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	return s[len(s)/2], true
}

// row is one line of the table.
type row struct{ figure, value, reference, verdict string }

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "**missed**"
}

func main() {
	title := flag.String("title", "tsc performance", "heading of the table")
	flag.Parse()
	res, err := parse(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
	rows := build(res)
	fmt.Printf("## %s\n\n", *title)
	fmt.Println("| Figure | Measured | Floor / target | Verdict |")
	fmt.Println("|---|---|---|---|")
	for _, r := range rows {
		fmt.Printf("| %s | %s | %s | %s |\n", r.figure, r.value, r.reference, r.verdict)
	}
	fmt.Println()
	machine()
}

// build turns the benchmarks' metrics into the table's rows.
func build(res results) []row {
	var rows []row
	add := func(figure, value, reference, verdict string) {
		rows = append(rows, row{figure, value, reference, verdict})
	}

	// 1. Seeding.
	if u, ok := res.get("BenchmarkSeed", "users-s"); ok {
		add(fmt.Sprintf("Seed %s users (SeedBulkUsers)", count(res, "BenchmarkSeed", "users")), fmt.Sprintf("%.1f s", u), "a few seconds (≤ 5 s)", verdict(u <= 5))
	}
	if w, ok := res.get("BenchmarkSeed", "workbooks-s"); ok {
		add(fmt.Sprintf("Seed %s workbooks, 5 views + 2 connections each", count(res, "BenchmarkSeed", "workbooks")), fmt.Sprintf("%.1f s", w), "a few seconds (≤ 5 s)", verdict(w <= 5))
	}

	// 2. Listing.
	const ua = "BenchmarkUsersAll"
	if floor, ok := res.get(ua, "floor-items/s"); ok {
		add(fmt.Sprintf("Users.All, %s users, page size %s: floor (net/http, bodies discarded)", count(res, ua, "users"), count(res, ua, "page-size")),
			fmt.Sprintf("%.0f items/s", floor), "", "")
		for _, v := range []struct{ label, name string }{{"sdk", "default"}, {"prefetch", "WithPrefetch(2)"}} {
			rate, _ := res.get(ua, v.label+"-items/s")
			x, _ := res.get(ua, v.label+"-x-floor")
			add(fmt.Sprintf("Users.All (%s)", v.name), fmt.Sprintf("%.0f items/s, %.2fx the floor's time", rate, x), "≤ 1.3x", verdict(x <= 1.3))
			allocs, _ := res.get(ua, v.label+"-allocs/item")
			bytes, _ := res.get(ua, v.label+"-B/item")
			add(fmt.Sprintf("Users.All (%s): allocations", v.name), fmt.Sprintf("%.1f allocs/item, %.0f B/item", allocs, bytes), "", "")
			start, _ := res.get(ua, v.label+"-heap-start-MiB")
			peak, _ := res.get(ua, v.label+"-heap-max-MiB")
			add(fmt.Sprintf("Users.All (%s): client heap in use", v.name), fmt.Sprintf("%.1f MiB before, %.1f MiB max during", start, peak),
				"flat: < 20 MiB growth", verdict(peak-start < 20))
		}
	}

	// 3. Publishing.
	var sizes []string
	for name := range res {
		if s, ok := strings.CutPrefix(name, "BenchmarkPublish/"); ok {
			sizes = append(sizes, s)
		}
	}
	slices.SortFunc(sizes, func(a, b string) int {
		x, _ := harness.ParseBytes(a)
		y, _ := harness.ParseBytes(b)
		return cmp.Compare(x, y)
	})
	for _, s := range sizes {
		name := "BenchmarkPublish/" + s
		raw, _ := res.get(name, "raw-MB/s")
		sdk, _ := res.get(name, "sdk-MB/s")
		of, _ := res.get(name, "sdk-of-raw")
		add(fmt.Sprintf("Publish %s .hyper, chunked: raw net/http (same requests)", s), fmt.Sprintf("%.0f MB/s", raw), "", "")
		add(fmt.Sprintf("Publish %s: Datasources.Publish", s), fmt.Sprintf("%.0f MB/s, %.0f%% of raw", sdk, of*100), "≥ 70% of raw", verdict(of >= 0.70))
		rss, _ := res.get(name, "sdk-peak-RSS-MiB")
		rawRSS, _ := res.get(name, "raw-peak-RSS-MiB")
		add(fmt.Sprintf("Publish %s: client peak RSS", s), fmt.Sprintf("%.1f MiB (raw client %.1f MiB)", rss, rawRSS), "< 100 MB", verdict(rss*(1<<20) < 100e6))
		if emu, ok := res.get(name, "emulator-peak-RSS-MiB"); ok && emu > 0 {
			add(fmt.Sprintf("Publish %s: emulator peak RSS (streams to disk)", s), fmt.Sprintf("%.1f MiB", emu), "", "")
		}
	}

	// 4. Downloading.
	for name := range res {
		s, ok := strings.CutPrefix(name, "BenchmarkDownload/")
		if !ok {
			continue
		}
		raw, _ := res.get(name, "raw-MB/s")
		sdk, _ := res.get(name, "sdk-MB/s")
		of, _ := res.get(name, "sdk-of-raw")
		add(fmt.Sprintf("Download %s to io.Discard: raw net/http GET", s), fmt.Sprintf("%.0f MB/s", raw), "", "")
		add(fmt.Sprintf("Download %s to io.Discard: Datasources.Download", s), fmt.Sprintf("%.0f MB/s, %.0f%% of raw", sdk, of*100), "≥ 85% of raw", verdict(of >= 0.85))
		rawFile, _ := res.get(name, "raw-file-MB/s")
		sdkFile, _ := res.get(name, "sdk-file-MB/s")
		ofFile, _ := res.get(name, "sdk-file-of-raw")
		add(fmt.Sprintf("Download %s to a file: raw GET + write + fsync", s), fmt.Sprintf("%.0f MB/s", rawFile), "", "")
		add(fmt.Sprintf("Download %s to a file: Datasources.DownloadTo", s), fmt.Sprintf("%.0f MB/s, %.0f%% of raw", sdkFile, ofFile*100), "≥ 85% of raw", verdict(ofFile >= 0.85))
		rss, _ := res.get(name, "sdk-peak-RSS-MiB")
		rawRSS, _ := res.get(name, "raw-peak-RSS-MiB")
		add(fmt.Sprintf("Download %s: client peak RSS", s), fmt.Sprintf("%.1f MiB (raw client %.1f MiB)", rss, rawRSS), "constant: < 100 MB", verdict(rss*(1<<20) < 100e6))
	}

	// 5. Bulk concurrency.
	const wc = "BenchmarkWorkbookConnections"
	if seq, ok := res.get(wc, "one-by-one-s"); ok {
		m, _ := res.get(wc, "map-s")
		up, _ := res.get(wc, "map-speedup")
		what := fmt.Sprintf("%s workbooks + connections, %s ms latency", count(res, wc, "workbooks"), count(res, wc, "latency-ms"))
		add(what+": one by one", fmt.Sprintf("%.1f s", seq), "", "")
		add(what+": tsc.Map (8)", fmt.Sprintf("%.1f s, %.1fx faster", m, up), "≥ 6x", verdict(up >= 6))
	}

	// 6. Emulator throughput.
	for _, mode := range []string{"first-page", "random-page"} {
		name := "BenchmarkEmulatorListUsers/" + mode
		if rate, ok := res.get(name, "req/s"); ok {
			p50, _ := res.get(name, "p50-ms")
			p99, _ := res.get(name, "p99-ms")
			add(fmt.Sprintf("Emulator: list users, page size 100, %s users, %s workers, %s", count(res, name, "users"), count(res, name, "workers"), mode), fmt.Sprintf("%.0f req/s, p50 %.1f ms, p99 %.1f ms", rate, p50, p99), "", "")
		}
	}

	// 7. The CLI's memory on a long list.
	const cl = "BenchmarkCLIListUsersJSON"
	if rss, ok := res.get(cl, "peak-RSS-MiB"); ok {
		add(fmt.Sprintf("tabctl users list --all -o json, %s users: peak RSS", count(res, cl, "users")),
			fmt.Sprintf("%.1f MiB", rss), "< 30 MiB", verdict(rss < 30))
	}
	return rows
}

// count writes a size the benchmark reported, with thousands separated.
func count(res results, bench, unit string) string {
	v, ok := res.get(bench, unit)
	if !ok {
		return "?"
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	for i := len(s) - 3; i > 0 && !strings.Contains(s, "."); i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// machine prints what the figures ran on.
func machine() {
	cpu := "unknown"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	mem := "unknown"
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "MemTotal:"); ok {
				if kb, err := strconv.ParseFloat(strings.Fields(v)[0], 64); err == nil {
					mem = fmt.Sprintf("%.1f GiB", kb/(1<<20))
				}
			}
		}
	}
	load := "unknown"
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		load = strings.Join(strings.Fields(string(b))[:3], " ")
	}
	fmt.Printf("Machine: %d CPUs (%s), %s memory, %s %s/%s; load average at the end %s.\n",
		runtime.NumCPU(), cpu, mem, runtime.Version(), runtime.GOOS, runtime.GOARCH, load)
}
