// Package resources holds what tabctl's noun packages share about the
// resources they print: the JSON row of each resource, its default table
// columns, and the resolvers that turn a name given on the command line
// into the resource (project "Finance" -> its id).
//
// # JSON rows
//
// `-o json` prints these row structs, never the SDK's models, so that
// scripts get field names that do not move when the SDK does:
//
//   - names are Tableau's REST attribute names (id, name, contentUrl,
//     siteRole, createdAt...), lowerCamel;
//   - nested references are flattened with the element's name as prefix:
//     <project id name> becomes projectId and projectName, <owner> becomes
//     ownerId and ownerName;
//   - every key is always present: a value the server did not send is ""
//     for text, null for numbers and booleans, [] for lists;
//   - times are UTC RFC 3339 (2024-05-01T12:00:00Z), "" when unknown;
//   - tags are a list of labels.
//
// A list prints one JSON array, a single item (get, create, update) one
// object. docs/cli-json.md lists every row's fields.
package resources

import (
	"slices"
	"strconv"
	"strings"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// Time formats a server time for output: RFC 3339 in UTC, "" when unknown.
func Time(t tsc.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

// optInt and optBool show optional values in a table cell ("" when unset).
func optInt[T int | int64](p *T) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(int64(*p), 10)
}

func optBool(p *bool) string {
	if p == nil {
		return ""
	}
	return strconv.FormatBool(*p)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// SiteRow is a site as tabctl prints it.
type SiteRow struct {
	ID                     string `json:"id"`
	Name                   string `json:"name"`
	ContentURL             string `json:"contentUrl"`
	AdminMode              string `json:"adminMode"`
	State                  string `json:"state"`
	UserQuota              *int   `json:"userQuota"`
	StorageQuota           *int   `json:"storageQuota"`
	RevisionLimit          *int   `json:"revisionLimit"`
	RevisionHistoryEnabled *bool  `json:"revisionHistoryEnabled"`
	DisableSubscriptions   *bool  `json:"disableSubscriptions"`
	NumUsers               *int   `json:"numUsers"`
	Storage                *int   `json:"storage"`
}

// NewSiteRow flattens a site.
func NewSiteRow(s tsc.Site) SiteRow {
	r := SiteRow{ID: s.ID, Name: s.Name, ContentURL: s.ContentURL, AdminMode: s.AdminMode, State: s.State,
		UserQuota: s.UserQuota, StorageQuota: s.StorageQuota, RevisionLimit: s.RevisionLimit,
		RevisionHistoryEnabled: s.RevisionHistoryEnabled, DisableSubscriptions: s.DisableSubscriptions,
		NumUsers: s.NumUsers, Storage: s.Storage}
	if s.Usage != nil {
		r.NumUsers, r.Storage = &s.Usage.NumUsers, &s.Usage.Storage
	}
	return r
}

// SiteTable shows sites; the Default site's empty content URL shows as "".
var SiteTable = cmdutil.Table[SiteRow]{Columns: []cmdutil.Column[SiteRow]{
	{Header: "name", Value: func(r SiteRow) string { return r.Name }},
	{Header: "content url", Value: func(r SiteRow) string {
		if r.ContentURL == "" {
			return `""`
		}
		return r.ContentURL
	}},
	{Header: "state", Value: func(r SiteRow) string { return r.State }},
	{Header: "admin mode", Value: func(r SiteRow) string { return r.AdminMode }},
	{Header: "user quota", Value: func(r SiteRow) string { return optInt(r.UserQuota) }},
	{Header: "id", Value: func(r SiteRow) string { return r.ID }, Wide: true},
}}

// ProjectRow is a project as tabctl prints it.
type ProjectRow struct {
	ID                 string `json:"id"`
	Name               string `json:"name"`
	Description        string `json:"description"`
	ContentPermissions string `json:"contentPermissions"`
	ParentProjectID    string `json:"parentProjectId"`
	ParentProjectName  string `json:"parentProjectName"`
	OwnerID            string `json:"ownerId"`
	OwnerName          string `json:"ownerName"`
	CreatedAt          string `json:"createdAt"`
	UpdatedAt          string `json:"updatedAt"`
}

// NewProjectRow flattens a project.
func NewProjectRow(p tsc.Project) ProjectRow {
	r := ProjectRow{ID: p.ID, Name: p.Name, Description: p.Description, ContentPermissions: string(p.ContentPermissions),
		ParentProjectID: p.ParentProjectID, CreatedAt: Time(p.CreatedAt), UpdatedAt: Time(p.UpdatedAt)}
	if p.Owner != nil {
		r.OwnerID, r.OwnerName = p.Owner.ID, p.Owner.Name
	}
	return r
}

// ProjectTable shows the project list, which names each project's parent
// and owner (ProjectList asks for them).
var ProjectTable = cmdutil.Table[ProjectRow]{Columns: []cmdutil.Column[ProjectRow]{
	{Header: "name", Value: func(r ProjectRow) string { return r.Name }},
	{Header: "parent", Value: func(r ProjectRow) string { return r.ParentProjectName }},
	{Header: "owner", Value: func(r ProjectRow) string { return r.OwnerName }},
	{Header: "permissions", Value: func(r ProjectRow) string { return r.ContentPermissions }},
	{Header: "description", Value: func(r ProjectRow) string { return r.Description }},
	{Header: "id", Value: func(r ProjectRow) string { return r.ID }, Wide: true},
}}

// ProjectItemTable shows one project (get, create, update), whose answer
// carries the parent's id but neither its name nor the owner's.
var ProjectItemTable = cmdutil.Table[ProjectRow]{Columns: []cmdutil.Column[ProjectRow]{
	{Header: "name", Value: func(r ProjectRow) string { return r.Name }},
	{Header: "parent id", Value: func(r ProjectRow) string { return r.ParentProjectID }, Wide: true},
	{Header: "permissions", Value: func(r ProjectRow) string { return r.ContentPermissions }},
	{Header: "description", Value: func(r ProjectRow) string { return r.Description }},
	{Header: "id", Value: func(r ProjectRow) string { return r.ID }, Wide: true},
}}

// UserRow is a user as tabctl prints it. domainName is the user's
// identity domain ("local" for local accounts).
type UserRow struct {
	ID                 string `json:"id"`
	Name               string `json:"name"`
	FullName           string `json:"fullName"`
	Email              string `json:"email"`
	SiteRole           string `json:"siteRole"`
	AuthSetting        string `json:"authSetting"`
	LastLogin          string `json:"lastLogin"`
	ExternalAuthUserID string `json:"externalAuthUserId"`
	Locale             string `json:"locale"`
	Language           string `json:"language"`
	DomainName         string `json:"domainName"`
}

// NewUserRow flattens a user.
func NewUserRow(u tsc.User) UserRow {
	r := UserRow{ID: u.ID, Name: u.Name, FullName: u.FullName, Email: u.Email, SiteRole: string(u.SiteRole),
		AuthSetting: u.AuthSetting, LastLogin: Time(u.LastLogin), ExternalAuthUserID: u.ExternalAuthUserID,
		Locale: u.Locale, Language: u.Language}
	if u.Domain != nil {
		r.DomainName = u.Domain.Name
	}
	return r
}

// UserTable shows users.
var UserTable = cmdutil.Table[UserRow]{Columns: []cmdutil.Column[UserRow]{
	{Header: "name", Value: func(r UserRow) string { return r.Name }},
	{Header: "site role", Value: func(r UserRow) string { return r.SiteRole }},
	{Header: "full name", Value: func(r UserRow) string { return r.FullName }},
	{Header: "email", Value: func(r UserRow) string { return r.Email }},
	{Header: "last login", Value: func(r UserRow) string { return r.LastLogin }},
	{Header: "id", Value: func(r UserRow) string { return r.ID }, Wide: true},
}}

// GroupRow is a group as tabctl prints it.
type GroupRow struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	DomainName      string `json:"domainName"`
	MinimumSiteRole string `json:"minimumSiteRole"`
	UserCount       *int   `json:"userCount"`
}

// NewGroupRow flattens a group.
func NewGroupRow(g tsc.Group) GroupRow {
	r := GroupRow{ID: g.ID, Name: g.Name, MinimumSiteRole: string(g.MinimumSiteRole), UserCount: g.UserCount}
	if g.Domain != nil {
		r.DomainName = g.Domain.Name
	}
	return r
}

// GroupTable shows groups.
var GroupTable = cmdutil.Table[GroupRow]{Columns: []cmdutil.Column[GroupRow]{
	{Header: "name", Value: func(r GroupRow) string { return r.Name }},
	{Header: "domain", Value: func(r GroupRow) string { return r.DomainName }},
	{Header: "minimum site role", Value: func(r GroupRow) string { return r.MinimumSiteRole }},
	{Header: "users", Value: func(r GroupRow) string { return optInt(r.UserCount) }},
	{Header: "id", Value: func(r GroupRow) string { return r.ID }, Wide: true},
}}

// GroupItemTable shows one group as Create and Update Group answer it,
// without its member count (those answers carry none).
var GroupItemTable = cmdutil.Table[GroupRow]{Columns: []cmdutil.Column[GroupRow]{
	{Header: "name", Value: func(r GroupRow) string { return r.Name }},
	{Header: "domain", Value: func(r GroupRow) string { return r.DomainName }},
	{Header: "minimum site role", Value: func(r GroupRow) string { return r.MinimumSiteRole }},
	{Header: "id", Value: func(r GroupRow) string { return r.ID }, Wide: true},
}}

// WorkbookRow is a workbook as tabctl prints it. size is in MB, as the
// server reports it.
type WorkbookRow struct {
	ID            string   `json:"id"`
	Name          string   `json:"name"`
	Description   string   `json:"description"`
	ContentURL    string   `json:"contentUrl"`
	WebpageURL    string   `json:"webpageUrl"`
	ProjectID     string   `json:"projectId"`
	ProjectName   string   `json:"projectName"`
	OwnerID       string   `json:"ownerId"`
	OwnerName     string   `json:"ownerName"`
	ShowTabs      *bool    `json:"showTabs"`
	Size          *int     `json:"size"`
	HasExtracts   *bool    `json:"hasExtracts"`
	DefaultViewID string   `json:"defaultViewId"`
	Tags          []string `json:"tags"`
	CreatedAt     string   `json:"createdAt"`
	UpdatedAt     string   `json:"updatedAt"`
}

// NewWorkbookRow flattens a workbook.
func NewWorkbookRow(w tsc.Workbook) WorkbookRow {
	r := WorkbookRow{ID: w.ID, Name: w.Name, Description: w.Description, ContentURL: w.ContentURL, WebpageURL: w.WebpageURL,
		ShowTabs: w.ShowTabs, Size: w.Size, HasExtracts: w.HasExtracts, DefaultViewID: w.DefaultViewID,
		Tags: nonNil(w.Tags.Labels()), CreatedAt: Time(w.CreatedAt), UpdatedAt: Time(w.UpdatedAt)}
	if w.Project != nil {
		r.ProjectID, r.ProjectName = w.Project.ID, w.Project.Name
	}
	if w.Owner != nil {
		r.OwnerID, r.OwnerName = w.Owner.ID, w.Owner.Name
	}
	return r
}

// WorkbookTable shows workbooks.
var WorkbookTable = cmdutil.Table[WorkbookRow]{Columns: []cmdutil.Column[WorkbookRow]{
	{Header: "name", Value: func(r WorkbookRow) string { return r.Name }},
	{Header: "project", Value: func(r WorkbookRow) string { return r.ProjectName }},
	{Header: "owner", Value: func(r WorkbookRow) string { return r.OwnerName }},
	{Header: "tags", Value: func(r WorkbookRow) string { return strings.Join(r.Tags, ",") }},
	{Header: "updated", Value: func(r WorkbookRow) string { return r.UpdatedAt }},
	{Header: "id", Value: func(r WorkbookRow) string { return r.ID }, Wide: true},
}}

// WorkbookItemTable shows one workbook (get, publish, update), whose answer
// names the owner by id only.
var WorkbookItemTable = cmdutil.Table[WorkbookRow]{Columns: []cmdutil.Column[WorkbookRow]{
	{Header: "name", Value: func(r WorkbookRow) string { return r.Name }},
	{Header: "project", Value: func(r WorkbookRow) string { return r.ProjectName }},
	{Header: "tags", Value: func(r WorkbookRow) string { return strings.Join(r.Tags, ",") }},
	{Header: "updated", Value: func(r WorkbookRow) string { return r.UpdatedAt }},
	{Header: "id", Value: func(r WorkbookRow) string { return r.ID }, Wide: true},
}}

// ViewRow is a view as tabctl prints it. totalViewCount is null unless
// usage was asked for.
type ViewRow struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	ContentURL     string   `json:"contentUrl"`
	SheetType      string   `json:"sheetType"`
	ViewURLName    string   `json:"viewUrlName"`
	WorkbookID     string   `json:"workbookId"`
	WorkbookName   string   `json:"workbookName"`
	ProjectID      string   `json:"projectId"`
	ProjectName    string   `json:"projectName"`
	OwnerID        string   `json:"ownerId"`
	OwnerName      string   `json:"ownerName"`
	Tags           []string `json:"tags"`
	TotalViewCount *int     `json:"totalViewCount"`
	CreatedAt      string   `json:"createdAt"`
	UpdatedAt      string   `json:"updatedAt"`
}

