package emulator_test

import (
	"testing"
	"time"

	"github.com/tsc-go/tsc/internal/emulator"
	"github.com/tsc-go/tsc/internal/xsdcheck"
)

// TestFavoritesWireFidelity calls every favorites route over raw HTTP, as
// TSC writes its requests: the answers validate against the schema and
// have the shape of the captured responses.
func TestFavoritesWireFidelity(t *testing.T) {
	c := newContent(t, emulator.Config{ContentConfig: emulator.ContentConfig{JobDuration: 10 * time.Second}})
	b := c.multipart("", "POST", c.sitePath("workbooks"), 201,
		payloadPart(`<tsRequest><workbook name="Superstore" description="d"/></tsRequest>`), filePart("tableau_workbook", "Sales.twbx", testFile(t, "workbooks/Sales.twbx")))
	wb, view := attrOf(t, b, "workbook", "id"), attrsOf(t, b, "view", "id")[0]
	ds := attrOf(t, c.publishDatasource("SampleDS", "Orders.tdsx", testFile(t, "datasources/Orders.tdsx"), "", 201), "datasource", "id")
	proj := attrOf(t, c.xml("", "POST", c.sitePath("projects"), `<tsRequest><project name="Tableau" description=""/></tsRequest>`, 201), "project", "id")
	fav := c.sitePath("favorites/" + c.user)

	// One kind per request, as TSC's add_favorite_* send them.
	c.xml("favorites-add-workbook", "PUT", fav, `<tsRequest><favorite label="Superstore"><workbook id="`+wb+`" /></favorite></tsRequest>`, 200)
	c.xml("favorites-add-view", "PUT", fav, `<tsRequest><favorite label="v"><view id="`+view+`" /></favorite></tsRequest>`, 200)
	c.xml("favorites-add-datasource", "PUT", fav, `<tsRequest><favorite label="SampleDS"><datasource id="`+ds+`" /></favorite></tsRequest>`, 200)
	c.xml("favorites-add-project", "PUT", fav, `<tsRequest><favorite label="Tableau"><project id="`+proj+`" /></favorite></tsRequest>`, 200)
	c.xml("err-favorites-add-flow", "PUT", fav, `<tsRequest><favorite label="f"><flow id="00000000-0000-0000-0000-000000000000" /></favorite></tsRequest>`, 404)
	c.xml("err-favorites-add-nothing", "PUT", fav, `<tsRequest><favorite label="f"/></tsRequest>`, 400)
	c.xml("", "PUT", c.sitePath("orderFavorites/"+c.user), `<tsRequest><favoriteOrderings><favoriteOrdering favoriteId="`+wb+`" favoriteType="workbook" favoriteIdMoveAfter="`+proj+`" favoriteTypeMoveAfter="project"/></favoriteOrderings></tsRequest>`, 204)
	c.xml("err-favorites-order-missing", "PUT", c.sitePath("orderFavorites/"+c.user), `<tsRequest><favoriteOrderings><favoriteOrdering favoriteId="00000000-0000-0000-0000-000000000000" favoriteType="workbook" favoriteIdMoveAfter="`+proj+`" favoriteTypeMoveAfter="project"/></favoriteOrderings></tsRequest>`, 404)
	b = c.xml("favorites-get", "GET", fav, "", 200)
	if got := attrsOf(t, b, "favorite", "position"); len(got) != 4 || got[0] != "0" || got[3] != "3" {
		t.Errorf("positions %v", got)
	}
	if got := attrsOf(t, b, "favorite", "label"); got[3] != "Superstore" {
		t.Errorf("the workbook moved after the project is not last: %v", got)
	}
	c.xml("", "GET", c.sitePath("datasources?fields=_all_"), "", 200)
	// A flow, as TSC's add_favorite_flow sends it: the answer's <flow> is
	// the flow as Get Flow writes it, valid as favoriteType's flowType.
	fl := attrOf(t, c.multipart("", "POST", c.sitePath("flows"), 201, payloadPart(`<tsRequest><flow name="Prep"/></tsRequest>`),
		filePart("tableau_flow", "Prep.tfl", testFile(t, "flows/Sales Prep.tfl"))), "flow", "id")
	b = c.xml("favorites-add-flow", "PUT", fav, `<tsRequest><favorite label="Prep"><flow id="`+fl+`" name="Prep" /></favorite></tsRequest>`, 200)
	if got := attrsOf(t, b, "flow", "id"); len(got) != 1 || got[0] != fl {
		t.Errorf("flow favorite: %s", b)
	}
	c.raw("DELETE", c.sitePath("favorites/"+c.user+"/flows/"+fl), "", nil, 204)
	c.raw("DELETE", c.sitePath("favorites/"+c.user+"/views/"+view), "", nil, 204)
	c.xml("err-favorites-delete-again", "DELETE", c.sitePath("favorites/"+c.user+"/views/"+view), "", 404)

	assertEveryRouteReached(t, c.emu, "favorites")
	xsdcheck.ValidateAll(t, c.bodies)
	compareCaptureList(t, c.bodies, favoriteCaptures)
}

const (
	whyFavoriteMeta  = "the emulator reports each favorite's position and addedAt (schema attributes the 2.3 capture predates)"
	whyFavoriteItem  = "a favorite's item is written as its own list writes it on a 3.x server (the 2.3 capture shows a subset)"
	whyNoCollections = "the emulator has no collections (a Tableau Cloud feature), so none is a favorite"
)

// favoriteCaptures compares Get Favorites for User with its capture. Add
// Favorite answers with the same list (the reference: "... additional
// favorites ..."), so its shape is this one.
var favoriteCaptures = []contentCapture{
	{"favorites-get", "favorites_get.xml", map[string]string{
		"tsResponse/favorites/favorite@addedAt":                        whyFavoriteMeta,
		"tsResponse/favorites/favorite@position":                       whyFavoriteMeta,
		"tsResponse/favorites/favorite/datasource@encryptExtracts":     whyFavoriteItem,
		"tsResponse/favorites/favorite/datasource@hasExtracts":         whyFavoriteItem,
		"tsResponse/favorites/favorite/datasource@isCertified":         whyFavoriteItem,
		"tsResponse/favorites/favorite/datasource@size":                whyFavoriteItem,
		"tsResponse/favorites/favorite/datasource@useRemoteQueryAgent": whyFavoriteItem,
		"tsResponse/favorites/favorite/datasource@webpageUrl":          whyFavoriteItem,
		"tsResponse/favorites/favorite/project@createdAt":              whyFavoriteItem,
		"tsResponse/favorites/favorite/project@updatedAt":              whyFavoriteItem,
		"tsResponse/favorites/favorite/project/owner":                  whyFavoriteItem,
		"tsResponse/favorites/favorite/view@createdAt":                 whyFavoriteItem,
		"tsResponse/favorites/favorite/view@sheetType":                 whyFavoriteItem,
		"tsResponse/favorites/favorite/view@updatedAt":                 whyFavoriteItem,
		"tsResponse/favorites/favorite/view@viewUrlName":               whyFavoriteItem,
		"tsResponse/favorites/favorite/workbook@webpageUrl":            whyFavoriteItem,
		"tsResponse/favorites/favorite/collection":                     whyNoCollections,
		"tsResponse/favorites/favorite/collection/owner":               whyNoCollections,
	}},
}
