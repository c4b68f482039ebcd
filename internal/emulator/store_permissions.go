package emulator

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/authz"
)

// Permission rules: stored per content item (resource_type = its kind) and
// per project and kind for default permissions (resource_type =
// "default:<kind>", resource_id = the project), in one table (migration
// 0005). Inheritance, as Tableau documents it ("Set Default Permissions at
// the Project Level", permissions_project_defaults.htm, and the Permissions
// pages of Tableau Server 10.x: "The initial permissions for each new
// project are copied from the Default project [...] The initial
// permissions for a workbook are copied from the default workbook
// permissions for the project. The initial permissions for a view are
// copied from the default workbook permissions of the project. The initial
// permissions for a data source are copied from the default data source
// permissions for its project."), is a one-time copy when the item is
// created; locked projects keep their content's rules equal to their
// defaults (syncLocked) so that reads only ever look at an item's own rules.

// permResource is what the store needs to know about a kind of content
// the emulator keeps, for permissions: how to find an item's name, owner
// and project, and the columns its lists filter on. A new content type
// adds one entry here and one row to routes.go's permissionKinds.
type permResource struct {
	kind tsc.PermissionKind
	// facts selects name, owner id, owner name, project id and (views) the
	// workbook id of the item, given the site id and the item id.
	facts    string
	notFound func(id string) *apiError
	// table is the kind's table with the alias its lists use ("workbooks
	// w"); project is the column of the item's project ("w.project_id";
	// a project's own id for projects). Views are filtered through their
	// workbooks (listAccess.scope).
	table, project string
	// private is the column (without alias) that is 1 for an item in its
	// owner's Personal Space, "" for kinds that never are
	// (personal_space.go): only the owner and administrators read such an
	// item, whatever project leadership or rules say.
	private string
}

// contentTable is a kind of content that lives in a project, and its table.
type contentTable struct {
	kind  tsc.PermissionKind
	table string
}

// projectContent lists the kinds whose items sit in a project and take
// its default permissions (views follow their workbooks), in a fixed order.
func projectContent() []contentTable {
	var out []contentTable
	for _, k := range tsc.PermissionKinds {
		if r := permResources[k]; r != nil && k != tsc.PermProject && k != tsc.PermView {
			out = append(out, contentTable{k, r.table[:strings.LastIndex(r.table, " ")]})
		}
	}
	return out
}

// privateCol is the kind's private column under alias a, "" when none.
func (r *permResource) privateCol(a string) string {
	if r.private == "" {
		return ""
	}
	return a + "." + r.private
}

// alias is the alias of the kind's table in its lists.
func (r *permResource) alias() string { return r.table[strings.LastIndex(r.table, " ")+1:] }

var permResources = map[tsc.PermissionKind]*permResource{
	tsc.PermProject: {kind: tsc.PermProject, notFound: projectNotFound, table: "projects p", project: "p.id",
		facts: `SELECT p.name, ifnull(p.owner_id, ''), ifnull(o.name, ''), p.id, '', 0 FROM projects p LEFT JOIN users o ON o.id = p.owner_id
			WHERE p.site_id = ? AND p.id = ?`},
	tsc.PermWorkbook: {kind: tsc.PermWorkbook, notFound: workbookNotFound, table: "workbooks w", project: "w.project_id", private: "personal_space",
		facts: `SELECT w.name, w.owner_id, ifnull(o.name, ''), w.project_id, '', w.personal_space FROM workbooks w LEFT JOIN users o ON o.id = w.owner_id
			WHERE w.site_id = ? AND w.id = ?`},
	tsc.PermView: {kind: tsc.PermView, notFound: viewNotFound, table: "views v",
		facts: `SELECT v.name, w.owner_id, ifnull(o.name, ''), w.project_id, w.id, w.personal_space FROM views v JOIN workbooks w ON w.id = v.workbook_id
			LEFT JOIN users o ON o.id = w.owner_id WHERE v.site_id = ? AND v.id = ?`},
	tsc.PermDatasource: {kind: tsc.PermDatasource, notFound: datasourceNotFound, table: "datasources d", project: "d.project_id",
		facts: `SELECT d.name, d.owner_id, ifnull(o.name, ''), d.project_id, '', 0 FROM datasources d LEFT JOIN users o ON o.id = d.owner_id
			WHERE d.site_id = ? AND d.id = ?`},
	// Flows (issue 16, store_flows.go).
	tsc.PermFlow: {kind: tsc.PermFlow, notFound: flowNotFound, table: "flows f", project: "f.project_id",
		facts: `SELECT f.name, f.owner_id, ifnull(o.name, ''), f.project_id, '', 0 FROM flows f LEFT JOIN users o ON o.id = f.owner_id
			WHERE f.site_id = ? AND f.id = ?`},
	// Virtual connections (store_virtual_connections.go).
	tsc.PermVirtualConnection: {kind: tsc.PermVirtualConnection, notFound: virtualConnectionNotFound, table: "virtual_connections vc",
		project: "vc.project_id",
		facts: `SELECT vc.name, vc.owner_id, ifnull(o.name, ''), vc.project_id, '', 0 FROM virtual_connections vc
			LEFT JOIN users o ON o.id = vc.owner_id WHERE vc.site_id = ? AND vc.id = ?`},
}

// contentFacts is what permission checks know of one item.
type contentFacts struct {
	Kind                tsc.PermissionKind
	ID, Name            string
	OwnerID, OwnerName  string
	ProjectID           string
	WorkbookID          string // views: their workbook
	ControllingProject  string // the project whose defaults lock the item's rules; "" when managed by owner
	ControllingIsParent bool   // for projects: the controlling project is an ancestor
	// PersonalSpace: the item (a view: its workbook) is in its owner's
	// Personal Space.
	PersonalSpace bool
}

