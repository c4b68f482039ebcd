package sites

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// GetOptions are the settings of `sites get`: one of ID (an id, a name
// or a content URL), Name or
// ContentURL (with ContentURLSet, since "" is the Default site), or none
// for the site of the session.
type GetOptions struct {
	Output        cmdutil.OutputFlags
	ID            string
	Name          string
	ContentURL    string
	ContentURLSet bool
}

func newCmdGet(f *cmdutil.Factory) *cobra.Command {
	opts := &GetOptions{}
	cmd := &cobra.Command{
		Use:   "get [SITE]",
		Short: "Show a site, by id, name or content URL (the current site by default)",
		Example: `  tabctl sites get
  tabctl sites get --content-url marketing
  tabctl sites get --name "Marketing" -o json`,
		Args: cmdutil.RangeArgs(0, 1, "at most one site id, name or content URL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.ID = args[0]
			}
			opts.ContentURLSet = cmd.Flags().Changed("content-url")
			return RunGet(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	cmd.Flags().StringVar(&opts.Name, "name", "", "the site's name")
	cmd.Flags().StringVar(&opts.ContentURL, "content-url", "", `the site's content URL ("" is the Default site)`)
	return cmd
}

// RunGet prints one site.
func RunGet(ctx context.Context, f *cmdutil.Factory, opts *GetOptions) error {
	p, err := cmdutil.NewPrinter(resources.SiteTable, opts.Output)
	if err != nil {
		return err
	}
	n := 0
	for _, set := range []bool{opts.ID != "", opts.Name != "", opts.ContentURLSet} {
		if set {
			n++
		}
	}
	if n > 1 {
		return cmdutil.FlagErrorf("give one of a site id, --name or --content-url")
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	var site *tsc.Site
	switch {
	case opts.Name != "":
		site, err = c.Sites.GetByName(ctx, opts.Name)
	case opts.ContentURLSet:
		site, err = c.Sites.GetByContentURL(ctx, opts.ContentURL)
	case opts.ID != "":
		site, err = resources.ResolveSite(ctx, c, opts.ID)
	default:
		site, err = c.Sites.Get(ctx, c.Session().SiteID)
	}
	if err != nil {
		return err
	}
	return p.One(f.IO.Out, resources.NewSiteRow(*site))
}
