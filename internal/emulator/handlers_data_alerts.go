package emulator

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/emulator/export"
)

// Data-driven alerts (REST "Data-Driven Alert Methods", 3.2+). Tableau
// creates them in its web UI, so the emulator creates them through a seed
// helper (CreateDataAlert: tsctest's Server.CreateDataAlert and
// POST /_emulator/dataAlerts); the REST API lists, reads, updates and
// deletes them and adds and removes their recipients.
//
// When an alert fires. An alert watches one number of its view: the view's
// total Sales, the sum of the Sales column of the view's data (the data
// every export of the view shows, export.SampleData, without filters). Its
// condition compares that number v with its threshold t:
//
//	above: v > t    above-equal: v >= t    below: v < t
//	below-equal: v <= t    equal: v == t
//
// The view's data changes only when its workbook's extract is refreshed
// (each successful full or incremental refresh moves the workbook's data
// generation on, and the views' numbers with it). After each such refresh
// every alert on the workbook's views is evaluated: it fires when its
// condition holds for the new value and did not hold for the value before
// the refresh, that is, when the value crosses the threshold into the
// condition. A value that stays on the condition's side sends nothing
// again (so the alert's frequency, which on Tableau paces reminders of a
// condition that keeps holding, never adds messages here), nor does one
// that leaves it. A suspended alert is evaluated (its value is kept) but
// sends nothing. Firing puts one message per recipient into the outbox, at
// the time the refresh job ended, and sets the recipient's lastSent.

// dataAlertConditions are the conditions an alert may have, each with its
// test.
var dataAlertConditions = map[string]func(v, t float64) bool{
	"above":       func(v, t float64) bool { return v > t },
	"above-equal": func(v, t float64) bool { return v >= t },
	"below":       func(v, t float64) bool { return v < t },
	"below-equal": func(v, t float64) bool { return v <= t },
	"equal":       func(v, t float64) bool { return v == t },
}

// dataAlertFrequencies are the frequencies of the schema's enumeration;
// requests may give them in any case (TSC sends them lowercased).
var dataAlertFrequencies = []string{"Once", "AsFrequentlyAsPossible", "Hourly", "Daily", "Weekly"}

func canonicalFrequency(f string) (string, error) {
	if strings.EqualFold(f, "Frequently") {
		// TSC's DataAlertItem.Frequency spells AsFrequentlyAsPossible so.
		return "AsFrequentlyAsPossible", nil
	}
	for _, v := range dataAlertFrequencies {
		if strings.EqualFold(v, f) {
			return v, nil
		}
	}
	return "", badRequest("The frequency '%s' is not one of %s.", f, strings.Join(dataAlertFrequencies, ", "))
}

// viewTotal is the number alerts on the view watch: its total Sales.
func viewTotal(v *viewRow) float64 {
	t := export.SampleData(v.dataKey(), export.Options{})
	total := 0.0
	for _, r := range t.Rows {
		if n, err := strconv.ParseFloat(r[2], 64); err == nil {
			total += n
		}
	}
	return total
}

// dataAlertRow is an alert as stored, with its view's and owner's names.
type dataAlertRow struct {
	ID, SiteID, ViewID, OwnerID, OwnerName, CreatorID string
	Subject, Frequency, Condition                     string
	Public, Suspended                                 bool
	Threshold, LastValue                              float64
	CreatedMS, UpdatedMS                              int64
	ViewName, WorkbookID, WorkbookName                string
	ProjectID, ProjectName                            string
}

const dataAlertCols = `a.id, a.site_id, a.view_id, a.owner_id, o.name, a.creator_id, a.subject, a.frequency, a.condition, a.public,
	a.suspended, a.threshold, a.last_value, a.created_ms, a.updated_ms, v.name, w.id, w.name, p.id, p.name`

const dataAlertFrom = `FROM data_alerts a JOIN users o ON o.id = a.owner_id JOIN views v ON v.id = a.view_id
	JOIN workbooks w ON w.id = v.workbook_id JOIN projects p ON p.id = w.project_id`

