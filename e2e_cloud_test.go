package tsc_test

import (
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// Tableau Cloud's rules, one test each (docs/cloud.md maps them to their
// Tableau pages and internal/emulator/cloud.go applies them).

// e2eWantDetail fails unless err is a *tsc.ServerError whose detail says why.
func e2eWantDetail(t *testing.T, err error, why string) {
	t.Helper()
	var se *tsc.ServerError
	if !errors.As(err, &se) || !strings.Contains(se.Detail, why) {
		t.Fatalf("got %v, want a detail saying %q", err, why)
	}
}

func TestCloudRefusesPasswordSignIn(t *testing.T) {
	srv := tsctest.NewServer(t, tsctest.WithCloud())
	c := e2eMust(srv.NewClient())(t)
	err := c.SignIn(e2eCtx, tsc.Password(srv.AdminUsername, srv.AdminPassword, srv.Site))
	e2eWantCode(t, err, tsc.ErrUnauthorized, http.StatusUnauthorized, "401001")
	e2eWantDetail(t, err, "multi-factor authentication")
	if c.SignedIn() {
		t.Fatal("signed in with a password on Cloud")
	}
	// The same password signs in on Server: the refusal is Cloud's, not a wrong password.
	server := tsctest.NewServer(t, tsctest.WithAdmin(srv.AdminUsername, srv.AdminPassword))
	e2eNoErr(t, e2eMust(server.NewClient())(t).SignIn(e2eCtx, tsc.Password(srv.AdminUsername, srv.AdminPassword, "")))
	// A token and a connected-app JWT sign in on Cloud.
	e2eNoErr(t, c.SignIn(e2eCtx, tsc.PersonalAccessToken(srv.TokenName, srv.TokenSecret, srv.Site)))
	jwtSrv := tsctest.NewServer(t, tsctest.WithCloud(), tsctest.WithJWT("s3cret-s3cret-s3cret-s3cret-s3cret", "kid-1", "app-1"))
	jc := e2eMust(jwtSrv.NewClient())(t)
	e2eNoErr(t, jc.SignIn(e2eCtx, tsc.JWT(jwtSrv.SignJWT(jwtSrv.AdminUsername), jwtSrv.Site)))
	e2eMust2(jc.Projects.List(e2eCtx, tsc.ListOptions{}))(t)
}

func TestCloudSignInNeedsASite(t *testing.T) {
	srv := tsctest.NewServer(t, tsctest.WithCloudSite("acme"))
	if srv.Site != "acme" {
		t.Fatalf("site %q", srv.Site)
	}
	c := e2eMust(srv.NewClient())(t)
	err := c.SignIn(e2eCtx, tsc.PersonalAccessToken(srv.TokenName, srv.TokenSecret, ""))
	e2eWantCode(t, err, tsc.ErrUnauthorized, http.StatusUnauthorized, "401001")
	e2eWantDetail(t, err, "no Default site")
	e2eNoErr(t, c.SignIn(e2eCtx, tsc.PersonalAccessToken(srv.TokenName, srv.TokenSecret, "acme")))
	// No Default site: asking for the site with the empty content URL finds none.
	_, err = c.Sites.GetByContentURL(e2eCtx, "")
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404000")
}

func TestCloudHasNoServerLevelMethods(t *testing.T) {
	srv, c := e2eServer(t, tsctest.WithCloud())
	other := e2eMust(srv.SeedSite("Other", "other"))(t)

	_, err := c.Sites.Create(e2eCtx, tsc.Site{Name: "New", ContentURL: "new"})
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403000")
	e2eWantDetail(t, err, "isn't available for Tableau Cloud")
	err = c.Sites.Delete(e2eCtx, c.Session().SiteID)
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403000")
	e2eWantDetail(t, err, "isn't available for Tableau Cloud")
	err = c.Sites.Delete(e2eCtx, other.ID)
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403000")

	// No server schedules on Cloud: each extract refresh task carries its own.
	_, _, err = c.Schedules.List(e2eCtx, tsc.ListOptions{})
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403000")
	e2eWantDetail(t, err, "server schedules aren't available for Tableau Cloud")
	_, err = c.Schedules.Create(e2eCtx, tsc.Schedule{Name: "Nightly", Type: tsc.ScheduleExtract, Frequency: tsc.FrequencyDaily,
		FrequencyDetails: &tsc.FrequencyDetails{Start: "01:00:00"}})
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403000")

	// Query Sites answers the caller's own site, never the pod's others.
	sites := e2eMust2(c.Sites.List(e2eCtx, tsc.ListOptions{}))(t)
	if len(sites) != 1 || sites[0].ContentURL != srv.Site {
		t.Fatalf("sites %v, want only %q", sites, srv.Site)
	}
	// A site administrator on Cloud is no server administrator: no impersonation.
	ann := e2eMust(c.Users.Add(e2eCtx, tsc.User{Name: "ann@example.com", SiteRole: tsc.SiteRoleCreator}))(t)
	imp := e2eMust(srv.NewClient())(t)
	err = imp.SignIn(e2eCtx, tsc.PersonalAccessToken(srv.TokenName, srv.TokenSecret, srv.Site).Impersonate(ann.ID))
	e2eWantCode(t, err, tsc.ErrUnauthorized, http.StatusUnauthorized, "401001")

	// The same calls work on Server, from its server administrator.
	_, sc := e2eServer(t)
	s := e2eMust(sc.Sites.Create(e2eCtx, tsc.Site{Name: "New", ContentURL: "new"}))(t)
	e2eNoErr(t, sc.SwitchSite(e2eCtx, "new"))
	e2eNoErr(t, sc.Sites.Delete(e2eCtx, s.ID))
}

func TestCloudSiteRoles(t *testing.T) {
	_, c := e2eServer(t, tsctest.WithCloud())
	for _, role := range []tsc.SiteRole{tsc.SiteRoleCreator, tsc.SiteRoleExplorer, tsc.SiteRoleExplorerCanPublish,
		tsc.SiteRoleSiteAdministratorCreator, tsc.SiteRoleSiteAdministratorExplorer, tsc.SiteRoleViewer, tsc.SiteRoleUnlicensed} {
		u := e2eMust(c.Users.Add(e2eCtx, tsc.User{Name: "u-" + string(role), SiteRole: role}))(t)
		if u.SiteRole != role {
			t.Errorf("added as %s, got %s", role, u.SiteRole)
		}
	}
	viewer := e2eMust(c.Users.Add(e2eCtx, tsc.User{Name: "vera", SiteRole: tsc.SiteRoleViewer}))(t)
	for _, role := range []tsc.SiteRole{tsc.SiteRoleServerAdministrator, tsc.SiteRoleGuest, tsc.SiteRoleSupportUser, tsc.SiteRolePublisher} {
		_, err := c.Users.Add(e2eCtx, tsc.User{Name: "x-" + string(role), SiteRole: role})
		e2eWantCode(t, err, tsc.ErrBadRequest, http.StatusBadRequest, "400013")
		_, err = c.Users.Update(e2eCtx, tsc.User{ID: viewer.ID, SiteRole: role})
		e2eWantCode(t, err, tsc.ErrBadRequest, http.StatusBadRequest, "400013")
		_, err = c.Groups.Create(e2eCtx, tsc.Group{Name: "g-" + string(role), MinimumSiteRole: role})
		e2eWantCode(t, err, tsc.ErrBadRequest, http.StatusBadRequest, "400013")
	}
	// Server has the roles Cloud lacks.
	_, sc := e2eServer(t)
	e2eMust(sc.Users.Add(e2eCtx, tsc.User{Name: "guest", SiteRole: tsc.SiteRoleGuest}))(t)
}

func TestCloudTokenSignedInTwiceEndsTheFirstSession(t *testing.T) {
	srv := tsctest.NewServer(t, tsctest.WithCloud())
	creds := tsc.PersonalAccessToken(srv.TokenName, srv.TokenSecret, srv.Site)
	first := e2eMust(srv.NewClient(tsc.WithoutReauth()))(t)
	e2eNoErr(t, first.SignIn(e2eCtx, creds))
	e2eMust2(first.Projects.List(e2eCtx, tsc.ListOptions{}))(t)

	second := e2eMust(srv.NewClient(tsc.WithoutReauth()))(t)
	e2eNoErr(t, second.SignIn(e2eCtx, creds))
	_, _, err := first.Projects.List(e2eCtx, tsc.ListOptions{})
	e2eWantCode(t, err, tsc.ErrUnauthorized, http.StatusUnauthorized, "401002")
	e2eMust2(second.Projects.List(e2eCtx, tsc.ListOptions{}))(t)

	// Another token of the same user has sessions of its own.
	admin := e2eMust(second.Users.Get(e2eCtx, second.Session().UserID))(t)
	e2eNoErr(t, srv.SeedPersonalAccessToken(admin.ID, "ci", "ci-secret"))
	third := e2eMust(srv.NewClient(tsc.WithoutReauth()))(t)
	e2eNoErr(t, third.SignIn(e2eCtx, tsc.PersonalAccessToken("ci", "ci-secret", srv.Site)))
	e2eMust2(second.Projects.List(e2eCtx, tsc.ListOptions{}))(t)

	// Server lets a token hold two sessions.
	server := tsctest.NewServer(t)
	sCreds := tsc.PersonalAccessToken(server.TokenName, server.TokenSecret, "")
	a := e2eMust(server.NewClient(tsc.WithoutReauth()))(t)
	e2eNoErr(t, a.SignIn(e2eCtx, sCreds))
	e2eNoErr(t, e2eMust(server.NewClient())(t).SignIn(e2eCtx, sCreds))
	e2eMust2(a.Projects.List(e2eCtx, tsc.ListOptions{}))(t)
}

func TestCloudTokenExpiresAfter15IdleDays(t *testing.T) {
	clock := newE2EClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	srv := tsctest.NewServer(t, tsctest.WithCloud(), tsctest.WithClock(clock.Now), tsctest.WithSessionLifetime(time.Hour))
	creds := tsc.PersonalAccessToken(srv.TokenName, srv.TokenSecret, srv.Site)
	signIn := func() error { return e2eMust(srv.NewClient())(t).SignIn(e2eCtx, creds) }

	// Used every 14 days, the token lives on.
	for range 3 {
		clock.Advance(14 * 24 * time.Hour)
		e2eNoErr(t, signIn())
	}
	// Idle for 15 days, it is gone, and stays gone.
	clock.Advance(15 * 24 * time.Hour)
	e2eWantCode(t, signIn(), tsc.ErrUnauthorized, http.StatusUnauthorized, "401001")
	clock.Advance(-15 * 24 * time.Hour)
	e2eWantCode(t, signIn(), tsc.ErrUnauthorized, http.StatusUnauthorized, "401001")

	// Server keeps an idle token (the rule is Cloud's here).
	sclock := newE2EClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	server := tsctest.NewServer(t, tsctest.WithClock(sclock.Now))
	sclock.Advance(30 * 24 * time.Hour)
	e2eNoErr(t, e2eMust(server.NewClient())(t).SignIn(e2eCtx, tsc.PersonalAccessToken(server.TokenName, server.TokenSecret, "")))
}

func TestCloudServerInfo(t *testing.T) {
	srv, c := e2eServer(t, tsctest.WithCloud())
	info := e2eMust(c.ServerInfo(e2eCtx))(t)
	if !regexp.MustCompile(`^20\d\d\.[1-4]\.\d+$`).MatchString(info.ProductVersion.Value) {
		t.Errorf("productVersion %q is not a release like 2026.2.0", info.ProductVersion.Value)
	}
	// A Cloud pod answers "2022.3.0", build "20223.22.0912.1638"
	// (tableau/server-client-python#1118): the release, and a build whose
	// first five digits are the release's year and quarter.
	if got, want := info.ProductVersion.Build[:5], strings.ReplaceAll(info.ProductVersion.Value, ".", "")[:5]; got != want {
		t.Errorf("build %q does not start with the release %q's year and quarter", info.ProductVersion.Build, info.ProductVersion.Value)
	}
	if !regexp.MustCompile(`^20\d\d[1-4]\.\d\d\.\d{4}\.\d{4}$`).MatchString(info.ProductVersion.Build) {
		t.Errorf("build %q is not of the form 20241.24.0122.1720", info.ProductVersion.Build)
	}
	if info.RESTAPIVersion != srv.APIVersion() {
		t.Errorf("restApiVersion %q, want %q", info.RESTAPIVersion, srv.APIVersion())
	}
}

func TestCloudPersonalSpace(t *testing.T) {
	srv, c := e2eServer(t, tsctest.WithCloud())
	site := e2eMust(c.Sites.GetByContentURL(e2eCtx, srv.Site))(t)
	if site.PersonalSpaceEnabled == nil || !*site.PersonalSpaceEnabled {
		t.Fatalf("personalSpaceEnabled %v on a Cloud site, want true", site.PersonalSpaceEnabled)
	}
	_, sc := e2eServer(t)
	def := e2eMust(sc.Sites.GetByContentURL(e2eCtx, ""))(t)
	if def.PersonalSpaceEnabled != nil && *def.PersonalSpaceEnabled {
		t.Fatal("the Server's Default site has Personal Space on")
	}
}

func TestCloudResetKeepsTheSite(t *testing.T) {
	srv, c := e2eServer(t, tsctest.WithCloudSite("acme"))
	e2eMust(c.Projects.Create(e2eCtx, tsc.Project{Name: "Scratch"}))(t)
	e2eNoErr(t, srv.Reset(e2eCtx))
	c = srv.MustClient(t)
	ps := e2eMust2(c.Projects.List(e2eCtx, tsc.ListOptions{}))(t)
	if c.Session().SiteContentURL != "acme" || slices.ContainsFunc(ps, func(p tsc.Project) bool { return p.Name == "Scratch" }) {
		t.Fatalf("after reset: site %q, projects %v", c.Session().SiteContentURL, ps)
	}
}

// TestCloudSiteIsolation: with no server administrator on Cloud, a site
// administrator reaches nothing of another site on the pod, not even to
// read it; and a token signed in to another site ends its session on the
// first ("whether at the same site or a different site").
func TestCloudSiteIsolation(t *testing.T) {
	srv, c := e2eServer(t, tsctest.WithCloud())
	other := e2eMust(srv.SeedSite("Other", "other"))(t)
	_, err := c.Sites.Get(e2eCtx, other.ID)
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403000")
	_, err = c.Sites.Update(e2eCtx, tsc.Site{ID: other.ID, Name: "Mine now"})
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403000")
	_, err = c.Sites.GetByContentURL(e2eCtx, "other")
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403000")
	// A session on one site cannot be pointed at another site's resources.
	foreign := e2eMust(srv.NewClient(tsc.WithSession(tsc.Session{Token: c.Session().Token, SiteID: other.ID, UserID: c.Session().UserID})))(t)
	_, _, err = foreign.Users.List(e2eCtx, tsc.ListOptions{})
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403000")

	// The administrator joins the other site too; the token's session
	// there ends the one on the first site.
	e2eMust(srv.SeedUser("other", srv.AdminUsername, tsc.SiteRoleSiteAdministratorExplorer))(t)
	first := e2eMust(srv.NewClient(tsc.WithoutReauth()))(t)
	e2eNoErr(t, first.SignIn(e2eCtx, tsc.PersonalAccessToken(srv.TokenName, srv.TokenSecret, srv.Site)))
	elsewhere := e2eMust(srv.NewClient(tsc.WithoutReauth()))(t)
	e2eNoErr(t, elsewhere.SignIn(e2eCtx, tsc.PersonalAccessToken(srv.TokenName, srv.TokenSecret, "other")))
	_, _, err = first.Projects.List(e2eCtx, tsc.ListOptions{})
	e2eWantCode(t, err, tsc.ErrUnauthorized, http.StatusUnauthorized, "401002")
	e2eMust2(elsewhere.Projects.List(e2eCtx, tsc.ListOptions{}))(t)
}

// TestCloudTaskCarriesItsSchedule: on Tableau Cloud an extract refresh
// task is created with its own schedule (there are no server schedules),
// and the emulator's clock runs it: two days of a daily task are two
// refresh jobs.
func TestCloudTaskCarriesItsSchedule(t *testing.T) {
	srv, c := e2eServer(t, tsctest.WithCloud(), tsctest.WithJobDuration(time.Millisecond))
	wb := e2ePublishSales(t, c, "Sales")
	task, sch, err := c.Tasks.CreateCloudExtractRefresh(e2eCtx, tsc.CloudExtractRefresh{WorkbookID: wb.ID,
		Schedule: &tsc.Schedule{Frequency: tsc.FrequencyDaily, FrequencyDetails: &tsc.FrequencyDetails{Start: "08:00:00",
			Intervals: &tsc.IntervalList{Intervals: []tsc.Interval{{Hours: "24"}}}}}})
	e2eNoErr(t, err)
	if task.ID == "" || sch == nil || sch.Frequency != tsc.FrequencyDaily {
		t.Fatalf("created task %+v with schedule %+v", task, sch)
	}
	before := len(e2eCollect(t, c.Jobs.All(e2eCtx, tsc.ListOptions{})))
	e2eNoErr(t, srv.Advance(48*time.Hour))
	var refreshes int
	for _, j := range e2eCollect(t, c.Jobs.All(e2eCtx, tsc.ListOptions{})) {
		if j.JobType == "refresh_extracts" {
			refreshes++
		}
	}
	if refreshes != 2 {
		t.Errorf("two days of a daily Cloud task made %d refresh jobs (of %d jobs, %d before)", refreshes, len(e2eCollect(t, c.Jobs.All(e2eCtx, tsc.ListOptions{}))), before)
	}
}
