package projects

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// DeleteOptions are the settings of `projects delete`.
type DeleteOptions struct {
	// Project is an id, a name or a path.
	Project string
	// Yes skips the confirmation.
	Yes bool
}

func newCmdDelete(f *cmdutil.Factory) *cobra.Command {
	opts := &DeleteOptions{}
	cmd := &cobra.Command{
		Use:   "delete PROJECT",
		Short: "Delete a project, its nested projects and all their content",
		Args:  cmdutil.ExactArgs(1, "a project id, name or path"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Project = args[0]
			return RunDelete(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddYesFlag(cmd, &opts.Yes)
	return cmd
}

// RunDelete deletes the project.
func RunDelete(ctx context.Context, f *cmdutil.Factory, opts *DeleteOptions) error {
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	proj, err := resources.ResolveProject(ctx, c, opts.Project)
	if err != nil {
		return err
	}
	if err := cmdutil.ConfirmDelete(ctx, f, opts.Yes, func() string { return cmdutil.DescribeProject(ctx, c, proj) }); err != nil {
		return err
	}
	if err := c.Projects.Delete(ctx, proj.ID); err != nil {
		return err
	}
	f.Successf("Deleted project %s (%s)\n", proj.Name, proj.ID)
	return nil
}
