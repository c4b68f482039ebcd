package auth_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsc-go/tsc/internal/cli/clitest"
)

func TestLoginKeepsSessionWithoutPassword(t *testing.T) {
	e := clitest.New(t)
	r := e.Run("login", "-s", e.Server.URL, "-u", e.Server.AdminUsername, "-p", e.Server.AdminPassword)
	if r.Code != 0 {
		t.Fatalf("login: %d %s", r.Code, r.Stderr)
	}
	e.Golden("login", r.Stdout)
	path := filepath.Join(e.ConfigDir, "session.json")
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("session file mode %v", fi.Mode().Perm())
	}
	b, _ := os.ReadFile(path)
	if strings.Contains(string(b), e.Server.AdminPassword) {
		t.Error("the session file holds the password")
	}
	var saved map[string]string
	if err := json.Unmarshal(b, &saved); err != nil || saved["token"] == "" || saved["server"] != e.Server.URL || saved["userId"] == "" {
		t.Errorf("saved session %s (%v)", b, err)
	}
}

func TestLoginWithTokenAndLogout(t *testing.T) {
	e := clitest.New(t)
	tokenFile := filepath.Join(t.TempDir(), "token")
	os.WriteFile(tokenFile, []byte(e.Server.TokenSecret+"\n"), 0o600)
	e.MustRun("login", "-s", e.Server.URL, "--token-name", e.Server.TokenName, "--token-file", tokenFile)
	out := e.MustRun("logout")
	if out != "Signed out\n" {
		t.Errorf("logout printed %q", out)
	}
	if _, err := os.Stat(filepath.Join(e.ConfigDir, "session.json")); !os.IsNotExist(err) {
		t.Errorf("session file still there: %v", err)
	}
}

func TestLoginWrongPassword(t *testing.T) {
	e := clitest.New(t)
	r := e.Run("login", "-s", e.Server.URL, "-u", e.Server.AdminUsername, "-p", "wrong-password")
	if r.Code != 3 {
		t.Fatalf("exit %d, want 3", r.Code)
	}
	if strings.Count(r.Stderr, "\n") != 1 || !strings.Contains(r.Stderr, "401001") {
		t.Errorf("want one line naming the code, got %q", r.Stderr)
	}
	if strings.Contains(r.Stderr, "wrong-password") {
		t.Error("the error shows the password")
	}
	e.Golden("login_wrong_password", r.Stderr)
}

func TestLoginPromptsOnTerminal(t *testing.T) {
	e := clitest.New(t)
	e.TTY = true
	e.Stdin = e.Server.AdminPassword + "\n"
	r := e.Run("login", "-s", e.Server.URL, "-u", e.Server.AdminUsername)
	if r.Code != 0 || !strings.Contains(r.Stderr, "Password for "+e.Server.AdminUsername) {
		t.Fatalf("exit %d stderr %q", r.Code, r.Stderr)
	}
	// Off a terminal, a missing password is a usage error, not a hang.
	e.TTY = false
	r = e.Run("login", "-s", e.Server.URL, "-u", e.Server.AdminUsername)
	if r.Code != 2 || !strings.Contains(r.Stderr, "TABLEAU_PASSWORD") {
		t.Errorf("exit %d stderr %q", r.Code, r.Stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	e := clitest.New(t)
	// One line naming the problem, then where the usage is, as gh does:
	// never the whole help.
	for _, tc := range []struct {
		args []string
		path string
	}{
		{[]string{"login", "extra"}, "tabctl login"},
		{[]string{"nosuchcommand"}, "tabctl"},
		{[]string{"login", "--nosuchflag"}, "tabctl login"},
		{[]string{"version", "x"}, "tabctl version"},
		{[]string{"sites", "list", "-o", "yaml"}, "tabctl sites list"},
	} {
		r := e.Run(tc.args...)
		lines := strings.Split(strings.TrimSuffix(r.Stderr, "\n"), "\n")
		if r.Code != 2 || len(lines) != 2 || !strings.HasPrefix(lines[0], "error: ") ||
			lines[1] != "Run '"+tc.path+" --help' for usage." || strings.Contains(r.Stderr, "Usage:") {
			t.Errorf("tabctl %v: exit %d, stderr %q", tc.args, r.Code, r.Stderr)
		}
	}
	if r := e.Run("login"); r.Code != 2 || !strings.Contains(r.Stderr, "no server") {
		t.Errorf("login without a server: %d %q", r.Code, r.Stderr)
	}
}

func TestCorruptSessionFile(t *testing.T) {
	e := clitest.New(t)
	os.WriteFile(filepath.Join(e.ConfigDir, "session.json"), []byte("{garbage"), 0o600)
	r := e.Run("login", "-s", e.Server.URL, "-u", "admin", "-p", "x")
	if r.Code == 0 || !strings.Contains(r.Stderr, "corrupt") || strings.Contains(r.Stderr, "panic") {
		t.Errorf("exit %d stderr %q", r.Code, r.Stderr)
	}
}
