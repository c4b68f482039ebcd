package wirejson_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/wirejson"
)

// referenceResponses are the answers captured from real servers, beside the repo.
const referenceResponses = "../../../shared/reference/responses"

// TestReferenceResponsesInJSON writes every captured XML answer of a real
// server in JSON and reads it back: nothing a server says is lost in JSON,
// every value is a string or a boolean, and the captured empty lists
// (<workbooks/>, <users></users>) come out as empty objects. (The .json
// captures beside them are Metadata API answers, GraphQL, not REST: the
// REST API's JSON form is checked against the documented shape in
// TestMarshalShapes and by the JSON-only client in e2e_json_client_test.go.)
func TestReferenceResponsesInJSON(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(referenceResponses, "*.xml"))
	if len(files) == 0 {
		t.Skip("no captured responses at " + referenceResponses)
	}
	empties := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := tsc.DecodeResponse(b)
		if err != nil {
			continue // not a tsResponse (a few captures are other documents)
		}
		jb, err := wirejson.Marshal(resp)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		var back tsc.TSResponse
		if err := wirejson.Unmarshal(jb, &back, wirejson.Limits{}); err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		back.XMLName = resp.XMLName
		if d := cmp.Diff(resp, &back); d != "" {
			t.Errorf("%s: lost in JSON (-xml +json):\n%s", filepath.Base(f), d)
		}
		var doc map[string]any
		if err := json.Unmarshal(jb, &doc); err != nil {
			t.Fatalf("%s: %v", filepath.Base(f), err)
		}
		checkValues(t, filepath.Base(f), doc)
		if strings.Contains(filepath.Base(f), "_empty") {
			for k, v := range doc {
				if m, ok := v.(map[string]any); ok && k != "pagination" && len(m) == 0 {
					empties++
				}
			}
		}
	}
	if empties < 3 {
		t.Errorf("%d captured empty lists came out as {}, want the five *_empty.xml captures' lists", empties)
	}
}

func checkValues(t *testing.T, name string, v any) {
	t.Helper()
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			checkValues(t, name, e)
		}
	case []any:
		for _, e := range x {
			checkValues(t, name, e)
		}
	case string, bool:
	default:
		t.Errorf("%s: a value of %T (%v); values are strings or booleans", name, v, v)
	}
}
