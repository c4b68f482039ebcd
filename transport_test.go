package tsc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// thingsPath is where doThing sends its requests.
const thingsPath = "/api/3.29/sites/" + testSiteID + "/things"

// doThing sends method to thingsPath through Client.Do, with a body for PUT and POST.
func doThing(ctx context.Context, c *Client, method string) error {
	var body *TSRequest
	if method == http.MethodPut || method == http.MethodPost {
		body = &TSRequest{User: &User{Name: "alice", SiteRole: SiteRoleViewer}}
	}
	_, err := c.Do(ctx, method, "sites/{site-id}/things", nil, body)
	return err
}

// tableauError is a Tableau error document.
func tableauError(code, summary, detail string) []byte {
	return fmt.Appendf(nil, `<?xml version="1.0" encoding="UTF-8"?><tsResponse xmlns="http://tableau.com/api"><error code="%s"><summary>%s</summary><detail>%s</detail></error></tsResponse>`, code, summary, detail)
}

// failTimes answers status (with header h) the first n times, then 200 with an empty tsResponse.
func failTimes(n int, status int, h http.Header) http.HandlerFunc {
	var calls atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		if int(calls.Add(1)) <= n {
			for k, v := range h {
				w.Header()[k] = v
			}
			serveXML(status, tableauError(fmt.Sprint(status)+"000", http.StatusText(status), "try later"))(w, r)
			return
		}
		serveXML(http.StatusOK, []byte(`<tsResponse xmlns="http://tableau.com/api"/>`))(w, r)
	}
}

// hangUp closes the connection without answering: a connection error for the client.
func hangUp(w http.ResponseWriter, r *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	conn.Close()
}

var allMethods = []string{http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodPost}

// TestRetryByMethodAndStatus checks which answers are retried, per method:
// 429 for every method (the server did not process it); 502, 503 and 504
// only for idempotent methods; 500 and 4xx never. setup allows 4 attempts.
func TestRetryByMethodAndStatus(t *testing.T) {
	for _, method := range allMethods {
		for _, status := range []int{429, 502, 503, 504, 500, 400, 404, 409} {
			t.Run(fmt.Sprintf("%s %d", method, status), func(t *testing.T) {
				t.Parallel()
				ts := setup(t)
				ts.handle(method+" "+thingsPath, failTimes(100, status, nil))
				err := doThing(bg, ts.client, method)
				want := 1
				if status == 429 || (status >= 502 && status <= 504 && method != http.MethodPost) {
					want = 4
				}
				if got := ts.count(method, thingsPath); got != want {
					t.Errorf("server hits = %d, want %d", got, want)
				}
				var se *ServerError
				if !errors.As(err, &se) || se.HTTPStatus != status {
					t.Fatalf("err = %v, want a *ServerError with status %d", err, status)
				}
				if se.Method != method || se.Path != thingsPath {
					t.Errorf("ServerError names %s %s, want %s %s", se.Method, se.Path, method, thingsPath)
				}
			})
		}
	}
}

// TestRetryThenSuccess checks that a retried call that finally succeeds returns no error.
func TestRetryThenSuccess(t *testing.T) {
	for _, tt := range []struct {
		method string
		status int
	}{{"GET", 503}, {"DELETE", 502}, {"PUT", 504}, {"HEAD", 429}, {"POST", 429}} {
		t.Run(tt.method, func(t *testing.T) {
			ts := setup(t)
			ts.handle(tt.method+" "+thingsPath, failTimes(2, tt.status, nil))
			if err := doThing(bg, ts.client, tt.method); err != nil {
				t.Fatalf("err = %v, want success on the third attempt", err)
			}
			if got := ts.count(tt.method, thingsPath); got != 3 {
				t.Errorf("server hits = %d, want 3", got)
			}
		})
	}
}

// TestRetryConnectionErrors checks that a dropped connection is retried for
// idempotent methods and never for POST, which may have landed.
func TestRetryConnectionErrors(t *testing.T) {
	for _, method := range allMethods {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			ts := setup(t)
			ts.handle(method+" "+thingsPath, hangUp)
			err := doThing(bg, ts.client, method)
			want := 4
			if method == http.MethodPost {
				want = 1
			}
			if got := ts.count(method, thingsPath); got != want {
				t.Errorf("server hits = %d, want %d", got, want)
			}
			if err == nil {
				t.Fatal("no error from a server that hangs up")
			}
			if msg := err.Error(); !strings.Contains(msg, method) || !strings.Contains(msg, thingsPath) {
				t.Errorf("error %q does not name %s %s", msg, method, thingsPath)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("error leaks the session token: %v", err)
			}
		})
	}
	t.Run("GET recovers", func(t *testing.T) {
		ts := setup(t)
		var n atomic.Int32
		ts.handle("GET "+thingsPath, func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) == 1 {
				hangUp(w, r)
				return
			}
			serveXML(http.StatusOK, []byte(`<tsResponse xmlns="http://tableau.com/api"/>`))(w, r)
		})
		if err := doThing(bg, ts.client, "GET"); err != nil {
			t.Fatal(err)
		}
		if got := ts.count("GET", thingsPath); got != 2 {
			t.Errorf("server hits = %d, want 2", got)
		}
	})
}

