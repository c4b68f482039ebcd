package emulator

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"net/http"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/tsc-go/tsc"
)

// userRow is a user as seen on one site.
type userRow struct {
	ID          string
	Name        string
	FullName    string
	Email       string
	Domain      string
	ServerAdmin bool
	SiteID      string
	SiteRole    tsc.SiteRole
	AuthSetting string
	LastLogin   string
}

// isSiteAdmin reports whether the user administers the site (or the server).
func (u *userRow) isSiteAdmin() bool {
	switch u.SiteRole {
	case tsc.SiteRoleServerAdministrator, tsc.SiteRoleSiteAdministratorCreator, tsc.SiteRoleSiteAdministratorExplorer:
		return true
	}
	return u.ServerAdmin
}

// canCreateContent reports whether the user's role lets them own projects.
func (u *userRow) canCreateContent() bool {
	switch u.SiteRole {
	case tsc.SiteRoleViewer, tsc.SiteRoleUnlicensed, tsc.SiteRoleGuest, tsc.SiteRoleSupportUser:
		return u.ServerAdmin
	}
	return true
}

const userCols = `u.id, u.name, u.full_name, u.email, u.domain_name, u.server_admin, su.site_id, su.site_role, su.auth_setting, su.last_login`

func scanUser(sc interface{ Scan(...any) error }) (*userRow, error) {
	var r userRow
	var role string
	err := sc.Scan(&r.ID, &r.Name, &r.FullName, &r.Email, &r.Domain, &r.ServerAdmin, &r.SiteID, &role, &r.AuthSetting, &r.LastLogin)
	r.SiteRole = tsc.SiteRole(role)
	return &r, err
}

// siteUser returns the user with the given id on the site.
func (s *Store) siteUser(ctx context.Context, q queryer, siteID, userID string) (*userRow, error) {
	r, err := scanUser(q.QueryRowContext(ctx, "SELECT "+userCols+` FROM site_users su JOIN users u ON u.id = su.user_id
		WHERE su.site_id = ? AND su.user_id = ?`, siteID, userID))
	if isNoRows(err) {
		return nil, userNotFound(userID)
	}
	return r, err
}

// siteUserByName returns the user with the given name on the site.
func (s *Store) siteUserByName(ctx context.Context, q queryer, siteID, name string) (*userRow, error) {
	r, err := scanUser(q.QueryRowContext(ctx, "SELECT "+userCols+` FROM site_users su JOIN users u ON u.id = su.user_id
		WHERE su.site_id = ? AND u.name = ? COLLATE NOCASE`, siteID, name))
	if isNoRows(err) {
		return nil, userNotFound(name)
	}
	return r, err
}

// validRole checks a site role a request sets.
func validRole(r tsc.SiteRole) error {
	if !r.Valid() {
		names := make([]string, len(tsc.SiteRoles))
		for i, v := range tsc.SiteRoles {
			names[i] = string(v)
		}
		return errf(http.StatusBadRequest, codeInvalidSiteRole, "Invalid site role",
			"The value of the siteRole attribute '%s' must be one of %s.", r, strings.Join(names, ", "))
	}
	return nil
}

var authSettings = []string{"ServerDefault", "SAML", "OpenID"}

