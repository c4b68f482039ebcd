package users

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// WorkbooksOptions are the settings of `users workbooks`.
type WorkbooksOptions struct {
	Output cmdutil.OutputFlags
	List   cmdutil.ListFlags
	// User is an id or a name.
	User string
	// Owned keeps only the workbooks the user owns, not all they can read.
	Owned bool
}

func newCmdWorkbooks(f *cmdutil.Factory) *cobra.Command {
	opts := &WorkbooksOptions{}
	cmd := &cobra.Command{
		Use:     "workbooks USER",
		Short:   "List the workbooks a user can read, or owns",
		Example: `  tabctl users workbooks alice --owned`,
		Args:    cmdutil.ExactArgs(1, "a user id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.User = args[0]
			return RunWorkbooks(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	cmdutil.AddListFlags(cmd, &opts.List)
	cmd.Flags().BoolVar(&opts.Owned, "owned", false, "only the workbooks the user owns")
	return cmd
}

// RunWorkbooks prints the user's workbooks.
func RunWorkbooks(ctx context.Context, f *cmdutil.Factory, opts *WorkbooksOptions) error {
	p, err := cmdutil.NewPrinter(resources.WorkbookTable, opts.Output)
	if err != nil {
		return err
	}
	if _, err := opts.List.ListOptions(); err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	u, err := resources.ResolveUser(ctx, c, opts.User)
	if err != nil {
		return err
	}
	items, total, err := cmdutil.Fetch(ctx, &opts.List, func(ctx context.Context, o tsc.ListOptions) ([]tsc.Workbook, tsc.Pagination, error) {
		return c.Users.Workbooks(ctx, u.ID, opts.Owned, o)
	})
	if err != nil {
		return err
	}
	if err := p.List(f.IO.Out, resources.Map(items, resources.NewWorkbookRow)); err != nil {
		return err
	}
	f.NoteTruncated(len(items), total, "workbooks")
	return nil
}
