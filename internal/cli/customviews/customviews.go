// Package customviews holds `tabctl custom-views`: list, get, update and
// delete the custom views of the current site, export them (image, pdf,
// csv: the view exports' commands, over custom views), download their
// definition files and publish such files onto workbooks. Tableau's users
// create custom views in its web UI, so there is no create.
package customviews

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/content"
	"github.com/tsc-go/tsc/internal/cli/resources"
	"github.com/tsc-go/tsc/internal/cli/views"
)

// NewCmdCustomViews builds `tabctl custom-views` and its verbs.
func NewCmdCustomViews(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "custom-views <command>",
		Short: "List, change, export, download and publish custom views",
		Long: `List, change, delete and export the site's custom views (saved states of
views), download their definition files and publish such files onto
workbooks. Custom views are created in Tableau's web UI (the emulator:
tsctest's SeedCustomView, or POST /_emulator/customViews).

Who sees what: administrators see every custom view; others their own, and
with --filter viewId:eq:ID or workbookId:eq:ID also the shared ones, of
views they can read. Download and publish are for administrators.`,
		Args: cmdutil.NoArgs,
	}
	cmd.AddCommand(
		cmdutil.NewCmdList(f, resources.CustomViewList, cmdutil.Help{
			Short: "List the custom views you can see",
			Example: `  tabctl custom-views list
  tabctl custom-views list --filter workbookId:eq:3cc6cd06-89ce-4fdc-b935-5294135d6d42 -o json`,
		}, &cmdutil.ListOptions{}),
		cmdutil.NewCmdGet(f, resources.CustomViewItem, cmdutil.Help{
			Short:   "Show a custom view, by id or name",
			Example: `  tabctl custom-views get "West only" -o json`,
		}),
		newCmdUpdate(f),
		cmdutil.NewCmdDelete(f, resources.CustomViewItem, cmdutil.Deleter[tsc.CustomView]{
			Delete: func(ctx context.Context, c *tsc.Client, id string) error { return c.CustomViews.Delete(ctx, id) },
		}, cmdutil.Help{Short: "Delete a custom view"}),
		views.NewCmdImage(f, Target), views.NewCmdPDF(f, Target), views.NewCmdCSV(f, Target),
		newCmdDownload(f), newCmdPublish(f),
	)
	return cmd
}

// Target is how the view export commands reach custom views.
var Target = &views.Target{
	Noun: "custom view", Cmd: "custom-views", Arg: "CUSTOM-VIEW", ArgHelp: resources.CustomViewItem.ArgHelp,
	Resolve: func(ctx context.Context, c *tsc.Client, ref, _ string) (string, error) {
		cv, err := resources.ResolveCustomView(ctx, c, ref)
		if err != nil {
			return "", err
		}
		return cv.ID, nil
	},
	Image: func(c *tsc.Client) func(context.Context, string, io.Writer, tsc.ImageOptions) (*tsc.Download, error) {
		return c.CustomViews.Image
	},
	PDF: func(c *tsc.Client) func(context.Context, string, io.Writer, tsc.PDFOptions) (*tsc.Download, error) {
		return c.CustomViews.PDF
	},
	CSV: func(c *tsc.Client) func(context.Context, string, io.Writer, tsc.DataOptions) (*tsc.Download, error) {
		return c.CustomViews.CSV
	},
	Examples: map[string]string{
		"image": `  tabctl custom-views image "West only" --out west.png --high-res`,
		"pdf":   `  tabctl custom-views pdf "West only" --out west.pdf --page-type A4`,
		"csv":   `  tabctl custom-views csv "West only" --out west.csv`,
	},
}

// UpdateOptions are the settings of `custom-views update`.
type UpdateOptions struct {
	Output cmdutil.OutputFlags
	Ref    string
	Name   string
	Owner  string
}

func newCmdUpdate(f *cmdutil.Factory) *cobra.Command {
	o := &UpdateOptions{}
	cmd := &cobra.Command{
		Use:     "update CUSTOM-VIEW",
		Short:   "Rename a custom view or give it another owner",
		Example: `  tabctl custom-views update "West only" --name "West" --owner ann`,
		Args:    cmdutil.ExactArgs(1, resources.CustomViewItem.ArgHelp),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Ref = args[0]
			return RunUpdate(cmd.Context(), f, o)
		},
	}
	cmdutil.AddOutputFlags(cmd, &o.Output)
	cmd.Flags().StringVar(&o.Name, "name", "", "new name")
	cmd.Flags().StringVar(&o.Owner, "owner", "", "new owner, by id or name")
	return cmd
}

