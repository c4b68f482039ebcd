package tsc_test

import (
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

func TestE2EPublishDownloadRoundTrip(t *testing.T) {
	_, c := e2eServer(t)
	for _, f := range []string{"workbooks/Sales.twb", "workbooks/Sales.twbx"} {
		t.Run(f, func(t *testing.T) {
			path := e2eFile(f)
			name := "Round " + filepath.Ext(f)
			wb := e2eMust(c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: name, Description: "round trip"}, path, tsc.PublishOptions{}))(t)
			if wb.ID == "" || wb.Name != name || wb.Description != "round trip" || wb.Views == nil || len(wb.Views.Views) != 3 {
				t.Fatalf("published %+v", wb)
			}
			sha, d := e2eDownloadSHA(t, func(w io.Writer) (*tsc.Download, error) {
				return c.Workbooks.Download(e2eCtx, wb.ID, w, tsc.DownloadOptions{})
			})
			if sha != e2eFileSHA(t, path) {
				t.Fatal("the downloaded workbook differs from the published file")
			}
			if want := name + filepath.Ext(f); d.FileName != want {
				t.Errorf("file name %q, want %q", d.FileName, want)
			}
			// Into a directory, under the server's name.
			dir := t.TempDir()
			d = e2eMust(c.Workbooks.DownloadTo(e2eCtx, wb.ID, dir, tsc.DownloadOptions{}))(t)
			if d.Path != filepath.Join(dir, name+filepath.Ext(f)) || e2eFileSHA(t, d.Path) != e2eFileSHA(t, path) {
				t.Errorf("DownloadTo wrote %s", d.Path)
			}
		})
	}
	for _, f := range []string{"datasources/Orders.tds", "datasources/Orders.tdsx", "datasources/Orders.hyper"} {
		t.Run(f, func(t *testing.T) {
			path := e2eFile(f)
			ds := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{}, path, tsc.PublishOptions{Mode: tsc.PublishOverwrite}))(t)
			if ds.Name != "Orders" {
				t.Errorf("the name was not taken from the file: %q", ds.Name)
			}
			sha, _ := e2eDownloadSHA(t, func(w io.Writer) (*tsc.Download, error) {
				return c.Datasources.Download(e2eCtx, ds.ID, w, tsc.DownloadOptions{})
			})
			if sha != e2eFileSHA(t, path) {
				t.Fatal("the downloaded data source differs from the published file")
			}
		})
	}
}

func TestE2EPublishChunked(t *testing.T) {
	srv, c := e2eServer(t, tsctest.WithMaxPublishSize(1<<20))
	c2 := e2eMust(srv.Client(e2eCtx, tsc.WithChunkedUpload(1<<20, 256<<10)))(t)
	path := e2eBigWorkbook(t, 3<<20)
	var last, total atomic.Int64
	wb := e2eMust(c2.Workbooks.PublishFile(e2eCtx, tsc.Workbook{}, path, tsc.PublishOptions{
		Progress: func(sent, all int64) { last.Store(sent); total.Store(all) },
	}))(t)
	if wb.Name != "Big Sales" || len(wb.Views.Views) != 3 {
		t.Errorf("published %s with %d views", wb.Name, len(wb.Views.Views))
	}
	st, _ := os.Stat(path)
	if last.Load() != st.Size() || total.Load() != st.Size() {
		t.Errorf("progress ended at %d of %d, file is %d bytes", last.Load(), total.Load(), st.Size())
	}
	if n := srv.Handled("PUT", "sites/{site}/fileUploads/{id}"); n < 12 {
		t.Errorf("%d chunks for a 3 MB file in 256 KB chunks", n)
	}
	sha, _ := e2eDownloadSHA(t, func(w io.Writer) (*tsc.Download, error) {
		return c.Workbooks.Download(e2eCtx, wb.ID, w, tsc.DownloadOptions{})
	})
	if sha != e2eFileSHA(t, path) {
		t.Fatal("the chunked upload downloads differently")
	}
	// The same file in one request is over the server's single-request
	// limit (set to 1 MB here, 64 MB by default): Tableau refuses it.
	c3 := e2eMust(srv.Client(e2eCtx, tsc.WithChunkedUpload(8<<20, 0)))(t)
	_, err := c3.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "Too big"}, path, tsc.PublishOptions{})
	e2eWantCode(t, err, nil, http.StatusRequestEntityTooLarge, "413000")
	// A chunked data source (an extract) too.
	hyper := filepath.Join(t.TempDir(), "Events.hyper")
	big, _ := os.ReadFile(path)
	if err := os.WriteFile(hyper, append([]byte("Hyper\x08\x00\x00"), big[:2<<20]...), 0o644); err != nil {
		t.Fatal(err)
	}
	ds := e2eMust(c2.Datasources.PublishFile(e2eCtx, tsc.Datasource{}, hyper, tsc.PublishOptions{}))(t)
	if ds.Type != "hyper" {
		t.Errorf("type %q", ds.Type)
	}
	sha, _ = e2eDownloadSHA(t, func(w io.Writer) (*tsc.Download, error) {
		return c.Datasources.Download(e2eCtx, ds.ID, w, tsc.DownloadOptions{})
	})
	if sha != e2eFileSHA(t, hyper) {
		t.Fatal("the chunked extract downloads differently")
	}
}

