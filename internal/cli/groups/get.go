package groups

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// GetOptions are the settings of `groups get`.
type GetOptions struct {
	Output cmdutil.OutputFlags
	// Group is an id or a name.
	Group string
}

func newCmdGet(f *cmdutil.Factory) *cobra.Command {
	opts := &GetOptions{}
	cmd := &cobra.Command{
		Use:     "get GROUP",
		Short:   "Show a group, by id or name",
		Example: `  tabctl groups get Analysts -o json`,
		Args:    cmdutil.ExactArgs(1, "a group id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Group = args[0]
			return RunGet(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	return cmd
}

// RunGet prints one group.
func RunGet(ctx context.Context, f *cmdutil.Factory, opts *GetOptions) error {
	p, err := cmdutil.NewPrinter(resources.GroupTable, opts.Output)
	if err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	g, err := resources.ResolveGroup(ctx, c, opts.Group)
	if err != nil {
		return err
	}
	return p.One(f.IO.Out, resources.NewGroupRow(*g))
}
