// Package tokens holds `tabctl tokens`: revoking every server
// administrator's personal access tokens (Revoke Administrator Personal
// Access Tokens), for when one may have leaked.
package tokens

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// NewCmdTokens builds `tabctl tokens`.
func NewCmdTokens(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "tokens <command>",
		Short: "Revoke server administrators' personal access tokens",
		Args:  cmdutil.NoArgs,
	}
	var yes bool
	revoke := &cobra.Command{
		Use:   "revoke-admin",
		Short: "Revoke every server administrator's personal access tokens (server administrators; not on Tableau Cloud)",
		Long: `Revoke every personal access token of every server administrator: they no
longer sign in, and sessions opened with them end. Sessions signed in with a
password (this one, perhaps) go on.`,
		Example: "  tabctl tokens revoke-admin --yes",
		Args:    cmdutil.NoArgs,
		RunE:    func(cmd *cobra.Command, _ []string) error { return RunRevokeAdmin(cmd.Context(), f, yes) },
	}
	cmdutil.AddYesFlag(revoke, &yes)
	cmd.AddCommand(revoke)
	return cmd
}

// RunRevokeAdmin asks for confirmation, then revokes.
func RunRevokeAdmin(ctx context.Context, f *cmdutil.Factory, yes bool) error {
	if err := cmdutil.Confirm(ctx, f.IO, "Revoke every server administrator's personal access tokens?", yes); err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	if err := c.Auth.RevokeServerAdminTokens(ctx); err != nil {
		return err
	}
	f.Successf("Revoked the server administrators' personal access tokens\n")
	return nil
}
