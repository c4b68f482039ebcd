// Package faults makes the emulator misbehave on purpose: answers of 429
// with Retry-After, 500, 502, 503 and 504, connections reset before or
// after a request is processed, answers cut off in the middle of their
// body, and latency. Rules choose requests by method and path and fire
// with a probability drawn from a seeded generator, so a run is repeatable.
//
// An Injector wraps the emulator's handler (tsctest and `tabctl serve` put
// one in front of every server) and answers GET, PUT/POST and DELETE on
// /_emulator/faults; no other /_emulator/ path is ever faulted.
//
// What a fault does, and whether the request took effect:
//
//	429, 503       refused before the handler runs (Tableau XML error; Retry-After)
//	500            refused before the handler runs (Tableau XML error)
//	502, 504       refused before the handler runs (an HTML page, as a proxy writes)
//	429+ ... 504+  the handler runs first, then its answer is replaced by the status:
//	               the request took effect, the client cannot tell
//	drop           the connection is reset before the handler runs (not processed)
//	reset          the handler runs, then the connection is reset before any byte
//	               of the answer (processed, the answer lost)
//	cut            the handler runs; the status, the headers with the full
//	               Content-Length and part of the body are sent, then the
//	               connection is closed (processed, the answer truncated)
//	latency        the request waits, then goes on (possibly to another fault)
package faults

import (
	"encoding/json"
	"fmt"
	"math"
	"path"
	"strconv"
	"strings"
	"time"
)

// Kind is what a fault does to a request.
type Kind string

// The kinds of fault.
const (
	TooManyRequests    Kind = "429"
	InternalError      Kind = "500"
	BadGateway         Kind = "502"
	ServiceUnavailable Kind = "503"
	GatewayTimeout     Kind = "504"
	Drop               Kind = "drop"
	Reset              Kind = "reset"
	Cut                Kind = "cut"
	Latency            Kind = "latency"
)

// kinds lists every Kind, in the order the documentation gives them.
var kinds = []Kind{TooManyRequests, InternalError, BadGateway, ServiceUnavailable, GatewayTimeout, Drop, Reset, Cut, Latency}

func (k Kind) status() int {
	switch k {
	case TooManyRequests, InternalError, BadGateway, ServiceUnavailable, GatewayTimeout:
		n, _ := strconv.Atoi(string(k))
		return n
	}
	return 0
}

// Duration is a time.Duration that reads and writes JSON as "20ms" (and
// reads a number as nanoseconds), so that the control endpoint takes what
// people type.
type Duration time.Duration

// MarshalJSON writes the duration as a Go duration string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads "20ms" or a number of nanoseconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		v, err := time.ParseDuration(s)
		if err != nil {
			return err
		}
		*d = Duration(v)
		return nil
	}
	var n int64
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("a duration is a string such as \"20ms\" or a number of nanoseconds: %w", err)
	}
	*d = Duration(n)
	return nil
}

// Rule is one fault and the requests it may hit.
type Rule struct {
	// Kind is what the fault does.
	Kind Kind `json:"kind"`
	// Probability, from 0 to 1, is the chance that a matching request gets
	// the fault (1 for a latency on every request).
	Probability float64 `json:"probability"`
	// After, for the status kinds, lets the handler run first and then
	// replaces its answer: the request took effect but the client sees an
	// error, as behind a gateway that gives up on a slow server.
	After bool `json:"after,omitempty"`
	// Method limits the rule to one HTTP method ("" for any).
	Method string `json:"method,omitempty"`
	// Path limits the rule to paths matching a glob, matched against the
	// path after /api/{version}/ (e.g. "sites/*/fileUploads/*"): "*"
	// matches within one segment, "**" any number of segments. "" matches
	// every path.
	Path string `json:"path,omitempty"`
	// Delay and Jitter are a latency rule's wait: Delay, plus or minus up
	// to Jitter, uniformly.
	Delay  Duration `json:"delay,omitempty"`
	Jitter Duration `json:"jitter,omitempty"`
	// RetryAfter is the Retry-After of 429 and 503 answers, in seconds:
	// zero means 1, a negative value sends none.
	RetryAfter int `json:"retryAfter,omitempty"`
}

