package tsc

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
)

// TasksService reads and runs the current site's tasks: extract refresh
// tasks (on Tableau Server, made by adding content to a schedule; on
// Tableau Cloud, created with their own schedule), flow tasks and linked
// tasks.
type TasksService service

// Task types, as the URL names them.
const (
	taskPathExtract = "tasks/extractRefreshes"
	taskPathFlow    = "tasks/runFlow"
	taskPathLinked  = "tasks/linked"
)

func taskID(verb, id string) error {
	if id == "" {
		return fmt.Errorf("tsc: Tasks.%s: empty task id", verb)
	}
	return nil
}

func (s *TasksService) list(ctx context.Context, verb string, min Version, path string) ([]Task, error) {
	resp, err := s.client.getSite(ctx, "Tasks."+verb, min, path, nil)
	if err != nil {
		return nil, err
	}
	if resp.Tasks == nil {
		return nil, nil
	}
	return resp.Tasks.Tasks, nil
}

func (s *TasksService) get(ctx context.Context, verb string, min Version, path, id string) (*Task, error) {
	if err := taskID(verb, id); err != nil {
		return nil, err
	}
	resp, err := s.client.getSite(ctx, "Tasks."+verb, min, path+"/"+url.PathEscape(id), nil)
	if err != nil {
		return nil, err
	}
	if resp.Task == nil {
		return nil, fmt.Errorf("tsc: Tasks.%s: the answer has no <task>", verb)
	}
	return resp.Task, nil
}

func (s *TasksService) run(ctx context.Context, verb string, min Version, path, id string) (*TSResponse, error) {
	if err := taskID(verb, id); err != nil {
		return nil, err
	}
	body, err := EncodeRequest(&TSRequest{})
	if err != nil {
		return nil, err
	}
	return s.client.sendSite(ctx, "Tasks."+verb, min, http.MethodPost, path+"/"+url.PathEscape(id)+"/runNow", nil, body)
}

func (s *TasksService) delete(ctx context.Context, verb string, min Version, path, id string) error {
	if err := taskID(verb, id); err != nil {
		return err
	}
	p, err := s.client.sitePath(path + "/" + url.PathEscape(id))
	if err != nil {
		return err
	}
	_, err = s.client.call(ctx, &request{name: "Tasks." + verb, minVersion: min, method: http.MethodDelete, path: p, auth: true})
	return err
}

// List returns the site's extract refresh tasks that the caller may see
// (administrators: all; others: those of content they own), each with its
// schedule.
//
// REST: GET /api/{v}/sites/{site-id}/tasks/extractRefreshes (2.2).
func (s *TasksService) List(ctx context.Context) ([]Task, error) {
	return s.list(ctx, "List", Version{2, 2}, taskPathExtract)
}

// Get returns an extract refresh task.
//
// REST: GET /api/{v}/sites/{site-id}/tasks/extractRefreshes/{id} (2.2).
func (s *TasksService) Get(ctx context.Context, id string) (*Task, error) {
	return s.get(ctx, "Get", Version{2, 2}, taskPathExtract, id)
}

// Run runs an extract refresh task now and returns the job it started.
//
// REST: POST /api/{v}/sites/{site-id}/tasks/extractRefreshes/{id}/runNow (2.6).
func (s *TasksService) Run(ctx context.Context, id string) (*Job, error) {
	resp, err := s.run(ctx, "Run", Version{2, 6}, taskPathExtract, id)
	if err != nil {
		return nil, err
	}
	if resp.Job == nil {
		return nil, errors.New("tsc: Tasks.Run: the answer has no <job>")
	}
	return resp.Job, nil
}

// Delete deletes an extract refresh task (on Tableau Cloud, with its
// schedule).
//
// REST: DELETE /api/{v}/sites/{site-id}/tasks/extractRefreshes/{id} (3.6).
func (s *TasksService) Delete(ctx context.Context, id string) error {
	return s.delete(ctx, "Delete", Version{3, 6}, taskPathExtract, id)
}

