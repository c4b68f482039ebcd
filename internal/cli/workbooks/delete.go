package workbooks

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// DeleteOptions are the settings of `workbooks delete`.
type DeleteOptions struct {
	// Workbook is an id or a name; Project narrows a name.
	Workbook string
	Project  string
}

func newCmdDelete(f *cmdutil.Factory) *cobra.Command {
	opts := &DeleteOptions{}
	cmd := &cobra.Command{
		Use:   "delete WORKBOOK",
		Short: "Delete a workbook",
		Args:  cmdutil.ExactArgs(1, "a workbook id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Workbook = args[0]
			return RunDelete(cmd.Context(), f, opts)
		},
	}
	addProjectFlag(cmd, &opts.Project)
	return cmd
}

// RunDelete deletes the workbook.
func RunDelete(ctx context.Context, f *cmdutil.Factory, opts *DeleteOptions) error {
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	wb, err := resources.ResolveWorkbook(ctx, c, opts.Workbook, opts.Project)
	if err != nil {
		return err
	}
	if err := c.Workbooks.Delete(ctx, wb.ID); err != nil {
		return err
	}
	f.Successf("Deleted workbook %s (%s)\n", wb.Name, wb.ID)
	return nil
}
