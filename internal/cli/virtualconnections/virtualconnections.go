// Package virtualconnections holds `tabctl virtual-connections`: list,
// get, update, delete, publish and download the site's virtual connections
// (Tableau Data Management), their database connections, tags and
// revisions. A virtual connection is named by id, or by name (with
// --project when names repeat); its content is a JSON document.
package virtualconnections

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/content"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// NewCmdVirtualConnections builds `tabctl virtual-connections` and its verbs.
func NewCmdVirtualConnections(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "virtual-connections <command>",
		Aliases: []string{"virtual-connection", "vconns"},
		Short:   "Publish, download, list and manage virtual connections",
		Long: `Publish, download, list and manage the site's virtual connections (Tableau
Data Management): shared database connections and the data policies over
their tables, stored as one JSON document.`,
		Args: cmdutil.NoArgs,
	}
	cmd.AddCommand(
		cmdutil.NewCmdList(f, resources.VirtualConnectionList, cmdutil.Help{
			Short: "List the site's virtual connections",
			Example: `  tabctl virtual-connections list --filter isCertified:eq:true
  tabctl virtual-connections list -o json`,
		}, &cmdutil.ListOptions{}),
		cmdutil.NewCmdGet(f, resources.VirtualConnectionItem, cmdutil.Help{
			Short:   "Show a virtual connection, by id or name",
			Example: `  tabctl virtual-connections get Warehouse --project Data -o json`,
		}),
		newCmdUpdate(f),
		cmdutil.NewCmdDelete(f, resources.VirtualConnectionItem, cmdutil.Deleter[tsc.VirtualConnection]{
			Delete: func(ctx context.Context, c *tsc.Client, id string) error { return c.VirtualConnections.Delete(ctx, id) },
		}, cmdutil.Help{Short: "Delete a virtual connection"}),
		newCmdPublish(f), newCmdDownload(f),
		content.NewCmdConnections(f, Kind), content.NewCmdUpdateConnection(f, Kind),
		content.NewCmdTags(f, Kind), content.NewCmdRevisions(f, Kind),
	)
	return cmd
}

// Kind is how the shared content verbs (connections, update-connection,
// tags, revisions) reach virtual connections. Their database connections
// are shown as the other kinds' connections: the connector as the type,
// server, port and user name.
var Kind = &content.Kind{
	Noun:    "virtual connection",
	Command: "virtual-connections",
	Resolve: func(ctx context.Context, c *tsc.Client, ref, project string) (string, string, error) {
		v, err := resources.ResolveVirtualConnection(ctx, c, ref, project)
		if err != nil {
			return "", "", err
		}
		return v.ID, v.Name, nil
	},
	Connections: func(ctx context.Context, c *tsc.Client, id string) ([]tsc.Connection, error) {
		var out []tsc.Connection
		for vc, err := range c.VirtualConnections.AllConnections(ctx, id, tsc.ListOptions{}) {
			if err != nil {
				return nil, err
			}
			out = append(out, tsc.Connection{ID: vc.ConnectionID, Type: vc.DBClass, ServerAddress: vc.Server, ServerPort: vc.Port, UserName: vc.Username})
		}
		return out, nil
	},
	UpdateConnection: func(ctx context.Context, c *tsc.Client, id string, conn tsc.Connection) (*tsc.Connection, error) {
		return c.VirtualConnections.UpdateConnection(ctx, id, conn)
	},
	AddTags: func(ctx context.Context, c *tsc.Client, id string, tags ...string) ([]string, error) {
		return c.VirtualConnections.AddTags(ctx, id, tags...)
	},
	DeleteTag: func(ctx context.Context, c *tsc.Client, id, tag string) error {
		return c.VirtualConnections.DeleteTag(ctx, id, tag)
	},
	Revisions: func(ctx context.Context, c *tsc.Client, id string, opts tsc.ListOptions) ([]tsc.Revision, tsc.Pagination, error) {
		return c.VirtualConnections.Revisions(ctx, id, opts)
	},
}

// UpdateOptions are the settings of `virtual-connections update`; only
// what is set changes.
type UpdateOptions struct {
	Output cmdutil.OutputFlags
	content.Ref
	Name string
	// Certified is nil when unchanged.
	Certified         *bool
	CertificationNote string
	// MoveTo is the project (name, path or id) to move to; Owner the new
	// owner (user id or name).
	MoveTo string
	Owner  string
}

