// Package emulator is the inside of the fake Tableau Server: the HTTP
// handlers, the SQLite store and the renderers. Package tsctest (for Go
// tests) and the tabctl serve command (for any client) are its faces.
//
// A request goes through one adapter (ServeHTTP): it parses /api/{version}/,
// finds the route, checks the session and the site, reads the body with a
// size cap, calls the handler, and writes what the handler returned (an
// XML body and a status, or a Tableau error). Handlers never touch the
// http.ResponseWriter.
package emulator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/emulator/control"
	"github.com/tsc-go/tsc/internal/xmllimit"
)

// Config says how the emulated server behaves.
type Config struct {
	// DataDir holds the database; empty keeps everything in memory.
	DataDir string
	// SessionLifetime is how long a sign-in lasts; zero means 240 minutes,
	// Tableau Server's default.
	SessionLifetime time.Duration
	// ProductVersion and Build are what /serverinfo reports.
	ProductVersion string
	Build          string
	// APIVersion is the highest REST API version served, e.g. "3.29".
	APIVersion string
	// JWTSecret, JWTSecretID and JWTIssuer configure a connected app: JWTs
	// signed (HS256) with the secret and issued by the issuer sign in.
	// An empty secret turns JWT sign-in off.
	JWTSecret   string
	JWTSecretID string
	JWTIssuer   string
	// Log receives one line per request; nil logs nothing.
	Log io.Writer
	// Now is the clock; nil means time.Now. Tests move it to expire sessions.
	Now func() time.Time
	// ContentConfig sets publishing, upload and job behaviour (content.go).
	ContentConfig
	// Cloud makes the server answer as Tableau Cloud rather than Tableau
	// Server (cloud.go lists the differences): among them no server
	// schedules, and each extract refresh task carries its own schedule.
	Cloud bool
	// WebhookAllow lists where webhooks may deliver: CIDR prefixes,
	// addresses and host names (webhook_delivery.go). nil means loopback
	// only (DefaultWebhookAllow); an empty list allows nothing.
	WebhookAllow []string
	// WebhookTimeout bounds one delivery attempt; zero means 10 seconds.
	WebhookTimeout time.Duration
	// Directory is the external directory groups are imported from
	// (directory.go); nil: none, and importing a group fails as for a
	// group the directory does not have.
	Directory *Directory
}

// maxBody caps request bodies the emulator reads: its XML requests are a
// few KB, and a larger body is refused before it is parsed.
const maxBody = 4 << 20

// Server is the emulated Tableau Server, an http.Handler.
type Server struct {
	cfg     Config
	version tsc.Version
	store   *Store
	routes  []route
	log     *slog.Logger
	// admin is what Bootstrap was given, for /_emulator/reset.
	admin Admin
	// content holds the published files and the background janitor.
	content *contentState
	// clock is the server's time; sched runs schedules on it (scheduler.go).
	clock *clock
	sched scheduler
	// hooks delivers webhook events (webhook_delivery.go).
	hooks *hookState
}

