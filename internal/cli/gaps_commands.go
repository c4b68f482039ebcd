package cli

import (
	"github.com/tsc-go/tsc/internal/cli/tags"
	"github.com/tsc-go/tsc/internal/cli/tokens"
)

// Issue 16 part 8: tag batches and revoking administrators' tokens.
func init() {
	Register(tags.NewCmdTags)
	Register(tokens.NewCmdTokens)
}
