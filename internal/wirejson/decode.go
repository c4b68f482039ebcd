package wirejson

import (
	"bytes"
	"encoding"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
)

// Limits bound what decoding a JSON body may cost. Each is checked before
// the work it bounds: the size before a byte is parsed, the depth as an
// object or array opens, the counts as each value arrives. A zero field
// means no bound.
type Limits struct {
	// MaxBytes is the most bytes the body may have.
	MaxBytes int
	// MaxDepth is how many objects and arrays may be open at once.
	MaxDepth int
	// MaxValues is how many objects and arrays the body may have in all.
	MaxValues int
	// MaxProps is how many properties one object may have.
	MaxProps int
	// MaxString is the most bytes one string (or number) may have.
	MaxString int
}

// RequestLimits are the bounds the emulator puts on a JSON request body,
// the same as tsc.DecodeRequest's on XML (wire.go), property for
// attribute and object for element: depth 32 (the deepest request nests
// five), 10,000 objects (a thousand users added to a group is two
// thousand), 256 properties (a <site> has about sixty attributes), 64 KiB
// per string (names, descriptions, JWTs), 4 MiB in all (the emulator's
// cap on any request body).
var RequestLimits = Limits{MaxBytes: 4 << 20, MaxDepth: 32, MaxValues: 10000, MaxProps: 256, MaxString: 64 << 10}

// Error is a JSON body refused: malformed, past a limit, or holding a value
// of the wrong type. Its message says where, as line, column and byte
// offset.
type Error struct {
	// Offset is the byte offset at which the problem was found.
	Offset int64
	// Line and Column (from 1) locate Offset.
	Line, Column int
	// Msg says what is wrong.
	Msg string
	// Limit is set when a bound of Limits was passed; it names the bound.
	Limit string
}

// Error says what and where.
func (e *Error) Error() string {
	return fmt.Sprintf("%s at line %d, column %d (byte %d)", e.Msg, e.Line, e.Column, e.Offset)
}

// The names of the limits, as Error.Limit gives them.
const (
	LimitBytes  = "body size in bytes"
	LimitDepth  = "nesting depth"
	LimitValues = "object and array count"
	LimitProps  = "properties per object"
	LimitString = "string size in bytes"
)

// Unmarshal reads a JSON body into v, a pointer to the envelope struct
// (tsc.TSRequest, tsc.TSResponse): the body's top-level properties are the
// envelope's children. It refuses, with an *Error, a body that is not one
// JSON object, passes a bound of lim, or has a value that does not fit
// its field.
func Unmarshal(data []byte, v any, lim Limits) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("wirejson: Unmarshal needs a pointer to a struct, got %T", v)
	}
	d, err := newDecoder(data, lim)
	if err != nil {
		return err
	}
	tok, err := d.token()
	if err != nil {
		return err
	}
	if tok != json.Delim('{') {
		return d.fail("the body must be a JSON object, not %s", describe(tok))
	}
	if err := d.object(rv.Elem(), 1); err != nil {
		return err
	}
	return d.end()
}

type decoder struct {
	data   []byte
	dec    *json.Decoder
	lim    Limits
	values int
	// last is the offset before the token just read, for messages.
	last int64
}

func newDecoder(data []byte, lim Limits) (*decoder, error) {
	d := &decoder{data: data, lim: lim}
	if lim.MaxBytes > 0 && len(data) > lim.MaxBytes {
		return nil, d.limit(0, LimitBytes, lim.MaxBytes)
	}
	d.dec = json.NewDecoder(bytes.NewReader(data))
	d.dec.UseNumber()
	return d, nil
}

// token reads the next token, turning json's errors into *Error.
func (d *decoder) token() (json.Token, error) {
	d.last = d.dec.InputOffset()
	tok, err := d.dec.Token()
	if err != nil {
		var se *json.SyntaxError
		switch {
		case errors.As(err, &se):
			// json.Decoder's offsets count from the value it was reading;
			// the whole-body scanner's count from the start of the body and
			// point just past the offending byte.
			var raw json.RawMessage
			if err := json.Unmarshal(d.data, &raw); errors.As(err, &se) {
				return nil, d.at(se.Offset-1, "malformed JSON: %s", se.Error())
			}
			return nil, d.at(d.last, "malformed JSON: %s", se.Error())
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return nil, d.at(int64(len(d.data)), "malformed JSON: the body ends too soon")
		}
		return nil, d.at(d.dec.InputOffset(), "malformed JSON: %v", err)
	}
	switch t := tok.(type) {
	case string:
		if d.lim.MaxString > 0 && len(t) > d.lim.MaxString {
			return nil, d.limit(d.last, LimitString, d.lim.MaxString)
		}
	case json.Number:
		if d.lim.MaxString > 0 && len(t) > d.lim.MaxString {
			return nil, d.limit(d.last, LimitString, d.lim.MaxString)
		}
	}
	return tok, nil
}

