package tsc_test

import (
	"bytes"
	"errors"
	"image/png"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

func TestE2EWorkbooksListFilterSortPage(t *testing.T) {
	srv, c := e2eServer(t)
	finance := e2eMust(c.Projects.Create(e2eCtx, tsc.Project{Name: "Finance"}))(t)
	_, cora := e2eUserClient(t, srv, "", "cora", tsc.SiteRoleCreator)
	for _, n := range []string{"Alpha", "bravo", "Charlie"} {
		e2ePublishSales(t, c, n)
	}
	e2eMust(c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "Delta", Project: &tsc.Project{ID: finance.ID}},
		e2eFile("workbooks/Sales.twb"), tsc.PublishOptions{}))(t)
	e2ePublishSales(t, cora, "Echo")
	e2eMust(c.Workbooks.AddTags(e2eCtx, e2eMust2(c.Workbooks.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "bravo")}}))(t)[0].ID, "q1", "sales"))(t)

	names := func(opts tsc.ListOptions) string {
		t.Helper()
		var out []string
		for _, w := range e2eCollect(t, c.Workbooks.All(e2eCtx, opts)) {
			out = append(out, w.Name)
		}
		return strings.Join(out, ",")
	}
	for _, tc := range []struct {
		opts tsc.ListOptions
		want string
	}{
		{tsc.ListOptions{Sort: []tsc.Sort{tsc.Asc("name")}, PageSize: 2}, "Alpha,bravo,Charlie,Delta,Echo"},
		{tsc.ListOptions{Sort: []tsc.Sort{tsc.Desc("name")}}, "Echo,Delta,Charlie,bravo,Alpha"},
		{tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("projectName", "Finance")}}, "Delta"},
		{tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("ownerName", "cora")}}, "Echo"},
		{tsc.ListOptions{Filters: []tsc.Filter{tsc.In("tags", "sales", "none")}}, "bravo"},
		{tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("hasExtracts", "false")}}, "Delta"},
		{tsc.ListOptions{Filters: []tsc.Filter{tsc.Gte("createdAt", "2000-01-01T00:00:00Z")}, Sort: []tsc.Sort{tsc.Asc("name")}}, "Alpha,bravo,Charlie,Delta,Echo"},
		{tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("contentUrl", "Charlie")}}, "Charlie"},
	} {
		if got := names(tc.opts); got != tc.want {
			t.Errorf("%+v: %s, want %s", tc.opts, got, tc.want)
		}
	}
	_, _, err := c.Workbooks.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("color", "red")}})
	e2eWantCode(t, err, nil, http.StatusBadRequest, "400065")
	// A user's workbooks are the published ones.
	coraID := e2eMust2(c.Users.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "cora")}}))(t)[0].ID
	owned := e2eMust2(c.Users.Workbooks(e2eCtx, coraID, true, tsc.ListOptions{}))(t)
	if len(owned) != 1 || owned[0].Name != "Echo" {
		t.Errorf("cora's workbooks %+v", owned)
	}
}

