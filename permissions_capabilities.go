package tsc

import (
	"fmt"
	"slices"
	"strings"
)

// What Tableau allows on which content type, and its permission templates,
// written down once for the SDK (refusing a bad rule before it is sent),
// the emulator (refusing it as a server does) and tabctl (explaining rules).
//
// Evidence:
//   - Tableau's "Permission Capabilities and Templates" page
//     (help.tableau.com/current/server/en-us/permissions_capabilities.htm,
//     and the Tableau Cloud page .../online/en-us/permissions_capabilities.htm):
//     the capabilities of each content type as the permission dialog shows
//     them, and the View, Explore, Publish and Administer templates, which
//     "are cumulative, so the Explore template includes everything from the
//     View template plus additional capabilities"; "All content also has a
//     template for None (which sets all capabilities to unspecified) and
//     Denied (which sets all capabilities to denied)". The project dialog
//     has a tab per content type: Projects, Workbooks, Data Sources, Data
//     Roles, Flows, Ask Data Lenses, Metrics, Virtual Connections,
//     Databases and Tables; those are the default-permission types.
//   - The REST API reference, "Permissions Methods"
//     (help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_permissions.htm):
//     the URL of each content type (".../lenses/lens-luid/permissions",
//     ".../default-permissions/workbooks"...) and the capability names on
//     the wire.
//   - TSC's tableauserverclient/models/permissions_item.py (Capability),
//     models/tableau_types.py (Resource, plural_type: "lens" -> "lenses",
//     everything else + "s") and server/endpoint/default_permissions_endpoint.py
//     (".../default-permissions/{plural_type}").
//   - The captured answers in ../shared/reference/responses/*permission*:
//     database (Read, Write, ChangePermissions), virtual connection
//     defaults (Read, Connect, ChangeHierarchy, Delete, ChangePermissions),
//     workbook defaults (the workbook set), data source defaults (Read,
//     Write, Connect, ExportXml).
//
// UI names map to wire names as the REST reference gives them: View = Read,
// Overwrite = Write, Move = ChangeHierarchy, Set Permissions =
// ChangePermissions, Download Image/PDF = ExportImage, Download Summary
// Data = ExportData, Download Full Data = ViewUnderlyingData, Share
// Customized = ShareView, Web Edit = WebAuthoring, Download Workbook/Save a
// Copy (and Download Data Source, Download Flow) = ExportXml, Run Flow =
// Execute, Create/Refresh Metrics = CreateRefreshMetrics, Run Explain Data =
// RunExplainData, API Access = VizqlDataApiAccess, Create Pulse Metrics =
// PulseMetricDefine, Refresh Extracts = ExtractRefresh.

// PermissionKind is a content type that has permissions, named as Tableau
// names it in permission answers (<workbook>, <virtualConnection>) and, in
// its plural, in URLs (/workbooks/{id}/permissions,
// /projects/{id}/default-permissions/virtualConnections).
type PermissionKind string

// The content types with permissions.
const (
	PermProject           PermissionKind = "project"
	PermWorkbook          PermissionKind = "workbook"
	PermView              PermissionKind = "view"
	PermDatasource        PermissionKind = "datasource"
	PermFlow              PermissionKind = "flow"
	PermVirtualConnection PermissionKind = "virtualConnection"
	PermDatabase          PermissionKind = "database"
	PermTable             PermissionKind = "table"
	PermLens              PermissionKind = "lens"
	PermDataRole          PermissionKind = "datarole"
	PermMetric            PermissionKind = "metric"
	PermCollection        PermissionKind = "collection"
)

// PermissionKinds lists every content type with permissions.
var PermissionKinds = []PermissionKind{
	PermProject, PermWorkbook, PermView, PermDatasource, PermFlow, PermVirtualConnection,
	PermDatabase, PermTable, PermLens, PermDataRole, PermMetric, PermCollection,
}

// DefaultPermissionKinds lists the content types a project holds default
// permissions for (the tabs of the project permission dialog other than
// Projects; the REST reference's default-permissions URLs).
var DefaultPermissionKinds = []PermissionKind{
	PermWorkbook, PermDatasource, PermFlow, PermLens, PermDataRole, PermMetric,
	PermDatabase, PermTable, PermVirtualConnection,
}

// Plural is the kind's URL segment: "workbooks", "lenses",
// "virtualConnections" (TSC's plural_type).
func (k PermissionKind) Plural() string {
	if k == PermLens {
		return "lenses"
	}
	return string(k) + "s"
}

// HasDefaults reports whether a project holds default permissions for k.
func (k PermissionKind) HasDefaults() bool { return slices.Contains(DefaultPermissionKinds, k) }

// Valid reports whether k is a content type with permissions.
func (k PermissionKind) Valid() bool { return slices.Contains(PermissionKinds, k) }

// PermissionKindFromPlural finds the kind whose URL segment is plural
// ("workbooks", "lenses"). Case matters, as in Tableau's URLs.
func PermissionKindFromPlural(plural string) (PermissionKind, bool) {
	for _, k := range PermissionKinds {
		if k.Plural() == plural {
			return k, true
		}
	}
	return "", false
}

