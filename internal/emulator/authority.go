package emulator

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/authz"
)

// Authority: who may do what to whom. Every user, group, site and job
// handler asks authorize before it changes or reveals anything, and no
// handler decides access itself. The rule (decide) is a pure function of
// the caller, the action, the target and the facts the store holds about
// the target, so that a table test walks it whole; the content permission
// evaluator grows on the same spine (more actions, more facts), never
// beside it.
//
// Users are server-wide (table users: name, full name, email, password,
// the server-administrator flag) and belong to sites (table site_users:
// site role, authentication). A change to a user's identity made on one
// site is a change on every site they belong to, so the rules are
// Tableau's, as its documentation gives them:
//
//   - Update User (REST API reference, "Users and Groups Methods", as
//     quoted in community.tableau.com thread 278217): "This method can only
//     be called by server administrators or site administrators. [...]
//     Site administrators can change the email and password values only if
//     the caller is a site administrator for all sites that the user is a
//     member of." Tableau Server's "View, Manage, or Remove Users" page
//     says the same of the user's settings (display name, email,
//     password): available "when a user is a member of only the sites
//     that you are a site admin of". The emulator applies it to every
//     server-level identity field (fullName, email, password, authSetting):
//     a site administrator changes them only for a user who belongs to
//     their site alone and is not a server administrator. (The same
//     reference page once said site administrators cannot set fullName at
//     all; the user-settings rule is the one kept.) The refusal is 403009,
//     the code of Tableau's "User '...' is unauthorized to update user
//     '...'", and its detail names the field and why.
//   - Only a server administrator touches server-administrator status. A
//     site administrator neither adds nor makes a ServerAdministrator, nor
//     changes a server administrator's site role, nor removes one from a
//     site. On Tableau Server a server administrator is a member of every
//     site with the site role ServerAdministrator; so no one removes a
//     server administrator from one site, and demoting one is a
//     server-level change: only a server administrator makes it, by naming
//     the new role in Update User, and it applies on every site
//     (Store.demoteServerAdmin). A site-role change by anyone else never
//     reaches the flag: the store checks again, inside its transaction
//     (userUpdate.ServerLevel). No one changes their own site role, as
//     Tableau's user pages do not let them, which also keeps the last
//     server administrator from demoting themselves.
//   - adminMode ContentOnly "prevent[s] site administrators from adding or
//     removing users. (Server administrators can always add or remove
//     users.)" (Create and Update Site; tableau/server-client-python#1188),
//     and Update User lets site administrators change siteRole "only if the
//     site is configured to allow site administrators to add and remove
//     site users".
//   - Sites: only server administrators create and delete sites and list
//     every site (Create Site is a Tableau Server method for server
//     administrators); others list their own sites. A site administrator
//     reads and updates their own site, but not its server-level settings:
//     state ("When a site is suspended, only the server administrator can
//     activate the site", Tableau Server "Site Availability"), adminMode,
//     and the quotas (userQuota and the tier capacities, which "on premise
//     server admins can set", "Updated Site Roles in REST API 3.0", and
//     storageQuota). Setting one to the value it has is no change: clients
//     send back what they read. Changing or deleting a site is done from a
//     session on that site, as on Tableau Server, where an administrator
//     switches to a site first; a server administrator reads any site.
//   - Tableau Cloud (facts.Cloud) has no server administrators and no
//     server-level methods: Create Site and Delete Site are refused to
//     everyone, before the role is looked at (cloudAllows; the pages are
//     cited in cloud.go), and Query Sites answers the caller's own sites.
//   - Groups are site-scoped: administrators manage them on the site of
//     their session, any member of the site reads them. Adding a server
//     administrator to a group is fine; no group route changes who a user
//     is.
//   - Reading a user (Query User On Site, their workbooks and groups) is
//     for administrators and the user themselves: 403133 otherwise, as
//     Tableau answers a non-administrator asking about someone else.
//   - Jobs: the site's job list and cancelling are the administrators',
//     until the content rules (issue 14) give owners their share.
//
// Codes: 403000 (the class code) for "this role may not do this here",
// 403009 for an administrator's Update User refused because of whom it
// targets, 403133 for reading another user. A missing site or user is 404,
// but only once the caller's role and site were found sufficient, so that
// a refusal never tells anyone what exists.
//
// The facts are read before the store's transaction. A concurrent change
// of them can only order the two requests (a password set just before the
// user joined another site is a password set while they belonged to one),
// except for what the store re-checks itself: demoting and removing a
// server administrator.