// TestRetryPolicyConfigurable checks WithRetryPolicy's attempt count and WithoutRetries.
func TestRetryPolicyConfigurable(t *testing.T) {
	tests := []struct {
		name string
		opts []Option
		want int
	}{
		{"default from setup", nil, 4},
		{"two attempts", []Option{WithRetryPolicy(RetryPolicy{MaxAttempts: 2, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond, MaxRetryAfter: time.Millisecond})}, 2},
		{"seven attempts", []Option{WithRetryPolicy(RetryPolicy{MaxAttempts: 7, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond, MaxRetryAfter: time.Millisecond})}, 7},
		{"without retries", []Option{WithoutRetries()}, 1},
		{"without retries wins over an earlier policy", []Option{WithRetryPolicy(RetryPolicy{MaxAttempts: 9, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond}), WithoutRetries()}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := setup(t, tt.opts...)
			ts.handle("GET "+thingsPath, failTimes(100, 503, nil))
			if err := doThing(bg, ts.client, "GET"); !errors.Is(err, ErrServer) {
				t.Errorf("err = %v, want ErrServer", err)
			}
			if got := ts.count("GET", thingsPath); got != tt.want {
				t.Errorf("server hits = %d, want %d", got, tt.want)
			}
		})
	}
	for _, n := range []int{0, -1} {
		if _, err := NewClient("https://example.com", WithRetryPolicy(RetryPolicy{MaxAttempts: n})); err == nil {
			t.Errorf("MaxAttempts %d accepted", n)
		}
	}
	if _, err := NewClient("https://example.com", WithRetryPolicy(RetryPolicy{MaxAttempts: 2, MinBackoff: -time.Second})); err == nil {
		t.Error("a negative MinBackoff was accepted")
	}
}

// TestRetryPolicyZeroDurations checks that durations left zero in a policy
// take the defaults: a zero MaxBackoff must not turn every wait into none,
// and a zero MaxRetryAfter must not make the client ignore Retry-After.
func TestRetryPolicyZeroDurations(t *testing.T) {
	c, err := NewClient("https://example.com", WithRetryPolicy(RetryPolicy{MaxAttempts: 3}))
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultRetryPolicy
	want.MaxAttempts = 3
	if diff := cmp.Diff(want, c.retry); diff != "" {
		t.Errorf("policy (-want +got):\n%s", diff)
	}
	c, err = NewClient("https://example.com", WithRetryPolicy(RetryPolicy{MaxAttempts: 3, MinBackoff: 2 * time.Second}))
	if err != nil {
		t.Fatal(err)
	}
	if d := c.backoff(1); d < time.Second {
		t.Errorf("first wait with MinBackoff 2s and no MaxBackoff = %s, want at least 1s", d)
	}
}

// TestBackoff checks the unexported backoff directly: it doubles from
// MinBackoff up to MaxBackoff, and jitter takes at most half of it away.
func TestBackoff(t *testing.T) {
	c := &Client{retry: RetryPolicy{MaxAttempts: 10, MinBackoff: 100 * time.Millisecond, MaxBackoff: time.Second}}
	tests := []struct {
		attempt int
		nominal time.Duration
	}{
		{1, 100 * time.Millisecond},
		{2, 200 * time.Millisecond},
		{3, 400 * time.Millisecond},
		{4, 800 * time.Millisecond},
		{5, time.Second},
		{6, time.Second},
		{64, time.Second},
		{1000, time.Second},
	}
	for _, tt := range tests {
		lo, hi := tt.nominal, time.Duration(0)
		for range 2000 {
			d := c.backoff(tt.attempt)
			if d < tt.nominal/2 || d > tt.nominal {
				t.Fatalf("backoff(%d) = %s, want within [%s, %s]", tt.attempt, d, tt.nominal/2, tt.nominal)
			}
			lo, hi = min(lo, d), max(hi, d)
		}
		// 2000 draws from a range this wide spread over most of it.
		if spread := hi - lo; spread < tt.nominal/4 {
			t.Errorf("backoff(%d): draws span only %s..%s: no jitter?", tt.attempt, lo, hi)
		}
	}
	t.Run("max below min", func(t *testing.T) {
		c := &Client{retry: RetryPolicy{MinBackoff: time.Second, MaxBackoff: 10 * time.Millisecond}}
		for a := 1; a < 5; a++ {
			if d := c.backoff(a); d > 10*time.Millisecond {
				t.Errorf("backoff(%d) = %s above MaxBackoff", a, d)
			}
		}
	})
}

