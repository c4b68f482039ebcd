// Package flows holds `tabctl flows` (list, get, update, delete, publish,
// download and run Tableau Prep flows, and their connections, tags and
// revisions) and `tabctl flow-runs` (list, get, cancel and wait for the
// runs of flows). Flows are named by id, by name (with --project when
// names repeat), or by path (Project/Flow).
package flows

import (
	"context"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/content"
	"github.com/tsc-go/tsc/internal/cli/jobs"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// NewCmdFlows builds `tabctl flows` and its verbs.
func NewCmdFlows(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "flows <command>",
		Aliases: []string{"flow"},
		Short:   "Publish, download, run, list and manage Tableau Prep flows",
		Args:    cmdutil.NoArgs,
	}
	cmd.AddCommand(newCmdList(f), newCmdGet(f), newCmdUpdate(f), newCmdDelete(f),
		newCmdPublish(f), newCmdDownload(f), newCmdRun(f),
		content.NewCmdConnections(f, Kind), content.NewCmdUpdateConnection(f, Kind),
		content.NewCmdTags(f, Kind), content.NewCmdRevisions(f, Kind))
	return cmd
}

// Extensions are the flow files publish takes.
var Extensions = []string{"tfl", "tflx"}

// Kind is how the shared content verbs (connections, tags, revisions,
// downloads) reach flows.
var Kind = &content.Kind{
	Noun: "flow",
	Resolve: func(ctx context.Context, c *tsc.Client, ref, project string) (string, string, error) {
		fl, err := resources.ResolveFlow(ctx, c, ref, project)
		if err != nil {
			return "", "", err
		}
		return fl.ID, fl.Name, nil
	},
	Connections: func(ctx context.Context, c *tsc.Client, id string) ([]tsc.Connection, error) {
		return c.Flows.Connections(ctx, id)
	},
	UpdateConnection: func(ctx context.Context, c *tsc.Client, id string, conn tsc.Connection) (*tsc.Connection, error) {
		return c.Flows.UpdateConnection(ctx, id, conn)
	},
	AddTags: func(ctx context.Context, c *tsc.Client, id string, tags ...string) ([]string, error) {
		return c.Flows.AddTags(ctx, id, tags...)
	},
	DeleteTag: func(ctx context.Context, c *tsc.Client, id, tag string) error {
		return c.Flows.DeleteTag(ctx, id, tag)
	},
	Revisions: func(ctx context.Context, c *tsc.Client, id string, opts tsc.ListOptions) ([]tsc.Revision, tsc.Pagination, error) {
		return c.Flows.Revisions(ctx, id, opts)
	},
	Files: func(c *tsc.Client) content.Downloader { return c.Flows },
}

func newCmdList(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdList(f, resources.FlowList, cmdutil.Help{
		Short: "List the site's flows",
		Example: `  tabctl flows list --filter projectName:eq:Finance --sort name
  tabctl flows list -o json`,
	}, &cmdutil.ListOptions{})
}

func newCmdGet(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdGet(f, resources.FlowItem, cmdutil.Help{
		Short:   "Show a flow, by id or name",
		Example: `  tabctl flows get "Sales Prep" --project Finance -o json`,
	})
}

func newCmdDelete(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdDelete(f, resources.FlowItem, cmdutil.Deleter[tsc.Flow]{
		Delete: func(ctx context.Context, c *tsc.Client, id string) error { return c.Flows.Delete(ctx, id) },
	}, cmdutil.Help{Short: "Delete a flow (its runs' output data sources stay)"})
}

