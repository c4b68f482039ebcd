package workbooks_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
)

// TestExtractVerbs: workbooks create-extract|delete-extract, refresh
// --incremental and sites encrypt-extracts, each a job that --wait follows
// to its end, after which the workbook's flags have moved.
func TestExtractVerbs(t *testing.T) {
	e := setup(t)
	e.MustRun("workbooks", "publish", salesTWBX, "--name", "Sales")
	c := e.Server.MustClient(t)
	flags := func() (bool, bool) {
		t.Helper()
		for w, err := range c.Workbooks.All(t.Context(), tsc.ListOptions{Fields: []string{tsc.FieldsAll}}) {
			if err != nil {
				t.Fatal(err)
			}
			if w.Name == "Sales" {
				return *w.HasExtracts, *w.EncryptExtracts
			}
		}
		t.Fatal("no Sales")
		return false, false
	}
	var job struct{ ID, Type, Status string }
	json.Unmarshal([]byte(e.MustRun("workbooks", "refresh", "Sales", "--incremental", "--wait", "-o", "json")), &job)
	if job.Type != "RefreshExtract" || job.Status != "Success" {
		t.Errorf("incremental refresh job %+v", job)
	}
	if jobs, _, _ := c.Jobs.List(t.Context(), tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("jobType", "increment_extracts")}}); len(jobs) != 1 {
		t.Errorf("%d increment_extracts jobs, want 1", len(jobs))
	}
	e.MustRun("workbooks", "delete-extract", "Sales", "--wait")
	if has, _ := flags(); has {
		t.Error("hasExtracts after delete-extract --wait")
	}
	if r := e.Run("workbooks", "delete-extract", "Sales"); r.Code != 1 || !strings.Contains(r.Stderr, "no extract") {
		t.Errorf("a second delete-extract: exit %d %q", r.Code, r.Stderr)
	}
	if r := e.Run("workbooks", "create-extract", "Sales", "--datasource-id", ""); r.Code != 2 {
		t.Errorf("an empty --datasource-id: exit %d %q", r.Code, r.Stderr)
	}
	e.MustRun("workbooks", "create-extract", "Sales", "--encrypt", "--wait")
	if has, enc := flags(); !has || !enc {
		t.Errorf("after create-extract --encrypt: has %v encrypted %v", has, enc)
	}
	e.MustRun("sites", "decrypt-extracts", "--wait")
	if _, enc := flags(); enc {
		t.Error("encrypted after sites decrypt-extracts")
	}
	e.MustRun("sites", "update", "--extract-encryption-mode", "enforced")
	if _, enc := flags(); !enc {
		t.Error("not encrypted on an enforced site")
	}
	if r := e.Run("sites", "decrypt-extracts"); r.Code != 1 || !strings.Contains(r.Stderr, "enforced") {
		t.Errorf("decrypt on an enforced site: exit %d %q", r.Code, r.Stderr)
	}
	json.Unmarshal([]byte(e.MustRun("sites", "reencrypt-extracts", "--wait", "-o", "json")), &job)
	if job.Status != "Success" {
		t.Errorf("reencrypt job %+v", job)
	}
}
