package tsc

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// MaxPageSize is the largest page the REST API serves.
const MaxPageSize = 1000

// DefaultPageSize is the page size servers use when none is asked for.
const DefaultPageSize = 100

// Operator is a filter operator of the REST API.
type Operator string

// The filter operators of the REST API. Which fields take which operators
// depends on the resource (see Tableau's "Filtering and Sorting" reference).
const (
	OpEq   Operator = "eq"
	OpGt   Operator = "gt"
	OpGte  Operator = "gte"
	OpLt   Operator = "lt"
	OpLte  Operator = "lte"
	OpIn   Operator = "in"
	OpHas  Operator = "has"
	OpCIEq Operator = "cieq"
)

// Filter is one field:operator:value expression of a list request.
type Filter struct {
	Field    string
	Operator Operator
	// Values holds one value, or several for OpIn.
	Values []string
}

// Eq filters on field equal to value.
func Eq(field, value string) Filter { return Filter{field, OpEq, []string{value}} }

// CIEq filters on field equal to value, ignoring case.
func CIEq(field, value string) Filter { return Filter{field, OpCIEq, []string{value}} }

// Gt filters on field greater than value.
func Gt(field, value string) Filter { return Filter{field, OpGt, []string{value}} }

// Gte filters on field greater than or equal to value.
func Gte(field, value string) Filter { return Filter{field, OpGte, []string{value}} }

// Lt filters on field less than value.
func Lt(field, value string) Filter { return Filter{field, OpLt, []string{value}} }

// Lte filters on field less than or equal to value.
func Lte(field, value string) Filter { return Filter{field, OpLte, []string{value}} }

// Has filters on field containing value (for example a tag, or part of a name).
func Has(field, value string) Filter { return Filter{field, OpHas, []string{value}} }

// In filters on field equal to any of values.
func In(field string, values ...string) Filter { return Filter{field, OpIn, values} }

// String formats the filter as the REST API writes it, e.g. tags:in:[a,b].
func (f Filter) String() string {
	if f.Operator == OpIn {
		return f.Field + ":in:[" + strings.Join(f.Values, ",") + "]"
	}
	return f.Field + ":" + string(f.Operator) + ":" + strings.Join(f.Values, ",")
}

func (f Filter) validate() error {
	if f.Field == "" || strings.ContainsAny(f.Field, ":,&[] ") {
		return fmt.Errorf("tsc: filter field %q is not a field name", f.Field)
	}
	switch f.Operator {
	case OpEq, OpGt, OpGte, OpLt, OpLte, OpHas, OpCIEq:
		if len(f.Values) != 1 {
			return fmt.Errorf("tsc: filter %s:%s takes exactly one value, got %d (use tsc.In for several)", f.Field, f.Operator, len(f.Values))
		}
	case OpIn:
		if len(f.Values) == 0 {
			return fmt.Errorf("tsc: filter %s:in needs at least one value", f.Field)
		}
	default:
		return fmt.Errorf("tsc: filter operator %q is not one of eq, gt, gte, lt, lte, in, has, cieq", f.Operator)
	}
	for _, v := range f.Values {
		// The REST API separates expressions with "," and cannot escape it;
		// "&" is refused too, because servers split the query on it before decoding.
		if strings.ContainsAny(v, ",&") {
			return fmt.Errorf("tsc: filter value %q for %s cannot be expressed in the REST API (it contains ',' or '&')", v, f.Field)
		}
		if f.Operator == OpIn && strings.ContainsAny(v, "[]") {
			return fmt.Errorf("tsc: filter value %q for %s:in cannot contain '[' or ']'", v, f.Field)
		}
	}
	return nil
}

// Direction is a sort direction.
type Direction string

// Sort directions.
const (
	Ascending  Direction = "asc"
	Descending Direction = "desc"
)

// Sort is one sort key of a list request.
type Sort struct {
	Field     string
	Direction Direction
}

// Asc sorts by field, ascending.
func Asc(field string) Sort { return Sort{field, Ascending} }

// Desc sorts by field, descending.
func Desc(field string) Sort { return Sort{field, Descending} }

// String formats the key as the REST API writes it, e.g. updatedAt:desc.
func (s Sort) String() string { return s.Field + ":" + string(s.Direction) }

// Fields selectors with a special meaning.
const (
	FieldsAll     = "_all_"
	FieldsDefault = "_default_"
)

// ListOptions selects, orders and pages a list request. The zero value asks for
// the first page of the client's default page size.
type ListOptions struct {
	// PageSize is 1..1000; zero means the client's default.
	PageSize int
	// PageNumber starts at 1; zero means 1. All starts from it.
	PageNumber int
	Filters    []Filter
	Sort       []Sort
	// Fields names the fields to return: FieldsAll, FieldsDefault, or field names.
	Fields []string
}

// Validate checks the options without sending anything.
func (o ListOptions) Validate() error {
	if o.PageSize < 0 || o.PageSize > MaxPageSize {
		return fmt.Errorf("tsc: page size %d is outside 1..%d", o.PageSize, MaxPageSize)
	}
	if o.PageNumber < 0 {
		return fmt.Errorf("tsc: page number %d is not positive", o.PageNumber)
	}
	for _, f := range o.Filters {
		if err := f.validate(); err != nil {
			return err
		}
	}
	for _, s := range o.Sort {
		if s.Field == "" || strings.ContainsAny(s.Field, ":,&") {
			return fmt.Errorf("tsc: sort field %q is not a field name", s.Field)
		}
		if s.Direction != Ascending && s.Direction != Descending {
			return fmt.Errorf("tsc: sort direction %q for %s is not asc or desc", s.Direction, s.Field)
		}
	}
	for _, f := range o.Fields {
		if f == "" || strings.ContainsAny(f, ",&") {
			return fmt.Errorf("tsc: field selector %q is not a field name", f)
		}
	}
	return nil
}

// query adds the options to q; defaultSize fills a zero PageSize.
func (o ListOptions) query(q url.Values, defaultSize int) {
	size := o.PageSize
	if size == 0 {
		size = defaultSize
	}
	page := o.PageNumber
	if page == 0 {
		page = 1
	}
	q.Set("pageSize", strconv.Itoa(size))
	q.Set("pageNumber", strconv.Itoa(page))
	if len(o.Filters) > 0 {
		parts := make([]string, len(o.Filters))
		for i, f := range o.Filters {
			parts[i] = f.String()
		}
		q.Set("filter", strings.Join(parts, ","))
	}
	if len(o.Sort) > 0 {
		parts := make([]string, len(o.Sort))
		for i, s := range o.Sort {
			parts[i] = s.String()
		}
		q.Set("sort", strings.Join(parts, ","))
	}
	if len(o.Fields) > 0 {
		q.Set("fields", strings.Join(o.Fields, ","))
	}
}
