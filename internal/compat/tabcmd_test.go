package compat_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// tabcmdRunner runs tabcmd command lines in a HOME of their own, where
// tabcmd keeps its session file (~/tableau_auth.json).
type tabcmdRunner struct {
	e    *env
	srv  *tsctest.Server
	home string
	// pwFile holds the administrator's password, for --password-file.
	pwFile string
}

func newTabcmd(t *testing.T, srv *tsctest.Server) *tabcmdRunner {
	t.Helper()
	e := needClients(t)
	home := t.TempDir()
	pw := filepath.Join(home, "password.txt")
	if err := os.WriteFile(pw, []byte(adminPassword), 0o600); err != nil {
		t.Fatal(err)
	}
	return &tabcmdRunner{e: e, srv: srv, home: home, pwFile: pw}
}

// path names a file in the HOME.
func (r *tabcmdRunner) path(name string) string { return filepath.Join(r.home, name) }

// exec runs "python3 -m tabcmd args..." and returns its combined output and
// exit status.
func (r *tabcmdRunner) exec(t *testing.T, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), scriptTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, append([]string{"-m", "tabcmd"}, args...)...)
	cmd.Dir = r.home
	cmd.Env = r.e.baseEnv(r.home)
	out, err := cmd.CombinedOutput()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("tabcmd %s: %v", strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	tabcmdLines.Add(1)
	return string(out), code
}

// auth is what every command line carries. This tabcmd never reuses the
// session that login saved: Session.create_session reads the token from
// ~/tableau_auth.json but builds no server connection from it, so it falls
// through to asking for the password again (getpass, which fails without a
// terminal). That would happen against a real server too, so each line
// signs in again, with the password from a file as tabcmd's documentation
// recommends for scripts.
func (r *tabcmdRunner) auth(site string) []string {
	a := []string{"--server", r.srv.URL, "--no-certcheck", "--username", r.srv.AdminUsername, "--password-file", r.pwFile}
	if site != "" {
		a = append(a, "--site", site)
	}
	return a
}

// ok runs a command line on site (a content URL, "" for Default) that must
// succeed and print every one of want.
func (r *tabcmdRunner) ok(t *testing.T, site string, want []string, args ...string) string {
	t.Helper()
	out, code := r.exec(t, append(args, r.auth(site)...)...)
	if code != 0 {
		t.Fatalf("tabcmd %s: exit %d\n%s", strings.Join(args, " "), code, lastLines([]byte(out), 25))
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("tabcmd %s: output lacks %q:\n%s", strings.Join(args, " "), w, lastLines([]byte(out), 25))
		}
	}
	return out
}

// fails runs a command line that must fail, printing every one of want.
func (r *tabcmdRunner) fails(t *testing.T, want []string, args ...string) {
	t.Helper()
	out, code := r.exec(t, args...)
	if code == 0 {
		t.Fatalf("tabcmd %s succeeded; want a failure:\n%s", strings.Join(args, " "), lastLines([]byte(out), 25))
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("tabcmd %s: output lacks %q:\n%s", strings.Join(args, " "), w, lastLines([]byte(out), 25))
		}
	}
}

// fileStarts checks that a file tabcmd wrote begins with the magic bytes.
func fileStarts(t *testing.T, path, magic string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("tabcmd wrote no %s: %v", filepath.Base(path), err)
	}
	if got := hex.EncodeToString(b[:min(len(b), len(magic)/2)]); got != magic {
		t.Errorf("%s starts with %s, want %s", filepath.Base(path), got, magic)
	}
}

const (
	magicPNG = "89504e47"
	magicPDF = "25504446"
	magicZIP = "504b0304"
)

// findProject returns the project named name (under parentID, "" for top
// level) through the SDK, or nil.
func findProject(t *testing.T, c *tsc.Client, name string) *tsc.Project {
	t.Helper()
	ps, _, err := c.Projects.List(t.Context(), tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", name)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) == 0 {
		return nil
	}
	return &ps[0]
}

func siteByURL(t *testing.T, c *tsc.Client, url string) *tsc.Site {
	t.Helper()
	for s, err := range c.Sites.All(t.Context(), tsc.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		if s.ContentURL == url {
			return &s
		}
	}
	return nil
}

