package datasources

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// DownloadOptions are the settings of `datasources download`.
type DownloadOptions struct {
	// Datasource is an id or a name; Project narrows a name.
	Datasource string
	Project    string
	// Out is an existing directory (the server names the file), a file
	// path, or "-" for standard output. Empty is the current directory.
	Out       string
	NoExtract bool
	Overwrite bool
	// Revision, when positive, downloads that revision.
	Revision int
}

func newCmdDownload(f *cmdutil.Factory) *cobra.Command {
	opts := &DownloadOptions{}
	cmd := &cobra.Command{
		Use:   "download DATASOURCE",
		Short: "Download a data source file (.tdsx, or .tds without extract)",
		Long: `Download a data source into a directory (named as the server names it,
made safe), to a file path, or to standard output with -o -. The file
appears only once complete; an existing file is kept unless --overwrite.
On a terminal a progress bar shows bytes received, rate and time left.`,
		Example: `  tabctl datasources download 5d1e... -o ./backup
  tabctl datasources download Orders --project Finance -o orders.tds --no-extract`,
		Args: cmdutil.ExactArgs(1, "a data source id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Datasource = args[0]
			return RunDownload(cmd.Context(), f, opts)
		},
	}
	addProjectFlag(cmd, &opts.Project)
	fl := cmd.Flags()
	fl.StringVarP(&opts.Out, "out", "o", "", "directory or file to save to, - for standard output (default: the current directory)")
	fl.BoolVar(&opts.NoExtract, "no-extract", false, "leave the extract out")
	fl.BoolVar(&opts.Overwrite, "overwrite", false, "replace an existing file")
	fl.IntVar(&opts.Revision, "revision", 0, "download this revision instead of the current one")
	return cmd
}

// RunDownload downloads the data source and says where it went (on
// stderr, since stdout may be the file itself).
func RunDownload(ctx context.Context, f *cmdutil.Factory, opts *DownloadOptions) error {
	d, err := Download(ctx, f, opts)
	if err != nil {
		return err
	}
	if d.Path != "" {
		f.IO.Infof("Saved %s (%s)\n", d.Path, cmdutil.HumanBytes(d.Size))
	}
	return nil
}

// Download downloads the data source without reporting it.
func Download(ctx context.Context, f *cmdutil.Factory, opts *DownloadOptions) (*tsc.Download, error) {
	if opts.Revision < 0 {
		return nil, cmdutil.FlagErrorf("--revision %d is not positive", opts.Revision)
	}
	if err := cmdutil.CheckDownloadDest(opts.Out, opts.Overwrite); err != nil {
		return nil, err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return nil, err
	}
	ds, err := resources.ResolveDatasource(ctx, c, opts.Datasource, opts.Project)
	if err != nil {
		return nil, err
	}
	bar := cmdutil.NewByteProgress(f.IO, "Downloading "+ds.Name)
	defer bar.Finish()
	do := tsc.DownloadOptions{Overwrite: opts.Overwrite, ExcludeExtract: opts.NoExtract, Progress: bar.Callback()}
	dest := opts.Out
	if dest == "" {
		dest = "."
	}
	switch {
	case dest == "-" && opts.Revision > 0:
		return c.Datasources.DownloadRevision(ctx, ds.ID, opts.Revision, f.IO.Out, do)
	case dest == "-":
		return c.Datasources.Download(ctx, ds.ID, f.IO.Out, do)
	case opts.Revision > 0:
		return c.Datasources.DownloadRevisionTo(ctx, ds.ID, opts.Revision, dest, do)
	}
	return c.Datasources.DownloadTo(ctx, ds.ID, dest, do)
}
