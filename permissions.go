package tsc

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// PermissionsService reads and changes who may do what with content: the
// explicit rules set on projects, workbooks, views, data sources, flows,
// virtual connections, databases and tables, the default rules a project
// gives the content published into it, and those a database gives its
// tables.
//
// Every call takes the content type as a parameter, because Tableau's
// permission calls are the same for every type under its own path
// (/workbooks/{id}/permissions, /flows/{id}/permissions...): one
// implementation serves all of them, and a content type that arrives later
// is one more entry in a table, not more methods.
//
// Rules are checked before anything is sent: the capability must be one
// Tableau has for the content type ([PermissionKind.Capabilities],
// [ValidateCapability]), the mode Allow or Deny, and the grantee a user, a
// group or (3.22+) a group set, with an id.
type PermissionsService service

// GranteeType is whom a rule is for: a user, a group or (servers from
// 3.22) a group set.
type GranteeType string

// The grantee types of permission rules; the values are the element names
// of the wire.
const (
	GranteeUser     GranteeType = "user"
	GranteeGroup    GranteeType = "group"
	GranteeGroupSet GranteeType = "groupSet"
)

// Grantee is the user or group a rule is for.
type Grantee struct {
	Type GranteeType
	ID   string
}

// UserGrantee names a user, by id, as a rule's grantee.
func UserGrantee(id string) Grantee { return Grantee{Type: GranteeUser, ID: id} }

// GroupGrantee names a group, by id, as a rule's grantee.
func GroupGrantee(id string) Grantee { return Grantee{Type: GranteeGroup, ID: id} }

// String reads "user 1a2b..." or "group 3c4d...".
func (g Grantee) String() string { return string(g.Type) + " " + g.ID }

// segment is the grantee's part of a delete path: "users", "groups" or
// "groupSets", as Tableau names them.
func (g Grantee) segment() string { return string(g.Type) + "s" }

// PermissionRule is one rule: a grantee allowed or denied one capability.
// The wire groups rules by grantee (<granteeCapabilities>); the SDK takes
// and gives them one by one, which is what deleting, comparing and
// replacing need.
type PermissionRule struct {
	Grantee    Grantee
	Capability Capability
	Mode       Mode
}

// String reads "group 3c4d... Read:Allow".
func (r PermissionRule) String() string {
	return r.Grantee.String() + " " + string(r.Capability) + ":" + string(r.Mode)
}

// Rules returns rules for one grantee: each capability with the same mode.
func Rules(g Grantee, mode Mode, caps ...Capability) []PermissionRule {
	out := make([]PermissionRule, 0, len(caps))
	for _, c := range caps {
		out = append(out, PermissionRule{Grantee: g, Capability: c, Mode: mode})
	}
	return out
}

// Rules flattens the answer into one rule per grantee and capability, in
// the order the server wrote them. A grantee element without an id (which
// no server writes) is left out, since no rule could be sent back for it.
func (p *Permissions) Rules() []PermissionRule {
	if p == nil {
		return nil
	}
	var out []PermissionRule
	for _, gc := range p.GranteeCapabilities {
		g, ok := gc.Grantee()
		if !ok {
			continue
		}
		for _, c := range gc.Capabilities.Capabilities {
			out = append(out, PermissionRule{Grantee: g, Capability: c.Name, Mode: c.Mode})
		}
	}
	return out
}

// Grantee returns whom these rules are for; false when the element names
// no grantee with an id.
func (gc GranteeCapabilities) Grantee() (Grantee, bool) {
	switch {
	case gc.User != nil && gc.User.ID != "":
		return UserGrantee(gc.User.ID), true
	case gc.Group != nil && gc.Group.ID != "":
		return GroupGrantee(gc.Group.ID), true
	case gc.GroupSet != nil && gc.GroupSet.ID != "":
		return Grantee{Type: GranteeGroupSet, ID: gc.GroupSet.ID}, true
	}
	return Grantee{}, false
}

// permTarget is where one set of rules lives: an item's explicit rules
// ({type}/{id}/permissions) or a project's defaults for a content type
// (projects/{id}/default-permissions/{type}). The verbs below are written
// once over it.
type permTarget struct {
	// op prefixes operation names: "Permissions.List".
	op string
	// kind is the content type whose capabilities the rules may name.
	kind PermissionKind
	// path is the rules' path relative to the site, with the id escaped.
	path string
	// since is the API version from which the calls exist.
	since Version
}

