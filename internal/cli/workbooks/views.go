package workbooks

import (
	"context"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// ViewsOptions are the settings of `workbooks views`.
type ViewsOptions struct {
	Output cmdutil.OutputFlags
	// Workbook is an id or a name; Project narrows a name.
	Workbook string
	Project  string
	// Usage adds each view's total view count.
	Usage bool
}

func newCmdViews(f *cmdutil.Factory) *cobra.Command {
	opts := &ViewsOptions{}
	cmd := &cobra.Command{
		Use:     "views WORKBOOK",
		Short:   "List a workbook's views (sheets, dashboards, stories)",
		Example: `  tabctl workbooks views Sales --project Finance --usage`,
		Args:    cmdutil.ExactArgs(1, "a workbook id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Workbook = args[0]
			return RunViews(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	addProjectFlag(cmd, &opts.Project)
	cmd.Flags().BoolVar(&opts.Usage, "usage", false, "include each view's total view count")
	return cmd
}

// RunViews prints the workbook's views.
func RunViews(ctx context.Context, f *cmdutil.Factory, opts *ViewsOptions) error {
	p, err := cmdutil.NewPrinter(resources.ViewTableFor(opts.Usage), opts.Output)
	if err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	wb, err := resources.ResolveWorkbook(ctx, c, opts.Workbook, opts.Project)
	if err != nil {
		return err
	}
	views, err := c.Workbooks.Views(ctx, wb.ID, opts.Usage)
	if err != nil {
		return err
	}
	if err := fillSheetTypes(ctx, c, views); err != nil {
		return err
	}
	rows := resources.Map(views, resources.NewViewRow)
	for i := range rows {
		if rows[i].WorkbookID == "" {
			rows[i].WorkbookID, rows[i].WorkbookName = wb.ID, wb.Name
		}
	}
	return p.List(f.IO.Out, rows)
}

// fillSheetTypes fills the sheet types a workbook's view list leaves out
// (Tableau answers it with ids, names and content URLs only) from the
// site's view list, filtered to these views by content URL: one request
// per hundred views rather than one per view.
func fillSheetTypes(ctx context.Context, c *tsc.Client, views []tsc.View) error {
	byURL := map[string]*tsc.View{}
	var urls []string
	for i := range views {
		if views[i].SheetType == "" && views[i].ContentURL != "" && !strings.ContainsAny(views[i].ContentURL, ",[]") {
			byURL[views[i].ContentURL] = &views[i]
			urls = append(urls, views[i].ContentURL)
		}
	}
	for len(urls) > 0 {
		chunk := urls[:min(len(urls), 100)]
		urls = urls[len(chunk):]
		got, _, err := c.Views.List(ctx, tsc.ViewListOptions{ListOptions: tsc.ListOptions{
			PageSize: 100, Filters: []tsc.Filter{tsc.In("contentUrl", chunk...)}}})
		if err != nil {
			return err
		}
		for _, g := range got {
			if v := byURL[g.ContentURL]; v != nil && v.ID == g.ID {
				v.SheetType = g.SheetType
			}
		}
	}
	return nil
}
