package emulator

import (
	"context"
	"strconv"

	"github.com/tsc-go/tsc"
)

// viewRow is a view with what its answers need of its workbook.
type viewRow struct {
	ID, SiteID, WorkbookID, WorkbookName, WorkbookURL string
	OwnerID, ProjectID, ProjectName                   string
	Name, URLName, SheetType                          string
	Position, TotalViews                              int
	CreatedAt, UpdatedAt                              string
	Tags                                              []string
	// PersonalSpace: the view's workbook is in its owner's Personal Space.
	PersonalSpace bool
	// DataGeneration is the workbook's count of refreshes, which its views'
	// data derives from (see dataKey).
	DataGeneration int
}

// dataKey is what the view's sample data is derived from: its name, and
// once its workbook has been refreshed, the refresh's generation, so that
// a refresh changes the numbers every export shows (and data alerts read).
func (v *viewRow) dataKey() string {
	if v.DataGeneration == 0 {
		return v.Name
	}
	return v.Name + "\x00" + strconv.Itoa(v.DataGeneration)
}

// ContentURL is the view's content URL: {workbook}/sheets/{sheet}.
func (v *viewRow) ContentURL() string { return v.WorkbookURL + "/sheets/" + v.URLName }

const viewCols = `v.id, v.site_id, v.workbook_id, w.name, w.content_url, w.owner_id, w.project_id, p.name,
	v.name, v.url_name, v.sheet_type, v.position, v.total_views, v.created_at, v.updated_at, w.data_generation, w.personal_space`

const viewFrom = `FROM views v JOIN workbooks w ON w.id = v.workbook_id JOIN projects p ON p.id = w.project_id JOIN users o ON o.id = w.owner_id`

func scanView(sc interface{ Scan(...any) error }) (*viewRow, error) {
	var r viewRow
	err := sc.Scan(&r.ID, &r.SiteID, &r.WorkbookID, &r.WorkbookName, &r.WorkbookURL, &r.OwnerID, &r.ProjectID, &r.ProjectName,
		&r.Name, &r.URLName, &r.SheetType, &r.Position, &r.TotalViews, &r.CreatedAt, &r.UpdatedAt, &r.DataGeneration, &r.PersonalSpace)
	return &r, err
}

// viewListSpec has the view fields of the REST API's filter and sort
// reference that the emulator stores.
var viewListSpec = listSpec{
	resource: "views",
	fields: map[string]field{
		"name":         {expr: "v.name", ops: opsName, sortable: true},
		"viewUrlName":  {expr: "v.url_name", ops: opsEnum, sortable: true},
		"contentUrl":   {expr: "(w.content_url || '/sheets/' || v.url_name)", ops: opsEnum, sortable: true, joined: true},
		"createdAt":    {expr: "v.created_at", kind: kindTime, ops: opsTime, sortable: true},
		"updatedAt":    {expr: "v.updated_at", kind: kindTime, ops: opsTime, sortable: true},
		"ownerName":    {expr: "o.name", ops: opsEnum, sortable: true, joined: true},
		"ownerEmail":   {expr: "o.email", ops: opsEnum, joined: true},
		"ownerDomain":  {expr: "o.domain_name", ops: opsEnum, joined: true},
		"projectName":  {expr: "p.name", ops: opsName, sortable: true, joined: true},
		"sheetType":    {expr: "v.sheet_type", ops: opsEnum, sortable: true},
		"sheetNumber":  {expr: "(v.position + 1)", kind: kindInt, ops: opsNumber, sortable: true},
		"workbookName": {expr: "w.name", ops: opsName, sortable: true, joined: true},
		"hitsTotal":    {expr: "v.total_views", kind: kindInt, ops: opsNumber, sortable: true},
		"tags":         tagsField("view", "v.id"),
	},
	order: "v.rowid",
}

// listViews lists a site's views (in publishing order), or with
// workbookID a workbook's.
func (s *Store) listViews(ctx context.Context, siteID, workbookID string, lq *listQuery) ([]viewRow, tsc.Pagination, error) {
	from := viewFrom + " WHERE v.site_id = ?"
	lq.countFrom = "FROM views v WHERE v.site_id = ?"
	args := []any{siteID}
	if workbookID != "" {
		from += " AND v.workbook_id = ?"
		lq.countFrom += " AND v.workbook_id = ?"
		args = append(args, workbookID)
	}
	return listTagged(ctx, s, "view", viewCols, from, args, lq, scanView,
		func(r *viewRow) (string, *[]string) { return r.ID, &r.Tags })
}

// allViews is every view of a workbook, in sheet order.
func (s *Store) allViews(ctx context.Context, siteID, workbookID string) ([]viewRow, error) {
	lq := &listQuery{page: 1, pageSize: 1 << 30, orderBy: "v.position"}
	rows, _, err := s.listViews(ctx, siteID, workbookID, lq)
	return rows, err
}

func (s *Store) view(ctx context.Context, siteID, id string) (*viewRow, error) {
	r, err := scanView(s.db.QueryRowContext(ctx, "SELECT "+viewCols+" "+viewFrom+" WHERE v.site_id = ? AND v.id = ?", siteID, id))
	if isNoRows(err) {
		return nil, viewNotFound(id)
	}
	if err != nil {
		return nil, err
	}
	if r.Tags, err = s.tags(ctx, "view", id); err != nil {
		return nil, err
	}
	return r, nil
}

// countView records one access to a view: its usage statistics.
func (s *Store) countView(ctx context.Context, id string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE views SET total_views = total_views + 1 WHERE id = ?`, id)
	return err
}