// permissionVersions are the API versions from which Tableau has the
// explicit rules (content) and the project defaults (defaults) of each
// content type, as TSC's endpoints declare them (@api(version=...)); a zero
// version is a call Tableau does not have, or this SDK does not make.
// Lenses and metrics had explicit rules too, until Tableau retired them in
// 3.22; only their project defaults are kept here.
var permissionVersions = map[PermissionKind]struct{ content, defaults Version }{
	PermProject:           {content: Version{2, 0}},
	PermWorkbook:          {content: Version{2, 0}, defaults: Version{2, 1}},
	PermDatasource:        {content: Version{2, 0}, defaults: Version{2, 1}},
	PermView:              {content: Version{3, 2}},
	PermFlow:              {content: Version{3, 3}, defaults: Version{3, 4}},
	PermDatabase:          {content: Version{3, 5}, defaults: Version{3, 23}},
	PermTable:             {content: Version{3, 5}, defaults: Version{3, 23}},
	PermVirtualConnection: {content: Version{3, 22}, defaults: Version{3, 23}},
	PermMetric:            {defaults: Version{3, 2}},
	PermLens:              {defaults: Version{3, 4}},
	PermDataRole:          {defaults: Version{3, 4}},
}

// ContentPermissionKinds lists the content types whose items' explicit
// rules the PermissionsService reads and changes.
var ContentPermissionKinds = []PermissionKind{
	PermProject, PermWorkbook, PermView, PermDatasource, PermFlow, PermVirtualConnection, PermDatabase, PermTable,
}

// contentTarget is the explicit rules of one item of kind k.
func contentTarget(verb string, k PermissionKind, id string) (permTarget, error) {
	op := "Permissions." + verb
	v := permissionVersions[k].content
	if v.IsZero() {
		return permTarget{}, fmt.Errorf("tsc: %s: %s", op, kindError(k, ContentPermissionKinds, "has no permission rules of its own"))
	}
	if id == "" {
		return permTarget{}, fmt.Errorf("tsc: %s: empty %s id", op, k)
	}
	return permTarget{op: op, kind: k, path: k.Plural() + "/" + url.PathEscape(id) + "/permissions", since: v}, nil
}

// defaultsTarget is a project's default rules for kind k.
func defaultsTarget(verb string, projectID string, k PermissionKind) (permTarget, error) {
	op := "Permissions." + verb
	v := permissionVersions[k].defaults
	if v.IsZero() {
		return permTarget{}, fmt.Errorf("tsc: %s: %s", op, kindError(k, DefaultPermissionKinds, "has no default permissions"))
	}
	if projectID == "" {
		return permTarget{}, fmt.Errorf("tsc: %s: empty project id", op)
	}
	return permTarget{op: op, kind: k,
		path:  "projects/" + url.PathEscape(projectID) + "/default-permissions/" + k.Plural(),
		since: v}, nil
}

// databaseDefaultsTarget is a database's default rules for its tables
// (TSC's databases.*_table_default_permissions).
func databaseDefaultsTarget(verb, databaseID string) (permTarget, error) {
	op := "Permissions." + verb
	if databaseID == "" {
		return permTarget{}, fmt.Errorf("tsc: %s: empty database id", op)
	}
	return permTarget{op: op, kind: PermTable,
		path: "databases/" + url.PathEscape(databaseID) + "/default-permissions/tables", since: Version{3, 5}}, nil
}

// kindError says that k cannot be used here, and which kinds can.
func kindError(k PermissionKind, valid []PermissionKind, what string) string {
	names := make([]string, len(valid))
	for i, v := range valid {
		names[i] = string(v)
	}
	if !k.Valid() {
		what = "is not a content type with permissions"
	}
	return fmt.Sprintf("%q %s (one of: %s)", string(k), what, strings.Join(names, ", "))
}

// check refuses, before anything is sent, a rule Tableau would refuse or
// misread: an unknown grantee type, an empty grantee id, a mode other than
// Allow or Deny, a capability the content type does not have. It says
// which rule and why.
func (t permTarget) check(r PermissionRule) error {
	if err := t.checkShape(r); err != nil {
		return err
	}
	if err := ValidateCapability(t.kind, r.Capability, r.Mode); err != nil {
		return fmt.Errorf("tsc: %s: rule %s: %s", t.op, r, strings.TrimPrefix(err.Error(), "tsc: "))
	}
	return nil
}

