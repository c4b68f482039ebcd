package wirejson_test

import (
	"fmt"
	"testing"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/wirejson"
)

// bigList is a page of 1,000 workbooks as the emulator answers Query
// Workbooks for Site with fields=_all_.
func bigList() *tsc.TSResponse {
	r := tsc.NewTSResponse()
	r.Pagination = &tsc.Pagination{PageNumber: 1, PageSize: 1000, TotalAvailable: 5000}
	r.Workbooks = &tsc.WorkbookList{}
	for i := range 1000 {
		r.Workbooks.Workbooks = append(r.Workbooks.Workbooks, tsc.Workbook{
			ID: fmt.Sprintf("5d7c6b1e-0000-4000-8000-%012d", i), Name: fmt.Sprintf("Workbook %d", i),
			Description: "Quarterly sales by region", ContentURL: fmt.Sprintf("Workbook%d", i),
			WebpageURL: fmt.Sprintf("https://tableau.example.com/#/workbooks/%d", i),
			ShowTabs:   tsc.Bool(true), Size: tsc.Int(2), SheetCount: tsc.Int(4), EncryptExtracts: tsc.Bool(false),
			DefaultViewID: "9f1e0000-0000-4000-8000-000000000001", CreatedAt: t0, UpdatedAt: t0,
			Project:  &tsc.Project{ID: "p1", Name: "Finance"},
			Location: &tsc.Location{ID: "p1", Name: "Finance", Type: "Project"},
			Owner:    &tsc.User{ID: "u1", Name: "admin"},
			Tags:     &tsc.Tags{Tags: []tsc.Tag{{Label: "sales"}, {Label: "q3"}}},
		})
	}
	return r
}

// BenchmarkEncodeWorkbookList compares writing a 1,000-workbook page as
// JSON (wirejson, reflection over cached plans) and as XML (encoding/xml,
// what the emulator has always written).
func BenchmarkEncodeWorkbookList(b *testing.B) {
	r := bigList()
	b.Run("json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out, err := wirejson.Marshal(r)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(out)))
		}
	})
	b.Run("xml", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out, err := tsc.EncodeResponse(r)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(out)))
		}
	})
}

// BenchmarkDecodeWorkbookList reads the same page back, JSON and XML.
func BenchmarkDecodeWorkbookList(b *testing.B) {
	r := bigList()
	jb, _ := wirejson.Marshal(r)
	xb, _ := tsc.EncodeResponse(r)
	b.Run("json", func(b *testing.B) {
		b.SetBytes(int64(len(jb)))
		for b.Loop() {
			var out tsc.TSResponse
			if err := wirejson.Unmarshal(jb, &out, wirejson.Limits{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("xml", func(b *testing.B) {
		b.SetBytes(int64(len(xb)))
		for b.Loop() {
			if _, err := tsc.DecodeResponse(xb); err != nil {
				b.Fatal(err)
			}
		}
	})
}
