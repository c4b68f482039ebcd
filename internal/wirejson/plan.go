// Package wirejson translates between the wire model (the tsc types with
// encoding/xml struct tags: tsc.TSRequest, tsc.TSResponse and everything
// beneath them) and the JSON form of Tableau's REST API. The translation is
// derived from the xml tags by reflection, so every type the model has, and
// every type it gains later, has a JSON form without a line of JSON written
// for it. docs/json.md gives the rules and the evidence for each.
//
// The rules, in short: the root element is not written (no tsResponse or
// tsRequest wrapper); an attribute is a property whose value is a string,
// except that a bool is a JSON boolean; a child element is a nested object,
// or a string when it is a plain value (<summary>text</summary> is
// "summary": "text"); a repeated element is an array under its own name
// inside its container ({"workbooks": {"workbook": [...]}}), and an empty
// container is an empty object; character data beside attributes is the
// property "value"; omitempty, nil pointers and custom attribute
// marshalers (tsc.Time, tsc.Secret) behave as in encoding/xml.
//
// Decoding is bounded (Limits) and tolerant where clients differ: numbers
// and booleans are read from JSON strings or JSON literals, a repeated
// element is read from an array or from a single object, unknown
// properties are skipped, as encoding/xml skips unknown elements.
package wirejson

import (
	"encoding"
	"encoding/xml"
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// kind is how one field's value is written.
type kind int

const (
	kString     kind = iota // string kinds: a JSON string
	kBool                   // a JSON boolean
	kInt                    // signed integers: a JSON string of digits
	kUint                   // unsigned integers: a JSON string of digits
	kFloat                  // floats: a JSON string
	kAttrMarsh              // implements xml.MarshalerAttr (tsc.Time, tsc.Secret)
	kText                   // implements encoding.TextMarshaler
	kStruct                 // a nested element: a JSON object
	kRepeatedEl             // a slice: repeated elements, a JSON array
)

// field is one property of a struct's JSON object.
type field struct {
	name      string
	index     []int
	attr      bool
	chardata  bool
	omitempty bool
	// ptr says the field is a pointer (to the value kind describes).
	ptr  bool
	kind kind
	// typ is the value's type, after the pointer (for a slice: its element,
	// after the element's pointer).
	typ reflect.Type
	// elemPtr says a slice's elements are pointers.
	elemPtr bool
	// elemKind is a slice element's kind.
	elemKind kind
}

// plan is how one struct type is written and read.
type plan struct {
	fields []field
	byName map[string]int
}

var plans sync.Map // reflect.Type -> *plan or error

var (
	attrMarshalerType   = reflect.TypeFor[xml.MarshalerAttr]()
	attrUnmarshalerType = reflect.TypeFor[xml.UnmarshalerAttr]()
	textMarshalerType   = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	xmlNameType         = reflect.TypeFor[xml.Name]()
	xmlMarshalerType    = reflect.TypeFor[xml.Marshaler]()
)

// planFor returns the cached plan of struct type t, building it (and the
// plans of the types it holds) on first use.
func planFor(t reflect.Type) (*plan, error) {
	if p, ok := plans.Load(t); ok {
		if err, isErr := p.(error); isErr {
			return nil, err
		}
		return p.(*plan), nil
	}
	p, err := buildPlan(t, map[reflect.Type]bool{})
	if err != nil {
		plans.Store(t, err)
		return nil, err
	}
	plans.Store(t, p)
	return p, nil
}

// Check reports whether every type reachable from v (a struct or a pointer
// to one) has a JSON form: tests call it on the envelopes so that a model
// type using an xml feature the translation lacks fails at once.
func Check(v any) error {
	t := reflect.TypeOf(v)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return fmt.Errorf("wirejson: %T is not a struct", v)
	}
	_, err := buildPlan(t, map[reflect.Type]bool{})
	return err
}

func buildPlan(t reflect.Type, building map[reflect.Type]bool) (*plan, error) {
	building[t] = true
	p := &plan{byName: map[string]int{}}
	if err := addFields(p, t, nil, building); err != nil {
		return nil, err
	}
	return p, nil
}

