package resources

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
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

// LooksLikeID reports whether s is a Tableau id (a UUID), so that commands
// can take either an id or a name in the same argument.
func LooksLikeID(s string) bool { return cmdutil.LooksLikeID(s) }

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
	return nil, &AmbiguousError{Kind: "project", Plural: "projects", Name: ref, Count: len(matches), Hint: fmt.Sprintf("give its path (Parent/%s) or its id", ref)}
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

// finder is the one way a resource named on the command line is found:
// by id, or by name (the REST filter narrows the list when the name can
// go in a filter; the name is compared exactly either way). A name that
// matches several items is ambiguous, and the error says how to be
// precise; none is a NotFoundError (exit code 4).
type finder[T any] struct {
	// kind and plural name the resource in messages.
	kind, plural string
	// hint ends the ambiguous-name error: how to pick one.
	hint string
	// byID fetches one item; nil lists all and compares ids (for
	// resources without a GET of their own).
	byID func(ctx context.Context, id string) (*T, error)
	// all walks a list with these options.
	all func(ctx context.Context, opts tsc.ListOptions) iter.Seq2[T, error]
	// id and name read an item's.
	id, name func(T) string
	// filters narrow the name's list on the server; keep, when set, on
	// the client too (the server may not know the field).
	filters []tsc.Filter
	keep    func(T) bool
}

func (f finder[T]) find(ctx context.Context, ref string) (*T, error) {
	if ref == "" {
		return nil, fmt.Errorf("empty %s name", f.kind)
	}
	if LooksLikeID(ref) {
		if f.byID != nil {
			return f.byID(ctx, ref)
		}
		all, err := collect(f.all(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize}))
		if err != nil {
			return nil, err
		}
		for i := range all {
			if strings.EqualFold(f.id(all[i]), ref) {
				return &all[i], nil
			}
		}
		return nil, &NotFoundError{Kind: f.kind, Key: ref, ByID: true}
	}
	matches, err := f.named(ctx, ref)
	if err != nil {
		return nil, err
	}
	switch len(matches) {
	case 0:
		return nil, &NotFoundError{Kind: f.kind, Key: ref}
	case 1:
		return &matches[0], nil
	}
	return nil, &AmbiguousError{Kind: f.kind, Plural: f.plural, Name: ref, Count: len(matches), Hint: f.hint}
}

// named lists the items called name (and kept).
func (f finder[T]) named(ctx context.Context, name string) ([]T, error) {
	opts := tsc.ListOptions{PageSize: tsc.MaxPageSize}
	if filterable(name) {
		opts.Filters = append(opts.Filters, tsc.Eq("name", name))
	}
	for _, flt := range f.filters {
		if filterable(flt.Values[0]) {
			opts.Filters = append(opts.Filters, flt)
		}
	}
	all, err := collect(f.all(ctx, opts))
	if err != nil {
		return nil, err
	}
	return keep(all, func(v T) bool { return f.name(v) == name && (f.keep == nil || f.keep(v)) }), nil
}

// AmbiguousError says that a name given on the command line matches
// several items, and how to name one.
type AmbiguousError struct {
	Kind, Plural, Name string
	Count              int
	// Hint is what to add: "add --project or give its id".
	Hint string
}

// Error reads `workbook name "Sales" is ambiguous (2 workbooks): add --project or give its id`.
func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%s name %q is ambiguous (%d %s): %s", e.Kind, e.Name, e.Count, e.Plural, e.Hint)
}

