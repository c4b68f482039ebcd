package emulator_test

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/tsc-go/tsc/internal/emulator"
	"github.com/tsc-go/tsc/internal/emulator/tableaufile"
)

func zipFlow(t *testing.T, name, doc string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(doc))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestPublishHostileFlows: a flow file that cannot be read, or is refused
// for safety, is a 400 with Tableau's publish error 400011 naming the
// file and the problem: never a 500, never the store's words, and nothing
// is published.
func TestPublishHostileFlows(t *testing.T) {
	c := newContent(t, emulator.Config{ContentConfig: emulator.ContentConfig{FileLimits: tableaufile.Limits{MaxDepth: 16, MaxDocumentSize: 256 << 10, RatioMinSize: 16 << 10, MaxRatio: 50}}})
	for _, tc := range []struct {
		name string
		file []byte
		msg  string
	}{
		{"bad JSON", zipFlow(t, "flow", `{"nodes": {"a": `), "not JSON"},
		{"not a zip", []byte("PK\x03\x04 and then nothing"), "not a zip archive"},
		{"no flow document", zipFlow(t, "other", `{}`), "no flow document"},
		{"not a flow", zipFlow(t, "flow", `{"nodes": 3}`), "not a flow"},
		{"nested too deep", zipFlow(t, "flow", strings.Repeat("[", 40)+strings.Repeat("]", 40)), "not a JSON object"},
		{"object nested too deep", zipFlow(t, "flow", strings.Repeat(`{"a":`, 40)+"1"+strings.Repeat("}", 40)), "nests more than 16 deep"},
		{"zip bomb", zipFlow(t, "flow", `{"nodes":{},"x":"`+strings.Repeat("a", 200<<10)+`"}`), "a zip bomb"},
		{"undeclared connection", zipFlow(t, "flow", `{"nodes":{"i":{"baseType":"input","name":"In","connectionId":"x"}}}`), "does not declare"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := c.multipart("", "POST", c.sitePath("flows"), 400, payloadPart(`<tsRequest><flow name="Hostile"/></tsRequest>`),
				filePart("tableau_flow", "Hostile.tfl", tc.file))
			wantTableauError(t, tc.name, b, "400011", tc.msg)
			if !strings.Contains(errorDetail(t, b), "Hostile.tfl") {
				t.Errorf("the error does not name the file: %s", b)
			}
		})
	}
	c.xml("", "POST", c.sitePath("flows?flowType=twbx"), "", 400)
	if got := c.xml("", "GET", c.sitePath("flows"), "", 200); bytes.Contains(got, []byte("Hostile")) {
		t.Errorf("a refused flow was published: %s", got)
	}
	// Flows cannot be appended to.
	b := c.multipart("", "POST", c.sitePath("flows?append=true"), 400, payloadPart(`<tsRequest><flow name="F"/></tsRequest>`),
		filePart("tableau_flow", "F.tfl", testFile(t, "flows/Sales Prep.tfl")))
	wantTableauError(t, "append", b, "400000", "cannot be appended to")
}
