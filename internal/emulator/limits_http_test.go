package emulator_test

import (
	"encoding/xml"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/tsc-go/tsc/internal/emulator"
)

// limitsFixture is a server with one of each thing a list route can be
// under: a group, a workbook (with a connection) and a data source.
type limitsFixture struct {
	c                        *contentClient
	group, workbook, wbConn  string
	datasource, dsConn, user string
	flow                     string
	vconn                    string
}

func newLimitsFixture(t *testing.T) *limitsFixture {
	t.Helper()
	c := newContent(t, emulator.Config{})
	f := &limitsFixture{c: c, user: c.user}
	f.group = attrOf(t, c.xml("", "POST", c.sitePath("groups"), `<tsRequest><group name="G"/></tsRequest>`, 201), "group", "id")
	f.workbook = attrOf(t, c.publishWorkbook("W", "Sales.twb", testFile(t, "workbooks/Sales.twb"), "", 201), "workbook", "id")
	f.datasource = attrOf(t, c.publishDatasource("D", "Orders.tds", testFile(t, "datasources/Orders.tds"), "", 201), "datasource", "id")
	f.wbConn = attrOf(t, c.xml("", "GET", c.sitePath("workbooks/"+f.workbook+"/connections"), "", 200), "connection", "id")
	f.dsConn = attrOf(t, c.xml("", "GET", c.sitePath("datasources/"+f.datasource+"/connections"), "", 200), "connection", "id")
	f.flow = attrOf(t, c.multipart("", "POST", c.sitePath("flows"), 201, payloadPart(`<tsRequest><flow name="F"/></tsRequest>`),
		filePart("tableau_flow", "F.tfl", testFile(t, "flows/Sales Prep.tfl"))), "flow", "id")
	// A virtual connection (issue 16 item 5), for its list routes.
	def := attrOf(t, c.xml("", "GET", c.sitePath("projects?filter=name:eq:Default"), "", 200), "project", "id")
	f.vconn = attrOf(t, c.xml("", "POST", c.sitePath("virtualConnections"), `<tsRequest><virtualConnection name="V"><project id="`+
		def+`"/><owner id="`+c.user+`"/><content>{"connections":[{"server":"db"}]}</content></virtualConnection></tsRequest>`, 201),
		"virtualConnection", "id")
	return f
}

// sized is tag padded with x to n characters, so that names at a limit
// are distinct.
func sized(tag string, n int) string { return tag + strings.Repeat("x", n-len(tag)) }

// wantTableauError checks that body is a Tableau error with the code,
// whose text carries no SQL and, when msg is set, contains msg.
func wantTableauError(t *testing.T, what string, body []byte, code, msg string) {
	t.Helper()
	if got := errorCode(t, body); got != code {
		t.Errorf("%s: code %s, want %s\n%.300s", what, got, code, body)
	}
	if msg != "" && !strings.Contains(errorDetail(t, body), msg) {
		t.Errorf("%s: the message does not say %q:\n%.600s", what, msg, body)
	}
	noSQL(t, what, body)
}

// errorDetail is the text of a Tableau error's <detail>, unescaped.
func errorDetail(t *testing.T, body []byte) string {
	t.Helper()
	var r struct {
		Error struct {
			Detail string `xml:"detail"`
		} `xml:"error"`
	}
	if err := xml.Unmarshal(body, &r); err != nil {
		t.Fatalf("not a Tableau answer: %v\n%.300s", err, body)
	}
	return r.Error.Detail
}

// noSQL fails when an answer carries the store's own words.
func noSQL(t *testing.T, what string, body []byte) {
	t.Helper()
	low := strings.ToLower(string(body))
	for _, w := range []string{"sql", "select ", "no such", "too many terms", "expression tree"} {
		if strings.Contains(low, w) {
			t.Errorf("%s: the answer carries %q:\n%.600s", what, w, body)
		}
	}
}

