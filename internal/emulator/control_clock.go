package emulator

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// ClockRequest is the JSON body of POST /_emulator/clock: how far to move
// the server's clock forward, as a Go duration ("90m", "168h").
type ClockRequest struct {
	Advance string `json:"advance"`
}

// ClockState is the answer of GET and POST /_emulator/clock.
type ClockState struct {
	Now time.Time `json:"now"`
}

// serveClockControl answers the clock and outbox control endpoints:
//
//	GET    /_emulator/clock   the server's time
//	POST   /_emulator/clock   {"advance": "24h"}: move it on, running what falls due
//	GET    /_emulator/outbox  {"messages": [...]}: what the server would have sent
//	DELETE /_emulator/outbox  empty the outbox
func (s *Server) serveClockControl(w http.ResponseWriter, req *http.Request) bool {
	writeJSON := func(status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(v)
	}
	fail := func(status int, err error) { writeJSON(status, map[string]string{"error": err.Error()}) }
	ctx := req.Context()
	switch {
	case req.URL.Path == "/_emulator/clock" && req.Method == http.MethodGet:
		writeJSON(http.StatusOK, ClockState{Now: s.Now()})
	case req.URL.Path == "/_emulator/clock" && req.Method == http.MethodPost:
		var cr ClockRequest
		dec := json.NewDecoder(io.LimitReader(req.Body, maxBody))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&cr); err != nil {
			fail(http.StatusBadRequest, fmt.Errorf("malformed clock request: %w", err))
			return true
		}
		d, err := time.ParseDuration(cr.Advance)
		if err != nil {
			fail(http.StatusBadRequest, fmt.Errorf("advance %q is not a duration such as 90m or 168h", cr.Advance))
			return true
		}
		if err := s.Advance(ctx, d); err != nil {
			fail(http.StatusBadRequest, err)
			return true
		}
		writeJSON(http.StatusOK, ClockState{Now: s.Now()})
	case req.URL.Path == "/_emulator/outbox" && req.Method == http.MethodGet:
		msgs, err := s.Outbox(ctx)
		if err != nil {
			fail(http.StatusInternalServerError, err)
			return true
		}
		writeJSON(http.StatusOK, map[string]any{"messages": msgs})
	case req.URL.Path == "/_emulator/outbox" && req.Method == http.MethodDelete:
		if err := s.ClearOutbox(ctx); err != nil {
			fail(http.StatusInternalServerError, err)
			return true
		}
		w.WriteHeader(http.StatusNoContent)
	default:
		return false
	}
	return true
}
