package permissions_test

import (
	"encoding/json"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/clitest"
	"github.com/tsc-go/tsc/tsctest"
)

// TestExplainPersonalSpace: `permissions explain` on Tableau Cloud reads a
// workbook's Personal Space location and decides as the server does: a
// Creator has nothing on the administrator's Personal Space workbook, by
// the Personal Space fact, and its owner cannot change its permissions.
func TestExplainPersonalSpace(t *testing.T) {
	e := clitest.New(t, tsctest.WithCloud())
	srv := e.Server
	// The SDK first: signing in with the same token later ends its session.
	c := srv.MustClient(t)
	if _, err := srv.SeedUser("", "bob", tsc.SiteRoleCreator); err != nil {
		t.Fatal(err)
	}
	wb, err := c.Workbooks.PublishFile(t.Context(), tsc.Workbook{Name: "Draft"}, salesTWBX, tsc.PublishOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Workbooks.Update(t.Context(), tsc.Workbook{ID: wb.ID, Location: tsc.PersonalSpace()}); err != nil {
		t.Fatal(err)
	}
	e.MustRun("login", "-s", srv.URL, "-t", srv.Site, "--token-name", srv.TokenName, "--token-value", srv.TokenSecret)
	type decision struct {
		Capability, Mode, DecidedBy, Reason string
		Allowed                             bool
	}
	explain := func(user string) map[tsc.Capability]decision {
		t.Helper()
		var ds []decision
		if err := json.Unmarshal([]byte(e.MustRun("permissions", "explain", "--user", user, "workbook", wb.ID, "-o", "json")), &ds); err != nil {
			t.Fatal(err)
		}
		out := map[tsc.Capability]decision{}
		for _, d := range ds {
			out[tsc.Capability(d.Capability)] = d
		}
		return out
	}
	bob := explain("bob")
	if d := bob[tsc.CapRead]; d.Allowed || d.DecidedBy != "personal space" {
		t.Errorf("bob Read: %+v, want denied by personal space", d)
	}
	admin := explain(srv.AdminUsername)
	if d := admin[tsc.CapRead]; !d.Allowed {
		t.Errorf("owner Read: %+v", d)
	}
	if d := admin[tsc.CapChangePermissions]; d.Allowed || d.DecidedBy != "personal space" {
		t.Errorf("owner ChangePermissions: %+v, want denied by personal space", d)
	}
}
