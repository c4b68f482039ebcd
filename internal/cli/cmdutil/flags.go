package cmdutil

import (
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// ChangedInt returns the value of an int flag that was given, nil when it
// was not: updates send only what the user set.
func ChangedInt(cmd *cobra.Command, name string) *int {
	if !cmd.Flags().Changed(name) {
		return nil
	}
	v, err := cmd.Flags().GetInt(name)
	if err != nil {
		return nil
	}
	return &v
}

// ChangedBool returns the value of a bool flag that was given, nil when it
// was not.
func ChangedBool(cmd *cobra.Command, name string) *bool {
	if !cmd.Flags().Changed(name) {
		return nil
	}
	v, err := cmd.Flags().GetBool(name)
	if err != nil {
		return nil
	}
	return &v
}

// OneOf checks a flag's value against its allowed values, ignoring case,
// and returns the allowed spelling. An empty value passes as "".
func OneOf(flag, value string, allowed ...string) (string, error) {
	if value == "" {
		return "", nil
	}
	for _, a := range allowed {
		if strings.EqualFold(a, value) {
			return a, nil
		}
	}
	return "", FlagErrorf("--%s %q is not one of %s", flag, value, strings.Join(slices.Clone(allowed), ", "))
}

// The flags below are shared so that each has one name and one meaning
// in every noun-verb command: -o is always the output format, a file to
// write is always --out (no shorthand), --overwrite always replaces what
// is there, and --wait/--wait-timeout always await a job.

// AddOutFlag registers --out, the file (or directory) a command writes;
// help says which and what "-" means for it.
func AddOutFlag(cmd *cobra.Command, out *string, help string) {
	cmd.Flags().StringVar(out, "out", "", help)
}

// AddOverwriteFlag registers --overwrite with help saying what it
// replaces.
func AddOverwriteFlag(cmd *cobra.Command, overwrite *bool, help string) {
	cmd.Flags().BoolVar(overwrite, "overwrite", false, help)
}

// AddWaitFlags registers --wait (help says what is awaited) and
// --wait-timeout.
func AddWaitFlags(cmd *cobra.Command, wait *bool, timeout *time.Duration, help string) {
	cmd.Flags().BoolVar(wait, "wait", false, help)
	cmd.Flags().DurationVar(timeout, "wait-timeout", 0, "with --wait, give up waiting after this long, e.g. 30m (0: no limit; --timeout bounds each request)")
}
