package tsc

import (
	"encoding/xml"
	"fmt"
	"time"
)

// Time is a timestamp as Tableau writes it (UTC, RFC 3339, e.g. 2016-08-03T20:34:04Z).
//
// It embeds time.Time so that all of its methods are at hand. Decoding is
// lenient on purpose: servers have been seen sending unparsable dates, and one
// bad attribute must not make a whole list unreadable; such a value decodes as
// the zero Time. The zero Time is left out when encoding.
type Time struct{ time.Time }

// NewTime wraps t, converted to UTC as the wire requires.
func NewTime(t time.Time) Time { return Time{t.UTC()} }

// MarshalXMLAttr writes the time in Tableau's format, or nothing when zero.
func (t Time) MarshalXMLAttr(name xml.Name) (xml.Attr, error) {
	if t.IsZero() {
		return xml.Attr{}, nil
	}
	return xml.Attr{Name: name, Value: t.UTC().Format(time.RFC3339)}, nil
}

// UnmarshalXMLAttr parses RFC 3339; an unparsable value gives the zero Time.
func (t *Time) UnmarshalXMLAttr(attr xml.Attr) error {
	v, err := time.Parse(time.RFC3339, attr.Value)
	if err != nil {
		*t = Time{}
		return nil
	}
	*t = Time{v}
	return nil
}

// Secret is a string that must never be printed or logged: passwords, tokens,
// personal access token secrets. Its String and Format methods redact it, so
// it is safe inside any struct printed with %v or %+v; on the wire it is sent
// as it is.
type Secret string

const redacted = "[REDACTED]"

// String redacts the secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString redacts the secret for %#v.
func (s Secret) GoString() string { return fmt.Sprintf("tsc.Secret(%q)", s.String()) }

// Format redacts the secret for every verb, including %s, %q, %v, %+v and %x.
func (s Secret) Format(f fmt.State, verb rune) {
	switch verb {
	case 'q':
		fmt.Fprintf(f, "%q", s.String())
	default:
		fmt.Fprint(f, s.String())
	}
}

// Reveal returns the secret's value, for the code that has to send it.
func (s Secret) Reveal() string { return string(s) }

// MarshalText keeps secrets out of JSON and text encodings of SDK types.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// MarshalXMLAttr sends the real value: the wire is the one place a secret goes.
func (s Secret) MarshalXMLAttr(name xml.Name) (xml.Attr, error) {
	if s == "" {
		return xml.Attr{}, nil
	}
	return xml.Attr{Name: name, Value: string(s)}, nil
}

// UnmarshalXMLAttr reads the real value.
func (s *Secret) UnmarshalXMLAttr(attr xml.Attr) error {
	*s = Secret(attr.Value)
	return nil
}

// Bool returns a pointer to v, for the optional settings of a model.
func Bool(v bool) *bool { return &v }

// Int returns a pointer to v, for the optional settings of a model.
func Int(v int) *int { return &v }

// Pagination is the position of one page in a list, as the server reports it.
type Pagination struct {
	PageNumber     int `xml:"pageNumber,attr"`
	PageSize       int `xml:"pageSize,attr"`
	TotalAvailable int `xml:"totalAvailable,attr"`
}

// ProductVersion is the server's product version (e.g. "2024.2.0") and build.
type ProductVersion struct {
	Value string `xml:",chardata"`
	Build string `xml:"build,attr,omitempty"`
}

// ServerInfo describes a server: what GET /serverinfo answers, without signing in.
type ServerInfo struct {
	ProductVersion ProductVersion `xml:"productVersion"`
	// PrepConductorVersion is sent by Tableau Server only.
	PrepConductorVersion string `xml:"prepConductorVersion,omitempty"`
	// RESTAPIVersion is the highest REST API version the server speaks, e.g. "3.29".
	RESTAPIVersion string `xml:"restApiVersion"`
	Platform       string `xml:"platform,omitempty"`
	// ServerSettings are sent by Tableau Server 2023.1 and later.
	ServerSettings *ServerSettings `xml:"serverSettings,omitempty"`
}

