package emulator

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestUserImportKeepsNoClearPassword: the passwords of an import's lines
// wait in the job as salt and hash, never in clear, and sign in once the
// job has run.
func TestUserImportKeepsNoClearPassword(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	s, err := New(Config{Now: clock, ContentConfig: ContentConfig{JobDuration: time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Bootstrap(ctx, Admin{Name: "admin", Password: "adminpw"}); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	do := func(method, path, ct string, body io.Reader, token string) []byte {
		t.Helper()
		req, _ := http.NewRequest(method, ts.URL+"/api/3.29/"+path, body)
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		if token != "" {
			req.Header.Set("X-Tableau-Auth", token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode >= 300 {
			t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b)
		}
		return b
	}
	token, site := signInFor(t, s, "admin", "adminpw")
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="tableau_user_import"; filename="u.csv"`)
	w, _ := mw.CreatePart(h)
	io.WriteString(w, "walker,Very-Secret-42,Walker,Viewer,None,no,\n")
	mw.Close()
	do("POST", "sites/"+site+"/users/import", "multipart/mixed; boundary="+mw.Boundary(), &body, token)
	var payload string
	if err := s.store.db.QueryRowContext(ctx, `SELECT payload FROM jobs WHERE type = 'UserImport'`).Scan(&payload); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(payload, "Very-Secret-42") || !strings.Contains(payload, "passwordHash") {
		t.Fatalf("the job keeps %s", payload)
	}
	mu.Lock()
	now = now.Add(2 * time.Second)
	mu.Unlock()
	s.advanceJobs(ctx, "")
	signInFor(t, s, "walker", "Very-Secret-42")
}
