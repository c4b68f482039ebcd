package loadgen

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestRunCountsAndBounds(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Header.Get("X-Tableau-Auth") != "tok" {
			http.Error(w, "no token", http.StatusUnauthorized)
			return
		}
		if r.URL.Query().Get("page") == "13" {
			http.Error(w, "unlucky", http.StatusInternalServerError)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	res, err := Run(context.Background(), Config{
		Target:   func(i int) string { return srv.URL + "/x?page=" + strconv.Itoa(i%20) },
		Header:   http.Header{"X-Tableau-Auth": {"tok"}},
		Workers:  4,
		Requests: 200,
		Duration: time.Minute,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 200 || hits.Load() != 200 {
		t.Errorf("requests %d, hits %d, want 200", res.Requests, hits.Load())
	}
	if res.Errors != 10 || !strings.Contains(res.FirstError, "500") {
		t.Errorf("errors %d (%s), want 10 500s", res.Errors, res.FirstError)
	}
	if len(res.Latencies) != 190 || res.Bytes != int64(190*2+10*len("unlucky\n")) {
		t.Errorf("%d latencies, %d bytes", len(res.Latencies), res.Bytes)
	}
	if res.Percentile(0.5) > res.Percentile(0.99) || res.Rate() <= 0 {
		t.Errorf("p50 %v p99 %v rate %v", res.Percentile(0.5), res.Percentile(0.99), res.Rate())
	}
}

func TestRunStopsAtItsDuration(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(time.Second):
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	res, err := Run(context.Background(), Config{Target: func(int) string { return srv.URL }, Workers: 2, Requests: 1_000_000, Duration: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	// Cut short by the duration: the unfinished requests are not counted.
	if res.Requests != 0 || res.Errors != 0 {
		t.Errorf("%+v", res)
	}
}

func TestRunOnlyOnLoopback(t *testing.T) {
	for _, u := range []string{"http://example.com/", "http://10.0.0.1:8080/", "ftp://127.0.0.1/", "http://[2001:db8::1]/"} {
		if _, err := Run(context.Background(), Config{Target: func(int) string { return u }}); err == nil {
			t.Errorf("%s was taken", u)
		}
	}
	for _, u := range []string{"http://127.0.0.1:1/", "http://[::1]:1/", "http://localhost:1/", "http://127.0.0.2:1/"} {
		if err := Loopback(u); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
}
