package tabcmd

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

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
skipped.

Servers with REST API 3.15 or later get the new users in one request (Import
Users to Site from CSV File, run as a job); a line the server refuses is
reported with its line number in the file. Older servers get one request per
user.`,
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
	if !c.Version().Less(bulkImportVersion) {
		done, err := createSiteUsersInBulk(ctx, c, r, users)
		if done || err != nil {
			return r.summary(c, err)
		}
		// The server has no bulk import (404): one user at a time.
	}
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
	return r.summary(c, nil)
}

// summary ends createsiteusers: the count line, and an error when a user
// failed (or err).
func (r *fileReport) summary(c *tsc.Client, err error) error {
	if err != nil {
		return err
	}
	r.f.Successf("Added %s to site %s", plural(r.done, "user", "users"), siteLabel(c.Session().SiteContentURL))
	if r.skipped > 0 {
		r.f.Successf(" (%d skipped)", r.skipped)
	}
	r.f.Successf("\n")
	if r.failed > 0 {
		return fmt.Errorf("%s failed (see above)", plural(r.failed, "user", "users"))
	}
	return nil
}

// bulkImportVersion is the REST API version of Import Users to Site from
// CSV File: from it, createsiteusers sends the file's new users in one
// request, as one job, instead of a request (or two) per user.
var bulkImportVersion = tsc.Version{Major: 3, Minor: 15}

// createSiteUsersInBulk adds the users with one import job: users already
// on the site are skipped first (the import would update them, where
// createsiteusers leaves them as they are), the rest imported, and the
// job's per-line errors reported against the file's own line numbers.
// done is false when the server answers 404 (it has no import): nothing
// was changed, and the caller adds the users one by one.
func createSiteUsersInBulk(ctx context.Context, c *tsc.Client, r *fileReport, users []userLine) (done bool, err error) {
	existing, err := namesOnSite(ctx, c, users)
	if err != nil {
		return true, err
	}
	var fresh []userLine
	var batch []tsc.User
	for _, u := range users {
		if existing[strings.ToLower(u.Name)] {
			r.skip(u.Line, "%s is already on the site", u.Name)
			continue
		}
		fresh = append(fresh, u)
		batch = append(batch, tsc.User{Name: u.Name, SiteRole: u.Role, AuthSetting: u.AuthSetting, FullName: u.DisplayName,
			Email: u.Email, Password: tsc.Secret(u.Password)})
	}
	if len(fresh) == 0 {
		return true, nil
	}
	job, err := c.Users.ImportUsers(ctx, batch)
	if errors.Is(err, tsc.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return true, err
	}
	finished, err := c.Jobs.Wait(ctx, job.ID, tsc.WaitOptions{})
	jobFailed := errors.Is(err, tsc.ErrJobFailed)
	if err != nil && !jobFailed {
		return true, err
	}
	if finished == nil {
		return true, err
	}
	// "line N for user 'x': why", N a line of the file sent (fresh[N-1]).
	failed := map[int]string{}
	for _, e := range finished.UserImportReport().LineErrors {
		var n int
		if _, err := fmt.Sscanf(e, "line %d for user", &n); err == nil && n >= 1 && n <= len(fresh) {
			if i := strings.Index(e, "': "); i >= 0 {
				failed[n] = e[i+3:]
			} else {
				failed[n] = e
			}
		}
	}
	for i, u := range fresh {
		if why, bad := failed[i+1]; bad {
			r.fail(u.Line, fmt.Errorf("adding %s: %s", u.Name, why))
			continue
		}
		if jobFailed {
			r.fail(u.Line, fmt.Errorf("adding %s: the import failed", u.Name))
			continue
		}
		r.ok(u.Line, "added %s as %s", u.Name, u.Role)
	}
	return true, nil
}

// namesOnSite says which of the users' names are on the site already, by
// name filters of at most 100 names a request.
func namesOnSite(ctx context.Context, c *tsc.Client, users []userLine) (map[string]bool, error) {
	out := map[string]bool{}
	for start := 0; start < len(users); start += 100 {
		end := min(start+100, len(users))
		names := make([]string, 0, end-start)
		for _, u := range users[start:end] {
			names = append(names, u.Name)
		}
		for u, err := range c.Users.All(ctx, tsc.ListOptions{Filters: []tsc.Filter{tsc.In("name", names...)}}) {
			if err != nil {
				return nil, err
			}
			out[strings.ToLower(u.Name)] = true
		}
	}
	return out, nil
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
