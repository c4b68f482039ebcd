package tsc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// SDKVersion is this SDK's version, sent in the default User-Agent.
const SDKVersion = "0.1.0"

// Client talks to one Tableau Server or Tableau Cloud pod. It is safe for
// concurrent use; the session it holds is shared by all goroutines.
type Client struct {
	base       *url.URL
	httpClient *http.Client
	userAgent  string
	logger     *slog.Logger
	retry      RetryPolicy
	pageSize   int
	timeout    time.Duration
	reauth     bool
	// limiter, when set by WithRateLimit, spaces every attempt.
	limiter *rateLimiter
	// prefetch, set by WithPrefetch, is how many pages All requests ahead.
	prefetch int
	// fixed is the version set by WithVersion; zero means negotiate.
	fixed Version

	mu      sync.RWMutex
	version Version // negotiated (or fixed) version; zero until known
	// session is a pointer so that fmt, printing a service (which holds
	// the client) with a verb such as %s, shows an address and not the
	// token: in that "bad verb" mode it calls no Format method.
	session *Session
	creds   *Credentials
	// signInMu serialises sign-ins so that many goroutines hitting an expired
	// session sign in once, not once each.
	signInMu sync.Mutex

	common service

	// Services, one per REST resource.
	Auth     *AuthService
	Sites    *SitesService
	Projects *ProjectsService
	Users    *UsersService
	Groups   *GroupsService
	// GroupSets: sets of groups granted permissions as one (3.22).
	GroupSets *GroupSetsService

	Workbooks   *WorkbooksService
	Views       *ViewsService
	Datasources *DatasourcesService
	Jobs        *JobsService
	Schedules   *SchedulesService
	Tasks       *TasksService
	// Subscriptions and DataAlerts: what the site sends its users.
	Subscriptions *SubscriptionsService
	DataAlerts    *DataAlertsService
	// Favorites: each user's list of favorite content.
	Favorites *FavoritesService
	// Tags adds and removes tags on many items at once.
	Tags *TagsService
	// CustomViews: users' saved states of views (custom_views.go).
	CustomViews *CustomViewsService
	// Webhooks: what the site POSTs to other systems when things happen.
	Webhooks *WebhooksService
	// Flows and FlowRuns: Tableau Prep flows, and their runs (flows.go).
	Flows    *FlowsService
	FlowRuns *FlowRunsService
	// VirtualConnections manages the site's virtual connections.
	VirtualConnections *VirtualConnectionsService

	// Permissions reads and changes the permission rules of every content
	// type, and the default rules of projects.
	Permissions *PermissionsService

	// uploadThreshold and uploadChunkSize are set by WithChunkedUpload; zero means the default.
	uploadThreshold, uploadChunkSize int64

	// insecureSkipVerify is set by WithInsecureSkipVerify.
	insecureSkipVerify bool
	// xmlLimit, when set (by tests), replaces maxXMLBody.
	xmlLimit int64
}

type service struct{ client *Client }

// Session is what a sign-in gives: the token and the site and user it is for.
type Session struct {
	Token          Secret
	SiteID         string
	SiteContentURL string
	UserID         string
}

// Option configures a Client.
type Option func(*Client) error

// WithHTTPClient sets the *http.Client used for every request, for TLS
// settings, proxies or tracing. Its Timeout, if any, applies to whole
// requests including downloads; prefer WithTimeout or contexts.
//
// The client works on a copy made by NewClient, so that it can add its
// redirect policy (see ErrRedirectRefused) without changing hc: later
// changes to hc's fields do not reach the client, while its Transport (and
// connection pool) is shared.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return errors.New("tsc: WithHTTPClient: nil *http.Client")
		}
		c.httpClient = hc
		return nil
	}
}

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option {
	return func(c *Client) error { c.userAgent = ua; return nil }
}

// WithVersion fixes the REST API version (e.g. "3.21") instead of negotiating
// it with the server at sign-in.
func WithVersion(v string) Option {
	return func(c *Client) error {
		ver, err := ParseVersion(v)
		if err != nil {
			return err
		}
		c.fixed = ver
		c.version = ver
		return nil
	}
}

// WithLogger sets the logger for debug records of every request and response.
// Tokens, passwords and secrets are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) error {
		if l == nil {
			return errors.New("tsc: WithLogger: nil *slog.Logger")
		}
		c.logger = l
		return nil
	}
}

