package emulator

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"
)

// The scheduler turns due schedules into work on the server's clock.
//
// Each schedule keeps, in the store, the time of its next run that has not
// happened (next_run_ms). A pass (runDue) takes the earliest due schedule,
// runs its occurrence at that time, not at "now", and moves next_run_ms to
// the following occurrence, in one transaction; then the next earliest, until
// none is due. So an Advance of a week runs every occurrence of the week once
// and in time order, a restart with --data carries on from the stored next
// run (nothing runs twice, nothing is skipped), and the jobs an occurrence
// starts carry the occurrence's time.
//
// What an occurrence does depends on the schedule's type: each type has a
// scheduledRunner. Extract schedules start their extract refresh tasks'
// jobs (extractRunner); subscriptions (Subscription schedules) and flow
// runs (Flow schedules) register theirs in registerRunners. A schedule
// whose type has no runner only moves on.
//
// The pass runs on the janitor's tick (real time, every second at most),
// on Advance, and before any request reads or changes schedules or tasks,
// so a schedule edited while due first runs what was due under its old
// settings.

// scheduledRunner runs what hangs on a schedule of one type when it fires.
//
// runScheduled is called once per occurrence, in time order, inside the
// transaction that moves the schedule on: everything it writes (jobs,
// outbox messages) commits with the move or not at all, so an occurrence's
// work happens exactly once. It must use tx for every read and write (the
// in-memory store has a single connection), and must not block on anything
// outside the store. at is the occurrence's time on the server's clock,
// which is the time to give what it creates (a job's creation, a message's
// sending). An error rolls the occurrence back; the next pass retries it.
type scheduledRunner interface {
	runScheduled(ctx context.Context, tx *sql.Tx, sched *scheduleRow, at time.Time) error
}

// runnerFunc adapts a function to scheduledRunner.
type runnerFunc func(ctx context.Context, tx *sql.Tx, sched *scheduleRow, at time.Time) error

func (f runnerFunc) runScheduled(ctx context.Context, tx *sql.Tx, sched *scheduleRow, at time.Time) error {
	return f(ctx, tx, sched, at)
}

// scheduler holds the runners by schedule type and serialises passes.
type scheduler struct {
	mu      sync.Mutex
	runners map[string][]scheduledRunner
	// perPass, when set (tests), replaces maxRunsPerPass.
	perPass int
}

// registerRunner adds r to the runners of schedules of the type (Extract,
// Subscription, Flow). Several runners of one type run in the order they
// were registered. It is called from registerRunners, before the server
// serves.
func (s *Server) registerRunner(scheduleType string, r scheduledRunner) {
	s.sched.mu.Lock()
	defer s.sched.mu.Unlock()
	if s.sched.runners == nil {
		s.sched.runners = map[string][]scheduledRunner{}
	}
	s.sched.runners[scheduleType] = append(s.sched.runners[scheduleType], r)
}

// registerRunners wires each schedule type to what its occurrences run.
// Subscriptions (issue 15's subscription work) register their runner for
// "Subscription" here.
func (s *Server) registerRunners() {
	s.registerRunner("Extract", runnerFunc(s.runExtractTasks))
	s.registerRunner("Subscription", runnerFunc(s.runSubscriptions))
	// A Flow schedule's occurrence runs its flow tasks: startTaskJob
	// starts each task's flow run, as it starts an extract task's refresh.
	s.registerRunner("Flow", runnerFunc(s.runExtractTasks))
}

// maxAdvance bounds one Advance: a year of the busiest schedule (every 15
// minutes) is 35,000 occurrences, each a transaction.
const maxAdvance = 366 * 24 * time.Hour

// Advance moves the server's clock forward by d and runs every schedule
// occurrence that falls due, in time order, before returning. Jobs then
// move on the new time when they are next read.
func (s *Server) Advance(ctx context.Context, d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("emulator: the clock only moves forward (asked to advance %v)", d)
	}
	if d > maxAdvance {
		return fmt.Errorf("emulator: advance the clock by at most %v at a time (asked %v)", maxAdvance, d)
	}
	s.clock.add(d)
	s.wakeHooks() // retries may have fallen due
	for {
		more, err := s.runDuePass(ctx)
		if err != nil || !more {
			return err
		}
	}
}

