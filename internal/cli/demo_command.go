package cli

import "github.com/tsc-go/tsc/internal/cli/demo"

// `tabctl demo`: the README's first command.
func init() { Register(demo.NewCmdDemo) }
