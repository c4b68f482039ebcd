package tsc

import (
	"context"
	"errors"
	"iter"
	"sync"
	"time"
)

// DefaultConcurrency is how many per-item calls Map runs at once unless told otherwise.
const DefaultConcurrency = 8

// MapOptions tune Map.
type MapOptions struct {
	// Concurrency bounds the calls in flight; zero means DefaultConcurrency.
	Concurrency int
	// CollectErrors keeps going past a failed item: its Result carries the
	// error and the rest still run. Without it the first error stops Map.
	CollectErrors bool
}

// Result is one item's outcome in Map: the input, the value fn made of it,
// and fn's error (only with CollectErrors; otherwise an error ends the
// iteration instead).
type Result[T, R any] struct {
	Index int
	Item  T
	Value R
	Err   error
}

// Map runs fn on every item of in with bounded concurrency and yields the
// results in the order of in, lazily: at most Concurrency items are in
// flight, so mapping 100,000 users holds a handful in memory, not all.
//
// It is the cure for the N+1 pattern, where each listed item needs one more
// call (a workbook's connections, a user's groups): those calls overlap
// instead of queueing one behind the other.
//
// An error from in always ends the iteration (it is yielded as the last
// value). An error from fn ends it too, unless opts.CollectErrors is set, in
// which case it is reported in that item's Result. Breaking out of the loop
// cancels the calls in flight.
func Map[T, R any](ctx context.Context, in iter.Seq2[T, error], fn func(context.Context, T) (R, error), opts MapOptions) iter.Seq2[Result[T, R], error] {
	n := opts.Concurrency
	if n <= 0 {
		n = DefaultConcurrency
	}
	return func(yield func(Result[T, R], error) bool) {
		parent := ctx
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()

		type slot struct {
			done chan struct{}
			res  Result[T, R]
		}
		// pending holds the slots in input order; sem bounds work in flight.
		pending := make(chan *slot, n)
		sem := make(chan struct{}, n)
		var inErr error
		var wg sync.WaitGroup

		go func() {
			defer close(pending)
			i := 0
			for item, err := range in {
				if err != nil {
					inErr = err
					return
				}
				select {
				case sem <- struct{}{}:
				case <-ctx.Done():
					return
				}
				s := &slot{done: make(chan struct{}), res: Result[T, R]{Index: i, Item: item}}
				i++
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer close(s.done)
					defer func() { <-sem }()
					s.res.Value, s.res.Err = fn(ctx, s.res.Item)
				}()
				select {
				case pending <- s:
				case <-ctx.Done():
					return
				}
			}
		}()
		// Whatever way the loop ends, no goroutine outlives Map's iteration.
		defer func() {
			cancel()
			for range pending {
			}
			wg.Wait()
		}()

		for s := range pending {
			<-s.done
			if s.res.Err != nil && !opts.CollectErrors {
				var zero Result[T, R]
				yield(zero, s.res.Err)
				return
			}
			if !yield(s.res, nil) {
				return
			}
		}
		// pending is closed: the producer has returned, so inErr is settled.
		if inErr != nil {
			var zero Result[T, R]
			yield(zero, inErr)
		} else if err := parent.Err(); err != nil {
			// The caller's context ended the walk early: say so, never end silently.
			var zero Result[T, R]
			yield(zero, err)
		}
	}
}

// Slice turns a slice into the input of Map.
func Slice[T any](items []T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, it := range items {
			if !yield(it, nil) {
				return
			}
		}
	}
}

// rateLimiter spaces requests at most rate per second with bursts of burst,
// shared by every goroutine using one Client.
type rateLimiter struct {
	mu       sync.Mutex
	interval time.Duration
	burst    int
	tokens   float64
	last     time.Time
}

func newRateLimiter(perSecond float64, burst int) *rateLimiter {
	return &rateLimiter{interval: time.Duration(float64(time.Second) / perSecond), burst: burst, tokens: float64(burst)}
}

// wait blocks until a request may go, or ctx ends.
func (l *rateLimiter) wait(ctx context.Context) error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	now := time.Now()
	if !l.last.IsZero() {
		l.tokens = min(float64(l.burst), l.tokens+float64(now.Sub(l.last))/float64(l.interval))
	}
	l.last = now
	l.tokens--
	var delay time.Duration
	if l.tokens < 0 {
		// Reserve the next token: the deficit is paid back by waiting.
		delay = time.Duration(-l.tokens * float64(l.interval))
	}
	l.mu.Unlock()
	if delay <= 0 {
		return nil
	}
	t := time.NewTimer(delay)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		// Give the reserved token back.
		l.mu.Lock()
		l.tokens++
		l.mu.Unlock()
		return ctx.Err()
	}
}

// WithRateLimit caps the requests this client sends, across all goroutines,
// to perSecond on average with bursts of up to burst: a polite bound for bulk
// work (Map) against a shared server. Retries count too.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(c *Client) error {
		if perSecond <= 0 || burst < 1 {
			return errors.New("tsc: WithRateLimit: the rate must be positive and the burst at least 1")
		}
		c.limiter = newRateLimiter(perSecond, burst)
		return nil
	}
}
