package emulator

import (
	"context"
	"database/sql"
	"strings"

	"github.com/tsc-go/tsc"
)

// What the full field set (fields=_all_, or a named field outside the
// default set) adds to a page of a list, read for the page's items in one
// query per kind of value, never per item. Every value comes from the
// store: names from the users and projects tables, counts from the rows
// they count, times from the revisions.

// inList returns "?, ?, ?" for the distinct non-empty ids, and the ids as
// arguments. A page holds at most 1000 items, well within SQLite's limit
// on bound parameters.
func inList(ids []string) (string, []any) {
	seen := map[string]bool{}
	var args []any
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			args = append(args, id)
		}
	}
	if len(args) == 0 {
		return "NULL", nil
	}
	return strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", "), args
}

// queryMap runs query over the ids and calls scan for each row.
func (s *Store) queryMap(ctx context.Context, query string, ids []string, extra []any, scan func(*sql.Rows) error) error {
	in, args := inList(ids)
	if len(args) == 0 {
		return nil
	}
	rows, err := s.db.QueryContext(ctx, strings.ReplaceAll(query, "(?ids)", "("+in+")"), append(extra, args...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// usersByID returns the users with these ids as a reference to a user
// carries them: id, name, full name and email.
func (s *Store) usersByID(ctx context.Context, ids []string) (map[string]tsc.User, error) {
	out := map[string]tsc.User{}
	err := s.queryMap(ctx, `SELECT id, name, full_name, email FROM users WHERE id IN (?ids)`, ids, nil, func(rows *sql.Rows) error {
		var u tsc.User
		if err := rows.Scan(&u.ID, &u.Name, &u.FullName, &u.Email); err != nil {
			return err
		}
		out[u.ID] = u
		return nil
	})
	return out, err
}

// projectsByID returns the projects with these ids as a reference to a
// project carries them: id, name, description, parent, permissions mode.
func (s *Store) projectsByID(ctx context.Context, ids []string) (map[string]tsc.Project, error) {
	out := map[string]tsc.Project{}
	err := s.queryMap(ctx, `SELECT id, name, description, ifnull(parent_id, ''), content_permissions FROM projects WHERE id IN (?ids)`,
		ids, nil, func(rows *sql.Rows) error {
			var p tsc.Project
			if err := rows.Scan(&p.ID, &p.Name, &p.Description, &p.ParentProjectID, &p.ContentPermissions); err != nil {
				return err
			}
			out[p.ID] = p
			return nil
		})
	return out, err
}

// workbookSheets returns, per workbook, its number of views (sheetCount)
// and the id of its first one (defaultViewId: the sheet a workbook opens
// on, the first in the file).
func (s *Store) workbookSheets(ctx context.Context, ids []string) (map[string]int, map[string]string, error) {
	counts, first := map[string]int{}, map[string]string{}
	err := s.queryMap(ctx, `SELECT v.workbook_id, COUNT(*),
			(SELECT f.id FROM views f WHERE f.workbook_id = v.workbook_id ORDER BY f.position LIMIT 1)
		FROM views v WHERE v.workbook_id IN (?ids) GROUP BY v.workbook_id`, ids, nil, func(rows *sql.Rows) error {
		var id, firstID string
		var n int
		if err := rows.Scan(&id, &n, &firstID); err != nil {
			return err
		}
		counts[id], first[id] = n, firstID
		return nil
	})
	return counts, first, err
}

// workbookExtracts says, per workbook, whether it has extracts and
// whether they are encrypted.
func (s *Store) workbookExtracts(ctx context.Context, ids []string) (map[string][2]bool, error) {
	out := map[string][2]bool{}
	err := s.queryMap(ctx, `SELECT id, has_extracts, encrypt_extracts FROM workbooks WHERE id IN (?ids)`, ids, nil, func(rows *sql.Rows) error {
		var id string
		var has, enc bool
		if err := rows.Scan(&id, &has, &enc); err != nil {
			return err
		}
		out[id] = [2]bool{has, enc}
		return nil
	})
	return out, err
}

// lastPublished returns, per item, when its newest revision was published.
func (s *Store) lastPublished(ctx context.Context, contentType string, ids []string) (map[string]string, error) {
	out := map[string]string{}
	err := s.queryMap(ctx, `SELECT content_id, MAX(published_at) FROM revisions
		WHERE content_type = ? AND content_id IN (?ids) GROUP BY content_id`, ids, []any{contentType}, func(rows *sql.Rows) error {
		var id, at string
		if err := rows.Scan(&id, &at); err != nil {
			return err
		}
		out[id] = at
		return nil
	})
	return out, err
}

// projectCounts counts what each project holds directly: child projects,
// workbooks, the views of those workbooks, and data sources.
func (s *Store) projectCounts(ctx context.Context, ids []string) (map[string]tsc.ContentsCounts, error) {
	out := map[string]tsc.ContentsCounts{}
	for _, id := range ids {
		out[id] = tsc.ContentsCounts{ProjectCount: tsc.Int(0), WorkbookCount: tsc.Int(0), ViewCount: tsc.Int(0), DatasourceCount: tsc.Int(0)}
	}
	count := func(query string, field func(*tsc.ContentsCounts) *int) error {
		return s.queryMap(ctx, query, ids, nil, func(rows *sql.Rows) error {
			var id string
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				return err
			}
			c := out[id]
			*field(&c) = n
			out[id] = c
			return nil
		})
	}
	for _, q := range []struct {
		query string
		field func(*tsc.ContentsCounts) *int
	}{
		{`SELECT parent_id, COUNT(*) FROM projects WHERE parent_id IN (?ids) GROUP BY parent_id`,
			func(c *tsc.ContentsCounts) *int { c.ProjectCount = new(int); return c.ProjectCount }},
		{`SELECT project_id, COUNT(*) FROM workbooks WHERE project_id IN (?ids) GROUP BY project_id`,
			func(c *tsc.ContentsCounts) *int { c.WorkbookCount = new(int); return c.WorkbookCount }},
		{`SELECT w.project_id, COUNT(*) FROM views v JOIN workbooks w ON w.id = v.workbook_id WHERE w.project_id IN (?ids) GROUP BY w.project_id`,
			func(c *tsc.ContentsCounts) *int { c.ViewCount = new(int); return c.ViewCount }},
		{`SELECT project_id, COUNT(*) FROM datasources WHERE project_id IN (?ids) GROUP BY project_id`,
			func(c *tsc.ContentsCounts) *int { c.DatasourceCount = new(int); return c.DatasourceCount }},
	} {
		if err := count(q.query, q.field); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// groupUserCounts counts each group's members on the site: every site
// user for the All Users group, the group's own members otherwise.
func (s *Store) groupUserCounts(ctx context.Context, siteID string, ids []string) (map[string]int, error) {
	out := map[string]int{}
	err := s.queryMap(ctx, `SELECT g.id, CASE WHEN g.all_users THEN
			(SELECT COUNT(*) FROM site_users su WHERE su.site_id = g.site_id)
		ELSE
			(SELECT COUNT(*) FROM group_users gu JOIN site_users su ON su.user_id = gu.user_id AND su.site_id = g.site_id WHERE gu.group_id = g.id)
		END FROM groups g WHERE g.site_id = ? AND g.id IN (?ids)`, ids, []any{siteID}, func(rows *sql.Rows) error {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		out[id] = n
		return nil
	})
	return out, err
}
