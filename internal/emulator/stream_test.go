package emulator

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestStreamedFileAbortsOnError: an answer made as it is sent (a package
// written again without its extract) that fails part way breaks the
// connection, so the client sees a failed download, never a short file
// that looks complete.
func TestStreamedFileAbortsOnError(t *testing.T) {
	s := &Server{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.writeFile(w, result{status: http.StatusOK, file: &fileBody{contentType: "application/octet-stream", fileName: "a.twbx",
			write: func(w io.Writer) error {
				w.Write(make([]byte, 100<<10))
				return errors.New("disk gone")
			}}})
	}))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err == nil {
		t.Fatalf("read %d bytes and a clean end; want a broken connection", n)
	}
	if resp.Header.Get("Content-Disposition") == "" {
		t.Error("no Content-Disposition")
	}
}
