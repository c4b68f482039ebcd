package tsc

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fakeUsers is a user list endpoint over a slice of names that tests may
// change between requests, to play a site whose users come and go.
type fakeUsers struct {
	t     *testing.T
	mu    sync.Mutex
	names []string
	// pages records the pageNumber of every request, in order.
	pages []int
	// beforeServe, when set, runs (under the lock) before a request is
	// answered, with the 1-based index of that request.
	beforeServe func(f *fakeUsers, request int)
	// noPagination leaves the <pagination> element out, as some endpoints do.
	noPagination bool
	// ignorePageNumber always serves the first page, as a broken server would.
	ignorePageNumber bool
	// refusePastEnd answers a page past the last one with 400006, as
	// Tableau does, instead of an empty page.
	refusePastEnd bool
}

func newFakeUsers(t *testing.T, n int) *fakeUsers {
	f := &fakeUsers{t: t}
	for i := range n {
		f.names = append(f.names, fmt.Sprintf("user%03d", i))
	}
	return f
}

func (f *fakeUsers) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	size, err1 := strconv.Atoi(r.URL.Query().Get("pageSize"))
	page, err2 := strconv.Atoi(r.URL.Query().Get("pageNumber"))
	if err1 != nil || err2 != nil || size < 1 || page < 1 {
		f.t.Errorf("bad paging parameters: %s", r.URL.RawQuery)
		http.Error(w, "bad paging", http.StatusBadRequest)
		return
	}
	f.pages = append(f.pages, page)
	if len(f.pages) > 100 {
		// A pager that never stops would hang the test: fail it instead.
		f.t.Errorf("more than 100 page requests: the pager does not stop")
		http.Error(w, "too many", http.StatusTeapot)
		return
	}
	if f.beforeServe != nil {
		f.beforeServe(f, len(f.pages))
	}
	if f.ignorePageNumber {
		page = 1
	}
	if f.refusePastEnd && page > 1 && (page-1)*size >= len(f.names) {
		serveXML(http.StatusBadRequest, []byte(`<tsResponse xmlns="http://tableau.com/api"><error code="400006"><summary>Invalid page number</summary><detail>The page number is greater than the final page number.</detail></error></tsResponse>`))(w, r)
		return
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><tsResponse xmlns="http://tableau.com/api">`)
	if !f.noPagination {
		fmt.Fprintf(&b, `<pagination pageNumber="%d" pageSize="%d" totalAvailable="%d"/>`, page, size, len(f.names))
	}
	b.WriteString("<users>")
	for i := (page - 1) * size; i < len(f.names) && i < page*size; i++ {
		fmt.Fprintf(&b, `<user id="id-%s" name="%s" siteRole="Viewer"/>`, f.names[i], f.names[i])
	}
	b.WriteString("</users></tsResponse>")
	serveXML(http.StatusOK, []byte(b.String()))(w, r)
}

func (f *fakeUsers) requested() []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]int(nil), f.pages...)
}

// collect ranges over every user All yields, returning the names and the
// errors in the order they came.
func collectUsers(t *testing.T, ts *testServer, opts ListOptions) (names []string, errs []error) {
	t.Helper()
	for u, err := range ts.client.Users.All(bg, opts) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		names = append(names, u.Name)
	}
	return names, errs
}

func namesRange(from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		out = append(out, fmt.Sprintf("user%03d", i))
	}
	return out
}

func pageRange(from, to int) []int {
	var out []int
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

// viewsCall is a list of views, for the captured request_option_* pages.
func viewsCall() listCall[View] {
	return listCall[View]{name: "Views.List", path: "sites/" + testSiteID + "/views", pick: func(r *TSResponse) []View {
		if r.Views == nil {
			return nil
		}
		return r.Views.Views
	}}
}

const viewsPath = "/api/3.29/sites/" + testSiteID + "/views"

// TestListReturnsPagination checks that one page comes with the server's
// Pagination, on captured answers.
func TestListReturnsPagination(t *testing.T) {
	tests := []struct {
		name      string
		file      string
		path      string
		opts      ListOptions
		list      func(*Client, ListOptions) ([]string, Pagination, error)
		wantPage  Pagination
		wantNames []string
	}{
		{"users", "user_get.xml", usersPath, ListOptions{}, listUserNames,
			Pagination{PageNumber: 1, PageSize: 100, TotalAvailable: 2}, []string{"alice", "Bob"}},
		{"no users", "user_get_empty.xml", usersPath, ListOptions{}, listUserNames,
			Pagination{PageNumber: 1, PageSize: 100, TotalAvailable: 0}, nil},
		{"groups", "group_get.xml", "/api/3.29/sites/" + testSiteID + "/groups", ListOptions{}, listGroupNames,
			Pagination{PageNumber: 1, PageSize: 100, TotalAvailable: 3}, []string{"All Users", "Another group", "TableauExample"}},
		{"views page size 5", "request_option_page_size.xml", viewsPath, ListOptions{PageSize: 5}, listViewNames,
			Pagination{PageNumber: 1, PageSize: 5, TotalAvailable: 33}, []string{"ENDANGERED SAFARI", "Overview", "Product", "Customers", "Shipping"}},
		{"views page 3", "request_option_page_number.xml", viewsPath, ListOptions{PageNumber: 3}, listViewNames,
			Pagination{PageNumber: 3, PageSize: 100, TotalAvailable: 210}, nil},
		{"views page size 10", "request_option_pagination.xml", viewsPath, ListOptions{PageSize: 10}, listViewNames,
			Pagination{PageNumber: 1, PageSize: 10, TotalAvailable: 33}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := setup(t)
			ts.handle("GET "+tt.path, serveXML(http.StatusOK, reference(t, tt.file)))
			names, p, err := tt.list(ts.client, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.wantPage, p); diff != "" {
				t.Errorf("Pagination (-want +got):\n%s", diff)
			}
			if tt.wantNames != nil {
				if diff := cmp.Diff(tt.wantNames, names); diff != "" {
					t.Errorf("names (-want +got):\n%s", diff)
				}
			}
			if len(names) == 0 && tt.wantPage.TotalAvailable > 0 {
				t.Errorf("no items decoded from %s", tt.file)
			}
		})
	}
}

func listUserNames(c *Client, o ListOptions) ([]string, Pagination, error) {
	us, p, err := c.Users.List(bg, o)
	var out []string
	for _, u := range us {
		out = append(out, u.Name)
	}
	return out, p, err
}

func listGroupNames(c *Client, o ListOptions) ([]string, Pagination, error) {
	gs, p, err := c.Groups.List(bg, o)
	var out []string
	for _, g := range gs {
		out = append(out, g.Name)
	}
	return out, p, err
}

func listViewNames(c *Client, o ListOptions) ([]string, Pagination, error) {
	vs, p, err := viewsCall().page(bg, c, o)
	var out []string
	for _, v := range vs {
		out = append(out, v.Name)
	}
	return out, p, err
}

// TestListPaginationSynthetic checks the Pagination of later pages.
func TestListPaginationSynthetic(t *testing.T) {
	ts := setup(t)
	f := newFakeUsers(t, 25)
	ts.mux.Handle("GET "+usersPath, f)
	for page, wantLen := range map[int]int{1: 10, 2: 10, 3: 5, 4: 0} {
		us, p, err := ts.client.Users.List(bg, ListOptions{PageSize: 10, PageNumber: page})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(Pagination{PageNumber: page, PageSize: 10, TotalAvailable: 25}, p); diff != "" {
			t.Errorf("page %d: Pagination (-want +got):\n%s", page, diff)
		}
		if len(us) != wantLen {
			t.Errorf("page %d: %d users, want %d", page, len(us), wantLen)
		}
	}
}

// TestAllWalksPages checks which pages All asks for: it stops once
// pageNumber*pageSize reaches totalAvailable, and starts at PageNumber.
func TestAllWalksPages(t *testing.T) {
	tests := []struct {
		total, size, start int
		wantPages          []int
	}{
		{total: 0, size: 10, wantPages: []int{1}},
		{total: 1, size: 10, wantPages: []int{1}},
		{total: 10, size: 10, wantPages: []int{1}},
		{total: 11, size: 10, wantPages: []int{1, 2}},
		{total: 25, size: 10, wantPages: []int{1, 2, 3}},
		{total: 30, size: 10, wantPages: []int{1, 2, 3}},
		{total: 7, size: 1, wantPages: pageRange(1, 7)},
		{total: 25, size: 10, start: 2, wantPages: []int{2, 3}},
		{total: 1000, size: 1000, wantPages: []int{1}},
		{total: 2500, size: 0 /* client default, 100 */, wantPages: pageRange(1, 25)},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("total=%d,size=%d,start=%d", tt.total, tt.size, tt.start), func(t *testing.T) {
			ts := setup(t)
			f := newFakeUsers(t, tt.total)
			ts.mux.Handle("GET "+usersPath, f)
			names, errs := collectUsers(t, ts, ListOptions{PageSize: tt.size, PageNumber: tt.start})
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			size := tt.size
			if size == 0 {
				size = DefaultPageSize
			}
			from := max(tt.start-1, 0) * size
			if diff := cmp.Diff(namesRange(from, tt.total), names); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantPages, f.requested()); diff != "" {
				t.Errorf("pages requested (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAllReferencePages walks captured single-page answers: one request each.
func TestAllReferencePages(t *testing.T) {
	t.Run("users", func(t *testing.T) {
		ts := setup(t)
		ts.handle("GET "+usersPath, serveXML(http.StatusOK, reference(t, "user_get.xml")))
		names, errs := collectUsers(t, ts, ListOptions{})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		if diff := cmp.Diff([]string{"alice", "Bob"}, names); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		if n := ts.count("GET", usersPath); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})
	t.Run("no users", func(t *testing.T) {
		ts := setup(t)
		ts.handle("GET "+usersPath, serveXML(http.StatusOK, reference(t, "user_get_empty.xml")))
		names, errs := collectUsers(t, ts, ListOptions{})
		if len(errs) > 0 || len(names) > 0 {
			t.Fatalf("names %v, errors %v; want neither", names, errs)
		}
		if n := ts.count("GET", usersPath); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})
	t.Run("groups", func(t *testing.T) {
		ts := setup(t)
		path := "/api/3.29/sites/" + testSiteID + "/groups"
		ts.handle("GET "+path, serveXML(http.StatusOK, reference(t, "group_get.xml")))
		var names []string
		for g, err := range ts.client.Groups.All(bg, ListOptions{}) {
			if err != nil {
				t.Fatal(err)
			}
			names = append(names, g.Name)
		}
		if diff := cmp.Diff([]string{"All Users", "Another group", "TableauExample"}, names); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		if n := ts.count("GET", path); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})
	t.Run("views from page 3 of 3", func(t *testing.T) {
		ts := setup(t)
		ts.handle("GET "+viewsPath, serveXML(http.StatusOK, reference(t, "request_option_page_number.xml")))
		n := 0
		for _, err := range viewsCall().all(bg, ts.client, ListOptions{PageNumber: 3}) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		if n != 10 {
			t.Errorf("%d views, want 10", n)
		}
		if n := ts.count("GET", viewsPath); n != 1 {
			t.Errorf("%d requests, want 1 (3*100 >= 210)", n)
		}
	})
}

// TestAllWithoutPagination checks endpoints that send no <pagination>: one
// request, every item, and List reports the page as complete.
func TestAllWithoutPagination(t *testing.T) {
	for _, n := range []int{0, 3} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			ts := setup(t)
			f := newFakeUsers(t, n)
			f.noPagination = true
			ts.mux.Handle("GET "+usersPath, f)
			names, errs := collectUsers(t, ts, ListOptions{PageSize: 10})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if diff := cmp.Diff(namesRange(0, n), names); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]int{1}, f.requested()); diff != "" {
				t.Errorf("pages requested (-want +got):\n%s", diff)
			}
			_, p, err := ts.client.Users.List(bg, ListOptions{PageSize: 10})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(Pagination{PageNumber: 1, PageSize: n, TotalAvailable: n}, p); diff != "" {
				t.Errorf("Pagination (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAllTotalChanges plays lists that change while All walks them: it must
// pick up what was added, end when items go away, and never loop forever.
func TestAllTotalChanges(t *testing.T) {
	tests := []struct {
		name      string
		initial   int
		size      int
		change    func(f *fakeUsers, request int)
		ignorePN  bool
		wantNames []string
		wantPages []int
	}{
		{
			name: "items added after the first page", initial: 5, size: 2,
			change: func(f *fakeUsers, req int) {
				if req == 2 {
					f.names = append(f.names, namesRange(5, 8)...)
				}
			},
			wantNames: namesRange(0, 8), wantPages: []int{1, 2, 3, 4},
		},
		{
			name: "total reaches a page boundary then grows", initial: 4, size: 2,
			change: func(f *fakeUsers, req int) {
				if req == 2 {
					// Page 2 now reports 5: 2*2 < 5, so page 3 must be fetched.
					f.names = append(f.names, namesRange(4, 5)...)
				}
			},
			wantNames: namesRange(0, 5), wantPages: []int{1, 2, 3},
		},
		{
			name: "a page added before each of the first three requests", initial: 3, size: 3,
			change: func(f *fakeUsers, req int) {
				if req <= 3 {
					n := len(f.names)
					f.names = append(f.names, namesRange(n, n+3)...)
				}
			},
			wantNames: namesRange(0, 12), wantPages: []int{1, 2, 3, 4},
		},
		{
			name: "items removed from the end", initial: 6, size: 2,
			change: func(f *fakeUsers, req int) {
				if req == 2 {
					f.names = f.names[:3]
				}
			},
			wantNames: namesRange(0, 3), wantPages: []int{1, 2},
		},
		{
			name: "everything removed after the first page", initial: 6, size: 2,
			change: func(f *fakeUsers, req int) {
				if req == 2 {
					f.names = nil
				}
			},
			wantNames: namesRange(0, 2), wantPages: []int{1, 2},
		},
		{
			name: "total grows but the next page is empty", initial: 4, size: 2,
			change: func(f *fakeUsers, req int) {
				if req == 2 {
					// A server whose count includes items the caller cannot see.
					f.names = f.names[:2]
				}
			},
			wantNames: namesRange(0, 2), wantPages: []int{1, 2},
		},
		{
			name: "server ignores pageNumber", initial: 6, size: 2, ignorePN: true,
			wantNames: []string{"user000", "user001", "user000", "user001", "user000", "user001"},
			wantPages: []int{1, 2, 3},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := setup(t)
			f := newFakeUsers(t, tt.initial)
			f.beforeServe = tt.change
			f.ignorePageNumber = tt.ignorePN
			ts.mux.Handle("GET "+usersPath, f)
			names, errs := collectUsers(t, ts, ListOptions{PageSize: tt.size})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if diff := cmp.Diff(tt.wantNames, names); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantPages, f.requested()); diff != "" {
				t.Errorf("pages requested (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAllEmptyPage checks that All ends at an empty page even when the total
// says there is more (Tableau counts items a caller may not be allowed to see).
func TestAllEmptyPage(t *testing.T) {
	ts := setup(t)
	ts.handle("GET "+usersPath, func(w http.ResponseWriter, r *http.Request) {
		body := `<tsResponse xmlns="http://tableau.com/api"><pagination pageNumber="2" pageSize="2" totalAvailable="100"/><users/></tsResponse>`
		if r.URL.Query().Get("pageNumber") == "1" {
			body = `<tsResponse xmlns="http://tableau.com/api"><pagination pageNumber="1" pageSize="2" totalAvailable="100"/><users><user id="a" name="a"/><user id="b" name="b"/></users></tsResponse>`
		}
		serveXML(http.StatusOK, []byte(body))(w, r)
	})
	names, errs := collectUsers(t, ts, ListOptions{PageSize: 2})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if diff := cmp.Diff([]string{"a", "b"}, names); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if n := ts.count("GET", usersPath); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

// TestAllStopsWhenCallerBreaks checks that breaking out of the loop sends no
// further request, including right at the end of a page.
func TestAllStopsWhenCallerBreaks(t *testing.T) {
	for _, tt := range []struct{ breakAfter, wantRequests int }{{1, 1}, {2, 1}, {3, 2}, {4, 2}, {5, 3}} {
		t.Run(strconv.Itoa(tt.breakAfter), func(t *testing.T) {
			ts := setup(t)
			f := newFakeUsers(t, 10)
			ts.mux.Handle("GET "+usersPath, f)
			n := 0
			for _, err := range ts.client.Users.All(bg, ListOptions{PageSize: 2}) {
				if err != nil {
					t.Fatal(err)
				}
				n++
				if n == tt.breakAfter {
					break
				}
			}
			if got := len(f.requested()); got != tt.wantRequests {
				t.Errorf("break after %d items: %d requests, want %d", tt.breakAfter, got, tt.wantRequests)
			}
		})
	}
}

// TestAllErrorIsLastValue checks that a failing page ends the iteration with
// the error as the last value, after the items already fetched.
func TestAllErrorIsLastValue(t *testing.T) {
	for _, failPage := range []string{"1", "2"} {
		t.Run("page "+failPage, func(t *testing.T) {
			ts := setup(t)
			f := newFakeUsers(t, 6)
			ts.handle("GET "+usersPath, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Query().Get("pageNumber") == failPage {
					serveXML(http.StatusInternalServerError, []byte(`<tsResponse xmlns="http://tableau.com/api"><error code="500000"><summary>Internal error</summary><detail>boom</detail></error></tsResponse>`))(w, r)
					return
				}
				f.ServeHTTP(w, r)
			})
			type value struct {
				name string
				err  error
			}
			var got []value
			for u, err := range ts.client.Users.All(bg, ListOptions{PageSize: 2}) {
				got = append(got, value{u.Name, err})
			}
			wantItems := 0
			if failPage == "2" {
				wantItems = 2
			}
			if len(got) != wantItems+1 {
				t.Fatalf("yielded %d values, want %d items and an error: %+v", len(got), wantItems, got)
			}
			for _, v := range got[:wantItems] {
				if v.err != nil {
					t.Errorf("unexpected error before the last value: %v", v.err)
				}
			}
			last := got[len(got)-1]
			var se *ServerError
			if !errors.As(last.err, &se) || se.HTTPStatus != http.StatusInternalServerError || se.Code != "500000" {
				t.Errorf("last value: %q, %v; want a 500 *ServerError", last.name, last.err)
			}
			if last.name != "" {
				t.Errorf("the error came with a non-zero item %q", last.name)
			}
		})
	}
}

// TestAllIsLazy checks that All sends nothing until ranged over, and that
// ranging over the same iterator twice walks the list twice from the start.
func TestAllIsLazy(t *testing.T) {
	ts := setup(t)
	f := newFakeUsers(t, 5)
	ts.mux.Handle("GET "+usersPath, f)
	seq := ts.client.Users.All(bg, ListOptions{PageSize: 2})
	if n := len(f.requested()); n != 0 {
		t.Fatalf("All sent %d requests before iteration", n)
	}
	for i := range 2 {
		var names []string
		for u, err := range seq {
			if err != nil {
				t.Fatal(err)
			}
			names = append(names, u.Name)
		}
		if diff := cmp.Diff(namesRange(0, 5), names); diff != "" {
			t.Errorf("pass %d: items (-want +got):\n%s", i+1, diff)
		}
	}
	if diff := cmp.Diff([]int{1, 2, 3, 1, 2, 3}, f.requested()); diff != "" {
		t.Errorf("pages requested (-want +got):\n%s", diff)
	}
}

// TestAllNotSignedIn checks that All without a session yields ErrNotSignedIn
// and sends nothing.
func TestAllNotSignedIn(t *testing.T) {
	c, err := NewClient("http://127.0.0.1:1", WithVersion("3.29"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, err := range c.Users.All(bg, ListOptions{}) {
		n++
		if !errors.Is(err, ErrNotSignedIn) {
			t.Errorf("err = %v, want ErrNotSignedIn", err)
		}
	}
	if n != 1 {
		t.Errorf("yielded %d values, want 1", n)
	}
}

// TestAllEndsWhenTheListShrinksPastThePage: another client deletes items
// while All walks the list, so the page the previous page promised is past
// the new end, which Tableau refuses with 400006 rather than answering
// empty (the soak test met this). All ends there, without an error; a
// 400006 for the first page asked for is still an error.
func TestAllEndsWhenTheListShrinksPastThePage(t *testing.T) {
	for _, prefetch := range []int{0, 2} {
		ts := setup(t, WithPrefetch(prefetch))
		f := newFakeUsers(t, 6)
		f.refusePastEnd = true
		f.beforeServe = func(f *fakeUsers, req int) {
			if req == 2 {
				f.names = f.names[:2]
			}
		}
		ts.mux.Handle("GET "+usersPath, f)
		names, errs := collectUsers(t, ts, ListOptions{PageSize: 2})
		if len(errs) > 0 {
			t.Errorf("prefetch %d: %v", prefetch, errs)
		}
		if diff := cmp.Diff(namesRange(0, 2), names); diff != "" {
			t.Errorf("prefetch %d: items (-want +got):\n%s", prefetch, diff)
		}
	}
	ts := setup(t)
	f := newFakeUsers(t, 2)
	f.refusePastEnd = true
	ts.mux.Handle("GET "+usersPath, f)
	_, errs := collectUsers(t, ts, ListOptions{PageSize: 2, PageNumber: 5})
	if len(errs) != 1 || !pastLastPage(errs[0]) {
		t.Errorf("a first page past the end: %v", errs)
	}
}
