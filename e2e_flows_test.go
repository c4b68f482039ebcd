package tsc_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// Flows (issue 16 item 1): every call of Flows, FlowRuns and the flow
// tasks, against the emulator, with the test flow testdata/flows/Sales
// Prep.tfl (two inputs, a postgres database and a packaged CSV; an output
// that publishes the data source "Sales Prep Output"; an output to a CSV).

const flowOutputName = "Sales Prep Output"

func e2eFlowServer(t *testing.T) (*e2eClock, *tsctest.Server, *tsc.Client) {
	t.Helper()
	clk := newE2EClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	srv, c := e2eContentServer(t, 10*time.Second, tsctest.WithClock(clk.Now))
	return clk, srv, c
}

func TestE2EFlowsPublishListGetUpdateDelete(t *testing.T) {
	clk, srv, c := e2eFlowServer(t)
	finance := e2eMust(c.Projects.Create(e2eCtx, tsc.Project{Name: "Finance"}))(t)
	fl := e2eMust(c.Flows.PublishFile(e2eCtx, tsc.Flow{Description: "Orders and targets"}, e2eFile("flows/Sales Prep.tfl"), tsc.PublishOptions{}))(t)
	if fl.Name != "Sales Prep" || fl.FileType != "tfl" || fl.Description != "Orders and targets" || fl.Project == nil || fl.Owner == nil ||
		fl.CreatedAt.IsZero() || !strings.Contains(fl.WebpageURL, "/flows/"+fl.ID) {
		t.Errorf("published %+v", fl)
	}
	packaged := e2eMust(c.Flows.PublishFile(e2eCtx, tsc.Flow{Name: "Packaged", Project: &tsc.Project{ID: finance.ID}},
		e2eFile("flows/Sales Prep.tflx"), tsc.PublishOptions{}))(t)
	if packaged.FileType != "tflx" || packaged.Project.ID != finance.ID {
		t.Errorf("packaged %+v", packaged)
	}
	// Same name in the same project: 409 without Overwrite.
	_, err := c.Flows.PublishFile(e2eCtx, tsc.Flow{}, e2eFile("flows/Sales Prep.tfl"), tsc.PublishOptions{})
	e2eWantCode(t, err, tsc.ErrConflict, http.StatusConflict, "409004")
	clk.Advance(time.Minute)
	over := e2eMust(c.Flows.PublishFile(e2eCtx, tsc.Flow{}, e2eFile("flows/Sales Prep.tflx"),
		tsc.PublishOptions{Mode: tsc.PublishOverwrite}))(t)
	if over.ID != fl.ID || over.FileType != "tflx" || !over.UpdatedAt.After(fl.UpdatedAt.Time) {
		t.Errorf("overwrite %+v", over)
	}
	if _, err := c.Flows.PublishFile(e2eCtx, tsc.Flow{}, e2eFile("flows/Sales Prep.tfl"), tsc.PublishOptions{Mode: tsc.PublishAppend}); err == nil {
		t.Error("appending to a flow was not refused")
	}
	// From a reader without a name: the type is told from its bytes.
	b := e2eRead(t, "flows/Sales Prep.tfl")
	fromReader := e2eMust(c.Flows.Publish(e2eCtx, tsc.Flow{Name: "From a reader"}, tsc.PublishSource{Reader: bytes.NewReader(b)}, tsc.PublishOptions{}))(t)
	if fromReader.FileType != "tfl" {
		t.Errorf("published from a reader: %+v", fromReader)
	}
	e2eNoErr(t, c.Flows.Delete(e2eCtx, fromReader.ID))
	// Chunked, through an upload session.
	chunked := e2eMust(c.Flows.PublishFile(e2eCtx, tsc.Flow{Name: "Chunked"}, e2eFile("flows/Sales Prep.tfl"),
		tsc.PublishOptions{ChunkThreshold: 1, ChunkSize: 256}))(t)
	if n := srv.Handled("PUT", "sites/{site}/fileUploads/{id}"); n < 3 {
		t.Errorf("%d chunks for the chunked flow publish", n)
	}

	names := func(opts tsc.ListOptions) string {
		t.Helper()
		var out []string
		for _, f := range e2eCollect(t, c.Flows.All(e2eCtx, opts)) {
			out = append(out, f.Name)
		}
		return strings.Join(out, ",")
	}
	e2eMust(c.Flows.AddTags(e2eCtx, chunked.ID, "etl", "nightly"))(t)
	for _, tc := range []struct {
		opts tsc.ListOptions
		want string
	}{
		{tsc.ListOptions{Sort: []tsc.Sort{tsc.Asc("name")}, PageSize: 1}, "Chunked,Packaged,Sales Prep"},
		{tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("projectName", "Finance")}}, "Packaged"},
		{tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("tags", "etl")}}, "Chunked"},
		{tsc.ListOptions{Sort: []tsc.Sort{tsc.Desc("name")}}, "Sales Prep,Packaged,Chunked"},
	} {
		if got := names(tc.opts); got != tc.want {
			t.Errorf("%+v: %s, want %s", tc.opts, got, tc.want)
		}
	}
	page, pg, err := c.Flows.List(e2eCtx, tsc.ListOptions{PageSize: 2})
	if err != nil || len(page) != 2 || pg.TotalAvailable != 3 {
		t.Errorf("page of %d of %d: %v", len(page), pg.TotalAvailable, err)
	}
	_, _, err = c.Flows.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("nope", "x")}})
	e2eWantCode(t, err, nil, http.StatusBadRequest, "400065")

	got := e2eMust(c.Flows.Get(e2eCtx, chunked.ID))(t)
	if got.Name != "Chunked" || got.Tags == nil || len(got.Tags.Tags) != 2 {
		t.Errorf("Get %+v", got)
	}
	e2eNoErr(t, c.Flows.DeleteTag(e2eCtx, chunked.ID, "etl"))
	if got := e2eMust(c.Flows.Get(e2eCtx, chunked.ID))(t); len(got.Tags.Tags) != 1 || got.Tags.Tags[0].Label != "nightly" {
		t.Errorf("tags after delete %+v", got.Tags)
	}

	owner := e2eMust(srv.SeedUser("", "owen", tsc.SiteRoleCreator))(t)
	clk.Advance(time.Minute)
	up := e2eMust(c.Flows.Update(e2eCtx, tsc.Flow{ID: chunked.ID, Project: &tsc.Project{ID: finance.ID}, Owner: &tsc.User{ID: owner.ID}}))(t)
	if up.Project.ID != finance.ID || up.Owner.ID != owner.ID || up.Name != "Chunked" || !up.UpdatedAt.After(chunked.UpdatedAt.Time) {
		t.Errorf("Update %+v", up)
	}
	_, err = c.Flows.Update(e2eCtx, tsc.Flow{ID: chunked.ID, Name: "packaged"})
	e2eWantCode(t, err, tsc.ErrConflict, http.StatusConflict, "409004")
	if _, err := c.Flows.Update(e2eCtx, tsc.Flow{ID: chunked.ID}); err == nil {
		t.Error("an update with nothing set was sent")
	}

	e2eNoErr(t, c.Flows.Delete(e2eCtx, chunked.ID))
	_, err = c.Flows.Get(e2eCtx, chunked.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404000")
	e2eWantCode(t, c.Flows.Delete(e2eCtx, chunked.ID), tsc.ErrNotFound, http.StatusNotFound, "404000")
}

