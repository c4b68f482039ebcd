package emulator

import (
	"context"
	"database/sql"
	"time"

	"github.com/google/uuid"
	"github.com/tsc-go/tsc"
)

// Job statuses, as the site's job list writes them.
const (
	jobPending    = "Pending"
	jobInProgress = "InProgress"
	jobSuccess    = "Success"
	jobFailed     = "Failed"
	jobCancelled  = "Cancelled"
)

// jobTypes maps a job's type to its name in the site's job list.
var jobTypes = map[string]string{
	"RefreshExtract": "refresh_extracts",
	// The names of extract jobs other than a full refresh follow Tableau's
	// background task names (IncrementExtracts, ...) in the same snake case.
	jobIncrementExtract:  "increment_extracts",
	jobCreateExtract:     "create_extracts",
	jobDeleteExtract:     "delete_extracts",
	jobEncryptExtracts:   "encrypt_extracts",
	jobDecryptExtracts:   "decrypt_extracts",
	jobReencryptExtracts: "reencrypt_extracts",
	"RunFlow":            "run_flow",
	"PublishWorkbook":    "publish_workbook",
	"PublishDatasource":  "publish_datasource",
	"PublishFlow":        "publish_flow",
}

// jobRow is a background job as stored.
type jobRow struct {
	ID, SiteID, Type, JobType           string
	ContentType, ContentID, ContentName string
	CreatedMS, UpdatedMS, DurationMS    int64
	StartedMS, CompletedMS              sql.NullInt64
	Status                              string
	Progress                            int
	FinishCode                          sql.NullInt64
	Notes                               string
	FailNotes                           sql.NullString
	Payload                             string
	Priority                            int
}

const jobCols = `j.id, j.site_id, j.type, j.job_type, j.content_type, j.content_id, j.content_name, j.created_ms, j.updated_ms,
	j.duration_ms, j.started_ms, j.completed_ms, j.status, j.progress, j.finish_code, j.notes, j.fail_notes, j.payload, j.priority`

func scanJob(sc interface{ Scan(...any) error }) (*jobRow, error) {
	var r jobRow
	err := sc.Scan(&r.ID, &r.SiteID, &r.Type, &r.JobType, &r.ContentType, &r.ContentID, &r.ContentName, &r.CreatedMS, &r.UpdatedMS,
		&r.DurationMS, &r.StartedMS, &r.CompletedMS, &r.Status, &r.Progress, &r.FinishCode, &r.Notes, &r.FailNotes, &r.Payload, &r.Priority)
	return &r, err
}

// jobInput is a job to create.
type jobInput struct {
	SiteID, Type                        string
	ContentType, ContentID, ContentName string
	Payload                             string
	DurationMS                          int64
}

// createJob records a pending job. A fault planted for jobs like it (see
// plantJobFault) makes it fail when it ends.
func (s *Store) createJob(ctx context.Context, in jobInput, nowMS int64) (*jobRow, error) {
	var id string
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.createJobTx(ctx, tx, in, nowMS)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.job(ctx, s.db, in.SiteID, id)
}

// createJobTx records a pending job inside tx, for work that creates jobs
// along with other changes (the scheduler), and returns its id.
func (s *Store) createJobTx(ctx context.Context, tx *sql.Tx, in jobInput, nowMS int64) (string, error) {
	id := uuid.NewString()
	err := func() error {
		var faultID int64
		var notes sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT id, notes FROM job_faults WHERE site_id = ? AND type IN ('', ?)
			AND content_id IN ('', ?) AND content_name IN ('', ?) ORDER BY id LIMIT 1`,
			in.SiteID, in.Type, in.ContentID, in.ContentName).Scan(&faultID, &notes)
		if err != nil && !isNoRows(err) {
			return err
		}
		if err == nil {
			if _, err := tx.ExecContext(ctx, `UPDATE job_faults SET remaining = remaining - 1 WHERE id = ?`, faultID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM job_faults WHERE id = ? AND remaining <= 0`, faultID); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO jobs (id, site_id, type, job_type, content_type, content_id, content_name, created_ms,
			updated_ms, duration_ms, status, fail_notes, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, in.SiteID, in.Type, jobTypes[in.Type], in.ContentType, in.ContentID, in.ContentName, nowMS, nowMS, max(in.DurationMS, 1),
			jobPending, notes, in.Payload)
		return err
	}()
	return id, err
}

