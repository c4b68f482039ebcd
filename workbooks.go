package tsc

import (
	"context"
	"io"
	"iter"
	"net/url"
)

// Workbook is a published workbook.
//
// ConnectionCredentials, Connections and ThumbnailsUserID are only sent (on
// publish), never returned. Project, Owner and Site are references: servers
// fill in the attributes the request's fields= asks for (id and name by
// default).
type Workbook struct {
	ID          string `xml:"id,attr,omitempty"`
	Name        string `xml:"name,attr,omitempty"`
	Description string `xml:"description,attr,omitempty"`
	ContentURL  string `xml:"contentUrl,attr,omitempty"`
	WebpageURL  string `xml:"webpageUrl,attr,omitempty"`
	ShowTabs    *bool  `xml:"showTabs,attr,omitempty"`
	// Size is in MB, as the server reports it.
	Size        *int  `xml:"size,attr,omitempty"`
	SheetCount  *int  `xml:"sheetCount,attr,omitempty"`
	HasExtracts *bool `xml:"hasExtracts,attr,omitempty"`
	// EncryptExtracts is sent to encrypt (or decrypt) the workbook's extracts;
	// servers report it as true or false.
	EncryptExtracts   *bool  `xml:"encryptExtracts,attr,omitempty"`
	DefaultViewID     string `xml:"defaultViewId,attr,omitempty"`
	ThumbnailsUserID  string `xml:"thumbnailsUserId,attr,omitempty"`
	ThumbnailsGroupID string `xml:"thumbnailsGroupId,attr,omitempty"`
	// PrimaryContentURL is the content URL of a workbook in a personal space.
	PrimaryContentURL string `xml:"primaryContentUrl,attr,omitempty"`
	ShareDescription  string `xml:"shareDescription,attr,omitempty"`
	// RecentlyViewed says the signed-in user viewed the workbook lately.
	RecentlyViewed  *bool `xml:"recentlyViewed,attr,omitempty"`
	CreatedAt       Time  `xml:"createdAt,attr"`
	UpdatedAt       Time  `xml:"updatedAt,attr"`
	LastPublishedAt Time  `xml:"lastPublishedAt,attr"`

	Connections            *ConnectionList         `xml:"connections,omitempty"`
	ConnectionCredentials  *ConnectionCredentials  `xml:"connectionCredentials,omitempty"`
	Site                   *Site                   `xml:"site,omitempty"`
	Project                *Project                `xml:"project,omitempty"`
	Location               *Location               `xml:"location,omitempty"`
	Owner                  *User                   `xml:"owner,omitempty"`
	Tags                   *Tags                   `xml:"tags,omitempty"`
	Views                  *ViewList               `xml:"views,omitempty"`
	DataAccelerationConfig *DataAccelerationConfig `xml:"dataAccelerationConfig,omitempty"`
	DataFreshnessPolicy    *DataFreshnessPolicy    `xml:"dataFreshnessPolicy,omitempty"`
}

// DataAccelerationConfig is a workbook's (or view's) view acceleration setting.
type DataAccelerationConfig struct {
	AccelerationEnabled *bool `xml:"accelerationEnabled,attr,omitempty"`
	AccelerateNow       *bool `xml:"accelerateNow,attr,omitempty"`
	// AccelerationStatus is e.g. "Accelerated", "Pending"; servers also send
	// values the schema does not list ("Enabled", "Suspended").
	AccelerationStatus string `xml:"accelerationStatus,attr,omitempty"`
	LastUpdatedAt      Time   `xml:"lastUpdatedAt,attr"`
}

// DataFreshnessPolicy says how fresh a workbook's data must be (REST 3.22).
type DataFreshnessPolicy struct {
	// Option is "AlwaysLive", "SiteDefault", "FreshEvery" or "FreshAt".
	Option             string              `xml:"option,attr,omitempty"`
	FreshEverySchedule *FreshEverySchedule `xml:"freshEverySchedule,omitempty"`
	FreshAtSchedule    *FreshAtSchedule    `xml:"freshAtSchedule,omitempty"`
}

// FreshEverySchedule is a freshness policy of "at most Value Frequency old".
type FreshEverySchedule struct {
	// Frequency is "Minutes", "Hours", "Days" or "Weeks".
	Frequency string `xml:"frequency,attr,omitempty"`
	Value     *int   `xml:"value,attr,omitempty"`
}

