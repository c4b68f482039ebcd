package tsc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"time"
)

// FlowsService publishes, downloads, runs and manages the Tableau Prep
// flows of the current site. Its verbs are the shared content verbs
// (content.go) over flowContent; runs are in [FlowRunsService].
type FlowsService service

// FlowRunsService reads and cancels the runs of the site's flows.
type FlowRunsService service

// flowPublishKind is how flows are published: a .tfl or a .tflx, both zip
// archives, in a tableau_flow part.
var flowPublishKind = publishKind{
	collection: "flows", element: "flow", part: "tableau_flow", typeParam: "flowType",
	exts: []string{"tfl", "tflx"},
	sniff: func(h []byte) string {
		if sniffFile(h) == "zip" {
			return "tfl"
		}
		return ""
	},
}

var flowContent = &contentKind[Flow]{
	collection: "flows", service: "Flows", noun: "flow", element: "flow",
	plainExt: "tfl", packagedExt: "tflx", publish: &flowPublishKind,
	since: contentVersions{
		get: Version{3, 3}, content: Version{3, 3}, revisions: Version{3, 3},
		connections: Version{3, 3}, updateConnection: Version{3, 3}, tags: Version{3, 3},
	},
	pick: func(r *TSResponse) *Flow { return r.Flow },
	name: func(f *Flow) string { return f.Name },
}

func pickFlows(r *TSResponse) []Flow {
	if r.Flows == nil {
		return nil
	}
	return r.Flows.Flows
}

// List returns one page of the site's flows. Filters include name,
// projectName, ownerName, tags, createdAt and updatedAt.
//
// REST: GET /api/{v}/sites/{site-id}/flows (3.3).
func (s *FlowsService) List(ctx context.Context, opts ListOptions) ([]Flow, Pagination, error) {
	lc, err := siteList(s.client, "Flows.List", Version{3, 3}, "flows", pickFlows)
	if err != nil {
		return nil, Pagination{}, err
	}
	return lc.page(ctx, s.client, opts)
}

// All iterates every flow of the site.
//
// REST: GET /api/{v}/sites/{site-id}/flows (3.3).
func (s *FlowsService) All(ctx context.Context, opts ListOptions) iter.Seq2[Flow, error] {
	lc, err := siteList(s.client, "Flows.All", Version{3, 3}, "flows", pickFlows)
	if err != nil {
		return errSeq[Flow](err)
	}
	return lc.all(ctx, s.client, opts)
}

// Get returns the flow with the given id.
//
// REST: GET /api/{v}/sites/{site-id}/flows/{id} (3.3).
func (s *FlowsService) Get(ctx context.Context, id string) (*Flow, error) {
	return flowContent.get(ctx, s.client, id)
}

// Update changes the flow with f.ID: its project (f.Project.ID) and owner
// (f.Owner.ID), which is what Tableau's Update Flow takes; a name or
// description set is sent too.
//
// REST: PUT /api/{v}/sites/{site-id}/flows/{id} (3.3).
func (s *FlowsService) Update(ctx context.Context, f Flow) (*Flow, error) {
	return flowContent.update(ctx, s.client, f.ID, func() (Flow, Version, error) {
		body := Flow{Name: f.Name, Description: f.Description, Project: projectRef(f.Project), Owner: userRef(f.Owner)}
		if body.Name == "" && body.Description == "" && body.Project == nil && body.Owner == nil {
			return body, Version{}, errNothingToUpdate
		}
		return body, Version{3, 3}, nil
	})
}

// Delete deletes the flow with the given id.
//
// REST: DELETE /api/{v}/sites/{site-id}/flows/{id} (3.3).
func (s *FlowsService) Delete(ctx context.Context, id string) error {
	return flowContent.delete(ctx, s.client, id)
}

// flowPayload builds the request_payload of a flow publish.
func flowPayload(f Flow, opts PublishOptions) func(name string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		body := Flow{Name: name, Description: f.Description, Project: projectRef(f.Project), Connections: publishConnections(opts.Connections)}
		return encodeElement("flow", body)
	}
}

