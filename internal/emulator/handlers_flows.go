package emulator

import (
	"database/sql"
	"net/http"

	"github.com/google/uuid"
	"github.com/tsc-go/tsc"
)

// Flows (issue 16). Required capabilities, per route, decided by the one
// content evaluator (authorizeContent; internal/authz's matrix):
//
//	POST flows                              Write (Publish) on the project; Write on a flow overwritten
//	GET flows, GET flows/{id}               Read (lists show the flows the caller may read)
//	PUT flows/{id}                          Write; moving also ChangeHierarchy and Publish on the target
//	DELETE flows/{id}                       Delete
//	GET flows/{id}/content                  ExportXml (Download Flow)
//	GET, PUT flows/{id}/connections[/{c}]   Read; Write to change one
//	revisions (list, download, delete)      Write (as for workbooks and data sources)
//	PUT, DELETE flows/{id}/tags             Write
//	POST flows/{id}/run                     Execute (Run Flow)
//	GET flows/runs[/{id}]                   runs of the flows the caller may Read
//	PUT flows/runs/{id}                     Execute on the run's flow
//	tasks/runFlow, schedules/{id}/flows     actTasks / actScheduleContent, then Execute on the flow

// renderFlow writes a flow as Query Flow answers it.
func renderFlow(base string, r *flowRow) tsc.Flow {
	return tsc.Flow{
		ID: r.ID, Name: r.Name, Description: r.Description, WebpageURL: base + "flows/" + r.ID, FileType: r.FileType,
		CreatedAt: parseTime(r.CreatedAt), UpdatedAt: parseTime(r.UpdatedAt),
		Project: &tsc.Project{ID: r.ProjectID, Name: r.ProjectName},
		Owner:   &tsc.User{ID: r.OwnerID},
		Tags:    tagsOf(r.Tags),
	}
}

func (s *Server) flowResponse(c *call, id string) (*tsc.Flow, error) {
	r, err := s.store.flow(c.ctx, s.store.db, c.siteID(), id)
	if err != nil {
		return nil, err
	}
	f := renderFlow(s.webpageBase(c), r)
	return &f, nil
}

// flowPublishResponse is Publish Flow's answer: the flow's output steps,
// then the flow with its (empty) parameters, as flow_publish.xml has it.
func (s *Server) flowPublishResponse(c *call, resp *tsc.TSResponse, id string) error {
	f, err := s.flowResponse(c, id)
	if err != nil {
		return err
	}
	f.Parameters = &tsc.FlowParameterList{}
	outs, err := s.store.flowOutputs(c.ctx, s.store.db, id)
	if err != nil {
		return err
	}
	resp.FlowOutputSteps = renderFlowOutputs(outs)
	resp.Flow = f
	return nil
}

func renderFlowOutputs(outs []flowOutput) *tsc.FlowOutputStepList {
	l := &tsc.FlowOutputStepList{Steps: []tsc.FlowOutputStep{}}
	for _, o := range outs {
		l.Steps = append(l.Steps, tsc.FlowOutputStep{ID: o.StepID, Name: o.Name})
	}
	return l
}

func (s *Server) publishFlow(c *call) (result, error) { return s.publish(c, flowPublish) }

// listFlows answers GET /sites/{site}/flows (3.3).
func (s *Server) listFlows(c *call) (result, error) {
	lq, err := c.list(flowListSpec)
	if err != nil {
		return result{}, err
	}
	if err := s.restrictToReadable(c, lq, tsc.PermFlow); err != nil {
		return result{}, err
	}
	rows, p, err := s.store.listFlows(c.ctx, c.siteID(), lq)
	if err != nil {
		return result{}, err
	}
	base := s.webpageBase(c)
	resp := tsc.NewTSResponse()
	resp.Pagination = &p
	resp.Flows = &tsc.FlowList{Flows: []tsc.Flow{}}
	for i := range rows {
		resp.Flows.Flows = append(resp.Flows.Flows, renderFlow(base, &rows[i]))
	}
	return ok(resp)
}

