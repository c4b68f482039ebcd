// Package authz is Tableau's effective-permission rule as a pure function:
// given what is known about a caller, a piece of content, the projects
// that hold it and the permission rules that apply, it answers for each
// capability whether the caller has it and which role or rule decided.
// It reads no store and speaks no HTTP, so that the emulator (which feeds
// it facts from its database) and tabctl's `permissions explain` (which
// feeds it facts fetched through the REST API) give the same answers.
//
// The order of evaluation is Tableau's, from "Effective permissions"
// (help.tableau.com/current/server/en-us/permission_effective.htm): "A
// capability is allowed for a user if and only if [...] the capability is
// within the scope of their site role [and] they have that capability
// based on a specific user scenario (such as being the content owner or a
// project leader, or they're an administrator site role), OR because they
// have been allowed the capability as a user, OR because they are both in
// a group that has been allowed the capability and no rules deny them the
// capability as a user or member of another group. [...] Any other
// situation denies the user the capability." and, in its evaluation list,
// "Site role: If a site role doesn't permit a capability, the user is
// denied", then the user scenarios (administrators, content owner, project
// owner and project leader), with the exception that "Content owners won't
// have the Set Permissions capability" when the content's permissions are
// locked to its project. So:
//
//  1. server and site administrators: everything;
//  2. the site role's maximum (SiteRoleAllows): beyond it, denied;
//  3. the content owner: everything, but ChangePermissions in a locked
//     project;
//  4. the owner of the content's project or of a project above it;
//  5. a project leader of such a project (a ProjectLeader rule, user over
//     group, Deny over Allow, as for any other capability);
//  6. the user's own rules: Deny, else Allow;
//  7. the rules of the user's groups and group sets: any Deny, else any
//     Allow. A group set holds the users who are in every one of its groups
//     (at least one); its rules are evaluated "after user and group rules"
//     (Tableau help, "Work with Group Sets") and the emulator weighs them
//     at the level of group rules, so a Deny for a group or a group set
//     wins over an Allow for another;
//  8. nothing said: denied.
package authz

import (
	"fmt"
	"slices"

	"github.com/tsc-go/tsc"
)

// Caller is who asks.
type Caller struct {
	UserID string
	// Name is the caller's user name, for reasons.
	Name string
	// SiteRole is the caller's role on the content's site.
	SiteRole    tsc.SiteRole
	ServerAdmin bool
	// Groups are the groups of the site the caller belongs to (All Users
	// included).
	Groups []Group
	// GroupSets are the group sets of the site the caller belongs to: those
	// with at least one group, every one of which holds the caller ("group
	// sets enforce AND logic", Tableau help, "Work with Group Sets").
	GroupSets []Group
}

// Group is a group the caller belongs to.
type Group struct {
	ID   string
	Name string
}

// GranteeType says whether a rule names a user or a group.
type GranteeType string

// The grantees of a rule.
const (
	GranteeUser  GranteeType = "user"
	GranteeGroup GranteeType = "group"
	// GranteeGroupSet rules count at the level of group rules (step 7):
	// a Deny of any group or group set of the caller wins over their Allows.
	GranteeGroupSet GranteeType = "groupSet"
)

// Rule is one permission rule: a grantee, a capability, a mode.
type Rule struct {
	Grantee    GranteeType
	GranteeID  string
	Capability tsc.Capability
	Mode       tsc.Mode
}

// Project is one project of the chain that holds the content.
type Project struct {
	ID      string
	Name    string
	OwnerID string
	// Rules are the project's own rules (Read, Write, ProjectLeader); only
	// ProjectLeader is read from them here.
	Rules []Rule
}

// Content is what is asked about.
type Content struct {
	Kind    tsc.PermissionKind
	ID      string
	Name    string
	OwnerID string
}

// Facts are everything the rule reads.
type Facts struct {
	Caller  Caller
	Content Content
	// Projects are the projects holding the content, innermost first, up
	// to the top-level project. For a project, the chain starts with the
	// project itself, whose owner is then the content owner and whose
	// leaders lead it.
	Projects []Project
	// Rules are the rules that decide for the content: its own, or, when
	// its project locks permissions, the controlling project's defaults
	// for its kind.
	Rules []Rule
	// Locked says the content's permissions are locked to its project
	// (LockedToProject, or LockedToProjectWithoutNested for content
	// directly in the project): nobody, administrators included, then
	// changes the rules on the content itself (ChangePermissions is
	// denied); they are changed in the project's default permissions.
	Locked bool
	// PersonalSpace says the content (a view: its workbook) is in its
	// owner's Personal Space, Tableau Cloud's private location: "Content
	// saved to your Personal Space is only visible to you and site
	// administrators [...] they can view and manage Personal Space
	// workbooks [...] the permissions menu is unavailable when a workbook
	// is in Personal Space because the workbook is private" (Tableau help,
	// "Create and Edit Private Content in Personal Space",
	// personal_space.htm). So nobody changes its rules, administrators
	// and the owner keep their capabilities, and no project ownership,
	// leadership or rule gives anyone else any.
	PersonalSpace bool
}

