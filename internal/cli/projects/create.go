package projects

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// CreateOptions are the settings of `projects create`.
type CreateOptions struct {
	Output cmdutil.OutputFlags
	Name   string
	// Parent is the parent project's id, name or path; empty for a
	// top-level project.
	Parent             string
	Description        string
	ContentPermissions string
}

func newCmdCreate(f *cmdutil.Factory) *cobra.Command {
	opts := &CreateOptions{}
	cmd := &cobra.Command{
		Use:   "create NAME",
		Short: "Create a project, top-level or nested",
		Example: `  tabctl projects create Finance --description "Finance dashboards"
  tabctl projects create Quarterly --parent Finance --content-permissions LockedToProject`,
		Args: cmdutil.ExactArgs(1, "the new project's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			return RunCreate(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	fl := cmd.Flags()
	fl.StringVar(&opts.Parent, "parent", "", "parent project (id, name or path) to nest the project in")
	fl.StringVar(&opts.Description, "description", "", "what the project holds")
	fl.StringVar(&opts.ContentPermissions, "content-permissions", "", "LockedToProject, LockedToProjectWithoutNested or ManagedByOwner")
	return cmd
}

// RunCreate creates the project and prints it.
func RunCreate(ctx context.Context, f *cmdutil.Factory, opts *CreateOptions) error {
	p, err := cmdutil.NewPrinter(resources.ProjectItemTable, opts.Output)
	if err != nil {
		return err
	}
	created, err := Create(ctx, f, opts)
	if err != nil {
		return err
	}
	return p.One(f.IO.Out, resources.NewProjectRow(*created))
}

// Create creates the project without printing it (opts.Output is
// ignored), for commands that report it their own way.
func Create(ctx context.Context, f *cmdutil.Factory, opts *CreateOptions) (*tsc.Project, error) {
	if opts.Name == "" {
		return nil, cmdutil.FlagErrorf("the project needs a name")
	}
	perms, err := cmdutil.OneOf("content-permissions", opts.ContentPermissions, permissionModes...)
	if err != nil {
		return nil, err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return nil, err
	}
	proj := tsc.Project{Name: opts.Name, Description: opts.Description, ContentPermissions: tsc.ContentPermissions(perms)}
	if opts.Parent != "" {
		parent, err := resources.ResolveProject(ctx, c, opts.Parent)
		if err != nil {
			return nil, err
		}
		proj.ParentProjectID = parent.ID
	}
	return c.Projects.Create(ctx, proj)
}
