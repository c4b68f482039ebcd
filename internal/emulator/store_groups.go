package emulator

import (
	"context"
	"database/sql"
	"strings"

	"github.com/google/uuid"
	"github.com/tsc-go/tsc"
)

// groupRow is a group as stored.
type groupRow struct {
	ID              string
	SiteID          string
	Name            string
	Domain          string
	MinimumSiteRole tsc.SiteRole
	AllUsers        bool
}

const groupCols = "g.id, g.site_id, g.name, g.domain_name, g.minimum_site_role, g.all_users"

func scanGroup(sc interface{ Scan(...any) error }) (*groupRow, error) {
	var r groupRow
	var role string
	err := sc.Scan(&r.ID, &r.SiteID, &r.Name, &r.Domain, &role, &r.AllUsers)
	r.MinimumSiteRole = tsc.SiteRole(role)
	return &r, err
}

func (s *Store) group(ctx context.Context, q queryer, siteID, id string) (*groupRow, error) {
	r, err := scanGroup(q.QueryRowContext(ctx, "SELECT "+groupCols+" FROM groups g WHERE g.site_id = ? AND g.id = ?", siteID, id))
	if isNoRows(err) {
		return nil, groupNotFound(id)
	}
	return r, err
}

func groupNameTaken(name string) error {
	return conflict(codeGroupNameDup, "A group named '%s' already exists on the site.", name)
}

// createGroup creates a local group.
func (s *Store) createGroup(ctx context.Context, siteID, name string, minRole tsc.SiteRole) (*groupRow, error) {
	if strings.TrimSpace(name) == "" {
		return nil, badRequest("A group needs a name.")
	}
	if err := checkLen("group name", name, maxNameChars); err != nil {
		return nil, err
	}
	if minRole != "" {
		if err := s.checkRole(minRole); err != nil {
			return nil, err
		}
	}
	row := &groupRow{ID: uuid.NewString(), SiteID: siteID, Name: name, Domain: "local", MinimumSiteRole: minRole}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO groups (id, site_id, name, minimum_site_role, created_at) VALUES (?, ?, ?, ?, ?)`,
			row.ID, siteID, name, string(minRole), s.nowString())
		if isUniqueViolation(err) {
			return groupNameTaken(name)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return row, nil
}

// updateGroup renames a group or changes its minimum site role.
func (s *Store) updateGroup(ctx context.Context, siteID, id, name string, minRole tsc.SiteRole) (*groupRow, error) {
	if err := checkLen("group name", name, maxNameChars); err != nil {
		return nil, err
	}
	if minRole != "" {
		if err := s.checkRole(minRole); err != nil {
			return nil, err
		}
	}
	var out *groupRow
	err := s.tx(ctx, func(tx *sql.Tx) error {
		g, err := s.group(ctx, tx, siteID, id)
		if err != nil {
			return err
		}
		if g.AllUsers && name != "" && name != g.Name {
			return forbidden("The All Users group cannot be renamed.")
		}
		if name != "" {
			g.Name = name
		}
		if minRole != "" {
			g.MinimumSiteRole = minRole
		}
		_, err = tx.ExecContext(ctx, `UPDATE groups SET name = ?, minimum_site_role = ? WHERE id = ?`, g.Name, string(g.MinimumSiteRole), id)
		if isUniqueViolation(err) {
			return groupNameTaken(name)
		}
		out = g
		return err
	})
	return out, err
}

func (s *Store) deleteGroup(ctx context.Context, siteID, id string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		g, err := s.group(ctx, tx, siteID, id)
		if err != nil {
			return err
		}
		if g.AllUsers {
			return forbidden("The All Users group cannot be deleted.")
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM groups WHERE id = ?`, id)
		return err
	})
}

// addGroupUsers adds site users to a group, all or none. With strict, a user
// already in the group is a conflict (adding one user); without, it is
// skipped (adding several, where Tableau reports the users as members).
func (s *Store) addGroupUsers(ctx context.Context, siteID, groupID string, userIDs []string, strict bool) ([]userRow, error) {
	var out []userRow
	err := s.tx(ctx, func(tx *sql.Tx) error {
		g, err := s.group(ctx, tx, siteID, groupID)
		if err != nil {
			return err
		}
		if g.AllUsers {
			return forbidden("Users cannot be added to or removed from the All Users group; it holds every user of the site.")
		}
		now := s.nowString()
		for _, uid := range userIDs {
			u, err := s.siteUser(ctx, tx, siteID, uid)
			if err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO group_users (group_id, user_id, added_at) VALUES (?, ?, ?)`, groupID, uid, now)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 && strict {
				return conflict(codeUserInGroup, "The user '%s' is already a member of the group '%s'.", uid, g.Name)
			}
			out = append(out, *u)
		}
		return nil
	})
	return out, err
}

// removeGroupUsers removes users from a group, all or none; each must be a member.
func (s *Store) removeGroupUsers(ctx context.Context, siteID, groupID string, userIDs []string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		g, err := s.group(ctx, tx, siteID, groupID)
		if err != nil {
			return err
		}
		if g.AllUsers {
			return forbidden("Users cannot be added to or removed from the All Users group; it holds every user of the site.")
		}
		for _, uid := range userIDs {
			if _, err := s.siteUser(ctx, tx, siteID, uid); err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, `DELETE FROM group_users WHERE group_id = ? AND user_id = ?`, groupID, uid)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return notFound(codeUserNotFound, "The user '%s' is not a member of the group '%s'.", uid, g.Name)
			}
		}
		return nil
	})
}

var groupListSpec = listSpec{
	resource: "groups",
	fields: map[string]field{
		"name":            {expr: "g.name", ops: opsName, sortable: true},
		"luid":            {expr: "g.id", ops: opsEnum},
		"domainName":      {expr: "g.domain_name", ops: opsEnum, sortable: true},
		"minimumSiteRole": {expr: "g.minimum_site_role", ops: opsEnum, sortable: true},
		"isLocal":         {expr: "(g.domain_name = 'local')", kind: kindBool, ops: opsBool},
		"userCount": {expr: "(SELECT count(*) FROM group_users gu WHERE gu.group_id = g.id)", kind: kindInt,
			ops: opsNumber, sortable: true},
	},
	order: "g.rowid",
}

// listGroups lists a site's groups, or, with userID, the groups the user is in.
func (s *Store) listGroups(ctx context.Context, siteID, userID string, lq *listQuery) ([]groupRow, tsc.Pagination, error) {
	from := "FROM groups g WHERE g.site_id = ?"
	args := []any{siteID}
	if userID != "" {
		from += " AND g.id IN (SELECT group_id FROM group_users WHERE user_id = ?)"
		args = append(args, userID)
	}
	var out []groupRow
	p, err := s.list(ctx, s.db, groupCols, from, args, lq, func(rows *sql.Rows) error {
		r, err := scanGroup(rows)
		if err == nil {
			out = append(out, *r)
		}
		return err
	})
	return out, p, err
}