// NewViewRow flattens a view.
func NewViewRow(v tsc.View) ViewRow {
	r := ViewRow{ID: v.ID, Name: v.Name, ContentURL: v.ContentURL, SheetType: v.SheetType, ViewURLName: v.ViewURLName,
		Tags: nonNil(v.Tags.Labels()), CreatedAt: Time(v.CreatedAt), UpdatedAt: Time(v.UpdatedAt)}
	if v.Workbook != nil {
		r.WorkbookID, r.WorkbookName = v.Workbook.ID, v.Workbook.Name
	}
	if v.Project != nil {
		r.ProjectID, r.ProjectName = v.Project.ID, v.Project.Name
	}
	if v.Owner != nil {
		r.OwnerID, r.OwnerName = v.Owner.ID, v.Owner.Name
	}
	if v.Usage != nil {
		n := v.Usage.TotalViewCount
		r.TotalViewCount = &n
	}
	return r
}

// ViewTable shows views, with their view counts (asked for by --usage).
var ViewTable = cmdutil.Table[ViewRow]{Columns: []cmdutil.Column[ViewRow]{
	{Header: "name", Value: func(r ViewRow) string { return r.Name }},
	{Header: "type", Value: func(r ViewRow) string { return r.SheetType }},
	{Header: "workbook id", Value: func(r ViewRow) string { return r.WorkbookID }, Wide: true},
	{Header: "content url", Value: func(r ViewRow) string { return r.ContentURL }},
	{Header: "views", Value: func(r ViewRow) string { return optInt(r.TotalViewCount) }},
	{Header: "id", Value: func(r ViewRow) string { return r.ID }, Wide: true},
}}