func (s *Store) job(ctx context.Context, q queryer, siteID, id string) (*jobRow, error) {
	r, err := scanJob(q.QueryRowContext(ctx, "SELECT "+jobCols+" FROM jobs j WHERE j.site_id = ? AND j.id = ?", siteID, id))
	if isNoRows(err) {
		return nil, jobNotFound(id)
	}
	return r, err
}

// openJobs lists the jobs not yet done, of a site or ("") of all sites.
func (s *Store) openJobs(ctx context.Context, siteID string) ([]jobRow, error) {
	q := "SELECT " + jobCols + " FROM jobs j WHERE j.status IN ('Pending', 'InProgress')"
	var args []any
	if siteID != "" {
		q += " AND j.site_id = ?"
		args = append(args, siteID)
	}
	rows, err := s.db.QueryContext(ctx, q+" ORDER BY j.created_ms", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []jobRow
	for rows.Next() {
		r, err := scanJob(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// setJobProgress moves an open job to a status and progress.
func (s *Store) setJobProgress(ctx context.Context, j *jobRow, status string, progress int, startedMS, nowMS int64) error {
	_, err := s.db.ExecContext(ctx, `UPDATE jobs SET status = ?, progress = ?, started_ms = coalesce(started_ms, ?), updated_ms = ?
		WHERE id = ? AND status IN ('Pending', 'InProgress')`, status, progress, startedMS, nowMS, j.ID)
	return err
}

// finishJob ends an open job with a status, finish code and notes; it
// reports false when the job had already ended (cancelled meanwhile).
func (s *Store) finishJob(ctx context.Context, q queryer, id, status string, code int, notes string, startedMS, nowMS int64) (bool, error) {
	progress := 100
	if status == jobCancelled {
		progress = -1 // keep what it was
	}
	res, err := q.ExecContext(ctx, `UPDATE jobs SET status = ?, finish_code = ?, notes = ?, progress = CASE WHEN ? < 0 THEN progress ELSE ? END,
		started_ms = coalesce(started_ms, ?), completed_ms = ?, updated_ms = ? WHERE id = ? AND status IN ('Pending', 'InProgress')`,
		status, code, notes, progress, progress, startedMS, nowMS, nowMS, id)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// plantJobFault makes the next count jobs of the site that match fail with
// notes; empty type, content id or name match any.
func (s *Store) plantJobFault(ctx context.Context, siteID, jobType, contentID, contentName, notes string, count int) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO job_faults (site_id, type, content_id, content_name, notes, remaining) VALUES (?, ?, ?, ?, ?, ?)`,
		siteID, jobType, contentID, contentName, notes, max(count, 1))
	return err
}

// jobListSpec has the job fields of the REST API's filter reference that
// the emulator keeps.
var jobListSpec = listSpec{
	resource: "jobs",
	fields: map[string]field{
		"status":      {expr: "j.status", ops: opsEnum, sortable: true},
		"jobType":     {expr: "j.job_type", ops: opsEnum, sortable: true},
		"createdAt":   {expr: msTime("j.created_ms"), kind: kindTime, ops: opsTime, sortable: true},
		"startedAt":   {expr: msTime("j.started_ms"), kind: kindTime, ops: opsTime, sortable: true},
		"completedAt": {expr: msTime("j.completed_ms"), kind: kindTime, ops: opsTime, sortable: true},
		"progress":    {expr: "j.progress", kind: kindInt, ops: opsNumber, sortable: true},
		"priority":    {expr: "j.priority", kind: kindInt, ops: opsNumber, sortable: true},
		"title":       {expr: "j.content_name", ops: opsName, sortable: true},
		"subtitle":    {expr: jobSubtitleSQL, ops: opsEnum, sortable: true},
		"notes":       {expr: "j.notes", ops: opsName},
	},
	order: "j.rowid",
}

// msTime turns a Unix-milliseconds column into the time text filters compare.
func msTime(col string) string {
	return "strftime('%Y-%m-%dT%H:%M:%SZ', " + col + " / 1000, 'unixepoch')"
}

const jobSubtitleSQL = "(CASE j.content_type WHEN 'workbook' THEN 'Workbook' WHEN 'datasource' THEN 'Data Source' WHEN 'flow' THEN 'Flow' ELSE '' END)"

func (s *Store) listJobs(ctx context.Context, siteID string, lq *listQuery) ([]jobRow, tsc.Pagination, error) {
	var out []jobRow
	p, err := s.list(ctx, s.db, jobCols, "FROM jobs j WHERE j.site_id = ?", []any{siteID}, lq, func(rows *sql.Rows) error {
		r, err := scanJob(rows)
		if err == nil {
			out = append(out, *r)
		}
		return err
	})
	return out, p, err
}

func msToTime(ms sql.NullInt64) tsc.Time {
	if !ms.Valid {
		return tsc.Time{}
	}
	return tsc.NewTime(time.UnixMilli(ms.Int64).Truncate(time.Second))
}

func subtitleOf(contentType string) string {
	switch contentType {
	case "workbook":
		return "Workbook"
	case "datasource":
		return "Data Source"
	case "flow":
		return "Flow"
	}
	return ""
}

// renderJob writes a job as Get Job (and the calls that start one) answer.
func renderJob(j *jobRow) *tsc.Job {
	progress := j.Progress
	out := &tsc.Job{
		ID: j.ID, Mode: "Asynchronous", Type: wireJobType(j.Type), Progress: &progress,
		CreatedAt:   msToTime(sql.NullInt64{Int64: j.CreatedMS, Valid: true}),
		StartedAt:   msToTime(j.StartedMS),
		CompletedAt: msToTime(j.CompletedMS),
	}
	if j.Status != jobPending {
		out.UpdatedAt = msToTime(sql.NullInt64{Int64: j.UpdatedMS, Valid: true})
	}
	if j.FinishCode.Valid {
		code := int(j.FinishCode.Int64)
		out.FinishCode = &code
	}
	switch {
	case out.Type == jobRefreshExtract:
		out.ExtractRefreshJob = &tsc.ExtractRefreshJob{Notes: j.Notes}
		if j.ContentType == "workbook" {
			out.ExtractRefreshJob.Workbook = &tsc.Workbook{ID: j.ContentID, Name: j.ContentName}
		} else {
			out.ExtractRefreshJob.Datasource = &tsc.Datasource{ID: j.ContentID, Name: j.ContentName}
		}
	case out.Type == jobRunFlow:
		// The job's payload is the id of the run it is (store_flows.go).
		out.RunFlowJob = &tsc.RunFlowJob{FlowRunID: j.Payload, Notes: j.Notes, Flow: &tsc.Flow{ID: j.ContentID, Name: j.ContentName}}
	case identityStatusNotes(j) != nil: // handlers_bulk_users.go
		out.StatusNotes = identityStatusNotes(j)
	case j.Notes != "":
		out.StatusNotes = &tsc.StatusNoteList{Notes: []tsc.StatusNote{{Type: "Notes", Text: j.Notes}}}
	}
	return out
}

// renderBackgroundJob writes a job as the site's job list shows it.
func renderBackgroundJob(j *jobRow) tsc.BackgroundJob {
	priority := j.Priority
	return tsc.BackgroundJob{
		ID: j.ID, Status: j.Status, JobType: j.JobType, Priority: &priority,
		CreatedAt: msToTime(sql.NullInt64{Int64: j.CreatedMS, Valid: true}),
		StartedAt: msToTime(j.StartedMS),
		EndedAt:   msToTime(j.CompletedMS),
		Title:     j.ContentName,
		Subtitle:  subtitleOf(j.ContentType),
	}
}
