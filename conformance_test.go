package tsc

// Conformance: the SDK's wire format checked against the outside world.
// Every request body the SDK builds must validate against Tableau's XSD, and
// every captured response of the resources this SDK covers must decode
// without losing an attribute, element or text. See docs/schema-errata.md
// for the schema's known mistakes and the excluded reference files.

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/tsc-go/tsc/internal/xsdcheck"
)

// conformanceResponses reads captured responses by name from the reference
// directory xsdcheck locates (TSC_REFERENCE_DIR or ../shared/reference),
// skipping when it is absent and failing under CI.
func conformanceResponses(t *testing.T, names []string) map[string][]byte {
	t.Helper()
	ref, err := xsdcheck.ReferenceDir()
	if err != nil {
		xsdcheck.Unavailable(t, err)
	}
	out := make(map[string][]byte, len(names))
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(ref, "responses", n))
		if err != nil {
			xsdcheck.Unavailable(t, err)
		}
		out[n] = b
	}
	return out
}

// captured collects request bodies by call name.
type captured struct {
	mu     sync.Mutex
	bodies map[string][]byte
}

// reply registers pattern on ts: the request body is kept under name, and
// the answer is status with body.
func (c *captured) reply(t *testing.T, ts *testServer, name, pattern string, status int, body []byte) {
	ts.handle(pattern, func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("%s: reading body: %v", name, err)
		}
		c.mu.Lock()
		c.bodies[name] = b
		c.mu.Unlock()
		if body == nil {
			w.WriteHeader(status)
			return
		}
		serveXML(status, body)(w, r)
	})
}

