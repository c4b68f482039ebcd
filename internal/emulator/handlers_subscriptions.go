package emulator

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/emulator/export"
)

// Subscriptions (REST "Subscription Methods", 2.3+): a user receives a
// view or a workbook by e-mail on a Subscription schedule. The emulator
// sends nothing: when the schedule fires (the scheduler's "Subscription"
// runner, runSubscriptions), each active subscription on it puts one
// message into the outbox, with the attachments rendered as the export
// routes render them (a PNG of the view, or of each view of a workbook,
// when attachImage; a PDF of the view or of the workbook's views, on the
// subscription's page size and orientation, when attachPdf).
//
// Rules (the REST reference's, and where it is silent the emulator's, each
// refusal naming its reason):
//   - Administrators subscribe any user of the site and see every
//     subscription; other users subscribe themselves only, and see, change
//     and delete their own (403004 otherwise).
//   - The schedule must be a Subscription schedule (400); the content a
//     view or workbook of the site (404011 / 404006); the user on the site
//     (404002); subject is required (400).
//   - A site whose subscriptions are disabled (disableSubscriptions)
//     refuses new ones (403000) and sends none.
//   - pageOrientation is PORTRAIT or LANDSCAPE, pageSizeOption one of the
//     PDF page sizes (A3 ... TABLOID, UNSPECIFIED), case ignored.
//   - A subscription whose view or workbook was deleted is deleted with it
//     (as Tableau drops it); a suspended one is not sent.

// subscriptionRow is a subscription as stored, with its references' names.
type subscriptionRow struct {
	ID, SiteID, Subject, Message      string
	AttachImage, AttachPDF, Suspended bool
	PageOrientation, PageSizeOption   string
	ContentType, ContentID            string
	SendIfViewEmpty                   bool
	ScheduleID, ScheduleName          string
	UserID, UserName, UserEmail       string
	CreatedMS                         int64
}

const subscriptionCols = `s.id, s.site_id, s.subject, s.message, s.attach_image, s.attach_pdf, s.suspended, s.page_orientation,
	s.page_size_option, s.content_type, s.content_id, s.send_if_view_empty, s.schedule_id, sc.name, s.user_id, u.name, u.email, s.created_ms`

const subscriptionFrom = `FROM subscriptions s JOIN schedules sc ON sc.id = s.schedule_id JOIN users u ON u.id = s.user_id`

func scanSubscription(sc interface{ Scan(...any) error }) (*subscriptionRow, error) {
	var r subscriptionRow
	err := sc.Scan(&r.ID, &r.SiteID, &r.Subject, &r.Message, &r.AttachImage, &r.AttachPDF, &r.Suspended, &r.PageOrientation,
		&r.PageSizeOption, &r.ContentType, &r.ContentID, &r.SendIfViewEmpty, &r.ScheduleID, &r.ScheduleName, &r.UserID, &r.UserName,
		&r.UserEmail, &r.CreatedMS)
	return &r, err
}

func renderSubscription(r *subscriptionRow) *tsc.Subscription {
	return &tsc.Subscription{
		ID: r.ID, Subject: r.Subject, Message: r.Message,
		AttachImage: tsc.Bool(r.AttachImage), AttachPDF: tsc.Bool(r.AttachPDF), Suspended: tsc.Bool(r.Suspended),
		PageOrientation: r.PageOrientation, PageSizeOption: r.PageSizeOption,
		Content:  &tsc.SubscriptionContent{ID: r.ContentID, Type: r.ContentType, SendIfViewEmpty: tsc.Bool(r.SendIfViewEmpty)},
		Schedule: &tsc.Schedule{ID: r.ScheduleID, Name: r.ScheduleName},
		User:     &tsc.User{ID: r.UserID, Name: r.UserName},
	}
}

// subscriptionNotFound is Tableau's 404025 ("Subscription not found").
func subscriptionNotFound(id string) *apiError {
	return errf(http.StatusNotFound, "404025", "Subscription not found", "The subscription '%s' could not be found.", id)
}

// subscriptionListSpec: subscriptions list in creation order; the REST API
// documents no filter fields for them.
var subscriptionListSpec = listSpec{resource: "subscriptions", fields: map[string]field{}, order: "s.rowid"}

