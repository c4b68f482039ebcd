package favorites_test

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/clitest"
)

// TestFavorites drives `tabctl favorites` against the emulator: what add,
// move and delete do is what the server then lists, for the signed-in user
// and, as an administrator, for another.
func TestFavorites(t *testing.T) {
	e := clitest.New(t)
	ctx := t.Context()
	c := e.Server.MustClient(t)
	wb, err := c.Workbooks.PublishFile(ctx, tsc.Workbook{Name: "Sales"}, filepath.Join("..", "..", "..", "testdata", "workbooks", "Sales.twbx"), tsc.PublishOptions{})
	if err != nil {
		t.Fatal(err)
	}
	proj, err := c.Projects.Create(ctx, tsc.Project{Name: "Finance"})
	if err != nil {
		t.Fatal(err)
	}
	ann, err := e.Server.SeedUser("", "ann", tsc.SiteRoleViewer)
	if err != nil {
		t.Fatal(err)
	}
	e.Login("")

	e.MustRun("favorites", "add", "workbook", "Sales")
	e.MustRun("favorites", "add", "projects", "Finance", "--label", "Money")
	var rows []struct {
		Position              *int
		Label, Type, ID, Name string
	}
	out := e.MustRun("favorites", "list", "-o", "json")
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(rows) != 2 || rows[0].ID != wb.ID || rows[0].Label != "Sales" || *rows[0].Position != 0 ||
		rows[1].Type != "project" || rows[1].ID != proj.ID || rows[1].Label != "Money" || rows[1].Name != "Finance" {
		t.Fatalf("listed %+v", rows)
	}
	e.MustRun("favorites", "move", "workbook", "Sales", "--after", "project:Finance")
	favs, err := c.Favorites.List(ctx, c.Session().UserID)
	if err != nil || len(favs) != 2 || favs[0].Kind() != tsc.FavoriteProject || favs[1].ItemID() != wb.ID {
		t.Fatalf("after move: %+v, %v", favs, err)
	}
	e.MustRun("favorites", "delete", "project", "Finance")
	clitest.Contains(t, e.MustRun("favorites", "list"), "Sales")

	// A flow, by name as by id.
	fl, err := c.Flows.PublishFile(ctx, tsc.Flow{}, filepath.Join("..", "..", "..", "testdata", "flows", "Sales Prep.tfl"), tsc.PublishOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e.MustRun("favorites", "add", "flow", "Sales Prep")
	favs, err = c.Favorites.List(ctx, c.Session().UserID)
	if err != nil || len(favs) != 2 || favs[1].Kind() != tsc.FavoriteFlow || favs[1].ItemID() != fl.ID || favs[1].Label != "Sales Prep" {
		t.Fatalf("after adding the flow: %+v, %v", favs, err)
	}
	e.MustRun("favorites", "delete", "flow", fl.ID)

	// Another user's list, as an administrator.
	e.MustRun("favorites", "add", "workbook", wb.ID, "--user", "ann")
	if favs, err := c.Favorites.List(ctx, ann.ID); err != nil || len(favs) != 1 || favs[0].ItemID() != wb.ID {
		t.Fatalf("ann's favorites: %+v, %v", favs, err)
	}

	// Refusals: usage errors exit 2, a bad reference 1, not found 4.
	for _, args := range [][]string{
		{"favorites", "add", "banana", "Sales"},
		{"favorites", "move", "workbook", "Sales"},
		{"favorites", "move", "workbook", "Sales", "--after", "Sales"},
	} {
		if r := e.Run(args...); r.Code != 2 {
			t.Errorf("%v: exit %d, %s", args, r.Code, r.Stderr)
		}
	}
	if r := e.Run("favorites", "add", "metric", "not-an-id"); r.Code != 1 {
		t.Errorf("a metric by name: exit %d, %s", r.Code, r.Stderr)
	}
	if r := e.Run("favorites", "add", "flow", "No Such Flow"); r.Code != 4 {
		t.Errorf("a missing flow: exit %d, %s", r.Code, r.Stderr)
	}
	if r := e.Run("favorites", "delete", "project", "Finance"); r.Code != 4 { // not found
		t.Errorf("deleting a favorite twice: exit %d, %s", r.Code, r.Stderr)
	}
}
