package emulator

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"strconv"

	"github.com/tsc-go/tsc"
)

// Virtual connections (issue 16, item 5; migration 0020). A virtual
// connection is a JSON document (its content) with an owner, in a
// project; every publish of content is a revision kept in the blob store
// through the shared revisions table; its database connections are read
// from the content and keep their credentials in
// virtual_connection_connections, through the shared connection code.

var virtualConnectionKind = contentKind{name: string(tsc.PermVirtualConnection), table: "virtual_connections",
	fk: "virtual_connection_id", noun: "virtual connection", conns: "virtual_connection_connections"}

// Tableau's reference gives no error table we could read for the virtual
// connection methods: a missing one is answered with the class code, as
// other resources here without a documented code are.
const codeVirtualConnectionNotFound = "404000"

// codeRevisionActive is what Tableau answers Get Virtual Connection
// Revision for the current revision ("Revision ... was expected to be
// HISTORICAL but was ACTIVE (errorCode=360010)", code 400200, as quoted
// by the Terraform provider's documentation for the call).
const codeRevisionActive = "400200"

func virtualConnectionNotFound(id string) *apiError {
	return notFound(codeVirtualConnectionNotFound, "Virtual connection '%s' could not be found.", id)
}

// Limits on a virtual connection's content. Ours: Tableau documents none.
// A virtual connection's document lists its connections, tables and
// policies; a few hundred KB is far beyond what its editor makes.
const (
	maxVCContentBytes  = 512 << 10
	maxVCContentDepth  = 64
	maxVCConnections   = 100
	maxVCContentTokens = 200000
)

// vcContentConnection is one entry of the content's "connections" array,
// named as List Virtual Connection Database Connections names the
// attributes it reports.
type vcContentConnection struct {
	DBClass  string          `json:"dbClass"`
	Server   string          `json:"server"`
	Port     json.RawMessage `json:"port"`
	Username string          `json:"username"`
	Database string          `json:"database"`
}

// parseVCContent checks a virtual connection's content (a JSON object
// within the limits above) and returns the database connections it
// declares. Every refusal is a 400 naming the problem.
func parseVCContent(content string) ([]connectionRow, error) {
	if len(content) > maxVCContentBytes {
		return nil, badRequest("The virtual connection's content has %s bytes; at most %s are allowed.", commas(len(content)), commas(maxVCContentBytes))
	}
	// Walk the tokens first: depth and size are bounded before anything
	// is built from the document.
	dec := json.NewDecoder(bytes.NewReader([]byte(content)))
	depth, tokens := 0, 0
	for {
		t, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, badRequest("The virtual connection's content is not valid JSON: %v.", err)
		}
		if tokens++; tokens > maxVCContentTokens {
			return nil, badRequest("The virtual connection's content has more than %s JSON values.", commas(maxVCContentTokens))
		}
		if d, ok := t.(json.Delim); ok {
			switch d {
			case '{', '[':
				if depth++; depth > maxVCContentDepth {
					return nil, badRequest("The virtual connection's content nests deeper than %d levels.", maxVCContentDepth)
				}
			default:
				depth--
			}
		}
	}
	if depth != 0 || !json.Valid([]byte(content)) {
		return nil, badRequest("The virtual connection's content is not valid JSON: it ends before its last value is complete.")
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(content), &doc); err != nil || doc == nil {
		return nil, badRequest("The virtual connection's content must be a JSON object.")
	}
	raw, ok := doc["connections"]
	if !ok || string(raw) == "null" {
		return nil, nil
	}
	var list []vcContentConnection
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, badRequest("The virtual connection's \"connections\" must be an array of objects: %v.", err)
	}
	if len(list) > maxVCConnections {
		return nil, badRequest("The virtual connection's content has %d connections; at most %d are allowed.", len(list), maxVCConnections)
	}
	out := make([]connectionRow, 0, len(list))
	for i, c := range list {
		port := ""
		if len(c.Port) > 0 && string(c.Port) != "null" {
			var s string
			if json.Unmarshal(c.Port, &s) != nil {
				s = string(c.Port)
			}
			if p, err := strconv.Atoi(s); s != "" && (err != nil || p < 0 || p > 65535) {
				return nil, badRequest("Connection %d of the virtual connection's content has port %s, not a port number.", i+1, quoteCut(s))
			}
			port = s
		}
		if err := firstErr(checkLen("connection's dbClass", c.DBClass, maxConnectionFieldChars),
			checkLen("connection's server", c.Server, maxConnectionFieldChars),
			checkLen("connection's username", c.Username, maxConnectionFieldChars),
			checkLen("connection's database", c.Database, maxConnectionFieldChars)); err != nil {
			return nil, err
		}
		out = append(out, connectionRow{Type: c.DBClass, ServerAddress: c.Server, ServerPort: port, UserName: c.Username, DSName: c.Database})
	}
	return out, nil
}

