package emulator

import (
	"net/url"
	"reflect"
	"slices"
	"strings"

	"github.com/tsc-go/tsc"
)

// The fields= parameter of the list endpoints (Query Workbooks, Views, Data
// Sources, Projects, Users, Groups; REST 2.5+, "Using Fields in the REST
// API"): a list of field names, with "_default_" for the set an answer
// carries without the parameter and "_all_" for everything the server
// knows. A name is an attribute or element of the item ("name", "tags") or
// an attribute of one of its elements ("owner.name", "project.id").
//
// Renderers fill an item with everything the emulator can say about it;
// what the request did not ask for is then removed by project. So the
// default answer is the default set's projection of the full one, and the
// two cannot drift apart.

// fieldsSpec is a list endpoint's item type and default field set.
type fieldsSpec struct {
	resource string
	// item is the item's model type (tsc.Workbook...), whose xml tags are
	// the names fields= may use.
	item reflect.Type
	// defaults is the field set of an answer without fields= (what Tableau
	// answers, as the captured responses show).
	defaults []string
}

// fieldSet is a parsed fields= expression.
type fieldSet struct {
	all   bool
	paths map[string]bool
	// named are the names the request gave itself (not through _default_).
	named map[string]bool
}

var (
	workbookFields = fieldsSpec{"workbooks", reflect.TypeFor[tsc.Workbook](), []string{
		"id", "name", "description", "contentUrl", "webpageUrl", "showTabs", "size", "createdAt", "updatedAt",
		"project.id", "project.name", "owner.id", "tags"}}
	viewFields = fieldsSpec{"views", reflect.TypeFor[tsc.View](), []string{
		"id", "name", "contentUrl", "sheetType", "viewUrlName", "createdAt", "updatedAt",
		"workbook.id", "owner.id", "project.id", "tags", "usage"}}
	datasourceFields = fieldsSpec{"datasources", reflect.TypeFor[tsc.Datasource](), []string{
		"id", "name", "description", "contentUrl", "webpageUrl", "type", "size", "isCertified", "certificationNote",
		"encryptExtracts", "hasExtracts", "useRemoteQueryAgent", "createdAt", "updatedAt",
		"project.id", "project.name", "owner.id", "tags"}}
	projectFields = fieldsSpec{"projects", reflect.TypeFor[tsc.Project](), []string{
		"id", "name", "description", "contentPermissions", "parentProjectId", "createdAt", "updatedAt", "owner.id"}}
	userFields = fieldsSpec{"users", reflect.TypeFor[tsc.User](), []string{
		"id", "name", "fullName", "email", "siteRole", "lastLogin", "externalAuthUserId"}}
	groupFields = fieldsSpec{"groups", reflect.TypeFor[tsc.Group](), []string{
		"id", "name", "minimumSiteRole", "domain"}}
)

// xmlName returns a struct field's xml name and whether it is an attribute;
// "" for fields that are not on the wire.
func xmlName(f reflect.StructField) (string, bool) {
	tag, ok := f.Tag.Lookup("xml")
	if !ok || tag == "-" || f.Name == "XMLName" {
		return "", false
	}
	name, opts, _ := strings.Cut(tag, ",")
	return name, slices.Contains(strings.Split(opts, ","), "attr")
}

// fieldOf finds the field of struct type t whose xml name is name.
func fieldOf(t reflect.Type, name string) (reflect.StructField, bool, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if n, attr := xmlName(f); n == name && n != "" {
			return f, attr, true
		}
	}
	return reflect.StructField{}, false, false
}

// derefType strips pointers and slices.
func derefType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	return t
}

// parseFields reads fields= against the spec. A name the item does not
// have is refused with the list of names it has, rather than ignored: a
// typo would otherwise silently return less than asked.
func parseFields(spec fieldsSpec, q url.Values) (*fieldSet, error) {
	fs := &fieldSet{paths: map[string]bool{}, named: map[string]bool{}}
	v := strings.TrimSpace(q.Get("fields"))
	if v == "" {
		for _, p := range spec.defaults {
			fs.paths[p] = true
		}
		return fs, nil
	}
	for _, name := range strings.Split(v, ",") {
		name = strings.TrimSpace(name)
		switch name {
		case "_all_":
			fs.all = true
			continue
		case "_default_":
			for _, p := range spec.defaults {
				fs.paths[p] = true
			}
			continue
		}
		if !validField(spec.item, name) {
			return nil, badRequest("The field expression '%s' names '%s', which is not a field of %s: use _default_, _all_, or names such as %s.",
				v, name, spec.resource, strings.Join(spec.defaults, ", "))
		}
		fs.paths[name], fs.named[name] = true, true
	}
	return fs, nil
}

// validField reports whether name ("name", "owner.name") is a field of t.
func validField(t reflect.Type, name string) bool {
	first, rest, nested := strings.Cut(name, ".")
	f, attr, ok := fieldOf(t, first)
	if !ok {
		return false
	}
	if !nested {
		return true
	}
	if attr || strings.Contains(rest, ".") {
		return false
	}
	inner := derefType(f.Type)
	if inner.Kind() != reflect.Struct {
		return false
	}
	_, innerAttr, ok := fieldOf(inner, rest)
	return ok && innerAttr
}

// wants reports whether the answer needs the value at path: asked for by
// name, inside an element asked for whole, holding a field asked for
// ("owner" when "owner.email" is asked), or under _all_.
func (fs *fieldSet) wants(path string) bool {
	if fs.all || fs.paths[path] {
		return true
	}
	if parent, _, ok := strings.Cut(path, "."); ok && fs.paths[parent] {
		return true
	}
	for p := range fs.paths {
		if strings.HasPrefix(p, path+".") {
			return true
		}
	}
	return false
}

// asked reports whether the request itself asked for the value at path
// (by name, by one of its fields, or with _all_), as opposed to its being
// in the default set.
func (fs *fieldSet) asked(path string) bool {
	if fs.all || fs.named[path] {
		return true
	}
	for p := range fs.named {
		if strings.HasPrefix(p, path+".") {
			return true
		}
	}
	return false
}

// project removes from *item (a pointer to a model struct) every attribute
// and element fs does not ask for.
func (fs *fieldSet) project(item any) {
	if fs.all {
		return
	}
	fs.projectValue(reflect.ValueOf(item).Elem(), "")
}

func (fs *fieldSet) projectValue(v reflect.Value, prefix string) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		name, attr := xmlName(t.Field(i))
		if name == "" {
			continue
		}
		path := prefix + name
		fv := v.Field(i)
		switch {
		case fs.paths[path]:
			// Asked for, whole.
		case !attr && prefix == "" && fs.wants(path) && fv.Kind() == reflect.Pointer && !fv.IsNil() &&
			fv.Elem().Kind() == reflect.Struct:
			// Some of the element's attributes are asked for: keep those.
			fs.projectValue(fv.Elem(), path+".")
		default:
			fv.SetZero()
		}
	}
}
