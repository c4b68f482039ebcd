package emulator_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/tsc-go/tsc/internal/emulator"
)

// TestCustomViewControl: POST /_emulator/customViews creates a custom view
// as Tableau's web UI would (for tabctl serve's clients), which the REST
// API then lists and whose data keeps its filter; a malformed or
// impossible one is a 400 naming why; without the control token the
// guard refuses it.
func TestCustomViewControl(t *testing.T) {
	c := newContent(t, emulator.Config{})
	b := c.publishWorkbook("Sales", "Sales.twbx", testFile(t, "workbooks/Sales.twbx"), "", 201)
	view := attrsOf(t, b, "view", "id")[0]
	post := func(body string) (int, map[string]string) {
		resp, err := http.DefaultClient.Do(controlRequest(t, "POST", c.root+"/_emulator/customViews", strings.NewReader(body)))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var m map[string]string
		json.Unmarshal(raw, &m)
		return resp.StatusCode, m
	}
	code, m := post(`{"viewId":"` + view + `","owner":"admin","name":"South","shared":true,"filters":{"Region":"South"}}`)
	if code != 201 || m["id"] == "" {
		t.Fatalf("create: %d %v", code, m)
	}
	list := c.xml("", "GET", c.sitePath("customviews"), "", 200)
	if attrOf(t, list, "customView", "id") != m["id"] || attrOf(t, list, "customView", "shared") != "true" {
		t.Errorf("listed %s", list)
	}
	_, data := c.raw("GET", c.sitePath("customviews/"+m["id"]+"/data"), "", nil, 200)
	if !strings.Contains(string(data), "South,") || strings.Contains(string(data), "North,") || strings.Contains(string(data), "West,") {
		t.Errorf("data of the seeded custom view: %s", data)
	}
	for body, want := range map[string]string{
		`{"viewId":"nope","owner":"admin","name":"x"}`:                 "nope",
		`{"viewId":"` + view + `","owner":"ghost","name":"x"}`:         "ghost",
		`{"viewId":"` + view + `","owner":"admin","name":""}`:          "name",
		`{"viewId":"` + view + `","owner":"admin","name":"x","x":1}`:   "unknown field",
		`{"viewId":"` + view + `","owner":"admin","name":"x","shared"`: "malformed",
	} {
		if code, m := post(body); code != 400 || !strings.Contains(m["error"], want) {
			t.Errorf("%s: %d %v (want 400 naming %q)", body, code, m, want)
		}
	}
	req, _ := http.NewRequest("POST", c.root+"/_emulator/customViews", strings.NewReader(`{}`))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("without the control token: %d, want the guard's 401", resp.StatusCode)
	}
}
