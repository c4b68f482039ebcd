// Package serve is `tabctl serve`: the emulator of package tsctest as a
// standalone server, for clients that are not Go tests (Python's
// tableauserverclient, curl, tabctl itself).
package serve

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/iostreams"
	"github.com/tsc-go/tsc/tsctest"
)

// Options are the settings of one `tabctl serve` run.
type Options struct {
	IO *iostreams.IOStreams

	Addr            string
	DataDir         string
	AdminUsername   string
	AdminPassword   string
	TokenName       string
	TokenSecret     string
	APIVersion      string
	SessionLifetime time.Duration
	JWTSecret       string
	JWTSecretID     string
	JWTIssuer       string
	// NoLog turns the per-request log on stderr off.
	NoLog bool

	// Started, when set, is called once the server listens (tests use it
	// instead of parsing the output).
	Started func(*tsctest.Server)
}

// NewCmdServe builds `tabctl serve`.
func NewCmdServe(f *cmdutil.Factory) *cobra.Command {
	opts := &Options{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run a fake Tableau Server (the tsctest emulator) for any client",
		Long: `serve runs the emulator that Go tests get from package tsctest as a server
on its own: a stateful Tableau REST API (sign-in with a password, a personal
access token or a connected-app JWT; sites, projects, users, groups) that
enforces what Tableau enforces, with Tableau's error codes.

It prints how to reach it, one "key: value" per line (url, username, password,
token-name, token-secret), then logs each request on stderr until Ctrl-C.
Without --data the state lives in memory; with it, in a SQLite file in that
directory, and survives a restart (the administrator takes the password and
token secret of the latest start).

Control endpoints for tests: POST /_emulator/reset empties the server,
POST /_emulator/seed creates content from JSON, GET /_emulator/health.`,
		Example: `  tabctl serve --addr 127.0.0.1:8080 --data ./state --admin-password secret
  curl -s -X POST http://127.0.0.1:8080/api/3.29/auth/signin \
    -d '<tsRequest><credentials name="admin" password="secret"><site contentUrl=""/></credentials></tsRequest>'`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return run(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Addr, "addr", "127.0.0.1:8080", "address to listen on (port 0 picks a free port)")
	fl.StringVar(&opts.DataDir, "data", "", "directory that keeps the state across restarts (default: in memory)")
	fl.StringVar(&opts.AdminUsername, "admin-username", "admin", "the server administrator's username")
	fl.StringVar(&opts.AdminPassword, "admin-password", "", "the server administrator's password (default: random)")
	fl.StringVar(&opts.TokenName, "admin-token-name", "admin-token", "the name of the administrator's personal access token")
	fl.StringVar(&opts.TokenSecret, "token-secret", "", "the secret of the administrator's personal access token (default: random)")
	fl.StringVar(&opts.APIVersion, "api-version", "3.29", "the highest REST API version served and reported")
	fl.DurationVar(&opts.SessionLifetime, "session-lifetime", 240*time.Minute, "how long a sign-in lasts")
	fl.StringVar(&opts.JWTSecret, "jwt-secret", "", "secret of a connected app whose HS256 JWTs sign in (default: JWT sign-in off)")
	fl.StringVar(&opts.JWTSecretID, "jwt-secret-id", "", "the connected app secret's id, required as the JWT's kid header when set")
	fl.StringVar(&opts.JWTIssuer, "jwt-issuer", "", "the connected app's client id, required as the JWT's iss claim when set")
	fl.BoolVar(&opts.NoLog, "no-log", false, "do not log requests on stderr")
	return cmd
}

func run(ctx context.Context, opts *Options) error {
	var log io.Writer
	if !opts.NoLog {
		log = opts.IO.ErrOut
	}
	srv, err := tsctest.Start(tsctest.Options{
		Addr: opts.Addr, DataDir: opts.DataDir,
		AdminUsername: opts.AdminUsername, AdminPassword: opts.AdminPassword,
		TokenName: opts.TokenName, TokenSecret: opts.TokenSecret,
		APIVersion: opts.APIVersion, SessionLifetime: opts.SessionLifetime,
		JWTSecret: opts.JWTSecret, JWTSecretID: opts.JWTSecretID, JWTIssuer: opts.JWTIssuer,
		Log: log,
	})
	if err != nil {
		return err
	}
	// The credentials go to stdout, for the person or script that started
	// the server; the request log on stderr never carries them.
	fmt.Fprintf(opts.IO.Out, "url: %s\nusername: %s\npassword: %s\ntoken-name: %s\ntoken-secret: %s\n",
		srv.URL, srv.AdminUsername, srv.AdminPassword, srv.TokenName, srv.TokenSecret)
	if opts.Started != nil {
		opts.Started(srv)
	}
	<-ctx.Done()
	if !opts.IO.Quiet {
		fmt.Fprintln(opts.IO.ErrOut, "shutting down")
	}
	return srv.Close()
}
