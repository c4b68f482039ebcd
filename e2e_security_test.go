package tsc_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/emulator"
	"github.com/tsc-go/tsc/tsctest"
)

// A hostile client against the emulator: tokens of one site walking every
// route with another site's ids, users below the needed site role on every
// write route, and unsafe files published. Every route of the routing table
// (emulator.Routes) is walked, so a route added later is covered, or the
// walk fails until it is taught the route's parameters.

// contentIDs are the ids of a site's content that fill a route's
// parameters, and the names that must never show in another site's answers.
type contentIDs struct {
	site, siteURL                             string
	project, user, group, workbook, wbConn    string
	view, datasource, dsConn, job, upload     string
	subscription, alert                       string
	customView, customViewName                string
	webhook                                   string
	tag                                       string
	schedule, task, linked                    string
	flow, flowConn, flowRun                   string // issue 16: flows
	vconn, vcConn, vconnName                  string
	groupSet                                  string // issue 16
	secretNames                               []string
	workbookName, datasourceName, projectName string
}

// seedContent creates one of everything a route can name on a site, as a
// server administrator, with names starting with prefix.
func seedContent(t *testing.T, srv *tsctest.Server, siteURL, prefix string) contentIDs {
	t.Helper()
	c := e2eMust(srv.NewClient())(t)
	e2eNoErr(t, c.SignIn(e2eCtx, tsc.Password(srv.AdminUsername, srv.AdminPassword, siteURL)))
	f := contentIDs{site: c.Session().SiteID, siteURL: siteURL, tag: strings.ToLower(prefix) + "secrettag",
		workbookName: prefix + "SecretWorkbook", datasourceName: prefix + "SecretDatasource", projectName: prefix + "SecretProject"}
	p := e2eMust(c.Projects.Create(e2eCtx, tsc.Project{Name: f.projectName}))(t)
	u := e2eMust(srv.SeedUser(siteURL, prefix+"SecretUser", tsc.SiteRoleCreator))(t)
	g := e2eMust(srv.SeedGroup(siteURL, prefix+"SecretGroup", u.ID))(t)
	wb := e2eMust(c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: f.workbookName}, filepath.Join("testdata", "workbooks", "Sales.twbx"), tsc.PublishOptions{}))(t)
	ds := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{Name: f.datasourceName}, filepath.Join("testdata", "datasources", "Orders.tdsx"), tsc.PublishOptions{}))(t)
	e2eMust(c.Workbooks.AddTags(e2eCtx, wb.ID, f.tag))(t)
	e2eMust(c.Datasources.AddTags(e2eCtx, ds.ID, f.tag))(t)
	views := e2eMust(c.Workbooks.Views(e2eCtx, wb.ID, false))(t)
	e2eMust(c.Views.AddTags(e2eCtx, views[0].ID, f.tag))(t)
	wbConns := e2eMust(c.Workbooks.Connections(e2eCtx, wb.ID))(t)
	dsConns := e2eMust(c.Datasources.Connections(e2eCtx, ds.ID))(t)
	job := e2eMust(c.Datasources.Refresh(e2eCtx, ds.ID))(t)
	up := e2eMust(c.Do(e2eCtx, "POST", "sites/{site-id}/fileUploads", nil, nil))(t)
	// Schedules are server-wide: one per seeded site, named without the
	// secret prefix, with the site's data source on it.
	sched := e2eMust(c.Schedules.Create(e2eCtx, tsc.Schedule{Name: "Nightly " + strings.ToLower(prefix), Type: tsc.ScheduleExtract,
		Frequency: tsc.FrequencyDaily, FrequencyDetails: &tsc.FrequencyDetails{Start: "02:00:00"}}))(t)
	task := e2eMust(c.Schedules.AddDatasource(e2eCtx, sched.ID, ds.ID))(t)
	f.schedule, f.task = sched.ID, task.ExtractRefresh.ID
	f.linked = e2eMust(srv.SeedLinkedTask(siteURL, true, f.task))(t)
	f.project, f.user, f.group, f.workbook, f.view, f.datasource = p.ID, u.ID, g.ID, wb.ID, views[0].ID, ds.ID
	f.wbConn, f.dsConn, f.job, f.upload = wbConns[0].ID, dsConns[0].ID, job.ID, up.FileUpload.UploadSessionID
	sch := e2eMust(c.Schedules.Create(e2eCtx, tsc.Schedule{Name: prefix + "Mornings", Type: tsc.ScheduleSubscription, Frequency: "Daily",
		FrequencyDetails: &tsc.FrequencyDetails{Start: "08:00:00", Intervals: &tsc.IntervalList{Intervals: []tsc.Interval{{Hours: "24"}}}}}))(t)
	sub := e2eMust(c.Subscriptions.Create(e2eCtx, tsc.Subscription{Subject: prefix + "SecretSubscription",
		Content: &tsc.SubscriptionContent{ID: wb.ID, Type: tsc.SubscriptionWorkbook}, Schedule: &tsc.Schedule{ID: sch.ID}, User: &tsc.User{ID: u.ID}}))(t)
	f.subscription = sub.ID
	f.alert = e2eMust(srv.CreateDataAlert(tsctest.DataAlertSeed{Site: siteURL, ViewID: views[0].ID, Owner: srv.AdminUsername,
		Subject: prefix + "SecretAlert", Condition: "above", Threshold: 1}))(t)
	// A shared custom view: a Viewer sees it, so that a refused change is a
	// 403 about the role, not a 404 about visibility.
	f.customViewName = prefix + "SecretCustomView"
	f.customView = e2eMust(srv.SeedCustomView(tsctest.CustomViewSeed{Site: siteURL, ViewID: views[0].ID, Owner: srv.AdminUsername,
		Name: f.customViewName, Shared: true}))(t)
	// A webhook (issue 16) to a loopback port nobody listens on.
	f.webhook = e2eMust(c.Webhooks.Create(e2eCtx, tsc.NewWebhook(prefix+"SecretWebhook", "WorkbookUpdated", "http://127.0.0.1:9/"+prefix)))(t).ID
	// A flow, its connection and a run of it (issue 16).
	fl := e2eMust(c.Flows.PublishFile(e2eCtx, tsc.Flow{Name: prefix + "SecretFlow"}, filepath.Join("testdata", "flows", "Sales Prep.tfl"), tsc.PublishOptions{}))(t)
	f.flow = fl.ID
	f.flowConn = e2eMust(c.Flows.Connections(e2eCtx, fl.ID))(t)[0].ID
	f.flowRun = e2eMust(c.Flows.Run(e2eCtx, fl.ID))(t).RunFlowJob.FlowRunID
	// A virtual connection with one database connection (issue 16 item 5).
	f.vconnName = prefix + "SecretVirtualConnection"
	vc := e2eMust(c.VirtualConnections.Publish(e2eCtx, tsc.VirtualConnection{Name: f.vconnName, Project: &tsc.Project{ID: p.ID},
		Owner: &tsc.User{ID: c.Session().UserID}}, `{"connections":[{"dbClass":"postgres","server":"`+strings.ToLower(prefix)+`-vc.example.com","port":5432}]}`,
		tsc.PublishCreateNew))(t)
	e2eMust(c.VirtualConnections.AddTags(e2eCtx, vc.ID, f.tag))(t)
	f.vconn = vc.ID
	f.vcConn = e2eMust2(c.VirtualConnections.Connections(e2eCtx, vc.ID, tsc.ListOptions{}))(t)[0].ConnectionID
	f.groupSet = e2eMust(c.GroupSets.Create(e2eCtx, prefix+"SecretGroupSet"))(t).ID
	e2eNoErr(t, c.GroupSets.AddGroup(e2eCtx, f.groupSet, g.ID))
	f.secretNames = []string{f.customViewName, prefix + "SecretGroupSet", f.vconnName, strings.ToLower(prefix) + "-vc.example.com", prefix + "SecretFlow", prefix + "SecretWebhook", prefix + "SecretSubscription", prefix + "SecretAlert", f.projectName, prefix + "SecretUser", prefix + "SecretGroup", f.workbookName, f.datasourceName, f.tag, views[0].Name + "\"", wbConns[0].ServerAddress}
	return f
}

