package emulator

import (
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/emulator/tableaufile"
)

func newUUID() string { return uuid.NewString() }

// webpageBase is the start of the addresses of the site's items in the
// server's web UI, as webpageUrl reports them ("{base}workbooks/{id}");
// handlers compute it once per request.
func (s *Server) webpageBase(c *call) string {
	scheme := "http"
	if c.req.TLS != nil {
		scheme = "https"
	}
	site := ""
	if row, err := s.store.siteBy(c.ctx, s.store.db, "id", c.siteID()); err == nil && row.ContentURL != "" {
		site = "site/" + url.PathEscape(row.ContentURL) + "/"
	}
	return scheme + "://" + c.req.Host + "/#/" + site
}

// renderWorkbookItem writes a workbook as lists and Get Workbook do, with
// its (possibly empty) tags.
func renderWorkbookItem(base string, r *workbookRow) tsc.Workbook {
	w := renderWorkbook(r)
	w.WebpageURL = base + "workbooks/" + r.ID
	w.Tags = tagsOf(r.Tags)
	return w
}

// workbookResponse is a workbook as Get Workbook and Publish answer it;
// withViews adds its views (id, name, content URL).
func (s *Server) workbookResponse(c *call, id string, withViews bool) (*tsc.Workbook, error) {
	row, _, err := s.store.workbook(c.ctx, c.siteID(), id)
	if err != nil {
		return nil, err
	}
	w := renderWorkbookItem(s.webpageBase(c), row)
	if withViews {
		views, err := s.readableViews(c, id)
		if err != nil {
			return nil, err
		}
		w.Views = &tsc.ViewList{Views: []tsc.View{}}
		for i := range views {
			v := &views[i]
			w.Views.Views = append(w.Views.Views, tsc.View{ID: v.ID, Name: v.Name, ContentURL: v.ContentURL()})
		}
	}
	return &w, nil
}

// listWorkbooks answers GET /sites/{site}/workbooks.
func (s *Server) listWorkbooks(c *call) (result, error) {
	lq, err := c.list(workbookListSpec)
	if err != nil {
		return result{}, err
	}
	fs, err := parseFields(workbookFields, c.query)
	if err != nil {
		return result{}, err
	}
	if err := s.restrictToReadable(c, lq, tsc.PermWorkbook); err != nil {
		return result{}, err
	}
	rows, p, err := s.store.listWorkbooks(c.ctx, c.siteID(), "", lq)
	if err != nil {
		return result{}, err
	}
	items, err := s.workbookPage(c, rows, fs)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Pagination = &p
	resp.Workbooks = &tsc.WorkbookList{Workbooks: items}
	return ok(resp)
}

// getWorkbook answers GET /sites/{site}/workbooks/{id}, views included.
func (s *Server) getWorkbook(c *call) (result, error) {
	if _, err := s.authorizeContent(c, tsc.PermWorkbook, c.param("id")); err != nil {
		return result{}, err
	}
	w, err := s.workbookResponse(c, c.param("id"), true)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Workbook = w
	return ok(resp)
}

// updateWorkbook answers PUT /sites/{site}/workbooks/{id}: name,
// description, showTabs, project and owner. Changing the owner is for
// administrators; moving needs the right to publish into the new project.
func (s *Server) updateWorkbook(c *call) (result, error) {
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	if req.Workbook == nil {
		return result{}, badRequest("The request needs a <workbook> element.")
	}
	in := req.Workbook
	u := workbookUpdate{ShowTabs: in.ShowTabs}
	attrs := elementAttrs(c.body, "workbook")
	if v, ok := attrs["name"]; ok {
		u.Name = &v
	}
	if v, ok := attrs["description"]; ok {
		u.Description = &v
	}
	if in.Project != nil {
		u.ProjectID = in.Project.ID
	}
	if in.Owner != nil && in.Owner.ID != "" {
		u.OwnerID = in.Owner.ID
	}
	if u.ToPersonalSpace, err = s.personalSpaceMove(c, in.Location, in.Project); err != nil {
		return result{}, err
	}
	if err := s.mayUpdateContent(c, tsc.PermWorkbook, u.ProjectID, u.OwnerID); err != nil {
		return result{}, err
	}
	err = s.store.updateWorkbook(c.ctx, c.siteID(), c.param("id"), u, func(ref *contentRef, np *projectRow) error {
		if u.OwnerID != "" && u.OwnerID != ref.OwnerID && !c.user.isSiteAdmin() {
			return noPermission("Only administrators can change a workbook's owner.")
		}
		return nil
	})
	if err != nil {
		return result{}, err
	}
	w, err := s.workbookResponse(c, c.param("id"), false)
	if err != nil {
		return result{}, err
	}
	s.emitContent(c.ctx, workbookKind, "Updated", c.siteID(), w.ID, w.Name)
	resp := tsc.NewTSResponse()
	resp.Workbook = w
	return ok(resp)
}

