package tsc

// FavoriteKind is the kind of item a favorite names: the element inside
// <favorite> ("workbook", "view"...), and the singular of the path segment
// of Delete Favorite (".../favorites/{user}/workbooks/{id}").
type FavoriteKind string

// The kinds of favorites Tableau has (favoriteTypeType in the schema, less
// "datarole", which no REST method adds).
const (
	FavoriteWorkbook   FavoriteKind = "workbook"
	FavoriteView       FavoriteKind = "view"
	FavoriteDatasource FavoriteKind = "datasource"
	FavoriteProject    FavoriteKind = "project"
	FavoriteFlow       FavoriteKind = "flow"
	FavoriteMetric     FavoriteKind = "metric"
	FavoriteCollection FavoriteKind = "collection"
)

// FavoriteKinds lists every FavoriteKind, in the schema's order.
var FavoriteKinds = []FavoriteKind{FavoriteCollection, FavoriteDatasource, FavoriteFlow, FavoriteMetric,
	FavoriteProject, FavoriteView, FavoriteWorkbook}

// Plural is the kind's path segment in Delete Favorite: "workbooks".
func (k FavoriteKind) Plural() string { return string(k) + "s" }

// Favorite is one <favorite> of a user: the item, with the label the user
// gave it and its place in their list. Exactly one of the item fields is
// set.
type Favorite struct {
	// Label is what the list shows for the favorite (Tableau requires one;
	// the item's name is the usual choice).
	Label string `xml:"label,attr"`
	// Position is the favorite's place in the user's list, 0 first, as Get
	// Favorites for User reports it (absent on older servers).
	Position *int `xml:"position,attr,omitempty"`
	// AddedAt is when the item became a favorite.
	AddedAt Time `xml:"addedAt,attr,omitempty"`
	// ParentProjectName and TargetOwnerName are the item's project and
	// owner, for display.
	ParentProjectName string `xml:"parentProjectName,attr,omitempty"`
	TargetOwnerName   string `xml:"targetOwnerName,attr,omitempty"`

	Collection *FavoriteTarget `xml:"collection,omitempty"`
	Datasource *Datasource     `xml:"datasource,omitempty"`
	Flow       *Flow           `xml:"flow,omitempty"`
	Metric     *FavoriteTarget `xml:"metric,omitempty"`
	Project    *Project        `xml:"project,omitempty"`
	View       *View           `xml:"view,omitempty"`
	Workbook   *Workbook       `xml:"workbook,omitempty"`
}

// FavoriteTarget is a favorite item of a kind this SDK does not model in
// full (collections, and metrics until it does): its id and name.
type FavoriteTarget struct {
	ID   string `xml:"id,attr"`
	Name string `xml:"name,attr,omitempty"`
}

// Kind is the kind of the favorite's item, "" when it names none.
func (f *Favorite) Kind() FavoriteKind {
	k, _ := f.target()
	return k
}

// ItemID is the id of the favorite's item.
func (f *Favorite) ItemID() string {
	_, id := f.target()
	return id
}

func (f *Favorite) target() (FavoriteKind, string) {
	switch {
	case f.Workbook != nil:
		return FavoriteWorkbook, f.Workbook.ID
	case f.View != nil:
		return FavoriteView, f.View.ID
	case f.Datasource != nil:
		return FavoriteDatasource, f.Datasource.ID
	case f.Project != nil:
		return FavoriteProject, f.Project.ID
	case f.Flow != nil:
		return FavoriteFlow, f.Flow.ID
	case f.Metric != nil:
		return FavoriteMetric, f.Metric.ID
	case f.Collection != nil:
		return FavoriteCollection, f.Collection.ID
	}
	return "", ""
}

// ItemName is the name of the favorite's item, when the answer has it.
func (f *Favorite) ItemName() string {
	switch {
	case f.Workbook != nil:
		return f.Workbook.Name
	case f.View != nil:
		return f.View.Name
	case f.Datasource != nil:
		return f.Datasource.Name
	case f.Project != nil:
		return f.Project.Name
	case f.Flow != nil:
		return f.Flow.Name
	case f.Metric != nil:
		return f.Metric.Name
	case f.Collection != nil:
		return f.Collection.Name
	}
	return ""
}

// FavoriteList is the <favorites> element: a user's favorites, in their
// order.
type FavoriteList struct {
	Favorites []Favorite `xml:"favorite"`
}

// FavoriteOrdering moves one favorite to just after another (Organize
// Favorites): the favorite named by FavoriteID and FavoriteType goes after
// the one named by FavoriteIDMoveAfter and FavoriteTypeMoveAfter.
type FavoriteOrdering struct {
	FavoriteID            string       `xml:"favoriteId,attr"`
	FavoriteType          FavoriteKind `xml:"favoriteType,attr"`
	FavoriteIDMoveAfter   string       `xml:"favoriteIdMoveAfter,attr"`
	FavoriteTypeMoveAfter FavoriteKind `xml:"favoriteTypeMoveAfter,attr"`
}

// FavoriteOrderingList is the <favoriteOrderings> element of Organize
// Favorites.
type FavoriteOrderingList struct {
	Orderings []FavoriteOrdering `xml:"favoriteOrdering"`
}
