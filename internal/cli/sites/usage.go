package sites

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// UsageOptions are the settings of `sites usage`: Site is an id, a name or
// a content URL, or empty for the site of the session.
type UsageOptions struct {
	Output cmdutil.OutputFlags
	Site   string
}

func newCmdUsage(f *cmdutil.Factory) *cobra.Command {
	opts := &UsageOptions{}
	cmd := &cobra.Command{
		Use:   "usage [SITE]",
		Short: "Show what a site uses (users, storage) against its quotas",
		Example: `  tabctl sites usage
  tabctl sites usage marketing -o json`,
		Args: cmdutil.RangeArgs(0, 1, "at most one site id, name or content URL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Site = args[0]
			}
			return RunUsage(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	return cmd
}

// RunUsage prints the site's usage beside its quotas (tsc's Sites.Usage).
func RunUsage(ctx context.Context, f *cmdutil.Factory, opts *UsageOptions) error {
	p, err := cmdutil.NewPrinter(resources.SiteUsageTable, opts.Output)
	if err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	var site *tsc.Site
	if opts.Site == "" {
		site, err = c.Sites.Get(ctx, c.Session().SiteID)
	} else {
		site, err = resources.ResolveSite(ctx, c, opts.Site)
	}
	if err != nil {
		return err
	}
	usage, err := c.Sites.Usage(ctx, site.ID)
	if err != nil {
		return err
	}
	site.Usage = usage
	return p.One(f.IO.Out, resources.NewSiteRow(*site))
}
