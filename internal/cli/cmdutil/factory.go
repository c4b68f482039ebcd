package cmdutil

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
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
	// ConnectTimeout bounds connecting to the server (TCP and TLS);
	// ResponseTimeout bounds the wait for an answer's headers once the
	// request is sent. Neither cuts a transfer under way. Zero: no limit.
	ConnectTimeout  time.Duration
	ResponseTimeout time.Duration
	Debug           bool
	Quiet           bool

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
	pf.StringVar(&g.PasswordFile, "password-file", "", "read the password from the first line of this file; - reads standard input")
	pf.StringVar(&g.TokenName, "token-name", "", "personal access token name (env TABLEAU_TOKEN_NAME)")
	pf.StringVar(&g.TokenValue, "token-value", "", "personal access token secret (env TABLEAU_TOKEN_VALUE)")
	pf.StringVar(&g.TokenFile, "token-file", "", "read the personal access token secret from the first line of this file; - reads standard input")
	pf.BoolVar(&g.NoCertCheck, "no-certcheck", false, "do not verify the server's TLS certificate (unsafe)")
	pf.DurationVar(&g.Timeout, "timeout", 0, "give up on each whole request, transfer included, after this long, e.g. 30m (0: no limit)")
	pf.DurationVar(&g.ConnectTimeout, "connect-timeout", DefaultConnectTimeout, "give up connecting to the server (TCP and TLS) after this long (0: no limit; env TABCTL_CONNECT_TIMEOUT)")
	pf.DurationVar(&g.ResponseTimeout, "response-timeout", DefaultResponseTimeout, "give up waiting for the server to start answering a request after this long; a transfer under way is never cut (0: no limit; env TABCTL_RESPONSE_TIMEOUT)")
	pf.BoolVar(&g.Debug, "debug", false, "log each request and response to stderr (secrets are never logged)")
	pf.BoolVarP(&g.Quiet, "quiet", "q", false, "no progress bars or informational messages")
}

// The default timeouts. A server that accepts a connection and never
// answers would otherwise hold tabctl forever. They bound waits, not
// transfers: the response timeout runs from the last byte of the request
// (a whole upload) to the first line of the answer, so a slow download or
// upload is never cut. Slow synchronous work on the server (exporting a
// heavy view, publishing a large file without --as-job) may need
// --response-timeout raised.
const (
	DefaultConnectTimeout  = 30 * time.Second
	DefaultResponseTimeout = 60 * time.Second
)

