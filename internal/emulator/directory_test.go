package emulator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestParseDirectory: a directory file is refused whole, naming why, when
// it breaks a rule (docs/emulator-directory.md); a good one reads.
func TestParseDirectory(t *testing.T) {
	good := `{"users": [{"name": "alice", "domain": "example.com", "email": "a@example.com"}, {"name": "carl", "domain": "partner.org"}],
	 "groups": [{"name": "Sales", "domain": "example.com", "members": ["alice", "partner.org\\carl"]}]}`
	d, err := ParseDirectory([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if g := d.group("EXAMPLE.COM", "sales"); g == nil || len(g.Members) != 2 {
		t.Fatalf("group lookup: %+v", g)
	}
	if u := d.user("partner.org", "CARL"); u == nil {
		t.Fatal("user lookup failed")
	}
	for want, body := range map[string]string{
		"unknown field":        `{"users": [], "groupz": []}`,
		"not a user of the":    `{"users": [], "groups": [{"name": "G", "domain": "d", "members": ["ghost"]}]}`,
		"listed twice":         `{"users": [{"name": "a", "domain": "d"}, {"name": "A", "domain": "D"}]}`,
		"needs a name and a":   `{"users": [{"name": "a"}]}`,
		`the domain "local"`:   `{"users": [{"name": "a", "domain": "local"}]}`,
		"contains a backslash": `{"users": [{"name": "a\\b", "domain": "d"}]}`,
		"not a directory file": `[1, 2]`,
		"longer than 255":      `{"users": [{"name": "` + strings.Repeat("n", 256) + `", "domain": "d"}]}`,
		"larger than 16777216": `{"users": [` + strings.Repeat(" ", 16<<20) + `]}`,
	} {
		if _, err := ParseDirectory([]byte(body)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v", want, err)
		}
	}
	path := filepath.Join(t.TempDir(), "dir.json")
	os.WriteFile(path, []byte(good), 0o600)
	if _, err := LoadDirectory(path); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadDirectory(path + ".missing"); err == nil {
		t.Fatal("a missing file loaded")
	}
}
