package compat_test

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

func TestTSCSites(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv := startServer(t)
	c := sdk(t, srv, "")
	info, err := c.ServerInfo(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	res := runScript(t, srv, "sites", map[string]any{
		"api_version": srv.APIVersion(), "product_version": info.ProductVersion.Value,
	})
	sites, _, err := c.Sites.List(t.Context(), tsc.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	byURL := map[string]tsc.Site{}
	for _, s := range sites {
		byURL[s.ContentURL] = s
	}
	if _, ok := byURL["scratch"]; ok || len(sites) != 2 {
		t.Errorf("after the script: sites %v, want Default and compatsales (scratch deleted)", sites)
	}
	cs, ok := byURL["compatsales"]
	if !ok || cs.ID != res.str(t, "sales_id") || cs.Name != "Compat Sales" {
		t.Fatalf("compatsales = %+v", cs)
	}
	if cs.AskDataMode != "EnabledByDefault" || cs.UserQuota == nil || *cs.UserQuota != 7 || cs.AdminMode != "ContentAndUsers" {
		t.Errorf("compatsales as the SDK reads it: askDataMode %q, userQuota %v, adminMode %q", cs.AskDataMode, cs.UserQuota, cs.AdminMode)
	}
}

func TestTSCAuth(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv := startServer(t)
	site, err := srv.SeedSite("Compat", "compat")
	if err != nil {
		t.Fatal(err)
	}
	alice, err := srv.SeedUser("compat", "alice", tsc.SiteRoleExplorer)
	if err != nil {
		t.Fatal(err)
	}
	c := sdk(t, srv, "")
	runScript(t, srv, "auth", map[string]any{
		"admin_id": c.Session().UserID, "alice_id": alice.ID, "site_id": site.ID, "jwt": srv.SignJWT("alice"),
	})
}

// seedCompat makes the site most scripts work on: "compat" with users
// alice, bob, carol and dave (Viewers), a group Sales with alice, a
// project Marketing and a workbook alice owns.
func seedCompat(t *testing.T, srv *tsctest.Server) map[string]any {
	t.Helper()
	site := must(srv.SeedSite("Compat", "compat"))(t)
	ids := map[string]any{"site_id": site.ID}
	for _, n := range []string{"alice", "bob", "carol", "dave"} {
		u := must(srv.SeedUser("compat", n, tsc.SiteRoleViewer))(t)
		ids[n+"_id"] = u.ID
	}
	g := must(srv.SeedGroup("compat", "Sales", ids["alice_id"].(string)))(t)
	ids["sales_id"] = g.ID
	p := must(srv.SeedProject("compat", "Marketing", "", ""))(t)
	ids["marketing_id"] = p.ID
	wb := must(srv.SeedWorkbook("compat", p.ID, ids["alice_id"].(string), "Alice Book"))(t)
	ids["alice_book_id"] = wb.ID
	return ids
}

func must[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func TestTSCProjects(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv := startServer(t)
	ids := seedCompat(t, srv)
	res := runScript(t, srv, "projects", ids)
	c := sdk(t, srv, "compat")
	projects := map[string]tsc.Project{}
	for p, err := range c.Projects.All(t.Context(), tsc.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		projects[p.Name] = p
	}
	fin, q1 := projects["Finance 2026"], projects["Q1"]
	if len(projects) != 4 || fin.ID != res.str(t, "finance_id") || q1.ID != res.str(t, "q1_id") {
		t.Fatalf("projects after the script: %+v", projects)
	}
	if fin.Description != "budget" || fin.ContentPermissions != "LockedToProject" || q1.ParentProjectID != res.str(t, "archive_id") {
		t.Errorf("as the SDK reads them: Finance %+v, Q1 %+v", fin, q1)
	}
}

func TestTSCUsers(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv := startServer(t)
	ids := seedCompat(t, srv)
	res := runScript(t, srv, "users", ids)
	c := sdk(t, srv, "compat")
	erin := must(c.Users.Get(t.Context(), res.str(t, "erin_id")))(t)
	if erin.Name != "erin" || erin.FullName != "Erin Example" || erin.Email != "erin@example.com" || erin.SiteRole != tsc.SiteRoleViewer {
		t.Errorf("erin as the SDK reads her: %+v", erin)
	}
	users, pg, err := c.Users.List(t.Context(), tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "frank")}})
	if err != nil || len(users) != 0 || pg.TotalAvailable != 0 {
		t.Errorf("frank after users.remove: %v %+v %v", users, pg, err)
	}
}

