package tsc

import (
	"context"
	"errors"
	"io"
	"iter"
	"net/http"
	"net/url"
)

// Datasource is a published data source.
//
// ConnectionCredentials and Connections are only sent (on publish), never
// returned. Project, Owner and Site are references: servers fill in the
// attributes the request's fields= asks for (id and name by default).
type Datasource struct {
	ID          string `xml:"id,attr,omitempty"`
	Name        string `xml:"name,attr,omitempty"`
	Description string `xml:"description,attr,omitempty"`
	ContentURL  string `xml:"contentUrl,attr,omitempty"`
	WebpageURL  string `xml:"webpageUrl,attr,omitempty"`
	// Type is the connector of the data source, e.g. "dataengine", "sqlserver".
	Type string `xml:"type,attr,omitempty"`
	// Size is in MB, as the server reports it.
	Size              *int   `xml:"size,attr,omitempty"`
	IsCertified       *bool  `xml:"isCertified,attr,omitempty"`
	CertificationNote string `xml:"certificationNote,attr,omitempty"`
	// EncryptExtracts is sent to encrypt (or decrypt) the data source's
	// extracts; servers report it as true or false.
	EncryptExtracts     *bool  `xml:"encryptExtracts,attr,omitempty"`
	HasExtracts         *bool  `xml:"hasExtracts,attr,omitempty"`
	UseRemoteQueryAgent *bool  `xml:"useRemoteQueryAgent,attr,omitempty"`
	DatabaseName        string `xml:"databaseName,attr,omitempty"`
	ServerName          string `xml:"serverName,attr,omitempty"`
	// ConnectedWorkbooksCount is how many workbooks connect to the data source.
	ConnectedWorkbooksCount *int `xml:"connectedWorkbooksCount,attr,omitempty"`
	// FavoritesTotal is how many users have the data source as a favorite.
	FavoritesTotal             *int  `xml:"favoritesTotal,attr,omitempty"`
	HasAlert                   *bool `xml:"hasAlert,attr,omitempty"`
	HasSemanticLayerConnection *bool `xml:"hasSemanticLayerConnection,attr,omitempty"`
	IsPublished                *bool `xml:"isPublished,attr,omitempty"`
	// ParentType is "DataRole" for the data source of a data role.
	ParentType string `xml:"parentType,attr,omitempty"`
	CreatedAt  Time   `xml:"createdAt,attr"`
	UpdatedAt  Time   `xml:"updatedAt,attr"`

	// Connections is sent on publish for data sources with several connections.
	Connections           *ConnectionList        `xml:"connections,omitempty"`
	ConnectionCredentials *ConnectionCredentials `xml:"connectionCredentials,omitempty"`
	Site                  *Site                  `xml:"site,omitempty"`
	Project               *Project               `xml:"project,omitempty"`
	Location              *Location              `xml:"location,omitempty"`
	Owner                 *User                  `xml:"owner,omitempty"`
	Tags                  *Tags                  `xml:"tags,omitempty"`
	// ParentDataSourceURLs are the content URLs of the data sources a data
	// role's data source derives from.
	ParentDataSourceURLs []string `xml:"parentDataSourceUrls,omitempty"`
	AskData              *AskData `xml:"askData,omitempty"`
}

// AskData is a data source's Ask Data setting (retired in 2024).
type AskData struct {
	Enablement string `xml:"enablement,attr,omitempty"`
}

// DatasourceList is the <datasources> element.
type DatasourceList struct {
	// IncludeAll is reported by Get Data Sources when asked to list
	// data sources of every kind (data roles included).
	IncludeAll  *bool        `xml:"includeAll,attr,omitempty"`
	Datasources []Datasource `xml:"datasource"`
}

// DatasourcesService publishes, downloads and manages the published data
// sources of the current site.
type DatasourcesService service

func pickDatasources(r *TSResponse) []Datasource {
	if r.Datasources == nil {
		return nil
	}
	return r.Datasources.Datasources
}

// List returns one page of the site's data sources. Filters include name,
// projectName, ownerName, type, tags, isCertified, createdAt and updatedAt.
//
// REST: GET /api/{v}/sites/{site-id}/datasources (2.0).
func (s *DatasourcesService) List(ctx context.Context, opts ListOptions) ([]Datasource, Pagination, error) {
	lc, err := siteList(s.client, "Datasources.List", Version{2, 0}, "datasources", pickDatasources)
	if err != nil {
		return nil, Pagination{}, err
	}
	return lc.page(ctx, s.client, opts)
}

