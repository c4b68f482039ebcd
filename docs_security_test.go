package tsc_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestSecurityDocNamesRealTests keeps docs/security.md honest: every test,
// fuzz target or benchmark it names as holding a guarantee exists in the
// tree (a name ending in "..." is a prefix), so a renamed or deleted test
// cannot leave a guarantee that nothing checks any more.
func TestSecurityDocNamesRealTests(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("docs", "security.md"))
	if err != nil {
		t.Fatal(err)
	}
	defined := map[string]bool{}
	funcRE := regexp.MustCompile(`(?m)^func ((?:Test|Fuzz|Benchmark)\w+)\(`)
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != "." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range funcRE.FindAllSubmatch(b, -1) {
			defined[string(m[1])] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	named := regexp.MustCompile("`((?:Test|Fuzz|Benchmark)\\w+)(\\.\\.\\.)?").FindAllStringSubmatch(string(doc), -1)
	if len(named) < 100 {
		t.Fatalf("docs/security.md names only %d tests; is the pattern still right?", len(named))
	}
	for _, m := range named {
		name, prefix := m[1], m[2] != ""
		if defined[name] {
			continue
		}
		found := false
		if prefix {
			for d := range defined {
				if strings.HasPrefix(d, name) {
					found = true
					break
				}
			}
		}
		if !found {
			t.Errorf("docs/security.md names %s, which no _test.go file defines", name)
		}
	}
}
