package tsc

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Job is an asynchronous server task: an extract refresh, a publish run as
// a job, a group import, a data upload. Start one, then follow it with
// [JobsService.Get] or [JobsService.Wait].
type Job struct {
	ID   string `xml:"id,attr"`
	Mode string `xml:"mode,attr,omitempty"`
	// Type is e.g. "RefreshExtract", "PublishWorkbook", "PublishDatasource", "GroupSync".
	Type string `xml:"type,attr,omitempty"`
	// Progress is a percentage.
	Progress    *int `xml:"progress,attr,omitempty"`
	CreatedAt   Time `xml:"createdAt,attr"`
	StartedAt   Time `xml:"startedAt,attr"`
	UpdatedAt   Time `xml:"updatedAt,attr"`
	CompletedAt Time `xml:"completedAt,attr"`
	// FinishCode is JobSucceeded, JobFailed or JobCancelled once the job is done.
	FinishCode            *int                   `xml:"finishCode,attr,omitempty"`
	StatusNotes           *StatusNoteList        `xml:"statusNotes,omitempty"`
	UpdateUploadedFileJob *UpdateUploadedFileJob `xml:"updateUploadedFileJob,omitempty"`
	ExtractRefreshJob     *ExtractRefreshJob     `xml:"extractRefreshJob,omitempty"`
	SubscriptionJob       *SubscriptionJob       `xml:"subscriptionJobType,omitempty"`
	ExtractCreationJob    *ExtractCreationJob    `xml:"extractCreationJob,omitempty"`
	ThumbnailsRefreshJob  *ThumbnailsRefreshJob  `xml:"thumbnailsRefreshJob,omitempty"`
	RunFlowJob            *RunFlowJob            `xml:"runFlowJobType,omitempty"`
}

// SubscriptionJob is a job that sends a subscription.
type SubscriptionJob struct {
	Notes               string `xml:"notes,omitempty"`
	SubscriptionID      string `xml:"subscriptionId,omitempty"`
	SubscriptionSubject string `xml:"subscriptionSubject,omitempty"`
}

// ExtractCreationJob is a job that creates (or removes) the extracts of a
// workbook or data source.
type ExtractCreationJob struct {
	Notes      string      `xml:"notes,omitempty"`
	Workbook   *Workbook   `xml:"workbook,omitempty"`
	Datasource *Datasource `xml:"datasource,omitempty"`
	JobLUID    string      `xml:"jobLuid,omitempty"`
}

// ThumbnailsRefreshJob is a job that renders a workbook's thumbnails again.
type ThumbnailsRefreshJob struct {
	JobLUID  string    `xml:"jobLuid,omitempty"`
	Workbook *Workbook `xml:"workbook,omitempty"`
}

// The finish codes of a completed job.
const (
	JobSucceeded = 0
	JobFailed    = 1
	JobCancelled = 2
)

// StatusNoteList is the <statusNotes> element of a job.
type StatusNoteList struct {
	Notes []StatusNote `xml:"statusNote"`
}

// StatusNote is a count or remark a job reports, e.g. CountOfUsersAddedToGroup.
type StatusNote struct {
	Type  string `xml:"type,attr"`
	Value string `xml:"value,attr,omitempty"`
	Text  string `xml:"text,attr,omitempty"`
}

// ExtractRefreshJob says what an extract refresh job refreshes and, when it
// failed, why.
type ExtractRefreshJob struct {
	Notes      string      `xml:"notes,omitempty"`
	Datasource *Datasource `xml:"datasource,omitempty"`
	// View is the view of a data acceleration refresh.
	View     *View     `xml:"view,omitempty"`
	Workbook *Workbook `xml:"workbook,omitempty"`
	// VirtualConnection is the virtual connection whose extracts are refreshed.
	VirtualConnection *VirtualConnection `xml:"virtualConnection,omitempty"`
}

// UpdateUploadedFileJob is a job that replaces data in a published data source.
type UpdateUploadedFileJob struct {
	Datasource     *Datasource `xml:"datasource,omitempty"`
	ConnectionLUID string      `xml:"connectionLuid,omitempty"`
	Notes          string      `xml:"notes,omitempty"`
}