// TestShouldRetryWaits checks the wait chosen for each kind of failure,
// directly: Retry-After when named (capped), backoff otherwise.
func TestShouldRetryWaits(t *testing.T) {
	c := &Client{retry: RetryPolicy{MaxAttempts: 4, MinBackoff: 100 * time.Millisecond, MaxBackoff: time.Second, MaxRetryAfter: 10 * time.Second}}
	get := &request{method: http.MethodGet}
	post := &request{method: http.MethodPost}
	tests := []struct {
		name      string
		r         *request
		err       error
		wantRetry bool
		// wait must be within [lo, hi].
		lo, hi time.Duration
	}{
		{"429 Retry-After honoured", get, &ServerError{HTTPStatus: 429, RetryAfter: 3 * time.Second}, true, 3 * time.Second, 3 * time.Second},
		{"429 Retry-After capped", get, &ServerError{HTTPStatus: 429, RetryAfter: time.Hour}, true, 10 * time.Second, 10 * time.Second},
		{"429 POST Retry-After", post, &ServerError{HTTPStatus: 429, RetryAfter: 2 * time.Second}, true, 2 * time.Second, 2 * time.Second},
		{"503 Retry-After honoured", get, &ServerError{HTTPStatus: 503, RetryAfter: 5 * time.Second}, true, 5 * time.Second, 5 * time.Second},
		{"429 without Retry-After backs off", get, &ServerError{HTTPStatus: 429}, true, 50 * time.Millisecond, 100 * time.Millisecond},
		{"503 POST", post, &ServerError{HTTPStatus: 503, RetryAfter: time.Second}, false, 0, 0},
		{"500", get, &ServerError{HTTPStatus: 500}, false, 0, 0},
		{"connection error GET", get, &netError{err: io.EOF}, true, 50 * time.Millisecond, 100 * time.Millisecond},
		{"connection error POST", post, &netError{err: io.EOF}, false, 0, 0},
		{"cancelled", get, &netError{err: context.Canceled, ctxDone: true}, false, 0, 0},
		{"other error", get, errors.New("boom"), false, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wait, retry := c.shouldRetry(tt.r, tt.err, 1)
			if retry != tt.wantRetry {
				t.Fatalf("retry = %v, want %v", retry, tt.wantRetry)
			}
			if retry && (wait < tt.lo || wait > tt.hi) {
				t.Errorf("wait = %s, want within [%s, %s]", wait, tt.lo, tt.hi)
			}
		})
	}
}

// TestParseRetryAfter checks both forms of Retry-After.
func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"0", 0},
		{"7", 7 * time.Second},
		{" 120 ", 120 * time.Second},
		{"-3", 0},
		{"soon", 0},
		{"1.5", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
		{"Wed, 01 May 2024 12:00:30 GMT", 30 * time.Second},
		{"Wednesday, 01-May-24 12:00:30 GMT", 30 * time.Second}, // RFC 850
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestRetryAfterEndToEnd checks that the wait between attempts follows
// Retry-After (seconds or a date) over the tiny backoff, up to MaxRetryAfter.
func TestRetryAfterEndToEnd(t *testing.T) {
	tests := []struct {
		name          string
		retryAfter    func() string
		maxRetryAfter time.Duration
		lo, hi        time.Duration
	}{
		{"seconds", func() string { return "1" }, 5 * time.Second, time.Second, 1900 * time.Millisecond},
		// An HTTP date has whole seconds: 2s ahead is 1 to 2 s away.
		{"date", func() string { return time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat) }, 5 * time.Second, 900 * time.Millisecond, 2900 * time.Millisecond},
		{"capped", func() string { return "3600" }, 150 * time.Millisecond, 150 * time.Millisecond, 900 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := setup(t, WithRetryPolicy(RetryPolicy{MaxAttempts: 2, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond, MaxRetryAfter: tt.maxRetryAfter}))
			var mu sync.Mutex
			var times []time.Time
			var n atomic.Int32
			ts.handle("POST "+thingsPath, func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				times = append(times, time.Now())
				mu.Unlock()
				if n.Add(1) == 1 {
					w.Header().Set("Retry-After", tt.retryAfter())
					serveXML(429, tableauError("429000", "Too many requests", "slow down"))(w, r)
					return
				}
				serveXML(http.StatusCreated, []byte(`<tsResponse xmlns="http://tableau.com/api"/>`))(w, r)
			})
			if err := doThing(bg, ts.client, "POST"); err != nil {
				t.Fatal(err)
			}
			if len(times) != 2 {
				t.Fatalf("%d attempts, want 2", len(times))
			}
			if wait := times[1].Sub(times[0]); wait < tt.lo || wait > tt.hi {
				t.Errorf("waited %s between attempts, want within [%s, %s]", wait, tt.lo, tt.hi)
			}
		})
	}
}

