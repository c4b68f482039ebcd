// Package cli assembles tabctl's command tree. Each noun lives in its own
// package under internal/cli (gh style): an Options struct and a run function
// per command, with streams and the client injected through cmdutil.Factory
// so that tests run commands in-process against the emulator.
package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/auth"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// extraCommands lets noun packages register themselves without this file
// importing each: a command package calls Register from an init function
// in a file of package cli.
var extraCommands []func(*cmdutil.Factory) *cobra.Command

// Register adds a command constructor to the root command.
func Register(newCmd func(*cmdutil.Factory) *cobra.Command) {
	extraCommands = append(extraCommands, newCmd)
}

// NewRootCmd builds the whole command tree for one run.
func NewRootCmd(f *cmdutil.Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "tabctl",
		Short: "Manage Tableau Server and Tableau Cloud from the command line",
		Long: `tabctl manages Tableau Server and Tableau Cloud: tabcmd's commands (login,
publish, export, refreshextracts, ...) and noun-verb commands for everything the
tsc SDK does (sites, projects, users, groups, workbooks, views, datasources, jobs).

Start with 'tabctl demo': it runs the whole tour against a built-in emulator.`,
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			f.Globals.MarkSiteSet(cmd)
			f.IO.Quiet = f.Globals.Quiet
			return nil
		},
		PersistentPostRunE: func(cmd *cobra.Command, args []string) error {
			return f.Persist()
		},
	}
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	cmdutil.AddGlobalFlags(root, f.Globals)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return cmdutil.FlagErrorWrap(err)
	})
	root.AddCommand(auth.NewLoginCmd(f), auth.NewLogoutCmd(f), newVersionCmd(f))
	for _, newCmd := range extraCommands {
		root.AddCommand(newCmd(f))
	}
	return root
}

func newVersionCmd(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print tabctl's version",
		Args:  cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(f.IO.Out, "tabctl %s (tsc SDK %s, REST API up to %s)\n", cmdutil.Version, cmdutil.Version, latestAPI())
			return nil
		},
	}
}

// Run executes tabctl with args and returns the exit code: 0 on success, 1
// on a failure (one line naming the problem), 2 on a usage error (with the
// command's usage).
func Run(ctx context.Context, f *cmdutil.Factory, args []string) int {
	root := NewRootCmd(f)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return 0
	}
	if errors.Is(err, cmdutil.ErrSilent) {
		return 1
	}
	if cmdutil.IsUsageError(err) || isCobraUsageError(err) {
		fmt.Fprintf(f.IO.ErrOut, "error: %s\n", oneLine(err.Error()))
		if cmd != nil {
			fmt.Fprintf(f.IO.ErrOut, "\n%s", cmd.UsageString())
		}
		return 2
	}
	fmt.Fprintf(f.IO.ErrOut, "error: %s\n", oneLine(err.Error()))
	return 1
}

// isCobraUsageError recognises the usage errors cobra makes itself (unknown
// commands, argument counts), which carry no type of their own.
func isCobraUsageError(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "accepts ", "requires at least", "requires at most", "invalid argument", "flag needs an argument", "required flag", "if any flags in the group", "at least one of the flags in the group"} {
		if strings.HasPrefix(msg, p) || strings.Contains(msg, " "+p) {
			return true
		}
	}
	return false
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Main runs tabctl as a process: real streams, Ctrl-C cancels the context.
func Main() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Run(ctx, cmdutil.NewFactory(), os.Args[1:])
}
