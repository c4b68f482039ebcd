// Package schedules holds `tabctl schedules`: the server's schedules
// (list, get, create, update, delete) and the extract refreshes on them
// (add-workbook, add-datasource). Creating, changing and deleting
// schedules is for server administrators; Tableau Cloud has no server
// schedules.
package schedules

import (
	"context"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// NewCmdSchedules builds `tabctl schedules` and its verbs.
func NewCmdSchedules(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "schedules <command>",
		Short: "Manage the server's schedules and the extract refreshes on them",
		Args:  cmdutil.NoArgs,
	}
	cmd.AddCommand(newCmdList(f), newCmdGet(f), newCmdCreate(f), newCmdUpdate(f), newCmdDelete(f),
		newCmdAdd(f, "workbook"), newCmdAdd(f, "datasource"))
	return cmd
}

func newCmdList(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdList(f, resources.ScheduleList, cmdutil.Help{
		Short: "List the server's schedules",
		Example: `  tabctl schedules list --filter type:eq:Extract
  tabctl schedules list --sort priority -o json`,
	}, &cmdutil.ListOptions{})
}

func newCmdGet(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdGet(f, resources.ScheduleItem, cmdutil.Help{
		Short:   "Show a schedule, by id or name, with when it runs",
		Example: `  tabctl schedules get Nightly -o json`,
	})
}

func newCmdDelete(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdDelete(f, resources.ScheduleItem, cmdutil.Deleter[tsc.Schedule]{
		Delete: func(ctx context.Context, c *tsc.Client, id string) error { return c.Schedules.Delete(ctx, id) },
		Describe: func(ctx context.Context, c *tsc.Client, s *tsc.Schedule) string {
			return "schedule " + s.Name + " and the tasks on it"
		},
	}, cmdutil.Help{Short: "Delete a schedule and the tasks on it"})
}

// FrequencyFlags say when a schedule runs.
type FrequencyFlags struct {
	Frequency  string
	Start, End string
	// Every is how often within the day: 15m, 30m, 1h, 2h, 4h, 6h, 8h,
	// 12h (24h on Daily schedules).
	Every     string
	WeekDays  []string
	MonthDays []string
}

func addFrequencyFlags(cmd *cobra.Command, fl *FrequencyFlags) {
	fs := cmd.Flags()
	fs.StringVar(&fl.Frequency, "frequency", "", "Hourly, Daily, Weekly or Monthly")
	fs.StringVar(&fl.Start, "start", "", "time of day it starts, HH:MM (UTC, on the quarter hour)")
	fs.StringVar(&fl.End, "end", "", "time of day of the last run, HH:MM (Hourly, and Daily with --every)")
	fs.StringVar(&fl.Every, "every", "", "how often within the day: 15m, 30m, 1h, 2h, 4h, 6h, 8h or 12h")
	fs.StringSliceVar(&fl.WeekDays, "weekday", nil, "a day it runs on (Monday...; repeat or comma-separate)")
	fs.StringSliceVar(&fl.MonthDays, "monthday", nil, "a day of the month it runs on: 1 to 31, LastDay, or First..Fifth/Last with --weekday")
}

// set reports whether any frequency flag was given.
func (fl *FrequencyFlags) set() bool {
	return fl.Frequency != "" || fl.Start != "" || fl.End != "" || fl.Every != "" || len(fl.WeekDays) > 0 || len(fl.MonthDays) > 0
}

// clock turns HH:MM into HH:MM:SS.
func clock(v string) string {
	if strings.Count(v, ":") == 1 {
		return v + ":00"
	}
	return v
}

// details builds the frequency and its details; the server checks them
// against Tableau's rules.
func (fl *FrequencyFlags) details() (string, *tsc.FrequencyDetails, error) {
	freq, err := cmdutil.OneOf("frequency", fl.Frequency, tsc.FrequencyHourly, tsc.FrequencyDaily, tsc.FrequencyWeekly, tsc.FrequencyMonthly)
	if err != nil {
		return "", nil, err
	}
	if freq == "" || fl.Start == "" {
		return "", nil, cmdutil.FlagErrorf("a schedule needs --frequency and --start")
	}
	fd := &tsc.FrequencyDetails{Start: clock(fl.Start)}
	if fl.End != "" {
		fd.End = clock(fl.End)
	}
	fd.Intervals = &tsc.IntervalList{}
	ivs := &fd.Intervals.Intervals
	if fl.Every != "" {
		e := strings.ToLower(fl.Every)
		switch {
		case strings.HasSuffix(e, "m"):
			*ivs = append(*ivs, tsc.Interval{Minutes: strings.TrimSuffix(e, "m")})
		case strings.HasSuffix(e, "h"):
			*ivs = append(*ivs, tsc.Interval{Hours: strings.TrimSuffix(e, "h")})
		default:
			return "", nil, cmdutil.FlagErrorf("--every %q is not minutes or hours (15m, 30m, 1h, 2h...)", fl.Every)
		}
		if n, err := strconv.Atoi(strings.TrimRight(e, "mh")); err != nil || n <= 0 {
			return "", nil, cmdutil.FlagErrorf("--every %q is not minutes or hours (15m, 30m, 1h, 2h...)", fl.Every)
		}
	}
	for _, d := range fl.WeekDays {
		*ivs = append(*ivs, tsc.Interval{WeekDay: d})
	}
	for _, d := range fl.MonthDays {
		*ivs = append(*ivs, tsc.Interval{MonthDay: d})
	}
	return freq, fd, nil
}

