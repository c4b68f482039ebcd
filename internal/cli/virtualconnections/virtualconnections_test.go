package virtualconnections_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tsc-go/tsc/internal/cli/clitest"
)

const doc1 = `{"connections":[{"dbClass":"postgres","server":"db1.example.com","port":5432,"username":"pgadmin","database":"sales"}]}`
const doc2 = `{"connections":[{"dbClass":"postgres","server":"db2.example.com","port":5433}]}`

func setup(t *testing.T) (*clitest.Env, string) {
	t.Helper()
	e := clitest.New(t)
	if _, err := e.Server.SeedProject("", "Data", "", ""); err != nil {
		t.Fatal(err)
	}
	e.Login("")
	dir := t.TempDir()
	p := filepath.Join(dir, "warehouse.json")
	if err := os.WriteFile(p, []byte(doc1), 0o600); err != nil {
		t.Fatal(err)
	}
	return e, dir
}

func field(t *testing.T, out, name string) any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("not a JSON object: %q (%v)", out, err)
	}
	return m[name]
}

// TestVirtualConnectionsCommands runs every verb against the emulator.
func TestVirtualConnectionsCommands(t *testing.T) {
	e, dir := setup(t)
	file := filepath.Join(dir, "warehouse.json")
	out := e.MustRun("virtual-connections", "publish", file, "--name", "Warehouse", "--project", "Data", "-o", "json")
	id, _ := field(t, out, "id").(string)
	if id == "" || field(t, out, "projectName") != "Data" {
		t.Fatalf("publish: %s", out)
	}
	if r := e.Run("virtual-connections", "publish", file, "--name", "Warehouse", "--project", "Data"); r.Code == 0 || !strings.Contains(r.Stderr, "409") {
		t.Errorf("publishing over without --overwrite: %d %q", r.Code, r.Stderr)
	}
	e.Golden("list", e.MustRun("virtual-connections", "list"))
	if byName := e.MustRun("virtual-connections", "get", "Warehouse", "-o", "json"); field(t, byName, "id") != id {
		t.Errorf("get by name: %s", byName)
	}
	e.Golden("connections", e.MustRun("virtual-connections", "connections", "Warehouse"))
	conns := e.MustRun("virtual-connections", "connections", id, "-o", "json")
	var cs []struct{ ID string }
	if err := json.Unmarshal([]byte(conns), &cs); err != nil || len(cs) != 1 {
		t.Fatalf("connections -o json: %s (%v)", conns, err)
	}
	up := e.MustRun("virtual-connections", "update-connection", "Warehouse", cs[0].ID, "--server-address", "db9.example.com",
		"--server-port", "6543", "--username", "svc", "--password", "pw-never-printed", "-o", "json")
	if !strings.Contains(up, "db9.example.com") || strings.Contains(up, "pw-never-printed") {
		t.Errorf("update-connection: %s", up)
	}
	upd := e.MustRun("virtual-connections", "update", "Warehouse", "--name", "Warehouse 2", "--certified", "--certification-note", "Reviewed", "-o", "json")
	if field(t, upd, "name") != "Warehouse 2" || field(t, upd, "isCertified") != true {
		t.Errorf("update: %s", upd)
	}
	e.MustRun("virtual-connections", "tags", "add", "Warehouse 2", "finance", "pii")
	e.MustRun("virtual-connections", "tags", "remove", "Warehouse 2", "pii")
	if got := e.MustRun("virtual-connections", "get", id, "-o", "json"); !strings.Contains(got, `"finance"`) || strings.Contains(got, `"pii"`) {
		t.Errorf("tags: %s", got)
	}

	// Overwrite from standard input: revision 2.
	e.Stdin = doc2
	e.MustRun("virtual-connections", "publish", "-", "--name", "Warehouse 2", "--project", "Data", "--overwrite")
	e.Golden("revisions", e.MustRun("virtual-connections", "revisions", "Warehouse 2"))
	if got := e.MustRun("virtual-connections", "download", "Warehouse 2", "--out", "-"); strings.TrimSpace(got) != doc2 {
		t.Errorf("download: %q", got)
	}
	old := filepath.Join(dir, "old.json")
	e.MustRun("virtual-connections", "download", id, "--revision", "1", "--out", old)
	if b, err := os.ReadFile(old); err != nil || strings.TrimSpace(string(b)) != doc1 {
		t.Errorf("download --revision 1: %q %v", b, err)
	}
	if r := e.Run("virtual-connections", "download", id, "--revision", "1", "--out", old); r.Code == 0 {
		t.Error("download over an existing file without --overwrite")
	}

	// Refusals before any request.
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("[1,2]"), 0o600)
	if r := e.Run("virtual-connections", "publish", bad, "--name", "X", "--project", "Data"); r.Code == 0 || !strings.Contains(r.Stderr, "not a JSON object") {
		t.Errorf("publish of a JSON array: %d %q", r.Code, r.Stderr)
	}
	if r := e.Run("virtual-connections", "publish", file, "--name", "X"); r.Code != 2 {
		t.Errorf("publish without --project: %d %q", r.Code, r.Stderr)
	}
	if r := e.Run("virtual-connections", "update", id); r.Code != 2 || !strings.Contains(r.Stderr, "nothing to update") {
		t.Errorf("update with nothing: %d %q", r.Code, r.Stderr)
	}

	if out := e.MustRun("virtual-connections", "delete", id); !strings.HasPrefix(out, "Deleted virtual connection Warehouse 2") {
		t.Errorf("delete: %q", out)
	}
	if r := e.Run("virtual-connections", "get", id); r.Code != 4 {
		t.Errorf("get after delete: %d %q", r.Code, r.Stderr)
	}
}
