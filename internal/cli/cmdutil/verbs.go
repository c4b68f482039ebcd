package cmdutil

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
)

// A noun's list, get and delete commands are built here from a
// declaration, in the manner of kubectl's generic verbs: the noun says how
// its items are printed (Table, Row), found (Find) and reached through the
// SDK (Page, Delete); the builders give every noun the same arguments,
// flags, output and errors. Verbs particular to one noun (publish, export,
// sites get with its --content-url...) keep their own Options and run
// function, as gh's commands do.

// Help is a built command's text.
type Help struct {
	Short, Long, Example string
}

// Lister declares how a noun is listed. T is the SDK model, R its printed
// row.
type Lister[T, R any] struct {
	// Plural names the items in messages ("data sources").
	Plural string
	// Table gives the row's columns; Row makes the row of one item.
	Table Table[R]
	Row   func(T) R
	// Page gives the SDK call that fetches one page, most often a
	// service's List method (c.Users.List).
	Page func(c *tsc.Client) PageFunc[T]
	// Fields, when set, is the fields= each page asks for (tsc.ListOptions
	// .Fields), so that the columns the default answer leaves empty (an
	// owner's name, a group's user count) come in the same request rather
	// than one more per item.
	Fields []string
}

// withFields makes page ask for l.Fields.
func (l Lister[T, R]) withFields(page PageFunc[T]) PageFunc[T] {
	if len(l.Fields) == 0 {
		return page
	}
	return func(ctx context.Context, o tsc.ListOptions) ([]T, tsc.Pagination, error) {
		o.Fields = l.Fields
		return page(ctx, o)
	}
}

// ListOptions are the settings of every `<noun> list`. They are plain
// values so that other commands (tabcmd's list) can fill them.
type ListOptions struct {
	Output OutputFlags
	List   ListFlags
}

// NewCmdList builds `<noun> list` with the output and list flags. The
// options are the caller's so that it can add flags its Page reads.
func NewCmdList[T, R any](f *Factory, l Lister[T, R], h Help, opts *ListOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "list",
		Short:   h.Short,
		Long:    h.Long,
		Example: h.Example,
		Args:    NoArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return RunList(cmd.Context(), f, l, opts) },
	}
	AddOutputFlags(cmd, &opts.Output)
	AddListFlags(cmd, &opts.List)
	return cmd
}

// RunList prints the items. Flags are checked before the client is made,
// so a usage error costs no sign-in and no request.
func RunList[T, R any](ctx context.Context, f *Factory, l Lister[T, R], opts *ListOptions) error {
	p, err := checkList(l, opts)
	if err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	return printList(ctx, f, p, l, opts, l.Page(c))
}

// PrintPages prints the rows of page's pages as they arrive, as RunList
// does, for lists whose page needs more than a client (an item resolved
// first: a workbook's revisions).
func PrintPages[T, R any](ctx context.Context, f *Factory, l Lister[T, R], opts *ListOptions, page PageFunc[T]) error {
	p, err := checkList(l, opts)
	if err != nil {
		return err
	}
	return printList(ctx, f, p, l, opts, page)
}

// checkList makes the printer and checks the list flags.
func checkList[T, R any](l Lister[T, R], opts *ListOptions) (*Printer[R], error) {
	p, err := NewPrinter(l.Table, opts.Output)
	if err != nil {
		return nil, err
	}
	if _, err := opts.List.ListOptions(); err != nil {
		return nil, err
	}
	return p, nil
}

// printList prints the rows of the pages the flags ask for, each page as
// it arrives.
func printList[T, R any](ctx context.Context, f *Factory, p *Printer[R], l Lister[T, R], opts *ListOptions, page PageFunc[T]) error {
	p.Fit(f.IO.TerminalWidth)
	out := p.Stream(f.IO.Out)
	rows := []R{}
	n, total, err := EachPage(ctx, &opts.List, l.withFields(page), func(items []T) error {
		rows = rows[:0]
		for _, it := range items {
			rows = append(rows, l.Row(it))
		}
		return out.Write(rows)
	})
	if err != nil {
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	f.NoteTruncated(n, total, l.Plural)
	return nil
}

// Item declares how one item of a noun is named on the command line and
// found. T is the SDK model (the one Find returns), R its printed row.
type Item[T, R any] struct {
	// Singular names the kind in messages ("data source").
	Singular string
	// Arg is the argument's name in usage (WORKBOOK); ArgHelp says what
	// it accepts ("a workbook id or name"), for the usage error when it
	// is missing.
	Arg, ArgHelp string
	// ProjectHelp, when set, adds --project with this help: its value
	// narrows a name to one project, for nouns whose names repeat across
	// projects.
	ProjectHelp string
	// Table and Row print the item (get).
	Table Table[R]
	Row   func(T) R
	// Find returns the item named by ref (an id, a name or a path) within
	// project (empty unless ProjectHelp is set), and an error matching
	// tsc.ErrNotFound when there is none.
	Find func(ctx context.Context, c *tsc.Client, ref, project string) (*T, error)
	// Get, when set, fetches the item by id: get uses it to show the
	// item's whole answer when Find found it by name in a list, whose
	// entries lack fields. A failed Get keeps what Find found.
	Get func(ctx context.Context, c *tsc.Client, id string) (*T, error)
	// Ident reads the item's id and name, for messages.
	Ident func(T) (id, name string)
}

// ItemOptions are the settings of the verbs on one item (get, delete).
type ItemOptions struct {
	// Output is for verbs that print the item.
	Output OutputFlags
	// Ref is the id, name or path given; Project narrows a name.
	Ref     string
	Project string
}

// itemCmd is the command shape of every verb on one item: `<verb> ITEM`,
// the item's argument into ref, and --project into project for nouns
// whose names repeat across projects.
func (it Item[T, R]) itemCmd(verb string, h Help, ref, project *string, run func(ctx context.Context) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:     verb + " " + it.Arg,
		Short:   h.Short,
		Long:    h.Long,
		Example: h.Example,
		Args:    ExactArgs(1, it.ArgHelp),
		RunE: func(cmd *cobra.Command, args []string) error {
			*ref = args[0]
			return run(cmd.Context())
		},
	}
	if it.ProjectHelp != "" {
		cmd.Flags().StringVar(project, "project", "", it.ProjectHelp)
	}
	return cmd
}

