package emulator_test

import (
	"testing"

	"github.com/tsc-go/tsc/internal/emulator"
	"github.com/tsc-go/tsc/internal/xsdcheck"
)

// TestIdentityWireFidelity calls the group-set endpoints (issue 16) with
// requests written from the REST API reference, validates every answer
// against the XSD and compares those with a captured counterpart with it.
func TestIdentityWireFidelity(t *testing.T) {
	c := newContent(t, emulator.Config{})
	b := c.xml("", "POST", c.sitePath("groups"), `<tsRequest><group name="Finance"/></tsRequest>`, 201)
	g1 := attrOf(t, b, "group", "id")
	b = c.xml("", "POST", c.sitePath("groups"), `<tsRequest><group name="Managers"/></tsRequest>`, 201)
	g2 := attrOf(t, b, "group", "id")

	b = c.xml("groupset-create", "POST", c.sitePath("groupsets"), `<tsRequest><groupSet name="Finance managers"/></tsRequest>`, 201)
	gs := attrOf(t, b, "groupSet", "id")
	c.xml("err-groupset-conflict", "POST", c.sitePath("groupsets"), `<tsRequest><groupSet name="FINANCE MANAGERS"/></tsRequest>`, 409)
	c.xml("err-groupset-no-body", "POST", c.sitePath("groupsets"), `<tsRequest><group name="x"/></tsRequest>`, 400)
	c.raw("PUT", c.sitePath("groupsets/"+gs+"/groups/"+g1), "", nil, 201)
	c.raw("PUT", c.sitePath("groupsets/"+gs+"/groups/"+g2), "", nil, 201)
	c.xml("groupset-get", "GET", c.sitePath("groupsets/"+gs), "", 200)
	c.xml("groupset-get-local", "GET", c.sitePath("groupsets/"+gs+"?resultlevel=local"), "", 200)
	c.xml("err-groupset-resultlevel", "GET", c.sitePath("groupsets?resultlevel=everything"), "", 400)
	c.xml("groupset-list", "GET", c.sitePath("groupsets?sort=name:asc"), "", 200)
	c.xml("groupset-update", "PUT", c.sitePath("groupsets/"+gs), `<tsRequest><groupSet name="FM"/></tsRequest>`, 200)
	c.raw("DELETE", c.sitePath("groupsets/"+gs+"/groups/"+g1), "", nil, 204)
	c.xml("err-groupset-group-absent", "DELETE", c.sitePath("groupsets/"+gs+"/groups/"+g1), "", 404)
	// A rule naming the set, and its removal by the path Tableau's clients use.
	b = c.xml("", "GET", c.sitePath("projects?filter=name:eq:Default"), "", 200)
	proj := attrOf(t, b, "project", "id")
	c.xml("groupset-permission-add", "PUT", c.sitePath("projects/"+proj+"/permissions"),
		`<tsRequest><permissions><granteeCapabilities><groupSet id="`+gs+`"/><capabilities><capability name="Read" mode="Allow"/></capabilities></granteeCapabilities></permissions></tsRequest>`, 200)
	c.xml("groupset-permission-list", "GET", c.sitePath("projects/"+proj+"/permissions"), "", 200)
	c.raw("DELETE", c.sitePath("projects/"+proj+"/permissions/groupSets/"+gs+"/Read/Allow"), "", nil, 204)
	c.raw("DELETE", c.sitePath("groupsets/"+gs), "", nil, 204)
	c.xml("err-groupset-missing", "GET", c.sitePath("groupsets/"+gs), "", 404)

	assertEveryRouteReached(t, c.emu, "identity")
	xsdcheck.ValidateAll(t, c.bodies)
	compareCaptureList(t, c.bodies, []contentCapture{
		{name: "groupset-create", file: "groupsets_create.xml"},
		{name: "groupset-get", file: "groupsets_get_by_id.xml", ignore: map[string]string{
			"tsResponse/pagination": "the capture of Get Group Set carries a <pagination> that a get of one item has no use for; the emulator answers the set alone",
		}},
		{name: "groupset-list", file: "groupsets_get.xml"},
		{name: "groupset-update", file: "groupsets_update.xml", ignore: map[string]string{
			"tsResponse/pagination": "the capture of Update Group Set carries a <pagination>; the emulator answers the set alone",
		}},
	})
}
