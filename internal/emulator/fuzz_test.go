package emulator

import (
	"bytes"
	"errors"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
)

// Fuzz targets for what the emulator parses from clients: list filters and
// sorts (list.go) and multipart publish bodies (readParts). `go test` runs
// each on its seeds; bench/fuzz.sh searches for new inputs.

// fuzzSpecs are the list endpoints' field tables, picked by a fuzzed index.
var fuzzSpecs = []listSpec{userListSpec, projectListSpec, groupListSpec, siteListSpec, workbookListSpec,
	datasourceListSpec, viewListSpec, jobListSpec, revisionListSpec}

// wantRefusal fails unless err is a Tableau refusal of the query: a 400
// (or the page-size 403) as an *apiError with one of the list codes,
// never an internal error, and a message of bounded size (a refusal never
// echoes a long query back whole: quoteCut).
func wantRefusal(t *testing.T, err error) {
	t.Helper()
	var ae *apiError
	if !errors.As(err, &ae) || (ae.Status != http.StatusBadRequest && ae.Status != http.StatusForbidden) {
		t.Fatalf("refusal %v is not a Tableau 400 error", err)
	}
	switch ae.Code {
	case codeBadRequest, codeInvalidFilter, codeInvalidPageNum, codeInvalidPageSize, codePageSizeLimit:
	default:
		t.Fatalf("refusal %v has code %q, not a list code", err, ae.Code)
	}
	if len(ae.Detail) > 2048 {
		t.Fatalf("refusal detail is %d bytes long: %.200q", len(ae.Detail), ae.Detail)
	}
}

// limitSeeds are queries at and one past each limit of limits.go, for
// the fuzz targets to start from.
func limitSeeds() (filters, sorts []string) {
	fiveFull := strings.TrimSuffix(strings.Repeat(inFilter("name", maxInValues)+",", 5), ",")
	filters = []string{
		repeatTerms("name:eq:x", maxFilterTerms, ","), repeatTerms("name:eq:x", maxFilterTerms+1, ","),
		inFilter("name", maxInValues), inFilter("name", maxInValues+1), inFilter("tags", maxInValues+1),
		fiveFull, fiveFull + ",name:in:[z]",
		"name:eq:" + strings.Repeat("x", maxFilterValueChars), "name:eq:" + strings.Repeat("x", maxFilterValueChars+1),
		"name:has:" + strings.Repeat("é", maxFilterValueChars+1), "name:in:[a," + strings.Repeat("x", maxFilterValueChars+1) + "]",
		"name:eq:" + strings.Repeat("x", maxListParamBytes-len("name:eq:")+1),
		inFilter("name", 33_000), repeatTerms("name:eq:x", 1000, ","),
	}
	sorts = []string{
		wideSort(maxSortKeys), wideSort(maxSortKeys + 1), repeatTerms("name:asc", 2000, ","),
		"name:asc,name:desc", "name:asc,createdAt:desc,name:asc", strings.Repeat("x", maxListParamBytes+1),
	}
	return filters, sorts
}

// placeholdersMatch checks that the SQL built has one argument per "?".
func placeholdersMatch(t *testing.T, lq *listQuery) {
	t.Helper()
	if n := strings.Count(strings.Join(lq.where, " "), "?"); n != len(lq.args) {
		t.Fatalf("%d placeholders for %d arguments in %q", n, len(lq.args), lq.where)
	}
}

