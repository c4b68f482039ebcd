package xsdcheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// responses reads the named captured responses, or skips (fails under CI).
func responses(t *testing.T, names ...string) map[string][]byte {
	t.Helper()
	ref, err := ReferenceDir()
	if err != nil {
		Unavailable(t, err)
	}
	out := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(ref, "responses", n))
		if err != nil {
			Unavailable(t, err)
		}
		out[n] = b
	}
	return out
}

// ready skips (fails under CI) when no check can run.
func ready(t *testing.T) {
	t.Helper()
	if err := defaultChecker.prepare(); err != nil {
		Unavailable(t, err)
	}
}

const validSites = `<?xml version="1.0" encoding="UTF-8"?>
<tsResponse xmlns="http://tableau.com/api">
  <pagination pageNumber="1" pageSize="100" totalAvailable="1"/>
  <sites>
    <site id="dad65087-b08b-4603-af4e-2887b8aafc67" name="Default" contentUrl="" adminMode="ContentOnly" state="Active"/>
  </sites>
</tsResponse>`

func TestValidBodyPasses(t *testing.T) {
	ready(t)
	errs, err := Errors([]byte(validSites))
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) != 0 {
		t.Fatalf("valid body rejected: %v", errs)
	}
	Validate(t, []byte(validSites))
}

func TestInvalidBodiesFail(t *testing.T) {
	ready(t)
	bodies := map[string][]byte{
		"wrong attribute type": []byte(strings.Replace(validSites, `pageSize="100"`, `pageSize="many"`, 1)),
		"unknown attribute":    []byte(strings.Replace(validSites, `state="Active"`, `state="Active" colour="red"`, 1)),
		"bad enumeration":      []byte(strings.Replace(validSites, `adminMode="ContentOnly"`, `adminMode="Everything"`, 1)),
		"unknown element":      []byte(strings.Replace(validSites, `<sites>`, `<sites><planet/>`, 1)),
		"not well formed":      []byte(`<tsResponse xmlns="http://tableau.com/api"><sites>`),
		"wrong namespace":      []byte(strings.Replace(validSites, `http://tableau.com/api`, `http://example.com/api`, 1)),
		// An erratum widens serverInfo; it must not widen anything else.
		"serverInfo without restApiVersion": []byte(`<tsResponse xmlns="http://tableau.com/api"><serverInfo><productVersion build="20241.24.0312.1234">2024.1.0</productVersion></serverInfo></tsResponse>`),
		"restApiVersion not a version":      []byte(`<tsResponse xmlns="http://tableau.com/api"><serverInfo><productVersion build="20241.24.0312.1234">2024.1.0</productVersion><restApiVersion>latest</restApiVersion></serverInfo></tsResponse>`),
	}
	res, err := ErrorsAll(bodies)
	if err != nil {
		t.Fatal(err)
	}
	for name := range bodies {
		if len(res[name]) == 0 {
			t.Errorf("%s: validated, want a violation", name)
		}
	}
	if msgs := res["wrong attribute type"]; len(msgs) != 1 || !strings.Contains(msgs[0], "pageSize") || !strings.HasPrefix(msgs[0], "line 3: ") {
		t.Errorf("wrong attribute type: messages %q, want one on line 3 naming pageSize", msgs)
	}
}

// TestErrata proves every erratum is needed and sufficient: its evidence
// fails with the other errata alone and passes with all of them.
func TestErrata(t *testing.T) {
	ready(t)
	seen := map[string]bool{}
	for i, e := range Errata {
		if seen[e.ID] {
			t.Errorf("duplicate erratum ID %s", e.ID)
		}
		seen[e.ID] = true
		if e.Rule == "" || e.Servers == "" || e.Evidence == "" || (e.Match == nil && len(e.Patches) == 0) {
			t.Errorf("erratum %s is incomplete: %+v", e.ID, e)
			continue
		}
		body := responses(t, e.Evidence)
		others := append(append([]Erratum{}, Errata[:i]...), Errata[i+1:]...)
		without, err := (&Checker{Errata: others}).Check(body)
		if err != nil {
			t.Fatal(err)
		}
		if len(without[e.Evidence]) == 0 {
			t.Errorf("erratum %s: evidence %s validates without it; the erratum is not needed", e.ID, e.Evidence)
		}
		with, err := defaultChecker.Check(body)
		if err != nil {
			t.Fatal(err)
		}
		if msgs := with[e.Evidence]; len(msgs) != 0 {
			t.Errorf("erratum %s: evidence %s still fails with all errata:\n%s", e.ID, e.Evidence, strings.Join(msgs, "\n"))
		}
	}
}

func TestPatchMustApplyExactlyOnce(t *testing.T) {
	_, err := applyPatches([]byte("abc abc"), []Erratum{{ID: "x", Patches: []Patch{{Old: "abc", New: "d"}}}})
	if err == nil || !strings.Contains(err.Error(), "found 2 times") {
		t.Fatalf("err = %v, want a count error", err)
	}
	_, err = applyPatches([]byte("abc"), []Erratum{{ID: "x", Patches: []Patch{{Old: "zzz", New: "d"}}}})
	if err == nil {
		t.Fatal("missing patch text accepted")
	}
	got, err := applyPatches([]byte("abc"), []Erratum{{ID: "x", Patches: []Patch{{Old: "b", New: "B"}}}})
	if err != nil || string(got) != "aBc" {
		t.Fatalf("got %q, %v", got, err)
	}
}

func TestParseOutputKeepsContinuationLines(t *testing.T) {
	out := "/t/0.xml:1: parser error : Premature end of data\n<a>\n   ^\n/t/0.xml fails to validate\n/t/1.xml validates\n"
	got := parseOutput(out, map[string]string{"/t/0.xml": "a", "/t/1.xml": "b"})
	if len(got) != 1 || len(got["a"]) != 1 || got["a"][0] != "line 1: parser error : Premature end of data\n<a>\n   ^" {
		t.Fatalf("got %q", got)
	}
}
