package tabcmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
)

// TestSiteRoleFor pins tabcmd's mapping of license level, administrator
// level and publisher to a site role (tabcmd's user_data.py), plus our one
// change: "system" is ServerAdministrator.
func TestSiteRoleFor(t *testing.T) {
	for _, tc := range []struct {
		license, admin, publisher string
		want                      tsc.SiteRole
	}{
		{"creator", "system", "yes", tsc.SiteRoleServerAdministrator},
		{"viewer", "system", "no", tsc.SiteRoleServerAdministrator},
		{"creator", "site", "yes", tsc.SiteRoleSiteAdministratorCreator},
		{"creator", "site", "no", tsc.SiteRoleSiteAdministratorCreator},
		{"explorer", "site", "yes", tsc.SiteRoleSiteAdministratorExplorer},
		{"viewer", "site", "no", tsc.SiteRoleSiteAdministratorExplorer},
		{"creator", "none", "yes", tsc.SiteRoleCreator},
		{"Creator", "None", "TRUE", tsc.SiteRoleCreator},
		{"explorer", "none", "1", tsc.SiteRoleExplorerCanPublish},
		{"viewer", "none", "yes", tsc.SiteRoleUnlicensed},
		{"creator", "none", "no", tsc.SiteRoleExplorer},
		{"explorer", "no", "false", tsc.SiteRoleExplorer},
		{"viewer", "none", "0", tsc.SiteRoleViewer},
		{"unlicensed", "none", "no", tsc.SiteRoleUnlicensed},
	} {
		got, ok := siteRoleFor(tc.license, tc.admin, tc.publisher)
		if !ok || got != tc.want {
			t.Errorf("siteRoleFor(%q, %q, %q) = %q, %v; want %q", tc.license, tc.admin, tc.publisher, got, ok, tc.want)
		}
	}
	if _, ok := siteRoleFor("creator", "", "yes"); ok {
		t.Error("a line without an administrator level gave a role")
	}
}

func TestReadUserDetails(t *testing.T) {
	users, bad, err := readUserDetails(filepath.Join("testdata", "users.csv"), tsc.SiteRoleViewer, "")
	if err != nil || len(bad) != 0 {
		t.Fatalf("users.csv: %v %v", err, bad)
	}
	got := map[string]userLine{}
	for _, u := range users {
		got[u.Name] = u
	}
	if len(users) != 8 {
		t.Fatalf("read %d users, want 8: %+v", len(users), users)
	}
	if a := got["alice"]; a.Line != 1 || a.Password != "Secret-1" || a.DisplayName != "Alice Adams" || a.Email != "alice@example.com" || a.Role != tsc.SiteRoleCreator {
		t.Errorf("alice = %+v", a)
	}
	if e := got["erin"]; e.Line != 6 || e.Role != tsc.SiteRoleSiteAdministratorCreator {
		t.Errorf("erin (after a blank line) = %+v", e)
	}
	if g := got["grace"]; g.Role != tsc.SiteRoleViewer {
		t.Errorf("grace, without role columns, = %q, want the default Viewer", g.Role)
	}
	if h := got["henry"]; h.DisplayName != "Henry, Jr." || h.AuthSetting != "ServerDefault" || h.Role != tsc.SiteRoleUnlicensed {
		t.Errorf("henry (quoted fields, auth column) = %+v", h)
	}

	_, bad, err = readUserDetails(filepath.Join("testdata", "users_bad.csv"), tsc.SiteRoleUnlicensed, "SAML")
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for _, b := range bad {
		lines = append(lines, b.Line)
	}
	if len(lines) != 4 || lines[0] != 2 || lines[1] != 4 || lines[2] != 5 || lines[3] != 6 {
		t.Errorf("bad lines %v (%v), want 2, 4, 5, 6", lines, bad)
	}
	if !strings.Contains(bad[0].Error(), "users_bad.csv:2: license level \"superuser\"") {
		t.Errorf("message %q", bad[0])
	}
}

func TestReadCSVRefusesBrokenQuoting(t *testing.T) {
	_, _, err := readUsernames(filepath.Join("testdata", "bad_quote.csv"))
	if err == nil || !strings.Contains(err.Error(), "bad_quote.csv:2") {
		t.Errorf("err = %v, want the file and line 2", err)
	}
}

func TestReadUsernames(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "names.csv")
	os.WriteFile(path, []byte("\xef\xbb\xbfAlice\n\nbob,x\nalice\nin@v@lid\nin valid\n"), 0o600)
	names, bad, err := readUsernames(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 2 || names[0] != (nameLine{1, "Alice"}) || names[1] != (nameLine{3, "bob"}) {
		t.Errorf("names %+v", names)
	}
	if len(bad) != 3 || bad[0].Line != 4 || !strings.Contains(bad[0].Msg, "already on line 1") || bad[1].Line != 5 || bad[2].Line != 6 {
		t.Errorf("bad %+v", bad)
	}
	os.WriteFile(path, []byte("\n\n"), 0o600)
	if _, _, err := readUsernames(path); err == nil || !strings.Contains(err.Error(), "no users") {
		t.Errorf("empty file: %v", err)
	}
	if _, _, err := readUsernames(filepath.Join(dir, "missing.csv")); err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("missing file: %v", err)
	}
}

func TestParseURLs(t *testing.T) {
	v, err := parseGetURL("/views/Superstore/Overview.png?:size=640,480&Region=West&Region=East&vf_Segment=Consumer&Parameters.Top=10&:iid=3")
	if err != nil {
		t.Fatal(err)
	}
	if v.Workbook != "Superstore" || v.View != "Overview" || v.Ext != "png" || v.Width != 640 || v.Height != 480 ||
		v.Filters["Region"] != "West,East" || v.Filters["Segment"] != "Consumer" || v.Parameters["Top"] != "10" || len(v.Filters) != 2 {
		t.Errorf("parsed %+v", v)
	}
	if v, err := parseGetURL("https://tableau.example.com/#/site/mkt/views/Sales/Map.pdf?:iid=1&Region=West"); err != nil || v.Workbook != "Sales" || v.View != "Map" || v.Ext != "pdf" || v.Filters["Region"] != "West" {
		t.Errorf("address from a browser: %+v %v", v, err)
	}
	if v, err := parseGetURL("https://tableau.example.com/t/mkt/views/Sales/Map.png"); err != nil || v.View != "Map" {
		t.Errorf("address with /t/SITE/: %+v %v", v, err)
	}
	if v, err := parseGetURL("#/site/mkt/workbooks/Sales.twbx"); err != nil || v.Workbook != "Sales" || v.View != "" || v.Ext != "twbx" {
		t.Errorf("workbook URL with a site prefix: %+v %v", v, err)
	}
	for _, bad := range []string{"/views/Superstore", "/nothing/x.png", "/views/a/b.png?:size=12"} {
		if _, err := parseGetURL(bad); err == nil {
			t.Errorf("parseGetURL(%q) passed", bad)
		}
	}
	if v, err := parseExportURL("views/Superstore/Overview?Region=West", false); err != nil || v.View != "Overview" || v.Filters["Region"] != "West" {
		t.Errorf("export URL: %+v %v", v, err)
	}
	if _, err := parseExportURL("Superstore", false); err == nil {
		t.Error("export of a workbook alone passed without --fullpdf")
	}
	if v, err := parseExportURL("Superstore", true); err != nil || v.Workbook != "Superstore" {
		t.Errorf("fullpdf URL: %+v %v", v, err)
	}
}
