package tsc

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/url"
)

// UsersService manages the users of the current site.
type UsersService service

func pickUsers(r *TSResponse) []User {
	if r.Users == nil {
		return nil
	}
	return r.Users.Users
}

// List returns one page of the site's users.
//
// REST: GET /api/{v}/sites/{site-id}/users (2.0).
func (s *UsersService) List(ctx context.Context, opts ListOptions) ([]User, Pagination, error) {
	lc, err := siteList(s.client, "Users.List", Version{2, 0}, "users", pickUsers)
	if err != nil {
		return nil, Pagination{}, err
	}
	return lc.page(ctx, s.client, opts)
}

// All iterates every user of the site.
//
// REST: GET /api/{v}/sites/{site-id}/users (2.0).
func (s *UsersService) All(ctx context.Context, opts ListOptions) iter.Seq2[User, error] {
	lc, err := siteList(s.client, "Users.All", Version{2, 0}, "users", pickUsers)
	if err != nil {
		return errSeq[User](err)
	}
	return lc.all(ctx, s.client, opts)
}

// Get returns the user with the given id.
//
// REST: GET /api/{v}/sites/{site-id}/users/{id} (2.0).
func (s *UsersService) Get(ctx context.Context, id string) (*User, error) {
	if id == "" {
		return nil, errors.New("tsc: Users.Get: empty user id")
	}
	resp, err := s.client.getSite(ctx, "Users.Get", Version{2, 0}, "users/"+url.PathEscape(id), nil)
	if err != nil {
		return nil, err
	}
	if resp.User == nil {
		return nil, errors.New("tsc: Users.Get: the answer has no <user>")
	}
	return resp.User, nil
}

// userAddBody is what adding a user sends.
type userAddBody struct {
	Name               string   `xml:"name,attr"`
	SiteRole           SiteRole `xml:"siteRole,attr"`
	AuthSetting        string   `xml:"authSetting,attr,omitempty"`
	IdpConfigurationID string   `xml:"idpConfigurationId,attr,omitempty"`
}

// Add adds a user to the site (creating the server user if needed). Name and
// SiteRole are required; AuthSetting is optional. Full name, email and
// password need an Update after adding, as in the REST API.
//
// REST: POST /api/{v}/sites/{site-id}/users (2.0).
func (s *UsersService) Add(ctx context.Context, u User) (*User, error) {
	if u.Name == "" {
		return nil, errors.New("tsc: Users.Add: the user needs a name")
	}
	if u.SiteRole == "" {
		return nil, errors.New("tsc: Users.Add: the user needs a site role")
	}
	b, err := encodeElement("user", userAddBody{Name: u.Name, SiteRole: u.SiteRole, AuthSetting: u.AuthSetting, IdpConfigurationID: u.IdpConfigurationID})
	if err != nil {
		return nil, err
	}
	resp, err := s.client.sendSite(ctx, "Users.Add", Version{2, 0}, http.MethodPost, "users", nil, b)
	if err != nil {
		return nil, err
	}
	if resp.User == nil {
		return nil, errors.New("tsc: Users.Add: the answer has no <user>")
	}
	return resp.User, nil
}

// userUpdateBody is what updating a user sends.
type userUpdateBody struct {
	FullName    string   `xml:"fullName,attr,omitempty"`
	Email       string   `xml:"email,attr,omitempty"`
	Password    Secret   `xml:"password,attr,omitempty"`
	SiteRole    SiteRole `xml:"siteRole,attr,omitempty"`
	AuthSetting string   `xml:"authSetting,attr,omitempty"`
}

// Update changes the user with u.ID: full name, email, password, site role
// and auth setting, where set.
//
// REST: PUT /api/{v}/sites/{site-id}/users/{id} (2.0).
func (s *UsersService) Update(ctx context.Context, u User) (*User, error) {
	if u.ID == "" {
		return nil, errors.New("tsc: Users.Update: the user has no id")
	}
	b, err := encodeElement("user", userUpdateBody{FullName: u.FullName, Email: u.Email, Password: u.Password, SiteRole: u.SiteRole, AuthSetting: u.AuthSetting})
	if err != nil {
		return nil, err
	}
	resp, err := s.client.sendSite(ctx, "Users.Update", Version{2, 0}, http.MethodPut, "users/"+url.PathEscape(u.ID), nil, b)
	if err != nil {
		return nil, err
	}
	if resp.User == nil {
		return nil, errors.New("tsc: Users.Update: the answer has no <user>")
	}
	out := *resp.User
	if out.ID == "" {
		// Servers answer an update without the id.
		out.ID = u.ID
	}
	return &out, nil
}

