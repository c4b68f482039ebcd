package tsc

import (
	"context"
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
func (lc listCall[T]) all(ctx context.Context, c *Client, start ListOptions) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		// Each range over the iterator walks the list afresh from start.
		opts := start
		if opts.PageNumber == 0 {
			opts.PageNumber = 1
		}
		requested := opts.PageSize
		if requested == 0 {
			requested = c.pageSize
		}
		for {
			items, p, err := lc.page(ctx, c, opts)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			size := p.PageSize
			if size <= 0 {
				size = requested
			}
			if len(items) == 0 || len(items) < size || opts.PageNumber*size >= p.TotalAvailable {
				return
			}
			opts.PageNumber++
		}
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
