package permissions_test

import (
	"context"
	"testing"

	"github.com/tsc-go/tsc"
)

// TestListNamesGroupSets: a rule for a group set is listed with the set's
// name and grantee type groupSet.
func TestListNamesGroupSets(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	c := e.Server.MustClient(t)
	gs, err := c.GroupSets.Create(ctx, "Sales EMEA")
	if err != nil {
		t.Fatal(err)
	}
	wbs, _, err := c.Workbooks.List(ctx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "Sales")}})
	if err != nil || len(wbs) != 1 {
		t.Fatal(wbs, err)
	}
	if _, err := c.Permissions.Add(ctx, tsc.PermWorkbook, wbs[0].ID, tsc.PermissionRule{Grantee: tsc.GroupSetGrantee(gs.ID), Capability: tsc.CapRead, Mode: tsc.Allow}); err != nil {
		t.Fatal(err)
	}
	rs := rows(t, e.MustRun("permissions", "list", "workbook", "Finance/Sales", "-o", "json"))
	want(t, "the group set's rules", of(rs, "Sales EMEA"), "Read:Allow")
}
