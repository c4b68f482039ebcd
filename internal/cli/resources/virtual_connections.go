package resources

import (
	"context"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// Virtual connections (issue 16 item 5).

// VirtualConnectionRow is a virtual connection as tabctl prints it; its
// content (the JSON document) is `virtual-connections download`'s.
type VirtualConnectionRow struct {
	ID                string   `json:"id"`
	Name              string   `json:"name"`
	ProjectID         string   `json:"projectId"`
	ProjectName       string   `json:"projectName"`
	OwnerID           string   `json:"ownerId"`
	IsCertified       *bool    `json:"isCertified"`
	CertificationNote string   `json:"certificationNote"`
	HasExtracts       *bool    `json:"hasExtracts"`
	WebpageURL        string   `json:"webpageUrl"`
	Tags              []string `json:"tags"`
	CreatedAt         string   `json:"createdAt"`
	UpdatedAt         string   `json:"updatedAt"`
}

// NewVirtualConnectionRow flattens a virtual connection.
func NewVirtualConnectionRow(v tsc.VirtualConnection) VirtualConnectionRow {
	r := VirtualConnectionRow{ID: v.ID, Name: v.Name, IsCertified: v.IsCertified, CertificationNote: v.CertificationNote,
		HasExtracts: v.HasExtracts, WebpageURL: v.WebpageURL, Tags: nonNil(v.Tags.Labels()),
		CreatedAt: Time(v.CreatedAt), UpdatedAt: Time(v.UpdatedAt)}
	if v.Project != nil {
		r.ProjectID, r.ProjectName = v.Project.ID, v.Project.Name
	}
	if v.Owner != nil {
		r.OwnerID = v.Owner.ID
	}
	return r
}

// VirtualConnectionTable shows virtual connections.
var VirtualConnectionTable = cmdutil.Table[VirtualConnectionRow]{Columns: []cmdutil.Column[VirtualConnectionRow]{
	{Header: "name", Value: func(r VirtualConnectionRow) string { return r.Name }},
	{Header: "project", Value: func(r VirtualConnectionRow) string { return r.ProjectName }},
	{Header: "certified", Value: func(r VirtualConnectionRow) string { return optBool(r.IsCertified) }},
	{Header: "updated", Value: func(r VirtualConnectionRow) string { return r.UpdatedAt }},
	{Header: "id", Value: func(r VirtualConnectionRow) string { return r.ID }, Wide: true},
	{Header: "owner id", Value: func(r VirtualConnectionRow) string { return r.OwnerID }, Wide: true},
}}

// VirtualConnectionList lists virtual connections.
var VirtualConnectionList = cmdutil.Lister[tsc.VirtualConnection, VirtualConnectionRow]{
	Plural: "virtual connections", Table: VirtualConnectionTable, Row: NewVirtualConnectionRow,
	Page: func(c *tsc.Client) cmdutil.PageFunc[tsc.VirtualConnection] { return c.VirtualConnections.List },
}

// VirtualConnectionItem names a virtual connection by id, or by name with
// --project when names repeat.
var VirtualConnectionItem = cmdutil.Item[tsc.VirtualConnection, VirtualConnectionRow]{
	Singular: "virtual connection", Arg: "VIRTUALCONNECTION", ArgHelp: "a virtual connection id or name",
	ProjectHelp: "the virtual connection's project (name or path), to tell apart virtual connections of the same name",
	Table:       VirtualConnectionTable, Row: NewVirtualConnectionRow,
	Find: ResolveVirtualConnection,
	Get: func(ctx context.Context, c *tsc.Client, id string) (*tsc.VirtualConnection, error) {
		return c.VirtualConnections.Get(ctx, id)
	},
	Ident: func(v tsc.VirtualConnection) (string, string) { return v.ID, v.Name },
}

// ResolveVirtualConnection finds a virtual connection by id, or by name
// (within project, when given).
func ResolveVirtualConnection(ctx context.Context, c *tsc.Client, ref, project string) (*tsc.VirtualConnection, error) {
	return findContent(ctx, c, finder[tsc.VirtualConnection]{
		kind: "virtual connection", plural: "virtual connections", hint: "add --project or give its id",
		byID: c.VirtualConnections.Get, all: c.VirtualConnections.All,
		id: func(v tsc.VirtualConnection) string { return v.ID }, name: func(v tsc.VirtualConnection) string { return v.Name },
	}, ref, project, func(v tsc.VirtualConnection) *tsc.Project { return v.Project })
}
