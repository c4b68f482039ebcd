package tsc

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
)

// SchedulesService manages Tableau Server's schedules: the server-wide
// recurrences that extract refreshes, subscriptions and flow runs hang on.
// Creating, changing and deleting them is for server administrators.
// Tableau Cloud has none: there each task carries its own schedule (see
// [TasksService.CreateCloudExtractRefresh]).
type SchedulesService service

func pickSchedules(r *TSResponse) []Schedule {
	if r.Schedules == nil {
		return nil
	}
	return r.Schedules.Schedules
}

func (s *SchedulesService) listCall(name string) listCall[Schedule] {
	return listCall[Schedule]{name: name, minVersion: Version{2, 3}, path: "schedules", pick: pickSchedules}
}

// List returns one page of the server's schedules (without their frequency
// details, as Tableau lists them; Get has them).
//
// REST: GET /api/{v}/schedules (2.3).
func (s *SchedulesService) List(ctx context.Context, opts ListOptions) ([]Schedule, Pagination, error) {
	return s.listCall("Schedules.List").page(ctx, s.client, opts)
}

// All iterates every schedule of the server.
//
// REST: GET /api/{v}/schedules (2.3).
func (s *SchedulesService) All(ctx context.Context, opts ListOptions) iter.Seq2[Schedule, error] {
	return s.listCall("Schedules.All").all(ctx, s.client, opts)
}

// schedule takes the schedule out of an answer.
func scheduleOf(verb string, resp *TSResponse, err error) (*Schedule, error) {
	if err != nil {
		return nil, err
	}
	if resp.Schedule == nil {
		return nil, fmt.Errorf("tsc: Schedules.%s: the answer has no <schedule>", verb)
	}
	return resp.Schedule, nil
}

func scheduleID(verb, id string) error {
	if id == "" {
		return fmt.Errorf("tsc: Schedules.%s: empty schedule id", verb)
	}
	return nil
}

// Get returns a schedule with its frequency details.
//
// REST: GET /api/{v}/schedules/{id} (3.8).
func (s *SchedulesService) Get(ctx context.Context, id string) (*Schedule, error) {
	if err := scheduleID("Get", id); err != nil {
		return nil, err
	}
	resp, err := s.client.call(ctx, &request{name: "Schedules.Get", minVersion: Version{3, 8}, method: http.MethodGet,
		path: "schedules/" + url.PathEscape(id), auth: true})
	return scheduleOf("Get", resp, err)
}

// Create creates a schedule: Name, Type (ScheduleExtract, ...), Frequency
// and FrequencyDetails are needed; Priority (default 50), ExecutionOrder
// (default Parallel) and State (default Active) may be given. The server
// checks the frequency against Tableau's rules (hourly intervals of 1, 2,
// 4, 6, 8 or 12 hours or 15 or 30 minutes, an end time for those, weekdays
// for weekly schedules, month days for monthly ones).
//
// REST: POST /api/{v}/schedules (2.3).
func (s *SchedulesService) Create(ctx context.Context, sch Schedule) (*Schedule, error) {
	if sch.Name == "" {
		return nil, errors.New("tsc: Schedules.Create: the schedule needs a name")
	}
	sch.ID, sch.CreatedAt, sch.UpdatedAt, sch.NextRunAt = "", Time{}, Time{}, Time{}
	body, err := EncodeRequest(&TSRequest{Schedule: &sch})
	if err != nil {
		return nil, err
	}
	resp, err := s.client.call(ctx, &request{name: "Schedules.Create", minVersion: Version{2, 3}, method: http.MethodPost,
		path: "schedules", body: body, auth: true})
	return scheduleOf("Create", resp, err)
}

// Update changes the schedule sch.ID: the fields set in sch (name,
// priority, executionOrder, state; frequency and frequencyDetails) change,
// the others stay. The schedule's type cannot change.
//
// REST: PUT /api/{v}/schedules/{id} (2.3).
func (s *SchedulesService) Update(ctx context.Context, sch Schedule) (*Schedule, error) {
	id := sch.ID
	if err := scheduleID("Update", id); err != nil {
		return nil, err
	}
	sch.ID, sch.CreatedAt, sch.UpdatedAt, sch.NextRunAt = "", Time{}, Time{}, Time{}
	body, err := EncodeRequest(&TSRequest{Schedule: &sch})
	if err != nil {
		return nil, err
	}
	resp, err := s.client.call(ctx, &request{name: "Schedules.Update", minVersion: Version{2, 3}, method: http.MethodPut,
		path: "schedules/" + url.PathEscape(id), body: body, auth: true})
	return scheduleOf("Update", resp, err)
}

