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
	"github.com/tsc-go/tsc/internal/cli/groups"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// CreateGroupOptions are the inputs of `tabctl creategroup`.
type CreateGroupOptions struct {
	Name             string
	ContinueIfExists bool
}

// NewCmdCreateGroup builds `tabctl creategroup`.
func NewCmdCreateGroup(f *cmdutil.Factory) *cobra.Command {
	opts := &CreateGroupOptions{}
	cmd := &cobra.Command{
		Use:   "creategroup NAME",
		Short: "Create a local group (tabcmd creategroup)",
		Example: `  tabctl creategroup Developers
  tabctl creategroup Developers --continue-if-exists`,
		Args: cmdutil.ExactArgs(1, "the group's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			return RunCreateGroup(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.ContinueIfExists, "continue-if-exists", false, "succeed when the group already exists")
	return cmd
}

// RunCreateGroup creates the group, through the noun-verb command's Create.
func RunCreateGroup(ctx context.Context, f *cmdutil.Factory, opts *CreateGroupOptions) error {
	g, err := groups.Create(ctx, f, &groups.CreateOptions{Name: opts.Name})
	if errors.Is(err, tsc.ErrConflict) && opts.ContinueIfExists {
		f.Successf("Group %q already exists\n", opts.Name)
		return nil
	}
	if err != nil {
		return fmt.Errorf("creating group %q: %w", opts.Name, err)
	}
	f.Successf("Created group %q (id %s)\n", g.Name, g.ID)
	return nil
}

// DeleteGroupOptions are the inputs of `tabctl deletegroup`.
type DeleteGroupOptions struct {
	Name string
}

// NewCmdDeleteGroup builds `tabctl deletegroup`.
func NewCmdDeleteGroup(f *cmdutil.Factory) *cobra.Command {
	opts := &DeleteGroupOptions{}
	return &cobra.Command{
		Use:     "deletegroup NAME",
		Short:   "Delete a group; its users stay on the site (tabcmd deletegroup)",
		Example: `  tabctl deletegroup Developers`,
		Args:    cmdutil.ExactArgs(1, "the group's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			return RunDeleteGroup(cmd.Context(), f, opts)
		},
	}
}

// RunDeleteGroup deletes the group, through the noun-verb command.
func RunDeleteGroup(ctx context.Context, f *cmdutil.Factory, opts *DeleteGroupOptions) error {
	// tabcmd never asks before deleting (its --no-prompt changes nothing here);
	// RunDelete, unlike the delete command, asks nothing.
	return groups.RunDelete(ctx, f, &groups.DeleteOptions{Group: opts.Name})
}

// completeFlags adds tabcmd's --complete/--no-complete pair; the returned
// function reports whether every line must be valid (the default).
func completeFlags(cmd *cobra.Command) func() bool {
	var complete, noComplete bool
	cmd.Flags().BoolVar(&complete, "complete", false, "change nothing unless every line is valid (the default)")
	cmd.Flags().BoolVar(&noComplete, "no-complete", false, "skip invalid lines and go on with the others (tabcmd sends them to the server anyway)")
	cmd.MarkFlagsMutuallyExclusive("complete", "no-complete")
	return func() bool { return !noComplete }
}

// fileReport prints, per line of a user file, what happened, and counts it.
type fileReport struct {
	f       *cmdutil.Factory
	file    string
	done    int
	skipped int
	failed  int
}

func (r *fileReport) ok(line int, format string, args ...any) {
	r.done++
	r.f.Successf("%s:%d: %s\n", r.file, line, fmt.Sprintf(format, args...))
}

func (r *fileReport) skip(line int, format string, args ...any) {
	r.skipped++
	fmt.Fprintf(r.f.IO.Out, "%s:%d: skipped: %s\n", r.file, line, fmt.Sprintf(format, args...))
}

func (r *fileReport) fail(line int, err error) {
	r.failed++
	fmt.Fprintf(r.f.IO.ErrOut, "%s:%d: %s\n", r.file, line, strings.Join(strings.Fields(err.Error()), " "))
}

// badLines prints the invalid lines of a user file on stderr. With complete,
// any of them stops the command before it changes anything.
func badLines(f *cmdutil.Factory, path string, bad []lineError, complete bool) error {
	if len(bad) == 0 {
		return nil
	}
	for _, b := range bad {
		fmt.Fprintln(f.IO.ErrOut, b)
	}
	n := plural(len(bad), "invalid line", "invalid lines")
	if complete {
		return fmt.Errorf("%s has %s; nothing was changed (fix them, or pass --no-complete to skip them)", filepath.Base(path), n)
	}
	f.IO.Infof("Skipping %s (--no-complete)\n", n)
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// resolveNames maps the names of a user file to the site's users. Names not
// on the site are invalid lines.
func resolveNames(ctx context.Context, c *tsc.Client, path string, names []nameLine) ([]tsc.User, []nameLine, []lineError, error) {
	users, err := siteUsers(ctx, c)
	if err != nil {
		return nil, nil, nil, err
	}
	var found []tsc.User
	var kept []nameLine
	var bad []lineError
	for _, n := range names {
		u, ok := users[strings.ToLower(n.Name)]
		if !ok {
			bad = append(bad, lineError{filepath.Base(path), n.Line, fmt.Sprintf("user %q is not on the site", n.Name)})
			continue
		}
		found = append(found, u)
		kept = append(kept, n)
	}
	return found, kept, bad, nil
}

// GroupUsersOptions are the inputs of `tabctl addusers` and `tabctl removeusers`.
type GroupUsersOptions struct {
	Group string
	// UsersFile is a CSV file of user names, one per line.
	UsersFile string
	// Complete refuses to change anything unless every line is valid.
	Complete bool
}

// NewCmdAddUsers builds `tabctl addusers`.
func NewCmdAddUsers(f *cmdutil.Factory) *cobra.Command {
	return groupUsersCmd(f, true)
}

// NewCmdRemoveUsers builds `tabctl removeusers`.
func NewCmdRemoveUsers(f *cmdutil.Factory) *cobra.Command {
	return groupUsersCmd(f, false)
}

func groupUsersCmd(f *cmdutil.Factory, add bool) *cobra.Command {
	opts := &GroupUsersOptions{}
	cmd := &cobra.Command{
		Use:   "addusers GROUP --users FILE",
		Short: "Add the users listed in a CSV file to a group (tabcmd addusers)",
		Long: `Add users to a group. The file lists one user name per line (further columns
are ignored, so a createsiteusers file works too); the users must already be
on the site. By default (--complete) nothing changes unless every line names a
user of the site; --no-complete skips the bad lines. Users already in the
group are skipped.`,
		Example: `  tabctl addusers Developers --users developers.csv
  tabctl addusers Developers --users developers.csv --no-complete`,
		Args: cmdutil.ExactArgs(1, "the group's name"),
	}
	if !add {
		cmd.Use = "removeusers GROUP --users FILE"
		cmd.Short = "Remove the users listed in a CSV file from a group (tabcmd removeusers)"
		cmd.Long = `Remove users from a group; they stay on the site. The file lists one user name
per line. By default (--complete) nothing changes unless every line names a
user of the site; --no-complete skips the bad lines. Users not in the group
are skipped.`
		cmd.Example = `  tabctl removeusers Developers --users leavers.csv`
	}
	complete := completeFlags(cmd)
	cmd.Flags().StringVar(&opts.UsersFile, "users", "", "CSV file with one user name per line")
	cmd.MarkFlagRequired("users")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		opts.Group = args[0]
		opts.Complete = complete()
		if add {
			return RunAddUsers(cmd.Context(), f, opts)
		}
		return RunRemoveUsers(cmd.Context(), f, opts)
	}
	return cmd
}

// RunAddUsers adds the file's users to the group.
func RunAddUsers(ctx context.Context, f *cmdutil.Factory, opts *GroupUsersOptions) error {
	return runGroupUsers(ctx, f, opts, true)
}

// RunRemoveUsers removes the file's users from the group.
func RunRemoveUsers(ctx context.Context, f *cmdutil.Factory, opts *GroupUsersOptions) error {
	return runGroupUsers(ctx, f, opts, false)
}

func runGroupUsers(ctx context.Context, f *cmdutil.Factory, opts *GroupUsersOptions, add bool) error {
	names, bad, err := readUsernames(opts.UsersFile)
	if err != nil {
		return err
	}
	if err := badLines(f, opts.UsersFile, bad, opts.Complete); err != nil {
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
	users, names, bad, err := resolveNames(ctx, c, opts.UsersFile, names)
	if err != nil {
		return err
	}
	if err := badLines(f, opts.UsersFile, bad, opts.Complete); err != nil {
		return err
	}
	r := &fileReport{f: f, file: filepath.Base(opts.UsersFile)}
	for i, u := range users {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		line := names[i].Line
		if add {
			_, err := c.Groups.AddUser(ctx, g.ID, u.ID)
			switch {
			case errors.Is(err, tsc.ErrConflict):
				r.skip(line, "%s is already in the group", u.Name)
			case err != nil:
				r.fail(line, fmt.Errorf("adding %s: %w", u.Name, err))
			default:
				r.ok(line, "added %s", u.Name)
			}
			continue
		}
		err := c.Groups.RemoveUser(ctx, g.ID, u.ID)
		switch {
		case errors.Is(err, tsc.ErrNotFound):
			r.skip(line, "%s is not in the group", u.Name)
		case err != nil:
			r.fail(line, fmt.Errorf("removing %s: %w", u.Name, err))
		default:
			r.ok(line, "removed %s", u.Name)
		}
	}
	verb, prep := "Added", "to"
	if !add {
		verb, prep = "Removed", "from"
	}
	f.Successf("%s %s %s group %q", verb, plural(r.done, "user", "users"), prep, g.Name)
	if r.skipped > 0 {
		f.Successf(" (%d skipped)", r.skipped)
	}
	f.Successf("\n")
	if r.failed > 0 {
		return fmt.Errorf("%s failed (see above)", plural(r.failed, "user", "users"))
	}
	return nil
}
