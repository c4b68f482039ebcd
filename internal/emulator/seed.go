package emulator

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/tsc-go/tsc"
)

// Admin is the administrator every emulated server has, with a password and
// a personal access token: on Tableau Server a server administrator, on
// Tableau Cloud (which has none) the site administrator of Site.
type Admin struct {
	Name        string
	Password    string
	TokenName   string
	TokenSecret string
	// Site is the content URL of the Cloud site the administrator
	// administers ("" means DefaultCloudSite); Tableau Server ignores it:
	// its administrator belongs to every site.
	Site string
}

// Bootstrap makes sure the server has the administrator, with the given
// password and token, and their site: on Tableau Server the Default site
// (content URL ""), on Tableau Cloud the site a.Site. It is idempotent, so
// a server restarted on its data directory keeps its state and takes the
// credentials it is given now.
func (s *Server) Bootstrap(ctx context.Context, a Admin) error {
	if a.Name == "" || a.Password == "" {
		return errors.New("emulator: the administrator needs a name and a password")
	}
	if s.cfg.Cloud && a.Site == "" {
		a.Site = DefaultCloudSite
	}
	st := s.store
	err := st.tx(ctx, func(tx *sql.Tx) error {
		if s.cfg.Cloud {
			if err := s.bootstrapCloud(ctx, tx, a); err != nil {
				return err
			}
			return s.bootstrapToken(ctx, tx, a)
		}
		var id string
		err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE name = ? COLLATE NOCASE AND domain_name = 'local'`, a.Name).Scan(&id)
		if isNoRows(err) {
			id = uuid.NewString()
			_, err = tx.ExecContext(ctx, `INSERT INTO users (id, name, full_name, created_at) VALUES (?, ?, ?, ?)`,
				id, a.Name, "Server Administrator", st.nowString())
		}
		if err != nil {
			return err
		}
		if err := setPassword(ctx, tx, id, a.Password); err != nil {
			return err
		}
		if err := st.makeServerAdmin(ctx, tx, id); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sites WHERE content_url = ''`).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			row := &siteRow{ID: uuid.NewString(), Name: "Default", ContentURL: "", Settings: defaultSiteSettings()}
			if err := st.insertSite(ctx, tx, row, id); err != nil {
				return err
			}
		}
		return s.bootstrapToken(ctx, tx, a)
	})
	if err != nil {
		return fmt.Errorf("emulator: bootstrap: %w", err)
	}
	s.admin = a
	return nil
}