// Basis is what decided a capability.
type Basis string

// The bases of a decision, in the order they are tried.
const (
	ByServerAdmin   Basis = "server administrator"
	BySiteAdmin     Basis = "site administrator"
	BySiteRole      Basis = "site role"
	ByOwner         Basis = "content owner"
	ByProjectOwner  Basis = "project owner"
	ByProjectLeader Basis = "project leader"
	ByUserRule      Basis = "user rule"
	ByGroupRule     Basis = "group rule"
	ByNoRule        Basis = "no rule"
	// ByLock: content locked to its project has its rules changed in the
	// project, never on itself.
	ByLock Basis = "locked project"
	// ByPersonalSpace: content in its owner's Personal Space is private.
	ByPersonalSpace Basis = "personal space"
)

// Decision is the answer for one capability.
type Decision struct {
	Capability tsc.Capability
	Allowed    bool
	By         Basis
	// Reason says in words which role or rule decided, e.g. "group rule
	// Allow Read via group Finance" or "site role Viewer cannot Write".
	Reason string
}

// Mode is the decision as a permission mode, for tables.
func (d Decision) Mode() tsc.Mode {
	if d.Allowed {
		return tsc.Allow
	}
	return tsc.Deny
}

// IsAdmin reports whether the caller administers the site: a server
// administrator, or a site administrator (Creator or Explorer).
func (c Caller) IsAdmin() bool {
	if c.ServerAdmin {
		return true
	}
	switch normalRole(c.SiteRole) {
	case tsc.SiteRoleServerAdministrator, tsc.SiteRoleSiteAdministratorCreator, tsc.SiteRoleSiteAdministratorExplorer:
		return true
	}
	return false
}

// Decide answers for one capability of f.Content.
func Decide(f Facts, c tsc.Capability) Decision {
	d := Decision{Capability: c}
	allow := func(by Basis, format string, args ...any) Decision {
		d.Allowed, d.By, d.Reason = true, by, fmt.Sprintf(format, args...)
		return d
	}
	deny := func(by Basis, format string, args ...any) Decision {
		d.Allowed, d.By, d.Reason = false, by, fmt.Sprintf(format, args...)
		return d
	}
	// "Users, including content owners, cannot edit individual workbook,
	// view, and data source permissions when content is locked to the
	// project" (Tableau, "Lock content permissions to the project"); the
	// emulator refuses such a change from anyone, administrators included.
	if c == tsc.CapChangePermissions && f.Locked && f.Content.Kind != tsc.PermProject && f.Content.Kind.Allows(c) {
		return deny(ByLock, "locked to its project: rules are changed in the project's default permissions")
	}
	if c == tsc.CapChangePermissions && f.PersonalSpace && f.Content.Kind.Allows(c) {
		return deny(ByPersonalSpace, "in its owner's Personal Space, which is private: it has no permissions to set")
	}
	who := f.Caller
	if who.ServerAdmin || normalRole(who.SiteRole) == tsc.SiteRoleServerAdministrator {
		return allow(ByServerAdmin, "server administrator")
	}
	if who.IsAdmin() {
		return allow(BySiteAdmin, "site administrator")
	}
	if !f.Content.Kind.Allows(c) {
		return deny(ByNoRule, "%s is not a capability of a %s", c, f.Content.Kind)
	}
	if !SiteRoleAllows(who.SiteRole, f.Content.Kind, c) {
		return deny(BySiteRole, "site role %s cannot %s a %s", roleName(who.SiteRole), c, f.Content.Kind)
	}
	if f.Content.OwnerID != "" && f.Content.OwnerID == who.UserID {
		return allow(ByOwner, "content owner")
	}
	if f.PersonalSpace {
		return deny(ByPersonalSpace, "in its owner's Personal Space, private to the owner and site administrators")
	}
	for i, p := range f.Projects {
		if i == 0 && f.Content.Kind == tsc.PermProject {
			continue // the project's own owner is its content owner
		}
		if p.OwnerID != "" && p.OwnerID == who.UserID {
			return allow(ByProjectOwner, "project owner (project %s)", label(p.Name, p.ID))
		}
	}
	for _, p := range f.Projects {
		if ok, via := decideRules(who, p.Rules, tsc.CapProjectLeader); ok {
			return allow(ByProjectLeader, "project leader (rule on project %s%s)", label(p.Name, p.ID), via)
		}
	}
	var userAllow bool
	for _, r := range f.Rules {
		if r.Grantee == GranteeUser && r.GranteeID == who.UserID && r.Capability == c {
			if r.Mode == tsc.Deny {
				return deny(ByUserRule, "user rule Deny %s", c)
			}
			userAllow = userAllow || r.Mode == tsc.Allow
		}
	}
	if userAllow {
		return allow(ByUserRule, "user rule Allow %s", c)
	}
	var allowVia *Group
	var allowKind string
	for _, r := range f.Rules {
		if r.Capability != c {
			continue
		}
		g, kind := who.holder(r)
		if g == nil {
			continue
		}
		if r.Mode == tsc.Deny {
			return deny(ByGroupRule, "group rule Deny %s via %s %s", c, kind, label(g.Name, g.ID))
		}
		if r.Mode == tsc.Allow && before(g, allowVia) {
			allowVia, allowKind = g, kind
		}
	}
	if allowVia != nil {
		return allow(ByGroupRule, "group rule Allow %s via %s %s", c, allowKind, label(allowVia.Name, allowVia.ID))
	}
	return deny(ByNoRule, "no rule: denied")
}

