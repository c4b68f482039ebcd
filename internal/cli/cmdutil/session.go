package cmdutil

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// SavedSession is what `tabctl login` keeps between commands: enough to
// reuse the session, never a password or token secret.
type SavedSession struct {
	Server     string `json:"server"`
	Site       string `json:"site"`
	SiteID     string `json:"siteId"`
	UserID     string `json:"userId"`
	Username   string `json:"username,omitempty"`
	TokenName  string `json:"tokenName,omitempty"`
	APIVersion string `json:"apiVersion"`
	// Token is the session token; the file is readable by its owner only.
	Token string `json:"token"`
}

// SessionStore reads and writes the session file.
type SessionStore struct {
	// Dir is tabctl's configuration directory.
	Dir string
}

// DefaultSessionStore uses $TABCTL_CONFIG_DIR, or tabctl/ under the user's
// configuration directory.
func DefaultSessionStore(getenv func(string) string) (*SessionStore, error) {
	if d := getenv("TABCTL_CONFIG_DIR"); d != "" {
		return &SessionStore{Dir: d}, nil
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return nil, fmt.Errorf("finding the configuration directory: %w (set TABCTL_CONFIG_DIR)", err)
	}
	return &SessionStore{Dir: filepath.Join(base, "tabctl")}, nil
}

// Path is the session file's path.
func (s *SessionStore) Path() string { return filepath.Join(s.Dir, "session.json") }

// Load returns the saved session, or nil when there is none.
func (s *SessionStore) Load() (*SavedSession, error) {
	b, err := os.ReadFile(s.Path())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the session file: %w", err)
	}
	var ss SavedSession
	if err := json.Unmarshal(b, &ss); err != nil {
		return nil, fmt.Errorf("the session file %s is corrupt (%v): run `tabctl login` again, or delete the file", s.Path(), err)
	}
	if ss.Server == "" || ss.Token == "" || ss.SiteID == "" {
		return nil, fmt.Errorf("the session file %s is incomplete (no server, token or site id): run `tabctl login` again, or delete the file", s.Path())
	}
	return &ss, nil
}

// Save writes the session readable by the user only (0600), atomically, so
// that a crash never leaves half a file.
func (s *SessionStore) Save(ss *SavedSession) error {
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return fmt.Errorf("creating %s: %w", s.Dir, err)
	}
	b, err := json.MarshalIndent(ss, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(s.Dir, ".session-*.json")
	if err != nil {
		return fmt.Errorf("saving the session: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("saving the session: %w", err)
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("saving the session: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("saving the session: %w", err)
	}
	if err := os.Rename(tmp.Name(), s.Path()); err != nil {
		return fmt.Errorf("saving the session: %w", err)
	}
	return nil
}

// Remove deletes the session file; a missing file is not an error.
func (s *SessionStore) Remove() error {
	err := os.Remove(s.Path())
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
