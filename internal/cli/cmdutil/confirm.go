package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/iostreams"
)

// ErrCancelled is returned when the user answers no at a confirmation
// prompt: nothing was changed, and the command fails (exit 1) so that a
// script does not go on as if it had.
var ErrCancelled = errors.New("cancelled: nothing was deleted")

// AddYesFlag adds --yes (-y), which answers a destructive command's
// confirmation in advance.
func AddYesFlag(cmd *cobra.Command, yes *bool) {
	cmd.Flags().BoolVarP(yes, "yes", "y", false, "delete without asking for confirmation (needed when standard input is not a terminal)")
}

// Confirm asks on the terminal whether to go ahead with what prompt
// describes (e.g. "Delete project Finance and its 3 workbooks?"), and
// returns nil only on "y" or "yes". yes (--yes) answers in advance, so
// nothing is asked. Without a terminal to ask on, it refuses with a usage
// error (exit 2) that says to pass --yes, as gh does: a script must say
// what it means rather than have a deletion happen because no one could be
// asked. ctx ended (Ctrl-C, which tabctl catches) ends the wait at once.
func Confirm(ctx context.Context, ios *iostreams.IOStreams, prompt string, yes bool) error {
	if yes {
		return nil
	}
	if !ios.CanPrompt() {
		return FlagErrorf("%s: standard input is not a terminal to confirm on; pass --yes to go ahead", strings.TrimSuffix(prompt, "?"))
	}
	fmt.Fprintf(ios.ErrOut, "%s [y/N] ", prompt)
	line, err := ios.ReadLine(ctx)
	if ctx.Err() != nil && err != nil {
		fmt.Fprintln(ios.ErrOut)
		return fmt.Errorf("reading the answer: %w", err)
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("reading the answer: %w", err)
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return nil
	}
	if errors.Is(err, io.EOF) {
		fmt.Fprintln(ios.ErrOut)
	}
	return ErrCancelled
}

// The Describe functions say what a deletion takes with it, for the
// confirmation prompt. They are called only when there is someone to ask
// (never under --yes), since counting content costs requests; a count that
// cannot be made is left out rather than failing the deletion.

// DescribeProject names a project and what goes with it: "project Finance
// and its 3 workbooks, 2 data sources, 1 nested project".
func DescribeProject(ctx context.Context, c *tsc.Client, p *tsc.Project) string {
	desc := fmt.Sprintf("project %s", p.Name)
	children := map[string][]string{}
	for q, err := range c.Projects.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize}) {
		if err != nil {
			return desc + " and everything in it"
		}
		children[q.ParentProjectID] = append(children[q.ParentProjectID], q.ID)
	}
	gone := map[string]bool{p.ID: true}
	queue := []string{p.ID}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		for _, kid := range children[id] {
			if !gone[kid] {
				gone[kid] = true
				queue = append(queue, kid)
			}
		}
	}
	workbooks, datasources := 0, 0
	for wb, err := range c.Workbooks.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize}) {
		if err != nil {
			return desc + " and everything in it"
		}
		if wb.Project != nil && gone[wb.Project.ID] {
			workbooks++
		}
	}
	for ds, err := range c.Datasources.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize}) {
		if err != nil {
			return desc + " and everything in it"
		}
		if ds.Project != nil && gone[ds.Project.ID] {
			datasources++
		}
	}
	parts := []string{count(workbooks, "workbook", "workbooks"), count(datasources, "data source", "data sources")}
	parts = appendSome(parts, countInProjects(c.Flows.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize}),
		func(f tsc.Flow) *tsc.Project { return f.Project }, gone), "flow", "flows")
	parts = appendSome(parts, countInProjects(c.VirtualConnections.All(ctx, tsc.ListOptions{PageSize: tsc.MaxPageSize}),
		func(v tsc.VirtualConnection) *tsc.Project { return v.Project }, gone), "virtual connection", "virtual connections")
	parts = append(parts, count(len(gone)-1, "nested project", "nested projects"))
	return desc + " and its " + strings.Join(parts, ", ")
}

// Flows and virtual connections, which came after workbooks and data
// sources, are named in a prompt only when there are some: a server or API
// version without them (their list fails) or a project without them keeps
// the prompt it always had. The deletion takes them all the same.

// countInProjects counts the items of seq in one of the projects of in;
// -1 when the list cannot be read.
func countInProjects[T any](seq iter.Seq2[T, error], project func(T) *tsc.Project, in map[string]bool) int {
	n := 0
	for it, err := range seq {
		if err != nil {
			return -1
		}
		if p := project(it); p != nil && in[p.ID] {
			n++
		}
	}
	return n
}

// appendSome adds "n things" to parts when n is above 0.
func appendSome(parts []string, n int, one, several string) []string {
	if n > 0 {
		parts = append(parts, count(n, one, several))
	}
	return parts
}

