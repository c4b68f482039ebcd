// Package tsctest runs a fake Tableau Server for tests, the way
// net/http/httptest runs a fake HTTP server: a real, stateful server that
// speaks the REST API (sign-in, sites, projects, users, groups, and
// content: publishing, file uploads, workbooks, views and their exports,
// data sources, revisions, jobs, schedules and tasks) on a local port, keeps its state in
// SQLite, and enforces what Tableau enforces, with Tableau's error codes.
//
//	srv := tsctest.NewServer(t)
//	client := srv.MustClient(t)
//	p, err := client.Projects.Create(ctx, tsc.Project{Name: "Finance"})
//
// Schedules run on the server's clock: Advance moves it on and runs every
// occurrence that falls due (extract refresh tasks become jobs), and
// Outbox holds what the server would have sent; see clock.go.
//
// Published files are parsed: a workbook's views and connections come from
// its .twb. Jobs run on the server's clock for WithJobDuration (300 ms by
// default); FailJobs, FinishJob and FailJob steer them. A site's usage is
// counted from its state: its users, and its storage, the current files of
// its workbooks and data sources in megabytes (past revisions do not
// count). Its userQuota and tier capacities (server administrators and
// unlicensed users are not counted) and its storageQuota are enforced when
// users are added or change role and when content is published.
//
// Where the emulator simplifies, a test should not rely on what it does:
//
//   - Data is not computed. Exports are real PNG, PDF, CSV, XLSX and PPTX
//     files, but their data is a fixed sample table (Region, Category,
//     Sales, Profit) that view filters narrow, not the workbook's own data.
//   - Appending to an extract (PublishAppend) checks the file and the data
//     source and marks the data source updated, but the stored file stays as
//     it was: the emulator does not merge Hyper files, so a download after an
//     append returns the rows first published.
//   - An extract refresh (Workbooks.Refresh, Datasources.Refresh, and
//     their incremental forms) is a job that marks the content updated when
//     it succeeds; no data is read, so the file does not change. A
//     workbook's refresh moves its views' sample numbers on (a new data
//     generation), which is what data alerts (CreateDataAlert) watch.
//   - Creating, deleting and encrypting extracts are jobs whose end sets
//     hasExtracts and encryptExtracts; a created extract writes no .hyper,
//     a deleted one leaves the download without its extract files.
//   - Subscriptions and data alerts send nothing: what they would send goes
//     to the outbox (Outbox), with the attachments rendered as exports.
//   - A download with includeExtract=false leaves the extract files (.hyper,
//     .tde) out of a packaged .twbx or .tdsx and keeps every other entry as
//     published; the document inside is not edited.
//   - Where Tableau documents no error code (a user quota or tier capacity
//     used up), the answer carries the class code (409000), with Tableau's
//     message in the detail.
//   - Creating a project with publishSamples=true (tabcmd's createproject
//     --publish-samples and publishsamples) creates the project but
//     publishes no sample workbooks into it.
//
// WithCloud makes the server answer as Tableau Cloud instead: tokens and
// JWTs sign in, passwords do not (Cloud requires MFA), the site is named,
// there are no server administrators or server-level methods, site roles
// are Cloud's, and a personal access token has one session at a time
// (docs/cloud.md lists each rule with its Tableau page).
//
// The same server runs outside Go tests with `tabctl serve`. Programs that
// are not Go reset, seed and fault it over HTTP under /_emulator/, with
// Server.ControlToken; Go code calls the methods (Reset, FailJobs,
// SetFaults...), which need no token.
package tsctest

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/emulator"
	"github.com/tsc-go/tsc/internal/emulator/control"
	"github.com/tsc-go/tsc/internal/emulator/faults"
)

