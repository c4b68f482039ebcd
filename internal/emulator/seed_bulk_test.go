package emulator_test

import (
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/emulator"
)

func newBulkServer(t testing.TB) (*emulator.Server, *tsc.Client) {
	t.Helper()
	emu, err := emulator.New(emulator.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	if err := emu.Bootstrap(t.Context(), emulator.Admin{Name: "admin", Password: "pw"}); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(emu)
	t.Cleanup(ts.Close)
	c, err := tsc.NewClient(ts.URL, tsc.WithVersion("3.29"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SignIn(t.Context(), tsc.Password("admin", "pw", "")); err != nil {
		t.Fatal(err)
	}
	return emu, c
}

// TestSeedBulkUsers seeds more users than one batch holds, twice, and reads
// them back through the API: names numbered on, roles mixed, every one in
// All Users.
func TestSeedBulkUsers(t *testing.T) {
	emu, c := newBulkServer(t)
	ctx := t.Context()
	if err := emu.SeedBulkUsers(ctx, "", 2500); err != nil {
		t.Fatal(err)
	}
	if err := emu.SeedBulkUsers(ctx, "", 10); err != nil {
		t.Fatal(err)
	}
	_, p, err := c.Users.List(ctx, tsc.ListOptions{PageSize: 1})
	if err != nil || p.TotalAvailable != 2511 {
		t.Fatalf("total %d (admin + 2510), %v", p.TotalAvailable, err)
	}
	us, _, err := c.Users.List(ctx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "user002510")}})
	if err != nil || len(us) != 1 || us[0].FullName != "User 002510" || us[0].Email != "user002510@example.com" || us[0].SiteRole != tsc.SiteRoleExplorer {
		t.Fatalf("user002510 = %+v, %v", us, err)
	}
	_, p, err = c.Users.List(ctx, tsc.ListOptions{PageSize: 1, Filters: []tsc.Filter{tsc.Eq("siteRole", string(tsc.SiteRoleCreator))}})
	if err != nil || p.TotalAvailable != 2510/50 {
		t.Errorf("creators: %d, %v", p.TotalAvailable, err)
	}
	// The trigger set aside while seeding is back: a user added now is
	// listed by name.
	if _, err := c.Users.Add(ctx, tsc.User{Name: "zed", SiteRole: tsc.SiteRoleViewer}); err != nil {
		t.Fatal(err)
	}
	if us, _, err := c.Users.List(ctx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "zed")}}); err != nil || len(us) != 1 {
		t.Fatalf("zed = %+v, %v", us, err)
	}
	gs, _, err := c.Groups.List(ctx, tsc.ListOptions{})
	if err != nil || len(gs) != 1 {
		t.Fatalf("groups %+v, %v", gs, err)
	}
	_, p, err = c.Groups.Users(ctx, gs[0].ID, tsc.ListOptions{PageSize: 1})
	if err != nil || p.TotalAvailable != 2512 {
		t.Errorf("All Users has %d members, %v", p.TotalAvailable, err)
	}
}

// TestSeedBulkWorkbooks seeds workbooks with views and connections and
// reads them back through the API.
func TestSeedBulkWorkbooks(t *testing.T) {
	emu, c := newBulkServer(t)
	ctx := t.Context()
	if err := emu.SeedBulkUsers(ctx, "", 20); err != nil {
		t.Fatal(err)
	}
	if err := emu.SeedBulkWorkbooks(ctx, "", "", 1200, 3, 2); err != nil {
		t.Fatal(err)
	}
	p, err := emu.SeedProject(ctx, "", "Finance", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := emu.SeedBulkWorkbooks(ctx, "", p.ID, 5, 1, 0); err != nil {
		t.Fatal(err)
	}
	if err := emu.SeedBulkWorkbooks(ctx, "", "no-such-project", 1, 1, 1); err == nil {
		t.Error("seeding into a missing project worked")
	}
	_, page, err := c.Workbooks.List(ctx, tsc.ListOptions{PageSize: 1})
	if err != nil || page.TotalAvailable != 1205 {
		t.Fatalf("workbooks: %d, %v", page.TotalAvailable, err)
	}
	wbs, _, err := c.Workbooks.List(ctx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "workbook001203")}})
	if err != nil || len(wbs) != 1 || wbs[0].Project == nil || wbs[0].Project.Name != "Finance" {
		t.Fatalf("workbook001203 = %+v, %v", wbs, err)
	}
	wbs, _, err = c.Workbooks.List(ctx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "workbook000007")}})
	if err != nil || len(wbs) != 1 {
		t.Fatalf("workbook000007 = %+v, %v", wbs, err)
	}
	views, err := c.Workbooks.Views(ctx, wbs[0].ID, false)
	if err != nil || len(views) != 3 || views[2].Name != "Sheet 3" {
		t.Errorf("views = %+v, %v", views, err)
	}
	conns, err := c.Workbooks.Connections(ctx, wbs[0].ID)
	if err != nil || len(conns) != 2 || conns[1].ServerAddress != "db2.example.com" || conns[0].Type != "postgres" {
		t.Errorf("connections = %+v, %v", conns, err)
	}
	_, vp, err := c.Views.List(ctx, tsc.ViewListOptions{ListOptions: tsc.ListOptions{PageSize: 1}})
	if err != nil || vp.TotalAvailable != 1200*3+5 {
		t.Errorf("views: %d, %v", vp.TotalAvailable, err)
	}
}

// BenchmarkSeedBulkUsers is the cost of seeding a site of 100,000 users.
func BenchmarkSeedBulkUsers(b *testing.B) {
	for _, n := range []int{100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				emu, _ := newBulkServer(b)
				b.StartTimer()
				if err := emu.SeedBulkUsers(b.Context(), "", n); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSeedBulkWorkbooks is the cost of seeding 20,000 workbooks with 5
// views and 2 connections each.
func BenchmarkSeedBulkWorkbooks(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		emu, _ := newBulkServer(b)
		if err := emu.SeedBulkUsers(b.Context(), "", 1000); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := emu.SeedBulkWorkbooks(b.Context(), "", "", 20_000, 5, 2); err != nil {
			b.Fatal(err)
		}
	}
}
