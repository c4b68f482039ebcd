package tsc

// Workbook is a published workbook.
type Workbook struct {
	ID          string `xml:"id,attr,omitempty"`
	Name        string `xml:"name,attr,omitempty"`
	Description string `xml:"description,attr,omitempty"`
	ContentURL  string `xml:"contentUrl,attr,omitempty"`
	WebpageURL  string `xml:"webpageUrl,attr,omitempty"`
	ShowTabs    *bool  `xml:"showTabs,attr,omitempty"`
	// Size is in MB, as the server reports it.
	Size      *int        `xml:"size,attr,omitempty"`
	CreatedAt Time        `xml:"createdAt,attr"`
	UpdatedAt Time        `xml:"updatedAt,attr"`
	Project   *ProjectRef `xml:"project,omitempty"`
	Owner     *UserRef    `xml:"owner,omitempty"`
	Tags      *Tags       `xml:"tags,omitempty"`
	Views     *ViewList   `xml:"views,omitempty"`
}

// Tags is the <tags> element of a workbook, view or data source.
type Tags struct {
	Tags []Tag `xml:"tag"`
}

// Tag is one tag.
type Tag struct {
	Label string `xml:"label,attr"`
}

// Labels returns the tags' labels.
func (t *Tags) Labels() []string {
	if t == nil {
		return nil
	}
	out := make([]string, len(t.Tags))
	for i, tg := range t.Tags {
		out[i] = tg.Label
	}
	return out
}

// View is a sheet or dashboard of a workbook.
type View struct {
	ID         string `xml:"id,attr,omitempty"`
	Name       string `xml:"name,attr,omitempty"`
	ContentURL string `xml:"contentUrl,attr,omitempty"`
	// SheetType is "worksheet", "dashboard" or "story".
	SheetType   string       `xml:"sheetType,attr,omitempty"`
	ViewURLName string       `xml:"viewUrlName,attr,omitempty"`
	CreatedAt   Time         `xml:"createdAt,attr"`
	UpdatedAt   Time         `xml:"updatedAt,attr"`
	Workbook    *WorkbookRef `xml:"workbook,omitempty"`
	Owner       *UserRef     `xml:"owner,omitempty"`
	Project     *ProjectRef  `xml:"project,omitempty"`
	Tags        *Tags        `xml:"tags,omitempty"`
	Usage       *ViewUsage   `xml:"usage,omitempty"`
}

// WorkbookRef points at a workbook by id.
type WorkbookRef struct {
	ID string `xml:"id,attr"`
}

// ViewUsage counts a view's views.
type ViewUsage struct {
	TotalViewCount int `xml:"totalViewCount,attr"`
}

// ViewList is the <views> element of a list of views.
type ViewList struct {
	Views []View `xml:"view"`
}

// WorkbookList is the <workbooks> element of a list of workbooks.
type WorkbookList struct {
	Workbooks []Workbook `xml:"workbook"`
}