// Options configures a server. The zero value is a server on a random
// local port, in memory, with an administrator "admin" whose password and
// token secret are random.
type Options struct {
	// Addr is the listen address; "" means 127.0.0.1 on a free port.
	Addr string
	// Directory is the external directory of WithDirectory; nil for none.
	Directory *emulator.Directory
	// DataDir keeps the state in a SQLite file there, so it survives a
	// restart; "" keeps it in memory.
	DataDir string
	// SessionLifetime is how long a sign-in lasts; zero means 240 minutes.
	SessionLifetime time.Duration
	// ProductVersion, Build and APIVersion are what the server reports;
	// APIVersion (default "3.29") is also the highest version it serves.
	ProductVersion string
	Build          string
	APIVersion     string
	// AdminUsername (default "admin") and AdminPassword (default random)
	// are the server administrator's credentials.
	AdminUsername string
	AdminPassword string
	// TokenName (default "admin-token") and TokenSecret (default random)
	// are the administrator's personal access token.
	TokenName   string
	TokenSecret string
	// JWTSecret, JWTSecretID and JWTIssuer configure a connected app whose
	// HS256 tokens sign in (see SignJWT); empty JWTSecret turns JWT off.
	JWTSecret   string
	JWTSecretID string
	JWTIssuer   string
	// Log receives one line per request (method, path, status, duration).
	Log io.Writer
	// Now replaces the clock, to expire sessions without waiting.
	Now func() time.Time
	// Seed runs once the server is up, to create the content a test needs.
	Seed func(*Server) error
	// JobDuration is how long background jobs (refreshes, publishes run as
	// jobs) take from Pending through InProgress to done; zero means 300 ms.
	JobDuration time.Duration
	// UploadSessionLifetime is how long an idle file upload session lives;
	// zero means one hour.
	UploadSessionLifetime time.Duration
	// MaxPublishSize is the largest file a single publish request takes;
	// zero means 64 MB, as Tableau. Larger files must be uploaded in parts.
	MaxPublishSize int64
	// ReadHeaderTimeout is how long a client may take to send a request's
	// headers; zero means DefaultReadHeaderTimeout, negative no limit.
	ReadHeaderTimeout time.Duration
	// BodyIdleTimeout is how long a request body may go without a byte
	// arriving: the read deadline moves forward each time bytes arrive, so
	// an upload at any steady rate completes, however long it takes, and a
	// client that stalls (or trickles) is cut off. Zero means
	// DefaultBodyIdleTimeout, negative no limit.
	BodyIdleTimeout time.Duration
	// IdleTimeout is how long a kept-alive connection may wait for its
	// next request; zero means DefaultIdleTimeout, negative no limit.
	IdleTimeout time.Duration
	// Faults are injected in front of the server: errors, resets, cut
	// answers and latency, chosen by a seeded generator (see FaultRule and
	// ParseFaults). The zero value injects nothing; SetFaults and the
	// /_emulator/faults endpoint change them while the server runs.
	Faults FaultConfig
	// ControlToken is the token the control endpoints under /_emulator/
	// (reset, seed, faults, jobs, stats) require, as "Authorization:
	// Bearer <token>"; "" means a random one (see Server.ControlToken).
	// One chosen by hand must have at least 16 characters.
	ControlToken string
	// NoControl turns the control endpoints off: every /_emulator/ path
	// is then an unknown resource (404). Go code still controls the
	// server through its methods (Reset, FailJobs, SetFaults...).
	NoControl bool
	// Cloud makes the server answer as Tableau Cloud: sign-in with a
	// personal access token or a JWT only (no password: Cloud requires
	// MFA), a named site and no Default site, no server administrators and
	// no server-level methods, Cloud's site roles, and Cloud's token rules
	// (a second sign-in with a token ends its first session; a token idle
	// for 15 days expires). docs/cloud.md lists the rules and their pages.
	Cloud bool
	// CloudSite is the content URL of the Cloud site, whose site
	// administrator (SiteAdministratorCreator) the administrator is; ""
	// means "emulated". Tableau Server ignores it.
	CloudSite string
	// WebhookAllow lists where webhooks may deliver (see WithWebhookAllow);
	// nil means loopback only. WebhookTimeout bounds one delivery attempt
	// (zero: 10 seconds).
	WebhookAllow   []string
	WebhookTimeout time.Duration

	// optErr is an error an Option met (a fault spec that does not parse),
	// reported by Start.
	optErr error
}

// The server's default timeouts. Tableau documents its gateway's (Apache
// httpd) request timeouts only as configurable; these are ours, in the
// spirit of httpd's mod_reqtimeout defaults (headers 20-40 s, body 20 s
// without data), and long enough for a client on a slow link.
const (
	// DefaultReadHeaderTimeout: a client sends its headers at once; ten
	// seconds cover a slow link and cut off a slowloris that trickles them.
	DefaultReadHeaderTimeout = 10 * time.Second
	// DefaultBodyIdleTimeout: thirty seconds without a byte of a body is a
	// stalled client, not a slow one.
	DefaultBodyIdleTimeout = 30 * time.Second
	// DefaultIdleTimeout: kept-alive connections are closed after two
	// minutes without a request, so idle clients cannot hold connections.
	DefaultIdleTimeout = 2 * time.Minute
)

