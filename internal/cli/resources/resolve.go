package resources

import (
	"context"
	"fmt"
	"iter"
	"regexp"
	"strings"

	"github.com/tsc-go/tsc"
)

// NotFoundError says that a resource named on the command line does not
// exist. It matches tsc.ErrNotFound, so callers test both alike.
type NotFoundError struct {
	// Kind is "project", "user", "group", ...
	Kind string
	// Key is what was looked for: a name, a path or an id.
	Key string
	// ByID is set when Key is an id.
	ByID bool
}

// Error reads `project "Finance" not found`.
func (e *NotFoundError) Error() string {
	if e.ByID {
		return fmt.Sprintf("%s with id %s not found", e.Kind, e.Key)
	}
	return fmt.Sprintf("%s %q not found", e.Kind, e.Key)
}

// Is matches tsc.ErrNotFound.
func (e *NotFoundError) Is(target error) bool { return target == tsc.ErrNotFound }

var idRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// LooksLikeID reports whether s is a Tableau id (a UUID), so that commands
// can take either an id or a name in the same argument.
func LooksLikeID(s string) bool { return idRE.MatchString(s) }

// filterable reports whether a name can go into a REST filter value,
// which cannot carry ',' or '&'.
func filterable(name string) bool { return name != "" && !strings.ContainsAny(name, ",&") }

// collect walks every page of a list.
func collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// ResolveProject finds a project by id, by name, or by path
// ("Parent/Child"). A name shared by nested projects resolves to the
// top-level one, as tabcmd does; otherwise it is ambiguous and the error
// says how to be precise.
func ResolveProject(ctx context.Context, c *tsc.Client, ref string) (*tsc.Project, error) {
	if ref == "" {
		return nil, fmt.Errorf("empty project name")
	}
	if LooksLikeID(ref) {
		all, err := collect(c.Projects.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize}))
		if err != nil {
			return nil, err
		}
		for i := range all {
			if strings.EqualFold(all[i].ID, ref) {
				return &all[i], nil
			}
		}
		return nil, &NotFoundError{Kind: "project", Key: ref, ByID: true}
	}
	var matches []tsc.Project
	var all []tsc.Project
	var err error
	if filterable(ref) {
		matches, err = collect(c.Projects.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize, Filters: []tsc.Filter{tsc.Eq("name", ref)}}))
	} else {
		all, err = collect(c.Projects.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize}))
		for _, p := range all {
			if p.Name == ref {
				matches = append(matches, p)
			}
		}
	}
	if err != nil {
		return nil, err
	}
	switch len(matches) {
	case 1:
		return &matches[0], nil
	case 0:
		if strings.Contains(ref, "/") {
			return resolveProjectPath(ctx, c, ref, all)
		}
		return nil, &NotFoundError{Kind: "project", Key: ref}
	}
	var top []tsc.Project
	for _, p := range matches {
		if p.ParentProjectID == "" {
			top = append(top, p)
		}
	}
	if len(top) == 1 {
		return &top[0], nil
	}
	return nil, fmt.Errorf("project name %q is ambiguous (%d projects): give its path (Parent/%s) or its id", ref, len(matches), ref)
}

func resolveProjectPath(ctx context.Context, c *tsc.Client, path string, all []tsc.Project) (*tsc.Project, error) {
	if all == nil {
		var err error
		if all, err = collect(c.Projects.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize})); err != nil {
			return nil, err
		}
	}
	parent := ""
	var found *tsc.Project
	for _, name := range strings.Split(strings.Trim(path, "/"), "/") {
		found = nil
		for i := range all {
			if all[i].Name == name && all[i].ParentProjectID == parent {
				found = &all[i]
				break
			}
		}
		if found == nil {
			return nil, &NotFoundError{Kind: "project", Key: path}
		}
		parent = found.ID
	}
	return found, nil
}

// ResolveUser finds a user of the site by id or by name.
func ResolveUser(ctx context.Context, c *tsc.Client, ref string) (*tsc.User, error) {
	if ref == "" {
		return nil, fmt.Errorf("empty user name")
	}
	if LooksLikeID(ref) {
		return c.Users.Get(ctx, ref)
	}
	var matches []tsc.User
	var err error
	if filterable(ref) {
		matches, err = collect(c.Users.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize, Filters: []tsc.Filter{tsc.Eq("name", ref)}}))
	} else {
		var all []tsc.User
		all, err = collect(c.Users.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize}))
		for _, u := range all {
			if u.Name == ref {
				matches = append(matches, u)
			}
		}
	}
	if err != nil {
		return nil, err
	}
	switch len(matches) {
	case 0:
		return nil, &NotFoundError{Kind: "user", Key: ref}
	case 1:
		return &matches[0], nil
	}
	return nil, fmt.Errorf("user name %q is ambiguous (%d users in different domains): give the user's id", ref, len(matches))
}

