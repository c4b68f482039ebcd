package tableaufile

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// flowZip builds a zip archive of the named entries, deflated.
func flowZip(t *testing.T, entries ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(entries); i += 2 {
		w, err := zw.Create(entries[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(entries[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readFlowBytes(b []byte, ft string, lim Limits) (*Flow, error) {
	return ReadFlow(bytes.NewReader(b), int64(len(b)), ft, lim)
}

func TestReadFlowTestdata(t *testing.T) {
	for _, ft := range FlowTypes {
		b, err := os.ReadFile(filepath.Join(testdata, "flows", "Sales Prep."+ft))
		if err != nil {
			t.Fatal(err)
		}
		fl, err := readFlowBytes(b, ft, DefaultLimits)
		if err != nil {
			t.Fatalf("%s: %v", ft, err)
		}
		if len(fl.Steps) != 5 || len(fl.Inputs) != 2 || len(fl.Outputs) != 2 || fl.Packaged != (ft == "tflx") {
			t.Errorf("%s: %d steps, %d inputs, %d outputs, packaged %v", ft, len(fl.Steps), len(fl.Inputs), len(fl.Outputs), fl.Packaged)
		}
		// Inputs in name order: Orders (postgres), Targets (the CSV).
		if len(fl.Connections) != 2 || fl.Connections[0] != (Connection{Class: "postgres", Server: "sales-db.example.com", Port: "5432",
			Username: "prep", DBName: "sales", Datasource: "sales-db.example.com"}) || fl.Connections[1].Class != "textscan" {
			t.Errorf("%s: connections %+v", ft, fl.Connections)
		}
		var publishing []string
		for _, o := range fl.Outputs {
			if o.PublishesDatasource() {
				publishing = append(publishing, o.DatasourceName)
			}
		}
		if strings.Join(publishing, ",") != "Sales Prep Output" {
			t.Errorf("%s: outputs publishing %v", ft, publishing)
		}
	}
}

// TestReadFlowReference reads the flow Tableau's own tests publish: an
// empty flow, zipped with its display settings and metadata.
func TestReadFlowReference(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(testdata, "../../shared/reference/files/SampleFlow.tfl"))
	if err != nil {
		t.Skipf("reference files unavailable: %v", err)
	}
	fl, err := readFlowBytes(b, "tfl", DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if len(fl.Steps) != 0 || len(fl.Connections) != 0 {
		t.Errorf("%+v", fl)
	}
}

func TestReadFlowNested(t *testing.T) {
	doc := `{"nodes": {"c": {"nodeType": ".v1.Container", "name": "Clean", "baseType": "container", "loomContainer": {"nodes": {
		"i": {"nodeType": ".v1.LoadCsv", "name": "In", "baseType": "input"}}}}}}`
	fl, err := readFlowBytes(flowZip(t, "flow", doc), "tfl", DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if len(fl.Steps) != 2 || len(fl.Inputs) != 1 || fl.Inputs[0].ID != "i" {
		t.Errorf("%+v", fl)
	}
}

// TestReadFlowHostile: every malformed or hostile flow is refused with an
// error wrapping ErrMalformed or ErrUnsafeArchive, after bounded work.
func TestReadFlowHostile(t *testing.T) {
	small := Limits{MaxDepth: 8, MaxElements: 200, MaxAttrValue: 1024, MaxDocumentSize: 64 << 10, MaxEntries: 5, RatioMinSize: 4 << 10, MaxRatio: 50}
	deep := strings.Repeat(`{"a":`, 20) + "1" + strings.Repeat("}", 20)
	var many strings.Builder
	many.WriteString(`{"nodes":{},"x":[`)
	for i := range 300 {
		if i > 0 {
			many.WriteString(",")
		}
		many.WriteString("1")
	}
	many.WriteString("]}")
	for _, tc := range []struct {
		name string
		file []byte
		ft   string
		want error
	}{
		{"not a zip", []byte("PK not a zip at all"), "tfl", ErrMalformed},
		{"wrong type", flowZip(t, "flow", `{"nodes":{}}`), "twb", ErrMalformed},
		{"no flow entry", flowZip(t, "displaySettings", "{}"), "tfl", ErrMalformed},
		{"flow in a folder only", flowZip(t, "sub/flow", `{"nodes":{}}`), "tfl", ErrMalformed},
		{"bad JSON", flowZip(t, "flow", `{"nodes": {`), "tfl", ErrMalformed},
		{"empty", flowZip(t, "flow", ``), "tfl", ErrMalformed},
		{"an array", flowZip(t, "flow", `[1, 2]`), "tfl", ErrMalformed},
		{"trailing data", flowZip(t, "flow", `{"nodes":{}} {"nodes":{}}`), "tfl", ErrMalformed},
		{"no nodes", flowZip(t, "flow", `{"connections":{}}`), "tfl", ErrMalformed},
		{"nodes of the wrong type", flowZip(t, "flow", `{"nodes":[1]}`), "tfl", ErrMalformed},
		{"unknown connection", flowZip(t, "flow", `{"nodes":{"i":{"baseType":"input","name":"In","connectionId":"nope"}},"connections":{}}`), "tfl", ErrMalformed},
		{"output without a data source name", flowZip(t, "flow", `{"nodes":{"o":{"baseType":"output","nodeType":".v1.PublishExtract","name":"Out"}}}`), "tfl", ErrMalformed},
		{"path escape", flowZip(t, "../flow", `{"nodes":{}}`), "tfl", ErrUnsafeArchive},
		{"too deep", flowZip(t, "flow", deep), "tfl", ErrUnsafeArchive},
		{"too many values", flowZip(t, "flow", many.String()), "tfl", ErrUnsafeArchive},
		{"huge string", flowZip(t, "flow", `{"nodes":{},"x":"`+strings.Repeat("x", 2000)+`"}`), "tfl", ErrUnsafeArchive},
		{"document too large", flowZip(t, "flow", `{"nodes":{},"x":"`+strings.Repeat("x ", 40<<10)+`"}`), "tfl", ErrUnsafeArchive},
		{"zip bomb", flowZip(t, "flow", `{"nodes":{},"x":"`+strings.Repeat("a", 60<<10)+`"}`), "tflx", ErrUnsafeArchive},
		{"too many entries", flowZip(t, "flow", `{"nodes":{}}`, "a", "", "b", "", "c", "", "d", "", "e", ""), "tflx", ErrUnsafeArchive},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readFlowBytes(tc.file, tc.ft, small)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want an error wrapping %v", err, tc.want)
			}
		})
	}
}

func FuzzReadFlow(f *testing.F) {
	b, err := os.ReadFile(filepath.Join(testdata, "flows", "Sales Prep.tfl"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"nodes":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Any bytes, as an archive and as a bare document: an error or a
		// flow, never a panic.
		readFlowBytes(data, "tfl", Limits{MaxDocumentSize: 1 << 20})
		ParseFlowJSON(bytes.NewReader(data))
	})
}
