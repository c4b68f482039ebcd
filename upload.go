package tsc

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode"
)

// PublishMode says what a publish does when content with the same name
// already exists in the project.
type PublishMode string

// The publish modes. The zero PublishMode means PublishCreateNew.
const (
	// PublishCreateNew fails (ErrConflict) when the name is taken.
	PublishCreateNew PublishMode = "CreateNew"
	// PublishOverwrite replaces the existing content (a new revision).
	PublishOverwrite PublishMode = "Overwrite"
	// PublishAppend adds the file's rows to an existing extract data source
	// (.hyper or .tde); workbooks cannot be appended to.
	PublishAppend PublishMode = "Append"
)

// Upload sizes. Tableau takes a file of up to 64 MB in one publish request;
// a larger one must go up in chunks through a file upload session.
const (
	// DefaultChunkThreshold is the file size from which a publish uploads in chunks.
	DefaultChunkThreshold int64 = 64 << 20
	// DefaultChunkSize is the size of each chunk: half the single-request
	// limit, so a failed chunk costs little to send again.
	DefaultChunkSize int64 = 32 << 20
	// MaxChunkSize is the largest chunk the server takes in one request.
	MaxChunkSize int64 = 64 << 20
)

// WithChunkedUpload sets, for every publish of this client, the file size
// from which the file is uploaded in chunks (threshold) and the chunk size.
// Zero keeps a default (DefaultChunkThreshold, DefaultChunkSize).
// PublishOptions can override both per call.
func WithChunkedUpload(threshold, chunkSize int64) Option {
	return func(c *Client) error {
		if err := checkChunking("WithChunkedUpload", threshold, chunkSize); err != nil {
			return err
		}
		c.uploadThreshold, c.uploadChunkSize = threshold, chunkSize
		return nil
	}
}

func checkChunking(op string, threshold, chunkSize int64) error {
	if threshold < 0 {
		return fmt.Errorf("tsc: %s: negative chunk threshold %d", op, threshold)
	}
	if chunkSize < 0 || chunkSize > MaxChunkSize {
		return fmt.Errorf("tsc: %s: chunk size %d is outside 1..%d bytes", op, chunkSize, MaxChunkSize)
	}
	return nil
}

// PublishSource is the file a publish sends: either Path, or Reader with
// its Size and Name. The file is streamed, never held in memory.
type PublishSource struct {
	// Path names a file on disk; its base name is the upload's file name.
	Path string
	// Reader is read from its current position (from offset 0 for an
	// io.ReaderAt that cannot Seek). When it is also an io.ReaderAt or an
	// io.Seeker (an *os.File, a *bytes.Reader), a chunk that fails to upload
	// can be sent again; a plain stream cannot.
	Reader io.Reader
	// Size is how many bytes Reader holds. Zero or less means unknown: a
	// Seeker is measured, anything else is uploaded in chunks.
	Size int64
	// Name is the file name, e.g. "Sales.twbx"; its extension gives the file
	// type. Without one the type is read from the file's first bytes.
	Name string
}

// PublishOptions are the settings of a publish besides the item itself.
type PublishOptions struct {
	// Mode is CreateNew (the default), Overwrite, or Append (data sources only).
	Mode PublishMode
	// SkipConnectionCheck publishes without the server testing the
	// connections, which can leave content that fails when opened.
	SkipConnectionCheck bool
	// Credentials are used for the item's one connection. Set Credentials or
	// Connections, not both.
	Credentials *ConnectionCredentials
	// Connections give address and credentials per connection, for
	// content with several (REST 2.8).
	Connections []Connection
	// HiddenViews names the sheets of a workbook to publish hidden.
	HiddenViews []string
	// Progress, when set, is called as the file is read for sending, with the
	// bytes sent so far and the total (-1 when unknown). It never goes back,
	// even when a chunk is sent again. It may be called from the goroutine
	// net/http writes the request in, never concurrently with itself.
	Progress func(sent, total int64)
	// ChunkThreshold and ChunkSize override the client's (see WithChunkedUpload).
	ChunkThreshold int64
	ChunkSize      int64
}

// FileUpload is an upload session: the server assembles the chunks sent to
// it, and a publish then names the session instead of carrying the file.
type FileUpload struct {
	UploadSessionID string `xml:"uploadSessionId,attr"`
	// FileSize is what the server has received so far.
	FileSize          string `xml:"fileSize,attr,omitempty"`
	MaxFileChunkCount *int   `xml:"maxFileChunkCount,attr,omitempty"`
}

