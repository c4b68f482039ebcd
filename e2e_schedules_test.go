package tsc_test

import (
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// testClock is a settable clock for servers made WithClock.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

func intervals(ivs ...tsc.Interval) *tsc.FrequencyDetails {
	return &tsc.FrequencyDetails{Intervals: &tsc.IntervalList{Intervals: ivs}}
}

func details(start, end string, ivs ...tsc.Interval) *tsc.FrequencyDetails {
	fd := intervals(ivs...)
	fd.Start, fd.End = start, end
	return fd
}

// e2eSchedule creates a schedule.
func e2eSchedule(t *testing.T, c *tsc.Client, name, typ, freq string, fd *tsc.FrequencyDetails) *tsc.Schedule {
	t.Helper()
	return e2eMust(c.Schedules.Create(e2eCtx, tsc.Schedule{Name: name, Type: typ, Frequency: freq, FrequencyDetails: fd}))(t)
}

// e2eJobTimes lists the site's jobs of a type as "title@createdAt", sorted.
func e2eJobTimes(t *testing.T, c *tsc.Client) []string {
	t.Helper()
	var out []string
	for j, err := range c.Jobs.All(e2eCtx, tsc.ListOptions{}) {
		e2eNoErr(t, err)
		out = append(out, j.Title+"@"+j.CreatedAt.Format("Mon 01-02 15:04")+"/"+j.JobType)
	}
	sort.Strings(out)
	return out
}

func TestE2ESchedulesCRUD(t *testing.T) {
	clk := &testClock{now: time.Date(2026, 3, 2, 9, 5, 0, 0, time.UTC)} // a Monday
	srv, c := e2eServer(t, tsctest.WithClock(clk.Now))

	hourly := e2eSchedule(t, c, "Every 8 hours", tsc.ScheduleExtract, tsc.FrequencyHourly, details("02:30:00", "23:00:00", tsc.Interval{Hours: "8"}))
	if hourly.ID == "" || *hourly.Priority != 50 || hourly.State != "Active" || hourly.ExecutionOrder != "Parallel" ||
		!hourly.NextRunAt.Equal(time.Date(2026, 3, 2, 10, 30, 0, 0, time.UTC)) || hourly.FrequencyDetails.End != "23:00:00" {
		t.Errorf("hourly = %+v (next %v)", hourly, hourly.NextRunAt)
	}
	weekly := e2eMust(c.Schedules.Create(e2eCtx, tsc.Schedule{Name: "Weekends", Type: tsc.ScheduleSubscription, Frequency: tsc.FrequencyWeekly,
		Priority: tsc.Int(80), ExecutionOrder: tsc.ScheduleSerial,
		FrequencyDetails: details("06:00:00", "", tsc.Interval{WeekDay: "Saturday"}, tsc.Interval{WeekDay: "Sunday"})}))(t)
	if !weekly.NextRunAt.Equal(time.Date(2026, 3, 7, 6, 0, 0, 0, time.UTC)) || *weekly.Priority != 80 || weekly.ExecutionOrder != "Serial" {
		t.Errorf("weekly = %+v", weekly)
	}
	monthly := e2eSchedule(t, c, "Month end", tsc.ScheduleFlow, tsc.FrequencyMonthly, details("23:00:00", "", tsc.Interval{MonthDay: "LastDay"}))
	if !monthly.NextRunAt.Equal(time.Date(2026, 3, 31, 23, 0, 0, 0, time.UTC)) {
		t.Errorf("monthly next run %v", monthly.NextRunAt)
	}

	// Lists carry no frequency details; Get does.
	list, p := e2eMust2(c.Schedules.List(e2eCtx, tsc.ListOptions{}))(t), tsc.Pagination{}
	_ = p
	if len(list) != 3 || list[0].Name != "Every 8 hours" || list[0].FrequencyDetails != nil {
		t.Errorf("list = %+v", list)
	}
	got := e2eMust(c.Schedules.Get(e2eCtx, weekly.ID))(t)
	if got.FrequencyDetails == nil || len(got.FrequencyDetails.List()) != 2 || got.Type != tsc.ScheduleSubscription {
		t.Errorf("get = %+v", got)
	}
	filtered := e2eMust2(c.Schedules.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("type", "Flow")}}))(t)
	if len(filtered) != 1 || filtered[0].ID != monthly.ID {
		t.Errorf("type:eq:Flow = %+v", filtered)
	}

	// Update: suspend, rename, new frequency.
	up := e2eMust(c.Schedules.Update(e2eCtx, tsc.Schedule{ID: hourly.ID, Name: "Daily 7", State: tsc.ScheduleSuspended, Priority: tsc.Int(10),
		Frequency: tsc.FrequencyDaily, FrequencyDetails: details("07:00:00", "")}))(t)
	// A suspended schedule reports the run it would make (schedule_update.xml).
	if up.Name != "Daily 7" || up.State != "Suspended" || *up.Priority != 10 || up.Frequency != "Daily" ||
		!up.NextRunAt.Equal(time.Date(2026, 3, 3, 7, 0, 0, 0, time.UTC)) ||
		up.Type != tsc.ScheduleExtract {
		t.Errorf("update = %+v", up)
	}
	up = e2eMust(c.Schedules.Update(e2eCtx, tsc.Schedule{ID: hourly.ID, State: tsc.ScheduleActive}))(t)
	if up.Name != "Daily 7" || !up.NextRunAt.Equal(time.Date(2026, 3, 3, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("resumed = %+v, next %v", up, up.NextRunAt)
	}

	// Refusals.
	_, err := c.Schedules.Create(e2eCtx, tsc.Schedule{Name: "Weekends", Type: "Extract", Frequency: "Daily", FrequencyDetails: details("01:00:00", "")})
	e2eWantCode(t, err, tsc.ErrConflict, 409, "409000")
	for _, bad := range []tsc.Schedule{
		{Name: "x", Type: "Extract", Frequency: "Hourly", FrequencyDetails: details("01:00:00", "05:00:00", tsc.Interval{Hours: "3"})},
		{Name: "x", Type: "Extract", Frequency: "Hourly", FrequencyDetails: details("01:00:00", "", tsc.Interval{Hours: "2"})},
		{Name: "x", Type: "Extract", Frequency: "Weekly", FrequencyDetails: details("01:00:00", "")},
		{Name: "x", Type: "Extract", Frequency: "Monthly", FrequencyDetails: details("01:00:00", "", tsc.Interval{MonthDay: "0"})},
		{Name: "x", Type: "Extract", Frequency: "Fortnightly", FrequencyDetails: details("01:00:00", "")},
		{Name: "x", Type: "Backup", Frequency: "Daily", FrequencyDetails: details("01:00:00", "")},
		{Name: "x", Type: "Extract", Frequency: "Daily", Priority: tsc.Int(101), FrequencyDetails: details("01:00:00", "")},
		{Name: "x", Type: "Extract", Frequency: "Daily", ExecutionOrder: "Random", FrequencyDetails: details("01:00:00", "")},
		{Name: strings.Repeat("n", 256), Type: "Extract", Frequency: "Daily", FrequencyDetails: details("01:00:00", "")},
		{Name: "x", Type: "Extract", Frequency: "Weekly", FrequencyDetails: details("01:00:00", "", tsc.Interval{WeekDay: "Monday"},
			tsc.Interval{WeekDay: "Tuesday"}, tsc.Interval{WeekDay: "Wednesday"}, tsc.Interval{WeekDay: "Thursday"}, tsc.Interval{WeekDay: "Friday"},
			tsc.Interval{WeekDay: "Saturday"}, tsc.Interval{WeekDay: "Sunday"}, tsc.Interval{WeekDay: "Monday"})},
	} {
		_, err := c.Schedules.Create(e2eCtx, bad)
		e2eWantCode(t, err, tsc.ErrBadRequest, 400, "400000")
	}
	_, err = c.Schedules.Update(e2eCtx, tsc.Schedule{ID: weekly.ID, Type: tsc.ScheduleExtract})
	e2eWantCode(t, err, tsc.ErrBadRequest, 400, "400000")
	_, err = c.Schedules.Get(e2eCtx, "00000000-0000-0000-0000-000000000000")
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404000")

	// Only server administrators manage schedules; site administrators list them.
	_, siteAdmin := e2eUserClient(t, srv, "", "ada", tsc.SiteRoleSiteAdministratorCreator)
	_, err = siteAdmin.Schedules.Create(e2eCtx, tsc.Schedule{Name: "Mine", Type: "Extract", Frequency: "Daily", FrequencyDetails: details("01:00:00", "")})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")
	e2eWantCode(t, siteAdmin.Schedules.Delete(e2eCtx, weekly.ID), tsc.ErrForbidden, 403, "403000")
	if l := e2eMust2(siteAdmin.Schedules.List(e2eCtx, tsc.ListOptions{}))(t); len(l) != 3 {
		t.Errorf("site administrator lists %d schedules", len(l))
	}
	_, viewer := e2eUserClient(t, srv, "", "vic", tsc.SiteRoleViewer)
	_, _, err = viewer.Schedules.List(e2eCtx, tsc.ListOptions{})
	e2eWantCode(t, err, tsc.ErrForbidden, 403, "403000")

	e2eNoErr(t, c.Schedules.Delete(e2eCtx, monthly.ID))
	_, err = c.Schedules.Get(e2eCtx, monthly.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404000")
}

// TestE2EScheduleWeek is issue 15's measure of the scheduler: a week of
// hourly and daily schedules, advanced in one call, makes exactly the
// week's jobs and outbox messages (extract refreshes and subscriptions),
// at their times; advancing again makes no job twice.
func TestE2EScheduleWeek(t *testing.T) {
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC) // Monday 00:00
	clk := &testClock{now: start}
	srv, c := e2eServer(t, tsctest.WithClock(clk.Now), tsctest.WithJobDuration(time.Second))
	wb := e2ePublishSales(t, c, "Sales")
	ds := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{Name: "Orders"}, e2eFile("datasources/Orders.tdsx"), tsc.PublishOptions{}))(t)

	every2h := e2eSchedule(t, c, "Business hours", tsc.ScheduleExtract, tsc.FrequencyHourly, details("08:00:00", "18:00:00", tsc.Interval{Hours: "2"}))
	daily := e2eSchedule(t, c, "Nightly", tsc.ScheduleExtract, tsc.FrequencyDaily, details("02:30:00", ""))
	weekdays := e2eSchedule(t, c, "Weekday mornings", tsc.ScheduleExtract, tsc.FrequencyDaily,
		details("06:00:00", "06:00:00", tsc.Interval{Hours: "24"}, tsc.Interval{WeekDay: "Monday"}, tsc.Interval{WeekDay: "Friday"}))
	e2eMust(c.Schedules.AddWorkbook(e2eCtx, every2h.ID, wb.ID))(t)
	e2eMust(c.Schedules.AddDatasource(e2eCtx, daily.ID, ds.ID))(t)
	e2eMust(c.Schedules.AddWorkbook(e2eCtx, weekdays.ID, wb.ID))(t)
	// A suspended schedule runs nothing.
	paused := e2eSchedule(t, c, "Paused", tsc.ScheduleExtract, tsc.FrequencyHourly, details("00:00:00", "23:00:00", tsc.Interval{Minutes: "15"}))
	e2eMust(c.Schedules.AddDatasource(e2eCtx, paused.ID, ds.ID))(t)
	e2eMust(c.Schedules.Update(e2eCtx, tsc.Schedule{ID: paused.ID, State: tsc.ScheduleSuspended}))(t)
	// Subscriptions on a daily and an every-4-hours Subscription schedule
	// put their messages into the outbox in the same advance.
	morning := e2eSchedule(t, c, "Morning mail", tsc.ScheduleSubscription, tsc.FrequencyDaily, details("07:00:00", "07:00:00", tsc.Interval{Hours: "24"}))
	often := e2eSchedule(t, c, "Every 4 hours", tsc.ScheduleSubscription, tsc.FrequencyHourly, details("00:00:00", "23:00:00", tsc.Interval{Hours: "4"}))
	me := c.Session().UserID
	e2eMust(c.Subscriptions.Create(e2eCtx, tsc.Subscription{Subject: "Daily", Content: &tsc.SubscriptionContent{ID: wb.ID, Type: tsc.SubscriptionWorkbook},
		Schedule: &tsc.Schedule{ID: morning.ID}, User: &tsc.User{ID: me}}))(t)
	e2eMust(c.Subscriptions.Create(e2eCtx, tsc.Subscription{Subject: "Often", Content: &tsc.SubscriptionContent{ID: wb.ID, Type: tsc.SubscriptionWorkbook},
		Schedule: &tsc.Schedule{ID: often.ID}, User: &tsc.User{ID: me}}))(t)
	var wantMail []string
	for d := 0; d < 7; d++ {
		day := start.AddDate(0, 0, d)
		wantMail = append(wantMail, "Daily@"+day.Add(7*time.Hour).Format("Mon 01-02 15:04"))
		for h := 0; h <= 20; h += 4 {
			if d == 0 && h == 0 {
				continue // the schedule was made at Monday 00:00: its first run is 04:00
			}
			wantMail = append(wantMail, "Often@"+day.Add(time.Duration(h)*time.Hour).Format("Mon 01-02 15:04"))
		}
	}
	// The advance ends at the next Monday 00:00, which runs too.
	wantMail = append(wantMail, "Often@"+start.AddDate(0, 0, 7).Format("Mon 01-02 15:04"))
	sort.Strings(wantMail)

	var want []string
	for d := 0; d < 7; d++ {
		day := start.AddDate(0, 0, d)
		for h := 8; h <= 18; h += 2 {
			want = append(want, "Sales@"+day.Add(time.Duration(h)*time.Hour).Format("Mon 01-02 15:04")+"/refresh_extracts")
		}
		want = append(want, "Orders@"+day.Add(150*time.Minute).Format("Mon 01-02 15:04")+"/refresh_extracts")
		if wd := day.Weekday(); wd == time.Monday || wd == time.Friday {
			want = append(want, "Sales@"+day.Add(6*time.Hour).Format("Mon 01-02 15:04")+"/refresh_extracts")
		}
	}
	sort.Strings(want)

	e2eNoErr(t, srv.Advance(7*24*time.Hour))
	got := e2eJobTimes(t, c)
	if !slices.Equal(got, want) {
		t.Fatalf("a week made %d jobs, want %d:\n got  %v\n want %v", len(got), len(want), got, want)
	}
	if len(want) != 7*6+7+2 {
		t.Fatalf("the expected week is wrong: %d jobs", len(want))
	}
	msgs := e2eMust(srv.Outbox())(t)
	var gotMail []string
	for _, m := range msgs {
		gotMail = append(gotMail, m.Subject+"@"+m.CreatedAt.UTC().Format("Mon 01-02 15:04"))
	}
	sort.Strings(gotMail)
	if !slices.Equal(gotMail, wantMail) {
		t.Fatalf("a week sent %d messages, want %d:\n got  %v\n want %v", len(gotMail), len(wantMail), gotMail, wantMail)
	}
	// Every job of the week has run its course by its end.
	for j, err := range c.Jobs.All(e2eCtx, tsc.ListOptions{}) {
		e2eNoErr(t, err)
		if j.Status != "Success" || j.EndedAt.IsZero() {
			t.Errorf("job %s at %v is %s", j.ID, j.CreatedAt, j.Status)
		}
	}
	// Nothing runs twice: no time passes, then less than the next run.
	e2eNoErr(t, srv.Advance(0))
	e2eNoErr(t, srv.Advance(2*time.Hour))
	if got := e2eJobTimes(t, c); len(got) != len(want) {
		t.Errorf("after the week, %d jobs, want %d", len(got), len(want))
	}
	// The schedules moved on to next week.
	if s := e2eMust(c.Schedules.Get(e2eCtx, daily.ID))(t); !s.NextRunAt.Equal(start.AddDate(0, 0, 7).Add(150 * time.Minute)) {
		t.Errorf("nightly next run %v", s.NextRunAt)
	}
	// The tasks kept count.
	tasks := e2eMust(c.Tasks.List(e2eCtx))(t)
	if len(tasks) != 4 {
		t.Fatalf("%d tasks", len(tasks))
	}
	for _, tk := range tasks {
		if tk.ExtractRefresh == nil || *tk.ExtractRefresh.ConsecutiveFailedCount != 0 || tk.ExtractRefresh.Schedule == nil {
			t.Errorf("task %+v", tk.ExtractRefresh)
		}
	}
}

