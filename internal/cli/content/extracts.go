package content

import (
	"context"
	"time"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// ExtractOptions are the settings of `<noun> create-extract` and
// `<noun> delete-extract`.
type ExtractOptions struct {
	Output cmdutil.OutputFlags
	Ref
	// Encrypt encrypts the extracts created.
	Encrypt bool
	// DatasourceIDs name embedded data sources of a workbook; none for all.
	DatasourceIDs []string
	Wait          bool
	Timeout       time.Duration
}

// NewCmdCreateExtract builds `<noun> create-extract ITEM`.
func NewCmdCreateExtract(f *cmdutil.Factory, k *Kind) *cobra.Command {
	return newCmdExtract(f, k, true)
}

// NewCmdDeleteExtract builds `<noun> delete-extract ITEM`.
func NewCmdDeleteExtract(f *cmdutil.Factory, k *Kind) *cobra.Command {
	return newCmdExtract(f, k, false)
}

func newCmdExtract(f *cmdutil.Factory, k *Kind, create bool) *cobra.Command {
	opts := &ExtractOptions{}
	verb, short, long := "delete-extract", "Delete the "+k.Noun+"'s extracts and print the job",
		"Remove the extracts of a "+k.Noun+": it then queries its data live, and downloads\nwithout the extract files."
	if create {
		verb, short, long = "create-extract", "Create extracts of the "+k.Noun+"'s data and print the job",
			"Create extracts of a "+k.Noun+"'s data (--encrypt to encrypt them at rest; a\nsite whose extract encryption is enforced encrypts them anyway)."
	}
	if k.Embedded {
		long += "\n\nA workbook's extracts are per embedded data source: --datasource-id (repeatable)\nnames some, by the ids `workbooks connections` shows; without it, all."
	}
	long += "\n\nThe work is a job on the server; with --wait, wait for it to end (exit 1 if it fails)."
	cmd := &cobra.Command{
		Use:     verb + " " + upper(k.Noun),
		Short:   short,
		Long:    long,
		Example: "  tabctl " + k.command() + " " + verb + " Sales --project Finance --wait",
		Args:    cmdutil.ExactArgs(1, "a "+k.Noun+" id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Item = args[0]
			return RunExtract(cmd.Context(), f, k, create, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	addProject(cmd, k, &opts.Project)
	if create {
		cmd.Flags().BoolVar(&opts.Encrypt, "encrypt", false, "encrypt the extracts")
	}
	if k.Embedded {
		cmd.Flags().StringArrayVar(&opts.DatasourceIDs, "datasource-id", nil, "an embedded data source, by id (repeatable; default: all)")
	}
	cmdutil.AddWaitFlags(cmd, &opts.Wait, &opts.Timeout, "wait for the job to end")
	return cmd
}

// RunExtract creates or deletes the extracts, waits when asked, and prints
// the job.
func RunExtract(ctx context.Context, f *cmdutil.Factory, k *Kind, create bool, opts *ExtractOptions) error {
	p, err := cmdutil.NewPrinter(resources.JobTable, opts.Output)
	if err != nil {
		return err
	}
	if opts.Timeout < 0 || (opts.Timeout > 0 && !opts.Wait) {
		return cmdutil.FlagErrorf("--wait-timeout takes a positive duration and goes with --wait")
	}
	for _, id := range opts.DatasourceIDs {
		if id == "" {
			return cmdutil.FlagErrorf("--datasource-id takes a data source id")
		}
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	id, name, err := k.Resolve(ctx, c, opts.Item, opts.Project)
	if err != nil {
		return err
	}
	var job *tsc.Job
	label := "Deleting the extracts of " + name
	if create {
		label = "Creating extracts of " + name
		job, err = k.CreateExtract(ctx, c, id, opts.Encrypt, opts.DatasourceIDs)
	} else {
		job, err = k.DeleteExtract(ctx, c, id, opts.DatasourceIDs)
	}
	if err != nil {
		return err
	}
	if job == nil {
		// A server that answers deleteExtract without a job (TSC expects
		// none) has done or queued the work; there is nothing to follow.
		f.Successf("The extracts of %s are being deleted\n", name)
		return nil
	}
	return finishJob(ctx, f, c, p, job, opts.Wait, opts.Timeout, label)
}
