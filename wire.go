package tsc

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"github.com/tsc-go/tsc/internal/xmllimit"
)

// Namespace is the XML namespace of every request and response body.
const Namespace = "http://tableau.com/api"

// LegacyNamespace is the namespace servers before 9.3 wrote; responses in it are read too.
const LegacyNamespace = "http://tableausoftware.com/api"

// maxXMLBody caps how much of an XML answer the SDK reads: list pages of 1000
// items are a few MB, so a body larger than this is not a Tableau answer.
const maxXMLBody = 64 << 20

// TSRequest is the envelope of every request body. Exactly one field is set.
//
// It is exported so that the emulator (package tsctest) and callers of
// [Client.Do] for endpoints this SDK does not wrap write the same wire format.
type TSRequest struct {
	// The tag names no namespace so that DecodeRequest also reads requests
	// without one (Python's tableauserverclient sends <tsRequest> bare);
	// EncodeRequest always writes the namespace.
	XMLName     xml.Name       `xml:"tsRequest"`
	Credentials *SignInRequest `xml:"credentials,omitempty"`
	Site        *Site          `xml:"site,omitempty"`
	Project     *Project       `xml:"project,omitempty"`
	User        *User          `xml:"user,omitempty"`
	Users       *UserList      `xml:"users,omitempty"`
	Group       *Group         `xml:"group,omitempty"`
	GroupSet    *GroupSet      `xml:"groupSet,omitempty"`
	Workbook    *Workbook      `xml:"workbook,omitempty"`
	Datasource  *Datasource    `xml:"datasource,omitempty"`
	Connection  *Connection    `xml:"connection,omitempty"`
	Tags        *Tags          `xml:"tags,omitempty"`
	Permissions *Permissions   `xml:"permissions,omitempty"`
	// Datasources names the embedded data sources of a workbook's extract
	// request (Workbooks.CreateExtract, DeleteExtract).
	Datasources *DatasourceList `xml:"datasources,omitempty"`
	// Subscriptions and data alerts (subscriptions.go, data_alerts.go).
	Subscription *Subscription `xml:"subscription,omitempty"`
	DataAlert    *DataAlert    `xml:"dataAlert,omitempty"`
	// Schedules and tasks (schedules.go, tasks.go). A Cloud extract
	// refresh task is sent as extractRefresh then schedule, as TSC does.
	ExtractRefresh *ExtractRefreshTask `xml:"extractRefresh,omitempty"`
	Schedule       *Schedule           `xml:"schedule,omitempty"`
	Task           *Task               `xml:"task,omitempty"`
	// Favorites (favorites.go).
	Favorite          *Favorite             `xml:"favorite,omitempty"`
	FavoriteOrderings *FavoriteOrderingList `xml:"favoriteOrderings,omitempty"`
	// Bulk connection updates and tag batches (gaps.go).
	ConnectionLuids *ConnectionLuidList `xml:"connectionLuids,omitempty"`
	ConnectionLUIDs *ConnectionLUIDList `xml:"connectionLUIDs,omitempty"`
	TagBatch        *TagBatch           `xml:"tagBatch,omitempty"`
	// Custom views (custom_views.go).
	CustomView *CustomView `xml:"customView,omitempty"`
	// Webhooks (webhooks.go).
	Webhook *Webhook `xml:"webhook,omitempty"`
	// Flows (models_flows.go); RunFlow is a Cloud flow task's create body.
	Flow    *Flow        `xml:"flow,omitempty"`
	RunFlow *FlowRunTask `xml:"runFlow,omitempty"`
	// Virtual connections (virtual_connections.go).
	VirtualConnection *VirtualConnection `xml:"virtualConnection,omitempty"`
}

