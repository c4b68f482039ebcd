package workbooks

import (
	"context"
	"io"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/content"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// ExportOptions are the settings of `workbooks preview-image`, `pdf` and
// `powerpoint`.
type ExportOptions struct {
	// Workbook is an id or a name; Project narrows a name.
	Workbook string
	Project  string
	// Out is the file to write; "-" (or nothing, off a terminal) is stdout.
	Out       string
	Overwrite bool
	// MaxAge (minutes) lets the server answer from its cache (pdf, powerpoint).
	MaxAge int
	// PageType and Orientation shape a PDF.
	PageType    string
	Orientation string
}

func addExportFlags(cmd *cobra.Command, opts *ExportOptions, cache bool) {
	addProjectFlag(cmd, &opts.Project)
	cmdutil.AddOutFlag(cmd, &opts.Out, "file to write, - for standard output")
	cmdutil.AddOverwriteFlag(cmd, &opts.Overwrite, "replace an existing file")
	if cache {
		cmd.Flags().IntVar(&opts.MaxAge, "max-age", 0, "accept a cached rendering up to this many minutes old")
	}
}

func newCmdPreviewImage(f *cmdutil.Factory) *cobra.Command {
	opts := &ExportOptions{}
	cmd := &cobra.Command{
		Use:     "preview-image WORKBOOK",
		Short:   "Save the workbook's thumbnail (PNG)",
		Example: `  tabctl workbooks preview-image 3f2a... --out thumb.png`,
		Args:    cmdutil.ExactArgs(1, "a workbook id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Workbook = args[0]
			return RunPreviewImage(cmd.Context(), f, opts)
		},
	}
	addExportFlags(cmd, opts, false)
	return cmd
}

func newCmdPDF(f *cmdutil.Factory) *cobra.Command {
	opts := &ExportOptions{}
	cmd := &cobra.Command{
		Use:     "pdf WORKBOOK",
		Short:   "Save a PDF of the workbook's sheets",
		Example: `  tabctl workbooks pdf Sales --project Finance --out sales.pdf --page-type A4 --orientation Landscape`,
		Args:    cmdutil.ExactArgs(1, "a workbook id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Workbook = args[0]
			return RunPDF(cmd.Context(), f, opts)
		},
	}
	addExportFlags(cmd, opts, true)
	cmd.Flags().StringVar(&opts.PageType, "page-type", "", "A3, A4, A5, B4, B5, Executive, Folio, Ledger, Legal, Letter, Note, Quarto or Tabloid")
	cmd.Flags().StringVar(&opts.Orientation, "orientation", "", "Portrait or Landscape")
	return cmd
}

func newCmdPowerPoint(f *cmdutil.Factory) *cobra.Command {
	opts := &ExportOptions{}
	cmd := &cobra.Command{
		Use:     "powerpoint WORKBOOK",
		Short:   "Save a PowerPoint (.pptx) of the workbook's sheets",
		Example: `  tabctl workbooks powerpoint 3f2a... --out sales.pptx`,
		Args:    cmdutil.ExactArgs(1, "a workbook id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Workbook = args[0]
			return RunPowerPoint(cmd.Context(), f, opts)
		},
	}
	addExportFlags(cmd, opts, true)
	return cmd
}

// PageTypes and Orientations are the values --page-type and
// --orientation take.
var (
	PageTypes    = []string{tsc.PageA3, tsc.PageA4, tsc.PageA5, tsc.PageB4, tsc.PageB5, tsc.PageExecutive, tsc.PageFolio, tsc.PageLedger, tsc.PageLegal, tsc.PageLetter, tsc.PageNote, tsc.PageQuarto, tsc.PageTabloid}
	Orientations = []string{tsc.Portrait, tsc.Landscape}
)

// run checks the flags, resolves the workbook and runs one export.
func (opts *ExportOptions) run(ctx context.Context, f *cmdutil.Factory, what string,
	fn func(ctx context.Context, c *tsc.Client, id string, w io.Writer, progress func(int64, int64)) (*tsc.Download, error)) error {
	if opts.MaxAge < 0 {
		return cmdutil.FlagErrorf("--max-age %d is negative", opts.MaxAge)
	}
	out, err := cmdutil.ResolveOutput(f.IO, opts.Out, opts.Overwrite)
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
	return content.Export(ctx, f, out, what+" "+wb.Name, func(ctx context.Context, w io.Writer, progress func(int64, int64)) (*tsc.Download, error) {
		return fn(ctx, c, wb.ID, w, progress)
	})
}

// RunPreviewImage saves the workbook's thumbnail.
func RunPreviewImage(ctx context.Context, f *cmdutil.Factory, opts *ExportOptions) error {
	return opts.run(ctx, f, "Fetching the preview of", func(ctx context.Context, c *tsc.Client, id string, w io.Writer, _ func(int64, int64)) (*tsc.Download, error) {
		return c.Workbooks.PreviewImage(ctx, id, w)
	})
}

// RunPDF saves a PDF of the workbook.
func RunPDF(ctx context.Context, f *cmdutil.Factory, opts *ExportOptions) error {
	pt, err := cmdutil.OneOf("page-type", opts.PageType, PageTypes...)
	if err != nil {
		return err
	}
	or, err := cmdutil.OneOf("orientation", opts.Orientation, Orientations...)
	if err != nil {
		return err
	}
	return opts.run(ctx, f, "Exporting", func(ctx context.Context, c *tsc.Client, id string, w io.Writer, progress func(int64, int64)) (*tsc.Download, error) {
		return c.Workbooks.PDF(ctx, id, w, tsc.PDFOptions{PageType: pt, Orientation: or, MaxAge: opts.MaxAge, Progress: progress})
	})
}

// RunPowerPoint saves a .pptx of the workbook.
func RunPowerPoint(ctx context.Context, f *cmdutil.Factory, opts *ExportOptions) error {
	return opts.run(ctx, f, "Exporting", func(ctx context.Context, c *tsc.Client, id string, w io.Writer, _ func(int64, int64)) (*tsc.Download, error) {
		return c.Workbooks.PowerPoint(ctx, id, w, opts.MaxAge)
	})
}