// getFlow answers GET /sites/{site}/flows/{id} (3.3).
func (s *Server) getFlow(c *call) (result, error) {
	if _, err := s.authorizeContent(c, tsc.PermFlow, c.param("id")); err != nil {
		return result{}, err
	}
	f, err := s.flowResponse(c, c.param("id"))
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Flow = f
	return ok(resp)
}

// updateFlow answers PUT /sites/{site}/flows/{id} (3.3): Tableau's Update
// Flow changes the project and the owner (TSC sends nothing else); the
// emulator also takes a new name and description, as for data sources.
func (s *Server) updateFlow(c *call) (result, error) {
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	if req.Flow == nil {
		return result{}, badRequest("The request needs a <flow> element.")
	}
	var u flowUpdate
	attrs := elementAttrs(c.body, "flow")
	for name, dst := range map[string]**string{"name": &u.Name, "description": &u.Description} {
		if v, ok := attrs[name]; ok {
			*dst = &v
		}
	}
	if req.Flow.Project != nil {
		u.ProjectID = req.Flow.Project.ID
	}
	if req.Flow.Owner != nil {
		u.OwnerID = req.Flow.Owner.ID
	}
	if err := s.mayUpdateContent(c, tsc.PermFlow, u.ProjectID, u.OwnerID); err != nil {
		return result{}, err
	}
	err = s.store.updateFlow(c.ctx, c.siteID(), c.param("id"), u, func(ref *contentRef, np *projectRow) error {
		if u.OwnerID != "" && u.OwnerID != ref.OwnerID && !c.user.isSiteAdmin() {
			return noPermission("Only administrators can change a flow's owner.")
		}
		return nil
	})
	if err != nil {
		return result{}, err
	}
	f, err := s.flowResponse(c, c.param("id"))
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Flow = f
	return ok(resp)
}

func (s *Server) deleteFlow(c *call) (result, error) {
	if _, err := s.authorizeContent(c, tsc.PermFlow, c.param("id"), tsc.CapDelete); err != nil {
		return result{}, err
	}
	if err := s.store.deleteContent(c.ctx, flowKind, c.siteID(), c.param("id"), nil); err != nil {
		return result{}, err
	}
	return noContent()
}

func (s *Server) flowContent(c *call) (result, error) { return s.contentFile(c, flowKind, false) }
func (s *Server) flowRevisionContent(c *call) (result, error) {
	return s.contentFile(c, flowKind, true)
}
func (s *Server) flowRevisions(c *call) (result, error) { return s.listContentRevisions(c, flowKind) }
func (s *Server) deleteFlowRevision(c *call) (result, error) {
	return s.removeContentRevision(c, flowKind)
}
func (s *Server) flowConnections(c *call) (result, error) { return s.listConnections(c, flowKind) }
func (s *Server) updateFlowConnection(c *call) (result, error) {
	return s.updateConnection(c, flowKind)
}
func (s *Server) addFlowTags(c *call) (result, error) {
	return s.addTags(c, flowKind.name, s.contentTaggable(c, flowKind))
}
func (s *Server) deleteFlowTag(c *call) (result, error) {
	return s.deleteTag(c, flowKind.name, s.contentTaggable(c, flowKind))
}

