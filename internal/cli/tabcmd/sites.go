package tabcmd

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// ListSitesOptions are the inputs of `tabctl listsites`.
type ListSitesOptions struct {
	// ExtractEncryption adds each site's extract encryption mode (tabcmd's
	// --get-extract-encryption-mode).
	ExtractEncryption bool
	Output            cmdutil.OutputFlags
}

// siteRow is a site as listsites prints it; the json tags are the fields of -o json.
type siteRow struct {
	Name              string `json:"name"`
	ContentURL        string `json:"contentUrl"`
	ID                string `json:"id"`
	State             string `json:"state"`
	AdminMode         string `json:"adminMode"`
	ExtractEncryption string `json:"extractEncryptionMode"`
}

// NewCmdListSites builds `tabctl listsites`.
func NewCmdListSites(f *cmdutil.Factory) *cobra.Command {
	opts := &ListSitesOptions{}
	cmd := &cobra.Command{
		Use:   "listsites",
		Short: "List the sites you belong to (tabcmd listsites)",
		Long: `List the sites of the server: all of them for a server administrator, the
ones you belong to otherwise. The SITE ID column of tabcmd is CONTENT URL here:
the name of the site in URLs, which -t/--site takes.`,
		Example: `  tabctl listsites
  tabctl listsites --get-extract-encryption-mode -o json`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return RunListSites(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.ExtractEncryption, "get-extract-encryption-mode", false, "include each site's extract encryption mode")
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	return cmd
}

// RunListSites prints the sites.
func RunListSites(ctx context.Context, f *cmdutil.Factory, opts *ListSitesOptions) error {
	t := cmdutil.Table[siteRow]{Columns: []cmdutil.Column[siteRow]{
		{Header: "name", Value: func(r siteRow) string { return r.Name }},
		{Header: "content url", Value: func(r siteRow) string {
			if r.ContentURL == "" {
				return `""`
			}
			return r.ContentURL
		}},
		{Header: "state", Value: func(r siteRow) string { return r.State }},
		{Header: "admin mode", Value: func(r siteRow) string { return r.AdminMode }},
	}}
	if opts.ExtractEncryption {
		t.Columns = append(t.Columns, cmdutil.Column[siteRow]{Header: "extract encryption", Value: func(r siteRow) string { return r.ExtractEncryption }})
	}
	p, err := cmdutil.NewPrinter(t, opts.Output)
	if err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	var rows []siteRow
	for s, err := range c.Sites.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize}) {
		if err != nil {
			return fmt.Errorf("listing sites: %w", err)
		}
		rows = append(rows, siteRow{Name: s.Name, ContentURL: s.ContentURL, ID: s.ID, State: s.State,
			AdminMode: s.AdminMode, ExtractEncryption: s.ExtractEncryptionMode})
	}
	return p.List(f.IO.Out, rows)
}

// siteSettings are the settings createsite and editsite share.
type siteSettings struct {
	UserQuota      *int
	StorageQuota   *int
	AdminMode      string
	ExtractEncrypt string
	RunNow         *bool
}

func (s siteSettings) apply(site *tsc.Site) {
	site.UserQuota = s.UserQuota
	site.StorageQuota = s.StorageQuota
	site.AdminMode = s.AdminMode
	site.ExtractEncryptionMode = s.ExtractEncrypt
	site.RunNowEnabled = s.RunNow
}

func (s siteSettings) empty() bool {
	return s.UserQuota == nil && s.StorageQuota == nil && s.AdminMode == "" && s.ExtractEncrypt == "" && s.RunNow == nil
}

