package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/iostreams"
)

// Version is tabctl's version, printed by `tabctl version`.
var Version = tsc.SDKVersion

// GlobalOptions are the flags every command takes, named as tabcmd names them.
type GlobalOptions struct {
	Server       string
	Site         string
	Username     string
	Password     string
	PasswordFile string
	TokenName    string
	TokenValue   string
	TokenFile    string
	NoCertCheck  bool
	Timeout      time.Duration
	Debug        bool
	Quiet        bool

	// siteSet records that --site was given, so that "" (the Default site)
	// given explicitly wins over the saved session's site.
	siteSet bool
}

// AddGlobalFlags registers the global flags on the root command.
func AddGlobalFlags(cmd *cobra.Command, g *GlobalOptions) {
	pf := cmd.PersistentFlags()
	pf.StringVarP(&g.Server, "server", "s", "", "Tableau server URL, e.g. https://tableau.example.com (env TABLEAU_SERVER)")
	pf.StringVarP(&g.Site, "site", "t", "", `site content URL; "" is the Default site (env TABLEAU_SITE)`)
	pf.StringVarP(&g.Username, "username", "u", "", "username to sign in with (env TABLEAU_USERNAME)")
	pf.StringVarP(&g.Password, "password", "p", "", "password (env TABLEAU_PASSWORD; prompted for on a terminal when missing)")
	pf.StringVar(&g.PasswordFile, "password-file", "", "read the password from this file")
	pf.StringVar(&g.TokenName, "token-name", "", "personal access token name (env TABLEAU_TOKEN_NAME)")
	pf.StringVar(&g.TokenValue, "token-value", "", "personal access token secret (env TABLEAU_TOKEN_VALUE)")
	pf.StringVar(&g.TokenFile, "token-file", "", "read the personal access token secret from this file")
	pf.BoolVar(&g.NoCertCheck, "no-certcheck", false, "do not verify the server's TLS certificate (unsafe)")
	pf.DurationVar(&g.Timeout, "timeout", 0, "give up on each request after this long, e.g. 30s (0: no limit)")
	pf.BoolVar(&g.Debug, "debug", false, "log each request and response to stderr (secrets are never logged)")
	pf.BoolVarP(&g.Quiet, "quiet", "q", false, "no progress bars or informational messages")
}

// Factory gives commands their streams, settings and a signed-in client.
// Tests build one with test streams, an environment map and the emulator's URL.
type Factory struct {
	IO      *iostreams.IOStreams
	Globals *GlobalOptions
	// Getenv reads the environment (os.Getenv outside tests).
	Getenv func(string) string
	// Sessions is where login keeps the session.
	Sessions *SessionStore
	// HTTPClient, when set, is used as the base for every client (tests).
	HTTPClient *http.Client
	// Now is the clock, for output that shows times.
	Now func() time.Time

	mu     sync.Mutex
	client *tsc.Client
	saved  *SavedSession
	warned bool
}

// NewFactory returns a factory for the real process.
func NewFactory() *Factory {
	return &Factory{IO: iostreams.System(), Globals: &GlobalOptions{}, Getenv: os.Getenv, Now: time.Now}
}

// MarkSiteSet records that --site was given on the command line.
func (g *GlobalOptions) MarkSiteSet(cmd *cobra.Command) {
	if f := cmd.Flags().Lookup("site"); f != nil && f.Changed {
		g.siteSet = true
	}
}

func (f *Factory) env(key string) string {
	if f.Getenv == nil {
		return ""
	}
	return f.Getenv(key)
}

func (f *Factory) sessions() (*SessionStore, error) {
	if f.Sessions != nil {
		return f.Sessions, nil
	}
	s, err := DefaultSessionStore(f.env)
	if err != nil {
		return nil, err
	}
	f.Sessions = s
	return s, nil
}