func TestE2EFlowsDownloadRevisionsConnections(t *testing.T) {
	_, _, c := e2eFlowServer(t)
	fl := e2eMust(c.Flows.PublishFile(e2eCtx, tsc.Flow{}, e2eFile("flows/Sales Prep.tfl"), tsc.PublishOptions{}))(t)
	e2eMust(c.Flows.PublishFile(e2eCtx, tsc.Flow{}, e2eFile("flows/Sales Prep.tflx"), tsc.PublishOptions{Mode: tsc.PublishOverwrite}))(t)

	sha, dl := e2eDownloadSHA(t, func(w io.Writer) (*tsc.Download, error) {
		return c.Flows.Download(e2eCtx, fl.ID, w, tsc.DownloadOptions{})
	})
	if sha != e2eFileSHA(t, e2eFile("flows/Sales Prep.tflx")) || dl.FileName != "Sales Prep.tflx" {
		t.Errorf("download %s named %q", sha, dl.FileName)
	}
	dir := t.TempDir()
	d := e2eMust(c.Flows.DownloadTo(e2eCtx, fl.ID, dir, tsc.DownloadOptions{}))(t)
	if filepath.Base(d.Path) != "Sales Prep.tflx" {
		t.Errorf("saved as %s", d.Path)
	}
	// A failed download leaves no partial file.
	bad := filepath.Join(dir, "missing.tfl")
	if _, err := c.Flows.DownloadTo(e2eCtx, "00000000-0000-0000-0000-000000000000", bad, tsc.DownloadOptions{}); err == nil {
		t.Error("downloading a missing flow succeeded")
	}
	if _, err := os.Stat(bad); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed download left %s: %v", bad, err)
	}

	revs := e2eMust2(c.Flows.Revisions(e2eCtx, fl.ID, tsc.ListOptions{}))(t)
	if len(revs) != 2 || revs[1].Current == nil || !*revs[1].Current {
		t.Fatalf("revisions %+v", revs)
	}
	var first bytes.Buffer
	e2eMust(c.Flows.DownloadRevision(e2eCtx, fl.ID, 1, &first, tsc.DownloadOptions{}))(t)
	if e2eSHA(first.Bytes()) != e2eFileSHA(t, e2eFile("flows/Sales Prep.tfl")) {
		t.Error("revision 1 is not the first file published")
	}
	revDir := t.TempDir()
	rd := e2eMust(c.Flows.DownloadRevisionTo(e2eCtx, fl.ID, 2, revDir, tsc.DownloadOptions{}))(t)
	if e2eFileSHA(t, rd.Path) != e2eFileSHA(t, e2eFile("flows/Sales Prep.tflx")) {
		t.Error("revision 2 is not the second file published")
	}
	e2eNoErr(t, c.Flows.DeleteRevision(e2eCtx, fl.ID, 1))
	_, err := c.Flows.DownloadRevision(e2eCtx, fl.ID, 1, io.Discard, tsc.DownloadOptions{})
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404000")
	if all := e2eCollect(t, c.Flows.AllRevisions(e2eCtx, fl.ID, tsc.ListOptions{})); len(all) != 2 || !*all[0].Deleted {
		t.Errorf("after delete %+v", all)
	}

	// The flow's connections are its inputs': postgres, and the packaged CSV.
	conns := e2eMust(c.Flows.Connections(e2eCtx, fl.ID))(t)
	if len(conns) != 2 || conns[0].Type != "postgres" || conns[0].ServerAddress != "sales-db.example.com" || conns[0].ServerPort != "5432" ||
		conns[0].UserName != "prep" || conns[1].Type != "textscan" {
		t.Fatalf("connections %+v", conns)
	}
	up := e2eMust(c.Flows.UpdateConnection(e2eCtx, fl.ID, tsc.Connection{ID: conns[0].ID, ServerAddress: "db2.example.com",
		UserName: "etl", Password: "s3cret", EmbedPassword: tsc.Bool(true)}))(t)
	if up.ServerAddress != "db2.example.com" || up.UserName != "etl" || !*up.EmbedPassword {
		t.Errorf("updated %+v", up)
	}
	if again := e2eMust(c.Flows.Connections(e2eCtx, fl.ID))(t); again[0].ServerAddress != "db2.example.com" {
		t.Errorf("connection not kept: %+v", again[0])
	}
}

