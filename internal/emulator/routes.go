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

// experimental lets a route also be called under /api/exp/, Tableau's
// namespace for methods it has not numbered (Download and Publish Custom
// View): asked for there, it runs as the server's highest version. Under
// /api/exp/ every other route is an unknown resource.
func experimental(rt route) route {
	rt.exp = true
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
		since("3.6", r("DELETE", "sites/{site}/tasks/runFlow/{id}", s.deleteFlowTask)),
		since("3.3", r("POST", "sites/{site}/tasks/runFlow/{id}/runNow", s.runFlowTask)),
		since("3.15", r("GET", "sites/{site}/tasks/linked", s.listLinkedTasks)),
		since("3.15", r("GET", "sites/{site}/tasks/linked/{id}", s.getLinkedTask)),
		since("3.15", r("POST", "sites/{site}/tasks/linked/{id}/runNow", s.runLinkedTask)),

		// Issue 16 part 3, favorites (handlers_favorites.go). authz: the
		// user themselves or an administrator (actManageFavorites), and
		// Read on the item.
		since("2.5", r("GET", "sites/{site}/favorites/{user}", s.listFavorites)),
		r("PUT", "sites/{site}/favorites/{user}", s.addFavorite),
		r("DELETE", "sites/{site}/favorites/{user}/{kind}/{id}", s.deleteFavorite),
		since("3.8", r("PUT", "sites/{site}/orderFavorites/{user}", s.orderFavorites)),

		// Issue 16 part 8, smaller gaps (handlers_gaps.go). authz: tag
		// batches check each item as its Add Tags would, all before any
		// change; Delete View needs Delete on the workbook; bulk connection
		// updates Write on the item; revoking administrators' tokens is for
		// server administrators (actRevokeAdminTokens).
		since("3.9", r("PUT", "sites/{site}/tags:batchCreate", s.batchCreateTags)),
		since("3.9", r("PUT", "sites/{site}/tags:batchDelete", s.batchDeleteTags)),
		since("3.9", r("PUT", "tags:batchCreate", sessionSite(s.batchCreateTags))),
		since("3.9", r("PUT", "tags:batchDelete", sessionSite(s.batchDeleteTags))),
		since("3.27", r("DELETE", "sites/{site}/views/{id}", s.deleteView)),
		since("3.26", r("PUT", "sites/{site}/workbooks/{id}/connections", s.updateWorkbookConnections)),
		since("3.26", r("PUT", "sites/{site}/datasources/{id}/connections", s.updateDatasourceConnections)),
		since("3.10", r("DELETE", "auth/serverAdminAccessTokens", s.revokeServerAdminTokens)),
		since("3.10", r("POST", "auth/revokeAllServerAdminTokens", s.revokeServerAdminTokens)),
		// Custom views (issue 16 item 2, handlers_custom_views.go). authz:
		// Read on the view and shared, owned or administrator to read;
		// owner, administrators, the workbook's project owner or leaders to
		// change; administrators to download and publish (served under
		// /api/exp/ as TSC calls them, and under numbered versions).
		since("3.18", r("GET", "sites/{site}/customviews", s.listCustomViews)),
		since("3.18", r("GET", "sites/{site}/customviews/{id}", s.getCustomView)),
		since("3.18", r("PUT", "sites/{site}/customviews/{id}", s.updateCustomView)),
		since("3.19", r("DELETE", "sites/{site}/customviews/{id}", s.deleteCustomView)),
		since("3.18", r("GET", "sites/{site}/customviews/{id}/image", s.customViewImage)),
		since("3.23", r("GET", "sites/{site}/customviews/{id}/pdf", s.customViewPDF)),
		since("3.23", r("GET", "sites/{site}/customviews/{id}/data", s.customViewData)),
		experimental(since("3.21", r("GET", "sites/{site}/customviews/{id}/content", s.customViewFile))),
		experimental(streamed(since("3.21", r("POST", "sites/{site}/customviews", s.publishCustomView)))),
		// Issue 16, webhooks (handlers_webhooks.go).
		since("3.6", r("GET", "sites/{site}/webhooks", s.listWebhooks)),
		since("3.6", r("POST", "sites/{site}/webhooks", s.createWebhook)),
		since("3.6", r("GET", "sites/{site}/webhooks/{id}", s.getWebhook)),
		since("3.6", r("PUT", "sites/{site}/webhooks/{id}", s.updateWebhook)),
		since("3.6", r("DELETE", "sites/{site}/webhooks/{id}", s.deleteWebhook)),
		since("3.6", r("GET", "sites/{site}/webhooks/{id}/test", s.testWebhook)),
		// Flows (issue 16 item 1, handlers_flows.go says what each needs).
		// flows/runs comes before flows/{id}: the first match wins.
		since("3.10", r("GET", "sites/{site}/flows/runs", s.listFlowRuns)),
		since("3.10", r("GET", "sites/{site}/flows/runs/{id}", s.getFlowRun)),
		since("3.10", r("PUT", "sites/{site}/flows/runs/{id}", s.cancelFlowRun)),
		since("3.3", streamed(r("POST", "sites/{site}/flows", s.publishFlow))),
		since("3.3", r("GET", "sites/{site}/flows", s.listFlows)),
		since("3.3", r("GET", "sites/{site}/flows/{id}", s.getFlow)),
		since("3.3", r("PUT", "sites/{site}/flows/{id}", s.updateFlow)),
		since("3.3", r("DELETE", "sites/{site}/flows/{id}", s.deleteFlow)),
		since("3.3", r("GET", "sites/{site}/flows/{id}/content", s.flowContent)),
		since("3.3", r("GET", "sites/{site}/flows/{id}/connections", s.flowConnections)),
		since("3.3", r("PUT", "sites/{site}/flows/{id}/connections/{conn}", s.updateFlowConnection)),
		since("3.3", r("GET", "sites/{site}/flows/{id}/revisions", s.flowRevisions)),
		since("3.3", r("GET", "sites/{site}/flows/{id}/revisions/{rev}/content", s.flowRevisionContent)),
		since("3.3", r("DELETE", "sites/{site}/flows/{id}/revisions/{rev}", s.deleteFlowRevision)),
		since("3.3", r("PUT", "sites/{site}/flows/{id}/tags", s.addFlowTags)),
		since("3.3", r("DELETE", "sites/{site}/flows/{id}/tags/{tag}", s.deleteFlowTag)),
		since("3.3", r("POST", "sites/{site}/flows/{id}/run", s.runFlow)),
		since("3.22", r("POST", "sites/{site}/tasks/flows", s.createFlowTask)),
		// Virtual connections (issue 16 item 5, handlers_virtual_connections.go).
		// authz: Read to see, Write to change or overwrite, ChangeHierarchy
		// to move, Delete to delete (authorizeContent); owner changes are
		// administrators', certification project leaders'.
		since("3.18", r("GET", "sites/{site}/virtualConnections", s.listVirtualConnections)),
		since("3.23", r("POST", "sites/{site}/virtualConnections", s.publishVirtualConnection)),
		since("3.23", r("GET", "sites/{site}/virtualConnections/{id}", s.getVirtualConnection)),
		since("3.23", r("PUT", "sites/{site}/virtualConnections/{id}", s.updateVirtualConnection)),
		since("3.23", r("DELETE", "sites/{site}/virtualConnections/{id}", s.deleteVirtualConnection)),
		since("3.18", r("GET", "sites/{site}/virtualConnections/{id}/connections", s.virtualConnectionConnections)),
		since("3.18", r("PUT", "sites/{site}/virtualConnections/{id}/connections/{conn}/modify", s.updateVirtualConnectionConnection)),
		since("3.23", r("GET", "sites/{site}/virtualConnections/{id}/revisions", s.virtualConnectionRevisions)),
		since("3.23", r("GET", "sites/{site}/virtualConnections/{id}/revisions/{rev}", s.virtualConnectionRevision)),
		since("3.23", r("PUT", "sites/{site}/virtualConnections/{id}/tags", s.addVirtualConnectionTags)),
		since("3.23", r("DELETE", "sites/{site}/virtualConnections/{id}/tags/{tag}", s.deleteVirtualConnectionTag)),
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
var permissionKinds = []tsc.PermissionKind{tsc.PermProject, tsc.PermWorkbook, tsc.PermView, tsc.PermDatasource, tsc.PermFlow,
	tsc.PermVirtualConnection}
