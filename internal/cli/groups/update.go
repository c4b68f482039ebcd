package groups

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// UpdateOptions are the settings of `groups update`; only what is set
// changes.
type UpdateOptions struct {
	Output cmdutil.OutputFlags
	// Group is an id or a name.
	Group           string
	Name            string
	MinimumSiteRole string
}

func newCmdUpdate(f *cmdutil.Factory) *cobra.Command {
	opts := &UpdateOptions{}
	cmd := &cobra.Command{
		Use:     "update GROUP",
		Short:   "Rename a group or change its minimum site role",
		Example: `  tabctl groups update Analysts --name "Data Analysts"`,
		Args:    cmdutil.ExactArgs(1, "a group id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Group = args[0]
			return RunUpdate(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	cmd.Flags().StringVar(&opts.Name, "name", "", "new name")
	cmd.Flags().StringVar(&opts.MinimumSiteRole, "minimum-site-role", "", "site role granted to members when they sign in")
	return cmd
}

// RunUpdate changes the group and prints it.
func RunUpdate(ctx context.Context, f *cmdutil.Factory, opts *UpdateOptions) error {
	p, err := cmdutil.NewPrinter(resources.GroupItemTable, opts.Output)
	if err != nil {
		return err
	}
	role, err := parseRole(opts.MinimumSiteRole)
	if err != nil {
		return err
	}
	if opts.Name == "" && role == "" {
		return cmdutil.FlagErrorf("nothing to update: give --name or --minimum-site-role")
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	g, err := resources.ResolveGroup(ctx, c, opts.Group)
	if err != nil {
		return err
	}
	updated, err := c.Groups.Update(ctx, tsc.Group{ID: g.ID, Name: opts.Name, MinimumSiteRole: role})
	if err != nil {
		return err
	}
	return p.One(f.IO.Out, resources.NewGroupRow(*updated))
}
