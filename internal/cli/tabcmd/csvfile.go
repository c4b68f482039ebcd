package tabcmd

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/usercsv"
)

// The user files of tabcmd are CSV without a header: one user per line.
// addusers, removeusers and deletesiteusers read the first column (a user
// name; other columns are ignored, so a createsiteusers file works too);
// createsiteusers reads, in tabcmd's order:
//
//	user name, password, display name, license level, administrator level,
//	publisher, email, authentication type
//
// Every column after the user name may be empty or left out. Values may be
// quoted when they hold commas. Blank lines are skipped; line numbers in
// messages are the file's own, blank lines included.

// csvRecord is one non-blank line of a CSV file.
type csvRecord struct {
	Line   int
	Fields []string
}

// lineError is what is wrong with one line of a user file.
type lineError struct {
	File string
	Line int
	Msg  string
}

// Error reads "users.csv:3: what is wrong", as compilers write positions.
func (e lineError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// readCSV reads every non-blank record of a CSV file, with its line number
// (usercsv.Read).
func readCSV(path string) ([]csvRecord, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the user file: %w", err)
	}
	recs, err := usercsv.Read(b)
	var le *usercsv.LineError
	if errors.As(err, &le) {
		return nil, lineError{filepath.Base(path), le.Line, le.Msg}
	}
	if err != nil {
		return nil, err
	}
	out := make([]csvRecord, len(recs))
	for i, r := range recs {
		out[i] = csvRecord{Line: r.Line, Fields: r.Fields}
	}
	return out, nil
}

// checkUsername applies tabcmd's rules for a user name (usercsv.CheckUsername).
func checkUsername(name string) error { return usercsv.CheckUsername(name) }

// nameLine is one user name of a user file.
type nameLine struct {
	Line int
	Name string
}

// readUsernames reads a file of user names. Bad lines are returned apart, so
// the caller decides (--complete) whether any of them stops the command.
func readUsernames(path string) ([]nameLine, []lineError, error) {
	recs, err := readCSV(path)
	if err != nil {
		return nil, nil, err
	}
	file := filepath.Base(path)
	var names []nameLine
	var bad []lineError
	seen := map[string]int{}
	for _, rec := range recs {
		name := rec.Fields[0]
		if err := checkUsername(name); err != nil {
			bad = append(bad, lineError{file, rec.Line, err.Error()})
			continue
		}
		if first, dup := seen[strings.ToLower(name)]; dup {
			bad = append(bad, lineError{file, rec.Line, fmt.Sprintf("user %q is already on line %d", name, first)})
			continue
		}
		seen[strings.ToLower(name)] = rec.Line
		names = append(names, nameLine{rec.Line, name})
	}
	if len(recs) == 0 {
		return nil, nil, fmt.Errorf("the user file %s has no users", file)
	}
	return names, bad, nil
}

// userLine is one user of a createsiteusers file, with the site role its
// columns (or the default role) give.
type userLine struct {
	Line        int
	Name        string
	Password    string
	DisplayName string
	Email       string
	Role        tsc.SiteRole
	AuthSetting string
}

// authSettings are the values of --auth-type.
var authSettings = usercsv.AuthSettings

// siteRoleFor is usercsv.SiteRole: the site role of the license,
// administrator and publisher columns.
func siteRoleFor(license, admin, publisher string) (tsc.SiteRole, bool) {
	return usercsv.SiteRole(license, admin, publisher)
}

// readUserDetails reads a createsiteusers file. defaultRole is the role of
// lines that give none; authType, when set, is every user's authentication.
func readUserDetails(path string, defaultRole tsc.SiteRole, authType string) ([]userLine, []lineError, error) {
	recs, err := readCSV(path)
	if err != nil {
		return nil, nil, err
	}
	if len(recs) == 0 {
		return nil, nil, fmt.Errorf("the user file %s has no users", filepath.Base(path))
	}
	file := filepath.Base(path)
	var users []userLine
	var bad []lineError
	seen := map[string]int{}
	for _, rec := range recs {
		u, err := parseUserRecord(rec.Fields, defaultRole, authType)
		if err == nil {
			if first, dup := seen[strings.ToLower(u.Name)]; dup {
				err = fmt.Errorf("user %q is already on line %d", u.Name, first)
			}
		}
		if err != nil {
			bad = append(bad, lineError{file, rec.Line, err.Error()})
			continue
		}
		seen[strings.ToLower(u.Name)] = rec.Line
		u.Line = rec.Line
		users = append(users, u)
	}
	return users, bad, nil
}

func parseUserRecord(f []string, defaultRole tsc.SiteRole, authType string) (userLine, error) {
	p, err := usercsv.ParseUser(f)
	u := userLine{Name: p.Name, Password: p.Password, DisplayName: p.DisplayName, Email: p.Email, Role: p.Role, AuthSetting: authType}
	if err != nil {
		return u, err
	}
	if u.Role == "" {
		u.Role = defaultRole
	}
	if authType == "" {
		u.AuthSetting = p.AuthSetting
	}
	return u, nil
}

// inFold reports whether s is one of set, ignoring case.
func inFold(s string, set []string) bool { return usercsv.InFold(s, set) }
