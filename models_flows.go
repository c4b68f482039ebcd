package tsc

// Flows (issue 16): Tableau Prep flows published to the server, their runs
// and the jobs that run them. Shapes follow ts-api_3_29.xsd (flowType,
// flowRunType, flowOutputStepType, runFlowJobType) and the answers Tableau
// documents for the flow methods.

// Flow is a published Tableau Prep flow.
//
// Connections is only sent (on publish, to give credentials per
// connection), never returned: a flow's connections are read with
// [FlowsService.Connections].
type Flow struct {
	ID          string `xml:"id,attr,omitempty"`
	Name        string `xml:"name,attr,omitempty"`
	Description string `xml:"description,attr,omitempty"`
	WebpageURL  string `xml:"webpageUrl,attr,omitempty"`
	// FileType is "tfl" or "tflx".
	FileType  string `xml:"fileType,attr,omitempty"`
	CreatedAt Time   `xml:"createdAt,attr"`
	UpdatedAt Time   `xml:"updatedAt,attr"`

	Site       *Site              `xml:"site,omitempty"`
	Project    *Project           `xml:"project,omitempty"`
	Owner      *User              `xml:"owner,omitempty"`
	Tags       *Tags              `xml:"tags,omitempty"`
	Parameters *FlowParameterList `xml:"parameters,omitempty"`
	// Connections is sent on publish (TSC's publish(connections=...)).
	Connections *ConnectionList `xml:"connections,omitempty"`
}

// FlowList is the <flows> element.
type FlowList struct {
	Flows []Flow `xml:"flow"`
}

// FlowParameterList is a flow's <parameters>.
type FlowParameterList struct {
	Parameters []FlowParameter `xml:"parameter"`
}

// FlowParameter is a parameter of a flow (Prep's parameters, 2021.4). Its
// domain (the values it may take) is not decoded: the schema types it
// abstractly, by xsi:type.
type FlowParameter struct {
	ID          string `xml:"id,attr,omitempty"`
	Name        string `xml:"name,attr,omitempty"`
	Description string `xml:"description,attr,omitempty"`
	Type        string `xml:"type,attr,omitempty"`
	Value       string `xml:"value,attr,omitempty"`
	IsRequired  *bool  `xml:"isRequired,attr,omitempty"`
}

// The statuses of a flow run.
const (
	FlowRunPending    = "Pending"
	FlowRunInProgress = "InProgress"
	FlowRunSuccess    = "Success"
	FlowRunFailed     = "Failed"
	FlowRunCancelled  = "Cancelled"
)

// FlowRun is one run of a flow: the RunFlow job it was, seen from the flow.
type FlowRun struct {
	ID     string `xml:"id,attr,omitempty"`
	FlowID string `xml:"flowId,attr,omitempty"`
	// Status is one of FlowRunPending ... FlowRunCancelled.
	Status      string `xml:"status,attr,omitempty"`
	StartedAt   Time   `xml:"startedAt,attr"`
	CompletedAt Time   `xml:"completedAt,attr"`
	// Progress is a percentage.
	Progress *int `xml:"progress,attr,omitempty"`
	// BackgroundJobID is the id of the job that runs it (Jobs.Get).
	BackgroundJobID   string                `xml:"backgroundJobId,attr,omitempty"`
	FlowParameterRuns *FlowParameterRunList `xml:"flowParameterRuns,omitempty"`
}

// Done reports whether the run has ended, whatever its outcome.
func (r *FlowRun) Done() bool {
	return r.Status == FlowRunSuccess || r.Status == FlowRunFailed || r.Status == FlowRunCancelled
}

// FlowRunList is the <flowRuns> element; each run is itself a <flowRuns>
// element, as the schema (flowRunListType) and Tableau's answers have it.
type FlowRunList struct {
	FlowRuns []FlowRun `xml:"flowRuns"`
}

// FlowParameterRunList is the parameter values a run used.
type FlowParameterRunList struct {
	Runs []FlowParameterRun `xml:"parameterRuns"`
}

// FlowParameterRun is the value a parameter had in a run.
type FlowParameterRun struct {
	ParameterID   string `xml:"parameterId,attr,omitempty"`
	Name          string `xml:"name,attr,omitempty"`
	Description   string `xml:"description,attr,omitempty"`
	OverrideValue string `xml:"overrideValue,attr,omitempty"`
}

// FlowOutputStep is an output step of a flow, as Publish Flow lists them.
type FlowOutputStep struct {
	ID   string `xml:"id,attr,omitempty"`
	Name string `xml:"name,attr,omitempty"`
}

// FlowOutputStepList is the <flowOutputSteps> element.
type FlowOutputStepList struct {
	Steps []FlowOutputStep `xml:"flowOutputStep"`
}

// RunFlowJob is what a RunFlow job runs: the flow, and the run it is.
type RunFlowJob struct {
	FlowRunID string `xml:"flowRunId,attr,omitempty"`
	Notes     string `xml:"notes,omitempty"`
	Flow      *Flow  `xml:"flow,omitempty"`
}

// FlowRunSpec says what a flow task runs: the flow's output steps and the
// values of its parameters.
type FlowRunSpec struct {
	FlowID string `xml:"flowId,attr,omitempty"`
	// RunMode is "full" or "incremental".
	RunMode            string                 `xml:"runMode,attr,omitempty"`
	FlowOutputSteps    *FlowOutputStepList    `xml:"flowOutputSteps,omitempty"`
	FlowParameterSpecs *FlowParameterSpecList `xml:"flowParameterSpecs,omitempty"`
}

// FlowParameterSpecList is a run specification's parameter values.
type FlowParameterSpecList struct {
	Specs []FlowParameterSpec `xml:"flowParameterSpec"`
}

// FlowParameterSpec overrides a parameter's value for a run.
type FlowParameterSpec struct {
	ParameterID   string `xml:"parameterId,attr,omitempty"`
	OverrideValue string `xml:"overrideValue,attr,omitempty"`
}
