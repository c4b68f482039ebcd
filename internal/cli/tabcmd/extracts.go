package tabcmd

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// tabcmd's extract commands: createextracts, deleteextracts (a workbook,
// by name or --url, or a data source), and encryptextracts,
// decryptextracts, reencryptextracts (every extract of a site). Each
// queues a job on the server and says so ("Job queued", as tabcmd); none
// waits for it.
//
// Deliberate differences (docs/coming-from-tabcmd.md): tabcmd 2's
// deleteextracts of a data source and its three site commands queue the
// job and then fail on reading the job TSC does not return (exit 2 after
// the work was asked for); tabctl exits 0. tabcmd's reencryptextracts
// calls encrypt-extracts; tabctl's reencrypts. --embedded-datasources
// takes the names of the workbook's embedded data sources (space
// separated); tabcmd sends them where TSC wants data source items, and
// fails.

// ExtractsOptions are the inputs of `tabctl createextracts` and
// `deleteextracts`.
type ExtractsOptions struct {
	Workbook, Datasource, URL  string
	Project, ParentProjectPath string
	// EmbeddedDatasources names embedded data sources of the workbook,
	// separated by spaces; IncludeAll takes them all.
	EmbeddedDatasources string
	IncludeAll          bool
	Encrypt             bool
	ContinueIfExists    bool
}

