package views

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// ListOptions are the settings of `views list`.
type ListOptions struct {
	Output cmdutil.OutputFlags
	List   cmdutil.ListFlags
	// Usage adds each view's total view count.
	Usage bool
}

func newCmdList(f *cmdutil.Factory) *cobra.Command {
	opts := &ListOptions{}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the site's views",
		Example: `  tabctl views list --filter workbookName:eq:Sales
  tabctl views list --usage --sort name -o json`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return RunList(cmd.Context(), f, opts) },
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	cmdutil.AddListFlags(cmd, &opts.List)
	cmd.Flags().BoolVar(&opts.Usage, "usage", false, "include each view's total view count")
	return cmd
}

// RunList prints the views.
func RunList(ctx context.Context, f *cmdutil.Factory, opts *ListOptions) error {
	p, err := cmdutil.NewPrinter(resources.ViewTable, opts.Output)
	if err != nil {
		return err
	}
	if _, err := opts.List.ListOptions(); err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	items, total, err := cmdutil.Fetch(ctx, &opts.List, func(ctx context.Context, o tsc.ListOptions) ([]tsc.View, tsc.Pagination, error) {
		return c.Views.List(ctx, tsc.ViewListOptions{ListOptions: o, IncludeUsage: opts.Usage})
	})
	if err != nil {
		return err
	}
	if err := p.List(f.IO.Out, resources.Map(items, resources.NewViewRow)); err != nil {
		return err
	}
	f.NoteTruncated(len(items), total, "views")
	return nil
}