// publishKind is what differs between publishing a workbook and a data source.
type publishKind struct {
	collection string // "workbooks"
	element    string // "workbook"
	part       string // "tableau_workbook"
	typeParam  string // "workbookType"
	exts       []string
	sniff      func(head []byte) string
	appendOK   bool
	// viewsOK: the type has views a publish can hide (HiddenViews).
	viewsOK bool
	// since is the first API version of the type's publish; exp sends the
	// publish to /api/exp/ (custom views).
	since Version
	exp   bool
}

var workbookKind = publishKind{
	collection: "workbooks", element: "workbook", part: "tableau_workbook", typeParam: "workbookType",
	exts: []string{"twb", "twbx"}, viewsOK: true,
	sniff: func(h []byte) string {
		switch sniffFile(h) {
		case "zip":
			return "twbx"
		case "xml":
			return "twb"
		}
		return ""
	},
}

var datasourceKind = publishKind{
	collection: "datasources", element: "datasource", part: "tableau_datasource", typeParam: "datasourceType",
	exts: []string{"tds", "tdsx", "tde", "hyper", "parquet"},
	sniff: func(h []byte) string {
		switch sniffFile(h) {
		case "zip":
			return "tdsx"
		case "xml":
			return "tds"
		case "hyper":
			return "hyper"
		case "parquet":
			return "parquet"
		}
		return ""
	},
	appendOK: true,
}

// sniffFile tells a file's kind from its first bytes: "zip" (packaged
// .twbx/.tdsx), "xml" (.twb/.tds), "hyper", "parquet", or "".
func sniffFile(head []byte) string {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return "zip"
	case bytes.HasPrefix(head, []byte("PAR1")):
		return "parquet"
	// A Hyper file starts "Hyper" and a binary format version (8 in files of 2018 on).
	case len(head) > 5 && bytes.HasPrefix(head, []byte("Hyper")) && head[5] < 0x20:
		return "hyper"
	}
	t := bytes.TrimLeftFunc(head, unicode.IsSpace)
	if bytes.HasPrefix(t, []byte("<?xml")) || bytes.HasPrefix(t, []byte("<workbook")) || bytes.HasPrefix(t, []byte("<datasource")) {
		return "xml"
	}
	return ""
}

// uploadName reduces a file name to what the multipart part may carry: the
// base name, without quotes, backslashes or control characters.
func uploadName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' || r == '\\' || r == unicode.ReplacementChar {
			return -1
		}
		return r
	}, strings.ToValidUTF8(name, ""))
	name = strings.TrimSpace(name)
	if name == "." || name == ".." {
		return ""
	}
	return name
}

// openedSource is a PublishSource ready to read: its type known, size
// measured where possible, and how to read any byte range of it again.
type openedSource struct {
	r    io.Reader
	ra   io.ReaderAt // set when ranges can be read again at will
	seek io.ReadSeeker
	base int64 // offset of the first byte to send in ra/seek
	size int64 // -1 when unknown
	ext  string
	name string // file name for the multipart part
	stem string // name without extension, the default item name
	file *os.File
}

func (o *openedSource) Close() {
	if o.file != nil {
		o.file.Close()
	}
}

// openSource validates src for kind and opens it; nothing is sent.
func openSource(op string, k publishKind, src PublishSource) (*openedSource, error) {
	o := &openedSource{size: -1}
	name := src.Name
	if src.Path != "" {
		if src.Reader != nil {
			return nil, fmt.Errorf("tsc: %s: set the source's Path or its Reader, not both", op)
		}
		f, err := os.Open(src.Path)
		if err != nil {
			return nil, fmt.Errorf("tsc: %s: %w", op, err)
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("tsc: %s: %w", op, err)
		}
		if !st.Mode().IsRegular() {
			f.Close()
			return nil, fmt.Errorf("tsc: %s: %s is not a regular file", op, src.Path)
		}
		o.file, o.r, o.ra, o.seek, o.size = f, f, f, f, st.Size()
		if name == "" {
			name = filepath.Base(src.Path)
		}
		if o.size == 0 {
			o.Close()
			return nil, fmt.Errorf("tsc: %s: %s is empty", op, src.Path)
		}
	} else {
		if src.Reader == nil {
			return nil, fmt.Errorf("tsc: %s: the source has neither a Path nor a Reader", op)
		}
		o.r = src.Reader
		if src.Size > 0 {
			o.size = src.Size
		}
		if s, ok := src.Reader.(io.ReadSeeker); ok {
			if cur, err := s.Seek(0, io.SeekCurrent); err == nil {
				o.seek, o.base = s, cur
				if o.size < 0 {
					end, err := s.Seek(0, io.SeekEnd)
					if _, err2 := s.Seek(cur, io.SeekStart); err != nil || err2 != nil {
						return nil, fmt.Errorf("tsc: %s: measuring the source: %v", op, errors.Join(err, err2))
					}
					if o.size = end - cur; o.size == 0 {
						return nil, fmt.Errorf("tsc: %s: the source is empty", op)
					}
				}
			}
		}
		if ra, ok := src.Reader.(io.ReaderAt); ok && o.size > 0 {
			if o.seek != nil || o.base == 0 {
				o.ra = ra
			}
		}
	}
	if err := o.detectType(op, k, name); err != nil {
		o.Close()
		return nil, err
	}
	return o, nil
}

