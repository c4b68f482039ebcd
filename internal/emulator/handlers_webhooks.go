package emulator

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/tsc-go/tsc"
)

// Webhooks (REST "Notifications Methods", API 3.6): a site administrator
// creates, lists, reads, updates, deletes and tests the site's webhooks;
// webhook_delivery.go sends what they subscribe to.

const (
	// maxWebhookURL bounds a destination URL.
	maxWebhookURL = 2048
	// maxWebhooksPerSite bounds a site's webhooks.
	maxWebhooksPerSite = 100
)

// webhookEventResources is each event Tableau lists with the payload's
// resource. Label events are accepted (Tableau has them) but never sent:
// the emulator has no labels.
var webhookEventResources = map[string]string{
	"DatasourceCreated": "DATASOURCE", "DatasourceUpdated": "DATASOURCE", "DatasourceDeleted": "DATASOURCE",
	"DatasourceRefreshStarted": "DATASOURCE", "DatasourceRefreshSucceeded": "DATASOURCE", "DatasourceRefreshFailed": "DATASOURCE",
	"WorkbookCreated": "WORKBOOK", "WorkbookUpdated": "WORKBOOK", "WorkbookDeleted": "WORKBOOK",
	"WorkbookRefreshStarted": "WORKBOOK", "WorkbookRefreshSucceeded": "WORKBOOK", "WorkbookRefreshFailed": "WORKBOOK",
	"ViewDeleted": "VIEW", "FlowCompleted": "FLOW",
	"LabelCreated": "LABEL", "LabelUpdated": "LABEL", "LabelDeleted": "LABEL",
	"AdminPromoted": "USER", "AdminDemoted": "USER", "UserDeleted": "USER",
	"SiteCreated": "SITE", "SiteUpdated": "SITE", "SiteDeleted": "SITE",
}

// canonicalEvent returns Tableau's spelling of an event name.
func canonicalEvent(name string) (string, bool) {
	for _, e := range tsc.WebhookEvents {
		if strings.EqualFold(e, name) {
			return e, true
		}
	}
	return "", false
}

// webhookRow is a webhook as stored, with its owner's name.
type webhookRow struct {
	ID, SiteID, Name, Event, URL, OwnerID, OwnerName, Reason string
	Enabled                                                  bool
	CreatedMS, UpdatedMS                                     int64
}

const webhookCols = `h.id, h.site_id, h.name, h.event, h.url, h.owner_id, ifnull(u.name, ''), h.status_change_reason, h.enabled, h.created_ms, h.updated_ms`
const webhookFrom = `FROM webhooks h LEFT JOIN users u ON u.id = h.owner_id`

func scanWebhook(sc interface{ Scan(...any) error }) (*webhookRow, error) {
	var r webhookRow
	err := sc.Scan(&r.ID, &r.SiteID, &r.Name, &r.Event, &r.URL, &r.OwnerID, &r.OwnerName, &r.Reason, &r.Enabled, &r.CreatedMS, &r.UpdatedMS)
	return &r, err
}

func webhookNotFound(id string) *apiError {
	return errf(http.StatusNotFound, "404000", "Webhook not found", "The webhook '%s' could not be found on this site.", id)
}

func renderWebhook(r *webhookRow) tsc.Webhook {
	return tsc.Webhook{
		ID: r.ID, Name: r.Name, Event: r.Event, IsEnabled: tsc.Bool(r.Enabled), StatusChangeReason: r.Reason,
		CreatedAt: msToTime(sql.NullInt64{Int64: r.CreatedMS, Valid: true}), UpdatedAt: msToTime(sql.NullInt64{Int64: r.UpdatedMS, Valid: true}),
		Source:      tsc.WebhookSourceFor(r.Event),
		Destination: &tsc.WebhookDestination{HTTP: &tsc.WebhookDestinationHTTP{Method: http.MethodPost, URL: r.URL}},
		Owner:       &tsc.User{ID: r.OwnerID, Name: r.OwnerName},
	}
}

func (s *Store) webhook(ctx context.Context, q queryer, siteID, id string) (*webhookRow, error) {
	r, err := scanWebhook(q.QueryRowContext(ctx, "SELECT "+webhookCols+" "+webhookFrom+" WHERE h.site_id = ? AND h.id = ?", siteID, id))
	if isNoRows(err) {
		return nil, webhookNotFound(id)
	}
	return r, err
}