func scanDataAlert(sc interface{ Scan(...any) error }) (*dataAlertRow, error) {
	var r dataAlertRow
	err := sc.Scan(&r.ID, &r.SiteID, &r.ViewID, &r.OwnerID, &r.OwnerName, &r.CreatorID, &r.Subject, &r.Frequency, &r.Condition, &r.Public,
		&r.Suspended, &r.Threshold, &r.LastValue, &r.CreatedMS, &r.UpdatedMS, &r.ViewName, &r.WorkbookID, &r.WorkbookName, &r.ProjectID, &r.ProjectName)
	return &r, err
}

func dataAlertNotFound(id string) *apiError {
	return errf(http.StatusNotFound, "404000", "Data alert not found", "The data-driven alert '%s' could not be found.", id)
}

func formatThreshold(t float64) string { return strconv.FormatFloat(t, 'f', -1, 64) }

func renderDataAlert(r *dataAlertRow, recipients []tsc.DataAlertRecipient) tsc.DataAlert {
	a := tsc.DataAlert{
		ID: r.ID, Subject: r.Subject, CreatorID: r.CreatorID, Frequency: r.Frequency,
		CreatedAt: msToTime(sql.NullInt64{Int64: r.CreatedMS, Valid: true}), UpdatedAt: msToTime(sql.NullInt64{Int64: r.UpdatedMS, Valid: true}),
		Public: tsc.Bool(r.Public), Suspended: tsc.Bool(r.Suspended), AlertCondition: r.Condition, AlertThreshold: formatThreshold(r.Threshold),
		Owner: &tsc.User{ID: r.OwnerID, Name: r.OwnerName},
		View: &tsc.View{ID: r.ViewID, Name: r.ViewName, Workbook: &tsc.Workbook{ID: r.WorkbookID, Name: r.WorkbookName},
			Project: &tsc.Project{ID: r.ProjectID, Name: r.ProjectName}},
	}
	if recipients != nil {
		a.Recipients = &tsc.DataAlertRecipientList{Recipients: recipients}
	}
	return a
}

// dataAlert reads one alert of the site.
func (s *Store) dataAlert(ctx context.Context, q queryer, siteID, id string) (*dataAlertRow, error) {
	r, err := scanDataAlert(q.QueryRowContext(ctx, "SELECT "+dataAlertCols+" "+dataAlertFrom+" WHERE a.site_id = ? AND a.id = ?", siteID, id))
	if isNoRows(err) {
		return nil, dataAlertNotFound(id)
	}
	return r, err
}