// Option changes Options, for NewServer.
type Option func(*Options)

// WithDataDir keeps the server's state in dir.
func WithDataDir(dir string) Option { return func(o *Options) { o.DataDir = dir } }

// WithAddr sets the listen address, such as "127.0.0.1:8080".
func WithAddr(addr string) Option { return func(o *Options) { o.Addr = addr } }

// WithSessionLifetime sets how long sign-ins last.
func WithSessionLifetime(d time.Duration) Option { return func(o *Options) { o.SessionLifetime = d } }

// WithAPIVersion sets the highest REST API version served and reported.
func WithAPIVersion(v string) Option { return func(o *Options) { o.APIVersion = v } }

// WithProductVersion sets the product version and build /serverinfo reports.
func WithProductVersion(product, build string) Option {
	return func(o *Options) { o.ProductVersion, o.Build = product, build }
}

// WithAdmin sets the server administrator's username and password.
func WithAdmin(username, password string) Option {
	return func(o *Options) { o.AdminUsername, o.AdminPassword = username, password }
}

// WithToken sets the administrator's personal access token.
func WithToken(name, secret string) Option {
	return func(o *Options) { o.TokenName, o.TokenSecret = name, secret }
}

// WithJWT configures the connected app whose tokens sign in.
func WithJWT(secret, secretID, issuer string) Option {
	return func(o *Options) { o.JWTSecret, o.JWTSecretID, o.JWTIssuer = secret, secretID, issuer }
}

// WithLog sends a line per request to w.
func WithLog(w io.Writer) Option { return func(o *Options) { o.Log = w } }

// WithClock replaces the server's clock.
func WithClock(now func() time.Time) Option { return func(o *Options) { o.Now = now } }

// WithSeed runs fn once the server is up.
func WithSeed(fn func(*Server) error) Option { return func(o *Options) { o.Seed = fn } }

// WithJobDuration sets how long background jobs run.
func WithJobDuration(d time.Duration) Option { return func(o *Options) { o.JobDuration = d } }

// WithUploadSessionLifetime sets how long idle file upload sessions live.
func WithUploadSessionLifetime(d time.Duration) Option {
	return func(o *Options) { o.UploadSessionLifetime = d }
}

// WithTimeouts sets how long a client may take to send headers, may leave
// a request body without a byte, and may keep a connection idle (see
// Options; zero keeps a default, negative means no limit).
func WithTimeouts(readHeader, bodyIdle, idle time.Duration) Option {
	return func(o *Options) { o.ReadHeaderTimeout, o.BodyIdleTimeout, o.IdleTimeout = readHeader, bodyIdle, idle }
}

// WithMaxPublishSize sets the largest file a single publish request takes.
func WithMaxPublishSize(n int64) Option { return func(o *Options) { o.MaxPublishSize = n } }

// WithControlToken sets the token the control endpoints require.
func WithControlToken(token string) Option { return func(o *Options) { o.ControlToken = token } }

// WithoutControl turns the control endpoints under /_emulator/ off.
func WithoutControl() Option { return func(o *Options) { o.NoControl = true } }

// WithDirectory gives the server an external directory (users and groups
// of other domains) that groups are imported from and synchronised with,
// as Tableau Server's Active Directory (emulator.Directory describes it;
// emulator.LoadDirectory reads the JSON file tabctl serve --directory takes).
func WithDirectory(d *emulator.Directory) Option { return func(o *Options) { o.Directory = d } }

// WithCloud makes the server answer as Tableau Cloud (see Options.Cloud).
// Its administrator is the site administrator of Server.Site, and Client
// signs in with their personal access token.
func WithCloud() Option { return func(o *Options) { o.Cloud = true } }

// WithCloudSite makes the server answer as Tableau Cloud, with the site
// whose content URL is contentURL.
func WithCloudSite(contentURL string) Option {
	return func(o *Options) { o.Cloud, o.CloudSite = true, contentURL }
}