// TestRateLimitedError checks the error a 429 gives once retries are spent.
func TestRateLimitedError(t *testing.T) {
	ts := setup(t, WithoutRetries())
	ts.handle("GET "+thingsPath, failTimes(100, 429, http.Header{"Retry-After": {"7"}}))
	err := doThing(bg, ts.client, "GET")
	if !errors.Is(err, ErrRateLimited) {
		t.Fatalf("err = %v, want ErrRateLimited", err)
	}
	var se *ServerError
	if !errors.As(err, &se) {
		t.Fatalf("err = %T, want *ServerError", err)
	}
	if se.RetryAfter != 7*time.Second || se.Code != "429000" {
		t.Errorf("RetryAfter = %s, Code = %q; want 7s, 429000", se.RetryAfter, se.Code)
	}
	if !strings.Contains(err.Error(), "retry after 7s") {
		t.Errorf("Error() = %q does not say when to retry", err)
	}
	if errors.Is(err, ErrServer) || errors.Is(err, ErrNotFound) {
		t.Errorf("a 429 matches another error class: %v", err)
	}
}

// TestRetryWaitCancelled checks that a long wait for Retry-After ends as soon
// as the context is cancelled or its deadline passes, with an error that
// says so (errors.Is) and still carries the server's answer.
func TestRetryWaitCancelled(t *testing.T) {
	long := WithRetryPolicy(RetryPolicy{MaxAttempts: 4, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond, MaxRetryAfter: time.Minute})
	tests := []struct {
		name    string
		opts    []Option
		ctx     func() (context.Context, context.CancelFunc)
		wantErr error
	}{
		{"cancel", []Option{long}, func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(bg)
			time.AfterFunc(300*time.Millisecond, cancel)
			return ctx, cancel
		}, context.Canceled},
		{"deadline", []Option{long}, func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(bg, 300*time.Millisecond)
		}, context.DeadlineExceeded},
		{"WithTimeout", []Option{long, WithTimeout(300 * time.Millisecond)}, func() (context.Context, context.CancelFunc) {
			return bg, func() {}
		}, context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := setup(t, tt.opts...)
			ts.handle("GET "+thingsPath, failTimes(100, 429, http.Header{"Retry-After": {"30"}}))
			ctx, cancel := tt.ctx()
			defer cancel()
			start := time.Now()
			err := doThing(ctx, ts.client, "GET")
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("returned after %s, want promptly after 300ms", d)
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v; errors.Is(err, %v) is false", err, tt.wantErr)
			}
			if !strings.Contains(fmt.Sprint(err), tt.wantErr.Error()) {
				t.Errorf("err = %v does not mention %v", err, tt.wantErr)
			}
			if !errors.Is(err, ErrRateLimited) {
				t.Errorf("err = %v lost the 429 it was waiting on", err)
			}
			if got := ts.count("GET", thingsPath); got != 1 {
				t.Errorf("server hits = %d, want 1", got)
			}
		})
	}
}

// TestCancelledDuringRequest checks that cancelling (or timing out) while the
// server is slow gives an error that errors.Is the context's error, and is
// not retried.
func TestCancelledDuringRequest(t *testing.T) {
	slow := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}
	t.Run("cancel", func(t *testing.T) {
		ts := setup(t)
		ctx, cancel := context.WithCancel(bg)
		ts.handle("GET "+thingsPath, func(w http.ResponseWriter, r *http.Request) {
			cancel() // once the request is in the server's hands
			slow(w, r)
		})
		err := doThing(ctx, ts.client, "GET")
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		if got := ts.count("GET", thingsPath); got != 1 {
			t.Errorf("server hits = %d, want 1", got)
		}
	})
	t.Run("WithTimeout", func(t *testing.T) {
		ts := setup(t, WithTimeout(300*time.Millisecond))
		ts.handle("GET "+thingsPath, slow)
		start := time.Now()
		err := doThing(bg, ts.client, "GET")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("took %s, want about 300ms", d)
		}
		if got := ts.count("GET", thingsPath); got != 1 {
			t.Errorf("server hits = %d, want 1", got)
		}
	})
}

