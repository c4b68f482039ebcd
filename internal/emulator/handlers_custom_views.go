package emulator

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/google/uuid"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/authz"
	"github.com/tsc-go/tsc/internal/emulator/export"
	"github.com/tsc-go/tsc/internal/emulator/tableaufile"
)

// Custom views (REST "Workbooks and Views Methods", Custom Views: list,
// get, update and image 3.18, delete 3.19, PDF and data 3.23; Download and
// Publish Custom View 3.21, under /api/exp/ as TSC calls them). Tableau's
// users create custom views in its web UI; the emulator creates them
// through its seed helper (SeedCustomView: tsctest's Server.SeedCustomView
// and POST /_emulator/customViews) and Publish Custom View. A custom view
// keeps its view's filters as its file says (tableaufile.ReadCustomView),
// and its exports apply them.
//
// Authority, decided through the content evaluator (authorizeContent,
// decideContent), never by a rule of this file alone:
//   - Reading one (Get, the exports): Read on its view (the view's rule,
//     which includes its workbook's Read), and the custom view is shared,
//     or the caller owns it, or administers the site. A private custom
//     view of someone else, or one of a view the caller cannot read, is
//     404048 as a missing one: nothing tells it exists. The exports also
//     need the view's export capability (ExportImage for image and PDF,
//     ExportData for data), as the view's own exports do.
//   - Listing: what the reference says of List Custom Views (quoted in
//     TSC's custom_views_endpoint.py): administrators see every custom
//     view; others, with no viewId or workbookId filter (or with an
//     ownerId filter), only those they own; with a viewId or workbookId
//     filter and no ownerId filter, also the shared ones. Always only of
//     views they can Read. (The reference's "Write and WebAuthoring" for
//     that case is left out: the emulator shows a shared custom view to
//     everyone who can read its view, as Tableau's web UI lists them.)
//   - Update and Delete: the custom view's owner, administrators, and the
//     owner or a leader of its workbook's project: the evaluator's
//     decision on Write to the workbook, taken only when its basis is one
//     of those (ByServerAdmin, BySiteAdmin, ByProjectOwner,
//     ByProjectLeader). Anyone else gets 403004 for a custom view they can
//     see, 404048 for one they cannot.
//   - Download: server and site administrators, as the reference's
//     Download Custom View says; anyone else 403163 ("Download forbidden"),
//     before the id is looked at.
//   - Publish: administrators too (403000 otherwise): it imports a file
//     onto any workbook of the site with any owner, which only migration
//     tools do. The owner must be a user of the site, the workbook on the
//     site, and the file's source view a view of the workbook.
// Deleting a view or a workbook deletes its custom views, as does removing
// the owner from the site (migration 0017).

// Tableau's codes for custom views (Download Custom View's error table).
const (
	codeCustomViewNotFound          = "404048"
	codeCustomViewDownloadForbidden = "403163"
)

// The bounds of a custom view file. Tableau documents none below its
// 64 MB single-request limit; real files are a few KB per view (the
// captured nine-view file is 42 KB), so these leave a wide margin.
const (
	maxCustomViewFile  = 16 << 20
	maxCustomViewViews = 1000
)

// customViewLimits bound reading a custom view file.
var customViewLimits = tableaufile.Limits{MaxDocumentSize: maxCustomViewFile, MaxEntries: maxCustomViewViews}

func customViewNotFound(id string) *apiError {
	return notFound(codeCustomViewNotFound, "Custom view '%s' could not be found.", id)
}

// customViewRow is a custom view as stored, with its view's, workbook's
// and owner's names.
type customViewRow struct {
	ID, SiteID, ViewID, ViewName, WorkbookID, WorkbookName string
	ProjectID, OwnerID, OwnerName, Name                    string
	Shared                                                 bool
	CreatedMS, UpdatedMS                                   int64
}

const customViewCols = `cv.id, cv.site_id, cv.view_id, v.name, cv.workbook_id, w.name, w.project_id, cv.owner_id, o.name, cv.name,
	cv.shared, cv.created_ms, cv.updated_ms`

// customViewFrom joins the view as v: the views' read scope
// (restrictToReadable) is written over that alias.
const customViewFrom = `FROM custom_views cv JOIN views v ON v.id = cv.view_id JOIN workbooks w ON w.id = cv.workbook_id
	JOIN users o ON o.id = cv.owner_id`

