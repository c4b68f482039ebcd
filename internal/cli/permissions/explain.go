package permissions

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/authz"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// ExplainOptions are the settings of `permissions explain`.
type ExplainOptions struct {
	Output cmdutil.OutputFlags
	Target TargetFlags
	// User is the user whose capabilities are explained (name or id).
	User string
}

func newCmdExplain(f *cmdutil.Factory) *cobra.Command {
	opts := &ExplainOptions{}
	cmd := &cobra.Command{
		Use:   "explain --user U KIND CONTENT",
		Short: "Show a user's effective capabilities on an item, and what decided each",
		Long: `Show, for every capability of the item's content type, whether the user
has it and which role or rule decided: administrator, site role maximum,
content owner, project owner, project leader, the user's own rule, a
group's rule, or no rule at all (denied).

The answer is computed by the rules Tableau documents ("Effective
permissions") from what the REST API tells about the user (site role,
groups), the item (owner, project, rules) and its projects (owners,
project leaders, locks), with the same evaluator the emulator enforces.
KIND is project, workbook, view or datasource.`,
		Example: `  tabctl permissions explain --user alice workbook "Finance/Q3 Dashboard"
  tabctl permissions explain --user bob project Finance -o json`,
		Args: targetArgs(&opts.Target),
		RunE: func(cmd *cobra.Command, args []string) error { return RunExplain(cmd.Context(), f, opts) },
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	cmd.Flags().StringVar(&opts.User, "user", "", "the user (name or id) whose capabilities to explain")
	cmd.Flags().StringVar(&opts.Target.Project, "project", "", "the item's project (name or path), to tell apart items of the same name")
	completeKind(cmd)
	return cmd
}

// RunExplain prints the user's effective capabilities.
func RunExplain(ctx context.Context, f *cmdutil.Factory, opts *ExplainOptions) error {
	p, err := cmdutil.NewPrinter(resources.EffectiveTable, opts.Output)
	if err != nil {
		return err
	}
	if opts.User == "" {
		return cmdutil.FlagErrorf("name the user with --user")
	}
	kind, _, err := checkTarget(&opts.Target)
	if err != nil {
		return err
	}
	if !slices.Contains(explainable, kind) {
		return cmdutil.FlagErrorf("explain works on projects, workbooks, views and data sources (got %s)", kind)
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	t, err := ResolveTarget(ctx, c, &opts.Target)
	if err != nil {
		return err
	}
	facts, err := Facts(ctx, c, opts.User, t)
	if err != nil {
		return err
	}
	decisions := authz.Explain(facts)
	rows := make([]resources.EffectiveRow, len(decisions))
	for i, d := range decisions {
		rows[i] = resources.EffectiveRow{Capability: string(d.Capability), Allowed: d.Allowed, Mode: string(d.Mode()),
			DecidedBy: string(d.By), Reason: d.Reason}
	}
	return p.List(f.IO.Out, rows)
}

// Facts gathers through the REST API what authz needs to decide for user
// (a name or id) on the target item: the user's site role and groups; the
// item's owner and project; the chain of projects above it with their
// owners, rules and locks; and the item's rules. These are what the
// emulator feeds the same evaluator from its store, so both agree.
func Facts(ctx context.Context, c *tsc.Client, user string, t Target) (authz.Facts, error) {
	var f authz.Facts
	u, err := resources.ResolveUser(ctx, c, user)
	if err != nil {
		return f, err
	}
	f.Caller = authz.Caller{UserID: u.ID, Name: u.Name, SiteRole: u.SiteRole,
		ServerAdmin: u.SiteRole == tsc.SiteRoleServerAdministrator}
	for g, err := range c.Users.AllGroups(ctx, u.ID, tsc.ListOptions{PageSize: tsc.MaxPageSize}) {
		if err != nil {
			return f, err
		}
		f.Caller.Groups = append(f.Caller.Groups, authz.Group{ID: g.ID, Name: g.Name})
	}
	if f.Caller.GroupSets, err = groupSetsOf(ctx, c, f.Caller.Groups); err != nil {
		return f, err
	}
	f.Content = authz.Content{Kind: t.Kind, ID: t.ID}
	paths := newProjectPaths(c)
	var projectID string
	switch t.Kind {
	case tsc.PermProject:
		pr, ok, err := paths.project(ctx, t.ID)
		if err != nil {
			return f, err
		}
		if !ok {
			return f, &resources.NotFoundError{Kind: "project", Key: t.ID, ByID: true}
		}
		f.Content.Name, f.Content.OwnerID, projectID = pr.Name, ownerID(pr.Owner), pr.ID
	case tsc.PermWorkbook:
		w, err := c.Workbooks.Get(ctx, t.ID)
		if err != nil {
			return f, err
		}
		f.Content.Name, f.Content.OwnerID, projectID = w.Name, ownerID(w.Owner), projectIDOf(w.Project)
		f.PersonalSpace = w.Location.InPersonalSpace()
	case tsc.PermDatasource:
		d, err := c.Datasources.Get(ctx, t.ID)
		if err != nil {
			return f, err
		}
		f.Content.Name, f.Content.OwnerID, projectID = d.Name, ownerID(d.Owner), projectIDOf(d.Project)
	case tsc.PermView:
		// A view is its workbook's: Tableau gives it the workbook's owner
		// and project.
		v, err := c.Views.Get(ctx, t.ID)
		if err != nil {
			return f, err
		}
		f.Content.Name = v.Name
		if v.Workbook == nil || v.Workbook.ID == "" {
			return f, cmdutil.FlagErrorf("the server did not say which workbook view %s belongs to", v.ID)
		}
		w, err := c.Workbooks.Get(ctx, v.Workbook.ID)
		if err != nil {
			return f, err
		}
		f.Content.OwnerID, projectID = ownerID(w.Owner), projectIDOf(w.Project)
		f.PersonalSpace = w.Location.InPersonalSpace()
	}
	// The chain of projects, innermost first, with their rules.
	seen := map[string]bool{}
	for id := projectID; id != "" && !seen[id]; {
		seen[id] = true
		pr, ok, err := paths.project(ctx, id)
		if err != nil {
			return f, err
		}
		if !ok {
			break
		}
		perms, err := c.Permissions.List(ctx, tsc.PermProject, pr.ID)
		if err != nil {
			return f, err
		}
		f.Projects = append(f.Projects, authz.Project{ID: pr.ID, Name: pr.Name, OwnerID: ownerID(pr.Owner), Rules: authzRules(perms.Rules())})
		id = pr.ParentProjectID
	}
	if t.Kind != tsc.PermProject {
		f.Locked = locked(ctx, paths, projectID)
	}
	perms, err := c.Permissions.List(ctx, t.Kind, t.ID)
	if err != nil {
		return f, err
	}
	// Locked content's rules are its project's defaults, which is what the
	// server answers for the content itself.
	f.Rules = authzRules(perms.Rules())
	// The evaluator names the first group whose rule decides; servers
	// answer rules in no set order, so sort them by group name (then id)
	// for an explanation that reads the same every time.
	groupName := map[string]string{}
	for _, g := range append(slices.Clone(f.Caller.Groups), f.Caller.GroupSets...) {
		groupName[g.ID] = g.Name
	}
	key := func(r authz.Rule) string {
		return string(r.Grantee) + "\x00" + groupName[r.GranteeID] + "\x00" + r.GranteeID
	}
	slices.SortStableFunc(f.Rules, func(a, b authz.Rule) int { return strings.Compare(key(a), key(b)) })
	for i := range f.Projects {
		slices.SortStableFunc(f.Projects[i].Rules, func(a, b authz.Rule) int { return strings.Compare(key(a), key(b)) })
	}
	return f, nil
}

// groupSetsOf are the group sets of the site whose groups (one at least)
// are all among groups: the sets the user is a member of (Tableau's AND
// logic). Servers before 3.22 have none; a caller who may not list them
// (group sets are for administrators) sees the decision without them.
func groupSetsOf(ctx context.Context, c *tsc.Client, groups []authz.Group) ([]authz.Group, error) {
	if c.Version().Less(tsc.Version{Major: 3, Minor: 22}) {
		return nil, nil
	}
	in := map[string]bool{}
	for _, g := range groups {
		in[g.ID] = true
	}
	var out []authz.Group
	for gs, err := range c.GroupSets.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize}) {
		if errors.Is(err, tsc.ErrForbidden) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading the site's group sets: %w", err)
		}
		member := len(gs.Groups) > 0
		for _, g := range gs.Groups {
			member = member && in[g.ID]
		}
		if member {
			out = append(out, authz.Group{ID: gs.ID, Name: gs.Name})
		}
	}
	return out, nil
}