// Done reports whether the job has completed, successfully or not.
func (j *Job) Done() bool { return !j.CompletedAt.IsZero() }

// Notes gathers the job's notes: the failure reason of a refresh or upload
// and the text of its status notes.
func (j *Job) Notes() []string {
	var out []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	if j.ExtractRefreshJob != nil {
		add(j.ExtractRefreshJob.Notes)
	}
	if j.UpdateUploadedFileJob != nil {
		add(j.UpdateUploadedFileJob.Notes)
	}
	if j.StatusNotes != nil {
		for _, n := range j.StatusNotes.Notes {
			add(n.Text)
		}
	}
	return out
}

// BackgroundJob is a job as the site's job list shows it.
type BackgroundJob struct {
	ID string `xml:"id,attr"`
	// Status is "Pending", "InProgress", "Success", "Failed" or "Cancelled".
	Status    string `xml:"status,attr,omitempty"`
	CreatedAt Time   `xml:"createdAt,attr"`
	StartedAt Time   `xml:"startedAt,attr"`
	EndedAt   Time   `xml:"endedAt,attr"`
	Priority  *int   `xml:"priority,attr,omitempty"`
	// JobType is e.g. "refresh_extracts", "single_subscription_notify".
	JobType  string `xml:"jobType,attr,omitempty"`
	Title    string `xml:"title,attr,omitempty"`
	Subtitle string `xml:"subtitle,attr,omitempty"`
}

// BackgroundJobList is the <backgroundJobs> element.
type BackgroundJobList struct {
	Jobs []BackgroundJob `xml:"backgroundJob"`
}

// Errors a finished job is tested with, through errors.Is on a *JobError.
var (
	ErrJobFailed    = errors.New("tsc: job failed")
	ErrJobCancelled = errors.New("tsc: job cancelled")
)

// JobError is what [JobsService.Wait] returns for a job that finished
// without success. Job is the job as last seen; Notes are its notes, which
// usually say why.
type JobError struct {
	Job   *Job
	Notes []string
}

// Error names the job, how it ended, and its notes (shortened).
func (e *JobError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "tsc: job %s", e.Job.ID)
	if e.Job.Type != "" {
		fmt.Fprintf(&b, " (%s)", e.Job.Type)
	}
	switch code := e.code(); code {
	case JobFailed:
		b.WriteString(" failed")
	case JobCancelled:
		b.WriteString(" was cancelled")
	default:
		fmt.Fprintf(&b, " ended with finish code %d", code)
	}
	if len(e.Notes) > 0 {
		n := oneLine(strings.Join(e.Notes, "; "))
		if len(n) > 500 {
			n = strings.ToValidUTF8(n[:500], "") + "..."
		}
		b.WriteString(": " + n)
	}
	return b.String()
}

func (e *JobError) code() int {
	if e.Job == nil || e.Job.FinishCode == nil {
		return -1
	}
	return *e.Job.FinishCode
}

// Is matches ErrJobCancelled for a cancelled job and ErrJobFailed for any
// other unsuccessful end.
func (e *JobError) Is(target error) bool {
	switch target {
	case ErrJobCancelled:
		return e.code() == JobCancelled
	case ErrJobFailed:
		return e.code() != JobCancelled
	}
	return false
}

// JobsService follows and cancels the asynchronous jobs of the current site.
type JobsService service

func pickBackgroundJobs(r *TSResponse) []BackgroundJob {
	if r.BackgroundJobs == nil {
		return nil
	}
	return r.BackgroundJobs.Jobs
}

// List returns one page of the site's jobs. Filters include status,
// jobType, createdAt, startedAt, completedAt, progress, title and notes.
//
// REST: GET /api/{v}/sites/{site-id}/jobs (3.1).
func (s *JobsService) List(ctx context.Context, opts ListOptions) ([]BackgroundJob, Pagination, error) {
	lc, err := siteList(s.client, "Jobs.List", Version{3, 1}, "jobs", pickBackgroundJobs)
	if err != nil {
		return nil, Pagination{}, err
	}
	return lc.page(ctx, s.client, opts)
}

