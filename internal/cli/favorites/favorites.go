// Package favorites holds `tabctl favorites`: list, add, delete and move a
// user's favorite workbooks, views, data sources, projects, flows and
// metrics. Every kind goes through the same verbs, named by its first
// argument.
package favorites

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// NewCmdFavorites builds `tabctl favorites` and its verbs.
func NewCmdFavorites(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "favorites <command>",
		Short: "List, add, delete and reorder users' favorites",
		Long: `List, add, delete and reorder favorites: yours, or (for an administrator) any
user's of the site with --user. KIND is one of ` + strings.Join(resources.FavoriteKindNames, ", ") + `;
workbooks, views, data sources and projects are named by id or name, flows
and metrics by id.`,
		Args: cmdutil.NoArgs,
	}
	cmd.AddCommand(newCmdList(f), newCmdAdd(f), newCmdDelete(f), newCmdMove(f))
	return cmd
}

// Options are the settings the favorites verbs share.
type Options struct {
	Output  cmdutil.OutputFlags
	User    string
	Project string
	Label   string
	Kind    string
	Ref     string
	// AfterKind and After name the favorite a move puts the item after.
	AfterKind, After string
}

func addUserFlag(cmd *cobra.Command, o *Options) {
	cmd.Flags().StringVar(&o.User, "user", "", "whose favorites, by id or name (default: yours; others' are for administrators)")
}

func newCmdList(f *cmdutil.Factory) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:     "list",
		Short:   "List a user's favorites, in their order",
		Example: "  tabctl favorites list\n  tabctl favorites list --user ann -o json",
		Args:    cmdutil.NoArgs,
		RunE:    func(cmd *cobra.Command, _ []string) error { return RunList(cmd.Context(), f, o) },
	}
	cmdutil.AddOutputFlags(cmd, &o.Output)
	addUserFlag(cmd, o)
	return cmd
}

// userID resolves --user, or the signed-in user.
func userID(ctx context.Context, c *tsc.Client, ref string) (string, error) {
	if ref == "" {
		return c.Session().UserID, nil
	}
	u, err := resources.ResolveUser(ctx, c, ref)
	if err != nil {
		return "", err
	}
	return u.ID, nil
}

// favoriteOf resolves what add, delete and move act on: the client, the
// user whose favorites change (--user, or the signed-in user), and the
// item of kind k named ref.
func favoriteOf(ctx context.Context, f *cmdutil.Factory, o *Options, k tsc.FavoriteKind, project string) (c *tsc.Client, uid, id, name string, err error) {
	if c, err = f.Client(ctx); err != nil {
		return nil, "", "", "", err
	}
	if uid, err = userID(ctx, c, o.User); err != nil {
		return nil, "", "", "", err
	}
	id, name, err = resources.ResolveFavoriteItem(ctx, c, k, o.Ref, project)
	return c, uid, id, name, err
}

// printFavorites writes the user's list as rows.
func printFavorites(f *cmdutil.Factory, p *cmdutil.Printer[resources.FavoriteRow], favs []tsc.Favorite) error {
	rows := make([]resources.FavoriteRow, len(favs))
	for i, fv := range favs {
		rows[i] = resources.NewFavoriteRow(fv)
	}
	return p.List(f.IO.Out, rows)
}

// RunList prints the user's favorites.
func RunList(ctx context.Context, f *cmdutil.Factory, o *Options) error {
	p, err := cmdutil.NewPrinter(resources.FavoriteTable, o.Output)
	if err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	uid, err := userID(ctx, c, o.User)
	if err != nil {
		return err
	}
	favs, err := c.Favorites.List(ctx, uid)
	if err != nil {
		return err
	}
	return printFavorites(f, p, favs)
}

func newCmdAdd(f *cmdutil.Factory) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:     "add KIND ITEM",
		Short:   "Add an item to a user's favorites (last in the list)",
		Example: "  tabctl favorites add workbook Sales --project Finance\n  tabctl favorites add view Sales/Overview --label \"Morning view\"",
		Args:    cmdutil.ExactArgs(2, "a kind ("+strings.Join(resources.FavoriteKindNames, ", ")+") and an item"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Kind, o.Ref = args[0], args[1]
			return RunAdd(cmd.Context(), f, o)
		},
	}
	cmdutil.AddOutputFlags(cmd, &o.Output)
	addUserFlag(cmd, o)
	cmd.Flags().StringVar(&o.Project, "project", "", "the project of the item, when its name is not unique")
	cmd.Flags().StringVar(&o.Label, "label", "", "the favorite's label (default: the item's name)")
	return cmd
}