// TestNameLimits holds the length limits on every create and update that
// stores a name or a text: at the limit the request succeeds, one
// character more is refused with 400 400000 and a message naming the field
// and the limit.
func TestNameLimits(t *testing.T) {
	f := newLimitsFixture(t)
	c := f.c
	project := attrOf(t, c.xml("", "POST", c.sitePath("projects"), `<tsRequest><project name="P"/></tsRequest>`, 201), "project", "id")
	type req struct {
		method, path string
		ok           int
		body         func(v string) string // the request with v in the field
	}
	const (
		name  = maxName
		desc  = maxDesc
		email = 254
		conn  = 255
		pw    = 1024
	)
	for _, tc := range []struct {
		field string
		limit int
		req   req
	}{
		{"site name", name, req{"POST", "sites", 201, func(v string) string {
			return `<tsRequest><site name="` + v + `" contentUrl="c` + fmt.Sprint(len(v)) + `"/></tsRequest>`
		}}},
		{"site content URL", name, req{"POST", "sites", 201, func(v string) string {
			return `<tsRequest><site name="n` + fmt.Sprint(len(v)) + `" contentUrl="` + v + `"/></tsRequest>`
		}}},
		// An update reaches the signed-in site only, the Default site,
		// whose content URL cannot change: its name can.
		{"site name", name, req{"PUT", "sites/" + c.site, 200, func(v string) string { return `<tsRequest><site name="` + v + `"/></tsRequest>` }}},
		{"project name", name, req{"POST", c.sitePath("projects"), 201, func(v string) string { return `<tsRequest><project name="` + v + `"/></tsRequest>` }}},
		{"project description", desc, req{"POST", c.sitePath("projects"), 201, func(v string) string {
			return `<tsRequest><project name="d` + fmt.Sprint(len(v)) + `" description="` + v + `"/></tsRequest>`
		}}},
		{"project name", name, req{"PUT", c.sitePath("projects/" + project), 200, func(v string) string { return `<tsRequest><project name="` + v + `"/></tsRequest>` }}},
		{"project description", desc, req{"PUT", c.sitePath("projects/" + project), 200, func(v string) string {
			return `<tsRequest><project description="` + v + `"/></tsRequest>`
		}}},
		{"user name", name, req{"POST", c.sitePath("users"), 201, func(v string) string { return `<tsRequest><user name="` + v + `" siteRole="Viewer"/></tsRequest>` }}},
		{"user's full name", name, req{"PUT", c.sitePath("users/" + f.user), 200, func(v string) string { return `<tsRequest><user fullName="` + v + `"/></tsRequest>` }}},
		{"user's email", email, req{"PUT", c.sitePath("users/" + f.user), 200, func(v string) string {
			return `<tsRequest><user email="` + v[:len(v)-len("@example.com")] + `@example.com"/></tsRequest>`
		}}},
		{"group name", name, req{"POST", c.sitePath("groups"), 201, func(v string) string { return `<tsRequest><group name="` + v + `"/></tsRequest>` }}},
		{"group name", name, req{"PUT", c.sitePath("groups/" + f.group), 200, func(v string) string { return `<tsRequest><group name="` + v + `"/></tsRequest>` }}},
		{"workbook name", name, req{"PUT", c.sitePath("workbooks/" + f.workbook), 200, func(v string) string { return `<tsRequest><workbook name="` + v + `"/></tsRequest>` }}},
		{"workbook description", desc, req{"PUT", c.sitePath("workbooks/" + f.workbook), 200, func(v string) string {
			return `<tsRequest><workbook description="` + v + `"/></tsRequest>`
		}}},
		{"data source name", name, req{"PUT", c.sitePath("datasources/" + f.datasource), 200, func(v string) string { return `<tsRequest><datasource name="` + v + `"/></tsRequest>` }}},
		{"data source description", desc, req{"PUT", c.sitePath("datasources/" + f.datasource), 200, func(v string) string {
			return `<tsRequest><datasource description="` + v + `"/></tsRequest>`
		}}},
		{"data source certification note", desc, req{"PUT", c.sitePath("datasources/" + f.datasource), 200, func(v string) string {
			return `<tsRequest><datasource certificationNote="` + v + `"/></tsRequest>`
		}}},
		{"tag 'bxx", name, req{"PUT", c.sitePath("workbooks/" + f.workbook + "/tags"), 200, func(v string) string {
			return `<tsRequest><tags><tag label="` + v + `"/></tags></tsRequest>`
		}}},
		{"tag 'bxx", name, req{"PUT", c.sitePath("datasources/" + f.datasource + "/tags"), 200, func(v string) string {
			return `<tsRequest><tags><tag label="` + v + `"/></tags></tsRequest>`
		}}},
		{"connection's server address", conn, req{"PUT", c.sitePath("workbooks/" + f.workbook + "/connections/" + f.wbConn), 200, func(v string) string {
			return `<tsRequest><connection serverAddress="` + v + `"/></tsRequest>`
		}}},
		{"connection's user name", conn, req{"PUT", c.sitePath("datasources/" + f.datasource + "/connections/" + f.dsConn), 200, func(v string) string {
			return `<tsRequest><connection userName="` + v + `"/></tsRequest>`
		}}},
		{"connection's password", pw, req{"PUT", c.sitePath("datasources/" + f.datasource + "/connections/" + f.dsConn), 200, func(v string) string {
			return `<tsRequest><connection password="` + v + `"/></tsRequest>`
		}}},
	} {
		t.Run(tc.req.method+" "+tc.field, func(t *testing.T) {
			tag := "a" + fmt.Sprint(len(t.Name()))
			c.xml("", tc.req.method, tc.req.path, tc.req.body(sized(tag, tc.limit)), tc.req.ok)
			b := c.xml("", tc.req.method, tc.req.path, tc.req.body(sized("b", tc.limit+1)), 400)
			wantTableauError(t, tc.field, b, "400000",
				fmt.Sprintf("has %s characters; at most %s are allowed.", thousands(tc.limit+1), thousands(tc.limit)))
			if !strings.Contains(errorDetail(t, b), "The "+tc.field) {
				t.Errorf("the message does not name the %s:\n%.300s", tc.field, b)
			}
		})
	}

	// Publishing: the name, description and credentials of the payload,
	// refused before the file is read.
	wb := testFile(t, "workbooks/Sales.twb")
	for _, tc := range []struct {
		field, payload string
	}{
		{"workbook name", `<workbook name="` + sized("p", maxName+1) + `"/>`},
		{"workbook description", `<workbook name="pd" description="` + sized("p", maxDesc+1) + `"/>`},
		{"connection's password", `<workbook name="pc"><connectionCredentials name="u" password="` + sized("p", 1025) + `"/></workbook>`},
		{"connection's server address", `<workbook name="ps"><connections><connection serverAddress="` + sized("p", 256) + `"/></connections></workbook>`},
	} {
		b := c.multipart("", "POST", c.sitePath("workbooks"), 400, payloadPart(`<tsRequest>`+tc.payload+`</tsRequest>`), filePart("tableau_workbook", "Sales.twb", wb))
		wantTableauError(t, "publish "+tc.field, b, "400000", "The "+tc.field+" has ")
	}
	c.multipart("", "POST", c.sitePath("workbooks"), 201,
		payloadPart(`<tsRequest><workbook name="`+sized("q", maxName)+`" description="`+sized("q", maxDesc)+`"/></tsRequest>`), filePart("tableau_workbook", "Sales.twb", wb))
	ds := testFile(t, "datasources/Orders.tds")
	b := c.multipart("", "POST", c.sitePath("datasources"), 400,
		payloadPart(`<tsRequest><datasource name="`+sized("r", maxName+1)+`"/></tsRequest>`), filePart("tableau_datasource", "Orders.tds", ds))
	wantTableauError(t, "publish data source name", b, "400000", "The data source name has 256 characters; at most 255 are allowed.")

	// Tags: at most 100 in one request.
	tags := func(n int) string {
		var sb strings.Builder
		for i := range n {
			fmt.Fprintf(&sb, `<tag label="t%d"/>`, i)
		}
		return `<tsRequest><tags>` + sb.String() + `</tags></tsRequest>`
	}
	c.xml("", "PUT", c.sitePath("views/"+attrOf(t, c.xml("", "GET", c.sitePath("views"), "", 200), "view", "id")+"/tags"), tags(100), 200)
	b = c.xml("", "PUT", c.sitePath("workbooks/"+f.workbook+"/tags"), tags(101), 400)
	wantTableauError(t, "101 tags", b, "400000", "The request has 101 tags; at most 100 are allowed.")
}

