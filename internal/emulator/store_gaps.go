package emulator

import (
	"context"
	"database/sql"
)

// taggedItem is one item of a tag batch: its tags.content_type and id.
type taggedItem struct {
	contentType, id string
}

// batchTags adds the labels to every item (add), or removes them from
// every item, in one transaction: the whole batch lands or none of it.
// Removing a label an item does not have is no error (the batch is about
// the labels' absence afterwards).
func (s *Store) batchTags(ctx context.Context, siteID string, items []taggedItem, labels []string, add bool) error {
	if err := checkTags(labels); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, it := range items {
			for _, l := range labels {
				var err error
				if add {
					_, err = tx.ExecContext(ctx, `INSERT OR IGNORE INTO tags (site_id, content_type, content_id, label) VALUES (?, ?, ?, ?)`,
						siteID, it.contentType, it.id, l)
				} else {
					_, err = tx.ExecContext(ctx, `DELETE FROM tags WHERE site_id = ? AND content_type = ? AND content_id = ? AND label = ?`,
						siteID, it.contentType, it.id, l)
				}
				if err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// deleteView removes a view; a workbook left without views goes too, as
// Tableau's Delete View does ("If you delete the only view in a workbook,
// the workbook is deleted"). It reports whether the workbook went.
func (s *Store) deleteView(ctx context.Context, siteID, id string) (bool, error) {
	gone := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var wb string
		err := tx.QueryRowContext(ctx, `SELECT workbook_id FROM views WHERE site_id = ? AND id = ?`, siteID, id).Scan(&wb)
		if isNoRows(err) {
			return viewNotFound(id)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM views WHERE id = ?`, id); err != nil {
			return err
		}
		var left int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM views WHERE workbook_id = ?`, wb).Scan(&left); err != nil {
			return err
		}
		if left == 0 {
			gone = true
			_, err = tx.ExecContext(ctx, `DELETE FROM workbooks WHERE id = ?`, wb)
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE workbooks SET updated_at = ? WHERE id = ?`, s.nowString(), wb)
		return err
	})
	return gone, err
}

// revokeServerAdminTokens removes every personal access token of a server
// administrator, and ends the sessions signed in with them: the token no
// longer signs in, and what it opened is closed. It returns how many
// tokens went.
func (s *Store) revokeServerAdminTokens(ctx context.Context) (int, error) {
	n := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT p.name FROM personal_access_tokens p JOIN users u ON u.id = p.user_id WHERE u.server_admin`)
		if err != nil {
			return err
		}
		var names []string
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				rows.Close()
				return err
			}
			names = append(names, name)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, name := range names {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE pat_name = ?`, name); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM personal_access_tokens WHERE name = ?`, name); err != nil {
				return err
			}
		}
		n = len(names)
		return nil
	})
	return n, err
}
