package tsctest_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

func TestFaultOptionsAndCounters(t *testing.T) {
	srv := tsctest.NewServer(t, tsctest.WithFaults("500:1@GET/sites/*/projects", 3), tsctest.WithLatency(time.Millisecond, 0))
	// Retry-After: 1 is waited for a millisecond at most.
	c := srv.MustClient(t, tsc.WithRetryPolicy(tsc.RetryPolicy{MaxAttempts: 3, MaxRetryAfter: time.Millisecond}))
	_, _, err := c.Projects.List(ctx, tsc.ListOptions{})
	var se *tsc.ServerError
	if !errors.As(err, &se) || se.HTTPStatus != 500 || !strings.Contains(se.Detail, "injected") {
		t.Fatalf("list under 500:1: %v", err)
	}
	if n := srv.Handled("GET", "sites/{site}/projects"); n != 0 {
		t.Errorf("a faulted request reached the handler %d times", n)
	}
	if n := srv.Handled("POST", "auth/signin"); n != 1 {
		t.Errorf("sign-in handled %d times", n)
	}
	st := srv.FaultStats()
	if st.Injected["500"] != 1 || st.Injected["latency"] != st.Requests || st.Total() != 1 {
		t.Errorf("stats %+v", st)
	}
	if cfg := srv.Faults(); cfg.Seed != 3 || len(cfg.Rules) != 2 {
		t.Errorf("Faults() = %+v", cfg)
	}

	srv.ClearFaults()
	if _, _, err := c.Projects.List(ctx, tsc.ListOptions{}); err != nil {
		t.Fatalf("after ClearFaults: %v", err)
	}
	if n := srv.Handled("GET", "sites/{site}/projects"); n != 1 {
		t.Errorf("handled %d times after clearing", n)
	}

	rules, err := tsctest.ParseFaults("503:1@GET")
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.SetFaults(tsctest.FaultConfig{Seed: 1, Rules: rules}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Projects.List(ctx, tsc.ListOptions{}); !errors.As(err, &se) || se.HTTPStatus != 503 {
		t.Fatalf("after SetFaults(503): %v", err)
	}
	if err := srv.SetFaults(tsctest.FaultConfig{Rules: []tsctest.FaultRule{{Kind: "cut", Probability: 7}}}); err == nil {
		t.Error("SetFaults took a probability of 7")
	}
}

func TestBadFaultSpecFailsStart(t *testing.T) {
	var o tsctest.Options
	tsctest.WithFaults("teapot:1", 1)(&o)
	if _, err := tsctest.Start(o); err == nil || !strings.Contains(err.Error(), "teapot") {
		t.Fatalf("Start with a bad spec: %v", err)
	}
	if _, err := tsctest.Start(tsctest.Options{Faults: tsctest.FaultConfig{Rules: []tsctest.FaultRule{{Kind: "latency"}}}}); err == nil {
		t.Fatal("Start took a latency rule without a delay")
	}
}