// The numbers of TestNameLimits, as docs/security.md gives them.
const (
	maxName = 255
	maxDesc = 4000
)

func thousands(n int) string {
	s := fmt.Sprint(n)
	if len(s) > 3 {
		s = s[:len(s)-3] + "," + s[len(s)-3:]
	}
	return s
}

// TestHugeProjectNameIsNotStored is the attack's probe: a project named
// with 3,000,000 characters was stored, and every list (and every table
// the CLI printed) grew by 3 MB. It is refused, and nothing is stored.
func TestHugeProjectNameIsNotStored(t *testing.T) {
	c := newContent(t, emulator.Config{})
	// Two limits stand in its way: the request body's attribute size (64
	// KiB, checked while the XML is read) stops 3,000,000 characters before
	// the name's own limit sees them; a name under that size but over 255
	// characters reaches the name limit.
	for _, tc := range []struct {
		n    int
		want string
	}{
		{3_000_000, "The request body is refused: the XML document passes the"},
		{60_000, "The project name has 60,000 characters; at most 255 are allowed."},
	} {
		huge := strings.Repeat("A", tc.n)
		b := c.xml("", "POST", c.sitePath("projects"), `<tsRequest><project name="`+huge+`"/></tsRequest>`, 400)
		wantTableauError(t, thousands(tc.n)+"-character name", b, "400000", tc.want)
		if len(b) > 4096 {
			t.Errorf("the refusal is %d bytes long", len(b))
		}
	}
	list := c.xml("", "GET", c.sitePath("projects?pageSize=1000"), "", 200)
	if len(list) > 64<<10 || strings.Contains(string(list), "AAAAAAAA") {
		t.Errorf("the huge name was stored: the list is %d bytes", len(list))
	}
}

