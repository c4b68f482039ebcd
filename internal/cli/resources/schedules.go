package resources

import (
	"context"
	"strings"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// ScheduleRow is a schedule as tabctl prints it. intervals are the
// frequency details' intervals as "hours=2", "weekDay=Monday", ... (empty
// in lists, which Tableau answers without details).
type ScheduleRow struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	Type           string   `json:"type"`
	Frequency      string   `json:"frequency"`
	State          string   `json:"state"`
	Priority       *int     `json:"priority"`
	ExecutionOrder string   `json:"executionOrder"`
	NextRunAt      string   `json:"nextRunAt"`
	Start          string   `json:"start"`
	End            string   `json:"end"`
	Intervals      []string `json:"intervals"`
	CreatedAt      string   `json:"createdAt"`
	UpdatedAt      string   `json:"updatedAt"`
}

// IntervalText writes an interval as "hours=2", or "weekDay=Monday&monthDay=First".
func IntervalText(in tsc.Interval) string {
	var parts []string
	for _, kv := range [][2]string{{"hours", in.Hours}, {"minutes", in.Minutes}, {"weekDay", in.WeekDay}, {"monthDay", in.MonthDay}} {
		if kv[1] != "" {
			parts = append(parts, kv[0]+"="+kv[1])
		}
	}
	return strings.Join(parts, "&")
}

// NewScheduleRow flattens a schedule.
func NewScheduleRow(s tsc.Schedule) ScheduleRow {
	r := ScheduleRow{ID: s.ID, Name: s.Name, Type: s.Type, Frequency: s.Frequency, State: s.State, Priority: s.Priority,
		ExecutionOrder: s.ExecutionOrder, NextRunAt: Time(s.NextRunAt), CreatedAt: Time(s.CreatedAt), UpdatedAt: Time(s.UpdatedAt),
		Intervals: []string{}}
	if fd := s.FrequencyDetails; fd != nil {
		r.Start, r.End = fd.Start, fd.End
		for _, in := range fd.List() {
			r.Intervals = append(r.Intervals, IntervalText(in))
		}
	}
	return r
}

// ScheduleTable shows schedules.
var ScheduleTable = cmdutil.Table[ScheduleRow]{Columns: []cmdutil.Column[ScheduleRow]{
	{Header: "id", Value: func(r ScheduleRow) string { return r.ID }},
	{Header: "name", Value: func(r ScheduleRow) string { return r.Name }},
	{Header: "type", Value: func(r ScheduleRow) string { return r.Type }},
	{Header: "frequency", Value: func(r ScheduleRow) string { return r.Frequency }},
	{Header: "state", Value: func(r ScheduleRow) string { return r.State }},
	{Header: "priority", Value: func(r ScheduleRow) string { return optInt(r.Priority) }},
	{Header: "next run", Value: func(r ScheduleRow) string { return r.NextRunAt }},
	{Header: "start", Value: func(r ScheduleRow) string { return r.Start }, Wide: true},
	{Header: "end", Value: func(r ScheduleRow) string { return r.End }, Wide: true},
	{Header: "intervals", Value: func(r ScheduleRow) string { return strings.Join(r.Intervals, ",") }, Wide: true},
	{Header: "order", Value: func(r ScheduleRow) string { return r.ExecutionOrder }, Wide: true},
}}

// ScheduleList lists the server's schedules.
var ScheduleList = cmdutil.Lister[tsc.Schedule, ScheduleRow]{
	Plural: "schedules", Table: ScheduleTable, Row: NewScheduleRow,
	Page: func(c *tsc.Client) cmdutil.PageFunc[tsc.Schedule] { return c.Schedules.List },
}

// ResolveSchedule finds a server schedule by id or by name.
func ResolveSchedule(ctx context.Context, c *tsc.Client, ref string) (*tsc.Schedule, error) {
	return finder[tsc.Schedule]{
		kind: "schedule", plural: "schedules", hint: "give its id",
		byID: c.Schedules.Get, all: c.Schedules.All,
		id: func(s tsc.Schedule) string { return s.ID }, name: func(s tsc.Schedule) string { return s.Name },
	}.find(ctx, ref)
}

// ScheduleItem names a schedule by id or name.
var ScheduleItem = cmdutil.Item[tsc.Schedule, ScheduleRow]{
	Singular: "schedule", Arg: "SCHEDULE", ArgHelp: "a schedule id or name",
	Table: ScheduleTable, Row: NewScheduleRow,
	Find: func(ctx context.Context, c *tsc.Client, ref, _ string) (*tsc.Schedule, error) {
		return ResolveSchedule(ctx, c, ref)
	},
	Get: func(ctx context.Context, c *tsc.Client, id string) (*tsc.Schedule, error) {
		return c.Schedules.Get(ctx, id)
	},
	Ident: func(s tsc.Schedule) (string, string) { return s.ID, s.Name },
}

