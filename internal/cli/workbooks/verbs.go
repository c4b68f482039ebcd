package workbooks

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// ListOptions are the settings of `workbooks list`.
type ListOptions = cmdutil.ListOptions

func newCmdList(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdList(f, resources.WorkbookList, cmdutil.Help{
		Short: "List the site's workbooks",
		Example: `  tabctl workbooks list --filter projectName:eq:Finance --sort updatedAt:desc
  tabctl workbooks list --filter tags:in:[kpi,board] -o json`,
	}, &ListOptions{})
}

// RunList prints the workbooks.
func RunList(ctx context.Context, f *cmdutil.Factory, opts *ListOptions) error {
	return cmdutil.RunList(ctx, f, resources.WorkbookList, opts)
}

func newCmdGet(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdGet(f, resources.WorkbookItem, cmdutil.Help{
		Short:   "Show a workbook, by id or name",
		Example: `  tabctl workbooks get Sales --project Finance -o json`,
	})
}

func newCmdDelete(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdDelete(f, resources.WorkbookItem, cmdutil.Deleter[tsc.Workbook]{
		Delete: func(ctx context.Context, c *tsc.Client, id string) error { return c.Workbooks.Delete(ctx, id) },
	}, cmdutil.Help{Short: "Delete a workbook"})
}
