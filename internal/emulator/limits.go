package emulator

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tsc-go/tsc"
)

// Limits on what a client may ask of a list endpoint (filter=, sort=,
// fields=), checked in parseList before any SQL is built. Tableau's REST
// API reference documents no number for any of them, so each is ours,
// chosen far above what a real client sends and far below what makes the
// store fail: SQLite refuses an expression more than 1,000 levels deep
// (each filter term nests one AND), more than 32,766 bound values and an
// ORDER BY of more than 2,000 terms, and it answered those with a 500 that
// carried its own error text. A refusal names the limit and the number.
const (
	// maxFilterTerms bounds the terms of one filter=. Ours: every endpoint
	// has fewer than 20 filterable fields, so 100 leaves room for
	// repeating one (a date range is two terms on one field).
	maxFilterTerms = 100
	// maxInValues bounds the values of one "in" term. Ours: the size of
	// the largest page (tsc.MaxPageSize), so that one page of ids can be
	// asked for again by id in one request.
	maxInValues = 1000
	// maxInValuesTotal bounds the "in" values of one filter= over all its
	// terms. Ours: five full "in" terms, well under SQLite's 32,766 bound
	// values (the attack sent 33,000 and got SQLite's error).
	maxInValuesTotal = 5000
	// maxFilterValueChars bounds one filter value, in characters. Ours:
	// the longest text a filterable field can hold (a data source's
	// description, maxDescriptionChars), so that a value that is refused
	// could never have matched anything.
	maxFilterValueChars = maxDescriptionChars
	// maxSortKeys bounds the keys of one sort=. Ours: more than any
	// endpoint has sortable fields (at most 11), and a field may be named
	// once only, so a real sort never reaches it.
	maxSortKeys = 16
	// maxFieldsEntries bounds the entries of fields= (Tableau's field
	// selection, which the emulator reads but does not apply). Ours.
	maxFieldsEntries = 100
	// maxListParamBytes bounds the filter=, sort= and fields= parameters
	// together, in bytes as sent (decoded). Ours: 128 KiB holds 1,000
	// LUIDs in an "in" term (37 KB) three times over; the bound keeps the
	// work of parsing and the size of an error message small.
	maxListParamBytes = 128 << 10
)

// Limits on the names and texts a client may store. Tableau's REST API
// reference documents no length for any of them (its repository stores
// them as unbounded "character varying" and "text" columns), so each is
// ours: a stored 3,000,000-character project name made every list
// answer and every table the CLI printed megabytes long. Lengths are
// counted in characters (Unicode code points), as a person reads them.
const (
	// maxNameChars bounds the name of a site, project, user, group,
	// workbook and data source, a user's full name and a site's content
	// URL. Ours: 255, the common database bound for a name.
	maxNameChars = 255
	// maxEmailChars bounds a user's email: 254, the longest address SMTP
	// can carry (RFC 5321's 256-octet path less its angle brackets,
	// RFC 3696 erratum 1690).
	maxEmailChars = 254
	// maxDescriptionChars bounds a project's, workbook's or data source's
	// description and a data source's certification note. Ours: 4,000.
	maxDescriptionChars = 4000
	// maxTagChars bounds one tag label. Ours: tags are short keywords;
	// 255 like a name.
	maxTagChars = 255
	// maxTagsPerRequest bounds the tags of one Add Tags request. Ours.
	maxTagsPerRequest = 100
	// maxConnectionFieldChars bounds a connection's server address, port
	// and user name (a DNS name has at most 253 characters). Ours: 255.
	maxConnectionFieldChars = 255
	// maxPasswordChars bounds a connection's password. Ours: 1,024, room
	// for a long token used as a password.
	maxPasswordChars = 1024
)

// checkLen refuses a value longer than max characters with a 400 naming
// what it is ("project name"), its length and the limit.
func checkLen(what, value string, max int) error {
	// Counting runes of a 3 MB string is cheap; the byte length bounds it
	// first so that the count runs only near the limit.
	if len(value) <= max {
		return nil
	}
	if n := utf8.RuneCountInString(value); n > max {
		return badRequest("The %s has %s characters; at most %s are allowed.", what, commas(n), commas(max))
	}
	return nil
}

// checkLenPtr is checkLen for a field an update may leave out (nil).
func checkLenPtr(what string, value *string, max int) error {
	if value == nil {
		return nil
	}
	return checkLen(what, *value, max)
}

// firstErr returns the first of errs that is not nil: the length checks of
// one request, in the order its fields are read.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// checkListParams refuses list parameters over the limits that do not need
// the endpoint's fields: their total size and the number of fields=
// entries. The per-term limits are checked while parsing (addFilter,
// parseSort).
func checkListParams(q url.Values) error {
	total := 0
	for _, k := range []string{"filter", "sort", "fields"} {
		for _, v := range q[k] {
			total += len(v)
		}
	}
	if total > maxListParamBytes {
		return badRequest("The filter, sort and fields parameters have %s bytes together; at most %s are allowed.",
			commas(total), commas(maxListParamBytes))
	}
	for _, v := range q["fields"] {
		if n := strings.Count(v, ",") + 1; n > maxFieldsEntries {
			return badRequest("The fields parameter has %s entries; at most %s are allowed.", commas(n), commas(maxFieldsEntries))
		}
	}
	return nil
}

// filterLimit is a refusal of a filter over one of the limits, with the
// filter's code.
func filterLimit(format string, args ...any) error {
	return errf(http.StatusBadRequest, codeInvalidFilter, "Bad Request", format, args...)
}

// commas writes n with thousands separators, as the messages of the
// limits are read by people: "33,000", not "33000".
func commas(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// quoteCut is s for an error message: whole when short, else its start
// and its length, so that a refusal never echoes a megabyte back.
func quoteCut(s string) string {
	const keep = 80
	if len(s) <= keep {
		return s
	}
	cut := keep
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "... (" + commas(len(s)) + " bytes)"
}

// checkTags refuses an Add Tags request with more than maxTagsPerRequest
// labels or a label longer than maxTagChars.
func checkTags(labels []string) error {
	if len(labels) > maxTagsPerRequest {
		return badRequest("The request has %s tags; at most %s are allowed.", commas(len(labels)), commas(maxTagsPerRequest))
	}
	for _, l := range labels {
		if err := checkLen("tag '"+quoteCut(l)+"'", l, maxTagChars); err != nil {
			return err
		}
	}
	return nil
}

// checkPublishLengths refuses a publish whose request_payload carries a
// name, description, certification note or connection field over its
// limit, before the file is read.
func checkPublishLengths(k contentKind, pr *publishRequest, creds *tsc.ConnectionCredentials, conns []tsc.Connection) error {
	errs := []error{
		checkLen(k.noun+" name", pr.Name, maxNameChars),
		checkLenPtr(k.noun+" description", pr.Description, maxDescriptionChars),
		checkLenPtr(k.noun+" certification note", pr.CertificationNote, maxDescriptionChars),
	}
	credErrs := func(cr *tsc.ConnectionCredentials) {
		if cr != nil {
			errs = append(errs, checkLen("connection's user name", cr.Name, maxConnectionFieldChars),
				checkLen("connection's password", string(cr.Password), maxPasswordChars))
		}
	}
	credErrs(creds)
	for i := range conns {
		errs = append(errs, checkLen("connection's server address", conns[i].ServerAddress, maxConnectionFieldChars),
			checkLen("connection's server port", conns[i].ServerPort, maxConnectionFieldChars),
			checkLen("connection's user name", conns[i].UserName, maxConnectionFieldChars))
		credErrs(conns[i].Credentials)
	}
	return firstErr(errs...)
}