// TestConformanceRequestBodiesValidate drives every SDK call that sends a
// body and validates what went over the wire against the official schema.
func TestConformanceRequestBodiesValidate(t *testing.T) {
	resp := conformanceResponses(t, []string{
		"auth_sign_in.xml", "site_create.xml", "site_update.xml", "project_create.xml",
		"project_update.xml", "user_add.xml", "user_update.xml", "group_create.xml",
		"group_update.xml", "group_add_user.xml", "group_add_users.xml",
		"workbook_update_permissions.xml", "project_update_datasource_default_permissions.xml",
		"schedule_create_hourly.xml", "schedule_update.xml", "schedule_add_workbook_with_warnings.xml", "schedule_add_datasource.xml",
		"tasks_run_now_response.xml", "favorites_add_workbook.xml", "custom_view_update.xml", "webhook_get.xml",
	})
	const (
		site  = "/api/3.29/sites/" + testSiteID
		group = site + "/groups/e7833b48-c6f7-47b5-a2a7-36e7dd232758/users"
	)
	type call struct {
		name string
		do   func(c *Client) error
	}
	calls := []call{
		{"SignIn password", func(c *Client) error { return c.SignIn(bg, Password("admin", "p@ss<word>&", "Samples")) }},
		{"SignIn password default site", func(c *Client) error { return c.SignIn(bg, Password("admin", "pw", "")) }},
		{"SignIn PAT", func(c *Client) error { return c.SignIn(bg, PersonalAccessToken("automation", "s3cr3t", "Samples")) }},
		{"SignIn JWT", func(c *Client) error { return c.SignIn(bg, JWT("eyJhbGciOiJIUzI1NiJ9.e30.sig", "Samples")) }},
		{"SignIn impersonate", func(c *Client) error {
			return c.SignIn(bg, Password("admin", "pw", "Samples").Impersonate("1a96d216-e9b8-497b-a82a-0b899a965e01"))
		}},
		{"SwitchSite", func(c *Client) error { return c.SwitchSite(bg, "Marketing") }},
		{"Sites.Create minimal", func(c *Client) error {
			_, err := c.Sites.Create(bg, Site{Name: "Marketing", ContentURL: "marketing"})
			return err
		}},
		{"Sites.Create settings", func(c *Client) error {
			_, err := c.Sites.Create(bg, Site{
				Name: "Marketing", ContentURL: "marketing", AdminMode: "ContentAndUsers", State: "Active",
				UserQuota: Int(15), StorageQuota: Int(1024), RevisionLimit: Int(25),
				TierCreatorCapacity: Int(2), TierExplorerCapacity: Int(3), TierViewerCapacity: Int(10),
				DisableSubscriptions: Bool(false), RevisionHistoryEnabled: Bool(true), SubscribeOthersEnabled: Bool(true),
				AllowSubscriptionAttachments: Bool(true), GuestAccessEnabled: Bool(false), CacheWarmupEnabled: Bool(true),
				CommentingEnabled: Bool(true), CommentingMentionsEnabled: Bool(true), EditingFlowsEnabled: Bool(true),
				SchedulingFlowsEnabled: Bool(true), FlowsEnabled: Bool(true), FlowAutoSaveEnabled: Bool(true),
				CatalogingEnabled: Bool(true), CatalogObfuscationEnabled: Bool(false), DerivedPermissionsEnabled: Bool(false),
				RequestAccessEnabled: Bool(true), RunNowEnabled: Bool(true), WebExtractionEnabled: Bool(false),
				MetricsContentTypeEnabled: Bool(true), NotifySiteAdminsOnThrottle: Bool(false), AuthoringEnabled: Bool(true),
				NamedSharingEnabled: Bool(true), MobileBiometricsEnabled: Bool(false), SheetImageEnabled: Bool(true),
				UseDefaultTimeZone: Bool(false), TimeZone: "Europe/Paris", AutoSuspendRefreshEnabled: Bool(true),
				AutoSuspendRefreshInactivityWindow: Int(30), CustomSubscriptionEmailEnabled: Bool(true),
				CustomSubscriptionEmail: "bi@example.com", CustomSubscriptionFooterEnabled: Bool(true),
				CustomSubscriptionFooter: "Sent by BI", ExtractEncryptionMode: "enabled", AskDataMode: "DisabledByDefault",
				UserVisibilityMode: "FULL",
			})
			return err
		}},
		{"Sites.Update", func(c *Client) error {
			_, err := c.Sites.Update(bg, Site{ID: testSiteID, Name: "Renamed", State: "Suspended", UserQuota: Int(20), RevisionHistoryEnabled: Bool(false)})
			return err
		}},
		{"Projects.Create", func(c *Client) error {
			_, err := c.Projects.Create(bg, Project{Name: "Finance & Ops", Description: "Quarterly <numbers>", ContentPermissions: LockedToProject, ParentProjectID: "1d0304cd-3796-429f-b815-7258370b9b74"})
			return err
		}},
		{"Projects.Create minimal", func(c *Client) error {
			_, err := c.Projects.Create(bg, Project{Name: "Finance"})
			return err
		}},
		{"Projects.Update", func(c *Client) error {
			_, err := c.Projects.Update(bg, Project{ID: "1d0304cd-3796-429f-b815-7258370b9b74", Name: "Finance", Description: "d", ContentPermissions: ManagedByOwner, ParentProjectID: "ee8c6e70-43b6-11e6-af4f-f7b0d8e20760", Owner: &User{ID: "dd2239f6-ddf1-4107-981a-4cf94e415794"}})
			return err
		}},
		{"Users.Add", func(c *Client) error {
			_, err := c.Users.Add(bg, User{Name: "alice", SiteRole: SiteRoleExplorer, AuthSetting: "SAML"})
			return err
		}},
		{"Users.Add minimal", func(c *Client) error {
			_, err := c.Users.Add(bg, User{Name: "bob", SiteRole: SiteRoleViewer})
			return err
		}},
		{"Users.Update", func(c *Client) error {
			_, err := c.Users.Update(bg, User{ID: "dd2239f6-ddf1-4107-981a-4cf94e415794", FullName: "Alice Cook", Email: "alice@example.com", Password: "n3w<pw>", SiteRole: SiteRoleCreator, AuthSetting: "ServerDefault"})
			return err
		}},
		{"Groups.Create", func(c *Client) error {
			_, err := c.Groups.Create(bg, Group{Name: "Analysts"})
			return err
		}},
		{"Groups.Create minimumSiteRole", func(c *Client) error {
			_, err := c.Groups.Create(bg, Group{Name: "Analysts", MinimumSiteRole: SiteRoleExplorer})
			return err
		}},
		{"Groups.Update", func(c *Client) error {
			_, err := c.Groups.Update(bg, Group{ID: "e7833b48-c6f7-47b5-a2a7-36e7dd232758", Name: "Analysts EU", MinimumSiteRole: SiteRoleViewer})
			return err
		}},
		{"Groups.AddUser", func(c *Client) error {
			_, err := c.Groups.AddUser(bg, "e7833b48-c6f7-47b5-a2a7-36e7dd232758", "dd2239f6-ddf1-4107-981a-4cf94e415794")
			return err
		}},
		{"Groups.AddUsers", func(c *Client) error {
			_, err := c.Groups.AddUsers(bg, "e7833b48-c6f7-47b5-a2a7-36e7dd232758", []string{"dd2239f6-ddf1-4107-981a-4cf94e415794", "2a47bbf8-8900-4ebb-b0a4-2723bd7c46c3"})
			return err
		}},
		{"Groups.RemoveUsers", func(c *Client) error {
			return c.Groups.RemoveUsers(bg, "e7833b48-c6f7-47b5-a2a7-36e7dd232758", []string{"dd2239f6-ddf1-4107-981a-4cf94e415794"})
		}},
		{"Permissions.Add users and groups", func(c *Client) error {
			rules := append(Rules(GroupGrantee("e7833b48-c6f7-47b5-a2a7-36e7dd232758"), Allow, CapRead, CapExportImage, CapWebAuthoring),
				PermissionRule{UserGrantee("dd2239f6-ddf1-4107-981a-4cf94e415794"), CapExportXML, Deny})
			_, err := c.Permissions.Add(bg, PermWorkbook, "3cc6cd06-89ce-4fdc-b935-5294135d6d42", rules...)
			return err
		}},
		{"Permissions.Add group set", func(c *Client) error {
			_, err := c.Permissions.Add(bg, PermWorkbook, "3cc6cd06-89ce-4fdc-b935-5294135d6d42",
				PermissionRule{Grantee{GranteeGroupSet, "7ea95a1b-6872-44d6-a969-68598a7df4a0"}, CapRead, Allow})
			return err
		}},
		{"Permissions.AddDefaults template", func(c *Client) error {
			rules, err := TemplateRules(PermDatasource, TemplatePublish, GroupGrantee("e7833b48-c6f7-47b5-a2a7-36e7dd232758"))
			if err != nil {
				return err
			}
			_, err = c.Permissions.AddDefaults(bg, "1d0304cd-3796-429f-b815-7258370b9b74", PermDatasource, rules...)
			return err
		}},
		{"Schedules.Create hourly", func(c *Client) error {
			_, err := c.Schedules.Create(bg, Schedule{Name: "hourly-schedule-1", Type: ScheduleExtract, Priority: Int(50), ExecutionOrder: ScheduleParallel,
				Frequency: FrequencyHourly, FrequencyDetails: &FrequencyDetails{Start: "02:30:00", End: "23:00:00", Intervals: &IntervalList{Intervals: []Interval{{Hours: "8"}}}}})
			return err
		}},
		{"Schedules.Create monthly relative", func(c *Client) error {
			_, err := c.Schedules.Create(bg, Schedule{Name: "first-monday", Type: ScheduleExtract, Frequency: FrequencyMonthly,
				FrequencyDetails: &FrequencyDetails{Start: "08:00:00", Intervals: &IntervalList{Intervals: []Interval{{WeekDay: "Monday", MonthDay: "First"}}}}})
			return err
		}},
		{"Schedules.Update", func(c *Client) error {
			_, err := c.Schedules.Update(bg, Schedule{ID: "7bea1766-1543-4052-9753-9d224bc069b5", State: ScheduleSuspended, Priority: Int(90),
				Frequency: FrequencyWeekly, FrequencyDetails: &FrequencyDetails{Start: "07:00:00", Intervals: &IntervalList{Intervals: []Interval{{WeekDay: "Monday"}, {WeekDay: "Friday"}}}}})
			return err
		}},
		{"Schedules.AddWorkbook", func(c *Client) error {
			_, err := c.Schedules.AddWorkbook(bg, "7bea1766-1543-4052-9753-9d224bc069b5", "c7a9327e-1cda-4504-b026-ddb43b976d1d")
			return err
		}},
		{"Schedules.AddDatasource", func(c *Client) error {
			_, err := c.Schedules.AddDatasource(bg, "7bea1766-1543-4052-9753-9d224bc069b5", "61334430-fb0c-43af-a5a3-8db3323644b6")
			return err
		}},
		// Schedules.AddFlow sends <flowRun><flow id/></flowRun> as Tableau's
		// reference writes it (TSC sends <runFlow>, which the emulator takes
		// too); the schema also wants a flowRunSpec, which neither sends.
		{"Tasks.Run", func(c *Client) error {
			_, err := c.Tasks.Run(bg, "f84901ac-72ad-4f9b-a87e-7a3500402ad6")
			return err
		}},
		{"Webhooks.Create", func(c *Client) error {
			_, err := c.Webhooks.Create(bg, NewWebhook("Failed refreshes", "DatasourceRefreshFailed", "https://hooks.example.com/in?a=1&b=<2>"))
			return err
		}},
		{"Webhooks.Update", func(c *Client) error {
			_, err := c.Webhooks.Update(bg, Webhook{ID: "9f9bcaf8-8c4c-403c-b7e1-10dd85620f00", Name: "Renamed", Event: "WorkbookCreated",
				IsEnabled: Bool(false), StatusChangeReason: "moving", Destination: &WebhookDestination{HTTP: &WebhookDestinationHTTP{URL: "https://hooks.example.com/new"}}})
			return err
		}},
		{"Webhooks.Update enable", func(c *Client) error {
			_, err := c.Webhooks.Update(bg, Webhook{ID: "9f9bcaf8-8c4c-403c-b7e1-10dd85620f00", IsEnabled: Bool(true)})
			return err
		}},
		// Tasks.CreateCloudExtractRefresh and UpdateCloudExtractRefresh send
		// <extractRefresh> and <schedule> side by side, as Tableau's reference
		// and TSC do; the schema's tsRequest allows one element only, and
		// the emulator takes the schedule inside extractRefresh too.
		// Issue 16 parts 3 and 8. Workbooks/Datasources.UpdateConnections
		// send <connectionLUIDs> and <connection> side by side, as TSC does
		// (the schema's tsRequest allows one element only, and spells the
		// list connectionLuids; the emulator reads both spellings).
		{"Favorites.Add", func(c *Client) error {
			_, err := c.Favorites.Add(bg, "dd2239f6-ddf1-4107-981a-4cf94e415794", FavoriteWorkbook, "6d13b0ca-043d-4d42-8c9d-3f3313ea3a00", "Superstore")
			return err
		}},
		{"Favorites.Order", func(c *Client) error {
			return c.Favorites.Order(bg, "dd2239f6-ddf1-4107-981a-4cf94e415794", FavoriteOrdering{FavoriteID: "6d13b0ca-043d-4d42-8c9d-3f3313ea3a00",
				FavoriteType: FavoriteWorkbook, FavoriteIDMoveAfter: "d79634e1-6063-4ec9-95ff-50acbf609ff5", FavoriteTypeMoveAfter: FavoriteView})
		}},
		{"Tags.BatchAdd", func(c *Client) error {
			_, err := c.Tags.BatchAdd(bg, []string{"q3"}, TagTarget{ContentType: TagWorkbook, ID: "6d13b0ca-043d-4d42-8c9d-3f3313ea3a00"})
			return err
		}},
		{"CustomViews.Update", func(c *Client) error {
			_, err := c.CustomViews.Update(bg, CustomView{ID: "1f951daf-4061-451a-9df1-69a8062664f2", Name: "Best test ever", Owner: &User{ID: "dd2239f6-ddf1-4107-981a-4cf94e415794", Name: "ignored"}})
			return err
		}},
	}
	// Each call gets its own server, so a handler serves exactly one call and
	// the captured body cannot belong to another.
	routes := map[string]struct {
		pattern string
		status  int
		body    []byte
	}{
		"SignIn":             {"POST /api/3.29/auth/signin", 200, resp["auth_sign_in.xml"]},
		"SwitchSite":         {"POST /api/3.29/auth/switchSite", 200, resp["auth_sign_in.xml"]},
		"Sites.Create":       {"POST /api/3.29/sites", 201, resp["site_create.xml"]},
		"Sites.Update":       {"PUT " + site, 200, resp["site_update.xml"]},
		"Projects.Create":    {"POST " + site + "/projects", 201, resp["project_create.xml"]},
		"Projects.Update":    {"PUT " + site + "/projects/1d0304cd-3796-429f-b815-7258370b9b74", 200, resp["project_update.xml"]},
		"Users.Add":          {"POST " + site + "/users", 201, resp["user_add.xml"]},
		"Users.Update":       {"PUT " + site + "/users/dd2239f6-ddf1-4107-981a-4cf94e415794", 200, resp["user_update.xml"]},
		"Groups.Create":      {"POST " + site + "/groups", 201, resp["group_create.xml"]},
		"Groups.Update":      {"PUT " + site + "/groups/e7833b48-c6f7-47b5-a2a7-36e7dd232758", 200, resp["group_update.xml"]},
		"Groups.AddUser":     {"POST " + group, 200, resp["group_add_user.xml"]},
		"Groups.AddUsers":    {"POST " + group, 200, resp["group_add_users.xml"]},
		"Groups.RemoveUsers": {"PUT " + group + "/remove", 204, nil},
		"Permissions.Add":    {"PUT " + site + "/workbooks/3cc6cd06-89ce-4fdc-b935-5294135d6d42/permissions", 200, resp["workbook_update_permissions.xml"]},
		"Permissions.AddDefaults": {"PUT " + site + "/projects/1d0304cd-3796-429f-b815-7258370b9b74/default-permissions/datasources", 200,
			resp["project_update_datasource_default_permissions.xml"]},
		"Schedules.Create": {"POST /api/3.29/schedules", 201, resp["schedule_create_hourly.xml"]},
		"Schedules.Update": {"PUT /api/3.29/schedules/7bea1766-1543-4052-9753-9d224bc069b5", 200, resp["schedule_update.xml"]},
		"Schedules.AddWorkbook": {"PUT " + site + "/schedules/7bea1766-1543-4052-9753-9d224bc069b5/workbooks", 200,
			resp["schedule_add_workbook_with_warnings.xml"]},
		"Schedules.AddDatasource": {"PUT " + site + "/schedules/7bea1766-1543-4052-9753-9d224bc069b5/datasources", 200,
			resp["schedule_add_datasource.xml"]},
		"Tasks.Run":          {"POST " + site + "/tasks/extractRefreshes/f84901ac-72ad-4f9b-a87e-7a3500402ad6/runNow", 200, resp["tasks_run_now_response.xml"]},
		"Favorites.Add":      {"PUT " + site + "/favorites/dd2239f6-ddf1-4107-981a-4cf94e415794", 200, resp["favorites_add_workbook.xml"]},
		"Favorites.Order":    {"PUT " + site + "/orderFavorites/dd2239f6-ddf1-4107-981a-4cf94e415794", 204, nil},
		"Tags.BatchAdd":      {"PUT " + site + "/tags:batchCreate", 200, []byte(`<tsResponse xmlns="http://tableau.com/api"><tagBatch><tags><tag label="q3"/></tags><contents><content id="6d13b0ca-043d-4d42-8c9d-3f3313ea3a00" contentType="workbook"/></contents></tagBatch></tsResponse>`)},
		"CustomViews.Update": {"PUT " + site + "/customviews/1f951daf-4061-451a-9df1-69a8062664f2", 200, resp["custom_view_update.xml"]},
		// webhook_get.xml is a list: its one <webhook> is what the SDK reads.
		"Webhooks.Create": {"POST " + site + "/webhooks", 201, webhookOfList(resp["webhook_get.xml"])},
		"Webhooks.Update": {"PUT " + site + "/webhooks/9f9bcaf8-8c4c-403c-b7e1-10dd85620f00", 200, webhookOfList(resp["webhook_get.xml"])},
	}
	c := &captured{bodies: map[string][]byte{}}
	for _, cl := range calls {
		route, _, _ := strings.Cut(cl.name, " ")
		rt, ok := routes[route]
		if !ok {
			t.Fatalf("no route for %s", cl.name)
		}
		ts := setup(t)
		c.reply(t, ts, cl.name, rt.pattern, rt.status, rt.body)
		if cl.name == "Webhooks.Update" {
			// Changing the URL reads the webhook first, for its owner (the
			// capture's placeholder id made a luid).
			cur := bytes.Replace(webhookOfList(resp["webhook_get.xml"]), []byte("webhook_owner_luid"), []byte("dd2239f6-ddf1-4107-981a-4cf94e415794"), 1)
			ts.handle("GET "+site+"/webhooks/9f9bcaf8-8c4c-403c-b7e1-10dd85620f00", serveXML(200, cur))
		}
		if err := cl.do(ts.client); err != nil {
			t.Errorf("%s: %v", cl.name, err)
		}
	}
	for _, cl := range calls {
		if len(bytes.TrimSpace(c.bodies[cl.name])) == 0 {
			t.Errorf("%s sent no body", cl.name)
		}
	}
	xsdcheck.ValidateAll(t, c.bodies)
}