// alertRecipients lists an alert's recipients.
func (s *Store) alertRecipients(ctx context.Context, q queryer, id string) ([]tsc.DataAlertRecipient, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.user_id, u.name, r.last_sent_ms FROM data_alert_recipients r JOIN users u ON u.id = r.user_id
		WHERE r.alert_id = ? ORDER BY u.name`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []tsc.DataAlertRecipient{}
	for rows.Next() {
		var r tsc.DataAlertRecipient
		var last sql.NullInt64
		if err := rows.Scan(&r.ID, &r.Name, &last); err != nil {
			return nil, err
		}
		r.LastSent = msToTime(last)
		out = append(out, r)
	}
	return out, rows.Err()
}

// mayChangeAlert lets administrators and the alert's owner change it.
func (c *call) mayChangeAlert(a *dataAlertRow) error {
	if c.user.isSiteAdmin() || a.OwnerID == c.user.ID {
		return nil
	}
	return noPermission("User '%s' is not the owner of the data-driven alert '%s' nor an administrator.", c.user.Name, a.Subject)
}

// mayReadAlert adds to those who change an alert its recipients, and
// anyone for a public alert.
func (s *Server) mayReadAlert(c *call, a *dataAlertRow) error {
	if a.Public || c.mayChangeAlert(a) == nil {
		return nil
	}
	var n int
	if err := s.store.db.QueryRowContext(c.ctx, `SELECT count(*) FROM data_alert_recipients WHERE alert_id = ? AND user_id = ?`, a.ID, c.user.ID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return noPermission("User '%s' may not read the data-driven alert '%s'.", c.user.Name, a.Subject)
	}
	return nil
}

var dataAlertListSpec = listSpec{resource: "dataAlerts", fields: map[string]field{}, order: "a.rowid"}

func (s *Server) listDataAlerts(c *call) (result, error) {
	lq, err := c.list(dataAlertListSpec)
	if err != nil {
		return result{}, err
	}
	from := dataAlertFrom + " WHERE a.site_id = ?"
	args := []any{c.siteID()}
	if !c.user.isSiteAdmin() {
		from += ` AND (a.public = 1 OR a.owner_id = ? OR EXISTS (SELECT 1 FROM data_alert_recipients r WHERE r.alert_id = a.id AND r.user_id = ?))`
		args = append(args, c.user.ID, c.user.ID)
	}
	alerts, p, err := listOf(c.ctx, s.store, dataAlertCols, from, args, lq, scanDataAlert,
		func(r *dataAlertRow) tsc.DataAlert { return renderDataAlert(r, nil) })
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Pagination = &p
	resp.DataAlerts = &tsc.DataAlertList{DataAlerts: alerts}
	return ok(resp)
}

// dataAlertResponse answers with the alert and its recipients.
func (s *Server) dataAlertResponse(c *call, id string) (result, error) {
	a, err := s.store.dataAlert(c.ctx, s.store.db, c.siteID(), id)
	if err != nil {
		return result{}, err
	}
	rec, err := s.store.alertRecipients(c.ctx, s.store.db, id)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	d := renderDataAlert(a, rec)
	resp.DataAlert = &d
	return ok(resp)
}

func (s *Server) getDataAlert(c *call) (result, error) {
	a, err := s.store.dataAlert(c.ctx, s.store.db, c.siteID(), c.param("id"))
	if err != nil {
		return result{}, err
	}
	if err := s.mayReadAlert(c, a); err != nil {
		return result{}, err
	}
	return s.dataAlertResponse(c, a.ID)
}

func (s *Server) updateDataAlert(c *call) (result, error) {
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	in := req.DataAlert
	if in == nil {
		return result{}, badRequest("The request has no <dataAlert>.")
	}
	if err := checkLen("subject", in.Subject, maxNameChars); err != nil {
		return result{}, err
	}
	err = s.store.tx(c.ctx, func(tx *sql.Tx) error {
		a, err := s.store.dataAlert(c.ctx, tx, c.siteID(), c.param("id"))
		if err != nil {
			return err
		}
		if err := c.mayChangeAlert(a); err != nil {
			return err
		}
		if in.Subject != "" {
			a.Subject = in.Subject
		}
		if in.Frequency != "" {
			if a.Frequency, err = canonicalFrequency(in.Frequency); err != nil {
				return err
			}
		}
		if in.Public != nil {
			a.Public = *in.Public
		}
		if in.Owner != nil && in.Owner.ID != "" && in.Owner.ID != a.OwnerID {
			if _, err := s.store.siteUser(c.ctx, tx, c.siteID(), in.Owner.ID); err != nil {
				return err
			}
			a.OwnerID = in.Owner.ID
			// The new owner receives the alert, as its creator did.
			if _, err := tx.ExecContext(c.ctx, `INSERT OR IGNORE INTO data_alert_recipients (alert_id, user_id) VALUES (?, ?)`, a.ID, a.OwnerID); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(c.ctx, `UPDATE data_alerts SET subject = ?, frequency = ?, public = ?, owner_id = ?, updated_ms = ? WHERE id = ?`,
			a.Subject, a.Frequency, a.Public, a.OwnerID, s.nowMS(), a.ID)
		return err
	})
	if err != nil {
		return result{}, err
	}
	return s.dataAlertResponse(c, c.param("id"))
}

func (s *Server) deleteDataAlert(c *call) (result, error) {
	a, err := s.store.dataAlert(c.ctx, s.store.db, c.siteID(), c.param("id"))
	if err != nil {
		return result{}, err
	}
	if err := c.mayChangeAlert(a); err != nil {
		return result{}, err
	}
	if _, err := s.store.db.ExecContext(c.ctx, `DELETE FROM data_alerts WHERE id = ?`, a.ID); err != nil {
		return result{}, err
	}
	return result{status: http.StatusNoContent}, nil
}

// addDataAlertUser answers POST dataAlerts/{id}/users: the owner or an
// administrator adds anyone of the site; anyone adds themselves to a
// public alert. The answer is the user, as the captured answer shows.
func (s *Server) addDataAlertUser(c *call) (result, error) {
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	if req.User == nil || req.User.ID == "" {
		return result{}, badRequest("The request has no <user> id.")
	}
	a, err := s.store.dataAlert(c.ctx, s.store.db, c.siteID(), c.param("id"))
	if err != nil {
		return result{}, err
	}
	if err := c.mayChangeAlert(a); err != nil && !(a.Public && req.User.ID == c.user.ID) {
		return result{}, err
	}
	u, err := s.store.siteUser(c.ctx, s.store.db, c.siteID(), req.User.ID)
	if err != nil {
		return result{}, err
	}
	if _, err := s.store.db.ExecContext(c.ctx, `INSERT OR IGNORE INTO data_alert_recipients (alert_id, user_id) VALUES (?, ?)`, a.ID, u.ID); err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.User = &tsc.User{ID: u.ID, Name: u.Name, SiteRole: u.SiteRole}
	return ok(resp)
}

// removeDataAlertUser answers DELETE dataAlerts/{id}/users/{user}: the
// owner or an administrator removes anyone, a user removes themselves.
func (s *Server) removeDataAlertUser(c *call) (result, error) {
	a, err := s.store.dataAlert(c.ctx, s.store.db, c.siteID(), c.param("id"))
	if err != nil {
		return result{}, err
	}
	uid := c.param("user")
	if err := c.mayChangeAlert(a); err != nil && uid != c.user.ID {
		return result{}, err
	}
	res, err := s.store.db.ExecContext(c.ctx, `DELETE FROM data_alert_recipients WHERE alert_id = ? AND user_id = ?`, a.ID, uid)
	if err != nil {
		return result{}, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return result{}, userNotFound(uid)
	}
	return result{status: http.StatusNoContent}, nil
}

// DataAlertSeed is an alert to create as Tableau's web UI would: on a view
// of a site, owned by a user of the site (who is its first recipient).
type DataAlertSeed struct {
	// Site is the site's content URL ("" for Default).
	Site string `json:"site"`
	// ViewID names the view; Owner is the owner's user name.
	ViewID  string `json:"viewId"`
	Owner   string `json:"owner"`
	Subject string `json:"subject"`
	// Condition is above, above-equal, below, below-equal or equal;
	// Threshold the number the view's total Sales is compared with.
	Condition string  `json:"condition"`
	Threshold float64 `json:"threshold"`
	// Frequency defaults to Once; Public to false.
	Frequency  string   `json:"frequency,omitempty"`
	Public     bool     `json:"public,omitempty"`
	Recipients []string `json:"recipients,omitempty"`
}

// CreateDataAlert creates a data alert (see DataAlertSeed) and returns its
// id. Its value is read from the view now, so a later refresh fires it
// only if that moves the value across the threshold.
func (s *Server) CreateDataAlert(ctx context.Context, in DataAlertSeed) (string, error) {
	if _, ok := dataAlertConditions[in.Condition]; !ok {
		return "", fmt.Errorf("condition %q is not above, above-equal, below, below-equal or equal", in.Condition)
	}
	if math.IsNaN(in.Threshold) || math.IsInf(in.Threshold, 0) {
		return "", fmt.Errorf("threshold %v is not a number", in.Threshold)
	}
	if strings.TrimSpace(in.Subject) == "" || len(in.Subject) > maxNameChars {
		return "", fmt.Errorf("the subject must have 1 to %d characters", maxNameChars)
	}
	if len(in.Recipients) > maxListedIDs {
		return "", fmt.Errorf("at most %d recipients", maxListedIDs)
	}
	freq := "Once"
	if in.Frequency != "" {
		f, err := canonicalFrequency(in.Frequency)
		if err != nil {
			return "", err
		}
		freq = f
	}
	site, err := s.store.siteBy(ctx, s.store.db, "contentUrl", in.Site)
	if err != nil {
		return "", err
	}
	v, err := s.store.view(ctx, site.ID, in.ViewID)
	if err != nil {
		return "", err
	}
	owner, err := s.store.siteUserByName(ctx, s.store.db, site.ID, in.Owner)
	if err != nil {
		return "", err
	}
	id := uuid.NewString()
	now := s.nowMS()
	err = s.store.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO data_alerts (id, site_id, view_id, owner_id, creator_id, subject, frequency, public,
			condition, threshold, last_value, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, site.ID, v.ID, owner.ID, owner.ID, in.Subject, freq, in.Public, in.Condition, in.Threshold, viewTotal(v), now, now); err != nil {
			return err
		}
		for _, name := range append([]string{in.Owner}, in.Recipients...) {
			u, err := s.store.siteUserByName(ctx, tx, site.ID, name)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO data_alert_recipients (alert_id, user_id) VALUES (?, ?)`, id, u.ID); err != nil {
				return err
			}
		}
		return nil
	})
	return id, err
}