// action names what a caller wants to do. The strings complete "Only ...
// can %s." in refusals.
type action string

const (
	actListSites  action = "list every site"
	actReadSite   action = "read a site"
	actCreateSite action = "create sites"
	actUpdateSite action = "update a site"
	actDeleteSite action = "delete sites"

	actListUsers  action = "list the users of a site"
	actReadUser   action = "query other users"
	actAddUser    action = "add users"
	actUpdateUser action = "update users"
	actRemoveUser action = "remove users"

	actListGroups       action = "list groups"
	actReadGroup        action = "list the users of a group"
	actCreateGroup      action = "create groups"
	actUpdateGroup      action = "update groups"
	actDeleteGroup      action = "delete groups"
	actAddGroupUsers    action = "add users to groups"
	actRemoveGroupUsers action = "remove users from groups"

	// actGroupSets: every group-set route (handlers_group_sets.go), for
	// server and site administrators only, reading included.
	actGroupSets action = "manage group sets"

	actListJobs  action = "list the site's jobs"
	actCancelJob action = "cancel jobs"

	// Schedules and tasks (handlers_schedules.go, handlers_tasks.go).
	actManageSchedules action = "create, update and delete server schedules"
	actListSchedules   action = "list server schedules"
	// actTasks (reading tasks) lets any site member through the role test;
	// actScheduleContent (adding content to schedules, running, changing
	// and deleting tasks) those who can publish and administrators. The
	// handler then asks mayRefresh about the content (its owner, its
	// project's owner, or an administrator), until the content permission
	// evaluator (issue 14) decides it.
	actScheduleContent action = "schedule, run or delete extract refreshes"
	actTasks           action = "see tasks"

	// actManageFavorites (reading and changing a user's favorites) is the
	// user's own, and administrators' for anyone on their site (Favorites
	// Methods, handlers_favorites.go).
	actManageFavorites action = "manage other users' favorites"
	// actRevokeAdminTokens revokes every server administrator's personal
	// access tokens (a server-level method).
	actRevokeAdminTokens action = "revoke server administrators' personal access tokens"
	// actManageWebhooks: every webhook route ("To use Tableau webhooks,
	// you must be authenticated as a site administrator", Tableau's
	// webhooks documentation); roleAllows' default keeps it to server and
	// site administrators.
	actManageWebhooks action = "manage webhooks"
)

// codeUpdateUserDenied is Tableau's answer to an administrator's Update
// User that their rights do not cover: "User '...' is unauthorized to
// update user '...'" (as Tableau Cloud and Server answer it).
const codeUpdateUserDenied = "403009"

// Identity fields of Update User: server-level, shared by every site the
// user belongs to.
const (
	fieldFullName    = "fullName"
	fieldEmail       = "email"
	fieldPassword    = "password"
	fieldAuthSetting = "authSetting"
)

// target is what an action is done to, as the request names it.
type target struct {
	// SiteID is the site acted on; "" for actions on no one site (list
	// every site, create a site).
	SiteID string
	// UserID is the user acted on (read, update, remove); "" for none.
	UserID string
	// Role is the site role a request sets (Add User, Update User); ""
	// when it sets none.
	Role tsc.SiteRole
	// Fields are the identity fields an Update User sets (fieldFullName...).
	Fields []string
	// Site is what an Update Site request sets.
	Site *tsc.Site
}

// userFacts is what the rule needs to know about a target user.
type userFacts struct {
	ServerAdmin bool
	// SiteRole is the user's role on the site acted on.
	SiteRole tsc.SiteRole
	// OtherSites counts the user's memberships of other sites.
	OtherSites int
}

// facts are what the store knows about a target, loaded by authorize.
type facts struct {
	// Site is the site acted on; nil when the target names none or the
	// site does not exist.
	Site *siteRow
	// User is the target user on the site; nil when the target names none
	// or the user is not on the site.
	User *userFacts
	// Cloud says the server is Tableau Cloud, which has no server-level
	// methods (cloudAllows).
	Cloud bool
}

