// Package jobs holds `tabctl jobs`: list, get, cancel and wait for the
// asynchronous jobs of the current site (extract refreshes, publishes run
// as jobs, ...). Wait is exported for the commands that start jobs
// (refresh --wait, publish --as-job --wait).
//
// Each verb has an exported Options struct and Run function, so that
// other commands (tabcmd's refreshextracts --synchronous) reuse them.
package jobs

import (
	"context"
	"time"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// NewCmdJobs builds `tabctl jobs` and its verbs.
func NewCmdJobs(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "jobs <command>",
		Short: "List, follow, wait for and cancel background jobs",
		Args:  cmdutil.NoArgs,
	}
	cmd.AddCommand(newCmdList(f), newCmdGet(f), newCmdCancel(f), newCmdWait(f))
	return cmd
}

// PollInterval is the first wait between polls of a job; it doubles up
// to tsc.DefaultWaitMaxInterval. Tests shorten it.
var PollInterval = tsc.DefaultWaitMinInterval

// Wait polls the job until it ends, with a spinner showing its progress
// on a terminal (desc names what is awaited, e.g. "Refreshing Sales").
// A job that fails or is cancelled gives a *tsc.JobError whose message
// carries the job's notes; timeout > 0 bounds the wait.
func Wait(ctx context.Context, f *cmdutil.Factory, c *tsc.Client, id, desc string, timeout time.Duration) (*tsc.Job, error) {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	spin := cmdutil.NewJobSpinner(f.IO, desc)
	defer spin.Finish()
	return c.Jobs.Wait(ctx, id, tsc.WaitOptions{MinInterval: PollInterval, OnPoll: spin.OnPoll()})
}