// checkShape is check without the capability: the grantee and the mode.
func (t permTarget) checkShape(r PermissionRule) error {
	switch r.Grantee.Type {
	case GranteeUser, GranteeGroup, GranteeGroupSet:
	default:
		return fmt.Errorf("tsc: %s: rule %s: grantee type %q is not user, group or groupSet", t.op, r, string(r.Grantee.Type))
	}
	if r.Grantee.ID == "" {
		return fmt.Errorf("tsc: %s: rule %s: the %s has no id", t.op, r, r.Grantee.Type)
	}
	if r.Mode != Allow && r.Mode != Deny {
		return fmt.Errorf("tsc: %s: rule %s: mode %q is not Allow or Deny", t.op, r, string(r.Mode))
	}
	return nil
}

// minFor is the version a set of rules needs: the call's, or 3.22 when a
// group set is a grantee.
func (t permTarget) minFor(rules []PermissionRule) Version {
	for _, r := range rules {
		if r.Grantee.Type == GranteeGroupSet {
			return later(t.since, Version{3, 22})
		}
	}
	return t.since
}

// list reads the rules: GET {path}.
func (t permTarget) list(ctx context.Context, c *Client) (*Permissions, error) {
	resp, err := c.getSite(ctx, t.op, t.since, t.path, nil)
	return t.answer(resp, err)
}

func (t permTarget) answer(resp *TSResponse, err error) (*Permissions, error) {
	if err != nil {
		return nil, err
	}
	if resp.Permissions == nil {
		return nil, errors.New("tsc: " + t.op + ": the answer has no <permissions>")
	}
	return resp.Permissions, nil
}

// add sends the rules in one PUT {path}, grouped by grantee.
func (t permTarget) add(ctx context.Context, c *Client, rules []PermissionRule) (*Permissions, error) {
	if len(rules) == 0 {
		return nil, errors.New("tsc: " + t.op + ": no rules to add")
	}
	if err := t.checkAll(rules); err != nil {
		return nil, err
	}
	b, err := encodeElement("permissions", permissionsBody(rules))
	if err != nil {
		return nil, err
	}
	resp, err := c.sendSite(ctx, t.op, t.minFor(rules), http.MethodPut, t.path, nil, b)
	return t.answer(resp, err)
}

// checkAll checks every rule, and refuses a set that both allows and
// denies one capability to one grantee: which mode wins would be up to the
// server.
func (t permTarget) checkAll(rules []PermissionRule) error { return t.checkEach(rules, t.check) }

// checkEach is checkAll with another check of each rule.
func (t permTarget) checkEach(rules []PermissionRule, check func(PermissionRule) error) error {
	seen := make(map[ruleKey]Mode, len(rules))
	for _, r := range rules {
		if err := check(r); err != nil {
			return err
		}
		k := ruleKey{r.Grantee, r.Capability}
		if m, ok := seen[k]; ok && m != r.Mode {
			return fmt.Errorf("tsc: %s: %s %s is both allowed and denied", t.op, r.Grantee, r.Capability)
		}
		seen[k] = r.Mode
	}
	return nil
}

// ruleKey is a rule without its mode: Tableau keeps at most one mode per
// grantee and capability.
type ruleKey struct {
	g Grantee
	c Capability
}

// remove deletes one rule: DELETE {path}/{users|groups}/{id}/{capability}/{mode}.
func (t permTarget) remove(ctx context.Context, c *Client, r PermissionRule) error {
	if err := t.check(r); err != nil {
		return err
	}
	return t.send(ctx, c, r)
}

// send is remove without the check, for rules read from the server.
func (t permTarget) send(ctx context.Context, c *Client, r PermissionRule) error {
	p := t.path + "/" + r.Grantee.segment() + "/" + url.PathEscape(r.Grantee.ID) + "/" +
		url.PathEscape(string(r.Capability)) + "/" + url.PathEscape(string(r.Mode))
	return c.deleteSite(ctx, t.op, t.minFor([]PermissionRule{r}), p, nil)
}

