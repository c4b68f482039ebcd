// Package control locks the emulator's control plane: the endpoints under
// /_emulator/ that reset, seed, fault and inspect a running emulator.
//
// Whoever reaches those endpoints owns the emulator's state, and the
// emulator listens on loopback, which every program on the machine reaches
// and so does every web page open in a browser there. Guard is the one
// place that decides who may use them. It sits in front of the whole
// handler chain (the fault injector, then the emulator), so a single check
// covers the injector's /_emulator/faults and the emulator's own control
// endpoints alike; both of those answer a control request only when Guard
// admitted it (Admitted), so a chain mounted without Guard fails closed:
// its control paths are unknown resources, as they are with Policy.Off.
package control

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"mime"
	"net"
	"net/http"
	"strconv"
	"strings"
)

// Prefix starts every control path.
const Prefix = "/_emulator/"

// HealthPath is the one control path open without the token: a readiness
// probe that tells only that the server is up and the REST API version it
// speaks, which GET /api/{version}/serverinfo tells anyone anyway. Scripts
// poll it before they have read the token from tabctl serve's output.
const HealthPath = "/_emulator/health"

// MinTokenLength is the shortest control token accepted. 16 characters of
// a random token are at least 64 bits, too many to guess over HTTP; a
// shorter one is more likely a placeholder ("test") than a secret.
const MinTokenLength = 16

// Policy is who may use the control endpoints.
type Policy struct {
	// Token is the control token every control request but a health
	// check must carry as "Authorization: Bearer <token>".
	Token string
	// Off turns the control plane off: no request is admitted, and every
	// control path is an unknown resource to the handlers behind Guard.
	Off bool
	// ListenHost is the host of the listen address (as in
	// "tableau.test:8080"); a request whose Host is that name is admitted
	// besides loopback names and IP literals. See hostAllowed.
	ListenHost string
}

// NewToken returns a random control token: 32 bytes from crypto/rand,
// base64url without padding (43 characters), safe in a header and a shell.
//
// It never starts with "-" or "_", so that it can follow a flag on any
// command line (argparse and others take a leading "-" for an option).
func NewToken() string {
	b := make([]byte, 32)
	for {
		rand.Read(b)
		if s := base64.RawURLEncoding.EncodeToString(b); s[0] != '-' && s[0] != '_' {
			return s
		}
	}
}

// CheckToken says what is wrong with a token chosen by hand: too short, or
// holding characters a header value cannot carry unchanged.
func CheckToken(token string) error {
	if len(token) < MinTokenLength {
		return fmt.Errorf("the control token must be at least %d characters long (it has %d)", MinTokenLength, len(token))
	}
	for _, r := range token {
		if r <= ' ' || r > '~' {
			return fmt.Errorf("the control token may hold only printable ASCII characters without spaces (it has %q)", r)
		}
	}
	return nil
}

// admittedKey marks, in a request's context, that Guard admitted it. The
// type is unexported, so nothing outside this package can set the mark.
type admittedKey struct{}

// Admitted reports whether Guard admitted req to the control endpoints.
// The handlers behind Guard answer a control path only when it did.
func Admitted(req *http.Request) bool {
	ok, _ := req.Context().Value(admittedKey{}).(bool)
	return ok
}

// Guard returns a handler that checks every request to a control path
// against p before next sees it; other requests pass untouched. It fails
// if p has no usable token and is not Off.
func Guard(next http.Handler, p Policy) (http.Handler, error) {
	if !p.Off {
		if err := CheckToken(p.Token); err != nil {
			return nil, err
		}
	}
	sum := sha256.Sum256([]byte(p.Token))
	return &guard{next: next, policy: p, tokenSum: sum}, nil
}

type guard struct {
	next     http.Handler
	policy   Policy
	tokenSum [sha256.Size]byte
}

// refusal is a control request refused: its status and why.
type refusal struct {
	status int
	msg    string
}

