package emulator

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/tsc-go/tsc"
)

// Tasks (REST API "Jobs, Tasks, and Schedules Methods"): the extract
// refresh tasks of a site, flow tasks, and linked tasks.
//
// Required capabilities, per route (actTasks lets any site member through
// the role test, actScheduleContent those who can publish and
// administrators; then):
//
//	GET tasks/extractRefreshes[/{id}]           administrators see every task, others the tasks
//	                                            of content they own (or whose project they own)
//	POST tasks/extractRefreshes (Cloud)         actScheduleContent, then mayRefresh on the content
//	POST tasks/extractRefreshes/{id} (Cloud)    actScheduleContent, then mayRefresh on the task's content
//	DELETE tasks/extractRefreshes/{id}          actScheduleContent, then mayRefresh on the task's content
//	POST tasks/extractRefreshes/{id}/runNow     actScheduleContent, then mayRefresh on the task's content
//	GET tasks/runFlow[/{id}]                    actTasks, then as for extract refresh tasks
//	POST, DELETE tasks/runFlow/{id}[/runNow]    actScheduleContent, then Execute on the flow
//	POST tasks/flows (Cloud)                    actScheduleContent, then Execute on the flow
//	GET tasks/linked[/{id}], POST .../runNow    site administrators (actListSchedules)
//
// Flow tasks (handlers_flows.go) share the tasks table, visibility and
// jobs with extract refresh tasks; their runs are flow runs.

// taskVisibleSQL limits a task query to what the caller may see.
func taskVisibleSQL(c *call) (string, []any) {
	if c.user.isSiteAdmin() {
		return "", nil
	}
	return ` AND ? IN (
		coalesce((SELECT owner_id FROM workbooks WHERE id = t.content_id), (SELECT owner_id FROM datasources WHERE id = t.content_id),
			(SELECT owner_id FROM flows WHERE id = t.content_id), ''),
		coalesce((SELECT p.owner_id FROM workbooks w JOIN projects p ON p.id = w.project_id WHERE w.id = t.content_id),
			(SELECT p.owner_id FROM datasources d JOIN projects p ON p.id = d.project_id WHERE d.id = t.content_id),
			(SELECT p.owner_id FROM flows f JOIN projects p ON p.id = f.project_id WHERE f.id = t.content_id), ''))`, []any{c.user.ID}
}

// renderTask writes a task as List and Get Extract Refresh Task answer it.
func renderTask(t *taskRow, sc *scheduleRow) *tsc.Task {
	p, failed := t.Priority, t.ConsecutiveFailed
	er := &tsc.ExtractRefreshTask{ID: t.ID, Priority: &p, ConsecutiveFailedCount: &failed, Type: "RefreshExtractTask"}
	if t.Incremental {
		er.Incremental = tsc.Bool(true)
	}
	if sc != nil {
		// A server schedule is named as a list names it; a Cloud task's
		// own schedule is given whole, since it is nowhere else.
		er.Schedule = sc.render(sc.OwnerTask != "")
		if sc.OwnerTask != "" {
			// As tasks_with_interval.xml lists a Cloud task's schedule.
			er.Schedule.CreatedAt, er.Schedule.UpdatedAt = tsc.Time{}, tsc.Time{}
		}
	}
	if t.ContentType == "workbook" {
		er.Workbook = &tsc.Workbook{ID: t.ContentID}
	} else {
		er.Datasource = &tsc.Datasource{ID: t.ContentID}
	}
	return &tsc.Task{ExtractRefresh: er}
}

