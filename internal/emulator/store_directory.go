package emulator

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/google/uuid"
	"github.com/tsc-go/tsc"
)

// Importing and synchronising directory groups (issue 16). Tableau's
// rules, from "Grant License on Sign In" and the REST reference's Create
// Group (import) and Update Group (sync):
//   - grantLicenseMode onSync: at each sync, every member gets the group's
//     minimum site role, unless their role is already higher: "the user's
//     site role is never lowered" by a group.
//   - grantLicenseMode onLogin: members new to the site are added
//     Unlicensed, and get the group's minimum site role (never lower than
//     what they have) when they sign in.
//   - a sync adds the directory's members to the group and removes from
//     the group those no longer in the directory group; they stay on the
//     site, with their role.

// roleRank orders site roles by what they grant, for "never lowered".
func roleRank(r tsc.SiteRole) int {
	switch r {
	case tsc.SiteRoleServerAdministrator:
		return 8
	case tsc.SiteRoleSiteAdministratorCreator:
		return 7
	case tsc.SiteRoleSiteAdministratorExplorer, tsc.SiteRoleSiteAdministrator:
		return 6
	case tsc.SiteRoleCreator:
		return 5
	case tsc.SiteRoleExplorerCanPublish, tsc.SiteRolePublisher:
		return 4
	case tsc.SiteRoleExplorer, tsc.SiteRoleInteractor:
		return 3
	case tsc.SiteRoleViewer, tsc.SiteRoleViewerWithPublish, tsc.SiteRoleReadOnly:
		return 2
	case tsc.SiteRoleGuest:
		return 1
	}
	return 0
}

// directoryImport is what an <import> element asks.
type directoryImport struct {
	Domain   string
	Mode     string // onLogin or onSync
	SiteRole tsc.SiteRole
}

// syncCounts are what a sync did, reported as the job's status notes.
type syncCounts struct {
	InDirectory, AddedToSite, AddedToGroup, RemovedFromGroup, RoleUpdated, Unlicensed int
}

func (n syncCounts) notes() []tsc.StatusNote {
	return countNotes(
		"CountOfUsersInActiveDirectoryGroup", n.InDirectory,
		"CountOfUsersAddedToSite", n.AddedToSite,
		"CountOfUsersAddedToGroup", n.AddedToGroup,
		"CountOfUsersRemovedFromGroup", n.RemovedFromGroup,
		"CountOfUsersSiteRoleUpdated", n.RoleUpdated,
		"CountOfUsersUnlicensed", n.Unlicensed)
}

// ensureDirectoryUser returns the id of the server user for a directory
// user, creating them (with their directory name, email and password)
// when the server has none.
func (s *Store) ensureDirectoryUser(ctx context.Context, tx *sql.Tx, u *DirectoryUser) (string, error) {
	var id string
	err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE name = ? COLLATE NOCASE AND domain_name = ? COLLATE NOCASE`, u.Name, u.Domain).Scan(&id)
	switch {
	case err == nil:
		_, err = tx.ExecContext(ctx, `UPDATE users SET full_name = ?, email = ? WHERE id = ?`, u.DisplayName, u.Email, id)
		return id, err
	case !isNoRows(err):
		return "", err
	}
	id = uuid.NewString()
	if _, err := tx.ExecContext(ctx, `INSERT INTO users (id, name, full_name, email, domain_name, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		id, u.Name, u.DisplayName, u.Email, u.Domain, s.nowString()); err != nil {
		return "", err
	}
	if u.Password != "" {
		if err := setPassword(ctx, tx, id, u.Password); err != nil {
			return "", err
		}
	}
	return id, nil
}

