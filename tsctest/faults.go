package tsctest

import (
	"time"

	"github.com/tsc-go/tsc/internal/emulator/faults"
)

// FaultConfig is a seed and the fault rules it drives: the same seed and
// the same sequence of requests inject the same faults.
type FaultConfig = faults.Config

// FaultRule is one kind of fault (429, 500, 502, 503, 504 answers; a
// connection dropped before the request is processed, or reset after; an
// answer cut off mid-body; latency), its probability, and the requests it
// may hit (by method and path glob). See ParseFaults for the compact form.
type FaultRule = faults.Rule

// FaultStats counts the requests the rules were tried on and the faults
// injected, by kind and by rule.
type FaultStats = faults.Stats

// ParseFaults reads the compact form of fault rules that `tabctl serve
// --faults` takes, e.g. "429:0.05,500:0.02,reset:0.01,cut:0.01,latency=20ms±10ms"
// or "reset:0.1@POST/sites/*/workbooks". A status followed by "+" (502+)
// lets the request take effect before its answer is replaced.
func ParseFaults(spec string) ([]FaultRule, error) { return faults.Parse(spec) }

// WithFaults injects the faults of a compact spec (see ParseFaults), with
// a seed that makes the run repeatable. A spec that does not parse fails
// NewServer.
func WithFaults(spec string, seed uint64) Option {
	return func(o *Options) {
		rules, err := faults.Parse(spec)
		if err != nil {
			o.optErr = err
			return
		}
		o.Faults.Seed = seed
		o.Faults.Rules = append(o.Faults.Rules, rules...)
	}
}

// WithLatency delays every request by delay, plus or minus up to jitter
// (uniformly): a slow network or server, for benchmarks and timeouts.
func WithLatency(delay, jitter time.Duration) Option {
	return func(o *Options) {
		o.Faults.Rules = append(o.Faults.Rules, FaultRule{Kind: faults.Latency, Probability: 1,
			Delay: faults.Duration(delay), Jitter: faults.Duration(jitter)})
	}
}

// SetFaults replaces the server's fault rules, reseeds the generator and
// zeroes the counters, while it runs.
func (s *Server) SetFaults(cfg FaultConfig) error { return s.faults.Set(cfg) }

// ClearFaults stops injecting faults and zeroes the counters.
func (s *Server) ClearFaults() { s.faults.Clear() }

// Faults returns the rules and seed in force.
func (s *Server) Faults() FaultConfig { return s.faults.Config() }

// FaultStats returns what was injected since the rules were last set, for
// tests that check a fault really happened.
func (s *Server) FaultStats() FaultStats { return s.faults.Stats() }

// Handled is how many requests reached the handler of the endpoint with
// the method and routing pattern, e.g. Handled("POST",
// "sites/{site}/workbooks"): requests refused before (a fault injected in
// front, no session, another site) are not counted. It proves that a
// request was sent once, say a publish under faults.
func (s *Server) Handled(method, pattern string) int64 { return s.emu.Handled(method, pattern) }
