package sites

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// Admin modes of a site.
var adminModes = []string{"ContentAndUsers", "ContentOnly"}

// CreateOptions are the settings of `sites create`. Nil settings are left
// to the server's defaults.
type CreateOptions struct {
	Output        cmdutil.OutputFlags
	Name          string
	ContentURL    string
	AdminMode     string
	UserQuota     *int
	StorageQuota  *int
	RevisionLimit *int
}

func newCmdCreate(f *cmdutil.Factory) *cobra.Command {
	opts := &CreateOptions{}
	cmd := &cobra.Command{
		Use:     "create NAME --content-url URL",
		Short:   "Create a site (server administrators)",
		Example: `  tabctl sites create "Marketing" --content-url marketing --user-quota 50`,
		Args:    cmdutil.ExactArgs(1, "the new site's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			opts.UserQuota = cmdutil.ChangedInt(cmd, "user-quota")
			opts.StorageQuota = cmdutil.ChangedInt(cmd, "storage-quota")
			opts.RevisionLimit = cmdutil.ChangedInt(cmd, "revision-limit")
			return RunCreate(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	fl := cmd.Flags()
	fl.StringVar(&opts.ContentURL, "content-url", "", "the site's name in URLs (required)")
	fl.StringVar(&opts.AdminMode, "admin-mode", "", "who site administrators manage: ContentAndUsers or ContentOnly")
	fl.Int("user-quota", 0, "most users the site may have")
	fl.Int("storage-quota", 0, "most storage the site may use, in MB")
	fl.Int("revision-limit", 0, "revisions kept per workbook or data source (2..10000, -1 for no limit)")
	return cmd
}

// RunCreate creates the site and prints it.
func RunCreate(ctx context.Context, f *cmdutil.Factory, opts *CreateOptions) error {
	p, err := cmdutil.NewPrinter(resources.SiteTable, opts.Output)
	if err != nil {
		return err
	}
	if opts.Name == "" {
		return cmdutil.FlagErrorf("the site needs a name")
	}
	if opts.ContentURL == "" {
		return cmdutil.FlagErrorf("the site needs --content-url (its name in URLs, e.g. marketing)")
	}
	mode, err := cmdutil.OneOf("admin-mode", opts.AdminMode, adminModes...)
	if err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	site, err := c.Sites.Create(ctx, tsc.Site{Name: opts.Name, ContentURL: opts.ContentURL, AdminMode: mode,
		UserQuota: opts.UserQuota, StorageQuota: opts.StorageQuota, RevisionLimit: opts.RevisionLimit})
	if err != nil {
		return err
	}
	return p.One(f.IO.Out, resources.NewSiteRow(*site))
}
