package emulator

import (
	"context"
	"database/sql"

	"github.com/google/uuid"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/emulator/tableaufile"
)

// Flows (issue 16): Tableau Prep flows are a content kind beside workbooks
// and data sources, sharing their revisions, connections, tags, publish
// and permission machinery through flowKind.

var flowKind = contentKind{name: "flow", table: "flows", fk: "flow_id", noun: "flow"}

func flowNotFound(id string) *apiError {
	return notFound(codeFlowNotFound, "Flow '%s' could not be found.", id)
}

func flowRunNotFound(id string) *apiError {
	return notFound(codeFlowNotFound, "Flow run '%s' could not be found.", id)
}

// flowOutput is an output step of a flow as read from its file.
type flowOutput struct {
	StepID         string `json:"stepId"`
	Name           string `json:"name"`
	NodeType       string `json:"nodeType"`
	DatasourceName string `json:"datasourceName,omitempty"`
}

func flowOutputsOf(fl *tableaufile.Flow) []flowOutput {
	out := make([]flowOutput, 0, len(fl.Outputs))
	for _, o := range fl.Outputs {
		fo := flowOutput{StepID: o.ID, Name: o.Name, NodeType: o.NodeType}
		if o.PublishesDatasource() {
			fo.DatasourceName = o.DatasourceName
		}
		out = append(out, fo)
	}
	return out
}

// flowRow is a published flow as stored.
type flowRow struct {
	ID, SiteID, ProjectID, ProjectName, OwnerID string
	Name, Description, FileType                 string
	Size                                        int64
	CreatedAt, UpdatedAt                        string
	Tags                                        []string
}

const flowCols = `f.id, f.site_id, f.project_id, p.name, f.owner_id, f.name, f.description, f.file_type, f.size_bytes, f.created_at, f.updated_at`

const flowFrom = "FROM flows f JOIN projects p ON p.id = f.project_id JOIN users o ON o.id = f.owner_id"

func scanFlow(sc interface{ Scan(...any) error }) (*flowRow, error) {
	var r flowRow
	err := sc.Scan(&r.ID, &r.SiteID, &r.ProjectID, &r.ProjectName, &r.OwnerID, &r.Name, &r.Description, &r.FileType, &r.Size,
		&r.CreatedAt, &r.UpdatedAt)
	return &r, err
}

// flowListSpec has the fields of Query Flows for a Site's filter and sort
// reference that the emulator stores.
var flowListSpec = listSpec{
	resource: "flows",
	fields: map[string]field{
		"name":        {expr: "f.name", ops: opsName, sortable: true},
		"createdAt":   {expr: "f.created_at", kind: kindTime, ops: opsTime, sortable: true},
		"updatedAt":   {expr: "f.updated_at", kind: kindTime, ops: opsTime, sortable: true},
		"ownerName":   {expr: "o.name", ops: opsEnum, sortable: true, joined: true},
		"ownerEmail":  {expr: "o.email", ops: opsEnum, joined: true},
		"projectName": {expr: "p.name", ops: opsName, sortable: true, joined: true},
		"tags":        tagsField("flow", "f.id"),
	},
	order: "f.rowid",
}

func (s *Store) listFlows(ctx context.Context, siteID string, lq *listQuery) ([]flowRow, tsc.Pagination, error) {
	lq.countFrom = "FROM flows f WHERE f.site_id = ?"
	return listTagged(ctx, s, "flow", flowCols, flowFrom+" WHERE f.site_id = ?", []any{siteID}, lq, scanFlow,
		func(r *flowRow) (string, *[]string) { return r.ID, &r.Tags })
}

func (s *Store) flow(ctx context.Context, q queryer, siteID, id string) (*flowRow, error) {
	r, err := scanFlow(q.QueryRowContext(ctx, "SELECT "+flowCols+" "+flowFrom+" WHERE f.site_id = ? AND f.id = ?", siteID, id))
	if isNoRows(err) {
		return nil, flowNotFound(id)
	}
	if err != nil {
		return nil, err
	}
	if r.Tags, err = s.tags(ctx, "flow", id); err != nil {
		return nil, err
	}
	return r, nil
}

