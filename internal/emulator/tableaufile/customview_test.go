package tableaufile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadCapturedCustomView reads the file Tableau's Download Custom View
// answered (captured by TSC's tests): nine views, Overview the source.
func TestReadCapturedCustomView(t *testing.T) {
	b, err := os.ReadFile("/work/shared/reference/responses/custom_view_download.json")
	if err != nil {
		t.Skip("reference responses not available:", err)
	}
	f, err := ReadCustomView(bytes.NewReader(b), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Views) != 9 || f.Source() == nil || f.Source().ViewName != "Overview" {
		t.Fatalf("views %d, source %+v", len(f.Views), f.Source())
	}
	if got := f.Views[1].Worksheets; len(got) != 2 || got[0] != "ProductView" {
		t.Errorf("Product's worksheets: %q", got)
	}
	// Overview keeps Region Central and the action filter's Texas.
	if got := f.Source().Filters; len(got) != 2 || got[0].Field != "Action (State/Province)" || got[0].Members[0] != "Texas" ||
		got[1].Field != "Region" || got[1].Members[0] != "Central" {
		t.Errorf("Overview's filters: %+v", got)
	}
}

// TestCustomViewRoundTrip: what EncodeCustomView writes, ReadCustomView reads.
func TestCustomViewRoundTrip(t *testing.T) {
	in := &CustomViewFile{Views: []CustomViewEntry{
		{ViewName: "Sales", IsSourceView: true, Document: CustomizedView("Sales", false, []string{"Sales"}, map[string]string{"Region": "West's"})},
		{ViewName: "Map", Document: CustomizedView("Map", true, []string{"A", "B"}, nil)},
	}}
	b, err := EncodeCustomView(in)
	if err != nil {
		t.Fatal(err)
	}
	f, err := ReadCustomView(bytes.NewReader(b), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Source().Filters; len(got) != 1 || got[0].Field != "Region" || got[0].Members[0] != "West's" {
		t.Errorf("filters: %+v", got)
	}
	if f.Source().ViewName != "Sales" || strings.Join(f.Views[1].Worksheets, ",") != "A,B" || !bytes.Equal(f.Views[0].Document, in.Views[0].Document) {
		t.Errorf("round trip: %+v", f)
	}
}

// TestHostileCustomViews: each malformed or oversized file is refused with
// the class of error that names why.
func TestHostileCustomViews(t *testing.T) {
	doc := func(x string) string { return EncodeTCV([]byte(x)) }
	ok := doc("<customized-view><worksheet name='S'/></customized-view>")
	deep := doc("<customized-view>" + strings.Repeat("<a>", 300) + strings.Repeat("</a>", 300) + "</customized-view>")
	entity := doc(`<!DOCTYPE x [<!ENTITY a "b">]><customized-view/>`)
	many := "["
	for _, n := range []string{"a", "b", "c"} {
		many += `{"isSourceView":false,"viewName":"` + n + `","tcv":"` + ok + `"},`
	}
	many += `{"isSourceView":true,"viewName":"y","tcv":"` + ok + `"}]`
	for _, c := range []struct {
		name, file string
		lim        Limits
		want       error
	}{
		{"not json", "<xml/>", Limits{}, ErrMalformed},
		{"object", `{"a":1}`, Limits{}, ErrMalformed},
		{"empty array", `[]`, Limits{}, ErrMalformed},
		{"no source", `[{"isSourceView":false,"viewName":"S","tcv":"` + ok + `"}]`, Limits{}, ErrMalformed},
		{"two sources", `[{"isSourceView":true,"viewName":"S","tcv":"` + ok + `"},{"isSourceView":true,"viewName":"T","tcv":"` + ok + `"}]`, Limits{}, ErrMalformed},
		{"bad base64", `[{"isSourceView":true,"viewName":"S","tcv":"%%%"}]`, Limits{}, ErrMalformed},
		{"wrong root", `[{"isSourceView":true,"viewName":"S","tcv":"` + doc("<workbook/>") + `"}]`, Limits{}, ErrMalformed},
		{"entity", `[{"isSourceView":true,"viewName":"S","tcv":"` + entity + `"}]`, Limits{}, ErrMalformed},
		{"too deep", `[{"isSourceView":true,"viewName":"S","tcv":"` + deep + `"}]`, Limits{}, ErrUnsafeArchive},
		{"trailing", `[{"isSourceView":true,"viewName":"S","tcv":"` + ok + `"}] x`, Limits{}, ErrMalformed},
		{"too many views", many, Limits{MaxEntries: 3}, ErrUnsafeArchive},
		{"too large", many, Limits{MaxDocumentSize: 100}, ErrUnsafeArchive},
	} {
		_, err := ReadCustomView(strings.NewReader(c.file), c.lim)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}

// FuzzReadCustomView reads arbitrary bytes as a custom view file: nothing
// panics, every error is ErrMalformed or ErrUnsafeArchive, and what is
// accepted has exactly one source view and named views. Seeds: our own
// file, the captured one when present, and small hostile ones.
func FuzzReadCustomView(f *testing.F) {
	for _, p := range []string{filepath.Join(testdata, "customviews", "East.json"), "/work/shared/reference/responses/custom_view_download.json"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`[{"isSourceView":true,"viewName":"S","tcv":"` + EncodeTCV([]byte("<customized-view><worksheet name='S'/></customized-view>")) + `"}]`))
	f.Add([]byte(`[{"isSourceView":true,"viewName":"S","tcv":"PCFET0NUWVBFIHg-"}]`))
	f.Add([]byte(`[[[[`))
	f.Fuzz(func(t *testing.T, b []byte) {
		cv, err := ReadCustomView(bytes.NewReader(b), Limits{MaxDocumentSize: 1 << 20, MaxEntries: 50, MaxDepth: 32, MaxElements: 10000})
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnsafeArchive) {
				t.Fatalf("error of no class: %v", err)
			}
			return
		}
		sources := 0
		for _, v := range cv.Views {
			if v.ViewName == "" {
				t.Fatal("a view without a name was accepted")
			}
			if v.IsSourceView {
				sources++
			}
		}
		if sources != 1 || cv.Source() == nil {
			t.Fatalf("%d source views accepted", sources)
		}
	})
}
