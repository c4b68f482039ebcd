package compat_test

import (
	"testing"

	"github.com/tsc-go/tsc"
)

// TestTSCFavorites runs favorites.py (issue 16 part 3): TSC's favorites
// calls for every kind the emulator keeps, and a Viewer denied Read on the
// workbook, refused it.
func TestTSCFavorites(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv := startServer(t)
	ids := seedCompat(t, srv)
	wb, _ := publishSales(t, srv, ids)
	c := sdk(t, srv, "compat")
	alice := ids["alice_id"].(string)
	if err := srv.SetPassword(alice, "pw-alice"); err != nil {
		t.Fatal(err)
	}
	ids["alice_password"] = "pw-alice"
	must(c.Permissions.Replace(t.Context(), tsc.PermWorkbook, wb.ID,
		tsc.PermissionRule{Grantee: tsc.UserGrantee(alice), Capability: tsc.CapRead, Mode: tsc.Deny}))(t)
	runScript(t, srv, "favorites", ids)
	favs, err := c.Favorites.List(t.Context(), ids["admin_id"].(string))
	if err != nil || len(favs) != 1 || favs[0].Kind() != tsc.FavoriteView || favs[0].ItemID() != ids["view_id"] {
		t.Errorf("favorites after the script: %+v, %v", favs, err)
	}
}