// ViewTableFor is ViewTable for a list that did or did not ask for usage:
// without it the view counts are never sent, so their column is left out.
func ViewTableFor(usage bool) cmdutil.Table[ViewRow] {
	if usage {
		return ViewTable
	}
	t := ViewTable
	t.Columns = slices.DeleteFunc(slices.Clone(t.Columns), func(c cmdutil.Column[ViewRow]) bool { return c.Header == "views" })
	return t
}

// DatasourceRow is a published data source as tabctl prints it. type is
// the connector (e.g. "hyper", "sqlserver"); size is in MB.
type DatasourceRow struct {
	ID                string   `json:"id"`
	Name              string   `json:"name"`
	Description       string   `json:"description"`
	ContentURL        string   `json:"contentUrl"`
	WebpageURL        string   `json:"webpageUrl"`
	Type              string   `json:"type"`
	ProjectID         string   `json:"projectId"`
	ProjectName       string   `json:"projectName"`
	OwnerID           string   `json:"ownerId"`
	OwnerName         string   `json:"ownerName"`
	IsCertified       *bool    `json:"isCertified"`
	CertificationNote string   `json:"certificationNote"`
	HasExtracts       *bool    `json:"hasExtracts"`
	EncryptExtracts   *bool    `json:"encryptExtracts"`
	Size              *int     `json:"size"`
	Tags              []string `json:"tags"`
	CreatedAt         string   `json:"createdAt"`
	UpdatedAt         string   `json:"updatedAt"`
}

