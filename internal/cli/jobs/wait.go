package jobs

import (
	"context"
	"time"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// WaitOptions are the settings of `jobs wait`.
type WaitOptions struct {
	Output cmdutil.OutputFlags
	ID     string
	// Timeout bounds the wait; zero waits as long as the job runs.
	Timeout time.Duration
}

func newCmdWait(f *cmdutil.Factory) *cobra.Command {
	opts := &WaitOptions{}
	cmd := &cobra.Command{
		Use:   "wait ID",
		Short: "Wait for a job to end; exit 1 if it fails or is cancelled",
		Long: `Wait for a job to end, polling with growing intervals, and print it. On a
terminal a spinner shows the job's progress. A job that fails or is
cancelled exits with 1 and its notes.`,
		Example: `  tabctl jobs wait 4c1f... --wait-timeout 30m`,
		Args:    cmdutil.ExactArgs(1, "a job id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			return RunWait(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	cmd.Flags().DurationVar(&opts.Timeout, "wait-timeout", 0, "give up waiting after this long, e.g. 30m (0: no limit; --timeout bounds each request)")
	return cmd
}

// RunWait waits for the job and prints it.
func RunWait(ctx context.Context, f *cmdutil.Factory, opts *WaitOptions) error {
	p, err := cmdutil.NewPrinter(resources.JobTable, opts.Output)
	if err != nil {
		return err
	}
	if opts.Timeout < 0 {
		return cmdutil.FlagErrorf("--wait-timeout %s is negative", opts.Timeout)
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	job, err := Wait(ctx, f, c, opts.ID, "Waiting for job "+opts.ID, opts.Timeout)
	if err != nil {
		return err
	}
	return p.One(f.IO.Out, resources.NewJobRow(*job))
}