// Publish uploads a flow file (.tfl or .tflx) into f.Project and returns
// the published flow. f.Name defaults to the file's name. Modes are
// PublishCreateNew and PublishOverwrite (flows cannot be appended to).
// Large files go through a file upload session, as for workbooks.
//
// REST: POST /api/{v}/sites/{site-id}/flows (3.3), with POST and PUT
// /api/{v}/sites/{site-id}/fileUploads (2.0) for large files.
func (s *FlowsService) Publish(ctx context.Context, f Flow, src PublishSource, opts PublishOptions) (*Flow, error) {
	if opts.Mode == PublishAppend {
		return nil, errors.New("tsc: Flows.Publish: flows cannot be appended to (PublishAppend is for data sources)")
	}
	return flowContent.publishItem(ctx, s.client, f.Name, src, opts, flowPayload(f, opts))
}

// PublishFile publishes the flow file at path; see Publish.
//
// REST: POST /api/{v}/sites/{site-id}/flows (3.3).
func (s *FlowsService) PublishFile(ctx context.Context, f Flow, path string, opts PublishOptions) (*Flow, error) {
	if opts.Mode == PublishAppend {
		return nil, errors.New("tsc: Flows.PublishFile: flows cannot be appended to (PublishAppend is for data sources)")
	}
	return flowContent.publishPath(ctx, s.client, f.Name, path, opts, flowPayload(f, opts))
}

// Download streams the flow file (.tfl or .tflx) to w.
//
// REST: GET /api/{v}/sites/{site-id}/flows/{id}/content (3.3).
func (s *FlowsService) Download(ctx context.Context, id string, w io.Writer, opts DownloadOptions) (*Download, error) {
	return flowContent.download(ctx, s.client, id, w, opts)
}

// DownloadTo saves the flow file into dest, a directory or a file path,
// as [WorkbooksService.DownloadTo] does (no partial file is left behind).
//
// REST: GET /api/{v}/sites/{site-id}/flows/{id}/content (3.3).
func (s *FlowsService) DownloadTo(ctx context.Context, id, dest string, opts DownloadOptions) (*Download, error) {
	return flowContent.downloadTo(ctx, s.client, id, dest, opts)
}

// Revisions returns one page of the flow's revisions.
//
// REST: GET /api/{v}/sites/{site-id}/flows/{id}/revisions (3.3).
func (s *FlowsService) Revisions(ctx context.Context, id string, opts ListOptions) ([]Revision, Pagination, error) {
	return flowContent.revisions(ctx, s.client, id, opts)
}

// AllRevisions iterates every revision of the flow.
//
// REST: GET /api/{v}/sites/{site-id}/flows/{id}/revisions (3.3).
func (s *FlowsService) AllRevisions(ctx context.Context, id string, opts ListOptions) iter.Seq2[Revision, error] {
	return flowContent.allRevisions(ctx, s.client, id, opts)
}

// DownloadRevision streams revision rev of the flow to w.
//
// REST: GET /api/{v}/sites/{site-id}/flows/{id}/revisions/{rev}/content (3.3).
func (s *FlowsService) DownloadRevision(ctx context.Context, id string, rev int, w io.Writer, opts DownloadOptions) (*Download, error) {
	return flowContent.downloadRevision(ctx, s.client, id, rev, w, opts)
}

// DownloadRevisionTo saves revision rev of the flow into dest.
//
// REST: GET /api/{v}/sites/{site-id}/flows/{id}/revisions/{rev}/content (3.3).
func (s *FlowsService) DownloadRevisionTo(ctx context.Context, id string, rev int, dest string, opts DownloadOptions) (*Download, error) {
	return flowContent.downloadRevisionTo(ctx, s.client, id, rev, dest, opts)
}

