package tsc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/url"
	"strconv"
	"strings"
)

// ViewsService lists and exports the views (sheets, dashboards, stories)
// of the current site.
type ViewsService service

// ViewListOptions selects views like ListOptions does; IncludeUsage adds
// each view's total view count. Of the services' List and All, the view
// list alone takes an option beyond paging, filters, sorts and fields
// (includeUsageStatistics), so it takes ListOptions wrapped with it; every
// other List and All takes ListOptions as it is.
type ViewListOptions struct {
	ListOptions
	IncludeUsage bool
}

func pickViews(r *TSResponse) []View {
	if r.Views == nil {
		return nil
	}
	return r.Views.Views
}

func (s *ViewsService) list(name string, opts ViewListOptions) (listCall[View], error) {
	lc, err := siteList(s.client, name, Version{2, 2}, "views", pickViews)
	if err != nil {
		return lc, err
	}
	if opts.IncludeUsage {
		lc.query = url.Values{"includeUsageStatistics": {"true"}}
	}
	return lc, nil
}

// List returns one page of the site's views, with usage counts when asked.
//
// REST: GET /api/{v}/sites/{site-id}/views (2.2).
func (s *ViewsService) List(ctx context.Context, opts ViewListOptions) ([]View, Pagination, error) {
	lc, err := s.list("Views.List", opts)
	if err != nil {
		return nil, Pagination{}, err
	}
	return lc.page(ctx, s.client, opts.ListOptions)
}

// All iterates every view of the site.
//
// REST: GET /api/{v}/sites/{site-id}/views (2.2).
func (s *ViewsService) All(ctx context.Context, opts ViewListOptions) iter.Seq2[View, error] {
	lc, err := s.list("Views.All", opts)
	if err != nil {
		return errSeq[View](err)
	}
	return lc.all(ctx, s.client, opts.ListOptions)
}

func viewPath(id string) string { return viewContent.path(id) }

// Get returns the view with the given id.
//
// REST: GET /api/{v}/sites/{site-id}/views/{id} (3.1).
func (s *ViewsService) Get(ctx context.Context, id string) (*View, error) {
	return viewContent.get(ctx, s.client, id)
}

// viewFiltersVersion is the first REST API version taking workbook
// parameters on exports, filters on PDF exports, and vizWidth/vizHeight.
var viewFiltersVersion = Version{3, 23}

// ExportFilters narrow the data of an exported view, as the filters and
// parameters of the view's URL would. Values are matched exactly.
type ExportFilters struct {
	// Filters maps a field name to a value, sent as vf_<field>=<value>.
	// Several values of one field are written comma-separated.
	Filters map[string]string
	// Parameters maps a workbook parameter's name to a value, sent as
	// vf_Parameters.<name>=<value> (REST 3.23).
	Parameters map[string]string
}

func (f ExportFilters) add(op string, q url.Values) error {
	for k, v := range f.Filters {
		if strings.TrimSpace(k) == "" {
			return fmt.Errorf("tsc: %s: empty filter field name", op)
		}
		q.Set("vf_"+k, v)
	}
	for k, v := range f.Parameters {
		if strings.TrimSpace(k) == "" {
			return fmt.Errorf("tsc: %s: empty parameter name", op)
		}
		q.Set("vf_Parameters."+strings.TrimPrefix(k, "Parameters."), v)
	}
	return nil
}

func maxAgeQuery(op string, maxAge int) (url.Values, error) {
	q := url.Values{}
	if maxAge < 0 {
		return nil, fmt.Errorf("tsc: %s: negative maxAge %d", op, maxAge)
	}
	if maxAge > 0 {
		q.Set("maxAge", strconv.Itoa(maxAge))
	}
	return q, nil
}

func vizSize(op string, q url.Values, w, h int) (bool, error) {
	if w == 0 && h == 0 {
		return false, nil
	}
	if w <= 0 || h <= 0 {
		return false, fmt.Errorf("tsc: %s: set both VizWidth and VizHeight, as positive pixel counts", op)
	}
	q.Set("vizWidth", strconv.Itoa(w))
	q.Set("vizHeight", strconv.Itoa(h))
	return true, nil
}