// NewDatasourceRow flattens a data source.
func NewDatasourceRow(d tsc.Datasource) DatasourceRow {
	r := DatasourceRow{ID: d.ID, Name: d.Name, Description: d.Description, ContentURL: d.ContentURL, WebpageURL: d.WebpageURL,
		Type: d.Type, IsCertified: d.IsCertified, CertificationNote: d.CertificationNote, HasExtracts: d.HasExtracts,
		EncryptExtracts: d.EncryptExtracts, Size: d.Size, Tags: nonNil(d.Tags.Labels()),
		CreatedAt: Time(d.CreatedAt), UpdatedAt: Time(d.UpdatedAt)}
	if d.Project != nil {
		r.ProjectID, r.ProjectName = d.Project.ID, d.Project.Name
	}
	if d.Owner != nil {
		r.OwnerID, r.OwnerName = d.Owner.ID, d.Owner.Name
	}
	return r
}

// DatasourceTable shows the data source list (DatasourceList asks for the
// owners' names).
var DatasourceTable = cmdutil.Table[DatasourceRow]{Columns: []cmdutil.Column[DatasourceRow]{
	{Header: "name", Value: func(r DatasourceRow) string { return r.Name }},
	{Header: "type", Value: func(r DatasourceRow) string { return r.Type }},
	{Header: "project", Value: func(r DatasourceRow) string { return r.ProjectName }},
	{Header: "owner", Value: func(r DatasourceRow) string { return r.OwnerName }},
	{Header: "certified", Value: func(r DatasourceRow) string { return optBool(r.IsCertified) }},
	{Header: "updated", Value: func(r DatasourceRow) string { return r.UpdatedAt }},
	{Header: "id", Value: func(r DatasourceRow) string { return r.ID }, Wide: true},
}}

