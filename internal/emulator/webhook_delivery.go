package emulator

import (
	"bytes"
	"context"
	cryptorand "crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/google/uuid"
)

// Webhook delivery: the one event point (emit) and the worker that POSTs
// each event to the webhooks that subscribe to it.
//
// A handler (or a job, or the scheduler) calls s.emit once its change is
// made. emit writes one delivery row per enabled webhook of the site with
// that event, with Tableau's JSON payload fixed at that moment, and wakes
// the worker; it never waits for the network, so a request is never held
// up by a slow or dead destination. The rows are the queue: bounded
// (maxPendingDeliveries; beyond it an event is dropped and logged, as a
// full queue must not grow the store without end) and persistent (a
// restart with --data carries on).
//
// The worker delivers due rows one at a time, each attempt bounded by
// Config.WebhookTimeout. Tableau's behaviour (its webhooks documentation,
// "Tableau Webhooks Behavior"): "When a server that has been sent a webhook
// request does not reply with a HTTP success code, the webhook will retry
// the request three times with diminishing frequency" (success: any 2xx).
// So a delivery has four attempts: the first, then retries after
// webhookBackoff (1, 4 and 16 minutes: the frequency diminishes), on the
// server's clock, so a test moves the clock on (Advance) instead of
// sleeping. A non-2xx answer (a redirect included: redirects are never
// followed), a refused connection, a timeout and a destination the
// allowlist refuses are failures alike.
//
// Destinations (SSRF): the emulator connects only to addresses the
// allowlist (Config.WebhookAllow) permits, checked when a webhook is
// created or updated and again at dial time on the address actually
// dialled (net.Dialer.Control), so neither DNS rebinding nor a changed
// allowlist lets a delivery reach an address the user did not allow. No
// proxy is used.

// webhookBackoff is the wait before each retry; its length is the number
// of retries.
var webhookBackoff = []time.Duration{time.Minute, 4 * time.Minute, 16 * time.Minute}

// webhookAttempts is how many times a delivery is tried in all.
func webhookAttempts() int { return len(webhookBackoff) + 1 }

const (
	// maxPendingDeliveries bounds the queue of deliveries not yet done.
	maxPendingDeliveries = 1000
	// maxDeliveryLog bounds the deliveries kept: older finished ones are
	// dropped as new ones come.
	maxDeliveryLog = 10000
	// maxWebhookResponse is how much of a destination's answer is read (and
	// kept, for Test a Webhook and the log).
	maxWebhookResponse = 64 << 10
	// defaultWebhookTimeout bounds one delivery attempt.
	defaultWebhookTimeout = 10 * time.Second
	// deliveriesPerPass bounds one pass of the worker.
	deliveriesPerPass = 500
)

// Delivery states.
const (
	deliveryPending   = "pending"
	deliveryDelivered = "delivered"
	deliveryFailed    = "failed"
	// deliveryCancelled: the webhook was deleted or disabled before the
	// delivery's next attempt.
	deliveryCancelled = "cancelled"
)

// webhookEvent is something that happened on a site that webhooks may be
// told of. Name is Tableau's event name (WorkbookCreated...), Resource the
// payload's resource (WORKBOOK, DATASOURCE, VIEW, USER, SITE, FLOW).
type webhookEvent struct {
	Name, Resource                   string
	SiteID, ResourceID, ResourceName string
}

// webhookPayload is the JSON Tableau POSTs, with its field names.
type webhookPayload struct {
	Resource     string `json:"resource"`
	EventType    string `json:"event_type"`
	ResourceName string `json:"resource_name"`
	SiteLUID     string `json:"site_luid"`
	ResourceLUID string `json:"resource_luid"`
	CreatedAt    string `json:"created_at"`
}

