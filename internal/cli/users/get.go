package users

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// GetOptions are the settings of `users get`.
type GetOptions struct {
	Output cmdutil.OutputFlags
	// User is an id or a name.
	User string
}

func newCmdGet(f *cmdutil.Factory) *cobra.Command {
	opts := &GetOptions{}
	cmd := &cobra.Command{
		Use:     "get USER",
		Short:   "Show a user, by id or name",
		Example: `  tabctl users get alice -o json`,
		Args:    cmdutil.ExactArgs(1, "a user id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.User = args[0]
			return RunGet(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	return cmd
}

// RunGet prints one user.
func RunGet(ctx context.Context, f *cmdutil.Factory, opts *GetOptions) error {
	p, err := cmdutil.NewPrinter(resources.UserTable, opts.Output)
	if err != nil {
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
	if u.Domain == nil {
		// A list entry lacks some fields; the user's own answer has them all.
		if full, err := c.Users.Get(ctx, u.ID); err == nil {
			u = full
		}
	}
	return p.One(f.IO.Out, resources.NewUserRow(*u))
}
