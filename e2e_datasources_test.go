package tsc_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

func TestE2EDatasourcesListGetUpdateDelete(t *testing.T) {
	clk := newE2EClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	srv, c := e2eServer(t, tsctest.WithClock(clk.Now))
	finance := e2eMust(c.Projects.Create(e2eCtx, tsc.Project{Name: "Finance"}))(t)
	owner := e2eMust(srv.SeedUser("", "owen", tsc.SiteRoleCreator))(t)
	live := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{Name: "Orders live", Description: "from the warehouse"},
		e2eFile("datasources/Orders.tds"), tsc.PublishOptions{}))(t)
	extract := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{Name: "Orders extract", Project: &tsc.Project{ID: finance.ID}},
		e2eFile("datasources/Orders.tdsx"), tsc.PublishOptions{}))(t)
	e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{Name: "Events"}, e2eFile("datasources/Orders.hyper"), tsc.PublishOptions{}))(t)

	if live.Type != "postgres" || *live.HasExtracts || live.Description != "from the warehouse" || live.ContentURL != "Orderslive" ||
		live.Project == nil || live.Owner == nil || live.Size == nil || live.CreatedAt.IsZero() {
		t.Errorf("live data source %+v", live)
	}
	if extract.Type != "postgres" || !*extract.HasExtracts || extract.Project.ID != finance.ID {
		t.Errorf("extract data source %+v", extract)
	}
	names := func(opts tsc.ListOptions) string {
		t.Helper()
		var out []string
		for _, d := range e2eCollect(t, c.Datasources.All(e2eCtx, opts)) {
			out = append(out, d.Name)
		}
		return strings.Join(out, ",")
	}
	for _, tc := range []struct {
		opts tsc.ListOptions
		want string
	}{
		{tsc.ListOptions{Sort: []tsc.Sort{tsc.Asc("name")}, PageSize: 1}, "Events,Orders extract,Orders live"},
		{tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("type", "hyper")}}, "Events"},
		{tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("hasExtracts", "true")}, Sort: []tsc.Sort{tsc.Desc("name")}}, "Orders extract,Events"},
		{tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("projectName", "Finance")}}, "Orders extract"},
		{tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("connectionType", "postgres")}, Sort: []tsc.Sort{tsc.Asc("name")}}, "Orders extract,Orders live"},
	} {
		if got := names(tc.opts); got != tc.want {
			t.Errorf("%+v: %s, want %s", tc.opts, got, tc.want)
		}
	}
	got := e2eMust(c.Datasources.Get(e2eCtx, live.ID))(t)
	if got.Name != live.Name || got.Type != "postgres" {
		t.Errorf("Get %+v", got)
	}
	clk.Advance(time.Minute)
	up := e2eMust(c.Datasources.Update(e2eCtx, tsc.Datasource{ID: live.ID, Name: "Orders (live)", IsCertified: tsc.Bool(true),
		CertificationNote: "Checked by finance", Project: &tsc.Project{ID: finance.ID}, Owner: &tsc.User{ID: owner.ID}}))(t)
	if up.Name != "Orders (live)" || !*up.IsCertified || up.CertificationNote != "Checked by finance" || up.Project.ID != finance.ID ||
		up.Owner.ID != owner.ID || !up.UpdatedAt.After(live.UpdatedAt.Time) {
		t.Errorf("Update %+v", up)
	}
	if certified := names(tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("isCertified", "true")}}); certified != "Orders (live)" {
		t.Errorf("certified: %s", certified)
	}
	_, err := c.Datasources.Update(e2eCtx, tsc.Datasource{ID: live.ID, Name: "orders extract"})
	e2eWantCode(t, err, tsc.ErrConflict, http.StatusConflict, "409004")
	// Only administrators and project leaders certify.
	_, cora := e2eUserClient(t, srv, "", "cora", tsc.SiteRoleCreator)
	mine := e2eMust(cora.Datasources.PublishFile(e2eCtx, tsc.Datasource{Name: "Mine"}, e2eFile("datasources/Orders.tds"), tsc.PublishOptions{}))(t)
	_, err = cora.Datasources.Update(e2eCtx, tsc.Datasource{ID: mine.ID, IsCertified: tsc.Bool(true)})
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403004")
	e2eMust(cora.Datasources.Update(e2eCtx, tsc.Datasource{ID: mine.ID, Name: "Still mine"}))(t)
	e2eWantCode(t, cora.Datasources.Delete(e2eCtx, live.ID), tsc.ErrForbidden, http.StatusForbidden, "403004")

	e2eNoErr(t, c.Datasources.Delete(e2eCtx, live.ID))
	_, err = c.Datasources.Get(e2eCtx, live.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404004")
	// A user who owns a data source is removed only with mapAssetsTo.
	coraID := e2eMust2(c.Users.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "cora")}}))(t)[0].ID
	me := e2eMust2(c.Users.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", srv.AdminUsername)}}))(t)[0].ID
	e2eNoErr(t, c.Users.Remove(e2eCtx, coraID, me))
	if d := e2eMust(c.Datasources.Get(e2eCtx, mine.ID))(t); d.Owner.ID != me {
		t.Errorf("cora's data source went to %s, want %s", d.Owner.ID, me)
	}
}