// responseCoverage lists the captured responses of the resources this SDK
// covers (sign-in, server info, sites, projects, users, groups, workbooks,
// views, data sources, jobs, file uploads, and the list pages of the
// request-option and query-set captures), which must decode without loss.
func responseCoverage(t *testing.T) []string {
	t.Helper()
	ref, err := xsdcheck.ReferenceDir()
	if err != nil {
		xsdcheck.Unavailable(t, err)
	}
	var names []string
	for _, pat := range []string{
		"auth_sign_in*.xml", "server_info*.xml", "site_*.xml", "project_get.xml", "project_create.xml",
		"project_update.xml", "user_*.xml", "group_*.xml", "request_option_*.xml",
		"workbook_*.xml", "view_*.xml", "datasource_*.xml", "job_*.xml", "fileupload_*.xml",
		"queryset_*.xml", "users_bulk_add_job.xml", "odata_connection.xml",
		// Permissions of every kind, and project defaults.
		"project_content_permission.xml", "project_populate_*permissions.xml", "project_update_*_default_permissions.xml",
		"flow_populate_permissions.xml", "database_populate_permissions.xml",
		// Favorites (issue 16 part 3).
		"favorites_*.xml",
		"schedule_*.xml", "tasks_*.xml", "linked_tasks_*.xml", "custom_view_*.xml",
		// Issue 16, webhooks.
		"webhook_*.xml",
		// Flows (issue 16 item 1).
		"flow_*.xml",
		// Virtual connections (issue 16 item 5), their permissions included.
		"virtual_connection_*.xml", "virtual_connections_*.xml",
		// Issue 16, group sets.
		"groupsets_*.xml",
	} {
		m, err := filepath.Glob(filepath.Join(ref, "responses", pat))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range m {
			// A file named whole in uncovered is left out of its family.
			if _, whole := uncovered[filepath.Base(f)]; !whole {
				names = append(names, filepath.Base(f))
			}
		}
	}
	if len(names) == 0 {
		xsdcheck.Unavailable(t, errors.New("no captured responses under "+ref))
	}
	sort.Strings(names)
	return names
}

