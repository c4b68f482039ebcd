package cmdutil

import (
	"slices"
	"strings"

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
