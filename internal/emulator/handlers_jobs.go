package emulator

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/tsc-go/tsc"
)

// advanceJobs moves the open jobs of a site ("" for all) along the clock:
// Pending for the first fifth of their duration, then InProgress with a
// rising progress, then done: Success (after their effect), or Failed when
// a fault was planted or the effect failed.
func (s *Server) advanceJobs(ctx context.Context, siteID string) {
	s.content.jobMu.Lock()
	defer s.content.jobMu.Unlock()
	jobs, err := s.store.openJobs(ctx, siteID)
	if err != nil {
		return
	}
	now := s.nowMS()
	for i := range jobs {
		j := &jobs[i]
		pending := j.DurationMS / 5
		started := j.CreatedMS + pending
		elapsed := now - j.CreatedMS
		switch {
		case elapsed < pending:
		case elapsed < j.DurationMS:
			progress := int((elapsed - pending) * 100 / max(j.DurationMS-pending, 1))
			if j.Status == jobPending {
				s.emitRefresh(ctx, j, "RefreshStarted")
			}
			s.store.setJobProgress(ctx, j, jobInProgress, min(progress, 99), started, now)
		default:
			s.completeJob(ctx, j, started, now)
		}
	}
}

// completeJob ends a job that has run its course.
func (s *Server) completeJob(ctx context.Context, j *jobRow, started, now int64) {
	if j.FailNotes.Valid {
		s.failJob(ctx, j, j.FailNotes.String, started, now)
		return
	}
	notes, err := s.jobEffect(ctx, j)
	if err != nil {
		notes := err.Error()
		var ae *apiError
		if errors.As(err, &ae) {
			notes = ae.Detail
		}
		s.failJob(ctx, j, notes, started, now)
		return
	}
	if done, _ := s.store.finishJob(ctx, s.store.db, j.ID, jobSuccess, tsc.JobSucceeded, notes, started, now); done {
		s.store.noteTaskRun(ctx, j.ID, true)
		s.emitStartedOnce(ctx, j)
		s.emitRefresh(ctx, j, "RefreshSucceeded")
		s.emitFlowCompleted(ctx, j)
	}
}

func (s *Server) failJob(ctx context.Context, j *jobRow, notes string, started, now int64) {
	if done, _ := s.store.finishJob(ctx, s.store.db, j.ID, jobFailed, tsc.JobFailed, notes, started, now); done {
		s.dropJobPayload(ctx, j)
		s.store.noteTaskRun(ctx, j.ID, false)
		s.stopDownstream(ctx, j.ID)
		s.emitStartedOnce(ctx, j)
		s.emitRefresh(ctx, j, "RefreshFailed")
	}
}

// dropJobPayload hands the file of a publish job that will not happen to
// the janitor.
func (s *Server) dropJobPayload(ctx context.Context, j *jobRow) {
	if j.Payload == "" || (j.Type != "PublishWorkbook" && j.Type != "PublishDatasource" && j.Type != "PublishFlow") {
		return
	}
	var pr publishRequest
	if json.Unmarshal([]byte(j.Payload), &pr) == nil {
		s.store.orphan(ctx, pr.Blob)
	}
}

// jobEffect does what a job is for: the publish it carries, or the
// refresh of its content (whose data the emulator does not have: the
// content is marked updated), or the extract work of extractJobEffect;
// it returns the notes the finished job reports.
func (s *Server) jobEffect(ctx context.Context, j *jobRow) (string, error) {
	if handled, notes, err := s.extractJobEffect(ctx, j); handled {
		return notes, err
	}
	if handled, notes, err := s.identityJobEffect(ctx, j); handled { // handlers_bulk_users.go
		return notes, err
	}
	switch j.Type {
	case jobRunFlow:
		return "", s.store.runFlowOutputs(ctx, j.ContentID)
	case "PublishWorkbook", "PublishDatasource", "PublishFlow":
		var pr publishRequest
		if err := json.Unmarshal([]byte(j.Payload), &pr); err != nil {
			return "", err
		}
		viewsBefore := s.viewsBefore(ctx, &pr)
		res, err := s.store.publish(ctx, &pr, nil)
		if err != nil {
			return "", err
		}
		s.emitPublished(ctx, &pr, res, viewsBefore)
		_, err = s.store.db.ExecContext(ctx, `UPDATE jobs SET content_id = ? WHERE id = ?`, res.ID, j.ID)
		return "", err
	case jobRefreshExtract, jobIncrementExtract:
		k := workbookKind
		if j.ContentType == datasourceKind.name {
			k = datasourceKind
		}
		set := "updated_at = ?"
		if k == workbookKind {
			set += ", data_generation = data_generation + 1" // its views' data moves on (handlers_data_alerts.go)
		}
		res, err := s.store.db.ExecContext(ctx, "UPDATE "+k.table+" SET "+set+" WHERE id = ?", s.store.nowString(), j.ContentID)
		if err != nil {
			return "", err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return "", errors.New("the " + k.name + " '" + j.ContentName + "' was deleted before its extract could be refreshed")
		}
		if k == workbookKind {
			return "", s.evaluateAlerts(ctx, j.ContentID, s.clock.now())
		}
	}
	return "", nil
}

