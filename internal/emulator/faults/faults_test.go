package faults

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tsc-go/tsc/internal/emulator/control"
)

func TestParse(t *testing.T) {
	for spec, want := range map[string][]Rule{
		"": nil,
		"429:0.05,500:0.02,reset:0.01,cut:0.01,latency=20ms±10ms": {
			{Kind: TooManyRequests, Probability: 0.05},
			{Kind: InternalError, Probability: 0.02},
			{Kind: Reset, Probability: 0.01},
			{Kind: Cut, Probability: 0.01},
			{Kind: Latency, Probability: 1, Delay: Duration(20 * time.Millisecond), Jitter: Duration(10 * time.Millisecond)},
		},
		" 502+ : 5% @ post/sites/*/workbooks , drop:1@GET": {
			{Kind: BadGateway, After: true, Probability: 0.05, Method: "POST", Path: "sites/*/workbooks"},
			{Kind: Drop, Probability: 1, Method: "GET"},
		},
		"latency=1s+-250ms:0.5@/sites/**/users": {
			{Kind: Latency, Probability: 0.5, Delay: Duration(time.Second), Jitter: Duration(250 * time.Millisecond), Path: "sites/**/users"},
		},
		"503:0,504:1": {{Kind: ServiceUnavailable}, {Kind: GatewayTimeout, Probability: 1}},
	} {
		got, err := Parse(spec)
		if err != nil {
			t.Errorf("Parse(%q): %v", spec, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Parse(%q) =\n%+v, want\n%+v", spec, got, want)
		}
		// Format writes what Parse reads back.
		again, err := Parse(Format(got))
		if err != nil || !reflect.DeepEqual(again, got) {
			t.Errorf("Parse(Format(%q)) = %+v, %v; Format gave %q", spec, again, err, Format(got))
		}
	}
}

func TestParseRefusals(t *testing.T) {
	for spec, want := range map[string]string{
		"418:0.1":            "unknown kind",
		"500":                "kind:probability",
		"500:x":              "not a number",
		"500:1.5":            "between 0 and 1",
		"500:-0.1":           "between 0 and 1",
		"500:NaN":            "not a number",
		"reset+:0.1":         "only the status kinds",
		"latency=":           "latency",
		"latency=5ms±10ms":   "larger than the delay",
		"latency=-5ms":       "negative",
		"latency=5ms:2":      "between 0 and 1",
		"500:0.1@":           "empty target",
		"500:0.1@GET/[":      "bad pattern",
		"latency=0s":         "needs a delay",
		"cut:0.1@GE T/sites": "not an HTTP method",
	} {
		_, err := Parse(spec)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) = %v, want an error with %q", spec, err, want)
		}
	}
}

func TestMatchPath(t *testing.T) {
	for _, tc := range []struct {
		glob, path string
		want       bool
	}{
		{"sites/*/workbooks", "sites/abc/workbooks", true},
		{"sites/*/workbooks", "sites/abc/workbooks/x", false},
		{"sites/**", "sites/abc/workbooks/x", true},
		{"sites/**", "sites", true},
		{"**/tags", "sites/a/views/b/tags", true},
		{"**/tags", "sites/a/views/b/tags/c", false},
		{"sites/*/file*/*", "sites/a/fileUploads/u1", true},
		{"", "anything/at/all", true},
	} {
		r := Rule{Kind: Cut, Probability: 1, Path: tc.glob}
		if got := r.matches("GET", splitPath(tc.path), splitPath(tc.glob)); got != tc.want {
			t.Errorf("%q against %q: %v, want %v", tc.glob, tc.path, got, tc.want)
		}
	}
	if apiRelative("/api/3.29/sites/x/users") != "sites/x/users" || apiRelative("/auth/signin") != "auth/signin" {
		t.Error("apiRelative")
	}
}

// backend counts the requests that reach it and answers with a body of
// the given size (with Content-Length when fixed is set).
type backend struct {
	calls atomic.Int64
	size  int
	fixed bool
}

