package workbooks

import (
	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/content"
)

// Downloading is shared with the other content nouns: content.RunDownload
// and content.Download with this package's Kind.
func newCmdDownload(f *cmdutil.Factory) *cobra.Command {
	opts := &content.DownloadOptions{}
	cmd := &cobra.Command{
		Use:   "download WORKBOOK",
		Short: "Download a workbook file (.twbx, or .twb without extract)",
		Long: `Download a workbook into a directory (named as the server names it, made
safe), to a file path, or to standard output with --out -. The file appears
only once complete; an existing file is kept unless --overwrite. On a
terminal a progress bar shows bytes received, rate and time left.`,
		Example: `  tabctl workbooks download 3f2a... --out ./backup
  tabctl workbooks download Sales --project Finance --out sales.twbx --no-extract
  tabctl workbooks download 3f2a... --revision 2 --out - > old.twbx`,
		Args: cmdutil.ExactArgs(1, "a workbook id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Item = args[0]
			return content.RunDownload(cmd.Context(), f, Kind, opts)
		},
	}
	addProjectFlag(cmd, &opts.Project)
	content.AddDownloadFlags(cmd, opts)
	return cmd
}
