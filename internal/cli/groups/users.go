package groups

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// UsersOptions are the settings of `groups users`.
type UsersOptions struct {
	Output cmdutil.OutputFlags
	List   cmdutil.ListFlags
	// Group is an id or a name.
	Group string
}

func newCmdUsers(f *cmdutil.Factory) *cobra.Command {
	opts := &UsersOptions{}
	cmd := &cobra.Command{
		Use:     "users GROUP",
		Short:   "List a group's members",
		Example: `  tabctl groups users Analysts --sort name`,
		Args:    cmdutil.ExactArgs(1, "a group id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Group = args[0]
			return RunUsers(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	cmdutil.AddListFlags(cmd, &opts.List)
	return cmd
}

// RunUsers prints the group's members.
func RunUsers(ctx context.Context, f *cmdutil.Factory, opts *UsersOptions) error {
	p, err := cmdutil.NewPrinter(resources.UserTable, opts.Output)
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
	g, err := resources.ResolveGroup(ctx, c, opts.Group)
	if err != nil {
		return err
	}
	items, total, err := cmdutil.Fetch(ctx, &opts.List, func(ctx context.Context, o tsc.ListOptions) ([]tsc.User, tsc.Pagination, error) {
		return c.Groups.Users(ctx, g.ID, o)
	})
	if err != nil {
		return err
	}
	if err := p.List(f.IO.Out, resources.Map(items, resources.NewUserRow)); err != nil {
		return err
	}
	f.NoteTruncated(len(items), total, "members")
	return nil
}
