package resources

import (
	"context"
	"strings"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// What a site sends its users: subscriptions and data-driven alerts.

// SubscriptionRow is a subscription as tabctl prints it.
type SubscriptionRow struct {
	ID              string `json:"id"`
	Subject         string `json:"subject"`
	Message         string `json:"message"`
	ContentType     string `json:"contentType"`
	ContentID       string `json:"contentId"`
	ScheduleID      string `json:"scheduleId"`
	ScheduleName    string `json:"scheduleName"`
	UserID          string `json:"userId"`
	UserName        string `json:"userName"`
	AttachImage     *bool  `json:"attachImage"`
	AttachPDF       *bool  `json:"attachPdf"`
	PageOrientation string `json:"pageOrientation"`
	PageSizeOption  string `json:"pageSizeOption"`
	Suspended       *bool  `json:"suspended"`
}

// NewSubscriptionRow flattens a subscription.
func NewSubscriptionRow(s tsc.Subscription) SubscriptionRow {
	r := SubscriptionRow{ID: s.ID, Subject: s.Subject, Message: s.Message, AttachImage: s.AttachImage, AttachPDF: s.AttachPDF,
		PageOrientation: s.PageOrientation, PageSizeOption: s.PageSizeOption, Suspended: s.Suspended}
	if s.Content != nil {
		r.ContentType, r.ContentID = s.Content.Type, s.Content.ID
	}
	if s.Schedule != nil {
		r.ScheduleID, r.ScheduleName = s.Schedule.ID, s.Schedule.Name
	}
	if s.User != nil {
		r.UserID, r.UserName = s.User.ID, s.User.Name
	}
	return r
}

// SubscriptionTable shows subscriptions.
var SubscriptionTable = cmdutil.Table[SubscriptionRow]{Columns: []cmdutil.Column[SubscriptionRow]{
	{Header: "subject", Value: func(r SubscriptionRow) string { return r.Subject }},
	{Header: "content", Value: func(r SubscriptionRow) string { return r.ContentType + " " + r.ContentID }},
	{Header: "schedule", Value: func(r SubscriptionRow) string { return r.ScheduleName }},
	{Header: "user", Value: func(r SubscriptionRow) string { return r.UserName }},
	{Header: "suspended", Value: func(r SubscriptionRow) string { return optBool(r.Suspended) }},
	{Header: "id", Value: func(r SubscriptionRow) string { return r.ID }, Wide: true},
}}

// SubscriptionList lists subscriptions.
var SubscriptionList = cmdutil.Lister[tsc.Subscription, SubscriptionRow]{
	Plural: "subscriptions", Table: SubscriptionTable, Row: NewSubscriptionRow,
	Page: func(c *tsc.Client) cmdutil.PageFunc[tsc.Subscription] { return c.Subscriptions.List },
}

// SubscriptionItem names a subscription by id, or by its subject when one
// subscription of the site has it.
var SubscriptionItem = cmdutil.Item[tsc.Subscription, SubscriptionRow]{
	Singular: "subscription", Arg: "SUBSCRIPTION", ArgHelp: "a subscription id or subject",
	Table: SubscriptionTable, Row: NewSubscriptionRow,
	Find: func(ctx context.Context, c *tsc.Client, ref, _ string) (*tsc.Subscription, error) {
		if LooksLikeID(ref) {
			return c.Subscriptions.Get(ctx, ref)
		}
		var found []tsc.Subscription
		for s, err := range c.Subscriptions.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize}) {
			if err != nil {
				return nil, err
			}
			if strings.EqualFold(s.Subject, ref) {
				found = append(found, s)
			}
		}
		if len(found) != 1 {
			return nil, &NotFoundError{Kind: "subscription (by subject, unique)", Key: ref}
		}
		return &found[0], nil
	},
	Ident: func(s tsc.Subscription) (string, string) { return s.ID, s.Subject },
}

