package tsc

import (
	"bytes"
	"context"
	"errors"
	"io"
	"iter"
)

// CustomViewsService lists, reads, changes, deletes, exports, downloads
// and publishes the custom views of the current site. Tableau's users
// create custom views in its web UI; the REST API has no create call
// besides Publish, which imports a file that Download wrote.
type CustomViewsService service

// The API versions of the custom view methods.
var (
	customViewsSince       = Version{3, 18}
	customViewDeleteSince  = Version{3, 19}
	customViewContentSince = Version{3, 21}
	customViewExportSince  = Version{3, 23}
)

var customViewContent = &contentKind[CustomView]{
	collection: "customviews", service: "CustomViews", noun: "custom view", element: "customView",
	since: contentVersions{get: customViewsSince},
	pick:  pickCustomView,
	name:  func(v *CustomView) string { return v.Name },
}

// customViewKind publishes a custom view file (.json, the file Download
// writes) to /api/exp/sites/{site-id}/customviews.
var customViewKind = publishKind{
	collection: "customviews", element: "custom view", part: "tableau_customview",
	exts: []string{"json"}, since: customViewContentSince, exp: true,
	sniff: func(h []byte) string {
		if bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(h, []byte("\xef\xbb\xbf")), " \t\r\n"), []byte("[")) {
			return "json"
		}
		return ""
	},
}

// pickCustomView takes the custom view out of an answer: a <customView>,
// or the one <customView> of a <customViews> list (TSC reads either).
func pickCustomView(r *TSResponse) *CustomView {
	if r.CustomView != nil {
		return r.CustomView
	}
	if r.CustomViews != nil && len(r.CustomViews.CustomViews) == 1 {
		return &r.CustomViews.CustomViews[0]
	}
	return nil
}

func pickCustomViews(r *TSResponse) []CustomView {
	if r.CustomViews == nil {
		return nil
	}
	return r.CustomViews.CustomViews
}

// List returns one page of the custom views the caller may see: an
// administrator all of the site's, anyone else their own and the shared
// ones of views they can read. Filters Tableau takes: viewId, workbookId,
// ownerId (eq).
//
// REST: GET /api/{v}/sites/{site-id}/customviews (3.18).
func (s *CustomViewsService) List(ctx context.Context, opts ListOptions) ([]CustomView, Pagination, error) {
	lc, err := siteList(s.client, "CustomViews.List", customViewsSince, "customviews", pickCustomViews)
	if err != nil {
		return nil, Pagination{}, err
	}
	return lc.page(ctx, s.client, opts)
}

// All iterates every custom view the caller may see.
//
// REST: GET /api/{v}/sites/{site-id}/customviews (3.18).
func (s *CustomViewsService) All(ctx context.Context, opts ListOptions) iter.Seq2[CustomView, error] {
	lc, err := siteList(s.client, "CustomViews.All", customViewsSince, "customviews", pickCustomViews)
	if err != nil {
		return errSeq[CustomView](err)
	}
	return lc.all(ctx, s.client, opts)
}

// Get returns the custom view with the given id.
//
// REST: GET /api/{v}/sites/{site-id}/customviews/{id} (3.18).
func (s *CustomViewsService) Get(ctx context.Context, id string) (*CustomView, error) {
	return customViewContent.get(ctx, s.client, id)
}

// Update changes what is set in cv (cv.ID names it): its name, and its
// owner (by id). Tableau's Update Custom View changes nothing else.
//
// REST: PUT /api/{v}/sites/{site-id}/customviews/{id} (3.18).
func (s *CustomViewsService) Update(ctx context.Context, cv CustomView) (*CustomView, error) {
	return customViewContent.update(ctx, s.client, cv.ID, func() (CustomView, Version, error) {
		body := CustomView{Name: cv.Name, Owner: userRef(cv.Owner)}
		switch {
		case cv.Shared != nil:
			return body, Version{}, errors.New("Tableau's Update Custom View does not change shared; set Name or Owner")
		case body.Name == "" && body.Owner == nil:
			return body, Version{}, errNothingToUpdate
		}
		return body, customViewsSince, nil
	})
}

// Delete removes the custom view.
//
// REST: DELETE /api/{v}/sites/{site-id}/customviews/{id} (3.19).
func (s *CustomViewsService) Delete(ctx context.Context, id string) error {
	if err := customViewContent.checkID("Delete", id); err != nil {
		return err
	}
	return s.client.deleteSite(ctx, "CustomViews.Delete", customViewDeleteSince, customViewContent.path(id), nil)
}

// Image streams a PNG of the custom view (its view with its filters) to w.
//
// REST: GET /api/{v}/sites/{site-id}/customviews/{id}/image (3.18; viz size and parameters 3.23).
func (s *CustomViewsService) Image(ctx context.Context, id string, w io.Writer, opts ImageOptions) (*Download, error) {
	q, min, err := opts.query("CustomViews.Image")
	if err != nil {
		return nil, err
	}
	return exportItem(ctx, s.client, customViewContent, "CustomViews.Image", id, "image", q, later(min, customViewsSince), w, opts.Progress)
}