func scanCustomView(sc interface{ Scan(...any) error }) (*customViewRow, error) {
	var r customViewRow
	err := sc.Scan(&r.ID, &r.SiteID, &r.ViewID, &r.ViewName, &r.WorkbookID, &r.WorkbookName, &r.ProjectID, &r.OwnerID, &r.OwnerName, &r.Name,
		&r.Shared, &r.CreatedMS, &r.UpdatedMS)
	return &r, err
}

func renderCustomView(r *customViewRow) tsc.CustomView {
	return tsc.CustomView{
		ID: r.ID, Name: r.Name, Shared: tsc.Bool(r.Shared),
		CreatedAt: msToTime(sql.NullInt64{Int64: r.CreatedMS, Valid: true}), UpdatedAt: msToTime(sql.NullInt64{Int64: r.UpdatedMS, Valid: true}),
		View:     &tsc.View{ID: r.ViewID, Name: r.ViewName},
		Workbook: &tsc.Workbook{ID: r.WorkbookID, Name: r.WorkbookName},
		Owner:    &tsc.User{ID: r.OwnerID, Name: r.OwnerName},
	}
}

// customView reads one custom view of the site.
func (s *Store) customView(ctx context.Context, q queryer, siteID, id string) (*customViewRow, error) {
	r, err := scanCustomView(q.QueryRowContext(ctx, "SELECT "+customViewCols+" "+customViewFrom+" WHERE cv.site_id = ? AND cv.id = ?", siteID, id))
	if isNoRows(err) {
		return nil, customViewNotFound(id)
	}
	return r, err
}

// customViewContent reads a custom view's file.
func (s *Store) customViewContent(ctx context.Context, id string) ([]byte, error) {
	var b []byte
	err := s.db.QueryRowContext(ctx, `SELECT content FROM custom_views WHERE id = ?`, id).Scan(&b)
	if isNoRows(err) {
		return nil, customViewNotFound(id)
	}
	return b, err
}

// viewOfCustomViewReadable asks the evaluator for Read on the custom
// view's view; a view the caller cannot read hides the custom view.
func (s *Server) viewOfCustomViewReadable(c *call, r *customViewRow) error {
	_, err := s.authorizeContent(c, tsc.PermView, r.ViewID)
	var ae *apiError
	if errors.As(err, &ae) && ae.Status == http.StatusNotFound {
		return customViewNotFound(r.ID)
	}
	return err
}

// mayReadCustomView: Read on the view, and shared, owned, or administrator.
func (s *Server) mayReadCustomView(c *call, r *customViewRow) error {
	if err := s.viewOfCustomViewReadable(c, r); err != nil {
		return err
	}
	if r.Shared || r.OwnerID == c.user.ID || c.user.isSiteAdmin() {
		return nil
	}
	return customViewNotFound(r.ID)
}

// customViewHolders are the bases of a decision on the workbook that let
// someone change custom views they do not own.
var customViewHolders = map[authz.Basis]bool{
	authz.ByServerAdmin: true, authz.BySiteAdmin: true, authz.ByProjectOwner: true, authz.ByProjectLeader: true,
}

// mayChangeCustomView: the owner, administrators, the owner or a leader
// of the workbook's project.
func (s *Server) mayChangeCustomView(c *call, r *customViewRow) error {
	if err := s.viewOfCustomViewReadable(c, r); err != nil {
		return err
	}
	if r.OwnerID == c.user.ID {
		return nil
	}
	cf, err := s.store.contentFacts(c.ctx, s.store.db, tsc.PermWorkbook, c.siteID(), r.WorkbookID)
	if err != nil {
		return err
	}
	d, err := s.decideContent(c, cf, tsc.CapWrite)
	if err != nil {
		return err
	}
	if d.Allowed && customViewHolders[d.By] {
		return nil
	}
	if !r.Shared {
		return customViewNotFound(r.ID)
	}
	return noPermission("User '%s' is not the owner of the custom view '%s', an administrator, nor the owner or a leader of its workbook's project.",
		c.user.Name, r.Name)
}

