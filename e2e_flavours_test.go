package tsc_test

import (
	"bytes"
	"io"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// The SDK's admin and content paths, run against both flavours of the
// emulator: Tableau Server and Tableau Cloud. Each scenario gets a server
// and its administrator's client (a server administrator with a password on
// Server; a site administrator with a personal access token on Cloud) and
// must pass on both unchanged: the SDK works with either.

// e2eFlavour is one kind of Tableau the emulator plays.
type e2eFlavour struct {
	name string
	opts []tsctest.Option
}

var e2eFlavours = []e2eFlavour{
	{name: "Server"},
	{name: "Cloud", opts: []tsctest.Option{tsctest.WithCloud()}},
}

// e2eEachFlavour runs fn once per flavour, each with a new server.
func e2eEachFlavour(t *testing.T, fn func(t *testing.T, srv *tsctest.Server, c *tsc.Client), opts ...tsctest.Option) {
	for _, f := range e2eFlavours {
		t.Run(f.name, func(t *testing.T) {
			srv, c := e2eServer(t, append(slices.Clone(f.opts), opts...)...)
			if got := c.Session().SiteContentURL; got != srv.Site {
				t.Fatalf("the administrator is signed in to site %q, want %q", got, srv.Site)
			}
			fn(t, srv, c)
		})
	}
}

func TestFlavoursUsersAndGroups(t *testing.T) {
	e2eEachFlavour(t, func(t *testing.T, srv *tsctest.Server, c *tsc.Client) {
		ann := e2eMust(c.Users.Add(e2eCtx, tsc.User{Name: "ann@example.com", SiteRole: tsc.SiteRoleCreator}))(t)
		bob := e2eMust(c.Users.Add(e2eCtx, tsc.User{Name: "bob@example.com", SiteRole: tsc.SiteRoleViewer}))(t)
		up := e2eMust(c.Users.Update(e2eCtx, tsc.User{ID: bob.ID, SiteRole: tsc.SiteRoleExplorer, FullName: "Bob B"}))(t)
		if up.SiteRole != tsc.SiteRoleExplorer {
			t.Fatalf("updated role %q", up.SiteRole)
		}
		g := e2eMust(c.Groups.Create(e2eCtx, tsc.Group{Name: "Analysts"}))(t)
		e2eMust(c.Groups.AddUsers(e2eCtx, g.ID, []string{ann.ID, bob.ID}))(t)
		members := e2eMust2(c.Groups.Users(e2eCtx, g.ID, tsc.ListOptions{}))(t)
		if len(members) != 2 {
			t.Fatalf("group has %d members, want 2", len(members))
		}
		groups := e2eMust2(c.Users.Groups(e2eCtx, ann.ID, tsc.ListOptions{}))(t)
		if !slices.ContainsFunc(groups, func(g tsc.Group) bool { return g.Name == "Analysts" }) {
			t.Fatalf("ann's groups %v lack Analysts", groups)
		}
		e2eNoErr(t, c.Groups.RemoveUser(e2eCtx, g.ID, bob.ID))
		e2eNoErr(t, c.Users.Remove(e2eCtx, bob.ID, ""))
		users := e2eMust2(c.Users.List(e2eCtx, tsc.ListOptions{}))(t)
		names := make([]string, len(users))
		for i, u := range users {
			names[i] = u.Name
		}
		slices.Sort(names)
		if want := []string{"admin", "ann@example.com"}; !slices.Equal(names, want) {
			t.Fatalf("users %v, want %v", names, want)
		}
		e2eNoErr(t, c.Groups.Delete(e2eCtx, g.ID))
	})
}

func TestFlavoursProjects(t *testing.T) {
	e2eEachFlavour(t, func(t *testing.T, srv *tsctest.Server, c *tsc.Client) {
		fin := e2eMust(c.Projects.Create(e2eCtx, tsc.Project{Name: "Finance"}))(t)
		sub := e2eMust(c.Projects.Create(e2eCtx, tsc.Project{Name: "Quarterly", ParentProjectID: fin.ID}))(t)
		e2eMust(c.Projects.Update(e2eCtx, tsc.Project{ID: sub.ID, Description: "Q reports"}))(t)
		ps := e2eMust2(c.Projects.List(e2eCtx, tsc.ListOptions{}))(t)
		if len(ps) != 3 { // Default, Finance, Quarterly
			t.Fatalf("%d projects, want 3: %v", len(ps), ps)
		}
		e2eNoErr(t, c.Projects.Delete(e2eCtx, fin.ID))
	})
}

func TestFlavoursWorkbooksViewsAndJobs(t *testing.T) {
	e2eEachFlavour(t, func(t *testing.T, srv *tsctest.Server, c *tsc.Client) {
		wb := e2ePublishSales(t, c, "Sales")
		want := e2eFileSHA(t, e2eFile("workbooks/Sales.twbx"))
		got, _ := e2eDownloadSHA(t, func(w io.Writer) (*tsc.Download, error) {
			return c.Workbooks.Download(e2eCtx, wb.ID, w, tsc.DownloadOptions{})
		})
		if got != want {
			t.Fatalf("downloaded workbook differs from the published file")
		}
		views := e2eMust(c.Workbooks.Views(e2eCtx, wb.ID, false))(t)
		if len(views) == 0 {
			t.Fatal("the workbook has no views")
		}
		var csv bytes.Buffer
		e2eMust(c.Views.CSV(e2eCtx, views[0].ID, &csv, tsc.DataOptions{}))(t)
		if !bytes.HasPrefix(csv.Bytes(), []byte("Region,")) {
			t.Fatalf("view data %q", csv.String())
		}
		job := e2eMust(c.Workbooks.Refresh(e2eCtx, wb.ID))(t)
		done := e2eMust(c.Jobs.Wait(e2eCtx, job.ID, tsc.WaitOptions{MinInterval: time.Millisecond, MaxInterval: 5 * time.Millisecond}))(t)
		if !done.Done() {
			t.Fatalf("job not done: %+v", done)
		}
		jobs := e2eMust2(c.Jobs.List(e2eCtx, tsc.ListOptions{}))(t)
		if len(jobs) == 0 {
			t.Fatal("the site lists no jobs")
		}
		e2eNoErr(t, c.Workbooks.Delete(e2eCtx, wb.ID))
	}, tsctest.WithJobDuration(5*time.Millisecond))
}

func TestFlavoursDatasources(t *testing.T) {
	e2eEachFlavour(t, func(t *testing.T, srv *tsctest.Server, c *tsc.Client) {
		ds := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{Name: "Orders"}, e2eFile("datasources/Orders.tdsx"), tsc.PublishOptions{}))(t)
		want := e2eFileSHA(t, e2eFile("datasources/Orders.tdsx"))
		got, _ := e2eDownloadSHA(t, func(w io.Writer) (*tsc.Download, error) {
			return c.Datasources.Download(e2eCtx, ds.ID, w, tsc.DownloadOptions{})
		})
		if got != want {
			t.Fatalf("downloaded data source differs from the published file")
		}
		conns := e2eMust(c.Datasources.Connections(e2eCtx, ds.ID))(t)
		if len(conns) == 0 {
			t.Fatal("the data source has no connections")
		}
		e2eNoErr(t, c.Datasources.Delete(e2eCtx, ds.ID))
	})
}

