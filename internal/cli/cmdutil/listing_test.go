package cmdutil

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/iostreams"
)

func TestParseFilter(t *testing.T) {
	for expr, want := range map[string]string{
		"siteRole:eq:Viewer":                 "siteRole:eq:Viewer",
		"updatedAt:gte:2024-01-01T00:00:00Z": "updatedAt:gte:2024-01-01T00:00:00Z",
		"tags:in:[a,b]":                      "tags:in:[a,b]",
		"tags:IN:a,b":                        "tags:in:[a,b]",
		"name:has:Fin":                       "name:has:Fin",
	} {
		f, err := ParseFilter(expr)
		if err != nil || f.String() != want {
			t.Errorf("ParseFilter(%q) = %v, %v; want %s", expr, f, err, want)
		}
	}
	for _, bad := range []string{"", "name", "name:eq", ":eq:x", "name::x", "name:like:x", "name:eq:a,b", "na me:eq:x", "name:in:[]"} {
		if _, err := ParseFilter(bad); err == nil || !IsUsageError(err) {
			t.Errorf("ParseFilter(%q) = %v, want a usage error", bad, err)
		}
	}
}

func TestParseSort(t *testing.T) {
	for expr, want := range map[string]string{"name": "name:asc", "name:DESC": "name:desc", "updatedAt:asc": "updatedAt:asc"} {
		s, err := ParseSort(expr)
		if err != nil || s.String() != want {
			t.Errorf("ParseSort(%q) = %v, %v", expr, s, err)
		}
	}
	for _, bad := range []string{"", "name:up", ":asc", "a,b"} {
		if _, err := ParseSort(bad); err == nil || !IsUsageError(err) {
			t.Errorf("ParseSort(%q) = %v, want a usage error", bad, err)
		}
	}
}

func TestListFlagsPageSize(t *testing.T) {
	for _, tc := range []struct {
		l    ListFlags
		size int
	}{
		{ListFlags{}, DefaultLimit},
		{ListFlags{Limit: 5}, 5},
		{ListFlags{Limit: 5000}, tsc.MaxPageSize},
		{ListFlags{All: true}, tsc.MaxPageSize},
		{ListFlags{All: true, PageSize: 7}, 7},
	} {
		o, err := tc.l.ListOptions()
		if err != nil || o.PageSize != tc.size {
			t.Errorf("%+v: page size %d, %v; want %d", tc.l, o.PageSize, err, tc.size)
		}
	}
	for _, bad := range []ListFlags{{All: true, Limit: 1}, {Limit: -1}, {PageSize: 1001}, {PageSize: -2}} {
		if _, err := bad.ListOptions(); err == nil || !IsUsageError(err) {
			t.Errorf("%+v: %v, want a usage error", bad, err)
		}
	}
}

// pages serves n items in pages, as a server would, and counts requests.
func pages(n int, calls *int) PageFunc[int] {
	return func(_ context.Context, o tsc.ListOptions) ([]int, tsc.Pagination, error) {
		*calls++
		var out []int
		for i := (o.PageNumber - 1) * o.PageSize; i < n && len(out) < o.PageSize; i++ {
			out = append(out, i)
		}
		return out, tsc.Pagination{PageNumber: o.PageNumber, PageSize: o.PageSize, TotalAvailable: n}, nil
	}
}

