package emulator

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/emulator/export"
)

// renderView writes a view as List Views and Get View do.
func renderView(v *viewRow, usage bool) tsc.View {
	out := tsc.View{
		ID: v.ID, Name: v.Name, ContentURL: v.ContentURL(), SheetType: v.SheetType, ViewURLName: v.URLName,
		CreatedAt: parseTime(v.CreatedAt), UpdatedAt: parseTime(v.UpdatedAt),
		Workbook: &tsc.Workbook{ID: v.WorkbookID},
		Owner:    &tsc.User{ID: v.OwnerID},
		Project:  &tsc.Project{ID: v.ProjectID},
		Tags:     tagsOf(v.Tags),
	}
	if v.PersonalSpace {
		out.Project, out.Location = nil, personalSpaceLocation(v.SiteID, v.OwnerID)
	}
	if usage {
		out.Usage = &tsc.ViewUsage{TotalViewCount: v.TotalViews}
	}
	return out
}

// listViews answers GET /sites/{site}/views (2.2).
func (s *Server) listViews(c *call) (result, error) {
	lq, err := c.list(viewListSpec)
	if err != nil {
		return result{}, err
	}
	fs, err := parseFields(viewFields, c.query)
	if err != nil {
		return result{}, err
	}
	if err := s.restrictToReadable(c, lq, tsc.PermView); err != nil {
		return result{}, err
	}
	rows, p, err := s.store.listViews(c.ctx, c.siteID(), "", lq)
	if err != nil {
		return result{}, err
	}
	items, err := s.viewPage(c, rows, fs)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Pagination = &p
	resp.Views = &tsc.ViewList{Views: items}
	return ok(resp)
}

// getView answers GET /sites/{site}/views/{id} (3.1).
func (s *Server) getView(c *call) (result, error) {
	if _, err := s.authorizeContent(c, tsc.PermView, c.param("id")); err != nil {
		return result{}, err
	}
	v, err := s.store.view(c.ctx, c.siteID(), c.param("id"))
	if err != nil {
		return result{}, err
	}
	out := renderView(v, c.wantUsage())
	resp := tsc.NewTSResponse()
	resp.View = &out
	return ok(resp)
}

func (s *Server) addViewTags(c *call) (result, error) {
	return s.addTags(c, "view", s.viewTaggable(c))
}

func (s *Server) deleteViewTag(c *call) (result, error) {
	return s.deleteTag(c, "view", s.viewTaggable(c))
}

// viewTaggable checks that the caller may tag a view: Read on it and Write
// on its workbook (a view has no Write of its own; tags are its
// workbook's metadata as much as its own).
func (s *Server) viewTaggable(c *call) func() error {
	return func() error {
		cf, err := s.authorizeContent(c, tsc.PermView, c.param("id"))
		if err != nil {
			return err
		}
		_, err = s.authorizeContent(c, tsc.PermWorkbook, cf.WorkbookID, tsc.CapWrite)
		return err
	}
}

// Exports.

// Image sizes: the default rendering, and the thumbnail of previews.
const (
	defaultImageW, defaultImageH = 800, 600
	previewW, previewH           = 400, 300
)

// exportView finds the view of an export, checks the export's options
// with check, counts the access in the view's usage statistics and reads
// the filters and parameters of the query.
func (s *Server) exportView(c *call, need tsc.Capability, check func() error) (*viewRow, export.Options, error) {
	return s.exportViewOf(c, c.param("id"), need, check)
}

// exportViewOf is exportView for the view viewID: custom views export
// their view through it.
func (s *Server) exportViewOf(c *call, viewID string, need tsc.Capability, check func() error) (*viewRow, export.Options, error) {
	if _, err := s.authorizeContent(c, tsc.PermView, viewID, need); err != nil {
		return nil, export.Options{}, err
	}
	v, err := s.store.view(c.ctx, c.siteID(), viewID)
	if err != nil {
		return nil, export.Options{}, err
	}
	if err := checkMaxAge(c); err != nil {
		return nil, export.Options{}, err
	}
	if check != nil {
		if err := check(); err != nil {
			return nil, export.Options{}, err
		}
	}
	if err := s.store.countView(c.ctx, v.ID); err != nil {
		return nil, export.Options{}, err
	}
	return v, export.ParseQuery(c.query), nil
}