// authorize decides whether the caller may do act to t, after loading what
// the rule needs to know about t. Handlers call it before any work and
// return its error as it is.
func (s *Server) authorize(c *call, act action, t target) error {
	f, err := s.store.authorityFacts(c.ctx, t)
	if err != nil {
		return err
	}
	f.Cloud = s.cfg.Cloud
	return decide(c.user, act, t, f)
}

// authorityFacts loads the site and user that t names.
func (s *Store) authorityFacts(ctx context.Context, t target) (facts, error) {
	var f facts
	if t.SiteID != "" {
		site, err := s.siteBy(ctx, s.db, "id", t.SiteID)
		var ae *apiError
		switch {
		case errors.As(err, &ae) && ae.Status == http.StatusNotFound:
		case err != nil:
			return f, err
		default:
			f.Site = site
		}
	}
	if t.UserID != "" && f.Site != nil {
		var u userFacts
		var role string
		err := s.db.QueryRowContext(ctx, `SELECT u.server_admin, su.site_role,
			(SELECT count(*) FROM site_users o WHERE o.user_id = su.user_id AND o.site_id <> su.site_id)
			FROM site_users su JOIN users u ON u.id = su.user_id WHERE su.site_id = ? AND su.user_id = ?`,
			f.Site.ID, t.UserID).Scan(&u.ServerAdmin, &role, &u.OtherSites)
		switch {
		case isNoRows(err):
		case err != nil:
			return f, err
		default:
			u.SiteRole = tsc.SiteRole(role)
			f.User = &u
		}
	}
	return f, nil
}

// decide is the rule: nil when who may do act to t, else the refusal.
// It checks, in order: that the flavour has the method (Tableau Cloud has
// no server-level ones), the caller's role, the site's existence, that the
// site is the caller's, the user's existence, then what the request
// changes on whom.
func decide(who *userRow, act action, t target, f facts) error {
	if f.Cloud {
		if err := cloudAllows(act, t); err != nil {
			return err
		}
	}
	if err := roleAllows(who, act, t); err != nil {
		return err
	}
	if t.SiteID != "" && f.Site == nil {
		return siteNotFound(t.SiteID)
	}
	if t.SiteID != "" && !strings.EqualFold(t.SiteID, who.SiteID) && !(act == actReadSite && who.ServerAdmin) {
		return forbidden("User '%s' is authenticated for site '%s' and may not access or modify resources on site '%s'.",
			who.Name, who.SiteID, t.SiteID)
	}
	if t.UserID != "" && f.User == nil {
		return userNotFound(t.UserID)
	}
	switch act {
	case actUpdateSite:
		return siteChangeAllowed(who, t, f)
	case actAddUser:
		if t.Role == tsc.SiteRoleServerAdministrator && !who.ServerAdmin {
			return forbidden("Only server administrators can add server administrators.")
		}
		return usersManagedHere(who, f, "add users to")
	case actUpdateUser:
		return userChangeAllowed(who, t, f)
	case actImportUsers:
		return usersManagedHere(who, f, "add users to or remove users from")
	case actRemoveUser:
		if f.User.ServerAdmin {
			return forbidden("User '%s' is a server administrator, a member of every site: no one removes them from one site; a server administrator can first change their site role.", t.UserID)
		}
		return usersManagedHere(who, f, "remove users from")
	}
	return nil
}

// roleAllows is the first test: whether the caller's role may do act at
// all, whatever the target.
func roleAllows(who *userRow, act action, t target) error {
	switch act {
	case actListSites, actReadSite, actListGroups, actReadGroup:
		return nil
	case actTasks:
		return nil
	case actScheduleContent:
		if !who.canPublish() && !who.isSiteAdmin() {
			return forbidden("Only users who can publish, and administrators, can %s.", act)
		}
		return nil
	case actCreateSite, actDeleteSite, actManageSchedules, actRevokeAdminTokens:
		if !who.ServerAdmin {
			return forbidden("Only server administrators can %s.", act)
		}
		return nil
	case actManageFavorites:
		if who.isSiteAdmin() || t.UserID == who.ID {
			return nil
		}
		return forbidden("Only server and site administrators can %s.", act)
	case actReadUser:
		if who.isSiteAdmin() || t.UserID == who.ID {
			return nil
		}
		return errf(http.StatusForbidden, codeQueryUserDenied, "Query user permissions forbidden",
			"User '%s' does not have permission to query information about other users.", who.Name)
	}
	if !who.isSiteAdmin() {
		return forbidden("Only server and site administrators can %s.", act)
	}
	return nil
}

