package tabcmd

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/datasources"
	"github.com/tsc-go/tsc/internal/cli/projects"
	"github.com/tsc-go/tsc/internal/cli/workbooks"
)

// ListOptions are the inputs of `tabctl list`.
type ListOptions struct {
	// Content is projects, workbooks or datasources.
	Content string
	Output  cmdutil.OutputFlags
}

var listKinds = []string{"projects", "workbooks", "datasources"}

// NewCmdList builds `tabctl list`.
func NewCmdList(f *cmdutil.Factory) *cobra.Command {
	opts := &ListOptions{}
	cmd := &cobra.Command{
		Use:   "list projects|workbooks|datasources",
		Short: "List all the site's projects, workbooks or data sources (tabcmd list)",
		Long: `List every project, workbook or data source of the current site that you can
see, in the same rows as the noun-verb commands ('tabctl projects list' and
so on), which also filter, sort and page.`,
		Example: `  tabctl list projects
  tabctl list workbooks -o json --fields name,projectName,webpageUrl`,
		Args:      cmdutil.ExactArgs(1, "what to list: projects, workbooks or datasources"),
		ValidArgs: listKinds,
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := cmdutil.OneOf("content", args[0], listKinds...)
			if err != nil || k == "" {
				return cmdutil.FlagErrorf("list %q: say projects, workbooks or datasources", args[0])
			}
			opts.Content = k
			return RunList(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	return cmd
}

// RunList prints every item of the kind, through the noun-verb commands'
// list functions, asked for every page.
func RunList(ctx context.Context, f *cmdutil.Factory, opts *ListOptions) error {
	all := cmdutil.ListFlags{All: true, PageSize: tsc.MaxPageSize}
	switch opts.Content {
	case "projects":
		return projects.RunList(ctx, f, &projects.ListOptions{Output: opts.Output, List: all})
	case "workbooks":
		return workbooks.RunList(ctx, f, &workbooks.ListOptions{Output: opts.Output, List: all})
	case "datasources":
		return datasources.RunList(ctx, f, &datasources.ListOptions{Output: opts.Output, List: all})
	}
	return cmdutil.FlagErrorf("list %q: say projects, workbooks or datasources", opts.Content)
}

func projectName(p *tsc.Project) string {
	if p == nil {
		return ""
	}
	return p.Name
}
