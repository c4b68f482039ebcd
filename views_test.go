package tsc

import (
	"bytes"
	"errors"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestViews(t *testing.T) {
	ts := setup(t)
	vid := "d79634e1-6063-4ec9-95ff-50acbf609ff5"
	vp := sitePrefix + "/views/" + vid
	png := readRef(t, "Sample View Image.png")
	pdf := readRef(t, "populate_pdf.pdf")
	csv := readRef(t, "populate_csv.csv")
	xlsx := readRef(t, "populate_excel.xlsx")
	ts.handle("GET "+sitePrefix+"/views", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("includeUsageStatistics") == "true" {
			wantQuery(t, r, map[string]string{"includeUsageStatistics": "true", "pageSize": "100", "pageNumber": "1", "filter": "tags:in:[tag1,tag2]"})
			serveXML(200, reference(t, "view_get_usage.xml"))(w, r)
			return
		}
		wantQuery(t, r, map[string]string{"pageSize": "100", "pageNumber": "1"})
		serveXML(200, reference(t, "view_get.xml"))(w, r)
	})
	ts.handle("GET "+vp, serveXML(200, reference(t, "view_get_id_usage.xml")))
	ts.handle("GET "+vp+"/image", serveBytes(t, "image/png", png, map[string]string{
		"resolution": "high", "maxAge": "10", "vizWidth": "1600", "vizHeight": "900", "vf_Region": "West", "vf_Parameters.Top N": "5"}))
	ts.handle("GET "+vp+"/pdf", serveBytes(t, "application/pdf", pdf, map[string]string{"type": "Letter", "orientation": "Portrait", "vf_Category": "Furniture,Technology"}))
	ts.handle("GET "+vp+"/data", serveBytes(t, "text/csv", csv, map[string]string{"maxAge": "1", "vf_Year": "2024"}))
	ts.handle("GET "+vp+"/crosstab/excel", serveBytes(t, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx, map[string]string{"vf_Parameters.Currency": "EUR"}))
	ts.handle("GET "+sitePrefix+"/workbooks/3cc6cd06-89ce-4fdc-b935-5294135d6d42/views/"+vid+"/previewImage", serveBytes(t, "image/png", png, nil))
	ts.handle("PUT "+vp+"/tags", expectBody(t, "view_add_tags.xml", []string{`<tags><tag label="a"></tag></tags>`}))
	ts.handle("DELETE "+vp+"/tags/a", noContent)

	views, p, err := ts.client.Views.List(bg, ViewListOptions{})
	if err != nil || len(views) != 2 || p.TotalAvailable != 2 || views[0].Workbook.ID != "3cc6cd06-89ce-4fdc-b935-5294135d6d42" || views[1].SheetType != "story" || views[0].Usage != nil {
		t.Fatalf("List %+v %v", views, err)
	}
	var counts []int
	for v, err := range ts.client.Views.All(bg, ViewListOptions{IncludeUsage: true, ListOptions: ListOptions{Filters: []Filter{In("tags", "tag1", "tag2")}}}) {
		if err != nil {
			t.Fatal(err)
		}
		counts = append(counts, v.Usage.TotalViewCount)
	}
	if !cmp.Equal(counts, []int{7, 13}) {
		t.Errorf("usage counts %v", counts)
	}
	v, err := ts.client.Views.Get(bg, vid)
	if err != nil || v.Name != "ENDANGERED SAFARI" || v.Usage.TotalViewCount != 7 || !cmp.Equal(v.Tags.Labels(), []string{"tag1", "tag2"}) || v.CreatedAt.Year() != 2002 {
		t.Fatalf("Get %+v %v", v, err)
	}
	var buf bytes.Buffer
	d, err := ts.client.Views.Image(bg, vid, &buf, ImageOptions{HighResolution: true, MaxAge: 10, VizWidth: 1600, VizHeight: 900,
		ExportFilters: ExportFilters{Filters: map[string]string{"Region": "West"}, Parameters: map[string]string{"Parameters.Top N": "5"}}})
	if err != nil || !bytes.Equal(buf.Bytes(), png) || d.ContentType != "image/png" {
		t.Errorf("Image %+v %v", d, err)
	}
	buf.Reset()
	if _, err := ts.client.Views.PDF(bg, vid, &buf, PDFOptions{PageType: PageLetter, Orientation: Portrait,
		ExportFilters: ExportFilters{Filters: map[string]string{"Category": "Furniture,Technology"}}}); err != nil || !bytes.Equal(buf.Bytes(), pdf) {
		t.Errorf("PDF %v", err)
	}
	buf.Reset()
	if _, err := ts.client.Views.CSV(bg, vid, &buf, DataOptions{MaxAge: 1, ExportFilters: ExportFilters{Filters: map[string]string{"Year": "2024"}}}); err != nil || !bytes.Equal(buf.Bytes(), csv) {
		t.Errorf("CSV %v", err)
	}
	buf.Reset()
	if _, err := ts.client.Views.Excel(bg, vid, &buf, DataOptions{ExportFilters: ExportFilters{Parameters: map[string]string{"Currency": "EUR"}}}); err != nil || !bytes.Equal(buf.Bytes(), xlsx) {
		t.Errorf("Excel %v", err)
	}
	buf.Reset()
	if _, err := ts.client.Views.PreviewImage(bg, "3cc6cd06-89ce-4fdc-b935-5294135d6d42", vid, &buf); err != nil || !bytes.Equal(buf.Bytes(), png) {
		t.Errorf("PreviewImage %v", err)
	}
	if tags, err := ts.client.Views.AddTags(bg, vid, "a"); err != nil || len(tags) != 4 {
		t.Errorf("AddTags %v %v", tags, err)
	}
	if err := ts.client.Views.DeleteTag(bg, vid, "a"); err != nil {
		t.Error(err)
	}
}

