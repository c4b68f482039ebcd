package authz

import (
	"github.com/tsc-go/tsc"
)

// The test matrix: named rule sets that, applied to a caller of any site
// role and content of any kind, exercise every step of Decide. It is
// exported so that the emulator's end-to-end tests install the same rule
// sets in a store and check that its routes decide as Decide does, and
// tabctl's explain tests do the same through the REST API.

// The ids the scenarios use; a store-backed test maps them to its own.
const (
	MatrixUser   = "user"
	MatrixOther  = "other-user"
	MatrixGroupA = "group-a"
	MatrixGroupB = "group-b"
	// MatrixGroupC is a group the caller is not in.
	MatrixGroupC = "group-c"
	// MatrixSetAB is a group set of groups A and B, both the caller's: the
	// caller is a member. MatrixSetAC is a group set of A and C: the
	// caller, not in C, is not (group sets enforce AND logic).
	MatrixSetAB     = "set-ab"
	MatrixSetAC     = "set-ac"
	MatrixProject   = "project"
	MatrixParent    = "parent-project"
	MatrixContentID = "content"
)

// Scenario is one rule set of the matrix.
type Scenario struct {
	Name string
	// Owner is who owns the content: MatrixUser or MatrixOther.
	Owner string
	// ProjectOwner owns the content's project; ParentOwner the project
	// above it.
	ProjectOwner, ParentOwner string
	// Rules are the content's rules (or its locked project's defaults);
	// the capability "*" stands for the capability asked about.
	Rules []Rule
	// ProjectRules are rules on the content's project (leaders), and
	// ParentRules on the project above it.
	ProjectRules, ParentRules []Rule
	Locked                    bool
	// Want is the decision for any capability the caller's site role
	// allows on the kind (administrators: always Allow); WantOwnerPerms
	// overrides it for ChangePermissions when set.
	Want           tsc.Mode
	WantBy         Basis
	WantChangePerm tsc.Mode
}

// Any stands for the capability asked about in a Scenario's rules.
const Any tsc.Capability = "*"

func userRule(c tsc.Capability, m tsc.Mode) Rule {
	return Rule{Grantee: GranteeUser, GranteeID: MatrixUser, Capability: c, Mode: m}
}

func groupRule(g string, c tsc.Capability, m tsc.Mode) Rule {
	return Rule{Grantee: GranteeGroup, GranteeID: g, Capability: c, Mode: m}
}

func setRule(g string, c tsc.Capability, m tsc.Mode) Rule {
	return Rule{Grantee: GranteeGroupSet, GranteeID: g, Capability: c, Mode: m}
}

// Scenarios is the matrix's rule sets. The caller is MatrixUser, a member
// of MatrixGroupA and MatrixGroupB, so of the group set MatrixSetAB and
// not of MatrixSetAC.
func Scenarios() []Scenario {
	o := MatrixOther
	return []Scenario{
		{Name: "no rules", Owner: o, Want: tsc.Deny, WantBy: ByNoRule},
		{Name: "group allow", Owner: o, Rules: []Rule{groupRule(MatrixGroupA, Any, tsc.Allow)}, Want: tsc.Allow, WantBy: ByGroupRule},
		{Name: "group deny", Owner: o, Rules: []Rule{groupRule(MatrixGroupA, Any, tsc.Deny)}, Want: tsc.Deny, WantBy: ByGroupRule},
		{Name: "one group allows, another denies", Owner: o,
			Rules: []Rule{groupRule(MatrixGroupA, Any, tsc.Allow), groupRule(MatrixGroupB, Any, tsc.Deny)}, Want: tsc.Deny, WantBy: ByGroupRule},
		{Name: "user deny over group allow", Owner: o,
			Rules: []Rule{groupRule(MatrixGroupA, Any, tsc.Allow), userRule(Any, tsc.Deny)}, Want: tsc.Deny, WantBy: ByUserRule},
		{Name: "user allow over group deny", Owner: o,
			Rules: []Rule{groupRule(MatrixGroupA, Any, tsc.Deny), userRule(Any, tsc.Allow)}, Want: tsc.Allow, WantBy: ByUserRule},
		{Name: "rule for another group", Owner: o,
			Rules: []Rule{groupRule(MatrixGroupC, Any, tsc.Allow)}, Want: tsc.Deny, WantBy: ByNoRule},
		{Name: "group set allow", Owner: o, Rules: []Rule{setRule(MatrixSetAB, Any, tsc.Allow)}, Want: tsc.Allow, WantBy: ByGroupRule},
		{Name: "group set the user is not wholly in", Owner: o,
			Rules: []Rule{setRule(MatrixSetAC, Any, tsc.Allow)}, Want: tsc.Deny, WantBy: ByNoRule},
		{Name: "group allows, group set denies", Owner: o,
			Rules: []Rule{groupRule(MatrixGroupA, Any, tsc.Allow), setRule(MatrixSetAB, Any, tsc.Deny)}, Want: tsc.Deny, WantBy: ByGroupRule},
		{Name: "group set allows, group denies", Owner: o,
			Rules: []Rule{setRule(MatrixSetAB, Any, tsc.Allow), groupRule(MatrixGroupB, Any, tsc.Deny)}, Want: tsc.Deny, WantBy: ByGroupRule},
		{Name: "deny for a group set the user is not in", Owner: o,
			Rules: []Rule{groupRule(MatrixGroupA, Any, tsc.Allow), setRule(MatrixSetAC, Any, tsc.Deny)}, Want: tsc.Allow, WantBy: ByGroupRule},
		{Name: "user deny over group set allow", Owner: o,
			Rules: []Rule{setRule(MatrixSetAB, Any, tsc.Allow), userRule(Any, tsc.Deny)}, Want: tsc.Deny, WantBy: ByUserRule},
		{Name: "project leader via group set", Owner: o,
			ProjectRules: []Rule{setRule(MatrixSetAB, tsc.CapProjectLeader, tsc.Allow)}, Want: tsc.Allow, WantBy: ByProjectLeader},
		{Name: "rule for another user", Owner: o,
			Rules: []Rule{{Grantee: GranteeUser, GranteeID: o, Capability: Any, Mode: tsc.Allow}}, Want: tsc.Deny, WantBy: ByNoRule},
		{Name: "owner", Owner: MatrixUser, Rules: []Rule{userRule(Any, tsc.Deny)}, Want: tsc.Allow, WantBy: ByOwner},
		{Name: "owner in a locked project", Owner: MatrixUser, Locked: true,
			Want: tsc.Allow, WantBy: ByOwner, WantChangePerm: tsc.Deny},
		{Name: "project owner", Owner: o, ProjectOwner: MatrixUser, Rules: []Rule{groupRule(MatrixGroupA, Any, tsc.Deny)},
			Want: tsc.Allow, WantBy: ByProjectOwner},
		{Name: "owner of the parent project", Owner: o, ParentOwner: MatrixUser, Want: tsc.Allow, WantBy: ByProjectOwner},
		{Name: "project leader via group", Owner: o,
			ProjectRules: []Rule{groupRule(MatrixGroupB, tsc.CapProjectLeader, tsc.Allow)}, Want: tsc.Allow, WantBy: ByProjectLeader},
		{Name: "project leader of the parent", Owner: o,
			ParentRules: []Rule{userRule(tsc.CapProjectLeader, tsc.Allow)}, Want: tsc.Allow, WantBy: ByProjectLeader},
		{Name: "leader rule denied for the user", Owner: o,
			ProjectRules: []Rule{groupRule(MatrixGroupB, tsc.CapProjectLeader, tsc.Allow), userRule(tsc.CapProjectLeader, tsc.Deny)},
			Rules:        []Rule{groupRule(MatrixGroupA, Any, tsc.Allow)}, Want: tsc.Allow, WantBy: ByGroupRule},
	}
}

