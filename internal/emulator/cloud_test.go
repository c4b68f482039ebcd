package emulator

import (
	"errors"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
)

// TestAuthorityCloud: on Tableau Cloud the rule refuses the server-level
// methods to everyone, before it looks at the caller's role or whether the
// site exists (so that the refusal says the method is not on Cloud, and
// nothing else), and refuses the site roles Cloud has not, as a bad
// request; the rest of the rule is Server's.
func TestAuthorityCloud(t *testing.T) {
	site := &siteRow{ID: "A", ContentURL: "a", Settings: tsc.Site{AdminMode: "ContentAndUsers"}}
	admin := userRow{ID: "sa", Name: "sa", SiteID: "A", SiteRole: tsc.SiteRoleSiteAdministratorCreator}
	viewer := userRow{ID: "v", Name: "v", SiteID: "A", SiteRole: tsc.SiteRoleViewer}
	plain := userFacts{SiteRole: tsc.SiteRoleViewer}
	for _, tc := range []struct {
		name string
		who  userRow
		act  action
		t    target
		f    facts
		want byte
	}{
		{"admin creates a site", admin, actCreateSite, target{}, facts{}, 'c'},
		{"viewer creates a site", viewer, actCreateSite, target{}, facts{}, 'c'},
		{"admin deletes own site", admin, actDeleteSite, target{SiteID: "A"}, facts{Site: site}, 'c'},
		{"admin deletes a missing site", admin, actDeleteSite, target{SiteID: "Z"}, facts{}, 'c'},
		{"admin lists sites", admin, actListSites, target{}, facts{}, '.'},
		{"admin reads own site", admin, actReadSite, target{SiteID: "A"}, facts{Site: site}, '.'},
		{"admin renames own site", admin, actUpdateSite, target{SiteID: "A", Site: &tsc.Site{Name: "x"}}, facts{Site: site}, '.'},
		{"admin adds a Creator", admin, actAddUser, target{SiteID: "A", Role: tsc.SiteRoleCreator}, facts{Site: site}, '.'},
		{"admin adds a ServerAdministrator", admin, actAddUser, target{SiteID: "A", Role: tsc.SiteRoleServerAdministrator}, facts{Site: site}, 'r'},
		{"admin adds a Guest", admin, actAddUser, target{SiteID: "A", Role: tsc.SiteRoleGuest}, facts{Site: site}, 'r'},
		{"admin makes a SupportUser", admin, actUpdateUser, target{SiteID: "A", UserID: "u", Role: tsc.SiteRoleSupportUser}, facts{Site: site, User: &plain}, 'r'},
		{"admin makes an Explorer", admin, actUpdateUser, target{SiteID: "A", UserID: "u", Role: tsc.SiteRoleExplorer}, facts{Site: site, User: &plain}, '.'},
		{"viewer adds a Creator", viewer, actAddUser, target{SiteID: "A", Role: tsc.SiteRoleCreator}, facts{Site: site}, '0'},
	} {
		tc.f.Cloud = true
		err := decide(&tc.who, tc.act, tc.t, tc.f)
		var ae *apiError
		switch tc.want {
		case 'c':
			if !errors.As(err, &ae) || ae.Status != 403 || ae.Code != codeForbidden || !strings.Contains(ae.Detail, "isn't available for Tableau Cloud") {
				t.Errorf("%s: got %v, want 403 %s saying the method isn't on Cloud", tc.name, err, codeForbidden)
			}
		case 'r':
			if !errors.As(err, &ae) || ae.Status != 400 || ae.Code != codeInvalidSiteRole || !strings.Contains(ae.Detail, "Tableau Cloud") {
				t.Errorf("%s: got %v, want 400 %s naming Tableau Cloud", tc.name, err, codeInvalidSiteRole)
			}
		default:
			checkOutcome(t, tc.name, tc.want, err)
		}
	}
}

// TestCloudSignInRule: the sign-ins Cloud refuses before any credential is
// looked at.
func TestCloudSignInRule(t *testing.T) {
	for _, tc := range []struct {
		name string
		cr   tsc.SignInRequest
		why  string
	}{
		{"password", tsc.SignInRequest{Name: "a", Password: "p", Site: tsc.Site{ContentURL: "s"}}, "multi-factor"},
		{"no site", tsc.SignInRequest{PersonalAccessTokenName: "t", PersonalAccessTokenSecret: "x"}, "no Default site"},
		{"token", tsc.SignInRequest{PersonalAccessTokenName: "t", PersonalAccessTokenSecret: "x", Site: tsc.Site{ContentURL: "s"}}, ""},
		{"jwt", tsc.SignInRequest{JWT: "j", Site: tsc.Site{ContentURL: "s"}}, ""},
	} {
		err := cloudSignIn(&tc.cr)
		if tc.why == "" {
			if err != nil {
				t.Errorf("%s: refused: %v", tc.name, err)
			}
			continue
		}
		var ae *apiError
		if !errors.As(err, &ae) || ae.Status != 401 || ae.Code != codeSignInFailed || !strings.Contains(ae.Detail, tc.why) {
			t.Errorf("%s: got %v, want 401 %s saying %q", tc.name, err, codeSignInFailed, tc.why)
		}
	}
}
