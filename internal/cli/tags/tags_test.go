package tags_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/clitest"
)

// TestGapsCommands drives issue 16 part 8's commands against the emulator:
// tags add|delete over several kinds, views delete, workbooks and data
// sources update-connections and delete-revision, tokens revoke-admin.
func TestGapsCommands(t *testing.T) {
	e := clitest.New(t)
	ctx := t.Context()
	c := e.Server.MustClient(t)
	testdata := filepath.Join("..", "..", "..", "testdata")
	wb, err := c.Workbooks.PublishFile(ctx, tsc.Workbook{Name: "Sales"}, filepath.Join(testdata, "workbooks", "Sales.twbx"), tsc.PublishOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ds, err := c.Datasources.PublishFile(ctx, tsc.Datasource{Name: "Orders"}, filepath.Join(testdata, "datasources", "Orders.tdsx"), tsc.PublishOptions{})
	if err != nil {
		t.Fatal(err)
	}
	views, err := c.Workbooks.Views(ctx, wb.ID, false)
	if err != nil || len(views) < 2 {
		t.Fatalf("views %v, %v", views, err)
	}
	e.Login("")

	// Tags on a workbook, a data source and a view in one call.
	e.MustRun("tags", "add", "q3", "kpi", "--workbook", "Sales", "--datasource", "Orders", "--view", views[0].ID)
	tagsOf := func() (w, d, v []string) {
		gw, _ := c.Workbooks.Get(ctx, wb.ID)
		gd, _ := c.Datasources.Get(ctx, ds.ID)
		gv, _ := c.Views.Get(ctx, views[0].ID)
		w, d, v = gw.Tags.Labels(), gd.Tags.Labels(), gv.Tags.Labels()
		slices.Sort(w)
		slices.Sort(d)
		slices.Sort(v)
		return
	}
	if w, d, v := tagsOf(); !slices.Equal(w, []string{"kpi", "q3"}) || !slices.Equal(d, w) || !slices.Equal(v, w) {
		t.Fatalf("after tags add: %v %v %v", w, d, v)
	}
	e.MustRun("tags", "delete", "q3", "--workbook", "Sales", "--datasource", "Orders", "--view", views[0].ID)
	if w, d, v := tagsOf(); !slices.Equal(w, []string{"kpi"}) || !slices.Equal(d, w) || !slices.Equal(v, w) {
		t.Fatalf("after tags delete: %v %v %v", w, d, v)
	}
	if r := e.Run("tags", "add", "q3"); r.Code != 2 {
		t.Errorf("tags add without items: exit %d", r.Code)
	}

	// Credential rotation over every connection.
	e.MustRun("workbooks", "update-connections", "Sales", "--all", "--auth-type", "Username Password", "--username", "svc", "--password", "pw", "--embed-password")
	conns, _ := c.Workbooks.Connections(ctx, wb.ID)
	for _, cn := range conns {
		if cn.UserName != "svc" || cn.AuthenticationType != "Username Password" {
			t.Errorf("after rotation %+v", cn)
		}
	}
	dsConns, _ := c.Datasources.Connections(ctx, ds.ID)
	e.MustRun("datasources", "update-connections", "Orders", "--connection", dsConns[0].ID, "--auth-type", "Username Password", "--username", "ds")
	if got, _ := c.Datasources.Connections(ctx, ds.ID); got[0].UserName != "ds" {
		t.Errorf("data source connection %+v", got[0])
	}
	for _, args := range [][]string{
		{"workbooks", "update-connections", "Sales", "--auth-type", "x"},
		{"workbooks", "update-connections", "Sales", "--all"},
	} {
		if r := e.Run(args...); r.Code != 2 {
			t.Errorf("%v: exit %d", args, r.Code)
		}
	}

	// Revisions: publish again, delete the first; deleting needs --yes here.
	if _, err := c.Workbooks.PublishFile(ctx, tsc.Workbook{Name: "Sales"}, filepath.Join(testdata, "workbooks", "Sales.twbx"), tsc.PublishOptions{Mode: tsc.PublishOverwrite}); err != nil {
		t.Fatal(err)
	}
	if r := e.Run("workbooks", "delete-revision", "Sales", "1"); r.Code != 2 {
		t.Errorf("delete-revision without --yes: exit %d", r.Code)
	}
	e.MustRun("workbooks", "delete-revision", "Sales", "1", "--yes")
	revs, _, err := c.Workbooks.Revisions(ctx, wb.ID, tsc.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range revs {
		if r.RevisionNumber == 1 && (r.Deleted == nil || !*r.Deleted) {
			t.Errorf("revision 1 after delete-revision: %+v", r)
		}
	}

	// Delete a view.
	e.MustRun("views", "delete", views[1].ID, "--yes")
	if _, err := c.Views.Get(ctx, views[1].ID); err == nil {
		t.Error("the view is still there")
	}

	// Tokens: the administrator's token stops signing in.
	if err := e.Server.SeedPersonalAccessToken(c.Session().UserID, "ci", "ci-secret"); err != nil {
		t.Fatal(err)
	}
	e.MustRun("tokens", "revoke-admin", "--yes")
	other, _ := e.Server.NewClient()
	if err := other.SignIn(ctx, tsc.PersonalAccessToken("ci", "ci-secret", "")); err == nil {
		t.Error("the revoked token signs in")
	}
}

// TestTagsFlowsAndVirtualConnections: `tabctl tags` names flows and
// virtual connections by name, in the same batch as a workbook.
func TestTagsFlowsAndVirtualConnections(t *testing.T) {
	e := clitest.New(t)
	ctx := t.Context()
	c := e.Server.MustClient(t)
	testdata := filepath.Join("..", "..", "..", "testdata")
	fl, err := c.Flows.PublishFile(ctx, tsc.Flow{}, filepath.Join(testdata, "flows", "Sales Prep.tfl"), tsc.PublishOptions{})
	if err != nil {
		t.Fatal(err)
	}
	doc := `{"policyCollection":{"luid":"34ae5eb9-ceac-4158-86f1-a5d8163d5261","policies":[]},` +
		`"revision":{"luid":"1b2e2aae-b904-4f5a-aa4d-9f114b8e5f57","revisableProperties":{}},` +
		`"connections":[{"dbClass":"postgres","server":"db.example.com","port":5432,"username":"pg","database":"sales"}]}`
	vc, err := c.VirtualConnections.Publish(ctx, tsc.VirtualConnection{Name: "Warehouse", Project: fl.Project,
		Owner: &tsc.User{ID: c.Session().UserID}}, doc, tsc.PublishCreateNew)
	if err != nil {
		t.Fatal(err)
	}
	e.Login("")
	tagsOf := func() (f, v []string) {
		gf, err := c.Flows.Get(ctx, fl.ID)
		if err != nil {
			t.Fatal(err)
		}
		gv, err := c.VirtualConnections.Get(ctx, vc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if gf.Tags != nil {
			f = gf.Tags.Labels()
		}
		if gv.Tags != nil {
			v = gv.Tags.Labels()
		}
		slices.Sort(f)
		slices.Sort(v)
		return f, v
	}
	e.MustRun("tags", "add", "prep", "q3", "--flow", "Sales Prep", "--virtual-connection", "Warehouse")
	if f, v := tagsOf(); !slices.Equal(f, []string{"prep", "q3"}) || !slices.Equal(v, f) {
		t.Fatalf("after tags add: %v %v", f, v)
	}
	e.MustRun("tags", "delete", "q3", "--flow", fl.ID, "--virtual-connection", "Warehouse")
	if f, v := tagsOf(); !slices.Equal(f, []string{"prep"}) || !slices.Equal(v, f) {
		t.Fatalf("after tags delete: %v %v", f, v)
	}
	if r := e.Run("tags", "add", "x", "--flow", "No Such Flow"); r.Code != 4 {
		t.Errorf("a missing flow: exit %d, %s", r.Code, r.Stderr)
	}
}
