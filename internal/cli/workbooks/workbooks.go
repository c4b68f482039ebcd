// Package workbooks holds `tabctl workbooks`: list, get, update, delete,
// publish and download workbooks, and their views, connections, extract
// refreshes, tags, revisions and exports (preview image, PDF, PowerPoint).
// Workbooks are named by id, by name (with --project when names repeat),
// or by path (Project/Workbook).
//
// Each verb has an exported Options struct and Run function (and, for
// publish and download, a function returning the result without printing)
// so that other commands (tabcmd's publish, get, export) reuse them.
package workbooks

import (
	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/content"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// NewCmdWorkbooks builds `tabctl workbooks` and its verbs.
func NewCmdWorkbooks(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "workbooks <command>",
		Short: "Publish, download, list and manage workbooks",
		Args:  cmdutil.NoArgs,
	}
	cmd.AddCommand(newCmdList(f), newCmdGet(f), newCmdUpdate(f), newCmdDelete(f),
		newCmdPublish(f), newCmdDownload(f), newCmdViews(f),
		newCmdConnections(f), newCmdUpdateConnection(f), newCmdRefresh(f), newCmdCreateExtract(f), newCmdDeleteExtract(f),
		newCmdTags(f), newCmdRevisions(f),
		newCmdPreviewImage(f), newCmdPDF(f), newCmdPowerPoint(f),
		content.NewCmdUpdateConnections(f, Kind), content.NewCmdDeleteRevision(f, Kind))
	return cmd
}

// Extensions are the workbook files publish takes.
var Extensions = []string{"twb", "twbx"}

func addProjectFlag(cmd *cobra.Command, p *string) {
	cmd.Flags().StringVar(p, "project", "", resources.WorkbookItem.ProjectHelp)
}
