package tsc

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// ErrRedirectRefused is returned (wrapped) when the server redirects a
// request that carries the session token or credentials to another host or
// port, or from https to http. Go's http.Client drops only Authorization and
// Cookie headers on such redirects; X-Tableau-Auth and a re-sent sign-in body
// would travel on, so the SDK refuses the redirect before anything is sent.
// The request is not retried: the same answer would come back.
var ErrRedirectRefused = errors.New("tsc: redirect refused")

// maxRedirects is how many redirects a request follows when the caller's
// http.Client has no CheckRedirect of its own (net/http's default).
const maxRedirects = 10

// WithInsecureSkipVerify turns off the verification of the server's TLS
// certificate, for test servers with self-signed certificates. Anyone on
// the network path can then read the session token and passwords, so it is
// never the default and the client logs a warning (at Warn level, once) when
// it is built with it.
//
// It works on the http.Client given by WithHTTPClient too: that client's
// *http.Transport is cloned with InsecureSkipVerify set, and the caller's
// client and transport are left as they are. A Transport that is not an
// *http.Transport (a tracing wrapper, say) cannot be cloned: NewClient then
// fails, and the TLS settings must be made on that transport directly.
func WithInsecureSkipVerify() Option {
	return func(c *Client) error { c.insecureSkipVerify = true; return nil }
}

// finishHTTPClient replaces c.httpClient, once the options are applied, by a
// copy that refuses redirects leaking secrets and, when asked for, skips TLS
// verification. The caller's *http.Client is never modified: it may be
// shared with code that expects its own settings.
func (c *Client) finishHTTPClient() error {
	hc := *c.httpClient
	if c.insecureSkipVerify {
		rt := hc.Transport
		if rt == nil {
			rt = http.DefaultTransport
		}
		t, ok := rt.(*http.Transport)
		if !ok {
			return fmt.Errorf("tsc: WithInsecureSkipVerify: the http.Client's Transport is a %T, not an *http.Transport; set InsecureSkipVerify in its own TLS configuration instead", rt)
		}
		t = t.Clone() // clones TLSClientConfig too
		if t.TLSClientConfig == nil {
			t.TLSClientConfig = &tls.Config{}
		}
		t.TLSClientConfig.InsecureSkipVerify = true //nolint:gosec // asked for explicitly
		hc.Transport = t
		c.logger.Warn("tsc: TLS certificate verification is off (WithInsecureSkipVerify): anyone on the network path can read the session token and passwords",
			"server", c.ServerURL())
	}
	hc.CheckRedirect = guardRedirect(hc.CheckRedirect)
	c.httpClient = &hc
	return nil
}

// guardRedirect wraps a CheckRedirect policy (nil: net/http's default, at
// most 10 redirects) with the SDK's own: a request that carries a secret (an
// X-Tableau-Auth header or a body, which for a sign-in holds the password)
// follows a redirect only to its own origin, or from http to https on the
// same host's default ports.
func guardRedirect(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		orig := via[0]
		if carriesSecret(orig) && !redirectAllowed(orig.URL, req.URL) {
			return fmt.Errorf("%w: %s %s redirected to %s, which would receive the session token or credentials (only the same scheme, host and port are followed)",
				ErrRedirectRefused, orig.Method, origin(orig.URL), origin(req.URL))
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= maxRedirects {
			return fmt.Errorf("stopped after %d redirects", maxRedirects)
		}
		return nil
	}
}

// carriesSecret reports whether a request the SDK sent holds a session token
// or a body. Every body but a sign-in's is sent with the token too; the
// sign-in body holds the password, token secret or JWT.
func carriesSecret(r *http.Request) bool {
	return r.Header.Get("X-Tableau-Auth") != "" || (r.Body != nil && r.Body != http.NoBody) || r.ContentLength > 0
}

// redirectAllowed reports whether a secret may follow a redirect from one
// URL to another: same scheme, host and port, or an upgrade from http to
// https on the same host, from port 80 to 443.
func redirectAllowed(from, to *url.URL) bool {
	if !strings.EqualFold(from.Hostname(), to.Hostname()) {
		return false
	}
	fromPort, toPort := effectivePort(from), effectivePort(to)
	switch {
	case strings.EqualFold(from.Scheme, to.Scheme):
		return fromPort == toPort
	case strings.EqualFold(from.Scheme, "http") && strings.EqualFold(to.Scheme, "https"):
		return fromPort == "80" && toPort == "443"
	}
	return false
}

// effectivePort is the URL's port, or its scheme's default.
func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

// origin writes scheme://host:port, leaving out user info, path and query,
// which a hostile Location header could fill with anything.
func origin(u *url.URL) string {
	return strings.ToLower(u.Scheme) + "://" + net.JoinHostPort(u.Hostname(), effectivePort(u))
}
