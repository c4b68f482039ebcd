package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
)

// tabctl's exit codes. Scripts branch on them, so they are part of the
// interface: each is listed in the root command's help (ExitCodesHelp) and
// pinned by a test that provokes it.
const (
	// ExitOK is success.
	ExitOK = 0
	// ExitError is any failure without a code of its own (a 400 answer, a
	// file that cannot be read, a job that failed).
	ExitError = 1
	// ExitUsage is a bad flag, argument or missing setting; the command's
	// usage is printed with the error.
	ExitUsage = 2
	// ExitAuth is a refused sign-in or session (401), or no session at all.
	ExitAuth = 3
	// ExitNotFound is a resource that does not exist (404, or a name that
	// matches nothing).
	ExitNotFound = 4
	// ExitConflict is a resource that already exists or changed meanwhile (409).
	ExitConflict = 5
	// ExitServer is a server that failed (5xx, 429 after the retries, an
	// answer that cannot be read) or could not be reached (connection
	// refused, DNS, TLS, a timeout).
	ExitServer = 6
	// ExitForbidden is a signed-in user who may not do this (403). It is not
	// folded into ExitAuth because the remedies differ: new credentials for
	// 3, a permission from an administrator for 7.
	ExitForbidden = 7
	// ExitInterrupted is Ctrl-C (SIGINT): 128 + 2, as shells report it.
	ExitInterrupted = 130
	// ExitTerminated is SIGTERM: 128 + 15.
	ExitTerminated = 143
)

// ExitCodesHelp is the exit-code table of the root command's help (and so
// of docs/cli.md). The lines are indented so that docgen keeps them as a block.
const ExitCodesHelp = `Exit codes:

    0    success
    1    any other failure (a 400 answer, a local file, a failed job)
    2    usage: a bad flag or argument, a missing server or password
    3    authentication: sign-in refused, session expired or missing (401)
    4    not found (404, or a name that matches nothing)
    5    conflict: already exists, or changed meanwhile (409)
    6    server or network: 5xx, 429 after retries, an unreadable answer,
         connection refused, DNS or TLS failure, a timeout
    7    permission denied (403)
    130  interrupted by Ctrl-C (SIGINT); 143 for SIGTERM

tabcmd's commands (listsites, createproject, publish, get, export, ...)
keep tabcmd's codes: 0 success, 2 usage, 1 for every other failure; they
also exit 130 or 143 when interrupted, where tabcmd exits 1, so that a
script can tell a user's Ctrl-C from a failure. login and logout are
tabctl's and use the whole table.`

// InterruptedError is the cause of a run's context cancelled by a signal,
// so that the exit code says the user stopped the run rather than that it failed.
type InterruptedError struct{ Signal os.Signal }

// Error names the signal.
func (e *InterruptedError) Error() string {
	if e.Signal == syscall.SIGTERM {
		return "terminated (SIGTERM)"
	}
	return "interrupted"
}

// Code is 130 for SIGINT, 143 for SIGTERM.
func (e *InterruptedError) Code() int {
	if e.Signal == syscall.SIGTERM {
		return ExitTerminated
	}
	return ExitInterrupted
}

// NotSignedInError is returned when a command needs a session and has
// neither one nor credentials: an authentication failure (exit 3), not a
// usage error, though nothing was sent.
type NotSignedInError struct{ err error }

// Error returns the message.
func (e *NotSignedInError) Error() string { return e.err.Error() }

// Unwrap returns the cause.
func (e *NotSignedInError) Unwrap() error { return e.err }

// Is matches tsc.ErrNotSignedIn.
func (e *NotSignedInError) Is(target error) bool { return target == tsc.ErrNotSignedIn }

// NotSignedInf makes a NotSignedInError.
func NotSignedInf(format string, args ...any) error {
	return &NotSignedInError{fmt.Errorf(format, args...)}
}

// tabcmdAnnotation marks a command that keeps tabcmd's exit codes.
const tabcmdAnnotation = "tabctl.exit-codes"

// MarkTabcmd marks cmd as one of tabcmd's commands: its failures exit 1.
func MarkTabcmd(cmd *cobra.Command) {
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[tabcmdAnnotation] = "tabcmd"
}

// IsTabcmd reports whether cmd, or a command above it, keeps tabcmd's exit codes.
func IsTabcmd(cmd *cobra.Command) bool {
	for c := cmd; c != nil; c = c.Parent() {
		if c.Annotations[tabcmdAnnotation] == "tabcmd" {
			return true
		}
	}
	return false
}

// ExitCode maps a command's error to tabctl's exit code (see ExitCodesHelp).
// The error classes come from the SDK (tsc.ErrNotFound and the others,
// which a *tsc.ServerError matches by its HTTP status), so every command
// gets the same code for the same answer. An interruption wins over the
// error it caused: a request cut by Ctrl-C fails, but the user stopped it.
func ExitCode(err error) int {
	var ie *InterruptedError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ie):
		return ie.Code()
	case IsUsageError(err):
		return ExitUsage
	case errors.Is(err, tsc.ErrUnauthorized), errors.Is(err, tsc.ErrNotSignedIn):
		return ExitAuth
	case errors.Is(err, tsc.ErrForbidden):
		return ExitForbidden
	case errors.Is(err, tsc.ErrNotFound):
		return ExitNotFound
	case errors.Is(err, tsc.ErrConflict):
		return ExitConflict
	case IsServerOrNetwork(err):
		return ExitServer
	}
	return ExitError
}

// IsServerOrNetwork reports whether err is the server's fault or the
// network's: a 5xx, a 429 the retries did not outlast, an answer that cannot
// be read, or a request that got no whole answer (tsc.ErrNetwork: refused,
// reset, DNS, TLS, a timeout), or a deadline that ran out.
func IsServerOrNetwork(err error) bool {
	var re *tsc.ResponseError
	return errors.Is(err, tsc.ErrServer) || errors.Is(err, tsc.ErrRateLimited) ||
		errors.Is(err, tsc.ErrNetwork) || errors.As(err, &re) ||
		errors.Is(err, context.DeadlineExceeded)
}