// deleteWorkbook answers DELETE /sites/{site}/workbooks/{id}.
func (s *Server) deleteWorkbook(c *call) (result, error) {
	if _, err := s.authorizeContent(c, tsc.PermWorkbook, c.param("id"), tsc.CapDelete); err != nil {
		return result{}, err
	}
	var views []namedID
	if s.wantsEvent(c.ctx, c.siteID(), "ViewDeleted") {
		views = s.viewsOf(c.ctx, workbookKind, c.param("id"))
	}
	var gone *contentRef
	if err := s.store.deleteContent(c.ctx, workbookKind, c.siteID(), c.param("id"), func(r *contentRef) error { gone = r; return nil }); err != nil {
		return result{}, err
	}
	s.emitContent(c.ctx, workbookKind, "Deleted", c.siteID(), gone.ID, gone.Name)
	s.emitViewsGone(c.ctx, c.siteID(), gone.ID, views)
	return noContent()
}

// mayUpdateContent checks an update of the item c names: Write on it, and
// to move it Tableau's Move (ChangeHierarchy, or Write for kinds without
// Move) on it and Publish (Write) on the project it goes to. Changing the
// owner stays the administrators' (checked by the store's callback).
func (s *Server) mayUpdateContent(c *call, k tsc.PermissionKind, newProjectID, newOwnerID string) error {
	cf, err := s.authorizeContent(c, k, c.param("id"), tsc.CapWrite)
	if err != nil {
		return err
	}
	// Out of a Personal Space, the project it came from is a move too.
	if newProjectID != "" && (newProjectID != cf.ProjectID || cf.PersonalSpace) {
		move := tsc.CapChangeHierarchy
		if !k.Allows(move) {
			move = tsc.CapWrite
		}
		if err := s.requireCapability(c, cf, move); err != nil {
			return err
		}
		if _, err := s.authorizeContent(c, tsc.PermProject, newProjectID, tsc.CapWrite); err != nil {
			return err
		}
	}
	return nil
}

// readableViews is a workbook's views the caller may read, in sheet order.
func (s *Server) readableViews(c *call, workbookID string) ([]viewRow, error) {
	lq := &listQuery{page: 1, pageSize: 1 << 30, orderBy: "v.position"}
	if err := s.restrictToReadable(c, lq, tsc.PermView); err != nil {
		return nil, err
	}
	rows, _, err := s.store.listViews(c.ctx, c.siteID(), workbookID, lq)
	return rows, err
}

// wantUsage reads includeUsageStatistics.
func (c *call) wantUsage() bool {
	return strings.EqualFold(c.query.Get("includeUsageStatistics"), "true")
}

// workbookViews answers GET /sites/{site}/workbooks/{id}/views, with
// each view's total view count on request.
func (s *Server) workbookViews(c *call) (result, error) {
	id := c.param("id")
	if _, err := s.authorizeContent(c, tsc.PermWorkbook, id); err != nil {
		return result{}, err
	}
	views, err := s.readableViews(c, id)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Views = &tsc.ViewList{Views: []tsc.View{}}
	for i := range views {
		v := tsc.View{ID: views[i].ID, Name: views[i].Name, ContentURL: views[i].ContentURL()}
		if c.wantUsage() {
			v.Usage = &tsc.ViewUsage{TotalViewCount: views[i].TotalViews}
		}
		resp.Views.Views = append(resp.Views.Views, v)
	}
	return ok(resp)
}

// Connections, shared by workbooks and data sources.

