package resources

import (
	"context"
	"strconv"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// WebhookRow is a webhook as tabctl prints it.
type WebhookRow struct {
	ID                 string `json:"id"`
	Name               string `json:"name"`
	Event              string `json:"event"`
	URL                string `json:"url"`
	Enabled            *bool  `json:"enabled"`
	StatusChangeReason string `json:"statusChangeReason"`
	OwnerID            string `json:"ownerId"`
	OwnerName          string `json:"ownerName"`
	CreatedAt          string `json:"createdAt"`
	UpdatedAt          string `json:"updatedAt"`
}

// NewWebhookRow flattens a webhook.
func NewWebhookRow(w tsc.Webhook) WebhookRow {
	r := WebhookRow{ID: w.ID, Name: w.Name, Event: w.WebhookEventName(), URL: w.URL(), Enabled: w.IsEnabled,
		StatusChangeReason: w.StatusChangeReason, CreatedAt: Time(w.CreatedAt), UpdatedAt: Time(w.UpdatedAt)}
	if w.Owner != nil {
		r.OwnerID, r.OwnerName = w.Owner.ID, w.Owner.Name
	}
	return r
}

// WebhookTable shows webhooks.
var WebhookTable = cmdutil.Table[WebhookRow]{Columns: []cmdutil.Column[WebhookRow]{
	{Header: "name", Value: func(r WebhookRow) string { return r.Name }},
	{Header: "event", Value: func(r WebhookRow) string { return r.Event }},
	{Header: "url", Value: func(r WebhookRow) string { return r.URL }},
	{Header: "enabled", Value: func(r WebhookRow) string { return optBool(r.Enabled) }},
	{Header: "owner", Value: func(r WebhookRow) string { return r.OwnerName }, Wide: true},
	{Header: "id", Value: func(r WebhookRow) string { return r.ID }, Wide: true},
}}

// webhookPage adapts Webhooks.List, which Tableau answers in one page, to
// the listing machinery.
func webhookPage(c *tsc.Client) cmdutil.PageFunc[tsc.Webhook] {
	return func(ctx context.Context, _ tsc.ListOptions) ([]tsc.Webhook, tsc.Pagination, error) {
		l, err := c.Webhooks.List(ctx)
		return l, tsc.Pagination{PageNumber: 1, PageSize: max(len(l), 1), TotalAvailable: len(l)}, err
	}
}

// WebhookList lists webhooks.
var WebhookList = cmdutil.Lister[tsc.Webhook, WebhookRow]{
	Plural: "webhooks", Table: WebhookTable, Row: NewWebhookRow, Page: webhookPage,
}

// WebhookItem names a webhook by id, or by its name when one webhook of
// the site has it.
var WebhookItem = cmdutil.Item[tsc.Webhook, WebhookRow]{
	Singular: "webhook", Arg: "WEBHOOK", ArgHelp: "a webhook id or name",
	Table: WebhookTable, Row: NewWebhookRow,
	Find: func(ctx context.Context, c *tsc.Client, ref, _ string) (*tsc.Webhook, error) {
		all := func(yield func(tsc.Webhook, error) bool) {
			l, err := c.Webhooks.List(ctx)
			if err != nil {
				yield(tsc.Webhook{}, err)
				return
			}
			for _, w := range l {
				if !yield(w, nil) {
					return
				}
			}
		}
		return byIDOrUniqueLabel(ctx, ref, "webhook (by name, unique)", c.Webhooks.Get, all, func(w tsc.Webhook) string { return w.Name })
	},
	Get: func(ctx context.Context, c *tsc.Client, id string) (*tsc.Webhook, error) {
		return c.Webhooks.Get(ctx, id)
	},
	Ident: func(w tsc.Webhook) (string, string) { return w.ID, w.Name },
}

// WebhookTestRow is the outcome of `webhooks test`.
type WebhookTestRow struct {
	ID     string `json:"id"`
	Status int    `json:"status"`
	Body   string `json:"body"`
}

// WebhookTestTable shows a test's outcome.
var WebhookTestTable = cmdutil.Table[WebhookTestRow]{Columns: []cmdutil.Column[WebhookTestRow]{
	{Header: "status", Value: func(r WebhookTestRow) string { return strconv.Itoa(r.Status) }},
	{Header: "body", Value: func(r WebhookTestRow) string { return r.Body }},
	{Header: "id", Value: func(r WebhookTestRow) string { return r.ID }, Wide: true},
}}
