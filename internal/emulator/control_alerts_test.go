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

// TestDataAlertControl: POST /_emulator/dataAlerts creates an alert as
// Tableau's web UI would (for tabctl serve's clients), which the REST API
// then lists; a malformed or impossible alert is a 400 naming why.
func TestDataAlertControl(t *testing.T) {
	c := newContent(t, emulator.Config{ContentConfig: emulator.ContentConfig{JobDuration: time.Second}})
	b := c.publishWorkbook("Sales", "Sales.twbx", testFile(t, "workbooks/Sales.twbx"), "", 201)
	view := attrsOf(t, b, "view", "id")[0]
	post := func(body string) (int, map[string]string) {
		resp, err := http.DefaultClient.Do(controlRequest(t, "POST", c.root+"/_emulator/dataAlerts", strings.NewReader(body)))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var m map[string]string
		json.Unmarshal(raw, &m)
		return resp.StatusCode, m
	}
	code, m := post(`{"viewId":"` + view + `","owner":"admin","subject":"Big sales","condition":"above-equal","threshold":5000,"frequency":"daily"}`)
	if code != 201 || m["id"] == "" {
		t.Fatalf("create: %d %v", code, m)
	}
	list := c.xml("", "GET", c.sitePath("dataAlerts"), "", 200)
	if attrOf(t, list, "dataAlert", "id") != m["id"] || attrOf(t, list, "dataAlert", "frequency") != "Daily" ||
		attrOf(t, list, "dataAlert", "alertCondition") != "above-equal" || attrOf(t, list, "dataAlert", "alertThreshold") != "5000" {
		t.Errorf("listed %s", list)
	}
	for body, want := range map[string]string{
		`{"viewId":"` + view + `","owner":"admin","subject":"x","condition":"sideways","threshold":1}`:    "condition",
		`{"viewId":"nope","owner":"admin","subject":"x","condition":"above","threshold":1}`:               "nope",
		`{"viewId":"` + view + `","owner":"ghost","subject":"x","condition":"above","threshold":1}`:       "ghost",
		`{"viewId":"` + view + `","owner":"admin","subject":"","condition":"above","threshold":1}`:        "subject",
		`{"viewId":"` + view + `","owner":"admin","subject":"x","condition":"above","threshold":1,"x":1}`: "unknown field",
	} {
		if code, m := post(body); code != 400 || !strings.Contains(m["error"], want) {
			t.Errorf("%s: %d %v (want 400 naming %q)", body, code, m, want)
		}
	}
}
