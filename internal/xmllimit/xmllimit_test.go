package xmllimit

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
)

// readAll tokenizes doc within lim to its end.
func readAll(doc string, lim Limits) error {
	d := NewDecoder(strings.NewReader(doc), lim)
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func nested(n int) string { return strings.Repeat("<a>", n) + strings.Repeat("</a>", n) }

// TestEachLimitAtAndOver: a document exactly at each bound reads, one unit
// over is refused with an *Error naming that bound and its value.
func TestEachLimitAtAndOver(t *testing.T) {
	for _, tc := range []struct {
		limit    string
		lim      Limits
		at, over string
	}{
		{LimitDepth, Limits{MaxDepth: 4}, nested(4), nested(5)},
		{LimitElements, Limits{MaxElements: 4}, "<r>" + strings.Repeat("<a/>", 3) + "</r>", "<r>" + strings.Repeat("<a/>", 4) + "</r>"},
		{LimitAttrs, Limits{MaxAttrs: 3}, `<r a="1" b="2" c="3"/>`, `<r a="1" b="2" c="3" d="4"/>`},
		{LimitAttrValue, Limits{MaxAttrValue: 5}, `<r a="12345"/>`, `<r a="123456"/>`},
		{LimitText, Limits{MaxText: 6}, `<r>abc<a/>def</r>`, `<r>abc<a/>defg</r>`},
		{LimitText, Limits{MaxText: 6}, `<r><![CDATA[abcdef]]></r>`, `<r><![CDATA[abcdefg]]></r>`},
		// A run of text is read with the byte that ends it ('<').
		{LimitToken, Limits{MaxToken: 12}, `<r>` + strings.Repeat("x", 11) + `</r>`, `<r>` + strings.Repeat("x", 12) + `</r>`},
		{LimitToken, Limits{MaxToken: 12}, `<r a="123"/>`, `<r a="1234"/>`},
		{LimitBytes, Limits{MaxBytes: 10}, `<r>12</r> `, `<r>12</r>  `},
	} {
		if err := readAll(tc.at, tc.lim); err != nil {
			t.Errorf("%s at its bound (%q): %v", tc.limit, tc.at, err)
		}
		err := readAll(tc.over, tc.lim)
		var le *Error
		if !errors.As(err, &le) || le.Limit != tc.limit {
			t.Errorf("%s over its bound (%q): %v", tc.limit, tc.over, err)
			continue
		}
		if !strings.Contains(err.Error(), tc.limit) {
			t.Errorf("message %q does not name the limit %q", err, tc.limit)
		}
	}
}

// countingReader counts the bytes read from it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// endless is an io.Reader of a prefix followed by one byte repeated forever.
type endless struct {
	prefix string
	fill   byte
}

func (e *endless) Read(p []byte) (int, error) {
	n := copy(p, e.prefix)
	e.prefix = e.prefix[n:]
	for i := n; i < len(p); i++ {
		p[i] = e.fill
	}
	return len(p), nil
}

// TestRefusedEarly: endless documents (elements nested forever, a text or
// an attribute value that never ends) are refused having read little more
// than the bound, not the document: the bound is checked as it is passed.
func TestRefusedEarly(t *testing.T) {
	for name, tc := range map[string]struct {
		src   io.Reader
		lim   Limits
		limit string
		most  int64
	}{
		"nested forever":  {&endless{prefix: "<r>", fill: 'x'}, Limits{MaxDepth: 100}, LimitDepth, 0},
		"endless text":    {&endless{prefix: "<r>", fill: 'x'}, Limits{MaxToken: 1 << 16}, LimitToken, 1<<16 + 8<<10},
		"endless value":   {&endless{prefix: `<r a="`, fill: 'x'}, Limits{MaxToken: 1 << 16}, LimitToken, 1<<16 + 8<<10},
		"endless element": {&endless{prefix: "<r ", fill: 'x'}, Limits{MaxToken: 1 << 16}, LimitToken, 1<<16 + 8<<10},
		"endless doc":     {&endless{prefix: "<r>", fill: ' '}, Limits{MaxBytes: 1 << 16, MaxToken: 1 << 20}, LimitBytes, 1<<16 + 8<<10},
	} {
		if name == "nested forever" {
			tc.src = strings.NewReader(nested(1 << 20))
			tc.most = 100*3 + 8<<10
		}
		cr := &countingReader{r: tc.src}
		d := NewDecoder(cr, tc.lim)
		var err error
		for err == nil {
			_, err = d.Token()
		}
		var le *Error
		if !errors.As(err, &le) || le.Limit != tc.limit {
			t.Errorf("%s: %v, want the %s limit", name, err, tc.limit)
		}
		if cr.n > tc.most {
			t.Errorf("%s: %d bytes read before the refusal; at most %d expected", name, cr.n, tc.most)
		}
		// The error sticks.
		if _, again := d.Token(); again != err {
			t.Errorf("%s: a second Token returned %v", name, again)
		}
	}
}

// TestSkipKeepsLimits: Skip reads the skipped element through the limits
// (xml.Decoder.Skip would not), and leaves the decoder after it.
func TestSkipKeepsLimits(t *testing.T) {
	d := NewDecoder(strings.NewReader("<r><s>"+nested(10)+"</s><t/></r>"), Limits{MaxDepth: 8})
	d.Token()
	d.Token()
	var le *Error
	if err := d.Skip(); !errors.As(err, &le) || le.Limit != LimitDepth {
		t.Fatalf("Skip past the depth bound: %v", err)
	}
	d = NewDecoder(strings.NewReader("<r><s>"+nested(3)+"</s><t/></r>"), Limits{MaxDepth: 8})
	d.Token()
	d.Token()
	if err := d.Skip(); err != nil {
		t.Fatal(err)
	}
	tok, err := d.Token()
	if se, ok := tok.(xml.StartElement); err != nil || !ok || se.Name.Local != "t" || d.Depth() != 2 {
		t.Fatalf("after Skip: %v %v depth %d", tok, err, d.Depth())
	}
	if err := NewDecoder(strings.NewReader("<r><s>"), Limits{}).Skip(); err == nil {
		t.Fatal("Skip on a cut document succeeded")
	}
}

// TestDecodeNamespaces: Decode through the limiter unmarshals as
// xml.Decoder does, namespaces included.
func TestDecodeNamespaces(t *testing.T) {
	var v struct {
		Name  string `xml:"name,attr"`
		Child struct {
			ID string `xml:"id,attr"`
		} `xml:"http://tableau.com/api child"`
	}
	doc := `<r xmlns="http://tableau.com/api" name="n"><child id="c"/></r>`
	if err := NewDecoder(strings.NewReader(doc), Limits{MaxDepth: 2}).Decode(&v); err != nil || v.Name != "n" || v.Child.ID != "c" {
		t.Fatalf("%+v %v", v, err)
	}
	if err := NewDecoder(strings.NewReader(doc), Limits{MaxDepth: 1}).Decode(&v); err == nil {
		t.Fatal("Decode passed the depth bound")
	}
}
