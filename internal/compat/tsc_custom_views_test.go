package compat_test

import (
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// TestTSCCustomViews seeds two custom views and runs custom_views.py:
// every server.custom_views call of TSC against the emulator.
func TestTSCCustomViews(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv := startServer(t)
	ids := seedCompat(t, srv)
	publishSales(t, srv, ids)
	for _, cv := range []tsctest.CustomViewSeed{
		{Site: "compat", ViewID: ids["view_id"].(string), Owner: srv.AdminUsername, Name: "West only", Filters: map[string]string{"Region": "West"}},
		{Site: "compat", ViewID: ids["view_id"].(string), Owner: "alice", Name: "Alice shared", Shared: true},
	} {
		must(srv.SeedCustomView(cv))(t)
	}
	runScript(t, srv, "custom_views", ids)
	c := sdk(t, srv, "compat")
	cvs, _, err := c.CustomViews.List(t.Context(), tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "Imported")}})
	if err != nil || len(cvs) != 1 || cvs[0].Shared == nil || !*cvs[0].Shared || cvs[0].Owner.ID != ids["alice_id"] {
		t.Errorf("the custom view TSC published: %+v, %v", cvs, err)
	}
}
