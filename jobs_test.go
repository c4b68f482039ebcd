package tsc

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestJobs(t *testing.T) {
	ts := setup(t)
	jid := "2eef4225-aa0c-41c4-8662-a76d89ed7336"
	ts.handle("GET "+sitePrefix+"/jobs", func(w http.ResponseWriter, r *http.Request) {
		wantQuery(t, r, map[string]string{"pageSize": "100", "pageNumber": "1", "filter": "status:eq:Success,jobType:in:[refresh_extracts,single_subscription_notify]"})
		serveXML(200, reference(t, "job_get.xml"))(w, r)
	})
	ts.handle("GET "+sitePrefix+"/jobs/"+jid, serveXML(200, reference(t, "job_get_by_id.xml")))
	ts.handle("PUT "+sitePrefix+"/jobs/"+jid, func(w http.ResponseWriter, r *http.Request) {
		if b := readBody(t, r); b != "" {
			t.Errorf("cancel body %q", b)
		}
		w.WriteHeader(http.StatusOK)
	})
	opts := ListOptions{Filters: []Filter{Eq("status", "Success"), In("jobType", "refresh_extracts", "single_subscription_notify")}}
	jobs, p, err := ts.client.Jobs.List(bg, opts)
	if err != nil || len(jobs) != 1 || p.TotalAvailable != 1 {
		t.Fatalf("List %+v %v", jobs, err)
	}
	want := BackgroundJob{ID: jid, Status: "Success", Priority: Int(50), JobType: "single_subscription_notify",
		CreatedAt: jobs[0].CreatedAt, StartedAt: jobs[0].StartedAt, EndedAt: jobs[0].EndedAt}
	if d := cmp.Diff(want, jobs[0]); d != "" || jobs[0].EndedAt.Format(time.RFC3339) != "2018-05-22T13:00:45Z" {
		t.Errorf("job (-want +got):\n%s", d)
	}
	for j, err := range ts.client.Jobs.All(bg, opts) {
		if err != nil || j.ID != jid {
			t.Errorf("All %+v %v", j, err)
		}
	}
	job, err := ts.client.Jobs.Get(bg, jid)
	if err != nil {
		t.Fatal(err)
	}
	if !job.Done() || *job.FinishCode != JobSucceeded || *job.Progress != 100 || job.ExtractRefreshJob.Notes != "Job detail notes" ||
		job.StatusNotes.Notes[0].Type != "CountOfUsersAddedToGroup" || job.StatusNotes.Notes[0].Value != "5" {
		t.Errorf("Get %+v", job)
	}
	if !cmp.Equal(job.Notes(), []string{"Job detail notes", "Description of how many users were added to the group during the import."}) {
		t.Errorf("notes %q", job.Notes())
	}
	if err := ts.client.Jobs.Cancel(bg, jid); err != nil {
		t.Fatal(err)
	}
	var ve *VersionError
	old := setup(t, WithVersion("3.0"))
	if _, _, err := old.client.Jobs.List(bg, ListOptions{}); !errors.As(err, &ve) {
		t.Errorf("List at 3.0: %v", err)
	}
	if err := old.client.Jobs.Cancel(bg, jid); !errors.As(err, &ve) {
		t.Errorf("Cancel at 3.0: %v", err)
	}
	for name, err := range map[string]error{
		"Get":           second(ts.client.Jobs.Get(bg, "")),
		"Cancel":        ts.client.Jobs.Cancel(bg, ""),
		"Wait":          second(ts.client.Jobs.Wait(bg, "", WaitOptions{})),
		"Wait negative": second(ts.client.Jobs.Wait(bg, "j", WaitOptions{MinInterval: -1})),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// jobSequence serves the given captured job answers in turn, the last one forever.
func jobSequence(t *testing.T, ts *testServer, id string, files ...string) *[]time.Time {
	var mu sync.Mutex
	var at []time.Time
	ts.handle("GET "+sitePrefix+"/jobs/"+id, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		at = append(at, time.Now())
		i := min(len(at), len(files)) - 1
		mu.Unlock()
		serveXML(200, reference(t, files[i]))(w, r)
	})
	return &at
}

func TestJobsWait(t *testing.T) {
	fast := WaitOptions{MinInterval: time.Millisecond, MaxInterval: 4 * time.Millisecond}
	t.Run("failed", func(t *testing.T) {
		ts := setup(t)
		id := "777bf7c4-421d-4b2c-a518-11b90187c545"
		at := jobSequence(t, ts, id, "job_get_by_id_inprogress.xml", "job_get_by_id_inprogress.xml", "job_get_by_id_failed.xml")
		var polls int
		opts := fast
		opts.OnPoll = func(*Job) { polls++ }
		job, err := ts.client.Jobs.Wait(bg, id, opts)
		var je *JobError
		if !errors.As(err, &je) || !errors.Is(err, ErrJobFailed) || errors.Is(err, ErrJobCancelled) {
			t.Fatalf("err = %v", err)
		}
		if job == nil || je.Job.ID != id || *job.FinishCode != JobFailed || len(*at) != 3 || polls != 3 {
			t.Errorf("job %+v after %d polls", job, len(*at))
		}
		if !strings.Contains(err.Error(), id) || !strings.Contains(err.Error(), "UpdateUploadedFile") || !strings.Contains(err.Error(), "failed") {
			t.Errorf("message %q", err)
		}
	})
	t.Run("failed with notes", func(t *testing.T) {
		ts := setup(t)
		id := "bb1aab79-db54-4e96-9dd3-461d8f081d08"
		jobSequence(t, ts, id, "job_get_by_id_failed_workbook.xml")
		_, err := ts.client.Jobs.Wait(bg, id, fast)
		var je *JobError
		if !errors.As(err, &je) || len(je.Notes) != 1 || !strings.Contains(je.Notes[0], "Login failed for user") || !strings.Contains(err.Error(), "Login failed") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("succeeded", func(t *testing.T) {
		ts := setup(t)
		id := "2eef4225-aa0c-41c4-8662-a76d89ed7336"
		jobSequence(t, ts, id, "job_get_by_id.xml")
		job, err := ts.client.Jobs.Wait(bg, id, fast)
		if err != nil || job.ID != id {
			t.Fatalf("%+v %v", job, err)
		}
	})
	t.Run("unknown finish code", func(t *testing.T) {
		ts := setup(t)
		jobSequence(t, ts, "2eef4225-aa0c-41c4-8662-a76d89ed7336", "job_get_by_id_completed.xml")
		_, err := ts.client.Jobs.Wait(bg, "2eef4225-aa0c-41c4-8662-a76d89ed7336", fast)
		if !errors.Is(err, ErrJobFailed) || !strings.Contains(err.Error(), "finish code 3") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ts := setup(t)
		ts.handle("GET "+sitePrefix+"/jobs/j", serveXML(200, []byte(`<tsResponse xmlns="http://tableau.com/api"><job id="j" type="RefreshExtract" progress="30" createdAt="2021-10-05T18:53:34Z" completedAt="2021-10-05T18:54:00Z" finishCode="2"/></tsResponse>`)))
		_, err := ts.client.Jobs.Wait(bg, "j", fast)
		if !errors.Is(err, ErrJobCancelled) || errors.Is(err, ErrJobFailed) || !strings.Contains(err.Error(), "cancelled") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("backs off and respects the context", func(t *testing.T) {
		ts := setup(t)
		at := jobSequence(t, ts, "j", "job_get_by_id_inprogress.xml")
		ctx, cancel := context.WithTimeout(bg, 150*time.Millisecond)
		defer cancel()
		start := time.Now()
		job, err := ts.client.Jobs.Wait(ctx, "j", WaitOptions{MinInterval: 5 * time.Millisecond, MaxInterval: 40 * time.Millisecond})
		if !errors.Is(err, context.DeadlineExceeded) || job == nil || !strings.Contains(err.Error(), "progress 0%") {
			t.Fatalf("%+v %v", job, err)
		}
		if time.Since(start) > 2*time.Second {
			t.Error("Wait outlived its context")
		}
		polls := *at
		// Waits double from 5 ms to the 40 ms ceiling: far fewer polls than a fixed 5 ms tick.
		if len(polls) < 2 || len(polls) > 12 {
			t.Errorf("%d polls in 150 ms", len(polls))
		}
		for i := 2; i < len(polls); i++ {
			if d := polls[i].Sub(polls[i-1]); d < 4*time.Millisecond {
				t.Errorf("poll %d came %s after the previous one", i, d)
			}
		}
	})
	t.Run("a failing poll ends the wait", func(t *testing.T) {
		ts := setup(t)
		ts.handle("GET "+sitePrefix+"/jobs/j", serveXML(404, []byte(`<tsResponse xmlns="http://tableau.com/api"><error code="404005"><summary>Not found</summary><detail>Job not found</detail></error></tsResponse>`)))
		if _, err := ts.client.Jobs.Wait(bg, "j", fast); !errors.Is(err, ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
	})
}