// DeleteRevision removes revision rev from the flow's history.
//
// REST: DELETE /api/{v}/sites/{site-id}/flows/{id}/revisions/{rev} (3.3).
func (s *FlowsService) DeleteRevision(ctx context.Context, id string, rev int) error {
	return flowContent.deleteRevision(ctx, s.client, id, rev)
}

// Connections returns the flow's connections: those its input steps read.
//
// REST: GET /api/{v}/sites/{site-id}/flows/{id}/connections (3.3).
func (s *FlowsService) Connections(ctx context.Context, id string) ([]Connection, error) {
	return flowContent.connections(ctx, s.client, id)
}

// UpdateConnection changes a connection of the flow (conn.ID).
//
// REST: PUT /api/{v}/sites/{site-id}/flows/{id}/connections/{connection-id} (3.3).
func (s *FlowsService) UpdateConnection(ctx context.Context, id string, conn Connection) (*Connection, error) {
	return flowContent.updateConnection(ctx, s.client, id, conn)
}

// AddTags adds tags to the flow and returns all its tags.
//
// REST: PUT /api/{v}/sites/{site-id}/flows/{id}/tags (3.3).
func (s *FlowsService) AddTags(ctx context.Context, id string, tags ...string) ([]string, error) {
	return flowContent.addTags(ctx, s.client, id, tags)
}

// DeleteTag removes one tag from the flow.
//
// REST: DELETE /api/{v}/sites/{site-id}/flows/{id}/tags/{tag} (3.3).
func (s *FlowsService) DeleteTag(ctx context.Context, id, tag string) error {
	return flowContent.deleteTag(ctx, s.client, id, tag)
}

// Run runs the flow now and returns its RunFlow job; job.RunFlowJob.FlowRunID
// names the run for [FlowRunsService].
//
// REST: POST /api/{v}/sites/{site-id}/flows/{id}/run (3.3).
func (s *FlowsService) Run(ctx context.Context, id string) (*Job, error) {
	if err := flowContent.checkID("Run", id); err != nil {
		return nil, err
	}
	resp, err := s.client.sendSite(ctx, "Flows.Run", Version{3, 3}, http.MethodPost, flowContent.path(id)+"/run", nil, emptyRequest)
	return flowContent.job("Run", resp, err)
}

func pickFlowRuns(r *TSResponse) []FlowRun {
	if r.FlowRuns == nil {
		return nil
	}
	return r.FlowRuns.FlowRuns
}

// List returns one page of the runs of the site's flows the caller may
// read, newest first. Filters: flowId, userId, progress, startedAt,
// completedAt.
//
// REST: GET /api/{v}/sites/{site-id}/flows/runs (3.10).
func (s *FlowRunsService) List(ctx context.Context, opts ListOptions) ([]FlowRun, Pagination, error) {
	lc, err := siteList(s.client, "FlowRuns.List", Version{3, 10}, "flows/runs", pickFlowRuns)
	if err != nil {
		return nil, Pagination{}, err
	}
	return lc.page(ctx, s.client, opts)
}

// All iterates every run the caller may see.
//
// REST: GET /api/{v}/sites/{site-id}/flows/runs (3.10).
func (s *FlowRunsService) All(ctx context.Context, opts ListOptions) iter.Seq2[FlowRun, error] {
	lc, err := siteList(s.client, "FlowRuns.All", Version{3, 10}, "flows/runs", pickFlowRuns)
	if err != nil {
		return errSeq[FlowRun](err)
	}
	return lc.all(ctx, s.client, opts)
}

// Get returns the flow run with the given id.
//
// REST: GET /api/{v}/sites/{site-id}/flows/runs/{id} (3.10).
func (s *FlowRunsService) Get(ctx context.Context, id string) (*FlowRun, error) {
	if id == "" {
		return nil, errors.New("tsc: FlowRuns.Get: empty flow run id")
	}
	resp, err := s.client.getSite(ctx, "FlowRuns.Get", Version{3, 10}, "flows/runs/"+url.PathEscape(id), nil)
	if err != nil {
		return nil, err
	}
	if resp.FlowRun == nil {
		return nil, errors.New("tsc: FlowRuns.Get: the answer has no <flowRun>")
	}
	return resp.FlowRun, nil
}

