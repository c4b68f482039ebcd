package demo

import (
	"archive/zip"
	"bytes"
	_ "embed"
	"time"
)

//go:generate go test -run TestSampleIsCurrent -update .

// SampleWorkbook is the demo's workbook: sample/Superstore.twb (written by
// hand) packed with its data, sample/orders.csv, as Tableau packs a .twbx.
// It is embedded, so the demo needs no file beside the binary.
//
//go:embed sample/Superstore.twbx
var SampleWorkbook []byte

// SampleName is the sample's file name, and so the workbook's name once published.
const SampleName = "Superstore.twbx"

// sampleTime is the modification time written into the archive, fixed so
// that packing the same sources always gives the same bytes.
var sampleTime = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// PackSample packs a workbook document and its data file into a .twbx:
// the .twb at the top, the data under Data/, as Tableau Desktop lays it out.
func PackSample(twb, ordersCSV []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range []struct {
		name string
		data []byte
	}{{"Superstore.twb", twb}, {"Data/orders.csv", ordersCSV}} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: sampleTime})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(e.data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
