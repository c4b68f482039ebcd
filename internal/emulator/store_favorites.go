package emulator

import (
	"context"
	"database/sql"
	"strings"

	"github.com/tsc-go/tsc"
)

// favoriteRow is one stored favorite. Position is a sort key: new
// favorites take the largest plus one, Organize Favorites renumbers the
// list; answers report each favorite's rank in the list.
type favoriteRow struct {
	Kind     tsc.FavoriteKind
	ID       string
	Label    string
	Position int
	AddedAt  string
}

// favorites lists a user's favorites on a site, in their order.
func (s *Store) favorites(ctx context.Context, q queryer, siteID, userID string) ([]favoriteRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT content_type, content_id, label, position, added_at FROM favorites
		WHERE site_id = ? AND user_id = ? ORDER BY position, added_at, content_type, content_id`, siteID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []favoriteRow
	for rows.Next() {
		var r favoriteRow
		if err := rows.Scan(&r.Kind, &r.ID, &r.Label, &r.Position, &r.AddedAt); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// addFavorite makes an item a favorite of the user, last in their list; an
// item that already is one keeps its place and takes the new label (Tableau:
// "If the label differs, the original favorite is overwritten").
func (s *Store) addFavorite(ctx context.Context, siteID, userID string, k tsc.FavoriteKind, id, label string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE favorites SET label = ? WHERE site_id = ? AND user_id = ? AND content_type = ? AND content_id = ?`,
			label, siteID, userID, string(k), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			return nil
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO favorites (site_id, user_id, content_type, content_id, label, position, added_at)
			VALUES (?, ?, ?, ?, ?, (SELECT ifnull(max(position) + 1, 0) FROM favorites WHERE site_id = ? AND user_id = ?), ?)`,
			siteID, userID, string(k), id, label, siteID, userID, s.nowString())
		return err
	})
}

// deleteFavorite removes an item from the user's favorites; false when it
// was not one. The others keep their order (positions are answered as
// ranks, so a gap changes nothing).
func (s *Store) deleteFavorite(ctx context.Context, siteID, userID string, k tsc.FavoriteKind, id string) (bool, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM favorites WHERE site_id = ? AND user_id = ? AND content_type = ? AND content_id = ?`,
		siteID, userID, string(k), id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// favoriteKey names one favorite of a user.
type favoriteKey struct {
	Kind tsc.FavoriteKind
	ID   string
}

// orderFavorites applies Organize Favorites' moves in turn: each favorite
// goes just after its anchor, and the list is numbered 0, 1, 2... again.
// A move naming something that is not a favorite of the user is that
// favorite's 404, and nothing changes.
func (s *Store) orderFavorites(ctx context.Context, siteID, userID string, moves [][2]favoriteKey, missing func(favoriteKey) error) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		rows, err := s.favorites(ctx, tx, siteID, userID)
		if err != nil {
			return err
		}
		list := make([]favoriteKey, len(rows))
		for i, r := range rows {
			list[i] = favoriteKey{r.Kind, r.ID}
		}
		index := func(k favoriteKey) int {
			for i, x := range list {
				if x == k {
					return i
				}
			}
			return -1
		}
		for _, m := range moves {
			from := index(m[0])
			if from < 0 {
				return missing(m[0])
			}
			if index(m[1]) < 0 {
				return missing(m[1])
			}
			if m[0] == m[1] {
				continue
			}
			list = append(list[:from], list[from+1:]...)
			to := index(m[1]) + 1
			list = append(list[:to], append([]favoriteKey{m[0]}, list[to:]...)...)
		}
		for i, k := range list {
			if _, err := tx.ExecContext(ctx, `UPDATE favorites SET position = ? WHERE site_id = ? AND user_id = ? AND content_type = ? AND content_id = ?`,
				i, siteID, userID, string(k.Kind), k.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// favoriteCounts is how many users have each of the items as a favorite
// (favoritesTotal), for one kind.
func (s *Store) favoriteCounts(ctx context.Context, k tsc.FavoriteKind, ids []string) (map[string]int, error) {
	out := make(map[string]int, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(ids)+1)
	args = append(args, string(k))
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT content_id, count(*) FROM favorites WHERE content_type = ? AND content_id IN (?`+
		strings.Repeat(",?", len(ids)-1)+`) GROUP BY content_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// favoritesTotals reads favoritesTotal for a page of items of one kind
// when fields= asks for it; the function it returns gives an item's count
// (nil when not asked, so that the attribute is left out).
func (s *Server) favoritesTotals(c *call, fs *fieldSet, k tsc.FavoriteKind, n int, id func(int) string) (func(string) *int, error) {
	if !fs.wants("favoritesTotal") {
		return func(string) *int { return nil }, nil
	}
	ids := make([]string, n)
	for i := range ids {
		ids[i] = id(i)
	}
	counts, err := s.store.favoriteCounts(c.ctx, k, ids)
	if err != nil {
		return nil, err
	}
	return func(id string) *int { return tsc.Int(counts[id]) }, nil
}
