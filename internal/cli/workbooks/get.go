package workbooks

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// GetOptions are the settings of `workbooks get`.
type GetOptions struct {
	Output cmdutil.OutputFlags
	// Workbook is an id or a name; Project narrows a name.
	Workbook string
	Project  string
}

func newCmdGet(f *cmdutil.Factory) *cobra.Command {
	opts := &GetOptions{}
	cmd := &cobra.Command{
		Use:     "get WORKBOOK",
		Short:   "Show a workbook, by id or name",
		Example: `  tabctl workbooks get Sales --project Finance -o json`,
		Args:    cmdutil.ExactArgs(1, "a workbook id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Workbook = args[0]
			return RunGet(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	addProjectFlag(cmd, &opts.Project)
	return cmd
}

// RunGet prints one workbook.
func RunGet(ctx context.Context, f *cmdutil.Factory, opts *GetOptions) error {
	p, err := cmdutil.NewPrinter(resources.WorkbookTable, opts.Output)
	if err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	wb, err := resources.ResolveWorkbook(ctx, c, opts.Workbook, opts.Project)
	if err != nil {
		return err
	}
	if !resources.LooksLikeID(opts.Workbook) {
		// A list entry lacks some fields; the workbook's own answer has them all.
		if full, err := c.Workbooks.Get(ctx, wb.ID); err == nil {
			wb = full
		}
	}
	return p.One(f.IO.Out, resources.NewWorkbookRow(*wb))
}