// FreshAtSchedule is a freshness policy of "refreshed at a time of day".
type FreshAtSchedule struct {
	// Frequency is "Day", "Week" or "Month".
	Frequency string `xml:"frequency,attr"`
	// Time is the time of day, "22:00:00".
	Time      string            `xml:"time,attr"`
	Timezone  string            `xml:"timezone,attr,omitempty"`
	Intervals *FreshAtIntervals `xml:"intervals,omitempty"`
}

// FreshAtIntervals lists the days of a weekly or monthly FreshAtSchedule.
type FreshAtIntervals struct {
	Intervals []Interval `xml:"interval"`
}

// Interval is one interval of a schedule: hours or minutes between runs,
// or a week day or month day it runs on. Values are kept as sent, since
// servers write ones the schema does not list ("Customized Monthly", "First").
type Interval struct {
	Hours    string `xml:"hours,attr,omitempty"`
	Minutes  string `xml:"minutes,attr,omitempty"`
	MonthDay string `xml:"monthDay,attr,omitempty"`
	WeekDay  string `xml:"weekDay,attr,omitempty"`
}

// Tags is the <tags> element of a workbook, view or data source.
type Tags struct {
	Tags []Tag `xml:"tag"`
}

// Tag is one tag.
type Tag struct {
	Label string `xml:"label,attr"`
}

// Labels returns the tags' labels.
func (t *Tags) Labels() []string {
	if t == nil {
		return nil
	}
	out := make([]string, len(t.Tags))
	for i, tg := range t.Tags {
		out[i] = tg.Label
	}
	return out
}

// View is a sheet or dashboard of a workbook.
type View struct {
	ID         string `xml:"id,attr,omitempty"`
	Name       string `xml:"name,attr,omitempty"`
	ContentURL string `xml:"contentUrl,attr,omitempty"`
	// SheetType is "worksheet", "dashboard" or "story".
	SheetType   string `xml:"sheetType,attr,omitempty"`
	ViewURLName string `xml:"viewUrlName,attr,omitempty"`
	// Hidden is sent on publish to hide the sheet.
	Hidden *bool `xml:"hidden,attr,omitempty"`
	// FavoritesTotal is how many users have the view as a favorite.
	FavoritesTotal *int `xml:"favoritesTotal,attr,omitempty"`
	// RecentlyViewed says the signed-in user viewed the view lately.
	RecentlyViewed *bool `xml:"recentlyViewed,attr,omitempty"`
	CreatedAt      Time  `xml:"createdAt,attr"`
	UpdatedAt      Time  `xml:"updatedAt,attr"`
	// Workbook, Owner and Project are references, with the attributes
	// fields= asks for (id, and name for the workbook, by default).
	Workbook               *Workbook               `xml:"workbook,omitempty"`
	Owner                  *User                   `xml:"owner,omitempty"`
	Project                *Project                `xml:"project,omitempty"`
	Tags                   *Tags                   `xml:"tags,omitempty"`
	Usage                  *ViewUsage              `xml:"usage,omitempty"`
	DataAccelerationConfig *DataAccelerationConfig `xml:"dataAccelerationConfig,omitempty"`
	Location               *Location               `xml:"location,omitempty"`
}

// WorkbookRef is the name the SDK used for a workbook in a reference (a
// view's workbook) before references became full workbooks.
//
// Deprecated: the schema writes every workbook reference as a workbookType; use Workbook.
type WorkbookRef = Workbook

// ViewUsage counts a view's views.
type ViewUsage struct {
	TotalViewCount int `xml:"totalViewCount,attr"`
}

// ViewList is the <views> element of a list of views.
type ViewList struct {
	Views []View `xml:"view"`
}

// WorkbookList is the <workbooks> element of a list of workbooks.
type WorkbookList struct {
	Workbooks []Workbook `xml:"workbook"`
}

// WorkbooksService publishes, downloads and manages the workbooks of the
// current site.
type WorkbooksService service

// List returns one page of the site's workbooks. Filters include name,
// projectName, ownerName, tags, createdAt and updatedAt.
//
// REST: GET /api/{v}/sites/{site-id}/workbooks (2.0).
func (s *WorkbooksService) List(ctx context.Context, opts ListOptions) ([]Workbook, Pagination, error) {
	lc, err := siteList(s.client, "Workbooks.List", Version{2, 0}, "workbooks", pickWorkbooks)
	if err != nil {
		return nil, Pagination{}, err
	}
	return lc.page(ctx, s.client, opts)
}

