package emulator

import (
	"bytes"
	"encoding/xml"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/wirejson"
)

func (s *Server) listUsers(c *call) (result, error) {
	if err := s.authorize(c, actListUsers, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	lq, err := c.list(userListSpec)
	if err != nil {
		return result{}, err
	}
	fs, err := parseFields(userFields, c.query)
	if err != nil {
		return result{}, err
	}
	rows, p, err := s.store.listUsers(c.ctx, c.siteID(), "", lq)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Pagination = &p
	resp.Users = &tsc.UserList{Users: s.userPage(rows, fs)}
	return ok(resp)
}

func userListResponse(rows []userRow, p *tsc.Pagination) *tsc.TSResponse {
	resp := tsc.NewTSResponse()
	resp.Pagination = p
	resp.Users = &tsc.UserList{}
	for i := range rows {
		// Lists carry less than Get User: no domain, no auth setting.
		u := renderUser(&rows[i])
		u.Domain, u.AuthSetting = nil, ""
		resp.Users.Users = append(resp.Users.Users, u)
	}
	return resp
}

func (s *Server) getUser(c *call) (result, error) {
	id := c.param("id")
	if err := s.authorize(c, actReadUser, target{SiteID: c.siteID(), UserID: id}); err != nil {
		return result{}, err
	}
	row, err := s.store.siteUser(c.ctx, s.store.db, c.siteID(), id)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	u := renderUser(row)
	resp.User = &u
	return ok(resp)
}

// addUser answers POST /sites/{site}/users (administrators only; only a
// server administrator makes server administrators).
func (s *Server) addUser(c *call) (result, error) {
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	if req.User == nil {
		return result{}, badRequest("The request needs a <user> element.")
	}
	if err := s.authorize(c, actAddUser, target{SiteID: c.siteID(), Role: req.User.SiteRole}); err != nil {
		return result{}, err
	}
	row, err := s.store.addUser(c.ctx, c.siteID(), req.User.Name, req.User.SiteRole, req.User.AuthSetting)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	u := renderUserShort(row)
	resp.User = &u
	return created(resp)
}

// updateUser answers PUT /sites/{site}/users/{id}; like Tableau, the answer
// carries no id.
func (s *Server) updateUser(c *call) (result, error) {
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	if req.User == nil {
		return result{}, badRequest("The request needs a <user> element.")
	}
	up := userUpdate{
		Name: req.User.Name, FullName: req.User.FullName, Email: req.User.Email, Password: req.User.Password.Reveal(),
		SiteRole: req.User.SiteRole, AuthSetting: req.User.AuthSetting, ServerLevel: c.user.ServerAdmin,
	}
	if err := s.authorize(c, actUpdateUser, target{SiteID: c.siteID(), UserID: c.param("id"), Role: up.SiteRole, Fields: up.identityFields()}); err != nil {
		return result{}, err
	}
	before, _ := s.store.siteUser(c.ctx, s.store.db, c.siteID(), c.param("id"))
	row, err := s.store.updateUser(c.ctx, c.siteID(), c.param("id"), up)
	if err != nil {
		return result{}, err
	}
	if before != nil {
		s.emitRoleChange(c.ctx, c.siteID(), before.ID, row.Name, before.SiteRole, row.SiteRole)
	}
	resp := tsc.NewTSResponse()
	resp.User = &tsc.User{Name: row.Name, FullName: row.FullName, Email: row.Email, SiteRole: row.SiteRole, AuthSetting: row.AuthSetting}
	return ok(resp)
}

// removeUser answers DELETE /sites/{site}/users/{id}[?mapAssetsTo=].
func (s *Server) removeUser(c *call) (result, error) {
	if err := s.authorize(c, actRemoveUser, target{SiteID: c.siteID(), UserID: c.param("id")}); err != nil {
		return result{}, err
	}
	mapTo := c.query.Get("mapAssetsTo")
	if mapTo != "" && c.version.Less(tsc.Version{Major: 3, Minor: 9}) {
		return result{}, badRequest("mapAssetsTo needs REST API 3.9 or later.")
	}
	gone, _ := s.store.siteUser(c.ctx, s.store.db, c.siteID(), c.param("id"))
	if err := s.store.removeUser(c.ctx, c.siteID(), c.param("id"), mapTo); err != nil {
		return result{}, err
	}
	if gone != nil {
		s.emit(c.ctx, webhookEvent{Name: "UserDeleted", Resource: "USER", SiteID: c.siteID(), ResourceID: gone.ID, ResourceName: gone.Name})
	}
	return noContent()
}

// userWorkbooks answers GET /sites/{site}/users/{id}/workbooks[?ownedBy=true]:
// the workbooks the user owns or, without ownedBy, can read ("Returns the
// workbooks that the specified user owns or has read (view) permissions
// for", Query Workbooks for User), by the user's permissions, not the
// caller's (the caller is the user or an administrator).
func (s *Server) userWorkbooks(c *call) (result, error) {
	id := c.param("id")
	if err := s.authorize(c, actReadUser, target{SiteID: c.siteID(), UserID: id}); err != nil {
		return result{}, err
	}
	who, err := s.store.siteUser(c.ctx, s.store.db, c.siteID(), id)
	if err != nil {
		return result{}, err
	}
	lq, err := c.list(workbookListSpec)
	if err != nil {
		return result{}, err
	}
	if err := s.restrictFor(c, lq, who, tsc.PermWorkbook); err != nil {
		return result{}, err
	}
	owner := ""
	if c.flag("ownedBy") {
		owner = id
	}
	rows, p, err := s.store.listWorkbooks(c.ctx, c.siteID(), owner, lq)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Pagination = &p
	resp.Workbooks = &tsc.WorkbookList{}
	for i := range rows {
		resp.Workbooks.Workbooks = append(resp.Workbooks.Workbooks, renderWorkbook(&rows[i]))
	}
	return ok(resp)
}

// userGroups answers GET /sites/{site}/users/{id}/groups (3.7).
func (s *Server) userGroups(c *call) (result, error) {
	id := c.param("id")
	if err := s.authorize(c, actReadUser, target{SiteID: c.siteID(), UserID: id}); err != nil {
		return result{}, err
	}
	if _, err := s.store.siteUser(c.ctx, s.store.db, c.siteID(), id); err != nil {
		return result{}, err
	}
	lq, err := c.list(groupListSpec)
	if err != nil {
		return result{}, err
	}
	rows, p, err := s.store.listGroups(c.ctx, c.siteID(), id, lq)
	if err != nil {
		return result{}, err
	}
	return ok(groupListResponse(rows, &p))
}

// elementAttrs returns the attributes of the first element named local in an
// XML body, for the few requests where an absent attribute and an empty one
// mean different things. The body has been decoded once already, so it is
// well formed and has no DTD.
func elementAttrs(body []byte, local string) map[string]string {
	if jsonBody("", body) {
		// The JSON form: the element is the object-valued property of the
		// same name, its attributes the scalar properties. The body was
		// decoded within wirejson.RequestLimits before this is called.
		props, err := wirejson.Props(body, local, wirejson.RequestLimits)
		if err != nil {
			return nil
		}
		return props
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := d.Token()
		if err != nil {
			return nil
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == local {
			out := map[string]string{}
			for _, a := range se.Attr {
				out[a.Name.Local] = a.Value
			}
			return out
		}
	}
}
