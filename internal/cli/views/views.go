// Package views holds `tabctl views`: list and get the views (sheets,
// dashboards, stories) of the current site, export them as PNG, PDF, CSV
// or Excel (narrowed with view filters and parameters), save their
// thumbnails, and tag them. Views are named by id, by name (with
// --project when names repeat) or by path (Workbook/View).
//
// Each verb has an exported Options struct and Run function, so that
// other commands (tabcmd's export) reuse them.
package views

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/content"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// NewCmdViews builds `tabctl views` and its verbs.
func NewCmdViews(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "views <command>",
		Short: "List views and export them as images, PDF, CSV or Excel",
		Args:  cmdutil.NoArgs,
	}
	cmd.AddCommand(newCmdList(f), newCmdGet(f), NewCmdImage(f, ViewTarget), NewCmdPDF(f, ViewTarget), NewCmdCSV(f, ViewTarget), newCmdExcel(f),
		newCmdPreviewImage(f), content.NewCmdTags(f, Kind), newCmdDelete(f))
	return cmd
}

// Kind is how the shared tag verbs reach views.
var Kind = &content.Kind{
	Noun: "view",
	Resolve: func(ctx context.Context, c *tsc.Client, ref, project string) (string, string, error) {
		v, err := resources.ResolveView(ctx, c, ref, project)
		if err != nil {
			return "", "", err
		}
		return v.ID, v.Name, nil
	},
	AddTags: func(ctx context.Context, c *tsc.Client, id string, tags ...string) ([]string, error) {
		return c.Views.AddTags(ctx, id, tags...)
	},
	DeleteTag: func(ctx context.Context, c *tsc.Client, id, tag string) error {
		return c.Views.DeleteTag(ctx, id, tag)
	},
}
