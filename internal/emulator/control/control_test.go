package control

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHostAllowed(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1:8080":      true,
		"127.0.0.1":           true,
		"127.9.9.9:1":         true,
		"[::1]:8080":          true,
		"[::1]":               true,
		"10.0.0.7:8080":       true, // an IP literal cannot be rebound
		"localhost:8080":      true,
		"LocalHost.:8080":     true,
		"app.localhost":       true,
		"emulator.test:8080":  true, // the listen host below
		"EMULATOR.TEST":       true,
		"evil.example:8080":   false,
		"localhost.evil.com":  false,
		"127.0.0.1.nip.io":    false,
		"evil-localhost:8080": false,
		"":                    false,
		":8080":               false,
	} {
		if got := hostAllowed(host, "emulator.test"); got != want {
			t.Errorf("hostAllowed(%q) = %v, want %v", host, got, want)
		}
	}
	if hostAllowed("emulator.test", "") {
		t.Error("a name is allowed without a listen host")
	}
}

func TestCheckToken(t *testing.T) {
	for tok, says := range map[string]string{
		"":                       "at least 16 characters long (it has 0)",
		"fifteen-chars-xx":       "",
		"fifteen-chars-x":        "at least 16 characters long (it has 15)",
		"sixteen chars ok!":      "printable ASCII",
		"sixteen\tchars-ok!":     "printable ASCII",
		"sixteen-chars-ok\n":     "printable ASCII",
		"sixteen-chars-ok\u00e9": "printable ASCII",
	} {
		err := CheckToken(tok)
		switch {
		case says == "" && err != nil:
			t.Errorf("CheckToken(%q) = %v", tok, err)
		case says != "" && (err == nil || !strings.Contains(err.Error(), says)):
			t.Errorf("CheckToken(%q) = %v, want it to say %q", tok, err, says)
		}
	}
	a, b := NewToken(), NewToken()
	if len(a) != 43 || a == b || CheckToken(a) != nil {
		t.Errorf("NewToken gave %q and %q", a, b)
	}
}

// TestGuardNeedsAToken: a guard without a usable token is refused, not
// built open; turned off, it needs none.
func TestGuardNeedsAToken(t *testing.T) {
	if _, err := Guard(http.NotFoundHandler(), Policy{}); err == nil {
		t.Error("Guard accepted an empty token")
	}
	if _, err := Guard(http.NotFoundHandler(), Policy{Off: true}); err != nil {
		t.Errorf("Guard turned off: %v", err)
	}
}

// TestGuardMarksWhatItAdmits: the handler behind sees Admitted only for a
// control request that passed; other paths pass unmarked, and nothing a
// client sends can set the mark.
func TestGuardMarksWhatItAdmits(t *testing.T) {
	const tok = "guard-test-token-0123"
	var seen []bool
	next := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) { seen = append(seen, Admitted(req)) })
	for _, tc := range []struct {
		policy Policy
		path   string
		auth   string
		want   []bool
	}{
		{Policy{Token: tok}, "/_emulator/stats", "Bearer " + tok, []bool{true}},
		{Policy{Token: tok}, "/_emulator/stats", "Bearer nope-nope-nope-nope", nil},
		{Policy{Token: tok}, "/api/3.29/sites", "Bearer " + tok, []bool{false}},
		{Policy{Token: tok, Off: true}, "/_emulator/stats", "Bearer " + tok, []bool{false}},
	} {
		seen = nil
		g, err := Guard(next, tc.policy)
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest("GET", "http://127.0.0.1"+tc.path, nil)
		req.Header.Set("Authorization", tc.auth)
		g.ServeHTTP(httptest.NewRecorder(), req)
		if len(seen) != len(tc.want) || (len(seen) == 1 && seen[0] != tc.want[0]) {
			t.Errorf("%+v %s: the handler saw %v, want %v", tc.policy, tc.path, seen, tc.want)
		}
	}
}

// BenchmarkTokenCheck compares the cost of refusing a guess wrong in its
// first byte and one wrong in its last: with SHA-256 digests compared by
// subtle.ConstantTimeCompare, both cost the same, so the answer's timing
// tells an attacker nothing about how much of a guess was right (a plain
// == stops at the first differing byte). Short and long guesses show
// that what varies is hashing the guess, whose length the attacker chose;
// the token's length is not compared at all.
func BenchmarkTokenCheck(b *testing.B) {
	tok := NewToken()
	g, err := Guard(http.NotFoundHandler(), Policy{Token: tok})
	if err != nil {
		b.Fatal(err)
	}
	for name, guess := range map[string]string{
		"first-byte-wrong": "x" + tok[1:],
		"last-byte-wrong":  tok[:len(tok)-1] + "x",
		"short":            tok[:16],
		"long":             tok + tok,
	} {
		b.Run(name, func(b *testing.B) {
			req := httptest.NewRequest("GET", "http://127.0.0.1/_emulator/stats", nil)
			req.Header.Set("Authorization", "Bearer "+guess)
			gd := g.(*guard)
			for b.Loop() {
				if r := gd.check(req); r == nil || r.status != http.StatusUnauthorized {
					b.Fatal("a wrong token passed")
				}
			}
		})
	}
}

// TestNewTokenFollowsAFlag: a control token never starts with "-" or "_",
// so that it can follow --control-token or any other flag on a command line.
func TestNewTokenFollowsAFlag(t *testing.T) {
	for range 2000 {
		if tok := NewToken(); tok[0] == '-' || tok[0] == '_' || CheckToken(tok) != nil {
			t.Fatalf("token %q", tok)
		}
	}
}