// All iterates every job of the site.
//
// REST: GET /api/{v}/sites/{site-id}/jobs (3.1).
func (s *JobsService) All(ctx context.Context, opts ListOptions) iter.Seq2[BackgroundJob, error] {
	lc, err := siteList(s.client, "Jobs.All", Version{3, 1}, "jobs", pickBackgroundJobs)
	if err != nil {
		return errSeq[BackgroundJob](err)
	}
	return lc.all(ctx, s.client, opts)
}

// Get returns the job with the given id, with its progress and, once
// done, its finish code and notes.
//
// REST: GET /api/{v}/sites/{site-id}/jobs/{id} (2.6).
func (s *JobsService) Get(ctx context.Context, id string) (*Job, error) {
	if id == "" {
		return nil, errors.New("tsc: Jobs.Get: empty job id")
	}
	resp, err := s.client.getSite(ctx, "Jobs.Get", Version{2, 6}, "jobs/"+url.PathEscape(id), nil)
	if err != nil {
		return nil, err
	}
	if resp.Job == nil {
		return nil, errors.New("tsc: Jobs.Get: the answer has no <job>")
	}
	return resp.Job, nil
}

// Cancel asks the server to cancel the job. A job that has already finished
// is not changed.
//
// REST: PUT /api/{v}/sites/{site-id}/jobs/{id} (3.1).
func (s *JobsService) Cancel(ctx context.Context, id string) error {
	if id == "" {
		return errors.New("tsc: Jobs.Cancel: empty job id")
	}
	path, err := s.client.sitePath("jobs/" + url.PathEscape(id))
	if err != nil {
		return err
	}
	_, err = s.client.call(ctx, &request{name: "Jobs.Cancel", minVersion: Version{3, 1}, method: http.MethodPut, path: path, auth: true})
	return err
}

// WaitOptions sets how [JobsService.Wait] polls. The zero value polls after
// 500 ms, then doubles the wait up to 30 s.
type WaitOptions struct {
	MinInterval time.Duration
	MaxInterval time.Duration
	// OnPoll, when set, sees the job after every poll (to show progress, say).
	OnPoll func(*Job)
}

// Default polling of [JobsService.Wait].
const (
	DefaultWaitMinInterval = 500 * time.Millisecond
	DefaultWaitMaxInterval = 30 * time.Second
)

// Wait polls the job until it completes and returns it. A job that fails or
// is cancelled gives a *JobError (errors.Is ErrJobFailed or ErrJobCancelled)
// with the job's notes. Wait gives up when ctx is done, returning the
// context's error.
//
// REST: GET /api/{v}/sites/{site-id}/jobs/{id} (2.6), repeatedly.
func (s *JobsService) Wait(ctx context.Context, id string, opts WaitOptions) (*Job, error) {
	if id == "" {
		return nil, errors.New("tsc: Jobs.Wait: empty job id")
	}
	if opts.MinInterval < 0 || opts.MaxInterval < 0 {
		return nil, errors.New("tsc: Jobs.Wait: negative polling interval")
	}
	wait := opts.MinInterval
	if wait == 0 {
		wait = DefaultWaitMinInterval
	}
	ceiling := opts.MaxInterval
	if ceiling == 0 {
		ceiling = DefaultWaitMaxInterval
	}
	ceiling = max(ceiling, wait)
	for {
		job, err := s.Get(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("tsc: Jobs.Wait: %w", err)
		}
		if opts.OnPoll != nil {
			opts.OnPoll(job)
		}
		if job.Done() {
			// A completed job without a finish code reported no failure.
			if job.FinishCode == nil || *job.FinishCode == JobSucceeded {
				return job, nil
			}
			return job, &JobError{Job: job, Notes: job.Notes()}
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return job, fmt.Errorf("tsc: Jobs.Wait: job %s not done (progress %s): %w", id, progressText(job), ctx.Err())
		case <-t.C:
		}
		wait = min(wait*2, ceiling)
	}
}

func progressText(j *Job) string {
	if j.Progress == nil {
		return "unknown"
	}
	return fmt.Sprintf("%d%%", *j.Progress)
}
