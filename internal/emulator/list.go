package emulator

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tsc-go/tsc"
)

// fieldKind says how a filter value is read and compared.
type fieldKind int

const (
	kindString fieldKind = iota
	kindTime
	kindBool
	kindInt
)

var (
	opsName   = []tsc.Operator{tsc.OpEq, tsc.OpIn, tsc.OpCIEq, tsc.OpHas}
	opsEnum   = []tsc.Operator{tsc.OpEq, tsc.OpIn}
	opsTime   = []tsc.Operator{tsc.OpEq, tsc.OpGt, tsc.OpGte, tsc.OpLt, tsc.OpLte}
	opsBool   = []tsc.Operator{tsc.OpEq}
	opsNumber = []tsc.Operator{tsc.OpEq, tsc.OpGt, tsc.OpGte, tsc.OpLt, tsc.OpLte}
)

// field is one filterable or sortable field of a list endpoint, mapped to an
// SQL expression. Only fields in a resource's table can reach SQL, so a query
// string never names a column.
type field struct {
	// expr is the SQL expression the field reads; empty for custom fields.
	expr string
	kind fieldKind
	// ops are the filter operators the field takes; none means not filterable.
	ops []tsc.Operator
	// sortable says whether sort= may name the field.
	sortable bool
	// cond builds the condition itself, for fields that are not one column
	// (tags: an EXISTS over the tags table).
	cond func(op tsc.Operator, values []string) (string, []any)
	// joined says the field reads a table joined to the resource's own (its
	// owner, project or workbook): a filter on it needs the joins to count.
	joined bool
}

// listSpec is a list endpoint's whitelist of fields.
type listSpec struct {
	resource string
	fields   map[string]field
	// order is the ORDER BY used after the requested sort keys, so that pages
	// are stable: a unique expression (a rowid, the last key of every index),
	// which then runs the way the keys do, or a whole clause, used as written.
	order string
	// defaultSort, when set, is the order of a list with no sort= (an
	// indexed expression, so that a large list pages without sorting).
	defaultSort string
}

// listQuery is a parsed list request, ready for SQL.
type listQuery struct {
	where    []string
	args     []any
	orderBy  string
	page     int
	pageSize int
	// pageText is the page number as sent when it was too large for an
	// int (page is then math.MaxInt), for the refusal's message.
	pageText string
	// inValues counts the "in" values of all terms, against maxInValuesTotal.
	inValues int
	// joined is set when a filter reads a joined table (field.joined).
	joined bool
	// countFrom, when set by the store, is the list's "FROM ... WHERE
	// <scope>" without its joins, taking the same arguments: the count of a
	// page whose filters need no join reads the resource's table alone,
	// which on a site of 100,000 views is several times cheaper. Joins are
	// inner joins on required foreign keys, so they never change the count.
	countFrom string
	// scope narrows the list to what the caller may see (listAccess.scope):
	// a condition for the page, written to stop early (correlated, so
	// that a page of 100 probes about 100 rows), and an equivalent one for
	// the count, written to read each rule set once (uncorrelated).
	scope *listScope
}

// listScope is a list's access condition, in its page and count forms.
type listScope struct {
	page, count         string
	pageArgs, countArgs []any
	// total, when set, counts the list without filters from the rules'
	// index instead of probing every row (listAccess.total).
	total func(ctx context.Context, q queryer) (int, error)
}

