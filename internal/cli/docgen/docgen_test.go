package docgen_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tsc-go/tsc/internal/cli/docgen"
)

// TestReferenceIsCurrent regenerates docs/cli.md in memory: a command added
// or changed without refreshing the reference fails here.
func TestReferenceIsCurrent(t *testing.T) {
	path := filepath.Join("..", "..", "..", "docs", "cli.md")
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v: create it with `%s`", err, docgen.RefreshCommand)
	}
	got := docgen.Generate()
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("docs/cli.md is out of date: run `%s` and commit it (-file +tree):\n%s", docgen.RefreshCommand, d)
	}
}

// TestGenerateIsStable: two renderings of the same tree are the same bytes.
func TestGenerateIsStable(t *testing.T) {
	if a, b := docgen.Generate(), docgen.Generate(); string(a) != string(b) {
		t.Fatal("two generations differ")
	}
}

// TestReferenceCoversTheTree checks the reference for what a reader looks
// for: every command's section, its usage line, its flags and examples.
func TestReferenceCoversTheTree(t *testing.T) {
	doc := string(docgen.Generate())
	for _, want := range []string{
		"## Global flags", "--server", "--token-name",
		"## tabctl login", "## tabctl completion bash", "## tabctl version",
		"## tabctl createsiteusers", "tabctl createsiteusers FILE.csv [flags]", "--no-complete",
		"## tabctl publish", "-o, --overwrite", "tabctl publish Sales.twbx -r Finance",
		"## tabctl export", "--fullpdf", "## tabctl get", "## tabctl demo",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("the reference lacks %q", want)
		}
	}
	if strings.Contains(doc, "-h, --help") {
		t.Error("the reference lists --help flags")
	}
	if strings.Contains(doc, "__complete") {
		t.Error("the reference lists hidden commands")
	}
}
