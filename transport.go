package tsc

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tsc-go/tsc/internal/wirejson"
)

// RetryPolicy says which failed requests are sent again, and how long to wait.
//
// Only what is safe is retried: GET, HEAD, PUT and DELETE on connection
// errors (an answer cut off included) and on 429, 502, 503 and 504; POST
// only on 429, which tells that the server did not process the request. A
// chunk of a file upload, though sent with PUT, adds to the file: it is
// retried like a POST. Any request whose body did not go out whole may be
// sent again, since the server cannot have acted on it. A request whose
// body is a stream (a publish) is never sent twice.
type RetryPolicy struct {
	// MaxAttempts counts the first attempt: 1 means no retries.
	MaxAttempts int
	// MinBackoff is the first wait; each retry doubles it, up to MaxBackoff,
	// and a random jitter takes up to half of it away.
	MinBackoff time.Duration
	MaxBackoff time.Duration
	// MaxRetryAfter caps a wait the server asks for with Retry-After.
	MaxRetryAfter time.Duration
}

// DefaultRetryPolicy is what a new client uses: 4 attempts, 500 ms to 8 s.
var DefaultRetryPolicy = RetryPolicy{
	MaxAttempts:   4,
	MinBackoff:    500 * time.Millisecond,
	MaxBackoff:    8 * time.Second,
	MaxRetryAfter: 60 * time.Second,
}

// request is one REST call before it is sent.
type request struct {
	// name is the SDK method, e.g. "Users.Get", for errors and version checks.
	name       string
	minVersion Version
	method     string
	// path is relative to /api/{version}/, e.g. "sites/{id}/users".
	path  string
	query url.Values
	body  []byte
	// contentType defaults to text/xml when body is set.
	contentType string
	// auth says the call needs a session (every call but sign-in and serverinfo).
	auth bool
	// absolute, when set, is used instead of /api/{version}/path (legacy /auth).
	absolute string
	// noReauth is set on the sign-in calls themselves.
	noReauth bool
	// stream, when set, gives the body instead of body: it is called once per
	// attempt and returns the whole body from its start. Unless replayable
	// says a second call gives the same bytes again, the request is sent at
	// most once: no retry, and no second send after signing in again.
	stream     func() (io.Reader, error)
	replayable bool
	// appends marks a request that adds to what the server holds (a chunk of
	// a file upload): sent twice, it adds twice, whatever its method.
	appends bool
	// buffered reads a 2xx answer's body whole within the attempt, so that
	// an answer cut off is a failed attempt, retried like any other.
	buffered bool
	// length is the stream's size in bytes; -1 sends it chunked.
	length int64
	// accept replaces the Accept header (downloads take any type).
	accept string
	// exp sends the request under /api/exp/, Tableau's namespace for
	// methods it has not numbered (Download and Publish Custom View),
	// instead of /api/{version}/; minVersion is still checked.
	exp bool
}

// sendsOnce reports whether r may only be sent once: its body is a stream
// that cannot be read again.
func (r *request) sendsOnce() bool { return r.stream != nil && !r.replayable }

// idempotent reports whether sending r twice does what sending it once does.
func (r *request) idempotent() bool { return idempotent(r.method) && !r.appends }

// Do sends a request for an endpoint this SDK does not wrap and decodes the
// answer. path is relative to /api/{version}/ and may contain "{site-id}",
// replaced with the current site's id. body may be nil.
func (c *Client) Do(ctx context.Context, method, path string, query url.Values, body *TSRequest) (*TSResponse, error) {
	r := &request{name: "Client.Do", method: method, path: path, query: query, auth: true}
	if strings.Contains(path, "{site-id}") {
		s := c.Session()
		if s.Token == "" {
			return nil, ErrNotSignedIn
		}
		r.path = strings.ReplaceAll(path, "{site-id}", s.SiteID)
	}
	if body != nil {
		b, err := EncodeRequest(body)
		if err != nil {
			return nil, err
		}
		r.body = b
	}
	return c.call(ctx, r)
}

// call sends r and decodes the XML answer. An empty 2xx body gives an empty response.
func (c *Client) call(ctx context.Context, r *request) (*TSResponse, error) {
	ctx, cancel := c.withTimeout(ctx)
	defer cancel()
	r.buffered = true
	resp, err := c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return c.decodeBody(r, resp)
}

