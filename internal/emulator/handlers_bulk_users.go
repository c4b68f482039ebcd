package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/usercsv"
)

// Bulk users and directories (issue 16): Import Users to Site from CSV
// File (POST users/import, a UserImport job), Delete Users from Site with
// CSV (POST users/delete), and groups imported from and synchronised with
// the directory (Create Group and Update Group with <import>, GroupImport
// and GroupSync jobs with asJob=true). Site administrators only, as for
// adding and removing users (authority.go: actImportUsers).

// Limits on a user CSV file, checked before any line is read. Ours:
// Tableau documents none for the REST call (its web page takes files of a
// few thousand users); 10,000 lines of at most 8 columns fit well within
// 2 MiB.
const (
	maxUserCSVBytes = 2 << 20
	maxUserCSVLines = 10_000
	// maxReportedLineErrors bounds the line errors a job's notes spell
	// out; the count says how many there were.
	maxReportedLineErrors = 100
)

// The job types of this file, as Tableau names them.
const (
	jobUserImport  = "UserImport"
	jobGroupImport = "GroupImport"
	jobGroupSync   = "GroupSync"
)

func init() {
	// The site's job list names them in the snake case of the others.
	jobTypes[jobUserImport] = "import_users"
	jobTypes[jobGroupImport] = "import_group"
	jobTypes[jobGroupSync] = "sync_group"
}

// actImportUsers: importing and deleting users by CSV, and importing or
// synchronising directory groups (which add users): administrators, and
// not site administrators of a ContentOnly site (decide, usersManagedHere).
const actImportUsers action = "import or remove users in bulk"

// importLine is one valid line of an import, kept in the job until it
// runs. The password is kept as the users table keeps it (salt and hash),
// never in clear in the job.
type importLine struct {
	Line         int          `json:"line"`
	Name         string       `json:"name"`
	PasswordSalt string       `json:"passwordSalt,omitempty"`
	PasswordHash string       `json:"passwordHash,omitempty"`
	DisplayName  string       `json:"displayName,omitempty"`
	Email        string       `json:"email,omitempty"`
	Role         tsc.SiteRole `json:"role,omitempty"`
	AuthSetting  string       `json:"authSetting,omitempty"`
}

// importPayload is a UserImport job's work: the valid lines, and the
// lines refused before it started.
type importPayload struct {
	Lines  []importLine `json:"lines"`
	Errors []string     `json:"errors"`
	Total  int          `json:"total"`
}

func lineError(line int, user, msg string) string {
	// tabcmd's words for a line it skips: "line {0} for user '{1}': '{2}'".
	return fmt.Sprintf("line %d for user '%s': %s", line, user, msg)
}

// readUserCSV reads the CSV part of a bulk users request (and its
// request_payload, when it has one), within the limits.
func readUserCSV(c *call, part string) ([]usercsv.Record, []byte, error) {
	var buf bytes.Buffer
	in, err := readParts(c, part, &buf, maxUserCSVBytes)
	var tl errTooLarge
	if errors.As(err, &tl) {
		return nil, nil, errf(http.StatusRequestEntityTooLarge, codePayloadTooLarge, "Payload Too Large",
			"The %s file is larger than %d bytes, the most a user file may have: split it.", part, maxUserCSVBytes)
	}
	if err != nil {
		return nil, nil, err
	}
	if !in.sawFile {
		return nil, nil, badRequest("The request has no %s part (the CSV file of users).", part)
	}
	if n := bytes.Count(buf.Bytes(), []byte("\n")); n > maxUserCSVLines {
		return nil, nil, badRequest("The %s file has %d lines; a user file has at most %d.", part, n, maxUserCSVLines)
	}
	recs, err := usercsv.Read(buf.Bytes())
	var le *usercsv.LineError
	if errors.As(err, &le) {
		return nil, nil, badRequest("The %s file is not valid CSV at line %d: %s", part, le.Line, le.Msg)
	}
	if err != nil {
		return nil, nil, err
	}
	if len(recs) == 0 {
		return nil, nil, badRequest("The %s file lists no users.", part)
	}
	return recs, in.payload, nil
}

