package cmdutil

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
)

// DefaultLimit is how many items a list prints without --limit or --all:
// one server page, so that a plain `list` costs one request.
const DefaultLimit = tsc.DefaultPageSize

// ListFlags are the flags every list command shares. They are plain values
// so that other commands (tabcmd's) can fill them without cobra.
type ListFlags struct {
	// Filters are "field:op:value" expressions, e.g. siteRole:eq:Viewer or
	// tags:in:[a,b]; they are ANDed, as the REST API does.
	Filters []string
	// Sorts are "field" or "field:asc|desc" keys, the first the most significant.
	Sorts []string
	// PageSize is the size of each request's page; 0 picks one from Limit.
	PageSize int
	// Limit caps how many items are fetched; 0 means DefaultLimit.
	Limit int
	// All fetches every page; it excludes Limit.
	All bool
}

// AddListFlags registers --filter, --sort, --page-size, --limit and --all.
func AddListFlags(cmd *cobra.Command, l *ListFlags) {
	fl := cmd.Flags()
	fl.StringArrayVar(&l.Filters, "filter", nil, "keep items matching field:op:value (op: eq, cieq, gt, gte, lt, lte, has, in with [a,b]); repeatable")
	fl.StringArrayVar(&l.Sorts, "sort", nil, "order by field[:asc|desc]; repeatable, first is most significant")
	fl.IntVar(&l.PageSize, "page-size", 0, fmt.Sprintf("items per request, 1..%d (default: fitted to --limit)", tsc.MaxPageSize))
	fl.IntVar(&l.Limit, "limit", 0, fmt.Sprintf("print at most N items (default %d)", DefaultLimit))
	fl.BoolVar(&l.All, "all", false, "fetch every page")
}

// ParseFilter reads one --filter expression. The value keeps any further
// colons (times such as 2024-01-01T00:00:00Z have them); "in" takes [a,b]
// or a,b.
func ParseFilter(expr string) (tsc.Filter, error) {
	field, rest, ok1 := strings.Cut(expr, ":")
	op, value, ok2 := strings.Cut(rest, ":")
	if !ok1 || !ok2 || field == "" || op == "" {
		return tsc.Filter{}, FlagErrorf("filter %q is not field:op:value (e.g. siteRole:eq:Viewer)", expr)
	}
	o := tsc.Operator(strings.ToLower(op))
	f := tsc.Filter{Field: field, Operator: o, Values: []string{value}}
	if o == tsc.OpIn {
		f.Values = nil
		for _, v := range strings.Split(strings.TrimSuffix(strings.TrimPrefix(value, "["), "]"), ",") {
			if v != "" {
				f.Values = append(f.Values, v)
			}
		}
	}
	if err := (tsc.ListOptions{Filters: []tsc.Filter{f}}).Validate(); err != nil {
		return tsc.Filter{}, FlagErrorf("filter %q: %s", expr, strings.TrimPrefix(err.Error(), "tsc: "))
	}
	return f, nil
}

// ParseSort reads one --sort key: "field" (ascending) or "field:asc|desc".
func ParseSort(expr string) (tsc.Sort, error) {
	field, dir, hasDir := strings.Cut(expr, ":")
	s := tsc.Asc(field)
	if hasDir {
		switch strings.ToLower(dir) {
		case "asc":
		case "desc":
			s = tsc.Desc(field)
		default:
			return tsc.Sort{}, FlagErrorf("sort %q: direction %q is not asc or desc", expr, dir)
		}
	}
	if err := (tsc.ListOptions{Sort: []tsc.Sort{s}}).Validate(); err != nil {
		return tsc.Sort{}, FlagErrorf("sort %q: %s", expr, strings.TrimPrefix(err.Error(), "tsc: "))
	}
	return s, nil
}

// ListOptions checks the flags (usage errors, before any request) and
// returns the SDK options of the first page.
func (l *ListFlags) ListOptions() (tsc.ListOptions, error) {
	var o tsc.ListOptions
	if l.All && l.Limit != 0 {
		return o, FlagErrorf("--all and --limit cannot be used together")
	}
	if l.Limit < 0 {
		return o, FlagErrorf("--limit %d is not positive", l.Limit)
	}
	if l.PageSize < 0 || l.PageSize > tsc.MaxPageSize {
		return o, FlagErrorf("--page-size %d is outside 1..%d", l.PageSize, tsc.MaxPageSize)
	}
	for _, e := range l.Filters {
		f, err := ParseFilter(e)
		if err != nil {
			return o, err
		}
		o.Filters = append(o.Filters, f)
	}
	for _, e := range l.Sorts {
		s, err := ParseSort(e)
		if err != nil {
			return o, err
		}
		o.Sort = append(o.Sort, s)
	}
	o.PageSize = l.PageSize
	if o.PageSize == 0 {
		switch {
		case l.All:
			o.PageSize = tsc.MaxPageSize
		default:
			o.PageSize = min(l.limit(), tsc.MaxPageSize)
		}
	}
	return o, nil
}

func (l *ListFlags) limit() int {
	if l.Limit > 0 {
		return l.Limit
	}
	return DefaultLimit
}

// PageFunc fetches one page of a list: an SDK List method, or a closure
// around one that takes more arguments.
type PageFunc[T any] func(ctx context.Context, opts tsc.ListOptions) ([]T, tsc.Pagination, error)

// NoteTruncated tells the user (on stderr, unless quiet) that a list shows
// fewer items than the server has, and how to see the rest.
func (f *Factory) NoteTruncated(shown, total int, what string) {
	if total > shown {
		f.IO.Infof("Showing %d of %d %s; use --limit N or --all to see more\n", shown, total, what)
	}
}

// Successf prints a one-line confirmation of a change (deleted, added...)
// on stdout, unless --quiet.
func (f *Factory) Successf(format string, args ...any) {
	if f.IO.Quiet {
		return
	}
	fmt.Fprintf(f.IO.Out, format, args...)
}
