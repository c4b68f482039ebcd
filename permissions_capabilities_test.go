package tsc

import (
	"slices"
	"strings"
	"testing"
)

// Every capability a template step names is a capability of its kind, so
// no template silently drops one.
func TestTemplateStepsAreCapabilitiesOfTheirKind(t *testing.T) {
	for _, k := range PermissionKinds {
		steps, ok := templateSteps[k]
		if !ok {
			t.Errorf("%s has no templates", k)
		}
		for _, step := range steps {
			for _, c := range step {
				if !k.Allows(c) {
					t.Errorf("template of %s names %s, not one of its capabilities", k, c)
				}
			}
		}
	}
}

func TestTemplatesAreCumulative(t *testing.T) {
	for _, k := range PermissionKinds {
		var prev []CapabilityRule
		for _, tp := range []PermissionTemplate{TemplateView, TemplateExplore, TemplatePublish, TemplateAdminister} {
			rules, err := Template(k, tp)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range prev {
				if !slices.Contains(rules, r) {
					t.Errorf("%s %s lacks %s of the template before it", k, tp, r.Name)
				}
			}
			prev = rules
		}
		if len(prev) != len(k.Capabilities()) {
			t.Errorf("%s Administer = %v, want every capability", k, prev)
		}
		denied, _ := Template(k, TemplateDenied)
		for _, r := range denied {
			if r.Mode != Deny {
				t.Errorf("%s Denied has %v", k, r)
			}
		}
	}
	wbView, _ := Template(PermWorkbook, TemplateView)
	if slices.Contains(wbView, CapabilityRule{CapWrite, Allow}) || !slices.Contains(wbView, CapabilityRule{CapExportData, Allow}) {
		t.Errorf("workbook View = %v", wbView)
	}
	if _, err := Template(PermWorkbook, "Owner"); err == nil || !strings.Contains(err.Error(), "Explore") {
		t.Errorf("unknown template: %v", err)
	}
}

func TestValidateCapability(t *testing.T) {
	if err := ValidateCapability(PermView, CapExportData, Allow); err != nil {
		t.Error(err)
	}
	err := ValidateCapability(PermView, CapWrite, Allow)
	if err == nil || !strings.Contains(err.Error(), `"Write" is not a capability of a view`) || !strings.Contains(err.Error(), "ExportImage") {
		t.Errorf("Write on a view: %v", err)
	}
	if err := ValidateCapability(PermDatasource, CapConnect, "Maybe"); err == nil || !strings.Contains(err.Error(), "Allow or Deny") {
		t.Errorf("bad mode: %v", err)
	}
	if err := ValidateCapability("spreadsheet", CapRead, Allow); err == nil || !strings.Contains(err.Error(), "spreadsheet") {
		t.Errorf("bad kind: %v", err)
	}
	err = ValidateRules(PermWorkbook, []GranteeCapabilities{{User: &User{ID: "u"}, Group: &Group{ID: "g"},
		Capabilities: CapabilityList{[]CapabilityRule{{CapRead, Allow}}}}})
	if err == nil || !strings.Contains(err.Error(), "exactly one") {
		t.Errorf("two grantees: %v", err)
	}
}

func TestPermissionKindPlurals(t *testing.T) {
	for plural, want := range map[string]PermissionKind{"lenses": PermLens, "virtualConnections": PermVirtualConnection,
		"dataroles": PermDataRole, "workbooks": PermWorkbook} {
		if k, ok := PermissionKindFromPlural(plural); !ok || k != want {
			t.Errorf("%s -> %s", plural, k)
		}
	}
	if _, ok := PermissionKindFromPlural("virtualconnections"); ok {
		t.Error("URL segments are case-sensitive")
	}
	if k, err := ParsePermissionKind("Lenses"); err != nil || k != PermLens {
		t.Errorf("Lenses -> %s %v", k, err)
	}
	if PermProject.HasDefaults() || !PermTable.HasDefaults() || len(DefaultPermissionKinds) != 9 {
		t.Error("default kinds")
	}
}
