package tsc

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
)

// Connection is a data connection of a workbook or data source: where the
// data lives and how Tableau signs in to it.
//
// The same type is sent to update a connection and, on publish, to give a
// connection's address and credentials; every attribute is left out when
// empty, so an update changes only what is set.
type Connection struct {
	ID string `xml:"id,attr,omitempty"`
	// Type is the connector, e.g. "sqlserver", "postgres", "textscan", "dataengine".
	Type               string `xml:"type,attr,omitempty"`
	AuthenticationType string `xml:"authenticationType,attr,omitempty"`
	ServerAddress      string `xml:"serverAddress,attr,omitempty"`
	// ServerPort is a string because servers write it empty for file-based connections.
	ServerPort          string `xml:"serverPort,attr,omitempty"`
	UserName            string `xml:"userName,attr,omitempty"`
	Password            Secret `xml:"password,attr,omitempty"`
	EmbedPassword       *bool  `xml:"embedPassword,attr,omitempty"`
	QueryTaggingEnabled *bool  `xml:"queryTaggingEnabled,attr,omitempty"`
	// DBClass is the connector's internal class, e.g. "sqlserver".
	DBClass string `xml:"dbClass,attr,omitempty"`
	// Filename is the file of a file-based connection.
	Filename      string `xml:"filename,attr,omitempty"`
	GoogleSheetID string `xml:"googleSheetId,attr,omitempty"`
	InstanceURL   string `xml:"instanceUrl,attr,omitempty"`
	OAuthConfigID string `xml:"oauthConfigId,attr,omitempty"`
	Scope         string `xml:"scope,attr,omitempty"`
	// UseOAuthManagedKeychain says the OAuth credentials live in the server's keychain.
	UseOAuthManagedKeychain *bool `xml:"useOAuthManagedKeychain,attr,omitempty"`
	// Datasource is the published data source this connection belongs to (in workbook answers).
	Datasource *Datasource `xml:"datasource,omitempty"`
	// Credentials are sent on publish, per connection; servers never return them.
	Credentials *ConnectionCredentials `xml:"connectionCredentials,omitempty"`
}

// ConnectionList is the <connections> element.
type ConnectionList struct {
	Connections []Connection `xml:"connection"`
}

// ConnectionCredentials are the database credentials a publish embeds (or
// checks) for a connection. The password is a Secret: redacted when printed.
type ConnectionCredentials struct {
	Name     string `xml:"name,attr"`
	Password Secret `xml:"password,attr,omitempty"`
	// Embed keeps the credentials with the content, so viewers are not asked.
	Embed bool `xml:"embed,attr"`
	// OAuth says Name is an OAuth account (saved credentials), not a database user.
	OAuth bool `xml:"oAuth,attr,omitempty"`
}

// DatasourceRef is the name the SDK used for a data source in a reference
// (a connection's or a job's data source) before references became full
// data sources.
//
// Deprecated: the schema writes every data source reference as a dataSourceType; use Datasource.
type DatasourceRef = Datasource

func (cr *ConnectionCredentials) validate(op string) error {
	if cr == nil {
		return nil
	}
	if cr.Name == "" {
		return errors.New("tsc: " + op + ": connection credentials need a name")
	}
	return nil
}

// connections reads {collection}/{id}/connections. Tableau does not page
// an item's connections, so it takes no ListOptions.
func (k *contentKind[T]) connections(ctx context.Context, c *Client, id string) ([]Connection, error) {
	if err := k.checkID("Connections", id); err != nil {
		return nil, err
	}
	resp, err := c.getSite(ctx, k.op("Connections"), k.since.connections, k.path(id)+"/connections", nil)
	if err != nil {
		return nil, err
	}
	if resp.Connections == nil {
		return nil, nil
	}
	return resp.Connections.Connections, nil
}

// updateConnection sends the set fields of conn to
// {collection}/{id}/connections/{conn.ID}.
func (k *contentKind[T]) updateConnection(ctx context.Context, c *Client, id string, conn Connection) (*Connection, error) {
	name := k.op("UpdateConnection")
	if err := k.checkID("UpdateConnection", id); err != nil {
		return nil, err
	}
	if conn.ID == "" {
		return nil, errors.New("tsc: " + name + ": the connection has no id")
	}
	if conn.ServerPort != "" {
		if p, err := strconv.Atoi(conn.ServerPort); err != nil || p < 0 || p > 65535 {
			return nil, errors.New("tsc: " + name + ": server port " + strconv.Quote(conn.ServerPort) + " is not a port number")
		}
	}
	body := Connection{
		ServerAddress: conn.ServerAddress, ServerPort: conn.ServerPort, UserName: conn.UserName,
		Password: conn.Password, EmbedPassword: conn.EmbedPassword, QueryTaggingEnabled: conn.QueryTaggingEnabled,
	}
	if body == (Connection{}) {
		return nil, errors.New("tsc: " + name + ": nothing to update (set an address, port, user name, password or embed flag)")
	}
	b, err := encodeElement("connection", body)
	if err != nil {
		return nil, err
	}
	resp, err := c.sendSite(ctx, name, k.since.updateConnection, http.MethodPut, k.path(id)+"/connections/"+url.PathEscape(conn.ID)+k.connectionVerb, nil, b)
	if err != nil {
		return nil, err
	}
	if resp.Connection != nil {
		return resp.Connection, nil
	}
	// Some versions answer with a <connections> list holding the one connection.
	if resp.Connections != nil && len(resp.Connections.Connections) > 0 {
		return &resp.Connections.Connections[0], nil
	}
	return nil, errors.New("tsc: " + name + ": the answer has no <connection>")
}
