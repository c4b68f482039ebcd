package emulator_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/tsc-go/tsc/internal/emulator"
	"github.com/tsc-go/tsc/internal/xsdcheck"
)

// notEmulated lists what the 3.29 schema defines for a listed item that the
// emulator's fields=_all_ answer leaves out, as "element@attribute" or
// "element/child", each because the emulator has no state to derive it
// from (a value it would have to make up). Everything else the schema
// defines for the item, it writes.
var notEmulated = map[string]string{
	"workbook@thumbnailsUserId":               "thumbnails are rendered without a user",
	"workbook@thumbnailsGroupId":              "thumbnails are rendered without a group",
	"workbook@primaryContentUrl":              "personal spaces are not modelled: every workbook is in a project",
	"workbook@recentlyViewed":                 "no per-user view history is kept (views count accesses, not who)",
	"workbook@shareDescription":               "sharing is not modelled",
	"workbook/connections":                    "Query Workbooks never lists connections (Query Workbook Connections does)",
	"workbook/connectionCredentials":          "only ever sent, on publish",
	"workbook/site":                           "not in answers: the site is the request's",
	"workbook/views":                          "Query Workbooks never lists views (Get Workbook does)",
	"workbook/dataAccelerationConfig":         "data acceleration is not modelled",
	"workbook/dataFreshnessPolicy":            "data freshness policies are not modelled",
	"view@recentlyViewed":                     "no per-user view history is kept",
	"view@hidden":                             "hidden sheets are not published as views",
	"view/dataAccelerationConfig":             "data acceleration is not modelled",
	"datasource@connectedWorkbooksCount":      "workbooks' links to published data sources are not modelled",
	"datasource@databaseName":                 "the file's database name is not kept",
	"datasource@serverName":                   "the file's server name is not kept",
	"datasource@hasAlert":                     "data alerts are not modelled",
	"datasource@hasSemanticLayerConnection":   "semantic layers are not modelled",
	"datasource@isPublished":                  "data roles are not modelled: every listed data source is published",
	"datasource@parentType":                   "data roles are not modelled",
	"datasource/connectionCredentials":        "only ever sent, on publish",
	"datasource/site":                         "not in answers: the site is the request's",
	"datasource/parentDataSourceUrls":         "data roles are not modelled",
	"project@writeable":                       "depends on the caller's permissions, which are not modelled per project",
	"project@controllingPermissionsProjectId": "permissions are not modelled per project",
	"group/import":                            "Active Directory is not emulated: every group is local",
	"group@externalUserEnabled":               "external users (Tableau Cloud) are not emulated",
}

// TestFieldsAllWritesEverySchemaField lists every resource with fields=_all_
// and holds each item against its schema type: every attribute and child
// element the schema defines is in the answer, or in notEmulated with the
// reason the emulator cannot know it. (Users are left out: most of
// userType is identity-provider and licensing state the emulator does not
// have; TestE2EFieldsUsersAndGroups checks what _all_ adds for them.)
func TestFieldsAllWritesEverySchemaField(t *testing.T) {
	m, err := xsdcheck.LoadModel()
	if err != nil {
		xsdcheck.Unavailable(t, err)
	}
	c := newContent(t, emulator.Config{})
	// Values are set wherever the schema's attribute is optional and empty
	// would be left out: an empty attribute carries nothing.
	fin := attrOf(t, c.xml("", "POST", c.sitePath("projects"), `<tsRequest><project name="Finance" description="d"/></tsRequest>`, 201), "project", "id")
	c.xml("", "POST", c.sitePath("projects"), `<tsRequest><project name="Q1" parentProjectId="`+fin+`"/></tsRequest>`, 201)
	c.xml("", "POST", c.sitePath("groups"), `<tsRequest><group name="Analysts" minimumSiteRole="Viewer"/></tsRequest>`, 201)
	c.publishWorkbook("Sales", "Sales.twbx", testFile(t, "workbooks/Sales.twbx"), "", 201)
	c.publishDatasource("Orders", "Orders.tdsx", testFile(t, "datasources/Orders.tdsx"), "", 201)
	wb := attrOf(t, c.xml("", "GET", c.sitePath("workbooks"), "", 200), "workbook", "id")
	c.xml("", "PUT", c.sitePath("workbooks/"+wb+"/tags"), `<tsRequest><tags><tag label="a"/></tags></tsRequest>`, 200)
	ds := attrOf(t, c.xml("", "GET", c.sitePath("datasources"), "", 200), "datasource", "id")
	c.xml("", "PUT", c.sitePath("datasources/"+ds+"/tags"), `<tsRequest><tags><tag label="a"/></tags></tsRequest>`, 200)
	c.xml("", "PUT", c.sitePath("datasources/"+ds), `<tsRequest><datasource description="orders" isCertified="true" certificationNote="checked"/></tsRequest>`, 200)

	for _, l := range []struct{ path, elem, schemaType string }{
		{"workbooks", "workbook", "workbookType"},
		{"views", "view", "viewType"},
		{"datasources", "datasource", "dataSourceType"},
		{"projects", "project", "projectType"},
		{"groups", "group", "groupType"},
	} {
		body := c.xml("", "GET", c.sitePath(l.path+"?fields=_all_"), "", 200)
		shape, err := xsdcheck.Shape(body)
		if err != nil {
			t.Fatal(err)
		}
		item := "tsResponse/" + l.path + "/" + l.elem
		ct := m.Types[l.schemaType]
		var missing []string
		for _, a := range ct.Attributes {
			key := l.elem + "@" + a.Name
			if !contains(shape[item], a.Name) && notEmulated[key] == "" {
				missing = append(missing, key)
			}
			if contains(shape[item], a.Name) && notEmulated[key] != "" {
				t.Errorf("%s is written now; remove it from notEmulated", key)
			}
		}
		for _, e := range ct.Elements {
			key := l.elem + "/" + e.Name
			_, has := shape[item+"/"+e.Name]
			if !has && notEmulated[key] == "" {
				missing = append(missing, key)
			}
			if has && notEmulated[key] != "" {
				t.Errorf("%s is written now; remove it from notEmulated", key)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("GET %s?fields=_all_ leaves out %s", l.path, strings.Join(missing, ", "))
		}
	}
	for key := range notEmulated {
		elem, rest, _ := strings.Cut(strings.ReplaceAll(key, "/", "@"), "@")
		ct := m.Types[map[string]string{"workbook": "workbookType", "view": "viewType", "datasource": "dataSourceType",
			"project": "projectType", "group": "groupType"}[elem]]
		found := false
		for _, a := range ct.Attributes {
			found = found || a.Name == rest
		}
		for _, e := range ct.Elements {
			found = found || e.Name == rest
		}
		if !found {
			t.Errorf("notEmulated %s is not in the schema", key)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
