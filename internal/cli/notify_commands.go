package cli

import (
	"github.com/tsc-go/tsc/internal/cli/dataalerts"
	"github.com/tsc-go/tsc/internal/cli/subscriptions"
)

// What a site sends its users: subscriptions and data-driven alerts.
func init() {
	Register(subscriptions.NewCmdSubscriptions)
	Register(dataalerts.NewCmdDataAlerts)
}
