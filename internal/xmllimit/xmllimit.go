// Package xmllimit tokenizes XML from clients with bounds on what the
// document may cost: nesting depth, element count, attributes per element,
// attribute value size, total text, the bytes of one token and of the whole
// document. Every bound is checked while tokenizing, token by token, so a
// hostile document (millions of nested elements, one endless attribute) is
// refused after reading at most one bound's worth of it, never after it has
// been read whole or built into a tree.
//
// The emulator uses it for <tsRequest> bodies (through tsc.DecodeRequest)
// and for the .twb and .tds documents of published files (tableaufile).
package xmllimit

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// Limits bound a document. A zero or negative field means no bound.
type Limits struct {
	// MaxDepth is how many elements may be open at once.
	MaxDepth int
	// MaxElements is how many elements the document may have.
	MaxElements int
	// MaxAttrs is how many attributes one element may have.
	MaxAttrs int
	// MaxAttrValue is the most bytes one attribute value may have.
	MaxAttrValue int
	// MaxText is the most bytes of character data (text and CDATA) in the
	// whole document.
	MaxText int64
	// MaxToken is the most bytes of input one token (a tag with its
	// attributes, a run of text, a comment) may span, counting the byte
	// that ends a run of text. encoding/xml holds a
	// token whole in memory before returning it, so this is what bounds the
	// memory one token costs before the other checks can see it.
	MaxToken int64
	// MaxBytes is the most bytes of input the document may have.
	MaxBytes int64
}

// Error is a document refused for passing a limit. Its message names the
// limit and its value.
type Error struct {
	// Limit names the bound, e.g. "element depth".
	Limit string
	// Max is the bound's value.
	Max int64
	// Offset is the input offset at which the bound was passed.
	Offset int64
}

// Error names the bound, its value and where in the input it was passed.
func (e *Error) Error() string {
	return fmt.Sprintf("the XML document passes the %s limit of %d (at byte %d)", e.Limit, e.Max, e.Offset)
}

// The names of the limits, as Error.Limit gives them.
const (
	LimitDepth     = "element depth"
	LimitElements  = "element count"
	LimitAttrs     = "attributes per element"
	LimitAttrValue = "attribute value size in bytes"
	LimitText      = "total text size in bytes"
	LimitToken     = "token size in bytes"
	LimitBytes     = "document size in bytes"
)

// counter is the byte source of the xml.Decoder: it counts the bytes of the
// whole document and of the token being read, and fails the read that
// would pass either bound, so the decoder stops buffering there.
type counter struct {
	r          *bufio.Reader
	lim        Limits
	total, tok int64
	err        *Error
}

func (c *counter) ReadByte() (byte, error) {
	if c.err != nil {
		return 0, c.err
	}
	if c.lim.MaxBytes > 0 && c.total >= c.lim.MaxBytes {
		// Exactly MaxBytes is allowed: fail only if there is more.
		if _, err := c.r.Peek(1); err != nil {
			return 0, err
		}
		c.err = &Error{Limit: LimitBytes, Max: c.lim.MaxBytes, Offset: c.total}
		return 0, c.err
	}
	if c.lim.MaxToken > 0 && c.tok >= c.lim.MaxToken {
		c.err = &Error{Limit: LimitToken, Max: c.lim.MaxToken, Offset: c.total}
		return 0, c.err
	}
	b, err := c.r.ReadByte()
	if err == nil {
		c.total++
		c.tok++
	}
	return b, err
}

// Read is there because a CharsetReader is handed the source as an
// io.Reader; it goes through ReadByte so that the bounds hold.
func (c *counter) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		b, err := c.ReadByte()
		if err != nil {
			if n > 0 && err == io.EOF {
				return n, nil
			}
			return n, err
		}
		p[n] = b
		n++
		if c.r.Buffered() == 0 {
			break
		}
	}
	return n, nil
}

// Decoder reads tokens from an xml.Decoder (strict, no entity expansion
// beyond XML's own) within Limits. It implements xml.TokenReader, so
// xml.NewTokenDecoder(d).Decode unmarshals within the limits too.
type Decoder struct {
	// XML is the underlying decoder, for its settings (CharsetReader);
	// read tokens through the Decoder, not through it.
	XML      *xml.Decoder
	src      *counter
	lim      Limits
	depth    int
	elements int
	text     int64
	err      error
}

// NewDecoder returns a Decoder reading r within lim.
func NewDecoder(r io.Reader, lim Limits) *Decoder {
	c := &counter{r: bufio.NewReader(r), lim: lim}
	d := xml.NewDecoder(c)
	d.Strict = true
	return &Decoder{XML: d, src: c, lim: lim}
}

// Depth is how many elements are open after the last token.
func (d *Decoder) Depth() int { return d.depth }

// InputOffset is the decoder's input offset, for messages.
func (d *Decoder) InputOffset() int64 { return d.XML.InputOffset() }

// Token returns the next token, or an error: io.EOF at the end, an *Error
// when a limit is passed, the decoder's syntax error otherwise. After an
// error every call returns it again.
func (d *Decoder) Token() (xml.Token, error) {
	if d.err != nil {
		return nil, d.err
	}
	d.src.tok = 0
	tok, err := d.XML.Token()
	if err != nil {
		// The decoder may report a read error of ours wrapped or as is;
		// the limit is the reason either way.
		if d.src.err != nil {
			err = d.src.err
		}
		d.err = err
		return nil, err
	}
	if err := d.check(tok); err != nil {
		d.err = err
		return nil, err
	}
	return tok, nil
}

func (d *Decoder) check(tok xml.Token) error {
	over := func(limit string, max int64) error {
		return &Error{Limit: limit, Max: max, Offset: d.XML.InputOffset()}
	}
	switch t := tok.(type) {
	case xml.StartElement:
		d.depth++
		d.elements++
		if d.lim.MaxDepth > 0 && d.depth > d.lim.MaxDepth {
			return over(LimitDepth, int64(d.lim.MaxDepth))
		}
		if d.lim.MaxElements > 0 && d.elements > d.lim.MaxElements {
			return over(LimitElements, int64(d.lim.MaxElements))
		}
		if d.lim.MaxAttrs > 0 && len(t.Attr) > d.lim.MaxAttrs {
			return over(LimitAttrs, int64(d.lim.MaxAttrs))
		}
		if d.lim.MaxAttrValue > 0 {
			for _, a := range t.Attr {
				if len(a.Value) > d.lim.MaxAttrValue {
					return over(LimitAttrValue, int64(d.lim.MaxAttrValue))
				}
			}
		}
	case xml.EndElement:
		d.depth--
	case xml.CharData:
		d.text += int64(len(t))
		if d.lim.MaxText > 0 && d.text > d.lim.MaxText {
			return over(LimitText, d.lim.MaxText)
		}
	}
	return nil
}

// Skip reads tokens until the element whose start was just read is closed,
// within the limits (xml.Decoder.Skip would read past them).
func (d *Decoder) Skip() error {
	base := d.depth
	for d.depth >= base {
		if _, err := d.Token(); err != nil {
			if err == io.EOF {
				return errors.New("XML syntax error: unexpected EOF")
			}
			return err
		}
	}
	return nil
}

// Decode unmarshals the next element into v, as xml.Decoder.Decode does,
// within the limits.
func (d *Decoder) Decode(v any) error {
	return xml.NewTokenDecoder(d).Decode(v)
}
