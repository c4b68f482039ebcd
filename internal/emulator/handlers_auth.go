package emulator

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/tsc-go/tsc"
)

func signInFailed(why string) *apiError {
	return errf(http.StatusUnauthorized, codeSignInFailed, "Signin Error", "Error signing in to Tableau Server (%s).", why)
}

// serverInfo answers GET /serverinfo, without a session.
func (s *Server) serverInfo(c *call) (result, error) {
	resp := tsc.NewTSResponse()
	major := s.cfg.ProductVersion
	if i := strings.LastIndex(major, "."); i > 0 {
		major = major[:i]
	}
	resp.ServerInfo = &tsc.ServerInfo{
		ProductVersion:       tsc.ProductVersion{Value: s.cfg.ProductVersion, Build: s.cfg.Build},
		PrepConductorVersion: major,
		RESTAPIVersion:       s.version.String(),
		Platform:             "linux",
	}
	return ok(resp)
}

// signIn answers POST /auth/signin: password, personal access token or
// connected-app JWT, optionally impersonating a user (server administrators).
func (s *Server) signIn(c *call) (result, error) {
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	cr := req.Credentials
	if cr == nil {
		return result{}, badRequest("A sign-in request needs a <credentials> element.")
	}
	if s.cfg.Cloud {
		if err := cloudSignIn(cr); err != nil {
			return result{}, err
		}
	}
	site, err := s.store.siteBy(c.ctx, s.store.db, "contentUrl", cr.Site.ContentURL)
	if err != nil {
		var ae *apiError
		if errors.As(err, &ae) && ae.Code == codeSiteNotFound {
			return result{}, signInFailed(fmt.Sprintf("no site with content URL %q", cr.Site.ContentURL))
		}
		return result{}, err
	}
	var userID string
	var good bool
	switch {
	case cr.PersonalAccessTokenName != "":
		if c.version.Less(tsc.Version{Major: 3, Minor: 6}) {
			return result{}, badRequest("Personal access tokens need REST API 3.6 or later.")
		}
		userID, good, err = s.store.checkPAT(c.ctx, cr.PersonalAccessTokenName, cr.PersonalAccessTokenSecret.Reveal())
	case cr.JWT != "":
		if s.cfg.JWTSecret == "" {
			return result{}, signInFailed("no connected app is configured")
		}
		var name string
		name, err = verifyJWT(cr.JWT.Reveal(), s.cfg.JWTSecret, s.cfg.JWTSecretID, s.cfg.JWTIssuer, s.store.now())
		if err != nil {
			return result{}, signInFailed("invalid JWT: " + err.Error())
		}
		userID, err = s.store.userIDByName(c.ctx, name)
		good = err == nil
		if !good {
			err = nil
		}
	case cr.Name != "":
		userID, good, err = s.store.checkPassword(c.ctx, cr.Name, cr.Password.Reveal())
	default:
		return result{}, badRequest("The credentials need a name and password, a personal access token, or a jwt.")
	}
	if err != nil {
		return result{}, err
	}
	if !good {
		return result{}, signInFailed("wrong credentials")
	}
	// Whoever signs in must belong to the site (server administrators belong to all).
	if _, err := s.store.siteUser(c.ctx, s.store.db, site.ID, userID); err != nil {
		return result{}, signInFailed("the user is not a member of the site")
	}
	if err := s.store.grantLicenseOnSignIn(c.ctx, site.ID, userID); err != nil { // store_directory.go
		return result{}, err
	}
	actor := ""
	if cr.User != nil && cr.User.ID != "" && cr.User.ID != userID {
		admin, err := s.store.isServerAdmin(c.ctx, userID)
		if err != nil {
			return result{}, err
		}
		if !admin {
			return result{}, signInFailed("only server administrators can impersonate")
		}
		if _, err := s.store.siteUser(c.ctx, s.store.db, site.ID, cr.User.ID); err != nil {
			return result{}, signInFailed("the impersonated user is not a member of the site")
		}
		actor, userID = userID, cr.User.ID
	}
	return s.newSession(c, userID, site, actor, cr.PersonalAccessTokenName)
}

// newSession signs userID in to site; patName is the personal access token
// signed in with, "" for none.
func (s *Server) newSession(c *call, userID string, site *siteRow, actor, patName string) (result, error) {
	token, sess, err := s.store.createSession(c.ctx, userID, site.ID, actor, patName, s.cfg.SessionLifetime)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Credentials = &tsc.SignInReply{
		Token:                     tsc.Secret(token),
		EstimatedTimeToExpiration: formatLifetime(s.cfg.SessionLifetime),
		Site:                      tsc.Site{ID: site.ID, ContentURL: site.ContentURL},
		User:                      tsc.User{ID: sess.User.ID},
	}
	return ok(resp)
}

// formatLifetime writes a duration as Tableau does: hours:minutes:seconds.
func formatLifetime(d time.Duration) string {
	sec := int(d.Seconds())
	return fmt.Sprintf("%d:%02d:%02d", sec/3600, sec/60%60, sec%60)
}

// signOut answers POST /auth/signout: the token stops working.
func (s *Server) signOut(c *call) (result, error) {
	if err := s.store.deleteSession(c.ctx, c.sess.TokenHash); err != nil {
		return result{}, err
	}
	return noContent()
}

// switchSite answers POST /auth/switchSite: a new session on another site
// the user belongs to; the old token stops working.
func (s *Server) switchSite(c *call) (result, error) {
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	if req.Site == nil {
		return result{}, badRequest("A switch-site request needs a <site contentUrl=...> element.")
	}
	site, err := s.store.siteBy(c.ctx, s.store.db, "contentUrl", req.Site.ContentURL)
	if err != nil {
		return result{}, err
	}
	if _, err := s.store.siteUser(c.ctx, s.store.db, site.ID, c.user.ID); err != nil {
		return result{}, errf(http.StatusUnauthorized, codeSwitchSite, "Switch Site Error",
			"The user is not a member of the site '%s'.", site.ContentURL)
	}
	res, err := s.newSession(c, c.user.ID, site, c.sess.ActorID, c.sess.PATName)
	if err != nil {
		return result{}, err
	}
	if err := s.store.deleteSession(c.ctx, c.sess.TokenHash); err != nil {
		return result{}, err
	}
	return res, nil
}
