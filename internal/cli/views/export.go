package views

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/content"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// Target is what the image, pdf and csv commands export: views, or custom
// views (internal/cli/customviews), which share the commands, their flags
// and checks, and differ only in how an argument is resolved and which
// SDK calls export it.
type Target struct {
	// Noun names one item ("view"); Cmd is its command ("views"), for
	// examples; Arg and ArgHelp name the argument.
	Noun, Cmd, Arg, ArgHelp string
	// ProjectHelp, when set, adds --project to narrow a name.
	ProjectHelp string
	// Resolve turns a reference that is not an id (or comes with
	// --project) into an id.
	Resolve func(ctx context.Context, c *tsc.Client, ref, project string) (string, error)
	// Image, PDF and CSV pick the SDK's export calls.
	Image func(c *tsc.Client) func(context.Context, string, io.Writer, tsc.ImageOptions) (*tsc.Download, error)
	PDF   func(c *tsc.Client) func(context.Context, string, io.Writer, tsc.PDFOptions) (*tsc.Download, error)
	CSV   func(c *tsc.Client) func(context.Context, string, io.Writer, tsc.DataOptions) (*tsc.Download, error)
	// Examples are the verbs' examples (image, pdf, csv).
	Examples map[string]string
}

// ViewTarget exports views.
var ViewTarget = &Target{
	Noun: "view", Cmd: "views", Arg: "VIEW", ArgHelp: resources.ViewItem.ArgHelp, ProjectHelp: resources.ViewItem.ProjectHelp,
	Resolve: func(ctx context.Context, c *tsc.Client, ref, project string) (string, error) {
		v, err := resources.ResolveView(ctx, c, ref, project)
		if err != nil {
			return "", err
		}
		return v.ID, nil
	},
	Image: func(c *tsc.Client) func(context.Context, string, io.Writer, tsc.ImageOptions) (*tsc.Download, error) {
		return c.Views.Image
	},
	PDF: func(c *tsc.Client) func(context.Context, string, io.Writer, tsc.PDFOptions) (*tsc.Download, error) {
		return c.Views.PDF
	},
	CSV: func(c *tsc.Client) func(context.Context, string, io.Writer, tsc.DataOptions) (*tsc.Download, error) {
		return c.Views.CSV
	},
	Examples: map[string]string{
		"image": `  tabctl views image 8e4f... --out view.png
  tabctl views image 8e4f... --out emea.png --filter-view Region=EMEA --param Year=2024 --width 1600 --height 900 --high-res`,
		"pdf": `  tabctl views pdf 8e4f... --out view.pdf --page-type A4 --orientation Landscape --filter-view Region=EMEA`,
		"csv": `  tabctl views csv 8e4f... --out data.csv --filter-view Region=EMEA
  tabctl views csv 8e4f... | head`,
	},
}

// ExportOptions are the settings of the view exports (image, pdf, csv,
// excel, preview-image); each export reads the fields that apply to it.
type ExportOptions struct {
	// Target is what is exported; nil means views.
	Target *Target
	// ID names the view: its id, name or Workbook/View path; Project
	// narrows a name. Run functions replace it with the view's id.
	ID      string
	Project string
	// Out is the file to write; "-" (or nothing, off a terminal) is stdout.
	Out       string
	Overwrite bool
	// MaxAge (minutes) lets the server answer from its cache.
	MaxAge int
	// Filters are "field=value" view filters, sent as vf_<field>; a field
	// given twice matches either value.
	Filters []string
	// Params are "name=value" workbook parameters (REST 3.23).
	Params []string
	// Width and Height set the rendered size in pixels (REST 3.23).
	Width, Height int
	// HighRes doubles an image's pixel density.
	HighRes bool
	// PageType and Orientation shape a PDF.
	PageType    string
	Orientation string
}

// target is what opts export: views unless set.
func (opts *ExportOptions) target() *Target {
	if opts.Target == nil {
		return ViewTarget
	}
	return opts.Target
}

func addExportFlags(cmd *cobra.Command, opts *ExportOptions, filters, size bool) {
	fl := cmd.Flags()
	if h := opts.target().ProjectHelp; h != "" {
		cmd.Flags().StringVar(&opts.Project, "project", "", h)
	}
	cmdutil.AddOutFlag(cmd, &opts.Out, "file to write, - for standard output")
	cmdutil.AddOverwriteFlag(cmd, &opts.Overwrite, "replace an existing file")
	if !filters {
		return
	}
	fl.IntVar(&opts.MaxAge, "max-age", 0, "accept a cached rendering up to this many minutes old")
	fl.StringArrayVar(&opts.Filters, "filter-view", nil, "narrow the data: field=value (vf_field=value); repeatable")
	fl.StringArrayVar(&opts.Params, "param", nil, "set a workbook parameter: name=value (REST 3.23); repeatable")
	if size {
		fl.IntVar(&opts.Width, "width", 0, "rendered width in pixels (with --height; REST 3.23)")
		fl.IntVar(&opts.Height, "height", 0, "rendered height in pixels (with --width; REST 3.23)")
	}
}

