package datasources

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// ListOptions are the settings of `datasources list`.
type ListOptions = cmdutil.ListOptions

func newCmdList(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdList(f, resources.DatasourceList, cmdutil.Help{
		Short: "List the site's published data sources",
		Example: `  tabctl datasources list --filter isCertified:eq:true --sort name
  tabctl datasources list --filter projectName:eq:Finance -o json`,
	}, &ListOptions{})
}

// RunList prints the data sources.
func RunList(ctx context.Context, f *cmdutil.Factory, opts *ListOptions) error {
	return cmdutil.RunList(ctx, f, resources.DatasourceList, opts)
}

func newCmdGet(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdGet(f, resources.DatasourceItem, cmdutil.Help{
		Short:   "Show a data source, by id or name",
		Example: `  tabctl datasources get Orders --project Finance -o json`,
	})
}

func newCmdDelete(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdDelete(f, resources.DatasourceItem, cmdutil.Deleter[tsc.Datasource]{
		Delete: func(ctx context.Context, c *tsc.Client, id string) error { return c.Datasources.Delete(ctx, id) },
	}, cmdutil.Help{Short: "Delete a published data source"})
}
