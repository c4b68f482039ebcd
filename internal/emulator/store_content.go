package emulator

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/tsc-go/tsc"
)

// contentKind is what differs between workbooks and data sources for the
// code they share: revisions, connections, tags, ownership.
type contentKind struct {
	name  string // "workbook", as tags.content_type and revisions.content_type say
	table string // "workbooks"
	fk    string // connections' column: "workbook_id"
	noun  string // in messages: "workbook", "data source"
	// conns is the table of the kind's connections, keyed by fk;
	// "" is the shared connections table.
	conns string
}

var (
	workbookKind   = contentKind{name: "workbook", table: "workbooks", fk: "workbook_id", noun: "workbook"}
	datasourceKind = contentKind{name: "datasource", table: "datasources", fk: "datasource_id", noun: "data source"}
)

// connTable is the table holding the kind's connections.
func (k contentKind) connTable() string {
	if k.conns != "" {
		return k.conns
	}
	return "connections"
}

// permKind is the kind's name in permissions.
func (k contentKind) permKind() tsc.PermissionKind { return tsc.PermissionKind(k.name) }

// inProject is the condition that keeps, among the kind's rows, those in
// their project: a Personal Space item is in none (personal_space.go), so
// its name neither takes a project's name nor is overwritten by a publish.
func (k contentKind) inProject() string {
	if r := permResources[k.permKind()]; r != nil && r.private != "" {
		return " AND NOT " + r.private
	}
	return ""
}

func (k contentKind) notFound(id string) *apiError {
	if r := permResources[k.permKind()]; r != nil {
		return r.notFound(id)
	}
	return workbookNotFound(id)
}

// contentRef is what permission checks and shared code need of an item.
type contentRef struct {
	ID, SiteID, Name, OwnerID, ProjectID, ProjectName, ProjectOwnerID string
	// private: the item is in its owner's Personal Space.
	private bool
}

func (s *Store) contentRef(ctx context.Context, q queryer, k contentKind, siteID, id string) (*contentRef, error) {
	var r contentRef
	private := "0"
	if res := permResources[k.permKind()]; res != nil && res.private != "" {
		private = "c." + res.private
	}
	err := q.QueryRowContext(ctx, `SELECT c.id, c.site_id, c.name, c.owner_id, c.project_id, p.name, ifnull(p.owner_id, ''), `+private+`
		FROM `+k.table+` c JOIN projects p ON p.id = c.project_id WHERE c.site_id = ? AND c.id = ?`, siteID, id).
		Scan(&r.ID, &r.SiteID, &r.Name, &r.OwnerID, &r.ProjectID, &r.ProjectName, &r.ProjectOwnerID, &r.private)
	if isNoRows(err) {
		return nil, k.notFound(id)
	}
	return &r, err
}

// uniqueContentURL returns base, or base_0, base_1, ... : the first not used
// by another item of the table on the site (Tableau's RESTAPISample_0).
func uniqueContentURL(ctx context.Context, q queryer, table, siteID, base, exceptID string) (string, error) {
	if base == "" {
		base = strings.TrimSuffix(table, "s")
	}
	for i := -1; ; i++ {
		cand := base
		if i >= 0 {
			cand = base + "_" + strconv.Itoa(i)
		}
		var n int
		if err := q.QueryRowContext(ctx, "SELECT count(*) FROM "+table+" WHERE site_id = ? AND content_url = ? COLLATE NOCASE AND id <> ?",
			siteID, cand, exceptID).Scan(&n); err != nil {
			return "", err
		}
		if n == 0 {
			return cand, nil
		}
	}
}

// Tags.

// addTags tags an item of the given content type (its existence checked by
// the caller) and returns all its tags.
func (s *Store) addTags(ctx context.Context, siteID, contentType, id string, labels []string) ([]string, error) {
	if err := checkTags(labels); err != nil {
		return nil, err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, l := range labels {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO tags (site_id, content_type, content_id, label) VALUES (?, ?, ?, ?)`,
				siteID, contentType, id, l); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.tags(ctx, contentType, id)
}

func (s *Store) deleteTag(ctx context.Context, contentType, id, label string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM tags WHERE content_type = ? AND content_id = ? AND label = ?`, contentType, id, label)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound(codeTagNotFound, "The %s '%s' has no tag '%s'.", contentType, id, label)
	}
	return nil
}

