package workbooks

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// UpdateOptions are the settings of `workbooks update`; only what is set
// changes.
type UpdateOptions struct {
	Output cmdutil.OutputFlags
	// Workbook is an id or a name; Project narrows a name.
	Workbook    string
	Project     string
	Name        string
	Description string
	// Tabbed shows the views as tabs (nil: unchanged).
	Tabbed *bool
	// MoveTo is the project (name, path or id) to move the workbook to.
	MoveTo string
	// Owner is the new owner (user id or name).
	Owner string
}

func newCmdUpdate(f *cmdutil.Factory) *cobra.Command {
	opts := &UpdateOptions{}
	cmd := &cobra.Command{
		Use:   "update WORKBOOK",
		Short: "Rename, describe, move or give away a workbook, or show its views as tabs",
		Example: `  tabctl workbooks update Sales --move-to Archive --owner alice
  tabctl workbooks update 3f2a... --tabbed=false`,
		Args: cmdutil.ExactArgs(1, "a workbook id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Workbook = args[0]
			opts.Tabbed = cmdutil.ChangedBool(cmd, "tabbed")
			return RunUpdate(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	addProjectFlag(cmd, &opts.Project)
	fl := cmd.Flags()
	fl.StringVar(&opts.Name, "name", "", "new name")
	fl.StringVar(&opts.Description, "description", "", "new description")
	fl.Bool("tabbed", false, "show the views as tabs")
	fl.StringVar(&opts.MoveTo, "move-to", "", "move to this project (name, path or id)")
	fl.StringVar(&opts.Owner, "owner", "", "new owner (user id or name)")
	return cmd
}

// RunUpdate changes the workbook and prints it.
func RunUpdate(ctx context.Context, f *cmdutil.Factory, opts *UpdateOptions) error {
	p, err := cmdutil.NewPrinter(resources.WorkbookItemTable, opts.Output)
	if err != nil {
		return err
	}
	if opts.Name == "" && opts.Description == "" && opts.Tabbed == nil && opts.MoveTo == "" && opts.Owner == "" {
		return cmdutil.FlagErrorf("nothing to update: give at least one of --name, --description, --tabbed, --move-to, --owner")
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	wb, err := resources.ResolveWorkbook(ctx, c, opts.Workbook, opts.Project)
	if err != nil {
		return err
	}
	change := tsc.Workbook{ID: wb.ID, Name: opts.Name, Description: opts.Description, ShowTabs: opts.Tabbed}
	if change.Project, change.Owner, err = resources.Placement(ctx, c, opts.MoveTo, opts.Owner); err != nil {
		return err
	}
	updated, err := c.Workbooks.Update(ctx, change)
	if err != nil {
		return err
	}
	return p.One(f.IO.Out, resources.NewWorkbookRow(*updated))
}
