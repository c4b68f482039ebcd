package tsc

import (
	"context"
	"io"
	"iter"
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

// Get returns the data source with the given id.
//
// REST: GET /api/{v}/sites/{site-id}/datasources/{id} (2.0).
func (s *DatasourcesService) Get(ctx context.Context, id string) (*Datasource, error) {
	return datasourceContent.get(ctx, s.client, id)
}

// Update changes the data source with ds.ID: name, project (ds.Project.ID),
// owner (ds.Owner.ID), certification (IsCertified, CertificationNote) and
// extract encryption (EncryptExtracts), where set.
//
// REST: PUT /api/{v}/sites/{site-id}/datasources/{id} (2.0; certification 2.3, encryptExtracts 3.5).
func (s *DatasourcesService) Update(ctx context.Context, ds Datasource) (*Datasource, error) {
	return datasourceContent.update(ctx, s.client, ds.ID, func() (Datasource, Version, error) {
		body := Datasource{Name: ds.Name, IsCertified: ds.IsCertified, CertificationNote: ds.CertificationNote, EncryptExtracts: ds.EncryptExtracts,
			Project: projectRef(ds.Project), Owner: userRef(ds.Owner)}
		if body.Name == "" && body.IsCertified == nil && body.CertificationNote == "" && body.EncryptExtracts == nil && body.Project == nil && body.Owner == nil {
			return body, Version{}, errNothingToUpdate
		}
		min := Version{2, 0}
		if body.IsCertified != nil || body.CertificationNote != "" {
			min = Version{2, 3}
		}
		if body.EncryptExtracts != nil {
			min = Version{3, 5}
		}
		return body, min, nil
	})
}

// Delete deletes the data source with the given id.
//
// REST: DELETE /api/{v}/sites/{site-id}/datasources/{id} (2.0).
func (s *DatasourcesService) Delete(ctx context.Context, id string) error {
	return datasourceContent.delete(ctx, s.client, id)
}

// datasourcePayload builds the request_payload of a data source publish.
func datasourcePayload(ds Datasource, opts PublishOptions) func(name string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		body := Datasource{Name: name, Description: ds.Description, UseRemoteQueryAgent: ds.UseRemoteQueryAgent,
			IsCertified: ds.IsCertified, CertificationNote: ds.CertificationNote, ConnectionCredentials: opts.Credentials,
			Project: projectRef(ds.Project), Connections: publishConnections(opts.Connections)}
		return encodeElement("datasource", body)
	}
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
	return datasourceContent.publishItem(ctx, s.client, ds.Name, src, opts, datasourcePayload(ds, opts))
}

// PublishFile publishes the data source file at path; see Publish.
//
// REST: POST /api/{v}/sites/{site-id}/datasources (2.0).
func (s *DatasourcesService) PublishFile(ctx context.Context, ds Datasource, path string, opts PublishOptions) (*Datasource, error) {
	return datasourceContent.publishPath(ctx, s.client, ds.Name, path, opts, datasourcePayload(ds, opts))
}

// PublishAsJob publishes like Publish, but the server does the work in the
// background and answers at once with the job; follow it with Jobs.Wait.
//
// REST: POST /api/{v}/sites/{site-id}/datasources?asJob=true (3.0).
func (s *DatasourcesService) PublishAsJob(ctx context.Context, ds Datasource, src PublishSource, opts PublishOptions) (*Job, error) {
	return datasourceContent.publishJob(ctx, s.client, ds.Name, src, opts, datasourcePayload(ds, opts))
}

// Download streams the data source file (.tdsx, or .tds without extract)
// to w. Set opts.ExcludeExtract to leave the extract out.
//
// REST: GET /api/{v}/sites/{site-id}/datasources/{id}/content (2.0; includeExtract 2.5).
func (s *DatasourcesService) Download(ctx context.Context, id string, w io.Writer, opts DownloadOptions) (*Download, error) {
	return datasourceContent.download(ctx, s.client, id, w, opts)
}

