package webhooks_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/tsc-go/tsc/internal/cli/clitest"
)

// TestWebhooks drives `tabctl webhooks` against the emulator: create,
// list, get, update, test and delete, and the refusals.
func TestWebhooks(t *testing.T) {
	var hits atomic.Int32
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusAccepted)
		io.WriteString(w, "thanks")
	}))
	defer rcv.Close()
	e := clitest.New(t)
	e.Login("")

	var row struct {
		ID, Name, Event, URL, StatusChangeReason, OwnerName string
		Enabled                                             *bool
	}
	out := e.MustRun("webhooks", "create", "Refresh failures", "--event", "datasourcerefreshfailed", "--url", rcv.URL+"/in", "-o", "json")
	if err := json.Unmarshal([]byte(out), &row); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if row.ID == "" || row.Event != "DatasourceRefreshFailed" || row.URL != rcv.URL+"/in" || !*row.Enabled || row.OwnerName == "" {
		t.Errorf("created %+v", row)
	}
	clitest.Contains(t, e.MustRun("webhooks", "list"), "Refresh failures", "DatasourceRefreshFailed", rcv.URL)
	clitest.Contains(t, e.MustRun("webhooks", "get", "Refresh failures"), "Refresh failures")
	out = e.MustRun("webhooks", "update", "Refresh failures", "--enabled=false", "--reason", "moving", "-o", "json")
	json.Unmarshal([]byte(out), &row)
	if *row.Enabled || row.StatusChangeReason != "moving" {
		t.Errorf("updated %s", out)
	}
	clitest.Contains(t, e.MustRun("webhooks", "test", "Refresh failures"), "202", "thanks")
	if hits.Load() != 1 {
		t.Errorf("destination got %d requests", hits.Load())
	}
	if r := e.Run("webhooks", "update", "Refresh failures"); r.Code != 2 {
		t.Errorf("update with nothing to change: exit %d, %s", r.Code, r.Stderr)
	}
	if r := e.Run("webhooks", "create", "x", "--event", "Nope", "--url", rcv.URL); r.Code != 2 {
		t.Errorf("unknown event: exit %d, %s", r.Code, r.Stderr)
	}
	if r := e.Run("webhooks", "create", "x", "--event", "WorkbookCreated", "--url", "https://10.0.0.1/"); r.Code != 1 {
		t.Errorf("disallowed destination: exit %d, %s", r.Code, r.Stderr)
	} else {
		clitest.Contains(t, r.Stderr, "allowlist")
	}
	e.MustRun("webhooks", "delete", "Refresh failures")
	if out := e.MustRun("webhooks", "list", "-o", "json"); out != "[]\n" {
		t.Errorf("after delete: %q", out)
	}
}
