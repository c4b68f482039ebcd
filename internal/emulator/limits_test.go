package emulator

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// inFilter is "field:in:[v0,v1,...]" with n values.
func inFilter(field string, n int) string {
	vals := make([]string, n)
	for i := range vals {
		vals[i] = fmt.Sprintf("v%d", i)
	}
	return field + ":in:[" + strings.Join(vals, ",") + "]"
}

// repeatTerms is n copies of term joined by sep.
func repeatTerms(term string, n int, sep string) string {
	return strings.TrimSuffix(strings.Repeat(term+sep, n), sep)
}

// wideSpec has more sortable fields than maxSortKeys, so that a sort at
// the limit can name distinct fields (no endpoint of the emulator has that
// many).
var wideSpec = func() listSpec {
	spec := listSpec{resource: "wide", fields: map[string]field{}, order: "w.rowid"}
	for i := range maxSortKeys + 1 {
		spec.fields[fmt.Sprintf("f%02d", i)] = field{expr: fmt.Sprintf("w.f%02d", i), kind: kindInt, ops: opsNumber, sortable: true}
	}
	return spec
}()

// wideSort is a sort over the first n fields of wideSpec.
func wideSort(n int) string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("f%02d:asc", i)
	}
	return strings.Join(keys, ",")
}

// TestListLimits holds each limit on list queries (limits.go): the value
// at the limit is accepted, one more is refused with Tableau's status and
// code and a message that names the limit and both numbers.
func TestListLimits(t *testing.T) {
	fiveFull := make([]string, 5)
	for i := range fiveFull {
		fiveFull[i] = inFilter("name", maxInValues)
	}
	for _, tc := range []struct {
		name     string
		spec     listSpec
		at, over url.Values
		code     string
		msg      string // in the refusal, with the numbers
	}{
		{
			name: "filter terms", spec: projectListSpec,
			at:   url.Values{"filter": {repeatTerms("name:eq:x", maxFilterTerms, ",")}},
			over: url.Values{"filter": {repeatTerms("name:eq:x", maxFilterTerms+1, ",")}},
			code: codeInvalidFilter, msg: "The filter has 101 terms; at most 100 are allowed.",
		},
		{
			name: "in values per term", spec: projectListSpec,
			at:   url.Values{"filter": {inFilter("name", maxInValues)}},
			over: url.Values{"filter": {inFilter("name", maxInValues+1)}},
			code: codeInvalidFilter, msg: "The filter has 1,001 values for 'name:in'; at most 1,000 are allowed.",
		},
		{
			name: "in values in all", spec: projectListSpec,
			at:   url.Values{"filter": {strings.Join(fiveFull, ",")}},
			over: url.Values{"filter": {strings.Join(fiveFull, ",") + ",name:in:[last]"}},
			code: codeInvalidFilter, msg: "The filter has 5,001 'in' values in all its terms; at most 5,000 are allowed.",
		},
		{
			name: "filter value length", spec: projectListSpec,
			at:   url.Values{"filter": {"name:eq:" + strings.Repeat("é", maxFilterValueChars)}},
			over: url.Values{"filter": {"name:eq:" + strings.Repeat("é", maxFilterValueChars+1)}},
			code: codeInvalidFilter, msg: "A filter value for 'name:eq' has 4,001 characters; at most 4,000 are allowed.",
		},
		{
			name: "in value length", spec: projectListSpec,
			at:   url.Values{"filter": {"name:in:[a," + strings.Repeat("x", maxFilterValueChars) + "]"}},
			over: url.Values{"filter": {"name:in:[a," + strings.Repeat("x", maxFilterValueChars+1) + "]"}},
			code: codeInvalidFilter, msg: "A filter value for 'name:in' has 4,001 characters; at most 4,000 are allowed.",
		},
		{
			name: "sort keys", spec: wideSpec,
			at:   url.Values{"sort": {wideSort(maxSortKeys)}},
			over: url.Values{"sort": {wideSort(maxSortKeys + 1)}},
			code: codeBadRequest, msg: "The sort has 17 keys; at most 16 are allowed.",
		},
		{
			name: "sort key named twice", spec: projectListSpec,
			at:   url.Values{"sort": {"name:asc,createdAt:desc"}},
			over: url.Values{"sort": {"name:asc,createdAt:desc,name:desc"}},
			code: codeBadRequest, msg: "The sort names 'name' more than once; each field may be sorted on once.",
		},
		{
			name: "fields entries", spec: projectListSpec,
			at:   url.Values{"fields": {repeatTerms("name", maxFieldsEntries, ",")}},
			over: url.Values{"fields": {repeatTerms("name", maxFieldsEntries+1, ",")}},
			code: codeBadRequest, msg: "The fields parameter has 101 entries; at most 100 are allowed.",
		},
		{
			name: "parameters' total size", spec: projectListSpec,
			at: url.Values{"filter": {"name:eq:x"}, "sort": {"name:asc"},
				"fields": {strings.Repeat("y", maxListParamBytes-len("name:eq:x")-len("name:asc"))}},
			over: url.Values{"filter": {"name:eq:x"}, "sort": {"name:asc"},
				"fields": {strings.Repeat("y", maxListParamBytes-len("name:eq:x")-len("name:asc")+1)}},
			code: codeBadRequest, msg: "The filter, sort and fields parameters have 131,073 bytes together; at most 131,072 are allowed.",
		},
		{
			name: "parameters' total size, repeated", spec: projectListSpec,
			at:   url.Values{"fields": {strings.Repeat("y", maxListParamBytes/2), strings.Repeat("y", maxListParamBytes/2)}},
			over: url.Values{"fields": {strings.Repeat("y", maxListParamBytes/2), strings.Repeat("y", maxListParamBytes/2+1)}},
			code: codeBadRequest, msg: "have 131,073 bytes together; at most 131,072 are allowed.",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := parseList(tc.spec, tc.at); err != nil {
				t.Fatalf("at the limit: %v", err)
			}
			_, err := parseList(tc.spec, tc.over)
			var ae *apiError
			if !errors.As(err, &ae) {
				t.Fatalf("over the limit: %v, want a refusal", err)
			}
			if ae.Status != http.StatusBadRequest || ae.Code != tc.code || !strings.Contains(ae.Detail, tc.msg) {
				t.Fatalf("over the limit: %d %s %q, want 400 %s with %q", ae.Status, ae.Code, ae.Detail, tc.code, tc.msg)
			}
		})
	}
}

