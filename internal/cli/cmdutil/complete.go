package cmdutil

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
)

// CompletionTimeout bounds the requests that fetch live names for shell
// completion: a shell waits on them at each Tab, so a slow or absent server
// gives no candidates rather than a frozen prompt.
var CompletionTimeout = 2 * time.Second

// completionPageSize is how many names one completion asks for: one page,
// never the whole site.
const completionPageSize = 1000

// RegisterCompletions walks the command tree once it is built and gives
// flags and arguments their value completions, by name, so that commands
// need not register anything themselves and a new command with a known
// flag (--output, --role, --project, ...) or under a known noun completes
// without a line of its own:
//   - fixed values: --output formats, --role and --minimum-site-role site
//     roles, --admin-mode, --state, --content-permissions;
//   - live names from the signed-in server: --project and
//     --parent-project-path (paths, or names for tabcmd's -r), --owner and
//     --map-assets-to (users), --workbook, --datasource, and the first
//     argument of the noun-verb commands that take an existing workbook,
//     view, data source, project, user or group.
//
// Live names come from the saved session or credentials given by flag or
// environment, never from a prompt (a completing shell cannot answer
// one), within CompletionTimeout; any error gives no candidates.
func RegisterCompletions(root *cobra.Command, f *Factory) {
	var walk func(*cobra.Command)
	walk = func(cmd *cobra.Command) {
		registerFlagCompletions(cmd, f)
		if cmd.ValidArgsFunction == nil && cmd.Runnable() {
			if fn := argCompletion(cmd, f); fn != nil {
				cmd.ValidArgsFunction = fn
			}
		}
		for _, sub := range cmd.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// Fixed values of the enumerated flags.
var (
	outputFormats      = []string{string(FormatTable), string(FormatJSON), string(FormatCSV)}
	adminModes         = []string{"ContentAndUsers", "ContentOnly"}
	siteStates         = []string{"Active", "Suspended"}
	contentPermissions = []string{string(tsc.LockedToProject), string(tsc.ManagedByOwner), string(tsc.LockedToProjectWithoutNested)}
)

func siteRoles() []string {
	out := make([]string, len(tsc.SiteRoles))
	for i, r := range tsc.SiteRoles {
		out[i] = string(r)
	}
	return out
}

func registerFlagCompletions(cmd *cobra.Command, f *Factory) {
	fixed := map[string][]string{
		"output":              outputFormats,
		"role":                siteRoles(),
		"minimum-site-role":   siteRoles(),
		"admin-mode":          adminModes,
		"state":               siteStates,
		"content-permissions": contentPermissions,
	}
	tabcmd := IsTabcmd(cmd)
	live := map[string]lister{
		"project":             projectPaths(tabcmd),
		"parent-project-path": projectPaths(false),
		"owner":               userNames,
		"map-assets-to":       userNames,
		"workbook":            workbookNames,
		"datasource":          datasourceNames,
	}
	// cmd.Flags(), not LocalNonPersistentFlags: that one merges the
	// inherited flags in, which changes the usage line ("[flags]") of the
	// generated reference.
	flags := cmd.Flags()
	register := func(name string, fn cobra.CompletionFunc) {
		fl := flags.Lookup(name)
		if fl == nil || fl.Value.Type() != "string" {
			return
		}
		if _, done := cmd.GetFlagCompletionFunc(name); done {
			return
		}
		_ = cmd.RegisterFlagCompletionFunc(name, fn)
	}
	for name, vals := range fixed {
		register(name, FixedValues(vals...))
	}
	for name, l := range live {
		register(name, f.liveCompletion(l))
	}
}

// FixedValues completes from a fixed list, case-insensitively on the
// prefix typed, with no file names.
func FixedValues(vals ...string) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return withPrefix(vals, toComplete), cobra.ShellCompDirectiveNoFileComp
	}
}

func withPrefix(vals []string, prefix string) []string {
	var out []string
	for _, v := range vals {
		name, _, _ := strings.Cut(v, "\t")
		if strings.HasPrefix(strings.ToLower(name), strings.ToLower(prefix)) {
			out = append(out, v)
		}
	}
	return out
}

// nounArgs maps a noun to what completes its commands' first argument.
var nounArgs = map[string]lister{
	"workbooks":   workbookNames,
	"views":       viewIDs,
	"datasources": datasourceNames,
	"projects":    projectPaths(false),
	"users":       userNames,
	"groups":      groupNames,
}

// newThings are the verbs of a noun whose first argument is not an
// existing thing (`users add NAME`; `workbooks tags add` takes one).
var newThings = map[string]bool{"create": true, "add": true, "publish": true, "list": true}

