package emulator

import (
	"strconv"
	"strings"

	"github.com/tsc-go/tsc"
)

// Virtual connections (issue 16, item 5): list, get, update, delete,
// publish, database connections, revisions, tags; permissions through the
// generic routes (permissionKinds). Every route asks the one evaluator
// (authorizeContent): Read to see one (a virtual connection the caller
// may not read is a 404, as if missing), Write to change or overwrite
// it, ChangeHierarchy (and Write on the new project) to move it, Delete
// to delete it; only administrators change its owner, and certifying is
// for administrators and the leaders of its project, as for data sources.

// renderVirtualConnection writes a virtual connection; the content only
// where Tableau writes it (Get, Publish, revisions), never in lists.
func renderVirtualConnection(base string, r *vcRow, withContent bool) tsc.VirtualConnection {
	v := tsc.VirtualConnection{
		ID: r.ID, Name: r.Name, IsCertified: tsc.Bool(r.IsCertified), CertificationNote: r.CertificationNote,
		HasExtracts: tsc.Bool(r.HasExtracts), WebpageURL: base + "virtualconnections/" + r.ID,
		CreatedAt: parseTime(r.CreatedAt), UpdatedAt: parseTime(r.UpdatedAt),
		Project: &tsc.Project{ID: r.ProjectID, Name: r.ProjectName},
		Owner:   &tsc.User{ID: r.OwnerID},
		Tags:    tagsOf(r.Tags),
	}
	if withContent {
		v.Content = r.Content
	}
	return v
}

func (s *Server) virtualConnectionAnswer(c *call, id string, withContent bool) (*tsc.TSResponse, error) {
	r, err := s.store.virtualConnection(c.ctx, c.siteID(), id)
	if err != nil {
		return nil, err
	}
	v := renderVirtualConnection(s.webpageBase(c), r, withContent)
	resp := tsc.NewTSResponse()
	resp.VirtualConnection = &v
	return resp, nil
}

// listVirtualConnections answers GET /sites/{site}/virtualConnections
// with the ones the caller may read.
func (s *Server) listVirtualConnections(c *call) (result, error) {
	lq, err := c.list(vcListSpec)
	if err != nil {
		return result{}, err
	}
	if err := s.restrictToReadable(c, lq, tsc.PermVirtualConnection); err != nil {
		return result{}, err
	}
	rows, p, err := s.store.listVirtualConnections(c.ctx, c.siteID(), lq)
	if err != nil {
		return result{}, err
	}
	base := s.webpageBase(c)
	resp := tsc.NewTSResponse()
	resp.Pagination = &p
	resp.VirtualConnections = &tsc.VirtualConnectionList{VirtualConnections: []tsc.VirtualConnection{}}
	for i := range rows {
		resp.VirtualConnections.VirtualConnections = append(resp.VirtualConnections.VirtualConnections, renderVirtualConnection(base, &rows[i], false))
	}
	return ok(resp)
}

// getVirtualConnection answers GET /sites/{site}/virtualConnections/{id},
// content included (TSC's download reads it from this answer).
func (s *Server) getVirtualConnection(c *call) (result, error) {
	if _, err := s.authorizeContent(c, tsc.PermVirtualConnection, c.param("id")); err != nil {
		return result{}, err
	}
	resp, err := s.virtualConnectionAnswer(c, c.param("id"), true)
	if err != nil {
		return result{}, err
	}
	return ok(resp)
}