// detectType takes the type from name's extension, or sniffs the first bytes.
func (o *openedSource) detectType(op string, k publishKind, name string) error {
	clean := uploadName(name)
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(clean), "."))
	if ext != "" {
		for _, e := range k.exts {
			if ext == e {
				o.ext, o.name, o.stem = ext, clean, strings.TrimSuffix(clean, filepath.Ext(clean))
				return nil
			}
		}
		return fmt.Errorf("tsc: %s: %q has the extension .%s; a %s must be one of .%s", op, clean, ext, k.element, strings.Join(k.exts, ", ."))
	}
	head, err := o.head()
	if err != nil {
		return fmt.Errorf("tsc: %s: reading the first bytes: %w", op, err)
	}
	if len(head) == 0 {
		return fmt.Errorf("tsc: %s: the source is empty", op)
	}
	if o.ext = k.sniff(head); o.ext == "" {
		return fmt.Errorf("tsc: %s: the file type cannot be told from its first bytes; give the source a Name with one of the extensions .%s", op, strings.Join(k.exts, ", ."))
	}
	o.stem = clean
	if clean != "" {
		o.name = clean + "." + o.ext
	}
	return nil
}

// head returns up to 512 first bytes without losing them for the upload.
func (o *openedSource) head() ([]byte, error) {
	buf := make([]byte, 512)
	if o.ra != nil {
		n, err := o.ra.ReadAt(buf, o.base)
		if err != nil && err != io.EOF {
			return nil, err
		}
		return buf[:n], nil
	}
	n, err := io.ReadFull(o.r, buf)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, err
	}
	buf = buf[:n]
	if o.seek != nil {
		if _, err := o.seek.Seek(o.base, io.SeekStart); err != nil {
			return nil, err
		}
		return buf, nil
	}
	// A plain stream: put the bytes back in front of it.
	o.r = io.MultiReader(bytes.NewReader(buf), o.r)
	return buf, nil
}

// progress reports the bytes read from the source, never going back.
type progress struct {
	mu    sync.Mutex
	fn    func(sent, total int64)
	total int64
	high  int64
}

func (p *progress) report(at int64) {
	if p == nil || p.fn == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if at > p.high {
		p.high = at
		p.fn(at, p.total)
	}
}

// rangeReader reads one range of the source: exactly want bytes (when
// want >= 0), reporting progress from offset start on. When after is set,
// it must hold no further byte once the range is read: the source was
// bigger than its declared size.
type rangeReader struct {
	r     io.Reader
	want  int64
	got   int64
	start int64
	after io.Reader
	prog  *progress
	total int64
}

func (rr *rangeReader) Read(p []byte) (int, error) {
	n, err := rr.r.Read(p)
	rr.got += int64(n)
	if n > 0 {
		rr.prog.report(rr.start + rr.got)
	}
	if err == io.EOF && rr.want >= 0 {
		if rr.got < rr.want {
			return n, fmt.Errorf("the source ended after %d of %d bytes", rr.start+rr.got, rr.total)
		}
		if rr.after != nil {
			var one [1]byte
			if m, _ := io.ReadFull(rr.after, one[:]); m > 0 {
				return n, fmt.Errorf("the source holds more than the %d bytes its size says", rr.total)
			}
		}
	}
	return n, err
}

