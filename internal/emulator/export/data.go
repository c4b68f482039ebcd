// Package export writes the files the emulator answers exports with: PNG
// images, PDF documents, CSV and Excel data, PowerPoint decks. Each is a
// real, valid file of its kind, written with the standard library only, and
// deterministic: the same view and options give the same bytes.
//
// The emulator has no query engine, so a view's data is a sample table
// (Region, Category, Sales, Profit) whose numbers are derived from the
// view's name; filters select its rows and every export shows them.
package export

import (
	"fmt"
	"hash/fnv"
	"sort"
	"strconv"
	"strings"
)

// Table is a view's data: a header and rows of cells.
type Table struct {
	Columns []string
	Rows    [][]string
}

var (
	sampleRegions    = []string{"Central", "East", "South", "West"}
	sampleCategories = []string{"Furniture", "Office Supplies", "Technology"}
)

// Filter is one view filter: a field and the values it keeps.
type Filter struct {
	Field  string
	Values []string
}

// Param is a workbook parameter value given on an export.
type Param struct {
	Name, Value string
}

// Options are what an export was asked for, shown on it.
type Options struct {
	Filters []Filter
	Params  []Param
}

// ParseQuery reads view filters (vf_<field>=v1,v2) and parameters
// (vp_<name>=v, or vf_Parameters.<name>=v as REST 3.23 writes them) from a
// query, sorted by name so that the output does not depend on map order.
func ParseQuery(q map[string][]string) Options {
	var o Options
	for k, vs := range q {
		if len(vs) == 0 {
			continue
		}
		v := vs[len(vs)-1]
		switch {
		case strings.HasPrefix(k, "vf_Parameters."):
			o.Params = append(o.Params, Param{strings.TrimPrefix(k, "vf_Parameters."), v})
		case strings.HasPrefix(k, "vp_"):
			o.Params = append(o.Params, Param{strings.TrimPrefix(k, "vp_"), v})
		case strings.HasPrefix(k, "vf_") && len(k) > 3:
			o.Filters = append(o.Filters, Filter{Field: k[3:], Values: strings.Split(v, ",")})
		}
	}
	sort.Slice(o.Filters, func(i, j int) bool { return o.Filters[i].Field < o.Filters[j].Field })
	sort.Slice(o.Params, func(i, j int) bool { return o.Params[i].Name < o.Params[j].Name })
	return o
}

// Describe lists the filters and parameters as lines of text.
func (o Options) Describe() []string {
	var out []string
	for _, f := range o.Filters {
		out = append(out, "Filter: "+f.Field+" = "+strings.Join(f.Values, ", "))
	}
	for _, p := range o.Params {
		out = append(out, "Parameter: "+p.Name+" = "+p.Value)
	}
	return out
}

// SampleData is the data of the view named view with the filters applied:
// one row per region and category, in that order. A filter on a field the
// table does not have is ignored, as Tableau ignores filters on fields a
// view does not use; a filter keeps rows whose value equals one of its
// values exactly.
func SampleData(view string, o Options) Table {
	t := Table{Columns: []string{"Region", "Category", "Sales", "Profit"}}
	for _, r := range sampleRegions {
		for _, c := range sampleCategories {
			h := fnv.New32a()
			fmt.Fprintf(h, "%s\x00%s\x00%s", view, r, c)
			n := h.Sum32()
			sales := 100 + int(n%9900)
			margin := int((n>>16)%41) - 10 // -10% .. +30%
			profit := sales * margin / 100
			row := []string{r, c, strconv.Itoa(sales), strconv.Itoa(profit)}
			if keep(t.Columns, row, o.Filters) {
				t.Rows = append(t.Rows, row)
			}
		}
	}
	return t
}

func keep(cols, row []string, filters []Filter) bool {
	for _, f := range filters {
		i := -1
		for j, c := range cols {
			if strings.EqualFold(c, f.Field) {
				i = j
			}
		}
		if i < 0 {
			continue
		}
		ok := false
		for _, v := range f.Values {
			if row[i] == v {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// Bar is one bar of a chart.
type Bar struct {
	Label string
	Value int
}

// Bars sums the table's Sales by region, for the chart on images and PDFs.
func (t Table) Bars() []Bar {
	var out []Bar
	idx := map[string]int{}
	for _, r := range t.Rows {
		v, _ := strconv.Atoi(r[2])
		i, ok := idx[r[0]]
		if !ok {
			i = len(out)
			idx[r[0]] = i
			out = append(out, Bar{Label: r[0]})
		}
		out[i].Value += v
	}
	return out
}