func TestE2EWorkbookGetUpdateDelete(t *testing.T) {
	clk := newE2EClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	srv, c := e2eServer(t, tsctest.WithClock(clk.Now))
	finance := e2eMust(c.Projects.Create(e2eCtx, tsc.Project{Name: "Finance"}))(t)
	u := e2eMust(srv.SeedUser("", "owen", tsc.SiteRoleCreator))(t)
	wb := e2ePublishSales(t, c, "Sales")

	got := e2eMust(c.Workbooks.Get(e2eCtx, wb.ID))(t)
	if got.Name != "Sales" || got.ContentURL != "Sales" || got.Views == nil || len(got.Views.Views) != 3 || got.Project == nil || got.Owner == nil ||
		got.Size == nil || *got.Size != 1 || got.ShowTabs == nil || got.CreatedAt.IsZero() || got.WebpageURL == "" {
		t.Fatalf("Get: %+v", got)
	}
	if got.Views.Views[0].ContentURL != "Sales/sheets/SalesbyRegion" {
		t.Errorf("view content URL %q", got.Views.Views[0].ContentURL)
	}
	clk.Advance(time.Minute)
	up := e2eMust(c.Workbooks.Update(e2eCtx, tsc.Workbook{ID: wb.ID, Name: "Sales 2025", Description: "yearly", ShowTabs: tsc.Bool(true),
		Project: &tsc.Project{ID: finance.ID}, Owner: &tsc.User{ID: u.ID}}))(t)
	if up.Name != "Sales 2025" || up.Description != "yearly" || !*up.ShowTabs || up.Project.ID != finance.ID || up.Owner.ID != u.ID ||
		!up.UpdatedAt.After(got.UpdatedAt.Time) || up.ContentURL != "Sales" {
		t.Errorf("Update: %+v", up)
	}
	// A second workbook may not take the name in the same project.
	other := e2eMust(c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "Other", Project: &tsc.Project{ID: finance.ID}},
		e2eFile("workbooks/Sales.twb"), tsc.PublishOptions{}))(t)
	_, err := c.Workbooks.Update(e2eCtx, tsc.Workbook{ID: other.ID, Name: "sales 2025"})
	e2eWantCode(t, err, tsc.ErrConflict, http.StatusConflict, "409004")
	_, err = c.Workbooks.Update(e2eCtx, tsc.Workbook{ID: other.ID, Project: &tsc.Project{ID: "nope"}})
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404005")

	e2eNoErr(t, c.Workbooks.Delete(e2eCtx, wb.ID))
	_, err = c.Workbooks.Get(e2eCtx, wb.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404006")
	e2eWantCode(t, c.Workbooks.Delete(e2eCtx, wb.ID), tsc.ErrNotFound, http.StatusNotFound, "404006")
	// Its views went with it.
	if vs := e2eMust2(c.Views.List(e2eCtx, tsc.ViewListOptions{}))(t); len(vs) != 3 {
		t.Errorf("%d views left, want the other workbook's 3", len(vs))
	}
	// Deleting the project deletes its content.
	e2eNoErr(t, c.Projects.Delete(e2eCtx, finance.ID))
	if wbs := e2eMust2(c.Workbooks.List(e2eCtx, tsc.ListOptions{}))(t); len(wbs) != 0 {
		t.Errorf("%d workbooks left", len(wbs))
	}
}

func TestE2EWorkbookConnectionsAndTags(t *testing.T) {
	_, c := e2eServer(t)
	wb := e2eMust(c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "Sales"}, e2eFile("workbooks/Sales.twbx"), tsc.PublishOptions{
		Connections: []tsc.Connection{{ServerAddress: "warehouse.example.com", Credentials: &tsc.ConnectionCredentials{Name: "etl", Password: "s3cret", Embed: true}}},
	}))(t)
	conns := e2eMust(c.Workbooks.Connections(e2eCtx, wb.ID))(t)
	if len(conns) != 2 {
		t.Fatalf("%d connections", len(conns))
	}
	pg, xl := conns[0], conns[1]
	if pg.Type != "postgres" || pg.ServerAddress != "warehouse.example.com" || pg.ServerPort != "5432" || pg.UserName != "etl" ||
		pg.EmbedPassword == nil || !*pg.EmbedPassword || pg.Password != "" || pg.Datasource == nil || pg.Datasource.Name != "Orders (warehouse)" {
		t.Errorf("postgres connection %+v", pg)
	}
	if xl.Type != "excel-direct" || xl.Datasource == nil || xl.Datasource.Name != "Targets" || xl.Datasource.ID == pg.Datasource.ID {
		t.Errorf("excel connection %+v", xl)
	}
	up := e2eMust(c.Workbooks.UpdateConnection(e2eCtx, wb.ID, tsc.Connection{ID: pg.ID, ServerAddress: "replica.example.com", ServerPort: "5433",
		UserName: "reader", Password: "pw", EmbedPassword: tsc.Bool(false)}))(t)
	if up.ID != pg.ID || up.ServerAddress != "replica.example.com" || up.ServerPort != "5433" || up.UserName != "reader" || *up.EmbedPassword {
		t.Errorf("updated %+v", up)
	}
	if again := e2eMust(c.Workbooks.Connections(e2eCtx, wb.ID))(t); again[0].ServerAddress != "replica.example.com" {
		t.Error("the update did not stick")
	}
	_, err := c.Workbooks.UpdateConnection(e2eCtx, wb.ID, tsc.Connection{ID: "nope", ServerAddress: "x"})
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404020")

	tags := e2eMust(c.Workbooks.AddTags(e2eCtx, wb.ID, "b", "a"))(t)
	if strings.Join(tags, ",") != "a,b" {
		t.Errorf("first tags %v", tags)
	}
	tags = e2eMust(c.Workbooks.AddTags(e2eCtx, wb.ID, "a", "c"))(t)
	if strings.Join(tags, ",") != "a,b,c" {
		t.Errorf("tags %v", tags)
	}
	e2eNoErr(t, c.Workbooks.DeleteTag(e2eCtx, wb.ID, "b"))
	e2eWantCode(t, c.Workbooks.DeleteTag(e2eCtx, wb.ID, "b"), tsc.ErrNotFound, http.StatusNotFound, "404000")
	if got := e2eMust(c.Workbooks.Get(e2eCtx, wb.ID))(t).Tags.Labels(); strings.Join(got, ",") != "a,c" {
		t.Errorf("tags after delete %v", got)
	}
}