// Target resolves the server and site from flags, environment and the saved session.
func (f *Factory) Target() (server, site string, saved *SavedSession, err error) {
	store, err := f.sessions()
	if err != nil {
		return "", "", nil, err
	}
	saved, err = store.Load()
	if err != nil {
		return "", "", nil, err
	}
	g := f.Globals
	server = first(g.Server, f.env("TABLEAU_SERVER"))
	if server == "" && saved != nil {
		server = saved.Server
	}
	if server == "" {
		return "", "", nil, FlagErrorf("no server: pass -s URL, set TABLEAU_SERVER, or run `tabctl login -s URL` first")
	}
	server = strings.TrimRight(server, "/")
	switch {
	case g.siteSet || g.Site != "":
		site = g.Site
	case f.env("TABLEAU_SITE") != "":
		site = f.env("TABLEAU_SITE")
	case saved != nil && saved.Server == server:
		site = saved.Site
	}
	return server, site, saved, nil
}

// Credentials builds sign-in credentials from flags, files, environment and,
// on a terminal, a prompt for a missing password. ok is false when none were given.
func (f *Factory) Credentials(site string) (creds tsc.Credentials, username string, ok bool, err error) {
	g := f.Globals
	tokenName := first(g.TokenName, f.env("TABLEAU_TOKEN_NAME"))
	tokenValue := first(g.TokenValue, f.env("TABLEAU_TOKEN_VALUE"))
	if g.TokenFile != "" {
		v, err := readSecretFile(g.TokenFile, "token")
		if err != nil {
			return creds, "", false, err
		}
		tokenValue = v
	}
	if tokenName != "" || tokenValue != "" {
		if tokenName == "" || tokenValue == "" {
			return creds, "", false, FlagErrorf("a personal access token needs both --token-name and --token-value (or --token-file)")
		}
		return tsc.PersonalAccessToken(tokenName, tokenValue, site), "", true, nil
	}
	username = first(g.Username, f.env("TABLEAU_USERNAME"))
	if username == "" {
		return creds, "", false, nil
	}
	password := first(g.Password, f.env("TABLEAU_PASSWORD"))
	if g.PasswordFile != "" {
		v, err := readSecretFile(g.PasswordFile, "password")
		if err != nil {
			return creds, "", false, err
		}
		password = v
	}
	if password == "" {
		if !f.IO.CanPrompt() {
			return creds, "", false, FlagErrorf("no password for user %q: pass -p, --password-file, or set TABLEAU_PASSWORD", username)
		}
		password, err = f.IO.PromptSecret(fmt.Sprintf("Password for %s: ", username))
		if err != nil {
			return creds, "", false, err
		}
	}
	return tsc.Password(username, password, site), username, true, nil
}

func readSecretFile(path, what string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("reading the %s file: %w", what, err)
	}
	v := strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0])
	if v == "" {
		return "", fmt.Errorf("the %s file %s is empty", what, path)
	}
	return v, nil
}

