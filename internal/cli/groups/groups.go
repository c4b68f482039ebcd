// Package groups holds `tabctl groups`: list, get, create, update and
// delete the local groups of the current site, and list, add and remove
// their members. Groups and users are named by id or by name.
//
// Each verb has an exported Options struct and Run function, so that
// other commands (tabcmd's creategroup, addusers, removeusers) reuse them.
package groups

import (
	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// NewCmdGroups builds `tabctl groups` and its verbs.
func NewCmdGroups(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "groups <command>",
		Short: "List, create, update and delete groups, and manage their members",
		Args:  cmdutil.NoArgs,
	}
	cmd.AddCommand(newCmdList(f), newCmdGet(f), newCmdCreate(f), newCmdUpdate(f), newCmdDelete(f),
		newCmdUsers(f), newCmdAddUsers(f), newCmdRemoveUsers(f))
	return cmd
}

func parseRole(v string) (tsc.SiteRole, error) {
	names := make([]string, len(tsc.SiteRoles))
	for i, r := range tsc.SiteRoles {
		names[i] = string(r)
	}
	r, err := cmdutil.OneOf("minimum-site-role", v, names...)
	return tsc.SiteRole(r), err
}
