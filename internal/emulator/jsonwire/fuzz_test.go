package jsonwire_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tsc-go/tsc/internal/emulator"
)

// fuzzTargets are the routes that read a JSON body, as paths with the ids
// the fuzz server's setup made.
var fuzzTargets = []string{
	"POST auth/signin", "POST auth/switchSite", "POST sites", "PUT sites/{site2}",
	"POST sites/{site}/projects", "PUT sites/{site}/projects/{project}",
	"POST sites/{site}/users", "PUT sites/{site}/users/{user}",
	"POST sites/{site}/groups", "PUT sites/{site}/groups/{group}",
	"POST sites/{site}/groups/{group}/users", "PUT sites/{site}/groups/{group}/users/remove",
	"POST schedules", "PUT schedules/{schedule}", "PUT sites/{site}/schedules/{schedule}/workbooks",
	"PUT sites/{site}/schedules/{schedule}/flows", "POST sites/{site}/subscriptions",
}

// FuzzJSONBodies sends arbitrary JSON bodies to every route that reads
// one: the emulator answers each with JSON and never with a 500, whatever
// the body (a hostile body is a 400 with Tableau's code).
func FuzzJSONBodies(f *testing.F) {
	for _, s := range []string{
		`{"credentials":{"name":"admin","password":"adminpw","site":{"contentUrl":""}}}`,
		`{"site":{"name":"S","contentUrl":"s","userQuota":"-1","revisionLimit":99999999999999999999}}`,
		`{"project":{"name":"P","parentProjectId":"nope","owner":{"id":"x"}}}`,
		`{"user":{"name":"u","siteRole":"Overlord","password":""}}`,
		`{"users":{"user":[{"id":"a"},{"id":"a"},null,{}]}}`,
		`{"group":{"name":"","minimumSiteRole":"Viewer","import":{"source":"ActiveDirectory"}}}`,
		`{"user":{"id":"` + strings.Repeat("x", 70000) + `"}}`,
		`{"a":` + strings.Repeat("[", 50) + strings.Repeat("]", 50) + `}`,
		`{"project":{"name":"\u0000\ud800'; DROP TABLE projects;--"}}`,
		`{"schedule":{"name":"S","type":"Extract","frequency":"Hourly","frequencyDetails":{"start":"02:30:00","intervals":{"interval":[{"hours":"99"},{"weekDay":"Funday"}]}}}}`,
		`{"schedule":{"name":"T","type":"Subscription","frequency":"Monthly","priority":"101","frequencyDetails":{"start":"25:00:00","intervals":{"interval":{"monthDay":"0"}}}}}`,
		`{"task":{"extractRefresh":{"incremental":"maybe","workbook":{"id":"nope"}},"flowRun":{"flow":{"id":""}}}}`,
		`{"subscription":{"subject":"s","content":{"id":"x","type":"Book"},"schedule":{"id":"y"},"user":{"id":"z"},"pageSizeOption":"Z9"}}`,
		`{"site":{"contentUrl":{"x":1}}}`, `[]`, `{`, ``, `null`,
	} {
		for i := range fuzzTargets {
			f.Add(uint8(i), s)
		}
	}
	emu, err := emulator.New(emulator.Config{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { emu.Close() })
	if err := emu.Bootstrap(f.Context(), emulator.Admin{Name: "admin", Password: "adminpw"}); err != nil {
		f.Fatal(err)
	}
	// send makes a request as a JSON-only client, returning the status and
	// the body, and reports an answer that is not JSON.
	send := func(method, path, body, token string) (int, []byte, bool) {
		req := httptest.NewRequest(method, "http://emulator.test/api/3.29/"+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json")
		if token != "" {
			req.Header.Set("X-Tableau-Auth", token)
		}
		rec := httptest.NewRecorder()
		emu.ServeHTTP(rec, req)
		b := rec.Body.Bytes()
		isJSON := len(b) == 0 || (rec.Header().Get("Content-Type") == "application/json;charset=utf-8" && json.Valid(b))
		return rec.Code, b, isJSON
	}
	signIn := func() (string, error) {
		status, b, _ := send("POST", "auth/signin", `{"credentials":{"name":"admin","password":"adminpw","site":{"contentUrl":""}}}`, "")
		var v struct {
			Credentials struct {
				Token string
				Site  struct{ ID string }
			}
		}
		if err := json.Unmarshal(b, &v); err != nil || v.Credentials.Token == "" {
			return "", fmt.Errorf("sign-in: %d %s", status, b)
		}
		ids["site"] = v.Credentials.Site.ID
		return v.Credentials.Token, nil
	}
	token, err := signIn()
	if err != nil {
		f.Fatal(err)
	}
	// The fuzzed updates go to a site, user, project and group of their
	// own, so that the administrator and the Default site stay usable.
	for _, m := range []struct{ path, body, element, key string }{
		{"sites", `{"site":{"name":"Fuzz","contentUrl":"fuzz"}}`, "site", "site2"},
		{"sites/{site}/users", `{"user":{"name":"fuzzee","siteRole":"Viewer"}}`, "user", "user"},
		{"sites/{site}/projects", `{"project":{"name":"Fuzz"}}`, "project", "project"},
		{"sites/{site}/groups", `{"group":{"name":"Fuzz"}}`, "group", "group"},
		{"schedules", `{"schedule":{"name":"Fuzz","type":"Extract","frequency":"Daily","frequencyDetails":{"start":"04:00:00"}}}`, "schedule", "schedule"},
	} {
		status, b, _ := send("POST", strings.ReplaceAll(m.path, "{site}", ids["site"]), m.body, token)
		var v map[string]map[string]any
		if err := json.Unmarshal(b, &v); err != nil || status != http.StatusCreated {
			f.Fatalf("%s: %d %s", m.path, status, b)
		}
		ids[m.key], _ = v[m.element]["id"].(string)
	}
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		target := fuzzTargets[int(which)%len(fuzzTargets)]
		method, path, _ := strings.Cut(target, " ")
		for k, v := range ids {
			path = strings.ReplaceAll(path, "{"+k+"}", v)
		}
		status, b, isJSON := send(method, path, body, token)
		if status >= 500 || !isJSON {
			t.Fatalf("%s with %q: %d %s", target, body, status, b)
		}
		if status == http.StatusUnauthorized || status == http.StatusForbidden || strings.HasPrefix(target, "POST auth/") {
			// A sign-in or a site switch moved the session: start again.
			var err error
			if token, err = signIn(); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// ids are the fuzz server's Default site and the site, user, project,
// group and schedule the fuzzed updates go to.
var ids = map[string]string{}
