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

// errNeedsExtractTasks is the failure of the extract commands.
var errNeedsExtractTasks = errors.New("needs extract tasks, which the emulator and SDK do not have yet; nothing was changed")

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

// extractTargetFlags are the flags createextracts and deleteextracts share
// (tabcmd's set_ds_xor_wb_args with --url, embedded data sources, project).
func extractTargetFlags(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringP("datasource", "d", "", "the data source")
	fl.StringP("workbook", "w", "", "the workbook")
	fl.String("url", "", "the workbook's URL name")
	fl.String("embedded-datasources", "", "the workbook's embedded data sources, by name, separated by spaces")
	fl.Bool("include-all", false, "every embedded data source of the workbook")
	fl.String("project", "", "the project it is in")
	fl.String("parent-project-path", "", `path of the project's parent, e.g. "Finance/Europe"`)
	cmd.MarkFlagsMutuallyExclusive("datasource", "workbook", "url")
	cmd.MarkFlagsOneRequired("datasource", "workbook", "url")
	cmd.MarkFlagsMutuallyExclusive("embedded-datasources", "include-all")
}

// NewCmdCreateExtracts builds `tabctl createextracts`.
func NewCmdCreateExtracts(f *cmdutil.Factory) *cobra.Command {
	cmd := pendingCmd("createextracts", "Create extracts for a published workbook or data source", "createextracts -w Superstore --include-all", cmdutil.NoArgs, errNeedsExtractTasks)
	extractTargetFlags(cmd)
	cmd.Flags().Bool("encrypt", false, "encrypt the extracts")
	return cmd
}

// NewCmdDeleteExtracts builds `tabctl deleteextracts`.
func NewCmdDeleteExtracts(f *cmdutil.Factory) *cobra.Command {
	cmd := pendingCmd("deleteextracts", "Delete the extracts of a published workbook or data source", "deleteextracts -d Orders --project Finance", cmdutil.NoArgs, errNeedsExtractTasks)
	extractTargetFlags(cmd)
	return cmd
}

func siteExtractsCmd(use, short string) *cobra.Command {
	return pendingCmd(use+" SITE", short, use+" finance", cmdutil.ExactArgs(1, "the site"), errNeedsExtractTasks)
}

// NewCmdEncryptExtracts builds `tabctl encryptextracts`.
func NewCmdEncryptExtracts(f *cmdutil.Factory) *cobra.Command {
	return siteExtractsCmd("encryptextracts", "Encrypt every extract of a site")
}

// NewCmdDecryptExtracts builds `tabctl decryptextracts`.
func NewCmdDecryptExtracts(f *cmdutil.Factory) *cobra.Command {
	return siteExtractsCmd("decryptextracts", "Decrypt every extract of a site")
}

// NewCmdReencryptExtracts builds `tabctl reencryptextracts`.
func NewCmdReencryptExtracts(f *cmdutil.Factory) *cobra.Command {
	return siteExtractsCmd("reencryptextracts", "Encrypt every extract of a site again, with new keys")
}

// NewCmdPublishSamples builds `tabctl publishsamples`.
func NewCmdPublishSamples(f *cmdutil.Factory) *cobra.Command {
	cmd := pendingCmd("publishsamples", "Publish Tableau's sample workbooks to a project", "publishsamples -n Samples", cmdutil.NoArgs,
		errors.New("needs the server's sample workbooks (projects' publishSamples), which the emulator and SDK do not have yet; nothing was changed"))
	cmd.Flags().StringP("name", "n", "", "the project to publish the samples to")
	cmd.Flags().String("parent-project-path", "", `path of the project's parent, e.g. "Finance/Europe"`)
	return cmd
}
