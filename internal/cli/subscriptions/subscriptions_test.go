package subscriptions_test

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/clitest"
	"github.com/tsc-go/tsc/tsctest"
)

// TestSubscriptionsAndAlerts drives `tabctl subscriptions` and
// `tabctl data-alerts` against the emulator: what the commands create and
// change is what the server then holds and sends.
func TestSubscriptionsAndAlerts(t *testing.T) {
	e := clitest.New(t, tsctest.WithJobDuration(time.Millisecond))
	ctx := t.Context()
	c := e.Server.MustClient(t)
	wb, err := c.Workbooks.PublishFile(ctx, tsc.Workbook{Name: "Sales"}, filepath.Join("..", "..", "..", "testdata", "workbooks", "Sales.twbx"), tsc.PublishOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Schedules.Create(ctx, tsc.Schedule{Name: "Mornings", Type: tsc.ScheduleSubscription, Frequency: "Daily",
		FrequencyDetails: &tsc.FrequencyDetails{Start: "07:00:00", Intervals: &tsc.IntervalList{Intervals: []tsc.Interval{{Hours: "24"}}}}}); err != nil {
		t.Fatal(err)
	}
	ann, err := e.Server.SeedUser("", "ann", tsc.SiteRoleViewer)
	if err != nil {
		t.Fatal(err)
	}
	e.Login("")

	var row struct {
		ID, Subject, ContentType, ContentID, ScheduleName, UserName, PageSizeOption string
		AttachPdf, Suspended                                                        *bool
	}
	out := e.MustRun("subscriptions", "create", "--workbook", "Sales", "--schedule", "Mornings", "--subject", "Sales today",
		"--user", "ann", "--attach-pdf", "--page-size", "a4", "-o", "json")
	if err := json.Unmarshal([]byte(out), &row); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if row.ContentType != "Workbook" || row.ContentID != wb.ID || row.ScheduleName != "Mornings" || row.UserName != "ann" ||
		row.PageSizeOption != "A4" || !*row.AttachPdf || *row.Suspended {
		t.Errorf("created %+v", row)
	}
	clitest.Contains(t, e.MustRun("subscriptions", "list"), "Sales today", "Mornings", "ann")
	out = e.MustRun("subscriptions", "update", "Sales today", "--suspended", "-o", "json")
	json.Unmarshal([]byte(out), &row)
	if !*row.Suspended {
		t.Errorf("not suspended: %s", out)
	}
	if r := e.Run("subscriptions", "update", "Sales today"); r.Code != 2 {
		t.Errorf("update with nothing to change: exit %d, %s", r.Code, r.Stderr)
	}
	if r := e.Run("subscriptions", "create", "--view", "Nope", "--schedule", "Mornings", "--subject", "x"); r.Code == 0 {
		t.Error("a subscription to an unknown view was created")
	}
	e.MustRun("subscriptions", "delete", "Sales today")
	if subs, _, _ := c.Subscriptions.List(ctx, tsc.ListOptions{}); len(subs) != 0 {
		t.Errorf("%d subscriptions left after delete", len(subs))
	}

	// Data alerts: made by the seed helper, then managed with tabctl.
	views, _, err := c.Views.List(ctx, tsc.ViewListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	id, err := e.Server.CreateDataAlert(tsctest.DataAlertSeed{ViewID: views[0].ID, Owner: e.Server.AdminUsername, Subject: "Sales high",
		Condition: "above", Threshold: 1})
	if err != nil {
		t.Fatal(err)
	}
	clitest.Contains(t, e.MustRun("data-alerts", "list"), "Sales high", "above 1", "Once")
	e.MustRun("data-alerts", "add-user", "Sales high", "ann")
	var alert struct {
		ID, Frequency string
		Recipients    []string
	}
	json.Unmarshal([]byte(e.MustRun("data-alerts", "get", id, "-o", "json")), &alert)
	if len(alert.Recipients) != 2 {
		t.Errorf("recipients %v, want the owner and ann", alert.Recipients)
	}
	json.Unmarshal([]byte(e.MustRun("data-alerts", "update", "Sales high", "--frequency", "daily", "-o", "json")), &alert)
	if alert.Frequency != "Daily" {
		t.Errorf("frequency %q", alert.Frequency)
	}
	e.MustRun("data-alerts", "remove-user", "Sales high", ann.ID)
	if a, _ := c.DataAlerts.Get(ctx, id); a == nil || len(a.Recipients.Recipients) != 1 {
		t.Errorf("after remove-user: %+v", a)
	}
	if r := e.Run("data-alerts", "update", "Sales high", "--frequency", "sometimes"); r.Code != 2 {
		t.Errorf("a bad frequency: exit %d %s", r.Code, r.Stderr)
	}
	e.MustRun("data-alerts", "delete", "Sales high")
	if _, err := c.DataAlerts.Get(ctx, id); err == nil {
		t.Error("the alert is still there")
	}
}
