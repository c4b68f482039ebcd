package emulator

import (
	"bytes"
	"errors"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strings"
	"testing"
)

// multipartOf is a multipart/mixed body of the named parts (name, content).
func multipartOf(t testing.TB, boundary string, parts ...[2]string) []byte {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	if err := mw.SetBoundary(boundary); err != nil {
		t.Fatal(err)
	}
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="`+p[0]+`"; filename="f"`)
		w, _ := mw.CreatePart(h)
		w.Write([]byte(p[1]))
	}
	mw.Close()
	return b.Bytes()
}

// readPartsOf runs readParts on body as the publish (filePart
// tableau_workbook) or the chunk append (tableau_file) handler does.
func readPartsOf(filePart string, body []byte, limit int64) (*incoming, error) {
	req := httptest.NewRequest(http.MethodPut, "/", bytes.NewReader(body))
	req.Header.Set("Content-Type", "multipart/mixed; boundary=bnd")
	var file bytes.Buffer
	return readParts(&call{req: req}, filePart, &file, limit)
}

func wantAPIError(t *testing.T, what string, err error, status int, code, detail string) {
	t.Helper()
	var ae *apiError
	if !errors.As(err, &ae) || ae.Status != status || ae.Code != code || !strings.Contains(ae.Detail, detail) {
		t.Errorf("%s: %v, want %d %s naming %q", what, err, status, code, detail)
	}
}

// TestMultipartPartCount: a publish body and a chunk append take at most
// two parts (request_payload and the file); a third, whatever its name, is
// refused with 400000 naming the bound.
func TestMultipartPartCount(t *testing.T) {
	for _, filePart := range []string{"tableau_workbook", "tableau_file"} {
		two := multipartOf(t, "bnd", [2]string{"request_payload", "<tsRequest/>"}, [2]string{filePart, "data"})
		if in, err := readPartsOf(filePart, two, 100); err != nil || !in.sawFile || string(in.payload) != "<tsRequest/>" {
			t.Errorf("%s: two parts: %+v %v", filePart, in, err)
		}
		for _, third := range []string{"request_payload", filePart, "other"} {
			three := multipartOf(t, "bnd", [2]string{"request_payload", "<tsRequest/>"}, [2]string{filePart, "data"}, [2]string{third, "x"})
			_, err := readPartsOf(filePart, three, 100)
			wantAPIError(t, filePart+" with a third part "+third, err, http.StatusBadRequest, codeBadRequest, "more than 2 parts")
		}
	}
}

// TestMultipartPayloadSize: the request_payload part may have 4 MiB
// (4,194,304 bytes); one byte more is refused with 413.
func TestMultipartPayloadSize(t *testing.T) {
	at := multipartOf(t, "bnd", [2]string{"request_payload", strings.Repeat(" ", 4<<20)})
	if in, err := readPartsOf("tableau_workbook", at, 100); err != nil || len(in.payload) != 4<<20 {
		t.Fatalf("a payload of 4 MiB: %v", err)
	}
	over := multipartOf(t, "bnd", [2]string{"request_payload", strings.Repeat(" ", 4<<20+1)})
	_, err := readPartsOf("tableau_workbook", over, 100)
	wantAPIError(t, "a payload of 4 MiB + 1", err, http.StatusRequestEntityTooLarge, codePayloadTooLarge, "larger than 4194304 bytes")
}

// TestMultipartBodyBound: whatever Content-Length says (here none is
// used), the whole body is bounded by the file limit plus 4 MiB + 64 KiB
// for the rest: a body with a preamble that reaches the bound is read, one
// byte more is refused with 413 naming the bound, not read to its end.
func TestMultipartBodyBound(t *testing.T) {
	const limit = 100
	parts := multipartOf(t, "bnd", [2]string{"request_payload", "<tsRequest/>"}, [2]string{"tableau_file", "data"})
	bound := limit + 4<<20 + 64<<10
	// The preamble is short lines (a line longer than the reader's buffer
	// is refused by mime/multipart itself): n bytes of them, then CRLF.
	pad := func(n int) []byte {
		line := strings.Repeat("x", 62) + "\r\n"
		pre := strings.Repeat(line, n/len(line)) + strings.Repeat("y", n%len(line))
		return append([]byte(pre+"\r\n"), parts...)
	}
	at := pad(bound - len(parts) - 2)
	if len(at) != bound {
		t.Fatalf("test body is %d bytes, not %d", len(at), bound)
	}
	if _, err := readPartsOf("tableau_file", at, limit); err != nil {
		t.Fatalf("a body at the bound: %v", err)
	}
	_, err := readPartsOf("tableau_file", pad(bound-len(parts)-1), limit)
	wantAPIError(t, "a body one byte past the bound", err, http.StatusRequestEntityTooLarge, codePayloadTooLarge, "longer than 4259940 bytes")
	// Without a file part to take (a publish from an upload session), the
	// bound is the 4 MiB + 64 KiB alone.
	req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(pad(4<<20+64<<10)))
	req.Header.Set("Content-Type", "multipart/mixed; boundary=bnd")
	_, err = readParts(&call{req: req}, "tableau_workbook", nil, 64<<20)
	wantAPIError(t, "a session publish past 4 MiB + 64 KiB", err, http.StatusRequestEntityTooLarge, codePayloadTooLarge, "longer than 4259840 bytes")
}