// Remove removes the user from the site. If mapAssetsTo is a user id, the
// removed user's content goes to that user; otherwise a user who owns
// content cannot be removed (ErrConflict).
//
// REST: DELETE /api/{v}/sites/{site-id}/users/{id}[?mapAssetsTo=...] (2.0; mapAssetsTo 3.9).
func (s *UsersService) Remove(ctx context.Context, id, mapAssetsTo string) error {
	if id == "" {
		return errors.New("tsc: Users.Remove: empty user id")
	}
	var q url.Values
	min := Version{2, 0}
	if mapAssetsTo != "" {
		q = url.Values{"mapAssetsTo": {mapAssetsTo}}
		min = Version{3, 9}
	}
	return s.client.deleteSite(ctx, "Users.Remove", min, "users/"+url.PathEscape(id), q)
}

func pickWorkbooks(r *TSResponse) []Workbook {
	if r.Workbooks == nil {
		return nil
	}
	return r.Workbooks.Workbooks
}

// Workbooks returns one page of the workbooks the user can read (or owns,
// with ownedBy true).
//
// REST: GET /api/{v}/sites/{site-id}/users/{id}/workbooks (2.0).
func (s *UsersService) Workbooks(ctx context.Context, id string, ownedBy bool, opts ListOptions) ([]Workbook, Pagination, error) {
	lc, err := s.workbooksCall(id, ownedBy)
	if err != nil {
		return nil, Pagination{}, err
	}
	return lc.page(ctx, s.client, opts)
}

// AllWorkbooks iterates every workbook of the user (see Workbooks).
func (s *UsersService) AllWorkbooks(ctx context.Context, id string, ownedBy bool, opts ListOptions) iter.Seq2[Workbook, error] {
	lc, err := s.workbooksCall(id, ownedBy)
	if err != nil {
		return errSeq[Workbook](err)
	}
	return lc.all(ctx, s.client, opts)
}

func (s *UsersService) workbooksCall(id string, ownedBy bool) (listCall[Workbook], error) {
	if id == "" {
		return listCall[Workbook]{}, errors.New("tsc: Users.Workbooks: empty user id")
	}
	lc, err := siteList(s.client, "Users.Workbooks", Version{2, 0}, "users/"+url.PathEscape(id)+"/workbooks", pickWorkbooks)
	if err == nil && ownedBy {
		lc.query = url.Values{"ownedBy": {"true"}}
	}
	return lc, err
}

func pickGroups(r *TSResponse) []Group {
	if r.Groups == nil {
		return nil
	}
	return r.Groups.Groups
}

// Groups returns one page of the groups the user belongs to.
//
// REST: GET /api/{v}/sites/{site-id}/users/{id}/groups (3.7).
func (s *UsersService) Groups(ctx context.Context, id string, opts ListOptions) ([]Group, Pagination, error) {
	if id == "" {
		return nil, Pagination{}, errors.New("tsc: Users.Groups: empty user id")
	}
	lc, err := siteList(s.client, "Users.Groups", Version{3, 7}, "users/"+url.PathEscape(id)+"/groups", pickGroups)
	if err != nil {
		return nil, Pagination{}, err
	}
	return lc.page(ctx, s.client, opts)
}

// AllGroups iterates every group the user belongs to.
//
// REST: GET /api/{v}/sites/{site-id}/users/{id}/groups (3.7).
func (s *UsersService) AllGroups(ctx context.Context, id string, opts ListOptions) iter.Seq2[Group, error] {
	if id == "" {
		return errSeq[Group](errors.New("tsc: Users.AllGroups: empty user id"))
	}
	lc, err := siteList(s.client, "Users.AllGroups", Version{3, 7}, "users/"+url.PathEscape(id)+"/groups", pickGroups)
	if err != nil {
		return errSeq[Group](err)
	}
	return lc.all(ctx, s.client, opts)
}
