package tsc_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// End-to-end tests of fields= on the list endpoints: the default set
// without it, everything with _all_, the named fields otherwise; the
// values the default set leaves out are derived from the emulator's state.

var allFields = tsc.ListOptions{Fields: []string{tsc.FieldsAll}}

// e2eFieldsContent publishes two Sales workbooks and the Orders data source
// into a new project "Finance" with one child project, as the admin.
func e2eFieldsContent(t *testing.T, c *tsc.Client) (finance, child *tsc.Project, wbs []*tsc.Workbook, ds *tsc.Datasource) {
	t.Helper()
	finance = e2eMust(c.Projects.Create(e2eCtx, tsc.Project{Name: "Finance", Description: "Money matters"}))(t)
	child = e2eMust(c.Projects.Create(e2eCtx, tsc.Project{Name: "Q1", ParentProjectID: finance.ID}))(t)
	for _, name := range []string{"Sales A", "Sales B"} {
		wbs = append(wbs, e2eMust(c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: name, Project: &tsc.Project{ID: finance.ID}},
			e2eFile("workbooks/Sales.twbx"), tsc.PublishOptions{}))(t))
	}
	ds = e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{Name: "Orders", Project: &tsc.Project{ID: finance.ID}},
		e2eFile("datasources/Orders.tdsx"), tsc.PublishOptions{}))(t)
	return finance, child, wbs, ds
}

func TestE2EFieldsWorkbooks(t *testing.T) {
	clk := newE2EClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	_, c := e2eServer(t, tsctest.WithClock(clk.Now))
	finance, _, wbs, _ := e2eFieldsContent(t, c)
	// An update an hour later moves updatedAt, not lastPublishedAt.
	clk.Advance(time.Hour)
	e2eMust(c.Workbooks.Update(e2eCtx, tsc.Workbook{ID: wbs[0].ID, Description: "edited"}))(t)
	views := e2eMust(c.Workbooks.Views(e2eCtx, wbs[0].ID, false))(t)
	if len(views) < 2 {
		t.Fatalf("Sales has %d views; the test needs several", len(views))
	}
	revs := e2eMust2(c.Workbooks.Revisions(e2eCtx, wbs[0].ID, tsc.ListOptions{}))(t)
	owner := e2eMust(c.Users.Get(e2eCtx, wbs[0].Owner.ID))(t)

	filter := tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", "Sales A")}}
	def := e2eMust2(c.Workbooks.List(e2eCtx, filter))(t)[0]
	if def.SheetCount != nil || def.Location != nil || def.Owner.Name != "" || !def.LastPublishedAt.IsZero() || def.DefaultViewID != "" {
		t.Errorf("the default set carries fields of the full one: %+v", def)
	}
	if def.Project == nil || def.Project.Name != "Finance" || def.Owner.ID != owner.ID || def.ContentURL == "" {
		t.Errorf("the default set lacks its fields: %+v", def)
	}

	all := filter
	all.Fields = []string{tsc.FieldsAll}
	w := e2eMust2(c.Workbooks.List(e2eCtx, all))(t)[0]
	if w.SheetCount == nil || *w.SheetCount != len(views) {
		t.Errorf("sheetCount = %v, want %d (the workbook's views)", w.SheetCount, len(views))
	}
	if w.DefaultViewID != views[0].ID {
		t.Errorf("defaultViewId = %q, want the first view %q", w.DefaultViewID, views[0].ID)
	}
	if !w.LastPublishedAt.Equal(revs[len(revs)-1].PublishedAt.Time) || w.LastPublishedAt.IsZero() || !w.UpdatedAt.After(w.LastPublishedAt.Time) {
		t.Errorf("lastPublishedAt = %v, want the last revision's %v, before the update at %v", w.LastPublishedAt, revs[len(revs)-1].PublishedAt, w.UpdatedAt)
	}
	if w.Owner == nil || w.Owner.ID != owner.ID || w.Owner.Name != owner.Name || w.Owner.Email != owner.Email {
		t.Errorf("owner = %+v, want %s %s %s", w.Owner, owner.ID, owner.Name, owner.Email)
	}
	if w.Project == nil || w.Project.Description != "Money matters" {
		t.Errorf("project = %+v, want Finance with its description", w.Project)
	}
	if w.Location == nil || *w.Location != (tsc.Location{ID: finance.ID, Type: "Project", Name: "Finance"}) {
		t.Errorf("location = %+v, want the Finance project", w.Location)
	}
	if w.HasExtracts == nil || !*w.HasExtracts {
		t.Errorf("hasExtracts = %v; Sales.twbx holds an extract", w.HasExtracts)
	}

	// Named fields: those, and nothing else.
	named := filter
	named.Fields = []string{"id", "name", "owner.name"}
	n := e2eMust2(c.Workbooks.List(e2eCtx, named))(t)[0]
	want := tsc.Workbook{ID: wbs[0].ID, Name: "Sales A", Owner: &tsc.User{Name: owner.Name}}
	if n.ID != want.ID || n.Name != want.Name || n.Owner == nil || *n.Owner != *want.Owner || n.ContentURL != "" ||
		n.Project != nil || n.Tags != nil || !n.CreatedAt.IsZero() || n.Size != nil {
		t.Errorf("fields=id,name,owner.name answered %+v (owner %+v)", n, n.Owner)
	}
	// _default_ plus one.
	plus := filter
	plus.Fields = []string{tsc.FieldsDefault, "sheetCount"}
	p := e2eMust2(c.Workbooks.List(e2eCtx, plus))(t)[0]
	if p.SheetCount == nil || *p.SheetCount != len(views) || p.ContentURL == "" || p.Location != nil {
		t.Errorf("fields=_default_,sheetCount answered %+v", p)
	}

	// A name the resource does not have is refused, not ignored.
	bad := filter
	bad.Fields = []string{"id", "colour"}
	_, _, err := c.Workbooks.List(e2eCtx, bad)
	e2eWantCode(t, err, tsc.ErrBadRequest, http.StatusBadRequest, "400000")
	bad.Fields = []string{"owner.shoeSize"}
	_, _, err = c.Workbooks.List(e2eCtx, bad)
	e2eWantCode(t, err, tsc.ErrBadRequest, http.StatusBadRequest, "400000")
}

