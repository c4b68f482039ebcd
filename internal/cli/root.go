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
	"sync"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/auth"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/tabcmd"
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

Start with 'tabctl demo': it runs the whole tour against a built-in emulator.

tabcmd scripts run unchanged with tabctl in place of tabcmd: every tabcmd 2
command, with its flags and tabcmd's global ones, means what it means in tabcmd.
The few deliberate differences are listed in docs/coming-from-tabcmd.md.

Sessions: 'tabctl login' saves a session that later commands reuse on the same
server and site. Credentials given by flag or environment (-u/-p, a token,
TABLEAU_USERNAME, TABLEAU_TOKEN_NAME, ...) always sign in anew, and that session
replaces the saved one. A command for another site than the saved session's
says so rather than acting on the wrong site.

Deleting a project, site, group or user asks first on a terminal and shows what
goes with it; --yes answers in advance and is required when standard input is
not a terminal (the command refuses with exit code 2 otherwise). tabcmd's
commands never ask, as tabcmd never does. -q silences success messages and
progress; data asked for (lists, get, -o json) still prints.

'tabctl completion SHELL' writes a completion script that completes commands,
flags, flag values (output formats, site roles, ...) and the names of
workbooks, views, data sources, projects, users and groups on the signed-in
server (asked for within 2 seconds; nothing when the server does not answer).

` + cmdutil.ExitCodesHelp,
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			f.Globals.MarkSiteSet(cmd)
			f.IO.Quiet = f.Globals.Quiet
			return f.Globals.ApplyEnv(cmd, f.Getenv)
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
	// tabcmd's global flags (--no-prompt, -x, -l, -v, ...), on every command,
	// so that tabcmd scripts run unchanged.
	tabcmd.AddGlobalFlags(root, f)
	cmdutil.RegisterCompletions(root, f)
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

// Run executes tabctl with args and returns the exit code (see
// cmdutil.ExitCodesHelp): 0 on success; on a failure, one line naming the
// problem (for a usage error, followed by where to find the command's
// usage) and the code of its
// kind. A run whose context was cancelled by a signal (ctx's cause is a
// *cmdutil.InterruptedError) exits 130 (SIGINT) or 143 (SIGTERM), whatever
// error the interruption caused.
func Run(ctx context.Context, f *cmdutil.Factory, args []string) int {
	root := NewRootCmd(f)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return cmdutil.ExitOK
	}
	var ie *cmdutil.InterruptedError
	if errors.As(context.Cause(ctx), &ie) {
		fmt.Fprintf(f.IO.ErrOut, "error: %s\n", ie)
		return ie.Code()
	}
	if errors.Is(err, cmdutil.ErrSilent) {
		return cmdutil.ExitError
	}
	if cmdutil.IsUsageError(err) || isCobraUsageError(err) {
		// One line and a pointer to the help, as gh does: the whole usage
		// would bury the message that says what is wrong.
		fmt.Fprintf(f.IO.ErrOut, "error: %s\n", oneLine(err.Error()))
		path := "tabctl"
		if cmd != nil {
			path = cmd.CommandPath()
		}
		fmt.Fprintf(f.IO.ErrOut, "Run '%s --help' for usage.\n", path)
		return cmdutil.ExitUsage
	}
	fmt.Fprintf(f.IO.ErrOut, "error: %s%s%s\n", oneLine(err.Error()), f.TimeoutHint(err), f.SessionHint(err))
	code := cmdutil.ExitCode(err)
	if cmd != nil && cmdutil.IsTabcmd(cmd) && code != cmdutil.ExitInterrupted && code != cmdutil.ExitTerminated {
		// tabcmd exits 1 for every failure; scripts written for it may test for 1.
		code = cmdutil.ExitError
	}
	return code
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

// Main runs tabctl as a process: real streams; the first Ctrl-C (or
// SIGTERM) cancels the run's context with an *InterruptedError as its
// cause, and a second one kills the process at once, as if tabctl had no
// handler, for a command stuck where it does not watch its context.
func Main() int {
	return mainWithArgs(os.Args[1:])
}

func mainWithArgs(args []string) int {
	ctx, stop := InterruptContext(context.Background())
	defer stop()
	return Run(ctx, cmdutil.NewFactory(), args)
}

// InterruptContext returns a context cancelled, with a
// *cmdutil.InterruptedError as its cause, by the first SIGINT or SIGTERM.
// After that first signal the handler is removed, so the next one takes the
// default action and ends the process. stop releases the handler.
func InterruptContext(parent context.Context) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-sigs:
			signal.Stop(sigs)
			cancel(&cmdutil.InterruptedError{Signal: sig})
		case <-done:
		}
	}()
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			signal.Stop(sigs)
			close(done)
			cancel(context.Canceled)
		})
	}
}
