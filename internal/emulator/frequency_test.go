package emulator

import (
	"strings"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
)

func mustFreq(t *testing.T, kind, start, end string, ivs ...tsc.Interval) *frequency {
	t.Helper()
	fd := &tsc.FrequencyDetails{Start: start, End: end}
	fd.Add(ivs...)
	f, err := parseFrequency(kind, fd)
	if err != nil {
		t.Fatalf("parseFrequency(%s %s-%s %v): %v", kind, start, end, ivs, err)
	}
	return f
}

// runs lists the runs of f from t0 for n steps of next.
func runs(f *frequency, t0 time.Time, n int) []string {
	var out []string
	t := t0
	for range n {
		t = f.next(t)
		out = append(out, t.Format("Mon 2006-01-02 15:04"))
	}
	return out
}

func TestFrequencyNextRuns(t *testing.T) {
	t0 := time.Date(2026, 1, 30, 23, 50, 0, 0, time.UTC) // a Friday
	cases := []struct {
		name string
		f    *frequency
		want []string
	}{
		{"hourly every 8h 02:30-23:00 (schedule_create_hourly.xml)", mustFreq(t, "Hourly", "02:30:00", "23:00:00", tsc.Interval{Hours: "8"}),
			[]string{"Sat 2026-01-31 02:30", "Sat 2026-01-31 10:30", "Sat 2026-01-31 18:30", "Sun 2026-02-01 02:30"}},
		{"every 30 minutes 00:00-01:00", mustFreq(t, "Hourly", "00:00:00", "01:00:00", tsc.Interval{Minutes: "30"}),
			[]string{"Sat 2026-01-31 00:00", "Sat 2026-01-31 00:30", "Sat 2026-01-31 01:00", "Sun 2026-02-01 00:00"}},
		{"hourly across midnight on Mondays", mustFreq(t, "Hourly", "23:00:00", "01:00:00", tsc.Interval{Hours: "1"}, tsc.Interval{WeekDay: "Monday"}),
			[]string{"Mon 2026-02-02 23:00", "Tue 2026-02-03 00:00", "Tue 2026-02-03 01:00", "Mon 2026-02-09 23:00"}},
		{"whole day every 12h", mustFreq(t, "Hourly", "06:00:00", "06:00:00", tsc.Interval{Hours: "12"}),
			[]string{"Sat 2026-01-31 06:00", "Sat 2026-01-31 18:00", "Sun 2026-02-01 06:00", "Sun 2026-02-01 18:00"}},
		{"daily", mustFreq(t, "Daily", "07:15:00", ""),
			[]string{"Sat 2026-01-31 07:15", "Sun 2026-02-01 07:15", "Mon 2026-02-02 07:15"}},
		{"daily on Tuesdays, hours=24 (tasks_with_interval.xml)", mustFreq(t, "Daily", "18:15:00", "18:15:00", tsc.Interval{Hours: "24"}, tsc.Interval{WeekDay: "Tuesday"}),
			[]string{"Tue 2026-02-03 18:15", "Tue 2026-02-10 18:15"}},
		{"weekly Mon Wed Fri (schedule_create_weekly.xml)", mustFreq(t, "Weekly", "09:15:00", "", tsc.Interval{WeekDay: "Monday"}, tsc.Interval{WeekDay: "Wednesday"}, tsc.Interval{WeekDay: "Friday"}),
			[]string{"Mon 2026-02-02 09:15", "Wed 2026-02-04 09:15", "Fri 2026-02-06 09:15", "Mon 2026-02-09 09:15"}},
		{"monthly on the 30th skips February", mustFreq(t, "Monthly", "07:00:00", "", tsc.Interval{MonthDay: "30"}),
			[]string{"Mon 2026-03-30 07:00", "Thu 2026-04-30 07:00"}},
		{"monthly on the last day", mustFreq(t, "Monthly", "07:00:00", "", tsc.Interval{MonthDay: "LastDay"}),
			[]string{"Sat 2026-01-31 07:00", "Sat 2026-02-28 07:00", "Tue 2026-03-31 07:00"}},
		{"monthly on the last Friday", mustFreq(t, "Monthly", "07:00:00", "", tsc.Interval{MonthDay: "Last"}, tsc.Interval{WeekDay: "Friday"}),
			[]string{"Fri 2026-02-27 07:00", "Fri 2026-03-27 07:00"}},
		{"monthly on the first Monday", mustFreq(t, "Monthly", "07:00:00", "", tsc.Interval{MonthDay: "First"}, tsc.Interval{WeekDay: "Monday"}),
			[]string{"Mon 2026-02-02 07:00", "Mon 2026-03-02 07:00"}},
		{"monthly on the first Monday, as Tableau writes it (schedule_get_monthly_id_2.xml)", mustFreq(t, "Monthly", "08:00:00", "", tsc.Interval{WeekDay: "Monday", MonthDay: "First"}),
			[]string{"Mon 2026-02-02 08:00", "Mon 2026-03-02 08:00"}},
		{"monthly on the second Tuesday and Thursday, as TSC sends it", mustFreq(t, "Monthly", "08:00:00", "", tsc.Interval{MonthDay: "Second"}, tsc.Interval{MonthDay: "Tuesday"}, tsc.Interval{MonthDay: "Thursday"}),
			[]string{"Tue 2026-02-10 08:00", "Thu 2026-02-12 08:00", "Tue 2026-03-10 08:00"}},
	}
	for _, c := range cases {
		got := runs(c.f, t0, len(c.want))
		if strings.Join(got, ", ") != strings.Join(c.want, ", ") {
			t.Errorf("%s:\n got  %v\n want %v", c.name, got, c.want)
		}
	}
}

