package groupsets_test

import (
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/clitest"
)

func TestGroupSets(t *testing.T) {
	e := clitest.New(t)
	for _, g := range []string{"Sales", "EMEA"} {
		if _, err := e.Server.SeedGroup("", g); err != nil {
			t.Fatal(err)
		}
	}
	e.Login("")
	if out := e.MustRun("group-sets", "create", "Sales EMEA", "-o", "json", "--fields", "name,groupCount"); out != "{\n  \"name\": \"Sales EMEA\",\n  \"groupCount\": 0\n}\n" {
		t.Errorf("create: %q", out)
	}
	if out := e.MustRun("group-sets", "add-groups", "Sales EMEA", "Sales", "EMEA"); out != "Added 2 group(s) to group set Sales EMEA\n" {
		t.Errorf("add-groups: %q", out)
	}
	if out := e.MustRun("group-sets", "list", "--fields", "name,groupCount,groups", "-o", "csv"); !strings.Contains(out, "Sales EMEA,2,") {
		t.Errorf("list: %q", out)
	}
	if out := e.MustRun("group-sets", "get", "Sales EMEA", "-o", "json", "--fields", "groups"); out != "{\n  \"groups\": [\n    \"Sales\",\n    \"EMEA\"\n  ]\n}\n" {
		t.Errorf("get: %q", out)
	}
	if out := e.MustRun("group-sets", "remove-groups", "Sales EMEA", "EMEA"); out != "Removed 1 group(s) from group set Sales EMEA\n" {
		t.Errorf("remove-groups: %q", out)
	}
	if out := e.MustRun("group-sets", "rename", "Sales EMEA", "Sales only", "-o", "json", "--fields", "name,groups"); out != "{\n  \"name\": \"Sales only\",\n  \"groups\": [\n    \"Sales\"\n  ]\n}\n" {
		t.Errorf("rename: %q", out)
	}
	if r := e.Run("group-sets", "add-groups", "Sales only", "Ghosts"); r.Code != 4 || !strings.Contains(r.Stderr, `group "Ghosts" not found`) {
		t.Errorf("unknown group: %d %q", r.Code, r.Stderr)
	}
	if out := e.MustRun("group-sets", "delete", "Sales only", "--yes"); !strings.HasPrefix(out, "Deleted group set Sales only") {
		t.Errorf("delete: %q", out)
	}
	if r := e.Run("group-sets", "get", "Sales only"); r.Code != 4 {
		t.Errorf("after delete: %d %q", r.Code, r.Stderr)
	}
}

func TestGroupSetsRefusedToNonAdmins(t *testing.T) {
	e := clitest.New(t)
	u, err := e.Server.SeedUser("", "viewer", tsc.SiteRoleViewer)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Server.SetPassword(u.ID, "pw-viewer-1"); err != nil {
		t.Fatal(err)
	}
	e.MustRun("login", "-s", e.Server.URL, "-u", "viewer", "-p", "pw-viewer-1")
	if r := e.Run("group-sets", "create", "X"); r.Code != 7 || !strings.Contains(r.Stderr, "403") {
		t.Errorf("a viewer creating a group set: %d %q", r.Code, r.Stderr)
	}
}