// PDF streams a PDF of the custom view to w.
//
// REST: GET /api/{v}/sites/{site-id}/customviews/{id}/pdf (3.23).
func (s *CustomViewsService) PDF(ctx context.Context, id string, w io.Writer, opts PDFOptions) (*Download, error) {
	q, min, err := opts.query("CustomViews.PDF", customViewExportSince)
	if err != nil {
		return nil, err
	}
	return exportItem(ctx, s.client, customViewContent, "CustomViews.PDF", id, "pdf", q, min, w, opts.Progress)
}

// CSV streams the custom view's data as CSV to w.
//
// REST: GET /api/{v}/sites/{site-id}/customviews/{id}/data (3.23).
func (s *CustomViewsService) CSV(ctx context.Context, id string, w io.Writer, opts DataOptions) (*Download, error) {
	q, min, err := opts.query("CustomViews.CSV", customViewExportSince)
	if err != nil {
		return nil, err
	}
	return exportItem(ctx, s.client, customViewContent, "CustomViews.CSV", id, "data", q, min, w, opts.Progress)
}

// Download streams the custom view's definition file (JSON: one entry
// per view of its workbook, each with its <customized-view> document) to
// w. The file holds filter values in plain text. Tableau lets server and
// site administrators download custom views.
//
// REST: GET /api/exp/sites/{site-id}/customviews/{id}/content (3.21).
func (s *CustomViewsService) Download(ctx context.Context, id string, w io.Writer, opts DownloadOptions) (*Download, error) {
	if err := customViewContent.checkID("Download", id); err != nil {
		return nil, err
	}
	if opts.ExcludeExtract {
		return nil, errors.New("tsc: CustomViews.Download: a custom view file has no extract to leave out")
	}
	opts.exp = true
	return s.client.download(ctx, "CustomViews.Download", customViewContentSince, customViewContent.path(id)+"/content", nil, w, opts)
}

// DownloadTo saves the custom view's definition file into dest, a
// directory (the file named by the server, or "<name>.json") or a file
// path; nothing is left behind when the download fails.
//
// REST: GET /api/exp/sites/{site-id}/customviews/{id}/content (3.21).
func (s *CustomViewsService) DownloadTo(ctx context.Context, id, dest string, opts DownloadOptions) (*Download, error) {
	if err := customViewContent.checkID("DownloadTo", id); err != nil {
		return nil, err
	}
	if opts.ExcludeExtract {
		return nil, errors.New("tsc: CustomViews.DownloadTo: a custom view file has no extract to leave out")
	}
	opts.exp = true
	stem := customViewContent.nameOf(s.client, id)
	return s.client.downloadTo(ctx, "CustomViews.DownloadTo", customViewContentSince, customViewContent.path(id)+"/content", nil, dest, opts,
		func(ctx context.Context, _ []byte) string { return stem(ctx) + ".json" })
}

// CustomViewPublishOptions shape a custom view publish.
type CustomViewPublishOptions struct {
	// Progress, ChunkThreshold and ChunkSize are PublishOptions'.
	Progress       func(sent, total int64)
	ChunkThreshold int64
	ChunkSize      int64
}

// Publish imports a custom view file (what Download writes) onto a
// workbook: cv.Workbook.ID names the workbook, cv.Name the custom view (the
// file's name without .json when empty), cv.Shared whether it is shared
// (false when nil), cv.Owner its owner (the caller when nil). The file's
// source view must be a view of the workbook.
//
// REST: POST /api/exp/sites/{site-id}/customviews (3.21).
func (s *CustomViewsService) Publish(ctx context.Context, cv CustomView, src PublishSource, opts CustomViewPublishOptions) (*CustomView, error) {
	if cv.Workbook == nil || cv.Workbook.ID == "" {
		return nil, errors.New("tsc: CustomViews.Publish: the custom view has no workbook id")
	}
	po := PublishOptions{Progress: opts.Progress, ChunkThreshold: opts.ChunkThreshold, ChunkSize: opts.ChunkSize}
	pc, err := s.client.preparePublish(ctx, customViewKind, "CustomViews.Publish", false, cv.Name, src, po, func(name string) ([]byte, error) {
		body := CustomView{Name: name, Shared: Bool(cv.Shared != nil && *cv.Shared), Workbook: &Workbook{ID: cv.Workbook.ID}, Owner: userRef(cv.Owner)}
		return encodeElement("customView", body)
	})
	if err != nil {
		return nil, err
	}
	resp, err := pc.send(ctx)
	return customViewContent.item("Publish", resp, err)
}
