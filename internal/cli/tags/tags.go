// Package tags holds `tabctl tags`: add or remove tags on many workbooks,
// data sources, views, flows and virtual connections in one call (Batch
// Add Tags, Batch Delete Tags).
package tags

import (
	"context"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// NewCmdTags builds `tabctl tags` and its verbs.
func NewCmdTags(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "tags <command>",
		Short: "Add or remove tags on many items in one call",
		Long: `Add or remove tags on many workbooks, data sources, views, flows and virtual
connections in one call.
The server checks every item before it changes any: one item you may not tag
refuses the whole batch.`,
		Args: cmdutil.NoArgs,
	}
	cmd.AddCommand(newCmdBatch(f, true), newCmdBatch(f, false))
	return cmd
}

// Options are the settings of `tags add` and `tags delete`.
type Options struct {
	Tags                          []string
	Workbooks, Datasources, Views []string
	Flows, VirtualConnections     []string
	Project                       string
}

func newCmdBatch(f *cmdutil.Factory, add bool) *cobra.Command {
	o := &Options{}
	use, short := "delete TAG...", "Remove tags from every item named"
	if add {
		use, short = "add TAG...", "Add tags to every item named"
	}
	cmd := &cobra.Command{
		Use:     use,
		Short:   short,
		Example: "  tabctl tags " + strings.Fields(use)[0] + " q3 finance --workbook Sales --datasource Orders --view Sales/Overview",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Tags = args
			return RunBatch(cmd.Context(), f, o, add)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&o.Workbooks, "workbook", nil, "a workbook, by id or name (repeat)")
	fl.StringArrayVar(&o.Datasources, "datasource", nil, "a data source, by id or name (repeat)")
	fl.StringArrayVar(&o.Views, "view", nil, "a view, by id, name or Workbook/View (repeat)")
	fl.StringArrayVar(&o.Flows, "flow", nil, "a flow, by id or name (repeat)")
	fl.StringArrayVar(&o.VirtualConnections, "virtual-connection", nil, "a virtual connection, by id or name (repeat)")
	fl.StringVar(&o.Project, "project", "", "the project of the items named, when names repeat")
	return cmd
}

// RunBatch resolves the items and sends one batch.
func RunBatch(ctx context.Context, f *cmdutil.Factory, o *Options, add bool) error {
	if len(o.Workbooks)+len(o.Datasources)+len(o.Views)+len(o.Flows)+len(o.VirtualConnections) == 0 {
		return cmdutil.FlagErrorf("name at least one item with --workbook, --datasource, --view, --flow or --virtual-connection")
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	var items []tsc.TagTarget
	for _, kind := range []func() ([]tsc.TagTarget, error){
		func() ([]tsc.TagTarget, error) {
			return targets(ctx, c, o.Workbooks, o.Project, tsc.TagWorkbook, resources.ResolveWorkbook, func(w *tsc.Workbook) string { return w.ID })
		},
		func() ([]tsc.TagTarget, error) {
			return targets(ctx, c, o.Datasources, o.Project, tsc.TagDatasource, resources.ResolveDatasource, func(d *tsc.Datasource) string { return d.ID })
		},
		func() ([]tsc.TagTarget, error) {
			return targets(ctx, c, o.Views, o.Project, tsc.TagView, resources.ResolveView, func(v *tsc.View) string { return v.ID })
		},
		func() ([]tsc.TagTarget, error) {
			return targets(ctx, c, o.Flows, o.Project, tsc.TagFlow, resources.ResolveFlow, func(fl *tsc.Flow) string { return fl.ID })
		},
		func() ([]tsc.TagTarget, error) {
			return targets(ctx, c, o.VirtualConnections, o.Project, tsc.TagVirtualConnection, resources.ResolveVirtualConnection,
				func(vc *tsc.VirtualConnection) string { return vc.ID })
		},
	} {
		more, err := kind()
		if err != nil {
			return err
		}
		items = append(items, more...)
	}
	if add {
		if _, err := c.Tags.BatchAdd(ctx, o.Tags, items...); err != nil {
			return err
		}
		f.Successf("Tagged %d items with %s\n", len(items), strings.Join(o.Tags, ", "))
		return nil
	}
	if _, err := c.Tags.BatchDelete(ctx, o.Tags, items...); err != nil {
		return err
	}
	f.Successf("Removed %s from %d items\n", strings.Join(o.Tags, ", "), len(items))
	return nil
}

// targets resolves the items of one kind named on the command line into
// the batch's entries, in the order given.
func targets[T any](ctx context.Context, c *tsc.Client, refs []string, project, contentType string,
	resolve func(context.Context, *tsc.Client, string, string) (*T, error), id func(*T) string) ([]tsc.TagTarget, error) {
	out := make([]tsc.TagTarget, 0, len(refs))
	for _, ref := range refs {
		item, err := resolve(ctx, c, ref, project)
		if err != nil {
			return nil, err
		}
		out = append(out, tsc.TagTarget{ContentType: contentType, ID: id(item)})
	}
	return out, nil
}
