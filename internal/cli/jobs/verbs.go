package jobs

import (
	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

func newCmdList(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdList(f, resources.JobList, cmdutil.Help{
		Short: "List the site's jobs",
		Example: `  tabctl jobs list --filter status:eq:InProgress
  tabctl jobs list --filter jobType:eq:refresh_extracts --sort createdAt:desc --limit 10`,
	}, &cmdutil.ListOptions{})
}

func newCmdGet(f *cmdutil.Factory) *cobra.Command {
	return cmdutil.NewCmdGet(f, resources.JobItem, cmdutil.Help{
		Short: "Show a job: its type, progress, and once done how it ended and why",
	})
}
