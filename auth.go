package tsc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
)

// SignInRequest is the <credentials> element of a sign-in request.
type SignInRequest struct {
	Name                      string `xml:"name,attr,omitempty"`
	Password                  Secret `xml:"password,attr,omitempty"`
	PersonalAccessTokenName   string `xml:"personalAccessTokenName,attr,omitempty"`
	PersonalAccessTokenSecret Secret `xml:"personalAccessTokenSecret,attr,omitempty"`
	JWT                       Secret `xml:"jwt,attr,omitempty"`
	// Site names the site by content URL ("" is the Default site).
	Site Site `xml:"site"`
	// User, set to a user's id, signs in as that user (impersonation).
	User *User `xml:"user,omitempty"`
}

// SignInReply is the <credentials> element of a sign-in answer.
type SignInReply struct {
	Token                     Secret `xml:"token,attr"`
	EstimatedTimeToExpiration string `xml:"estimatedTimeToExpiration,attr,omitempty"`
	// IsUat says the token is a Unified Access Token (Tableau Cloud, REST 3.26).
	IsUat *bool `xml:"isUat,attr,omitempty"`
	Site  Site  `xml:"site"`
	User  User  `xml:"user"`
}

// SiteRef is the name the SDK used for the site of a sign-in before it
// became a full site.
//
// Deprecated: the schema writes the site of a sign-in as a siteType; use Site.
type SiteRef = Site

type credKind int

const (
	credPassword credKind = iota + 1
	credPAT
	credJWT
)

// Credentials say how to sign in. Make them with Password,
// PersonalAccessToken or JWT. They print with their secret redacted.
type Credentials struct {
	kind   credKind
	name   string
	secret Secret
	site   string
	// impersonate is the id of the user to act as (server administrators only).
	impersonate string
}

// Password signs in with a username and password to the site with the given
// content URL ("" is the Default site).
func Password(username, password, site string) Credentials {
	return Credentials{kind: credPassword, name: username, secret: Secret(password), site: site}
}

// PersonalAccessToken signs in with a personal access token's name and secret.
func PersonalAccessToken(name, secret, site string) Credentials {
	return Credentials{kind: credPAT, name: name, secret: Secret(secret), site: site}
}

// JWT signs in with a JSON Web Token issued for a connected app.
func JWT(token, site string) Credentials {
	return Credentials{kind: credJWT, secret: Secret(token), site: site}
}

// Impersonate returns the credentials acting as the user with the given id.
// Only a server administrator may impersonate.
func (c Credentials) Impersonate(userID string) Credentials {
	c.impersonate = userID
	return c
}

// Site returns the content URL of the site the credentials sign in to.
func (c Credentials) Site() string { return c.site }

// String describes the credentials without their secret.
func (c Credentials) String() string {
	var kind string
	switch c.kind {
	case credPassword:
		kind = fmt.Sprintf("password for %q", c.name)
	case credPAT:
		kind = fmt.Sprintf("personal access token %q", c.name)
	case credJWT:
		kind = "connected-app JWT"
	default:
		return "no credentials"
	}
	s := fmt.Sprintf("%s on site %q", kind, c.site)
	if c.impersonate != "" {
		s += fmt.Sprintf(" impersonating %s", c.impersonate)
	}
	return s
}

// GoString keeps %#v as safe as %v.
func (c Credentials) GoString() string { return "tsc.Credentials{" + c.String() + "}" }

// Format makes every verb (%v, %+v, %s, %q) print the redacted String.
func (c Credentials) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", c.String())
		return
	}
	if verb == 'v' && f.Flag('#') {
		io.WriteString(f, c.GoString())
		return
	}
	io.WriteString(f, c.String())
}

func (c Credentials) request() (*SignInRequest, error) {
	r := &SignInRequest{Site: Site{ContentURL: c.site}}
	switch c.kind {
	case credPassword:
		if c.name == "" {
			return nil, errors.New("tsc: sign in: empty username")
		}
		r.Name, r.Password = c.name, c.secret
	case credPAT:
		if c.name == "" || c.secret == "" {
			return nil, errors.New("tsc: sign in: a personal access token needs a name and a secret")
		}
		r.PersonalAccessTokenName, r.PersonalAccessTokenSecret = c.name, c.secret
	case credJWT:
		if c.secret == "" {
			return nil, errors.New("tsc: sign in: empty JWT")
		}
		r.JWT = c.secret
	default:
		return nil, errors.New("tsc: sign in: no credentials (use tsc.Password, tsc.PersonalAccessToken or tsc.JWT)")
	}
	if c.impersonate != "" {
		r.User = &User{ID: c.impersonate}
	}
	return r, nil
}

