package content

import (
	"context"
	"strings"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/resources"
)

// RevisionsOptions are the settings of `<noun> revisions`.
type RevisionsOptions struct {
	Output cmdutil.OutputFlags
	List   cmdutil.ListFlags
	Ref
}

// NewCmdRevisions builds `<noun> revisions ITEM`.
func NewCmdRevisions(f *cmdutil.Factory, k *Kind) *cobra.Command {
	opts := &RevisionsOptions{}
	cmd := &cobra.Command{
		Use:   "revisions " + upper(k.Noun),
		Short: "List the " + k.Noun + "'s revisions (when the site keeps revision history)",
		Args:  cmdutil.ExactArgs(1, "a "+k.Noun+" id or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Item = args[0]
			return RunRevisions(cmd.Context(), f, k, opts)
		},
	}
	cmdutil.AddOutputFlags(cmd, &opts.Output)
	cmdutil.AddListFlags(cmd, &opts.List)
	addProject(cmd, k, &opts.Project)
	return cmd
}

// RunRevisions prints the item's revisions, page by page as they arrive.
func RunRevisions(ctx context.Context, f *cmdutil.Factory, k *Kind, opts *RevisionsOptions) error {
	// Flags are checked before the sign-in, as every list does.
	if _, err := cmdutil.NewPrinter(resources.RevisionTable, opts.Output); err != nil {
		return err
	}
	if _, err := opts.List.ListOptions(); err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	id, _, err := k.Resolve(ctx, c, opts.Item, opts.Project)
	if err != nil {
		return err
	}
	l := cmdutil.Lister[tsc.Revision, resources.RevisionRow]{Plural: "revisions", Table: resources.RevisionTable, Row: resources.NewRevisionRow}
	lo := &cmdutil.ListOptions{Output: opts.Output, List: opts.List}
	return cmdutil.PrintPages(ctx, f, l, lo, func(ctx context.Context, o tsc.ListOptions) ([]tsc.Revision, tsc.Pagination, error) {
		return k.Revisions(ctx, c, id, o)
	})
}

func addProject(cmd *cobra.Command, k *Kind, p *string) {
	cmd.Flags().StringVar(p, "project", "", "the "+k.Noun+"'s project, to tell apart items of the same name")
}

// upper is the noun as a placeholder: "data source" -> "DATASOURCE".
func upper(noun string) string { return strings.ToUpper(strings.ReplaceAll(noun, " ", "")) }

// command is the kind's command noun: Command, or the noun without spaces
// and with an s ("data source" -> "datasources").
func (k *Kind) command() string {
	if k.Command != "" {
		return k.Command
	}
	return strings.ReplaceAll(k.Noun, " ", "") + "s"
}