func TestE2EFieldsProjectContentsCounts(t *testing.T) {
	_, c := e2eServer(t)
	finance, child, wbs, _ := e2eFieldsContent(t, c)
	views := e2eMust(c.Workbooks.Views(e2eCtx, wbs[0].ID, false))(t)
	counts := func() map[string]tsc.ContentsCounts {
		t.Helper()
		out := map[string]tsc.ContentsCounts{}
		for _, p := range e2eMust2(c.Projects.List(e2eCtx, allFields))(t) {
			if p.ContentsCounts == nil {
				t.Fatalf("project %s has no contentsCounts with fields=_all_", p.Name)
			}
			out[p.ID] = *p.ContentsCounts
		}
		return out
	}
	check := func(id string, projects, workbooks, views, datasources int) {
		t.Helper()
		cc := counts()[id]
		got := [4]int{*cc.ProjectCount, *cc.WorkbookCount, *cc.ViewCount, *cc.DatasourceCount}
		if want := [4]int{projects, workbooks, views, datasources}; got != want {
			t.Errorf("contentsCounts (projects, workbooks, views, datasources) = %v, want %v", got, want)
		}
	}
	check(finance.ID, 1, 2, 2*len(views), 1)
	check(child.ID, 0, 0, 0, 0)
	e2eNoErr(t, c.Workbooks.Delete(e2eCtx, wbs[1].ID))
	check(finance.ID, 1, 1, len(views), 1)

	all := e2eMust2(c.Projects.List(e2eCtx, allFields))(t)
	def := e2eMust2(c.Projects.List(e2eCtx, tsc.ListOptions{}))(t)
	for i := range all {
		if all[i].TopLevelProject == nil || *all[i].TopLevelProject != (all[i].ParentProjectID == "") {
			t.Errorf("%s: topLevelProject = %v with parent %q", all[i].Name, all[i].TopLevelProject, all[i].ParentProjectID)
		}
		if all[i].Owner != nil && all[i].Owner.Name == "" {
			t.Errorf("%s: owner without name under _all_", all[i].Name)
		}
		if def[i].ContentsCounts != nil || def[i].TopLevelProject != nil {
			t.Errorf("%s: the default set carries _all_ fields", def[i].Name)
		}
	}
}

