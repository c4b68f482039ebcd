package tsc

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestNewClientRefusesBadURLs(t *testing.T) {
	cases := map[string]string{
		"":                                    "empty server URL",
		"tableau.example.com":                 "has no scheme",
		"ftp://tableau.example.com":           `scheme "ftp"`,
		"https://":                            "has no host",
		"https://tableau.example.com/api":     "has a path",
		"https://tableau.example.com/#/":      "fragment",
		"https://tableau.example.com?x=1":     "query",
		"https://tab leau.example.com":        "cannot be parsed",
		"https://user:pw@tableau.example.com": "user info",
	}
	for in, want := range cases {
		_, err := NewClient(in)
		if err == nil {
			t.Errorf("NewClient(%q) succeeded", in)
			continue
		}
		if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "https://tableau.example.com") {
			t.Errorf("NewClient(%q) = %q, want it to say %q and what to write", in, err, want)
		}
	}
	for _, ok := range []string{"https://tableau.example.com", "https://tableau.example.com/", "http://localhost:8080"} {
		c, err := NewClient(ok)
		if err != nil {
			t.Errorf("NewClient(%q): %v", ok, err)
			continue
		}
		if strings.HasSuffix(c.ServerURL(), "/") {
			t.Errorf("ServerURL %q keeps a trailing slash", c.ServerURL())
		}
	}
}

func TestOptionsValidate(t *testing.T) {
	bad := map[string]Option{
		"version":     WithVersion("three"),
		"page size 0": WithPageSize(0),
		"page size":   WithPageSize(1001),
		"retry":       WithRetryPolicy(RetryPolicy{}),
		"timeout":     WithTimeout(-time.Second),
		"http":        WithHTTPClient(nil),
		"logger":      WithLogger(nil),
		"session":     WithSession(Session{Token: "x"}),
	}
	for name, opt := range bad {
		if _, err := NewClient("https://tableau.example.com", opt); err == nil {
			t.Errorf("%s: option accepted", name)
		}
	}
}

func TestUserAgentAndPageSizeOptions(t *testing.T) {
	ts := setup(t, WithUserAgent("my-bot/1.0"), WithPageSize(250))
	ts.handle("GET /api/3.29/sites/"+testSiteID+"/groups", func(w http.ResponseWriter, r *http.Request) {
		testHeader(t, r, "User-Agent", "my-bot/1.0")
		testHeader(t, r, "X-Tableau-Auth", testToken)
		if got := r.URL.Query().Get("pageSize"); got != "250" {
			t.Errorf("pageSize %q, want the client's default 250", got)
		}
		serveXML(200, reference(t, "group_get.xml"))(w, r)
	})
	if _, _, err := ts.client.Groups.List(bg, ListOptions{}); err != nil {
		t.Fatal(err)
	}
}

func TestWithHTTPClientIsUsed(t *testing.T) {
	ts := setup(t)
	var used bool
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		used = true
		return http.DefaultTransport.RoundTrip(r)
	})}
	c := newBareClient(t, ts, WithHTTPClient(hc), WithVersion("3.29"))
	ts.handle("GET /api/3.29/serverinfo", serveXML(200, reference(t, "server_info_get.xml")))
	if _, err := c.ServerInfo(bg); err != nil {
		t.Fatal(err)
	}
	if !used {
		t.Error("the given *http.Client was not used")
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestServerErrorClasses(t *testing.T) {
	cases := []struct {
		status int
		code   string
		is     error
	}{
		{400, "400000", ErrBadRequest},
		{401, "401002", ErrUnauthorized},
		{403, "403014", ErrForbidden},
		{404, "404002", ErrNotFound},
		{409, "409017", ErrConflict},
		{429, "", ErrRateLimited},
		{500, "500000", ErrServer},
		{503, "", ErrServer},
	}
	all := []error{ErrBadRequest, ErrUnauthorized, ErrForbidden, ErrNotFound, ErrConflict, ErrRateLimited, ErrServer}
	for _, tc := range cases {
		err := error(&ServerError{HTTPStatus: tc.status, Code: tc.code, Method: "GET", Path: "/api/3.29/x"})
		for _, class := range all {
			if got, want := errors.Is(err, class), class == tc.is; got != want {
				t.Errorf("%d %s: errors.Is(%v) = %v", tc.status, tc.code, class, got)
			}
		}
	}
}

func TestServerErrorIsOneLine(t *testing.T) {
	ts := setup(t)
	ts.handle("GET /api/3.29/sites/"+testSiteID+"/users/{id}", serveXML(404, []byte(`<tsResponse xmlns="http://tableau.com/api"><error code="404002"><summary>Resource Not Found</summary><detail>User 'x' could not
 be found.</detail></error></tsResponse>`)))
	_, err := ts.client.Users.Get(bg, "x")
	var se *ServerError
	if !errors.As(err, &se) {
		t.Fatalf("err %T %v", err, err)
	}
	want := "tsc: GET /api/3.29/sites/" + testSiteID + "/users/x: 404 Not Found (404002): Resource Not Found: User 'x' could not be found."
	if err.Error() != want {
		t.Errorf("Error() =\n%q\nwant\n%q", err.Error(), want)
	}
	if se.Method != "GET" || se.Path != "/api/3.29/sites/"+testSiteID+"/users/x" || se.HTTPStatus != 404 || !errors.Is(err, ErrNotFound) {
		t.Errorf("fields %+v", se)
	}
}

func TestLegacyNamespaceIsRead(t *testing.T) {
	ts := setup(t)
	ts.handle("GET /api/3.29/sites", serveXML(200, []byte(`<?xml version="1.0"?><tsResponse xmlns="http://tableausoftware.com/api"><pagination pageNumber="1" pageSize="100" totalAvailable="1"/><sites><site id="s" name="Old" contentUrl="old" newerAttribute="x"><unknownChild a="b"/></site></sites></tsResponse>`)))
	sites, p, err := ts.client.Sites.List(bg, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sites) != 1 || sites[0].Name != "Old" || p.TotalAvailable != 1 {
		t.Errorf("sites %+v pagination %+v", sites, p)
	}
}

func TestWrongNamespaceRefused(t *testing.T) {
	if _, err := DecodeResponse([]byte(`<tsResponse xmlns="http://example.com/other"/>`)); err == nil {
		t.Error("a foreign namespace was accepted")
	}
	if _, err := DecodeResponse([]byte(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><tsResponse xmlns="http://tableau.com/api"/>`)); err == nil {
		t.Error("an entity declaration was accepted")
	}
}

func TestDoEscapeHatch(t *testing.T) {
	ts := setup(t)
	ts.handle("PUT /api/3.29/sites/"+testSiteID+"/groups/g1", func(w http.ResponseWriter, r *http.Request) {
		if body := readBody(t, r); !strings.Contains(body, `<group name="Renamed">`) {
			t.Errorf("body %s", body)
		}
		serveXML(200, reference(t, "group_update.xml"))(w, r)
	})
	resp, err := ts.client.Do(bg, http.MethodPut, "sites/{site-id}/groups/g1", nil, &TSRequest{Group: &Group{Name: "Renamed"}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Group == nil || resp.Group.ID == "" {
		t.Errorf("group %+v", resp.Group)
	}
}