// WebhookDelivery is one delivery of an event to one webhook, as the
// delivery log (tsctest.Server.WebhookDeliveries, GET
// /_emulator/webhooks/deliveries) shows it.
type WebhookDelivery struct {
	ID  string `json:"id"`
	Seq int64  `json:"seq"`
	// WebhookID, SiteID, Event and URL say what was sent where; Event is
	// WebhookTest for Test a Webhook.
	WebhookID string `json:"webhookId"`
	SiteID    string `json:"siteId"`
	Event     string `json:"event"`
	URL       string `json:"url"`
	// Payload is the JSON body sent.
	Payload string `json:"payload"`
	// State is pending, delivered, failed or cancelled.
	State    string `json:"state"`
	Attempts int    `json:"attempts"`
	// LastStatus is the HTTP status of the last attempt (0 when there was
	// no answer); LastError says why the last attempt failed.
	LastStatus int       `json:"lastStatus"`
	LastError  string    `json:"lastError"`
	CreatedAt  time.Time `json:"createdAt"`
	// NextAttemptAt is when a pending delivery is tried next.
	NextAttemptAt time.Time `json:"nextAttemptAt"`
}

// hookState is the delivery worker's state.
type hookState struct {
	// mu serialises delivery passes (the worker's and FlushWebhooks').
	mu      sync.Mutex
	allowMu sync.RWMutex
	allow   *webhookAllowlist
	kick    chan struct{}
	stop    chan struct{}
	done    chan struct{}
	once    sync.Once
	client  *http.Client
	timeout time.Duration
}

// openHooks starts the delivery worker.
func (s *Server) openHooks() error {
	allow, err := parseWebhookAllow(s.cfg.WebhookAllow)
	if err != nil {
		return err
	}
	h := &hookState{allow: allow, kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{}),
		timeout: s.cfg.WebhookTimeout}
	if h.timeout <= 0 {
		h.timeout = defaultWebhookTimeout
	}
	h.client = h.newClient()
	s.hooks = h
	go s.hookWorker()
	return nil
}

func (s *Server) closeHooks() {
	h := s.hooks
	if h == nil {
		return
	}
	h.once.Do(func() {
		close(h.stop)
		<-h.done
		h.client.CloseIdleConnections()
	})
}

// SetWebhookAllow replaces the allowlist of webhook destinations (see
// Config.WebhookAllow). Deliveries already queued are checked against the
// new list when they are dialled.
func (s *Server) SetWebhookAllow(entries []string) error {
	a, err := parseWebhookAllow(entries)
	if err != nil {
		return err
	}
	s.hooks.allowMu.Lock()
	s.hooks.allow = a
	s.hooks.allowMu.Unlock()
	return nil
}

func (h *hookState) allowlist() *webhookAllowlist {
	h.allowMu.RLock()
	defer h.allowMu.RUnlock()
	return h.allow
}

func (s *Server) hookWorker() {
	h := s.hooks
	defer close(h.done)
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-h.stop:
			return
		case <-h.kick:
		case <-t.C:
		}
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			select {
			case <-h.stop:
				cancel()
			case <-ctx.Done():
			}
		}()
		s.deliverDue(ctx)
		cancel()
	}
}

// wakeHooks asks the worker for a pass without waiting for it.
func (s *Server) wakeHooks() {
	if s.hooks == nil {
		return
	}
	select {
	case s.hooks.kick <- struct{}{}:
	default:
	}
}

// emit is the one event point: it queues the event for every enabled
// webhook of its site that subscribes to it and wakes the worker. Errors
// are logged, never returned: the change that caused the event is made.
func (s *Server) emit(ctx context.Context, ev webhookEvent) {
	if err := s.queueEvent(ctx, ev); err != nil && s.log != nil {
		s.log.Warn("webhook event not queued", "event", ev.Name, "site", ev.SiteID, "error", err)
	}
	s.wakeHooks()
}

