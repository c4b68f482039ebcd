// Command cmd writes tabctl's command reference (docs/cli.md) from the
// command tree; run it through `go generate ./internal/cli/docgen`.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/tsc-go/tsc/internal/cli/docgen"
)

func main() {
	out := flag.String("o", "docs/cli.md", "file to write")
	flag.Parse()
	if err := os.WriteFile(*out, docgen.Generate(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
