// Package xsdcheck validates Tableau REST XML bodies against the official
// schema (ts-api_3_29.xsd) with xmllint, minus a short list of evidenced
// schema errata, and compares the shape (elements and attributes) of two
// bodies.
//
// The SDK and the emulator share one set of model types, so a mistake in a
// struct tag would be agreed on by both sides and no end-to-end test would
// see it. Checking every body against the schema Tableau publishes is what
// ties the project's wire format to the outside world.
//
// xmllint (Debian package libxml2-utils) does the validation: Go has no XSD
// validator, and shelling out keeps the module pure Go. When xmllint or the
// schema is missing the testing helpers skip, except under CI (the CI
// environment variable set), where they fail so a check can never be
// skipped silently.
//
// In a test, collect the bodies and check them in one xmllint run:
//
//	bodies := map[string][]byte{"GET /sites": b1, "POST /sites": b2}
//	xsdcheck.ValidateAll(t, bodies)
//	xsdcheck.CompareShape(t, emulatorBody, capturedBody, "tsResponse/site@numUsers")
//
// The schema's errata, the rules this package does not enforce, are listed
// in Errata and explained in docs/schema-errata.md.
package xsdcheck

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// SchemaFile is the schema's file name inside the reference directory's
// schema folder.
const SchemaFile = "ts-api_3_29.xsd"

// ErrUnavailable is wrapped by the errors of the non-testing API when the
// check cannot run at all (no xmllint, no schema), so tools can tell "could
// not check" from "checked and found violations".
var ErrUnavailable = errors.New("xsdcheck: schema validation unavailable")

// ReferenceDir locates the shared reference material (schema/ and
// responses/). TSC_REFERENCE_DIR wins when set; otherwise it is
// ../shared/reference beside the module root, found by walking up from the
// working directory to go.mod, so tests in any package agree on it.
func ReferenceDir() (string, error) {
	if d := os.Getenv("TSC_REFERENCE_DIR"); d != "" {
		return d, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "reference"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("xsdcheck: no go.mod above %s", wd)
		}
		dir = parent
	}
}

// SchemaPath returns the path of the official schema, or an error wrapping
// ErrUnavailable when it is not there.
func SchemaPath() (string, error) {
	ref, err := ReferenceDir()
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	p := filepath.Join(ref, "schema", SchemaFile)
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("%w: schema: %v", ErrUnavailable, err)
	}
	return p, nil
}

// Checker validates bodies against one schema with one list of errata. The
// package-level functions use a Checker with the official schema and Errata;
// build your own to see what the schema says without errata (Errata: nil).
type Checker struct {
	// Schema is the path of the XSD; empty means SchemaPath().
	Schema string
	// Errata are applied (schema patches) and ignored (messages) by Check.
	Errata []Erratum

	once       sync.Once
	schemaFile string // patched schema actually handed to xmllint
	initErr    error
}

var defaultChecker = &Checker{Errata: Errata}

// prepare resolves the schema, applies the errata's patches and writes the
// patched schema once per Checker, so hundreds of checks share one file.
func (c *Checker) prepare() error {
	c.once.Do(func() {
		if _, err := exec.LookPath("xmllint"); err != nil {
			c.initErr = fmt.Errorf("%w: xmllint not found (apt-get install libxml2-utils): %v", ErrUnavailable, err)
			return
		}
		path := c.Schema
		if path == "" {
			p, err := SchemaPath()
			if err != nil {
				c.initErr = err
				return
			}
			path = p
		}
		src, err := os.ReadFile(path)
		if err != nil {
			c.initErr = fmt.Errorf("%w: %v", ErrUnavailable, err)
			return
		}
		patched, err := applyPatches(src, c.Errata)
		if err != nil {
			c.initErr = err
			return
		}
		if bytes.Equal(patched, src) {
			c.schemaFile = path
			return
		}
		file, err := writeSchema(patched)
		if err != nil {
			c.initErr = err
			return
		}
		c.schemaFile = file
	})
	return c.initErr
}

// writeSchema stores a patched schema in the temporary directory under a
// name derived from its content, so every test process of a run (and of
// later runs) shares one file instead of leaving one behind each. The file
// is written under a unique name and renamed into place, so a reader never
// sees it half written.
func writeSchema(schema []byte) (string, error) {
	sum := sha256.Sum256(schema)
	path := filepath.Join(os.TempDir(), "tsc-xsdcheck-"+hex.EncodeToString(sum[:8])+".xsd")
	if b, err := os.ReadFile(path); err == nil && bytes.Equal(b, schema) {
		return path, nil
	}
	f, err := os.CreateTemp(os.TempDir(), "tsc-xsdcheck-*.tmp")
	if err != nil {
		return "", err
	}
	_, werr := f.Write(schema)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return path, nil
}

// applyPatches applies each erratum's schema patch. A patch whose Old text
// is not found exactly once is an error: the schema changed and the erratum
// must be looked at again rather than silently stop applying.
func applyPatches(src []byte, errata []Erratum) ([]byte, error) {
	out := src
	for _, e := range errata {
		for _, p := range e.Patches {
			if n := bytes.Count(out, []byte(p.Old)); n != 1 {
				return nil, fmt.Errorf("xsdcheck: erratum %s: schema text %q found %d times, want exactly 1", e.ID, p.Old, n)
			}
			out = bytes.Replace(out, []byte(p.Old), []byte(p.New), 1)
		}
	}
	return out, nil
}

// maxFilesPerRun bounds one xmllint command line.
const maxFilesPerRun = 400

