package emulator_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tsc-go/tsc/internal/emulator"
)

// rulesOf reads a permissions answer as "grantee-id:Capability:Mode" lines, sorted.
func rulesOf(t *testing.T, b []byte) []string {
	t.Helper()
	var out []string
	for _, gc := range strings.Split(string(b), "<granteeCapabilities>")[1:] {
		id := regexpFind(gc, `<(?:user|group) id="([^"]+)"`)
		for _, m := range regexpAll(gc, `<capability name="([^"]+)" mode="([^"]+)"`) {
			out = append(out, id+":"+m[1]+":"+m[2])
		}
	}
	slices.Sort(out)
	return out
}

func grantXML(grantee string, caps ...string) string {
	var b strings.Builder
	b.WriteString(`<tsRequest><permissions><granteeCapabilities>` + grantee + `<capabilities>`)
	for _, c := range caps {
		name, mode, _ := strings.Cut(c, ":")
		b.WriteString(`<capability name="` + name + `" mode="` + mode + `"/>`)
	}
	b.WriteString(`</capabilities></granteeCapabilities></permissions></tsRequest>`)
	return b.String()
}

// TestPermissionInheritance: a new site's All Users group has its initial
// rules on the Default project; a top-level project copies the Default
// project's rules and defaults, a nested one its parent's; published
// content takes its project's defaults for its kind (views the workbook
// defaults' view capabilities); all are copies, which later changes of
// the source do not touch.
func TestPermissionInheritance(t *testing.T) {
	c := newContent(t, emulator.Config{})
	twbx := testFile(t, "workbooks/Sales.twbx")
	allUsers := attrOf(t, c.xml("", "GET", c.sitePath("groups?filter=name:eq:All%20Users"), "", 200), "group", "id")
	def := attrOf(t, c.xml("", "GET", c.sitePath("projects?filter=name:eq:Default"), "", 200), "project", "id")
	want := func(name string, got []string, caps ...string) {
		t.Helper()
		w := make([]string, len(caps))
		for i, c := range caps {
			w[i] = allUsers + ":" + c
		}
		slices.Sort(w)
		if !slices.Equal(got, w) {
			t.Errorf("%s: rules %v, want %v", name, got, w)
		}
	}
	want("Default project", rulesOf(t, c.xml("", "GET", c.sitePath("projects/"+def+"/permissions"), "", 200)), "Read:Allow", "Write:Allow")
	explore := []string{"Read:Allow", "Filter:Allow", "ViewComments:Allow", "AddComment:Allow", "ExportImage:Allow", "ExportData:Allow",
		"ShareView:Allow", "ViewUnderlyingData:Allow", "WebAuthoring:Allow", "RunExplainData:Allow", "ExportXml:Allow"}
	want("Default workbook defaults", rulesOf(t, c.xml("", "GET", c.sitePath("projects/"+def+"/default-permissions/workbooks"), "", 200)), explore...)
	want("Default data source defaults", rulesOf(t, c.xml("", "GET", c.sitePath("projects/"+def+"/default-permissions/datasources"), "", 200)),
		"Read:Allow", "Connect:Allow", "ExportXml:Allow", "VizqlDataApiAccess:Allow", "PulseMetricDefine:Allow")
	want("Default table defaults", rulesOf(t, c.xml("", "GET", c.sitePath("projects/"+def+"/default-permissions/tables"), "", 200)), "Read:Allow")

	// Change the Default project's workbook defaults, then make projects.
	c.raw("DELETE", c.sitePath("projects/"+def+"/default-permissions/workbooks/groups/"+allUsers+"/ExportXml/Allow"), "", nil, 204)
	top := attrOf(t, c.xml("", "POST", c.sitePath("projects"), `<tsRequest><project name="Top"/></tsRequest>`, 201), "project", "id")
	noXML := slices.DeleteFunc(slices.Clone(explore), func(s string) bool { return s == "ExportXml:Allow" })
	want("top-level project's workbook defaults (from Default)", rulesOf(t, c.xml("", "GET", c.sitePath("projects/"+top+"/default-permissions/workbooks"), "", 200)), noXML...)
	want("top-level project's rules (from Default)", rulesOf(t, c.xml("", "GET", c.sitePath("projects/"+top+"/permissions"), "", 200)), "Read:Allow", "Write:Allow")
	c.raw("DELETE", c.sitePath("projects/"+top+"/permissions/groups/"+allUsers+"/Write/Allow"), "", nil, 204)
	c.xml("", "PUT", c.sitePath("projects/"+top+"/default-permissions/workbooks"), grantXML(`<group id="`+allUsers+`"/>`, "Delete:Deny"), 200)
	nested := attrOf(t, c.xml("", "POST", c.sitePath("projects"), `<tsRequest><project name="Nested" parentProjectId="`+top+`"/></tsRequest>`, 201), "project", "id")
	want("nested project's rules (from its parent)", rulesOf(t, c.xml("", "GET", c.sitePath("projects/"+nested+"/permissions"), "", 200)), "Read:Allow")
	nestedDefaults := append(slices.Clone(noXML), "Delete:Deny")
	want("nested project's workbook defaults (from its parent)", rulesOf(t, c.xml("", "GET", c.sitePath("projects/"+nested+"/default-permissions/workbooks"), "", 200)), nestedDefaults...)

	// Published content takes its project's defaults; views their view capabilities.
	b := c.multipart("", "POST", c.sitePath("workbooks"), 201,
		payloadPart(`<tsRequest><workbook name="Inherited"><project id="`+nested+`"/></workbook></tsRequest>`), filePart("tableau_workbook", "Sales.twbx", twbx))
	wb, view := attrOf(t, b, "workbook", "id"), attrsOf(t, b, "view", "id")[0]
	want("workbook (from its project's defaults)", rulesOf(t, c.xml("", "GET", c.sitePath("workbooks/"+wb+"/permissions"), "", 200)), nestedDefaults...)
	viewCaps := slices.DeleteFunc(slices.Clone(nestedDefaults), func(s string) bool { return s == "RunExplainData:Allow" })
	want("view (the workbook defaults' view capabilities)", rulesOf(t, c.xml("", "GET", c.sitePath("views/"+view+"/permissions"), "", 200)), viewCaps...)
	// Copies: changing the project's defaults later leaves the workbook alone.
	c.raw("DELETE", c.sitePath("projects/"+nested+"/default-permissions/workbooks/groups/"+allUsers+"/Delete/Deny"), "", nil, 204)
	want("workbook after its project's defaults changed", rulesOf(t, c.xml("", "GET", c.sitePath("workbooks/"+wb+"/permissions"), "", 200)), nestedDefaults...)
	// A workbook's rule changes reach its views.
	c.xml("", "PUT", c.sitePath("workbooks/"+wb+"/permissions"), grantXML(`<user id="`+c.user+`"/>`, "ExportData:Deny", "Write:Allow"), 200)
	if got := rulesOf(t, c.xml("", "GET", c.sitePath("views/"+view+"/permissions"), "", 200)); !slices.Contains(got, c.user+":ExportData:Deny") || slices.Contains(got, c.user+":Write:Allow") {
		t.Errorf("view after its workbook's rules changed: %v", got)
	}
	ds := attrOf(t, c.multipart("", "POST", c.sitePath("datasources"), 201,
		payloadPart(`<tsRequest><datasource name="Orders"><project id="`+top+`"/></datasource></tsRequest>`),
		filePart("tableau_datasource", "Orders.tds", testFile(t, "datasources/Orders.tds"))), "datasource", "id")
	want("data source (from its project's defaults)", rulesOf(t, c.xml("", "GET", c.sitePath("datasources/"+ds+"/permissions"), "", 200)),
		"Read:Allow", "Connect:Allow", "ExportXml:Allow", "VizqlDataApiAccess:Allow", "PulseMetricDefine:Allow")
	// Adding a rule the grantee already has, with the other mode, is ignored.
	c.xml("", "PUT", c.sitePath("datasources/"+ds+"/permissions"), grantXML(`<group id="`+allUsers+`"/>`, "Connect:Deny"), 200)
	if got := rulesOf(t, c.xml("", "GET", c.sitePath("datasources/"+ds+"/permissions"), "", 200)); !slices.Contains(got, allUsers+":Connect:Allow") {
		t.Errorf("an Add over an existing rule changed it: %v", got)
	}
}