// ServerSettings are the server-wide settings Server Info reports.
type ServerSettings struct {
	OAuthEnabled                     *bool `xml:"oAuthEnabled,omitempty"`
	SheetImageMaxAgeFloor            *int  `xml:"sheetImageMaxAgeFloor,omitempty"`
	SheetImageMaxAgeCeiling          *int  `xml:"sheetImageMaxAgeCeiling,omitempty"`
	OfflineInteractionSupportedPhase *int  `xml:"offlineInteractionSupportedPhase,omitempty"`
}

// Domain is the identity domain of a user or group ("local" for local accounts).
type Domain struct {
	ID        string `xml:"id,attr,omitempty"`
	Name      string `xml:"name,attr"`
	ShortName string `xml:"shortName,attr,omitempty"`
}

// SiteRole is a user's role on a site; it decides what the user may do there.
type SiteRole string

// The site roles of the current REST API, plus the legacy ones old servers
// still report for users created before 2018.3.
const (
	SiteRoleCreator                   SiteRole = "Creator"
	SiteRoleExplorer                  SiteRole = "Explorer"
	SiteRoleExplorerCanPublish        SiteRole = "ExplorerCanPublish"
	SiteRoleGuest                     SiteRole = "Guest"
	SiteRoleServerAdministrator       SiteRole = "ServerAdministrator"
	SiteRoleSiteAdministratorCreator  SiteRole = "SiteAdministratorCreator"
	SiteRoleSiteAdministratorExplorer SiteRole = "SiteAdministratorExplorer"
	SiteRoleSupportUser               SiteRole = "SupportUser"
	SiteRoleUnlicensed                SiteRole = "Unlicensed"
	SiteRoleViewer                    SiteRole = "Viewer"

	// Legacy roles, still found on upgraded servers.
	SiteRoleInteractor            SiteRole = "Interactor"
	SiteRolePublisher             SiteRole = "Publisher"
	SiteRoleSiteAdministrator     SiteRole = "SiteAdministrator"
	SiteRoleUnlicensedWithPublish SiteRole = "UnlicensedWithPublish"
	SiteRoleViewerWithPublish     SiteRole = "ViewerWithPublish"
	SiteRoleReadOnly              SiteRole = "ReadOnly"
)

// SiteRoles lists the site roles a user can be given with the current REST API.
var SiteRoles = []SiteRole{
	SiteRoleCreator, SiteRoleExplorer, SiteRoleExplorerCanPublish, SiteRoleGuest,
	SiteRoleServerAdministrator, SiteRoleSiteAdministratorCreator, SiteRoleSiteAdministratorExplorer,
	SiteRoleSupportUser, SiteRoleUnlicensed, SiteRoleViewer,
}

// Valid reports whether r is a role of the current REST API.
func (r SiteRole) Valid() bool {
	for _, v := range SiteRoles {
		if r == v {
			return true
		}
	}
	return false
}