// TestViewExportVersions: each option needs the version that has it, checked
// before any request (no handler is registered).
func TestViewExportVersions(t *testing.T) {
	var buf bytes.Buffer
	var ve *VersionError
	for _, tc := range []struct {
		name string
		ver  string
		call func(c *Client) error
		need Version
	}{
		{"image", "2.4", func(c *Client) error { return second(c.Views.Image(bg, "v", &buf, ImageOptions{})) }, Version{2, 5}},
		{"image size", "3.22", func(c *Client) error {
			return second(c.Views.Image(bg, "v", &buf, ImageOptions{VizWidth: 10, VizHeight: 10}))
		}, Version{3, 23}},
		{"image parameters", "3.22", func(c *Client) error {
			return second(c.Views.Image(bg, "v", &buf, ImageOptions{ExportFilters: ExportFilters{Parameters: map[string]string{"p": "1"}}}))
		}, Version{3, 23}},
		{"pdf filters", "3.22", func(c *Client) error {
			return second(c.Views.PDF(bg, "v", &buf, PDFOptions{ExportFilters: ExportFilters{Filters: map[string]string{"f": "1"}}}))
		}, Version{3, 23}},
		{"pdf", "2.6", func(c *Client) error { return second(c.Views.PDF(bg, "v", &buf, PDFOptions{})) }, Version{2, 7}},
		{"csv parameters", "3.22", func(c *Client) error {
			return second(c.Views.CSV(bg, "v", &buf, DataOptions{ExportFilters: ExportFilters{Parameters: map[string]string{"p": "1"}}}))
		}, Version{3, 23}},
		{"excel", "3.7", func(c *Client) error { return second(c.Views.Excel(bg, "v", &buf, DataOptions{})) }, Version{3, 8}},
		{"get", "3.0", func(c *Client) error { return second(c.Views.Get(bg, "v")) }, Version{3, 1}},
		{"list", "2.1", func(c *Client) error { return second3(c.Views.List(bg, ViewListOptions{})) }, Version{2, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := setup(t, WithVersion(tc.ver))
			if err := tc.call(ts.client); !errors.As(err, &ve) || ve.Needed != tc.need {
				t.Errorf("err = %v, want a VersionError for %s", err, tc.need)
			}
		})
	}
	ts := setup(t)
	for name, err := range map[string]error{
		"half a size":      second(ts.client.Views.Image(bg, "v", &buf, ImageOptions{VizWidth: 10})),
		"negative maxAge":  second(ts.client.Views.CSV(bg, "v", &buf, DataOptions{MaxAge: -1})),
		"empty filter":     second(ts.client.Views.CSV(bg, "v", &buf, DataOptions{ExportFilters: ExportFilters{Filters: map[string]string{"": "x"}}})),
		"empty id":         second(ts.client.Views.Image(bg, "", &buf, ImageOptions{})),
		"preview no wb id": second(ts.client.Views.PreviewImage(bg, "", "v", &buf)),
		"get no id":        second(ts.client.Views.Get(bg, "")),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