// bootstrapToken gives the administrator a.TokenName, a new token each
// start: its idle time starts again.
func (s *Server) bootstrapToken(ctx context.Context, tx *sql.Tx, a Admin) error {
	if a.TokenName == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO personal_access_tokens (name, user_id, secret_hash, created_at)
		SELECT ?, id, ?, ? FROM users WHERE name = ? COLLATE NOCASE AND domain_name = 'local'
		ON CONFLICT (name) DO UPDATE SET user_id = excluded.user_id, secret_hash = excluded.secret_hash,
			created_at = excluded.created_at, last_used_at = ''`,
		a.TokenName, hashSecret(a.TokenName, a.TokenSecret), s.store.nowString(), a.Name)
	return err
}

// Reset empties the server and bootstraps it again with a.
func (s *Server) Reset(ctx context.Context, a Admin) error {
	if err := s.store.Reset(ctx); err != nil {
		return fmt.Errorf("emulator: reset: %w", err)
	}
	return s.Bootstrap(ctx, a)
}

// siteIDFor resolves a content URL to a site id, for seeding and control.
// There "" names the administrator's site: the Default site on Tableau
// Server, the Cloud site on Tableau Cloud (which has no site with an empty
// content URL), so that fixtures written for one flavour seed the other.
// Requests on the wire never get this: a Cloud sign-in to "" is refused.
func (s *Server) siteIDFor(ctx context.Context, contentURL string) (string, error) {
	if contentURL == "" {
		contentURL = s.AdminSite()
	}
	row, err := s.store.siteBy(ctx, s.store.db, "contentUrl", contentURL)
	if err != nil {
		return "", fmt.Errorf("emulator: no site with content URL %q", contentURL)
	}
	return row.ID, nil
}

// adminID returns the id of the first server administrator (on Tableau
// Cloud, of the bootstrapped site administrator): the default owner of
// seeded content.
func (s *Server) adminID(ctx context.Context) (string, error) {
	var id string
	if s.cfg.Cloud {
		err := s.store.db.QueryRowContext(ctx, `SELECT id FROM users WHERE name = ? COLLATE NOCASE AND domain_name = 'local'`, s.admin.Name).Scan(&id)
		return id, err
	}
	err := s.store.db.QueryRowContext(ctx, `SELECT id FROM users WHERE server_admin = 1 ORDER BY rowid LIMIT 1`).Scan(&id)
	return id, err
}

// AdminSite is the content URL of the administrator's site: "" (the
// Default site) on Tableau Server, the Cloud site on Tableau Cloud.
func (s *Server) AdminSite() string {
	if s.cfg.Cloud {
		return s.admin.Site
	}
	return ""
}

// SeedSite creates a site directly, as a server administrator would.
func (s *Server) SeedSite(ctx context.Context, site tsc.Site) (*tsc.Site, error) {
	admin, err := s.adminID(ctx)
	if err != nil {
		return nil, err
	}
	if site.Name == "" {
		site.Name = site.ContentURL
	}
	row, err := s.store.createSite(ctx, site, admin)
	if err != nil {
		return nil, err
	}
	return renderSite(row), nil
}

// SeedUser adds a user to the site with the content URL; a non-empty
// password lets the user sign in.
func (s *Server) SeedUser(ctx context.Context, siteContentURL, name string, role tsc.SiteRole, password string) (*tsc.User, error) {
	siteID, err := s.siteIDFor(ctx, siteContentURL)
	if err != nil {
		return nil, err
	}
	row, err := s.store.addUser(ctx, siteID, name, role, "")
	if err != nil {
		return nil, err
	}
	if password != "" {
		if err := s.store.tx(ctx, func(tx *sql.Tx) error { return setPassword(ctx, tx, row.ID, password) }); err != nil {
			return nil, err
		}
	}
	u := renderUser(row)
	return &u, nil
}

// SeedUsers adds many users to a site in one transaction, for tests of large
// lists; names must be new to the server.
func (s *Server) SeedUsers(ctx context.Context, siteContentURL string, names []string, role tsc.SiteRole) error {
	siteID, err := s.siteIDFor(ctx, siteContentURL)
	if err != nil {
		return err
	}
	if err := s.store.checkRole(role); err != nil {
		return err
	}
	for _, n := range names {
		if err := checkLen("user name", n, maxNameChars); err != nil {
			return err
		}
	}
	st := s.store
	return st.tx(ctx, func(tx *sql.Tx) error {
		now := st.nowString()
		var allUsers string
		if err := tx.QueryRowContext(ctx, `SELECT id FROM groups WHERE site_id = ? AND all_users = 1`, siteID).Scan(&allUsers); err != nil {
			return err
		}
		insU, err := tx.PrepareContext(ctx, `INSERT INTO users (id, name, full_name, email, created_at) VALUES (?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insU.Close()
		insS, err := tx.PrepareContext(ctx, `INSERT INTO site_users (site_id, user_id, site_role, created_at) VALUES (?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insS.Close()
		insG, err := tx.PrepareContext(ctx, `INSERT INTO group_users (group_id, user_id, added_at) VALUES (?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insG.Close()
		for _, n := range names {
			id := uuid.NewString()
			if _, err := insU.ExecContext(ctx, id, n, strings.ToUpper(n[:1])+n[1:], n+"@example.com", now); err != nil {
				return fmt.Errorf("user %q: %w", n, err)
			}
			if _, err := insS.ExecContext(ctx, siteID, id, string(role), now); err != nil {
				return err
			}
			if _, err := insG.ExecContext(ctx, allUsers, id, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// SetUserDetails sets a user's full name and email directly.
func (s *Server) SetUserDetails(ctx context.Context, siteContentURL, userID, fullName, email string) error {
	siteID, err := s.siteIDFor(ctx, siteContentURL)
	if err != nil {
		return err
	}
	_, err = s.store.updateUser(ctx, siteID, userID, userUpdate{FullName: fullName, Email: email})
	return err
}

// SeedGroup creates a local group with the given members.
func (s *Server) SeedGroup(ctx context.Context, siteContentURL, name string, memberIDs ...string) (*tsc.Group, error) {
	siteID, err := s.siteIDFor(ctx, siteContentURL)
	if err != nil {
		return nil, err
	}
	row, err := s.store.createGroup(ctx, siteID, name, "")
	if err != nil {
		return nil, err
	}
	if len(memberIDs) > 0 {
		if _, err := s.store.addGroupUsers(ctx, siteID, row.ID, memberIDs, true); err != nil {
			return nil, err
		}
	}
	g := renderGroup(row)
	return &g, nil
}

// SeedProject creates a project; parentID "" makes it top-level and ownerID
// "" gives it to the server administrator.
func (s *Server) SeedProject(ctx context.Context, siteContentURL, name, parentID, ownerID string) (*tsc.Project, error) {
	siteID, err := s.siteIDFor(ctx, siteContentURL)
	if err != nil {
		return nil, err
	}
	if ownerID == "" {
		if ownerID, err = s.adminID(ctx); err != nil {
			return nil, err
		}
	}
	row, err := s.store.createProject(ctx, siteID, projectInput{Name: name, ParentID: &parentID, OwnerID: ownerID},
		func(*projectRow) error { return nil })
	if err != nil {
		return nil, err
	}
	p := renderProject(row)
	return &p, nil
}

// SeedWorkbook records a workbook (metadata only, no file) in a project.
func (s *Server) SeedWorkbook(ctx context.Context, siteContentURL, projectID, ownerID, name string, tags ...string) (*tsc.Workbook, error) {
	siteID, err := s.siteIDFor(ctx, siteContentURL)
	if err != nil {
		return nil, err
	}
	if err := firstErr(checkLen("workbook name", name, maxNameChars), checkTags(tags)); err != nil {
		return nil, err
	}
	if ownerID == "" {
		if ownerID, err = s.adminID(ctx); err != nil {
			return nil, err
		}
	}
	row, err := s.store.insertWorkbook(ctx, workbookRow{SiteID: siteID, ProjectID: projectID, OwnerID: ownerID, Name: name, Tags: tags})
	if err != nil {
		return nil, err
	}
	p, err := s.store.project(ctx, s.store.db, siteID, projectID)
	if err != nil {
		return nil, err
	}
	row.ProjectName = p.Name
	w := renderWorkbook(row)
	return &w, nil
}

// SeedPersonalAccessToken gives a user a personal access token.
func (s *Server) SeedPersonalAccessToken(ctx context.Context, userID, name, secret string) error {
	if name == "" || secret == "" {
		return errors.New("emulator: a personal access token needs a name and a secret")
	}
	return s.store.putPAT(ctx, userID, name, secret)
}

// NewSession signs a user in to a site without credentials, for tests that
// act as a given user; it returns the token and the site's id.
func (s *Server) NewSession(ctx context.Context, siteContentURL, userName string) (token, siteID, userID string, err error) {
	siteID, err = s.siteIDFor(ctx, siteContentURL)
	if err != nil {
		return "", "", "", err
	}
	u, err := s.store.siteUserByName(ctx, s.store.db, siteID, userName)
	if err != nil {
		return "", "", "", fmt.Errorf("emulator: %w", err)
	}
	token, _, err = s.store.createSession(ctx, u.ID, siteID, "", "", s.cfg.SessionLifetime)
	return token, siteID, u.ID, err
}

// SetPassword sets a user's password.
func (s *Server) SetPassword(ctx context.Context, userID, password string) error {
	if password == "" {
		return errors.New("emulator: empty password")
	}
	return s.store.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_salt = '', password_hash = '' WHERE id = ?`, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("emulator: no user %s", userID)
		}
		return setPassword(ctx, tx, userID, password)
	})
}
