package serve

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/iostreams"
)

// adminClient signs in with the printed password.
func adminClient(t *testing.T, s *serving) *tsc.Client {
	t.Helper()
	c, err := tsc.NewClient(s.info["url"])
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SignIn(context.Background(), tsc.Password(s.info["username"], s.info["password"], "")); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestServeWebhookAllow: by default serve delivers to loopback only;
// --webhook-allow replaces the list (here without loopback), the control
// endpoint changes it while serving, the delivery log is readable, and a
// bad entry stops serve with a message naming it.
func TestServeWebhookAllow(t *testing.T) {
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	defer rcv.Close()
	ctx := context.Background()

	def := start(t, "--no-log")
	if _, err := adminClient(t, def).Webhooks.Create(ctx, tsc.NewWebhook("h", "WorkbookCreated", rcv.URL)); err != nil {
		t.Errorf("loopback refused by default: %v", err)
	}

	s := start(t, "--no-log", "--webhook-allow", "10.0.0.0/8,hooks.example.com")
	c := adminClient(t, s)
	_, err := c.Webhooks.Create(ctx, tsc.NewWebhook("h", "WorkbookCreated", rcv.URL))
	if err == nil || !strings.Contains(err.Error(), "allowlist") {
		t.Errorf("loopback with --webhook-allow 10.0.0.0/8: %v", err)
	}
	resp := controlDo(t, s, "PUT", "/_emulator/webhooks/allow", `{"allow": ["127.0.0.1"]}`)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("PUT allow: %s", resp.Status)
	}
	w, err := c.Webhooks.Create(ctx, tsc.NewWebhook("h", "WorkbookCreated", rcv.URL))
	if err != nil {
		t.Fatalf("after allowing 127.0.0.1: %v", err)
	}
	if _, err := c.Webhooks.Test(ctx, w.ID); err != nil {
		t.Fatal(err)
	}
	resp = controlDo(t, s, "GET", "/_emulator/webhooks/deliveries", "")
	var log struct {
		Deliveries []struct{ WebhookID, State string }
	}
	json.NewDecoder(resp.Body).Decode(&log)
	resp.Body.Close()
	if len(log.Deliveries) != 1 || log.Deliveries[0].WebhookID != w.ID || log.Deliveries[0].State != "delivered" {
		t.Errorf("deliveries %+v", log)
	}
	resp = controlDo(t, s, "PUT", "/_emulator/webhooks/allow", `{"allow": ["not a host!"]}`)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("PUT a bad allowlist: %s", resp.Status)
	}

	f := &cmdutil.Factory{IO: &iostreams.IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard}, Globals: &cmdutil.GlobalOptions{}}
	for _, bad := range []string{"300.1.2.3/8", "300.1.2.3", "hooks_example.com"} {
		cmd := NewCmdServe(f)
		cmd.SetArgs([]string{"--addr", "127.0.0.1:0", "--webhook-allow", bad})
		cmd.SetOut(io.Discard)
		cmd.SetErr(io.Discard)
		if err := cmd.Execute(); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("bad --webhook-allow %s: %v", bad, err)
		}
	}
}
