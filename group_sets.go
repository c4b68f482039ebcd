package tsc

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/url"
)

// GroupSetsService manages the group sets of the current site: named sets
// of groups that permission rules can name as one grantee. A rule for a
// group set applies to the users who are members of every group in it
// (Tableau's "AND logic"). Administrators only.
type GroupSetsService service

func pickGroupSets(r *TSResponse) []GroupSet {
	if r.GroupSets == nil {
		return nil
	}
	return r.GroupSets.GroupSets
}

// List returns one page of the site's group sets, each with its groups.
//
// REST: GET /api/{v}/sites/{site-id}/groupsets (3.22).
func (s *GroupSetsService) List(ctx context.Context, opts ListOptions) ([]GroupSet, Pagination, error) {
	lc, err := siteList(s.client, "GroupSets.List", Version{3, 22}, "groupsets", pickGroupSets)
	if err != nil {
		return nil, Pagination{}, err
	}
	return lc.page(ctx, s.client, opts)
}

// All iterates every group set of the site.
//
// REST: GET /api/{v}/sites/{site-id}/groupsets (3.22).
func (s *GroupSetsService) All(ctx context.Context, opts ListOptions) iter.Seq2[GroupSet, error] {
	lc, err := siteList(s.client, "GroupSets.All", Version{3, 22}, "groupsets", pickGroupSets)
	if err != nil {
		return errSeq[GroupSet](err)
	}
	return lc.all(ctx, s.client, opts)
}

// Get returns the group set with the given id and its groups.
//
// REST: GET /api/{v}/sites/{site-id}/groupsets/{id} (3.22).
func (s *GroupSetsService) Get(ctx context.Context, id string) (*GroupSet, error) {
	if id == "" {
		return nil, errors.New("tsc: GroupSets.Get: empty group set id")
	}
	resp, err := s.client.getSite(ctx, "GroupSets.Get", Version{3, 22}, "groupsets/"+url.PathEscape(id), nil)
	if err != nil {
		return nil, err
	}
	return oneGroupSet("GroupSets.Get", resp)
}

func oneGroupSet(name string, resp *TSResponse) (*GroupSet, error) {
	if resp.GroupSet == nil {
		return nil, errors.New("tsc: " + name + ": the answer has no <groupSet>")
	}
	return resp.GroupSet, nil
}

// groupSetBody is what Create and Update send.
type groupSetBody struct {
	Name string `xml:"name,attr"`
}

// Create creates an empty group set with the given name.
//
// REST: POST /api/{v}/sites/{site-id}/groupsets (3.22).
func (s *GroupSetsService) Create(ctx context.Context, name string) (*GroupSet, error) {
	if name == "" {
		return nil, errors.New("tsc: GroupSets.Create: a group set needs a name")
	}
	return s.write(ctx, "GroupSets.Create", http.MethodPost, "groupsets", name)
}

// Update renames the group set with g.ID to g.Name.
//
// REST: PUT /api/{v}/sites/{site-id}/groupsets/{id} (3.22).
func (s *GroupSetsService) Update(ctx context.Context, g GroupSet) (*GroupSet, error) {
	if g.ID == "" || g.Name == "" {
		return nil, errors.New("tsc: GroupSets.Update: needs the group set's id and its new name")
	}
	return s.write(ctx, "GroupSets.Update", http.MethodPut, "groupsets/"+url.PathEscape(g.ID), g.Name)
}

func (s *GroupSetsService) write(ctx context.Context, name, method, rel, setName string) (*GroupSet, error) {
	b, err := encodeElement("groupSet", groupSetBody{Name: setName})
	if err != nil {
		return nil, err
	}
	resp, err := s.client.sendSite(ctx, name, Version{3, 22}, method, rel, nil, b)
	if err != nil {
		return nil, err
	}
	return oneGroupSet(name, resp)
}

// Delete deletes the group set (not its groups) and the permission rules
// that name it.
//
// REST: DELETE /api/{v}/sites/{site-id}/groupsets/{id} (3.22).
func (s *GroupSetsService) Delete(ctx context.Context, id string) error {
	if id == "" {
		return errors.New("tsc: GroupSets.Delete: empty group set id")
	}
	return s.client.deleteSite(ctx, "GroupSets.Delete", Version{3, 22}, "groupsets/"+url.PathEscape(id), nil)
}

// AddGroup adds a group of the site to the group set.
//
// REST: PUT /api/{v}/sites/{site-id}/groupsets/{id}/groups/{group-id} (3.22).
func (s *GroupSetsService) AddGroup(ctx context.Context, groupSetID, groupID string) error {
	if groupSetID == "" || groupID == "" {
		return errors.New("tsc: GroupSets.AddGroup: empty group set or group id")
	}
	_, err := s.client.sendSite(ctx, "GroupSets.AddGroup", Version{3, 22}, http.MethodPut,
		"groupsets/"+url.PathEscape(groupSetID)+"/groups/"+url.PathEscape(groupID), nil, nil)
	return err
}

// RemoveGroup removes a group from the group set.
//
// REST: DELETE /api/{v}/sites/{site-id}/groupsets/{id}/groups/{group-id} (3.22).
func (s *GroupSetsService) RemoveGroup(ctx context.Context, groupSetID, groupID string) error {
	if groupSetID == "" || groupID == "" {
		return errors.New("tsc: GroupSets.RemoveGroup: empty group set or group id")
	}
	return s.client.deleteSite(ctx, "GroupSets.RemoveGroup", Version{3, 22},
		"groupsets/"+url.PathEscape(groupSetID)+"/groups/"+url.PathEscape(groupID), nil)
}
