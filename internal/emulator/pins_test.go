package emulator_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/tsc-go/tsc/internal/emulator"
)

// The tests in this file pin the emulator's documented size limits with
// the numbers written out: exactly the limit is taken, one byte more is
// refused with 413 and Tableau's code. The bodies are generated as they
// are sent, never held in memory.

// zeros reads as many zero bytes as asked for.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// streamedMultipart is a multipart/mixed body with a request_payload part
// and a file part of fileSize bytes (prefix, then zeros), and its length.
func streamedMultipart(payload, partName, fileName, prefix string, fileSize int64) (string, io.Reader, int64) {
	const boundary = "pinned-limits-boundary-0123456789"
	head := "--" + boundary + "\r\n" +
		"Content-Disposition: name=\"request_payload\"\r\nContent-Type: text/xml\r\n\r\n" + payload + "\r\n" +
		"--" + boundary + "\r\n" +
		"Content-Disposition: form-data; name=\"" + partName + "\"; filename=\"" + fileName + "\"\r\n" +
		"Content-Type: application/octet-stream\r\n\r\n" + prefix
	tail := "\r\n--" + boundary + "--\r\n"
	body := io.MultiReader(strings.NewReader(head), io.LimitReader(zeros{}, fileSize-int64(len(prefix))), strings.NewReader(tail))
	return "multipart/mixed; boundary=" + boundary, body, int64(len(head)) + fileSize - int64(len(prefix)) + int64(len(tail))
}

// send sends a streamed body with its Content-Length declared and checks
// the status.
func (c *contentClient) send(method, path, ct string, body io.Reader, n int64, want int) []byte {
	c.t.Helper()
	_, b := c.raw(method, path, ct, sizedBody{body, n}, want)
	return b
}

// TestPublishLimitIs64MB publishes, in one request, a data source file of
// exactly 64 MB (MiB, as the emulator counts them) with the default limits:
// it is published whole. A file of one byte more is refused with 413
// 413000 and nothing is published.
func TestPublishLimitIs64MB(t *testing.T) {
	// Each moves 128 MB through the race detector: side by side.
	t.Parallel()
	const limit = 64 << 20
	if emulator.DefaultMaxPublishSize != limit {
		t.Errorf("DefaultMaxPublishSize = %d, documented as %d", emulator.DefaultMaxPublishSize, limit)
	}
	c := newContent(t, emulator.Config{})
	for _, size := range []int64{limit, limit + 1} {
		name := fmt.Sprintf("Extract %d", size)
		ct, body, n := streamedMultipart(`<tsRequest><datasource name="`+name+`"/></tsRequest>`,
			"tableau_datasource", "big.hyper", "Hyper\x01", size)
		if size == limit {
			b := c.send("POST", c.sitePath("datasources"), ct, body, n, http.StatusCreated)
			if got := attrOf(t, b, "datasource", "size"); got != "64" {
				t.Errorf("the published file's size is %s MB, want 64", got)
			}
			continue
		}
		b := c.send("POST", c.sitePath("datasources"), ct, body, n, http.StatusRequestEntityTooLarge)
		if code := errorCode(t, b); code != "413000" {
			t.Errorf("one byte over the limit: code %s, want 413000", code)
		}
	}
	b := c.xml("", "GET", c.sitePath("datasources"), "", 200)
	if got := attrOf(t, b, "pagination", "totalAvailable"); got != "1" {
		t.Errorf("%s data sources published, want the one of exactly 64 MB", got)
	}
}

// TestChunkLimitIs64MB appends a chunk of exactly 64 MB to an upload
// session with the default limits (taken), then one of a byte more
// (refused with 413 413000, leaving the file as it was).
func TestChunkLimitIs64MB(t *testing.T) {
	// Each moves 128 MB through the race detector: side by side.
	t.Parallel()
	const limit = 64 << 20
	if emulator.DefaultMaxChunkSize != limit {
		t.Errorf("DefaultMaxChunkSize = %d, documented as %d", emulator.DefaultMaxChunkSize, limit)
	}
	c := newContent(t, emulator.Config{})
	session := attrOf(t, c.xml("", "POST", c.sitePath("fileUploads"), "", 201), "fileUpload", "uploadSessionId")
	path := c.sitePath("fileUploads/" + session)
	ct, body, n := streamedMultipart("", "tableau_file", "file", "", limit)
	b := c.send("PUT", path, ct, body, n, http.StatusOK)
	if got := attrOf(t, b, "fileUpload", "fileSize"); got != "64" {
		t.Errorf("after a chunk of exactly 64 MB the file is %s MB", got)
	}
	ct, body, n = streamedMultipart("", "tableau_file", "file", "", limit+1)
	b = c.send("PUT", path, ct, body, n, http.StatusRequestEntityTooLarge)
	if code := errorCode(t, b); code != "413000" {
		t.Errorf("one byte over the limit: code %s, want 413000", code)
	}
	// The refused chunk left nothing behind: a one-byte chunk makes 64 MB and a byte.
	ct, body, n = streamedMultipart("", "tableau_file", "file", "", 1)
	c.send("PUT", path, ct, body, n, http.StatusOK)
	b = c.multipart("", "POST", c.sitePath("datasources?datasourceType=tde&uploadSessionId="+session), 201,
		payloadPart(`<tsRequest><datasource name="Chunked"/></tsRequest>`))
	req, _ := http.NewRequest("GET", c.base+c.sitePath("datasources/"+attrOf(t, b, "datasource", "id")+"/content"), nil)
	req.Header.Set("X-Tableau-Auth", c.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if got, err := io.Copy(io.Discard, resp.Body); err != nil || got != limit+1 {
		t.Errorf("the published file is %d bytes (%v), want %d", got, err, limit+1)
	}
}