// DatasourceItemTable shows one data source (get, publish, update), whose
// answer names the owner by id only.
var DatasourceItemTable = cmdutil.Table[DatasourceRow]{Columns: []cmdutil.Column[DatasourceRow]{
	{Header: "name", Value: func(r DatasourceRow) string { return r.Name }},
	{Header: "type", Value: func(r DatasourceRow) string { return r.Type }},
	{Header: "project", Value: func(r DatasourceRow) string { return r.ProjectName }},
	{Header: "certified", Value: func(r DatasourceRow) string { return optBool(r.IsCertified) }},
	{Header: "updated", Value: func(r DatasourceRow) string { return r.UpdatedAt }},
	{Header: "id", Value: func(r DatasourceRow) string { return r.ID }, Wide: true},
}}

// ConnectionRow is a data connection of a workbook or data source.
// Passwords are never printed (servers do not return them).
type ConnectionRow struct {
	ID                 string `json:"id"`
	Type               string `json:"type"`
	ServerAddress      string `json:"serverAddress"`
	ServerPort         string `json:"serverPort"`
	UserName           string `json:"userName"`
	EmbedPassword      *bool  `json:"embedPassword"`
	AuthenticationType string `json:"authenticationType"`
	DatasourceID       string `json:"datasourceId"`
	DatasourceName     string `json:"datasourceName"`
}

// NewConnectionRow flattens a connection.
func NewConnectionRow(c tsc.Connection) ConnectionRow {
	r := ConnectionRow{ID: c.ID, Type: c.Type, ServerAddress: c.ServerAddress, ServerPort: c.ServerPort,
		UserName: c.UserName, EmbedPassword: c.EmbedPassword, AuthenticationType: c.AuthenticationType}
	if c.Datasource != nil {
		r.DatasourceID, r.DatasourceName = c.Datasource.ID, c.Datasource.Name
	}
	return r
}

// ConnectionTable shows connections.
var ConnectionTable = cmdutil.Table[ConnectionRow]{Columns: []cmdutil.Column[ConnectionRow]{
	{Header: "id", Value: func(r ConnectionRow) string { return r.ID }},
	{Header: "type", Value: func(r ConnectionRow) string { return r.Type }},
	{Header: "server", Value: func(r ConnectionRow) string { return r.ServerAddress }},
	{Header: "port", Value: func(r ConnectionRow) string { return r.ServerPort }},
	{Header: "user", Value: func(r ConnectionRow) string { return r.UserName }},
	{Header: "embedded", Value: func(r ConnectionRow) string { return optBool(r.EmbedPassword) }},
}}

// RevisionRow is one revision of a workbook or data source.
type RevisionRow struct {
	RevisionNumber int    `json:"revisionNumber"`
	PublishedAt    string `json:"publishedAt"`
	Current        *bool  `json:"current"`
	Deleted        *bool  `json:"deleted"`
	SizeInBytes    *int64 `json:"sizeInBytes"`
	PublisherID    string `json:"publisherId"`
	PublisherName  string `json:"publisherName"`
}