// TestListLimitsNumbers pins the numbers the docs give (docs/security.md),
// so that a change of a constant is a change of this test too.
func TestListLimitsNumbers(t *testing.T) {
	for name, got := range map[string][2]int{
		"maxFilterTerms":          {maxFilterTerms, 100},
		"maxInValues":             {maxInValues, 1000},
		"maxInValuesTotal":        {maxInValuesTotal, 5000},
		"maxFilterValueChars":     {maxFilterValueChars, 4000},
		"maxSortKeys":             {maxSortKeys, 16},
		"maxFieldsEntries":        {maxFieldsEntries, 100},
		"maxListParamBytes":       {maxListParamBytes, 131072},
		"maxNameChars":            {maxNameChars, 255},
		"maxEmailChars":           {maxEmailChars, 254},
		"maxDescriptionChars":     {maxDescriptionChars, 4000},
		"maxTagChars":             {maxTagChars, 255},
		"maxTagsPerRequest":       {maxTagsPerRequest, 100},
		"maxConnectionFieldChars": {maxConnectionFieldChars, 255},
		"maxPasswordChars":        {maxPasswordChars, 1024},
	} {
		if got[0] != got[1] {
			t.Errorf("%s is %d; docs/security.md says %d", name, got[0], got[1])
		}
	}
	// Every endpoint's sortable fields fit in one sort, each named once.
	for _, spec := range fuzzSpecs {
		if n := len(spec.sortable()); n > maxSortKeys {
			t.Errorf("%s has %d sortable fields, more than maxSortKeys (%d)", spec.resource, n, maxSortKeys)
		}
	}
}

// TestPageNumberParsing: a page number too large for an int is taken as
// past the last page (never wrapped to page 1); other text, zero and
// negative numbers are refused as not page numbers.
func TestPageNumberParsing(t *testing.T) {
	for v, want := range map[string]string{
		"9223372036854775807":   "", // parses; list refuses it
		"9223372036854775808":   "", // one past int64: past the last page
		"99999999999999999999":  "",
		"+3":                    "",
		"0":                     codeInvalidPageNum,
		"-1":                    codeInvalidPageNum,
		"-99999999999999999999": codeInvalidPageNum,
		"1e3":                   codeInvalidPageNum,
		"0x10":                  codeInvalidPageNum,
		" 1":                    codeInvalidPageNum,
	} {
		lq, err := parseList(projectListSpec, url.Values{"pageNumber": {v}})
		if want == "" {
			if err != nil || lq.page < 3 {
				t.Errorf("pageNumber=%s: page %v, %v", v, lq, err)
			}
			continue
		}
		var ae *apiError
		if !errors.As(err, &ae) || ae.Code != want {
			t.Errorf("pageNumber=%s: %v, want %s", v, err, want)
		}
	}
}

func TestCommas(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 33000: "33,000", 1234567: "1,234,567", -1000: "-1,000"} {
		if got := commas(n); got != want {
			t.Errorf("commas(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestQuoteCut(t *testing.T) {
	if got := quoteCut("short"); got != "short" {
		t.Errorf("quoteCut(short) = %q", got)
	}
	long := strings.Repeat("é", 1000)
	got := quoteCut(long)
	if len(got) > 120 || !strings.HasSuffix(got, "... (2,000 bytes)") || !strings.HasPrefix(got, "éé") {
		t.Errorf("quoteCut(long) = %q", got)
	}
}
