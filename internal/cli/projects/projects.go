// Package projects holds `tabctl projects`: list, get, create, update and
// delete the projects of the current site. Projects are named by id, by
// name, or by path ("Finance/Quarterly") wherever one is expected.
//
// Each verb has an exported Options struct and Run function, so that
// other commands (tabcmd's createproject, deleteproject) reuse them.
package projects

import (
	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// NewCmdProjects builds `tabctl projects` and its verbs.
func NewCmdProjects(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "projects <command>",
		Short: "List, create, update and delete projects",
		Args:  cmdutil.NoArgs,
	}
	cmd.AddCommand(newCmdList(f), newCmdGet(f), newCmdCreate(f), newCmdUpdate(f), newCmdDelete(f))
	return cmd
}

var permissionModes = []string{string(tsc.LockedToProject), string(tsc.LockedToProjectWithoutNested), string(tsc.ManagedByOwner)}