// payloadAuth reads the <user name authSetting> elements of an import's
// request_payload: each user's authentication.
func payloadAuth(payload []byte) (map[string]string, error) {
	out := map[string]string{}
	if len(bytes.TrimSpace(payload)) == 0 {
		return out, nil
	}
	// Within the decoder's bounds first (XML or JSON), then read user by user.
	if _, err := decodeRequest(payload, "", "request_payload part"); err != nil {
		return nil, err
	}
	if jsonBody("", payload) {
		// {"tsRequest": {"user": {...}}} or {"tsRequest": {"user": [{...}, ...]}}.
		var doc struct {
			TSRequest struct {
				User json.RawMessage `json:"user"`
			} `json:"tsRequest"`
		}
		if err := json.Unmarshal(payload, &doc); err != nil {
			return nil, badRequest("The request_payload part is not a tsRequest: %v", err)
		}
		var users []map[string]string
		raw := bytes.TrimSpace(doc.TSRequest.User)
		switch {
		case len(raw) == 0:
		case raw[0] == '[':
			if err := json.Unmarshal(raw, &users); err != nil {
				return nil, badRequest("The users of the request_payload part are not objects of strings: %v", err)
			}
		default:
			var one map[string]string
			if err := json.Unmarshal(raw, &one); err != nil {
				return nil, badRequest("The user of the request_payload part is not an object of strings: %v", err)
			}
			users = append(users, one)
		}
		for _, u := range users {
			if err := addPayloadAuth(out, u["name"], u["authSetting"]); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	d := xml.NewDecoder(bytes.NewReader(payload))
	for {
		tok, err := d.Token()
		if err != nil {
			return out, nil
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "user" {
			continue
		}
		var name, auth string
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "name":
				name = a.Value
			case "authSetting":
				auth = a.Value
			}
		}
		if err := addPayloadAuth(out, name, auth); err != nil {
			return nil, err
		}
	}
}

func addPayloadAuth(out map[string]string, name, auth string) error {
	if auth != "" && !usercsv.InFold(auth, usercsv.AuthSettings) {
		return badRequest("authSetting '%s' of user '%s' is not one of %s.", quoteCut(auth), quoteCut(name), strings.Join(usercsv.AuthSettings, ", "))
	}
	out[strings.ToLower(name)] = auth
	return nil
}

// importUsers answers POST /sites/{site}/users/import: the file is checked
// whole before the job starts (size, lines, CSV syntax); each line is
// checked, and a bad line is reported by the job, not imported.
func (s *Server) importUsers(c *call) (result, error) {
	if err := s.authorize(c, actImportUsers, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	recs, payload, err := readUserCSV(c, "tableau_user_import")
	if err != nil {
		return result{}, err
	}
	auth, err := payloadAuth(payload)
	if err != nil {
		return result{}, err
	}
	p := importPayload{Total: len(recs)}
	seen := map[string]int{}
	for _, rec := range recs {
		u, err := usercsv.ParseUser(serverDefaults(rec.Fields))
		if err == nil {
			err = s.importLineAllowed(c, &u, seen, rec.Line)
		}
		if err != nil {
			p.Errors = append(p.Errors, lineError(rec.Line, u.Name, err.Error()))
			continue
		}
		if a := auth[strings.ToLower(u.Name)]; a != "" && u.AuthSetting == "" {
			u.AuthSetting = a
		}
		seen[strings.ToLower(u.Name)] = rec.Line
		l := importLine{Line: rec.Line, Name: u.Name, DisplayName: u.DisplayName, Email: u.Email, Role: u.Role, AuthSetting: u.AuthSetting}
		if u.Password != "" {
			l.PasswordSalt = newSalt()
			l.PasswordHash = hashSecret(l.PasswordSalt, u.Password)
		}
		p.Lines = append(p.Lines, l)
	}
	b, err := json.Marshal(p)
	if err != nil {
		return result{}, err
	}
	return s.startIdentityJob(c, jobUserImport, "", "users file", string(b))
}

// serverDefaults fills what a server takes as given in a line: with a
// license level, an empty administrator level is None and an empty
// publisher no; and the license level "ExplorerCanPublish" is Explorer
// with publishing. TSC's bulk_add writes lines so (users_endpoint.py,
// create_users_csv: the site role as license level, "" as administrator
// level for other than administrators, 0 or 1 as publisher).
func serverDefaults(f []string) []string {
	if len(f) <= usercsv.ColLicense || f[usercsv.ColLicense] == "" {
		return f
	}
	out := append([]string(nil), f...)
	for len(out) <= usercsv.ColPublisher {
		out = append(out, "")
	}
	if strings.EqualFold(out[usercsv.ColLicense], string(tsc.SiteRoleExplorerCanPublish)) {
		out[usercsv.ColLicense], out[usercsv.ColPublisher] = "Explorer", "yes"
	}
	if out[usercsv.ColAdmin] == "" {
		out[usercsv.ColAdmin] = "None"
	}
	if out[usercsv.ColPublisher] == "" {
		out[usercsv.ColPublisher] = "no"
	}
	return out
}

// importLineAllowed checks what a line asks against the server: a name
// given twice, a role the server has not (Tableau Cloud's), and a
// ServerAdministrator from anyone but a server administrator.
func (s *Server) importLineAllowed(c *call, u *usercsv.User, seen map[string]int, line int) error {
	if first, dup := seen[strings.ToLower(u.Name)]; dup {
		return fmt.Errorf("the user is already on line %d", first)
	}
	if err := firstErr(checkLen("user name", u.Name, maxNameChars), checkLen("display name", u.DisplayName, maxNameChars),
		checkLen("email", u.Email, maxEmailChars), checkLen("password", u.Password, maxPasswordChars)); err != nil {
		return errors.New(detailOf(err))
	}
	if strings.Contains(u.Name, `\`) && !strings.HasPrefix(strings.ToLower(u.Name), `local\`) {
		return errors.New("a directory user is added by importing their directory group, not from a user file")
	}
	u.Name = strings.TrimPrefix(u.Name, `local\`)
	if u.Role != "" {
		if u.Role == tsc.SiteRoleServerAdministrator && !c.user.ServerAdmin {
			return errors.New("only server administrators can add server administrators (administrator level system)")
		}
		if err := s.store.checkRole(u.Role); err != nil {
			return errors.New(detailOf(err))
		}
	}
	return nil
}

// userImportEffect runs a UserImport job: each valid line adds the user
// (Unlicensed when the line gives no role) or updates the one on the site.
func (s *Server) userImportEffect(ctx context.Context, j *jobRow) (string, error) {
	var p importPayload
	if err := json.Unmarshal([]byte(j.Payload), &p); err != nil {
		return "", err
	}
	errs := p.Errors
	var added, updated, roles int
	for _, l := range p.Lines {
		a, u, r, err := s.store.importUser(ctx, j.SiteID, l)
		if err != nil {
			errs = append(errs, lineError(l.Line, l.Name, detailOf(err)))
			continue
		}
		added, updated, roles = added+a, updated+u, roles+r
	}
	notes := countNotes("CountOfUsersProcessed", p.Total, "CountOfUsersAddedToSite", added,
		"CountOfUsersInformationUpdated", updated, "CountOfUsersSiteRoleUpdated", roles, "CountOfUsersSkipped", len(errs))
	if len(errs) > 0 {
		shown := errs
		if len(shown) > maxReportedLineErrors {
			shown = append(shown[:maxReportedLineErrors:maxReportedLineErrors], fmt.Sprintf("(%d more errors not shown)", len(errs)-maxReportedLineErrors))
		}
		notes[len(notes)-1].Text = strings.Join(shown, "\n")
	}
	b, err := json.Marshal(notes)
	if err != nil {
		return "", err
	}
	if added+updated+roles == 0 && len(errs) == p.Total && p.Total > 0 {
		return "", &apiError{Detail: "No line of the file could be imported: " + strings.Join(firstErrors(errs), "; ")}
	}
	return string(b), nil
}

// firstErrors is the first ten errors, for a failed job's notes.
func firstErrors(errs []string) []string {
	if len(errs) > 10 {
		return append(errs[:10:10], fmt.Sprintf("(%d more)", len(errs)-10))
	}
	return errs
}

// detailOf is an error as a line of a report: an API error's detail.
func detailOf(err error) string {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.Detail
	}
	return err.Error()
}

// importUser adds or updates the user of one line; it reports whether the
// user was added, their information updated, their site role changed.
func (s *Store) importUser(ctx context.Context, siteID string, l importLine) (added, updated, role int, err error) {
	u, err := s.siteUserByName(ctx, s.db, siteID, l.Name)
	var ae *apiError
	switch {
	case errors.As(err, &ae) && ae.Status == http.StatusNotFound:
		r := l.Role
		if r == "" {
			r = tsc.SiteRoleUnlicensed
		}
		nu, err := s.addUser(ctx, siteID, l.Name, r, l.AuthSetting)
		if err != nil {
			return 0, 0, 0, err
		}
		if l.DisplayName != "" || l.Email != "" {
			if _, err := s.updateUser(ctx, siteID, nu.ID, userUpdate{FullName: l.DisplayName, Email: l.Email}); err != nil {
				return 0, 0, 0, err
			}
		}
		return 1, 0, 0, s.setPasswordHash(ctx, nu.ID, l)
	case err != nil:
		return 0, 0, 0, err
	}
	if u.ServerAdmin {
		return 0, 0, 0, errors.New("the user is a server administrator; a user file does not change them")
	}
	up := userUpdate{FullName: l.DisplayName, Email: l.Email, AuthSetting: l.AuthSetting}
	if l.Role != "" && l.Role != u.SiteRole {
		up.SiteRole, role = l.Role, 1
	}
	if up.FullName != "" || up.Email != "" || l.PasswordHash != "" || up.AuthSetting != "" {
		updated = 1
	}
	if updated+role == 0 {
		return 0, 0, 0, nil
	}
	if _, err = s.updateUser(ctx, siteID, u.ID, up); err != nil {
		return 0, 0, 0, err
	}
	return 0, updated, role, s.setPasswordHash(ctx, u.ID, l)
}

// setPasswordHash gives the user the line's password, hashed when the
// line was read.
func (s *Store) setPasswordHash(ctx context.Context, userID string, l importLine) error {
	if l.PasswordHash == "" {
		return nil
	}
	_, err := s.db.ExecContext(ctx, `UPDATE users SET password_salt = ?, password_hash = ? WHERE id = ?`, l.PasswordSalt, l.PasswordHash, userID)
	return err
}

// deleteUsersCSV answers POST /sites/{site}/users/delete: the users the
// file names (first column) leave the site. As Tableau does when a user
// owns content, such a user stays, Unlicensed; names not on the site, and
// server administrators, are skipped.
func (s *Server) deleteUsersCSV(c *call) (result, error) {
	if err := s.authorize(c, actImportUsers, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	recs, _, err := readUserCSV(c, "tableau_user_delete")
	if err != nil {
		return result{}, err
	}
	for _, rec := range recs {
		name := strings.TrimPrefix(rec.Fields[0], `local\`)
		if usercsv.CheckUsername(name) != nil {
			continue
		}
		u, err := s.store.siteUserByName(c.ctx, s.store.db, c.siteID(), name)
		if err != nil || u.ServerAdmin || u.ID == c.user.ID {
			continue
		}
		err = s.store.removeUser(c.ctx, c.siteID(), u.ID, "")
		var ae *apiError
		if errors.As(err, &ae) && ae.Status == http.StatusConflict {
			_, err = s.store.updateUser(c.ctx, c.siteID(), u.ID, userUpdate{SiteRole: tsc.SiteRoleUnlicensed})
		}
		if err != nil {
			return result{}, err
		}
	}
	return noContent()
}

// groupJobPayload is a GroupImport or GroupSync job's work.
type groupJobPayload struct {
	GroupID  string       `json:"groupId,omitempty"`
	Name     string       `json:"name"`
	Domain   string       `json:"domain"`
	Mode     string       `json:"mode"`
	SiteRole tsc.SiteRole `json:"siteRole"`
}

// importGroup answers Create Group (id "") and Update Group (id set) with
// an <import> element: the group is imported from (or synchronised with)
// the directory, now, or in a job with asJob=true.
func (s *Server) importGroup(c *call, g *tsc.Group, id string) (result, error) {
	if s.cfg.Cloud {
		return result{}, badRequest("Tableau Cloud has no Active Directory import: groups are synchronised through SCIM or created locally.")
	}
	imp := g.Import
	if imp.Source != "" && imp.Source != "ActiveDirectory" {
		return result{}, badRequest("The import source '%s' is not ActiveDirectory.", quoteCut(imp.Source))
	}
	if strings.TrimSpace(imp.DomainName) == "" {
		return result{}, badRequest("The <import> element needs a domainName.")
	}
	mode := imp.GrantLicenseMode
	switch mode {
	case "":
		mode = "onLogin"
	case "onLogin", "onSync":
	default:
		return result{}, badRequest("grantLicenseMode '%s' is not onLogin or onSync.", quoteCut(mode))
	}
	role := imp.SiteRole
	if role == "" {
		role = tsc.SiteRoleUnlicensed
	}
	if err := s.store.checkRole(role); err != nil {
		return result{}, err
	}
	if role == tsc.SiteRoleServerAdministrator {
		return result{}, badRequest("A group's minimum site role cannot be ServerAdministrator.")
	}
	name := g.Name
	if id != "" {
		cur, err := s.store.group(c.ctx, s.store.db, c.siteID(), id)
		if err != nil {
			return result{}, err
		}
		if cur.AllUsers {
			return result{}, forbidden("The All Users group cannot be synchronised with a directory.")
		}
		if cur.Domain == "local" {
			return result{}, badRequest("The group '%s' is local: only a group imported from a directory is synchronised.", cur.Name)
		}
		name = cur.Name
	}
	dg := s.cfg.Directory.group(imp.DomainName, name)
	if dg == nil {
		return result{}, notFound(codeGroupNotFound, "The group '%s' could not be found in the directory domain '%s'.", quoteCut(name), quoteCut(imp.DomainName))
	}
	p := groupJobPayload{GroupID: id, Name: dg.Name, Domain: dg.Domain, Mode: mode, SiteRole: role}
	if strings.EqualFold(c.query.Get("asJob"), "true") {
		typ := jobGroupImport
		if id != "" {
			typ = jobGroupSync
		}
		b, err := json.Marshal(p)
		if err != nil {
			return result{}, err
		}
		return s.startIdentityJob(c, typ, id, dg.Name, string(b))
	}
	row, _, err := s.runGroupJob(c.ctx, c.siteID(), p)
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	out := renderGroup(row)
	out.Import = &tsc.GroupImport{Source: "ActiveDirectory", DomainName: dg.Domain, GrantLicenseMode: mode, SiteRole: role}
	resp.Group = &out
	if id == "" {
		return created(resp)
	}
	return ok(resp)
}

// runGroupJob imports or synchronises a directory group.
func (s *Server) runGroupJob(ctx context.Context, siteID string, p groupJobPayload) (*groupRow, syncCounts, error) {
	dg := s.cfg.Directory.group(p.Domain, p.Name)
	if dg == nil {
		return nil, syncCounts{}, notFound(codeGroupNotFound, "The group '%s' could not be found in the directory domain '%s'.", p.Name, p.Domain)
	}
	imp := directoryImport{Domain: p.Domain, Mode: p.Mode, SiteRole: p.SiteRole}
	if p.GroupID == "" {
		return s.store.importDirectoryGroup(ctx, siteID, s.cfg.Directory, dg, imp)
	}
	return s.store.resyncDirectoryGroup(ctx, siteID, p.GroupID, s.cfg.Directory, dg, imp)
}

// startIdentityJob records a job of this file and answers it, 202.
func (s *Server) startIdentityJob(c *call, typ, contentID, contentName, payload string) (result, error) {
	j, err := s.store.createJob(c.ctx, jobInput{SiteID: c.siteID(), Type: typ, ContentType: "user", ContentID: contentID,
		ContentName: contentName, Payload: payload, DurationMS: s.cfg.JobDuration.Milliseconds()}, s.nowMS())
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Job = renderJob(j)
	return result{status: http.StatusAccepted, body: resp}, nil
}

// identityJobEffect runs the jobs of this file (jobEffect asks it first);
// handled is false for other jobs.
func (s *Server) identityJobEffect(ctx context.Context, j *jobRow) (handled bool, notes string, err error) {
	switch j.Type {
	case jobUserImport:
		notes, err = s.userImportEffect(ctx, j)
		return true, notes, err
	case jobGroupImport, jobGroupSync:
		var p groupJobPayload
		if err := json.Unmarshal([]byte(j.Payload), &p); err != nil {
			return true, "", err
		}
		_, n, err := s.runGroupJob(ctx, j.SiteID, p)
		if err != nil {
			return true, "", err
		}
		b, err := json.Marshal(n.notes())
		return true, string(b), err
	}
	return false, "", nil
}

// identityStatusNotes are the status notes of a job of this file (its
// notes hold them as JSON); nil for other jobs and for failed ones.
func identityStatusNotes(j *jobRow) *tsc.StatusNoteList {
	switch j.Type {
	case jobUserImport, jobGroupImport, jobGroupSync:
	default:
		return nil
	}
	var notes []tsc.StatusNote
	if j.Notes == "" || json.Unmarshal([]byte(j.Notes), &notes) != nil {
		return nil
	}
	return &tsc.StatusNoteList{Notes: notes}
}
