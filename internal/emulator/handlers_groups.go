package emulator

import (
	"net/http"

	"github.com/tsc-go/tsc"
)

func groupListResponse(rows []groupRow, p *tsc.Pagination) *tsc.TSResponse {
	resp := tsc.NewTSResponse()
	resp.Pagination = p
	resp.Groups = &tsc.GroupList{}
	for i := range rows {
		resp.Groups.Groups = append(resp.Groups.Groups, renderGroup(&rows[i]))
	}
	return resp
}

func (s *Server) listGroups(c *call) (result, error) {
	if err := s.authorize(c, actListGroups, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	lq, err := c.list(groupListSpec)
	if err != nil {
		return result{}, err
	}
	fs, err := parseFields(groupFields, c.query)
	if err != nil {
		return result{}, err
	}
	rows, p, err := s.store.listGroups(c.ctx, c.siteID(), "", lq)
	if err != nil {
		return result{}, err
	}
	items, err := s.groupPage(c, rows, fs)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Pagination = &p
	resp.Groups = &tsc.GroupList{Groups: items}
	return ok(resp)
}

// groupBody reads a <group> body: name and minimum site role.
func groupBody(c *call) (*tsc.Group, error) {
	req, err := c.decode()
	if err != nil {
		return nil, err
	}
	if req.Group == nil {
		return nil, badRequest("The request needs a <group> element.")
	}
	if req.Group.MinimumSiteRole != "" && c.version.Less(tsc.Version{Major: 3, Minor: 21}) {
		return nil, badRequest("minimumSiteRole needs REST API 3.21 or later.")
	}
	return req.Group, nil
}

// createGroup answers POST /sites/{site}/groups with a local group; the
// answer, like Tableau's, is the group without its domain.
func (s *Server) createGroup(c *call) (result, error) {
	if err := s.authorize(c, actCreateGroup, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	g, err := groupBody(c)
	if err != nil {
		return result{}, err
	}
	if g.Import != nil {
		return s.importGroup(c, g, "")
	}
	row, err := s.store.createGroup(c.ctx, c.siteID(), g.Name, g.MinimumSiteRole)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	out := renderGroup(row)
	out.Domain = nil
	resp.Group = &out
	return created(resp)
}

func (s *Server) updateGroup(c *call) (result, error) {
	if err := s.authorize(c, actUpdateGroup, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	g, err := groupBody(c)
	if err != nil {
		return result{}, err
	}
	if g.Import != nil {
		return s.importGroup(c, g, c.param("id"))
	}
	row, err := s.store.updateGroup(c.ctx, c.siteID(), c.param("id"), g.Name, g.MinimumSiteRole)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	out := renderGroup(row)
	out.Domain = nil
	resp.Group = &out
	return ok(resp)
}

func (s *Server) deleteGroup(c *call) (result, error) {
	if err := s.authorize(c, actDeleteGroup, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	if err := s.store.deleteGroup(c.ctx, c.siteID(), c.param("id")); err != nil {
		return result{}, err
	}
	return noContent()
}

func (s *Server) groupUsers(c *call) (result, error) {
	if err := s.authorize(c, actReadGroup, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	if _, err := s.store.group(c.ctx, s.store.db, c.siteID(), c.param("id")); err != nil {
		return result{}, err
	}
	lq, err := c.list(userListSpec)
	if err != nil {
		return result{}, err
	}
	rows, p, err := s.store.listUsers(c.ctx, c.siteID(), c.param("id"), lq)
	if err != nil {
		return result{}, err
	}
	return ok(userListResponse(rows, &p))
}

// addGroupUsers answers POST /sites/{site}/groups/{id}/users: one <user id>,
// or, from 3.21, several in <users>.
func (s *Server) addGroupUsers(c *call) (result, error) {
	if err := s.authorize(c, actAddGroupUsers, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	switch {
	case req.User != nil:
		if req.User.ID == "" {
			return result{}, badRequest("The <user> element needs an id.")
		}
		rows, err := s.store.addGroupUsers(c.ctx, c.siteID(), c.param("id"), []string{req.User.ID}, true)
		if err != nil {
			return result{}, err
		}
		resp := tsc.NewTSResponse()
		u := renderUserShort(&rows[0])
		u.AuthSetting = ""
		resp.User = &u
		return ok(resp)
	case req.Users != nil:
		if c.version.Less(tsc.Version{Major: 3, Minor: 21}) {
			return result{}, badRequest("Adding several users to a group needs REST API 3.21 or later.")
		}
		ids, err := userIDs(req.Users)
		if err != nil {
			return result{}, err
		}
		rows, err := s.store.addGroupUsers(c.ctx, c.siteID(), c.param("id"), ids, false)
		if err != nil {
			return result{}, err
		}
		resp := tsc.NewTSResponse()
		resp.Users = &tsc.UserList{}
		for i := range rows {
			u := renderUserShort(&rows[i])
			u.AuthSetting = ""
			resp.Users.Users = append(resp.Users.Users, u)
		}
		return ok(resp)
	}
	return result{}, badRequest("The request needs a <user id=...> or a <users> element.")
}

func userIDs(l *tsc.UserList) ([]string, error) {
	if len(l.Users) == 0 {
		return nil, badRequest("The <users> element lists no users.")
	}
	ids := make([]string, len(l.Users))
	for i, u := range l.Users {
		if u.ID == "" {
			return nil, badRequest("Every <user> needs an id.")
		}
		ids[i] = u.ID
	}
	return ids, nil
}

func (s *Server) removeGroupUser(c *call) (result, error) {
	if err := s.authorize(c, actRemoveGroupUsers, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	if err := s.store.removeGroupUsers(c.ctx, c.siteID(), c.param("id"), []string{c.param("user")}); err != nil {
		return result{}, err
	}
	return noContent()
}

// removeGroupUsers answers PUT /sites/{site}/groups/{id}/users/remove (3.21).
func (s *Server) removeGroupUsers(c *call) (result, error) {
	if err := s.authorize(c, actRemoveGroupUsers, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	if req.Users == nil {
		return result{}, badRequest("The request needs a <users> element.")
	}
	ids, err := userIDs(req.Users)
	if err != nil {
		return result{}, err
	}
	if err := s.store.removeGroupUsers(c.ctx, c.siteID(), c.param("id"), ids); err != nil {
		return result{}, err
	}
	return result{status: http.StatusNoContent}, nil
}
