package resources

import (
	"context"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// CustomViewRow is a custom view as tabctl prints it.
type CustomViewRow struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Shared       *bool  `json:"shared"`
	ViewID       string `json:"viewId"`
	ViewName     string `json:"viewName"`
	WorkbookID   string `json:"workbookId"`
	WorkbookName string `json:"workbookName"`
	OwnerID      string `json:"ownerId"`
	OwnerName    string `json:"ownerName"`
	CreatedAt    string `json:"createdAt"`
	UpdatedAt    string `json:"updatedAt"`
}

// NewCustomViewRow flattens a custom view.
func NewCustomViewRow(cv tsc.CustomView) CustomViewRow {
	r := CustomViewRow{ID: cv.ID, Name: cv.Name, Shared: cv.Shared, CreatedAt: Time(cv.CreatedAt), UpdatedAt: Time(cv.UpdatedAt)}
	if cv.View != nil {
		r.ViewID, r.ViewName = cv.View.ID, cv.View.Name
	}
	if cv.Workbook != nil {
		r.WorkbookID, r.WorkbookName = cv.Workbook.ID, cv.Workbook.Name
	}
	if cv.Owner != nil {
		r.OwnerID, r.OwnerName = cv.Owner.ID, cv.Owner.Name
	}
	return r
}

// CustomViewTable shows custom views.
var CustomViewTable = cmdutil.Table[CustomViewRow]{Columns: []cmdutil.Column[CustomViewRow]{
	{Header: "name", Value: func(r CustomViewRow) string { return r.Name }},
	{Header: "view", Value: func(r CustomViewRow) string { return r.ViewName }},
	{Header: "workbook", Value: func(r CustomViewRow) string { return r.WorkbookName }},
	{Header: "owner", Value: func(r CustomViewRow) string { return r.OwnerName }},
	{Header: "shared", Value: func(r CustomViewRow) string { return optBool(r.Shared) }},
	{Header: "id", Value: func(r CustomViewRow) string { return r.ID }, Wide: true},
}}

// CustomViewList lists custom views.
var CustomViewList = cmdutil.Lister[tsc.CustomView, CustomViewRow]{
	Plural: "custom views", Table: CustomViewTable, Row: NewCustomViewRow,
	Page: func(c *tsc.Client) cmdutil.PageFunc[tsc.CustomView] { return c.CustomViews.List },
}

// CustomViewItem names a custom view by id, or by its name when one custom
// view the caller can list has it.
var CustomViewItem = cmdutil.Item[tsc.CustomView, CustomViewRow]{
	Singular: "custom view", Arg: "CUSTOM-VIEW", ArgHelp: "a custom view id or name",
	Table: CustomViewTable, Row: NewCustomViewRow,
	Find: func(ctx context.Context, c *tsc.Client, ref, _ string) (*tsc.CustomView, error) {
		return ResolveCustomView(ctx, c, ref)
	},
	Get: func(ctx context.Context, c *tsc.Client, id string) (*tsc.CustomView, error) {
		return c.CustomViews.Get(ctx, id)
	},
	Ident: func(cv tsc.CustomView) (string, string) { return cv.ID, cv.Name },
}

// ResolveCustomView finds a custom view by id, or by its name among those
// the caller lists (Tableau's list is not filtered by name everywhere).
func ResolveCustomView(ctx context.Context, c *tsc.Client, ref string) (*tsc.CustomView, error) {
	return byIDOrUniqueLabel(ctx, ref, "custom view (by name, unique)", c.CustomViews.Get,
		c.CustomViews.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize}), func(cv tsc.CustomView) string { return cv.Name })
}
