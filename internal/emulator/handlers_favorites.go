package emulator

import (
	"errors"
	"net/http"
	"unicode/utf8"

	"github.com/tsc-go/tsc"
)

// Favorites (Tableau's Favorites Methods): a user's list of workbooks,
// views, data sources, projects, flows (and, on servers that have them,
// metrics and collections), each with a label and a position.
//
// Authority, as the reference's Permissions sections say: a user manages
// their own favorites and administrators anyone's on their site
// (actManageFavorites); "users who are not server administrators or site
// administrators can call this method only if they have Read (view)
// permissions" on the item, which authorizeContent decides. An item, or a
// user, of another site is a 404.
//
// Order: Tableau's answers list favorites by position; a new favorite goes
// last (the reference's example answers list the one just added after the
// others), Organize Favorites moves one after another, and the others keep
// their order when one is deleted. Positions are answered as ranks in the
// list the caller sees, 0 first.

// favoriteKind is what the favorites routes need to know of one kind of
// item: its permissions kind (its table, facts and 404, permResources) and
// how to write it inside <favorite>. A content type the emulator gains is
// one more row here (and its cleanup trigger beside 0018's).
type favoriteKind struct {
	kind tsc.FavoriteKind
	perm tsc.PermissionKind
	// render writes the item into f.
	render func(s *Server, c *call, id string, f *tsc.Favorite) error
}

var favoriteKinds = []favoriteKind{
	{tsc.FavoriteWorkbook, tsc.PermWorkbook, func(s *Server, c *call, id string, f *tsc.Favorite) error {
		w, err := s.workbookResponse(c, id, false)
		f.Workbook = w
		return err
	}},
	{tsc.FavoriteView, tsc.PermView, func(s *Server, c *call, id string, f *tsc.Favorite) error {
		v, err := s.store.view(c.ctx, c.siteID(), id)
		if err != nil {
			return err
		}
		out := renderView(v, false)
		f.View = &out
		return nil
	}},
	{tsc.FavoriteDatasource, tsc.PermDatasource, func(s *Server, c *call, id string, f *tsc.Favorite) error {
		d, err := s.datasourceResponse(c, id)
		f.Datasource = d
		return err
	}},
	{tsc.FavoriteProject, tsc.PermProject, func(s *Server, c *call, id string, f *tsc.Favorite) error {
		p, err := s.store.project(c.ctx, s.store.db, c.siteID(), id)
		if err != nil {
			return err
		}
		out := renderProject(p)
		f.Project = &out
		return nil
	}},
	{tsc.FavoriteFlow, tsc.PermFlow, func(s *Server, c *call, id string, f *tsc.Favorite) error {
		fl, err := s.flowResponse(c, id)
		f.Flow = fl
		return err
	}},
}

// favoriteKindOf finds a kind by its element name; a kind Tableau has but
// the emulator does not keep (metrics, collections) has no item
// that can be found, so it answers as Tableau does for a missing item.
func favoriteKindOf(k tsc.FavoriteKind, id string) (*favoriteKind, error) {
	for i := range favoriteKinds {
		if favoriteKinds[i].kind == k {
			return &favoriteKinds[i], nil
		}
	}
	return nil, notFound(codeFavoriteNotFound, "The %s '%s' could not be found: this server has no %s.", k, id, k.Plural())
}

// favoriteKindByPlural finds a kind by its path segment ("workbooks").
func favoriteKindByPlural(c *call, plural, id string) (*favoriteKind, error) {
	for _, k := range tsc.FavoriteKinds {
		if k.Plural() == plural {
			return favoriteKindOf(k, id)
		}
	}
	return nil, unknownResource(c.req.URL.Path)
}

// favoritesOwner checks that the caller may manage the favorites of the
// path's user, who must be on the site.
func (s *Server) favoritesOwner(c *call) (string, error) {
	uid := c.param("user")
	return uid, s.authorize(c, actManageFavorites, target{SiteID: c.siteID(), UserID: uid})
}

// listFavorites answers GET /sites/{site}/favorites/{user}.
func (s *Server) listFavorites(c *call) (result, error) {
	uid, err := s.favoritesOwner(c)
	if err != nil {
		return result{}, err
	}
	return s.favoritesAnswer(c, uid)
}

// favoritesAnswer is the user's favorites, as Get Favorites for User and
// Add Favorite answer: the items the caller may read, each as its list
// writes it, with the favorite's label, position and date.
func (s *Server) favoritesAnswer(c *call, uid string) (result, error) {
	rows, err := s.store.favorites(c.ctx, s.store.db, c.siteID(), uid)
	if err != nil {
		return result{}, err
	}
	list := &tsc.FavoriteList{Favorites: []tsc.Favorite{}}
	for _, r := range rows {
		fk, err := favoriteKindOf(r.Kind, r.ID)
		if err != nil {
			continue // a kind this server no longer keeps
		}
		if _, err := s.authorizeContent(c, fk.perm, r.ID); err != nil {
			var ae *apiError
			if errors.As(err, &ae) && ae.Status == http.StatusNotFound {
				continue // no longer readable: not shown, as lists do
			}
			return result{}, err
		}
		f := tsc.Favorite{Label: r.Label, Position: tsc.Int(len(list.Favorites)), AddedAt: parseTime(r.AddedAt)}
		if err := fk.render(s, c, r.ID, &f); err != nil {
			return result{}, err
		}
		list.Favorites = append(list.Favorites, f)
	}
	resp := tsc.NewTSResponse()
	resp.Favorites = list
	return ok(resp)
}

