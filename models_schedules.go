package tsc

// Schedule is a schedule: on Tableau Server a server-wide schedule that
// extract refresh, subscription and flow tasks run on; on Tableau Cloud
// the recurrence each task carries (with no id or name of its own).
type Schedule struct {
	ID   string `xml:"id,attr,omitempty"`
	Name string `xml:"name,attr,omitempty"`
	// State is ScheduleActive or ScheduleSuspended.
	State string `xml:"state,attr,omitempty"`
	// Priority runs from 1 (first) to 100; Tableau's default is 50.
	Priority  *int `xml:"priority,attr,omitempty"`
	CreatedAt Time `xml:"createdAt,attr"`
	UpdatedAt Time `xml:"updatedAt,attr"`
	// Type is ScheduleExtract, ScheduleSubscription or ScheduleFlow (servers
	// also report DataAcceleration and ActiveDirectorySync schedules).
	Type string `xml:"type,attr,omitempty"`
	// Frequency is Hourly, Daily, Weekly or Monthly; FrequencyDetails says
	// when in that period it runs.
	Frequency     string `xml:"frequency,attr,omitempty"`
	NextRunAt     Time   `xml:"nextRunAt,attr"`
	EndScheduleAt Time   `xml:"endScheduleAt,attr"`
	// ExecutionOrder is Parallel or Serial: whether the schedule's tasks
	// run at once or one after the other.
	ExecutionOrder   string            `xml:"executionOrder,attr,omitempty"`
	FrequencyDetails *FrequencyDetails `xml:"frequencyDetails,omitempty"`
}

// The values of Schedule fields.
const (
	ScheduleActive       = "Active"
	ScheduleSuspended    = "Suspended"
	ScheduleExtract      = "Extract"
	ScheduleSubscription = "Subscription"
	ScheduleFlow         = "Flow"
	ScheduleParallel     = "Parallel"
	ScheduleSerial       = "Serial"
	FrequencyHourly      = "Hourly"
	FrequencyDaily       = "Daily"
	FrequencyWeekly      = "Weekly"
	FrequencyMonthly     = "Monthly"
)

// FrequencyDetails is when a schedule runs within its frequency: from
// Start (and until End, for schedules that run several times a day), on the
// Intervals given.
type FrequencyDetails struct {
	// Start and End are times of day, "HH:MM:SS".
	Start string `xml:"start,attr"`
	End   string `xml:"end,attr,omitempty"`
	// Intervals is nil when the answer has none (servers leave it out of
	// a Daily schedule's details); List reads it either way.
	Intervals *IntervalList `xml:"intervals,omitempty"`
}

// List returns the intervals, none when there are none.
func (fd *FrequencyDetails) List() []Interval {
	if fd == nil || fd.Intervals == nil {
		return nil
	}
	return fd.Intervals.Intervals
}

// Add appends intervals.
func (fd *FrequencyDetails) Add(ivs ...Interval) {
	if fd.Intervals == nil {
		fd.Intervals = &IntervalList{}
	}
	fd.Intervals.Intervals = append(fd.Intervals.Intervals, ivs...)
}

// IntervalList holds a schedule's intervals.
type IntervalList struct {
	Intervals []Interval `xml:"interval"`
}

// ScheduleList is the schedules of a list answer.
type ScheduleList struct {
	Schedules []Schedule `xml:"schedule"`
}

// Task is something a schedule runs: an extract refresh, a flow run or a
// data acceleration; exactly one of those is set.
type Task struct {
	ID                     string                `xml:"id,attr,omitempty"`
	Priority               *int                  `xml:"priority,attr,omitempty"`
	ConsecutiveFailedCount *int                  `xml:"consecutiveFailedCount,attr,omitempty"`
	RunNow                 *bool                 `xml:"runNow,attr,omitempty"`
	State                  string                `xml:"state,attr,omitempty"`
	Type                   string                `xml:"type,attr,omitempty"`
	DataAcceleration       *DataAccelerationTask `xml:"dataAcceleration,omitempty"`
	ExtractRefresh         *ExtractRefreshTask   `xml:"extractRefresh,omitempty"`
	FlowRun                *FlowRunTask          `xml:"flowRun,omitempty"`
	// RunFlow is the flow task as TSC's schedules.add_to_schedule sends it
	// (and 2.x servers answered, schedule_add_flow.xml): <runFlow>, where
	// the schema and 3.x answers say <flowRun>.
	RunFlow  *FlowRunTask `xml:"runFlow,omitempty"`
	Schedule *Schedule    `xml:"schedule,omitempty"`
}