// uncovered names, by file name prefix, the captured responses of resources
// the SDK does not model yet, with the reason; every other captured XML
// response is covered (responseCoverage) and must decode without loss.
// TestConformanceEveryCaptureAccounted keeps the two lists exact.
var uncovered = map[string]string{
	"data_acceleration_":         "data acceleration reports are not modelled yet",
	"data_alerts_":               "data alerts are not modelled yet",
	"database_get":               "catalog resources (databases) are not modelled yet",
	"database_update":            "catalog resources (databases) are not modelled yet",
	"table_":                     "catalog resources (tables) are not modelled yet",
	"dqw_":                       "data quality warnings are not modelled yet",
	"extensions_":                "extension settings are not modelled yet",
	"metrics_":                   "metrics are not modelled yet",
	"oidc_":                      "OIDC configurations are not modelled yet",
	"subscription_":              "subscriptions are not modelled yet",
	"webhook_create_request.xml": "a hand-written <tsRequest> without namespace, not a response",
	// Schedules and tasks are modelled; these captures hold what is not.
	"schedule_add_workbook.xml":       "a <materializeView> task, a retired type in no schema (schedule_add_workbook_with_warnings.xml is covered)",
	"schedule_batch_update_state.xml": "Batch Update Schedule State (3.27) is not implemented yet",
	"tasks_create_extract_task.xml":   "placeholder times with offsets (-0700) that are not RFC 3339; the SDK decodes them as zero",
}