// TestE2EScheduleRestart: the next run is kept with --data, so a restart
// neither runs an occurrence again nor skips the ones it was down for.
func TestE2EScheduleRestart(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	clk := &testClock{now: start}
	srv := tsctest.NewServer(t, tsctest.WithDataDir(dir), tsctest.WithClock(clk.Now), tsctest.WithJobDuration(time.Second),
		tsctest.WithAdmin("admin", "pw-admin-1234"))
	c := srv.MustClient(t)
	wb := e2ePublishSales(t, c, "Sales")
	hourly := e2eSchedule(t, c, "Hourly", tsc.ScheduleExtract, tsc.FrequencyHourly, details("00:00:00", "23:00:00", tsc.Interval{Hours: "1"}))
	e2eMust(c.Schedules.AddWorkbook(e2eCtx, hourly.ID, wb.ID))(t)
	clk.Set(start.Add(5*time.Hour + 30*time.Minute)) // runs 01:00..05:00 are due
	if n := len(e2eJobTimes(t, c)); n != 5 {
		t.Fatalf("before the restart: %d jobs, want 5", n)
	}
	e2eNoErr(t, srv.Close())

	clk.Set(start.Add(9*time.Hour + 10*time.Minute)) // down until after 09:00
	srv2 := tsctest.NewServer(t, tsctest.WithDataDir(dir), tsctest.WithClock(clk.Now), tsctest.WithJobDuration(time.Second),
		tsctest.WithAdmin("admin", "pw-admin-1234"))
	c2 := srv2.MustClient(t)
	got := e2eJobTimes(t, c2)
	var want []string
	for h := 1; h <= 9; h++ {
		want = append(want, "Sales@"+start.Add(time.Duration(h)*time.Hour).Format("Mon 01-02 15:04")+"/refresh_extracts")
	}
	if !slices.Equal(got, want) {
		t.Errorf("after the restart:\n got  %v\n want %v", got, want)
	}
}

