package tabcmd_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/clitest"
	"github.com/tsc-go/tsc/tsctest"
)

// TestCreateSiteUsersBulk: against a server with Import Users from CSV
// (3.15), createsiteusers sends the file's new users in one import job,
// not a request per user, with the same report as one by one; a line the
// server refuses is reported with the file's own line number. Against an
// older server it adds them one by one.
func TestCreateSiteUsersBulk(t *testing.T) {
	t.Parallel()
	for _, version := range []string{"3.29", "3.14"} {
		t.Run(version, func(t *testing.T) {
			e := clitest.New(t, tsctest.WithAPIVersion(version), tsctest.WithJobDuration(10*time.Millisecond))
			// A site administrator, who may not add a server administrator.
			u, err := e.Server.SeedUser("", "sam", tsc.SiteRoleSiteAdministratorCreator)
			if err != nil {
				t.Fatal(err)
			}
			if err := e.Server.SetPassword(u.ID, "pw-sam-1"); err != nil {
				t.Fatal(err)
			}
			e.MustRun("login", "-s", e.Server.URL, "-u", "sam", "-p", "pw-sam-1")
			if _, err := e.Server.SeedUser("", "olive", tsc.SiteRoleViewer); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "new.csv")
			os.WriteFile(file, []byte("nina,pw-nina-1,Nina N,creator,none,yes,nina@example.com\n"+
				"olive,,,viewer,none,no\n"+
				"root,,,creator,system,yes\n"+
				"pete\n"), 0o600)
			imports, adds := e.Server.Handled("POST", "sites/{site}/users/import"), e.Server.Handled("POST", "sites/{site}/users")
			r := e.Run("createsiteusers", file)
			if r.Code != 1 {
				t.Fatalf("exit %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
			}
			for _, want := range []string{"new.csv:1: added nina as Creator", "new.csv:2: skipped: olive is already on the site",
				"new.csv:4: added pete as Unlicensed", "Added 2 users to site Default (1 skipped)"} {
				if !strings.Contains(r.Stdout, want) {
					t.Errorf("stdout has no %q:\n%s", want, r.Stdout)
				}
			}
			if !strings.Contains(r.Stderr, "new.csv:3: ") || !strings.Contains(r.Stderr, "server administrator") {
				t.Errorf("the refused line is not reported with its line number:\n%s", r.Stderr)
			}
			nImports, nAdds := e.Server.Handled("POST", "sites/{site}/users/import")-imports, e.Server.Handled("POST", "sites/{site}/users")-adds
			if version == "3.29" && (nImports != 1 || nAdds != 0) {
				t.Errorf("3.29: %d imports and %d single adds, want one import", nImports, nAdds)
			}
			if version == "3.14" && (nImports != 0 || nAdds != 4) {
				t.Errorf("3.14: %d imports and %d single adds, want 4 single adds (olive refused as on the site)", nImports, nAdds)
			}
			c := e.Server.MustClient(t)
			users, _, err := c.Users.List(t.Context(), tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "nina")}})
			if err != nil || len(users) != 1 || users[0].FullName != "Nina N" || users[0].SiteRole != tsc.SiteRoleCreator {
				t.Errorf("nina: %+v %v", users, err)
			}
		})
	}
}