// ImageOptions shape a view's PNG image.
type ImageOptions struct {
	// HighResolution doubles the pixel density (resolution=high).
	HighResolution bool
	// MaxAge (minutes) lets the server answer from a cached rendering that old.
	MaxAge int
	// VizWidth and VizHeight set the rendered size in pixels (REST 3.23).
	VizWidth, VizHeight int
	ExportFilters
	Progress func(written, total int64)
}

func (o ImageOptions) query(op string) (url.Values, Version, error) {
	min := Version{2, 5}
	q, err := maxAgeQuery(op, o.MaxAge)
	if err != nil {
		return nil, min, err
	}
	if o.HighResolution {
		q.Set("resolution", "high")
	}
	if sized, err := vizSize(op, q, o.VizWidth, o.VizHeight); err != nil {
		return nil, min, err
	} else if sized || len(o.Parameters) > 0 {
		min = viewFiltersVersion
	}
	return q, min, o.ExportFilters.add(op, q)
}

// PDF page types and orientations.
const (
	PageA3        = "A3"
	PageA4        = "A4"
	PageA5        = "A5"
	PageB4        = "B4"
	PageB5        = "B5"
	PageExecutive = "Executive"
	PageFolio     = "Folio"
	PageLedger    = "Ledger"
	PageLegal     = "Legal"
	PageLetter    = "Letter"
	PageNote      = "Note"
	PageQuarto    = "Quarto"
	PageTabloid   = "Tabloid"

	Portrait  = "Portrait"
	Landscape = "Landscape"
)

var pageTypes = []string{PageA3, PageA4, PageA5, PageB4, PageB5, PageExecutive, PageFolio, PageLedger, PageLegal, PageLetter, PageNote, PageQuarto, PageTabloid, "Unspecified"}

// PDFOptions shape a PDF export.
type PDFOptions struct {
	// PageType is one of the Page* constants; empty leaves the server's default (Legal).
	PageType string
	// Orientation is Portrait or Landscape; empty leaves the server's default (Portrait).
	Orientation string
	MaxAge      int
	// VizWidth and VizHeight set the rendered size in pixels (REST 3.23, views only).
	VizWidth, VizHeight int
	// Filters and parameters apply to view PDFs from REST 3.23.
	ExportFilters
	Progress func(written, total int64)
}

func (o PDFOptions) query(op string, min Version) (url.Values, Version, error) {
	q, err := maxAgeQuery(op, o.MaxAge)
	if err != nil {
		return nil, min, err
	}
	if o.PageType != "" {
		ok := false
		for _, p := range pageTypes {
			if strings.EqualFold(p, o.PageType) {
				ok = true
			}
		}
		if !ok {
			return nil, min, fmt.Errorf("tsc: %s: page type %q is not one of %s", op, o.PageType, strings.Join(pageTypes, ", "))
		}
		q.Set("type", o.PageType)
	}
	if o.Orientation != "" {
		if !strings.EqualFold(o.Orientation, Portrait) && !strings.EqualFold(o.Orientation, Landscape) {
			return nil, min, fmt.Errorf("tsc: %s: orientation %q is not Portrait or Landscape", op, o.Orientation)
		}
		q.Set("orientation", o.Orientation)
	}
	sized, err := vizSize(op, q, o.VizWidth, o.VizHeight)
	if err != nil {
		return nil, min, err
	}
	if sized || len(o.Filters) > 0 || len(o.Parameters) > 0 {
		if min.Less(viewFiltersVersion) {
			min = viewFiltersVersion
		}
	}
	return q, min, o.ExportFilters.add(op, q)
}

// DataOptions shape a CSV or Excel export of a view's data.
type DataOptions struct {
	MaxAge int
	ExportFilters
	Progress func(written, total int64)
}

func (o DataOptions) query(op string, min Version) (url.Values, Version, error) {
	q, err := maxAgeQuery(op, o.MaxAge)
	if err != nil {
		return nil, min, err
	}
	if len(o.Parameters) > 0 && min.Less(viewFiltersVersion) {
		min = viewFiltersVersion
	}
	return q, min, o.ExportFilters.add(op, q)
}

func (s *ViewsService) export(ctx context.Context, op, id, suffix string, q url.Values, min Version, w io.Writer, progress func(int64, int64)) (*Download, error) {
	return exportItem(ctx, s.client, viewContent, op, id, suffix, q, min, w, progress)
}

