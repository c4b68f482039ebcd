package tabcmd

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/tsc-go/tsc"
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

// readCSV reads every non-blank record of a CSV file, with its line number.
// A byte-order mark (Excel writes one) is skipped.
func readCSV(path string) ([]csvRecord, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the user file: %w", err)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	var out []csvRecord
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, lineError{filepath.Base(path), pe.Line, "not valid CSV: " + pe.Err.Error()}
			}
			return nil, err
		}
		line, _ := r.FieldPos(0)
		fields := make([]string, len(rec))
		blank := true
		for i, f := range rec {
			fields[i] = strings.TrimSpace(f)
			if fields[i] != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		out = append(out, csvRecord{Line: line, Fields: fields})
	}
	return out, nil
}

// checkUsername applies tabcmd's rules for a user name: not empty, no
// spaces, and at most one "@" (the one before a domain).
func checkUsername(name string) error {
	switch {
	case name == "":
		return errors.New("the user name (first column) is empty")
	case strings.ContainsAny(name, " \t"):
		return fmt.Errorf("user name %q contains a space", name)
	case strings.Count(name, "@") > 1:
		return fmt.Errorf("user name %q has more than one @ (write an @ that is not the domain separator as \\0x40)", name)
	}
	return nil
}

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

// The columns of a createsiteusers file.
const (
	colUsername = iota
	colPassword
	colDisplayName
	colLicense
	colAdmin
	colPublisher
	colEmail
	colAuth
	userColumns
)

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

var (
	licenseLevels = []string{"creator", "explorer", "viewer", "unlicensed"}
	adminLevels   = []string{"system", "site", "none", "no"}
	publisherYes  = []string{"yes", "true", "1"}
	publisherNo   = []string{"no", "false", "0"}
	authSettings  = []string{"ServerDefault", "SAML", "OpenID", "TableauIDWithMFA"}
)

func inFold(s string, set []string) bool {
	for _, v := range set {
		if strings.EqualFold(s, v) {
			return true
		}
	}
	return false
}

// siteRoleFor turns tabcmd's license level, administrator level and
// publisher columns into a site role, as tabcmd does (user_data.py,
// evaluate_site_role), with one change: administrator level "system" gives
// ServerAdministrator, as Tableau's CSV guidelines say, where tabcmd sends
// the legacy SiteAdministrator that current servers refuse.
//
//	admin system                          -> ServerAdministrator
//	admin site,  license creator          -> SiteAdministratorCreator
//	admin site,  any other license        -> SiteAdministratorExplorer
//	admin none,  publisher yes, creator   -> Creator
//	admin none,  publisher yes, explorer  -> ExplorerCanPublish
//	admin none,  publisher yes, otherwise -> Unlicensed
//	admin none,  publisher no,  creator or explorer -> Explorer
//	admin none,  publisher no,  viewer    -> Viewer
//	admin none,  publisher no,  otherwise -> Unlicensed
//
// ok is false when any of the three columns is empty: the line gives no
// role, and the default role (--role, else Unlicensed) applies.
func siteRoleFor(license, admin, publisher string) (role tsc.SiteRole, ok bool) {
	if license == "" || admin == "" || publisher == "" {
		return "", false
	}
	license, admin = strings.ToLower(license), strings.ToLower(admin)
	pub := inFold(publisher, publisherYes)
	switch {
	case admin == "system":
		return tsc.SiteRoleServerAdministrator, true
	case admin == "site" && license == "creator":
		return tsc.SiteRoleSiteAdministratorCreator, true
	case admin == "site":
		return tsc.SiteRoleSiteAdministratorExplorer, true
	case pub && license == "creator":
		return tsc.SiteRoleCreator, true
	case pub && license == "explorer":
		return tsc.SiteRoleExplorerCanPublish, true
	case pub:
		return tsc.SiteRoleUnlicensed, true
	case license == "creator" || license == "explorer":
		return tsc.SiteRoleExplorer, true
	case license == "viewer":
		return tsc.SiteRoleViewer, true
	}
	return tsc.SiteRoleUnlicensed, true
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
	if len(f) > userColumns {
		return userLine{}, fmt.Errorf("%d columns, but a user line has at most %d (user name, password, display name, license level, administrator level, publisher, email, authentication)", len(f), userColumns)
	}
	col := func(i int) string {
		if i < len(f) {
			return f[i]
		}
		return ""
	}
	u := userLine{Name: col(colUsername), Password: col(colPassword), DisplayName: col(colDisplayName), Email: col(colEmail)}
	if err := checkUsername(u.Name); err != nil {
		return u, err
	}
	license, admin, publisher := col(colLicense), col(colAdmin), col(colPublisher)
	if license != "" && !inFold(license, licenseLevels) {
		return u, fmt.Errorf("license level %q is not one of %s", license, strings.Join(licenseLevels, ", "))
	}
	if admin != "" && !inFold(admin, adminLevels) {
		return u, fmt.Errorf("administrator level %q is not one of system, site, none", admin)
	}
	if publisher != "" && !inFold(publisher, publisherYes) && !inFold(publisher, publisherNo) {
		return u, fmt.Errorf("publisher %q is not yes or no (or true/false, 1/0)", publisher)
	}
	if u.Email != "" && !strings.Contains(u.Email, "@") {
		return u, fmt.Errorf("email %q has no @", u.Email)
	}
	if role, ok := siteRoleFor(license, admin, publisher); ok {
		u.Role = role
	} else if license != "" || admin != "" || publisher != "" {
		return u, errors.New("give license level, administrator level and publisher together, or none of them")
	} else {
		u.Role = defaultRole
	}
	u.AuthSetting = authType
	if a := col(colAuth); a != "" {
		canon := ""
		for _, s := range authSettings {
			if strings.EqualFold(a, s) {
				canon = s
			}
		}
		if canon == "" {
			return u, fmt.Errorf("authentication %q is not one of %s", a, strings.Join(authSettings, ", "))
		}
		if authType == "" {
			u.AuthSetting = canon
		}
	}
	return u, nil
}
