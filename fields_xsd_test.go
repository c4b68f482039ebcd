package tsc

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/tsc-go/tsc/internal/xsdcheck"
)

// notModelled lists the attributes ("type@attr") and elements ("type/elem")
// of the 3.29 schema that the SDK's models deliberately leave out, each with
// its reason; "GoType:type@attr" leaves it out of one Go type only.
// Everything else a modelled type defines must have a field. Keep it short:
// each entry is information the SDK drops.
var notModelled = map[string]string{
	// The schema has one credentials type for both directions; the SDK has
	// one for what a client sends and one for what the server answers, so
	// that a sign-in answer can never echo a password and a request never
	// carries a token.
	"SignInRequest:tableauCredentialsType@token":                     "a token is answered, never sent",
	"SignInRequest:tableauCredentialsType@estimatedTimeToExpiration": "answered, never sent",
	"SignInRequest:tableauCredentialsType@isUat":                     "answered, never sent",
	"SignInReply:tableauCredentialsType@name":                        "a sign-in answer never echoes the user name it was given",
	"SignInReply:tableauCredentialsType@password":                    "a sign-in answer never echoes a secret",
	"SignInReply:tableauCredentialsType@personalAccessTokenName":     "a sign-in answer never echoes the token name it was given",
	"SignInReply:tableauCredentialsType@personalAccessTokenSecret":   "a sign-in answer never echoes a secret",
	"SignInReply:tableauCredentialsType@jwt":                         "a sign-in answer never echoes a secret",
	// Flows (models_flows.go): a flow task names its flow by id and name
	// (FlowRef), which is all Tableau's answers give; a flow parameter's
	// domain is typed abstractly (xsi:type), which encoding/xml cannot
	// tell apart, and no SDK call reads it.
	"taskRunFlowType/flow":     "FlowRef names the task's flow by id and name, all that Tableau's answers give",
	"flowParameterType/domain": "an abstract type told apart by xsi:type; no SDK call reads a parameter's domain",
	// A permissions answer names its content with id, name and owner only;
	// until flows, databases, tables, virtual connections, lenses, metrics
	// and collections have models, PermissionsContent carries those three.
	"permissionsType/flow":              "named by PermissionsContent (id, name, owner) until flow has a model",
	"permissionsType/database":          "named by PermissionsContent (id, name, owner) until database has a model",
	"permissionsType/table":             "named by PermissionsContent (id, name, owner) until table has a model",
	"permissionsType/virtualConnection": "named by PermissionsContent (id, name, owner), all a permissions answer carries of it, as TSC reads it",
	"permissionsType/lens":              "named by PermissionsContent (id, name, owner) until lens has a model",
	"permissionsType/metric":            "named by PermissionsContent (id, name, owner) until metric has a model",
	"permissionsType/collection":        "named by PermissionsContent (id, name, owner) until collection has a model",
	// Favorites of kinds without a model name their item by id and name
	// (FavoriteTarget) until those kinds have models.
	"favoriteType/flow":       "named by FavoriteTarget (id, name) until flow has a model",
	"favoriteType/metric":     "named by FavoriteTarget (id, name) until metric has a model",
	"favoriteType/collection": "named by FavoriteTarget (id, name) until collection has a model",
}

// stringAsTyped lists the schema's xs:string attributes that the SDK reads
// as a number or boolean, with the evidence that servers send only those:
// a value outside them would fail the whole answer's decoding.
var stringAsTyped = map[string]string{
	"workbookType@showTabs":          "servers send true or false (workbook_get.xml); TSC reads a bool",
	"workbookType@encryptExtracts":   "the data source's attribute, on a workbook: true or false (favorites_get.xml); TSC reads a bool",
	"dataSourceType@encryptExtracts": "servers send true or false (datasource_get.xml); TSC reads a bool",
	"siteType@userQuota":             "servers send a number (site_get.xml); TSC reads an int",
	"siteType@storageQuota":          "servers send a number of MB (site_get.xml); TSC reads an int",
	// connectionCredentials is only ever sent, never answered.
	"connectionCredentialsType@embed": "only sent, as true or false",
	"connectionCredentialsType@oAuth": "only sent, as true or false",
}

