package emulator

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	mrand "math/rand/v2"
)

// uploadRow is a file upload session.
type uploadRow struct {
	ID, SiteID, UserID, FileKey string
	Size                        int64
	Chunks                      int
	ExpiresMS                   int64
}

// newUploadID makes an id shaped like Tableau's, e.g.
// "7720:170fe6b1c1c7422dadff20f944d58a52-1:0".
func newUploadID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return fmt.Sprintf("%d:%s-1:0", 1000+mrand.IntN(9000), hex.EncodeToString(b))
}

// maxOpenUploads is how many upload sessions one user may have open (not
// expired, not yet published) at once. Tableau documents no such bound;
// ours: a client opens one session per file it publishes and closes it by
// publishing, so even a parallel publisher (tabcmd, tableauserverclient,
// this SDK) has a few open at once, while each open session pins a file
// on disk for the session lifetime (an hour after its last chunk).
const maxOpenUploads = 32

// errTooManyUploads is what createUpload returns at maxOpenUploads.
var errTooManyUploads = errors.New("too many open upload sessions")

// createUpload opens a session, unless the user has maxOpenUploads open at
// nowMS: the count and the insert are one statement, so that concurrent
// requests cannot pass the bound together.
func (s *Store) createUpload(ctx context.Context, siteID, userID, fileKey string, nowMS, expiresMS int64) (*uploadRow, error) {
	r := &uploadRow{ID: newUploadID(), SiteID: siteID, UserID: userID, FileKey: fileKey, ExpiresMS: expiresMS}
	res, err := s.db.ExecContext(ctx, `INSERT INTO upload_sessions (id, site_id, user_id, file_key, expires_ms)
		SELECT ?, ?, ?, ?, ? WHERE (SELECT count(*) FROM upload_sessions WHERE user_id = ? AND expires_ms > ?) < ?`,
		r.ID, siteID, userID, fileKey, expiresMS, userID, nowMS, maxOpenUploads)
	if err != nil {
		return nil, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return nil, err
	} else if n == 0 {
		return nil, errTooManyUploads
	}
	return r, nil
}

// upload returns a live session of the site; an expired one is gone.
func (s *Store) upload(ctx context.Context, siteID, id string, nowMS int64) (*uploadRow, error) {
	var r uploadRow
	err := s.db.QueryRowContext(ctx, `SELECT id, site_id, user_id, file_key, size_bytes, chunks, expires_ms FROM upload_sessions
		WHERE site_id = ? AND id = ?`, siteID, id).Scan(&r.ID, &r.SiteID, &r.UserID, &r.FileKey, &r.Size, &r.Chunks, &r.ExpiresMS)
	if isNoRows(err) || (err == nil && r.ExpiresMS <= nowMS) {
		return nil, uploadNotFound(id)
	}
	return &r, err
}

// touchUpload renews a session's lifetime, so that it cannot expire under
// a chunk being written.
func (s *Store) touchUpload(ctx context.Context, id string, expiresMS int64) error {
	_, err := s.db.ExecContext(ctx, `UPDATE upload_sessions SET expires_ms = max(expires_ms, ?) WHERE id = ?`, expiresMS, id)
	return err
}

func (s *Store) recordChunk(ctx context.Context, id string, size, expiresMS int64) error {
	_, err := s.db.ExecContext(ctx, `UPDATE upload_sessions SET size_bytes = ?, chunks = chunks + 1, expires_ms = ? WHERE id = ?`, size, expiresMS, id)
	return err
}

// endUpload forgets a session; the trigger hands its file (if still in the
// uploads folder) to the janitor.
func (s *Store) endUpload(ctx context.Context, id string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM upload_sessions WHERE id = ?`, id)
	return err
}

// expireUploads ends the sessions whose time is up, except busy ones.
func (s *Store) expireUploads(ctx context.Context, nowMS int64, busy func(id string) bool) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM upload_sessions WHERE expires_ms <= ?`, nowMS)
	if err != nil {
		return
	}
	var ids []string
	for rows.Next() {
		var id string
		if rows.Scan(&id) == nil {
			ids = append(ids, id)
		}
	}
	rows.Close()
	for _, id := range ids {
		if !busy(id) {
			s.db.ExecContext(ctx, `DELETE FROM upload_sessions WHERE id = ? AND expires_ms <= ?`, id, nowMS)
		}
	}
}