// runFlow answers POST /sites/{site}/flows/{id}/run (3.3): a RunFlow job
// starts now; its run appears in the flow runs. Running needs Execute.
func (s *Server) runFlow(c *call) (result, error) {
	cf, err := s.authorizeContent(c, tsc.PermFlow, c.param("id"), tsc.CapExecute)
	if err != nil {
		return result{}, err
	}
	var jobID string
	err = s.store.tx(c.ctx, func(tx *sql.Tx) error {
		var err error
		jobID, err = s.store.startFlowRun(c.ctx, tx, c.siteID(), cf.ID, cf.Name, c.user.ID, s.cfg.JobDuration.Milliseconds(), s.nowMS())
		return err
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

// Flow runs.

func renderFlowRun(r *flowRunRow) tsc.FlowRun {
	progress := r.Job.Progress
	if r.Job.Status == jobSuccess || r.Job.Status == jobFailed || r.Job.Status == jobCancelled {
		progress = 100
	}
	out := tsc.FlowRun{ID: r.ID, FlowID: r.FlowID, Status: r.Job.Status, Progress: &progress, BackgroundJobID: r.Job.ID,
		StartedAt: msToTime(r.Job.StartedMS), CompletedAt: msToTime(r.Job.CompletedMS)}
	if out.StartedAt.IsZero() {
		// A pending run reports when it was queued, as TSC's job parser
		// takes a run's start from its job's creation.
		out.StartedAt = msToTime(sql.NullInt64{Int64: r.Job.CreatedMS, Valid: true})
	}
	return out
}

// listFlowRuns answers GET /sites/{site}/flows/runs (3.10): the runs of the
// flows the caller may read, newest first.
func (s *Server) listFlowRuns(c *call) (result, error) {
	lq, err := c.list(flowRunListSpec)
	if err != nil {
		return result{}, err
	}
	if err := s.restrictToReadable(c, lq, tsc.PermFlow); err != nil {
		return result{}, err
	}
	s.runDue(c.ctx)
	s.advanceJobs(c.ctx, c.siteID())
	rows, p, err := s.store.listFlowRuns(c.ctx, c.siteID(), lq)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Pagination = &p
	resp.FlowRuns = &tsc.FlowRunList{FlowRuns: []tsc.FlowRun{}}
	for i := range rows {
		resp.FlowRuns.FlowRuns = append(resp.FlowRuns.FlowRuns, renderFlowRun(&rows[i]))
	}
	return ok(resp)
}

// visibleFlowRun reads a run whose flow the caller may read (with need on
// it); another site's run, or one of a flow they may not read, is 404.
func (s *Server) visibleFlowRun(c *call, need ...tsc.Capability) (*flowRunRow, error) {
	s.runDue(c.ctx)
	s.advanceJobs(c.ctx, c.siteID())
	r, err := s.store.flowRun(c.ctx, c.siteID(), c.param("id"))
	if err != nil {
		return nil, err
	}
	if _, err := s.authorizeContent(c, tsc.PermFlow, r.FlowID, need...); err != nil {
		if ae, ok := err.(*apiError); ok && ae.Status == http.StatusNotFound {
			return nil, flowRunNotFound(c.param("id"))
		}
		return nil, err
	}
	return r, nil
}

// getFlowRun answers GET /sites/{site}/flows/runs/{id} (3.10).
func (s *Server) getFlowRun(c *call) (result, error) {
	r, err := s.visibleFlowRun(c)
	if err != nil {
		return result{}, err
	}
	out := renderFlowRun(r)
	resp := tsc.NewTSResponse()
	resp.FlowRun = &out
	return ok(resp)
}

// cancelFlowRun answers PUT /sites/{site}/flows/runs/{id} (3.10): a run not
// yet done ends Cancelled with its job; a finished run is left as it is.
// Those who may run the flow (Execute) may cancel its runs.
func (s *Server) cancelFlowRun(c *call) (result, error) {
	r, err := s.visibleFlowRun(c, tsc.CapExecute)
	if err != nil {
		return result{}, err
	}
	s.content.jobMu.Lock()
	defer s.content.jobMu.Unlock()
	j := &r.Job
	if _, err := s.store.finishJob(c.ctx, s.store.db, j.ID, jobCancelled, tsc.JobCancelled, "Cancelled by "+c.user.Name+".",
		j.CreatedMS+j.DurationMS/5, s.nowMS()); err != nil {
		return result{}, err
	}
	return result{status: http.StatusOK}, nil
}

// Flow tasks: runs of a flow on a Flow schedule (Tableau Server) or on a
// schedule of their own (Tableau Cloud's Create Flow Task).

// renderFlowTask writes a flow task as List and Get Flow Task answer it.
func (s *Server) renderFlowTask(c *call, t *taskRow, sc *scheduleRow) (*tsc.Task, error) {
	p, failed := t.Priority, t.ConsecutiveFailed
	fr := &tsc.FlowRunTask{ID: t.ID, Priority: &p, ConsecutiveFailedCount: &failed, Type: "RunFlowTask",
		Flow: &tsc.FlowRef{ID: t.ContentID, Name: t.ContentName}}
	if sc != nil {
		fr.Schedule = sc.render(sc.OwnerTask != "")
	}
	outs, err := s.store.flowOutputs(c.ctx, s.store.db, t.ContentID)
	if err != nil {
		return nil, err
	}
	fr.FlowRunSpec = &tsc.FlowRunSpec{FlowID: t.ContentID, FlowOutputSteps: renderFlowOutputs(outs), FlowParameterSpecs: &tsc.FlowParameterSpecList{}}
	return &tsc.Task{FlowRun: fr}, nil
}

// listFlowTasks answers GET /sites/{site}/tasks/runFlow (3.3).
func (s *Server) listFlowTasks(c *call) (result, error) {
	if err := s.authorize(c, actTasks, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	s.runDue(c.ctx)
	vis, args := taskVisibleSQL(c)
	tasks, err := s.store.queryTasks(c.ctx, s.store.db, "t.site_id = ? AND t.type = 'runFlow'"+vis, append([]any{c.siteID()}, args...)...)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Tasks = &tsc.TaskList{Tasks: []tsc.Task{}}
	for i := range tasks {
		sc, err := s.store.schedule(c.ctx, s.store.db, tasks[i].ScheduleID)
		if err != nil {
			return result{}, err
		}
		t, err := s.renderFlowTask(c, &tasks[i], sc)
		if err != nil {
			return result{}, err
		}
		resp.Tasks.Tasks = append(resp.Tasks.Tasks, *t)
	}
	return ok(resp)
}

// flowTask answers GET /sites/{site}/tasks/runFlow/{id} (3.3).
func (s *Server) flowTask(c *call) (result, error) {
	if err := s.authorize(c, actTasks, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	s.runDue(c.ctx)
	t, sc, err := s.visibleTask(c, taskRunFlow)
	if err != nil {
		return result{}, err
	}
	out, err := s.renderFlowTask(c, t, sc)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Task = out
	return ok(resp)
}

// deleteFlowTask answers DELETE /sites/{site}/tasks/runFlow/{id} (3.6); a
// Cloud task's own schedule goes with it. Deleting needs Execute on the flow.
func (s *Server) deleteFlowTask(c *call) (result, error) {
	return s.deleteTaskOf(c, taskRunFlow, s.mayRunFlowTask)
}

// runFlowTask answers POST /sites/{site}/tasks/runFlow/{id}/runNow (3.3):
// the task's flow runs now.
func (s *Server) runFlowTask(c *call) (result, error) {
	return s.runTaskOf(c, taskRunFlow, s.mayRunFlowTask)
}

// mayRunFlowTask: running or deleting a flow task needs Execute on its flow.
func (s *Server) mayRunFlowTask(c *call, t *taskRow) error {
	_, err := s.authorizeContent(c, tsc.PermFlow, t.ContentID, tsc.CapExecute)
	return err
}

// flowToRun reads the flow a task names and checks the caller may run it.
func (s *Server) flowToRun(c *call, id string) (*contentRef, error) {
	if id == "" {
		return nil, badRequest("The request names no flow: it needs <flow id=\"...\"/>.")
	}
	if _, err := s.authorizeContent(c, tsc.PermFlow, id, tsc.CapExecute); err != nil {
		return nil, err
	}
	return s.store.contentRef(c.ctx, s.store.db, flowKind, c.siteID(), id)
}

// addFlowToSchedule answers PUT /sites/{site}/schedules/{id}/flows (3.3):
// a flow task on a Flow schedule.
func (s *Server) addFlowToSchedule(c *call) (result, error) {
	if err := s.authorize(c, actScheduleContent, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	var flowID string
	if t := req.Task; t != nil {
		// <flowRun> as Tableau's reference writes it, <runFlow> as TSC sends it.
		for _, fr := range []*tsc.FlowRunTask{t.FlowRun, t.RunFlow} {
			if fr != nil && fr.Flow != nil && flowID == "" {
				flowID = fr.Flow.ID
			}
		}
	}
	if flowID == "" {
		return result{}, badRequest("The request needs <task><flowRun><flow id=\"...\"/></flowRun></task>.")
	}
	s.runDue(c.ctx)
	sc, err := s.store.serverSchedule(c.ctx, s.store.db, c.param("id"))
	if err != nil {
		return result{}, err
	}
	ref, err := s.flowToRun(c, flowID)
	if err != nil {
		return result{}, err
	}
	if sc.Type != "Flow" {
		return result{}, badRequest("Schedule '%s' is a %s schedule: flow runs go on Flow schedules.", sc.Name, sc.Type)
	}
	t, err := s.store.addTask(c.ctx, taskRow{SiteID: c.siteID(), ScheduleID: sc.ID, Type: taskRunFlow, ContentType: flowKind.name,
		ContentID: ref.ID, ContentName: ref.Name, Priority: sc.Priority}, s.nowMS())
	if err != nil {
		return result{}, err
	}
	// The task as the flow task routes write it (the schema's
	// taskRunFlowType), naming its schedule by id.
	out, err := s.renderFlowTask(c, t, nil)
	if err != nil {
		return result{}, err
	}
	out.FlowRun.Schedule = &tsc.Schedule{ID: sc.ID}
	resp := tsc.NewTSResponse()
	resp.Task = out
	return ok(resp)
}

// createFlowTask answers POST /sites/{site}/tasks/flows (3.22, Tableau
// Cloud's Create Flow Task): a flow task with a schedule of its own.
func (s *Server) createFlowTask(c *call) (result, error) {
	if err := s.authorize(c, actScheduleContent, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	if !s.cfg.Cloud {
		return result{}, badRequest("Create Flow Task is a Tableau Cloud method: on Tableau Server, add the flow to a Flow schedule (PUT /sites/{site}/schedules/{id}/flows).")
	}
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	if req.RunFlow == nil {
		return result{}, badRequest("The request has no <runFlow> element.")
	}
	var flowID string
	if req.RunFlow.Flow != nil {
		flowID = req.RunFlow.Flow.ID
	}
	ref, err := s.flowToRun(c, flowID)
	if err != nil {
		return result{}, err
	}
	if req.Schedule == nil {
		return result{}, badRequest("The request has no <schedule> element: on Tableau Cloud a task carries its own schedule.")
	}
	if fd := req.Schedule.FrequencyDetails; fd != nil && len(fd.List()) > maxIntervals {
		return result{}, badRequest("A schedule has at most %d intervals (it has %d).", maxIntervals, len(fd.List()))
	}
	f, err := parseFrequency(req.Schedule.Frequency, req.Schedule.FrequencyDetails)
	if err != nil {
		return result{}, err
	}
	in := &scheduleInput{typ: "Flow", order: "Parallel", state: "Active", priority: 50, freq: f}
	taskID := uuid.NewString()
	var sc *scheduleRow
	now := s.Now()
	s.runDue(c.ctx)
	err = s.store.tx(c.ctx, func(tx *sql.Tx) error {
		var err error
		if sc, err = s.store.createSchedule(c.ctx, tx, in, c.siteID(), taskID, now); err != nil {
			return err
		}
		_, err = tx.ExecContext(c.ctx, `INSERT INTO tasks (id, site_id, schedule_id, type, content_type, content_id, priority, created_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, taskID, c.siteID(), sc.ID, taskRunFlow, flowKind.name, ref.ID, 50, now.UnixMilli())
		return err
	})
	if err != nil {
		return result{}, err
	}
	t, sc, err := s.visibleTaskByID(c, taskRunFlow, taskID)
	if err != nil {
		return result{}, err
	}
	out, err := s.renderFlowTask(c, t, sc)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Task = out
	return ok(resp)
}

// visibleTaskByID is visibleTask for an id the handler has, not the path's.
func (s *Server) visibleTaskByID(c *call, typ, id string) (*taskRow, *scheduleRow, error) {
	tasks, err := s.store.queryTasks(c.ctx, s.store.db, "t.site_id = ? AND t.type = ? AND t.id = ?", c.siteID(), typ, id)
	if err != nil {
		return nil, nil, err
	}
	if len(tasks) == 0 {
		return nil, nil, taskNotFound(id)
	}
	sc, err := s.store.schedule(c.ctx, s.store.db, tasks[0].ScheduleID)
	return &tasks[0], sc, err
}
