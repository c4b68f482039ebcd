// Package tasks holds `tabctl tasks`: the site's extract refresh tasks
// (list, get, run now, delete). On Tableau Server a task is made by adding
// content to a schedule (`tabctl schedules add-workbook`).
package tasks

import (
	"context"
	"time"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/jobs"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// NewCmdTasks builds `tabctl tasks` and its verbs.
func NewCmdTasks(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "tasks <command>",
		Short: "List, run and delete the site's extract refresh tasks",
		Args:  cmdutil.NoArgs,
	}
	cmd.AddCommand(newCmdList(f), newCmdGet(f), newCmdRun(f), newCmdDelete(f))
	return cmd
}

func newCmdList(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdList(f, resources.TaskList, cmdutil.Help{
		Short: "List the site's extract refresh tasks you may see (administrators: all; others: their content's)",
		Example: `  tabctl tasks list
  tabctl tasks list -o json`,
	}, &cmdutil.ListOptions{})
}

func newCmdGet(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdGet(f, resources.TaskItem, cmdutil.Help{
		Short: "Show a task: what it refreshes, on which schedule, and its failures in a row",
	})
}

func newCmdDelete(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdDelete(f, resources.TaskItem, cmdutil.Deleter[tsc.Task]{
		Delete: func(ctx context.Context, c *tsc.Client, id string) error { return c.Tasks.Delete(ctx, id) },
	}, cmdutil.Help{Short: "Delete a task: its content is no longer refreshed on its schedule"})
}

// RunOptions are the settings of `tasks run`.
type RunOptions struct {
	Output      cmdutil.OutputFlags
	ID          string
	Wait        bool
	WaitTimeout time.Duration
}

func newCmdRun(f *cmdutil.Factory) *cobra.Command {
	opts := &RunOptions{}
	cmd := &cobra.Command{
		Use:     "run ID",
		Short:   "Run a task now, whatever its schedule, and print the job it started",
		Example: `  tabctl tasks run 5c8ba4a1-... --wait`,
		Args:    cmdutil.ExactArgs(1, "a task id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			return RunRun(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	cmdutil.AddWaitFlags(cmd, &opts.Wait, &opts.WaitTimeout, "wait for the job to end and print how it ended")
	return cmd
}

// RunRun runs the task and prints its job (once ended, with --wait).
func RunRun(ctx context.Context, f *cmdutil.Factory, opts *RunOptions) error {
	p, err := cmdutil.NewPrinter(resources.JobTable, opts.Output)
	if err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	job, err := c.Tasks.Run(ctx, opts.ID)
	if err != nil {
		return err
	}
	if opts.Wait {
		if job, err = jobs.Wait(ctx, f, c, job.ID, "Running task "+opts.ID, opts.WaitTimeout); err != nil {
			return err
		}
	}
	return p.One(f.IO.Out, resources.NewJobRow(*job))
}