var customViewListSpec = listSpec{
	resource: "customViews",
	fields: map[string]field{
		"viewId":     {expr: "cv.view_id", ops: opsEnum},
		"workbookId": {expr: "cv.workbook_id", ops: opsEnum},
		"ownerId":    {expr: "cv.owner_id", ops: opsEnum},
		"name":       {expr: "cv.name", ops: opsName, sortable: true},
		"createdAt":  {expr: msTime("cv.created_ms"), kind: kindTime, ops: opsTime, sortable: true},
		"updatedAt":  {expr: msTime("cv.updated_ms"), kind: kindTime, ops: opsTime, sortable: true},
	},
	order: "cv.rowid",
}

// filtersOn reports which fields the request's filter= names.
func filtersOn(q map[string][]string) map[string]bool {
	out := map[string]bool{}
	for _, f := range q["filter"] {
		for _, term := range strings.Split(f, ",") {
			if name, _, ok := strings.Cut(term, ":"); ok {
				out[name] = true
			}
		}
	}
	return out
}

// listCustomViews answers GET /sites/{site}/customviews (3.18).
func (s *Server) listCustomViews(c *call) (result, error) {
	lq, err := c.list(customViewListSpec)
	if err != nil {
		return result{}, err
	}
	if err := s.restrictToReadable(c, lq, tsc.PermView); err != nil {
		return result{}, err
	}
	if lq.scope != nil {
		// A fast count of the scope would count views, not custom views
		// (listAccess.total has none for views today; this keeps it so).
		lq.scope.total = nil
	}
	from := customViewFrom + " WHERE cv.site_id = ?"
	args := []any{c.siteID()}
	if !c.user.isSiteAdmin() {
		on := filtersOn(c.query)
		if (on["viewId"] || on["workbookId"]) && !on["ownerId"] {
			from += " AND (cv.owner_id = ? OR cv.shared = 1)"
		} else {
			from += " AND cv.owner_id = ?"
		}
		args = append(args, c.user.ID)
	}
	items, p, err := listOf(c.ctx, s.store, customViewCols, from, args, lq, scanCustomView, renderCustomView)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Pagination = &p
	resp.CustomViews = &tsc.CustomViewList{CustomViews: items}
	return ok(resp)
}

func (s *Server) customViewResponse(c *call, id string, status int) (result, error) {
	r, err := s.store.customView(c.ctx, s.store.db, c.siteID(), id)
	if err != nil {
		return result{}, err
	}
	out := renderCustomView(r)
	resp := tsc.NewTSResponse()
	resp.CustomView = &out
	return result{status: status, body: resp}, nil
}

// getCustomView answers GET /sites/{site}/customviews/{id} (3.18).
func (s *Server) getCustomView(c *call) (result, error) {
	r, err := s.store.customView(c.ctx, s.store.db, c.siteID(), c.param("id"))
	if err != nil {
		return result{}, err
	}
	if err := s.mayReadCustomView(c, r); err != nil {
		return result{}, err
	}
	return s.customViewResponse(c, r.ID, http.StatusOK)
}

// updateCustomView answers PUT /sites/{site}/customviews/{id} (3.18): the
// name and the owner, as the reference's Update Custom View changes (a
// shared attribute is ignored, as TSC never sends it).
func (s *Server) updateCustomView(c *call) (result, error) {
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	in := req.CustomView
	if in == nil {
		return result{}, badRequest("The request has no <customView>.")
	}
	if err := checkLen("name", in.Name, maxNameChars); err != nil {
		return result{}, err
	}
	newOwner := ""
	if in.Owner != nil {
		newOwner = in.Owner.ID
	}
	if strings.TrimSpace(in.Name) == "" && newOwner == "" {
		return result{}, badRequest("The <customView> sets neither a name nor an owner.")
	}
	r, err := s.store.customView(c.ctx, s.store.db, c.siteID(), c.param("id"))
	if err != nil {
		return result{}, err
	}
	if err := s.mayChangeCustomView(c, r); err != nil {
		return result{}, err
	}
	err = s.store.tx(c.ctx, func(tx *sql.Tx) error {
		if newOwner != "" {
			if _, err := s.store.siteUser(c.ctx, tx, c.siteID(), newOwner); err != nil {
				return err
			}
			r.OwnerID = newOwner
		}
		if strings.TrimSpace(in.Name) != "" {
			r.Name = in.Name
		}
		_, err := tx.ExecContext(c.ctx, `UPDATE custom_views SET name = ?, owner_id = ?, updated_ms = ? WHERE id = ?`, r.Name, r.OwnerID, s.nowMS(), r.ID)
		return err
	})
	if err != nil {
		return result{}, err
	}
	return s.customViewResponse(c, r.ID, http.StatusOK)
}

