package emulator

import (
	"context"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestWebhookAllowlistParse: entries are prefixes, addresses or DNS names;
// anything else is refused with the entry named; nil is loopback only and
// an empty list allows nothing.
func TestWebhookAllowlistParse(t *testing.T) {
	for _, bad := range []string{"300.1.2.3", "300.1.2.3/8", "hooks_example.com", "a..b", "http://x", strings.Repeat("a", 64) + ".com"} {
		if _, err := parseWebhookAllow([]string{bad}); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	def, err := parseWebhookAllow(nil)
	if err != nil {
		t.Fatal(err)
	}
	none, _ := parseWebhookAllow([]string{})
	a, err := parseWebhookAllow([]string{"10.0.0.0/8", "192.0.2.7", "Hooks.Example.com.", "2001:db8::/32"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		list *webhookAllowlist
		addr string
		want bool
	}{
		{def, "127.0.0.1", true}, {def, "127.9.9.9", true}, {def, "::1", true}, {def, "::ffff:127.0.0.1", true},
		{def, "10.0.0.1", false}, {def, "169.254.169.254", false}, {def, "0.0.0.0", false}, {def, "::", false},
		{none, "127.0.0.1", false},
		{a, "10.200.0.1", true}, {a, "192.0.2.7", true}, {a, "192.0.2.8", false}, {a, "2001:db8::1", true},
		{a, "127.0.0.1", false}, {a, "224.0.0.1", false}, {a, "255.255.255.255", false},
	} {
		if got := c.list.allowsIP(mustAddr(t, c.addr)); got != c.want {
			t.Errorf("allowsIP(%s) = %v, want %v", c.addr, got, c.want)
		}
	}
	if !a.hosts["hooks.example.com"] {
		t.Errorf("host entries %v", a.hosts)
	}
}

// TestWebhookDialPolicy: the dialer's check on the address it connects to:
// plain http only to loopback, a trusted host name anywhere but the
// never-allowed addresses, anything else by the prefixes.
func TestWebhookDialPolicy(t *testing.T) {
	a, _ := parseWebhookAllow([]string{"10.0.0.0/8", "127.0.0.1", "hooks.example.com"})
	pol := func(raw string) *dialPolicy {
		u, _ := url.Parse(raw)
		return a.forURL(u)
	}
	for _, c := range []struct {
		url, dial string
		ok        bool
	}{
		{"https://10.1.1.1/", "10.1.1.1:443", true},
		{"http://10.1.1.1/", "10.1.1.1:80", false}, // plain http off loopback
		{"http://127.0.0.1:8080/", "127.0.0.1:8080", true},
		{"http://localhost:8080/", "127.0.0.2:8080", false}, // loopback, not in the list
		{"https://rebound.example.net/", "10.1.1.1:443", true},
		{"https://rebound.example.net/", "192.168.1.1:443", false},
		{"https://hooks.example.com/", "203.0.113.9:443", true},
		{"https://hooks.example.com/", "0.0.0.0:443", false},
		{"https://hooks.example.com/", "[ff02::1]:443", false},
	} {
		err := pol(c.url).check(c.dial)
		if (err == nil) != c.ok {
			t.Errorf("%s dialling %s: %v, want ok=%v", c.url, c.dial, err, c.ok)
		}
	}
}

// TestWebhookQueueBounded: beyond maxPendingDeliveries pending deliveries
// an event is dropped, not queued.
func TestWebhookQueueBounded(t *testing.T) {
	now := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	s, err := New(Config{Now: func() time.Time { return now }, WebhookAllow: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := s.Bootstrap(ctx, Admin{Name: "admin", Password: "pw"}); err != nil {
		t.Fatal(err)
	}
	site, err := s.siteIDFor(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	admin, _ := s.adminID(ctx)
	if _, err := s.store.db.ExecContext(ctx, `INSERT INTO webhooks (id, site_id, name, event, url, owner_id, created_ms, updated_ms)
		VALUES ('h', ?, 'h', 'WorkbookCreated', 'https://192.0.2.1/', ?, 0, 0)`, site, admin); err != nil {
		t.Fatal(err)
	}
	// The allowlist is empty: attempts made meanwhile fail at once and
	// leave their deliveries pending.
	ev := webhookEvent{Name: "WorkbookCreated", Resource: "WORKBOOK", SiteID: site, ResourceID: "w", ResourceName: "Sales"}
	for i := 0; i < maxPendingDeliveries; i++ {
		if err := s.queueEvent(ctx, ev); err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
	}
	if err := s.queueEvent(ctx, ev); err == nil || !strings.Contains(err.Error(), "queue is full") {
		t.Fatalf("event beyond the bound: %v", err)
	}
	var n int
	s.store.db.QueryRowContext(ctx, `SELECT count(*) FROM webhook_deliveries`).Scan(&n)
	if n != maxPendingDeliveries {
		t.Errorf("%d deliveries queued", n)
	}
}

func mustAddr(t *testing.T, s string) netip.Addr {
	t.Helper()
	a, err := netip.ParseAddr(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
