package tsc

import (
	"context"
	"encoding/xml"
	"errors"
	"net/http"
	"net/url"
)

// FavoritesService reads and changes users' favorites on the current site
// (Tableau's Favorites Methods). A user manages their own favorites;
// administrators manage anyone's. Every kind of item goes through the same
// calls, named by its FavoriteKind.
type FavoritesService service

// favoriteSince is the first API version in which each kind can be added
// to and deleted from favorites (as TSC's favorites endpoint has them).
var favoriteSince = map[FavoriteKind][2]Version{
	FavoriteWorkbook:   {{2, 0}, {2, 0}},
	FavoriteView:       {{2, 0}, {2, 0}},
	FavoriteDatasource: {{2, 3}, {2, 3}},
	FavoriteProject:    {{3, 1}, {3, 1}},
	FavoriteFlow:       {{3, 3}, {3, 3}},
	FavoriteMetric:     {{3, 3}, {3, 15}},
}

// favoriteKindVersions checks a kind and returns its versions (add, delete).
func favoriteKindVersions(op string, k FavoriteKind) ([2]Version, error) {
	v, ok := favoriteSince[k]
	if !ok {
		return v, errors.New("tsc: Favorites." + op + ": " + string(k) + " is not a kind of item that can be added to favorites (workbook, view, datasource, project, flow, metric)")
	}
	return v, nil
}

func favoritesPath(userID string) string { return "favorites/" + url.PathEscape(userID) }

func pickFavorites(r *TSResponse) []Favorite {
	if r.Favorites == nil {
		return nil
	}
	return r.Favorites.Favorites
}

// List returns the user's favorites in their order (Position, 0 first).
//
// GET /api/{v}/sites/{site-id}/favorites/{user-id} (API 2.5).
func (s *FavoritesService) List(ctx context.Context, userID string) ([]Favorite, error) {
	if userID == "" {
		return nil, errors.New("tsc: Favorites.List: empty user id")
	}
	resp, err := s.client.getSite(ctx, "Favorites.List", Version{2, 5}, favoritesPath(userID), nil)
	if err != nil {
		return nil, err
	}
	return pickFavorites(resp), nil
}

// favoriteAdd is the body of Add Favorite: <favorite label><kind id/></favorite>.
type favoriteAdd struct {
	Label string      `xml:"label,attr"`
	Item  favoriteRef `xml:",any"`
}

type favoriteRef struct {
	XMLName xml.Name
	ID      string `xml:"id,attr"`
}

// Add makes an item a favorite of the user, with label as its name in the
// list (the item's name when label is empty; Tableau requires one). Adding
// an item that already is a favorite changes its label only. It returns
// the user's favorites afterwards.
//
// PUT /api/{v}/sites/{site-id}/favorites/{user-id} (API 2.0 for workbooks
// and views, 2.3 data sources, 3.1 projects, 3.3 flows and metrics).
func (s *FavoritesService) Add(ctx context.Context, userID string, kind FavoriteKind, itemID, label string) ([]Favorite, error) {
	v, err := favoriteKindVersions("Add", kind)
	if err != nil {
		return nil, err
	}
	if userID == "" || itemID == "" {
		return nil, errors.New("tsc: Favorites.Add: empty user or item id")
	}
	if label == "" {
		return nil, errors.New("tsc: Favorites.Add: empty label (Tableau requires one; the item's name is the usual choice)")
	}
	b, err := encodeElement("favorite", favoriteAdd{Label: label, Item: favoriteRef{XMLName: xml.Name{Local: string(kind)}, ID: itemID}})
	if err != nil {
		return nil, err
	}
	resp, err := s.client.sendSite(ctx, "Favorites.Add", v[0], http.MethodPut, favoritesPath(userID), nil, b)
	if err != nil {
		return nil, err
	}
	return pickFavorites(resp), nil
}

// Delete removes an item from the user's favorites.
//
// DELETE /api/{v}/sites/{site-id}/favorites/{user-id}/{kind}s/{item-id}
// (API 2.0 to 3.15, by kind, as for Add).
func (s *FavoritesService) Delete(ctx context.Context, userID string, kind FavoriteKind, itemID string) error {
	v, err := favoriteKindVersions("Delete", kind)
	if err != nil {
		return err
	}
	if userID == "" || itemID == "" {
		return errors.New("tsc: Favorites.Delete: empty user or item id")
	}
	return s.client.deleteSite(ctx, "Favorites.Delete", v[1], favoritesPath(userID)+"/"+kind.Plural()+"/"+url.PathEscape(itemID), nil)
}

// Order moves favorites within the user's list: each ordering puts one
// favorite just after another, in turn.
//
// PUT /api/{v}/sites/{site-id}/orderFavorites/{user-id} (Organize
// Favorites, API 3.8).
func (s *FavoritesService) Order(ctx context.Context, userID string, moves ...FavoriteOrdering) error {
	if userID == "" {
		return errors.New("tsc: Favorites.Order: empty user id")
	}
	if len(moves) == 0 {
		return errors.New("tsc: Favorites.Order: no orderings")
	}
	for _, m := range moves {
		if m.FavoriteID == "" || m.FavoriteType == "" || m.FavoriteIDMoveAfter == "" || m.FavoriteTypeMoveAfter == "" {
			return errors.New("tsc: Favorites.Order: an ordering needs both favorites' ids and types")
		}
	}
	b, err := encodeElement("favoriteOrderings", FavoriteOrderingList{Orderings: moves})
	if err != nil {
		return err
	}
	_, err = s.client.sendSite(ctx, "Favorites.Order", Version{3, 8}, http.MethodPut, "orderFavorites/"+url.PathEscape(userID), nil, b)
	return err
}
