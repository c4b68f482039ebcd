package emulator

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"
)

// session is a signed-in session: the user acts on one site until expiry.
type session struct {
	TokenHash string
	User      *userRow
	// ActorID is the server administrator impersonating User, or "".
	ActorID string
	// PATName is the personal access token the session was signed in
	// with, or "": on Tableau Cloud a new sign-in with it ends the session.
	PATName   string
	ExpiresAt time.Time
}

// newToken returns 32 random bytes, URL-safe base64: long enough that it
// cannot be guessed, and safe in a header.
func newToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// tokenHash is how sessions are keyed: a stolen database holds no usable token,
// and a lookup by hash compares no secret byte by byte.
func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// createSession signs the user in to the site and records the sign-in time.
// patName is the personal access token signed in with ("" for none): on
// Tableau Cloud the token's other sessions end, as Cloud ends them.
func (s *Store) createSession(ctx context.Context, userID, siteID, actorID, patName string, lifetime time.Duration) (string, *session, error) {
	token := newToken()
	now := s.now()
	exp := now.Add(lifetime)
	sess := &session{TokenHash: tokenHash(token), ActorID: actorID, PATName: patName, ExpiresAt: exp}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		// Expired sessions are dropped as new ones are made, so the table stays small.
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, now.Format(timeFormat)); err != nil {
			return err
		}
		if patName != "" && s.cloud {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE pat_name = ?`, patName); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, site_id, actor_id, pat_name, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
			sess.TokenHash, userID, siteID, actorID, patName, exp.UTC().Format(time.RFC3339Nano)); err != nil {
			return err
		}
		if patName != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE personal_access_tokens SET last_used_at = ? WHERE name = ?`, s.nowString(), patName); err != nil {
				return err
			}
		}
		if actorID == "" {
			if _, err := tx.ExecContext(ctx, `UPDATE site_users SET last_login = ? WHERE site_id = ? AND user_id = ?`,
				s.nowString(), siteID, userID); err != nil {
				return err
			}
		}
		u, err := s.siteUser(ctx, tx, siteID, userID)
		sess.User = u
		return err
	})
	if err != nil {
		return "", nil, err
	}
	return token, sess, nil
}

// sessionFor returns the live session of a token, or nil when the token is
// unknown or expired.
func (s *Store) sessionFor(ctx context.Context, token string) (*session, error) {
	if token == "" {
		return nil, nil
	}
	h := tokenHash(token)
	var userID, siteID, actor, pat, exp string
	err := s.db.QueryRowContext(ctx, `SELECT user_id, site_id, actor_id, pat_name, expires_at FROM sessions WHERE token_hash = ?`, h).
		Scan(&userID, &siteID, &actor, &pat, &exp)
	if isNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	t, err := time.Parse(time.RFC3339Nano, exp)
	if err != nil || !s.now().Before(t) {
		return nil, nil
	}
	u, err := s.siteUser(ctx, s.db, siteID, userID)
	if err != nil {
		// The user left the site since: the session is gone with them.
		return nil, nil
	}
	return &session{TokenHash: h, User: u, ActorID: actor, PATName: pat, ExpiresAt: t}, nil
}

func (s *Store) deleteSession(ctx context.Context, hash string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hash)
		return err
	})
}

// checkPassword returns the id of the local user with that name and password.
func (s *Store) checkPassword(ctx context.Context, name, password string) (string, bool, error) {
	var id, salt, hash string
	// "domain\name" names a directory user (store_directory.go).
	domain := "local"
	if i := strings.Index(name, `\`); i > 0 {
		domain, name = name[:i], name[i+1:]
	}
	err := s.db.QueryRowContext(ctx, `SELECT id, password_salt, password_hash FROM users WHERE name = ? COLLATE NOCASE AND domain_name = ? COLLATE NOCASE`, name, domain).
		Scan(&id, &salt, &hash)
	if isNoRows(err) {
		// Compare anyway, so that unknown names take as long as wrong passwords.
		secretMatches(newSalt(), hashSecret("", ""), password)
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	return id, secretMatches(salt, hash, password), nil
}

// checkPAT returns the id of the user owning the personal access token.
// On Tableau Cloud a token unused for patIdleLimit has expired: it is
// removed, and does not sign in.
func (s *Store) checkPAT(ctx context.Context, name, secret string) (string, bool, error) {
	var userID, hash, created, used string
	err := s.db.QueryRowContext(ctx, `SELECT user_id, secret_hash, created_at, last_used_at FROM personal_access_tokens WHERE name = ?`, name).
		Scan(&userID, &hash, &created, &used)
	if isNoRows(err) {
		secretMatches(name, hashSecret("", ""), secret)
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	if !secretMatches(name, hash, secret) {
		return "", false, nil
	}
	if s.cloud && s.patIdle(created, used) {
		err := s.tx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `DELETE FROM personal_access_tokens WHERE name = ?`, name)
			return err
		})
		return "", false, err
	}
	return userID, true, nil
}

// patIdle reports whether a token last used at used (or, never used,
// created at created) has been idle for patIdleLimit.
func (s *Store) patIdle(created, used string) bool {
	last := used
	if last == "" {
		last = created
	}
	t, err := time.Parse(timeFormat, last)
	if err != nil {
		// An unreadable time is no reason to lock a token out.
		return false
	}
	return !s.now().Before(t.Add(patIdleLimit))
}

// putPAT creates or replaces a personal access token of a user.
func (s *Store) putPAT(ctx context.Context, userID, name, secret string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO personal_access_tokens (name, user_id, secret_hash, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET user_id = excluded.user_id, secret_hash = excluded.secret_hash,
				created_at = excluded.created_at, last_used_at = ''`,
			name, userID, hashSecret(name, secret), s.nowString())
		return err
	})
}

// userIDByName finds a server user by name.
func (s *Store) userIDByName(ctx context.Context, name string) (string, error) {
	var id string
	err := s.db.QueryRowContext(ctx, `SELECT id FROM users WHERE name = ? COLLATE NOCASE AND domain_name = 'local'`, name).Scan(&id)
	if isNoRows(err) {
		return "", userNotFound(name)
	}
	return id, err
}

// isServerAdmin reports whether the user id is a server administrator.
func (s *Store) isServerAdmin(ctx context.Context, userID string) (bool, error) {
	var admin bool
	err := s.db.QueryRowContext(ctx, `SELECT server_admin FROM users WHERE id = ?`, userID).Scan(&admin)
	if isNoRows(err) {
		return false, nil
	}
	return admin, err
}
