package tsc_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestExamplesRun: every runnable example has an // Output: comment, so
// that go test runs it (against the emulator) and checks what it prints;
// an example without one is only compiled, and can rot unseen.
func TestExamplesRun(t *testing.T) {
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob("tsctest/*_test.go")
	files = append(files, more...)
	n := 0
	for _, name := range files {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Example") || fn.Body == nil {
				continue
			}
			n++
			found := false
			for _, cg := range f.Comments {
				if cg.Pos() > fn.Body.Lbrace && cg.End() < fn.Body.Rbrace {
					text := cg.Text()
					found = found || strings.HasPrefix(text, "Output:") || strings.HasPrefix(text, "Unordered output:")
				}
			}
			if !found {
				t.Errorf("%s: %s has no // Output: comment, so it never runs", name, fn.Name.Name)
			}
		}
	}
	if n < 9 {
		t.Errorf("found %d examples; the glob missed the example files", n)
	}
}
