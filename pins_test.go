package tsc

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The tests in this file pin the limits docs/security.md promises with the
// numbers written out, not read from the code under test: a change of any
// of them (by ten times, or by one byte) fails here, and must be made here
// and in the documentation on purpose.

// paddedBody answers with head, then spaces, then tail, size bytes in all,
// streamed from one small buffer: the test never holds the body whole.
func paddedBody(status int, head, tail string, size int64) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		pad := size - int64(len(head)) - int64(len(tail))
		if pad < 0 {
			panic("paddedBody: size below head and tail")
		}
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
		w.WriteHeader(status)
		if _, err := io.WriteString(w, head); err != nil {
			return
		}
		chunk := []byte(strings.Repeat(" ", 64<<10))
		for pad > 0 {
			n := min(pad, int64(len(chunk)))
			if _, err := w.Write(chunk[:n]); err != nil {
				return
			}
			pad -= n
		}
		io.WriteString(w, tail)
	}
}

// TestXMLAnswerCapIs64MiB sends a well-formed answer of exactly 64 MiB
// (a user, then whitespace) and one of 64 MiB and one byte: the first is
// read and decoded, the second refused with an error naming the limit.
// The cap is the SDK's, never set by the test (client.xmlLimit stays zero).
func TestXMLAnswerCapIs64MiB(t *testing.T) {
	const limit = 64 << 20
	head := `<tsResponse xmlns="http://tableau.com/api"><user id="u1" name="alice" siteRole="Viewer"/></tsResponse>`
	for _, tt := range []struct {
		name string
		size int64
	}{{"exactly the cap", limit}, {"one byte more", limit + 1}} {
		t.Run(tt.name, func(t *testing.T) {
			// Under the race detector each 64 MiB read takes seconds: the two run side by side.
			t.Parallel()
			ts := setup(t, WithoutRetries())
			if ts.client.xmlLimit != 0 {
				t.Fatal("the test must run with the SDK's own cap")
			}
			path := usersPath + "/u1"
			ts.handle("GET "+path, paddedBody(http.StatusOK, head, "", tt.size))
			u, err := ts.client.Users.Get(bg, "u1")
			if tt.size == limit {
				if err != nil || u.Name != "alice" {
					t.Fatalf("an answer of exactly %d bytes: %+v, %v", limit, u, err)
				}
				return
			}
			var re *ResponseError
			if !errors.As(err, &re) {
				t.Fatalf("an answer of %d bytes: err = %v (%T), want a *ResponseError", tt.size, err, err)
			}
			if msg := err.Error(); !strings.Contains(msg, fmt.Sprintf("%d-byte", limit)) || !strings.Contains(msg, "limit") {
				t.Errorf("the error does not name the %d-byte limit: %v", limit, err)
			}
		})
	}
}

// TestErrorAnswerCapIs1MiB sends a Tableau error document of exactly 1 MiB
// (its detail padded with whitespace) and one a byte longer. The first is
// read whole, so its code and summary reach the *ServerError; of the
// second only the first MiB is read, which is no longer a document: the
// error keeps the status and an excerpt, without a code.
func TestErrorAnswerCapIs1MiB(t *testing.T) {
	const limit = 1 << 20
	head := `<tsResponse xmlns="http://tableau.com/api"><error code="400099"><summary>Bad Request</summary><detail>padded`
	tail := `</detail></error></tsResponse>`
	for _, tt := range []struct {
		name string
		size int64
	}{{"exactly the cap", limit}, {"one byte more", limit + 1}} {
		t.Run(tt.name, func(t *testing.T) {
			ts := setup(t, WithoutRetries())
			path := usersPath + "/u1"
			ts.handle("GET "+path, paddedBody(http.StatusBadRequest, head, tail, tt.size))
			_, err := ts.client.Users.Get(bg, "u1")
			var se *ServerError
			if !errors.As(err, &se) || se.HTTPStatus != http.StatusBadRequest {
				t.Fatalf("err = %v (%T), want a *ServerError with status 400", err, err)
			}
			if tt.size == limit {
				if se.Code != "400099" || se.Summary != "Bad Request" || se.Detail != "padded" {
					t.Errorf("an error answer of exactly %d bytes was not read whole: code %q, summary %q, detail %.40q", limit, se.Code, se.Summary, se.Detail)
				}
				return
			}
			if se.Code != "" || !strings.HasPrefix(se.BodyExcerpt, "<tsResponse") {
				t.Errorf("an error answer of %d bytes was read past %d: code %q, excerpt %.60q", tt.size, limit, se.Code, se.BodyExcerpt)
			}
		})
	}
}

// TestMaxRetryAfterDefaultIs60s pins the default cap on a server's
// Retry-After at 60 seconds, for a client built without a policy and for
// a policy that leaves MaxRetryAfter zero: Retry-After: 60 is honoured as
// it is, 61 is cut to 60 (the client still retries, after 60 s). The wait
// is what shouldRetry chooses from the answer errorFrom reads, so nothing
// sleeps.
func TestMaxRetryAfterDefaultIs60s(t *testing.T) {
	if got := DefaultRetryPolicy.MaxRetryAfter; got != 60*time.Second {
		t.Errorf("DefaultRetryPolicy.MaxRetryAfter = %s, documented as 60s", got)
	}
	noPolicy, err := NewClient("https://tableau.example.com")
	if err != nil {
		t.Fatal(err)
	}
	zeroCap, err := NewClient("https://tableau.example.com", WithRetryPolicy(RetryPolicy{MaxAttempts: 3}))
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]*Client{"no policy": noPolicy, "policy without MaxRetryAfter": zeroCap} {
		for _, tt := range []struct {
			retryAfter string
			want       time.Duration
		}{
			{"1", time.Second},
			{"59", 59 * time.Second},
			{"60", 60 * time.Second},
			{"61", 60 * time.Second},
			{"600", 60 * time.Second},
		} {
			for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
				r := &request{method: http.MethodGet, path: "sites"}
				resp := &http.Response{StatusCode: status, Header: http.Header{"Retry-After": {tt.retryAfter}},
					Body: io.NopCloser(strings.NewReader("")), Request: &http.Request{URL: c.urlFor(r)}}
				err := c.errorFrom(r, resp)
				wait, retry := c.shouldRetry(r, err, 1)
				if !retry || wait != tt.want {
					t.Errorf("%s: %d with Retry-After %s: wait %s (retry %v), want %s", name, status, tt.retryAfter, wait, retry, tt.want)
				}
			}
		}
	}
}
