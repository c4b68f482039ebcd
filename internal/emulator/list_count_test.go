package emulator

import (
	"net/url"
	"testing"

	"github.com/tsc-go/tsc"
)

// TestCountsWithoutJoins checks the join-free counts of workbook, view
// and data source lists: every filter not marked joined must run against
// the resource's table alone, and the plans of the page queries must read
// the site's rows in order instead of sorting them.
func TestCountsWithoutJoins(t *testing.T) {
	s, err := OpenStore("")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	values := map[fieldKind]string{kindString: "x", kindTime: "2016-05-04T21:24:49Z", kindBool: "true", kindInt: "1"}
	for _, tc := range []struct {
		spec            listSpec
		countFrom, page string
	}{
		{workbookListSpec, "FROM workbooks w WHERE w.site_id = ?", "SELECT " + workbookCols + " " + workbookFrom + " WHERE w.site_id = ?"},
		{viewListSpec, "FROM views v WHERE v.site_id = ?", "SELECT " + viewCols + " " + viewFrom + " WHERE v.site_id = ?"},
		{datasourceListSpec, "FROM datasources d WHERE d.site_id = ?", "SELECT " + datasourceCols + " " + datasourceFrom + " WHERE d.site_id = ?"},
	} {
		t.Run(tc.spec.resource, func(t *testing.T) {
			for name, f := range tc.spec.fields {
				if len(f.ops) == 0 {
					continue
				}
				op := f.ops[0]
				v := values[f.kind]
				if op == tsc.OpIn {
					v = "[" + v + "]"
				}
				lq, err := parseList(tc.spec, url.Values{"filter": {name + ":" + string(op) + ":" + v}})
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if lq.joined != f.joined {
					t.Errorf("%s: joined = %v", name, lq.joined)
				}
				if f.joined {
					continue
				}
				q := "EXPLAIN SELECT count(*) " + tc.countFrom
				for _, w := range lq.where {
					q += " AND " + w
				}
				rows, err := s.db.Query(q, append([]any{"s"}, lq.args...)...)
				if err != nil {
					t.Errorf("filter on %s without the joins (mark it joined?): %v", name, err)
					continue
				}
				rows.Close()
			}
			lq, err := parseList(tc.spec, url.Values{})
			if err != nil {
				t.Fatal(err)
			}
			for _, detail := range explain(t, s, tc.page+" ORDER BY "+lq.orderBy+" LIMIT 100 OFFSET 0", []any{"s"}) {
				if detail == "USE TEMP B-TREE FOR ORDER BY" {
					t.Errorf("a page of %s sorts the whole site", tc.spec.resource)
				}
			}
		})
	}
}
