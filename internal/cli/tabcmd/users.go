package tabcmd

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// CreateSiteUsersOptions are the inputs of `tabctl createsiteusers`.
type CreateSiteUsersOptions struct {
	// File is the CSV file of users, in tabcmd's column order.
	File string
	// Role is the site role of lines that give no license level,
	// administrator level and publisher; empty means Unlicensed.
	Role string
	// AuthType, when set, is every user's authentication (ServerDefault,
	// SAML, OpenID, TableauIDWithMFA), over the file's column.
	AuthType string
	Complete bool
}

// NewCmdCreateSiteUsers builds `tabctl createsiteusers`.
func NewCmdCreateSiteUsers(f *cmdutil.Factory) *cobra.Command {
	opts := &CreateSiteUsersOptions{}
	cmd := &cobra.Command{
		Use:   "createsiteusers FILE.csv",
		Short: "Add the users of a CSV file to the site (tabcmd createsiteusers)",
		Long: `Add users to the current site from a CSV file without a header, one user per
line, in tabcmd's column order (only the user name is required):

  user name, password, display name, license level, administrator level,
  publisher, email, authentication type

License level is creator, explorer, viewer or unlicensed; administrator
level system, site or none; publisher yes or no (true/false, 1/0). Together
they give the site role, as tabcmd maps them:

  system                          -> ServerAdministrator
  site with creator               -> SiteAdministratorCreator
  site with explorer or viewer    -> SiteAdministratorExplorer
  none, publisher, creator        -> Creator
  none, publisher, explorer       -> ExplorerCanPublish
  none, not publisher, creator or explorer -> Explorer
  none, not publisher, viewer     -> Viewer
  anything else                   -> Unlicensed

A line without those three columns is Unlicensed. --role, as in tabcmd, is
every user's role, whatever the columns say; it takes the site roles and
tabcmd's legacy names (Publisher is ExplorerCanPublish, Interactor is Explorer,
SiteAdministrator is SiteAdministratorExplorer).
(tabcmd sends the legacy role SiteAdministrator for "system", which current
servers refuse; tabctl sends ServerAdministrator.)

By default (--complete) nothing changes unless every line is valid; invalid
lines are listed with their line numbers. Users already on the site are
skipped.`,
		Example: `  tabctl createsiteusers users.csv
  tabctl createsiteusers viewers.csv --role Viewer --auth-type SAML --no-complete`,
		Args: cmdutil.ExactArgs(1, "the CSV file of users"),
	}
	complete := completeFlags(cmd)
	cmd.Flags().StringVarP(&opts.Role, "role", "r", "", "every user's site role, whatever the file says (tabcmd's Publisher and Interactor too)")
	cmd.Flags().StringVar(&opts.AuthType, "auth-type", "", "every user's authentication: ServerDefault, SAML, OpenID or TableauIDWithMFA")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		opts.File = args[0]
		opts.Complete = complete()
		return RunCreateSiteUsers(cmd.Context(), f, opts)
	}
	return cmd
}

