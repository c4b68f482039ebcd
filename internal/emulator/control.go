package emulator

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/tsc-go/tsc"
)

// SeedRequest is the JSON body of POST /_emulator/seed: content to create
// directly, for tests that drive the emulator from outside the process.
// Users, group members and owners are named by user name; sites by content URL.
type SeedRequest struct {
	Sites []struct {
		Name       string `json:"name"`
		ContentURL string `json:"contentUrl"`
	} `json:"sites"`
	Users []struct {
		Site     string `json:"site"`
		Name     string `json:"name"`
		SiteRole string `json:"siteRole"`
		Password string `json:"password"`
	} `json:"users"`
	Groups []struct {
		Site    string   `json:"site"`
		Name    string   `json:"name"`
		Members []string `json:"members"`
	} `json:"groups"`
	Projects []struct {
		Site  string `json:"site"`
		Name  string `json:"name"`
		Owner string `json:"owner"`
	} `json:"projects"`
}

// SeedResult maps what was created to its ids.
type SeedResult struct {
	Sites    map[string]string `json:"sites"`
	Users    map[string]string `json:"users"`
	Groups   map[string]string `json:"groups"`
	Projects map[string]string `json:"projects"`
}

// serveControl answers /_emulator/: reset, seed and health, in JSON. They
// need no session: they are for the test harness, not for clients, and
// control.Guard, in front, has checked the harness's control token.
func (s *Server) serveControl(w http.ResponseWriter, req *http.Request) {
	writeJSON := func(status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(v)
	}
	fail := func(status int, err error) { writeJSON(status, map[string]string{"error": err.Error()}) }
	switch {
	case req.URL.Path == "/_emulator/health" && req.Method == http.MethodGet:
		writeJSON(http.StatusOK, map[string]string{"status": "ok", "restApiVersion": s.version.String()})
	case req.URL.Path == "/_emulator/reset" && req.Method == http.MethodPost:
		if err := s.Reset(req.Context(), s.admin); err != nil {
			fail(http.StatusInternalServerError, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	case req.URL.Path == "/_emulator/seed" && req.Method == http.MethodPost:
		var sr SeedRequest
		dec := json.NewDecoder(io.LimitReader(req.Body, maxBody))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&sr); err != nil {
			fail(http.StatusBadRequest, fmt.Errorf("malformed seed request: %w", err))
			return
		}
		res, err := s.seed(req, &sr)
		if err != nil {
			fail(http.StatusBadRequest, err)
			return
		}
		writeJSON(http.StatusOK, res)
	case s.serveContentControl(w, req):
	case s.serveClockControl(w, req):
	case s.serveAlertControl(w, req):
	case s.serveCustomViewControl(w, req):
	case s.serveWebhookControl(w, req):
	case s.serveStats(w, req):
	default:
		fail(http.StatusNotFound, fmt.Errorf("no control endpoint %s %s (have GET /_emulator/health, POST /_emulator/reset, POST /_emulator/seed, POST /_emulator/jobs/..., GET|POST /_emulator/clock, GET|DELETE /_emulator/outbox, POST /_emulator/dataAlerts, POST /_emulator/customViews, GET|DELETE /_emulator/webhooks/deliveries, PUT /_emulator/webhooks/allow)", req.Method, req.URL.Path))
	}
}

func (s *Server) seed(req *http.Request, sr *SeedRequest) (*SeedResult, error) {
	ctx := req.Context()
	res := &SeedResult{Sites: map[string]string{}, Users: map[string]string{}, Groups: map[string]string{}, Projects: map[string]string{}}
	for _, st := range sr.Sites {
		site, err := s.SeedSite(ctx, tsc.Site{Name: st.Name, ContentURL: st.ContentURL})
		if err != nil {
			return res, fmt.Errorf("site %q: %w", st.ContentURL, err)
		}
		res.Sites[st.ContentURL] = site.ID
	}
	userID := func(site, name string) (string, error) {
		siteID, err := s.siteIDFor(ctx, site)
		if err != nil {
			return "", err
		}
		u, err := s.store.siteUserByName(ctx, s.store.db, siteID, name)
		if err != nil {
			return "", fmt.Errorf("no user %q on site %q", name, site)
		}
		return u.ID, nil
	}
	for _, u := range sr.Users {
		role := tsc.SiteRole(u.SiteRole)
		if role == "" {
			role = tsc.SiteRoleViewer
		}
		user, err := s.SeedUser(ctx, u.Site, u.Name, role, u.Password)
		if err != nil {
			return res, fmt.Errorf("user %q: %w", u.Name, err)
		}
		res.Users[u.Name] = user.ID
	}
	for _, g := range sr.Groups {
		var ids []string
		for _, m := range g.Members {
			id, err := userID(g.Site, m)
			if err != nil {
				return res, fmt.Errorf("group %q: %w", g.Name, err)
			}
			ids = append(ids, id)
		}
		group, err := s.SeedGroup(ctx, g.Site, g.Name, ids...)
		if err != nil {
			return res, fmt.Errorf("group %q: %w", g.Name, err)
		}
		res.Groups[g.Name] = group.ID
	}
	for _, p := range sr.Projects {
		owner := ""
		if p.Owner != "" {
			id, err := userID(p.Site, p.Owner)
			if err != nil {
				return res, fmt.Errorf("project %q: %w", p.Name, err)
			}
			owner = id
		}
		proj, err := s.SeedProject(ctx, p.Site, p.Name, "", owner)
		if err != nil {
			return res, fmt.Errorf("project %q: %w", p.Name, err)
		}
		res.Projects[p.Name] = proj.ID
	}
	return res, nil
}

// serveSeed answers POST path with a seed of type T in JSON (unknown fields
// refused, the body bounded by maxBody): 201 {"id": ...} once seed made it,
// 400 {"error": ...} naming what is wrong otherwise. It reports whether the
// request was for path. Seeds of what Tableau makes only in its web UI
// (data alerts, custom views) go through it.
func serveSeed[T any](w http.ResponseWriter, req *http.Request, path, what string, seed func(context.Context, T) (string, error)) bool {
	if req.URL.Path != path || req.Method != http.MethodPost {
		return false
	}
	w.Header().Set("Content-Type", "application/json")
	var in T
	dec := json.NewDecoder(io.LimitReader(req.Body, maxBody))
	dec.DisallowUnknownFields()
	err := dec.Decode(&in)
	if err != nil {
		err = fmt.Errorf("malformed %s: %w", what, err)
	}
	var id string
	if err == nil {
		id, err = seed(req.Context(), in)
	}
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(map[string]string{"error": err.Error()})
		return true
	}
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(map[string]string{"id": id})
	return true
}
