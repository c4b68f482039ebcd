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

// renderOptions shape a view's export, whatever its format.
type renderOptions struct {
	Filters     map[string]string
	Parameters  map[string]string
	Width       int
	Height      int
	MaxAge      int
	PageType    string
	Orientation string
	// HighResolution asks a PNG at twice the pixel density (export --resolution high).
	HighResolution bool
	Progress       func(int64, int64)
}

// viewFormats are the file types a view exports to.
var viewFormats = []string{"png", "pdf", "csv", "xlsx"}

// renderView streams the view in format (png, pdf, csv or xlsx) to w.
func renderView(ctx context.Context, c *tsc.Client, viewID, format string, w io.Writer, o renderOptions) error {
	filters := tsc.ExportFilters{Filters: o.Filters, Parameters: o.Parameters}
	var err error
	switch format {
	case "png":
		_, err = c.Views.Image(ctx, viewID, w, tsc.ImageOptions{MaxAge: o.MaxAge, VizWidth: o.Width, VizHeight: o.Height, HighResolution: o.HighResolution, ExportFilters: filters, Progress: o.Progress})
	case "pdf":
		_, err = c.Views.PDF(ctx, viewID, w, tsc.PDFOptions{PageType: o.PageType, Orientation: o.Orientation, MaxAge: o.MaxAge, VizWidth: o.Width, VizHeight: o.Height, ExportFilters: filters, Progress: o.Progress})
	case "csv":
		_, err = c.Views.CSV(ctx, viewID, w, tsc.DataOptions{MaxAge: o.MaxAge, ExportFilters: filters, Progress: o.Progress})
	case "xlsx":
		_, err = c.Views.Excel(ctx, viewID, w, tsc.DataOptions{MaxAge: o.MaxAge, ExportFilters: filters, Progress: o.Progress})
	default:
		err = fmt.Errorf("a view exports as %s, not %s", strings.Join(viewFormats, ", "), format)
	}
	return err
}

// GetOptions are the inputs of `tabctl get`.
type GetOptions struct {
	// URL is /views/WORKBOOK/VIEW.EXT or /workbooks/WORKBOOK.EXT, with the
	// view's filters and :size in the query.
	URL string
	// Filename is where to save; empty saves VIEW.EXT (or WORKBOOK.EXT) in
	// the current directory. Its extension, when it has one, picks the format.
	Filename string
}

