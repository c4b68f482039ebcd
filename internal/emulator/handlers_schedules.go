package emulator

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/tsc-go/tsc"
)

// Server schedules (REST API "Jobs, Tasks, and Schedules Methods"):
// /schedules is server-wide, for server administrators; adding content to
// a schedule is site-scoped (/sites/{site}/schedules/{id}/...).
//
// Required capabilities, per route (the authority's actions):
//
//	POST, PUT, DELETE schedules[/{id}]       actManageSchedules: server administrators
//	GET schedules[/{id}]                     actListSchedules: server and site administrators
//	GET sites/{site}/schedules/{id}/extracts actListSchedules (the site's tasks only)
//	PUT sites/{site}/schedules/{id}/workbooks|datasources|flows
//	                                         actScheduleContent (who can publish, administrators),
//	                                         then the content's owner or project owner, or an
//	                                         administrator (mayRefresh)

// maxIntervals is the schema's bound on a schedule's intervals (intervalType
// maxOccurs="7"), checked before the intervals are read.
const maxIntervals = 7

// Schedule types clients create; the others (DataAcceleration,
// ActiveDirectorySync) are the server's own.
var scheduleTypes = []string{"Extract", "Subscription", "Flow"}

// scheduleInput is a Create or Update Schedule request, checked.
type scheduleInput struct {
	name, typ, order, state string
	priority                int
	freq                    *frequency
}

