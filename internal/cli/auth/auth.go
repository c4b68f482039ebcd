// Package auth holds tabctl login and logout.
package auth

import (
	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// NewLoginCmd signs in and keeps the session for later commands.
func NewLoginCmd(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "login",
		Short: "Sign in and keep the session for later commands",
		Long: `Sign in with a username and password (-u, -p or a prompt) or a personal access
token (--token-name with --token-value or --token-file). The session (server,
site, token, user id; never a password) is kept in a file only you can read,
and later commands reuse it until 'tabctl logout'.`,
		Example: `  tabctl login -s https://tableau.example.com -t marketing -u alice
  tabctl login -s https://10ax.online.tableau.com -t acme --token-name ci --token-file ~/.tableau-token`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := f.SignIn(cmd.Context())
			if err != nil {
				return err
			}
			s := c.Session()
			site := s.SiteContentURL
			if site == "" {
				site = "Default"
			}
			f.Successf("Signed in to %s, site %s (REST API %s)\n", c.ServerURL(), site, c.Version())
			return nil
		},
	}
}

// NewLogoutCmd signs out and removes the session file.
func NewLogoutCmd(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "logout",
		Short: "Sign out and forget the saved session",
		Args:  cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := f.Forget(cmd.Context()); err != nil {
				return err
			}
			f.Successf("Signed out\n")
			return nil
		},
	}
}
