package wirejson

import (
	"mime"
	"strconv"
	"strings"
)

// PrefersJSON reports whether the Accept header values prefer JSON to XML,
// by RFC 9110's rules: each offered type takes the q of the most specific
// range that matches it; JSON wins on a higher q, or on an equal q from a
// more specific range. So "application/json", and the
// "application/json, text/plain, */*" that axios and many JavaScript
// clients send, get JSON; "*/*", no Accept, "application/xml" and a tie
// between explicit types get XML, Tableau's default.
func PrefersJSON(accept []string) bool {
	if len(accept) == 0 {
		return false
	}
	qJSON, specJSON := acceptQ(accept, "application", "json")
	qXML, specXML := acceptQ(accept, "application", "xml")
	if q, spec := acceptQ(accept, "text", "xml"); q > qXML || (q == qXML && spec > specXML) {
		qXML, specXML = q, spec
	}
	if qJSON <= 0 {
		return false
	}
	return qJSON > qXML || (qJSON == qXML && specJSON > specXML)
}

// acceptQ is the q the Accept header gives type/sub and the specificity
// of the range that gave it (2 exact, 1 type/*, 0 */*, -1 none). Ranges
// that do not parse are skipped, as a client's typo should not turn an
// answer into an error.
func acceptQ(headers []string, typ, sub string) (q float64, spec int) {
	spec = -1
	for _, h := range headers {
		for _, r := range strings.Split(h, ",") {
			mt, params, err := mime.ParseMediaType(strings.TrimSpace(r))
			if err != nil {
				continue
			}
			t, s, _ := strings.Cut(mt, "/")
			sp := -1
			switch {
			case t == typ && s == sub:
				sp = 2
			case t == typ && s == "*":
				sp = 1
			case t == "*" && s == "*":
				sp = 0
			}
			if sp < spec || sp < 0 {
				continue
			}
			rq := 1.0
			if v, ok := params["q"]; ok {
				if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 0 && f <= 1 {
					rq = f
				}
			}
			if sp > spec || rq > q {
				q, spec = rq, sp
			}
		}
	}
	return q, spec
}
