package compat_test

import (
	"path/filepath"
	"testing"

	"github.com/tsc-go/tsc"
)

// TestTabcmdListFlows runs the real tabcmd's `list flows` (issue 16 item 1)
// against a site with a published flow: each flow's id, and its name and
// owner on request, in tabcmd's format.
func TestTabcmdListFlows(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv := startServer(t)
	r := newTabcmd(t, srv)
	c := sdk(t, srv, "")
	fl := must(c.Flows.PublishFile(t.Context(), tsc.Flow{}, filepath.Join(r.e.files, "flows", "Sales Prep.tfl"), tsc.PublishOptions{}))(t)
	r.ok(t, "", []string{"ID: " + fl.ID}, "list", "flows")
	r.ok(t, "", []string{"NAME: Sales Prep", "OWNER: " + c.Session().UserID}, "list", "flows", "--name", "--owner")
	r.ok(t, "", []string{fl.ID + ", Sales Prep"}, "list", "flows", "--machine", "--name")
}
