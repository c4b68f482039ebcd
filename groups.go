package tsc

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/url"
)

// GroupsService manages the groups of the current site.
type GroupsService service

// AllUsersGroup is the name of the group every site has and no one can delete.
const AllUsersGroup = "All Users"

// List returns one page of the site's groups.
//
// REST: GET /api/{v}/sites/{site-id}/groups (2.0).
func (s *GroupsService) List(ctx context.Context, opts ListOptions) ([]Group, Pagination, error) {
	lc, err := siteList(s.client, "Groups.List", Version{2, 0}, "groups", pickGroups)
	if err != nil {
		return nil, Pagination{}, err
	}
	return lc.page(ctx, s.client, opts)
}

// All iterates every group of the site.
//
// REST: GET /api/{v}/sites/{site-id}/groups (2.0).
func (s *GroupsService) All(ctx context.Context, opts ListOptions) iter.Seq2[Group, error] {
	lc, err := siteList(s.client, "Groups.All", Version{2, 0}, "groups", pickGroups)
	if err != nil {
		return errSeq[Group](err)
	}
	return lc.all(ctx, s.client, opts)
}

// groupBody is what creating or updating a local group sends.
type groupBody struct {
	Name            string   `xml:"name,attr,omitempty"`
	MinimumSiteRole SiteRole `xml:"minimumSiteRole,attr,omitempty"`
}

// Create creates a local group. MinimumSiteRole, when set, grants that role
// to members when they sign in.
//
// REST: POST /api/{v}/sites/{site-id}/groups (2.0; minimumSiteRole 3.21).
func (s *GroupsService) Create(ctx context.Context, g Group) (*Group, error) {
	if g.Name == "" {
		return nil, errors.New("tsc: Groups.Create: a new group needs a name")
	}
	return s.write(ctx, "Groups.Create", http.MethodPost, "groups", g)
}

// Update renames the group with g.ID or changes its minimum site role.
//
// REST: PUT /api/{v}/sites/{site-id}/groups/{id} (2.0; minimumSiteRole 3.21).
func (s *GroupsService) Update(ctx context.Context, g Group) (*Group, error) {
	if g.ID == "" {
		return nil, errors.New("tsc: Groups.Update: the group has no id")
	}
	return s.write(ctx, "Groups.Update", http.MethodPut, "groups/"+url.PathEscape(g.ID), g)
}

func (s *GroupsService) write(ctx context.Context, name, method, rel string, g Group) (*Group, error) {
	min := Version{2, 0}
	if g.MinimumSiteRole != "" {
		min = Version{3, 21}
	}
	b, err := encodeElement("group", groupBody{Name: g.Name, MinimumSiteRole: g.MinimumSiteRole})
	if err != nil {
		return nil, err
	}
	resp, err := s.client.sendSite(ctx, name, min, method, rel, nil, b)
	if err != nil {
		return nil, err
	}
	if resp.Group == nil {
		return nil, errors.New("tsc: " + name + ": the answer has no <group>")
	}
	return resp.Group, nil
}

// Delete deletes the group with the given id (not its users). The All Users
// group cannot be deleted.
//
// REST: DELETE /api/{v}/sites/{site-id}/groups/{id} (2.0).
func (s *GroupsService) Delete(ctx context.Context, id string) error {
	if id == "" {
		return errors.New("tsc: Groups.Delete: empty group id")
	}
	return s.client.deleteSite(ctx, "Groups.Delete", Version{2, 0}, "groups/"+url.PathEscape(id), nil)
}

// Users returns one page of the group's members.
//
// REST: GET /api/{v}/sites/{site-id}/groups/{id}/users (2.0).
func (s *GroupsService) Users(ctx context.Context, id string, opts ListOptions) ([]User, Pagination, error) {
	if id == "" {
		return nil, Pagination{}, errors.New("tsc: Groups.Users: empty group id")
	}
	lc, err := siteList(s.client, "Groups.Users", Version{2, 0}, "groups/"+url.PathEscape(id)+"/users", pickUsers)
	if err != nil {
		return nil, Pagination{}, err
	}
	return lc.page(ctx, s.client, opts)
}