// NewRevisionRow flattens a revision.
func NewRevisionRow(r tsc.Revision) RevisionRow {
	out := RevisionRow{RevisionNumber: r.RevisionNumber, PublishedAt: Time(r.PublishedAt), Current: r.Current,
		Deleted: r.Deleted, SizeInBytes: r.SizeInBytes}
	if r.Publisher != nil {
		out.PublisherID, out.PublisherName = r.Publisher.ID, r.Publisher.Name
	}
	return out
}

// RevisionTable shows revisions.
var RevisionTable = cmdutil.Table[RevisionRow]{Columns: []cmdutil.Column[RevisionRow]{
	{Header: "revision", Value: func(r RevisionRow) string { return strconv.Itoa(r.RevisionNumber) }},
	{Header: "published", Value: func(r RevisionRow) string { return r.PublishedAt }},
	{Header: "publisher", Value: func(r RevisionRow) string { return r.PublisherName }},
	{Header: "current", Value: func(r RevisionRow) string { return optBool(r.Current) }},
	{Header: "bytes", Value: func(r RevisionRow) string { return optInt(r.SizeInBytes) }},
}}

// JobRow is one job as GET jobs/{id} reports it: its type, progress (a
// percentage), and once done its finishCode (0 succeeded, 1 failed, 2
// cancelled), status and notes. status is derived: Pending, InProgress,
// Success, Failed or Cancelled, as the job list writes it.
type JobRow struct {
	ID           string   `json:"id"`
	Type         string   `json:"type"`
	Mode         string   `json:"mode"`
	Status       string   `json:"status"`
	Progress     *int     `json:"progress"`
	FinishCode   *int     `json:"finishCode"`
	CreatedAt    string   `json:"createdAt"`
	StartedAt    string   `json:"startedAt"`
	CompletedAt  string   `json:"completedAt"`
	WorkbookID   string   `json:"workbookId"`
	DatasourceID string   `json:"datasourceId"`
	Notes        []string `json:"notes"`
}

// JobStatus names a job's state the way the job list does.
func JobStatus(j tsc.Job) string {
	switch {
	case j.Done() && (j.FinishCode == nil || *j.FinishCode == tsc.JobSucceeded):
		return "Success"
	case j.Done() && *j.FinishCode == tsc.JobCancelled:
		return "Cancelled"
	case j.Done():
		return "Failed"
	case !j.StartedAt.IsZero():
		return "InProgress"
	}
	return "Pending"
}

// jobTypeNames names the job types Tableau spells two ways: the job list
// writes refresh_extracts where GET jobs/{id} writes RefreshExtract.
var jobTypeNames = map[string]string{
	"refresh_extracts": "refresh extracts", "refreshextract": "refresh extracts",
	"increment_extracts": "increment extracts", "incrementextract": "increment extracts",
	"publish_workbook": "publish workbook", "publishworkbook": "publish workbook",
	"publish_datasource": "publish data source", "publishdatasource": "publish data source",
	"run_flow": "run flow", "runflow": "run flow",
}

