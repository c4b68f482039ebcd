package emulator

import (
	"github.com/tsc-go/tsc"
)

func (s *Server) listProjects(c *call) (result, error) {
	lq, err := c.list(projectListSpec)
	if err != nil {
		return result{}, err
	}
	fs, err := parseFields(projectFields, c.query)
	if err != nil {
		return result{}, err
	}
	rows, p, err := s.store.listProjects(c.ctx, c.siteID(), lq)
	if err != nil {
		return result{}, err
	}
	items, err := s.projectPage(c, rows, fs)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Pagination = &p
	resp.Projects = &tsc.ProjectList{Projects: items}
	return ok(resp)
}

// projectInputFrom reads a <project> body.
func projectInputFrom(c *call) (projectInput, error) {
	req, err := c.decode()
	if err != nil {
		return projectInput{}, err
	}
	if req.Project == nil {
		return projectInput{}, badRequest("The request needs a <project> element.")
	}
	p := req.Project
	in := projectInput{Name: p.Name, ContentPermissions: p.ContentPermissions}
	// description and parentProjectId distinguish absent from empty, which
	// the shared model cannot: read the attributes themselves.
	attrs := elementAttrs(c.body, "project")
	if v, ok := attrs["description"]; ok {
		in.Description = &v
	}
	if v, ok := attrs["parentProjectId"]; ok {
		in.ParentID = &v
	}
	if p.Owner != nil {
		in.OwnerID = p.Owner.ID
	}
	return in, nil
}

// createProject answers POST /sites/{site}/projects. Administrators create
// top-level projects; the owner of a project creates projects in it, if
// their site role lets them own content. The caller owns the new project.
func (s *Server) createProject(c *call) (result, error) {
	in, err := projectInputFrom(c)
	if err != nil {
		return result{}, err
	}
	if in.ParentID != nil && *in.ParentID != "" && c.version.Less(tsc.Version{Major: 2, Minor: 5}) {
		return result{}, badRequest("Nested projects need REST API 2.5 or later.")
	}
	in.OwnerID = c.user.ID
	row, err := s.store.createProject(c.ctx, c.siteID(), in, func(parent *projectRow) error {
		if !c.user.canCreateContent() {
			return noPermission("User '%s' with site role %s does not have permission to create projects.", c.user.Name, c.user.SiteRole)
		}
		if c.user.isSiteAdmin() {
			return nil
		}
		if parent == nil {
			return noPermission("Only administrators can create top-level projects.")
		}
		if parent.OwnerID != c.user.ID {
			return noPermission("User '%s' does not have permission to create projects in '%s'.", c.user.Name, parent.Name)
		}
		return nil
	})
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	p := renderProject(row)
	resp.Project = &p
	return created(resp)
}

// mayChangeProject allows administrators and the project's owner.
func (c *call) mayChangeProject(p *projectRow) error {
	if c.user.isSiteAdmin() || (p.OwnerID == c.user.ID && c.user.canCreateContent()) {
		return nil
	}
	return noPermission("User '%s' does not have permission to change the project '%s'.", c.user.Name, p.Name)
}

func (s *Server) updateProject(c *call) (result, error) {
	in, err := projectInputFrom(c)
	if err != nil {
		return result{}, err
	}
	if in.OwnerID != "" && !c.user.isSiteAdmin() {
		return result{}, noPermission("Only administrators can change a project's owner.")
	}
	row, err := s.store.updateProject(c.ctx, c.siteID(), c.param("id"), in, c.mayChangeProject)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	p := renderProject(row)
	resp.Project = &p
	return ok(resp)
}

func (s *Server) deleteProject(c *call) (result, error) {
	if err := s.store.deleteProject(c.ctx, c.siteID(), c.param("id"), c.mayChangeProject); err != nil {
		return result{}, err
	}
	return noContent()
}