// ApplyEnv fills the timeouts from TABCTL_CONNECT_TIMEOUT and
// TABCTL_RESPONSE_TIMEOUT when their flags were not given; a flag wins.
func (g *GlobalOptions) ApplyEnv(cmd *cobra.Command, getenv func(string) string) error {
	for _, d := range []struct {
		flag, env string
		v         *time.Duration
	}{
		{"connect-timeout", "TABCTL_CONNECT_TIMEOUT", &g.ConnectTimeout},
		{"response-timeout", "TABCTL_RESPONSE_TIMEOUT", &g.ResponseTimeout},
	} {
		if fl := cmd.Flags().Lookup(d.flag); fl != nil && fl.Changed {
			if *d.v < 0 {
				return FlagErrorf("--%s %s is negative", d.flag, *d.v)
			}
			continue
		}
		v := ""
		if getenv != nil {
			v = getenv(d.env)
		}
		if v == "" {
			continue
		}
		t, err := time.ParseDuration(v)
		if err != nil || t < 0 {
			return FlagErrorf("%s=%q is not a duration such as 30s or 2m", d.env, v)
		}
		*d.v = t
	}
	return nil
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
	// AdjustTransport, when set, changes the run's transport once it is
	// built (tabcmd's --proxy, --no-proxy and --use-certificate).
	AdjustTransport func(*http.Transport)

	mu        sync.Mutex
	transport *http.Transport
	client    *tsc.Client
	saved     *SavedSession
	warned    bool
	// cached records that the client runs on the saved session with no
	// credentials to sign in again with.
	cached bool
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
	server, from := g.Server, "--server"
	if server == "" {
		server, from = f.env("TABLEAU_SERVER"), "TABLEAU_SERVER"
	}
	if server == "" && saved != nil {
		server, from = saved.Server, "the session file "+store.Path()
	}
	if server == "" {
		return "", "", nil, FlagErrorf("no server: pass -s URL, set TABLEAU_SERVER, or run `tabctl login -s URL` first")
	}
	if err := checkNoUserInfo(server, from); err != nil {
		return "", "", nil, err
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

// Credentials builds sign-in credentials from flags, files, standard input
// (--password-file - or --token-file -), environment and, on a terminal, a
// prompt for a missing password; ctx cancelled (Ctrl-C) ends the prompt at
// once. ok is false when none were given.
func (f *Factory) Credentials(ctx context.Context, site string) (creds tsc.Credentials, username string, ok bool, err error) {
	g := f.Globals
	if g.TokenFile == "-" && g.PasswordFile == "-" {
		return creds, "", false, FlagErrorf("--password-file - and --token-file - cannot both read standard input")
	}
	tokenName := first(g.TokenName, f.env("TABLEAU_TOKEN_NAME"))
	tokenValue := first(g.TokenValue, f.env("TABLEAU_TOKEN_VALUE"))
	if g.TokenFile != "" {
		v, err := f.readSecretFile(g.TokenFile, "token")
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
		v, err := f.readSecretFile(g.PasswordFile, "password")
		if err != nil {
			return creds, "", false, err
		}
		password = v
	}
	if password == "" {
		if !f.IO.CanPrompt() {
			return creds, "", false, FlagErrorf("no password for user %q: pass -p, --password-file (- for standard input), or set TABLEAU_PASSWORD", username)
		}
		password, err = f.IO.PromptSecret(ctx, fmt.Sprintf("Password for %s: ", username))
		if err != nil {
			return creds, "", false, err
		}
		if password == "" {
			return creds, "", false, FlagErrorf("empty password for user %q", username)
		}
	}
	return tsc.Password(username, password, site), username, true, nil
}

// maxSecretFile bounds what a password or token file may hold: a secret is
// one short line, and "-" may be a pipe that never ends.
const maxSecretFile = 64 << 10

// readSecretFile reads a secret from the first line of path, or of
// standard input when path is "-". A password keeps its spaces (only the
// line ending is cut: spaces may be part of it); a token secret, which has
// none, is trimmed. An empty secret is refused rather than sent.
func (f *Factory) readSecretFile(path, what string) (string, error) {
	name := "the " + what + " file " + path
	var r io.Reader
	if path == "-" {
		name = "standard input (--" + what + "-file -)"
		if f.IO.StdinTTY {
			// Typed there, the secret would show on the screen.
			return "", FlagErrorf("--%s-file -: standard input is a terminal, where the %s would show as it is typed; pipe it in, or leave the flag out to be asked without echo", what, what)
		}
		r = f.IO.In
	} else {
		file, err := os.Open(path)
		if err != nil {
			return "", fmt.Errorf("reading the %s file: %w", what, err)
		}
		defer file.Close()
		r = file
	}
	line, err := bufio.NewReader(io.LimitReader(r, maxSecretFile)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("reading the %s from %s: %w", what, name, err)
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if what != "password" {
		line = strings.TrimSpace(line)
	}
	if line == "" {
		return "", FlagErrorf("%s is empty: the %s must be on its first line", name, what)
	}
	return line, nil
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
	opts = append(opts, tsc.WithHTTPClient(f.baseHTTPClient()))
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

// baseHTTPClient is the *http.Client every tsc client of this run starts
// from: HTTPClient when set, else one on httpTransport with no Timeout.
func (f *Factory) baseHTTPClient() *http.Client {
	if f.HTTPClient != nil {
		return f.HTTPClient
	}
	return &http.Client{Transport: f.httpTransport()}
}

// httpTransport is the transport of every client of this run, one so that
// they share connections. It is net/http's default transport with the
// connect and response timeouts: no http.Client.Timeout, which would cut a
// long download or upload in the middle.
func (f *Factory) httpTransport() *http.Transport {
	if f.transport != nil {
		return f.transport
	}
	g := f.Globals
	t := http.DefaultTransport.(*http.Transport).Clone()
	dialer := &net.Dialer{Timeout: g.ConnectTimeout, KeepAlive: 30 * time.Second}
	t.DialContext = dialer.DialContext
	t.TLSHandshakeTimeout = g.ConnectTimeout
	t.ResponseHeaderTimeout = g.ResponseTimeout
	if f.AdjustTransport != nil {
		f.AdjustTransport(t)
	}
	f.transport = t
	return t
}

// TimeoutHint explains a timeout of the connect or response limit, to add
// to its error: which limit ran out and how to change it. It is "" for any
// other error.
func (f *Factory) TimeoutHint(err error) string {
	var ne net.Error
	if err == nil || !errors.As(err, &ne) || !ne.Timeout() {
		return ""
	}
	g := f.Globals
	msg := err.Error()
	var op *net.OpError
	switch {
	case strings.Contains(msg, "timeout awaiting response headers"):
		return fmt.Sprintf(" (the server did not answer within %s: raise --response-timeout or TABCTL_RESPONSE_TIMEOUT)", g.ResponseTimeout)
	case strings.Contains(msg, "TLS handshake timeout"), errors.As(err, &op) && op.Op == "dial":
		return fmt.Sprintf(" (no connection within %s: raise --connect-timeout or TABCTL_CONNECT_TIMEOUT)", g.ConnectTimeout)
	}
	return ""
}

// checkNoUserInfo refuses a server URL with a user name or password in it
// (https://admin:secret@host) without repeating it: such a URL lands in
// shell history and process lists, and errors would echo the password.
func checkNoUserInfo(server, from string) error {
	if !strings.Contains(server, "@") {
		return nil
	}
	return FlagErrorf("the server URL (from %s) must not contain a user name or password: give the address alone, e.g. https://tableau.example.com, and sign in with --username and --password-file (- reads standard input) or a prompt", from)
}

// Client returns a signed-in client. Credentials given by flag, file or
// environment always win: tabctl signs in with them anew (so they are
// verified, and a wrong password is never hidden behind a cached token)
// and saves that session. Without credentials it uses the saved session
// when it is for the same server and site; a saved session for another
// site of the server is named rather than silently used or ignored.
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
	creds, username, haveCreds, err := f.Credentials(ctx, site)
	if err != nil {
		return nil, err
	}
	if !haveCreds && saved != nil && saved.Server == server {
		if saved.Site != site {
			return nil, NotSignedInf("signed in to %s; this asks for %s: run `tabctl login -t %s`, or give credentials (-u USER, or --token-name with --token-value) to sign in to it",
				SiteLabel(saved.Site), SiteLabel(site), shellQuote(site))
		}
		opts := append(f.clientOptions(),
			tsc.WithSession(tsc.Session{Token: tsc.Secret(saved.Token), SiteID: saved.SiteID, SiteContentURL: saved.Site, UserID: saved.UserID}))
		if saved.APIVersion != "" {
			opts = append(opts, tsc.WithVersion(saved.APIVersion))
		}
		c, err := tsc.NewClient(server, opts...)
		if err != nil {
			return nil, err
		}
		f.client, f.saved, f.cached = c, saved, true
		return c, nil
	}
	if !haveCreds {
		return nil, NotSignedInf("not signed in to %s: run `tabctl login`, or pass -u USER (with -p or a prompt) or --token-name/--token-value", server)
	}
	c, err := f.signIn(ctx, server, site, creds, username)
	if err != nil {
		return nil, err
	}
	f.client = c
	return c, nil
}

// SessionHint explains an error of a command that ran on the saved session
// without credentials: a 401 then means the session has expired or was
// signed out, and tabctl has nothing to sign in again with. It is "" for
// any other error.
func (f *Factory) SessionHint(err error) string {
	f.mu.Lock()
	cached := f.cached
	f.mu.Unlock()
	if !cached || !errors.Is(err, tsc.ErrUnauthorized) {
		return ""
	}
	return " (the saved session has expired or was signed out: run `tabctl login` to sign in again)"
}

// SiteLabel names a site for messages: "site \"sales\"", or "the Default
// site" for the content URL "".
func SiteLabel(contentURL string) string {
	if contentURL == "" {
		return "the Default site"
	}
	return fmt.Sprintf("site %q", contentURL)
}

// shellQuote quotes a content URL for a command line to copy: ” for the
// Default site.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// SignIn signs in afresh (login's job) and saves the session.
func (f *Factory) SignIn(ctx context.Context) (*tsc.Client, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	server, site, _, err := f.Target()
	if err != nil {
		return nil, err
	}
	creds, username, ok, err := f.Credentials(ctx, site)
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

// SignInElsewhere signs in to another site of the same server with the
// credentials given by flag, file or environment, in a client of its own
// that is never saved: for work Tableau allows only from a session on that
// site (deleting it), without switching the saved session away from its
// site, since a switch ends the session it leaves. Without credentials it
// says how to get them rather than switching.
func (f *Factory) SignInElsewhere(ctx context.Context, site, why string) (*tsc.Client, error) {
	server, home, _, err := f.Target()
	if err != nil {
		return nil, err
	}
	creds, _, ok, err := f.Credentials(ctx, site)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, NotSignedInf("%s needs a session on %s, and switching this one there would end it on %s: give credentials (-u USER, or --token-name with --token-value) to sign in to %s on the side, or run `tabctl login -t %s` first",
			why, SiteLabel(site), SiteLabel(home), SiteLabel(site), shellQuote(site))
	}
	c, err := tsc.NewClient(server, f.clientOptions()...)
	if err != nil {
		return nil, FlagErrorWrap(err)
	}
	if err := c.SignIn(ctx, creds); err != nil {
		return nil, fmt.Errorf("signing in to %s: %w", SiteLabel(site), err)
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
