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

// TestDeletingASiteKeepsTheSession: `sites delete` of another site signs
// in there on the side (with the credentials given) and leaves the saved
// session working on its own site; without credentials it refuses rather
// than switch the session away; deleting the session's own site ends the
// session and says so.
func TestDeletingASiteKeepsTheSession(t *testing.T) {
	e := clitest.New(t)
	scratch, err := e.Server.SeedSite("Scratch", "scratch")
	if err != nil {
		t.Fatal(err)
	}
	gone, err := e.Server.SeedSite("Gone", "gone")
	if err != nil {
		t.Fatal(err)
	}
	e.Login("")
	e.MustRun("sites", "delete", scratch.ID, "--yes", "-u", e.Server.AdminUsername, "-p", e.Server.AdminPassword)
	if r := e.Run("sites", "get", scratch.ID); r.Code != 4 {
		t.Errorf("the deleted site: exit %d, stderr %q", r.Code, r.Stderr)
	}
	e.MustRun("projects", "list") // the saved session, still on the Default site
	r := e.Run("sites", "delete", gone.ID, "--yes")
	if r.Code != 3 || !strings.Contains(r.Stderr, `deleting site "gone" needs a session on site "gone", and switching this one there would end it on the Default site`) {
		t.Errorf("another site without credentials: exit %d, stderr %q", r.Code, r.Stderr)
	}
	e.MustRun("sites", "get", gone.ID)
	e.MustRun("projects", "list")

	e.Login("gone")
	r = e.Run("sites", "delete", "--yes")
	if r.Code != 0 || !strings.Contains(r.Stderr, "The session was on that site and has ended: run 'tabctl login'") {
		t.Errorf("the session's own site: exit %d, stderr %q", r.Code, r.Stderr)
	}
	if r := e.Run("projects", "list"); r.Code != 2 || !strings.Contains(r.Stderr, "no server") {
		t.Errorf("after deleting the session's site: exit %d, stderr %q", r.Code, r.Stderr)
	}
}