// Delete deletes a schedule and the tasks on it.
//
// REST: DELETE /api/{v}/schedules/{id} (2.3).
func (s *SchedulesService) Delete(ctx context.Context, id string) error {
	if err := scheduleID("Delete", id); err != nil {
		return err
	}
	_, err := s.client.call(ctx, &request{name: "Schedules.Delete", minVersion: Version{2, 3}, method: http.MethodDelete,
		path: "schedules/" + url.PathEscape(id), auth: true})
	return err
}

// addTo sends an Add ... to Schedule request with the task body given.
func (s *SchedulesService) addTo(ctx context.Context, verb string, min Version, scheduleIDv, segment string, body []byte) (*Task, error) {
	if err := scheduleID(verb, scheduleIDv); err != nil {
		return nil, err
	}
	resp, err := s.client.sendSite(ctx, "Schedules."+verb, min, http.MethodPut,
		"schedules/"+url.PathEscape(scheduleIDv)+"/"+segment, nil, body)
	if err != nil {
		return nil, err
	}
	if resp.Task == nil {
		return nil, fmt.Errorf("tsc: Schedules.%s: the answer has no <task>", verb)
	}
	return resp.Task, nil
}

// AddWorkbook puts an extract refresh of the workbook on an Extract
// schedule of the current site's server, and returns the task made.
//
// REST: PUT /api/{v}/sites/{site-id}/schedules/{id}/workbooks (2.8).
func (s *SchedulesService) AddWorkbook(ctx context.Context, scheduleID, workbookID string) (*Task, error) {
	if workbookID == "" {
		return nil, errors.New("tsc: Schedules.AddWorkbook: empty workbook id")
	}
	body, err := EncodeRequest(&TSRequest{Task: &Task{ExtractRefresh: &ExtractRefreshTask{Workbook: &Workbook{ID: workbookID}}}})
	if err != nil {
		return nil, err
	}
	return s.addTo(ctx, "AddWorkbook", Version{2, 8}, scheduleID, "workbooks", body)
}

// AddDatasource puts an extract refresh of the data source on an Extract
// schedule, and returns the task made.
//
// REST: PUT /api/{v}/sites/{site-id}/schedules/{id}/datasources (2.8).
func (s *SchedulesService) AddDatasource(ctx context.Context, scheduleID, datasourceID string) (*Task, error) {
	if datasourceID == "" {
		return nil, errors.New("tsc: Schedules.AddDatasource: empty data source id")
	}
	body, err := EncodeRequest(&TSRequest{Task: &Task{ExtractRefresh: &ExtractRefreshTask{Datasource: &Datasource{ID: datasourceID}}}})
	if err != nil {
		return nil, err
	}
	return s.addTo(ctx, "AddDatasource", Version{2, 8}, scheduleID, "datasources", body)
}

// AddFlow puts a run of the flow on a Flow schedule.
//
// REST: PUT /api/{v}/sites/{site-id}/schedules/{id}/flows (3.3).
func (s *SchedulesService) AddFlow(ctx context.Context, scheduleID, flowID string) (*Task, error) {
	if flowID == "" {
		return nil, errors.New("tsc: Schedules.AddFlow: empty flow id")
	}
	body, err := EncodeRequest(&TSRequest{Task: &Task{FlowRun: &FlowRunTask{Flow: &FlowRef{ID: flowID}}}})
	if err != nil {
		return nil, err
	}
	return s.addTo(ctx, "AddFlow", Version{3, 3}, scheduleID, "flows", body)
}

func pickExtracts(r *TSResponse) []Extract {
	if r.Extracts == nil {
		return nil
	}
	return r.Extracts.Extracts
}

// Extracts returns one page of the current site's extract refreshes on a
// schedule.
//
// REST: GET /api/{v}/sites/{site-id}/schedules/{id}/extracts (2.3).
func (s *SchedulesService) Extracts(ctx context.Context, scheduleIDv string, opts ListOptions) ([]Extract, Pagination, error) {
	if err := scheduleID("Extracts", scheduleIDv); err != nil {
		return nil, Pagination{}, err
	}
	lc, err := siteList(s.client, "Schedules.Extracts", Version{2, 3}, "schedules/"+url.PathEscape(scheduleIDv)+"/extracts", pickExtracts)
	if err != nil {
		return nil, Pagination{}, err
	}
	return lc.page(ctx, s.client, opts)
}