// TestConformanceEveryCaptureAccounted: every captured XML response is
// either covered or named by exactly one uncovered prefix, never both, and
// every prefix names at least one file, so a new capture cannot go
// unchecked and neither list can go stale.
func TestConformanceEveryCaptureAccounted(t *testing.T) {
	ref, err := xsdcheck.ReferenceDir()
	if err != nil {
		xsdcheck.Unavailable(t, err)
	}
	files, err := filepath.Glob(filepath.Join(ref, "responses", "*.xml"))
	if err != nil || len(files) == 0 {
		xsdcheck.Unavailable(t, errors.New("no captured responses under "+ref))
	}
	covered := map[string]bool{}
	for _, n := range responseCoverage(t) {
		covered[n] = true
	}
	used := map[string]bool{}
	for _, f := range files {
		name := filepath.Base(f)
		var prefixes []string
		for p := range uncovered {
			if strings.HasPrefix(name, p) {
				prefixes = append(prefixes, p)
				used[p] = true
			}
		}
		switch {
		case covered[name] && len(prefixes) > 0:
			t.Errorf("%s is covered and also listed as uncovered (%v)", name, prefixes)
		case !covered[name] && len(prefixes) == 0:
			t.Errorf("%s is neither covered nor listed as uncovered with a reason", name)
		case len(prefixes) > 1:
			t.Errorf("%s matches several uncovered prefixes %v", name, prefixes)
		}
	}
	for p := range uncovered {
		if !used[p] {
			t.Errorf("uncovered prefix %q names no captured response any more", p)
		}
	}
}