// All iterates every workbook of the site.
//
// REST: GET /api/{v}/sites/{site-id}/workbooks (2.0).
func (s *WorkbooksService) All(ctx context.Context, opts ListOptions) iter.Seq2[Workbook, error] {
	lc, err := siteList(s.client, "Workbooks.All", Version{2, 0}, "workbooks", pickWorkbooks)
	if err != nil {
		return errSeq[Workbook](err)
	}
	return lc.all(ctx, s.client, opts)
}

func wbPath(id string) string { return workbookContent.path(id) }

// Get returns the workbook with the given id, with its views and tags.
//
// REST: GET /api/{v}/sites/{site-id}/workbooks/{id} (2.0).
func (s *WorkbooksService) Get(ctx context.Context, id string) (*Workbook, error) {
	return workbookContent.get(ctx, s.client, id)
}

// Update changes the workbook with wb.ID: name, description, showTabs,
// project (wb.Project.ID, moving it), location (wb.Location =
// PersonalSpace(), moving it into the caller's Personal Space on Tableau
// Cloud) and owner (wb.Owner.ID), where set. A workbook in a Personal
// Space answers with a Location and no Project.
//
// REST: PUT /api/{v}/sites/{site-id}/workbooks/{id} (2.0).
func (s *WorkbooksService) Update(ctx context.Context, wb Workbook) (*Workbook, error) {
	return workbookContent.update(ctx, s.client, wb.ID, func() (Workbook, Version, error) {
		body := Workbook{Name: wb.Name, Description: wb.Description, ShowTabs: wb.ShowTabs, DataAccelerationConfig: wb.DataAccelerationConfig,
			Project: projectRef(wb.Project), Owner: userRef(wb.Owner)}
		if wb.Location != nil {
			body.Location = &Location{ID: wb.Location.ID, Type: wb.Location.Type}
		}
		if body.Name == "" && body.Description == "" && body.ShowTabs == nil && body.Project == nil && body.Location == nil && body.Owner == nil && body.DataAccelerationConfig == nil {
			return body, Version{}, errNothingToUpdate
		}
		return body, Version{2, 0}, nil
	})
}

// Delete deletes the workbook with the given id.
//
// REST: DELETE /api/{v}/sites/{site-id}/workbooks/{id} (2.0).
func (s *WorkbooksService) Delete(ctx context.Context, id string) error {
	return workbookContent.delete(ctx, s.client, id)
}

// workbookPayload builds the request_payload of a workbook publish.
func workbookPayload(wb Workbook, opts PublishOptions) func(name string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		body := Workbook{Name: name, Description: wb.Description, ShowTabs: wb.ShowTabs,
			ThumbnailsUserID: wb.ThumbnailsUserID, ConnectionCredentials: opts.Credentials,
			Project: projectRef(wb.Project), Connections: publishConnections(opts.Connections)}
		if len(opts.HiddenViews) > 0 {
			body.Views = &ViewList{}
			for _, v := range opts.HiddenViews {
				body.Views.Views = append(body.Views.Views, View{Name: v, Hidden: Bool(true)})
			}
		}
		return encodeElement("workbook", body)
	}
}

// Publish uploads a workbook file (.twb or .twbx) into wb.Project and
// returns the published workbook. wb.Name defaults to the file's name;
// Description, ShowTabs and ThumbnailsUserID are sent when set.
//
// The file is streamed: below the chunk threshold (64 MB by default) in
// the publish request itself, which is never retried since it may have
// landed; from the threshold on through a file upload session, chunk by
// chunk, each chunk retried only when the source can be read again.
// Everything is checked before the first request: mode (Append is refused),
// options, API version, the file and its type.
//
// REST: POST /api/{v}/sites/{site-id}/workbooks (2.0; several connections 2.8),
// with POST and PUT /api/{v}/sites/{site-id}/fileUploads (2.0) for large files.
func (s *WorkbooksService) Publish(ctx context.Context, wb Workbook, src PublishSource, opts PublishOptions) (*Workbook, error) {
	return workbookContent.publishItem(ctx, s.client, wb.Name, src, opts, workbookPayload(wb, opts))
}

