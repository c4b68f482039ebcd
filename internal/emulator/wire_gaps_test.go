package emulator_test

import (
	"testing"
	"time"

	"github.com/tsc-go/tsc/internal/emulator"
	"github.com/tsc-go/tsc/internal/xsdcheck"
)

// gapRoutes are issue 16 part 8's routes, reached by TestGapsWireFidelity.
var gapRoutes = map[string]bool{
	"PUT sites/{site}/tags:batchCreate":             true,
	"PUT sites/{site}/tags:batchDelete":             true,
	"PUT tags:batchCreate":                          true,
	"PUT tags:batchDelete":                          true,
	"DELETE sites/{site}/views/{id}":                true,
	"PUT sites/{site}/workbooks/{id}/connections":   true,
	"PUT sites/{site}/datasources/{id}/connections": true,
	"DELETE auth/serverAdminAccessTokens":           true,
	"POST auth/revokeAllServerAdminTokens":          true,
}

// TestGapsWireFidelity calls the smaller gaps' routes over raw HTTP with
// the bodies TSC writes: the answers validate against the schema.
func TestGapsWireFidelity(t *testing.T) {
	c := newContent(t, emulator.Config{ContentConfig: emulator.ContentConfig{JobDuration: 10 * time.Second}})
	b := c.multipart("", "POST", c.sitePath("workbooks"), 201,
		payloadPart(`<tsRequest><workbook name="Sales"/></tsRequest>`), filePart("tableau_workbook", "Sales.twbx", testFile(t, "workbooks/Sales.twbx")))
	wb, views := attrOf(t, b, "workbook", "id"), attrsOf(t, b, "view", "id")
	ds := attrOf(t, c.publishDatasource("Orders", "Orders.tdsx", testFile(t, "datasources/Orders.tdsx"), "", 201), "datasource", "id")

	// TSC's RequestFactory.Tag.batch_create (contentType from the item's
	// class name) and TSC's update_connections body.
	batch := `<tsRequest><tagBatch><tags><tag label="q3" /></tags><contents><content id="` + wb + `" contentType="Workbook" /><content id="` + ds + `" contentType="Datasource" /></contents></tagBatch></tsRequest>`
	c.xml("tags-batch-create", "PUT", c.sitePath("tags:batchCreate"), batch, 200)
	c.xml("tags-batch-delete", "PUT", c.sitePath("tags:batchDelete"), batch, 200)
	// TSC's tags.batch_add and batch_delete name no site: the session's.
	c.xml("tags-batch-create-tsc", "PUT", "tags:batchCreate", batch, 200)
	c.xml("tags-batch-delete-tsc", "PUT", "tags:batchDelete", batch, 200)
	c.xml("err-tags-batch-flow", "PUT", c.sitePath("tags:batchCreate"), `<tsRequest><tagBatch><tags><tag label="q3" /></tags><contents><content id="`+wb+`" contentType="Flow" /></contents></tagBatch></tsRequest>`, 404)
	conn := attrOf(t, c.xml("", "GET", c.sitePath("workbooks/"+wb+"/connections"), "", 200), "connection", "id")
	c.xml("workbook-connections-update", "PUT", c.sitePath("workbooks/"+wb+"/connections"),
		`<tsRequest><connectionLUIDs><connectionLUID>`+conn+`</connectionLUID></connectionLUIDs><connection authenticationType="Username Password" userName="svc" password="pw" embedPassword="true" /></tsRequest>`, 200)
	dsConn := attrOf(t, c.xml("", "GET", c.sitePath("datasources/"+ds+"/connections"), "", 200), "connection", "id")
	c.xml("datasource-connections-update", "PUT", c.sitePath("datasources/"+ds+"/connections"),
		`<tsRequest><connectionLuids><connectionLuid>`+dsConn+`</connectionLuid></connectionLuids><connection authenticationType="Username Password" userName="svc" /></tsRequest>`, 200)
	c.xml("err-connections-update-empty", "PUT", c.sitePath("workbooks/"+wb+"/connections"), `<tsRequest><connection userName="x"/></tsRequest>`, 400)
	c.raw("DELETE", c.sitePath("views/"+views[0]), "", nil, 204)
	c.xml("err-view-delete-again", "DELETE", c.sitePath("views/"+views[0]), "", 404)
	c.raw("POST", "auth/revokeAllServerAdminTokens", "", nil, 204)
	// The administrator signed in with a password: the session survives
	// the revocation of their (unused) token.
	c.raw("DELETE", "auth/serverAdminAccessTokens", "", nil, 204)

	assertEveryRouteReached(t, c.emu, "gaps")
	xsdcheck.ValidateAll(t, c.bodies)
}