// notTSResponse are captured files in the covered set that are not a
// <tsResponse>; each has its own test below.
var notTSResponse = map[string]string{
	"favorites_add_view.xml":    "hand-written without the namespace (TSC's test asset); servers always send it",
	"server_info_auth_info.xml": "the legacy /auth?format=xml page of servers before 10.1, read by decodeLegacyAuthInfo",
}

// lossExceptions are the only differences allowed between a captured
// response and the SDK's re-encoding of it, each with its reason. Keys are
// file names; values are xsdcheck.ShapeDiff ignore entries.
var lossExceptions = map[string][]string{
	// Hand-written from Tableau's webhooks documentation:
	// <webhook-source-api-event-name/> is the placeholder for an event's
	// element, not an element of any schema (webhook_get.xml has a real one).
	"webhook_create.xml": {"tsResponse/webhook/webhook-source/webhook-source-api-event-name"},
	// No SDK call reads site authentication configurations (REST 3.24) yet;
	// the file is in the site_* set only by its name.
	"site_auth_configurations.xml": {"tsResponse/siteAuthConfigurations"},
	// Collections are named by id and name (FavoriteTarget) until they
	// have a model.
	"favorites_get.xml": {"tsResponse/favorites/favorite/collection"},
	// Hand-written placeholders: createdAt="time-job-created" is not a date,
	// and like TSC the SDK decodes an unparsable date as the zero time.
	"group_create_async.xml": {"tsResponse/job@createdAt"},
	"group_update_async.xml": {"tsResponse/job@createdAt"},
	// The same on purpose: createdAt="2016-06-31T20:34:04Z", an impossible date.
	"workbook_get_invalid_date.xml": {"tsResponse/workbooks/workbook@createdAt"},
	// Hand-written: text ("More detail") between <statusNote> elements,
	// which the schema (statusNoteListType, element-only) does not allow.
	"job_get_by_id.xml":           {"tsResponse/job/statusNotes@#text"},
	"job_get_by_id_completed.xml": {"tsResponse/job/statusNotes@#text"},
}