func (s *Server) queueEvent(ctx context.Context, ev webhookEvent) error {
	// The change has happened: a cancelled request does not unsay it.
	ctx = context.WithoutCancel(ctx)
	now := s.clock.now()
	body, err := json.Marshal(webhookPayload{Resource: ev.Resource, EventType: ev.Name, ResourceName: ev.ResourceName,
		SiteLUID: ev.SiteID, ResourceLUID: ev.ResourceID, CreatedAt: now.Format(time.RFC3339)})
	if err != nil {
		return err
	}
	return s.store.tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, url FROM webhooks WHERE site_id = ? AND event = ? AND enabled = 1 ORDER BY rowid`,
			ev.SiteID, ev.Name)
		if err != nil {
			return err
		}
		type hook struct{ id, url string }
		var hooks []hook
		for rows.Next() {
			var h hook
			if err := rows.Scan(&h.id, &h.url); err != nil {
				rows.Close()
				return err
			}
			hooks = append(hooks, h)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(hooks) == 0 {
			return err
		}
		var pending int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM webhook_deliveries WHERE state = ?`, deliveryPending).Scan(&pending); err != nil {
			return err
		}
		if pending+len(hooks) > maxPendingDeliveries {
			return fmt.Errorf("the delivery queue is full (%d pending): event dropped", pending)
		}
		for _, h := range hooks {
			if _, err := addDelivery(ctx, tx, h.id, ev.SiteID, ev.Name, h.url, string(body), deliveryPending, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// addDelivery writes a delivery row and trims the log.
func addDelivery(ctx context.Context, tx *sql.Tx, hookID, siteID, event, url, payload, state string, now time.Time) (*WebhookDelivery, error) {
	d := &WebhookDelivery{ID: deliveryID(), WebhookID: hookID, SiteID: siteID, Event: event, URL: url, Payload: payload, State: state,
		CreatedAt: now, NextAttemptAt: now}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) + 1 FROM webhook_deliveries`).Scan(&d.Seq); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO webhook_deliveries (id, seq, webhook_id, site_id, event, url, payload, state, next_attempt_ms, created_ms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, d.ID, d.Seq, hookID, siteID, event, url, payload, state, now.UnixMilli(), now.UnixMilli()); err != nil {
		return nil, err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM webhook_deliveries WHERE state <> ? AND seq <= ?`, deliveryPending, d.Seq-maxDeliveryLog)
	return d, err
}

// deliverDue runs the attempts that are due on the server's clock, oldest
// first, at most deliveriesPerPass of them.
func (s *Server) deliverDue(ctx context.Context) error {
	h := s.hooks
	h.mu.Lock()
	defer h.mu.Unlock()
	for done := 0; done < deliveriesPerPass; {
		due, err := s.dueDeliveries(ctx, min(50, deliveriesPerPass-done))
		if err != nil || len(due) == 0 {
			return err
		}
		for _, d := range due {
			if err := s.attempt(ctx, d); err != nil {
				return err
			}
			done++
		}
	}
	return nil
}

