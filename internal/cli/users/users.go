// Package users holds `tabctl users`: list, get, add, update and remove
// the users of the current site, and list a user's groups and workbooks.
// Users are named by id or by name wherever one is expected.
//
// Each verb has an exported Options struct and Run function, so that
// other commands (tabcmd's createsiteusers, deletesiteusers) reuse them.
package users

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// NewCmdUsers builds `tabctl users` and its verbs.
func NewCmdUsers(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "users <command>",
		Short: "List, add, update and remove the site's users",
		Args:  cmdutil.NoArgs,
	}
	cmd.AddCommand(newCmdList(f), newCmdGet(f), newCmdAdd(f), newCmdUpdate(f), newCmdRemove(f),
		newCmdGroups(f), newCmdWorkbooks(f))
	return cmd
}

func roleNames() []string {
	out := make([]string, len(tsc.SiteRoles))
	for i, r := range tsc.SiteRoles {
		out[i] = string(r)
	}
	return out
}

// parseRole checks a --role value; "" passes.
func parseRole(flag, v string) (tsc.SiteRole, error) {
	r, err := cmdutil.OneOf(flag, v, roleNames()...)
	return tsc.SiteRole(r), err
}

// readPassword reads the first line of standard input: the password given with
// --user-password-stdin, never echoed or logged.
func readPassword(f *cmdutil.Factory) (tsc.Secret, error) {
	// Standard input has one first line: it cannot be both the signed-in
	// user's password (or token) and the new one.
	if f.Globals.PasswordFile == "-" || f.Globals.TokenFile == "-" {
		return "", cmdutil.FlagErrorf("--user-password-stdin and --password-file - (or --token-file -) cannot both read standard input")
	}
	line, err := bufio.NewReader(f.IO.In).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("reading the password from standard input: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", cmdutil.FlagErrorf("--user-password-stdin: standard input holds no password")
	}
	return tsc.Secret(line), nil
}
