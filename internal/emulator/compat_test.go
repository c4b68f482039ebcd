package emulator_test

import (
	"strings"
	"testing"

	"github.com/tsc-go/tsc/internal/xsdcheck"
)

// Real servers serve a resource with one trailing slash too, and TSC asks
// for some that way (users.update builds ".../users/{id}/"); the
// compatibility suite (internal/compat) runs TSC itself.
func TestTrailingSlash(t *testing.T) {
	c, _ := newRaw(t)
	site := c.signIn()
	b := c.do("users-slash", "GET", "sites/"+site+"/users/", "", 200)
	id := attr(t, b, "user", "id")
	c.do("user-slash", "GET", "sites/"+site+"/users/"+id+"/", "", 200)
	b = c.do("sites-slash", "GET", "sites/", "", 200)
	if !strings.Contains(string(b), "<pagination") {
		t.Errorf("GET sites/ is not the site list: %s", b)
	}
	// Except where the empty segment is a key: the default site's content
	// URL is empty, and TSC's sites.get_by_content_url("") asks this.
	b = c.do("default-site", "GET", "sites/?key=contentUrl", "", 200)
	if got := attr(t, b, "site", "id"); got != site {
		t.Errorf("GET sites/?key=contentUrl: site %s, want the default site %s", got, site)
	}
	// One slash only: an empty segment inside or a second one is no route.
	for _, p := range []string{"sites/" + site + "//users", "sites/" + site + "/users//", "sites/" + site + "/users/" + id + "//"} {
		b := c.do("empty-segment "+p, "GET", p, "", 404)
		if got := errorCode(t, b); got != "404003" {
			t.Errorf("GET %s: code %s, want 404003", p, got)
		}
	}
}

// TSC's users.update sends back the name it read; Tableau accepts an
// unchanged name and still refuses a rename.
func TestUpdateUserRepeatsName(t *testing.T) {
	c, _ := newRaw(t)
	site := c.signIn()
	b := c.do("add", "POST", "sites/"+site+"/users", ns+`<user name="ann" siteRole="Viewer"/></tsRequest>`, 201)
	id := attr(t, b, "user", "id")
	b = c.do("same-name", "PUT", "sites/"+site+"/users/"+id, ns+`<user name="ann" fullName="Ann Lee" siteRole="Explorer"/></tsRequest>`, 200)
	if got := attr(t, b, "user", "fullName"); got != "Ann Lee" {
		t.Errorf("fullName %q after an update repeating the name", got)
	}
	if got := attr(t, b, "user", "siteRole"); got != "Explorer" {
		t.Errorf("siteRole %q after an update repeating the name", got)
	}
	for _, name := range []string{"bob", "ANN"} {
		b = c.do("rename-"+name, "PUT", "sites/"+site+"/users/"+id, ns+`<user name="`+name+`" fullName="X"/></tsRequest>`, 400)
		if got := errorCode(t, b); got != "400000" {
			t.Errorf("rename to %s: code %s", name, got)
		}
		if !strings.Contains(string(b), "cannot be changed") {
			t.Errorf("rename to %s: %s", name, b)
		}
	}
	b = c.do("after", "GET", "sites/"+site+"/users/"+id, "", 200)
	if got, full := attr(t, b, "user", "name"), attr(t, b, "user", "fullName"); got != "ann" || full != "Ann Lee" {
		t.Errorf("after refused renames: name %q fullName %q", got, full)
	}
}

// TSC's SiteItem sends askDataMode="EnabledByDefault" by default, a value
// servers send and accept though the 3.29 schema's enumeration lacks it
// (erratum site-askdatamode-enabledbydefault); other values stay refused.
func TestSiteAskDataModeEnabledByDefault(t *testing.T) {
	c, _ := newRaw(t)
	c.signIn()
	b := c.do("create", "POST", "sites", ns+`<site name="Ask" contentUrl="ask" askDataMode="EnabledByDefault"/></tsRequest>`, 201)
	id := attr(t, b, "site", "id")
	if got := attr(t, b, "site", "askDataMode"); got != "EnabledByDefault" {
		t.Errorf("created site askDataMode %q", got)
	}
	b = c.do("get", "GET", "sites/"+id, "", 200)
	if got := attr(t, b, "site", "askDataMode"); got != "EnabledByDefault" {
		t.Errorf("read back askDataMode %q", got)
	}
	b = c.do("bad", "POST", "sites", ns+`<site name="Ask2" contentUrl="ask2" askDataMode="EnabledAlways"/></tsRequest>`, 400)
	if got := errorCode(t, b); got != "400000" {
		t.Errorf("askDataMode EnabledAlways: code %s", got)
	}
	// The answers validate against the schema with its errata.
	xsdcheck.ValidateAll(t, map[string][]byte{"create": c.bodies["create"], "get": c.bodies["get"]})
}
