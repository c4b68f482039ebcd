package emulator

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tsc-go/tsc/internal/emulator/tableaufile"
)

// ContentConfig sets how published content behaves. The zero value is a
// server like Tableau's, with jobs fast enough for tests.
type ContentConfig struct {
	// JobDuration is how long a background job runs: a fifth of it
	// Pending, the rest InProgress with its progress rising, then done.
	// Zero means 300 ms.
	JobDuration time.Duration
	// UploadSessionLifetime is how long a file upload session lives after
	// its last chunk before it expires with its file. Zero means one hour.
	UploadSessionLifetime time.Duration
	// MaxPublishSize is the largest file a single publish request may carry
	// (larger files go through upload sessions, which have no limit).
	// Zero means 64 MB, Tableau's limit.
	MaxPublishSize int64
	// MaxChunkSize is the largest chunk one Append to File Upload request
	// may carry. Zero means 64 MB.
	MaxChunkSize int64
	// FileLimits bound what reading a published file may cost (archive
	// entries, sizes, compression ratios); zero fields take
	// tableaufile.DefaultLimits.
	FileLimits tableaufile.Limits
}

// Defaults of ContentConfig.
const (
	DefaultJobDuration           = 300 * time.Millisecond
	DefaultUploadSessionLifetime = time.Hour
	DefaultMaxPublishSize        = 64 << 20
	DefaultMaxChunkSize          = 64 << 20
)

func (c ContentConfig) withDefaults() ContentConfig {
	if c.JobDuration <= 0 {
		c.JobDuration = DefaultJobDuration
	}
	if c.UploadSessionLifetime <= 0 {
		c.UploadSessionLifetime = DefaultUploadSessionLifetime
	}
	if c.MaxPublishSize <= 0 {
		c.MaxPublishSize = DefaultMaxPublishSize
	}
	if c.MaxChunkSize <= 0 {
		c.MaxChunkSize = DefaultMaxChunkSize
	}
	return c
}