func TestE2EPublishReferenceFiles(t *testing.T) {
	_, c := e2eServer(t)
	t.Run("SampleWB.twbx", func(t *testing.T) {
		path := e2eReferenceFile(t, "SampleWB.twbx")
		wb := e2eMust(c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{}, path, tsc.PublishOptions{}))(t)
		views := e2eMust2(c.Views.List(e2eCtx, tsc.ViewListOptions{ListOptions: tsc.ListOptions{
			Filters: []tsc.Filter{tsc.Eq("workbookName", wb.Name)}}}))(t)
		types := map[string]int{}
		for _, v := range views {
			types[v.SheetType]++
			if !strings.HasPrefix(v.ContentURL, wb.ContentURL+"/sheets/") || strings.Contains(v.ContentURL, " ") {
				t.Errorf("view %q has content URL %q", v.Name, v.ContentURL)
			}
		}
		if len(views) != 8 || types["worksheet"] != 7 || types["dashboard"] != 1 {
			t.Errorf("%d views %v, want 8: 7 worksheets and 1 dashboard", len(views), types)
		}
		conns := e2eMust(c.Workbooks.Connections(e2eCtx, wb.ID))(t)
		if len(conns) != 1 || conns[0].Type != "dataengine" || conns[0].Datasource == nil || conns[0].Datasource.Name != "World Indicators" {
			t.Errorf("connections %+v", conns)
		}
		sha, _ := e2eDownloadSHA(t, func(w io.Writer) (*tsc.Download, error) {
			return c.Workbooks.Download(e2eCtx, wb.ID, w, tsc.DownloadOptions{})
		})
		if sha != e2eFileSHA(t, path) {
			t.Error("SampleWB.twbx downloads differently")
		}
	})
	t.Run("RESTAPISample.twb", func(t *testing.T) {
		path := e2eReferenceFile(t, "RESTAPISample.twb")
		wb := e2eMust(c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{}, path, tsc.PublishOptions{}))(t)
		if len(wb.Views.Views) != 8 {
			t.Errorf("%d views", len(wb.Views.Views))
		}
	})
	for _, f := range []struct{ file, typ string }{
		{"SampleDS.tds", "postgres"}, {"World Indicators.tds", "hyper"}, {"World Indicators.tdsx", "hyper"}, {"World Indicators.hyper", "hyper"},
	} {
		t.Run(f.file, func(t *testing.T) {
			path := e2eReferenceFile(t, f.file)
			ds := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{Name: f.file}, path, tsc.PublishOptions{}))(t)
			if ds.Type != f.typ {
				t.Errorf("type %q, want %q", ds.Type, f.typ)
			}
			sha, _ := e2eDownloadSHA(t, func(w io.Writer) (*tsc.Download, error) {
				return c.Datasources.Download(e2eCtx, ds.ID, w, tsc.DownloadOptions{})
			})
			if sha != e2eFileSHA(t, path) {
				t.Error("downloads differently")
			}
		})
	}
	t.Run("SampleDS.tds connection", func(t *testing.T) {
		e2eReferenceFile(t, "SampleDS.tds")
		ds := e2eMust2(c.Datasources.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "SampleDS.tds")}}))(t)
		conns := e2eMust(c.Datasources.Connections(e2eCtx, ds[0].ID))(t)
		if len(conns) != 1 || conns[0].ServerAddress != "postgres91.test.tsi.lan" || conns[0].ServerPort != "5432" || conns[0].UserName != "test" {
			t.Errorf("connections %+v", conns)
		}
	})
}