// TestE2EScheduleEditedWhileDue: a change to a schedule whose run is due
// runs that run first, once, under the old settings, then follows the new.
func TestE2EScheduleEditedWhileDue(t *testing.T) {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clk := &testClock{now: start}
	_, c := e2eServer(t, tsctest.WithClock(clk.Now), tsctest.WithJobDuration(time.Second))
	wb := e2ePublishSales(t, c, "Sales")
	s := e2eSchedule(t, c, "Hourly", tsc.ScheduleExtract, tsc.FrequencyHourly, details("00:00:00", "23:00:00", tsc.Interval{Hours: "1"}))
	e2eMust(c.Schedules.AddWorkbook(e2eCtx, s.ID, wb.ID))(t)
	clk.Set(start.Add(90 * time.Minute)) // 10:00 is due
	up := e2eMust(c.Schedules.Update(e2eCtx, tsc.Schedule{ID: s.ID, Frequency: tsc.FrequencyDaily, FrequencyDetails: details("22:00:00", "")}))(t)
	if !up.NextRunAt.Equal(time.Date(2026, 3, 2, 22, 0, 0, 0, time.UTC)) {
		t.Errorf("next run after the edit %v", up.NextRunAt)
	}
	clk.Set(start.Add(24 * time.Hour))
	got := e2eJobTimes(t, c)
	want := []string{"Sales@Mon 03-02 10:00/refresh_extracts", "Sales@Mon 03-02 22:00/refresh_extracts"}
	if !slices.Equal(got, want) {
		t.Errorf("jobs %v, want %v", got, want)
	}
}

