// Package loadgen is a small HTTP load generator for the emulator: a fixed
// number of workers send GET requests as fast as answers come, until a
// request count or a duration runs out, and the latency of every request
// is kept for percentiles. It only talks to servers on this machine
// (loopback addresses), and every run is bounded in count and in time.
package loadgen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Config is one load run.
type Config struct {
	// Target gives the URL of the i-th request (0-based), so that a run can
	// spread over pages or items. Every URL must be on a loopback address.
	Target func(i int) string
	// Header is sent with every request (X-Tableau-Auth).
	Header http.Header
	// Workers is how many requests are in flight at once; zero means 8.
	Workers int
	// Requests bounds the requests sent; zero means 10,000.
	Requests int
	// Duration bounds the run's time; zero means 10 s. The run ends at
	// whichever bound comes first, and is never longer than 10 minutes.
	Duration time.Duration
	// Client sends the requests; nil means a client whose transport keeps
	// one idle connection per worker.
	Client *http.Client
}

// Result is what a run measured.
type Result struct {
	// Requests counts the answers received, Errors those that failed (a
	// transport error or a status other than 200).
	Requests int
	Errors   int
	// FirstError describes the first failure, if any.
	FirstError string
	// Elapsed is the time from the first request to the last answer.
	Elapsed time.Duration
	// Latencies of the successful requests, sorted.
	Latencies []time.Duration
	// Bytes is the body bytes read.
	Bytes int64
}

// Rate is the successful requests per second.
func (r Result) Rate() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(len(r.Latencies)) / r.Elapsed.Seconds()
}

// Percentile is the latency under which a fraction p (0..1) of the
// successful requests answered.
func (r Result) Percentile(p float64) time.Duration {
	if len(r.Latencies) == 0 {
		return 0
	}
	i := int(p * float64(len(r.Latencies)))
	return r.Latencies[min(max(i, 0), len(r.Latencies)-1)]
}

// maxDuration is the longest run loadgen allows, whatever the config says.
const maxDuration = 10 * time.Minute

// Loopback reports an error unless raw is an http(s) URL on a loopback
// address (127.0.0.0/8, ::1, localhost).
func Loopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("loadgen: %q is not an http URL", raw)
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("loadgen: %s is not a loopback address: load is only generated against this machine", host)
	}
	return nil
}

// Run sends the load and returns what it measured.
func Run(ctx context.Context, cfg Config) (Result, error) {
	if cfg.Target == nil {
		return Result{}, errors.New("loadgen: no target")
	}
	if err := Loopback(cfg.Target(0)); err != nil {
		return Result{}, err
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = 8
	}
	total := cfg.Requests
	if total <= 0 {
		total = 10_000
	}
	d := cfg.Duration
	if d <= 0 {
		d = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, min(d, maxDuration))
	defer cancel()
	hc := cfg.Client
	if hc == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = workers
		hc = &http.Client{Transport: tr}
		defer tr.CloseIdleConnections()
	}

	var next atomic.Int64
	var mu sync.Mutex
	res := Result{Latencies: make([]time.Duration, 0, total)}
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= total || ctx.Err() != nil {
					return
				}
				target := cfg.Target(i)
				if err := Loopback(target); err != nil {
					mu.Lock()
					res.Errors++
					if res.FirstError == "" {
						res.FirstError = err.Error()
					}
					mu.Unlock()
					return
				}
				lat, n, err := get(ctx, hc, target, cfg.Header)
				if ctx.Err() != nil {
					// The run's time is up: an unfinished request is not a failure.
					return
				}
				mu.Lock()
				res.Requests++
				res.Bytes += n
				if err != nil {
					res.Errors++
					if res.FirstError == "" {
						res.FirstError = err.Error()
					}
				} else {
					res.Latencies = append(res.Latencies, lat)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	slices.Sort(res.Latencies)
	return res, nil
}

func get(ctx context.Context, hc *http.Client, target string, h http.Header) (time.Duration, int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return 0, 0, err
	}
	for k, v := range h {
		req.Header[k] = v
	}
	start := time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		return 0, 0, err
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	lat := time.Since(start)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %s", req.URL.Path, resp.Status)
	}
	return lat, n, err
}
