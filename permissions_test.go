package tsc

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const (
	permGroup = "5e5e1978-71fa-11e4-87dd-7382f5c437af"
	permUser  = "7c37ee24-c4b1-42b6-a154-eaeab7ee330a"
	permItem  = "0448d2ed-590d-4fa0-b272-a2a8a24555b5"
)

// TestPermissionsPathsPerKind: every content type's explicit rules live
// under its own collection (TSC's owner_baseurl + /{id}/permissions), and
// a project's defaults under default-permissions/{plural}; the same four
// verbs reach each.
func TestPermissionsPathsPerKind(t *testing.T) {
	body := reference(t, "datasource_populate_permissions.xml")
	content := map[PermissionKind]string{
		PermProject: "projects", PermWorkbook: "workbooks", PermView: "views", PermDatasource: "datasources",
		PermFlow: "flows", PermVirtualConnection: "virtualConnections", PermDatabase: "databases", PermTable: "tables",
	}
	if len(content) != len(ContentPermissionKinds) {
		t.Fatalf("test covers %d kinds, the SDK %d", len(content), len(ContentPermissionKinds))
	}
	for _, k := range ContentPermissionKinds {
		seg := content[k]
		cap := k.Capabilities()[0]
		ts := setup(t)
		base := sitePrefix + "/" + seg + "/" + permItem + "/permissions"
		ts.handle("GET "+base, serveXML(200, body))
		ts.handle("PUT "+base, serveXML(200, body))
		ts.handle("DELETE "+base+"/groups/"+permGroup+"/"+string(cap)+"/Deny", noContent)
		ts.handle("DELETE "+base+"/users/"+permUser+"/"+string(cap)+"/Allow", noContent)
		p := ts.client.Permissions
		if _, err := p.List(bg, k, permItem); err != nil {
			t.Errorf("%s: List: %v", k, err)
		}
		if _, err := p.Add(bg, k, permItem, PermissionRule{GroupGrantee(permGroup), cap, Allow}); err != nil {
			t.Errorf("%s: Add: %v", k, err)
		}
		if err := p.Delete(bg, k, permItem, PermissionRule{GroupGrantee(permGroup), cap, Deny}); err != nil {
			t.Errorf("%s: Delete: %v", k, err)
		}
		if err := p.DeleteRules(bg, k, permItem, PermissionRule{UserGrantee(permUser), cap, Allow}); err != nil {
			t.Errorf("%s: DeleteRules: %v", k, err)
		}
		for _, path := range []string{"GET " + base, "PUT " + base} {
			m, pth, _ := strings.Cut(path, " ")
			if ts.count(m, pth) != 1 {
				t.Errorf("%s: %s reached %d times", k, path, ts.count(m, pth))
			}
		}
	}
	defaults := map[PermissionKind]string{
		PermWorkbook: "workbooks", PermDatasource: "datasources", PermFlow: "flows", PermLens: "lenses",
		PermDataRole: "dataroles", PermMetric: "metrics", PermDatabase: "databases", PermTable: "tables",
		PermVirtualConnection: "virtualConnections",
	}
	if len(defaults) != len(DefaultPermissionKinds) {
		t.Fatalf("test covers %d default kinds, Tableau has %d", len(defaults), len(DefaultPermissionKinds))
	}
	for _, k := range DefaultPermissionKinds {
		cap := k.Capabilities()[0]
		ts := setup(t)
		base := sitePrefix + "/projects/" + permItem + "/default-permissions/" + defaults[k]
		ts.handle("GET "+base, serveXML(200, body))
		ts.handle("PUT "+base, serveXML(200, body))
		ts.handle("DELETE "+base+"/groups/"+permGroup+"/"+string(cap)+"/Allow", noContent)
		p := ts.client.Permissions
		if _, err := p.ListDefaults(bg, permItem, k); err != nil {
			t.Errorf("defaults %s: ListDefaults: %v", k, err)
		}
		if _, err := p.AddDefaults(bg, permItem, k, PermissionRule{GroupGrantee(permGroup), cap, Allow}); err != nil {
			t.Errorf("defaults %s: AddDefaults: %v", k, err)
		}
		if err := p.DeleteDefault(bg, permItem, k, PermissionRule{GroupGrantee(permGroup), cap, Allow}); err != nil {
			t.Errorf("defaults %s: DeleteDefault: %v", k, err)
		}
		if err := p.DeleteDefaults(bg, permItem, k, PermissionRule{GroupGrantee(permGroup), cap, Allow}); err != nil {
			t.Errorf("defaults %s: DeleteDefaults: %v", k, err)
		}
		if n := ts.count("DELETE", base+"/groups/"+permGroup+"/"+string(cap)+"/Allow"); n != 2 {
			t.Errorf("defaults %s: %d deletes, want 2", k, n)
		}
	}
}

