package emulator

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// JobFault makes jobs fail: the next Count (default 1) jobs of a site
// that match Type ("RefreshExtract", "PublishWorkbook",
// "PublishDatasource"; "" for any), ContentID and ContentName ("" for
// any) end Failed (finish code 1) with Notes when their time is up.
type JobFault struct {
	Site        string `json:"site"` // the site's content URL; "" is the Default site (on Cloud, the Cloud site)
	Type        string `json:"type"`
	ContentID   string `json:"contentId"`
	ContentName string `json:"contentName"`
	Notes       string `json:"notes"`
	Count       int    `json:"count"`
}

// FailJobs plants a job fault, for tests of failed refreshes and publishes.
func (s *Server) FailJobs(ctx context.Context, f JobFault) error {
	siteID, err := s.siteIDFor(ctx, f.Site)
	if err != nil {
		return err
	}
	if _, ok := jobTypes[f.Type]; f.Type != "" && !ok {
		return fmt.Errorf("emulator: job type %q is not RefreshExtract, PublishWorkbook or PublishDatasource", f.Type)
	}
	if f.Notes == "" {
		f.Notes = "The job failed, as the emulator was told to make it fail."
	}
	return s.store.plantJobFault(ctx, siteID, f.Type, f.ContentID, f.ContentName, f.Notes, f.Count)
}

// FinishJob ends a running job now, successfully (its effect done).
func (s *Server) FinishJob(ctx context.Context, id string) error {
	return s.settleJob(ctx, id, false, "")
}

// FailJob ends a running job now, failed with notes.
func (s *Server) FailJob(ctx context.Context, id, notes string) error {
	return s.settleJob(ctx, id, true, notes)
}

// serveContentControl answers the job control endpoints and reports
// whether the request was one of them:
//
//	POST /_emulator/jobs/faults      a JobFault in JSON
//	POST /_emulator/jobs/{id}/finish end the job now, successfully
//	POST /_emulator/jobs/{id}/fail   end the job now, failed; body {"notes": "..."} (optional)
func (s *Server) serveContentControl(w http.ResponseWriter, req *http.Request) bool {
	rest, ok := strings.CutPrefix(req.URL.Path, "/_emulator/jobs/")
	if !ok || req.Method != http.MethodPost {
		return false
	}
	reply := func(err error) {
		w.Header().Set("Content-Type", "application/json")
		if err == nil {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		status := http.StatusBadRequest
		var ae *apiError
		if errors.As(err, &ae) {
			status = ae.Status
		}
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]string{"error": err.Error()})
	}
	decode := func(v any) error {
		dec := json.NewDecoder(io.LimitReader(req.Body, maxBody))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil && err != io.EOF {
			return fmt.Errorf("malformed request: %w", err)
		}
		return nil
	}
	ctx := req.Context()
	switch id, verb, _ := strings.Cut(rest, "/"); {
	case rest == "faults":
		var f JobFault
		err := decode(&f)
		if err == nil {
			err = s.FailJobs(ctx, f)
		}
		reply(err)
	case verb == "finish":
		reply(s.FinishJob(ctx, id))
	case verb == "fail":
		var body struct {
			Notes string `json:"notes"`
		}
		err := decode(&body)
		if err == nil {
			err = s.FailJob(ctx, id, body.Notes)
		}
		reply(err)
	default:
		return false
	}
	return true
}