// Site is a Tableau site: a tenant with its own users and content.
//
// Settings are pointers because an update sends only what is set: a nil
// setting is left as the server has it.
type Site struct {
	ID   string `xml:"id,attr,omitempty"`
	Name string `xml:"name,attr,omitempty"`
	// ContentURL is the site's name in URLs; "" is the Default site.
	ContentURL string `xml:"contentUrl,attr"`
	// AdminMode is "ContentAndUsers" or "ContentOnly".
	AdminMode string `xml:"adminMode,attr,omitempty"`
	// State is "Active" or "Suspended".
	State string `xml:"state,attr,omitempty"`

	UserQuota    *int `xml:"userQuota,attr,omitempty"`
	StorageQuota *int `xml:"storageQuota,attr,omitempty"`
	// NumUsers and Storage are reported by older servers on the site itself.
	NumUsers             *int `xml:"numUsers,attr,omitempty"`
	Storage              *int `xml:"storage,attr,omitempty"`
	RevisionLimit        *int `xml:"revisionLimit,attr,omitempty"`
	TierCreatorCapacity  *int `xml:"tierCreatorCapacity,attr,omitempty"`
	TierExplorerCapacity *int `xml:"tierExplorerCapacity,attr,omitempty"`
	TierViewerCapacity   *int `xml:"tierViewerCapacity,attr,omitempty"`

	DisableSubscriptions         *bool `xml:"disableSubscriptions,attr,omitempty"`
	RevisionHistoryEnabled       *bool `xml:"revisionHistoryEnabled,attr,omitempty"`
	SubscribeOthersEnabled       *bool `xml:"subscribeOthersEnabled,attr,omitempty"`
	AllowSubscriptionAttachments *bool `xml:"allowSubscriptionAttachments,attr,omitempty"`
	GuestAccessEnabled           *bool `xml:"guestAccessEnabled,attr,omitempty"`
	CacheWarmupEnabled           *bool `xml:"cacheWarmupEnabled,attr,omitempty"`
	CommentingEnabled            *bool `xml:"commentingEnabled,attr,omitempty"`
	CommentingMentionsEnabled    *bool `xml:"commentingMentionsEnabled,attr,omitempty"`
	EditingFlowsEnabled          *bool `xml:"editingFlowsEnabled,attr,omitempty"`
	SchedulingFlowsEnabled       *bool `xml:"schedulingFlowsEnabled,attr,omitempty"`
	FlowsEnabled                 *bool `xml:"flowsEnabled,attr,omitempty"`
	FlowAutoSaveEnabled          *bool `xml:"flowAutoSaveEnabled,attr,omitempty"`
	CatalogingEnabled            *bool `xml:"catalogingEnabled,attr,omitempty"`
	CatalogObfuscationEnabled    *bool `xml:"catalogObfuscationEnabled,attr,omitempty"`
	DerivedPermissionsEnabled    *bool `xml:"derivedPermissionsEnabled,attr,omitempty"`
	RequestAccessEnabled         *bool `xml:"requestAccessEnabled,attr,omitempty"`
	RunNowEnabled                *bool `xml:"runNowEnabled,attr,omitempty"`
	// IsDataAlertsEnabled is what servers before the 3.x schema wrote for
	// DataAlertsEnabled; it is read, never stored or reported by the emulator.
	IsDataAlertsEnabled        *bool `xml:"isDataAlertsEnabled,attr,omitempty"`
	MaterializedViewsEnabled   *bool `xml:"materializedViewsEnabled,attr,omitempty"`
	WebExtractionEnabled       *bool `xml:"webExtractionEnabled,attr,omitempty"`
	MetricsContentTypeEnabled  *bool `xml:"metricsContentTypeEnabled,attr,omitempty"`
	NotifySiteAdminsOnThrottle *bool `xml:"notifySiteAdminsOnThrottle,attr,omitempty"`
	AuthoringEnabled           *bool `xml:"authoringEnabled,attr,omitempty"`
	NamedSharingEnabled        *bool `xml:"namedSharingEnabled,attr,omitempty"`
	MobileBiometricsEnabled    *bool `xml:"mobileBiometricsEnabled,attr,omitempty"`
	SheetImageEnabled          *bool `xml:"sheetImageEnabled,attr,omitempty"`
	UseDefaultTimeZone         *bool `xml:"useDefaultTimeZone,attr,omitempty"`
	AutoSuspendRefreshEnabled  *bool `xml:"autoSuspendRefreshEnabled,attr,omitempty"`

	CustomSubscriptionEmailEnabled  *bool  `xml:"customSubscriptionEmailEnabled,attr,omitempty"`
	CustomSubscriptionEmail         string `xml:"customSubscriptionEmail,attr,omitempty"`
	CustomSubscriptionFooterEnabled *bool  `xml:"customSubscriptionFooterEnabled,attr,omitempty"`
	CustomSubscriptionFooter        string `xml:"customSubscriptionFooter,attr,omitempty"`

	AutoSuspendRefreshInactivityWindow *int `xml:"autoSuspendRefreshInactivityWindow,attr,omitempty"`

	// ExtractEncryptionMode is "enforced", "enabled" or "disabled".
	ExtractEncryptionMode string `xml:"extractEncryptionMode,attr,omitempty"`
	// AskDataMode is "EnabledByDefault" or "DisabledByDefault".
	AskDataMode        string `xml:"askDataMode,attr,omitempty"`
	UserVisibilityMode string `xml:"userVisibilityMode,attr,omitempty"`
	TimeZone           string `xml:"timeZone,attr,omitempty"`

	// The settings below are those of the 3.29 schema that no SDK call
	// changes on its own; they are decoded, sent when set, and kept by the
	// emulator like the others.
	AdminInsightsPublishFrequency                       *int   `xml:"adminInsightsPublishFrequency,attr,omitempty"`
	AttributeCaptureEnabled                             *bool  `xml:"attributeCaptureEnabled,attr,omitempty"`
	AutoExtractRefreshMonitoringEnabled                 *bool  `xml:"autoExtractRefreshMonitoringEnabled,attr,omitempty"`
	AutoFlowRunMonitoringEnabled                        *bool  `xml:"autoFlowRunMonitoringEnabled,attr,omitempty"`
	BlockNonExtractEnabled                              *bool  `xml:"blockNonExtractEnabled,attr,omitempty"`
	CMEKEnabled                                         *bool  `xml:"cmekEnabled,attr,omitempty"`
	ContentMigrationToolEnabled                         *bool  `xml:"contentMigrationToolEnabled,attr,omitempty"`
	DashboardInsightsEnabled                            *bool  `xml:"dashboardInsightsEnabled,attr,omitempty"`
	DashboardInsightsGroupID                            string `xml:"dashboardInsightsGroupId,attr,omitempty"`
	DashboardNarrativeEnabled                           *bool  `xml:"dashboardNarrativeEnabled,attr,omitempty"`
	DataAccelerationMode                                string `xml:"dataAccelerationMode,attr,omitempty"`
	DataAlertsEnabled                                   *bool  `xml:"dataAlertsEnabled,attr,omitempty"`
	DataOrientationEnabled                              *bool  `xml:"dataOrientationEnabled,attr,omitempty"`
	DQWSubscriptionsEnabled                             *bool  `xml:"dqwSubscriptionsEnabled,attr,omitempty"`
	EASEnabled                                          *bool  `xml:"easEnabled,attr,omitempty"`
	EinsteinInFlowEnabled                               *bool  `xml:"einsteinInFlowEnabled,attr,omitempty"`
	ExplainDataEnabled                                  *bool  `xml:"explainDataEnabled,attr,omitempty"`
	ExploreInTableauEnabled                             *bool  `xml:"exploreInTableauEnabled,attr,omitempty"`
	FlowFederationStrategySelectedConnectionEnabled     *bool  `xml:"flowFederationStrategySelectedConnectionEnabled,attr,omitempty"`
	FlowOutputSubscriptionsDataAsEmailAttachmentEnabled *bool  `xml:"flowOutputSubscriptionsDataAsEmailAttachmentEnabled,attr,omitempty"`
	FlowOutputSubscriptionsDataInEmailBodyEnabled       *bool  `xml:"flowOutputSubscriptionsDataInEmailBodyEnabled,attr,omitempty"`
	FlowOutputSubscriptionsEnabled                      *bool  `xml:"flowOutputSubscriptionsEnabled,attr,omitempty"`
	FlowParametersAnyTypeEnabled                        *bool  `xml:"flowParametersAnyTypeEnabled,attr,omitempty"`
	FlowParametersEnabled                               *bool  `xml:"flowParametersEnabled,attr,omitempty"`
	FlowParametersSystemTypeEnabled                     *bool  `xml:"flowParametersSystemTypeEnabled,attr,omitempty"`
	GenerativeAIDataCatalog                             *bool  `xml:"generativeAiDataCatalog,attr,omitempty"`
	GenerativeAIDataCatalogGroupID                      string `xml:"generativeAiDataCatalogGroupId,attr,omitempty"`
	GenerativeAIEnabled                                 *bool  `xml:"generativeAiEnabled,attr,omitempty"`
	GenerativeAIGroupID                                 string `xml:"generativeAiGroupId,attr,omitempty"`
	GenerativeAIPrep                                    *bool  `xml:"generativeAiPrep,attr,omitempty"`
	GenerativeAIPrepGroupID                             string `xml:"generativeAiPrepGroupId,attr,omitempty"`
	GenerativeAIPulse                                   *bool  `xml:"generativeAiPulse,attr,omitempty"`
	GenerativeAIPulseDiscoverEnabled                    *bool  `xml:"generativeAiPulseDiscoverEnabled,attr,omitempty"`
	GenerativeAIPulseDiscoverGroupID                    string `xml:"generativeAiPulseDiscoverGroupId,attr,omitempty"`
	GenerativeAIPulseExternalEmbeddingsEnabled          *bool  `xml:"generativeAiPulseExternalEmbeddingsEnabled,attr,omitempty"`
	GenerativeAIPulseExternalEmbeddingsGroupID          string `xml:"generativeAiPulseExternalEmbeddingsGroupId,attr,omitempty"`
	GenerativeAIWebAuthoring                            *bool  `xml:"generativeAiWebAuthoring,attr,omitempty"`
	GenerativeAIWebAuthoringGroupID                     string `xml:"generativeAiWebAuthoringGroupId,attr,omitempty"`
	GenerativeAIWebAuthoringOnPremEnabled               *bool  `xml:"generativeAiWebAuthoringOnPremEnabled,attr,omitempty"`
	GroupAssertionsConnectedAppsEnabled                 *bool  `xml:"groupAssertionsConnectedAppsEnabled,attr,omitempty"`
	GroupAssertionsEnabled                              *bool  `xml:"groupAssertionsEnabled,attr,omitempty"`
	GroupAssertionsOIDCEnabled                          *bool  `xml:"groupAssertionsOIDCEnabled,attr,omitempty"`
	GroupAssertionsSAMLEnabled                          *bool  `xml:"groupAssertionsSAMLEnabled,attr,omitempty"`
	GroupSetsEnabled                                    *bool  `xml:"groupSetsEnabled,attr,omitempty"`
	IdpConfigurationIDForScim                           string `xml:"idpConfigurationIdForScim,attr,omitempty"`
	LinkedTaskRunNowEnabled                             *bool  `xml:"linkedTaskRunNowEnabled,attr,omitempty"`
	LinkedTaskSchedulingEnabled                         *bool  `xml:"linkedTaskSchedulingEnabled,attr,omitempty"`
	LoginBasedLicenseManagementEnabled                  *bool  `xml:"loginBasedLicenseManagementEnabled,attr,omitempty"`
	MaxServiceTokenLimitPerUser                         *int   `xml:"maxServiceTokenLimitPerUser,attr,omitempty"`
	MFAEnforcementExemption                             *bool  `xml:"mfaEnforcementExemption,attr,omitempty"`
	PersonalSpaceEnabled                                *bool  `xml:"personalSpaceEnabled,attr,omitempty"`
	PersonalSpaceStorageQuota                           string `xml:"personalSpaceStorageQuota,attr,omitempty"`
	PublishToSalesforceEnabled                          *bool  `xml:"publishToSalesforceEnabled,attr,omitempty"`
	PulseEnabled                                        *bool  `xml:"pulseEnabled,attr,omitempty"`
	PulseGroupID                                        string `xml:"pulseGroupId,attr,omitempty"`
	PulsePersonalizedRankingEnabled                     *bool  `xml:"pulsePersonalizedRankingEnabled,attr,omitempty"`
	RecycleBinEnabled                                   *bool  `xml:"recycleBinEnabled,attr,omitempty"`
	RefreshTokenAbsoluteExpiry                          *int   `xml:"refreshTokenAbsoluteExpiry,attr,omitempty"`
	SelfServiceScheduleForRefreshEnabled                *bool  `xml:"selfServiceScheduleForRefreshEnabled,attr,omitempty"`
	SiteInviteEmailEnabled                              *bool  `xml:"siteInviteEmailEnabled,attr,omitempty"`
	SitePromptedLoginFlowEnabled                        *bool  `xml:"sitePromptedLoginFlowEnabled,attr,omitempty"`
	TagLimit                                            *int   `xml:"tagLimit,attr,omitempty"`
	WebZoneContentEnabled                               *bool  `xml:"webZoneContentEnabled,attr,omitempty"`
	WorkflowExtensionEnabled                            *bool  `xml:"workflowExtensionEnabled,attr,omitempty"`

	// Usage is what newer servers report when asked for site usage.
	Usage *SiteUsage `xml:"usage,omitempty"`
	// EmbeddingSettings are the site's embedding allow lists (REST 3.16).
	EmbeddingSettings []EmbeddingSetting `xml:"settings,omitempty"`
	// SiteSettings are further settings as key and value pairs.
	SiteSettings []SiteSetting `xml:"siteSettings,omitempty"`
}