// TestWithTimeoutOnlyWithoutDeadline checks that WithTimeout bounds calls
// whose context has no deadline, and leaves a caller's deadline alone.
func TestWithTimeoutOnlyWithoutDeadline(t *testing.T) {
	sleepy := func(d time.Duration) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
				return
			case <-time.After(d):
			}
			serveXML(http.StatusOK, []byte(`<tsResponse xmlns="http://tableau.com/api"/>`))(w, r)
		}
	}
	t.Run("caller's longer deadline wins", func(t *testing.T) {
		ts := setup(t, WithTimeout(50*time.Millisecond))
		ts.handle("GET "+thingsPath, sleepy(250*time.Millisecond))
		ctx, cancel := context.WithTimeout(bg, 10*time.Second)
		defer cancel()
		if err := doThing(ctx, ts.client, "GET"); err != nil {
			t.Errorf("err = %v, want success: the caller's deadline replaces WithTimeout", err)
		}
	})
	t.Run("caller's shorter deadline wins", func(t *testing.T) {
		ts := setup(t, WithTimeout(10*time.Second))
		ts.handle("GET "+thingsPath, sleepy(5*time.Second))
		ctx, cancel := context.WithTimeout(bg, 100*time.Millisecond)
		defer cancel()
		start := time.Now()
		if err := doThing(ctx, ts.client, "GET"); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("took %s, want about 100ms", d)
		}
	})
	t.Run("no deadline: WithTimeout applies", func(t *testing.T) {
		ts := setup(t, WithTimeout(100*time.Millisecond))
		ts.handle("GET "+thingsPath, sleepy(5*time.Second))
		if err := doThing(bg, ts.client, "GET"); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want context.DeadlineExceeded", err)
		}
	})
	t.Run("fast call within WithTimeout", func(t *testing.T) {
		ts := setup(t, WithTimeout(5*time.Second))
		ts.handle("GET "+thingsPath, sleepy(0))
		if err := doThing(bg, ts.client, "GET"); err != nil {
			t.Error(err)
		}
	})
	if _, err := NewClient("https://example.com", WithTimeout(-time.Second)); err == nil {
		t.Error("a negative timeout was accepted")
	}
}

// TestRetryResendsBody checks that every attempt carries the same body and headers.
func TestRetryResendsBody(t *testing.T) {
	for _, tt := range []struct {
		method string
		status int
	}{{"PUT", 503}, {"POST", 429}} {
		t.Run(tt.method, func(t *testing.T) {
			ts := setup(t)
			var mu sync.Mutex
			var bodies, types []string
			fail := failTimes(2, tt.status, nil)
			ts.handle(tt.method+" "+thingsPath, func(w http.ResponseWriter, r *http.Request) {
				b, err := io.ReadAll(r.Body)
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				bodies = append(bodies, string(b))
				types = append(types, r.Header.Get("Content-Type"))
				mu.Unlock()
				fail(w, r)
			})
			if err := doThing(bg, ts.client, tt.method); err != nil {
				t.Fatal(err)
			}
			if len(bodies) != 3 {
				t.Fatalf("%d attempts, want 3", len(bodies))
			}
			if !strings.Contains(bodies[0], `<user name="alice"`) {
				t.Errorf("first body %q lacks the user", bodies[0])
			}
			for i := 1; i < len(bodies); i++ {
				if diff := cmp.Diff(bodies[0], bodies[i]); diff != "" {
					t.Errorf("attempt %d body differs (-first +this):\n%s", i+1, diff)
				}
				if types[i] != types[0] || !strings.HasPrefix(types[i], "text/xml") {
					t.Errorf("attempt %d Content-Type %q, first %q", i+1, types[i], types[0])
				}
			}
		})
	}
}

// authServer plays a server whose sessions expire: sign-ins hand out
// token-1, token-2, ... (in the captured sign-in answer), and only the
// latest token is accepted until expire is called.
type authServer struct {
	ts      *testServer
	signIn  []byte
	mu      sync.Mutex
	valid   string
	signins int
	// failSignInAfter, when > 0, refuses sign-ins after that many.
	failSignInAfter int
	// seen records the token of every user request.
	seen []string
	// refuseAll makes every token expired, even a fresh one.
	refuseAll bool
}

const referenceToken = "eIX6mvFsqyansa4KqEI1UwOpS8ggRs2l"

func newAuthServer(t *testing.T, opts ...Option) *authServer {
	t.Helper()
	a := &authServer{ts: setup(t, opts...), signIn: reference(t, "auth_sign_in.xml")}
	a.ts.handle("POST /api/3.29/auth/signin", func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		defer a.mu.Unlock()
		a.signins++
		if a.failSignInAfter > 0 && a.signins > a.failSignInAfter {
			serveXML(http.StatusUnauthorized, tableauError(CodeSignInFailed, "Signin Error", "Error signing in to Tableau Server"))(w, r)
			return
		}
		a.valid = fmt.Sprintf("token-%d", a.signins)
		serveXML(http.StatusOK, bytes.ReplaceAll(a.signIn, []byte(referenceToken), []byte(a.valid)))(w, r)
	})
	a.ts.handle("GET "+usersPath+"/{id}", func(w http.ResponseWriter, r *http.Request) {
		tok := r.Header.Get("X-Tableau-Auth")
		a.mu.Lock()
		a.seen = append(a.seen, tok)
		ok := tok != "" && tok == a.valid && !a.refuseAll
		a.mu.Unlock()
		if !ok {
			serveXML(http.StatusUnauthorized, tableauError(CodeSessionExpired, "Signin Error", "Invalid authentication credentials were provided."))(w, r)
			return
		}
		fmt.Fprintf(w, `<tsResponse xmlns="http://tableau.com/api"><user id="%s" name="u" siteRole="Viewer"/></tsResponse>`, r.PathValue("id"))
	})
	return a
}

