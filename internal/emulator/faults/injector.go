package faults

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/emulator/control"
	"github.com/tsc-go/tsc/internal/wirejson"
)

// ControlPath is the control endpoint an Injector answers itself.
const ControlPath = "/_emulator/faults"

// Stats counts what an Injector decided since its rules were last set.
type Stats struct {
	// Requests counts the requests the rules were tried on: every request
	// but those to /_emulator/, while any rule is set.
	Requests int64 `json:"requests"`
	// Injected counts the faults injected, by label ("429", "502+",
	// "reset", "cut", "latency", ...). A request can get a latency and
	// one other fault.
	Injected map[string]int64 `json:"injected"`
	// Rules counts, for each rule in order, how often it fired.
	Rules []int64 `json:"rules"`
}

// Total is the number of faults injected, latencies left out: the
// requests that failed on purpose.
func (s Stats) Total() int64 {
	var n int64
	for k, v := range s.Injected {
		if k != string(Latency) {
			n += v
		}
	}
	return n
}

// Injector is an http.Handler that injects faults in front of another.
// Its methods are safe for concurrent use.
type Injector struct {
	next http.Handler
	// on is set while any rule can fire, so that a server without faults
	// takes no lock per request.
	on atomic.Bool

	mu    sync.Mutex
	cfg   Config
	globs [][]string
	rng   *rand.Rand
	stats Stats
}

// New returns an Injector in front of next with the rules of cfg.
func New(next http.Handler, cfg Config) (*Injector, error) {
	in := &Injector{next: next}
	if err := in.Set(cfg); err != nil {
		return nil, err
	}
	return in, nil
}

// Set replaces the rules, seeds the generator afresh and zeroes the
// counters: a new, repeatable run starts.
func (in *Injector) Set(cfg Config) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	cfg.Rules = append([]Rule(nil), cfg.Rules...)
	globs := make([][]string, len(cfg.Rules))
	for i := range cfg.Rules {
		cfg.Rules[i].Method = strings.ToUpper(cfg.Rules[i].Method)
		cfg.Rules[i].Path = strings.Trim(cfg.Rules[i].Path, "/")
		globs[i] = splitPath(cfg.Rules[i].Path)
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	in.cfg, in.globs = cfg, globs
	// PCG with a fixed second word: the seed alone decides the sequence.
	in.rng = rand.New(rand.NewPCG(cfg.Seed, 0x7473632d6661756c))
	in.stats = Stats{Injected: map[string]int64{}, Rules: make([]int64, len(cfg.Rules))}
	in.on.Store(cfg.Enabled())
	return nil
}

// Clear removes every rule; the seed stays.
func (in *Injector) Clear() {
	in.mu.Lock()
	seed := in.cfg.Seed
	in.mu.Unlock()
	in.Set(Config{Seed: seed})
}

// Config returns the current rules and seed.
func (in *Injector) Config() Config {
	in.mu.Lock()
	defer in.mu.Unlock()
	c := in.cfg
	c.Rules = append([]Rule(nil), c.Rules...)
	return c
}

// Stats returns a copy of the counters.
func (in *Injector) Stats() Stats {
	in.mu.Lock()
	defer in.mu.Unlock()
	s := in.stats
	s.Injected = make(map[string]int64, len(in.stats.Injected))
	for k, v := range in.stats.Injected {
		s.Injected[k] = v
	}
	s.Rules = append([]int64(nil), in.stats.Rules...)
	return s
}

// decision is what happens to one request.
type decision struct {
	delay time.Duration
	fault *Rule
	index int
	// cut is where in the body a cut falls, as a fraction.
	cut float64
}

// decide draws, under the lock, one number per matching latency rule and
// per matching other rule until one of those fires: the same seed and
// sequence of requests give the same decisions.
func (in *Injector) decide(method, urlPath string) decision {
	rel := splitPath(apiRelative(urlPath))
	in.mu.Lock()
	defer in.mu.Unlock()
	in.stats.Requests++
	var d decision
	for i := range in.cfg.Rules {
		r := &in.cfg.Rules[i]
		if (d.fault != nil && r.Kind != Latency) || !r.matches(method, rel, in.globs[i]) {
			continue
		}
		if in.rng.Float64() >= r.Probability {
			continue
		}
		in.stats.Rules[i]++
		in.stats.Injected[r.Label()]++
		if r.Kind == Latency {
			wait := time.Duration(r.Delay)
			if j := int64(r.Jitter); j > 0 {
				wait += time.Duration(in.rng.Int64N(2*j+1) - j)
			}
			d.delay += wait
			continue
		}
		rc := *r
		d.fault, d.index = &rc, i
		if r.Kind == Cut {
			d.cut = in.rng.Float64()
		}
	}
	return d
}

// apiRelative is the path after /api/{version}/, or the path without its
// leading slash for anything else.
func apiRelative(p string) string {
	if rest, ok := strings.CutPrefix(p, "/api/"); ok {
		_, after, _ := strings.Cut(rest, "/")
		return after
	}
	return strings.TrimPrefix(p, "/")
}

