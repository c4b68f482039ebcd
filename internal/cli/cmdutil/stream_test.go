package cmdutil

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
)

type streamRow struct {
	ID   string   `json:"id"`
	Name string   `json:"name"`
	Tags []string `json:"tags"`
}

var streamTable = Table[streamRow]{Columns: []Column[streamRow]{
	{Header: "name", Value: func(r streamRow) string { return r.Name }},
	{Header: "id", Value: func(r streamRow) string { return r.ID }},
}}

func streamRows(n int) []streamRow {
	rows := make([]streamRow, n)
	for i := range rows {
		rows[i] = streamRow{ID: fmt.Sprint(i), Name: fmt.Sprintf("row <%d> & \"q\"", i), Tags: []string{"a"}}
	}
	return rows
}

// TestStreamPrintsAsAWhole: a list streamed in batches prints the same
// bytes as the whole list printed at once (JSON and CSV in any batches, a
// table in one), empty lists included, with and without --fields.
func TestStreamPrintsAsAWhole(t *testing.T) {
	for _, format := range []string{"json", "csv", "table"} {
		for _, fields := range [][]string{nil, {"name", "tags"}} {
			for _, n := range []int{0, 1, 7} {
				p, err := NewPrinter(streamTable, OutputFlags{Format: format, Fields: fields})
				if err != nil {
					t.Fatal(err)
				}
				rows := streamRows(n)
				var whole, streamed bytes.Buffer
				if err := p.List(&whole, rows); err != nil {
					t.Fatal(err)
				}
				batch := 3
				if format == "table" {
					batch = n + 1
				}
				s := p.Stream(&streamed)
				for i := 0; i < n; i += batch {
					if err := s.Write(rows[i:min(i+batch, n)]); err != nil {
						t.Fatal(err)
					}
				}
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
				if whole.String() != streamed.String() {
					t.Errorf("%s fields=%v n=%d:\nwhole:\n%s\nstreamed:\n%s", format, fields, n, whole.String(), streamed.String())
				}
			}
		}
	}
}

// TestEachPageHandsPagesAsTheyArrive: each page's items are printed
// before the next page is asked for, so a list holds one page at a time.
func TestEachPageHandsPagesAsTheyArrive(t *testing.T) {
	const total, size = 10, 3
	p, err := NewPrinter(streamTable, OutputFlags{Format: "json"})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	s := p.Stream(&out)
	page := func(_ context.Context, o tsc.ListOptions) ([]streamRow, tsc.Pagination, error) {
		first := (o.PageNumber - 1) * size
		if first > 0 && !strings.Contains(out.String(), fmt.Sprintf(`"id": "%d"`, first-1)) {
			t.Errorf("page %d asked for before row %d was printed", o.PageNumber, first-1)
		}
		rows := streamRows(total)[first:min(first+size, total)]
		return rows, tsc.Pagination{PageNumber: o.PageNumber, PageSize: size, TotalAvailable: total}, nil
	}
	held := 0
	n, got, err := EachPage(context.Background(), &ListFlags{All: true, PageSize: size}, page, func(rows []streamRow) error {
		held = max(held, len(rows))
		return s.Write(rows)
	})
	if err != nil || s.Close() != nil {
		t.Fatal(err)
	}
	if n != total || got != total || held != size {
		t.Errorf("handed %d of %d, largest batch %d", n, got, held)
	}
	// A limit cuts the last page.
	n, got, err = EachPage(context.Background(), &ListFlags{Limit: 4, PageSize: size}, page, func([]streamRow) error { return nil })
	if err != nil || n != 4 || got != total {
		t.Errorf("limit 4: %d of %d, %v", n, got, err)
	}
}

// TestFitCutsTheWidestColumns: a list table fits the terminal's width,
// its widest columns cut with "…", never below minFitWidth; width 0 (not
// a terminal) leaves every cell whole.
func TestFitCutsTheWidestColumns(t *testing.T) {
	rows := []streamRow{
		{ID: "1", Name: strings.Repeat("long name ", 6)},
		{ID: "22222222222222222222", Name: "short"},
	}
	for _, width := range []int{0, 40, 20, 5} {
		p, err := NewPrinter(streamTable, OutputFlags{Wide: true})
		if err != nil {
			t.Fatal(err)
		}
		p.Fit(width)
		var out bytes.Buffer
		s := p.Stream(&out)
		if err := s.Write(rows); err != nil || s.Close() != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
		if len(lines) != 3 {
			t.Fatalf("width %d: %q", width, out.String())
		}
		for _, l := range lines {
			n := len([]rune(strings.TrimRight(l, " ")))
			if width == 0 {
				if strings.Contains(l, "…") {
					t.Errorf("width 0 cut %q", l)
				}
				continue
			}
			if limit := max(width, 2*minFitWidth+2); n > limit {
				t.Errorf("width %d: %q is %d wide", width, l, n)
			}
		}
		if width == 40 && !strings.Contains(lines[1], "long name long na") {
			t.Errorf("width 40 cut too much:\n%s", out.String())
		}
	}
}
