package cli_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tsc-go/tsc/internal/cli/clitest"
	"github.com/tsc-go/tsc/tsctest"
)

// TestCredentialsWinOverTheSavedSession: credentials given by flag or
// environment are used to sign in anew, so a wrong password fails even
// though a good session is saved, and right ones replace the session.
func TestCredentialsWinOverTheSavedSession(t *testing.T) {
	e := clitest.New(t)
	e.Login("")
	e.MustRun("projects", "list")
	if r := e.Run("projects", "list", "-u", e.Server.AdminUsername, "-p", "wrong"); r.Code != 3 {
		t.Errorf("a wrong password by flag beside a saved session: exit %d, stderr %q", r.Code, r.Stderr)
	}
	e.Vars["TABLEAU_USERNAME"], e.Vars["TABLEAU_PASSWORD"] = e.Server.AdminUsername, "wrong"
	if r := e.Run("projects", "list"); r.Code != 3 {
		t.Errorf("a wrong password in the environment beside a saved session: exit %d, stderr %q", r.Code, r.Stderr)
	}
	e.Vars["TABLEAU_TOKEN_NAME"], e.Vars["TABLEAU_TOKEN_VALUE"] = "nosuchtoken", "secret"
	if r := e.Run("projects", "list"); r.Code != 3 {
		t.Errorf("an unknown token in the environment beside a saved session: exit %d, stderr %q", r.Code, r.Stderr)
	}
	delete(e.Vars, "TABLEAU_TOKEN_NAME")
	delete(e.Vars, "TABLEAU_TOKEN_VALUE")
	e.Vars["TABLEAU_PASSWORD"] = e.Server.AdminPassword
	e.MustRun("projects", "list")
	// The saved session still works on its own afterwards.
	delete(e.Vars, "TABLEAU_USERNAME")
	delete(e.Vars, "TABLEAU_PASSWORD")
	e.MustRun("projects", "list")
}

// TestSessionForAnotherSite: asking for another site than the saved
// session's, without credentials to sign in there, names both sites; with
// credentials it signs in to the other site.
func TestSessionForAnotherSite(t *testing.T) {
	e := clitest.New(t)
	if _, err := e.Server.SeedSite("Sales", "sales"); err != nil {
		t.Fatal(err)
	}
	e.Login("")
	r := e.Run("projects", "list", "-t", "sales")
	if r.Code != 3 || strings.Count(r.Stderr, "\n") != 1 ||
		!strings.Contains(r.Stderr, `signed in to the Default site; this asks for site "sales": run `+"`tabctl login -t sales`") {
		t.Errorf("another site by flag: exit %d, stderr %q", r.Code, r.Stderr)
	}
	e.Vars["TABLEAU_SITE"] = "sales"
	if r := e.Run("projects", "list"); r.Code != 3 || !strings.Contains(r.Stderr, `this asks for site "sales"`) {
		t.Errorf("another site by TABLEAU_SITE: exit %d, stderr %q", r.Code, r.Stderr)
	}
	delete(e.Vars, "TABLEAU_SITE")
	e.Login("sales")
	if r := e.Run("projects", "list", "-t", ""); r.Code != 3 || !strings.Contains(r.Stderr, `signed in to site "sales"; this asks for the Default site: run `+"`tabctl login -t ''`") {
		t.Errorf("the Default site from a session on sales: exit %d, stderr %q", r.Code, r.Stderr)
	}
	e.MustRun("projects", "list", "-t", "", "-u", e.Server.AdminUsername, "-p", e.Server.AdminPassword)
	// That sign-in is now the saved session.
	e.MustRun("projects", "list")
	e.MustRun("projects", "list", "-t", "")
}

// TestExpiredSessionSaysToLogIn: a saved session that has expired, with no
// credentials to sign in again, ends in one line that says to run
// `tabctl login`; with credentials in the environment tabctl signs in anew.
func TestExpiredSessionSaysToLogIn(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	e := clitest.New(t, tsctest.WithSessionLifetime(time.Hour), tsctest.WithClock(clock))
	e.Login("")
	e.MustRun("projects", "list")
	mu.Lock()
	now = now.Add(2 * time.Hour)
	mu.Unlock()
	r := e.Run("projects", "list")
	if r.Code != 3 || strings.Count(r.Stderr, "\n") != 1 || !strings.Contains(r.Stderr, "the saved session has expired or was signed out: run `tabctl login`") {
		t.Errorf("an expired session: exit %d, stderr %q", r.Code, r.Stderr)
	}
	// A refusal of another kind gets no such hint.
	if r := e.Run("projects", "list", "-u", e.Server.AdminUsername, "-p", "wrong"); r.Code != 3 || strings.Contains(r.Stderr, "saved session") {
		t.Errorf("a wrong password: exit %d, stderr %q", r.Code, r.Stderr)
	}
	e.Vars["TABLEAU_USERNAME"], e.Vars["TABLEAU_PASSWORD"] = e.Server.AdminUsername, e.Server.AdminPassword
	e.MustRun("projects", "list")
}
