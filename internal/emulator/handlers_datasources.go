package emulator

import (
	"github.com/tsc-go/tsc"
)

// renderDatasource writes a data source with every attribute a 3.29
// server reports, its project (id and name), owner and tags.
func renderDatasource(base string, r *datasourceRow) tsc.Datasource {
	d := tsc.Datasource{
		ID: r.ID, Name: r.Name, Description: r.Description, ContentURL: r.ContentURL,
		WebpageURL: base + "datasources/" + r.ID, Type: r.Type, Size: tsc.Int(sizeMB(r.Size)),
		IsCertified: tsc.Bool(r.IsCertified), CertificationNote: r.CertificationNote,
		EncryptExtracts: tsc.Bool(r.EncryptExtracts), HasExtracts: tsc.Bool(r.HasExtracts),
		UseRemoteQueryAgent: tsc.Bool(r.UseRemoteQueryAgent),
		CreatedAt:           parseTime(r.CreatedAt), UpdatedAt: parseTime(r.UpdatedAt),
		Project: &tsc.Project{ID: r.ProjectID, Name: r.ProjectName},
		Owner:   &tsc.User{ID: r.OwnerID},
		Tags:    tagsOf(r.Tags),
	}
	return d
}

func (s *Server) datasourceResponse(c *call, id string) (*tsc.Datasource, error) {
	r, err := s.store.datasource(c.ctx, c.siteID(), id)
	if err != nil {
		return nil, err
	}
	d := renderDatasource(s.webpageBase(c), r)
	return &d, nil
}

// listDatasources answers GET /sites/{site}/datasources.
func (s *Server) listDatasources(c *call) (result, error) {
	lq, err := c.list(datasourceListSpec)
	if err != nil {
		return result{}, err
	}
	fs, err := parseFields(datasourceFields, c.query)
	if err != nil {
		return result{}, err
	}
	if err := s.restrictToReadable(c, lq, tsc.PermDatasource); err != nil {
		return result{}, err
	}
	rows, p, err := s.store.listDatasources(c.ctx, c.siteID(), lq)
	if err != nil {
		return result{}, err
	}
	items, err := s.datasourcePage(c, rows, fs)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Pagination = &p
	resp.Datasources = &tsc.DatasourceList{Datasources: items}
	return ok(resp)
}

// getDatasource answers GET /sites/{site}/datasources/{id}.
func (s *Server) getDatasource(c *call) (result, error) {
	if _, err := s.authorizeContent(c, tsc.PermDatasource, c.param("id")); err != nil {
		return result{}, err
	}
	d, err := s.datasourceResponse(c, c.param("id"))
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Datasource = d
	return ok(resp)
}

// updateDatasource answers PUT /sites/{site}/datasources/{id}: name,
// description, certification, extract encryption, project and owner.
func (s *Server) updateDatasource(c *call) (result, error) {
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	if req.Datasource == nil {
		return result{}, badRequest("The request needs a <datasource> element.")
	}
	in := req.Datasource
	u := datasourceUpdate{IsCertified: in.IsCertified, EncryptExtracts: in.EncryptExtracts}
	attrs := elementAttrs(c.body, "datasource")
	for name, dst := range map[string]**string{"name": &u.Name, "description": &u.Description, "certificationNote": &u.CertificationNote} {
		if v, ok := attrs[name]; ok {
			*dst = &v
		}
	}
	if in.Project != nil {
		u.ProjectID = in.Project.ID
	}
	if in.Owner != nil {
		u.OwnerID = in.Owner.ID
	}
	if err := s.mayUpdateContent(c, tsc.PermDatasource, u.ProjectID, u.OwnerID); err != nil {
		return result{}, err
	}
	certifier := false
	if u.IsCertified != nil || u.CertificationNote != nil {
		// Certifying is for administrators and the leaders (and owners) of
		// the data source's project ("Only administrators and project
		// leaders can certify data sources").
		if certifier, err = s.leadsProjectOf(c, tsc.PermDatasource, c.param("id")); err != nil {
			return result{}, err
		}
	}
	err = s.store.updateDatasource(c.ctx, c.siteID(), c.param("id"), u, func(ref *contentRef, np *projectRow) error {
		if u.OwnerID != "" && u.OwnerID != ref.OwnerID && !c.user.isSiteAdmin() {
			return noPermission("Only administrators can change a data source's owner.")
		}
		if (u.IsCertified != nil || u.CertificationNote != nil) && !certifier {
			return noPermission("Only administrators and project leaders can certify data sources.")
		}
		return nil
	})
	if err != nil {
		return result{}, err
	}
	d, err := s.datasourceResponse(c, c.param("id"))
	if err != nil {
		return result{}, err
	}
	s.emitContent(c.ctx, datasourceKind, "Updated", c.siteID(), d.ID, d.Name)
	resp := tsc.NewTSResponse()
	resp.Datasource = d
	return ok(resp)
}

func (s *Server) deleteDatasource(c *call) (result, error) {
	if _, err := s.authorizeContent(c, tsc.PermDatasource, c.param("id"), tsc.CapDelete); err != nil {
		return result{}, err
	}
	var gone *contentRef
	if err := s.store.deleteContent(c.ctx, datasourceKind, c.siteID(), c.param("id"), func(r *contentRef) error { gone = r; return nil }); err != nil {
		return result{}, err
	}
	s.emitContent(c.ctx, datasourceKind, "Deleted", c.siteID(), gone.ID, gone.Name)
	return noContent()
}

func (s *Server) datasourceContent(c *call) (result, error) {
	return s.contentFile(c, datasourceKind, false)
}
func (s *Server) datasourceRevisionContent(c *call) (result, error) {
	return s.contentFile(c, datasourceKind, true)
}
func (s *Server) datasourceRevisions(c *call) (result, error) {
	return s.listContentRevisions(c, datasourceKind)
}
func (s *Server) deleteDatasourceRevision(c *call) (result, error) {
	return s.removeContentRevision(c, datasourceKind)
}
func (s *Server) datasourceConnections(c *call) (result, error) {
	return s.listConnections(c, datasourceKind)
}
func (s *Server) updateDatasourceConnection(c *call) (result, error) {
	return s.updateConnection(c, datasourceKind)
}
func (s *Server) addDatasourceTags(c *call) (result, error) {
	return s.addTags(c, "datasource", s.contentTaggable(c, datasourceKind))
}
func (s *Server) deleteDatasourceTag(c *call) (result, error) {
	return s.deleteTag(c, "datasource", s.contentTaggable(c, datasourceKind))
}