// All iterates every data source of the site.
//
// REST: GET /api/{v}/sites/{site-id}/datasources (2.0).
func (s *DatasourcesService) All(ctx context.Context, opts ListOptions) iter.Seq2[Datasource, error] {
	lc, err := siteList(s.client, "Datasources.All", Version{2, 0}, "datasources", pickDatasources)
	if err != nil {
		return errSeq[Datasource](err)
	}
	return lc.all(ctx, s.client, opts)
}

func dsPath(id string) string { return "datasources/" + url.PathEscape(id) }

// Get returns the data source with the given id.
//
// REST: GET /api/{v}/sites/{site-id}/datasources/{id} (2.0).
func (s *DatasourcesService) Get(ctx context.Context, id string) (*Datasource, error) {
	if id == "" {
		return nil, errors.New("tsc: Datasources.Get: empty data source id")
	}
	resp, err := s.client.getSite(ctx, "Datasources.Get", Version{2, 0}, dsPath(id), nil)
	if err != nil {
		return nil, err
	}
	if resp.Datasource == nil {
		return nil, errors.New("tsc: Datasources.Get: the answer has no <datasource>")
	}
	return resp.Datasource, nil
}

// Update changes the data source with ds.ID: name, project (ds.Project.ID),
// owner (ds.Owner.ID), certification (IsCertified, CertificationNote) and
// extract encryption (EncryptExtracts), where set.
//
// REST: PUT /api/{v}/sites/{site-id}/datasources/{id} (2.0; certification 2.3, encryptExtracts 3.5).
func (s *DatasourcesService) Update(ctx context.Context, ds Datasource) (*Datasource, error) {
	if ds.ID == "" {
		return nil, errors.New("tsc: Datasources.Update: the data source has no id")
	}
	body := Datasource{Name: ds.Name, IsCertified: ds.IsCertified, CertificationNote: ds.CertificationNote, EncryptExtracts: ds.EncryptExtracts}
	if ds.Project != nil && ds.Project.ID != "" {
		body.Project = &ProjectRef{ID: ds.Project.ID}
	}
	if ds.Owner != nil && ds.Owner.ID != "" {
		body.Owner = &UserRef{ID: ds.Owner.ID}
	}
	if body.Name == "" && body.IsCertified == nil && body.CertificationNote == "" && body.EncryptExtracts == nil && body.Project == nil && body.Owner == nil {
		return nil, errors.New("tsc: Datasources.Update: nothing to update")
	}
	min := Version{2, 0}
	if body.IsCertified != nil || body.CertificationNote != "" {
		min = Version{2, 3}
	}
	if body.EncryptExtracts != nil {
		min = Version{3, 5}
	}
	b, err := encodeElement("datasource", body)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.sendSite(ctx, "Datasources.Update", min, http.MethodPut, dsPath(ds.ID), nil, b)
	if err != nil {
		return nil, err
	}
	if resp.Datasource == nil {
		return nil, errors.New("tsc: Datasources.Update: the answer has no <datasource>")
	}
	return resp.Datasource, nil
}

// Delete deletes the data source with the given id.
//
// REST: DELETE /api/{v}/sites/{site-id}/datasources/{id} (2.0).
func (s *DatasourcesService) Delete(ctx context.Context, id string) error {
	if id == "" {
		return errors.New("tsc: Datasources.Delete: empty data source id")
	}
	return s.client.deleteSite(ctx, "Datasources.Delete", Version{2, 0}, dsPath(id), nil)
}

// datasourcePayload builds the request_payload of a data source publish.
func datasourcePayload(ds Datasource, opts PublishOptions) func(name string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		body := Datasource{Name: name, Description: ds.Description, UseRemoteQueryAgent: ds.UseRemoteQueryAgent,
			IsCertified: ds.IsCertified, CertificationNote: ds.CertificationNote, ConnectionCredentials: opts.Credentials}
		if ds.Project != nil && ds.Project.ID != "" {
			body.Project = &ProjectRef{ID: ds.Project.ID}
		}
		if len(opts.Connections) > 0 {
			body.Connections = &ConnectionList{Connections: publishConnections(opts.Connections)}
		}
		return encodeElement("datasource", body)
	}
}

