package sites

import (
	"context"
	"reflect"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// UpdateOptions are the settings of `sites update`; only what is set
// changes. An empty ID is the current site.
type UpdateOptions struct {
	Output                 cmdutil.OutputFlags
	ID                     string
	Name                   string
	ContentURL             string
	AdminMode              string
	State                  string
	UserQuota              *int
	StorageQuota           *int
	RevisionLimit          *int
	RevisionHistoryEnabled *bool
	DisableSubscriptions   *bool
	// ExtractEncryptionMode is enforced, enabled or disabled.
	ExtractEncryptionMode string
}

func newCmdUpdate(f *cmdutil.Factory) *cobra.Command {
	opts := &UpdateOptions{}
	cmd := &cobra.Command{
		Use:   "update [SITE]",
		Short: "Change the site's name, content URL, state, quotas or settings",
		Long: `Change the site's name, content URL, state, quotas or settings. Tableau
updates only the site you are signed in to: the current site by default
(sign in to another with 'tabctl login -t CONTENT_URL').`,
		Example: `  tabctl sites update --name "Marketing EMEA" --user-quota 80
  tabctl sites update --revision-history=false`,
		Args: cmdutil.RangeArgs(0, 1, "at most the site's id, name or content URL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.ID = args[0]
			}
			opts.UserQuota = cmdutil.ChangedInt(cmd, "user-quota")
			opts.StorageQuota = cmdutil.ChangedInt(cmd, "storage-quota")
			opts.RevisionLimit = cmdutil.ChangedInt(cmd, "revision-limit")
			opts.RevisionHistoryEnabled = cmdutil.ChangedBool(cmd, "revision-history")
			opts.DisableSubscriptions = cmdutil.ChangedBool(cmd, "disable-subscriptions")
			return RunUpdate(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	fl := cmd.Flags()
	fl.StringVar(&opts.Name, "name", "", "new name")
	fl.StringVar(&opts.ContentURL, "content-url", "", "new content URL")
	fl.StringVar(&opts.AdminMode, "admin-mode", "", "ContentAndUsers or ContentOnly")
	fl.StringVar(&opts.State, "state", "", "Active or Suspended")
	fl.Int("user-quota", 0, "most users the site may have")
	fl.Int("storage-quota", 0, "most storage the site may use, in MB")
	fl.Int("revision-limit", 0, "revisions kept per workbook or data source")
	fl.Bool("revision-history", false, "keep revision history")
	fl.Bool("disable-subscriptions", false, "turn subscriptions off")
	fl.StringVar(&opts.ExtractEncryptionMode, "extract-encryption-mode", "", "enforced, enabled or disabled (disabled decrypts every extract, enforced encrypts them)")
	return cmd
}

// RunUpdate changes the site and prints it.
func RunUpdate(ctx context.Context, f *cmdutil.Factory, opts *UpdateOptions) error {
	p, err := cmdutil.NewPrinter(resources.SiteTable, opts.Output)
	if err != nil {
		return err
	}
	mode, err := cmdutil.OneOf("admin-mode", opts.AdminMode, adminModes...)
	if err != nil {
		return err
	}
	state, err := cmdutil.OneOf("state", opts.State, "Active", "Suspended")
	if err != nil {
		return err
	}
	encMode, err := cmdutil.OneOf("extract-encryption-mode", opts.ExtractEncryptionMode, "enforced", "enabled", "disabled")
	if err != nil {
		return err
	}
	s := tsc.Site{Name: opts.Name, ContentURL: opts.ContentURL, AdminMode: mode, State: state, ExtractEncryptionMode: encMode,
		UserQuota: opts.UserQuota, StorageQuota: opts.StorageQuota, RevisionLimit: opts.RevisionLimit,
		RevisionHistoryEnabled: opts.RevisionHistoryEnabled, DisableSubscriptions: opts.DisableSubscriptions}
	if reflect.ValueOf(s).IsZero() {
		return cmdutil.FlagErrorf("nothing to update: give at least one of --name, --content-url, --admin-mode, --state, --user-quota, --storage-quota, --revision-limit, --revision-history, --disable-subscriptions, --extract-encryption-mode")
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	s.ID = c.Session().SiteID
	if opts.ID != "" {
		target, err := resources.ResolveSite(ctx, c, opts.ID)
		if err != nil {
			return err
		}
		s.ID = target.ID
	}
	site, err := c.Sites.Update(ctx, s)
	if err != nil {
		return err
	}
	return p.One(f.IO.Out, resources.NewSiteRow(*site))
}
