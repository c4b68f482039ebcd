package tsc

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/url"
)

// ProjectsService manages the projects of the current site.
type ProjectsService service

func pickProjects(r *TSResponse) []Project {
	if r.Projects == nil {
		return nil
	}
	return r.Projects.Projects
}

// List returns one page of the site's projects.
//
// REST: GET /api/{v}/sites/{site-id}/projects (2.0).
func (s *ProjectsService) List(ctx context.Context, opts ListOptions) ([]Project, Pagination, error) {
	lc, err := siteList(s.client, "Projects.List", Version{2, 0}, "projects", pickProjects)
	if err != nil {
		return nil, Pagination{}, err
	}
	return lc.page(ctx, s.client, opts)
}

// All iterates every project of the site.
//
// REST: GET /api/{v}/sites/{site-id}/projects (2.0).
func (s *ProjectsService) All(ctx context.Context, opts ListOptions) iter.Seq2[Project, error] {
	lc, err := siteList(s.client, "Projects.All", Version{2, 0}, "projects", pickProjects)
	if err != nil {
		return errSeq[Project](err)
	}
	return lc.all(ctx, s.client, opts)
}

// projectBody is a project as a request sends it: read-only fields left out.
type projectBody struct {
	Name               string             `xml:"name,attr,omitempty"`
	Description        *string            `xml:"description,attr,omitempty"`
	ContentPermissions ContentPermissions `xml:"contentPermissions,attr,omitempty"`
	ParentProjectID    string             `xml:"parentProjectId,attr,omitempty"`
	Owner              *User              `xml:"owner,omitempty"`
}

// Create creates a project; set ParentProjectID to nest it. Names are unique
// among projects with the same parent (a clash is ErrConflict).
//
// REST: POST /api/{v}/sites/{site-id}/projects (2.0; nested projects 2.5).
func (s *ProjectsService) Create(ctx context.Context, p Project) (*Project, error) {
	if p.Name == "" {
		return nil, errors.New("tsc: Projects.Create: a new project needs a name")
	}
	min := Version{2, 0}
	if p.ParentProjectID != "" {
		min = Version{2, 5}
	}
	body := projectBody{Name: p.Name, ContentPermissions: p.ContentPermissions, ParentProjectID: p.ParentProjectID}
	if p.Description != "" {
		body.Description = &p.Description
	}
	return s.write(ctx, "Projects.Create", min, http.MethodPost, "projects", body)
}

// Update changes the project with p.ID: name, description, content
// permissions, parent (moving it) and owner, where set. An empty Description
// leaves the description as it is.
//
// REST: PUT /api/{v}/sites/{site-id}/projects/{id} (2.0).
func (s *ProjectsService) Update(ctx context.Context, p Project) (*Project, error) {
	if p.ID == "" {
		return nil, errors.New("tsc: Projects.Update: the project has no id")
	}
	body := projectBody{Name: p.Name, ContentPermissions: p.ContentPermissions, ParentProjectID: p.ParentProjectID}
	if p.Description != "" {
		body.Description = &p.Description
	}
	if p.Owner != nil && p.Owner.ID != "" {
		body.Owner = &User{ID: p.Owner.ID}
	}
	return s.write(ctx, "Projects.Update", Version{2, 0}, http.MethodPut, "projects/"+url.PathEscape(p.ID), body)
}

func (s *ProjectsService) write(ctx context.Context, name string, min Version, method, rel string, body projectBody) (*Project, error) {
	path, err := s.client.sitePath(rel)
	if err != nil {
		return nil, err
	}
	b, err := encodeElement("project", body)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.call(ctx, &request{name: name, minVersion: min, method: method, path: path, body: b, auth: true})
	if err != nil {
		return nil, err
	}
	if resp.Project == nil {
		return nil, errors.New("tsc: " + name + ": the answer has no <project>")
	}
	return resp.Project, nil
}

// Delete deletes the project with the given id, its nested projects, and all
// the content in them.
//
// REST: DELETE /api/{v}/sites/{site-id}/projects/{id} (2.0).
func (s *ProjectsService) Delete(ctx context.Context, id string) error {
	if id == "" {
		return errors.New("tsc: Projects.Delete: empty project id")
	}
	return s.client.deleteSite(ctx, "Projects.Delete", Version{2, 0}, "projects/"+url.PathEscape(id), nil)
}

// deleteSite sends DELETE to a site-scoped path.
func (c *Client) deleteSite(ctx context.Context, name string, min Version, rel string, q url.Values) error {
	path, err := c.sitePath(rel)
	if err != nil {
		return err
	}
	_, err = c.call(ctx, &request{name: name, minVersion: min, method: http.MethodDelete, path: path, query: q, auth: true})
	return err
}

// getSite sends GET to a site-scoped path and returns the decoded answer.
func (c *Client) getSite(ctx context.Context, name string, min Version, rel string, q url.Values) (*TSResponse, error) {
	path, err := c.sitePath(rel)
	if err != nil {
		return nil, err
	}
	return c.call(ctx, &request{name: name, minVersion: min, method: http.MethodGet, path: path, query: q, auth: true})
}

// sendSite sends a request with an XML body to a site-scoped path.
func (c *Client) sendSite(ctx context.Context, name string, min Version, method, rel string, q url.Values, body []byte) (*TSResponse, error) {
	path, err := c.sitePath(rel)
	if err != nil {
		return nil, err
	}
	return c.call(ctx, &request{name: name, minVersion: min, method: method, path: path, query: q, body: body, auth: true})
}