// Cancel cancels a run that has not ended; a finished run is left as it is.
//
// REST: PUT /api/{v}/sites/{site-id}/flows/runs/{id} (3.10).
func (s *FlowRunsService) Cancel(ctx context.Context, id string) error {
	if id == "" {
		return errors.New("tsc: FlowRuns.Cancel: empty flow run id")
	}
	_, err := s.client.sendSite(ctx, "FlowRuns.Cancel", Version{3, 10}, http.MethodPut, "flows/runs/"+url.PathEscape(id), nil, emptyRequest)
	return err
}

// ErrFlowRunFailed and ErrFlowRunCancelled are what [FlowRunsService.Wait]
// wraps when the run ends other than with success.
var (
	ErrFlowRunFailed    = errors.New("tsc: flow run failed")
	ErrFlowRunCancelled = errors.New("tsc: flow run cancelled")
)

// Wait polls the run until it ends and returns it, as [JobsService.Wait]
// polls a job (opts.OnPoll is not called: it takes a job). A failed or
// cancelled run is returned with an error wrapping ErrFlowRunFailed or
// ErrFlowRunCancelled.
//
// REST: GET /api/{v}/sites/{site-id}/flows/runs/{id} (3.10), repeatedly.
func (s *FlowRunsService) Wait(ctx context.Context, id string, opts WaitOptions) (*FlowRun, error) {
	if opts.MinInterval < 0 || opts.MaxInterval < 0 {
		return nil, errors.New("tsc: FlowRuns.Wait: negative polling interval")
	}
	wait := opts.MinInterval
	if wait == 0 {
		wait = DefaultWaitMinInterval
	}
	ceiling := max(opts.MaxInterval, wait)
	if opts.MaxInterval == 0 {
		ceiling = max(DefaultWaitMaxInterval, wait)
	}
	for {
		run, err := s.Get(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("tsc: FlowRuns.Wait: %w", err)
		}
		switch run.Status {
		case FlowRunSuccess:
			return run, nil
		case FlowRunFailed:
			return run, fmt.Errorf("tsc: FlowRuns.Wait: run %s: %w", id, ErrFlowRunFailed)
		case FlowRunCancelled:
			return run, fmt.Errorf("tsc: FlowRuns.Wait: run %s: %w", id, ErrFlowRunCancelled)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return run, fmt.Errorf("tsc: FlowRuns.Wait: run %s not done (%s): %w", id, run.Status, ctx.Err())
		case <-t.C:
		}
		wait = min(wait*2, ceiling)
	}
}

// CreateFlowTask creates a flow task with its own schedule (Tableau
// Cloud): the flow runs at each of the schedule's times. sched gives the
// frequency and its details, as for [TasksService.CreateCloudExtractRefresh].
//
// REST: POST /api/{v}/sites/{site-id}/tasks/flows (3.22).
func (s *TasksService) CreateFlowTask(ctx context.Context, flowID string, sched Schedule) (*Task, error) {
	if flowID == "" {
		return nil, errors.New("tsc: Tasks.CreateFlowTask: empty flow id")
	}
	body, err := EncodeRequest(&TSRequest{RunFlow: &FlowRunTask{Flow: &FlowRef{ID: flowID}},
		Schedule: &Schedule{Frequency: sched.Frequency, FrequencyDetails: sched.FrequencyDetails}})
	if err != nil {
		return nil, err
	}
	resp, err := s.client.sendSite(ctx, "Tasks.CreateFlowTask", Version{3, 22}, http.MethodPost, "tasks/flows", nil, body)
	if err != nil {
		return nil, err
	}
	if resp.Task == nil {
		return nil, errors.New("tsc: Tasks.CreateFlowTask: the answer has no <task>")
	}
	return resp.Task, nil
}