// excluded reports whether the schema key is left out of Go type g.
func excluded(g reflect.Type, key string) bool {
	return notModelled[key] != "" || notModelled[g.Name()+":"+key] != ""
}

// xmlTags maps the xml names of t's fields to the fields: attributes under
// "@name", elements under their name, character data under "#text".
func xmlTags(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, ok := f.Tag.Lookup("xml")
		if !ok || tag == "-" || f.Name == "XMLName" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		switch {
		case strings.Contains(","+opts+",", ",attr,"):
			out["@"+name] = f
		case strings.Contains(","+opts+",", ",chardata,"):
			out["#text"] = f
		case name != "":
			out[name] = f
		}
	}
	return out
}

// elemType strips pointers and slices down to the element's struct (or
// scalar) type.
func elemType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	return t
}

// schemaGaps walks the Go type against the schema type and returns every
// attribute and element the schema defines that the Go type has no field
// for, as "schemaType@attr" or "schemaType/elem (at path)". At the roots
// (tsRequest, tsResponse) only the elements the envelope models are
// followed: the SDK models resources one by one, but each modelled type
// must be complete wherever it occurs.
func schemaGaps(m *xsdcheck.Model, root reflect.Type, rootType string) []string {
	type pair struct {
		g reflect.Type
		x string
	}
	seen := map[pair]bool{}
	gaps := map[string]bool{}
	var walk func(g reflect.Type, x, path string, partial bool)
	walk = func(g reflect.Type, x, path string, partial bool) {
		g = elemType(g)
		if seen[pair{g, x}] {
			return
		}
		seen[pair{g, x}] = true
		ct, ok := m.Types[x]
		if !ok || g.Kind() != reflect.Struct {
			return
		}
		tags := xmlTags(g)
		for _, a := range ct.Attributes {
			key := x + "@" + a.Name
			f, ok := tags["@"+a.Name]
			if !ok {
				if !excluded(g, key) {
					gaps[key+" (Go "+g.Name()+", at "+path+")"] = true
				}
				continue
			}
			// Servers send values outside the schema's enumerations (askDataMode
			// "EnabledByDefault", job type "UpdateUploadedFile"): an enumerated
			// attribute must decode into a string type, which keeps any value,
			// and the same goes for an xs:string the SDK reads as a number or a
			// boolean unless servers are known to send only those.
			kind := elemType(f.Type).Kind()
			if (len(a.Enum) > 0 || a.Type == "xs:string") && kind != reflect.String && kind != reflect.Struct &&
				stringAsTyped[key] == "" {
				gaps[key+" is a string in the schema but "+f.Type.String()+" in Go "+g.Name()+" (at "+path+")"] = true
			}
		}
		if ct.Text {
			if _, ok := tags["#text"]; !ok && !excluded(g, x+"#text") {
				gaps[x+"#text (Go "+g.Name()+", at "+path+")"] = true
			}
		}
		for _, e := range ct.Elements {
			key := x + "/" + e.Name
			f, ok := tags[e.Name]
			if !ok {
				if !partial && !excluded(g, key) {
					gaps[key+" (Go "+g.Name()+", at "+path+")"] = true
				}
				continue
			}
			if excluded(g, key) {
				continue
			}
			walk(f.Type, e.Type, path+"/"+e.Name, false)
		}
	}
	walk(root, rootType, rootType, true)
	out := make([]string, 0, len(gaps))
	for g := range gaps {
		out = append(out, g)
	}
	sort.Strings(out)
	return out
}

