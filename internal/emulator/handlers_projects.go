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
	if err := s.restrictToReadable(c, lq, tsc.PermProject); err != nil {
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
// top-level projects; those who lead a project (its owner, the owners of
// the projects above it, its project leaders: the evaluator's
// ProjectLeader) create projects in it, if their site role lets them own
// content. The caller owns the new project.
func (s *Server) createProject(c *call) (result, error) {
	in, err := projectInputFrom(c)
	if err != nil {
		return result{}, err
	}
	if in.ParentID != nil && *in.ParentID != "" && c.version.Less(tsc.Version{Major: 2, Minor: 5}) {
		return result{}, badRequest("Nested projects need REST API 2.5 or later.")
	}
	in.OwnerID = c.user.ID
	if !c.user.canCreateContent() {
		return result{}, noPermission("User '%s' with site role %s does not have permission to create projects.", c.user.Name, c.user.SiteRole)
	}
	if !c.user.isSiteAdmin() {
		if in.ParentID == nil || *in.ParentID == "" {
			return result{}, noPermission("Only administrators can create top-level projects.")
		}
		if err := s.mayLeadProject(c, *in.ParentID, "create projects in"); err != nil {
			return result{}, err
		}
	}
	row, err := s.store.createProject(c.ctx, c.siteID(), in, func(parent *projectRow) error { return nil })
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	p := renderProject(row)
	resp.Project = &p
	return created(resp)
}

// mayLeadProject allows those who lead the project (ProjectLeader by the
// evaluator: administrators, its owner and the owners of the projects
// above it, project leaders) to do what for the project; others who may
// read it get 403004, and the project stays hidden from the rest.
func (s *Server) mayLeadProject(c *call, id, what string) error {
	cf, err := s.authorizeContent(c, tsc.PermProject, id)
	if err != nil {
		return err
	}
	d, err := s.decideContent(c, cf, tsc.CapProjectLeader)
	if err != nil {
		return err
	}
	if !d.Allowed {
		return noPermission("User '%s' does not have permission to %s the project '%s': %s.", c.user.Name, what, cf.Name, d.Reason)
	}
	return nil
}

func (s *Server) updateProject(c *call) (result, error) {
	in, err := projectInputFrom(c)
	if err != nil {
		return result{}, err
	}
	if in.OwnerID != "" && !c.user.isSiteAdmin() {
		return result{}, noPermission("Only administrators can change a project's owner.")
	}
	if err := s.mayLeadProject(c, c.param("id"), "change"); err != nil {
		return result{}, err
	}
	if in.ParentID != nil && *in.ParentID != "" && !c.user.isSiteAdmin() {
		if err := s.mayLeadProject(c, *in.ParentID, "move projects into"); err != nil {
			return result{}, err
		}
	}
	row, err := s.store.updateProject(c.ctx, c.siteID(), c.param("id"), in, func(*projectRow) error { return nil })
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	p := renderProject(row)
	resp.Project = &p
	return ok(resp)
}

func (s *Server) deleteProject(c *call) (result, error) {
	if err := s.mayLeadProject(c, c.param("id"), "delete"); err != nil {
		return result{}, err
	}
	if err := s.store.deleteProject(c.ctx, c.siteID(), c.param("id"), func(*projectRow) error { return nil }); err != nil {
		return result{}, err
	}
	return noContent()
}
