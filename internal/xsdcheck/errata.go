package xsdcheck

import "regexp"

// Erratum is one place where ts-api_3_29.xsd is stricter than the servers
// it describes. Each entry is backed by a captured response that shows what
// servers really send; docs/schema-errata.md says the same in prose.
//
// An erratum either patches the schema (Patches: best for content-model
// rules, because xmllint stops checking an element's remaining content at
// the first unexpected child, so ignoring the message would hide later
// mistakes) or ignores xmllint messages matching Match (attribute rules,
// where xmllint keeps checking). Both are as narrow as the rule allows: one
// element, one attribute, one value.
type Erratum struct {
	// ID names the erratum in docs/schema-errata.md and in test output.
	ID string
	// Rule is the schema rule that is wrong, as the schema states it.
	Rule string
	// Servers is what real servers send instead.
	Servers string
	// Evidence is the file in reference/responses that shows it; it fails
	// the schema without this erratum and passes with all errata applied.
	Evidence string
	// Match, when set, ignores xmllint messages (without the "line N: "
	// prefix) that it matches.
	Match *regexp.Regexp
	// Patches, when set, are applied to the schema text before validating.
	Patches []Patch
}

// Patch replaces Old, which must occur exactly once in the schema, with New.
type Patch struct {
	Old, New string
}

