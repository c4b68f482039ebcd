// Package cmdutil holds what every tabctl command shares: the factory that
// gives commands their streams and a signed-in client, output formats
// (table, JSON, CSV), the session file, and error kinds that map to exit codes.
package cmdutil

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/spf13/cobra"
)

// Format is an output format of -o/--output.
type Format string

// The output formats. Table is the default on a terminal, JSON otherwise is
// not assumed: scripts ask for -o json or -o csv explicitly and get stable fields.
const (
	FormatTable Format = "table"
	FormatJSON  Format = "json"
	FormatCSV   Format = "csv"
)

// ParseFormat checks an -o value.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case FormatTable, FormatJSON, FormatCSV:
		return f, nil
	}
	return "", FlagErrorf("output format %q is not one of table, json, csv", s)
}

// Column is one column of tabular output: its header (also the CSV header)
// and how to read it from a row.
type Column[T any] struct {
	Header string
	Value  func(T) string
	// Wide columns (ids) are left out of list tables, which are made for
	// people and lead with names, unless --wide asks for them; CSV and
	// JSON, made for scripts, and a single item's table always have them.
	Wide bool
}

// Table describes how a list of T prints as a table and as CSV; JSON prints
// the rows themselves, so T's json tags are the documented field names.
type Table[T any] struct {
	Columns []Column[T]
	// width, when positive, is the terminal's: a list table's widest
	// columns are cut (with "…") until its lines fit.
	width int
}

// narrow is the table without its Wide columns.
func (t Table[T]) narrow() Table[T] {
	var cols []Column[T]
	for _, c := range t.Columns {
		if !c.Wide {
			cols = append(cols, c)
		}
	}
	return Table[T]{Columns: cols}
}

// Print writes rows in format f. A single object (one=true) prints as one
// JSON object rather than an array, and as a two-column key/value table.
func (t Table[T]) Print(w io.Writer, f Format, rows []T) error {
	switch f {
	case FormatJSON:
		if rows == nil {
			rows = []T{}
		}
		return writeJSON(w, rows)
	case FormatCSV:
		cw := csv.NewWriter(w)
		hdr := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			hdr[i] = c.Header
		}
		if err := cw.Write(hdr); err != nil {
			return err
		}
		for _, r := range rows {
			rec := make([]string, len(t.Columns))
			for i, c := range t.Columns {
				rec[i] = c.Value(r)
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	default:
		return t.writeTable(w, rows, true)
	}
}

// writeTable writes rows as an aligned table, with its header when asked,
// cutting the widest columns when the lines would not fit t.width.
func (t Table[T]) writeTable(w io.Writer, rows []T, header bool) error {
	cells := make([][]string, 0, len(rows)+1)
	if header {
		hdr := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			hdr[i] = strings.ToUpper(c.Header)
		}
		cells = append(cells, hdr)
	}
	for _, r := range rows {
		vals := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			vals[i] = cell(c.Value(r), MaxCellWidth)
		}
		cells = append(cells, vals)
	}
	fit(cells, t.width)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, line := range cells {
		fmt.Fprintln(tw, strings.Join(line, "\t"))
	}
	return tw.Flush()
}

// minFitWidth is the narrowest fit cuts a column to: enough to tell
// names apart.
const minFitWidth = 8

// fit cuts the widest columns of cells, one rune at a time, until a line
// (columns and their two-space gaps) fits width or every column is down
// to minFitWidth. Width 0 fits anything.
func fit(cells [][]string, width int) {
	if width <= 0 || len(cells) == 0 {
		return
	}
	n := len(cells[0])
	widths := make([]int, n)
	for _, line := range cells {
		for i, c := range line {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	total := 2 * (n - 1)
	for _, w := range widths {
		total += w
	}
	cut := false
	for total > width {
		widest := 0
		for i := range widths {
			if widths[i] > widths[widest] {
				widest = i
			}
		}
		if widths[widest] <= minFitWidth {
			break
		}
		widths[widest]--
		total--
		cut = true
	}
	if !cut {
		return
	}
	for _, line := range cells {
		for i := range line {
			line[i] = truncate(line[i], widths[i])
		}
	}
}

// PrintOne writes a single row: a JSON object, a CSV header and line, or a
// key/value table.
func (t Table[T]) PrintOne(w io.Writer, f Format, row T) error {
	switch f {
	case FormatJSON:
		return writeJSON(w, row)
	case FormatCSV:
		return t.Print(w, f, []T{row})
	default:
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, c := range t.Columns {
			fmt.Fprintf(tw, "%s:\t%s\n", c.Header, cell(c.Value(row), MaxValueWidth))
		}
		return tw.Flush()
	}
}

// The widest a table cell may be, in runes. A table pads every row to its
// widest cell, so one long value (a name of millions of characters, which
// a server may hold) would otherwise multiply the output by the number of
// rows. A cut cell ends with "…"; -o json and -o csv keep every value whole.
const (
	// MaxCellWidth bounds the cells of a list table: a terminal's width,
	// enough for every name and description Tableau itself writes.
	MaxCellWidth = 80
	// MaxValueWidth bounds the values of a one-resource key/value table,
	// which pads nothing after the value and so affords more.
	MaxValueWidth = 500
)

// cell keeps a table cell on one line and at most width runes.
func cell(s string, width int) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "-"
	}
	return truncate(s, width)
}

// truncate cuts s to width runes, the last being "…" when it cut.
func truncate(s string, width int) string {
	if len(s) <= width {
		return s // fewer bytes than width: fewer runes too
	}
	n := 0
	for i := range s {
		if n == width-1 {
			if utf8.RuneCountInString(s[i:]) == 1 {
				return s
			}
			return s[:i] + "…"
		}
		n++
	}
	return s
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// WriteJSON writes v as indented JSON, for commands whose output is not a table.
func WriteJSON(w io.Writer, v any) error { return writeJSON(w, v) }

// AddOutputFlag adds -o/--output to cmd, defaulting to table.
func AddOutputFlag(cmd *cobra.Command, target *string) {
	cmd.Flags().StringVarP(target, "output", "o", string(FormatTable), "output format: table, json or csv")
}
