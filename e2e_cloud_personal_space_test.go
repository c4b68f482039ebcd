package tsc_test

import (
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/emulator"
	"github.com/tsc-go/tsc/internal/xsdcheck"
	"github.com/tsc-go/tsc/tsctest"
)

// Tableau Cloud's Personal Space ("Content saved to your Personal Space is
// only visible to you and site administrators [...] the permissions menu
// is unavailable when a workbook is in Personal Space because the workbook
// is private": Tableau help, personal_space.htm), as a REST client sees it
// (internal/emulator/personal_space.go, docs/cloud.md).

// e2ePersonalSpaceSetup is a Cloud server where cara (a Creator) owns the
// project "Cara's" and has published Sales.twbx there, and eve (a Creator)
// leads that project and has a user rule allowing her Read and Download on
// the workbook: before the workbook goes private, eve reads it twice over.
type e2ePersonalSpaceSetup struct {
	srv              *tsctest.Server
	admin, cara, eve *tsc.Client
	caraU, eveU      *tsc.User
	project          *tsc.Project
	wb               *tsc.Workbook
	views            []tsc.View
}

func e2ePersonalSpace(t *testing.T) *e2ePersonalSpaceSetup {
	t.Helper()
	srv := tsctest.NewServer(t, tsctest.WithCloud())
	s := &e2ePersonalSpaceSetup{srv: srv, admin: srv.MustClient(t)}
	s.caraU, s.cara = e2eUserClient(t, srv, "", "cara", tsc.SiteRoleCreator)
	s.eveU, s.eve = e2eUserClient(t, srv, "", "eve", tsc.SiteRoleCreator)
	s.project = e2eMust(srv.SeedProject(srv.Site, "Cara's", "", s.caraU.ID))(t)
	s.wb = e2eMust(s.cara.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "Draft Sales", Project: &tsc.Project{ID: s.project.ID}},
		e2eFile("workbooks/Sales.twbx"), tsc.PublishOptions{}))(t)
	s.views = e2eMust(s.cara.Workbooks.Views(e2eCtx, s.wb.ID, false))(t)
	if len(s.views) == 0 {
		t.Fatal("the workbook has no views")
	}
	eve := tsc.UserGrantee(s.eveU.ID)
	e2eMust(s.admin.Permissions.Add(e2eCtx, tsc.PermProject, s.project.ID, tsc.PermissionRule{Grantee: eve, Capability: tsc.CapProjectLeader, Mode: tsc.Allow}))(t)
	e2eMust(s.admin.Permissions.Add(e2eCtx, tsc.PermWorkbook, s.wb.ID, tsc.Rules(eve, tsc.Allow, tsc.CapRead, tsc.CapExportXML)...))(t)
	// Control: eve reads, lists and downloads it while it is in the project.
	e2eMust(s.eve.Workbooks.Get(e2eCtx, s.wb.ID))(t)
	e2eMust(s.eve.Workbooks.Download(e2eCtx, s.wb.ID, io.Discard, tsc.DownloadOptions{}))(t)
	if !e2eListed(t, s.eve, s.wb.ID) {
		t.Fatal("eve does not list the workbook while it is in the project")
	}
	return s
}

// e2eListed says whether c's workbook list carries id.
func e2eListed(t *testing.T, c *tsc.Client, id string) bool {
	t.Helper()
	return slices.ContainsFunc(e2eCollect(t, c.Workbooks.All(e2eCtx, tsc.ListOptions{})), func(w tsc.Workbook) bool { return w.ID == id })
}

// e2eWantPersonalSpace fails unless w is in a Personal Space and names no project.
func e2eWantPersonalSpace(t *testing.T, w *tsc.Workbook, wantID string) {
	t.Helper()
	if !w.Location.InPersonalSpace() || w.Project != nil {
		t.Fatalf("workbook location %+v, project %+v: want a PersonalSpace location and no project", w.Location, w.Project)
	}
	if w.Location.ID == "" || (wantID != "" && w.Location.ID != wantID) {
		t.Fatalf("Personal Space id %q, want %q", w.Location.ID, wantID)
	}
}

