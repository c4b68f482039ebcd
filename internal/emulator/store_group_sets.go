package emulator

import (
	"context"
	"database/sql"
	"strings"

	"github.com/google/uuid"
	"github.com/tsc-go/tsc"
)

// Group sets (issue 16, REST API 3.22): a site's named sets of groups,
// which permission rules may name as grantees (migration 0021). Members of
// a set, for permissions, are the users in every one of its groups: the
// group_grantees view.

// Limits on group sets. Tableau documents none; both are ours, far above a
// real site's needs and small enough that a set's answer stays small.
const (
	// maxGroupSetsPerSite bounds the group sets of one site.
	maxGroupSetsPerSite = 1000
	// maxGroupsPerGroupSet bounds the groups of one set: AND logic over
	// more groups than this selects no one a site could name.
	maxGroupsPerGroupSet = 100
)

// codeGroupSetNotFound: Tableau documents no code for a missing group set;
// the emulator answers the class code.
const codeGroupSetNotFound = "404000"

func groupSetNotFound(id string) *apiError {
	return notFound(codeGroupSetNotFound, "Group set '%s' could not be found.", id)
}

func groupSetNameTaken(name string) error {
	return conflict(codeConflict, "A group set named '%s' already exists on the site.", name)
}

// groupSetRow is a group set as stored, with its groups in the order they
// were added.
type groupSetRow struct {
	ID     string
	SiteID string
	Name   string
	Count  int
	Groups []groupRow
}

func (s *Store) groupSet(ctx context.Context, q queryer, siteID, id string) (*groupSetRow, error) {
	var r groupSetRow
	err := q.QueryRowContext(ctx, `SELECT gs.id, gs.site_id, gs.name, (SELECT count(*) FROM group_set_groups x WHERE x.group_set_id = gs.id)
		FROM group_sets gs WHERE gs.site_id = ? AND gs.id = ?`, siteID, id).Scan(&r.ID, &r.SiteID, &r.Name, &r.Count)
	if isNoRows(err) {
		return nil, groupSetNotFound(id)
	}
	if err != nil {
		return nil, err
	}
	return &r, s.loadSetGroups(ctx, q, []*groupSetRow{&r})
}

// loadSetGroups reads the groups of the sets, in one query.
func (s *Store) loadSetGroups(ctx context.Context, q queryer, sets []*groupSetRow) error {
	if len(sets) == 0 {
		return nil
	}
	byID := map[string]*groupSetRow{}
	args := make([]any, len(sets))
	for i, gs := range sets {
		byID[gs.ID] = gs
		args[i] = gs.ID
	}
	rows, err := q.QueryContext(ctx, `SELECT x.group_set_id, `+groupCols+` FROM group_set_groups x JOIN groups g ON g.id = x.group_id
		WHERE x.group_set_id IN (`+placeholders(len(sets))+`) ORDER BY x.rowid`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var setID string
		var g groupRow
		var role string
		if err := rows.Scan(&setID, &g.ID, &g.SiteID, &g.Name, &g.Domain, &role, &g.AllUsers); err != nil {
			return err
		}
		g.MinimumSiteRole = tsc.SiteRole(role)
		byID[setID].Groups = append(byID[setID].Groups, g)
	}
	return rows.Err()
}

func checkGroupSetName(name string) error {
	if strings.TrimSpace(name) == "" {
		return badRequest("A group set needs a name.")
	}
	return checkLen("group set name", name, maxNameChars)
}

// createGroupSet creates an empty group set.
func (s *Store) createGroupSet(ctx context.Context, siteID, name string) (*groupSetRow, error) {
	if err := checkGroupSetName(name); err != nil {
		return nil, err
	}
	row := &groupSetRow{ID: uuid.NewString(), SiteID: siteID, Name: name}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM group_sets WHERE site_id = ?`, siteID).Scan(&n); err != nil {
			return err
		}
		if n >= maxGroupSetsPerSite {
			return badRequest("The site has %s group sets, the most it may have.", commas(maxGroupSetsPerSite))
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO group_sets (id, site_id, name, created_at) VALUES (?, ?, ?, ?)`,
			row.ID, siteID, name, s.nowString())
		if isUniqueViolation(err) {
			return groupSetNameTaken(name)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return row, nil
}

