package cli

import (
	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/tabcmd"
)

// tabcmd's commands (listsites, createproject, publish, export, ...) sit at
// the top level, under the names tabcmd gives them, and keep its exit codes.
func init() {
	for _, newCmd := range tabcmd.Commands() {
		Register(func(f *cmdutil.Factory) *cobra.Command {
			cmd := newCmd(f)
			cmdutil.MarkTabcmd(cmd)
			return cmd
		})
	}
}