// contentState is what the content handlers share beyond the database: the
// blob store, the locks of upload sessions, and the janitor that moves
// jobs along, expires uploads and removes orphaned files.
type contentState struct {
	cfg   ContentConfig
	blobs Blobs
	// tempDir is the blob directory the server made and removes on Close;
	// empty when the blobs live in the data directory.
	tempDir string

	uploadMu sync.Mutex
	uploads  map[string]bool // sessions with a chunk being written

	// jobMu serialises job state changes, so that a job's effect (a
	// publish, a refresh) happens once even when the janitor and a request
	// advance it at the same moment.
	jobMu sync.Mutex

	stop      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

// openContent sets up the blob store (beside the database, or in a
// temporary directory) and starts the janitor.
func (s *Server) openContent() error {
	cfg := s.cfg.ContentConfig.withDefaults()
	s.cfg.ContentConfig = cfg
	cs := &contentState{cfg: cfg, uploads: map[string]bool{}, stop: make(chan struct{}), done: make(chan struct{})}
	root := ""
	if s.cfg.DataDir != "" {
		root = filepath.Join(s.cfg.DataDir, "blobs")
	} else {
		d, err := os.MkdirTemp("", "tsc-emulator-*")
		if err != nil {
			return fmt.Errorf("emulator: blob store: %w", err)
		}
		root, cs.tempDir = d, d
	}
	b, err := newDirBlobs(root)
	if err != nil {
		if cs.tempDir != "" {
			os.RemoveAll(cs.tempDir)
		}
		return err
	}
	cs.blobs = b
	s.content = cs
	go s.janitor()
	return nil
}

func (s *Server) closeContent() {
	cs := s.content
	if cs == nil {
		return
	}
	cs.closeOnce.Do(func() {
		close(cs.stop)
		<-cs.done
		if cs.tempDir != "" {
			os.RemoveAll(cs.tempDir)
		}
	})
}

// janitorInterval is how often the janitor runs: often enough that a job's
// progress is seen moving and an as-job publish lands soon after its job.
func (cs *contentState) janitorInterval() time.Duration {
	return min(max(cs.cfg.JobDuration/8, 5*time.Millisecond), time.Second)
}

func (s *Server) janitor() {
	cs := s.content
	defer close(cs.done)
	t := time.NewTicker(cs.janitorInterval())
	defer t.Stop()
	for {
		select {
		case <-cs.stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			s.sweep(ctx)
			cancel()
		}
	}
}

// sweep advances jobs, expires upload sessions and removes orphaned files.
// Errors are left for the next run: the store may be busy or closing.
func (s *Server) sweep(ctx context.Context) {
	s.runDue(ctx)
	s.advanceJobs(ctx, "")
	s.store.expireUploads(ctx, s.nowMS(), s.content.busy)
	keys, err := s.store.orphanBlobs(ctx)
	if err != nil {
		return
	}
	for _, k := range keys {
		if s.content.blobs.Remove(k) == nil {
			s.store.forgetOrphan(ctx, k)
		}
	}
}

// lock marks an upload session busy; false when it already is.
func (cs *contentState) lock(id string) bool {
	cs.uploadMu.Lock()
	defer cs.uploadMu.Unlock()
	if cs.uploads[id] {
		return false
	}
	cs.uploads[id] = true
	return true
}

func (cs *contentState) unlock(id string) {
	cs.uploadMu.Lock()
	defer cs.uploadMu.Unlock()
	delete(cs.uploads, id)
}

func (cs *contentState) busy(id string) bool {
	cs.uploadMu.Lock()
	defer cs.uploadMu.Unlock()
	return cs.uploads[id]
}

// nowMS is the store's clock in Unix milliseconds.
func (s *Server) nowMS() int64 { return s.store.now().UnixMilli() }

// streamed marks a route whose handler reads the request body itself.
func streamed(rt route) route {
	rt.stream = true
	return rt
}

// fileBody is a non-XML answer: a stored file or bytes made for the
// request. The adapter writes it with its type, length and, for
// downloads, a Content-Disposition naming the file.
type fileBody struct {
	contentType string
	// fileName, when set, makes the answer an attachment with this name.
	fileName string
	// data is the answer, unless f is set.
	data []byte
	// f is a stored file, closed after writing.
	f *os.File
	// write, when set, makes the answer as it is sent, of a length not
	// known before; an error part way aborts the connection, so that the
	// client sees a failed download rather than a short file.
	write func(io.Writer) error
}

func fileResult(contentType, fileName string, data []byte) (result, error) {
	return result{status: http.StatusOK, file: &fileBody{contentType: contentType, fileName: fileName, data: data}}, nil
}

// writeFile writes a file answer.
func (s *Server) writeFile(w http.ResponseWriter, res result) {
	fb := res.file
	h := w.Header()
	h.Set("Content-Type", fb.contentType)
	if fb.fileName != "" {
		h.Set("Content-Disposition", contentDisposition(fb.fileName))
	}
	if fb.write != nil {
		w.WriteHeader(res.status)
		if err := fb.write(w); err != nil {
			panic(http.ErrAbortHandler)
		}
		return
	}
	if fb.f == nil {
		h.Set("Content-Length", strconv.Itoa(len(fb.data)))
		w.WriteHeader(res.status)
		w.Write(fb.data)
		return
	}
	defer fb.f.Close()
	if st, err := fb.f.Stat(); err == nil {
		h.Set("Content-Length", strconv.FormatInt(st.Size(), 10))
	}
	w.WriteHeader(res.status)
	io.Copy(w, fb.f)
}

// contentDisposition is the header Tableau writes on downloads: the
// disposition type, then filename="..." with the name made safe to quote,
// and, for names beyond ASCII, the RFC 5987 filename* with the exact name.
func contentDisposition(name string) string {
	ascii := strings.Map(func(r rune) rune {
		switch {
		case r == '"' || r == '\\' || r == '/':
			return '_'
		case r < 0x20 || r == 0x7f:
			return -1
		case r >= utf8.RuneSelf:
			return '_'
		}
		return r
	}, name)
	v := `attachment; filename="` + ascii + `"`
	if ascii != name {
		v += "; filename*=UTF-8''" + url.PathEscape(name)
	}
	return v
}

// multipartBoundary checks that the request is multipart/mixed (or
// multipart/form-data, which some clients send) and returns its boundary.
func multipartBoundary(req *http.Request) (string, error) {
	mt, params, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if err != nil || (mt != "multipart/mixed" && mt != "multipart/form-data") || params["boundary"] == "" {
		return "", badRequest("The request must be multipart/mixed with a boundary, not %q.", req.Header.Get("Content-Type"))
	}
	return params["boundary"], nil
}

// partName reads the name and filename of a part's Content-Disposition.
// Tableau's own clients write it without a disposition type
// (`name="tableau_workbook"; filename="x.twbx"`), so that form is read too.
func partName(cd string) (name, filename string) {
	for _, v := range []string{cd, "form-data; " + cd} {
		if _, p, err := mime.ParseMediaType(v); err == nil && p["name"] != "" {
			return p["name"], p["filename"]
		}
	}
	return "", ""
}

// contentURLFor makes a content URL from a name as Tableau does: the
// letters, digits, dashes and underscores of the name.
func contentURLFor(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// viewURLName is a sheet's name as a view's content URL writes it: without
// spaces and URL-reserved characters (GDP per capita → GDPpercapita).
func viewURLName(name string) string {
	var b strings.Builder
	for _, r := range name {
		if unicode.IsSpace(r) || strings.ContainsRune(`/?#%&+\:;=@[]"<>{}|^`+"`", r) || r < 0x20 {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// sizeMB is a size in whole megabytes, at least 1 for any non-empty file,
// as Tableau reports content sizes.
func sizeMB(n int64) int {
	if n <= 0 {
		return 0
	}
	return int((n + (1<<20 - 1)) >> 20)
}
