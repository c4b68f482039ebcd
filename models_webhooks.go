package tsc

import (
	"reflect"
	"strings"
)

// Webhook is a webhook of a site: when its event happens on the site,
// Tableau POSTs a JSON payload to its destination URL.
//
// The event is named two ways on the wire: the event attribute (Tableau
// 2020.3 and later, e.g. "WorkbookCreated"), and the older webhook-source
// element (<webhook-source-event-workbook-created/>), which TSC sends and
// reads. The SDK sends both and reads either.
type Webhook struct {
	ID   string `xml:"id,attr,omitempty"`
	Name string `xml:"name,attr,omitempty"`
	// Event is the Tableau event name (WebhookEvents lists them).
	Event string `xml:"event,attr,omitempty"`
	// IsEnabled is false for a webhook that sends nothing; StatusChangeReason
	// says why it was last enabled or disabled.
	IsEnabled          *bool               `xml:"isEnabled,attr,omitempty"`
	StatusChangeReason string              `xml:"statusChangeReason,attr,omitempty"`
	CreatedAt          Time                `xml:"createdAt,attr"`
	UpdatedAt          Time                `xml:"updatedAt,attr"`
	Source             *WebhookSource      `xml:"webhook-source,omitempty"`
	Destination        *WebhookDestination `xml:"webhook-destination,omitempty"`
	Owner              *User               `xml:"owner,omitempty"`
}

// WebhookDestination is the <webhook-destination> of a webhook.
type WebhookDestination struct {
	HTTP *WebhookDestinationHTTP `xml:"webhook-destination-http,omitempty"`
}

// WebhookDestinationHTTP is where a webhook POSTs: Method is always POST.
type WebhookDestinationHTTP struct {
	Method string `xml:"method,attr,omitempty"`
	URL    string `xml:"url,attr,omitempty"`
}

// WebhookEventElement is an empty element naming a webhook's event inside
// <webhook-source>.
type WebhookEventElement struct{}

// WebhookSource is the <webhook-source> of a webhook: exactly one of its
// fields is set, the element of the webhook's event. The element names
// are Tableau's (its webhooks "Events and Payloads" page); the user and
// site events have no element in the 3.29 schema (docs/schema-errata.md).
type WebhookSource struct {
	DatasourceCreated          *WebhookEventElement `xml:"webhook-source-event-datasource-created,omitempty"`
	DatasourceDeleted          *WebhookEventElement `xml:"webhook-source-event-datasource-deleted,omitempty"`
	DatasourceRefreshFailed    *WebhookEventElement `xml:"webhook-source-event-datasource-refresh-failed,omitempty"`
	DatasourceRefreshStarted   *WebhookEventElement `xml:"webhook-source-event-datasource-refresh-started,omitempty"`
	DatasourceRefreshSucceeded *WebhookEventElement `xml:"webhook-source-event-datasource-refresh-succeeded,omitempty"`
	DatasourceUpdated          *WebhookEventElement `xml:"webhook-source-event-datasource-updated,omitempty"`
	FlowCompleted              *WebhookEventElement `xml:"webhook-source-event-flow-completed,omitempty"`
	LabelCreated               *WebhookEventElement `xml:"webhook-source-event-label-created,omitempty"`
	LabelDeleted               *WebhookEventElement `xml:"webhook-source-event-label-deleted,omitempty"`
	LabelUpdated               *WebhookEventElement `xml:"webhook-source-event-label-updated,omitempty"`
	ViewDeleted                *WebhookEventElement `xml:"webhook-source-event-view-deleted,omitempty"`
	WorkbookCreated            *WebhookEventElement `xml:"webhook-source-event-workbook-created,omitempty"`
	WorkbookDeleted            *WebhookEventElement `xml:"webhook-source-event-workbook-deleted,omitempty"`
	WorkbookRefreshFailed      *WebhookEventElement `xml:"webhook-source-event-workbook-refresh-failed,omitempty"`
	WorkbookRefreshStarted     *WebhookEventElement `xml:"webhook-source-event-workbook-refresh-started,omitempty"`
	WorkbookRefreshSucceeded   *WebhookEventElement `xml:"webhook-source-event-workbook-refresh-succeeded,omitempty"`
	WorkbookUpdated            *WebhookEventElement `xml:"webhook-source-event-workbook-updated,omitempty"`
	AdminPromoted              *WebhookEventElement `xml:"webhook-event-user-promoted-admin,omitempty"`
	AdminDemoted               *WebhookEventElement `xml:"webhook-event-user-demoted-admin,omitempty"`
	UserDeleted                *WebhookEventElement `xml:"webhook-source-event-user-deleted,omitempty"`
	SiteCreated                *WebhookEventElement `xml:"webhook-source-event-site-created,omitempty"`
	SiteUpdated                *WebhookEventElement `xml:"webhook-source-event-site-updated,omitempty"`
	SiteDeleted                *WebhookEventElement `xml:"webhook-source-event-site-deleted,omitempty"`
}

// WebhookEvents are the events a webhook may name, as Tableau names them;
// the field of WebhookSource with the same name is the event's element.
var WebhookEvents = func() []string {
	t := reflect.TypeOf(WebhookSource{})
	out := make([]string, t.NumField())
	for i := range out {
		out[i] = t.Field(i).Name
	}
	return out
}()

// WebhookSourceFor returns the <webhook-source> naming the event, or nil
// for a name that is not one of WebhookEvents (case-insensitive).
func WebhookSourceFor(event string) *WebhookSource {
	var src WebhookSource
	v := reflect.ValueOf(&src).Elem()
	for i := 0; i < v.NumField(); i++ {
		if strings.EqualFold(v.Type().Field(i).Name, event) {
			v.Field(i).Set(reflect.ValueOf(&WebhookEventElement{}))
			return &src
		}
	}
	return nil
}

// Events returns the event names whose elements are set, in field order:
// one for a well-formed source.
func (s *WebhookSource) Events() []string {
	if s == nil {
		return nil
	}
	var out []string
	v := reflect.ValueOf(s).Elem()
	for i := 0; i < v.NumField(); i++ {
		if !v.Field(i).IsNil() {
			out = append(out, v.Type().Field(i).Name)
		}
	}
	return out
}

// WebhookEventName returns the event the webhook names: its event
// attribute, else its webhook-source element's event.
func (w *Webhook) WebhookEventName() string {
	if w.Event != "" {
		return w.Event
	}
	if ev := w.Source.Events(); len(ev) == 1 {
		return ev[0]
	}
	return ""
}

// URL returns the webhook's destination URL ("" when it has none).
func (w *Webhook) URL() string {
	if w.Destination == nil || w.Destination.HTTP == nil {
		return ""
	}
	return w.Destination.HTTP.URL
}

// WebhookList is the <webhooks> element.
type WebhookList struct {
	Webhooks []Webhook `xml:"webhook"`
}

// WebhookTestResult is the answer of Test a Webhook: the HTTP status the
// destination answered and its body.
type WebhookTestResult struct {
	ID     string `xml:"id,attr,omitempty"`
	Status int    `xml:"status,attr"`
	Body   string `xml:"body"`
}