func newCmdUpdate(f *cmdutil.Factory) *cobra.Command {
	opts := &UpdateOptions{}
	cmd := &cobra.Command{
		Use:   "update VIRTUALCONNECTION",
		Short: "Rename, certify, move or give away a virtual connection",
		Example: `  tabctl virtual-connections update Warehouse --certified --certification-note "Reviewed"
  tabctl virtual-connections update 5d1e... --name "Warehouse (EU)" --move-to Archive`,
		Args: cmdutil.ExactArgs(1, "a virtual connection id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Item = args[0]
			opts.Certified = cmdutil.ChangedBool(cmd, "certified")
			return RunUpdate(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	fl := cmd.Flags()
	fl.StringVar(&opts.Project, "project", "", resources.VirtualConnectionItem.ProjectHelp)
	fl.StringVar(&opts.Name, "name", "", "new name")
	fl.Bool("certified", false, "mark the virtual connection certified (--certified=false to withdraw)")
	fl.StringVar(&opts.CertificationNote, "certification-note", "", "why the virtual connection is (or is not) certified")
	fl.StringVar(&opts.MoveTo, "move-to", "", "move to this project (name, path or id)")
	fl.StringVar(&opts.Owner, "owner", "", "new owner (user id or name)")
	return cmd
}

// RunUpdate changes the virtual connection and prints it.
func RunUpdate(ctx context.Context, f *cmdutil.Factory, opts *UpdateOptions) error {
	p, err := cmdutil.NewPrinter(resources.VirtualConnectionTable, opts.Output)
	if err != nil {
		return err
	}
	if opts.Name == "" && opts.Certified == nil && opts.CertificationNote == "" && opts.MoveTo == "" && opts.Owner == "" {
		return cmdutil.FlagErrorf("nothing to update: give at least one of --name, --certified, --certification-note, --move-to, --owner")
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	v, err := resources.ResolveVirtualConnection(ctx, c, opts.Item, opts.Project)
	if err != nil {
		return err
	}
	change := tsc.VirtualConnection{ID: v.ID, Name: opts.Name, IsCertified: opts.Certified, CertificationNote: opts.CertificationNote}
	if change.Project, change.Owner, err = resources.Placement(ctx, c, opts.MoveTo, opts.Owner); err != nil {
		return err
	}
	updated, err := c.VirtualConnections.Update(ctx, change)
	if err != nil {
		return err
	}
	return p.One(f.IO.Out, resources.NewVirtualConnectionRow(*updated))
}

// maxContentFile bounds the JSON document publish reads: twice the
// emulator's own limit on a virtual connection's content, far beyond
// what Tableau's editor makes; a larger file is refused before it is read.
const maxContentFile = 1 << 20

// PublishOptions are the settings of `virtual-connections publish`.
type PublishOptions struct {
	Output cmdutil.OutputFlags
	// File is the JSON document ("-" reads standard input).
	File    string
	Name    string
	Project string
	// Owner is a user id or name; empty is the signed-in user.
	Owner     string
	Overwrite bool
}

func newCmdPublish(f *cmdutil.Factory) *cobra.Command {
	opts := &PublishOptions{}
	cmd := &cobra.Command{
		Use:   "publish FILE",
		Short: "Publish a virtual connection from its JSON document",
		Long: `Publish a virtual connection from its JSON document (as download writes it).
--name and --project are required; the owner is you unless --owner says
otherwise. With --overwrite, a virtual connection of that name in the
project gets the document as its newest revision.`,
		Example: `  tabctl virtual-connections publish warehouse.json --name Warehouse --project Data
  tabctl virtual-connections download Warehouse | tabctl virtual-connections publish - --name Warehouse --project Data --overwrite`,
		Args: cmdutil.ExactArgs(1, "a JSON file (or - for standard input)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			return RunPublish(cmd.Context(), f, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	fl := cmd.Flags()
	fl.StringVar(&opts.Name, "name", "", "the virtual connection's name (required)")
	fl.StringVar(&opts.Project, "project", "", "the project to publish to: name, path or id (required)")
	fl.StringVar(&opts.Owner, "owner", "", "the owner (user id or name); default: you")
	fl.BoolVar(&opts.Overwrite, "overwrite", false, "replace the content of the virtual connection of that name in the project")
	return cmd
}

// RunPublish reads and checks the document, publishes it and prints the
// virtual connection.
func RunPublish(ctx context.Context, f *cmdutil.Factory, opts *PublishOptions) error {
	p, err := cmdutil.NewPrinter(resources.VirtualConnectionTable, opts.Output)
	if err != nil {
		return err
	}
	if opts.Name == "" || opts.Project == "" {
		return cmdutil.FlagErrorf("give --name and --project")
	}
	doc, err := readDocument(f, opts.File)
	if err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	proj, owner, err := resources.Placement(ctx, c, opts.Project, opts.Owner)
	if err != nil {
		return err
	}
	if owner == nil {
		owner = &tsc.User{ID: c.Session().UserID}
	}
	mode := tsc.PublishCreateNew
	if opts.Overwrite {
		mode = tsc.PublishOverwrite
	}
	v, err := c.VirtualConnections.Publish(ctx, tsc.VirtualConnection{Name: opts.Name, Project: proj, Owner: owner}, doc, mode)
	if err != nil {
		return fmt.Errorf("publishing the virtual connection: %w", err)
	}
	return p.One(f.IO.Out, resources.NewVirtualConnectionRow(*v))
}

// readDocument reads a JSON document of at most maxContentFile bytes from
// a file or standard input, and checks that it is a JSON object.
func readDocument(f *cmdutil.Factory, path string) (string, error) {
	var r io.Reader = f.IO.In
	if path != "-" {
		fh, err := os.Open(path)
		if err != nil {
			return "", err
		}
		defer fh.Close()
		r = fh
	}
	b, err := io.ReadAll(io.LimitReader(r, maxContentFile+1))
	if err != nil {
		return "", err
	}
	if len(b) > maxContentFile {
		return "", fmt.Errorf("%s is larger than %s: not a virtual connection's document", path, cmdutil.HumanBytes(maxContentFile))
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil || obj == nil {
		return "", fmt.Errorf("%s is not a JSON object: a virtual connection's document is one", path)
	}
	return string(b), nil
}

// DownloadOptions are the settings of `virtual-connections download`.
type DownloadOptions struct {
	content.Ref
	// Revision is a past revision's number; 0 is the current content.
	Revision  int
	Out       string
	Overwrite bool
}

func newCmdDownload(f *cmdutil.Factory) *cobra.Command {
	opts := &DownloadOptions{}
	cmd := &cobra.Command{
		Use:   "download VIRTUALCONNECTION",
		Short: "Write a virtual connection's JSON document (or a past revision's)",
		Example: `  tabctl virtual-connections download Warehouse --out warehouse.json
  tabctl virtual-connections download 5d1e... --revision 2 --out - | jq .`,
		Args: cmdutil.ExactArgs(1, "a virtual connection id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Item = args[0]
			return RunDownload(cmd.Context(), f, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Project, "project", "", resources.VirtualConnectionItem.ProjectHelp)
	fl.IntVar(&opts.Revision, "revision", 0, "a past revision's number (see revisions); default: the current content")
	fl.StringVar(&opts.Out, "out", "", "the file to write (- for standard output, the default off a terminal)")
	fl.BoolVar(&opts.Overwrite, "overwrite", false, "replace the file if it exists")
	return cmd
}

// RunDownload writes the document.
func RunDownload(ctx context.Context, f *cmdutil.Factory, opts *DownloadOptions) error {
	if opts.Revision < 0 {
		return cmdutil.FlagErrorf("--revision %d is not a revision number", opts.Revision)
	}
	out, err := cmdutil.ResolveOutput(f.IO, opts.Out, opts.Overwrite)
	if err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	v, err := resources.ResolveVirtualConnection(ctx, c, opts.Item, opts.Project)
	if err != nil {
		return err
	}
	doc := v.Content
	if opts.Revision > 0 {
		if doc, err = c.VirtualConnections.DownloadRevision(ctx, v.ID, opts.Revision); err != nil {
			return err
		}
	} else if doc == "" {
		// Found by name, from a list, which carries no content.
		if doc, err = c.VirtualConnections.Download(ctx, v.ID); err != nil {
			return err
		}
	}
	if err := out.Write(f.IO, func(w io.Writer) error { _, err := io.WriteString(w, doc+"\n"); return err }); err != nil {
		return err
	}
	if !out.ToStdout() {
		f.Successf("Wrote %s (%s)\n", opts.Out, cmdutil.HumanBytes(int64(len(doc))))
	}
	return nil
}
