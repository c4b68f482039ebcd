package tabcmd

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// ExportOptions are the inputs of `tabctl export`.
type ExportOptions struct {
	// URL is WORKBOOK/VIEW (WORKBOOK alone with FullPDF), with filters in
	// its query as in a browser.
	URL string
	// Format is png, pdf, csv or fullpdf (every sheet of the workbook).
	Format string
	// Filename is where to save; empty saves VIEW.EXT in the current directory.
	Filename string
	// PageLayout (landscape, portrait) and PageSize (letter, a4, ...) shape
	// PDFs; empty leaves the server's defaults.
	PageLayout string
	PageSize   string
	// Width and Height set the rendered size in pixels (REST API 3.23).
	Width, Height int
	// Filters are FIELD=VALUE pairs added to the URL's.
	Filters []string
	// Resolution is high or standard (PNG only).
	Resolution string
}

// NewCmdExport builds `tabctl export`.
func NewCmdExport(f *cmdutil.Factory) *cobra.Command {
	opts := &ExportOptions{}
	var png, pdf, csv, fullpdf bool
	cmd := &cobra.Command{
		Use:   "export WORKBOOK/VIEW --png|--pdf|--csv|--fullpdf",
		Short: "Export a view as PNG, PDF or CSV, or a workbook as PDF (tabcmd export)",
		Long: `Export a view, named WORKBOOK/VIEW as in its URL (/views/WORKBOOK/VIEW), as a
PNG image (--png), a PDF (--pdf) or its data as CSV (--csv); or every sheet of
a workbook as one PDF (--fullpdf, WORKBOOK alone will do). Filter the view
with its URL's query ("Superstore/Overview?Region=West") or --filter
Region=West. The file is VIEW.EXT in the current directory unless -f names
another.`,
		Example: `  tabctl export Superstore/Overview --png -f overview.png
  tabctl export "Superstore/Overview?Region=West" --csv
  tabctl export Superstore/Overview --pdf --pagelayout landscape --pagesize a4
  tabctl export Superstore --fullpdf -f superstore.pdf`,
		Args: cmdutil.ExactArgs(1, "the view, as WORKBOOK/VIEW"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.URL = args[0]
			switch {
			case png:
				opts.Format = "png"
			case pdf:
				opts.Format = "pdf"
			case csv:
				opts.Format = "csv"
			case fullpdf:
				opts.Format = "fullpdf"
			default:
				return cmdutil.FlagErrorf("say what to export: --png, --pdf, --csv or --fullpdf")
			}
			return RunExport(cmd.Context(), f, opts)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&png, "png", false, "export the view as a PNG image")
	fl.BoolVar(&pdf, "pdf", false, "export the view as a PDF")
	fl.BoolVar(&csv, "csv", false, "export the view's data as CSV")
	fl.BoolVar(&fullpdf, "fullpdf", false, "export every sheet of the workbook as one PDF")
	cmd.MarkFlagsMutuallyExclusive("png", "pdf", "csv", "fullpdf")
	fl.StringVarP(&opts.Filename, "filename", "f", "", "file to save to (default: VIEW.EXT in the current directory)")
	fl.StringVar(&opts.PageLayout, "pagelayout", "", "PDF orientation: landscape or portrait (default: the server's)")
	fl.StringVar(&opts.PageSize, "pagesize", "", "PDF page size: letter, legal, a3, a4, a5, b4, b5, executive, folio, ledger, note, quarto, tabloid")
	fl.IntVar(&opts.Width, "width", 0, "width of the rendering in pixels (with --height)")
	fl.IntVar(&opts.Height, "height", 0, "height of the rendering in pixels (with --width)")
	fl.StringVar(&opts.Resolution, "resolution", "", "PNG resolution: high (twice the pixel density) or standard")
	fl.StringArrayVar(&opts.Filters, "filter", nil, "filter the view: FIELD=VALUE (repeatable; several values: FIELD=A,B)")
	return cmd
}

var pageSizes = []string{tsc.PageA3, tsc.PageA4, tsc.PageA5, tsc.PageB4, tsc.PageB5, tsc.PageExecutive, tsc.PageFolio,
	tsc.PageLedger, tsc.PageLegal, tsc.PageLetter, tsc.PageNote, tsc.PageQuarto, tsc.PageTabloid}

// RunExport exports the view or workbook.
func RunExport(ctx context.Context, f *cmdutil.Factory, opts *ExportOptions) error {
	full := opts.Format == "fullpdf"
	u, err := parseExportURL(opts.URL, full)
	if err != nil {
		return cmdutil.FlagErrorWrap(err)
	}
	for _, fv := range opts.Filters {
		k, v, ok := strings.Cut(fv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return cmdutil.FlagErrorf("--filter %q is not FIELD=VALUE", fv)
		}
		if u.Filters == nil {
			u.Filters = map[string]string{}
		}
		u.Filters[strings.TrimPrefix(k, "vf_")] = v
	}
	ro := renderOptions{Filters: u.Filters, Parameters: u.Parameters, Width: opts.Width, Height: opts.Height}
	if (opts.Width == 0) != (opts.Height == 0) || opts.Width < 0 || opts.Height < 0 {
		return cmdutil.FlagErrorf("give --width and --height together, in pixels")
	}
	if ro.Width == 0 {
		ro.Width, ro.Height = u.Width, u.Height
	}
	if opts.Resolution != "" {
		r, err := cmdutil.OneOf("resolution", opts.Resolution, "high", "standard")
		if err != nil {
			return err
		}
		ro.HighResolution = r == "high"
	}
	if u.Refresh {
		ro.MaxAge = 1
	}
	if opts.PageLayout != "" {
		l, err := cmdutil.OneOf("pagelayout", opts.PageLayout, "landscape", "portrait")
		if err != nil {
			return err
		}
		ro.Orientation = map[string]string{"landscape": tsc.Landscape, "portrait": tsc.Portrait}[l]
	}
	if opts.PageSize != "" {
		s, err := cmdutil.OneOf("pagesize", opts.PageSize, pageSizes...)
		if err != nil {
			return err
		}
		ro.PageType = s
	}
	if (ro.PageType != "" || ro.Orientation != "") && opts.Format != "pdf" && !full {
		return cmdutil.FlagErrorf("--pagelayout and --pagesize are for --pdf and --fullpdf")
	}
	if full && (len(ro.Filters) > 0 || len(ro.Parameters) > 0 || ro.Width > 0) {
		return cmdutil.FlagErrorf("filters and sizes apply to one view: use --pdf for a view, --fullpdf exports the workbook as it is")
	}

	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	wb, err := findWorkbookByURL(ctx, c, u.Workbook)
	if err != nil {
		return err
	}
	if full {
		path := opts.Filename
		if path == "" {
			path = safeFileName(wb.Name) + ".pdf"
		}
		if err := (cmdutil.Output{Path: path, Overwrite: true}).Write(f.IO, func(w io.Writer) error {
			_, err := c.Workbooks.PDF(ctx, wb.ID, w, tsc.PDFOptions{PageType: ro.PageType, Orientation: ro.Orientation})
			return err
		}); err != nil {
			return fmt.Errorf("exporting workbook %q as PDF: %w", wb.Name, err)
		}
		f.Successf("Saved workbook %q as PDF to %s\n", wb.Name, path)
		return nil
	}
	v, err := findView(ctx, c, wb, u.View)
	if err != nil {
		return err
	}
	path := opts.Filename
	if path == "" {
		path = safeFileName(v.Name) + "." + opts.Format
	}
	if err := (cmdutil.Output{Path: path, Overwrite: true}).Write(f.IO, func(w io.Writer) error {
		return renderView(ctx, c, v.ID, opts.Format, w, ro)
	}); err != nil {
		return fmt.Errorf("exporting view %q: %w", v.Name, err)
	}
	f.Successf("Saved view %q as %s to %s\n", v.Name, strings.ToUpper(opts.Format), path)
	return nil
}
