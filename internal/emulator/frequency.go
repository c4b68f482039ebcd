package emulator

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tsc-go/tsc"
)

// frequency is a schedule's recurrence, parsed and checked: when it runs.
// Times of day are in UTC, the emulated server's time zone: Tableau Server
// reads a schedule's start and end in its own time zone and writes
// nextRunAt in UTC, so with UTC as the server's zone both agree.
type frequency struct {
	kind string // Hourly, Daily, Weekly, Monthly
	// start and end are seconds after midnight; end < 0 means none.
	start, end int
	// every is the period between runs within a day's window (Hourly, and
	// Daily with an hours interval); zero means once a day at start.
	every time.Duration
	// daily24 remembers a Daily schedule's hours="24" interval (once a day,
	// as without it), so that the schedule is written back as it was sent.
	daily24 bool
	// weekDays limits the days a schedule runs on (nil: every day).
	weekDays []time.Weekday
	// monthDays are days of the month (1-31); lastDay adds the month's last.
	monthDays []int
	lastDay   bool
	// nth, with weekDays, is a relative monthly schedule: the nth (1-5, or
	// -1 for the last) given weekday of each month.
	nth int
}

var weekDayNames = map[string]time.Weekday{
	"Sunday": time.Sunday, "Monday": time.Monday, "Tuesday": time.Tuesday, "Wednesday": time.Wednesday,
	"Thursday": time.Thursday, "Friday": time.Friday, "Saturday": time.Saturday,
}

var relativeDays = map[string]int{"First": 1, "Second": 2, "Third": 3, "Fourth": 4, "Fifth": 5, "Last": -1}

// Tableau's interval rules (REST API reference, Create Schedule; TSC's
// models/interval_item.py checks the same values on the client side).
var (
	hourlyHours   = []int{1, 2, 4, 6, 8, 12}
	hourlyMinutes = []int{15, 30}
	dailyHours    = []int{2, 4, 6, 8, 12, 24}
)

// parseClock reads an xs:time as Tableau writes it, "HH:MM:SS" (or "HH:MM").
func parseClock(name, v string) (int, error) {
	parts := strings.Split(v, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, badRequest("The %s time '%s' is not a time of day (HH:MM:SS).", name, v)
	}
	var n [3]int
	for i, p := range parts {
		x, err := strconv.Atoi(p)
		if err != nil || len(p) != 2 {
			return 0, badRequest("The %s time '%s' is not a time of day (HH:MM:SS).", name, v)
		}
		n[i] = x
	}
	if n[0] > 23 || n[1] > 59 || n[2] > 59 {
		return 0, badRequest("The %s time '%s' is not a time of day (HH:MM:SS).", name, v)
	}
	if n[2] != 0 || n[1]%15 != 0 {
		return 0, badRequest("The %s time '%s' must be on the hour or at 15, 30 or 45 minutes past it.", name, v)
	}
	return n[0]*3600 + n[1]*60, nil
}

func clockString(sec int) string {
	return fmt.Sprintf("%02d:%02d:%02d", sec/3600, sec/60%60, sec%60)
}