// exportFilters reads --filter-view and --param.
func (opts *ExportOptions) exportFilters() (tsc.ExportFilters, error) {
	var ef tsc.ExportFilters
	for _, kv := range opts.Filters {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return ef, cmdutil.FlagErrorf("--filter-view %q is not field=value", kv)
		}
		if ef.Filters == nil {
			ef.Filters = map[string]string{}
		}
		if old, dup := ef.Filters[k]; dup {
			v = old + "," + v
		}
		ef.Filters[k] = v
	}
	for _, kv := range opts.Params {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return ef, cmdutil.FlagErrorf("--param %q is not name=value", kv)
		}
		if ef.Parameters == nil {
			ef.Parameters = map[string]string{}
		}
		ef.Parameters[k] = v
	}
	return ef, nil
}

func (opts *ExportOptions) check() error {
	if opts.MaxAge < 0 {
		return cmdutil.FlagErrorf("--max-age %d is negative", opts.MaxAge)
	}
	if opts.Width < 0 || opts.Height < 0 || (opts.Width == 0) != (opts.Height == 0) {
		return cmdutil.FlagErrorf("give --width and --height together, as positive pixel counts")
	}
	return nil
}

type exportCall func(ctx context.Context, c *tsc.Client, w io.Writer, progress func(int64, int64)) (*tsc.Download, error)

// run checks the output, signs in and runs one export of the view.
func (opts *ExportOptions) run(ctx context.Context, f *cmdutil.Factory, what string, call exportCall) error {
	out, err := cmdutil.ResolveOutput(f.IO, opts.Out, opts.Overwrite)
	if err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	t := opts.target()
	if !resources.LooksLikeID(opts.ID) || opts.Project != "" {
		id, err := t.Resolve(ctx, c, opts.ID, opts.Project)
		if err != nil {
			return err
		}
		opts.ID = id
	}
	return content.Export(ctx, f, out, what+" "+t.Noun+" "+opts.ID, func(ctx context.Context, w io.Writer, progress func(int64, int64)) (*tsc.Download, error) {
		return call(ctx, c, w, progress)
	})
}

// NewCmdImage builds the image command of t.
func NewCmdImage(f *cmdutil.Factory, t *Target) *cobra.Command {
	opts := &ExportOptions{Target: t}
	cmd := &cobra.Command{
		Use:     "image " + t.Arg,
		Short:   "Save a PNG image of the " + t.Noun,
		Example: t.Examples["image"],
		Args:    cmdutil.ExactArgs(1, t.ArgHelp),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			return RunImage(cmd.Context(), f, opts)
		},
	}
	addExportFlags(cmd, opts, true, true)
	cmd.Flags().BoolVar(&opts.HighRes, "high-res", false, "render at high resolution")
	return cmd
}

// RunImage saves a PNG of the view (or of opts.Target's item).
func RunImage(ctx context.Context, f *cmdutil.Factory, opts *ExportOptions) error {
	if err := opts.check(); err != nil {
		return err
	}
	ef, err := opts.exportFilters()
	if err != nil {
		return err
	}
	return opts.run(ctx, f, "Rendering", func(ctx context.Context, c *tsc.Client, w io.Writer, progress func(int64, int64)) (*tsc.Download, error) {
		return opts.target().Image(c)(ctx, opts.ID, w, tsc.ImageOptions{HighResolution: opts.HighRes, MaxAge: opts.MaxAge,
			VizWidth: opts.Width, VizHeight: opts.Height, ExportFilters: ef, Progress: progress})
	})
}

// PageTypes and Orientations are the values --page-type and
// --orientation take.
var (
	PageTypes    = []string{tsc.PageA3, tsc.PageA4, tsc.PageA5, tsc.PageB4, tsc.PageB5, tsc.PageExecutive, tsc.PageFolio, tsc.PageLedger, tsc.PageLegal, tsc.PageLetter, tsc.PageNote, tsc.PageQuarto, tsc.PageTabloid}
	Orientations = []string{tsc.Portrait, tsc.Landscape}
)

// NewCmdPDF builds the pdf command of t.
func NewCmdPDF(f *cmdutil.Factory, t *Target) *cobra.Command {
	opts := &ExportOptions{Target: t}
	cmd := &cobra.Command{
		Use:     "pdf " + t.Arg,
		Short:   "Save a PDF of the " + t.Noun,
		Example: t.Examples["pdf"],
		Args:    cmdutil.ExactArgs(1, t.ArgHelp),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			return RunPDF(cmd.Context(), f, opts)
		},
	}
	addExportFlags(cmd, opts, true, true)
	cmd.Flags().StringVar(&opts.PageType, "page-type", "", "A3, A4, A5, B4, B5, Executive, Folio, Ledger, Legal, Letter, Note, Quarto or Tabloid")
	cmd.Flags().StringVar(&opts.Orientation, "orientation", "", "Portrait or Landscape")
	return cmd
}

