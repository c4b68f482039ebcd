package emulator

import (
	"context"
	"database/sql"
	"strings"

	"github.com/google/uuid"
	"github.com/tsc-go/tsc"
)

// projectRow is a project as stored.
type projectRow struct {
	ID                 string
	SiteID             string
	ParentID           string
	Name               string
	Description        string
	ContentPermissions tsc.ContentPermissions
	OwnerID            string
	OwnerName          string
	IsDefault          bool
	CreatedAt          string
	UpdatedAt          string
}

const projectCols = `p.id, p.site_id, ifnull(p.parent_id, ''), p.name, p.description, p.content_permissions,
	ifnull(p.owner_id, ''), ifnull(o.name, ''), p.is_default, p.created_at, p.updated_at`

const projectFrom = "FROM projects p LEFT JOIN users o ON o.id = p.owner_id"

func scanProject(sc interface{ Scan(...any) error }) (*projectRow, error) {
	var r projectRow
	var perm string
	err := sc.Scan(&r.ID, &r.SiteID, &r.ParentID, &r.Name, &r.Description, &perm, &r.OwnerID, &r.OwnerName, &r.IsDefault, &r.CreatedAt, &r.UpdatedAt)
	r.ContentPermissions = tsc.ContentPermissions(perm)
	return &r, err
}

func (s *Store) project(ctx context.Context, q queryer, siteID, id string) (*projectRow, error) {
	r, err := scanProject(q.QueryRowContext(ctx, "SELECT "+projectCols+" "+projectFrom+" WHERE p.site_id = ? AND p.id = ?", siteID, id))
	if isNoRows(err) {
		return nil, projectNotFound(id)
	}
	return r, err
}

func validPermissions(p tsc.ContentPermissions) error {
	switch p {
	case "", tsc.LockedToProject, tsc.LockedToProjectWithoutNested, tsc.ManagedByOwner:
		return nil
	}
	return badRequest("contentPermissions '%s' is not LockedToProject, LockedToProjectWithoutNested or ManagedByOwner.", p)
}

func projectNameTaken(name string) error {
	return conflict(codeProjectNameDup, "A project named '%s' already exists in the same parent project.", name)
}

// projectInput is what Create and Update Project may set; nil or empty
// fields are left as they are on update.
type projectInput struct {
	Name               string
	Description        *string
	ContentPermissions tsc.ContentPermissions
	// ParentID is nil when not given; "" (given, empty) moves a project to the top level.
	ParentID *string
	OwnerID  string
}

// checkLengths refuses a name or description over its limit (limits.go).
func (in *projectInput) checkLengths() error {
	return firstErr(checkLen("project name", in.Name, maxNameChars),
		checkLenPtr("project description", in.Description, maxDescriptionChars))
}