// exportItem streams an export (image, pdf, data...) of a view or a custom
// view, GET {collection}/{id}/{suffix}: the one export path of both, with
// the query the options built.
func exportItem[T any](ctx context.Context, c *Client, k *contentKind[T], op, id, suffix string, q url.Values, min Version, w io.Writer, progress func(int64, int64)) (*Download, error) {
	if id == "" {
		return nil, errors.New("tsc: " + op + ": empty " + k.noun + " id")
	}
	return c.download(ctx, op, min, k.path(id)+"/"+suffix, q, w, DownloadOptions{Progress: progress})
}

// Image streams a PNG rendering of the view to w.
//
// REST: GET /api/{v}/sites/{site-id}/views/{id}/image (2.5; vizWidth, vizHeight and parameters 3.23).
func (s *ViewsService) Image(ctx context.Context, id string, w io.Writer, opts ImageOptions) (*Download, error) {
	q, min, err := opts.query("Views.Image")
	if err != nil {
		return nil, err
	}
	return s.export(ctx, "Views.Image", id, "image", q, min, w, opts.Progress)
}

// PDF streams a PDF of the view to w.
//
// REST: GET /api/{v}/sites/{site-id}/views/{id}/pdf (2.7; filters, parameters and viz size 3.23).
func (s *ViewsService) PDF(ctx context.Context, id string, w io.Writer, opts PDFOptions) (*Download, error) {
	q, min, err := opts.query("Views.PDF", Version{2, 7})
	if err != nil {
		return nil, err
	}
	return s.export(ctx, "Views.PDF", id, "pdf", q, min, w, opts.Progress)
}

// CSV streams the view's data as CSV to w.
//
// REST: GET /api/{v}/sites/{site-id}/views/{id}/data (2.7; parameters 3.23).
func (s *ViewsService) CSV(ctx context.Context, id string, w io.Writer, opts DataOptions) (*Download, error) {
	q, min, err := opts.query("Views.CSV", Version{2, 7})
	if err != nil {
		return nil, err
	}
	return s.export(ctx, "Views.CSV", id, "data", q, min, w, opts.Progress)
}

// Excel streams the view's crosstab as an .xlsx workbook to w.
//
// REST: GET /api/{v}/sites/{site-id}/views/{id}/crosstab/excel (3.8; parameters 3.23).
func (s *ViewsService) Excel(ctx context.Context, id string, w io.Writer, opts DataOptions) (*Download, error) {
	q, min, err := opts.query("Views.Excel", Version{3, 8})
	if err != nil {
		return nil, err
	}
	return s.export(ctx, "Views.Excel", id, "crosstab/excel", q, min, w, opts.Progress)
}

// PreviewImage streams the view's thumbnail (PNG) to w. The endpoint is
// under the view's workbook, whose id it needs.
//
// REST: GET /api/{v}/sites/{site-id}/workbooks/{workbook-id}/views/{id}/previewImage (2.0).
func (s *ViewsService) PreviewImage(ctx context.Context, workbookID, id string, w io.Writer) (*Download, error) {
	if workbookID == "" {
		return nil, errors.New("tsc: Views.PreviewImage: empty workbook id")
	}
	if id == "" {
		return nil, errors.New("tsc: Views.PreviewImage: empty view id")
	}
	return s.client.download(ctx, "Views.PreviewImage", Version{2, 0}, wbPath(workbookID)+"/"+viewPath(id)+"/previewImage", nil, w, DownloadOptions{})
}

// AddTags adds tags to the view and returns all its tags.
//
// REST: PUT /api/{v}/sites/{site-id}/views/{id}/tags (2.0).
func (s *ViewsService) AddTags(ctx context.Context, id string, tags ...string) ([]string, error) {
	return viewContent.addTags(ctx, s.client, id, tags)
}

// DeleteTag removes one tag from the view.
//
// REST: DELETE /api/{v}/sites/{site-id}/views/{id}/tags/{tag} (2.0).
func (s *ViewsService) DeleteTag(ctx context.Context, id, tag string) error {
	return viewContent.deleteTag(ctx, s.client, id, tag)
}
