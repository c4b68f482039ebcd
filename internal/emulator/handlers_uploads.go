package emulator

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"

	"github.com/tsc-go/tsc"
)

// incoming is a multipart request as read: its payload (XML, or JSON as
// payloadType, the part's Content-Type, or its first byte says) and its
// file part, written to disk.
type incoming struct {
	payload     []byte
	payloadType string
	sawFile     bool
	fileName    string
	size        int64
}

// maxParts bounds the parts of an upload request: Tableau's publish and
// Append to File Upload requests have two, request_payload and the file (a
// publish from an upload session has one). A third part is refused by its
// count, before its name or content is looked at.
const maxParts = 2

// multipartSlack is what a multipart body may hold beyond its file part
// (the payload and the part headers), for refusing bodies by their
// declared length.
const multipartSlack = maxBody + 64<<10

// boundedBody fails a read past max bytes (io.LimitReader would end the
// body there instead, and the multipart reader would call it truncated).
type boundedBody struct {
	r    io.Reader
	left int64
	over bool
}

func (b *boundedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		var one [1]byte
		if n, err := b.r.Read(one[:]); n == 0 {
			return 0, err
		}
		b.over = true
		return 0, errors.New("the body is longer than its bound")
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	return n, err
}

// errTooLarge is what readParts returns when the file part passes its limit.
type errTooLarge struct{ limit int64 }

func (e errTooLarge) Error() string { return fmt.Sprintf("larger than %d bytes", e.limit) }

// readParts streams a multipart/mixed body: the request_payload part is
// read into memory (at most maxBody bytes), the part named filePart is
// copied to dst (at most limit bytes) as it arrives, and any other part is
// refused. The body is never held in memory whole, and the whole of it
// (preamble, part headers and boundaries included) is bounded: the file's
// limit plus multipartSlack, or multipartSlack alone when no file part is
// taken (dst nil), whatever Content-Length says or leaves unsaid.
func readParts(c *call, filePart string, dst io.Writer, limit int64) (*incoming, error) {
	boundary, err := multipartBoundary(c.req)
	if err != nil {
		return nil, err
	}
	bound := int64(multipartSlack)
	if dst != nil {
		bound += limit
	}
	body := &boundedBody{r: c.req.Body, left: bound}
	// A read failed because the body passed its bound: say so, not that
	// the part was malformed.
	tooLong := func(err *apiError) *apiError {
		if body.over {
			return errf(http.StatusRequestEntityTooLarge, codePayloadTooLarge, "Payload Too Large",
				"The multipart body is longer than %d bytes: the %s part may have at most %d bytes, the rest of the body at most %d.",
				bound, filePart, limit, multipartSlack)
		}
		return err
	}
	mr := multipart.NewReader(body, boundary)
	in := &incoming{}
	for i := 0; ; i++ {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, tooLong(badRequest("The multipart body cannot be read: %v", err))
		}
		if i >= maxParts {
			return nil, badRequest("The request has more than %d parts, the most it may have: it takes request_payload and %s.", maxParts, filePart)
		}
		name, fileName := partName(p.Header.Get("Content-Disposition"))
		switch {
		case name == "request_payload":
			if in.payload != nil {
				return nil, badRequest("The request has two request_payload parts.")
			}
			b, err := io.ReadAll(io.LimitReader(p, maxBody+1))
			if err != nil {
				return nil, tooLong(badRequest("The request_payload part cannot be read: %v", err))
			}
			if len(b) > maxBody {
				return nil, errf(http.StatusRequestEntityTooLarge, codePayloadTooLarge, "Payload Too Large",
					"The request_payload part is larger than %d bytes.", maxBody)
			}
			in.payload, in.payloadType = b, p.Header.Get("Content-Type")
		case name == filePart && dst != nil:
			if in.sawFile {
				return nil, badRequest("The request has two %s parts.", filePart)
			}
			in.sawFile, in.fileName = true, fileName
			n, err := io.Copy(dst, io.LimitReader(p, limit+1))
			in.size = n
			if err != nil {
				return nil, tooLong(badRequest("The %s part cannot be read: %v", filePart, err))
			}
			if n > limit {
				return nil, errTooLarge{limit}
			}
		default:
			return nil, badRequest("The request has an unexpected part '%s'; it takes request_payload and %s.", name, filePart)
		}
	}
	return in, nil
}

