package wirejson

import (
	"bytes"
	"encoding"
	"encoding/xml"
	"fmt"
	"reflect"
	"strconv"
	"unicode/utf8"
)

// Marshal writes v, a struct or a pointer to one (the envelope: TSResponse
// or TSRequest), as Tableau's JSON: the envelope's children are the
// top-level properties.
func Marshal(v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return []byte("{}"), nil
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return nil, fmt.Errorf("wirejson: cannot encode %T: not a struct", v)
	}
	e := &encoder{buf: bytes.NewBuffer(make([]byte, 0, 512))}
	if err := e.object(rv); err != nil {
		return nil, err
	}
	return e.buf.Bytes(), nil
}

type encoder struct {
	buf *bytes.Buffer
}

// object writes struct value v as a JSON object.
func (e *encoder) object(v reflect.Value) error {
	p, err := planFor(v.Type())
	if err != nil {
		return err
	}
	e.buf.WriteByte('{')
	first := true
	for i := range p.fields {
		f := &p.fields[i]
		fv := v.FieldByIndex(f.index)
		if f.omitempty && isEmpty(fv) {
			continue
		}
		if f.ptr {
			if fv.IsNil() {
				continue // encoding/xml writes nothing for a nil pointer
			}
			fv = fv.Elem()
		}
		if f.kind == kRepeatedEl {
			if fv.Len() == 0 {
				continue // no element to repeat: the container stays {}
			}
			e.key(f.name, &first)
			e.buf.WriteByte('[')
			for j := 0; j < fv.Len(); j++ {
				if j > 0 {
					e.buf.WriteByte(',')
				}
				ev := fv.Index(j)
				if f.elemPtr {
					if ev.IsNil() {
						e.buf.WriteString("null")
						continue
					}
					ev = ev.Elem()
				}
				if err := e.value(ev, f.elemKind, f.name); err != nil {
					return err
				}
			}
			e.buf.WriteByte(']')
			continue
		}
		if f.kind == kAttrMarsh {
			// A custom attribute decides for itself whether it is written
			// (tsc.Time leaves out the zero time).
			s, ok, err := marshalAttr(fv, f.name)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			e.key(f.name, &first)
			e.str(s)
			continue
		}
		e.key(f.name, &first)
		if err := e.value(fv, f.kind, f.name); err != nil {
			return err
		}
	}
	e.buf.WriteByte('}')
	return nil
}

func (e *encoder) key(name string, first *bool) {
	if !*first {
		e.buf.WriteByte(',')
	}
	*first = false
	e.str(name)
	e.buf.WriteByte(':')
}

// value writes one non-pointer value of kind k.
func (e *encoder) value(v reflect.Value, k kind, name string) error {
	switch k {
	case kString:
		e.str(v.String())
	case kBool:
		if v.Bool() {
			e.buf.WriteString("true")
		} else {
			e.buf.WriteString("false")
		}
	case kInt:
		e.buf.WriteByte('"')
		e.buf.WriteString(strconv.FormatInt(v.Int(), 10))
		e.buf.WriteByte('"')
	case kUint:
		e.buf.WriteByte('"')
		e.buf.WriteString(strconv.FormatUint(v.Uint(), 10))
		e.buf.WriteByte('"')
	case kFloat:
		e.str(strconv.FormatFloat(v.Float(), 'g', -1, v.Type().Bits()))
	case kText:
		b, err := textOf(v)
		if err != nil {
			return fmt.Errorf("wirejson: %s: %w", name, err)
		}
		e.str(string(b))
	case kAttrMarsh:
		s, _, err := marshalAttr(v, name)
		if err != nil {
			return err
		}
		e.str(s)
	case kStruct:
		return e.object(v)
	default:
		return fmt.Errorf("wirejson: %s: nothing to write for kind %d", name, k)
	}
	return nil
}

// marshalAttr calls MarshalXMLAttr; ok is false when it writes no attribute.
func marshalAttr(v reflect.Value, name string) (string, bool, error) {
	m, isM := v.Interface().(xml.MarshalerAttr)
	if !isM && v.CanAddr() {
		m, isM = v.Addr().Interface().(xml.MarshalerAttr)
	}
	if !isM {
		return "", false, fmt.Errorf("wirejson: %s: %s has no MarshalXMLAttr", name, v.Type())
	}
	a, err := m.MarshalXMLAttr(xml.Name{Local: name})
	if err != nil {
		return "", false, fmt.Errorf("wirejson: %s: %w", name, err)
	}
	return a.Value, a.Name.Local != "", nil
}

func textOf(v reflect.Value) ([]byte, error) {
	if m, ok := v.Interface().(encoding.TextMarshaler); ok {
		return m.MarshalText()
	}
	if v.CanAddr() {
		if m, ok := v.Addr().Interface().(encoding.TextMarshaler); ok {
			return m.MarshalText()
		}
	}
	return nil, fmt.Errorf("%s has no MarshalText", v.Type())
}

// isEmpty is encoding/xml's test for omitempty.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}

const hexDigits = "0123456789abcdef"

// str writes s as a JSON string: quotes, backslashes and control
// characters escaped, U+2028 and U+2029 escaped (JavaScript reads them as
// line ends), and invalid UTF-8 replaced by U+FFFD, as encoding/json does.
func (e *encoder) str(s string) {
	b := e.buf
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b.WriteString(s[start:i])
			switch c {
			case '"', '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			default:
				b.WriteString(`\u00`)
				b.WriteByte(hexDigits[c>>4])
				b.WriteByte(hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString(s[start:i])
			b.WriteString(`\ufffd`)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b.WriteString(s[start:i])
			b.WriteString(`\u202`)
			b.WriteByte(hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}
