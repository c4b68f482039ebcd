package bench

import (
	"os"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/bench/internal/harness"
)

// transfer is what cmd/transferbench prints.
type transfer struct {
	Op           string  `json:"op"`
	Bytes        int64   `json:"bytes"`
	Seconds      float64 `json:"seconds"`
	MBPerSecond  float64 `json:"mb_per_s"`
	PeakRSSBytes int64   `json:"peak_rss_bytes"`
}

// transfers adds up the runs of one operation.
type transfers struct {
	bytes   int64
	seconds float64
	peakRSS int64
}

func (t *transfers) add(r transfer) {
	t.bytes += r.Bytes
	t.seconds += r.Seconds
	t.peakRSS = max(t.peakRSS, r.PeakRSSBytes)
}

func (t *transfers) rate() float64 { return float64(t.bytes) / 1e6 / t.seconds }

// run starts transferbench for one operation against srv.
func run(b *testing.B, srv *harness.Server, op string, args ...string) transfer {
	var r transfer
	harness.RunJSON(b, &r, harness.Binary(b, "bench/cmd/transferbench"),
		append([]string{"-url", srv.URL, "-user", srv.Username, "-password", srv.Password, "-op", op}, args...)...)
	return r
}

// BenchmarkPublish publishes a generated .hyper (1 GiB; more sizes with
// TSC_BENCH_PUBLISH_SIZES=1GiB,4GiB) through a chunked upload session with
// the SDK, in a process of its own, beside the same requests sent with
// plain net/http. It reports both rates (MB/s, 10^6 bytes), their ratio,
// and each client's peak RSS.
func BenchmarkPublish(b *testing.B) {
	srv := harness.StartServer(b)
	for _, s := range strings.Split(envOr("TSC_BENCH_PUBLISH_SIZES", "1GiB"), ",") {
		size, err := harness.ParseBytes(s)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(harness.FormatBytes(size), func(b *testing.B) {
			file := harness.ExtractFile(b, size)
			var raw, sdk transfers
			// The order alternates, so that neither side always finds the
			// disk busy writing back what the other wrote.
			for i := 0; b.Loop(); i++ {
				first, second := "publish-raw", "publish"
				if i%2 == 1 {
					first, second = second, first
				}
				for _, op := range []string{first, second} {
					if r := run(b, srv, op, "-file", file); op == "publish" {
						sdk.add(r)
					} else {
						raw.add(r)
					}
				}
			}
			b.ReportMetric(raw.rate(), "raw-MB/s")
			b.ReportMetric(sdk.rate(), "sdk-MB/s")
			b.ReportMetric(sdk.rate()/raw.rate(), "sdk-of-raw")
			b.ReportMetric(float64(raw.peakRSS)/(1<<20), "raw-peak-RSS-MiB")
			b.ReportMetric(float64(sdk.peakRSS)/(1<<20), "sdk-peak-RSS-MiB")
			b.ReportMetric(float64(srv.PeakRSS())/(1<<20), "emulator-peak-RSS-MiB")
		})
	}
}

// BenchmarkDownload downloads a published 1 GiB data source
// (TSC_BENCH_DOWNLOAD_SIZE) with the SDK, in a process of its own, beside a
// plain net/http GET of the same content endpoint: both to io.Discard, and
// both to a file (the SDK's DownloadTo writes, syncs and renames; the raw
// GET writes, syncs and closes).
func BenchmarkDownload(b *testing.B) {
	size := harness.Bytes("TSC_BENCH_DOWNLOAD_SIZE", 1<<30)
	srv := harness.StartServer(b)
	c := srv.Client(b)
	ds, err := c.Datasources.Publish(b.Context(), tsc.Datasource{Name: "download-bench"},
		tsc.PublishSource{Path: harness.ExtractFile(b, size)}, tsc.PublishOptions{})
	if err != nil {
		b.Fatal(err)
	}
	out, err := os.MkdirTemp(harness.TempDir(b), "downloads-*")
	if err != nil {
		b.Fatal(err)
	}
	b.Run(harness.FormatBytes(size), func(b *testing.B) {
		var raw, sdk, rawFile, sdkFile transfers
		results := map[string]*transfers{"download-raw": &raw, "download": &sdk, "download-file-raw": &rawFile, "download-file": &sdkFile}
		for i := 0; b.Loop(); i++ {
			ops := []string{"download-raw", "download", "download-file-raw", "download-file"}
			if i%2 == 1 {
				ops = []string{"download", "download-raw", "download-file", "download-file-raw"}
			}
			for _, op := range ops {
				results[op].add(run(b, srv, op, "-id", ds.ID, "-out", out))
			}
		}
		b.ReportMetric(raw.rate(), "raw-MB/s")
		b.ReportMetric(sdk.rate(), "sdk-MB/s")
		b.ReportMetric(sdk.rate()/raw.rate(), "sdk-of-raw")
		b.ReportMetric(rawFile.rate(), "raw-file-MB/s")
		b.ReportMetric(sdkFile.rate(), "sdk-file-MB/s")
		b.ReportMetric(sdkFile.rate()/rawFile.rate(), "sdk-file-of-raw")
		b.ReportMetric(float64(max(sdk.peakRSS, sdkFile.peakRSS))/(1<<20), "sdk-peak-RSS-MiB")
		b.ReportMetric(float64(max(raw.peakRSS, rawFile.peakRSS))/(1<<20), "raw-peak-RSS-MiB")
		b.ReportMetric(float64(srv.PeakRSS())/(1<<20), "emulator-peak-RSS-MiB")
	})
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