func (s *Server) listConnections(c *call, k contentKind) (result, error) {
	id := c.param("id")
	if _, err := s.authorizeContent(c, k.permKind(), id); err != nil {
		return result{}, err
	}
	conns, err := s.store.connections(c.ctx, s.store.db, k, id)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Connections = &tsc.ConnectionList{Connections: []tsc.Connection{}}
	for i := range conns {
		resp.Connections.Connections = append(resp.Connections.Connections, renderConnection(&conns[i], k == workbookKind))
	}
	return ok(resp)
}

func (s *Server) updateConnection(c *call, k contentKind) (result, error) {
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	if req.Connection == nil {
		return result{}, badRequest("The request needs a <connection> element.")
	}
	attrs := elementAttrs(c.body, "connection")
	var u connectionUpdate
	for name, dst := range map[string]**string{"serverAddress": &u.ServerAddress, "serverPort": &u.ServerPort, "userName": &u.UserName, "password": &u.Password} {
		if v, ok := attrs[name]; ok {
			*dst = &v
		}
	}
	for name, dst := range map[string]**bool{"embedPassword": &u.EmbedPassword, "queryTaggingEnabled": &u.QueryTagging} {
		if v, ok := attrs[name]; ok {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return result{}, badRequest("%s '%s' is not true or false.", name, v)
			}
			*dst = &b
		}
	}
	if _, err := s.authorizeContent(c, k.permKind(), c.param("id"), tsc.CapWrite); err != nil {
		return result{}, err
	}
	conn, err := s.store.updateConnection(c.ctx, k, c.siteID(), c.param("id"), c.param("conn"), u, nil)
	if err != nil {
		return result{}, err
	}
	out := renderConnection(conn, false)
	resp := tsc.NewTSResponse()
	resp.Connection = &out
	return ok(resp)
}

func (s *Server) workbookConnections(c *call) (result, error) {
	return s.listConnections(c, workbookKind)
}
func (s *Server) updateWorkbookConnection(c *call) (result, error) {
	return s.updateConnection(c, workbookKind)
}

// Tags, shared by workbooks, views and data sources.

func (s *Server) addTags(c *call, contentType string, allowed func() error) (result, error) {
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	if req.Tags == nil {
		return result{}, badRequest("The request needs a <tags> element.")
	}
	if err := allowed(); err != nil {
		return result{}, err
	}
	var labels []string
	for _, t := range req.Tags.Tags {
		if strings.TrimSpace(t.Label) == "" {
			return result{}, badRequest("A tag needs a label.")
		}
		labels = append(labels, t.Label)
	}
	all, err := s.store.addTags(c.ctx, c.siteID(), contentType, c.param("id"), labels)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Tags = tagsOf(all)
	return ok(resp)
}

func (s *Server) deleteTag(c *call, contentType string, allowed func() error) (result, error) {
	if err := allowed(); err != nil {
		return result{}, err
	}
	if err := s.store.deleteTag(c.ctx, contentType, c.param("id"), c.param("tag")); err != nil {
		return result{}, err
	}
	return noContent()
}

// contentTaggable checks that the caller may tag the item c names: tags
// are the item's metadata, changed with Write (Tableau's Overwrite; the
// old Add Tag capability went in 2018), which a Viewer never has.
func (s *Server) contentTaggable(c *call, k contentKind) func() error {
	return func() error {
		_, err := s.authorizeContent(c, k.permKind(), c.param("id"), tsc.CapWrite)
		return err
	}
}

func (s *Server) addWorkbookTags(c *call) (result, error) {
	return s.addTags(c, "workbook", s.contentTaggable(c, workbookKind))
}

func (s *Server) deleteWorkbookTag(c *call) (result, error) {
	return s.deleteTag(c, "workbook", s.contentTaggable(c, workbookKind))
}

// Files: content, revisions.

