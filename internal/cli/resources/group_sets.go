package resources

import (
	"context"
	"strings"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
)

// GroupSetRow is a group set as tabctl prints it (issue 16).
type GroupSetRow struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	GroupCount *int     `json:"groupCount"`
	Groups     []string `json:"groups"`
}

// NewGroupSetRow flattens a group set; its groups by name.
func NewGroupSetRow(g tsc.GroupSet) GroupSetRow {
	r := GroupSetRow{ID: g.ID, Name: g.Name, GroupCount: g.GroupCount, Groups: []string{}}
	for _, m := range g.Groups {
		r.Groups = append(r.Groups, m.Name)
	}
	return r
}

// GroupSetTable shows group sets.
var GroupSetTable = cmdutil.Table[GroupSetRow]{Columns: []cmdutil.Column[GroupSetRow]{
	{Header: "name", Value: func(r GroupSetRow) string { return r.Name }},
	{Header: "groups", Value: func(r GroupSetRow) string { return optInt(r.GroupCount) }},
	{Header: "members", Value: func(r GroupSetRow) string { return strings.Join(r.Groups, ", ") }},
	{Header: "id", Value: func(r GroupSetRow) string { return r.ID }, Wide: true},
}}

// GroupSetList lists group sets.
var GroupSetList = cmdutil.Lister[tsc.GroupSet, GroupSetRow]{
	Plural: "group sets", Table: GroupSetTable, Row: NewGroupSetRow,
	Page: func(c *tsc.Client) cmdutil.PageFunc[tsc.GroupSet] { return c.GroupSets.List },
}

// GroupSetItem names a group set by id or name.
var GroupSetItem = cmdutil.Item[tsc.GroupSet, GroupSetRow]{
	Singular: "group set", Arg: "GROUPSET", ArgHelp: "a group set id or name",
	Table: GroupSetTable, Row: NewGroupSetRow,
	Find: func(ctx context.Context, c *tsc.Client, ref, _ string) (*tsc.GroupSet, error) {
		return ResolveGroupSet(ctx, c, ref)
	},
	Get: func(ctx context.Context, c *tsc.Client, id string) (*tsc.GroupSet, error) {
		return c.GroupSets.Get(ctx, id)
	},
	Ident: func(g tsc.GroupSet) (string, string) { return g.ID, g.Name },
}

// ResolveGroupSet finds a group set by id or name.
func ResolveGroupSet(ctx context.Context, c *tsc.Client, ref string) (*tsc.GroupSet, error) {
	return finder[tsc.GroupSet]{
		kind: "group set", plural: "group sets", hint: "give the group set's id",
		byID: c.GroupSets.Get, all: c.GroupSets.All,
		id: func(g tsc.GroupSet) string { return g.ID }, name: func(g tsc.GroupSet) string { return g.Name },
	}.find(ctx, ref)
}
