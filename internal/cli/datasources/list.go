package datasources

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// ListOptions are the settings of `datasources list`.
type ListOptions struct {
	Output cmdutil.OutputFlags
	List   cmdutil.ListFlags
}

func newCmdList(f *cmdutil.Factory) *cobra.Command {
	opts := &ListOptions{}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the site's published data sources",
		Example: `  tabctl datasources list --filter isCertified:eq:true --sort name
  tabctl datasources list --filter projectName:eq:Finance -o json`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return RunList(cmd.Context(), f, opts) },
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	cmdutil.AddListFlags(cmd, &opts.List)
	return cmd
}

// RunList prints the data sources.
func RunList(ctx context.Context, f *cmdutil.Factory, opts *ListOptions) error {
	p, err := cmdutil.NewPrinter(resources.DatasourceTable, opts.Output)
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
	items, total, err := cmdutil.Fetch(ctx, &opts.List, c.Datasources.List)
	if err != nil {
		return err
	}
	if err := p.List(f.IO.Out, resources.Map(items, resources.NewDatasourceRow)); err != nil {
		return err
	}
	f.NoteTruncated(len(items), total, "data sources")
	return nil
}
