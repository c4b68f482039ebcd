package tsc

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// CredentialRotation is what UpdateConnections sets on every connection
// it names, for rotating credentials: the fields left empty (nil) are not
// sent.
type CredentialRotation struct {
	// AuthenticationType is the connection's authentication ("Username
	// Password", "AD Service Principal"...); Tableau requires it.
	AuthenticationType string
	UserName           string
	Password           Secret
	EmbedPassword      *bool
}

// bulkConnections is the body of Update Workbook / Data Source
// Connections, as TSC writes it: the ids, then the credentials.
type bulkConnections struct {
	XMLName    xml.Name           `xml:"tsRequest"`
	LUIDs      ConnectionLUIDList `xml:"connectionLUIDs"`
	Connection bulkConnection     `xml:"connection"`
}

type bulkConnection struct {
	AuthenticationType string `xml:"authenticationType,attr"`
	UserName           string `xml:"userName,attr,omitempty"`
	Password           Secret `xml:"password,attr,omitempty"`
	EmbedPassword      *bool  `xml:"embedPassword,attr,omitempty"`
}

// updateConnections sends PUT {collection}/{id}/connections (API 3.26).
func (k *contentKind[T]) updateConnections(ctx context.Context, c *Client, id string, connIDs []string, cred CredentialRotation) ([]Connection, error) {
	name := k.op("UpdateConnections")
	if err := k.checkID("UpdateConnections", id); err != nil {
		return nil, err
	}
	if len(connIDs) == 0 {
		return nil, errors.New("tsc: " + name + ": no connection ids")
	}
	for _, cid := range connIDs {
		if cid == "" {
			return nil, errors.New("tsc: " + name + ": an empty connection id")
		}
	}
	if strings.TrimSpace(cred.AuthenticationType) == "" {
		return nil, errors.New("tsc: " + name + ": the authentication type is required")
	}
	body := bulkConnections{XMLName: xml.Name{Space: Namespace, Local: "tsRequest"}, LUIDs: ConnectionLUIDList{LUIDs: connIDs},
		Connection: bulkConnection{AuthenticationType: cred.AuthenticationType, UserName: cred.UserName, Password: cred.Password, EmbedPassword: cred.EmbedPassword}}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(body); err != nil {
		return nil, err
	}
	resp, err := c.sendSite(ctx, name, Version{3, 26}, http.MethodPut, k.path(id)+"/connections", nil, buf.Bytes())
	if err != nil {
		return nil, err
	}
	if resp.Connections == nil {
		return nil, nil
	}
	return resp.Connections.Connections, nil
}

// UpdateConnections sets the same credentials on several connections of
// the workbook at once (credential rotation), and returns them.
//
// REST: PUT /api/{v}/sites/{site-id}/workbooks/{id}/connections (Update
// Workbook Connections, 3.26).
func (s *WorkbooksService) UpdateConnections(ctx context.Context, id string, connIDs []string, cred CredentialRotation) ([]Connection, error) {
	return workbookContent.updateConnections(ctx, s.client, id, connIDs, cred)
}

// UpdateConnections sets the same credentials on several connections of
// the data source at once, and returns them.
//
// REST: PUT /api/{v}/sites/{site-id}/datasources/{id}/connections (Update
// Data Source Connections, 3.26).
func (s *DatasourcesService) UpdateConnections(ctx context.Context, id string, connIDs []string, cred CredentialRotation) ([]Connection, error) {
	return datasourceContent.updateConnections(ctx, s.client, id, connIDs, cred)
}

// Delete removes a view from its workbook; deleting a workbook's only
// view deletes the workbook.
//
// REST: DELETE /api/{v}/sites/{site-id}/views/{id} (Delete View, 3.27).
func (s *ViewsService) Delete(ctx context.Context, id string) error {
	if id == "" {
		return errors.New("tsc: Views.Delete: empty view id")
	}
	return s.client.deleteSite(ctx, "Views.Delete", Version{3, 27}, "views/"+url.PathEscape(id), nil)
}

// RevokeServerAdminTokens revokes every personal access token of every
// server administrator: they no longer sign in. Server administrators
// only; not on Tableau Cloud.
//
// REST: DELETE /api/{v}/auth/serverAdminAccessTokens (Revoke Administrator
// Personal Access Tokens, 3.10).
func (s *AuthService) RevokeServerAdminTokens(ctx context.Context) error {
	_, err := s.client.call(ctx, &request{name: "Auth.RevokeServerAdminTokens", minVersion: Version{3, 10}, method: http.MethodDelete,
		path: "auth/serverAdminAccessTokens", auth: true})
	return err
}

// TagsService adds and removes tags on many items of any kind in one call.
type TagsService service

// TagTarget names one item of a tag batch: its kind (TagWorkbook,
// TagDatasource, TagView, TagFlow...) and id.
type TagTarget = ContentRef

// The kinds of items a tag batch names, as TSC writes them.
const (
	TagWorkbook   = "workbook"
	TagDatasource = "datasource"
	TagView       = "view"
	TagFlow       = "flow"
	// TagVirtualConnection is how Tableau spells a virtual connection in
	// a tag batch (TSC: the item's class name, lower case).
	TagVirtualConnection = "virtualconnection"
)

// BatchAdd adds the labels to every item, and returns the labels.
//
// REST: PUT /api/{v}/sites/{site-id}/tags:batchCreate (Batch Add Tags, 3.9).
func (s *TagsService) BatchAdd(ctx context.Context, labels []string, items ...TagTarget) ([]string, error) {
	return s.batch(ctx, "Tags.BatchAdd", "tags:batchCreate", labels, items)
}

// BatchDelete removes the labels from every item, and returns the labels.
//
// REST: PUT /api/{v}/sites/{site-id}/tags:batchDelete (Batch Delete Tags,
// 3.9).
func (s *TagsService) BatchDelete(ctx context.Context, labels []string, items ...TagTarget) ([]string, error) {
	return s.batch(ctx, "Tags.BatchDelete", "tags:batchDelete", labels, items)
}

func (s *TagsService) batch(ctx context.Context, name, rel string, labels []string, items []TagTarget) ([]string, error) {
	if len(labels) == 0 || len(items) == 0 {
		return nil, errors.New("tsc: " + name + ": give at least one tag and one item")
	}
	body := TagBatch{Tags: &Tags{}, Contents: &ContentList{Contents: items}}
	for _, l := range labels {
		if err := checkTag(name, l); err != nil {
			return nil, err
		}
		body.Tags.Tags = append(body.Tags.Tags, Tag{Label: l})
	}
	for _, it := range items {
		if it.ID == "" || it.ContentType == "" {
			return nil, errors.New("tsc: " + name + ": an item without its kind or id")
		}
	}
	b, err := encodeElement("tagBatch", body)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.sendSite(ctx, name, Version{3, 9}, http.MethodPut, rel, nil, b)
	if err != nil {
		return nil, err
	}
	if resp.TagBatch == nil || resp.TagBatch.Tags == nil {
		return nil, nil
	}
	return resp.TagBatch.Tags.Labels(), nil
}
