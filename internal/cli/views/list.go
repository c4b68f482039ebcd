package views

import (
	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

func newCmdList(f *cmdutil.Factory) *cobra.Command {
	opts := &cmdutil.ListOptions{}
	usage := new(bool)
	cmd := cmdutil.NewCmdList(f, resources.ViewList(usage), cmdutil.Help{
		Short: "List the site's views",
		Example: `  tabctl views list --filter workbookName:eq:Sales
  tabctl views list --usage --sort name -o json`,
	}, opts)
	cmd.Flags().BoolVar(usage, "usage", false, "include each view's total view count")
	// The lister is made again once --usage is known: its table has a view
	// count column only when the counts are asked for.
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		return cmdutil.RunList(cmd.Context(), f, resources.ViewList(usage), opts)
	}
	return cmd
}

func newCmdGet(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdGet(f, resources.ViewItem, cmdutil.Help{Short: "Show a view"})
}
