package emulator

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/tsc-go/tsc/internal/emulator/tableaufile"
)

// publishRequest is a publish the file of which is already parsed and in
// the blob store. It is JSON so that a publish run as a job can be carried
// out when the job succeeds.
type publishRequest struct {
	Kind        string  `json:"kind"` // "workbook" or "datasource"
	SiteID      string  `json:"siteId"`
	ProjectID   string  `json:"projectId"`
	CallerID    string  `json:"callerId"`
	Name        string  `json:"name"`
	Description *string `json:"description,omitempty"`
	ShowTabs    *bool   `json:"showTabs,omitempty"`
	Overwrite   bool    `json:"overwrite,omitempty"`
	Append      bool    `json:"append,omitempty"`
	FileType    string  `json:"fileType"`
	Blob        string  `json:"blob"`
	Size        int64   `json:"size"`
	HasExtracts bool    `json:"hasExtracts,omitempty"`
	// Sheets are a workbook's sheets to publish as views (hidden ones left out).
	Sheets []tableaufile.Sheet `json:"sheets,omitempty"`
	// DSType is a data source's connector.
	DSType              string          `json:"dsType,omitempty"`
	Connections         []connectionRow `json:"connections,omitempty"`
	IsCertified         *bool           `json:"isCertified,omitempty"`
	CertificationNote   *string         `json:"certificationNote,omitempty"`
	UseRemoteQueryAgent *bool           `json:"useRemoteQueryAgent,omitempty"`
	// FlowOutputs are a flow's output steps (store_flows.go).
	FlowOutputs []flowOutput `json:"flowOutputs,omitempty"`
}

func (pr *publishRequest) kind() contentKind {
	switch pr.Kind {
	case datasourceKind.name:
		return datasourceKind
	case flowKind.name:
		return flowKind
	}
	return workbookKind
}

// publishResult says what a publish did.
type publishResult struct {
	ID      string
	Created bool
}

// publish creates the item, or overwrites or appends to the one with the
// same name in the project, in one transaction: views, connections and a
// new revision with it. allowed (nil for none) checks the caller may
// publish into the project and change the existing item. The blob belongs
// to the store once publish returns without error.
func (s *Store) publish(ctx context.Context, pr *publishRequest, allowed func(p *projectRow, existing *contentRef) error) (publishResult, error) {
	k := pr.kind()
	var res publishResult
	err := s.tx(ctx, func(tx *sql.Tx) error {
		p, err := s.project(ctx, tx, pr.SiteID, pr.ProjectID)
		if err != nil {
			return err
		}
		var existing *contentRef
		var id string
		err = tx.QueryRowContext(ctx, "SELECT id FROM "+k.table+" WHERE project_id = ? AND name = ? COLLATE NOCASE"+k.inProject(), pr.ProjectID, pr.Name).Scan(&id)
		switch {
		case isNoRows(err):
		case err != nil:
			return err
		default:
			if existing, err = s.contentRef(ctx, tx, k, pr.SiteID, id); err != nil {
				return err
			}
		}
		if allowed != nil {
			if err := allowed(p, existing); err != nil {
				return err
			}
		}
		now := s.nowString()
		switch {
		case existing != nil && pr.Append:
			// No views, connections or revision change: done here.
			res.ID = existing.ID
			return s.appendDatasource(ctx, tx, existing, pr, now)
		case existing != nil && !pr.Overwrite:
			return conflict(codeContentNameTaken, "A %s named '%s' already exists in the project '%s'; publish with overwrite=true to replace it.",
				k.name, existing.Name, p.Name)
		case existing == nil && pr.Append:
			return notFound(codeDatasourceNotFound, "There is no data source named '%s' in the project '%s' to append to.", pr.Name, p.Name)
		case existing != nil:
			res.ID = existing.ID
			if err = s.checkStorage(ctx, tx, pr.SiteID, existing.ID, pr.Size, pr.Name+"."+pr.FileType); err == nil {
				err = s.overwrite(ctx, tx, k, existing.ID, pr, now)
			}
		default:
			res.ID, res.Created = uuid.NewString(), true
			if err = s.checkStorage(ctx, tx, pr.SiteID, "", pr.Size, pr.Name+"."+pr.FileType); err == nil {
				err = s.create(ctx, tx, k, res.ID, pr, now)
			}
		}
		if err != nil {
			return err
		}
		var newViews []string
		if k == workbookKind {
			if newViews, err = s.syncViews(ctx, tx, pr.SiteID, res.ID, pr.Sheets, now); err != nil {
				return err
			}
		}
		// New content takes its project's defaults (its views the
		// workbook defaults' view capabilities); a workbook's new sheets
		// take the workbook's rules.
		switch {
		case res.Created:
			if err := inheritContentRules(ctx, tx, k.permKind(), k.table, `SELECT ?`, res.ID); err != nil {
				return err
			}
		case len(newViews) > 0:
			if err := inheritViewRules(ctx, tx, res.ID, newViews); err != nil {
				return err
			}
		}
		if err := s.replaceConnections(ctx, tx, k, pr.SiteID, res.ID, pr.Connections); err != nil {
			return err
		}
		return s.addRevision(ctx, tx, k, pr.SiteID, res.ID, pr.Blob, pr.FileType, pr.Size, pr.CallerID)
	})
	return res, err
}

