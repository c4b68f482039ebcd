package groups

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// DeleteOptions are the settings of `groups delete`.
type DeleteOptions struct {
	// Group is an id or a name.
	Group string
	// Yes skips the confirmation.
	Yes bool
}

func newCmdDelete(f *cmdutil.Factory) *cobra.Command {
	opts := &DeleteOptions{}
	cmd := &cobra.Command{
		Use:   "delete GROUP",
		Short: "Delete a group (not its users)",
		Args:  cmdutil.ExactArgs(1, "a group id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Group = args[0]
			return RunDelete(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddYesFlag(cmd, &opts.Yes)
	return cmd
}

// RunDelete deletes the group.
func RunDelete(ctx context.Context, f *cmdutil.Factory, opts *DeleteOptions) error {
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	g, err := resources.ResolveGroup(ctx, c, opts.Group)
	if err != nil {
		return err
	}
	if err := cmdutil.ConfirmDelete(ctx, f, opts.Yes, func() string { return cmdutil.DescribeGroup(ctx, c, g) }); err != nil {
		return err
	}
	if err := c.Groups.Delete(ctx, g.ID); err != nil {
		return err
	}
	f.Successf("Deleted group %s (%s)\n", g.Name, g.ID)
	return nil
}