// TestLockedProjects: content in a project that locks its permissions
// holds the project's defaults, follows their changes, takes them when
// moved in, and refuses changes of its own from anyone (the administrator
// included); LockedToProject covers nested projects, which take the
// project's rules, LockedToProjectWithoutNested does not.
func TestLockedProjects(t *testing.T) {
	c := newContent(t, emulator.Config{})
	twbx := testFile(t, "workbooks/Sales.twbx")
	allUsers := attrOf(t, c.xml("", "GET", c.sitePath("groups?filter=name:eq:All%20Users"), "", 200), "group", "id")
	proj := attrOf(t, c.xml("", "POST", c.sitePath("projects"), `<tsRequest><project name="Locked"/></tsRequest>`, 201), "project", "id")
	nested := attrOf(t, c.xml("", "POST", c.sitePath("projects"), `<tsRequest><project name="Inner" parentProjectId="`+proj+`"/></tsRequest>`, 201), "project", "id")
	wb := attrOf(t, c.multipart("", "POST", c.sitePath("workbooks"), 201,
		payloadPart(`<tsRequest><workbook name="W"><project id="`+proj+`"/></workbook></tsRequest>`), filePart("tableau_workbook", "Sales.twbx", twbx)), "workbook", "id")
	inner := attrOf(t, c.multipart("", "POST", c.sitePath("workbooks"), 201,
		payloadPart(`<tsRequest><workbook name="I"><project id="`+nested+`"/></workbook></tsRequest>`), filePart("tableau_workbook", "Sales.twbx", twbx)), "workbook", "id")
	outside := attrOf(t, c.publishWorkbook("Outside", "Sales.twbx", twbx, "", 201), "workbook", "id")
	// While managed by owner, content rules are its own.
	c.xml("", "PUT", c.sitePath("workbooks/"+wb+"/permissions"), grantXML(`<user id="`+c.user+`"/>`, "Delete:Deny"), 200)
	c.xml("", "PUT", c.sitePath("workbooks/"+inner+"/permissions"), grantXML(`<user id="`+c.user+`"/>`, "Delete:Deny"), 200)

	lock := func(mode string) {
		c.xml("", "PUT", c.sitePath("projects/"+proj), `<tsRequest><project contentPermissions="`+mode+`"/></tsRequest>`, 200)
	}
	defaults := func() []string {
		return rulesOf(t, c.xml("", "GET", c.sitePath("projects/"+proj+"/default-permissions/workbooks"), "", 200))
	}
	rules := func(id string) []string {
		return rulesOf(t, c.xml("", "GET", c.sitePath("workbooks/"+id+"/permissions"), "", 200))
	}

	lock("LockedToProjectWithoutNested")
	if !slices.Equal(rules(wb), defaults()) {
		t.Errorf("locked content's rules %v, want the project's defaults %v", rules(wb), defaults())
	}
	if got := rules(inner); !slices.Contains(got, c.user+":Delete:Deny") {
		t.Errorf("WithoutNested locked the nested project's content: %v", got)
	}
	b := c.xml("", "GET", c.sitePath("workbooks/"+wb+"/permissions"), "", 200)
	if attrOf(t, b, "parent", "id") != proj {
		t.Errorf("locked content's answer names no controlling project: %s", b)
	}
	if code := errorCode(t, c.xml("", "PUT", c.sitePath("workbooks/"+wb+"/permissions"), grantXML(`<user id="`+c.user+`"/>`, "Write:Allow"), 403)); code != "403000" {
		t.Errorf("adding to locked content: %s", code)
	}
	c.xml("", "DELETE", c.sitePath("workbooks/"+wb+"/permissions/groups/"+allUsers+"/Read/Allow"), "", 403)
	// The project's default changes reach its content.
	c.xml("", "PUT", c.sitePath("projects/"+proj+"/default-permissions/workbooks"), grantXML(`<group id="`+allUsers+`"/>`, "Delete:Deny"), 200)
	if got := rules(wb); !slices.Contains(got, allUsers+":Delete:Deny") {
		t.Errorf("locked content missed its project's new default: %v", got)
	}
	// Moving content in makes it take the defaults.
	c.xml("", "PUT", c.sitePath("workbooks/"+outside), `<tsRequest><workbook><project id="`+proj+`"/></workbook></tsRequest>`, 200)
	if !slices.Equal(rules(outside), defaults()) {
		t.Errorf("content moved into a locked project: %v, want %v", rules(outside), defaults())
	}

	lock("LockedToProject")
	if !slices.Equal(rules(inner), defaults()) {
		t.Errorf("LockedToProject left the nested project's content alone: %v", rules(inner))
	}
	projRules := rulesOf(t, c.xml("", "GET", c.sitePath("projects/"+proj+"/permissions"), "", 200))
	if got := rulesOf(t, c.xml("", "GET", c.sitePath("projects/"+nested+"/permissions"), "", 200)); !slices.Equal(got, projRules) {
		t.Errorf("nested project's rules %v, want its locked parent's %v", got, projRules)
	}
	c.xml("", "PUT", c.sitePath("projects/"+nested+"/permissions"), grantXML(`<user id="`+c.user+`"/>`, "Write:Allow"), 403)

	// Unlocked, rules are the content's own again (kept as they were).
	lock("ManagedByOwner")
	c.xml("", "PUT", c.sitePath("workbooks/"+wb+"/permissions"), grantXML(`<user id="`+c.user+`"/>`, "Write:Allow"), 200)
}