// fetch collects what EachPage walks, to check the walk on its own.
func fetch[T any](ctx context.Context, l *ListFlags, page PageFunc[T]) ([]T, int, error) {
	var out []T
	_, total, err := EachPage(ctx, l, page, func(items []T) error {
		out = append(out, items...)
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

func TestFetch(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		l                   ListFlags
		n, want, total, req int
	}{
		{ListFlags{}, 250, 100, 250, 1},
		{ListFlags{Limit: 30, PageSize: 10}, 250, 30, 250, 3},
		{ListFlags{All: true, PageSize: 100}, 250, 250, 250, 3},
		{ListFlags{All: true, PageSize: 50}, 100, 100, 100, 2},
		{ListFlags{All: true}, 0, 0, 0, 1},
		{ListFlags{Limit: 10}, 3, 3, 3, 1},
	} {
		calls := 0
		items, total, err := fetch(ctx, &tc.l, pages(tc.n, &calls))
		if err != nil || len(items) != tc.want || total != tc.total || calls != tc.req {
			t.Errorf("%+v over %d: %d items, total %d, %d requests, %v; want %d, %d, %d", tc.l, tc.n, len(items), total, calls, err, tc.want, tc.total, tc.req)
		}
	}
	// A server that keeps answering full pages past its total still ends.
	calls := 0
	liar := func(_ context.Context, o tsc.ListOptions) ([]int, tsc.Pagination, error) {
		calls++
		return make([]int, o.PageSize), tsc.Pagination{PageNumber: o.PageNumber, PageSize: o.PageSize, TotalAvailable: 20}, nil
	}
	if items, _, err := fetch(ctx, &ListFlags{All: true, PageSize: 10}, liar); err != nil || len(items) != 20 || calls != 2 {
		t.Errorf("lying server: %d items in %d calls, %v", len(items), calls, err)
	}
	boom := errors.New("boom")
	fail := func(context.Context, tsc.ListOptions) ([]int, tsc.Pagination, error) {
		return nil, tsc.Pagination{}, boom
	}
	if _, _, err := fetch(ctx, &ListFlags{}, fail); !errors.Is(err, boom) {
		t.Errorf("error: %v", err)
	}
	calls = 0
	if _, _, err := fetch(ctx, &ListFlags{Filters: []string{"bad"}}, pages(3, &calls)); !IsUsageError(err) || calls != 0 {
		t.Errorf("bad flags: %v after %d requests", err, calls)
	}
}

type item struct {
	ID   string   `json:"id"`
	Name string   `json:"name"`
	Size *int     `json:"size"`
	Tags []string `json:"tags"`
}

var itemTable = Table[item]{Columns: []Column[item]{
	{Header: "id", Value: func(r item) string { return r.ID }},
	{Header: "name", Value: func(r item) string { return r.Name }},
}}

func TestPrinterFields(t *testing.T) {
	three := 3
	rows := []item{{"1", "a", &three, []string{"x", "y"}}, {"2", "b, c", nil, nil}}
	p, err := NewPrinter(itemTable, OutputFlags{Format: "json", Fields: []string{"tags", "id", "size"}})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	p.List(&buf, rows)
	want := `[
  {
    "tags": [
      "x",
      "y"
    ],
    "id": "1",
    "size": 3
  },
  {
    "tags": null,
    "id": "2",
    "size": null
  }
]
`
	if buf.String() != want {
		t.Errorf("json with fields:\n%s", buf.String())
	}
	p, _ = NewPrinter(itemTable, OutputFlags{Format: "csv", Fields: []string{"name", "tags", "size"}})
	buf.Reset()
	p.List(&buf, rows)
	if want := "name,tags,size\na,\"x,y\",3\n\"b, c\",,\n"; buf.String() != want {
		t.Errorf("csv with fields %q", buf.String())
	}
	p, _ = NewPrinter(itemTable, OutputFlags{Fields: []string{"name"}})
	buf.Reset()
	p.One(&buf, rows[0])
	if buf.String() != "name:  a\n" {
		t.Errorf("one row, table: %q", buf.String())
	}
	p, _ = NewPrinter(itemTable, OutputFlags{})
	buf.Reset()
	p.List(&buf, rows)
	if want := "ID  NAME\n1   a\n2   b, c\n"; buf.String() != want || p.Format() != FormatTable {
		t.Errorf("default table %q", buf.String())
	}
	if _, err := NewPrinter(itemTable, OutputFlags{Fields: []string{"id", "colour"}}); err == nil || !IsUsageError(err) || !strings.Contains(err.Error(), "id, name, size, tags") {
		t.Errorf("unknown field: %v", err)
	}
	if _, err := NewPrinter(itemTable, OutputFlags{Format: "xml"}); err == nil || !IsUsageError(err) {
		t.Errorf("unknown format: %v", err)
	}
}

func TestProgressOnlyOnATerminal(t *testing.T) {
	io, _, _, errOut := iostreams.Test()
	if p := NewByteProgress(io, "x"); p != nil || p.Callback() != nil {
		t.Error("a progress bar off a terminal")
	}
	p := (*ByteProgress)(nil)
	p.Update(1, 2)
	p.Finish()
	if s := NewJobSpinner(io, "x"); s != nil || s.OnPoll() != nil {
		t.Error("a spinner off a terminal")
	}
	io.StderrTTY, io.Quiet = true, true
	if NewByteProgress(io, "x") != nil || NewJobSpinner(io, "x") != nil {
		t.Error("progress with --quiet")
	}
	io.Quiet = false
	bar := NewByteProgress(io, "Uploading")
	cb := bar.Callback()
	for i := int64(0); i <= 10; i++ {
		cb(i*1000, 10000)
	}
	bar.Finish()
	bar.Update(1, 1) // after Finish: ignored, not a panic
	if !strings.Contains(errOut.String(), "Uploading") {
		t.Errorf("no bar drawn: %q", errOut.String())
	}
	errOut.Reset()
	s := NewJobSpinner(io, "Refreshing")
	pct := 40
	s.OnPoll()(&tsc.Job{ID: "j", Progress: &pct})
	s.Finish()
	s.Poll(&tsc.Job{})
	if !strings.Contains(errOut.String(), "Refreshing (40%)") {
		t.Errorf("no spinner drawn: %q", errOut.String())
	}
}