func (b *backend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	b.calls.Add(1)
	body := bytes.Repeat([]byte("x"), b.size)
	if b.fixed {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

func serve(t *testing.T, b http.Handler, spec string, seed uint64) (*httptest.Server, *Injector) {
	t.Helper()
	rules, err := Parse(spec)
	if err != nil {
		t.Fatal(err)
	}
	in, err := New(b, Config{Seed: seed, Rules: rules})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(in)
	t.Cleanup(srv.Close)
	return srv, in
}

// get sends one request on a fresh connection, so that net/http does not
// quietly retry it on another.
func get(t *testing.T, method, url string) (int, []byte, http.Header, error) {
	t.Helper()
	status, b, h, doErr, readErr := send(t, method, url)
	return status, b, h, errors.Join(doErr, readErr)
}

// send is get that tells a failure to get an answer (doErr) from one
// while reading its body (readErr).
func send(t *testing.T, method, url string) (status int, body []byte, h http.Header, doErr, readErr error) {
	t.Helper()
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	req, _ := http.NewRequest(method, url, strings.NewReader("payload"))
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		return 0, nil, nil, err, nil
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header, nil, err
}

func TestEachKind(t *testing.T) {
	for _, tc := range []struct {
		spec string
		// handled says whether the request reached the handler.
		handled bool
		status  int
		errHas  string
		bodyHas string
	}{
		{spec: "429:1", status: 429, bodyHas: `code="429000"`},
		{spec: "500:1", status: 500, bodyHas: `code="500000"`},
		{spec: "502:1", status: 502, bodyHas: "<h1>502 Bad Gateway</h1>"},
		{spec: "503:1", status: 503, bodyHas: `code="503000"`},
		{spec: "504:1", status: 504, bodyHas: "<h1>504 Gateway Timeout</h1>"},
		{spec: "504+:1", handled: true, status: 504},
		{spec: "429+:1", handled: true, status: 429},
		{spec: "drop:1", errHas: "connection reset"},
		{spec: "reset:1", handled: true, errHas: "connection reset"},
		{spec: "cut:1", handled: true, status: 200, errHas: "unexpected EOF"},
		{spec: "latency=1ms", handled: true, status: 200},
		{spec: "500:1@PUT", handled: true, status: 200},
		{spec: "500:1@/other/**", handled: true, status: 200},
	} {
		for _, fixed := range []bool{false, true} {
			b := &backend{size: 5000, fixed: fixed}
			srv, in := serve(t, b, tc.spec, 1)
			status, body, h, doErr, readErr := send(t, "POST", srv.URL+"/api/3.29/sites/s1/workbooks")
			err := errors.Join(doErr, readErr)
			if (tc.spec == "drop:1" || tc.spec == "reset:1") && (doErr == nil || status != 0) {
				t.Errorf("%s: got an answer (%d); want the connection to end before any", tc.spec, status)
			}
			if tc.spec == "cut:1" && (doErr != nil || readErr == nil) {
				t.Errorf("%s: want the headers, then an error reading the body; got %v, %v", tc.spec, doErr, readErr)
			}
			if got := b.calls.Load() == 1; got != tc.handled {
				t.Errorf("%s: handled %v, want %v", tc.spec, got, tc.handled)
			}
			if tc.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), tc.errHas) {
					t.Errorf("%s: error %v, want one with %q", tc.spec, err, tc.errHas)
				}
			} else if err != nil {
				t.Errorf("%s: %v", tc.spec, err)
			}
			if tc.status != 0 && status != tc.status {
				t.Errorf("%s: status %d, want %d", tc.spec, status, tc.status)
			}
			if tc.bodyHas != "" && !strings.Contains(string(body), tc.bodyHas) {
				t.Errorf("%s: body %q lacks %q", tc.spec, body, tc.bodyHas)
			}
			if tc.spec == "cut:1" && (len(body) == 0 || len(body) >= b.size) {
				t.Errorf("cut: got %d of %d bytes, want part", len(body), b.size)
			}
			if (tc.spec == "429:1" || tc.spec == "503:1") && h.Get("Retry-After") != "1" {
				t.Errorf("%s: Retry-After %q", tc.spec, h.Get("Retry-After"))
			}
			st := in.Stats()
			if st.Requests != 1 {
				t.Errorf("%s: %d requests counted", tc.spec, st.Requests)
			}
			injected := tc.status != 200 || tc.errHas != "" || tc.spec == "latency=1ms"
			if want := map[bool]int64{true: 1}[injected]; st.Rules[0] != want {
				t.Errorf("%s: rule counted %d, want %d", tc.spec, st.Rules[0], want)
			}
		}
	}
}

