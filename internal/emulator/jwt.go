package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"
)

// jwtClaims are the claims a connected-app token carries.
type jwtClaims struct {
	Issuer   string   `json:"iss"`
	Subject  string   `json:"sub"`
	Audience audience `json:"aud"`
	Expiry   *float64 `json:"exp"`
	// NotBefore and IssuedAt are checked when present.
	NotBefore *float64 `json:"nbf"`
	ID        string   `json:"jti"`
	Scopes    []string `json:"scp"`
}

// audience is a string or a list of strings, as RFC 7519 allows.
type audience []string

func (a *audience) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*a = []string{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return errors.New("aud is neither a string nor a list of strings")
	}
	*a = many
	return nil
}

// maxJWTAge is how far in the future a token's expiry may be; Tableau
// refuses connected-app tokens that live longer than 10 minutes.
const maxJWTAge = 10 * time.Minute

// verifyJWT checks an HS256 token signed with secret: header, signature
// (in constant time), issuer, audience "tableau", expiry; it returns the
// subject, the user name to sign in.
func verifyJWT(token, secret, secretID, issuer string, now time.Time) (string, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return "", errors.New("not a JWS compact token")
	}
	var header struct {
		Alg string `json:"alg"`
		Kid string `json:"kid"`
		Iss string `json:"iss"`
	}
	hb, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil || json.Unmarshal(hb, &header) != nil {
		return "", errors.New("malformed header")
	}
	if header.Alg != "HS256" {
		return "", errors.New("alg must be HS256")
	}
	if secretID != "" && header.Kid != secretID {
		return "", errors.New("kid does not name the connected app's secret")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return "", errors.New("malformed signature")
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(parts[0] + "." + parts[1]))
	if !hmac.Equal(sig, mac.Sum(nil)) {
		return "", errors.New("bad signature")
	}
	pb, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return "", errors.New("malformed payload")
	}
	var c jwtClaims
	if err := json.Unmarshal(pb, &c); err != nil {
		return "", errors.New("malformed claims")
	}
	if issuer != "" && c.Issuer != issuer {
		return "", errors.New("wrong issuer")
	}
	if !slices.Contains(c.Audience, "tableau") {
		return "", errors.New(`aud must be "tableau"`)
	}
	if c.Expiry == nil {
		return "", errors.New("no exp")
	}
	exp := time.Unix(int64(*c.Expiry), 0)
	if !now.Before(exp) {
		return "", errors.New("expired")
	}
	if exp.Sub(now) > maxJWTAge {
		return "", errors.New("exp is more than 10 minutes away")
	}
	if c.NotBefore != nil && now.Before(time.Unix(int64(*c.NotBefore), 0)) {
		return "", errors.New("not valid yet")
	}
	if c.Subject == "" {
		return "", errors.New("no sub")
	}
	return c.Subject, nil
}

// SignJWT makes a connected-app token the emulator accepts: for tests and
// examples that need one without a JWT library.
func SignJWT(secret, secretID, issuer, subject string, expiry time.Time) string {
	enc := base64.RawURLEncoding
	h, _ := json.Marshal(map[string]string{"alg": "HS256", "typ": "JWT", "kid": secretID, "iss": issuer})
	p, _ := json.Marshal(map[string]any{
		"iss": issuer, "sub": subject, "aud": "tableau", "exp": expiry.Unix(),
		"jti": newToken(), "scp": []string{"tableau:content:read"},
	})
	signing := enc.EncodeToString(h) + "." + enc.EncodeToString(p)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(signing))
	return signing + "." + enc.EncodeToString(mac.Sum(nil))
}