// New opens the store and returns the server. Close releases the store.
func New(cfg Config) (*Server, error) {
	if cfg.SessionLifetime <= 0 {
		cfg.SessionLifetime = 240 * time.Minute
	}
	if cfg.APIVersion == "" {
		cfg.APIVersion = tsc.LatestVersion.String()
	}
	if cfg.ProductVersion == "" {
		cfg.ProductVersion = "2026.2.0"
	}
	if cfg.Build == "" {
		cfg.Build = "20262.26.0612.0930"
	}
	v, err := tsc.ParseVersion(cfg.APIVersion)
	if err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	st, err := OpenStore(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	clk := newClock(cfg.Now)
	st.now = clk.now
	st.cloud = cfg.Cloud
	s := &Server{cfg: cfg, version: v, store: st, clock: clk}
	if cfg.Log != nil {
		s.log = slog.New(slog.NewTextHandler(cfg.Log, nil))
	}
	s.registerRunners()
	s.routes = s.apiRoutes()
	for i := range s.routes {
		s.routes[i].calls = new(atomic.Int64)
	}
	if err := s.openContent(); err != nil {
		st.Close()
		return nil, err
	}
	if err := s.openHooks(); err != nil {
		s.closeContent()
		st.Close()
		return nil, err
	}
	return s, nil
}

// Close stops the background work, removes a temporary blob directory and
// closes the store.
func (s *Server) Close() error {
	s.closeHooks()
	s.closeContent()
	return s.store.Close()
}

// Store gives tsctest its seeding helpers.
func (s *Server) Store() *Store { return s.store }

// Config returns the configuration with defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// call is one API request as a handler sees it.
type call struct {
	ctx     context.Context
	req     *http.Request
	version tsc.Version
	params  map[string]string
	query   url.Values
	body    []byte
	// sess is the caller's session on authenticated routes.
	sess *session
	// user is sess.User, for brevity.
	user *userRow
}

func (c *call) param(name string) string { return c.params[name] }

// siteID is the {site} of a site-scoped path, already checked against the session.
func (c *call) siteID() string { return c.params["site"] }

// result is what a handler returns: a status and a body (nil for no body).
type result struct {
	status int
	body   *tsc.TSResponse
	// file, when set, is a non-XML answer: a download or an export.
	file *fileBody
}

func ok(body *tsc.TSResponse) (result, error) { return result{status: http.StatusOK, body: body}, nil }
func created(body *tsc.TSResponse) (result, error) {
	return result{status: http.StatusCreated, body: body}, nil
}
func noContent() (result, error) { return result{status: http.StatusNoContent}, nil }

type handlerFunc func(*call) (result, error)

// route is one entry of the routing table. In pattern, {name} matches one
// path segment; {site} additionally means the path is on a site and must be
// the session's site.
type route struct {
	method  string
	pattern []string
	// public routes need no session.
	public bool
	// stream routes read the request body themselves (uploads), so the
	// adapter neither reads nor caps it.
	stream  bool
	handler handlerFunc
	// calls counts the requests that reached the handler (Handled).
	calls *atomic.Int64
	// emptyParam, when set, lets a {param} segment be empty for requests
	// whose query it accepts: "sites/?key=contentUrl" is the default site.
	emptyParam func(url.Values) bool
	// exp: the route is served under /api/exp/ too (experimental).
	exp bool
}

func r(method, pattern string, h handlerFunc) route {
	return route{method: method, pattern: strings.Split(pattern, "/"), handler: h}
}

func public(method, pattern string, h handlerFunc) route {
	rt := r(method, pattern, h)
	rt.public = true
	return rt
}

// match reports whether segs fit the pattern, filling params.
func (rt *route) match(segs []string, q url.Values) (map[string]string, bool) {
	if len(segs) != len(rt.pattern) {
		return nil, false
	}
	params := map[string]string{}
	for i, p := range rt.pattern {
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") {
			if segs[i] == "" && (rt.emptyParam == nil || !rt.emptyParam(q)) {
				// "users/" lists users and "users//" names no user: an
				// empty segment is no id unless the route says otherwise.
				return nil, false
			}
			params[p[1:len(p)-1]] = segs[i]
			continue
		}
		if !strings.EqualFold(p, segs[i]) {
			return nil, false
		}
	}
	return params, true
}

// lookup finds the route for method and segs; methodMismatch reports that
// some route has the path but not the method.
func (s *Server) lookup(method string, segs []string, q url.Values) (found *route, params map[string]string, methodMismatch bool) {
	for i := range s.routes {
		p, ok := s.routes[i].match(segs, q)
		if !ok {
			continue
		}
		if s.routes[i].method != method {
			methodMismatch = true
			continue
		}
		return &s.routes[i], p, false
	}
	return nil, nil, methodMismatch
}