// WithRetryPolicy sets how failed requests are retried (see RetryPolicy).
// Durations left zero take DefaultRetryPolicy's: a zero MaxBackoff or
// MaxRetryAfter would otherwise turn every wait, even one the server asked
// for with Retry-After, into none.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *Client) error {
		if p.MaxAttempts < 1 {
			return fmt.Errorf("tsc: WithRetryPolicy: MaxAttempts %d must be at least 1", p.MaxAttempts)
		}
		if p.MinBackoff < 0 || p.MaxBackoff < 0 || p.MaxRetryAfter < 0 {
			return errors.New("tsc: WithRetryPolicy: negative duration")
		}
		if p.MinBackoff == 0 {
			p.MinBackoff = DefaultRetryPolicy.MinBackoff
		}
		if p.MaxBackoff == 0 {
			p.MaxBackoff = max(DefaultRetryPolicy.MaxBackoff, p.MinBackoff)
		}
		if p.MaxRetryAfter == 0 {
			p.MaxRetryAfter = DefaultRetryPolicy.MaxRetryAfter
		}
		c.retry = p
		return nil
	}
}

// WithoutRetries sends each request once.
func WithoutRetries() Option {
	return func(c *Client) error { c.retry.MaxAttempts = 1; return nil }
}

// WithPageSize sets the page size list calls use when ListOptions leaves it zero.
func WithPageSize(n int) Option {
	return func(c *Client) error {
		if n < 1 || n > MaxPageSize {
			return fmt.Errorf("tsc: WithPageSize: %d is outside 1..%d", n, MaxPageSize)
		}
		c.pageSize = n
		return nil
	}
}

// WithTimeout bounds each call whose context has no deadline of its own.
func WithTimeout(d time.Duration) Option {
	return func(c *Client) error {
		if d < 0 {
			return fmt.Errorf("tsc: WithTimeout: negative duration %s", d)
		}
		c.timeout = d
		return nil
	}
}

// WithoutReauth stops the client from signing in again when the server says
// the session expired; the 401 is returned instead.
func WithoutReauth() Option {
	return func(c *Client) error { c.reauth = false; return nil }
}

// WithSession gives the client an existing session (a token from elsewhere)
// instead of signing in. Without credentials it cannot renew the session.
func WithSession(s Session) Option {
	return func(c *Client) error {
		if s.Token == "" || s.SiteID == "" {
			return errors.New("tsc: WithSession: the session needs a token and a site id")
		}
		sess := s // each client its own, even when the option is reused
		c.session = &sess
		return nil
	}
}

// NewClient returns a client for the server at serverURL, such as
// "https://tableau.example.com" or "https://10ax.online.tableau.com".
// It sends nothing until the first call.
func NewClient(serverURL string, opts ...Option) (*Client, error) {
	base, err := parseServerURL(serverURL)
	if err != nil {
		return nil, err
	}
	c := &Client{
		base:       base,
		httpClient: &http.Client{},
		userAgent:  "tsc-go/" + SDKVersion,
		logger:     slog.New(discardHandler{}),
		retry:      DefaultRetryPolicy,
		pageSize:   DefaultPageSize,
		reauth:     true,
	}
	for _, opt := range opts {
		if err := opt(c); err != nil {
			return nil, err
		}
	}
	if err := c.finishHTTPClient(); err != nil {
		return nil, err
	}
	c.common.client = c
	c.Auth = (*AuthService)(&c.common)
	c.Sites = (*SitesService)(&c.common)
	c.Projects = (*ProjectsService)(&c.common)
	c.Users = (*UsersService)(&c.common)
	c.Groups = (*GroupsService)(&c.common)
	c.GroupSets = (*GroupSetsService)(&c.common)
	c.Workbooks = (*WorkbooksService)(&c.common)
	c.Views = (*ViewsService)(&c.common)
	c.Datasources = (*DatasourcesService)(&c.common)
	c.Jobs = (*JobsService)(&c.common)
	c.Permissions = (*PermissionsService)(&c.common)
	c.Schedules = (*SchedulesService)(&c.common)
	c.Tasks = (*TasksService)(&c.common)
	c.Subscriptions = (*SubscriptionsService)(&c.common)
	c.DataAlerts = (*DataAlertsService)(&c.common)
	c.Favorites = (*FavoritesService)(&c.common)
	c.Tags = (*TagsService)(&c.common)
	c.CustomViews = (*CustomViewsService)(&c.common)
	c.Webhooks = (*WebhooksService)(&c.common)
	c.Flows = (*FlowsService)(&c.common)
	c.FlowRuns = (*FlowRunsService)(&c.common)
	c.VirtualConnections = (*VirtualConnectionsService)(&c.common)
	return c, nil
}

