package tsc_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// e2eSubscriptionServer is a server on a clock that starts at 2026-03-02
// 00:00 UTC (a Monday), with Sales published and a daily Subscription
// schedule at 08:00.
func e2eSubscriptionServer(t *testing.T) (*tsctest.Server, *tsc.Client, *tsc.Workbook, []tsc.View, *tsc.Schedule) {
	t.Helper()
	clock := newE2EClock(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
	srv, c := e2eServer(t, tsctest.WithClock(clock.Now), tsctest.WithJobDuration(time.Second))
	wb := e2ePublishSales(t, c, "Sales")
	views := e2eCollect(t, c.Views.All(e2eCtx, tsc.ViewListOptions{}))
	sch := e2eMust(c.Schedules.Create(e2eCtx, tsc.Schedule{Name: "Daily 8", Type: tsc.ScheduleSubscription, Frequency: "Daily",
		FrequencyDetails: &tsc.FrequencyDetails{Start: "08:00:00", Intervals: &tsc.IntervalList{Intervals: []tsc.Interval{{Hours: "24"}}}}}))(t)
	return srv, c, wb, views, sch
}

// TestE2ESubscriptionsCRUD: create, list, get, update and delete, with
// every field answered and each refusal naming its reason.
func TestE2ESubscriptionsCRUD(t *testing.T) {
	srv, c, wb, views, sch := e2eSubscriptionServer(t)
	me := c.Session().UserID
	sub := e2eMust(c.Subscriptions.Create(e2eCtx, tsc.Subscription{Subject: "Morning sales", Message: "Here it is",
		AttachImage: tsc.Bool(true), AttachPDF: tsc.Bool(true), PageOrientation: "LANDSCAPE", PageSizeOption: "A4",
		Content:  &tsc.SubscriptionContent{ID: views[0].ID, Type: tsc.SubscriptionView, SendIfViewEmpty: tsc.Bool(true)},
		Schedule: &tsc.Schedule{ID: sch.ID}, User: &tsc.User{ID: me}}))(t)
	if sub.ID == "" || sub.Subject != "Morning sales" || sub.Schedule.Name != "Daily 8" || sub.User.ID != me || *sub.Suspended ||
		sub.PageOrientation != "LANDSCAPE" || sub.PageSizeOption != "A4" || !*sub.Content.SendIfViewEmpty {
		t.Errorf("created %+v", sub)
	}
	wbSub := e2eMust(c.Subscriptions.Create(e2eCtx, tsc.Subscription{Subject: "Workbook",
		Content: &tsc.SubscriptionContent{ID: wb.ID, Type: tsc.SubscriptionWorkbook}, Schedule: &tsc.Schedule{ID: sch.ID}, User: &tsc.User{ID: me}}))(t)
	if !*wbSub.AttachImage || *wbSub.AttachPDF || wbSub.PageSizeOption != "LETTER" {
		t.Errorf("defaults: %+v", wbSub)
	}
	all := e2eCollect(t, c.Subscriptions.All(e2eCtx, tsc.ListOptions{PageSize: 1}))
	if len(all) != 2 || all[0].ID != sub.ID || all[1].ID != wbSub.ID {
		t.Fatalf("listed %+v", all)
	}
	got := e2eMust(c.Subscriptions.Get(e2eCtx, sub.ID))(t)
	if got.Message != "Here it is" || got.Content.ID != views[0].ID || got.Content.Type != "View" {
		t.Errorf("got %+v", got)
	}
	up := e2eMust(c.Subscriptions.Update(e2eCtx, tsc.Subscription{ID: sub.ID, Subject: "Renamed", Suspended: tsc.Bool(true), PageSizeOption: "letter"}))(t)
	if up.Subject != "Renamed" || !*up.Suspended || up.PageSizeOption != "LETTER" || up.PageOrientation != "LANDSCAPE" || up.Message != "Here it is" {
		t.Errorf("updated %+v", up)
	}

	// Refusals.
	extract := e2eMust(c.Schedules.Create(e2eCtx, tsc.Schedule{Name: "Nightly", Type: tsc.ScheduleExtract, Frequency: "Daily",
		FrequencyDetails: &tsc.FrequencyDetails{Start: "02:00:00", Intervals: &tsc.IntervalList{Intervals: []tsc.Interval{{Hours: "24"}}}}}))(t)
	for _, bad := range []tsc.Subscription{
		{Subject: "x", Content: &tsc.SubscriptionContent{ID: wb.ID, Type: "Workbook"}, Schedule: &tsc.Schedule{ID: extract.ID}, User: &tsc.User{ID: me}},
		{Subject: "x", Content: &tsc.SubscriptionContent{ID: wb.ID, Type: "Workbook"}, Schedule: &tsc.Schedule{ID: sch.ID}, User: &tsc.User{ID: me}, PageSizeOption: "Napkin"},
		{Subject: " ", Content: &tsc.SubscriptionContent{ID: wb.ID, Type: "Workbook"}, Schedule: &tsc.Schedule{ID: sch.ID}, User: &tsc.User{ID: me}},
	} {
		_, err := c.Subscriptions.Create(e2eCtx, bad)
		e2eWantCode(t, err, nil, http.StatusBadRequest, "400000")
	}
	_, err := c.Subscriptions.Create(e2eCtx, tsc.Subscription{Subject: "x", Content: &tsc.SubscriptionContent{ID: views[0].ID, Type: "Workbook"},
		Schedule: &tsc.Schedule{ID: sch.ID}, User: &tsc.User{ID: me}})
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404006")
	_, err = c.Subscriptions.Get(e2eCtx, "00000000-0000-0000-0000-000000000000")
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404025")

	// A user subscribes themselves only, and sees only their own.
	bob, bc := e2eUserClient(t, srv, "", "bob", tsc.SiteRoleExplorer)
	_, err = bc.Subscriptions.Create(e2eCtx, tsc.Subscription{Subject: "x", Content: &tsc.SubscriptionContent{ID: wb.ID, Type: "Workbook"},
		Schedule: &tsc.Schedule{ID: sch.ID}, User: &tsc.User{ID: me}})
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403004")
	own := e2eMust(bc.Subscriptions.Create(e2eCtx, tsc.Subscription{Subject: "Bob's", Content: &tsc.SubscriptionContent{ID: wb.ID, Type: "Workbook"},
		Schedule: &tsc.Schedule{ID: sch.ID}, User: &tsc.User{ID: bob.ID}}))(t)
	if mine := e2eCollect(t, bc.Subscriptions.All(e2eCtx, tsc.ListOptions{})); len(mine) != 1 || mine[0].ID != own.ID {
		t.Errorf("bob lists %+v", mine)
	}
	_, err = bc.Subscriptions.Get(e2eCtx, sub.ID)
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403004")
	e2eNoErr(t, bc.Subscriptions.Delete(e2eCtx, own.ID))
	// Nobody subscribes to what they cannot read: denied Read, the
	// workbook and its views are answered as missing.
	e2eMust(c.Permissions.Add(e2eCtx, tsc.PermWorkbook, wb.ID, tsc.PermissionRule{Grantee: tsc.UserGrantee(bob.ID), Capability: tsc.CapRead, Mode: tsc.Deny}))(t)
	_, err = bc.Subscriptions.Create(e2eCtx, tsc.Subscription{Subject: "Hidden", Content: &tsc.SubscriptionContent{ID: wb.ID, Type: "Workbook"},
		Schedule: &tsc.Schedule{ID: sch.ID}, User: &tsc.User{ID: bob.ID}})
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404006")
	_, err = bc.Subscriptions.Create(e2eCtx, tsc.Subscription{Subject: "Hidden", Content: &tsc.SubscriptionContent{ID: views[0].ID, Type: "View"},
		Schedule: &tsc.Schedule{ID: sch.ID}, User: &tsc.User{ID: bob.ID}})
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404011")
	e2eNoErr(t, c.Permissions.DeleteRules(e2eCtx, tsc.PermWorkbook, wb.ID, tsc.PermissionRule{Grantee: tsc.UserGrantee(bob.ID), Capability: tsc.CapRead, Mode: tsc.Deny}))

	e2eNoErr(t, c.Subscriptions.Delete(e2eCtx, sub.ID))
	_, err = c.Subscriptions.Get(e2eCtx, sub.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404025")

	// A subscription goes with its workbook, and with its user's membership.
	again := e2eMust(bc.Subscriptions.Create(e2eCtx, tsc.Subscription{Subject: "Bob's again", Content: &tsc.SubscriptionContent{ID: views[0].ID, Type: "View"},
		Schedule: &tsc.Schedule{ID: sch.ID}, User: &tsc.User{ID: bob.ID}}))(t)
	e2eNoErr(t, c.Users.Remove(e2eCtx, bob.ID, ""))
	_, err = c.Subscriptions.Get(e2eCtx, again.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404025")
	e2eNoErr(t, c.Workbooks.Delete(e2eCtx, wb.ID))
	_, err = c.Subscriptions.Get(e2eCtx, wbSub.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404025")
}

// TestE2ESubscriptionsWeek is the subscription half of the week:
// daily subscriptions, advanced a week in one call, give exactly one
// message per active subscription per day, at 08:00 each day, with the
// attachments they ask for; a suspended one sends nothing, one suspended
// mid-week stops.
func TestE2ESubscriptionsWeek(t *testing.T) {
	srv, c, wb, views, sch := e2eSubscriptionServer(t)
	me := c.Session().UserID
	viewSub := e2eMust(c.Subscriptions.Create(e2eCtx, tsc.Subscription{Subject: "View daily", Message: "Good morning", AttachImage: tsc.Bool(false), AttachPDF: tsc.Bool(true),
		PageOrientation: "LANDSCAPE", PageSizeOption: "A4",
		Content: &tsc.SubscriptionContent{ID: views[0].ID, Type: "View"}, Schedule: &tsc.Schedule{ID: sch.ID}, User: &tsc.User{ID: me}}))(t)
	wbSub := e2eMust(c.Subscriptions.Create(e2eCtx, tsc.Subscription{Subject: "Workbook daily", AttachImage: tsc.Bool(true),
		Content: &tsc.SubscriptionContent{ID: wb.ID, Type: "Workbook"}, Schedule: &tsc.Schedule{ID: sch.ID}, User: &tsc.User{ID: me}}))(t)
	off := e2eMust(c.Subscriptions.Create(e2eCtx, tsc.Subscription{Subject: "Off",
		Content: &tsc.SubscriptionContent{ID: wb.ID, Type: "Workbook"}, Schedule: &tsc.Schedule{ID: sch.ID}, User: &tsc.User{ID: me}}))(t)
	e2eMust(c.Subscriptions.Update(e2eCtx, tsc.Subscription{ID: off.ID, Suspended: tsc.Bool(true)}))(t)

	if err := srv.Advance(7 * 24 * time.Hour); err != nil {
		t.Fatal(err)
	}
	msgs, err := srv.Outbox()
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 14 {
		t.Fatalf("%d messages in a week of two daily subscriptions, want 14", len(msgs))
	}
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	for i, m := range msgs {
		day := start.AddDate(0, 0, i/2)
		if !m.CreatedAt.Equal(day) {
			t.Errorf("message %d sent at %v, want %v", i, m.CreatedAt, day)
		}
		if m.Kind != "subscription" || m.UserID != me || m.Email == "" && m.UserName == "" {
			t.Errorf("message %d: %+v", i, m)
		}
		switch m.SourceID {
		case viewSub.ID:
			if m.Subject != "View daily" || !strings.HasPrefix(m.Body, "Good morning") || len(m.Attachments) != 1 ||
				m.Attachments[0].ContentType != "application/pdf" || !bytes.HasPrefix(m.Attachments[0].Data, []byte("%PDF-")) {
				t.Errorf("view subscription message %d: %s %q %d attachments", i, m.Subject, m.Body, len(m.Attachments))
			}
			if boxes, _ := e2eCheckPDF(t, m.Attachments[0].Data); len(boxes) != 1 || boxes[0] != "0 0 842 595" {
				t.Errorf("the PDF is not one landscape A4 page: %v", boxes)
			}
		case wbSub.ID:
			if len(m.Attachments) != len(views) {
				t.Errorf("workbook subscription message %d has %d images, want one per view (%d)", i, len(m.Attachments), len(views))
			}
			for _, a := range m.Attachments {
				if a.ContentType != "image/png" || !bytes.HasPrefix(a.Data, []byte("\x89PNG")) {
					t.Errorf("attachment %s is not a PNG", a.Name)
				}
			}
		default:
			t.Errorf("message %d from %s (the suspended subscription?)", i, m.SourceID)
		}
	}

	// Suspending one mid-week: the next week has only the other's.
	e2eMust(c.Subscriptions.Update(e2eCtx, tsc.Subscription{ID: viewSub.ID, Suspended: tsc.Bool(true)}))(t)
	if err := srv.ClearOutbox(); err != nil {
		t.Fatal(err)
	}
	if err := srv.Advance(7 * 24 * time.Hour); err != nil {
		t.Fatal(err)
	}
	msgs, _ = srv.Outbox()
	if len(msgs) != 7 {
		t.Errorf("%d messages the second week, want 7", len(msgs))
	}
	// A site that disables subscriptions sends none.
	e2eMust(c.Sites.Update(e2eCtx, tsc.Site{ID: c.Session().SiteID, DisableSubscriptions: tsc.Bool(true)}))(t)
	srv.ClearOutbox()
	srv.Advance(48 * time.Hour)
	if msgs, _ = srv.Outbox(); len(msgs) != 0 {
		t.Errorf("%d messages on a site whose subscriptions are disabled", len(msgs))
	}
}

// TestE2EDataAlerts: alerts made by the seed helper, listed, read, changed
// and deleted through the SDK; they fire, once per recipient, when a
// refresh moves the view's value across the threshold, and only then.
func TestE2EDataAlerts(t *testing.T) {
	srv, c := e2eContentServer(t, 10*time.Millisecond)
	wb := e2ePublishSales(t, c, "Sales")
	views := e2eCollect(t, c.Views.All(e2eCtx, tsc.ViewListOptions{}))
	v := views[0]
	bob, bc := e2eUserClient(t, srv, "", "bob", tsc.SiteRoleExplorer)
	e2eUserClient(t, srv, "", "carol", tsc.SiteRoleViewer)
	before, err := srv.ViewAlertValue("", v.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The value after one refresh, read from a twin server refreshed once:
	// the alerts' thresholds sit on either side of the move.
	refresh := func() {
		t.Helper()
		e2eWaitJob(t, c, e2eMust(c.Workbooks.Refresh(e2eCtx, wb.ID))(t))
	}
	admin := srv.AdminUsername
	up, err := srv.CreateDataAlert(tsctest.DataAlertSeed{ViewID: v.ID, Owner: admin, Subject: "Moves up", Condition: "above", Threshold: before, Recipients: []string{"bob"}})
	if err != nil {
		t.Fatal(err)
	}
	down, err := srv.CreateDataAlert(tsctest.DataAlertSeed{ViewID: v.ID, Owner: admin, Subject: "Moves down", Condition: "below", Threshold: before, Public: true})
	if err != nil {
		t.Fatal(err)
	}
	never, err := srv.CreateDataAlert(tsctest.DataAlertSeed{ViewID: v.ID, Owner: "bob", Subject: "Never", Condition: "equal", Threshold: -1, Frequency: "daily"})
	if err != nil {
		t.Fatal(err)
	}
	// always holds from its creation on: it never crosses, so never sends.
	always, err := srv.CreateDataAlert(tsctest.DataAlertSeed{ViewID: v.ID, Owner: admin, Subject: "Always", Condition: "above-equal", Threshold: 0})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.CreateDataAlert(tsctest.DataAlertSeed{ViewID: v.ID, Owner: admin, Subject: "x", Condition: "sideways"}); err == nil {
		t.Error("an alert with an unknown condition was created")
	}

	// REST: list, get, update, recipients.
	all := e2eCollect(t, c.DataAlerts.All(e2eCtx, tsc.ListOptions{}))
	if len(all) != 4 || all[0].ID != up || all[0].View.ID != v.ID || all[0].View.Workbook.ID != wb.ID || all[0].AlertCondition != "above" {
		t.Fatalf("listed %+v", all)
	}
	got := e2eMust(c.DataAlerts.Get(e2eCtx, up))(t)
	if got.Recipients == nil || len(got.Recipients.Recipients) != 2 || got.Frequency != "Once" || got.Owner.Name != admin {
		t.Errorf("got %+v", got)
	}
	if n := e2eMust(c.DataAlerts.Get(e2eCtx, never))(t); n.Frequency != "Daily" {
		t.Errorf("frequency %q, want Daily", n.Frequency)
	}
	// bob reads what he owns, receives, or is public.
	if seen := e2eCollect(t, bc.DataAlerts.All(e2eCtx, tsc.ListOptions{})); len(seen) != 3 { // not "Always": private, not his
		t.Errorf("bob sees %d alerts, want 3", len(seen))
	}
	_, err = bc.DataAlerts.Update(e2eCtx, tsc.DataAlert{ID: up, Subject: "mine now"})
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403004")
	upd := e2eMust(c.DataAlerts.Update(e2eCtx, tsc.DataAlert{ID: down, Subject: "Going down", Frequency: "hourly", Public: tsc.Bool(false)}))(t)
	if upd.Subject != "Going down" || upd.Frequency != "Hourly" || *upd.Public {
		t.Errorf("updated %+v", upd)
	}
	_, err = c.DataAlerts.Update(e2eCtx, tsc.DataAlert{ID: down, Frequency: "fortnightly"})
	e2eWantCode(t, err, nil, http.StatusBadRequest, "400000")
	carol := e2eCollect(t, c.Users.All(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "carol")}}))[0]
	u := e2eMust(c.DataAlerts.AddUser(e2eCtx, down, carol.ID))(t)
	if u.ID != carol.ID || u.Name != "carol" {
		t.Errorf("added %+v", u)
	}

	// A refresh moves the value: exactly one of up and down fires, to each
	// of its recipients; never does not.
	refresh()
	after, _ := srv.ViewAlertValue("", v.ID)
	if after == before {
		t.Fatalf("a refresh left the view's value at %v", after)
	}
	msgs, _ := srv.Outbox()
	fired, want := up, []string{admin, "bob"}
	if after < before {
		fired, want = down, []string{admin, "carol"}
	}
	var to []string
	for _, m := range msgs {
		if m.Kind != "dataAlert" || m.SourceID != fired || len(m.Attachments) != 1 {
			t.Errorf("message %+v", m)
		}
		to = append(to, m.UserName)
	}
	if strings.Join(to, ",") != strings.Join(want, ",") {
		t.Errorf("alert sent to %v, want %v", to, want)
	}
	got = e2eMust(c.DataAlerts.Get(e2eCtx, fired))(t)
	for _, r := range got.Recipients.Recipients {
		if r.LastSent.IsZero() {
			t.Errorf("recipient %s has no lastSent", r.Name)
		}
	}
	// Refreshing again sends only on a new crossing: evaluate by hand what
	// the rule says, and compare.
	srv.ClearOutbox()
	refresh()
	third, _ := srv.ViewAlertValue("", v.ID)
	wantUp := third > before && !(after > before)
	wantDown := third < before && !(after < before)
	msgs, _ = srv.Outbox()
	var gotUp, gotDown bool
	for _, m := range msgs {
		gotUp = gotUp || m.SourceID == up
		gotDown = gotDown || m.SourceID == down
		if m.SourceID == never || m.SourceID == always {
			t.Errorf("alert %s fired without crossing its threshold", m.SourceID)
		}
	}
	if gotUp != wantUp || gotDown != wantDown {
		t.Errorf("second refresh (%v -> %v, threshold %v): up fired %v (want %v), down %v (want %v)", after, third, before, gotUp, wantUp, gotDown, wantDown)
	}

	// Recipients and deletes.
	e2eNoErr(t, bc.DataAlerts.RemoveUser(e2eCtx, up, bob.ID))
	err = bc.DataAlerts.RemoveUser(e2eCtx, up, bob.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404002")
	err = bc.DataAlerts.RemoveUser(e2eCtx, up, c.Session().UserID)
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403004")
	e2eNoErr(t, c.DataAlerts.Delete(e2eCtx, up))
	_, err = c.DataAlerts.Get(e2eCtx, up)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404000")
}

// TestE2EDataAlertAfterScheduledRefresh: the refresh a daily Extract
// schedule runs is a refresh like any other: once its job has ended, an
// alert whose threshold the new value crosses is in the outbox, sent when
// the job completed (its endedAt).
func TestE2EDataAlertAfterScheduledRefresh(t *testing.T) {
	srv, c, wb, views, _ := e2eSubscriptionServer(t)
	sch := e2eMust(c.Schedules.Create(e2eCtx, tsc.Schedule{Name: "Nightly", Type: tsc.ScheduleExtract, Frequency: "Daily",
		FrequencyDetails: &tsc.FrequencyDetails{Start: "02:00:00", Intervals: &tsc.IntervalList{Intervals: []tsc.Interval{{Hours: "24"}}}}}))(t)
	e2eMust(c.Schedules.AddWorkbook(e2eCtx, sch.ID, wb.ID))(t)
	before := e2eMust(srv.ViewAlertValue("", views[0].ID))(t)
	// Whichever way the refresh moves the value, one of these crosses.
	for _, cond := range []string{"above", "below"} {
		if _, err := srv.CreateDataAlert(tsctest.DataAlertSeed{ViewID: views[0].ID, Owner: srv.AdminUsername, Subject: cond, Condition: cond, Threshold: before}); err != nil {
			t.Fatal(err)
		}
	}
	if err := srv.Advance(3 * time.Hour); err != nil { // past 02:00 and the job's second
		t.Fatal(err)
	}
	// Jobs move on when they are read (see tsctest's Advance).
	jobs := e2eCollect(t, c.Jobs.All(e2eCtx, tsc.ListOptions{}))
	if len(jobs) != 1 || jobs[0].Status != "Success" {
		t.Fatalf("jobs after the night: %+v", jobs)
	}
	after := e2eMust(srv.ViewAlertValue("", views[0].ID))(t)
	want := "above"
	if after < before {
		want = "below"
	}
	msgs := e2eMust(srv.Outbox())(t)
	if len(msgs) != 1 || msgs[0].Subject != want || msgs[0].Kind != "dataAlert" {
		t.Fatalf("outbox after the scheduled refresh (%v -> %v): %+v", before, after, msgs)
	}
	if at := msgs[0].CreatedAt; !at.Equal(jobs[0].EndedAt.Time) {
		t.Errorf("the alert was sent at %v, the refresh ended at %v", at, jobs[0].EndedAt)
	}
}