// Explain answers for every capability of the content's kind, in the
// order of Tableau's permission dialog.
func Explain(f Facts) []Decision {
	caps := f.Content.Kind.Capabilities()
	out := make([]Decision, len(caps))
	for i, c := range caps {
		out[i] = Decide(f, c)
	}
	return out
}

// Allowed is Decide(f, c).Allowed.
func Allowed(f Facts, c tsc.Capability) bool { return Decide(f, c).Allowed }

// decideRules applies steps 6 and 7 to rules alone (used for the
// ProjectLeader capability of a project): whether they allow c, and via
// which grantee.
func decideRules(who Caller, rules []Rule, c tsc.Capability) (bool, string) {
	var userAllow bool
	for _, r := range rules {
		if r.Grantee == GranteeUser && r.GranteeID == who.UserID && r.Capability == c {
			if r.Mode == tsc.Deny {
				return false, ""
			}
			userAllow = true
		}
	}
	if userAllow {
		return true, " for the user"
	}
	var via *Group
	var viaKind string
	for _, r := range rules {
		if r.Capability != c {
			continue
		}
		g, kind := who.holder(r)
		if g == nil {
			continue
		}
		if r.Mode == tsc.Deny {
			return false, ""
		}
		if before(g, via) {
			via, viaKind = g, kind
		}
	}
	if via != nil {
		return true, " via " + viaKind + " " + label(via.Name, via.ID)
	}
	return false, ""
}

// before orders the groups a reason may name (by name, then id), so that
// the same facts give the same reason whatever order the rules came in.
func before(g, than *Group) bool {
	return than == nil || g.Name < than.Name || (g.Name == than.Name && g.ID < than.ID)
}

// holder is the caller's group or group set a group-level rule names, and
// which of the two it is; nil for a user rule or a grantee the caller is
// not in.
func (c Caller) holder(r Rule) (*Group, string) {
	var in []Group
	kind := "group"
	switch r.Grantee {
	case GranteeGroup:
		in = c.Groups
	case GranteeGroupSet:
		in, kind = c.GroupSets, "group set"
	default:
		return nil, ""
	}
	for i := range in {
		if in[i].ID == r.GranteeID {
			return &in[i], kind
		}
	}
	return nil, ""
}

func label(name, id string) string {
	if name == "" {
		return id
	}
	return name
}

func roleName(r tsc.SiteRole) string {
	if r == "" {
		return "(none)"
	}
	return string(r)
}

// CanLead reports whether the caller's site role lets them hold the
// Project Leader capability at all.
func CanLead(r tsc.SiteRole) bool {
	return SiteRoleAllows(r, tsc.PermProject, tsc.CapProjectLeader)
}

