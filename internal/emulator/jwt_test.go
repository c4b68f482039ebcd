package emulator

import (
	"strings"
	"testing"
	"time"
)

func TestVerifyJWT(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	good := SignJWT("secret", "kid", "iss", "alice", now.Add(time.Minute))
	if sub, err := verifyJWT(good, "secret", "kid", "iss", now); err != nil || sub != "alice" {
		t.Fatalf("good token: %q, %v", sub, err)
	}
	for name, tc := range map[string]struct {
		token, secret, kid, iss string
		now                     time.Time
	}{
		"wrong secret": {good, "other", "kid", "iss", now},
		"wrong kid":    {good, "secret", "other", "iss", now},
		"wrong issuer": {good, "secret", "kid", "other", now},
		"expired":      {good, "secret", "kid", "iss", now.Add(time.Hour)},
		"too far":      {SignJWT("secret", "kid", "iss", "alice", now.Add(time.Hour)), "secret", "kid", "iss", now},
		"two parts":    {"a.b", "secret", "kid", "iss", now},
		"none alg":     {"eyJhbGciOiJub25lIn0." + strings.Split(good, ".")[1] + ".", "secret", "kid", "iss", now},
		"garbage":      {"!!!.???.***", "secret", "kid", "iss", now},
	} {
		if _, err := verifyJWT(tc.token, tc.secret, tc.kid, tc.iss, tc.now); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