// PublishFile publishes the workbook file at path; see Publish.
//
// REST: POST /api/{v}/sites/{site-id}/workbooks (2.0).
func (s *WorkbooksService) PublishFile(ctx context.Context, wb Workbook, path string, opts PublishOptions) (*Workbook, error) {
	return workbookContent.publishPath(ctx, s.client, wb.Name, path, opts, workbookPayload(wb, opts))
}

// PublishAsJob publishes like Publish, but the server does the work in the
// background and answers at once with the job; follow it with Jobs.Wait.
// Use it for workbooks whose publish outlasts proxies' timeouts.
//
// REST: POST /api/{v}/sites/{site-id}/workbooks?asJob=true (3.0).
func (s *WorkbooksService) PublishAsJob(ctx context.Context, wb Workbook, src PublishSource, opts PublishOptions) (*Job, error) {
	return workbookContent.publishJob(ctx, s.client, wb.Name, src, opts, workbookPayload(wb, opts))
}

// Download streams the workbook file (.twbx, or .twb without extract) to w.
// Set opts.ExcludeExtract to leave the extract out.
//
// REST: GET /api/{v}/sites/{site-id}/workbooks/{id}/content (2.0; includeExtract 2.5).
func (s *WorkbooksService) Download(ctx context.Context, id string, w io.Writer, opts DownloadOptions) (*Download, error) {
	return workbookContent.download(ctx, s.client, id, w, opts)
}

// DownloadTo saves the workbook file into dest: an existing directory,
// where the file takes the server's name made safe (or "<workbook
// name>.twbx"), or a file path. The file appears only once complete; an
// existing file is kept unless opts.Overwrite is set.
//
// REST: GET /api/{v}/sites/{site-id}/workbooks/{id}/content (2.0; includeExtract 2.5).
func (s *WorkbooksService) DownloadTo(ctx context.Context, id, dest string, opts DownloadOptions) (*Download, error) {
	return workbookContent.downloadTo(ctx, s.client, id, dest, opts)
}

// Revisions returns one page of the workbook's revisions. Tableau pages
// revisions but documents no filter or sort for them.
//
// REST: GET /api/{v}/sites/{site-id}/workbooks/{id}/revisions (2.3).
func (s *WorkbooksService) Revisions(ctx context.Context, id string, opts ListOptions) ([]Revision, Pagination, error) {
	return workbookContent.revisions(ctx, s.client, id, opts)
}

// AllRevisions iterates every revision of the workbook.
//
// REST: GET /api/{v}/sites/{site-id}/workbooks/{id}/revisions (2.3).
func (s *WorkbooksService) AllRevisions(ctx context.Context, id string, opts ListOptions) iter.Seq2[Revision, error] {
	return workbookContent.allRevisions(ctx, s.client, id, opts)
}

// DownloadRevision streams revision rev of the workbook to w.
//
// REST: GET /api/{v}/sites/{site-id}/workbooks/{id}/revisions/{rev}/content (2.3).
func (s *WorkbooksService) DownloadRevision(ctx context.Context, id string, rev int, w io.Writer, opts DownloadOptions) (*Download, error) {
	return workbookContent.downloadRevision(ctx, s.client, id, rev, w, opts)
}

// DownloadRevisionTo saves revision rev of the workbook into dest, as
// DownloadTo does.
//
// REST: GET /api/{v}/sites/{site-id}/workbooks/{id}/revisions/{rev}/content (2.3).
func (s *WorkbooksService) DownloadRevisionTo(ctx context.Context, id string, rev int, dest string, opts DownloadOptions) (*Download, error) {
	return workbookContent.downloadRevisionTo(ctx, s.client, id, rev, dest, opts)
}

// DeleteRevision removes revision rev from the workbook's history.
//
// REST: DELETE /api/{v}/sites/{site-id}/workbooks/{id}/revisions/{rev} (2.3).
func (s *WorkbooksService) DeleteRevision(ctx context.Context, id string, rev int) error {
	return workbookContent.deleteRevision(ctx, s.client, id, rev)
}