// errDetached is what a request body returns once its call has ended.
var errDetached = errors.New("request body read after its call ended")

// guardedReader lets the caller cut a body off from its source: net/http
// may go on reading a request body in another goroutine after the call
// returns (or while a retry starts), and the source must then be left alone.
type guardedReader struct {
	mu   sync.Mutex
	r    io.Reader
	done bool
}

func (g *guardedReader) Read(p []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.done {
		return 0, errDetached
	}
	return g.r.Read(p)
}

// bodies hands out one guarded body per attempt of a request, cutting off
// the earlier attempts' bodies first.
type bodies struct{ all []*guardedReader }

func (b *bodies) next(r io.Reader) io.Reader {
	b.detach()
	g := &guardedReader{r: r}
	b.all = append(b.all, g)
	return g
}

// detach waits for any read in progress and stops all further reads.
func (b *bodies) detach() {
	for _, g := range b.all {
		g.mu.Lock()
		g.done = true
		g.mu.Unlock()
	}
}

// multipartFrame is a multipart/mixed body around one streamed part: the
// bytes before the streamed content and after it. Only these small frames
// are built in memory; the file flows between them.
type multipartFrame struct {
	contentType    string
	prefix, suffix []byte
}

type switchWriter struct{ w io.Writer }

func (s *switchWriter) Write(p []byte) (int, error) { return s.w.Write(p) }

// newFrame builds a body with the request_payload part holding payload and,
// when filePart is set, a file part whose content the caller streams.
func newFrame(payload []byte, filePart, fileName string) (multipartFrame, error) {
	var pre, suf bytes.Buffer
	sw := &switchWriter{w: &pre}
	mw := multipart.NewWriter(sw)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="request_payload"`)
	h.Set("Content-Type", "text/xml")
	pw, err := mw.CreatePart(h)
	if err != nil {
		return multipartFrame{}, err
	}
	if _, err := pw.Write(payload); err != nil {
		return multipartFrame{}, err
	}
	if filePart != "" {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="`+filePart+`"; filename="`+fileName+`"`)
		h.Set("Content-Type", "application/octet-stream")
		if _, err := mw.CreatePart(h); err != nil {
			return multipartFrame{}, err
		}
	}
	sw.w = &suf
	if err := mw.Close(); err != nil {
		return multipartFrame{}, err
	}
	return multipartFrame{contentType: "multipart/mixed; boundary=" + mw.Boundary(), prefix: pre.Bytes(), suffix: suf.Bytes()}, nil
}

// body returns the whole body with content in the middle.
func (f multipartFrame) body(content io.Reader) io.Reader {
	return io.MultiReader(bytes.NewReader(f.prefix), content, bytes.NewReader(f.suffix))
}

// length is the body's size for content of n bytes, or -1 when n is unknown.
func (f multipartFrame) length(n int64) int64 {
	if n < 0 {
		return -1
	}
	return int64(len(f.prefix)) + n + int64(len(f.suffix))
}

// publishCall is one publish, validated and ready to send.
type publishCall struct {
	c        *Client
	k        publishKind
	op       string
	src      *openedSource
	opts     PublishOptions
	payload  []byte
	query    url.Values
	minVer   Version
	prog     *progress
	chunk    int64
	chunked  bool
	sitePath string
}

