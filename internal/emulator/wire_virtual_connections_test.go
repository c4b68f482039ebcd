package emulator_test

import (
	"strings"
	"testing"

	"github.com/tsc-go/tsc/internal/emulator"
	"github.com/tsc-go/tsc/internal/xsdcheck"
)

// TestVirtualConnectionWireFidelity calls every virtual connection route
// with requests written from the REST API reference and TSC's request
// factory, validates every answer against the XSD, and compares each
// answer that has a captured counterpart with it, shape for shape, minus
// the deliberate differences listed.
func TestVirtualConnectionWireFidelity(t *testing.T) {
	c := newContent(t, emulator.Config{})
	proj := attrOf(t, c.xml("", "POST", c.sitePath("projects"), `<tsRequest><project name="Data"/></tsRequest>`, 201), "project", "id")
	doc := func(server string) string {
		return `{"policyCollection":{"luid":"34ae5eb9-ceac-4158-86f1-a5d8163d5261","policies":[]},"revision":{"luid":"1b2e2aae-b904-4f5a-aa4d-9f114b8e5f57","revisableProperties":{}},` +
			`"connections":[{"dbClass":"postgres","server":"` + server + `","port":5432,"username":"pgadmin","database":"sales"}]}`
	}
	publish := func(name, query, content string, want int) []byte {
		return c.xml(name, "POST", c.sitePath("virtualConnections"+query), `<tsRequest><virtualConnection name="vconn_test"><project id="`+proj+
			`"/><owner id="`+c.user+`"/><content>`+content+`</content></virtualConnection></tsRequest>`, want)
	}
	b := publish("vc-publish", "?overwrite=false&publishAsDraft=false", doc("localhost"), 201)
	id := attrOf(t, b, "virtualConnection", "id")
	publish("err-vc-publish-taken", "?overwrite=false", doc("localhost"), 409)
	publish("err-vc-publish-json", "", `{"connections": [`, 400)
	publish("err-vc-publish-draft", "?publishAsDraft=true", doc("localhost"), 400)
	publish("vc-publish-overwrite", "?overwrite=true", doc("db2.example.com"), 200)
	c.xml("vc-list", "GET", c.sitePath("virtualConnections?pageSize=1"), "", 200)
	c.xml("vc-get", "GET", c.sitePath("virtualConnections/"+id), "", 200)
	c.xml("vc-update", "PUT", c.sitePath("virtualConnections/"+id), `<tsRequest><virtualConnection name="testv1" isCertified="true" certificationNote="demo certification note"><project id="`+proj+`"/><owner id="`+c.user+`"/></virtualConnection></tsRequest>`, 200)
	b = c.xml("vc-connections", "GET", c.sitePath("virtualConnections/"+id+"/connections"), "", 200)
	conn := attrOf(t, b, "connection", "connectionId")
	c.xml("vc-connection-update", "PUT", c.sitePath("virtualConnections/"+id+"/connections/"+conn+"/modify"),
		`<tsRequest><connection serverAddress="localhost" serverPort="5432" userName="pgadmin" password="secret-pw"/></tsRequest>`, 200)
	c.xml("err-vc-connection-not-found", "PUT", c.sitePath("virtualConnections/"+id+"/connections/nope/modify"),
		`<tsRequest><connection userName="x"/></tsRequest>`, 404)
	c.xml("vc-revisions", "GET", c.sitePath("virtualConnections/"+id+"/revisions"), "", 200)
	c.xml("vc-revision", "GET", c.sitePath("virtualConnections/"+id+"/revisions/1"), "", 200)
	c.xml("err-vc-revision-current", "GET", c.sitePath("virtualConnections/"+id+"/revisions/2"), "", 400)
	c.xml("vc-add-tags", "PUT", c.sitePath("virtualConnections/"+id+"/tags"), `<tsRequest><tags><tag label="a"/><tag label="b"/></tags></tsRequest>`, 200)
	c.raw("DELETE", c.sitePath("virtualConnections/"+id+"/tags/a"), "", nil, 204)
	allUsers := attrOf(t, c.xml("", "GET", c.sitePath("groups?filter=name:eq:All%20Users"), "", 200), "group", "id")
	c.xml("vc-permissions-add", "PUT", c.sitePath("virtualConnections/"+id+"/permissions"), `<tsRequest><permissions><granteeCapabilities><group id="`+allUsers+
		`"/><capabilities><capability name="Read" mode="Deny"/></capabilities></granteeCapabilities><granteeCapabilities><user id="`+c.user+
		`"/><capabilities><capability name="Write" mode="Allow"/></capabilities></granteeCapabilities></permissions></tsRequest>`, 200)
	c.xml("vc-permissions", "GET", c.sitePath("virtualConnections/"+id+"/permissions"), "", 200)
	c.raw("DELETE", c.sitePath("virtualConnections/"+id+"/permissions/users/"+c.user+"/Write/Allow"), "", nil, 204)
	c.xml("err-vc-permissions-capability", "PUT", c.sitePath("virtualConnections/"+id+"/permissions"), `<tsRequest><permissions><granteeCapabilities><user id="`+c.user+
		`"/><capabilities><capability name="ExportXml" mode="Allow"/></capabilities></granteeCapabilities></permissions></tsRequest>`, 400)
	c.raw("DELETE", c.sitePath("virtualConnections/"+id), "", nil, 204)
	c.xml("err-vc-not-found", "GET", c.sitePath("virtualConnections/"+id), "", 404)
	for name, body := range c.bodies {
		if strings.Contains(string(body), "secret-pw") {
			t.Errorf("%s carries the connection's password", name)
		}
	}

	assertEveryRouteReached(t, c.emu, "virtualconnections")
	xsdcheck.ValidateAll(t, c.bodies)
	compareCaptureList(t, c.bodies, vcCaptures)
}

