package emulator

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/tsc-go/tsc"
)

// Permission routes, one handler set for every content kind (routes.go
// adds a row per kind, permissionRoutes) and one for project defaults of
// every default kind. Tableau's REST API reference ("Permissions Methods"):
//   - Query <Content> Permissions: GET .../{kind}/{id}/permissions;
//   - Add <Content> Permissions: PUT .../{kind}/{id}/permissions with
//     <permissions><granteeCapabilities>...; "If a specified permission has
//     already been granted or denied for a given user or group, the system
//     ignores it." The answer is the rules the request named (as TSC's
//     update_permissions reads them back);
//   - Delete <Content> Permission: DELETE .../{kind}/{id}/permissions/
//     {users|groups}/{id}/{capability}/{mode}, 204;
//   - Query / Add / Delete Default Permissions: the same under
//     .../projects/{id}/default-permissions/{workbooks|datasources|...}.
// There is no Replace call: TSC and the SDK replace by deleting and adding.
//
// Codes: 400009 for a capability or mode the kind does not have ("Invalid
// capability" in the Add Permissions error tables), 400000 for a body that
// names no rules or several grantees in one rule, 404002 / 404012 for a user
// or group not on the site, the kind's 404 for unknown content, 404000 (the
// class code) for deleting a rule that is not there, 403004 for a caller who
// may not change the rules, and 403000 (the class code; the reference
// documents none) for rules of content whose permissions are locked to its
// project.

const (
	codeInvalidCapability = "400009"
	// maxPermissionRulesPerRequest bounds the capability rules of one Add
	// Permissions request (all grantees together). Ours: every grantee of a
	// site's 100 groups with every capability of a workbook is 1,700;
	// 5,000 leaves room and bounds a request's work.
	maxPermissionRulesPerRequest = 5000
	// maxRulesPerResource bounds the rules one item (or one project's
	// defaults for a kind) can hold. Ours: 100,000 keeps every permission
	// answer a few megabytes at most.
	maxRulesPerResource = 100000
)

// permissionRoutes are the permission rows of the routing table: for each
// content kind the emulator keeps, its three permission routes, and the
// default permissions of projects.
func (s *Server) permissionRoutes(kinds []tsc.PermissionKind) []route {
	var out []route
	for _, k := range kinds {
		base := "sites/{site}/" + k.Plural() + "/{id}/permissions"
		out = append(out,
			r("GET", base, s.queryPermissions(k)),
			r("PUT", base, s.addPermissions(k)),
			r("DELETE", base+"/{grantees}/{grantee}/{cap}/{mode}", s.deletePermission(k)),
		)
	}
	base := "sites/{site}/projects/{id}/default-permissions/{kind}"
	return append(out,
		r("GET", base, s.queryDefaultPermissions),
		r("PUT", base, s.addDefaultPermissions),
		r("DELETE", base+"/{grantees}/{grantee}/{cap}/{mode}", s.deleteDefaultPermission),
	)
}

// permTarget is the resource a permission call reads or changes: an item
// (rtype = its kind) or a project's defaults (rtype = "default:<kind>").
type permTarget struct {
	kind  tsc.PermissionKind // the kind whose capabilities the rules hold
	rtype string
	cf    *contentFacts // the item, or the project for defaults
}