// TestPermissionsDatabaseDefaults: a database's default rules for its
// tables live under databases/{id}/default-permissions/tables, from 3.5,
// and take table capabilities only.
func TestPermissionsDatabaseDefaults(t *testing.T) {
	ts := setup(t)
	base := sitePrefix + "/databases/" + permItem + "/default-permissions/tables"
	body := reference(t, "database_populate_permissions.xml")
	ts.handle("GET "+base, serveXML(200, body))
	ts.handle("PUT "+base, serveXML(200, body))
	ts.handle("DELETE "+base+"/groups/"+permGroup+"/Read/Allow", noContent)
	p := ts.client.Permissions
	g := GroupGrantee(permGroup)
	got, err := p.ListDatabaseDefaults(bg, permItem)
	if err != nil || len(got.Rules()) != 3 {
		t.Fatalf("ListDatabaseDefaults: %v, %v", got, err)
	}
	if _, err := p.AddDatabaseDefaults(bg, permItem, PermissionRule{g, CapRead, Allow}); err != nil {
		t.Error(err)
	}
	if err := p.DeleteDatabaseDefault(bg, permItem, PermissionRule{g, CapRead, Allow}); err != nil {
		t.Error(err)
	}
	if err := p.DeleteDatabaseDefaults(bg, permItem, PermissionRule{g, CapRead, Allow}); err != nil {
		t.Error(err)
	}
	if _, err := p.AddDatabaseDefaults(bg, permItem, PermissionRule{g, CapExportXML, Allow}); err == nil || !strings.Contains(err.Error(), "not a capability of a table") {
		t.Errorf("a workbook capability as a table default: %v", err)
	}
	if _, err := p.ReplaceDatabaseDefaults(bg, ""); err == nil || !strings.Contains(err.Error(), "empty database id") {
		t.Errorf("no database: %v", err)
	}
	old := setup(t, WithVersion("3.4"))
	var ve *VersionError
	if _, err := old.client.Permissions.ListDatabaseDefaults(bg, permItem); !errors.As(err, &ve) || ve.Needed != (Version{3, 5}) {
		t.Errorf("at 3.4: %v", err)
	}
}

// TestPermissionsListDecodes: a captured answer reaches the caller whole,
// and Rules flattens it grantee by grantee in the server's order.
func TestPermissionsListDecodes(t *testing.T) {
	ts := setup(t)
	ts.handle("GET "+sitePrefix+"/datasources/"+permItem+"/permissions", serveXML(200, reference(t, "datasource_populate_permissions.xml")))
	p, err := ts.client.Permissions.List(bg, PermDatasource, permItem)
	if err != nil {
		t.Fatal(err)
	}
	if p.Datasource == nil || p.Datasource.ID != permItem || p.Datasource.Owner == nil {
		t.Errorf("content element = %+v", p.Datasource)
	}
	want := []PermissionRule{
		{GroupGrantee(permGroup), CapDelete, Deny},
		{GroupGrantee(permGroup), CapChangePermissions, Deny},
		{GroupGrantee(permGroup), CapConnect, Allow},
		{GroupGrantee(permGroup), CapRead, Allow},
		{UserGrantee(permUser), CapWrite, Allow},
	}
	if d := cmp.Diff(want, p.Rules()); d != "" {
		t.Errorf("Rules (-want +got):\n%s", d)
	}
	// Group sets are grantees too (flows, 3.22+).
	flow, err := DecodeResponse(reference(t, "flow_populate_permissions.xml"))
	if err != nil {
		t.Fatal(err)
	}
	rules := flow.Permissions.Rules()
	if len(rules) != 4 || rules[2].Grantee != (Grantee{GranteeGroupSet, "7ea95a1b-6872-44d6-a969-68598a7df4a0"}) {
		t.Errorf("flow rules = %v", rules)
	}
}

