package tabcmd

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/jobs"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// RunScheduleOptions are the inputs of `tabctl runschedule`.
type RunScheduleOptions struct {
	// Schedule is the schedule's name (or id).
	Schedule string
	// Synchronous waits for the jobs to end.
	Synchronous bool
}

// NewCmdRunSchedule builds `tabctl runschedule`, tabcmd's "Run a schedule":
// every extract refresh task of the current site on the schedule runs now.
func NewCmdRunSchedule(f *cmdutil.Factory) *cobra.Command {
	opts := &RunScheduleOptions{}
	cmd := &cobra.Command{
		Use:   "runschedule SCHEDULE",
		Short: "Run a schedule now: its extract refreshes on the current site (tabcmd runschedule)",
		Long: `Run the named schedule now, as it is on the server: each extract refresh task of
the current site on the schedule starts a job, whatever the schedule's next run.

tabcmd 1 ran the schedule. tabcmd 2 has the command's code but leaves it out of
its command list (the code ends in "Not yet implemented"), so it answers
"invalid choice". tabctl runs it, through the REST API's Run Extract Refresh
Task for each of the schedule's tasks on the site (schedules of other types run
nothing).`,
		Example: `  tabctl runschedule Nightly
  tabctl runschedule "Business hours" --synchronous`,
		Args: cmdutil.ExactArgs(1, "the schedule's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Schedule = args[0]
			return RunRunSchedule(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Synchronous, "synchronous", false, "wait for the schedule's jobs to end")
	return cmd
}

// RunRunSchedule runs the schedule's tasks of the current site.
func RunRunSchedule(ctx context.Context, f *cmdutil.Factory, opts *RunScheduleOptions) error {
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	sch, err := resources.ResolveSchedule(ctx, c, opts.Schedule)
	if err != nil {
		return err
	}
	tasks, err := c.Tasks.List(ctx)
	if err != nil {
		return err
	}
	f.Successf("Running schedule '%s' on the server...\n", sch.Name)
	var started []string
	for _, t := range tasks {
		row := resources.NewTaskRow(t)
		if row.ScheduleID != sch.ID {
			continue
		}
		job, err := c.Tasks.Run(ctx, row.ID)
		if err != nil {
			return fmt.Errorf("running the refresh of %s %s: %w", row.ContentType, row.ContentID, err)
		}
		f.Successf("Refresh of %s %s queued as job %s\n", row.ContentType, row.ContentID, job.ID)
		started = append(started, job.ID)
	}
	if len(started) == 0 {
		f.Successf("Schedule '%s' has no extract refresh on this site: nothing to run\n", sch.Name)
		return nil
	}
	if !opts.Synchronous {
		return nil
	}
	for _, id := range started {
		done, err := jobs.Wait(ctx, f, c, id, "Running schedule "+sch.Name, 0)
		if err != nil {
			return err
		}
		f.Successf("Job %s succeeded\n", done.ID)
	}
	return nil
}