// mayRefresh decides whether the caller may refresh the item's extract,
// now or on a schedule: those who may overwrite it (Write), or who have
// Tableau's newer Refresh Extracts capability (ExtractRefresh). Run-now,
// schedule and task routes ask it too, so one rule decides them all.
func (s *Server) mayRefresh(c *call, k contentKind, id string) (*contentFacts, error) {
	cf, err := s.store.contentFacts(c.ctx, s.store.db, k.permKind(), c.siteID(), id)
	if err != nil {
		return nil, err
	}
	if err := s.requireCapability(c, cf, tsc.CapRead); err != nil {
		return nil, err
	}
	if d, err := s.decideContent(c, cf, tsc.CapExtractRefresh); err != nil {
		return nil, err
	} else if !d.Allowed {
		if err := s.requireCapability(c, cf, tsc.CapWrite); err != nil {
			return nil, err
		}
	}
	return cf, nil
}

// startRefresh answers POST /workbooks/{id}/refresh and /datasources/{id}/refresh.
func (s *Server) startRefresh(c *call, k contentKind) (result, error) {
	cf, err := s.mayRefresh(c, k, c.param("id"))
	if err != nil {
		return result{}, err
	}
	ref, err := s.store.contentRef(c.ctx, s.store.db, k, c.siteID(), cf.ID)
	if err != nil {
		return result{}, err
	}
	var hasExtracts bool
	if err := s.store.db.QueryRowContext(c.ctx, "SELECT has_extracts FROM "+k.table+" WHERE id = ?", ref.ID).Scan(&hasExtracts); err != nil {
		return result{}, err
	}
	if !hasExtracts {
		return result{}, badRequest("The %s '%s' has no extract to refresh.", k.name, ref.Name)
	}
	incremental, err := refreshIsIncremental(c)
	if err != nil {
		return result{}, err
	}
	typ := jobRefreshExtract
	if incremental {
		typ = jobIncrementExtract
	}
	j, err := s.store.createJob(c.ctx, jobInput{SiteID: c.siteID(), Type: typ, ContentType: k.name, ContentID: ref.ID,
		ContentName: ref.Name, DurationMS: s.cfg.JobDuration.Milliseconds()}, s.nowMS())
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Job = renderJob(j)
	return result{status: http.StatusAccepted, body: resp}, nil
}

func (s *Server) refreshWorkbook(c *call) (result, error)   { return s.startRefresh(c, workbookKind) }
func (s *Server) refreshDatasource(c *call) (result, error) { return s.startRefresh(c, datasourceKind) }

// listJobs answers GET /sites/{site}/jobs (3.1): the site's background
// jobs, newest first, for administrators.
func (s *Server) listJobs(c *call) (result, error) {
	if err := s.authorize(c, actListJobs, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	lq, err := c.list(jobListSpec)
	if err != nil {
		return result{}, err
	}
	s.runDue(c.ctx)
	s.advanceJobs(c.ctx, c.siteID())
	rows, p, err := s.store.listJobs(c.ctx, c.siteID(), lq)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Pagination = &p
	resp.BackgroundJobs = &tsc.BackgroundJobList{Jobs: []tsc.BackgroundJob{}}
	for i := range rows {
		resp.BackgroundJobs.Jobs = append(resp.BackgroundJobs.Jobs, renderBackgroundJob(&rows[i]))
	}
	return ok(resp)
}

// getJob answers GET /sites/{site}/jobs/{id} with the job as it is now.
func (s *Server) getJob(c *call) (result, error) {
	s.runDue(c.ctx)
	s.advanceJobs(c.ctx, c.siteID())
	j, err := s.store.job(c.ctx, s.store.db, c.siteID(), c.param("id"))
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Job = renderJob(j)
	return ok(resp)
}

// cancelJob answers PUT /sites/{site}/jobs/{id} (3.1): a job not yet done
// ends Cancelled (finish code 2); a finished job is left as it is. The
// answer has no body, as Tableau's. Only administrators cancel jobs.
func (s *Server) cancelJob(c *call) (result, error) {
	if err := s.authorize(c, actCancelJob, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	s.advanceJobs(c.ctx, c.siteID())
	s.content.jobMu.Lock()
	defer s.content.jobMu.Unlock()
	j, err := s.store.job(c.ctx, s.store.db, c.siteID(), c.param("id"))
	if err != nil {
		return result{}, err
	}
	now := s.nowMS()
	if done, err := s.store.finishJob(c.ctx, s.store.db, j.ID, jobCancelled, tsc.JobCancelled, "Cancelled by "+c.user.Name+".",
		j.CreatedMS+j.DurationMS/5, now); err != nil {
		return result{}, err
	} else if done {
		s.dropJobPayload(c.ctx, j)
	}
	return result{status: http.StatusOK}, nil
}

// settleJob ends a job now, for the control endpoint: with success (its
// effect done) or failure (with notes).
func (s *Server) settleJob(ctx context.Context, id string, fail bool, notes string) error {
	s.content.jobMu.Lock()
	defer s.content.jobMu.Unlock()
	var siteID string
	if err := s.store.db.QueryRowContext(ctx, `SELECT site_id FROM jobs WHERE id = ?`, id).Scan(&siteID); err != nil {
		return jobNotFound(id)
	}
	j, err := s.store.job(ctx, s.store.db, siteID, id)
	if err != nil {
		return err
	}
	if j.Status != jobPending && j.Status != jobInProgress {
		return conflict(codeConflict, "Job '%s' has already ended (%s).", id, j.Status)
	}
	now := s.nowMS()
	started := min(j.CreatedMS+j.DurationMS/5, now)
	if fail {
		if notes == "" {
			notes = "Failed on request of the emulator's control endpoint."
		}
		s.failJob(ctx, j, notes, started, now)
		return nil
	}
	j.FailNotes.Valid = false
	s.completeJob(ctx, j, started, now)
	return nil
}