// NewCmdGet builds `tabctl get`.
func NewCmdGet(f *cmdutil.Factory) *cobra.Command {
	opts := &GetOptions{}
	cmd := &cobra.Command{
		Use:   "get URL",
		Short: "Save a view as PNG, PDF or CSV, or a workbook, by its URL (tabcmd get)",
		Long: `Save what a Tableau URL shows: a view as an image, a PDF or its data, or a
workbook file. The URL is the path of the view or workbook on the server:

  /views/WORKBOOK/VIEW.png   a PNG image of the view (also .pdf, .csv, .xlsx)
  /workbooks/WORKBOOK.twbx   the workbook file (also .twb)

WORKBOOK and VIEW are the names in the view's URL (a workbook's content URL and
a view's URL name). The query filters the view, as in a browser: Region=West
(or vf_Region=West), Parameters.Top=10 for a parameter, and :size=640,480 for
the image size in pixels (REST API 3.23); :refresh=yes asks for fresh data.
The file is VIEW.EXT in the current directory unless -f names another; an
existing file is replaced only once the download is complete.`,
		Example: `  tabctl get "/views/Superstore/Overview.png?:size=640,480" -f overview.png
  tabctl get "/views/Superstore/Overview.csv?Region=West"
  tabctl get /views/Superstore/Overview.pdf -f reports/overview.pdf
  tabctl get /workbooks/Superstore.twbx`,
		Args: cmdutil.ExactArgs(1, "the URL of a view or workbook, e.g. /views/Superstore/Overview.png"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.URL = args[0]
			return RunGet(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Filename, "filename", "f", "", "file to save to (its extension picks the format; a name without the type's extension gets it, as in tabcmd)")
	return cmd
}

// RunGet saves the view or workbook.
func RunGet(ctx context.Context, f *cmdutil.Factory, opts *GetOptions) error {
	u, err := parseGetURL(opts.URL)
	if err != nil {
		return cmdutil.FlagErrorWrap(err)
	}
	format := u.Ext
	if _, ext := splitExt(opts.Filename); ext != "" {
		format = ext
	}
	if format == "" {
		return cmdutil.FlagErrorf("say which file type to get: end the URL or -f with .png, .pdf, .csv, .twbx or .tdsx")
	}
	if u.Datasource != "" {
		return getDatasource(ctx, f, u, format, opts.Filename)
	}
	if u.View == "" {
		if format != "twb" && format != "twbx" {
			return cmdutil.FlagErrorf("a workbook is saved as .twb or .twbx, not .%s", format)
		}
		if len(u.Filters) > 0 || len(u.Parameters) > 0 || u.Width > 0 {
			return cmdutil.FlagErrorf("filters and :size apply to views, not to a workbook download")
		}
	} else if !inFold(format, viewFormats) {
		return cmdutil.FlagErrorf("a view is saved as .png, .pdf, .csv or .xlsx, not .%s", format)
	}

	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	wb, err := findWorkbookByURL(ctx, c, u.Workbook)
	if err != nil {
		return err
	}
	if u.View == "" {
		path := getFileName(opts.Filename, format)
		if path == "" {
			path = safeFileName(u.Workbook) + "." + format
		}
		bar := cmdutil.NewByteProgress(f.IO, "Downloading "+wb.Name)
		err := (cmdutil.Output{Path: path, Overwrite: true}).Write(f.IO, func(w io.Writer) error {
			_, err := c.Workbooks.Download(ctx, wb.ID, w, tsc.DownloadOptions{Progress: bar.Callback()})
			return err
		})
		bar.Finish()
		if err != nil {
			return fmt.Errorf("downloading workbook %q: %w", wb.Name, err)
		}
		f.Successf("Saved workbook %q to %s\n", wb.Name, path)
		return nil
	}
	v, err := findView(ctx, c, wb, u.View)
	if err != nil {
		return err
	}
	path := getFileName(opts.Filename, format)
	if path == "" {
		path = safeFileName(v.Name) + "." + format
	}
	ro := renderOptions{Filters: u.Filters, Parameters: u.Parameters, Width: u.Width, Height: u.Height}
	if u.Refresh {
		ro.MaxAge = 1
	}
	if err := (cmdutil.Output{Path: path, Overwrite: true}).Write(f.IO, func(w io.Writer) error {
		return renderView(ctx, c, v.ID, format, w, ro)
	}); err != nil {
		return fmt.Errorf("exporting view %q: %w", v.Name, err)
	}
	f.Successf("Saved view %q as %s to %s\n", v.Name, strings.ToUpper(format), path)
	return nil
}

// getDatasource saves a data source, as tabcmd's get /datasources/NAME.tdsx:
// the file is NAME.EXT from the URL unless -f names another.
func getDatasource(ctx context.Context, f *cmdutil.Factory, u viewURL, format, filename string) error {
	if format != "tds" && format != "tdsx" {
		return cmdutil.FlagErrorf("a data source is saved as .tds or .tdsx, not .%s", format)
	}
	if len(u.Filters) > 0 || len(u.Parameters) > 0 || u.Width > 0 {
		return cmdutil.FlagErrorf("filters and :size apply to views, not to a data source download")
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	ds, err := findDatasourceByURL(ctx, c, u.Datasource)
	if err != nil {
		return err
	}
	path := getFileName(filename, format)
	if path == "" {
		path = safeFileName(u.Datasource) + "." + format
	}
	bar := cmdutil.NewByteProgress(f.IO, "Downloading "+ds.Name)
	err = (cmdutil.Output{Path: path, Overwrite: true}).Write(f.IO, func(w io.Writer) error {
		_, err := c.Datasources.Download(ctx, ds.ID, w, tsc.DownloadOptions{Progress: bar.Callback()})
		return err
	})
	bar.Finish()
	if err != nil {
		return fmt.Errorf("downloading data source %q: %w", ds.Name, err)
	}
	fmt.Fprintf(f.IO.Out, "Saved data source %q to %s\n", ds.Name, path)
	return nil
}

// getFileName is where get saves with -f name: as tabcmd does
// (filename_from_args), a name that does not end with the file type gets
// it added: -f region saves region.png. Empty stays empty (the caller
// names the file after the item).
func getFileName(name, format string) string {
	if name == "" || strings.HasSuffix(name, format) {
		return name
	}
	return name + "." + format
}