func TestE2EFlowsRunCreatesAndRefreshesOutput(t *testing.T) {
	clk, _, c := e2eFlowServer(t)
	fl := e2eMust(c.Flows.PublishFile(e2eCtx, tsc.Flow{}, e2eFile("flows/Sales Prep.tfl"), tsc.PublishOptions{}))(t)
	outputDS := func() *tsc.Datasource {
		t.Helper()
		ds := e2eMust2(c.Datasources.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", flowOutputName)}}))(t)
		if len(ds) == 0 {
			return nil
		}
		return &ds[0]
	}
	if outputDS() != nil {
		t.Fatal("the output data source exists before the flow ran")
	}
	job := e2eMust(c.Flows.Run(e2eCtx, fl.ID))(t)
	if job.Type != "RunFlow" || job.RunFlowJob == nil || job.RunFlowJob.FlowRunID == "" || job.RunFlowJob.Flow == nil ||
		job.RunFlowJob.Flow.ID != fl.ID {
		t.Fatalf("run job %+v", job)
	}
	run := e2eMust(c.FlowRuns.Get(e2eCtx, job.RunFlowJob.FlowRunID))(t)
	if run.FlowID != fl.ID || run.Status != tsc.FlowRunPending || run.BackgroundJobID != job.ID {
		t.Errorf("pending run %+v", run)
	}
	clk.Advance(11 * time.Second)
	run = e2eMust(c.FlowRuns.Wait(e2eCtx, run.ID, tsc.WaitOptions{MinInterval: time.Millisecond}))(t)
	if run.Status != tsc.FlowRunSuccess || run.Progress == nil || *run.Progress != 100 || run.CompletedAt.IsZero() {
		t.Errorf("finished run %+v", run)
	}
	first := outputDS()
	if first == nil {
		t.Fatal("the first run published no data source")
	}
	if first.Project == nil || first.Project.ID != fl.Project.ID || first.Owner.ID != fl.Owner.ID || !*first.HasExtracts {
		t.Errorf("output data source %+v", first)
	}
	// A second run refreshes it: same data source, a later updatedAt.
	clk.Advance(time.Hour)
	job2 := e2eMust(c.Flows.Run(e2eCtx, fl.ID))(t)
	clk.Advance(11 * time.Second)
	e2eMust(c.FlowRuns.Wait(e2eCtx, job2.RunFlowJob.FlowRunID, tsc.WaitOptions{MinInterval: time.Millisecond}))(t)
	second := outputDS()
	if second == nil || second.ID != first.ID || !second.UpdatedAt.After(first.UpdatedAt.Time) {
		t.Errorf("after the second run %+v (first %+v)", second, first)
	}
	if n := len(e2eMust2(c.Datasources.List(e2eCtx, tsc.ListOptions{}))(t)); n != 1 {
		t.Errorf("%d data sources after two runs", n)
	}
	// Flow runs: both, newest first, filtered by flow.
	runs := e2eMust2(c.FlowRuns.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("flowId", fl.ID)}}))(t)
	if len(runs) != 2 || runs[0].ID != job2.RunFlowJob.FlowRunID || runs[1].ID != job.RunFlowJob.FlowRunID {
		t.Errorf("runs %+v", runs)
	}
	if all := e2eCollect(t, c.FlowRuns.All(e2eCtx, tsc.ListOptions{PageSize: 1})); len(all) != 2 {
		t.Errorf("all runs: %d", len(all))
	}
	// The site's job list names them as flow jobs.
	bj := e2eMust2(c.Jobs.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("subtitle", "Flow")}}))(t)
	if len(bj) != 2 || bj[0].JobType != "run_flow" || bj[0].Title != fl.Name {
		t.Errorf("background jobs %+v", bj)
	}
	j := e2eMust(c.Jobs.Get(e2eCtx, job2.ID))(t)
	if !j.Done() || j.RunFlowJob == nil || j.RunFlowJob.FlowRunID != job2.RunFlowJob.FlowRunID {
		t.Errorf("job %+v", j)
	}
}

