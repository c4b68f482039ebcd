package tsc

// VirtualConnection is a virtual connection (Tableau Data Management): a
// shared set of database connections and the data policies over their
// tables, stored by the server as one JSON document, its content.
//
// Content is the JSON document as text. Get, Publish and revision
// downloads carry it; lists leave it out.
type VirtualConnection struct {
	ID                string `xml:"id,attr,omitempty"`
	Name              string `xml:"name,attr,omitempty"`
	IsCertified       *bool  `xml:"isCertified,attr,omitempty"`
	CertificationNote string `xml:"certificationNote,attr,omitempty"`
	HasExtracts       *bool  `xml:"hasExtracts,attr,omitempty"`
	WebpageURL        string `xml:"webpageUrl,attr,omitempty"`
	CreatedAt         Time   `xml:"createdAt,attr"`
	UpdatedAt         Time   `xml:"updatedAt,attr"`
	// StartedAt is reported by some answers for the virtual connection's
	// extract work; the emulator never writes it.
	StartedAt Time         `xml:"startedAt,attr"`
	Project   *Project     `xml:"project,omitempty"`
	Owner     *User        `xml:"owner,omitempty"`
	Tags      *Tags        `xml:"tags,omitempty"`
	Content   string       `xml:"content,omitempty"`
	Warnings  *WarningList `xml:"warnings,omitempty"`
}

// VirtualConnectionList is the <virtualConnections> element.
type VirtualConnectionList struct {
	VirtualConnections []VirtualConnection `xml:"virtualConnection"`
}

// VirtualConnectionConnection is one database connection of a virtual
// connection, as List Virtual Connection Database Connections reports it.
// The password is never returned.
type VirtualConnectionConnection struct {
	ConnectionID string `xml:"connectionId,attr,omitempty"`
	// DBClass is the connector, e.g. "postgres".
	DBClass  string `xml:"dbClass,attr,omitempty"`
	Server   string `xml:"server,attr,omitempty"`
	Port     string `xml:"port,attr,omitempty"`
	Username string `xml:"username,attr,omitempty"`
	Database string `xml:"database,attr,omitempty"`

	// ID, ServerAddress and ServerPort are the names some servers write
	// instead of connectionId, server and port (a captured answer has
	// them; TSC reads both). Connections and AllConnections copy them into
	// the schema's fields, so callers read ConnectionID, Server and Port.
	ID            string `xml:"id,attr,omitempty"`
	ServerAddress string `xml:"serverAddress,attr,omitempty"`
	ServerPort    string `xml:"serverPort,attr,omitempty"`
}

// normalized fills the schema's fields from the other names.
func (c VirtualConnectionConnection) normalized() VirtualConnectionConnection {
	if c.ConnectionID == "" {
		c.ConnectionID = c.ID
	}
	if c.Server == "" {
		c.Server = c.ServerAddress
	}
	if c.Port == "" {
		c.Port = c.ServerPort
	}
	return c
}

// VirtualConnectionConnectionList is the <virtualConnectionConnections> element.
type VirtualConnectionConnectionList struct {
	Connections []VirtualConnectionConnection `xml:"connection"`
}