// TaskRow is an extract refresh task as tabctl prints it: what it
// refreshes (contentType workbook or datasource, and its id), on which
// schedule, and how its runs went.
type TaskRow struct {
	ID                     string `json:"id"`
	Type                   string `json:"type"`
	ContentType            string `json:"contentType"`
	ContentID              string `json:"contentId"`
	Incremental            bool   `json:"incremental"`
	Priority               *int   `json:"priority"`
	ConsecutiveFailedCount *int   `json:"consecutiveFailedCount"`
	ScheduleID             string `json:"scheduleId"`
	ScheduleName           string `json:"scheduleName"`
	Frequency              string `json:"frequency"`
	NextRunAt              string `json:"nextRunAt"`
}

// NewTaskRow flattens a task (an extract refresh, a flow run or a data
// acceleration, whichever it is).
func NewTaskRow(t tsc.Task) TaskRow {
	r := TaskRow{ID: t.ID, Type: t.Type, Priority: t.Priority, ConsecutiveFailedCount: t.ConsecutiveFailedCount}
	sched := t.Schedule
	switch {
	case t.ExtractRefresh != nil:
		e := t.ExtractRefresh
		r.ID, r.Type, r.Priority, r.ConsecutiveFailedCount, sched = e.ID, e.Type, e.Priority, e.ConsecutiveFailedCount, e.Schedule
		r.Incremental = e.Incremental != nil && *e.Incremental
		switch {
		case e.Workbook != nil:
			r.ContentType, r.ContentID = "workbook", e.Workbook.ID
		case e.Datasource != nil:
			r.ContentType, r.ContentID = "datasource", e.Datasource.ID
		case e.View != nil:
			r.ContentType, r.ContentID = "view", e.View.ID
		}
	case t.FlowRun != nil:
		f := t.FlowRun
		r.ID, r.Type, r.Priority, r.ConsecutiveFailedCount, sched = f.ID, f.Type, f.Priority, f.ConsecutiveFailedCount, f.Schedule
		r.ContentType = "flow"
	case t.DataAcceleration != nil:
		d := t.DataAcceleration
		r.ID, r.Type, r.ConsecutiveFailedCount, sched = d.ID, d.Type, d.ConsecutiveFailedCount, d.Schedule
		if d.Workbook != nil {
			r.ContentType, r.ContentID = "workbook", d.Workbook.ID
		}
	}
	if sched != nil {
		r.ScheduleID, r.ScheduleName, r.Frequency, r.NextRunAt = sched.ID, sched.Name, sched.Frequency, Time(sched.NextRunAt)
	}
	return r
}

// TaskTable shows tasks.
var TaskTable = cmdutil.Table[TaskRow]{Columns: []cmdutil.Column[TaskRow]{
	{Header: "id", Value: func(r TaskRow) string { return r.ID }},
	{Header: "content", Value: func(r TaskRow) string { return r.ContentType }},
	{Header: "content id", Value: func(r TaskRow) string { return r.ContentID }},
	{Header: "schedule", Value: func(r TaskRow) string {
		if r.ScheduleName == "" {
			return r.Frequency
		}
		return r.ScheduleName
	}},
	{Header: "next run", Value: func(r TaskRow) string { return r.NextRunAt }},
	{Header: "failures", Value: func(r TaskRow) string { return optInt(r.ConsecutiveFailedCount) }},
	{Header: "priority", Value: func(r TaskRow) string { return optInt(r.Priority) }, Wide: true},
}}

// TaskList lists the site's extract refresh tasks (one answer: Tableau
// does not page them).
var TaskList = cmdutil.Lister[tsc.Task, TaskRow]{
	Plural: "tasks", Table: TaskTable, Row: NewTaskRow,
	Page: func(c *tsc.Client) cmdutil.PageFunc[tsc.Task] {
		return func(ctx context.Context, o tsc.ListOptions) ([]tsc.Task, tsc.Pagination, error) {
			tasks, err := c.Tasks.List(ctx)
			n := len(tasks)
			return tasks, tsc.Pagination{PageNumber: 1, PageSize: max(n, 1), TotalAvailable: n}, err
		}
	},
}

// TaskItem names an extract refresh task by its id (tasks have no name).
var TaskItem = cmdutil.Item[tsc.Task, TaskRow]{
	Singular: "task", Arg: "ID", ArgHelp: "a task id",
	Table: TaskTable, Row: NewTaskRow,
	Find: func(ctx context.Context, c *tsc.Client, ref, _ string) (*tsc.Task, error) {
		return c.Tasks.Get(ctx, ref)
	},
	Ident: func(t tsc.Task) (string, string) { return NewTaskRow(t).ID, "" },
}
