package tsc

// GroupSetList is the <groupSets> element of List Group Sets.
type GroupSetList struct {
	GroupSets []GroupSet `xml:"groupSet"`
}

// GroupSetGrantee names a group set in a permission rule (3.22): the rule
// applies to the users who are in every group of the set.
func GroupSetGrantee(id string) Grantee { return Grantee{Type: GranteeGroupSet, ID: id} }