// flowOutputs reads a flow's output steps in file order.
func (s *Store) flowOutputs(ctx context.Context, q queryer, id string) ([]flowOutput, error) {
	rows, err := q.QueryContext(ctx, `SELECT step_id, name, node_type, datasource_name FROM flow_outputs WHERE flow_id = ? ORDER BY position`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []flowOutput
	for rows.Next() {
		var o flowOutput
		if err := rows.Scan(&o.StepID, &o.Name, &o.NodeType, &o.DatasourceName); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// createFlow and overwriteFlow are store.create and store.overwrite for
// flows: the row, and the output steps of the file.
func (s *Store) createFlow(ctx context.Context, tx *sql.Tx, id string, pr *publishRequest, now string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO flows (id, site_id, project_id, owner_id, name, description, file_type, size_bytes, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, pr.SiteID, pr.ProjectID, pr.CallerID, pr.Name, deref(pr.Description), pr.FileType, pr.Size, now, now)
	if err != nil {
		return err
	}
	return s.replaceFlowOutputs(ctx, tx, id, pr.FlowOutputs)
}

func (s *Store) overwriteFlow(ctx context.Context, tx *sql.Tx, id string, pr *publishRequest, now string) error {
	_, err := tx.ExecContext(ctx, `UPDATE flows SET name = ?, description = coalesce(?, description), file_type = ?, size_bytes = ?, updated_at = ?
		WHERE id = ?`, pr.Name, pr.Description, pr.FileType, pr.Size, now, id)
	if err != nil {
		return err
	}
	return s.replaceFlowOutputs(ctx, tx, id, pr.FlowOutputs)
}

func (s *Store) replaceFlowOutputs(ctx context.Context, tx *sql.Tx, id string, outs []flowOutput) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM flow_outputs WHERE flow_id = ?`, id); err != nil {
		return err
	}
	for i, o := range outs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO flow_outputs (flow_id, position, step_id, name, node_type, datasource_name) VALUES (?, ?, ?, ?, ?, ?)`,
			id, i, o.StepID, o.Name, o.NodeType, o.DatasourceName); err != nil {
			return err
		}
	}
	return nil
}

// flowUpdate is what Update Flow may change; nil or "" leaves a field.
type flowUpdate struct {
	Name, Description  *string
	ProjectID, OwnerID string
}

func (s *Store) updateFlow(ctx context.Context, siteID, id string, u flowUpdate, allowed func(ref *contentRef, np *projectRow) error) error {
	if err := firstErr(checkLenPtr("flow name", u.Name, maxNameChars),
		checkLenPtr("flow description", u.Description, maxDescriptionChars)); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		name, project, err := s.prepareUpdate(ctx, tx, flowKind, siteID, id, u.Name, u.ProjectID, u.OwnerID, allowed)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE flows SET name = ?, project_id = ?, description = coalesce(?, description),
			owner_id = coalesce(nullif(?, ''), owner_id), updated_at = ? WHERE id = ?`,
			name, project, u.Description, u.OwnerID, s.nowString(), id)
		if err != nil || u.ProjectID == "" {
			return err
		}
		return s.syncLocked(ctx, tx, siteID)
	})
}

// Flow runs.

// flowRunRow is a run: its flow_runs row and the job that carries it.
type flowRunRow struct {
	ID, FlowID, UserID string
	Job                jobRow
}

const flowRunCols = `r.id, r.flow_id, r.user_id, ` + jobCols

const flowRunFrom = `FROM flow_runs r JOIN jobs j ON j.id = r.job_id JOIN flows f ON f.id = r.flow_id WHERE r.site_id = ?`

func scanFlowRun(sc interface{ Scan(...any) error }) (*flowRunRow, error) {
	var r flowRunRow
	j := &r.Job
	err := sc.Scan(&r.ID, &r.FlowID, &r.UserID, &j.ID, &j.SiteID, &j.Type, &j.JobType, &j.ContentType, &j.ContentID, &j.ContentName,
		&j.CreatedMS, &j.UpdatedMS, &j.DurationMS, &j.StartedMS, &j.CompletedMS, &j.Status, &j.Progress, &j.FinishCode, &j.Notes,
		&j.FailNotes, &j.Payload, &j.Priority)
	return &r, err
}

// flowRunListSpec has the fields of Get Flow Runs' filter reference.
var flowRunListSpec = listSpec{
	resource: "flow runs",
	fields: map[string]field{
		"flowId":      {expr: "r.flow_id", ops: opsEnum},
		"userId":      {expr: "r.user_id", ops: opsEnum},
		"progress":    {expr: "j.progress", kind: kindInt, ops: opsNumber, sortable: true},
		"startedAt":   {expr: msTime("coalesce(j.started_ms, j.created_ms)"), kind: kindTime, ops: opsTime, sortable: true},
		"completedAt": {expr: msTime("j.completed_ms"), kind: kindTime, ops: opsTime, sortable: true},
	},
	order: "j.created_ms DESC, r.rowid DESC",
}

func (s *Store) listFlowRuns(ctx context.Context, siteID string, lq *listQuery) ([]flowRunRow, tsc.Pagination, error) {
	var out []flowRunRow
	p, err := s.list(ctx, s.db, flowRunCols, flowRunFrom, []any{siteID}, lq, func(rows *sql.Rows) error {
		r, err := scanFlowRun(rows)
		if err == nil {
			out = append(out, *r)
		}
		return err
	})
	return out, p, err
}

func (s *Store) flowRun(ctx context.Context, siteID, id string) (*flowRunRow, error) {
	r, err := scanFlowRun(s.db.QueryRowContext(ctx, "SELECT "+flowRunCols+" "+flowRunFrom+" AND r.id = ?", siteID, id))
	if isNoRows(err) {
		return nil, flowRunNotFound(id)
	}
	return r, err
}

// startFlowRun creates a RunFlow job for the flow, created at startMS, and
// the run that names it; it returns the job's id.
func (s *Store) startFlowRun(ctx context.Context, tx *sql.Tx, siteID, flowID, flowName, userID string, durationMS, startMS int64) (string, error) {
	runID := uuid.NewString()
	jobID, err := s.createJobTx(ctx, tx, jobInput{SiteID: siteID, Type: jobRunFlow, ContentType: flowKind.name, ContentID: flowID,
		ContentName: flowName, DurationMS: durationMS, Payload: runID}, startMS)
	if err != nil {
		return "", err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO flow_runs (id, site_id, flow_id, job_id, user_id) VALUES (?, ?, ?, ?, ?)`,
		runID, siteID, flowID, jobID, userID)
	return jobID, err
}