// subscription reads one subscription of the site.
func (s *Store) subscription(ctx context.Context, q queryer, siteID, id string) (*subscriptionRow, error) {
	r, err := scanSubscription(q.QueryRowContext(ctx, "SELECT "+subscriptionCols+" "+subscriptionFrom+" WHERE s.site_id = ? AND s.id = ?", siteID, id))
	if isNoRows(err) {
		return nil, subscriptionNotFound(id)
	}
	return r, err
}

// mayManageSubscription lets administrators manage every subscription and
// others their own.
func (c *call) mayManageSubscription(userID string) error {
	if c.user.isSiteAdmin() || userID == c.user.ID {
		return nil
	}
	return noPermission("User '%s' may only subscribe themselves and manage their own subscriptions.", c.user.Name)
}

// pageOptions checks and normalises a subscription's page options.
func pageOptions(orientation, size string) (string, string, error) {
	o, sz := strings.ToUpper(orientation), strings.ToUpper(size)
	if o == "" {
		o = "PORTRAIT"
	}
	if sz == "" {
		sz = "LETTER"
	}
	if _, _, ok := export.PageSize(sz, o); !ok {
		return "", "", badRequest("The page options pageOrientation '%s' and pageSizeOption '%s' are not valid: orientations are PORTRAIT and LANDSCAPE; sizes A3, A4, A5, B4, B5, EXECUTIVE, FOLIO, LEDGER, LEGAL, LETTER, NOTE, QUARTO, TABLOID, UNSPECIFIED.", orientation, size)
	}
	return o, sz, nil
}

// subscriptionSchedule checks that id names a Subscription schedule the
// site may use.
func (s *Store) subscriptionSchedule(ctx context.Context, q queryer, siteID, id string) error {
	sc, err := s.schedule(ctx, q, id)
	if err != nil {
		return err
	}
	if sc.Type != "Subscription" {
		return badRequest("The schedule '%s' is a %s schedule; subscriptions go on Subscription schedules.", sc.Name, sc.Type)
	}
	if sc.SiteID.Valid && sc.SiteID.String != siteID {
		return scheduleNotFound(id)
	}
	return nil
}

// subscriptionContent checks that the content exists on the site.
func (s *Store) subscriptionContent(ctx context.Context, q queryer, siteID, typ, id string) error {
	var n int
	switch typ {
	case tsc.SubscriptionView:
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM views WHERE site_id = ? AND id = ?`, siteID, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return viewNotFound(id)
		}
	case tsc.SubscriptionWorkbook:
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM workbooks WHERE site_id = ? AND id = ?`, siteID, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return workbookNotFound(id)
		}
	default:
		return badRequest("The content type '%s' is not View or Workbook.", typ)
	}
	return nil
}

func (s *Server) listSubscriptions(c *call) (result, error) {
	lq, err := c.list(subscriptionListSpec)
	if err != nil {
		return result{}, err
	}
	from := subscriptionFrom + " WHERE s.site_id = ?"
	args := []any{c.siteID()}
	if !c.user.isSiteAdmin() {
		from += " AND s.user_id = ?"
		args = append(args, c.user.ID)
	}
	subs, p, err := listOf(c.ctx, s.store, subscriptionCols, from, args, lq, scanSubscription,
		func(r *subscriptionRow) tsc.Subscription { return *renderSubscription(r) })
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Pagination = &p
	resp.Subscriptions = &tsc.SubscriptionList{Subscriptions: subs}
	return ok(resp)
}

func (s *Server) getSubscription(c *call) (result, error) {
	r, err := s.store.subscription(c.ctx, s.store.db, c.siteID(), c.param("id"))
	if err != nil {
		return result{}, err
	}
	if err := c.mayManageSubscription(r.UserID); err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Subscription = renderSubscription(r)
	return ok(resp)
}

