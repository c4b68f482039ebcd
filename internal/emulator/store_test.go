package emulator

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tsc-go/tsc"
)

func TestMigrationsAppliedOnceInOrder(t *testing.T) {
	dir := t.TempDir()
	s, err := OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	migs, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.db.Query(`SELECT version, name FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var v int
		var n string
		rows.Scan(&v, &n)
		got = append(got, fmt.Sprintf("%d %s", v, n))
	}
	rows.Close()
	if len(got) != len(migs) {
		t.Fatalf("recorded %v, have %d migrations", got, len(migs))
	}
	for i, m := range migs {
		if got[i] != fmt.Sprintf("%d %s", m.version, m.name) {
			t.Errorf("migration %d recorded as %q, want %d %s", i, got[i], m.version, m.name)
		}
		if i > 0 && migs[i-1].version >= m.version {
			t.Errorf("migrations out of order: %d then %d", migs[i-1].version, m.version)
		}
	}
	if _, err := s.db.Exec(`INSERT INTO sites (id, name, content_url, created_at, updated_at) VALUES ('x', 'X', 'x', '', '')`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Reopening applies nothing again and keeps the data.
	s, err = OpenStore(dir)
	if err != nil {
		t.Fatalf("reopening: %v", err)
	}
	defer s.Close()
	var n int
	s.db.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n)
	if n != len(migs) {
		t.Errorf("%d migrations recorded after reopening, want %d", n, len(migs))
	}
	s.db.QueryRow(`SELECT count(*) FROM sites`).Scan(&n)
	if n != 1 {
		t.Errorf("%d sites after reopening, want 1", n)
	}
	if _, err := filepath.Glob(filepath.Join(dir, dbFile)); err != nil {
		t.Error(err)
	}
}

func TestMemoryStoresAreSeparate(t *testing.T) {
	a, err := OpenStore("")
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := OpenStore("")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := a.db.Exec(`INSERT INTO sites (id, name, content_url, created_at, updated_at) VALUES ('x', 'X', 'x', '', '')`); err != nil {
		t.Fatal(err)
	}
	var n int
	b.db.QueryRow(`SELECT count(*) FROM sites`).Scan(&n)
	if n != 0 {
		t.Error("two in-memory stores share a database")
	}
}

// TestListQueriesUseIndexes checks the query plans of the list queries: a
// search through an index, never a scan of the whole table, so that a list
// over 100,000 users costs what it costs over 100.
func TestListQueriesUseIndexes(t *testing.T) {
	s, err := OpenStore("")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, tc := range []struct {
		name  string
		spec  listSpec
		query string
		sql   string
		args  []any
	}{
		{"users by site", userListSpec, "", "SELECT " + siteUserListCols + " FROM site_users su WHERE su.site_id = ?", []any{"s"}},
		{"users by role", userListSpec, "filter=siteRole:eq:Viewer", "SELECT " + siteUserListCols + " FROM site_users su WHERE su.site_id = ?", []any{"s"}},
		{"users by name", userListSpec, "filter=name:eq:alice", "SELECT " + siteUserListCols + " FROM site_users su WHERE su.site_id = ?", []any{"s"}},
		{"projects", projectListSpec, "filter=name:eq:x", "SELECT " + projectCols + " " + projectFrom + " WHERE p.site_id = ?", []any{"s"}},
		{"groups", groupListSpec, "", "SELECT " + groupCols + " FROM groups g WHERE g.site_id = ?", []any{"s"}},
		{"workbooks by owner", workbookListSpec, "", "SELECT " + workbookCols + " " + workbookFrom + " WHERE w.site_id = ? AND w.owner_id = ?", []any{"s", "u"}},
		{"workbooks", workbookListSpec, "", "SELECT " + workbookCols + " " + workbookFrom + " WHERE w.site_id = ?", []any{"s"}},
		{"workbooks by name", workbookListSpec, "filter=name:eq:x", "SELECT " + workbookCols + " " + workbookFrom + " WHERE w.site_id = ?", []any{"s"}},
		{"workbooks by project", workbookListSpec, "filter=projectName:eq:x", "SELECT " + workbookCols + " " + workbookFrom + " WHERE w.site_id = ?", []any{"s"}},
		{"views", viewListSpec, "", "SELECT " + viewCols + " " + viewFrom + " WHERE v.site_id = ?", []any{"s"}},
		{"views by name", viewListSpec, "filter=name:eq:x", "SELECT " + viewCols + " " + viewFrom + " WHERE v.site_id = ?", []any{"s"}},
		{"views of a workbook", viewListSpec, "", "SELECT " + viewCols + " " + viewFrom + " WHERE v.site_id = ? AND v.workbook_id = ?", []any{"s", "w"}},
		{"datasources", datasourceListSpec, "", "SELECT " + datasourceCols + " " + datasourceFrom + " WHERE d.site_id = ?", []any{"s"}},
		{"datasources by name", datasourceListSpec, "filter=name:eq:x", "SELECT " + datasourceCols + " " + datasourceFrom + " WHERE d.site_id = ?", []any{"s"}},
		{"connections of a workbook", listSpec{order: "position"}, "", "SELECT " + connectionCols + " FROM connections WHERE workbook_id = ?", []any{"w"}},
		{"connections of a data source", listSpec{order: "position"}, "", "SELECT " + connectionCols + " FROM connections WHERE datasource_id = ?", []any{"d"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, _ := url.ParseQuery(tc.query)
			lq, err := parseList(tc.spec, q)
			if err != nil {
				t.Fatal(err)
			}
			sqlText := tc.sql
			for _, w := range lq.where {
				sqlText += " AND " + w
			}
			rows, err := s.db.Query("EXPLAIN QUERY PLAN "+sqlText, append(tc.args, lq.args...)...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, notused int
				var detail string
				rows.Scan(&id, &parent, &notused, &detail)
				plan = append(plan, detail)
			}
			for _, step := range plan {
				if strings.HasPrefix(step, "SCAN ") && !strings.Contains(step, "USING") {
					t.Errorf("full scan in %v", plan)
				}
			}
		})
	}
}

func TestSplitFilter(t *testing.T) {
	got := splitFilter("name:eq:Sales,tags:in:[a,b,c],createdAt:gt:2016-05-04T21:24:49Z")
	want := []string{"name:eq:Sales", "tags:in:[a,b,c]", "createdAt:gt:2016-05-04T21:24:49Z"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("splitFilter = %q, want %q", got, want)
	}
}

func TestParseListRefusals(t *testing.T) {
	for q, code := range map[string]string{
		"pageSize=-1":                  codeInvalidPageSize,
		"pageSize=1001":                codePageSizeLimit,
		"pageNumber=x":                 codeInvalidPageNum,
		"filter=nope:eq:1":             codeInvalidFilter,
		"filter=name":                  codeInvalidFilter,
		"filter=name:lt:x":             codeInvalidFilter,
		"filter=name:in:a,b":           codeInvalidFilter,
		"filter=createdAt:gt:tomorrow": codeInvalidFilter,
		"sort=name":                    codeBadRequest,
		"sort=name:sideways":           codeBadRequest,
		"sort=luid:asc":                codeBadRequest, // filterable, not sortable
	} {
		v, _ := url.ParseQuery(q)
		_, err := parseList(userListSpec, v)
		ae, ok := err.(*apiError)
		if !ok || ae.Code != code {
			t.Errorf("%s: %v, want code %s", q, err, code)
		}
	}
	// A has filter escapes LIKE's wildcards.
	lq, err := parseList(userListSpec, url.Values{"filter": {"name:has:50%_off"}})
	if err != nil || len(lq.args) != 1 || lq.args[0] != `%50\%\_off%` {
		t.Errorf("has args = %v, %v", lq.args, err)
	}
}

func TestFileStoreConcurrentWrites(t *testing.T) {
	s, err := OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	site, err := s.createSite(ctx, tsc.Site{Name: "S", ContentURL: "s"}, "")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 8; i++ {
				if _, err := s.addUser(ctx, site.ID, fmt.Sprintf("u%d-%d", w, i), tsc.SiteRoleViewer, ""); err != nil {
					errs <- err
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var n int
	s.db.QueryRow(`SELECT count(*) FROM group_users gu JOIN groups g ON g.id = gu.group_id WHERE g.site_id = ? AND g.all_users = 1`, site.ID).Scan(&n)
	if n != 64 {
		t.Errorf("All Users has %d members, want 64", n)
	}
}
