package sites

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// DeleteOptions are the settings of `sites delete`. An empty ID is the
// current site.
type DeleteOptions struct {
	ID string
	// Yes skips the confirmation.
	Yes bool
}

func newCmdDelete(f *cmdutil.Factory) *cobra.Command {
	opts := &DeleteOptions{}
	cmd := &cobra.Command{
		Use:   "delete [ID]",
		Short: "Delete a site and everything on it (server administrators)",
		Long: `Delete a site and everything on it. Tableau deletes only the site you are
signed in to: sign in to it first ('tabctl login -t CONTENT_URL'). The
session ends with the site, so tabctl forgets it.`,
		Example: `  tabctl login -t research -u admin && tabctl sites delete`,
		Args:    cmdutil.RangeArgs(0, 1, "at most the site's id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.ID = args[0]
			}
			return RunDelete(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddYesFlag(cmd, &opts.Yes)
	return cmd
}

// RunDelete deletes the site, and forgets the saved session when it was
// on that site.
func RunDelete(ctx context.Context, f *cmdutil.Factory, opts *DeleteOptions) error {
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	id := opts.ID
	if id == "" {
		id = c.Session().SiteID
	}
	if err := cmdutil.ConfirmDelete(ctx, f, opts.Yes, func() string {
		s, err := c.Sites.Get(ctx, id)
		if err != nil {
			return "site " + id + " and everything on it"
		}
		return cmdutil.DescribeSite(ctx, c, s)
	}); err != nil {
		return err
	}
	if err := c.Sites.Delete(ctx, id); err != nil {
		return err
	}
	f.Successf("Deleted site %s\n", id)
	if id == c.Session().SiteID {
		if err := f.Forget(ctx); err != nil {
			return err
		}
		f.IO.Infof("The session was on that site and has ended: run 'tabctl login' to sign in again\n")
	}
	return nil
}