func defaultsType(k tsc.PermissionKind) string { return "default:" + string(k) }

// contentFacts loads the facts of an item, or the kind's 404.
func (s *Store) contentFacts(ctx context.Context, q queryer, k tsc.PermissionKind, siteID, id string) (*contentFacts, error) {
	res, ok := permResources[k]
	if !ok {
		return nil, unknownResource(k.Plural())
	}
	f := contentFacts{Kind: k, ID: id}
	err := q.QueryRowContext(ctx, res.facts, siteID, id).Scan(&f.Name, &f.OwnerID, &f.OwnerName, &f.ProjectID, &f.WorkbookID, &f.PersonalSpace)
	if isNoRows(err) {
		return nil, res.notFound(id)
	}
	if err != nil {
		return nil, err
	}
	ctrl, err := s.controllingProject(ctx, q, k, f.ProjectID)
	if err != nil {
		return nil, err
	}
	f.ControllingProject = ctrl
	return &f, nil
}

// controllingProject is the project whose default permissions lock an
// item's rules: its own project when that project locks its content
// (LockedToProject, LockedToProjectWithoutNested), else the nearest
// ancestor locked with its nested projects (LockedToProject); "" when the
// rules are the item's own. A project's own rules are controlled by the
// nearest ancestor that is LockedToProject.
func (s *Store) controllingProject(ctx context.Context, q queryer, k tsc.PermissionKind, projectID string) (string, error) {
	rows, err := q.QueryContext(ctx, `WITH RECURSIVE up(id, parent, perm, depth) AS (
			SELECT id, parent_id, content_permissions, 0 FROM projects WHERE id = ?
			UNION ALL SELECT p.id, p.parent_id, p.content_permissions, up.depth + 1 FROM projects p JOIN up ON p.id = up.parent)
		SELECT id, perm, depth FROM up ORDER BY depth`, projectID)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	for rows.Next() {
		var id, perm string
		var depth int
		if err := rows.Scan(&id, &perm, &depth); err != nil {
			return "", err
		}
		if k == tsc.PermProject && depth == 0 {
			continue // a project's own setting is about its content
		}
		own := depth == 0 || (k == tsc.PermProject && depth == 1)
		switch tsc.ContentPermissions(perm) {
		case tsc.LockedToProject:
			return id, nil
		case tsc.LockedToProjectWithoutNested:
			if own && k != tsc.PermProject {
				return id, nil
			}
		}
	}
	return "", rows.Err()
}

// ruleRow is one stored rule.
type ruleRow struct {
	GranteeType string // "user", "group" or "groupSet"
	GranteeID   string
	Capability  tsc.Capability
	Mode        tsc.Mode
}

// rules reads the rules of one resource, grantee by grantee.
func (s *Store) rules(ctx context.Context, q queryer, rtype, id string) ([]ruleRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT grantee_type, grantee_id, capability, mode FROM permissions
		WHERE resource_type = ? AND resource_id = ? ORDER BY grantee_type DESC, grantee_id, rowid`, rtype, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ruleRow
	for rows.Next() {
		var r ruleRow
		if err := rows.Scan(&r.GranteeType, &r.GranteeID, &r.Capability, &r.Mode); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// putRules adds rules to a resource; a rule for a capability the grantee
// already has takes its mode (a grantee holds one mode per capability).
func putRules(ctx context.Context, tx *sql.Tx, siteID, rtype, id string, rules []ruleRow) error {
	for _, r := range rules {
		if _, err := tx.ExecContext(ctx, `INSERT INTO permissions (site_id, resource_type, resource_id, grantee_type, grantee_id, capability, mode)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET mode = excluded.mode`,
			siteID, rtype, id, r.GranteeType, r.GranteeID, string(r.Capability), string(r.Mode)); err != nil {
			return err
		}
	}
	return nil
}

// copyRules copies the rules of one resource to another, keeping only the
// capabilities of kind to (a view takes a workbook's view capabilities).
func copyRules(ctx context.Context, tx *sql.Tx, fromType, fromID, toType, toID string, to tsc.PermissionKind) error {
	caps := to.Capabilities()
	args := []any{toType, toID, fromType, fromID}
	for _, c := range caps {
		args = append(args, string(c))
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO permissions (site_id, resource_type, resource_id, grantee_type, grantee_id, capability, mode)
		SELECT site_id, ?, ?, grantee_type, grantee_id, capability, mode FROM permissions
		WHERE resource_type = ? AND resource_id = ? AND capability IN (`+placeholders(len(caps))+`)
		ON CONFLICT DO UPDATE SET mode = excluded.mode`, args...)
	return err
}

// siteDefaultRules are the All Users group's rules on a new site's Default
// project, which new top-level projects copy. Tableau's documentation of
// the Default project gives the All Users group the View role on the
// project, Interactor on workbooks and Connector on data sources (Tableau
// Server 10 "Default project and permissions"), today's View / Explore
// templates, and lets everyone publish to the Default project (the
// emulator's publish rule before issue 14 was the same); the kinds Tableau
// added later get the View template.
func siteDefaultRules() map[string][]tsc.CapabilityRule {
	out := map[string][]tsc.CapabilityRule{
		string(tsc.PermProject): {{Name: tsc.CapRead, Mode: tsc.Allow}, {Name: tsc.CapWrite, Mode: tsc.Allow}},
	}
	for _, k := range tsc.DefaultPermissionKinds {
		t := tsc.TemplateView
		switch k {
		case tsc.PermWorkbook, tsc.PermDatasource, tsc.PermFlow:
			t = tsc.TemplateExplore
		}
		rules, _ := tsc.Template(k, t)
		out[defaultsType(k)] = rules
	}
	return out
}