func (a *authServer) expire() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.valid = ""
}

func (a *authServer) counts() (signins int, seen []string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.signins, append([]string(nil), a.seen...)
}

// TestReauthOnSessionExpired checks that a 401002 makes a client holding
// credentials sign in again once and repeat the call with the new token.
func TestReauthOnSessionExpired(t *testing.T) {
	a := newAuthServer(t)
	c := a.ts.client
	if err := c.SignIn(bg, Password("admin", "hunter2", "Samples")); err != nil {
		t.Fatal(err)
	}
	a.expire()
	u, err := c.Users.Get(bg, "u1")
	if err != nil {
		t.Fatalf("Users.Get after expiry: %v", err)
	}
	if u.ID != "u1" {
		t.Errorf("user %q, want u1", u.ID)
	}
	signins, seen := a.counts()
	if signins != 2 {
		t.Errorf("%d sign-ins, want 2 (first, then once again)", signins)
	}
	if diff := cmp.Diff([]string{"token-1", "token-2"}, seen); diff != "" {
		t.Errorf("tokens sent (-want +got):\n%s", diff)
	}
	if got := c.Session().Token.Reveal(); got != "token-2" {
		t.Errorf("session token %q, want token-2", got)
	}
}

// TestNoReauth checks that without credentials, with WithoutReauth, or when
// signing in again fails, the 401 comes back (once, without looping).
func TestNoReauth(t *testing.T) {
	t.Run("WithoutReauth", func(t *testing.T) {
		a := newAuthServer(t, WithoutReauth())
		if err := a.ts.client.SignIn(bg, Password("admin", "hunter2", "Samples")); err != nil {
			t.Fatal(err)
		}
		a.expire()
		_, err := a.ts.client.Users.Get(bg, "u1")
		assertSessionExpired(t, err)
		if signins, seen := a.counts(); signins != 1 || len(seen) != 1 {
			t.Errorf("%d sign-ins and %d requests, want 1 and 1", signins, len(seen))
		}
	})
	t.Run("no credentials", func(t *testing.T) {
		a := newAuthServer(t) // setup's session: a token but no credentials
		_, err := a.ts.client.Users.Get(bg, "u1")
		assertSessionExpired(t, err)
		if signins, seen := a.counts(); signins != 0 || len(seen) != 1 {
			t.Errorf("%d sign-ins and %d requests, want 0 and 1", signins, len(seen))
		}
	})
	t.Run("signing in again fails", func(t *testing.T) {
		a := newAuthServer(t)
		a.failSignInAfter = 1
		if err := a.ts.client.SignIn(bg, Password("admin", "hunter2", "Samples")); err != nil {
			t.Fatal(err)
		}
		a.expire()
		_, err := a.ts.client.Users.Get(bg, "u1")
		assertSessionExpired(t, err)
		if !strings.Contains(err.Error(), "signing in again failed") {
			t.Errorf("error %q does not say signing in again failed", err)
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("error leaks the password: %v", err)
		}
		if signins, seen := a.counts(); signins != 2 || len(seen) != 1 {
			t.Errorf("%d sign-ins and %d requests, want 2 and 1", signins, len(seen))
		}
	})
	t.Run("expired again right after signing in", func(t *testing.T) {
		a := newAuthServer(t)
		if err := a.ts.client.SignIn(bg, Password("admin", "hunter2", "Samples")); err != nil {
			t.Fatal(err)
		}
		a.mu.Lock()
		a.refuseAll = true
		a.mu.Unlock()
		_, err := a.ts.client.Users.Get(bg, "u1")
		assertSessionExpired(t, err)
		if signins, seen := a.counts(); signins != 2 || len(seen) != 2 {
			t.Errorf("%d sign-ins and %d requests, want 2 and 2 (no loop)", signins, len(seen))
		}
	})
}

func assertSessionExpired(t *testing.T, err error) {
	t.Helper()
	var se *ServerError
	if !errors.As(err, &se) || se.HTTPStatus != http.StatusUnauthorized || se.Code != CodeSessionExpired {
		t.Fatalf("err = %v, want the 401 %s", err, CodeSessionExpired)
	}
	if !errors.Is(err, ErrUnauthorized) {
		t.Errorf("errors.Is(err, ErrUnauthorized) is false for %v", err)
	}
}

