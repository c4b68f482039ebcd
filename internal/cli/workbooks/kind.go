package workbooks

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/content"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// Kind is how the shared content verbs (connections, refresh, tags,
// revisions) reach workbooks.
var Kind = &content.Kind{
	Noun: "workbook",
	Resolve: func(ctx context.Context, c *tsc.Client, ref, project string) (string, string, error) {
		wb, err := resources.ResolveWorkbook(ctx, c, ref, project)
		if err != nil {
			return "", "", err
		}
		return wb.ID, wb.Name, nil
	},
	Connections: func(ctx context.Context, c *tsc.Client, id string) ([]tsc.Connection, error) {
		return c.Workbooks.Connections(ctx, id)
	},
	UpdateConnection: func(ctx context.Context, c *tsc.Client, id string, conn tsc.Connection) (*tsc.Connection, error) {
		return c.Workbooks.UpdateConnection(ctx, id, conn)
	},
	Refresh: func(ctx context.Context, c *tsc.Client, id string) (*tsc.Job, error) {
		return c.Workbooks.Refresh(ctx, id)
	},
	RefreshIncremental: func(ctx context.Context, c *tsc.Client, id string) (*tsc.Job, error) {
		return c.Workbooks.RefreshIncremental(ctx, id)
	},
	CreateExtract: func(ctx context.Context, c *tsc.Client, id string, encrypt bool, dsIDs []string) (*tsc.Job, error) {
		return c.Workbooks.CreateExtract(ctx, id, tsc.ExtractOptions{Encrypt: encrypt, Datasources: dsIDs})
	},
	DeleteExtract: func(ctx context.Context, c *tsc.Client, id string, dsIDs []string) (*tsc.Job, error) {
		return c.Workbooks.DeleteExtract(ctx, id, tsc.ExtractOptions{Datasources: dsIDs})
	},
	Embedded: true,
	AddTags: func(ctx context.Context, c *tsc.Client, id string, tags ...string) ([]string, error) {
		return c.Workbooks.AddTags(ctx, id, tags...)
	},
	DeleteTag: func(ctx context.Context, c *tsc.Client, id, tag string) error {
		return c.Workbooks.DeleteTag(ctx, id, tag)
	},
	Revisions: func(ctx context.Context, c *tsc.Client, id string, opts tsc.ListOptions) ([]tsc.Revision, tsc.Pagination, error) {
		return c.Workbooks.Revisions(ctx, id, opts)
	},
	Files: func(c *tsc.Client) content.Downloader { return c.Workbooks },
	UpdateConnections: func(ctx context.Context, c *tsc.Client, id string, connIDs []string, cred tsc.CredentialRotation) ([]tsc.Connection, error) {
		return c.Workbooks.UpdateConnections(ctx, id, connIDs, cred)
	},
	DeleteRevision: func(ctx context.Context, c *tsc.Client, id string, rev int) error {
		return c.Workbooks.DeleteRevision(ctx, id, rev)
	},
}

func newCmdConnections(f *cmdutil.Factory) *cobra.Command { return content.NewCmdConnections(f, Kind) }
func newCmdUpdateConnection(f *cmdutil.Factory) *cobra.Command {
	return content.NewCmdUpdateConnection(f, Kind)
}
func newCmdRefresh(f *cmdutil.Factory) *cobra.Command { return content.NewCmdRefresh(f, Kind) }
func newCmdCreateExtract(f *cmdutil.Factory) *cobra.Command {
	return content.NewCmdCreateExtract(f, Kind)
}
func newCmdDeleteExtract(f *cmdutil.Factory) *cobra.Command {
	return content.NewCmdDeleteExtract(f, Kind)
}
func newCmdTags(f *cmdutil.Factory) *cobra.Command      { return content.NewCmdTags(f, Kind) }
func newCmdRevisions(f *cmdutil.Factory) *cobra.Command { return content.NewCmdRevisions(f, Kind) }