func TestE2ETasks(t *testing.T) {
	clk := &testClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	srv, c := e2eServer(t, tsctest.WithClock(clk.Now), tsctest.WithJobDuration(time.Second))
	wb := e2ePublishSales(t, c, "Sales")
	ds := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{Name: "Orders"}, e2eFile("datasources/Orders.tdsx"), tsc.PublishOptions{}))(t)
	live := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{Name: "Live"}, e2eFile("datasources/Orders.tds"), tsc.PublishOptions{}))(t)
	s := e2eSchedule(t, c, "Serial nightly", tsc.ScheduleExtract, tsc.FrequencyDaily, details("01:00:00", ""))
	e2eMust(c.Schedules.Update(e2eCtx, tsc.Schedule{ID: s.ID, ExecutionOrder: tsc.ScheduleSerial}))(t)
	sub := e2eSchedule(t, c, "Mail", tsc.ScheduleSubscription, tsc.FrequencyDaily, details("01:00:00", ""))

	added := e2eMust(c.Schedules.AddWorkbook(e2eCtx, s.ID, wb.ID))(t)
	if added.ExtractRefresh == nil || added.ExtractRefresh.Workbook.ID != wb.ID || added.ExtractRefresh.Schedule.ID != s.ID {
		t.Fatalf("add workbook answered %+v", added)
	}
	e2eMust(c.Schedules.AddDatasource(e2eCtx, s.ID, ds.ID))(t)
	_, err := c.Schedules.AddWorkbook(e2eCtx, s.ID, wb.ID)
	e2eWantCode(t, err, tsc.ErrConflict, 409, "409000")
	_, err = c.Schedules.AddDatasource(e2eCtx, s.ID, live.ID) // no extract
	e2eWantCode(t, err, tsc.ErrBadRequest, 400, "400000")
	_, err = c.Schedules.AddDatasource(e2eCtx, sub.ID, ds.ID) // not an Extract schedule
	e2eWantCode(t, err, tsc.ErrBadRequest, 400, "400000")
	_, err = c.Schedules.AddWorkbook(e2eCtx, s.ID, "00000000-0000-0000-0000-000000000000")
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404006")
	_, err = c.Schedules.AddFlow(e2eCtx, s.ID, "00000000-0000-0000-0000-000000000000")
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404000")

	extracts := e2eMust2(c.Schedules.Extracts(e2eCtx, s.ID, tsc.ListOptions{}))(t)
	if len(extracts) != 2 || extracts[0].Workbook == nil || extracts[1].Datasource == nil || extracts[0].Type != "FullRefresh" {
		t.Errorf("extracts = %+v", extracts)
	}

	tasks := e2eMust(c.Tasks.List(e2eCtx))(t)
	if len(tasks) != 2 {
		t.Fatalf("%d tasks", len(tasks))
	}
	wbTask := tasks[0].ExtractRefresh
	if wbTask.Workbook == nil || wbTask.Type != "RefreshExtractTask" || wbTask.Schedule.Name != "Serial nightly" {
		t.Errorf("task = %+v", wbTask)
	}
	one := e2eMust(c.Tasks.Get(e2eCtx, wbTask.ID))(t)
	if one.ExtractRefresh.ID != wbTask.ID {
		t.Errorf("get task = %+v", one.ExtractRefresh)
	}

	// Run now: a RefreshExtract job that ends in success.
	job := e2eMust(c.Tasks.Run(e2eCtx, wbTask.ID))(t)
	if job.Type != "RefreshExtract" || job.ExtractRefreshJob == nil || job.ExtractRefreshJob.Workbook.ID != wb.ID {
		t.Errorf("run now job = %+v", job)
	}
	e2eNoErr(t, srv.FinishJob(job.ID))
	if j := e2eMust(c.Jobs.Get(e2eCtx, job.ID))(t); *j.FinishCode != tsc.JobSucceeded {
		t.Errorf("run now job ended %d", *j.FinishCode)
	}
	// A failed run counts in the task's failures; a success resets them.
	e2eNoErr(t, srv.FailJobs(tsctest.JobFault{Type: "RefreshExtract", ContentName: "Sales", Notes: "ODBC: login failed", Count: 2}))
	for range 2 {
		j := e2eMust(c.Tasks.Run(e2eCtx, wbTask.ID))(t)
		clk.Set(clk.Now().Add(2 * time.Second))
		if j2 := e2eMust(c.Jobs.Get(e2eCtx, j.ID))(t); *j2.FinishCode != tsc.JobFailed {
			t.Errorf("planted failure ended %d", *j2.FinishCode)
		}
	}
	if tk := e2eMust(c.Tasks.Get(e2eCtx, wbTask.ID))(t); *tk.ExtractRefresh.ConsecutiveFailedCount != 2 {
		t.Errorf("consecutiveFailedCount = %d, want 2", *tk.ExtractRefresh.ConsecutiveFailedCount)
	}

	// A Serial schedule runs its tasks one after the other.
	clk.Set(time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC))
	e2eNoErr(t, srv.Advance(90*time.Minute))
	var starts []time.Time
	for j, err := range c.Jobs.All(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Gte("createdAt", "2026-03-03T00:00:00Z")}}) {
		e2eNoErr(t, err)
		starts = append(starts, j.CreatedAt.Time)
	}
	sort.Slice(starts, func(i, j int) bool { return starts[i].Before(starts[j]) })
	at := time.Date(2026, 3, 3, 1, 0, 0, 0, time.UTC)
	if len(starts) != 2 || !starts[0].Equal(at) || !starts[1].Equal(at.Add(time.Second)) {
		t.Errorf("serial runs started at %v", starts)
	}
	if tk := e2eMust(c.Tasks.Get(e2eCtx, wbTask.ID))(t); *tk.ExtractRefresh.ConsecutiveFailedCount != 0 {
		t.Errorf("after a success consecutiveFailedCount = %d", *tk.ExtractRefresh.ConsecutiveFailedCount)
	}

	// Others see the tasks of what they own, and run only those.
	owner, oc := e2eUserClient(t, srv, "", "olive", tsc.SiteRoleCreator)
	_, stranger := e2eUserClient(t, srv, "", "sam", tsc.SiteRoleCreator)
	e2eMust(c.Workbooks.Update(e2eCtx, tsc.Workbook{ID: wb.ID, Owner: &tsc.User{ID: owner.ID}}))(t)
	if l := e2eMust(oc.Tasks.List(e2eCtx))(t); len(l) != 1 || l[0].ExtractRefresh.ID != wbTask.ID {
		t.Errorf("the owner sees %+v", l)
	}
	if l := e2eMust(stranger.Tasks.List(e2eCtx))(t); len(l) != 0 {
		t.Errorf("a stranger sees %d tasks", len(l))
	}
	_, err = stranger.Tasks.Run(e2eCtx, wbTask.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404000")
	e2eMust(oc.Tasks.Run(e2eCtx, wbTask.ID))(t)

	// Flow tasks: none, since the site has no flows (e2e_flows_test.go has them).
	if l := e2eMust(c.Tasks.ListFlowTasks(e2eCtx))(t); len(l) != 0 {
		t.Errorf("flow tasks %+v", l)
	}
	_, err = c.Tasks.GetFlowTask(e2eCtx, wbTask.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404000")

	// Deleting the task, then the content, removes tasks.
	e2eNoErr(t, c.Tasks.Delete(e2eCtx, wbTask.ID))
	_, err = c.Tasks.Get(e2eCtx, wbTask.ID)
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404000")
	e2eNoErr(t, c.Datasources.Delete(e2eCtx, ds.ID))
	if l := e2eMust(c.Tasks.List(e2eCtx))(t); len(l) != 0 {
		t.Errorf("tasks left after deleting their content: %d", len(l))
	}
}

func TestE2ELinkedTasks(t *testing.T) {
	clk := &testClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	srv, c := e2eServer(t, tsctest.WithClock(clk.Now), tsctest.WithJobDuration(time.Second))
	wb := e2ePublishSales(t, c, "Sales")
	ds := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{Name: "Orders"}, e2eFile("datasources/Orders.tdsx"), tsc.PublishOptions{}))(t)
	s := e2eSchedule(t, c, "Nightly", tsc.ScheduleExtract, tsc.FrequencyDaily, details("01:00:00", ""))
	t1 := e2eMust(c.Schedules.AddDatasource(e2eCtx, s.ID, ds.ID))(t).ExtractRefresh.ID
	t2 := e2eMust(c.Schedules.AddWorkbook(e2eCtx, s.ID, wb.ID))(t).ExtractRefresh.ID
	id := e2eMust(srv.SeedLinkedTask("", true, t1, t2))(t)

	list := e2eMust2(c.Tasks.ListLinked(e2eCtx, tsc.ListOptions{}))(t)
	if len(list) != 1 || list[0].ID != id || *list[0].NumSteps != 2 || len(list[0].Steps.Steps) != 2 ||
		list[0].Steps.Steps[0].Task.ExtractRefresh.ID != t1 || *list[0].Steps.Steps[1].StepNumber != 2 {
		t.Fatalf("linked tasks = %+v", list)
	}
	got := e2eMust(c.Tasks.GetLinked(e2eCtx, id))(t)
	if !*got.Steps.Steps[0].StopDownstreamTasksOnFailure {
		t.Errorf("linked task = %+v", got)
	}

	// The first step fails: the second is cancelled.
	e2eNoErr(t, srv.FailJobs(tsctest.JobFault{Type: "RefreshExtract", ContentName: "Orders", Notes: "disk full"}))
	run := e2eMust(c.Tasks.RunLinked(e2eCtx, id))(t)
	if run.LinkedTaskID != id || run.Status != "Pending" {
		t.Errorf("run = %+v", run)
	}
	clk.Set(clk.Now().Add(5 * time.Second))
	var statuses []string
	for j, err := range c.Jobs.All(e2eCtx, tsc.ListOptions{Sort: []tsc.Sort{tsc.Asc("createdAt")}}) {
		e2eNoErr(t, err)
		statuses = append(statuses, j.Title+":"+j.Status)
	}
	if strings.Join(statuses, ",") != "Orders:Failed,Sales:Cancelled" {
		t.Errorf("linked run jobs: %v", statuses)
	}
	_, err := c.Tasks.GetLinked(e2eCtx, "00000000-0000-0000-0000-000000000000")
	e2eWantCode(t, err, tsc.ErrNotFound, 404, "404000")
	var se *tsc.ServerError
	_ = se
	_ = http.StatusOK
}

