package emulator

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"

	"github.com/google/uuid"
	"github.com/tsc-go/tsc"
)

// siteRow is a site as stored.
type siteRow struct {
	ID         string
	Name       string
	ContentURL string
	// Settings holds every optional attribute; its ID, Name and ContentURL are unused.
	Settings tsc.Site
}

// defaultSiteSettings are what a new site has, as a 2026.x server reports
// them; a create request overrides any of them.
func defaultSiteSettings() tsc.Site {
	return tsc.Site{
		AdminMode:                    "ContentAndUsers",
		State:                        "Active",
		DisableSubscriptions:         tsc.Bool(false),
		RevisionHistoryEnabled:       tsc.Bool(true),
		RevisionLimit:                tsc.Int(25),
		SubscribeOthersEnabled:       tsc.Bool(true),
		AllowSubscriptionAttachments: tsc.Bool(true),
		GuestAccessEnabled:           tsc.Bool(false),
		CacheWarmupEnabled:           tsc.Bool(true),
		CommentingEnabled:            tsc.Bool(true),
		CommentingMentionsEnabled:    tsc.Bool(true),
		EditingFlowsEnabled:          tsc.Bool(true),
		SchedulingFlowsEnabled:       tsc.Bool(true),
		FlowsEnabled:                 tsc.Bool(true),
		ExtractEncryptionMode:        "enabled",
		CatalogingEnabled:            tsc.Bool(true),
		CatalogObfuscationEnabled:    tsc.Bool(true),
		DerivedPermissionsEnabled:    tsc.Bool(false),
		RequestAccessEnabled:         tsc.Bool(false),
		RunNowEnabled:                tsc.Bool(true),
		AskDataMode:                  "DisabledByDefault",
		UseDefaultTimeZone:           tsc.Bool(true),
		TimeZone:                     "UTC",
		UserVisibilityMode:           "FULL",
	}
}

var contentURLPattern = regexp.MustCompile(`^[A-Za-z0-9_-]*$`)

// validateSite checks the settings a request may set, so that what the
// emulator stores it can also answer within the schema.
func validateSite(s *tsc.Site) error {
	if err := firstErr(checkLen("site name", s.Name, maxNameChars), checkLen("site content URL", s.ContentURL, maxNameChars)); err != nil {
		return err
	}
	if !contentURLPattern.MatchString(s.ContentURL) {
		return badRequest("The content URL '%s' may contain only letters, digits, '-' and '_'.", s.ContentURL)
	}
	switch s.AdminMode {
	case "", "ContentAndUsers", "ContentOnly":
	default:
		return badRequest("adminMode '%s' is not ContentAndUsers or ContentOnly.", s.AdminMode)
	}
	switch s.State {
	case "", "Active", "Suspended":
	default:
		return badRequest("state '%s' is not Active or Suspended.", s.State)
	}
	switch s.AskDataMode {
	// EnabledByDefault is missing from the 3.29 schema's enumeration, but
	// servers send it and TSC's SiteItem sends it by default: see the
	// erratum site-askdatamode-enabledbydefault in docs/schema-errata.md.
	case "", "DisabledAlways", "DisabledByDefault", "EnabledByDefault":
	default:
		return badRequest("askDataMode '%s' is not DisabledAlways, DisabledByDefault or EnabledByDefault.", s.AskDataMode)
	}
	switch s.ExtractEncryptionMode {
	case "", "enforced", "enabled", "disabled":
	default:
		return badRequest("extractEncryptionMode '%s' is not enforced, enabled or disabled.", s.ExtractEncryptionMode)
	}
	if s.RevisionLimit != nil && *s.RevisionLimit != -1 && (*s.RevisionLimit < 2 || *s.RevisionLimit > 10000) {
		return badRequest("revisionLimit %d is not -1 or 2..10000.", *s.RevisionLimit)
	}
	for _, p := range []*int{s.UserQuota, s.StorageQuota, s.TierCreatorCapacity, s.TierExplorerCapacity, s.TierViewerCapacity} {
		if p != nil && *p < 0 {
			return badRequest("Quotas and capacities cannot be negative.")
		}
	}
	return nil
}

