package tsc_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// End-to-end tests: the SDK against the emulator (package tsctest). They
// check what a user of the SDK sees, including every refusal a real server
// makes, with its status and Tableau error code.

var e2eCtx = context.Background()

// e2eAsCloud holds the tests (*testing.T) that the flavour harness runs as
// Tableau Cloud (TestFlavoursExistingScenarios), each with a count of the
// servers started: e2eServer gives them a Cloud emulator, whose
// administrator signs in with a token.
var e2eAsCloud sync.Map

// e2eServer starts an emulator and a client signed in as its administrator
// (on Tableau Cloud for a test the flavour harness runs as Cloud).
func e2eServer(t *testing.T, opts ...tsctest.Option) (*tsctest.Server, *tsc.Client) {
	t.Helper()
	if n, ok := e2eAsCloud.Load(t); ok {
		n.(*atomic.Int32).Add(1)
		opts = append(opts, tsctest.WithCloud())
	}
	srv := tsctest.NewServer(t, opts...)
	return srv, srv.MustClient(t)
}

// e2eMust returns v, failing the test on err: e2eMust(call())(t).
func e2eMust[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return v
	}
}

// e2eMust2 is e2eMust for List answers, dropping the pagination.
func e2eMust2[T any](v T, _ tsc.Pagination, err error) func(*testing.T) T {
	return e2eMust(v, err)
}

// e2eNoErr fails the test on err.
func e2eNoErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

// e2eWantCode fails unless err is a *tsc.ServerError with the status and
// Tableau code, matching class (ErrNotFound, ...) with errors.Is.
func e2eWantCode(t *testing.T, err error, class error, status int, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %d %s", status, code)
	}
	var se *tsc.ServerError
	if !errors.As(err, &se) {
		t.Fatalf("got %T %v, want a *tsc.ServerError %d %s", err, err, status, code)
	}
	if se.HTTPStatus != status || se.Code != code {
		t.Fatalf("got %d %s (%s: %s), want %d %s", se.HTTPStatus, se.Code, se.Summary, se.Detail, status, code)
	}
	if class != nil && !errors.Is(err, class) {
		t.Fatalf("errors.Is(%v, %v) = false", err, class)
	}
	if se.Summary == "" || se.Detail == "" {
		t.Errorf("error without summary or detail: %+v", se)
	}
}

// e2eUserClient adds a user with the role to the site and returns a client
// signed in as them (with a password, like any user).
func e2eUserClient(t *testing.T, srv *tsctest.Server, site, name string, role tsc.SiteRole) (*tsc.User, *tsc.Client) {
	t.Helper()
	u := e2eMust(srv.SeedUser(site, name, role))(t)
	c := e2eMust(srv.NewClient())(t)
	if srv.Cloud {
		// Tableau Cloud takes no password: the user signs in with a
		// personal access token of their own, to a named site.
		e2eNoErr(t, srv.SeedPersonalAccessToken(u.ID, "pat-"+name, "secret-"+name))
		if site == "" {
			site = srv.Site
		}
		e2eNoErr(t, c.SignIn(e2eCtx, tsc.PersonalAccessToken("pat-"+name, "secret-"+name, site)))
		return u, c
	}
	e2eNoErr(t, srv.SetPassword(u.ID, "pw-"+name))
	e2eNoErr(t, c.SignIn(e2eCtx, tsc.Password(name, "pw-"+name, site)))
	return u, c
}

// e2eCollect drains an iterator, failing on its error.
func e2eCollect[T any](t *testing.T, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			t.Fatalf("iterating: %v", err)
		}
		out = append(out, v)
	}
	return out
}

// e2eClock is a clock for the emulator that the test moves; the server reads
// it from its own goroutines, hence the lock.
type e2eClock struct {
	mu  sync.Mutex
	now time.Time
}

func newE2EClock(t time.Time) *e2eClock { return &e2eClock{now: t} }

// Now returns the clock's time.
func (c *e2eClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward.
func (c *e2eClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}