// DownloadTo saves the data source file into dest, a directory or a file
// path, as [WorkbooksService.DownloadTo] does.
//
// REST: GET /api/{v}/sites/{site-id}/datasources/{id}/content (2.0; includeExtract 2.5).
func (s *DatasourcesService) DownloadTo(ctx context.Context, id, dest string, opts DownloadOptions) (*Download, error) {
	return datasourceContent.downloadTo(ctx, s.client, id, dest, opts)
}

// Revisions returns one page of the data source's revisions. Tableau pages
// revisions but documents no filter or sort for them.
//
// REST: GET /api/{v}/sites/{site-id}/datasources/{id}/revisions (2.3).
func (s *DatasourcesService) Revisions(ctx context.Context, id string, opts ListOptions) ([]Revision, Pagination, error) {
	return datasourceContent.revisions(ctx, s.client, id, opts)
}

// AllRevisions iterates every revision of the data source.
//
// REST: GET /api/{v}/sites/{site-id}/datasources/{id}/revisions (2.3).
func (s *DatasourcesService) AllRevisions(ctx context.Context, id string, opts ListOptions) iter.Seq2[Revision, error] {
	return datasourceContent.allRevisions(ctx, s.client, id, opts)
}

// DownloadRevision streams revision rev of the data source to w.
//
// REST: GET /api/{v}/sites/{site-id}/datasources/{id}/revisions/{rev}/content (2.3).
func (s *DatasourcesService) DownloadRevision(ctx context.Context, id string, rev int, w io.Writer, opts DownloadOptions) (*Download, error) {
	return datasourceContent.downloadRevision(ctx, s.client, id, rev, w, opts)
}

// DownloadRevisionTo saves revision rev of the data source into dest, as
// DownloadTo does.
//
// REST: GET /api/{v}/sites/{site-id}/datasources/{id}/revisions/{rev}/content (2.3).
func (s *DatasourcesService) DownloadRevisionTo(ctx context.Context, id string, rev int, dest string, opts DownloadOptions) (*Download, error) {
	return datasourceContent.downloadRevisionTo(ctx, s.client, id, rev, dest, opts)
}

// DeleteRevision removes revision rev from the data source's history.
//
// REST: DELETE /api/{v}/sites/{site-id}/datasources/{id}/revisions/{rev} (2.3).
func (s *DatasourcesService) DeleteRevision(ctx context.Context, id string, rev int) error {
	return datasourceContent.deleteRevision(ctx, s.client, id, rev)
}

// Connections returns the data source's connections. Tableau does not page
// them, so it takes no ListOptions.
//
// REST: GET /api/{v}/sites/{site-id}/datasources/{id}/connections (2.3).
func (s *DatasourcesService) Connections(ctx context.Context, id string) ([]Connection, error) {
	return datasourceContent.connections(ctx, s.client, id)
}

// UpdateConnection changes a connection of the data source (conn.ID):
// server address, port, user name, password, embedPassword, where set.
//
// REST: PUT /api/{v}/sites/{site-id}/datasources/{id}/connections/{connection-id} (2.3).
func (s *DatasourcesService) UpdateConnection(ctx context.Context, id string, conn Connection) (*Connection, error) {
	return datasourceContent.updateConnection(ctx, s.client, id, conn)
}

// Refresh starts a refresh of the data source's extract and returns the job.
//
// REST: POST /api/{v}/sites/{site-id}/datasources/{id}/refresh (2.8).
func (s *DatasourcesService) Refresh(ctx context.Context, id string) (*Job, error) {
	return datasourceContent.refresh(ctx, s.client, id)
}

// AddTags adds tags to the data source and returns all its tags.
//
// REST: PUT /api/{v}/sites/{site-id}/datasources/{id}/tags (2.0).
func (s *DatasourcesService) AddTags(ctx context.Context, id string, tags ...string) ([]string, error) {
	return datasourceContent.addTags(ctx, s.client, id, tags)
}

// DeleteTag removes one tag from the data source.
//
// REST: DELETE /api/{v}/sites/{site-id}/datasources/{id}/tags/{tag} (2.0).
func (s *DatasourcesService) DeleteTag(ctx context.Context, id, tag string) error {
	return datasourceContent.deleteTag(ctx, s.client, id, tag)
}