// NewCmdGet builds `<noun> get ITEM`, which prints one item.
func NewCmdGet[T, R any](f *Factory, it Item[T, R], h Help) *cobra.Command {
	opts := &ItemOptions{}
	cmd := it.itemCmd("get", h, &opts.Ref, &opts.Project, func(ctx context.Context) error { return RunGet(ctx, f, it, opts) })
	AddOutputFlags(cmd, &opts.Output)
	return cmd
}

// RunGet prints the item opts names.
func RunGet[T, R any](ctx context.Context, f *Factory, it Item[T, R], opts *ItemOptions) error {
	p, err := NewPrinter(it.Table, opts.Output)
	if err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	item, err := it.Find(ctx, c, opts.Ref, opts.Project)
	if err != nil {
		return err
	}
	if it.Get != nil && !LooksLikeID(opts.Ref) {
		id, _ := it.Ident(*item)
		if whole, err := it.Get(ctx, c, id); err == nil {
			item = whole
		}
	}
	return p.One(f.IO.Out, it.Row(*item))
}

// Deleter declares how an item is deleted.
type Deleter[T any] struct {
	// Delete deletes the item with this id.
	Delete func(ctx context.Context, c *tsc.Client, id string) error
	// Confirm, when set, runs once the item is found and before it is
	// deleted; an error (the user said no) stops the deletion. It is the
	// place for a confirmation prompt that shows what will go.
	Confirm func(ctx context.Context, f *Factory, c *tsc.Client, item T) error
	// Describe, when set, says what deleting the item takes with it ("project
	// Finance and its 3 workbooks"): the command NewCmdDelete builds then
	// asks before deleting (ConfirmDelete: on a terminal, or refused without
	// one) and takes --yes. Run without the command (tabcmd's deletes, which
	// never ask), it is not used.
	Describe func(ctx context.Context, c *tsc.Client, item *T) string
}

// NewCmdDelete builds `<noun> delete ITEM`, with --yes and a confirmation
// when the Deleter describes what goes.
func NewCmdDelete[T, R any](f *Factory, it Item[T, R], d Deleter[T], h Help) *cobra.Command {
	opts := &ItemOptions{}
	var yes bool
	if d.Describe != nil {
		describe := d.Describe
		d.Confirm = func(ctx context.Context, f *Factory, c *tsc.Client, item T) error {
			return ConfirmDelete(ctx, f, yes, func() string { return describe(ctx, c, &item) })
		}
	}
	cmd := it.itemCmd("delete", h, &opts.Ref, &opts.Project, func(ctx context.Context) error { return RunDelete(ctx, f, it, d, opts) })
	if d.Describe != nil {
		AddYesFlag(cmd, &yes)
	}
	return cmd
}

// RunDelete finds the item, asks Confirm if set, deletes it and says so
// (unless --quiet).
func RunDelete[T, R any](ctx context.Context, f *Factory, it Item[T, R], d Deleter[T], opts *ItemOptions) error {
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	item, err := it.Find(ctx, c, opts.Ref, opts.Project)
	if err != nil {
		return err
	}
	if d.Confirm != nil {
		if err := d.Confirm(ctx, f, c, *item); err != nil {
			return err
		}
	}
	id, name := it.Ident(*item)
	if err := d.Delete(ctx, c, id); err != nil {
		return err
	}
	if name == "" {
		f.Successf("Deleted %s %s\n", it.Singular, id)
	} else {
		f.Successf("Deleted %s %s (%s)\n", it.Singular, name, id)
	}
	return nil
}

// ListOfOptions are the settings of a list of what belongs to one item.
type ListOfOptions struct {
	ListOptions
	// Ref names the item; Project narrows its name.
	Ref, Project string
}

// NewCmdListOf builds `<noun> <verb> ITEM`, the list of what belongs to
// one item (a group's users, a user's groups): the item is named as get
// names it, and pageOf lists its children, printed as l says (l.Page is
// not used). The options are the caller's so that it can add flags
// pageOf reads.
func NewCmdListOf[P, PR, T, R any](f *Factory, verb string, parent Item[P, PR], l Lister[T, R], pageOf func(c *tsc.Client, parent P) PageFunc[T], h Help, opts *ListOfOptions) *cobra.Command {
	cmd := parent.itemCmd(verb, h, &opts.Ref, &opts.Project, func(ctx context.Context) error {
		return RunListOf(ctx, f, parent, l, pageOf, opts)
	})
	AddOutputFlags(cmd, &opts.Output)
	AddListFlags(cmd, &opts.List)
	return cmd
}

// RunListOf finds the item and prints what belongs to it.
func RunListOf[P, PR, T, R any](ctx context.Context, f *Factory, parent Item[P, PR], l Lister[T, R], pageOf func(c *tsc.Client, parent P) PageFunc[T], opts *ListOfOptions) error {
	p, err := checkList(l, &opts.ListOptions)
	if err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	item, err := parent.Find(ctx, c, opts.Ref, opts.Project)
	if err != nil {
		return err
	}
	return printList(ctx, f, p, l, &opts.ListOptions, pageOf(c, *item))
}
