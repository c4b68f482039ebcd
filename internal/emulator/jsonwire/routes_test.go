// Package jsonwire_test checks that every route of the emulator's routing
// table answers JSON and accepts JSON with the same content as XML. It is
// a package of its own so that its test binary, alone in its process, may
// make the emulator's ids deterministic (uuid.SetRand is global): the same
// scenario run twice, once in XML and once in JSON, then creates the same
// ids, and the two runs' answers can be compared whole.
package jsonwire_test

import (
	"bytes"
	"encoding/json"
	"io"
	"math/rand"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/google/uuid"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/emulator"
	"github.com/tsc-go/tsc/internal/wirejson"
)

// step is one request of the scenario. Its path and body name earlier
// answers' values as {var}; keep saves values of its answer for later steps.
type step struct {
	// route is the route the request must reach, "METHOD pattern" as
	// emulator.Routes gives it: the test fails if it reaches another.
	route string
	path  string
	// body is the request body in XML; the JSON run sends its JSON form
	// (decoded with tsc.DecodeRequest, encoded with wirejson). For a
	// multipart request it is the request_payload part.
	body string
	// file, for a multipart request, is "part-name file-name testdata-path".
	file string
	// multipart says the body goes as a multipart/mixed request_payload
	// (set by file, or alone for a payload-only publish).
	multipart bool
	// unread says the route does not read its body, in XML or JSON (a
	// task's runNow takes an empty <tsRequest/>), or refuses the request
	// before it reads it: no malformed variant is sent.
	unread bool
	want   int
	keep   func(r *tsc.TSResponse, v vars)
	// seed, when set, runs before the request: what Tableau makes only in
	// its web UI (linked tasks, data alerts) is made through the
	// emulator's seed methods, at the same point of both runs, so that
	// their ids are the same.
	seed func(t *testing.T, emu *emulator.Server, v vars)
}

type vars map[string]string

