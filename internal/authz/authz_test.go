package authz

import (
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
)

// TestMatrix walks site roles x rule sets x content types x capabilities
// and checks each decision and its basis against the matrix's expectation.
func TestMatrix(t *testing.T) {
	n := 0
	for _, s := range Scenarios() {
		for _, r := range MatrixRoles {
			for _, k := range tsc.PermissionKinds {
				for _, c := range k.Capabilities() {
					n++
					d := Decide(s.Facts(r, k, c), c)
					want, by := s.Expect(r, k, c)
					if d.Mode() != want || d.By != by {
						t.Errorf("%s / %s / %s %s: got %s by %s (%s), want %s by %s", s.Name, r, k, c, d.Mode(), d.By, d.Reason, want, by)
					}
				}
			}
		}
	}
	if n < 5000 {
		t.Errorf("matrix has %d cells", n)
	}
}

// The matrix's expectation leans on SiteRoleAllows; these pin it to the
// documented examples, so the two cannot drift together.
func TestSiteRoleMaximums(t *testing.T) {
	for _, tc := range []struct {
		role tsc.SiteRole
		kind tsc.PermissionKind
		cap  tsc.Capability
		want bool
	}{
		{tsc.SiteRoleViewer, tsc.PermWorkbook, tsc.CapRead, true},
		{tsc.SiteRoleViewer, tsc.PermWorkbook, tsc.CapExportData, true},
		{tsc.SiteRoleViewer, tsc.PermWorkbook, tsc.CapWrite, false},
		{tsc.SiteRoleViewer, tsc.PermWorkbook, tsc.CapWebAuthoring, false},
		{tsc.SiteRoleViewer, tsc.PermWorkbook, tsc.CapExportXML, false},
		{tsc.SiteRoleViewer, tsc.PermDatasource, tsc.CapExportXML, false}, // "will never be able to download a data source"
		{tsc.SiteRoleViewer, tsc.PermDatasource, tsc.CapConnect, false},
		{tsc.SiteRoleViewer, tsc.PermProject, tsc.CapWrite, false},
		{tsc.SiteRoleGuest, tsc.PermView, tsc.CapAddComment, false},
		{tsc.SiteRoleGuest, tsc.PermView, tsc.CapRead, true},
		{tsc.SiteRoleExplorer, tsc.PermWorkbook, tsc.CapWebAuthoring, true},
		{tsc.SiteRoleExplorer, tsc.PermWorkbook, tsc.CapExportXML, true},
		{tsc.SiteRoleExplorer, tsc.PermWorkbook, tsc.CapWrite, false},
		{tsc.SiteRoleExplorer, tsc.PermProject, tsc.CapWrite, false}, // can't publish
		{tsc.SiteRoleExplorer, tsc.PermDatasource, tsc.CapConnect, true},
		{tsc.SiteRoleExplorerCanPublish, tsc.PermWorkbook, tsc.CapWrite, true},
		{tsc.SiteRoleExplorerCanPublish, tsc.PermProject, tsc.CapWrite, true},
		{tsc.SiteRoleExplorerCanPublish, tsc.PermDatasource, tsc.CapWrite, false},
		{tsc.SiteRoleExplorerCanPublish, tsc.PermFlow, tsc.CapExecute, false},
		{tsc.SiteRoleCreator, tsc.PermFlow, tsc.CapWebAuthoringForFlows, true},
		{tsc.SiteRoleCreator, tsc.PermView, tsc.CapWrite, false}, // not a view capability
		{tsc.SiteRoleUnlicensed, tsc.PermWorkbook, tsc.CapRead, false},
		{tsc.SiteRoleInteractor, tsc.PermWorkbook, tsc.CapWebAuthoring, true},
		{tsc.SiteRolePublisher, tsc.PermWorkbook, tsc.CapWrite, true},
	} {
		if got := SiteRoleAllows(tc.role, tc.kind, tc.cap); got != tc.want {
			t.Errorf("SiteRoleAllows(%s, %s, %s) = %v", tc.role, tc.kind, tc.cap, got)
		}
	}
}

