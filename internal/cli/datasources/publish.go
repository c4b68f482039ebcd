package datasources

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

// PublishOptions are the settings of `datasources publish`.
type PublishOptions struct {
	Output cmdutil.OutputFlags
	resources.PublishFlags
	// File is the .tds, .tdsx, .tde, .hyper or .parquet to publish.
	File string
	// Append adds the file's rows to an existing extract data source.
	Append bool
	// Wait, with AsJob, waits for the publish job; WaitTimeout bounds it.
	Wait        bool
	WaitTimeout time.Duration
}

func newCmdPublish(f *cmdutil.Factory) *cobra.Command {
	opts := &PublishOptions{}
	cmd := &cobra.Command{
		Use:   "publish FILE",
		Short: "Publish a data source (.tds, .tdsx, .tde, .hyper, .parquet), or append to one",
		Long: `Publish a data source file into a project (by name or path with --project,
by id with --project-id, the "Default" project otherwise). --append adds the
file's rows to an existing extract data source of the same name. On a
terminal a progress bar shows bytes sent, rate and time left.`,
		Example: `  tabctl datasources publish Orders.hyper --project Finance
  tabctl datasources publish NewOrders.hyper --project Finance --name Orders --append
  tabctl datasources publish Sales.tdsx --project Finance --overwrite --db-username etl --db-password "$PW" --save-db-password`,
		Args: cmdutil.ExactArgs(1, "the data source file to publish"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			return RunPublish(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	resources.AddPublishFlags(cmd, &opts.PublishFlags)
	fl := cmd.Flags()
	fl.BoolVar(&opts.Append, "append", false, "add the file's rows to the existing extract data source of that name")
	cmdutil.AddWaitFlags(cmd, &opts.Wait, &opts.WaitTimeout, "with --as-job, wait for the job to end")
	return cmd
}

// PublishResult is what a publish produced: the data source, or with
// AsJob the job (as last seen when waited for).
type PublishResult struct {
	Datasource *tsc.Datasource
	Job        *tsc.Job
}

func (opts *PublishOptions) check() error {
	if err := opts.PublishFlags.Check(); err != nil {
		return err
	}
	if opts.Append && opts.Overwrite {
		return cmdutil.FlagErrorf("--append and --overwrite cannot be used together")
	}
	if opts.Wait && !opts.AsJob {
		return cmdutil.FlagErrorf("--wait goes with --as-job")
	}
	return cmdutil.CheckUpload(opts.File, Extensions...)
}

// RunPublish publishes the data source and prints it (or its job).
func RunPublish(ctx context.Context, f *cmdutil.Factory, opts *PublishOptions) error {
	// --as-job prints the job, so --fields names a job's fields then.
	var dp *cmdutil.Printer[resources.DatasourceRow]
	var jp *cmdutil.Printer[resources.JobRow]
	var err error
	if opts.AsJob {
		jp, err = cmdutil.NewPrinter(resources.JobTable, opts.Output)
	} else {
		dp, err = cmdutil.NewPrinter(resources.DatasourceItemTable, opts.Output)
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
	return dp.One(f.IO.Out, resources.NewDatasourceRow(*res.Datasource))
}

// Publish publishes the data source without printing it (opts.Output is
// ignored); flags and the file are checked before any request.
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
	mode := opts.Mode()
	if opts.Append {
		mode = tsc.PublishAppend
	}
	ds := tsc.Datasource{Name: opts.Name, Description: opts.Description, Project: proj}
	po := tsc.PublishOptions{Mode: mode, SkipConnectionCheck: opts.SkipConnectionCheck,
		Credentials: opts.Credentials(), Progress: bar.Callback()}
	src := tsc.PublishSource{Path: opts.File}
	if !opts.AsJob {
		out, err := c.Datasources.Publish(ctx, ds, src, po)
		if err != nil {
			return nil, err
		}
		bar.Finish()
		return &PublishResult{Datasource: out}, nil
	}
	job, err := c.Datasources.PublishAsJob(ctx, ds, src, po)
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
