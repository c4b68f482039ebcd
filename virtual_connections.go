package tsc

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/http"
	"net/url"
	"strconv"
)

// VirtualConnectionsService manages the virtual connections of the
// current site (Tableau Data Management): list, read, change, delete and
// publish them, their database connections, revisions and tags. Their
// permissions go through [PermissionsService] with PermVirtualConnection.
type VirtualConnectionsService service

func pickVirtualConnections(r *TSResponse) []VirtualConnection {
	if r.VirtualConnections == nil {
		return nil
	}
	return r.VirtualConnections.VirtualConnections
}

func pickVirtualConnectionConnections(r *TSResponse) []VirtualConnectionConnection {
	if r.VirtualConnectionConnections == nil {
		return nil
	}
	out := r.VirtualConnectionConnections.Connections
	for i := range out {
		out[i] = out[i].normalized()
	}
	return out
}

// List returns one page of the site's virtual connections.
//
// REST: GET /api/{v}/sites/{site-id}/virtualConnections (3.18).
func (s *VirtualConnectionsService) List(ctx context.Context, opts ListOptions) ([]VirtualConnection, Pagination, error) {
	lc, err := siteList(s.client, "VirtualConnections.List", Version{3, 18}, "virtualConnections", pickVirtualConnections)
	if err != nil {
		return nil, Pagination{}, err
	}
	return lc.page(ctx, s.client, opts)
}

// All iterates every virtual connection of the site.
//
// REST: GET /api/{v}/sites/{site-id}/virtualConnections (3.18).
func (s *VirtualConnectionsService) All(ctx context.Context, opts ListOptions) iter.Seq2[VirtualConnection, error] {
	lc, err := siteList(s.client, "VirtualConnections.All", Version{3, 18}, "virtualConnections", pickVirtualConnections)
	if err != nil {
		return errSeq[VirtualConnection](err)
	}
	return lc.all(ctx, s.client, opts)
}

// Get returns the virtual connection with the given id, its content (the
// JSON document) included.
//
// REST: GET /api/{v}/sites/{site-id}/virtualConnections/{id} (3.23).
func (s *VirtualConnectionsService) Get(ctx context.Context, id string) (*VirtualConnection, error) {
	return virtualConnectionContent.get(ctx, s.client, id)
}

// Download returns the content of the virtual connection with the given
// id: its JSON document, as Get carries it.
//
// REST: GET /api/{v}/sites/{site-id}/virtualConnections/{id} (3.23).
func (s *VirtualConnectionsService) Download(ctx context.Context, id string) (string, error) {
	vc, err := virtualConnectionContent.get(ctx, s.client, id)
	if err != nil {
		return "", err
	}
	return vc.Content, nil
}

// Update changes the virtual connection with vc.ID: name, certification
// (IsCertified, CertificationNote), project (vc.Project.ID) and owner
// (vc.Owner.ID), where set.
//
// REST: PUT /api/{v}/sites/{site-id}/virtualConnections/{id} (3.23).
func (s *VirtualConnectionsService) Update(ctx context.Context, vc VirtualConnection) (*VirtualConnection, error) {
	return virtualConnectionContent.update(ctx, s.client, vc.ID, func() (VirtualConnection, Version, error) {
		body := VirtualConnection{Name: vc.Name, IsCertified: vc.IsCertified, CertificationNote: vc.CertificationNote,
			Project: projectRef(vc.Project), Owner: userRef(vc.Owner)}
		if body.Name == "" && body.IsCertified == nil && body.CertificationNote == "" && body.Project == nil && body.Owner == nil {
			return body, Version{}, errNothingToUpdate
		}
		return body, Version{3, 23}, nil
	})
}

// Delete deletes the virtual connection with the given id.
//
// REST: DELETE /api/{v}/sites/{site-id}/virtualConnections/{id} (3.23).
func (s *VirtualConnectionsService) Delete(ctx context.Context, id string) error {
	return virtualConnectionContent.delete(ctx, s.client, id)
}

// connectionsOf builds the list call of a virtual connection's database
// connections, which Tableau pages like any list.
func (s *VirtualConnectionsService) connectionsOf(verb, id string) (listCall[VirtualConnectionConnection], error) {
	k := virtualConnectionContent
	if err := k.checkID(verb, id); err != nil {
		return listCall[VirtualConnectionConnection]{}, err
	}
	return siteList(s.client, k.op(verb), k.since.connections, k.path(id)+"/connections", pickVirtualConnectionConnections)
}

// Connections returns one page of the database connections of the
// virtual connection with the given id. Passwords are never returned.
//
// REST: GET /api/{v}/sites/{site-id}/virtualConnections/{id}/connections (3.18).
func (s *VirtualConnectionsService) Connections(ctx context.Context, id string, opts ListOptions) ([]VirtualConnectionConnection, Pagination, error) {
	lc, err := s.connectionsOf("Connections", id)
	if err != nil {
		return nil, Pagination{}, err
	}
	return lc.page(ctx, s.client, opts)
}

