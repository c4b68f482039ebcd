package tsc

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Error classes to test a returned error with errors.Is. A *ServerError
// matches the class of its HTTP status (and, for 401, its 401xxx code).
var (
	ErrBadRequest   = errors.New("tsc: bad request")
	ErrUnauthorized = errors.New("tsc: unauthorized")
	ErrForbidden    = errors.New("tsc: forbidden")
	ErrNotFound     = errors.New("tsc: not found")
	ErrConflict     = errors.New("tsc: conflict")
	ErrRateLimited  = errors.New("tsc: rate limited")
	ErrServer       = errors.New("tsc: server error")

	// ErrNetwork matches the error of a request that got no whole answer:
	// the connection refused, reset or closed, a DNS or TLS failure, a
	// timeout, an answer cut off. Such an error is the network's (or a
	// server's that stopped answering), not a refusal.
	ErrNetwork = errors.New("tsc: network error")

	// ErrNotSignedIn is returned, before any request, by a call that needs a
	// session when the client has none.
	ErrNotSignedIn = errors.New("tsc: not signed in")
)

// Tableau error codes that the SDK acts on.
const (
	// CodeSessionExpired (401002) means the token is unknown or expired; a
	// client holding credentials signs in again once and repeats the call.
	CodeSessionExpired = "401002"
	// CodeSignInFailed (401001) means the credentials were refused.
	CodeSignInFailed = "401001"
)

// ServerError is an error answer from the server. Error() is one line.
type ServerError struct {
	HTTPStatus int
	// Code is Tableau's error code, e.g. "404002"; empty when the body was not a Tableau error.
	Code    string
	Summary string
	Detail  string
	Method  string
	// Path is the request's URL path (no query, no host), e.g. /api/3.29/sites/{id}/users.
	Path string
	// RetryAfter is the wait the server asked for (429 and 503), zero when it named none.
	RetryAfter time.Duration
	// ContentType and BodyExcerpt are set when the body was not a Tableau
	// error document (an HTML page from a proxy, say): the first few hundred bytes.
	ContentType string
	BodyExcerpt string
}

// Error formats the error as one readable line.
func (e *ServerError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "tsc: %s %s: %d %s", e.Method, e.Path, e.HTTPStatus, http.StatusText(e.HTTPStatus))
	if e.Code != "" {
		fmt.Fprintf(&b, " (%s)", clip(e.Code))
	}
	if e.Summary != "" {
		fmt.Fprintf(&b, ": %s", clip(e.Summary))
	}
	if e.Detail != "" {
		fmt.Fprintf(&b, ": %s", clip(e.Detail))
	}
	if e.Code == "" && e.BodyExcerpt != "" {
		fmt.Fprintf(&b, ": unexpected %s body: %q", clip(orUnknown(e.ContentType)), e.BodyExcerpt)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	return b.String()
}

// Is matches the error classes ErrBadRequest, ErrUnauthorized, ErrForbidden,
// ErrNotFound, ErrConflict, ErrRateLimited and ErrServer.
func (e *ServerError) Is(target error) bool {
	switch target {
	case ErrBadRequest:
		return e.HTTPStatus == http.StatusBadRequest
	case ErrUnauthorized:
		return e.HTTPStatus == http.StatusUnauthorized || strings.HasPrefix(e.Code, "401")
	case ErrForbidden:
		return e.HTTPStatus == http.StatusForbidden
	case ErrNotFound:
		return e.HTTPStatus == http.StatusNotFound
	case ErrConflict:
		return e.HTTPStatus == http.StatusConflict
	case ErrRateLimited:
		return e.HTTPStatus == http.StatusTooManyRequests
	case ErrServer:
		return e.HTTPStatus >= 500
	}
	return false
}

// VersionError is returned, before any request, when a method needs a newer
// REST API version than the one the client speaks with the server.
type VersionError struct {
	Method     string
	Needed     Version
	Negotiated Version
}

// Error names the method and both versions.
func (e *VersionError) Error() string {
	return fmt.Sprintf("tsc: %s needs REST API %s, but the session uses %s", e.Method, e.Needed, e.Negotiated)
}

// ResponseError is returned when an answer could not be read: malformed XML,
// the wrong element, or an HTML page where XML was expected.
type ResponseError struct {
	Method      string
	Path        string
	HTTPStatus  int
	ContentType string
	// Excerpt is the first few hundred bytes of the body.
	Excerpt string
	Err     error
}

// Error says which request got what.
func (e *ResponseError) Error() string {
	var cause string
	if e.Err != nil {
		cause = clip(e.Err.Error())
	}
	return fmt.Sprintf("tsc: %s %s: cannot read %d response (%s): %s; body starts %q",
		e.Method, e.Path, e.HTTPStatus, clip(orUnknown(e.ContentType)), cause, e.Excerpt)
}

// Unwrap returns the decoding error.
func (e *ResponseError) Unwrap() error { return e.Err }

func orUnknown(ct string) string {
	if ct == "" {
		return "no content type"
	}
	return ct
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// maxErrorText caps each text a server chose (code, summary, detail, a
// decoding error naming its elements) in an Error() string, in bytes.
const maxErrorText = 500

// clip makes a text the server chose fit in a one-line error: whitespace
// runs become one space, control characters (terminal escapes) are dropped,
// and more than maxErrorText bytes are cut, marked with "...".
func clip(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && !unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	s = oneLine(s)
	if len(s) > maxErrorText {
		n := maxErrorText
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n] + "..."
	}
	return s
}

const excerptLen = 300

func excerpt(b []byte) string {
	if len(b) > excerptLen {
		b = b[:excerptLen]
	}
	return strings.ToValidUTF8(string(b), "?")
}