// xmlBodyLimit is the most bytes of an XML answer that are read.
func (c *Client) xmlBodyLimit() int64 {
	if c.xmlLimit > 0 {
		return c.xmlLimit
	}
	return maxXMLBody
}

func (c *Client) decodeBody(r *request, resp *http.Response) (*TSResponse, error) {
	limit := c.xmlBodyLimit()
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("tsc: %s %s: reading response: %w", r.method, resp.Request.URL.Path, err)
	}
	if int64(len(body)) > limit {
		return nil, &ResponseError{Method: r.method, Path: resp.Request.URL.Path, HTTPStatus: resp.StatusCode,
			ContentType: resp.Header.Get("Content-Type"), Excerpt: excerpt(body),
			Err: fmt.Errorf("the answer is larger than the %d-byte (%d MiB) limit for XML answers; stopped reading", limit, limit>>20)}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return NewTSResponse(), nil
	}
	out, err := DecodeResponse(body)
	if err != nil {
		return nil, &ResponseError{Method: r.method, Path: resp.Request.URL.Path, HTTPStatus: resp.StatusCode,
			ContentType: resp.Header.Get("Content-Type"), Excerpt: excerpt(body), Err: err}
	}
	return out, nil
}

func (c *Client) withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if c.timeout > 0 {
		if _, ok := ctx.Deadline(); !ok {
			return context.WithTimeout(ctx, c.timeout)
		}
	}
	return ctx, func() {}
}

// prepare checks the version and session before anything is sent.
func (c *Client) prepare(ctx context.Context, r *request) error {
	if r.auth && !c.SignedIn() {
		return fmt.Errorf("%s: %w", r.name, ErrNotSignedIn)
	}
	if r.absolute != "" {
		return nil
	}
	v := c.Version()
	if v.IsZero() {
		// A client given a session but no version learns it now.
		if err := c.negotiate(ctx); err != nil {
			return err
		}
		v = c.Version()
	}
	if !r.minVersion.IsZero() && v.Less(r.minVersion) {
		return &VersionError{Method: r.name, Needed: r.minVersion, Negotiated: v}
	}
	return nil
}

// send sends r with retries and, on an expired session, one sign-in again.
// On success (2xx) the caller owns resp.Body; any other status is returned
// as an error with the body consumed.
func (c *Client) send(ctx context.Context, r *request) (*http.Response, error) {
	if err := c.prepare(ctx, r); err != nil {
		return nil, err
	}
	// The token this call is sent with: if the server says it expired, sign
	// in again only if no other goroutine has replaced it meanwhile.
	expired := c.Session().Token
	resp, err := c.sendWithRetries(ctx, r)
	var se *ServerError
	if err != nil && errors.As(err, &se) && se.Code == CodeSessionExpired && r.auth && !r.noReauth && !r.sendsOnce() && c.canReauth() {
		if rerr := c.resignIn(ctx, expired); rerr != nil {
			return nil, fmt.Errorf("%w (signing in again failed: %v)", err, rerr)
		}
		// The site id is unchanged by signing in to the same site, so the path holds.
		return c.sendWithRetries(ctx, r)
	}
	return resp, err
}

func (c *Client) sendWithRetries(ctx context.Context, r *request) (*http.Response, error) {
	attempts := max(c.retry.MaxAttempts, 1)
	if r.sendsOnce() {
		attempts = 1
	}
	var lastErr error
	for attempt := 1; ; attempt++ {
		resp, err := c.once(ctx, r, attempt)
		if err == nil {
			return resp, nil
		}
		lastErr = err
		wait, retry := c.shouldRetry(r, err, attempt)
		if !retry || attempt >= attempts {
			return nil, lastErr
		}
		c.logger.DebugContext(ctx, "tableau retry", "method", r.method, "path", c.logPath(r), "attempt", attempt, "wait", wait, "error", err.Error())
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("%w (gave up waiting to retry: %w)", lastErr, ctx.Err())
		case <-t.C:
		}
	}
}

