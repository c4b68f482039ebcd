// Package tabcmd holds tabctl's commands that carry tabcmd's names and main
// flags (listsites, createproject, addusers, publish, export, ...), so that
// scripts written for Tableau's tabcmd move to tabctl with few changes. Each
// command is an Options struct and a Run function (gh style); the streams and
// the signed-in client come from cmdutil.Factory, so tests run every command
// in-process against the emulator.
//
// Where tabcmd and tabctl differ on purpose, the command's help says so.
package tabcmd

import (
	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// Commands returns the constructors of every tabcmd command, for the root
// command to register.
func Commands() []func(*cmdutil.Factory) *cobra.Command {
	return []func(*cmdutil.Factory) *cobra.Command{
		NewCmdListSites, NewCmdCreateSite, NewCmdEditSite, NewCmdDeleteSite,
		NewCmdCreateProject, NewCmdDeleteProject,
		NewCmdCreateGroup, NewCmdDeleteGroup, NewCmdAddUsers, NewCmdRemoveUsers,
		NewCmdCreateSiteUsers, NewCmdDeleteSiteUsers,
		NewCmdList,
		NewCmdPublish, NewCmdGet, NewCmdExport, NewCmdRefreshExtracts, NewCmdDelete,
		NewCmdCreateExtracts, NewCmdDeleteExtracts, NewCmdEncryptExtracts, NewCmdDecryptExtracts,
		NewCmdReencryptExtracts, NewCmdPublishSamples,
	}
}

// siteLabel names a site for messages: its content URL, or Default.
func siteLabel(contentURL string) string {
	if contentURL == "" {
		return "Default"
	}
	return contentURL
}

// siteRoleNames are the site roles --role accepts.
func siteRoleNames() []string {
	out := make([]string, len(tsc.SiteRoles))
	for i, r := range tsc.SiteRoles {
		out[i] = string(r)
	}
	return out
}
