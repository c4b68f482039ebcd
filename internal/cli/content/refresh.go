package content

import (
	"context"
	"time"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/jobs"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// RefreshOptions are the settings of `<noun> refresh`.
type RefreshOptions struct {
	Output cmdutil.OutputFlags
	Ref
	// Wait waits for the refresh job to end; Timeout bounds the wait.
	Wait    bool
	Timeout time.Duration
	// Incremental adds only new rows (REST 3.25).
	Incremental bool
}

// NewCmdRefresh builds `<noun> refresh ITEM`.
func NewCmdRefresh(f *cmdutil.Factory, k *Kind) *cobra.Command {
	opts := &RefreshOptions{}
	cmd := &cobra.Command{
		Use:   "refresh " + upper(k.Noun),
		Short: "Refresh the " + k.Noun + "'s extracts now and print the job",
		Long: `Start an extract refresh and print its job. With --incremental, only rows
added since the last refresh are fetched (servers from REST 3.25). With
--wait, wait for the job to end (a spinner shows its progress on a terminal)
and exit 1 if it fails.`,
		Example: "  tabctl " + k.command() + " refresh 3f2a... --wait --wait-timeout 30m",
		Args:    cmdutil.ExactArgs(1, "a "+k.Noun+" id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Item = args[0]
			return RunRefresh(cmd.Context(), f, k, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	addProject(cmd, k, &opts.Project)
	cmd.Flags().BoolVar(&opts.Incremental, "incremental", false, "refresh incrementally: fetch only new rows")
	cmdutil.AddWaitFlags(cmd, &opts.Wait, &opts.Timeout, "wait for the refresh to end")
	return cmd
}

// RunRefresh starts the refresh, waits when asked, and prints the job.
func RunRefresh(ctx context.Context, f *cmdutil.Factory, k *Kind, opts *RefreshOptions) error {
	p, err := cmdutil.NewPrinter(resources.JobTable, opts.Output)
	if err != nil {
		return err
	}
	if opts.Timeout < 0 || (opts.Timeout > 0 && !opts.Wait) {
		return cmdutil.FlagErrorf("--wait-timeout takes a positive duration and goes with --wait")
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	id, name, err := k.Resolve(ctx, c, opts.Item, opts.Project)
	if err != nil {
		return err
	}
	refresh := k.Refresh
	if opts.Incremental {
		refresh = k.RefreshIncremental
	}
	job, err := refresh(ctx, c, id)
	if err != nil {
		return err
	}
	return finishJob(ctx, f, c, p, job, opts.Wait, opts.Timeout, "Refreshing "+name)
}

// finishJob waits for a job when asked and prints it.
func finishJob(ctx context.Context, f *cmdutil.Factory, c *tsc.Client, p *cmdutil.Printer[resources.JobRow], job *tsc.Job,
	wait bool, timeout time.Duration, label string) error {
	var err error
	if wait {
		if job, err = jobs.Wait(ctx, f, c, job.ID, label, timeout); err != nil {
			return err
		}
	}
	return p.One(f.IO.Out, resources.NewJobRow(*job))
}
