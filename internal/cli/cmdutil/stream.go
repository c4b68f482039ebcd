package cmdutil

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"

	"github.com/tsc-go/tsc"
)

// A list prints its rows page by page as the pages arrive, so that
// `list --all` holds one page, never the whole list, in every format: a
// JSON array is opened before the first row and closed after the last,
// CSV writes its header once, and a table aligns each page on its own
// (one page, the default, prints exactly as a whole table would).

// RowStream prints the rows of one list in a format, a batch at a time.
type RowStream[T any] struct {
	w     io.Writer
	f     Format
	table Table[T]
	n     int // rows written
	csv   *csv.Writer
	// started is set once a table's header is out.
	started bool
	closed  bool
}

// Stream starts printing a list to w. Write each batch of rows, then
// Close: an empty list prints as [] in JSON and as a header in CSV and
// table.
func (t Table[T]) Stream(w io.Writer, f Format) *RowStream[T] {
	return &RowStream[T]{w: w, f: f, table: t}
}

func (s *RowStream[T]) header() []string {
	hdr := make([]string, len(s.table.Columns))
	for i, c := range s.table.Columns {
		hdr[i] = c.Header
		if s.f != FormatCSV && s.f != FormatJSON {
			hdr[i] = strings.ToUpper(c.Header)
		}
	}
	return hdr
}

// Write prints a batch of rows.
func (s *RowStream[T]) Write(rows []T) error {
	switch s.f {
	case FormatJSON:
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetIndent("  ", "  ")
		enc.SetEscapeHTML(false)
		for _, r := range rows {
			buf.Reset()
			if err := enc.Encode(r); err != nil {
				return err
			}
			sep := ",\n  "
			if s.n == 0 {
				sep = "[\n  "
			}
			if _, err := io.WriteString(s.w, sep); err != nil {
				return err
			}
			if _, err := s.w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))); err != nil {
				return err
			}
			s.n++
		}
		return nil
	case FormatCSV:
		if s.csv == nil {
			s.csv = csv.NewWriter(s.w)
			if err := s.csv.Write(s.header()); err != nil {
				return err
			}
		}
		for _, r := range rows {
			rec := make([]string, len(s.table.Columns))
			for i, c := range s.table.Columns {
				rec[i] = c.Value(r)
			}
			if err := s.csv.Write(rec); err != nil {
				return err
			}
		}
		s.n += len(rows)
		s.csv.Flush()
		return s.csv.Error()
	default:
		if len(rows) == 0 && s.started {
			return nil
		}
		header := !s.started
		s.started = true
		s.n += len(rows)
		return s.table.writeTable(s.w, rows, header)
	}
}

// Close ends the list.
func (s *RowStream[T]) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	switch s.f {
	case FormatJSON:
		if s.n == 0 {
			_, err := io.WriteString(s.w, "[]\n")
			return err
		}
		_, err := io.WriteString(s.w, "\n]\n")
		return err
	case FormatCSV:
		if s.csv == nil {
			return s.Write(nil)
		}
		return nil
	default:
		if !s.started {
			return s.Write(nil)
		}
		return nil
	}
}

// ListStream prints a list through the printer, batch by batch, with its
// --fields choice applied to each batch.
type ListStream[T any] struct {
	p     *Printer[T]
	plain *RowStream[T]
	proj  *RowStream[object]
}

// Fit makes list tables fit a terminal this many columns wide (0: no
// limit), cutting their widest columns with "…".
func (p *Printer[T]) Fit(width int) { p.list.width = width }

// Stream starts printing a list to w, a batch at a time.
func (p *Printer[T]) Stream(w io.Writer) *ListStream[T] {
	if len(p.fields) == 0 {
		return &ListStream[T]{p: p, plain: p.list.Stream(w, p.format)}
	}
	proj := p.projected()
	proj.width = p.list.width
	return &ListStream[T]{p: p, proj: proj.Stream(w, p.format)}
}

// Write prints a batch of rows.
func (s *ListStream[T]) Write(rows []T) error {
	if s.plain != nil {
		return s.plain.Write(rows)
	}
	objs, err := s.p.project(rows)
	if err != nil {
		return err
	}
	return s.proj.Write(objs)
}

// Close ends the list.
func (s *ListStream[T]) Close() error {
	if s.plain != nil {
		return s.plain.Close()
	}
	return s.proj.Close()
}

// EachPage walks the pages the flags ask for (up to the limit, or all of
// them), handing each page's items to fn as it arrives, and returns how
// many items were handed and the total the server reported. Flags are
// checked before the first request.
func EachPage[T any](ctx context.Context, l *ListFlags, page PageFunc[T], fn func([]T) error) (n, total int, err error) {
	opts, err := l.ListOptions()
	if err != nil {
		return 0, 0, err
	}
	return eachPage(ctx, opts, l.All, l.limit(), page, fn)
}

// eachPage walks pages from opts: every page when all is set, otherwise
// until limit items. It stops at an empty or short page, or once
// pageNumber*pageSize reaches the reported total, so it always ends.
func eachPage[T any](ctx context.Context, opts tsc.ListOptions, all bool, limit int, page PageFunc[T], fn func([]T) error) (int, int, error) {
	n, total := 0, 0
	if opts.PageNumber == 0 {
		opts.PageNumber = 1
	}
	for {
		items, p, err := page(ctx, opts)
		if err != nil {
			return n, 0, err
		}
		total = p.TotalAvailable
		got := len(items)
		if !all && n+len(items) >= limit {
			items = items[:limit-n]
		}
		if err := fn(items); err != nil {
			return n, 0, err
		}
		n += len(items)
		if !all && n >= limit {
			return n, max(total, n), nil
		}
		size := p.PageSize
		if size <= 0 {
			size = opts.PageSize
		}
		if got == 0 || got < size || opts.PageNumber*size >= p.TotalAvailable {
			return n, max(total, n), nil
		}
		opts.PageNumber++
	}
}
