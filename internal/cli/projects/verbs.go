package projects

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// ListOptions are the settings of `projects list`.
type ListOptions = cmdutil.ListOptions

func newCmdList(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdList(f, resources.ProjectList(), cmdutil.Help{
		Short: "List the site's projects",
		Example: `  tabctl projects list --filter topLevelProject:eq:true --sort name
  tabctl projects list --filter parentProjectId:eq:ID -o json`,
	}, &ListOptions{})
}

// RunList prints the projects.
func RunList(ctx context.Context, f *cmdutil.Factory, opts *ListOptions) error {
	return cmdutil.RunList(ctx, f, resources.ProjectList(), opts)
}

func newCmdGet(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdGet(f, resources.ProjectItem, cmdutil.Help{
		Short:   "Show a project, by id, name or path (Parent/Child)",
		Example: `  tabctl projects get Finance/Quarterly -o json`,
	})
}

var deleter = cmdutil.Deleter[tsc.Project]{
	Delete:   func(ctx context.Context, c *tsc.Client, id string) error { return c.Projects.Delete(ctx, id) },
	Describe: cmdutil.DescribeProject,
}

func newCmdDelete(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdDelete(f, resources.ProjectItem, deleter,
		cmdutil.Help{Short: "Delete a project, its nested projects and all their content"})
}

// DeleteOptions are the settings of `projects delete`, for tabcmd's
// deleteproject.
type DeleteOptions struct {
	// Project is an id, a name or a path.
	Project string
}

// RunDelete deletes the project, as `projects delete` does.
func RunDelete(ctx context.Context, f *cmdutil.Factory, opts *DeleteOptions) error {
	return cmdutil.RunDelete(ctx, f, resources.ProjectItem, deleter, &cmdutil.ItemOptions{Ref: opts.Project})
}
