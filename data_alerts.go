package tsc

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/url"
)

// DataAlert is a data-driven alert on a view: its recipients get a message
// when the view's data meets the alert's condition. Tableau creates alerts
// in its web UI; the REST API lists, changes and deletes them and manages
// their recipients.
type DataAlert struct {
	ID        string `xml:"id,attr,omitempty"`
	Subject   string `xml:"subject,attr,omitempty"`
	CreatorID string `xml:"creatorId,attr,omitempty"`
	CreatedAt Time   `xml:"createdAt,attr"`
	UpdatedAt Time   `xml:"updatedAt,attr"`
	// Frequency is how often a met condition is sent again: Once,
	// AsFrequentlyAsPossible, Hourly, Daily or Weekly.
	Frequency string `xml:"frequency,attr,omitempty"`
	Public    *bool  `xml:"public,attr,omitempty"`
	Suspended *bool  `xml:"suspended,attr,omitempty"`
	// AlertCondition (above, above-equal, below, below-equal, equal) and
	// AlertThreshold say when the alert fires.
	AlertCondition string                  `xml:"alertCondition,attr,omitempty"`
	AlertThreshold string                  `xml:"alertThreshold,attr,omitempty"`
	Owner          *User                   `xml:"owner,omitempty"`
	View           *View                   `xml:"view,omitempty"`
	Recipients     *DataAlertRecipientList `xml:"recipients,omitempty"`
}

// DataAlertRecipientList is the <recipients> of an alert.
type DataAlertRecipientList struct {
	Recipients []DataAlertRecipient `xml:"recipient"`
}

// DataAlertRecipient is a user who receives an alert.
type DataAlertRecipient struct {
	ID   string `xml:"id,attr,omitempty"`
	Name string `xml:"name,attr,omitempty"`
	// LastSent is when the alert was last sent to them.
	LastSent Time `xml:"lastSent,attr"`
}

// DataAlertList is the <dataAlerts> element.
type DataAlertList struct {
	DataAlerts []DataAlert `xml:"dataAlert"`
}

// DataAlertsService manages the data-driven alerts of the current site.
type DataAlertsService service

func pickDataAlerts(r *TSResponse) []DataAlert {
	if r.DataAlerts == nil {
		return nil
	}
	return r.DataAlerts.DataAlerts
}

// List returns one page of the site's data alerts.
//
// REST: GET /api/{v}/sites/{site-id}/dataAlerts (3.2).
func (s *DataAlertsService) List(ctx context.Context, opts ListOptions) ([]DataAlert, Pagination, error) {
	lc, err := siteList(s.client, "DataAlerts.List", Version{3, 2}, "dataAlerts", pickDataAlerts)
	if err != nil {
		return nil, Pagination{}, err
	}
	return lc.page(ctx, s.client, opts)
}

// All iterates every data alert of the site.
//
// REST: GET /api/{v}/sites/{site-id}/dataAlerts (3.2).
func (s *DataAlertsService) All(ctx context.Context, opts ListOptions) iter.Seq2[DataAlert, error] {
	lc, err := siteList(s.client, "DataAlerts.All", Version{3, 2}, "dataAlerts", pickDataAlerts)
	if err != nil {
		return errSeq[DataAlert](err)
	}
	return lc.all(ctx, s.client, opts)
}

// dataAlertOf takes the alert out of an answer: a <dataAlert>, or the one
// <dataAlert> of a <dataAlerts> list (the shape of TSC's captured answers).
func dataAlertOf(verb string, resp *TSResponse, err error) (*DataAlert, error) {
	if err != nil {
		return nil, err
	}
	if resp.DataAlert != nil {
		return resp.DataAlert, nil
	}
	if resp.DataAlerts != nil && len(resp.DataAlerts.DataAlerts) == 1 {
		return &resp.DataAlerts.DataAlerts[0], nil
	}
	return nil, errors.New("tsc: DataAlerts." + verb + ": the answer has no <dataAlert>")
}

func alertPath(verb, id string) (string, error) {
	if id == "" {
		return "", errors.New("tsc: DataAlerts." + verb + ": empty data alert id")
	}
	return "dataAlerts/" + url.PathEscape(id), nil
}

// Get returns the data alert with the given id, with its recipients.
//
// REST: GET /api/{v}/sites/{site-id}/dataAlerts/{id} (3.2).
func (s *DataAlertsService) Get(ctx context.Context, id string) (*DataAlert, error) {
	p, err := alertPath("Get", id)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.getSite(ctx, "DataAlerts.Get", Version{3, 2}, p, nil)
	return dataAlertOf("Get", resp, err)
}

// Update changes what is set in alert (alert.ID names it): subject,
// frequency, public, and the owner (by id).
//
// REST: PUT /api/{v}/sites/{site-id}/dataAlerts/{id} (3.2).
func (s *DataAlertsService) Update(ctx context.Context, alert DataAlert) (*DataAlert, error) {
	p, err := alertPath("Update", alert.ID)
	if err != nil {
		return nil, err
	}
	body := DataAlert{Subject: alert.Subject, Frequency: alert.Frequency, Public: alert.Public}
	if alert.Owner != nil && alert.Owner.ID != "" {
		body.Owner = &User{ID: alert.Owner.ID}
	}
	if body.Subject == "" && body.Frequency == "" && body.Public == nil && body.Owner == nil {
		return nil, errors.New("tsc: DataAlerts.Update: nothing to update")
	}
	b, err := EncodeRequest(&TSRequest{DataAlert: &body})
	if err != nil {
		return nil, err
	}
	resp, err := s.client.sendSite(ctx, "DataAlerts.Update", Version{3, 2}, http.MethodPut, p, nil, b)
	return dataAlertOf("Update", resp, err)
}

// Delete removes the data alert.
//
// REST: DELETE /api/{v}/sites/{site-id}/dataAlerts/{id} (3.2).
func (s *DataAlertsService) Delete(ctx context.Context, id string) error {
	p, err := alertPath("Delete", id)
	if err != nil {
		return err
	}
	return s.client.deleteSite(ctx, "DataAlerts.Delete", Version{3, 2}, p, nil)
}

// AddUser adds a recipient to the alert and returns the user.
//
// REST: POST /api/{v}/sites/{site-id}/dataAlerts/{id}/users (3.2).
func (s *DataAlertsService) AddUser(ctx context.Context, id, userID string) (*User, error) {
	p, err := alertPath("AddUser", id)
	if err != nil {
		return nil, err
	}
	if userID == "" {
		return nil, errors.New("tsc: DataAlerts.AddUser: empty user id")
	}
	b, err := EncodeRequest(&TSRequest{User: &User{ID: userID}})
	if err != nil {
		return nil, err
	}
	resp, err := s.client.sendSite(ctx, "DataAlerts.AddUser", Version{3, 2}, http.MethodPost, p+"/users", nil, b)
	if err != nil {
		return nil, err
	}
	if resp.User == nil {
		return nil, errors.New("tsc: DataAlerts.AddUser: the answer has no <user>")
	}
	return resp.User, nil
}

// RemoveUser removes a recipient from the alert.
//
// REST: DELETE /api/{v}/sites/{site-id}/dataAlerts/{id}/users/{user-id} (3.2).
func (s *DataAlertsService) RemoveUser(ctx context.Context, id, userID string) error {
	p, err := alertPath("RemoveUser", id)
	if err != nil {
		return err
	}
	if userID == "" {
		return errors.New("tsc: DataAlerts.RemoveUser: empty user id")
	}
	return s.client.deleteSite(ctx, "DataAlerts.RemoveUser", Version{3, 2}, p+"/users/"+url.PathEscape(userID), nil)
}