// parseList reads pageSize, pageNumber, filter and sort from q, refusing what
// Tableau refuses, each with its code.
func parseList(spec listSpec, q url.Values) (*listQuery, error) {
	lq := &listQuery{page: 1, pageSize: tsc.DefaultPageSize}
	if v := q.Get("pageSize"); v != "" {
		n, err := strconv.ParseInt(v, 10, strconv.IntSize)
		// A whole number too large for an int is over the maximum too.
		tooLarge := err != nil && errors.Is(err, strconv.ErrRange) && n > 0
		if !tooLarge && (err != nil || n < 1) {
			return nil, errf(http.StatusBadRequest, codeInvalidPageSize, "Invalid page size",
				"The page size parameter '%s' is not an integer, or is less than one.", quoteCut(v))
		}
		if tooLarge || n > tsc.MaxPageSize {
			return nil, errf(http.StatusForbidden, codePageSizeLimit, "Page size limit exceeded",
				"The specified page size %s is larger than the maximum page size %d.", quoteCut(v), tsc.MaxPageSize)
		}
		lq.pageSize = int(n)
	}
	if v := q.Get("pageNumber"); v != "" {
		n, err := strconv.ParseInt(v, 10, strconv.IntSize)
		switch {
		case err != nil && errors.Is(err, strconv.ErrRange) && n > 0:
			// A whole number too large for an int is past the last page of
			// any list: list refuses it as such, never wrapping it around.
			lq.page, lq.pageText = math.MaxInt, v
		case err != nil || n < 1:
			return nil, errf(http.StatusBadRequest, codeInvalidPageNum, "Invalid page number",
				"The page number '%s' is not an integer, or is less than one.", quoteCut(v))
		default:
			lq.page = int(n)
		}
	}
	if err := checkListParams(q); err != nil {
		return nil, err
	}
	if v := q.Get("filter"); v != "" {
		terms := splitFilter(v)
		if len(terms) > maxFilterTerms {
			return nil, filterLimit("The filter has %s terms; at most %s are allowed.", commas(len(terms)), commas(maxFilterTerms))
		}
		for _, expr := range terms {
			if err := lq.addFilter(spec, expr); err != nil {
				return nil, err
			}
		}
	}
	var order []string
	// The tie-breaker runs the way the keys do, so that an index read
	// backwards serves a descending sort.
	dir, dirs := "ASC", map[string]bool{}
	if v := q.Get("sort"); v != "" {
		keys := strings.Split(v, ",")
		if len(keys) > maxSortKeys {
			return nil, badRequest("The sort has %s keys; at most %s are allowed.", commas(len(keys)), commas(maxSortKeys))
		}
		seen := map[string]bool{}
		for _, expr := range keys {
			name, d, ok := strings.Cut(expr, ":")
			f, known := spec.fields[name]
			if !ok || !known || !f.sortable || f.expr == "" || (d != "asc" && d != "desc") {
				return nil, badRequest("The sort expression '%s' is not valid for %s: use field:asc or field:desc with one of %s.",
					quoteCut(expr), spec.resource, strings.Join(spec.sortable(), ", "))
			}
			if seen[name] {
				return nil, badRequest("The sort names '%s' more than once; each field may be sorted on once.", name)
			}
			seen[name] = true
			col := f.expr
			if f.kind == kindString {
				// Names sort as people read them: "default" before "Finance".
				col += " COLLATE NOCASE"
			}
			order = append(order, col+" "+strings.ToUpper(d))
			dirs[d] = true
		}
	}
	if len(dirs) == 1 && dirs["desc"] {
		dir = "DESC"
	}
	if len(order) == 0 && spec.defaultSort != "" {
		order = append(order, spec.defaultSort+" ASC")
	}
	tail := spec.order
	if dir == "DESC" && !strings.ContainsAny(tail, ", ") {
		// A bare expression follows the keys; a full clause stays as written.
		tail += " DESC"
	}
	order = append(order, tail)
	lq.orderBy = strings.Join(order, ", ")
	return lq, nil
}