// AuthService signs in and out and switches sites. The common calls are also
// on Client: SignIn, SignOut, SwitchSite.
type AuthService service

// SignIn signs in and keeps the session; later calls use it. Unless the
// version is fixed, it first asks the server for its REST API version and
// speaks the lower of that and LatestVersion.
//
// REST: POST /api/{v}/auth/signin (2.0; personal access tokens 3.6; JWT 3.16).
func (c *Client) SignIn(ctx context.Context, creds Credentials) error {
	c.signInMu.Lock()
	defer c.signInMu.Unlock()
	return c.signIn(ctx, creds)
}

func (c *Client) signIn(ctx context.Context, creds Credentials) error {
	body, err := creds.request()
	if err != nil {
		return err
	}
	if c.fixed.IsZero() {
		if err := c.negotiate(ctx); err != nil {
			return err
		}
	}
	min := Version{2, 0}
	switch creds.kind {
	case credPAT:
		min = Version{3, 6}
	case credJWT:
		min = Version{3, 16}
	}
	b, err := EncodeRequest(&TSRequest{Credentials: body})
	if err != nil {
		return err
	}
	resp, err := c.call(ctx, &request{name: "SignIn", minVersion: min, method: http.MethodPost, path: "auth/signin", body: b, noReauth: true})
	if err != nil {
		return redactTokens(err)
	}
	if resp.Credentials == nil || resp.Credentials.Token == "" {
		return errors.New("tsc: sign in: the answer has no credentials")
	}
	cr := resp.Credentials
	c.mu.Lock()
	c.session = &Session{Token: cr.Token, SiteID: cr.Site.ID, SiteContentURL: cr.Site.ContentURL, UserID: cr.User.ID}
	saved := creds
	c.creds = &saved
	c.mu.Unlock()
	return nil
}

// tokenValue matches a token's value in an XML attribute or a JSON field.
var tokenValue = regexp.MustCompile(`(?i)(token["']?\s*[=:]\s*["']?)[^"'\s<>,}]*`)

// redactTokens hides session tokens in the body excerpt of an answer to
// sign-in or switch-site that could not be read: such a body may well be a
// valid session's credentials, and the excerpt goes into the error string.
func redactTokens(err error) error {
	var re *ResponseError
	if errors.As(err, &re) {
		re.Excerpt = tokenValue.ReplaceAllString(re.Excerpt, "${1}"+redacted)
	}
	var se *ServerError
	if errors.As(err, &se) {
		se.BodyExcerpt = tokenValue.ReplaceAllString(se.BodyExcerpt, "${1}"+redacted)
	}
	return err
}

// negotiate learns the server's REST API version, once.
func (c *Client) negotiate(ctx context.Context) error {
	if !c.Version().IsZero() {
		return nil
	}
	info, err := c.ServerInfo(ctx)
	if err != nil {
		return fmt.Errorf("tsc: negotiating the REST API version: %w", err)
	}
	v, err := ParseVersion(info.RESTAPIVersion)
	if err != nil {
		return fmt.Errorf("tsc: negotiating the REST API version: server reported %w", err)
	}
	if LatestVersion.Less(v) {
		v = LatestVersion
	}
	c.mu.Lock()
	c.version = v
	c.mu.Unlock()
	return nil
}

func (c *Client) canReauth() bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.reauth && c.creds != nil
}

// resignIn signs in again with the saved credentials, unless another
// goroutine already replaced the expired token.
func (c *Client) resignIn(ctx context.Context, expired Secret) error {
	c.signInMu.Lock()
	defer c.signInMu.Unlock()
	if c.Session().Token != expired {
		return nil
	}
	c.mu.RLock()
	creds := *c.creds
	c.mu.RUnlock()
	return c.signIn(ctx, creds)
}

// SignOut ends the session on the server and forgets it, and the saved
// credentials, locally. Signing out without a session does nothing.
//
// REST: POST /api/{v}/auth/signout (2.0).
func (c *Client) SignOut(ctx context.Context) error {
	if !c.SignedIn() {
		return nil
	}
	_, err := c.call(ctx, &request{name: "SignOut", method: http.MethodPost, path: "auth/signout", auth: true, noReauth: true})
	c.mu.Lock()
	c.session = nil
	c.creds = nil
	c.mu.Unlock()
	// An expired session is as good as signed out.
	if err != nil && !errors.Is(err, ErrUnauthorized) {
		return err
	}
	return nil
}

