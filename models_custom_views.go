package tsc

// CustomView is a saved state of a view (its filters, sorts, selections)
// that a user made in Tableau's web UI: it belongs to a view and its
// workbook, has an owner, and is shared (visible to everyone who can see
// the view) or private (its owner's, and administrators').
//
// The element is the schema's customViewType: view, workbook and owner in
// that order. Captured answers of real servers also carry contentUrl and
// sheetType, which the schema lacks; the SDK reads them.
type CustomView struct {
	ID   string `xml:"id,attr,omitempty"`
	Name string `xml:"name,attr,omitempty"`
	// Shared says whether everyone who can read the view sees the custom
	// view; nil in an update leaves it as it is.
	Shared         *bool `xml:"shared,attr,omitempty"`
	CreatedAt      Time  `xml:"createdAt,attr"`
	UpdatedAt      Time  `xml:"updatedAt,attr"`
	LastAccessedAt Time  `xml:"lastAccessedAt,attr"`
	// ContentURL and SheetType are written by real servers, not the schema.
	ContentURL string    `xml:"contentUrl,attr,omitempty"`
	SheetType  string    `xml:"sheetType,attr,omitempty"`
	View       *View     `xml:"view,omitempty"`
	Workbook   *Workbook `xml:"workbook,omitempty"`
	Owner      *User     `xml:"owner,omitempty"`
}

// CustomViewList is the <customViews> element of a list.
type CustomViewList struct {
	CustomViews []CustomView `xml:"customView"`
}
