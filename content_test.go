package tsc

import (
	"bytes"
	"context"
	"errors"
	"io"
	"iter"
	"net/http"
	"testing"
)

// contentVerbs are the verbs that content services share, each with one
// signature: every content service must satisfy it (Get differs only in the
// item type it returns).
type contentVerbs interface {
	Delete(ctx context.Context, id string) error
	Download(ctx context.Context, id string, w io.Writer, opts DownloadOptions) (*Download, error)
	DownloadTo(ctx context.Context, id, dest string, opts DownloadOptions) (*Download, error)
	Revisions(ctx context.Context, id string, opts ListOptions) ([]Revision, Pagination, error)
	AllRevisions(ctx context.Context, id string, opts ListOptions) iter.Seq2[Revision, error]
	DownloadRevision(ctx context.Context, id string, rev int, w io.Writer, opts DownloadOptions) (*Download, error)
	DownloadRevisionTo(ctx context.Context, id string, rev int, dest string, opts DownloadOptions) (*Download, error)
	DeleteRevision(ctx context.Context, id string, rev int) error
	Connections(ctx context.Context, id string) ([]Connection, error)
	UpdateConnection(ctx context.Context, id string, conn Connection) (*Connection, error)
	Refresh(ctx context.Context, id string) (*Job, error)
	AddTags(ctx context.Context, id string, tags ...string) ([]string, error)
	DeleteTag(ctx context.Context, id, tag string) error
}

var _, _ contentVerbs = (*WorkbooksService)(nil), (*DatasourcesService)(nil)

// sharedVerbs calls each verb that workbooks and data sources share, with
// the given id, through the public methods of one service.
func sharedVerbs(c *Client, service, id string) map[string]error {
	var s contentVerbs = c.Datasources
	get := func() error { return second(c.Datasources.Get(bg, id)) }
	if service == "Workbooks" {
		s = c.Workbooks
		get = func() error { return second(c.Workbooks.Get(bg, id)) }
	}
	var buf bytes.Buffer
	dir := "/nonexistent"
	return map[string]error{
		"Get":                get(),
		"Delete":             s.Delete(bg, id),
		"Download":           second(s.Download(bg, id, &buf, DownloadOptions{})),
		"DownloadTo":         second(s.DownloadTo(bg, id, dir, DownloadOptions{})),
		"Revisions":          second3(s.Revisions(bg, id, ListOptions{})),
		"AllRevisions":       firstErr(s.AllRevisions(bg, id, ListOptions{})),
		"DownloadRevision":   second(s.DownloadRevision(bg, id, 1, &buf, DownloadOptions{})),
		"DownloadRevisionTo": second(s.DownloadRevisionTo(bg, id, 1, dir, DownloadOptions{})),
		"DeleteRevision":     s.DeleteRevision(bg, id, 1),
		"Connections":        second(s.Connections(bg, id)),
		"UpdateConnection":   second(s.UpdateConnection(bg, id, Connection{ID: "c", ServerAddress: "db"})),
		"Refresh":            second(s.Refresh(bg, id)),
		"AddTags":            second(s.AddTags(bg, id, "t")),
		"DeleteTag":          s.DeleteTag(bg, id, "t"),
	}
}

func firstErr[T any](seq func(func(T, error) bool)) error {
	var out error
	for _, err := range seq {
		out = err
		break
	}
	return out
}

// TestSharedVerbsOneShape: every shared verb refuses an empty id the same
// way for both content types, naming the operation and the item, before
// anything is sent (no handler is registered).
func TestSharedVerbsOneShape(t *testing.T) {
	ts := setup(t)
	for service, noun := range map[string]string{"Workbooks": "workbook", "Datasources": "data source"} {
		errs := sharedVerbs(ts.client, service, "")
		if len(errs) != 14 {
			t.Fatalf("%s: %d verbs", service, len(errs))
		}
		for verb, err := range errs {
			want := "tsc: " + service + "." + verb + ": empty " + noun + " id"
			if err == nil || err.Error() != want {
				t.Errorf("%s.%s(\"\"): %v, want %q", service, verb, err, want)
			}
		}
	}
	if _, err := ts.client.Views.AddTags(bg, "", "t"); err == nil || err.Error() != "tsc: Views.AddTags: empty view id" {
		t.Errorf("Views.AddTags(\"\"): %v", err)
	}
}

// TestSharedVerbsVersions: each verb asks for the version Tableau added it
// in, per content type (a data source's connections came later than a
// workbook's), and refuses older servers before sending.
func TestSharedVerbsVersions(t *testing.T) {
	old := setup(t, WithVersion("2.2"))
	// Verbs that exist at 2.2 are sent; they get a plain 404 here.
	old.handle("/", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	want := map[string]map[string]Version{
		"Workbooks": {
			"Revisions": {2, 3}, "AllRevisions": {2, 3}, "DownloadRevision": {2, 3}, "DownloadRevisionTo": {2, 3},
			"DeleteRevision": {2, 3}, "UpdateConnection": {2, 3}, "Refresh": {2, 8},
		},
		"Datasources": {
			"Revisions": {2, 3}, "AllRevisions": {2, 3}, "DownloadRevision": {2, 3}, "DownloadRevisionTo": {2, 3},
			"DeleteRevision": {2, 3}, "Connections": {2, 3}, "UpdateConnection": {2, 3}, "Refresh": {2, 8},
		},
	}
	for service, verbs := range want {
		for verb, err := range sharedVerbs(old.client, service, "x") {
			need, refused := verbs[verb]
			var ve *VersionError
			switch {
			case refused && (!errors.As(err, &ve) || ve.Needed != need):
				t.Errorf("%s.%s at 2.2: %v, want a VersionError needing %v", service, verb, err, need)
			case !refused && (err == nil || errors.As(err, &ve)):
				t.Errorf("%s.%s at 2.2: %v, want the server's 404 (the verb exists since 2.0)", service, verb, err)
			}
		}
	}
}
