package tsc_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsc-go/tsc/tsctest"
)

// jsonClient is a client as the JSON-only tools write it (JavaScript and Go
// scripts, PowerShell modules, Terraform's provider): net/http and
// encoding/json, Accept: application/json, JSON bodies. It shares no code
// with the SDK or the emulator's JSON translation, so what it checks is
// the JSON form itself.
type jsonClient struct {
	t     *testing.T
	base  string
	token string
}

// do sends body (marshalled with encoding/json unless it is a string, sent
// as it is) and decodes the JSON answer into out, after checking the
// status and that the answer is JSON.
func (c *jsonClient) do(method, path string, body any, want int, out any) []byte {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.send(req, want, out)
}

func (c *jsonClient) send(req *http.Request, want int, out any) []byte {
	c.t.Helper()
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
		c.t.Fatalf("%s %s: %d, want %d: %s", req.Method, req.URL.Path, resp.StatusCode, want, b)
	}
	if len(b) > 0 {
		if ct := resp.Header.Get("Content-Type"); ct != "application/json;charset=utf-8" {
			c.t.Fatalf("%s %s: Content-Type %q", req.Method, req.URL.Path, ct)
		}
		if out != nil {
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.DisallowUnknownFields()
			if err := dec.Decode(out); err != nil {
				c.t.Fatalf("%s %s: %v\n%s", req.Method, req.URL.Path, err, b)
			}
		}
	}
	return b
}

// publish sends a multipart/mixed publish with a JSON request_payload.
func (c *jsonClient) publish(path string, payload any, part, fileName, file string, want int, out any) {
	c.t.Helper()
	raw, _ := json.Marshal(payload)
	content, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		c.t.Fatal(err)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `name="request_payload"`)
	h.Set("Content-Type", "application/json")
	w, _ := mw.CreatePart(h)
	w.Write(raw)
	h = textproto.MIMEHeader{}
	h.Set("Content-Disposition", `name="`+part+`"; filename="`+fileName+`"`)
	h.Set("Content-Type", "application/octet-stream")
	w, _ = mw.CreatePart(h)
	w.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", c.base+path, &buf)
	req.Header.Set("Content-Type", "multipart/mixed; boundary="+mw.Boundary())
	req.Header.Set("Accept", "application/json")
	c.send(req, want, out)
}

// The JSON shapes this client reads, written from Tableau's JSON form:
// attribute values as strings, booleans as booleans, lists as arrays under
// their container. DisallowUnknownFields in send makes each shape exact.
type (
	jPagination struct {
		PageNumber, PageSize, TotalAvailable string
	}
	jSite struct {
		ID, Name, ContentURL, AdminMode, State string
		UserQuota                              string `json:"userQuota,omitempty"`
		RevisionHistoryEnabled                 *bool  `json:"revisionHistoryEnabled,omitempty"`
		RevisionLimit                          string `json:"revisionLimit,omitempty"`
		// Further settings are read as they come.
		Rest map[string]any `json:"-"`
	}
	jRef struct {
		ID, Name string
	}
	jProject struct {
		ID, Name, Description, ContentPermissions, ParentProjectID string
		CreatedAt, UpdatedAt                                       string
		TopLevelProject, Writeable                                 *bool
		Owner                                                      *jRef
	}
	jUser struct {
		ID, Name, FullName, Email, SiteRole, AuthSetting, LastLogin, ExternalAuthUserID, Locale, Language string
		Domain                                                                                            *jRef
	}
	jGroup struct {
		ID, Name, MinimumSiteRole string
		UserCount                 string `json:"userCount,omitempty"`
		Domain                    *jRef
	}
	jTags struct {
		Tag []struct{ Label string }
	}
	jView struct {
		ID, Name, ContentURL, SheetType, ViewURLName, CreatedAt, UpdatedAt string
		Workbook, Owner, Project                                           *jRef
		Tags                                                               *jTags
		Location                                                           *struct{ ID, Name, Type string }
		Usage                                                              *struct{ TotalViewCount string }
		FavoritesTotal                                                     string // issue 16 part 3
	}
	jWorkbook struct {
		ID, Name, Description, ContentURL, WebpageURL, DefaultViewID string
		ShowTabs, EncryptExtracts, HasExtracts                       *bool
		Size, SheetCount                                             string
		CreatedAt, UpdatedAt                                         string
		Project, Owner                                               *jRef
		Location                                                     *struct{ ID, Name, Type string }
		Tags                                                         *jTags
		Views                                                        *struct{ View []jView }
		DataAccelerationConfig                                       *struct{ AccelerationEnabled *bool }
	}
	jDatasource struct {
		ID, Name, Description, ContentURL, WebpageURL, Type, CertificationNote string
		Size                                                                   string
		IsCertified, EncryptExtracts, HasExtracts, UseRemoteQueryAgent         *bool
		CreatedAt, UpdatedAt                                                   string
		Project, Owner                                                         *jRef
		Location                                                               *struct{ ID, Name, Type string }
		Tags                                                                   *jTags
	}
	jJob struct {
		ID, Mode, Type, Progress, CreatedAt, StartedAt, UpdatedAt, CompletedAt, FinishCode string
		ExtractRefreshJob                                                                  *struct {
			Datasource, Workbook *jRef
		}
	}
	jError struct {
		Error struct{ Code, Summary, Detail string }
	}
)

