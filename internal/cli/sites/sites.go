// Package sites holds `tabctl sites`: list, get, create, update and delete
// the sites of a server. Listing every site, creating and deleting need a
// server administrator; anyone may get their current site.
//
// Each verb has an exported Options struct and Run function, so that
// other commands (tabcmd's listsites, createsite, ...) reuse them.
package sites

import (
	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// NewCmdSites builds `tabctl sites` and its verbs.
func NewCmdSites(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sites <command>",
		Short: "List, create, update and delete sites, and show their usage",
		Args:  cmdutil.NoArgs,
	}
	cmd.AddCommand(newCmdList(f), newCmdGet(f), newCmdUsage(f), newCmdCreate(f), newCmdUpdate(f), newCmdDelete(f))
	cmd.AddCommand(newCmdsExtractEncryption(f)...)
	return cmd
}