// AllConnections iterates every database connection of a virtual connection.
//
// REST: GET /api/{v}/sites/{site-id}/virtualConnections/{id}/connections (3.18).
func (s *VirtualConnectionsService) AllConnections(ctx context.Context, id string, opts ListOptions) iter.Seq2[VirtualConnectionConnection, error] {
	lc, err := s.connectionsOf("AllConnections", id)
	if err != nil {
		return errSeq[VirtualConnectionConnection](err)
	}
	return lc.all(ctx, s.client, opts)
}

// UpdateConnection changes the server address, port, user name or
// password of the database connection conn.ID of a virtual connection,
// where set. The answer never carries the password.
//
// REST: PUT /api/{v}/sites/{site-id}/virtualConnections/{id}/connections/{connection-id}/modify (3.18).
func (s *VirtualConnectionsService) UpdateConnection(ctx context.Context, id string, conn Connection) (*Connection, error) {
	return virtualConnectionContent.updateConnection(ctx, s.client, id, conn)
}

// Revisions returns one page of the revisions of a virtual connection:
// each publish or overwrite of its content made one.
//
// REST: GET /api/{v}/sites/{site-id}/virtualConnections/{id}/revisions (3.23).
func (s *VirtualConnectionsService) Revisions(ctx context.Context, id string, opts ListOptions) ([]Revision, Pagination, error) {
	return virtualConnectionContent.revisions(ctx, s.client, id, opts)
}

// AllRevisions iterates every revision of a virtual connection.
//
// REST: GET /api/{v}/sites/{site-id}/virtualConnections/{id}/revisions (3.23).
func (s *VirtualConnectionsService) AllRevisions(ctx context.Context, id string, opts ListOptions) iter.Seq2[Revision, error] {
	return virtualConnectionContent.allRevisions(ctx, s.client, id, opts)
}

// DownloadRevision returns the content (the JSON document) of a past
// revision of a virtual connection. Tableau answers the current revision
// with an error: its content is Download's.
//
// REST: GET /api/{v}/sites/{site-id}/virtualConnections/{id}/revisions/{n} (3.23).
func (s *VirtualConnectionsService) DownloadRevision(ctx context.Context, id string, rev int) (string, error) {
	k := virtualConnectionContent
	p, err := k.revisionPath("DownloadRevision", id, rev)
	if err != nil {
		return "", err
	}
	resp, err := s.client.getSite(ctx, k.op("DownloadRevision"), k.since.revisions, p, nil)
	vc, err := k.item("DownloadRevision", resp, err)
	if err != nil {
		return "", err
	}
	return vc.Content, nil
}

// Publish publishes a virtual connection from its JSON document: vc.Name,
// vc.Project.ID and vc.Owner.ID are required, content must be a JSON
// object. With PublishOverwrite, an existing virtual connection of
// that name in the project gets the content as its newest revision.
//
// REST: POST /api/{v}/sites/{site-id}/virtualConnections?overwrite= (3.23).
func (s *VirtualConnectionsService) Publish(ctx context.Context, vc VirtualConnection, content string, mode PublishMode) (*VirtualConnection, error) {
	k := virtualConnectionContent
	name := k.op("Publish")
	switch {
	case vc.Name == "":
		return nil, errors.New("tsc: " + name + ": the virtual connection needs a name")
	case projectRef(vc.Project) == nil:
		return nil, errors.New("tsc: " + name + ": the virtual connection needs a project id")
	case userRef(vc.Owner) == nil:
		return nil, errors.New("tsc: " + name + ": the virtual connection needs an owner id")
	case !json.Valid([]byte(content)):
		return nil, errors.New("tsc: " + name + ": the content is not JSON")
	}
	var overwrite bool
	switch mode {
	case PublishCreateNew, "":
	case PublishOverwrite:
		overwrite = true
	default:
		return nil, errors.New("tsc: " + name + ": publish mode " + strconv.Quote(string(mode)) + " is not CreateNew or Overwrite for a virtual connection")
	}
	body := VirtualConnection{Name: vc.Name, Project: projectRef(vc.Project), Owner: userRef(vc.Owner), Content: content}
	b, err := encodeElement(k.element, body)
	if err != nil {
		return nil, err
	}
	q := url.Values{"overwrite": {strconv.FormatBool(overwrite)}, "publishAsDraft": {"false"}}
	resp, err := s.client.sendSite(ctx, name, Version{3, 23}, http.MethodPost, k.collection, q, b)
	return k.item("Publish", resp, err)
}

// AddTags adds tags to a virtual connection and returns all its tags.
//
// REST: PUT /api/{v}/sites/{site-id}/virtualConnections/{id}/tags (3.23).
func (s *VirtualConnectionsService) AddTags(ctx context.Context, id string, tags ...string) ([]string, error) {
	return virtualConnectionContent.addTags(ctx, s.client, id, tags)
}

// DeleteTag removes one tag from a virtual connection.
//
// REST: DELETE /api/{v}/sites/{site-id}/virtualConnections/{id}/tags/{tag} (3.23).
func (s *VirtualConnectionsService) DeleteTag(ctx context.Context, id, tag string) error {
	return virtualConnectionContent.deleteTag(ctx, s.client, id, tag)
}
