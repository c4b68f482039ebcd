package emulator

import (
	"testing"

	"github.com/tsc-go/tsc"
)

// TestLicenseTierOfEveryRole: every site role the API knows takes the
// license Tableau gives it, so that a role added to the SDK fails here
// until its license is decided.
func TestLicenseTierOfEveryRole(t *testing.T) {
	want := map[tsc.SiteRole]string{
		tsc.SiteRoleCreator: "creator", tsc.SiteRoleSiteAdministratorCreator: "creator",
		tsc.SiteRoleExplorer: "explorer", tsc.SiteRoleExplorerCanPublish: "explorer", tsc.SiteRoleSiteAdministratorExplorer: "explorer",
		tsc.SiteRoleViewer:              "viewer",
		tsc.SiteRoleServerAdministrator: "", tsc.SiteRoleUnlicensed: "",
		tsc.SiteRoleGuest: "", tsc.SiteRoleSupportUser: "",
	}
	for _, r := range tsc.SiteRoles {
		w, ok := want[r]
		if !ok {
			t.Errorf("site role %s: no license decided", r)
			continue
		}
		if got := licenseTier(r); got != w {
			t.Errorf("licenseTier(%s) = %q, want %q", r, got, w)
		}
	}
}