// TestPermissionsAddBody: rules go in one request, grouped by grantee in
// the order grantees first appear, each grantee by id only.
func TestPermissionsAddBody(t *testing.T) {
	ts := setup(t)
	var body string
	ts.handle("PUT "+sitePrefix+"/workbooks/"+permItem+"/permissions", func(w http.ResponseWriter, r *http.Request) {
		body = readBody(t, r)
		serveXML(200, reference(t, "workbook_update_permissions.xml"))(w, r)
	})
	rules := append(Rules(GroupGrantee(permGroup), Allow, CapRead, CapExportImage),
		PermissionRule{UserGrantee(permUser), CapExportData, Deny},
		PermissionRule{GroupGrantee(permGroup), CapWrite, Deny})
	if _, err := ts.client.Permissions.Add(bg, PermWorkbook, permItem, rules...); err != nil {
		t.Fatal(err)
	}
	want := `<tsRequest xmlns="http://tableau.com/api"><permissions>` +
		`<granteeCapabilities><group id="` + permGroup + `"></group><capabilities>` +
		`<capability name="Read" mode="Allow"></capability><capability name="ExportImage" mode="Allow"></capability>` +
		`<capability name="Write" mode="Deny"></capability></capabilities></granteeCapabilities>` +
		`<granteeCapabilities><user id="` + permUser + `"></user><capabilities>` +
		`<capability name="ExportData" mode="Deny"></capability></capabilities></granteeCapabilities>` +
		`</permissions></tsRequest>`
	if !strings.HasSuffix(body, want) {
		t.Errorf("body:\n%s\nwant it to end with:\n%s", body, want)
	}
}