// statusWriter remembers the status for the request log, and the form
// (XML or JSON) the request's Accept asked for.
type statusWriter struct {
	http.ResponseWriter
	status int
	json   bool
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// ServeHTTP logs the request (method, path, status, duration: never a query
// string, header or body, which is where tokens and secrets travel) and
// dispatches it.
func (s *Server) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w, json: wantsJSON(req)}
	s.serve(sw, req)
	if s.log != nil {
		s.log.Info("request", "method", req.Method, "path", req.URL.Path, "status", sw.status,
			"duration", time.Since(start).Round(time.Microsecond))
	}
}

func (s *Server) serve(w http.ResponseWriter, req *http.Request) {
	path := req.URL.EscapedPath()
	switch {
	case strings.HasPrefix(path, control.Prefix):
		// Only what control.Guard admitted: mounted without the guard, or
		// with the control plane off, the control paths do not exist.
		if !control.Admitted(req) {
			s.writeError(w, unknownResource(req.URL.Path))
			return
		}
		s.serveControl(w, req)
		return
	case path == "/api" || strings.HasPrefix(path, "/api/"):
	default:
		s.writeError(w, unknownResource(req.URL.Path))
		return
	}
	rest := strings.TrimPrefix(path, "/api/")
	vs, rest, _ := strings.Cut(rest, "/")
	exp := vs == "exp"
	v, err := tsc.ParseVersion(vs)
	if exp {
		v, err = s.version, nil
	}
	if err != nil || v.Less(tsc.Version{Major: 2, Minor: 0}) || s.version.Less(v) || (!exp && strings.Count(vs, ".") != 1) {
		// A version the server does not speak is a resource it does not have,
		// as server_info_404.xml shows.
		s.writeError(w, unknownResource(strings.TrimPrefix(req.URL.Path, "/api")))
		return
	}
	raw := strings.Split(rest, "/")
	segs := make([]string, len(raw))
	for i, p := range raw {
		u, err := url.PathUnescape(p)
		if err != nil {
			s.writeError(w, badRequest("The path segment '%s' is not URL-encoded correctly.", p))
			return
		}
		segs[i] = u
	}
	found, params, methodMismatch := s.lookup(req.Method, segs, req.URL.Query())
	if found == nil && !methodMismatch && len(segs) > 1 && segs[len(segs)-1] == "" {
		// Tableau Server serves a resource with or without one trailing
		// slash, and TSC asks for some that way (users.update builds
		// ".../users/{id}/"); "//" at the end or inside still names nothing.
		found, params, methodMismatch = s.lookup(req.Method, segs[:len(segs)-1], req.URL.Query())
	}
	if found != nil && exp && !found.exp {
		found, methodMismatch = nil, false
	}
	if found == nil {
		if methodMismatch {
			s.writeError(w, errf(http.StatusMethodNotAllowed, codeMethodNotAllow, "Method Not Allowed",
				"Request type %s is not allowed on %s.", req.Method, req.URL.Path))
			return
		}
		s.writeError(w, unknownResource(strings.TrimPrefix(req.URL.Path, "/api")))
		return
	}
	c := &call{ctx: req.Context(), req: req, version: v, params: params, query: req.URL.Query()}
	if !found.public {
		if err := s.authenticate(c); err != nil {
			s.writeError(w, err)
			return
		}
	}
	if req.Body != nil && req.Method != http.MethodGet && !found.stream {
		body, err := io.ReadAll(io.LimitReader(req.Body, maxBody+1))
		if err != nil {
			s.writeError(w, badRequest("The request body could not be read."))
			return
		}
		if len(body) > maxBody {
			s.writeError(w, errf(http.StatusRequestEntityTooLarge, "413000", "Payload Too Large",
				"The request body is larger than %d bytes.", maxBody))
			return
		}
		c.body = body
	}
	found.calls.Add(1)
	res, err := found.handler(c)
	if err != nil {
		s.writeError(w, err)
		return
	}
	s.writeResult(w, res)
}

