package resources

import (
	"context"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// Flows (issue 16 item 1): the rows, lists and items of `tabctl flows`
// and `tabctl flow-runs`.

// FlowRow is a published Tableau Prep flow as tabctl prints it. fileType
// is tfl or tflx.
type FlowRow struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	WebpageURL  string   `json:"webpageUrl"`
	FileType    string   `json:"fileType"`
	ProjectID   string   `json:"projectId"`
	ProjectName string   `json:"projectName"`
	OwnerID     string   `json:"ownerId"`
	Tags        []string `json:"tags"`
	CreatedAt   string   `json:"createdAt"`
	UpdatedAt   string   `json:"updatedAt"`
}

// NewFlowRow flattens a flow.
func NewFlowRow(f tsc.Flow) FlowRow {
	r := FlowRow{ID: f.ID, Name: f.Name, Description: f.Description, WebpageURL: f.WebpageURL, FileType: f.FileType,
		Tags: nonNil(f.Tags.Labels()), CreatedAt: Time(f.CreatedAt), UpdatedAt: Time(f.UpdatedAt)}
	if f.Project != nil {
		r.ProjectID, r.ProjectName = f.Project.ID, f.Project.Name
	}
	if f.Owner != nil {
		r.OwnerID = f.Owner.ID
	}
	return r
}

// FlowTable shows flows (lists and one flow alike: Tableau's flow answers
// name the owner by id only).
var FlowTable = cmdutil.Table[FlowRow]{Columns: []cmdutil.Column[FlowRow]{
	{Header: "name", Value: func(r FlowRow) string { return r.Name }},
	{Header: "type", Value: func(r FlowRow) string { return r.FileType }},
	{Header: "project", Value: func(r FlowRow) string { return r.ProjectName }},
	{Header: "updated", Value: func(r FlowRow) string { return r.UpdatedAt }},
	{Header: "id", Value: func(r FlowRow) string { return r.ID }, Wide: true},
}}

// FlowList lists flows.
var FlowList = cmdutil.Lister[tsc.Flow, FlowRow]{
	Plural: "flows", Table: FlowTable, Row: NewFlowRow,
	Page: func(c *tsc.Client) cmdutil.PageFunc[tsc.Flow] { return c.Flows.List },
}

// FlowItem names a flow by id, or by name with --project when names repeat.
var FlowItem = cmdutil.Item[tsc.Flow, FlowRow]{
	Singular: "flow", Arg: "FLOW", ArgHelp: "a flow id, name or Project/Flow path",
	ProjectHelp: "the flow's project (name or path), to tell apart flows of the same name",
	Table:       FlowTable, Row: NewFlowRow,
	Find: func(ctx context.Context, c *tsc.Client, ref, project string) (*tsc.Flow, error) {
		return ResolveFlow(ctx, c, ref, project)
	},
	Get:   func(ctx context.Context, c *tsc.Client, id string) (*tsc.Flow, error) { return c.Flows.Get(ctx, id) },
	Ident: func(f tsc.Flow) (string, string) { return f.ID, f.Name },
}

// ResolveFlow finds a flow by id, or by name (within project, when given),
// or by path (Project/Flow).
func ResolveFlow(ctx context.Context, c *tsc.Client, ref, project string) (*tsc.Flow, error) {
	return findContent(ctx, c, finder[tsc.Flow]{
		kind: "flow", plural: "flows", hint: "add --project or give its id",
		byID: c.Flows.Get, all: c.Flows.All,
		id: func(f tsc.Flow) string { return f.ID }, name: func(f tsc.Flow) string { return f.Name },
	}, ref, project, func(f tsc.Flow) *tsc.Project { return f.Project })
}

// FlowRunRow is a run of a flow. progress is a percentage.
type FlowRunRow struct {
	ID              string `json:"id"`
	FlowID          string `json:"flowId"`
	Status          string `json:"status"`
	Progress        *int   `json:"progress"`
	StartedAt       string `json:"startedAt"`
	CompletedAt     string `json:"completedAt"`
	BackgroundJobID string `json:"backgroundJobId"`
}

// NewFlowRunRow flattens a flow run.
func NewFlowRunRow(r tsc.FlowRun) FlowRunRow {
	return FlowRunRow{ID: r.ID, FlowID: r.FlowID, Status: r.Status, Progress: r.Progress, StartedAt: Time(r.StartedAt),
		CompletedAt: Time(r.CompletedAt), BackgroundJobID: r.BackgroundJobID}
}

// FlowRunTable shows flow runs.
var FlowRunTable = cmdutil.Table[FlowRunRow]{Columns: []cmdutil.Column[FlowRunRow]{
	{Header: "id", Value: func(r FlowRunRow) string { return r.ID }},
	{Header: "status", Value: func(r FlowRunRow) string { return r.Status }},
	{Header: "progress", Value: func(r FlowRunRow) string { return optInt(r.Progress) }},
	{Header: "started", Value: func(r FlowRunRow) string { return r.StartedAt }},
	{Header: "completed", Value: func(r FlowRunRow) string { return r.CompletedAt }},
	{Header: "flow", Value: func(r FlowRunRow) string { return r.FlowID }, Wide: true},
	{Header: "job", Value: func(r FlowRunRow) string { return r.BackgroundJobID }, Wide: true},
}}

// FlowRunList lists the runs of the site's flows, newest first.
var FlowRunList = cmdutil.Lister[tsc.FlowRun, FlowRunRow]{
	Plural: "flow runs", Table: FlowRunTable, Row: NewFlowRunRow,
	Page: func(c *tsc.Client) cmdutil.PageFunc[tsc.FlowRun] { return c.FlowRuns.List },
}

// FlowRunItem names a flow run by its id (runs have no name).
var FlowRunItem = cmdutil.Item[tsc.FlowRun, FlowRunRow]{
	Singular: "flow run", Arg: "ID", ArgHelp: "a flow run id",
	Table: FlowRunTable, Row: NewFlowRunRow,
	Find: func(ctx context.Context, c *tsc.Client, ref, _ string) (*tsc.FlowRun, error) {
		return c.FlowRuns.Get(ctx, ref)
	},
	Ident: func(r tsc.FlowRun) (string, string) { return r.ID, "" },
}
