package tsc

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// emptyUsersPage is a valid, empty answer to a user list.
const emptyUsersPage = `<?xml version="1.0" encoding="UTF-8"?>
<tsResponse xmlns="http://tableau.com/api"><pagination pageNumber="1" pageSize="100" totalAvailable="0"/><users/></tsResponse>`

const usersPath = "/api/3.29/sites/" + testSiteID + "/users"

// queryRecorder answers a list endpoint with body and keeps the decoded
// query of every request it receives.
type queryRecorder struct {
	mu      sync.Mutex
	queries []url.Values
	raw     []string
}

func (q *queryRecorder) handler(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q.mu.Lock()
		q.queries = append(q.queries, r.URL.Query())
		q.raw = append(q.raw, r.URL.RawQuery)
		q.mu.Unlock()
		serveXML(http.StatusOK, []byte(body))(w, r)
	}
}

func (q *queryRecorder) only(t *testing.T) url.Values {
	t.Helper()
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.queries) != 1 {
		t.Fatalf("server got %d requests, want 1", len(q.queries))
	}
	return q.queries[0]
}

// TestListOptionsQuery asserts the exact query string the server decodes for
// each kind of list option: paging, every filter operator, sorting and fields.
func TestListOptionsQuery(t *testing.T) {
	tests := []struct {
		name string
		opts ListOptions
		want url.Values
	}{
		{"zero value is first page of default size", ListOptions{},
			url.Values{"pageSize": {"100"}, "pageNumber": {"1"}}},
		{"page size and number", ListOptions{PageSize: 5, PageNumber: 3},
			url.Values{"pageSize": {"5"}, "pageNumber": {"3"}}},
		{"smallest page", ListOptions{PageSize: 1},
			url.Values{"pageSize": {"1"}, "pageNumber": {"1"}}},
		{"largest page", ListOptions{PageSize: MaxPageSize},
			url.Values{"pageSize": {"1000"}, "pageNumber": {"1"}}},
		{"eq", ListOptions{Filters: []Filter{Eq("name", "Sales")}},
			url.Values{"pageSize": {"100"}, "pageNumber": {"1"}, "filter": {"name:eq:Sales"}}},
		{"eq with space and plus", ListOptions{Filters: []Filter{Eq("name", "Sales Q1+Q2")}},
			url.Values{"pageSize": {"100"}, "pageNumber": {"1"}, "filter": {"name:eq:Sales Q1+Q2"}}},
		{"eq non-ASCII", ListOptions{Filters: []Filter{Eq("name", "Überblick")}},
			url.Values{"pageSize": {"100"}, "pageNumber": {"1"}, "filter": {"name:eq:Überblick"}}},
		{"cieq", ListOptions{Filters: []Filter{CIEq("name", "sales")}},
			url.Values{"pageSize": {"100"}, "pageNumber": {"1"}, "filter": {"name:cieq:sales"}}},
		{"gt with a timestamp", ListOptions{Filters: []Filter{Gt("createdAt", "2016-05-01T00:00:00Z")}},
			url.Values{"pageSize": {"100"}, "pageNumber": {"1"}, "filter": {"createdAt:gt:2016-05-01T00:00:00Z"}}},
		{"gte", ListOptions{Filters: []Filter{Gte("size", "10")}},
			url.Values{"pageSize": {"100"}, "pageNumber": {"1"}, "filter": {"size:gte:10"}}},
		{"lt", ListOptions{Filters: []Filter{Lt("size", "10")}},
			url.Values{"pageSize": {"100"}, "pageNumber": {"1"}, "filter": {"size:lt:10"}}},
		{"lte", ListOptions{Filters: []Filter{Lte("lastLogin", "2024-01-01T00:00:00Z")}},
			url.Values{"pageSize": {"100"}, "pageNumber": {"1"}, "filter": {"lastLogin:lte:2024-01-01T00:00:00Z"}}},
		{"has", ListOptions{Filters: []Filter{Has("tags", "finance")}},
			url.Values{"pageSize": {"100"}, "pageNumber": {"1"}, "filter": {"tags:has:finance"}}},
		{"in with a list", ListOptions{Filters: []Filter{In("tags", "a", "b")}},
			url.Values{"pageSize": {"100"}, "pageNumber": {"1"}, "filter": {"tags:in:[a,b]"}}},
		{"in with one value", ListOptions{Filters: []Filter{In("siteRole", "Viewer")}},
			url.Values{"pageSize": {"100"}, "pageNumber": {"1"}, "filter": {"siteRole:in:[Viewer]"}}},
		{"several filters are joined with commas", ListOptions{Filters: []Filter{Eq("projectName", "Finance"), In("tags", "q1", "q2", "q3"), Gte("updatedAt", "2024-01-01T00:00:00Z")}},
			url.Values{"pageSize": {"100"}, "pageNumber": {"1"}, "filter": {"projectName:eq:Finance,tags:in:[q1,q2,q3],updatedAt:gte:2024-01-01T00:00:00Z"}}},
		{"sort ascending", ListOptions{Sort: []Sort{Asc("name")}},
			url.Values{"pageSize": {"100"}, "pageNumber": {"1"}, "sort": {"name:asc"}}},
		{"sort several keys, in order", ListOptions{Sort: []Sort{Desc("updatedAt"), Asc("name")}},
			url.Values{"pageSize": {"100"}, "pageNumber": {"1"}, "sort": {"updatedAt:desc,name:asc"}}},
		{"fields _all_", ListOptions{Fields: []string{FieldsAll}},
			url.Values{"pageSize": {"100"}, "pageNumber": {"1"}, "fields": {"_all_"}}},
		{"fields _default_ plus named", ListOptions{Fields: []string{FieldsDefault, "owner.name"}},
			url.Values{"pageSize": {"100"}, "pageNumber": {"1"}, "fields": {"_default_,owner.name"}}},
		{"fields named", ListOptions{Fields: []string{"id", "name", "email"}},
			url.Values{"pageSize": {"100"}, "pageNumber": {"1"}, "fields": {"id,name,email"}}},
		{"everything at once", ListOptions{PageSize: 50, PageNumber: 2, Filters: []Filter{Eq("siteRole", "Creator")}, Sort: []Sort{Asc("name")}, Fields: []string{FieldsAll}},
			url.Values{"pageSize": {"50"}, "pageNumber": {"2"}, "filter": {"siteRole:eq:Creator"}, "sort": {"name:asc"}, "fields": {"_all_"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := setup(t)
			var rec queryRecorder
			ts.handle("GET "+usersPath, rec.handler(emptyUsersPage))
			if _, _, err := ts.client.Users.List(bg, tt.opts); err != nil {
				t.Fatalf("List: %v", err)
			}
			if diff := cmp.Diff(tt.want, rec.only(t)); diff != "" {
				t.Errorf("query the server decoded (-want +got):\n%s", diff)
			}
		})
	}
}

// TestListOptionsQueryIsolation checks that endpoint parameters and list
// options travel together, and that the caller's options are not modified.
func TestListOptionsQueryIsolation(t *testing.T) {
	ts := setup(t)
	var rec queryRecorder
	uid := "dd2239f6-ddf1-4107-981a-4cf94e415794"
	ts.handle("GET "+usersPath+"/"+uid+"/workbooks", rec.handler(`<tsResponse xmlns="http://tableau.com/api"><pagination pageNumber="1" pageSize="7" totalAvailable="0"/><workbooks/></tsResponse>`))
	opts := ListOptions{PageSize: 7, Filters: []Filter{Eq("name", "x")}}
	if _, _, err := ts.client.Users.Workbooks(bg, uid, true, opts); err != nil {
		t.Fatal(err)
	}
	want := url.Values{"ownedBy": {"true"}, "pageSize": {"7"}, "pageNumber": {"1"}, "filter": {"name:eq:x"}}
	if diff := cmp.Diff(want, rec.only(t)); diff != "" {
		t.Errorf("query (-want +got):\n%s", diff)
	}
	if opts.PageNumber != 0 {
		t.Errorf("caller's ListOptions changed: PageNumber = %d", opts.PageNumber)
	}
}

// TestWithPageSize checks that the client's default page size fills a zero
// ListOptions.PageSize, and that an explicit one wins.
func TestWithPageSize(t *testing.T) {
	ts := setup(t, WithPageSize(250))
	var rec queryRecorder
	ts.handle("GET "+usersPath, rec.handler(emptyUsersPage))
	if _, _, err := ts.client.Users.List(bg, ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ts.client.Users.List(bg, ListOptions{PageSize: 3}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, q := range rec.queries {
		got = append(got, q.Get("pageSize"))
	}
	if diff := cmp.Diff([]string{"250", "3"}, got); diff != "" {
		t.Errorf("pageSize sent (-want +got):\n%s", diff)
	}
	for _, n := range []int{-1, 0, MaxPageSize + 1} {
		if _, err := NewClient("https://example.com", WithPageSize(n)); err == nil || !strings.Contains(err.Error(), "1..1000") {
			t.Errorf("WithPageSize(%d): err = %v, want an error naming 1..1000", n, err)
		}
	}
}

// TestListOptionsRefused checks that options the REST API cannot express are
// refused with a clear error before any request, by List and by All.
func TestListOptionsRefused(t *testing.T) {
	tests := []struct {
		name string
		opts ListOptions
		// wantMsg are substrings the error must contain.
		wantMsg []string
	}{
		{"value with comma", ListOptions{Filters: []Filter{Eq("name", "Sales, EMEA")}}, []string{`"Sales, EMEA"`, "name", "','"}},
		{"value with ampersand", ListOptions{Filters: []Filter{Eq("name", "R&D")}}, []string{`"R&D"`, "'&'"}},
		{"in value with comma", ListOptions{Filters: []Filter{In("tags", "a", "b,c")}}, []string{`"b,c"`, "tags"}},
		{"in value with ampersand", ListOptions{Filters: []Filter{In("tags", "a&b")}}, []string{`"a&b"`}},
		{"in value with bracket", ListOptions{Filters: []Filter{In("tags", "a]")}}, []string{`"a]"`}},
		{"in without values", ListOptions{Filters: []Filter{In("tags")}}, []string{"tags:in", "at least one"}},
		{"eq with two values", ListOptions{Filters: []Filter{{Field: "name", Operator: OpEq, Values: []string{"a", "b"}}}}, []string{"exactly one", "tsc.In"}},
		{"unknown operator", ListOptions{Filters: []Filter{{Field: "name", Operator: "like", Values: []string{"a"}}}}, []string{`"like"`}},
		{"empty field", ListOptions{Filters: []Filter{Eq("", "a")}}, []string{"field"}},
		{"field with colon", ListOptions{Filters: []Filter{Eq("name:eq", "a")}}, []string{`"name:eq"`}},
		{"page size too big", ListOptions{PageSize: MaxPageSize + 1}, []string{"1001", "1..1000"}},
		{"page size negative", ListOptions{PageSize: -1}, []string{"-1", "1..1000"}},
		{"page number negative", ListOptions{PageNumber: -2}, []string{"-2"}},
		{"sort direction", ListOptions{Sort: []Sort{{Field: "name", Direction: "up"}}}, []string{`"up"`, "asc or desc"}},
		{"sort field with comma", ListOptions{Sort: []Sort{Asc("name,x")}}, []string{`"name,x"`}},
		{"empty sort field", ListOptions{Sort: []Sort{Desc("")}}, []string{"sort field"}},
		{"fields with ampersand", ListOptions{Fields: []string{"id&x=1"}}, []string{`"id&x=1"`}},
		{"empty fields entry", ListOptions{Fields: []string{"id", ""}}, []string{"field selector"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := setup(t)
			ts.handle("GET "+usersPath, func(w http.ResponseWriter, r *http.Request) {
				t.Errorf("request sent despite invalid options: %s", r.URL)
			})
			check := func(how string, err error) {
				t.Helper()
				if err == nil {
					t.Fatalf("%s: no error", how)
				}
				for _, m := range tt.wantMsg {
					if !strings.Contains(err.Error(), m) {
						t.Errorf("%s: error %q does not mention %s", how, err, m)
					}
				}
			}
			check("Validate", tt.opts.Validate())
			_, _, err := ts.client.Users.List(bg, tt.opts)
			check("List", err)
			n := 0
			for _, err := range ts.client.Users.All(bg, tt.opts) {
				n++
				check("All", err)
			}
			if n != 1 {
				t.Errorf("All yielded %d values, want exactly one error", n)
			}
			if got := ts.count(http.MethodGet, usersPath); got != 0 {
				t.Errorf("server got %d requests, want none", got)
			}
		})
	}
}

// TestFilterString checks the wire form of filters and sort keys.
func TestFilterString(t *testing.T) {
	tests := []struct {
		got  interface{ String() string }
		want string
	}{
		{Eq("name", "a"), "name:eq:a"},
		{CIEq("name", "A"), "name:cieq:A"},
		{Gt("size", "1"), "size:gt:1"},
		{Gte("size", "1"), "size:gte:1"},
		{Lt("size", "1"), "size:lt:1"},
		{Lte("size", "1"), "size:lte:1"},
		{Has("tags", "x"), "tags:has:x"},
		{In("tags", "a", "b"), "tags:in:[a,b]"},
		{In("tags", "a"), "tags:in:[a]"},
		{Asc("name"), "name:asc"},
		{Desc("updatedAt"), "updatedAt:desc"},
	}
	for _, tt := range tests {
		if s := tt.got.String(); s != tt.want {
			t.Errorf("String() = %q, want %q", s, tt.want)
		}
	}
}
