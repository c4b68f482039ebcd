package cmdutil

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// OutputFlags are -o/--output and --fields, for commands that print
// resources.
type OutputFlags struct {
	// Format is table (the default when empty), json or csv.
	Format string
	// Fields, when set, picks the printed fields by their JSON names, in
	// order, in every format.
	Fields []string
	// Wide adds the Wide columns (ids) to list tables.
	Wide bool
}

// AddOutputFlags registers -o/--output and --fields.
func AddOutputFlags(cmd *cobra.Command, o *OutputFlags) {
	AddOutputFlag(cmd, &o.Format)
	cmd.Flags().StringSliceVar(&o.Fields, "fields", nil, "print only these fields (JSON names, comma-separated), in this order")
	cmd.Flags().BoolVar(&o.Wide, "wide", false, "tables also show ids (json and csv always have them)")
}

// Printer prints rows of T in the chosen format. It is made, and the
// flags checked, before any request, so a bad -o or --fields is a usage
// error that costs nothing.
type Printer[T any] struct {
	// table prints one item; list prints lists (without the Wide
	// columns in a table, unless --wide).
	table  Table[T]
	list   Table[T]
	format Format
	fields []string
}

// NewPrinter checks the output flags against T's JSON fields.
func NewPrinter[T any](table Table[T], o OutputFlags) (*Printer[T], error) {
	p := &Printer[T]{table: table, list: table, format: FormatTable}
	if o.Format != "" {
		f, err := ParseFormat(o.Format)
		if err != nil {
			return nil, err
		}
		p.format = f
	}
	if p.format == FormatTable && !o.Wide {
		p.list = table.narrow()
	}
	if len(o.Fields) > 0 {
		var zero T
		known, err := jsonKeys(zero)
		if err != nil {
			return nil, err
		}
		for _, f := range o.Fields {
			if !slices.Contains(known, f) {
				return nil, FlagErrorf("unknown field %q: choose from %s", f, strings.Join(known, ", "))
			}
		}
		p.fields = o.Fields
	}
	return p, nil
}

// Format is the format the printer writes.
func (p *Printer[T]) Format() Format { return p.format }

// List prints rows: a JSON array, a CSV file, or a table.
func (p *Printer[T]) List(w io.Writer, rows []T) error {
	if len(p.fields) == 0 {
		return p.list.Print(w, p.format, rows)
	}
	objs, err := p.project(rows)
	if err != nil {
		return err
	}
	return p.projected().Print(w, p.format, objs)
}

// One prints one row: a JSON object, a CSV header and line, or a
// key/value table.
func (p *Printer[T]) One(w io.Writer, row T) error {
	if len(p.fields) == 0 {
		return p.table.PrintOne(w, p.format, row)
	}
	objs, err := p.project([]T{row})
	if err != nil {
		return err
	}
	return p.projected().PrintOne(w, p.format, objs[0])
}

// object is one row reduced to the chosen fields; it marshals with its
// keys in the order asked for.
type object struct {
	keys []string
	vals map[string]json.RawMessage
}

// MarshalJSON writes the keys in order.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		v := o.vals[k]
		if v == nil {
			v = json.RawMessage("null")
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func (p *Printer[T]) project(rows []T) ([]object, error) {
	out := make([]object, len(rows))
	for i, r := range rows {
		b, err := json.Marshal(r)
		if err != nil {
			return nil, err
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, err
		}
		out[i] = object{keys: p.fields, vals: m}
	}
	return out, nil
}

func (p *Printer[T]) projected() Table[object] {
	cols := make([]Column[object], len(p.fields))
	for i, f := range p.fields {
		cols[i] = Column[object]{Header: f, Value: func(o object) string { return RawText(o.vals[f]) }}
	}
	return Table[object]{Columns: cols}
}

// RawText shows a JSON value as a table or CSV cell: strings unquoted,
// null empty, lists of strings comma-separated, anything else as JSON.
func RawText(v json.RawMessage) string {
	if len(v) == 0 || string(v) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	var ss []string
	if json.Unmarshal(v, &ss) == nil {
		return strings.Join(ss, ",")
	}
	return string(v)
}

// jsonKeys lists the JSON keys of a struct value, in field order. Rows
// printed by tabctl never omit a key, so the zero value shows them all.
func jsonKeys(v any) ([]string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("cmdutil: %T does not print as a JSON object", v)
	}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		keys = append(keys, t.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return keys, nil
}
