package content

import (
	"context"
	"strconv"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// ConnectionsOptions are the settings of `<noun> connections`.
type ConnectionsOptions struct {
	Output cmdutil.OutputFlags
	Ref
}

// NewCmdConnections builds `<noun> connections ITEM`.
func NewCmdConnections(f *cmdutil.Factory, k *Kind) *cobra.Command {
	opts := &ConnectionsOptions{}
	cmd := &cobra.Command{
		Use:   "connections " + upper(k.Noun),
		Short: "List the " + k.Noun + "'s data connections",
		Args:  cmdutil.ExactArgs(1, "a "+k.Noun+" id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Item = args[0]
			return RunConnections(cmd.Context(), f, k, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	addProject(cmd, k, &opts.Project)
	return cmd
}

// RunConnections prints the item's connections.
func RunConnections(ctx context.Context, f *cmdutil.Factory, k *Kind, opts *ConnectionsOptions) error {
	p, err := cmdutil.NewPrinter(resources.ConnectionTable, opts.Output)
	if err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	id, _, err := k.Resolve(ctx, c, opts.Item, opts.Project)
	if err != nil {
		return err
	}
	conns, err := k.Connections(ctx, c, id)
	if err != nil {
		return err
	}
	return p.List(f.IO.Out, resources.Map(conns, resources.NewConnectionRow))
}

// UpdateConnectionOptions are the settings of `<noun> update-connection`;
// only what is set changes.
type UpdateConnectionOptions struct {
	Output cmdutil.OutputFlags
	Ref
	ConnectionID  string
	ServerAddress string
	ServerPort    string
	Username      string
	Password      string
	// EmbedPassword keeps the credentials with the connection (nil: unchanged).
	EmbedPassword *bool
}

// NewCmdUpdateConnection builds `<noun> update-connection ITEM CONNECTION-ID`.
func NewCmdUpdateConnection(f *cmdutil.Factory, k *Kind) *cobra.Command {
	opts := &UpdateConnectionOptions{}
	cmd := &cobra.Command{
		Use:   "update-connection " + upper(k.Noun) + " CONNECTION-ID",
		Short: "Change a connection's server, port or credentials",
		Example: "  tabctl " + k.command() + " update-connection 3f2a... 9c1d... --server-address db2.example.com --server-port 5432\n" +
			"  tabctl " + k.command() + " update-connection 3f2a... 9c1d... --username etl --password \"$PW\" --embed-password",
		Args: cmdutil.ExactArgs(2, "a "+k.Noun+" and a connection id"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Item, opts.ConnectionID = args[0], args[1]
			opts.EmbedPassword = cmdutil.ChangedBool(cmd, "embed-password")
			return RunUpdateConnection(cmd.Context(), f, k, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	addProject(cmd, k, &opts.Project)
	fl := cmd.Flags()
	fl.StringVar(&opts.ServerAddress, "server-address", "", "database server host name")
	fl.StringVar(&opts.ServerPort, "server-port", "", "database server port")
	fl.StringVar(&opts.Username, "username", "", "database user name")
	fl.StringVar(&opts.Password, "password", "", "database password")
	fl.Bool("embed-password", false, "embed the credentials in the connection")
	return cmd
}

// RunUpdateConnection changes the connection and prints it.
func RunUpdateConnection(ctx context.Context, f *cmdutil.Factory, k *Kind, opts *UpdateConnectionOptions) error {
	p, err := cmdutil.NewPrinter(resources.ConnectionTable, opts.Output)
	if err != nil {
		return err
	}
	if opts.ServerAddress == "" && opts.ServerPort == "" && opts.Username == "" && opts.Password == "" && opts.EmbedPassword == nil {
		return cmdutil.FlagErrorf("nothing to update: give at least one of --server-address, --server-port, --username, --password, --embed-password")
	}
	if opts.ServerPort != "" {
		if n, err := strconv.Atoi(opts.ServerPort); err != nil || n < 1 || n > 65535 {
			return cmdutil.FlagErrorf("--server-port %q is not a port number", opts.ServerPort)
		}
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	id, _, err := k.Resolve(ctx, c, opts.Item, opts.Project)
	if err != nil {
		return err
	}
	conn, err := k.UpdateConnection(ctx, c, id, tsc.Connection{ID: opts.ConnectionID, ServerAddress: opts.ServerAddress,
		ServerPort: opts.ServerPort, UserName: opts.Username, Password: tsc.Secret(opts.Password), EmbedPassword: opts.EmbedPassword})
	if err != nil {
		return err
	}
	return p.One(f.IO.Out, resources.NewConnectionRow(*conn))
}