func (s *Server) dueDeliveries(ctx context.Context, n int) ([]*WebhookDelivery, error) {
	rows, err := s.store.db.QueryContext(ctx, "SELECT "+deliveryCols+` FROM webhook_deliveries WHERE state = ? AND next_attempt_ms <= ?
		ORDER BY next_attempt_ms, seq LIMIT ?`, deliveryPending, s.clock.now().UnixMilli(), n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*WebhookDelivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

const deliveryCols = `id, seq, webhook_id, site_id, event, url, payload, state, attempts, last_status, last_error, created_ms, next_attempt_ms`

func scanDelivery(sc interface{ Scan(...any) error }) (*WebhookDelivery, error) {
	var d WebhookDelivery
	var created, next int64
	err := sc.Scan(&d.ID, &d.Seq, &d.WebhookID, &d.SiteID, &d.Event, &d.URL, &d.Payload, &d.State, &d.Attempts, &d.LastStatus, &d.LastError,
		&created, &next)
	d.CreatedAt, d.NextAttemptAt = msTimeOf(created), msTimeOf(next)
	return &d, err
}

// attempt makes one attempt of d and records its outcome.
func (s *Server) attempt(ctx context.Context, d *WebhookDelivery) error {
	var enabled bool
	var url string
	err := s.store.db.QueryRowContext(ctx, `SELECT enabled, url FROM webhooks WHERE id = ?`, d.WebhookID).Scan(&enabled, &url)
	if isNoRows(err) || (err == nil && !enabled) {
		reason := "the webhook was deleted"
		if err == nil {
			reason = "the webhook was disabled"
		}
		_, err := s.store.db.ExecContext(ctx, `UPDATE webhook_deliveries SET state = ?, last_error = ?, done_ms = ? WHERE id = ?`,
			deliveryCancelled, reason, s.nowMS(), d.ID)
		return err
	}
	if err != nil {
		return err
	}
	status, _, perr := s.post(ctx, d.URL, []byte(d.Payload))
	if ctx.Err() != nil {
		return ctx.Err() // closing: the attempt is made again after a restart
	}
	d.Attempts++
	now := s.clock.now()
	state, next, lastErr := deliveryDelivered, now, ""
	if perr != nil {
		lastErr = perr.Error()
		state = deliveryPending
		if d.Attempts >= webhookAttempts() {
			state = deliveryFailed
		} else {
			next = now.Add(webhookBackoff[d.Attempts-1])
		}
	}
	done := int64(0)
	if state != deliveryPending {
		done = now.UnixMilli()
	}
	_, err = s.store.db.ExecContext(ctx, `UPDATE webhook_deliveries SET state = ?, attempts = ?, last_status = ?, last_error = ?, next_attempt_ms = ?,
		done_ms = ? WHERE id = ?`, state, d.Attempts, status, lastErr, next.UnixMilli(), done, d.ID)
	return err
}

// post sends body to the destination and returns the answer's status and
// (the start of) its body; the error is set for anything but a 2xx.
func (s *Server) post(ctx context.Context, dest string, body []byte) (int, string, error) {
	h := s.hooks
	u, err := url.Parse(dest)
	if err != nil {
		return 0, "", err
	}
	pol := h.allowlist().forURL(u)
	ctx, cancel := context.WithTimeout(context.WithValue(ctx, dialPolicyKey{}, pol), h.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, dest, bytes.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Tableau-Webhooks (tsc emulator)")
	resp, err := h.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL is the webhook's; the cause is the news
		}
		return 0, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxWebhookResponse))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, string(b), fmt.Errorf("the destination answered %s", resp.Status)
	}
	return resp.StatusCode, string(b), nil
}

// newClient is the deliveries' HTTP client: no proxy, no redirects, no
// kept-alive connections (each attempt dials, so each dial is checked),
// and a dialer that asks the allowlist about the address it connects to.
func (h *hookState) newClient() *http.Client {
	tr := &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			pol, _ := ctx.Value(dialPolicyKey{}).(*dialPolicy)
			if pol == nil {
				return nil, errors.New("webhook dial without a policy")
			}
			d := net.Dialer{Timeout: h.timeout, Control: func(_, address string, _ syscall.RawConn) error {
				return pol.check(address)
			}}
			return d.DialContext(ctx, network, addr)
		},
		DisableKeepAlives:      true,
		TLSHandshakeTimeout:    h.timeout,
		ResponseHeaderTimeout:  h.timeout,
		MaxResponseHeaderBytes: 64 << 10,
	}
	return &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// webhookAllowlist says which destinations webhooks may reach: addresses
// in its prefixes, and host names it names.
type webhookAllowlist struct {
	prefixes []netip.Prefix
	hosts    map[string]bool
}

// DefaultWebhookAllow is the allowlist when none is configured: loopback
// only.
var DefaultWebhookAllow = []string{"127.0.0.0/8", "::1/128"}

