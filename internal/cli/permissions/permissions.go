// Package permissions holds `tabctl permissions`: list, add, remove and
// replace the permission rules of any content type (and the default rules
// of a project, with --defaults), explain a user's effective capabilities
// on an item, and export the site's permission matrix.
//
// Every verb works on every content type the SDK's PermissionsService
// takes, through the same code: the content type is an argument (KIND),
// and the item is named as everywhere else in tabctl (a project by name
// or path, a workbook by Project/Workbook...). Each verb has an exported
// Options struct and Run function.
package permissions

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// NewCmdPermissions builds `tabctl permissions` and its verbs.
func NewCmdPermissions(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "permissions <command>",
		Short: "List, change, explain and export permission rules",
		Long: `Read and change who may do what with content.

KIND is one of: ` + strings.Join(kindNames(), ", ") + `.
The content is named as elsewhere in tabctl: a project by name or path
(Finance/Europe), a workbook, data source, flow or virtual connection by name
or Project/Name, a view by name or Workbook/View (or Project/Workbook/View);
anything by its id. Databases and tables are named by id.

With --defaults TYPE (KIND project only), the commands work on the rules the
project gives new content of that type: ` + strings.Join(defaultNames(), ", ") + `.`,
		Args: cmdutil.NoArgs,
	}
	cmd.AddCommand(newCmdList(f), newCmdAdd(f), newCmdRemove(f), newCmdReplace(f), newCmdExplain(f), newCmdExport(f))
	return cmd
}

func kindNames() []string {
	out := make([]string, len(tsc.ContentPermissionKinds))
	for i, k := range tsc.ContentPermissionKinds {
		out[i] = string(k)
	}
	return out
}

func defaultNames() []string {
	out := make([]string, len(tsc.DefaultPermissionKinds))
	for i, k := range tsc.DefaultPermissionKinds {
		out[i] = k.Plural()
	}
	return out
}

// TargetFlags name the rules a command works on: KIND and CONTENT
// (arguments), --project to tell apart items of the same name, and
// --defaults for a project's default rules.
type TargetFlags struct {
	Kind, Content string
	Project       string
	Defaults      string
}

func addTargetFlags(cmd *cobra.Command, t *TargetFlags) {
	cmd.Flags().StringVar(&t.Project, "project", "", "the item's project (name or path), to tell apart items of the same name")
	cmd.Flags().StringVar(&t.Defaults, "defaults", "", "work on the project's default rules for this content type ("+strings.Join(defaultNames(), ", ")+")")
	_ = cmd.RegisterFlagCompletionFunc("defaults", cmdutil.FixedValues(defaultNames()...))
	completeKind(cmd)
}

// completeKind completes KIND, the first argument.
func completeKind(cmd *cobra.Command) {
	kinds := cmdutil.FixedValues(kindNames()...)
	cmd.ValidArgsFunction = func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) == 0 {
			return kinds(cmd, args, toComplete)
		}
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
}

// targetArgs reads KIND and CONTENT.
func targetArgs(t *TargetFlags) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cmdutil.ExactArgs(2, "a content type and the content")(cmd, args); err != nil {
			return err
		}
		t.Kind, t.Content = args[0], args[1]
		return nil
	}
}

// Target is where a set of rules lives, resolved: an item's own rules, or
// a project's defaults for one content type.
type Target struct {
	// Kind is the item's content type; ID and Path name it.
	Kind     tsc.PermissionKind
	ID, Path string
	// Defaults is the content type of a project's default rules; "" for
	// the item's own rules.
	Defaults tsc.PermissionKind
}

// RuleKind is the content type whose capabilities the rules name.
func (t Target) RuleKind() tsc.PermissionKind {
	if t.Defaults != "" {
		return t.Defaults
	}
	return t.Kind
}

