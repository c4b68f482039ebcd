package tsc_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/emulator"
	"github.com/tsc-go/tsc/tsctest"
)

var fastWait = tsc.WaitOptions{MinInterval: 5 * time.Millisecond, MaxInterval: 20 * time.Millisecond}

func siteUserByName(t *testing.T, c *tsc.Client, name string) *tsc.User {
	t.Helper()
	users := e2eMust2(c.Users.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", name)}}))(t)
	if len(users) != 1 {
		return nil
	}
	return e2eMust(c.Users.Get(e2eCtx, users[0].ID))(t)
}

// TestE2EUserImportGoodAndBadLines: an import job adds the good lines'
// users with the role their columns give, and reports each bad line with
// its number and reason, as the job's status notes; a second import
// updates; the users sign in with their passwords.
func TestE2EUserImportGoodAndBadLines(t *testing.T) {
	srv, admin := e2eServer(t, tsctest.WithJobDuration(20*time.Millisecond))
	csv := strings.Join([]string{
		"alice2,pw-alice-2,Alice Two,Creator,None,yes,alice2@example.com",
		"bob2,,Bob Two,Viewer,None,no,",
		`"bad name",,,,,,`,
		"carol2,,,Explorer,Site,yes,carol2@example.com",
		"dave2,,,Viewer,Wizard,no,",
		"ALICE2,,,,,,",
		"erin2",
	}, "\n")
	job := e2eMust(admin.Users.Import(e2eCtx, strings.NewReader(csv), tsc.UserImportOptions{}))(t)
	if job.Type != "UserImport" {
		t.Fatalf("job type %q", job.Type)
	}
	done := e2eMust(admin.Jobs.Wait(e2eCtx, job.ID, fastWait))(t)
	r := done.UserImportReport()
	if r.Processed != 7 || r.Added != 4 || r.Skipped != 3 || len(r.LineErrors) != 3 {
		t.Fatalf("report %+v", r)
	}
	for i, want := range []string{"line 3 for user 'bad name': user name \"bad name\" contains a space",
		"line 5 for user 'dave2': administrator level \"Wizard\"", "line 6 for user 'ALICE2': the user is already on line 1"} {
		if !strings.HasPrefix(r.LineErrors[i], want) {
			t.Errorf("line error %d: %q, want it to start %q", i, r.LineErrors[i], want)
		}
	}
	for name, role := range map[string]tsc.SiteRole{"alice2": tsc.SiteRoleCreator, "bob2": tsc.SiteRoleViewer,
		"carol2": tsc.SiteRoleSiteAdministratorExplorer, "erin2": tsc.SiteRoleUnlicensed} {
		u := siteUserByName(t, admin, name)
		if u == nil || u.SiteRole != role {
			t.Errorf("%s: %+v, want role %s", name, u, role)
		}
	}
	if a := siteUserByName(t, admin, "alice2"); a.FullName != "Alice Two" || a.Email != "alice2@example.com" {
		t.Errorf("alice2's details: %+v", a)
	}
	if siteUserByName(t, admin, "dave2") != nil {
		t.Error("a bad line's user was added")
	}
	c := e2eMust(srv.NewClient())(t)
	e2eNoErr(t, c.SignIn(e2eCtx, tsc.Password("alice2", "pw-alice-2", "")))

	// Again: alice2 becomes an Explorer, bob2 gets an email.
	job = e2eMust(admin.Users.ImportUsers(e2eCtx, []tsc.User{{Name: "alice2", SiteRole: tsc.SiteRoleExplorer},
		{Name: "bob2", SiteRole: tsc.SiteRoleViewer, Email: "bob2@example.com"}}))(t)
	r = e2eMust(admin.Jobs.Wait(e2eCtx, job.ID, fastWait))(t).UserImportReport()
	if r.Processed != 2 || r.Added != 0 || r.RoleUpdated != 1 || r.Updated != 1 || r.Skipped != 0 {
		t.Fatalf("second report %+v", r)
	}
	if siteUserByName(t, admin, "alice2").SiteRole != tsc.SiteRoleExplorer || siteUserByName(t, admin, "bob2").Email != "bob2@example.com" {
		t.Error("the second import did not update")
	}
}

// TestE2EUserImportRefusals: a file refused whole is refused before any
// job (not CSV, too many lines, no users); every line bad fails the job.
func TestE2EUserImportRefusals(t *testing.T) {
	_, admin := e2eServer(t, tsctest.WithJobDuration(20*time.Millisecond))
	for what, csv := range map[string]string{
		"broken quoting": "alice,\"pw\nbob",
		"too many lines": strings.Repeat("u,\n", 10_001),
		"no users":       "\n \n",
	} {
		_, err := admin.Users.Import(e2eCtx, strings.NewReader(csv), tsc.UserImportOptions{})
		e2eWantCode(t, err, nil, 400, "400000")
		_ = what
	}
	_, err := admin.Users.Import(e2eCtx, strings.NewReader(strings.Repeat("x", 2<<20+1)), tsc.UserImportOptions{})
	e2eWantCode(t, err, nil, 413, "413000")
	job := e2eMust(admin.Users.Import(e2eCtx, strings.NewReader("a b\nc d"), tsc.UserImportOptions{}))(t)
	done, err := admin.Jobs.Wait(e2eCtx, job.ID, fastWait)
	if err == nil || done == nil || done.FinishCode == nil || *done.FinishCode != tsc.JobFailed {
		t.Fatalf("an import of bad lines only: %+v, %v", done, err)
	}
	if !strings.Contains(err.Error(), "line 1 for user 'a b'") {
		t.Errorf("the failure does not name the line: %v", err)
	}
}

// TestE2EUserBulkRemove: the named users leave the site; one who owns a
// workbook stays Unlicensed, as Tableau does; unknown names are skipped.
func TestE2EUserBulkRemove(t *testing.T) {
	srv, admin := e2eServer(t)
	a := e2eMust(srv.SeedUser("", "ann", tsc.SiteRoleCreator))(t)
	e2eMust(srv.SeedUser("", "ben", tsc.SiteRoleViewer))(t)
	e2eMust(srv.SeedUser("", "cat", tsc.SiteRoleViewer))(t)
	proj := e2eMust(admin.Projects.Create(e2eCtx, tsc.Project{Name: "P"}))(t)
	e2eMust(srv.SeedWorkbook("", proj.ID, a.ID, "Ann's book"))(t)
	e2eNoErr(t, admin.Users.RemoveMany(e2eCtx, []string{"ann", "ben", "nobody"}))
	if siteUserByName(t, admin, "ben") != nil {
		t.Error("ben is still on the site")
	}
	if u := siteUserByName(t, admin, "ann"); u == nil || u.SiteRole != tsc.SiteRoleUnlicensed {
		t.Errorf("ann, who owns content: %+v, want her Unlicensed", u)
	}
	if siteUserByName(t, admin, "cat") == nil {
		t.Error("cat, not in the file, was removed")
	}
}

// TestE2EBulkUsersAuthority: only administrators import or remove users
// in bulk or import directory groups; another site's group is a 404.
func TestE2EBulkUsersAuthority(t *testing.T) {
	dir := &emulator.Directory{Users: []emulator.DirectoryUser{{Name: "d1", Domain: "example.com"}},
		Groups: []emulator.DirectoryGroup{{Name: "Sales", Domain: "example.com", Members: []string{"d1"}}}}
	srv, admin := e2eServer(t, tsctest.WithDirectory(dir))
	_, viewer := e2eUserClient(t, srv, "", "vic", tsc.SiteRoleExplorer)
	_, err := viewer.Users.Import(e2eCtx, strings.NewReader("x\n"), tsc.UserImportOptions{})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
	e2eWantCode(t, viewer.Users.RemoveMany(e2eCtx, []string{"admin"}), tsc.ErrForbidden, 403, "403000")
	_, err = viewer.Groups.ImportFromDirectory(e2eCtx, "Sales", tsc.DirectoryImport{Domain: "example.com"})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")

	g := e2eMust(admin.Groups.ImportFromDirectory(e2eCtx, "Sales", tsc.DirectoryImport{Domain: "example.com"}))(t)
	e2eMust(srv.SeedSite("Other", "other"))(t)
	_, other := e2eUserClient(t, srv, "other", "olga", tsc.SiteRoleSiteAdministratorCreator)
	_, err = other.Groups.SyncWithDirectory(e2eCtx, g.ID, tsc.DirectoryImport{Domain: "example.com"})
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404012")
}

// TestE2EDirectoryGroups: importing a directory group adds its members
// with the group's minimum site role (onSync) or Unlicensed until they
// sign in (onLogin); a sync adds new members, removes those gone from the
// directory group (they stay on the site) and never lowers a role.
func TestE2EDirectoryGroups(t *testing.T) {
	dir := &emulator.Directory{
		Users: []emulator.DirectoryUser{
			{Name: "d1", Domain: "example.com", DisplayName: "Dee One", Email: "d1@example.com"},
			{Name: "d2", Domain: "example.com"},
			{Name: "d3", Domain: "example.com"},
			{Name: "d4", Domain: "example.com", Password: "pw-d4"},
			{Name: "x1", Domain: "other.org"},
		},
		Groups: []emulator.DirectoryGroup{
			{Name: "Sales", Domain: "example.com", Members: []string{"d1", "d2", `other.org\x1`}},
			{Name: "Ops", Domain: "example.com", Members: []string{"d3", "d4"}},
		},
	}
	srv, admin := e2eServer(t, tsctest.WithDirectory(dir), tsctest.WithJobDuration(20*time.Millisecond))
	sync := tsc.DirectoryImport{Domain: "example.com", GrantLicenseMode: tsc.GrantLicenseOnSync, SiteRole: tsc.SiteRoleExplorer}
	sales := e2eMust(admin.Groups.ImportFromDirectory(e2eCtx, "Sales", sync))(t)
	if sales.Domain == nil || sales.Domain.Name != "example.com" || sales.Import == nil || sales.Import.GrantLicenseMode != "onSync" {
		t.Fatalf("imported group: %+v", sales)
	}
	members := func(id string) []string {
		t.Helper()
		var out []string
		for u, err := range admin.Groups.AllUsers(e2eCtx, id, tsc.ListOptions{}) {
			e2eNoErr(t, err)
			out = append(out, u.Name)
		}
		slices.Sort(out)
		return out
	}
	if got := members(sales.ID); !slices.Equal(got, []string{"d1", "d2", "x1"}) {
		t.Fatalf("members: %v", got)
	}
	d1 := siteUserByName(t, admin, "d1")
	if d1.SiteRole != tsc.SiteRoleExplorer || d1.FullName != "Dee One" || d1.Domain == nil || d1.Domain.Name != "example.com" {
		t.Fatalf("d1: %+v", d1)
	}
	_, err := admin.Groups.ImportFromDirectory(e2eCtx, "Sales", sync)
	e2eWantCode(t, err, tsc.ErrConflict, 409, "409009")
	_, err = admin.Groups.ImportFromDirectory(e2eCtx, "Nobody", sync)
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404012")

	// d1 is made Creator; d2 leaves the directory group, d3 joins.
	e2eMust(admin.Users.Update(e2eCtx, tsc.User{ID: d1.ID, SiteRole: tsc.SiteRoleCreator}))(t)
	dir.Groups[0].Members = []string{"d1", "d3", `other.org\x1`}
	job := e2eMust(admin.Groups.SyncWithDirectoryAsJob(e2eCtx, sales.ID, sync))(t)
	if job.Type != "GroupSync" {
		t.Fatalf("sync job type %q", job.Type)
	}
	done := e2eMust(admin.Jobs.Wait(e2eCtx, job.ID, fastWait))(t)
	counts := map[string]string{}
	for _, n := range done.StatusNotes.Notes {
		counts[n.Type] = n.Value
	}
	if counts["CountOfUsersAddedToGroup"] != "1" || counts["CountOfUsersRemovedFromGroup"] != "1" || counts["CountOfUsersAddedToSite"] != "1" {
		t.Errorf("sync notes: %v", counts)
	}
	if got := members(sales.ID); !slices.Equal(got, []string{"d1", "d3", "x1"}) {
		t.Fatalf("members after sync: %v", got)
	}
	if u := siteUserByName(t, admin, "d1"); u.SiteRole != tsc.SiteRoleCreator {
		t.Errorf("d1 after a sync granting Explorer: %s, want Creator (never lowered)", u.SiteRole)
	}
	if u := siteUserByName(t, admin, "d2"); u == nil || u.SiteRole != tsc.SiteRoleExplorer {
		t.Errorf("d2, gone from the directory group, should stay on the site: %+v", u)
	}
	// A sync with a higher role raises.
	e2eMust(admin.Groups.SyncWithDirectory(e2eCtx, sales.ID, tsc.DirectoryImport{Domain: "example.com", GrantLicenseMode: tsc.GrantLicenseOnSync, SiteRole: tsc.SiteRoleExplorerCanPublish}))(t)
	if u := siteUserByName(t, admin, "d3"); u.SiteRole != tsc.SiteRoleExplorerCanPublish {
		t.Errorf("d3 after a sync granting ExplorerCanPublish: %s", u.SiteRole)
	}

	// onLogin, as a job: new members are Unlicensed until they sign in.
	job = e2eMust(admin.Groups.ImportFromDirectoryAsJob(e2eCtx, "Ops", tsc.DirectoryImport{Domain: "example.com",
		GrantLicenseMode: tsc.GrantLicenseOnLogin, SiteRole: tsc.SiteRoleCreator}))(t)
	if job.Type != "GroupImport" {
		t.Fatalf("import job type %q", job.Type)
	}
	e2eMust(admin.Jobs.Wait(e2eCtx, job.ID, fastWait))(t)
	if u := siteUserByName(t, admin, "d4"); u == nil || u.SiteRole != tsc.SiteRoleUnlicensed {
		t.Fatalf("d4 before signing in: %+v", u)
	}
	if u := siteUserByName(t, admin, "d3"); u.SiteRole != tsc.SiteRoleExplorerCanPublish {
		t.Errorf("d3, already on the site, changed on an onLogin import: %s", u.SiteRole)
	}
	c := e2eMust(srv.NewClient())(t)
	e2eNoErr(t, c.SignIn(e2eCtx, tsc.Password(`example.com\d4`, "pw-d4", "")))
	if u := siteUserByName(t, admin, "d4"); u.SiteRole != tsc.SiteRoleCreator {
		t.Errorf("d4 after signing in: %s, want Creator", u.SiteRole)
	}
	// A local group is not synchronised.
	local := e2eMust(admin.Groups.Create(e2eCtx, tsc.Group{Name: "Local"}))(t)
	_, err = admin.Groups.SyncWithDirectory(e2eCtx, local.ID, sync)
	e2eWantCode(t, err, nil, 400, "400000")
	var se *tsc.ServerError
	if !errors.As(err, &se) || !strings.Contains(se.Detail, "local") {
		t.Errorf("refusal: %v", err)
	}
}