// TestConformanceResponsesDecodeWithoutLoss decodes every covered captured
// response, encodes it again and requires the same shape: every element,
// attribute and text of the original lands in a field. An attribute whose
// every value is empty carries nothing, so it may be left out on encoding
// (omitempty) or written where the server left it out (externalAuthUserId,
// which servers write empty).
func TestConformanceResponsesDecodeWithoutLoss(t *testing.T) {
	names := responseCoverage(t)
	bodies := conformanceResponses(t, names)
	checked := 0
	for _, name := range names {
		if _, ok := notTSResponse[name]; ok {
			continue
		}
		t.Run(name, func(t *testing.T) {
			orig := bodies[name]
			resp, err := DecodeResponse(orig)
			if err != nil {
				t.Fatalf("DecodeResponse: %v", err)
			}
			again, err := EncodeResponse(resp)
			if err != nil {
				t.Fatalf("EncodeResponse: %v", err)
			}
			want, err := xsdcheck.Shape(orig)
			if err != nil {
				t.Fatal(err)
			}
			got, err := xsdcheck.Shape(again)
			if err != nil {
				t.Fatal(err)
			}
			empty := append(emptyAttributes(t, orig), emptyAttributes(t, again)...)
			if d := xsdcheck.ShapeDiff(got, want, append(empty, lossExceptions[name]...)...); len(d) > 0 {
				t.Errorf("decoding loses or invents information (got = re-encoded, want = captured):\n  %s\nre-encoded:\n%s",
					strings.Join(d, "\n  "), again)
			}
			// An exception nothing needs any more would hide a future loss.
			for i, ex := range lossExceptions[name] {
				others := append(append([]string{}, lossExceptions[name][:i]...), lossExceptions[name][i+1:]...)
				if len(xsdcheck.ShapeDiff(got, want, append(empty, others...)...)) == 0 {
					t.Errorf("loss exception %q is not needed any more; remove it", ex)
				}
			}
		})
		checked++
	}
	if checked < 30 {
		t.Errorf("only %d responses checked; the coverage globs no longer match the reference files", checked)
	}
}