// String reads `workbook "Finance/Sales"` or `project "Finance" (default
// rules for workbooks)`.
func (t Target) String() string {
	s := fmt.Sprintf("%s %q", t.Kind, t.Path)
	if t.Defaults != "" {
		s += " (default rules for " + t.Defaults.Plural() + ")"
	}
	return s
}

// List reads the rules.
func (t Target) List(ctx context.Context, c *tsc.Client) (*tsc.Permissions, error) {
	if t.Defaults != "" {
		return c.Permissions.ListDefaults(ctx, t.ID, t.Defaults)
	}
	return c.Permissions.List(ctx, t.Kind, t.ID)
}

// Add adds rules.
func (t Target) Add(ctx context.Context, c *tsc.Client, rules []tsc.PermissionRule) error {
	var err error
	if t.Defaults != "" {
		_, err = c.Permissions.AddDefaults(ctx, t.ID, t.Defaults, rules...)
	} else {
		_, err = c.Permissions.Add(ctx, t.Kind, t.ID, rules...)
	}
	return err
}

// Delete removes rules, one request each.
func (t Target) Delete(ctx context.Context, c *tsc.Client, rules []tsc.PermissionRule) error {
	if t.Defaults != "" {
		return c.Permissions.DeleteDefaults(ctx, t.ID, t.Defaults, rules...)
	}
	return c.Permissions.DeleteRules(ctx, t.Kind, t.ID, rules...)
}

// Replace makes the rules exactly rules.
func (t Target) Replace(ctx context.Context, c *tsc.Client, rules []tsc.PermissionRule) (*tsc.Permissions, error) {
	if t.Defaults != "" {
		return c.Permissions.ReplaceDefaults(ctx, t.ID, t.Defaults, rules...)
	}
	return c.Permissions.Replace(ctx, t.Kind, t.ID, rules...)
}

// parseKind reads KIND: a content type with rules of its own.
func parseKind(s string) (tsc.PermissionKind, error) {
	k, err := tsc.ParsePermissionKind(s)
	if err != nil || !slices.Contains(tsc.ContentPermissionKinds, k) {
		return "", cmdutil.FlagErrorf("%q is not a content type with permissions: use one of %s", s, strings.Join(kindNames(), ", "))
	}
	return k, nil
}

// checkTarget checks KIND and --defaults before any request.
func checkTarget(t *TargetFlags) (kind, defaults tsc.PermissionKind, err error) {
	if kind, err = parseKind(t.Kind); err != nil {
		return "", "", err
	}
	if t.Defaults != "" {
		if kind != tsc.PermProject {
			return "", "", cmdutil.FlagErrorf("--defaults is for projects: default rules are a project's (got %s)", kind)
		}
		d, err := tsc.ParsePermissionKind(t.Defaults)
		if err != nil || !d.HasDefaults() {
			return "", "", cmdutil.FlagErrorf("--defaults %q: use one of %s", t.Defaults, strings.Join(defaultNames(), ", "))
		}
		defaults = d
	}
	return kind, defaults, nil
}