// removeAll deletes the rules one request each, as Tableau has no call
// that deletes several. Every rule is checked first, so a bad one stops
// the batch before anything is deleted; a failed request stops it after
// the ones already done, and the error says how many those were.
func (t permTarget) removeAll(ctx context.Context, c *Client, rules []PermissionRule) error {
	for _, r := range rules {
		if err := t.check(r); err != nil {
			return err
		}
	}
	for i, r := range rules {
		if err := t.send(ctx, c, r); err != nil {
			if i == 0 {
				return err
			}
			return fmt.Errorf("%w (after deleting %d of %d rules)", err, i, len(rules))
		}
	}
	return nil
}

// replace makes the rules exactly want: it reads the current rules,
// deletes those not wanted (including a wanted capability held with the
// other mode), adds the missing ones in one request, and returns the rules
// as the server has them afterwards. Tableau has no call that replaces a
// content's rules at once, so this is what TSC and Tableau's own tools do;
// another client changing the same rules meanwhile can interleave.
//
// Grantees and modes are checked before the first request; capabilities
// once the current rules are known, because a rule the item already has
// is kept as the server wrote it (a newer server's capability, or an
// InheritedProjectLeader it reports but never takes, which is neither
// sent nor deleted).
func (t permTarget) replace(ctx context.Context, c *Client, want []PermissionRule) (*Permissions, error) {
	if err := t.checkEach(want, t.checkShape); err != nil {
		return nil, err
	}
	cur, err := t.list(ctx, c)
	if err != nil {
		return nil, err
	}
	have := map[PermissionRule]bool{}
	for _, r := range cur.Rules() {
		have[r] = true
	}
	wanted := map[PermissionRule]bool{}
	var add []PermissionRule
	for _, r := range want {
		wanted[r] = true
		if !have[r] {
			if err := t.check(r); err != nil {
				return nil, err
			}
			add = append(add, r)
			have[r] = true // a rule given twice is added once
		}
	}
	var drop []PermissionRule
	for _, r := range cur.Rules() {
		if !wanted[r] && t.kind.Allows(r.Capability) {
			drop = append(drop, r)
		}
	}
	if err := t.removeAll(ctx, c, drop); err != nil {
		return nil, err
	}
	if len(add) > 0 {
		if _, err := t.add(ctx, c, add); err != nil {
			return nil, err
		}
	} else if len(drop) == 0 {
		return cur, nil
	}
	return t.list(ctx, c)
}

// permissionsBody groups rules by grantee, in the order grantees first
// appear, as <permissions> of a request.
func permissionsBody(rules []PermissionRule) permissionsRequest {
	var out permissionsRequest
	at := map[Grantee]int{}
	for _, r := range rules {
		i, ok := at[r.Grantee]
		if !ok {
			i = len(out.Grantees)
			at[r.Grantee] = i
			g := granteeRequest{}
			ref := &idRef{ID: r.Grantee.ID}
			switch r.Grantee.Type {
			case GranteeUser:
				g.User = ref
			case GranteeGroup:
				g.Group = ref
			case GranteeGroupSet:
				g.GroupSet = ref
			}
			out.Grantees = append(out.Grantees, g)
		}
		caps := &out.Grantees[i].Capabilities.Capabilities
		*caps = append(*caps, CapabilityRule{Name: r.Capability, Mode: r.Mode})
	}
	return out
}

// permissionsRequest is <permissions> as a request sends it: grantees by
// id only. Requests name no content element: the path does (TSC sends
// none either).
type permissionsRequest struct {
	Grantees []granteeRequest `xml:"granteeCapabilities"`
}

type granteeRequest struct {
	Group        *idRef         `xml:"group,omitempty"`
	GroupSet     *idRef         `xml:"groupSet,omitempty"`
	User         *idRef         `xml:"user,omitempty"`
	Capabilities CapabilityList `xml:"capabilities"`
}

// idRef is an element that carries only an id.
type idRef struct {
	ID string `xml:"id,attr"`
}

// List returns the explicit rules of one item of content type k (a
// project, workbook, view, data source, flow, virtual connection, database
// or table), with the item and, in a locked project, the project that
// controls them.
//
// REST: GET /api/{v}/sites/{site-id}/{type}/{id}/permissions (projects,
// workbooks and data sources 2.0; views 3.2; flows 3.3; databases and
// tables 3.5; virtual connections 3.22).
func (s *PermissionsService) List(ctx context.Context, k PermissionKind, id string) (*Permissions, error) {
	t, err := contentTarget("List", k, id)
	if err != nil {
		return nil, err
	}
	return t.list(ctx, s.client)
}