// preparePublish checks everything a publish needs before anything is sent:
// mode, options, versions, session, the file and its type. setName is called
// with the file's stem when the item has no name; encode builds the
// request_payload from the (named) item.
func (c *Client) preparePublish(ctx context.Context, k publishKind, op string, asJob bool, itemName string,
	src PublishSource, opts PublishOptions, encode func(name string) ([]byte, error)) (*publishCall, error) {
	q := url.Values{}
	switch opts.Mode {
	case "", PublishCreateNew:
	case PublishOverwrite:
		q.Set("overwrite", "true")
	case PublishAppend:
		if !k.appendOK {
			return nil, fmt.Errorf("tsc: %s: a %s cannot be appended to; publish with PublishCreateNew or PublishOverwrite", op, k.element)
		}
		q.Set("append", "true")
	default:
		return nil, fmt.Errorf("tsc: %s: publish mode %q is not CreateNew, Overwrite or Append", op, opts.Mode)
	}
	if opts.Credentials != nil && len(opts.Connections) > 0 {
		return nil, fmt.Errorf("tsc: %s: set Credentials (one connection) or Connections (several), not both", op)
	}
	if err := opts.Credentials.validate(op); err != nil {
		return nil, err
	}
	for i, cn := range opts.Connections {
		if cn.ServerAddress == "" {
			return nil, fmt.Errorf("tsc: %s: connection %d has no server address", op, i)
		}
		if err := cn.Credentials.validate(op); err != nil {
			return nil, err
		}
	}
	if len(opts.HiddenViews) > 0 && !k.viewsOK {
		return nil, fmt.Errorf("tsc: %s: a %s has no views to hide", op, k.element)
	}
	for _, v := range opts.HiddenViews {
		if v == "" {
			return nil, fmt.Errorf("tsc: %s: empty hidden view name", op)
		}
	}
	if err := checkChunking(op, opts.ChunkThreshold, opts.ChunkSize); err != nil {
		return nil, err
	}
	minVer := Version{2, 0}
	if len(opts.Connections) > 0 {
		minVer = Version{2, 8}
	}
	if asJob {
		minVer = Version{3, 0}
		q.Set("asJob", "true")
	}
	minVer = later(minVer, k.since)
	if opts.SkipConnectionCheck {
		q.Set("skipConnectionCheck", "true")
	}
	// Session and version first: a refused call must not open or read the file.
	if err := c.prepare(ctx, &request{name: op, minVersion: minVer, auth: true}); err != nil {
		return nil, err
	}
	sitePath, err := c.sitePath(k.collection)
	if err != nil {
		return nil, err
	}
	o, err := openSource(op, k, src)
	if err != nil {
		return nil, err
	}
	if opts.Mode == PublishAppend && o.ext != "hyper" && o.ext != "tde" {
		o.Close()
		return nil, fmt.Errorf("tsc: %s: only extract files (.hyper, .tde) can be appended, not .%s", op, o.ext)
	}
	if itemName == "" {
		itemName = o.stem
	}
	if itemName == "" {
		o.Close()
		return nil, fmt.Errorf("tsc: %s: the %s has no name and the source no file name to take it from", op, k.element)
	}
	if o.name == "" {
		o.name = uploadName(itemName) + "." + o.ext
	}
	payload, err := encode(itemName)
	if err != nil {
		o.Close()
		return nil, err
	}
	if k.typeParam != "" {
		q.Set(k.typeParam, o.ext)
	}
	threshold := firstPositive(opts.ChunkThreshold, c.uploadThreshold, DefaultChunkThreshold)
	pc := &publishCall{
		c: c, k: k, op: op, src: o, opts: opts, payload: payload, query: q, minVer: minVer, sitePath: sitePath,
		prog:    &progress{fn: opts.Progress, total: o.size},
		chunk:   firstPositive(opts.ChunkSize, c.uploadChunkSize, DefaultChunkSize),
		chunked: o.size < 0 || o.size >= threshold,
	}
	return pc, nil
}

func firstPositive(vs ...int64) int64 {
	for _, v := range vs {
		if v > 0 {
			return v
		}
	}
	return 0
}

// send publishes and returns the server's answer.
func (pc *publishCall) send(ctx context.Context) (*TSResponse, error) {
	defer pc.src.Close()
	if pc.chunked {
		return pc.sendChunked(ctx)
	}
	return pc.sendSingle(ctx)
}

// sendSingle streams the file in the publish request itself. The request is
// sent once: a publish that may have landed is never repeated.
func (pc *publishCall) sendSingle(ctx context.Context) (*TSResponse, error) {
	frame, err := newFrame(pc.payload, pc.k.part, pc.src.name)
	if err != nil {
		return nil, err
	}
	o := pc.src
	var b bodies
	defer b.detach()
	r := &request{
		name: pc.op, minVersion: pc.minVer, method: http.MethodPost, path: pc.sitePath, query: pc.query, auth: true,
		contentType: frame.contentType, length: frame.length(o.size), exp: pc.k.exp,
		stream: func() (io.Reader, error) {
			content := &rangeReader{r: io.LimitReader(o.r, o.size), want: o.size, after: o.r, prog: pc.prog, total: o.size}
			if o.ra != nil && o.seek == nil {
				content.r = io.NewSectionReader(o.ra, o.base, o.size)
				content.after = io.NewSectionReader(o.ra, o.base+o.size, 1)
			}
			return frame.body(b.next(content)), nil
		},
	}
	return pc.c.call(ctx, r)
}

