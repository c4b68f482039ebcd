package emulator

import (
	"bytes"
	"context"
	"database/sql"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
)

// TestOutboxWithOccurrence: what a scheduledRunner writes into the outbox
// is sent with its occurrence, once, at the occurrence's time, and a
// runner's failure sends nothing and leaves the occurrence due.
func TestOutboxWithOccurrence(t *testing.T) {
	now := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	s, err := New(Config{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := s.Bootstrap(ctx, Admin{Name: "admin", Password: "pw"}); err != nil {
		t.Fatal(err)
	}
	var fail atomic.Bool // the janitor's passes call the runner too
	fail.Store(true)
	s.registerRunner("Subscription", runnerFunc(func(ctx context.Context, tx *sql.Tx, sc *scheduleRow, at time.Time) error {
		if err := s.store.addOutbox(ctx, tx, &OutboxMessage{Kind: "subscription", SourceID: sc.ID, UserName: "admin", Subject: sc.Name + " " + at.Format("15:04"),
			CreatedAt: at, Attachments: []OutboxAttachment{{Name: "view.png", ContentType: "image/png", Data: []byte{0x89, 'P', 'N', 'G'}}}}); err != nil {
			return err
		}
		if fail.Load() {
			return context.Canceled // rolls the message back
		}
		return nil
	}))
	f, err := parseFrequency("Hourly", &tsc.FrequencyDetails{Start: "00:00:00", End: "23:00:00", Intervals: &tsc.IntervalList{Intervals: []tsc.Interval{{Hours: "6"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.createSchedule(ctx, s.store.db, &scheduleInput{name: "Digest", typ: "Subscription", order: "Parallel", state: "Active", priority: 50, freq: f}, "", "", now); err != nil {
		t.Fatal(err)
	}
	if err := s.Advance(ctx, 7*time.Hour); err == nil {
		t.Fatal("a failing runner's pass reported no error")
	}
	if msgs, _ := s.Outbox(ctx); len(msgs) != 0 {
		t.Fatalf("a failed occurrence sent %d messages", len(msgs))
	}
	fail.Store(false)
	if err := s.Advance(ctx, 0); err != nil {
		t.Fatal(err)
	}
	msgs, err := s.Outbox(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var subjects []string
	for _, m := range msgs {
		subjects = append(subjects, m.Subject+"@"+m.CreatedAt.Format("15:04"))
		if len(m.Attachments) != 1 || !bytes.Equal(m.Attachments[0].Data, []byte{0x89, 'P', 'N', 'G'}) || m.Seq == 0 || m.ID == "" {
			t.Errorf("message %+v", m)
		}
	}
	// 06:00 is the first run after midnight (the schedule was made at 00:00).
	if want := "Digest 06:00@06:00"; len(subjects) != 1 || subjects[0] != want {
		t.Errorf("outbox %v, want [%s]", subjects, want)
	}
	if err := s.ClearOutbox(ctx); err != nil {
		t.Fatal(err)
	}
	if msgs, _ := s.Outbox(ctx); len(msgs) != 0 {
		t.Errorf("%d messages after clearing", len(msgs))
	}
}

// TestSchedulerPassesAreBounded: one pass stops at its bound with
// occurrences still due, the next passes carry on where it stopped, and
// Advance runs passes until nothing is due: a long backlog is neither lost
// nor run under one lock. (The janitor runs passes meanwhile too.)
func TestSchedulerPassesAreBounded(t *testing.T) {
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	var offset atomic.Int64
	s, err := New(Config{Now: func() time.Time { return start.Add(time.Duration(offset.Load())) }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.sched.perPass = 10
	ctx := context.Background()
	var runs atomic.Int64
	s.registerRunner("Flow", runnerFunc(func(context.Context, *sql.Tx, *scheduleRow, time.Time) error { runs.Add(1); return nil }))
	f, err := parseFrequency("Hourly", &tsc.FrequencyDetails{Start: "00:00:00", End: "00:00:00", Intervals: &tsc.IntervalList{Intervals: []tsc.Interval{{Minutes: "15"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.createSchedule(ctx, s.store.db, &scheduleInput{name: "Q", typ: "Flow", order: "Parallel", state: "Active", priority: 50, freq: f}, "", "", start); err != nil {
		t.Fatal(err)
	}
	offset.Store(int64(7 * 24 * time.Hour)) // 672 quarter hours later
	before := runs.Load()
	more, err := s.runDuePass(ctx)
	if err != nil || !more || runs.Load()-before > 10*3 {
		t.Fatalf("one pass: more=%v err=%v runs=%d (the janitor's passes included)", more, err, runs.Load()-before)
	}
	if err := s.Advance(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if n := runs.Load(); n != 7*24*4 {
		t.Errorf("%d runs, want %d", n, 7*24*4)
	}
}
