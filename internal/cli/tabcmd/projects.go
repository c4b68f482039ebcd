package tabcmd

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/projects"
)

// CreateProjectOptions are the inputs of `tabctl createproject`.
type CreateProjectOptions struct {
	Name        string
	Description string
	// ParentProjectPath nests the project, e.g. "Sales/Europe"; empty is the top level.
	ParentProjectPath string
	ContinueIfExists  bool
}

// NewCmdCreateProject builds `tabctl createproject`.
func NewCmdCreateProject(f *cmdutil.Factory) *cobra.Command {
	opts := &CreateProjectOptions{}
	cmd := &cobra.Command{
		Use:   "createproject -n NAME",
		Short: "Create a project (tabcmd createproject)",
		Long: `Create a project, at the top level or inside another one named by its path
(--parent-project-path "Sales/Europe": the names of its parents from the top,
separated by /). The name may also be given as the only argument.`,
		Example: `  tabctl createproject -n Finance -d "Quarterly reporting"
  tabctl createproject -n Europe --parent-project-path Sales`,
		Args: cmdutil.RangeArgs(0, 1, "at most one project name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				if opts.Name != "" && opts.Name != args[0] {
					return cmdutil.FlagErrorf("give the project's name once: -n %q or %q", opts.Name, args[0])
				}
				opts.Name = args[0]
			}
			if opts.Name == "" {
				return cmdutil.FlagErrorf("createproject needs the project's name: -n NAME")
			}
			return RunCreateProject(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Name, "name", "n", "", "the new project's name")
	cmd.Flags().StringVarP(&opts.Description, "description", "d", "", "the project's description")
	cmd.Flags().StringVar(&opts.ParentProjectPath, "parent-project-path", "", `the parent project's path, e.g. "Sales/Europe"`)
	cmd.Flags().BoolVar(&opts.ContinueIfExists, "continue-if-exists", false, "succeed when the project already exists")
	return cmd
}

// RunCreateProject creates the project, through the noun-verb command's
// Create, and reports it as tabcmd does.
func RunCreateProject(ctx context.Context, f *cmdutil.Factory, opts *CreateProjectOptions) error {
	parent := strings.Join(splitPath(opts.ParentProjectPath), "/")
	where := ""
	if parent != "" {
		where = " in " + parent
	}
	p, err := projects.Create(ctx, f, &projects.CreateOptions{Name: opts.Name, Parent: parent, Description: opts.Description})
	if errors.Is(err, tsc.ErrConflict) && opts.ContinueIfExists {
		f.Successf("Project %q already exists%s\n", opts.Name, where)
		return nil
	}
	if err != nil {
		return fmt.Errorf("creating project %q%s: %w", opts.Name, where, err)
	}
	f.Successf("Created project %q%s (id %s)\n", p.Name, where, p.ID)
	return nil
}

// DeleteProjectOptions are the inputs of `tabctl deleteproject`.
type DeleteProjectOptions struct {
	Name              string
	ParentProjectPath string
}

// NewCmdDeleteProject builds `tabctl deleteproject`.
func NewCmdDeleteProject(f *cmdutil.Factory) *cobra.Command {
	opts := &DeleteProjectOptions{}
	cmd := &cobra.Command{
		Use:   "deleteproject NAME",
		Short: "Delete a project and everything in it (tabcmd deleteproject)",
		Long: `Delete a project with its nested projects, workbooks and data sources. A
nested project is named by its parents' path (--parent-project-path); without
it, a top-level project of that name is deleted, or the only one anywhere.`,
		Example: `  tabctl deleteproject Finance
  tabctl deleteproject Europe --parent-project-path Sales`,
		Args: cmdutil.ExactArgs(1, "the project's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			return RunDeleteProject(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().StringVar(&opts.ParentProjectPath, "parent-project-path", "", `the parent project's path, e.g. "Sales/Europe"`)
	return cmd
}

// RunDeleteProject deletes the project, through the noun-verb command.
func RunDeleteProject(ctx context.Context, f *cmdutil.Factory, opts *DeleteProjectOptions) error {
	// tabcmd never asks before deleting (its --no-prompt changes nothing here);
	// RunDelete, unlike the delete command, asks nothing.
	return projects.RunDelete(ctx, f, &projects.DeleteOptions{Project: projectPath(opts.ParentProjectPath, opts.Name)})
}