func TestFrequencyRules(t *testing.T) {
	bad := []struct {
		kind, start, end string
		ivs              []tsc.Interval
		want             string
	}{
		{"Yearly", "01:00:00", "", nil, "not valid"},
		{"", "01:00:00", "", nil, "no frequency"},
		{"Daily", "", "", nil, "start time"},
		{"Daily", "25:00:00", "", nil, "not a time of day"},
		{"Daily", "01:10:00", "", nil, "15, 30 or 45"},
		{"Hourly", "01:00:00", "", []tsc.Interval{{Hours: "1"}}, "needs an end time"},
		{"Hourly", "01:00:00", "05:00:00", []tsc.Interval{{Hours: "3"}}, "1, 2, 4, 6, 8 or 12"},
		{"Hourly", "01:00:00", "05:00:00", []tsc.Interval{{Minutes: "20"}}, "15 or 30"},
		{"Hourly", "01:30:00", "05:00:00", []tsc.Interval{{Minutes: "15"}}, "on the hour"},
		{"Hourly", "01:00:00", "05:00:00", nil, "exactly one hours or minutes"},
		{"Hourly", "01:00:00", "05:00:00", []tsc.Interval{{Hours: "1"}, {Minutes: "15"}}, "exactly one hours or minutes"},
		{"Daily", "01:00:00", "", []tsc.Interval{{Hours: "5"}}, "2, 4, 6, 8, 12 or 24"},
		{"Daily", "01:00:00", "", []tsc.Interval{{Hours: "2"}}, "needs an end time"},
		{"Weekly", "01:00:00", "", nil, "one to seven weekDay"},
		{"Weekly", "01:00:00", "", []tsc.Interval{{WeekDay: "Funday"}}, "not a day of the week"},
		{"Weekly", "01:00:00", "", []tsc.Interval{{WeekDay: "Monday"}, {WeekDay: "Monday"}}, "twice"},
		{"Monthly", "01:00:00", "", nil, "monthDay intervals"},
		{"Monthly", "01:00:00", "", []tsc.Interval{{MonthDay: "32"}}, "1 to 31"},
		{"Monthly", "01:00:00", "", []tsc.Interval{{MonthDay: "First"}}, "needs a weekDay"},
		{"Monthly", "01:00:00", "", []tsc.Interval{{MonthDay: "3"}, {WeekDay: "Monday"}}, "only with a relative"},
		{"Monthly", "01:00:00", "", []tsc.Interval{{MonthDay: "3", WeekDay: "Monday"}}, "exactly one"},
		{"Weekly", "01:00:00", "", []tsc.Interval{{MonthDay: "First", WeekDay: "Monday"}}, "exactly one"},
		{"Monthly", "01:00:00", "", []tsc.Interval{{MonthDay: "First", WeekDay: "Monday"}, {MonthDay: "Last", WeekDay: "Friday"}}, "relative Monthly"},
	}
	for _, b := range bad {
		fd := &tsc.FrequencyDetails{Start: b.start, End: b.end}
		fd.Add(b.ivs...)
		_, err := parseFrequency(b.kind, fd)
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%s %s-%s %v: err = %v, want one saying %q", b.kind, b.start, b.end, b.ivs, err, b.want)
		}
		if ae, ok := err.(*apiError); !ok || ae.Status != 400 || ae.Code != codeBadRequest {
			t.Errorf("%s %v: want a 400 %s, got %#v", b.kind, b.ivs, codeBadRequest, err)
		}
	}
	// The stored form reads back as the same schedule.
	for _, f := range []*frequency{
		mustFreq(t, "Hourly", "23:00:00", "01:00:00", tsc.Interval{Minutes: "30"}, tsc.Interval{WeekDay: "Monday"}),
		mustFreq(t, "Monthly", "08:00:00", "", tsc.Interval{MonthDay: "Last"}, tsc.Interval{MonthDay: "Sunday"}, tsc.Interval{MonthDay: "Friday"}),
		mustFreq(t, "Daily", "18:15:00", "18:15:00", tsc.Interval{Hours: "24"}, tsc.Interval{WeekDay: "Tuesday"}),
	} {
		st, en, iv := f.encode()
		g, err := decodeFrequency(f.kind, st, en, iv)
		if err != nil {
			t.Fatal(err)
		}
		t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		if a, b := runs(f, t0, 10), runs(g, t0, 10); strings.Join(a, ",") != strings.Join(b, ",") {
			t.Errorf("decoded schedule runs %v, want %v", b, a)
		}
		if a, b := f.details(), g.details(); len(a.List()) != len(b.List()) {
			t.Errorf("decoded details %+v, want %+v", b, a)
		}
	}
}
