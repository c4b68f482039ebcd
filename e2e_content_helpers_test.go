package tsc_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// Helpers of the content end-to-end tests (workbooks, views, data
// sources, jobs, publishing).

// e2eFile is a test file of testdata/.
func e2eFile(name string) string { return filepath.Join("testdata", name) }

func e2eSHA(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// e2eRead reads a file of testdata/.
func e2eRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(e2eFile(name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func e2eFileSHA(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return e2eSHA(b)
}

// e2eDownloadSHA downloads with fn and returns the SHA-256 of the bytes.
func e2eDownloadSHA(t *testing.T, fn func(io.Writer) (*tsc.Download, error)) (string, *tsc.Download) {
	t.Helper()
	var buf bytes.Buffer
	d, err := fn(&buf)
	if err != nil {
		t.Fatalf("download: %v", err)
	}
	if d.Size != int64(buf.Len()) {
		t.Errorf("Download.Size %d, %d bytes written", d.Size, buf.Len())
	}
	return e2eSHA(buf.Bytes()), d
}

// e2eBigWorkbook writes a packaged workbook of about size bytes: the Sales
// workbook and an incompressible extract, so that its size is what is sent.
func e2eBigWorkbook(t *testing.T, size int) string {
	t.Helper()
	return e2eBigPackage(t, size, "Sales.twb", e2eRead(t, "workbooks/Sales.twb"), "Big Sales.twbx")
}

// e2eBigPackage writes a package named file of about size bytes: the
// document doc (named docName) and an incompressible extract.
func e2eBigPackage(t *testing.T, size int, docName string, doc []byte, file string) string {
	t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	extract := make([]byte, size)
	copy(extract, "Hyper\x08\x00\x00")
	for i := 8; i < len(extract); i += 8 {
		v := r.Uint64()
		for j := 0; j < 8 && i+j < len(extract); j++ {
			extract[i+j] = byte(v >> (8 * j))
		}
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range []struct {
		name   string
		body   []byte
		method uint16
	}{{docName, doc, zip.Deflate}, {"Data/Extracts/Big.hyper", extract, zip.Store}} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: e.method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), file)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// e2ePublishSales publishes testdata's Sales.twbx as name.
func e2ePublishSales(t *testing.T, c *tsc.Client, name string) *tsc.Workbook {
	t.Helper()
	return e2eMust(c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: name}, e2eFile("workbooks/Sales.twbx"), tsc.PublishOptions{}))(t)
}

// e2eContentServer is a server whose jobs last d, and its admin client.
func e2eContentServer(t *testing.T, d time.Duration, opts ...tsctest.Option) (*tsctest.Server, *tsc.Client) {
	t.Helper()
	return e2eServer(t, append([]tsctest.Option{tsctest.WithJobDuration(d)}, opts...)...)
}

// e2eCheckPDF checks a PDF's structure (header, every xref offset at its
// object, startxref at the xref table, %%EOF) and returns its MediaBoxes
// and the text it shows.
func e2eCheckPDF(t *testing.T, b []byte) (boxes []string, text string) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-1.")) {
		t.Fatalf("not a PDF: %q", b[:min(len(b), 20)])
	}
	if !bytes.HasSuffix(bytes.TrimRight(b, "\r\n"), []byte("%%EOF")) {
		t.Fatal("the PDF does not end with its end-of-file marker")
	}
	m := regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`).FindSubmatch(b)
	if m == nil {
		t.Fatal("no startxref")
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if xref >= len(b) || !bytes.HasPrefix(b[xref:], []byte("xref")) {
		t.Fatalf("startxref %d does not point at the xref table", xref)
	}
	lines := strings.Split(string(b[xref:]), "\n")
	f := strings.Fields(lines[1])
	first, _ := strconv.Atoi(f[0])
	count, _ := strconv.Atoi(f[1])
	for i := 1; i < count; i++ {
		e := strings.Fields(lines[2+i])
		off, err := strconv.ParseInt(e[0], 10, 64)
		want := strconv.Itoa(first+i) + " 0 obj"
		if err != nil || e[2] != "n" || off >= int64(len(b)) || !bytes.HasPrefix(b[off:], []byte(want)) {
			t.Fatalf("xref entry %q does not point at %q", lines[2+i], want)
		}
	}
	for _, m := range regexp.MustCompile(`/MediaBox \[([^\]]*)\]`).FindAllSubmatch(b, -1) {
		boxes = append(boxes, string(m[1]))
	}
	for _, m := range regexp.MustCompile(`\((.*?)\) Tj`).FindAllSubmatch(b, -1) {
		text += string(m[1]) + "\n"
	}
	return boxes, text
}

// e2eZipParts opens an OOXML package, checks that every XML part is well
// formed and returns the parts.
func e2eZipParts(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip package: %v", err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = body
		if strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels") {
			d := xml.NewDecoder(bytes.NewReader(body))
			for {
				if _, err := d.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
				}
			}
		}
	}
	if _, ok := parts["[Content_Types].xml"]; !ok {
		t.Fatal("the package has no [Content_Types].xml")
	}
	return parts
}

// e2eReferenceFile is a file of ../shared/reference/files: the test skips
// without it, except under CI, where it fails.
func e2eReferenceFile(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join("..", "shared", "reference", "files", name)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("reference file %s missing under CI: %v", name, err)
		}
		t.Skipf("reference file %s not available: %v", name, err)
	}
	return p
}
