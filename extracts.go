package tsc

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
)

// Extracts: creating and deleting the extracts of workbooks and data
// sources, incremental refreshes, and encrypting a site's extracts. Each
// is a job on the server: follow it with [JobsService.Wait].

// ExtractOptions says which embedded data sources of a workbook an extract
// request is about. With no Datasources, every one (includeAll).
type ExtractOptions struct {
	// Encrypt encrypts the extracts created (CreateExtract only). A site
	// whose extractEncryptionMode is "enforced" encrypts them anyway; one
	// where it is "disabled" refuses it.
	Encrypt bool
	// Datasources are the ids of the workbook's embedded data sources, as
	// its connections report them (Connection.Datasource.ID).
	Datasources []string
}

// embeddedExtractBody is the <datasources> element of a workbook's extract
// request.
func embeddedExtractBody(op string, ids []string) ([]byte, error) {
	list := DatasourceList{}
	if len(ids) == 0 {
		list.IncludeAll = Bool(true)
	}
	for _, id := range ids {
		if id == "" {
			return nil, errors.New("tsc: " + op + ": empty data source id")
		}
		list.Datasources = append(list.Datasources, Datasource{ID: id})
	}
	return encodeElement("datasources", list)
}

// extractCall posts to {collection}/{id}/{verb} and returns the job the
// server answers with; a server that answers without one (TSC expects none
// from deleteExtract of a data source) gives a nil job and no error when
// optionalJob is set.
func (k *contentKind[T]) extractCall(ctx context.Context, c *Client, verb, id, seg string, min Version, q url.Values,
	body []byte, optionalJob bool) (*Job, error) {
	if err := k.checkID(verb, id); err != nil {
		return nil, err
	}
	if body == nil {
		body = emptyRequest
	}
	resp, err := c.sendSite(ctx, k.op(verb), min, http.MethodPost, k.path(id)+"/"+seg, q, body)
	if err == nil && resp.Job == nil && optionalJob {
		return nil, nil
	}
	return k.job(verb, resp, err)
}

// refreshBody is the body of an incremental refresh (3.25).
type refreshBody struct {
	Incremental bool `xml:"incremental,attr"`
}

// refreshIncremental starts an incremental refresh: POST
// {collection}/{id}/refresh with <extractRefresh incremental="true"/>.
func (k *contentKind[T]) refreshIncremental(ctx context.Context, c *Client, id string) (*Job, error) {
	if err := k.checkID("RefreshIncremental", id); err != nil {
		return nil, err
	}
	body, err := encodeElement("extractRefresh", refreshBody{Incremental: true})
	if err != nil {
		return nil, err
	}
	resp, err := c.sendSite(ctx, k.op("RefreshIncremental"), Version{3, 25}, http.MethodPost, k.path(id)+"/refresh", nil, body)
	return k.job("RefreshIncremental", resp, err)
}

// CreateExtract creates extracts of the workbook's data sources (all, or
// opts.Datasources), encrypted when opts.Encrypt is set, and returns the
// job; the workbook reports hasExtracts once it succeeds.
//
// REST: POST /api/{v}/sites/{site-id}/workbooks/{id}/createExtract?encrypt= (3.5).
func (s *WorkbooksService) CreateExtract(ctx context.Context, id string, opts ExtractOptions) (*Job, error) {
	body, err := embeddedExtractBody("Workbooks.CreateExtract", opts.Datasources)
	if err != nil {
		return nil, err
	}
	q := url.Values{"encrypt": {strconv.FormatBool(opts.Encrypt)}}
	return workbookContent.extractCall(ctx, s.client, "CreateExtract", id, "createExtract", Version{3, 5}, q, body, false)
}

// DeleteExtract removes the extracts of the workbook's data sources (all,
// or opts.Datasources; opts.Encrypt is not used) and returns the job.
//
// REST: POST /api/{v}/sites/{site-id}/workbooks/{id}/deleteExtract (3.3).
func (s *WorkbooksService) DeleteExtract(ctx context.Context, id string, opts ExtractOptions) (*Job, error) {
	body, err := embeddedExtractBody("Workbooks.DeleteExtract", opts.Datasources)
	if err != nil {
		return nil, err
	}
	return workbookContent.extractCall(ctx, s.client, "DeleteExtract", id, "deleteExtract", Version{3, 3}, nil, body, false)
}

