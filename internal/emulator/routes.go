package emulator

import (
	"net/url"
	"strings"

	"github.com/tsc-go/tsc"
)

// since marks the REST API version a route appeared in; asked for with an
// older version, it is an unknown resource.
func since(v string, rt route) route {
	ver, err := tsc.ParseVersion(v)
	if err != nil {
		panic(err)
	}
	h := rt.handler
	rt.handler = func(c *call) (result, error) {
		if c.version.Less(ver) {
			return result{}, unknownResource(c.req.URL.Path)
		}
		return h(c)
	}
	return rt
}

// defaultSiteByEmptyKey lets Query Site name the default site by its empty
// content URL, "sites/?key=contentUrl", as TSC's get_by_content_url("")
// and Tableau Server do.
func defaultSiteByEmptyKey(rt route) route {
	rt.emptyParam = func(q url.Values) bool { return strings.EqualFold(q.Get("key"), "contentUrl") }
	return rt
}

// apiRoutes is the routing table, relative to /api/{version}/. A new
// resource adds its rows here and its handlers beside the others.
func (s *Server) apiRoutes() []route {
	return append([]route{
		since("2.4", public("GET", "serverinfo", s.serverInfo)),
		public("POST", "auth/signin", s.signIn),
		r("POST", "auth/signout", s.signOut),
		since("2.6", r("POST", "auth/switchSite", s.switchSite)),

		r("GET", "sites", s.listSites),
		r("POST", "sites", s.createSite),
		defaultSiteByEmptyKey(r("GET", "sites/{key}", s.getSite)),
		r("PUT", "sites/{key}", s.updateSite),
		r("DELETE", "sites/{key}", s.deleteSite),

		r("GET", "sites/{site}/projects", s.listProjects),
		r("POST", "sites/{site}/projects", s.createProject),
		r("PUT", "sites/{site}/projects/{id}", s.updateProject),
		r("DELETE", "sites/{site}/projects/{id}", s.deleteProject),

		r("GET", "sites/{site}/users", s.listUsers),
		r("POST", "sites/{site}/users", s.addUser),
		r("GET", "sites/{site}/users/{id}", s.getUser),
		r("PUT", "sites/{site}/users/{id}", s.updateUser),
		r("DELETE", "sites/{site}/users/{id}", s.removeUser),
		r("GET", "sites/{site}/users/{id}/workbooks", s.userWorkbooks),
		since("3.7", r("GET", "sites/{site}/users/{id}/groups", s.userGroups)),

		r("GET", "sites/{site}/groups", s.listGroups),
		r("POST", "sites/{site}/groups", s.createGroup),
		r("PUT", "sites/{site}/groups/{id}", s.updateGroup),
		r("DELETE", "sites/{site}/groups/{id}", s.deleteGroup),
		r("GET", "sites/{site}/groups/{id}/users", s.groupUsers),
		r("POST", "sites/{site}/groups/{id}/users", s.addGroupUsers),
		since("3.21", r("PUT", "sites/{site}/groups/{id}/users/remove", s.removeGroupUsers)),
		r("DELETE", "sites/{site}/groups/{id}/users/{user}", s.removeGroupUser),

		// Publishing: single requests, and files uploaded in parts.
		streamed(r("POST", "sites/{site}/workbooks", s.publishWorkbook)),
		streamed(r("POST", "sites/{site}/datasources", s.publishDatasource)),
		r("POST", "sites/{site}/fileUploads", s.initiateUpload),
		streamed(r("PUT", "sites/{site}/fileUploads/{id}", s.appendUpload)),

		r("GET", "sites/{site}/workbooks", s.listWorkbooks),
		r("GET", "sites/{site}/workbooks/{id}", s.getWorkbook),
		r("PUT", "sites/{site}/workbooks/{id}", s.updateWorkbook),
		r("DELETE", "sites/{site}/workbooks/{id}", s.deleteWorkbook),
		r("GET", "sites/{site}/workbooks/{id}/views", s.workbookViews),
		r("GET", "sites/{site}/workbooks/{id}/connections", s.workbookConnections),
		since("2.3", r("PUT", "sites/{site}/workbooks/{id}/connections/{conn}", s.updateWorkbookConnection)),
		r("GET", "sites/{site}/workbooks/{id}/content", s.workbookContent),
		since("2.3", r("GET", "sites/{site}/workbooks/{id}/revisions", s.workbookRevisions)),
		since("2.3", r("GET", "sites/{site}/workbooks/{id}/revisions/{rev}/content", s.workbookRevisionContent)),
		since("2.3", r("DELETE", "sites/{site}/workbooks/{id}/revisions/{rev}", s.deleteWorkbookRevision)),
		r("GET", "sites/{site}/workbooks/{id}/previewImage", s.workbookPreviewImage),
		since("3.4", r("GET", "sites/{site}/workbooks/{id}/pdf", s.workbookPDF)),
		since("3.8", r("GET", "sites/{site}/workbooks/{id}/powerpoint", s.workbookPowerPoint)),
		since("2.8", r("POST", "sites/{site}/workbooks/{id}/refresh", s.refreshWorkbook)),
		// Extracts (handlers_extracts.go). authz: Write on the item (owner,
		// project owner or administrator until the content evaluator).
		since("3.5", r("POST", "sites/{site}/workbooks/{id}/createExtract", s.createWorkbookExtract)),
		since("3.3", r("POST", "sites/{site}/workbooks/{id}/deleteExtract", s.deleteWorkbookExtract)),
		r("PUT", "sites/{site}/workbooks/{id}/tags", s.addWorkbookTags),
		r("DELETE", "sites/{site}/workbooks/{id}/tags/{tag}", s.deleteWorkbookTag),
		r("GET", "sites/{site}/workbooks/{wb}/views/{id}/previewImage", s.viewPreviewImage),

		since("2.2", r("GET", "sites/{site}/views", s.listViews)),
		since("3.1", r("GET", "sites/{site}/views/{id}", s.getView)),
		since("2.5", r("GET", "sites/{site}/views/{id}/image", s.viewImage)),
		since("2.7", r("GET", "sites/{site}/views/{id}/pdf", s.viewPDF)),
		since("2.7", r("GET", "sites/{site}/views/{id}/data", s.viewData)),
		since("3.8", r("GET", "sites/{site}/views/{id}/crosstab/excel", s.viewExcel)),
		r("PUT", "sites/{site}/views/{id}/tags", s.addViewTags),
		r("DELETE", "sites/{site}/views/{id}/tags/{tag}", s.deleteViewTag),

		r("GET", "sites/{site}/datasources", s.listDatasources),
		r("GET", "sites/{site}/datasources/{id}", s.getDatasource),
		r("PUT", "sites/{site}/datasources/{id}", s.updateDatasource),
		r("DELETE", "sites/{site}/datasources/{id}", s.deleteDatasource),
		r("GET", "sites/{site}/datasources/{id}/content", s.datasourceContent),
		since("2.3", r("GET", "sites/{site}/datasources/{id}/connections", s.datasourceConnections)),
		since("2.3", r("PUT", "sites/{site}/datasources/{id}/connections/{conn}", s.updateDatasourceConnection)),
		since("2.3", r("GET", "sites/{site}/datasources/{id}/revisions", s.datasourceRevisions)),
		since("2.3", r("GET", "sites/{site}/datasources/{id}/revisions/{rev}/content", s.datasourceRevisionContent)),
		since("2.3", r("DELETE", "sites/{site}/datasources/{id}/revisions/{rev}", s.deleteDatasourceRevision)),
		since("2.8", r("POST", "sites/{site}/datasources/{id}/refresh", s.refreshDatasource)),
		since("3.5", r("POST", "sites/{site}/datasources/{id}/createExtract", s.createDatasourceExtract)),
		since("3.5", r("POST", "sites/{site}/datasources/{id}/deleteExtract", s.deleteDatasourceExtract)),
		r("PUT", "sites/{site}/datasources/{id}/tags", s.addDatasourceTags),
		r("DELETE", "sites/{site}/datasources/{id}/tags/{tag}", s.deleteDatasourceTag),

		// authz: site administrators (actExtractEncryption).
		since("3.5", r("POST", "sites/{site}/encrypt-extracts", s.encryptSiteExtracts)),
		since("3.5", r("POST", "sites/{site}/decrypt-extracts", s.decryptSiteExtracts)),
		since("3.5", r("POST", "sites/{site}/reencrypt-extracts", s.reencryptSiteExtracts)),

		// Subscriptions (handlers_subscriptions.go). authz: administrators,
		// or the subscribed user for their own (mayManageSubscription).
		since("2.3", r("GET", "sites/{site}/subscriptions", s.listSubscriptions)),
		since("2.3", r("POST", "sites/{site}/subscriptions", s.createSubscription)),
		since("2.3", r("GET", "sites/{site}/subscriptions/{id}", s.getSubscription)),
		since("2.3", r("PUT", "sites/{site}/subscriptions/{id}", s.updateSubscription)),
		since("2.3", r("DELETE", "sites/{site}/subscriptions/{id}", s.deleteSubscription)),

		// Data-driven alerts (handlers_data_alerts.go). authz: administrators
		// and the alert's owner change it (mayChangeAlert); its recipients
		// and, for a public alert, anyone read it.
		since("3.2", r("GET", "sites/{site}/dataAlerts", s.listDataAlerts)),
		since("3.2", r("GET", "sites/{site}/dataAlerts/{id}", s.getDataAlert)),
		since("3.2", r("PUT", "sites/{site}/dataAlerts/{id}", s.updateDataAlert)),
		since("3.2", r("DELETE", "sites/{site}/dataAlerts/{id}", s.deleteDataAlert)),
		since("3.2", r("POST", "sites/{site}/dataAlerts/{id}/users", s.addDataAlertUser)),
		since("3.2", r("DELETE", "sites/{site}/dataAlerts/{id}/users/{user}", s.removeDataAlertUser)),

		since("3.1", r("GET", "sites/{site}/jobs", s.listJobs)),
		since("2.6", r("GET", "sites/{site}/jobs/{id}", s.getJob)),
		since("3.1", r("PUT", "sites/{site}/jobs/{id}", s.cancelJob)),

		// Schedules and tasks: handlers_schedules.go and handlers_tasks.go
		// say which capability each needs.
		since("2.3", r("GET", "schedules", s.listSchedules)),
		since("2.3", r("POST", "schedules", s.createSchedule)),
		since("3.8", r("GET", "schedules/{id}", s.getSchedule)),
		since("2.3", r("PUT", "schedules/{id}", s.updateSchedule)),
		since("2.3", r("DELETE", "schedules/{id}", s.deleteSchedule)),
		since("2.3", r("GET", "sites/{site}/schedules/{id}/extracts", s.scheduleExtracts)),
		since("2.8", r("PUT", "sites/{site}/schedules/{id}/workbooks", s.addWorkbookToSchedule)),
		since("2.8", r("PUT", "sites/{site}/schedules/{id}/datasources", s.addDatasourceToSchedule)),
		since("3.3", r("PUT", "sites/{site}/schedules/{id}/flows", s.addFlowToSchedule)),

		since("2.2", r("GET", "sites/{site}/tasks/extractRefreshes", s.listExtractTasks)),
		since("3.20", r("POST", "sites/{site}/tasks/extractRefreshes", s.createCloudTask)),
		since("2.2", r("GET", "sites/{site}/tasks/extractRefreshes/{id}", s.getExtractTask)),
		since("3.20", r("POST", "sites/{site}/tasks/extractRefreshes/{id}", s.updateCloudTask)),
		since("3.6", r("DELETE", "sites/{site}/tasks/extractRefreshes/{id}", s.deleteExtractTask)),
		since("2.6", r("POST", "sites/{site}/tasks/extractRefreshes/{id}/runNow", s.runExtractTask)),
		since("3.3", r("GET", "sites/{site}/tasks/runFlow", s.listFlowTasks)),
		since("3.3", r("GET", "sites/{site}/tasks/runFlow/{id}", s.flowTask)),
		since("3.6", r("DELETE", "sites/{site}/tasks/runFlow/{id}", s.changeFlowTask)),
		since("3.3", r("POST", "sites/{site}/tasks/runFlow/{id}/runNow", s.changeFlowTask)),
		since("3.15", r("GET", "sites/{site}/tasks/linked", s.listLinkedTasks)),
		since("3.15", r("GET", "sites/{site}/tasks/linked/{id}", s.getLinkedTask)),
		since("3.15", r("POST", "sites/{site}/tasks/linked/{id}/runNow", s.runLinkedTask)),

		// Issue 16, group sets (handlers_group_sets.go). authz: administrators (actGroupSets).
		since("3.22", r("GET", "sites/{site}/groupsets", s.listGroupSets)),
		since("3.22", r("POST", "sites/{site}/groupsets", s.createGroupSet)),
		since("3.22", r("GET", "sites/{site}/groupsets/{id}", s.getGroupSet)),
		since("3.22", r("PUT", "sites/{site}/groupsets/{id}", s.updateGroupSet)),
		since("3.22", r("DELETE", "sites/{site}/groupsets/{id}", s.deleteGroupSet)),
		since("3.22", r("PUT", "sites/{site}/groupsets/{id}/groups/{group}", s.addGroupToSet)),
		since("3.22", r("DELETE", "sites/{site}/groupsets/{id}/groups/{group}", s.removeGroupFromSet)),
		// Issue 16, bulk users (handlers_bulk_users.go; group import and
		// sync go through the groups routes). authz: administrators (actImportUsers).
		since("3.15", streamed(r("POST", "sites/{site}/users/import", s.importUsers))),
		since("3.15", streamed(r("POST", "sites/{site}/users/delete", s.deleteUsersCSV))),
	}, s.permissionRoutes(permissionKinds)...)
}

// permissionKinds are the content kinds with permission routes
// (Query/Add/Delete <Content> Permissions, one generic handler set in
// handlers_permissions.go); a content type the emulator gains is one more
// entry. Project default permissions cover every kind of
// tsc.DefaultPermissionKinds.
var permissionKinds = []tsc.PermissionKind{tsc.PermProject, tsc.PermWorkbook, tsc.PermView, tsc.PermDatasource}