// addUser adds a user to a site, creating the server user when there is none
// by that name, and puts them in the site's All Users group.
func (s *Store) addUser(ctx context.Context, siteID, name string, role tsc.SiteRole, authSetting string) (*userRow, error) {
	if err := checkLen("user name", name, maxNameChars); err != nil {
		return nil, err
	}
	if strings.TrimSpace(name) == "" {
		return nil, badRequest("A user needs a name.")
	}
	if err := s.checkRole(role); err != nil {
		return nil, err
	}
	if authSetting == "" {
		authSetting = "ServerDefault"
	}
	if !slices.Contains(authSettings, authSetting) {
		return nil, badRequest("authSetting '%s' is not one of %s.", authSetting, strings.Join(authSettings, ", "))
	}
	var out *userRow
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var id string
		err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE name = ? COLLATE NOCASE AND domain_name = 'local'`, name).Scan(&id)
		now := s.nowString()
		switch {
		case isNoRows(err):
			id = uuid.NewString()
			if _, err := tx.ExecContext(ctx, `INSERT INTO users (id, name, created_at) VALUES (?, ?, ?)`, id, name, now); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			if _, err := s.siteUser(ctx, tx, siteID, id); err == nil {
				return conflict(codeUserOnSite, "The user '%s' is already a member of the site.", name)
			}
		}
		if err := s.checkUserLicense(ctx, tx, siteID, "", role, name); err != nil {
			return err
		}
		if role == tsc.SiteRoleServerAdministrator {
			if err := s.makeServerAdmin(ctx, tx, id); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO site_users (site_id, user_id, site_role, auth_setting, created_at) VALUES (?, ?, ?, ?, ?)`,
			siteID, id, string(role), authSetting, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO group_users (group_id, user_id, added_at)
			SELECT id, ?, ? FROM groups WHERE site_id = ? AND all_users = 1`, id, now, siteID); err != nil {
			return err
		}
		out, err = s.siteUser(ctx, tx, siteID, id)
		return err
	})
	return out, err
}

// makeServerAdmin flags a user as server administrator and, as Tableau
// Server does, makes them a member of every site.
func (s *Store) makeServerAdmin(ctx context.Context, tx *sql.Tx, userID string) error {
	now := s.nowString()
	if _, err := tx.ExecContext(ctx, `UPDATE users SET server_admin = 1 WHERE id = ?`, userID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO site_users (site_id, user_id, site_role, created_at)
		SELECT id, ?, 'ServerAdministrator', ? FROM sites WHERE true
		ON CONFLICT (site_id, user_id) DO UPDATE SET site_role = 'ServerAdministrator'`, userID, now); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO group_users (group_id, user_id, added_at)
		SELECT id, ?, ? FROM groups WHERE all_users = 1`, userID, now)
	return err
}

// demoteServerAdmin makes a server administrator an ordinary user with the
// given role. A server administrator's site role is ServerAdministrator on
// every site, so demoting one is a server-level change, never a side
// effect of one site's role: authority.go lets only another server
// administrator ask for it, by naming the new role, and the new role
// replaces ServerAdministrator on every site, so that no membership keeps
// administering a site for a user who no longer administers the server.
func (s *Store) demoteServerAdmin(ctx context.Context, tx *sql.Tx, userID string, role tsc.SiteRole) error {
	if _, err := tx.ExecContext(ctx, `UPDATE users SET server_admin = 0 WHERE id = ?`, userID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE site_users SET site_role = ? WHERE user_id = ? AND site_role = 'ServerAdministrator'`, string(role), userID)
	return err
}

// userUpdate is what Update User may change; empty fields are left as they are.
type userUpdate struct {
	// Name may only repeat the user's current name: clients such as TSC
	// send back every field of the item they read, and Tableau accepts
	// that, but a user is never renamed through this call.
	Name        string
	FullName    string
	Email       string
	Password    string
	SiteRole    tsc.SiteRole
	AuthSetting string
	// ServerLevel says the update is made with a server administrator's
	// authority, the only one that demotes a server administrator. The
	// store checks it again inside its transaction, so that a user made
	// server administrator after authorize looked is never demoted by a
	// site administrator's role change.
	ServerLevel bool
}

