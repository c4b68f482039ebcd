package resources

import (
	"context"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// The declarations below are each noun's part of the generic verbs
// (cmdutil.NewCmdList, NewCmdGet, NewCmdDelete): its rows and columns,
// how its pages are fetched, and how one item is found from what the user
// typed. A new noun adds its row type, a Lister and an Item here, and its
// package builds the commands from them.

// ownerName is the fields= of the lists whose tables show the owner: the
// default set names the owner by id only.
var ownerName = []string{tsc.FieldsDefault, "owner.name"}

// SiteList lists sites.
var SiteList = cmdutil.Lister[tsc.Site, SiteRow]{
	Plural: "sites", Table: SiteTable, Row: NewSiteRow,
	Page: func(c *tsc.Client) cmdutil.PageFunc[tsc.Site] { return c.Sites.List },
}

// ProjectList lists projects, each with its parent's name. Parents are
// named from the pages already printed; a parent not among them (a later
// page, or a filtered list) costs one walk of the whole project list, once
// per command, so a list costs at most its own pages plus that walk.
func ProjectList() cmdutil.Lister[tsc.Project, ProjectRow] {
	names := map[string]string{}
	walked := false
	return cmdutil.Lister[tsc.Project, ProjectRow]{
		Plural: "projects", Table: ProjectTable, Fields: ownerName,
		Row: func(p tsc.Project) ProjectRow {
			r := NewProjectRow(p)
			r.ParentProjectName = names[p.ParentProjectID]
			return r
		},
		Page: func(c *tsc.Client) cmdutil.PageFunc[tsc.Project] {
			return func(ctx context.Context, o tsc.ListOptions) ([]tsc.Project, tsc.Pagination, error) {
				ps, pg, err := c.Projects.List(ctx, o)
				if err != nil {
					return nil, pg, err
				}
				for _, p := range ps {
					names[p.ID] = p.Name
				}
				for _, p := range ps {
					if _, ok := names[p.ParentProjectID]; p.ParentProjectID != "" && !ok && !walked {
						walked = true
						for q, err := range c.Projects.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize}) {
							if err != nil {
								return nil, pg, err
							}
							names[q.ID] = q.Name
						}
					}
				}
				return ps, pg, nil
			}
		},
	}
}

// ProjectItem names a project by id, name or path (Parent/Child).
var ProjectItem = cmdutil.Item[tsc.Project, ProjectRow]{
	Singular: "project", Arg: "PROJECT", ArgHelp: "a project id, name or path",
	Table: ProjectItemTable, Row: NewProjectRow,
	Find: func(ctx context.Context, c *tsc.Client, ref, _ string) (*tsc.Project, error) {
		return ResolveProject(ctx, c, ref)
	},
	Ident: func(p tsc.Project) (string, string) { return p.ID, p.Name },
}

// UserList lists users.
var UserList = cmdutil.Lister[tsc.User, UserRow]{
	Plural: "users", Table: UserTable, Row: NewUserRow,
	Page: func(c *tsc.Client) cmdutil.PageFunc[tsc.User] { return c.Users.List },
}

// UserItem names a user by id or name.
var UserItem = cmdutil.Item[tsc.User, UserRow]{
	Singular: "user", Arg: "USER", ArgHelp: "a user id or name",
	Table: UserTable, Row: NewUserRow,
	Find: func(ctx context.Context, c *tsc.Client, ref, _ string) (*tsc.User, error) {
		return ResolveUser(ctx, c, ref)
	},
	Get:   func(ctx context.Context, c *tsc.Client, id string) (*tsc.User, error) { return c.Users.Get(ctx, id) },
	Ident: func(u tsc.User) (string, string) { return u.ID, u.Name },
}

// GroupList lists groups.
var GroupList = cmdutil.Lister[tsc.Group, GroupRow]{
	Plural: "groups", Table: GroupTable, Row: NewGroupRow,
	Page:   func(c *tsc.Client) cmdutil.PageFunc[tsc.Group] { return c.Groups.List },
	Fields: []string{tsc.FieldsDefault, "userCount"},
}

// GroupItem names a group by id or name. A group's list entry is its
// whole answer (Tableau has no GET of one group).
var GroupItem = cmdutil.Item[tsc.Group, GroupRow]{
	Singular: "group", Arg: "GROUP", ArgHelp: "a group id or name",
	Table: GroupTable, Row: NewGroupRow,
	Find: func(ctx context.Context, c *tsc.Client, ref, _ string) (*tsc.Group, error) {
		return ResolveGroup(ctx, c, ref)
	},
	Ident: func(g tsc.Group) (string, string) { return g.ID, g.Name },
}

