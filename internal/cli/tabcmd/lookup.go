package tabcmd

import (
	"context"
	"fmt"
	"strings"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// tabcmd names things; the REST API wants ids. Projects, users, groups,
// workbooks and data sources are resolved by the resolvers the noun-verb
// commands share (package resources); what is tabcmd's own is here: sites by
// content URL or name, projects by name plus --parent-project-path, and
// whole files of user names at once.

// findSite finds a site by content URL or, failing that, by name (ignoring
// case). "Default" names the Default site, whose content URL is empty.
func findSite(ctx context.Context, c *tsc.Client, key string) (*tsc.Site, error) {
	var byName *tsc.Site
	for s, err := range c.Sites.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize}) {
		if err != nil {
			return nil, fmt.Errorf("listing sites: %w", err)
		}
		if s.ContentURL == key || (key == "Default" && s.ContentURL == "") {
			return &s, nil
		}
		if byName == nil && strings.EqualFold(s.Name, key) {
			byName = &s
		}
	}
	if byName != nil {
		return byName, nil
	}
	return nil, &resources.NotFoundError{Kind: "site", Key: key}
}

// splitPath splits a project path "A/B/C" into its names.
func splitPath(path string) []string {
	var out []string
	for _, s := range strings.Split(path, "/") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// projectPath joins tabcmd's --parent-project-path and a project name into
// the path the resolver takes, e.g. "Finance/Europe".
func projectPath(parentPath, name string) string {
	return strings.Join(append(splitPath(parentPath), name), "/")
}

// findProject resolves a project by name under a parent path ("" for
// none: a top-level project of that name wins, or the only one anywhere).
func findProject(ctx context.Context, c *tsc.Client, name, parentPath string) (*tsc.Project, error) {
	return resources.ResolveProject(ctx, c, projectPath(parentPath, name))
}

// siteUsers indexes every user of the site by lower-case name, so that a
// file of hundreds of names costs a few list requests instead of one each.
func siteUsers(ctx context.Context, c *tsc.Client) (map[string]tsc.User, error) {
	out := map[string]tsc.User{}
	for u, err := range c.Users.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize}) {
		if err != nil {
			return nil, fmt.Errorf("listing the site's users: %w", err)
		}
		out[strings.ToLower(u.Name)] = u
	}
	return out, nil
}

// contentFilter is how a command names a workbook or data source: its name
// and, optionally, its project (by name and parent path).
type contentFilter struct {
	Name              string
	Project           string
	ParentProjectPath string
}

// projectID resolves the filter's project when a parent path makes the
// project's name alone not enough; "" otherwise.
func (f contentFilter) projectID(ctx context.Context, c *tsc.Client) (string, error) {
	if f.ParentProjectPath == "" {
		return "", nil
	}
	if f.Project == "" {
		return "", fmt.Errorf("--parent-project-path needs --project")
	}
	p, err := findProject(ctx, c, f.Project, f.ParentProjectPath)
	if err != nil {
		return "", err
	}
	return p.ID, nil
}

// oneWorkbook finds exactly one workbook matching f.
func oneWorkbook(ctx context.Context, c *tsc.Client, f contentFilter) (*tsc.Workbook, error) {
	pid, err := f.projectID(ctx, c)
	if err != nil {
		return nil, err
	}
	if pid == "" {
		return resources.ResolveWorkbook(ctx, c, f.Name, f.Project)
	}
	var found []tsc.Workbook
	for wb, err := range c.Workbooks.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize, Filters: nameFilter(f.Name)}) {
		if err != nil {
			return nil, err
		}
		if wb.Name == f.Name && wb.Project != nil && wb.Project.ID == pid {
			found = append(found, wb)
		}
	}
	if len(found) != 1 {
		return nil, &resources.NotFoundError{Kind: "workbook", Key: projectPath(f.ParentProjectPath, f.Project) + "/" + f.Name}
	}
	return &found[0], nil
}

// oneDatasource finds exactly one data source matching f.
func oneDatasource(ctx context.Context, c *tsc.Client, f contentFilter) (*tsc.Datasource, error) {
	pid, err := f.projectID(ctx, c)
	if err != nil {
		return nil, err
	}
	if pid == "" {
		return resources.ResolveDatasource(ctx, c, f.Name, f.Project)
	}
	var found []tsc.Datasource
	for ds, err := range c.Datasources.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize, Filters: nameFilter(f.Name)}) {
		if err != nil {
			return nil, err
		}
		if ds.Name == f.Name && ds.Project != nil && ds.Project.ID == pid {
			found = append(found, ds)
		}
	}
	if len(found) != 1 {
		return nil, &resources.NotFoundError{Kind: "data source", Key: projectPath(f.ParentProjectPath, f.Project) + "/" + f.Name}
	}
	return &found[0], nil
}

// nameFilter filters a list on a name, when the REST API can express it.
func nameFilter(name string) []tsc.Filter {
	if name == "" || strings.ContainsAny(name, ",&") {
		return nil
	}
	return []tsc.Filter{tsc.Eq("name", name)}
}
