package cli

import "github.com/tsc-go/tsc/internal/cli/serve"

func init() { Register(serve.NewCmdServe) }