const (
	whyVCList = "the emulator names each virtual connection's project, owner and tags in lists, as its content lists all do and as " +
		"Get answers them (the capture shows attributes only)"
	whyVCItem = "the emulator answers the whole virtual connection, as its list does; the capture (the reference's example, " +
		"which TSC's tests use) names no id, which would leave a client no way to reach what it published"
	whyVCDatabase = "the emulator reports the database a connection opens (virtualConnectionSourceConnectionType@database in the 3.29 schema)"
)

// vcItem is the deliberate differences of an answer holding one whole
// virtual connection from the captures of Publish and Download.
var vcItem = map[string]string{
	"tsResponse/virtualConnection/project@name": whyVCItem,
	"tsResponse/virtualConnection@createdAt":    whyVCItem,
	"tsResponse/virtualConnection@hasExtracts":  whyVCItem,
	"tsResponse/virtualConnection@id":           whyVCItem,
	"tsResponse/virtualConnection@isCertified":  whyVCItem,
	"tsResponse/virtualConnection@updatedAt":    whyVCItem,
	"tsResponse/virtualConnection@webpageUrl":   whyVCItem,
	"tsResponse/virtualConnection/tags":         whyVCItem,
}

var vcCaptures = []contentCapture{
	{"vc-list", "virtual_connections_get.xml", map[string]string{
		"tsResponse/virtualConnections/virtualConnection/owner":   whyVCList,
		"tsResponse/virtualConnections/virtualConnection/project": whyVCList,
		"tsResponse/virtualConnections/virtualConnection/tags":    whyVCList,
	}},
	{"vc-publish", "virtual_connections_publish.xml", vcItem},
	{"vc-get", "virtual_connections_download.xml", vcItem},
	{"vc-revision", "virtual_connections_download.xml", merge(vcItem, map[string]string{
		"tsResponse/virtualConnection@certificationNote": "this virtual connection was certified with a note before its revision was read",
	})},
	{"vc-update", "virtual_connections_update.xml", map[string]string{
		"tsResponse/virtualConnection/project@name": whyVCItem,
		"tsResponse/virtualConnection@createdAt":    whyVCItem,
		"tsResponse/virtualConnection@hasExtracts":  whyVCItem,
		"tsResponse/virtualConnection@id":           whyVCItem,
		"tsResponse/virtualConnection@updatedAt":    whyVCItem,
		"tsResponse/virtualConnection@webpageUrl":   whyVCItem,
		"tsResponse/virtualConnection/tags":         whyVCItem,
	}},
	{"vc-connections", "virtual_connection_populate_connections2.xml", map[string]string{
		"tsResponse/virtualConnectionConnections/connection@database": whyVCDatabase,
	}},
	{"vc-connection-update", "virtual_connection_database_connection_update.xml", map[string]string{
		"tsResponse/connection@embedPassword": whyEmbed,
		"tsResponse/connection@type":          "the emulator names the connector (connectionType@type), as Update Data Source Connection does",
	}},
	{"vc-revisions", "virtual_connections_revisions.xml", map[string]string{
		"tsResponse/revisions/revision@sizeInBytes": whySize,
	}},
	{"vc-permissions-add", "virtual_connection_add_permissions.xml", nil},
}
