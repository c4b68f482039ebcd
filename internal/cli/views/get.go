package views

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// GetOptions are the settings of `views get`.
type GetOptions struct {
	Output cmdutil.OutputFlags
	ID     string
}

func newCmdGet(f *cmdutil.Factory) *cobra.Command {
	opts := &GetOptions{}
	cmd := &cobra.Command{
		Use:   "get ID",
		Short: "Show a view",
		Args:  cmdutil.ExactArgs(1, "a view id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			return RunGet(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	return cmd
}

// RunGet prints one view.
func RunGet(ctx context.Context, f *cmdutil.Factory, opts *GetOptions) error {
	p, err := cmdutil.NewPrinter(resources.ViewTable, opts.Output)
	if err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	v, err := c.Views.Get(ctx, opts.ID)
	if err != nil {
		return err
	}
	return p.One(f.IO.Out, resources.NewViewRow(*v))
}
