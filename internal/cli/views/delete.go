package views

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// newCmdDelete builds `views delete` (Delete View, API 3.27; issue 16
// part 8). It asks first, and says when the view is its workbook's last,
// which takes the workbook with it.
func newCmdDelete(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdDelete(f, resources.ViewItem, cmdutil.Deleter[tsc.View]{
		Delete: func(ctx context.Context, c *tsc.Client, id string) error { return c.Views.Delete(ctx, id) },
		Describe: func(ctx context.Context, c *tsc.Client, v *tsc.View) string {
			what := "view " + v.Name
			if v.Workbook == nil {
				return what
			}
			if vs, err := c.Workbooks.Views(ctx, v.Workbook.ID, false); err == nil && len(vs) == 1 {
				return what + " and its workbook, whose last view it is"
			}
			return what
		},
	}, cmdutil.Help{Short: "Delete a view (a workbook's last view deletes the workbook)"})
}