// mergeSite copies every setting that is set in from (non-nil pointers,
// non-empty strings) onto to. Read-only and reported-only fields are skipped.
func mergeSite(to *tsc.Site, from tsc.Site) {
	dst := reflect.ValueOf(to).Elem()
	src := reflect.ValueOf(from)
	t := src.Type()
	for i := 0; i < t.NumField(); i++ {
		switch t.Field(i).Name {
		case "ID", "Name", "ContentURL", "Usage", "NumUsers", "Storage":
			continue
		case "IsDataAlertsEnabled", "MaterializedViewsEnabled":
			// Settings of older servers that the 3.29 schema no longer has:
			// accepted, not stored, never reported.
			continue
		}
		v := src.Field(i)
		if !v.IsZero() {
			dst.Field(i).Set(v)
		}
	}
}

func scanSite(sc interface{ Scan(...any) error }) (*siteRow, error) {
	var r siteRow
	var settings string
	if err := sc.Scan(&r.ID, &r.Name, &r.ContentURL, &settings); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(settings), &r.Settings); err != nil {
		return nil, err
	}
	return &r, nil
}

const siteCols = "id, name, content_url, settings"

// siteBy finds a site by "id", "name" or "contentUrl".
func (s *Store) siteBy(ctx context.Context, q queryer, key, value string) (*siteRow, error) {
	col := map[string]string{"id": "id", "name": "name", "contenturl": "content_url"}[lowerASCII(key)]
	if col == "" {
		return nil, badRequest("key '%s' is not id, name or contentUrl.", key)
	}
	cond := col + " = ?"
	if col != "id" {
		cond = col + " = ? COLLATE NOCASE"
	}
	r, err := scanSite(q.QueryRowContext(ctx, "SELECT "+siteCols+" FROM sites WHERE "+cond, value))
	if isNoRows(err) {
		return nil, siteNotFound(value)
	}
	return r, err
}

// createSite adds a site with its default project and All Users group, and
// makes every server administrator a member, as Tableau Server does.
func (s *Store) createSite(ctx context.Context, req tsc.Site, ownerID string) (*siteRow, error) {
	if err := validateSite(&req); err != nil {
		return nil, err
	}
	settings := defaultSiteSettings()
	mergeSite(&settings, req)
	row := &siteRow{ID: uuid.NewString(), Name: req.Name, ContentURL: req.ContentURL, Settings: settings}
	err := s.tx(ctx, func(tx *sql.Tx) error { return s.insertSite(ctx, tx, row, ownerID) })
	if err != nil {
		return nil, err
	}
	return row, nil
}

func (s *Store) insertSite(ctx context.Context, tx *sql.Tx, row *siteRow, ownerID string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sites WHERE content_url = ? COLLATE NOCASE`, row.ContentURL).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return conflict(codeSiteURLTaken, "A site already exists with the content URL '%s'.", row.ContentURL)
	}
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sites WHERE name = ? COLLATE NOCASE`, row.Name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return conflict(codeSiteNameTaken, "A site already exists with the name '%s'.", row.Name)
	}
	settings, err := json.Marshal(row.Settings)
	if err != nil {
		return err
	}
	now := s.nowString()
	if _, err := tx.ExecContext(ctx, `INSERT INTO sites (id, name, content_url, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
		row.ID, row.Name, row.ContentURL, string(settings), now, now); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO site_users (site_id, user_id, site_role, created_at)
		SELECT ?, id, 'ServerAdministrator', ? FROM users WHERE server_admin = 1`, row.ID, now); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO groups (id, site_id, name, all_users, created_at) VALUES (?, ?, ?, 1, ?)`,
		uuid.NewString(), row.ID, tsc.AllUsersGroup, now); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO group_users (group_id, user_id, added_at)
		SELECT g.id, su.user_id, ? FROM groups g JOIN site_users su ON su.site_id = g.site_id WHERE g.site_id = ? AND g.all_users = 1`, now, row.ID); err != nil {
		return err
	}
	var owner any
	if ownerID != "" {
		owner = ownerID
	}
	defaultID := uuid.NewString()
	if _, err = tx.ExecContext(ctx, `INSERT INTO projects (id, site_id, name, description, owner_id, is_default, created_at, updated_at)
		VALUES (?, ?, 'Default', 'The default project that was automatically created by Tableau.', ?, 1, ?, ?)`,
		defaultID, row.ID, owner, now, now); err != nil {
		return err
	}
	return seedSitePermissions(ctx, tx, row.ID, defaultID)
}