// Server is a running fake Tableau Server.
type Server struct {
	// URL is the server's address, such as http://127.0.0.1:40123, ready
	// for tsc.NewClient.
	URL string
	// AdminUsername, AdminPassword, TokenName and TokenSecret are the
	// administrator's credentials, as configured or generated.
	AdminUsername string
	AdminPassword string
	TokenName     string
	TokenSecret   string
	// ControlToken is what requests to the control endpoints under
	// /_emulator/ send as "Authorization: Bearer <token>", along with
	// "Content-Type: application/json" when they have a body; "" when
	// they are off (WithoutControl).
	ControlToken string
	// Site is the content URL of the administrator's site: "" (the
	// Default site) on Tableau Server, the Cloud site with WithCloud.
	Site string
	// Cloud says the server answers as Tableau Cloud (WithCloud).
	Cloud bool

	opts   Options
	emu    *emulator.Server
	faults *faults.Injector
	http   *http.Server
	done   chan struct{}
	err    error

	// handler is the whole chain: control guard, fault injector, emulator.
	handler http.Handler

	closeOnce sync.Once
	closeErr  error
}

// NewServer starts a server for a test and closes it when the test ends. It
// fails the test if the server cannot start.
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	var o Options
	for _, opt := range opts {
		opt(&o)
	}
	s, err := Start(o)
	if err != nil {
		tb.Fatalf("tsctest: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// randomSecret is 24 random bytes, URL-safe: a password or token secret
// that no test can guess and every shell can print.
//
// It never starts with "-" or "_": a secret is typed on command lines
// (tabcmd --token-value, --password), and Python's argparse takes a value
// starting with "-" for an option and refuses the command, which the
// compatibility suite met one run in 32.
func randomSecret() string {
	b := make([]byte, 24)
	for {
		rand.Read(b)
		if s := base64.RawURLEncoding.EncodeToString(b); s[0] != '-' && s[0] != '_' {
			return s
		}
	}
}

// Start starts a server outside tests; the caller closes it.
func Start(o Options) (*Server, error) {
	if o.AdminUsername == "" {
		o.AdminUsername = "admin"
	}
	if o.AdminPassword == "" {
		o.AdminPassword = randomSecret()
	}
	if o.TokenName == "" {
		o.TokenName = "admin-token"
	}
	if o.TokenSecret == "" {
		o.TokenSecret = randomSecret()
	}
	if o.Addr == "" {
		o.Addr = "127.0.0.1:0"
	}
	switch {
	case o.NoControl && o.ControlToken != "":
		return nil, errors.New("tsctest: a control token was given with the control endpoints off")
	case o.NoControl:
	case o.ControlToken == "":
		o.ControlToken = control.NewToken()
	default:
		if err := control.CheckToken(o.ControlToken); err != nil {
			return nil, fmt.Errorf("tsctest: %w", err)
		}
	}
	if o.optErr != nil {
		return nil, fmt.Errorf("tsctest: %w", o.optErr)
	}
	if err := o.Faults.Validate(); err != nil {
		return nil, fmt.Errorf("tsctest: %w", err)
	}
	emu, err := emulator.New(emulator.Config{
		DataDir: o.DataDir, SessionLifetime: o.SessionLifetime,
		ProductVersion: o.ProductVersion, Build: o.Build, APIVersion: o.APIVersion,
		JWTSecret: o.JWTSecret, JWTSecretID: o.JWTSecretID, JWTIssuer: o.JWTIssuer,
		Log: o.Log, Now: o.Now, Cloud: o.Cloud, WebhookAllow: o.WebhookAllow, WebhookTimeout: o.WebhookTimeout,
		Directory: o.Directory,
		ContentConfig: emulator.ContentConfig{JobDuration: o.JobDuration, UploadSessionLifetime: o.UploadSessionLifetime,
			MaxPublishSize: o.MaxPublishSize},
	})
	if err != nil {
		return nil, err
	}
	if err := emu.Bootstrap(context.Background(), emulator.Admin{
		Name: o.AdminUsername, Password: o.AdminPassword, TokenName: o.TokenName, TokenSecret: o.TokenSecret,
		Site: o.CloudSite,
	}); err != nil {
		emu.Close()
		return nil, err
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		emu.Close()
		return nil, fmt.Errorf("tsctest: listening on %s: %w", o.Addr, err)
	}
	inj, _ := faults.New(emu, o.Faults) // validated above
	// The guard stands in front of the whole chain, so that one check
	// covers the injector's control endpoint and the emulator's.
	listenHost, _, _ := net.SplitHostPort(o.Addr)
	handler, _ := control.Guard(inj, control.Policy{Token: o.ControlToken, Off: o.NoControl, ListenHost: listenHost}) // token checked above
	s := &Server{
		URL:           "http://" + ln.Addr().String(),
		AdminUsername: o.AdminUsername, AdminPassword: o.AdminPassword,
		TokenName: o.TokenName, TokenSecret: o.TokenSecret, ControlToken: o.ControlToken,
		Site: emu.AdminSite(), Cloud: o.Cloud,
		opts: o, emu: emu, faults: inj, handler: handler, done: make(chan struct{}),
		http: &http.Server{Handler: bodyDeadlines(handler, timeout(o.BodyIdleTimeout, DefaultBodyIdleTimeout)),
			ReadHeaderTimeout: timeout(o.ReadHeaderTimeout, DefaultReadHeaderTimeout),
			IdleTimeout:       timeout(o.IdleTimeout, DefaultIdleTimeout)},
	}
	go func() {
		defer close(s.done)
		if err := s.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.err = err
		}
	}()
	if o.Seed != nil {
		if err := o.Seed(s); err != nil {
			s.Close()
			return nil, fmt.Errorf("tsctest: seeding: %w", err)
		}
	}
	return s, nil
}

// Close stops the server, letting requests in flight finish for up to five
// seconds, and closes the store. Closing twice is harmless.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := s.http.Shutdown(ctx)
		<-s.done
		if cerr := s.emu.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = s.err
		}
		s.closeErr = err
	})
	return s.closeErr
}

