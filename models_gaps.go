package tsc

// ConnectionLuidList is the <connectionLuids> of Update Workbook / Data
// Source Connections (the schema's spelling).
type ConnectionLuidList struct {
	Luids []string `xml:"connectionLuid"`
}

// ConnectionLUIDList is the same list as TSC's update_connections spells
// it, <connectionLUIDs><connectionLUID>; servers read both.
type ConnectionLUIDList struct {
	LUIDs []string `xml:"connectionLUID"`
}

// TagBatch is the <tagBatch> of Batch Add Tags and Batch Delete Tags:
// labels and the items they go on or come off.
type TagBatch struct {
	Tags     *Tags        `xml:"tags"`
	Contents *ContentList `xml:"contents"`
}

// ContentList is the <contents> of a tag batch.
type ContentList struct {
	Contents []ContentRef `xml:"content"`
}

// ContentRef names one item of any kind by its type ("workbook",
// "datasource", "view", "flow"...) and id.
type ContentRef struct {
	ContentType string `xml:"contentType,attr"`
	ID          string `xml:"id,attr"`
}