// shouldRetry decides whether err may be retried, and after how long.
func (c *Client) shouldRetry(r *request, err error, attempt int) (time.Duration, bool) {
	var se *ServerError
	if errors.As(err, &se) {
		switch se.HTTPStatus {
		case http.StatusTooManyRequests:
			// The server refused without processing: safe for every method.
		case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			if !r.idempotent() {
				return 0, false
			}
		default:
			return 0, false
		}
		if se.RetryAfter > 0 {
			return min(se.RetryAfter, c.retry.MaxRetryAfter), true
		}
		return c.backoff(attempt), true
	}
	if errors.Is(err, ErrRedirectRefused) {
		// The server would redirect again; and the refusal is a policy, not a failure.
		return 0, false
	}
	var cve *tls.CertificateVerificationError
	if errors.As(err, &cve) {
		// The same certificate fails again: retrying only delays the error.
		return 0, false
	}
	var ne *netError
	if errors.As(err, &ne) && !ne.ctxDone && (r.idempotent() || ne.unsent) {
		return c.backoff(attempt), true
	}
	return 0, false
}

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// backoff is exponential with jitter: d*2^(attempt-1), capped, less up to half at random.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.retry.MinBackoff
	for i := 1; i < attempt && d < c.retry.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, c.retry.MaxBackoff)
	if d <= 0 {
		return 0
	}
	return d/2 + rand.N(d/2+1)
}

// netError marks a failure to get a whole answer (connection refused,
// reset, EOF, or an answer cut off).
type netError struct {
	method, path string
	err          error
	ctxDone      bool
	// unsent is set when the request's body was not read to its end: the
	// server cannot have received the whole request, nor acted on it.
	unsent bool
}

func (e *netError) Error() string { return fmt.Sprintf("tsc: %s %s: %v", e.method, e.path, e.err) }
func (e *netError) Unwrap() error { return e.err }

// Is matches ErrNetwork.
func (e *netError) Is(target error) bool { return target == ErrNetwork }

// once sends one attempt.
func (c *Client) once(ctx context.Context, r *request, attempt int) (*http.Response, error) {
	if err := c.limiter.wait(ctx); err != nil {
		return nil, fmt.Errorf("tsc: %s: waiting for the rate limit: %w", r.name, err)
	}
	u := c.urlFor(r)
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	var counted *countingReader
	if r.stream != nil {
		s, err := r.stream()
		if err != nil {
			return nil, fmt.Errorf("tsc: %s: %w", r.name, err)
		}
		counted = &countingReader{r: s}
		body = counted
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("tsc: %s: building request: %w", r.name, err)
	}
	if r.stream != nil {
		// Zero with a body means "unknown" to net/http, as does -1.
		req.ContentLength = r.length
	}
	req.Header.Set("User-Agent", c.userAgent)
	accept := "application/xml"
	if r.accept != "" {
		accept = r.accept
	}
	req.Header.Set("Accept", accept)
	if r.body != nil || r.stream != nil {
		ct := r.contentType
		if ct == "" {
			ct = "text/xml; charset=utf-8"
		}
		req.Header.Set("Content-Type", ct)
	}
	if r.auth {
		req.Header.Set("X-Tableau-Auth", c.Session().Token.Reveal())
	}
	start := time.Now()
	c.logger.DebugContext(ctx, "tableau request", "method", r.method, "path", u.Path, "attempt", attempt)
	resp, err := c.httpClient.Do(req)
	if err != nil {
		c.logger.DebugContext(ctx, "tableau response", "method", r.method, "path", u.Path, "attempt", attempt,
			"duration", time.Since(start), "error", redactURLError(err))
		return nil, &netError{method: r.method, path: u.Path, err: urlErrorCause(err), ctxDone: ctx.Err() != nil,
			unsent: counted != nil && r.length >= 0 && counted.n.Load() < r.length}
	}
	c.logger.DebugContext(ctx, "tableau response", "method", r.method, "path", u.Path, "attempt", attempt,
		"status", resp.StatusCode, "duration", time.Since(start))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		if !r.buffered {
			return resp, nil
		}
		// Reading the answer is part of the attempt: one cut off by a proxy
		// or a dropped connection fails it, and an idempotent call is sent
		// again instead of failing on a half-read document.
		b, err := io.ReadAll(io.LimitReader(resp.Body, c.xmlBodyLimit()+1))
		resp.Body.Close()
		if err != nil {
			return nil, &netError{method: r.method, path: u.Path, err: fmt.Errorf("reading the answer: %w", err), ctxDone: ctx.Err() != nil}
		}
		resp.Body = io.NopCloser(bytes.NewReader(b))
		return resp, nil
	}
	defer resp.Body.Close()
	return nil, c.errorFrom(r, resp)
}