// TestModelsCoverSchema holds every model the SDK has against the 3.29
// schema: each attribute and child element the schema defines for a type
// the SDK models, at every place the type occurs (a workbook's owner is a
// full userType, a view's workbook a full workbookType), has a field, or a
// reasoned entry in notModelled.
func TestModelsCoverSchema(t *testing.T) {
	m, err := xsdcheck.LoadModel()
	if err != nil {
		xsdcheck.Unavailable(t, err)
	}
	var gaps []string
	gaps = append(gaps, schemaGaps(m, reflect.TypeOf(TSResponse{}), "tsResponse")...)
	gaps = append(gaps, schemaGaps(m, reflect.TypeOf(TSRequest{}), "tsRequest")...)
	if len(gaps) > 0 {
		t.Errorf("%d schema attributes or elements have no field in the models:\n  %s", len(gaps), strings.Join(gaps, "\n  "))
	}
	// Every exclusion must name something the schema defines, with a reason.
	for key, why := range notModelled {
		_, schemaKey, hasGo := strings.Cut(key, ":")
		if !hasGo {
			schemaKey = key
		}
		typ, name, isAttr := strings.Cut(schemaKey, "@")
		if !isAttr {
			typ, name, _ = strings.Cut(schemaKey, "/")
		}
		ct, ok := m.Types[typ]
		if !ok {
			t.Errorf("notModelled %s: no schema type %s", key, typ)
			continue
		}
		found := false
		if isAttr {
			for _, a := range ct.Attributes {
				found = found || a.Name == name
			}
		} else {
			for _, e := range ct.Elements {
				found = found || e.Name == name
			}
		}
		if !found || why == "" {
			t.Errorf("notModelled %s: not in the schema, or no reason given", key)
		}
	}
	for key := range stringAsTyped {
		typ, name, _ := strings.Cut(key, "@")
		found := false
		if ct, ok := m.Types[typ]; ok {
			for _, a := range ct.Attributes {
				found = found || (a.Name == name && a.Type == "xs:string")
			}
		}
		if !found {
			t.Errorf("stringAsTyped %s: not an xs:string attribute of the schema", key)
		}
	}
}

// TestEnumValuesOutsideSchemaKept decodes an answer full of values that
// real servers send but the schema's enumerations do not list, and values
// no server sends yet: each must come through decoding and encoding as it
// was, never fail the answer.
func TestEnumValuesOutsideSchemaKept(t *testing.T) {
	body := []byte(`<tsResponse xmlns="http://tableau.com/api">
<pagination pageNumber="1" pageSize="1" totalAvailable="1"/>
<workbooks><workbook id="w" name="n" encryptExtracts="true">
<project id="p" contentPermissions="LockedToSomethingNew"/>
<location id="l" type="TeamSpace" name="x"/>
<owner id="u" siteRole="FutureRole" authSetting="Passkey" role="NewLicence"/>
<dataAccelerationConfig accelerationStatus="Enabled"/>
<dataFreshnessPolicy option="FreshSometimes"><freshEverySchedule frequency="Fortnights" value="2"/></dataFreshnessPolicy>
</workbook></workbooks></tsResponse>`)
	resp, err := DecodeResponse(body)
	if err != nil {
		t.Fatalf("decoding values outside the enumerations failed: %v", err)
	}
	wb := resp.Workbooks.Workbooks[0]
	got := []string{string(wb.Project.ContentPermissions), wb.Location.Type, string(wb.Owner.SiteRole), wb.Owner.AuthSetting,
		wb.Owner.Role, wb.DataAccelerationConfig.AccelerationStatus, wb.DataFreshnessPolicy.Option,
		wb.DataFreshnessPolicy.FreshEverySchedule.Frequency}
	want := []string{"LockedToSomethingNew", "TeamSpace", "FutureRole", "Passkey", "NewLicence", "Enabled", "FreshSometimes", "Fortnights"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("values = %v, want %v", got, want)
	}
	for _, b := range []string{
		`<tsResponse xmlns="http://tableau.com/api"><site id="s" name="n" contentUrl="c" askDataMode="EnabledByDefault" adminMode="UsersOnly"/></tsResponse>`,
		`<tsResponse xmlns="http://tableau.com/api"><job id="j" type="UpdateUploadedFile" mode="Synchronous"/></tsResponse>`,
	} {
		resp, err := DecodeResponse([]byte(b))
		if err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		again, err := EncodeResponse(resp)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []string{"EnabledByDefault", "UsersOnly", "UpdateUploadedFile", "Synchronous"} {
			if strings.Contains(b, v) && !strings.Contains(string(again), `"`+v+`"`) {
				t.Errorf("%s lost on the way through the SDK: %s", v, again)
			}
		}
	}
}