func TestE2EOverwriteKeepsIDAndAddsRevision(t *testing.T) {
	_, c := e2eServer(t)
	first := e2eMust(c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "Sales"}, e2eFile("workbooks/Sales.twb"), tsc.PublishOptions{}))(t)
	second := e2eMust(c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "Sales"}, e2eFile("workbooks/Sales.twbx"),
		tsc.PublishOptions{Mode: tsc.PublishOverwrite}))(t)
	if second.ID != first.ID {
		t.Fatalf("overwrite made a new workbook: %s, was %s", second.ID, first.ID)
	}
	revs := e2eMust2(c.Workbooks.Revisions(e2eCtx, first.ID, tsc.ListOptions{}))(t)
	if len(revs) != 2 || revs[0].RevisionNumber != 1 || revs[1].Current == nil || !*revs[1].Current || revs[1].Publisher == nil {
		t.Fatalf("revisions %+v", revs)
	}
	sha, _ := e2eDownloadSHA(t, func(w io.Writer) (*tsc.Download, error) {
		return c.Workbooks.DownloadRevision(e2eCtx, first.ID, 1, w, tsc.DownloadOptions{})
	})
	if sha != e2eFileSHA(t, e2eFile("workbooks/Sales.twb")) {
		t.Error("revision 1 is not the first file")
	}
	if err := c.Workbooks.DeleteRevision(e2eCtx, first.ID, 2); err == nil {
		t.Error("the current revision was removed")
	}
	e2eNoErr(t, c.Workbooks.DeleteRevision(e2eCtx, first.ID, 1))
	_, err := c.Workbooks.DownloadRevision(e2eCtx, first.ID, 1, io.Discard, tsc.DownloadOptions{})
	if !errors.Is(err, tsc.ErrNotFound) {
		t.Errorf("a removed revision downloads: %v", err)
	}
	revs = e2eMust2(c.Workbooks.Revisions(e2eCtx, first.ID, tsc.ListOptions{}))(t)
	if len(revs) != 2 || revs[0].Deleted == nil || !*revs[0].Deleted {
		t.Errorf("after removal: %+v", revs)
	}
	// Data sources keep revisions the same way.
	ds := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{}, e2eFile("datasources/Orders.tds"), tsc.PublishOptions{}))(t)
	ds2 := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{}, e2eFile("datasources/Orders.tdsx"), tsc.PublishOptions{Mode: tsc.PublishOverwrite}))(t)
	if ds2.ID != ds.ID || !*ds2.HasExtracts {
		t.Errorf("data source overwrite: %+v", ds2)
	}
	all := e2eCollect(t, c.Datasources.AllRevisions(e2eCtx, ds.ID, tsc.ListOptions{PageSize: 1}))
	if len(all) != 2 {
		t.Errorf("%d data source revisions", len(all))
	}
}

func TestE2ECreateNewConflictAndAppend(t *testing.T) {
	srv, c := e2eServer(t)
	e2ePublishSales(t, c, "Sales")
	_, err := c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "Sales"}, e2eFile("workbooks/Sales.twbx"), tsc.PublishOptions{})
	e2eWantCode(t, err, tsc.ErrConflict, http.StatusConflict, "409004")

	before := srv.Handled("POST", "sites/{site}/workbooks") + srv.Handled("POST", "sites/{site}/fileUploads")
	_, err = c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "Sales"}, e2eFile("workbooks/Sales.twbx"), tsc.PublishOptions{Mode: tsc.PublishAppend})
	if err == nil || !strings.Contains(err.Error(), "cannot be appended") {
		t.Errorf("Append on a workbook: %v", err)
	}
	if after := srv.Handled("POST", "sites/{site}/workbooks") + srv.Handled("POST", "sites/{site}/fileUploads"); after != before {
		t.Errorf("Append on a workbook sent %d requests", after-before)
	}
	// Appending to an extract data source keeps its id and its file.
	ds := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{}, e2eFile("datasources/Orders.hyper"), tsc.PublishOptions{}))(t)
	ds2 := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{}, e2eFile("datasources/Orders.hyper"), tsc.PublishOptions{Mode: tsc.PublishAppend}))(t)
	if ds2.ID != ds.ID {
		t.Errorf("append made a new data source")
	}
}