func TestTSCGroups(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv := startServer(t)
	ids := seedCompat(t, srv)
	res := runScript(t, srv, "groups", ids)
	c := sdk(t, srv, "compat")
	members, _, err := c.Groups.Users(t.Context(), res.str(t, "group_id"), tsc.ListOptions{})
	if err != nil || len(members) != 1 || members[0].Name != "alice" {
		t.Errorf("members of the script's group: %v, %v", members, err)
	}
	groups, _, err := c.Groups.List(t.Context(), tsc.ListOptions{})
	if err != nil || len(groups) != 2 {
		t.Errorf("groups: %v, %v", groups, err)
	}
	for _, g := range groups {
		if g.ID == res.str(t, "group_id") && g.Name != "Analysts Team" {
			t.Errorf("group renamed by the script reads %q", g.Name)
		}
	}
}

func TestTSCWorkbooks(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv := startServer(t)
	ids := seedCompat(t, srv)
	ids["project_id"] = ids["marketing_id"]
	c := sdk(t, srv, "compat")
	ids["admin_id"] = c.Session().UserID
	res := runScript(t, srv, "workbooks", ids)
	wb := must(c.Workbooks.Get(t.Context(), res.str(t, "workbook_id")))(t)
	if wb.Name != "Sales" || wb.Description != "Sales by region" || len(wb.Tags.Tags) != 3 {
		t.Errorf("the script's workbook as the SDK reads it: %+v", wb)
	}
	conns := must(c.Workbooks.Connections(t.Context(), wb.ID))(t)
	found := false
	for _, cn := range conns {
		found = found || (cn.ServerAddress == "db.example.com" && cn.UserName == "reader")
	}
	if !found {
		t.Errorf("connections after workbooks.update_connection: %+v", conns)
	}
	wbs, _, err := c.Workbooks.List(t.Context(), tsc.ListOptions{})
	if err != nil || len(wbs) != 2 {
		t.Errorf("workbooks after the script: %v, %v", wbs, err)
	}
}

// publishSales publishes the module's Sales.twbx and Orders.tdsx to the
// compat site's Marketing project through the SDK, for the scripts that
// read content.
func publishSales(t *testing.T, srv *tsctest.Server, ids map[string]any) (*tsc.Workbook, *tsc.Datasource) {
	t.Helper()
	e := needClients(t)
	c := sdk(t, srv, "compat")
	ids["admin_id"] = c.Session().UserID
	ids["project_id"] = ids["marketing_id"]
	wb := must(c.Workbooks.PublishFile(t.Context(), tsc.Workbook{Name: "Sales", Project: &tsc.ProjectRef{ID: ids["marketing_id"].(string)}},
		filepath.Join(e.files, "workbooks", "Sales.twbx"), tsc.PublishOptions{}))(t)
	ds := must(c.Datasources.PublishFile(t.Context(), tsc.Datasource{Name: "Orders", Project: &tsc.ProjectRef{ID: ids["marketing_id"].(string)}},
		filepath.Join(e.files, "datasources", "Orders.tdsx"), tsc.PublishOptions{}))(t)
	ids["workbook_id"], ids["datasource_id"] = wb.ID, ds.ID
	for _, v := range must(c.Workbooks.Views(t.Context(), wb.ID, false))(t) {
		if v.Name == "Sales by Region" {
			ids["view_id"] = v.ID
		}
	}
	return wb, ds
}

func TestTSCViews(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv := startServer(t)
	ids := seedCompat(t, srv)
	publishSales(t, srv, ids)
	runScript(t, srv, "views", ids)
	c := sdk(t, srv, "compat")
	v := must(c.Views.Get(t.Context(), ids["view_id"].(string)))(t)
	if v.Tags == nil || len(v.Tags.Tags) != 1 || v.Tags.Tags[0].Label != "kpi" {
		t.Errorf("view tags after the script: %+v", v.Tags)
	}
}

func TestTSCDatasources(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv := startServer(t)
	ids := seedCompat(t, srv)
	c := sdk(t, srv, "compat")
	ids["admin_id"] = c.Session().UserID
	ids["project_id"] = ids["marketing_id"]
	res := runScript(t, srv, "datasources", ids)
	all, _, err := c.Datasources.List(t.Context(), tsc.ListOptions{Sort: []tsc.Sort{tsc.Asc("name")}})
	if err != nil || len(all) != 2 || all[0].Name != "Orders Extract" || all[0].ID != res.str(t, "extract_id") {
		t.Errorf("data sources after the script: %+v, %v", all, err)
	}
}

