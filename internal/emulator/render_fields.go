package emulator

import (
	"github.com/tsc-go/tsc"
)

// The page renderers of the list endpoints that take fields=: each fills
// its items with all the emulator knows, loading what the default set
// leaves out only when the request asks for it, then projects them onto
// the requested set (fields.go).

// userRef is the reference to a user an item carries: the id, and the
// names and email when they were loaded.
func userRef(users map[string]tsc.User, id string) *tsc.User {
	if u, ok := users[id]; ok {
		return &u
	}
	return &tsc.User{ID: id}
}

// projectRef is the reference to a project an item carries, from the
// loaded projects or, failing that, the id and name the item's row has.
func projectRef(projects map[string]tsc.Project, id, name string) *tsc.Project {
	if p, ok := projects[id]; ok {
		return &p
	}
	return &tsc.Project{ID: id, Name: name}
}

// projectLocation is where content in a project lives.
func projectLocation(id, name string) *tsc.Location {
	return &tsc.Location{ID: id, Type: "Project", Name: name}
}

// placeOf is where an item of a list lives: its project (as a project
// and as a location), or, private, its owner's Personal Space, with no
// project (personal_space.go).
func placeOf(projects map[string]tsc.Project, siteID, ownerID, projectID, projectName string, private bool) (*tsc.Project, *tsc.Location) {
	if private {
		return nil, personalSpaceLocation(siteID, ownerID)
	}
	return projectRef(projects, projectID, projectName), projectLocation(projectID, projectName)
}

// keepPersonalSpace puts back the location of a Personal Space item when
// the fields ask for its project: such an item has no project, and its
// location is what answers where it is.
func (fs *fieldSet) keepPersonalSpace(private bool, loc **tsc.Location, ps *tsc.Location) {
	if private && *loc == nil && fs.wants("project") {
		*loc = ps
	}
}

// refs loads the owners and projects a page refers to, when fs asks for
// more of them than their ids (and, for projects, names).
func (s *Server) refs(c *call, fs *fieldSet, ownerIDs, projectIDs []string) (map[string]tsc.User, map[string]tsc.Project, error) {
	var users map[string]tsc.User
	var projects map[string]tsc.Project
	var err error
	if fs.wants("owner.name") || fs.wants("owner.fullName") || fs.wants("owner.email") {
		if users, err = s.store.usersByID(c.ctx, ownerIDs); err != nil {
			return nil, nil, err
		}
	}
	if fs.wants("project.description") || fs.wants("project.parentProjectId") || fs.wants("project.contentPermissions") {
		if projects, err = s.store.projectsByID(c.ctx, projectIDs); err != nil {
			return nil, nil, err
		}
	}
	return users, projects, nil
}

// workbookPage renders a page of Query Workbooks.
func (s *Server) workbookPage(c *call, rows []workbookRow, fs *fieldSet) ([]tsc.Workbook, error) {
	ids, owners, projects := make([]string, len(rows)), make([]string, len(rows)), make([]string, len(rows))
	for i := range rows {
		ids[i], owners[i], projects[i] = rows[i].ID, rows[i].OwnerID, rows[i].ProjectID
	}
	users, projs, err := s.refs(c, fs, owners, projects)
	if err != nil {
		return nil, err
	}
	var counts map[string]int
	var first, published map[string]string
	var extracts map[string][2]bool
	if fs.wants("sheetCount") || fs.wants("defaultViewId") {
		if counts, first, err = s.store.workbookSheets(c.ctx, ids); err != nil {
			return nil, err
		}
	}
	if fs.wants("lastPublishedAt") {
		if published, err = s.store.lastPublished(c.ctx, "workbook", ids); err != nil {
			return nil, err
		}
	}
	if fs.wants("hasExtracts") || fs.wants("encryptExtracts") {
		if extracts, err = s.store.workbookExtracts(c.ctx, ids); err != nil {
			return nil, err
		}
	}
	base := s.webpageBase(c)
	out := make([]tsc.Workbook, len(rows))
	for i := range rows {
		r := &rows[i]
		w := renderWorkbookItem(base, r)
		w.Owner = userRef(users, r.OwnerID)
		w.Project, w.Location = placeOf(projs, r.SiteID, r.OwnerID, r.ProjectID, r.ProjectName, r.PersonalSpace)
		if counts != nil {
			w.SheetCount, w.DefaultViewID = tsc.Int(counts[r.ID]), first[r.ID]
		}
		if published != nil {
			w.LastPublishedAt = parseTime(published[r.ID])
		}
		if extracts != nil {
			// encryptExtracts comes with hasExtracts: both say what the
			// workbook's extracts are (handlers_extracts.go).
			w.HasExtracts, w.EncryptExtracts = tsc.Bool(extracts[r.ID][0]), tsc.Bool(extracts[r.ID][1])
		}
		fs.project(&w)
		fs.keepPersonalSpace(r.PersonalSpace, &w.Location, personalSpaceLocation(r.SiteID, r.OwnerID))
		out[i] = w
	}
	return out, nil
}

