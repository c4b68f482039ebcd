package emulator

import (
	"net/url"
	"testing"

	"github.com/tsc-go/tsc"
)

// TestParseFields: what fields= accepts and refuses, and what each
// accepted expression keeps of a full workbook.
func TestParseFields(t *testing.T) {
	full := func() tsc.Workbook {
		return tsc.Workbook{ID: "w", Name: "n", ContentURL: "c", SheetCount: tsc.Int(2), Description: "d",
			Owner:    &tsc.User{ID: "u", Name: "alice", Email: "a@example.com"},
			Project:  &tsc.Project{ID: "p", Name: "Finance", Description: "money"},
			Location: &tsc.Location{ID: "p", Type: "Project", Name: "Finance"},
			Tags:     &tsc.Tags{Tags: []tsc.Tag{{Label: "x"}}}}
	}
	for _, tc := range []struct {
		fields string
		check  func(w tsc.Workbook) bool
	}{
		{"", func(w tsc.Workbook) bool {
			return w.ID == "w" && w.SheetCount == nil && w.Location == nil && *w.Owner == tsc.User{ID: "u"} &&
				*w.Project == tsc.Project{ID: "p", Name: "Finance"} && w.Tags != nil && w.Description == "d"
		}},
		{"_all_", func(w tsc.Workbook) bool { return w.SheetCount != nil && w.Owner.Email != "" && w.Location != nil }},
		{"_default_", func(w tsc.Workbook) bool { return w.SheetCount == nil && w.Tags != nil }},
		{"name, owner.email", func(w tsc.Workbook) bool {
			return w.ID == "" && w.Name == "n" && *w.Owner == tsc.User{Email: "a@example.com"} && w.Project == nil && w.Tags == nil
		}},
		{"owner,location.type", func(w tsc.Workbook) bool {
			return w.Name == "" && w.Owner.Name == "alice" && w.Owner.Email != "" && *w.Location == tsc.Location{Type: "Project"}
		}},
		{"_default_,sheetCount,project.description", func(w tsc.Workbook) bool {
			return *w.SheetCount == 2 && w.Project.Description == "money" && w.Project.Name == "Finance" && w.Location == nil
		}},
		{"name,_all_", func(w tsc.Workbook) bool { return w.SheetCount != nil && w.Owner.Email != "" }},
	} {
		fs, err := parseFields(workbookFields, url.Values{"fields": {tc.fields}})
		if err != nil {
			t.Errorf("fields=%q: %v", tc.fields, err)
			continue
		}
		w := full()
		fs.project(&w)
		if !tc.check(w) {
			t.Errorf("fields=%q kept %+v (owner %+v, project %+v, location %+v)", tc.fields, w, w.Owner, w.Project, w.Location)
		}
	}
	for _, bad := range []string{"colour", "owner.shoeSize", "owner.name.first", "tags.label", "name.x", "id,,name", "Owner.name"} {
		if _, err := parseFields(workbookFields, url.Values{"fields": {bad}}); err == nil {
			t.Errorf("fields=%q accepted", bad)
		}
	}
	// Every default field names a field of its item, for every resource.
	for _, spec := range []fieldsSpec{workbookFields, viewFields, datasourceFields, projectFields, userFields, groupFields} {
		for _, f := range spec.defaults {
			if !validField(spec.item, f) {
				t.Errorf("%s: default field %q is not a field of %s", spec.resource, f, spec.item.Name())
			}
		}
	}
}