// authenticate checks the X-Tableau-Auth token and, on a site path, that the
// session is on that site.
func (s *Server) authenticate(c *call) error {
	token := c.req.Header.Get("X-Tableau-Auth")
	if token == "" {
		return errf(http.StatusUnauthorized, codeNoCredentials, "Unauthorized Access", "No authentication credentials were provided.")
	}
	sess, err := s.store.sessionFor(c.ctx, token)
	if err != nil {
		return err
	}
	if sess == nil {
		return errf(http.StatusUnauthorized, codeInvalidToken, "Unauthorized Access",
			"Invalid authentication credentials were provided.")
	}
	c.sess, c.user = sess, sess.User
	if site, ok := c.params["site"]; ok && !strings.EqualFold(site, sess.User.SiteID) {
		return forbidden("User '%s' is authenticated for site '%s' and may not access or modify resources on site '%s'.",
			sess.User.Name, sess.User.SiteID, site)
	}
	return nil
}

// writeResult encodes a handler's answer, as XML or as JSON (negotiate.go).
func (s *Server) writeResult(w http.ResponseWriter, res result) {
	if res.file != nil {
		s.writeFile(w, res)
		return
	}
	if res.body == nil {
		w.WriteHeader(res.status)
		return
	}
	b, ct, err := encodeResponse(res.body, answersJSON(w))
	if err != nil {
		s.writeError(w, err)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(res.status)
	w.Write(b)
}

// writeError writes err as a Tableau error document, XML or JSON as the
// request asked ({"error": {"code", "summary", "detail"}}): an *apiError as it is,
// anything else as a 500 whose detail names no internals beyond the message.
func (s *Server) writeError(w http.ResponseWriter, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		if s.log != nil {
			s.log.Error("internal error", "error", err.Error())
		}
		ae = errf(http.StatusInternalServerError, codeInternal, "Internal Server Error", "The emulator failed: %v", err)
	}
	resp := tsc.NewTSResponse()
	resp.Error = &tsc.ErrorBody{Code: ae.Code, Summary: ae.Summary, Detail: ae.Detail}
	b, ct, encErr := encodeResponse(resp, answersJSON(w))
	if encErr != nil {
		http.Error(w, ae.Detail, ae.Status)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(ae.Status)
	w.Write(b)
}

// decode reads the request body as a <tsRequest>, refusing DTDs and
// entities, or as its JSON form (negotiate.go's jsonBody says which).
func (c *call) decode() (*tsc.TSRequest, error) {
	if len(bytes.TrimSpace(c.body)) == 0 {
		return nil, badRequest("The request body is missing.")
	}
	return decodeRequest(c.body, c.req.Header.Get("Content-Type"), "request body")
}

// decodeRequest decodes a <tsRequest> (a request body or a publish's
// request_payload part), or its JSON form when contentType or the body
// says JSON: a body past one of tsc.DecodeRequest's bounds on XML (depth,
// element count, attributes, sizes), or wirejson.RequestLimits on JSON, is
// refused with 400000 and a message naming the bound, like any other
// malformed body.
func decodeRequest(body []byte, contentType, what string) (*tsc.TSRequest, error) {
	if jsonBody(contentType, body) {
		return decodeJSONRequest(body, what)
	}
	req, err := tsc.DecodeRequest(body)
	var le *xmllimit.Error
	switch {
	case errors.As(err, &le):
		return nil, badRequest("The %s is refused: %v.", what, err)
	case err != nil:
		return nil, badRequest("The content of the %s is missing or incomplete, or contains malformed XML: %v", what, err)
	}
	return req, nil
}

// list parses the list parameters of the request against spec.
func (c *call) list(spec listSpec) (*listQuery, error) { return parseList(spec, c.query) }
