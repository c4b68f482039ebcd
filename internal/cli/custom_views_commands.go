package cli

import "github.com/tsc-go/tsc/internal/cli/customviews"

// Custom views (issue 16 item 2).
func init() { Register(customviews.NewCmdCustomViews) }
