// Package datasources holds `tabctl datasources`: list, get, update,
// delete, publish (or append to) and download published data sources, and
// their connections, extract refreshes, tags and revisions. Data sources
// are named by id, by name (with --project when names repeat), or by
// path (Project/DataSource).
//
// Each verb has an exported Options struct and Run function (and, for
// publish and download, a function returning the result without printing)
// so that other commands (tabcmd's publish, get) reuse them.
package datasources

import (
	"context"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/content"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// NewCmdDatasources builds `tabctl datasources` and its verbs.
func NewCmdDatasources(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "datasources <command>",
		Aliases: []string{"datasource"},
		Short:   "Publish, download, list and manage published data sources",
		Args:    cmdutil.NoArgs,
	}
	cmd.AddCommand(newCmdList(f), newCmdGet(f), newCmdUpdate(f), newCmdDelete(f),
		newCmdPublish(f), newCmdDownload(f),
		content.NewCmdConnections(f, Kind), content.NewCmdUpdateConnection(f, Kind), content.NewCmdRefresh(f, Kind),
		content.NewCmdCreateExtract(f, Kind), content.NewCmdDeleteExtract(f, Kind),
		content.NewCmdTags(f, Kind), content.NewCmdRevisions(f, Kind),
		content.NewCmdUpdateConnections(f, Kind), content.NewCmdDeleteRevision(f, Kind))
	return cmd
}

// Extensions are the data source files publish takes.
var Extensions = []string{"tds", "tdsx", "tde", "hyper", "parquet"}

func addProjectFlag(cmd *cobra.Command, p *string) {
	cmd.Flags().StringVar(p, "project", "", resources.DatasourceItem.ProjectHelp)
}

// Kind is how the shared content verbs (connections, refresh, tags,
// revisions) reach data sources.
var Kind = &content.Kind{
	Noun: "data source",
	Resolve: func(ctx context.Context, c *tsc.Client, ref, project string) (string, string, error) {
		ds, err := resources.ResolveDatasource(ctx, c, ref, project)
		if err != nil {
			return "", "", err
		}
		return ds.ID, ds.Name, nil
	},
	Connections: func(ctx context.Context, c *tsc.Client, id string) ([]tsc.Connection, error) {
		return c.Datasources.Connections(ctx, id)
	},
	UpdateConnection: func(ctx context.Context, c *tsc.Client, id string, conn tsc.Connection) (*tsc.Connection, error) {
		return c.Datasources.UpdateConnection(ctx, id, conn)
	},
	Refresh: func(ctx context.Context, c *tsc.Client, id string) (*tsc.Job, error) {
		return c.Datasources.Refresh(ctx, id)
	},
	RefreshIncremental: func(ctx context.Context, c *tsc.Client, id string) (*tsc.Job, error) {
		return c.Datasources.RefreshIncremental(ctx, id)
	},
	CreateExtract: func(ctx context.Context, c *tsc.Client, id string, encrypt bool, _ []string) (*tsc.Job, error) {
		return c.Datasources.CreateExtract(ctx, id, encrypt)
	},
	DeleteExtract: func(ctx context.Context, c *tsc.Client, id string, _ []string) (*tsc.Job, error) {
		return c.Datasources.DeleteExtract(ctx, id)
	},
	AddTags: func(ctx context.Context, c *tsc.Client, id string, tags ...string) ([]string, error) {
		return c.Datasources.AddTags(ctx, id, tags...)
	},
	DeleteTag: func(ctx context.Context, c *tsc.Client, id, tag string) error {
		return c.Datasources.DeleteTag(ctx, id, tag)
	},
	Revisions: func(ctx context.Context, c *tsc.Client, id string, opts tsc.ListOptions) ([]tsc.Revision, tsc.Pagination, error) {
		return c.Datasources.Revisions(ctx, id, opts)
	},
	Files: func(c *tsc.Client) content.Downloader { return c.Datasources },
	UpdateConnections: func(ctx context.Context, c *tsc.Client, id string, connIDs []string, cred tsc.CredentialRotation) ([]tsc.Connection, error) {
		return c.Datasources.UpdateConnections(ctx, id, connIDs, cred)
	},
	DeleteRevision: func(ctx context.Context, c *tsc.Client, id string, rev int) error {
		return c.Datasources.DeleteRevision(ctx, id, rev)
	},
}
