package tsc

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Bulk users and directory groups (REST 3.15 for the CSV calls).

// UserImportOptions are the settings of Users.Import.
type UserImportOptions struct {
	// AuthSettings gives, by user name, a user's authentication
	// (ServerDefault, SAML, OpenID, TableauIDWithMFA) where the file's
	// eighth column gives none: the <user name authSetting> elements of
	// the request.
	AuthSettings map[string]string
}

// maxImportCSVBytes bounds what Import reads from its reader before it
// sends anything: a user file is text of a few hundred bytes a line.
const maxImportCSVBytes = 64 << 20

type importUserElem struct {
	Name        string `xml:"name,attr"`
	AuthSetting string `xml:"authSetting,attr,omitempty"`
}

type importPayload struct {
	XMLName xml.Name         `xml:"tsRequest"`
	Users   []importUserElem `xml:"user"`
}

// Import adds or updates the site's users from a CSV file in Tableau's
// format: no header, one user a line, the columns user name, password,
// display name, license level (Creator, Explorer, Viewer, Unlicensed),
// administrator level (System, Site, None), publisher (yes/no), email and,
// optionally, authentication. The server checks each line and runs the
// import as a job (type UserImport); wait for it with Jobs.Wait and read
// what it did with UserImportReport. A file the server refuses whole
// (too large, not CSV) is an error here.
//
// REST: POST /api/{v}/sites/{site-id}/users/import (3.15).
func (s *UsersService) Import(ctx context.Context, file io.Reader, opts UserImportOptions) (*Job, error) {
	if file == nil {
		return nil, errors.New("tsc: Users.Import: no file")
	}
	b, err := io.ReadAll(io.LimitReader(file, maxImportCSVBytes+1))
	if err != nil {
		return nil, fmt.Errorf("tsc: Users.Import: reading the file: %w", err)
	}
	if len(b) > maxImportCSVBytes {
		return nil, fmt.Errorf("tsc: Users.Import: the file is larger than %d bytes", maxImportCSVBytes)
	}
	p := importPayload{}
	for name, auth := range opts.AuthSettings {
		p.Users = append(p.Users, importUserElem{Name: name, AuthSetting: auth})
	}
	payload, err := xml.Marshal(p)
	if err != nil {
		return nil, err
	}
	resp, err := s.sendCSV(ctx, "Users.Import", "users/import", payload, "tableau_user_import", b)
	if err != nil {
		return nil, err
	}
	if resp.Job == nil {
		return nil, errors.New("tsc: Users.Import: the answer has no <job>")
	}
	return resp.Job, nil
}