func (s *Store) updateUser(ctx context.Context, siteID, userID string, up userUpdate) (*userRow, error) {
	if err := firstErr(checkLen("user's full name", up.FullName, maxNameChars), checkLen("user's email", up.Email, maxEmailChars)); err != nil {
		return nil, err
	}
	if up.SiteRole != "" {
		if err := s.checkRole(up.SiteRole); err != nil {
			return nil, err
		}
	}
	if up.AuthSetting != "" && !slices.Contains(authSettings, up.AuthSetting) {
		return nil, badRequest("authSetting '%s' is not one of %s.", up.AuthSetting, strings.Join(authSettings, ", "))
	}
	var out *userRow
	err := s.tx(ctx, func(tx *sql.Tx) error {
		u, err := s.siteUser(ctx, tx, siteID, userID)
		if err != nil {
			return err
		}
		if up.Name != "" && up.Name != u.Name {
			return badRequest("A user's name cannot be changed.")
		}
		if up.FullName != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET full_name = ? WHERE id = ?`, up.FullName, userID); err != nil {
				return err
			}
		}
		if up.Email != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET email = ? WHERE id = ?`, up.Email, userID); err != nil {
				return err
			}
		}
		if up.Password != "" {
			if err := setPassword(ctx, tx, userID, up.Password); err != nil {
				return err
			}
		}
		if up.AuthSetting != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE site_users SET auth_setting = ? WHERE site_id = ? AND user_id = ?`, up.AuthSetting, siteID, userID); err != nil {
				return err
			}
		}
		if up.SiteRole != "" && up.SiteRole != u.SiteRole {
			if err := s.checkUserLicense(ctx, tx, siteID, u.SiteRole, up.SiteRole, u.Name); err != nil {
				return err
			}
			if up.SiteRole == tsc.SiteRoleServerAdministrator {
				if err := s.makeServerAdmin(ctx, tx, userID); err != nil {
					return err
				}
			} else if u.ServerAdmin {
				if !up.ServerLevel {
					// authorize saw no server administrator; one was made since.
					return errf(http.StatusForbidden, codeUpdateUserDenied, "Update user forbidden",
						"User '%s' is a server administrator: only a server administrator can change their site role.", userID)
				}
				if err := s.demoteServerAdmin(ctx, tx, userID, up.SiteRole); err != nil {
					return err
				}
			} else {
				if _, err := tx.ExecContext(ctx, `UPDATE site_users SET site_role = ? WHERE site_id = ? AND user_id = ?`, string(up.SiteRole), siteID, userID); err != nil {
					return err
				}
			}
		}
		out, err = s.siteUser(ctx, tx, siteID, userID)
		return err
	})
	return out, err
}

// removeUser removes a user from a site. Content the user owns on the site
// goes to mapTo; without mapTo, a user who owns content stays (409).
func (s *Store) removeUser(ctx context.Context, siteID, userID, mapTo string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		u, err := s.siteUser(ctx, tx, siteID, userID)
		if err != nil {
			return err
		}
		if u.ServerAdmin {
			// authorize refuses it; checked again here, in the transaction,
			// for a user made server administrator since it looked.
			return forbidden("User '%s' is a server administrator, a member of every site: no one removes them from one site.", userID)
		}
		if mapTo != "" {
			if mapTo == userID {
				return badRequest("mapAssetsTo cannot be the user being removed.")
			}
			if _, err := s.siteUser(ctx, tx, siteID, mapTo); err != nil {
				return err
			}
		}
		for _, t := range ownedContentTables {
			if mapTo != "" {
				if _, err := tx.ExecContext(ctx, "UPDATE "+t+" SET owner_id = ? WHERE site_id = ? AND owner_id = ?", mapTo, siteID, userID); err != nil {
					return err
				}
				continue
			}
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+t+" WHERE site_id = ? AND owner_id = ?", siteID, userID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return conflict(codeConflict, "The user '%s' owns %d %s on the site; remove it or pass mapAssetsTo to give it to another user.", userID, n, t)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM group_users WHERE user_id = ? AND group_id IN (SELECT id FROM groups WHERE site_id = ?)`, userID, siteID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND site_id = ?`, userID, siteID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM site_users WHERE site_id = ? AND user_id = ?`, siteID, userID); err != nil {
			return err
		}
		// Tableau's Remove User from Site: "The user will be deleted if they
		// do not own any other assets". A user left on no site, owning
		// nothing, is deleted from the server (sessions, tokens and group
		// memberships go with the row); otherwise every user ever removed
		// would stay in the store for good, which the soak test saw grow.
		_, err = tx.ExecContext(ctx, `DELETE FROM users WHERE id = ? AND server_admin = 0
			AND NOT EXISTS (SELECT 1 FROM site_users WHERE user_id = ?)
			AND NOT EXISTS (SELECT 1 FROM projects WHERE owner_id = ?)
			AND NOT EXISTS (SELECT 1 FROM workbooks WHERE owner_id = ?)
			AND NOT EXISTS (SELECT 1 FROM datasources WHERE owner_id = ?)
			AND NOT EXISTS (SELECT 1 FROM flows WHERE owner_id = ?)
			AND NOT EXISTS (SELECT 1 FROM virtual_connections WHERE owner_id = ?)`, userID, userID, userID, userID, userID, userID, userID)
		return err
	})
}