func TestE2EDatasourceConnectionsTagsAndRevisions(t *testing.T) {
	_, c := e2eServer(t)
	ds := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{}, e2eFile("datasources/Orders.tds"), tsc.PublishOptions{
		Credentials: &tsc.ConnectionCredentials{Name: "etl", Password: "pw", Embed: true},
	}))(t)
	conns := e2eMust(c.Datasources.Connections(e2eCtx, ds.ID))(t)
	if len(conns) != 1 || conns[0].Type != "postgres" || conns[0].ServerAddress != "warehouse.example.com" || conns[0].UserName != "etl" || !*conns[0].EmbedPassword {
		t.Fatalf("connections %+v", conns)
	}
	up := e2eMust(c.Datasources.UpdateConnection(e2eCtx, ds.ID, tsc.Connection{ID: conns[0].ID, ServerAddress: "bar", ServerPort: "9876", UserName: "foo"}))(t)
	if up.ServerAddress != "bar" || up.ServerPort != "9876" || up.UserName != "foo" || up.Type != "postgres" {
		t.Errorf("updated %+v", up)
	}
	tags := e2eMust(c.Datasources.AddTags(e2eCtx, ds.ID, "world", "sample"))(t)
	if strings.Join(tags, ",") != "sample,world" {
		t.Errorf("tags %v", tags)
	}
	e2eNoErr(t, c.Datasources.DeleteTag(e2eCtx, ds.ID, "world"))
	if got := e2eMust(c.Datasources.Get(e2eCtx, ds.ID))(t).Tags.Labels(); strings.Join(got, ",") != "sample" {
		t.Errorf("tags %v", got)
	}

	e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{}, e2eFile("datasources/Orders.tdsx"), tsc.PublishOptions{Mode: tsc.PublishOverwrite}))(t)
	revs := e2eMust2(c.Datasources.Revisions(e2eCtx, ds.ID, tsc.ListOptions{}))(t)
	if len(revs) != 2 || *revs[0].SizeInBytes != int64(len(e2eRead(t, "datasources/Orders.tds"))) {
		t.Fatalf("revisions %+v", revs)
	}
	sha, _ := e2eDownloadSHA(t, func(w io.Writer) (*tsc.Download, error) {
		return c.Datasources.DownloadRevision(e2eCtx, ds.ID, 1, w, tsc.DownloadOptions{})
	})
	if sha != e2eSHA(e2eRead(t, "datasources/Orders.tds")) {
		t.Error("revision 1 differs from the first file")
	}
	e2eNoErr(t, c.Datasources.DeleteRevision(e2eCtx, ds.ID, 1))
	_, err := c.Datasources.DownloadRevision(e2eCtx, ds.ID, 1, io.Discard, tsc.DownloadOptions{})
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404000")
	// After the overwrite the data source is an extract, with its connections.
	if conns := e2eMust(c.Datasources.Connections(e2eCtx, ds.ID))(t); len(conns) != 1 || conns[0].ID != up.ID {
		t.Errorf("connections after overwrite %+v (the id stays when the connection does)", conns)
	}
}

func TestE2EDatasourceRefresh(t *testing.T) {
	clk := newE2EClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	srv, c := e2eContentServer(t, time.Second, tsctest.WithClock(clk.Now))
	ds := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{}, e2eFile("datasources/Orders.tdsx"), tsc.PublishOptions{}))(t)
	job := e2eMust(c.Datasources.Refresh(e2eCtx, ds.ID))(t)
	if job.ExtractRefreshJob == nil || job.ExtractRefreshJob.Datasource == nil || job.ExtractRefreshJob.Datasource.Name != "Orders" {
		t.Fatalf("job %+v", job)
	}
	clk.Advance(2 * time.Second)
	e2eMust(c.Jobs.Wait(e2eCtx, job.ID, tsc.WaitOptions{MinInterval: 10 * time.Millisecond}))(t)

	e2eNoErr(t, srv.FailJobs(tsctest.JobFault{Type: "RefreshExtract", ContentID: ds.ID, Notes: "Login failed for user 'etl'."}))
	job = e2eMust(c.Datasources.Refresh(e2eCtx, ds.ID))(t)
	clk.Advance(2 * time.Second)
	_, err := c.Jobs.Wait(e2eCtx, job.ID, tsc.WaitOptions{MinInterval: 10 * time.Millisecond})
	if !e2eJobFailure(err, tsc.ErrJobFailed, "Login failed for user 'etl'.") {
		t.Errorf("Wait on a failed refresh: %v", err)
	}
	live := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{Name: "Live"}, e2eFile("datasources/Orders.tds"), tsc.PublishOptions{}))(t)
	_, err = c.Datasources.Refresh(e2eCtx, live.ID)
	e2eWantCode(t, err, nil, http.StatusBadRequest, "400000")
}