func parseServerURL(s string) (*url.URL, error) {
	const hint = `write the server's address with its scheme and nothing after the host, e.g. "https://tableau.example.com"`
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("tsc: empty server URL: %s", hint)
	}
	// Refused before parsing, and shown without it: a password written into
	// the URL must never be repeated, and parse errors quote the text around
	// the mistake, which for "https://admin:pa/ss@host" is the password.
	// No server address needs an "@".
	if strings.Contains(s, "@") {
		return nil, fmt.Errorf("tsc: server URL %q has user info (a user name or password before the host); give credentials to SignIn instead: %s", redactUserInfo(s), hint)
	}
	if !strings.Contains(s, "://") {
		return nil, fmt.Errorf("tsc: server URL %q has no scheme: %s", s, hint)
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("tsc: server URL %q cannot be parsed (%v): %s", s, err, hint)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("tsc: server URL %q has scheme %q, not http or https: %s", s, u.Scheme, hint)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("tsc: server URL %q has no host: %s", s, hint)
	}
	if u.Path != "" && u.Path != "/" {
		return nil, fmt.Errorf("tsc: server URL %q has a path (%s); the client adds /api/... itself: %s", s, u.Path, hint)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("tsc: server URL %q has a query or fragment: %s", s, hint)
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
}

// redactUserInfo shows a URL with what may be user info (everything from
// the start of the authority to the last "@") replaced by "***". It works on
// the text, not a parsed URL, because a password may hold "/", "?" or "#",
// which would end the authority early: the last "@" anywhere ends the user info.
func redactUserInfo(s string) string {
	at := strings.LastIndex(s, "@")
	if at < 0 {
		return s
	}
	start := 0
	if i := strings.Index(s, "://"); i >= 0 && i < at {
		start = i + len("://")
	}
	return s[:start] + "***" + s[at:]
}

// ServerURL returns the server's address as given to NewClient, without a trailing slash.
func (c *Client) ServerURL() string { return c.base.String() }

// Session returns the current session; its Token is a Secret, redacted when printed.
func (c *Client) Session() Session {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.session == nil {
		return Session{}
	}
	return *c.session
}

// String describes the client: its server, REST API version and whether it
// is signed in. The session token and the saved credentials are left out.
func (c *Client) String() string {
	v := "not negotiated"
	if ver := c.Version(); !ver.IsZero() {
		v = ver.String()
	}
	return fmt.Sprintf("tsc.Client{server: %s, REST API: %s, signed in: %t}", c.ServerURL(), v, c.SignedIn())
}

// Format prints String for every verb. Without it, fmt would print the
// client's fields, session token and credentials included, because it
// cannot call the redacting methods of unexported fields.
func (c *Client) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", c.String())
		return
	}
	fmt.Fprint(f, c.String())
}

// SignedIn reports whether the client holds a session.
func (c *Client) SignedIn() bool { return c.Session().Token != "" }

// Version returns the REST API version the client speaks: the fixed one, or
// the one negotiated at sign-in; zero before either.
func (c *Client) Version() Version {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.version
}

// sitePath prefixes p with the current site: sites/{site-id}/p.
func (c *Client) sitePath(p string) (string, error) {
	s := c.Session()
	if s.Token == "" {
		return "", ErrNotSignedIn
	}
	if p == "" {
		return "sites/" + s.SiteID, nil
	}
	return "sites/" + s.SiteID + "/" + p, nil
}

// discardHandler drops every record; slog.DiscardHandler needs Go 1.24.
type discardHandler struct{}

func (discardHandler) Enabled(context.Context, slog.Level) bool  { return false }
func (discardHandler) Handle(context.Context, slog.Record) error { return nil }
func (d discardHandler) WithAttrs([]slog.Attr) slog.Handler      { return d }
func (d discardHandler) WithGroup(string) slog.Handler           { return d }