// Add adds rules to one item, in one request; rules the item already has
// are left as they are. It returns the rules the server answers with.
//
// REST: PUT /api/{v}/sites/{site-id}/{type}/{id}/permissions (versions as List).
func (s *PermissionsService) Add(ctx context.Context, k PermissionKind, id string, rules ...PermissionRule) (*Permissions, error) {
	t, err := contentTarget("Add", k, id)
	if err != nil {
		return nil, err
	}
	return t.add(ctx, s.client, rules)
}

// Delete removes one rule from one item. Deleting a rule the item does not
// have is ErrNotFound.
//
// REST: DELETE /api/{v}/sites/{site-id}/{type}/{id}/permissions/{users|groups}/{grantee-id}/{capability}/{mode}
// (versions as List).
func (s *PermissionsService) Delete(ctx context.Context, k PermissionKind, id string, rule PermissionRule) error {
	t, err := contentTarget("Delete", k, id)
	if err != nil {
		return err
	}
	return t.remove(ctx, s.client, rule)
}

// DeleteRules removes several rules, one request each (Tableau deletes one
// rule per call). Every rule is checked before the first request; a
// failure stops the batch, and the error says how many were deleted.
//
// REST: as Delete, once per rule.
func (s *PermissionsService) DeleteRules(ctx context.Context, k PermissionKind, id string, rules ...PermissionRule) error {
	t, err := contentTarget("DeleteRules", k, id)
	if err != nil {
		return err
	}
	return t.removeAll(ctx, s.client, rules)
}

// Replace makes the item's explicit rules exactly rules: the rules it has
// and rules does not name are deleted, the missing ones added in one
// request, and the rules as the server has them afterwards are returned.
// No rules at all clears the item's rules.
//
// Tableau has no call that replaces them at once (TSC's
// update_permissions only adds), so this reads, deletes and adds; it makes
// as few requests as the difference needs: only the read when nothing
// differs.
//
// REST: List, then Delete per rule to drop, then one Add, then List.
func (s *PermissionsService) Replace(ctx context.Context, k PermissionKind, id string, rules ...PermissionRule) (*Permissions, error) {
	t, err := contentTarget("Replace", k, id)
	if err != nil {
		return nil, err
	}
	return t.replace(ctx, s.client, rules)
}

// ListDefaults returns the default rules project projectID gives the
// content of kind k published into it (workbooks, data sources, flows,
// lenses, data roles, metrics, databases, tables, virtual connections).
//
// REST: GET /api/{v}/sites/{site-id}/projects/{id}/default-permissions/{type}
// (workbooks and data sources 2.1; metrics 3.2; flows, lenses and data
// roles 3.4; databases, tables and virtual connections 3.23).
func (s *PermissionsService) ListDefaults(ctx context.Context, projectID string, k PermissionKind) (*Permissions, error) {
	t, err := defaultsTarget("ListDefaults", projectID, k)
	if err != nil {
		return nil, err
	}
	return t.list(ctx, s.client)
}

// AddDefaults adds default rules for content type k to a project, in one
// request.
//
// REST: PUT /api/{v}/sites/{site-id}/projects/{id}/default-permissions/{type}
// (versions as ListDefaults).
func (s *PermissionsService) AddDefaults(ctx context.Context, projectID string, k PermissionKind, rules ...PermissionRule) (*Permissions, error) {
	t, err := defaultsTarget("AddDefaults", projectID, k)
	if err != nil {
		return nil, err
	}
	return t.add(ctx, s.client, rules)
}

// DeleteDefault removes one default rule for content type k from a
// project.
//
// REST: DELETE /api/{v}/sites/{site-id}/projects/{id}/default-permissions/{type}/{users|groups}/{grantee-id}/{capability}/{mode}
// (versions as ListDefaults).
func (s *PermissionsService) DeleteDefault(ctx context.Context, projectID string, k PermissionKind, rule PermissionRule) error {
	t, err := defaultsTarget("DeleteDefault", projectID, k)
	if err != nil {
		return err
	}
	return t.remove(ctx, s.client, rule)
}

