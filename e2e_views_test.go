package tsc_test

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
)

func TestE2EViewsListAndGet(t *testing.T) {
	_, c := e2eServer(t)
	wb := e2ePublishSales(t, c, "Sales")
	e2ePublishSales(t, c, "Other")
	all := e2eCollect(t, c.Views.All(e2eCtx, tsc.ViewListOptions{ListOptions: tsc.ListOptions{PageSize: 2}}))
	if len(all) != 6 {
		t.Fatalf("%d views, want 6", len(all))
	}
	dash := e2eMust2(c.Views.List(e2eCtx, tsc.ViewListOptions{ListOptions: tsc.ListOptions{
		Filters: []tsc.Filter{tsc.Eq("sheetType", "dashboard"), tsc.Eq("workbookName", "Sales")}}}))(t)
	if len(dash) != 1 || dash[0].Name != "Sales Overview" || dash[0].Workbook == nil || dash[0].Workbook.ID != wb.ID || dash[0].ViewURLName != "SalesOverview" {
		t.Fatalf("dashboards %+v", dash)
	}
	v := e2eMust(c.Views.Get(e2eCtx, dash[0].ID))(t)
	if v.Name != "Sales Overview" || v.ContentURL != "Sales/sheets/SalesOverview" || v.SheetType != "dashboard" || v.Owner == nil || v.Project == nil || v.CreatedAt.IsZero() {
		t.Errorf("Get %+v", v)
	}
	_, err := c.Views.Get(e2eCtx, "00000000-0000-0000-0000-000000000000")
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404011")

	tags := e2eMust(c.Views.AddTags(e2eCtx, v.ID, "kpi", "exec"))(t)
	if strings.Join(tags, ",") != "exec,kpi" {
		t.Errorf("tags %v", tags)
	}
	tagged := e2eMust2(c.Views.List(e2eCtx, tsc.ViewListOptions{ListOptions: tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("tags", "kpi")}}}))(t)
	if len(tagged) != 1 || tagged[0].ID != v.ID {
		t.Errorf("tagged views %+v", tagged)
	}
	e2eNoErr(t, c.Views.DeleteTag(e2eCtx, v.ID, "kpi"))
	e2eWantCode(t, c.Views.DeleteTag(e2eCtx, v.ID, "kpi"), tsc.ErrNotFound, http.StatusNotFound, "404000")
}

