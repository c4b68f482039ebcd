package emulator

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
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
// over 100,000 users costs what it costs over 100. It explains the SQL the
// store actually sends (counts, pages with their ORDER BY and LIMIT, the
// permission subqueries of a Viewer's lists), traced from real requests,
// not a copy of it that could drift from what runs.
func TestListQueriesUseIndexes(t *testing.T) {
	ctx := context.Background()
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Bootstrap(ctx, Admin{Name: "admin", Password: "pw"}); err != nil {
		t.Fatal(err)
	}
	viewer, err := s.SeedUser(ctx, "", "viewer", tsc.SiteRoleViewer, "pw")
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.SeedProject(ctx, "", "P", "", "")
	if err != nil {
		t.Fatal(err)
	}
	w, err := s.SeedWorkbook(ctx, "", p.ID, "", "W")
	if err != nil {
		t.Fatal(err)
	}
	type traced struct {
		query string
		args  []any
	}
	var sent []traced
	s.store.traceList = func(q string, args []any) { sent = append(sent, traced{q, slices.Clone(args)}) }
	for _, who := range []string{"admin", "viewer"} {
		token, site := signInFor(t, s, who, "pw")
		uid := viewer.ID
		for _, path := range []string{
			"users", "users?filter=siteRole:eq:Viewer", "users?filter=name:eq:alice", "users?sort=name:desc",
			"projects?filter=name:eq:x", "groups", "users/" + uid + "/workbooks",
			"workbooks", "workbooks?filter=name:eq:x", "workbooks?filter=projectName:eq:x", "workbooks?pageNumber=1&pageSize=5",
			"views", "views?filter=name:eq:x", "workbooks/" + w.ID + "/views",
			"datasources", "datasources?filter=name:eq:x", "flows", "flows?filter=name:eq:x",
		} {
			sent = sent[:0]
			req := httptest.NewRequest(http.MethodGet, "/api/3.29/sites/"+site+"/"+path, nil)
			req.Header.Set("X-Tableau-Auth", token)
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if who == "viewer" && rec.Code == http.StatusForbidden {
				continue // administrators' lists (users, groups)
			}
			if rec.Code != http.StatusOK {
				t.Fatalf("%s: GET %s: %d %s", who, path, rec.Code, rec.Body)
			}
			if len(sent) == 0 {
				t.Errorf("%s: GET %s sent no list query through the list runner", who, path)
			}
			for _, q := range sent {
				plan := explain(t, s.store, q.query, q.args)
				if len(plan) == 0 {
					t.Errorf("%s: GET %s: empty plan for %s", who, path, q.query)
				}
				for _, step := range plan {
					if strings.HasPrefix(step, "SCAN ") && !strings.Contains(step, "USING") && !strings.HasPrefix(step, "SCAN led") {
						t.Errorf("%s: GET %s: full scan %q in %v\nfor %s", who, path, step, plan, q.query)
					}
				}
			}
		}
	}
}

// explain is the plan SQLite makes for query, one detail line per step.
func explain(t *testing.T, st *Store, query string, args []any) []string {
	t.Helper()
	rows, err := st.db.Query("EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, query)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return plan
}

// signInFor signs a user of the default site in over HTTP, returning the
// token and the site's id.
func signInFor(t *testing.T, s *Server, name, password string) (token, siteID string) {
	t.Helper()
	body := `<tsRequest><credentials name="` + name + `" password="` + password + `"><site contentUrl=""/></credentials></tsRequest>`
	req := httptest.NewRequest(http.MethodPost, "/api/3.29/auth/signin", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/xml")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("sign in %s: %d %s", name, rec.Code, rec.Body)
	}
	tok := regexp.MustCompile(`token="([^"]+)"`).FindStringSubmatch(rec.Body.String())
	site := regexp.MustCompile(`<site id="([^"]+)"`).FindStringSubmatch(rec.Body.String())
	if tok == nil || site == nil {
		t.Fatalf("sign in %s: %s", name, rec.Body)
	}
	return tok[1], site[1]
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
