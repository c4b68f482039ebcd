package compat_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// TestTSCExtracts runs extracts.py: TSC's create_extract, delete_extract,
// refresh(incremental=True) and the site's encrypt/decrypt/reencrypt, then
// reads with the SDK what they left.
func TestTSCExtracts(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv := startServer(t)
	ids := seedCompat(t, srv)
	wb, ds := publishSales(t, srv, ids)
	runScript(t, srv, "extracts", ids)
	c := sdk(t, srv, "compat")
	counts := map[string]int{}
	for j, err := range c.Jobs.All(t.Context(), tsc.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		counts[j.JobType]++
	}
	want := map[string]int{"increment_extracts": 2, "delete_extracts": 2, "create_extracts": 2, "encrypt_extracts": 1, "reencrypt_extracts": 1, "decrypt_extracts": 1}
	for k, n := range want {
		if counts[k] != n {
			t.Errorf("%s jobs: %d, want %d (all: %v)", k, counts[k], n, counts)
		}
	}
	var wbHas bool
	for w, err := range c.Workbooks.All(t.Context(), tsc.ListOptions{Fields: []string{tsc.FieldsAll}}) {
		if err != nil {
			t.Fatal(err)
		}
		if w.ID == wb.ID {
			wbHas = *w.HasExtracts
		}
	}
	d := must(c.Datasources.Get(t.Context(), ds.ID))(t)
	if !wbHas || !*d.HasExtracts {
		t.Errorf("after the script: workbook hasExtracts %v, data source %v", wbHas, *d.HasExtracts)
	}
	if site := must(c.Sites.Get(t.Context(), c.Session().SiteID))(t); site.ExtractEncryptionMode != "disabled" {
		t.Errorf("extractEncryptionMode %q, want disabled", site.ExtractEncryptionMode)
	}
}

// subscriptionSchedule makes a daily Subscription schedule at 08:00.
func subscriptionSchedule(t *testing.T, srv *tsctest.Server) string {
	t.Helper()
	c := sdk(t, srv, "")
	sch := must(c.Schedules.Create(t.Context(), tsc.Schedule{Name: "Mornings", Type: tsc.ScheduleSubscription, Frequency: "Daily",
		FrequencyDetails: &tsc.FrequencyDetails{Start: "08:00:00", Intervals: &tsc.IntervalList{Intervals: []tsc.Interval{{Hours: "24"}}}}}))(t)
	return sch.ID
}

// TestTSCSubscriptions runs subscriptions.py, then lets a day pass: the
// subscription TSC suspended sends nothing, and after resuming it with the
// SDK the next day's message is in the outbox.
func TestTSCSubscriptions(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv := startServer(t)
	ids := seedCompat(t, srv)
	publishSales(t, srv, ids)
	ids["schedule_id"] = subscriptionSchedule(t, srv)
	res := runScript(t, srv, "subscriptions", ids)
	c := sdk(t, srv, "compat")
	id := res.str(t, "subscription_id")
	if err := srv.Advance(25 * time.Hour); err != nil {
		t.Fatal(err)
	}
	if msgs := must(srv.Outbox())(t); len(msgs) != 0 {
		t.Errorf("%d messages from a suspended subscription", len(msgs))
	}
	must(c.Subscriptions.Update(t.Context(), tsc.Subscription{ID: id, Suspended: tsc.Bool(false)}))(t)
	if err := srv.Advance(24 * time.Hour); err != nil {
		t.Fatal(err)
	}
	msgs := must(srv.Outbox())(t)
	if len(msgs) != 1 || msgs[0].SourceID != id || msgs[0].UserName != "alice" || len(msgs[0].Attachments) != 2 {
		t.Fatalf("outbox after a day: %+v", msgs)
	}
}

// TestTSCDataAlerts seeds two alerts and runs data_alerts.py.
func TestTSCDataAlerts(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv := startServer(t)
	ids := seedCompat(t, srv)
	publishSales(t, srv, ids)
	for _, a := range []tsctest.DataAlertSeed{
		{Site: "compat", ViewID: ids["view_id"].(string), Owner: srv.AdminUsername, Subject: "Sales high", Condition: "above", Threshold: 1e9, Recipients: []string{"alice"}},
		{Site: "compat", ViewID: ids["view_id"].(string), Owner: srv.AdminUsername, Subject: "Sales low", Condition: "below", Threshold: 0},
	} {
		must(srv.CreateDataAlert(a))(t)
	}
	runScript(t, srv, "data_alerts", ids)
	c := sdk(t, srv, "compat")
	alerts, _, err := c.DataAlerts.List(t.Context(), tsc.ListOptions{})
	if err != nil || len(alerts) != 1 || alerts[0].Subject != "Sales very high" || alerts[0].Frequency != "AsFrequentlyAsPossible" {
		t.Errorf("alerts after the script: %+v, %v", alerts, err)
	}
}

// TestTSCWebhooks runs webhooks.py against a loopback destination, then
// publishes a workbook with the SDK: the webhook TSC created delivers
// Tableau's payload there (the test request first, then the event).
func TestTSCWebhooks(t *testing.T) {
	needClients(t)
	t.Parallel()
	var mu sync.Mutex
	var got []string
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, r.URL.Path+" "+string(b))
		mu.Unlock()
	}))
	defer rcv.Close()
	srv := startServer(t)
	ids := seedCompat(t, srv)
	ids["url"] = rcv.URL
	res := runScript(t, srv, "webhooks", ids)
	publishSales(t, srv, ids)
	ds := must(srv.WebhookDeliveries())(t)
	if len(ds) != 2 || ds[1].WebhookID != res.str(t, "webhook_id") || ds[1].State != "delivered" {
		t.Fatalf("deliveries %+v", ds)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 || got[0] != "/workbooks " || !strings.HasPrefix(got[1], `/workbooks {"resource":"WORKBOOK","event_type":"WorkbookCreated","resource_name":"Sales"`) {
		t.Errorf("destination got %q", got)
	}
}