// siteFlags registers the site settings' flags; read turns them into
// settings once cobra has parsed them.
func siteFlags(cmd *cobra.Command) (read func() (siteSettings, error)) {
	var userQuota, storageQuota int
	var siteMode, noSiteMode bool
	var adminMode, encrypt, runNow string
	fl := cmd.Flags()
	fl.IntVar(&userQuota, "user-quota", 0, "the most users the site may have")
	fl.IntVar(&storageQuota, "storage-quota", 0, "the most storage, in MB, the site's content may take")
	fl.BoolVar(&siteMode, "site-mode", false, "let site administrators add and remove users (admin mode ContentAndUsers)")
	fl.BoolVar(&noSiteMode, "no-site-mode", false, "keep site administrators from adding and removing users (admin mode ContentOnly)")
	fl.StringVar(&adminMode, "admin-mode", "", "the site's admin mode: ContentAndUsers or ContentOnly")
	fl.StringVar(&encrypt, "extract-encryption-mode", "", "extract encryption: enforced, enabled or disabled")
	fl.StringVar(&runNow, "run-now-enabled", "", "let users run refreshes, flows and schedules by hand: true or false")
	cmd.MarkFlagsMutuallyExclusive("site-mode", "no-site-mode", "admin-mode")
	return func() (siteSettings, error) {
		var s siteSettings
		if fl.Changed("user-quota") {
			if userQuota < 0 {
				return s, cmdutil.FlagErrorf("--user-quota %d is negative", userQuota)
			}
			s.UserQuota = tsc.Int(userQuota)
		}
		if fl.Changed("storage-quota") {
			if storageQuota < 0 {
				return s, cmdutil.FlagErrorf("--storage-quota %d is negative", storageQuota)
			}
			s.StorageQuota = tsc.Int(storageQuota)
		}
		switch {
		case siteMode:
			s.AdminMode = "ContentAndUsers"
		case noSiteMode:
			s.AdminMode = "ContentOnly"
		case adminMode != "":
			m, err := cmdutil.OneOf("admin-mode", adminMode, "ContentAndUsers", "ContentOnly")
			if err != nil {
				return s, err
			}
			s.AdminMode = m
		}
		if encrypt != "" {
			m, err := cmdutil.OneOf("extract-encryption-mode", encrypt, "enforced", "enabled", "disabled")
			if err != nil {
				return s, err
			}
			s.ExtractEncrypt = m
		}
		if runNow != "" {
			v, err := cmdutil.OneOf("run-now-enabled", runNow, "true", "false")
			if err != nil {
				return s, err
			}
			s.RunNow = tsc.Bool(v == "true")
		}
		return s, nil
	}
}

// CreateSiteOptions are the inputs of `tabctl createsite`.
type CreateSiteOptions struct {
	Name string
	// ContentURL is the site's name in URLs; empty derives it from Name.
	ContentURL       string
	Settings         siteSettings
	ContinueIfExists bool
}