// FuzzParseFilter parses arbitrary filter= expressions against every list
// endpoint: nothing panics, refusals are Tableau 400s, and an accepted
// expression written again the SDK's way (tsc.Filter.String) parses to the
// same SQL conditions and arguments.
func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{
		"name:eq:Finance", "name:in:[a,b,c]", "tags:in:[x,y],name:has:ales", "updatedAt:gte:2016-05-04T21:24:49Z",
		"siteRole:eq:Viewer", "name:cieq:FINANCE", "isCertified:eq:true", "size:gt:10", "createdAt:lt:2024-01-01T00:00:00Z",
		"name:eq:", "name:eq:a:b", "name", "name:zz:1", "tags:in:[", "tags:in:[]", "name:has:%_\\", "name:eq:[a,b]",
		"ownerName:eq:admin,projectName:eq:Default", "jobType:eq:RefreshExtract", "progress:gte:50",
	} {
		for i := range fuzzSpecs {
			f.Add(s, uint8(i))
		}
	}
	filters, _ := limitSeeds()
	for _, s := range filters {
		f.Add(s, uint8(1)) // projects
		f.Add(s, uint8(4)) // workbooks: tags
	}
	f.Fuzz(func(t *testing.T, expr string, which uint8) {
		spec := fuzzSpecs[int(which)%len(fuzzSpecs)]
		lq, err := parseList(spec, url.Values{"filter": {expr}})
		if err != nil {
			wantRefusal(t, err)
			return
		}
		placeholdersMatch(t, lq)
		// What is accepted is within every limit, whatever the spec.
		if n := len(splitFilter(expr)); expr != "" && n > maxFilterTerms {
			t.Fatalf("%d terms accepted; the limit is %d", n, maxFilterTerms)
		}
		if lq.inValues > maxInValuesTotal || len(lq.args) > maxFilterTerms*(maxInValues+1) {
			t.Fatalf("%d in values, %d arguments accepted", lq.inValues, len(lq.args))
		}
		if len(expr) > maxListParamBytes {
			t.Fatalf("a filter of %d bytes accepted; the limit is %d", len(expr), maxListParamBytes)
		}
		if expr == "" {
			return // no filter at all
		}
		var canon []string
		for _, part := range splitFilter(expr) {
			name, rest, _ := strings.Cut(part, ":")
			op, value, _ := strings.Cut(rest, ":")
			fl := tsc.Filter{Field: name, Operator: tsc.Operator(op), Values: []string{value}}
			if fl.Operator == tsc.OpIn {
				fl.Values = strings.Split(value[1:len(value)-1], ",")
			}
			canon = append(canon, fl.String())
		}
		again, err := parseList(spec, url.Values{"filter": {strings.Join(canon, ",")}})
		if err != nil {
			t.Fatalf("%q was accepted, its canonical form %q refused: %v", expr, strings.Join(canon, ","), err)
		}
		if !reflect.DeepEqual(lq.where, again.where) || !reflect.DeepEqual(lq.args, again.args) {
			t.Fatalf("%q and its canonical form %q differ:\n%q %v\n%q %v", expr, strings.Join(canon, ","), lq.where, lq.args, again.where, again.args)
		}
	})
}

// FuzzParseSort parses arbitrary sort= expressions: nothing panics,
// refusals are Tableau 400s, an accepted sort names only the endpoint's
// own column expressions (never text from the query), and written again the
// SDK's way (tsc.Sort.String) it orders the same.
func FuzzParseSort(f *testing.F) {
	for _, s := range []string{
		"name:asc", "name:desc", "updatedAt:desc,name:asc", "createdAt:asc", "siteRole:desc", "name:ASC", "name",
		"name:asc,", ",", "name:asc;DROP TABLE users", "size:desc", "x:asc",
	} {
		for i := range fuzzSpecs {
			f.Add(s, uint8(i))
		}
	}
	// wideSpec, last, has more sortable fields than a sort may name.
	specs := append(slices.Clip(fuzzSpecs), wideSpec)
	_, sorts := limitSeeds()
	for _, s := range sorts {
		f.Add(s, uint8(1))            // projects
		f.Add(s, uint8(len(specs)-1)) // wideSpec
	}
	f.Fuzz(func(t *testing.T, expr string, which uint8) {
		spec := specs[int(which)%len(specs)]
		lq, err := parseList(spec, url.Values{"sort": {expr}})
		if err != nil {
			wantRefusal(t, err)
			return
		}
		// What is accepted is within the limit and names each field once.
		if expr != "" {
			keys := strings.Split(expr, ",")
			if len(keys) > maxSortKeys {
				t.Fatalf("%d sort keys accepted; the limit is %d", len(keys), maxSortKeys)
			}
			seen := map[string]bool{}
			for _, k := range keys {
				name, _, _ := strings.Cut(k, ":")
				if seen[name] {
					t.Fatalf("sort %q accepted with %s twice", expr, name)
				}
				seen[name] = true
			}
		}
		if rest := onlyColumns(spec, lq.orderBy); rest != "" {
			t.Fatalf("sort %q ordered by %q: %q is not a column of %s", expr, lq.orderBy, rest, spec.resource)
		}
		if expr == "" {
			return // no sort at all
		}
		var canon []string
		for _, part := range strings.Split(expr, ",") {
			name, dir, _ := strings.Cut(part, ":")
			canon = append(canon, tsc.Sort{Field: name, Direction: tsc.Direction(dir)}.String())
		}
		again, err := parseList(spec, url.Values{"sort": {strings.Join(canon, ",")}})
		if err != nil {
			t.Fatalf("%q was accepted, its canonical form %q refused: %v", expr, strings.Join(canon, ","), err)
		}
		if again.orderBy != lq.orderBy {
			t.Fatalf("%q ordered by %q; its canonical form %q by %q", expr, lq.orderBy, strings.Join(canon, ","), again.orderBy)
		}
	})
}

