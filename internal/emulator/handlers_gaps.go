package emulator

import (
	"strconv"
	"strings"

	"github.com/tsc-go/tsc"
)

// Issue 16 part 8, smaller gaps: batch tags, Delete View, bulk connection
// updates, and revoking server administrators' personal access tokens.

// Batch tags (Batch Add Tags, Batch Delete Tags, API 3.9): PUT
// /sites/{site}/tags:batchCreate and tags:batchDelete with a <tagBatch> of
// labels and items. Each item is checked as its own Add Tags / Delete Tag
// would be (Write on it; a view: Read on it and Write on its workbook), all
// of them before anything changes: one item the caller may not tag refuses
// the whole batch with that item's answer (its 404 when it cannot be read,
// 403 when it can but not be written), and no item is tagged. Tableau's
// reference does not say what it does with a partly allowed batch; all or
// nothing is the choice that never leaves a batch half applied.

// tagBatchKind is one kind of item a tag batch can name: its tags
// content_type and how the caller's right to tag it is checked. A content
// type the emulator gains is one more row.
type tagBatchKind struct {
	contentType string
	may         func(s *Server, c *call, id string) error
}

var tagBatchKinds = map[string]tagBatchKind{
	"workbook":   {"workbook", contentTaggableID(tsc.PermWorkbook)},
	"datasource": {"datasource", contentTaggableID(tsc.PermDatasource)},
	"flow":       {flowKind.name, contentTaggableID(tsc.PermFlow)},
	// Tableau spells the type "virtualconnection" in batches (read in
	// lower case here); the tags table keeps the kind's own name.
	"virtualconnection": {virtualConnectionKind.name, contentTaggableID(tsc.PermVirtualConnection)},
	"view": {"view", func(s *Server, c *call, id string) error {
		cf, err := s.authorizeContent(c, tsc.PermView, id)
		if err != nil {
			return err
		}
		_, err = s.authorizeContent(c, tsc.PermWorkbook, cf.WorkbookID, tsc.CapWrite)
		return err
	}},
}

func contentTaggableID(k tsc.PermissionKind) func(s *Server, c *call, id string) error {
	return func(s *Server, c *call, id string) error {
		_, err := s.authorizeContent(c, k, id, tsc.CapWrite)
		return err
	}
}

// tagBatchTypes are the content types Tableau's tag batches take that the
// emulator does not keep: an item of one of them cannot be found.
var tagBatchTypes = []string{"table", "database", "column", "metric"}

// maxTagBatchItems bounds the items of one tag batch. Ours: a page.
const maxTagBatchItems = tsc.MaxPageSize

func (s *Server) batchCreateTags(c *call) (result, error) { return s.tagBatch(c, true) }
func (s *Server) batchDeleteTags(c *call) (result, error) { return s.tagBatch(c, false) }

// sessionSite runs a site-scoped handler on the session's site, for the
// paths TSC's tags.batch_add and batch_delete send without one
// ("{api}/tags:batchCreate"): the batch is about the caller's site either
// way, and no other site's item can be named through it.
func sessionSite(h func(*call) (result, error)) func(*call) (result, error) {
	return func(c *call) (result, error) {
		params := map[string]string{}
		for k, v := range c.params {
			params[k] = v
		}
		params["site"] = c.user.SiteID
		c.params = params
		return h(c)
	}
}

func (s *Server) tagBatch(c *call, add bool) (result, error) {
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	b := req.TagBatch
	if b == nil || b.Tags == nil || len(b.Tags.Tags) == 0 || b.Contents == nil || len(b.Contents.Contents) == 0 {
		return result{}, badRequest("The request needs a <tagBatch> with <tags> (at least one <tag label>) and <contents> (at least one <content id contentType>).")
	}
	if n := len(b.Contents.Contents); n > maxTagBatchItems {
		return result{}, badRequest("The tag batch names %d items; the limit is %d.", n, maxTagBatchItems)
	}
	labels := make([]string, 0, len(b.Tags.Tags))
	for _, t := range b.Tags.Tags {
		if strings.TrimSpace(t.Label) == "" {
			return result{}, badRequest("A tag needs a label.")
		}
		labels = append(labels, t.Label)
	}
	if err := checkTags(labels); err != nil {
		return result{}, err
	}
	items := make([]taggedItem, 0, len(b.Contents.Contents))
	for _, it := range b.Contents.Contents {
		ct := strings.ToLower(it.ContentType)
		if it.ID == "" {
			return result{}, badRequest("A <content> of the tag batch has no id.")
		}
		k, ok := tagBatchKinds[ct]
		if !ok {
			for _, other := range tagBatchTypes {
				if ct == other {
					return result{}, notFound(codeFavoriteNotFound, "The %s '%s' could not be found: this server has no %ss.", it.ContentType, it.ID, ct)
				}
			}
			return result{}, badRequest("The content type '%s' cannot be tagged: use workbook, datasource, view, flow, virtualconnection, table, database or column.", it.ContentType)
		}
		if err := k.may(s, c, it.ID); err != nil {
			return result{}, err
		}
		items = append(items, taggedItem{k.contentType, it.ID})
	}
	if err := s.store.batchTags(c.ctx, c.siteID(), items, labels, add); err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.TagBatch = &tsc.TagBatch{Tags: tagsOf(labels), Contents: b.Contents}
	return ok(resp)
}

