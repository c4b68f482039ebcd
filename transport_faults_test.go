package tsc

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

// Faults the transport must tell apart: an answer cut off (retried when
// the call is idempotent), a request whose body never went out whole
// (retried whatever the method: the server cannot have acted), and a
// chunk of an upload (never sent again once the server may have appended
// it). The end-to-end tests in e2e_faults_test.go check the same against
// the emulator's fault injection.

// cutOnce answers the first request with a body cut off after its headers
// announced more, and later ones whole.
func cutOnce(ts *testServer, pattern, body string) {
	n := 0
	ts.handle(pattern, func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		n++
		w.Header().Set("Content-Type", "application/xml")
		if n == 1 {
			w.Header().Set("Content-Length", "4096")
			w.WriteHeader(http.StatusOK)
			w.Write([]byte(body[:len(body)/2]))
			http.NewResponseController(w).Flush()
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		w.Write([]byte(body))
	})
}

const projectsPage = `<tsResponse xmlns="http://tableau.com/api"><pagination pageNumber="1" pageSize="100" totalAvailable="1"/>` +
	`<projects><project id="p1" name="Finance"/></projects></tsResponse>`

func TestCutAnswerIsRetriedWhenIdempotent(t *testing.T) {
	ts := setup(t)
	cutOnce(ts, "GET "+sitePrefix+"/projects", projectsPage)
	ps, _, err := ts.client.Projects.List(bg, ListOptions{})
	if err != nil {
		t.Fatalf("a GET whose first answer was cut off: %v", err)
	}
	if len(ps) != 1 || ps[0].Name != "Finance" || ts.count("GET", sitePrefix+"/projects") != 2 {
		t.Errorf("got %+v after %d requests, want the project after 2", ps, ts.count("GET", sitePrefix+"/projects"))
	}
}

func TestCutAnswerOfPostIsNotRetried(t *testing.T) {
	ts := setup(t)
	cutOnce(ts, "POST "+sitePrefix+"/projects", `<tsResponse xmlns="http://tableau.com/api"><project id="p1" name="Finance"/></tsResponse>`)
	_, err := ts.client.Projects.Create(bg, Project{Name: "Finance"})
	if err == nil || !strings.Contains(err.Error(), "POST /api/3.29/sites/"+testSiteID+"/projects") || !strings.Contains(err.Error(), "unexpected EOF") {
		t.Fatalf("a POST whose answer was cut off: %v, want the request and unexpected EOF", err)
	}
	if n := ts.count("POST", sitePrefix+"/projects"); n != 1 {
		t.Errorf("the POST was sent %d times", n)
	}
}

// TestUnsentBodyIsRetried: a chunk request whose connection is reset
// before the server read its body is sent again, though a chunk whose
// body went out whole is not (TestPublishChunkRetries).
func TestUnsentBodyIsRetried(t *testing.T) {
	ts := setup(t)
	attempts := 0
	var got []byte
	ts.handle("PUT "+sitePrefix+"/fileUploads/u1", func(w http.ResponseWriter, r *http.Request) {
		attempts++
		if attempts == 1 {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Fatal(err)
			}
			conn.(*net.TCPConn).SetLinger(0)
			conn.Close()
			return
		}
		got, _ = io.ReadAll(r.Body)
		w.Write([]byte(`<tsResponse xmlns="http://tableau.com/api"><fileUpload uploadSessionId="u1" fileSize="8"/></tsResponse>`))
	})
	body := bytes.Repeat([]byte("chunk"), 2<<20) // larger than the socket buffers
	r := &request{name: "test chunk", method: http.MethodPut, path: "sites/" + testSiteID + "/fileUploads/u1", auth: true,
		appends: true, replayable: true, length: int64(len(body)),
		stream: func() (io.Reader, error) { return bytes.NewReader(body), nil }}
	if _, err := ts.client.call(bg, r); err != nil {
		t.Fatalf("a chunk reset before it was read: %v", err)
	}
	if attempts != 2 || !bytes.Equal(got, body) {
		t.Errorf("%d attempts, %d bytes arrived", attempts, len(got))
	}
}

func TestShouldRetryAppends(t *testing.T) {
	c := &Client{retry: RetryPolicy{MaxAttempts: 4, MinBackoff: 1, MaxBackoff: 2, MaxRetryAfter: 3}}
	chunk := &request{method: http.MethodPut, appends: true}
	put := &request{method: http.MethodPut}
	post := &request{method: http.MethodPost}
	for _, tc := range []struct {
		name string
		r    *request
		err  error
		want bool
	}{
		{"chunk 429", chunk, &ServerError{HTTPStatus: 429}, true},
		{"chunk 502", chunk, &ServerError{HTTPStatus: 502}, false},
		{"chunk 503", chunk, &ServerError{HTTPStatus: 503}, false},
		{"chunk 504", chunk, &ServerError{HTTPStatus: 504}, false},
		{"chunk reset after the body went out", chunk, &netError{err: io.EOF}, false},
		{"chunk reset before the body went out", chunk, &netError{err: io.EOF, unsent: true}, true},
		{"chunk cancelled", chunk, &netError{err: context.Canceled, ctxDone: true, unsent: true}, false},
		{"PUT 502", put, &ServerError{HTTPStatus: 502}, true},
		{"PUT answer cut off", put, &netError{err: io.ErrUnexpectedEOF}, true},
		{"POST body unsent", post, &netError{err: io.EOF, unsent: true}, true},
		{"POST answer cut off", post, &netError{err: io.ErrUnexpectedEOF}, false},
		{"other error", chunk, errors.New("boom"), false},
	} {
		if _, got := c.shouldRetry(tc.r, tc.err, 1); got != tc.want {
			t.Errorf("%s: retry = %v, want %v", tc.name, got, tc.want)
		}
	}
}