// usersManagedHere refuses a site administrator on a site whose adminMode
// keeps user management to server administrators.
func usersManagedHere(who *userRow, f facts, what string) error {
	if !who.ServerAdmin && f.Site.Settings.AdminMode == "ContentOnly" {
		return forbidden("Site '%s' is in adminMode ContentOnly: only server administrators can %s it or change site roles on it.", f.Site.ContentURL, what)
	}
	return nil
}

// userChangeAllowed is the rule of Update User for an administrator.
func userChangeAllowed(who *userRow, t target, f facts) error {
	u := f.User
	roleChange := t.Role != "" && t.Role != u.SiteRole
	if roleChange && t.UserID == who.ID {
		return forbidden("No one can change their own site role (%s); another administrator can.", u.SiteRole)
	}
	if who.ServerAdmin {
		return nil
	}
	if t.Role == tsc.SiteRoleServerAdministrator {
		return forbidden("Only server administrators can make server administrators.")
	}
	denied := func(what, why string) error {
		return errf(http.StatusForbidden, codeUpdateUserDenied, "Update user forbidden",
			"User '%s' is unauthorized to update the %s of user '%s': %s", who.Name, what, t.UserID, why)
	}
	if u.ServerAdmin {
		what := "site role"
		if len(t.Fields) > 0 {
			what = t.Fields[0]
		}
		if len(t.Fields) > 0 || roleChange {
			return denied(what, "they are a server administrator, and only a server administrator can change a server administrator.")
		}
	}
	if len(t.Fields) > 0 && u.OtherSites > 0 {
		return denied(t.Fields[0], "they also belong to another site, and the "+t.Fields[0]+
			" is theirs on every site; only a server administrator, or a site administrator of all their sites, can change it.")
	}
	if roleChange {
		return usersManagedHere(who, f, "add or remove users on")
	}
	return nil
}

// serverLevelSiteSettings are the settings of a site only a server
// administrator changes, each with its name on the wire.
var serverLevelSiteSettings = []struct {
	name string
	get  func(*tsc.Site) any
}{
	{"state", func(s *tsc.Site) any { return s.State }},
	{"adminMode", func(s *tsc.Site) any { return s.AdminMode }},
	{"userQuota", func(s *tsc.Site) any { return s.UserQuota }},
	{"storageQuota", func(s *tsc.Site) any { return s.StorageQuota }},
	{"tierCreatorCapacity", func(s *tsc.Site) any { return s.TierCreatorCapacity }},
	{"tierExplorerCapacity", func(s *tsc.Site) any { return s.TierExplorerCapacity }},
	{"tierViewerCapacity", func(s *tsc.Site) any { return s.TierViewerCapacity }},
}

// siteChangeAllowed refuses a site administrator's Update Site that changes
// a server-level setting; setting one to the value it has is no change
// (clients send back what they read).
func siteChangeAllowed(who *userRow, t target, f facts) error {
	if who.ServerAdmin || t.Site == nil {
		return nil
	}
	for _, set := range serverLevelSiteSettings {
		want, have := set.get(t.Site), set.get(&f.Site.Settings)
		if isUnset(want) || sameSetting(want, have) {
			continue
		}
		return forbidden("Only server administrators can change the %s of a site.", set.name)
	}
	return nil
}

func isUnset(v any) bool {
	switch v := v.(type) {
	case string:
		return v == ""
	case *int:
		return v == nil
	}
	return false
}

func sameSetting(a, b any) bool {
	switch a := a.(type) {
	case string:
		return a == b.(string)
	case *int:
		b := b.(*int)
		return b != nil && *a == *b
	}
	return false
}

// identityFields names the server-level fields an update sets, for the rule.
func (up userUpdate) identityFields() []string {
	var out []string
	for _, f := range []struct {
		name string
		set  bool
	}{
		{fieldPassword, up.Password != ""}, {fieldEmail, up.Email != ""},
		{fieldFullName, up.FullName != ""}, {fieldAuthSetting, up.AuthSetting != ""},
	} {
		if f.set {
			out = append(out, f.name)
		}
	}
	return out
}