// ResolveTarget finds the item named on the command line.
func ResolveTarget(ctx context.Context, c *tsc.Client, t *TargetFlags) (Target, error) {
	kind, defaults, err := checkTarget(t)
	if err != nil {
		return Target{}, err
	}
	out := Target{Kind: kind, Defaults: defaults}
	if t.Project != "" && (kind == tsc.PermProject || !named(kind)) {
		return Target{}, cmdutil.FlagErrorf("--project narrows workbooks, views, data sources, flows and virtual connections only")
	}
	paths := newProjectPaths(c)
	switch kind {
	case tsc.PermProject:
		p, err := resources.ResolveProject(ctx, c, t.Content)
		if err != nil {
			return Target{}, err
		}
		out.ID = p.ID
		out.Path, err = paths.path(ctx, p.ID)
		return out, err
	case tsc.PermWorkbook:
		w, err := resources.ResolveWorkbook(ctx, c, t.Content, t.Project)
		if err != nil {
			return Target{}, err
		}
		out.ID = w.ID
		out.Path, err = paths.in(ctx, w.Project, w.Name)
		return out, err
	case tsc.PermDatasource:
		d, err := resources.ResolveDatasource(ctx, c, t.Content, t.Project)
		if err != nil {
			return Target{}, err
		}
		out.ID = d.ID
		out.Path, err = paths.in(ctx, d.Project, d.Name)
		return out, err
	case tsc.PermView:
		v, err := resources.ResolveView(ctx, c, t.Content, t.Project)
		if err != nil {
			return Target{}, err
		}
		out.ID = v.ID
		out.Path, err = paths.view(ctx, c, *v)
		return out, err
	case tsc.PermFlow:
		fl, err := resources.ResolveFlow(ctx, c, t.Content, t.Project)
		if err != nil {
			return Target{}, err
		}
		out.ID = fl.ID
		out.Path, err = paths.in(ctx, fl.Project, fl.Name)
		return out, err
	case tsc.PermVirtualConnection:
		vc, err := resources.ResolveVirtualConnection(ctx, c, t.Content, t.Project)
		if err != nil {
			return Target{}, err
		}
		out.ID = vc.ID
		out.Path, err = paths.in(ctx, vc.Project, vc.Name)
		return out, err
	}
	if !resources.LooksLikeID(t.Content) {
		return Target{}, cmdutil.FlagErrorf("name the %s by its id: tabctl cannot look %ss up by name yet", kind, kind)
	}
	out.ID, out.Path = t.Content, t.Content
	return out, nil
}

// named reports whether tabctl can find items of kind k by name.
func named(k tsc.PermissionKind) bool {
	switch k {
	case tsc.PermProject, tsc.PermWorkbook, tsc.PermDatasource, tsc.PermView, tsc.PermFlow, tsc.PermVirtualConnection:
		return true
	}
	return false
}

// projectPaths names projects by their path (Parent/Child), walking the
// project list once, when first needed.
type projectPaths struct {
	c     *tsc.Client
	byID  map[string]tsc.Project
	books map[string]string // workbook id -> Project/Workbook, for views
}

func newProjectPaths(c *tsc.Client) *projectPaths { return &projectPaths{c: c} }

func (p *projectPaths) load(ctx context.Context) error {
	if p.byID != nil {
		return nil
	}
	p.byID = map[string]tsc.Project{}
	for pr, err := range p.c.Projects.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize}) {
		if err != nil {
			p.byID = nil
			return err
		}
		p.byID[pr.ID] = pr
	}
	return nil
}

// project returns a project of the site by id.
func (p *projectPaths) project(ctx context.Context, id string) (tsc.Project, bool, error) {
	if err := p.load(ctx); err != nil {
		return tsc.Project{}, false, err
	}
	pr, ok := p.byID[id]
	return pr, ok, nil
}

// path is the project's path; a cycle or a missing parent ends it where
// it breaks, so that a path is always printed.
func (p *projectPaths) path(ctx context.Context, id string) (string, error) {
	if err := p.load(ctx); err != nil {
		return "", err
	}
	var names []string
	seen := map[string]bool{}
	for id != "" && !seen[id] {
		seen[id] = true
		pr, ok := p.byID[id]
		if !ok {
			break
		}
		names = append(names, pr.Name)
		id = pr.ParentProjectID
	}
	slices.Reverse(names)
	return strings.Join(names, "/"), nil
}

// in is Project/Path/name for an item in project proj.
func (p *projectPaths) in(ctx context.Context, proj *tsc.Project, name string) (string, error) {
	if proj == nil || proj.ID == "" {
		return name, nil
	}
	pp, err := p.path(ctx, proj.ID)
	if err != nil || pp == "" {
		return name, err
	}
	return pp + "/" + name, nil
}