// ViewAlertValue is the number data alerts on the view watch (its total
// Sales, as its data is now), for tests that choose thresholds.
func (s *Server) ViewAlertValue(ctx context.Context, siteContentURL, viewID string) (float64, error) {
	site, err := s.store.siteBy(ctx, s.store.db, "contentUrl", siteContentURL)
	if err != nil {
		return 0, err
	}
	v, err := s.store.view(ctx, site.ID, viewID)
	if err != nil {
		return 0, err
	}
	return viewTotal(v), nil
}

// evaluateAlerts runs after a workbook's refresh moved its data on: each
// alert on its views compares the new value with the one before (see the
// rule above) and, on a crossing, sends to its recipients at at.
func (s *Server) evaluateAlerts(ctx context.Context, workbookID string, at time.Time) error {
	return s.store.tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT "+dataAlertCols+" "+dataAlertFrom+" WHERE w.id = ? ORDER BY a.rowid", workbookID)
		if err != nil {
			return err
		}
		var alerts []*dataAlertRow
		for rows.Next() {
			a, err := scanDataAlert(rows)
			if err != nil {
				rows.Close()
				return err
			}
			alerts = append(alerts, a)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, a := range alerts {
			v, err := scanView(tx.QueryRowContext(ctx, "SELECT "+viewCols+" "+viewFrom+" WHERE v.id = ?", a.ViewID))
			if err != nil {
				return err
			}
			value := viewTotal(v)
			holds := dataAlertConditions[a.Condition]
			crossed := holds(value, a.Threshold) && !holds(a.LastValue, a.Threshold)
			if _, err := tx.ExecContext(ctx, `UPDATE data_alerts SET last_value = ? WHERE id = ?`, value, a.ID); err != nil {
				return err
			}
			if !crossed || a.Suspended {
				continue
			}
			if err := s.sendAlert(ctx, tx, a, v, value, at); err != nil {
				return err
			}
		}
		return nil
	})
}

