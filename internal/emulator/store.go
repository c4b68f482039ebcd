package emulator

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is the emulator's state: one SQLite database. Every write runs in a
// transaction, so concurrent requests see each other's changes whole or not
// at all.
type Store struct {
	db *sql.DB
	// now is the clock; tests replace it to expire sessions without sleeping.
	now func() time.Time
	// cloud is the Tableau Cloud flavour (Config.Cloud): site roles and
	// personal access token sessions follow Cloud's rules (cloud.go).
	cloud bool
	// traceList, when set (by tests), sees every count and page query the
	// list runner sends, as sent: TestListQueriesUseIndexes explains the
	// SQL the store builds rather than a copy of it.
	traceList func(query string, args []any)
}

// dbFile is the database's name inside a data directory.
const dbFile = "tableau.db"

// OpenStore opens the database in dir, creating it, or a private in-memory
// database when dir is empty, and brings its schema up to date.
func OpenStore(dir string) (*Store, error) {
	var dsn string
	if dir == "" {
		// Each database/sql connection to a plain ":memory:" is a database of
		// its own; a named shared-cache database is one database for all of them.
		b := make([]byte, 8)
		rand.Read(b)
		dsn = "file:emu" + hex.EncodeToString(b) + "?mode=memory&cache=shared&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_txlock=immediate"
	} else {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("emulator: creating the data directory: %w", err)
		}
		dsn = "file:" + filepath.ToSlash(filepath.Join(dir, dbFile)) +
			"?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("emulator: opening the database: %w", err)
	}
	if dir == "" {
		// Shared-cache memory databases lock whole tables; one connection
		// serialises access instead of failing with SQLITE_LOCKED under load,
		// and is plenty fast for an in-process test server.
		db.SetMaxOpenConns(1)
	} else {
		db.SetMaxOpenConns(8)
	}
	// A memory database lives as long as one connection to it does.
	db.SetConnMaxIdleTime(0)
	db.SetConnMaxLifetime(0)
	s := &Store{db: db, now: func() time.Time { return time.Now().UTC() }}
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database; an in-memory database is gone after it.
func (s *Store) Close() error { return s.db.Close() }

// migrate applies, in order, every embedded migration not yet recorded in
// schema_migrations, each in its own transaction.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("emulator: creating schema_migrations: %w", err)
	}
	migs, err := loadMigrations()
	if err != nil {
		return err
	}
	for _, m := range migs {
		err := s.tx(ctx, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("applying migration %s: %w", m.name, err)
			}
			if after := afterMigration[m.version]; after != nil {
				if err := after(ctx, tx); err != nil {
					return fmt.Errorf("completing migration %s: %w", m.name, err)
				}
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				m.version, m.name, s.nowString())
			return err
		})
		if err != nil {
			return fmt.Errorf("emulator: %w", err)
		}
	}
	return nil
}

// afterMigration holds, by version, the Go a migration needs beyond its SQL
// (filling a new table from data the SQL cannot compute), run in the
// migration's transaction.
var afterMigration = map[int]func(context.Context, *sql.Tx) error{
	5: backfillPermissions,
}

type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads migrations/NNNN_name.sql, sorted by NNNN.
func loadMigrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		name := e.Name()
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(name, ".sql") {
			return nil, fmt.Errorf("emulator: migration %q is not named NNNN_name.sql", name)
		}
		b, err := migrationFiles.ReadFile("migrations/" + name)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("emulator: two migrations numbered %d", out[i].version)
		}
	}
	return out, nil
}

// tx runs fn in a transaction, committing if it returns nil. Inside fn use
// only tx, never s.db: the in-memory store has a single connection, which
// the transaction holds, so a query on s.db would wait for it forever.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Reset empties every table but the migration record, as a fresh server.
func (s *Store) Reset(ctx context.Context) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		// Children first, so that foreign keys hold at every step.
		for _, t := range []string{"outbox", "webhook_deliveries", "schedules", "sessions", "personal_access_tokens", "tags", "workbooks", "group_users",
			"groups", "projects", "site_users", "users", "sites"} {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
				return err
			}
		}
		return nil
	})
}

const timeFormat = time.RFC3339

func (s *Store) nowString() string { return s.now().UTC().Truncate(time.Second).Format(timeFormat) }

// queryer is what both *sql.DB and *sql.Tx offer for reads.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// isUniqueViolation reports whether err is SQLite's UNIQUE constraint failure,
// which the store turns into Tableau's 409 answers.
func isUniqueViolation(err error) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