func TestE2EFieldsViewsAndDatasources(t *testing.T) {
	_, c := e2eServer(t)
	finance, _, wbs, ds := e2eFieldsContent(t, c)
	owner := e2eMust(c.Users.Get(e2eCtx, wbs[0].Owner.ID))(t)

	vs := e2eMust2(c.Views.List(e2eCtx, tsc.ViewListOptions{ListOptions: allFields}))(t)
	if len(vs) == 0 {
		t.Fatal("no views")
	}
	sheets := len(e2eMust(c.Workbooks.Views(e2eCtx, wbs[0].ID, false))(t))
	for _, v := range vs {
		if v.Workbook == nil || v.Workbook.SheetCount == nil || *v.Workbook.SheetCount != sheets {
			t.Errorf("view %s: its workbook's sheetCount = %v, want %d", v.Name, v.Workbook, sheets)
		}
		if v.Workbook == nil || v.Workbook.Name == "" || v.Owner == nil || v.Owner.Email != owner.Email || v.Usage == nil ||
			v.Location == nil || v.Location.ID != finance.ID || v.Project == nil || v.Project.Name != "Finance" {
			t.Errorf("view %s under _all_: %+v", v.Name, v)
		}
	}
	// Usage is in the default set only with includeUsageStatistics; named, it comes without.
	def := e2eMust2(c.Views.List(e2eCtx, tsc.ViewListOptions{}))(t)
	if def[0].Usage != nil || def[0].Location != nil || def[0].Workbook.Name != "" {
		t.Errorf("default view: %+v", def[0])
	}
	named := e2eMust2(c.Views.List(e2eCtx, tsc.ViewListOptions{ListOptions: tsc.ListOptions{Fields: []string{"id", "usage.totalViewCount"}}}))(t)
	if named[0].Usage == nil || named[0].Name != "" || named[0].Workbook != nil {
		t.Errorf("fields=id,usage.totalViewCount: %+v", named[0])
	}

	d := e2eMust2(c.Datasources.List(e2eCtx, allFields))(t)[0]
	if d.ID != ds.ID || d.Owner == nil || d.Owner.Name != owner.Name || d.Location == nil || d.Location.Name != "Finance" {
		t.Errorf("data source under _all_: %+v", d)
	}
	d = e2eMust2(c.Datasources.List(e2eCtx, tsc.ListOptions{}))(t)[0]
	if d.Owner.Name != "" || d.Location != nil || d.EncryptExtracts == nil {
		t.Errorf("data source, default set: %+v", d)
	}
}

func TestE2EFieldsUsersAndGroups(t *testing.T) {
	srv, c := e2eServer(t)
	alice := e2eMust(srv.SeedUser("", "alice", tsc.SiteRoleViewer))(t)
	bob := e2eMust(srv.SeedUser("", "bob", tsc.SiteRoleViewer))(t)
	g := e2eMust(srv.SeedGroup("", "Analysts", alice.ID, bob.ID))(t)
	users := e2eMust2(c.Users.List(e2eCtx, tsc.ListOptions{}))(t)

	count := func(id string) int {
		t.Helper()
		for _, gr := range e2eMust2(c.Groups.List(e2eCtx, allFields))(t) {
			if gr.ID == id {
				if gr.UserCount == nil {
					t.Fatalf("group %s has no userCount under _all_", gr.Name)
				}
				return *gr.UserCount
			}
		}
		t.Fatalf("no group %s", id)
		return 0
	}
	if n := count(g.ID); n != 2 {
		t.Errorf("userCount = %d, want 2", n)
	}
	e2eNoErr(t, c.Groups.RemoveUser(e2eCtx, g.ID, bob.ID))
	if n := count(g.ID); n != 1 {
		t.Errorf("userCount after removing one = %d, want 1", n)
	}
	for _, gr := range e2eMust2(c.Groups.List(e2eCtx, allFields))(t) {
		if gr.Name == "All Users" && *gr.UserCount != len(users) {
			t.Errorf("All Users userCount = %d, want the site's %d users", *gr.UserCount, len(users))
		}
	}
	if gs := e2eMust2(c.Groups.List(e2eCtx, tsc.ListOptions{}))(t); gs[0].UserCount != nil {
		t.Errorf("the default set carries userCount: %+v", gs[0])
	}

	all := e2eMust2(c.Users.List(e2eCtx, allFields))(t)
	if all[0].Domain == nil || all[0].AuthSetting == "" || users[0].Domain != nil || users[0].AuthSetting != "" {
		t.Errorf("users: _all_ %+v, default %+v", all[0], users[0])
	}
	only := e2eMust2(c.Users.List(e2eCtx, tsc.ListOptions{Fields: []string{"name"}}))(t)
	if only[0].Name == "" || only[0].ID != "" || only[0].SiteRole != "" {
		t.Errorf("fields=name: %+v", only[0])
	}
}
