package groups

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// CreateOptions are the settings of `groups create`.
type CreateOptions struct {
	Output cmdutil.OutputFlags
	Name   string
	// MinimumSiteRole, when set, is granted to members when they sign in.
	MinimumSiteRole string
}

func newCmdCreate(f *cmdutil.Factory) *cobra.Command {
	opts := &CreateOptions{}
	cmd := &cobra.Command{
		Use:     "create NAME",
		Short:   "Create a local group",
		Example: `  tabctl groups create Analysts --minimum-site-role Explorer`,
		Args:    cmdutil.ExactArgs(1, "the new group's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			return RunCreate(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	cmd.Flags().StringVar(&opts.MinimumSiteRole, "minimum-site-role", "", "site role granted to members when they sign in")
	return cmd
}

// RunCreate creates the group and prints it.
func RunCreate(ctx context.Context, f *cmdutil.Factory, opts *CreateOptions) error {
	p, err := cmdutil.NewPrinter(resources.GroupItemTable, opts.Output)
	if err != nil {
		return err
	}
	g, err := Create(ctx, f, opts)
	if err != nil {
		return err
	}
	return p.One(f.IO.Out, resources.NewGroupRow(*g))
}

// Create creates the group without printing it (opts.Output is ignored).
func Create(ctx context.Context, f *cmdutil.Factory, opts *CreateOptions) (*tsc.Group, error) {
	if opts.Name == "" {
		return nil, cmdutil.FlagErrorf("the group needs a name")
	}
	role, err := parseRole(opts.MinimumSiteRole)
	if err != nil {
		return nil, err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return nil, err
	}
	return c.Groups.Create(ctx, tsc.Group{Name: opts.Name, MinimumSiteRole: role})
}