// vcRow is a virtual connection as stored.
type vcRow struct {
	ID, SiteID, ProjectID, ProjectName, OwnerID string
	Name, CertificationNote, Content            string
	IsCertified, HasExtracts                    bool
	CreatedAt, UpdatedAt                        string
	Tags                                        []string
}

const vcCols = `vc.id, vc.site_id, vc.project_id, p.name, vc.owner_id, vc.name, vc.certification_note, vc.content,
	vc.is_certified, vc.has_extracts, vc.created_at, vc.updated_at`

const vcFrom = "FROM virtual_connections vc JOIN projects p ON p.id = vc.project_id JOIN users o ON o.id = vc.owner_id"

func scanVC(sc interface{ Scan(...any) error }) (*vcRow, error) {
	var r vcRow
	err := sc.Scan(&r.ID, &r.SiteID, &r.ProjectID, &r.ProjectName, &r.OwnerID, &r.Name, &r.CertificationNote, &r.Content,
		&r.IsCertified, &r.HasExtracts, &r.CreatedAt, &r.UpdatedAt)
	return &r, err
}

// vcListSpec: the fields a virtual connection list filters and sorts on
// that the emulator stores.
var vcListSpec = listSpec{
	resource: "virtualConnections",
	fields: map[string]field{
		"name":        {expr: "vc.name", ops: opsName, sortable: true},
		"createdAt":   {expr: "vc.created_at", kind: kindTime, ops: opsTime, sortable: true},
		"updatedAt":   {expr: "vc.updated_at", kind: kindTime, ops: opsTime, sortable: true},
		"isCertified": {expr: "vc.is_certified", kind: kindBool, ops: opsBool, sortable: true},
		"hasExtracts": {expr: "vc.has_extracts", kind: kindBool, ops: opsBool, sortable: true},
		"ownerName":   {expr: "o.name", ops: opsEnum, sortable: true, joined: true},
		"projectName": {expr: "p.name", ops: opsName, sortable: true, joined: true},
		"tags":        tagsField(string(tsc.PermVirtualConnection), "vc.id"),
	},
	order: "vc.rowid",
}

func (s *Store) listVirtualConnections(ctx context.Context, siteID string, lq *listQuery) ([]vcRow, tsc.Pagination, error) {
	lq.countFrom = "FROM virtual_connections vc WHERE vc.site_id = ?"
	return listTagged(ctx, s, virtualConnectionKind.name, vcCols, vcFrom+" WHERE vc.site_id = ?", []any{siteID}, lq, scanVC,
		func(r *vcRow) (string, *[]string) { return r.ID, &r.Tags })
}

func (s *Store) virtualConnection(ctx context.Context, siteID, id string) (*vcRow, error) {
	r, err := scanVC(s.db.QueryRowContext(ctx, "SELECT "+vcCols+" "+vcFrom+" WHERE vc.site_id = ? AND vc.id = ?", siteID, id))
	if isNoRows(err) {
		return nil, virtualConnectionNotFound(id)
	}
	if err != nil {
		return nil, err
	}
	if r.Tags, err = s.tags(ctx, virtualConnectionKind.name, id); err != nil {
		return nil, err
	}
	return r, nil
}

// vcPublish is a checked Publish Virtual Connection request.
type vcPublish struct {
	SiteID, ProjectID, OwnerID, CallerID, Name string
	Content                                    string
	Conns                                      []connectionRow
	Overwrite                                  bool
	// Blob holds the content as this revision's file.
	Blob string
}