// deleteCustomView answers DELETE /sites/{site}/customviews/{id} (3.19).
func (s *Server) deleteCustomView(c *call) (result, error) {
	r, err := s.store.customView(c.ctx, s.store.db, c.siteID(), c.param("id"))
	if err != nil {
		return result{}, err
	}
	if err := s.mayChangeCustomView(c, r); err != nil {
		return result{}, err
	}
	if _, err := s.store.db.ExecContext(c.ctx, `DELETE FROM custom_views WHERE id = ?`, r.ID); err != nil {
		return result{}, err
	}
	return noContent()
}

// exportCustomView finds the custom view of an export, checks that the
// caller may read it and export its view (exportViewOf), and returns its
// view with the custom view's filters under the query's own (a vf_ of the
// query replaces the custom view's filter on that field).
func (s *Server) exportCustomView(c *call, need tsc.Capability, check func() error) (*customViewRow, *viewRow, export.Options, error) {
	r, err := s.store.customView(c.ctx, s.store.db, c.siteID(), c.param("id"))
	if err != nil {
		return nil, nil, export.Options{}, err
	}
	if err := s.mayReadCustomView(c, r); err != nil {
		return nil, nil, export.Options{}, err
	}
	v, o, err := s.exportViewOf(c, r.ViewID, need, check)
	if err != nil {
		return nil, nil, export.Options{}, err
	}
	content, err := s.store.customViewContent(c.ctx, r.ID)
	if err != nil {
		return nil, nil, export.Options{}, err
	}
	f, err := tableaufile.ReadCustomView(bytes.NewReader(content), customViewLimits)
	if err != nil {
		return nil, nil, export.Options{}, fmt.Errorf("stored custom view %s: %w", r.ID, err)
	}
	set := map[string]bool{}
	for _, q := range o.Filters {
		set[strings.ToLower(q.Field)] = true
	}
	var mine []export.Filter
	for _, cf := range f.Source().Filters {
		if !set[strings.ToLower(cf.Field)] {
			mine = append(mine, export.Filter{Field: cf.Field, Values: cf.Members})
		}
	}
	o.Filters = append(mine, o.Filters...)
	return r, v, o, nil
}

// customViewImage answers GET /customviews/{id}/image (3.18): the view's
// PNG with the custom view's filters.
func (s *Server) customViewImage(c *call) (result, error) {
	var w, h, scale int
	r, v, o, err := s.exportCustomView(c, tsc.CapExportImage, func() (err error) {
		w, h, scale, err = imageSize(c, defaultImageW, defaultImageH)
		return err
	})
	if err != nil {
		return result{}, err
	}
	b, err := export.PNG(viewCard(v, o, "Custom view: "+r.Name), w, h, scale)
	if err != nil {
		return result{}, badRequest("%v", err)
	}
	return fileResult("image/png", "", b)
}

// customViewPDF answers GET /customviews/{id}/pdf (3.23).
func (s *Server) customViewPDF(c *call) (result, error) {
	var w, h float64
	r, v, o, err := s.exportCustomView(c, tsc.CapExportImage, func() (err error) {
		w, h, err = pdfSize(c)
		return err
	})
	if err != nil {
		return result{}, err
	}
	return fileResult("application/pdf", r.Name+".pdf", export.PDF([]export.Page{viewCard(v, o, "Custom view: "+r.Name, pageLabel(c))}, w, h))
}

// customViewData answers GET /customviews/{id}/data (3.23): the view's
// data as CSV, rows kept by the custom view's filters.
func (s *Server) customViewData(c *call) (result, error) {
	r, v, o, err := s.exportCustomView(c, tsc.CapExportData, nil)
	if err != nil {
		return result{}, err
	}
	return fileResult("text/csv; charset=utf-8", r.Name+".csv", export.CSV(export.SampleData(v.dataKey(), o)))
}

