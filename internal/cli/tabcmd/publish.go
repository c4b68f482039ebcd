package tabcmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// PublishOptions are the inputs of `tabctl publish`.
type PublishOptions struct {
	// File is a workbook (.twb, .twbx) or data source (.tds, .tdsx, .hyper, .tde, .parquet).
	File string
	// Name is the name on the server; empty takes the file name without its extension.
	Name string
	// Project defaults to the site's default project ("Default", or "default" on older servers).
	Project           string
	ParentProjectPath string
	Description       string
	// Overwrite replaces content of the same name (tabcmd's -o).
	Overwrite bool
	// Append adds an extract's rows to a data source of the same name.
	Append              bool
	DBUsername          string
	DBPassword          string
	SaveDBPassword      bool
	OAuthUsername       string
	SaveOAuth           bool
	Tabbed              bool
	ThumbnailUsername   string
	SkipConnectionCheck bool
	// FileType and Recursive choose the files when File is a folder.
	FileType  string
	Recursive string
	// Replace is tabcmd's --replace, which the SDK has no mode for yet.
	Replace bool
	// ThumbnailGroup is refused, as tabcmd refuses it.
	ThumbnailGroup   string
	UseTableauBridge bool
}

var (
	workbookExts   = []string{".twb", ".twbx"}
	datasourceExts = []string{".tds", ".tdsx", ".hyper", ".tde", ".parquet"}
)