// updateVirtualConnection answers PUT /sites/{site}/virtualConnections/{id}:
// name, certification, project and owner.
func (s *Server) updateVirtualConnection(c *call) (result, error) {
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	if req.VirtualConnection == nil {
		return result{}, badRequest("The request needs a <virtualConnection> element.")
	}
	in := req.VirtualConnection
	if in.Content != "" {
		return result{}, badRequest("Update Virtual Connection does not change content; publish with overwrite=true to replace it.")
	}
	u := vcUpdate{IsCertified: in.IsCertified}
	attrs := elementAttrs(c.body, "virtualConnection")
	for name, dst := range map[string]**string{"name": &u.Name, "certificationNote": &u.CertificationNote} {
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
	if err := s.mayUpdateContent(c, tsc.PermVirtualConnection, u.ProjectID, u.OwnerID); err != nil {
		return result{}, err
	}
	certifier := false
	if u.IsCertified != nil || u.CertificationNote != nil {
		if certifier, err = s.leadsProjectOf(c, tsc.PermVirtualConnection, c.param("id")); err != nil {
			return result{}, err
		}
	}
	err = s.store.updateVirtualConnection(c.ctx, c.siteID(), c.param("id"), u, func(ref *contentRef, np *projectRow) error {
		if u.OwnerID != "" && u.OwnerID != ref.OwnerID && !c.user.isSiteAdmin() {
			return noPermission("Only administrators can change a virtual connection's owner.")
		}
		if (u.IsCertified != nil || u.CertificationNote != nil) && !certifier {
			return noPermission("Only administrators and project leaders can certify virtual connections.")
		}
		return nil
	})
	if err != nil {
		return result{}, err
	}
	resp, err := s.virtualConnectionAnswer(c, c.param("id"), false)
	if err != nil {
		return result{}, err
	}
	return ok(resp)
}

func (s *Server) deleteVirtualConnection(c *call) (result, error) {
	if _, err := s.authorizeContent(c, tsc.PermVirtualConnection, c.param("id"), tsc.CapDelete); err != nil {
		return result{}, err
	}
	if err := s.store.deleteContent(c.ctx, virtualConnectionKind, c.siteID(), c.param("id"), nil); err != nil {
		return result{}, err
	}
	return noContent()
}

// publishVirtualConnection answers POST /sites/{site}/virtualConnections
// ?overwrite=&publishAsDraft=: the JSON document with its name, project
// and owner. Overwrite replaces the content of the one of that name in
// the project (Write on it), as a new revision.
func (s *Server) publishVirtualConnection(c *call) (result, error) {
	overwrite, err := boolParam(c, "overwrite")
	if err != nil {
		return result{}, err
	}
	draft, err := boolParam(c, "publishAsDraft")
	if err != nil {
		return result{}, err
	}
	if draft {
		return result{}, badRequest("publishAsDraft=true is not supported by this server: drafts of virtual connections are edited in Tableau's web editor.")
	}
	if err := c.requirePublisher("publish virtual connections"); err != nil {
		return result{}, err
	}
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	in := req.VirtualConnection
	switch {
	case in == nil:
		return result{}, badRequest("The request needs a <virtualConnection> element.")
	case strings.TrimSpace(in.Name) == "":
		return result{}, badRequest("The virtual connection needs a name.")
	case in.Project == nil || in.Project.ID == "":
		return result{}, badRequest("The virtual connection needs a project id.")
	case in.Owner == nil || in.Owner.ID == "":
		return result{}, badRequest("The virtual connection needs an owner id.")
	case strings.TrimSpace(in.Content) == "":
		return result{}, badRequest("The virtual connection needs its content, a JSON document.")
	}
	conns, err := parseVCContent(in.Content)
	if err != nil {
		return result{}, err
	}
	pr := &publishRequest{SiteID: c.siteID(), ProjectID: in.Project.ID, Name: in.Name, Overwrite: overwrite}
	if err := s.mayPublish(c, virtualConnectionKind, pr); err != nil {
		return result{}, err
	}
	if in.Owner.ID != c.user.ID && !c.user.isSiteAdmin() {
		return result{}, noPermission("Only administrators can publish a virtual connection owned by another user.")
	}
	blob, err := s.putVCContent(in.Content)
	if err != nil {
		return result{}, err
	}
	id, isNew, err := s.store.publishVirtualConnection(c.ctx, vcPublish{SiteID: c.siteID(), ProjectID: in.Project.ID, OwnerID: in.Owner.ID,
		CallerID: c.user.ID, Name: in.Name, Content: in.Content, Conns: conns, Overwrite: overwrite, Blob: blob})
	if err != nil {
		s.store.orphan(c.ctx, blob)
		return result{}, err
	}
	resp, err := s.virtualConnectionAnswer(c, id, true)
	if err != nil {
		return result{}, err
	}
	if isNew {
		return created(resp)
	}
	return ok(resp)
}

// boolParam reads an optional true/false query parameter.
func boolParam(c *call, name string) (bool, error) {
	v := c.query.Get(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, badRequest("%s '%s' is not true or false.", name, quoteCut(v))
	}
	return b, nil
}

// virtualConnectionConnections answers GET .../virtualConnections/{id}/connections:
// every database connection in one answer, without <pagination>, as the
// captured answers are (a virtual connection has at most
// maxVCConnections); passwords are never returned.
func (s *Server) virtualConnectionConnections(c *call) (result, error) {
	id := c.param("id")
	if _, err := s.authorizeContent(c, tsc.PermVirtualConnection, id); err != nil {
		return result{}, err
	}
	conns, err := s.store.connections(c.ctx, s.store.db, virtualConnectionKind, id)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.VirtualConnectionConnections = &tsc.VirtualConnectionConnectionList{Connections: []tsc.VirtualConnectionConnection{}}
	for _, cr := range conns {
		resp.VirtualConnectionConnections.Connections = append(resp.VirtualConnectionConnections.Connections, tsc.VirtualConnectionConnection{
			ConnectionID: cr.ID, DBClass: cr.Type, Server: cr.ServerAddress, Port: cr.ServerPort, Username: cr.UserName, Database: cr.DSName})
	}
	return ok(resp)
}

// updateVirtualConnectionConnection answers PUT
// .../virtualConnections/{id}/connections/{conn}/modify with the shared
// Update Connection (Write on the virtual connection).
func (s *Server) updateVirtualConnectionConnection(c *call) (result, error) {
	return s.updateConnection(c, virtualConnectionKind)
}

func (s *Server) virtualConnectionRevisions(c *call) (result, error) {
	return s.listContentRevisions(c, virtualConnectionKind)
}

// virtualConnectionRevision answers GET .../virtualConnections/{id}/revisions/{n}:
// the virtual connection with that revision's content. The current
// revision is refused, as Tableau does (its content is Get's).
func (s *Server) virtualConnectionRevision(c *call) (result, error) {
	n, err := strconv.Atoi(c.param("rev"))
	if err != nil || n < 1 {
		return result{}, badRequest("The revision number '%s' is not a positive integer.", quoteCut(c.param("rev")))
	}
	if _, err := s.authorizeContent(c, tsc.PermVirtualConnection, c.param("id"), tsc.CapWrite); err != nil {
		return result{}, err
	}
	rev, err := s.store.revision(c.ctx, virtualConnectionKind, c.siteID(), c.param("id"), n)
	if err != nil {
		return result{}, err
	}
	if rev.Current {
		return result{}, errf(400, codeRevisionActive, "Bad Request",
			"Revision %d is the current revision of the virtual connection, not a historical one; Get Virtual Connection returns its content.", n)
	}
	content, err := s.vcRevisionContent(rev.Blob)
	if err != nil {
		return result{}, err
	}
	resp, err := s.virtualConnectionAnswer(c, c.param("id"), false)
	if err != nil {
		return result{}, err
	}
	resp.VirtualConnection.Content = content
	return ok(resp)
}

func (s *Server) addVirtualConnectionTags(c *call) (result, error) {
	return s.addTags(c, virtualConnectionKind.name, s.contentTaggable(c, virtualConnectionKind))
}

func (s *Server) deleteVirtualConnectionTag(c *call) (result, error) {
	return s.deleteTag(c, virtualConnectionKind.name, s.contentTaggable(c, virtualConnectionKind))
}
