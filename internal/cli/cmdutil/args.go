package cmdutil

import (
	"regexp"

	"github.com/spf13/cobra"
)

// NoArgs refuses positional arguments with a usage error.
func NoArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return FlagErrorf("%s takes no arguments, got %q", cmd.CommandPath(), args)
	}
	return nil
}

// ExactArgs wants n positional arguments, named in the message.
func ExactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return FlagErrorf("%s needs %s", cmd.CommandPath(), what)
		}
		return nil
	}
}

// RangeArgs wants between min and max positional arguments.
func RangeArgs(min, max int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < min || len(args) > max {
			return FlagErrorf("%s needs %s", cmd.CommandPath(), what)
		}
		return nil
	}
}

var idRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// LooksLikeID reports whether s is a Tableau id (a UUID), so that commands
// can take either an id or a name in the same argument.
func LooksLikeID(s string) bool { return idRE.MatchString(s) }