// CloudExtractRefresh is what Tableau Cloud's Create and Update Extract
// Refresh Task send: the content (a workbook or a data source, by id, on
// create), whether the refresh is incremental, and the task's schedule
// (Frequency and FrequencyDetails; no name, type or priority).
type CloudExtractRefresh struct {
	WorkbookID   string
	DatasourceID string
	Incremental  bool
	Schedule     *Schedule
}

func (r CloudExtractRefresh) request() *TSRequest {
	typ := "FullRefresh"
	if r.Incremental {
		typ = "IncrementalRefresh"
	}
	er := &ExtractRefreshTask{Type: typ}
	if r.WorkbookID != "" {
		er.Workbook = &Workbook{ID: r.WorkbookID}
	}
	if r.DatasourceID != "" {
		er.Datasource = &Datasource{ID: r.DatasourceID}
	}
	req := &TSRequest{ExtractRefresh: er}
	if r.Schedule != nil {
		sc := Schedule{Frequency: r.Schedule.Frequency, FrequencyDetails: r.Schedule.FrequencyDetails}
		req.Schedule = &sc
	}
	return req
}

// CreateCloudExtractRefresh creates, on Tableau Cloud, an extract refresh
// task for a workbook or data source with its own schedule, and returns
// the task and its schedule (with its next run).
//
// REST: POST /api/{v}/sites/{site-id}/tasks/extractRefreshes (3.20).
func (s *TasksService) CreateCloudExtractRefresh(ctx context.Context, r CloudExtractRefresh) (*ExtractRefreshTask, *Schedule, error) {
	if (r.WorkbookID == "") == (r.DatasourceID == "") {
		return nil, nil, errors.New("tsc: Tasks.CreateCloudExtractRefresh: name one workbook or one data source")
	}
	if r.Schedule == nil {
		return nil, nil, errors.New("tsc: Tasks.CreateCloudExtractRefresh: a Cloud task needs its schedule")
	}
	body, err := EncodeRequest(r.request())
	if err != nil {
		return nil, nil, err
	}
	resp, err := s.client.sendSite(ctx, "Tasks.CreateCloudExtractRefresh", Version{3, 20}, http.MethodPost, taskPathExtract, nil, body)
	if err != nil {
		return nil, nil, err
	}
	if resp.ExtractRefresh == nil {
		return nil, nil, errors.New("tsc: Tasks.CreateCloudExtractRefresh: the answer has no <extractRefresh>")
	}
	return resp.ExtractRefresh, resp.Schedule, nil
}

// UpdateCloudExtractRefresh changes, on Tableau Cloud, a task's refresh
// type and, when r.Schedule is set, its schedule. r names the task's
// workbook or data source as Create does (the request's schema requires it).
//
// REST: POST /api/{v}/sites/{site-id}/tasks/extractRefreshes/{id} (3.20).
func (s *TasksService) UpdateCloudExtractRefresh(ctx context.Context, id string, r CloudExtractRefresh) (*Task, error) {
	if err := taskID("UpdateCloudExtractRefresh", id); err != nil {
		return nil, err
	}
	body, err := EncodeRequest(r.request())
	if err != nil {
		return nil, err
	}
	resp, err := s.client.sendSite(ctx, "Tasks.UpdateCloudExtractRefresh", Version{3, 20}, http.MethodPost, taskPathExtract+"/"+url.PathEscape(id), nil, body)
	if err != nil {
		return nil, err
	}
	switch {
	case resp.Task != nil:
		return resp.Task, nil
	case resp.ExtractRefresh != nil:
		// Answered as Create answers: the task and its schedule side by side.
		er := *resp.ExtractRefresh
		if er.Schedule == nil {
			er.Schedule = resp.Schedule
		}
		return &Task{ExtractRefresh: &er}, nil
	}
	return nil, errors.New("tsc: Tasks.UpdateCloudExtractRefresh: the answer has no <task>")
}

// ListFlowTasks returns the site's flow tasks.
//
// REST: GET /api/{v}/sites/{site-id}/tasks/runFlow (3.3).
func (s *TasksService) ListFlowTasks(ctx context.Context) ([]Task, error) {
	return s.list(ctx, "ListFlowTasks", Version{3, 3}, taskPathFlow)
}

