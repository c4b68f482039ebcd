package tsc

import (
	"context"
	"errors"
	"net/http"
	"net/url"
)

// WebhooksService manages the webhooks of the current site. Tableau lets
// only server and site administrators call it.
type WebhooksService service

// webhooksSince is the REST API version that has webhooks.
var webhooksSince = Version{3, 6}

func webhookPath(verb, id string) (string, error) {
	if id == "" {
		return "", errors.New("tsc: Webhooks." + verb + ": empty webhook id")
	}
	return "webhooks/" + url.PathEscape(id), nil
}

func webhookOf(verb string, resp *TSResponse, err error) (*Webhook, error) {
	if err != nil {
		return nil, err
	}
	if resp.Webhook == nil {
		return nil, errors.New("tsc: Webhooks." + verb + ": the answer has no <webhook>")
	}
	return resp.Webhook, nil
}

// webhookBody is what Create and Update send: the event both as the event
// attribute and as the webhook-source element (older servers and TSC read
// the element), the destination, and the owner. The schema's webhookType
// has its elements as one sequence (webhook-source, webhook-destination,
// owner), all or none; Tableau's documented request sends no owner, which
// servers do not need, but the SDK sends the schema's whole sequence.
func webhookBody(verb string, w Webhook, needAll bool) ([]byte, error) {
	body := Webhook{Name: w.Name, IsEnabled: w.IsEnabled, StatusChangeReason: w.StatusChangeReason}
	if w.Owner != nil && w.Owner.ID != "" {
		body.Owner = &User{ID: w.Owner.ID}
	}
	if ev := w.WebhookEventName(); ev != "" {
		src := WebhookSourceFor(ev)
		if src == nil {
			return nil, errors.New("tsc: Webhooks." + verb + ": unknown event " + ev)
		}
		body.Event, body.Source = ev, src
	}
	if u := w.URL(); u != "" {
		body.Destination = &WebhookDestination{HTTP: &WebhookDestinationHTTP{Method: http.MethodPost, URL: u}}
	}
	if needAll && (body.Name == "" || body.Event == "" || body.Destination == nil) {
		return nil, errors.New("tsc: Webhooks." + verb + ": a webhook needs a name, an event and a destination URL")
	}
	if !needAll && body.Name == "" && body.Event == "" && body.Destination == nil && body.IsEnabled == nil && body.StatusChangeReason == "" {
		return nil, errors.New("tsc: Webhooks." + verb + ": nothing to update")
	}
	return EncodeRequest(&TSRequest{Webhook: &body})
}

// NewWebhook returns a webhook to create: its name, its event (one of
// WebhookEvents, e.g. "WorkbookCreated") and the URL it POSTs to.
func NewWebhook(name, event, destinationURL string) Webhook {
	return Webhook{Name: name, Event: event,
		Destination: &WebhookDestination{HTTP: &WebhookDestinationHTTP{Method: http.MethodPost, URL: destinationURL}}}
}

// List returns the site's webhooks (Tableau answers them in one page).
//
// REST: GET /api/{v}/sites/{site-id}/webhooks (3.6).
func (s *WebhooksService) List(ctx context.Context) ([]Webhook, error) {
	resp, err := s.client.getSite(ctx, "Webhooks.List", webhooksSince, "webhooks", nil)
	if err != nil {
		return nil, err
	}
	if resp.Webhooks == nil {
		return []Webhook{}, nil
	}
	return resp.Webhooks.Webhooks, nil
}

// Get returns the webhook with the given id.
//
// REST: GET /api/{v}/sites/{site-id}/webhooks/{webhook-id} (3.6).
func (s *WebhooksService) Get(ctx context.Context, id string) (*Webhook, error) {
	p, err := webhookPath("Get", id)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.getSite(ctx, "Webhooks.Get", webhooksSince, p, nil)
	return webhookOf("Get", resp, err)
}

// Create creates a webhook (see NewWebhook) and returns it with its id;
// its owner is the signed-in user. The destination must be https on
// Tableau.
//
// REST: POST /api/{v}/sites/{site-id}/webhooks (3.6).
func (s *WebhooksService) Create(ctx context.Context, w Webhook) (*Webhook, error) {
	if me := s.client.Session().UserID; me != "" {
		w.Owner = &User{ID: me}
	}
	b, err := webhookBody("Create", w, true)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.sendSite(ctx, "Webhooks.Create", webhooksSince, http.MethodPost, "webhooks", nil, b)
	return webhookOf("Create", resp, err)
}

// Update changes what is set in w (w.ID names it): name, event,
// destination URL, IsEnabled and StatusChangeReason. Changing the event or
// the URL sends the webhook's whole event, destination and owner, as the
// schema wants them together: the ones not given are read first (Get).
// The owner does not change.
//
// REST: PUT /api/{v}/sites/{site-id}/webhooks/{webhook-id} (3.6).
func (s *WebhooksService) Update(ctx context.Context, w Webhook) (*Webhook, error) {
	p, err := webhookPath("Update", w.ID)
	if err != nil {
		return nil, err
	}
	w.Owner = nil
	if w.WebhookEventName() != "" || w.URL() != "" {
		cur, err := s.Get(ctx, w.ID)
		if err != nil {
			return nil, err
		}
		if w.WebhookEventName() == "" {
			w.Event = cur.WebhookEventName()
		}
		if w.URL() == "" {
			w.Destination = &WebhookDestination{HTTP: &WebhookDestinationHTTP{URL: cur.URL()}}
		}
		w.Owner = cur.Owner
	}
	b, err := webhookBody("Update", w, false)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.sendSite(ctx, "Webhooks.Update", webhooksSince, http.MethodPut, p, nil, b)
	return webhookOf("Update", resp, err)
}

// Delete removes the webhook.
//
// REST: DELETE /api/{v}/sites/{site-id}/webhooks/{webhook-id} (3.6).
func (s *WebhooksService) Delete(ctx context.Context, id string) error {
	p, err := webhookPath("Delete", id)
	if err != nil {
		return err
	}
	return s.client.deleteSite(ctx, "Webhooks.Delete", webhooksSince, p, nil)
}

// Test makes the server POST an empty payload to the webhook's destination
// now and returns what the destination answered.
//
// REST: GET /api/{v}/sites/{site-id}/webhooks/{webhook-id}/test (3.6).
func (s *WebhooksService) Test(ctx context.Context, id string) (*WebhookTestResult, error) {
	p, err := webhookPath("Test", id)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.getSite(ctx, "Webhooks.Test", webhooksSince, p+"/test", nil)
	if err != nil {
		return nil, err
	}
	if resp.WebhookTestResult == nil {
		return nil, errors.New("tsc: Webhooks.Test: the answer has no <webhookTestResult>")
	}
	return resp.WebhookTestResult, nil
}
