package emulator

import (
	"context"
	"strings"

	"github.com/tsc-go/tsc"
)

// The events the emulator produces, each emitted from the one place the
// change is made (a handler once its store call succeeded, a job once its
// state is final). A new kind (flows) emits with one call to s.emit.
//
//	WorkbookCreated/Updated/Deleted, DatasourceCreated/Updated/Deleted:
//	    publish (a new item, or overwrite or append), Update, Delete
//	WorkbookRefreshStarted/Succeeded/Failed, DatasourceRefresh...: an
//	    extract refresh job (run now, on a schedule, incremental) starts
//	    and ends
//	ViewDeleted: a workbook is deleted, or overwritten without a sheet
//	AdminPromoted/AdminDemoted: a site role changes to or from a Site
//	    Administrator role (Tableau: "only work when updating the user from
//	    or to a Site Administrator role")
//	UserDeleted: a user is removed from the site
//	SiteUpdated: Update Site
//	FlowCompleted: a flow run's job (run now, or a flow task) ends with
//	    Success. Tableau lists no other flow event (no created, updated,
//	    deleted, nor a failed run), so flows emit nothing else.

// emitContent emits a workbook or data source event: verb is Created,
// Updated, Deleted, RefreshStarted, RefreshSucceeded or RefreshFailed.
// Other kinds (flows, virtual connections) have no such events in
// Tableau: nothing is emitted for them.
func (s *Server) emitContent(ctx context.Context, k contentKind, verb, siteID, id, name string) {
	var kind string
	switch k.name {
	case workbookKind.name:
		kind = "Workbook"
	case datasourceKind.name:
		kind = "Datasource"
	default:
		return
	}
	s.emit(ctx, webhookEvent{Name: kind + verb, Resource: strings.ToUpper(kind), SiteID: siteID, ResourceID: id, ResourceName: name})
}

// wantsEvent reports whether an enabled webhook of the site subscribes to
// the event, so that work done only for it (listing a workbook's views
// before a publish) is skipped on sites without one.
func (s *Server) wantsEvent(ctx context.Context, siteID, event string) bool {
	var one int
	err := s.store.db.QueryRowContext(ctx, `SELECT 1 FROM webhooks WHERE site_id = ? AND event = ? AND enabled = 1 LIMIT 1`, siteID, event).Scan(&one)
	return err == nil
}

// viewsBefore lists the views of the workbook a publish of pr would
// overwrite, when a ViewDeleted webhook needs them.
func (s *Server) viewsBefore(ctx context.Context, pr *publishRequest) []namedID {
	if pr.kind() != workbookKind || !s.wantsEvent(ctx, pr.SiteID, "ViewDeleted") {
		return nil
	}
	return s.viewsOf(ctx, workbookKind, s.existingItem(ctx, pr))
}

// namedID is a view as the ViewDeleted event names it.
type namedID struct{ ID, Name string }

// viewsOf lists a workbook's views (nil for other kinds).
func (s *Server) viewsOf(ctx context.Context, k contentKind, workbookID string) []namedID {
	if k != workbookKind || workbookID == "" {
		return nil
	}
	rows, err := s.store.db.QueryContext(ctx, `SELECT id, name FROM views WHERE workbook_id = ? ORDER BY position`, workbookID)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var out []namedID
	for rows.Next() {
		var v namedID
		if rows.Scan(&v.ID, &v.Name) == nil {
			out = append(out, v)
		}
	}
	return out
}

// emitViewsGone emits ViewDeleted for each view of before whose sheet the
// workbook no longer has (all of them when it was deleted).
func (s *Server) emitViewsGone(ctx context.Context, siteID, workbookID string, before []namedID) {
	now := map[string]bool{}
	for _, v := range s.viewsOf(ctx, workbookKind, workbookID) {
		now[v.Name] = true
	}
	for _, v := range before {
		if !now[v.Name] {
			s.emit(ctx, webhookEvent{Name: "ViewDeleted", Resource: "VIEW", SiteID: siteID, ResourceID: v.ID, ResourceName: v.Name})
		}
	}
}

// existingItem is the id of the item a publish of pr would overwrite or
// append to ("" for a new one), to know its views before.
func (s *Server) existingItem(ctx context.Context, pr *publishRequest) string {
	k := pr.kind()
	var id string
	s.store.db.QueryRowContext(ctx, "SELECT id FROM "+k.table+" WHERE project_id = ? AND name = ? COLLATE NOCASE"+k.inProject(),
		pr.ProjectID, pr.Name).Scan(&id)
	return id
}

// emitPublished emits what a finished publish did.
func (s *Server) emitPublished(ctx context.Context, pr *publishRequest, res publishResult, viewsBefore []namedID) {
	verb := "Updated"
	if res.Created {
		verb = "Created"
	}
	s.emitContent(ctx, pr.kind(), verb, pr.SiteID, res.ID, pr.Name)
	if !res.Created && pr.kind() == workbookKind {
		s.emitViewsGone(ctx, pr.SiteID, res.ID, viewsBefore)
	}
}

// isRefreshJob reports whether the job refreshes an extract.
func isRefreshJob(j *jobRow) bool {
	return (j.Type == jobRefreshExtract || j.Type == jobIncrementExtract) && j.ContentID != ""
}

func jobKind(j *jobRow) contentKind {
	if j.ContentType == datasourceKind.name {
		return datasourceKind
	}
	return workbookKind
}

// emitRefresh emits a refresh job's RefreshStarted (when it leaves
// Pending) or its end.
func (s *Server) emitRefresh(ctx context.Context, j *jobRow, verb string) {
	if isRefreshJob(j) {
		s.emitContent(ctx, jobKind(j), verb, j.SiteID, j.ContentID, j.ContentName)
	}
}

// emitStartedOnce emits RefreshStarted for a job that ends without having
// been seen running (it ran its whole course between two looks, or was
// settled through the control endpoints): it started all the same.
func (s *Server) emitStartedOnce(ctx context.Context, j *jobRow) {
	if j.Status == jobPending {
		s.emitRefresh(ctx, j, "RefreshStarted")
	}
}

func isSiteAdminRole(r tsc.SiteRole) bool { return strings.HasPrefix(string(r), "SiteAdministrator") }

// emitRoleChange emits AdminPromoted or AdminDemoted when a site role
// moves to or from a Site Administrator role.
func (s *Server) emitRoleChange(ctx context.Context, siteID, userID, name string, before, after tsc.SiteRole) {
	switch {
	case !isSiteAdminRole(before) && isSiteAdminRole(after):
		s.emit(ctx, webhookEvent{Name: "AdminPromoted", Resource: "USER", SiteID: siteID, ResourceID: userID, ResourceName: name})
	case isSiteAdminRole(before) && !isSiteAdminRole(after):
		s.emit(ctx, webhookEvent{Name: "AdminDemoted", Resource: "USER", SiteID: siteID, ResourceID: userID, ResourceName: name})
	}
}

// emitFlowCompleted emits FlowCompleted for a flow run whose job ended
// with Success. Tableau's "completed" has no failed counterpart among its
// events, and a failed run did not complete its outputs: a failed or
// cancelled run emits nothing.
func (s *Server) emitFlowCompleted(ctx context.Context, j *jobRow) {
	if j.Type == jobRunFlow && j.ContentID != "" {
		s.emit(ctx, webhookEvent{Name: "FlowCompleted", Resource: "FLOW", SiteID: j.SiteID, ResourceID: j.ContentID, ResourceName: j.ContentName})
	}
}