// EmbeddingSetting says where a site's views may be embedded.
type EmbeddingSetting struct {
	// AllowList is the space-separated list of allowed domains.
	AllowList             string `xml:"allowList,attr"`
	UnrestrictedEmbedding bool   `xml:"unrestrictedEmbedding,attr"`
}

// SiteSetting is one key and value setting of a site.
type SiteSetting struct {
	Key   string `xml:"key,attr"`
	Value string `xml:"value,attr"`
}

// SiteUsage counts a site's users and storage (in MB).
type SiteUsage struct {
	NumUsers     int  `xml:"numUsers,attr"`
	Storage      int  `xml:"storage,attr"`
	NumCreators  *int `xml:"numCreators,attr,omitempty"`
	NumExplorers *int `xml:"numExplorers,attr,omitempty"`
	NumViewers   *int `xml:"numViewers,attr,omitempty"`
}

// UserRef is the name the SDK used for a user in a reference (a content
// owner, a revision's publisher) before references became full users.
//
// Deprecated: the schema writes every user reference as a userType; use User.
type UserRef = User

// ProjectRef is the name the SDK used for a project in a reference (a
// workbook's project) before references became full projects.
//
// Deprecated: the schema writes every project reference as a projectType; use Project.
type ProjectRef = Project

// Location is where an item lives: a project, or a user's personal space.
type Location struct {
	ID   string `xml:"id,attr,omitempty"`
	Name string `xml:"name,attr,omitempty"`
	// Type is "Project" or "PersonalSpace".
	Type string `xml:"type,attr,omitempty"`
}

