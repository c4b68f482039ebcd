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
	for _, ref := range o.Workbooks {
		w, err := resources.ResolveWorkbook(ctx, c, ref, o.Project)
		if err != nil {
			return err
		}
		items = append(items, tsc.TagTarget{ContentType: tsc.TagWorkbook, ID: w.ID})
	}
	for _, ref := range o.Datasources {
		d, err := resources.ResolveDatasource(ctx, c, ref, o.Project)
		if err != nil {
			return err
		}
		items = append(items, tsc.TagTarget{ContentType: tsc.TagDatasource, ID: d.ID})
	}
	for _, ref := range o.Views {
		v, err := resources.ResolveView(ctx, c, ref, o.Project)
		if err != nil {
			return err
		}
		items = append(items, tsc.TagTarget{ContentType: tsc.TagView, ID: v.ID})
	}
	for _, ref := range o.Flows {
		fl, err := resources.ResolveFlow(ctx, c, ref, o.Project)
		if err != nil {
			return err
		}
		items = append(items, tsc.TagTarget{ContentType: tsc.TagFlow, ID: fl.ID})
	}
	for _, ref := range o.VirtualConnections {
		vc, err := resources.ResolveVirtualConnection(ctx, c, ref, o.Project)
		if err != nil {
			return err
		}
		items = append(items, tsc.TagTarget{ContentType: tsc.TagVirtualConnection, ID: vc.ID})
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