// DataAlertRow is a data-driven alert as tabctl prints it.
type DataAlertRow struct {
	ID             string   `json:"id"`
	Subject        string   `json:"subject"`
	Frequency      string   `json:"frequency"`
	Public         *bool    `json:"public"`
	Suspended      *bool    `json:"suspended"`
	AlertCondition string   `json:"alertCondition"`
	AlertThreshold string   `json:"alertThreshold"`
	OwnerID        string   `json:"ownerId"`
	OwnerName      string   `json:"ownerName"`
	ViewID         string   `json:"viewId"`
	ViewName       string   `json:"viewName"`
	WorkbookID     string   `json:"workbookId"`
	Recipients     []string `json:"recipients"`
	CreatedAt      string   `json:"createdAt"`
	UpdatedAt      string   `json:"updatedAt"`
}

// NewDataAlertRow flattens an alert; recipients are their ids (empty when
// the answer, a list, carries none).
func NewDataAlertRow(a tsc.DataAlert) DataAlertRow {
	r := DataAlertRow{ID: a.ID, Subject: a.Subject, Frequency: a.Frequency, Public: a.Public, Suspended: a.Suspended,
		AlertCondition: a.AlertCondition, AlertThreshold: a.AlertThreshold, Recipients: []string{},
		CreatedAt: Time(a.CreatedAt), UpdatedAt: Time(a.UpdatedAt)}
	if a.Owner != nil {
		r.OwnerID, r.OwnerName = a.Owner.ID, a.Owner.Name
	}
	if a.View != nil {
		r.ViewID, r.ViewName = a.View.ID, a.View.Name
		if a.View.Workbook != nil {
			r.WorkbookID = a.View.Workbook.ID
		}
	}
	if a.Recipients != nil {
		for _, rc := range a.Recipients.Recipients {
			r.Recipients = append(r.Recipients, rc.ID)
		}
	}
	return r
}

// DataAlertTable shows data alerts.
var DataAlertTable = cmdutil.Table[DataAlertRow]{Columns: []cmdutil.Column[DataAlertRow]{
	{Header: "subject", Value: func(r DataAlertRow) string { return r.Subject }},
	{Header: "view", Value: func(r DataAlertRow) string { return r.ViewName }},
	{Header: "condition", Value: func(r DataAlertRow) string { return strings.TrimSpace(r.AlertCondition + " " + r.AlertThreshold) }},
	{Header: "frequency", Value: func(r DataAlertRow) string { return r.Frequency }},
	{Header: "owner", Value: func(r DataAlertRow) string { return r.OwnerName }},
	{Header: "id", Value: func(r DataAlertRow) string { return r.ID }, Wide: true},
}}

// DataAlertList lists data alerts.
var DataAlertList = cmdutil.Lister[tsc.DataAlert, DataAlertRow]{
	Plural: "data alerts", Table: DataAlertTable, Row: NewDataAlertRow,
	Page: func(c *tsc.Client) cmdutil.PageFunc[tsc.DataAlert] { return c.DataAlerts.List },
}

// DataAlertItem names a data alert by id, or by its subject when one alert
// of the site has it.
var DataAlertItem = cmdutil.Item[tsc.DataAlert, DataAlertRow]{
	Singular: "data alert", Arg: "ALERT", ArgHelp: "a data alert id or subject",
	Table: DataAlertTable, Row: NewDataAlertRow,
	Find: func(ctx context.Context, c *tsc.Client, ref, _ string) (*tsc.DataAlert, error) {
		if LooksLikeID(ref) {
			return c.DataAlerts.Get(ctx, ref)
		}
		var found []tsc.DataAlert
		for a, err := range c.DataAlerts.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize}) {
			if err != nil {
				return nil, err
			}
			if strings.EqualFold(a.Subject, ref) {
				found = append(found, a)
			}
		}
		if len(found) != 1 {
			return nil, &NotFoundError{Kind: "data alert (by subject, unique)", Key: ref}
		}
		return &found[0], nil
	},
	Get: func(ctx context.Context, c *tsc.Client, id string) (*tsc.DataAlert, error) {
		return c.DataAlerts.Get(ctx, id)
	},
	Ident: func(a tsc.DataAlert) (string, string) { return a.ID, a.Subject },
}