// view is Project/Workbook/View.
func (p *projectPaths) view(ctx context.Context, c *tsc.Client, v tsc.View) (string, error) {
	if v.Workbook == nil || v.Workbook.ID == "" {
		return p.in(ctx, v.Project, v.Name)
	}
	if wp, ok := p.books[v.Workbook.ID]; ok {
		return wp + "/" + v.Name, nil
	}
	w, err := c.Workbooks.Get(ctx, v.Workbook.ID)
	if err != nil {
		return "", err
	}
	wp, err := p.in(ctx, w.Project, w.Name)
	if err != nil {
		return "", err
	}
	if p.books == nil {
		p.books = map[string]string{}
	}
	p.books[w.ID] = wp
	return wp + "/" + v.Name, nil
}

// names names grantees for printing: groups from one walk of the group
// list, users one request each (or from one walk of the user list, when
// many are expected), each looked up once.
type names struct {
	c      *tsc.Client
	groups map[string]string
	users  map[string]string
	// sets names group sets (3.22), from one walk of their list.
	sets map[string]string
	// allUsers walks the user list instead of reading users one by one.
	allUsers bool
}

func (n *names) of(ctx context.Context, g tsc.Grantee) (string, error) {
	switch g.Type {
	case tsc.GranteeGroup:
		if n.groups == nil {
			n.groups = map[string]string{}
			for gr, err := range n.c.Groups.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize}) {
				if err != nil {
					n.groups = nil
					return "", err
				}
				n.groups[gr.ID] = gr.Name
			}
		}
		return n.groups[g.ID], nil
	case tsc.GranteeGroupSet:
		if n.sets == nil {
			n.sets = map[string]string{}
			for gs, err := range n.c.GroupSets.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize}) {
				if err != nil {
					n.sets = nil
					return "", err
				}
				n.sets[gs.ID] = gs.Name
			}
		}
		return n.sets[g.ID], nil
	case tsc.GranteeUser:
		if n.users == nil {
			n.users = map[string]string{}
			if n.allUsers {
				for u, err := range n.c.Users.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize}) {
					if err != nil {
						n.users = nil
						return "", err
					}
					n.users[u.ID] = u.Name
				}
			}
		}
		if name, ok := n.users[g.ID]; ok || n.allUsers {
			return name, nil
		}
		u, err := n.c.Users.Get(ctx, g.ID)
		if err != nil {
			return "", err
		}
		n.users[g.ID] = u.Name
		return u.Name, nil
	}
	return "", nil
}

// rows turns rules into printed rows, in a stable order whatever the
// server's: by grantee type and name, then capability in the order of
// Tableau's permission dialog.
func (n *names) rows(ctx context.Context, t Target, rules []tsc.PermissionRule) ([]resources.PermissionRow, error) {
	out := make([]resources.PermissionRow, 0, len(rules))
	for _, r := range rules {
		name, err := n.of(ctx, r.Grantee)
		if err != nil {
			return nil, err
		}
		row := resources.PermissionRow{
			ContentType: string(t.Kind), ContentID: t.ID, ContentPath: t.Path,
			GranteeType: string(r.Grantee.Type), GranteeID: r.Grantee.ID, GranteeName: name,
			Capability: string(r.Capability), Mode: string(r.Mode),
		}
		if t.Defaults != "" {
			row.DefaultsFor = string(t.Defaults)
		}
		out = append(out, row)
	}
	order := t.RuleKind().Capabilities()
	rank := func(c string) int {
		if i := slices.Index(order, tsc.Capability(c)); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortStableFunc(out, func(a, b resources.PermissionRow) int {
		return cmp.Or(strings.Compare(a.GranteeType, b.GranteeType), strings.Compare(a.GranteeName, b.GranteeName),
			strings.Compare(a.GranteeID, b.GranteeID), rank(a.Capability)-rank(b.Capability), strings.Compare(a.Capability, b.Capability))
	})
	return out, nil
}