// SwitchSite moves the session to the site with the given content URL
// without signing in again. Saved credentials follow, so a later automatic
// sign-in returns to the new site.
//
// REST: POST /api/{v}/auth/switchSite (2.6).
func (c *Client) SwitchSite(ctx context.Context, contentURL string) error {
	b, err := EncodeRequest(&TSRequest{Site: &Site{ContentURL: contentURL}})
	if err != nil {
		return err
	}
	resp, err := c.call(ctx, &request{name: "SwitchSite", minVersion: Version{2, 6}, method: http.MethodPost, path: "auth/switchSite", body: b, auth: true})
	if err != nil {
		return redactTokens(err)
	}
	if resp.Credentials == nil || resp.Credentials.Token == "" {
		return errors.New("tsc: switch site: the answer has no credentials")
	}
	cr := resp.Credentials
	c.mu.Lock()
	c.session = &Session{Token: cr.Token, SiteID: cr.Site.ID, SiteContentURL: cr.Site.ContentURL, UserID: cr.User.ID}
	if c.creds != nil {
		c.creds.site = contentURL
	}
	c.mu.Unlock()
	return nil
}

// ServerInfo asks the server for its product and REST API versions; it needs
// no session. Servers older than 10.1 have no /serverinfo; for them the
// legacy /auth?format=xml page is read instead.
//
// REST: GET /api/{v}/serverinfo (2.4).
func (c *Client) ServerInfo(ctx context.Context) (*ServerInfo, error) {
	v := c.Version()
	if v.IsZero() {
		v = serverInfoVersion
	}
	r := &request{name: "ServerInfo", method: http.MethodGet, absolute: "/api/" + v.String() + "/serverinfo"}
	if v.Less(serverInfoVersion) {
		return nil, &VersionError{Method: "ServerInfo", Needed: serverInfoVersion, Negotiated: v}
	}
	resp, err := c.call(ctx, r)
	if errors.Is(err, ErrNotFound) {
		return c.legacyServerInfo(ctx)
	}
	if err != nil {
		return nil, err
	}
	if resp.ServerInfo == nil {
		return nil, errors.New("tsc: server info: the answer has no <serverInfo>")
	}
	return resp.ServerInfo, nil
}

// legacyAuthInfo is the /auth?format=xml page of servers before 10.1.
type legacyAuthInfo struct {
	ProductVersion string `xml:"version>product_version"`
	Build          string `xml:"version>build"`
}

func (c *Client) legacyServerInfo(ctx context.Context) (*ServerInfo, error) {
	r := &request{name: "ServerInfo", method: http.MethodGet, absolute: "/auth", query: map[string][]string{"format": {"xml"}}}
	ctx, cancel := c.withTimeout(ctx)
	defer cancel()
	resp, err := c.send(ctx, r)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	info, err := decodeLegacyAuthInfo(body)
	if err != nil {
		return nil, &ResponseError{Method: r.method, Path: "/auth", HTTPStatus: resp.StatusCode,
			ContentType: resp.Header.Get("Content-Type"), Excerpt: excerpt(body), Err: err}
	}
	return info, nil
}

func decodeLegacyAuthInfo(body []byte) (*ServerInfo, error) {
	if err := rejectDTD(body); err != nil {
		return nil, err
	}
	var a legacyAuthInfo
	if err := newXMLDecoder(strings.NewReader(string(body))).Decode(&a); err != nil {
		return nil, fmt.Errorf("malformed XML: %w", err)
	}
	pv := strings.TrimSpace(a.ProductVersion)
	v, ok := legacyProductVersions[pv]
	if !ok {
		// Unknown old server: speak the oldest REST API version.
		v = Version{2, 0}
	}
	return &ServerInfo{ProductVersion: ProductVersion{Value: pv, Build: strings.TrimSpace(a.Build)}, RESTAPIVersion: v.String()}, nil
}

// WithCredentials gives the client credentials to sign in with again when
// its session expires, without signing in now: with WithSession it resumes a
// saved session and still survives its expiry.
func WithCredentials(creds Credentials) Option {
	return func(c *Client) error {
		if _, err := creds.request(); err != nil {
			return err
		}
		// Each client its own copy: SwitchSite changes it, and the option may be reused.
		cc := creds
		c.creds = &cc
		return nil
	}
}
