package permissions

import (
	"context"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// ListOptions are the settings of `permissions list`.
type ListOptions struct {
	Output cmdutil.OutputFlags
	Target TargetFlags
}

func newCmdList(f *cmdutil.Factory) *cobra.Command {
	opts := &ListOptions{}
	cmd := &cobra.Command{
		Use:   "list KIND CONTENT",
		Short: "List the permission rules of an item, or a project's default rules",
		Example: `  tabctl permissions list workbook "Sales/Q3 Dashboard"
  tabctl permissions list project Finance --defaults workbooks
  tabctl permissions list view "Q3 Dashboard/Overview" -o json`,
		Args: targetArgs(&opts.Target),
		RunE: func(cmd *cobra.Command, args []string) error { return RunList(cmd.Context(), f, opts) },
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	addTargetFlags(cmd, &opts.Target)
	return cmd
}

// RunList prints the rules.
func RunList(ctx context.Context, f *cmdutil.Factory, opts *ListOptions) error {
	p, err := cmdutil.NewPrinter(resources.PermissionTable, opts.Output)
	if err != nil {
		return err
	}
	if _, _, err := checkTarget(&opts.Target); err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	t, err := ResolveTarget(ctx, c, &opts.Target)
	if err != nil {
		return err
	}
	return printRules(ctx, f, c, p, t)
}

// printRules reads the rules again and prints them all.
func printRules(ctx context.Context, f *cmdutil.Factory, c *tsc.Client, p *cmdutil.Printer[resources.PermissionRow], t Target) error {
	perms, err := t.List(ctx, c)
	if err != nil {
		return err
	}
	rows, err := (&names{c: c}).rows(ctx, t, perms.Rules())
	if err != nil {
		return err
	}
	return p.List(f.IO.Out, rows)
}

// RuleFlags say whose rules and which: one grantee (--user or --group, by
// name or id), and the capabilities from a template and --allow/--deny.
type RuleFlags struct {
	User, Group string
	Template    string
	Allow, Deny []string
}

func addRuleFlags(cmd *cobra.Command, r *RuleFlags, templateHelp string) {
	fl := cmd.Flags()
	fl.StringVar(&r.User, "user", "", "the user the rules are for (name or id)")
	fl.StringVar(&r.Group, "group", "", "the group the rules are for (name or id)")
	fl.StringVar(&r.Template, "template", "", templateHelp+": "+strings.Join(templateNames(), ", "))
	fl.StringSliceVar(&r.Allow, "allow", nil, "capabilities to allow, comma-separated (Read,ExportImage...)")
	fl.StringSliceVar(&r.Deny, "deny", nil, "capabilities to deny, comma-separated")
	_ = cmd.RegisterFlagCompletionFunc("template", cmdutil.FixedValues(templateNames()...))
}

func templateNames() []string {
	out := make([]string, len(tsc.PermissionTemplates))
	for i, t := range tsc.PermissionTemplates {
		out[i] = string(t)
	}
	return out
}

// checkGrantee requires exactly one of --user and --group.
func (r *RuleFlags) checkGrantee() error {
	if (r.User == "") == (r.Group == "") {
		return cmdutil.FlagErrorf("name the grantee with exactly one of --user and --group")
	}
	return nil
}

// any reports whether the flags name any capability.
func (r *RuleFlags) any() bool { return r.Template != "" || len(r.Allow) > 0 || len(r.Deny) > 0 }

// capabilities reads the template and --allow/--deny into capability
// rules for kind k, checking every name before any request. Names match
// Tableau's in any case ("exportimage" is ExportImage).
func (r *RuleFlags) capabilities(k tsc.PermissionKind) ([]tsc.CapabilityRule, error) {
	var tmpl []tsc.CapabilityRule
	if r.Template != "" {
		t, err := cmdutil.OneOf("template", r.Template, templateNames()...)
		if err != nil {
			return nil, err
		}
		if tmpl, err = tsc.Template(k, tsc.PermissionTemplate(t)); err != nil {
			return nil, cmdutil.FlagErrorWrap(err)
		}
	}
	var named []tsc.CapabilityRule
	seen := map[tsc.Capability]tsc.Mode{}
	for _, set := range []struct {
		flag  string
		names []string
		mode  tsc.Mode
	}{{"allow", r.Allow, tsc.Allow}, {"deny", r.Deny, tsc.Deny}} {
		for _, n := range set.names {
			c, err := capability(k, set.flag, n)
			if err != nil {
				return nil, err
			}
			if m, ok := seen[c]; ok {
				if m != set.mode {
					return nil, cmdutil.FlagErrorf("%s is both allowed and denied", c)
				}
				continue
			}
			seen[c] = set.mode
			named = append(named, tsc.CapabilityRule{Name: c, Mode: set.mode})
		}
	}
	// --allow and --deny win over the template for the capabilities they
	// name.
	out := slices.DeleteFunc(tmpl, func(have tsc.CapabilityRule) bool { _, ok := seen[have.Name]; return ok })
	return append(out, named...), nil
}

// capability finds the capability of kind k named s.
func capability(k tsc.PermissionKind, flag, s string) (tsc.Capability, error) {
	s = strings.TrimSpace(s)
	for _, c := range k.Capabilities() {
		if strings.EqualFold(string(c), s) {
			return c, nil
		}
	}
	names := make([]string, 0)
	for _, c := range k.Capabilities() {
		names = append(names, string(c))
	}
	return "", cmdutil.FlagErrorf("--%s %q is not a capability of a %s: use %s", flag, s, k, strings.Join(names, ", "))
}

// grantee resolves --user or --group.
func (r *RuleFlags) grantee(ctx context.Context, c *tsc.Client) (tsc.Grantee, string, error) {
	if r.User != "" {
		u, err := resources.ResolveUser(ctx, c, r.User)
		if err != nil {
			return tsc.Grantee{}, "", err
		}
		return tsc.UserGrantee(u.ID), "user " + u.Name, nil
	}
	g, err := resources.ResolveGroup(ctx, c, r.Group)
	if err != nil {
		return tsc.Grantee{}, "", err
	}
	return tsc.GroupGrantee(g.ID), "group " + g.Name, nil
}

func rulesFor(g tsc.Grantee, caps []tsc.CapabilityRule) []tsc.PermissionRule {
	out := make([]tsc.PermissionRule, len(caps))
	for i, c := range caps {
		out[i] = tsc.PermissionRule{Grantee: g, Capability: c.Name, Mode: c.Mode}
	}
	return out
}

// EditOptions are the settings of `permissions add|remove|replace`.
type EditOptions struct {
	Output cmdutil.OutputFlags
	Target TargetFlags
	Rules  RuleFlags
}

// prepare checks the flags before any request and resolves the target,
// the grantee and the capabilities.
func (o *EditOptions) prepare(ctx context.Context, f *cmdutil.Factory, needCaps bool) (*tsc.Client, Target, tsc.Grantee, string, []tsc.CapabilityRule, error) {
	fail := func(err error) (*tsc.Client, Target, tsc.Grantee, string, []tsc.CapabilityRule, error) {
		return nil, Target{}, tsc.Grantee{}, "", nil, err
	}
	kind, defaults, err := checkTarget(&o.Target)
	if err != nil {
		return fail(err)
	}
	if err := o.Rules.checkGrantee(); err != nil {
		return fail(err)
	}
	if needCaps && !o.Rules.any() {
		return fail(cmdutil.FlagErrorf("say which capabilities: --template, --allow or --deny"))
	}
	rk := kind
	if defaults != "" {
		rk = defaults
	}
	caps, err := o.Rules.capabilities(rk)
	if err != nil {
		return fail(err)
	}
	c, err := f.Client(ctx)
	if err != nil {
		return fail(err)
	}
	t, err := ResolveTarget(ctx, c, &o.Target)
	if err != nil {
		return fail(err)
	}
	g, who, err := o.Rules.grantee(ctx, c)
	if err != nil {
		return fail(err)
	}
	return c, t, g, who, caps, nil
}

func newCmdAdd(f *cmdutil.Factory) *cobra.Command {
	opts := &EditOptions{}
	cmd := &cobra.Command{
		Use:   "add KIND CONTENT (--user U | --group G) (--template T | --allow CAPS | --deny CAPS)",
		Short: "Add rules for a user or group, then print all the rules",
		Long: `Add rules for one user or group, in one request, and print all the rules.
Rules the item already has stay as they are. --allow and --deny take
Tableau's capability names (see 'permissions list'); they win over the
template for the capabilities they name.`,
		Example: `  tabctl permissions add project Finance --group Analysts --template Explore
  tabctl permissions add workbook "Sales/Q3 Dashboard" --user alice --allow Read,ExportImage --deny ExportData
  tabctl permissions add project Finance --defaults workbooks --group Analysts --template View`,
		Args: targetArgs(&opts.Target),
		RunE: func(cmd *cobra.Command, args []string) error { return RunAdd(cmd.Context(), f, opts) },
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	addTargetFlags(cmd, &opts.Target)
	addRuleFlags(cmd, &opts.Rules, "a permission template to allow (Denied denies everything)")
	return cmd
}

// RunAdd adds the rules and prints all of them.
func RunAdd(ctx context.Context, f *cmdutil.Factory, opts *EditOptions) error {
	p, err := cmdutil.NewPrinter(resources.PermissionTable, opts.Output)
	if err != nil {
		return err
	}
	c, t, g, _, caps, err := opts.prepare(ctx, f, true)
	if err != nil {
		return err
	}
	if err := t.Add(ctx, c, rulesFor(g, caps)); err != nil {
		return err
	}
	return printRules(ctx, f, c, p, t)
}

func newCmdRemove(f *cmdutil.Factory) *cobra.Command {
	opts := &EditOptions{}
	cmd := &cobra.Command{
		Use:   "remove KIND CONTENT (--user U | --group G) [--template T | --allow CAPS | --deny CAPS]",
		Short: "Remove a user's or group's rules",
		Long: `Remove rules of one user or group. With --allow, --deny or --template, only
those rules go (a rule is a capability with its mode: --allow Read removes
an Allow rule for Read, not a Deny); with none of them, every rule of the
grantee goes.`,
		Example: `  tabctl permissions remove workbook "Sales/Q3 Dashboard" --user alice --deny ExportData
  tabctl permissions remove project Finance --group Contractors`,
		Args: targetArgs(&opts.Target),
		RunE: func(cmd *cobra.Command, args []string) error { return RunRemove(cmd.Context(), f, opts) },
	}
	addTargetFlags(cmd, &opts.Target)
	addRuleFlags(cmd, &opts.Rules, "remove the rules of this template")
	return cmd
}

// RunRemove removes the rules, one request each.
func RunRemove(ctx context.Context, f *cmdutil.Factory, opts *EditOptions) error {
	c, t, g, who, caps, err := opts.prepare(ctx, f, false)
	if err != nil {
		return err
	}
	cur, err := t.List(ctx, c)
	if err != nil {
		return err
	}
	var drop []tsc.PermissionRule
	want := rulesFor(g, caps)
	for _, r := range cur.Rules() {
		if r.Grantee == g && (len(want) == 0 || slices.Contains(want, r)) {
			drop = append(drop, r)
		}
	}
	if len(drop) == 0 {
		f.Successf("%s has no such rules on %s; nothing removed\n", who, t)
		return nil
	}
	if err := t.Delete(ctx, c, drop); err != nil {
		return err
	}
	f.Successf("Removed %d rule(s) of %s from %s\n", len(drop), who, t)
	return nil
}

func newCmdReplace(f *cmdutil.Factory) *cobra.Command {
	opts := &EditOptions{}
	cmd := &cobra.Command{
		Use:   "replace KIND CONTENT (--user U | --group G) (--template T | --allow CAPS | --deny CAPS)",
		Short: "Set a user's or group's rules to exactly these, then print all the rules",
		Long: `Make one user's or group's rules exactly the ones given: rules of that
grantee not named are removed, missing ones added, and other grantees'
rules left alone. This is what picking a template for a grantee in
Tableau's permission dialog does.`,
		Example: `  tabctl permissions replace project Finance --group Analysts --template View
  tabctl permissions replace workbook "Sales/Q3 Dashboard" --group Contractors --template Denied`,
		Args: targetArgs(&opts.Target),
		RunE: func(cmd *cobra.Command, args []string) error { return RunReplace(cmd.Context(), f, opts) },
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	addTargetFlags(cmd, &opts.Target)
	addRuleFlags(cmd, &opts.Rules, "a permission template to set")
	return cmd
}

// RunReplace sets the grantee's rules and prints all the rules.
func RunReplace(ctx context.Context, f *cmdutil.Factory, opts *EditOptions) error {
	p, err := cmdutil.NewPrinter(resources.PermissionTable, opts.Output)
	if err != nil {
		return err
	}
	c, t, g, _, caps, err := opts.prepare(ctx, f, true)
	if err != nil {
		return err
	}
	cur, err := t.List(ctx, c)
	if err != nil {
		return err
	}
	var want []tsc.PermissionRule
	for _, r := range cur.Rules() {
		if r.Grantee != g {
			want = append(want, r)
		}
	}
	want = append(want, rulesFor(g, caps)...)
	after, err := t.Replace(ctx, c, want)
	if err != nil {
		return err
	}
	rows, err := (&names{c: c}).rows(ctx, t, after.Rules())
	if err != nil {
		return err
	}
	return p.List(f.IO.Out, rows)
}