// seedSitePermissions gives a site's All Users group its initial rules on
// the Default project (project rules and every kind's defaults).
func seedSitePermissions(ctx context.Context, tx *sql.Tx, siteID, defaultProjectID string) error {
	var allUsers string
	if err := tx.QueryRowContext(ctx, `SELECT id FROM groups WHERE site_id = ? AND all_users = 1`, siteID).Scan(&allUsers); err != nil {
		return err
	}
	for rtype, rules := range siteDefaultRules() {
		rows := make([]ruleRow, len(rules))
		for i, r := range rules {
			rows[i] = ruleRow{GranteeType: "group", GranteeID: allUsers, Capability: r.Name, Mode: r.Mode}
		}
		if err := putRules(ctx, tx, siteID, rtype, defaultProjectID, rows); err != nil {
			return err
		}
	}
	return nil
}

// projectRuleTypes are the resource types a project holds rules under: its
// own and its defaults for every kind.
func projectRuleTypes() []string {
	out := []string{string(tsc.PermProject)}
	for _, k := range tsc.DefaultPermissionKinds {
		out = append(out, defaultsType(k))
	}
	return out
}

// inheritProjectRules gives a new project its initial rules: a copy of its
// parent's (rules and defaults), or of the site's Default project's for a
// top-level project.
func inheritProjectRules(ctx context.Context, tx *sql.Tx, siteID, id, parentID string) error {
	from := parentID
	if from == "" {
		if err := tx.QueryRowContext(ctx, `SELECT id FROM projects WHERE site_id = ? AND is_default = 1`, siteID).Scan(&from); err != nil {
			if isNoRows(err) {
				return nil
			}
			return err
		}
	}
	if from == id {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO permissions (site_id, resource_type, resource_id, grantee_type, grantee_id, capability, mode)
		SELECT site_id, resource_type, ?, grantee_type, grantee_id, capability, mode FROM permissions
		WHERE resource_id = ? AND (resource_type = 'project' OR resource_type LIKE 'default:%')`, id, from)
	return err
}

// inheritContentRules gives new content of kind k (ids selected by
// idsSQL with args) its project's default rules for k; a workbook's views
// take the workbook defaults' view capabilities.
func inheritContentRules(ctx context.Context, tx *sql.Tx, k tsc.PermissionKind, table, idsSQL string, args ...any) error {
	caps := k.Capabilities()
	capArgs := make([]any, len(caps))
	for i, c := range caps {
		capArgs[i] = string(c)
	}
	q := `INSERT OR REPLACE INTO permissions (site_id, resource_type, resource_id, grantee_type, grantee_id, capability, mode)
		SELECT d.site_id, ?, c.id, d.grantee_type, d.grantee_id, d.capability, d.mode
		FROM ` + table + ` c JOIN permissions d ON d.resource_type = ? AND d.resource_id = c.project_id
		WHERE c.id IN (` + idsSQL + `) AND d.capability IN (` + placeholders(len(caps)) + `)`
	all := append([]any{string(k), defaultsType(k)}, args...)
	if _, err := tx.ExecContext(ctx, q, append(all, capArgs...)...); err != nil {
		return err
	}
	if k != tsc.PermWorkbook {
		return nil
	}
	vcaps := tsc.PermView.Capabilities()
	vargs := make([]any, len(vcaps))
	for i, c := range vcaps {
		vargs[i] = string(c)
	}
	q = `INSERT OR REPLACE INTO permissions (site_id, resource_type, resource_id, grantee_type, grantee_id, capability, mode)
		SELECT d.site_id, 'view', v.id, d.grantee_type, d.grantee_id, d.capability, d.mode
		FROM views v JOIN workbooks c ON c.id = v.workbook_id JOIN permissions d ON d.resource_type = ? AND d.resource_id = c.project_id
		WHERE c.id IN (` + idsSQL + `) AND d.capability IN (` + placeholders(len(vcaps)) + `)`
	all = append([]any{defaultsType(tsc.PermWorkbook)}, args...)
	_, err := tx.ExecContext(ctx, q, append(all, vargs...)...)
	return err
}

// inheritViewRules gives new views of a workbook the workbook's rules (its
// view capabilities), as Tableau's views of a workbook shown as tabs
// follow their workbook.
func inheritViewRules(ctx context.Context, tx *sql.Tx, workbookID string, viewIDs []string) error {
	for _, v := range viewIDs {
		if err := copyRules(ctx, tx, string(tsc.PermWorkbook), workbookID, string(tsc.PermView), v, tsc.PermView); err != nil {
			return err
		}
	}
	return nil
}

// syncLocked makes the rules of everything a locked project controls
// equal to its defaults (content) and its own rules and defaults (nested
// projects, for LockedToProject). It runs after every change that can
// alter what a lock covers or what it imposes: a project's lock or parent,
// its rules or defaults, content moved or published into it.
func (s *Store) syncLocked(ctx context.Context, tx *sql.Tx, siteID string) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, content_permissions FROM projects WHERE site_id = ? AND content_permissions <> 'ManagedByOwner'`, siteID)
	if err != nil {
		return err
	}
	type locked struct{ id, perm string }
	var locks []locked
	for rows.Next() {
		var l locked
		if err := rows.Scan(&l.id, &l.perm); err != nil {
			rows.Close()
			return err
		}
		locks = append(locks, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, l := range locks {
		ctrl, err := s.controllingProject(ctx, tx, tsc.PermWorkbook, l.id)
		if err != nil {
			return err
		}
		if ctrl != l.id {
			continue // an ancestor's lock covers this project
		}
		// The projects whose content l controls: l, and with nested
		// projects its descendants.
		scope := `SELECT ?`
		if l.perm == string(tsc.LockedToProject) {
			scope = `WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT c.id FROM projects c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub`
			// Nested projects take l's rules and defaults.
			if _, err := tx.ExecContext(ctx, `DELETE FROM permissions WHERE (resource_type = 'project' OR resource_type LIKE 'default:%')
				AND resource_id IN (`+scope+`) AND resource_id <> ?`, l.id, l.id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO permissions (site_id, resource_type, resource_id, grantee_type, grantee_id, capability, mode)
				SELECT r.site_id, r.resource_type, s.id, r.grantee_type, r.grantee_id, r.capability, r.mode
				FROM permissions r JOIN (`+scope+`) s ON s.id <> ?
				WHERE r.resource_id = ? AND (r.resource_type = 'project' OR r.resource_type LIKE 'default:%')`, l.id, l.id, l.id); err != nil {
				return err
			}
		}
		for _, k := range projectContent() {
			ids := `SELECT id FROM ` + k.table + ` WHERE project_id IN (` + scope + `)`
			if p := permResources[k.kind].private; p != "" {
				ids += ` AND NOT ` + p // a Personal Space item has no rules, lock or not
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM permissions WHERE resource_type = ? AND resource_id IN (`+ids+`)`, string(k.kind), l.id); err != nil {
				return err
			}
			if k.kind == tsc.PermWorkbook {
				if _, err := tx.ExecContext(ctx, `DELETE FROM permissions WHERE resource_type = 'view' AND resource_id IN
					(SELECT v.id FROM views v WHERE v.workbook_id IN (`+ids+`))`, l.id); err != nil {
					return err
				}
			}
			// Content takes its own project's defaults, which for nested
			// projects are l's, copied above.
			if err := inheritContentRules(ctx, tx, k.kind, k.table, ids, l.id); err != nil {
				return err
			}
		}
	}
	return nil
}

// grantee is a user, group or group set of the site named by a rule.
type grantee struct {
	Type string // "user", "group" or "groupSet"
	ID   string
}

// checkGrantees refuses rules naming a user or group that is not on the
// site (404002, 404012), so that no one grants anything to another site's
// users or groups.
func (s *Store) checkGrantees(ctx context.Context, q queryer, siteID string, gs []grantee) error {
	seen := map[grantee]bool{}
	for _, g := range gs {
		if seen[g] {
			continue
		}
		seen[g] = true
		var n int
		switch g.Type {
		case "user":
			if err := q.QueryRowContext(ctx, `SELECT count(*) FROM site_users WHERE site_id = ? AND user_id = ?`, siteID, g.ID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return userNotFound(g.ID)
			}
		case "group":
			if err := q.QueryRowContext(ctx, `SELECT count(*) FROM groups WHERE site_id = ? AND id = ?`, siteID, g.ID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return groupNotFound(g.ID)
			}
		case "groupSet":
			if err := q.QueryRowContext(ctx, `SELECT count(*) FROM group_sets WHERE site_id = ? AND id = ?`, siteID, g.ID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return groupSetNotFound(g.ID)
			}
		}
	}
	return nil
}

// authzFacts gathers what the evaluator needs to decide for who on an item.
func (s *Store) authzFacts(ctx context.Context, q queryer, who *userRow, siteID string, cf *contentFacts) (authz.Facts, error) {
	f := authz.Facts{
		Caller:  authz.Caller{UserID: who.ID, Name: who.Name, SiteRole: who.SiteRole, ServerAdmin: who.ServerAdmin},
		Content: authz.Content{Kind: cf.Kind, ID: cf.ID, Name: cf.Name, OwnerID: cf.OwnerID},
		Locked:  cf.ControllingProject != "" && cf.Kind != tsc.PermProject,
		// A Personal Space item's project is only where it came from.
		PersonalSpace: cf.PersonalSpace,
	}
	if f.Caller.IsAdmin() {
		return f, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT g.id, g.name FROM group_users gu JOIN groups g ON g.id = gu.group_id
		WHERE gu.user_id = ? AND g.site_id = ?`, who.ID, siteID)
	if err != nil {
		return f, err
	}
	for rows.Next() {
		var g authz.Group
		if err := rows.Scan(&g.ID, &g.Name); err != nil {
			rows.Close()
			return f, err
		}
		f.Caller.Groups = append(f.Caller.Groups, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return f, err
	}
	// The group sets whose groups all hold the caller.
	srows, err := q.QueryContext(ctx, `SELECT gs.id, gs.name FROM group_grantees gg JOIN group_sets gs ON gs.id = gg.grantee_id
		WHERE gg.user_id = ? AND gs.site_id = ?`, who.ID, siteID)
	if err != nil {
		return f, err
	}
	for srows.Next() {
		var g authz.Group
		if err := srows.Scan(&g.ID, &g.Name); err != nil {
			srows.Close()
			return f, err
		}
		f.Caller.GroupSets = append(f.Caller.GroupSets, g)
	}
	srows.Close()
	if err := srows.Err(); err != nil {
		return f, err
	}
	// The project chain, innermost first (for a project: itself first).
	prows, err := q.QueryContext(ctx, `WITH RECURSIVE up(id, parent, depth) AS (
			SELECT id, parent_id, 0 FROM projects WHERE id = ?
			UNION ALL SELECT p.id, p.parent_id, up.depth + 1 FROM projects p JOIN up ON p.id = up.parent)
		SELECT p.id, p.name, ifnull(p.owner_id, '') FROM up JOIN projects p ON p.id = up.id ORDER BY up.depth`, cf.ProjectID)
	if err != nil {
		return f, err
	}
	for prows.Next() {
		var p authz.Project
		if err := prows.Scan(&p.ID, &p.Name, &p.OwnerID); err != nil {
			prows.Close()
			return f, err
		}
		f.Projects = append(f.Projects, p)
	}
	prows.Close()
	if err := prows.Err(); err != nil {
		return f, err
	}
	for i := range f.Projects {
		rs, err := s.rules(ctx, q, string(tsc.PermProject), f.Projects[i].ID)
		if err != nil {
			return f, err
		}
		f.Projects[i].Rules = toAuthzRules(rs)
	}
	rs, err := s.rules(ctx, q, string(cf.Kind), cf.ID)
	if err != nil {
		return f, err
	}
	f.Rules = toAuthzRules(rs)
	return f, nil
}

func toAuthzRules(rs []ruleRow) []authz.Rule {
	out := make([]authz.Rule, len(rs))
	for i, r := range rs {
		out[i] = authz.Rule{Grantee: authz.GranteeType(r.GranteeType), GranteeID: r.GranteeID, Capability: r.Capability, Mode: r.Mode}
	}
	return out
}

// ruleSets says which of a user's rule sets for one capability of one
// kind hold any rule, and which projects they own or lead: the list filter
// leaves out the parts that cannot match, so that the common case (rules
// for groups only, no projects led) costs one lookup per row, not five.
type ruleSets struct {
	userAllow, userDeny, groupAllow, groupDeny bool
	// allowingGroups are the user's groups with an Allow rule.
	allowingGroups []string
	// led are the projects whose content the user holds by ownership or
	// leadership, nested projects included.
	led []string
	// inSets says the user is a member of a group set of the site: the
	// group level then reads group_grantees (groups and sets); without,
	// the cheaper group_users form, as before group sets.
	inSets bool
}

// groupLevel is the SQL of the group level of the rule: the condition on
// grantee_type and the subquery of the user's grantee ids (one parameter,
// the user), with group sets (migration 0021) when inSets.
func groupLevel(inSets bool) (types, ids string) {
	if inSets {
		return `IN ('group', 'groupSet')`, groupGranteesSQL
	}
	return `= 'group'`, `SELECT group_id FROM group_users WHERE user_id = ?`
}

// inGroupSets reports whether who is a member of a group set of the site.
func inGroupSets(ctx context.Context, q queryer, who *userRow, siteID string) (bool, error) {
	var in bool
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM group_grantees gg JOIN group_sets gs ON gs.id = gg.grantee_id
		WHERE gg.user_id = ? AND gs.site_id = ?)`, who.ID, siteID).Scan(&in)
	return in, err
}

// readRuleSets gathers the rule sets of who for capability c of kind k.
func (s *Store) readRuleSets(ctx context.Context, q queryer, who *userRow, siteID string, k tsc.PermissionKind, c tsc.Capability) (ruleSets, error) {
	var rs ruleSets
	var err error
	if rs.inSets, err = inGroupSets(ctx, q, who, siteID); err != nil {
		return rs, err
	}
	gtypes, groups := groupLevel(rs.inSets)
	for _, set := range []struct {
		dst         *bool
		gtype, mode string
	}{{&rs.userAllow, "user", "Allow"}, {&rs.userDeny, "user", "Deny"}, {&rs.groupAllow, "group", "Allow"}, {&rs.groupDeny, "group", "Deny"}} {
		who2, types := `grantee_id = ?`, `= 'user'`
		if set.gtype == "group" {
			who2, types = `grantee_id IN (`+groups+`)`, gtypes
		}
		if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM permissions WHERE resource_type = ? AND capability = ?
			AND grantee_type `+types+` AND `+who2+` AND mode = ?)`, string(k), string(c), who.ID, set.mode).Scan(set.dst); err != nil {
			return rs, err
		}
	}
	if rs.groupAllow {
		allowing := `SELECT gu.group_id FROM group_users gu WHERE gu.user_id = ? AND EXISTS (
			SELECT 1 FROM permissions WHERE resource_type = ? AND capability = ? AND grantee_type = 'group' AND grantee_id = gu.group_id
			AND mode = 'Allow')`
		if rs.inSets {
			allowing = `SELECT DISTINCT gg.grantee_id FROM group_grantees gg WHERE gg.user_id = ? AND EXISTS (
			SELECT 1 FROM permissions WHERE resource_type = ? AND capability = ? AND grantee_type IN ('group', 'groupSet')
			AND grantee_id = gg.grantee_id AND mode = 'Allow')`
		}
		if rs.allowingGroups, err = queryStrings(ctx, q, allowing, who.ID, string(k), string(c)); err != nil {
			return rs, err
		}
	}
	led, largs := ledProjectsSQL(who, siteID, rs.inSets)
	rs.led, err = queryStrings(ctx, q, led, largs...)
	return rs, err
}

func queryStrings(ctx context.Context, q queryer, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// groupGranteesSQL selects the group-level grantees of one user (the
// parameter): their groups and the group sets all of whose groups hold
// them (the group_grantees view, migration 0021). Group and group-set
// rules are one level of the rule (authz.Decide, step 7).
const groupGranteesSQL = `SELECT grantee_id FROM group_grantees WHERE user_id = ?`

// decideSQL is the condition, on idExpr, that the user's own and group
// rules on the resource (of rtype) allow capability c, by the evaluator's
// steps 6-8 (authz.Decide): no user Deny, and a user Allow or a group
// Allow with no group Deny. A grantee holds one mode per capability (the
// table's key), so a user Allow and a user Deny never meet and the rule
// reads: a user Allow, or a group Allow with neither a user nor a group
// Deny. Sets known empty (rs) are left out.
//
// Two forms say the same: correlated (EXISTS over the table's key, one
// probe per row: a page that stops after 100 rows probes about 100), and
// uncorrelated (each rule set read once from the permissions_grantee
// index into a lookup table: a count of every row costs one pass).
func decideSQL(idExpr, rtype string, c tsc.Capability, userID string, rs ruleSets, correlated bool) (string, []any) {
	gtypes, groups := groupLevel(rs.inSets)
	set := func(gtype, mode string) (string, []any) {
		who, types := `grantee_id = ?`, `= 'user'`
		if gtype == "group" {
			who, types = `grantee_id IN (`+groups+`)`, gtypes
		}
		if correlated {
			return `EXISTS (SELECT 1 FROM permissions x WHERE x.resource_type = ? AND x.resource_id = ` + idExpr +
				` AND x.grantee_type ` + types + ` AND x.` + who + ` AND x.capability = ? AND x.mode = '` + mode + `')`, []any{rtype, userID, string(c)}
		}
		return idExpr + ` IN (SELECT resource_id FROM permissions WHERE resource_type = ? AND grantee_type ` + types + ` AND ` + who +
			` AND capability = ? AND mode = '` + mode + `')`, []any{rtype, userID, string(c)}
	}
	var terms []string
	var args []any
	if rs.userAllow {
		q, a := set("user", "Allow")
		terms, args = append(terms, q), append(args, a...)
	}
	if rs.groupAllow {
		q, a := set("group", "Allow")
		for _, neg := range []struct {
			on          bool
			gtype, mode string
		}{{rs.groupDeny, "group", "Deny"}, {rs.userDeny, "user", "Deny"}} {
			if neg.on {
				nq, na := set(neg.gtype, neg.mode)
				q, a = q+` AND NOT `+nq, append(a, na...)
			}
		}
		terms, args = append(terms, `(`+q+`)`), append(args, a...)
	}
	if len(terms) == 0 {
		return "0", nil
	}
	return `(` + strings.Join(terms, " OR ") + `)`, args
}

// readableFilter is the SQL condition that keeps, in a list of kind k,
// the items who may Read, by the same rule as authz.Decide: "" for
// administrators (everything), "0" when their site role reads nothing of
// k; else the owner's items, the items in projects they own or lead (and
// the projects nested in those), and the items whose rules allow them
// Read (decideSQL, in its correlated or uncorrelated form). idExpr,
// ownerExpr and projectExpr are the list's columns for the item's id,
// owner and project (for projects, the project's own id). A
// non-administrator's first page of 20,000 workbooks stays near an
// administrator's (BenchmarkListWorkbooksPermissions).
func readableFilter(who *userRow, k tsc.PermissionKind, rs ruleSets, idExpr, ownerExpr, projectExpr, privateExpr string, correlated bool) (string, []any) {
	caller := authz.Caller{SiteRole: who.SiteRole, ServerAdmin: who.ServerAdmin}
	if caller.IsAdmin() {
		return "", nil
	}
	if !authz.SiteRoleAllows(who.SiteRole, k, tsc.CapRead) {
		return "0", nil
	}
	var others []string
	var oargs []any
	if len(rs.led) > 0 {
		others = append(others, projectExpr+` IN (`+placeholders(len(rs.led))+`)`)
		for _, id := range rs.led {
			oargs = append(oargs, id)
		}
	}
	if readable, rargs := decideSQL(idExpr, string(k), tsc.CapRead, who.ID, rs, correlated); readable != "0" {
		others = append(others, readable)
		oargs = append(oargs, rargs...)
	}
	cond := ownerExpr + ` = ?`
	args := []any{who.ID}
	if len(others) > 0 {
		// Personal Space items are their owner's alone (authz.Facts.PersonalSpace).
		held := strings.Join(others, ` OR `)
		if privateExpr != "" {
			held = `NOT ` + privateExpr + ` AND (` + held + `)`
		}
		cond += ` OR (` + held + `)`
		args = append(args, oargs...)
	}
	return `(` + cond + `)`, args
}

// ledProjectsSQL selects the projects whose content who holds by
// ownership or leadership: the projects they own or lead, and every
// project nested in those.
func ledProjectsSQL(who *userRow, siteID string, inSets bool) (string, []any) {
	all := ruleSets{userAllow: true, userDeny: true, groupAllow: true, groupDeny: true, inSets: inSets}
	leaders, largs := decideSQL("p.id", string(tsc.PermProject), tsc.CapProjectLeader, who.ID, all, true)
	q := `WITH RECURSIVE led(id) AS (
			SELECT p.id FROM projects p WHERE p.site_id = ? AND (p.owner_id = ? OR ` + leaders + `)
			UNION SELECT c.id FROM projects c JOIN led ON c.parent_id = led.id) SELECT id FROM led`
	return q, append([]any{siteID, who.ID}, largs...)
}

// listAccess is what the list filters of one kind need to know of a user.
type listAccess struct {
	who  *userRow
	kind tsc.PermissionKind
	// sets are the user's rule sets for Read of the kind and, for views,
	// of their workbooks.
	sets, workbookSets ruleSets
}

// listAccessFor gathers a user's list access for kind k.
func (s *Store) listAccessFor(ctx context.Context, who *userRow, siteID string, k tsc.PermissionKind) (*listAccess, error) {
	la := &listAccess{who: who, kind: k}
	if (authz.Caller{SiteRole: who.SiteRole, ServerAdmin: who.ServerAdmin}).IsAdmin() {
		return la, nil
	}
	var err error
	if la.sets, err = s.readRuleSets(ctx, s.db, who, siteID, k, tsc.CapRead); err != nil {
		return nil, err
	}
	if k == tsc.PermView {
		if la.workbookSets, err = s.readRuleSets(ctx, s.db, who, siteID, tsc.PermWorkbook, tsc.CapRead); err != nil {
			return nil, err
		}
	}
	return la, nil
}

// scope is readableFilter for the lists of the emulator's kinds, with
// their tables' aliases (projects p, workbooks w, views v, data sources
// d), reading only the list's own table so that counts stay join-free. A
// view needs Read on itself and on its workbook.
func (la *listAccess) scope(siteID string, correlated bool) (string, []any) {
	who, rs := la.who, la.sets
	switch res := permResources[la.kind]; {
	case res == nil:
		return "0", nil
	case la.kind != tsc.PermView:
		a := res.alias()
		return readableFilter(who, la.kind, rs, a+".id", a+".owner_id", res.project, res.privateCol(a), correlated)
	default:
		wcond, wargs := readableFilter(who, tsc.PermWorkbook, la.workbookSets, "rw.id", "rw.owner_id", "rw.project_id", "rw.personal_space", false)
		if wcond == "" || wcond == "0" {
			return wcond, wargs
		}
		if !authz.SiteRoleAllows(who.SiteRole, tsc.PermView, tsc.CapRead) {
			return "0", nil
		}
		// The view's owner and project are its workbook's.
		held := `rv.owner_id = ?`
		hargs := []any{who.ID}
		if len(rs.led) > 0 {
			held += ` OR rv.project_id IN (` + placeholders(len(rs.led)) + `)`
			for _, id := range rs.led {
				hargs = append(hargs, id)
			}
		}
		cond := `v.workbook_id IN (SELECT rw.id FROM workbooks rw WHERE rw.site_id = ? AND ` + wcond + `)
			AND (v.workbook_id IN (SELECT rv.id FROM workbooks rv WHERE ` + held + `)`
		args := append(append([]any{siteID}, wargs...), hargs...)
		if readable, rargs := decideSQL("v.id", string(tsc.PermView), tsc.CapRead, who.ID, rs, correlated); readable != "0" {
			cond += ` OR ` + readable
			args = append(args, rargs...)
		}
		return cond + `)`, args
	}
}

// restrictToReadable narrows a list to what the caller may Read.
func (s *Server) restrictToReadable(c *call, lq *listQuery, k tsc.PermissionKind) error {
	return s.restrictFor(c, lq, c.user, k)
}

// restrictFor narrows a list to what who may Read: the page with the
// correlated form, the count with the uncorrelated one.
func (s *Server) restrictFor(c *call, lq *listQuery, who *userRow, k tsc.PermissionKind) error {
	la, err := s.store.listAccessFor(c.ctx, who, c.siteID(), k)
	if err != nil {
		return err
	}
	page, pargs := la.scope(c.siteID(), true)
	if page == "" {
		return nil
	}
	count, cargs := la.scope(c.siteID(), false)
	lq.scope = &listScope{page: page, count: count, pageArgs: pargs, countArgs: cargs, total: la.total(c.siteID())}
	return nil
}

// total counts, for a list without filters, the items of the site the
// user may Read without visiting each item, when at most one of their
// groups has Allow rules (so that no item is counted twice): the items
// they hold (owned, in projects they lead, allowed to them by a user
// rule), plus the group's Allow rules on other items that no Deny
// overrides, counted on the permissions_grantee index. nil when the fast
// way does not apply; list counts row by row then. It is the evaluator's
// rule once more, and TestEmulatorAgreesWithTheMatrix holds it to the
// row-by-row count on every rule set.
func (la *listAccess) total(siteID string) func(context.Context, queryer) (int, error) {
	rs := la.sets
	res := permResources[la.kind]
	admin := authz.Caller{SiteRole: la.who.SiteRole, ServerAdmin: la.who.ServerAdmin}.IsAdmin()
	if res == nil || la.kind == tsc.PermView || admin || len(rs.allowingGroups) > 1 || !authz.SiteRoleAllows(la.who.SiteRole, la.kind, tsc.CapRead) {
		return nil
	}
	table := res.table[:strings.LastIndex(res.table, " ")]
	project := "t." + res.project[strings.Index(res.project, ".")+1:]
	held := `t.owner_id = ?`
	hargs := []any{la.who.ID}
	// shared keeps out what is in its owner's Personal Space: only the
	// owner holds it (readableFilter).
	shared := ""
	if res.private != "" {
		shared = ` AND NOT t.` + res.private
	}
	if len(rs.led) > 0 {
		held += ` OR (` + project + ` IN (` + placeholders(len(rs.led)) + `)` + shared + `)`
		for _, id := range rs.led {
			hargs = append(hargs, id)
		}
	}
	rtype, read := string(la.kind), string(tsc.CapRead)
	userSet := func(mode string) string {
		return `SELECT resource_id FROM permissions WHERE resource_type = ? AND capability = ? AND grantee_type = 'user' AND grantee_id = ? AND mode = '` + mode + `'`
	}
	return func(ctx context.Context, q queryer) (int, error) {
		c1q := `SELECT count(*) FROM ` + table + ` t WHERE t.site_id = ? AND (` + held
		c1a := append([]any{siteID}, hargs...)
		if rs.userAllow {
			c1q += ` OR (t.id IN (` + userSet("Allow") + `)` + shared + `)`
			c1a = append(c1a, rtype, read, la.who.ID)
		}
		var c1 int
		if err := q.QueryRowContext(ctx, c1q+`)`, c1a...).Scan(&c1); err != nil {
			return 0, err
		}
		if len(rs.allowingGroups) == 0 {
			return c1, nil
		}
		gtypes, groups := groupLevel(rs.inSets)
		c2q := `SELECT count(*) FROM permissions x WHERE x.resource_type = ? AND x.capability = ? AND x.grantee_type ` + gtypes + `
			AND x.grantee_id = ? AND x.mode = 'Allow'
			AND x.resource_id NOT IN (SELECT t.id FROM ` + table + ` t WHERE t.site_id = ? AND (` + held + `))`
		c2a := append([]any{rtype, read, rs.allowingGroups[0], siteID}, hargs...)
		if shared != "" {
			c2q += ` AND x.resource_id NOT IN (SELECT t.id FROM ` + table + ` t WHERE t.site_id = ? AND t.` + res.private + `)`
			c2a = append(c2a, siteID)
		}
		if rs.groupDeny {
			c2q += ` AND x.resource_id NOT IN (SELECT resource_id FROM permissions WHERE resource_type = ? AND capability = ?
				AND grantee_type ` + gtypes + ` AND grantee_id IN (` + groups + `) AND mode = 'Deny')`
			c2a = append(c2a, rtype, read, la.who.ID)
		}
		for _, m := range []struct {
			on   bool
			mode string
		}{{rs.userDeny, "Deny"}, {rs.userAllow, "Allow"}} {
			if m.on {
				c2q += ` AND x.resource_id NOT IN (` + userSet(m.mode) + `)`
				c2a = append(c2a, rtype, read, la.who.ID)
			}
		}
		var c2 int
		if err := q.QueryRowContext(ctx, c2q, c2a...).Scan(&c2); err != nil {
			return 0, err
		}
		return c1 + c2, nil
	}
}

// ruleCount counts the rules of one resource, against maxRulesPerResource.
func (s *Store) ruleCount(ctx context.Context, q queryer, rtype, id string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM permissions WHERE resource_type = ? AND resource_id = ?`, rtype, id).Scan(&n)
	return n, err
}

// backfillPermissions gives the sites of a database made before migration
// 0005 the rules a new site would have had: the All Users group's initial
// rules on every project (as if each had copied the Default project's) and
// its projects' defaults on every item.
func backfillPermissions(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT site_id, id FROM projects WHERE is_default = 1`)
	if err != nil {
		return err
	}
	type def struct{ site, project string }
	var defs []def
	for rows.Next() {
		var d def
		if err := rows.Scan(&d.site, &d.project); err != nil {
			rows.Close()
			return err
		}
		defs = append(defs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, d := range defs {
		if err := seedSitePermissions(ctx, tx, d.site, d.project); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO permissions (site_id, resource_type, resource_id, grantee_type, grantee_id, capability, mode)
			SELECT r.site_id, r.resource_type, p.id, r.grantee_type, r.grantee_id, r.capability, r.mode
			FROM permissions r JOIN projects p ON p.site_id = r.site_id AND p.id <> r.resource_id
			WHERE r.resource_id = ?`, d.project); err != nil {
			return err
		}
		for _, k := range projectContent() {
			var exists int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, k.table).Scan(&exists); err != nil {
				return err
			}
			if exists == 0 {
				continue // the table of a later migration (virtual connections, 0020): nothing to backfill
			}
			if err := inheritContentRules(ctx, tx, k.kind, k.table, `SELECT id FROM `+k.table+` WHERE site_id = ?`, d.site); err != nil {
				return err
			}
		}
	}
	return nil
}