func TestE2EFlowsCancelRun(t *testing.T) {
	clk, _, c := e2eFlowServer(t)
	fl := e2eMust(c.Flows.PublishFile(e2eCtx, tsc.Flow{}, e2eFile("flows/Sales Prep.tfl"), tsc.PublishOptions{}))(t)
	job := e2eMust(c.Flows.Run(e2eCtx, fl.ID))(t)
	e2eNoErr(t, c.FlowRuns.Cancel(e2eCtx, job.RunFlowJob.FlowRunID))
	clk.Advance(time.Minute)
	run, err := c.FlowRuns.Wait(e2eCtx, job.RunFlowJob.FlowRunID, tsc.WaitOptions{MinInterval: time.Millisecond})
	if !errors.Is(err, tsc.ErrFlowRunCancelled) || run.Status != tsc.FlowRunCancelled {
		t.Fatalf("cancelled run %+v: %v", run, err)
	}
	// A cancelled run publishes nothing.
	if ds := e2eMust2(c.Datasources.List(e2eCtx, tsc.ListOptions{}))(t); len(ds) != 0 {
		t.Errorf("a cancelled run published %+v", ds)
	}
	// Cancelling a finished run leaves it as it is.
	e2eNoErr(t, c.FlowRuns.Cancel(e2eCtx, job.RunFlowJob.FlowRunID))
	_, err = c.FlowRuns.Get(e2eCtx, "00000000-0000-0000-0000-000000000000")
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404000")
}

