package cmdutil

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsc-go/tsc/internal/cli/iostreams"
)

func TestSessionStoreRoundTripIsPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cfg")
	st := &SessionStore{Dir: dir}
	if ss, err := st.Load(); err != nil || ss != nil {
		t.Fatalf("empty store: %v %v", ss, err)
	}
	want := &SavedSession{Server: "https://t.example.com", Site: "mkt", SiteID: "s1", UserID: "u1", Username: "alice", APIVersion: "3.29", Token: "tok"}
	if err := st.Save(want); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(st.Path())
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("session file mode %v, want 0600", fi.Mode().Perm())
	}
	got, err := st.Load()
	if err != nil || *got != *want {
		t.Fatalf("Load = %+v, %v", got, err)
	}
	if b, _ := os.ReadFile(st.Path()); bytes.Contains(b, []byte("password")) {
		t.Errorf("the session file mentions a password: %s", b)
	}
	if err := st.Remove(); err != nil {
		t.Fatal(err)
	}
	if err := st.Remove(); err != nil {
		t.Errorf("removing twice: %v", err)
	}
}

func TestSessionStoreCorruptFile(t *testing.T) {
	st := &SessionStore{Dir: t.TempDir()}
	for _, body := range []string{"{not json", `{"server":"https://x"}`} {
		os.WriteFile(st.Path(), []byte(body), 0o600)
		_, err := st.Load()
		if err == nil || !strings.Contains(err.Error(), st.Path()) || !strings.Contains(err.Error(), "tabctl login") {
			t.Errorf("Load of %q: %v, want a message naming the file and the fix", body, err)
		}
	}
}

type row struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

var rowTable = Table[row]{Columns: []Column[row]{
	{Header: "name", Value: func(r row) string { return r.Name }},
	{Header: "count", Value: func(r row) string { return strings.Repeat("x", r.Count) }},
}}

func TestTableFormats(t *testing.T) {
	rows := []row{{"a, b", 1}, {"multi\nline", 0}}
	var buf bytes.Buffer
	if err := rowTable.Print(&buf, FormatTable, rows); err != nil {
		t.Fatal(err)
	}
	if want := "NAME        COUNT\na, b        x\nmulti line  -\n"; buf.String() != want {
		t.Errorf("table:\n%q\nwant\n%q", buf.String(), want)
	}
	buf.Reset()
	rowTable.Print(&buf, FormatCSV, rows)
	if want := "name,count\n\"a, b\",x\n\"multi\nline\",\n"; buf.String() != want {
		t.Errorf("csv:\n%q\nwant\n%q", buf.String(), want)
	}
	buf.Reset()
	rowTable.Print(&buf, FormatJSON, nil)
	if buf.String() != "[]\n" {
		t.Errorf("empty JSON list %q, want []", buf.String())
	}
	buf.Reset()
	rowTable.PrintOne(&buf, FormatJSON, rows[0])
	if want := "{\n  \"name\": \"a, b\",\n  \"count\": 1\n}\n"; buf.String() != want {
		t.Errorf("json object %q", buf.String())
	}
	if _, err := ParseFormat("yaml"); err == nil || !IsUsageError(err) {
		t.Errorf("ParseFormat(yaml) = %v, want a usage error", err)
	}
}

func TestCredentialsResolution(t *testing.T) {
	io, in, _, errOut := iostreams.Test()
	env := map[string]string{}
	f := &Factory{IO: io, Globals: &GlobalOptions{}, Getenv: func(k string) string { return env[k] }, Sessions: &SessionStore{Dir: t.TempDir()}}

	if _, _, ok, err := f.Credentials(context.Background(), ""); ok || err != nil {
		t.Errorf("no credentials given: ok=%v err=%v", ok, err)
	}
	env["TABLEAU_USERNAME"] = "alice"
	if _, _, _, err := f.Credentials(context.Background(), ""); err == nil || !IsUsageError(err) || !strings.Contains(err.Error(), "TABLEAU_PASSWORD") {
		t.Errorf("username without password off a terminal: %v", err)
	}
	io.StdinTTY, io.StderrTTY = true, true
	in.WriteString("typed-secret\n")
	creds, user, ok, err := f.Credentials(context.Background(), "mkt")
	if err != nil || !ok || user != "alice" || !strings.Contains(errOut.String(), "Password for alice") {
		t.Fatalf("prompt: %v %v %v %q", creds, ok, err, errOut.String())
	}
	if strings.Contains(errOut.String(), "typed-secret") {
		t.Error("the prompt echoed the password")
	}
	pw := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pw, []byte("from-file\n"), 0o600)
	f.Globals.PasswordFile = pw
	if creds, _, ok, err = f.Credentials(context.Background(), ""); err != nil || !ok || strings.Contains(creds.String(), "from-file") {
		t.Errorf("password file: %v %v", ok, err)
	}
	env["TABLEAU_TOKEN_NAME"] = "ci"
	if _, _, _, err := f.Credentials(context.Background(), ""); err == nil || !strings.Contains(err.Error(), "--token-value") {
		t.Errorf("token name without value: %v", err)
	}
	env["TABLEAU_TOKEN_VALUE"] = "v"
	if creds, _, ok, err := f.Credentials(context.Background(), "s"); err != nil || !ok || !strings.Contains(creds.String(), `personal access token "ci"`) {
		t.Errorf("token from env: %v %v %v", creds, ok, err)
	}
	f.Globals.TokenFile = filepath.Join(t.TempDir(), "missing")
	if _, _, _, err := f.Credentials(context.Background(), ""); err == nil || !strings.Contains(err.Error(), "token file") {
		t.Errorf("missing token file: %v", err)
	}
}

func TestTargetNeedsAServer(t *testing.T) {
	io, _, _, _ := iostreams.Test()
	f := &Factory{IO: io, Globals: &GlobalOptions{}, Getenv: func(string) string { return "" }, Sessions: &SessionStore{Dir: t.TempDir()}}
	if _, _, _, err := f.Target(); err == nil || !IsUsageError(err) || !strings.Contains(err.Error(), "TABLEAU_SERVER") {
		t.Errorf("Target without server: %v", err)
	}
	f.Sessions.Save(&SavedSession{Server: "https://saved.example.com", Site: "mkt", SiteID: "s", Token: "t"})
	server, site, _, err := f.Target()
	if err != nil || server != "https://saved.example.com" || site != "mkt" {
		t.Errorf("Target from the saved session: %q %q %v", server, site, err)
	}
}

func TestOutputFileHonoursUmask(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "view.png")
	streams, _, _, _ := iostreams.Test()
	if err := (Output{Path: path}).Write(streams, func(w io.Writer) error {
		_, err := w.Write([]byte("png"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	probe := filepath.Join(dir, "probe")
	os.WriteFile(probe, nil, 0o666)
	want, _ := os.Stat(probe)
	got, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Mode().Perm() != want.Mode().Perm() {
		t.Errorf("export mode %v, want %v like any new file", got.Mode().Perm(), want.Mode().Perm())
	}
}