// TSResponse is the envelope of every response body. Which fields are set
// depends on the call; Error is set on failures.
type TSResponse struct {
	XMLName     xml.Name      `xml:"tsResponse"`
	Error       *ErrorBody    `xml:"error,omitempty"`
	Pagination  *Pagination   `xml:"pagination,omitempty"`
	Credentials *SignInReply  `xml:"credentials,omitempty"`
	ServerInfo  *ServerInfo   `xml:"serverInfo,omitempty"`
	Site        *Site         `xml:"site,omitempty"`
	Sites       *SiteList     `xml:"sites,omitempty"`
	Project     *Project      `xml:"project,omitempty"`
	Projects    *ProjectList  `xml:"projects,omitempty"`
	User        *User         `xml:"user,omitempty"`
	Users       *UserList     `xml:"users,omitempty"`
	Group       *Group        `xml:"group,omitempty"`
	Groups      *GroupList    `xml:"groups,omitempty"`
	GroupSet    *GroupSet     `xml:"groupSet,omitempty"`
	GroupSets   *GroupSetList `xml:"groupSets,omitempty"`
	Workbooks   *WorkbookList `xml:"workbooks,omitempty"`
	Workbook    *Workbook     `xml:"workbook,omitempty"`
	Views       *ViewList     `xml:"views,omitempty"`
	View        *View         `xml:"view,omitempty"`
	Job         *Job          `xml:"job,omitempty"`

	Datasources    *DatasourceList    `xml:"datasources,omitempty"`
	Datasource     *Datasource        `xml:"datasource,omitempty"`
	Connections    *ConnectionList    `xml:"connections,omitempty"`
	Connection     *Connection        `xml:"connection,omitempty"`
	Tags           *Tags              `xml:"tags,omitempty"`
	Revisions      *RevisionList      `xml:"revisions,omitempty"`
	FileUpload     *FileUpload        `xml:"fileUpload,omitempty"`
	BackgroundJobs *BackgroundJobList `xml:"backgroundJobs,omitempty"`
	Permissions    *Permissions       `xml:"permissions,omitempty"`

	// Schedules and tasks (schedules.go, tasks.go).
	ExtractRefresh *ExtractRefreshTask `xml:"extractRefresh,omitempty"`
	Schedule       *Schedule           `xml:"schedule,omitempty"`
	Schedules      *ScheduleList       `xml:"schedules,omitempty"`
	Extracts       *ExtractList        `xml:"extracts,omitempty"`
	Task           *Task               `xml:"task,omitempty"`
	Tasks          *TaskList           `xml:"tasks,omitempty"`
	LinkedTask     *LinkedTask         `xml:"linkedTask,omitempty"`
	LinkedTasks    *LinkedTaskList     `xml:"linkedTasks,omitempty"`
	LinkedTaskJob  *LinkedTaskJob      `xml:"linkedTaskJob,omitempty"`
	Warnings       *WarningList        `xml:"warnings,omitempty"`
	Subscription   *Subscription       `xml:"subscription,omitempty"`
	Subscriptions  *SubscriptionList   `xml:"subscriptions,omitempty"`
	DataAlert      *DataAlert          `xml:"dataAlert,omitempty"`
	DataAlerts     *DataAlertList      `xml:"dataAlerts,omitempty"`
	// Favorites (favorites.go).
	Favorites *FavoriteList `xml:"favorites,omitempty"`
	// Tag batches (gaps.go).
	TagBatch *TagBatch `xml:"tagBatch,omitempty"`
	// Custom views (custom_views.go).
	CustomView  *CustomView     `xml:"customView,omitempty"`
	CustomViews *CustomViewList `xml:"customViews,omitempty"`
	// Webhooks (webhooks.go).
	Webhook           *Webhook           `xml:"webhook,omitempty"`
	Webhooks          *WebhookList       `xml:"webhooks,omitempty"`
	WebhookTestResult *WebhookTestResult `xml:"webhookTestResult,omitempty"`

	// Flows (models_flows.go).
	FlowOutputSteps *FlowOutputStepList `xml:"flowOutputSteps,omitempty"`
	Flow            *Flow               `xml:"flow,omitempty"`
	Flows           *FlowList           `xml:"flows,omitempty"`
	FlowRun         *FlowRun            `xml:"flowRun,omitempty"`
	FlowRuns        *FlowRunList        `xml:"flowRuns,omitempty"`

	// Virtual connections (virtual_connections.go).
	VirtualConnection            *VirtualConnection               `xml:"virtualConnection,omitempty"`
	VirtualConnections           *VirtualConnectionList           `xml:"virtualConnections,omitempty"`
	VirtualConnectionConnections *VirtualConnectionConnectionList `xml:"virtualConnectionConnections,omitempty"`
}

