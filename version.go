package tsc

import (
	"fmt"
	"strconv"
	"strings"
)

// Version is a REST API version such as 3.29.
type Version struct{ Major, Minor int }

// LatestVersion is the highest REST API version this SDK knows; a client
// never speaks a higher one, whatever the server offers.
var LatestVersion = Version{3, 29}

// ParseVersion reads "3.29". Anything after a second dot is ignored, because
// some servers report "3.29.0".
func ParseVersion(s string) (Version, error) {
	parts := strings.SplitN(strings.TrimSpace(s), ".", 3)
	if len(parts) < 2 {
		return Version{}, fmt.Errorf("tsc: REST API version %q is not MAJOR.MINOR (e.g. 3.29)", s)
	}
	maj, err1 := strconv.Atoi(parts[0])
	min, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || maj < 0 || min < 0 {
		return Version{}, fmt.Errorf("tsc: REST API version %q is not MAJOR.MINOR (e.g. 3.29)", s)
	}
	return Version{maj, min}, nil
}

// String formats the version as it appears in URLs.
func (v Version) String() string { return fmt.Sprintf("%d.%d", v.Major, v.Minor) }

// Less reports whether v is older than w.
func (v Version) Less(w Version) bool {
	if v.Major != w.Major {
		return v.Major < w.Major
	}
	return v.Minor < w.Minor
}

// IsZero reports whether v is unset.
func (v Version) IsZero() bool { return v == Version{} }

// legacyProductVersions maps the product versions of servers too old to have
// /serverinfo (before 10.1) to the REST API version they speak, as read from
// their /auth?format=xml page.
var legacyProductVersions = map[string]Version{
	"10.0": {2, 3},
	"9.3":  {2, 2},
	"9.2":  {2, 1},
	"9.1":  {2, 0},
	"9.0":  {2, 0},
}

// serverInfoVersion is the first REST API version with /serverinfo; the client
// asks there before it knows better, since every newer server answers it too.
var serverInfoVersion = Version{2, 4}
