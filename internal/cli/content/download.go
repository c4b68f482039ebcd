package content

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// DownloadOptions are the settings of `workbooks download` and
// `datasources download`.
type DownloadOptions struct {
	Ref
	// Out is an existing directory (the server names the file), a file
	// path, or "-" for standard output. Empty is the current directory.
	Out       string
	NoExtract bool
	Overwrite bool
	// Revision, when positive, downloads that revision.
	Revision int
}

// AddDownloadFlags registers the download flags (the project flag is the noun's).
func AddDownloadFlags(cmd *cobra.Command, opts *DownloadOptions) {
	fl := cmd.Flags()
	cmdutil.AddOutFlag(cmd, &opts.Out, "directory or file to save to, - for standard output (default: the current directory)")
	fl.BoolVar(&opts.NoExtract, "no-extract", false, "leave the extract out")
	cmdutil.AddOverwriteFlag(cmd, &opts.Overwrite, "replace an existing file")
	fl.IntVar(&opts.Revision, "revision", 0, "download this revision instead of the current one")
}

// RunDownload downloads the item and says where it went (on stderr, since
// stdout may be the file itself).
func RunDownload(ctx context.Context, f *cmdutil.Factory, k *Kind, opts *DownloadOptions) error {
	d, err := Download(ctx, f, k, opts)
	if err != nil {
		return err
	}
	if d.Path != "" {
		f.IO.Infof("Saved %s (%s)\n", d.Path, cmdutil.HumanBytes(d.Size))
	}
	return nil
}

// Download downloads the item without reporting it. Flags and the
// destination are checked before any request.
func Download(ctx context.Context, f *cmdutil.Factory, k *Kind, opts *DownloadOptions) (*tsc.Download, error) {
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
	id, name, err := k.Resolve(ctx, c, opts.Item, opts.Project)
	if err != nil {
		return nil, err
	}
	bar := cmdutil.NewByteProgress(f.IO, "Downloading "+name)
	defer bar.Finish()
	do := tsc.DownloadOptions{Overwrite: opts.Overwrite, ExcludeExtract: opts.NoExtract, Progress: bar.Callback()}
	files := k.Files(c)
	dest := opts.Out
	if dest == "" {
		dest = "."
	}
	switch {
	case dest == "-" && opts.Revision > 0:
		return files.DownloadRevision(ctx, id, opts.Revision, f.IO.Out, do)
	case dest == "-":
		return files.Download(ctx, id, f.IO.Out, do)
	case opts.Revision > 0:
		return files.DownloadRevisionTo(ctx, id, opts.Revision, dest, do)
	}
	return files.DownloadTo(ctx, id, dest, do)
}
