package serve

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/tsc-go/tsc"
)

// TestServeCloud: `tabctl serve --cloud` prints the site and the token
// (no password, which Cloud refuses), and they sign in; a password does
// not, and the site is the one --cloud-site names.
func TestServeCloud(t *testing.T) {
	s := start(t, "--cloud-site", "acme", "--admin-password", "pa55word", "--token-secret", "t0ken-secret")
	if s.info["flavour"] != "cloud" || s.info["site"] != "acme" || s.info["token-secret"] != "t0ken-secret" || s.info["password"] != "" {
		t.Fatalf("info = %v", s.info)
	}
	ctx := context.Background()
	c, err := tsc.NewClient(s.info["url"])
	if err != nil {
		t.Fatal(err)
	}
	err = c.SignIn(ctx, tsc.Password(s.info["username"], "pa55word", "acme"))
	var se *tsc.ServerError
	if !errors.As(err, &se) || se.HTTPStatus != http.StatusUnauthorized || se.Code != "401001" {
		t.Fatalf("password sign-in on --cloud: %v, want 401 401001", err)
	}
	if err := c.SignIn(ctx, tsc.PersonalAccessToken(s.info["token-name"], s.info["token-secret"], s.info["site"])); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Sites.Create(ctx, tsc.Site{Name: "x", ContentURL: "x"}); !errors.As(err, &se) || se.HTTPStatus != http.StatusForbidden {
		t.Fatalf("create site on --cloud: %v, want 403", err)
	}
}

// TestServeCloudDefaultSite: --cloud alone serves the site "emulated",
// and --seed-users fills it (there is no Default site to fill).
func TestServeCloudDefaultSite(t *testing.T) {
	s := start(t, "--cloud", "--no-control", "--seed-users", "3")
	if s.info["site"] != "emulated" {
		t.Fatalf("info = %v", s.info)
	}
	ctx := context.Background()
	c, err := tsc.NewClient(s.info["url"])
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SignIn(ctx, tsc.PersonalAccessToken(s.info["token-name"], s.info["token-secret"], "emulated")); err != nil {
		t.Fatal(err)
	}
	_, p, err := c.Users.List(ctx, tsc.ListOptions{})
	if err != nil || p.TotalAvailable != 4 {
		t.Fatalf("users on the Cloud site: %d (%v), want the administrator and 3 seeded", p.TotalAvailable, err)
	}
}