// Label names the fault the way the spec writes it ("502+", "reset",
// "latency"): the key of its counter in Stats.
func (r Rule) Label() string {
	if r.After && r.Kind.status() != 0 {
		return string(r.Kind) + "+"
	}
	return string(r.Kind)
}

// Config is a set of rules and the seed of the generator that decides
// which requests they hit.
type Config struct {
	// Seed makes a run repeatable: the same seed and the same sequence of
	// requests inject the same faults.
	Seed uint64 `json:"seed"`
	// Rules are tried in order for each request: every matching latency
	// rule that fires adds its wait; the first other rule that fires
	// decides the request's fault.
	Rules []Rule `json:"rules"`
}

// Enabled reports whether any rule can fire.
func (c Config) Enabled() bool {
	for _, r := range c.Rules {
		if r.Probability > 0 {
			return true
		}
	}
	return false
}

// Validate checks every rule.
func (c Config) Validate() error {
	for i, r := range c.Rules {
		if err := r.validate(); err != nil {
			return fmt.Errorf("faults: rule %d (%s): %w", i+1, r.Label(), err)
		}
	}
	return nil
}

func (r Rule) validate() error {
	known := false
	for _, k := range kinds {
		known = known || r.Kind == k
	}
	switch {
	case !known:
		return fmt.Errorf("unknown kind %q (want one of 429, 500, 502, 503, 504, drop, reset, cut, latency)", r.Kind)
	case math.IsNaN(r.Probability) || r.Probability < 0 || r.Probability > 1:
		return fmt.Errorf("probability %v is not between 0 and 1", r.Probability)
	case r.After && r.Kind.status() == 0:
		return fmt.Errorf("only the status kinds can happen after the handler (%s already says when it happens)", r.Kind)
	case r.Kind != Latency && (r.Delay != 0 || r.Jitter != 0):
		return fmt.Errorf("only latency rules have a delay")
	case r.Delay < 0 || r.Jitter < 0:
		return fmt.Errorf("negative delay or jitter")
	case r.Jitter > r.Delay:
		return fmt.Errorf("jitter %s is larger than the delay %s", time.Duration(r.Jitter), time.Duration(r.Delay))
	case r.Kind == Latency && r.Delay == 0:
		return fmt.Errorf("a latency rule needs a delay")
	case strings.ContainsAny(r.Method, " /,@"):
		return fmt.Errorf("method %q is not an HTTP method", r.Method)
	case strings.ContainsAny(r.Path, ",@"):
		return fmt.Errorf("path %q may not contain ',' or '@'", r.Path)
	}
	for _, seg := range splitPath(r.Path) {
		if seg == "**" {
			continue
		}
		if _, err := path.Match(seg, ""); err != nil {
			return fmt.Errorf("path %q: bad pattern %q", r.Path, seg)
		}
	}
	return nil
}

// Parse reads the compact form of a rule list, as `tabctl serve --faults`
// takes it:
//
//	spec    = rule { "," rule }
//	rule    = fault [ "@" target ]
//	fault   = status [ "+" ] ":" prob
//	        | ( "drop" | "reset" | "cut" ) ":" prob
//	        | "latency=" duration [ ( "±" | "+-" ) duration ] [ ":" prob ]
//	status  = "429" | "500" | "502" | "503" | "504"
//	prob    = a number from 0 to 1, or a percentage ("5%")
//	target  = [ method ] [ "/" glob ]
//
// For example "429:0.05,500:0.02,reset:0.01,cut:0.01,latency=20ms±10ms"
// or "reset:0.1@POST/sites/*/workbooks,latency=5ms@GET". A latency
// without a probability applies to every request. Spaces around the parts
// are ignored; an empty spec is no rules.
func Parse(spec string) ([]Rule, error) {
	var rules []Rule
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		r, err := parseRule(part)
		if err != nil {
			return nil, fmt.Errorf("faults: %q: %w", part, err)
		}
		if err := r.validate(); err != nil {
			return nil, fmt.Errorf("faults: %q: %w", part, err)
		}
		rules = append(rules, r)
	}
	return rules, nil
}

