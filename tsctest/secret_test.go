package tsctest

import "testing"

// TestRandomSecretsFollowAFlag: a generated password or token secret never
// starts with "-" or "_", so that `tabcmd login --token-value SECRET` (argparse)
// reads it as a value. One draw in 32 started with one of them before.
func TestRandomSecretsFollowAFlag(t *testing.T) {
	seen := map[string]bool{}
	for range 2000 {
		s := randomSecret()
		if s[0] == '-' || s[0] == '_' || len(s) != 32 || seen[s] {
			t.Fatalf("secret %q: starts with a dash or underscore, is not 32 characters, or repeats", s)
		}
		seen[s] = true
	}
}
