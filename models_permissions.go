package tsc

// The wire model of permissions: what Query/Add Permissions and the default
// permission calls of a project send and answer (permissionsType in the
// 3.29 schema). The SDK's permission service and the emulator both use
// these types, so the wire shape is written down once.

// Capability names one thing a grantee may do with a piece of content
// ("Read", "ExportData", "Write"...). It is a string type so that names a
// newer server sends still decode; which capability applies to which
// content type is checked by the permission service, not by decoding.
type Capability string

// The capabilities the 3.29 schema lists (capabilityType), and those real
// servers send beyond it.
const (
	CapAddComment           Capability = "AddComment"
	CapAIAccess             Capability = "AiAccess"
	CapChangeHierarchy      Capability = "ChangeHierarchy"
	CapChangePermissions    Capability = "ChangePermissions"
	CapConnect              Capability = "Connect"
	CapDelete               Capability = "Delete"
	CapExecute              Capability = "Execute"
	CapExportData           Capability = "ExportData"
	CapExportImage          Capability = "ExportImage"
	CapExportXML            Capability = "ExportXml"
	CapExtractRefresh       Capability = "ExtractRefresh"
	CapFilter               Capability = "Filter"
	CapOverwrite            Capability = "Overwrite"
	CapProjectLeader        Capability = "ProjectLeader"
	CapPulseMetricDefine    Capability = "PulseMetricDefine"
	CapRead                 Capability = "Read"
	CapRunExplainData       Capability = "RunExplainData"
	CapSaveAs               Capability = "SaveAs"
	CapShareView            Capability = "ShareView"
	CapViewComments         Capability = "ViewComments"
	CapViewUnderlyingData   Capability = "ViewUnderlyingData"
	CapVizqlDataAPIAccess   Capability = "VizqlDataApiAccess"
	CapWebAuthoring         Capability = "WebAuthoring"
	CapWebAuthoringForFlows Capability = "WebAuthoringForFlows"
	CapWrite                Capability = "Write"
	// CapCreateRefreshMetrics is the metrics capability of workbooks on
	// servers from 2021.3 (TSC's Permission.Capability); not in the schema.
	CapCreateRefreshMetrics Capability = "CreateRefreshMetrics"
	// CapInheritedProjectLeader is what servers answer on a nested project
	// whose leader rule comes from its parent; it is answered, never granted.
	CapInheritedProjectLeader Capability = "InheritedProjectLeader"
)

// Mode is whether a rule grants or denies its capability.
type Mode string

// The two modes of a permission rule.
const (
	Allow Mode = "Allow"
	Deny  Mode = "Deny"
)

// Permissions is the <permissions> element: the rules set on one piece of
// content (or one project's defaults for a content type). The content
// element says which resource the rules belong to; servers name it with
// its owner, and the emulator does the same.
type Permissions struct {
	// Parent names the project whose rules control these ones, for content
	// in a locked project (servers from 3.x).
	Parent     *PermissionsParent `xml:"parent,omitempty"`
	Datasource *Datasource        `xml:"datasource,omitempty"`
	Project    *Project           `xml:"project,omitempty"`
	View       *View              `xml:"view,omitempty"`
	Workbook   *Workbook          `xml:"workbook,omitempty"`
	// Flow, Database, Table, VirtualConnection, Lens, Metric and Collection
	// permissions name their content with PermissionsContent until those
	// resources have models of their own.
	Flow              *PermissionsContent `xml:"flow,omitempty"`
	Database          *PermissionsContent `xml:"database,omitempty"`
	Table             *PermissionsContent `xml:"table,omitempty"`
	VirtualConnection *PermissionsContent `xml:"virtualConnection,omitempty"`
	Lens              *PermissionsContent `xml:"lens,omitempty"`
	Metric            *PermissionsContent `xml:"metric,omitempty"`
	Collection        *PermissionsContent `xml:"collection,omitempty"`

	GranteeCapabilities []GranteeCapabilities `xml:"granteeCapabilities"`
}

// PermissionsParent is the <parent> of a permissions answer: the project
// that controls the content's rules.
type PermissionsParent struct {
	ID   string `xml:"id,attr"`
	Type string `xml:"type,attr"`
}

// PermissionsContent names a piece of content in a permissions answer for
// content types the SDK has no full model of yet: its id, name and owner,
// which is all a permissions answer carries.
type PermissionsContent struct {
	ID    string `xml:"id,attr,omitempty"`
	Name  string `xml:"name,attr,omitempty"`
	Owner *User  `xml:"owner,omitempty"`
}

// GranteeCapabilities is the rules of one grantee (a user, a group or a
// group set) on one piece of content.
type GranteeCapabilities struct {
	Group        *Group         `xml:"group,omitempty"`
	GroupSet     *GroupSet      `xml:"groupSet,omitempty"`
	User         *User          `xml:"user,omitempty"`
	Capabilities CapabilityList `xml:"capabilities"`
}

// CapabilityList is the <capabilities> element of one grantee's rules.
type CapabilityList struct {
	Capabilities []CapabilityRule `xml:"capability"`
}

// CapabilityRule is one rule: a capability and whether it is allowed or
// denied.
type CapabilityRule struct {
	Name Capability `xml:"name,attr"`
	Mode Mode       `xml:"mode,attr"`
}

// GroupSet is a set of groups that can be granted permissions as one
// grantee (servers from 3.22).
type GroupSet struct {
	ID         string  `xml:"id,attr,omitempty"`
	Name       string  `xml:"name,attr,omitempty"`
	GroupCount *int    `xml:"groupCount,attr,omitempty"`
	LocalID    *int    `xml:"localId,attr,omitempty"`
	Groups     []Group `xml:"group"`
}