// publishVirtualConnection creates a virtual connection, or with
// Overwrite replaces the content of the one of that name in the project
// (a new revision; its owner stays). It returns the id and whether the
// virtual connection is new.
func (s *Store) publishVirtualConnection(ctx context.Context, in vcPublish) (string, bool, error) {
	if err := checkLen("virtual connection name", in.Name, maxNameChars); err != nil {
		return "", false, err
	}
	k := virtualConnectionKind
	var id string
	created := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.project(ctx, tx, in.SiteID, in.ProjectID); err != nil {
			return err
		}
		if _, err := s.siteUser(ctx, tx, in.SiteID, in.OwnerID); err != nil {
			return err
		}
		now := s.nowString()
		err := tx.QueryRowContext(ctx, `SELECT id FROM virtual_connections WHERE project_id = ? AND name = ? COLLATE NOCASE`,
			in.ProjectID, in.Name).Scan(&id)
		switch {
		case err == nil && !in.Overwrite:
			return conflict(codeContentNameTaken, "A virtual connection named '%s' already exists in the project; publish with overwrite=true to replace it.", in.Name)
		case err == nil:
			if _, err := tx.ExecContext(ctx, `UPDATE virtual_connections SET content = ?, updated_at = ? WHERE id = ?`, in.Content, now, id); err != nil {
				return err
			}
		case isNoRows(err):
			id, created = newUUID(), true
			if _, err := tx.ExecContext(ctx, `INSERT INTO virtual_connections (id, site_id, project_id, owner_id, name, content, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, in.SiteID, in.ProjectID, in.OwnerID, in.Name, in.Content, now, now); err != nil {
				return err
			}
			if err := inheritContentRules(ctx, tx, tsc.PermVirtualConnection, k.table, `SELECT ?`, id); err != nil {
				return err
			}
		default:
			return err
		}
		if err := s.replaceConnections(ctx, tx, k, in.SiteID, id, in.Conns); err != nil {
			return err
		}
		return s.addRevision(ctx, tx, k, in.SiteID, id, in.Blob, "json", int64(len(in.Content)), in.CallerID)
	})
	return id, created, err
}

// vcUpdate is what Update Virtual Connection may change; nil leaves a field.
type vcUpdate struct {
	Name, CertificationNote *string
	IsCertified             *bool
	ProjectID, OwnerID      string
}

func (s *Store) updateVirtualConnection(ctx context.Context, siteID, id string, u vcUpdate, allowed func(ref *contentRef, np *projectRow) error) error {
	if err := firstErr(checkLenPtr("virtual connection name", u.Name, maxNameChars),
		checkLenPtr("virtual connection certification note", u.CertificationNote, maxDescriptionChars)); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		name, project, err := s.prepareUpdate(ctx, tx, virtualConnectionKind, siteID, id, u.Name, u.ProjectID, u.OwnerID, allowed)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE virtual_connections SET name = ?, project_id = ?, certification_note = coalesce(?, certification_note),
			is_certified = coalesce(?, is_certified), owner_id = coalesce(nullif(?, ''), owner_id), updated_at = ? WHERE id = ?`,
			name, project, u.CertificationNote, u.IsCertified, u.OwnerID, s.nowString(), id)
		if err != nil || u.ProjectID == "" {
			return err
		}
		// Moved into a locked project, the item takes its rules.
		return s.syncLocked(ctx, tx, siteID)
	})
}

// vcRevisionContent reads a stored revision's content, bounded: it was
// checked against the same bound when published.
func (s *Server) vcRevisionContent(blob string) (string, error) {
	f, err := s.content.blobs.Open(blob)
	if err != nil {
		return "", err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxVCContentBytes+1))
	if err != nil {
		return "", err
	}
	if len(b) > maxVCContentBytes {
		return "", errors.New("emulator: a stored virtual connection revision is larger than its limit")
	}
	return string(b), nil
}

// putVCContent stores content as a revision's file and returns its key.
func (s *Server) putVCContent(content string) (string, error) {
	f, err := s.content.blobs.Spool()
	if err != nil {
		return "", err
	}
	_, werr := io.WriteString(f, content)
	cerr := f.Close()
	if werr != nil || cerr != nil {
		return "", errors.Join(werr, cerr)
	}
	return s.content.blobs.Put(f.Name())
}
