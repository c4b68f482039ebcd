package xsdcheck

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"strings"
)

// Model is what the schema says each complex type holds: its attributes and
// child elements, with extensions, groups and nested sequences resolved. It
// lets a test hold a Go type against the schema's type field by field,
// which validation alone cannot do: a body that leaves out an optional
// attribute still validates, so a model that cannot carry it goes unseen.
type Model struct {
	// Types maps a type name to its content. Named complex types keep their
	// names; the anonymous type of a top-level element is named after the
	// element ("tsResponse"); an anonymous type inside a type is named
	// "parent/element" ("siteType/usage").
	Types map[string]*ComplexType
	// Enums maps a named simple type to its enumerated values, when it has any.
	Enums map[string][]string
}

// ComplexType is one complex type's attributes and elements, in schema order.
type ComplexType struct {
	Name       string
	Attributes []Attribute
	Elements   []Element
	// Text says the type carries character data (simple content or mixed).
	Text bool
}

// Attribute is an attribute of a complex type.
type Attribute struct {
	Name string
	// Type is the attribute's type ("xs:boolean", "siteRoleType"), or "" for
	// an inline simple type.
	Type string
	// Enum lists the values of an enumerated type, inline or named.
	Enum []string
}

// Element is a child element of a complex type.
type Element struct {
	Name string
	// Type names the element's complex or simple type; inline types are
	// named as Model.Types says.
	Type string
}

// node is a generic XML element, the schema as read.
type node struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []node     `xml:",any"`
}

func (n *node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// LoadModel reads the official schema (see SchemaPath) into a Model. The
// errata are not applied: the model says what the schema defines.
func LoadModel() (*Model, error) {
	p, err := SchemaPath()
	if err != nil {
		return nil, err
	}
	src, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	return ParseModel(src)
}

// ParseModel reads an XSD into a Model.
func ParseModel(src []byte) (*Model, error) {
	var root node
	if err := xml.NewDecoder(bytes.NewReader(src)).Decode(&root); err != nil {
		return nil, fmt.Errorf("xsdcheck: reading schema: %w", err)
	}
	b := &builder{
		complex: map[string]*node{},
		groups:  map[string]*node{},
		simple:  map[string]*node{},
		m:       &Model{Types: map[string]*ComplexType{}, Enums: map[string][]string{}},
	}
	var anonymous []*node
	for i := range root.Children {
		c := &root.Children[i]
		name := c.attr("name")
		switch c.XMLName.Local {
		case "complexType":
			b.complex[name] = c
		case "group":
			b.groups[name] = c
		case "simpleType":
			b.simple[name] = c
		case "element":
			anonymous = append(anonymous, c)
		}
	}
	for name, s := range b.simple {
		if e := enumOf(s); len(e) > 0 {
			b.m.Enums[name] = e
		}
	}
	for name := range b.complex {
		if _, err := b.resolve(name); err != nil {
			return nil, err
		}
	}
	for _, el := range anonymous {
		if ct := el.child("complexType"); ct != nil {
			if _, err := b.build(el.attr("name"), ct); err != nil {
				return nil, err
			}
		}
	}
	return b.m, nil
}

type builder struct {
	complex, groups, simple map[string]*node
	m                       *Model
}

func (n *node) child(local string) *node {
	for i := range n.Children {
		if n.Children[i].XMLName.Local == local {
			return &n.Children[i]
		}
	}
	return nil
}

// enumOf returns the enumeration values of a simpleType node.
func enumOf(s *node) []string {
	r := s.child("restriction")
	if r == nil {
		return nil
	}
	var out []string
	for _, e := range r.Children {
		if e.XMLName.Local == "enumeration" {
			out = append(out, e.attr("value"))
		}
	}
	return out
}

// resolve builds the named complex type once.
func (b *builder) resolve(name string) (*ComplexType, error) {
	if ct, ok := b.m.Types[name]; ok {
		return ct, nil
	}
	n, ok := b.complex[name]
	if !ok {
		return nil, fmt.Errorf("xsdcheck: schema: no complexType %q", name)
	}
	return b.build(name, n)
}

// build reads a complexType node into a ComplexType named name.
func (b *builder) build(name string, n *node) (*ComplexType, error) {
	ct := &ComplexType{Name: name, Text: n.attr("mixed") == "true"}
	b.m.Types[name] = ct
	if err := b.content(ct, n); err != nil {
		return nil, err
	}
	return ct, nil
}

// content adds what the children of n (a complexType, extension, sequence,
// choice, all or group) declare to ct.
func (b *builder) content(ct *ComplexType, n *node) error {
	for i := range n.Children {
		c := &n.Children[i]
		switch c.XMLName.Local {
		case "sequence", "choice", "all":
			if err := b.content(ct, c); err != nil {
				return err
			}
		case "group":
			g, ok := b.groups[c.attr("ref")]
			if !ok {
				return fmt.Errorf("xsdcheck: schema: no group %q", c.attr("ref"))
			}
			if err := b.content(ct, g); err != nil {
				return err
			}
		case "complexContent", "simpleContent":
			if c.XMLName.Local == "simpleContent" {
				ct.Text = true
			}
			for j := range c.Children {
				ext := &c.Children[j]
				if ext.XMLName.Local != "extension" && ext.XMLName.Local != "restriction" {
					continue
				}
				if base := ext.attr("base"); base != "" && !strings.HasPrefix(base, "xs:") {
					bt, err := b.resolve(base)
					if err != nil {
						return err
					}
					ct.Attributes = append(ct.Attributes, bt.Attributes...)
					ct.Elements = append(ct.Elements, bt.Elements...)
					ct.Text = ct.Text || bt.Text
				}
				if err := b.content(ct, ext); err != nil {
					return err
				}
			}
		case "attribute":
			a := Attribute{Name: c.attr("name"), Type: c.attr("type")}
			if st := c.child("simpleType"); st != nil {
				a.Enum = enumOf(st)
			} else if s, ok := b.simple[a.Type]; ok {
				a.Enum = enumOf(s)
			}
			ct.Attributes = append(ct.Attributes, a)
		case "element":
			el := Element{Name: c.attr("name"), Type: c.attr("type")}
			if el.Name == "" {
				el.Name, el.Type = c.attr("ref"), c.attr("ref")
			}
			if inline := c.child("complexType"); inline != nil {
				el.Type = ct.Name + "/" + el.Name
				if _, err := b.build(el.Type, inline); err != nil {
					return err
				}
			}
			ct.Elements = append(ct.Elements, el)
		}
	}
	return nil
}