// MatrixRoles are the caller roles the matrix walks.
var MatrixRoles = []tsc.SiteRole{
	tsc.SiteRoleUnlicensed, tsc.SiteRoleGuest, tsc.SiteRoleViewer, tsc.SiteRoleExplorer, tsc.SiteRoleExplorerCanPublish,
	tsc.SiteRoleCreator, tsc.SiteRoleSiteAdministratorExplorer, tsc.SiteRoleSiteAdministratorCreator,
	tsc.SiteRoleServerAdministrator,
}

// Facts builds the facts of the scenario for a caller of role r asking
// about capability c of content of kind k.
func (s Scenario) Facts(r tsc.SiteRole, k tsc.PermissionKind, c tsc.Capability) Facts {
	fill := func(rules []Rule) []Rule {
		out := make([]Rule, len(rules))
		for i, x := range rules {
			if x.Capability == Any {
				x.Capability = c
			}
			out[i] = x
		}
		return out
	}
	f := Facts{
		Caller: Caller{UserID: MatrixUser, Name: "caller", SiteRole: r, ServerAdmin: r == tsc.SiteRoleServerAdministrator,
			Groups:    []Group{{ID: MatrixGroupA, Name: "A"}, {ID: MatrixGroupB, Name: "B"}},
			GroupSets: []Group{{ID: MatrixSetAB, Name: "AB"}}},
		Content: Content{Kind: k, ID: MatrixContentID, Name: "content", OwnerID: s.Owner},
		Rules:   fill(s.Rules),
		Locked:  s.Locked,
		Projects: []Project{
			{ID: MatrixProject, Name: "project", OwnerID: s.ProjectOwner, Rules: fill(s.ProjectRules)},
			{ID: MatrixParent, Name: "parent", OwnerID: s.ParentOwner, Rules: fill(s.ParentRules)},
		},
	}
	if k == tsc.PermProject {
		// A project's chain starts with itself: the content is the project.
		// Its own rules are its leaders' rules too.
		f.Projects = append([]Project{{ID: MatrixContentID, Name: "content", OwnerID: s.Owner, Rules: f.Rules}}, f.Projects...)
	}
	return f
}

// Expect is what the matrix says Decide must answer for the scenario: the
// administrator roles always allow, then the site role's maximum, then the
// scenario's own answer; before all, content locked to its project has
// no ChangePermissions for anyone.
func (s Scenario) Expect(r tsc.SiteRole, k tsc.PermissionKind, c tsc.Capability) (tsc.Mode, Basis) {
	if s.Locked && c == tsc.CapChangePermissions && k != tsc.PermProject && k.Allows(c) {
		return tsc.Deny, ByLock // from everyone, administrators included
	}
	switch r {
	case tsc.SiteRoleServerAdministrator:
		return tsc.Allow, ByServerAdmin
	case tsc.SiteRoleSiteAdministratorCreator, tsc.SiteRoleSiteAdministratorExplorer:
		return tsc.Allow, BySiteAdmin
	}
	if !SiteRoleAllows(r, k, c) {
		return tsc.Deny, BySiteRole
	}
	if c == tsc.CapChangePermissions && s.WantChangePerm != "" {
		return s.WantChangePerm, ByNoRule
	}
	if k == tsc.PermProject && c == tsc.CapProjectLeader && s.Want == tsc.Allow && (s.WantBy == ByUserRule || s.WantBy == ByGroupRule) {
		// A rule allowing ProjectLeader on a project makes a leader of it.
		return tsc.Allow, ByProjectLeader
	}
	return s.Want, s.WantBy
}
