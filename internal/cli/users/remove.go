package users

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// RemoveOptions are the settings of `users remove`.
type RemoveOptions struct {
	// User is an id or a name.
	User string
	// MapAssetsTo, an id or a name, receives the removed user's content.
	MapAssetsTo string
	// Yes skips the confirmation.
	Yes bool
}

func newCmdRemove(f *cmdutil.Factory) *cobra.Command {
	opts := &RemoveOptions{}
	cmd := &cobra.Command{
		Use:     "remove USER",
		Aliases: []string{"delete"},
		Short:   "Remove a user from the site",
		Long: `Remove a user from the site. A user who owns content cannot be removed
unless --map-assets-to names the user who takes it over.`,
		Example: `  tabctl users remove bob --map-assets-to alice`,
		Args:    cmdutil.ExactArgs(1, "a user id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.User = args[0]
			return RunRemove(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddYesFlag(cmd, &opts.Yes)
	cmd.Flags().StringVar(&opts.MapAssetsTo, "map-assets-to", "", "give the user's content to this user (id or name)")
	return cmd
}

// RunRemove removes the user.
func RunRemove(ctx context.Context, f *cmdutil.Factory, opts *RemoveOptions) error {
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	u, err := resources.ResolveUser(ctx, c, opts.User)
	if err != nil {
		return err
	}
	heir := ""
	if opts.MapAssetsTo != "" {
		to, err := resources.ResolveUser(ctx, c, opts.MapAssetsTo)
		if err != nil {
			return err
		}
		heir = to.ID
	}
	if err := cmdutil.ConfirmDelete(ctx, f, opts.Yes, func() string { return cmdutil.DescribeUser(ctx, c, u, opts.MapAssetsTo) }); err != nil {
		return err
	}
	if err := c.Users.Remove(ctx, u.ID, heir); err != nil {
		return err
	}
	f.Successf("Removed user %s (%s)\n", u.Name, u.ID)
	return nil
}