// ResolveUsers resolves several users, failing on the first unknown one.
func ResolveUsers(ctx context.Context, c *tsc.Client, refs []string) ([]tsc.User, error) {
	out := make([]tsc.User, 0, len(refs))
	for _, r := range refs {
		u, err := ResolveUser(ctx, c, r)
		if err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	return out, nil
}

// ResolveGroup finds a group of the site by id or by name.
func ResolveGroup(ctx context.Context, c *tsc.Client, ref string) (*tsc.Group, error) {
	if ref == "" {
		return nil, fmt.Errorf("empty group name")
	}
	byID := LooksLikeID(ref)
	opts := tsc.ListOptions{PageSize: tsc.MaxPageSize}
	if !byID && filterable(ref) {
		opts.Filters = []tsc.Filter{tsc.Eq("name", ref)}
	}
	all, err := collect(c.Groups.All(ctx, opts))
	if err != nil {
		return nil, err
	}
	var matches []tsc.Group
	for _, g := range all {
		if (byID && strings.EqualFold(g.ID, ref)) || (!byID && g.Name == ref) {
			matches = append(matches, g)
		}
	}
	switch len(matches) {
	case 0:
		return nil, &NotFoundError{Kind: "group", Key: ref, ByID: byID}
	case 1:
		return &matches[0], nil
	}
	return nil, fmt.Errorf("group name %q is ambiguous (%d groups in different domains): give the group's id", ref, len(matches))
}

// ResolveWorkbook finds a workbook by id, or by name (within project,
// when given, to tell apart workbooks of the same name).
func ResolveWorkbook(ctx context.Context, c *tsc.Client, ref, project string) (*tsc.Workbook, error) {
	if ref == "" {
		return nil, fmt.Errorf("empty workbook name")
	}
	if LooksLikeID(ref) {
		return c.Workbooks.Get(ctx, ref)
	}
	matches, err := collect(c.Workbooks.All(ctx, contentByName(ref, project)))
	if err != nil {
		return nil, err
	}
	matches = keep(matches, func(w tsc.Workbook) bool {
		return w.Name == ref && (project == "" || (w.Project != nil && w.Project.Name == project))
	})
	switch len(matches) {
	case 0:
		return nil, &NotFoundError{Kind: "workbook", Key: ref}
	case 1:
		return &matches[0], nil
	}
	return nil, fmt.Errorf("workbook name %q is ambiguous (%d workbooks): add --project or give its id", ref, len(matches))
}

// ResolveDatasource finds a data source by id, or by name (within
// project, when given).
func ResolveDatasource(ctx context.Context, c *tsc.Client, ref, project string) (*tsc.Datasource, error) {
	if ref == "" {
		return nil, fmt.Errorf("empty data source name")
	}
	if LooksLikeID(ref) {
		return c.Datasources.Get(ctx, ref)
	}
	matches, err := collect(c.Datasources.All(ctx, contentByName(ref, project)))
	if err != nil {
		return nil, err
	}
	matches = keep(matches, func(d tsc.Datasource) bool {
		return d.Name == ref && (project == "" || (d.Project != nil && d.Project.Name == project))
	})
	switch len(matches) {
	case 0:
		return nil, &NotFoundError{Kind: "data source", Key: ref}
	case 1:
		return &matches[0], nil
	}
	return nil, fmt.Errorf("data source name %q is ambiguous (%d data sources): add --project or give its id", ref, len(matches))
}

func contentByName(name, project string) tsc.ListOptions {
	opts := tsc.ListOptions{PageSize: tsc.MaxPageSize}
	if filterable(name) {
		opts.Filters = append(opts.Filters, tsc.Eq("name", name))
	}
	if project != "" && filterable(project) {
		opts.Filters = append(opts.Filters, tsc.Eq("projectName", project))
	}
	return opts
}

func keep[T any](in []T, ok func(T) bool) []T {
	var out []T
	for _, v := range in {
		if ok(v) {
			out = append(out, v)
		}
	}
	return out
}
