package emulator

import (
	"encoding/json"
	"net/http"
	"strings"
)

// Route is one row of the routing table as tests see it: enough to call
// every endpoint (security tests walk them all) without the handlers.
type Route struct {
	Method string
	// Pattern is relative to /api/{version}/, e.g.
	// "sites/{site}/workbooks/{id}": {name} is one path segment, and
	// {site} a site id that must be the session's site.
	Pattern string
	// Public routes need no session (sign-in, server info).
	Public bool
	// Stream routes read their body themselves (publishing, file uploads).
	Stream bool
}

// Routes returns a copy of the routing table, in its order. A route added
// to apiRoutes appears here, so a test that walks Routes covers it.
func Routes() []Route {
	table := (&Server{}).apiRoutes()
	out := make([]Route, len(table))
	for i, rt := range table {
		out[i] = Route{Method: rt.method, Pattern: strings.Join(rt.pattern, "/"), Public: rt.public, Stream: rt.stream}
	}
	return out
}

// Handled is how many requests reached the handler of the route with the
// method and pattern (as Routes gives them) since the server started:
// requests refused before the handler (no session, another site, a body
// too large, a fault injected in front of the server) are not counted.
// Tests use it to prove that a request was sent once, e.g. a publish.
func (s *Server) Handled(method, pattern string) int64 {
	for _, rt := range s.routes {
		if rt.method == method && strings.Join(rt.pattern, "/") == pattern {
			return rt.calls.Load()
		}
	}
	return 0
}

// HandledCounts is Handled for every route that was reached, keyed
// "METHOD pattern".
func (s *Server) HandledCounts() map[string]int64 {
	out := map[string]int64{}
	for _, rt := range s.routes {
		if n := rt.calls.Load(); n > 0 {
			out[rt.method+" "+strings.Join(rt.pattern, "/")] = n
		}
	}
	return out
}

// serveStats answers GET /_emulator/stats with HandledCounts, as
// {"handled": {"POST sites/{site}/workbooks": 3, ...}}, and reports
// whether the request was for it.
func (s *Server) serveStats(w http.ResponseWriter, req *http.Request) bool {
	if req.URL.Path != "/_emulator/stats" || req.Method != http.MethodGet {
		return false
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]map[string]int64{"handled": s.HandledCounts()})
	return true
}
