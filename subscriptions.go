package tsc

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/url"
)

// Subscription sends a view or workbook to a user by e-mail on a
// schedule: an image and/or a PDF of it, with a subject and a message.
type Subscription struct {
	ID      string `xml:"id,attr,omitempty"`
	Subject string `xml:"subject,attr,omitempty"`
	Message string `xml:"message,attr,omitempty"`
	// AttachImage and AttachPDF choose the attachments (an image of the
	// view, or of each view of a workbook; a PDF).
	AttachImage *bool `xml:"attachImage,attr,omitempty"`
	AttachPDF   *bool `xml:"attachPdf,attr,omitempty"`
	// PageOrientation (PORTRAIT, LANDSCAPE) and PageSizeOption (A4,
	// LETTER, ...) shape the PDF.
	PageOrientation string `xml:"pageOrientation,attr,omitempty"`
	PageSizeOption  string `xml:"pageSizeOption,attr,omitempty"`
	Suspended       *bool  `xml:"suspended,attr,omitempty"`
	// RefreshExtractTriggered sends the subscription when the content's
	// extract is refreshed rather than on its schedule (Tableau Cloud).
	RefreshExtractTriggered *bool                `xml:"refreshExtractTriggered,attr,omitempty"`
	Content                 *SubscriptionContent `xml:"content,omitempty"`
	// Schedule is the Subscription schedule it is sent on (its id on
	// create and update).
	Schedule *Schedule `xml:"schedule,omitempty"`
	// User is who receives it (its id on create).
	User *User `xml:"user,omitempty"`
}

// SubscriptionContent is what a subscription sends.
type SubscriptionContent struct {
	ID string `xml:"id,attr"`
	// Type is SubscriptionView or SubscriptionWorkbook.
	Type         string `xml:"type,attr"`
	Name         string `xml:"name,attr,omitempty"`
	CustomViewID string `xml:"customViewId,attr,omitempty"`
	// SendIfViewEmpty sends it even when the view has no data.
	SendIfViewEmpty *bool `xml:"sendIfViewEmpty,attr,omitempty"`
}

// The types of SubscriptionContent.
const (
	SubscriptionView     = "View"
	SubscriptionWorkbook = "Workbook"
)

// SubscriptionList is the <subscriptions> element.
type SubscriptionList struct {
	Subscriptions []Subscription `xml:"subscription"`
}

// SubscriptionsService creates and manages the subscriptions of the
// current site.
type SubscriptionsService service

func pickSubscriptions(r *TSResponse) []Subscription {
	if r.Subscriptions == nil {
		return nil
	}
	return r.Subscriptions.Subscriptions
}

// List returns one page of the site's subscriptions.
//
// REST: GET /api/{v}/sites/{site-id}/subscriptions (2.3).
func (s *SubscriptionsService) List(ctx context.Context, opts ListOptions) ([]Subscription, Pagination, error) {
	lc, err := siteList(s.client, "Subscriptions.List", Version{2, 3}, "subscriptions", pickSubscriptions)
	if err != nil {
		return nil, Pagination{}, err
	}
	return lc.page(ctx, s.client, opts)
}

// All iterates every subscription of the site.
//
// REST: GET /api/{v}/sites/{site-id}/subscriptions (2.3).
func (s *SubscriptionsService) All(ctx context.Context, opts ListOptions) iter.Seq2[Subscription, error] {
	lc, err := siteList(s.client, "Subscriptions.All", Version{2, 3}, "subscriptions", pickSubscriptions)
	if err != nil {
		return errSeq[Subscription](err)
	}
	return lc.all(ctx, s.client, opts)
}

func subscriptionOf(verb string, resp *TSResponse, err error) (*Subscription, error) {
	if err != nil {
		return nil, err
	}
	if resp.Subscription == nil {
		return nil, errors.New("tsc: Subscriptions." + verb + ": the answer has no <subscription>")
	}
	return resp.Subscription, nil
}

// Get returns the subscription with the given id.
//
// REST: GET /api/{v}/sites/{site-id}/subscriptions/{id} (2.3).
func (s *SubscriptionsService) Get(ctx context.Context, id string) (*Subscription, error) {
	if id == "" {
		return nil, errors.New("tsc: Subscriptions.Get: empty subscription id")
	}
	resp, err := s.client.getSite(ctx, "Subscriptions.Get", Version{2, 3}, "subscriptions/"+url.PathEscape(id), nil)
	return subscriptionOf("Get", resp, err)
}

// Create subscribes sub.User to sub.Content on sub.Schedule, with its
// subject, message and attachments, and returns the subscription.
//
// REST: POST /api/{v}/sites/{site-id}/subscriptions (2.3).
func (s *SubscriptionsService) Create(ctx context.Context, sub Subscription) (*Subscription, error) {
	switch {
	case sub.Content == nil || sub.Content.ID == "" || sub.Content.Type == "":
		return nil, errors.New("tsc: Subscriptions.Create: the subscription needs its content (id and type View or Workbook)")
	case sub.Schedule == nil || sub.Schedule.ID == "":
		return nil, errors.New("tsc: Subscriptions.Create: the subscription needs a schedule id")
	case sub.User == nil || sub.User.ID == "":
		return nil, errors.New("tsc: Subscriptions.Create: the subscription needs a user id")
	}
	body := sub
	body.ID = ""
	body.Schedule, body.User = &Schedule{ID: sub.Schedule.ID}, &User{ID: sub.User.ID}
	b, err := EncodeRequest(&TSRequest{Subscription: &body})
	if err != nil {
		return nil, err
	}
	resp, err := s.client.sendSite(ctx, "Subscriptions.Create", Version{2, 3}, http.MethodPost, "subscriptions", nil, b)
	return subscriptionOf("Create", resp, err)
}

// Update changes what is set in sub (sub.ID names it): subject, message,
// attachments, page options, suspended, the schedule (by id) and the
// content's sendIfViewEmpty.
//
// REST: PUT /api/{v}/sites/{site-id}/subscriptions/{id} (2.3).
func (s *SubscriptionsService) Update(ctx context.Context, sub Subscription) (*Subscription, error) {
	if sub.ID == "" {
		return nil, errors.New("tsc: Subscriptions.Update: the subscription has no id")
	}
	body := sub
	body.ID, body.User = "", nil
	if sub.Schedule != nil {
		body.Schedule = &Schedule{ID: sub.Schedule.ID}
	}
	if sub.Content != nil {
		body.Content = &SubscriptionContent{ID: sub.Content.ID, Type: sub.Content.Type, SendIfViewEmpty: sub.Content.SendIfViewEmpty}
	}
	b, err := EncodeRequest(&TSRequest{Subscription: &body})
	if err != nil {
		return nil, err
	}
	resp, err := s.client.sendSite(ctx, "Subscriptions.Update", Version{2, 3}, http.MethodPut, "subscriptions/"+url.PathEscape(sub.ID), nil, b)
	return subscriptionOf("Update", resp, err)
}

// Delete removes the subscription.
//
// REST: DELETE /api/{v}/sites/{site-id}/subscriptions/{id} (2.3).
func (s *SubscriptionsService) Delete(ctx context.Context, id string) error {
	if id == "" {
		return errors.New("tsc: Subscriptions.Delete: empty subscription id")
	}
	return s.client.deleteSite(ctx, "Subscriptions.Delete", Version{2, 3}, "subscriptions/"+url.PathEscape(id), nil)
}