// TestReauthConcurrent checks that many goroutines hitting an expired
// session sign in again once between them. Their 401s arrive spread out in
// time, some after the new session is already in place.
func TestReauthConcurrent(t *testing.T) {
	const n = 16
	ts := setup(t)
	signIn := reference(t, "auth_sign_in.xml")
	var (
		mu      sync.Mutex
		valid   string
		signins int
	)
	ts.handle("POST /api/3.29/auth/signin", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		signins++
		valid = fmt.Sprintf("token-%d", signins)
		body := bytes.ReplaceAll(signIn, []byte(referenceToken), []byte(valid))
		mu.Unlock()
		serveXML(http.StatusOK, body)(w, r)
	})
	ts.handle("GET "+usersPath+"/{id}", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		ok := r.Header.Get("X-Tableau-Auth") == valid
		mu.Unlock()
		if !ok {
			// Spread the 401s: user i's arrives i*5ms late.
			var i int
			fmt.Sscanf(r.PathValue("id"), "u%d", &i)
			time.Sleep(time.Duration(i) * 5 * time.Millisecond)
			serveXML(http.StatusUnauthorized, tableauError(CodeSessionExpired, "Signin Error", "expired"))(w, r)
			return
		}
		fmt.Fprintf(w, `<tsResponse xmlns="http://tableau.com/api"><user id="%s" name="u" siteRole="Viewer"/></tsResponse>`, r.PathValue("id"))
	})
	c := ts.client
	if err := c.SignIn(bg, PersonalAccessToken("automation", "pat-secret", "Samples")); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	valid = "" // the session expires
	mu.Unlock()
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = c.Users.Get(bg, fmt.Sprintf("u%d", i))
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("goroutine %d: %v", i, err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if signins != 2 {
		t.Errorf("%d sign-ins, want 2 (the first, then one for all %d goroutines)", signins, n)
	}
}

// TestUnreadableResponse checks the error for a 2xx answer that is not a
// Tableau document: it names method, path, status, content type and shows
// the start of the body, on one line.
func TestUnreadableResponse(t *testing.T) {
	htmlPage := func(t *testing.T) []byte { return reference(t, "server_info_wrong_site.html") }
	tests := []struct {
		name        string
		contentType string
		body        func(t *testing.T) []byte
		// wantInError are substrings of Error() besides method, path, status and type.
		wantInError []string
	}{
		{"HTML page", "text/html; charset=utf-8", htmlPage, []string{`<html lang=\"en\">`, "Example website"}},
		{"malformed XML", "application/xml", func(*testing.T) []byte {
			return []byte(`<?xml version="1.0"?><tsResponse xmlns="http://tableau.com/api"><user id="u1" name="alice"`)
		}, []string{"malformed XML", `<user id=\"u1\"`}},
		{"wrong root element", "application/xml", func(*testing.T) []byte {
			return []byte(`<?xml version="1.0"?><tsRequest xmlns="http://tableau.com/api"><user id="u1"/></tsRequest>`)
		}, []string{"tsResponse", "tsRequest"}},
		{"wrong namespace", "application/xml", func(*testing.T) []byte {
			return []byte(`<tsResponse xmlns="http://example.com/api"><user id="u1"/></tsResponse>`)
		}, []string{"http://example.com/api"}},
		{"JSON", "application/json", func(*testing.T) []byte { return []byte(`{"user":{"id":"u1"}}`) }, []string{`{\"user\"`}},
		{"no content type", "", func(*testing.T) []byte { return []byte("<p>hello") }, []string{"no content type", "<p>hello"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := setup(t)
			body := tt.body(t)
			path := usersPath + "/u1"
			ts.handle("GET "+path, func(w http.ResponseWriter, r *http.Request) {
				w.Header()["Content-Type"] = []string{tt.contentType}
				w.Write(body)
			})
			_, err := ts.client.Users.Get(bg, "u1")
			var re *ResponseError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v (%T), want a *ResponseError", err, err)
			}
			want := &ResponseError{Method: "GET", Path: path, HTTPStatus: 200, ContentType: tt.contentType, Excerpt: string(body[:min(len(body), excerptLen)])}
			if diff := cmp.Diff(want, re, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Err" }, cmp.Ignore())); diff != "" {
				t.Errorf("ResponseError (-want +got):\n%s", diff)
			}
			if re.Err == nil {
				t.Error("ResponseError.Err is nil")
			}
			assertOneLineError(t, err, append([]string{"GET", path, "200", orUnknown(tt.contentType)}, tt.wantInError...))
		})
	}
}

