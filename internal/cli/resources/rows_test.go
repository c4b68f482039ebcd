package resources

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
)

func keys(t *testing.T, v any) []string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

var fieldRE = regexp.MustCompile("(?m)^\\| `([A-Za-z]+)` \\|")

// TestDocumentedFields keeps docs/cli-json.md and the row structs in step:
// each section lists exactly its row's JSON fields.
func TestDocumentedFields(t *testing.T) {
	b, err := os.ReadFile("../../../docs/cli-json.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for heading, row := range map[string]any{
		"Site": SiteRow{}, "Project": ProjectRow{}, "User": UserRow{}, "Group": GroupRow{},
		"Workbook": WorkbookRow{}, "View": ViewRow{}, "Data source": DatasourceRow{},
		"Connection": ConnectionRow{}, "Revision": RevisionRow{}, "Job": JobRow{},
		"Background job": BackgroundJobRow{}, "Tag": TagRow{},
		"Permission": PermissionRow{}, "Effective permission": EffectiveRow{},
		"Subscription": SubscriptionRow{}, "Data alert": DataAlertRow{},
		"Schedule": ScheduleRow{}, "Task": TaskRow{},
		"Favorite":    FavoriteRow{}, // issue 16 part 3
		"Custom view": CustomViewRow{},
		// Issue 16, webhooks.
		"Webhook": WebhookRow{}, "Webhook test": WebhookTestRow{},
		"Flow": FlowRow{}, "Flow run": FlowRunRow{},
		"Virtual connection": VirtualConnectionRow{},
		"Group set":          GroupSetRow{}, // issue 16
	} {
		i := strings.Index(doc, "\n### "+heading+" (")
		if i < 0 {
			t.Errorf("docs/cli-json.md has no section %q", heading)
			continue
		}
		section := doc[i+5:]
		if j := strings.Index(section, "\n### "); j >= 0 {
			section = section[:j]
		}
		var listed []string
		for _, m := range fieldRE.FindAllStringSubmatch(section, -1) {
			listed = append(listed, m[1])
		}
		slices.Sort(listed)
		if want := keys(t, row); !slices.Equal(listed, want) {
			t.Errorf("section %q lists %v, the row has %v", heading, listed, want)
		}
	}
}

func TestRowsKeepEveryKey(t *testing.T) {
	wb := NewWorkbookRow(tsc.Workbook{ID: "w"})
	b, _ := json.Marshal(wb)
	if !strings.Contains(string(b), `"tags":[]`) || !strings.Contains(string(b), `"size":null`) || !strings.Contains(string(b), `"ownerName":""`) {
		t.Errorf("empty workbook row %s", b)
	}
	at := tsc.NewTime(time.Date(2024, 5, 1, 12, 0, 0, 500, time.FixedZone("x", 3600)))
	j := NewJobRow(tsc.Job{ID: "j", CreatedAt: at, StartedAt: at})
	if j.CreatedAt != "2024-05-01T11:00:00Z" || j.Status != "InProgress" || j.CompletedAt != "" || j.Notes == nil {
		t.Errorf("job row %+v", j)
	}
	failed, cancelled := tsc.JobFailed, tsc.JobCancelled
	for code, want := range map[*int]string{nil: "Success", &failed: "Failed", &cancelled: "Cancelled"} {
		if got := JobStatus(tsc.Job{CompletedAt: at, FinishCode: code}); got != want {
			t.Errorf("finish code %v: %s, want %s", code, got, want)
		}
	}
	if JobStatus(tsc.Job{}) != "Pending" {
		t.Error("a job not started is Pending")
	}
}

func TestLooksLikeID(t *testing.T) {
	for s, want := range map[string]bool{
		"9a8b7c6d-5e4f-3a2b-1c0d-9e8f7a6b5c4d": true, "9A8B7C6D-5E4F-3A2B-1C0D-9E8F7A6B5C4D": true,
		"Finance": false, "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d": false, "9a8b7c6d-5e4f-3a2b-1c0d-9e8f7a6b5c4": false,
	} {
		if LooksLikeID(s) != want {
			t.Errorf("LooksLikeID(%q) != %v", s, want)
		}
	}
	if !strings.Contains((&NotFoundError{Kind: "project", Key: "X"}).Error(), `project "X" not found`) {
		t.Error("not-found message")
	}
}

// TestJobTypeName holds that the job list's and one job's spellings of a
// type print the same, known or not.
func TestJobTypeName(t *testing.T) {
	for _, pair := range [][2]string{
		{"refresh_extracts", "RefreshExtract"},
		{"publish_workbook", "PublishWorkbook"},
		{"publish_datasource", "PublishDatasource"},
		{"increment_extracts", "IncrementExtract"},
		{"some_new_job", "SomeNewJob"},
	} {
		a, b := JobTypeName(pair[0]), JobTypeName(pair[1])
		if a != b || a == "" || strings.ContainsAny(a, "_ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			t.Errorf("JobTypeName(%q) = %q, JobTypeName(%q) = %q: want one lower-case name", pair[0], a, pair[1], b)
		}
	}
	if got := JobTypeName("RefreshExtract"); got != "refresh extracts" {
		t.Errorf("JobTypeName(RefreshExtract) = %q", got)
	}
}
