package projects

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// UpdateOptions are the settings of `projects update`; only what is set
// changes.
type UpdateOptions struct {
	Output cmdutil.OutputFlags
	// Project is the id, name or path of the project to change.
	Project            string
	Name               string
	Description        string
	ContentPermissions string
	// Parent moves the project under another (id, name or path).
	Parent string
	// Owner gives the project to another user (id or name).
	Owner string
}

func newCmdUpdate(f *cmdutil.Factory) *cobra.Command {
	opts := &UpdateOptions{}
	cmd := &cobra.Command{
		Use:   "update PROJECT",
		Short: "Rename, describe, move or give away a project",
		Example: `  tabctl projects update Finance --name "Finance & Accounting"
  tabctl projects update Quarterly --parent Archive --owner alice`,
		Args: cmdutil.ExactArgs(1, "a project id, name or path"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Project = args[0]
			return RunUpdate(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	fl := cmd.Flags()
	fl.StringVar(&opts.Name, "name", "", "new name")
	fl.StringVar(&opts.Description, "description", "", "new description")
	fl.StringVar(&opts.ContentPermissions, "content-permissions", "", "LockedToProject, LockedToProjectWithoutNested or ManagedByOwner")
	fl.StringVar(&opts.Parent, "parent", "", "move under this project (id, name or path)")
	fl.StringVar(&opts.Owner, "owner", "", "new owner (user id or name)")
	return cmd
}

// RunUpdate changes the project and prints it.
func RunUpdate(ctx context.Context, f *cmdutil.Factory, opts *UpdateOptions) error {
	p, err := cmdutil.NewPrinter(resources.ProjectItemTable, opts.Output)
	if err != nil {
		return err
	}
	perms, err := cmdutil.OneOf("content-permissions", opts.ContentPermissions, permissionModes...)
	if err != nil {
		return err
	}
	if opts.Name == "" && opts.Description == "" && perms == "" && opts.Parent == "" && opts.Owner == "" {
		return cmdutil.FlagErrorf("nothing to update: give at least one of --name, --description, --content-permissions, --parent, --owner")
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	proj, err := resources.ResolveProject(ctx, c, opts.Project)
	if err != nil {
		return err
	}
	change := tsc.Project{ID: proj.ID, Name: opts.Name, Description: opts.Description, ContentPermissions: tsc.ContentPermissions(perms)}
	parent, owner, err := resources.Placement(ctx, c, opts.Parent, opts.Owner)
	if err != nil {
		return err
	}
	if parent != nil {
		change.ParentProjectID = parent.ID
	}
	change.Owner = owner
	updated, err := c.Projects.Update(ctx, change)
	if err != nil {
		return err
	}
	return p.One(f.IO.Out, resources.NewProjectRow(*updated))
}
