package users

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// UpdateOptions are the settings of `users update`; only what is set
// changes.
type UpdateOptions struct {
	Output cmdutil.OutputFlags
	// User is an id or a name.
	User        string
	Role        string
	AuthSetting string
	FullName    string
	Email       string
	Password    tsc.Secret
}

func newCmdUpdate(f *cmdutil.Factory) *cobra.Command {
	opts := &UpdateOptions{}
	var pwStdin bool
	cmd := &cobra.Command{
		Use:   "update USER",
		Short: "Change a user's site role, name, email, password or authentication",
		Example: `  tabctl users update alice --role Creator
  tabctl users update 7f3e... --email alice@new.example.com`,
		Args: cmdutil.ExactArgs(1, "a user id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.User = args[0]
			if pwStdin {
				pw, err := readPassword(f)
				if err != nil {
					return err
				}
				opts.Password = pw
			}
			return RunUpdate(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	fl := cmd.Flags()
	fl.StringVar(&opts.Role, "role", "", "new site role")
	fl.StringVar(&opts.AuthSetting, "auth-setting", "", "ServerDefault, SAML, OpenID or TableauIDWithMFA")
	fl.StringVar(&opts.FullName, "full-name", "", "display name")
	fl.StringVar(&opts.Email, "email", "", "email address")
	fl.BoolVar(&pwStdin, "user-password-stdin", false, "read the new password from the first line of standard input")
	return cmd
}

// RunUpdate changes the user and prints them.
func RunUpdate(ctx context.Context, f *cmdutil.Factory, opts *UpdateOptions) error {
	p, err := cmdutil.NewPrinter(resources.UserTable, opts.Output)
	if err != nil {
		return err
	}
	role, err := parseRole("role", opts.Role)
	if err != nil {
		return err
	}
	if role == "" && opts.AuthSetting == "" && opts.FullName == "" && opts.Email == "" && opts.Password == "" {
		return cmdutil.FlagErrorf("nothing to update: give at least one of --role, --full-name, --email, --auth-setting, --user-password-stdin")
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	u, err := resources.ResolveUser(ctx, c, opts.User)
	if err != nil {
		return err
	}
	if _, err := c.Users.Update(ctx, tsc.User{ID: u.ID, SiteRole: role, AuthSetting: opts.AuthSetting,
		FullName: opts.FullName, Email: opts.Email, Password: opts.Password}); err != nil {
		return err
	}
	// The update's answer lacks the id and domain; the user's own answer has them.
	updated, err := c.Users.Get(ctx, u.ID)
	if err != nil {
		return err
	}
	return p.One(f.IO.Out, resources.NewUserRow(*updated))
}
