package projects

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// GetOptions are the settings of `projects get`.
type GetOptions struct {
	Output cmdutil.OutputFlags
	// Project is an id, a name or a path.
	Project string
}

func newCmdGet(f *cmdutil.Factory) *cobra.Command {
	opts := &GetOptions{}
	cmd := &cobra.Command{
		Use:     "get PROJECT",
		Short:   "Show a project, by id, name or path (Parent/Child)",
		Example: `  tabctl projects get Finance/Quarterly -o json`,
		Args:    cmdutil.ExactArgs(1, "a project id, name or path"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Project = args[0]
			return RunGet(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	return cmd
}

// RunGet prints one project.
func RunGet(ctx context.Context, f *cmdutil.Factory, opts *GetOptions) error {
	p, err := cmdutil.NewPrinter(resources.ProjectTable, opts.Output)
	if err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	proj, err := resources.ResolveProject(ctx, c, opts.Project)
	if err != nil {
		return err
	}
	return p.One(f.IO.Out, resources.NewProjectRow(*proj))
}