// Now is the time on the server's clock.
func (s *Server) Now() time.Time { return s.clock.now() }

// maxRunsPerPass bounds the occurrences one pass runs, so that a server
// restarted on a long backlog (a year of a schedule every 15 minutes is
// 35,000 occurrences) catches up over several janitor ticks instead of
// holding the scheduler, and the request that triggered the pass, for the
// whole of it. Advance runs passes until nothing is due.
const maxRunsPerPass = 2000

// runDue runs the occurrences due by now, earliest first (see above), at
// most maxRunsPerPass of them.
func (s *Server) runDue(ctx context.Context) error {
	_, err := s.runDuePass(ctx)
	return err
}

// runDuePass is runDue, reporting whether occurrences are still due.
func (s *Server) runDuePass(ctx context.Context) (more bool, err error) {
	s.sched.mu.Lock()
	defer s.sched.mu.Unlock()
	now := s.nowMS()
	limit := maxRunsPerPass
	if s.sched.perPass > 0 {
		limit = s.sched.perPass
	}
	for i := 0; ; i++ {
		if i == limit {
			return true, nil
		}
		var id string
		err := s.store.db.QueryRowContext(ctx, `SELECT id FROM schedules WHERE state = 'Active' AND next_run_ms IS NOT NULL
			AND next_run_ms <= ? ORDER BY next_run_ms, priority, id LIMIT 1`, now).Scan(&id)
		if isNoRows(err) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if err := s.store.tx(ctx, func(tx *sql.Tx) error { return s.fire(ctx, tx, id) }); err != nil {
			return false, fmt.Errorf("emulator: running schedule %s: %w", id, err)
		}
	}
}

// fire runs one occurrence of a schedule and moves it to the next.
func (s *Server) fire(ctx context.Context, tx *sql.Tx, id string) error {
	sc, err := s.store.schedule(ctx, tx, id)
	if err != nil {
		return err
	}
	at := time.UnixMilli(sc.NextRunMS.Int64).UTC()
	for _, r := range s.sched.runners[sc.Type] {
		if err := r.runScheduled(ctx, tx, sc, at); err != nil {
			return err
		}
	}
	next := sql.NullInt64{}
	if t := sc.freq.next(at); !t.IsZero() {
		next = sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
	}
	_, err = tx.ExecContext(ctx, `UPDATE schedules SET last_run_ms = ?, next_run_ms = ? WHERE id = ?`, at.UnixMilli(), next, id)
	return err
}

// runExtractTasks is the Extract runner: each extract refresh task on the
// schedule starts a RefreshExtract job at the occurrence's time. In a
// Serial schedule each job starts when the one before it would end; in a
// Parallel one they all start at once.
func (s *Server) runExtractTasks(ctx context.Context, tx *sql.Tx, sc *scheduleRow, at time.Time) error {
	tasks, err := s.store.scheduleTasks(ctx, tx, sc.ID)
	if err != nil {
		return err
	}
	dur := s.cfg.JobDuration.Milliseconds()
	for i, t := range tasks {
		start := at.UnixMilli()
		if sc.ExecutionOrder == "Serial" {
			start += int64(i) * dur
		}
		if err := s.startTaskJob(ctx, tx, &t, start); err != nil {
			return err
		}
	}
	return nil
}

// startTaskJob starts the job a task runs, created at startMS, and ties
// it to the task so that its end counts in the task's failures.
func (s *Server) startTaskJob(ctx context.Context, tx *sql.Tx, t *taskRow, startMS int64) error {
	var id string
	var err error
	if t.Type == taskRunFlow {
		// A flow task's job is a flow run (store_flows.go).
		id, err = s.store.startFlowRun(ctx, tx, t.SiteID, t.ContentID, t.ContentName, "", s.cfg.JobDuration.Milliseconds(), startMS)
	} else {
		id, err = s.store.createJobTx(ctx, tx, jobInput{SiteID: t.SiteID, Type: "RefreshExtract", ContentType: t.ContentType, ContentID: t.ContentID,
			ContentName: t.ContentName, DurationMS: s.cfg.JobDuration.Milliseconds()}, startMS)
	}
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO task_jobs (job_id, task_id) VALUES (?, ?)`, id, t.ID); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE tasks SET last_run_ms = ? WHERE id = ?`, startMS, t.ID)
	return err
}
