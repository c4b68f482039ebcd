package emulator_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tsc-go/tsc/internal/emulator"
)

// TestOpenUploadSessionsPerUser: a user may have 32 upload sessions open;
// the 33rd is refused with 429 and 429000, naming the bound, and leaves no
// file behind. Another user is not affected; publishing with a session, or
// its expiry, makes room again.
func TestOpenUploadSessionsPerUser(t *testing.T) {
	dir := t.TempDir()
	admin := newContent(t, emulator.Config{DataDir: dir, ContentConfig: emulator.ContentConfig{UploadSessionLifetime: time.Minute}})
	c := admin.as("pia", "Creator")
	var sessions []string
	for range 32 {
		b := c.xml("", "POST", c.sitePath("fileUploads"), "", 201)
		sessions = append(sessions, attrOf(t, b, "fileUpload", "uploadSessionId"))
	}
	uploads := dir + "/blobs/uploads"
	if n := countFiles(t, uploads); n != 32 {
		t.Fatalf("%d upload files for 32 sessions", n)
	}
	b := c.xml("", "POST", c.sitePath("fileUploads"), "", 429)
	if code := errorCode(t, b); code != "429000" || !strings.Contains(string(b), "32 open upload sessions") {
		t.Errorf("the 33rd session: %s", b)
	}
	if n := countFiles(t, uploads); n != 32 {
		t.Errorf("%d upload files after a refusal, want 32", n)
	}
	// Another user has their own 32.
	admin.xml("", "POST", admin.sitePath("fileUploads"), "", 201)

	// Publishing with a session closes it: one more may be opened, not two.
	c.multipart("", "PUT", c.sitePath("fileUploads/"+sessions[0]), 200, payloadPart(""), filePart("tableau_file", "f", testFile(t, "workbooks/Sales.twb")))
	c.multipart("", "POST", c.sitePath("workbooks?workbookType=twb&uploadSessionId="+sessions[0]), 201, payloadPart(`<tsRequest><workbook name="W"/></tsRequest>`))
	c.xml("", "POST", c.sitePath("fileUploads"), "", 201)
	c.xml("", "POST", c.sitePath("fileUploads"), "", 429)

	// Expired sessions do not count.
	c.clock.Add(time.Minute + time.Second)
	for range 32 {
		c.xml("", "POST", c.sitePath("fileUploads"), "", 201)
	}
	c.xml("", "POST", c.sitePath("fileUploads"), "", 429)
}
