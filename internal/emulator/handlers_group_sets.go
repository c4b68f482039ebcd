package emulator

import (
	"net/http"
	"strings"

	"github.com/tsc-go/tsc"
)

// Group sets (REST API 3.22: Create, List, Get, Update and Delete Group
// Set, Add Group to and Remove Group from Group Set). Tableau's reference
// says these methods "can only be called by Tableau Server administrators
// or Tableau Cloud site admins"; the emulator lets server and site
// administrators of the site manage them (authority.go, actGroupSets).

func renderGroupSet(r *groupSetRow, withGroups bool) tsc.GroupSet {
	n := r.Count
	out := tsc.GroupSet{ID: r.ID, Name: r.Name, GroupCount: &n}
	if withGroups {
		for i := range r.Groups {
			out.Groups = append(out.Groups, tsc.Group{ID: r.Groups[i].ID, Name: r.Groups[i].Name})
		}
	}
	return out
}

// groupSetResultLevel reads resultlevel=: "members" (the default) lists
// each set's groups, "local" the sets alone.
func groupSetResultLevel(c *call) (bool, error) {
	switch lv := c.query.Get("resultlevel"); strings.ToLower(lv) {
	case "", "members":
		return true, nil
	case "local":
		return false, nil
	default:
		return false, badRequest("resultlevel %s is not one of members, local.", quoteCut(lv))
	}
}

func (s *Server) listGroupSets(c *call) (result, error) {
	if err := s.authorize(c, actGroupSets, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	withGroups, err := groupSetResultLevel(c)
	if err != nil {
		return result{}, err
	}
	lq, err := c.list(groupSetListSpec)
	if err != nil {
		return result{}, err
	}
	rows, p, err := s.store.listGroupSets(c.ctx, c.siteID(), lq, withGroups)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Pagination = &p
	resp.GroupSets = &tsc.GroupSetList{GroupSets: []tsc.GroupSet{}}
	for i := range rows {
		resp.GroupSets.GroupSets = append(resp.GroupSets.GroupSets, renderGroupSet(&rows[i], withGroups))
	}
	return ok(resp)
}

func (s *Server) getGroupSet(c *call) (result, error) {
	if err := s.authorize(c, actGroupSets, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	withGroups, err := groupSetResultLevel(c)
	if err != nil {
		return result{}, err
	}
	row, err := s.store.groupSet(c.ctx, s.store.db, c.siteID(), c.param("id"))
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	out := renderGroupSet(row, withGroups)
	resp.GroupSet = &out
	return ok(resp)
}

// groupSetBody reads the <groupSet name=...> of Create and Update.
func groupSetBody(c *call) (*tsc.GroupSet, error) {
	req, err := c.decode()
	if err != nil {
		return nil, err
	}
	if req.GroupSet == nil {
		return nil, badRequest("The request needs a <groupSet> element.")
	}
	return req.GroupSet, nil
}

func (s *Server) createGroupSet(c *call) (result, error) {
	if err := s.authorize(c, actGroupSets, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	body, err := groupSetBody(c)
	if err != nil {
		return result{}, err
	}
	row, err := s.store.createGroupSet(c.ctx, c.siteID(), body.Name)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	out := renderGroupSet(row, false)
	resp.GroupSet = &out
	return created(resp)
}

func (s *Server) updateGroupSet(c *call) (result, error) {
	if err := s.authorize(c, actGroupSets, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	body, err := groupSetBody(c)
	if err != nil {
		return result{}, err
	}
	row, err := s.store.renameGroupSet(c.ctx, c.siteID(), c.param("id"), body.Name)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	out := renderGroupSet(row, true)
	resp.GroupSet = &out
	return ok(resp)
}

func (s *Server) deleteGroupSet(c *call) (result, error) {
	if err := s.authorize(c, actGroupSets, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	if err := s.store.deleteGroupSet(c.ctx, c.siteID(), c.param("id")); err != nil {
		return result{}, err
	}
	return noContent()
}

// addGroupToSet answers PUT /sites/{site}/groupsets/{id}/groups/{group}:
// "Response Code 201, Response Body None" (the REST reference).
func (s *Server) addGroupToSet(c *call) (result, error) {
	if err := s.authorize(c, actGroupSets, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	if err := s.store.addGroupToSet(c.ctx, c.siteID(), c.param("id"), c.param("group")); err != nil {
		return result{}, err
	}
	return result{status: http.StatusCreated}, nil
}

// removeGroupFromSet answers DELETE /sites/{site}/groupsets/{id}/groups/{group}.
func (s *Server) removeGroupFromSet(c *call) (result, error) {
	if err := s.authorize(c, actGroupSets, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	if err := s.store.removeGroupFromSet(c.ctx, c.siteID(), c.param("id"), c.param("group")); err != nil {
		return result{}, err
	}
	return noContent()
}