// fill writes a route's path with the ids of f: each {param} takes the id
// of the collection named before it.
func (f contentIDs) fill(t *testing.T, rt emulator.Route) string {
	t.Helper()
	segs := strings.Split(rt.Pattern, "/")
	parent := ""
	for i, s := range segs {
		if !strings.HasPrefix(s, "{") {
			continue
		}
		prev := segs[i-1]
		var v string
		// Permission paths name a kind, a grantee type, a capability and
		// a mode: .../default-permissions/{kind}, .../permissions/{grantees}/{grantee}/{cap}/{mode}.
		switch s {
		case "{kind}":
			v = "workbooks"
		case "{grantees}":
			v = "groups"
		case "{cap}":
			v = "Read"
		case "{mode}":
			v = "Allow"
		}
		if v == "" {
			switch prev {
			case "sites":
				v = f.site
			case "projects":
				v = f.project
			case "users":
				v = f.user
			case "groups":
				v = f.group
			case "workbooks":
				v = f.workbook
			case "views":
				v = f.view
			case "datasources":
				v = f.datasource
			case "jobs":
				v = f.job
			case "fileUploads":
				v = f.upload
			case "revisions":
				v = "1"
			case "tags":
				v = f.tag
			case "schedules":
				v = f.schedule
			case "extractRefreshes", "runFlow":
				v = f.task
			case "linked":
				v = f.linked
			case "subscriptions":
				v = f.subscription
			case "dataAlerts":
				v = f.alert
			case "favorites", "orderFavorites": // issue 16 part 3: whose favorites
				v = f.user
			case "customviews":
				v = f.customView
			case "webhooks":
				v = f.webhook
			case "groupsets":
				v = f.groupSet
			case "connections":
				v = map[string]string{"workbooks": f.wbConn, "datasources": f.dsConn, "flows": f.flowConn, "virtualConnections": f.vcConn}[parent]
			case "flows":
				v = f.flow
			case "runs":
				v = f.flowRun
			case "virtualConnections":
				v = f.vconn
			}
		}
		if v == "" {
			t.Fatalf("route %s %s: the walk does not know what %s after %q names; teach contentIDs.fill", rt.Method, rt.Pattern, s, prev)
		}
		if prev == "workbooks" || prev == "datasources" || prev == "flows" || prev == "virtualConnections" {
			parent = prev
		}
		segs[i] = url.PathEscape(v)
	}
	return strings.Join(segs, "/")
}