func newCmdDownload(f *cmdutil.Factory) *cobra.Command {
	opts := &content.DownloadOptions{}
	cmd := &cobra.Command{
		Use:   "download FLOW",
		Short: "Download a flow file (.tfl or .tflx)",
		Long: `Download a flow into a directory (named as the server names it, made
safe), to a file path, or to standard output with --out -. The file appears
only once complete; an existing file is kept unless --overwrite.`,
		Example: `  tabctl flows download "Sales Prep" --out ./backup`,
		Args:    cmdutil.ExactArgs(1, "a flow id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Item = args[0]
			return content.RunDownload(cmd.Context(), f, Kind, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Project, "project", "", resources.FlowItem.ProjectHelp)
	content.AddDownloadFlags(cmd, opts)
	return cmd
}

// UpdateOptions are the settings of `flows update`; only what is set changes.
type UpdateOptions struct {
	Output cmdutil.OutputFlags
	// Flow is an id or a name; Project narrows a name.
	Flow, Project string
	Name          string
	Description   string
	// MoveTo is the project to move to; Owner the new owner.
	MoveTo, Owner string
}

func newCmdUpdate(f *cmdutil.Factory) *cobra.Command {
	opts := &UpdateOptions{}
	cmd := &cobra.Command{
		Use:   "update FLOW",
		Short: "Move a flow, give it away, rename it or describe it",
		Example: `  tabctl flows update "Sales Prep" --move-to Finance --owner alice
  tabctl flows update 5d1e... --description "Nightly orders"`,
		Args: cmdutil.ExactArgs(1, "a flow id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Flow = args[0]
			return RunUpdate(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	fl := cmd.Flags()
	fl.StringVar(&opts.Project, "project", "", resources.FlowItem.ProjectHelp)
	fl.StringVar(&opts.Name, "name", "", "new name")
	fl.StringVar(&opts.Description, "description", "", "new description")
	fl.StringVar(&opts.MoveTo, "move-to", "", "move to this project (name, path or id)")
	fl.StringVar(&opts.Owner, "owner", "", "new owner (user id or name)")
	return cmd
}

// RunUpdate changes the flow and prints it.
func RunUpdate(ctx context.Context, f *cmdutil.Factory, opts *UpdateOptions) error {
	p, err := cmdutil.NewPrinter(resources.FlowTable, opts.Output)
	if err != nil {
		return err
	}
	if opts.Name == "" && opts.Description == "" && opts.MoveTo == "" && opts.Owner == "" {
		return cmdutil.FlagErrorf("nothing to update: give at least one of --name, --description, --move-to, --owner")
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	fl, err := resources.ResolveFlow(ctx, c, opts.Flow, opts.Project)
	if err != nil {
		return err
	}
	change := tsc.Flow{ID: fl.ID, Name: opts.Name, Description: opts.Description}
	if change.Project, change.Owner, err = resources.Placement(ctx, c, opts.MoveTo, opts.Owner); err != nil {
		return err
	}
	updated, err := c.Flows.Update(ctx, change)
	if err != nil {
		return err
	}
	return p.One(f.IO.Out, resources.NewFlowRow(*updated))
}

// PublishOptions are the settings of `flows publish`.
type PublishOptions struct {
	Output cmdutil.OutputFlags
	// Project is a project name or path; ProjectID an id; neither means
	// the Default project.
	Project, ProjectID string
	Name, Description  string
	Overwrite          bool
	// File is the .tfl or .tflx to publish.
	File string
}

func newCmdPublish(f *cmdutil.Factory) *cobra.Command {
	opts := &PublishOptions{}
	cmd := &cobra.Command{
		Use:   "publish FILE",
		Short: "Publish a flow (.tfl or .tflx)",
		Long: `Publish a Tableau Prep flow file into a project (by name or path with
--project, by id with --project-id, the "Default" project otherwise). Large
files go up in parts. On a terminal a progress bar shows bytes sent.`,
		Example: `  tabctl flows publish "Sales Prep.tfl" --project Finance
  tabctl flows publish "Sales Prep.tflx" --project Finance --overwrite`,
		Args: cmdutil.ExactArgs(1, "the flow file to publish"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			return RunPublish(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	fl := cmd.Flags()
	fl.StringVar(&opts.Project, "project", "", `project to publish into, by name or path (default "Default")`)
	fl.StringVar(&opts.ProjectID, "project-id", "", "project to publish into, by id")
	fl.StringVarP(&opts.Name, "name", "n", "", "name on the server (default: the file's name without extension)")
	fl.StringVar(&opts.Description, "description", "", "description")
	cmdutil.AddOverwriteFlag(cmd, &opts.Overwrite, "replace the flow of the same name in the project (a new revision)")
	return cmd
}

// RunPublish publishes the flow and prints it.
func RunPublish(ctx context.Context, f *cmdutil.Factory, opts *PublishOptions) error {
	p, err := cmdutil.NewPrinter(resources.FlowTable, opts.Output)
	if err != nil {
		return err
	}
	pf := resources.PublishFlags{Project: opts.Project, ProjectID: opts.ProjectID, Overwrite: opts.Overwrite}
	if err := pf.Check(); err != nil {
		return err
	}
	if err := cmdutil.CheckUpload(opts.File, Extensions...); err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	proj, err := pf.ResolveTarget(ctx, c)
	if err != nil {
		return err
	}
	bar := cmdutil.NewByteProgress(f.IO, "Publishing "+filepath.Base(opts.File))
	defer bar.Finish()
	out, err := c.Flows.Publish(ctx, tsc.Flow{Name: opts.Name, Description: opts.Description, Project: proj},
		tsc.PublishSource{Path: opts.File}, tsc.PublishOptions{Mode: pf.Mode(), Progress: bar.Callback()})
	if err != nil {
		return err
	}
	bar.Finish()
	return p.One(f.IO.Out, resources.NewFlowRow(*out))
}

// RunOptions are the settings of `flows run`.
type RunOptions struct {
	Output        cmdutil.OutputFlags
	Flow, Project string
	// Wait waits for the run to end; WaitTimeout bounds it.
	Wait        bool
	WaitTimeout time.Duration
}

func newCmdRun(f *cmdutil.Factory) *cobra.Command {
	opts := &RunOptions{}
	cmd := &cobra.Command{
		Use:   "run FLOW",
		Short: "Run a flow now and print its run",
		Long: `Run a flow now: the server starts a RunFlow job and the run appears in
flow-runs list. With --wait, wait for the run to end (exit 1 when it fails
or is cancelled).`,
		Example: `  tabctl flows run "Sales Prep" --wait --wait-timeout 30m`,
		Args:    cmdutil.ExactArgs(1, "a flow id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Flow = args[0]
			return RunRun(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	cmd.Flags().StringVar(&opts.Project, "project", "", resources.FlowItem.ProjectHelp)
	cmdutil.AddWaitFlags(cmd, &opts.Wait, &opts.WaitTimeout, "wait for the run to end")
	return cmd
}

// RunRun runs the flow and prints the run.
func RunRun(ctx context.Context, f *cmdutil.Factory, opts *RunOptions) error {
	p, err := cmdutil.NewPrinter(resources.FlowRunTable, opts.Output)
	if err != nil {
		return err
	}
	if opts.WaitTimeout < 0 {
		return cmdutil.FlagErrorf("--wait-timeout %s is negative", opts.WaitTimeout)
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	fl, err := resources.ResolveFlow(ctx, c, opts.Flow, opts.Project)
	if err != nil {
		return err
	}
	job, err := c.Flows.Run(ctx, fl.ID)
	if err != nil {
		return err
	}
	run := tsc.FlowRun{FlowID: fl.ID, Status: tsc.FlowRunPending, BackgroundJobID: job.ID, StartedAt: job.CreatedAt}
	if job.RunFlowJob != nil {
		run.ID = job.RunFlowJob.FlowRunID
	}
	if opts.Wait && run.ID != "" {
		got, err := waitRun(ctx, c, run.ID, opts.WaitTimeout)
		if got != nil {
			run = *got
		}
		if err != nil {
			p.One(f.IO.Out, resources.NewFlowRunRow(run))
			return err
		}
	}
	return p.One(f.IO.Out, resources.NewFlowRunRow(run))
}

func waitRun(ctx context.Context, c *tsc.Client, id string, timeout time.Duration) (*tsc.FlowRun, error) {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	return c.FlowRuns.Wait(ctx, id, tsc.WaitOptions{MinInterval: jobs.PollInterval})
}

// NewCmdFlowRuns builds `tabctl flow-runs` and its verbs.
func NewCmdFlowRuns(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "flow-runs <command>",
		Aliases: []string{"flow-run"},
		Short:   "List, follow, wait for and cancel the runs of flows",
		Args:    cmdutil.NoArgs,
	}
	list := cmdutil.NewCmdList(f, resources.FlowRunList, cmdutil.Help{
		Short:   "List the runs of the site's flows, newest first",
		Example: `  tabctl flow-runs list --filter flowId:eq:5d1e...`,
	}, &cmdutil.ListOptions{})
	get := cmdutil.NewCmdGet(f, resources.FlowRunItem, cmdutil.Help{Short: "Show a flow run"})
	cmd.AddCommand(list, get, newCmdCancel(f), newCmdWait(f))
	return cmd
}

func newCmdCancel(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "cancel ID",
		Short: "Cancel a flow run (a finished run is left as it is)",
		Args:  cmdutil.ExactArgs(1, "a flow run id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := f.Client(cmd.Context())
			if err != nil {
				return err
			}
			if err := c.FlowRuns.Cancel(cmd.Context(), args[0]); err != nil {
				return err
			}
			f.Successf("Asked to cancel flow run %s\n", args[0])
			return nil
		},
	}
}

func newCmdWait(f *cmdutil.Factory) *cobra.Command {
	var output cmdutil.OutputFlags
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "wait ID",
		Short: "Wait for a flow run to end; exit 1 if it fails or is cancelled",
		Args:  cmdutil.ExactArgs(1, "a flow run id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := cmdutil.NewPrinter(resources.FlowRunTable, output)
			if err != nil {
				return err
			}
			if timeout < 0 {
				return cmdutil.FlagErrorf("--wait-timeout %s is negative", timeout)
			}
			c, err := f.Client(cmd.Context())
			if err != nil {
				return err
			}
			run, err := waitRun(cmd.Context(), c, args[0], timeout)
			if run != nil {
				p.One(f.IO.Out, resources.NewFlowRunRow(*run))
			}
			return err
		},
	}
	cmdutil.AddOutputFlags(cmd, &output)
	cmd.Flags().DurationVar(&timeout, "wait-timeout", 0, "give up waiting after this long, e.g. 30m (0: no limit; --timeout bounds each request)")
	return cmd
}
