package content

import (
	"context"
	"io"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// ExportFunc streams one export to w, reporting progress.
type ExportFunc func(ctx context.Context, w io.Writer, progress func(done, total int64)) (*tsc.Download, error)

// Export runs an export into out (checked beforehand with
// cmdutil.ResolveOutput), with a progress bar on a terminal, and says
// where a file went (on stderr: stdout may be the export itself).
func Export(ctx context.Context, f *cmdutil.Factory, out cmdutil.Output, desc string, fn ExportFunc) error {
	bar := cmdutil.NewByteProgress(f.IO, desc)
	defer bar.Finish()
	var d *tsc.Download
	err := out.Write(f.IO, func(w io.Writer) error {
		var err error
		d, err = fn(ctx, w, bar.Callback())
		return err
	})
	bar.Finish()
	if err != nil {
		return err
	}
	if !out.ToStdout() {
		f.IO.Infof("Saved %s (%s)\n", out.Path, cmdutil.HumanBytes(d.Size))
	}
	return nil
}