func TestFlavoursSites(t *testing.T) {
	e2eEachFlavour(t, func(t *testing.T, srv *tsctest.Server, c *tsc.Client) {
		own := e2eMust(c.Sites.GetByContentURL(e2eCtx, srv.Site))(t)
		if own.ID != c.Session().SiteID {
			t.Fatalf("site %s, session on %s", own.ID, c.Session().SiteID)
		}
		e2eMust(c.Sites.Update(e2eCtx, tsc.Site{ID: own.ID, Name: "Renamed"}))(t)
		sites := e2eMust2(c.Sites.List(e2eCtx, tsc.ListOptions{}))(t)
		if len(sites) != 1 || sites[0].Name != "Renamed" {
			t.Fatalf("sites %v", sites)
		}
	})
}

// TestFlavoursExistingScenarios runs the suite's own admin and content
// scenarios (each written against Server, each starting its server with
// e2eServer) once per flavour: as Server, and as Cloud, where e2eServer
// starts a Cloud emulator, seeding's "" site is the Cloud site and
// e2eUserClient signs users in with tokens. Scenarios about what only
// Server has (creating sites, switching to them, impersonation, password
// sign-ins, the Guest role, quotas set by a server administrator) are not
// in the list: e2e_cloud_test.go tests Cloud's answer to each.
func TestFlavoursExistingScenarios(t *testing.T) {
	scenarios := []struct {
		name string
		run  func(*testing.T)
	}{
		{"Groups", TestE2EGroups},
		{"GroupMembers", TestE2EGroupMembers},
		{"Projects", TestE2EProjects},
		{"ProjectDeleteTakesContent", TestE2EProjectDeleteTakesContent},
		{"ProjectPermissionsBySiteRole", TestE2EProjectPermissionsBySiteRole},
		{"ProjectPagingFilteringSorting", TestE2EProjectPagingFilteringSorting},
		{"RemoveUserWithContent", TestE2ERemoveUserWithContent},
		{"UserWorkbooksAndGroups", TestE2EUserWorkbooksAndGroups},
		{"FieldsUsersAndGroups", TestE2EFieldsUsersAndGroups},
		{"PublishDownloadRoundTrip", TestE2EPublishDownloadRoundTrip},
		{"PublishChunked", TestE2EPublishChunked},
		{"OverwriteKeepsIDAndAddsRevision", TestE2EOverwriteKeepsIDAndAddsRevision},
		{"CreateNewConflictAndAppend", TestE2ECreateNewConflictAndAppend},
		{"PublishAsJob", TestE2EPublishAsJob},
		{"DownloadWithoutExtract", TestE2EDownloadWithoutExtract},
		{"WorkbooksListFilterSortPage", TestE2EWorkbooksListFilterSortPage},
		{"WorkbookGetUpdateDelete", TestE2EWorkbookGetUpdateDelete},
		{"WorkbookConnectionsAndTags", TestE2EWorkbookConnectionsAndTags},
		{"WorkbookExports", TestE2EWorkbookExports},
		{"WorkbookRefresh", TestE2EWorkbookRefresh},
		{"DatasourcesListGetUpdateDelete", TestE2EDatasourcesListGetUpdateDelete},
		{"DatasourceConnectionsTagsAndRevisions", TestE2EDatasourceConnectionsTagsAndRevisions},
		{"DatasourceRefresh", TestE2EDatasourceRefresh},
		{"ViewsListAndGet", TestE2EViewsListAndGet},
		{"ViewImages", TestE2EViewImages},
		{"ViewPDFDataAndCrosstab", TestE2EViewPDFDataAndCrosstab},
		{"ViewUsageCounts", TestE2EViewUsageCounts},
		{"JobsWaitSeesProgress", TestE2EJobsWaitSeesProgress},
		{"JobsFailAndCancel", TestE2EJobsFailAndCancel},
		{"JobsPublishJobFails", TestE2EJobsPublishJobFails},
		{"FieldsWorkbooks", TestE2EFieldsWorkbooks},
		{"FieldsViewsAndDatasources", TestE2EFieldsViewsAndDatasources},
	}
	for _, f := range e2eFlavours {
		t.Run(f.name, func(t *testing.T) {
			for _, sc := range scenarios {
				t.Run(sc.name, func(t *testing.T) {
					if f.name != "Cloud" {
						sc.run(t)
						return
					}
					started := new(atomic.Int32)
					e2eAsCloud.Store(t, started)
					defer e2eAsCloud.Delete(t)
					sc.run(t)
					if started.Load() == 0 {
						t.Fatal("the scenario started no server through e2eServer, so it did not run as Cloud")
					}
				})
			}
		})
	}
}