// end checks that nothing follows the body's object.
func (d *decoder) end() error {
	off := d.dec.InputOffset()
	rest := bytes.TrimLeft(d.data[off:], " \t\r\n")
	if len(rest) > 0 {
		return d.at(int64(len(d.data)-len(rest)), "malformed JSON: text after the body's object")
	}
	return nil
}

// open counts an object or array about to be read at depth.
func (d *decoder) open(depth int) error {
	if d.lim.MaxDepth > 0 && depth > d.lim.MaxDepth {
		return d.limit(d.last, LimitDepth, d.lim.MaxDepth)
	}
	d.values++
	if d.lim.MaxValues > 0 && d.values > d.lim.MaxValues {
		return d.limit(d.last, LimitValues, d.lim.MaxValues)
	}
	return nil
}

// object reads the properties of an object whose '{' was read into
// struct v; depth counts the open objects and arrays, this one included.
func (d *decoder) object(v reflect.Value, depth int) error {
	if err := d.open(depth); err != nil {
		return err
	}
	p, err := planFor(v.Type())
	if err != nil {
		return err
	}
	props := 0
	for d.dec.More() {
		tok, err := d.token()
		if err != nil {
			return err
		}
		key, ok := tok.(string)
		if !ok {
			return d.fail("malformed JSON: expected a property name")
		}
		props++
		if d.lim.MaxProps > 0 && props > d.lim.MaxProps {
			return d.limit(d.last, LimitProps, d.lim.MaxProps)
		}
		i, known := p.byName[key]
		if !known {
			if err := d.skip(depth); err != nil {
				return err
			}
			continue
		}
		f := &p.fields[i]
		if err := d.field(v.FieldByIndex(f.index), f, depth); err != nil {
			return err
		}
	}
	_, err = d.token() // '}'
	return err
}

// field reads the value of property f into fv.
func (d *decoder) field(fv reflect.Value, f *field, depth int) error {
	tok, err := d.token()
	if err != nil {
		return err
	}
	if tok == nil {
		return nil // null: the field stays as it is, as if absent
	}
	if f.kind == kRepeatedEl {
		if tok == json.Delim('[') {
			if err := d.open(depth + 1); err != nil {
				return err
			}
			for d.dec.More() {
				tok, err := d.token()
				if err != nil {
					return err
				}
				if err := d.appendElem(fv, f, tok, depth+1); err != nil {
					return err
				}
			}
			_, err := d.token() // ']'
			return err
		}
		// One element where a list is expected: some JSON writers collapse a
		// one-item array to its item, and the XML form cannot tell them apart.
		return d.appendElem(fv, f, tok, depth)
	}
	if f.ptr {
		if fv.IsNil() {
			fv.Set(reflect.New(f.typ))
		}
		fv = fv.Elem()
	}
	return d.set(fv, f.kind, f.name, tok, depth)
}

func (d *decoder) appendElem(fv reflect.Value, f *field, tok json.Token, depth int) error {
	if tok == nil {
		return nil
	}
	ev := reflect.New(f.typ).Elem()
	if err := d.set(ev, f.elemKind, f.name, tok, depth); err != nil {
		return err
	}
	if f.elemPtr {
		ev = ev.Addr()
	}
	fv.Set(reflect.Append(fv, ev))
	return nil
}

// set reads the value that starts with tok into v (not a pointer).
func (d *decoder) set(v reflect.Value, k kind, name string, tok json.Token, depth int) error {
	if k == kStruct {
		if tok != json.Delim('{') {
			return d.fail("the property %q must be an object, not %s", name, describe(tok))
		}
		return d.object(v, depth+1)
	}
	s, ok := scalarText(tok)
	if !ok {
		return d.fail("the property %q must be a string, number or boolean, not %s", name, describe(tok))
	}
	switch k {
	case kString:
		v.SetString(s)
	case kBool:
		b, err := strconv.ParseBool(strings.TrimSpace(s))
		if err != nil {
			return d.fail("the property %q must be true or false, not %q", name, cut(s))
		}
		v.SetBool(b)
	case kInt:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, v.Type().Bits())
		if err != nil {
			return d.fail("the property %q must be an integer, not %q", name, cut(s))
		}
		v.SetInt(n)
	case kUint:
		n, err := strconv.ParseUint(strings.TrimSpace(s), 10, v.Type().Bits())
		if err != nil {
			return d.fail("the property %q must be a whole number, not %q", name, cut(s))
		}
		v.SetUint(n)
	case kFloat:
		n, err := strconv.ParseFloat(strings.TrimSpace(s), v.Type().Bits())
		if err != nil {
			return d.fail("the property %q must be a number, not %q", name, cut(s))
		}
		v.SetFloat(n)
	case kAttrMarsh:
		u, ok := v.Addr().Interface().(xml.UnmarshalerAttr)
		if !ok {
			return fmt.Errorf("wirejson: %s: %s has no UnmarshalXMLAttr", name, v.Type())
		}
		if err := u.UnmarshalXMLAttr(xml.Attr{Name: xml.Name{Local: name}, Value: s}); err != nil {
			return d.fail("the property %q is not valid: %v", name, err)
		}
	case kText:
		u, ok := v.Addr().Interface().(encoding.TextUnmarshaler)
		if !ok {
			return fmt.Errorf("wirejson: %s: %s has no UnmarshalText", name, v.Type())
		}
		if err := u.UnmarshalText([]byte(s)); err != nil {
			return d.fail("the property %q is not valid: %v", name, err)
		}
	default:
		return fmt.Errorf("wirejson: %s: nothing to read for kind %d", name, k)
	}
	return nil
}

