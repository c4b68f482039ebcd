package emulator_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tsc-go/tsc/internal/emulator"
)

// errorCode returns the code of a Tableau error body.
func errorCode(t *testing.T, body []byte) string {
	t.Helper()
	return attr(t, body, "error", "code")
}

func (c *rawClient) signIn() string {
	c.t.Helper()
	b := c.do("signin-"+time.Now().Format("150405.000000000"), "POST", "auth/signin", ns+`<credentials name="admin" password="adminpw"><site contentUrl=""/></credentials></tsRequest>`, 200)
	c.token = attr(c.t, b, "credentials", "token")
	return attr(c.t, b, "site", "id")
}

func TestRequestBodiesAreChecked(t *testing.T) {
	c, _ := newRaw(t)
	site := c.signIn()
	for name, tc := range map[string]struct {
		body   string
		status int
		code   string
	}{
		"doctype":         {`<?xml version="1.0"?><!DOCTYPE tsRequest [<!ENTITY x "boom">]>` + ns + `<project name="&x;"/></tsRequest>`, 400, "400000"},
		"entity":          {ns + `<!ENTITY x SYSTEM "file:///etc/passwd"><project name="x"/></tsRequest>`, 400, "400000"},
		"not xml":         {`{"project": {"name": "x"}}`, 400, "400000"},
		"wrong root":      {`<tsResponse xmlns="http://tableau.com/api"><project name="x"/></tsResponse>`, 400, "400000"},
		"wrong namespace": {`<tsRequest xmlns="http://example.com"><project name="x"/></tsRequest>`, 400, "400000"},
		"empty":           {``, 400, "400000"},
		"no project":      {ns + `<user name="x"/></tsRequest>`, 400, "400000"},
		"too large":       {ns + `<project name="x" description="` + strings.Repeat("a", 5<<20) + `"/></tsRequest>`, 413, "413000"},
	} {
		t.Run(name, func(t *testing.T) {
			b := c.do("body-"+name, "POST", "sites/"+site+"/projects", tc.body, tc.status)
			if got := errorCode(t, b); got != tc.code {
				t.Errorf("code %s, want %s", got, tc.code)
			}
		})
	}
}

func TestVersionsInURL(t *testing.T) {
	c, _ := newRaw(t)
	base := c.base
	for v, want := range map[string]int{"2.0": 401, "2.8": 401, "3.29": 401, "3.30": 404, "4.0": 404, "1.9": 404, "3": 404, "x.y": 404, "3.29.1": 404} {
		c.base = strings.Replace(base, "/api/3.29/", "/api/"+v+"/", 1)
		b := c.do("version-"+v, "GET", "sites", "", want)
		code := errorCode(t, b)
		if (want == 404 && code != "404003") || (want == 401 && code != "401000") {
			t.Errorf("version %s: %d %s", v, want, code)
		}
	}
	// serverinfo appeared in 2.4.
	c.base = strings.Replace(base, "/api/3.29/", "/api/2.3/", 1)
	c.do("serverinfo-2.3", "GET", "serverinfo", "", 404)
	c.base = strings.Replace(base, "/api/3.29/", "/api/2.4/", 1)
	c.do("serverinfo-2.4", "GET", "serverinfo", "", 200)
}

func TestControlEndpoints(t *testing.T) {
	c, _ := newRaw(t)
	site := c.signIn()
	root := strings.TrimSuffix(c.base, "api/3.29/")
	post := func(path, body string) (*http.Response, []byte) {
		resp, err := http.DefaultClient.Do(controlRequest(t, "POST", root+path, strings.NewReader(body)))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	resp, b := post("_emulator/seed", `{"sites":[{"name":"Sales","contentUrl":"sales"}],
		"users":[{"site":"sales","name":"ann","siteRole":"Creator","password":"pw"},{"site":"","name":"bo"}],
		"groups":[{"site":"sales","name":"Team","members":["ann"]}],
		"projects":[{"site":"sales","name":"Plans","owner":"ann"}]}`)
	if resp.StatusCode != 200 {
		t.Fatalf("seed: %d %s", resp.StatusCode, b)
	}
	var res emulator.SeedResult
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatal(err)
	}
	if res.Sites["sales"] == "" || res.Users["ann"] == "" || res.Groups["Team"] == "" || res.Projects["Plans"] == "" {
		t.Fatalf("seed result %s", b)
	}
	// ann can sign in to sales and sees her project.
	sb := c.do("signin-ann", "POST", "auth/signin", ns+`<credentials name="ann" password="pw"><site contentUrl="sales"/></credentials></tsRequest>`, 200)
	c.token = attr(t, sb, "credentials", "token")
	pb := c.do("ann-projects", "GET", "sites/"+res.Sites["sales"]+"/projects?filter=ownerName:eq:ann", "", 200)
	if attr(t, pb, "project", "id") != res.Projects["Plans"] {
		t.Errorf("ann's projects: %s", pb)
	}
	resp, b = post("_emulator/seed", `{"users":[{"site":"nowhere","name":"x"}]}`)
	if resp.StatusCode != 400 {
		t.Errorf("seeding an unknown site: %d %s", resp.StatusCode, b)
	}
	resp, b = post("_emulator/seed", `{"gadgets":[]}`)
	if resp.StatusCode != 400 {
		t.Errorf("seeding unknown content: %d %s", resp.StatusCode, b)
	}

	resp, _ = post("_emulator/reset", "")
	if resp.StatusCode != 204 {
		t.Fatalf("reset: %d", resp.StatusCode)
	}
	// Everything is gone, sessions included; the administrator remains.
	c.do("after-reset-token", "GET", "sites", "", 401)
	newSite := c.signIn()
	if newSite == site {
		t.Error("the Default site survived a reset with its id")
	}
	sites := c.do("after-reset-sites", "GET", "sites", "", 200)
	if strings.Count(string(sites), "<site ") != 1 {
		t.Errorf("sites after reset: %s", sites)
	}
	resp, err := http.DefaultClient.Do(controlRequest(t, "GET", root+"_emulator/health", nil))
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("health: %v %v", resp, err)
	}
	resp.Body.Close()
	resp, _ = post("_emulator/nothing", "")
	if resp.StatusCode != 404 {
		t.Errorf("unknown control endpoint: %d", resp.StatusCode)
	}
}

func TestUnknownPathsOutsideTheAPI(t *testing.T) {
	c, _ := newRaw(t)
	root := strings.TrimSuffix(c.base, "api/3.29/")
	resp, err := http.Get(root + "vizportal/api")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 404 || errorCode(t, b) != "404003" {
		t.Errorf("outside /api: %d %s", resp.StatusCode, b)
	}
}