// customViewFile answers GET /api/exp/sites/{site}/customviews/{id}/content
// (3.21): the custom view file, for administrators.
func (s *Server) customViewFile(c *call) (result, error) {
	if !c.user.isSiteAdmin() {
		return result{}, errf(http.StatusForbidden, codeCustomViewDownloadForbidden, "Download forbidden",
			"User '%s' is not an administrator and may not download custom views.", c.user.Name)
	}
	r, err := s.store.customView(c.ctx, s.store.db, c.siteID(), c.param("id"))
	if err != nil {
		return result{}, err
	}
	content, err := s.store.customViewContent(c.ctx, r.ID)
	if err != nil {
		return result{}, err
	}
	return fileResult("application/octet-stream", r.Name+".json", content)
}

// publishCustomView answers POST /api/exp/sites/{site}/customviews (3.21):
// multipart/mixed with request_payload (<customView name shared> with
// <workbook id> and <owner id>) and tableau_customview (the file), or the
// payload alone and uploadSessionId= naming a finished file upload. The
// file is read within customViewLimits; one that is not a custom view
// file, or passes a bound, is 400011.
func (s *Server) publishCustomView(c *call) (result, error) {
	if !c.user.isSiteAdmin() {
		return result{}, forbidden("User '%s' is not an administrator and may not publish custom views.", c.user.Name)
	}
	session := c.query.Get("uploadSessionId")
	var file bytes.Buffer
	var dst io.Writer
	if session == "" {
		dst = &file
	}
	in, err := readParts(c, "tableau_customview", dst, maxCustomViewFile)
	var tl errTooLarge
	if errors.As(err, &tl) {
		return result{}, errf(http.StatusRequestEntityTooLarge, codePayloadTooLarge, "Payload Too Large",
			"The custom view file is larger than %d bytes.", tl.limit)
	}
	if err != nil {
		return result{}, err
	}
	if in.payload == nil {
		return result{}, badRequest("The request has no request_payload part.")
	}
	req, err := decodeRequest(in.payload, in.payloadType, "request_payload part")
	if err != nil {
		return result{}, err
	}
	cv := req.CustomView
	switch {
	case cv == nil:
		return result{}, badRequest("The request_payload has no <customView> element.")
	case strings.TrimSpace(cv.Name) == "":
		return result{}, badRequest("The custom view needs a name.")
	case cv.Workbook == nil || cv.Workbook.ID == "":
		return result{}, badRequest("The <customView> needs a <workbook id>.")
	}
	if err := checkLen("name", cv.Name, maxNameChars); err != nil {
		return result{}, err
	}
	name := cv.Name
	switch {
	case session != "" && in.sawFile:
		return result{}, badRequest("The request has both a tableau_customview part and uploadSessionId; send one.")
	case session != "":
		u, err := s.ownUpload(c, session)
		if err != nil {
			return result{}, err
		}
		if u.Size > maxCustomViewFile {
			return result{}, errf(http.StatusRequestEntityTooLarge, codePayloadTooLarge, "Payload Too Large",
				"The custom view file is larger than %d bytes.", int64(maxCustomViewFile))
		}
		f, err := os.Open(s.content.blobs.UploadPath(u.FileKey))
		if err != nil {
			return result{}, err
		}
		_, err = io.Copy(&file, io.LimitReader(f, maxCustomViewFile+1))
		f.Close()
		if err != nil {
			return result{}, err
		}
	case !in.sawFile:
		return result{}, badRequest("The request has no tableau_customview part and no uploadSessionId.")
	}
	if file.Len() == 0 {
		return result{}, publishFailed(name, "the file is empty")
	}
	parsed, err := tableaufile.ReadCustomView(bytes.NewReader(file.Bytes()), customViewLimits)
	if err != nil {
		return result{}, publishFailed(name, "%v", err)
	}
	ownerID := c.user.ID
	if cv.Owner != nil && cv.Owner.ID != "" {
		ownerID = cv.Owner.ID
	}
	shared := cv.Shared != nil && *cv.Shared
	id, err := s.insertCustomView(c.ctx, c.siteID(), cv.Workbook.ID, parsed.Source().ViewName, ownerID, name, shared, file.Bytes(), false)
	if err != nil {
		return result{}, err
	}
	return s.customViewResponse(c, id, http.StatusCreated)
}