// NewCmdPublish builds `tabctl publish`.
func NewCmdPublish(f *cmdutil.Factory) *cobra.Command {
	opts := &PublishOptions{}
	cmd := &cobra.Command{
		Use:   "publish FILE",
		Short: "Publish a workbook or data source file (tabcmd publish)",
		Long: `Publish a workbook (.twb, .twbx) or a data source (.tds, .tdsx, .hyper) to a
project (-r/--project, default the site's default project; a nested one also needs
--parent-project-path). The name on the server is -n/--name, or the file name
without its extension.

As in tabcmd, -o is --overwrite (replace content of the same name), not an
output format. --append adds an extract's rows to an existing data source.
Files of 64 MB and more are uploaded in chunks; on a terminal a progress line
shows on stderr.`,
		Example: `  tabctl publish Sales.twbx -r Finance
  tabctl publish Sales.twbx -n "Sales 2025" -r Europe --parent-project-path Finance -o --tabbed
  tabctl publish Orders.hyper -r Finance --append
  tabctl publish Warehouse.tdsx --db-username etl --db-password-file pw.txt --save-db-password`,
		Args: cmdutil.ExactArgs(1, "the file to publish"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			return RunPublish(cmd.Context(), f, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&opts.Name, "name", "n", "", "name on the server (default: the file name without its extension)")
	fl.StringVarP(&opts.Project, "project", "r", "", `project to publish into (default: the default project)`)
	fl.StringVar(&opts.ParentProjectPath, "parent-project-path", "", `path of the project's parent, e.g. "Finance/Europe"`)
	fl.StringVarP(&opts.Description, "description", "d", "", "description of the workbook or data source")
	fl.BoolVarP(&opts.Overwrite, "overwrite", "o", false, "replace a workbook or data source of the same name")
	fl.BoolVar(&opts.Append, "append", false, "append the extract's rows to the data source of the same name")
	fl.StringVar(&opts.DBUsername, "db-username", "", "database user name to publish with the content")
	fl.StringVar(&opts.DBPassword, "db-password", "", "database password to publish with the content")
	dbPasswordFile := fl.String("db-password-file", "", "read the database password from this file")
	fl.BoolVar(&opts.SaveDBPassword, "save-db-password", false, "keep the database credentials with the content (embed them)")
	fl.StringVar(&opts.OAuthUsername, "oauth-username", "", "the account of a saved OAuth connection to use")
	fl.BoolVar(&opts.SaveOAuth, "save-oauth", false, "keep the OAuth credentials with the content")
	fl.BoolVar(&opts.Tabbed, "tabbed", false, "show the workbook's sheets as tabs")
	fl.StringVar(&opts.ThumbnailUsername, "thumbnail-username", "", "render thumbnails as this user sees the workbook (user filters)")
	fl.BoolVar(&opts.SkipConnectionCheck, "skip-connection-check", false, "do not have the server test the connections first")
	fl.StringVar(&opts.FileType, "filetype", "", "when FILE is a folder: publish only files of this type (twb, twbx, tdsx, hyper)")
	fl.StringVar(&opts.Recursive, "recursive", "", "when FILE is a folder: look into its subfolders too (tabcmd takes a value here; any value turns it on)")
	fl.BoolVar(&opts.Replace, "replace", false, "replace the data of the data source of the same name with the extract's (not available yet)")
	fl.StringVar(&opts.ThumbnailGroup, "thumbnail-group", "", "render thumbnails as this group sees the workbook (not available, as in tabcmd)")
	fl.BoolVar(&opts.UseTableauBridge, "use-tableau-bridge", false, "refresh the data source through Tableau Bridge")
	fl.Bool("encrypt-extracts", false, "accepted for tabcmd scripts; no effect (tabcmd ignores it too)")
	fl.Bool("disable-uploader", false, "deprecated in tabcmd; no effect")
	fl.String("restart", "", "accepted for tabcmd scripts; no effect (tabcmd ignores it too)")
	cmd.MarkFlagsMutuallyExclusive("overwrite", "replace")
	cmd.MarkFlagsMutuallyExclusive("append", "replace")
	cmd.MarkFlagsMutuallyExclusive("thumbnail-username", "thumbnail-group")
	cmd.MarkFlagsMutuallyExclusive("overwrite", "append")
	cmd.MarkFlagsMutuallyExclusive("db-username", "oauth-username")
	cmd.MarkFlagsMutuallyExclusive("db-password", "db-password-file")
	cmd.PreRunE = func(cmd *cobra.Command, args []string) error {
		if *dbPasswordFile != "" {
			b, err := os.ReadFile(*dbPasswordFile)
			if err != nil {
				return fmt.Errorf("reading the database password file: %w", err)
			}
			opts.DBPassword = strings.TrimRight(strings.SplitN(string(b), "\n", 2)[0], "\r")
		}
		return nil
	}
	return cmd
}

// contentKind tells a workbook file from a data source file by its extension.
func contentKind(path string) (kind string, ok bool) {
	ext := strings.ToLower(filepath.Ext(path))
	for _, e := range workbookExts {
		if ext == e {
			return "workbook", true
		}
	}
	for _, e := range datasourceExts {
		if ext == e {
			return "data source", true
		}
	}
	return "", false
}

// RunPublish publishes the file, or, as tabcmd does when FILE is a folder,
// every workbook and data source file in it (sorted by path, stopping at the
// first failure).
func RunPublish(ctx context.Context, f *cmdutil.Factory, opts *PublishOptions) error {
	if opts.Replace {
		return errors.New("publish --replace needs the Replace publish mode, which the emulator and SDK do not have yet; nothing was published")
	}
	if opts.ThumbnailGroup != "" {
		return errors.New("publish --thumbnail-group: generating thumbnails for a group is not available (tabcmd refuses it too)")
	}
	if fi, err := os.Stat(opts.File); err == nil && fi.IsDir() {
		files, err := folderFiles(opts.File, opts.FileType, opts.Recursive != "")
		if err != nil {
			return err
		}
		if len(files) == 0 {
			// tabcmd publishes nothing and succeeds; say so at least.
			fmt.Fprintf(f.IO.ErrOut, "%s: no workbook or data source files to publish in this folder\n", opts.File)
			return nil
		}
		for _, file := range files {
			one := *opts
			one.File = file
			if err := publishFile(ctx, f, &one); err != nil {
				return err
			}
		}
		return nil
	}
	return publishFile(ctx, f, opts)
}

// folderFiles lists the files tabcmd publishes from a folder: *.twb, *.twbx,
// *.tdsx and *.hyper (or only those of fileType), in it or, when recursive,
// below it too.
func folderFiles(dir, fileType string, recursive bool) ([]string, error) {
	exts := []string{".twb", ".twbx", ".tdsx", ".hyper"}
	if fileType != "" {
		exts = []string{"." + strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(fileType), "*"), ".")}
	}
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != dir && (!recursive || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasPrefix(d.Name(), ".") && slices.Contains(exts, strings.ToLower(filepath.Ext(path))) {
			files = append(files, path)
		}
		return nil
	})
	return files, err
}

