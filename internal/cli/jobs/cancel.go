package jobs

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// CancelOptions are the settings of `jobs cancel`.
type CancelOptions struct {
	ID string
}

func newCmdCancel(f *cmdutil.Factory) *cobra.Command {
	opts := &CancelOptions{}
	return &cobra.Command{
		Use:   "cancel ID",
		Short: "Ask the server to cancel a job (a finished job is left as it is)",
		Args:  cmdutil.ExactArgs(1, "a job id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			return RunCancel(cmd.Context(), f, opts)
		},
	}
}

// RunCancel cancels the job.
func RunCancel(ctx context.Context, f *cmdutil.Factory, opts *CancelOptions) error {
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	if err := c.Jobs.Cancel(ctx, opts.ID); err != nil {
		return err
	}
	f.Successf("Asked to cancel job %s\n", opts.ID)
	return nil
}