// addFields adds the fields of struct t (at index path prefix) to p,
// flattening embedded structs as encoding/xml does.
func addFields(p *plan, t reflect.Type, prefix []int, building map[reflect.Type]bool) error {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		index := append(append([]int(nil), prefix...), i)
		tag, hasTag := sf.Tag.Lookup("xml")
		if tag == "-" || sf.Type == xmlNameType || sf.Name == "XMLName" {
			continue
		}
		if sf.Anonymous && !hasTag {
			et := sf.Type
			if et.Kind() == reflect.Pointer {
				return fmt.Errorf("wirejson: %s.%s: embedded pointers are not supported", t, sf.Name)
			}
			if et.Kind() == reflect.Struct {
				if err := addFields(p, et, index, building); err != nil {
					return err
				}
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		f := field{name: name, index: index}
		if name == "" {
			f.name = sf.Name
		}
		for _, o := range strings.Split(opts, ",") {
			switch o {
			case "":
			case "attr":
				f.attr = true
			case "chardata":
				f.chardata, f.name = true, "value"
			case "omitempty":
				f.omitempty = true
			default:
				return fmt.Errorf("wirejson: %s.%s: the xml option %q has no JSON form", t, sf.Name, o)
			}
		}
		if strings.Contains(name, ">") {
			return fmt.Errorf("wirejson: %s.%s: the xml path %q has no JSON form", t, sf.Name, name)
		}
		ft := sf.Type
		if ft.Kind() == reflect.Pointer {
			f.ptr, ft = true, ft.Elem()
		}
		k, err := kindOf(ft, f.attr || f.chardata)
		if err != nil {
			return fmt.Errorf("wirejson: %s.%s: %w", t, sf.Name, err)
		}
		f.kind, f.typ = k, ft
		switch k {
		case kRepeatedEl:
			if f.attr || f.chardata {
				return fmt.Errorf("wirejson: %s.%s: a list cannot be an attribute", t, sf.Name)
			}
			et := ft.Elem()
			if et.Kind() == reflect.Pointer {
				f.elemPtr, et = true, et.Elem()
			}
			ek, err := kindOf(et, false)
			if err != nil || ek == kRepeatedEl {
				return fmt.Errorf("wirejson: %s.%s: list of %s has no JSON form", t, sf.Name, et)
			}
			f.elemKind, f.typ = ek, et
			if ek == kStruct && !building[et] {
				if _, err := buildPlanCached(et, building); err != nil {
					return err
				}
			}
		case kStruct:
			if f.attr || f.chardata {
				return fmt.Errorf("wirejson: %s.%s: a struct cannot be an attribute", t, sf.Name)
			}
			if !building[ft] {
				if _, err := buildPlanCached(ft, building); err != nil {
					return err
				}
			}
		}
		if _, dup := p.byName[f.name]; dup {
			return fmt.Errorf("wirejson: %s: two fields are named %q", t, f.name)
		}
		p.byName[f.name] = len(p.fields)
		p.fields = append(p.fields, f)
	}
	return nil
}

// buildPlanCached builds and caches the plan of a nested type.
func buildPlanCached(t reflect.Type, building map[reflect.Type]bool) (*plan, error) {
	if p, ok := plans.Load(t); ok {
		if err, isErr := p.(error); isErr {
			return nil, err
		}
		return p.(*plan), nil
	}
	p, err := buildPlan(t, building)
	if err != nil {
		return nil, err
	}
	plans.Store(t, p)
	return p, nil
}

// kindOf classifies a value type; scalar says the value is an attribute or
// character data, where encoding/xml consults MarshalXMLAttr and
// MarshalText.
func kindOf(t reflect.Type, scalar bool) (kind, error) {
	pt := reflect.PointerTo(t)
	if t.Implements(xmlMarshalerType) || pt.Implements(xmlMarshalerType) {
		return 0, fmt.Errorf("%s has its own MarshalXML, which has no JSON form", t)
	}
	if scalar && (t.Implements(attrMarshalerType) || pt.Implements(attrUnmarshalerType)) {
		return kAttrMarsh, nil
	}
	if t.Implements(textMarshalerType) || pt.Implements(textUnmarshalerType) {
		return kText, nil
	}
	switch t.Kind() {
	case reflect.String:
		return kString, nil
	case reflect.Bool:
		return kBool, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return kInt, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return kUint, nil
	case reflect.Float32, reflect.Float64:
		return kFloat, nil
	case reflect.Struct:
		return kStruct, nil
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return 0, fmt.Errorf("%s has no JSON form", t)
		}
		return kRepeatedEl, nil
	}
	return 0, fmt.Errorf("%s has no JSON form", t)
}