// TestE2EControlClock: a program that is not Go moves the clock of a
// running server (tabctl serve) with POST /_emulator/clock, and reads the
// outbox with GET /_emulator/outbox.
func TestE2EControlClock(t *testing.T) {
	clk := &testClock{now: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)}
	srv, c := e2eServer(t, tsctest.WithClock(clk.Now), tsctest.WithJobDuration(time.Second), tsctest.WithSessionLifetime(48*time.Hour))
	wb := e2ePublishSales(t, c, "Sales")
	s := e2eSchedule(t, c, "Nightly", tsc.ScheduleExtract, tsc.FrequencyDaily, details("02:00:00", ""))
	e2eMust(c.Schedules.AddWorkbook(e2eCtx, s.ID, wb.ID))(t)

	status, _, body := controlCall(t, srv, "POST", "/_emulator/clock", `{"advance": "26h"}`, authorized(srv))
	if status != http.StatusOK || !strings.Contains(string(body), `"now":"2026-03-03T02:00:00Z"`) {
		t.Fatalf("advance: %d %s", status, body)
	}
	if got := e2eJobTimes(t, c); !slices.Equal(got, []string{"Sales@Mon 03-02 02:00/refresh_extracts", "Sales@Tue 03-03 02:00/refresh_extracts"}) {
		t.Errorf("jobs after advancing 26 hours: %v", got)
	}
	status, _, body = controlCall(t, srv, "GET", "/_emulator/clock", "", authorized(srv))
	if status != http.StatusOK || !strings.Contains(string(body), "2026-03-03T02:00:00Z") || !srv.Now().Equal(time.Date(2026, 3, 3, 2, 0, 0, 0, time.UTC)) {
		t.Errorf("clock: %d %s (Now %v)", status, body, srv.Now())
	}
	for _, bad := range []string{`{"advance": "-1h"}`, `{"advance": "soon"}`, `{"advance": "9000h"}`, `{"backwards": "1h"}`} {
		if status, _, body := controlCall(t, srv, "POST", "/_emulator/clock", bad, authorized(srv)); status != http.StatusBadRequest || !strings.Contains(string(body), "error") {
			t.Errorf("%s: %d %s", bad, status, body)
		}
	}
	if !srv.Now().Equal(time.Date(2026, 3, 3, 2, 0, 0, 0, time.UTC)) {
		t.Errorf("a refused advance moved the clock to %v", srv.Now())
	}
	status, _, body = controlCall(t, srv, "GET", "/_emulator/outbox", "", authorized(srv))
	if status != http.StatusOK || strings.TrimSpace(string(body)) != `{"messages":[]}` {
		t.Errorf("outbox: %d %s", status, body)
	}
	if status, _, _ := controlCall(t, srv, "DELETE", "/_emulator/outbox", "", authorized(srv)); status != http.StatusNoContent {
		t.Errorf("clear outbox: %d", status)
	}
}