// NewTSResponse returns an empty response envelope in the current namespace,
// ready to be filled and encoded.
func NewTSResponse() *TSResponse {
	return &TSResponse{XMLName: xml.Name{Space: Namespace, Local: "tsResponse"}}
}

// ErrorBody is the <error> element of a failed call.
type ErrorBody struct {
	Code string `xml:"code,attr"`
	// Callstack is sent by servers with debugging on; never by the emulator.
	Callstack string `xml:"callstack,omitempty"`
	Summary   string `xml:"summary"`
	Detail    string `xml:"detail"`
}

// SiteList is the <sites> element of a list of sites.
type SiteList struct {
	Sites []Site `xml:"site"`
}

// ProjectList is the <projects> element of a list of projects.
type ProjectList struct {
	Projects []Project `xml:"project"`
}

// UserList is the <users> element of a list of users.
type UserList struct {
	Users []User `xml:"user"`
}

// GroupList is the <groups> element of a list of groups.
type GroupList struct {
	Groups []Group `xml:"group"`
}

// EncodeRequest writes a request body as the server expects it.
func EncodeRequest(req *TSRequest) ([]byte, error) {
	req.XMLName = xml.Name{Space: Namespace, Local: "tsRequest"}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	// The struct's tag matches any namespace when decoding; encoding names it explicitly.
	if err := xml.NewEncoder(&buf).EncodeElement(req, xml.StartElement{Name: req.XMLName}); err != nil {
		return nil, fmt.Errorf("tsc: encoding request: %w", err)
	}
	return buf.Bytes(), nil
}

// EncodeResponse writes a response body as a Tableau server does.
func EncodeResponse(resp *TSResponse) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	// The struct's tag matches any namespace when decoding; encoding names it explicitly.
	start := xml.StartElement{Name: xml.Name{Space: Namespace, Local: "tsResponse"}}
	if err := xml.NewEncoder(&buf).EncodeElement(resp, start); err != nil {
		return nil, fmt.Errorf("tsc: encoding response: %w", err)
	}
	return buf.Bytes(), nil
}

// newXMLDecoder returns a decoder that refuses what a Tableau answer never
// contains: DTDs and entity declarations are not expanded by encoding/xml,
// and unknown entities fail rather than pass through.
func newXMLDecoder(r io.Reader) *xml.Decoder {
	d := xml.NewDecoder(r)
	d.Strict = true
	return d
}

// DecodeResponse reads a <tsResponse> in the current or the legacy namespace.
// Unknown elements and attributes are ignored, because newer servers add them.
func DecodeResponse(body []byte) (*TSResponse, error) {
	if err := rejectDTD(body); err != nil {
		return nil, err
	}
	var resp TSResponse
	if err := newXMLDecoder(bytes.NewReader(body)).Decode(&resp); err != nil {
		return nil, fmt.Errorf("malformed XML: %w", err)
	}
	if resp.XMLName.Local != "tsResponse" {
		return nil, fmt.Errorf("expected <tsResponse>, got <%s>", resp.XMLName.Local)
	}
	if ns := resp.XMLName.Space; ns != Namespace && ns != LegacyNamespace {
		return nil, fmt.Errorf("expected namespace %s, got %q", Namespace, ns)
	}
	return &resp, nil
}

