package tsctest_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

var ctx = context.Background()

func TestDefaults(t *testing.T) {
	srv := tsctest.NewServer(t)
	if srv.AdminUsername != "admin" || len(srv.AdminPassword) < 20 || srv.TokenName != "admin-token" || len(srv.TokenSecret) < 20 {
		t.Fatalf("defaults: %+v", srv)
	}
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") || srv.APIVersion() != "3.29" {
		t.Errorf("URL %s, version %s", srv.URL, srv.APIVersion())
	}
	c := srv.MustClient(t)
	if c.Session().SiteContentURL != "" || c.Version().String() != "3.29" {
		t.Errorf("client session %+v version %s", c.Session(), c.Version())
	}
	pat, err := srv.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	if err := pat.SignIn(ctx, tsc.PersonalAccessToken(srv.TokenName, srv.TokenSecret, "")); err != nil {
		t.Fatal(err)
	}
	other := tsctest.NewServer(t)
	if other.AdminPassword == srv.AdminPassword || other.URL == srv.URL {
		t.Error("two servers share a password or an address")
	}
}

func TestSeedOptionAndClientAs(t *testing.T) {
	var viewerID string
	srv := tsctest.NewServer(t, tsctest.WithSeed(func(s *tsctest.Server) error {
		if _, err := s.SeedSite("Sales", "sales"); err != nil {
			return err
		}
		u, err := s.SeedUser("sales", "vi", tsc.SiteRoleViewer)
		if err != nil {
			return err
		}
		viewerID = u.ID
		_, err = s.SeedGroup("sales", "Readers", u.ID)
		return err
	}))
	vi, err := srv.ClientAs(ctx, "sales", "vi")
	if err != nil {
		t.Fatal(err)
	}
	if vi.Session().UserID != viewerID || vi.Session().SiteContentURL != "sales" {
		t.Errorf("session = %+v", vi.Session())
	}
	gs, _, err := vi.Users.Groups(ctx, viewerID, tsc.ListOptions{Sort: []tsc.Sort{tsc.Asc("name")}})
	if err != nil || len(gs) != 2 || gs[1].Name != "Readers" {
		t.Errorf("groups = %+v, %v", gs, err)
	}
	if _, err := vi.Projects.Create(ctx, tsc.Project{Name: "x"}); !errors.Is(err, tsc.ErrForbidden) {
		t.Errorf("a viewer created a project: %v", err)
	}
	if _, err := srv.ClientAs(ctx, "sales", "nobody"); err == nil {
		t.Error("ClientAs an unknown user worked")
	}
	// A failing seed fails the start.
	if _, err := tsctest.Start(tsctest.Options{Seed: func(s *tsctest.Server) error { _, err := s.SeedUser("nowhere", "x", tsc.SiteRoleViewer); return err }}); err == nil {
		t.Error("Start with a failing seed succeeded")
	}
}

func TestReset(t *testing.T) {
	srv := tsctest.NewServer(t)
	c := srv.MustClient(t)
	if _, err := c.Projects.Create(ctx, tsc.Project{Name: "Temp"}); err != nil {
		t.Fatal(err)
	}
	if err := srv.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	c = srv.MustClient(t)
	ps, _, err := c.Projects.List(ctx, tsc.ListOptions{})
	if err != nil || len(ps) != 1 || ps[0].Name != "Default" {
		t.Errorf("after reset: %+v %v", ps, err)
	}
}

func TestDataDirSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	a, err := tsctest.Start(tsctest.Options{DataDir: dir, AdminPassword: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.Client(ctx)
	if err != nil {
		t.Fatal(err)
	}
	u, err := c.Users.Add(ctx, tsc.User{Name: "kept", SiteRole: tsc.SiteRoleCreator})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Errorf("closing twice: %v", err)
	}
	b := tsctest.NewServer(t, tsctest.WithDataDir(dir), tsctest.WithAdmin("admin", "pw"))
	got, err := b.MustClient(t).Users.Get(ctx, u.ID)
	if err != nil || got.Name != "kept" {
		t.Errorf("after restart: %+v %v", got, err)
	}
}

func TestLogLinesCarryNoSecrets(t *testing.T) {
	var mu sync.Mutex
	var buf bytes.Buffer
	srv := tsctest.NewServer(t, tsctest.WithLog(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return buf.Write(p)
	})))
	c := srv.MustClient(t)
	if _, _, err := c.Sites.List(ctx, tsc.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	log := buf.String()
	mu.Unlock()
	if !strings.Contains(log, "path=/api/3.29/sites") || strings.Count(log, "\n") != 2 {
		t.Errorf("log:\n%s", log)
	}
	for _, s := range []string{srv.AdminPassword, c.Session().Token.Reveal()} {
		if strings.Contains(log, s) {
			t.Errorf("the log holds a secret:\n%s", log)
		}
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func TestJWTOption(t *testing.T) {
	srv := tsctest.NewServer(t, tsctest.WithJWT("s3cret", "kid-7", "my-app"))
	c, err := srv.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SignIn(ctx, tsc.JWT(srv.SignJWT(srv.AdminUsername), "")); err != nil {
		t.Fatal(err)
	}
}