// scalarText is the text of a string, number or boolean token, as its XML
// attribute would carry it.
func scalarText(tok json.Token) (string, bool) {
	switch t := tok.(type) {
	case string:
		return t, true
	case json.Number:
		return t.String(), true
	case bool:
		return strconv.FormatBool(t), true
	}
	return "", false
}

// skip reads past the value of an unknown property, within the limits.
func (d *decoder) skip(depth int) error {
	tok, err := d.token()
	if err != nil {
		return err
	}
	return d.skipFrom(tok, depth)
}

func (d *decoder) skipFrom(tok json.Token, depth int) error {
	delim, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	if err := d.open(depth + 1); err != nil {
		return err
	}
	props := 0
	for d.dec.More() {
		tok, err := d.token()
		if err != nil {
			return err
		}
		if delim == '{' {
			props++
			if d.lim.MaxProps > 0 && props > d.lim.MaxProps {
				return d.limit(d.last, LimitProps, d.lim.MaxProps)
			}
			if tok, err = d.token(); err != nil {
				return err
			}
		}
		if err := d.skipFrom(tok, depth+1); err != nil {
			return err
		}
	}
	_, err := d.token()
	return err
}

func describe(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return "an object"
		}
		if t == '[' {
			return "an array"
		}
		return fmt.Sprintf("%q", string(t))
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", tok)
}

// cut shortens a value quoted in a message.
func cut(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}

func (d *decoder) fail(format string, args ...any) error {
	return d.at(d.last, format, args...)
}

func (d *decoder) limit(off int64, name string, max int) error {
	e := d.at(off, "the JSON body passes the %s limit of %d", name, max).(*Error)
	e.Limit = name
	return e
}

// at makes an *Error at offset off, with its line and column.
func (d *decoder) at(off int64, format string, args ...any) error {
	if off < 0 {
		off = 0
	}
	if off > int64(len(d.data)) {
		off = int64(len(d.data))
	}
	// The token read last starts after the spaces and separators before it.
	for off < int64(len(d.data)) && strings.IndexByte(" \t\r\n,:", d.data[off]) >= 0 {
		off++
	}
	before := d.data[:off]
	line := bytes.Count(before, []byte{'\n'}) + 1
	col := int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return &Error{Offset: off, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

// Props returns the properties with scalar values (strings, numbers,
// booleans, as their text) of the first object, in document order, that is
// the value of a property named name, or nil when there is none: the JSON
// twin of reading an element's attributes, for handlers that must know
// which attributes a request set, not only their values (an empty
// description clears it; an absent one keeps it).
func Props(data []byte, name string, lim Limits) (map[string]string, error) {
	d, err := newDecoder(data, lim)
	if err != nil {
		return nil, err
	}
	tok, err := d.token()
	if err != nil {
		return nil, err
	}
	out, _, err := d.findProps(tok, name, 0)
	return out, err
}

// findProps walks the value starting with tok looking for name; found says
// the search is over.
func (d *decoder) findProps(tok json.Token, name string, depth int) (map[string]string, bool, error) {
	delim, ok := tok.(json.Delim)
	if !ok {
		return nil, false, nil
	}
	if err := d.open(depth + 1); err != nil {
		return nil, false, err
	}
	for d.dec.More() {
		tok, err := d.token()
		if err != nil {
			return nil, false, err
		}
		key := ""
		if delim == '{' {
			key, _ = tok.(string)
			if tok, err = d.token(); err != nil {
				return nil, false, err
			}
		}
		if key == name && tok == json.Delim('{') {
			out, err := d.scalars(depth + 1)
			return out, true, err
		}
		out, found, err := d.findProps(tok, name, depth+1)
		if err != nil || found {
			return out, found, err
		}
	}
	_, err := d.token()
	return nil, false, err
}

// scalars reads an object whose '{' was read, keeping its scalar properties.
func (d *decoder) scalars(depth int) (map[string]string, error) {
	if err := d.open(depth + 1); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for d.dec.More() {
		tok, err := d.token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		if tok, err = d.token(); err != nil {
			return nil, err
		}
		if s, ok := scalarText(tok); ok {
			out[key] = s
			continue
		}
		if err := d.skipFrom(tok, depth+1); err != nil {
			return nil, err
		}
	}
	return out, nil
}