// viewPage renders a page of Query Views. Usage is in the answer when
// includeUsageStatistics=true, or when fields= names it (or is _all_).
func (s *Server) viewPage(c *call, rows []viewRow, fs *fieldSet) ([]tsc.View, error) {
	owners, projects, workbooks := make([]string, len(rows)), make([]string, len(rows)), make([]string, len(rows))
	for i := range rows {
		owners[i], projects[i], workbooks[i] = rows[i].OwnerID, rows[i].ProjectID, rows[i].WorkbookID
	}
	users, projs, err := s.refs(c, fs, owners, projects)
	if err != nil {
		return nil, err
	}
	// The view's workbook: its sheet count and first sheet, from its views.
	var counts map[string]int
	var first map[string]string
	if fs.wants("workbook.sheetCount") || fs.wants("workbook.defaultViewId") {
		if counts, first, err = s.store.workbookSheets(c.ctx, workbooks); err != nil {
			return nil, err
		}
	}
	usage := c.wantUsage() || fs.asked("usage")
	favs, err := s.favoritesTotals(c, fs, tsc.FavoriteView, len(rows), func(i int) string { return rows[i].ID })
	if err != nil {
		return nil, err
	}
	out := make([]tsc.View, len(rows))
	for i := range rows {
		r := &rows[i]
		v := renderView(r, usage)
		v.Workbook = &tsc.Workbook{ID: r.WorkbookID, Name: r.WorkbookName, ContentURL: r.WorkbookURL}
		if counts != nil {
			v.Workbook.SheetCount, v.Workbook.DefaultViewID = tsc.Int(counts[r.WorkbookID]), first[r.WorkbookID]
		}
		v.FavoritesTotal = favs(r.ID)
		v.Owner = userRef(users, r.OwnerID)
		v.Project, v.Location = placeOf(projs, r.SiteID, r.OwnerID, r.ProjectID, r.ProjectName, r.PersonalSpace)
		fs.project(&v)
		fs.keepPersonalSpace(r.PersonalSpace, &v.Location, personalSpaceLocation(r.SiteID, r.OwnerID))
		out[i] = v
	}
	return out, nil
}

// datasourcePage renders a page of Query Data Sources.
func (s *Server) datasourcePage(c *call, rows []datasourceRow, fs *fieldSet) ([]tsc.Datasource, error) {
	owners, projects := make([]string, len(rows)), make([]string, len(rows))
	for i := range rows {
		owners[i], projects[i] = rows[i].OwnerID, rows[i].ProjectID
	}
	users, projs, err := s.refs(c, fs, owners, projects)
	if err != nil {
		return nil, err
	}
	favs, err := s.favoritesTotals(c, fs, tsc.FavoriteDatasource, len(rows), func(i int) string { return rows[i].ID })
	if err != nil {
		return nil, err
	}
	base := s.webpageBase(c)
	out := make([]tsc.Datasource, len(rows))
	for i := range rows {
		r := &rows[i]
		d := renderDatasource(base, r)
		d.FavoritesTotal = favs(r.ID)
		d.Owner = userRef(users, r.OwnerID)
		d.Project = projectRef(projs, r.ProjectID, r.ProjectName)
		d.Location = projectLocation(r.ProjectID, r.ProjectName)
		fs.project(&d)
		out[i] = d
	}
	return out, nil
}

// projectPage renders a page of Query Projects.
func (s *Server) projectPage(c *call, rows []projectRow, fs *fieldSet) ([]tsc.Project, error) {
	ids, owners := make([]string, len(rows)), make([]string, len(rows))
	for i := range rows {
		ids[i], owners[i] = rows[i].ID, rows[i].OwnerID
	}
	var users map[string]tsc.User
	var counts map[string]tsc.ContentsCounts
	var err error
	if fs.wants("owner.fullName") || fs.wants("owner.email") || fs.wants("owner.name") {
		if users, err = s.store.usersByID(c.ctx, owners); err != nil {
			return nil, err
		}
	}
	if fs.wants("contentsCounts") {
		if counts, err = s.store.projectCounts(c.ctx, ids); err != nil {
			return nil, err
		}
	}
	favs, err := s.favoritesTotals(c, fs, tsc.FavoriteProject, len(rows), func(i int) string { return rows[i].ID })
	if err != nil {
		return nil, err
	}
	out := make([]tsc.Project, len(rows))
	for i := range rows {
		r := &rows[i]
		p := renderProject(r)
		p.FavoritesTotal = favs(r.ID)
		if r.OwnerID != "" {
			p.Owner = userRef(users, r.OwnerID)
		}
		p.TopLevelProject = tsc.Bool(r.ParentID == "")
		if cc, ok := counts[r.ID]; ok {
			p.ContentsCounts = &cc
		}
		fs.project(&p)
		out[i] = p
	}
	return out, nil
}

// userPage renders a page of Get Users on Site: the domain and auth
// setting are in the full set, not the default one.
func (s *Server) userPage(rows []userRow, fs *fieldSet) []tsc.User {
	out := make([]tsc.User, len(rows))
	for i := range rows {
		u := renderUser(&rows[i])
		fs.project(&u)
		out[i] = u
	}
	return out
}

// groupPage renders a page of Query Groups, with each group's member
// count when asked.
func (s *Server) groupPage(c *call, rows []groupRow, fs *fieldSet) ([]tsc.Group, error) {
	var counts map[string]int
	if fs.wants("userCount") {
		ids := make([]string, len(rows))
		for i := range rows {
			ids[i] = rows[i].ID
		}
		var err error
		if counts, err = s.store.groupUserCounts(c.ctx, c.siteID(), ids); err != nil {
			return nil, err
		}
	}
	out := make([]tsc.Group, len(rows))
	for i := range rows {
		g := renderGroup(&rows[i])
		if counts != nil {
			g.UserCount = tsc.Int(counts[rows[i].ID])
		}
		fs.project(&g)
		out[i] = g
	}
	return out, nil
}