// Check validates every body and returns, per name, the violations left
// after the errata (names with none are absent from the map). Each
// violation reads "line N: element E: message". One xmllint process checks
// up to a few hundred bodies, which is what makes checking every body of a
// test suite cheap.
func (c *Checker) Check(bodies map[string][]byte) (map[string][]string, error) {
	if err := c.prepare(); err != nil {
		return nil, err
	}
	if len(bodies) == 0 {
		return map[string][]string{}, nil
	}
	dir, err := os.MkdirTemp("", "tsc-xsdcheck-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)

	names := make([]string, 0, len(bodies))
	for n := range bodies {
		names = append(names, n)
	}
	sort.Strings(names)
	files := make([]string, len(names))
	byFile := make(map[string]string, len(names))
	for i, n := range names {
		f := filepath.Join(dir, strconv.Itoa(i)+".xml")
		if err := os.WriteFile(f, bodies[n], 0o600); err != nil {
			return nil, err
		}
		files[i] = f
		byFile[f] = n
	}

	result := map[string][]string{}
	for start := 0; start < len(files); start += maxFilesPerRun {
		chunk := files[start:min(start+maxFilesPerRun, len(files))]
		args := append([]string{"--noout", "--nonet", "--schema", c.schemaFile}, chunk...)
		cmd := exec.Command("xmllint", args...)
		var stderr bytes.Buffer
		cmd.Stdout = &stderr
		cmd.Stderr = &stderr
		runErr := cmd.Run()
		var exitErr *exec.ExitError
		if runErr != nil && !errors.As(runErr, &exitErr) {
			return nil, fmt.Errorf("xsdcheck: running xmllint: %w", runErr)
		}
		msgs := parseOutput(stderr.String(), byFile)
		if runErr != nil && len(msgs) == 0 {
			return nil, fmt.Errorf("xsdcheck: xmllint failed without naming a body: %v: %s", runErr, stderr.String())
		}
		for name, ms := range msgs {
			for _, m := range ms {
				if !c.ignored(m) {
					result[name] = append(result[name], m)
				}
			}
		}
	}
	return result, nil
}

// ignored reports whether an erratum covers message m.
func (c *Checker) ignored(m string) bool {
	for _, e := range c.Errata {
		if e.Match != nil && e.Match.MatchString(stripLine(m)) {
			return true
		}
	}
	return false
}

var lineRE = regexp.MustCompile(`^line \d+: `)

// stripLine drops the "line N: " prefix so errata match on the message only.
func stripLine(m string) string { return lineRE.ReplaceAllString(m, "") }

// parseOutput splits xmllint's output into messages per body. Lines that
// start with a body's file name open a message; other lines (the source
// excerpt and caret of a parser error) continue the previous one. The
// "validates" / "fails to validate" summaries are dropped: the messages
// say it all.
func parseOutput(out string, byFile map[string]string) map[string][]string {
	msgs := map[string][]string{}
	var cur string
	for line := range strings.Lines(out) {
		line = strings.TrimRight(line, "\n")
		if line == "" {
			continue
		}
		matched := false
		for f, name := range byFile {
			if !strings.HasPrefix(line, f) {
				continue
			}
			rest := line[len(f):]
			if rest == " validates" || rest == " fails to validate" {
				matched = true
				cur = ""
				break
			}
			if !strings.HasPrefix(rest, ":") {
				continue
			}
			matched = true
			cur = name
			msgs[name] = append(msgs[name], "line "+strings.TrimPrefix(rest, ":"))
			break
		}
		if !matched && cur != "" {
			ms := msgs[cur]
			ms[len(ms)-1] += "\n" + line
		}
	}
	return msgs
}

// Errors returns the violations of one body after the errata; nil means it
// validates. The error wraps ErrUnavailable when no check could run.
func Errors(body []byte) ([]string, error) {
	res, err := defaultChecker.Check(map[string][]byte{"body": body})
	if err != nil {
		return nil, err
	}
	return res["body"], nil
}

// ErrorsAll is Errors for many bodies at once (one xmllint run per few
// hundred bodies); bodies that validate are absent from the result.
func ErrorsAll(bodies map[string][]byte) (map[string][]string, error) {
	return defaultChecker.Check(bodies)
}

// Validate fails tb when body violates the schema beyond the errata. It
// skips when xmllint or the schema is missing, but fails under CI.
func Validate(tb testing.TB, body []byte) {
	tb.Helper()
	ValidateAll(tb, map[string][]byte{"body": body})
}

// ValidateAll validates many bodies with one xmllint run, reporting each
// failing body by its name with its violations and its text. Prefer it to a
// loop of Validate when a test has many bodies.
func ValidateAll(tb testing.TB, bodies map[string][]byte) {
	tb.Helper()
	res, err := defaultChecker.Check(bodies)
	if err != nil {
		// Only missing tools or reference material may skip: an erratum
		// whose patch no longer applies is a broken check, and skipping on
		// it would quietly turn schema validation off for the whole run.
		if errors.Is(err, ErrUnavailable) {
			Unavailable(tb, err)
		} else {
			tb.Fatalf("schema check could not run: %v", err)
		}
		return
	}
	names := make([]string, 0, len(res))
	for n := range res {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		tb.Errorf("%s does not validate against %s:\n  %s\nbody:\n%s", n, SchemaFile, strings.Join(res[n], "\n  "), excerpt(bodies[n]))
	}
}

// Unavailable skips tb because of err, or fails it when the CI environment
// variable is set: CI must never skip a conformance check silently. Other
// tests that need the reference material use it for the same policy.
func Unavailable(tb testing.TB, err error) {
	tb.Helper()
	if os.Getenv("CI") != "" {
		tb.Fatalf("%v (CI is set, so this cannot be skipped)", err)
	}
	tb.Skipf("skipping: %v", err)
}

// excerpt bounds a body quoted in a failure message.
func excerpt(b []byte) string {
	const max = 2000
	if len(b) > max {
		return string(b[:max]) + "..."
	}
	return string(b)
}
