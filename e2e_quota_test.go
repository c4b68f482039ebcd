package tsc_test

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
)

// Site usage and quotas, end to end: the storage Query Site reports is the
// sum of the site's content files, and the user and storage quotas are
// enforced with Tableau's answers.

func e2eFileSize(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// e2eMB is a size in whole megabytes rounded up, as Tableau reports storage.
func e2eMB(n int64) int { return int((n + 1<<20 - 1) >> 20) }

func e2eDefaultSiteID(t *testing.T, c *tsc.Client) string {
	t.Helper()
	return e2eMust(c.Sites.GetByContentURL(e2eCtx, ""))(t).ID
}

func e2eStorage(t *testing.T, c *tsc.Client, site string) int {
	t.Helper()
	return e2eMust(c.Sites.Usage(e2eCtx, site))(t).Storage
}

func TestE2ESiteUsageStorage(t *testing.T) {
	srv, c := e2eServer(t)
	site := e2eDefaultSiteID(t, c)
	if got := e2eStorage(t, c, site); got != 0 {
		t.Fatalf("storage of an empty site: %d MB", got)
	}
	big := e2eBigWorkbook(t, 3<<20)
	small := e2eFile("workbooks/Sales.twbx")
	tdsx := e2eFile("datasources/Orders.tdsx")
	wb := e2eMust(c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "Big"}, big, tsc.PublishOptions{}))(t)
	if got, want := e2eStorage(t, c, site), e2eMB(e2eFileSize(t, big)); got != want || got < 3 {
		t.Fatalf("storage after a %d-byte publish: %d MB, want %d", e2eFileSize(t, big), got, want)
	}
	ds := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{Name: "Orders"}, tdsx, tsc.PublishOptions{}))(t)
	both := e2eFileSize(t, big) + e2eFileSize(t, tdsx)
	if got, want := e2eStorage(t, c, site), e2eMB(both); got != want {
		t.Fatalf("storage with a workbook and a data source: %d MB, want %d", got, want)
	}
	// Overwriting replaces the file: the old one stays as a revision, which
	// does not count.
	e2eMust(c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "Big"}, small, tsc.PublishOptions{Mode: tsc.PublishOverwrite}))(t)
	if revs := e2eMust2(c.Workbooks.Revisions(e2eCtx, wb.ID, tsc.ListOptions{}))(t); len(revs) != 2 {
		t.Fatalf("%d revisions, want 2", len(revs))
	}
	if got, want := e2eStorage(t, c, site), e2eMB(e2eFileSize(t, small)+e2eFileSize(t, tdsx)); got != want || got != 1 {
		t.Fatalf("storage after overwriting with a small file: %d MB, want %d", got, want)
	}
	e2eNoErr(t, c.Datasources.Delete(e2eCtx, ds.ID))
	e2eNoErr(t, c.Workbooks.Delete(e2eCtx, wb.ID))
	if got := e2eStorage(t, c, site); got != 0 {
		t.Fatalf("storage after deleting everything: %d MB", got)
	}
	// Another site's content is not this site's storage.
	other := e2eMust(srv.SeedSite("Other", "other"))(t)
	e2eMust(c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "Big"}, big, tsc.PublishOptions{}))(t)
	if got := e2eStorage(t, c, other.ID); got != 0 {
		t.Fatalf("storage of a site without content: %d MB", got)
	}
}

