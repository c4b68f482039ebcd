package content

import (
	"context"
	"strconv"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// Issue 16 part 8: rotating the credentials of many connections at once,
// and deleting revisions.

// UpdateConnectionsOptions are the settings of `<noun> update-connections`.
type UpdateConnectionsOptions struct {
	Output cmdutil.OutputFlags
	Ref
	// All takes every connection of the item; else ConnectionIDs.
	All           bool
	ConnectionIDs []string
	AuthType      string
	Username      string
	Password      string
	EmbedPassword *bool
}

// NewCmdUpdateConnections builds `<noun> update-connections ITEM`.
func NewCmdUpdateConnections(f *cmdutil.Factory, k *Kind) *cobra.Command {
	opts := &UpdateConnectionsOptions{}
	cmd := &cobra.Command{
		Use:   "update-connections " + upper(k.Noun),
		Short: "Set the same credentials on several of the " + k.Noun + "'s connections at once (credential rotation)",
		Example: "  tabctl " + k.command() + " update-connections Sales --all --auth-type \"Username Password\" --username svc --password \"$PW\" --embed-password\n" +
			"  tabctl " + k.command() + " update-connections Sales --connection 9c1d... --auth-type \"Username Password\" --username svc",
		Args: cmdutil.ExactArgs(1, "a "+k.Noun+" id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Item = args[0]
			opts.EmbedPassword = cmdutil.ChangedBool(cmd, "embed-password")
			return RunUpdateConnections(cmd.Context(), f, k, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	addProject(cmd, k, &opts.Project)
	fl := cmd.Flags()
	fl.BoolVar(&opts.All, "all", false, "every connection of the "+k.Noun)
	fl.StringSliceVar(&opts.ConnectionIDs, "connection", nil, "a connection id (repeat, or comma-separate)")
	fl.StringVar(&opts.AuthType, "auth-type", "", "the authentication type, such as \"Username Password\" (required)")
	fl.StringVar(&opts.Username, "username", "", "database user name")
	fl.StringVar(&opts.Password, "password", "", "database password")
	fl.Bool("embed-password", false, "embed the credentials in the connections")
	return cmd
}

// RunUpdateConnections rotates the credentials and prints the connections.
func RunUpdateConnections(ctx context.Context, f *cmdutil.Factory, k *Kind, opts *UpdateConnectionsOptions) error {
	p, err := cmdutil.NewPrinter(resources.ConnectionTable, opts.Output)
	if err != nil {
		return err
	}
	if opts.All == (len(opts.ConnectionIDs) > 0) {
		return cmdutil.FlagErrorf("give either --all or --connection")
	}
	if opts.AuthType == "" {
		return cmdutil.FlagErrorf("--auth-type is required")
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	id, _, err := k.Resolve(ctx, c, opts.Item, opts.Project)
	if err != nil {
		return err
	}
	ids := opts.ConnectionIDs
	if opts.All {
		conns, err := k.Connections(ctx, c, id)
		if err != nil {
			return err
		}
		for _, cn := range conns {
			ids = append(ids, cn.ID)
		}
		if len(ids) == 0 {
			return cmdutil.FlagErrorf("the %s has no connections", k.Noun)
		}
	}
	conns, err := k.UpdateConnections(ctx, c, id, ids, tsc.CredentialRotation{AuthenticationType: opts.AuthType, UserName: opts.Username,
		Password: tsc.Secret(opts.Password), EmbedPassword: opts.EmbedPassword})
	if err != nil {
		return err
	}
	return p.List(f.IO.Out, resources.Map(conns, resources.NewConnectionRow))
}

// NewCmdDeleteRevision builds `<noun> delete-revision ITEM REVISION`.
func NewCmdDeleteRevision(f *cmdutil.Factory, k *Kind) *cobra.Command {
	var ref Ref
	var yes bool
	cmd := &cobra.Command{
		Use:     "delete-revision " + upper(k.Noun) + " REVISION",
		Short:   "Delete an old revision of the " + k.Noun + " (download one with download --revision)",
		Example: "  tabctl " + k.command() + " delete-revision Sales 2 --project Finance --yes",
		Args:    cmdutil.ExactArgs(2, "a "+k.Noun+" id or name and a revision number"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref.Item = args[0]
			return RunDeleteRevision(cmd.Context(), f, k, ref, args[1], yes)
		},
	}
	addProject(cmd, k, &ref.Project)
	cmdutil.AddYesFlag(cmd, &yes)
	return cmd
}

// RunDeleteRevision deletes revision rev of the item.
func RunDeleteRevision(ctx context.Context, f *cmdutil.Factory, k *Kind, ref Ref, rev string, yes bool) error {
	n, err := strconv.Atoi(rev)
	if err != nil || n < 1 {
		return cmdutil.FlagErrorf("revision %q is not a positive number", rev)
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	id, name, err := k.Resolve(ctx, c, ref.Item, ref.Project)
	if err != nil {
		return err
	}
	if err := cmdutil.ConfirmDelete(ctx, f, yes, func() string { return "revision " + rev + " of " + k.Noun + " " + name }); err != nil {
		return err
	}
	if err := k.DeleteRevision(ctx, c, id, n); err != nil {
		return err
	}
	f.Successf("Deleted revision %d of %s %q\n", n, k.Noun, name)
	return nil
}
