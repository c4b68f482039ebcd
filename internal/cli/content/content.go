// Package content holds the verbs that workbooks and data sources (and,
// for tags, views) share: connections, update-connection, refresh, tags
// revisions and downloads. A Kind says how each resource does them; the noun
// packages export theirs (workbooks.Kind, datasources.Kind) so that other
// commands can run these verbs too.
package content

import (
	"context"
	"io"

	"github.com/tsc-go/tsc"
)

// Kind is one kind of content and its SDK calls; a nil call means the
// kind has no such verb.
type Kind struct {
	// Noun is the singular name in messages: "workbook", "data source".
	Noun string
	// Command is the noun's command when it is not the noun without
	// spaces and with an s: "virtual-connections".
	Command string
	// Resolve finds an item by id, or by name within project.
	Resolve func(ctx context.Context, c *tsc.Client, ref, project string) (id, name string, err error)

	Connections      func(ctx context.Context, c *tsc.Client, id string) ([]tsc.Connection, error)
	UpdateConnection func(ctx context.Context, c *tsc.Client, id string, conn tsc.Connection) (*tsc.Connection, error)
	Refresh          func(ctx context.Context, c *tsc.Client, id string) (*tsc.Job, error)
	// RefreshIncremental, CreateExtract and DeleteExtract are the extract
	// verbs; dsIDs (workbooks only) name embedded data sources, none for all.
	RefreshIncremental func(ctx context.Context, c *tsc.Client, id string) (*tsc.Job, error)
	CreateExtract      func(ctx context.Context, c *tsc.Client, id string, encrypt bool, dsIDs []string) (*tsc.Job, error)
	DeleteExtract      func(ctx context.Context, c *tsc.Client, id string, dsIDs []string) (*tsc.Job, error)
	// Embedded says whether the kind's extracts are per embedded data source
	// (workbooks), so that --datasource-id applies.
	Embedded  bool
	AddTags   func(ctx context.Context, c *tsc.Client, id string, tags ...string) ([]string, error)
	DeleteTag func(ctx context.Context, c *tsc.Client, id, tag string) error
	Revisions func(ctx context.Context, c *tsc.Client, id string, opts tsc.ListOptions) ([]tsc.Revision, tsc.Pagination, error)
	// Files is the service that downloads the kind's files (nil for views).
	Files func(c *tsc.Client) Downloader
	// UpdateConnections and DeleteRevision: issue 16 part 8 (gaps.go).
	UpdateConnections func(ctx context.Context, c *tsc.Client, id string, connIDs []string, cred tsc.CredentialRotation) ([]tsc.Connection, error)
	DeleteRevision    func(ctx context.Context, c *tsc.Client, id string, rev int) error
}

// Downloader is what workbooks and data sources share for their files;
// *tsc.WorkbooksService and *tsc.DatasourcesService both satisfy it.
type Downloader interface {
	Download(ctx context.Context, id string, w io.Writer, opts tsc.DownloadOptions) (*tsc.Download, error)
	DownloadTo(ctx context.Context, id, dest string, opts tsc.DownloadOptions) (*tsc.Download, error)
	DownloadRevision(ctx context.Context, id string, rev int, w io.Writer, opts tsc.DownloadOptions) (*tsc.Download, error)
	DownloadRevisionTo(ctx context.Context, id string, rev int, dest string, opts tsc.DownloadOptions) (*tsc.Download, error)
}

// Ref names one item: its id or name, and the project narrowing a name.
type Ref struct {
	Item    string
	Project string
}