// tagsFor returns the tags of many items of a content type at once, by
// id, so that a page of a list costs one query for its tags, not one per item.
func (s *Store) tagsFor(ctx context.Context, contentType string, ids []string) (map[string][]string, error) {
	out := map[string][]string{}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		args := []any{contentType}
		for _, id := range chunk {
			args = append(args, id)
		}
		rows, err := s.db.QueryContext(ctx, `SELECT content_id, label FROM tags WHERE content_type = ? AND content_id IN (`+
			placeholders(len(chunk))+`) ORDER BY content_id, label`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, l string
			if err := rows.Scan(&id, &l); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = append(out[id], l)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// tagsOf renders labels as a <tags> element, empty but present when there
// are none, as Tableau writes it.
func tagsOf(labels []string) *tsc.Tags {
	t := &tsc.Tags{Tags: []tsc.Tag{}}
	for _, l := range labels {
		t.Tags = append(t.Tags, tsc.Tag{Label: l})
	}
	return t
}

// Revisions.

type revisionRow struct {
	Number        int
	Blob          string
	FileType      string
	Size          int64
	PublisherID   string
	PublisherName string
	PublishedAt   string
	Deleted       bool
	Current       bool
}

const revisionCols = `r.number, r.blob, r.file_type, r.size_bytes, r.publisher_id, ifnull(u.name, ''), r.published_at, r.deleted,
	r.number = (SELECT max(number) FROM revisions x WHERE x.content_type = r.content_type AND x.content_id = r.content_id)`

const revisionFrom = `FROM revisions r LEFT JOIN users u ON u.id = r.publisher_id WHERE r.content_type = ? AND r.content_id = ?`

func scanRevision(sc interface{ Scan(...any) error }) (*revisionRow, error) {
	var r revisionRow
	err := sc.Scan(&r.Number, &r.Blob, &r.FileType, &r.Size, &r.PublisherID, &r.PublisherName, &r.PublishedAt, &r.Deleted, &r.Current)
	return &r, err
}

var revisionListSpec = listSpec{resource: "revisions", fields: map[string]field{}, order: "r.number"}

func (s *Store) listRevisions(ctx context.Context, k contentKind, siteID, id string, lq *listQuery) ([]revisionRow, tsc.Pagination, error) {
	if _, err := s.contentRef(ctx, s.db, k, siteID, id); err != nil {
		return nil, tsc.Pagination{}, err
	}
	var out []revisionRow
	p, err := s.list(ctx, s.db, revisionCols, revisionFrom, []any{k.name, id}, lq, func(rows *sql.Rows) error {
		r, err := scanRevision(rows)
		if err == nil {
			out = append(out, *r)
		}
		return err
	})
	return out, p, err
}

// revision returns revision n of an item, or its current one for n = 0.
func (s *Store) revision(ctx context.Context, k contentKind, siteID, id string, n int) (*revisionRow, error) {
	if _, err := s.contentRef(ctx, s.db, k, siteID, id); err != nil {
		return nil, err
	}
	q := "SELECT " + revisionCols + " " + revisionFrom
	args := []any{k.name, id}
	if n > 0 {
		q += " AND r.number = ?"
		args = append(args, n)
	} else {
		q += " ORDER BY r.number DESC LIMIT 1"
	}
	r, err := scanRevision(s.db.QueryRowContext(ctx, q, args...))
	if isNoRows(err) || (err == nil && (r.Deleted || r.Blob == "")) {
		if n == 0 {
			return nil, notFound(codeRevisionNotFound, "The %s '%s' has no file.", k.name, id)
		}
		return nil, notFound(codeRevisionNotFound, "Revision %d of the %s '%s' could not be found or was removed.", n, k.name, id)
	}
	return r, err
}

// addRevision records a published file as the item's newest revision.
func (s *Store) addRevision(ctx context.Context, tx *sql.Tx, k contentKind, siteID, id, blob, fileType string, size int64, publisherID string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO revisions (site_id, content_type, content_id, number, blob, file_type, size_bytes, publisher_id, published_at)
		VALUES (?, ?, ?, (SELECT ifnull(max(number), 0) + 1 FROM revisions WHERE content_type = ? AND content_id = ?), ?, ?, ?, ?, ?)`,
		siteID, k.name, id, k.name, id, blob, fileType, size, publisherID, s.nowString())
	return err
}

// removeRevision removes a past revision: its file goes, its number stays
// in the history marked deleted. The current revision cannot be removed.
func (s *Store) removeRevision(ctx context.Context, k contentKind, siteID, id string, n int, allowed func(*contentRef) error) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		ref, err := s.contentRef(ctx, tx, k, siteID, id)
		if err != nil {
			return err
		}
		if err := callAllowed(allowed, ref); err != nil {
			return err
		}
		r, err := scanRevision(tx.QueryRowContext(ctx, "SELECT "+revisionCols+" "+revisionFrom+" AND r.number = ?", k.name, id, n))
		if isNoRows(err) || (err == nil && r.Deleted) {
			return notFound(codeRevisionNotFound, "Revision %d of the %s '%s' could not be found or was removed.", n, k.name, id)
		}
		if err != nil {
			return err
		}
		if r.Current {
			return badRequest("Revision %d is the current revision of the %s '%s' and cannot be removed.", n, k.name, ref.Name)
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO orphan_blobs (blob) VALUES (?)`, r.Blob); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE revisions SET deleted = 1, blob = '' WHERE content_type = ? AND content_id = ? AND number = ?`, k.name, id, n)
		return err
	})
}

func renderRevision(r *revisionRow) tsc.Revision {
	out := tsc.Revision{RevisionNumber: r.Number, PublishedAt: parseTime(r.PublishedAt), Deleted: tsc.Bool(r.Deleted)}
	if r.Current {
		out.Current = tsc.Bool(true)
	}
	if !r.Deleted {
		size := r.Size
		out.SizeInBytes = &size
	}
	if r.PublisherID != "" {
		out.Publisher = &tsc.User{ID: r.PublisherID, Name: r.PublisherName}
	}
	return out
}

// Connections.

type connectionRow struct {
	ID            string
	Position      int
	Type          string
	ServerAddress string
	ServerPort    string
	UserName      string
	HasPassword   bool
	EmbedPassword bool
	QueryTagging  sql.NullBool
	DSID, DSName  string
	// AuthenticationType is what Update Workbook/Data Source Connections
	// set (migration 0018); "" until then.
	AuthenticationType string
}

const connectionCols = `id, position, type, server_address, server_port, user_name, has_password, embed_password, query_tagging, ds_id, ds_name, authentication_type`

func scanConnection(sc interface{ Scan(...any) error }) (*connectionRow, error) {
	var r connectionRow
	err := sc.Scan(&r.ID, &r.Position, &r.Type, &r.ServerAddress, &r.ServerPort, &r.UserName, &r.HasPassword, &r.EmbedPassword,
		&r.QueryTagging, &r.DSID, &r.DSName, &r.AuthenticationType)
	return &r, err
}

func (s *Store) connections(ctx context.Context, q queryer, k contentKind, id string) ([]connectionRow, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+connectionCols+" FROM "+k.connTable()+" WHERE "+k.fk+" = ? ORDER BY position", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []connectionRow
	for rows.Next() {
		r, err := scanConnection(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// replaceConnections sets an item's connections to conns, keeping the id of
// each connection whose position and type are unchanged.
func (s *Store) replaceConnections(ctx context.Context, tx *sql.Tx, k contentKind, siteID, id string, conns []connectionRow) error {
	old, err := s.connections(ctx, tx, k, id)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM "+k.connTable()+" WHERE "+k.fk+" = ?", id); err != nil {
		return err
	}
	for i, c := range conns {
		c.ID = uuid.NewString()
		if i < len(old) && old[i].Type == c.Type {
			c.ID = old[i].ID
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+k.connTable()+` (id, site_id, `+k.fk+`, position, type, server_address, server_port, user_name,
			has_password, embed_password, query_tagging, ds_id, ds_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, siteID, id, i, c.Type, c.ServerAddress, c.ServerPort, c.UserName, c.HasPassword, c.EmbedPassword, c.QueryTagging, c.DSID, c.DSName); err != nil {
			return err
		}
	}
	return nil
}