// TestPermissionsRefusedLocally: a rule Tableau would refuse never leaves
// the client, and the error names the rule and the reason.
func TestPermissionsRefusedLocally(t *testing.T) {
	ts := setup(t) // no handlers: any request fails the test
	p := ts.client.Permissions
	g := GroupGrantee(permGroup)
	cases := []struct {
		name string
		call func() error
		want []string
	}{
		{"capability of another kind", func() error {
			_, err := p.Add(bg, PermProject, permItem, PermissionRule{g, CapExportData, Allow})
			return err
		}, []string{"Permissions.Add", "ExportData", "project", "ProjectLeader"}},
		{"view has no Write", func() error {
			return p.Delete(bg, PermView, permItem, PermissionRule{g, CapWrite, Allow})
		}, []string{"Permissions.Delete", `"Write" is not a capability of a view`}},
		{"unknown capability", func() error {
			_, err := p.AddDefaults(bg, permItem, PermWorkbook, PermissionRule{g, "Fly", Allow})
			return err
		}, []string{"Permissions.AddDefaults", `"Fly"`}},
		{"replace checks grantees and modes before reading", func() error {
			_, err := p.Replace(bg, PermWorkbook, permItem, PermissionRule{g, CapRead, "allow"})
			return err
		}, []string{"Permissions.Replace", `mode "allow"`}},
		{"bad mode", func() error {
			_, err := p.Add(bg, PermWorkbook, permItem, PermissionRule{g, CapRead, "Maybe"})
			return err
		}, []string{"mode", "Maybe"}},
		{"no grantee id", func() error {
			_, err := p.Add(bg, PermWorkbook, permItem, PermissionRule{Grantee{Type: GranteeUser}, CapRead, Allow})
			return err
		}, []string{"user has no id"}},
		{"bad grantee type", func() error {
			_, err := p.Add(bg, PermWorkbook, permItem, PermissionRule{Grantee{"role", "x"}, CapRead, Allow})
			return err
		}, []string{`grantee type "role"`}},
		{"allow and deny at once", func() error {
			_, err := p.Add(bg, PermWorkbook, permItem, PermissionRule{g, CapRead, Allow}, PermissionRule{g, CapRead, Deny})
			return err
		}, []string{"both allowed and denied"}},
		{"no rules", func() error {
			_, err := p.Add(bg, PermWorkbook, permItem)
			return err
		}, []string{"no rules to add"}},
		{"empty id", func() error {
			_, err := p.List(bg, PermWorkbook, "")
			return err
		}, []string{"empty workbook id"}},
		{"no explicit rules for data roles", func() error {
			_, err := p.List(bg, PermDataRole, permItem)
			return err
		}, []string{`"datarole" has no permission rules`, "virtualConnection"}},
		{"projects hold no project defaults", func() error {
			_, err := p.ListDefaults(bg, permItem, PermProject)
			return err
		}, []string{`"project" has no default permissions`, "lens"}},
		{"unknown kind", func() error {
			_, err := p.List(bg, "spreadsheet", permItem)
			return err
		}, []string{`"spreadsheet" is not a content type`}},
		{"empty project", func() error {
			_, err := p.AddDefaults(bg, "", PermWorkbook, PermissionRule{g, CapRead, Allow})
			return err
		}, []string{"empty project id"}},
		{"bad rule stops a batch before any delete", func() error {
			return p.DeleteRules(bg, PermWorkbook, permItem, PermissionRule{g, CapRead, Allow}, PermissionRule{g, CapProjectLeader, Allow})
		}, []string{"ProjectLeader"}},
	}
	for _, c := range cases {
		err := c.call()
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not say %q", c.name, err, w)
			}
		}
	}
}

// TestPermissionsVersions: each kind's calls need the version Tableau
// added them in, checked before sending.
func TestPermissionsVersions(t *testing.T) {
	ts := setup(t, WithVersion("3.4"))
	p := ts.client.Permissions
	var ve *VersionError
	if _, err := p.List(bg, PermVirtualConnection, permItem); !errors.As(err, &ve) || ve.Needed != (Version{3, 22}) {
		t.Errorf("virtual connection at 3.4: %v", err)
	}
	if _, err := p.ListDefaults(bg, permItem, PermTable); !errors.As(err, &ve) || ve.Needed != (Version{3, 23}) {
		t.Errorf("table defaults at 3.4: %v", err)
	}
	gs := PermissionRule{Grantee{GranteeGroupSet, permGroup}, CapRead, Allow}
	if _, err := p.Add(bg, PermWorkbook, permItem, gs); !errors.As(err, &ve) || ve.Needed != (Version{3, 22}) {
		t.Errorf("group set grantee at 3.4: %v", err)
	}
	ts.handle("GET "+strings.Replace(sitePrefix, "3.29", "3.4", 1)+"/flows/"+permItem+"/permissions", serveXML(200, reference(t, "flow_populate_permissions.xml")))
	if _, err := p.List(bg, PermFlow, permItem); err != nil {
		t.Errorf("flow at 3.4: %v", err)
	}
}

// permStore is a minimal server side of one item's rules, for Replace:
// it applies adds and deletes and answers lists from what it holds.
type permStore struct {
	mu    sync.Mutex
	rules []PermissionRule
	calls []string
}

func (s *permStore) answer() []byte {
	p := &Permissions{}
	for _, r := range s.rules {
		body := permissionsBody([]PermissionRule{r})
		g := body.Grantees[0]
		gc := GranteeCapabilities{Capabilities: g.Capabilities}
		if g.User != nil {
			gc.User = &User{ID: g.User.ID}
		} else {
			gc.Group = &Group{ID: g.Group.ID}
		}
		p.GranteeCapabilities = append(p.GranteeCapabilities, gc)
	}
	resp := NewTSResponse()
	resp.Permissions = p
	b, _ := EncodeResponse(resp)
	return b
}