// adminTokenRoutes revoke every server administrator's tokens: server-level
// (issue 16 part 8), which a server administrator may call from any site.
var adminTokenRoutes = []string{"DELETE auth/serverAdminAccessTokens", "POST auth/revokeAllServerAdminTokens"}

// ns wraps a request body.
func tsRequest(inner string) []byte {
	return []byte(`<tsRequest xmlns="http://tableau.com/api">` + inner + `</tsRequest>`)
}

// multipartBody builds a multipart/mixed body of named parts.
func multipartBody(t *testing.T, parts ...[3]string) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		cd := `form-data; name="` + p[0] + `"`
		ct := "text/xml"
		if p[1] != "" {
			cd += `; filename="` + p[1] + `"`
			ct = "application/octet-stream"
		}
		h.Set("Content-Disposition", cd)
		h.Set("Content-Type", ct)
		w, err := mw.CreatePart(h)
		e2eNoErr(t, err)
		w.Write([]byte(p[2]))
	}
	e2eNoErr(t, mw.Close())
	return "multipart/mixed; boundary=" + mw.Boundary(), b.Bytes()
}

// requestBody is a body each write route accepts from someone allowed to
// call it, so that a refusal is about who calls, not a malformed body.
func (f contentIDs) requestBody(t *testing.T, rt emulator.Route) (string, []byte) {
	t.Helper()
	file := func(p string) string { return string(e2eMust(os.ReadFile(filepath.Join("testdata", p)))(t)) }
	switch rt.Method + " " + rt.Pattern {
	case "POST auth/switchSite":
		return "", tsRequest(`<site contentUrl="` + f.siteURL + `"/>`)
	case "POST sites":
		return "", tsRequest(`<site name="Intruder" contentUrl="intruder"/>`)
	case "PUT sites/{key}":
		return "", tsRequest(`<site name="Renamed by an intruder"/>`)
	case "POST sites/{site}/projects", "PUT sites/{site}/projects/{id}":
		return "", tsRequest(`<project name="Intruder project"/>`)
	case "POST sites/{site}/users":
		return "", tsRequest(`<user name="intruder" siteRole="SiteAdministratorCreator"/>`)
	case "PUT sites/{site}/users/{id}":
		return "", tsRequest(`<user siteRole="SiteAdministratorCreator"/>`)
	case "POST sites/{site}/groups", "PUT sites/{site}/groups/{id}":
		return "", tsRequest(`<group name="Intruders"/>`)
	case "POST sites/{site}/groups/{id}/users":
		return "", tsRequest(`<user id="` + f.user + `"/>`)
	case "PUT sites/{site}/groups/{id}/users/remove":
		return "", tsRequest(`<users><user id="` + f.user + `"/></users>`)
	case "POST sites/{site}/workbooks":
		return multipartBody(t, [3]string{"request_payload", "", string(tsRequest(`<workbook name="Intruder workbook"/>`))},
			[3]string{"tableau_workbook", "i.twbx", file("workbooks/Sales.twbx")})
	case "POST sites/{site}/datasources":
		return multipartBody(t, [3]string{"request_payload", "", string(tsRequest(`<datasource name="Intruder source"/>`))},
			[3]string{"tableau_datasource", "i.tdsx", file("datasources/Orders.tdsx")})
	case "POST sites/{site}/flows":
		return multipartBody(t, [3]string{"request_payload", "", string(tsRequest(`<flow name="Intruder flow"/>`))},
			[3]string{"tableau_flow", "i.tfl", file("flows/Sales Prep.tfl")})
	case "PUT sites/{site}/flows/{id}":
		return "", tsRequest(`<flow name="Renamed by an intruder"><owner id="` + f.user + `"/></flow>`)
	case "PUT sites/{site}/flows/{id}/connections/{conn}":
		return "", tsRequest(`<connection serverAddress="intruder.example.com" userName="intruder" password="x" embedPassword="true"/>`)
	case "PUT sites/{site}/flows/{id}/tags":
		return "", tsRequest(`<tags><tag label="intruder"/></tags>`)
	case "PUT sites/{site}/flows/{id}/permissions":
		return "", tsRequest(`<permissions><granteeCapabilities><group id="` + f.group + `"/><capabilities>` +
			`<capability name="Execute" mode="Allow"/></capabilities></granteeCapabilities></permissions>`)
	case "POST sites/{site}/flows/{id}/run", "PUT sites/{site}/flows/runs/{id}":
		return "", tsRequest(``)
	case "POST sites/{site}/tasks/flows":
		return "", tsRequest(`<runFlow><flow id="` + f.flow + `"/></runFlow><schedule frequency="Daily"><frequencyDetails start="01:00:00"/></schedule>`)
	case "PUT sites/{site}/fileUploads/{id}":
		return multipartBody(t, [3]string{"request_payload", "", ""}, [3]string{"tableau_file", "file", "intruder bytes"})
	case "PUT sites/{site}/workbooks/{id}":
		return "", tsRequest(`<workbook name="Renamed by an intruder"/>`)
	case "PUT sites/{site}/datasources/{id}":
		return "", tsRequest(`<datasource name="Renamed by an intruder"/>`)
	case "PUT sites/{site}/workbooks/{id}/connections/{conn}", "PUT sites/{site}/datasources/{id}/connections/{conn}":
		return "", tsRequest(`<connection serverAddress="intruder.example.com" userName="intruder" password="x" embedPassword="true"/>`)
	case "PUT sites/{site}/workbooks/{id}/tags", "PUT sites/{site}/views/{id}/tags", "PUT sites/{site}/datasources/{id}/tags":
		return "", tsRequest(`<tags><tag label="intruder"/></tags>`)
	case "POST sites/{site}/workbooks/{id}/refresh", "POST sites/{site}/datasources/{id}/refresh":
		return "", tsRequest(``)
	case "PUT sites/{site}/projects/{id}/permissions", "PUT sites/{site}/workbooks/{id}/permissions", "PUT sites/{site}/views/{id}/permissions",
		"PUT sites/{site}/datasources/{id}/permissions", "PUT sites/{site}/projects/{id}/default-permissions/{kind}":
		return "", tsRequest(`<permissions><granteeCapabilities><group id="` + f.group + `"/><capabilities>` +
			`<capability name="Read" mode="Allow"/></capabilities></granteeCapabilities></permissions>`)
	case "PUT sites/{site}/jobs/{id}", "POST sites/{site}/fileUploads":
		return "", nil
	case "POST schedules":
		return "", tsRequest(`<schedule name="Intruder" type="Extract" frequency="Daily"><frequencyDetails start="01:00:00"/></schedule>`)
	case "PUT schedules/{id}":
		return "", tsRequest(`<schedule name="Renamed by an intruder" state="Suspended"/>`)
	case "PUT sites/{site}/schedules/{id}/workbooks":
		return "", tsRequest(`<task><extractRefresh><workbook id="` + f.workbook + `"/></extractRefresh></task>`)
	case "PUT sites/{site}/schedules/{id}/datasources":
		return "", tsRequest(`<task><extractRefresh><datasource id="` + f.datasource + `"/></extractRefresh></task>`)
	case "PUT sites/{site}/schedules/{id}/flows":
		return "", tsRequest(`<task><flowRun><flow id="` + f.datasource + `"/></flowRun></task>`)
	case "POST sites/{site}/tasks/extractRefreshes", "POST sites/{site}/tasks/extractRefreshes/{id}":
		return "", tsRequest(`<extractRefresh type="FullRefresh"><datasource id="` + f.datasource + `"/></extractRefresh><schedule frequency="Daily"><frequencyDetails start="01:00:00"/></schedule>`)
	case "POST sites/{site}/tasks/extractRefreshes/{id}/runNow", "POST sites/{site}/tasks/runFlow/{id}/runNow", "POST sites/{site}/tasks/linked/{id}/runNow":
		return "", tsRequest(``)
	case "POST sites/{site}/workbooks/{id}/createExtract", "POST sites/{site}/workbooks/{id}/deleteExtract":
		return "", tsRequest(`<datasources includeAll="true"/>`)
	case "POST sites/{site}/datasources/{id}/createExtract", "POST sites/{site}/datasources/{id}/deleteExtract",
		"POST sites/{site}/encrypt-extracts", "POST sites/{site}/decrypt-extracts", "POST sites/{site}/reencrypt-extracts":
		return "", tsRequest(``)
	case "POST sites/{site}/subscriptions":
		return "", tsRequest(`<subscription subject="Intruder"><content id="` + f.workbook + `" type="Workbook"/><schedule id="` +
			f.subscription + `"/><user id="` + f.user + `"/></subscription>`)
	case "PUT sites/{site}/subscriptions/{id}":
		return "", tsRequest(`<subscription subject="Intruder" suspended="true"/>`)
	case "PUT sites/{site}/dataAlerts/{id}":
		return "", tsRequest(`<dataAlert subject="Intruder" public="true"><owner id="` + f.user + `"/></dataAlert>`)
	case "POST sites/{site}/dataAlerts/{id}/users":
		return "", tsRequest(`<user id="` + f.user + `"/>`)
	// Issue 16 parts 3 and 8.
	case "PUT sites/{site}/favorites/{user}":
		return "", tsRequest(`<favorite label="Intruder"><workbook id="` + f.workbook + `"/></favorite>`)
	case "PUT sites/{site}/orderFavorites/{user}":
		return "", tsRequest(`<favoriteOrderings><favoriteOrdering favoriteId="` + f.workbook + `" favoriteType="workbook" favoriteIdMoveAfter="` +
			f.project + `" favoriteTypeMoveAfter="project"/></favoriteOrderings>`)
	case "PUT sites/{site}/tags:batchCreate", "PUT sites/{site}/tags:batchDelete", "PUT tags:batchCreate", "PUT tags:batchDelete":
		return "", tsRequest(`<tagBatch><tags><tag label="intruder"/></tags><contents><content id="` + f.workbook + `" contentType="workbook"/>` +
			`<content id="` + f.datasource + `" contentType="datasource"/></contents></tagBatch>`)
	case "PUT sites/{site}/workbooks/{id}/connections":
		return "", tsRequest(`<connectionLuids><connectionLuid>` + f.wbConn + `</connectionLuid></connectionLuids><connection authenticationType="Username Password" userName="intruder"/>`)
	case "PUT sites/{site}/datasources/{id}/connections":
		return "", tsRequest(`<connectionLuids><connectionLuid>` + f.dsConn + `</connectionLuid></connectionLuids><connection authenticationType="Username Password" userName="intruder"/>`)
	case "POST auth/revokeAllServerAdminTokens":
		return "", nil
	case "PUT sites/{site}/customviews/{id}":
		return "", tsRequest(`<customView name="Renamed by an intruder"><owner id="` + f.user + `"/></customView>`)
	case "POST sites/{site}/customviews":
		return multipartBody(t, [3]string{"request_payload", "", string(tsRequest(`<customView name="Intruder view" shared="true"><workbook id="` + f.workbook + `"/></customView>`))},
			[3]string{"tableau_customview", "i.json", file("customviews/East.json")})
	case "POST sites/{site}/webhooks":
		return "", tsRequest(`<webhook name="Intruder" event="WorkbookCreated"><webhook-destination><webhook-destination-http method="POST" url="http://127.0.0.1:9/intruder"/></webhook-destination></webhook>`)
	case "PUT sites/{site}/webhooks/{id}":
		return "", tsRequest(`<webhook name="Intruder" isEnabled="false"/>`)
	// Virtual connections (issue 16 item 5).
	case "POST sites/{site}/virtualConnections":
		return "", tsRequest(`<virtualConnection name="Intruder connection"><project id="` + f.project + `"/><owner id="` + f.user +
			`"/><content>{"connections":[]}</content></virtualConnection>`)
	case "PUT sites/{site}/virtualConnections/{id}":
		return "", tsRequest(`<virtualConnection name="Renamed by an intruder"/>`)
	case "PUT sites/{site}/virtualConnections/{id}/connections/{conn}/modify":
		return "", tsRequest(`<connection serverAddress="intruder.example.com" userName="intruder" password="x"/>`)
	case "PUT sites/{site}/virtualConnections/{id}/tags":
		return "", tsRequest(`<tags><tag label="intruder"/></tags>`)
	case "PUT sites/{site}/virtualConnections/{id}/permissions":
		return "", tsRequest(`<permissions><granteeCapabilities><group id="` + f.group + `"/><capabilities>` +
			`<capability name="Read" mode="Allow"/></capabilities></granteeCapabilities></permissions>`)
	// Issue 16: group sets and bulk users.
	case "POST sites/{site}/groupsets", "PUT sites/{site}/groupsets/{id}":
		return "", tsRequest(`<groupSet name="Intruders"/>`)
	case "PUT sites/{site}/groupsets/{id}/groups/{group}":
		return "", nil
	case "POST sites/{site}/users/import":
		return multipartBody(t, [3]string{"request_payload", "", string(tsRequest(``))},
			[3]string{"tableau_user_import", "u.csv", "intruder,,,Creator,Site,yes,"})
	case "POST sites/{site}/users/delete":
		return multipartBody(t, [3]string{"request_payload", "", string(tsRequest(``))},
			[3]string{"tableau_user_delete", "u.csv", f.user})
	}
	if rt.Method == http.MethodPost || rt.Method == http.MethodPut {
		t.Fatalf("route %s %s: the walk has no body for it; teach contentIDs.requestBody", rt.Method, rt.Pattern)
	}
	return "", nil
}