// ImportUsers writes users as Tableau's user CSV (as TSC's bulk_add does:
// the site role as license level, administrator level and publisher) and
// imports them with Import. Each user needs a Name; an empty SiteRole is
// Unlicensed; AuthSetting goes in the request.
//
// REST: POST /api/{v}/sites/{site-id}/users/import (3.15).
func (s *UsersService) ImportUsers(ctx context.Context, users []User) (*Job, error) {
	if len(users) == 0 {
		return nil, errors.New("tsc: Users.ImportUsers: no users")
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	opts := UserImportOptions{AuthSettings: map[string]string{}}
	for i, u := range users {
		if u.Name == "" {
			return nil, fmt.Errorf("tsc: Users.ImportUsers: user %d has no name", i+1)
		}
		license, admin, publish := csvRole(u.SiteRole)
		if err := w.Write([]string{u.Name, u.Password.Reveal(), u.FullName, license, admin, publish, u.Email}); err != nil {
			return nil, err
		}
		if u.AuthSetting != "" {
			opts.AuthSettings[u.Name] = u.AuthSetting
		}
	}
	w.Flush()
	return s.Import(ctx, &buf, opts)
}

// csvRole writes a site role as the license level, administrator level
// and publisher columns of Tableau's user CSV.
func csvRole(r SiteRole) (license, admin, publish string) {
	switch r {
	case SiteRoleServerAdministrator:
		return "Creator", "System", "yes"
	case SiteRoleSiteAdministratorCreator:
		return "Creator", "Site", "yes"
	case SiteRoleSiteAdministratorExplorer, SiteRoleSiteAdministrator:
		return "Explorer", "Site", "yes"
	case SiteRoleCreator:
		return "Creator", "None", "yes"
	case SiteRoleExplorerCanPublish, SiteRolePublisher:
		return "Explorer", "None", "yes"
	case SiteRoleExplorer, SiteRoleInteractor:
		return "Explorer", "None", "no"
	case SiteRoleViewer, SiteRoleReadOnly, SiteRoleViewerWithPublish:
		return "Viewer", "None", "no"
	}
	return "Unlicensed", "None", "no"
}

// RemoveMany removes the named users from the site in one call. A user who
// owns content stays on the site, Unlicensed (as Tableau does); names not
// on the site are skipped. Names may carry a domain ("example.com\\alice").
//
// REST: POST /api/{v}/sites/{site-id}/users/delete (3.15).
func (s *UsersService) RemoveMany(ctx context.Context, names []string) error {
	if len(names) == 0 {
		return errors.New("tsc: Users.RemoveMany: no user names")
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	for _, n := range names {
		if n == "" {
			return errors.New("tsc: Users.RemoveMany: an empty user name")
		}
		if err := w.Write([]string{n}); err != nil {
			return err
		}
	}
	w.Flush()
	_, err := s.sendCSV(ctx, "Users.RemoveMany", "users/delete", []byte("<tsRequest/>"), "tableau_user_delete", buf.Bytes())
	return err
}

func (s *UsersService) sendCSV(ctx context.Context, name, rel string, payload []byte, part string, file []byte) (*TSResponse, error) {
	path, err := s.client.sitePath(rel)
	if err != nil {
		return nil, err
	}
	frame, err := newFrame(payload, part, "users.csv")
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(frame.body(bytes.NewReader(file)))
	if err != nil {
		return nil, err
	}
	return s.client.call(ctx, &request{name: name, minVersion: Version{3, 15}, method: http.MethodPost, path: path,
		body: body, contentType: frame.contentType, auth: true})
}

// UserImportReport is what a finished UserImport job reports.
type UserImportReport struct {
	Processed, Added, Updated, RoleUpdated, Skipped int
	// LineErrors are the lines the server skipped and why ("line 3 for
	// user 'x': ...").
	LineErrors []string
}

// UserImportReport reads a UserImport job's status notes.
func (j *Job) UserImportReport() UserImportReport {
	var r UserImportReport
	if j.StatusNotes == nil {
		return r
	}
	for _, n := range j.StatusNotes.Notes {
		v, _ := strconv.Atoi(n.Value)
		switch n.Type {
		case "CountOfUsersProcessed":
			r.Processed = v
		case "CountOfUsersAddedToSite":
			r.Added = v
		case "CountOfUsersInformationUpdated":
			r.Updated = v
		case "CountOfUsersSiteRoleUpdated":
			r.RoleUpdated = v
		case "CountOfUsersSkipped":
			r.Skipped = v
			for _, l := range strings.Split(n.Text, "\n") {
				if l = strings.TrimSpace(l); l != "" {
					r.LineErrors = append(r.LineErrors, l)
				}
			}
		}
	}
	return r
}

// Grant license modes of a directory group.
const (
	// GrantLicenseOnLogin: members new to the site are Unlicensed until
	// they sign in, then get the group's minimum site role.
	GrantLicenseOnLogin = "onLogin"
	// GrantLicenseOnSync: members get the group's minimum site role at
	// each synchronisation (a higher role is kept).
	GrantLicenseOnSync = "onSync"
)

// DirectoryImport says how a directory group is imported or synchronised.
type DirectoryImport struct {
	// Domain is the directory domain, e.g. "example.com".
	Domain string
	// GrantLicenseMode is GrantLicenseOnLogin or GrantLicenseOnSync.
	GrantLicenseMode string
	// SiteRole is the group's minimum site role.
	SiteRole SiteRole
}

type adGroupBody struct {
	Name   string      `xml:"name,attr,omitempty"`
	Import GroupImport `xml:"import"`
}

// ImportFromDirectory creates a group from the directory (Active
// Directory) group of that name and domain, with its members, now.
//
// REST: POST /api/{v}/sites/{site-id}/groups with <import> (2.0).
func (s *GroupsService) ImportFromDirectory(ctx context.Context, name string, imp DirectoryImport) (*Group, error) {
	if name == "" {
		return nil, errors.New("tsc: Groups.ImportFromDirectory: a group name is needed")
	}
	resp, err := s.sendImport(ctx, "Groups.ImportFromDirectory", http.MethodPost, "groups", name, imp, false)
	if err != nil {
		return nil, err
	}
	return groupOf("Groups.ImportFromDirectory", resp)
}

// ImportFromDirectoryAsJob is ImportFromDirectory as a background job
// (type GroupImport).
//
// REST: POST /api/{v}/sites/{site-id}/groups?asJob=true with <import> (2.0).
func (s *GroupsService) ImportFromDirectoryAsJob(ctx context.Context, name string, imp DirectoryImport) (*Job, error) {
	if name == "" {
		return nil, errors.New("tsc: Groups.ImportFromDirectoryAsJob: a group name is needed")
	}
	resp, err := s.sendImport(ctx, "Groups.ImportFromDirectoryAsJob", http.MethodPost, "groups", name, imp, true)
	if err != nil {
		return nil, err
	}
	return jobOf("Groups.ImportFromDirectoryAsJob", resp)
}

// SyncWithDirectory synchronises an imported group with its directory
// group now: members added and removed, site roles granted by imp.
//
// REST: PUT /api/{v}/sites/{site-id}/groups/{id} with <import> (2.0).
func (s *GroupsService) SyncWithDirectory(ctx context.Context, id string, imp DirectoryImport) (*Group, error) {
	if id == "" {
		return nil, errors.New("tsc: Groups.SyncWithDirectory: empty group id")
	}
	resp, err := s.sendImport(ctx, "Groups.SyncWithDirectory", http.MethodPut, "groups/"+url.PathEscape(id), "", imp, false)
	if err != nil {
		return nil, err
	}
	return groupOf("Groups.SyncWithDirectory", resp)
}

// SyncWithDirectoryAsJob is SyncWithDirectory as a background job (type
// GroupSync).
//
// REST: PUT /api/{v}/sites/{site-id}/groups/{id}?asJob=true with <import> (2.0).
func (s *GroupsService) SyncWithDirectoryAsJob(ctx context.Context, id string, imp DirectoryImport) (*Job, error) {
	if id == "" {
		return nil, errors.New("tsc: Groups.SyncWithDirectoryAsJob: empty group id")
	}
	resp, err := s.sendImport(ctx, "Groups.SyncWithDirectoryAsJob", http.MethodPut, "groups/"+url.PathEscape(id), "", imp, true)
	if err != nil {
		return nil, err
	}
	return jobOf("Groups.SyncWithDirectoryAsJob", resp)
}

func (s *GroupsService) sendImport(ctx context.Context, name, method, rel, group string, imp DirectoryImport, asJob bool) (*TSResponse, error) {
	if imp.Domain == "" {
		return nil, errors.New("tsc: " + name + ": the directory domain is needed")
	}
	switch imp.GrantLicenseMode {
	case "", GrantLicenseOnLogin, GrantLicenseOnSync:
	default:
		return nil, fmt.Errorf("tsc: %s: grant license mode %q is not onLogin or onSync", name, imp.GrantLicenseMode)
	}
	mode, role := imp.GrantLicenseMode, imp.SiteRole
	if mode == "" {
		mode = GrantLicenseOnLogin
	}
	if role == "" {
		role = SiteRoleUnlicensed
	}
	b, err := encodeElement("group", adGroupBody{Name: group, Import: GroupImport{Source: "ActiveDirectory", DomainName: imp.Domain,
		GrantLicenseMode: mode, SiteRole: role}})
	if err != nil {
		return nil, err
	}
	var q url.Values
	if asJob {
		q = url.Values{"asJob": {"true"}}
	}
	return s.client.sendSite(ctx, name, Version{2, 0}, method, rel, q, b)
}

func groupOf(name string, resp *TSResponse) (*Group, error) {
	if resp.Group == nil {
		return nil, errors.New("tsc: " + name + ": the answer has no <group>")
	}
	return resp.Group, nil
}

func jobOf(name string, resp *TSResponse) (*Job, error) {
	if resp.Job == nil {
		return nil, errors.New("tsc: " + name + ": the answer has no <job>")
	}
	return resp.Job, nil
}
