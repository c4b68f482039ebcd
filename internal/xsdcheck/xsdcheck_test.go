package xsdcheck

import (
	"errors"
	"fmt"
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
		"serverInfo without restApiVersion":  []byte(`<tsResponse xmlns="http://tableau.com/api"><serverInfo><productVersion build="20241.24.0312.1234">2024.1.0</productVersion></serverInfo></tsResponse>`),
		"users without pagination, bad role": []byte(`<tsResponse xmlns="http://tableau.com/api"><users><user id="dd2239f6-ddf1-4107-981a-4cf94e415794" name="a" siteRole="Boss"/></users></tsResponse>`),
		"authSetting neither OIDC nor known": []byte(`<tsResponse xmlns="http://tableau.com/api"><siteAuthConfigurations><siteAuthConfiguration authSetting="Kerberos" enabled="true" idpConfigurationId="00000000-0000-0000-0000-000000000000" idpConfigurationName="x"/></siteAuthConfigurations></tsResponse>`),
		"user authSetting OIDC":              []byte(`<tsResponse xmlns="http://tableau.com/api"><user id="dd2239f6-ddf1-4107-981a-4cf94e415794" name="a" siteRole="Viewer" authSetting="OIDC"/></tsResponse>`),
		"restApiVersion not a version":       []byte(`<tsResponse xmlns="http://tableau.com/api"><serverInfo><productVersion build="20241.24.0312.1234">2024.1.0</productVersion><restApiVersion>latest</restApiVersion></serverInfo></tsResponse>`),
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
	// Errata that patch the schema keep the rest checked: the message is
	// about the real mistake, not about the patched rule.
	for name, want := range map[string]string{
		"users without pagination, bad role": "'Boss'",
		"user authSetting OIDC":              "attribute 'authSetting'",
		"restApiVersion not a version":       "'latest'",
	} {
		if msgs := strings.Join(res[name], "\n"); !strings.Contains(msgs, want) {
			t.Errorf("%s: messages %q do not mention %s", name, msgs, want)
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
		if reason, listed := excluded[e.Evidence]; listed {
			// Evidence that also fails for reasons of its own (an older
			// server's extra attributes) can back a message-match erratum
			// only: with it, every message it matches is gone, and the
			// messages left are exactly those it does not match.
			if e.Match == nil {
				t.Errorf("erratum %s: evidence %s fails with all errata (%s); a schema patch needs evidence that validates", e.ID, e.Evidence, reason)
				continue
			}
			var matched, rest []string
			for _, m := range without[e.Evidence] {
				if e.Match.MatchString(stripLine(m)) {
					matched = append(matched, m)
				} else {
					rest = append(rest, m)
				}
			}
			if len(matched) == 0 {
				t.Errorf("erratum %s: no message of evidence %s matches it", e.ID, e.Evidence)
			}
			if got := with[e.Evidence]; strings.Join(got, "\n") != strings.Join(rest, "\n") {
				t.Errorf("erratum %s: with all errata, evidence %s fails with\n%s\nwant only the messages it does not match:\n%s",
					e.ID, e.Evidence, strings.Join(got, "\n"), strings.Join(rest, "\n"))
			}
			continue
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
	// A patch that no longer applies is a broken check, not missing
	// material: ValidateAll fails on it instead of skipping every test.
	if errors.Is(err, ErrUnavailable) {
		t.Fatalf("a patch error wraps ErrUnavailable, so ValidateAll would skip on it: %v", err)
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

func TestShape(t *testing.T) {
	body := `<?xml version="1.0"?>
<tsResponse xmlns="http://tableau.com/api" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="x y">
  <sites>
    <site id="1" name="a"/>
    <site id="2" contentUrl="b"><usage numUsers="3"/></site>
  </sites>
  <error code="1"><summary>Bad</summary><detail>  </detail></error>
</tsResponse>`
	got, err := Shape([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"tsResponse":                  {},
		"tsResponse/sites":            {},
		"tsResponse/sites/site":       {"contentUrl", "id", "name"},
		"tsResponse/sites/site/usage": {"numUsers"},
		"tsResponse/error":            {"code"},
		"tsResponse/error/summary":    {Text},
		"tsResponse/error/detail":     {},
	}
	if d := ShapeDiff(got, want); len(d) != 0 {
		t.Fatalf("Shape differs from expectation: %v (got %v)", d, got)
	}
	if _, err := Shape([]byte("<a><b></a>")); err == nil {
		t.Error("malformed body accepted")
	}
	if _, err := Shape([]byte("  ")); err == nil {
		t.Error("empty body accepted")
	}
}

func TestShapeDiff(t *testing.T) {
	want := map[string][]string{"r": {}, "r/s": {"a", "b"}, "r/s/u": {"n"}, "r/t": {Text}}
	got := map[string][]string{"r": {}, "r/s": {"a", "c"}, "r/x": {}, "r/t": {}}
	d := ShapeDiff(got, want)
	wantD := []string{
		"extra attribute r/s@c",
		"extra element r/x",
		"missing attribute r/s@b",
		"missing attribute r/t@#text",
		"missing element r/s/u",
	}
	if strings.Join(d, "|") != strings.Join(wantD, "|") {
		t.Fatalf("ShapeDiff = %q, want %q", d, wantD)
	}
	d = ShapeDiff(got, want, "r/s@b", "r/s@c", "r/x", "r/s/u", "r/t@#text")
	if len(d) != 0 {
		t.Fatalf("ignored differences still reported: %q", d)
	}
	// Ignoring an element covers its subtree, not its siblings with a shared prefix.
	d = ShapeDiff(map[string][]string{"r": {}}, map[string][]string{"r": {}, "r/s": {}, "r/s/u": {}, "r/ss": {}}, "r/s")
	if strings.Join(d, "|") != "missing element r/ss" {
		t.Fatalf("ShapeDiff with subtree ignore = %q", d)
	}
}

func TestCompareShapeReports(t *testing.T) {
	a := []byte(`<r><s a="1"/></r>`)
	b := []byte(`<r><s a="2" b="3"/></r>`)
	CompareShape(t, a, a)
	CompareShape(t, a, b, "r/s@b")
	rec := &recorder{TB: t}
	CompareShape(rec, a, b)
	if !rec.failed || !strings.Contains(rec.msg, "missing attribute r/s@b") {
		t.Fatalf("CompareShape did not report the missing attribute: failed=%v msg=%q", rec.failed, rec.msg)
	}
}

// recorder captures a helper's failure instead of failing the real test.
type recorder struct {
	testing.TB
	failed bool
	msg    string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.failed = true
	r.msg += fmt.Sprintf(format, args...)
}
func (r *recorder) Fatalf(format string, args ...any) { r.Errorf(format, args...) }

func TestValidateAllReportsByName(t *testing.T) {
	ready(t)
	rec := &recorder{TB: t}
	ValidateAll(rec, map[string][]byte{
		"good": []byte(validSites),
		"bad":  []byte(strings.Replace(validSites, `pageSize="100"`, `pageSize="many"`, 1)),
	})
	if !rec.failed || !strings.Contains(rec.msg, "bad does not validate") || strings.Contains(rec.msg, "good does not") {
		t.Fatalf("ValidateAll report = %q", rec.msg)
	}
}