// AllUsers iterates every member of the group.
//
// REST: GET /api/{v}/sites/{site-id}/groups/{id}/users (2.0).
func (s *GroupsService) AllUsers(ctx context.Context, id string, opts ListOptions) iter.Seq2[User, error] {
	if id == "" {
		return errSeq[User](errors.New("tsc: Groups.AllUsers: empty group id"))
	}
	lc, err := siteList(s.client, "Groups.AllUsers", Version{2, 0}, "groups/"+url.PathEscape(id)+"/users", pickUsers)
	if err != nil {
		return errSeq[User](err)
	}
	return lc.all(ctx, s.client, opts)
}

type userIDBody struct {
	ID string `xml:"id,attr"`
}

type userIDsBody struct {
	Users []userIDBody `xml:"user"`
}

// AddUser adds one user to the group and returns the user as the server reports it.
//
// REST: POST /api/{v}/sites/{site-id}/groups/{id}/users (2.0).
func (s *GroupsService) AddUser(ctx context.Context, groupID, userID string) (*User, error) {
	if groupID == "" || userID == "" {
		return nil, errors.New("tsc: Groups.AddUser: empty group or user id")
	}
	b, err := encodeElement("user", userIDBody{ID: userID})
	if err != nil {
		return nil, err
	}
	resp, err := s.client.sendSite(ctx, "Groups.AddUser", Version{2, 0}, http.MethodPost, "groups/"+url.PathEscape(groupID)+"/users", nil, b)
	if err != nil {
		return nil, err
	}
	if resp.User == nil {
		return nil, errors.New("tsc: Groups.AddUser: the answer has no <user>")
	}
	return resp.User, nil
}

// RemoveUser removes one user from the group.
//
// REST: DELETE /api/{v}/sites/{site-id}/groups/{id}/users/{user-id} (2.0).
func (s *GroupsService) RemoveUser(ctx context.Context, groupID, userID string) error {
	if groupID == "" || userID == "" {
		return errors.New("tsc: Groups.RemoveUser: empty group or user id")
	}
	return s.client.deleteSite(ctx, "Groups.RemoveUser", Version{2, 0}, "groups/"+url.PathEscape(groupID)+"/users/"+url.PathEscape(userID), nil)
}

func idsBody(ids []string) (userIDsBody, error) {
	if len(ids) == 0 {
		return userIDsBody{}, errors.New("no user ids")
	}
	b := userIDsBody{Users: make([]userIDBody, len(ids))}
	for i, id := range ids {
		if id == "" {
			return userIDsBody{}, errors.New("an empty user id")
		}
		b.Users[i] = userIDBody{ID: id}
	}
	return b, nil
}

// AddUsers adds several users to the group in one call and returns them.
//
// REST: POST /api/{v}/sites/{site-id}/groups/{id}/users with <users> (3.21).
func (s *GroupsService) AddUsers(ctx context.Context, groupID string, userIDs []string) ([]User, error) {
	body, err := idsBody(userIDs)
	if err != nil || groupID == "" {
		return nil, errors.New("tsc: Groups.AddUsers: needs a group id and at least one non-empty user id")
	}
	b, err := encodeElement("users", body)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.sendSite(ctx, "Groups.AddUsers", Version{3, 21}, http.MethodPost, "groups/"+url.PathEscape(groupID)+"/users", nil, b)
	if err != nil {
		return nil, err
	}
	return pickUsers(resp), nil
}

// RemoveUsers removes several users from the group in one call.
//
// REST: PUT /api/{v}/sites/{site-id}/groups/{id}/users/remove (3.21).
func (s *GroupsService) RemoveUsers(ctx context.Context, groupID string, userIDs []string) error {
	body, err := idsBody(userIDs)
	if err != nil || groupID == "" {
		return errors.New("tsc: Groups.RemoveUsers: needs a group id and at least one non-empty user id")
	}
	b, err := encodeElement("users", body)
	if err != nil {
		return err
	}
	_, err = s.client.sendSite(ctx, "Groups.RemoveUsers", Version{3, 21}, http.MethodPut, "groups/"+url.PathEscape(groupID)+"/users/remove", nil, b)
	return err
}
