package schedules_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tsc-go/tsc/internal/cli/clitest"
	"github.com/tsc-go/tsc/tsctest"
)

type fixedClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fixedClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func testdata(parts ...string) string {
	return filepath.Join(append([]string{"..", "..", "..", "testdata"}, parts...)...)
}

// TestSchedulesAndTasks drives schedules and tasks as an administrator
// would: create schedules, put content on them, let the clock run, and
// look at the tasks and jobs.
func TestSchedulesAndTasks(t *testing.T) {
	clk := &fixedClock{now: time.Date(2026, 3, 2, 9, 5, 0, 0, time.UTC)}
	e := clitest.New(t, tsctest.WithClock(clk.Now), tsctest.WithJobDuration(time.Second), tsctest.WithSessionLifetime(72*time.Hour))
	e.Login("")
	e.MustRun("workbooks", "publish", testdata("workbooks", "Sales.twbx"))
	e.MustRun("datasources", "publish", testdata("datasources", "Orders.tdsx"))

	e.MustRun("schedules", "create", "Business hours", "--type", "Extract", "--frequency", "Hourly", "--start", "08:00", "--end", "18:00", "--every", "2h")
	out := e.MustRun("schedules", "create", "Nightly", "--type", "extract", "--frequency", "daily", "--start", "02:30", "--priority", "20", "-o", "json")
	var s struct {
		ID, Name, Type, Frequency, NextRunAt, Start string
		Priority                                    int
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil || s.Name != "Nightly" || s.Type != "Extract" || s.Priority != 20 ||
		s.NextRunAt != "2026-03-03T02:30:00Z" || s.Start != "02:30:00" {
		t.Fatalf("create: %v %+v", err, s)
	}
	e.MustRun("schedules", "create", "Weekends", "--type", "Subscription", "--frequency", "Weekly", "--start", "06:00", "--weekday", "Saturday,Sunday")
	e.Golden("list", e.MustRun("schedules", "list"))
	e.Golden("get", e.MustRun("schedules", "get", "Weekends"))

	// Tableau's rules, with the server's message.
	r := e.Run("schedules", "create", "Bad", "--type", "Extract", "--frequency", "Hourly", "--start", "08:00", "--end", "18:00", "--every", "3h")
	clitest.Contains(t, r.Stderr, "400000", "1, 2, 4, 6, 8 or 12")
	if r.Code == 0 {
		t.Errorf("an invalid interval succeeded")
	}
	r = e.Run("schedules", "create", "Bad", "--frequency", "Daily", "--start", "08:00")
	if r.Code != 2 || !strings.Contains(r.Stderr, "--type") {
		t.Errorf("no type: %d %q", r.Code, r.Stderr)
	}

	out = e.MustRun("schedules", "update", "Nightly", "--state", "Suspended", "--name", "Nightly 2", "-o", "json")
	if !strings.Contains(out, `"state": "Suspended"`) || !strings.Contains(out, `"name": "Nightly 2"`) {
		t.Errorf("update: %s", out)
	}
	e.MustRun("schedules", "update", "Nightly 2", "--state", "Active")

	e.MustRun("schedules", "add-workbook", "Business hours", "Sales")
	out = e.MustRun("schedules", "add-datasource", "Nightly 2", "Orders", "-o", "json")
	var task struct{ ID, ContentType, ScheduleName string }
	if err := json.Unmarshal([]byte(out), &task); err != nil || task.ContentType != "datasource" || task.ScheduleName != "Nightly 2" {
		t.Fatalf("add-datasource: %v %s", err, out)
	}
	r = e.Run("schedules", "add-datasource", "Weekends", "Orders")
	clitest.Contains(t, r.Stderr, "Subscription schedule")

	// A day passes: 10:00..18:00 and 08:00 the next morning every 2 hours, and 02:30 at night.
	if err := e.Server.Advance(24 * time.Hour); err != nil {
		t.Fatal(err)
	}
	if out := e.MustRun("jobs", "list", "--fields", "title", "-o", "csv"); strings.Count(out, "Sales") != 6 || strings.Count(out, "Orders") != 1 {
		t.Errorf("after a day:\n%s", out)
	}

	list := e.MustRun("tasks", "list", "-o", "json")
	if strings.Count(list, `"id"`) != 2 {
		t.Errorf("tasks list: %s", list)
	}
	got := e.MustRun("tasks", "get", task.ID, "-o", "json")
	clitest.Contains(t, got, task.ID, `"consecutiveFailedCount": 0`)
	var job struct{ ID, Type string }
	if err := json.Unmarshal([]byte(e.MustRun("tasks", "run", task.ID, "-o", "json")), &job); err != nil || job.Type != "RefreshExtract" {
		t.Fatalf("tasks run: %v %+v", err, job)
	}
	if err := e.Server.Advance(2 * time.Second); err != nil {
		t.Fatal(err)
	}
	clitest.Contains(t, e.MustRun("jobs", "get", job.ID, "-o", "json"), `"status": "Success"`)
	if out := e.MustRun("tasks", "delete", task.ID); !strings.Contains(out, "Deleted task "+task.ID) {
		t.Errorf("delete task: %q", out)
	}
	r = e.Run("tasks", "get", task.ID)
	if r.Code != 4 {
		t.Errorf("deleted task: %d %q", r.Code, r.Stderr)
	}
	e.MustRun("schedules", "delete", "Weekends", "--yes")
	if out := e.MustRun("schedules", "list", "--fields", "name", "-o", "csv"); out != "name\nBusiness hours\nNightly 2\n" {
		t.Errorf("after delete: %q", out)
	}
}