// renameGroupSet renames a group set.
func (s *Store) renameGroupSet(ctx context.Context, siteID, id, name string) (*groupSetRow, error) {
	if err := checkGroupSetName(name); err != nil {
		return nil, err
	}
	var out *groupSetRow
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.groupSet(ctx, tx, siteID, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE group_sets SET name = ? WHERE id = ?`, name, id)
		if isUniqueViolation(err) {
			return groupSetNameTaken(name)
		}
		if err != nil {
			return err
		}
		out, err = s.groupSet(ctx, tx, siteID, id)
		return err
	})
	return out, err
}

// deleteGroupSet deletes a group set (not its groups); its rules go with
// it (trigger group_sets_permissions_cleanup).
func (s *Store) deleteGroupSet(ctx context.Context, siteID, id string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.groupSet(ctx, tx, siteID, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM group_sets WHERE id = ?`, id)
		return err
	})
}

// addGroupToSet adds a group of the site to a set; adding a group that is
// already there is a conflict, as adding a user to a group twice is.
func (s *Store) addGroupToSet(ctx context.Context, siteID, setID, groupID string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		gs, err := s.groupSet(ctx, tx, siteID, setID)
		if err != nil {
			return err
		}
		g, err := s.group(ctx, tx, siteID, groupID)
		if err != nil {
			return err
		}
		if gs.Count >= maxGroupsPerGroupSet {
			return badRequest("The group set '%s' has %d groups, the most a group set may have.", gs.Name, maxGroupsPerGroupSet)
		}
		res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO group_set_groups (group_set_id, group_id, added_at) VALUES (?, ?, ?)`,
			setID, groupID, s.nowString())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return conflict(codeConflict, "The group '%s' is already in the group set '%s'.", g.Name, gs.Name)
		}
		return nil
	})
}

// removeGroupFromSet removes a group from a set; it must be there.
func (s *Store) removeGroupFromSet(ctx context.Context, siteID, setID, groupID string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		gs, err := s.groupSet(ctx, tx, siteID, setID)
		if err != nil {
			return err
		}
		g, err := s.group(ctx, tx, siteID, groupID)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM group_set_groups WHERE group_set_id = ? AND group_id = ?`, setID, groupID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound(codeGroupNotFound, "The group '%s' is not in the group set '%s'.", g.Name, gs.Name)
		}
		return nil
	})
}

var groupSetListSpec = listSpec{
	resource: "groupsets",
	fields: map[string]field{
		"name": {expr: "gs.name", ops: opsName, sortable: true},
		"luid": {expr: "gs.id", ops: opsEnum},
		"groupCount": {expr: "(SELECT count(*) FROM group_set_groups x WHERE x.group_set_id = gs.id)", kind: kindInt,
			ops: opsNumber, sortable: true},
	},
	order: "gs.rowid",
}

// listGroupSets lists a site's group sets, with their groups when
// withGroups.
func (s *Store) listGroupSets(ctx context.Context, siteID string, lq *listQuery, withGroups bool) ([]groupSetRow, tsc.Pagination, error) {
	var out []groupSetRow
	p, err := s.list(ctx, s.db, "gs.id, gs.site_id, gs.name, (SELECT count(*) FROM group_set_groups x WHERE x.group_set_id = gs.id)",
		"FROM group_sets gs WHERE gs.site_id = ?", []any{siteID}, lq, func(rows *sql.Rows) error {
			var r groupSetRow
			err := rows.Scan(&r.ID, &r.SiteID, &r.Name, &r.Count)
			if err == nil {
				out = append(out, r)
			}
			return err
		})
	if err != nil || !withGroups {
		return out, p, err
	}
	ptrs := make([]*groupSetRow, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	return out, p, s.loadSetGroups(ctx, s.db, ptrs)
}