// ParsePermissionKind reads a kind from a user's spelling: singular or
// plural, any case ("Workbooks", "virtualconnection", "lenses").
func ParsePermissionKind(s string) (PermissionKind, error) {
	for _, k := range PermissionKinds {
		if strings.EqualFold(s, string(k)) || strings.EqualFold(s, k.Plural()) {
			return k, nil
		}
	}
	names := make([]string, len(PermissionKinds))
	for i, k := range PermissionKinds {
		names[i] = string(k)
	}
	return "", fmt.Errorf("tsc: %q is not a content type with permissions (one of %s)", s, strings.Join(names, ", "))
}

// workbookCaps are a workbook's capabilities in the order of the
// permission dialog. ExtractRefresh is the "Refresh Extracts" capability
// newer servers add (TSC's Capability.ExtractRefresh). CreateRefreshMetrics
// went with Metrics in 2024.2 (API 3.22; it is not in the 3.29 schema): it
// is kept for older servers, and no template sets it.
var workbookCaps = []Capability{
	CapRead, CapFilter, CapViewComments, CapAddComment, CapExportImage, CapExportData,
	CapShareView, CapViewUnderlyingData, CapWebAuthoring, CapRunExplainData, CapExportXML,
	CapCreateRefreshMetrics, CapWrite, CapChangeHierarchy, CapDelete, CapChangePermissions,
	CapExtractRefresh,
}

// viewCaps: a view's dialog has no Overwrite, Move or Download Workbook;
// those belong to its workbook.
var viewCaps = []Capability{
	CapRead, CapFilter, CapViewComments, CapAddComment, CapExportImage, CapExportData,
	CapShareView, CapViewUnderlyingData, CapWebAuthoring, CapDelete, CapChangePermissions,
}

var datasourceCaps = []Capability{
	CapRead, CapConnect, CapExportXML, CapVizqlDataAPIAccess, CapPulseMetricDefine,
	CapWrite, CapSaveAs, CapExtractRefresh, CapDelete, CapChangePermissions,
}

var flowCaps = []Capability{
	CapRead, CapExportXML, CapExecute, CapWebAuthoringForFlows, CapWrite, CapChangeHierarchy,
	CapDelete, CapChangePermissions,
}

// capsByKind is what Tableau allows on each kind. Projects: View, Publish
// and Project Leader (REST: Read, Write, ProjectLeader).
var capsByKind = map[PermissionKind][]Capability{
	PermProject:           {CapRead, CapWrite, CapProjectLeader},
	PermWorkbook:          workbookCaps,
	PermView:              viewCaps,
	PermDatasource:        datasourceCaps,
	PermFlow:              flowCaps,
	PermVirtualConnection: {CapRead, CapConnect, CapWrite, CapChangeHierarchy, CapDelete, CapChangePermissions},
	PermDatabase:          {CapRead, CapWrite, CapChangePermissions},
	PermTable:             {CapRead, CapWrite, CapChangePermissions},
	PermLens:              {CapRead, CapWrite, CapChangeHierarchy, CapDelete, CapChangePermissions},
	PermDataRole:          {CapRead, CapWrite, CapChangeHierarchy, CapDelete, CapChangePermissions},
	PermMetric:            {CapRead, CapWrite, CapChangeHierarchy, CapDelete, CapChangePermissions},
	// Collections are shared by granting View; the dialog has nothing else.
	PermCollection: {CapRead},
}

// Capabilities lists the capabilities Tableau allows on k, in the order of
// its permission dialog; nil for an unknown kind. The slice is a copy.
func (k PermissionKind) Capabilities() []Capability {
	return slices.Clone(capsByKind[k])
}

// Allows reports whether c is a capability of k.
func (k PermissionKind) Allows(c Capability) bool {
	return slices.Contains(capsByKind[k], c)
}

// ValidateCapability refuses a capability that k does not have, or a mode
// other than Allow and Deny, with an error naming the kind and the
// capabilities it has.
func ValidateCapability(k PermissionKind, c Capability, m Mode) error {
	caps, ok := capsByKind[k]
	if !ok {
		_, err := ParsePermissionKind(string(k))
		return err
	}
	if !slices.Contains(caps, c) {
		names := make([]string, len(caps))
		for i, c := range caps {
			names[i] = string(c)
		}
		return fmt.Errorf("tsc: %q is not a capability of a %s (its capabilities: %s)", c, k, strings.Join(names, ", "))
	}
	if m != Allow && m != Deny {
		return fmt.Errorf("tsc: mode %q of capability %s: want %s or %s", m, c, Allow, Deny)
	}
	return nil
}

