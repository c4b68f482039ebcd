package tabcmd_test

import (
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/clitest"
	"github.com/tsc-go/tsc/tsctest"
)

type stillClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *stillClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func TestRunSchedule(t *testing.T) {
	clk := &stillClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	e := clitest.New(t, tsctest.WithClock(clk.Now), tsctest.WithJobDuration(time.Second))
	e.Login("")
	e.MustRun("workbooks", "publish", "../../../testdata/workbooks/Sales.twbx")
	e.MustRun("datasources", "publish", "../../../testdata/datasources/Orders.tdsx")
	e.MustRun("schedules", "create", "Nightly", "--type", "Extract", "--frequency", "Daily", "--start", "02:00")
	e.MustRun("schedules", "create", "Empty", "--type", "Extract", "--frequency", "Daily", "--start", "03:00")
	e.MustRun("schedules", "add-workbook", "Nightly", "Sales")
	e.MustRun("schedules", "add-datasource", "Nightly", "Orders")

	out := e.MustRun("runschedule", "Nightly")
	if !strings.HasPrefix(out, "Running schedule 'Nightly' on the server...\n") || strings.Count(out, "queued as job") != 2 {
		t.Fatalf("runschedule: %q", out)
	}
	ids := regexp.MustCompile(`job ([0-9a-f-]{36})`).FindAllStringSubmatch(out, -1)
	c := e.Server.MustClient(t)
	for _, m := range ids {
		j, err := c.Jobs.Get(t.Context(), m[1])
		if err != nil || j.Type != "RefreshExtract" {
			t.Errorf("job %s: %v %+v", m[1], err, j)
		}
	}
	if out := e.MustRun("runschedule", "Empty"); !strings.Contains(out, "no extract refresh on this site") {
		t.Errorf("empty schedule: %q", out)
	}
	r := e.Run("runschedule", "NoSuch")
	if r.Code != 1 || !strings.Contains(r.Stderr, "NoSuch") { // tabcmd exits 1 on any failure
		t.Errorf("unknown schedule: %d %q", r.Code, r.Stderr)
	}
	r = e.Run("runschedule")
	if r.Code != 2 {
		t.Errorf("no schedule: %d %q", r.Code, r.Stderr)
	}
	var n int
	for _, err := range c.Jobs.All(t.Context(), tsc.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 2 {
		t.Errorf("%d jobs, want the 2 the schedule ran", n)
	}
}
