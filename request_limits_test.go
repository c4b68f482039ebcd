package tsc_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tsc-go/tsc"
)

// requestBoundCases are bodies at and one past each of DecodeRequest's
// bounds, with the numbers written out: depth 32, 10,000 elements, 256
// attributes on an element, 64 KiB attribute values, 1 MiB of text.
func requestBoundCases() []struct{ limit, at, over string } {
	nested := func(n int) string {
		return `<tsRequest>` + strings.Repeat("<a>", n-1) + strings.Repeat("</a>", n-1) + `</tsRequest>`
	}
	elements := func(n int) string { return `<tsRequest>` + strings.Repeat("<a/>", n-1) + `</tsRequest>` }
	attrs := func(n int) string {
		var b strings.Builder
		b.WriteString(`<tsRequest><project name="p"`)
		for i := 1; i < n; i++ {
			fmt.Fprintf(&b, ` a%d="x"`, i)
		}
		b.WriteString(`/></tsRequest>`)
		return b.String()
	}
	value := func(n int) string { return `<tsRequest><project name="` + strings.Repeat("v", n) + `"/></tsRequest>` }
	text := func(n int) string { return `<tsRequest>` + strings.Repeat(" ", n) + `</tsRequest>` }
	return []struct{ limit, at, over string }{
		{"element depth limit of 32", nested(32), nested(33)},
		{"element count limit of 10000", elements(10000), elements(10001)},
		{"attributes per element limit of 256", attrs(256), attrs(257)},
		{"attribute value size in bytes limit of 65536", value(64 << 10), value(64<<10 + 1)},
		{"total text size in bytes limit of 1048576", text(1 << 20), text(1<<20 + 1)},
	}
}

// TestDecodeRequestBounds: a request body at each bound decodes; one past
// it is refused with an error naming the bound and its number.
func TestDecodeRequestBounds(t *testing.T) {
	for _, tc := range requestBoundCases() {
		if _, err := tsc.DecodeRequest([]byte(tc.at)); err != nil {
			t.Errorf("at the %s: %v", tc.limit, err)
		}
		_, err := tsc.DecodeRequest([]byte(tc.over))
		if err == nil || !strings.Contains(err.Error(), tc.limit) {
			t.Errorf("past the %s: %v", tc.limit, err)
		}
	}
}

// BenchmarkDecodeRequestNested decodes a 4 MiB body (the most the emulator
// reads) of nested elements: refused at depth 33, it costs a few KB and
// microseconds, not the megabytes a tree of a million elements would.
func BenchmarkDecodeRequestNested(b *testing.B) {
	body := []byte(`<tsRequest>` + strings.Repeat("<a>", (4<<20)/7) + strings.Repeat("</a>", (4<<20)/7) + `</tsRequest>`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tsc.DecodeRequest(body); err == nil {
			b.Fatal("accepted")
		}
	}
}