// updateSite changes a site's name, content URL and settings.
func (s *Store) updateSite(ctx context.Context, id string, req tsc.Site) (*siteRow, error) {
	var out *siteRow
	err := s.tx(ctx, func(tx *sql.Tx) error {
		row, err := s.siteBy(ctx, tx, "id", id)
		if err != nil {
			return err
		}
		probe := req
		if probe.ContentURL == "" {
			probe.ContentURL = row.ContentURL
		}
		if err := validateSite(&probe); err != nil {
			return err
		}
		if req.Name != "" && req.Name != row.Name {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sites WHERE name = ? COLLATE NOCASE AND id <> ?`, req.Name, id).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return conflict(codeSiteNameTaken, "A site already exists with the name '%s'.", req.Name)
			}
			row.Name = req.Name
		}
		// The SDK never sends an empty contentUrl on update; a client that does
		// means "leave it": renaming a site to the Default site's URL is not possible.
		if req.ContentURL != "" && req.ContentURL != row.ContentURL {
			if row.ContentURL == "" {
				return forbidden("The content URL of the Default site cannot be changed.")
			}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sites WHERE content_url = ? COLLATE NOCASE AND id <> ?`, req.ContentURL, id).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return conflict(codeSiteURLTaken, "A site already exists with the content URL '%s'.", req.ContentURL)
			}
			row.ContentURL = req.ContentURL
		}
		if err := checkLimitsHold(ctx, tx, id, &req); err != nil {
			return err
		}
		mergeSite(&row.Settings, req)
		settings, err := json.Marshal(row.Settings)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE sites SET name = ?, content_url = ?, settings = ?, updated_at = ? WHERE id = ?`,
			row.Name, row.ContentURL, string(settings), s.nowString(), id)
		if err != nil {
			return err
		}
		out = row
		return applyEncryptionMode(ctx, tx, id, req.ExtractEncryptionMode)
	})
	return out, err
}

// deleteSite deletes a site and, through foreign keys, everything on it.
func (s *Store) deleteSite(ctx context.Context, id string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		row, err := s.siteBy(ctx, tx, "id", id)
		if err != nil {
			return err
		}
		if row.ContentURL == "" {
			return errf(http.StatusForbidden, codeForbidden, "Forbidden", "The Default site cannot be deleted.")
		}
		// Tags are not tied to content by a foreign key; drop the site's first.
		if _, err := tx.ExecContext(ctx, `DELETE FROM tags WHERE site_id = ?`, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM sites WHERE id = ?`, id)
		return err
	})
}

var siteListSpec = listSpec{
	resource: "sites",
	fields: map[string]field{
		"name":       {expr: "s.name", ops: opsName, sortable: true},
		"contentUrl": {expr: "s.content_url", ops: opsEnum, sortable: true},
		"createdAt":  {expr: "s.created_at", kind: kindTime, ops: opsTime, sortable: true},
		"updatedAt":  {expr: "s.updated_at", kind: kindTime, ops: opsTime, sortable: true},
	},
	order: "s.rowid",
}

// listSites lists every site for a server administrator, and the sites the
// user belongs to for anyone else.
func (s *Store) listSites(ctx context.Context, userID string, all bool, lq *listQuery) ([]siteRow, tsc.Pagination, error) {
	from, args := "FROM sites s WHERE 1 = 1", []any{}
	if !all {
		from, args = "FROM sites s WHERE s.id IN (SELECT site_id FROM site_users WHERE user_id = ?)", []any{userID}
	}
	var out []siteRow
	p, err := s.list(ctx, s.db, "s.id, s.name, s.content_url, s.settings", from, args, lq, func(rows *sql.Rows) error {
		r, err := scanSite(rows)
		if err == nil {
			out = append(out, *r)
		}
		return err
	})
	return out, p, err
}

// siteUsage counts a site's users for the usage element.
func (s *Store) siteUserCount(ctx context.Context, siteID string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM site_users WHERE site_id = ?`, siteID).Scan(&n)
	return n, err
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