func TestE2EPublishPermissions(t *testing.T) {
	srv, admin := e2eServer(t)
	finance := e2eMust(admin.Projects.Create(e2eCtx, tsc.Project{Name: "Finance"}))(t)
	wb := e2ePublishSales(t, admin, "Admin's")
	_, viewer := e2eUserClient(t, srv, "", "vera", tsc.SiteRoleViewer)
	_, err := viewer.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "V"}, e2eFile("workbooks/Sales.twb"), tsc.PublishOptions{})
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403004")
	_, err = viewer.Workbooks.Download(e2eCtx, wb.ID, io.Discard, tsc.DownloadOptions{})
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403004")
	_, err = viewer.Datasources.PublishFile(e2eCtx, tsc.Datasource{}, e2eFile("datasources/Orders.tds"), tsc.PublishOptions{})
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403004")

	_, creator := e2eUserClient(t, srv, "", "cora", tsc.SiteRoleCreator)
	// Finance copied the Default project's rules, where All Users may
	// publish; once the administrator takes that away, Cora may not.
	e2eMust(creator.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "C1", Project: &tsc.Project{ID: finance.ID}}, e2eFile("workbooks/Sales.twb"), tsc.PublishOptions{}))(t)
	groups := e2eMust2(admin.Groups.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", tsc.AllUsersGroup)}}))(t)
	e2eMust(admin.Do(e2eCtx, "DELETE", "sites/{site-id}/projects/"+finance.ID+"/permissions/groups/"+groups[0].ID+"/Write/Allow", nil, nil))(t)
	_, err = creator.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "C", Project: &tsc.Project{ID: finance.ID}}, e2eFile("workbooks/Sales.twb"), tsc.PublishOptions{})
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403004")
	_, err = creator.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "Admin's"}, e2eFile("workbooks/Sales.twb"), tsc.PublishOptions{Mode: tsc.PublishOverwrite})
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403004")
	mine := e2eMust(creator.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "C"}, e2eFile("workbooks/Sales.twb"), tsc.PublishOptions{}))(t)
	e2eWantCode(t, creator.Workbooks.Delete(e2eCtx, wb.ID), tsc.ErrForbidden, http.StatusForbidden, "403004")
	e2eNoErr(t, creator.Workbooks.Delete(e2eCtx, mine.ID))
	// Another site does not see this one's workbooks.
	e2eMust(srv.SeedSite("Other", "other"))(t)
	e2eNoErr(t, admin.SwitchSite(e2eCtx, "other"))
	_, err = admin.Workbooks.Get(e2eCtx, wb.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404006")
}

// TestE2EPublishAsJob runs the jobs on a controlled clock: the workbook
// cannot appear before the test moves the clock past the job's duration.
func TestE2EPublishAsJob(t *testing.T) {
	clk := newE2EClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	_, c := e2eContentServer(t, 100*time.Millisecond, tsctest.WithClock(clk.Now))
	job := e2eMust(c.Workbooks.PublishAsJob(e2eCtx, tsc.Workbook{Name: "Later"}, tsc.PublishSource{Path: e2eFile("workbooks/Sales.twbx")}, tsc.PublishOptions{}))(t)
	if job.Type != "PublishWorkbook" || job.Done() {
		t.Fatalf("job %+v", job)
	}
	if wbs := e2eMust2(c.Workbooks.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "Later")}}))(t); len(wbs) != 0 {
		t.Fatal("the workbook exists before its job succeeded")
	}
	if j := e2eMust(c.Jobs.Get(e2eCtx, job.ID))(t); j.Done() {
		t.Fatalf("the job is done before its time: %+v", j)
	}
	clk.Advance(101 * time.Millisecond)
	e2eMust(c.Jobs.Wait(e2eCtx, job.ID, tsc.WaitOptions{MinInterval: 20 * time.Millisecond}))(t)
	wbs := e2eMust2(c.Workbooks.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "Later")}}))(t)
	if len(wbs) != 1 {
		t.Fatal("the workbook did not appear when its job succeeded")
	}
	dsJob := e2eMust(c.Datasources.PublishAsJob(e2eCtx, tsc.Datasource{}, tsc.PublishSource{Path: e2eFile("datasources/Orders.tdsx")}, tsc.PublishOptions{}))(t)
	clk.Advance(101 * time.Millisecond)
	e2eMust(c.Jobs.Wait(e2eCtx, dsJob.ID, tsc.WaitOptions{MinInterval: 20 * time.Millisecond}))(t)
	if dss := e2eMust2(c.Datasources.List(e2eCtx, tsc.ListOptions{}))(t); len(dss) != 1 || dss[0].Name != "Orders" {
		t.Errorf("data sources %+v", dss)
	}
}
