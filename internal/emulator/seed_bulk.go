package emulator

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/tsc-go/tsc"
)

// Bulk seeding: large sites (100,000 users, tens of thousands of workbooks)
// for benchmarks and for reproducing what automation meets on a big server.
// Rows go in one transaction through prepared multi-row INSERTs, a few
// hundred rows per statement: per-statement cost, not per-row cost, is what
// makes row-at-a-time seeding slow.

// bulkRows is the rows of one multi-row INSERT: at most 5,000 parameters
// for our widest table, well under SQLite's limit (32766 since 3.32). Every
// table of a seed takes the same number, so that a parent's batch runs just
// before its children's (site_users' trigger reads the users rows).
const bulkRows = 500

// deferForeignKeys lets a bulk transaction insert children before their
// parents' batch has run: the keys are checked once, at commit.
func deferForeignKeys(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`)
	return err
}

// bulkInsert appends rows to one table with multi-row INSERTs: a statement
// for a full batch, prepared once, and one for the last, shorter batch.
type bulkInsert struct {
	ctx   context.Context
	tx    *sql.Tx
	head  string // "INSERT INTO t (a, b) VALUES "
	cols  int
	batch int
	full  *sql.Stmt
	args  []any
}

func newBulkInsert(ctx context.Context, tx *sql.Tx, table string, cols ...string) *bulkInsert {
	b := &bulkInsert{ctx: ctx, tx: tx, cols: len(cols), batch: bulkRows}
	b.head = "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	return b
}

func (b *bulkInsert) sql(rows int) string {
	one := "(" + placeholders(b.cols) + ")"
	var sb strings.Builder
	sb.Grow(len(b.head) + rows*(len(one)+2))
	sb.WriteString(b.head)
	for i := range rows {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(one)
	}
	return sb.String()
}

// add queues one row (len(vals) == cols) and runs a full batch.
func (b *bulkInsert) add(vals ...any) error {
	b.args = append(b.args, vals...)
	if len(b.args) < b.batch*b.cols {
		return nil
	}
	if b.full == nil {
		st, err := b.tx.PrepareContext(b.ctx, b.sql(b.batch))
		if err != nil {
			return err
		}
		b.full = st
	}
	_, err := b.full.ExecContext(b.ctx, b.args...)
	b.args = b.args[:0]
	return err
}

// flush inserts the rows still queued and releases the statement.
func (b *bulkInsert) flush() error {
	if b.full != nil {
		defer b.full.Close()
	}
	if len(b.args) == 0 {
		return nil
	}
	_, err := b.tx.ExecContext(b.ctx, b.sql(len(b.args)/b.cols), b.args...)
	b.args = b.args[:0]
	return err
}

// bulkID is a time-ordered (version 7) UUID: ids that ascend as rows are
// added go to the end of every index on them, instead of all over it as
// random ids would, which halves the cost of seeding. They are as opaque
// to clients as Tableau's own ids.
func bulkID() string { return uuid.Must(uuid.NewV7()).String() }

// bulkRole spreads site roles as a large site has them: one user in 50 a
// Creator, one in 5 an Explorer, the rest Viewers.
func bulkRole(i int) tsc.SiteRole {
	switch {
	case i%50 == 0:
		return tsc.SiteRoleCreator
	case i%5 == 0:
		return tsc.SiteRoleExplorer
	}
	return tsc.SiteRoleViewer
}

// nextBulkNumber is the number after the highest of the names prefix+digits
// already in table (within the scope), so that seeding twice adds new
// names instead of failing on the first.
func nextBulkNumber(ctx context.Context, tx *sql.Tx, table, scope, prefix string, args ...any) (int, error) {
	var n sql.NullInt64
	q := fmt.Sprintf(`SELECT max(CAST(substr(name, %d) AS INTEGER)) FROM %s WHERE %s name GLOB '%s[0-9]*'`,
		len(prefix)+1, table, scope, prefix)
	if err := tx.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, err
	}
	return int(n.Int64) + 1, nil
}

// SeedBulkUsers adds n users to the site with the content URL in one
// transaction: user000001, user000002, ... (numbering goes on from the
// highest such name already on the server), full name "User 000001",
// email user000001@example.com, site roles mixed as on a large site (one
// in 50 Creator, one in 5 Explorer, the rest Viewer), all members of the
// site's All Users group. They have no password; NewSession signs them in.
// 100,000 users take a few seconds.
func (s *Server) SeedBulkUsers(ctx context.Context, siteContentURL string, n int) error {
	if n <= 0 {
		return nil
	}
	siteID, err := s.siteIDFor(ctx, siteContentURL)
	if err != nil {
		return err
	}
	st := s.store
	return st.tx(ctx, func(tx *sql.Tx) error {
		if err := deferForeignKeys(ctx, tx); err != nil {
			return err
		}
		now := st.nowString()
		var allUsers string
		if err := tx.QueryRowContext(ctx, `SELECT id FROM groups WHERE site_id = ? AND all_users = 1`, siteID).Scan(&allUsers); err != nil {
			return err
		}
		first, err := nextBulkNumber(ctx, tx, "users", "", "user")
		if err != nil {
			return err
		}
		users := newBulkInsert(ctx, tx, "users", "id", "name", "full_name", "email", "created_at")
		// site_users rows carry copies of the user's names, which a trigger
		// fills in row by row (migration 0003). The rows here are written
		// with their names, so the trigger is set aside for the transaction
		// and put back, as it was, before it commits: that halves the cost.
		var trig string
		err = tx.QueryRowContext(ctx, `SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'site_users_copy_names'`).Scan(&trig)
		switch {
		case isNoRows(err):
		case err != nil:
			return err
		default:
			if _, err := tx.ExecContext(ctx, `DROP TRIGGER site_users_copy_names`); err != nil {
				return err
			}
		}
		siteUsers := newBulkInsert(ctx, tx, "site_users", "site_id", "user_id", "site_role", "created_at", "name", "full_name", "email")
		members := newBulkInsert(ctx, tx, "group_users", "group_id", "user_id", "added_at")
		for i := first; i < first+n; i++ {
			id := bulkID()
			num := fmt.Sprintf("%06d", i)
			if err := users.add(id, "user"+num, "User "+num, "user"+num+"@example.com", now); err != nil {
				return fmt.Errorf("emulator: seeding users: %w", err)
			}
			if err := siteUsers.add(siteID, id, string(bulkRole(i)), now, "user"+num, "User "+num, "user"+num+"@example.com"); err != nil {
				return fmt.Errorf("emulator: seeding users: %w", err)
			}
			if err := members.add(allUsers, id, now); err != nil {
				return fmt.Errorf("emulator: seeding users: %w", err)
			}
		}
		for _, b := range []*bulkInsert{users, siteUsers, members} {
			if err := b.flush(); err != nil {
				return fmt.Errorf("emulator: seeding users: %w", err)
			}
		}
		if trig != "" {
			if _, err := tx.ExecContext(ctx, trig); err != nil {
				return err
			}
		}
		return nil
	})
}

// SeedBulkWorkbooks adds n workbooks (metadata, no file) to a project of
// the site in one transaction: workbook000001, ... (numbering goes on from
// the highest such name on the site), each with viewsPer views ("Sheet 1",
// ...) and connsPer connections (postgres at db<k>.example.com:5432).
// projectID "" means the site's Default project. Owners rotate among the
// site's first 1,000 users, so that owner filters and joins see a spread.
// 20,000 workbooks with 5 views and 2 connections each take a few seconds.
func (s *Server) SeedBulkWorkbooks(ctx context.Context, siteContentURL, projectID string, n, viewsPer, connsPer int) error {
	if n <= 0 {
		return nil
	}
	if viewsPer < 0 || connsPer < 0 {
		return fmt.Errorf("emulator: negative views (%d) or connections (%d) per workbook", viewsPer, connsPer)
	}
	siteID, err := s.siteIDFor(ctx, siteContentURL)
	if err != nil {
		return err
	}
	st := s.store
	return st.tx(ctx, func(tx *sql.Tx) error {
		if projectID == "" {
			if err := tx.QueryRowContext(ctx, `SELECT id FROM projects WHERE site_id = ? AND is_default = 1`, siteID).Scan(&projectID); err != nil {
				return fmt.Errorf("emulator: the site has no Default project: %w", err)
			}
		} else if _, err := st.project(ctx, tx, siteID, projectID); err != nil {
			return err
		}
		var owners []string
		rows, err := tx.QueryContext(ctx, `SELECT user_id FROM site_users WHERE site_id = ? ORDER BY rowid LIMIT 1000`, siteID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			owners = append(owners, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(owners) == 0 {
			return fmt.Errorf("emulator: the site has no users to own workbooks")
		}
		first, err := nextBulkNumber(ctx, tx, "workbooks", "site_id = ? AND", "workbook", siteID)
		if err != nil {
			return err
		}
		var lastRowid int64
		if err := tx.QueryRowContext(ctx, `SELECT ifnull(max(rowid), 0) FROM workbooks`).Scan(&lastRowid); err != nil {
			return err
		}
		if err := deferForeignKeys(ctx, tx); err != nil {
			return err
		}
		now := st.nowString()
		wbs := newBulkInsert(ctx, tx, "workbooks", "id", "site_id", "project_id", "owner_id", "name", "content_url",
			"file_type", "created_at", "updated_at")
		views := newBulkInsert(ctx, tx, "views", "id", "site_id", "workbook_id", "name", "url_name", "sheet_type",
			"position", "created_at", "updated_at")
		conns := newBulkInsert(ctx, tx, "connections", "id", "site_id", "workbook_id", "position", "type",
			"server_address", "server_port", "user_name", "ds_id", "ds_name")
		for i := first; i < first+n; i++ {
			id := bulkID()
			name := fmt.Sprintf("workbook%06d", i)
			if err := wbs.add(id, siteID, projectID, owners[i%len(owners)], name, name, "twbx", now, now); err != nil {
				return fmt.Errorf("emulator: seeding workbooks: %w", err)
			}
			for v := range viewsPer {
				if err := views.add(bulkID(), siteID, id, fmt.Sprintf("Sheet %d", v+1), fmt.Sprintf("Sheet%d", v+1),
					"worksheet", v, now, now); err != nil {
					return fmt.Errorf("emulator: seeding views: %w", err)
				}
			}
			for c := range connsPer {
				if err := conns.add(bulkID(), siteID, id, c, "postgres", fmt.Sprintf("db%d.example.com", c+1), "5432",
					"reader", bulkID(), fmt.Sprintf("Data Source %d", c+1)); err != nil {
					return fmt.Errorf("emulator: seeding connections: %w", err)
				}
			}
		}
		for _, b := range []*bulkInsert{wbs, views, conns} {
			if err := b.flush(); err != nil {
				return fmt.Errorf("emulator: seeding workbooks: %w", err)
			}
		}
		// The new workbooks and views take the project's defaults, as
		// published ones do.
		return inheritContentRules(ctx, tx, tsc.PermWorkbook, "workbooks", `SELECT id FROM workbooks WHERE rowid > ?`, lastRowid)
	})
}