// connectionUpdate is what Update Connection may set; nil leaves a field.
type connectionUpdate struct {
	ServerAddress, ServerPort, UserName *string
	Password                            *string
	EmbedPassword, QueryTagging         *bool
	AuthenticationType                  *string
}

func (s *Store) updateConnection(ctx context.Context, k contentKind, siteID, id, connID string, u connectionUpdate,
	allowed func(*contentRef) error) (*connectionRow, error) {
	out, err := s.updateConnections(ctx, k, siteID, id, []string{connID}, u, allowed)
	if err != nil {
		return nil, err
	}
	return &out[0], nil
}

// updateConnections applies one change to several connections of an item
// in one transaction: a connection id that is not the item's is its 404,
// and nothing changes.
func (s *Store) updateConnections(ctx context.Context, k contentKind, siteID, id string, connIDs []string, u connectionUpdate,
	allowed func(*contentRef) error) ([]connectionRow, error) {
	if err := firstErr(checkLenPtr("connection's server address", u.ServerAddress, maxConnectionFieldChars),
		checkLenPtr("connection's server port", u.ServerPort, maxConnectionFieldChars),
		checkLenPtr("connection's user name", u.UserName, maxConnectionFieldChars),
		checkLenPtr("connection's password", u.Password, maxPasswordChars),
		checkLenPtr("connection's authentication type", u.AuthenticationType, maxConnectionFieldChars)); err != nil {
		return nil, err
	}
	var out []connectionRow
	err := s.tx(ctx, func(tx *sql.Tx) error {
		ref, err := s.contentRef(ctx, tx, k, siteID, id)
		if err != nil {
			return err
		}
		if err := callAllowed(allowed, ref); err != nil {
			return err
		}
		for _, connID := range connIDs {
			c, err := scanConnection(tx.QueryRowContext(ctx, "SELECT "+connectionCols+" FROM "+k.connTable()+" WHERE "+k.fk+" = ? AND id = ?", id, connID))
			if isNoRows(err) {
				return connectionNotFound(connID)
			}
			if err != nil {
				return err
			}
			if err := applyConnectionUpdate(c, u); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE `+k.connTable()+` SET server_address = ?, server_port = ?, user_name = ?, has_password = ?,
				embed_password = ?, query_tagging = ?, authentication_type = ? WHERE id = ?`, c.ServerAddress, c.ServerPort, c.UserName, c.HasPassword,
				c.EmbedPassword, c.QueryTagging, c.AuthenticationType, c.ID); err != nil {
				return err
			}
			out = append(out, *c)
		}
		_, err = tx.ExecContext(ctx, "UPDATE "+k.table+" SET updated_at = ? WHERE id = ?", s.nowString(), id)
		return err
	})
	return out, err
}

// applyConnectionUpdate sets what u sets on c.
func applyConnectionUpdate(c *connectionRow, u connectionUpdate) error {
	if u.ServerAddress != nil {
		c.ServerAddress = *u.ServerAddress
	}
	if u.ServerPort != nil {
		if p, err := strconv.Atoi(*u.ServerPort); *u.ServerPort != "" && (err != nil || p < 0 || p > 65535) {
			return badRequest("serverPort '%s' is not a port number.", *u.ServerPort)
		}
		c.ServerPort = *u.ServerPort
	}
	if u.UserName != nil {
		c.UserName = *u.UserName
	}
	if u.Password != nil {
		c.HasPassword = *u.Password != ""
	}
	if u.EmbedPassword != nil {
		c.EmbedPassword = *u.EmbedPassword
	}
	if u.QueryTagging != nil {
		c.QueryTagging = sql.NullBool{Bool: *u.QueryTagging, Valid: true}
	}
	if u.AuthenticationType != nil {
		c.AuthenticationType = *u.AuthenticationType
	}
	return nil
}

// renderConnection writes a connection as Tableau lists it; workbook
// connections name the embedded data source they belong to.
func renderConnection(c *connectionRow, withDatasource bool) tsc.Connection {
	out := tsc.Connection{ID: c.ID, Type: c.Type, ServerAddress: c.ServerAddress, ServerPort: c.ServerPort, UserName: c.UserName,
		EmbedPassword: tsc.Bool(c.EmbedPassword), AuthenticationType: c.AuthenticationType}
	if c.QueryTagging.Valid {
		out.QueryTaggingEnabled = tsc.Bool(c.QueryTagging.Bool)
	}
	if withDatasource && c.DSID != "" {
		out.Datasource = &tsc.Datasource{ID: c.DSID, Name: c.DSName}
	}
	return out
}

// Orphaned files.

func (s *Store) orphanBlobs(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT blob FROM orphan_blobs LIMIT 100`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

func (s *Store) forgetOrphan(ctx context.Context, key string) {
	s.db.ExecContext(ctx, `DELETE FROM orphan_blobs WHERE blob = ?`, key)
}

// orphan records a stored file no row refers to, for the janitor.
func (s *Store) orphan(ctx context.Context, key string) error {
	if key == "" {
		return nil
	}
	_, err := s.db.ExecContext(ctx, `INSERT OR IGNORE INTO orphan_blobs (blob) VALUES (?)`, key)
	if err != nil {
		return fmt.Errorf("emulator: recording orphaned file: %w", err)
	}
	return nil
}

// prepareUpdate does what updating a workbook or a data source shares
// before each writes its own columns: it finds the item, lets allowed check
// the caller against it (and, when it moves, against the new project),
// checks a new owner is on the site and that no other item of the kind has
// the resulting name in the resulting project. It returns that name and
// project. A blank name keeps the current one.
func (s *Store) prepareUpdate(ctx context.Context, tx *sql.Tx, k contentKind, siteID, id string, name *string, projectID, ownerID string,
	allowed func(ref *contentRef, newProject *projectRow) error) (string, string, error) {
	ref, err := s.contentRef(ctx, tx, k, siteID, id)
	if err != nil {
		return "", "", err
	}
	var np *projectRow
	if projectID != "" && projectID != ref.ProjectID {
		if np, err = s.project(ctx, tx, siteID, projectID); err != nil {
			return "", "", err
		}
	}
	if err := allowed(ref, np); err != nil {
		return "", "", err
	}
	if ownerID != "" {
		if _, err := s.siteUser(ctx, tx, siteID, ownerID); err != nil {
			return "", "", err
		}
	}
	newName, project := ref.Name, ref.ProjectID
	if name != nil && strings.TrimSpace(*name) != "" {
		newName = *name
	}
	if np != nil {
		project = np.ID
	}
	if newName != ref.Name || project != ref.ProjectID || (projectID != "" && ref.private) {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+k.table+` WHERE project_id = ? AND name = ? COLLATE NOCASE AND id <> ?`+k.inProject(),
			project, newName, id).Scan(&n); err != nil {
			return "", "", err
		}
		if n > 0 {
			return "", "", conflict(codeContentNameTaken, "A %s named '%s' already exists in the target project.", k.noun, newName)
		}
	}
	return newName, project, nil
}

// listTagged runs a list query over a kind of tagged content (workbooks,
// views, data sources) and fills the page's tags with one query for the
// whole page rather than one per row. tags points a row at its id and its
// tags field.
func listTagged[T any](ctx context.Context, s *Store, contentType, cols, from string, args []any, lq *listQuery,
	scan func(interface{ Scan(...any) error }) (*T, error), tags func(*T) (id string, labels *[]string)) ([]T, tsc.Pagination, error) {
	var out []T
	p, err := s.list(ctx, s.db, cols, from, args, lq, func(rows *sql.Rows) error {
		r, err := scan(rows)
		if err == nil {
			out = append(out, *r)
		}
		return err
	})
	if err != nil {
		return nil, p, err
	}
	ids := make([]string, len(out))
	for i := range out {
		ids[i], _ = tags(&out[i])
	}
	byID, err := s.tagsFor(ctx, contentType, ids)
	if err != nil {
		return nil, p, err
	}
	for i := range out {
		id, labels := tags(&out[i])
		*labels = byID[id]
	}
	return out, p, nil
}

// callAllowed runs a store function's permission callback, if any. The
// handlers decide access before the store's transaction (the evaluator
// reads the store, which a transaction on the one connection of a memory
// database would block); the callbacks only hold checks on what the
// transaction reads.
func callAllowed(allowed func(*contentRef) error, ref *contentRef) error {
	if allowed == nil {
		return nil
	}
	return allowed(ref)
}
