package cli

import "github.com/tsc-go/tsc/internal/cli/tabcmd"

// tabcmd's commands (listsites, createproject, publish, export, ...) sit at
// the top level, under the names tabcmd gives them.
func init() {
	for _, newCmd := range tabcmd.Commands() {
		Register(newCmd)
	}
}
