package users

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// AddOptions are the settings of `users add`. Full name, email and
// password, when given, are set by an update right after adding, as the
// REST API requires.
type AddOptions struct {
	Output      cmdutil.OutputFlags
	Name        string
	Role        string
	AuthSetting string
	FullName    string
	Email       string
	// Password is the new user's password (from --user-password-stdin).
	Password tsc.Secret
}

func newCmdAdd(f *cmdutil.Factory) *cobra.Command {
	opts := &AddOptions{}
	var pwStdin bool
	cmd := &cobra.Command{
		Use:     "add NAME --role ROLE",
		Aliases: []string{"create"},
		Short:   "Add a user to the site",
		Example: `  tabctl users add alice --role Explorer --full-name "Alice Martin" --email alice@example.com
  echo "$PW" | tabctl users add bob --role Viewer --user-password-stdin`,
		Args: cmdutil.ExactArgs(1, "the user's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if pwStdin {
				pw, err := readPassword(f)
				if err != nil {
					return err
				}
				opts.Password = pw
			}
			return RunAdd(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	fl := cmd.Flags()
	fl.StringVar(&opts.Role, "role", "", "site role (required): Creator, Explorer, ExplorerCanPublish, Viewer, Unlicensed, SiteAdministratorCreator, ...")
	fl.StringVar(&opts.AuthSetting, "auth-setting", "", "ServerDefault, SAML, OpenID or TableauIDWithMFA")
	fl.StringVar(&opts.FullName, "full-name", "", "display name")
	fl.StringVar(&opts.Email, "email", "", "email address")
	fl.BoolVar(&pwStdin, "user-password-stdin", false, "read the new user's password from the first line of standard input")
	return cmd
}

// RunAdd adds the user and prints them.
func RunAdd(ctx context.Context, f *cmdutil.Factory, opts *AddOptions) error {
	p, err := cmdutil.NewPrinter(resources.UserTable, opts.Output)
	if err != nil {
		return err
	}
	u, err := Add(ctx, f, opts)
	if err != nil {
		return err
	}
	return p.One(f.IO.Out, resources.NewUserRow(*u))
}

// Add adds the user without printing (opts.Output is ignored).
func Add(ctx context.Context, f *cmdutil.Factory, opts *AddOptions) (*tsc.User, error) {
	if opts.Name == "" {
		return nil, cmdutil.FlagErrorf("the user needs a name")
	}
	if opts.Role == "" {
		return nil, cmdutil.FlagErrorf("the user needs a site role: --role Viewer, Explorer, Creator, ...")
	}
	role, err := parseRole("role", opts.Role)
	if err != nil {
		return nil, err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return nil, err
	}
	u, err := c.Users.Add(ctx, tsc.User{Name: opts.Name, SiteRole: role, AuthSetting: opts.AuthSetting})
	if err != nil {
		return nil, err
	}
	if opts.FullName == "" && opts.Email == "" && opts.Password == "" {
		return u, nil
	}
	if _, err := c.Users.Update(ctx, tsc.User{ID: u.ID, FullName: opts.FullName, Email: opts.Email, Password: opts.Password}); err != nil {
		return nil, err
	}
	return c.Users.Get(ctx, u.ID)
}
