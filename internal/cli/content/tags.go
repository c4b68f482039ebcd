package content

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// TagsOptions are the settings of `<noun> tags add|remove`.
type TagsOptions struct {
	Output cmdutil.OutputFlags
	Ref
	Tags []string
}

// NewCmdTags builds `<noun> tags` with add and remove.
func NewCmdTags(f *cmdutil.Factory, k *Kind) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "tags <command>",
		Short: "Add or remove the " + k.Noun + "'s tags",
		Args:  cmdutil.NoArgs,
	}
	add := &TagsOptions{}
	addCmd := &cobra.Command{
		Use:     "add " + upper(k.Noun) + " TAG...",
		Short:   "Add tags and print all the " + k.Noun + "'s tags",
		Example: "  tabctl " + k.command() + " tags add 3f2a... finance kpi",
		Args:    cmdutil.RangeArgs(2, 1<<20, "a "+k.Noun+" and at least one tag"),
		RunE: func(cmd *cobra.Command, args []string) error {
			add.Item, add.Tags = args[0], args[1:]
			return RunAddTags(cmd.Context(), f, k, add)
		},
	}
	cmdutil.AddOutputFlags(addCmd, &add.Output)
	addProject(addCmd, k, &add.Project)
	rm := &TagsOptions{}
	rmCmd := &cobra.Command{
		Use:     "remove " + upper(k.Noun) + " TAG...",
		Short:   "Remove tags",
		Example: "  tabctl " + k.command() + " tags remove 3f2a... kpi",
		Args:    cmdutil.RangeArgs(2, 1<<20, "a "+k.Noun+" and at least one tag"),
		RunE: func(cmd *cobra.Command, args []string) error {
			rm.Item, rm.Tags = args[0], args[1:]
			return RunRemoveTags(cmd.Context(), f, k, rm)
		},
	}
	addProject(rmCmd, k, &rm.Project)
	cmd.AddCommand(addCmd, rmCmd)
	return cmd
}

func checkTags(tags []string) error {
	if len(tags) == 0 {
		return cmdutil.FlagErrorf("name at least one tag")
	}
	for _, t := range tags {
		if t == "" {
			return cmdutil.FlagErrorf("empty tag")
		}
	}
	return nil
}

// RunAddTags adds the tags and prints all the item's tags.
func RunAddTags(ctx context.Context, f *cmdutil.Factory, k *Kind, opts *TagsOptions) error {
	p, err := cmdutil.NewPrinter(resources.TagTable, opts.Output)
	if err != nil {
		return err
	}
	if err := checkTags(opts.Tags); err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	id, _, err := k.Resolve(ctx, c, opts.Item, opts.Project)
	if err != nil {
		return err
	}
	all, err := k.AddTags(ctx, c, id, opts.Tags...)
	if err != nil {
		return err
	}
	return p.List(f.IO.Out, resources.TagRows(all))
}

// RunRemoveTags removes the tags, one request each.
func RunRemoveTags(ctx context.Context, f *cmdutil.Factory, k *Kind, opts *TagsOptions) error {
	if err := checkTags(opts.Tags); err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	id, name, err := k.Resolve(ctx, c, opts.Item, opts.Project)
	if err != nil {
		return err
	}
	for _, t := range opts.Tags {
		if err := k.DeleteTag(ctx, c, id, t); err != nil {
			return err
		}
	}
	f.Successf("Removed %d tag(s) from %s %s\n", len(opts.Tags), k.Noun, name)
	return nil
}
