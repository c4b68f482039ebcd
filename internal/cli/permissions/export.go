package permissions

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// ExportOptions are the settings of `permissions export`.
type ExportOptions struct {
	Output cmdutil.OutputFlags
	// Defaults adds every project's default rules for every content type.
	Defaults bool
}

func newCmdExport(f *cmdutil.Factory) *cobra.Command {
	opts := &ExportOptions{}
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the site's permission matrix (every rule on every item) as CSV",
		Long: `Write every permission rule of the site's projects, workbooks, views and
data sources, one line per grantee and capability: content type, content
path, grantee type, grantee name, capability, mode. CSV by default (-o json
or -o table for the other formats); --defaults adds each project's default
rules for every content type, with the content type they are for.

It reads each item's rules once: one request per item, after the lists.`,
		Example: `  tabctl permissions export > permissions.csv
  tabctl permissions export --defaults -o json`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("output") {
				opts.Output.Format = string(cmdutil.FormatCSV)
			}
			return RunExport(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	cmd.Flags().BoolVar(&opts.Defaults, "defaults", false, "also write each project's default rules")
	return cmd
}

// RunExport writes the matrix (CSV when opts.Output.Format is empty),
// item by item.
func RunExport(ctx context.Context, f *cmdutil.Factory, opts *ExportOptions) error {
	out := opts.Output
	if out.Format == "" {
		out.Format = string(cmdutil.FormatCSV)
	}
	p, err := cmdutil.NewPrinter(resources.PermissionMatrixTable, out)
	if err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	targets, err := exportTargets(ctx, c, opts.Defaults)
	if err != nil {
		return err
	}
	// Rows go out item by item, as each item's rules are read, so that the
	// matrix of a large site is never held whole.
	n := &names{c: c, allUsers: true}
	s := p.Stream(f.IO.Out)
	for _, t := range targets {
		perms, err := t.List(ctx, c)
		if err != nil {
			return err
		}
		r, err := n.rows(ctx, t, perms.Rules())
		if err != nil {
			return err
		}
		if err := s.Write(r); err != nil {
			return err
		}
	}
	return s.Close()
}

// exportTargets lists every item whose rules the matrix holds: projects
// (and, with defaults, each project's default rules per content type),
// workbooks, views and data sources, each with its path.
func exportTargets(ctx context.Context, c *tsc.Client, defaults bool) ([]Target, error) {
	paths := newProjectPaths(c)
	if err := paths.load(ctx); err != nil {
		return nil, err
	}
	all := tsc.ListOptions{PageSize: tsc.MaxPageSize}
	var out []Target
	for pr, err := range c.Projects.All(ctx, all) {
		if err != nil {
			return nil, err
		}
		path, err := paths.path(ctx, pr.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, Target{Kind: tsc.PermProject, ID: pr.ID, Path: path})
		if defaults {
			for _, d := range tsc.DefaultPermissionKinds {
				out = append(out, Target{Kind: tsc.PermProject, ID: pr.ID, Path: path, Defaults: d})
			}
		}
	}
	books := map[string]string{}
	for w, err := range c.Workbooks.All(ctx, all) {
		if err != nil {
			return nil, err
		}
		path, err := paths.in(ctx, w.Project, w.Name)
		if err != nil {
			return nil, err
		}
		books[w.ID] = path
		out = append(out, Target{Kind: tsc.PermWorkbook, ID: w.ID, Path: path})
	}
	for v, err := range c.Views.All(ctx, tsc.ViewListOptions{ListOptions: all}) {
		if err != nil {
			return nil, err
		}
		path := v.Name
		if v.Workbook != nil && books[v.Workbook.ID] != "" {
			path = books[v.Workbook.ID] + "/" + v.Name
		}
		out = append(out, Target{Kind: tsc.PermView, ID: v.ID, Path: path})
	}
	for d, err := range c.Datasources.All(ctx, all) {
		if err != nil {
			return nil, err
		}
		path, err := paths.in(ctx, d.Project, d.Name)
		if err != nil {
			return nil, err
		}
		out = append(out, Target{Kind: tsc.PermDatasource, ID: d.ID, Path: path})
	}
	return out, nil
}