// JobTypeName is the name tables give a job type, the same whether it
// comes from the job list or from one job, so that `jobs list` and
// `jobs get` agree. A type it does not know is split into lower-case
// words ("SomeNewJob" and "some_new_job" both give "some new job"). JSON
// keeps the server's spelling.
func JobTypeName(t string) string {
	if n, ok := jobTypeNames[strings.ToLower(t)]; ok {
		return n
	}
	var b strings.Builder
	for i, r := range t {
		switch {
		case r == '_' || r == '-':
			b.WriteByte(' ')
		case r >= 'A' && r <= 'Z':
			if i > 0 && !strings.HasSuffix(b.String(), " ") {
				b.WriteByte(' ')
			}
			b.WriteRune(r + ('a' - 'A'))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// NewJobRow flattens a job.
func NewJobRow(j tsc.Job) JobRow {
	r := JobRow{ID: j.ID, Type: j.Type, Mode: j.Mode, Status: JobStatus(j), Progress: j.Progress, FinishCode: j.FinishCode,
		CreatedAt: Time(j.CreatedAt), StartedAt: Time(j.StartedAt), CompletedAt: Time(j.CompletedAt), Notes: nonNil(j.Notes())}
	if e := j.ExtractRefreshJob; e != nil {
		if e.Workbook != nil {
			r.WorkbookID = e.Workbook.ID
		}
		if e.Datasource != nil {
			r.DatasourceID = e.Datasource.ID
		}
	}
	if u := j.UpdateUploadedFileJob; u != nil && u.Datasource != nil {
		r.DatasourceID = u.Datasource.ID
	}
	return r
}

// JobTable shows jobs.
var JobTable = cmdutil.Table[JobRow]{Columns: []cmdutil.Column[JobRow]{
	{Header: "id", Value: func(r JobRow) string { return r.ID }},
	{Header: "type", Value: func(r JobRow) string { return JobTypeName(r.Type) }},
	{Header: "status", Value: func(r JobRow) string { return r.Status }},
	{Header: "progress", Value: func(r JobRow) string { return optInt(r.Progress) }},
	{Header: "created", Value: func(r JobRow) string { return r.CreatedAt }},
	{Header: "completed", Value: func(r JobRow) string { return r.CompletedAt }},
	{Header: "notes", Value: func(r JobRow) string { return strings.Join(r.Notes, "; ") }},
}}

// BackgroundJobRow is a job as the site's job list reports it (Tableau's
// list and single-job answers differ: jobType and endedAt here, type and
// completedAt in JobRow).
type BackgroundJobRow struct {
	ID        string `json:"id"`
	JobType   string `json:"jobType"`
	Status    string `json:"status"`
	Priority  *int   `json:"priority"`
	Title     string `json:"title"`
	Subtitle  string `json:"subtitle"`
	CreatedAt string `json:"createdAt"`
	StartedAt string `json:"startedAt"`
	EndedAt   string `json:"endedAt"`
}

// NewBackgroundJobRow flattens a job of the list.
func NewBackgroundJobRow(j tsc.BackgroundJob) BackgroundJobRow {
	return BackgroundJobRow{ID: j.ID, JobType: j.JobType, Status: j.Status, Priority: j.Priority, Title: j.Title,
		Subtitle: j.Subtitle, CreatedAt: Time(j.CreatedAt), StartedAt: Time(j.StartedAt), EndedAt: Time(j.EndedAt)}
}

// BackgroundJobTable shows the job list.
var BackgroundJobTable = cmdutil.Table[BackgroundJobRow]{Columns: []cmdutil.Column[BackgroundJobRow]{
	{Header: "id", Value: func(r BackgroundJobRow) string { return r.ID }},
	{Header: "type", Value: func(r BackgroundJobRow) string { return JobTypeName(r.JobType) }},
	{Header: "status", Value: func(r BackgroundJobRow) string { return r.Status }},
	{Header: "title", Value: func(r BackgroundJobRow) string { return r.Title }},
	{Header: "created", Value: func(r BackgroundJobRow) string { return r.CreatedAt }},
	{Header: "ended", Value: func(r BackgroundJobRow) string { return r.EndedAt }},
}}

// TagRow is one tag of a workbook, view or data source.
type TagRow struct {
	Label string `json:"label"`
}

// TagRows wraps labels for printing.
func TagRows(labels []string) []TagRow {
	out := make([]TagRow, len(labels))
	for i, l := range labels {
		out[i] = TagRow{Label: l}
	}
	return out
}

// TagTable shows tags.
var TagTable = cmdutil.Table[TagRow]{Columns: []cmdutil.Column[TagRow]{
	{Header: "tag", Value: func(r TagRow) string { return r.Label }},
}}

// PermissionRow is one permission rule as tabctl prints it: on which
// content (or, for a project's default rules, which project and for which
// content type), for which grantee, which capability, allowed or denied.
type PermissionRow struct {
	// ContentType is the content the rule is set on: project, workbook,
	// view, datasource, flow, virtualConnection, database or table.
	ContentType string `json:"contentType"`
	ContentID   string `json:"contentId"`
	// ContentPath names the content within the site: Project/Nested for a
	// project, Project/Workbook, Project/Workbook/View,
	// Project/DataSource; the id for content tabctl cannot name.
	ContentPath string `json:"contentPath"`
	// DefaultsFor is, for a project's default rules, the content type they
	// apply to (workbook, datasource, flow...); "" for a rule set on the
	// content itself.
	DefaultsFor string `json:"defaultsFor"`
	GranteeType string `json:"granteeType"`
	GranteeID   string `json:"granteeId"`
	GranteeName string `json:"granteeName"`
	Capability  string `json:"capability"`
	Mode        string `json:"mode"`
}

// PermissionTable shows the rules of one item: who, what, allowed or
// denied.
var PermissionTable = cmdutil.Table[PermissionRow]{Columns: []cmdutil.Column[PermissionRow]{
	{Header: "grantee type", Value: func(r PermissionRow) string { return r.GranteeType }},
	{Header: "grantee", Value: func(r PermissionRow) string { return r.GranteeName }},
	{Header: "capability", Value: func(r PermissionRow) string { return r.Capability }},
	{Header: "mode", Value: func(r PermissionRow) string { return r.Mode }},
	{Header: "grantee id", Value: func(r PermissionRow) string { return r.GranteeID }, Wide: true},
}}

// PermissionMatrixTable shows rules across content (permissions export):
// the columns of the site's permission matrix.
var PermissionMatrixTable = cmdutil.Table[PermissionRow]{Columns: []cmdutil.Column[PermissionRow]{
	{Header: "content type", Value: func(r PermissionRow) string { return r.ContentType }},
	{Header: "content path", Value: func(r PermissionRow) string { return r.ContentPath }},
	{Header: "defaults for", Value: func(r PermissionRow) string { return r.DefaultsFor }},
	{Header: "grantee type", Value: func(r PermissionRow) string { return r.GranteeType }},
	{Header: "grantee name", Value: func(r PermissionRow) string { return r.GranteeName }},
	{Header: "capability", Value: func(r PermissionRow) string { return r.Capability }},
	{Header: "mode", Value: func(r PermissionRow) string { return r.Mode }},
	{Header: "content id", Value: func(r PermissionRow) string { return r.ContentID }, Wide: true},
	{Header: "grantee id", Value: func(r PermissionRow) string { return r.GranteeID }, Wide: true},
}}

// EffectiveRow is one capability of a user on one item, as `permissions
// explain` prints it: whether the user has it, and which role or rule
// decided.
type EffectiveRow struct {
	Capability string `json:"capability"`
	Allowed    bool   `json:"allowed"`
	// Mode is Allow or Deny: the decision as a rule's mode.
	Mode string `json:"mode"`
	// DecidedBy is the kind of role or rule that decided: "server
	// administrator", "site administrator", "site role", "locked project",
	// "content owner", "project owner", "project leader", "user rule",
	// "group rule" or "no rule".
	DecidedBy string `json:"decidedBy"`
	// Reason says it in words: "group rule Allow Read via group Finance".
	Reason string `json:"reason"`
}

// EffectiveTable shows effective capabilities.
var EffectiveTable = cmdutil.Table[EffectiveRow]{Columns: []cmdutil.Column[EffectiveRow]{
	{Header: "capability", Value: func(r EffectiveRow) string { return r.Capability }},
	{Header: "mode", Value: func(r EffectiveRow) string { return r.Mode }},
	{Header: "decided by", Value: func(r EffectiveRow) string { return r.DecidedBy }},
	{Header: "reason", Value: func(r EffectiveRow) string { return r.Reason }},
}}

// Map converts a slice of SDK models to rows.
func Map[In, Out any](in []In, f func(In) Out) []Out {
	out := make([]Out, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

// SiteUsageTable shows what a site uses beside its quotas (`sites usage`);
// storage is in MB, as the server reports it.
var SiteUsageTable = cmdutil.Table[SiteRow]{Columns: []cmdutil.Column[SiteRow]{
	{Header: "name", Value: func(r SiteRow) string { return r.Name }},
	{Header: "users", Value: func(r SiteRow) string { return optInt(r.NumUsers) }},
	{Header: "user quota", Value: func(r SiteRow) string { return optInt(r.UserQuota) }},
	{Header: "storage (MB)", Value: func(r SiteRow) string { return optInt(r.Storage) }},
	{Header: "storage quota (MB)", Value: func(r SiteRow) string { return optInt(r.StorageQuota) }},
	{Header: "id", Value: func(r SiteRow) string { return r.ID }, Wide: true},
}}
