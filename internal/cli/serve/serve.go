// Package serve is `tabctl serve`: the emulator of package tsctest as a
// standalone server, for clients that are not Go tests (Python's
// tableauserverclient, curl, tabctl itself).
package serve

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/iostreams"
	"github.com/tsc-go/tsc/internal/emulator"
	"github.com/tsc-go/tsc/internal/emulator/control"
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
	// ControlToken is the token of the control endpoints ("" for a random
	// one); NoControl turns them off.
	ControlToken string
	NoControl    bool
	// Faults is a fault spec (faults.Parse), FaultsSeed its seed (random
	// when FaultsSeedSet is false), Latency a "20ms±5ms" added to every
	// request.
	Faults        string
	FaultsSeed    uint64
	FaultsSeedSet bool
	Latency       string
	// SeedUsers and SeedWorkbooks, when positive, fill the Default site in
	// bulk before the server is announced (SeedViewsPer views and
	// SeedConnectionsPer connections per workbook), so that anyone can
	// reproduce what automation meets on a large site.
	SeedUsers          int
	SeedWorkbooks      int
	SeedViewsPer       int
	SeedConnectionsPer int
	// Cloud serves as Tableau Cloud, with the site CloudSite.
	Cloud     bool
	CloudSite string
	// WebhookAllow lists where webhooks may deliver (--webhook-allow);
	// nil means loopback only.
	WebhookAllow []string
	// Directory is the --directory file: an external directory to import
	// groups from (docs/emulator-directory.md).
	Directory string

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
token-name, token-secret, control-token), then logs each request on stderr
until Ctrl-C.
--cloud serves as Tableau Cloud instead of Tableau Server: sign-in with a
personal access token or a connected-app JWT only (Cloud refuses passwords, as
its accounts have MFA), to a named site (--cloud-site; there is no Default
site), no server administrators and no server-level methods (creating or
deleting sites), Cloud's site roles, and Cloud's token rules (signing in with a
token again ends its earlier session; a token unused for 15 days expires). The
administrator is the site administrator of that site, and serve prints the
site and the token to sign in with instead of a password (docs/cloud.md).

Without --data the state lives in memory; with it, in a SQLite file in that
directory, and survives a restart (the administrator takes the password and
token secret of the latest start).