// ExtractRefreshTask refreshes the extracts of a workbook or data source on
// a schedule.
type ExtractRefreshTask struct {
	ID                     string `xml:"id,attr,omitempty"`
	Priority               *int   `xml:"priority,attr,omitempty"`
	ConsecutiveFailedCount *int   `xml:"consecutiveFailedCount,attr,omitempty"`
	// Type is "RefreshExtractTask" in answers; a Cloud create sends
	// "FullRefresh" or "IncrementalRefresh".
	Type        string      `xml:"type,attr,omitempty"`
	Incremental *bool       `xml:"incremental,attr,omitempty"`
	Schedule    *Schedule   `xml:"schedule,omitempty"`
	Datasource  *Datasource `xml:"datasource,omitempty"`
	View        *View       `xml:"view,omitempty"`
	Workbook    *Workbook   `xml:"workbook,omitempty"`
}

// FlowRunTask runs a flow on a schedule (models_flows.go has the flow
// types). The flow is named by id and name.
type FlowRunTask struct {
	ID                     string    `xml:"id,attr,omitempty"`
	Priority               *int      `xml:"priority,attr,omitempty"`
	ConsecutiveFailedCount *int      `xml:"consecutiveFailedCount,attr,omitempty"`
	Type                   string    `xml:"type,attr,omitempty"`
	Schedule               *Schedule `xml:"schedule,omitempty"`
	// Flow names the flow the task runs (Add Flow Task to Schedule sends
	// its id): decoded so that a request's JSON form names it as its XML
	// form does.
	Flow        *FlowRef     `xml:"flow,omitempty"`
	FlowRunSpec *FlowRunSpec `xml:"flowRunSpec,omitempty"`
}

// FlowRef names a flow by id and name, as a flow task names its flow.
type FlowRef struct {
	ID   string `xml:"id,attr,omitempty"`
	Name string `xml:"name,attr,omitempty"`
}

// DataAccelerationTask pre-computes a workbook's views on a schedule.
type DataAccelerationTask struct {
	ID                     string    `xml:"id,attr,omitempty"`
	ConsecutiveFailedCount *int      `xml:"consecutiveFailedCount,attr,omitempty"`
	Type                   string    `xml:"type,attr,omitempty"`
	Schedule               *Schedule `xml:"schedule,omitempty"`
	Workbook               *Workbook `xml:"workbook,omitempty"`
	LastRunAt              *Time     `xml:"lastRunAt,omitempty"`
}

// TaskList is the tasks of a list answer.
type TaskList struct {
	Tasks []Task `xml:"task"`
}

// Extract is an extract refresh as a schedule's extract list shows it.
type Extract struct {
	ID       string `xml:"id,attr,omitempty"`
	Priority *int   `xml:"priority,attr,omitempty"`
	// Type is FullRefresh or IncrementalRefresh.
	Type       string      `xml:"type,attr,omitempty"`
	Datasource *Datasource `xml:"datasource,omitempty"`
	Workbook   *Workbook   `xml:"workbook,omitempty"`
}

// ExtractList is the extract refreshes of a schedule.
type ExtractList struct {
	Extracts []Extract `xml:"extract"`
}

// LinkedTask runs its steps, tasks, one after the other (3.15).
type LinkedTask struct {
	ID       string             `xml:"id,attr,omitempty"`
	NumSteps *int               `xml:"numSteps,attr,omitempty"`
	Schedule *Schedule          `xml:"schedule,omitempty"`
	Steps    LinkedTaskStepList `xml:"linkedTaskSteps"`
}

// LinkedTaskStepList holds a linked task's steps.
type LinkedTaskStepList struct {
	Steps []LinkedTaskStep `xml:"linkedTaskSteps"`
}

// LinkedTaskStep is one step of a linked task.
type LinkedTaskStep struct {
	ID         string `xml:"id,attr,omitempty"`
	StepNumber *int   `xml:"stepNumber,attr,omitempty"`
	// StopDownstreamTasksOnFailure stops the later steps when this one fails.
	StopDownstreamTasksOnFailure *bool `xml:"stopDownstreamTasksOnFailure,attr,omitempty"`
	Task                         Task  `xml:"task"`
}

// LinkedTaskList is the linked tasks of a list answer.
type LinkedTaskList struct {
	LinkedTasks []LinkedTask `xml:"linkedTasks"`
}

// LinkedTaskJob is a run of a linked task.
type LinkedTaskJob struct {
	ID           string `xml:"id,attr,omitempty"`
	LinkedTaskID string `xml:"linkedTaskId,attr,omitempty"`
	// Status is Pending, InProgress, Success, Failed or Cancelled.
	Status    string `xml:"status,attr,omitempty"`
	CreatedAt Time   `xml:"createdAt,attr"`
	StartedAt Time   `xml:"startedAt,attr"`
	EndedAt   Time   `xml:"endedAt,attr"`
}

// Warning is a warning a server adds to an answer that succeeded.
type Warning struct {
	ErrorCode string `xml:"errorCode,attr,omitempty"`
	ID        string `xml:"id,attr,omitempty"`
	Message   string `xml:"message,attr,omitempty"`
}

// WarningList holds an answer's warnings.
type WarningList struct {
	Warnings []Warning `xml:"warning"`
}