// Errata is the list the package-level checks apply. Keep it short: every
// entry is a rule the project no longer checks.
var Errata = []Erratum{
	{
		ID:       "serverinfo-optional-children",
		Rule:     "complexType serverInfo is a sequence requiring productVersion, prepConductorVersion, restApiVersion, platform and serverSettings",
		Servers:  "GET /serverinfo answers productVersion and restApiVersion only; prepConductorVersion, platform and serverSettings are absent",
		Evidence: "server_info_get.xml",
		Patches: []Patch{{
			Old: `         <xs:element name="prepConductorVersion" type="xs:string"/>
         <xs:element name="restApiVersion" type="restApiVersion"/>
         <xs:element name="platform" type="xs:string"/>
         <xs:element name="serverSettings" type="serverSettings"/>`,
			New: `         <xs:element name="prepConductorVersion" type="xs:string" minOccurs="0"/>
         <xs:element name="restApiVersion" type="restApiVersion"/>
         <xs:element name="platform" type="xs:string" minOccurs="0"/>
         <xs:element name="serverSettings" type="serverSettings" minOccurs="0"/>`,
		}},
	},
	{
		ID:       "restapiversion-pattern",
		Rule:     `simpleType restApiVersion has pattern "[0-9]{5}.[0-9]{2}.[0-9]{4}.[0-9]{4}" (a build number)`,
		Servers:  `restApiVersion is the API version, "major.minor" such as "3.10" or "2.5"`,
		Evidence: "server_info_get.xml",
		Patches: []Patch{{
			Old: `   <xs:simpleType name="restApiVersion">
      <xs:restriction base="xs:string">
         <xs:pattern value="[0-9]{5}.[0-9]{2}.[0-9]{4}.[0-9]{4}"/>`,
			New: `   <xs:simpleType name="restApiVersion">
      <xs:restriction base="xs:string">
         <xs:pattern value="[0-9]{5}.[0-9]{2}.[0-9]{4}.[0-9]{4}"/>
         <xs:pattern value="[0-9]+\.[0-9]+"/>`,
		}},
	},
	{
		ID:       "users-without-pagination",
		Rule:     "tsResponse allows <users> only inside paginatedResponseGroup, after a required <pagination>",
		Servers:  "Add Users to Group (POST .../groups/{id}/users with <users>, REST 3.21) answers the added users as <users> with no <pagination>",
		Evidence: "group_add_users.xml",
		Patches: []Patch{{
			Old: `               <xs:element name="user" type="userType"/>
               <xs:element name="userNotificationsPreference"`,
			New: `               <xs:element name="user" type="userType"/>
               <xs:element name="users" type="userListType"/>
               <xs:element name="userNotificationsPreference"`,
		}},
	},
	{
		ID:       "paginated-views-and-jobs",
		Rule:     "paginatedResponseGroup (<pagination> then one list) has no <views> and no <backgroundJobs>",
		Servers:  "Query Views for Site (GET .../views) and Get Jobs (GET .../jobs, 3.1) answer <pagination> then <views> or <backgroundJobs>",
		Evidence: "view_get.xml",
		Patches: []Patch{{
			Old: `            <xs:element name="users" type="userListType"/>
            <xs:element name="workbooks" type="workbookListType"/>
         </xs:choice>`,
			New: `            <xs:element name="users" type="userListType"/>
            <xs:element name="workbooks" type="workbookListType"/>
            <xs:element name="views" type="viewListType"/>
            <xs:element name="backgroundJobs" type="backgroundJobListType"/>
         </xs:choice>`,
		}},
	},
	{
		ID:       "paginated-data-alerts",
		Rule:     "paginatedResponseGroup (<pagination> then one list) has no <dataAlerts>; <dataAlerts> is allowed only alone",
		Servers:  "List Data-Driven Alerts (GET .../dataAlerts, 3.2) answers <pagination> then <dataAlerts>, and TSC reads the pagination from it",
		Evidence: "data_alerts_get.xml",
		Patches: []Patch{{
			Old: `            <xs:element name="customViews" type="customViewListType"/>
            <xs:element name="datasources" type="dataSourceListType"/>`,
			New: `            <xs:element name="customViews" type="customViewListType"/>
            <xs:element name="dataAlerts" type="dataAlertListType"/>
            <xs:element name="datasources" type="dataSourceListType"/>`,
		}},
	},
	// Flows (issue 16 item 1).
	{
		ID:       "publish-flow-output-steps",
		Rule:     "tsResponse holds one element of its choice: <flow> alone",
		Servers:  "Publish Flow answers <flowOutputSteps> (the flow's output steps) and then <flow>",
		Evidence: "flow_publish.xml",
		Patches: []Patch{{
			Old: `               <xs:element name="fileUpload" type="fileUploadType"/>
               <xs:element name="flow" type="flowType"/>`,
			New: `               <xs:element name="fileUpload" type="fileUploadType"/>
               <xs:sequence>
                  <xs:element name="flowOutputSteps" type="flowOutputStepListType" minOccurs="0"/>
                  <xs:element name="flow" type="flowType"/>
               </xs:sequence>`,
		}},
	},
	{
		ID:       "runflowjob-notes-optional",
		Rule:     "runFlowJobType is a sequence of a required <notes> and then <flow>",
		Servers:  "Run Flow Now answers <runFlowJobType flowRunId=..> with the <flow> and no <notes>",
		Evidence: "flow_refresh.xml",
		Patches: []Patch{{
			Old: `   <xs:complexType name="runFlowJobType">
      <xs:sequence>
         <xs:element name="notes" type="xs:string"/>`,
			New: `   <xs:complexType name="runFlowJobType">
      <xs:sequence>
         <xs:element name="notes" type="xs:string" minOccurs="0"/>`,
		}},
	},
	{
		ID:       "flowrunspec-empty-parameter-specs",
		Rule:     "flowRunSpecType's <flowParameterSpecs> holds at least one <flowParameterSpec>",
		Servers:  "a flow task of a flow without parameters answers an empty <flowParameterSpecs/>",
		Evidence: "tasks_create_flow_task.xml",
		Match:    regexp.MustCompile(`^element flowParameterSpecs: Schemas validity error : Element '\{http://tableau.com/api\}flowParameterSpecs': Missing child element\(s\)\. Expected is \( \{http://tableau.com/api\}flowParameterSpec \)\.$`),
	},
	{
		ID:   "paginated-virtual-connections",
		Rule: "paginatedResponseGroup (<pagination> then one list) has no <virtualConnections>; <virtualConnections> is allowed only alone",
		Servers: "List Virtual Connections (GET .../virtualConnections, 3.18) answers <pagination> then <virtualConnections>, " +
			"and TSC's virtual_connections.get reads the pagination from it",
		Evidence: "virtual_connections_get.xml",
		Patches: []Patch{{
			Old: `            <xs:element name="linkedTasks" type="linkedTaskListType"/>
            <xs:element name="metrics" type="metricListType"/>`,
			New: `            <xs:element name="linkedTasks" type="linkedTaskListType"/>
            <xs:element name="metrics" type="metricListType"/>
            <xs:element name="virtualConnections" type="virtualConnectionListType"/>`,
		}},
	},
	{
		ID:       "extractrefreshjob-notes-optional",
		Rule:     "extractRefreshJob is a sequence of a required <notes> and then a required target (datasource, view, virtualConnection or workbook)",
		Servers:  "Update Workbook Now and Update Data Source Now answer the target without <notes>; Query Job on a failed refresh writes the target, then <notes>",
		Evidence: "workbook_refresh.xml",
		Patches: []Patch{{
			Old: `   <xs:complexType name="extractRefreshJobType">
      <xs:sequence>
         <xs:element name="notes" type="xs:string"/>
         <xs:choice>
            <xs:element name="datasource" type="dataSourceType"/>
            <xs:element name="view" type="viewType"/>
            <xs:element name="virtualConnection" type="virtualConnectionType"/>
            <xs:element name="workbook" type="workbookType"/>
         </xs:choice>
      </xs:sequence>
   </xs:complexType>`,
			// Either order, each part optional; two branches keep the
			// content model deterministic (Unique Particle Attribution).
			New: `   <xs:complexType name="extractRefreshJobType">
      <xs:choice minOccurs="0">
         <xs:sequence>
            <xs:element name="notes" type="xs:string"/>
            <xs:choice minOccurs="0">
               <xs:element name="datasource" type="dataSourceType"/>
               <xs:element name="view" type="viewType"/>
               <xs:element name="virtualConnection" type="virtualConnectionType"/>
               <xs:element name="workbook" type="workbookType"/>
            </xs:choice>
         </xs:sequence>
         <xs:sequence>
            <xs:choice>
               <xs:element name="datasource" type="dataSourceType"/>
               <xs:element name="view" type="viewType"/>
               <xs:element name="virtualConnection" type="virtualConnectionType"/>
               <xs:element name="workbook" type="workbookType"/>
            </xs:choice>
            <xs:element name="notes" type="xs:string" minOccurs="0"/>
         </xs:sequence>
      </xs:choice>
   </xs:complexType>`,
		}},
	},
	{
		ID:       "siteauthconfiguration-oidc",
		Rule:     `siteAuthConfiguration/@authSetting is one of "OpenID", "SAML", "ServerDefault"`,
		Servers:  `List Authentication Configurations (REST 3.24) reports an OpenID Connect configuration as authSetting="OIDC"`,
		Evidence: "site_auth_configurations.xml",
		Match:    regexp.MustCompile(`^element siteAuthConfiguration: Schemas validity error : Element '\{http://tableau\.com/api\}siteAuthConfiguration', attribute 'authSetting': \[facet 'enumeration'\] The value 'OIDC' is not an element of the set \{`),
	},
	{
		ID:   "site-askdatamode-enabledbydefault",
		Rule: `site/@askDataMode is one of "DisabledAlways", "DisabledByDefault"`,
		Servers: `Query Site, Query Sites, Create Site and Update Site answer askDataMode="EnabledByDefault" ` +
			`(the Ask Data default of a site), and TSC's SiteItem sends that value by default on create and update`,
		// The site captures also carry attributes of older servers (listed
		// in reference_test.go); TestErrata checks for those that this
		// erratum removes every askDataMode message and only those.
		Evidence: "site_get.xml",
		Match:    regexp.MustCompile(`^element site: Schemas validity error : Element '\{http://tableau\.com/api\}site', attribute 'askDataMode': \[facet 'enumeration'\] The value 'EnabledByDefault' is not an element of the set \{`),
	},
	{
		// Issue 16: Tableau's reference documents Create Group with
		// asJob=true answering a GroupImport job (group_create_async.xml,
		// a placeholder example that fails for its ids too).
		ID:       "job-type-userimport-groupimport",
		Rule:     `job/@type is one of BroadcastPost, CreateSiteUsersCsv, EmptyRecycleBin, GroupSync, LinkUserIdsUpdate, PublishDatasource, PublishWorkbook, RefreshExtract, RefreshThumbnails, ResyncTCMUsersCsv, RunFlow`,
		Servers:  `Import Users to Site from CSV File (3.15) answers a job of type "UserImport"; Create Group from Active Directory with asJob=true one of type "GroupImport"`,
		Evidence: "users_bulk_add_job.xml",
		Patches: []Patch{{
			Old: `               <xs:enumeration value="GroupSync"/>`,
			New: `               <xs:enumeration value="GroupSync"/>
               <xs:enumeration value="GroupImport"/>
               <xs:enumeration value="UserImport"/>`,
		}},
	},
	{
		ID:       "interval-hours-24",
		Rule:     `interval/@hours is one of 1, 2, 4, 6, 8, 12`,
		Servers:  `a Daily schedule that runs once a day writes hours="24" (Tableau Cloud's task schedules; TSC's DailyInterval accepts 24)`,
		Evidence: "tasks_with_interval.xml",
		Patches: []Patch{{
			Old: `               <xs:enumeration value="6"/>
               <xs:enumeration value="8"/>
            </xs:restriction>`,
			New: `               <xs:enumeration value="6"/>
               <xs:enumeration value="8"/>
               <xs:enumeration value="24"/>
            </xs:restriction>`,
		}},
	},
	{
		ID:       "interval-monthday-relative",
		Rule:     `interval/@monthDay is 1 to 31 or "LastDay"`,
		Servers:  `a relative monthly schedule writes monthDay "First" to "Fifth" or "Last" beside its weekDay (<interval weekDay="Monday" monthDay="First"/>)`,
		Evidence: "schedule_get_monthly_id_2.xml",
		Patches: []Patch{{
			Old: `                     <xs:enumeration value="LastDay"/>`,
			New: `                     <xs:enumeration value="LastDay"/>
                     <xs:enumeration value="First"/>
                     <xs:enumeration value="Second"/>
                     <xs:enumeration value="Third"/>
                     <xs:enumeration value="Fourth"/>
                     <xs:enumeration value="Fifth"/>
                     <xs:enumeration value="Last"/>`,
		}},
	},
}