func (s *Store) create(ctx context.Context, tx *sql.Tx, k contentKind, id string, pr *publishRequest, now string) error {
	if k == flowKind {
		return s.createFlow(ctx, tx, id, pr, now)
	}
	curl, err := uniqueContentURL(ctx, tx, k.table, pr.SiteID, contentURLFor(pr.Name), id)
	if err != nil {
		return err
	}
	desc := ""
	if pr.Description != nil {
		desc = *pr.Description
	}
	if k == workbookKind {
		showTabs := pr.ShowTabs != nil && *pr.ShowTabs
		_, err = tx.ExecContext(ctx, `INSERT INTO workbooks (id, site_id, project_id, owner_id, name, content_url, description, show_tabs, size_mb,
			created_at, updated_at, file_type, has_extracts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, pr.SiteID, pr.ProjectID, pr.CallerID, pr.Name, curl, desc, showTabs, sizeMB(pr.Size), now, now, pr.FileType, pr.HasExtracts)
		if err != nil {
			return err
		}
		return followEncryptionMode(ctx, tx, k, id, pr.SiteID)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO datasources (id, site_id, project_id, owner_id, name, content_url, description, ds_type, file_type,
		has_extracts, is_certified, certification_note, use_remote_query_agent, size_bytes, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, pr.SiteID, pr.ProjectID, pr.CallerID, pr.Name, curl, desc, pr.DSType, pr.FileType, pr.HasExtracts,
		pr.IsCertified != nil && *pr.IsCertified, deref(pr.CertificationNote), pr.UseRemoteQueryAgent != nil && *pr.UseRemoteQueryAgent,
		pr.Size, now, now)
	if err != nil {
		return err
	}
	return followEncryptionMode(ctx, tx, k, id, pr.SiteID)
}

// overwrite replaces an item's file, keeping its id, owner, project and
// content URL; the description and settings given replace the old ones.
func (s *Store) overwrite(ctx context.Context, tx *sql.Tx, k contentKind, id string, pr *publishRequest, now string) error {
	if k == flowKind {
		return s.overwriteFlow(ctx, tx, id, pr, now)
	}
	if k == workbookKind {
		_, err := tx.ExecContext(ctx, `UPDATE workbooks SET name = ?, description = coalesce(?, description), show_tabs = coalesce(?, show_tabs),
			size_mb = ?, file_type = ?, has_extracts = ?, updated_at = ? WHERE id = ?`,
			pr.Name, pr.Description, pr.ShowTabs, sizeMB(pr.Size), pr.FileType, pr.HasExtracts, now, id)
		if err != nil {
			return err
		}
		return followEncryptionMode(ctx, tx, k, id, pr.SiteID)
	}
	_, err := tx.ExecContext(ctx, `UPDATE datasources SET name = ?, description = coalesce(?, description), ds_type = ?, file_type = ?,
		has_extracts = ?, is_certified = coalesce(?, is_certified), certification_note = coalesce(?, certification_note),
		use_remote_query_agent = coalesce(?, use_remote_query_agent), size_bytes = ?, updated_at = ? WHERE id = ?`,
		pr.Name, pr.Description, pr.DSType, pr.FileType, pr.HasExtracts, pr.IsCertified, pr.CertificationNote, pr.UseRemoteQueryAgent,
		pr.Size, now, id)
	if err != nil {
		return err
	}
	return followEncryptionMode(ctx, tx, k, id, pr.SiteID)
}

// appendDatasource adds an extract's rows to a published extract data
// source. The emulator cannot merge extracts: the stored file stays as it
// is (and no revision is made, as on Tableau), the data source is updated.
func (s *Store) appendDatasource(ctx context.Context, tx *sql.Tx, existing *contentRef, pr *publishRequest, now string) error {
	var hasExtracts bool
	var fileType string
	if err := tx.QueryRowContext(ctx, `SELECT has_extracts, file_type FROM datasources WHERE id = ?`, existing.ID).Scan(&hasExtracts, &fileType); err != nil {
		return err
	}
	if !hasExtracts || (fileType != "hyper" && fileType != "tde" && fileType != "tdsx") {
		return badRequest("The data source '%s' is not an extract; only extracts (.hyper, .tde) can be appended to.", existing.Name)
	}
	if pr.FileType != "hyper" && pr.FileType != "tde" {
		return badRequest("Only .hyper and .tde files can be appended to a data source, not .%s.", pr.FileType)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE datasources SET updated_at = ? WHERE id = ?`, now, existing.ID); err != nil {
		return err
	}
	// The appended file is not kept.
	_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO orphan_blobs (blob) VALUES (?)`, pr.Blob)
	return err
}

// syncViews makes a workbook's views its sheets: views whose sheet is still
// there keep their id and usage, new sheets get new views, gone ones go.
func (s *Store) syncViews(ctx context.Context, tx *sql.Tx, siteID, wbID string, sheets []tableaufile.Sheet, now string) ([]string, error) {
	old := map[string]string{}
	rows, err := tx.QueryContext(ctx, `SELECT id, name FROM views WHERE workbook_id = ?`, wbID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return nil, err
		}
		old[name] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var created []string
	used := map[string]bool{}
	keep := map[string]bool{}
	for i, sh := range sheets {
		urlName := viewURLName(sh.Name)
		if urlName == "" {
			urlName = "Sheet" + strconv.Itoa(i+1)
		}
		base := urlName
		for n := 0; used[strings.ToLower(urlName)]; n++ {
			urlName = base + "_" + strconv.Itoa(n)
		}
		used[strings.ToLower(urlName)] = true
		if id, ok := old[sh.Name]; ok && !keep[id] {
			keep[id] = true
			if _, err := tx.ExecContext(ctx, `UPDATE views SET url_name = ?, sheet_type = ?, position = ?, updated_at = ? WHERE id = ?`,
				urlName, string(sh.Type), i, now, id); err != nil {
				return nil, err
			}
			continue
		}
		vid := uuid.NewString()
		if _, err := tx.ExecContext(ctx, `INSERT INTO views (id, site_id, workbook_id, name, url_name, sheet_type, position, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, vid, siteID, wbID, sh.Name, urlName, string(sh.Type), i, now, now); err != nil {
			return nil, err
		}
		created = append(created, vid)
	}
	for _, id := range old {
		if !keep[id] {
			if _, err := tx.ExecContext(ctx, `DELETE FROM views WHERE id = ?`, id); err != nil {
				return nil, err
			}
		}
	}
	return created, nil
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