// The location types of the schema's locationType.
const (
	// LocationPersonalSpace is a user's Personal Space, Tableau Cloud's
	// private location for their own content.
	LocationPersonalSpace = "PersonalSpace"
	// LocationProject is a project.
	LocationProject = "Project"
)

// PersonalSpace is the location to give Workbooks.Update to move a
// workbook its caller owns into their Personal Space (Tableau Cloud, on a
// site with Personal Space enabled); moving it back is an update with a
// Project.
func PersonalSpace() *Location { return &Location{Type: LocationPersonalSpace} }

// InPersonalSpace reports whether the location is a Personal Space.
func (l *Location) InPersonalSpace() bool { return l != nil && l.Type == LocationPersonalSpace }

// ContentsCounts counts what a project holds directly: its child projects,
// workbooks, views and data sources (Query Projects with fields=_all_).
type ContentsCounts struct {
	ProjectCount    *int `xml:"projectCount,attr,omitempty"`
	WorkbookCount   *int `xml:"workbookCount,attr,omitempty"`
	ViewCount       *int `xml:"viewCount,attr,omitempty"`
	DatasourceCount *int `xml:"datasourceCount,attr,omitempty"`
}

// GroupInfo is a group a user belongs to, as Get Users with groups reports it.
type GroupInfo struct {
	ID              string   `xml:"id,attr"`
	Name            string   `xml:"name,attr"`
	MinimumSiteRole SiteRole `xml:"minimumSiteRole,attr,omitempty"`
}