// initiateUpload answers POST /sites/{site}/fileUploads: a new, empty
// upload session for the caller.
func (s *Server) initiateUpload(c *call) (result, error) {
	if err := c.requirePublisher("upload files"); err != nil {
		return result{}, err
	}
	key := newKey()
	f, err := os.OpenFile(s.content.blobs.UploadPath(key), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return result{}, err
	}
	f.Close()
	now := s.nowMS()
	u, err := s.store.createUpload(c.ctx, c.siteID(), c.user.ID, key, now, now+s.cfg.UploadSessionLifetime.Milliseconds())
	if err != nil {
		os.Remove(s.content.blobs.UploadPath(key))
		if errors.Is(err, errTooManyUploads) {
			// 429, not 400: the request is well formed and would succeed
			// once the caller publishes (or abandons) a session, which is
			// what 429 tells a client; no Retry-After, since how soon that
			// is depends on the caller.
			return result{}, errf(http.StatusTooManyRequests, codeTooManyUploads, "Too Many Requests",
				"User '%s' has %d open upload sessions, the most a user may have: publish with them, or let them expire (%v after their last chunk), before initiating another.",
				c.user.Name, maxOpenUploads, s.cfg.UploadSessionLifetime)
		}
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.FileUpload = &tsc.FileUpload{UploadSessionID: u.ID, FileSize: "0"}
	return created(resp)
}

// ownUpload finds a live session of the caller (another user's session is
// not theirs to see).
func (s *Server) ownUpload(c *call, id string) (*uploadRow, error) {
	u, err := s.store.upload(c.ctx, c.siteID(), id, s.nowMS())
	if err != nil {
		return nil, err
	}
	if u.UserID != c.user.ID && !c.user.isSiteAdmin() {
		return nil, uploadNotFound(id)
	}
	return u, nil
}

// appendUpload answers PUT /sites/{site}/fileUploads/{id}: a multipart
// body whose tableau_file part is appended to the session's file on disk,
// streamed. A chunk that fails half way leaves the file as it was.
func (s *Server) appendUpload(c *call) (result, error) {
	if err := c.requirePublisher("upload files"); err != nil {
		return result{}, err
	}
	id := c.param("id")
	u, err := s.ownUpload(c, id)
	if err != nil {
		return result{}, err
	}
	if c.req.ContentLength > s.cfg.MaxChunkSize+multipartSlack {
		return result{}, errf(http.StatusRequestEntityTooLarge, codePayloadTooLarge, "Payload Too Large",
			"The request is %d bytes; a chunk may be at most %d bytes.", c.req.ContentLength, s.cfg.MaxChunkSize)
	}
	if !s.content.lock(id) {
		return result{}, conflict(codeConflict, "Another chunk is being appended to the upload session '%s'; send chunks one at a time.", id)
	}
	defer s.content.unlock(id)
	lifetime := s.cfg.UploadSessionLifetime.Milliseconds()
	if err := s.store.touchUpload(c.ctx, id, s.nowMS()+lifetime); err != nil {
		return result{}, err
	}
	path := s.content.blobs.UploadPath(u.FileKey)
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return result{}, uploadNotFound(id)
	}
	defer f.Close()
	start, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return result{}, err
	}
	in, err := readParts(c, "tableau_file", f, s.cfg.MaxChunkSize)
	if err == nil && !in.sawFile {
		err = errf(http.StatusBadRequest, codeUploadInvalid, "Bad Request", "The request has no tableau_file part with the chunk to append.")
	}
	if err != nil {
		f.Truncate(start)
		var tl errTooLarge
		if errors.As(err, &tl) {
			return result{}, errf(http.StatusRequestEntityTooLarge, codePayloadTooLarge, "Payload Too Large",
				"A chunk may be at most %d bytes.", tl.limit)
		}
		return result{}, err
	}
	size := start + in.size
	if err := s.store.recordChunk(c.ctx, id, size, s.nowMS()+lifetime); err != nil {
		f.Truncate(start)
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	// fileSize is in megabytes, as Tableau reports it.
	resp.FileUpload = &tsc.FileUpload{UploadSessionID: id, FileSize: fmt.Sprint(size >> 20)}
	return ok(resp)
}
