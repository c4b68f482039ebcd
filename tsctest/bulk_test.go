package tsctest_test

import (
	"context"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// TestSeedBulk seeds a site in bulk from the Seed option and walks it
// through the SDK, as a seeded user.
func TestSeedBulk(t *testing.T) {
	srv := tsctest.NewServer(t, tsctest.WithSeed(func(s *tsctest.Server) error {
		if _, err := s.SeedSite("Big", "big"); err != nil {
			return err
		}
		if err := s.SeedBulkUsers("big", 300); err != nil {
			return err
		}
		return s.SeedBulkWorkbooks("big", "", 120, 2, 3)
	}))
	c, err := srv.ClientAs(ctx, "big", srv.AdminUsername)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for u, err := range c.Users.All(ctx, tsc.ListOptions{PageSize: 100}) {
		if err != nil {
			t.Fatal(err)
		}
		if u.Name == "" {
			t.Errorf("unnamed user %+v", u)
		}
		n++
	}
	// The seeded users and the administrator, a member of every site.
	if n != 301 {
		t.Errorf("listed %d users", n)
	}
	conns := 0
	conn := func(ctx context.Context, wb tsc.Workbook) ([]tsc.Connection, error) {
		return c.Workbooks.Connections(ctx, wb.ID)
	}
	for r, err := range tsc.Map(ctx, c.Workbooks.All(ctx, tsc.ListOptions{}), conn, tsc.MapOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		conns += len(r.Value)
	}
	if conns != 360 {
		t.Errorf("%d connections", conns)
	}
}
