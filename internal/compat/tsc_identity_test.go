package compat_test

import (
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/emulator"
	"github.com/tsc-go/tsc/tsctest"
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

// TestTSCBulkUsers runs bulk_users.py (issue 16) against a server with a
// directory, then checks what the SDK reads: the line TSC's bulk_add could
// not import is reported by the job, and the AD group synchronised.
func TestTSCBulkUsers(t *testing.T) {
	needClients(t)
	t.Parallel()
	dir := &emulator.Directory{
		Users: []emulator.DirectoryUser{{Name: "d1", Domain: "example.com"}, {Name: "d2", Domain: "example.com"},
			{Name: "d3", Domain: "example.com"}},
		Groups: []emulator.DirectoryGroup{{Name: "Sales", Domain: "example.com", Members: []string{"d1", "d2"}},
			{Name: "Ops", Domain: "example.com", Members: []string{"d3"}}},
	}
	srv := startServer(t, func(o *tsctest.Options) { o.Directory = dir })
	ids := seedCompat(t, srv)
	res := runScript(t, srv, "bulk_users", ids)
	c := sdk(t, srv, "compat")
	var imports []tsc.BackgroundJob
	for j, err := range c.Jobs.All(t.Context(), tsc.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		if j.JobType == "import_users" {
			imports = append(imports, j)
		}
	}
	if len(imports) != 1 {
		t.Fatalf("user import jobs: %+v", imports)
	}
	job := must(c.Jobs.Get(t.Context(), imports[0].ID))(t)
	r := job.UserImportReport()
	if r.Added != 4 || r.Skipped != 1 || len(r.LineErrors) != 1 || !strings.Contains(r.LineErrors[0], "'bad name'") {
		t.Errorf("the import as the SDK reads it: %+v", r)
	}
	members, _, err := c.Groups.Users(t.Context(), res.str(t, "sales_ad_id"), tsc.ListOptions{})
	if err != nil || len(members) != 2 {
		t.Errorf("members of the AD group: %v, %v", members, err)
	}
}