// GetFlowTask returns a flow task.
//
// REST: GET /api/{v}/sites/{site-id}/tasks/runFlow/{id} (3.3).
func (s *TasksService) GetFlowTask(ctx context.Context, id string) (*Task, error) {
	return s.get(ctx, "GetFlowTask", Version{3, 3}, taskPathFlow, id)
}

// RunFlowTask runs a flow task now and returns the job it started.
//
// REST: POST /api/{v}/sites/{site-id}/tasks/runFlow/{id}/runNow (3.3).
func (s *TasksService) RunFlowTask(ctx context.Context, id string) (*Job, error) {
	resp, err := s.run(ctx, "RunFlowTask", Version{3, 3}, taskPathFlow, id)
	if err != nil {
		return nil, err
	}
	if resp.Job == nil {
		return nil, errors.New("tsc: Tasks.RunFlowTask: the answer has no <job>")
	}
	return resp.Job, nil
}

// DeleteFlowTask deletes a flow task.
//
// REST: DELETE /api/{v}/sites/{site-id}/tasks/runFlow/{id} (3.6).
func (s *TasksService) DeleteFlowTask(ctx context.Context, id string) error {
	return s.delete(ctx, "DeleteFlowTask", Version{3, 6}, taskPathFlow, id)
}

func pickLinkedTasks(r *TSResponse) []LinkedTask {
	if r.LinkedTasks == nil {
		return nil
	}
	return r.LinkedTasks.LinkedTasks
}

// ListLinked returns one page of the site's linked tasks.
//
// REST: GET /api/{v}/sites/{site-id}/tasks/linked (3.15).
func (s *TasksService) ListLinked(ctx context.Context, opts ListOptions) ([]LinkedTask, Pagination, error) {
	lc, err := siteList(s.client, "Tasks.ListLinked", Version{3, 15}, taskPathLinked, pickLinkedTasks)
	if err != nil {
		return nil, Pagination{}, err
	}
	return lc.page(ctx, s.client, opts)
}

// AllLinked iterates every linked task of the site.
//
// REST: GET /api/{v}/sites/{site-id}/tasks/linked (3.15).
func (s *TasksService) AllLinked(ctx context.Context, opts ListOptions) iter.Seq2[LinkedTask, error] {
	lc, err := siteList(s.client, "Tasks.AllLinked", Version{3, 15}, taskPathLinked, pickLinkedTasks)
	if err != nil {
		return errSeq[LinkedTask](err)
	}
	return lc.all(ctx, s.client, opts)
}

// GetLinked returns a linked task with its steps.
//
// REST: GET /api/{v}/sites/{site-id}/tasks/linked/{id} (3.15).
func (s *TasksService) GetLinked(ctx context.Context, id string) (*LinkedTask, error) {
	if err := taskID("GetLinked", id); err != nil {
		return nil, err
	}
	resp, err := s.client.getSite(ctx, "Tasks.GetLinked", Version{3, 15}, taskPathLinked+"/"+url.PathEscape(id), nil)
	if err != nil {
		return nil, err
	}
	if resp.LinkedTask == nil {
		return nil, errors.New("tsc: Tasks.GetLinked: the answer has no <linkedTask>")
	}
	return resp.LinkedTask, nil
}

// RunLinked runs a linked task now: its steps run one after the other.
//
// REST: POST /api/{v}/sites/{site-id}/tasks/linked/{id}/runNow (3.15).
func (s *TasksService) RunLinked(ctx context.Context, id string) (*LinkedTaskJob, error) {
	resp, err := s.run(ctx, "RunLinked", Version{3, 15}, taskPathLinked, id)
	if err != nil {
		return nil, err
	}
	if resp.LinkedTaskJob == nil {
		return nil, errors.New("tsc: Tasks.RunLinked: the answer has no <linkedTaskJob>")
	}
	return resp.LinkedTaskJob, nil
}