func TestReasons(t *testing.T) {
	base := Facts{
		Caller:  Caller{UserID: "u", SiteRole: tsc.SiteRoleViewer, Groups: []Group{{ID: "g", Name: "Finance"}}},
		Content: Content{Kind: tsc.PermWorkbook, ID: "w", OwnerID: "o"},
		Projects: []Project{{ID: "p", Name: "Sales", OwnerID: "o",
			Rules: []Rule{{Grantee: GranteeGroup, GranteeID: "lead", Capability: tsc.CapProjectLeader, Mode: tsc.Allow}}}},
		Rules: []Rule{
			{Grantee: GranteeGroup, GranteeID: "g", Capability: tsc.CapRead, Mode: tsc.Allow},
			{Grantee: GranteeUser, GranteeID: "u", Capability: tsc.CapExportData, Mode: tsc.Deny},
			{Grantee: GranteeUser, GranteeID: "u", Capability: tsc.CapWrite, Mode: tsc.Allow},
		},
	}
	reasons := map[tsc.Capability]string{}
	for _, d := range Explain(base) {
		reasons[d.Capability] = string(d.Mode()) + ": " + d.Reason
	}
	for c, want := range map[tsc.Capability]string{
		tsc.CapRead:       "Allow: group rule Allow Read via group Finance",
		tsc.CapExportData: "Deny: user rule Deny ExportData",
		tsc.CapWrite:      "Deny: site role Viewer cannot Write a workbook",
		tsc.CapFilter:     "Deny: no rule: denied",
	} {
		if reasons[c] != want {
			t.Errorf("%s: %q, want %q", c, reasons[c], want)
		}
	}
	if len(reasons) != len(tsc.PermWorkbook.Capabilities()) {
		t.Errorf("Explain gave %d capabilities", len(reasons))
	}

	lead := base
	lead.Caller.Groups = append(lead.Caller.Groups, Group{ID: "lead", Name: "Leads"})
	if d := Decide(lead, tsc.CapFilter); !d.Allowed || d.Reason != "project leader (rule on project Sales via group Leads)" {
		t.Errorf("leader: %+v", d)
	}
	lead.Caller.SiteRole = tsc.SiteRoleViewer
	if d := Decide(lead, tsc.CapDelete); d.Allowed || d.By != BySiteRole {
		t.Errorf("a Viewer leader deletes: %+v", d)
	}
	admin := base
	admin.Caller.SiteRole = tsc.SiteRoleSiteAdministratorExplorer
	if d := Decide(admin, tsc.CapDelete); !d.Allowed || d.Reason != "site administrator" {
		t.Errorf("site admin: %+v", d)
	}
	if d := Decide(base, tsc.CapConnect); d.Allowed || !strings.Contains(d.Reason, "not a capability of a workbook") {
		t.Errorf("Connect on a workbook: %+v", d)
	}
}

// TestPersonalSpaceIsPrivate: content in its owner's Personal Space is the
// owner's and the site administrators' alone; project ownership,
// leadership and rules give nobody else anything, and nobody, owner and
// administrators included, changes its permissions.
func TestPersonalSpaceIsPrivate(t *testing.T) {
	allow := func(c tsc.Capability) Rule {
		return Rule{Grantee: GranteeUser, GranteeID: "eve", Capability: c, Mode: tsc.Allow}
	}
	base := Facts{
		Content:       Content{Kind: tsc.PermWorkbook, ID: "wb", Name: "Draft", OwnerID: "cara"},
		Projects:      []Project{{ID: "p", Name: "Cara's", OwnerID: "pam", Rules: []Rule{allow(tsc.CapProjectLeader)}}},
		Rules:         []Rule{allow(tsc.CapRead), allow(tsc.CapExportXML)},
		PersonalSpace: true,
	}
	for _, tc := range []struct {
		who  Caller
		cap  tsc.Capability
		want bool
		by   Basis
	}{
		{Caller{UserID: "cara", SiteRole: tsc.SiteRoleCreator}, tsc.CapRead, true, ByOwner},
		{Caller{UserID: "cara", SiteRole: tsc.SiteRoleCreator}, tsc.CapChangePermissions, false, ByPersonalSpace},
		{Caller{UserID: "admin", SiteRole: tsc.SiteRoleSiteAdministratorCreator}, tsc.CapExportXML, true, BySiteAdmin},
		{Caller{UserID: "admin", SiteRole: tsc.SiteRoleSiteAdministratorCreator}, tsc.CapChangePermissions, false, ByPersonalSpace},
		{Caller{UserID: "eve", SiteRole: tsc.SiteRoleCreator}, tsc.CapRead, false, ByPersonalSpace},   // a user rule
		{Caller{UserID: "eve", SiteRole: tsc.SiteRoleCreator}, tsc.CapWrite, false, ByPersonalSpace},  // a project leader
		{Caller{UserID: "pam", SiteRole: tsc.SiteRoleCreator}, tsc.CapDelete, false, ByPersonalSpace}, // the project's owner
		{Caller{UserID: "cara", SiteRole: tsc.SiteRoleViewer}, tsc.CapWrite, false, BySiteRole},       // the site role still bounds the owner
	} {
		f := base
		f.Caller = tc.who
		d := Decide(f, tc.cap)
		if d.Allowed != tc.want || d.By != tc.by {
			t.Errorf("%s %s: got %v by %s (%s), want %v by %s", tc.who.UserID, tc.cap, d.Allowed, d.By, d.Reason, tc.want, tc.by)
		}
		// Without the fact, eve and pam are in: the refusals are the fact's.
		f.PersonalSpace = false
		if d := Decide(f, tc.cap); tc.who.UserID != "cara" && tc.cap != tsc.CapChangePermissions && !d.Allowed {
			t.Errorf("%s %s outside a Personal Space: denied (%s)", tc.who.UserID, tc.cap, d.Reason)
		}
	}
}