func TestE2EFlowsPermissions(t *testing.T) {
	_, srv, c := e2eFlowServer(t)
	fl := e2eMust(c.Flows.PublishFile(e2eCtx, tsc.Flow{}, e2eFile("flows/Sales Prep.tfl"), tsc.PublishOptions{}))(t)
	viewer, vc := e2eUserClient(t, srv, "", "vera", tsc.SiteRoleViewer)
	carl, cc := e2eUserClient(t, srv, "", "carl", tsc.SiteRoleCreator)

	// A Viewer never runs, changes or deletes a flow, whatever the rules.
	rule := func(id string, cap tsc.Capability, m tsc.Mode) tsc.PermissionRule {
		return tsc.PermissionRule{Grantee: tsc.UserGrantee(id), Capability: cap, Mode: m}
	}
	e2eMust(c.Permissions.Add(e2eCtx, tsc.PermFlow, fl.ID, rule(viewer.ID, tsc.CapRead, tsc.Allow),
		rule(viewer.ID, tsc.CapExecute, tsc.Allow), rule(viewer.ID, tsc.CapDelete, tsc.Allow)))(t)
	e2eMust(vc.Flows.Get(e2eCtx, fl.ID))(t)
	_, err := vc.Flows.Run(e2eCtx, fl.ID)
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403004")
	e2eWantCode(t, vc.Flows.Delete(e2eCtx, fl.ID), tsc.ErrForbidden, http.StatusForbidden, "403004")
	_, err = vc.Flows.AddTags(e2eCtx, fl.ID, "x")
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403004")

	// A Creator denied Execute reads the flow but does not run it; denied
	// Read, the flow is hidden from lists and from direct requests (404, as
	// the emulator answers for every kind one may not read).
	e2eMust(c.Permissions.Add(e2eCtx, tsc.PermFlow, fl.ID, rule(carl.ID, tsc.CapExecute, tsc.Deny)))(t)
	e2eMust(cc.Flows.Get(e2eCtx, fl.ID))(t)
	_, err = cc.Flows.Run(e2eCtx, fl.ID)
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403004")
	job := e2eMust(c.Flows.Run(e2eCtx, fl.ID))(t)
	e2eWantCode(t, cc.FlowRuns.Cancel(e2eCtx, job.RunFlowJob.FlowRunID), tsc.ErrForbidden, http.StatusForbidden, "403004")
	e2eMust(c.Permissions.Add(e2eCtx, tsc.PermFlow, fl.ID, rule(carl.ID, tsc.CapRead, tsc.Deny)))(t)
	if l := e2eMust2(cc.Flows.List(e2eCtx, tsc.ListOptions{}))(t); len(l) != 0 {
		t.Errorf("a flow denied Read is listed: %+v", l)
	}
	if runs := e2eMust2(cc.FlowRuns.List(e2eCtx, tsc.ListOptions{}))(t); len(runs) != 0 {
		t.Errorf("runs of a flow denied Read are listed: %+v", runs)
	}
	_, err = cc.Flows.Get(e2eCtx, fl.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404000")
	if rules := e2eMust(c.Permissions.List(e2eCtx, tsc.PermFlow, fl.ID))(t); len(rules.GranteeCapabilities) < 2 {
		t.Errorf("flow rules %+v", rules)
	}
	// Downloading needs ExportXml: a Viewer allowed Read only may not.
	_, err = vc.Flows.Download(e2eCtx, fl.ID, io.Discard, tsc.DownloadOptions{})
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403004")
}

func TestE2EFlowsCrossSite(t *testing.T) {
	_, srv, c := e2eFlowServer(t)
	fl := e2eMust(c.Flows.PublishFile(e2eCtx, tsc.Flow{}, e2eFile("flows/Sales Prep.tfl"), tsc.PublishOptions{}))(t)
	job := e2eMust(c.Flows.Run(e2eCtx, fl.ID))(t)
	e2eMust(srv.SeedSite("Other", "other"))(t)
	_, oc := e2eUserClient(t, srv, "other", "olga", tsc.SiteRoleSiteAdministratorCreator)
	_, err := oc.Flows.Get(e2eCtx, fl.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404000")
	_, err = oc.Flows.Run(e2eCtx, fl.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404000")
	_, err = oc.FlowRuns.Get(e2eCtx, job.RunFlowJob.FlowRunID)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404000")
	e2eWantCode(t, oc.FlowRuns.Cancel(e2eCtx, job.RunFlowJob.FlowRunID), tsc.ErrNotFound, http.StatusNotFound, "404000")
	if l := e2eMust2(oc.Flows.List(e2eCtx, tsc.ListOptions{}))(t); len(l) != 0 {
		t.Errorf("another site's flows listed: %+v", l)
	}
	if runs := e2eMust2(oc.FlowRuns.List(e2eCtx, tsc.ListOptions{}))(t); len(runs) != 0 {
		t.Errorf("another site's runs listed: %+v", runs)
	}
	_, err = oc.Flows.Connections(e2eCtx, fl.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404000")
}

func TestE2EFlowTasks(t *testing.T) {
	clk, _, c := e2eFlowServer(t)
	fl := e2eMust(c.Flows.PublishFile(e2eCtx, tsc.Flow{}, e2eFile("flows/Sales Prep.tfl"), tsc.PublishOptions{}))(t)
	sched := e2eMust(c.Schedules.Create(e2eCtx, tsc.Schedule{Name: "Hourly flows", Type: tsc.ScheduleFlow, Frequency: "Hourly",
		FrequencyDetails: &tsc.FrequencyDetails{Start: "00:00:00", End: "00:00:00", Intervals: &tsc.IntervalList{Intervals: []tsc.Interval{{Hours: "1"}}}}}))(t)
	task := e2eMust(c.Schedules.AddFlow(e2eCtx, sched.ID, fl.ID))(t)
	if task.FlowRun == nil || task.FlowRun.ID == "" {
		t.Fatalf("added %+v", task)
	}
	tasks := e2eMust(c.Tasks.ListFlowTasks(e2eCtx))(t)
	if len(tasks) != 1 || tasks[0].FlowRun.Flow.ID != fl.ID || tasks[0].FlowRun.Schedule == nil || tasks[0].FlowRun.Schedule.ID != sched.ID ||
		tasks[0].FlowRun.FlowRunSpec == nil || len(tasks[0].FlowRun.FlowRunSpec.FlowOutputSteps.Steps) != 2 {
		t.Fatalf("flow tasks %+v", tasks)
	}
	got := e2eMust(c.Tasks.GetFlowTask(e2eCtx, task.FlowRun.ID))(t)
	if got.FlowRun.Type != "RunFlowTask" {
		t.Errorf("task %+v", got.FlowRun)
	}
	job := e2eMust(c.Tasks.RunFlowTask(e2eCtx, task.FlowRun.ID))(t)
	if job.RunFlowJob == nil || job.RunFlowJob.FlowRunID == "" {
		t.Fatalf("run now %+v", job)
	}
	// The schedule runs its flow every hour: two more runs in two hours.
	clk.Advance(2*time.Hour + time.Minute)
	_ = c.FlowRuns // the pass runs on the next read
	runs := e2eMust2(c.FlowRuns.List(e2eCtx, tsc.ListOptions{}))(t)
	if len(runs) < 3 {
		t.Errorf("%d runs after run-now and two scheduled hours", len(runs))
	}
	if ds := e2eMust2(c.Datasources.List(e2eCtx, tsc.ListOptions{}))(t); len(ds) != 1 || ds[0].Name != flowOutputName {
		t.Errorf("data sources %+v", ds)
	}
	e2eNoErr(t, c.Tasks.DeleteFlowTask(e2eCtx, task.FlowRun.ID))
	_, err := c.Tasks.GetFlowTask(e2eCtx, task.FlowRun.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404000")
	// Deleting a flow deletes its tasks.
	e2eMust(c.Schedules.AddFlow(e2eCtx, sched.ID, fl.ID))(t)
	e2eNoErr(t, c.Flows.Delete(e2eCtx, fl.ID))
	if tasks := e2eMust(c.Tasks.ListFlowTasks(e2eCtx))(t); len(tasks) != 0 {
		t.Errorf("tasks of a deleted flow: %+v", tasks)
	}
}

func TestE2EFlowTaskCloud(t *testing.T) {
	clk := newE2EClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	_, c := e2eContentServer(t, 10*time.Second, tsctest.WithClock(clk.Now), tsctest.WithCloud())
	fl := e2eMust(c.Flows.PublishFile(e2eCtx, tsc.Flow{}, e2eFile("flows/Sales Prep.tfl"), tsc.PublishOptions{}))(t)
	task := e2eMust(c.Tasks.CreateFlowTask(e2eCtx, fl.ID, tsc.Schedule{Frequency: "Daily",
		FrequencyDetails: &tsc.FrequencyDetails{Start: "13:00:00", Intervals: &tsc.IntervalList{Intervals: []tsc.Interval{{Hours: "24"}}}}}))(t)
	if task.FlowRun == nil || task.FlowRun.Schedule == nil || task.FlowRun.Schedule.Frequency != "Daily" || task.FlowRun.Flow.ID != fl.ID {
		t.Fatalf("created %+v", task)
	}
	clk.Advance(2 * time.Hour)
	if runs := e2eMust2(c.FlowRuns.List(e2eCtx, tsc.ListOptions{}))(t); len(runs) != 1 {
		t.Errorf("%d runs after the task's first time", len(runs))
	}
}

// TestE2EFlowsProjectDefaults: a project's default permissions for flows
// are read and changed through the generic permission calls, and a flow
// published into the project takes them.
func TestE2EFlowsProjectDefaults(t *testing.T) {
	_, srv, c := e2eFlowServer(t)
	proj := e2eMust(c.Projects.Create(e2eCtx, tsc.Project{Name: "Prep"}))(t)
	u := e2eMust(srv.SeedUser("", "pia", tsc.SiteRoleCreator))(t)
	rule := tsc.PermissionRule{Grantee: tsc.UserGrantee(u.ID), Capability: tsc.CapExecute, Mode: tsc.Deny}
	e2eMust(c.Permissions.AddDefaults(e2eCtx, proj.ID, tsc.PermFlow, rule))(t)
	denies := func(p *tsc.Permissions) bool {
		for _, g := range p.GranteeCapabilities {
			for _, cr := range g.Capabilities.Capabilities {
				if g.User != nil && g.User.ID == u.ID && cr.Name == tsc.CapExecute && cr.Mode == tsc.Deny {
					return true
				}
			}
		}
		return false
	}
	if defs := e2eMust(c.Permissions.ListDefaults(e2eCtx, proj.ID, tsc.PermFlow))(t); !denies(defs) {
		t.Fatalf("flow defaults %+v", defs.GranteeCapabilities)
	}
	fl := e2eMust(c.Flows.PublishFile(e2eCtx, tsc.Flow{Project: &tsc.Project{ID: proj.ID}}, e2eFile("flows/Sales Prep.tfl"), tsc.PublishOptions{}))(t)
	if rules := e2eMust(c.Permissions.List(e2eCtx, tsc.PermFlow, fl.ID))(t); !denies(rules) {
		t.Errorf("the new flow did not take its project's flow defaults: %+v", rules.GranteeCapabilities)
	}
}