// sendAlert puts the alert's message, with an image of the view, into the
// outbox for each recipient.
func (s *Server) sendAlert(ctx context.Context, tx *sql.Tx, a *dataAlertRow, v *viewRow, value float64, at time.Time) error {
	rows, err := tx.QueryContext(ctx, `SELECT u.id, u.name, u.email FROM data_alert_recipients r JOIN users u ON u.id = r.user_id
		WHERE r.alert_id = ? ORDER BY u.name`, a.ID)
	if err != nil {
		return err
	}
	type recipient struct{ id, name, email string }
	var to []recipient
	for rows.Next() {
		var r recipient
		if err := rows.Scan(&r.id, &r.name, &r.email); err != nil {
			rows.Close()
			return err
		}
		to = append(to, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	img, err := export.PNG(viewCard(v, export.Options{}), defaultImageW, defaultImageH, 1)
	if err != nil {
		return err
	}
	body := fmt.Sprintf("The data in %q is now %s %s: total Sales is %s.", v.Name, strings.ReplaceAll(a.Condition, "-", " or "),
		formatThreshold(a.Threshold), formatThreshold(value))
	for _, r := range to {
		m := &OutboxMessage{SiteID: a.SiteID, Kind: "dataAlert", SourceID: a.ID, UserID: r.id, UserName: r.name, Email: r.email,
			Subject: a.Subject, Body: body, CreatedAt: at,
			Attachments: []OutboxAttachment{{Name: v.Name + ".png", ContentType: "image/png", Data: img}}}
		if err := s.store.addOutbox(ctx, tx, m); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE data_alert_recipients SET last_sent_ms = ? WHERE alert_id = ? AND user_id = ?`,
			at.UnixMilli(), a.ID, r.id); err != nil {
			return err
		}
	}
	return nil
}

// serveAlertControl answers POST /_emulator/dataAlerts (a DataAlertSeed
// in JSON): {"id": ...}.
func (s *Server) serveAlertControl(w http.ResponseWriter, req *http.Request) bool {
	return serveSeed(w, req, "/_emulator/dataAlerts", "data alert", s.CreateDataAlert)
}