// Handler returns the server's http.Handler, to mount it elsewhere; it
// injects the server's faults and locks its control endpoints.
func (s *Server) Handler() http.Handler { return s.handler }

// APIVersion is the REST API version the server speaks, e.g. "3.29".
func (s *Server) APIVersion() string { return s.emu.Config().APIVersion }

// clientVersion is the version clients made here speak: the server's,
// or the SDK's latest if that is lower.
func (s *Server) clientVersion() string {
	v, err := tsc.ParseVersion(s.APIVersion())
	if err != nil || tsc.LatestVersion.Less(v) {
		return tsc.LatestVersion.String()
	}
	return v.String()
}

// NewClient returns a client for this server that is not signed in, with
// fast retries; opts are applied after the defaults.
func (s *Server) NewClient(opts ...tsc.Option) (*tsc.Client, error) {
	base := []tsc.Option{
		tsc.WithVersion(s.clientVersion()),
		tsc.WithRetryPolicy(tsc.RetryPolicy{MaxAttempts: 3, MinBackoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond, MaxRetryAfter: time.Second}),
	}
	return tsc.NewClient(s.URL, append(base, opts...)...)
}

// Client returns a client signed in as the administrator: on Tableau
// Server to the Default site with the password, on Tableau Cloud to
// Server.Site with the personal access token (Cloud takes no password).
// On Cloud a token has one session at a time, so a second Client ends the
// first one's session, as Tableau Cloud does; use ClientAs for more.
func (s *Server) Client(ctx context.Context, opts ...tsc.Option) (*tsc.Client, error) {
	c, err := s.NewClient(opts...)
	if err != nil {
		return nil, err
	}
	if err := c.SignIn(ctx, s.AdminCredentials()); err != nil {
		return nil, err
	}
	return c, nil
}

// AdminCredentials are how the administrator signs in: the password to the
// Default site on Tableau Server, the personal access token to Server.Site
// on Tableau Cloud.
func (s *Server) AdminCredentials() tsc.Credentials {
	if s.Cloud {
		return tsc.PersonalAccessToken(s.TokenName, s.TokenSecret, s.Site)
	}
	return tsc.Password(s.AdminUsername, s.AdminPassword, "")
}

// MustClient is Client for tests: it fails tb instead of returning an error.
func (s *Server) MustClient(tb testing.TB, opts ...tsc.Option) *tsc.Client {
	tb.Helper()
	c, err := s.Client(context.Background(), opts...)
	if err != nil {
		tb.Fatalf("tsctest: signing in as the administrator: %v", err)
	}
	return c
}