func (s *Store) createProject(ctx context.Context, siteID string, in projectInput, allowed func(parent *projectRow) error) (*projectRow, error) {
	if strings.TrimSpace(in.Name) == "" {
		return nil, badRequest("A project needs a name.")
	}
	if err := in.checkLengths(); err != nil {
		return nil, err
	}
	if err := validPermissions(in.ContentPermissions); err != nil {
		return nil, err
	}
	perm := in.ContentPermissions
	if perm == "" {
		perm = tsc.ManagedByOwner
	}
	var out *projectRow
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var parent *projectRow
		var parentID any
		if in.ParentID != nil && *in.ParentID != "" {
			p, err := s.project(ctx, tx, siteID, *in.ParentID)
			if err != nil {
				return err
			}
			parent, parentID = p, p.ID
		}
		if err := allowed(parent); err != nil {
			return err
		}
		desc := ""
		if in.Description != nil {
			desc = *in.Description
		}
		id, now := uuid.NewString(), s.nowString()
		_, err := tx.ExecContext(ctx, `INSERT INTO projects (id, site_id, parent_id, name, description, content_permissions, owner_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, siteID, parentID, in.Name, desc, string(perm), nullable(in.OwnerID), now, now)
		if isUniqueViolation(err) {
			return projectNameTaken(in.Name)
		}
		if err != nil {
			return err
		}
		pid := ""
		if parent != nil {
			pid = parent.ID
		}
		if err := inheritProjectRules(ctx, tx, siteID, id, pid); err != nil {
			return err
		}
		if err := s.syncLocked(ctx, tx, siteID); err != nil {
			return err
		}
		out, err = s.project(ctx, tx, siteID, id)
		return err
	})
	return out, err
}

func (s *Store) updateProject(ctx context.Context, siteID, id string, in projectInput, allowed func(p *projectRow) error) (*projectRow, error) {
	if err := in.checkLengths(); err != nil {
		return nil, err
	}
	if err := validPermissions(in.ContentPermissions); err != nil {
		return nil, err
	}
	var out *projectRow
	err := s.tx(ctx, func(tx *sql.Tx) error {
		p, err := s.project(ctx, tx, siteID, id)
		if err != nil {
			return err
		}
		if err := allowed(p); err != nil {
			return err
		}
		if in.Name != "" {
			if p.IsDefault && in.Name != p.Name {
				return forbidden("The default project cannot be renamed.")
			}
			p.Name = in.Name
		}
		if in.Description != nil {
			p.Description = *in.Description
		}
		if in.ContentPermissions != "" {
			p.ContentPermissions = in.ContentPermissions
		}
		if in.ParentID != nil && *in.ParentID != p.ParentID {
			if *in.ParentID != "" {
				// The new parent must exist and must not be the project or inside it.
				if _, err := s.project(ctx, tx, siteID, *in.ParentID); err != nil {
					return err
				}
				var cyc int
				if err := tx.QueryRowContext(ctx, `WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT c.id FROM projects c JOIN sub ON c.parent_id = sub.id)
					SELECT count(*) FROM sub WHERE id = ?`, id, *in.ParentID).Scan(&cyc); err != nil {
					return err
				}
				if cyc > 0 {
					return badRequest("A project cannot be moved into itself or into a project nested in it.")
				}
			}
			p.ParentID = *in.ParentID
		}
		if in.OwnerID != "" {
			if _, err := s.siteUser(ctx, tx, siteID, in.OwnerID); err != nil {
				return err
			}
			p.OwnerID = in.OwnerID
		}
		_, err = tx.ExecContext(ctx, `UPDATE projects SET name = ?, description = ?, content_permissions = ?, parent_id = ?, owner_id = ?, updated_at = ?
			WHERE id = ?`, p.Name, p.Description, string(p.ContentPermissions), nullable(p.ParentID), nullable(p.OwnerID), s.nowString(), id)
		if isUniqueViolation(err) {
			return projectNameTaken(p.Name)
		}
		if err != nil {
			return err
		}
		if err := s.syncLocked(ctx, tx, siteID); err != nil {
			return err
		}
		out, err = s.project(ctx, tx, siteID, id)
		return err
	})
	return out, err
}

// deleteProject deletes a project, the projects nested in it and the content
// in all of them (foreign keys cascade), and the tags of that content.
func (s *Store) deleteProject(ctx context.Context, siteID, id string, allowed func(p *projectRow) error) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		p, err := s.project(ctx, tx, siteID, id)
		if err != nil {
			return err
		}
		if err := allowed(p); err != nil {
			return err
		}
		if p.IsDefault {
			return forbidden("The default project cannot be deleted.")
		}
		// Personal Space workbooks are in no project: the one they came
		// from going away leaves them where they are (remembering the
		// default project instead; personal_space.go).
		if _, err := tx.ExecContext(ctx, `WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT c.id FROM projects c JOIN sub ON c.parent_id = sub.id)
			UPDATE workbooks SET project_id = (SELECT d.id FROM projects d WHERE d.site_id = ? AND d.is_default = 1)
			WHERE personal_space = 1 AND project_id IN (SELECT id FROM sub)`, id, siteID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT c.id FROM projects c JOIN sub ON c.parent_id = sub.id)
			DELETE FROM tags WHERE content_type = 'workbook' AND content_id IN (SELECT w.id FROM workbooks w WHERE w.project_id IN (SELECT id FROM sub))`, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM projects WHERE id = ?`, id)
		return err
	})
}

var projectListSpec = listSpec{
	resource: "projects",
	fields: map[string]field{
		"name":            {expr: "p.name", ops: opsName, sortable: true},
		"createdAt":       {expr: "p.created_at", kind: kindTime, ops: opsTime, sortable: true},
		"updatedAt":       {expr: "p.updated_at", kind: kindTime, ops: opsTime, sortable: true},
		"ownerName":       {expr: "o.name", ops: opsEnum, sortable: true},
		"ownerEmail":      {expr: "o.email", ops: opsEnum},
		"ownerDomain":     {expr: "o.domain_name", ops: opsEnum},
		"parentProjectId": {expr: "ifnull(p.parent_id, '')", ops: opsEnum, sortable: true},
		"topLevelProject": {expr: "(p.parent_id IS NULL)", kind: kindBool, ops: opsBool, sortable: true},
	},
	order: "p.rowid",
}

func (s *Store) listProjects(ctx context.Context, siteID string, lq *listQuery) ([]projectRow, tsc.Pagination, error) {
	var out []projectRow
	p, err := s.list(ctx, s.db, projectCols, projectFrom+" WHERE p.site_id = ?", []any{siteID}, lq, func(rows *sql.Rows) error {
		r, err := scanProject(rows)
		if err == nil {
			out = append(out, *r)
		}
		return err
	})
	return out, p, err
}

// nullable turns "" into SQL NULL, for optional references.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
