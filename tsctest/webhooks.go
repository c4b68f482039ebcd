package tsctest

import (
	"context"
	"time"

	"github.com/tsc-go/tsc/internal/emulator"
)

// WebhookDelivery is one delivery of a webhook event (or of Test a
// Webhook) in the server's delivery log: what was sent where, its state
// (pending, delivered, failed, cancelled), attempts and last outcome.
type WebhookDelivery = emulator.WebhookDelivery

// DefaultWebhookAllow is the allowlist of webhook destinations when none
// is given: loopback addresses only.
var DefaultWebhookAllow = emulator.DefaultWebhookAllow

// WithWebhookAllow sets where webhooks may deliver: CIDR prefixes
// ("10.1.0.0/16"), addresses and host names. A host name trusts whatever
// it resolves to; prefixes are checked on the address dialled. Without
// this option only loopback addresses are allowed; with no entries,
// nothing is.
func WithWebhookAllow(entries ...string) Option {
	return func(o *Options) {
		if entries == nil {
			entries = []string{}
		}
		o.WebhookAllow = entries
	}
}

// WithWebhookTimeout bounds one webhook delivery attempt (default 10 s).
func WithWebhookTimeout(d time.Duration) Option { return func(o *Options) { o.WebhookTimeout = d } }

// WebhookDeliveries returns the delivery log, oldest first, after making
// the delivery attempts due by now on the server's clock (retries fall due
// as Advance moves the clock).
func (s *Server) WebhookDeliveries() ([]WebhookDelivery, error) {
	return s.emu.WebhookDeliveries(context.Background())
}

// ClearWebhookDeliveries empties the delivery log, pending deliveries too.
func (s *Server) ClearWebhookDeliveries() error {
	return s.emu.ClearWebhookDeliveries(context.Background())
}

// SetWebhookAllow replaces the allowlist of webhook destinations while the
// server runs (PUT /_emulator/webhooks/allow for tabctl serve).
func (s *Server) SetWebhookAllow(entries ...string) error {
	if entries == nil {
		entries = []string{}
	}
	return s.emu.SetWebhookAllow(entries)
}
