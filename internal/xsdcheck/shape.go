package xsdcheck

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"testing"
)

// Text is the pseudo-attribute Shape lists for an element that carries
// non-blank character data, so a dropped element text (an error summary, a
// version number) shows up like a dropped attribute.
const Text = "#text"

const xsiNamespace = "http://www.w3.org/2001/XMLSchema-instance"

// Shape returns the body's element paths (local names joined by "/", such
// as "tsResponse/sites/site") mapped to the sorted names of the attributes
// they carry, united over repeated elements; Text stands for character
// data. Namespace declarations and xsi:* attributes are left out: they say
// how a body is written, not what it says. Comparing shapes tells whether
// two bodies carry the same kinds of information whatever their values.
func Shape(body []byte) (map[string][]string, error) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	sets := map[string]map[string]bool{}
	var stack []string
	var hasText []bool
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("xsdcheck: shape: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			hasText = append(hasText, false)
			path := strings.Join(stack, "/")
			set := sets[path]
			if set == nil {
				set = map[string]bool{}
				sets[path] = set
			}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") ||
					a.Name.Space == xsiNamespace || a.Name.Space == "xsi" {
					continue
				}
				set[a.Name.Local] = true
			}
		case xml.CharData:
			if len(stack) > 0 && len(bytes.TrimSpace(t)) > 0 && !hasText[len(hasText)-1] {
				hasText[len(hasText)-1] = true
				sets[strings.Join(stack, "/")][Text] = true
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			hasText = hasText[:len(hasText)-1]
		}
	}
	if len(sets) == 0 {
		return nil, errors.New("xsdcheck: shape: no elements")
	}
	out := make(map[string][]string, len(sets))
	for path, set := range sets {
		attrs := make([]string, 0, len(set))
		for a := range set {
			attrs = append(attrs, a)
		}
		sort.Strings(attrs)
		out[path] = attrs
	}
	return out, nil
}

// ShapeDiff lists how got's shape differs from want's, one line per element
// or attribute present in only one of them, sorted. An ignore entry is an
// element path ("tsResponse/site/usage", which also covers everything
// below it) or an attribute ("tsResponse/site@numUsers", or
// "tsResponse/site@#text" for text): the differences a caller has decided
// are deliberate.
func ShapeDiff(got, want map[string][]string, ignore ...string) []string {
	ignored := func(path, attr string) bool {
		for _, ig := range ignore {
			if p, a, ok := strings.Cut(ig, "@"); ok {
				if attr != "" && p == path && a == attr {
					return true
				}
				continue
			}
			if path == ig || strings.HasPrefix(path, ig+"/") {
				return true
			}
		}
		return false
	}
	var diffs []string
	paths := map[string]bool{}
	for p := range got {
		paths[p] = true
	}
	for p := range want {
		paths[p] = true
	}
	for p := range paths {
		if ignored(p, "") {
			continue
		}
		g, inGot := got[p]
		w, inWant := want[p]
		switch {
		case !inGot:
			diffs = append(diffs, "missing element "+p)
			continue
		case !inWant:
			diffs = append(diffs, "extra element "+p)
			continue
		}
		for _, a := range minus(w, g) {
			if !ignored(p, a) {
				diffs = append(diffs, "missing attribute "+p+"@"+a)
			}
		}
		for _, a := range minus(g, w) {
			if !ignored(p, a) {
				diffs = append(diffs, "extra attribute "+p+"@"+a)
			}
		}
	}
	sort.Strings(diffs)
	return diffs
}

// minus returns the names in a that are not in b.
func minus(a, b []string) []string {
	in := make(map[string]bool, len(b))
	for _, x := range b {
		in[x] = true
	}
	var out []string
	for _, x := range a {
		if !in[x] {
			out = append(out, x)
		}
	}
	return out
}

// EmptyAttributes returns "path@attr" (ShapeDiff's ignore syntax) for every
// attribute whose values in body are all empty or blank: an answer that
// leaves such an attribute out loses nothing.
func EmptyAttributes(body []byte) ([]string, error) {
	nonEmpty := map[string]bool{}
	dec := xml.NewDecoder(bytes.NewReader(body))
	var stack []string
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("xsdcheck: empty attributes: %w", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			stack = append(stack, e.Name.Local)
			path := strings.Join(stack, "/")
			for _, a := range e.Attr {
				key := path + "@" + a.Name.Local
				nonEmpty[key] = nonEmpty[key] || strings.TrimSpace(a.Value) != ""
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
	var out []string
	for k, ne := range nonEmpty {
		if !ne {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out, nil
}

// CompareShape fails tb when got and want differ in shape (elements and
// attributes present in one only), except for the ignore entries described
// at ShapeDiff. "missing" means in want but not in got. An attribute that
// is empty wherever want has it may be missing from got: the models leave
// empty attributes out, and that loses nothing.
func CompareShape(tb testing.TB, got, want []byte, ignore ...string) {
	tb.Helper()
	gs, err := Shape(got)
	if err != nil {
		tb.Fatalf("got: %v", err)
	}
	ws, err := Shape(want)
	if err != nil {
		tb.Fatalf("want: %v", err)
	}
	empty, err := EmptyAttributes(want)
	if err != nil {
		tb.Fatalf("want: %v", err)
	}
	for _, e := range empty {
		p, a, _ := strings.Cut(e, "@")
		if !has(gs[p], a) {
			ignore = append(ignore, e)
		}
	}
	if d := ShapeDiff(gs, ws, ignore...); len(d) > 0 {
		tb.Errorf("shapes differ (got vs want):\n  %s", strings.Join(d, "\n  "))
	}
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