func TestE2EWorkbookExports(t *testing.T) {
	_, c := e2eServer(t)
	wb := e2ePublishSales(t, c, "Sales")
	var img bytes.Buffer
	d := e2eMust(c.Workbooks.PreviewImage(e2eCtx, wb.ID, &img))(t)
	cfg, err := png.DecodeConfig(bytes.NewReader(img.Bytes()))
	if err != nil || cfg.Width != 400 || cfg.Height != 300 || d.ContentType != "image/png" {
		t.Errorf("preview image %v %v %+v", cfg, err, d)
	}
	for _, tc := range []struct {
		opts tsc.PDFOptions
		box  string
	}{
		{tsc.PDFOptions{}, "0 0 612 1008"},
		{tsc.PDFOptions{PageType: tsc.PageA4}, "0 0 595 842"},
		{tsc.PDFOptions{PageType: tsc.PageLetter, Orientation: tsc.Landscape}, "0 0 792 612"},
	} {
		var buf bytes.Buffer
		e2eMust(c.Workbooks.PDF(e2eCtx, wb.ID, &buf, tc.opts))(t)
		boxes, text := e2eCheckPDF(t, buf.Bytes())
		if len(boxes) != 3 || boxes[0] != tc.box {
			t.Errorf("%+v: boxes %v, want 3 of %s", tc.opts, boxes, tc.box)
		}
		for _, v := range wb.Views.Views {
			if !strings.Contains(text, v.Name) {
				t.Errorf("the PDF does not show %q", v.Name)
			}
		}
	}
	var deck bytes.Buffer
	e2eMust(c.Workbooks.PowerPoint(e2eCtx, wb.ID, &deck, 0))(t)
	parts := e2eZipParts(t, deck.Bytes())
	for i := 1; i <= 3; i++ {
		p := "ppt/slides/slide" + string(rune('0'+i)) + ".xml"
		if !bytes.Contains(parts[p], []byte(wb.Views.Views[i-1].Name)) {
			t.Errorf("%s does not show %q", p, wb.Views.Views[i-1].Name)
		}
		if _, err := png.Decode(bytes.NewReader(parts["ppt/media/image"+string(rune('0'+i))+".png"])); err != nil {
			t.Errorf("slide %d image: %v", i, err)
		}
	}
	_, err = c.Workbooks.PDF(e2eCtx, "nope", &bytes.Buffer{}, tsc.PDFOptions{})
	if !errors.Is(err, tsc.ErrNotFound) {
		t.Errorf("PDF of a missing workbook: %v", err)
	}
}

func TestE2EWorkbookRefresh(t *testing.T) {
	clk := newE2EClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	_, c := e2eContentServer(t, 100*time.Millisecond, tsctest.WithClock(clk.Now))
	wb := e2ePublishSales(t, c, "Sales")
	before := e2eMust(c.Workbooks.Get(e2eCtx, wb.ID))(t).UpdatedAt
	clk.Advance(time.Minute)
	job := e2eMust(c.Workbooks.Refresh(e2eCtx, wb.ID))(t)
	// The job runs on the server's clock: a second later it is done.
	clk.Advance(time.Second)
	if job.Type != "RefreshExtract" || job.ExtractRefreshJob == nil || job.ExtractRefreshJob.Workbook == nil || job.ExtractRefreshJob.Workbook.ID != wb.ID {
		t.Fatalf("job %+v", job)
	}
	done := e2eMust(c.Jobs.Wait(e2eCtx, job.ID, tsc.WaitOptions{MinInterval: 20 * time.Millisecond}))(t)
	if *done.FinishCode != tsc.JobSucceeded || *done.Progress != 100 {
		t.Errorf("done %+v", done)
	}
	if after := e2eMust(c.Workbooks.Get(e2eCtx, wb.ID))(t).UpdatedAt; !after.After(before.Time) {
		t.Error("the refresh did not update the workbook")
	}
	live := e2eMust(c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "Live"}, e2eFile("workbooks/Sales.twb"), tsc.PublishOptions{}))(t)
	_, err := c.Workbooks.Refresh(e2eCtx, live.ID)
	e2eWantCode(t, err, nil, http.StatusBadRequest, "400000")
}
