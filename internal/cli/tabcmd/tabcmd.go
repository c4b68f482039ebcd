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
	"fmt"
	"io"
	"os"
	"path/filepath"

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
	}
}

// siteLabel names a site for messages: its content URL, or Default.
func siteLabel(contentURL string) string {
	if contentURL == "" {
		return "Default"
	}
	return contentURL
}

// writeFileAtomically writes what fill produces to path through a temporary
// file in the same directory, renamed into place only on success, so that a
// failed or cancelled export leaves neither a partial file nor a clobbered
// older one.
func writeFileAtomically(path string, fill func(w io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tabctl-*")
	if err != nil {
		return fmt.Errorf("creating %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = fill(tmp); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// siteRoleNames are the site roles --role accepts.
func siteRoleNames() []string {
	out := make([]string, len(tsc.SiteRoles))
	for i, r := range tsc.SiteRoles {
		out[i] = string(r)
	}
	return out
}