func (g *guard) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if !strings.HasPrefix(req.URL.Path, Prefix) && !strings.HasPrefix(req.URL.EscapedPath(), Prefix) {
		g.next.ServeHTTP(w, req)
		return
	}
	if g.policy.Off {
		// Unmarked, the request is an unknown resource to every handler
		// behind: the control plane does not exist.
		g.next.ServeHTTP(w, req)
		return
	}
	if r := g.check(req); r != nil {
		h := w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		if r.status == http.StatusUnauthorized {
			h.Set("WWW-Authenticate", `Bearer realm="emulator control"`)
		}
		w.WriteHeader(r.status)
		json.NewEncoder(w).Encode(map[string]string{"error": r.msg})
		return
	}
	g.next.ServeHTTP(w, req.WithContext(context.WithValue(req.Context(), admittedKey{}, true)))
}

// check runs the checks in order: what marks a browser (403) first, since
// not even the right token makes a web page's request acceptable; then the
// token (401); then the body's type (415), so that a caller without the
// token learns nothing about what the endpoints take.
func (g *guard) check(req *http.Request) *refusal {
	if o := req.Header.Values("Origin"); len(o) > 0 {
		return &refusal{http.StatusForbidden, fmt.Sprintf("control requests with an Origin header (%s) are refused: browsers send one, and no web page may drive the emulator", quote(o[0]))}
	}
	if s := req.Header.Get("Sec-Fetch-Site"); s != "" && s != "none" {
		return &refusal{http.StatusForbidden, fmt.Sprintf("control requests a browser sends from a page (Sec-Fetch-Site: %s) are refused", quote(s))}
	}
	if !hostAllowed(req.Host, g.policy.ListenHost) {
		return &refusal{http.StatusForbidden, fmt.Sprintf("control requests must name the server by localhost or an IP address in Host, not %s (a DNS rebinding attack names it by the attacker's domain)", quote(req.Host))}
	}
	auth := req.Header.Values("Authorization")
	switch {
	case len(auth) == 0 && req.URL.Path == HealthPath && req.Method == http.MethodGet:
		// Open, see HealthPath; a token sent along is still checked.
	case len(auth) == 0:
		return &refusal{http.StatusUnauthorized, "the control endpoints need the control token (tabctl serve prints it as control-token), sent as the header Authorization: Bearer TOKEN"}
	case len(auth) > 1:
		return &refusal{http.StatusUnauthorized, "send one Authorization header: Bearer and the control token"}
	default:
		scheme, token, ok := strings.Cut(auth[0], " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			return &refusal{http.StatusUnauthorized, "the Authorization header must be Bearer and the control token"}
		}
		// Comparing digests takes the same time whatever the token's
		// length and whatever prefix of it is right.
		sum := sha256.Sum256([]byte(strings.TrimSpace(token)))
		if subtle.ConstantTimeCompare(sum[:], g.tokenSum[:]) != 1 {
			return &refusal{http.StatusUnauthorized, "the control token is wrong"}
		}
	}
	if ct := req.Header.Get("Content-Type"); ct != "" || hasBody(req) {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" {
			return &refusal{http.StatusUnsupportedMediaType, fmt.Sprintf("control requests with a body must be Content-Type: application/json, not %s", quote(ct))}
		}
	}
	return nil
}

// quote quotes a header value for an error message, cut to 100 bytes: the
// sender chose it, and it can be long.
func quote(v string) string {
	if len(v) > 100 {
		v = v[:100] + "..."
	}
	return strconv.Quote(v)
}

// hasBody reports whether a request carries a body: a length above zero,
// or an unknown length (chunked).
func hasBody(req *http.Request) bool {
	return req.ContentLength != 0 && req.Body != nil && req.Body != http.NoBody
}

// hostAllowed reports whether a Host header names this server in a way
// a DNS rebinding attack cannot: an IP literal (a page's origin is then the
// address itself, not the attacker's domain), "localhost" or a name under
// ".localhost" (which browsers resolve to loopback themselves), or the
// host name the server was told to listen on.
func hostAllowed(hostport, listenHost string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	switch {
	case host == "":
		return false
	case net.ParseIP(host) != nil:
		return true
	case host == "localhost" || strings.HasSuffix(host, ".localhost"):
		return true
	case listenHost != "" && host == strings.ToLower(listenHost):
		return true
	}
	return false
}