// TestWhoChangesPermissions: the owner, a project leader and an
// administrator change an item's rules; another user who can read it
// cannot (403004); a grantee from another site is refused as unknown
// (404002 / 404012); a request is bounded.
func TestWhoChangesPermissions(t *testing.T) {
	c := newContent(t, emulator.Config{})
	twb := testFile(t, "workbooks/Sales.twb")
	cora := c.as("cora", "Creator")
	ed := c.as("ed", "ExplorerCanPublish")
	lee := c.as("lee", "Creator")
	wb := attrOf(t, cora.publishWorkbook("Cora's", "c.twb", twb, "", 201), "workbook", "id")
	def := attrOf(t, c.xml("", "GET", c.sitePath("projects?filter=name:eq:Default"), "", 200), "project", "id")
	body := grantXML(`<user id="`+ed.user+`"/>`, "Write:Allow")

	if code := errorCode(t, ed.xml("", "PUT", ed.sitePath("workbooks/"+wb+"/permissions"), body, 403)); code != "403004" {
		t.Errorf("a reader changing rules: %s", code)
	}
	cora.xml("", "PUT", cora.sitePath("workbooks/"+wb+"/permissions"), body, 200)
	// ed may now overwrite it, but not set its permissions.
	ed.xml("", "PUT", ed.sitePath("workbooks/"+wb), `<tsRequest><workbook description="ed was here"/></tsRequest>`, 200)
	ed.xml("", "DELETE", ed.sitePath("workbooks/"+wb+"/permissions/users/"+ed.user+"/Write/Allow"), "", 403)
	// A project leader of the Default project changes anyone's rules there.
	lee.xml("", "DELETE", lee.sitePath("workbooks/"+wb+"/permissions/users/"+ed.user+"/Write/Allow"), "", 403)
	c.xml("", "PUT", c.sitePath("projects/"+def+"/permissions"), grantXML(`<user id="`+lee.user+`"/>`, "ProjectLeader:Allow"), 200)
	lee.raw("DELETE", lee.sitePath("workbooks/"+wb+"/permissions/users/"+ed.user+"/Write/Allow"), "", nil, 204)
	lee.xml("", "PUT", lee.sitePath("projects/"+def+"/default-permissions/flows"), grantXML(`<user id="`+ed.user+`"/>`, "Execute:Allow"), 200)
	// A leader sets the project's own rules too.
	lee.xml("", "PUT", lee.sitePath("projects/"+def+"/permissions"), grantXML(`<user id="`+ed.user+`"/>`, "Read:Allow"), 200)
	ed.xml("", "PUT", ed.sitePath("projects/"+def+"/permissions"), grantXML(`<user id="`+ed.user+`"/>`, "ProjectLeader:Allow"), 403)

	// Grantees from another site.
	c.xml("", "POST", "sites", `<tsRequest><site name="Other" contentUrl="other"/></tsRequest>`, 201)
	b := c.xml("", "POST", "auth/switchSite", `<tsRequest><site contentUrl="other"/></tsRequest>`, 200)
	other := *c
	other.token, other.site = attrOf(t, b, "credentials", "token"), attrOf(t, b, "site", "id")
	otherGroup := attrOf(t, other.xml("", "POST", other.sitePath("groups"), `<tsRequest><group name="Theirs"/></tsRequest>`, 201), "group", "id")
	otherUser := attrOf(t, other.xml("", "POST", other.sitePath("users"), `<tsRequest><user name="stranger" siteRole="Viewer"/></tsRequest>`, 201), "user", "id")
	if code := errorCode(t, cora.xml("", "PUT", cora.sitePath("workbooks/"+wb+"/permissions"), grantXML(`<group id="`+otherGroup+`"/>`, "Read:Allow"), 404)); code != "404012" {
		t.Errorf("another site's group: %s", code)
	}
	if code := errorCode(t, cora.xml("", "PUT", cora.sitePath("workbooks/"+wb+"/permissions"), grantXML(`<user id="`+otherUser+`"/>`, "Read:Allow"), 404)); code != "404002" {
		t.Errorf("another site's user: %s", code)
	}
	// Bad capabilities, modes, grantees and sizes.
	for _, tc := range []struct{ body, code string }{
		{grantXML(`<user id="`+ed.user+`"/>`, "Connect:Allow"), "400009"},
		{grantXML(`<user id="`+ed.user+`"/>`, "Read:Maybe"), "400009"},
		{grantXML(`<user id="`+ed.user+`"/>`, "CreateRefreshMetrics:Allow"), "400009"},
		{grantXML(`<user id="`+ed.user+`"/><group id="`+otherGroup+`"/>`, "Read:Allow"), "400000"},
		{`<tsRequest><permissions/></tsRequest>`, "400000"},
		{grantXML(`<user id="`+ed.user+`"/>`, slices.Repeat([]string{"Read:Allow"}, 5001)...), "400000"},
	} {
		if code := errorCode(t, cora.xml("", "PUT", cora.sitePath("workbooks/"+wb+"/permissions"), tc.body, 400)); code != tc.code {
			t.Errorf("%.120s: code %s, want %s", tc.body, code, tc.code)
		}
	}
}

func regexpFind(s, re string) string {
	m := regexp.MustCompile(re).FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return m[1]
}

func regexpAll(s, re string) [][]string {
	return regexp.MustCompile(re).FindAllStringSubmatch(s, -1)
}