// TestPageNumberPastAnyList is the attack's probe: pageNumber=2^63-1
// overflowed the offset and answered page 1. A page number past the last
// page, however large, is refused with 400006 as Tableau refuses a page
// past the last one (TSC's users endpoint documents it: "greater than the
// final page number ... at the requested page size").
func TestPageNumberPastAnyList(t *testing.T) {
	c := newContent(t, emulator.Config{})
	for _, q := range []string{
		"pageNumber=9223372036854775807",
		"pageNumber=9223372036854775807&pageSize=1000", // (2^63-2)*1000 overflows int64
		"pageNumber=9223372036854775808",               // one past int64
		"pageNumber=99999999999999999999",
		"pageNumber=4611686018427387905&pageSize=2", // (n-1)*2 is exactly 2^63: overflows by one
		"pageNumber=2", // one project (default): page 2 is past the end
	} {
		b := c.xml("", "GET", c.sitePath("projects?"+q), "", 400)
		page, _ := url.ParseQuery(q)
		wantTableauError(t, q, b, "400006", "The page number "+page.Get("pageNumber")+" is greater than the final page number for 1 items")
	}
	for _, q := range []string{"pageNumber=0", "pageNumber=-9223372036854775808", "pageNumber=-99999999999999999999", "pageNumber=1.5"} {
		b := c.xml("", "GET", c.sitePath("projects?"+q), "", 400)
		wantTableauError(t, q, b, "400006", "is not an integer, or is less than one")
	}
	// Page 1 is still page 1.
	b := c.xml("", "GET", c.sitePath("projects?pageNumber=1"), "", 200)
	if attrOf(t, b, "pagination", "pageNumber") != "1" || attrOf(t, b, "project", "name") != "Default" {
		t.Errorf("page 1: %s", b)
	}
}

