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
		Long: `Delete a site and everything on it: the current site, or the one whose id
is given. Tableau deletes a site only from a session on it: for another site,
tabctl signs in there on the side with the credentials given (-u/-p, a token,
or the environment), so the saved session stays on its own site. Deleting
the current site ends the session, and tabctl forgets it.

On a terminal, tabctl shows what goes and asks first; --yes skips the question,
and is needed when standard input is not a terminal.`,
		Example: `  tabctl login -t research -u admin && tabctl sites delete
  tabctl sites delete 9c1f... -u admin --password-file ~/.tableau-password --yes`,
		Args: cmdutil.RangeArgs(0, 1, "at most the site's id"),
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

// RunDelete deletes the site, from a session of its own when it is not the
// saved session's site, and forgets the saved session when it was on it.
func RunDelete(ctx context.Context, f *cmdutil.Factory, opts *DeleteOptions) error {
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	id := opts.ID
	if id == "" {
		id = c.Session().SiteID
	}
	on := c
	if id != c.Session().SiteID {
		s, err := c.Sites.Get(ctx, id)
		if err != nil {
			return err
		}
		if on, err = f.SignInElsewhere(ctx, s.ContentURL, "deleting "+cmdutil.SiteLabel(s.ContentURL)); err != nil {
			return err
		}
		// The session on the side ends with its site; when the site stays
		// (no, or a failure), it is signed out rather than left open.
		defer on.SignOut(context.WithoutCancel(ctx))
	}
	if err := cmdutil.ConfirmDelete(ctx, f, opts.Yes, func() string {
		s, err := on.Sites.Get(ctx, id)
		if err != nil {
			return "site " + id + " and everything on it"
		}
		return cmdutil.DescribeSite(ctx, on, s)
	}); err != nil {
		return err
	}
	if err := on.Sites.Delete(ctx, id); err != nil {
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