// emptyAttributes is xsdcheck.EmptyAttributes, failing the test on
// unreadable XML.
func emptyAttributes(t *testing.T, body []byte) []string {
	t.Helper()
	out, err := xsdcheck.EmptyAttributes(body)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestConformanceLossCheckCatchesDrops makes sure the check above can fail:
// an attribute, an element and a text the models do not carry are reported.
func TestConformanceLossCheckCatchesDrops(t *testing.T) {
	orig := []byte(`<tsResponse xmlns="http://tableau.com/api"><site id="dad65087-b08b-4603-af4e-2887b8aafc67" name="a" contentUrl="" colour="red"><garden size="2"/></site><error code="1"><summary>s</summary><hint>h</hint></error></tsResponse>`)
	resp, err := DecodeResponse(orig)
	if err != nil {
		t.Fatal(err)
	}
	again, err := EncodeResponse(resp)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := xsdcheck.Shape(orig)
	got, _ := xsdcheck.Shape(again)
	d := strings.Join(xsdcheck.ShapeDiff(got, want), "|")
	for _, lost := range []string{"tsResponse/site@colour", "missing element tsResponse/site/garden", "missing element tsResponse/error/hint"} {
		if !strings.Contains(d, lost) {
			t.Errorf("loss of %s not reported; diff: %s", lost, d)
		}
	}
}

// TestConformanceLegacyAuthInfo reads the one covered XML file that is not a
// <tsResponse>: the /auth page of servers before 10.1.
func TestConformanceLegacyAuthInfo(t *testing.T) {
	body := conformanceResponses(t, []string{"server_info_auth_info.xml"})["server_info_auth_info.xml"]
	if _, err := DecodeResponse(body); err == nil {
		t.Error("DecodeResponse accepted an <authinfo> page as a tsResponse")
	}
	info, err := decodeLegacyAuthInfo(body)
	if err != nil {
		t.Fatal(err)
	}
	if info.ProductVersion.Value != "9.3" || info.ProductVersion.Build != "hello.16.1106.2025" || info.RESTAPIVersion == "" {
		t.Errorf("legacy auth info = %+v", info)
	}
}

// TestConformanceNonXMLReferenceFiles: the JSON and HTML files among the
// captured responses are not Tableau XML answers. Decoding them must fail,
// and an HTML page from a proxy or a wrong URL must reach the caller as an
// error that names the status, the content type and the start of the body.
func TestConformanceNonXMLReferenceFiles(t *testing.T) {
	ref, err := xsdcheck.ReferenceDir()
	if err != nil {
		xsdcheck.Unavailable(t, err)
	}
	var names []string
	for _, pat := range []string{"*.json", "*.html"} {
		m, _ := filepath.Glob(filepath.Join(ref, "responses", pat))
		for _, f := range m {
			// A file named whole in uncovered is left out of its family.
			if _, whole := uncovered[filepath.Base(f)]; !whole {
				names = append(names, filepath.Base(f))
			}
		}
	}
	if len(names) == 0 {
		xsdcheck.Unavailable(t, errors.New("no JSON or HTML files under "+ref))
	}
	bodies := conformanceResponses(t, names)
	for _, n := range names {
		if _, err := DecodeResponse(bodies[n]); err == nil {
			t.Errorf("%s: DecodeResponse accepted a non-XML answer", n)
		}
	}

	html := conformanceResponses(t, []string{"server_info_wrong_site.html"})["server_info_wrong_site.html"]
	for _, status := range []int{http.StatusOK, http.StatusBadGateway} {
		ts := setup(t)
		ts.handle("GET /api/3.29/sites/"+testSiteID, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(status)
			w.Write(html)
		})
		_, err := ts.client.Sites.Get(bg, testSiteID)
		if err == nil {
			t.Fatalf("status %d: an HTML page was accepted as a site", status)
		}
		msg := err.Error()
		for _, want := range []string{strconv.Itoa(status), "text/html", "<html"} {
			if !strings.Contains(msg, want) {
				t.Errorf("status %d: error %q does not mention %q", status, msg, want)
			}
		}
	}
}

// TestConformanceReencodedResponsesValidate: a covered response that
// validates as captured must still validate once decoded and encoded by the
// SDK. The emulator writes its answers with these models, so this is where
// a wrong element order or attribute format in a model shows up first.
func TestConformanceReencodedResponsesValidate(t *testing.T) {
	names := responseCoverage(t)
	bodies := conformanceResponses(t, names)
	captured := map[string][]byte{}
	for _, n := range names {
		if _, ok := notTSResponse[n]; !ok {
			captured[n] = bodies[n]
		}
	}
	failing, err := xsdcheck.ErrorsAll(captured)
	if err != nil {
		xsdcheck.Unavailable(t, err)
	}
	again := map[string][]byte{}
	for n, b := range captured {
		if len(failing[n]) > 0 || len(lossExceptions[n]) > 0 {
			// The capture itself does not validate (docs/schema-errata.md), or
			// the SDK deliberately drops part of it (lossExceptions).
			continue
		}
		resp, err := DecodeResponse(b)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if again[n], err = EncodeResponse(resp); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
	}
	if len(again) < 20 {
		t.Errorf("only %d covered responses validate as captured; expected most of them", len(again))
	}
	xsdcheck.ValidateAll(t, again)
}

// webhookOfList turns the captured webhook list into the answer of one
// webhook (Create and Update answer <webhook>, the capture is <webhooks>).
func webhookOfList(b []byte) []byte {
	s := strings.Replace(strings.Replace(string(b), "<webhooks>", "", 1), "</webhooks>", "", 1)
	return []byte(s)
}
