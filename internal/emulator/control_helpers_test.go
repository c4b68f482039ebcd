package emulator_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/tsc-go/tsc/internal/emulator/control"
)

// testControlToken is the control token of the emulators these tests start.
const testControlToken = "emulator-test-control-token"

// guarded puts the control guard in front of h, as tsctest does, so that
// the control endpoints answer requests that carry testControlToken.
func guarded(t *testing.T, h http.Handler) http.Handler {
	t.Helper()
	g, err := control.Guard(h, control.Policy{Token: testControlToken})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// controlRequest is a request to a control endpoint with the token, and
// the JSON content type when it has a body.
func controlRequest(t *testing.T, method, url string, body io.Reader) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testControlToken)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}