// ValidateRules checks every rule of a permissions request for k: each
// grantee names exactly one user, group or group set by id, and each
// capability is one of k's (ValidateCapability).
func ValidateRules(k PermissionKind, rules []GranteeCapabilities) error {
	for i, g := range rules {
		n := 0
		var id string
		if g.User != nil {
			n, id = n+1, g.User.ID
		}
		if g.Group != nil {
			n, id = n+1, g.Group.ID
		}
		if g.GroupSet != nil {
			n, id = n+1, g.GroupSet.ID
		}
		if n != 1 || id == "" {
			return fmt.Errorf("tsc: rule %d: a rule names exactly one user, group or group set, by id", i+1)
		}
		if len(g.Capabilities.Capabilities) == 0 {
			return fmt.Errorf("tsc: rule %d: no capabilities", i+1)
		}
		for _, r := range g.Capabilities.Capabilities {
			if err := ValidateCapability(k, r.Name, r.Mode); err != nil {
				return fmt.Errorf("rule %d: %w", i+1, err)
			}
		}
	}
	return nil
}

// PermissionTemplate names one of Tableau's permission templates.
type PermissionTemplate string

// The templates of the permission dialog. View, Explore, Publish and
// Administer are cumulative and allow; Denied denies every capability.
// (None, which leaves everything unspecified, is no rules at all.)
const (
	TemplateView       PermissionTemplate = "View"
	TemplateExplore    PermissionTemplate = "Explore"
	TemplatePublish    PermissionTemplate = "Publish"
	TemplateAdminister PermissionTemplate = "Administer"
	TemplateDenied     PermissionTemplate = "Denied"
)

// PermissionTemplates lists the templates in the dialog's order.
var PermissionTemplates = []PermissionTemplate{TemplateView, TemplateExplore, TemplatePublish, TemplateAdminister, TemplateDenied}

// templateSteps gives, per kind, what each cumulative template adds to the
// one before it (View, Explore, Publish); Administer is every capability.
// From the "Permission Capabilities and Templates" page: for workbooks,
// View is view, filter, comments, download image/PDF and summary data;
// Explore adds share customized, download full data, web edit, download
// workbook/save a copy (and Explain Data, metrics); Publish adds overwrite
// and move; Administer adds delete and set permissions. Data sources: View
// is view and connect, Explore adds download, Publish adds overwrite (and
// save as). Flows: View is view, Explore adds download, Publish adds run,
// web edit and overwrite. Projects: View, then Publish (Write); Project
// Leader is the Administer of a project. Kinds with only view, overwrite,
// move, delete and set permissions have View, then Publish (overwrite and
// move).
var templateSteps = map[PermissionKind][3][]Capability{
	PermProject: {{CapRead}, nil, {CapWrite}},
	PermWorkbook: {
		{CapRead, CapFilter, CapViewComments, CapAddComment, CapExportImage, CapExportData},
		{CapShareView, CapViewUnderlyingData, CapWebAuthoring, CapRunExplainData, CapExportXML},
		{CapWrite, CapChangeHierarchy, CapExtractRefresh},
	},
	PermView: {
		{CapRead, CapFilter, CapViewComments, CapAddComment, CapExportImage, CapExportData},
		{CapShareView, CapViewUnderlyingData, CapWebAuthoring},
		nil,
	},
	PermDatasource: {
		{CapRead, CapConnect},
		{CapExportXML, CapVizqlDataAPIAccess, CapPulseMetricDefine},
		{CapWrite, CapSaveAs, CapExtractRefresh},
	},
	PermFlow:              {{CapRead}, {CapExportXML}, {CapExecute, CapWebAuthoringForFlows, CapWrite, CapChangeHierarchy}},
	PermVirtualConnection: {{CapRead, CapConnect}, nil, {CapWrite, CapChangeHierarchy}},
	PermDatabase:          {{CapRead}, nil, {CapWrite}},
	PermTable:             {{CapRead}, nil, {CapWrite}},
	PermLens:              {{CapRead}, nil, {CapWrite, CapChangeHierarchy}},
	PermDataRole:          {{CapRead}, nil, {CapWrite, CapChangeHierarchy}},
	PermMetric:            {{CapRead}, nil, {CapWrite, CapChangeHierarchy}},
	PermCollection:        {{CapRead}, nil, nil},
}

// Template gives the rules template t sets on kind k, in the dialog's
// order: Allow for each capability the template includes (Deny for every
// capability with TemplateDenied).
func Template(k PermissionKind, t PermissionTemplate) ([]CapabilityRule, error) {
	steps, ok := templateSteps[k]
	if !ok {
		_, err := ParsePermissionKind(string(k))
		return nil, err
	}
	var in []Capability
	switch t {
	case TemplateView:
		in = steps[0]
	case TemplateExplore:
		in = slices.Concat(steps[0], steps[1])
	case TemplatePublish:
		in = slices.Concat(steps[0], steps[1], steps[2])
	case TemplateAdminister, TemplateDenied:
		in = capsByKind[k]
	default:
		return nil, fmt.Errorf("tsc: no permission template %q (one of View, Explore, Publish, Administer, Denied)", t)
	}
	mode := Allow
	if t == TemplateDenied {
		mode = Deny
	}
	var out []CapabilityRule
	for _, c := range capsByKind[k] {
		if slices.Contains(in, c) {
			out = append(out, CapabilityRule{Name: c, Mode: mode})
		}
	}
	return out, nil
}
