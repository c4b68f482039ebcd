package emulator

import (
	"context"
	"database/sql"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/tsc-go/tsc"
)

// The Tableau Cloud flavour (Config.Cloud). One server answers as Tableau
// Server or as Tableau Cloud; the differences are the rules below, each
// with the Tableau page it comes from, and each applied in one place: the
// sign-in handler asks cloudSignIn, the authority rule (decide) takes the
// flavour as a fact, the store checks site roles with checkRole and PAT
// sessions in createSession and checkPAT, and Bootstrap seeds a Cloud site.
//
//   - Sign-in takes personal access tokens and connected-app JWTs, and
//     refuses passwords. "(Tableau Cloud only) If multi-factor
//     authentication (MFA) is enabled with Tableau authentication, PATs are
//     required. You must use a PAT, instead of user name and password, to
//     make a REST API sign in request to Tableau Cloud." (REST API help,
//     "Signing In and Signing Out (Authentication)",
//     rest_api_concepts_auth.htm; the same note on Tableau Cloud help,
//     "Personal Access Tokens", security_personal_access_tokens.htm.) MFA
//     is required for every Tableau Cloud account that signs in with
//     Tableau authentication, and the emulator's users have no other kind
//     (no SAML, no OpenID), so every password sign-in is refused. Tableau
//     documents no code of its own for the refusal; Cloud answers failed
//     sign-ins with 401001 "Signin Error" (Salesforce help article 001496614,
//     "Error 401001 Occurs When Attempting to Authenticate Using the REST
//     API With Personal Access Tokens"), and the detail says why.
//   - The site is named at sign-in. A Cloud site always has a content URL
//     (the site part of https://10ax.online.tableau.com/#/site/<contentUrl>);
//     there is no Default site with an empty one, so an empty contentUrl
//     names no site: 401001, as for any site that does not exist.
//   - No server-level operations. Create Site "isn't available for Tableau
//     Cloud" (REST API help, "Site Methods", rest_api_ref_site.htm): sites
//     are created and deleted in Tableau Cloud Manager ("With TCM REST API,
//     cloud administrators can create and edit sites", Tableau Cloud Manager
//     REST API help). Cloud has no server administrators, so Query Sites
//     answers the sites the caller belongs to, and nobody impersonates with
//     a password or PAT ("Impersonate a user if you are a Tableau Server
//     administrator", "Authentication Methods", rest_api_ref_authentication.htm).
//     The refusals are 403 with the class code 403000 (Tableau documents
//     none of its own), and the detail says the method is not on Tableau
//     Cloud. They live in the authority rule (cloudAllows, called by
//     decide), not in handlers.
//   - Site roles are Cloud's: Creator, Explorer, ExplorerCanPublish,
//     SiteAdministratorCreator, SiteAdministratorExplorer, Viewer and
//     Unlicensed (REST API help, "Updated Site Roles in REST API 3.0 and
//     Later", rest_api_concepts_new_site_roles.htm; Okta's Tableau Cloud
//     connector, "Add User to Site", offers exactly these seven).
//     ServerAdministrator, and Guest and SupportUser (Tableau Server
//     features), are refused with 400013 as any role the API does not have;
//     the pre-3.0 names (Publisher, Interactor...) are refused on both
//     flavours.
//   - Personal access tokens: "logging in again using the same PAT (whether
//     at the same site or a different site) will terminate the previous
//     session and result in an authentication error" (Tableau knowledge
//     base, "When Making A REST API Sign-In Request From A Single Device,
//     The Number Of PATs ... Is Limited"; Tableau Cloud help, "Personal
//     Access Tokens": PATs cannot be used concurrently). And "PATs will
//     expire if they are not used after 15 consecutive days" (Salesforce
//     help 001496614; the TSC documentation "Sign In and Out" says the
//     same): a PAT idle that long is removed, and signing in with it is
//     401001. Both run on the server's clock (Config.Now).
//   - serverinfo has the same shape on Cloud as on Server: a pod answers
//     "product version: 2022.3.0, build no.:20223.22.0912.1638, REST API
//     version:3.17" (10ax.online.tableau.com, as TSC printed it in
//     tableau/server-client-python#1118; another pod's build,
//     20241.24.0122.1720, is in #1351), and nothing in it tells Cloud from
//     Server (#1592 asks Tableau for a way). So the emulator reports the
//     release and build Config gives, in that form, on both flavours.
//   - Sites have Personal Space on (the site's personalSpaceEnabled):
//     "Personal Space is a private location for all Explorers and Creators
//     to save content to when working in a Tableau Site" (Tableau help,
//     "Create and Edit Private Content in Personal Space", personal_space.htm).
//     The emulator reports the setting, and its owner moves a workbook
//     there and back (personal_space.go).

// cloudSiteRoles are the site roles of Tableau Cloud.
var cloudSiteRoles = []tsc.SiteRole{
	tsc.SiteRoleCreator, tsc.SiteRoleExplorer, tsc.SiteRoleExplorerCanPublish,
	tsc.SiteRoleSiteAdministratorCreator, tsc.SiteRoleSiteAdministratorExplorer,
	tsc.SiteRoleUnlicensed, tsc.SiteRoleViewer,
}