// jobRunFlow is the type of the job that runs a flow.
const jobRunFlow = "RunFlow"

// runFlowOutputs is the effect of a finished run: each output step that
// publishes a data source creates it in the flow's project (owned by the
// flow's owner) on the first run and refreshes it (its updatedAt moves) on
// later ones.
func (s *Store) runFlowOutputs(ctx context.Context, flowID string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var siteID, projectID, ownerID, name string
		err := tx.QueryRowContext(ctx, `SELECT site_id, project_id, owner_id, name FROM flows WHERE id = ?`, flowID).Scan(&siteID, &projectID, &ownerID, &name)
		if isNoRows(err) {
			return badRequest("The flow was deleted before it could run.")
		}
		if err != nil {
			return err
		}
		outs, err := s.flowOutputs(ctx, tx, flowID)
		if err != nil {
			return err
		}
		now := s.nowString()
		for _, o := range outs {
			if o.DatasourceName == "" {
				continue
			}
			var id string
			err := tx.QueryRowContext(ctx, `SELECT id FROM datasources WHERE project_id = ? AND name = ? COLLATE NOCASE`+datasourceKind.inProject(),
				projectID, o.DatasourceName).Scan(&id)
			switch {
			case isNoRows(err):
				id = uuid.NewString()
				pr := &publishRequest{Kind: datasourceKind.name, SiteID: siteID, ProjectID: projectID, CallerID: ownerID, Name: o.DatasourceName,
					FileType: "hyper", DSType: "hyper", HasExtracts: true,
					Description: ptrTo("Published by the flow '" + name + "'.")}
				if err := s.create(ctx, tx, datasourceKind, id, pr, now); err != nil {
					return err
				}
				if err := inheritContentRules(ctx, tx, datasourceKind.permKind(), datasourceKind.table, `SELECT ?`, id); err != nil {
					return err
				}
				if err := s.replaceConnections(ctx, tx, datasourceKind, siteID, id, []connectionRow{{Type: "hyper"}}); err != nil {
					return err
				}
			case err != nil:
				return err
			default:
				if _, err := tx.ExecContext(ctx, `UPDATE datasources SET updated_at = ?, has_extracts = 1 WHERE id = ?`, now, id); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func ptrTo[T any](v T) *T { return &v }