// publishFile publishes one file.
func publishFile(ctx context.Context, f *cmdutil.Factory, opts *PublishOptions) error {
	kind, ok := contentKind(opts.File)
	if !ok {
		return cmdutil.FlagErrorf("%s: publish takes .twb, .twbx, .tds, .tdsx, .hyper, .tde or .parquet files", opts.File)
	}
	fi, err := os.Stat(opts.File)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: no such file", opts.File)
	}
	if err != nil {
		return err
	}
	if fi.IsDir() {
		return fmt.Errorf("%s is a directory: publish one file at a time", opts.File)
	}
	if kind == "workbook" && opts.Append {
		return cmdutil.FlagErrorf("--append is for data sources; a workbook can only be replaced (-o)")
	}
	if opts.DBPassword != "" && opts.DBUsername == "" {
		return cmdutil.FlagErrorf("--db-password needs --db-username")
	}
	name := opts.Name
	if name == "" {
		name = strings.TrimSuffix(filepath.Base(opts.File), filepath.Ext(opts.File))
	}
	project, parentPath := opts.Project, opts.ParentProjectPath
	if project == "" {
		if parentPath != "" {
			return cmdutil.FlagErrorf("--parent-project-path needs --project")
		}
		project = "Default"
	}

	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	p, err := findProject(ctx, c, project, parentPath)
	if errors.Is(err, tsc.ErrNotFound) && parentPath == "" && strings.EqualFold(project, "default") {
		// The default project is "Default" on current servers, "default"
		// on those of 2016 and before.
		other := "default"
		if project == other {
			other = "Default"
		}
		p, err = findProject(ctx, c, other, "")
	}
	if err != nil {
		return err
	}
	popts := tsc.PublishOptions{Mode: tsc.PublishCreateNew, SkipConnectionCheck: opts.SkipConnectionCheck}
	switch {
	case opts.Overwrite:
		popts.Mode = tsc.PublishOverwrite
	case opts.Append:
		popts.Mode = tsc.PublishAppend
	}
	switch {
	case opts.DBUsername != "":
		popts.Credentials = &tsc.ConnectionCredentials{Name: opts.DBUsername, Password: tsc.Secret(opts.DBPassword), Embed: opts.SaveDBPassword}
	case opts.OAuthUsername != "":
		popts.Credentials = &tsc.ConnectionCredentials{Name: opts.OAuthUsername, OAuth: true, Embed: opts.SaveOAuth}
	}
	bar := cmdutil.NewByteProgress(f.IO, "Publishing "+filepath.Base(opts.File))
	popts.Progress = bar.Callback()

	var id, webpage string
	if kind == "workbook" {
		wb := tsc.Workbook{Name: name, Description: opts.Description, ShowTabs: tsc.Bool(opts.Tabbed), Project: &tsc.Project{ID: p.ID}}
		if opts.ThumbnailUsername != "" {
			u, err := resources.ResolveUser(ctx, c, opts.ThumbnailUsername)
			if err != nil {
				return fmt.Errorf("--thumbnail-username: %w", err)
			}
			wb.ThumbnailsUserID = u.ID
		}
		out, err := c.Workbooks.PublishFile(ctx, wb, opts.File, popts)
		bar.Finish()
		if err != nil {
			return fmt.Errorf("publishing %s: %w", opts.File, err)
		}
		id, webpage = out.ID, out.WebpageURL
	} else {
		if opts.Tabbed || opts.ThumbnailUsername != "" {
			return cmdutil.FlagErrorf("--tabbed and --thumbnail-username are for workbooks")
		}
		ds := tsc.Datasource{Name: name, Description: opts.Description, Project: &tsc.Project{ID: p.ID}}
		if opts.UseTableauBridge {
			ds.UseRemoteQueryAgent = tsc.Bool(true)
		}
		out, err := c.Datasources.PublishFile(ctx, ds, opts.File, popts)
		bar.Finish()
		if err != nil {
			return fmt.Errorf("publishing %s: %w", opts.File, err)
		}
		id, webpage = out.ID, out.WebpageURL
	}
	verb := "Published"
	switch popts.Mode {
	case tsc.PublishOverwrite:
		verb = "Published (overwriting)"
	case tsc.PublishAppend:
		verb = "Appended"
	}
	f.Successf("%s %s %q to project %q (id %s)\n", verb, kind, name, projectPath(parentPath, p.Name), id)
	if webpage != "" {
		f.Successf("%s\n", webpage)
	}
	return nil
}