// NewCmdCreateSite builds `tabctl createsite`.
func NewCmdCreateSite(f *cmdutil.Factory) *cobra.Command {
	opts := &CreateSiteOptions{}
	var read func() (siteSettings, error)
	cmd := &cobra.Command{
		Use:   "createsite SITE-NAME",
		Short: "Create a site (tabcmd createsite)",
		Long: `Create a site on Tableau Server (server administrators only). The content URL
(-r/--url; tabcmd also calls it the site ID) defaults to the name without the
characters a URL cannot carry: "West Coast Sales" becomes WestCoastSales.
Site administrators may add and remove users unless --no-site-mode.`,
		Example: `  tabctl createsite "West Coast Sales"
  tabctl createsite "West Coast Sales" -r wcoast --user-quota 50 --storage-quota 1024 --no-site-mode`,
		Args: cmdutil.ExactArgs(1, "the new site's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			s, err := read()
			if err != nil {
				return err
			}
			opts.Settings = s
			return RunCreateSite(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.ContentURL, "url", "r", "", "the site's content URL (default: the name without spaces and punctuation)")
	cmd.Flags().StringVar(&opts.ContentURL, "site-id", "", "the same as --url, as tabcmd's editsite names it")
	cmd.Flags().BoolVar(&opts.ContinueIfExists, "continue-if-exists", false, "succeed when the site already exists")
	cmd.MarkFlagsMutuallyExclusive("url", "site-id")
	read = siteFlags(cmd)
	return cmd
}

var notURLChars = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// RunCreateSite creates the site.
func RunCreateSite(ctx context.Context, f *cmdutil.Factory, opts *CreateSiteOptions) error {
	contentURL := opts.ContentURL
	if contentURL == "" {
		contentURL = notURLChars.ReplaceAllString(opts.Name, "")
		if contentURL == "" {
			return cmdutil.FlagErrorf("the name %q has no characters a content URL can use: give one with --url", opts.Name)
		}
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	site := tsc.Site{Name: opts.Name, ContentURL: contentURL}
	opts.Settings.apply(&site)
	if site.AdminMode == "" {
		site.AdminMode = "ContentAndUsers"
	}
	s, err := c.Sites.Create(ctx, site)
	if errors.Is(err, tsc.ErrConflict) && opts.ContinueIfExists {
		f.Successf("Site %q already exists\n", opts.Name)
		return nil
	}
	if err != nil {
		return fmt.Errorf("creating site %q: %w", opts.Name, err)
	}
	f.Successf("Created site %q (content URL %s, id %s)\n", s.Name, s.ContentURL, s.ID)
	return nil
}

// EditSiteOptions are the inputs of `tabctl editsite`.
type EditSiteOptions struct {
	// Site is the site to change, by content URL or name.
	Site       string
	NewName    string
	NewURL     string
	Status     string
	Settings   siteSettings
	statusFlag string
}

// NewCmdEditSite builds `tabctl editsite`.
func NewCmdEditSite(f *cmdutil.Factory) *cobra.Command {
	opts := &EditSiteOptions{}
	var read func() (siteSettings, error)
	cmd := &cobra.Command{
		Use:   "editsite SITE",
		Short: "Change a site's name, URL, quotas or status (tabcmd editsite)",
		Long: `Change a site, named by its content URL or its name: rename it (--site-name),
move its URL (--url), set quotas and settings, or suspend and reactivate it
(--status SUSPENDED|ACTIVE). Only what is given changes.`,
		Example: `  tabctl editsite wcoast --site-name "West Coast" --user-quota 100
  tabctl editsite wcoast --status SUSPENDED`,
		Args: cmdutil.ExactArgs(1, "the site (content URL or name)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Site = args[0]
			s, err := read()
			if err != nil {
				return err
			}
			opts.Settings = s
			if opts.statusFlag != "" {
				st, err := cmdutil.OneOf("status", opts.statusFlag, "ACTIVE", "SUSPENDED")
				if err != nil {
					return err
				}
				opts.Status = map[string]string{"ACTIVE": "Active", "SUSPENDED": "Suspended"}[st]
			}
			if opts.NewName == "" && opts.NewURL == "" && opts.Status == "" && opts.Settings.empty() {
				return cmdutil.FlagErrorf("nothing to change: give --site-name, --url, --status, a quota or a setting")
			}
			return RunEditSite(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().StringVar(&opts.NewName, "site-name", "", "the site's new name")
	cmd.Flags().StringVarP(&opts.NewURL, "url", "r", "", "the site's new content URL")
	cmd.Flags().StringVar(&opts.NewURL, "site-id", "", "the same as --url (tabcmd's name for it)")
	cmd.Flags().StringVar(&opts.statusFlag, "status", "", "ACTIVE or SUSPENDED")
	cmd.MarkFlagsMutuallyExclusive("url", "site-id")
	read = siteFlags(cmd)
	return cmd
}

// onSite runs fn with the client on the site with the given content URL,
// switching to it and back when it is not the session's site: Tableau only
// lets a session change the site it is signed in to.
func onSite(ctx context.Context, c *tsc.Client, contentURL string, fn func() error) error {
	home := c.Session().SiteContentURL
	if home == contentURL {
		return fn()
	}
	if err := c.SwitchSite(ctx, contentURL); err != nil {
		return fmt.Errorf("switching to site %s: %w", siteLabel(contentURL), err)
	}
	err := fn()
	if berr := c.SwitchSite(ctx, home); berr != nil && err == nil {
		err = fmt.Errorf("switching back to site %s: %w", siteLabel(home), berr)
	}
	return err
}

// RunEditSite changes the site.
func RunEditSite(ctx context.Context, f *cmdutil.Factory, opts *EditSiteOptions) error {
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	site, err := findSite(ctx, c, opts.Site)
	if err != nil {
		return err
	}
	change := tsc.Site{ID: site.ID, Name: opts.NewName, ContentURL: opts.NewURL, State: opts.Status}
	opts.Settings.apply(&change)
	var updated *tsc.Site
	err = onSite(ctx, c, site.ContentURL, func() error {
		var err error
		updated, err = c.Sites.Update(ctx, change)
		return err
	})
	if err != nil {
		return fmt.Errorf("editing site %q: %w", site.Name, err)
	}
	f.Successf("Updated site %q (content URL %s, state %s)\n", updated.Name, siteLabel(updated.ContentURL), updated.State)
	return nil
}

// DeleteSiteOptions are the inputs of `tabctl deletesite`.
type DeleteSiteOptions struct {
	// Site is the site to delete, by content URL or name.
	Site string
}

// NewCmdDeleteSite builds `tabctl deletesite`.
func NewCmdDeleteSite(f *cmdutil.Factory) *cobra.Command {
	opts := &DeleteSiteOptions{}
	return &cobra.Command{
		Use:   "deletesite SITE",
		Short: "Delete a site and everything on it (tabcmd deletesite)",
		Long: `Delete a site, named by its content URL or its name, with all its content and
users (server administrators only). The Default site cannot be deleted.

Tableau deletes a site only from a session on that site: when the site is
not the one you are signed in to, tabctl signs in to it on the side with the
credentials given (-u/-p, a token, or the environment), and your session stays
on its own site. Deleting the site you are signed in to ends that session.`,
		Example: `  tabctl deletesite wcoast
  tabctl deletesite "West Coast Sales" -u admin --password-file ~/.tableau-password`,
		Args: cmdutil.ExactArgs(1, "the site to delete (content URL or name)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Site = args[0]
			return RunDeleteSite(cmd.Context(), f, opts)
		},
	}
}

// RunDeleteSite deletes the site.
func RunDeleteSite(ctx context.Context, f *cmdutil.Factory, opts *DeleteSiteOptions) error {
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	site, err := findSite(ctx, c, opts.Site)
	if err != nil {
		return err
	}
	if site.ContentURL == "" {
		return fmt.Errorf("the Default site cannot be deleted")
	}
	// Tableau deletes a site only from a session on it. Another site is
	// deleted from a session of its own, so the saved one stays on its site.
	home, on := c.Session().SiteContentURL, c
	if home != site.ContentURL {
		if on, err = f.SignInElsewhere(ctx, site.ContentURL, "deleting "+cmdutil.SiteLabel(site.ContentURL)); err != nil {
			return err
		}
		defer on.SignOut(context.WithoutCancel(ctx)) // not left open if the site stays
	}
	if err := on.Sites.Delete(ctx, site.ID); err != nil {
		return fmt.Errorf("deleting site %q: %w", site.Name, err)
	}
	f.Successf("Deleted site %q (content URL %s)\n", site.Name, site.ContentURL)
	if home != site.ContentURL {
		return nil
	}
	// The session died with the site: the session file goes too.
	if err := f.Forget(ctx); err != nil {
		return err
	}
	f.IO.Infof("Your session ended with the site: run 'tabctl login' to sign in again\n")
	return nil
}