// scenario is a valid request for every route of the routing table, in an
// order that works (each creates what the next ones use). A route added to
// the table needs its line here, or TestEveryRouteSpeaksJSON fails and
// names it.
func scenario() []step {
	return []step{
		{route: "GET serverinfo", path: "serverinfo", want: 200},
		{route: "POST auth/signin", path: "auth/signin", body: `<tsRequest><credentials name="admin" password="adminpw"><site contentUrl=""/></credentials></tsRequest>`, want: 200,
			keep: func(r *tsc.TSResponse, v vars) {
				v["token"], v["site"], v["me"] = r.Credentials.Token.Reveal(), r.Credentials.Site.ID, r.Credentials.User.ID
			}},

		// Sites.
		{route: "POST sites", path: "sites", body: `<tsRequest><site name="Second" contentUrl="second" adminMode="ContentAndUsers" userQuota="15" revisionHistoryEnabled="true"/></tsRequest>`, want: 201,
			keep: func(r *tsc.TSResponse, v vars) { v["site2"] = r.Site.ID }},
		{route: "GET sites", path: "sites", want: 200},
		{route: "GET sites/{key}", path: "sites/{site2}", want: 200},

		// Projects.
		{route: "POST sites/{site}/projects", path: "sites/{site}/projects", body: `<tsRequest><project name="Finance" description="Money" contentPermissions="ManagedByOwner"/></tsRequest>`, want: 201,
			keep: func(r *tsc.TSResponse, v vars) { v["project"] = r.Project.ID }},
		{route: "GET sites/{site}/projects", path: "sites/{site}/projects?fields=_all_", want: 200},
		// Refusals of a body's content: the same code and text in both forms.
		{route: "POST sites/{site}/projects", path: "sites/{site}/projects", body: `<tsRequest><project name="Finance"/></tsRequest>`, want: 409},
		{route: "POST sites/{site}/projects", path: "sites/{site}/projects", body: `<tsRequest><user name="x"/></tsRequest>`, want: 400},
		{route: "POST sites/{site}/users", path: "sites/{site}/users", body: `<tsRequest><user name="bob" siteRole="Overlord"/></tsRequest>`, want: 400},
		{route: "GET sites/{site}/users", path: "sites/{site}/users?pageSize=5000", want: 403},
		{route: "PUT sites/{site}/projects/{id}", path: "sites/{site}/projects/{project}", body: `<tsRequest><project name="Finance 2" description="Budget" contentPermissions="LockedToProject"><owner id="{me}"/></project></tsRequest>`, want: 200},

		// Users.
		{route: "POST sites/{site}/users", path: "sites/{site}/users", body: `<tsRequest><user name="alice" siteRole="Explorer" authSetting="ServerDefault"/></tsRequest>`, want: 201,
			keep: func(r *tsc.TSResponse, v vars) { v["alice"] = r.User.ID }},
		{route: "PUT sites/{site}/users/{id}", path: "sites/{site}/users/{alice}", body: `<tsRequest><user fullName="Alice A" email="alice@example.com" password="pw"/></tsRequest>`, want: 200},
		{route: "GET sites/{site}/users", path: "sites/{site}/users?filter=siteRole:eq:Explorer&fields=_all_", want: 200},
		{route: "GET sites/{site}/users/{id}", path: "sites/{site}/users/{alice}", want: 200},

		// Groups.
		{route: "POST sites/{site}/groups", path: "sites/{site}/groups", body: `<tsRequest><group name="Analysts" minimumSiteRole="Explorer"/></tsRequest>`, want: 201,
			keep: func(r *tsc.TSResponse, v vars) { v["group"] = r.Group.ID }},
		{route: "PUT sites/{site}/groups/{id}", path: "sites/{site}/groups/{group}", body: `<tsRequest><group name="Analysts 2"/></tsRequest>`, want: 200},
		{route: "GET sites/{site}/groups", path: "sites/{site}/groups?fields=_all_", want: 200},
		{route: "POST sites/{site}/groups/{id}/users", path: "sites/{site}/groups/{group}/users", body: `<tsRequest><user id="{alice}"/></tsRequest>`, want: 200},
		{route: "GET sites/{site}/groups/{id}/users", path: "sites/{site}/groups/{group}/users", want: 200},
		{route: "GET sites/{site}/users/{id}/groups", path: "sites/{site}/users/{alice}/groups", want: 200},
		{route: "PUT sites/{site}/groups/{id}/users/remove", path: "sites/{site}/groups/{group}/users/remove", body: `<tsRequest><users><user id="{alice}"/></users></tsRequest>`, want: 204},
		{route: "POST sites/{site}/groups/{id}/users", path: "sites/{site}/groups/{group}/users", body: `<tsRequest><users><user id="{alice}"/><user id="{me}"/></users></tsRequest>`, want: 200},
		{route: "DELETE sites/{site}/groups/{id}/users/{user}", path: "sites/{site}/groups/{group}/users/{alice}", want: 204},

		// Publishing in parts, and in one request.
		{route: "POST sites/{site}/fileUploads", path: "sites/{site}/fileUploads", want: 201,
			keep: func(r *tsc.TSResponse, v vars) { v["upload"] = r.FileUpload.UploadSessionID }},
		{route: "PUT sites/{site}/fileUploads/{id}", path: "sites/{site}/fileUploads/{upload}", body: "", file: "tableau_file file workbooks/Sales.twbx", want: 200},
		{route: "POST sites/{site}/workbooks", path: "sites/{site}/workbooks?workbookType=twbx&uploadSessionId={upload}", multipart: true,
			body: `<tsRequest><workbook name="Sales" description="Sales by region" showTabs="false"><project id="{project}"/></workbook></tsRequest>`, want: 201,
			keep: func(r *tsc.TSResponse, v vars) {
				v["wb"], v["view"] = r.Workbook.ID, r.Workbook.Views.Views[0].ID
			}},
		{route: "POST sites/{site}/workbooks", path: "sites/{site}/workbooks?overwrite=true", file: "tableau_workbook Sales.twbx workbooks/Sales.twbx",
			body: `<tsRequest><workbook name="Sales" description="Sales by region"><project id="{project}"/></workbook></tsRequest>`, want: 201},

		// Workbooks.
		{route: "GET sites/{site}/workbooks", path: "sites/{site}/workbooks?fields=_all_", want: 200},
		{route: "GET sites/{site}/workbooks/{id}", path: "sites/{site}/workbooks/{wb}", want: 200},
		{route: "PUT sites/{site}/workbooks/{id}", path: "sites/{site}/workbooks/{wb}", body: `<tsRequest><workbook name="Sales 2" showTabs="true" description="Regions"/></tsRequest>`, want: 200},
		{route: "GET sites/{site}/users/{id}/workbooks", path: "sites/{site}/users/{me}/workbooks", want: 200},
		{route: "GET sites/{site}/workbooks/{id}/views", path: "sites/{site}/workbooks/{wb}/views?includeUsageStatistics=true", want: 200},
		{route: "GET sites/{site}/workbooks/{id}/connections", path: "sites/{site}/workbooks/{wb}/connections", want: 200,
			keep: func(r *tsc.TSResponse, v vars) { v["wbconn"] = r.Connections.Connections[0].ID }},
		{route: "PUT sites/{site}/workbooks/{id}/connections/{conn}", path: "sites/{site}/workbooks/{wb}/connections/{wbconn}",
			body: `<tsRequest><connection serverAddress="db.example.com" serverPort="5433" userName="etl" password="pw" embedPassword="true"/></tsRequest>`, want: 200},
		{route: "GET sites/{site}/workbooks/{id}/content", path: "sites/{site}/workbooks/{wb}/content", want: 200},
		{route: "GET sites/{site}/workbooks/{id}/revisions", path: "sites/{site}/workbooks/{wb}/revisions", want: 200},
		{route: "GET sites/{site}/workbooks/{id}/revisions/{rev}/content", path: "sites/{site}/workbooks/{wb}/revisions/1/content", want: 200},
		{route: "DELETE sites/{site}/workbooks/{id}/revisions/{rev}", path: "sites/{site}/workbooks/{wb}/revisions/1", want: 204},
		{route: "GET sites/{site}/workbooks/{id}/previewImage", path: "sites/{site}/workbooks/{wb}/previewImage", want: 200},
		{route: "GET sites/{site}/workbooks/{id}/pdf", path: "sites/{site}/workbooks/{wb}/pdf", want: 200},
		{route: "GET sites/{site}/workbooks/{id}/powerpoint", path: "sites/{site}/workbooks/{wb}/powerpoint", want: 200},
		{route: "PUT sites/{site}/workbooks/{id}/tags", path: "sites/{site}/workbooks/{wb}/tags", body: `<tsRequest><tags><tag label="a"/><tag label="b"/></tags></tsRequest>`, want: 200},
		{route: "DELETE sites/{site}/workbooks/{id}/tags/{tag}", path: "sites/{site}/workbooks/{wb}/tags/a", want: 204},
		{route: "GET sites/{site}/workbooks/{wb}/views/{id}/previewImage", path: "sites/{site}/workbooks/{wb}/views/{view}/previewImage", want: 200},
		{route: "POST sites/{site}/workbooks/{id}/refresh", path: "sites/{site}/workbooks/{wb}/refresh", body: `<tsRequest/>`, want: 202,
			keep: func(r *tsc.TSResponse, v vars) { v["wbjob"] = r.Job.ID }},

		// Views.
		{route: "GET sites/{site}/views", path: "sites/{site}/views?fields=_all_", want: 200},
		{route: "GET sites/{site}/views/{id}", path: "sites/{site}/views/{view}?includeUsageStatistics=true", want: 200},
		{route: "GET sites/{site}/views/{id}/image", path: "sites/{site}/views/{view}/image", want: 200},
		{route: "GET sites/{site}/views/{id}/pdf", path: "sites/{site}/views/{view}/pdf", want: 200},
		{route: "GET sites/{site}/views/{id}/data", path: "sites/{site}/views/{view}/data", want: 200},
		{route: "GET sites/{site}/views/{id}/crosstab/excel", path: "sites/{site}/views/{view}/crosstab/excel", want: 200},
		{route: "PUT sites/{site}/views/{id}/tags", path: "sites/{site}/views/{view}/tags", body: `<tsRequest><tags><tag label="a"/></tags></tsRequest>`, want: 200},
		{route: "DELETE sites/{site}/views/{id}/tags/{tag}", path: "sites/{site}/views/{view}/tags/a", want: 204},

		// Data sources.
		{route: "POST sites/{site}/datasources", path: "sites/{site}/datasources", file: "tableau_datasource Orders.tdsx datasources/Orders.tdsx",
			body: `<tsRequest><datasource name="Orders" description="Orders"><connectionCredentials name="reporter" password="pw" embed="true"/><project id="{project}"/></datasource></tsRequest>`, want: 201,
			keep: func(r *tsc.TSResponse, v vars) { v["ds"] = r.Datasource.ID }},
		{route: "POST sites/{site}/datasources", path: "sites/{site}/datasources?overwrite=true", file: "tableau_datasource Orders.tdsx datasources/Orders.tdsx",
			body: `<tsRequest><datasource name="Orders"><project id="{project}"/></datasource></tsRequest>`, want: 201},
		{route: "GET sites/{site}/datasources", path: "sites/{site}/datasources?fields=_all_", want: 200},
		{route: "GET sites/{site}/datasources/{id}", path: "sites/{site}/datasources/{ds}", want: 200},
		{route: "PUT sites/{site}/datasources/{id}", path: "sites/{site}/datasources/{ds}", body: `<tsRequest><datasource isCertified="true" certificationNote="Checked."/></tsRequest>`, want: 200},
		{route: "GET sites/{site}/datasources/{id}/content", path: "sites/{site}/datasources/{ds}/content", want: 200},
		{route: "GET sites/{site}/datasources/{id}/connections", path: "sites/{site}/datasources/{ds}/connections", want: 200,
			keep: func(r *tsc.TSResponse, v vars) { v["dsconn"] = r.Connections.Connections[0].ID }},
		{route: "PUT sites/{site}/datasources/{id}/connections/{conn}", path: "sites/{site}/datasources/{ds}/connections/{dsconn}",
			body: `<tsRequest><connection serverAddress="bar" serverPort="9876" userName="foo"/></tsRequest>`, want: 200},
		{route: "GET sites/{site}/datasources/{id}/revisions", path: "sites/{site}/datasources/{ds}/revisions", want: 200},
		{route: "GET sites/{site}/datasources/{id}/revisions/{rev}/content", path: "sites/{site}/datasources/{ds}/revisions/1/content", want: 200},
		{route: "DELETE sites/{site}/datasources/{id}/revisions/{rev}", path: "sites/{site}/datasources/{ds}/revisions/1", want: 204},
		{route: "PUT sites/{site}/datasources/{id}/tags", path: "sites/{site}/datasources/{ds}/tags", body: `<tsRequest><tags><tag label="a"/></tags></tsRequest>`, want: 200},
		{route: "DELETE sites/{site}/datasources/{id}/tags/{tag}", path: "sites/{site}/datasources/{ds}/tags/a", want: 204},
		{route: "POST sites/{site}/datasources/{id}/refresh", path: "sites/{site}/datasources/{ds}/refresh", body: `<tsRequest><extractRefresh incremental="true"/></tsRequest>`, want: 202},

		// Flows (issue 16 item 1).
		{route: "POST sites/{site}/flows", path: "sites/{site}/flows", file: "tableau_flow SalesPrep.tfl flows/Sales Prep.tfl",
			body: `<tsRequest><flow name="Sales Prep" description="Orders and targets"><project id="{project}"/></flow></tsRequest>`, want: 201,
			keep: func(r *tsc.TSResponse, v vars) { v["flow"] = r.Flow.ID }},
		{route: "POST sites/{site}/flows", path: "sites/{site}/flows?overwrite=true", file: "tableau_flow SalesPrep.tflx flows/Sales Prep.tflx",
			body: `<tsRequest><flow name="Sales Prep"><project id="{project}"/></flow></tsRequest>`, want: 201},
		{route: "GET sites/{site}/flows", path: "sites/{site}/flows?sort=name:asc", want: 200},
		{route: "GET sites/{site}/flows/{id}", path: "sites/{site}/flows/{flow}", want: 200},
		{route: "PUT sites/{site}/flows/{id}", path: "sites/{site}/flows/{flow}", body: `<tsRequest><flow description="Renamed"><owner id="{me}"/></flow></tsRequest>`, want: 200},
		{route: "GET sites/{site}/flows/{id}/content", path: "sites/{site}/flows/{flow}/content", want: 200},
		{route: "GET sites/{site}/flows/{id}/connections", path: "sites/{site}/flows/{flow}/connections", want: 200,
			keep: func(r *tsc.TSResponse, v vars) { v["flowconn"] = r.Connections.Connections[0].ID }},
		{route: "PUT sites/{site}/flows/{id}/connections/{conn}", path: "sites/{site}/flows/{flow}/connections/{flowconn}",
			body: `<tsRequest><connection serverAddress="bar" serverPort="9876" userName="foo"/></tsRequest>`, want: 200},
		{route: "GET sites/{site}/flows/{id}/revisions", path: "sites/{site}/flows/{flow}/revisions", want: 200},
		{route: "GET sites/{site}/flows/{id}/revisions/{rev}/content", path: "sites/{site}/flows/{flow}/revisions/1/content", want: 200},
		{route: "DELETE sites/{site}/flows/{id}/revisions/{rev}", path: "sites/{site}/flows/{flow}/revisions/1", want: 204},
		{route: "PUT sites/{site}/flows/{id}/tags", path: "sites/{site}/flows/{flow}/tags", body: `<tsRequest><tags><tag label="a"/></tags></tsRequest>`, want: 200},
		{route: "DELETE sites/{site}/flows/{id}/tags/{tag}", path: "sites/{site}/flows/{flow}/tags/a", want: 204},
		{route: "POST sites/{site}/flows/{id}/run", path: "sites/{site}/flows/{flow}/run", body: `<tsRequest/>`, unread: true, want: 200,
			keep: func(r *tsc.TSResponse, v vars) { v["flowrun"] = r.Job.RunFlowJob.FlowRunID }},
		{route: "GET sites/{site}/flows/runs", path: "sites/{site}/flows/runs?filter=flowId:eq:{flow}", want: 200},
		{route: "GET sites/{site}/flows/runs/{id}", path: "sites/{site}/flows/runs/{flowrun}", want: 200},
		{route: "PUT sites/{site}/flows/runs/{id}", path: "sites/{site}/flows/runs/{flowrun}", want: 200},
		// Create Flow Task is Tableau Cloud's: this Server refuses it.
		{route: "POST sites/{site}/tasks/flows", path: "sites/{site}/tasks/flows", body: `<tsRequest><runFlow><flow id="{flow}"/></runFlow><schedule frequency="Daily"><frequencyDetails start="01:00:00"/></schedule></tsRequest>`, unread: true, want: 400},

		// Permissions: of a project, of each kind of content once the project
		// is unlocked, defaults, and a refusal on content locked again.
		{route: "PUT sites/{site}/projects/{id}/permissions", path: "sites/{site}/projects/{project}/permissions", body: `<tsRequest><permissions><granteeCapabilities><group id="{group}"/><capabilities><capability name="Read" mode="Allow"/><capability name="Write" mode="Deny"/></capabilities></granteeCapabilities></permissions></tsRequest>`, want: 200},
		{route: "GET sites/{site}/projects/{id}/permissions", path: "sites/{site}/projects/{project}/permissions", want: 200},
		{route: "DELETE sites/{site}/projects/{id}/permissions/{grantees}/{grantee}/{cap}/{mode}", path: "sites/{site}/projects/{project}/permissions/groups/{group}/Write/Deny", want: 204},
		{route: "PUT sites/{site}/projects/{id}", path: "sites/{site}/projects/{project}", body: `<tsRequest><project contentPermissions="ManagedByOwner"/></tsRequest>`, want: 200},
		{route: "PUT sites/{site}/workbooks/{id}/permissions", path: "sites/{site}/workbooks/{wb}/permissions", body: `<tsRequest><permissions><granteeCapabilities><group id="{group}"/><capabilities><capability name="Read" mode="Allow"/><capability name="Write" mode="Deny"/></capabilities></granteeCapabilities></permissions></tsRequest>`, want: 200},
		{route: "GET sites/{site}/workbooks/{id}/permissions", path: "sites/{site}/workbooks/{wb}/permissions", want: 200},
		{route: "DELETE sites/{site}/workbooks/{id}/permissions/{grantees}/{grantee}/{cap}/{mode}", path: "sites/{site}/workbooks/{wb}/permissions/groups/{group}/Write/Deny", want: 204},
		{route: "PUT sites/{site}/views/{id}/permissions", path: "sites/{site}/views/{view}/permissions", body: `<tsRequest><permissions><granteeCapabilities><group id="{group}"/><capabilities><capability name="Read" mode="Allow"/><capability name="ExportData" mode="Deny"/></capabilities></granteeCapabilities></permissions></tsRequest>`, want: 200},
		{route: "GET sites/{site}/views/{id}/permissions", path: "sites/{site}/views/{view}/permissions", want: 200},
		{route: "DELETE sites/{site}/views/{id}/permissions/{grantees}/{grantee}/{cap}/{mode}", path: "sites/{site}/views/{view}/permissions/groups/{group}/ExportData/Deny", want: 204},
		{route: "PUT sites/{site}/datasources/{id}/permissions", path: "sites/{site}/datasources/{ds}/permissions", body: `<tsRequest><permissions><granteeCapabilities><group id="{group}"/><capabilities><capability name="Read" mode="Allow"/><capability name="Write" mode="Deny"/></capabilities></granteeCapabilities></permissions></tsRequest>`, want: 200},
		{route: "GET sites/{site}/datasources/{id}/permissions", path: "sites/{site}/datasources/{ds}/permissions", want: 200},
		{route: "DELETE sites/{site}/datasources/{id}/permissions/{grantees}/{grantee}/{cap}/{mode}", path: "sites/{site}/datasources/{ds}/permissions/groups/{group}/Write/Deny", want: 204},
		{route: "PUT sites/{site}/flows/{id}/permissions", path: "sites/{site}/flows/{flow}/permissions", body: `<tsRequest><permissions><granteeCapabilities><group id="{group}"/><capabilities><capability name="Read" mode="Allow"/><capability name="Execute" mode="Deny"/></capabilities></granteeCapabilities></permissions></tsRequest>`, want: 200},
		{route: "GET sites/{site}/flows/{id}/permissions", path: "sites/{site}/flows/{flow}/permissions", want: 200},
		{route: "DELETE sites/{site}/flows/{id}/permissions/{grantees}/{grantee}/{cap}/{mode}", path: "sites/{site}/flows/{flow}/permissions/groups/{group}/Execute/Deny", want: 204},
		{route: "PUT sites/{site}/projects/{id}/default-permissions/{kind}", path: "sites/{site}/projects/{project}/default-permissions/workbooks", body: `<tsRequest><permissions><granteeCapabilities><group id="{group}"/><capabilities><capability name="Read" mode="Allow"/><capability name="Write" mode="Deny"/></capabilities></granteeCapabilities></permissions></tsRequest>`, want: 200},
		{route: "GET sites/{site}/projects/{id}/default-permissions/{kind}", path: "sites/{site}/projects/{project}/default-permissions/workbooks", want: 200},
		{route: "DELETE sites/{site}/projects/{id}/default-permissions/{kind}/{grantees}/{grantee}/{cap}/{mode}", path: "sites/{site}/projects/{project}/default-permissions/workbooks/groups/{group}/Write/Deny", want: 204},
		{route: "PUT sites/{site}/projects/{id}", path: "sites/{site}/projects/{project}", body: `<tsRequest><project contentPermissions="LockedToProject"/></tsRequest>`, want: 200},
		// Locked content is refused before its body is read.
		{route: "PUT sites/{site}/workbooks/{id}/permissions", path: "sites/{site}/workbooks/{wb}/permissions", body: `<tsRequest><permissions><granteeCapabilities><group id="{group}"/><capabilities><capability name="Read" mode="Allow"/><capability name="Write" mode="Deny"/></capabilities></granteeCapabilities></permissions></tsRequest>`, unread: true, want: 403},

		// Jobs.
		{route: "GET sites/{site}/jobs", path: "sites/{site}/jobs", want: 200},
		{route: "GET sites/{site}/jobs/{id}", path: "sites/{site}/jobs/{wbjob}", want: 200},
		{route: "PUT sites/{site}/jobs/{id}", path: "sites/{site}/jobs/{wbjob}", want: 200},

		// Extracts. Sales and Orders were published with extracts: creating
		// them again is a conflict; the other calls start jobs, which end on
		// the emulator's clock (never, here: it stands still).
		{route: "POST sites/{site}/workbooks/{id}/createExtract", path: "sites/{site}/workbooks/{wb}/createExtract?encrypt=false", body: `<tsRequest><datasources includeAll="true"/></tsRequest>`, want: 409},
		{route: "POST sites/{site}/datasources/{id}/createExtract", path: "sites/{site}/datasources/{ds}/createExtract?encrypt=true", want: 409},
		{route: "POST sites/{site}/workbooks/{id}/deleteExtract", path: "sites/{site}/workbooks/{wb}/deleteExtract", body: `<tsRequest><datasources includeAll="true"/></tsRequest>`, want: 202},
		{route: "POST sites/{site}/datasources/{id}/deleteExtract", path: "sites/{site}/datasources/{ds}/deleteExtract", want: 202},
		{route: "POST sites/{site}/encrypt-extracts", path: "sites/{site}/encrypt-extracts", want: 202},
		{route: "POST sites/{site}/decrypt-extracts", path: "sites/{site}/decrypt-extracts", want: 202},
		{route: "POST sites/{site}/reencrypt-extracts", path: "sites/{site}/reencrypt-extracts", want: 202},

		// Schedules, and content on them.
		{route: "POST schedules", path: "schedules", body: `<tsRequest><schedule name="Every 8 hours" priority="50" type="Extract" executionOrder="Parallel" frequency="Hourly"><frequencyDetails start="02:30:00" end="23:00:00"><intervals><interval hours="8"/></intervals></frequencyDetails></schedule></tsRequest>`, want: 201,
			keep: func(r *tsc.TSResponse, v vars) { v["sched"] = r.Schedule.ID }},
		{route: "POST schedules", path: "schedules", body: `<tsRequest><schedule name="Mornings" priority="90" type="Subscription" executionOrder="Serial" frequency="Daily"><frequencyDetails start="04:00:00"/></schedule></tsRequest>`, want: 201,
			keep: func(r *tsc.TSResponse, v vars) { v["subsched"] = r.Schedule.ID }},
		{route: "POST schedules", path: "schedules", body: `<tsRequest><schedule name="Mornings" type="Extract" frequency="Daily"><frequencyDetails start="02:30:00"/></schedule></tsRequest>`, want: 409},
		{route: "GET schedules", path: "schedules?sort=name:asc", want: 200},
		{route: "GET schedules/{id}", path: "schedules/{sched}", want: 200},
		{route: "PUT schedules/{id}", path: "schedules/{sched}", body: `<tsRequest><schedule name="Weekdays" priority="80" executionOrder="Serial" frequency="Weekly"><frequencyDetails start="07:00:00"><intervals><interval weekDay="Monday"/><interval weekDay="Friday"/></intervals></frequencyDetails></schedule></tsRequest>`, want: 200},
		{route: "PUT sites/{site}/schedules/{id}/workbooks", path: "sites/{site}/schedules/{sched}/workbooks", body: `<tsRequest><task><extractRefresh><workbook id="{wb}"/></extractRefresh></task></tsRequest>`, want: 200,
			keep: func(r *tsc.TSResponse, v vars) { v["task"] = r.Task.ExtractRefresh.ID }},
		{route: "PUT sites/{site}/schedules/{id}/datasources", path: "sites/{site}/schedules/{sched}/datasources", body: `<tsRequest><task><extractRefresh incremental="true"><datasource id="{ds}"/></extractRefresh></task></tsRequest>`, want: 200},
		// A flow on a Flow schedule.
		{route: "POST schedules", path: "schedules", body: `<tsRequest><schedule name="Flows nightly" priority="50" type="Flow" executionOrder="Parallel" frequency="Daily"><frequencyDetails start="01:00:00"/></schedule></tsRequest>`, want: 201,
			keep: func(r *tsc.TSResponse, v vars) { v["flowsched"] = r.Schedule.ID }},
		{route: "PUT sites/{site}/schedules/{id}/flows", path: "sites/{site}/schedules/{flowsched}/flows", body: `<tsRequest><task><flowRun><flow id="{flow}"/></flowRun></task></tsRequest>`, want: 200,
			keep: func(r *tsc.TSResponse, v vars) { v["flowtask"] = r.Task.FlowRun.ID }},
		{route: "GET sites/{site}/schedules/{id}/extracts", path: "sites/{site}/schedules/{sched}/extracts", want: 200},

		// Tasks.
		{route: "GET sites/{site}/tasks/extractRefreshes", path: "sites/{site}/tasks/extractRefreshes", want: 200},
		{route: "GET sites/{site}/tasks/extractRefreshes/{id}", path: "sites/{site}/tasks/extractRefreshes/{task}", want: 200},
		{route: "POST sites/{site}/tasks/extractRefreshes/{id}/runNow", path: "sites/{site}/tasks/extractRefreshes/{task}/runNow", body: `<tsRequest/>`, unread: true, want: 200},
		// Creating and updating a task are Tableau Cloud's methods: this
		// emulator is a Server, which refuses them (400) before it reads
		// the body, in both forms alike.
		{route: "POST sites/{site}/tasks/extractRefreshes", path: "sites/{site}/tasks/extractRefreshes", body: `<tsRequest><extractRefresh type="FullRefresh"><workbook id="{wb}"/></extractRefresh><schedule frequency="Daily"><frequencyDetails start="01:00:00"/></schedule></tsRequest>`, unread: true, want: 400},
		{route: "POST sites/{site}/tasks/extractRefreshes/{id}", path: "sites/{site}/tasks/extractRefreshes/{task}", body: `<tsRequest><extractRefresh type="IncrementalRefresh"/></tsRequest>`, unread: true, want: 400},
		// Flow tasks.
		{route: "GET sites/{site}/tasks/runFlow", path: "sites/{site}/tasks/runFlow", want: 200},
		{route: "GET sites/{site}/tasks/runFlow/{id}", path: "sites/{site}/tasks/runFlow/{flowtask}", want: 200},
		{route: "GET sites/{site}/tasks/runFlow/{id}", path: "sites/{site}/tasks/runFlow/{task}", want: 404},
		{route: "POST sites/{site}/tasks/runFlow/{id}/runNow", path: "sites/{site}/tasks/runFlow/{flowtask}/runNow", body: `<tsRequest/>`, unread: true, want: 200},
		{route: "DELETE sites/{site}/tasks/runFlow/{id}", path: "sites/{site}/tasks/runFlow/{flowtask}", want: 204},
		{route: "GET sites/{site}/tasks/linked", path: "sites/{site}/tasks/linked", want: 200,
			seed: func(t *testing.T, emu *emulator.Server, v vars) {
				id, err := emu.SeedLinkedTask(t.Context(), "", true, v["task"])
				if err != nil {
					t.Fatal(err)
				}
				v["linked"] = id
			}},
		{route: "GET sites/{site}/tasks/linked/{id}", path: "sites/{site}/tasks/linked/{linked}", want: 200},
		{route: "POST sites/{site}/tasks/linked/{id}/runNow", path: "sites/{site}/tasks/linked/{linked}/runNow", body: `<tsRequest/>`, unread: true, want: 200},

		// Subscriptions, on the Subscription schedule.
		{route: "POST sites/{site}/subscriptions", path: "sites/{site}/subscriptions", body: `<tsRequest><subscription subject="Sales every morning" message="Good morning" attachImage="true" attachPdf="true" pageOrientation="LANDSCAPE" pageSizeOption="A4"><content id="{view}" type="View" sendIfViewEmpty="false"/><schedule id="{subsched}"/><user id="{alice}"/></subscription></tsRequest>`, want: 201,
			keep: func(r *tsc.TSResponse, v vars) { v["sub"] = r.Subscription.ID }},
		{route: "POST sites/{site}/subscriptions", path: "sites/{site}/subscriptions", body: `<tsRequest><subscription subject="Wrong schedule"><content id="{wb}" type="Workbook"/><schedule id="{sched}"/><user id="{me}"/></subscription></tsRequest>`, want: 400},
		{route: "GET sites/{site}/subscriptions", path: "sites/{site}/subscriptions", want: 200},
		{route: "GET sites/{site}/subscriptions/{id}", path: "sites/{site}/subscriptions/{sub}", want: 200},
		{route: "PUT sites/{site}/subscriptions/{id}", path: "sites/{site}/subscriptions/{sub}", body: `<tsRequest><subscription subject="Sales" attachPdf="false" suspended="true"><content sendIfViewEmpty="true"/></subscription></tsRequest>`, want: 200},
		{route: "DELETE sites/{site}/subscriptions/{id}", path: "sites/{site}/subscriptions/{sub}", want: 204},

		// Data alerts: Tableau creates them in its web UI, the walk through
		// the emulator's seed method.
		{route: "GET sites/{site}/dataAlerts", path: "sites/{site}/dataAlerts", want: 200,
			seed: func(t *testing.T, emu *emulator.Server, v vars) {
				id, err := emu.CreateDataAlert(t.Context(), emulator.DataAlertSeed{ViewID: v["view"], Owner: "admin", Subject: "Sales up",
					Condition: "above", Threshold: 1000, Frequency: "daily"})
				if err != nil {
					t.Fatal(err)
				}
				v["alert"] = id
			}},
		{route: "GET sites/{site}/dataAlerts/{id}", path: "sites/{site}/dataAlerts/{alert}", want: 200},
		{route: "PUT sites/{site}/dataAlerts/{id}", path: "sites/{site}/dataAlerts/{alert}", body: `<tsRequest><dataAlert subject="Sales up again" frequency="Weekly" public="true"><owner id="{alice}"/></dataAlert></tsRequest>`, want: 200},
		{route: "POST sites/{site}/dataAlerts/{id}/users", path: "sites/{site}/dataAlerts/{alert}/users", body: `<tsRequest><user id="{me}"/></tsRequest>`, want: 200},
		{route: "DELETE sites/{site}/dataAlerts/{id}/users/{user}", path: "sites/{site}/dataAlerts/{alert}/users/{me}", want: 204},
		{route: "DELETE sites/{site}/dataAlerts/{id}", path: "sites/{site}/dataAlerts/{alert}", want: 204},

		// Issue 16 part 3, favorites: added (the answer is the list), listed
		// in order with positions, organized, an unknown kind refused, and
		// deleted.
		{route: "PUT sites/{site}/favorites/{user}", path: "sites/{site}/favorites/{me}", body: `<tsRequest><favorite label="Sales"><workbook id="{wb}"/></favorite></tsRequest>`, want: 200},
		{route: "PUT sites/{site}/favorites/{user}", path: "sites/{site}/favorites/{me}", body: `<tsRequest><favorite label="Orders"><datasource id="{ds}"/></favorite></tsRequest>`, want: 200},
		{route: "PUT sites/{site}/favorites/{user}", path: "sites/{site}/favorites/{me}", body: `<tsRequest><favorite label="x"/></tsRequest>`, want: 400},
		{route: "PUT sites/{site}/orderFavorites/{user}", path: "sites/{site}/orderFavorites/{me}", body: `<tsRequest><favoriteOrderings><favoriteOrdering favoriteId="{wb}" favoriteType="workbook" favoriteIdMoveAfter="{ds}" favoriteTypeMoveAfter="datasource"/></favoriteOrderings></tsRequest>`, want: 204},
		{route: "GET sites/{site}/favorites/{user}", path: "sites/{site}/favorites/{me}", want: 200},
		{route: "DELETE sites/{site}/favorites/{user}/{kind}/{id}", path: "sites/{site}/favorites/{me}/datasources/{ds}", want: 204},

		// Issue 16 part 8, smaller gaps: tag batches, bulk connection
		// updates, revoking administrators' tokens, and (last, as it
		// removes a view the alerts above watched) Delete View.
		{route: "PUT sites/{site}/tags:batchCreate", path: "sites/{site}/tags:batchCreate", body: `<tsRequest><tagBatch><tags><tag label="q3"/></tags><contents><content id="{wb}" contentType="workbook"/><content id="{ds}" contentType="datasource"/></contents></tagBatch></tsRequest>`, want: 200},
		{route: "PUT sites/{site}/tags:batchDelete", path: "sites/{site}/tags:batchDelete", body: `<tsRequest><tagBatch><tags><tag label="q3"/></tags><contents><content id="{wb}" contentType="workbook"/></contents></tagBatch></tsRequest>`, want: 200},
		{route: "PUT tags:batchCreate", path: "tags:batchCreate", body: `<tsRequest><tagBatch><tags><tag label="q4"/></tags><contents><content id="{wb}" contentType="Workbook"/></contents></tagBatch></tsRequest>`, want: 200},
		{route: "PUT tags:batchDelete", path: "tags:batchDelete", body: `<tsRequest><tagBatch><tags><tag label="q4"/></tags><contents><content id="{wb}" contentType="Workbook"/></contents></tagBatch></tsRequest>`, want: 200},
		{route: "PUT sites/{site}/workbooks/{id}/connections", path: "sites/{site}/workbooks/{wb}/connections", body: `<tsRequest><connectionLuids><connectionLuid>{wbconn}</connectionLuid></connectionLuids><connection authenticationType="Username Password" userName="svc"/></tsRequest>`, want: 200},
		{route: "PUT sites/{site}/datasources/{id}/connections", path: "sites/{site}/datasources/{ds}/connections", body: `<tsRequest><connectionLuids><connectionLuid>{dsconn}</connectionLuid></connectionLuids><connection authenticationType="Username Password" userName="svc"/></tsRequest>`, want: 200},
		{route: "DELETE auth/serverAdminAccessTokens", path: "auth/serverAdminAccessTokens", want: 204},
		{route: "POST auth/revokeAllServerAdminTokens", path: "auth/revokeAllServerAdminTokens", want: 204},
		// Custom views (issue 16 item 2): Tableau creates them in its web
		// UI, the walk through the emulator's seed method.
		{route: "GET sites/{site}/customviews", path: "sites/{site}/customviews?filter=viewId:eq:{view}&sort=name:asc", want: 200,
			seed: func(t *testing.T, emu *emulator.Server, v vars) {
				id, err := emu.SeedCustomView(t.Context(), emulator.CustomViewSeed{ViewID: v["view"], Owner: "admin", Name: "West", Shared: true,
					Filters: map[string]string{"Region": "West"}})
				if err != nil {
					t.Fatal(err)
				}
				v["cv"] = id
			}},
		{route: "GET sites/{site}/customviews/{id}", path: "sites/{site}/customviews/{cv}", want: 200},
		{route: "PUT sites/{site}/customviews/{id}", path: "sites/{site}/customviews/{cv}", body: `<tsRequest><customView name="West 2"><owner id="{alice}"/></customView></tsRequest>`, want: 200},
		{route: "GET sites/{site}/customviews/{id}/image", path: "sites/{site}/customviews/{cv}/image", want: 200},
		{route: "GET sites/{site}/customviews/{id}/pdf", path: "sites/{site}/customviews/{cv}/pdf?type=A4", want: 200},
		{route: "GET sites/{site}/customviews/{id}/data", path: "sites/{site}/customviews/{cv}/data", want: 200},
		{route: "GET sites/{site}/customviews/{id}/content", path: "sites/{site}/customviews/{cv}/content", want: 200},
		{route: "POST sites/{site}/customviews", path: "sites/{site}/customviews", file: "tableau_customview East.json customviews/East.json",
			body: `<tsRequest><customView name="East" shared="false"><workbook id="{wb}"/><owner id="{me}"/></customView></tsRequest>`, want: 201,
			keep: func(r *tsc.TSResponse, v vars) { v["cv2"] = r.CustomView.ID }},
		{route: "DELETE sites/{site}/customviews/{id}", path: "sites/{site}/customviews/{cv2}", want: 204},
		// Delete View (issue 16 part 8) last of the views' steps: it removes
		// the view the alerts and custom views above use.
		{route: "DELETE sites/{site}/views/{id}", path: "sites/{site}/views/{view}", want: 204},
		// Issue 16, webhooks. The destination is a loopback port nobody
		// listens on (discard, 9), the same in both runs: Test answers
		// 400 naming the unreachable destination, and the deliveries of
		// the events the walk causes fail in the background.
		{route: "POST sites/{site}/webhooks", path: "sites/{site}/webhooks", body: `<tsRequest><webhook name="New workbooks" event="WorkbookCreated"><webhook-source><webhook-source-event-workbook-created/></webhook-source><webhook-destination><webhook-destination-http method="POST" url="http://127.0.0.1:9/hook"/></webhook-destination></webhook></tsRequest>`, want: 201,
			keep: func(r *tsc.TSResponse, v vars) { v["hook"] = r.Webhook.ID }},
		{route: "GET sites/{site}/webhooks", path: "sites/{site}/webhooks", want: 200},
		{route: "GET sites/{site}/webhooks/{id}", path: "sites/{site}/webhooks/{hook}", want: 200},
		{route: "PUT sites/{site}/webhooks/{id}", path: "sites/{site}/webhooks/{hook}", body: `<tsRequest><webhook name="Renamed" isEnabled="false" statusChangeReason="paused"><webhook-source><webhook-source-event-datasource-updated/></webhook-source></webhook></tsRequest>`, want: 200},
		{route: "GET sites/{site}/webhooks/{id}/test", path: "sites/{site}/webhooks/{hook}/test", want: 400},
		{route: "DELETE sites/{site}/webhooks/{id}", path: "sites/{site}/webhooks/{hook}", want: 204},
		// Virtual connections (issue 16 item 5): published from their JSON
		// document into the project, unlocked for their permissions.
		{route: "PUT sites/{site}/projects/{id}", path: "sites/{site}/projects/{project}", body: `<tsRequest><project contentPermissions="ManagedByOwner"/></tsRequest>`, want: 200},
		{route: "POST sites/{site}/virtualConnections", path: "sites/{site}/virtualConnections?overwrite=false&publishAsDraft=false",
			body: `<tsRequest><virtualConnection name="Warehouse"><project id="{project}"/><owner id="{me}"/><content>{"connections":[{"dbClass":"postgres","server":"db.example.com","port":5432,"username":"pg","database":"sales"}]}</content></virtualConnection></tsRequest>`, want: 201,
			keep: func(r *tsc.TSResponse, v vars) { v["vconn"] = r.VirtualConnection.ID }},
		{route: "POST sites/{site}/virtualConnections", path: "sites/{site}/virtualConnections?overwrite=true",
			body: `<tsRequest><virtualConnection name="Warehouse"><project id="{project}"/><owner id="{me}"/><content>{"connections":[{"dbClass":"postgres","server":"db2.example.com","port":5433}]}</content></virtualConnection></tsRequest>`, want: 200},
		{route: "POST sites/{site}/virtualConnections", path: "sites/{site}/virtualConnections",
			body: `<tsRequest><virtualConnection name="Bad"><project id="{project}"/><owner id="{me}"/><content>[not json</content></virtualConnection></tsRequest>`, want: 400},
		{route: "GET sites/{site}/virtualConnections", path: "sites/{site}/virtualConnections?filter=name:eq:Warehouse", want: 200},
		{route: "GET sites/{site}/virtualConnections/{id}", path: "sites/{site}/virtualConnections/{vconn}", want: 200},
		{route: "PUT sites/{site}/virtualConnections/{id}", path: "sites/{site}/virtualConnections/{vconn}", body: `<tsRequest><virtualConnection name="Warehouse 2" isCertified="true" certificationNote="Checked"/></tsRequest>`, want: 200},
		{route: "GET sites/{site}/virtualConnections/{id}/connections", path: "sites/{site}/virtualConnections/{vconn}/connections", want: 200,
			keep: func(r *tsc.TSResponse, v vars) {
				v["vcconn"] = r.VirtualConnectionConnections.Connections[0].ConnectionID
			}},
		{route: "PUT sites/{site}/virtualConnections/{id}/connections/{conn}/modify", path: "sites/{site}/virtualConnections/{vconn}/connections/{vcconn}/modify",
			body: `<tsRequest><connection serverAddress="db3.example.com" serverPort="6543" userName="svc" password="pw"/></tsRequest>`, want: 200},
		{route: "GET sites/{site}/virtualConnections/{id}/revisions", path: "sites/{site}/virtualConnections/{vconn}/revisions", want: 200},
		{route: "GET sites/{site}/virtualConnections/{id}/revisions/{rev}", path: "sites/{site}/virtualConnections/{vconn}/revisions/1", want: 200},
		{route: "GET sites/{site}/virtualConnections/{id}/revisions/{rev}", path: "sites/{site}/virtualConnections/{vconn}/revisions/2", want: 400},
		{route: "PUT sites/{site}/virtualConnections/{id}/tags", path: "sites/{site}/virtualConnections/{vconn}/tags", body: `<tsRequest><tags><tag label="a"/><tag label="b"/></tags></tsRequest>`, want: 200},
		{route: "DELETE sites/{site}/virtualConnections/{id}/tags/{tag}", path: "sites/{site}/virtualConnections/{vconn}/tags/a", want: 204},
		{route: "PUT sites/{site}/virtualConnections/{id}/permissions", path: "sites/{site}/virtualConnections/{vconn}/permissions", body: `<tsRequest><permissions><granteeCapabilities><group id="{group}"/><capabilities><capability name="Read" mode="Allow"/><capability name="Connect" mode="Deny"/></capabilities></granteeCapabilities></permissions></tsRequest>`, want: 200},
		{route: "GET sites/{site}/virtualConnections/{id}/permissions", path: "sites/{site}/virtualConnections/{vconn}/permissions", want: 200},
		{route: "DELETE sites/{site}/virtualConnections/{id}/permissions/{grantees}/{grantee}/{cap}/{mode}", path: "sites/{site}/virtualConnections/{vconn}/permissions/groups/{group}/Connect/Deny", want: 204},
		{route: "DELETE sites/{site}/virtualConnections/{id}", path: "sites/{site}/virtualConnections/{vconn}", want: 204},
		// Issue 16, group sets (the group is still there).
		{route: "POST sites/{site}/groupsets", path: "sites/{site}/groupsets", body: `<tsRequest><groupSet name="Set"/></tsRequest>`, want: 201,
			keep: func(r *tsc.TSResponse, v vars) { v["groupset"] = r.GroupSet.ID }},
		{route: "PUT sites/{site}/groupsets/{id}/groups/{group}", path: "sites/{site}/groupsets/{groupset}/groups/{group}", want: 201},
		{route: "GET sites/{site}/groupsets", path: "sites/{site}/groupsets", want: 200},
		{route: "GET sites/{site}/groupsets/{id}", path: "sites/{site}/groupsets/{groupset}", want: 200},
		{route: "PUT sites/{site}/groupsets/{id}", path: "sites/{site}/groupsets/{groupset}", body: `<tsRequest><groupSet name="Set 2"/></tsRequest>`, want: 200},
		{route: "DELETE sites/{site}/groupsets/{id}/groups/{group}", path: "sites/{site}/groupsets/{groupset}/groups/{group}", want: 204},
		{route: "DELETE sites/{site}/groupsets/{id}", path: "sites/{site}/groupsets/{groupset}", want: 204},
		// Issue 16, bulk users (multipart: the CSV file and a request_payload).
		{route: "POST sites/{site}/users/import", path: "sites/{site}/users/import", file: "tableau_user_import import.csv users/import.csv",
			body: `<tsRequest><user name="walk1" authSetting="SAML"/></tsRequest>`, want: 202},
		{route: "POST sites/{site}/users/delete", path: "sites/{site}/users/delete", file: "tableau_user_delete delete.csv users/delete.csv",
			body: `<tsRequest/>`, want: 204},

		// Ending the tasks and schedules.
		{route: "DELETE sites/{site}/tasks/extractRefreshes/{id}", path: "sites/{site}/tasks/extractRefreshes/{task}", want: 204},
		{route: "DELETE schedules/{id}", path: "schedules/{sched}", want: 204},
		{route: "DELETE schedules/{id}", path: "schedules/{subsched}", want: 204},

		// Deleting, switching site, signing out.
		{route: "DELETE sites/{site}/workbooks/{id}", path: "sites/{site}/workbooks/{wb}", want: 204},
		{route: "DELETE sites/{site}/datasources/{id}", path: "sites/{site}/datasources/{ds}", want: 204},
		{route: "DELETE sites/{site}/flows/{id}", path: "sites/{site}/flows/{flow}", want: 204},
		{route: "DELETE schedules/{id}", path: "schedules/{flowsched}", want: 204},
		{route: "DELETE sites/{site}/groups/{id}", path: "sites/{site}/groups/{group}", want: 204},
		{route: "DELETE sites/{site}/users/{id}", path: "sites/{site}/users/{alice}", want: 204},
		{route: "DELETE sites/{site}/projects/{id}", path: "sites/{site}/projects/{project}", want: 204},
		{route: "POST auth/switchSite", path: "auth/switchSite", body: `<tsRequest><site contentUrl="second"/></tsRequest>`, want: 200,
			keep: func(r *tsc.TSResponse, v vars) { v["token"] = r.Credentials.Token.Reveal() }},
		{route: "PUT sites/{key}", path: "sites/{site2}", body: `<tsRequest><site name="Second 2" contentUrl="second" state="Suspended" revisionLimit="13" timeZone="America/Los_Angeles"/></tsRequest>`, want: 200},
		{route: "DELETE sites/{key}", path: "sites/{site2}", want: 204},
		{route: "POST auth/signin", path: "auth/signin", body: `<tsRequest><credentials name="admin" password="adminpw"><site contentUrl=""/></credentials></tsRequest>`, want: 200,
			keep: func(r *tsc.TSResponse, v vars) { v["token"] = r.Credentials.Token.Reveal() }},
		{route: "POST auth/signout", path: "auth/signout", want: 204},
	}
}