// RunUpdate changes the custom view and prints it.
func RunUpdate(ctx context.Context, f *cmdutil.Factory, o *UpdateOptions) error {
	p, err := cmdutil.NewPrinter(resources.CustomViewTable, o.Output)
	if err != nil {
		return err
	}
	if o.Name == "" && o.Owner == "" {
		return cmdutil.FlagErrorf("nothing to update: give --name or --owner")
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	cv, err := resources.ResolveCustomView(ctx, c, o.Ref)
	if err != nil {
		return err
	}
	change := tsc.CustomView{ID: cv.ID, Name: o.Name}
	if o.Owner != "" {
		u, err := resources.ResolveUser(ctx, c, o.Owner)
		if err != nil {
			return err
		}
		change.Owner = &tsc.User{ID: u.ID}
	}
	out, err := c.CustomViews.Update(ctx, change)
	if err != nil {
		return fmt.Errorf("updating the custom view: %w", err)
	}
	return p.One(f.IO.Out, resources.NewCustomViewRow(*out))
}

// kind lets content.Download save custom view files: they have no
// revisions and no extracts, and the command offers neither flag.
var kind = &content.Kind{
	Noun: "custom view",
	Resolve: func(ctx context.Context, c *tsc.Client, ref, _ string) (string, string, error) {
		cv, err := resources.ResolveCustomView(ctx, c, ref)
		if err != nil {
			return "", "", err
		}
		return cv.ID, cv.Name, nil
	},
	Files: func(c *tsc.Client) content.Downloader { return files{c.CustomViews} },
}

// files adapts CustomViewsService to content.Downloader.
type files struct{ *tsc.CustomViewsService }

func (files) DownloadRevision(context.Context, string, int, io.Writer, tsc.DownloadOptions) (*tsc.Download, error) {
	return nil, fmt.Errorf("custom views have no revisions")
}

func (files) DownloadRevisionTo(context.Context, string, int, string, tsc.DownloadOptions) (*tsc.Download, error) {
	return nil, fmt.Errorf("custom views have no revisions")
}

func newCmdDownload(f *cmdutil.Factory) *cobra.Command {
	o := &content.DownloadOptions{}
	cmd := &cobra.Command{
		Use:   "download CUSTOM-VIEW",
		Short: "Save a custom view's definition file (.json; administrators)",
		Long: `Save a custom view's definition file: JSON, one entry per view of its
workbook with its customized-view document. The file shows filter values in
plain text. Tableau lets administrators download custom views.`,
		Example: `  tabctl custom-views download "West only" --out west.json
  tabctl custom-views download 1f951daf-4061-451a-9df1-69a8062664f2 --out -`,
		Args: cmdutil.ExactArgs(1, resources.CustomViewItem.ArgHelp),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Item = args[0]
			return content.RunDownload(cmd.Context(), f, kind, o)
		},
	}
	cmdutil.AddOutFlag(cmd, &o.Out, "directory or file to save to, - for standard output (default: the current directory)")
	cmdutil.AddOverwriteFlag(cmd, &o.Overwrite, "replace an existing file")
	return cmd
}

// PublishOptions are the settings of `custom-views publish`.
type PublishOptions struct {
	Output   cmdutil.OutputFlags
	File     string
	Workbook string
	Project  string
	Name     string
	Shared   bool
	Owner    string
}

func newCmdPublish(f *cmdutil.Factory) *cobra.Command {
	o := &PublishOptions{}
	cmd := &cobra.Command{
		Use:   "publish FILE",
		Short: "Publish a custom view file onto a workbook (administrators)",
		Long: `Publish a custom view definition file (what download saves) onto a workbook:
its source view must be a view of the workbook. The custom view is named
--name (the file's name without .json by default), owned by --owner (you by
default) and shared with --shared.`,
		Example: `  tabctl custom-views publish west.json --workbook Sales --project Finance --name "West" --shared --owner ann`,
		Args:    cmdutil.ExactArgs(1, "a custom view file (.json)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.File = args[0]
			return RunPublish(cmd.Context(), f, o)
		},
	}
	cmdutil.AddOutputFlags(cmd, &o.Output)
	fl := cmd.Flags()
	fl.StringVar(&o.Workbook, "workbook", "", "the workbook, by id or name (required)")
	fl.StringVar(&o.Project, "project", "", "the project of --workbook, when workbook names repeat")
	fl.StringVar(&o.Name, "name", "", "the custom view's name (default: the file's name)")
	fl.BoolVar(&o.Shared, "shared", false, "share it with everyone who can see the view")
	fl.StringVar(&o.Owner, "owner", "", "its owner, by id or name (default: you)")
	return cmd
}

// RunPublish publishes the file and prints the custom view.
func RunPublish(ctx context.Context, f *cmdutil.Factory, o *PublishOptions) error {
	p, err := cmdutil.NewPrinter(resources.CustomViewTable, o.Output)
	if err != nil {
		return err
	}
	if o.Workbook == "" {
		return cmdutil.FlagErrorf("--workbook is required")
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	wb, err := resources.ResolveWorkbook(ctx, c, o.Workbook, o.Project)
	if err != nil {
		return err
	}
	cv := tsc.CustomView{Name: o.Name, Shared: tsc.Bool(o.Shared), Workbook: &tsc.Workbook{ID: wb.ID}}
	if o.Owner != "" {
		u, err := resources.ResolveUser(ctx, c, o.Owner)
		if err != nil {
			return err
		}
		cv.Owner = &tsc.User{ID: u.ID}
	}
	bar := cmdutil.NewByteProgress(f.IO, "Publishing "+o.File)
	out, err := c.CustomViews.Publish(ctx, cv, tsc.PublishSource{Path: o.File}, tsc.CustomViewPublishOptions{Progress: bar.Callback()})
	bar.Finish()
	if err != nil {
		return err
	}
	return p.One(f.IO.Out, resources.NewCustomViewRow(*out))
}