// RunAdd adds the item and prints the user's favorites afterwards.
func RunAdd(ctx context.Context, f *cmdutil.Factory, o *Options) error {
	p, err := cmdutil.NewPrinter(resources.FavoriteTable, o.Output)
	if err != nil {
		return err
	}
	k, err := resources.ParseFavoriteKind(o.Kind)
	if err != nil {
		return err
	}
	c, uid, id, name, err := favoriteOf(ctx, f, o, k, o.Project)
	if err != nil {
		return err
	}
	label := o.Label
	if label == "" {
		label = name
	}
	favs, err := c.Favorites.Add(ctx, uid, k, id, label)
	if err != nil {
		return fmt.Errorf("adding the %s to favorites: %w", k, err)
	}
	return printFavorites(f, p, favs)
}

func newCmdDelete(f *cmdutil.Factory) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:     "delete KIND ITEM",
		Short:   "Remove an item from a user's favorites",
		Example: "  tabctl favorites delete workbook Sales",
		Args:    cmdutil.ExactArgs(2, "a kind ("+strings.Join(resources.FavoriteKindNames, ", ")+") and an item"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Kind, o.Ref = args[0], args[1]
			return RunDelete(cmd.Context(), f, o)
		},
	}
	addUserFlag(cmd, o)
	cmd.Flags().StringVar(&o.Project, "project", "", "the project of the item, when its name is not unique")
	return cmd
}

// RunDelete removes the item from the user's favorites.
func RunDelete(ctx context.Context, f *cmdutil.Factory, o *Options) error {
	k, err := resources.ParseFavoriteKind(o.Kind)
	if err != nil {
		return err
	}
	c, uid, id, name, err := favoriteOf(ctx, f, o, k, o.Project)
	if err != nil {
		return err
	}
	if err := c.Favorites.Delete(ctx, uid, k, id); err != nil {
		return err
	}
	f.Successf("Removed %s %q from favorites\n", k, name)
	return nil
}

func newCmdMove(f *cmdutil.Factory) *cobra.Command {
	o := &Options{}
	cmd := &cobra.Command{
		Use:     "move KIND ITEM --after KIND:ITEM",
		Short:   "Move a favorite to just after another in a user's list",
		Example: "  tabctl favorites move view Sales/Overview --after workbook:Sales",
		Args:    cmdutil.ExactArgs(2, "a kind ("+strings.Join(resources.FavoriteKindNames, ", ")+") and an item"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Kind, o.Ref = args[0], args[1]
			return RunMove(cmd.Context(), f, o)
		},
	}
	addUserFlag(cmd, o)
	cmd.Flags().StringVar(&o.After, "after", "", "the favorite to move after, as KIND:ITEM (required)")
	return cmd
}

// RunMove moves one favorite after another (Organize Favorites).
func RunMove(ctx context.Context, f *cmdutil.Factory, o *Options) error {
	k, err := resources.ParseFavoriteKind(o.Kind)
	if err != nil {
		return err
	}
	ak, aref, ok := strings.Cut(o.After, ":")
	if !ok || aref == "" {
		return cmdutil.FlagErrorf("--after needs KIND:ITEM, such as workbook:Sales")
	}
	afterKind, err := resources.ParseFavoriteKind(ak)
	if err != nil {
		return err
	}
	c, uid, id, name, err := favoriteOf(ctx, f, o, k, "")
	if err != nil {
		return err
	}
	afterID, afterName, err := resources.ResolveFavoriteItem(ctx, c, afterKind, aref, "")
	if err != nil {
		return err
	}
	if err := c.Favorites.Order(ctx, uid, tsc.FavoriteOrdering{FavoriteID: id, FavoriteType: k,
		FavoriteIDMoveAfter: afterID, FavoriteTypeMoveAfter: afterKind}); err != nil {
		return err
	}
	f.Successf("Moved %s %q after %s %q\n", k, name, afterKind, afterName)
	return nil
}