// checkMaxAge refuses a maxAge that is not a positive number of minutes.
// The emulator renders every export afresh (its exports are
// deterministic), so a valid maxAge changes nothing.
func checkMaxAge(c *call) error {
	if v := c.query.Get("maxAge"); v != "" {
		if n, err := strconv.Atoi(v); err != nil || n < 1 {
			return badRequest("maxAge '%s' is not a positive number of minutes.", v)
		}
	}
	return nil
}

// imageSize reads vizWidth, vizHeight and resolution=high (which doubles
// the pixel size) against the defaults.
func imageSize(c *call, w, h int) (int, int, int, error) {
	for name, dst := range map[string]*int{"vizWidth": &w, "vizHeight": &h} {
		if v := c.query.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < export.MinImageSide || n > export.MaxImageSide/2 {
				return 0, 0, 0, badRequest("%s '%s' is not a pixel count between %d and %d.", name, v, export.MinImageSide, export.MaxImageSide/2)
			}
			*dst = n
		}
	}
	scale := 1
	switch r := c.query.Get("resolution"); strings.ToLower(r) {
	case "", "standard":
	case "high":
		scale = 2
	default:
		return 0, 0, 0, badRequest("resolution '%s' is not high.", r)
	}
	return w * scale, h * scale, scale, nil
}

// card is what a view's image and PDF page show.
func viewCard(v *viewRow, o export.Options, extra ...string) export.Card {
	lines := append([]string{}, o.Describe()...)
	lines = append(lines, extra...)
	return export.Card{Title: v.Name, Subtitle: v.WorkbookName + " / " + v.SheetType, Lines: lines, Bars: export.SampleData(v.dataKey(), o).Bars()}
}

// viewImage answers GET /views/{id}/image: a PNG of the view, 800x600 by
// default, vizWidth x vizHeight when given, doubled at resolution=high,
// with the filters and parameters written on it.
func (s *Server) viewImage(c *call) (result, error) {
	var w, h, scale int
	v, o, err := s.exportView(c, tsc.CapExportImage, func() (err error) {
		w, h, scale, err = imageSize(c, defaultImageW, defaultImageH)
		return err
	})
	if err != nil {
		return result{}, err
	}
	b, err := export.PNG(viewCard(v, o), w, h, scale)
	if err != nil {
		return result{}, badRequest("%v", err)
	}
	return fileResult("image/png", "", b)
}

// pdfSize reads type and orientation.
func pdfSize(c *call) (float64, float64, error) {
	t, o := c.query.Get("type"), c.query.Get("orientation")
	w, h, ok := export.PageSize(t, o)
	if !ok {
		return 0, 0, badRequest("The page type '%s' or orientation '%s' is not valid: types are A3, A4, A5, B4, B5, Executive, Folio, Ledger, Legal, Letter, Note, Quarto, Tabloid; orientations Portrait, Landscape.", t, o)
	}
	return w, h, nil
}

func pageLabel(c *call) string {
	t, o := c.query.Get("type"), c.query.Get("orientation")
	if t == "" {
		t = "Legal"
	}
	if o == "" {
		o = "Portrait"
	}
	return "Page: " + t + " " + o
}

// viewPDF answers GET /views/{id}/pdf: one page of the type and
// orientation asked for (Legal Portrait by default).
func (s *Server) viewPDF(c *call) (result, error) {
	var w, h float64
	v, o, err := s.exportView(c, tsc.CapExportImage, func() (err error) {
		w, h, err = pdfSize(c)
		return err
	})
	if err != nil {
		return result{}, err
	}
	return fileResult("application/pdf", v.Name+".pdf", export.PDF([]export.Page{viewCard(v, o, pageLabel(c))}, w, h))
}

// viewData answers GET /views/{id}/data: the view's data as CSV, rows
// filtered by the vf_ parameters.
func (s *Server) viewData(c *call) (result, error) {
	v, o, err := s.exportView(c, tsc.CapExportData, nil)
	if err != nil {
		return result{}, err
	}
	return fileResult("text/csv; charset=utf-8", v.Name+".csv", export.CSV(export.SampleData(v.dataKey(), o)))
}