// DeleteDefaults removes several default rules, one request each, as
// DeleteRules does.
//
// REST: as DeleteDefault, once per rule.
func (s *PermissionsService) DeleteDefaults(ctx context.Context, projectID string, k PermissionKind, rules ...PermissionRule) error {
	t, err := defaultsTarget("DeleteDefaults", projectID, k)
	if err != nil {
		return err
	}
	return t.removeAll(ctx, s.client, rules)
}

// ReplaceDefaults makes a project's default rules for content type k
// exactly rules, as Replace does for an item's.
//
// REST: ListDefaults, then DeleteDefault per rule to drop, then one
// AddDefaults.
func (s *PermissionsService) ReplaceDefaults(ctx context.Context, projectID string, k PermissionKind, rules ...PermissionRule) (*Permissions, error) {
	t, err := defaultsTarget("ReplaceDefaults", projectID, k)
	if err != nil {
		return nil, err
	}
	return t.replace(ctx, s.client, rules)
}

// ListDatabaseDefaults returns the default rules a database gives its
// tables (Tableau Catalog).
//
// REST: GET /api/{v}/sites/{site-id}/databases/{id}/default-permissions/tables (3.5).
func (s *PermissionsService) ListDatabaseDefaults(ctx context.Context, databaseID string) (*Permissions, error) {
	t, err := databaseDefaultsTarget("ListDatabaseDefaults", databaseID)
	if err != nil {
		return nil, err
	}
	return t.list(ctx, s.client)
}

// AddDatabaseDefaults adds default rules for a database's tables, in one
// request.
//
// REST: PUT /api/{v}/sites/{site-id}/databases/{id}/default-permissions/tables (3.5).
func (s *PermissionsService) AddDatabaseDefaults(ctx context.Context, databaseID string, rules ...PermissionRule) (*Permissions, error) {
	t, err := databaseDefaultsTarget("AddDatabaseDefaults", databaseID)
	if err != nil {
		return nil, err
	}
	return t.add(ctx, s.client, rules)
}

// DeleteDatabaseDefault removes one default rule for a database's tables.
//
// REST: DELETE /api/{v}/sites/{site-id}/databases/{id}/default-permissions/tables/{users|groups}/{grantee-id}/{capability}/{mode} (3.5).
func (s *PermissionsService) DeleteDatabaseDefault(ctx context.Context, databaseID string, rule PermissionRule) error {
	t, err := databaseDefaultsTarget("DeleteDatabaseDefault", databaseID)
	if err != nil {
		return err
	}
	return t.remove(ctx, s.client, rule)
}

// DeleteDatabaseDefaults removes several default rules for a database's
// tables, one request each, as DeleteRules does.
//
// REST: as DeleteDatabaseDefault, once per rule.
func (s *PermissionsService) DeleteDatabaseDefaults(ctx context.Context, databaseID string, rules ...PermissionRule) error {
	t, err := databaseDefaultsTarget("DeleteDatabaseDefaults", databaseID)
	if err != nil {
		return err
	}
	return t.removeAll(ctx, s.client, rules)
}

// ReplaceDatabaseDefaults makes a database's default rules for its tables
// exactly rules, as Replace does for an item's.
//
// REST: ListDatabaseDefaults, then DeleteDatabaseDefault per rule to drop,
// then one AddDatabaseDefaults.
func (s *PermissionsService) ReplaceDatabaseDefaults(ctx context.Context, databaseID string, rules ...PermissionRule) (*Permissions, error) {
	t, err := databaseDefaultsTarget("ReplaceDatabaseDefaults", databaseID)
	if err != nil {
		return nil, err
	}
	return t.replace(ctx, s.client, rules)
}

// TemplateRules returns the rules of one of Tableau's permission templates
// (View, Explore, Publish, Administer, Denied) on content type k for one
// grantee, ready for Add or Replace: the rules the permission dialog sets
// when that template is picked for the grantee.
func TemplateRules(k PermissionKind, t PermissionTemplate, g Grantee) ([]PermissionRule, error) {
	caps, err := Template(k, t)
	if err != nil {
		return nil, err
	}
	out := make([]PermissionRule, len(caps))
	for i, c := range caps {
		out[i] = PermissionRule{Grantee: g, Capability: c.Name, Mode: c.Mode}
	}
	return out, nil
}
