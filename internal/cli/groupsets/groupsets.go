// Package groupsets holds `tabctl group-sets`: list, get, create, rename
// and delete the group sets of the current site, and add or remove their
// groups. A permission rule for a group set reaches the users who are in
// every one of its groups. Group sets and groups are named by id or name.
package groupsets

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// NewCmdGroupSets builds `tabctl group-sets` and its verbs.
func NewCmdGroupSets(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "group-sets <command>",
		Short: "List, create, rename and delete group sets, and manage their groups",
		Args:  cmdutil.NoArgs,
	}
	cmd.AddCommand(
		cmdutil.NewCmdList(f, resources.GroupSetList, cmdutil.Help{
			Short:   "List the site's group sets and their groups",
			Example: `  tabctl group-sets list --sort name -o json`,
		}, &cmdutil.ListOptions{}),
		cmdutil.NewCmdGet(f, resources.GroupSetItem, cmdutil.Help{
			Short:   "Show a group set and its groups, by id or name",
			Example: `  tabctl group-sets get "Sales EMEA"`,
		}),
		newCmdCreate(f), newCmdRename(f),
		cmdutil.NewCmdDelete(f, resources.GroupSetItem, cmdutil.Deleter[tsc.GroupSet]{
			Delete: func(ctx context.Context, c *tsc.Client, id string) error { return c.GroupSets.Delete(ctx, id) },
			Describe: func(_ context.Context, _ *tsc.Client, g *tsc.GroupSet) string {
				return "group set " + g.Name + " and the permission rules that name it (its groups stay)"
			},
		}, cmdutil.Help{Short: "Delete a group set (not its groups)"}),
		newCmdMembers(f, true), newCmdMembers(f, false),
	)
	return cmd
}

// CreateOptions are the settings of `group-sets create`.
type CreateOptions struct {
	Output cmdutil.OutputFlags
	Name   string
}

func newCmdCreate(f *cmdutil.Factory) *cobra.Command {
	opts := &CreateOptions{}
	cmd := &cobra.Command{
		Use:     "create NAME",
		Short:   "Create an empty group set",
		Example: `  tabctl group-sets create "Sales EMEA"`,
		Args:    cmdutil.ExactArgs(1, "the new group set's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			return RunCreate(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	return cmd
}

// RunCreate creates the group set and prints it.
func RunCreate(ctx context.Context, f *cmdutil.Factory, opts *CreateOptions) error {
	p, err := cmdutil.NewPrinter(resources.GroupSetTable, opts.Output)
	if err != nil {
		return err
	}
	if opts.Name == "" {
		return cmdutil.FlagErrorf("the group set needs a name")
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	g, err := c.GroupSets.Create(ctx, opts.Name)
	if err != nil {
		return err
	}
	return p.One(f.IO.Out, resources.NewGroupSetRow(*g))
}

// RenameOptions are the settings of `group-sets rename`.
type RenameOptions struct {
	Output   cmdutil.OutputFlags
	GroupSet string
	Name     string
}

func newCmdRename(f *cmdutil.Factory) *cobra.Command {
	opts := &RenameOptions{}
	cmd := &cobra.Command{
		Use:     "rename GROUPSET NEW-NAME",
		Short:   "Rename a group set",
		Example: `  tabctl group-sets rename "Sales EMEA" "Sales Europe"`,
		Args:    cmdutil.ExactArgs(2, "a group set (id or name) and its new name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.GroupSet, opts.Name = args[0], args[1]
			return RunRename(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	return cmd
}

// RunRename renames the group set and prints it.
func RunRename(ctx context.Context, f *cmdutil.Factory, opts *RenameOptions) error {
	p, err := cmdutil.NewPrinter(resources.GroupSetTable, opts.Output)
	if err != nil {
		return err
	}
	if opts.Name == "" {
		return cmdutil.FlagErrorf("the new name is empty")
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	g, err := resources.ResolveGroupSet(ctx, c, opts.GroupSet)
	if err != nil {
		return err
	}
	out, err := c.GroupSets.Update(ctx, tsc.GroupSet{ID: g.ID, Name: opts.Name})
	if err != nil {
		return err
	}
	return p.One(f.IO.Out, resources.NewGroupSetRow(*out))
}

// MembersOptions are the settings of `group-sets add-groups` and
// `remove-groups`.
type MembersOptions struct {
	GroupSet string
	// Groups are ids or names; all are resolved before any change.
	Groups []string
}

func newCmdMembers(f *cmdutil.Factory, add bool) *cobra.Command {
	opts := &MembersOptions{}
	use, short, example := "add-groups GROUPSET GROUP...", "Add groups to a group set", `  tabctl group-sets add-groups "Sales EMEA" Sales EMEA`
	if !add {
		use, short, example = "remove-groups GROUPSET GROUP...", "Remove groups from a group set", `  tabctl group-sets remove-groups "Sales EMEA" EMEA`
	}
	return &cobra.Command{
		Use: use, Short: short, Example: example,
		Args: cmdutil.RangeArgs(2, 1<<20, "a group set and at least one group (ids or names)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.GroupSet, opts.Groups = args[0], args[1:]
			return RunMembers(cmd.Context(), f, opts, add)
		},
	}
}

// RunMembers adds (or removes) the groups, one call each, as Tableau has
// no call for several.
func RunMembers(ctx context.Context, f *cmdutil.Factory, opts *MembersOptions, add bool) error {
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	gs, err := resources.ResolveGroupSet(ctx, c, opts.GroupSet)
	if err != nil {
		return err
	}
	ids := make([]string, len(opts.Groups))
	for i, ref := range opts.Groups {
		g, err := resources.ResolveGroup(ctx, c, ref)
		if err != nil {
			return err
		}
		ids[i] = g.ID
	}
	for _, id := range ids {
		if add {
			err = c.GroupSets.AddGroup(ctx, gs.ID, id)
		} else {
			err = c.GroupSets.RemoveGroup(ctx, gs.ID, id)
		}
		if err != nil {
			return err
		}
	}
	if add {
		f.Successf("Added %d group(s) to group set %s\n", len(ids), gs.Name)
	} else {
		f.Successf("Removed %d group(s) from group set %s\n", len(ids), gs.Name)
	}
	return nil
}
