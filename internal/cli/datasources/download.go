package datasources

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
		Use:   "download DATASOURCE",
		Short: "Download a data source file (.tdsx, or .tds without extract)",
		Long: `Download a data source into a directory (named as the server names it,
made safe), to a file path, or to standard output with --out -. The file
appears only once complete; an existing file is kept unless --overwrite.
On a terminal a progress bar shows bytes received, rate and time left.`,
		Example: `  tabctl datasources download 5d1e... --out ./backup
  tabctl datasources download Orders --project Finance --out orders.tds --no-extract`,
		Args: cmdutil.ExactArgs(1, "a data source id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Item = args[0]
			return content.RunDownload(cmd.Context(), f, Kind, opts)
		},
	}
	addProjectFlag(cmd, &opts.Project)
	content.AddDownloadFlags(cmd, opts)
	return cmd
}