func (spec listSpec) filterable() []string {
	var out []string
	for name, f := range spec.fields {
		if len(f.ops) > 0 {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func (spec listSpec) sortable() []string {
	var out []string
	for name, f := range spec.fields {
		if f.sortable {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// splitFilter splits "a:eq:x,tags:in:[p,q]" on the commas that are not
// inside brackets.
func splitFilter(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '[':
			depth++
		case ']':
			if depth > 0 {
				depth--
			}
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

func (lq *listQuery) addFilter(spec listSpec, expr string) error {
	name, rest, ok1 := strings.Cut(expr, ":")
	op, value, ok2 := strings.Cut(rest, ":")
	invalid := func(why string) error {
		return errf(http.StatusBadRequest, codeInvalidFilter, "Bad Request",
			"The filter query contains a key which is not recognized for this api version: '%s' (%s; %s filters on %s).",
			quoteCut(expr), why, spec.resource, strings.Join(spec.filterable(), ", "))
	}
	if !ok1 || !ok2 {
		return invalid("not field:operator:value")
	}
	f, known := spec.fields[name]
	if !known || len(f.ops) == 0 {
		return invalid("unknown field")
	}
	o := tsc.Operator(op)
	if !slices.Contains(f.ops, o) {
		return invalid("operator " + op + " is not supported by " + name)
	}
	var values []string
	if o == tsc.OpIn {
		if !strings.HasPrefix(value, "[") || !strings.HasSuffix(value, "]") {
			return invalid("in takes [a,b,...]")
		}
		// Counted before splitting, so that a refused list is never built.
		n := strings.Count(value, ",") + 1
		if n > maxInValues {
			return filterLimit("The filter has %s values for '%s:in'; at most %s are allowed.",
				commas(n), name, commas(maxInValues))
		}
		values = strings.Split(value[1:len(value)-1], ",")
		lq.inValues += len(values)
		if lq.inValues > maxInValuesTotal {
			return filterLimit("The filter has %s 'in' values in all its terms; at most %s are allowed.",
				commas(lq.inValues), commas(maxInValuesTotal))
		}
	} else {
		values = []string{value}
	}
	args := make([]any, len(values))
	for i, v := range values {
		if len(v) > maxFilterValueChars {
			if n := utf8.RuneCountInString(v); n > maxFilterValueChars {
				return filterLimit("A filter value for '%s:%s' has %s characters; at most %s are allowed.",
					name, op, commas(n), commas(maxFilterValueChars))
			}
		}
		a, err := f.kind.parse(v)
		if err != nil {
			return invalid("value " + strconv.Quote(quoteCut(v)) + " " + err.Error())
		}
		args[i] = a
	}
	lq.joined = lq.joined || f.joined
	if f.cond != nil {
		c, a := f.cond(o, values)
		lq.where = append(lq.where, c)
		lq.args = append(lq.args, a...)
		return nil
	}
	switch o {
	case tsc.OpEq:
		lq.where = append(lq.where, f.expr+" = ?")
	case tsc.OpCIEq:
		lq.where = append(lq.where, f.expr+" = ? COLLATE NOCASE")
	case tsc.OpGt:
		lq.where = append(lq.where, f.expr+" > ?")
	case tsc.OpGte:
		lq.where = append(lq.where, f.expr+" >= ?")
	case tsc.OpLt:
		lq.where = append(lq.where, f.expr+" < ?")
	case tsc.OpLte:
		lq.where = append(lq.where, f.expr+" <= ?")
	case tsc.OpHas:
		lq.where = append(lq.where, f.expr+` LIKE ? ESCAPE '\'`)
		args[0] = "%" + likeEscape(values[0]) + "%"
	case tsc.OpIn:
		lq.where = append(lq.where, f.expr+" IN ("+placeholders(len(args))+")")
	}
	lq.args = append(lq.args, args...)
	return nil
}

func (k fieldKind) parse(v string) (any, error) {
	switch k {
	case kindTime:
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return nil, errString("is not a time like 2016-05-04T21:24:49Z")
		}
		return t.UTC().Format(timeFormat), nil
	case kindBool:
		switch v {
		case "true":
			return 1, nil
		case "false":
			return 0, nil
		}
		return nil, errString("is not true or false")
	case kindInt:
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, errString("is not an integer")
		}
		return n, nil
	}
	return v, nil
}

type errString string

func (e errString) Error() string { return string(e) }

func likeEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// tagsField is a filter on the tags of content of the given type, whose id is idExpr.
//
// The condition is an uncorrelated "id IN (SELECT ...)": SQLite runs it
// once per query into a lookup table. Written as a correlated EXISTS it
// ran once per row and built its own IN list each time: 1,000 tags on a
// site of 5,000 workbooks took 1.1 s instead of a few milliseconds
// (BenchmarkListIn1000). Content ids are unique across sites, so the
// tags of another site's content never match.
func tagsField(contentType, idExpr string) field {
	return field{ops: []tsc.Operator{tsc.OpEq, tsc.OpIn}, cond: func(op tsc.Operator, values []string) (string, []any) {
		args := []any{contentType}
		for _, v := range values {
			args = append(args, v)
		}
		return idExpr + " IN (SELECT t.content_id FROM tags t WHERE t.content_type = ? AND t.label IN (" +
			placeholders(len(values)) + "))", args
	}}
}

// list runs a page of a list query. from is "FROM ... WHERE <scope>" with
// its arguments; cols are the selected columns, read by scan for each row.
// It returns the total number of rows matching, and refuses a page past the
// last one (other than page 1 of an empty list) as Tableau does.
// listOf pages a list query, scanning each row and rendering it to its
// model: the loop every list handler shares.
func listOf[R, M any](ctx context.Context, st *Store, cols, from string, args []any, lq *listQuery,
	scan func(interface{ Scan(...any) error }) (R, error), render func(R) M) ([]M, tsc.Pagination, error) {
	out := []M{}
	p, err := st.list(ctx, st.db, cols, from, args, lq, func(r *sql.Rows) error {
		row, err := scan(r)
		if err != nil {
			return err
		}
		out = append(out, render(row))
		return nil
	})
	return out, p, err
}

func (s *Store) list(ctx context.Context, q queryer, cols, from string, fromArgs []any, lq *listQuery, scan func(*sql.Rows) error) (tsc.Pagination, error) {
	where, countWhere := from, from
	if lq.countFrom != "" && !lq.joined {
		countWhere = lq.countFrom
	}
	args := slices.Clone(fromArgs)
	for _, w := range lq.where {
		where += " AND " + w
		countWhere += " AND " + w
	}
	args = append(args, lq.args...)
	countArgs := args
	if sc := lq.scope; sc != nil {
		where += " AND " + sc.page
		countWhere += " AND " + sc.count
		countArgs = append(slices.Clone(args), sc.countArgs...)
		args = append(args, sc.pageArgs...)
	}
	var total int
	// The rules' index counts the kind's whole list on the site: it stands
	// for the count only when nothing narrows the list, neither a filter
	// (lq.where) nor a condition of the store's own beyond the site (one
	// more argument than the site's id: a user's owned workbooks, a
	// workbook's views).
	if sc := lq.scope; sc != nil && sc.total != nil && len(lq.where) == 0 && len(fromArgs) == 1 {
		n, err := sc.total(ctx, q)
		if err != nil {
			return tsc.Pagination{}, err
		}
		total = n
	} else {
		if s.traceList != nil {
			s.traceList("SELECT count(*) "+countWhere, countArgs)
		}
		if err := q.QueryRowContext(ctx, "SELECT count(*) "+countWhere, countArgs...).Scan(&total); err != nil {
			return tsc.Pagination{}, err
		}
	}
	p := tsc.Pagination{PageNumber: lq.page, PageSize: lq.pageSize, TotalAvailable: total}
	// The offset is computed in int64 and only when it cannot overflow: a
	// page number whose first row lies past math.MaxInt64 is past the last
	// page of any list (a wrapped offset once served page 1 for it).
	skip, size := int64(lq.page)-1, int64(lq.pageSize)
	if lq.page > 1 && (skip > math.MaxInt64/size || skip*size >= int64(total)) {
		page := lq.pageText
		if page == "" {
			page = strconv.Itoa(lq.page)
		}
		return p, errf(http.StatusBadRequest, codeInvalidPageNum, "Invalid page number",
			"The page number %s is greater than the final page number for %d items at page size %d.", page, total, lq.pageSize)
	}
	offset := skip * size
	page := "SELECT " + cols + " " + where + " ORDER BY " + lq.orderBy + " LIMIT ? OFFSET ?"
	args = append(args, lq.pageSize, offset)
	if s.traceList != nil {
		s.traceList(page, args)
	}
	rows, err := q.QueryContext(ctx, page, args...)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return p, err
		}
	}
	return p, rows.Err()
}