// ServeHTTP answers the control endpoint (when control.Guard in front
// admitted the request; otherwise it is an unknown path for next to
// answer), passes /_emulator/ requests through untouched, and applies the
// rules to everything else.
func (in *Injector) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	p := req.URL.Path
	if p == ControlPath && control.Admitted(req) {
		in.serveControl(w, req)
		return
	}
	if strings.HasPrefix(p, control.Prefix) || !in.on.Load() {
		in.next.ServeHTTP(w, req)
		return
	}
	d := in.decide(req.Method, p)
	if d.delay > 0 && !sleep(req.Context(), d.delay) {
		return
	}
	r := d.fault
	if r == nil {
		in.next.ServeHTTP(w, req)
		return
	}
	detail := fmt.Sprintf("The emulator injected this fault (rule %d, %s).", d.index+1, Format([]Rule{*r}))
	switch {
	case r.Kind == Drop:
		abort(w, true)
	case r.Kind.status() != 0:
		if r.After {
			in.next.ServeHTTP(newDiscard(), req)
		}
		writeStatus(w, *r, detail, wirejson.PrefersJSON(req.Header.Values("Accept")))
	case r.Kind == Reset:
		in.next.ServeHTTP(newDiscard(), req)
		abort(w, true)
	case r.Kind == Cut:
		cw := &cutWriter{w: w, header: http.Header{}, frac: d.cut}
		in.next.ServeHTTP(cw, req)
		cw.finish()
	}
}

// writeStatus writes a status fault: Tableau's error document for 429,
// 500 and 503 (in JSON when asJSON, as the request's Accept asked), a
// proxy's HTML page for 502 and 504.
func writeStatus(w http.ResponseWriter, r Rule, detail string, asJSON bool) {
	status := r.Kind.status()
	h := w.Header()
	if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
		switch {
		case r.RetryAfter == 0:
			h.Set("Retry-After", "1")
		case r.RetryAfter > 0:
			h.Set("Retry-After", strconv.Itoa(r.RetryAfter))
		}
	}
	text := http.StatusText(status)
	if status == http.StatusBadGateway || status == http.StatusGatewayTimeout {
		h.Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprintf(w, "<html><head><title>%d %s</title></head><body><center><h1>%d %s</h1></center><hr><center>%s</center></body></html>\n",
			status, text, status, text, html.EscapeString(detail))
		return
	}
	if asJSON {
		// Tableau answers a client that asked for JSON in JSON, its
		// refusals included (docs/json.md).
		resp := tsc.NewTSResponse()
		resp.Error = &tsc.ErrorBody{Code: fmt.Sprintf("%d000", status), Summary: text, Detail: detail}
		b, err := wirejson.Marshal(resp)
		if err == nil {
			h.Set("Content-Type", "application/json;charset=utf-8")
			w.WriteHeader(status)
			w.Write(b)
			return
		}
	}
	h.Set("Content-Type", "application/xml;charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version='1.0' encoding='UTF-8'?><tsResponse xmlns="http://tableau.com/api" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://tableau.com/api https://help.tableau.com/samples/en-us/rest_api/ts-api_3_29.xsd"><error code="%d000"><summary>%s</summary><detail>%s</detail></error></tsResponse>`,
		status, html.EscapeString(text), html.EscapeString(detail))
}

// abort ends the connection without (more of) an answer: with reset, a
// TCP reset (the client reads "connection reset by peer"); without, a
// plain close after what was written (the client reads an unexpected EOF).
// Where the connection cannot be taken over (HTTP/2), the handler panics
// with http.ErrAbortHandler, which resets the stream.
func abort(w http.ResponseWriter, reset bool) {
	rc := http.NewResponseController(w)
	if !reset {
		// What was written goes out first. (Flushing an answer not yet
		// begun would send its headers: a reset sends nothing.)
		rc.Flush()
	}
	conn, _, err := rc.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if reset {
		tcp := conn
		if nc, ok := conn.(interface{ NetConn() net.Conn }); ok {
			tcp = nc.NetConn()
		}
		if t, ok := tcp.(*net.TCPConn); ok {
			t.SetLinger(0)
		}
	}
	conn.Close()
}

// discard is a ResponseWriter that forgets the answer: the handler runs,
// the client never sees what it wrote.
type discard struct{ h http.Header }

func newDiscard() *discard                             { return &discard{h: http.Header{}} }
func (d *discard) Header() http.Header                 { return d.h }
func (d *discard) Write(p []byte) (int, error)         { return len(p), nil }
func (d *discard) WriteHeader(int)                     {}
func (d *discard) Flush()                              {}
func (d *discard) ReadFrom(r io.Reader) (int64, error) { return io.Copy(io.Discard, r) }

// maxBuffered bounds what a cut buffers of an answer without a
// Content-Length (the emulator's XML answers are far smaller).
const maxBuffered = 32 << 20