func TestTSCJobs(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv := startServer(t)
	ids := seedCompat(t, srv)
	_, ds := publishSales(t, srv, ids)
	ids["notes"] = "The warehouse is down for maintenance."
	if err := srv.FailJobs(tsctest.JobFault{Site: "compat", Type: "RefreshExtract", ContentID: ds.ID, Notes: ids["notes"].(string)}); err != nil {
		t.Fatal(err)
	}
	runScript(t, srv, "jobs", ids)
	c := sdk(t, srv, "compat")
	jobs, _, err := c.Jobs.List(t.Context(), tsc.ListOptions{})
	if err != nil || len(jobs) != 3 {
		t.Fatalf("jobs after the script: %+v, %v", jobs, err)
	}
	codes := map[string]int{}
	for _, j := range jobs {
		codes[j.Status]++
	}
	if codes["Success"] != 1 || codes["Failed"] != 1 || codes["Cancelled"] != 1 {
		t.Errorf("job statuses as the SDK reads them: %v", codes)
	}
}

// padded writes a copy of the zip package src with one more entry of n
// random (incompressible, stored) bytes, so that TSC must upload it in
// parts, and returns its path.
func padded(t *testing.T, src string, n int) string {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	dst := filepath.Join(t.TempDir(), "big-"+filepath.Base(src))
	f, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, e := range zr.File {
		if err := zw.Copy(e); err != nil {
			t.Fatal(err)
		}
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "Data/padding.bin", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.CopyN(w, rand.Reader, int64(n)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestTSCChunkedPublish(t *testing.T) {
	e := needClients(t)
	t.Parallel()
	srv := startServer(t)
	ids := seedCompat(t, srv)
	ids["project_id"] = ids["marketing_id"]
	// TSC chunks a workbook only from 64 MB on, whatever the environment
	// says (see chunked.py); a data source from TSC_FILESIZE_LIMIT_MB on.
	const mb = 1 << 20
	ids["big_twbx"] = padded(t, filepath.Join(e.files, "workbooks", "Sales.twbx"), 64*mb)
	ids["big_tdsx"] = padded(t, filepath.Join(e.files, "datasources", "Orders.tdsx"), 5*mb/2)
	res := runScript(t, srv, "chunked", ids, "TSC_FILESIZE_LIMIT_MB=1", "TSC_CHUNK_SIZE_MB=1")

	// Four publishes, each through an upload session: 65 parts of 1 MB for
	// each workbook, 3 for each data source.
	if got := srv.Handled("POST", "sites/{site}/fileUploads"); got != 4 {
		t.Errorf("upload sessions: %d, want 4", got)
	}
	if got := srv.Handled("PUT", "sites/{site}/fileUploads/{id}"); got != 2*65+2*3 {
		t.Errorf("chunks appended: %d, want %d", got, 2*65+2*3)
	}
	// What the server stored is the file, byte for byte.
	c := sdk(t, srv, "compat")
	for _, tc := range []struct {
		file string
		get  func(io.Writer) error
	}{
		{ids["big_twbx"].(string), func(w io.Writer) error {
			_, err := c.Workbooks.Download(t.Context(), res.str(t, "workbook_id"), w, tsc.DownloadOptions{})
			return err
		}},
		{ids["big_tdsx"].(string), func(w io.Writer) error {
			_, err := c.Datasources.Download(t.Context(), res.str(t, "datasource_id"), w, tsc.DownloadOptions{})
			return err
		}},
	} {
		var got bytes.Buffer
		if err := tc.get(&got); err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: the server holds %d bytes that differ from the %d published", filepath.Base(tc.file), got.Len(), len(want))
		}
	}
}

// TestTSCCloud: the real TSC against the emulator as Tableau Cloud: token
// sign-in to a named site, admin and content calls, and Cloud's refusals
// (password, empty site, server-level calls, a token's earlier session).
func TestTSCCloud(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv, err := tsctest.Start(tsctest.Options{Addr: "127.0.0.1:0", AdminPassword: adminPassword, Cloud: true, CloudSite: "compatcloud"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	c := srv.MustClient(t)
	runScript(t, srv, "cloud", map[string]any{"site": srv.Site, "site_id": c.Session().SiteID})
	// The script's work, as the SDK reads it (a new session: the script's
	// token sign-ins ended the first).
	c = srv.MustClient(t)
	wbs, _, err := c.Workbooks.List(t.Context(), tsc.ListOptions{})
	if err != nil || len(wbs) != 1 || wbs[0].Name != "Sales" {
		t.Fatalf("workbooks after the script: %v (%v)", wbs, err)
	}
}

func TestTSCPermissions(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv := startServer(t)
	ids := seedCompat(t, srv)
	publishSales(t, srv, ids)
	res := runScript(t, srv, "permissions", ids)
	// What the script left, as the SDK reads it: the project's data source
	// defaults, and the rules the new workbook took from the workbook
	// defaults.
	c := sdk(t, srv, "compat")
	sales := tsc.GroupGrantee(ids["sales_id"].(string))
	defaults := must(c.Permissions.ListDefaults(t.Context(), ids["marketing_id"].(string), tsc.PermDatasource))(t)
	fresh := must(c.Permissions.List(t.Context(), tsc.PermWorkbook, res.str(t, "fresh_id")))(t)
	for what, p := range map[string]*tsc.Permissions{"data source defaults": defaults, "new workbook": fresh} {
		var got []tsc.Capability
		for _, r := range p.Rules() {
			if r.Grantee == sales && r.Mode == tsc.Allow {
				got = append(got, r.Capability)
			}
		}
		want := map[string][]tsc.Capability{"data source defaults": {tsc.CapRead, tsc.CapConnect}, "new workbook": {tsc.CapRead, tsc.CapFilter}}[what]
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: Sales is allowed %v, want %v", what, got, want)
		}
	}
}

func TestTSCSchedules(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv := startServer(t)
	ids := seedCompat(t, srv)
	publishSales(t, srv, ids)
	res := runScript(t, srv, "schedules", ids)
	// What the script left, as the SDK reads it: the run it asked for is a
	// RefreshExtract job, and the data source's task is on Hourly.
	c := sdk(t, srv, "compat")
	jobs, _, err := c.Jobs.List(t.Context(), tsc.ListOptions{})
	if err != nil || len(jobs) != 1 || jobs[0].JobType != "refresh_extracts" {
		t.Errorf("jobs after the script: %+v, %v", jobs, err)
	}
	tasks, err := c.Tasks.List(t.Context())
	if err != nil || len(tasks) != 1 || tasks[0].ExtractRefresh.Schedule.ID != res.str(t, "hourly_id") {
		t.Fatalf("tasks after the script: %+v, %v", tasks, err)
	}
	// Linked tasks: Tableau makes them in its web UI, so the test seeds one
	// of the task the script left, and TSC reads and runs it.
	linked, err := srv.SeedLinkedTask("compat", true, tasks[0].ExtractRefresh.ID)
	if err != nil {
		t.Fatal(err)
	}
	runScript(t, srv, "linked_tasks", map[string]any{"linked_id": linked})
	jobs, _, err = c.Jobs.List(t.Context(), tsc.ListOptions{})
	if err != nil || len(jobs) != 2 {
		t.Errorf("jobs after the linked task ran: %+v, %v", jobs, err)
	}
}

// TestTSCVirtualConnections runs virtual_connections.py: TSC publishes a
// virtual connection (TSC has publish, so nothing is seeded), reads,
// updates, overwrites and deletes, and the SDK checks what it left.
func TestTSCVirtualConnections(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv := startServer(t)
	ids := seedCompat(t, srv)
	res := runScript(t, srv, "virtual_connections", ids)
	c := sdk(t, srv, "compat")
	vc, err := c.VirtualConnections.Get(t.Context(), res.str(t, "vc_id"))
	if err != nil || vc.Name != "Warehouse 2" || vc.IsCertified == nil || !*vc.IsCertified || !slices.Equal(vc.Tags.Labels(), []string{"finance"}) {
		t.Fatalf("the virtual connection after the script: %+v, %v", vc, err)
	}
	conns, _, err := c.VirtualConnections.Connections(t.Context(), vc.ID, tsc.ListOptions{})
	if err != nil || len(conns) != 1 || conns[0].Server != "db2.example.com" {
		t.Errorf("connections after the overwrite: %+v, %v", conns, err)
	}
	if all, _, err := c.VirtualConnections.List(t.Context(), tsc.ListOptions{}); err != nil || len(all) != 1 {
		t.Errorf("virtual connections after the script: %+v, %v", all, err)
	}
}
