package serve

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/iostreams"
)

// TestServeDirectory: --directory FILE gives the server that directory (a
// group of it imports, and its user signs in as domain\name); a file that
// is not a directory is a usage error naming why.
func TestServeDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dir.json")
	os.WriteFile(path, []byte(`{"users": [{"name": "alice", "domain": "example.com", "password": "pw-alice-1"}],
		"groups": [{"name": "Sales", "domain": "example.com", "members": ["alice"]}]}`), 0o600)
	s := start(t, "--directory", path, "--admin-password", "pa55word")
	c, err := tsc.NewClient(s.info["url"])
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SignIn(t.Context(), tsc.Password("admin", "pa55word", "")); err != nil {
		t.Fatal(err)
	}
	g, err := c.Groups.ImportFromDirectory(t.Context(), "Sales", tsc.DirectoryImport{Domain: "example.com", GrantLicenseMode: tsc.GrantLicenseOnSync, SiteRole: tsc.SiteRoleViewer})
	if err != nil || g.Domain == nil || g.Domain.Name != "example.com" {
		t.Fatalf("import: %+v %v", g, err)
	}
	a, err := tsc.NewClient(s.info["url"])
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SignIn(t.Context(), tsc.Password(`example.com\alice`, "pw-alice-1", "")); err != nil {
		t.Fatalf("the directory user signing in: %v", err)
	}

	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"groups": [{"name": "G", "domain": "d", "members": ["ghost"]}]}`), 0o600)
	var stderr strings.Builder
	f := &cmdutil.Factory{IO: &iostreams.IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: &stderr}, Globals: &cmdutil.GlobalOptions{}}
	cmd := NewCmdServe(f)
	cmd.SetArgs([]string{"--addr", "127.0.0.1:0", "--directory", bad})
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	if err := cmd.Execute(); err == nil || !cmdutil.IsUsageError(err) || !strings.Contains(err.Error(), `member "ghost" is not a user`) {
		t.Errorf("serve --directory bad.json: %v, want a usage error naming the member", err)
	}
}
