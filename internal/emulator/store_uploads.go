package emulator

import (
	"context"
	"crypto/rand"
	"encoding/hex"
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

func (s *Store) createUpload(ctx context.Context, siteID, userID, fileKey string, expiresMS int64) (*uploadRow, error) {
	r := &uploadRow{ID: newUploadID(), SiteID: siteID, UserID: userID, FileKey: fileKey, ExpiresMS: expiresMS}
	_, err := s.db.ExecContext(ctx, `INSERT INTO upload_sessions (id, site_id, user_id, file_key, expires_ms) VALUES (?, ?, ?, ?, ?)`,
		r.ID, siteID, userID, fileKey, expiresMS)
	return r, err
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
