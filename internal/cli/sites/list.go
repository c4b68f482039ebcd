package sites

import (
	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

func newCmdList(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdList(f, resources.SiteList, cmdutil.Help{
		Short: "List the server's sites (all of them for a server administrator, yours otherwise)",
		Example: `  tabctl sites list
  tabctl sites list --filter name:has:mark --sort name -o json`,
	}, &cmdutil.ListOptions{})
}