// countingReader counts the bytes of a request body the transport read,
// from whichever goroutine it reads them in.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (cr *countingReader) Read(p []byte) (int, error) {
	n, err := cr.r.Read(p)
	cr.n.Add(int64(n))
	return n, err
}

// redactURLError keeps the query string (which may hold ids, never secrets,
// but is noise) out of transport errors by reporting the cause only.
func redactURLError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Op + ": " + ue.Err.Error()
	}
	return err.Error()
}

// urlErrorCause is redactURLError as an error: the URL left out, the cause
// kept for errors.Is (context.Canceled, context.DeadlineExceeded).
func urlErrorCause(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

func (c *Client) urlFor(r *request) *url.URL {
	u := *c.base
	if r.absolute != "" {
		u.Path = r.absolute
	} else {
		// r.path is escaped segment by segment (url.PathEscape), so that a
		// tag label with "/" or "%" stays one segment.
		v := c.Version().String()
		if r.exp {
			v = "exp"
		}
		raw := "/api/" + v + "/" + r.path
		if p, err := url.PathUnescape(raw); err == nil {
			u.Path, u.RawPath = p, raw
		} else {
			u.Path = raw
		}
	}
	if len(r.query) > 0 {
		u.RawQuery = r.query.Encode()
	}
	return &u
}

func (c *Client) logPath(r *request) string { return c.urlFor(r).Path }

// errorFrom turns a non-2xx answer into a *ServerError.
func (c *Client) errorFrom(r *request, resp *http.Response) error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	se := &ServerError{
		HTTPStatus: resp.StatusCode,
		Method:     r.method,
		Path:       resp.Request.URL.Path,
		RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()),
	}
	ct := resp.Header.Get("Content-Type")
	if tr := decodeErrorBody(body); tr != nil && tr.Error != nil {
		se.Code = strings.TrimSpace(tr.Error.Code)
		se.Summary = strings.TrimSpace(tr.Error.Summary)
		se.Detail = strings.TrimSpace(tr.Error.Detail)
		return se
	}
	// Not a Tableau error document (a proxy's HTML page, say): keep a short excerpt.
	se.ContentType = ct
	if len(body) > 0 {
		se.BodyExcerpt = excerpt(body)
	}
	return se
}

// errorBodyLimits bound the JSON error documents errorFrom reads: an error
// is one small object ({"error": {"code", "summary", "detail"}}), so these
// leave room for any gateway's additions and no more.
var errorBodyLimits = wirejson.Limits{MaxBytes: 1 << 20, MaxDepth: 16, MaxValues: 1000, MaxProps: 256, MaxString: 64 << 10}

// decodeErrorBody reads an error answer as Tableau writes it in XML, or in
// JSON as Tableau does for a client that asked for it and as gateways and
// proxies in front of a server (API gateways that answer in JSON on the
// server's behalf) do: the SDK asks for XML, but the error it gets need not
// be. The JSON form is read whatever the Content-Type says, since gateways
// label it loosely, when the body starts with '{'. nil means neither.
func decodeErrorBody(body []byte) *TSResponse {
	if tr, err := DecodeResponse(body); err == nil {
		return tr
	}
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if !bytes.HasPrefix(trimmed, []byte("{")) {
		return nil
	}
	var tr TSResponse
	if err := wirejson.Unmarshal(trimmed, &tr, errorBodyLimits); err != nil {
		return nil
	}
	return &tr
}

// maxDuration is the longest time.Duration.
const maxDuration = time.Duration(1<<63 - 1)

// parseRetryAfter reads seconds or an HTTP date; anything else is no wait.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		if n < 0 {
			return 0
		}
		// A hostile or broken server may name more seconds than a Duration
		// holds; the wait saturates instead of overflowing (to a negative or
		// arbitrary value). RetryPolicy.MaxRetryAfter caps it anyway.
		if n > int64(maxDuration/time.Second) {
			return maxDuration
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}