func parseRule(s string) (Rule, error) {
	var r Rule
	fault, target, hasTarget := strings.Cut(s, "@")
	if hasTarget {
		target = strings.TrimSpace(target)
		method, glob, _ := strings.Cut(target, "/")
		r.Method = strings.ToUpper(strings.TrimSpace(method))
		r.Path = strings.Trim(strings.TrimSpace(glob), "/")
		if r.Method == "" && r.Path == "" {
			return r, fmt.Errorf("empty target after @")
		}
	}
	fault = strings.ToLower(strings.TrimSpace(fault))
	if rest, ok := strings.CutPrefix(fault, "latency="); ok {
		r.Kind, r.Probability = Latency, 1
		d, prob, hasProb := strings.Cut(rest, ":")
		if hasProb {
			p, err := parseProb(prob)
			if err != nil {
				return r, err
			}
			r.Probability = p
		}
		base, jitter, hasJitter := strings.Cut(d, "±")
		if !hasJitter {
			base, jitter, hasJitter = strings.Cut(d, "+-")
		}
		v, err := time.ParseDuration(strings.TrimSpace(base))
		if err != nil {
			return r, fmt.Errorf("latency: %w", err)
		}
		r.Delay = Duration(v)
		if hasJitter {
			j, err := time.ParseDuration(strings.TrimSpace(jitter))
			if err != nil {
				return r, fmt.Errorf("latency jitter: %w", err)
			}
			r.Jitter = Duration(j)
		}
		return r, nil
	}
	kind, prob, ok := strings.Cut(fault, ":")
	if !ok {
		return r, fmt.Errorf("want kind:probability (e.g. 500:0.02) or latency=duration")
	}
	kind = strings.TrimSpace(kind)
	if k, ok := strings.CutSuffix(kind, "+"); ok {
		kind, r.After = k, true
	}
	r.Kind = Kind(kind)
	p, err := parseProb(prob)
	if err != nil {
		return r, err
	}
	r.Probability = p
	return r, nil
}

func parseProb(s string) (float64, error) {
	s = strings.TrimSpace(s)
	scale := 1.0
	if v, ok := strings.CutSuffix(s, "%"); ok {
		s, scale = strings.TrimSpace(v), 100
	}
	p, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(p) || math.IsInf(p, 0) {
		return 0, fmt.Errorf("probability %q is not a number", s)
	}
	return p / scale, nil
}

// Format writes rules in the compact form Parse reads.
func Format(rules []Rule) string {
	parts := make([]string, 0, len(rules))
	for _, r := range rules {
		var b strings.Builder
		if r.Kind == Latency {
			b.WriteString("latency=" + time.Duration(r.Delay).String())
			if r.Jitter > 0 {
				b.WriteString("±" + time.Duration(r.Jitter).String())
			}
			if r.Probability != 1 {
				b.WriteString(":" + strconv.FormatFloat(r.Probability, 'g', -1, 64))
			}
		} else {
			b.WriteString(r.Label() + ":" + strconv.FormatFloat(r.Probability, 'g', -1, 64))
		}
		if r.Method != "" || r.Path != "" {
			b.WriteString("@" + strings.ToUpper(r.Method))
			if r.Path != "" {
				b.WriteString("/" + r.Path)
			}
		}
		parts = append(parts, b.String())
	}
	return strings.Join(parts, ",")
}

// String is the rules in compact form and the seed, for logs.
func (c Config) String() string {
	return fmt.Sprintf("%s (seed %d)", Format(c.Rules), c.Seed)
}

func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// matchPath matches path segments against glob segments: "**" takes any
// number of segments, anything else one segment with path.Match.
func matchPath(glob, segs []string) bool {
	for len(glob) > 0 {
		if glob[0] == "**" {
			for i := 0; i <= len(segs); i++ {
				if matchPath(glob[1:], segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, _ := path.Match(glob[0], segs[0]); !ok {
			return false
		}
		glob, segs = glob[1:], segs[1:]
	}
	return len(segs) == 0
}

// matches reports whether the rule applies to a request; rel is the path
// after /api/{version}/, already split.
func (r *Rule) matches(method string, rel []string, glob []string) bool {
	if r.Method != "" && !strings.EqualFold(r.Method, method) {
		return false
	}
	if r.Path == "" {
		return true
	}
	return matchPath(glob, rel)
}
