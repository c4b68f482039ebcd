package workbooks

import (
	"context"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/jobs"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// PublishOptions are the settings of `workbooks publish`.
type PublishOptions struct {
	Output cmdutil.OutputFlags
	resources.PublishFlags
	// File is the .twb or .twbx to publish.
	File string
	// HiddenViews are the sheets to publish hidden.
	HiddenViews []string
	// Tabbed shows the views as tabs (nil: the server's default).
	Tabbed *bool
	// Wait, with AsJob, waits for the publish job to end; WaitTimeout bounds it.
	Wait        bool
	WaitTimeout time.Duration
}

func newCmdPublish(f *cmdutil.Factory) *cobra.Command {
	opts := &PublishOptions{}
	cmd := &cobra.Command{
		Use:   "publish FILE",
		Short: "Publish a workbook (.twb or .twbx)",
		Long: `Publish a workbook file into a project (by name or path with --project, by
id with --project-id, the "Default" project otherwise). The file streams
to the server, in chunks from 64 MB on; on a terminal a progress bar
shows bytes sent, rate and time left.`,
		Example: `  tabctl workbooks publish Sales.twbx --project Finance
  tabctl workbooks publish Sales.twbx --project Finance/Quarterly --name "Q3 Sales" --overwrite
  tabctl workbooks publish Ops.twbx --project-id 1f0e... --db-username etl --db-password "$PW" --save-db-password
  tabctl workbooks publish Big.twbx --project Finance --as-job --wait`,
		Args: cmdutil.ExactArgs(1, "the workbook file to publish"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			opts.Tabbed = cmdutil.ChangedBool(cmd, "tabbed")
			return RunPublish(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	resources.AddPublishFlags(cmd, &opts.PublishFlags)
	fl := cmd.Flags()
	fl.StringArrayVar(&opts.HiddenViews, "hidden-view", nil, "publish this sheet hidden; repeatable")
	fl.Bool("tabbed", false, "show the views as tabs")
	cmdutil.AddWaitFlags(cmd, &opts.Wait, &opts.WaitTimeout, "with --as-job, wait for the job to end")
	return cmd
}

// PublishResult is what a publish produced: the workbook, or with AsJob
// the job (as last seen when waited for).
type PublishResult struct {
	Workbook *tsc.Workbook
	Job      *tsc.Job
}

// check validates everything that needs no request.
func (opts *PublishOptions) check() error {
	if err := opts.PublishFlags.Check(); err != nil {
		return err
	}
	if opts.Wait && !opts.AsJob {
		return cmdutil.FlagErrorf("--wait goes with --as-job")
	}
	return cmdutil.CheckUpload(opts.File, Extensions...)
}

// RunPublish publishes the workbook and prints it (or its job).
func RunPublish(ctx context.Context, f *cmdutil.Factory, opts *PublishOptions) error {
	// --as-job prints the job, so --fields names a job's fields then.
	var wp *cmdutil.Printer[resources.WorkbookRow]
	var jp *cmdutil.Printer[resources.JobRow]
	var err error
	if opts.AsJob {
		jp, err = cmdutil.NewPrinter(resources.JobTable, opts.Output)
	} else {
		wp, err = cmdutil.NewPrinter(resources.WorkbookItemTable, opts.Output)
	}
	if err != nil {
		return err
	}
	res, err := Publish(ctx, f, opts)
	if err != nil {
		return err
	}
	if res.Job != nil {
		return jp.One(f.IO.Out, resources.NewJobRow(*res.Job))
	}
	return wp.One(f.IO.Out, resources.NewWorkbookRow(*res.Workbook))
}

// Publish publishes the workbook without printing it (opts.Output is
// ignored); flags and the file are checked before any request, and the
// progress bar is drawn on a terminal.
func Publish(ctx context.Context, f *cmdutil.Factory, opts *PublishOptions) (*PublishResult, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return nil, err
	}
	proj, err := opts.ResolveTarget(ctx, c)
	if err != nil {
		return nil, err
	}
	bar := cmdutil.NewByteProgress(f.IO, "Publishing "+filepath.Base(opts.File))
	defer bar.Finish()
	wb := tsc.Workbook{Name: opts.Name, Description: opts.Description, ShowTabs: opts.Tabbed, Project: proj}
	po := tsc.PublishOptions{Mode: opts.Mode(), SkipConnectionCheck: opts.SkipConnectionCheck,
		Credentials: opts.Credentials(), HiddenViews: opts.HiddenViews, Progress: bar.Callback()}
	src := tsc.PublishSource{Path: opts.File}
	if !opts.AsJob {
		out, err := c.Workbooks.Publish(ctx, wb, src, po)
		if err != nil {
			return nil, err
		}
		bar.Finish()
		return &PublishResult{Workbook: out}, nil
	}
	job, err := c.Workbooks.PublishAsJob(ctx, wb, src, po)
	if err != nil {
		return nil, err
	}
	bar.Finish()
	if opts.Wait {
		if job, err = jobs.Wait(ctx, f, c, job.ID, "Publishing "+filepath.Base(opts.File), opts.WaitTimeout); err != nil {
			return nil, err
		}
	}
	return &PublishResult{Job: job}, nil
}