// addFavorite answers PUT /sites/{site}/favorites/{user}: <favorite
// label="..."> around the item's element with its id.
func (s *Server) addFavorite(c *call) (result, error) {
	uid, err := s.favoritesOwner(c)
	if err != nil {
		return result{}, err
	}
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	in := req.Favorite
	if in == nil {
		return result{}, badRequest("The request needs a <favorite> element.")
	}
	k, id := in.Kind(), in.ItemID()
	if k == "" {
		return result{}, badRequest("The <favorite> names no item: it needs one of <workbook>, <view>, <datasource>, <project>, <flow> or <metric> with an id.")
	}
	if id == "" {
		return result{}, badRequest("The <%s> of the favorite has no id.", k)
	}
	if in.Label == "" {
		return result{}, badRequest("The favorite needs a label.")
	}
	if n := utf8.RuneCountInString(in.Label); n > maxNameChars {
		return result{}, badRequest("The favorite's label is %d characters long; the limit is %d.", n, maxNameChars)
	}
	fk, err := favoriteKindOf(k, id)
	if err != nil {
		return result{}, err
	}
	if _, err := s.authorizeContent(c, fk.perm, id); err != nil {
		return result{}, err
	}
	if err := s.store.addFavorite(c.ctx, c.siteID(), uid, k, id, in.Label); err != nil {
		return result{}, err
	}
	return s.favoritesAnswer(c, uid)
}

// deleteFavorite answers DELETE /sites/{site}/favorites/{user}/{kinds}/{id}.
func (s *Server) deleteFavorite(c *call) (result, error) {
	uid, err := s.favoritesOwner(c)
	if err != nil {
		return result{}, err
	}
	id := c.param("id")
	fk, err := favoriteKindByPlural(c, c.param("kind"), id)
	if err != nil {
		return result{}, err
	}
	found, err := s.store.deleteFavorite(c.ctx, c.siteID(), uid, fk.kind, id)
	if err != nil {
		return result{}, err
	}
	if !found {
		return result{}, favoriteNotFound(fk.kind, id)
	}
	return noContent()
}

func favoriteNotFound(k tsc.FavoriteKind, id string) *apiError {
	return notFound(codeFavoriteNotFound, "The %s '%s' is not a favorite of the user.", k, id)
}

// codeFavoriteNotFound: the class code, no specific one being documented.
const codeFavoriteNotFound = "404000"

// orderFavorites answers PUT /sites/{site}/orderFavorites/{user}
// (Organize Favorites): each <favoriteOrdering> moves one favorite to just
// after another.
func (s *Server) orderFavorites(c *call) (result, error) {
	uid, err := s.favoritesOwner(c)
	if err != nil {
		return result{}, err
	}
	req, err := c.decode()
	if err != nil {
		return result{}, err
	}
	if req.FavoriteOrderings == nil || len(req.FavoriteOrderings.Orderings) == 0 {
		return result{}, badRequest("The request needs a <favoriteOrderings> element with at least one <favoriteOrdering>.")
	}
	if n := len(req.FavoriteOrderings.Orderings); n > maxFavoriteMoves {
		return result{}, badRequest("The request has %d favorite orderings; the limit is %d.", n, maxFavoriteMoves)
	}
	moves := make([][2]favoriteKey, 0, len(req.FavoriteOrderings.Orderings))
	for _, o := range req.FavoriteOrderings.Orderings {
		if o.FavoriteID == "" || o.FavoriteType == "" || o.FavoriteIDMoveAfter == "" || o.FavoriteTypeMoveAfter == "" {
			return result{}, badRequest("A <favoriteOrdering> needs favoriteId, favoriteType, favoriteIdMoveAfter and favoriteTypeMoveAfter.")
		}
		for _, k := range []tsc.FavoriteKind{o.FavoriteType, o.FavoriteTypeMoveAfter} {
			if _, err := favoriteKindOf(k, ""); err != nil {
				return result{}, badRequest("The favorite type '%s' is not one this server keeps.", k)
			}
		}
		moves = append(moves, [2]favoriteKey{{o.FavoriteType, o.FavoriteID}, {o.FavoriteTypeMoveAfter, o.FavoriteIDMoveAfter}})
	}
	err = s.store.orderFavorites(c.ctx, c.siteID(), uid, moves, func(k favoriteKey) error { return favoriteNotFound(k.Kind, k.ID) })
	if err != nil {
		return result{}, err
	}
	return noContent()
}

// maxFavoriteMoves bounds the orderings of one Organize Favorites request.
// Ours: a page's worth.
const maxFavoriteMoves = tsc.MaxPageSize