func TestCloudPersonalSpaceMoveAndBack(t *testing.T) {
	s := e2ePersonalSpace(t)
	moved := e2eMust(s.cara.Workbooks.Update(e2eCtx, tsc.Workbook{ID: s.wb.ID, Location: tsc.PersonalSpace()}))(t)
	e2eWantPersonalSpace(t, moved, "")
	space := moved.Location.ID
	// Every answer names the same Personal Space; the owner's gets and lists show it.
	e2eWantPersonalSpace(t, e2eMust(s.cara.Workbooks.Get(e2eCtx, s.wb.ID))(t), space)
	if !e2eListed(t, s.cara, s.wb.ID) {
		t.Fatal("the owner does not list her Personal Space workbook")
	}
	e2eMust(s.cara.Workbooks.Download(e2eCtx, s.wb.ID, io.Discard, tsc.DownloadOptions{}))(t)
	// Naming the Personal Space's id moves it as well (a no-op now).
	e2eWantPersonalSpace(t, e2eMust(s.cara.Workbooks.Update(e2eCtx, tsc.Workbook{ID: s.wb.ID, Location: &tsc.Location{ID: space, Type: tsc.LocationPersonalSpace}}))(t), space)

	// Back into the project: the answer names the project again, and eve
	// (who leads it) reads it again.
	back := e2eMust(s.cara.Workbooks.Update(e2eCtx, tsc.Workbook{ID: s.wb.ID, Project: &tsc.Project{ID: s.project.ID}}))(t)
	if back.Project == nil || back.Project.ID != s.project.ID || back.Location.InPersonalSpace() {
		t.Fatalf("after the move back: project %+v, location %+v", back.Project, back.Location)
	}
	e2eMust(s.eve.Workbooks.Get(e2eCtx, s.wb.ID))(t)
	if !e2eListed(t, s.eve, s.wb.ID) {
		t.Fatal("eve does not list the workbook once it is back in the project")
	}
	// Permissions can be set again, and the project's defaults came back with it.
	e2eMust(s.cara.Permissions.Add(e2eCtx, tsc.PermWorkbook, s.wb.ID, tsc.PermissionRule{Grantee: tsc.UserGrantee(s.eveU.ID), Capability: tsc.CapWrite, Mode: tsc.Allow}))(t)
}