// parseFrequency checks a schedule's frequency and details against
// Tableau's rules, naming the rule a request breaks.
func parseFrequency(kind string, fd *tsc.FrequencyDetails) (*frequency, error) {
	f := &frequency{kind: kind, end: -1}
	switch kind {
	case "Hourly", "Daily", "Weekly", "Monthly":
	case "":
		return nil, badRequest("The schedule has no frequency: it must be Hourly, Daily, Weekly or Monthly.")
	default:
		return nil, badRequest("The frequency '%s' is not valid: it must be Hourly, Daily, Weekly or Monthly.", kind)
	}
	if fd == nil || fd.Start == "" {
		return nil, badRequest("A %s schedule needs frequencyDetails with a start time.", kind)
	}
	var err error
	if f.start, err = parseClock("start", fd.Start); err != nil {
		return nil, err
	}
	if fd.End != "" {
		if f.end, err = parseClock("end", fd.End); err != nil {
			return nil, err
		}
	}
	var hours, minutes []int
	var monthDays []string
	for _, in := range fd.List() {
		set := 0
		if in.Hours != "" {
			set++
			h, err := strconv.Atoi(in.Hours)
			if err != nil {
				return nil, badRequest("The hours interval '%s' is not a number of hours.", in.Hours)
			}
			hours = append(hours, h)
		}
		if in.Minutes != "" {
			set++
			m, err := strconv.Atoi(in.Minutes)
			if err != nil {
				return nil, badRequest("The minutes interval '%s' is not a number of minutes.", in.Minutes)
			}
			minutes = append(minutes, m)
		}
		if in.WeekDay != "" {
			set++
			d, ok := weekDayNames[in.WeekDay]
			if !ok {
				return nil, badRequest("The weekDay '%s' is not a day of the week (Sunday to Saturday).", in.WeekDay)
			}
			if slices.Contains(f.weekDays, d) {
				return nil, badRequest("The weekDay '%s' is given twice.", in.WeekDay)
			}
			f.weekDays = append(f.weekDays, d)
		}
		if in.MonthDay != "" {
			set++
			if d, ok := weekDayNames[in.MonthDay]; ok && kind == "Monthly" {
				// TSC's MonthlyInterval sends a relative schedule's weekday
				// as a monthDay ("First", "Monday").
				if slices.Contains(f.weekDays, d) {
					return nil, badRequest("The weekDay '%s' is given twice.", in.MonthDay)
				}
				f.weekDays = append(f.weekDays, d)
			} else {
				monthDays = append(monthDays, in.MonthDay)
			}
		}
		// Tableau writes a relative monthly schedule's intervals with both:
		// <interval weekDay="Monday" monthDay="First"/>.
		relative := set == 2 && in.WeekDay != "" && relativeDays[in.MonthDay] != 0 && kind == "Monthly"
		if set != 1 && !relative {
			return nil, badRequest("Each interval must have exactly one of hours, minutes, weekDay and monthDay (a relative monthly one: weekDay and monthDay First to Fifth or Last).")
		}
	}
	switch kind {
	case "Hourly":
		if f.end < 0 {
			return nil, badRequest("An Hourly schedule needs an end time.")
		}
		if len(monthDays) > 0 {
			return nil, badRequest("An Hourly schedule takes hours or minutes intervals and weekDays, not monthDay.")
		}
		switch {
		case len(hours)+len(minutes) != 1:
			return nil, badRequest("An Hourly schedule needs exactly one hours or minutes interval.")
		case len(hours) == 1 && !slices.Contains(hourlyHours, hours[0]):
			return nil, badRequest("The hours interval %d is not valid for an Hourly schedule: it must be 1, 2, 4, 6, 8 or 12.", hours[0])
		case len(minutes) == 1 && !slices.Contains(hourlyMinutes, minutes[0]):
			return nil, badRequest("The minutes interval %d is not valid: it must be 15 or 30.", minutes[0])
		case len(minutes) == 1 && (f.start%3600 != 0 || f.end%3600 != 0):
			return nil, badRequest("A schedule that runs every %d minutes must start and end on the hour.", minutes[0])
		}
		if len(hours) == 1 {
			f.every = time.Duration(hours[0]) * time.Hour
		} else {
			f.every = time.Duration(minutes[0]) * time.Minute
		}
	case "Daily":
		if len(monthDays) > 0 || len(minutes) > 0 {
			return nil, badRequest("A Daily schedule takes an hours interval and weekDays only.")
		}
		if len(hours) > 1 {
			return nil, badRequest("A Daily schedule takes at most one hours interval.")
		}
		if len(hours) == 1 {
			if !slices.Contains(dailyHours, hours[0]) {
				return nil, badRequest("The hours interval %d is not valid for a Daily schedule: it must be 2, 4, 6, 8, 12 or 24.", hours[0])
			}
			f.daily24 = hours[0] == 24
			if hours[0] < 24 {
				if f.end < 0 {
					return nil, badRequest("A Daily schedule that runs every %d hours needs an end time.", hours[0])
				}
				f.every = time.Duration(hours[0]) * time.Hour
			}
		}
	case "Weekly":
		if len(hours)+len(minutes)+len(monthDays) > 0 || len(f.weekDays) == 0 {
			return nil, badRequest("A Weekly schedule needs one to seven weekDay intervals and nothing else.")
		}
	case "Monthly":
		if len(hours)+len(minutes) > 0 || len(monthDays) == 0 {
			return nil, badRequest("A Monthly schedule needs monthDay intervals (1 to 31, LastDay, or First to Fifth or Last with a weekDay).")
		}
		for _, md := range monthDays {
			if n, ok := relativeDays[md]; ok {
				if f.nth != 0 && f.nth == n {
					continue // one per weekday, as Tableau writes them
				}
				if f.nth != 0 || len(f.monthDays) > 0 || f.lastDay {
					return nil, badRequest("A relative Monthly schedule has one monthDay (First to Fifth, or Last) and weekDays.")
				}
				f.nth = n
				continue
			}
			if md == "LastDay" {
				f.lastDay = true
				continue
			}
			d, err := strconv.Atoi(md)
			if err != nil || d < 1 || d > 31 {
				return nil, badRequest("The monthDay '%s' is not valid: it must be 1 to 31, LastDay, or First to Fifth or Last.", md)
			}
			if slices.Contains(f.monthDays, d) {
				return nil, badRequest("The monthDay '%s' is given twice.", md)
			}
			f.monthDays = append(f.monthDays, d)
		}
		if f.nth != 0 && len(f.weekDays) == 0 {
			return nil, badRequest("The monthDay '%s' needs a weekDay: which day of the week it counts.", monthDays[0])
		}
		if f.nth == 0 && len(f.weekDays) > 0 {
			return nil, badRequest("A Monthly schedule takes weekDays only with a relative monthDay (First to Fifth, or Last).")
		}
	}
	return f, nil
}