// locked reports whether content in project id has its permissions locked
// to a project: its own project locks its content (LockedToProject or
// LockedToProjectWithoutNested), or a project above locks with its nested
// projects (LockedToProject).
func locked(ctx context.Context, paths *projectPaths, id string) bool {
	seen := map[string]bool{}
	for depth := 0; id != "" && !seen[id]; depth++ {
		seen[id] = true
		pr, ok, err := paths.project(ctx, id)
		if err != nil || !ok {
			return false
		}
		switch pr.ContentPermissions {
		case tsc.LockedToProject:
			return true
		case tsc.LockedToProjectWithoutNested:
			if depth == 0 {
				return true
			}
		}
		id = pr.ParentProjectID
	}
	return false
}

func ownerID(u *tsc.User) string {
	if u == nil {
		return ""
	}
	return u.ID
}

func projectIDOf(p *tsc.Project) string {
	if p == nil {
		return ""
	}
	return p.ID
}

// authzRules keeps the user, group and group set rules, the grantees
// authz knows.
func authzRules(rules []tsc.PermissionRule) []authz.Rule {
	out := make([]authz.Rule, 0, len(rules))
	for _, r := range rules {
		var g authz.GranteeType
		switch r.Grantee.Type {
		case tsc.GranteeUser:
			g = authz.GranteeUser
		case tsc.GranteeGroup:
			g = authz.GranteeGroup
		case tsc.GranteeGroupSet:
			g = authz.GranteeGroupSet
		default:
			continue
		}
		out = append(out, authz.Rule{Grantee: g, GranteeID: r.Grantee.ID, Capability: r.Capability, Mode: r.Mode})
	}
	return out
}

// explainable are the kinds whose facts Facts gathers.
var explainable = []tsc.PermissionKind{tsc.PermProject, tsc.PermWorkbook, tsc.PermView, tsc.PermDatasource}