// sendChunked opens an upload session, sends the file chunk by chunk, then
// publishes the session.
func (pc *publishCall) sendChunked(ctx context.Context) (*TSResponse, error) {
	c := pc.c
	upPath, err := c.sitePath("fileUploads")
	if err != nil {
		return nil, err
	}
	resp, err := c.call(ctx, &request{name: pc.op + " (file upload)", minVersion: Version{2, 0}, method: http.MethodPost, path: upPath, auth: true})
	if err != nil {
		return nil, err
	}
	if resp.FileUpload == nil || resp.FileUpload.UploadSessionID == "" {
		return nil, fmt.Errorf("tsc: %s: the file upload answer has no upload session id", pc.op)
	}
	session := resp.FileUpload.UploadSessionID
	frame, err := newFrame(nil, "tableau_file", "file")
	if err != nil {
		return nil, err
	}
	o := pc.src
	var stream *bufio.Reader
	if o.ra == nil && o.seek == nil {
		stream = bufio.NewReaderSize(o.r, 64<<10)
	}
	for off, i := int64(0), 1; ; i++ {
		n := pc.chunk
		if o.size >= 0 {
			if off >= o.size {
				break
			}
			n = min(n, o.size-off)
		} else if _, err := stream.Peek(1); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("tsc: %s: reading the source: %w", pc.op, err)
		}
		last := o.size >= 0 && off+n == o.size
		// A chunk is appended to what the server holds: one whose fate is
		// unknown (an answer lost after the server may have appended it) is
		// not sent again, or the file would hold it twice.
		r := &request{
			name: fmt.Sprintf("%s (chunk %d)", pc.op, i), minVersion: Version{2, 0}, method: http.MethodPut,
			path: upPath + "/" + url.PathEscape(session), auth: true, contentType: frame.contentType, appends: true,
		}
		var sent *rangeReader
		var b bodies
		start := off
		switch {
		case o.ra != nil:
			r.replayable, r.length = true, frame.length(n)
			r.stream = func() (io.Reader, error) {
				sent = &rangeReader{r: io.NewSectionReader(o.ra, o.base+start, n), want: n, start: start, prog: pc.prog, total: o.size}
				if last {
					sent.after = io.NewSectionReader(o.ra, o.base+o.size, 1)
				}
				return frame.body(b.next(sent)), nil
			}
		case o.seek != nil:
			r.replayable, r.length = true, frame.length(n)
			r.stream = func() (io.Reader, error) {
				b.detach() // the previous attempt must stop reading before the seek
				if _, err := o.seek.Seek(o.base+start, io.SeekStart); err != nil {
					return nil, err
				}
				sent = &rangeReader{r: io.LimitReader(o.seek, n), want: n, start: start, prog: pc.prog, total: o.size}
				if last {
					sent.after = o.seek
				}
				return frame.body(b.next(sent)), nil
			}
		default:
			want := int64(-1)
			if o.size >= 0 {
				want = n
			}
			r.length = frame.length(want)
			r.stream = func() (io.Reader, error) {
				sent = &rangeReader{r: io.LimitReader(stream, n), want: want, start: start, prog: pc.prog, total: o.size}
				if last {
					sent.after = stream
				}
				return frame.body(b.next(sent)), nil
			}
		}
		_, err := c.call(ctx, r)
		b.detach()
		if err != nil {
			return nil, fmt.Errorf("tsc: %s: chunk %d (from byte %d) of the upload: %w", pc.op, i, start, err)
		}
		switch {
		case sent == nil || sent.got == 0:
			return nil, fmt.Errorf("tsc: %s: chunk %d: nothing was sent", pc.op, i)
		case o.size >= 0 && sent.got != n:
			return nil, fmt.Errorf("tsc: %s: chunk %d: the server answered after %d of its %d bytes", pc.op, i, sent.got, n)
		}
		off += sent.got
	}
	q := url.Values{}
	for k, v := range pc.query {
		q[k] = v
	}
	q.Set("uploadSessionId", session)
	final, err := newFrame(pc.payload, "", "")
	if err != nil {
		return nil, err
	}
	body := append(append([]byte{}, final.prefix...), final.suffix...)
	// A []byte body: the transport retries this POST on 429 only.
	return c.call(ctx, &request{name: pc.op, minVersion: pc.minVer, method: http.MethodPost, path: pc.sitePath, query: q, auth: true,
		body: body, contentType: final.contentType, exp: pc.k.exp})
}