// GroupInfoList is the <groups> element of a user.
type GroupInfoList struct {
	Groups []GroupInfo `xml:"group"`
}

// PublishingLimits are a user's publishing quotas (Tableau Cloud).
type PublishingLimits struct {
	ExtractsRequired              *bool  `xml:"extractsRequired,attr,omitempty"`
	PublishedDatasourceCount      *int   `xml:"publishedDatasourceCount,attr,omitempty"`
	PublishedDatasourceLimit      *int   `xml:"publishedDatasourceLimit,attr,omitempty"`
	PublishedDatasourcesAvailable *int   `xml:"publishedDatasourcesAvailable,attr,omitempty"`
	RowLimit                      *int64 `xml:"rowLimit,attr,omitempty"`
	StorageAvailableMB            *int64 `xml:"storageAvailableMB,attr,omitempty"`
	StorageLimitMB                *int64 `xml:"storageLimitMB,attr,omitempty"`
	StorageUsedMB                 *int64 `xml:"storageUsedMB,attr,omitempty"`
}

// User is a user of a site.
type User struct {
	ID       string   `xml:"id,attr,omitempty"`
	Name     string   `xml:"name,attr,omitempty"`
	FullName string   `xml:"fullName,attr,omitempty"`
	Email    string   `xml:"email,attr,omitempty"`
	SiteRole SiteRole `xml:"siteRole,attr,omitempty"`
	// AuthSetting is "ServerDefault", "SAML", "OpenID" or "TableauIDWithMFA".
	AuthSetting string `xml:"authSetting,attr,omitempty"`
	LastLogin   Time   `xml:"lastLogin,attr"`
	// ExternalAuthUserID is written by servers on user answers, often empty;
	// empty, it carries nothing and is left out.
	ExternalAuthUserID   string `xml:"externalAuthUserId,attr,omitempty"`
	Locale               string `xml:"locale,attr,omitempty"`
	Language             string `xml:"language,attr,omitempty"`
	IdpConfigurationID   string `xml:"idpConfigurationId,attr,omitempty"`
	IdpConfigurationName string `xml:"idpConfigurationName,attr,omitempty"`
	// ContentAdmin and Publish are the license flags of servers before 2018.1.
	ContentAdmin *bool `xml:"contentAdmin,attr,omitempty"`
	Publish      *bool `xml:"publish,attr,omitempty"`
	// Role is the licensing role of a user of Tableau Cloud (licensingRoleType).
	Role string `xml:"role,attr,omitempty"`
	// GlsiMinimumSiteRole is the role granted on sign-in through a group.
	GlsiMinimumSiteRole    SiteRole `xml:"glsiMinimumSiteRole,attr,omitempty"`
	Identifier             string   `xml:"identifier,attr,omitempty"`
	IdentityPoolName       string   `xml:"identityPoolName,attr,omitempty"`
	IdentityPoolUUID       string   `xml:"identityPoolUuid,attr,omitempty"`
	IdentityUUID           string   `xml:"identityUuid,attr,omitempty"`
	NewUserID              string   `xml:"newUserId,attr,omitempty"`
	OwnsContent            *bool    `xml:"ownsContent,attr,omitempty"`
	SuppressGettingStarted *bool    `xml:"suppressGettingStarted,attr,omitempty"`
	// Password is only ever sent (when adding or updating a user), never returned.
	Password         Secret            `xml:"password,attr,omitempty"`
	Domain           *Domain           `xml:"domain,omitempty"`
	Groups           *GroupInfoList    `xml:"groups,omitempty"`
	PublishingLimits *PublishingLimits `xml:"publishingLimits,omitempty"`
}