const maxAllowEntries = 256

// parseWebhookAllow reads allowlist entries: CIDR prefixes ("10.0.0.0/8"),
// single addresses ("192.0.2.7") or host names ("hooks.example.com"). nil
// means DefaultWebhookAllow.
func parseWebhookAllow(entries []string) (*webhookAllowlist, error) {
	if entries == nil {
		entries = DefaultWebhookAllow
	}
	if len(entries) > maxAllowEntries {
		return nil, fmt.Errorf("emulator: at most %d webhook allowlist entries", maxAllowEntries)
	}
	a := &webhookAllowlist{hosts: map[string]bool{}}
	for _, e := range entries {
		e = strings.TrimSpace(e)
		if p, err := netip.ParsePrefix(e); err == nil {
			a.prefixes = append(a.prefixes, p.Masked())
			continue
		}
		if ip, err := netip.ParseAddr(e); err == nil {
			a.prefixes = append(a.prefixes, netip.PrefixFrom(ip.Unmap(), ip.Unmap().BitLen()))
			continue
		}
		if !validHostName(e) {
			return nil, fmt.Errorf("emulator: webhook allowlist entry %q is neither a CIDR prefix, an address nor a host name", e)
		}
		a.hosts[strings.ToLower(strings.TrimSuffix(e, "."))] = true
	}
	return a, nil
}

// validHostName accepts DNS names; one whose last label is all digits
// (300.1.2.3, a mistyped address) is not a name.
func validHostName(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	labels := strings.Split(strings.TrimSuffix(h, "."), ".")
	if strings.Trim(labels[len(labels)-1], "0123456789") == "" {
		return false
	}
	for _, label := range labels {
		if label == "" || len(label) > 63 {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// allowsIP reports whether ip is in an allowed prefix. Unspecified,
// multicast and broadcast addresses are never allowed (0.0.0.0 reaches the
// local host on many systems).
func (a *webhookAllowlist) allowsIP(ip netip.Addr) bool {
	ip = ip.Unmap()
	if ip.IsUnspecified() || ip.IsMulticast() || ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}) {
		return false
	}
	for _, p := range a.prefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// dialPolicy is what the dialer checks for one request.
type dialPolicy struct {
	allow *webhookAllowlist
	// hostTrusted: the URL's host is a host name of the allowlist, which
	// trusts whatever it resolves to.
	hostTrusted bool
	// loopbackOnly: plain http, which the emulator sends to loopback only.
	loopbackOnly bool
}

type dialPolicyKey struct{}

func (a *webhookAllowlist) forURL(u *url.URL) *dialPolicy {
	return &dialPolicy{allow: a, hostTrusted: a.hosts[strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))],
		loopbackOnly: !strings.EqualFold(u.Scheme, "https")}
}

// check decides a dial to address (ip:port, after resolution).
func (p *dialPolicy) check(address string) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("webhook destination %s is not an address", host)
	}
	ip = ip.Unmap()
	if p.loopbackOnly && !ip.IsLoopback() {
		return fmt.Errorf("webhook destination %s refused: plain http goes to loopback addresses only", ip)
	}
	if p.hostTrusted && !ip.IsUnspecified() && !ip.IsMulticast() {
		return nil
	}
	if !p.allow.allowsIP(ip) {
		return fmt.Errorf("webhook destination %s refused: the address is not in the webhook allowlist", ip)
	}
	return nil
}

// deliveryID names a delivery in the log. It is drawn from crypto/rand, not
// from uuid's shared source: deliveries are side effects (an event, or a
// Test Webhook GET that a client may repeat), and drawing them from the
// shared source would shift the ids of the content created after them (the
// JSON route walk replays a scenario with a seeded source, sends each GET
// twice in JSON, and expects the same ids in both runs).
func deliveryID() string { return uuid.Must(uuid.NewRandomFromReader(cryptorand.Reader)).String() }