// RunPDF saves a PDF of the view (or of opts.Target's item).
func RunPDF(ctx context.Context, f *cmdutil.Factory, opts *ExportOptions) error {
	if err := opts.check(); err != nil {
		return err
	}
	ef, err := opts.exportFilters()
	if err != nil {
		return err
	}
	pt, err := cmdutil.OneOf("page-type", opts.PageType, PageTypes...)
	if err != nil {
		return err
	}
	or, err := cmdutil.OneOf("orientation", opts.Orientation, Orientations...)
	if err != nil {
		return err
	}
	return opts.run(ctx, f, "Exporting", func(ctx context.Context, c *tsc.Client, w io.Writer, progress func(int64, int64)) (*tsc.Download, error) {
		return opts.target().PDF(c)(ctx, opts.ID, w, tsc.PDFOptions{PageType: pt, Orientation: or, MaxAge: opts.MaxAge,
			VizWidth: opts.Width, VizHeight: opts.Height, ExportFilters: ef, Progress: progress})
	})
}

// NewCmdCSV builds the csv command of t.
func NewCmdCSV(f *cmdutil.Factory, t *Target) *cobra.Command {
	opts := &ExportOptions{Target: t}
	cmd := &cobra.Command{
		Use:     "csv " + t.Arg,
		Short:   "Save the " + t.Noun + "'s data as CSV",
		Example: t.Examples["csv"],
		Args:    cmdutil.ExactArgs(1, t.ArgHelp),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			return RunCSV(cmd.Context(), f, opts)
		},
	}
	addExportFlags(cmd, opts, true, false)
	return cmd
}

// RunCSV saves the view's (or opts.Target's item's) data as CSV.
func RunCSV(ctx context.Context, f *cmdutil.Factory, opts *ExportOptions) error {
	return opts.data(ctx, f, "CSV", opts.target().CSV)
}

func newCmdExcel(f *cmdutil.Factory) *cobra.Command {
	opts := &ExportOptions{}
	cmd := &cobra.Command{
		Use:     "excel VIEW",
		Short:   "Save the view's crosstab as an Excel workbook (.xlsx)",
		Example: `  tabctl views excel 8e4f... --out data.xlsx`,
		Args:    cmdutil.ExactArgs(1, resources.ViewItem.ArgHelp),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			return RunExcel(cmd.Context(), f, opts)
		},
	}
	addExportFlags(cmd, opts, true, false)
	return cmd
}

// RunExcel saves the view's crosstab as .xlsx.
func RunExcel(ctx context.Context, f *cmdutil.Factory, opts *ExportOptions) error {
	return opts.data(ctx, f, "Excel", func(c *tsc.Client) func(context.Context, string, io.Writer, tsc.DataOptions) (*tsc.Download, error) {
		return c.Views.Excel
	})
}

func (opts *ExportOptions) data(ctx context.Context, f *cmdutil.Factory, what string,
	pick func(*tsc.Client) func(context.Context, string, io.Writer, tsc.DataOptions) (*tsc.Download, error)) error {
	if err := opts.check(); err != nil {
		return err
	}
	ef, err := opts.exportFilters()
	if err != nil {
		return err
	}
	return opts.run(ctx, f, "Exporting "+what+" of", func(ctx context.Context, c *tsc.Client, w io.Writer, progress func(int64, int64)) (*tsc.Download, error) {
		return pick(c)(ctx, opts.ID, w, tsc.DataOptions{MaxAge: opts.MaxAge, ExportFilters: ef, Progress: progress})
	})
}

func newCmdPreviewImage(f *cmdutil.Factory) *cobra.Command {
	opts := &ExportOptions{}
	cmd := &cobra.Command{
		Use:     "preview-image VIEW",
		Short:   "Save the view's thumbnail (PNG)",
		Example: `  tabctl views preview-image 8e4f... --out thumb.png`,
		Args:    cmdutil.ExactArgs(1, resources.ViewItem.ArgHelp),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			return RunPreviewImage(cmd.Context(), f, opts)
		},
	}
	addExportFlags(cmd, opts, false, false)
	return cmd
}

// RunPreviewImage saves the view's thumbnail; the endpoint needs the
// view's workbook, which a first request finds.
func RunPreviewImage(ctx context.Context, f *cmdutil.Factory, opts *ExportOptions) error {
	return opts.run(ctx, f, "Fetching the preview of", func(ctx context.Context, c *tsc.Client, w io.Writer, _ func(int64, int64)) (*tsc.Download, error) {
		v, err := c.Views.Get(ctx, opts.ID)
		if err != nil {
			return nil, err
		}
		if v.Workbook == nil || v.Workbook.ID == "" {
			return nil, fmt.Errorf("the server did not say which workbook view %s belongs to", opts.ID)
		}
		return c.Views.PreviewImage(ctx, v.Workbook.ID, opts.ID, w)
	})
}