// cloudSubscriptionSchedule reads the schedule a subscription carries on
// Tableau Cloud, which has no server schedules ("Create Subscription" for
// Tableau Cloud, REST API 3.20: a <schedule> with a frequency beside the
// <subscription>; the schedule inside it is taken too). On Server it is
// nil: a subscription names a Subscription schedule by id.
func cloudSubscriptionSchedule(cloud bool, req *tsc.TSRequest) (*scheduleInput, error) {
	if !cloud {
		return nil, nil
	}
	sc := req.Schedule
	if sc == nil && req.Subscription.Schedule != nil && req.Subscription.Schedule.Frequency != "" {
		sc = req.Subscription.Schedule
	}
	if sc == nil {
		return nil, badRequest("The request has no <schedule> with a frequency: on Tableau Cloud a subscription carries its own schedule.")
	}
	if fd := sc.FrequencyDetails; fd != nil && len(fd.List()) > maxIntervals {
		return nil, badRequest("A schedule has at most %d intervals (it has %d).", maxIntervals, len(fd.List()))
	}
	f, err := parseFrequency(sc.Frequency, sc.FrequencyDetails)
	if err != nil {
		return nil, err
	}
	return &scheduleInput{typ: "Subscription", order: "Parallel", state: "Active", priority: 50, freq: f}, nil
}

func (s *Server) createSubscription(c *call) (result, error) {
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	in := req.Subscription
	switch {
	case in == nil:
		return result{}, badRequest("The request has no <subscription>.")
	case strings.TrimSpace(in.Subject) == "":
		return result{}, badRequest("The subscription has no subject.")
	case in.Content == nil || in.Content.ID == "":
		return result{}, badRequest("The subscription has no <content> with an id and a type (View or Workbook).")
	case !s.cfg.Cloud && (in.Schedule == nil || in.Schedule.ID == ""):
		return result{}, badRequest("The subscription has no <schedule> id.")
	case in.User == nil || in.User.ID == "":
		return result{}, badRequest("The subscription has no <user> id.")
	}
	if err := firstErr(checkLen("subject", in.Subject, maxNameChars), checkLen("message", in.Message, maxDescriptionChars)); err != nil {
		return result{}, err
	}
	if err := c.mayManageSubscription(in.User.ID); err != nil {
		return result{}, err
	}
	// Only what the caller can see is subscribed to: the content passes
	// the permission evaluator's Read (an item the caller cannot read is
	// answered as missing, as everywhere else).
	if k, ok := map[string]tsc.PermissionKind{"view": tsc.PermView, "workbook": tsc.PermWorkbook}[strings.ToLower(in.Content.Type)]; ok {
		cf, err := s.authorizeContent(c, k, in.Content.ID)
		if err != nil {
			return result{}, err
		}
		if cf.PersonalSpace {
			// "Subscriptions ... are not available for content in Personal
			// Space" (Tableau help, "Create and Edit Private Content in
			// Personal Space").
			return result{}, badRequest("The %s '%s' is in a Personal Space, where subscriptions are not available.", k, cf.Name)
		}
	}
	site, err := s.store.siteBy(c.ctx, s.store.db, "id", c.siteID())
	if err != nil {
		return result{}, err
	}
	if d := site.Settings.DisableSubscriptions; d != nil && *d {
		return result{}, forbidden("Subscriptions are disabled on site '%s' (disableSubscriptions).", site.Name)
	}
	orient, size, err := pageOptions(in.PageOrientation, in.PageSizeOption)
	if err != nil {
		return result{}, err
	}
	attachImage, attachPDF := true, false
	if in.AttachImage != nil {
		attachImage = *in.AttachImage
	}
	if in.AttachPDF != nil {
		attachPDF = *in.AttachPDF
	}
	id := uuid.NewString()
	own, err := cloudSubscriptionSchedule(s.cfg.Cloud, req)
	if err != nil {
		return result{}, err
	}
	now := s.Now()
	err = s.store.tx(c.ctx, func(tx *sql.Tx) error {
		if own != nil {
			// Tableau Cloud: the subscription's own schedule, owned by it
			// as a Cloud task owns its schedule (no server schedule lists it).
			sc, err := s.store.createSchedule(c.ctx, tx, own, c.siteID(), id, now)
			if err != nil {
				return err
			}
			in.Schedule = &tsc.Schedule{ID: sc.ID}
		}
		if err := s.store.subscriptionSchedule(c.ctx, tx, c.siteID(), in.Schedule.ID); err != nil {
			return err
		}
		if err := s.store.subscriptionContent(c.ctx, tx, c.siteID(), in.Content.Type, in.Content.ID); err != nil {
			return err
		}
		if _, err := s.store.siteUser(c.ctx, tx, c.siteID(), in.User.ID); err != nil {
			return err
		}
		_, err := tx.ExecContext(c.ctx, `INSERT INTO subscriptions (id, site_id, subject, message, attach_image, attach_pdf, page_orientation,
			page_size_option, suspended, content_type, content_id, send_if_view_empty, schedule_id, user_id, created_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)`, id, c.siteID(), in.Subject, in.Message, attachImage, attachPDF, orient, size,
			in.Content.Type, in.Content.ID, in.Content.SendIfViewEmpty != nil && *in.Content.SendIfViewEmpty, in.Schedule.ID, in.User.ID, s.nowMS())
		return err
	})
	if err != nil {
		return result{}, err
	}
	r, err := s.store.subscription(c.ctx, s.store.db, c.siteID(), id)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Subscription = renderSubscription(r)
	return result{status: http.StatusCreated, body: resp}, nil
}

