package emulator_test

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tsc-go/tsc/internal/emulator"
	"github.com/tsc-go/tsc/internal/xsdcheck"
)

// rawClient drives the emulator with plain net/http and XML bodies written
// from the REST API reference, as any client (Python TSC, curl) would: it
// shares no code with the SDK.
type rawClient struct {
	t     *testing.T
	base  string
	token string
	// bodies collects every answer, for one schema validation at the end.
	bodies map[string][]byte
}

func newRaw(t *testing.T) (*rawClient, *emulator.Server) {
	t.Helper()
	emu, err := emulator.New(emulator.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if err := emu.Bootstrap(t.Context(), emulator.Admin{Name: "admin", Password: "adminpw", TokenName: "tok", TokenSecret: "toksecret"}); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(guarded(t, emu))
	t.Cleanup(func() { ts.Close(); emu.Close() })
	return &rawClient{t: t, base: ts.URL + "/api/3.29/", bodies: map[string][]byte{}}, emu
}

// do sends a request and checks the status; name records the answer body.
func (c *rawClient) do(name, method, path, body string, want int) []byte {
	c.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/xml")
	}
	if c.token != "" {
		req.Header.Set("X-Tableau-Auth", c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	if resp.StatusCode != want {
		c.t.Fatalf("%s %s: status %d, want %d\n%s", method, path, resp.StatusCode, want, b)
	}
	if want == http.StatusNoContent {
		if len(b) != 0 {
			c.t.Errorf("%s %s: 204 with a body: %s", method, path, b)
		}
		return nil
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/xml") {
		c.t.Errorf("%s %s: Content-Type %q", method, path, ct)
	}
	if _, dup := c.bodies[name]; dup {
		c.t.Fatalf("two answers named %s", name)
	}
	c.bodies[name] = b
	return b
}

// attr returns the value of attribute a of the first element named el.
func attr(t *testing.T, body []byte, el, a string) string {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(body)))
	for {
		tok, err := d.Token()
		if err != nil {
			t.Fatalf("no %s@%s in %s", el, a, body)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == el {
			for _, at := range se.Attr {
				if at.Name.Local == a {
					return at.Value
				}
			}
		}
	}
}

const ns = `<tsRequest xmlns="http://tableau.com/api">`

// TestRawClientEveryHandler calls every handler with requests written from
// the REST API reference, checks what it can of each answer, validates every
// body against the XSD (minus xsdcheck's errata), and compares each answer
// that has a captured counterpart with it, shape for shape.
func TestRawClientEveryHandler(t *testing.T) {
	c, emu := newRaw(t)

	c.do("serverinfo", "GET", "serverinfo", "", 200)
	c.do("signin-error", "POST", "auth/signin", ns+`<credentials name="admin" password="nope"><site contentUrl=""/></credentials></tsRequest>`, 401)
	// Without a namespace too: many hand-written clients leave it out.
	b := c.do("signin", "POST", "auth/signin", `<tsRequest><credentials name="admin" password="adminpw"><site contentUrl=""/></credentials></tsRequest>`, 200)
	c.token = attr(t, b, "credentials", "token")
	defSite := attr(t, b, "site", "id")
	me := attr(t, b, "user", "id")
	c.do("signin-pat", "POST", "auth/signin", ns+`<credentials personalAccessTokenName="tok" personalAccessTokenSecret="toksecret"><site contentUrl=""/></credentials></tsRequest>`, 200)

	// Sites.
	b = c.do("site-create", "POST", "sites", ns+`<site name="Tableau" contentUrl="tableau" adminMode="ContentAndUsers" userQuota="15" storageQuota="15"
		disableSubscriptions="true" tierCreatorCapacity="2" tierExplorerCapacity="1" tierViewerCapacity="1"/></tsRequest>`, 201)
	siteID := attr(t, b, "site", "id")
	c.do("site-list", "GET", "sites", "", 200)
	c.do("site-get", "GET", "sites/"+siteID, "", 200)
	c.do("site-get-name", "GET", "sites/Tableau?key=name", "", 200)
	c.do("site-get-default", "GET", "sites/?key=contentUrl", "", 200)
	c.do("site-get-usage", "GET", "sites/"+defSite+"?includeUsage=true", "", 200)

	// Projects.
	b = c.do("project-create-parent", "POST", "sites/"+defSite+"/projects", ns+`<project name="Parent" description="" contentPermissions="ManagedByOwner"/></tsRequest>`, 201)
	parent := attr(t, b, "project", "id")
	b = c.do("project-create", "POST", "sites/"+defSite+"/projects", ns+`<project parentProjectId="`+parent+`" name="Test Project" description="Project created for testing" contentPermissions="ManagedByOwner"/></tsRequest>`, 201)
	proj := attr(t, b, "project", "id")
	c.do("project-list", "GET", "sites/"+defSite+"/projects?pageSize=100&sort=name:asc", "", 200)
	c.do("project-list-all", "GET", "sites/"+defSite+"/projects?fields=_all_", "", 200)
	c.do("project-list-named", "GET", "sites/"+defSite+"/projects?fields=name,owner.email,contentsCounts", "", 200)
	c.do("project-update", "PUT", "sites/"+defSite+"/projects/"+proj, ns+`<project name="Test Project" contentPermissions="LockedToProject"><owner id="`+me+`"/></project></tsRequest>`, 200)
	c.do("project-conflict", "POST", "sites/"+defSite+"/projects", ns+`<project parentProjectId="`+parent+`" name="test project"/></tsRequest>`, 409)

	// Project permissions and default permissions (Permissions Methods).
	b = c.do("", "GET", "sites/"+defSite+"/groups?filter=name:eq:All%20Users", "", 200)
	allUsers := attr(t, b, "group", "id")
	grant := func(grantee, caps string) string {
		return ns + `<permissions><granteeCapabilities>` + grantee + `<capabilities>` + caps + `</capabilities></granteeCapabilities></permissions></tsRequest>`
	}
	c.do("project-permissions", "GET", "sites/"+defSite+"/projects/"+parent+"/permissions", "", 200)
	c.do("project-permissions-add", "PUT", "sites/"+defSite+"/projects/"+parent+"/permissions",
		grant(`<user id="`+me+`"/>`, `<capability name="ProjectLeader" mode="Allow"/>`), 200)
	c.do("", "DELETE", "sites/"+defSite+"/projects/"+parent+"/permissions/users/"+me+"/ProjectLeader/Allow", "", 204)
	c.do("project-default-workbooks", "GET", "sites/"+defSite+"/projects/"+parent+"/default-permissions/workbooks", "", 200)
	c.do("project-default-datasources-add", "PUT", "sites/"+defSite+"/projects/"+parent+"/default-permissions/datasources",
		grant(`<group id="`+allUsers+`"/>`, `<capability name="Write" mode="Allow"/><capability name="Delete" mode="Deny"/>`), 200)
	c.do("", "DELETE", "sites/"+defSite+"/projects/"+parent+"/default-permissions/datasources/groups/"+allUsers+"/Delete/Deny", "", 204)
	c.do("project-default-virtualconnections", "GET", "sites/"+defSite+"/projects/"+parent+"/default-permissions/virtualConnections", "", 200)
	c.do("err-permissions-capability", "PUT", "sites/"+defSite+"/projects/"+parent+"/default-permissions/workbooks",
		grant(`<group id="`+allUsers+`"/>`, `<capability name="Connect" mode="Allow"/>`), 400)
	c.do("err-permissions-grantee", "PUT", "sites/"+defSite+"/projects/"+parent+"/permissions",
		grant(`<group id="00000000-0000-0000-0000-000000000000"/>`, `<capability name="Read" mode="Allow"/>`), 404)
	c.do("err-permissions-kind", "GET", "sites/"+defSite+"/projects/"+parent+"/default-permissions/spreadsheets", "", 404)

	// Users.
	b = c.do("user-add", "POST", "sites/"+defSite+"/users", ns+`<user name="Cassie" siteRole="Viewer" authSetting="ServerDefault"/></tsRequest>`, 201)
	cassie := attr(t, b, "user", "id")
	c.do("user-update", "PUT", "sites/"+defSite+"/users/"+cassie, ns+`<user fullName="Cassie" email="cassie@email.com" siteRole="Viewer"/></tsRequest>`, 200)
	b = c.do("user-add-2", "POST", "sites/"+defSite+"/users", ns+`<user name="bob" siteRole="Explorer"/></tsRequest>`, 201)
	bob := attr(t, b, "user", "id")
	c.do("user-update-2", "PUT", "sites/"+defSite+"/users/"+bob, ns+`<user fullName="Bob Smith" email="bob@test.com" password="pw"/></tsRequest>`, 200)
	// bob signs in, so that lists have a lastLogin.
	c.do("signin-bob", "POST", "auth/signin", ns+`<credentials name="bob" password="pw"><site contentUrl=""/></credentials></tsRequest>`, 200)
	c.do("user-list", "GET", "sites/"+defSite+"/users?filter=siteRole:in:[Viewer,Explorer]", "", 200)
	c.do("user-list-all", "GET", "sites/"+defSite+"/users?fields=_all_", "", 200)
	c.do("user-get", "GET", "sites/"+defSite+"/users/"+me, "", 200)
	c.do("user-groups", "GET", "sites/"+defSite+"/users/"+bob+"/groups", "", 200)
	c.do("user-workbooks-empty", "GET", "sites/"+defSite+"/users/"+bob+"/workbooks", "", 200)
	if _, err := emu.SeedWorkbook(t.Context(), "", proj, bob, "SafariSample", "Safari", "Sample"); err != nil {
		t.Fatal(err)
	}
	c.do("user-workbooks", "GET", "sites/"+defSite+"/users/"+bob+"/workbooks?ownedBy=true", "", 200)

	// Groups.
	b = c.do("group-create", "POST", "sites/"+defSite+"/groups", ns+`<group name="試供品"/></tsRequest>`, 201)
	group := attr(t, b, "group", "id")
	c.do("group-create-minrole", "POST", "sites/"+defSite+"/groups", ns+`<group name="Licensed" minimumSiteRole="Explorer"/></tsRequest>`, 201)
	c.do("group-update", "PUT", "sites/"+defSite+"/groups/"+group, ns+`<group name="Group updated name"/></tsRequest>`, 200)
	c.do("group-list", "GET", "sites/"+defSite+"/groups", "", 200)
	c.do("group-list-all", "GET", "sites/"+defSite+"/groups?fields=_all_", "", 200)
	c.do("group-add-user", "POST", "sites/"+defSite+"/groups/"+group+"/users", ns+`<user id="`+bob+`"/></tsRequest>`, 200)
	// dora has signed in and has no full name or email, like the captured member.
	b = c.do("user-add-3", "POST", "sites/"+defSite+"/users", ns+`<user name="dora" siteRole="Creator"/></tsRequest>`, 201)
	dora := attr(t, b, "user", "id")
	c.do("user-update-3", "PUT", "sites/"+defSite+"/users/"+dora, ns+`<user password="pw"/></tsRequest>`, 200)
	c.do("signin-dora", "POST", "auth/signin", ns+`<credentials name="dora" password="pw"><site contentUrl=""/></credentials></tsRequest>`, 200)
	c.do("group-add-users", "POST", "sites/"+defSite+"/groups/"+group+"/users", ns+`<users><user id="`+cassie+`"/><user id="`+dora+`"/></users></tsRequest>`, 200)
	c.do("group-users", "GET", "sites/"+defSite+"/groups/"+group+"/users?filter=name:eq:dora", "", 200)
	c.do("group-users-all", "GET", "sites/"+defSite+"/groups/"+group+"/users", "", 200)
	c.do("group-add-user-again", "POST", "sites/"+defSite+"/groups/"+group+"/users", ns+`<user id="`+bob+`"/></tsRequest>`, 409)
	c.do("", "PUT", "sites/"+defSite+"/groups/"+group+"/users/remove", ns+`<users><user id="`+cassie+`"/></users></tsRequest>`, 204)
	c.do("", "DELETE", "sites/"+defSite+"/groups/"+group+"/users/"+bob, "", 204)
	c.do("", "DELETE", "sites/"+defSite+"/groups/"+group, "", 204)

	// Refusals, each a Tableau error document.
	c.do("err-not-found-user", "GET", "sites/"+defSite+"/users/00000000-0000-0000-0000-000000000000", "", 404)
	c.do("err-not-found-group", "DELETE", "sites/"+defSite+"/groups/00000000-0000-0000-0000-000000000000", "", 404)
	c.do("err-not-found-site", "GET", "sites/00000000-0000-0000-0000-000000000000", "", 404)
	c.do("err-unknown-resource", "GET", "sites/"+defSite+"/gizmos", "", 404)
	c.do("err-method", "PATCH", "sites/"+defSite+"/users", "", 405)
	c.do("err-filter", "GET", "sites/"+defSite+"/users?filter=color:eq:red", "", 400)
	c.do("err-page-size", "GET", "sites/"+defSite+"/users?pageSize=5000", "", 403)
	c.do("err-malformed", "POST", "sites/"+defSite+"/projects", ns+`<project name="x">`, 400)
	c.do("err-other-site", "GET", "sites/"+siteID+"/projects", "", 403)

	// Deleting, switching, signing out.
	c.do("", "DELETE", "sites/"+defSite+"/users/"+bob+"?mapAssetsTo="+me, "", 204)
	c.do("", "DELETE", "sites/"+defSite+"/projects/"+parent, "", 204)
	b = c.do("switch-site", "POST", "auth/switchSite", ns+`<site contentUrl="tableau"/></tsRequest>`, 200)
	c.token = attr(t, b, "credentials", "token")
	c.do("site-update", "PUT", "sites/"+siteID, ns+`<site name="Tableau" contentUrl="tableau" adminMode="ContentAndUsers" userQuota="15" state="Suspended"
		revisionHistoryEnabled="true" revisionLimit="13" flowsEnabled="true" catalogingEnabled="true" flowAutoSaveEnabled="true" webExtractionEnabled="false"
		metricsContentTypeEnabled="true" notifySiteAdminsOnThrottle="false" authoringEnabled="true" customSubscriptionEmailEnabled="true"
		customSubscriptionEmail="test@test.com" customSubscriptionFooterEnabled="true" customSubscriptionFooter="example_footer"
		namedSharingEnabled="false" mobileBiometricsEnabled="true" sheetImageEnabled="false" derivedPermissionsEnabled="true" materializedViewsEnabled="true"
		userVisibilityMode="FULL" useDefaultTimeZone="false" timeZone="America/Los_Angeles" autoSuspendRefreshEnabled="true" autoSuspendRefreshInactivityWindow="55"/></tsRequest>`, 200)
	c.do("", "DELETE", "sites/"+siteID, "", 204)
	c.token = attr(t, c.bodies["signin-pat"], "credentials", "token")
	c.do("", "POST", "auth/signout", "", 204)
	c.do("err-signed-out", "GET", "sites", "", 401)

	// Checked first: the schema validation below skips without xmllint.
	assertEveryRouteReached(t, emu, "handlers")
	xsdcheck.ValidateAll(t, c.bodies)
	compareWithCaptures(t, c.bodies)
}

// capture pairs an answer with the captured response of the same call, and
// lists the deliberate differences with the reason for each.
type capture struct {
	file string
	// ignore lists shape differences (xsdcheck.ShapeDiff syntax) and why.
	ignore map[string]string
}

const (
	why329Site   = "a 3.29 server reports settings added after this capture was made (REST 2.3)"
	whyNoUsage   = "not in the 3.29 schema: a 3.29 server reports usage in <usage>, on request"
	whyIDs       = "the capture is older than createdAt/updatedAt on projects (in the 3.29 schema)"
	whyDataAlert = "the capture's isDataAlertsEnabled is not in the 3.29 schema, which has dataAlertsEnabled (Site.DataAlertsEnabled), which the emulator keeps; the old name is accepted and dropped"
)

var captures = map[string]capture{
	"serverinfo": {"server_info_get.xml", map[string]string{
		"tsResponse/serverInfo/prepConductorVersion": "Tableau Server 2020.4+ reports its Prep Conductor version (in the 3.29 schema)",
		"tsResponse/serverInfo/platform":             "Tableau Server 2022.1+ reports its platform (in the 3.29 schema)",
	}},
	"signin": {"auth_sign_in.xml", map[string]string{
		"tsResponse/credentials@estimatedTimeToExpiration": "servers since 2021.x say when the session expires (in the 3.29 schema)",
	}},
	"signin-error": {"auth_sign_in_error.xml", nil},
	"site-list": {"site_get.xml", map[string]string{
		"tsResponse/sites/site@numUsers":                  whyNoUsage,
		"tsResponse/sites/site@storage":                   whyNoUsage,
		"tsResponse/sites/site@isDataAlertsEnabled":       whyDataAlert,
		"tsResponse/sites/site@commentingMentionsEnabled": why329Site,
		"tsResponse/sites/site@catalogObfuscationEnabled": why329Site,
		"tsResponse/sites/site@flowsEnabled":              why329Site,
		"tsResponse/sites/site@userVisibilityMode":        why329Site,
	}},
	"site-get": {"site_get_by_id.xml", map[string]string{
		"tsResponse/site@numUsers":            whyNoUsage,
		"tsResponse/site@storage":             whyNoUsage,
		"tsResponse/site@isDataAlertsEnabled": whyDataAlert,
		"tsResponse/site@flowsEnabled":        why329Site,
		"tsResponse/site@userVisibilityMode":  why329Site,
	}},
	"site-get-name": {"site_get_by_name.xml", map[string]string{
		"tsResponse/site@numUsers":                  whyNoUsage,
		"tsResponse/site@storage":                   whyNoUsage,
		"tsResponse/site@isDataAlertsEnabled":       whyDataAlert,
		"tsResponse/site@commentingMentionsEnabled": why329Site,
		"tsResponse/site@catalogObfuscationEnabled": why329Site,
		"tsResponse/site@flowsEnabled":              why329Site,
		"tsResponse/site@userVisibilityMode":        why329Site,
		"tsResponse/site@revisionLimit":             why329Site,
	}},
	"site-create": {"site_create.xml", map[string]string{
		"tsResponse/site@numUsers":                  whyNoUsage,
		"tsResponse/site@storage":                   whyNoUsage,
		"tsResponse/site@isDataAlertsEnabled":       whyDataAlert,
		"tsResponse/site@commentingMentionsEnabled": why329Site,
		"tsResponse/site@catalogObfuscationEnabled": why329Site,
		"tsResponse/site@flowsEnabled":              why329Site,
		"tsResponse/site@userVisibilityMode":        why329Site,
		"tsResponse/site@revisionLimit":             why329Site,
	}},
	"site-update": {"site_update.xml", map[string]string{
		// The captured update echoes only what the request set; a 3.29 server
		// answers with the whole site, as Create and Get do.
		"tsResponse/site@storageQuota":                 "the whole site is answered",
		"tsResponse/site@allowSubscriptionAttachments": "the whole site is answered",
		"tsResponse/site@guestAccessEnabled":           "the whole site is answered",
		"tsResponse/site@cacheWarmupEnabled":           "the whole site is answered",
		"tsResponse/site@commentingEnabled":            "the whole site is answered",
		"tsResponse/site@commentingMentionsEnabled":    "the whole site is answered",
		"tsResponse/site@editingFlowsEnabled":          "the whole site is answered",
		"tsResponse/site@schedulingFlowsEnabled":       "the whole site is answered",
		"tsResponse/site@extractEncryptionMode":        "the whole site is answered",
		"tsResponse/site@catalogObfuscationEnabled":    "the whole site is answered",
		"tsResponse/site@requestAccessEnabled":         "the whole site is answered",
		"tsResponse/site@runNowEnabled":                "the whole site is answered",
		"tsResponse/site@tierCreatorCapacity":          "the whole site is answered",
		"tsResponse/site@tierExplorerCapacity":         "the whole site is answered",
		"tsResponse/site@tierViewerCapacity":           "the whole site is answered",
		"tsResponse/site@materializedViewsEnabled":     "not in the 3.29 schema (the setting became data acceleration): accepted, not reported",
	}},
	"project-create": {"project_create.xml", map[string]string{
		"tsResponse/project/owner":     "Tableau 2020+ answers a create with the owner, as Get and Update do",
		"tsResponse/project@createdAt": whyIDs,
		"tsResponse/project@updatedAt": whyIDs,
	}},
	"project-list": {"project_get.xml", map[string]string{
		"tsResponse/projects/project@createdAt": whyIDs,
		"tsResponse/projects/project@updatedAt": whyIDs,
	}},
	"project-update": {"project_update.xml", map[string]string{
		"tsResponse/project@createdAt": whyIDs,
		"tsResponse/project@updatedAt": whyIDs,
	}},
	"project-permissions":                {"project_populate_permissions.xml", nil},
	"project-default-workbooks":          {"project_populate_workbook_default_permissions.xml", nil},
	"project-default-datasources-add":    {"project_update_datasource_default_permissions.xml", nil},
	"project-default-virtualconnections": {"project_populate_virtualconnection_default_permissions.xml", nil},
	"user-add":                           {"user_add.xml", nil},
	"user-update": {"user_update.xml", map[string]string{
		"tsResponse/user@authSetting": "a 3.29 server reports the auth setting it stored",
	}},
	"user-list":      {"user_get.xml", nil},
	"user-get":       {"user_get_by_id.xml", nil},
	"user-groups":    {"user_populate_groups.xml", nil},
	"user-workbooks": {"user_populate_workbooks.xml", nil},
	"group-create": {"group_create.xml", map[string]string{
		"tsResponse/group@siteRole":         "REST 2.x reported a group's license mode on the group; 3.29 has minimumSiteRole (or <import> for AD groups)",
		"tsResponse/group@grantLicenseMode": "REST 2.x reported a group's license mode on the group; 3.29 has minimumSiteRole (or <import> for AD groups)",
	}},
	"group-list": {"group_get.xml", map[string]string{
		"tsResponse/groups/group@minimumSiteRole": "REST 3.21+ reports a group's minimum site role when it has one; the capture predates it",
	}},
	"group-add-user":  {"group_add_user.xml", nil},
	"group-add-users": {"group_add_users.xml", nil},
	"group-users":     {"group_populate_users.xml", nil},
}

func compareWithCaptures(t *testing.T, bodies map[string][]byte) {
	dir, err := xsdcheck.ReferenceDir()
	if err != nil {
		xsdcheck.Unavailable(t, err)
		return
	}
	for name, cp := range captures {
		t.Run("shape/"+name, func(t *testing.T) {
			got, ok := bodies[name]
			if !ok {
				t.Fatalf("no answer named %s", name)
			}
			want, err := os.ReadFile(filepath.Join(dir, "responses", cp.file))
			if err != nil {
				xsdcheck.Unavailable(t, err)
				return
			}
			var ignore []string
			for k, why := range cp.ignore {
				if why == "" {
					t.Errorf("deliberate difference %s has no reason", k)
				}
				ignore = append(ignore, k)
			}
			xsdcheck.CompareShape(t, got, want, ignore...)
			// A deliberate difference that is no longer a difference must go.
			gs, _ := xsdcheck.Shape(got)
			ws, _ := xsdcheck.Shape(want)
			for k := range cp.ignore {
				if !differs(gs, ws, k) {
					t.Errorf("%s is listed as a difference but the shapes agree on it", k)
				}
			}
		})
	}
}

var attrRE = regexp.MustCompile(`^(.*)@(.*)$`)

// differs reports whether the shapes disagree on an element path or attribute.
func differs(got, want map[string][]string, key string) bool {
	if m := attrRE.FindStringSubmatch(key); m != nil {
		return has(got[m[1]], m[2]) != has(want[m[1]], m[2])
	}
	_, g := got[key]
	_, w := want[key]
	return g != w
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// rawSuite names the raw-HTTP test that must reach a route: "handlers"
// (TestRawClientEveryHandler) for server info, authentication, sites,
// projects, users and groups; "schedules" (TestScheduleWireFidelity) for
// schedules and tasks; "content" (TestContentWireFidelity) for the rest. Every route falls to one of them, so the two together reach the
// whole routing table without going through the SDK.
func rawSuite(rt emulator.Route) string {
	if gapRoutes[rt.Method+" "+rt.Pattern] {
		return "gaps" // TestGapsWireFidelity
	}
	seg := strings.Split(rt.Pattern, "/")
	if seg[0] == "schedules" || (len(seg) > 2 && seg[0] == "sites" && (seg[2] == "schedules" || seg[2] == "tasks")) {
		return "schedules" // TestScheduleWireFidelity
	}
	if len(seg) < 3 || seg[0] != "sites" {
		return "handlers" // serverinfo, auth/*, sites, sites/{key}
	}
	if seg[2] == "users" && len(seg) == 4 && (seg[3] == "import" || seg[3] == "delete") {
		return "identity" // issue 16, bulk users: TestIdentityWireFidelity
	}
	switch seg[2] {
	case "projects", "users", "groups":
		return "handlers"
	case "favorites", "orderFavorites":
		return "favorites" // TestFavoritesWireFidelity
	case "customviews":
		return "customviews" // TestCustomViewWireFidelity
	case "virtualConnections":
		return "virtualconnections" // TestVirtualConnectionWireFidelity
	case "groupsets": // issue 16, group sets
		return "identity" // TestIdentityWireFidelity
	}
	return "content"
}

// assertEveryRouteReached fails for each route of emulator.Routes() that
// falls to suite and whose handler no request reached.
func assertEveryRouteReached(t *testing.T, emu *emulator.Server, suite string) {
	t.Helper()
	routes := emulator.Routes()
	if len(routes) < minRoutes {
		t.Errorf("the routing table has %d routes, fewer than the %d it had when this test was written", len(routes), minRoutes)
	}
	mine := 0
	for _, rt := range routes {
		if rawSuite(rt) != suite {
			continue
		}
		mine++
		if emu.Handled(rt.Method, rt.Pattern) == 0 {
			t.Errorf("no request reached %s %s: call it in this test", rt.Method, rt.Pattern)
		}
	}
	if mine == 0 {
		t.Errorf("no route falls to the %s suite", suite)
	}
}

// minRoutes is how many routes emulator.Routes() had when the tests that
// walk it were written; it only grows.
const minRoutes = 74