func TestE2EStorageQuota(t *testing.T) {
	_, c := e2eContentServer(t, 50*time.Millisecond)
	site := e2eDefaultSiteID(t, c)
	e2eMust(c.Sites.Update(e2eCtx, tsc.Site{ID: site, StorageQuota: tsc.Int(2)}))(t)
	big := e2eBigWorkbook(t, 1200<<10) // 1.2 MB: one fits in 2 MB, two do not
	wb := e2eMust(c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "First"}, big, tsc.PublishOptions{}))(t)

	_, err := c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "Second"}, big, tsc.PublishOptions{})
	e2eWantCode(t, err, nil, http.StatusBadRequest, "400011")
	if !strings.Contains(err.Error(), "Site storage quota exceeded") {
		t.Errorf("error does not say the quota is exceeded: %v", err)
	}
	if got := e2eMust2(c.Workbooks.List(e2eCtx, tsc.ListOptions{}))(t); len(got) != 1 {
		t.Fatalf("%d workbooks after a refused publish, want 1", len(got))
	}
	_, err = c.Datasources.PublishFile(e2eCtx, tsc.Datasource{Name: "Big"}, e2eBigDatasource(t, 1200<<10), tsc.PublishOptions{})
	e2eWantCode(t, err, nil, http.StatusBadRequest, "400011")

	// Overwriting replaces the item's file, which no longer counts.
	e2eMust(c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "First"}, big, tsc.PublishOptions{Mode: tsc.PublishOverwrite}))(t)
	// A small file still fits beside the big one.
	e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{Name: "Orders"}, e2eFile("datasources/Orders.tdsx"), tsc.PublishOptions{}))(t)

	// A publish run as a job is refused when the job runs: the job fails,
	// saying why, and nothing is published.
	job := e2eMust(c.Workbooks.PublishAsJob(e2eCtx, tsc.Workbook{Name: "Third"}, tsc.PublishSource{Path: big}, tsc.PublishOptions{}))(t)
	_, err = c.Jobs.Wait(e2eCtx, job.ID, tsc.WaitOptions{MinInterval: 10 * time.Millisecond, MaxInterval: 20 * time.Millisecond})
	if !errors.Is(err, tsc.ErrJobFailed) || !strings.Contains(err.Error(), "Site storage quota exceeded") {
		t.Fatalf("publish job over the quota: %v", err)
	}
	if got := e2eMust2(c.Workbooks.List(e2eCtx, tsc.ListOptions{}))(t); len(got) != 1 {
		t.Fatalf("%d workbooks after a failed publish job, want 1", len(got))
	}

	// Raising the quota lets the publish through.
	e2eMust(c.Sites.Update(e2eCtx, tsc.Site{ID: site, StorageQuota: tsc.Int(3)}))(t)
	e2eMust(c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "Second"}, big, tsc.PublishOptions{}))(t)
	if got := e2eStorage(t, c, site); got != 3 {
		t.Errorf("storage %d MB, want 3 (two 1.2 MB workbooks and a small data source)", got)
	}
	if revs := e2eMust2(c.Workbooks.Revisions(e2eCtx, wb.ID, tsc.ListOptions{}))(t); len(revs) != 2 {
		t.Errorf("%d revisions of the overwritten workbook, want 2", len(revs))
	}
	// A quota of more megabytes than bytes fit in an int64 is no limit, not
	// an overflow that refuses everything.
	e2eMust(c.Sites.Update(e2eCtx, tsc.Site{ID: site, StorageQuota: tsc.Int(1 << 50)}))(t)
	e2eMust(c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "Fourth"}, big, tsc.PublishOptions{}))(t)
}

// e2eBigDatasource writes a packaged data source of about size bytes.
func e2eBigDatasource(t *testing.T, size int) string {
	t.Helper()
	return e2eBigPackage(t, size, "Orders.tds", e2eRead(t, "datasources/Orders.tds"), "Big.tdsx")
}

func TestE2EUserQuota(t *testing.T) {
	srv, c := e2eServer(t)
	site := e2eDefaultSiteID(t, c)
	e2eMust(c.Sites.Update(e2eCtx, tsc.Site{ID: site, UserQuota: tsc.Int(2)}))(t)
	add := func(name string, role tsc.SiteRole) (*tsc.User, error) {
		return c.Users.Add(e2eCtx, tsc.User{Name: name, SiteRole: role})
	}
	// The server administrator signed in is not counted.
	e2eMust(add("ann", tsc.SiteRoleExplorer))(t)
	bob := e2eMust(add("bob", tsc.SiteRoleViewer))(t)
	_, err := add("cat", tsc.SiteRoleCreator)
	e2eWantCode(t, err, tsc.ErrConflict, http.StatusConflict, "409000")
	if !strings.Contains(err.Error(), "userQuota of 2") {
		t.Errorf("error does not name the quota: %v", err)
	}
	// Unlicensed users take no license.
	cat := e2eMust(add("cat", tsc.SiteRoleUnlicensed))(t)
	_, err = c.Users.Update(e2eCtx, tsc.User{ID: cat.ID, SiteRole: tsc.SiteRoleViewer})
	e2eWantCode(t, err, tsc.ErrConflict, http.StatusConflict, "409000")
	// Moving between licensed roles takes no new license.
	e2eMust(c.Users.Update(e2eCtx, tsc.User{ID: bob.ID, SiteRole: tsc.SiteRoleCreator}))(t)
	// Nor does the control API get around it.
	_, err = srv.SeedUser("", "dan", tsc.SiteRoleViewer)
	if err == nil {
		t.Fatal("SeedUser past the user quota succeeded")
	}
	// A quota below what the site uses is refused; a freed license is free.
	_, err = c.Sites.Update(e2eCtx, tsc.Site{ID: site, UserQuota: tsc.Int(1)})
	e2eWantCode(t, err, tsc.ErrConflict, http.StatusConflict, "409000")
	e2eNoErr(t, c.Users.Remove(e2eCtx, bob.ID, ""))
	e2eMust(c.Users.Update(e2eCtx, tsc.User{ID: cat.ID, SiteRole: tsc.SiteRoleViewer}))(t)
	if n := e2eMust(c.Sites.Usage(e2eCtx, site))(t).NumUsers; n != 3 {
		t.Errorf("numUsers %d, want 3 (the administrator, ann, cat)", n)
	}
}