// WorkbookList lists workbooks.
var WorkbookList = cmdutil.Lister[tsc.Workbook, WorkbookRow]{
	Plural: "workbooks", Table: WorkbookTable, Row: NewWorkbookRow,
	Page:   func(c *tsc.Client) cmdutil.PageFunc[tsc.Workbook] { return c.Workbooks.List },
	Fields: ownerName,
}

// WorkbookItem names a workbook by id, or by name with --project when
// names repeat.
var WorkbookItem = cmdutil.Item[tsc.Workbook, WorkbookRow]{
	Singular: "workbook", Arg: "WORKBOOK", ArgHelp: "a workbook id, name or Project/Workbook path",
	ProjectHelp: "the workbook's project (name or path), to tell apart workbooks of the same name",
	Table:       WorkbookItemTable, Row: NewWorkbookRow,
	Find: func(ctx context.Context, c *tsc.Client, ref, project string) (*tsc.Workbook, error) {
		return ResolveWorkbook(ctx, c, ref, project)
	},
	Get: func(ctx context.Context, c *tsc.Client, id string) (*tsc.Workbook, error) {
		return c.Workbooks.Get(ctx, id)
	},
	Ident: func(w tsc.Workbook) (string, string) { return w.ID, w.Name },
}

// DatasourceList lists published data sources.
var DatasourceList = cmdutil.Lister[tsc.Datasource, DatasourceRow]{
	Plural: "data sources", Table: DatasourceTable, Row: NewDatasourceRow,
	Page:   func(c *tsc.Client) cmdutil.PageFunc[tsc.Datasource] { return c.Datasources.List },
	Fields: ownerName,
}

// DatasourceItem names a data source by id, or by name with --project
// when names repeat.
var DatasourceItem = cmdutil.Item[tsc.Datasource, DatasourceRow]{
	Singular: "data source", Arg: "DATASOURCE", ArgHelp: "a data source id, name or Project/DataSource path",
	ProjectHelp: "the data source's project (name or path), to tell apart data sources of the same name",
	Table:       DatasourceItemTable, Row: NewDatasourceRow,
	Find: func(ctx context.Context, c *tsc.Client, ref, project string) (*tsc.Datasource, error) {
		return ResolveDatasource(ctx, c, ref, project)
	},
	Get: func(ctx context.Context, c *tsc.Client, id string) (*tsc.Datasource, error) {
		return c.Datasources.Get(ctx, id)
	},
	Ident: func(d tsc.Datasource) (string, string) { return d.ID, d.Name },
}

// ViewList lists views; usage, when it points to true, asks for each
// view's view count. The table is chosen from *usage when ViewList is
// called, so a command calls it once its flags are parsed.
func ViewList(usage *bool) cmdutil.Lister[tsc.View, ViewRow] {
	return cmdutil.Lister[tsc.View, ViewRow]{
		Plural: "views", Table: ViewTableFor(*usage), Row: NewViewRow,
		Page: func(c *tsc.Client) cmdutil.PageFunc[tsc.View] {
			return func(ctx context.Context, o tsc.ListOptions) ([]tsc.View, tsc.Pagination, error) {
				return c.Views.List(ctx, tsc.ViewListOptions{ListOptions: o, IncludeUsage: *usage})
			}
		},
	}
}

// ViewItem names a view by id, by name (with --project when names
// repeat) or by path (Workbook/View).
var ViewItem = cmdutil.Item[tsc.View, ViewRow]{
	Singular: "view", Arg: "VIEW", ArgHelp: "a view id, name or Workbook/View path",
	ProjectHelp: "the view's project (name or path), to tell apart views of the same name",
	Table:       ViewTableFor(false), Row: NewViewRow,
	Find: func(ctx context.Context, c *tsc.Client, ref, project string) (*tsc.View, error) {
		return ResolveView(ctx, c, ref, project)
	},
	Get:   func(ctx context.Context, c *tsc.Client, id string) (*tsc.View, error) { return c.Views.Get(ctx, id) },
	Ident: func(v tsc.View) (string, string) { return v.ID, v.Name },
}

// JobList lists background jobs.
var JobList = cmdutil.Lister[tsc.BackgroundJob, BackgroundJobRow]{
	Plural: "jobs", Table: BackgroundJobTable, Row: NewBackgroundJobRow,
	Page: func(c *tsc.Client) cmdutil.PageFunc[tsc.BackgroundJob] { return c.Jobs.List },
}

// JobItem names a job by its id (jobs have no name).
var JobItem = cmdutil.Item[tsc.Job, JobRow]{
	Singular: "job", Arg: "ID", ArgHelp: "a job id",
	Table: JobTable, Row: NewJobRow,
	Find: func(ctx context.Context, c *tsc.Client, ref, _ string) (*tsc.Job, error) {
		return c.Jobs.Get(ctx, ref)
	},
	Ident: func(j tsc.Job) (string, string) { return j.ID, "" },
}