// syncDirectoryGroup makes the site's group groupID the directory group
// dg: members added (to the site when new), members gone removed from the
// group, site roles granted by imp's mode.
func (s *Store) syncDirectoryGroup(ctx context.Context, tx *sql.Tx, siteID, groupID string, dir *Directory, dg *DirectoryGroup, imp directoryImport) (syncCounts, error) {
	var n syncCounts
	now := s.nowString()
	if _, err := tx.ExecContext(ctx, `UPDATE groups SET domain_name = ?, minimum_site_role = ?, grant_license_mode = ? WHERE id = ?`,
		dg.Domain, string(imp.SiteRole), imp.Mode, groupID); err != nil {
		return n, err
	}
	keep := map[string]bool{}
	for _, m := range dg.Members {
		dom, name := splitMember(dg.Domain, m)
		du := dir.user(dom, name)
		if du == nil {
			continue // checked when the directory was loaded
		}
		n.InDirectory++
		id, err := s.ensureDirectoryUser(ctx, tx, du)
		if err != nil {
			return n, err
		}
		keep[id] = true
		var role string
		err = tx.QueryRowContext(ctx, `SELECT site_role FROM site_users WHERE site_id = ? AND user_id = ?`, siteID, id).Scan(&role)
		switch {
		case isNoRows(err):
			newRole := tsc.SiteRoleUnlicensed
			if imp.Mode == "onSync" {
				newRole = imp.SiteRole
			}
			if err := s.checkUserLicense(ctx, tx, siteID, "", newRole, du.Name); err != nil {
				return n, err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO site_users (site_id, user_id, site_role, auth_setting, created_at) VALUES (?, ?, ?, 'ServerDefault', ?)`,
				siteID, id, string(newRole), now); err != nil {
				return n, err
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO group_users (group_id, user_id, added_at)
				SELECT id, ?, ? FROM groups WHERE site_id = ? AND all_users = 1`, id, now, siteID); err != nil {
				return n, err
			}
			n.AddedToSite++
			if newRole == tsc.SiteRoleUnlicensed {
				n.Unlicensed++
			}
		case err != nil:
			return n, err
		case imp.Mode == "onSync" && roleRank(imp.SiteRole) > roleRank(tsc.SiteRole(role)):
			if err := s.checkUserLicense(ctx, tx, siteID, tsc.SiteRole(role), imp.SiteRole, du.Name); err != nil {
				return n, err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE site_users SET site_role = ? WHERE site_id = ? AND user_id = ?`, string(imp.SiteRole), siteID, id); err != nil {
				return n, err
			}
			n.RoleUpdated++
		}
		res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO group_users (group_id, user_id, added_at) VALUES (?, ?, ?)`, groupID, id, now)
		if err != nil {
			return n, err
		}
		if k, _ := res.RowsAffected(); k > 0 {
			n.AddedToGroup++
		}
	}
	current, err := queryStrings(ctx, tx, `SELECT user_id FROM group_users WHERE group_id = ?`, groupID)
	if err != nil {
		return n, err
	}
	for _, id := range current {
		if keep[id] {
			continue
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM group_users WHERE group_id = ? AND user_id = ?`, groupID, id); err != nil {
			return n, err
		}
		n.RemovedFromGroup++
	}
	return n, nil
}

// importDirectoryGroup creates the site's copy of a directory group and
// synchronises it; an existing group of that name and domain is a conflict.
func (s *Store) importDirectoryGroup(ctx context.Context, siteID string, dir *Directory, dg *DirectoryGroup, imp directoryImport) (*groupRow, syncCounts, error) {
	var n syncCounts
	row := &groupRow{ID: uuid.NewString(), SiteID: siteID, Name: dg.Name, Domain: dg.Domain, MinimumSiteRole: imp.SiteRole}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO groups (id, site_id, name, domain_name, created_at) VALUES (?, ?, ?, ?, ?)`,
			row.ID, siteID, dg.Name, dg.Domain, s.nowString())
		if isUniqueViolation(err) {
			return groupNameTaken(dg.Name)
		}
		if err != nil {
			return err
		}
		n, err = s.syncDirectoryGroup(ctx, tx, siteID, row.ID, dir, dg, imp)
		return err
	})
	return row, n, err
}

// resyncDirectoryGroup synchronises an imported group again, with the
// import settings of the request.
func (s *Store) resyncDirectoryGroup(ctx context.Context, siteID, groupID string, dir *Directory, dg *DirectoryGroup, imp directoryImport) (*groupRow, syncCounts, error) {
	var n syncCounts
	var out *groupRow
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if n, err = s.syncDirectoryGroup(ctx, tx, siteID, groupID, dir, dg, imp); err != nil {
			return err
		}
		out, err = s.group(ctx, tx, siteID, groupID)
		return err
	})
	return out, n, err
}

// grantLicenseOnSignIn gives a user signing in to a site the highest
// minimum site role of their groups that grant it on sign-in (imported
// groups with grantLicenseMode onLogin, and local groups with a minimum
// site role, Tableau's "Grant License on Sign In"), never lowering theirs.
func (s *Store) grantLicenseOnSignIn(ctx context.Context, siteID, userID string) error {
	roles, err := queryStrings(ctx, s.db, `SELECT g.minimum_site_role FROM group_users gu JOIN groups g ON g.id = gu.group_id
		WHERE gu.user_id = ? AND g.site_id = ? AND g.minimum_site_role <> ''
		AND (g.grant_license_mode = 'onLogin' OR (g.grant_license_mode = '' AND g.domain_name = 'local'))`, userID, siteID)
	if err != nil || len(roles) == 0 {
		return err
	}
	best := tsc.SiteRole("")
	for _, r := range roles {
		if roleRank(tsc.SiteRole(r)) > roleRank(best) {
			best = tsc.SiteRole(r)
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var cur string
		if err := tx.QueryRowContext(ctx, `SELECT site_role FROM site_users WHERE site_id = ? AND user_id = ?`, siteID, userID).Scan(&cur); err != nil {
			return err
		}
		if roleRank(best) <= roleRank(tsc.SiteRole(cur)) {
			return nil
		}
		if err := s.checkUserLicense(ctx, tx, siteID, tsc.SiteRole(cur), best, userID); err != nil {
			return nil // no license left: the user signs in with the role they have
		}
		_, err := tx.ExecContext(ctx, `UPDATE site_users SET site_role = ? WHERE site_id = ? AND user_id = ?`, string(best), siteID, userID)
		return err
	})
}

// countNotes writes counts as status notes, in the order given (type,
// count, type, count...).
func countNotes(kv ...any) []tsc.StatusNote {
	var out []tsc.StatusNote
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, tsc.StatusNote{Type: kv[i].(string), Value: strconv.Itoa(kv[i+1].(int))})
	}
	return out
}