func TestE2EViewImages(t *testing.T) {
	_, c := e2eServer(t)
	wb := e2ePublishSales(t, c, "Sales")
	view := wb.Views.Views[0]
	size := func(opts tsc.ImageOptions) (int, int, []byte) {
		t.Helper()
		var buf bytes.Buffer
		d := e2eMust(c.Views.Image(e2eCtx, view.ID, &buf, opts))(t)
		if d.ContentType != "image/png" {
			t.Errorf("content type %q", d.ContentType)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		return cfg.Width, cfg.Height, buf.Bytes()
	}
	w, h, plain := size(tsc.ImageOptions{})
	if _, err := png.Decode(bytes.NewReader(plain)); err != nil {
		t.Fatalf("the image does not decode: %v", err)
	}
	if w != 800 || h != 600 {
		t.Errorf("default image %dx%d", w, h)
	}
	if w, h, _ := size(tsc.ImageOptions{HighResolution: true}); w != 1600 || h != 1200 {
		t.Errorf("high resolution %dx%d", w, h)
	}
	if w, h, _ := size(tsc.ImageOptions{VizWidth: 300, VizHeight: 200, MaxAge: 5}); w != 300 || h != 200 {
		t.Errorf("300x200 asked, %dx%d drawn", w, h)
	}
	_, _, again := size(tsc.ImageOptions{})
	if !bytes.Equal(plain, again) {
		t.Error("the same image is drawn differently twice")
	}
	_, _, filtered := size(tsc.ImageOptions{ExportFilters: tsc.ExportFilters{Filters: map[string]string{"Region": "East"}}})
	_, _, param := size(tsc.ImageOptions{ExportFilters: tsc.ExportFilters{Parameters: map[string]string{"Top N": "5"}}})
	if bytes.Equal(plain, filtered) || bytes.Equal(plain, param) || bytes.Equal(filtered, param) {
		t.Error("filters and parameters do not show on the image")
	}
	var buf bytes.Buffer
	e2eMust(c.Views.PreviewImage(e2eCtx, wb.ID, view.ID, &buf))(t)
	if cfg, err := png.DecodeConfig(&buf); err != nil || cfg.Width != 400 {
		t.Errorf("preview %v %v", cfg, err)
	}
	_, err := c.Views.PreviewImage(e2eCtx, wb.ID, "00000000-0000-0000-0000-000000000000", &buf)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404011")
}

func TestE2EViewPDFDataAndCrosstab(t *testing.T) {
	_, c := e2eServer(t)
	view := e2ePublishSales(t, c, "Sales").Views.Views[0]
	var buf bytes.Buffer
	e2eMust(c.Views.PDF(e2eCtx, view.ID, &buf, tsc.PDFOptions{PageType: tsc.PageA3, Orientation: tsc.Landscape,
		ExportFilters: tsc.ExportFilters{Filters: map[string]string{"Region": "West"}}}))(t)
	boxes, text := e2eCheckPDF(t, buf.Bytes())
	if len(boxes) != 1 || boxes[0] != "0 0 1191 842" {
		t.Errorf("A3 landscape: %v", boxes)
	}
	if !strings.Contains(text, "Sales by Region") || !strings.Contains(text, "Filter: Region = West") || strings.Contains(text, "East") {
		t.Errorf("PDF text:\n%s", text)
	}

	buf.Reset()
	e2eMust(c.Views.CSV(e2eCtx, view.ID, &buf, tsc.DataOptions{ExportFilters: tsc.ExportFilters{Filters: map[string]string{"Region": "East,South"}}}))(t)
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 7 || strings.Join(rows[0], ",") != "Region,Category,Sales,Profit" {
		t.Fatalf("CSV %v", rows)
	}
	for _, r := range rows[1:] {
		if r[0] != "East" && r[0] != "South" {
			t.Errorf("a %s row passed the filter", r[0])
		}
	}
	buf.Reset()
	e2eMust(c.Views.CSV(e2eCtx, view.ID, &buf, tsc.DataOptions{}))(t)
	if n := strings.Count(buf.String(), "\r\n"); n != 13 {
		t.Errorf("unfiltered CSV has %d lines", n)
	}

	buf.Reset()
	d := e2eMust(c.Views.Excel(e2eCtx, view.ID, &buf, tsc.DataOptions{ExportFilters: tsc.ExportFilters{Filters: map[string]string{"Category": "Technology"}}}))(t)
	if d.FileName != "Sales by Region.xlsx" {
		t.Errorf("file name %q", d.FileName)
	}
	parts := e2eZipParts(t, buf.Bytes())
	var sheet struct {
		Rows []struct {
			Cells []struct {
				V      string `xml:"v"`
				Inline string `xml:"is>t"`
			} `xml:"c"`
		} `xml:"sheetData>row"`
	}
	if err := xml.Unmarshal(parts["xl/worksheets/sheet1.xml"], &sheet); err != nil {
		t.Fatal(err)
	}
	if len(sheet.Rows) != 5 || sheet.Rows[0].Cells[0].Inline != "Region" || sheet.Rows[1].Cells[1].Inline != "Technology" || sheet.Rows[1].Cells[2].V == "" {
		t.Errorf("crosstab %+v", sheet.Rows)
	}

	_, err = c.Views.PDF(e2eCtx, "00000000-0000-0000-0000-000000000000", &buf, tsc.PDFOptions{})
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404011")
}

func TestE2EViewUsageCounts(t *testing.T) {
	_, c := e2eServer(t)
	wb := e2ePublishSales(t, c, "Sales")
	v := wb.Views.Views[1]
	for range 3 {
		e2eMust(c.Views.Image(e2eCtx, v.ID, &bytes.Buffer{}, tsc.ImageOptions{}))(t)
	}
	e2eMust(c.Views.CSV(e2eCtx, v.ID, &bytes.Buffer{}, tsc.DataOptions{}))(t)
	views := e2eMust(c.Workbooks.Views(e2eCtx, wb.ID, true))(t)
	counts := map[string]int{}
	for _, x := range views {
		if x.Usage == nil {
			t.Fatalf("no usage on %+v", x)
		}
		counts[x.ID] = x.Usage.TotalViewCount
	}
	if counts[v.ID] != 4 || counts[wb.Views.Views[0].ID] != 0 {
		t.Errorf("usage %v", counts)
	}
	top := e2eMust2(c.Views.List(e2eCtx, tsc.ViewListOptions{IncludeUsage: true, ListOptions: tsc.ListOptions{Sort: []tsc.Sort{tsc.Desc("hitsTotal")}, PageSize: 1}}))(t)
	if len(top) != 1 || top[0].ID != v.ID || top[0].Usage.TotalViewCount != 4 {
		t.Errorf("most viewed %+v", top)
	}
	if plain := e2eMust(c.Workbooks.Views(e2eCtx, wb.ID, false))(t); plain[0].Usage != nil {
		t.Error("usage without asking")
	}
}