// deleteView answers DELETE /sites/{site}/views/{id} (Delete View, API
// 3.27): Delete on the view's workbook, as deleting part of it is.
func (s *Server) deleteView(c *call) (result, error) {
	cf, err := s.authorizeContent(c, tsc.PermView, c.param("id"))
	if err != nil {
		return result{}, err
	}
	if _, err := s.authorizeContent(c, tsc.PermWorkbook, cf.WorkbookID, tsc.CapDelete); err != nil {
		return result{}, err
	}
	if _, err := s.store.deleteView(c.ctx, c.siteID(), c.param("id")); err != nil {
		return result{}, err
	}
	return noContent()
}

// Bulk connection updates (Update Workbook Connections, Update Data Source
// Connections, API 3.26): PUT /sites/{site}/{kind}/{id}/connections with
// the connections' ids and one <connection> of credentials, for rotating
// them: Write on the item, every id one of its connections (else that
// id's 404 and nothing changes). The answer lists the updated connections.

// maxBulkConnections bounds the connection ids of one request. Ours.
const maxBulkConnections = tsc.MaxPageSize

func (s *Server) updateWorkbookConnections(c *call) (result, error) {
	return s.updateConnections(c, workbookKind)
}

func (s *Server) updateDatasourceConnections(c *call) (result, error) {
	return s.updateConnections(c, datasourceKind)
}

func (s *Server) updateConnections(c *call, k contentKind) (result, error) {
	// The item first: one the caller may not see is its 404 whatever the
	// body says (Personal Space, other sites), as every item route does.
	if _, err := s.authorizeContent(c, k.permKind(), c.param("id"), tsc.CapWrite); err != nil {
		return result{}, err
	}
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	var ids []string
	if req.ConnectionLuids != nil {
		ids = append(ids, req.ConnectionLuids.Luids...)
	}
	if req.ConnectionLUIDs != nil {
		ids = append(ids, req.ConnectionLUIDs.LUIDs...)
	}
	if len(ids) == 0 || req.Connection == nil {
		return result{}, badRequest("The request needs <connectionLuids> with at least one <connectionLuid> and a <connection>.")
	}
	if len(ids) > maxBulkConnections {
		return result{}, badRequest("The request names %d connections; the limit is %d.", len(ids), maxBulkConnections)
	}
	attrs := elementAttrs(c.body, "connection")
	var u connectionUpdate
	for name, dst := range map[string]**string{"userName": &u.UserName, "password": &u.Password, "authenticationType": &u.AuthenticationType,
		"serverAddress": &u.ServerAddress, "serverPort": &u.ServerPort} {
		if v, ok := attrs[name]; ok {
			*dst = &v
		}
	}
	if v, ok := attrs["embedPassword"]; ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return result{}, badRequest("embedPassword '%s' is not true or false.", v)
		}
		u.EmbedPassword = &b
	}
	if u == (connectionUpdate{}) {
		return result{}, badRequest("The <connection> sets nothing: give authenticationType, userName, password or embedPassword.")
	}
	rows, err := s.store.updateConnections(c.ctx, k, c.siteID(), c.param("id"), ids, u, nil)
	if err != nil {
		return result{}, err
	}
	list := &tsc.ConnectionList{Connections: []tsc.Connection{}}
	for i := range rows {
		list.Connections = append(list.Connections, renderConnection(&rows[i], false))
	}
	resp := tsc.NewTSResponse()
	resp.Connections = list
	return ok(resp)
}

// revokeServerAdminTokens answers DELETE /auth/serverAdminAccessTokens
// (Revoke Administrator Personal Access Tokens, API 3.10), and the POST
// auth/revokeAllServerAdminTokens that TSC's
// auth.revoke_all_server_admin_tokens sends: every server administrator's
// personal access token stops signing in, and the sessions opened with
// them end. Server administrators only; Tableau Cloud has none
// (actRevokeAdminTokens).
func (s *Server) revokeServerAdminTokens(c *call) (result, error) {
	if err := s.authorize(c, actRevokeAdminTokens, target{}); err != nil {
		return result{}, err
	}
	if _, err := s.store.revokeServerAdminTokens(c.ctx); err != nil {
		return result{}, err
	}
	return noContent()
}
