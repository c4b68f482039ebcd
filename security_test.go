package tsc

import (
	"crypto/tls"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// tlsServer is a TLS test server (with httptest's self-signed certificate)
// that answers a sign-in and a user list.
func tlsServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method + " " + r.URL.Path {
		case "POST /api/3.29/auth/signin":
			serveXML(http.StatusOK, []byte(`<tsResponse xmlns="http://tableau.com/api"><credentials token="`+referenceToken+
				`"><site id="`+testSiteID+`" contentUrl=""/><user id="u1"/></credentials></tsResponse>`))(w, r)
		case "GET " + usersPath:
			serveXML(http.StatusOK, []byte(emptyUsersPage))(w, r)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestTLSVerifiedByDefault checks that a client refuses a server whose
// certificate it cannot verify, unless told otherwise; nothing is sent.
func TestTLSVerifiedByDefault(t *testing.T) {
	srv := tlsServer(t)
	c, err := NewClient(srv.URL, WithVersion("3.29"), WithoutRetries())
	if err != nil {
		t.Fatal(err)
	}
	err = c.SignIn(bg, Password("admin", secretPassword, ""))
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("sign-in to a self-signed server: %v, want a certificate error", err)
	}
	assertNoSecret(t, "error", err.Error())
	// The default transport is untouched: verification is per client.
	if tr, ok := http.DefaultTransport.(*http.Transport); ok && tr.TLSClientConfig != nil && tr.TLSClientConfig.InsecureSkipVerify {
		t.Error("http.DefaultTransport skips verification")
	}
}

// TestWithInsecureSkipVerify checks that the option reaches a self-signed
// server, with the default transport or the caller's (cloned, not changed,
// in whichever order the options come), and that the client warns once, at
// Warn level, with nothing secret in the warning.
func TestWithInsecureSkipVerify(t *testing.T) {
	srv := tlsServer(t)
	callerTransport := func() *http.Transport {
		return &http.Transport{TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12}, MaxIdleConnsPerHost: 7}
	}
	tests := []struct {
		name string
		// opts gives the options besides the logger; tr is the caller's transport, if any.
		opts func(tr *http.Transport) []Option
		tr   *http.Transport
	}{
		{"default transport", func(*http.Transport) []Option { return []Option{WithInsecureSkipVerify()} }, nil},
		{"caller's client after", func(tr *http.Transport) []Option {
			return []Option{WithInsecureSkipVerify(), WithHTTPClient(&http.Client{Transport: tr})}
		}, callerTransport()},
		{"caller's client before", func(tr *http.Transport) []Option {
			return []Option{WithHTTPClient(&http.Client{Transport: tr}), WithInsecureSkipVerify()}
		}, callerTransport()},
		{"caller's client without transport", func(*http.Transport) []Option {
			return []Option{WithHTTPClient(&http.Client{Timeout: time.Minute}), WithInsecureSkipVerify()}
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logger, buf := debugLogger()
			opts := append(tt.opts(tt.tr), WithLogger(logger), WithVersion("3.29"), WithoutRetries())
			c, err := NewClient(srv.URL, opts...)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.SignIn(bg, Password("admin", secretPassword, "")); err != nil {
				t.Fatalf("sign-in with verification off: %v", err)
			}
			for range 3 {
				if _, _, err := c.Users.List(bg, ListOptions{}); err != nil {
					t.Fatal(err)
				}
			}
			var warnings []map[string]any
			for _, rec := range buf.records(t) {
				if rec["level"] != "DEBUG" {
					warnings = append(warnings, rec)
				}
			}
			if len(warnings) != 1 || warnings[0]["level"] != "WARN" || !strings.Contains(str(warnings[0]["msg"]), "verification is off") {
				t.Errorf("want one Warn record about verification, got %v", warnings)
			}
			assertNoSecret(t, "log", buf.String())
			if tt.tr != nil {
				if tt.tr.TLSClientConfig.InsecureSkipVerify {
					t.Error("the caller's transport was changed")
				}
				got := c.httpClient.Transport.(*http.Transport)
				if got == tt.tr || got.MaxIdleConnsPerHost != 7 || got.TLSClientConfig.MinVersion != tls.VersionTLS12 {
					t.Error("the caller's transport was not cloned with its settings")
				}
			}
		})
	}
	t.Run("no warning without it", func(t *testing.T) {
		logger, buf := debugLogger()
		if _, err := NewClient(srv.URL, WithLogger(logger)); err != nil {
			t.Fatal(err)
		}
		if s := buf.String(); s != "" {
			t.Errorf("records from a verifying client: %s", s)
		}
	})
	t.Run("a transport that cannot be cloned", func(t *testing.T) {
		rt := roundTripFunc(func(r *http.Request) (*http.Response, error) { return nil, errors.New("unused") })
		_, err := NewClient(srv.URL, WithHTTPClient(&http.Client{Transport: rt}), WithInsecureSkipVerify())
		if err == nil || !strings.Contains(err.Error(), "WithInsecureSkipVerify") || !strings.Contains(err.Error(), "roundTripFunc") {
			t.Errorf("err = %v, want a refusal naming the option and the transport's type", err)
		}
	})
}
