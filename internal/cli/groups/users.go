package groups

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// members prints users as `groups users` names them in messages.
var members = cmdutil.Lister[tsc.User, resources.UserRow]{Plural: "members", Table: resources.UserTable, Row: resources.NewUserRow}

func newCmdUsers(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdListOf(f, "users", resources.GroupItem, members,
		func(c *tsc.Client, g tsc.Group) cmdutil.PageFunc[tsc.User] {
			return func(ctx context.Context, o tsc.ListOptions) ([]tsc.User, tsc.Pagination, error) {
				return c.Groups.Users(ctx, g.ID, o)
			}
		},
		cmdutil.Help{Short: "List a group's members", Example: `  tabctl groups users Analysts --sort name`},
		&cmdutil.ListOfOptions{})
}