// insertCustomView stores a custom view on the view viewName of the
// workbook (byID: viewName is the view's id), owned by ownerID, a user of
// the site. A source view the workbook lacks is 400011.
func (s *Server) insertCustomView(ctx context.Context, siteID, workbookID, viewName, ownerID, name string, shared bool, content []byte, byID bool) (string, error) {
	id := uuid.NewString()
	now := s.nowMS()
	err := s.store.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM workbooks WHERE site_id = ? AND id = ?`, siteID, workbookID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return workbookNotFound(workbookID)
		}
		if _, err := s.store.siteUser(ctx, tx, siteID, ownerID); err != nil {
			return err
		}
		col := "name"
		if byID {
			col = "id"
		}
		var viewID string
		err := tx.QueryRowContext(ctx, `SELECT id FROM views WHERE workbook_id = ? AND `+col+` = ?`, workbookID, viewName).Scan(&viewID)
		if isNoRows(err) {
			return publishFailed(name, "the custom view's source view '%s' is not a view of the workbook '%s'", viewName, workbookID)
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO custom_views (id, site_id, view_id, workbook_id, owner_id, name, shared, content, created_ms, updated_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, siteID, viewID, workbookID, ownerID, name, shared, content, now, now)
		return err
	})
	return id, err
}

// CustomViewSeed is a custom view to create as Tableau's web UI would: on
// a view of a site, owned by a user of the site, keeping the filters given
// (field name to the one member kept, e.g. {"Region": "West"}); the
// emulator writes its custom view file, one entry per view of the
// workbook, as Download Custom View then answers it.
type CustomViewSeed struct {
	// Site is the site's content URL ("" for Default).
	Site string `json:"site"`
	// ViewID names the view; Owner is the owner's user name.
	ViewID  string            `json:"viewId"`
	Owner   string            `json:"owner"`
	Name    string            `json:"name"`
	Shared  bool              `json:"shared,omitempty"`
	Filters map[string]string `json:"filters,omitempty"`
}

// SeedCustomView creates a custom view (see CustomViewSeed) and returns its id.
func (s *Server) SeedCustomView(ctx context.Context, in CustomViewSeed) (string, error) {
	if strings.TrimSpace(in.Name) == "" || len(in.Name) > maxNameChars {
		return "", fmt.Errorf("the name must have 1 to %d characters", maxNameChars)
	}
	if len(in.Filters) > maxListedIDs {
		return "", fmt.Errorf("at most %d filters", maxListedIDs)
	}
	site, err := s.store.siteBy(ctx, s.store.db, "contentUrl", in.Site)
	if err != nil {
		return "", err
	}
	v, err := s.store.view(ctx, site.ID, in.ViewID)
	if err != nil {
		return "", err
	}
	owner, err := s.store.siteUserByName(ctx, s.store.db, site.ID, in.Owner)
	if err != nil {
		return "", err
	}
	rows, err := s.store.db.QueryContext(ctx, `SELECT id, name, sheet_type FROM views WHERE workbook_id = ? ORDER BY position`, v.WorkbookID)
	if err != nil {
		return "", err
	}
	f := &tableaufile.CustomViewFile{}
	for rows.Next() {
		var id, name, sheetType string
		if err := rows.Scan(&id, &name, &sheetType); err != nil {
			rows.Close()
			return "", err
		}
		var filters map[string]string
		if id == v.ID {
			filters = in.Filters
		}
		doc := tableaufile.CustomizedView(name, sheetType == "dashboard", []string{name}, filters)
		f.Views = append(f.Views, tableaufile.CustomViewEntry{ViewName: name, IsSourceView: id == v.ID, Document: doc})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", err
	}
	content, err := tableaufile.EncodeCustomView(f)
	if err != nil {
		return "", err
	}
	return s.insertCustomView(ctx, site.ID, v.WorkbookID, v.ID, owner.ID, in.Name, in.Shared, content, true)
}

// serveCustomViewControl answers POST /_emulator/customViews (a
// CustomViewSeed in JSON): {"id": ...}.
func (s *Server) serveCustomViewControl(w http.ResponseWriter, req *http.Request) bool {
	return serveSeed(w, req, "/_emulator/customViews", "custom view", s.SeedCustomView)
}
