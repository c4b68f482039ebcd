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
	"strings"

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
		NewCmdReencryptExtracts, NewCmdPublishSamples, NewCmdRunSchedule,
	}
}

// siteLabel names a site for messages: its content URL, or Default.
func siteLabel(contentURL string) string {
	if contentURL == "" {
		return "Default"
	}
	return contentURL
}

// tabcmdRoles maps the legacy role names tabcmd's --role accepts to the
// site roles current servers know (tabcmd sends them unchanged, and current
// servers refuse them).
var tabcmdRoles = map[string]tsc.SiteRole{
	"publisher":         tsc.SiteRoleExplorerCanPublish,
	"interactor":        tsc.SiteRoleExplorer,
	"siteadministrator": tsc.SiteRoleSiteAdministratorExplorer,
}

// tabcmdRole reads a --role value: a site role or one of tabcmd's legacy
// names (Publisher, Interactor, SiteAdministrator), in any case.
func tabcmdRole(name string) (tsc.SiteRole, error) {
	if r, ok := tabcmdRoles[strings.ToLower(name)]; ok {
		return r, nil
	}
	for _, r := range tsc.SiteRoles {
		if strings.EqualFold(string(r), name) {
			return r, nil
		}
	}
	return "", cmdutil.FlagErrorf("--role %q is not a site role: say one of %s, or tabcmd's Publisher, Interactor or SiteAdministrator", name, strings.Join(siteRoleNames(), ", "))
}

// siteRoleNames are the site roles --role accepts.
func siteRoleNames() []string {
	out := make([]string, len(tsc.SiteRoles))
	for i, r := range tsc.SiteRoles {
		out[i] = string(r)
	}
	return out
}