// checkScheduleFields checks what a create or update sets; cur is the
// schedule an update changes (nil for a create).
func checkScheduleFields(in *tsc.Schedule, cur *scheduleRow) (*scheduleInput, error) {
	out := &scheduleInput{name: in.Name, typ: in.Type, order: in.ExecutionOrder, state: in.State, priority: 50}
	if err := checkLen("schedule name", in.Name, maxNameChars); err != nil {
		return nil, err
	}
	if cur != nil {
		out.typ, out.priority, out.freq = cur.Type, cur.Priority, cur.freq
		if out.name == "" {
			out.name = cur.Name
		}
		if out.order == "" {
			out.order = cur.ExecutionOrder
		}
		if out.state == "" {
			out.state = cur.State
		}
		if in.Type != "" && in.Type != cur.Type {
			return nil, badRequest("A schedule's type cannot change (it is %s).", cur.Type)
		}
	} else {
		if strings.TrimSpace(in.Name) == "" {
			return nil, badRequest("The schedule needs a name.")
		}
		if out.order == "" {
			out.order = "Parallel"
		}
		if out.state == "" {
			out.state = "Active"
		}
	}
	switch {
	case cur == nil && !contains(scheduleTypes, in.Type):
		return nil, badRequest("The schedule type '%s' is not valid: it must be Extract, Subscription or Flow.", in.Type)
	case out.order != "Parallel" && out.order != "Serial":
		return nil, badRequest("The executionOrder '%s' is not valid: it must be Parallel or Serial.", out.order)
	case out.state != "Active" && out.state != "Suspended":
		return nil, badRequest("The state '%s' is not valid: it must be Active or Suspended.", out.state)
	}
	if in.Priority != nil {
		if *in.Priority < 1 || *in.Priority > 100 {
			return nil, badRequest("The priority %d is not valid: it must be from 1 to 100.", *in.Priority)
		}
		out.priority = *in.Priority
	}
	if in.FrequencyDetails != nil && len(in.FrequencyDetails.List()) > maxIntervals {
		return nil, badRequest("A schedule has at most %d intervals (it has %d).", maxIntervals, len(in.FrequencyDetails.List()))
	}
	switch {
	case cur == nil || in.Frequency != "" || in.FrequencyDetails != nil:
		kind := in.Frequency
		if kind == "" && cur != nil {
			kind = cur.Frequency
		}
		fd := in.FrequencyDetails
		if fd == nil && cur != nil {
			// A new frequency alone keeps the start time and nothing else.
			fd = &tsc.FrequencyDetails{Start: clockString(cur.freq.start)}
		}
		f, err := parseFrequency(kind, fd)
		if err != nil {
			return nil, err
		}
		out.freq = f
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// createSchedule answers POST /schedules (2.3).
func (s *Server) createSchedule(c *call) (result, error) {
	if err := s.authorize(c, actManageSchedules, target{}); err != nil {
		return result{}, err
	}
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	if req.Schedule == nil {
		return result{}, badRequest("The request has no <schedule> element.")
	}
	in, err := checkScheduleFields(req.Schedule, nil)
	if err != nil {
		return result{}, err
	}
	s.runDue(c.ctx)
	row, err := s.store.createSchedule(c.ctx, s.store.db, in, "", "", s.Now())
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Schedule = row.render(true)
	return created(resp)
}

// createSchedule inserts a schedule whose next run is the first occurrence
// after now; siteID and ownerTask are set for a Cloud task's own schedule.
func (s *Store) createSchedule(ctx context.Context, q queryer, in *scheduleInput, siteID, ownerTask string, now time.Time) (*scheduleRow, error) {
	id := uuid.NewString()
	start, end, ivs := in.freq.encode()
	nowMS := now.UnixMilli()
	next := sql.NullInt64{}
	if t := in.freq.next(msTimeOf(nowMS)); !t.IsZero() {
		next = sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
	}
	site := sql.NullString{String: siteID, Valid: siteID != ""}
	_, err := q.ExecContext(ctx, `INSERT INTO schedules (id, site_id, name, type, frequency, priority, execution_order, state, start_time, end_time,
		intervals, created_ms, updated_ms, next_run_ms, owner_task) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, site, in.name, in.typ, in.freq.kind, in.priority, in.order, in.state, start, end, ivs, nowMS, nowMS, next, ownerTask)
	if isUniqueViolation(err) {
		return nil, conflict(codeScheduleNameDup, "A schedule named '%s' already exists.", in.name)
	}
	if err != nil {
		return nil, err
	}
	return s.schedule(ctx, q, id)
}

// serverSchedule reads a server schedule (not a Cloud task's own).
func (s *Store) serverSchedule(ctx context.Context, q queryer, id string) (*scheduleRow, error) {
	r, err := s.schedule(ctx, q, id)
	if err == nil && r.OwnerTask != "" {
		return nil, scheduleNotFound(id)
	}
	return r, err
}

// scheduleListSpec has the fields Query Schedules filters and sorts on.
var scheduleListSpec = listSpec{
	resource: "schedules",
	fields: map[string]field{
		"name":      {expr: "s.name", ops: opsName, sortable: true},
		"type":      {expr: "s.type", ops: opsEnum, sortable: true},
		"frequency": {expr: "s.frequency", ops: opsEnum, sortable: true},
		"state":     {expr: "s.state", ops: opsEnum, sortable: true},
		"priority":  {expr: "s.priority", kind: kindInt, ops: opsNumber, sortable: true},
		"createdAt": {expr: msTime("s.created_ms"), kind: kindTime, ops: opsTime, sortable: true},
		"updatedAt": {expr: msTime("s.updated_ms"), kind: kindTime, ops: opsTime, sortable: true},
	},
	order: "s.rowid",
}

// listSchedules answers GET /schedules (2.3): the server schedules, with
// pagination, without their frequency details (as Tableau lists them).
func (s *Server) listSchedules(c *call) (result, error) {
	if err := s.authorize(c, actListSchedules, target{}); err != nil {
		return result{}, err
	}
	lq, err := c.list(scheduleListSpec)
	if err != nil {
		return result{}, err
	}
	s.runDue(c.ctx)
	schedules, p, err := listOf(c.ctx, s.store, scheduleCols, "FROM schedules s WHERE s.owner_task = ''", nil, lq, scanSchedule,
		func(r *scheduleRow) tsc.Schedule { return *r.render(false) })
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Schedules = &tsc.ScheduleList{Schedules: schedules}
	resp.Pagination = &p
	return ok(resp)
}

// getSchedule answers GET /schedules/{id} (3.8).
func (s *Server) getSchedule(c *call) (result, error) {
	if err := s.authorize(c, actListSchedules, target{}); err != nil {
		return result{}, err
	}
	s.runDue(c.ctx)
	row, err := s.store.serverSchedule(c.ctx, s.store.db, c.param("id"))
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Schedule = row.render(true)
	return ok(resp)
}

// updateSchedule answers PUT /schedules/{id} (2.3). What was due under the
// old settings runs first; a new frequency, or a suspended schedule made
// active again, runs next at its first occurrence from now (a suspended
// schedule's missed runs are not made up, as on Tableau Server).
func (s *Server) updateSchedule(c *call) (result, error) {
	if err := s.authorize(c, actManageSchedules, target{}); err != nil {
		return result{}, err
	}
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	if req.Schedule == nil {
		return result{}, badRequest("The request has no <schedule> element.")
	}
	if err := s.runDue(c.ctx); err != nil {
		return result{}, err
	}
	s.sched.mu.Lock()
	defer s.sched.mu.Unlock()
	cur, err := s.store.serverSchedule(c.ctx, s.store.db, c.param("id"))
	if err != nil {
		return result{}, err
	}
	in, err := checkScheduleFields(req.Schedule, cur)
	if err != nil {
		return result{}, err
	}
	if err := s.store.updateSchedule(c.ctx, cur, in, s.Now().UnixMilli()); err != nil {
		return result{}, err
	}
	row, err := s.store.schedule(c.ctx, s.store.db, cur.ID)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Schedule = row.render(true)
	return ok(resp)
}

// updateSchedule writes in over cur; the caller holds the scheduler's lock,
// so no occurrence runs between the read of cur and the write.
func (s *Store) updateSchedule(ctx context.Context, cur *scheduleRow, in *scheduleInput, nowMS int64) error {
	start, end, ivs := in.freq.encode()
	next := cur.NextRunMS
	freqChanged := in.freq.kind != cur.Frequency || start != cur.Start || end != cur.End || ivs != cur.Intervals
	if freqChanged || (cur.State == "Suspended" && in.state == "Active") || !next.Valid {
		next = sql.NullInt64{}
		if t := in.freq.next(msTimeOf(nowMS)); !t.IsZero() {
			next = sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
		}
	}
	_, err := s.db.ExecContext(ctx, `UPDATE schedules SET name = ?, frequency = ?, priority = ?, execution_order = ?, state = ?, start_time = ?,
		end_time = ?, intervals = ?, updated_ms = ?, next_run_ms = ? WHERE id = ?`,
		in.name, in.freq.kind, in.priority, in.order, in.state, start, end, ivs, nowMS, next, cur.ID)
	if isUniqueViolation(err) {
		return conflict(codeScheduleNameDup, "A schedule named '%s' already exists.", in.name)
	}
	return err
}

// deleteSchedule answers DELETE /schedules/{id} (2.3): its tasks go with it.
func (s *Server) deleteSchedule(c *call) (result, error) {
	if err := s.authorize(c, actManageSchedules, target{}); err != nil {
		return result{}, err
	}
	s.runDue(c.ctx)
	s.sched.mu.Lock()
	defer s.sched.mu.Unlock()
	row, err := s.store.serverSchedule(c.ctx, s.store.db, c.param("id"))
	if err != nil {
		return result{}, err
	}
	if _, err := s.store.db.ExecContext(c.ctx, `DELETE FROM schedules WHERE id = ?`, row.ID); err != nil {
		return result{}, err
	}
	return noContent()
}

// scheduleExtracts answers GET /sites/{site}/schedules/{id}/extracts (2.3):
// the site's extract refresh tasks on the schedule.
func (s *Server) scheduleExtracts(c *call) (result, error) {
	if err := s.authorize(c, actListSchedules, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	lq, err := c.list(listSpec{resource: "extracts", order: "t.rowid"})
	if err != nil {
		return result{}, err
	}
	s.runDue(c.ctx)
	if _, err := s.store.serverSchedule(c.ctx, s.store.db, c.param("id")); err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Extracts = &tsc.ExtractList{Extracts: []tsc.Extract{}}
	p, err := s.store.list(c.ctx, s.store.db, taskCols, "FROM tasks t WHERE t.site_id = ? AND t.schedule_id = ? AND t.type = 'extractRefresh'",
		[]any{c.siteID(), c.param("id")}, lq, func(rows *sql.Rows) error {
			t, err := scanTask(rows)
			if err != nil {
				return err
			}
			p := t.Priority
			e := tsc.Extract{ID: t.ID, Priority: &p, Type: "FullRefresh"}
			if t.Incremental {
				e.Type = "IncrementalRefresh"
			}
			if t.ContentType == "workbook" {
				e.Workbook = &tsc.Workbook{ID: t.ContentID}
			} else {
				e.Datasource = &tsc.Datasource{ID: t.ContentID}
			}
			resp.Extracts.Extracts = append(resp.Extracts.Extracts, e)
			return nil
		})
	if err != nil {
		return result{}, err
	}
	resp.Pagination = &p
	return ok(resp)
}

// addToSchedule answers PUT /sites/{site}/schedules/{id}/workbooks and
// /datasources (2.8): an extract refresh task for the content on the
// schedule. The body is <task><extractRefresh><workbook id=".."/></...>.
func (s *Server) addToSchedule(c *call, k contentKind) (result, error) {
	if err := s.authorize(c, actScheduleContent, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	var contentID string
	incremental := false
	if req.Task != nil && req.Task.ExtractRefresh != nil {
		er := req.Task.ExtractRefresh
		if k == workbookKind && er.Workbook != nil {
			contentID = er.Workbook.ID
		}
		if k == datasourceKind && er.Datasource != nil {
			contentID = er.Datasource.ID
		}
		incremental = er.Incremental != nil && *er.Incremental
	}
	if req.Task != nil && req.Task.DataAcceleration != nil {
		return result{}, badRequest("Data acceleration tasks are no longer created: Tableau retired data acceleration in 2023.2.")
	}
	if contentID == "" {
		return result{}, badRequest("The request needs <task><extractRefresh><%s id=\"...\"/></extractRefresh></task>.", k.name)
	}
	s.runDue(c.ctx)
	sc, err := s.store.serverSchedule(c.ctx, s.store.db, c.param("id"))
	if err != nil {
		return result{}, err
	}
	if _, err := s.mayRefresh(c, k, contentID); err != nil {
		return result{}, err
	}
	ref, err := s.store.contentRef(c.ctx, s.store.db, k, c.siteID(), contentID)
	if err != nil {
		return result{}, err
	}
	if sc.Type != "Extract" {
		return result{}, badRequest("Schedule '%s' is a %s schedule: extract refreshes go on Extract schedules.", sc.Name, sc.Type)
	}
	var hasExtracts bool
	if err := s.store.db.QueryRowContext(c.ctx, "SELECT has_extracts FROM "+k.table+" WHERE id = ?", ref.ID).Scan(&hasExtracts); err != nil {
		return result{}, err
	}
	if !hasExtracts {
		return result{}, badRequest("The %s '%s' has no extract to refresh on a schedule.", k.name, ref.Name)
	}
	t, err := s.store.addTask(c.ctx, taskRow{SiteID: c.siteID(), ScheduleID: sc.ID, Type: taskExtractRefresh, ContentType: k.name,
		ContentID: ref.ID, ContentName: ref.Name, Incremental: incremental, Priority: sc.Priority}, s.nowMS())
	if err != nil {
		return result{}, err
	}
	er := &tsc.ExtractRefreshTask{ID: t.ID, Schedule: &tsc.Schedule{ID: sc.ID}}
	if k == workbookKind {
		er.Workbook = &tsc.Workbook{ID: ref.ID}
	} else {
		er.Datasource = &tsc.Datasource{ID: ref.ID}
	}
	resp := tsc.NewTSResponse()
	resp.Task = &tsc.Task{ExtractRefresh: er}
	return ok(resp)
}

// addTask records a task; one refresh of a content per schedule.
func (s *Store) addTask(ctx context.Context, t taskRow, nowMS int64) (*taskRow, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM tasks WHERE schedule_id = ? AND content_id = ? AND type = ?`,
		t.ScheduleID, t.ContentID, t.Type).Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, conflict(codeConflict, "The %s '%s' is already on this schedule.", t.ContentType, t.ContentName)
	}
	t.ID = uuid.NewString()
	t.CreatedMS = nowMS
	_, err := s.db.ExecContext(ctx, `INSERT INTO tasks (id, site_id, schedule_id, type, content_type, content_id, incremental, priority, created_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, t.ID, t.SiteID, t.ScheduleID, t.Type, t.ContentType, t.ContentID, t.Incremental, t.Priority, nowMS)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

func (s *Server) addWorkbookToSchedule(c *call) (result, error) {
	return s.addToSchedule(c, workbookKind)
}
func (s *Server) addDatasourceToSchedule(c *call) (result, error) {
	return s.addToSchedule(c, datasourceKind)
}

// addFlowToSchedule is in handlers_flows.go.

// codeFlowNotFound: Tableau's reference gives no code we could confirm
// for a missing flow; the class code, as for schedules.
const codeFlowNotFound = "404000"
