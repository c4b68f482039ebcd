package cmdutil

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestLongCellsAreCut: one 3,000,000-character name among 20 rows does not
// pad every row to its width. Each table line stays within the widths of
// its cells (MaxCellWidth each, plus padding), the cut cell ends with "…",
// and JSON and CSV keep the whole name.
func TestLongCellsAreCut(t *testing.T) {
	long := strings.Repeat("é", 3_000_000) // 2 bytes a rune: cut on rune boundaries
	rows := make([]row, 20)
	for i := range rows {
		rows[i] = row{Name: "short", Count: 1}
	}
	rows[7].Name = long

	var buf bytes.Buffer
	if err := rowTable.Print(&buf, FormatTable, rows); err != nil {
		t.Fatal(err)
	}
	if !utf8.Valid(buf.Bytes()) {
		t.Fatal("the table is not valid UTF-8: a rune was cut in half")
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 21 {
		t.Fatalf("%d lines, want 21", len(lines))
	}
	for i, l := range lines {
		// The name column, two spaces, the COUNT column.
		if n, most := utf8.RuneCountInString(l), MaxCellWidth+2+len("COUNT"); n > most {
			t.Errorf("line %d is %d runes wide, want at most %d", i, n, most)
		}
	}
	if want := strings.Repeat("é", MaxCellWidth-1) + "…"; !strings.HasPrefix(lines[8], want+"  ") {
		t.Errorf("the long name's cell is %q..., want %d runes ending in …", lines[8][:20], MaxCellWidth)
	}

	buf.Reset()
	rowTable.PrintOne(&buf, FormatTable, rows[7])
	if n := utf8.RuneCountInString(buf.String()); n > MaxValueWidth+50 {
		t.Errorf("one resource's view is %d runes, want about %d", n, MaxValueWidth)
	}
	if !strings.Contains(buf.String(), strings.Repeat("é", MaxValueWidth-1)+"…\n") {
		t.Error("one resource's view does not cut the long value at MaxValueWidth")
	}

	buf.Reset()
	if err := rowTable.Print(&buf, FormatJSON, rows); err != nil {
		t.Fatal(err)
	}
	var back []row
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil || back[7].Name != long {
		t.Errorf("JSON does not keep the whole name (%v)", err)
	}
	buf.Reset()
	if err := rowTable.Print(&buf, FormatCSV, rows); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil || recs[8][0] != long {
		t.Errorf("CSV does not keep the whole name (%v)", err)
	}
}

func TestTruncate(t *testing.T) {
	for _, tc := range []struct {
		in    string
		width int
		want  string
	}{
		{"", 3, ""},
		{"abc", 3, "abc"},
		{"abcd", 3, "ab…"},
		{"ééé", 3, "ééé"}, // 6 bytes, 3 runes: fits
		{"éééé", 3, "éé…"},
		{"日本語テキスト", 4, "日本語…"},
	} {
		if got := truncate(tc.in, tc.width); got != tc.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
}
