package tabcmd

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// ListOptions are the inputs of `tabctl list`, tabcmd's flags with their
// meanings: -o is --owner here, as in tabcmd (the noun-verb commands'
// 'projects list -o json' is the structured listing).
type ListOptions struct {
	// Content is projects, workbooks, datasources or flows.
	Content string
	// Machine prints comma-separated values without labels.
	Machine bool
	// Name, Owner, Details and Address add the name, the owner's id, a
	// workbook's views and a workbook's or data source's content URL.
	Name, Owner, Details, Address bool
	// PageSize is tabcmd's --query-page-size (0: the server's largest page).
	PageSize int
}

var listKinds = []string{"projects", "workbooks", "datasources", "flows"}

// NewCmdList builds `tabctl list`.
func NewCmdList(f *cmdutil.Factory) *cobra.Command {
	opts := &ListOptions{}
	cmd := &cobra.Command{
		Use:   "list projects|workbooks|datasources|flows",
		Short: "List the site's projects, workbooks, data sources or flows (tabcmd list)",
		Long: `List every project, workbook, data source or flow of the current site that you can
see, in tabcmd's format: one line per item with its ID, and with -n/--name its
name, -o/--owner its owner's id, -a/--address its content URL (workbooks and
data sources), -d/--details a workbook's views; --machine prints the same
fields as comma-separated values without labels.

As in tabcmd, -o means --owner here. For tables, JSON or CSV with chosen
fields, use the noun-verb commands ('tabctl projects list -o json').`,
		Example: `  tabctl list projects
  tabctl list workbooks -n -o -a
  tabctl list datasources --machine --name`,
		Args:      cmdutil.ExactArgs(1, "what to list: projects, workbooks, datasources or flows"),
		ValidArgs: listKinds,
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := cmdutil.OneOf("content", args[0], listKinds...)
			if err != nil || k == "" {
				return cmdutil.FlagErrorf("list %q: say projects, workbooks, datasources or flows", args[0])
			}
			opts.Content = k
			opts.PageSize, _ = cmd.Flags().GetInt("query-page-size")
			return RunList(cmd.Context(), f, opts)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&opts.Machine, "machine", false, "comma-separated values without labels, for scripts")
	fl.BoolVarP(&opts.Name, "name", "n", false, "show each item's name")
	fl.BoolVarP(&opts.Owner, "owner", "o", false, "show each item's owner (its id, as tabcmd does)")
	fl.BoolVarP(&opts.Details, "details", "d", false, "show a workbook's views (the first 10)")
	fl.BoolVarP(&opts.Address, "address", "a", false, "show a workbook's or data source's content URL")
	return cmd
}

// listItem is what list shows of one item.
type listItem struct {
	id, name, owner, url string
}

// RunList prints every item of the kind in tabcmd's format.
func RunList(ctx context.Context, f *cmdutil.Factory, opts *ListOptions) error {
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	lo := tsc.ListOptions{PageSize: tsc.MaxPageSize}
	if opts.PageSize > 0 {
		lo.PageSize = opts.PageSize
	}
	var items []listItem
	add := func(id, name string, owner *tsc.User, url string) {
		it := listItem{id: id, name: name, url: url}
		if owner != nil {
			it.owner = owner.ID
		}
		items = append(items, it)
	}
	switch opts.Content {
	case "projects":
		for p, err := range c.Projects.All(ctx, lo) {
			if err != nil {
				return err
			}
			add(p.ID, p.Name, p.Owner, "")
		}
	case "workbooks":
		for w, err := range c.Workbooks.All(ctx, lo) {
			if err != nil {
				return err
			}
			add(w.ID, w.Name, w.Owner, w.ContentURL)
		}
	case "datasources":
		for d, err := range c.Datasources.All(ctx, lo) {
			if err != nil {
				return err
			}
			add(d.ID, d.Name, d.Owner, d.ContentURL)
		}
	case "flows":
		// Flows have no content URL; tabcmd lists them as it lists the rest.
		for fl, err := range c.Flows.All(ctx, lo) {
			if err != nil {
				return err
			}
			add(fl.ID, fl.Name, fl.Owner, "")
		}
	}
	user := c.Session().UserID
	if u, err := c.Users.Get(ctx, user); err == nil {
		user = u.Name
	}
	out := f.IO.Out
	fmt.Fprintf(out, "===== Listing %s content for user %s...\n", opts.Content, user)
	if len(items) == 0 {
		fmt.Fprintln(out, "No content found")
		return nil
	}
	withURL := opts.Address && opts.Content != "projects"
	withViews := opts.Details && opts.Content == "workbooks"
	header := []string{"ID"}
	if opts.Name {
		header = append(header, "NAME")
	}
	if opts.Owner {
		header = append(header, "OWNER")
	}
	if withURL {
		header = append(header, "URL")
	}
	if withViews {
		header = append(header, "CHILDREN")
	}
	fmt.Fprintln(out, strings.Join(header, ", "))
	for _, it := range items {
		var fields []string
		if opts.Machine {
			fields = append(fields, it.id)
		} else {
			fields = append(fields, "ID: "+it.id)
		}
		if opts.Name {
			fields = append(fields, label(opts.Machine, "\tNAME: ", it.name))
		}
		if opts.Owner {
			fields = append(fields, label(opts.Machine, "\tOWNER: ", it.owner))
		}
		if withURL {
			fields = append(fields, it.url)
		}
		line := strings.Join(fields, ", ")
		if withViews {
			views, err := c.Workbooks.Views(ctx, it.id, false)
			if err != nil {
				return err
			}
			names := make([]string, 0, 10)
			for i, v := range views {
				if i == 10 {
					break
				}
				names = append(names, v.Name)
			}
			line += ", VIEWS: " + strings.Join(names, ", ")
		}
		fmt.Fprintln(out, line)
	}
	fmt.Fprintf(out, "%d total %s\n", len(items), opts.Content)
	return nil
}

func label(machine bool, l, v string) string {
	if machine {
		return v
	}
	return l + v
}

func projectName(p *tsc.Project) string {
	if p == nil {
		return ""
	}
	return p.Name
}