// mayManageWebhooks is the authority rule's answer for every webhook route.
func (s *Server) mayManageWebhooks(c *call) error {
	return s.authorize(c, actManageWebhooks, target{SiteID: c.siteID()})
}

// webhookInput reads what a create or update request sets: the event
// (attribute or webhook-source element, which must agree) and the URL.
func webhookInput(in *tsc.Webhook) (event string, err error) {
	var names []string
	if in.Event != "" {
		e, ok := canonicalEvent(in.Event)
		if !ok {
			return "", badRequest("The event '%s' is not a webhook event; Tableau's are %s.", in.Event, strings.Join(tsc.WebhookEvents, ", "))
		}
		names = append(names, e)
	}
	src := in.Source.Events()
	if len(src) > 1 {
		return "", badRequest("The <webhook-source> names %d events; a webhook has one.", len(src))
	}
	names = append(names, src...)
	if len(names) == 2 && names[0] != names[1] {
		return "", badRequest("The event attribute '%s' and the <webhook-source> element (%s) name different events.", names[0], names[1])
	}
	if len(names) == 0 {
		return "", nil
	}
	return names[0], nil
}

// checkDestination validates a destination URL against the limits, the
// schemes and the allowlist, resolving a host name to check every address
// it has now (the dialer checks again on each delivery).
func (s *Server) checkDestination(ctx context.Context, raw string) error {
	if err := checkLen("webhook destination url", raw, maxWebhookURL); err != nil {
		return err
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return badRequest("The webhook destination url '%s' is not an absolute http or https URL.", raw)
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "https" && scheme != "http" {
		return badRequest("The webhook destination url must be https (Tableau requires https); '%s' is not.", u.Scheme)
	}
	if u.User != nil {
		return badRequest("The webhook destination url must not carry credentials (user:password@).")
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	allow := s.hooks.allowlist()
	var addrs []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{ip.Unmap()}
	} else if allow.hosts[host] {
		return nil
	} else {
		rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		ips, err := net.DefaultResolver.LookupNetIP(rctx, "ip", host)
		if err != nil || len(ips) == 0 {
			return badRequest("The webhook destination host '%s' cannot be resolved.", host)
		}
		for _, ip := range ips {
			addrs = append(addrs, ip.Unmap())
		}
	}
	for _, ip := range addrs {
		if scheme == "http" && !ip.IsLoopback() {
			return badRequest("The webhook destination url must be https (Tableau requires https); the emulator takes plain http only to a loopback address, and '%s' is %s.", host, ip)
		}
		if !allow.allowsIP(ip) {
			return badRequest("The webhook destination '%s' (%s) is not allowed: the server's webhook allowlist does not include it.", host, ip)
		}
	}
	return nil
}

func (s *Server) listWebhooks(c *call) (result, error) {
	if err := s.mayManageWebhooks(c); err != nil {
		return result{}, err
	}
	rows, err := s.store.db.QueryContext(c.ctx, "SELECT "+webhookCols+" "+webhookFrom+" WHERE h.site_id = ? ORDER BY h.rowid", c.siteID())
	if err != nil {
		return result{}, err
	}
	defer rows.Close()
	list := &tsc.WebhookList{Webhooks: []tsc.Webhook{}}
	for rows.Next() {
		r, err := scanWebhook(rows)
		if err != nil {
			return result{}, err
		}
		list.Webhooks = append(list.Webhooks, renderWebhook(r))
	}
	if err := rows.Err(); err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Webhooks = list
	return ok(resp)
}

func (s *Server) webhookResponse(c *call, id string, status int) (result, error) {
	r, err := s.store.webhook(c.ctx, s.store.db, c.siteID(), id)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	w := renderWebhook(r)
	resp.Webhook = &w
	return result{status: status, body: resp}, nil
}

func (s *Server) getWebhook(c *call) (result, error) {
	if err := s.mayManageWebhooks(c); err != nil {
		return result{}, err
	}
	return s.webhookResponse(c, c.param("id"), http.StatusOK)
}

func (s *Server) createWebhook(c *call) (result, error) {
	if err := s.mayManageWebhooks(c); err != nil {
		return result{}, err
	}
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	in := req.Webhook
	if in == nil {
		return result{}, badRequest("The request has no <webhook>.")
	}
	if strings.TrimSpace(in.Name) == "" {
		return result{}, badRequest("The webhook needs a name.")
	}
	if err := checkLen("webhook name", in.Name, maxNameChars); err != nil {
		return result{}, err
	}
	event, err := webhookInput(in)
	if err != nil {
		return result{}, err
	}
	if event == "" {
		return result{}, badRequest("The webhook needs an event: the event attribute or a <webhook-source> element.")
	}
	if in.URL() == "" {
		return result{}, badRequest("The webhook needs a destination: <webhook-destination><webhook-destination-http method=\"POST\" url=\"...\"/>.")
	}
	if m := in.Destination.HTTP.Method; m != "" && m != http.MethodPost {
		return result{}, badRequest("The webhook destination method must be POST, not '%s'.", m)
	}
	if err := s.checkDestination(c.ctx, in.URL()); err != nil {
		return result{}, err
	}
	if err := checkLen("statusChangeReason", in.StatusChangeReason, maxNameChars); err != nil {
		return result{}, err
	}
	enabled := in.IsEnabled == nil || *in.IsEnabled
	id := newUUID()
	now := s.nowMS()
	err = s.store.tx(c.ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(c.ctx, `SELECT count(*) FROM webhooks WHERE site_id = ?`, c.siteID()).Scan(&n); err != nil {
			return err
		}
		if n >= maxWebhooksPerSite {
			return badRequest("The site has %d webhooks, the most it may have.", n)
		}
		_, err := tx.ExecContext(c.ctx, `INSERT INTO webhooks (id, site_id, name, event, url, owner_id, enabled, status_change_reason, created_ms, updated_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, c.siteID(), in.Name, event, in.URL(), c.user.ID, enabled, in.StatusChangeReason, now, now)
		return err
	})
	if err != nil {
		return result{}, err
	}
	return s.webhookResponse(c, id, http.StatusCreated)
}

func (s *Server) updateWebhook(c *call) (result, error) {
	if err := s.mayManageWebhooks(c); err != nil {
		return result{}, err
	}
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	in := req.Webhook
	if in == nil {
		return result{}, badRequest("The request has no <webhook>.")
	}
	if err := checkLen("webhook name", in.Name, maxNameChars); err != nil {
		return result{}, err
	}
	if err := checkLen("statusChangeReason", in.StatusChangeReason, maxNameChars); err != nil {
		return result{}, err
	}
	event, err := webhookInput(in)
	if err != nil {
		return result{}, err
	}
	if in.URL() != "" {
		if err := s.checkDestination(c.ctx, in.URL()); err != nil {
			return result{}, err
		}
	}
	err = s.store.tx(c.ctx, func(tx *sql.Tx) error {
		h, err := s.store.webhook(c.ctx, tx, c.siteID(), c.param("id"))
		if err != nil {
			return err
		}
		if in.Name != "" {
			h.Name = in.Name
		}
		if event != "" {
			h.Event = event
		}
		if in.URL() != "" {
			h.URL = in.URL()
		}
		if in.IsEnabled != nil {
			h.Enabled = *in.IsEnabled
		}
		if in.StatusChangeReason != "" || in.IsEnabled != nil {
			h.Reason = in.StatusChangeReason
		}
		_, err = tx.ExecContext(c.ctx, `UPDATE webhooks SET name = ?, event = ?, url = ?, enabled = ?, status_change_reason = ?, updated_ms = ? WHERE id = ?`,
			h.Name, h.Event, h.URL, h.Enabled, h.Reason, s.nowMS(), h.ID)
		return err
	})
	if err != nil {
		return result{}, err
	}
	return s.webhookResponse(c, c.param("id"), http.StatusOK)
}

func (s *Server) deleteWebhook(c *call) (result, error) {
	if err := s.mayManageWebhooks(c); err != nil {
		return result{}, err
	}
	res, err := s.store.db.ExecContext(c.ctx, `DELETE FROM webhooks WHERE site_id = ? AND id = ?`, c.siteID(), c.param("id"))
	if err != nil {
		return result{}, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return result{}, webhookNotFound(c.param("id"))
	}
	return noContent()
}

// testWebhook answers GET webhooks/{id}/test: it POSTs an empty payload to
// the destination now, once, and answers with the destination's status
// and body. A destination that cannot be reached (or that the allowlist
// refuses) is a 400 naming why.
func (s *Server) testWebhook(c *call) (result, error) {
	if err := s.mayManageWebhooks(c); err != nil {
		return result{}, err
	}
	h, err := s.store.webhook(c.ctx, s.store.db, c.siteID(), c.param("id"))
	if err != nil {
		return result{}, err
	}
	status, body, perr := s.post(c.ctx, h.URL, nil)
	state, lastErr := deliveryDelivered, ""
	if perr != nil {
		state, lastErr = deliveryFailed, perr.Error()
	}
	now := s.clock.now()
	err = s.store.tx(context.WithoutCancel(c.ctx), func(tx *sql.Tx) error {
		d, err := addDelivery(c.ctx, tx, h.ID, h.SiteID, "WebhookTest", h.URL, "", state, now)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(c.ctx, `UPDATE webhook_deliveries SET attempts = 1, last_status = ?, last_error = ?, done_ms = ? WHERE id = ?`,
			status, lastErr, now.UnixMilli(), d.ID)
		return err
	})
	if err != nil {
		return result{}, err
	}
	if status == 0 {
		return result{}, badRequest("The webhook's destination could not be reached: %v", perr)
	}
	resp := tsc.NewTSResponse()
	resp.WebhookTestResult = &tsc.WebhookTestResult{ID: h.ID, Status: status, Body: strings.ToValidUTF8(body, "\uFFFD")}
	return ok(resp)
}

// WebhookDeliveries returns the delivery log, oldest first, after running
// the attempts due now (so a test reads what has been sent by now).
func (s *Server) WebhookDeliveries(ctx context.Context) ([]WebhookDelivery, error) {
	if err := s.deliverDue(ctx); err != nil {
		return nil, err
	}
	rows, err := s.store.db.QueryContext(ctx, "SELECT "+deliveryCols+" FROM webhook_deliveries ORDER BY seq LIMIT ?", maxDeliveryLog)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []WebhookDelivery{}
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	return out, rows.Err()
}

// ClearWebhookDeliveries empties the delivery log, pending deliveries
// included.
func (s *Server) ClearWebhookDeliveries(ctx context.Context) error {
	_, err := s.store.db.ExecContext(ctx, `DELETE FROM webhook_deliveries`)
	return err
}

// serveWebhookControl answers GET|DELETE /_emulator/webhooks/deliveries
// ({"deliveries": [...]}), and PUT /_emulator/webhooks/allow ({"allow":
// [...]}) to change the allowlist.
func (s *Server) serveWebhookControl(w http.ResponseWriter, req *http.Request) bool {
	writeJSON := func(status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(v)
	}
	switch {
	case req.URL.Path == "/_emulator/webhooks/deliveries" && req.Method == http.MethodGet:
		ds, err := s.WebhookDeliveries(req.Context())
		if err != nil {
			writeJSON(http.StatusInternalServerError, map[string]string{"error": err.Error()})
			return true
		}
		writeJSON(http.StatusOK, map[string]any{"deliveries": ds})
	case req.URL.Path == "/_emulator/webhooks/deliveries" && req.Method == http.MethodDelete:
		if err := s.ClearWebhookDeliveries(req.Context()); err != nil {
			writeJSON(http.StatusInternalServerError, map[string]string{"error": err.Error()})
			return true
		}
		w.WriteHeader(http.StatusNoContent)
	case req.URL.Path == "/_emulator/webhooks/allow" && req.Method == http.MethodPut:
		var in struct {
			Allow []string `json:"allow"`
		}
		dec := json.NewDecoder(http.MaxBytesReader(w, req.Body, 64<<10))
		dec.DisallowUnknownFields()
		err := dec.Decode(&in)
		if err == nil {
			if in.Allow == nil {
				in.Allow = []string{}
			}
			err = s.SetWebhookAllow(in.Allow)
		}
		if err != nil {
			writeJSON(http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("webhook allowlist: %v", err)})
			return true
		}
		w.WriteHeader(http.StatusNoContent)
	default:
		return false
	}
	return true
}