// contentFile answers GET {kind}/{id}/content and .../revisions/{n}/content
// with the published bytes, as they were received. With
// includeExtract=false a packaged file (.twbx, .tdsx) comes without its
// extract files, the rest of the archive as it was (see stripExtracts).
func (s *Server) contentFile(c *call, k contentKind, revision bool) (result, error) {
	// Downloading is Tableau's Download Workbook / Data Source (ExportXml);
	// an older revision is the owner's and the leaders' (Write).
	need := []tsc.Capability{tsc.CapExportXML}
	if revision {
		need = append(need, tsc.CapWrite)
	}
	if _, err := s.authorizeContent(c, k.permKind(), c.param("id"), need...); err != nil {
		return result{}, err
	}
	n := 0
	if revision {
		var err error
		if n, err = strconv.Atoi(c.param("rev")); err != nil || n < 1 {
			return result{}, badRequest("The revision number '%s' is not a positive integer.", c.param("rev"))
		}
	}
	ref, err := s.store.contentRef(c.ctx, s.store.db, k, c.siteID(), c.param("id"))
	if err != nil {
		return result{}, err
	}
	rev, err := s.store.revision(c.ctx, k, c.siteID(), ref.ID, n)
	if err != nil {
		return result{}, err
	}
	f, err := s.content.blobs.Open(rev.Blob)
	if err != nil {
		return result{}, err
	}
	fb := &fileBody{contentType: "application/octet-stream", fileName: ref.Name + "." + rev.FileType, f: f}
	// The current file of an item whose extracts were deleted comes
	// without them (handlers_extracts.go).
	var hasExtracts bool
	if err := s.store.db.QueryRowContext(c.ctx, "SELECT has_extracts FROM "+k.table+" WHERE id = ?", ref.ID).Scan(&hasExtracts); err != nil {
		f.Close()
		return result{}, err
	}
	if strings.EqualFold(c.query.Get("includeExtract"), "false") || (!revision && !hasExtracts) {
		if err := s.stripExtracts(fb, rev.FileType); err != nil {
			f.Close()
			return result{}, err
		}
	}
	return result{status: 200, file: fb}, nil
}

// stripExtracts makes a packaged file's answer leave its extracts out, as
// Tableau does for includeExtract=false: the archive is written again
// without its .hyper and .tde entries, each other entry copied as stored
// (never inflated), streamed to the client. A packaged file without an
// extract, and the files that are not archives (.twb and .tds hold no
// extract; a published .hyper, .tde or .parquet file is the data itself),
// are answered as they are.
func (s *Server) stripExtracts(fb *fileBody, fileType string) error {
	if fileType != "twbx" && fileType != "tdsx" {
		return nil
	}
	st, err := fb.f.Stat()
	if err != nil {
		return err
	}
	a, err := tableaufile.OpenArchive(fb.f, st.Size(), s.cfg.FileLimits)
	if err != nil {
		// It was read at publish with the same limits; only a store that
		// changed under the emulator gets here.
		return err
	}
	if !a.HasExtract() {
		return nil
	}
	f := fb.f
	fb.f = nil
	fb.write = func(w io.Writer) error {
		defer f.Close()
		_, err := a.WriteWithoutExtracts(w)
		return err
	}
	return nil
}

func (s *Server) listContentRevisions(c *call, k contentKind) (result, error) {
	// Revision history is for those who may overwrite the item.
	if _, err := s.authorizeContent(c, k.permKind(), c.param("id"), tsc.CapWrite); err != nil {
		return result{}, err
	}
	lq, err := c.list(revisionListSpec)
	if err != nil {
		return result{}, err
	}
	rows, p, err := s.store.listRevisions(c.ctx, k, c.siteID(), c.param("id"), lq)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Pagination = &p
	resp.Revisions = &tsc.RevisionList{Revisions: []tsc.Revision{}}
	for i := range rows {
		resp.Revisions.Revisions = append(resp.Revisions.Revisions, renderRevision(&rows[i]))
	}
	return ok(resp)
}

func (s *Server) removeContentRevision(c *call, k contentKind) (result, error) {
	n, err := strconv.Atoi(c.param("rev"))
	if err != nil || n < 1 {
		return result{}, badRequest("The revision number '%s' is not a positive integer.", c.param("rev"))
	}
	if _, err := s.authorizeContent(c, k.permKind(), c.param("id"), tsc.CapWrite); err != nil {
		return result{}, err
	}
	if err := s.store.removeRevision(c.ctx, k, c.siteID(), c.param("id"), n, nil); err != nil {
		return result{}, err
	}
	return noContent()
}

func (s *Server) workbookContent(c *call) (result, error) {
	return s.contentFile(c, workbookKind, false)
}
func (s *Server) workbookRevisionContent(c *call) (result, error) {
	return s.contentFile(c, workbookKind, true)
}
func (s *Server) workbookRevisions(c *call) (result, error) {
	return s.listContentRevisions(c, workbookKind)
}
func (s *Server) deleteWorkbookRevision(c *call) (result, error) {
	return s.removeContentRevision(c, workbookKind)
}