func (s *permStore) serve(t *testing.T, ts *testServer, base string) {
	ts.handle("GET "+base, func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.calls = append(s.calls, "GET")
		serveXML(200, s.answer())(w, r)
	})
	ts.handle("PUT "+base, func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		req, err := DecodeRequest([]byte(readBody(t, r)))
		if err != nil || req.Permissions == nil {
			t.Fatalf("PUT body: %v", err)
		}
		n := 0
		for _, gc := range req.Permissions.GranteeCapabilities {
			g, _ := gc.Grantee()
			for _, c := range gc.Capabilities.Capabilities {
				s.rules = append(s.rules, PermissionRule{g, c.Name, c.Mode})
				n++
			}
		}
		s.calls = append(s.calls, "PUT "+strings.Repeat("+", n))
		serveXML(200, s.answer())(w, r)
	})
	ts.handle("DELETE "+base+"/{gt}/{gid}/{cap}/{mode}", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		g := Grantee{GranteeType(strings.TrimSuffix(r.PathValue("gt"), "s")), r.PathValue("gid")}
		rule := PermissionRule{g, Capability(r.PathValue("cap")), Mode(r.PathValue("mode"))}
		s.calls = append(s.calls, "DELETE "+string(rule.Capability)+":"+string(rule.Mode))
		for i, have := range s.rules {
			if have == rule {
				s.rules = append(s.rules[:i], s.rules[i+1:]...)
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		t.Errorf("delete of a rule the item lacks: %v", rule)
		w.WriteHeader(http.StatusNotFound)
	})
}

// TestPermissionsReplace: Replace deletes what is not wanted (a wanted
// capability held with the other mode included), adds the rest in one
// request, leaves what is already right alone, and ends with exactly the
// wanted rules; with nothing to change it only reads.
func TestPermissionsReplace(t *testing.T) {
	ts := setup(t)
	g, u := GroupGrantee(permGroup), UserGrantee(permUser)
	st := &permStore{rules: []PermissionRule{{g, CapRead, Allow}, {g, CapWrite, Allow}, {u, CapExportData, Allow}}}
	st.serve(t, ts, sitePrefix+"/workbooks/"+permItem+"/permissions")
	want := []PermissionRule{{g, CapRead, Allow}, {u, CapExportData, Deny}, {u, CapRead, Allow}}
	got, err := ts.client.Permissions.Replace(bg, PermWorkbook, permItem, want...)
	if err != nil {
		t.Fatal(err)
	}
	sortRules := cmp.Transformer("sort", func(in []PermissionRule) map[PermissionRule]bool {
		m := map[PermissionRule]bool{}
		for _, r := range in {
			m[r] = true
		}
		return m
	})
	if d := cmp.Diff(want, got.Rules(), sortRules); d != "" {
		t.Errorf("after Replace (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"GET", "DELETE Write:Allow", "DELETE ExportData:Allow", "PUT ++", "GET"}, st.calls); d != "" {
		t.Errorf("requests (-want +got):\n%s", d)
	}
	st.calls = nil
	if _, err := ts.client.Permissions.Replace(bg, PermWorkbook, permItem, want...); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"GET"}, st.calls); d != "" {
		t.Errorf("nothing to change, yet requests (-want +got):\n%s", d)
	}
	// A capability the kind lacks is refused once the rules are read,
	// before anything changes.
	st.calls = nil
	if _, err := ts.client.Permissions.Replace(bg, PermWorkbook, permItem, PermissionRule{g, CapProjectLeader, Allow}); err == nil ||
		!strings.Contains(err.Error(), "ProjectLeader") {
		t.Errorf("Replace with a project capability on a workbook: %v", err)
	}
	if d := cmp.Diff([]string{"GET"}, st.calls); d != "" {
		t.Errorf("a refused Replace changed something (-want +got):\n%s", d)
	}
	// What the server reports but no call takes (a nested project's
	// InheritedProjectLeader) is neither deleted nor refused.
	st.rules = append(st.rules, PermissionRule{g, CapInheritedProjectLeader, Allow})
	st.calls = nil
	if _, err := ts.client.Permissions.Replace(bg, PermWorkbook, permItem); err != nil {
		t.Fatal(err)
	}
	if len(st.rules) != 1 || len(st.calls) != 5 || st.calls[4] != "GET" {
		t.Errorf("clearing: rules %v, requests %v", st.rules, st.calls)
	}
}

