package tabcmd

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/jobs"
)

// RefreshExtractsOptions are the inputs of `tabctl refreshextracts`.
type RefreshExtractsOptions struct {
	// Workbook or Datasource names what to refresh (one of them).
	Workbook   string
	Datasource string
	// URL names a workbook by its content URL instead.
	URL               string
	Project           string
	ParentProjectPath string
	// Synchronous waits for the refresh job to finish.
	Synchronous bool
	// Incremental adds only new rows (REST 3.25).
	Incremental bool
}

// NewCmdRefreshExtracts builds `tabctl refreshextracts`.
func NewCmdRefreshExtracts(f *cmdutil.Factory) *cobra.Command {
	opts := &RefreshExtractsOptions{}
	cmd := &cobra.Command{
		Use:   "refreshextracts --workbook NAME | --datasource NAME",
		Short: "Refresh the extracts of a workbook or data source (tabcmd refreshextracts)",
		Long: `Start a full refresh of the extracts of a workbook (-w/--workbook, or --url with
its content URL) or a data source (-d/--datasource). --project (with
--parent-project-path for a nested one) says which when names repeat.

The refresh runs on the server as a job; without --synchronous the command
returns once it is queued and prints the job's id. With --synchronous it waits
until the job ends (a spinner shows on a terminal) and fails if the refresh does.

--incremental refreshes incrementally (only new rows), on servers from REST
3.25, as tabcmd.

Deliberate differences (see docs/coming-from-tabcmd.md): without --project,
tabcmd looks only in the Default project, tabctl finds a name that is unique
on the site in any project.`,
		Example: `  tabctl refreshextracts --workbook Superstore --synchronous
  tabctl refreshextracts --datasource "Sales Data" --project Finance`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			n := 0
			for _, s := range []string{opts.Workbook, opts.Datasource, opts.URL} {
				if s != "" {
					n++
				}
			}
			if n != 1 {
				return cmdutil.FlagErrorf("say what to refresh: one of --workbook, --datasource or --url")
			}
			return RunRefreshExtracts(cmd.Context(), f, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&opts.Workbook, "workbook", "w", "", "the workbook to refresh, by name")
	fl.StringVarP(&opts.Datasource, "datasource", "d", "", "the data source to refresh, by name")
	fl.StringVar(&opts.URL, "url", "", "the workbook to refresh, by its content URL")
	fl.StringVar(&opts.Project, "project", "", "the project of the workbook or data source")
	fl.BoolVar(&opts.Incremental, "incremental", false, "refresh incrementally: fetch only new rows")
	fl.Bool("addcalculations", false, "deprecated in tabcmd; no effect")
	fl.Bool("removecalculations", false, "deprecated in tabcmd; no effect")
	cmd.MarkFlagsMutuallyExclusive("addcalculations", "removecalculations")
	fl.StringVar(&opts.ParentProjectPath, "parent-project-path", "", `path of the project's parent, e.g. "Finance/Europe"`)
	fl.BoolVar(&opts.Synchronous, "synchronous", false, "wait for the refresh to finish")
	return cmd
}

// RunRefreshExtracts starts the refresh and, when asked, waits for it.
func RunRefreshExtracts(ctx context.Context, f *cmdutil.Factory, opts *RefreshExtractsOptions) error {
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	var job *tsc.Job
	var what string
	switch {
	case opts.Datasource != "":
		ds, err := oneDatasource(ctx, c, contentFilter{opts.Datasource, opts.Project, opts.ParentProjectPath})
		if err != nil {
			return err
		}
		what = fmt.Sprintf("data source %q", ds.Name)
		refresh := c.Datasources.Refresh
		if opts.Incremental {
			refresh = c.Datasources.RefreshIncremental
		}
		if job, err = refresh(ctx, ds.ID); err != nil {
			return fmt.Errorf("refreshing %s: %w", what, err)
		}
	default:
		var wb *tsc.Workbook
		if opts.URL != "" {
			wb, err = findWorkbookByURL(ctx, c, opts.URL)
		} else {
			wb, err = oneWorkbook(ctx, c, contentFilter{opts.Workbook, opts.Project, opts.ParentProjectPath})
		}
		if err != nil {
			return err
		}
		what = fmt.Sprintf("workbook %q", wb.Name)
		refresh := c.Workbooks.Refresh
		if opts.Incremental {
			refresh = c.Workbooks.RefreshIncremental
		}
		if job, err = refresh(ctx, wb.ID); err != nil {
			return fmt.Errorf("refreshing %s: %w", what, err)
		}
	}
	f.Successf("Refresh of %s queued as job %s\n", what, job.ID)
	if !opts.Synchronous {
		return nil
	}
	done, err := jobs.Wait(ctx, f, c, job.ID, "Refreshing "+what, 0)
	if err != nil {
		return err
	}
	f.Successf("Job %s succeeded\n", done.ID)
	return nil
}