func TestControlPathsAreNeverFaulted(t *testing.T) {
	b := &backend{size: 10}
	srv, in := serve(t, b, "drop:1", 1)
	status, _, _, err := get(t, "GET", srv.URL+"/_emulator/health")
	if err != nil || status != 200 || b.calls.Load() != 1 {
		t.Fatalf("control path: %d %v, %d calls", status, err, b.calls.Load())
	}
	if in.Stats().Requests != 0 {
		t.Error("a control request was counted")
	}
}

// TestSeedRepeats runs the same requests twice with a seed and once with
// another: the same seed injects the same faults.
func TestSeedRepeats(t *testing.T) {
	run := func(seed uint64) string {
		srv, in := serve(t, &backend{size: 100}, "500:0.3,latency=1us±1us:0.5,cut:0.2", seed)
		var out strings.Builder
		for i := 0; i < 60; i++ {
			status, _, _, err := get(t, "GET", srv.URL+"/api/3.29/sites")
			out.WriteString(strconv.Itoa(status))
			if err != nil {
				out.WriteString("E")
			}
			out.WriteString(",")
		}
		st := in.Stats()
		if st.Requests != 60 || st.Total() == 0 || st.Total() == 60 {
			t.Errorf("seed %d: stats %+v", seed, st)
		}
		return out.String()
	}
	a, b, c := run(42), run(42), run(43)
	if a != b {
		t.Errorf("seed 42 gave\n%s\nthen\n%s", a, b)
	}
	if a == c {
		t.Errorf("seeds 42 and 43 gave the same faults: %s", a)
	}
}

