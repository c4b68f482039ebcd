package datasources

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// UpdateOptions are the settings of `datasources update`; only what is
// set changes.
type UpdateOptions struct {
	Output cmdutil.OutputFlags
	// Datasource is an id or a name; Project narrows a name.
	Datasource string
	Project    string
	Name       string
	// Certified and EncryptExtracts are nil when unchanged.
	Certified         *bool
	CertificationNote string
	EncryptExtracts   *bool
	// MoveTo is the project (name, path or id) to move to; Owner the new
	// owner (user id or name).
	MoveTo string
	Owner  string
}

func newCmdUpdate(f *cmdutil.Factory) *cobra.Command {
	opts := &UpdateOptions{}
	cmd := &cobra.Command{
		Use:   "update DATASOURCE",
		Short: "Rename, certify, move or give away a data source",
		Example: `  tabctl datasources update Orders --certified --certification-note "Reconciled with finance"
  tabctl datasources update 5d1e... --certified=false --move-to Archive`,
		Args: cmdutil.ExactArgs(1, "a data source id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Datasource = args[0]
			opts.Certified = cmdutil.ChangedBool(cmd, "certified")
			opts.EncryptExtracts = cmdutil.ChangedBool(cmd, "encrypt-extracts")
			return RunUpdate(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	addProjectFlag(cmd, &opts.Project)
	fl := cmd.Flags()
	fl.StringVar(&opts.Name, "name", "", "new name")
	fl.Bool("certified", false, "mark the data source certified (--certified=false to withdraw)")
	fl.StringVar(&opts.CertificationNote, "certification-note", "", "why the data source is (or is not) certified")
	fl.Bool("encrypt-extracts", false, "encrypt the data source's extracts")
	fl.StringVar(&opts.MoveTo, "move-to", "", "move to this project (name, path or id)")
	fl.StringVar(&opts.Owner, "owner", "", "new owner (user id or name)")
	return cmd
}

// RunUpdate changes the data source and prints it.
func RunUpdate(ctx context.Context, f *cmdutil.Factory, opts *UpdateOptions) error {
	p, err := cmdutil.NewPrinter(resources.DatasourceItemTable, opts.Output)
	if err != nil {
		return err
	}
	if opts.Name == "" && opts.Certified == nil && opts.CertificationNote == "" && opts.EncryptExtracts == nil && opts.MoveTo == "" && opts.Owner == "" {
		return cmdutil.FlagErrorf("nothing to update: give at least one of --name, --certified, --certification-note, --encrypt-extracts, --move-to, --owner")
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	ds, err := resources.ResolveDatasource(ctx, c, opts.Datasource, opts.Project)
	if err != nil {
		return err
	}
	change := tsc.Datasource{ID: ds.ID, Name: opts.Name, IsCertified: opts.Certified, CertificationNote: opts.CertificationNote, EncryptExtracts: opts.EncryptExtracts}
	if change.Project, change.Owner, err = resources.Placement(ctx, c, opts.MoveTo, opts.Owner); err != nil {
		return err
	}
	updated, err := c.Datasources.Update(ctx, change)
	if err != nil {
		return err
	}
	return p.One(f.IO.Out, resources.NewDatasourceRow(*updated))
}
