package emulator

import (
	"context"
	"database/sql"
	"strings"

	"github.com/google/uuid"
	"github.com/tsc-go/tsc"
)

// workbookRow is a workbook as stored (publishing adds its file details,
// see workbookFile).
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
	// PersonalSpace says the workbook is in its owner's Personal Space
	// (personal_space.go); ProjectID is then where it came from.
	PersonalSpace bool
}

const workbookCols = `w.id, w.site_id, w.project_id, p.name, w.owner_id, w.name, w.content_url, w.description,
	w.show_tabs, w.size_mb, w.created_at, w.updated_at, w.personal_space`

const workbookFrom = "FROM workbooks w JOIN projects p ON p.id = w.project_id JOIN users o ON o.id = w.owner_id"

func scanWorkbook(sc interface{ Scan(...any) error }) (*workbookRow, error) {
	var r workbookRow
	err := sc.Scan(&r.ID, &r.SiteID, &r.ProjectID, &r.ProjectName, &r.OwnerID, &r.Name, &r.ContentURL, &r.Description,
		&r.ShowTabs, &r.SizeMB, &r.CreatedAt, &r.UpdatedAt, &r.PersonalSpace)
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
		return inheritContentRules(ctx, tx, tsc.PermWorkbook, "workbooks", `SELECT ?`, w.ID)
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
		"ownerName":   {expr: "o.name", ops: opsEnum, sortable: true, joined: true},
		"ownerEmail":  {expr: "o.email", ops: opsEnum, joined: true},
		"projectName": {expr: "p.name", ops: opsName, sortable: true, joined: true},
		"size":        {expr: "w.size_mb", kind: kindInt, ops: opsNumber, sortable: true},
		"tags":        tagsField("workbook", "w.id"),
		"hasExtracts": {expr: "w.has_extracts", kind: kindBool, ops: opsBool},
		"showTabs":    {expr: "w.show_tabs", kind: kindBool, ops: opsBool, sortable: true},
		"ownerDomain": {expr: "o.domain_name", ops: opsEnum, joined: true},
		"sheetCount":  {expr: "(SELECT count(*) FROM views v WHERE v.workbook_id = w.id)", kind: kindInt, ops: opsNumber, sortable: true},
	},
	order: "w.rowid",
}

// listWorkbooks lists a site's workbooks; with ownerID, only those the user owns.
func (s *Store) listWorkbooks(ctx context.Context, siteID, ownerID string, lq *listQuery) ([]workbookRow, tsc.Pagination, error) {
	from := workbookFrom + " WHERE w.site_id = ?"
	lq.countFrom = "FROM workbooks w WHERE w.site_id = ?"
	args := []any{siteID}
	if ownerID != "" {
		from += " AND w.owner_id = ?"
		lq.countFrom += " AND w.owner_id = ?"
		args = append(args, ownerID)
	}
	return listTagged(ctx, s, "workbook", workbookCols, from, args, lq, scanWorkbook,
		func(r *workbookRow) (string, *[]string) { return r.ID, &r.Tags })
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

// workbookFile is what a published workbook has beyond its row.
type workbookFile struct {
	FileType    string
	HasExtracts bool
}

// workbook returns a workbook with its tags and file details.
func (s *Store) workbook(ctx context.Context, siteID, id string) (*workbookRow, *workbookFile, error) {
	var f workbookFile
	var r *workbookRow
	row := s.db.QueryRowContext(ctx, "SELECT "+workbookCols+", w.file_type, w.has_extracts "+workbookFrom+" WHERE w.site_id = ? AND w.id = ?", siteID, id)
	r, err := scanWorkbookWith(row, &f.FileType, &f.HasExtracts)
	if isNoRows(err) {
		return nil, nil, workbookNotFound(id)
	}
	if err != nil {
		return nil, nil, err
	}
	if r.Tags, err = s.tags(ctx, "workbook", id); err != nil {
		return nil, nil, err
	}
	return r, &f, nil
}

func scanWorkbookWith(sc interface{ Scan(...any) error }, extra ...any) (*workbookRow, error) {
	var r workbookRow
	dest := []any{&r.ID, &r.SiteID, &r.ProjectID, &r.ProjectName, &r.OwnerID, &r.Name, &r.ContentURL, &r.Description,
		&r.ShowTabs, &r.SizeMB, &r.CreatedAt, &r.UpdatedAt, &r.PersonalSpace}
	err := sc.Scan(append(dest, extra...)...)
	return &r, err
}

// workbookUpdate is what Update Workbook may change; nil leaves a field.
type workbookUpdate struct {
	Name, Description  *string
	ShowTabs           *bool
	ProjectID, OwnerID string
	// ToPersonalSpace moves the workbook into its owner's Personal Space.
	ToPersonalSpace bool
}

// updateWorkbook changes a workbook; allowed checks the caller against the
// workbook as it is and, when the workbook moves, against its new project.
func (s *Store) updateWorkbook(ctx context.Context, siteID, id string, u workbookUpdate, allowed func(ref *contentRef, newProject *projectRow) error) error {
	if err := firstErr(checkLenPtr("workbook name", u.Name, maxNameChars),
		checkLenPtr("workbook description", u.Description, maxDescriptionChars)); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var wasPrivate bool
		if err := tx.QueryRowContext(ctx, `SELECT personal_space FROM workbooks WHERE site_id = ? AND id = ?`, siteID, id).Scan(&wasPrivate); isNoRows(err) {
			return workbookNotFound(id)
		} else if err != nil {
			return err
		}
		name, project, err := s.prepareUpdate(ctx, tx, workbookKind, siteID, id, u.Name, u.ProjectID, u.OwnerID, allowed)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE workbooks SET name = ?, project_id = ?, description = coalesce(?, description),
			show_tabs = coalesce(?, show_tabs), owner_id = coalesce(nullif(?, ''), owner_id), updated_at = ? WHERE id = ?`,
			name, project, u.Description, u.ShowTabs, u.OwnerID, s.nowString(), id)
		if err != nil {
			return err
		}
		switch {
		case u.ToPersonalSpace && !wasPrivate:
			return setPersonalSpace(ctx, tx, id, true)
		case u.ProjectID != "" && wasPrivate:
			if err := setPersonalSpace(ctx, tx, id, false); err != nil {
				return err
			}
		}
		if u.ProjectID == "" {
			return nil
		}
		// Moved into a locked project, the item takes its rules.
		return s.syncLocked(ctx, tx, siteID)
	})
}

// deleteContent deletes a workbook or data source; its views, connections,
// tags and revisions go with it (foreign keys and triggers), and its files
// are left for the janitor.
func (s *Store) deleteContent(ctx context.Context, k contentKind, siteID, id string, allowed func(*contentRef) error) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		ref, err := s.contentRef(ctx, tx, k, siteID, id)
		if err != nil {
			return err
		}
		if err := callAllowed(allowed, ref); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM "+k.table+" WHERE id = ?", id)
		return err
	})
}