// SiteRoleAllows reports whether a user of role r may ever have capability
// c on content of kind k, whatever the rules say ("Site roles determine
// the maximum capabilities a user can have in that site. (For example, a
// user with a site role of Viewer will never be able to download a data
// source even if that capability is explicitly granted to them on a
// specific data source.)", "Permissions, Site Roles, and Licenses",
// help.tableau.com/current/server/en-us/permission_license_siterole.htm).
//
// The maxima, from that page and "Set Users' Site Roles"
// (help.tableau.com/current/online/en-us/users_site_roles.htm):
//   - Creator (and the administrator roles): everything.
//   - Explorer (can publish): "Can publish workbooks from the web using
//     existing data sources [...] edit and save existing workbooks. Cannot
//     save new standalone data sources [...] and cannot connect to external
//     data and create new data sources": no Write or SaveAs on data
//     sources, virtual connections, databases and tables; and no Prep
//     authoring (WebAuthoringForFlows, Execute, Write on flows), which
//     Tableau keeps to Creators.
//   - Explorer: "can't save their work" (an Explorer with the save
//     capability on a project "can't publish content"): none of the above,
//     nor Write, SaveAs, ChangeHierarchy, ExtractRefresh, Delete,
//     ChangePermissions or ProjectLeader anywhere. Explorers do web edit
//     (ad hoc), connect to published data sources and download.
//   - Viewer: "Can see published views [...] and use most interaction
//     features. Can subscribe to views and download as images or summary
//     data. Can't connect to data, create, edit, or publish content": Read,
//     Filter, ViewComments, AddComment, ExportImage, ExportData, and Read of
//     every other kind; "will never be able to download a data source".
//   - Guest: a Viewer without comments (Guest access shows views only).
//   - Unlicensed, SupportUser and unknown roles: nothing.
//
// Retired role names (Interactor, Publisher, SiteAdministrator...) count
// as the roles that replaced them.
func SiteRoleAllows(r tsc.SiteRole, k tsc.PermissionKind, c tsc.Capability) bool {
	if !k.Allows(c) {
		return false
	}
	switch normalRole(r) {
	case tsc.SiteRoleServerAdministrator, tsc.SiteRoleSiteAdministratorCreator, tsc.SiteRoleSiteAdministratorExplorer,
		tsc.SiteRoleCreator:
		return true
	case tsc.SiteRoleExplorerCanPublish:
		switch {
		case slices.Contains(creatorOnly, c):
			return false
		case k == tsc.PermFlow && c == tsc.CapWrite:
			return false
		case slices.Contains(noNewData, k) && (c == tsc.CapWrite || c == tsc.CapSaveAs):
			return false
		}
		return true
	case tsc.SiteRoleExplorer:
		return !slices.Contains(creatorOnly, c) && !slices.Contains(publishing, c)
	case tsc.SiteRoleViewer:
		return slices.Contains(viewing, c)
	case tsc.SiteRoleGuest:
		return slices.Contains(viewing, c) && c != tsc.CapAddComment && c != tsc.CapViewComments
	}
	return false
}

// creatorOnly: Tableau Prep authoring and running.
var creatorOnly = []tsc.Capability{tsc.CapWebAuthoringForFlows, tsc.CapExecute}

// publishing: what saving to the server, moving and managing content
// need, out of an Explorer's reach.
var publishing = []tsc.Capability{
	tsc.CapWrite, tsc.CapSaveAs, tsc.CapChangeHierarchy, tsc.CapExtractRefresh, tsc.CapDelete,
	tsc.CapChangePermissions, tsc.CapProjectLeader,
}

// noNewData: kinds whose Write would publish a new data connection.
var noNewData = []tsc.PermissionKind{tsc.PermDatasource, tsc.PermVirtualConnection, tsc.PermDatabase, tsc.PermTable}

// viewing is a Viewer's most.
var viewing = []tsc.Capability{
	tsc.CapRead, tsc.CapFilter, tsc.CapViewComments, tsc.CapAddComment, tsc.CapExportImage, tsc.CapExportData,
}

// normalRole maps retired role names to the current ones (REST API 3.0's
// "Updated Site Roles": Interactor became Explorer, Publisher Explorer
// (can publish), SiteAdministrator Site Administrator Explorer,
// ViewerWithPublish and ReadOnly Viewer).
func normalRole(r tsc.SiteRole) tsc.SiteRole {
	switch r {
	case tsc.SiteRoleInteractor:
		return tsc.SiteRoleExplorer
	case tsc.SiteRolePublisher:
		return tsc.SiteRoleExplorerCanPublish
	case tsc.SiteRoleSiteAdministrator:
		return tsc.SiteRoleSiteAdministratorExplorer
	case tsc.SiteRoleViewerWithPublish, tsc.SiteRoleReadOnly:
		return tsc.SiteRoleViewer
	}
	return r
}