// The bounds DecodeRequest puts on a <tsRequest>, checked token by token
// while the body is read, so that a hostile body costs little before it is
// refused. Tableau documents none of them; they are ours, each far above
// what any request of the REST API needs.
const (
	// maxRequestDepth: the deepest request of the API nests five elements
	// (tsRequest/workbook/connections/connection/connectionCredentials).
	maxRequestDepth = 32
	// maxRequestElements: the longest list a request carries is the users
	// of Add Users to Group (3.21+), which clients send in pages of at most
	// a thousand, as the API pages lists; ten times that is still a few
	// milliseconds of decoding.
	maxRequestElements = 10000
	// maxRequestAttrs: the element with the most attributes, <site>, has
	// about sixty in API 3.29.
	maxRequestAttrs = 256
	// maxRequestAttrValue: attribute values are names, descriptions, ids,
	// passwords and JWTs (a few KB at most).
	maxRequestAttrValue = 64 << 10
	// maxRequestText: requests carry their values in attributes; text is
	// the whitespace of pretty-printing.
	maxRequestText = 1 << 20
	// maxRequestToken bounds the input one token spans (a tag with its
	// attributes, a run of text) and so what it costs before the checks
	// above see it: room for the largest tag and text they allow.
	maxRequestToken = 2 << 20
)

// requestLimits are the bounds above, for xmllimit.
var requestLimits = xmllimit.Limits{
	MaxDepth: maxRequestDepth, MaxElements: maxRequestElements, MaxAttrs: maxRequestAttrs,
	MaxAttrValue: maxRequestAttrValue, MaxText: maxRequestText, MaxToken: maxRequestToken,
}

// DecodeRequest reads a <tsRequest>; the emulator uses it for request
// bodies. The body is tokenized within bounds (element depth, element
// count, attributes per element, attribute value size, total text, token
// size): a body past one is refused, with an error naming the bound, as
// soon as the bound is passed, before the rest is read.
func DecodeRequest(body []byte) (*TSRequest, error) {
	var req TSRequest
	d := noDirectives{xmllimit.NewDecoder(bytes.NewReader(body), requestLimits)}
	if err := xml.NewTokenDecoder(d).Decode(&req); err != nil {
		var le *xmllimit.Error
		if errors.As(err, &le) || errors.Is(err, errDTD) {
			return nil, err
		}
		return nil, fmt.Errorf("malformed XML: %w", err)
	}
	if req.XMLName.Local != "tsRequest" {
		return nil, fmt.Errorf("expected <tsRequest>, got <%s>", req.XMLName.Local)
	}
	if ns := req.XMLName.Space; ns != Namespace && ns != LegacyNamespace && ns != "" {
		return nil, fmt.Errorf("expected namespace %s, got %q", Namespace, ns)
	}
	return &req, nil
}

// errDTD refuses documents with a document type declaration: Tableau never
// sends one, and entity declarations are how XML bombs and external-entity
// reads start.
var errDTD = errors.New("XML with a document type or entity declaration is refused")

// rejectDTD refuses an answer that declares a document type or entities.
func rejectDTD(body []byte) error {
	if bytes.Contains(body, []byte("<!DOCTYPE")) || bytes.Contains(body, []byte("<!ENTITY")) {
		return errDTD
	}
	return nil
}

// noDirectives refuses <!DOCTYPE> and <!ENTITY> as the tokenizer meets
// them: for request bodies, the same refusal as rejectDTD's without a
// scan of the whole body before it is decoded.
type noDirectives struct{ d *xmllimit.Decoder }

func (n noDirectives) Token() (xml.Token, error) {
	tok, err := n.d.Token()
	if _, ok := tok.(xml.Directive); ok {
		return nil, errDTD
	}
	return tok, err
}

// encodeElement writes <tsRequest><name ...v...></tsRequest>, for request
// bodies whose element needs a shape other than the model's (a subset of
// its fields, or fields that must be left out when empty).
func encodeElement(name string, v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	start := xml.StartElement{Name: xml.Name{Space: Namespace, Local: "tsRequest"}}
	if err := enc.EncodeToken(start); err != nil {
		return nil, err
	}
	if err := enc.EncodeElement(v, xml.StartElement{Name: xml.Name{Local: name}}); err != nil {
		return nil, fmt.Errorf("tsc: encoding request: %w", err)
	}
	if err := enc.EncodeToken(start.End()); err != nil {
		return nil, err
	}
	if err := enc.Flush(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