// UnmarshalJSON reads a reference (a workbook's project, a view's owner),
// whose other properties depend on fields=, for its id and name.
func (r *jRef) UnmarshalJSON(b []byte) error {
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	r.ID, _ = m["id"].(string)
	r.Name, _ = m["name"].(string)
	return nil
}

// TestJSONOnlyClient drives every resource end to end as a JSON-only
// client: sign-in, sites, projects, users, groups, workbooks (published
// with a JSON request_payload), views, data sources and jobs, with the
// shapes, errors and tolerances such clients meet.
func TestJSONOnlyClient(t *testing.T) {
	srv := tsctest.NewServer(t)
	c := &jsonClient{t: t, base: srv.URL + "/api/3.29/"}

	var info struct {
		ServerInfo struct {
			ProductVersion       struct{ Value, Build string }
			PrepConductorVersion string
			RESTAPIVersion       string `json:"restApiVersion"`
			Platform             string
		}
	}
	c.do("GET", "serverinfo", nil, 200, &info)
	if info.ServerInfo.RESTAPIVersion != "3.29" || info.ServerInfo.ProductVersion.Value == "" {
		t.Errorf("serverinfo: %+v", info)
	}

	// Sign in with a JSON body.
	type jCreds struct {
		Credentials struct {
			Token, EstimatedTimeToExpiration string
			Site                             struct{ ID, ContentURL string }
			User                             struct{ ID string }
		}
	}
	var creds jCreds
	signIn := map[string]any{"credentials": map[string]any{"name": srv.AdminUsername, "password": srv.AdminPassword, "site": map[string]any{"contentUrl": ""}}}
	c.do("POST", "auth/signin", signIn, 200, &creds)
	c.token = creds.Credentials.Token
	site, me := creds.Credentials.Site.ID, creds.Credentials.User.ID
	if c.token == "" || site == "" || me == "" {
		t.Fatalf("sign-in: %+v", creds)
	}
	sp := "sites/" + site + "/"

	// Sites.
	c.do("POST", "sites", map[string]any{"site": map[string]any{"name": "Marketing", "contentUrl": "mkt", "userQuota": "15", "revisionHistoryEnabled": true}}, 201, new(any))
	c.do("GET", "sites/mkt?key=contentUrl", nil, 200, new(any))
	var sites struct {
		Pagination jPagination
		Sites      struct{ Site []map[string]any }
	}
	c.do("GET", "sites", nil, 200, &sites)
	if len(sites.Sites.Site) != 2 || sites.Pagination.TotalAvailable != "2" {
		t.Errorf("sites: %+v", sites)
	}
	var mkt map[string]any
	for _, s := range sites.Sites.Site {
		if s["contentUrl"] == "mkt" {
			mkt = s
		}
	}
	if mkt == nil || mkt["userQuota"] != "15" || mkt["revisionHistoryEnabled"] != true {
		t.Errorf("the new site reads back as %v: want userQuota \"15\" and revisionHistoryEnabled true", mkt)
	}

	// Projects: an empty description clears one, as in XML.
	var proj struct{ Project jProject }
	c.do("POST", sp+"projects", map[string]any{"project": map[string]any{"name": "Finance", "description": "Money", "contentPermissions": "ManagedByOwner"}}, 201, &proj)
	pid := proj.Project.ID
	c.do("PUT", sp+"projects/"+pid, map[string]any{"project": map[string]any{"description": ""}}, 200, &proj)
	var projects struct {
		Pagination jPagination
		Projects   struct{ Project []jProject }
	}
	c.do("GET", sp+"projects?filter=name:eq:Finance", nil, 200, &projects)
	if len(projects.Projects.Project) != 1 || projects.Projects.Project[0].Description != "" || projects.Pagination != (jPagination{"1", "100", "1"}) {
		t.Errorf("projects: %+v", projects)
	}

	// Users.
	var user struct{ User jUser }
	c.do("POST", sp+"users", map[string]any{"user": map[string]any{"name": "alice", "siteRole": "Explorer"}}, 201, &user)
	alice := user.User.ID
	c.do("PUT", sp+"users/"+alice, map[string]any{"user": map[string]any{"fullName": "Alice Liddell", "email": "alice@example.com", "password": "pw"}}, 200, new(any))
	c.do("GET", sp+"users/"+alice, nil, 200, &user)
	if user.User.FullName != "Alice Liddell" || user.User.SiteRole != "Explorer" {
		t.Errorf("user: %+v", user)
	}
	var users struct {
		Pagination jPagination
		Users      struct{ User []jUser }
	}
	c.do("GET", sp+"users?pageSize=1&sort=name:asc", nil, 200, &users)
	if len(users.Users.User) != 1 || users.Pagination.PageSize != "1" || users.Pagination.TotalAvailable != "2" {
		t.Errorf("users page: %+v", users)
	}

	// Groups.
	var group struct{ Group jGroup }
	c.do("POST", sp+"groups", map[string]any{"group": map[string]any{"name": "Analysts"}}, 201, &group)
	gid := group.Group.ID
	c.do("POST", sp+"groups/"+gid+"/users", map[string]any{"user": map[string]any{"id": alice}}, 200, new(any))
	var members struct {
		Pagination jPagination
		Users      struct{ User []jUser }
	}
	c.do("GET", sp+"groups/"+gid+"/users", nil, 200, &members)
	if len(members.Users.User) != 1 || members.Users.User[0].ID != alice {
		t.Errorf("group members: %+v", members)
	}
	c.do("PUT", sp+"groups/"+gid+"/users/remove", map[string]any{"users": map[string]any{"user": []any{map[string]any{"id": alice}}}}, 204, nil)
	var empty map[string]any
	c.do("GET", sp+"groups/"+gid+"/users", nil, 200, &empty)
	if users, ok := empty["users"].(map[string]any); !ok || len(users) != 0 {
		t.Errorf("an empty group's users: %v; want \"users\": {}", empty)
	}

	// Workbooks, published with a JSON request_payload.
	var wb struct{ Workbook jWorkbook }
	c.publish(sp+"workbooks", map[string]any{"workbook": map[string]any{"name": "Sales", "showTabs": true, "project": map[string]any{"id": pid}}},
		"tableau_workbook", "Sales.twbx", "workbooks/Sales.twbx", 201, &wb)
	if wb.Workbook.ID == "" || wb.Workbook.ShowTabs == nil || !*wb.Workbook.ShowTabs || wb.Workbook.Views == nil || len(wb.Workbook.Views.View) == 0 {
		t.Fatalf("published workbook: %+v", wb)
	}
	wid, vid := wb.Workbook.ID, wb.Workbook.Views.View[0].ID
	// PowerShell writes $true as "True"; Tableau reads boolean parameters in
	// any case (Java's Boolean.valueOf), so this overwrites, not conflicts.
	c.publish(sp+"workbooks?overwrite=True", map[string]any{"workbook": map[string]any{"name": "Sales", "showTabs": true, "project": map[string]any{"id": pid}}},
		"tableau_workbook", "Sales.twbx", "workbooks/Sales.twbx", 201, &wb)
	if wb.Workbook.ID != wid {
		t.Errorf("overwrite=True made workbook %s, want %s overwritten", wb.Workbook.ID, wid)
	}
	c.do("PUT", sp+"workbooks/"+wid, map[string]any{"workbook": map[string]any{"showTabs": false}}, 200, &wb)
	c.do("PUT", sp+"workbooks/"+wid+"/tags", map[string]any{"tags": map[string]any{"tag": []any{map[string]any{"label": "q3"}}}}, 200, new(any))
	c.do("GET", sp+"workbooks/"+wid, nil, 200, &wb)
	if *wb.Workbook.ShowTabs || wb.Workbook.Tags == nil || len(wb.Workbook.Tags.Tag) != 1 || wb.Workbook.Project.ID != pid {
		t.Errorf("workbook: %+v", wb)
	}
	var none map[string]any
	c.do("GET", sp+"workbooks?filter=name:eq:Nothing", nil, 200, &none)
	if got, _ := json.Marshal(none); string(got) != `{"pagination":{"pageNumber":"1","pageSize":"100","totalAvailable":"0"},"workbooks":{}}` {
		t.Errorf("an empty list: %s", got)
	}

	// Views.
	var views struct {
		Pagination jPagination
		Views      struct{ View []jView }
	}
	c.do("GET", sp+"views?fields=_all_", nil, 200, &views)
	if len(views.Views.View) == 0 || views.Views.View[0].Workbook == nil {
		t.Errorf("views: %+v", views)
	}
	var view struct{ View jView }
	c.do("GET", sp+"views/"+vid, nil, 200, &view)
	req, _ := http.NewRequest("GET", c.base+sp+"views/"+vid+"/image", nil)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-Tableau-Auth", c.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	png, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Errorf("view image: %d %q", resp.StatusCode, png[:min(8, len(png))])
	}

	// Data sources, and the job of a refresh.
	var ds struct{ Datasource jDatasource }
	c.publish(sp+"datasources", map[string]any{"datasource": map[string]any{"name": "Orders", "project": map[string]any{"id": pid}}},
		"tableau_datasource", "Orders.tdsx", "datasources/Orders.tdsx", 201, &ds)
	did := ds.Datasource.ID
	c.do("PUT", sp+"datasources/"+did, map[string]any{"datasource": map[string]any{"isCertified": true, "certificationNote": "Checked"}}, 200, &ds)
	if ds.Datasource.IsCertified == nil || !*ds.Datasource.IsCertified {
		t.Errorf("data source: %+v", ds)
	}
	var job struct{ Job jJob }
	c.do("POST", sp+"datasources/"+did+"/refresh", map[string]any{}, 202, &job)
	c.do("GET", sp+"jobs/"+job.Job.ID, nil, 200, &job)
	if job.Job.ExtractRefreshJob == nil || job.Job.ExtractRefreshJob.Datasource.ID != did {
		t.Errorf("job: %+v", job)
	}
	c.do("GET", sp+"jobs", nil, 200, new(any))

	// Errors are JSON, with Tableau's codes.
	var e jError
	c.do("GET", sp+"workbooks/00000000-0000-0000-0000-000000000000", nil, 404, &e)
	if e.Error.Code != "404006" || e.Error.Summary != "Resource Not Found" {
		t.Errorf("not found: %+v", e)
	}
	c.do("POST", sp+"projects", `{"project": {"name": "x",}}`, 400, &e)
	if e.Error.Code != "400000" || !strings.Contains(e.Error.Detail, "line 1, column 26") {
		t.Errorf("malformed JSON: %+v", e)
	}
	c.do("POST", sp+"projects", map[string]any{"project": map[string]any{"name": "Finance"}}, 409, &e)
	c.do("PUT", sp+"workbooks/"+wid, map[string]any{"workbook": map[string]any{"showTabs": "sometimes"}}, 400, &e)
	if e.Error.Code != "400000" || !strings.Contains(e.Error.Detail, `"showTabs" must be true or false`) {
		t.Errorf("a bad boolean: %+v", e)
	}

	// Tolerance: no Content-Type on a JSON body, a trailing slash, the Accept
	// header of axios.
	req, _ = http.NewRequest("POST", c.base+"auth/signin", strings.NewReader(`{"credentials":{"name":"alice","password":"pw","site":{"contentUrl":""}}}`))
	req.Header.Set("Accept", "application/json, text/plain, */*")
	other := &jsonClient{t: t, base: c.base}
	var aliceCreds jCreds
	other.send(req, 200, &aliceCreds)
	other.token = aliceCreds.Credentials.Token
	other.do("GET", sp+"users/"+alice+"/", nil, 200, &user)

	// Clean up, and sign out.
	c.do("DELETE", sp+"workbooks/"+wid, nil, 204, nil)
	c.do("DELETE", sp+"datasources/"+did, nil, 204, nil)
	c.do("DELETE", sp+"groups/"+gid, nil, 204, nil)
	c.do("DELETE", sp+"projects/"+pid, nil, 204, nil)
	c.do("POST", "auth/signout", nil, 204, nil)
	c.do("GET", "sites", nil, 401, &e)
	if e.Error.Code != "401002" {
		t.Errorf("signed out: %+v", e)
	}
}
