package emulator

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/authz"
)

// TestEmulatorAgreesWithTheMatrix installs every rule set of the
// evaluator's matrix (authz.Scenarios) in a store, for a caller of every
// site role, and checks for every capability of projects, workbooks, views,
// data sources and virtual connections that
//   - the emulator's decision (facts gathered from the store, then
//     authz.Decide, as every route asks it) is the matrix's expectation,
//     so the facts the store gathers are the ones the matrix describes;
//   - the SQL filter of the lists (listAccess.scope) keeps the item exactly
//     when that decision allows Read, so lists and counts agree with what
//     a direct request may see.
func TestEmulatorAgreesWithTheMatrix(t *testing.T) {
	ctx := context.Background()
	cells, reads, fastCounts := 0, 0, 0
	for si, sc := range authz.Scenarios() {
		// A fresh server per scenario: the rule queries read every rule of
		// the site, so one store holding every scenario's users, groups and
		// rules made the test quadratic (minutes under the race detector).
		s, err := New(Config{})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Bootstrap(ctx, Admin{Name: "admin", Password: "pw"}); err != nil {
			t.Fatal(err)
		}
		st := s.store
		site, err := st.siteBy(ctx, st.db, "contentUrl", "")
		if err != nil {
			t.Fatal(err)
		}
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := st.db.ExecContext(ctx, q, args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		for ri, role := range authz.MatrixRoles {
			n := fmt.Sprintf("%d-%d", si, ri)
			// Users: the caller (in groups A and B) and someone else.
			caller, err := s.SeedUser(ctx, "", "caller"+n, role, "")
			if err != nil {
				t.Fatal(err)
			}
			if role == tsc.SiteRoleServerAdministrator {
				exec(`UPDATE users SET server_admin = 1 WHERE id = ?`, caller.ID)
			}
			other, err := s.SeedUser(ctx, "", "other"+n, tsc.SiteRoleCreator, "")
			if err != nil {
				t.Fatal(err)
			}
			ga, err := s.SeedGroup(ctx, "", "A"+n, caller.ID)
			if err != nil {
				t.Fatal(err)
			}
			gb, err := s.SeedGroup(ctx, "", "B"+n, caller.ID)
			if err != nil {
				t.Fatal(err)
			}
			// Group C holds the other user only; set AB (A and B) holds
			// the caller, set AC (A and C) does not.
			gc, err := s.SeedGroup(ctx, "", "C"+n, other.ID)
			if err != nil {
				t.Fatal(err)
			}
			setAB, setAC := uuid.NewString(), uuid.NewString()
			for _, gs := range []struct {
				id     string
				groups []string
			}{{setAB, []string{ga.ID, gb.ID}}, {setAC, []string{ga.ID, gc.ID}}} {
				exec(`INSERT INTO group_sets (id, site_id, name, created_at) VALUES (?, ?, ?, '')`, gs.id, site.ID, "set"+gs.id)
				for _, g := range gs.groups {
					exec(`INSERT INTO group_set_groups (group_set_id, group_id, added_at) VALUES (?, ?, '')`, gs.id, g)
				}
			}
			ids := map[string]string{authz.MatrixUser: caller.ID, authz.MatrixOther: other.ID,
				authz.MatrixGroupA: ga.ID, authz.MatrixGroupB: gb.ID, authz.MatrixGroupC: gc.ID,
				authz.MatrixSetAB: setAB, authz.MatrixSetAC: setAC, "": ""}
			owner := func(id string) string {
				if id == "" {
					return other.ID // projects always have an owner; "" in the matrix is nobody relevant
				}
				return ids[id]
			}
			// parent > project > the content (and, for projects, a
			// project in project, which the matrix's project kind is).
			parent, err := s.SeedProject(ctx, "", "parent"+n, "", owner(sc.ParentOwner))
			if err != nil {
				t.Fatal(err)
			}
			proj, err := s.SeedProject(ctx, "", "project"+n, parent.ID, owner(sc.ProjectOwner))
			if err != nil {
				t.Fatal(err)
			}
			inner, err := s.SeedProject(ctx, "", "content"+n, proj.ID, ids[sc.Owner])
			if err != nil {
				t.Fatal(err)
			}
			wb, err := s.SeedWorkbook(ctx, "", proj.ID, ids[sc.Owner], "workbook"+n)
			if err != nil {
				t.Fatal(err)
			}
			view, ds := uuid.NewString(), uuid.NewString()
			exec(`INSERT INTO views (id, site_id, workbook_id, name, url_name, sheet_type, position, created_at, updated_at)
				VALUES (?, ?, ?, 'Sheet', 'Sheet', 'worksheet', 0, '', '')`, view, site.ID, wb.ID)
			exec(`INSERT INTO datasources (id, site_id, project_id, owner_id, name, content_url, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, '', '')`, ds, site.ID, proj.ID, ids[sc.Owner], "ds"+n, "ds"+n)
			vc := uuid.NewString()
			exec(`INSERT INTO virtual_connections (id, site_id, project_id, owner_id, name, content, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, '{}', '', '')`, vc, site.ID, proj.ID, ids[sc.Owner], "vc"+n)
			// Only the scenario's rules: none inherited from the site.
			for _, id := range []string{parent.ID, proj.ID, inner.ID, wb.ID, view, ds, vc} {
				exec(`DELETE FROM permissions WHERE resource_id = ?`, id)
			}
			put := func(rtype, id string, rules []authz.Rule) {
				for _, r := range rules {
					c := r.Capability
					if c == authz.Any {
						continue // filled per capability below
					}
					exec(`INSERT OR REPLACE INTO permissions VALUES (?, ?, ?, ?, ?, ?, ?)`, site.ID, rtype, id, string(r.Grantee), ids[r.GranteeID], string(c), string(r.Mode))
				}
			}
			put("project", parent.ID, sc.ParentRules)
			put("project", proj.ID, sc.ProjectRules)
			if sc.Locked {
				exec(`UPDATE projects SET content_permissions = 'LockedToProjectWithoutNested' WHERE id = ?`, proj.ID)
			}
			items := []struct {
				kind tsc.PermissionKind
				id   string
			}{{tsc.PermProject, inner.ID}, {tsc.PermWorkbook, wb.ID}, {tsc.PermView, view}, {tsc.PermDatasource, ds},
				{tsc.PermVirtualConnection, vc}}
			who, err := st.siteUser(ctx, st.db, site.ID, caller.ID)
			if err != nil {
				t.Fatal(err)
			}
			c := &call{ctx: ctx, user: who, params: map[string]string{"site": site.ID}}
			for _, it := range items {
				for _, cap := range it.kind.Capabilities() {
					// The scenario's "any capability" rules name this one,
					// on the item (and, for a view, on its workbook, which
					// views follow).
					exec(`DELETE FROM permissions WHERE resource_id IN (?, ?)`, it.id, wb.ID)
					for _, r := range sc.Rules {
						if r.Capability != authz.Any {
							continue
						}
						for _, target := range []struct{ rtype, id string }{{string(it.kind), it.id}, {"workbook", wb.ID}} {
							exec(`INSERT OR REPLACE INTO permissions VALUES (?, ?, ?, ?, ?, ?, ?)`, site.ID, target.rtype, target.id,
								string(r.Grantee), ids[r.GranteeID], string(cap), string(r.Mode))
							if cap != tsc.CapRead && it.kind == tsc.PermView {
								exec(`INSERT OR REPLACE INTO permissions VALUES (?, ?, ?, ?, ?, ?, ?)`, site.ID, "workbook", wb.ID,
									string(r.Grantee), ids[r.GranteeID], string(tsc.CapRead), string(r.Mode))
							}
						}
					}
					cf, err := st.contentFacts(ctx, st.db, it.kind, site.ID, it.id)
					if err != nil {
						t.Fatal(err)
					}
					d, err := s.decideContent(c, cf, cap)
					if err != nil {
						t.Fatal(err)
					}
					want, _ := sc.Expect(role, it.kind, cap)
					if it.kind == tsc.PermView && want == tsc.Allow {
						// A view also needs Read on its workbook, which holds
						// the same rules for Read.
						want, _ = sc.Expect(role, tsc.PermWorkbook, tsc.CapRead)
					}
					cells++
					if d.Mode() != want {
						t.Errorf("%s / %s / %s %s: the emulator decides %s (%s), the matrix says %s", sc.Name, role, it.kind, cap, d.Mode(), d.Reason, want)
					}
					if cap != tsc.CapRead {
						continue
					}
					reads++
					// The whole site's count, the fast way (from the rules'
					// index) and row by row, agree.
					if fast, slow, ok := siteCounts(t, st, who, site.ID, it.kind); ok && fast != slow {
						t.Errorf("%s / %s / %s: the fast count says %d readable, row by row %d", sc.Name, role, it.kind, fast, slow)
					} else if ok {
						fastCounts++
					}
					for _, correlated := range []bool{true, false} {
						listed := countReadable(t, st, who, site.ID, it.kind, it.id, correlated)
						if listed != d.Allowed {
							t.Errorf("%s / %s / %s: lists (correlated %v) show it = %v, but Read is %s (%s)", sc.Name, role, it.kind, correlated, listed, d.Mode(), d.Reason)
						}
					}
				}
			}
		}
		s.Close()
	}
	t.Logf("%d decisions and %d list filters agree with the matrix; %d fast counts with the row-by-row ones", cells, reads, fastCounts)
	if fastCounts < 100 {
		t.Errorf("only %d fast counts were checked", fastCounts)
	}
}

// countReadable runs the list filter of kind k for who on one item.
func countReadable(t *testing.T, st *Store, who *userRow, siteID string, k tsc.PermissionKind, id string, correlated bool) bool {
	t.Helper()
	la, err := st.listAccessFor(context.Background(), who, siteID, k)
	if err != nil {
		t.Fatal(err)
	}
	table, alias := permResources[k].table, permResources[k].alias()
	cond, args := la.scope(siteID, correlated)
	if cond == "" {
		cond = "1"
	}
	var n int
	q := "SELECT count(*) FROM " + table + " WHERE " + alias + ".id = ? AND " + cond
	if err := st.db.QueryRow(q, append([]any{id}, args...)...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n == 1
}

// siteCounts counts what who may Read of kind k on the site, with the
// fast count (listAccess.total) and row by row; ok is false when the fast
// count does not apply.
func siteCounts(t *testing.T, st *Store, who *userRow, siteID string, k tsc.PermissionKind) (fast, slow int, ok bool) {
	t.Helper()
	ctx := context.Background()
	la, err := st.listAccessFor(ctx, who, siteID, k)
	if err != nil {
		t.Fatal(err)
	}
	total := la.total(siteID)
	if total == nil {
		return 0, 0, false
	}
	if fast, err = total(ctx, st.db); err != nil {
		t.Fatal(err)
	}
	table := permResources[k].table
	cond, args := la.scope(siteID, false)
	if err := st.db.QueryRow("SELECT count(*) FROM "+table+" WHERE "+permResources[k].alias()+".site_id = ? AND "+cond,
		append([]any{siteID}, args...)...).Scan(&slow); err != nil {
		t.Fatal(err)
	}
	return fast, slow, true
}

// TestPermissionFiltersUseIndexes: the list filters, in both forms and
// with every rule set present, read indexes only, never a whole table.
func TestPermissionFiltersUseIndexes(t *testing.T) {
	s, err := OpenStore("")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	who := &userRow{ID: "u", SiteRole: tsc.SiteRoleExplorer}
	all := ruleSets{userAllow: true, userDeny: true, groupAllow: true, groupDeny: true, led: []string{"p1", "p2"}}
	for _, k := range []tsc.PermissionKind{tsc.PermProject, tsc.PermWorkbook, tsc.PermView, tsc.PermDatasource, tsc.PermVirtualConnection} {
		la := &listAccess{who: who, kind: k, sets: all, workbookSets: all}
		for _, correlated := range []bool{true, false} {
			cond, args := la.scope("s", correlated)
			q := "SELECT count(*) FROM " + permResources[k].table + " WHERE " + permResources[k].alias() + ".site_id = ? AND " + cond
			for _, detail := range explain(t, s, q, append([]any{"s"}, args...)) {
				if strings.HasPrefix(detail, "SCAN ") && !strings.Contains(detail, "USING") && !strings.HasPrefix(detail, "SCAN led") {
					t.Errorf("%s (correlated %v): full scan %q", k, correlated, detail)
				}
			}
		}
		la.sets.allowingGroups = []string{"g"}
		if total := la.total("s"); total == nil && k != tsc.PermView {
			t.Errorf("%s: no fast count", k)
		}
	}
}

// TestPermissionsBackfill: a database made before permissions existed
// (migration 0005) gets, when opened, the rules a new site would have had:
// All Users' initial rules on every project and their defaults on every
// item, so that its users keep seeing what they saw.
func TestPermissionsBackfill(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := New(Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Bootstrap(ctx, Admin{Name: "admin", Password: "pw"}); err != nil {
		t.Fatal(err)
	}
	p, err := s.SeedProject(ctx, "", "Finance", "", "")
	if err != nil {
		t.Fatal(err)
	}
	wb, err := s.SeedWorkbook(ctx, "", p.ID, "", "Budget")
	if err != nil {
		t.Fatal(err)
	}
	// Back to the schema before 0005.
	for _, q := range []string{`DROP TABLE permissions`, `DELETE FROM schema_migrations WHERE version = 5`,
		`DROP INDEX workbooks_site_access`, `DROP INDEX datasources_site_access`, `DROP TRIGGER workbooks_permissions_cleanup`,
		`DROP TRIGGER views_permissions_cleanup`, `DROP TRIGGER datasources_permissions_cleanup`, `DROP TRIGGER projects_permissions_cleanup`,
		`DROP TRIGGER groups_permissions_cleanup`, `DROP TRIGGER site_users_permissions_cleanup`} {
		if _, err := s.store.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	s, err = New(Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, c := range []struct{ rtype, id, capability string }{
		{"project", p.ID, "Write"}, {"default:workbook", p.ID, "ExportXml"}, {"workbook", wb.ID, "Read"}, {"default:table", p.ID, "Read"},
	} {
		var n int
		if err := s.store.db.QueryRow(`SELECT count(*) FROM permissions pm JOIN groups g ON g.id = pm.grantee_id AND g.all_users = 1
			WHERE pm.resource_type = ? AND pm.resource_id = ? AND pm.capability = ? AND pm.mode = 'Allow'`, c.rtype, c.id, c.capability).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("after the backfill, All Users has %d Allow %s rules on %s %s", n, c.capability, c.rtype, c.id)
		}
	}
}
