package compat_test

import (
	"testing"

	"github.com/tsc-go/tsc"
)

// TestTSCGroupSets runs group_sets.py (issue 16), then checks as the users
// what its rule did: bob, in both of the set's groups, reads alice's
// workbook; carol, in one of them, does not.
func TestTSCGroupSets(t *testing.T) {
	needClients(t)
	t.Parallel()
	srv := startServer(t)
	ids := seedCompat(t, srv)
	c := sdk(t, srv, "compat")
	// The workbook's only rules will be the script's (not All Users').
	must(c.Permissions.Replace(t.Context(), tsc.PermWorkbook, ids["alice_book_id"].(string)))(t)
	res := runScript(t, srv, "group_sets", ids)
	gs := must(c.GroupSets.Get(t.Context(), res.str(t, "group_set_id")))(t)
	if gs.Name != "Sales Europe" || len(gs.Groups) != 2 {
		t.Errorf("the script's group set as the SDK reads it: %+v", gs)
	}
	for user, want := range map[string]bool{"bob": true, "carol": false} {
		must(0, srv.SetPassword(ids[user+"_id"].(string), "pw-"+user))(t)
		uc := must(srv.NewClient())(t)
		must(0, uc.SignIn(t.Context(), tsc.Password(user, "pw-"+user, "compat")))(t)
		_, err := uc.Workbooks.Get(t.Context(), ids["alice_book_id"].(string))
		if (err == nil) != want {
			t.Errorf("%s reading the workbook the set may read: %v, want allowed %v", user, err, want)
		}
	}
}
