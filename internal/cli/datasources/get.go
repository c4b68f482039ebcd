package datasources

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// GetOptions are the settings of `datasources get`.
type GetOptions struct {
	Output cmdutil.OutputFlags
	// Datasource is an id or a name; Project narrows a name.
	Datasource string
	Project    string
}

func newCmdGet(f *cmdutil.Factory) *cobra.Command {
	opts := &GetOptions{}
	cmd := &cobra.Command{
		Use:     "get DATASOURCE",
		Short:   "Show a data source, by id or name",
		Example: `  tabctl datasources get Orders --project Finance -o json`,
		Args:    cmdutil.ExactArgs(1, "a data source id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Datasource = args[0]
			return RunGet(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	addProjectFlag(cmd, &opts.Project)
	return cmd
}

// RunGet prints one data source.
func RunGet(ctx context.Context, f *cmdutil.Factory, opts *GetOptions) error {
	p, err := cmdutil.NewPrinter(resources.DatasourceTable, opts.Output)
	if err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	ds, err := resources.ResolveDatasource(ctx, c, opts.Datasource, opts.Project)
	if err != nil {
		return err
	}
	if !resources.LooksLikeID(opts.Datasource) {
		if full, err := c.Datasources.Get(ctx, ds.ID); err == nil {
			ds = full
		}
	}
	return p.One(f.IO.Out, resources.NewDatasourceRow(*ds))
}
