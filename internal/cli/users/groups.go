package users

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// GroupsOptions are the settings of `users groups`.
type GroupsOptions struct {
	Output cmdutil.OutputFlags
	List   cmdutil.ListFlags
	// User is an id or a name.
	User string
}

func newCmdGroups(f *cmdutil.Factory) *cobra.Command {
	opts := &GroupsOptions{}
	cmd := &cobra.Command{
		Use:     "groups USER",
		Short:   "List the groups a user belongs to",
		Example: `  tabctl users groups alice`,
		Args:    cmdutil.ExactArgs(1, "a user id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.User = args[0]
			return RunGroups(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	cmdutil.AddListFlags(cmd, &opts.List)
	return cmd
}

// RunGroups prints the user's groups.
func RunGroups(ctx context.Context, f *cmdutil.Factory, opts *GroupsOptions) error {
	p, err := cmdutil.NewPrinter(resources.GroupTable, opts.Output)
	if err != nil {
		return err
	}
	if _, err := opts.List.ListOptions(); err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	u, err := resources.ResolveUser(ctx, c, opts.User)
	if err != nil {
		return err
	}
	items, total, err := cmdutil.Fetch(ctx, &opts.List, func(ctx context.Context, o tsc.ListOptions) ([]tsc.Group, tsc.Pagination, error) {
		return c.Users.Groups(ctx, u.ID, o)
	})
	if err != nil {
		return err
	}
	if err := p.List(f.IO.Out, resources.Map(items, resources.NewGroupRow)); err != nil {
		return err
	}
	f.NoteTruncated(len(items), total, "groups")
	return nil
}
