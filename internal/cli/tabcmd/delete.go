package tabcmd

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// DeleteOptions are the inputs of `tabctl delete`.
type DeleteOptions struct {
	Name string
	// Workbook or Datasource says what Name is; with neither, whichever
	// exists (and an error when both do).
	Workbook          bool
	Datasource        bool
	Project           string
	ParentProjectPath string
}

// NewCmdDelete builds `tabctl delete`.
func NewCmdDelete(f *cmdutil.Factory) *cobra.Command {
	opts := &DeleteOptions{}
	cmd := &cobra.Command{
		Use:   "delete NAME [-w | -d]",
		Short: "Delete a workbook or data source by name (tabcmd delete)",
		Long: `Delete a workbook (-w) or a data source (-d) by its name. Without -w or -d,
whichever of them has the name is deleted; when both do, say which.
--project (-r, with --parent-project-path for a nested one) picks among items
of the same name in different projects.

Deliberate difference: without --project, tabcmd looks only in the Default
project; tabctl finds the name in any project when it is unique on the site
(see docs/coming-from-tabcmd.md).`,
		Example: `  tabctl delete Superstore -w
  tabctl delete "Sales Data" -d --project Finance`,
		Args: cmdutil.ExactArgs(1, "the name of the workbook or data source"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			return RunDelete(cmd.Context(), f, opts)
		},
	}
	fl := cmd.Flags()
	fl.BoolVarP(&opts.Workbook, "workbook", "w", false, "NAME is a workbook")
	fl.BoolVarP(&opts.Datasource, "datasource", "d", false, "NAME is a data source")
	fl.StringVarP(&opts.Project, "project", "r", "", "the project it is in")
	fl.StringVar(&opts.ParentProjectPath, "parent-project-path", "", `path of the project's parent, e.g. "Finance/Europe"`)
	cmd.MarkFlagsMutuallyExclusive("workbook", "datasource")
	return cmd
}

// RunDelete deletes the workbook or data source.
func RunDelete(ctx context.Context, f *cmdutil.Factory, opts *DeleteOptions) error {
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	filter := contentFilter{opts.Name, opts.Project, opts.ParentProjectPath}
	if !opts.Workbook && !opts.Datasource {
		wb, werr := oneWorkbook(ctx, c, filter)
		ds, derr := oneDatasource(ctx, c, filter)
		for _, err := range []error{werr, derr} {
			if err != nil && !errors.Is(err, tsc.ErrNotFound) {
				return err
			}
		}
		switch {
		case wb != nil && ds != nil:
			return fmt.Errorf("both a workbook and a data source are named %q: say which with -w or -d", opts.Name)
		case wb != nil:
			return deleteWorkbook(ctx, f, c, wb)
		case ds != nil:
			return deleteDatasource(ctx, f, c, ds)
		}
		return fmt.Errorf("no workbook or data source is named %q", opts.Name)
	}
	if opts.Workbook {
		wb, err := oneWorkbook(ctx, c, filter)
		if err != nil {
			return err
		}
		return deleteWorkbook(ctx, f, c, wb)
	}
	ds, err := oneDatasource(ctx, c, filter)
	if err != nil {
		return err
	}
	return deleteDatasource(ctx, f, c, ds)
}

func deleteWorkbook(ctx context.Context, f *cmdutil.Factory, c *tsc.Client, wb *tsc.Workbook) error {
	if err := c.Workbooks.Delete(ctx, wb.ID); err != nil {
		return fmt.Errorf("deleting workbook %q: %w", wb.Name, err)
	}
	f.Successf("Deleted workbook %q from project %q\n", wb.Name, projectName(wb.Project))
	return nil
}

func deleteDatasource(ctx context.Context, f *cmdutil.Factory, c *tsc.Client, ds *tsc.Datasource) error {
	if err := c.Datasources.Delete(ctx, ds.ID); err != nil {
		return fmt.Errorf("deleting data source %q: %w", ds.Name, err)
	}
	f.Successf("Deleted data source %q from project %q\n", ds.Name, projectName(ds.Project))
	return nil
}