func TestE2ETierCapacity(t *testing.T) {
	_, c := e2eServer(t)
	site := e2eDefaultSiteID(t, c)
	e2eMust(c.Sites.Update(e2eCtx, tsc.Site{ID: site, TierCreatorCapacity: tsc.Int(1), TierViewerCapacity: tsc.Int(1)}))(t)
	add := func(name string, role tsc.SiteRole) (*tsc.User, error) {
		return c.Users.Add(e2eCtx, tsc.User{Name: name, SiteRole: role})
	}
	e2eMust(add("ann", tsc.SiteRoleSiteAdministratorCreator))(t)
	_, err := add("bob", tsc.SiteRoleCreator)
	e2eWantCode(t, err, tsc.ErrConflict, http.StatusConflict, "409000")
	if !strings.Contains(err.Error(), "tierCreatorCapacity") {
		t.Errorf("error does not name the capacity: %v", err)
	}
	// Other tiers are not held by the creator capacity; explorers are unlimited.
	bob := e2eMust(add("bob", tsc.SiteRoleExplorerCanPublish))(t)
	e2eMust(add("cat", tsc.SiteRoleExplorer))(t)
	e2eMust(add("dan", tsc.SiteRoleViewer))(t)
	_, err = add("eve", tsc.SiteRoleViewer)
	e2eWantCode(t, err, tsc.ErrConflict, http.StatusConflict, "409000")
	_, err = c.Users.Update(e2eCtx, tsc.User{ID: bob.ID, SiteRole: tsc.SiteRoleCreator})
	e2eWantCode(t, err, tsc.ErrConflict, http.StatusConflict, "409000")
	// Within a tier a role changes freely.
	e2eMust(c.Users.Update(e2eCtx, tsc.User{ID: bob.ID, SiteRole: tsc.SiteRoleSiteAdministratorExplorer}))(t)
	_, err = c.Sites.Update(e2eCtx, tsc.Site{ID: site, TierExplorerCapacity: tsc.Int(1)})
	e2eWantCode(t, err, tsc.ErrConflict, http.StatusConflict, "409000")
	e2eMust(c.Sites.Update(e2eCtx, tsc.Site{ID: site, TierExplorerCapacity: tsc.Int(2)}))(t)
}

// TestE2EUserQuotaConcurrent: the count and the insert are one transaction,
// so adds racing for the last licenses never take more than the quota.
func TestE2EUserQuotaConcurrent(t *testing.T) {
	_, c := e2eServer(t)
	site := e2eDefaultSiteID(t, c)
	e2eMust(c.Sites.Update(e2eCtx, tsc.Site{ID: site, UserQuota: tsc.Int(3)}))(t)
	var wg sync.WaitGroup
	var added, refused atomic.Int32
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Users.Add(e2eCtx, tsc.User{Name: fmt.Sprintf("racer%d", i), SiteRole: tsc.SiteRoleExplorer})
			switch {
			case err == nil:
				added.Add(1)
			case errors.Is(err, tsc.ErrConflict):
				refused.Add(1)
			default:
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if added.Load() != 3 || refused.Load() != 9 {
		t.Fatalf("%d added, %d refused; want 3 and 9", added.Load(), refused.Load())
	}
}