// cutWriter lets an answer through up to its cut point. An answer with a
// Content-Length (a file) streams through as it is written; one without
// (XML) is buffered, then sent with its full length announced.
type cutWriter struct {
	w       http.ResponseWriter
	header  http.Header
	status  int
	frac    float64
	buf     bytes.Buffer
	total   int64 // bytes the handler wrote
	limit   int64 // bytes to let through, once streaming
	sent    int64
	stream  bool
	started bool
}

func (c *cutWriter) Header() http.Header { return c.header }

func (c *cutWriter) WriteHeader(code int) {
	if c.started {
		return
	}
	c.started, c.status = true, code
	if n, err := strconv.ParseInt(c.header.Get("Content-Length"), 10, 64); err == nil && n > 0 {
		c.stream, c.limit = true, cutPoint(n, c.frac)
		c.sendHeader(code)
	}
}

func (c *cutWriter) sendHeader(code int) {
	h := c.w.Header()
	for k, v := range c.header {
		h[k] = v
	}
	c.w.WriteHeader(code)
}

func (c *cutWriter) Write(p []byte) (int, error) {
	if !c.started {
		c.WriteHeader(http.StatusOK)
	}
	c.total += int64(len(p))
	if c.stream {
		if room := c.limit - c.sent; room > 0 {
			n, err := c.w.Write(p[:min(int64(len(p)), room)])
			c.sent += int64(n)
			if err != nil {
				return n, err
			}
		}
		return len(p), nil
	}
	if c.buf.Len() < maxBuffered {
		c.buf.Write(p[:min(len(p), maxBuffered-c.buf.Len())])
	}
	return len(p), nil
}

// Flush is accepted and ignored: the cut decides what reaches the client.
func (c *cutWriter) Flush() {}

// finish sends what a buffered answer has before its cut and ends the
// connection. An answer without a body has nothing to cut: its
// connection is reset before the headers.
func (c *cutWriter) finish() {
	if !c.stream {
		if c.total == 0 {
			abort(c.w, true)
			return
		}
		if c.status == 0 {
			c.status = http.StatusOK
		}
		c.header.Set("Content-Length", strconv.FormatInt(c.total, 10))
		c.sendHeader(c.status)
		body := c.buf.Bytes()
		c.w.Write(body[:min(int64(len(body)), cutPoint(c.total, c.frac))])
	}
	abort(c.w, false)
}

// cutPoint is how many of n bytes get through: at least one and at most
// n-1 when n > 1, so that the client always gets a partial body.
func cutPoint(n int64, frac float64) int64 {
	if n <= 1 {
		return 0
	}
	return 1 + min(int64(frac*float64(n-1)), n-2)
}

// controlState is the JSON of the control endpoint.
type controlState struct {
	Seed  uint64 `json:"seed"`
	Rules []Rule `json:"rules"`
	Spec  string `json:"spec"`
	Stats Stats  `json:"stats"`
}

// controlRequest is what PUT and POST take: a seed and either rules or
// the compact spec.
type controlRequest struct {
	Seed  uint64 `json:"seed"`
	Rules []Rule `json:"rules"`
	Spec  string `json:"spec"`
}

// serveControl answers /_emulator/faults:
//
//	GET           the seed, the rules (also as a spec) and the counters
//	PUT or POST   {"seed": 42, "spec": "429:0.05,reset:0.01"} or
//	              {"seed": 42, "rules": [{"kind": "429", "probability": 0.05}]}:
//	              set the rules, reseed, zero the counters
//	DELETE        remove every rule and zero the counters
//
// Each answers with the state after it, in JSON.
func (in *Injector) serveControl(w http.ResponseWriter, req *http.Request) {
	fail := func(status int, err error) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]string{"error": err.Error()})
	}
	switch req.Method {
	case http.MethodGet:
	case http.MethodPut, http.MethodPost:
		var cr controlRequest
		dec := json.NewDecoder(io.LimitReader(req.Body, 1<<20))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&cr); err != nil {
			fail(http.StatusBadRequest, fmt.Errorf("malformed faults request: %w", err))
			return
		}
		cfg := Config{Seed: cr.Seed, Rules: cr.Rules}
		if cr.Spec != "" {
			if len(cr.Rules) > 0 {
				fail(http.StatusBadRequest, errors.New("give rules or spec, not both"))
				return
			}
			rules, err := Parse(cr.Spec)
			if err != nil {
				fail(http.StatusBadRequest, err)
				return
			}
			cfg.Rules = rules
		}
		if err := in.Set(cfg); err != nil {
			fail(http.StatusBadRequest, err)
			return
		}
	case http.MethodDelete:
		in.Clear()
	default:
		w.Header().Set("Allow", "GET, PUT, POST, DELETE")
		fail(http.StatusMethodNotAllowed, fmt.Errorf("%s %s: use GET, PUT, POST or DELETE", req.Method, ControlPath))
		return
	}
	cfg := in.Config()
	if cfg.Rules == nil {
		cfg.Rules = []Rule{}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(controlState{Seed: cfg.Seed, Rules: cfg.Rules, Spec: Format(cfg.Rules), Stats: in.Stats()})
}

// sleep waits d or until ctx ends; it reports whether the wait was whole.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