// viewExcel answers GET /views/{id}/crosstab/excel (3.8): the view's
// crosstab as an .xlsx workbook.
func (s *Server) viewExcel(c *call) (result, error) {
	v, o, err := s.exportView(c, tsc.CapExportData, nil)
	if err != nil {
		return result{}, err
	}
	return fileResult("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", v.Name+".xlsx",
		export.XLSX(v.Name, export.SampleData(v.dataKey(), o)))
}

// viewPreviewImage answers GET /workbooks/{wb}/views/{id}/previewImage: a
// 400x300 thumbnail.
func (s *Server) viewPreviewImage(c *call) (result, error) {
	if _, err := s.authorizeContent(c, tsc.PermView, c.param("id")); err != nil {
		return result{}, err
	}
	v, err := s.store.view(c.ctx, c.siteID(), c.param("id"))
	if err != nil {
		return result{}, err
	}
	if v.WorkbookID != c.param("wb") {
		return result{}, viewNotFound(c.param("id"))
	}
	b, err := export.PNG(viewCard(v, export.Options{}), previewW, previewH, 1)
	if err != nil {
		return result{}, err
	}
	return fileResult("image/png", "", b)
}

// workbookViewsFor returns a workbook's views for its exports, refusing a
// workbook without any.
func (s *Server) workbookViewsFor(c *call, need ...tsc.Capability) ([]viewRow, error) {
	id := c.param("id")
	if _, err := s.authorizeContent(c, tsc.PermWorkbook, id, need...); err != nil {
		return nil, err
	}
	if err := checkMaxAge(c); err != nil {
		return nil, err
	}
	views, err := s.readableViews(c, id)
	if err != nil {
		return nil, err
	}
	if len(views) == 0 {
		return nil, errf(http.StatusBadRequest, codeBadRequest, "Bad Request", "The workbook '%s' has no views to export.", id)
	}
	return views, nil
}

// workbookPreviewImage answers GET /workbooks/{id}/previewImage: the
// thumbnail of the workbook's first view.
func (s *Server) workbookPreviewImage(c *call) (result, error) {
	views, err := s.workbookViewsFor(c)
	if err != nil {
		return result{}, err
	}
	b, err := export.PNG(viewCard(&views[0], export.Options{}), previewW, previewH, 1)
	if err != nil {
		return result{}, err
	}
	return fileResult("image/png", "", b)
}

// workbookPDF answers GET /workbooks/{id}/pdf (3.4): a page per view.
func (s *Server) workbookPDF(c *call) (result, error) {
	views, err := s.workbookViewsFor(c, tsc.CapExportImage)
	if err != nil {
		return result{}, err
	}
	w, h, err := pdfSize(c)
	if err != nil {
		return result{}, err
	}
	pages := make([]export.Page, len(views))
	for i := range views {
		pages[i] = viewCard(&views[i], export.Options{}, pageLabel(c), fmt.Sprintf("Sheet %d of %d", i+1, len(views)))
	}
	return fileResult("application/pdf", views[0].WorkbookName+".pdf", export.PDF(pages, w, h))
}

// workbookPowerPoint answers GET /workbooks/{id}/powerpoint (3.8): a
// slide per view with its image.
func (s *Server) workbookPowerPoint(c *call) (result, error) {
	views, err := s.workbookViewsFor(c, tsc.CapExportImage)
	if err != nil {
		return result{}, err
	}
	slides := make([]export.Slide, len(views))
	for i := range views {
		b, err := export.PNG(viewCard(&views[i], export.Options{}), defaultImageW, defaultImageH, 1)
		if err != nil {
			return result{}, err
		}
		slides[i] = export.Slide{Title: views[i].Name, PNG: b, W: defaultImageW, H: defaultImageH}
	}
	return fileResult("application/vnd.openxmlformats-officedocument.presentationml.presentation", views[0].WorkbookName+".pptx",
		export.PPTX(slides))
}