func TestCloudPersonalSpaceIsPrivate(t *testing.T) {
	s := e2ePersonalSpace(t)
	e2eMust(s.cara.Workbooks.Update(e2eCtx, tsc.Workbook{ID: s.wb.ID, Location: tsc.PersonalSpace()}))(t)

	// eve, project leader with a Read rule a moment ago, meets a missing workbook.
	_, err := s.eve.Workbooks.Get(e2eCtx, s.wb.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404006")
	_, err = s.eve.Workbooks.Download(e2eCtx, s.wb.ID, io.Discard, tsc.DownloadOptions{})
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404006")
	_, err = s.eve.Workbooks.PDF(e2eCtx, s.wb.ID, io.Discard, tsc.PDFOptions{})
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404006")
	_, err = s.eve.Views.Get(e2eCtx, s.views[0].ID)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404011")
	_, err = s.eve.Views.Image(e2eCtx, s.views[0].ID, io.Discard, tsc.ImageOptions{})
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404011")
	if e2eListed(t, s.eve, s.wb.ID) {
		t.Fatal("eve lists a workbook in cara's Personal Space")
	}
	list, p, err := s.eve.Workbooks.List(e2eCtx, tsc.ListOptions{})
	e2eNoErr(t, err)
	if len(list) != 0 || p.TotalAvailable != 0 {
		t.Fatalf("eve's workbook list: %d rows, total %d; want none", len(list), p.TotalAvailable)
	}
	views := e2eMust2(s.eve.Views.List(e2eCtx, tsc.ViewListOptions{}))(t)
	for _, v := range views {
		if v.ID == s.views[0].ID {
			t.Fatal("eve lists a view of a Personal Space workbook")
		}
	}
	// She cannot move it out either.
	_, err = s.eve.Workbooks.Update(e2eCtx, tsc.Workbook{ID: s.wb.ID, Project: &tsc.Project{ID: s.project.ID}})
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404006")

	// Site administrators "can view and manage Personal Space workbooks".
	got := e2eMust(s.admin.Workbooks.Get(e2eCtx, s.wb.ID))(t)
	e2eWantPersonalSpace(t, got, "")
	if !e2eListed(t, s.admin, s.wb.ID) {
		t.Fatal("the site administrator does not list a Personal Space workbook")
	}
	e2eMust(s.admin.Workbooks.Download(e2eCtx, s.wb.ID, io.Discard, tsc.DownloadOptions{}))(t)
	// Its rules went with the move: none is left for anyone to inherit from.
	perms := e2eMust(s.admin.Permissions.List(e2eCtx, tsc.PermWorkbook, s.wb.ID))(t)
	if len(perms.GranteeCapabilities) != 0 {
		t.Fatalf("a Personal Space workbook has rules: %+v", perms.GranteeCapabilities)
	}
	// Locking the project it came from, with defaults that allow eve,
	// gives it none back: it is in no project.
	e2eMust(s.admin.Projects.Update(e2eCtx, tsc.Project{ID: s.project.ID, ContentPermissions: tsc.LockedToProject}))(t)
	e2eMust(s.admin.Permissions.AddDefaults(e2eCtx, s.project.ID, tsc.PermWorkbook, tsc.PermissionRule{Grantee: tsc.UserGrantee(s.eveU.ID), Capability: tsc.CapRead, Mode: tsc.Allow}))(t)
	perms = e2eMust(s.admin.Permissions.List(e2eCtx, tsc.PermWorkbook, s.wb.ID))(t)
	if len(perms.GranteeCapabilities) != 0 {
		t.Fatalf("a lock gave a Personal Space workbook rules: %+v", perms.GranteeCapabilities)
	}
	_, err = s.eve.Workbooks.Get(e2eCtx, s.wb.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404006")
}

func TestCloudPersonalSpaceHasNoPermissions(t *testing.T) {
	s := e2ePersonalSpace(t)
	e2eMust(s.cara.Workbooks.Update(e2eCtx, tsc.Workbook{ID: s.wb.ID, Location: tsc.PersonalSpace()}))(t)
	rule := tsc.PermissionRule{Grantee: tsc.UserGrantee(s.eveU.ID), Capability: tsc.CapRead, Mode: tsc.Allow}
	for who, c := range map[string]*tsc.Client{"owner": s.cara, "site administrator": s.admin} {
		_, err := c.Permissions.Add(e2eCtx, tsc.PermWorkbook, s.wb.ID, rule)
		e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403004")
		e2eWantDetail(t, err, "Personal Space")
		_ = who
	}
	// And eve still sees nothing: the refused rule left no trace.
	_, err := s.eve.Workbooks.Get(e2eCtx, s.wb.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404006")
	// Nor does its owner subscribe to it: no subscriptions in a Personal Space.
	_, err = s.cara.Subscriptions.Create(e2eCtx, tsc.Subscription{Subject: "Mine",
		Content: &tsc.SubscriptionContent{ID: s.wb.ID, Type: tsc.SubscriptionWorkbook}, User: &tsc.User{ID: s.cara.Session().UserID},
		Schedule: &tsc.Schedule{Frequency: tsc.FrequencyDaily, FrequencyDetails: &tsc.FrequencyDetails{Start: "08:00:00",
			Intervals: &tsc.IntervalList{Intervals: []tsc.Interval{{Hours: "24"}}}}}})
	e2eWantCode(t, err, nil, http.StatusBadRequest, "400000")
	e2eWantDetail(t, err, "Personal Space")
}

func TestCloudPersonalSpaceOnlyTheOwnerMovesIn(t *testing.T) {
	s := e2ePersonalSpace(t)
	// The site administrator manages the workbook but does not own it.
	_, err := s.admin.Workbooks.Update(e2eCtx, tsc.Workbook{ID: s.wb.ID, Location: tsc.PersonalSpace()})
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403004")
	e2eWantDetail(t, err, "Only its owner")
	// Another user's Personal Space is no destination.
	_, err = s.cara.Workbooks.Update(e2eCtx, tsc.Workbook{ID: s.wb.ID, Location: &tsc.Location{ID: "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d", Type: tsc.LocationPersonalSpace}})
	e2eWantCode(t, err, nil, http.StatusBadRequest, "400000")
	// A project and a Personal Space at once is a bad request.
	_, err = s.cara.Workbooks.Update(e2eCtx, tsc.Workbook{ID: s.wb.ID, Project: &tsc.Project{ID: s.project.ID}, Location: tsc.PersonalSpace()})
	e2eWantCode(t, err, nil, http.StatusBadRequest, "400000")
	// None of these moved it.
	w := e2eMust(s.eve.Workbooks.Get(e2eCtx, s.wb.ID))(t)
	if w.Location.InPersonalSpace() {
		t.Fatal("a refused move left the workbook in a Personal Space")
	}
}

func TestCloudPersonalSpaceNeedsTheSiteSetting(t *testing.T) {
	s := e2ePersonalSpace(t)
	site := e2eMust(s.admin.Sites.GetByContentURL(e2eCtx, s.srv.Site))(t)
	e2eMust(s.admin.Sites.Update(e2eCtx, tsc.Site{ID: site.ID, PersonalSpaceEnabled: tsc.Bool(false)}))(t)
	_, err := s.cara.Workbooks.Update(e2eCtx, tsc.Workbook{ID: s.wb.ID, Location: tsc.PersonalSpace()})
	e2eWantCode(t, err, nil, http.StatusBadRequest, "400000")
	e2eWantDetail(t, err, "personalSpaceEnabled")
}

func TestServerHasNoPersonalSpace(t *testing.T) {
	srv := tsctest.NewServer(t)
	c := srv.MustClient(t)
	wb := e2ePublishSales(t, c, "Mine")
	_, err := c.Workbooks.Update(e2eCtx, tsc.Workbook{ID: wb.ID, Location: tsc.PersonalSpace()})
	e2eWantCode(t, err, nil, http.StatusBadRequest, "400000")
	e2eWantDetail(t, err, "no Personal Space")
	if got := e2eMust(c.Workbooks.Get(e2eCtx, wb.ID))(t); got.Project == nil || got.Location.InPersonalSpace() {
		t.Fatalf("project %+v, location %+v", got.Project, got.Location)
	}
}

// TestCloudPersonalSpaceEveryRouteIsPrivate walks every route of the
// routing table that names a workbook or a view as eve, once the workbook
// is in cara's Personal Space: each answers 404, as for a workbook that
// does not exist, and none names it. The owner's answers that show the
// Personal Space are valid against the XSD.
func TestCloudPersonalSpaceEveryRouteIsPrivate(t *testing.T) {
	s := e2ePersonalSpace(t)
	e2eMust(s.cara.Workbooks.Update(e2eCtx, tsc.Workbook{ID: s.wb.ID, Location: tsc.PersonalSpace()}))(t)
	conns := e2eMust(s.cara.Workbooks.Connections(e2eCtx, s.wb.ID))(t)
	// Signing in with a token ends its earlier sessions (Cloud's rule):
	// from here on only the raw sessions are used.
	eve := e2eRawSignIn(t, s.srv, "pat-eve", "secret-eve")
	cara := e2eRawSignIn(t, s.srv, "pat-cara", "secret-cara")
	conn := "00000000-0000-0000-0000-000000000001"
	if len(conns) > 0 {
		conn = conns[0].ID
	}
	named := regexp.MustCompile(regexp.QuoteMeta("Draft Sales") + "|" + regexp.QuoteMeta(s.views[0].Name))
	walked := 0
	for _, rt := range emulator.Routes() {
		p := rt.Pattern
		if !strings.HasPrefix(p, "sites/{site}/workbooks/") && !strings.HasPrefix(p, "sites/{site}/views/") {
			continue
		}
		r := strings.NewReplacer("{site}", eve.site, "workbooks/{id}", "workbooks/"+s.wb.ID, "workbooks/{wb}", "workbooks/"+s.wb.ID,
			"views/{id}", "views/"+s.views[0].ID, "{conn}", conn, "{rev}", "1", "{tag}", "q3", "{grantees}", "users",
			"{grantee}", s.eveU.ID, "{cap}", "Read", "{mode}", "Allow")
		body := ""
		if rt.Method == http.MethodPut || rt.Method == http.MethodPost {
			body = `<tsRequest><workbook name="Mine now"/></tsRequest>`
			switch {
			case strings.HasSuffix(p, "/tags"):
				body = `<tsRequest><tags><tag label="x"/></tags></tsRequest>`
			case strings.HasSuffix(p, "/permissions"):
				body = `<tsRequest><permissions><granteeCapabilities><user id="` + s.eveU.ID + `"/><capabilities><capability name="Read" mode="Allow"/></capabilities></granteeCapabilities></permissions></tsRequest>`
			case strings.Contains(p, "/connections/"):
				body = `<tsRequest><connection userName="x"/></tsRequest>`
			case strings.HasSuffix(p, "/refresh"):
				body = `<tsRequest/>`
			}
		}
		status, answer := eve.do(t, rt.Method, r.Replace(p), body)
		walked++
		if status != http.StatusNotFound {
			t.Errorf("%s %s: status %d, want 404: %.300s", rt.Method, p, status, answer)
		}
		if named.Match(answer) {
			t.Errorf("%s %s: the answer names the workbook or its view: %.300s", rt.Method, p, answer)
		}
	}
	if walked < 25 {
		t.Errorf("walked %d workbook and view routes; is the routing table complete?", walked)
	}
	bodies := map[string][]byte{}
	for _, path := range []string{"sites/" + cara.site + "/workbooks/" + s.wb.ID, "sites/" + cara.site + "/workbooks", "sites/" + cara.site + "/users/" + s.caraU.ID + "/workbooks"} {
		status, answer := cara.do(t, http.MethodGet, path, "")
		if status != http.StatusOK || !strings.Contains(string(answer), `type="PersonalSpace"`) {
			t.Fatalf("GET %s: %d %s", path, status, answer)
		}
		bodies["GET "+path] = answer
	}
	xsdcheck.ValidateAll(t, bodies)
}

// e2eRaw is a raw REST session.
type e2eRaw struct{ base, token, site string }

// e2eRawSignIn signs in with a personal access token over plain HTTP.
func e2eRawSignIn(t *testing.T, srv *tsctest.Server, name, secret string) *e2eRaw {
	t.Helper()
	r := &e2eRaw{base: srv.URL + "/api/3.29/"}
	status, b := r.do(t, http.MethodPost, "auth/signin", `<tsRequest><credentials personalAccessTokenName="`+name+
		`" personalAccessTokenSecret="`+secret+`"><site contentUrl="`+srv.Site+`"/></credentials></tsRequest>`)
	if status != http.StatusOK {
		t.Fatalf("sign-in: %d %s", status, b)
	}
	r.token = regexp.MustCompile(`token="([^"]+)"`).FindStringSubmatch(string(b))[1]
	r.site = regexp.MustCompile(`<site id="([^"]+)"`).FindStringSubmatch(string(b))[1]
	return r
}

func (r *e2eRaw) do(t *testing.T, method, path, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, r.base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if r.token != "" {
		req.Header.Set("X-Tableau-Auth", r.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// TestCloudPersonalSpaceOverJSON: a JSON-only client moves a workbook
// into its Personal Space with the JSON form of the request Tableau's MCP
// server sends ({"workbook": {"location": {"type": "PersonalSpace"}}}) and
// reads the location back as JSON; then moves it back.
func TestCloudPersonalSpaceOverJSON(t *testing.T) {
	s := e2ePersonalSpace(t)
	cara := e2eRawSignIn(t, s.srv, "pat-cara", "secret-cara")
	send := func(method, path, body string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(method, cara.base+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("X-Tableau-Auth", cara.token)
		req.Header.Set("Accept", "application/json")
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	path := "sites/" + cara.site + "/workbooks/" + s.wb.ID
	status, answer := send(http.MethodPut, path, `{"workbook": {"location": {"type": "PersonalSpace"}}}`)
	if status != http.StatusOK || !strings.Contains(answer, `"type":"PersonalSpace"`) || strings.Contains(answer, `"project"`) {
		t.Fatalf("move in: %d %s", status, answer)
	}
	status, answer = send(http.MethodGet, path, "")
	if status != http.StatusOK || !strings.Contains(answer, `"type":"PersonalSpace"`) || strings.Contains(answer, `"project"`) {
		t.Fatalf("get: %d %s", status, answer)
	}
	status, answer = send(http.MethodPut, path, `{"workbook": {"project": {"id": "`+s.project.ID+`"}}}`)
	if status != http.StatusOK || !strings.Contains(answer, `"project":{"id":"`+s.project.ID+`"`) || strings.Contains(answer, "PersonalSpace") {
		t.Fatalf("move back: %d %s", status, answer)
	}
}

// TestCloudPersonalSpaceNameLeavesTheProject: a Personal Space workbook is
// in no project, so publishing its name into the project it came from
// neither conflicts with it nor overwrites it (which would tell the
// publisher it exists); moving it back then meets the new one's name.
func TestCloudPersonalSpaceNameLeavesTheProject(t *testing.T) {
	s := e2ePersonalSpace(t)
	e2eMust(s.cara.Workbooks.Update(e2eCtx, tsc.Workbook{ID: s.wb.ID, Location: tsc.PersonalSpace()}))(t)
	publish := func(mode tsc.PublishMode) *tsc.Workbook {
		t.Helper()
		return e2eMust(s.eve.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "Draft Sales", Project: &tsc.Project{ID: s.project.ID}},
			e2eFile("workbooks/Sales.twbx"), tsc.PublishOptions{Mode: mode}))(t)
	}
	// A new workbook: no conflict with the private one.
	first := publish(tsc.PublishCreateNew)
	// Overwriting replaces eve's, never cara's.
	second := publish(tsc.PublishOverwrite)
	if first.ID == s.wb.ID || second.ID != first.ID {
		t.Fatalf("cara's %s, eve's new %s, overwritten %s", s.wb.ID, first.ID, second.ID)
	}
	e2eWantPersonalSpace(t, e2eMust(s.cara.Workbooks.Get(e2eCtx, s.wb.ID))(t), "")
	_, err := s.cara.Workbooks.Update(e2eCtx, tsc.Workbook{ID: s.wb.ID, Project: &tsc.Project{ID: s.project.ID}})
	e2eWantCode(t, err, nil, http.StatusConflict, "409004")
}

// TestCloudPersonalSpaceOutlivesItsProject: deleting the project a
// Personal Space workbook came from deletes the project's content, not the
// private workbook, which stays in its owner's Personal Space with its tags.
func TestCloudPersonalSpaceOutlivesItsProject(t *testing.T) {
	s := e2ePersonalSpace(t)
	e2eMust(s.cara.Workbooks.AddTags(e2eCtx, s.wb.ID, "draft"))(t)
	e2eMust(s.cara.Workbooks.Update(e2eCtx, tsc.Workbook{ID: s.wb.ID, Location: tsc.PersonalSpace()}))(t)
	shared := e2eMust(s.cara.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "Shared Sales", Project: &tsc.Project{ID: s.project.ID}},
		e2eFile("workbooks/Sales.twbx"), tsc.PublishOptions{}))(t)
	e2eNoErr(t, s.admin.Projects.Delete(e2eCtx, s.project.ID))
	_, err := s.cara.Workbooks.Get(e2eCtx, shared.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404006")
	w := e2eMust(s.cara.Workbooks.Get(e2eCtx, s.wb.ID))(t)
	e2eWantPersonalSpace(t, w, "")
	if w.Tags == nil || len(w.Tags.Tags) != 1 || w.Tags.Tags[0].Label != "draft" {
		t.Fatalf("tags %+v, want draft", w.Tags)
	}
	e2eMust(s.cara.Workbooks.Download(e2eCtx, s.wb.ID, io.Discard, tsc.DownloadOptions{}))(t)
	// eve still sees nothing of it.
	_, err = s.eve.Workbooks.Get(e2eCtx, s.wb.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404006")
}
