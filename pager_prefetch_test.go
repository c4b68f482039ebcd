package tsc

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestPrefetchWalksTheSamePages checks that All with WithPrefetch yields
// what it yields without, and asks for the same pages, on lists that do
// not change.
func TestPrefetchWalksTheSamePages(t *testing.T) {
	for _, depth := range []int{1, 2, 3} {
		for _, tt := range []struct{ total, size, start int }{
			{0, 10, 0}, {1, 10, 0}, {10, 10, 0}, {11, 10, 0}, {25, 10, 0}, {30, 10, 0}, {7, 1, 0}, {25, 10, 2}, {2500, 0, 0},
		} {
			t.Run(fmt.Sprintf("depth=%d,total=%d,size=%d,start=%d", depth, tt.total, tt.size, tt.start), func(t *testing.T) {
				ts := setup(t, WithPrefetch(depth))
				f := newFakeUsers(t, tt.total)
				ts.mux.Handle("GET "+usersPath, f)
				names, errs := collectUsers(t, ts, ListOptions{PageSize: tt.size, PageNumber: tt.start})
				if len(errs) > 0 {
					t.Fatalf("errors: %v", errs)
				}
				size := tt.size
				if size == 0 {
					size = DefaultPageSize
				}
				first := max(tt.start, 1)
				if diff := cmp.Diff(namesRange((first-1)*size, tt.total), names); diff != "" {
					t.Errorf("items (-want +got):\n%s", diff)
				}
				last := max(first, (tt.total+size-1)/size)
				got := f.requested()
				slices.Sort(got) // pages ahead may reach the server in any order
				if diff := cmp.Diff(pageRange(first, last), got); diff != "" {
					t.Errorf("pages requested (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// TestPrefetchOverlapsTheCaller checks that the next page is requested
// while the caller still handles the current one.
func TestPrefetchOverlapsTheCaller(t *testing.T) {
	ts := setup(t, WithPrefetch(1))
	f := newFakeUsers(t, 4)
	page2 := make(chan struct{})
	f.beforeServe = func(_ *fakeUsers, request int) {
		if request == 2 {
			close(page2)
		}
	}
	ts.mux.Handle("GET "+usersPath, f)
	n := 0
	for _, err := range ts.client.Users.All(bg, ListOptions{PageSize: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if n == 1 {
			// Still on the first item of page 1: page 2 is on its way.
			select {
			case <-page2:
			case <-time.After(10 * time.Second):
				t.Fatal("page 2 was not requested while the caller handled page 1")
			}
		}
	}
	if n != 4 {
		t.Errorf("%d users, want 4", n)
	}
}

// TestPrefetchStopsWhenCallerBreaks checks that breaking out sends at most
// depth requests beyond the pages consumed, and that those requests are
// cancelled and waited for: nothing runs once the loop is left.
func TestPrefetchStopsWhenCallerBreaks(t *testing.T) {
	for _, depth := range []int{1, 2} {
		t.Run(fmt.Sprint(depth), func(t *testing.T) {
			ts := setup(t, WithPrefetch(depth))
			f := newFakeUsers(t, 20)
			var inFlight atomic.Int32
			ts.handle("GET "+usersPath, func(w http.ResponseWriter, r *http.Request) {
				inFlight.Add(1)
				defer inFlight.Add(-1)
				if r.URL.Query().Get("pageNumber") != "1" {
					// Pages ahead hang until the client gives up on them.
					<-r.Context().Done()
					return
				}
				f.ServeHTTP(w, r)
			})
			n := 0
			for _, err := range ts.client.Users.All(bg, ListOptions{PageSize: 2}) {
				if err != nil {
					t.Fatal(err)
				}
				if n++; n == 1 {
					break
				}
			}
			// The iterator has waited for its requests: their contexts are
			// cancelled, so the handlers return (the server may take a moment
			// to notice the closed connection).
			deadline := time.Now().Add(10 * time.Second)
			for inFlight.Load() > 0 && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
			if inFlight.Load() > 0 {
				t.Error("requests ahead still running after the loop ended")
			}
			if got := ts.count("GET", usersPath); got > 1+depth {
				t.Errorf("%d requests, want at most %d", got, 1+depth)
			}
		})
	}
}

// TestPrefetchErrorIsLastValue checks that a failing page ahead is reported
// where the page would have been: after the items before it, as the last
// value.
func TestPrefetchErrorIsLastValue(t *testing.T) {
	for _, depth := range []int{1, 2} {
		t.Run(fmt.Sprint(depth), func(t *testing.T) {
			ts := setup(t, WithPrefetch(depth), WithoutRetries())
			f := newFakeUsers(t, 10)
			ts.handle("GET "+usersPath, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Query().Get("pageNumber") == "3" {
					serveXML(http.StatusInternalServerError, []byte(`<tsResponse xmlns="http://tableau.com/api"><error code="500000"><summary>Internal error</summary><detail>boom</detail></error></tsResponse>`))(w, r)
					return
				}
				f.ServeHTTP(w, r)
			})
			names, errs := collectUsers(t, ts, ListOptions{PageSize: 2})
			if diff := cmp.Diff(namesRange(0, 4), names); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			var se *ServerError
			if len(errs) != 1 || !errors.As(errs[0], &se) || se.HTTPStatus != http.StatusInternalServerError {
				t.Errorf("errors %v, want one 500", errs)
			}
		})
	}
}

// TestPrefetchShrinkingList checks that a list that shrinks while walked
// still ends with the items the pages held, whatever was requested ahead.
func TestPrefetchShrinkingList(t *testing.T) {
	ts := setup(t, WithPrefetch(2))
	f := newFakeUsers(t, 10)
	f.beforeServe = func(f *fakeUsers, request int) {
		if request == 1 {
			// Page 1 still says 10; every later page says 3.
			return
		}
		if len(f.names) > 3 {
			f.names = f.names[:3]
		}
	}
	ts.mux.Handle("GET "+usersPath, f)
	names, errs := collectUsers(t, ts, ListOptions{PageSize: 2})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if diff := cmp.Diff(namesRange(0, 3), names); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}

func TestWithPrefetchRefusesBadDepths(t *testing.T) {
	for _, n := range []int{-1, 9} {
		if _, err := NewClient("http://127.0.0.1:1", WithPrefetch(n)); err == nil {
			t.Errorf("WithPrefetch(%d) was taken", n)
		}
	}
	if _, err := NewClient("http://127.0.0.1:1", WithPrefetch(0)); err != nil {
		t.Errorf("WithPrefetch(0): %v", err)
	}
}
