package emulator

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
)

// specFor is the field table of a list route of the routing table, by its
// pattern, and nil for the list routes that read no list parameters
// (workbook views, connections).
func specFor(pattern string) (spec *listSpec, list bool) {
	segs := strings.Split(pattern, "/")
	switch last := segs[len(segs)-1]; last {
	case "sites":
		return &siteListSpec, true
	case "projects":
		return &projectListSpec, true
	case "users":
		return &userListSpec, true
	case "groups":
		return &groupListSpec, true
	case "workbooks":
		return &workbookListSpec, true
	case "datasources":
		return &datasourceListSpec, true
	case "jobs":
		return &jobListSpec, true
	case "revisions":
		return &revisionListSpec, true
	case "views":
		if len(segs) > 2 && segs[len(segs)-3] == "workbooks" {
			return nil, true
		}
		return &viewListSpec, true
	case "connections":
		return nil, true
	}
	return nil, false
}

// BenchmarkListIn1000 answers every list route of the routing table with
// an "in" filter of 1,000 values (maxInValues) on each of its fields that
// takes "in", on a site of 10,000 users, 500 projects (half nested), 5,000
// workbooks (10,000 views), 5,000 data sources and 5,000 jobs: an "in"
// filter at its limit is a lookup per value, whatever the field, and runs
// in milliseconds (the attack measured 1.5 s on projects). The routes that
// read no list parameters are timed with the same query, ignored.
//
//	go test ./internal/emulator -run '^$' -bench ListIn1000 -benchtime 20x
func BenchmarkListIn1000(b *testing.B) {
	s, err := New(Config{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := b.Context()
	if err := s.Bootstrap(ctx, Admin{Name: "admin", Password: "pw"}); err != nil {
		b.Fatal(err)
	}
	if err := s.SeedBulkUsers(ctx, "", 10_000); err != nil {
		b.Fatal(err)
	}
	var parents []string
	for i := range 500 {
		parent := ""
		if i%2 == 1 {
			parent = parents[i/2]
		}
		p, err := s.SeedProject(ctx, "", fmt.Sprintf("project%04d", i), parent, "")
		if err != nil {
			b.Fatal(err)
		}
		parents = append(parents, p.ID)
	}
	if err := s.SeedBulkWorkbooks(ctx, "", "", 5_000, 2, 1); err != nil {
		b.Fatal(err)
	}
	db := s.store.db
	for _, q := range []string{
		// Data sources and jobs as many as the workbooks, made from them.
		`INSERT INTO datasources (id, site_id, project_id, owner_id, name, content_url, created_at, updated_at)
			SELECT 'ds' || id, site_id, project_id, owner_id, 'ds ' || name, 'ds' || content_url, created_at, updated_at FROM workbooks`,
		`INSERT INTO jobs (id, site_id, type, job_type, content_type, content_id, content_name, created_ms, updated_ms, duration_ms, status)
			SELECT 'job' || id, site_id, 'RefreshExtract', 'refresh_extracts', 'workbook', id, name, rowid, rowid, 0, 'Success' FROM workbooks`,
		`INSERT INTO tags (site_id, content_type, content_id, label) SELECT site_id, 'workbook', id, 'tag' || (rowid % 50) FROM workbooks`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	token, siteID, userID, err := s.NewSession(ctx, "", "admin")
	if err != nil {
		b.Fatal(err)
	}
	for i := range 50 {
		if _, err := s.store.createGroup(ctx, siteID, fmt.Sprintf("group%02d", i), ""); err != nil {
			b.Fatal(err)
		}
	}
	var groupID, workbookID, datasourceID string
	for q, dst := range map[string]*string{
		"SELECT id FROM groups WHERE all_users = 1 AND site_id = ?": &groupID,
		"SELECT id FROM workbooks WHERE site_id = ? LIMIT 1":        &workbookID,
		"SELECT id FROM datasources WHERE site_id = ? LIMIT 1":      &datasourceID,
	} {
		if err := db.QueryRowContext(ctx, q, siteID).Scan(dst); err != nil {
			b.Fatal(err)
		}
	}
	ids := map[string]string{"{site}": siteID, "users": userID, "groups": groupID, "workbooks": workbookID, "datasources": datasourceID}
	ts := httptest.NewServer(s)
	defer ts.Close()

	values := make([]string, maxInValues)
	for _, rt := range s.routes {
		pattern := strings.Join(rt.pattern, "/")
		spec, list := specFor(pattern)
		if rt.method != "GET" || !list {
			continue
		}
		segs := slices.Clone(rt.pattern)
		for i, seg := range segs {
			switch seg {
			case "{site}":
				segs[i] = ids[seg]
			case "{id}":
				segs[i] = ids[segs[i-1]]
			}
		}
		path := ts.URL + "/api/" + tsc.LatestVersion.String() + "/" + strings.Join(segs, "/")
		var fields []string
		if spec != nil {
			for name, f := range spec.fields {
				if slices.Contains(f.ops, tsc.OpIn) {
					fields = append(fields, name)
				}
			}
			slices.Sort(fields)
		} else {
			fields = []string{"name"} // ignored by the route
		}
		for _, name := range fields {
			// On names, owners, projects and tags half the values name
			// things that exist; on other fields none do.
			for i := range values {
				values[i] = fmt.Sprintf("%s%06d", name, i)
				if i%2 == 0 {
					values[i] = existing(name, i)
				}
			}
			q := url.Values{"filter": {name + ":in:[" + strings.Join(values, ",") + "]"}}
			b.Run(pattern+"/"+name, func(b *testing.B) {
				req, _ := http.NewRequest("GET", path+"?"+q.Encode(), nil)
				req.Header.Set("X-Tableau-Auth", token)
				for b.Loop() {
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						b.Fatal(err)
					}
					body, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						b.Fatalf("%d %.300s", resp.StatusCode, body)
					}
				}
			})
		}
	}
}

// existing is a value of the field that names something the benchmark
// seeded, so that half of an "in" list matches.
func existing(field string, i int) string {
	switch field {
	case "name", "title":
		return fmt.Sprintf("workbook%06d", i+1)
	case "ownerName":
		return fmt.Sprintf("user%06d", i+1)
	case "tags":
		return fmt.Sprintf("tag%d", i%50)
	case "projectName":
		return fmt.Sprintf("project%04d", i%500)
	}
	return fmt.Sprintf("%s%06d", field, i)
}