// Group is a group of users on a site. A group imported from Active Directory
// carries its import settings.
type Group struct {
	ID   string `xml:"id,attr,omitempty"`
	Name string `xml:"name,attr,omitempty"`
	// MinimumSiteRole is the role given to members on sign-in (grant license on sign in).
	MinimumSiteRole SiteRole `xml:"minimumSiteRole,attr,omitempty"`
	UserCount       *int     `xml:"userCount,attr,omitempty"`
	// ExternalUserEnabled is true for groups that may contain external users (Tableau Cloud).
	ExternalUserEnabled *bool `xml:"externalUserEnabled,attr,omitempty"`
	// SiteRole and GrantLicenseMode are what servers before 3.x report on the group itself.
	SiteRole         SiteRole     `xml:"siteRole,attr,omitempty"`
	GrantLicenseMode string       `xml:"grantLicenseMode,attr,omitempty"`
	Domain           *Domain      `xml:"domain,omitempty"`
	Import           *GroupImport `xml:"import,omitempty"`
}

// GroupImport is the Active Directory side of a group.
type GroupImport struct {
	Source     string `xml:"source,attr,omitempty"`
	DomainName string `xml:"domainName,attr"`
	// GrantLicenseMode is "onLogin" or "onSync".
	GrantLicenseMode string   `xml:"grantLicenseMode,attr,omitempty"`
	SiteRole         SiteRole `xml:"siteRole,attr,omitempty"`
}