// argCompletion is the completion of cmd's first argument when cmd, or
// its parent (`workbooks tags add`), is a verb under a known noun.
func argCompletion(cmd *cobra.Command, f *Factory) cobra.CompletionFunc {
	if _, underNoun := nounArgs[cmd.Parent().Name()]; underNoun && newThings[cmd.Name()] {
		return nil
	}
	for p := cmd.Parent(); p != nil && p.Parent() != nil; p = p.Parent() {
		if l, ok := nounArgs[p.Name()]; ok && p.Parent().Parent() == nil {
			complete := f.liveCompletion(l)
			return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
				if len(args) > 0 {
					return nil, cobra.ShellCompDirectiveNoFileComp
				}
				return complete(cmd, args, toComplete)
			}
		}
	}
	return nil
}

// A lister fetches candidate names from the server.
type lister func(ctx context.Context, c *tsc.Client) ([]string, error)

// liveCompletion completes from the server within CompletionTimeout and
// without any prompt; on any failure it offers nothing.
func (f *Factory) liveCompletion(l lister) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		ctx := cmd.Context()
		if ctx == nil {
			ctx = context.Background()
		}
		ctx, cancel := context.WithTimeout(ctx, CompletionTimeout)
		defer cancel()
		names, err := f.completionNames(ctx, cmd, l)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return withPrefix(names, toComplete), cobra.ShellCompDirectiveNoFileComp
	}
}

func (f *Factory) completionNames(ctx context.Context, cmd *cobra.Command, l lister) ([]string, error) {
	f.Globals.MarkSiteSet(cmd)
	// The shell that runs the completion owns the terminal: a password
	// prompt there would hang the Tab key.
	f.IO.StdinTTY = false
	f.IO.Quiet = true
	f.warned = true // no --no-certcheck warning in the middle of a command line
	c, err := f.Client(ctx)
	if err != nil {
		return nil, err
	}
	names, err := l(ctx, c)
	if err != nil {
		return nil, err
	}
	// A session renewed by credentials is kept for the next command.
	_ = f.Persist()
	sort.Strings(names)
	return names, nil
}

var nameSort = []tsc.Sort{tsc.Asc("name")}

func firstPage() tsc.ListOptions {
	return tsc.ListOptions{PageSize: completionPageSize, Sort: nameSort}
}

func workbookNames(ctx context.Context, c *tsc.Client) ([]string, error) {
	wbs, _, err := c.Workbooks.List(ctx, firstPage())
	return names(wbs, err, func(w tsc.Workbook) string { return w.Name })
}

func datasourceNames(ctx context.Context, c *tsc.Client) ([]string, error) {
	dss, _, err := c.Datasources.List(ctx, firstPage())
	return names(dss, err, func(d tsc.Datasource) string { return d.Name })
}

func userNames(ctx context.Context, c *tsc.Client) ([]string, error) {
	us, _, err := c.Users.List(ctx, firstPage())
	return names(us, err, func(u tsc.User) string { return u.Name })
}

func groupNames(ctx context.Context, c *tsc.Client) ([]string, error) {
	gs, _, err := c.Groups.List(ctx, firstPage())
	return names(gs, err, func(g tsc.Group) string { return g.Name })
}

// viewIDs offers view ids, which the views commands take, each described
// by its workbook and name so that the shell shows what it is.
func viewIDs(ctx context.Context, c *tsc.Client) ([]string, error) {
	vs, _, err := c.Views.List(ctx, tsc.ViewListOptions{ListOptions: firstPage()})
	if err != nil {
		return nil, err
	}
	// A view names its workbook by id only: one page of workbooks names them.
	books := map[string]string{}
	if wbs, _, err := c.Workbooks.List(ctx, firstPage()); err == nil {
		for _, wb := range wbs {
			books[wb.ID] = wb.Name
		}
	}
	return names(vs, nil, func(v tsc.View) string {
		desc := v.Name
		if v.Workbook != nil && books[v.Workbook.ID] != "" {
			desc = books[v.Workbook.ID] + "/" + v.Name
		}
		return v.ID + "\t" + desc
	})
}

// projectPaths offers projects by path ("Finance/Europe"), or by name
// alone for tabcmd's commands, which take the parent apart.
func projectPaths(byName bool) lister {
	return func(ctx context.Context, c *tsc.Client) ([]string, error) {
		ps, _, err := c.Projects.List(ctx, firstPage())
		if err != nil {
			return nil, err
		}
		byID := map[string]tsc.Project{}
		for _, p := range ps {
			byID[p.ID] = p
		}
		seen := map[string]bool{}
		var out []string
		for _, p := range ps {
			name := p.Name
			if !byName {
				for parent, depth := p.ParentProjectID, 0; parent != "" && depth < 64; depth++ {
					pp, ok := byID[parent]
					if !ok {
						break
					}
					name = pp.Name + "/" + name
					parent = pp.ParentProjectID
				}
			}
			if !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		}
		return out, nil
	}
}

func names[T any](items []T, err error, name func(T) string) ([]string, error) {
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		if n := name(it); n != "" {
			out = append(out, n)
		}
	}
	return out, nil
}