// listExtractTasks answers GET /sites/{site}/tasks/extractRefreshes (2.2).
func (s *Server) listExtractTasks(c *call) (result, error) {
	if err := s.authorize(c, actTasks, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	s.runDue(c.ctx)
	vis, args := taskVisibleSQL(c)
	tasks, err := s.store.queryTasks(c.ctx, s.store.db, "t.site_id = ? AND t.type = 'extractRefresh'"+vis, append([]any{c.siteID()}, args...)...)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Tasks = &tsc.TaskList{Tasks: []tsc.Task{}}
	scheds := map[string]*scheduleRow{}
	for i := range tasks {
		sc, ok := scheds[tasks[i].ScheduleID]
		if !ok {
			if sc, err = s.store.schedule(c.ctx, s.store.db, tasks[i].ScheduleID); err != nil {
				return result{}, err
			}
			scheds[sc.ID] = sc
		}
		resp.Tasks.Tasks = append(resp.Tasks.Tasks, *renderTask(&tasks[i], sc))
	}
	return ok(resp)
}

// visibleTask reads a task of the site that the caller may see.
func (s *Server) visibleTask(c *call, typ string) (*taskRow, *scheduleRow, error) {
	vis, args := taskVisibleSQL(c)
	tasks, err := s.store.queryTasks(c.ctx, s.store.db, "t.site_id = ? AND t.type = ? AND t.id = ?"+vis,
		append([]any{c.siteID(), typ, c.param("id")}, args...)...)
	if err != nil {
		return nil, nil, err
	}
	if len(tasks) == 0 {
		return nil, nil, taskNotFound(c.param("id"))
	}
	sc, err := s.store.schedule(c.ctx, s.store.db, tasks[0].ScheduleID)
	return &tasks[0], sc, err
}

// mayChangeTask is mayRefresh for the task's content.
func (s *Server) mayChangeTask(c *call, t *taskRow) error {
	k := workbookKind
	if t.ContentType == datasourceKind.name {
		k = datasourceKind
	}
	_, err := s.mayRefresh(c, k, t.ContentID)
	return err
}

// getExtractTask answers GET /sites/{site}/tasks/extractRefreshes/{id} (2.2).
func (s *Server) getExtractTask(c *call) (result, error) {
	if err := s.authorize(c, actTasks, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	s.runDue(c.ctx)
	t, sc, err := s.visibleTask(c, taskExtractRefresh)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Task = renderTask(t, sc)
	return ok(resp)
}

// deleteExtractTask answers DELETE /sites/{site}/tasks/extractRefreshes/{id}
// (3.6). A Cloud task's own schedule goes with it.
func (s *Server) deleteExtractTask(c *call) (result, error) {
	return s.deleteTaskOf(c, taskExtractRefresh, s.mayChangeTask)
}

// deleteTaskOf deletes the path's task of type typ once may allows it; a
// Cloud task's own schedule goes with it (the task with its schedule, ON
// DELETE CASCADE). Extract refresh and flow tasks share it.
func (s *Server) deleteTaskOf(c *call, typ string, may func(*call, *taskRow) error) (result, error) {
	if err := s.authorize(c, actScheduleContent, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	s.runDue(c.ctx)
	t, sc, err := s.visibleTask(c, typ)
	if err != nil {
		return result{}, err
	}
	if err := may(c, t); err != nil {
		return result{}, err
	}
	err = s.store.tx(c.ctx, func(tx *sql.Tx) error {
		if sc.OwnerTask == t.ID {
			_, err := tx.ExecContext(c.ctx, `DELETE FROM schedules WHERE id = ?`, sc.ID)
			return err
		}
		_, err := tx.ExecContext(c.ctx, `DELETE FROM tasks WHERE id = ?`, t.ID)
		return err
	})
	if err != nil {
		return result{}, err
	}
	return noContent()
}

// runExtractTask answers POST /sites/{site}/tasks/extractRefreshes/{id}/runNow
// (2.6): the task's job starts now, whatever its schedule.
func (s *Server) runExtractTask(c *call) (result, error) {
	return s.runTaskOf(c, taskExtractRefresh, s.mayChangeTask)
}

// runTaskOf starts the path's task of type typ now, once may allows it and
// the site lets the caller run tasks on demand, and answers its job.
// Extract refresh and flow tasks share it.
func (s *Server) runTaskOf(c *call, typ string, may func(*call, *taskRow) error) (result, error) {
	if err := s.authorize(c, actScheduleContent, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	s.runDue(c.ctx)
	t, _, err := s.visibleTask(c, typ)
	if err != nil {
		return result{}, err
	}
	if err := may(c, t); err != nil {
		return result{}, err
	}
	if err := s.runNowAllowed(c); err != nil {
		return result{}, err
	}
	var jobID string
	err = s.store.tx(c.ctx, func(tx *sql.Tx) error {
		if err := s.startTaskJob(c.ctx, tx, t, s.nowMS()); err != nil {
			return err
		}
		return tx.QueryRowContext(c.ctx, `SELECT job_id FROM task_jobs WHERE task_id = ? ORDER BY rowid DESC LIMIT 1`, t.ID).Scan(&jobID)
	})
	if err != nil {
		return result{}, err
	}
	j, err := s.store.job(c.ctx, s.store.db, c.siteID(), jobID)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Job = renderJob(j)
	return ok(resp)
}

// runNowAllowed applies the site's runNowEnabled setting: when it is off,
// only administrators run tasks on demand.
func (s *Server) runNowAllowed(c *call) error {
	site, err := s.store.siteBy(c.ctx, s.store.db, "id", c.siteID())
	if err != nil {
		return err
	}
	if r := site.Settings.RunNowEnabled; r != nil && !*r && !c.user.isSiteAdmin() {
		return forbidden("Site '%s' has runNowEnabled off: only administrators can run tasks now.", site.ContentURL)
	}
	return nil
}

// cloudTaskInput reads a Create or Update Cloud Extract Refresh Task body:
// <extractRefresh type=".."><workbook id=".."/></extractRefresh><schedule ..>.
func cloudTaskInput(req *tsc.TSRequest, update bool) (incremental *bool, sched *scheduleInput, err error) {
	if req.ExtractRefresh == nil && !update {
		return nil, nil, badRequest("The request has no <extractRefresh> element.")
	}
	if er := req.ExtractRefresh; er != nil {
		switch er.Type {
		case "FullRefresh":
			incremental = tsc.Bool(false)
		case "IncrementalRefresh":
			incremental = tsc.Bool(true)
		case "":
			if !update {
				incremental = tsc.Bool(false)
			}
		default:
			return nil, nil, badRequest("The extract refresh type '%s' is not valid: it must be FullRefresh or IncrementalRefresh.", er.Type)
		}
	}
	if req.Schedule == nil && req.ExtractRefresh != nil && req.ExtractRefresh.Schedule != nil {
		// The schema's form: the schedule inside the task.
		req.Schedule = req.ExtractRefresh.Schedule
	}
	if req.Schedule == nil {
		if update {
			return incremental, nil, nil
		}
		return nil, nil, badRequest("The request has no <schedule> element: on Tableau Cloud a task carries its own schedule.")
	}
	if fd := req.Schedule.FrequencyDetails; fd != nil && len(fd.List()) > maxIntervals {
		return nil, nil, badRequest("A schedule has at most %d intervals (it has %d).", maxIntervals, len(fd.List()))
	}
	f, err := parseFrequency(req.Schedule.Frequency, req.Schedule.FrequencyDetails)
	if err != nil {
		return nil, nil, err
	}
	return incremental, &scheduleInput{typ: "Extract", order: "Parallel", state: "Active", priority: 50, freq: f}, nil
}

// createCloudTask answers POST /sites/{site}/tasks/extractRefreshes (3.20,
// Tableau Cloud): a task for a workbook or data source with its own
// schedule. The answer is Tableau Cloud's: the task and the schedule side
// by side (see docs/schema-errata.md).
func (s *Server) createCloudTask(c *call) (result, error) {
	if err := s.authorize(c, actScheduleContent, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	if !s.cfg.Cloud {
		return result{}, badRequest("Create Extract Refresh Task is a Tableau Cloud method: on Tableau Server, add the workbook or data source to a schedule (PUT /sites/{site}/schedules/{id}/workbooks or datasources).")
	}
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	incremental, in, err := cloudTaskInput(req, false)
	if err != nil {
		return result{}, err
	}
	er := req.ExtractRefresh
	k, id := workbookKind, ""
	switch {
	case er.Workbook != nil && er.Datasource == nil:
		id = er.Workbook.ID
	case er.Datasource != nil && er.Workbook == nil:
		k, id = datasourceKind, er.Datasource.ID
	}
	if id == "" {
		return result{}, badRequest("The extract refresh names one workbook or one data source by id.")
	}
	if _, err := s.mayRefresh(c, k, id); err != nil {
		return result{}, err
	}
	ref, err := s.store.contentRef(c.ctx, s.store.db, k, c.siteID(), id)
	if err != nil {
		return result{}, err
	}
	var hasExtracts bool
	if err := s.store.db.QueryRowContext(c.ctx, "SELECT has_extracts FROM "+k.table+" WHERE id = ?", ref.ID).Scan(&hasExtracts); err != nil {
		return result{}, err
	}
	if !hasExtracts {
		return result{}, badRequest("The %s '%s' has no extract to refresh on a schedule.", k.name, ref.Name)
	}
	taskID := uuid.NewString()
	var sc *scheduleRow
	now := s.Now()
	err = s.store.tx(c.ctx, func(tx *sql.Tx) error {
		var err error
		if sc, err = s.store.createSchedule(c.ctx, tx, in, c.siteID(), taskID, now); err != nil {
			return err
		}
		_, err = tx.ExecContext(c.ctx, `INSERT INTO tasks (id, site_id, schedule_id, type, content_type, content_id, incremental, priority, created_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, taskID, c.siteID(), sc.ID, taskExtractRefresh, k.name, ref.ID, *incremental, 50, now.UnixMilli())
		return err
	})
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.ExtractRefresh = &tsc.ExtractRefreshTask{ID: taskID, Type: er.Type}
	if resp.ExtractRefresh.Type == "" {
		resp.ExtractRefresh.Type = "FullRefresh"
	}
	if k == workbookKind {
		resp.ExtractRefresh.Workbook = &tsc.Workbook{ID: ref.ID}
	} else {
		resp.ExtractRefresh.Datasource = &tsc.Datasource{ID: ref.ID}
	}
	resp.Schedule = sc.render(true)
	return result{status: http.StatusOK, body: resp}, nil
}

// updateCloudTask answers POST /sites/{site}/tasks/extractRefreshes/{id}
// (3.20, Tableau Cloud): a new refresh type, or a new schedule.
func (s *Server) updateCloudTask(c *call) (result, error) {
	if err := s.authorize(c, actScheduleContent, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	if !s.cfg.Cloud {
		return result{}, badRequest("Update Extract Refresh Task is a Tableau Cloud method: on Tableau Server, a task's schedule is changed through the schedule.")
	}
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	incremental, in, err := cloudTaskInput(req, true)
	if err != nil {
		return result{}, err
	}
	if err := s.runDue(c.ctx); err != nil {
		return result{}, err
	}
	s.sched.mu.Lock()
	t, sc, err := s.visibleTask(c, taskExtractRefresh)
	if err == nil {
		err = s.mayChangeTask(c, t)
	}
	if err == nil && in != nil {
		err = s.store.updateSchedule(c.ctx, sc, in, s.nowMS())
	}
	if err == nil && incremental != nil {
		_, err = s.store.db.ExecContext(c.ctx, `UPDATE tasks SET incremental = ? WHERE id = ?`, *incremental, t.ID)
	}
	s.sched.mu.Unlock()
	if err != nil {
		return result{}, err
	}
	t, sc, err = s.visibleTask(c, taskExtractRefresh)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Task = renderTask(t, sc)
	return ok(resp)
}

// Flow tasks are in handlers_flows.go.

// Linked tasks (3.15) run their steps one after the other. Tableau creates
// them in its web UI; the emulator through SeedLinkedTask.

type linkedRow struct {
	ID, SiteID string
	ScheduleID sql.NullString
}

func (s *Store) linkedTasks(ctx context.Context, siteID, id string) ([]linkedRow, error) {
	q := `SELECT id, site_id, schedule_id FROM linked_tasks WHERE site_id = ?`
	args := []any{siteID}
	if id != "" {
		q += ` AND id = ?`
		args = append(args, id)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY created_ms, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []linkedRow
	for rows.Next() {
		var r linkedRow
		if err := rows.Scan(&r.ID, &r.SiteID, &r.ScheduleID); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

type linkedStep struct {
	ID   string
	Step int
	Stop bool
	Task taskRow
}

func (s *Store) linkedSteps(ctx context.Context, q queryer, linkedID string) ([]linkedStep, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, step, stop_on_failure, task_id FROM linked_task_steps WHERE linked_id = ? ORDER BY step`, linkedID)
	if err != nil {
		return nil, err
	}
	var steps []linkedStep
	var ids []string
	for rows.Next() {
		var st linkedStep
		var tid string
		if err := rows.Scan(&st.ID, &st.Step, &st.Stop, &tid); err != nil {
			rows.Close()
			return nil, err
		}
		steps = append(steps, st)
		ids = append(ids, tid)
	}
	rows.Close()
	for i, tid := range ids {
		ts, err := s.queryTasks(ctx, q, "t.id = ?", tid)
		if err != nil {
			return nil, err
		}
		if len(ts) == 1 {
			steps[i].Task = ts[0]
		}
	}
	return steps, nil
}

func (s *Server) renderLinked(ctx context.Context, r linkedRow) (*tsc.LinkedTask, error) {
	steps, err := s.store.linkedSteps(ctx, s.store.db, r.ID)
	if err != nil {
		return nil, err
	}
	n := len(steps)
	out := &tsc.LinkedTask{ID: r.ID, NumSteps: &n, Steps: tsc.LinkedTaskStepList{Steps: []tsc.LinkedTaskStep{}}}
	if r.ScheduleID.Valid {
		sc, err := s.store.schedule(ctx, s.store.db, r.ScheduleID.String)
		if err != nil {
			return nil, err
		}
		out.Schedule = sc.render(false)
	}
	for _, st := range steps {
		num, stop := st.Step, st.Stop
		out.Steps.Steps = append(out.Steps.Steps, tsc.LinkedTaskStep{ID: st.ID, StepNumber: &num, StopDownstreamTasksOnFailure: &stop,
			Task: *renderTask(&st.Task, nil)})
	}
	return out, nil
}

// listLinkedTasks answers GET /sites/{site}/tasks/linked (3.15).
func (s *Server) listLinkedTasks(c *call) (result, error) {
	if err := s.authorize(c, actListSchedules, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	s.runDue(c.ctx)
	rows, err := s.store.linkedTasks(c.ctx, c.siteID(), "")
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.LinkedTasks = &tsc.LinkedTaskList{LinkedTasks: []tsc.LinkedTask{}}
	for _, r := range rows {
		lt, err := s.renderLinked(c.ctx, r)
		if err != nil {
			return result{}, err
		}
		resp.LinkedTasks.LinkedTasks = append(resp.LinkedTasks.LinkedTasks, *lt)
	}
	n := len(rows)
	resp.Pagination = &tsc.Pagination{PageNumber: 1, PageSize: max(n, 100), TotalAvailable: n}
	return ok(resp)
}

func (s *Server) linkedTask(c *call) (*linkedRow, error) {
	rows, err := s.store.linkedTasks(c.ctx, c.siteID(), c.param("id"))
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, notFound(codeTaskNotFound, "Linked task '%s' could not be found.", c.param("id"))
	}
	return &rows[0], nil
}

// getLinkedTask answers GET /sites/{site}/tasks/linked/{id} (3.15).
func (s *Server) getLinkedTask(c *call) (result, error) {
	if err := s.authorize(c, actListSchedules, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	r, err := s.linkedTask(c)
	if err != nil {
		return result{}, err
	}
	lt, err := s.renderLinked(c.ctx, *r)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.LinkedTask = lt
	return ok(resp)
}

// runLinkedTask answers POST /sites/{site}/tasks/linked/{id}/runNow (3.15):
// each step's job starts when the one before would end; when a step whose
// stopDownstreamTasksOnFailure is set fails, the later ones are cancelled.
func (s *Server) runLinkedTask(c *call) (result, error) {
	if err := s.authorize(c, actListSchedules, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	r, err := s.linkedTask(c)
	if err != nil {
		return result{}, err
	}
	ljID := uuid.NewString()
	now := s.nowMS()
	err = s.store.tx(c.ctx, func(tx *sql.Tx) error {
		steps, err := s.store.linkedSteps(c.ctx, tx, r.ID)
		if err != nil {
			return err
		}
		var jobs []string
		for i, st := range steps {
			if err := s.startTaskJob(c.ctx, tx, &st.Task, now+int64(i)*s.cfg.JobDuration.Milliseconds()); err != nil {
				return err
			}
			var id string
			if err := tx.QueryRowContext(c.ctx, `SELECT job_id FROM task_jobs WHERE task_id = ? ORDER BY rowid DESC LIMIT 1`, st.Task.ID).Scan(&id); err != nil {
				return err
			}
			jobs = append(jobs, id)
		}
		_, err = tx.ExecContext(c.ctx, `INSERT INTO linked_task_jobs (id, linked_id, site_id, created_ms, jobs) VALUES (?, ?, ?, ?, ?)`,
			ljID, r.ID, c.siteID(), now, strings.Join(jobs, "\n"))
		return err
	})
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.LinkedTaskJob = &tsc.LinkedTaskJob{ID: ljID, LinkedTaskID: r.ID, Status: "Pending", CreatedAt: tsc.NewTime(msTimeOf(now))}
	return ok(resp)
}

// stopDownstream cancels the later steps of the linked task runs a failed
// job belonged to, when its step says so.
func (s *Server) stopDownstream(ctx context.Context, jobID string) {
	rows, err := s.store.db.QueryContext(ctx, `SELECT lj.linked_id, lj.jobs FROM linked_task_jobs lj WHERE instr(lj.jobs, ?) > 0`, jobID)
	if err != nil {
		return
	}
	type run struct{ linked, jobs string }
	var runs []run
	for rows.Next() {
		var r run
		if rows.Scan(&r.linked, &r.jobs) == nil {
			runs = append(runs, r)
		}
	}
	rows.Close()
	for _, r := range runs {
		jobs := strings.Split(r.jobs, "\n")
		steps, err := s.store.linkedSteps(ctx, s.store.db, r.linked)
		if err != nil {
			continue
		}
		for i, id := range jobs {
			if id != jobID || i >= len(steps) || !steps[i].Stop {
				continue
			}
			now := s.nowMS()
			for _, later := range jobs[i+1:] {
				s.store.finishJob(ctx, s.store.db, later, jobCancelled, tsc.JobCancelled,
					"Cancelled: an earlier step of the linked task failed.", now, now)
			}
		}
	}
}

// SeedLinkedTask makes a linked task on the site (a content URL) whose
// steps are the given extract refresh tasks, in order; stopOnFailure sets
// each step's stopDownstreamTasksOnFailure. Tableau makes linked tasks in
// its web UI (of flow tasks; this seed links the extract refresh tasks it
// is given), so there is no REST call to make one. It is
// shown with its first step's schedule.
func (s *Server) SeedLinkedTask(ctx context.Context, siteContentURL string, stopOnFailure bool, taskIDs ...string) (string, error) {
	siteID, err := s.siteIDFor(ctx, siteContentURL)
	if err != nil {
		return "", err
	}
	if len(taskIDs) == 0 {
		return "", errors.New("emulator: a linked task needs at least one step")
	}
	id := uuid.NewString()
	err = s.store.tx(ctx, func(tx *sql.Tx) error {
		// A linked task is shown with a schedule (linked_tasks_get.xml; TSC's
		// LinkedTaskItem reads it unconditionally): its first step's.
		if _, err := tx.ExecContext(ctx, `INSERT INTO linked_tasks (id, site_id, schedule_id, created_ms)
			VALUES (?, ?, (SELECT schedule_id FROM tasks WHERE id = ? AND site_id = ?), ?)`, id, siteID, taskIDs[0], siteID, s.nowMS()); err != nil {
			return err
		}
		for i, tid := range taskIDs {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM tasks WHERE id = ? AND site_id = ?`, tid, siteID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fmt.Errorf("emulator: no task %q on site %q", tid, siteContentURL)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO linked_task_steps (id, linked_id, step, task_id, stop_on_failure) VALUES (?, ?, ?, ?, ?)`,
				uuid.NewString(), id, i+1, tid, stopOnFailure); err != nil {
				return err
			}
		}
		return nil
	})
	return id, err
}
