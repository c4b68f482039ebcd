package tsc

// GroupSetList is the <groupSets> element of List Group Sets.
type GroupSetList struct {
	GroupSets []GroupSet `xml:"groupSet"`
}