// itemTarget loads an item and checks that the caller may read it; a
// change also needs the right to change its rules.
func (s *Server) itemTarget(c *call, k tsc.PermissionKind, change bool) (*permTarget, error) {
	cf, err := s.authorizeContent(c, k, c.param("id"))
	if err != nil {
		return nil, err
	}
	t := &permTarget{kind: k, rtype: string(k), cf: cf}
	if change {
		if err := s.mayChangeRules(c, t); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// defaultsTarget loads a project and the default kind the path names.
func (s *Server) defaultsTarget(c *call, change bool) (*permTarget, error) {
	k, ok := tsc.PermissionKindFromPlural(c.param("kind"))
	if !ok || !k.HasDefaults() {
		return nil, notFound(codeUnknownResource, "Unknown resource '%s': default permissions are for %s.",
			quoteCut(c.param("kind")), sortedDefaultPlurals())
	}
	cf, err := s.authorizeContent(c, tsc.PermProject, c.param("id"))
	if err != nil {
		return nil, err
	}
	t := &permTarget{kind: k, rtype: defaultsType(k), cf: cf}
	if change {
		if err := s.mayChangeRules(c, t); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// mayChangeRules is who may change rules: Tableau's "Set Permissions"
// (ChangePermissions) on content, which administrators, the owner (but not
// in a locked project), project owners and leaders have; a project's own
// rules and defaults are its leaders' (administrators, the project's owner
// and leaders, as "Set Default Permissions at the Project Level" says:
// "Administrators and users with the Project Leader permission can always
// edit default permissions, even when a project is locked"). Content
// locked to its project refuses changes from everyone: "Users, including
// content owners, cannot edit individual workbook, view, and data source
// permissions when content is locked to the project."
func (s *Server) mayChangeRules(c *call, t *permTarget) error {
	if t.cf.Kind != tsc.PermProject && t.cf.ControllingProject != "" {
		return forbidden("The permissions of the %s '%s' are locked to its project (%s); change the project's default permissions instead.",
			t.cf.Kind, t.cf.Name, t.cf.ControllingProject)
	}
	if t.cf.Kind == tsc.PermProject && t.cf.ControllingProject != "" {
		return forbidden("The permissions of the project '%s' are locked to the project %s, which holds its nested projects' rules.",
			t.cf.Name, t.cf.ControllingProject)
	}
	need := tsc.CapChangePermissions
	if t.cf.Kind == tsc.PermProject {
		need = tsc.CapProjectLeader
	}
	return s.requireCapability(c, t.cf, need)
}

func (s *Server) queryPermissions(k tsc.PermissionKind) handlerFunc {
	return func(c *call) (result, error) {
		t, err := s.itemTarget(c, k, false)
		if err != nil {
			return result{}, err
		}
		return s.permissionsAnswer(c, t, nil)
	}
}

func (s *Server) queryDefaultPermissions(c *call) (result, error) {
	t, err := s.defaultsTarget(c, false)
	if err != nil {
		return result{}, err
	}
	return s.permissionsAnswer(c, t, nil)
}

// permissionsAnswer writes the rules of t (only those of only, when set:
// Add answers the rules it was sent).
func (s *Server) permissionsAnswer(c *call, t *permTarget, only []ruleRow) (result, error) {
	rs, err := s.store.rules(c.ctx, s.store.db, t.rtype, t.cf.ID)
	if err != nil {
		return result{}, err
	}
	if only != nil {
		want := map[grantee]map[tsc.Capability]bool{}
		for _, r := range only {
			g := grantee{r.GranteeType, r.GranteeID}
			if want[g] == nil {
				want[g] = map[tsc.Capability]bool{}
			}
			want[g][r.Capability] = true
		}
		var kept []ruleRow
		for _, r := range rs {
			if want[grantee{r.GranteeType, r.GranteeID}][r.Capability] {
				kept = append(kept, r)
			}
		}
		rs = kept
	}
	p := &tsc.Permissions{GranteeCapabilities: renderRules(rs)}
	owner := &tsc.User{ID: t.cf.OwnerID}
	if t.cf.OwnerID == "" {
		owner = nil
	}
	switch {
	case t.rtype != string(t.kind) || t.kind == tsc.PermProject:
		p.Project = &tsc.Project{ID: t.cf.ID, Name: t.cf.Name, Owner: owner}
	case t.kind == tsc.PermWorkbook:
		p.Workbook = &tsc.Workbook{ID: t.cf.ID, Name: t.cf.Name, Owner: owner}
	case t.kind == tsc.PermView:
		p.View = &tsc.View{ID: t.cf.ID, Name: t.cf.Name, Owner: owner}
	case t.kind == tsc.PermDatasource:
		p.Datasource = &tsc.Datasource{ID: t.cf.ID, Name: t.cf.Name, Owner: owner}
	case t.kind == tsc.PermFlow:
		p.Flow = &tsc.PermissionsContent{ID: t.cf.ID, Name: t.cf.Name, Owner: owner}
	case t.kind == tsc.PermVirtualConnection:
		p.VirtualConnection = &tsc.PermissionsContent{ID: t.cf.ID, Name: t.cf.Name, Owner: owner}
	}
	if t.rtype == string(t.kind) && t.kind != tsc.PermProject && t.cf.ControllingProject != "" {
		p.Parent = &tsc.PermissionsParent{ID: t.cf.ControllingProject, Type: "Project"}
	}
	resp := tsc.NewTSResponse()
	resp.Permissions = p
	return ok(resp)
}

// rulesFromBody reads and checks the rules of an Add Permissions body.
func (s *Server) rulesFromBody(c *call, k tsc.PermissionKind) ([]ruleRow, error) {
	req, err := c.decode()
	if err != nil {
		return nil, err
	}
	if req.Permissions == nil || len(req.Permissions.GranteeCapabilities) == 0 {
		return nil, badRequest("The request needs a <permissions> element with at least one <granteeCapabilities>.")
	}
	var out []ruleRow
	var gs []grantee
	for i, g := range req.Permissions.GranteeCapabilities {
		n := 0
		for _, set := range []bool{g.User != nil, g.Group != nil, g.GroupSet != nil} {
			if set {
				n++
			}
		}
		if n != 1 {
			return nil, badRequest("Rule %d names %d grantees; each <granteeCapabilities> names one <user>, <group> or <groupSet>.", i+1, n)
		}
		who := granteeOf(g)
		if who.ID == "" {
			return nil, badRequest("Rule %d names its %s without an id.", i+1, who.Type)
		}
		if len(g.Capabilities.Capabilities) == 0 {
			return nil, badRequest("Rule %d has no <capability>.", i+1)
		}
		gs = append(gs, who)
		for _, cr := range g.Capabilities.Capabilities {
			if len(out) >= maxPermissionRulesPerRequest {
				return nil, badRequest("The request has more than %s capability rules; at most %s are allowed in one request.",
					commas(maxPermissionRulesPerRequest), commas(maxPermissionRulesPerRequest))
			}
			if err := tsc.ValidateCapability(k, cr.Name, cr.Mode); err != nil {
				return nil, errf(http.StatusBadRequest, codeInvalidCapability, "Invalid capability", "Rule %d: %s", i+1, trimTSC(err))
			}
			if cr.Name == tsc.CapCreateRefreshMetrics {
				return nil, errf(http.StatusBadRequest, codeInvalidCapability, "Invalid capability",
					"Rule %d: %s went with Metrics in API 3.22; this server speaks 3.29.", i+1, cr.Name)
			}
			out = append(out, ruleRow{GranteeType: who.Type, GranteeID: who.ID, Capability: cr.Name, Mode: cr.Mode})
		}
	}
	if err := s.store.checkGrantees(c.ctx, s.store.db, c.siteID(), gs); err != nil {
		return nil, err
	}
	return out, nil
}

func trimTSC(err error) string {
	m := err.Error()
	if len(m) > 5 && m[:5] == "tsc: " {
		return m[5:]
	}
	return m
}

func (s *Server) addPermissions(k tsc.PermissionKind) handlerFunc {
	return func(c *call) (result, error) {
		t, err := s.itemTarget(c, k, true)
		if err != nil {
			return result{}, err
		}
		return s.addRules(c, t)
	}
}

func (s *Server) addDefaultPermissions(c *call) (result, error) {
	t, err := s.defaultsTarget(c, true)
	if err != nil {
		return result{}, err
	}
	return s.addRules(c, t)
}

// addRules adds the body's rules to t, ignoring those whose grantee already
// has a rule for the capability, and answers the named rules as stored.
func (s *Server) addRules(c *call, t *permTarget) (result, error) {
	rs, err := s.rulesFromBody(c, t.kind)
	if err != nil {
		return result{}, err
	}
	err = s.store.tx(c.ctx, func(tx *sql.Tx) error {
		for _, r := range rs {
			if _, err := tx.ExecContext(c.ctx, `INSERT OR IGNORE INTO permissions (site_id, resource_type, resource_id, grantee_type, grantee_id, capability, mode)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, c.siteID(), t.rtype, t.cf.ID, r.GranteeType, r.GranteeID, string(r.Capability), string(r.Mode)); err != nil {
				return err
			}
		}
		n, err := s.store.ruleCount(c.ctx, tx, t.rtype, t.cf.ID)
		if err != nil {
			return err
		}
		if n > maxRulesPerResource {
			return badRequest("The %s '%s' would hold %s rules; at most %s are allowed.", t.cf.Kind, t.cf.Name, commas(n), commas(maxRulesPerResource))
		}
		return s.store.afterRulesChange(c.ctx, tx, c.siteID(), t, rs, nil)
	})
	if err != nil {
		return result{}, err
	}
	return s.permissionsAnswer(c, t, rs)
}

func (s *Server) deletePermission(k tsc.PermissionKind) handlerFunc {
	return func(c *call) (result, error) {
		t, err := s.itemTarget(c, k, true)
		if err != nil {
			return result{}, err
		}
		return s.deleteRule(c, t)
	}
}

func (s *Server) deleteDefaultPermission(c *call) (result, error) {
	t, err := s.defaultsTarget(c, true)
	if err != nil {
		return result{}, err
	}
	return s.deleteRule(c, t)
}

// deleteRule removes one rule named by the path.
func (s *Server) deleteRule(c *call, t *permTarget) (result, error) {
	var gtype string
	switch c.param("grantees") {
	case "users":
		gtype = "user"
	case "groups":
		gtype = "group"
	case "groupSets":
		gtype = "groupSet"
	default:
		return result{}, unknownResource(c.req.URL.Path)
	}
	r := ruleRow{GranteeType: gtype, GranteeID: c.param("grantee"), Capability: tsc.Capability(c.param("cap")), Mode: tsc.Mode(c.param("mode"))}
	if err := tsc.ValidateCapability(t.kind, r.Capability, r.Mode); err != nil {
		return result{}, errf(http.StatusBadRequest, codeInvalidCapability, "Invalid capability", "%s", trimTSC(err))
	}
	if err := s.store.checkGrantees(c.ctx, s.store.db, c.siteID(), []grantee{{gtype, r.GranteeID}}); err != nil {
		return result{}, err
	}
	err := s.store.tx(c.ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(c.ctx, `DELETE FROM permissions WHERE resource_type = ? AND resource_id = ? AND grantee_type = ?
			AND grantee_id = ? AND capability = ? AND mode = ?`, t.rtype, t.cf.ID, gtype, r.GranteeID, string(r.Capability), string(r.Mode))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("404000", "The %s '%s' has no rule %s %s for the %s '%s'.", t.cf.Kind, t.cf.Name, r.Mode, r.Capability, gtype, r.GranteeID)
		}
		return s.store.afterRulesChange(c.ctx, tx, c.siteID(), t, nil, []ruleRow{r})
	})
	if err != nil {
		return result{}, err
	}
	return noContent()
}

// afterRulesChange carries a change of rules where Tableau carries it: a
// workbook's rules to its views (views of a workbook follow it), and a
// project's rules or defaults to what its lock controls.
func (st *Store) afterRulesChange(ctx context.Context, tx *sql.Tx, siteID string, t *permTarget, added, removed []ruleRow) error {
	if t.rtype == string(tsc.PermWorkbook) {
		vids, err := st.viewIDs(ctx, tx, t.cf.ID)
		if err != nil {
			return err
		}
		for _, v := range vids {
			for _, r := range added {
				if tsc.PermView.Allows(r.Capability) {
					if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO permissions (site_id, resource_type, resource_id, grantee_type, grantee_id, capability, mode)
						VALUES (?, 'view', ?, ?, ?, ?, ?)`, siteID, v, r.GranteeType, r.GranteeID, string(r.Capability), string(r.Mode)); err != nil {
						return err
					}
				}
			}
			for _, r := range removed {
				if _, err := tx.ExecContext(ctx, `DELETE FROM permissions WHERE resource_type = 'view' AND resource_id = ? AND grantee_type = ?
					AND grantee_id = ? AND capability = ? AND mode = ?`, v, r.GranteeType, r.GranteeID, string(r.Capability), string(r.Mode)); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if t.cf.Kind == tsc.PermProject {
		return st.syncLocked(ctx, tx, siteID)
	}
	return nil
}

func (st *Store) viewIDs(ctx context.Context, q queryer, workbookID string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM views WHERE workbook_id = ? ORDER BY position`, workbookID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
