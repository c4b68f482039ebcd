package groups

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// bulkVersion is the REST API version that adds and removes many members
// in one call; older servers get one call per user.
var bulkVersion = tsc.Version{Major: 3, Minor: 21}

// MembersOptions are the settings of `groups add-users` and `groups
// remove-users`.
type MembersOptions struct {
	Output cmdutil.OutputFlags
	// Group is an id or a name.
	Group string
	// Users are ids or names; all are resolved before any change.
	Users []string
}

func newCmdAddUsers(f *cmdutil.Factory) *cobra.Command {
	opts := &MembersOptions{}
	cmd := &cobra.Command{
		Use:     "add-users GROUP USER...",
		Short:   "Add users to a group",
		Example: `  tabctl groups add-users Analysts alice bob`,
		Args:    cmdutil.RangeArgs(2, 1<<20, "a group and at least one user (ids or names)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Group, opts.Users = args[0], args[1:]
			return RunAddUsers(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	return cmd
}

func newCmdRemoveUsers(f *cmdutil.Factory) *cobra.Command {
	opts := &MembersOptions{}
	return &cobra.Command{
		Use:     "remove-users GROUP USER...",
		Short:   "Remove users from a group",
		Example: `  tabctl groups remove-users Analysts bob`,
		Args:    cmdutil.RangeArgs(2, 1<<20, "a group and at least one user (ids or names)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Group, opts.Users = args[0], args[1:]
			return RunRemoveUsers(cmd.Context(), f, opts)
		},
	}
}

func (opts *MembersOptions) resolve(ctx context.Context, f *cmdutil.Factory) (*tsc.Client, *tsc.Group, []string, error) {
	if len(opts.Users) == 0 {
		return nil, nil, nil, cmdutil.FlagErrorf("name at least one user")
	}
	c, err := f.Client(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	g, err := resources.ResolveGroup(ctx, c, opts.Group)
	if err != nil {
		return nil, nil, nil, err
	}
	users, err := resources.ResolveUsers(ctx, c, opts.Users)
	if err != nil {
		return nil, nil, nil, err
	}
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	return c, g, ids, nil
}

// RunAddUsers adds the users to the group (in one call from REST 3.21)
// and prints them.
func RunAddUsers(ctx context.Context, f *cmdutil.Factory, opts *MembersOptions) error {
	p, err := cmdutil.NewPrinter(resources.UserTable, opts.Output)
	if err != nil {
		return err
	}
	c, g, ids, err := opts.resolve(ctx, f)
	if err != nil {
		return err
	}
	var added []tsc.User
	if !c.Version().Less(bulkVersion) {
		if added, err = c.Groups.AddUsers(ctx, g.ID, ids); err != nil {
			return err
		}
	} else {
		for _, id := range ids {
			u, err := c.Groups.AddUser(ctx, g.ID, id)
			if err != nil {
				return err
			}
			added = append(added, *u)
		}
	}
	return p.List(f.IO.Out, resources.Map(added, resources.NewUserRow))
}

// RunRemoveUsers removes the users from the group (in one call from REST
// 3.21).
func RunRemoveUsers(ctx context.Context, f *cmdutil.Factory, opts *MembersOptions) error {
	c, g, ids, err := opts.resolve(ctx, f)
	if err != nil {
		return err
	}
	if !c.Version().Less(bulkVersion) {
		if err := c.Groups.RemoveUsers(ctx, g.ID, ids); err != nil {
			return err
		}
	} else {
		for _, id := range ids {
			if err := c.Groups.RemoveUser(ctx, g.ID, id); err != nil {
				return err
			}
		}
	}
	f.Successf("Removed %d user(s) from group %s\n", len(ids), g.Name)
	return nil
}
