// Command tabctl manages Tableau Server and Tableau Cloud: tabcmd's commands,
// noun-verb commands for the whole REST API, and an embedded emulator
// (`tabctl serve`, `tabctl demo`).
package main

import (
	"os"

	"github.com/tsc-go/tsc/internal/cli"
)

func main() { os.Exit(cli.Main()) }
