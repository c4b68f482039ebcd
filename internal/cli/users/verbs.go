package users

import (
	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

func newCmdList(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdList(f, resources.UserList, cmdutil.Help{
		Short: "List the site's users",
		Example: `  tabctl users list --filter siteRole:eq:Viewer --sort name
  tabctl users list --filter lastLogin:lt:2024-01-01T00:00:00Z --all -o csv`,
	}, &cmdutil.ListOptions{})
}

func newCmdGet(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdGet(f, resources.UserItem, cmdutil.Help{
		Short:   "Show a user, by id or name",
		Example: `  tabctl users get alice -o json`,
	})
}
