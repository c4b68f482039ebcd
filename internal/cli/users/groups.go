package users

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

func newCmdGroups(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdListOf(f, "groups", resources.UserItem, resources.GroupList,
		func(c *tsc.Client, u tsc.User) cmdutil.PageFunc[tsc.Group] {
			return func(ctx context.Context, o tsc.ListOptions) ([]tsc.Group, tsc.Pagination, error) {
				return c.Users.Groups(ctx, u.ID, o)
			}
		},
		cmdutil.Help{Short: "List the groups a user belongs to", Example: `  tabctl users groups alice`},
		&cmdutil.ListOfOptions{})
}

func newCmdWorkbooks(f *cmdutil.Factory) *cobra.Command {
	owned := new(bool)
	cmd := cmdutil.NewCmdListOf(f, "workbooks", resources.UserItem, resources.WorkbookList,
		func(c *tsc.Client, u tsc.User) cmdutil.PageFunc[tsc.Workbook] {
			return func(ctx context.Context, o tsc.ListOptions) ([]tsc.Workbook, tsc.Pagination, error) {
				return c.Users.Workbooks(ctx, u.ID, *owned, o)
			}
		},
		cmdutil.Help{Short: "List the workbooks a user can read, or owns", Example: `  tabctl users workbooks alice --owned`},
		&cmdutil.ListOfOptions{})
	cmd.Flags().BoolVar(owned, "owned", false, "only the workbooks the user owns")
	return cmd
}