func (s *DatasourcesService) publish(ctx context.Context, op string, asJob bool, ds Datasource, src PublishSource, opts PublishOptions) (*TSResponse, error) {
	if len(opts.HiddenViews) > 0 {
		return nil, errors.New("tsc: " + op + ": a data source has no views to hide")
	}
	pc, err := s.client.preparePublish(ctx, datasourceKind, op, asJob, ds.Name, src, opts, datasourcePayload(ds, opts))
	if err != nil {
		return nil, err
	}
	return pc.send(ctx)
}

// Publish uploads a data source file (.tds, .tdsx, .tde, .hyper or
// .parquet) into ds.Project and returns the published data source.
// ds.Name defaults to the file's name. PublishAppend adds the file's rows
// to an existing extract data source.
//
// The file is streamed, in one request below the chunk threshold (never
// retried) and through a file upload session from it; see
// [WorkbooksService.Publish].
//
// REST: POST /api/{v}/sites/{site-id}/datasources (2.0; several connections 2.8),
// with POST and PUT /api/{v}/sites/{site-id}/fileUploads (2.0) for large files.
func (s *DatasourcesService) Publish(ctx context.Context, ds Datasource, src PublishSource, opts PublishOptions) (*Datasource, error) {
	resp, err := s.publish(ctx, "Datasources.Publish", false, ds, src, opts)
	if err != nil {
		return nil, err
	}
	if resp.Datasource == nil {
		return nil, errors.New("tsc: Datasources.Publish: the answer has no <datasource>")
	}
	return resp.Datasource, nil
}

// PublishFile publishes the data source file at path; see Publish.
//
// REST: POST /api/{v}/sites/{site-id}/datasources (2.0).
func (s *DatasourcesService) PublishFile(ctx context.Context, ds Datasource, path string, opts PublishOptions) (*Datasource, error) {
	if path == "" {
		return nil, errors.New("tsc: Datasources.PublishFile: empty path")
	}
	return s.Publish(ctx, ds, PublishSource{Path: path}, opts)
}

// PublishAsJob publishes like Publish, but the server does the work in the
// background and answers at once with the job; follow it with Jobs.Wait.
//
// REST: POST /api/{v}/sites/{site-id}/datasources?asJob=true (3.0).
func (s *DatasourcesService) PublishAsJob(ctx context.Context, ds Datasource, src PublishSource, opts PublishOptions) (*Job, error) {
	resp, err := s.publish(ctx, "Datasources.PublishAsJob", true, ds, src, opts)
	if err != nil {
		return nil, err
	}
	if resp.Job == nil {
		return nil, errors.New("tsc: Datasources.PublishAsJob: the answer has no <job>")
	}
	return resp.Job, nil
}

func (s *DatasourcesService) nameOf(id string) func(context.Context) string {
	return func(ctx context.Context) string {
		if ds, err := s.Get(ctx, id); err == nil && ds.Name != "" {
			return ds.Name
		}
		return id
	}
}

// Download streams the data source file (.tdsx, or .tds without extract)
// to w. Set opts.ExcludeExtract to leave the extract out.
//
// REST: GET /api/{v}/sites/{site-id}/datasources/{id}/content (2.0; includeExtract 2.5).
func (s *DatasourcesService) Download(ctx context.Context, id string, w io.Writer, opts DownloadOptions) (*Download, error) {
	if id == "" {
		return nil, errors.New("tsc: Datasources.Download: empty data source id")
	}
	q, min := contentQuery(opts)
	return s.client.download(ctx, "Datasources.Download", min, dsPath(id)+"/content", q, w, opts)
}

// DownloadTo saves the data source file into dest, a directory or a file
// path, as [WorkbooksService.DownloadTo] does.
//
// REST: GET /api/{v}/sites/{site-id}/datasources/{id}/content (2.0; includeExtract 2.5).
func (s *DatasourcesService) DownloadTo(ctx context.Context, id, dest string, opts DownloadOptions) (*Download, error) {
	if id == "" {
		return nil, errors.New("tsc: Datasources.DownloadTo: empty data source id")
	}
	q, min := contentQuery(opts)
	return s.client.downloadTo(ctx, "Datasources.DownloadTo", min, dsPath(id)+"/content", q, dest, opts,
		contentFallback(s.nameOf(id), "tds", "tdsx"))
}

