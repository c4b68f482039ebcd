package serve

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/iostreams"
)

// TestServeSeedsInBulk starts a server with seeded users and workbooks and
// finds them through the API as soon as the url line is out.
func TestServeSeedsInBulk(t *testing.T) {
	s := start(t, "--no-log", "--seed-users", "1500", "--seed-workbooks", "40", "--seed-views-per", "2", "--seed-connections-per", "1")
	c, err := tsc.NewClient(s.info["url"])
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.SignIn(ctx, tsc.Password(s.info["username"], s.info["password"], "")); err != nil {
		t.Fatal(err)
	}
	_, p, err := c.Users.List(ctx, tsc.ListOptions{PageSize: 1})
	if err != nil || p.TotalAvailable != 1501 {
		t.Errorf("users: %d, %v", p.TotalAvailable, err)
	}
	wbs, p, err := c.Workbooks.List(ctx, tsc.ListOptions{PageSize: 1})
	if err != nil || p.TotalAvailable != 40 || len(wbs) != 1 {
		t.Fatalf("workbooks: %d, %v", p.TotalAvailable, err)
	}
	conns, err := c.Workbooks.Connections(ctx, wbs[0].ID)
	if err != nil || len(conns) != 1 {
		t.Errorf("connections %+v, %v", conns, err)
	}
}

func TestServeRefusesNegativeSeeds(t *testing.T) {
	for _, flag := range []string{"--seed-users", "--seed-workbooks", "--seed-views-per", "--seed-connections-per"} {
		f := &cmdutil.Factory{IO: &iostreams.IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard}, Globals: &cmdutil.GlobalOptions{}}
		cmd := NewCmdServe(f)
		cmd.SetArgs([]string{"--addr", "127.0.0.1:0", flag, "-1"})
		cmd.SetOut(io.Discard)
		cmd.SetErr(io.Discard)
		if err := cmd.Execute(); err == nil || !cmdutil.IsUsageError(err) {
			t.Errorf("serve %s -1: %v, want a usage error", flag, err)
		}
	}
}