// ownedContentTables are the tables with an owner_id and a site_id: what a
// removed user may own.
var ownedContentTables = []string{"projects", "workbooks", "datasources", "flows", "virtual_connections"}

var userListSpec = listSpec{
	resource: "users",
	fields: map[string]field{
		"name":         {expr: "su.name", ops: opsName, sortable: true},
		"luid":         {expr: "su.user_id", ops: opsEnum},
		"siteRole":     {expr: "su.site_role", ops: opsEnum, sortable: true},
		"lastLogin":    {expr: "su.last_login", kind: kindTime, ops: opsTime, sortable: true},
		"friendlyName": {expr: "su.full_name", ops: opsEnum, sortable: true},
		"fullName":     {expr: "su.full_name", ops: opsEnum, sortable: true},
		"domainName":   {expr: "su.domain_name", ops: opsEnum, sortable: true},
		"email":        {expr: "su.email", ops: opsEnum, sortable: true},
		"authSetting":  {expr: "su.auth_setting", ops: opsEnum},
	},
	order:       "su.rowid",
	defaultSort: "su.name COLLATE NOCASE",
}

// siteUserListCols are userCols read from site_users alone (migration 0003
// copies the names there), so that counting and paging never join; only
// the rows of the page look up whether the user administers the server.
const siteUserListCols = `su.user_id, su.name, su.full_name, su.email, su.domain_name,
	(SELECT u.server_admin FROM users u WHERE u.id = su.user_id), su.site_id, su.site_role, su.auth_setting, su.last_login`

// listUsers lists a site's users, or, with groupID, a group's members.
func (s *Store) listUsers(ctx context.Context, siteID, groupID string, lq *listQuery) ([]userRow, tsc.Pagination, error) {
	from := "FROM site_users su WHERE su.site_id = ?"
	args := []any{siteID}
	if groupID != "" {
		from += " AND su.user_id IN (SELECT user_id FROM group_users WHERE group_id = ?)"
		args = append(args, groupID)
	}
	var out []userRow
	p, err := s.list(ctx, s.db, siteUserListCols, from, args, lq, func(rows *sql.Rows) error {
		r, err := scanUser(rows)
		if err == nil {
			out = append(out, *r)
		}
		return err
	})
	return out, p, err
}

// Credentials and sessions.

func newSalt() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// hashSecret is a salted SHA-256. The emulator holds test credentials, not
// real ones, so a slow password hash would only slow the test suite down.
func hashSecret(salt, secret string) string {
	h := sha256.Sum256([]byte(salt + "\x00" + secret))
	return hex.EncodeToString(h[:])
}

func secretMatches(salt, hash, secret string) bool {
	if hash == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(hashSecret(salt, secret)), []byte(hash)) == 1
}

func setPassword(ctx context.Context, q queryer, userID, password string) error {
	salt := newSalt()
	_, err := q.ExecContext(ctx, `UPDATE users SET password_salt = ?, password_hash = ? WHERE id = ?`, salt, hashSecret(salt, password), userID)
	return err
}