// clientOptions are the SDK options every client of this run gets.
func (f *Factory) clientOptions() []tsc.Option {
	g := f.Globals
	opts := []tsc.Option{tsc.WithUserAgent("tabctl/" + Version)}
	if g.Timeout > 0 {
		opts = append(opts, tsc.WithTimeout(g.Timeout))
	}
	if g.Debug {
		opts = append(opts, tsc.WithLogger(slog.New(slog.NewTextHandler(f.IO.ErrOut, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	if f.HTTPClient != nil {
		opts = append(opts, tsc.WithHTTPClient(f.HTTPClient))
	}
	if g.NoCertCheck {
		if !f.warned {
			fmt.Fprintln(f.IO.ErrOut, "warning: --no-certcheck: the server's TLS certificate is not verified")
			f.warned = true
		}
		// The SDK clones the transport (f.HTTPClient's too) and logs its own warning under --debug.
		opts = append(opts, tsc.WithInsecureSkipVerify())
	}
	return opts
}

// Client returns a signed-in client: the saved session when it is for the
// same server and site (renewed with credentials when it expires), or a new
// sign-in with the given credentials, which is then saved.
func (f *Factory) Client(ctx context.Context) (*tsc.Client, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.client != nil {
		return f.client, nil
	}
	server, site, saved, err := f.Target()
	if err != nil {
		return nil, err
	}
	creds, username, haveCreds, err := f.Credentials(site)
	if err != nil {
		return nil, err
	}
	explicit := f.Globals.Username != "" || f.Globals.TokenName != "" || f.Globals.TokenFile != ""
	if saved != nil && saved.Server == server && saved.Site == site && !explicit {
		opts := append(f.clientOptions(),
			tsc.WithSession(tsc.Session{Token: tsc.Secret(saved.Token), SiteID: saved.SiteID, SiteContentURL: saved.Site, UserID: saved.UserID}))
		if saved.APIVersion != "" {
			opts = append(opts, tsc.WithVersion(saved.APIVersion))
		}
		if haveCreds {
			opts = append(opts, tsc.WithCredentials(creds))
		}
		c, err := tsc.NewClient(server, opts...)
		if err != nil {
			return nil, err
		}
		f.client, f.saved = c, saved
		return c, nil
	}
	if !haveCreds {
		return nil, FlagErrorf("not signed in to %s: run `tabctl login`, or pass -u USER (with -p or a prompt) or --token-name/--token-value", server)
	}
	c, err := f.signIn(ctx, server, site, creds, username)
	if err != nil {
		return nil, err
	}
	f.client = c
	return c, nil
}

// SignIn signs in afresh (login's job) and saves the session.
func (f *Factory) SignIn(ctx context.Context) (*tsc.Client, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	server, site, _, err := f.Target()
	if err != nil {
		return nil, err
	}
	creds, username, ok, err := f.Credentials(site)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, FlagErrorf("login needs credentials: -u USER (with -p, --password-file or a prompt) or --token-name with --token-value or --token-file")
	}
	c, err := f.signIn(ctx, server, site, creds, username)
	if err != nil {
		return nil, err
	}
	f.client = c
	return c, nil
}

func (f *Factory) signIn(ctx context.Context, server, site string, creds tsc.Credentials, username string) (*tsc.Client, error) {
	c, err := tsc.NewClient(server, f.clientOptions()...)
	if err != nil {
		return nil, FlagErrorWrap(err)
	}
	if err := c.SignIn(ctx, creds); err != nil {
		return nil, err
	}
	s := c.Session()
	f.saved = &SavedSession{Server: server, Site: s.SiteContentURL, SiteID: s.SiteID, UserID: s.UserID,
		Username: username, APIVersion: c.Version().String(), Token: s.Token.Reveal()}
	if username == "" {
		f.saved.TokenName = first(f.Globals.TokenName, f.env("TABLEAU_TOKEN_NAME"))
	}
	store, err := f.sessions()
	if err != nil {
		return nil, err
	}
	if err := store.Save(f.saved); err != nil {
		return nil, err
	}
	return c, nil
}

// Persist saves the session again if the client signed in anew during the
// command (an expired session renewed), so the next command reuses it.
func (f *Factory) Persist() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.client == nil || f.saved == nil {
		return nil
	}
	s := f.client.Session()
	if s.Token == "" || s.Token.Reveal() == f.saved.Token {
		return nil
	}
	f.saved.Token, f.saved.SiteID, f.saved.UserID, f.saved.Site = s.Token.Reveal(), s.SiteID, s.UserID, s.SiteContentURL
	store, err := f.sessions()
	if err != nil {
		return err
	}
	return store.Save(f.saved)
}

// Forget signs out (when a session exists) and removes the session file.
func (f *Factory) Forget(ctx context.Context) error {
	store, err := f.sessions()
	if err != nil {
		return err
	}
	saved, loadErr := store.Load()
	if loadErr == nil && saved != nil {
		opts := append(f.clientOptions(), tsc.WithSession(tsc.Session{Token: tsc.Secret(saved.Token), SiteID: saved.SiteID}))
		if saved.APIVersion != "" {
			opts = append(opts, tsc.WithVersion(saved.APIVersion))
		}
		if c, err := tsc.NewClient(saved.Server, opts...); err == nil {
			if err := c.SignOut(ctx); err != nil && !errors.Is(err, tsc.ErrUnauthorized) {
				fmt.Fprintf(f.IO.ErrOut, "warning: signing out on the server failed: %v\n", err)
			}
		}
	}
	return store.Remove()
}

func first(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