func newCmdExtracts(f *cmdutil.Factory, create bool) *cobra.Command {
	opts := &ExtractsOptions{}
	use, short, example := "deleteextracts", "Delete the extracts of a published workbook or data source", "deleteextracts -d Orders --project Finance"
	if create {
		use, short, example = "createextracts", "Create extracts for a published workbook or data source", "createextracts -w Superstore --include-all --encrypt"
	}
	cmd := &cobra.Command{
		Use:   use + " --workbook NAME | --url URL | --datasource NAME",
		Short: short + " (tabcmd " + use + ")",
		Long: short + `: a data source (-d), or a workbook (-w, or --url
with its content URL) with --include-all or --embedded-datasources naming
some of its embedded data sources (by name, separated by spaces). --project
(with --parent-project-path) says which when names repeat.

The work is a job on the server; the command returns once it is queued.

Deliberate differences (see docs/coming-from-tabcmd.md): without --project,
tabcmd looks only in the Default project, tabctl finds a name that is unique
on the site in any project; tabctl accepts --embedded-datasources by name,
where tabcmd 2 fails; deleteextracts of a data source exits 0 once the job is
queued, where tabcmd 2 exits 2 after queuing it.`,
		Example: "  tabctl " + example,
		Args:    cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return RunExtracts(cmd.Context(), f, create, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&opts.Datasource, "datasource", "d", "", "the data source")
	fl.StringVarP(&opts.Workbook, "workbook", "w", "", "the workbook")
	fl.StringVar(&opts.URL, "url", "", "the workbook's URL name")
	fl.StringVar(&opts.EmbeddedDatasources, "embedded-datasources", "", "the workbook's embedded data sources, by name, separated by spaces")
	fl.BoolVar(&opts.IncludeAll, "include-all", false, "every embedded data source of the workbook")
	fl.StringVar(&opts.Project, "project", "", "the project it is in")
	fl.StringVar(&opts.ParentProjectPath, "parent-project-path", "", `path of the project's parent, e.g. "Finance/Europe"`)
	cmd.MarkFlagsMutuallyExclusive("datasource", "workbook", "url")
	cmd.MarkFlagsOneRequired("datasource", "workbook", "url")
	cmd.MarkFlagsMutuallyExclusive("embedded-datasources", "include-all")
	if create {
		fl.BoolVar(&opts.Encrypt, "encrypt", false, "encrypt the extracts")
		fl.BoolVar(&opts.ContinueIfExists, "continue-if-exists", false, "succeed when the extract already exists")
	}
	return cmd
}

// NewCmdCreateExtracts builds `tabctl createextracts`.
func NewCmdCreateExtracts(f *cmdutil.Factory) *cobra.Command { return newCmdExtracts(f, true) }

// NewCmdDeleteExtracts builds `tabctl deleteextracts`.
func NewCmdDeleteExtracts(f *cmdutil.Factory) *cobra.Command { return newCmdExtracts(f, false) }

// RunExtracts creates or deletes the extracts and reports the job queued.
func RunExtracts(ctx context.Context, f *cmdutil.Factory, create bool, opts *ExtractsOptions) error {
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	filter := contentFilter{opts.Datasource, opts.Project, opts.ParentProjectPath}
	var job *tsc.Job
	switch {
	case opts.Datasource != "":
		ds, err := oneDatasource(ctx, c, filter)
		if err != nil {
			return err
		}
		if create {
			job, err = c.Datasources.CreateExtract(ctx, ds.ID, opts.Encrypt)
		} else {
			job, err = c.Datasources.DeleteExtract(ctx, ds.ID)
		}
		if err != nil {
			return extractsErr(f, create, opts, "data source "+ds.Name, err)
		}
	default:
		var wb *tsc.Workbook
		if opts.URL != "" {
			wb, err = findWorkbookByURL(ctx, c, opts.URL)
		} else {
			filter.Name = opts.Workbook
			wb, err = oneWorkbook(ctx, c, filter)
		}
		if err != nil {
			return err
		}
		if !opts.IncludeAll && opts.EmbeddedDatasources == "" {
			verb := "deleteextracts"
			if create {
				verb = "createextracts"
			}
			return fmt.Errorf("%s of a workbook needs --include-all or --embedded-datasources", verb)
		}
		var ids []string
		if !opts.IncludeAll {
			if ids, err = embeddedIDs(ctx, c, wb, strings.Fields(opts.EmbeddedDatasources)); err != nil {
				return err
			}
		}
		eo := tsc.ExtractOptions{Encrypt: opts.Encrypt, Datasources: ids}
		if create {
			job, err = c.Workbooks.CreateExtract(ctx, wb.ID, eo)
		} else {
			job, err = c.Workbooks.DeleteExtract(ctx, wb.ID, eo)
		}
		if err != nil {
			return extractsErr(f, create, opts, "workbook "+wb.Name, err)
		}
	}
	f.Successf("Job queued%s\n", jobSuffix(job))
	return nil
}

// extractsErr is the failure of a create or delete; with
// --continue-if-exists, an extract that exists is a success, as tabcmd.
func extractsErr(f *cmdutil.Factory, create bool, opts *ExtractsOptions, what string, err error) error {
	if create && opts.ContinueIfExists && errors.Is(err, tsc.ErrConflict) {
		f.Successf("The extract of %s already exists\n", what)
		return nil
	}
	return fmt.Errorf("%s extracts of %s: %w", map[bool]string{true: "creating", false: "deleting"}[create], what, err)
}

// jobSuffix names the job, when the server answered one.
func jobSuffix(j *tsc.Job) string {
	if j == nil {
		return ""
	}
	return " (job " + j.ID + ")"
}

// embeddedIDs finds the ids of a workbook's embedded data sources by name,
// from its connections.
func embeddedIDs(ctx context.Context, c *tsc.Client, wb *tsc.Workbook, names []string) ([]string, error) {
	conns, err := c.Workbooks.Connections(ctx, wb.ID)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, n := range names {
		id := ""
		for _, cn := range conns {
			if cn.Datasource != nil && cn.Datasource.ID != "" && strings.EqualFold(cn.Datasource.Name, n) {
				id = cn.Datasource.ID
				break
			}
		}
		if id == "" {
			return nil, &resources.NotFoundError{Kind: "embedded data source of workbook " + wb.Name, Key: n}
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// siteExtractsCmd builds encryptextracts, decryptextracts and
// reencryptextracts: SITE is a content URL or name ("Default" for the
// Default site), on which the session must be (tabctl switches to it and
// back, as for editsite).
func siteExtractsCmd(f *cmdutil.Factory, use, short string, call func(context.Context, *tsc.Client, string) (*tsc.Job, error)) *cobra.Command {
	return &cobra.Command{
		Use:   use + " SITE",
		Short: short + " (tabcmd " + use + ")",
		Long: short + `. SITE is the site's content URL or name ("Default" for the
Default site). Only administrators may; the work is a job on the server, and
the command returns once it is queued.

Deliberate differences (see docs/coming-from-tabcmd.md): tabcmd 2 exits 2
after queuing the job (it reads a job TSC does not return), tabctl exits 0;
tabcmd 2's reencryptextracts asks for encrypt-extracts, tabctl's for
reencrypt-extracts.`,
		Example: "  tabctl " + use + " finance",
		Args:    cmdutil.ExactArgs(1, "the site"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			c, err := f.Client(ctx)
			if err != nil {
				return err
			}
			site, err := findSite(ctx, c, args[0])
			if err != nil {
				return err
			}
			var job *tsc.Job
			err = onSite(ctx, c, site.ContentURL, func() error {
				var err error
				job, err = call(ctx, c, site.ID)
				return err
			})
			if err != nil {
				return fmt.Errorf("%s on site %q: %w", use, site.Name, err)
			}
			f.Successf("Job queued%s\n", jobSuffix(job))
			return nil
		},
	}
}

// NewCmdEncryptExtracts builds `tabctl encryptextracts`.
func NewCmdEncryptExtracts(f *cmdutil.Factory) *cobra.Command {
	return siteExtractsCmd(f, "encryptextracts", "Encrypt every extract of a site",
		func(ctx context.Context, c *tsc.Client, id string) (*tsc.Job, error) {
			return c.Sites.EncryptExtracts(ctx, id)
		})
}

// NewCmdDecryptExtracts builds `tabctl decryptextracts`.
func NewCmdDecryptExtracts(f *cmdutil.Factory) *cobra.Command {
	return siteExtractsCmd(f, "decryptextracts", "Decrypt every extract of a site",
		func(ctx context.Context, c *tsc.Client, id string) (*tsc.Job, error) {
			return c.Sites.DecryptExtracts(ctx, id)
		})
}

// NewCmdReencryptExtracts builds `tabctl reencryptextracts`.
func NewCmdReencryptExtracts(f *cmdutil.Factory) *cobra.Command {
	return siteExtractsCmd(f, "reencryptextracts", "Encrypt every extract of a site again, with new keys",
		func(ctx context.Context, c *tsc.Client, id string) (*tsc.Job, error) {
			return c.Sites.ReencryptExtracts(ctx, id)
		})
}