// ContentPermissions says who manages permissions on a project's content.
type ContentPermissions string

// The content permission modes of a project.
const (
	LockedToProject              ContentPermissions = "LockedToProject"
	LockedToProjectWithoutNested ContentPermissions = "LockedToProjectWithoutNested"
	ManagedByOwner               ContentPermissions = "ManagedByOwner"
)

// Project is a folder of content on a site; projects nest through ParentProjectID.
type Project struct {
	ID string `xml:"id,attr,omitempty"`
	// Name is unique among the projects with the same parent.
	Name string `xml:"name,attr,omitempty"`
	// Description is written by servers on project answers, often empty;
	// empty, it carries nothing and is left out.
	Description        string             `xml:"description,attr,omitempty"`
	ContentPermissions ContentPermissions `xml:"contentPermissions,attr,omitempty"`
	// ParentProjectID is empty for a top-level project.
	ParentProjectID                 string `xml:"parentProjectId,attr,omitempty"`
	ControllingPermissionsProjectID string `xml:"controllingPermissionsProjectId,attr,omitempty"`
	TopLevelProject                 *bool  `xml:"topLevelProject,attr,omitempty"`
	Writeable                       *bool  `xml:"writeable,attr,omitempty"`
	CreatedAt                       Time   `xml:"createdAt,attr"`
	UpdatedAt                       Time   `xml:"updatedAt,attr"`
	// FavoritesTotal is how many users have the project as a favorite.
	FavoritesTotal *int  `xml:"favoritesTotal,attr,omitempty"`
	Owner          *User `xml:"owner,omitempty"`
	// ContentsCounts is reported with fields=_all_ (or contentsCounts).
	ContentsCounts *ContentsCounts `xml:"contentsCounts,omitempty"`
}
