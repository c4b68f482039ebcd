package cli

import "github.com/tsc-go/tsc/internal/cli/webhooks"

// Webhooks: what the site POSTs to other systems (issue 16).
func init() { Register(webhooks.NewCmdWebhooks) }
