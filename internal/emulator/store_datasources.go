package emulator

import (
	"context"
	"database/sql"

	"github.com/tsc-go/tsc"
)

// datasourceRow is a published data source as stored.
type datasourceRow struct {
	ID, SiteID, ProjectID, ProjectName, OwnerID string
	Name, ContentURL, Description, Type         string
	FileType                                    string
	HasExtracts, IsCertified, EncryptExtracts   bool
	UseRemoteQueryAgent                         bool
	CertificationNote                           string
	Size                                        int64
	CreatedAt, UpdatedAt                        string
	Tags                                        []string
}

const datasourceCols = `d.id, d.site_id, d.project_id, p.name, d.owner_id, d.name, d.content_url, d.description, d.ds_type, d.file_type,
	d.has_extracts, d.is_certified, d.encrypt_extracts, d.use_remote_query_agent, d.certification_note, d.size_bytes, d.created_at, d.updated_at`

const datasourceFrom = "FROM datasources d JOIN projects p ON p.id = d.project_id JOIN users o ON o.id = d.owner_id"

func scanDatasource(sc interface{ Scan(...any) error }) (*datasourceRow, error) {
	var r datasourceRow
	err := sc.Scan(&r.ID, &r.SiteID, &r.ProjectID, &r.ProjectName, &r.OwnerID, &r.Name, &r.ContentURL, &r.Description, &r.Type, &r.FileType,
		&r.HasExtracts, &r.IsCertified, &r.EncryptExtracts, &r.UseRemoteQueryAgent, &r.CertificationNote, &r.Size, &r.CreatedAt, &r.UpdatedAt)
	return &r, err
}

// datasourceListSpec has the data source fields of the REST API's filter
// and sort reference that the emulator stores.
var datasourceListSpec = listSpec{
	resource: "datasources",
	fields: map[string]field{
		"name":        {expr: "d.name", ops: opsName, sortable: true},
		"contentUrl":  {expr: "d.content_url", ops: opsEnum, sortable: true},
		"createdAt":   {expr: "d.created_at", kind: kindTime, ops: opsTime, sortable: true},
		"updatedAt":   {expr: "d.updated_at", kind: kindTime, ops: opsTime, sortable: true},
		"description": {expr: "d.description", ops: opsName},
		"type":        {expr: "d.ds_type", ops: opsEnum, sortable: true},
		"hasExtracts": {expr: "d.has_extracts", kind: kindBool, ops: opsBool, sortable: true},
		"isCertified": {expr: "d.is_certified", kind: kindBool, ops: opsBool, sortable: true},
		"ownerName":   {expr: "o.name", ops: opsEnum, sortable: true, joined: true},
		"ownerEmail":  {expr: "o.email", ops: opsEnum, joined: true},
		"ownerDomain": {expr: "o.domain_name", ops: opsEnum, joined: true},
		"projectName": {expr: "p.name", ops: opsName, sortable: true, joined: true},
		"size":        {expr: "d.size_bytes", kind: kindInt, ops: opsNumber, sortable: true},
		"connectionType": {ops: opsEnum, cond: func(op tsc.Operator, values []string) (string, []any) {
			args := make([]any, len(values))
			for i, v := range values {
				args[i] = v
			}
			return "EXISTS (SELECT 1 FROM connections c WHERE c.datasource_id = d.id AND c.type IN (" + placeholders(len(values)) + "))", args
		}},
		"tags": tagsField("datasource", "d.id"),
	},
	order: "d.rowid",
}

func (s *Store) listDatasources(ctx context.Context, siteID string, lq *listQuery) ([]datasourceRow, tsc.Pagination, error) {
	lq.countFrom = "FROM datasources d WHERE d.site_id = ?"
	return listTagged(ctx, s, "datasource", datasourceCols, datasourceFrom+" WHERE d.site_id = ?", []any{siteID}, lq, scanDatasource,
		func(r *datasourceRow) (string, *[]string) { return r.ID, &r.Tags })
}

func (s *Store) datasource(ctx context.Context, siteID, id string) (*datasourceRow, error) {
	r, err := scanDatasource(s.db.QueryRowContext(ctx, "SELECT "+datasourceCols+" "+datasourceFrom+" WHERE d.site_id = ? AND d.id = ?", siteID, id))
	if isNoRows(err) {
		return nil, datasourceNotFound(id)
	}
	if err != nil {
		return nil, err
	}
	if r.Tags, err = s.tags(ctx, "datasource", id); err != nil {
		return nil, err
	}
	return r, nil
}

// datasourceUpdate is what Update Data Source may change; nil leaves a field.
type datasourceUpdate struct {
	Name, Description, CertificationNote *string
	IsCertified, EncryptExtracts         *bool
	ProjectID, OwnerID                   string
}

func (s *Store) updateDatasource(ctx context.Context, siteID, id string, u datasourceUpdate, allowed func(ref *contentRef, np *projectRow) error) error {
	if err := firstErr(checkLenPtr("data source name", u.Name, maxNameChars),
		checkLenPtr("data source description", u.Description, maxDescriptionChars),
		checkLenPtr("data source certification note", u.CertificationNote, maxDescriptionChars)); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		name, project, err := s.prepareUpdate(ctx, tx, datasourceKind, siteID, id, u.Name, u.ProjectID, u.OwnerID, allowed)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE datasources SET name = ?, project_id = ?, description = coalesce(?, description),
			certification_note = coalesce(?, certification_note), is_certified = coalesce(?, is_certified),
			encrypt_extracts = coalesce(?, encrypt_extracts), owner_id = coalesce(nullif(?, ''), owner_id), updated_at = ? WHERE id = ?`,
			name, project, u.Description, u.CertificationNote, u.IsCertified, u.EncryptExtracts, u.OwnerID, s.nowString(), id)
		if err != nil || u.ProjectID == "" {
			return err
		}
		// Moved into a locked project, the item takes its rules.
		return s.syncLocked(ctx, tx, siteID)
	})
}
