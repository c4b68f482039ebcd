package resources

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// FavoriteRow is one of a user's favorites as tabctl prints it.
type FavoriteRow struct {
	Position *int   `json:"position"`
	Label    string `json:"label"`
	Type     string `json:"type"`
	ID       string `json:"id"`
	Name     string `json:"name"`
	AddedAt  string `json:"addedAt"`
}

// NewFavoriteRow flattens a favorite: its item's kind, id and name.
func NewFavoriteRow(f tsc.Favorite) FavoriteRow {
	return FavoriteRow{Position: f.Position, Label: f.Label, Type: string(f.Kind()), ID: f.ItemID(), Name: f.ItemName(),
		AddedAt: Time(f.AddedAt)}
}

// FavoriteTable shows favorites.
var FavoriteTable = cmdutil.Table[FavoriteRow]{Columns: []cmdutil.Column[FavoriteRow]{
	{Header: "#", Value: func(r FavoriteRow) string { return optInt(r.Position) }},
	{Header: "type", Value: func(r FavoriteRow) string { return r.Type }},
	{Header: "label", Value: func(r FavoriteRow) string { return r.Label }},
	{Header: "name", Value: func(r FavoriteRow) string { return r.Name }},
	{Header: "id", Value: func(r FavoriteRow) string { return r.ID }, Wide: true},
	{Header: "added", Value: func(r FavoriteRow) string { return r.AddedAt }, Wide: true},
}}

// favoriteResolvers turn a command-line reference to an item of each kind
// into its id and name; kinds tabctl cannot look up by name (metrics,
// until the SDK lists them) take an id. A kind gains name lookup
// with one entry here.
var favoriteResolvers = map[tsc.FavoriteKind]func(ctx context.Context, c *tsc.Client, ref, project string) (string, string, error){
	tsc.FavoriteWorkbook: func(ctx context.Context, c *tsc.Client, ref, project string) (string, string, error) {
		w, err := ResolveWorkbook(ctx, c, ref, project)
		if err != nil {
			return "", "", err
		}
		return w.ID, w.Name, nil
	},
	tsc.FavoriteView: func(ctx context.Context, c *tsc.Client, ref, project string) (string, string, error) {
		v, err := ResolveView(ctx, c, ref, project)
		if err != nil {
			return "", "", err
		}
		return v.ID, v.Name, nil
	},
	tsc.FavoriteDatasource: func(ctx context.Context, c *tsc.Client, ref, project string) (string, string, error) {
		d, err := ResolveDatasource(ctx, c, ref, project)
		if err != nil {
			return "", "", err
		}
		return d.ID, d.Name, nil
	},
	tsc.FavoriteProject: func(ctx context.Context, c *tsc.Client, ref, _ string) (string, string, error) {
		p, err := ResolveProject(ctx, c, ref)
		if err != nil {
			return "", "", err
		}
		return p.ID, p.Name, nil
	},
	tsc.FavoriteFlow: func(ctx context.Context, c *tsc.Client, ref, project string) (string, string, error) {
		f, err := ResolveFlow(ctx, c, ref, project)
		if err != nil {
			return "", "", err
		}
		return f.ID, f.Name, nil
	},
}

// FavoriteKindNames are the kinds `tabctl favorites` accepts.
var FavoriteKindNames = []string{"workbook", "view", "datasource", "project", "flow", "metric"}

// ParseFavoriteKind reads a kind from the command line ("workbook",
// "workbooks", "data-source"...).
func ParseFavoriteKind(s string) (tsc.FavoriteKind, error) {
	k := strings.TrimSuffix(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "-", ""), "s")
	if !slices.Contains(FavoriteKindNames, k) {
		return "", cmdutil.FlagErrorf("unknown kind %q: use one of %s", s, strings.Join(FavoriteKindNames, ", "))
	}
	return tsc.FavoriteKind(k), nil
}

// ResolveFavoriteItem finds the item a favorite command names: by id, or
// by name for the kinds that have a resolver.
func ResolveFavoriteItem(ctx context.Context, c *tsc.Client, k tsc.FavoriteKind, ref, project string) (id, name string, err error) {
	if r, ok := favoriteResolvers[k]; ok {
		return r(ctx, c, ref, project)
	}
	if !looksLikeID(ref) {
		return "", "", fmt.Errorf("give the %s's id: tabctl does not look %s up by name", k, k.Plural())
	}
	return ref, ref, nil
}

// looksLikeID reports whether ref is a LUID (8-4-4-4-12 hex digits).
func looksLikeID(ref string) bool {
	parts := strings.Split(ref, "-")
	if len(parts) != 5 {
		return false
	}
	for i, n := range []int{8, 4, 4, 4, 12} {
		if len(parts[i]) != n {
			return false
		}
		if _, err := strconv.ParseUint(parts[i], 16, 64); err != nil {
			return false
		}
	}
	return true
}
