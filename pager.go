package tsc

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
)

// listCall describes one list endpoint: enough for List and All.
type listCall[T any] struct {
	name       string
	minVersion Version
	// path is relative to /api/{v}/; site-scoped paths are resolved by the caller.
	path string
	// query carries endpoint-specific parameters besides paging and filters.
	query url.Values
	// pick takes the items out of a decoded page.
	pick func(*TSResponse) []T
}

// page fetches one page. A response without <pagination> (some endpoints send
// none) is reported as a single, complete page.
func (lc listCall[T]) page(ctx context.Context, c *Client, opts ListOptions) ([]T, Pagination, error) {
	if err := opts.Validate(); err != nil {
		return nil, Pagination{}, err
	}
	q := url.Values{}
	for k, v := range lc.query {
		q[k] = v
	}
	opts.query(q, c.pageSize)
	resp, err := c.call(ctx, &request{name: lc.name, minVersion: lc.minVersion, method: http.MethodGet, path: lc.path, query: q, auth: true})
	if err != nil {
		return nil, Pagination{}, err
	}
	items := lc.pick(resp)
	if resp.Pagination == nil {
		n := len(items)
		return items, Pagination{PageNumber: max(opts.PageNumber, 1), PageSize: n, TotalAvailable: n}, nil
	}
	return items, *resp.Pagination, nil
}

// all iterates every page from opts.PageNumber on, lazily. It stops at an
// empty page, a short page, or once pageNumber*pageSize reaches the total the
// latest page reported, so a list that grows or shrinks while it is walked
// still ends.
//
// With WithPrefetch(n), up to n further pages are requested while the
// caller handles the current one: the pages that the latest page's
// pagination says exist, in order. The values yielded are the same as
// without; breaking out of the loop, or a page that turns out to be the
// last, cancels the requests still in flight and waits for them.
func (lc listCall[T]) all(ctx context.Context, c *Client, start ListOptions) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		// Each range over the iterator walks the list afresh from start.
		opts := start
		if opts.PageNumber == 0 {
			opts.PageNumber = 1
		}
		first := opts.PageNumber
		requested := opts.PageSize
		if requested == 0 {
			requested = c.pageSize
		}
		// ahead holds the pages requested ahead, in page order from
		// opts.PageNumber on.
		var ahead []*prefetched[T]
		defer func() {
			for _, f := range ahead {
				f.cancel()
			}
		}()
		for {
			var items []T
			var p Pagination
			var err error
			if len(ahead) > 0 {
				items, p, err = ahead[0].wait()
				ahead = ahead[1:]
			} else {
				items, p, err = lc.page(ctx, c, opts)
			}
			if err != nil {
				if opts.PageNumber > first && pastLastPage(err) {
					// The list shrank while it was walked (another client
					// deleted items) and the page the previous one promised
					// is now past the end, which Tableau refuses rather than
					// answering empty: the list has ended.
					return
				}
				var zero T
				yield(zero, err)
				return
			}
			size := p.PageSize
			if size <= 0 {
				size = requested
			}
			last := len(items) == 0 || len(items) < size || opts.PageNumber*size >= p.TotalAvailable
			if !last {
				// Request ahead the pages this page says exist.
				for next := opts.PageNumber + 1 + len(ahead); len(ahead) < c.prefetch && (next-1)*size < p.TotalAvailable; next++ {
					o := opts
					o.PageNumber = next
					ahead = append(ahead, prefetch(ctx, c, lc, o))
				}
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if last {
				return
			}
			opts.PageNumber++
		}
	}
}

// codePageNumberPastEnd is Tableau's answer to a page number past the last
// page ("The page number ... is greater than the final page number").
const codePageNumberPastEnd = "400006"

// pastLastPage reports whether err is the server refusing a page past the end.
func pastLastPage(err error) bool {
	var se *ServerError
	return errors.As(err, &se) && se.Code == codePageNumberPastEnd
}

// prefetched is a page being fetched in the background.
type prefetched[T any] struct {
	stop  context.CancelFunc
	done  chan struct{}
	items []T
	p     Pagination
	err   error
}

func prefetch[T any](ctx context.Context, c *Client, lc listCall[T], opts ListOptions) *prefetched[T] {
	ctx, stop := context.WithCancel(ctx)
	f := &prefetched[T]{stop: stop, done: make(chan struct{})}
	go func() {
		defer close(f.done)
		f.items, f.p, f.err = lc.page(ctx, c, opts)
	}()
	return f
}

// wait returns the page once it has arrived.
func (f *prefetched[T]) wait() ([]T, Pagination, error) {
	<-f.done
	f.stop()
	return f.items, f.p, f.err
}

// cancel abandons the page and waits for its request to end, so that no
// goroutine outlives the iteration.
func (f *prefetched[T]) cancel() {
	f.stop()
	<-f.done
}

// WithPrefetch makes every All iterator of the client request up to pages
// pages ahead of the one the caller is handling, so that waiting for the
// server overlaps the caller's work and the SDK's decoding instead of
// adding to them. With 1, the next page is fetched and decoded while the
// caller handles the current one; with 2 (the best for walking a large
// list fast), the server also works on a page while the SDK decodes the one
// before. The items and their order are the same as without; a loop that
// breaks early has sent up to pages requests too many (cancelled). Off by
// default, because a caller that changes the list while walking it sees
// the following pages as they were slightly earlier. pages 0 turns it off.
func WithPrefetch(pages int) Option {
	return func(c *Client) error {
		if pages < 0 || pages > 8 {
			return fmt.Errorf("tsc: WithPrefetch: %d pages ahead is outside 0..8", pages)
		}
		c.prefetch = pages
		return nil
	}
}

// siteList builds a listCall for a site-scoped path, or reports that there is no session.
func siteList[T any](c *Client, name string, minVersion Version, path string, pick func(*TSResponse) []T) (listCall[T], error) {
	p, err := c.sitePath(path)
	if err != nil {
		return listCall[T]{}, err
	}
	return listCall[T]{name: name, minVersion: minVersion, path: p, pick: pick}, nil
}

// errSeq is an iterator that yields one error.
func errSeq[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}