func userNames(t *testing.T, c *tsc.Client) map[string]tsc.SiteRole {
	t.Helper()
	out := map[string]tsc.SiteRole{}
	for u, err := range c.Users.All(t.Context(), tsc.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		out[u.Name] = u.SiteRole
	}
	return out
}

// TestTabcmdSession: login with a password and with a token, logout, and
// the refusals, with what tabcmd keeps in its session file.
func TestTabcmdSession(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv := startServer(t)
	r := newTabcmd(t, srv)
	session := r.path("tableau_auth.json")

	out, code := r.exec(t, "login", "-s", srv.URL, "-u", srv.AdminUsername, "-p", adminPassword, "--no-certcheck")
	if code != 0 || !strings.Contains(out, "Succeeded") {
		t.Fatalf("tabcmd login: exit %d\n%s", code, out)
	}
	b, err := os.ReadFile(session)
	if err != nil {
		t.Fatalf("login saved no session: %v", err)
	}
	if !strings.Contains(string(b), `"username": "admin"`) || strings.Contains(string(b), adminPassword) {
		t.Errorf("session file after login (must name the user, never hold the password): %s", b)
	}

	out, code = r.exec(t, "logout")
	if code != 0 || !strings.Contains(out, "Signed out") {
		t.Errorf("tabcmd logout: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(session); !os.IsNotExist(err) {
		t.Errorf("logout left the session file: %v", err)
	}

	out, code = r.exec(t, "login", "--server", srv.URL, "--token-name", srv.TokenName, "--token-value", srv.TokenSecret, "--no-certcheck")
	if code != 0 || !strings.Contains(out, "Succeeded") {
		t.Fatalf("tabcmd login with a token: exit %d\n%s", code, out)
	}
	if b, _ := os.ReadFile(session); !strings.Contains(string(b), `"last_login_using": "token"`) {
		t.Errorf("session after a token login: %s", b)
	}

	tokenFile := r.path("token.txt")
	if err := os.WriteFile(tokenFile, []byte(srv.TokenSecret), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.SeedSite("Tokens", "tokens"); err != nil {
		t.Fatal(err)
	}
	out, code = r.exec(t, "listsites", "--server", srv.URL, "--token-name", srv.TokenName, "--token-file", tokenFile, "--site", "tokens")
	if code != 0 || !strings.Contains(out, "NAME: Tokens") || !strings.Contains(out, "NAME: Default") {
		t.Errorf("tabcmd listsites with a token file on a site: exit %d\n%s", code, out)
	}

	r.fails(t, []string{"401001"}, "login", "-s", srv.URL, "-u", srv.AdminUsername, "-p", "wrong-password", "--no-certcheck")
	r.fails(t, []string{"401001"}, "login", "-s", srv.URL, "-u", srv.AdminUsername, "-p", adminPassword, "--site", "nosuchsite", "--no-certcheck")
}

// TestTabcmdAdmin: sites, projects, groups and users, the way an admin's
// tabcmd script manages them, each line checked through the SDK.
func TestTabcmdAdmin(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv := startServer(t)
	r := newTabcmd(t, srv)
	c := sdk(t, srv, "")

	r.ok(t, "", []string{"NAME: Default"}, "listsites")

	// Sites. Without --site-mode tabcmd creates a site whose admins cannot
	// manage users (ContentOnly), and TSC then refuses a user quota on it
	// before sending anything; so the quota goes with --site-mode.
	r.ok(t, "", nil, "createsite", "Tab Site", "-r", "tabsite", "--site-mode", "--user-quota", "5")
	if s := siteByURL(t, c, "tabsite"); s == nil || s.Name != "Tab Site" || s.UserQuota == nil || *s.UserQuota != 5 || s.AdminMode != "ContentAndUsers" {
		t.Errorf("site after createsite: %+v", s)
	}
	r.ok(t, "", nil, "createsite", "second", "--url", "second", "--storage-quota", "100")
	if s := siteByURL(t, c, "second"); s == nil || s.StorageQuota == nil || *s.StorageQuota != 100 || s.AdminMode != "ContentOnly" {
		t.Errorf("site after createsite --storage-quota: %+v", s)
	}
	r.fails(t, []string{"409"}, append([]string{"createsite", "second", "--url", "second"}, r.auth("")...)...)
	r.ok(t, "", []string{"already exists"}, "createsite", "second", "--url", "second", "--continue-if-exists")
	// Client bug: editsite's positional site-name and the global --site
	// share one argparse dest (site_name), so the --site value (a content
	// URL) is looked up as the site's name, against any server. TSC also
	// updates only the site it is signed in to, so editsite needs --site.
	// The test names this site as its content URL, where the two agree.
	r.ok(t, "second", nil, "editsite", "second", "--storage-quota", "200")
	if s := siteByURL(t, c, "second"); s == nil || s.StorageQuota == nil || *s.StorageQuota != 200 {
		t.Errorf("site after editsite --storage-quota 200: %+v", s)
	}
	// Not run: editsite --status. Client bug: tabcmd upper-cases the value
	// (choices ACTIVE, SUSPENDED) while TSC's SiteItem.state takes only
	// Active and Suspended, so TSC raises ValueError before sending.
	r.ok(t, "", []string{"NAME: Tab Site", "NAME: second"}, "listsites")

	// Projects.
	r.ok(t, "", []string{"TabProj"}, "createproject", "-n", "TabProj", "-d", "made by tabcmd")
	top := findProject(t, c, "TabProj")
	if top == nil || top.Description != "made by tabcmd" || top.ParentProjectID != "" {
		t.Fatalf("project after createproject: %+v", top)
	}
	r.ok(t, "", nil, "createproject", "--name", "Child", "--parent-project-path", "TabProj")
	if p := findProject(t, c, "Child"); p == nil || p.ParentProjectID != top.ID {
		t.Errorf("project after createproject --parent-project-path: %+v", p)
	}
	r.ok(t, "", nil, "createproject", "-n", "TabProj", "--continue-if-exists")
	r.ok(t, "", []string{"ID: " + top.ID}, "list", "projects")
	r.ok(t, "", nil, "deleteproject", "Child", "--parent-project-path", "TabProj")
	if p := findProject(t, c, "Child"); p != nil {
		t.Errorf("Child after deleteproject: %+v", p)
	}

	// Users and groups, on the site tabsite.
	tc := sdk(t, srv, "tabsite")
	csv := r.path("users.csv")
	if err := os.WriteFile(csv, []byte("tu1,Pass-word-1,Tab One,viewer,none,no,tu1@example.com\ntu2,Pass-word-2,Tab Two,creator,site,yes,tu2@example.com\ntu3,,,explorer,none,yes,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r.ok(t, "tabsite", nil, "createsiteusers", csv)
	users := userNames(t, tc)
	if users["tu1"] != tsc.SiteRoleViewer || users["tu2"] != tsc.SiteRoleSiteAdministratorCreator || users["tu3"] != tsc.SiteRoleExplorerCanPublish {
		t.Errorf("users after createsiteusers (roles from the CSV's license, admin and publisher columns): %v", users)
	}
	more := r.path("more.csv")
	if err := os.WriteFile(more, []byte("tu4\ntu5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r.ok(t, "tabsite", nil, "createsiteusers", more, "--role", "Explorer")
	if users := userNames(t, tc); users["tu4"] != tsc.SiteRoleExplorer || users["tu5"] != tsc.SiteRoleExplorer {
		t.Errorf("users after createsiteusers --role Explorer: %v", users)
	}
	r.ok(t, "tabsite", nil, "creategroup", "Tab Group")
	groups, _, err := tc.Groups.List(t.Context(), tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "Tab Group")}})
	if err != nil || len(groups) != 1 {
		t.Fatalf("group after creategroup: %v, %v", groups, err)
	}
	members := r.path("members.csv")
	if err := os.WriteFile(members, []byte("tu1\ntu2\ntu4\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r.ok(t, "tabsite", nil, "addusers", "Tab Group", "--users", members)
	memberNames := func() []string {
		us, _, err := tc.Groups.Users(t.Context(), groups[0].ID, tsc.ListOptions{Sort: []tsc.Sort{tsc.Asc("name")}})
		if err != nil {
			t.Fatal(err)
		}
		var ns []string
		for _, u := range us {
			ns = append(ns, u.Name)
		}
		return ns
	}
	if got := strings.Join(memberNames(), ","); got != "tu1,tu2,tu4" {
		t.Errorf("members after addusers: %s", got)
	}
	leave := r.path("leave.csv")
	if err := os.WriteFile(leave, []byte("tu2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r.ok(t, "tabsite", nil, "removeusers", "Tab Group", "--users", leave)
	if got := strings.Join(memberNames(), ","); got != "tu1,tu4" {
		t.Errorf("members after removeusers: %s", got)
	}
	r.ok(t, "tabsite", nil, "deletegroup", "Tab Group")
	if gs, _, _ := tc.Groups.List(t.Context(), tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "Tab Group")}}); len(gs) != 0 {
		t.Errorf("group after deletegroup: %v", gs)
	}
	r.ok(t, "tabsite", nil, "deletesiteusers", members)
	users = userNames(t, tc)
	for _, gone := range []string{"tu1", "tu2", "tu4"} {
		if _, ok := users[gone]; ok {
			t.Errorf("%s still on the site after deletesiteusers: %v", gone, users)
		}
	}
	if _, ok := users["tu3"]; !ok {
		t.Errorf("deletesiteusers removed tu3, who was not in the file: %v", users)
	}

	// TSC deletes only the site it is signed in to.
	r.ok(t, "second", nil, "deletesite", "second")
	if s := siteByURL(t, c, "second"); s != nil {
		t.Errorf("site after deletesite: %+v", s)
	}
	r.ok(t, "", nil, "deleteproject", "TabProj")
	if p := findProject(t, c, "TabProj"); p != nil {
		t.Errorf("TabProj after deleteproject: %+v", p)
	}
}

// TestTabcmdContent: publish, get, export, refreshextracts, list and
// delete, with the flags tabcmd's documentation shows.
func TestTabcmdContent(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv := startServer(t)
	r := newTabcmd(t, srv)
	c := sdk(t, srv, "")
	proj := must(c.Projects.Create(t.Context(), tsc.Project{Name: "TabProj"}))(t)
	twbx := filepath.Join(r.e.files, "workbooks", "Sales.twbx")
	tdsx := filepath.Join(r.e.files, "datasources", "Orders.tdsx")
	hyper := filepath.Join(r.e.files, "datasources", "Orders.hyper")

	workbook := func(name string) *tsc.Workbook {
		wbs, _, err := c.Workbooks.List(t.Context(), tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", name)}})
		if err != nil {
			t.Fatal(err)
		}
		if len(wbs) == 0 {
			return nil
		}
		return &wbs[0]
	}
	datasource := func(name string) *tsc.Datasource {
		dss, _, err := c.Datasources.List(t.Context(), tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", name)}})
		if err != nil {
			t.Fatal(err)
		}
		if len(dss) == 0 {
			return nil
		}
		return &dss[0]
	}

	r.ok(t, "", []string{"successfully published"}, "publish", twbx, "-n", "SalesTab", "--project", "TabProj", "--tabbed")
	wb := workbook("SalesTab")
	if wb == nil || wb.Project == nil || wb.Project.ID != proj.ID || wb.ShowTabs == nil || !*wb.ShowTabs {
		t.Fatalf("workbook after publish --tabbed: %+v", wb)
	}
	r.fails(t, []string{"409004"}, append([]string{"publish", twbx, "-n", "SalesTab", "--project", "TabProj"}, r.auth("")...)...)
	r.ok(t, "", []string{"successfully published"}, "publish", twbx, "-n", "SalesTab", "--project", "TabProj", "--overwrite")
	if revs, _, err := c.Workbooks.Revisions(t.Context(), wb.ID, tsc.ListOptions{}); err != nil || len(revs) != 2 {
		t.Errorf("revisions after publish --overwrite: %v, %v", revs, err)
	}
	// Not run: publish --db-username/--db-password. Client bug: tabcmd
	// hands TSC's workbooks.publish one ConnectionItem where TSC expects a
	// list (request_factory.py: len(connections) raises TypeError), so the
	// command fails before sending anything, against any server.
	// Without --project, tabcmd publishes to the project it looks up by the
	// name "Default": this found the emulator naming it "default", as
	// servers of 2016 did (TSC's oldest captures); current ones say Default.
	r.ok(t, "", []string{"successfully published"}, "publish", twbx, "-n", "SalesDefault")
	if w := workbook("SalesDefault"); w == nil || w.Project == nil || w.Project.Name != "Default" {
		t.Errorf("workbook published without --project: %+v", w)
	}
	r.ok(t, "", []string{"Job queued"}, "refreshextracts", "--workbook", "SalesDefault")
	r.ok(t, "", []string{"successfully published"}, "publish", tdsx, "--name", "OrdersTab", "--project", "TabProj")
	if ds := datasource("OrdersTab"); ds == nil || ds.Project == nil || ds.Project.ID != proj.ID {
		t.Fatalf("data source after publish: %+v", ds)
	}
	r.ok(t, "", []string{"successfully published"}, "publish", hyper, "-n", "OrdersHyper", "--project", "TabProj")
	r.ok(t, "", []string{"successfully published"}, "publish", hyper, "-n", "OrdersHyper", "--project", "TabProj", "--append")
	if ds := datasource("OrdersHyper"); ds == nil {
		t.Errorf("no data source OrdersHyper after publish --append")
	} else if revs, _, err := c.Datasources.Revisions(t.Context(), ds.ID, tsc.ListOptions{}); err != nil || len(revs) != 1 {
		// Appending makes no revision, as on Tableau; an overwrite would
		// have made a second and a CreateNew failed with 409004, so one
		// revision and success mean tabcmd appended.
		t.Errorf("revisions after publish --append: %v, %v", revs, err)
	}

	r.ok(t, "", []string{"ID: " + wb.ID}, "list", "workbooks")
	r.ok(t, "", []string{"OrdersTab"}, "list", "datasources", "--name")
	r.ok(t, "", []string{"VIEWS:Sales by Region, Profit vs Target, Sales Overview", "OWNER: " + c.Session().UserID}, "list", "workbooks", "--details", "--owner", "--address")
	r.ok(t, "", []string{proj.ID}, "list", "projects", "--machine")

	r.ok(t, "", nil, "get", "/workbooks/SalesTab.twbx", "-f", r.path("get.twbx"))
	fileStarts(t, r.path("get.twbx"), magicZIP)
	r.ok(t, "", nil, "get", "/views/SalesTab/SalesbyRegion.png", "-f", r.path("get.png"))
	fileStarts(t, r.path("get.png"), magicPNG)
	r.ok(t, "", nil, "get", "/views/SalesTab/SalesbyRegion.pdf", "-f", r.path("get.pdf"))
	fileStarts(t, r.path("get.pdf"), magicPDF)
	r.ok(t, "", nil, "get", "/views/SalesTab/SalesbyRegion.csv", "-f", r.path("get.csv"))
	if b, err := os.ReadFile(r.path("get.csv")); err != nil || !bytes.Contains(b, []byte(",")) {
		t.Errorf("get .csv wrote %q, %v", b, err)
	}
	r.ok(t, "", nil, "get", "/datasources/OrdersTab.tdsx", "-f", r.path("get.tdsx"))
	fileStarts(t, r.path("get.tdsx"), magicZIP)

	r.ok(t, "", nil, "export", "SalesTab/SalesbyRegion", "--csv", "-f", r.path("export.csv"))
	if b, err := os.ReadFile(r.path("export.csv")); err != nil || !bytes.Contains(b, []byte(",")) {
		t.Errorf("export --csv wrote %q, %v", b, err)
	}
	r.ok(t, "", nil, "export", "SalesTab/SalesbyRegion", "--pdf", "--pagesize", "a4", "--pagelayout", "landscape", "-f", r.path("export.pdf"))
	fileStarts(t, r.path("export.pdf"), magicPDF)
	r.ok(t, "", nil, "export", "SalesTab/SalesbyRegion", "--png", "--width", "400", "--height", "300", "-f", r.path("export.png"))
	fileStarts(t, r.path("export.png"), magicPNG)
	r.ok(t, "", nil, "export", "SalesTab/SalesbyRegion", "--fullpdf", "-f", r.path("export-full.pdf"))
	fileStarts(t, r.path("export-full.pdf"), magicPDF)
	r.ok(t, "", nil, "get", "/views/SalesTab/SalesbyRegion.png?:size=640,480", "-f", r.path("get-size.png"))
	fileStarts(t, r.path("get-size.png"), magicPNG)
	r.ok(t, "", nil, "export", "SalesTab/SalesbyRegion", "--png", "--resolution", "high", "-f", r.path("export-high.png"))
	fileStarts(t, r.path("export-high.png"), magicPNG)
	// --filter becomes vf_Region=East on the data request: only East rows.
	r.ok(t, "", nil, "export", "SalesTab/SalesbyRegion", "--csv", "--filter", "Region=East", "-f", r.path("east.csv"))
	if b, err := os.ReadFile(r.path("east.csv")); err != nil {
		t.Error(err)
	} else {
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		if len(lines) < 2 || !strings.HasPrefix(lines[0], "Region,") {
			t.Errorf("export --filter Region=East wrote %q", b)
		}
		for _, l := range lines[1:] {
			if !strings.HasPrefix(l, "East,") {
				t.Errorf("export --filter Region=East: row %q", l)
			}
		}
	}

	before := srv.Handled("POST", "sites/{site}/workbooks/{id}/refresh")
	r.ok(t, "", []string{"Job queued"}, "refreshextracts", "--workbook", "SalesTab", "--project", "TabProj")
	if got := srv.Handled("POST", "sites/{site}/workbooks/{id}/refresh") - before; got != 1 {
		t.Errorf("refreshextracts --workbook made %d refresh requests, want 1", got)
	}
	r.ok(t, "", []string{"Job completed", "finish_code(0)"}, "refreshextracts", "--datasource", "OrdersTab", "--project", "TabProj", "--synchronous")

	r.ok(t, "", nil, "delete", "SalesTab", "--project", "TabProj")
	if w := workbook("SalesTab"); w != nil {
		t.Errorf("workbook after delete: %+v", w)
	}
	r.ok(t, "", nil, "delete", "--datasource", "OrdersTab", "--project", "TabProj")
	if d := datasource("OrdersTab"); d != nil {
		t.Errorf("data source after delete --datasource: %+v", d)
	}
	r.fails(t, []string{"SalesTab"}, append([]string{"delete", "SalesTab", "--project", "TabProj"}, r.auth("")...)...)
}

// TestTabcmdCloud: tabcmd against the emulator as Tableau Cloud, signing
// in as Cloud wants, with a personal access token and the site
// (--token-name, --token-value, --site); its password login fails as
// Cloud's does, and listsites shows the one site.
func TestTabcmdCloud(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv, err := tsctest.Start(tsctest.Options{Addr: "127.0.0.1:0", AdminPassword: adminPassword, Cloud: true, CloudSite: "cloudco"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	r := newTabcmd(t, srv)
	// Each line signs in again (see auth), so each ends the session of the
	// line before, as the token's sessions do on Cloud.
	token := []string{"--server", srv.URL, "--no-certcheck", "--token-name", srv.TokenName, "--token-value", srv.TokenSecret, "--site", srv.Site}
	run := func(want []string, args ...string) string {
		t.Helper()
		out, code := r.exec(t, append(args, token...)...)
		if code != 0 {
			t.Fatalf("tabcmd %s: exit %d\n%s", strings.Join(args, " "), code, lastLines([]byte(out), 25))
		}
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("tabcmd %s: output lacks %q:\n%s", strings.Join(args, " "), w, lastLines([]byte(out), 25))
			}
		}
		return out
	}
	r.fails(t, []string{"401001"}, append([]string{"login"}, r.auth(srv.Site)...)...)
	run(nil, "login")
	run(nil, "createproject", "-n", "Finance")
	run(nil, "creategroup", "Analysts")
	twbx := filepath.Join(r.e.files, "workbooks", "Sales.twbx")
	run(nil, "publish", twbx, "-n", "Sales", "-r", "Finance")
	run(nil, "get", "/workbooks/Sales.twbx", "-f", r.path("sales.twbx"))
	fileStarts(t, r.path("sales.twbx"), magicZIP)
	out := run([]string{"cloudco"}, "listsites")
	if strings.Contains(out, "Default") {
		t.Errorf("listsites on Cloud shows a Default site:\n%s", out)
	}

	c := srv.MustClient(t)
	if p := findProject(t, c, "Finance"); p == nil {
		t.Fatal("tabcmd's project is not on the Cloud site")
	}
	wbs, _, err := c.Workbooks.List(t.Context(), tsc.ListOptions{})
	if err != nil || len(wbs) != 1 || wbs[0].Name != "Sales" {
		t.Fatalf("workbooks after tabcmd: %v (%v)", wbs, err)
	}
}
