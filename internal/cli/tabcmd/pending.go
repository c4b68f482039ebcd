package tabcmd

import (
	"errors"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// The commands below are tabcmd's, with every flag tabcmd's parsers define,
// so that a script that uses them parses; what they ask of the server does
// not exist yet in the SDK and the emulator, so each fails with one line
// saying so (exit 1, as tabcmd exits on a failure) and changes nothing.
// They get their work when the issues that build that server side land.

// pendingCmd builds a command that parses tabcmd's flags and fails with why.
func pendingCmd(use, short, example string, args cobra.PositionalArgs, why error) *cobra.Command {
	name, _, _ := strings.Cut(use, " ")
	return &cobra.Command{
		Use:     use,
		Short:   short + ", not available yet (tabcmd " + name + ")",
		Example: "  tabctl " + example,
		Long: short + `.

tabctl accepts this tabcmd command and all its flags, but the server side it
needs is not in the SDK and the emulator yet: the command fails with one line
saying so, exits 1, and changes nothing.`,
		Args: args,
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New(cmd.Name() + " " + why.Error())
		},
	}
}

// NewCmdPublishSamples builds `tabctl publishsamples`.
func NewCmdPublishSamples(f *cmdutil.Factory) *cobra.Command {
	cmd := pendingCmd("publishsamples", "Publish Tableau's sample workbooks to a project", "publishsamples -n Samples", cmdutil.NoArgs,
		errors.New("needs the server's sample workbooks (projects' publishSamples), which the emulator and SDK do not have yet; nothing was changed"))
	cmd.Flags().StringP("name", "n", "", "the project to publish the samples to")
	cmd.Flags().String("parent-project-path", "", `path of the project's parent, e.g. "Finance/Europe"`)
	return cmd
}