// ClientAs returns a client signed in as the named user of the site with
// the content URL, without their credentials: the session is made directly.
// It cannot sign in again when the session expires.
func (s *Server) ClientAs(ctx context.Context, siteContentURL, username string, opts ...tsc.Option) (*tsc.Client, error) {
	token, siteID, userID, err := s.emu.NewSession(ctx, siteContentURL, username)
	if err != nil {
		return nil, err
	}
	if siteContentURL == "" {
		siteContentURL = s.Site
	}
	opts = append([]tsc.Option{tsc.WithSession(tsc.Session{Token: tsc.Secret(token), SiteID: siteID, SiteContentURL: siteContentURL, UserID: userID})}, opts...)
	return s.NewClient(opts...)
}

// Reset empties the server: only the administrator's site (the Default
// site, or the Cloud site) and the administrator (with the same
// credentials) remain.
func (s *Server) Reset(ctx context.Context) error {
	return s.emu.Reset(ctx, emulator.Admin{Name: s.AdminUsername, Password: s.AdminPassword, TokenName: s.TokenName, TokenSecret: s.TokenSecret, Site: s.Site})
}

// SignJWT returns a connected-app token for username that this server
// accepts (when configured WithJWT), valid for five minutes from now.
func (s *Server) SignJWT(username string) string {
	now := time.Now()
	if s.opts.Now != nil {
		now = s.opts.Now()
	}
	return emulator.SignJWT(s.opts.JWTSecret, s.opts.JWTSecretID, s.opts.JWTIssuer, username, now.Add(5*time.Minute))
}

// Seeding: content created directly in the store, without a client, as a
// fixture. Sites are named by content URL; "" is the administrator's site:
// the Default site, or with WithCloud the Cloud site (Server.Site), so that
// a fixture seeds either flavour.

// SeedSite creates a site; a name "" is taken from the content URL.
func (s *Server) SeedSite(name, contentURL string) (*tsc.Site, error) {
	return s.emu.SeedSite(context.Background(), tsc.Site{Name: name, ContentURL: contentURL})
}

// SeedUser adds a user to a site with a site role. Give them a password with
// SetPassword, or act as them with ClientAs.
func (s *Server) SeedUser(siteContentURL, name string, role tsc.SiteRole) (*tsc.User, error) {
	return s.emu.SeedUser(context.Background(), siteContentURL, name, role, "")
}

// SeedUsers adds many users to a site in one transaction (names must be new).
func (s *Server) SeedUsers(siteContentURL string, role tsc.SiteRole, names ...string) error {
	return s.emu.SeedUsers(context.Background(), siteContentURL, names, role)
}

// SetPassword sets a user's password, so that they can sign in with it.
func (s *Server) SetPassword(userID, password string) error {
	return s.emu.SetPassword(context.Background(), userID, password)
}

// SeedGroup creates a local group on a site with the given members.
func (s *Server) SeedGroup(siteContentURL, name string, memberIDs ...string) (*tsc.Group, error) {
	return s.emu.SeedGroup(context.Background(), siteContentURL, name, memberIDs...)
}

// SeedProject creates a project; parentID "" makes it top-level, ownerID ""
// gives it to the administrator.
func (s *Server) SeedProject(siteContentURL, name, parentID, ownerID string) (*tsc.Project, error) {
	return s.emu.SeedProject(context.Background(), siteContentURL, name, parentID, ownerID)
}

// SeedWorkbook records a workbook (its metadata; no file) in a project,
// owned by ownerID ("" for the administrator), with tags.
func (s *Server) SeedWorkbook(siteContentURL, projectID, ownerID, name string, tags ...string) (*tsc.Workbook, error) {
	return s.emu.SeedWorkbook(context.Background(), siteContentURL, projectID, ownerID, name, tags...)
}

// SeedPersonalAccessToken gives a user a personal access token.
func (s *Server) SeedPersonalAccessToken(userID, name, secret string) error {
	return s.emu.SeedPersonalAccessToken(context.Background(), userID, name, secret)
}

// JobFault makes the next matching jobs of a site fail; see FailJobs.
type JobFault = emulator.JobFault

// FailJobs makes the next f.Count (default 1) jobs on site f.Site (a
// content URL) that match f.Type and the content fail with f.Notes, e.g.
// "fail the next refresh of Sales".
func (s *Server) FailJobs(f JobFault) error { return s.emu.FailJobs(context.Background(), f) }

// FinishJob ends a running job now, successfully.
func (s *Server) FinishJob(id string) error { return s.emu.FinishJob(context.Background(), id) }

// FailJob ends a running job now, failed with notes.
func (s *Server) FailJob(id, notes string) error {
	return s.emu.FailJob(context.Background(), id, notes)
}