// DescribeSite names a site and, when it is the session's (the only one
// whose content the session can count), what is on it.
func DescribeSite(ctx context.Context, c *tsc.Client, s *tsc.Site) string {
	desc := fmt.Sprintf("site %q (content URL %q)", s.Name, s.ContentURL)
	if s.ID != c.Session().SiteID {
		return desc + " and everything on it"
	}
	one := tsc.ListOptions{PageSize: 1}
	total := func(list func(context.Context, tsc.ListOptions) (tsc.Pagination, error)) int {
		p, err := list(ctx, one)
		if err != nil {
			return -1
		}
		return p.TotalAvailable
	}
	counts := []struct {
		n            int
		one, several string
	}{
		{total(func(ctx context.Context, o tsc.ListOptions) (tsc.Pagination, error) {
			_, p, err := c.Projects.List(ctx, o)
			return p, err
		}), "project", "projects"},
		{total(func(ctx context.Context, o tsc.ListOptions) (tsc.Pagination, error) {
			_, p, err := c.Workbooks.List(ctx, o)
			return p, err
		}), "workbook", "workbooks"},
		{total(func(ctx context.Context, o tsc.ListOptions) (tsc.Pagination, error) {
			_, p, err := c.Datasources.List(ctx, o)
			return p, err
		}), "data source", "data sources"},
		{total(func(ctx context.Context, o tsc.ListOptions) (tsc.Pagination, error) {
			_, p, err := c.Users.List(ctx, o)
			return p, err
		}), "user", "users"},
	}
	var parts []string
	for _, n := range counts {
		if n.n < 0 {
			return desc + " and everything on it"
		}
		parts = append(parts, count(n.n, n.one, n.several))
	}
	// Flows and virtual connections, when there are some (see
	// countInProjects), before the users.
	users := parts[len(parts)-1]
	parts = appendSome(parts[:len(parts)-1], total(func(ctx context.Context, o tsc.ListOptions) (tsc.Pagination, error) {
		_, p, err := c.Flows.List(ctx, o)
		return p, err
	}), "flow", "flows")
	parts = appendSome(parts, total(func(ctx context.Context, o tsc.ListOptions) (tsc.Pagination, error) {
		_, p, err := c.VirtualConnections.List(ctx, o)
		return p, err
	}), "virtual connection", "virtual connections")
	parts = append(parts, users)
	return desc + " and its " + strings.Join(parts, ", ")
}

// DescribeGroup names a group and its members, who are not deleted.
func DescribeGroup(ctx context.Context, c *tsc.Client, g *tsc.Group) string {
	_, p, err := c.Groups.Users(ctx, g.ID, tsc.ListOptions{PageSize: 1})
	if err != nil {
		return fmt.Sprintf("group %s", g.Name)
	}
	return fmt.Sprintf("group %s (%s, who stay on the site)", g.Name, count(p.TotalAvailable, "member", "members"))
}

// DescribeUser names a user and the workbooks they own, which go to
// heir (a user's name) or, with no heir, stop the removal on the server.
func DescribeUser(ctx context.Context, c *tsc.Client, u *tsc.User, heir string) string {
	desc := fmt.Sprintf("user %s", u.Name)
	if u.SiteRole != "" {
		desc += fmt.Sprintf(" (%s)", u.SiteRole)
	}
	// What the user owns, each kind counted with one request of one item;
	// a kind the server cannot count (an older server, a filter it lacks)
	// is left out of the question rather than failing it.
	byOwner := tsc.ListOptions{PageSize: 1, Filters: []tsc.Filter{tsc.Eq("ownerName", u.Name)}}
	kinds := []struct {
		one, several string
		total        func() (tsc.Pagination, error)
	}{
		{"workbook", "workbooks", func() (tsc.Pagination, error) {
			_, p, err := c.Users.Workbooks(ctx, u.ID, true, tsc.ListOptions{PageSize: 1})
			return p, err
		}},
		{"data source", "data sources", func() (tsc.Pagination, error) {
			_, p, err := c.Datasources.List(ctx, byOwner)
			return p, err
		}},
		{"flow", "flows", func() (tsc.Pagination, error) {
			_, p, err := c.Flows.List(ctx, byOwner)
			return p, err
		}},
		{"virtual connection", "virtual connections", func() (tsc.Pagination, error) {
			_, p, err := c.VirtualConnections.List(ctx, byOwner)
			return p, err
		}},
	}
	var owned []string
	for _, k := range kinds {
		if p, err := k.total(); err == nil && p.TotalAvailable > 0 {
			owned = append(owned, count(p.TotalAvailable, k.one, k.several))
		}
	}
	if len(owned) == 0 {
		return desc
	}
	desc += ", owner of " + strings.Join(owned, ", ")
	if heir != "" {
		desc += " that go to " + heir
	}
	return desc
}

func count(n int, one, several string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, several)
}

// ConfirmDelete is Confirm for a deletion: "Delete <what goes>?", with
// describe called only when someone is there to be asked.
func ConfirmDelete(ctx context.Context, f *Factory, yes bool, describe func() string) error {
	if yes {
		return nil
	}
	if !f.IO.CanPrompt() {
		return FlagErrorf("this deletes for good and standard input is not a terminal to confirm on: pass --yes to go ahead")
	}
	return Confirm(ctx, f.IO, "Delete "+describe()+"?", false)
}
