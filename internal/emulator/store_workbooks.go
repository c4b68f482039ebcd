package emulator

import (
	"context"
	"database/sql"
	"strings"

	"github.com/google/uuid"
	"github.com/tsc-go/tsc"
)

// workbookRow is a workbook as stored. Publishing (a later issue) fills the
// rest; for now workbooks exist so that users' content can be listed,
// reassigned and deleted with their projects.
type workbookRow struct {
	ID          string
	SiteID      string
	ProjectID   string
	ProjectName string
	OwnerID     string
	Name        string
	ContentURL  string
	Description string
	ShowTabs    bool
	SizeMB      int
	CreatedAt   string
	UpdatedAt   string
	Tags        []string
}

const workbookCols = `w.id, w.site_id, w.project_id, p.name, w.owner_id, w.name, w.content_url, w.description,
	w.show_tabs, w.size_mb, w.created_at, w.updated_at`

const workbookFrom = "FROM workbooks w JOIN projects p ON p.id = w.project_id JOIN users o ON o.id = w.owner_id"

func scanWorkbook(sc interface{ Scan(...any) error }) (*workbookRow, error) {
	var r workbookRow
	err := sc.Scan(&r.ID, &r.SiteID, &r.ProjectID, &r.ProjectName, &r.OwnerID, &r.Name, &r.ContentURL, &r.Description,
		&r.ShowTabs, &r.SizeMB, &r.CreatedAt, &r.UpdatedAt)
	return &r, err
}

// insertWorkbook records a workbook and its tags.
func (s *Store) insertWorkbook(ctx context.Context, w workbookRow) (*workbookRow, error) {
	if w.ID == "" {
		w.ID = uuid.NewString()
	}
	if w.ContentURL == "" {
		w.ContentURL = strings.ReplaceAll(w.Name, " ", "")
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.project(ctx, tx, w.SiteID, w.ProjectID); err != nil {
			return err
		}
		if _, err := s.siteUser(ctx, tx, w.SiteID, w.OwnerID); err != nil {
			return err
		}
		now := s.nowString()
		w.CreatedAt, w.UpdatedAt = now, now
		if _, err := tx.ExecContext(ctx, `INSERT INTO workbooks (id, site_id, project_id, owner_id, name, content_url, description, show_tabs, size_mb, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, w.ID, w.SiteID, w.ProjectID, w.OwnerID, w.Name, w.ContentURL, w.Description,
			w.ShowTabs, w.SizeMB, now, now); err != nil {
			return err
		}
		for _, t := range w.Tags {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO tags (site_id, content_type, content_id, label) VALUES (?, 'workbook', ?, ?)`,
				w.SiteID, w.ID, t); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &w, nil
}

var workbookListSpec = listSpec{
	resource: "workbooks",
	fields: map[string]field{
		"name":        {expr: "w.name", ops: opsName, sortable: true},
		"contentUrl":  {expr: "w.content_url", ops: opsEnum, sortable: true},
		"createdAt":   {expr: "w.created_at", kind: kindTime, ops: opsTime, sortable: true},
		"updatedAt":   {expr: "w.updated_at", kind: kindTime, ops: opsTime, sortable: true},
		"ownerName":   {expr: "o.name", ops: opsEnum, sortable: true},
		"ownerEmail":  {expr: "o.email", ops: opsEnum},
		"projectName": {expr: "p.name", ops: opsName, sortable: true},
		"size":        {expr: "w.size_mb", kind: kindInt, ops: opsNumber, sortable: true},
		"tags":        tagsField("workbook", "w.id"),
	},
	order: "w.rowid",
}

// listWorkbooks lists a site's workbooks; with ownerID, only those the user owns.
func (s *Store) listWorkbooks(ctx context.Context, siteID, ownerID string, lq *listQuery) ([]workbookRow, tsc.Pagination, error) {
	from := workbookFrom + " WHERE w.site_id = ?"
	args := []any{siteID}
	if ownerID != "" {
		from += " AND w.owner_id = ?"
		args = append(args, ownerID)
	}
	var out []workbookRow
	p, err := s.list(ctx, s.db, workbookCols, from, args, lq, func(rows *sql.Rows) error {
		r, err := scanWorkbook(rows)
		if err == nil {
			out = append(out, *r)
		}
		return err
	})
	if err != nil {
		return nil, p, err
	}
	for i := range out {
		if out[i].Tags, err = s.tags(ctx, "workbook", out[i].ID); err != nil {
			return nil, p, err
		}
	}
	return out, p, nil
}

func (s *Store) tags(ctx context.Context, contentType, id string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT label FROM tags WHERE content_type = ? AND content_id = ? ORDER BY label`, contentType, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
