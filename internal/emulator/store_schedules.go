package emulator

import (
	"context"
	"database/sql"
	"time"

	"github.com/tsc-go/tsc"
)

// scheduleRow is a schedule as stored, with its frequency parsed.
type scheduleRow struct {
	ID, Name, Type, Frequency string
	SiteID                    sql.NullString
	Priority                  int
	ExecutionOrder, State     string
	Start, End, Intervals     string
	CreatedMS, UpdatedMS      int64
	NextRunMS, LastRunMS      sql.NullInt64
	OwnerTask                 string
	freq                      *frequency
}

const scheduleCols = `s.id, s.name, s.type, s.frequency, s.site_id, s.priority, s.execution_order, s.state, s.start_time, s.end_time,
	s.intervals, s.created_ms, s.updated_ms, s.next_run_ms, s.last_run_ms, s.owner_task`

func scanSchedule(sc interface{ Scan(...any) error }) (*scheduleRow, error) {
	var r scheduleRow
	if err := sc.Scan(&r.ID, &r.Name, &r.Type, &r.Frequency, &r.SiteID, &r.Priority, &r.ExecutionOrder, &r.State, &r.Start, &r.End,
		&r.Intervals, &r.CreatedMS, &r.UpdatedMS, &r.NextRunMS, &r.LastRunMS, &r.OwnerTask); err != nil {
		return nil, err
	}
	f, err := decodeFrequency(r.Frequency, r.Start, r.End, r.Intervals)
	if err != nil {
		return nil, err
	}
	r.freq = f
	return &r, nil
}

// schedule reads a schedule by id.
func (s *Store) schedule(ctx context.Context, q queryer, id string) (*scheduleRow, error) {
	r, err := scanSchedule(q.QueryRowContext(ctx, "SELECT "+scheduleCols+" FROM schedules s WHERE s.id = ?", id))
	if isNoRows(err) {
		return nil, scheduleNotFound(id)
	}
	return r, err
}

// render writes the schedule as the REST API answers it; withDetails adds
// the frequency details (Get, Create and Update answers have them, lists
// do not).
func (r *scheduleRow) render(withDetails bool) *tsc.Schedule {
	// A suspended schedule still reports the next run it would have
	// (schedule_update.xml), though the scheduler does not run it.
	out := &tsc.Schedule{
		Frequency: r.Frequency,
		CreatedAt: msToTime(sql.NullInt64{Int64: r.CreatedMS, Valid: true}),
		UpdatedAt: msToTime(sql.NullInt64{Int64: r.UpdatedMS, Valid: true}),
		NextRunAt: msToTime(r.NextRunMS),
	}
	if r.OwnerTask == "" {
		// A Cloud task's own schedule has no identity, state, priority,
		// type or order (tasks_create_extract_task.xml).
		p := r.Priority
		out.ID, out.Name, out.State, out.Priority, out.Type = r.ID, r.Name, r.State, &p, r.Type
		if withDetails {
			// Lists leave the execution order out (schedule_get.xml).
			out.ExecutionOrder = r.ExecutionOrder
		}
	}
	if withDetails {
		out.FrequencyDetails = r.freq.details()
	}
	return out
}

// Task types as the store keeps them (the path segment of their URLs).
const (
	taskExtractRefresh = "extractRefresh"
	taskRunFlow        = "runFlow"
)

// taskRow is a task as stored, with its content's name.
type taskRow struct {
	ID, SiteID, ScheduleID, Type        string
	ContentType, ContentID, ContentName string
	Incremental                         bool
	Priority, ConsecutiveFailed         int
	CreatedMS                           int64
	LastRunMS                           sql.NullInt64
}

const taskCols = `t.id, t.site_id, t.schedule_id, t.type, t.content_type, t.content_id,
	coalesce((SELECT name FROM workbooks WHERE id = t.content_id), (SELECT name FROM datasources WHERE id = t.content_id),
		(SELECT name FROM flows WHERE id = t.content_id), ''),
	t.incremental, t.priority, t.consecutive_failed, t.created_ms, t.last_run_ms`

func scanTask(sc interface{ Scan(...any) error }) (*taskRow, error) {
	var r taskRow
	err := sc.Scan(&r.ID, &r.SiteID, &r.ScheduleID, &r.Type, &r.ContentType, &r.ContentID, &r.ContentName,
		&r.Incremental, &r.Priority, &r.ConsecutiveFailed, &r.CreatedMS, &r.LastRunMS)
	return &r, err
}

func (s *Store) queryTasks(ctx context.Context, q queryer, where string, args ...any) ([]taskRow, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+taskCols+" FROM tasks t WHERE "+where+" ORDER BY t.priority, t.created_ms, t.rowid", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []taskRow
	for rows.Next() {
		r, err := scanTask(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// scheduleTasks lists a schedule's tasks in the order they run: priority,
// then age.
func (s *Store) scheduleTasks(ctx context.Context, q queryer, scheduleID string) ([]taskRow, error) {
	return s.queryTasks(ctx, q, "t.schedule_id = ?", scheduleID)
}

// noteTaskRun counts a finished job in the failures of the task that
// started it, if any: a success resets the count.
func (s *Store) noteTaskRun(ctx context.Context, jobID string, success bool) {
	if success {
		s.db.ExecContext(ctx, `UPDATE tasks SET consecutive_failed = 0 WHERE id = (SELECT task_id FROM task_jobs WHERE job_id = ?)`, jobID)
		return
	}
	s.db.ExecContext(ctx, `UPDATE tasks SET consecutive_failed = consecutive_failed + 1 WHERE id = (SELECT task_id FROM task_jobs WHERE job_id = ?)`, jobID)
}

func scheduleNotFound(id string) *apiError {
	return notFound(codeScheduleNotFound, "Schedule '%s' could not be found.", id)
}

func taskNotFound(id string) *apiError {
	return notFound(codeTaskNotFound, "Task '%s' could not be found.", id)
}

// msTimeOf is a Unix-milliseconds time as the wire's time.
func msTimeOf(ms int64) time.Time { return time.UnixMilli(ms).UTC() }
