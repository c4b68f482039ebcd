package tableaufile

import (
	"archive/zip"
	"io"
	"path"
	"strings"
)

// IsExtract reports whether an archive entry is an extract file (.hyper,
// or .tde before Tableau 10.5), wherever the archive keeps it: Tableau
// writes them under Data/Extracts/, older versions under Data/.
func IsExtract(name string) bool {
	switch strings.ToLower(path.Ext(strings.ReplaceAll(name, `\`, "/"))) {
	case ".hyper", ".tde":
		return true
	}
	return false
}

// HasExtract reports whether the archive carries an extract file.
func (a *Archive) HasExtract() bool { return a.hasExtract() }

// WriteWithoutExtracts writes the archive to w without its extract files,
// as Tableau answers a download with includeExtract=false: the packaged
// workbook or data source keeps its document and every other file (images,
// local data files), and leaves the extract out. Each kept entry is copied
// in its stored, compressed form with its header, so it is byte for byte
// what was published; nothing is inflated, which keeps an archive's size
// and ratio limits (checked by OpenArchive) the bound on the work. It
// returns the number of entries left out.
func (a *Archive) WriteWithoutExtracts(w io.Writer) (int, error) {
	zw := zip.NewWriter(w)
	removed := 0
	for _, f := range a.zr.File {
		if IsExtract(f.Name) {
			removed++
			continue
		}
		if err := zw.Copy(f); err != nil {
			return removed, err
		}
	}
	if err := zw.SetComment(a.zr.Comment); err != nil {
		return removed, err
	}
	return removed, zw.Close()
}
