package tsc_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// e2eJobFailure reports whether err is a *tsc.JobError matching class
// (ErrJobFailed, ErrJobCancelled) whose notes include notes.
func e2eJobFailure(err, class error, notes string) bool {
	var je *tsc.JobError
	if !errors.As(err, &je) || !errors.Is(err, class) {
		return false
	}
	return slices.Contains(je.Notes, notes) && strings.Contains(err.Error(), notes)
}

// TestE2EJobsWaitSeesProgress runs the job on a controlled clock that each
// poll moves on by a tenth of the job's duration, so the polls see it
// pending, then rising, then done, however slow the machine.
func TestE2EJobsWaitSeesProgress(t *testing.T) {
	clk := newE2EClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	_, c := e2eContentServer(t, 400*time.Millisecond, tsctest.WithClock(clk.Now))
	wb := e2ePublishSales(t, c, "Sales")
	job := e2eMust(c.Workbooks.Refresh(e2eCtx, wb.ID))(t)
	var mu sync.Mutex
	var seen []int
	done := e2eMust(c.Jobs.Wait(e2eCtx, job.ID, tsc.WaitOptions{MinInterval: time.Millisecond, MaxInterval: 2 * time.Millisecond,
		OnPoll: func(j *tsc.Job) {
			mu.Lock()
			defer mu.Unlock()
			if j.Progress != nil {
				seen = append(seen, *j.Progress)
			}
			clk.Advance(40 * time.Millisecond)
		}}))(t)
	if !done.Done() || *done.FinishCode != tsc.JobSucceeded || done.StartedAt.IsZero() {
		t.Errorf("done %+v", done)
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.IsSorted(seen) || seen[0] != 0 || seen[len(seen)-1] != 100 {
		t.Errorf("progress seen %v, want rising from 0 to 100", seen)
	}
	between := false
	for _, p := range seen {
		between = between || (p > 0 && p < 100)
	}
	if !between {
		t.Errorf("no progress between 0 and 100 seen: %v", seen)
	}
}

func TestE2EJobsFailAndCancel(t *testing.T) {
	clk := newE2EClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	srv, c := e2eContentServer(t, 10*time.Second, tsctest.WithClock(clk.Now))
	wb := e2ePublishSales(t, c, "Sales")
	poll := tsc.WaitOptions{MinInterval: 5 * time.Millisecond, MaxInterval: 10 * time.Millisecond}

	// A fault planted for the next refresh of the workbook.
	e2eNoErr(t, srv.FailJobs(tsctest.JobFault{Type: "RefreshExtract", ContentName: "Sales", Notes: "ODBC: login failed"}))
	failing := e2eMust(c.Workbooks.Refresh(e2eCtx, wb.ID))(t)
	clk.Advance(11 * time.Second)
	last, err := c.Jobs.Wait(e2eCtx, failing.ID, poll)
	if !e2eJobFailure(err, tsc.ErrJobFailed, "ODBC: login failed") || errors.Is(err, tsc.ErrJobCancelled) {
		t.Fatalf("Wait: %v", err)
	}
	if last == nil || *last.FinishCode != tsc.JobFailed {
		t.Errorf("last seen %+v", last)
	}

	// Cancelled while running.
	running := e2eMust(c.Workbooks.Refresh(e2eCtx, wb.ID))(t)
	clk.Advance(5 * time.Second)
	if j := e2eMust(c.Jobs.Get(e2eCtx, running.ID))(t); j.Done() || *j.Progress != 37 {
		t.Errorf("half way: %+v (progress %d)", j, *j.Progress)
	}
	e2eNoErr(t, c.Jobs.Cancel(e2eCtx, running.ID))
	_, err = c.Jobs.Wait(e2eCtx, running.ID, poll)
	if !errors.Is(err, tsc.ErrJobCancelled) || errors.Is(err, tsc.ErrJobFailed) {
		t.Errorf("Wait on a cancelled job: %v", err)
	}
	// Cancelling a finished job changes nothing.
	e2eNoErr(t, c.Jobs.Cancel(e2eCtx, failing.ID))
	if j := e2eMust(c.Jobs.Get(e2eCtx, failing.ID))(t); *j.FinishCode != tsc.JobFailed {
		t.Errorf("cancel changed a failed job: %+v", j)
	}

	// Ended by the control endpoints, through tsctest.
	a := e2eMust(c.Workbooks.Refresh(e2eCtx, wb.ID))(t)
	b := e2eMust(c.Workbooks.Refresh(e2eCtx, wb.ID))(t)
	e2eNoErr(t, srv.FinishJob(a.ID))
	e2eNoErr(t, srv.FailJob(b.ID, "disk full"))
	e2eMust(c.Jobs.Wait(e2eCtx, a.ID, poll))(t)
	if _, err := c.Jobs.Wait(e2eCtx, b.ID, poll); !e2eJobFailure(err, tsc.ErrJobFailed, "disk full") {
		t.Errorf("Wait on a job failed by control: %v", err)
	}

	// A job still running when the context ends.
	pending := e2eMust(c.Workbooks.Refresh(e2eCtx, wb.ID))(t)
	ctx, cancel := context.WithTimeout(e2eCtx, 50*time.Millisecond)
	defer cancel()
	if _, err := c.Jobs.Wait(ctx, pending.ID, poll); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Wait past its deadline: %v", err)
	}

	// The site's job list, filtered.
	ids := func(opts tsc.ListOptions) []string {
		t.Helper()
		var out []string
		for _, j := range e2eCollect(t, c.Jobs.All(e2eCtx, opts)) {
			out = append(out, j.ID)
		}
		return out
	}
	if got := ids(tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("status", "Failed")}, Sort: []tsc.Sort{tsc.Asc("createdAt")}}); !slices.Equal(got, []string{failing.ID, b.ID}) {
		t.Errorf("failed jobs %v", got)
	}
	if got := ids(tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("status", "Cancelled")}}); !slices.Equal(got, []string{running.ID}) {
		t.Errorf("cancelled jobs %v", got)
	}
	all := e2eCollect(t, c.Jobs.All(e2eCtx, tsc.ListOptions{PageSize: 2}))
	if len(all) != 5 || all[0].JobType != "refresh_extracts" || all[0].Title != "Sales" || all[0].Priority == nil {
		t.Errorf("all jobs %+v", all)
	}
	_, err = c.Jobs.Get(e2eCtx, "00000000-0000-0000-0000-000000000000")
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404031")
	// Jobs are for administrators to list and cancel.
	_, cora := e2eUserClient(t, srv, "", "cora", tsc.SiteRoleCreator)
	_, _, err = cora.Jobs.List(e2eCtx, tsc.ListOptions{})
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403000")
	e2eWantCode(t, cora.Jobs.Cancel(e2eCtx, pending.ID), tsc.ErrForbidden, http.StatusForbidden, "403000")
}

func TestE2EJobsPublishJobFails(t *testing.T) {
	clk := newE2EClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	srv, c := e2eContentServer(t, time.Second, tsctest.WithClock(clk.Now))
	e2eNoErr(t, srv.FailJobs(tsctest.JobFault{Type: "PublishWorkbook", Notes: "out of space"}))
	job := e2eMust(c.Workbooks.PublishAsJob(e2eCtx, tsc.Workbook{Name: "Never"}, tsc.PublishSource{Path: e2eFile("workbooks/Sales.twbx")}, tsc.PublishOptions{}))(t)
	clk.Advance(2 * time.Second)
	if _, err := c.Jobs.Wait(e2eCtx, job.ID, tsc.WaitOptions{MinInterval: 5 * time.Millisecond}); !e2eJobFailure(err, tsc.ErrJobFailed, "out of space") {
		t.Errorf("Wait: %v", err)
	}
	if wbs := e2eMust2(c.Workbooks.List(e2eCtx, tsc.ListOptions{}))(t); len(wbs) != 0 {
		t.Errorf("a failed publish job published %d workbooks", len(wbs))
	}
}