// rawCall sends one request with a token and returns the status and body.
func rawCall(t *testing.T, srv *tsctest.Server, token, method, path, contentType string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+"/api/"+srv.APIVersion()+"/"+path, bytes.NewReader(body))
	e2eNoErr(t, err)
	req.Header.Set("X-Tableau-Auth", token)
	if body != nil {
		if contentType == "" {
			contentType = "text/xml"
		}
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	e2eNoErr(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	e2eNoErr(t, err)
	return resp.StatusCode, b
}

var errorCodeRE = regexp.MustCompile(`<error code="(\d+)"`)

func errorCodeOf(b []byte) string {
	if m := errorCodeRE.FindSubmatch(b); m != nil {
		return string(m[1])
	}
	return ""
}

// checkIntact fails if anything of f changed: names, tags, membership.
func checkIntact(t *testing.T, srv *tsctest.Server, f contentIDs) {
	t.Helper()
	c := e2eMust(srv.NewClient())(t)
	e2eNoErr(t, c.SignIn(e2eCtx, tsc.Password(srv.AdminUsername, srv.AdminPassword, f.siteURL)))
	wb := e2eMust(c.Workbooks.Get(e2eCtx, f.workbook))(t)
	ds := e2eMust(c.Datasources.Get(e2eCtx, f.datasource))(t)
	if wb.Name != f.workbookName || ds.Name != f.datasourceName {
		t.Errorf("content renamed: %q, %q", wb.Name, ds.Name)
	}
	if fmt.Sprint(wb.Tags) == "" || !strings.Contains(fmt.Sprint(wb.Tags), f.tag) || strings.Contains(fmt.Sprint(wb.Tags, ds.Tags), "intruder") {
		t.Errorf("tags changed: %v, %v", wb.Tags, ds.Tags)
	}
	if cv := e2eMust(c.CustomViews.Get(e2eCtx, f.customView))(t); cv.Name != f.customViewName || cv.Owner.ID != c.Session().UserID {
		t.Errorf("custom view changed: %+v", cv)
	}
	if cvs := e2eMust2(c.CustomViews.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "Intruder view")}}))(t); len(cvs) != 0 {
		t.Errorf("a custom view was published: %+v", cvs)
	}
	members := e2eMust2(c.Groups.Users(e2eCtx, f.group, tsc.ListOptions{}))(t)
	if len(members) != 1 || members[0].ID != f.user {
		t.Errorf("group members changed: %+v", members)
	}
	u := e2eMust(c.Users.Get(e2eCtx, f.user))(t)
	if u.SiteRole != tsc.SiteRoleCreator {
		t.Errorf("user's role changed to %s", u.SiteRole)
	}
	ps := e2eMust2(c.Projects.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", f.projectName)}}))(t)
	if len(ps) != 1 {
		t.Errorf("project %q: %+v", f.projectName, ps)
	}
	if hooks := e2eMust(c.Webhooks.List(e2eCtx))(t); len(hooks) != 1 || hooks[0].ID != f.webhook || !*hooks[0].IsEnabled {
		t.Errorf("webhooks changed: %+v", hooks)
	}
	vc := e2eMust(c.VirtualConnections.Get(e2eCtx, f.vconn))(t)
	vcc := e2eMust2(c.VirtualConnections.Connections(e2eCtx, f.vconn, tsc.ListOptions{}))(t)
	if vc.Name != f.vconnName || strings.Contains(fmt.Sprint(vc.Tags), "intruder") || len(vcc) != 1 || vcc[0].Server == "intruder.example.com" {
		t.Errorf("virtual connection changed: %+v %+v", vc, vcc)
	}
	if n := len(e2eMust2(c.VirtualConnections.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "Intruder connection")}}))(t)); n != 0 {
		t.Errorf("an intruder's virtual connection was published")
	}
	for _, name := range []string{"Intruder workbook", "Intruder source"} {
		wbs := e2eMust2(c.Workbooks.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", name)}}))(t)
		dss := e2eMust2(c.Datasources.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", name)}}))(t)
		if len(wbs)+len(dss) != 0 {
			t.Errorf("%q was published", name)
		}
	}
}

// TestSiteIsolationEveryRoute walks every authenticated route of the
// routing table with a token of site A and the ids of site B's content:
// nothing answers 2xx, no answer holds a name of site B's content, no
// site-scoped request reaches its handler, and B's content is unchanged.
//
// Tokens: a site administrator of A, and a server administrator signed in
// to A. Exceptions, by design and as on Tableau Server: sign-out ends the
// caller's own session (not walked, it would end the token); a server
// administrator reads and lists every site (GET sites, GET sites/{key}),
// creates sites (POST sites) and may switch to any site (auth/switchSite),
// so those are not walked with that token. switchSite by a user who is not
// a member of B answers 401 with 401003, Tableau's "Switch Site Error";
// GET sites answers the caller's own sites, without B.
func TestSiteIsolationEveryRoute(t *testing.T) {
	srv := tsctest.NewServer(t)
	e2eMust(srv.SeedSite("Alpha", "alpha"))(t)
	e2eMust(srv.SeedSite("Beta", "beta"))(t)
	seedContent(t, srv, "alpha", "Alpha")
	b := seedContent(t, srv, "beta", "Beta")

	e2eMust(srv.SeedUser("alpha", "alpha-admin", tsc.SiteRoleSiteAdministratorCreator))(t)
	siteAdmin := e2eMust(srv.ClientAs(e2eCtx, "alpha", "alpha-admin"))(t)
	serverAdmin := e2eMust(srv.NewClient())(t)
	e2eNoErr(t, serverAdmin.SignIn(e2eCtx, tsc.Password(srv.AdminUsername, srv.AdminPassword, "alpha")))

	routes := emulator.Routes()
	walked := 0
	// walkedBy counts, for each token, the routes it was sent to.
	walkedBy := map[string]map[string]bool{}
	for _, who := range []struct {
		name   string
		token  string
		exempt []string
	}{
		{"site administrator of A", siteAdmin.Session().Token.Reveal(), nil},
		{"server administrator signed in to A", serverAdmin.Session().Token.Reveal(),
			append([]string{"GET sites", "GET sites/{key}", "POST sites", "POST auth/switchSite"}, append(serverSchedules, adminTokenRoutes...)...)},
	} {
		for _, rt := range routes {
			key := rt.Method + " " + rt.Pattern
			if rt.Public || key == "POST auth/signout" || slices.Contains(who.exempt, key) {
				continue
			}
			// Issue 16: TSC's site-less tag batches act on the session's
			// site (site B's items in the body are 404s); revoking
			// administrators' tokens is server-level, refused to a site
			// administrator and exempt for the server administrator.
			siteless := []string{"PUT tags:batchCreate", "PUT tags:batchDelete", "DELETE auth/serverAdminAccessTokens", "POST auth/revokeAllServerAdminTokens"}
			if !strings.Contains(rt.Pattern, "{") && key != "GET sites" && key != "POST sites" && key != "POST auth/switchSite" && !slices.Contains(serverSchedules, key) && !slices.Contains(siteless, key) {
				t.Fatalf("route %s names no site: decide whether it crosses sites and add it to this test", key)
			}
			walked++
			if walkedBy[who.name] == nil {
				walkedBy[who.name] = map[string]bool{}
			}
			walkedBy[who.name][key] = true
			path := b.fill(t, rt)
			ct, body := b.requestBody(t, rt)
			before := srv.Handled(rt.Method, rt.Pattern)
			status, answer := rawCall(t, srv, who.token, rt.Method, path, ct, body)
			code := errorCodeOf(answer)
			allowed := status == 403 || status == 404 || (key == "POST auth/switchSite" && status == 401 && code == "401003")
			if key == "GET sites" {
				// The caller's own sites: a list without site B.
				allowed, code = status == 200 && !strings.Contains(string(answer), b.site), "-"
			}
			if key == "GET schedules" || key == "GET schedules/{id}" {
				// Server schedules belong to no site; site administrators
				// read them, and nothing of site B's content comes with them.
				allowed, code = status == 200, "-"
			}
			if !allowed || code == "" {
				t.Errorf("%s: %s %s answered %d (code %q): %.300s", who.name, rt.Method, path, status, code, answer)
			}
			for _, name := range b.secretNames {
				if strings.Contains(string(answer), name) {
					t.Errorf("%s: %s %s leaked %q of site B: %.300s", who.name, rt.Method, path, name, answer)
				}
			}
			if strings.Contains(rt.Pattern, "{site}") && srv.Handled(rt.Method, rt.Pattern) != before {
				t.Errorf("%s: %s %s reached its handler with another site's token", who.name, rt.Method, rt.Pattern)
			}
		}
	}
	t.Logf("%d requests across sites refused", walked)
	checkIntact(t, srv, b)
	// Every route was walked, or is one of the few named above that need no
	// other site's ids: a route skipped by mistake (or a routing table that
	// came back short) fails here.
	if len(routes) < minRoutes {
		t.Errorf("the routing table has %d routes, fewer than the %d it had when this test was written", len(routes), minRoutes)
	}
	public := 0
	serverAdminExempt := 0
	for _, rt := range routes {
		key := rt.Method + " " + rt.Pattern
		if rt.Public {
			public++
			continue
		}
		if key == "POST auth/signout" {
			continue
		}
		if !walkedBy["site administrator of A"][key] {
			t.Errorf("%s was not walked with the site administrator's token", key)
		}
		if !walkedBy["server administrator signed in to A"][key] {
			serverAdminExempt++
		}
	}
	if n, want := len(walkedBy["site administrator of A"]), len(routes)-public-1; n != want {
		t.Errorf("the site administrator's token was sent to %d routes, want %d (every route but the %d public ones and sign-out)", n, want, public)
	}
	if want := 4 + len(serverSchedules) + len(adminTokenRoutes); serverAdminExempt != want {
		t.Errorf("the server administrator's token skipped %d routes, want the %d it may use across sites", serverAdminExempt, want)
	}
}

// serverSchedules are the routes of the server's schedules, which belong
// to no site: a server administrator manages them from any site.
var serverSchedules = []string{"GET schedules", "POST schedules", "GET schedules/{id}", "PUT schedules/{id}", "DELETE schedules/{id}"}

// minRoutes is how many routes emulator.Routes() had when the tests that
// walk it were written; it only grows.
const minRoutes = 74

// TestRolesOnEveryWriteRoute calls every write route (POST, PUT, DELETE)
// of the routing table on content the caller does not own, as a Viewer,
// and the publishing routes as an Explorer who cannot publish: each is
// refused with 403 and one of Tableau's 403 codes, and nothing changes.
//
// What a Viewer may do, and so is not walked: sign out (its own session)
// and switch to another site it belongs to (a new session for itself).
// Everything else changes the site or its content, which a Viewer (Tableau:
// "can't create, edit, or publish content") may not. That includes tags,
// which edit content's metadata: the emulator lets Explorers and above tag
// what they see, and refuses Viewers and Unlicensed users.
func TestRolesOnEveryWriteRoute(t *testing.T) {
	srv := tsctest.NewServer(t)
	f := seedContent(t, srv, "", "Default")
	e2eMust(srv.SeedUser("", "viewer", tsc.SiteRoleViewer))(t)
	e2eMust(srv.SeedUser("", "explorer", tsc.SiteRoleExplorer))(t)
	viewer := e2eMust(srv.ClientAs(e2eCtx, "", "viewer"))(t).Session().Token.Reveal()
	explorer := e2eMust(srv.ClientAs(e2eCtx, "", "explorer"))(t).Session().Token.Reveal()
	publishing := []string{"POST sites/{site}/workbooks", "POST sites/{site}/datasources", "POST sites/{site}/flows", "POST sites/{site}/virtualConnections",
		"POST sites/{site}/fileUploads", "PUT sites/{site}/fileUploads/{id}"}
	viewerMay := []string{"POST auth/signout", "POST auth/switchSite"}

	codes := map[string]int{}
	check := func(who, token string, rt emulator.Route) {
		path := f.fill(t, rt)
		ct, body := f.requestBody(t, rt)
		status, answer := rawCall(t, srv, token, rt.Method, path, ct, body)
		code := errorCodeOf(answer)
		codes[code]++
		if status != 403 || (code != "403000" && code != "403004") {
			t.Errorf("%s: %s %s answered %d (code %q), want 403 with 403000 or 403004: %.300s", who, rt.Method, rt.Pattern, status, code, answer)
		}
	}
	writes := 0
	for _, rt := range emulator.Routes() {
		key := rt.Method + " " + rt.Pattern
		if rt.Public || rt.Method == http.MethodGet || slices.Contains(viewerMay, key) {
			continue
		}
		writes++
		check("Viewer", viewer, rt)
		if slices.Contains(publishing, key) {
			check("Explorer", explorer, rt)
		}
	}
	t.Logf("%d write routes refused; codes %v", writes, codes)
	if writes < 30 {
		t.Errorf("only %d write routes walked: is the routing table complete?", writes)
	}
	checkIntact(t, srv, f)
}
