package datasources

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// DeleteOptions are the settings of `datasources delete`.
type DeleteOptions struct {
	// Datasource is an id or a name; Project narrows a name.
	Datasource string
	Project    string
}

func newCmdDelete(f *cmdutil.Factory) *cobra.Command {
	opts := &DeleteOptions{}
	cmd := &cobra.Command{
		Use:   "delete DATASOURCE",
		Short: "Delete a published data source",
		Args:  cmdutil.ExactArgs(1, "a data source id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Datasource = args[0]
			return RunDelete(cmd.Context(), f, opts)
		},
	}
	addProjectFlag(cmd, &opts.Project)
	return cmd
}

// RunDelete deletes the data source.
func RunDelete(ctx context.Context, f *cmdutil.Factory, opts *DeleteOptions) error {
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	ds, err := resources.ResolveDatasource(ctx, c, opts.Datasource, opts.Project)
	if err != nil {
		return err
	}
	if err := c.Datasources.Delete(ctx, ds.ID); err != nil {
		return err
	}
	f.Successf("Deleted data source %s (%s)\n", ds.Name, ds.ID)
	return nil
}