// answer is one step's answer, as the run saw it.
type answer struct {
	status      int
	contentType string
	body        []byte
	resp        *tsc.TSResponse // decoded, for answers with a body of the model
}

// lockedRand is a deterministic source of uuid's randomness, safe for the
// emulator's goroutines.
type lockedRand struct {
	mu sync.Mutex
	r  *rand.Rand
}

func (l *lockedRand) Read(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.Read(p)
}

// run plays the scenario against a fresh emulator, in XML or in JSON, and
// returns each step's answer.
func run(t *testing.T, steps []step, asJSON bool) []answer {
	t.Helper()
	uuid.SetRand(&lockedRand{r: rand.New(rand.NewSource(13))})
	t.Cleanup(func() { uuid.SetRand(nil) })
	start := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	emu, err := emulator.New(emulator.Config{Now: func() time.Time { return start },
		ContentConfig: emulator.ContentConfig{JobDuration: time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	if err := emu.Bootstrap(t.Context(), emulator.Admin{Name: "admin", Password: "adminpw"}); err != nil {
		t.Fatal(err)
	}
	v := vars{}
	out := make([]answer, len(steps))
	for i, st := range steps {
		method, pattern, _ := strings.Cut(st.route, " ")
		if asJSON && st.body != "" && st.file == "" && !st.multipart && !st.unread {
			malformed(t, emu, st, v)
		}
		if st.seed != nil {
			st.seed(t, emu, v)
		}
		before := emu.Handled(method, pattern)
		a := send(t, emu, st, v, asJSON)
		if a.status != st.want {
			t.Fatalf("step %d (%s %s, JSON %v): status %d, want %d: %s", i, method, st.path, asJSON, a.status, st.want, a.body)
		}
		if emu.Handled(method, pattern) != before+1 {
			t.Fatalf("step %d (%s %s) did not reach the route %s", i, method, st.path, st.route)
		}
		if asJSON && method == http.MethodGet {
			again(t, emu, st, v, a)
		}
		if st.keep != nil {
			st.keep(a.resp, v)
		}
		out[i] = a
	}
	return out
}

// malformed sends the step's request with a broken JSON body: the answer
// must be Tableau's 400000, in JSON, saying where the body broke.
func malformed(t *testing.T, h http.Handler, st step, v vars) {
	t.Helper()
	bad := st
	bad.body = "{\"tsRequest\":\n  {\"name\": [1, 2,}"
	a := send(t, h, bad, v, false, withRawBody, withAccept("application/json"))
	if a.status != http.StatusBadRequest || a.resp == nil || a.resp.Error == nil || a.resp.Error.Code != "400000" ||
		!strings.Contains(a.resp.Error.Detail, "line 2, column 18") || a.contentType != "application/json;charset=utf-8" {
		t.Errorf("%s with a malformed JSON body: %d %s %s", st.route, a.status, a.contentType, a.body)
	}
}

// again repeats a GET as clients write it otherwise: with a trailing slash
// and with the Accept header axios sends; the answer must not change.
func again(t *testing.T, h http.Handler, st step, v vars, first answer) {
	t.Helper()
	slash := st
	p, q, _ := strings.Cut(st.path, "?")
	slash.path = p + "/"
	if q != "" {
		slash.path += "?" + q
	}
	a := send(t, h, slash, v, true, withAccept("application/json, text/plain, */*"))
	if a.status != first.status || a.contentType != first.contentType || !bytes.Equal(a.body, first.body) {
		t.Errorf("%s with a trailing slash and axios's Accept: %d %s, want %d %s", st.route, a.status, a.contentType, first.status, first.contentType)
	}
}

// option changes a request before send sends it.
type option func(*http.Request)

func withAccept(accept string) option {
	return func(r *http.Request) { r.Header.Set("Accept", accept) }
}

// withRawBody sends the body as it is, declared JSON.
func withRawBody(r *http.Request) { r.Header.Set("Content-Type", "application/json") }

// send makes one step's request, in process (a fixed Host, so that URLs
// in answers are the same in both runs), and reads its answer.
func send(t *testing.T, h http.Handler, st step, v vars, asJSON bool, opts ...option) answer {
	t.Helper()
	fill := func(s string) string {
		for k, val := range v {
			s = strings.ReplaceAll(s, "{"+k+"}", val)
		}
		return s
	}
	body := fill(st.body)
	if asJSON && body != "" {
		body = toJSON(t, body)
	}
	var rd io.Reader
	ct := ""
	switch {
	case st.file != "" || st.multipart:
		ct, rd = multipartBody(t, body, st.file, asJSON)
	case body != "":
		rd, ct = strings.NewReader(body), "application/xml"
		if asJSON {
			ct = "application/json"
		}
	}
	req := httptest.NewRequest(methodOf(st.route), "http://emulator.test/api/3.29/"+fill(st.path), rd)
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if asJSON {
		req.Header.Set("Accept", "application/json")
	}
	if tok := v["token"]; tok != "" {
		req.Header.Set("X-Tableau-Auth", tok)
	}
	for _, o := range opts {
		o(req)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	a := answer{status: rec.Code, contentType: rec.Header().Get("Content-Type"), body: rec.Body.Bytes()}
	switch {
	case strings.HasPrefix(a.contentType, "application/json"):
		var r tsc.TSResponse
		if err := wirejson.Unmarshal(a.body, &r, wirejson.Limits{}); err != nil {
			t.Fatalf("%s %s: the JSON answer does not decode: %v\n%s", st.route, st.path, err, a.body)
		}
		var doc map[string]any
		if err := json.Unmarshal(a.body, &doc); err != nil {
			t.Fatalf("%s: not one JSON object: %v\n%s", st.route, err, a.body)
		}
		checkShape(t, st.route, "", doc)
		a.resp = &r
	case strings.HasPrefix(a.contentType, "application/xml"):
		r, err := tsc.DecodeResponse(a.body)
		if err != nil {
			t.Fatalf("%s %s: the XML answer does not decode: %v", st.route, st.path, err)
		}
		a.resp = r
	}
	return a
}

// checkShape checks a JSON answer against Tableau's shape, independently
// of wirejson: no envelope, values that are strings (numbers included) or
// booleans, never JSON numbers or null, and arrays of objects or strings.
func checkShape(t *testing.T, route, path string, v any) {
	t.Helper()
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if k == "tsResponse" || k == "tsRequest" {
				t.Errorf("%s: the answer has the XML envelope %q", route, k)
			}
			checkShape(t, route, path+"."+k, e)
		}
	case []any:
		if len(x) == 0 {
			t.Errorf("%s: %s is an empty array; Tableau leaves an empty list out of its container", route, path)
		}
		for _, e := range x {
			switch e.(type) {
			case map[string]any, string:
				checkShape(t, route, path+"[]", e)
			default:
				t.Errorf("%s: %s holds %T; arrays hold objects or strings", route, path, e)
			}
		}
	case string, bool:
	default:
		t.Errorf("%s: %s is %T (%v); attribute values are JSON strings or booleans", route, path, v, v)
	}
}

func methodOf(route string) string { m, _, _ := strings.Cut(route, " "); return m }

// toJSON is the JSON form of an XML request body.
func toJSON(t *testing.T, xmlBody string) string {
	t.Helper()
	req, err := tsc.DecodeRequest([]byte(xmlBody))
	if err != nil {
		t.Fatalf("fixture %s: %v", xmlBody, err)
	}
	b, err := wirejson.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// multipartBody is a multipart/mixed body with the payload (XML or JSON,
// with the part's Content-Type to match) and the file named by file.
func multipartBody(t *testing.T, payload, file string, asJSON bool) (string, io.Reader) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `name="request_payload"`)
	h.Set("Content-Type", "text/xml")
	if asJSON {
		h.Set("Content-Type", "application/json")
	}
	w, _ := mw.CreatePart(h)
	io.WriteString(w, payload)
	if file != "" {
		// The testdata path is the rest of the line: it may hold spaces.
		f := strings.SplitN(file, " ", 3)
		b, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", f[2]))
		if err != nil {
			t.Fatal(err)
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="`+f[0]+`"; filename="`+f[1]+`"`)
		h.Set("Content-Type", "application/octet-stream")
		w, _ := mw.CreatePart(h)
		w.Write(b)
	}
	mw.Close()
	return "multipart/mixed; boundary=" + mw.Boundary(), &buf
}

// TestEveryRouteSpeaksJSON plays a request for every route of the routing
// table twice, on two emulators with the same ids and clock: once in XML
// and once as a JSON-only client (JSON bodies and request_payload parts,
// Accept: application/json). Every JSON answer must be JSON, decode to the
// wire model, and hold exactly what the XML answer holds; file answers
// must be the same files. A route of the table with no step fails.
func TestEveryRouteSpeaksJSON(t *testing.T) {
	steps := scenario()
	covered := map[string]bool{}
	for _, st := range steps {
		covered[st.route] = true
	}
	table := map[string]bool{}
	for _, rt := range emulator.Routes() {
		key := rt.Method + " " + rt.Pattern
		table[key] = true
		if !covered[key] {
			t.Errorf("no step of scenario() calls %s: add a line for it", key)
		}
	}
	for key := range covered {
		if !table[key] {
			t.Errorf("scenario() names %s, which is not in the routing table", key)
		}
	}
	if t.Failed() {
		return
	}
	xmlRun := run(t, steps, false)
	jsonRun := run(t, steps, true)
	// Tokens and upload session ids are drawn afresh from crypto/rand; the
	// envelope's name is XML's own.
	ignoreToken := cmpopts.IgnoreFields(tsc.SignInReply{}, "Token")
	ignoreUpload := cmpopts.IgnoreFields(tsc.FileUpload{}, "UploadSessionID")
	ignoreEnvelope := cmpopts.IgnoreFields(tsc.TSResponse{}, "XMLName")
	for i, st := range steps {
		x, j := xmlRun[i], jsonRun[i]
		if x.status != j.status {
			t.Errorf("%s %s: XML %d, JSON %d", st.route, st.path, x.status, j.status)
			continue
		}
		switch {
		case x.resp == nil && len(x.body) == 0:
			if len(j.body) != 0 {
				t.Errorf("%s: XML answered no body, JSON %q", st.route, j.body)
			}
		case x.resp == nil:
			// A file: the same file, with the same type.
			if x.contentType != j.contentType || !bytes.Equal(x.body, j.body) {
				t.Errorf("%s: the file answers differ (%s, %d bytes; %s, %d bytes)", st.route, x.contentType, len(x.body), j.contentType, len(j.body))
			}
		default:
			if j.contentType != "application/json;charset=utf-8" {
				t.Errorf("%s: JSON answer has Content-Type %q", st.route, j.contentType)
			}
			if d := cmp.Diff(x.resp, j.resp, ignoreToken, ignoreUpload, ignoreEnvelope, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("%s %s: the JSON answer differs from the XML one (-xml +json):\n%s", st.route, st.path, d)
			}
		}
	}
}

// TestEveryRouteRefusesInJSON asks every route that needs a session
// without one: the refusal is Tableau's 401000 in JSON when Accept asks
// for JSON, in XML when it asks for anything (*/*) or nothing.
func TestEveryRouteRefusesInJSON(t *testing.T) {
	emu, err := emulator.New(emulator.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	for _, rt := range emulator.Routes() {
		if rt.Public {
			continue
		}
		segs := strings.Split(rt.Pattern, "/")
		for i, s := range segs {
			if strings.HasPrefix(s, "{") {
				segs[i] = "x"
			}
		}
		for _, accept := range []string{"application/json", "application/json, text/plain, */*", "*/*", ""} {
			req := httptest.NewRequest(rt.Method, "http://emulator.test/api/3.29/"+strings.Join(segs, "/"), nil)
			if accept != "" {
				req.Header.Set("Accept", accept)
			}
			rec := httptest.NewRecorder()
			emu.ServeHTTP(rec, req)
			ct := rec.Header().Get("Content-Type")
			if rec.Code != http.StatusUnauthorized {
				t.Errorf("%s %s (Accept %q): status %d, want 401", rt.Method, rt.Pattern, accept, rec.Code)
				continue
			}
			if strings.HasPrefix(accept, "application/json") {
				var doc struct {
					Error struct{ Code, Summary, Detail string } `json:"error"`
				}
				if ct != "application/json;charset=utf-8" || json.Unmarshal(rec.Body.Bytes(), &doc) != nil || doc.Error.Code != "401000" || doc.Error.Summary == "" {
					t.Errorf("%s %s (Accept %q): %s %s", rt.Method, rt.Pattern, accept, ct, rec.Body)
				}
				continue
			}
			got, err := tsc.DecodeResponse(rec.Body.Bytes())
			if ct != "application/xml;charset=utf-8" || err != nil || got.Error == nil || got.Error.Code != "401000" {
				t.Errorf("%s %s (Accept %q): %s %s", rt.Method, rt.Pattern, accept, ct, rec.Body)
			}
		}
	}
}
