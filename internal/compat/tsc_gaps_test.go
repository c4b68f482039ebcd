package compat_test

import (
	"testing"
)

// TestTSCGaps runs gaps.py (issue 16 part 8): TSC's tag batches, view
// update and delete, workbook connection rotation and the revocation of
// administrators' tokens.
func TestTSCGaps(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv := startServer(t)
	ids := seedCompat(t, srv)
	publishSales(t, srv, ids)
	if err := srv.SeedPersonalAccessToken(ids["admin_id"].(string), "admin-ci", "ci-secret"); err != nil {
		t.Fatal(err)
	}
	runScript(t, srv, "gaps", ids)
	c := sdk(t, srv, "compat")
	if _, err := c.Views.Get(t.Context(), ids["view_id"].(string)); err == nil {
		t.Error("the view TSC deleted is still there")
	}
}