// onlyColumns consumes orderBy as a list of the spec's own expressions,
// each with an optional collation and direction, and returns what is left
// over: "" when nothing but the spec's columns is there.
func onlyColumns(spec listSpec, orderBy string) string {
	var exprs []string
	for _, fd := range spec.fields {
		if fd.sortable && fd.expr != "" {
			exprs = append(exprs, fd.expr)
		}
	}
	exprs = append(exprs, spec.defaultSort, spec.order)
	// Longest first, so that an expression is not taken for its prefix.
	slices.SortFunc(exprs, func(a, b string) int { return len(b) - len(a) })
	rest := orderBy
	for rest != "" {
		found := false
		for _, e := range exprs {
			if e != "" && strings.HasPrefix(rest, e) {
				rest, found = rest[len(e):], true
				break
			}
		}
		if !found {
			return rest
		}
		rest = strings.TrimPrefix(rest, " COLLATE NOCASE")
		if r, ok := strings.CutPrefix(rest, " ASC"); ok {
			rest = r
		} else {
			rest = strings.TrimPrefix(rest, " DESC")
		}
		rest = strings.TrimPrefix(rest, ", ")
	}
	return ""
}

// publishBody is a multipart/mixed publish body: a payload and a file.
func publishBody(tb testing.TB, boundary, payload, filePart, fileName string, file []byte, headerless bool) []byte {
	tb.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	if err := mw.SetBoundary(boundary); err != nil {
		tb.Fatal(err)
	}
	disposition := func(v string) string {
		if headerless {
			return v // as Tableau's own clients write it, without "form-data; "
		}
		return "form-data; " + v
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", disposition(`name="request_payload"`))
	h.Set("Content-Type", "text/xml")
	w, _ := mw.CreatePart(h)
	w.Write([]byte(payload))
	if filePart != "" {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", disposition(`name="`+filePart+`"; filename="`+fileName+`"`))
		h.Set("Content-Type", "application/octet-stream")
		w, _ := mw.CreatePart(h)
		w.Write(file)
	}
	mw.Close()
	return b.Bytes()
}

// readBody runs readParts on a body as the publish handler does.
func readBody(boundary string, body []byte, limit int64) (*incoming, []byte, error) {
	req := httptest.NewRequest(http.MethodPost, "/api/3.29/sites/s/workbooks", bytes.NewReader(body))
	req.Header.Set("Content-Type", "multipart/mixed; boundary="+boundary)
	var file bytes.Buffer
	in, err := readParts(&call{req: req}, "tableau_workbook", &file, limit)
	return in, file.Bytes(), err
}

// FuzzMultipart feeds the publish body reader arbitrary boundaries and
// bodies: it never panics, keeps to its limits (the payload to maxBody,
// the file to the limit given), refuses with Tableau errors, and what it
// accepts, written again as a well-formed body, reads the same.
func FuzzMultipart(f *testing.F) {
	sales, err := os.ReadFile(filepath.Join("..", "..", "testdata", "workbooks", "Sales.twb"))
	if err != nil {
		f.Fatal(err)
	}
	payload := `<tsRequest xmlns="http://tableau.com/api"><workbook name="Sales"><project id="p"/></workbook></tsRequest>`
	f.Add("b0undary", publishBody(f, "b0undary", payload, "tableau_workbook", "Sales.twb", sales, false), uint16(60000))
	f.Add("xyz", publishBody(f, "xyz", payload, "tableau_workbook", "Sales.twb", sales, true), uint16(100))
	f.Add("xyz", publishBody(f, "xyz", payload, "", "", nil, false), uint16(1))
	f.Add("xyz", publishBody(f, "xyz", payload, "tableau_workbook", `..\..\evil "x".twb`, []byte("<workbook/>"), false), uint16(10))
	f.Add("xyz", publishBody(f, "xyz", payload, "other_part", "x", []byte("x"), false), uint16(10))
	f.Add("xyz", []byte("--xyz\r\nContent-Disposition: name=\"request_payload\"\r\n\r\n<x/>\r\n--xyz--"), uint16(10))
	f.Add("", []byte("--\r\n\r\n--"), uint16(0))
	f.Add("a", []byte("--a\r\n\r\n--a\r\n\r\n--a\r\n\r\n--a\r\n\r\n--a\r\n\r\n--a--"), uint16(5))
	// At and one past each bound: two parts (a third is refused by its
	// count), a payload of maxBody bytes, a body of limit+multipartSlack
	// bytes (here a preamble of short lines makes up the rest).
	f.Add("xyz", publishBody(f, "xyz", payload, "tableau_workbook", "S.twb", []byte("<workbook/>"), false), uint16(11))
	threeParts := multipartOf(f, "bnd", [2]string{"request_payload", payload}, [2]string{"tableau_workbook", "<workbook/>"}, [2]string{"extra", "x"})
	f.Add("bnd", threeParts, uint16(100))
	f.Add("xyz", publishBody(f, "xyz", strings.Repeat(" ", maxBody), "", "", nil, false), uint16(0))
	f.Add("xyz", publishBody(f, "xyz", strings.Repeat(" ", maxBody+1), "", "", nil, false), uint16(0))
	small := publishBody(f, "xyz", payload, "tableau_workbook", "S.twb", []byte("<workbook/>"), false)
	preamble := func(n int) []byte {
		line := strings.Repeat("p", 62) + "\r\n"
		return append([]byte(strings.Repeat(line, n/len(line))+strings.Repeat("q", n%len(line))+"\r\n"), small...)
	}
	f.Add("xyz", preamble(multipartSlack+100-len(small)-2), uint16(100))
	f.Add("xyz", preamble(multipartSlack+100-len(small)-1), uint16(100))
	f.Fuzz(func(t *testing.T, boundary string, body []byte, limit uint16) {
		in, file, err := readBody(boundary, body, int64(limit))
		if err != nil {
			var ae *apiError
			var tl errTooLarge
			if !errors.As(err, &tl) && (!errors.As(err, &ae) || ae.Status/100 != 4) {
				t.Fatalf("refusal %v is neither a Tableau 4xx nor errTooLarge", err)
			}
			return
		}
		if len(body) > int(limit)+multipartSlack {
			t.Fatalf("a body of %d bytes was accepted; the bound is %d", len(body), int(limit)+multipartSlack)
		}
		if len(in.payload) > maxBody || in.size > int64(limit) || int64(len(file)) != in.size {
			t.Fatalf("limits broken: payload %d bytes, file %d (%d written) of %d allowed", len(in.payload), in.size, len(file), limit)
		}
		if !in.sawFile && in.size != 0 {
			t.Fatal("file bytes without a file part")
		}
		if in.payload == nil {
			return
		}
		// Written again, well formed, it reads the same.
		part, name := "", ""
		if in.sawFile {
			part, name = "tableau_workbook", strings.NewReplacer(`"`, "", `\`, "", "\r", "", "\n", "").Replace(in.fileName)
		}
		re := publishBody(t, "r3written", string(in.payload), part, name, file, false)
		again, file2, err := readBody("r3written", re, int64(limit))
		if err != nil || !bytes.Equal(again.payload, in.payload) || !bytes.Equal(file2, file) || again.sawFile != in.sawFile {
			t.Fatalf("accepted body read differently when written again: %v", err)
		}
	})
}

// TestFuzzSeedsReadPublishes is a plain check of the helpers the fuzz
// targets use: a well-formed publish body reads back whole.
func TestFuzzSeedsReadPublishes(t *testing.T) {
	body := publishBody(t, "abc", "<x/>", "tableau_workbook", "S.twb", []byte("<workbook/>"), true)
	in, file, err := readBody("abc", body, 100)
	if err != nil || string(in.payload) != "<x/>" || string(file) != "<workbook/>" || in.fileName != "S.twb" {
		t.Fatalf("%+v %q %v", in, file, err)
	}
	if _, _, err := readBody("abc", body, 3); err == nil {
		t.Fatal("a file over the limit was accepted")
	}
}