// granteeOf reads the grantee of a <granteeCapabilities>.
func granteeOf(g tsc.GranteeCapabilities) grantee {
	switch {
	case g.User != nil:
		return grantee{"user", g.User.ID}
	case g.Group != nil:
		return grantee{"group", g.Group.ID}
	case g.GroupSet != nil:
		return grantee{"groupSet", g.GroupSet.ID}
	}
	return grantee{}
}

// renderRules writes rules as <granteeCapabilities>, one per grantee in
// the order of the rows (grouped by grantee).
func renderRules(rs []ruleRow) []tsc.GranteeCapabilities {
	out := []tsc.GranteeCapabilities{}
	for _, r := range rs {
		n := len(out)
		if n == 0 || granteeOf(out[n-1]) != (grantee{r.GranteeType, r.GranteeID}) {
			g := tsc.GranteeCapabilities{}
			switch r.GranteeType {
			case "user":
				g.User = &tsc.User{ID: r.GranteeID}
			case "groupSet":
				g.GroupSet = &tsc.GroupSet{ID: r.GranteeID}
			default:
				g.Group = &tsc.Group{ID: r.GranteeID}
			}
			out = append(out, g)
			n++
		}
		out[n-1].Capabilities.Capabilities = append(out[n-1].Capabilities.Capabilities, tsc.CapabilityRule{Name: r.Capability, Mode: r.Mode})
	}
	return out
}

// sortedDefaultPlurals lists the default-permission kinds' URL segments, for messages.
func sortedDefaultPlurals() string {
	var out []string
	for _, k := range tsc.DefaultPermissionKinds {
		out = append(out, k.Plural())
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}
