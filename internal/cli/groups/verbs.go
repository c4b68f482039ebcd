package groups

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

func newCmdList(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdList(f, resources.GroupList, cmdutil.Help{
		Short: "List the site's groups",
		Example: `  tabctl groups list --sort name
  tabctl groups list --filter userCount:gt:10 -o json`,
	}, &cmdutil.ListOptions{})
}

func newCmdGet(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdGet(f, resources.GroupItem, cmdutil.Help{
		Short:   "Show a group, by id or name",
		Example: `  tabctl groups get Analysts -o json`,
	})
}

var deleter = cmdutil.Deleter[tsc.Group]{
	Delete:   func(ctx context.Context, c *tsc.Client, id string) error { return c.Groups.Delete(ctx, id) },
	Describe: cmdutil.DescribeGroup,
}

func newCmdDelete(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdDelete(f, resources.GroupItem, deleter, cmdutil.Help{Short: "Delete a group (not its users)"})
}

// DeleteOptions are the settings of `groups delete`, for tabcmd's
// deletegroup.
type DeleteOptions struct {
	// Group is an id or a name.
	Group string
}

// RunDelete deletes the group, as `groups delete` does.
func RunDelete(ctx context.Context, f *cmdutil.Factory, opts *DeleteOptions) error {
	return cmdutil.RunDelete(ctx, f, resources.GroupItem, deleter, &cmdutil.ItemOptions{Ref: opts.Group})
}
