package emulator

import (
	"net/http/httptest"
	"testing"
)

// TestWantsJSON decides between XML and JSON for the Accept headers
// clients send.
func TestWantsJSON(t *testing.T) {
	cases := []struct {
		accept string
		json   bool
	}{
		{"", false},
		{"*/*", false},
		{"application/xml", false},
		{"text/xml", false},
		{"application/json", true},
		{"Application/JSON", true},
		{"application/json; charset=utf-8", true},
		{"application/json, text/plain, */*", true}, // axios
		{"application/json;q=0.9,*/*;q=0.8", true},
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", false}, // a browser
		{"application/xml, application/json", false},                               // a tie: the default
		{"application/json, application/xml;q=0.5", true},
		{"application/xml;q=0.5, application/json", true},
		{"application/json;q=0", false},
		{"application/json;q=0, */*", false},
		{"application/*", false},
		{"text/plain, application/json;q=0.1", true},
		{"application/json;q=abc", true}, // a bad q is 1
		{"garbage;;, application/json", true},
		{"text/*, application/json", true},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/api/3.29/serverinfo", nil)
		if c.accept != "" {
			r.Header.Set("Accept", c.accept)
		}
		if got := wantsJSON(r); got != c.json {
			t.Errorf("Accept %q: JSON %v, want %v", c.accept, got, c.json)
		}
	}
	// Two Accept headers are one list.
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Add("Accept", "application/xml;q=0.1")
	r.Header.Add("Accept", "application/json")
	if !wantsJSON(r) {
		t.Error("two Accept headers: want JSON")
	}
}

// TestJSONBody decides how a request body is read.
func TestJSONBody(t *testing.T) {
	cases := []struct {
		contentType, body string
		json              bool
	}{
		{"application/json", `{}`, true},
		{"application/json; charset=utf-8", `<tsRequest/>`, true}, // as declared: refused as malformed JSON
		{"application/vnd.api+json", `{}`, true},
		{"application/xml", `{}`, false},
		{"text/xml; charset=utf-8", `{"a":1}`, false},
		{"", " \n\t{\"credentials\":{}}", true},
		{"", "\ufeff{}", true},
		{"", `<tsRequest/>`, false},
		{"application/x-www-form-urlencoded", `{"credentials":{}}`, true}, // curl -d
		{"text/plain", `<tsRequest/>`, false},
		{"not a type", `{}`, true},
	}
	for _, c := range cases {
		if got := jsonBody(c.contentType, []byte(c.body)); got != c.json {
			t.Errorf("%q with %q: JSON %v, want %v", c.contentType, c.body, got, c.json)
		}
	}
}