// TestPermissionsDeleteRulesReportsProgress: a failure midway says how
// many rules were already deleted.
func TestPermissionsDeleteRulesReportsProgress(t *testing.T) {
	ts := setup(t)
	base := sitePrefix + "/views/" + permItem + "/permissions/groups/" + permGroup
	ts.handle("DELETE "+base+"/Read/Allow", noContent)
	ts.handle("DELETE "+base+"/Filter/Allow", func(w http.ResponseWriter, r *http.Request) {
		serveXML(404, []byte(`<tsResponse xmlns="http://tableau.com/api"><error code="404000"><summary>Not Found</summary><detail>no such rule</detail></error></tsResponse>`))(w, r)
	})
	err := ts.client.Permissions.DeleteRules(bg, PermView, permItem, Rules(GroupGrantee(permGroup), Allow, CapRead, CapFilter, CapExportImage)...)
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "after deleting 1 of 3 rules") {
		t.Errorf("err = %v", err)
	}
	if ts.count("DELETE", base+"/ExportImage/Allow") != 0 {
		t.Error("the batch went on after a failure")
	}
}

// TestTemplateRules: a template's rules are the shared table's, for the
// grantee given, and valid for Add on that kind.
func TestTemplateRules(t *testing.T) {
	g := GroupGrantee(permGroup)
	for _, k := range ContentPermissionKinds {
		for _, tmpl := range PermissionTemplates {
			rules, err := TemplateRules(k, tmpl, g)
			if err != nil {
				t.Fatalf("%s %s: %v", k, tmpl, err)
			}
			caps, _ := Template(k, tmpl)
			if len(rules) != len(caps) || len(rules) == 0 {
				t.Fatalf("%s %s: %d rules for %d capabilities", k, tmpl, len(rules), len(caps))
			}
			tgt, _ := contentTarget("Add", k, permItem)
			if err := tgt.checkAll(rules); err != nil {
				t.Errorf("%s %s: %v", k, tmpl, err)
			}
			for i, r := range rules {
				if r.Grantee != g || r.Capability != caps[i].Name || r.Mode != caps[i].Mode {
					t.Errorf("%s %s: rule %d = %v, want %v", k, tmpl, i, r, caps[i])
				}
			}
		}
	}
	if _, err := TemplateRules(PermWorkbook, "Everything", g); err == nil {
		t.Error("unknown template accepted")
	}
}

// TestPermissionsEscapeIDs: an id or capability carrying path syntax stays
// one path segment, so that no rule call reaches another resource.
func TestPermissionsEscapeIDs(t *testing.T) {
	ts := setup(t)
	const id = "a/../../users?x=1#"
	var seen []string
	ts.handle("GET /api/3.29/sites/{site}/workbooks/{id}/permissions", func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.PathValue("id"))
		serveXML(200, reference(t, "workbook_populate_permissions.xml"))(w, r)
	})
	ts.handle("DELETE /api/3.29/sites/{site}/workbooks/{id}/permissions/users/{gid}/{cap}/{mode}", func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.PathValue("id"), r.PathValue("gid"))
		w.WriteHeader(http.StatusNoContent)
	})
	if _, err := ts.client.Permissions.List(bg, PermWorkbook, id); err != nil {
		t.Fatal(err)
	}
	if err := ts.client.Permissions.Delete(bg, PermWorkbook, id, PermissionRule{UserGrantee("u/../../x"), CapRead, Allow}); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{id, id, "u/../../x"}, seen); d != "" {
		t.Errorf("ids as the server saw them (-want +got):\n%s", d)
	}
}
