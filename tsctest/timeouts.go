package tsctest

import (
	"io"
	"net/http"
	"time"
)

// timeout is an Options timeout with its default filled in: zero is the
// default, negative is no limit (zero, to http.Server and bodyDeadlines).
func timeout(d, def time.Duration) time.Duration {
	switch {
	case d == 0:
		return def
	case d < 0:
		return 0
	}
	return d
}

// bodyDeadlines gives every request body a read deadline that moves
// forward by idle each time the handler reads: a body must keep arriving,
// but may take as long as it needs in all. http.Server's ReadTimeout would
// bound the whole request instead, cutting off a large upload on a slow
// link; without any deadline a client could hold a handler forever by
// sending nothing. idle 0 leaves bodies without a deadline.
func bodyDeadlines(h http.Handler, idle time.Duration) http.Handler {
	if idle <= 0 {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody {
			h.ServeHTTP(w, r)
			return
		}
		b := &deadlineBody{ReadCloser: r.Body, rc: http.NewResponseController(w), idle: idle}
		r.Body = b
		h.ServeHTTP(w, r)
		if !b.eof && !b.failed {
			// The server discards what the handler left unread before it
			// reuses the connection: give that a fresh window, not the
			// deadline of a read long past. (After a failed read the
			// deadline stays as it is, past, so the connection is closed
			// rather than left waiting for the rest of a stalled body.)
			b.rc.SetReadDeadline(time.Now().Add(idle))
		}
	})
}

// deadlineBody sets the connection's read deadline before each read of the
// body. Once the body is read to its end the deadline is cleared: the
// server's own background read then watches the connection for the client
// going away, and must not time out while the handler works. (net/http
// clears it too when it starts that read; clearing here does not depend on
// it.)
type deadlineBody struct {
	io.ReadCloser
	rc          *http.ResponseController
	idle        time.Duration
	eof, failed bool
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	if b.eof || b.failed {
		return b.ReadCloser.Read(p)
	}
	// An error here (a writer that cannot set deadlines) leaves the body
	// as http.Server reads it, without one.
	b.rc.SetReadDeadline(time.Now().Add(b.idle))
	n, err := b.ReadCloser.Read(p)
	switch {
	case err == io.EOF:
		b.eof = true
		b.rc.SetReadDeadline(time.Time{})
	case err != nil:
		b.failed = true
	}
	return n, err
}