// patIdleLimit is how long a personal access token lives unused on Cloud.
const patIdleLimit = 15 * 24 * time.Hour

// DefaultCloudSite is the content URL of the site a Cloud emulator seeds
// when Admin.Site names none.
const DefaultCloudSite = "emulated"

// cloudSignIn refuses the sign-ins Tableau Cloud refuses, before any
// credential is checked.
func cloudSignIn(cr *tsc.SignInRequest) error {
	if cr.Site.ContentURL == "" {
		return signInFailed("Tableau Cloud has no Default site: the sign-in must name the site by its content URL")
	}
	if cr.PersonalAccessTokenName == "" && cr.JWT == "" {
		return signInFailed("Tableau Cloud requires multi-factor authentication for Tableau accounts, so the REST API does not take a password: sign in with a personal access token or a connected-app JWT")
	}
	return nil
}

// cloudAllows is the authority rule's Cloud fact: the methods Tableau Cloud
// does not have, and the site roles it does not have (a request naming
// ServerAdministrator is a bad request on Cloud, not a forbidden one).
func cloudAllows(act action, t target) error {
	switch act {
	case actAddUser, actUpdateUser:
		if t.Role != "" {
			return cloudRole(t.Role)
		}
	case actRevokeAdminTokens:
		return forbidden("No one can %s on Tableau Cloud: it has no server administrators, and the method isn't available for Tableau Cloud.", act)
	case actCreateSite, actDeleteSite:
		return forbidden("No one can %s on Tableau Cloud through the REST API: this method isn't available for Tableau Cloud, where sites are managed in Tableau Cloud Manager.", act)
	case actManageSchedules, actListSchedules:
		// "Tableau Cloud doesn't support server schedules": the schedule
		// methods of the REST reference ("Jobs, Tasks, and Schedules
		// Methods") are marked not available for Tableau Cloud, where
		// each extract refresh task carries its own schedule (Create
		// Cloud Extract Refresh Task).
		return forbidden("No one can %s on Tableau Cloud: server schedules aren't available for Tableau Cloud, where each extract refresh task carries its own schedule.", act)
	}
	return nil
}

// checkRole checks a site role for the server's flavour.
func (s *Store) checkRole(r tsc.SiteRole) error {
	if err := validRole(r); err != nil {
		return err
	}
	if s.cloud {
		return cloudRole(r)
	}
	return nil
}

// cloudRole refuses a role Tableau Cloud does not have.
func cloudRole(r tsc.SiteRole) error {
	if !slices.Contains(cloudSiteRoles, r) {
		names := make([]string, len(cloudSiteRoles))
		for i, v := range cloudSiteRoles {
			names[i] = string(v)
		}
		return errf(http.StatusBadRequest, codeInvalidSiteRole, "Invalid site role",
			"Tableau Cloud has no site role '%s': the value of the siteRole attribute must be one of %s.", r, strings.Join(names, ", "))
	}
	return nil
}

// cloudSiteSettings are a new Cloud site's settings: Server's, with
// Personal Space on.
func cloudSiteSettings() tsc.Site {
	st := defaultSiteSettings()
	st.PersonalSpaceEnabled = tsc.Bool(true)
	return st
}

// bootstrapCloud makes sure the Cloud server has its site and the
// administrator, a site administrator (Creator) of it: Cloud has no server
// administrators and no Default site.
func (s *Server) bootstrapCloud(ctx context.Context, tx *sql.Tx, a Admin) error {
	st := s.store
	var id string
	err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE name = ? COLLATE NOCASE AND domain_name = 'local'`, a.Name).Scan(&id)
	if isNoRows(err) {
		id = uuid.NewString()
		_, err = tx.ExecContext(ctx, `INSERT INTO users (id, name, full_name, created_at) VALUES (?, ?, ?, ?)`,
			id, a.Name, "Site Administrator", st.nowString())
	}
	if err != nil {
		return err
	}
	// The password is kept so that a test can show Cloud refusing it.
	if err := setPassword(ctx, tx, id, a.Password); err != nil {
		return err
	}
	site, err := st.siteBy(ctx, tx, "contentUrl", a.Site)
	if err != nil {
		row := &siteRow{ID: uuid.NewString(), Name: a.Site, ContentURL: a.Site, Settings: cloudSiteSettings()}
		if err := st.insertSite(ctx, tx, row, id); err != nil {
			return err
		}
		site = row
	}
	now := st.nowString()
	if _, err := tx.ExecContext(ctx, `INSERT INTO site_users (site_id, user_id, site_role, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (site_id, user_id) DO UPDATE SET site_role = excluded.site_role`,
		site.ID, id, string(tsc.SiteRoleSiteAdministratorCreator), now); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT OR IGNORE INTO group_users (group_id, user_id, added_at)
		SELECT id, ?, ? FROM groups WHERE site_id = ? AND all_users = 1`, id, now, site.ID)
	return err
}