// ResolveUser finds a user of the site by id or by name.
func ResolveUser(ctx context.Context, c *tsc.Client, ref string) (*tsc.User, error) {
	return finder[tsc.User]{
		kind: "user", plural: "users in different domains", hint: "give the user's id",
		byID: c.Users.Get, all: c.Users.All,
		id: func(u tsc.User) string { return u.ID }, name: func(u tsc.User) string { return u.Name },
	}.find(ctx, ref)
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

// ResolveGroup finds a group of the site by id or by name. Tableau has
// no GET of one group: an id is looked for in the list.
func ResolveGroup(ctx context.Context, c *tsc.Client, ref string) (*tsc.Group, error) {
	return finder[tsc.Group]{
		kind: "group", plural: "groups in different domains", hint: "give the group's id",
		all: c.Groups.All,
		id:  func(g tsc.Group) string { return g.ID }, name: func(g tsc.Group) string { return g.Name },
	}.find(ctx, ref)
}

// inProject narrows a content finder to a project given by id, name or
// path: the server filters by the project's name, the client by its id
// (a name alone cannot tell nested projects apart).
func inProject[T any](ctx context.Context, c *tsc.Client, f *finder[T], project string, projectOf func(T) *tsc.Project) error {
	if project == "" {
		return nil
	}
	proj, err := ResolveProject(ctx, c, project)
	if err != nil {
		return err
	}
	f.filters = append(f.filters, tsc.Eq("projectName", proj.Name))
	f.keep = func(v T) bool { p := projectOf(v); return p != nil && p.ID == proj.ID }
	return nil
}

// findContent finds a workbook or data source by id, by name, or by
// path: "Finance/Europe/Sales" is Sales in project Finance/Europe, tried
// when no item is called that whole name.
func findContent[T any](ctx context.Context, c *tsc.Client, f finder[T], ref, project string, projectOf func(T) *tsc.Project) (*T, error) {
	scoped := f
	if err := inProject(ctx, c, &scoped, project, projectOf); err != nil {
		return nil, err
	}
	item, err := scoped.find(ctx, ref)
	var nf *NotFoundError
	if project != "" || !errors.As(err, &nf) || nf.ByID {
		return item, err
	}
	i := strings.LastIndex(ref, "/")
	if i <= 0 || i == len(ref)-1 {
		return nil, err
	}
	if inProject(ctx, c, &f, ref[:i], projectOf) != nil {
		return nil, err
	}
	if item, perr := f.find(ctx, ref[i+1:]); perr == nil || !errors.As(perr, &nf) {
		return item, perr
	}
	return nil, err
}

// ResolveWorkbook finds a workbook by id, by name (within project, when
// given: its id, name or path), or by path (Project/Workbook).
func ResolveWorkbook(ctx context.Context, c *tsc.Client, ref, project string) (*tsc.Workbook, error) {
	return findContent(ctx, c, finder[tsc.Workbook]{
		kind: "workbook", plural: "workbooks", hint: "add --project or give its id",
		byID: c.Workbooks.Get, all: c.Workbooks.All,
		id: func(w tsc.Workbook) string { return w.ID }, name: func(w tsc.Workbook) string { return w.Name },
	}, ref, project, func(w tsc.Workbook) *tsc.Project { return w.Project })
}

// ResolveDatasource finds a data source by id, by name (within project,
// when given), or by path (Project/DataSource).
func ResolveDatasource(ctx context.Context, c *tsc.Client, ref, project string) (*tsc.Datasource, error) {
	return findContent(ctx, c, finder[tsc.Datasource]{
		kind: "data source", plural: "data sources", hint: "add --project or give its id",
		byID: c.Datasources.Get, all: c.Datasources.All,
		id: func(d tsc.Datasource) string { return d.ID }, name: func(d tsc.Datasource) string { return d.Name },
	}, ref, project, func(d tsc.Datasource) *tsc.Project { return d.Project })
}

// ResolveView finds a view by id, by name (within project, when given),
// or by path: Workbook/View, or Project/Workbook/View when workbook
// names repeat.
func ResolveView(ctx context.Context, c *tsc.Client, ref, project string) (*tsc.View, error) {
	all := func(ctx context.Context, o tsc.ListOptions) iter.Seq2[tsc.View, error] {
		return c.Views.All(ctx, tsc.ViewListOptions{ListOptions: o})
	}
	f := finder[tsc.View]{
		kind: "view", plural: "views", hint: "give Workbook/View, add --project, or give its id",
		byID: c.Views.Get, all: all,
		id: func(v tsc.View) string { return v.ID }, name: func(v tsc.View) string { return v.Name },
	}
	projectOf := func(v tsc.View) *tsc.Project { return v.Project }
	scoped := f
	if err := inProject(ctx, c, &scoped, project, projectOf); err != nil {
		return nil, err
	}
	v, err := scoped.find(ctx, ref)
	var nf *NotFoundError
	if !errors.As(err, &nf) || nf.ByID {
		return v, err
	}
	i := strings.LastIndex(ref, "/")
	if i <= 0 || i == len(ref)-1 {
		return nil, err
	}
	wb, werr := ResolveWorkbook(ctx, c, ref[:i], project)
	if werr != nil {
		if errors.As(werr, &nf) {
			return nil, err
		}
		return nil, werr
	}
	scoped.filters = append(scoped.filters, tsc.Eq("workbookName", wb.Name))
	scoped.keep = func(v tsc.View) bool { return v.Workbook != nil && v.Workbook.ID == wb.ID }
	scoped.kind, scoped.hint = "view", "give its id"
	if v, verr := scoped.find(ctx, ref[i+1:]); !errors.As(verr, &nf) {
		return v, verr
	}
	return nil, err
}

// ResolveSite finds a site by id, name or content URL ("" is not a
// reference here: the caller picks the current site).
func ResolveSite(ctx context.Context, c *tsc.Client, ref string) (*tsc.Site, error) {
	if LooksLikeID(ref) {
		return c.Sites.Get(ctx, ref)
	}
	s, err := c.Sites.GetByName(ctx, ref)
	if err == nil || !errors.Is(err, tsc.ErrNotFound) {
		return s, err
	}
	if s, err := c.Sites.GetByContentURL(ctx, ref); err == nil || !errors.Is(err, tsc.ErrNotFound) {
		return s, err
	}
	return nil, &NotFoundError{Kind: "site", Key: ref}
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

// Placement resolves an update's --move-to (a project's id, name or
// path) and --owner (a user's id or name): the references the update
// sends, nil for a flag not given.
func Placement(ctx context.Context, c *tsc.Client, project, owner string) (*tsc.Project, *tsc.User, error) {
	var p *tsc.Project
	var u *tsc.User
	if project != "" {
		proj, err := ResolveProject(ctx, c, project)
		if err != nil {
			return nil, nil, err
		}
		p = &tsc.Project{ID: proj.ID}
	}
	if owner != "" {
		user, err := ResolveUser(ctx, c, owner)
		if err != nil {
			return nil, nil, err
		}
		u = &tsc.User{ID: user.ID}
	}
	return p, u, nil
}
