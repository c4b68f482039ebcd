package compat_test

import (
	"testing"

	"github.com/tsc-go/tsc"
)

// TestTSCFlows runs flows.py (issue 16 item 1): TSC's server.flows,
// server.flow_runs, a flow on a schedule and server.flow_tasks against the
// emulator; then the SDK checks what the script left.
func TestTSCFlows(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv := startServer(t)
	ids := seedCompat(t, srv)
	c := sdk(t, srv, "compat")
	ids["admin_id"] = c.Session().UserID
	ids["project_id"] = ids["marketing_id"]
	res := runScript(t, srv, "flows", ids)
	if _, err := c.Flows.Get(t.Context(), res.str(t, "flow_id")); err == nil {
		t.Error("the flow the script deleted is still there")
	}
	// The runs' output data source stays, in the flow's project.
	ds, _, err := c.Datasources.List(t.Context(), tsc.ListOptions{})
	if err != nil || len(ds) != 1 || ds[0].Name != "Sales Prep Output" || ds[0].Project.ID != ids["marketing_id"] {
		t.Errorf("data sources after the script: %+v, %v", ds, err)
	}
	// Deleting the flow took its task off the schedule.
	if tasks, err := c.Tasks.ListFlowTasks(t.Context()); err != nil || len(tasks) != 0 {
		t.Errorf("flow tasks after the script: %+v, %v", tasks, err)
	}
}