// TestServerErrorBodies checks the *ServerError for error answers with and
// without a Tableau error document.
func TestServerErrorBodies(t *testing.T) {
	big := bytes.Repeat([]byte("<p>proxy error</p>\n"), 5000)
	tests := []struct {
		name        string
		status      int
		contentType string
		body        func(t *testing.T) []byte
		want        ServerError
		wantIs      error
		wantInError []string
	}{
		{"500 HTML", 500, "text/html", func(t *testing.T) []byte { return reference(t, "server_info_wrong_site.html") },
			ServerError{HTTPStatus: 500, ContentType: "text/html"}, ErrServer, []string{"500 Internal Server Error", "text/html", "Example website"}},
		{"502 from a proxy, large", 502, "text/html", func(*testing.T) []byte { return big },
			ServerError{HTTPStatus: 502, ContentType: "text/html", BodyExcerpt: string(big[:excerptLen])}, ErrServer, []string{"502 Bad Gateway", "proxy error"}},
		{"404 Tableau error", 404, "application/xml", func(*testing.T) []byte {
			return tableauError("404002", "Resource Not Found", "User 'u1' could not be found.\n   Check the id.")
		}, ServerError{HTTPStatus: 404, Code: "404002", Summary: "Resource Not Found", Detail: "User 'u1' could not be found.\n   Check the id."}, ErrNotFound,
			[]string{"404 Not Found (404002): Resource Not Found: User 'u1' could not be found. Check the id."}},
		// Gateways and proxies in front of a server may answer in Tableau's
		// JSON form ({"error": {...}}, as Tableau itself writes errors to
		// JSON clients), labelled loosely: the typed error is the same.
		{"401 JSON error", 401, "application/json;charset=utf-8", func(*testing.T) []byte {
			return []byte(`{"error":{"summary":"Unauthorized Access","detail":"Invalid authentication credentials were provided.","code":"401002"}}`)
		}, ServerError{HTTPStatus: 401, Code: "401002", Summary: "Unauthorized Access", Detail: "Invalid authentication credentials were provided."}, ErrUnauthorized,
			[]string{"401 Unauthorized (401002): Unauthorized Access: Invalid authentication credentials were provided."}},
		{"429 JSON error, numeric code, text/plain", 429, "text/plain", func(*testing.T) []byte {
			return []byte("\n {\"error\": {\"code\": 429000, \"summary\": \"Too Many Requests\", \"detail\": \"Slow down.\", \"gateway\": {\"id\": \"g1\"}}}")
		}, ServerError{HTTPStatus: 429, Code: "429000", Summary: "Too Many Requests", Detail: "Slow down."}, ErrRateLimited,
			[]string{"429 Too Many Requests (429000): Too Many Requests: Slow down."}},
		{"502 JSON that is no Tableau error", 502, "application/json", func(*testing.T) []byte {
			return []byte(`{"message":"upstream timed out"}`)
		}, ServerError{HTTPStatus: 502, ContentType: "application/json"}, ErrServer, []string{"502 Bad Gateway", "upstream timed out"}},
		{"500 malformed JSON", 500, "application/json", func(*testing.T) []byte { return []byte(`{"error":{"code":"500000"`) },
			ServerError{HTTPStatus: 500, ContentType: "application/json"}, ErrServer, []string{"500 Internal Server Error", "application/json"}},
		{"400 empty body", 400, "", func(*testing.T) []byte { return nil },
			ServerError{HTTPStatus: 400}, ErrBadRequest, []string{"400 Bad Request"}},
		{"403 invalid UTF-8", 403, "text/plain", func(*testing.T) []byte { return []byte("denied \xff\xfe") },
			ServerError{HTTPStatus: 403, ContentType: "text/plain", BodyExcerpt: "denied ?"}, ErrForbidden, []string{"denied"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := setup(t, WithoutRetries())
			body := tt.body(t)
			path := usersPath + "/u1"
			ts.handle("GET "+path, func(w http.ResponseWriter, r *http.Request) {
				if tt.contentType != "" {
					w.Header().Set("Content-Type", tt.contentType)
				}
				w.WriteHeader(tt.status)
				w.Write(body)
			})
			_, err := ts.client.Users.Get(bg, "u1")
			var se *ServerError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v (%T), want a *ServerError", err, err)
			}
			want := tt.want
			want.Method, want.Path = "GET", path
			if want.BodyExcerpt == "" && want.Code == "" && len(body) > 0 {
				want.BodyExcerpt = string(body[:min(len(body), excerptLen)])
			}
			if diff := cmp.Diff(&want, se); diff != "" {
				t.Errorf("ServerError (-want +got):\n%s", diff)
			}
			if !errors.Is(err, tt.wantIs) {
				t.Errorf("errors.Is(err, %v) is false", tt.wantIs)
			}
			assertOneLineError(t, err, append([]string{"GET", path}, tt.wantInError...))
			if len(err.Error()) > 1000 {
				t.Errorf("Error() is %d bytes long", len(err.Error()))
			}
		})
	}
}

func assertOneLineError(t *testing.T, err error, want []string) {
	t.Helper()
	msg := err.Error()
	if strings.ContainsAny(msg, "\r\n") {
		t.Errorf("Error() is not one line: %q", msg)
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("Error() %q does not contain %q", msg, w)
		}
	}
}