// details writes the frequency back as the wire's frequencyDetails.
func (f *frequency) details() *tsc.FrequencyDetails {
	fd := &tsc.FrequencyDetails{Start: clockString(f.start)}
	if f.end >= 0 {
		fd.End = clockString(f.end)
	}
	var ivs []tsc.Interval
	switch {
	case f.every >= time.Hour:
		ivs = append(ivs, tsc.Interval{Hours: strconv.Itoa(int(f.every / time.Hour))})
	case f.every > 0:
		ivs = append(ivs, tsc.Interval{Minutes: strconv.Itoa(int(f.every / time.Minute))})
	case f.daily24:
		ivs = append(ivs, tsc.Interval{Hours: "24"})
	}
	for _, d := range f.monthDays {
		ivs = append(ivs, tsc.Interval{MonthDay: strconv.Itoa(d)})
	}
	if f.lastDay {
		ivs = append(ivs, tsc.Interval{MonthDay: "LastDay"})
	}
	if f.nth != 0 {
		name := ""
		for k, n := range relativeDays {
			if n == f.nth {
				name = k
			}
		}
		for _, d := range f.weekDays {
			ivs = append(ivs, tsc.Interval{WeekDay: d.String(), MonthDay: name})
		}
	} else {
		for _, d := range f.weekDays {
			ivs = append(ivs, tsc.Interval{WeekDay: d.String()})
		}
	}
	fd.Intervals = &tsc.IntervalList{Intervals: ivs}
	return fd
}

// encode and decodeFrequency keep a frequency in the store's columns.
func (f *frequency) encode() (start, end, intervals string) {
	fd := f.details()
	var lines []string
	for _, in := range fd.List() {
		switch {
		case in.Hours != "":
			lines = append(lines, "hours="+in.Hours)
		case in.Minutes != "":
			lines = append(lines, "minutes="+in.Minutes)
		case in.WeekDay != "" && in.MonthDay != "":
			lines = append(lines, "weekDay="+in.WeekDay+"&monthDay="+in.MonthDay)
		case in.WeekDay != "":
			lines = append(lines, "weekDay="+in.WeekDay)
		case in.MonthDay != "":
			lines = append(lines, "monthDay="+in.MonthDay)
		}
	}
	return fd.Start, fd.End, strings.Join(lines, "\n")
}

func decodeFrequency(kind, start, end, intervals string) (*frequency, error) {
	fd := &tsc.FrequencyDetails{Start: start, End: end}
	for _, line := range strings.Split(intervals, "\n") {
		if wd, md, ok := strings.Cut(line, "&monthDay="); ok {
			fd.Add(tsc.Interval{WeekDay: strings.TrimPrefix(wd, "weekDay="), MonthDay: md})
			continue
		}
		k, v, _ := strings.Cut(line, "=")
		switch k {
		case "hours":
			fd.Add(tsc.Interval{Hours: v})
		case "minutes":
			fd.Add(tsc.Interval{Minutes: v})
		case "weekDay":
			fd.Add(tsc.Interval{WeekDay: v})
		case "monthDay":
			fd.Add(tsc.Interval{MonthDay: v})
		}
	}
	return parseFrequency(kind, fd)
}

// runsOn reports whether the schedule has runs whose day window opens on day
// (midnight UTC).
func (f *frequency) runsOn(day time.Time) bool {
	switch f.kind {
	case "Hourly", "Daily":
		return len(f.weekDays) == 0 || slices.Contains(f.weekDays, day.Weekday())
	case "Weekly":
		return slices.Contains(f.weekDays, day.Weekday())
	}
	last := time.Date(day.Year(), day.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if f.nth != 0 {
		if !slices.Contains(f.weekDays, day.Weekday()) {
			return false
		}
		if f.nth < 0 {
			return day.Day()+7 > last
		}
		return (day.Day()-1)/7+1 == f.nth
	}
	// A day the month does not have (the 31st of April) is not run that
	// month; LastDay is the way to run on every month's last day.
	return slices.Contains(f.monthDays, day.Day()) || (f.lastDay && day.Day() == last)
}

// runsOfDay lists the runs whose window opens on day, in order. A window
// whose end is at or before its start runs past midnight.
func (f *frequency) runsOfDay(day time.Time) []time.Time {
	if !f.runsOn(day) {
		return nil
	}
	first := day.Add(time.Duration(f.start) * time.Second)
	if f.every == 0 {
		return []time.Time{first}
	}
	window := time.Duration(f.end-f.start) * time.Second
	if window <= 0 {
		window += 24 * time.Hour
	}
	var out []time.Time
	// The end is the last time a run may start, but a window of a whole day
	// (end equal to start) leaves the end to the next day's first run.
	for d := time.Duration(0); d < window || (d == window && window < 24*time.Hour); d += f.every {
		out = append(out, first.Add(d))
	}
	return out
}

// next is the first run strictly after t: the schedule's next run time
// once the run at t (or the moment t, for a new schedule) is past.
func (f *frequency) next(t time.Time) time.Time {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	// Eight years cover any schedule the rules allow (the 31st runs in
	// seven months of each year; a relative fifth weekday in some months).
	for i := 0; i < 8*366; i++ {
		for _, r := range f.runsOfDay(day.AddDate(0, 0, i)) {
			if r.After(t) {
				return r
			}
		}
	}
	return time.Time{}
}