// TestConcurrentDecisions checks under -race that the generator and the
// counters are guarded, and that every request is counted once.
func TestConcurrentDecisions(t *testing.T) {
	b := &backend{size: 10}
	srv, in := serve(t, b, "500:0.5", 7)
	var wg sync.WaitGroup
	var failed atomic.Int64
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				resp, err := http.Get(srv.URL + "/api/3.29/sites")
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == 500 {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	st := in.Stats()
	if st.Requests != 200 || st.Injected["500"] != failed.Load() || b.calls.Load()+failed.Load() != 200 {
		t.Errorf("stats %+v, %d failed, %d handled", st, failed.Load(), b.calls.Load())
	}
}

// TestControlEndpointNeedsTheGuard mounts an Injector without
// control.Guard: its control path is then no endpoint of its own but a
// path like any other, passed on (where the emulator calls it unknown).
func TestControlEndpointNeedsTheGuard(t *testing.T) {
	b := &backend{size: 10}
	in, err := New(b, Config{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(in)
	defer srv.Close()
	for _, method := range []string{"GET", "PUT", "DELETE"} {
		req, _ := http.NewRequest(method, srv.URL+ControlPath, strings.NewReader(`{"spec": "500:1"}`))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if b.calls.Load() != 3 || len(in.Config().Rules) != 0 {
		t.Errorf("%d requests reached the backend, rules %v: the injector answered its control path without the guard", b.calls.Load(), in.Config().Rules)
	}
}

func TestControlEndpoint(t *testing.T) {
	const token = "faults-test-control-token"
	in, err := New(&backend{size: 10}, Config{})
	if err != nil {
		t.Fatal(err)
	}
	g, err := control.Guard(in, control.Policy{Token: token})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(g)
	defer srv.Close()
	do := func(method, body string, want int) controlState {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+ControlPath, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != want {
			t.Fatalf("%s %s: %d %s, want %d", method, body, resp.StatusCode, raw, want)
		}
		var st controlState
		if want == 200 {
			if err := json.Unmarshal(raw, &st); err != nil {
				t.Fatalf("%s: %v: %s", method, err, raw)
			}
		}
		return st
	}
	if st := do("GET", "", 200); len(st.Rules) != 0 || st.Spec != "" {
		t.Fatalf("initial state %+v", st)
	}
	st := do("PUT", `{"seed": 9, "spec": "500:1@GET/api-less/**,latency=2ms"}`, 200)
	if st.Seed != 9 || len(st.Rules) != 2 || st.Spec != "500:1@GET/api-less/**,latency=2ms" {
		t.Fatalf("after PUT: %+v", st)
	}
	st = do("POST", `{"seed": 3, "rules": [{"kind": "500", "probability": 1, "method": "get"}, {"kind": "latency", "probability": 1, "delay": "1ms", "jitter": 500000}]}`, 200)
	if st.Seed != 3 || st.Rules[0].Method != "GET" || time.Duration(st.Rules[1].Jitter) != 500*time.Microsecond {
		t.Fatalf("after POST: %+v", st)
	}
	if status, _, _, _ := get(t, "GET", srv.URL+"/api/3.29/sites"); status != 500 {
		t.Fatalf("the rule set by POST did not fire: %d", status)
	}
	if st := do("GET", "", 200); st.Stats.Requests != 1 || st.Stats.Injected["500"] != 1 || st.Stats.Injected["latency"] != 1 {
		t.Fatalf("stats %+v", st.Stats)
	}
	do("PUT", `{"spec": "418:1"}`, 400)
	do("PUT", `{"spec": "500:1", "rules": [{"kind": "500"}]}`, 400)
	do("PUT", `{"rules": [{"kind": "cut", "probability": 2}]}`, 400)
	do("PUT", `{"unknown": 1}`, 400)
	do("PATCH", ``, 405)
	if st := do("DELETE", "", 200); len(st.Rules) != 0 || st.Seed != 3 || st.Stats.Requests != 0 {
		t.Fatalf("after DELETE: %+v", st)
	}
	if status, _, _, _ := get(t, "GET", srv.URL+"/api/3.29/sites"); status != 200 {
		t.Fatalf("after DELETE: %d", status)
	}
}

func TestCutPoint(t *testing.T) {
	for _, n := range []int64{2, 3, 10, 1 << 20} {
		for _, f := range []float64{0, 0.5, 0.999999} {
			if c := cutPoint(n, f); c < 1 || c > n-1 {
				t.Errorf("cutPoint(%d, %v) = %d", n, f, c)
			}
		}
	}
	if cutPoint(1, 0.5) != 0 || cutPoint(0, 0.5) != 0 {
		t.Error("cutPoint of tiny bodies")
	}
}

func TestEmptyAnswerIsResetWhenCut(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	srv, _ := serve(t, h, "cut:1", 1)
	_, _, _, err := get(t, "DELETE", srv.URL+"/api/3.29/sites/x")
	if err == nil || !strings.Contains(err.Error(), "connection reset") {
		t.Fatalf("cut of an empty answer: %v", err)
	}
}

// FuzzParse reads arbitrary specs: nothing panics, and what parses is
// written by Format in a form that parses to the same rules.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"429:0.05,500:0.02,reset:0.01,cut:0.01,latency=20ms±10ms",
		"502+:5%@POST/sites/*/workbooks,drop:1@GET", "latency=1s+-250ms:0.5@/sites/**/users", "", ",,", "cut:1e-3@PUT",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		rules, err := Parse(spec)
		if err != nil {
			return
		}
		if err := (Config{Rules: rules}).Validate(); err != nil {
			t.Fatalf("Parse(%q) gave rules that do not validate: %v", spec, err)
		}
		again, err := Parse(Format(rules))
		if err != nil || !reflect.DeepEqual(again, rules) {
			t.Fatalf("Parse(%q) = %+v; Format gave %q, which parses to %+v, %v", spec, rules, Format(rules), again, err)
		}
	})
}

// TestStatusFaultsInJSON: a client that asks for JSON gets an injected
// Tableau error in JSON, as Tableau answers it; the proxy pages stay HTML.
func TestStatusFaultsInJSON(t *testing.T) {
	for _, tc := range []struct {
		spec, accept, contentType, bodyHas string
	}{
		{"429:1", "application/json", "application/json;charset=utf-8", `{"error":{"code":"429000","summary":"Too Many Requests","detail":"The emulator injected this fault`},
		{"503:1", "application/json, text/plain, */*", "application/json;charset=utf-8", `"code":"503000"`},
		{"500:1", "*/*", "application/xml;charset=utf-8", `code="500000"`},
		{"502:1", "application/json", "text/html; charset=utf-8", "<h1>502 Bad Gateway</h1>"},
	} {
		srv, _ := serve(t, &backend{size: 10}, tc.spec, 1)
		req, _ := http.NewRequest("GET", srv.URL+"/api/3.29/sites/s1/workbooks", nil)
		req.Header.Set("Accept", tc.accept)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if ct := resp.Header.Get("Content-Type"); ct != tc.contentType || !strings.Contains(string(b), tc.bodyHas) {
			t.Errorf("%s, Accept %q: %s %s; want %s with %q", tc.spec, tc.accept, ct, b, tc.contentType, tc.bodyHas)
		}
	}
}