// listRoute reports whether a GET route answers a collection, and whether
// it reads list parameters (filter, sort, paging). Workbook views and
// connections take none in Tableau's reference and the emulator reads
// none: they ignore them, as Tableau does.
func listRoute(rt emulator.Route) (list, paged bool) {
	if rt.Method != "GET" {
		return false, false
	}
	segs := strings.Split(rt.Pattern, "/")
	switch last := segs[len(segs)-1]; last {
	case "sites", "projects", "users", "groups", "workbooks", "views", "datasources", "jobs", "revisions", "flows", "runs", "virtualConnections":
		return true, !(last == "views" && len(segs) > 2 && segs[len(segs)-3] == "workbooks")
	case "connections":
		return true, false
	}
	return false, false
}

// TestHostileListQueriesEveryRoute sends the attack's list queries to
// every list route of the routing table: each is refused with a 4xx and a
// Tableau error (the routes that read no list parameters answer as if
// there were none), never a 500, never the store's own words.
func TestHostileListQueriesEveryRoute(t *testing.T) {
	f := newLimitsFixture(t)
	c := f.c
	ids := map[string]string{"users": f.user, "groups": f.group, "workbooks": f.workbook, "datasources": f.datasource, "flows": f.flow, "virtualConnections": f.vconn}
	manyIn := "name:in:[" + strings.Repeat("a,", 32_999) + "a]"
	hostile := []struct {
		name, query, code, msg string
	}{
		{"2,000 sort keys", "sort=" + strings.Repeat("name:asc,", 1999) + "name:asc", "400000", "The sort has 2,000 keys; at most 16 are allowed."},
		{"1,000 eq terms", "filter=" + strings.Repeat("name:eq:x,", 999) + "name:eq:x", "400065", "The filter has 1,000 terms; at most 100 are allowed."},
		{"33,000 in values", "filter=" + url.QueryEscape(manyIn), "400065", ""},
		{"pageNumber=2^63-1", "pageNumber=9223372036854775807", "400006", "is greater than the final page number"},
		{"pageNumber=10^20", "pageNumber=99999999999999999999", "400006", "is greater than the final page number"},
		{"huge filter value", "filter=name:eq:" + strings.Repeat("x", 100_000), "400065", ""},
		{"huge sort key", "sort=" + strings.Repeat("x", 100_000) + ":asc", "400000", ""},
		{"huge parameters", "fields=" + strings.Repeat("x", 200_000), "400000", "at most 131,072 are allowed"},
		{"huge page size", "pageSize=" + strings.Repeat("9", 100_000), "403014", "is larger than the maximum page size 1000"},
		{"huge page number text", "pageNumber=" + strings.Repeat("z", 100_000), "400006", "is not an integer"},
	}
	walked := 0
	for _, rt := range emulator.Routes() {
		list, paged := listRoute(rt)
		if !list {
			continue
		}
		walked++
		segs := strings.Split(rt.Pattern, "/")
		for i, s := range segs {
			switch s {
			case "{site}":
				segs[i] = c.site
			case "{id}":
				segs[i] = ids[segs[i-1]]
			}
		}
		path := strings.Join(segs, "/")
		for _, h := range hostile {
			want := 400
			if h.code == "403014" {
				want = 403 // Tableau's page size limit
			}
			if !paged {
				want = 200
			}
			b := c.xml("", "GET", path+"?"+h.query, "", want)
			if len(b) > 16<<10 {
				t.Errorf("%s %s: the answer is %d bytes", rt.Pattern, h.name, len(b))
			}
			if !paged {
				if strings.Contains(string(b), "<error") {
					t.Errorf("%s %s: %s", rt.Pattern, h.name, b)
				}
				noSQL(t, rt.Pattern+" "+h.name, b)
				continue
			}
			msg := h.msg
			if h.name == "33,000 in values" && strings.Contains(errorDetail(t, b), "'name:in'") {
				msg = "The filter has 33,000 values for 'name:in'; at most 1,000 are allowed."
			}
			wantTableauError(t, rt.Pattern+" "+h.name, b, h.code, msg)
		}
	}
	// sites, projects, users, groups, workbooks, views, datasources, jobs,
	// user workbooks, user groups, group users, workbook views, workbook
	// and data source connections and revisions.
	if walked < 16 {
		t.Errorf("walked %d list routes, want at least 16", walked)
	}
}
