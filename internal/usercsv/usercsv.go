// Package usercsv reads Tableau's user CSV files: no header, one user per
// line, in the column order of Tableau's "CSV import file guidelines" and
// of tabcmd's createsiteusers:
//
//	user name, password, display name, license level, administrator level,
//	publisher, email, authentication type
//
// Every column after the user name may be empty or left out. tabctl's
// tabcmd commands and the emulator's Import Users to Site from CSV File
// read files through it, so that both accept and refuse the same lines.
package usercsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tsc-go/tsc"
)

// Record is one non-blank line of a file, with its line number (the
// file's own, blank lines included).
type Record struct {
	Line   int
	Fields []string
}

// LineError is what is wrong with one line.
type LineError struct {
	Line int
	Msg  string
}

// Error reads "line 3: what is wrong".
func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Read reads every non-blank record of a CSV file, fields trimmed. A
// byte-order mark (Excel writes one) is skipped; broken quoting is a
// LineError.
func Read(b []byte) ([]Record, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	var out []Record
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &LineError{pe.Line, "not valid CSV: " + pe.Err.Error()}
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
		if !blank {
			out = append(out, Record{Line: line, Fields: fields})
		}
	}
	return out, nil
}

// CheckUsername applies tabcmd's rules for a user name: not empty, no
// spaces, and at most one "@" (the one before a domain).
func CheckUsername(name string) error {
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

// The columns of a user line.
const (
	ColUsername = iota
	ColPassword
	ColDisplayName
	ColLicense
	ColAdmin
	ColPublisher
	ColEmail
	ColAuth
	// Columns is how many columns a line may have.
	Columns
)

// The values of the license, administrator and publisher columns (any case).
var (
	LicenseLevels = []string{"creator", "explorer", "viewer", "unlicensed"}
	AdminLevels   = []string{"system", "site", "none", "no"}
	PublisherYes  = []string{"yes", "true", "1"}
	PublisherNo   = []string{"no", "false", "0"}
	// AuthSettings are the authentication column's values.
	AuthSettings = []string{"ServerDefault", "SAML", "OpenID", "TableauIDWithMFA"}
)

// InFold reports whether s is one of set, ignoring case.
func InFold(s string, set []string) bool {
	for _, v := range set {
		if strings.EqualFold(s, v) {
			return true
		}
	}
	return false
}

// SiteRole turns the license level, administrator level and publisher
// columns into a site role, as tabcmd does (user_data.py,
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
// role.
func SiteRole(license, admin, publisher string) (role tsc.SiteRole, ok bool) {
	if license == "" || admin == "" || publisher == "" {
		return "", false
	}
	license, admin = strings.ToLower(license), strings.ToLower(admin)
	pub := InFold(publisher, PublisherYes)
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

// User is one user line.
type User struct {
	Line                        int
	Name, Password, DisplayName string
	Email                       string
	// Role is the site role the line's columns give; "" when they give
	// none (the caller's default applies).
	Role tsc.SiteRole
	// AuthSetting is the authentication column, canonical; "" when empty.
	AuthSetting string
}

// ParseUser reads one line's fields.
func ParseUser(f []string) (User, error) {
	if len(f) > Columns {
		return User{}, fmt.Errorf("%d columns, but a user line has at most %d (user name, password, display name, license level, administrator level, publisher, email, authentication)", len(f), Columns)
	}
	col := func(i int) string {
		if i < len(f) {
			return f[i]
		}
		return ""
	}
	u := User{Name: col(ColUsername), Password: col(ColPassword), DisplayName: col(ColDisplayName), Email: col(ColEmail)}
	if err := CheckUsername(u.Name); err != nil {
		return u, err
	}
	license, admin, publisher := col(ColLicense), col(ColAdmin), col(ColPublisher)
	if license != "" && !InFold(license, LicenseLevels) {
		return u, fmt.Errorf("license level %q is not one of %s", license, strings.Join(LicenseLevels, ", "))
	}
	if admin != "" && !InFold(admin, AdminLevels) {
		return u, fmt.Errorf("administrator level %q is not one of system, site, none", admin)
	}
	if publisher != "" && !InFold(publisher, PublisherYes) && !InFold(publisher, PublisherNo) {
		return u, fmt.Errorf("publisher %q is not yes or no (or true/false, 1/0)", publisher)
	}
	if u.Email != "" && !strings.Contains(u.Email, "@") {
		return u, fmt.Errorf("email %q has no @", u.Email)
	}
	if role, ok := SiteRole(license, admin, publisher); ok {
		u.Role = role
	} else if license != "" || admin != "" || publisher != "" {
		return u, errors.New("give license level, administrator level and publisher together, or none of them")
	}
	if a := col(ColAuth); a != "" {
		for _, s := range AuthSettings {
			if strings.EqualFold(a, s) {
				u.AuthSetting = s
			}
		}
		if u.AuthSetting == "" {
			return u, fmt.Errorf("authentication %q is not one of %s", a, strings.Join(AuthSettings, ", "))
		}
	}
	return u, nil
}