func (s *Server) updateSubscription(c *call) (result, error) {
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	in := req.Subscription
	if in == nil {
		return result{}, badRequest("The request has no <subscription>.")
	}
	if err := firstErr(checkLen("subject", in.Subject, maxNameChars), checkLen("message", in.Message, maxDescriptionChars)); err != nil {
		return result{}, err
	}
	err = s.store.tx(c.ctx, func(tx *sql.Tx) error {
		r, err := s.store.subscription(c.ctx, tx, c.siteID(), c.param("id"))
		if err != nil {
			return err
		}
		if err := c.mayManageSubscription(r.UserID); err != nil {
			return err
		}
		if in.Subject != "" {
			r.Subject = in.Subject
		}
		if in.Message != "" {
			r.Message = in.Message
		}
		if in.AttachImage != nil {
			r.AttachImage = *in.AttachImage
		}
		if in.AttachPDF != nil {
			r.AttachPDF = *in.AttachPDF
		}
		if in.Suspended != nil {
			r.Suspended = *in.Suspended
		}
		if in.Content != nil && in.Content.SendIfViewEmpty != nil {
			r.SendIfViewEmpty = *in.Content.SendIfViewEmpty
		}
		if in.PageOrientation != "" || in.PageSizeOption != "" {
			o, sz := r.PageOrientation, r.PageSizeOption
			if in.PageOrientation != "" {
				o = in.PageOrientation
			}
			if in.PageSizeOption != "" {
				sz = in.PageSizeOption
			}
			if r.PageOrientation, r.PageSizeOption, err = pageOptions(o, sz); err != nil {
				return err
			}
		}
		if in.Schedule != nil && in.Schedule.ID != "" {
			if err := s.store.subscriptionSchedule(c.ctx, tx, c.siteID(), in.Schedule.ID); err != nil {
				return err
			}
			r.ScheduleID = in.Schedule.ID
		}
		_, err = tx.ExecContext(c.ctx, `UPDATE subscriptions SET subject = ?, message = ?, attach_image = ?, attach_pdf = ?, suspended = ?,
			send_if_view_empty = ?, page_orientation = ?, page_size_option = ?, schedule_id = ? WHERE id = ?`,
			r.Subject, r.Message, r.AttachImage, r.AttachPDF, r.Suspended, r.SendIfViewEmpty, r.PageOrientation, r.PageSizeOption, r.ScheduleID, r.ID)
		return err
	})
	if err != nil {
		return result{}, err
	}
	r, err := s.store.subscription(c.ctx, s.store.db, c.siteID(), c.param("id"))
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Subscription = renderSubscription(r)
	return ok(resp)
}

func (s *Server) deleteSubscription(c *call) (result, error) {
	r, err := s.store.subscription(c.ctx, s.store.db, c.siteID(), c.param("id"))
	if err != nil {
		return result{}, err
	}
	if err := c.mayManageSubscription(r.UserID); err != nil {
		return result{}, err
	}
	if _, err := s.store.db.ExecContext(c.ctx, `DELETE FROM subscriptions WHERE id = ?`, r.ID); err != nil {
		return result{}, err
	}
	return result{status: http.StatusNoContent}, nil
}

// Subscription e-mails: how the outbox message reads.
const subscriptionKind = "subscription"