// CreateOptions are the settings of `schedules create`.
type CreateOptions struct {
	Output         cmdutil.OutputFlags
	Name           string
	Type           string
	Priority       int
	ExecutionOrder string
	Frequency      FrequencyFlags
}

func newCmdCreate(f *cmdutil.Factory) *cobra.Command {
	opts := &CreateOptions{}
	cmd := &cobra.Command{
		Use:   "create NAME",
		Short: "Create a server schedule (server administrators)",
		Long: `Create a server schedule. Tableau's rules apply: Hourly schedules need --end and
--every (15m, 30m, 1h, 2h, 4h, 6h, 8h or 12h; 15m and 30m start and end on the
hour); Daily ones may run every 2h to 12h until --end; Weekly ones name their
--weekday; Monthly ones name a --monthday (1-31, LastDay) or a relative day
(--monthday First --weekday Monday). Times are UTC.`,
		Example: `  tabctl schedules create Nightly --type Extract --frequency Daily --start 02:30
  tabctl schedules create "Business hours" --type Extract --frequency Hourly --start 08:00 --end 18:00 --every 2h
  tabctl schedules create Weekends --type Subscription --frequency Weekly --start 06:00 --weekday Saturday,Sunday
  tabctl schedules create "Month end" --type Extract --frequency Monthly --start 23:00 --monthday LastDay`,
		Args: cmdutil.ExactArgs(1, "the new schedule's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			return RunCreate(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	fs := cmd.Flags()
	fs.StringVar(&opts.Type, "type", "", "Extract, Subscription or Flow (required)")
	fs.IntVar(&opts.Priority, "priority", 0, "1 (first) to 100; the server's default is 50")
	fs.StringVar(&opts.ExecutionOrder, "execution-order", "", "Parallel (default) or Serial")
	addFrequencyFlags(cmd, &opts.Frequency)
	return cmd
}

// RunCreate creates the schedule and prints it.
func RunCreate(ctx context.Context, f *cmdutil.Factory, opts *CreateOptions) error {
	p, err := cmdutil.NewPrinter(resources.ScheduleTable, opts.Output)
	if err != nil {
		return err
	}
	typ, err := cmdutil.OneOf("type", opts.Type, tsc.ScheduleExtract, tsc.ScheduleSubscription, tsc.ScheduleFlow)
	if err != nil {
		return err
	}
	if typ == "" {
		return cmdutil.FlagErrorf("a schedule needs --type (Extract, Subscription or Flow)")
	}
	order, err := cmdutil.OneOf("execution-order", opts.ExecutionOrder, tsc.ScheduleParallel, tsc.ScheduleSerial)
	if err != nil {
		return err
	}
	freq, fd, err := opts.Frequency.details()
	if err != nil {
		return err
	}
	sch := tsc.Schedule{Name: opts.Name, Type: typ, ExecutionOrder: order, Frequency: freq, FrequencyDetails: fd}
	if opts.Priority != 0 {
		sch.Priority = tsc.Int(opts.Priority)
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	created, err := c.Schedules.Create(ctx, sch)
	if err != nil {
		return err
	}
	return p.One(f.IO.Out, resources.NewScheduleRow(*created))
}

// UpdateOptions are the settings of `schedules update`.
type UpdateOptions struct {
	Output         cmdutil.OutputFlags
	Ref            string
	Name           string
	Priority       int
	ExecutionOrder string
	State          string
	Frequency      FrequencyFlags
}

func newCmdUpdate(f *cmdutil.Factory) *cobra.Command {
	opts := &UpdateOptions{}
	cmd := &cobra.Command{
		Use:   "update SCHEDULE",
		Short: "Change a schedule: its name, priority, order, state or when it runs",
		Example: `  tabctl schedules update Nightly --state Suspended
  tabctl schedules update Nightly --frequency Daily --start 03:00 --priority 20`,
		Args: cmdutil.ExactArgs(1, "a schedule id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ref = args[0]
			return RunUpdate(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	fs := cmd.Flags()
	fs.StringVar(&opts.Name, "name", "", "new name")
	fs.IntVar(&opts.Priority, "priority", 0, "1 (first) to 100")
	fs.StringVar(&opts.ExecutionOrder, "execution-order", "", "Parallel or Serial")
	fs.StringVar(&opts.State, "state", "", "Active or Suspended")
	addFrequencyFlags(cmd, &opts.Frequency)
	return cmd
}

// RunUpdate changes the schedule and prints it.
func RunUpdate(ctx context.Context, f *cmdutil.Factory, opts *UpdateOptions) error {
	p, err := cmdutil.NewPrinter(resources.ScheduleTable, opts.Output)
	if err != nil {
		return err
	}
	order, err := cmdutil.OneOf("execution-order", opts.ExecutionOrder, tsc.ScheduleParallel, tsc.ScheduleSerial)
	if err != nil {
		return err
	}
	state, err := cmdutil.OneOf("state", opts.State, tsc.ScheduleActive, tsc.ScheduleSuspended)
	if err != nil {
		return err
	}
	sch := tsc.Schedule{Name: opts.Name, ExecutionOrder: order, State: state}
	if opts.Priority != 0 {
		sch.Priority = tsc.Int(opts.Priority)
	}
	if opts.Frequency.set() {
		if sch.Frequency, sch.FrequencyDetails, err = opts.Frequency.details(); err != nil {
			return err
		}
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	cur, err := resources.ResolveSchedule(ctx, c, opts.Ref)
	if err != nil {
		return err
	}
	sch.ID = cur.ID
	up, err := c.Schedules.Update(ctx, sch)
	if err != nil {
		return err
	}
	return p.One(f.IO.Out, resources.NewScheduleRow(*up))
}

// AddOptions are the settings of `schedules add-workbook` and
// `add-datasource`.
type AddOptions struct {
	Output   cmdutil.OutputFlags
	Schedule string
	// Content is the workbook's or data source's id, name or path;
	// Project narrows its name.
	Content, Project string
}

func newCmdAdd(f *cmdutil.Factory, kind string) *cobra.Command {
	opts := &AddOptions{}
	noun, arg := "workbook", "WORKBOOK"
	if kind == "datasource" {
		noun, arg = "data source", "DATASOURCE"
	}
	cmd := &cobra.Command{
		Use:     "add-" + kind + " SCHEDULE " + arg,
		Short:   "Refresh a " + noun + "'s extracts on an Extract schedule",
		Example: "  tabctl schedules add-" + kind + " Nightly Finance/Sales",
		Args:    cmdutil.ExactArgs(2, "a schedule and a "+noun),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Schedule, opts.Content = args[0], args[1]
			return RunAdd(cmd.Context(), f, kind, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	cmd.Flags().StringVar(&opts.Project, "project", "", "project (id, name or path) the "+noun+" is in, when its name repeats")
	return cmd
}

// RunAdd puts the content on the schedule and prints the task made.
func RunAdd(ctx context.Context, f *cmdutil.Factory, kind string, opts *AddOptions) error {
	p, err := cmdutil.NewPrinter(resources.TaskTable, opts.Output)
	if err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	sch, err := resources.ResolveSchedule(ctx, c, opts.Schedule)
	if err != nil {
		return err
	}
	var task *tsc.Task
	if kind == "workbook" {
		wb, err := resources.ResolveWorkbook(ctx, c, opts.Content, opts.Project)
		if err != nil {
			return err
		}
		task, err = c.Schedules.AddWorkbook(ctx, sch.ID, wb.ID)
		if err != nil {
			return err
		}
	} else {
		ds, err := resources.ResolveDatasource(ctx, c, opts.Content, opts.Project)
		if err != nil {
			return err
		}
		task, err = c.Schedules.AddDatasource(ctx, sch.ID, ds.ID)
		if err != nil {
			return err
		}
	}
	row := resources.NewTaskRow(*task)
	row.ScheduleID, row.ScheduleName, row.Frequency, row.NextRunAt = sch.ID, sch.Name, sch.Frequency, resources.Time(sch.NextRunAt)
	return p.One(f.IO.Out, row)
}
