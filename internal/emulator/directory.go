package emulator

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

// Directory is an external directory (what Active Directory or LDAP is to
// Tableau Server) that groups are imported from and synchronised with
// (Create Group and Update Group with <import source="ActiveDirectory">).
// The emulator reads it from a JSON file of its own format
// (docs/emulator-directory.md):
//
//	{"users":  [{"name": "alice", "domain": "example.com", "displayName": "Alice A",
//	             "email": "alice@example.com", "password": "optional"}],
//	 "groups": [{"name": "Sales", "domain": "example.com", "members": ["alice", "other.org\\bob"]}]}
//
// A member is a user of the group's domain by name, or "domain\name" for
// another domain's. A password, when given, lets the user sign in to the
// emulator as "domain\name" (a real directory checks it itself).
type Directory struct {
	Users  []DirectoryUser  `json:"users"`
	Groups []DirectoryGroup `json:"groups"`
}

// DirectoryUser is a user of the directory.
type DirectoryUser struct {
	Name        string `json:"name"`
	Domain      string `json:"domain"`
	DisplayName string `json:"displayName,omitempty"`
	Email       string `json:"email,omitempty"`
	Password    string `json:"password,omitempty"`
}

// DirectoryGroup is a group of the directory and its members.
type DirectoryGroup struct {
	Name    string   `json:"name"`
	Domain  string   `json:"domain"`
	Members []string `json:"members"`
}

// Limits on a directory file, checked before it is used. Ours: a large
// company's directory fits, a file that would make every sync slow does not.
const (
	maxDirectoryBytes   = 16 << 20
	maxDirectoryUsers   = 100_000
	maxDirectoryGroups  = 10_000
	maxDirectoryMembers = 1_000_000
)

// LoadDirectory reads a directory file (see Directory).
func LoadDirectory(path string) (*Directory, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("directory: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxDirectoryBytes+1))
	if err != nil {
		return nil, fmt.Errorf("directory %s: %w", path, err)
	}
	d, err := ParseDirectory(b)
	if err != nil {
		return nil, fmt.Errorf("directory %s: %w", path, err)
	}
	return d, nil
}

// ParseDirectory reads and checks a directory's JSON.
func ParseDirectory(b []byte) (*Directory, error) {
	if len(b) > maxDirectoryBytes {
		return nil, fmt.Errorf("the file is larger than %d bytes", maxDirectoryBytes)
	}
	var d Directory
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("not a directory file: %w", err)
	}
	return &d, d.check()
}

func (d *Directory) check() error {
	if len(d.Users) > maxDirectoryUsers || len(d.Groups) > maxDirectoryGroups {
		return fmt.Errorf("%d users and %d groups: a directory has at most %d users and %d groups",
			len(d.Users), len(d.Groups), maxDirectoryUsers, maxDirectoryGroups)
	}
	users := map[string]bool{}
	for i, u := range d.Users {
		if err := checkDirName(u.Name, u.Domain); err != nil {
			return fmt.Errorf("user %d: %w", i+1, err)
		}
		if len(u.DisplayName) > maxNameChars*4 || len(u.Email) > maxEmailChars || len(u.Password) > maxPasswordChars {
			return fmt.Errorf("user %s\\%s: display name, email or password too long", u.Domain, u.Name)
		}
		k := dirKey(u.Domain, u.Name)
		if users[k] {
			return fmt.Errorf("user %s\\%s is listed twice", u.Domain, u.Name)
		}
		users[k] = true
	}
	groups, members := map[string]bool{}, 0
	for i, g := range d.Groups {
		if err := checkDirName(g.Name, g.Domain); err != nil {
			return fmt.Errorf("group %d: %w", i+1, err)
		}
		k := dirKey(g.Domain, g.Name)
		if groups[k] {
			return fmt.Errorf("group %s\\%s is listed twice", g.Domain, g.Name)
		}
		groups[k] = true
		members += len(g.Members)
		if members > maxDirectoryMembers {
			return fmt.Errorf("more than %d group members in all", maxDirectoryMembers)
		}
		for _, m := range g.Members {
			dom, name := splitMember(g.Domain, m)
			if !users[dirKey(dom, name)] {
				return fmt.Errorf("group %s\\%s: member %q is not a user of the directory", g.Domain, g.Name, m)
			}
		}
	}
	return nil
}

func checkDirName(name, domain string) error {
	switch {
	case strings.TrimSpace(name) == "" || strings.TrimSpace(domain) == "":
		return fmt.Errorf("needs a name and a domain")
	case strings.EqualFold(domain, "local"):
		return fmt.Errorf("%s: the domain \"local\" is the server's own, not a directory's", name)
	case len([]rune(name)) > maxNameChars || len([]rune(domain)) > maxNameChars:
		return fmt.Errorf("name or domain longer than %d characters", maxNameChars)
	case strings.Contains(name, `\`):
		return fmt.Errorf("name %q contains a backslash", name)
	}
	return nil
}

func dirKey(domain, name string) string { return strings.ToLower(domain) + `\` + strings.ToLower(name) }

// splitMember reads a member: "domain\name", or a name of the group's domain.
func splitMember(groupDomain, m string) (string, string) {
	if i := strings.Index(m, `\`); i >= 0 {
		return m[:i], m[i+1:]
	}
	return groupDomain, m
}

// group finds a group by domain and name, ignoring case.
func (d *Directory) group(domain, name string) *DirectoryGroup {
	if d == nil {
		return nil
	}
	for i := range d.Groups {
		if strings.EqualFold(d.Groups[i].Domain, domain) && strings.EqualFold(d.Groups[i].Name, name) {
			return &d.Groups[i]
		}
	}
	return nil
}

// user finds a user by domain and name, ignoring case.
func (d *Directory) user(domain, name string) *DirectoryUser {
	if d == nil {
		return nil
	}
	for i := range d.Users {
		if strings.EqualFold(d.Users[i].Domain, domain) && strings.EqualFold(d.Users[i].Name, name) {
			return &d.Users[i]
		}
	}
	return nil
}