// runSubscriptions is the Subscription schedules' runner: each active
// subscription on the schedule, of a site whose subscriptions are on,
// sends its content to its user at the occurrence's time.
func (s *Server) runSubscriptions(ctx context.Context, tx *sql.Tx, sc *scheduleRow, at time.Time) error {
	rows, err := tx.QueryContext(ctx, "SELECT "+subscriptionCols+" "+subscriptionFrom+
		" WHERE s.schedule_id = ? AND s.suspended = 0 ORDER BY s.rowid", sc.ID)
	if err != nil {
		return err
	}
	var subs []*subscriptionRow
	for rows.Next() {
		r, err := scanSubscription(rows)
		if err != nil {
			rows.Close()
			return err
		}
		subs = append(subs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	disabled := map[string]bool{}
	for _, sub := range subs {
		off, seen := disabled[sub.SiteID]
		if !seen {
			site, err := s.store.siteBy(ctx, tx, "id", sub.SiteID)
			if err != nil {
				return err
			}
			off = site.Settings.DisableSubscriptions != nil && *site.Settings.DisableSubscriptions
			disabled[sub.SiteID] = off
		}
		if off {
			continue
		}
		views, err := subscriptionViews(ctx, tx, sub)
		if err != nil {
			return err
		}
		if len(views) == 0 {
			// Its content is gone: Tableau drops the subscription with it.
			if _, err := tx.ExecContext(ctx, `DELETE FROM subscriptions WHERE id = ?`, sub.ID); err != nil {
				return err
			}
			continue
		}
		msg, err := subscriptionMessage(sub, views)
		if err != nil {
			return err
		}
		msg.CreatedAt = at
		if err := s.store.addOutbox(ctx, tx, msg); err != nil {
			return err
		}
	}
	return nil
}

// subscriptionViews reads, inside tx, the view a subscription sends, or
// the views of its workbook in their order.
func subscriptionViews(ctx context.Context, tx *sql.Tx, sub *subscriptionRow) ([]viewRow, error) {
	where := " WHERE v.site_id = ? AND v.id = ?"
	if sub.ContentType == tsc.SubscriptionWorkbook {
		where = " WHERE v.site_id = ? AND v.workbook_id = ? ORDER BY v.position"
	}
	rows, err := tx.QueryContext(ctx, "SELECT "+viewCols+" "+viewFrom+where, sub.SiteID, sub.ContentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []viewRow
	for rows.Next() {
		v, err := scanView(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, rows.Err()
}

// subscriptionMessage renders the e-mail: the subject, the message with
// what it holds, and the attachments it asks for.
func subscriptionMessage(sub *subscriptionRow, views []viewRow) (*OutboxMessage, error) {
	title := views[0].Name
	if sub.ContentType == tsc.SubscriptionWorkbook {
		title = views[0].WorkbookName
	}
	body := sub.Message
	if body != "" {
		body += "\n\n"
	}
	body += fmt.Sprintf("Subscription to %s %q for %s.", strings.ToLower(sub.ContentType), title, sub.UserName)
	m := &OutboxMessage{SiteID: sub.SiteID, Kind: subscriptionKind, SourceID: sub.ID, UserID: sub.UserID, UserName: sub.UserName,
		Email: sub.UserEmail, Subject: sub.Subject, Body: body}
	if sub.AttachImage {
		for i := range views {
			b, err := export.PNG(viewCard(&views[i], export.Options{}), defaultImageW, defaultImageH, 1)
			if err != nil {
				return nil, err
			}
			m.Attachments = append(m.Attachments, OutboxAttachment{Name: views[i].Name + ".png", ContentType: "image/png", Data: b})
		}
	}
	if sub.AttachPDF {
		w, h, _ := export.PageSize(sub.PageSizeOption, sub.PageOrientation)
		pages := make([]export.Page, len(views))
		for i := range views {
			pages[i] = viewCard(&views[i], export.Options{}, "Page: "+sub.PageSizeOption+" "+sub.PageOrientation)
		}
		m.Attachments = append(m.Attachments, OutboxAttachment{Name: title + ".pdf", ContentType: "application/pdf", Data: export.PDF(pages, w, h)})
	}
	return m, nil
}