// RefreshIncremental starts an incremental refresh of the workbook's
// extracts (only new rows are added) and returns the job.
//
// REST: POST /api/{v}/sites/{site-id}/workbooks/{id}/refresh with <extractRefresh incremental="true"/> (3.25).
func (s *WorkbooksService) RefreshIncremental(ctx context.Context, id string) (*Job, error) {
	return workbookContent.refreshIncremental(ctx, s.client, id)
}

// CreateExtract creates an extract of the published data source, encrypted
// when encrypt is set, and returns the job.
//
// REST: POST /api/{v}/sites/{site-id}/datasources/{id}/createExtract?encrypt= (3.5).
func (s *DatasourcesService) CreateExtract(ctx context.Context, id string, encrypt bool) (*Job, error) {
	q := url.Values{"encrypt": {strconv.FormatBool(encrypt)}}
	return datasourceContent.extractCall(ctx, s.client, "CreateExtract", id, "createExtract", Version{3, 5}, q, nil, false)
}

// DeleteExtract removes the data source's extract and returns the job; a
// server that answers without a job gives a nil job and no error.
//
// REST: POST /api/{v}/sites/{site-id}/datasources/{id}/deleteExtract (3.5).
func (s *DatasourcesService) DeleteExtract(ctx context.Context, id string) (*Job, error) {
	return datasourceContent.extractCall(ctx, s.client, "DeleteExtract", id, "deleteExtract", Version{3, 5}, nil, nil, true)
}

// RefreshIncremental starts an incremental refresh of the data source's
// extract and returns the job.
//
// REST: POST /api/{v}/sites/{site-id}/datasources/{id}/refresh with <extractRefresh incremental="true"/> (3.25).
func (s *DatasourcesService) RefreshIncremental(ctx context.Context, id string) (*Job, error) {
	return datasourceContent.refreshIncremental(ctx, s.client, id)
}

// EncryptExtracts encrypts every extract of the site (siteID; "" for the
// current one) and returns the job, or nil when the server answers none.
// Only administrators may; a site whose extractEncryptionMode is
// "disabled" refuses it.
//
// REST: POST /api/{v}/sites/{site-id}/encrypt-extracts (3.5).
func (s *SitesService) EncryptExtracts(ctx context.Context, siteID string) (*Job, error) {
	return s.extractJob(ctx, "Sites.EncryptExtracts", siteID, "encrypt-extracts")
}

// DecryptExtracts decrypts every extract of the site (siteID; "" for the
// current one) and returns the job, or nil when the server answers none.
// A site whose extractEncryptionMode is "enforced" refuses it.
//
// REST: POST /api/{v}/sites/{site-id}/decrypt-extracts (3.5).
func (s *SitesService) DecryptExtracts(ctx context.Context, siteID string) (*Job, error) {
	return s.extractJob(ctx, "Sites.DecryptExtracts", siteID, "decrypt-extracts")
}

// ReencryptExtracts encrypts every encrypted extract of the site (siteID;
// "" for the current one) again with new keys and returns the job, or nil
// when the server answers none.
//
// REST: POST /api/{v}/sites/{site-id}/reencrypt-extracts (3.5).
func (s *SitesService) ReencryptExtracts(ctx context.Context, siteID string) (*Job, error) {
	return s.extractJob(ctx, "Sites.ReencryptExtracts", siteID, "reencrypt-extracts")
}

func (s *SitesService) extractJob(ctx context.Context, name, siteID, seg string) (*Job, error) {
	if siteID == "" {
		siteID = s.client.Session().SiteID
	}
	if s.client.Session().Token == "" {
		return nil, ErrNotSignedIn
	}
	resp, err := s.client.call(ctx, &request{name: name, minVersion: Version{3, 5}, method: http.MethodPost,
		path: "sites/" + url.PathEscape(siteID) + "/" + seg, body: emptyRequest, auth: true})
	if err != nil {
		return nil, err
	}
	return resp.Job, nil
}