// Revisions returns one page of the data source's revisions.
//
// REST: GET /api/{v}/sites/{site-id}/datasources/{id}/revisions (2.3).
func (s *DatasourcesService) Revisions(ctx context.Context, id string, opts ListOptions) ([]Revision, Pagination, error) {
	return s.client.listRevisions(ctx, "Datasources.Revisions", "datasources", id, opts)
}

// AllRevisions iterates every revision of the data source.
//
// REST: GET /api/{v}/sites/{site-id}/datasources/{id}/revisions (2.3).
func (s *DatasourcesService) AllRevisions(ctx context.Context, id string, opts ListOptions) iter.Seq2[Revision, error] {
	return s.client.allRevisions(ctx, "Datasources.AllRevisions", "datasources", id, opts)
}

// DownloadRevision streams revision rev of the data source to w.
//
// REST: GET /api/{v}/sites/{site-id}/datasources/{id}/revisions/{rev}/content (2.3).
func (s *DatasourcesService) DownloadRevision(ctx context.Context, id string, rev int, w io.Writer, opts DownloadOptions) (*Download, error) {
	p, err := revisionPath("Datasources.DownloadRevision", "datasources", id, rev)
	if err != nil {
		return nil, err
	}
	q, min := contentQuery(opts)
	min = later(min, Version{2, 3})
	return s.client.download(ctx, "Datasources.DownloadRevision", min, p+"/content", q, w, opts)
}

// DownloadRevisionTo saves revision rev of the data source into dest, as
// DownloadTo does.
//
// REST: GET /api/{v}/sites/{site-id}/datasources/{id}/revisions/{rev}/content (2.3).
func (s *DatasourcesService) DownloadRevisionTo(ctx context.Context, id string, rev int, dest string, opts DownloadOptions) (*Download, error) {
	p, err := revisionPath("Datasources.DownloadRevisionTo", "datasources", id, rev)
	if err != nil {
		return nil, err
	}
	q, min := contentQuery(opts)
	min = later(min, Version{2, 3})
	return s.client.downloadTo(ctx, "Datasources.DownloadRevisionTo", min, p+"/content", q, dest, opts,
		contentFallback(s.nameOf(id), "tds", "tdsx"))
}

// DeleteRevision removes revision rev from the data source's history.
//
// REST: DELETE /api/{v}/sites/{site-id}/datasources/{id}/revisions/{rev} (2.3).
func (s *DatasourcesService) DeleteRevision(ctx context.Context, id string, rev int) error {
	return s.client.deleteRevision(ctx, "Datasources.DeleteRevision", "datasources", id, rev)
}

// Connections returns the data source's connections.
//
// REST: GET /api/{v}/sites/{site-id}/datasources/{id}/connections (2.3).
func (s *DatasourcesService) Connections(ctx context.Context, id string) ([]Connection, error) {
	return s.client.listConnections(ctx, "Datasources.Connections", Version{2, 3}, "datasources", id)
}

// UpdateConnection changes a connection of the data source (conn.ID):
// server address, port, user name, password, embedPassword, where set.
//
// REST: PUT /api/{v}/sites/{site-id}/datasources/{id}/connections/{connection-id} (2.3).
func (s *DatasourcesService) UpdateConnection(ctx context.Context, id string, conn Connection) (*Connection, error) {
	return s.client.updateConnection(ctx, "Datasources.UpdateConnection", Version{2, 3}, "datasources", id, conn)
}

// Refresh starts a refresh of the data source's extract and returns the job.
//
// REST: POST /api/{v}/sites/{site-id}/datasources/{id}/refresh (2.8).
func (s *DatasourcesService) Refresh(ctx context.Context, id string) (*Job, error) {
	return s.client.refresh(ctx, "Datasources.Refresh", "datasources", id)
}

// AddTags adds tags to the data source and returns all its tags.
//
// REST: PUT /api/{v}/sites/{site-id}/datasources/{id}/tags (2.0).
func (s *DatasourcesService) AddTags(ctx context.Context, id string, tags ...string) ([]string, error) {
	return s.client.addTags(ctx, "Datasources.AddTags", Version{2, 0}, "datasources", id, tags)
}

// DeleteTag removes one tag from the data source.
//
// REST: DELETE /api/{v}/sites/{site-id}/datasources/{id}/tags/{tag} (2.0).
func (s *DatasourcesService) DeleteTag(ctx context.Context, id, tag string) error {
	return s.client.deleteTag(ctx, "Datasources.DeleteTag", Version{2, 0}, "datasources", id, tag)
}