// Views returns the workbook's views; with usage, each carries its total
// view count. Unlike [ViewsService.List] it takes no ListOptions: Tableau
// answers this endpoint with all of the workbook's views at once, unpaged
// and unfiltered, so usage is its only option.
//
// REST: GET /api/{v}/sites/{site-id}/workbooks/{id}/views (2.0; usage statistics 2.0).
func (s *WorkbooksService) Views(ctx context.Context, id string, usage bool) ([]View, error) {
	if err := workbookContent.checkID("Views", id); err != nil {
		return nil, err
	}
	var q url.Values
	if usage {
		q = url.Values{"includeUsageStatistics": {"true"}}
	}
	resp, err := s.client.getSite(ctx, "Workbooks.Views", Version{2, 0}, wbPath(id)+"/views", q)
	if err != nil {
		return nil, err
	}
	if resp.Views == nil {
		return nil, nil
	}
	return resp.Views.Views, nil
}

// Connections returns the workbook's data connections. Tableau does not
// page them, so it takes no ListOptions.
//
// REST: GET /api/{v}/sites/{site-id}/workbooks/{id}/connections (2.0).
func (s *WorkbooksService) Connections(ctx context.Context, id string) ([]Connection, error) {
	return workbookContent.connections(ctx, s.client, id)
}

// UpdateConnection changes a connection of the workbook (conn.ID): server
// address, port, user name, password, embedPassword, where set.
//
// REST: PUT /api/{v}/sites/{site-id}/workbooks/{id}/connections/{connection-id} (2.3).
func (s *WorkbooksService) UpdateConnection(ctx context.Context, id string, conn Connection) (*Connection, error) {
	return workbookContent.updateConnection(ctx, s.client, id, conn)
}

// PreviewImage streams the workbook's thumbnail (PNG) to w.
//
// REST: GET /api/{v}/sites/{site-id}/workbooks/{id}/previewImage (2.0).
func (s *WorkbooksService) PreviewImage(ctx context.Context, id string, w io.Writer) (*Download, error) {
	if err := workbookContent.checkID("PreviewImage", id); err != nil {
		return nil, err
	}
	return s.client.download(ctx, "Workbooks.PreviewImage", Version{2, 0}, wbPath(id)+"/previewImage", nil, w, DownloadOptions{})
}

// PDF streams a PDF of the workbook's sheets (of the default view when the
// workbook does not show tabs) to w. Page type, orientation and maxAge
// apply.
//
// REST: GET /api/{v}/sites/{site-id}/workbooks/{id}/pdf (3.4).
func (s *WorkbooksService) PDF(ctx context.Context, id string, w io.Writer, opts PDFOptions) (*Download, error) {
	if err := workbookContent.checkID("PDF", id); err != nil {
		return nil, err
	}
	q, min, err := opts.query("Workbooks.PDF", Version{3, 4})
	if err != nil {
		return nil, err
	}
	return s.client.download(ctx, "Workbooks.PDF", min, wbPath(id)+"/pdf", q, w, DownloadOptions{Progress: opts.Progress})
}

// PowerPoint streams a .pptx of the workbook's sheets to w; maxAge (in
// minutes) lets the server answer from its cache.
//
// REST: GET /api/{v}/sites/{site-id}/workbooks/{id}/powerpoint (3.8).
func (s *WorkbooksService) PowerPoint(ctx context.Context, id string, w io.Writer, maxAge int) (*Download, error) {
	if err := workbookContent.checkID("PowerPoint", id); err != nil {
		return nil, err
	}
	q, err := maxAgeQuery("Workbooks.PowerPoint", maxAge)
	if err != nil {
		return nil, err
	}
	return s.client.download(ctx, "Workbooks.PowerPoint", Version{3, 8}, wbPath(id)+"/powerpoint", q, w, DownloadOptions{})
}

// Refresh starts a refresh of the workbook's extracts and returns the job.
//
// REST: POST /api/{v}/sites/{site-id}/workbooks/{id}/refresh (2.8).
func (s *WorkbooksService) Refresh(ctx context.Context, id string) (*Job, error) {
	return workbookContent.refresh(ctx, s.client, id)
}

// AddTags adds tags to the workbook and returns all its tags.
//
// REST: PUT /api/{v}/sites/{site-id}/workbooks/{id}/tags (2.0).
func (s *WorkbooksService) AddTags(ctx context.Context, id string, tags ...string) ([]string, error) {
	return workbookContent.addTags(ctx, s.client, id, tags)
}

// DeleteTag removes one tag from the workbook.
//
// REST: DELETE /api/{v}/sites/{site-id}/workbooks/{id}/tags/{tag} (2.0).
func (s *WorkbooksService) DeleteTag(ctx context.Context, id, tag string) error {
	return workbookContent.deleteTag(ctx, s.client, id, tag)
}