// RunCreateSiteUsers adds the file's users to the site.
func RunCreateSiteUsers(ctx context.Context, f *cmdutil.Factory, opts *CreateSiteUsersOptions) error {
	role := tsc.SiteRoleUnlicensed
	if opts.Role != "" {
		r, err := tabcmdRole(opts.Role)
		if err != nil {
			return err
		}
		role = r
	}
	auth := ""
	if opts.AuthType != "" {
		a, err := cmdutil.OneOf("auth-type", opts.AuthType, authSettings...)
		if err != nil {
			return err
		}
		auth = a
	}
	users, bad, err := readUserDetails(opts.File, role, auth)
	if err != nil {
		return err
	}
	if opts.Role != "" {
		// As in tabcmd, --role is every user's role, whatever the file's columns say.
		for i := range users {
			users[i].Role = role
		}
	}
	if err := badLines(f, opts.File, bad, opts.Complete); err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	r := &fileReport{f: f, file: filepath.Base(opts.File)}
	for _, u := range users {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		added, err := c.Users.Add(ctx, tsc.User{Name: u.Name, SiteRole: u.Role, AuthSetting: u.AuthSetting})
		if errors.Is(err, tsc.ErrConflict) {
			r.skip(u.Line, "%s is already on the site", u.Name)
			continue
		}
		if err != nil {
			r.fail(u.Line, fmt.Errorf("adding %s: %w", u.Name, err))
			continue
		}
		// The REST API takes the name and role on adding; the rest is an update.
		if u.Password != "" || u.DisplayName != "" || u.Email != "" {
			_, err := c.Users.Update(ctx, tsc.User{ID: added.ID, FullName: u.DisplayName, Email: u.Email, Password: tsc.Secret(u.Password)})
			if err != nil {
				r.fail(u.Line, fmt.Errorf("%s was added, but setting the display name, email or password failed: %w", u.Name, err))
				continue
			}
		}
		r.ok(u.Line, "added %s as %s", u.Name, added.SiteRole)
	}
	f.Successf("Added %s to site %s", plural(r.done, "user", "users"), siteLabel(c.Session().SiteContentURL))
	if r.skipped > 0 {
		f.Successf(" (%d skipped)", r.skipped)
	}
	f.Successf("\n")
	if r.failed > 0 {
		return fmt.Errorf("%s failed (see above)", plural(r.failed, "user", "users"))
	}
	return nil
}

// DeleteSiteUsersOptions are the inputs of `tabctl deletesiteusers`.
type DeleteSiteUsersOptions struct {
	// File is a CSV file of user names, one per line.
	File     string
	Complete bool
}

// NewCmdDeleteSiteUsers builds `tabctl deletesiteusers`.
func NewCmdDeleteSiteUsers(f *cmdutil.Factory) *cobra.Command {
	opts := &DeleteSiteUsersOptions{}
	cmd := &cobra.Command{
		Use:   "deletesiteusers FILE.csv",
		Short: "Remove the users listed in a CSV file from the site (tabcmd deletesiteusers)",
		Long: `Remove users from the current site. The file lists one user name per line
(further columns are ignored). A user who owns content cannot be removed: move
the content first. By default (--complete) nothing changes unless every line
names a user of the site.`,
		Example: `  tabctl deletesiteusers leavers.csv
  tabctl deletesiteusers leavers.csv --no-complete`,
		Args: cmdutil.ExactArgs(1, "the CSV file of user names"),
	}
	complete := completeFlags(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		opts.File = args[0]
		opts.Complete = complete()
		return RunDeleteSiteUsers(cmd.Context(), f, opts)
	}
	return cmd
}

// RunDeleteSiteUsers removes the file's users from the site.
func RunDeleteSiteUsers(ctx context.Context, f *cmdutil.Factory, opts *DeleteSiteUsersOptions) error {
	names, bad, err := readUsernames(opts.File)
	if err != nil {
		return err
	}
	if err := badLines(f, opts.File, bad, opts.Complete); err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	users, names, bad, err := resolveNames(ctx, c, opts.File, names)
	if err != nil {
		return err
	}
	if err := badLines(f, opts.File, bad, opts.Complete); err != nil {
		return err
	}
	self := c.Session().UserID
	r := &fileReport{f: f, file: filepath.Base(opts.File)}
	for i, u := range users {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if u.ID == self {
			r.skip(names[i].Line, "%s is you", u.Name)
			continue
		}
		if err := c.Users.Remove(ctx, u.ID, ""); err != nil {
			r.fail(names[i].Line, fmt.Errorf("removing %s: %w", u.Name, err))
			continue
		}
		r.ok(names[i].Line, "removed %s", u.Name)
	}
	f.Successf("Removed %s from site %s", plural(r.done, "user", "users"), siteLabel(c.Session().SiteContentURL))
	if r.skipped > 0 {
		f.Successf(" (%d skipped)", r.skipped)
	}
	f.Successf("\n")
	if r.failed > 0 {
		return fmt.Errorf("%s failed (see above)", plural(r.failed, "user", "users"))
	}
	return nil
}