// Content: who may do what to a project, workbook, view or data source.
// Every content route asks authorizeContent (or requireCapability on facts
// it already has), and every list filters with readableFilter; both follow
// internal/authz, the one evaluator of Tableau's effective permissions
// (administrators, site-role maximums, the owner, project owners and
// leaders, user rules over group rules, Deny over Allow), which tabctl's
// `permissions explain` runs too. The facts come from the store
// (Store.authzFacts): the caller's groups on the site, the project chain
// with each project's rules, and the item's own rules (kept equal to its
// project's defaults when the project locks them, Store.syncLocked).
//
// Refusals: an item the caller may not Read is answered as missing (the
// kind's 404, as if it did not exist), so that neither a list nor a
// direct request tells anyone what exists; an item they may read but not
// use as asked is 403004 ("does not have permission"), the detail naming
// the capability and what decided it.

// authorizeContent loads an item of kind k and checks that the caller may
// Read it and has every capability in need. For a view, Read of its
// workbook is needed too (views of a workbook follow it: Tableau's "Views
// in a locked project always use the workbook permissions").
func (s *Server) authorizeContent(c *call, k tsc.PermissionKind, id string, need ...tsc.Capability) (*contentFacts, error) {
	cf, err := s.store.contentFacts(c.ctx, s.store.db, k, c.siteID(), id)
	if err != nil {
		return nil, err
	}
	if err := s.requireCapability(c, cf, tsc.CapRead); err != nil {
		return nil, err
	}
	for _, cap := range need {
		if err := s.requireCapability(c, cf, cap); err != nil {
			return nil, err
		}
	}
	return cf, nil
}

// requireCapability decides one capability of the caller on an item.
func (s *Server) requireCapability(c *call, cf *contentFacts, cap tsc.Capability) error {
	d, err := s.decideContent(c, cf, cap)
	if err != nil {
		return err
	}
	if d.Allowed {
		return nil
	}
	if cap == tsc.CapRead {
		return permResources[cf.Kind].notFound(cf.ID)
	}
	return noPermission("User '%s' does not have the %s capability on the %s '%s': %s.", c.user.Name, cap, cf.Kind, cf.Name, d.Reason)
}

// decideContent asks the evaluator, and for a view its workbook's Read.
func (s *Server) decideContent(c *call, cf *contentFacts, cap tsc.Capability) (authz.Decision, error) {
	f, err := s.store.authzFacts(c.ctx, s.store.db, c.user, c.siteID(), cf)
	if err != nil {
		return authz.Decision{}, err
	}
	d := authz.Decide(f, cap)
	if d.Allowed && cf.Kind == tsc.PermView && cf.WorkbookID != "" {
		wb, err := s.store.contentFacts(c.ctx, s.store.db, tsc.PermWorkbook, c.siteID(), cf.WorkbookID)
		if err != nil {
			return authz.Decision{}, err
		}
		wf, err := s.store.authzFacts(c.ctx, s.store.db, c.user, c.siteID(), wb)
		if err != nil {
			return authz.Decision{}, err
		}
		if wd := authz.Decide(wf, tsc.CapRead); !wd.Allowed {
			return authz.Decision{Capability: cap, By: wd.By, Reason: "no Read on its workbook (" + wd.Reason + ")"}, nil
		}
	}
	return d, nil
}

// leadsProjectOf reports whether the caller leads the project holding an
// item: an administrator, the owner of that project or of one above it,
// or a project leader there (Tableau's ProjectLeader, which the evaluator
// decides on the project as on any capability).
func (s *Server) leadsProjectOf(c *call, k tsc.PermissionKind, id string) (bool, error) {
	cf, err := s.store.contentFacts(c.ctx, s.store.db, k, c.siteID(), id)
	if err != nil {
		return false, err
	}
	pf, err := s.store.contentFacts(c.ctx, s.store.db, tsc.PermProject, c.siteID(), cf.ProjectID)
	if err != nil {
		return false, err
	}
	d, err := s.decideContent(c, pf, tsc.CapProjectLeader)
	return d.Allowed, err
}