Control endpoints for tests: POST /_emulator/reset empties the server,
POST /_emulator/seed creates content from JSON, GET /_emulator/stats counts
the requests each endpoint handled, /_emulator/faults reads (GET), sets (PUT)
and clears (DELETE) faults, POST /_emulator/jobs/... ends and fails jobs,
POST /_emulator/clock {"advance": "24h"} moves the server's clock on (running
the schedules that fall due) and GET reads it, GET /_emulator/outbox lists what
the server would have sent (DELETE empties it), GET /_emulator/webhooks/deliveries
lists the webhook delivery log (DELETE empties it), PUT /_emulator/webhooks/allow
{"allow": [...]} replaces the webhook allowlist, and GET /_emulator/health
answers when the server is up. Whoever reaches them owns
the server's state, so each but health needs the control token, sent as
"Authorization: Bearer <control-token>" (random unless --control-token sets
it); a body must be "Content-Type: application/json"; a request with an
Origin header (any web page's) is refused, as is one whose Host is a domain
name other than localhost or the --addr host. --no-control turns them off:
every /_emulator/ path is then an unknown resource (404).

--faults injects failures, each rule "kind:probability[@target]", comma
separated: 429 and 503 (with Retry-After), 500, 502 and 504 refuse the request
before it is processed; "502+" (any status with +) processes it, then answers
the error; drop resets the connection before processing, reset after it; cut
processes it and sends part of the answer's body; latency=20ms±10ms[:prob]
waits. A target narrows a rule to a method and a path glob after
/api/{version}/ ("*" one segment, "**" any): @GET, @PUT/sites/*/fileUploads/*.
The same --faults-seed repeats the same faults for the same requests.

--directory reads an external directory (users and groups by domain, a JSON
file described in docs/emulator-directory.md) that Create Group and Update
Group import groups from and synchronise them with, as from Active Directory.

--seed-users and --seed-workbooks fill the Default site (with --cloud, the
Cloud site) before the url line is printed, as a large site is: user000001...
with mixed site roles, and workbook000001... with --seed-views-per views and
--seed-connections-per connections each (100,000 users take a few seconds).
With --data, each start adds that many more.

Webhooks deliver real HTTP POSTs, only to destinations --webhook-allow permits
(CIDR prefixes, addresses, host names; loopback only by default): the address
is checked when a webhook is created and again on every connection, redirects
are not followed, and plain http is taken for loopback destinations only
(docs/webhooks.md).`,
		Example: `  tabctl serve --addr 127.0.0.1:8080 --data ./state --admin-password secret
  curl -s -X POST http://127.0.0.1:8080/api/3.29/auth/signin \
    -d '<tsRequest><credentials name="admin" password="secret"><site contentUrl=""/></credentials></tsRequest>'
  # CONTROL_TOKEN is the control-token line serve printed
  curl -s -X POST http://127.0.0.1:8080/_emulator/reset -H "Authorization: Bearer $CONTROL_TOKEN"
  tabctl serve --faults "429:0.05,500:0.02,reset:0.01,cut:0.01" --faults-seed 42 --latency 20ms±10ms
  curl -s -X PUT http://127.0.0.1:8080/_emulator/faults -H "Authorization: Bearer $CONTROL_TOKEN" \
    -H 'Content-Type: application/json' -d '{"seed": 7, "spec": "503:0.1@GET"}'
  tabctl serve --seed-users 100000 --seed-workbooks 20000 --latency 20ms
  tabctl serve --cloud --cloud-site acme --token-secret secret
  tabctl login -s http://127.0.0.1:8080 -t acme --token-name admin-token --token-value secret`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.FaultsSeedSet = cmd.Flags().Changed("faults-seed")
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
	fl.StringVar(&opts.ControlToken, "control-token", "", "the token the /_emulator/ control endpoints require, at least 16 characters (default: random, printed as control-token)")
	fl.BoolVar(&opts.NoControl, "no-control", false, "turn the /_emulator/ control endpoints off")
	fl.StringVar(&opts.Faults, "faults", "", `faults to inject, e.g. "429:0.05,500:0.02,reset:0.01,cut:0.01" (see above)`)
	fl.Uint64Var(&opts.FaultsSeed, "faults-seed", 0, "seed that makes the injected faults repeatable (default: random, printed on stderr)")
	fl.StringVar(&opts.Latency, "latency", "", `delay every request, e.g. 20ms or 20ms±10ms (also written 20ms+-10ms)`)
	fl.IntVar(&opts.SeedUsers, "seed-users", 0, "add this many users to the Default site at start")
	fl.IntVar(&opts.SeedWorkbooks, "seed-workbooks", 0, "add this many workbooks (no file) to the Default project at start")
	fl.IntVar(&opts.SeedViewsPer, "seed-views-per", 3, "views of each seeded workbook")
	fl.IntVar(&opts.SeedConnectionsPer, "seed-connections-per", 2, "connections of each seeded workbook")
	fl.BoolVar(&opts.Cloud, "cloud", false, "serve as Tableau Cloud: token and JWT sign-in only, a named site, no server-level methods (see above)")
	fl.StringVar(&opts.CloudSite, "cloud-site", "", `content URL of the Cloud site (implies --cloud; default "emulated")`)
	fl.StringSliceVar(&opts.WebhookAllow, "webhook-allow", nil, "where webhooks may deliver: a CIDR prefix, an address or a host name; repeat or separate with commas (default: loopback only)")
	fl.StringVar(&opts.Directory, "directory", "", "JSON file of an external directory (users and groups by domain) that groups are imported from, as from Active Directory (docs/emulator-directory.md)")
	return cmd
}

// faultConfig builds the server's faults from the flags.
func faultConfig(opts *Options) (tsctest.FaultConfig, error) {
	var cfg tsctest.FaultConfig
	rules, err := tsctest.ParseFaults(opts.Faults)
	if err != nil {
		return cfg, cmdutil.FlagErrorf("--faults: %v", err)
	}
	if opts.Latency != "" {
		lat, err := tsctest.ParseFaults("latency=" + opts.Latency)
		if err != nil {
			return cfg, cmdutil.FlagErrorf("--latency: %v", err)
		}
		rules = append(rules, lat...)
	}
	cfg.Rules, cfg.Seed = rules, opts.FaultsSeed
	if !opts.FaultsSeedSet {
		cfg.Seed = rand.Uint64()
	}
	return cfg, nil
}

func run(ctx context.Context, opts *Options) error {
	var log io.Writer
	if !opts.NoLog {
		log = opts.IO.ErrOut
	}
	fc, err := faultConfig(opts)
	if err != nil {
		return err
	}
	if opts.SeedUsers < 0 || opts.SeedWorkbooks < 0 || opts.SeedViewsPer < 0 || opts.SeedConnectionsPer < 0 {
		return cmdutil.FlagErrorf("--seed-users, --seed-workbooks, --seed-views-per and --seed-connections-per cannot be negative")
	}
	if opts.NoControl && opts.ControlToken != "" {
		return cmdutil.FlagErrorf("--control-token and --no-control cannot be used together")
	}
	if opts.ControlToken != "" {
		if err := control.CheckToken(opts.ControlToken); err != nil {
			return cmdutil.FlagErrorf("--control-token: %v", err)
		}
	}
	var dir *emulator.Directory
	if opts.Directory != "" {
		d, err := emulator.LoadDirectory(opts.Directory)
		if err != nil {
			return cmdutil.FlagErrorf("--directory: %v", err)
		}
		dir = d
	}
	srv, err := tsctest.Start(tsctest.Options{
		Directory: dir,
		Addr:      opts.Addr, DataDir: opts.DataDir,
		AdminUsername: opts.AdminUsername, AdminPassword: opts.AdminPassword,
		TokenName: opts.TokenName, TokenSecret: opts.TokenSecret,
		APIVersion: opts.APIVersion, SessionLifetime: opts.SessionLifetime,
		JWTSecret: opts.JWTSecret, JWTSecretID: opts.JWTSecretID, JWTIssuer: opts.JWTIssuer,
		Log: log, Faults: fc, Seed: bulkSeed(opts),
		ControlToken: opts.ControlToken, NoControl: opts.NoControl,
		Cloud: opts.Cloud || opts.CloudSite != "", CloudSite: opts.CloudSite,
		WebhookAllow: opts.WebhookAllow,
	})
	if err != nil {
		return err
	}
	if fc.Enabled() && !opts.IO.Quiet {
		fmt.Fprintf(opts.IO.ErrOut, "injecting faults: %s\n", fc)
	}
	// The credentials go to stdout, for the person or script that started
	// the server; the request log on stderr never carries them.
	if srv.Cloud {
		// Tableau Cloud takes no password: the token and the site are what
		// signs in.
		fmt.Fprintf(opts.IO.Out, "url: %s\nflavour: cloud\nsite: %s\nusername: %s\ntoken-name: %s\ntoken-secret: %s\n",
			srv.URL, srv.Site, srv.AdminUsername, srv.TokenName, srv.TokenSecret)
	} else {
		fmt.Fprintf(opts.IO.Out, "url: %s\nusername: %s\npassword: %s\ntoken-name: %s\ntoken-secret: %s\n",
			srv.URL, srv.AdminUsername, srv.AdminPassword, srv.TokenName, srv.TokenSecret)
	}
	if srv.ControlToken != "" {
		fmt.Fprintf(opts.IO.Out, "control-token: %s\n", srv.ControlToken)
	}
	if opts.Started != nil {
		opts.Started(srv)
	}
	<-ctx.Done()
	if !opts.IO.Quiet {
		fmt.Fprintln(opts.IO.ErrOut, "shutting down")
	}
	return srv.Close()
}

// bulkSeed fills the administrator's site (the Default site, or the Cloud
// site) as --seed-users and --seed-workbooks ask.
func bulkSeed(opts *Options) func(*tsctest.Server) error {
	if opts.SeedUsers == 0 && opts.SeedWorkbooks == 0 {
		return nil
	}
	return func(s *tsctest.Server) error {
		if err := s.SeedBulkUsers(s.Site, opts.SeedUsers); err != nil {
			return err
		}
		return s.SeedBulkWorkbooks(s.Site, "", opts.SeedWorkbooks, opts.SeedViewsPer, opts.SeedConnectionsPer)
	}
}
