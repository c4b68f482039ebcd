package tsc

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/tsc-go/tsc/internal/atomicfile"
)

// DownloadOptions are the settings of a download.
type DownloadOptions struct {
	// Overwrite lets a download to a path replace an existing file; without
	// it the download fails with an error matching fs.ErrExist.
	Overwrite bool
	// ExcludeExtract downloads workbook or data source content without its
	// extract (includeExtract=false, REST 2.5).
	ExcludeExtract bool
	// Progress, when set, is called as bytes are written, with the count so
	// far and the total the server announced (-1 when it did not).
	Progress func(written, total int64)
	// exp fetches from /api/exp/ (request.exp).
	exp bool
}

// Download describes a finished download.
type Download struct {
	// FileName is the file name the server gave (Content-Disposition),
	// reduced to a safe base name; empty when it gave none.
	FileName    string
	ContentType string
	// Size is the number of bytes written.
	Size int64
	// Path is the file a download to a directory or path wrote; empty when
	// the download went to an io.Writer.
	Path string
}

// fetch sends a GET for a file and returns the open response; the caller
// closes its body and calls cancel.
func (c *Client) fetch(ctx context.Context, name string, min Version, rel string, q url.Values, exp bool) (*http.Response, context.CancelFunc, error) {
	path, err := c.sitePath(rel)
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := c.withTimeout(ctx)
	resp, err := c.send(ctx, &request{name: name, minVersion: min, method: http.MethodGet, path: path, query: q, auth: true, accept: "*/*", exp: exp})
	if err != nil {
		cancel()
		return nil, nil, err
	}
	return resp, cancel, nil
}

// download copies a file from the server to w.
func (c *Client) download(ctx context.Context, name string, min Version, rel string, q url.Values, w io.Writer, opts DownloadOptions) (*Download, error) {
	if w == nil {
		return nil, errors.New("tsc: " + name + ": nil io.Writer")
	}
	resp, cancel, err := c.fetch(ctx, name, min, rel, q, opts.exp)
	if err != nil {
		return nil, err
	}
	defer cancel()
	defer resp.Body.Close()
	d := describe(resp)
	d.Size, err = copyCounting(w, resp.Body, resp.ContentLength, opts.Progress)
	if err != nil {
		return nil, fmt.Errorf("tsc: %s: after %d bytes: %w", name, d.Size, err)
	}
	return d, nil
}

func describe(resp *http.Response) *Download {
	return &Download{
		FileName:    SafeFileName(dispositionFileName(resp.Header.Get("Content-Disposition"))),
		ContentType: resp.Header.Get("Content-Type"),
	}
}

// copyCounting copies src to dst, reporting progress, and checks the count
// against the announced length.
func copyCounting(dst io.Writer, src io.Reader, total int64, progress func(int64, int64)) (int64, error) {
	if total < 0 {
		total = -1
	}
	buf := make([]byte, 64<<10)
	var n int64
	for {
		m, rerr := src.Read(buf)
		if m > 0 {
			w, werr := dst.Write(buf[:m])
			n += int64(w)
			if werr == nil && w < m {
				werr = io.ErrShortWrite
			}
			if werr != nil {
				return n, fmt.Errorf("writing: %w", werr)
			}
			if progress != nil {
				progress(n, total)
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return n, fmt.Errorf("reading the response: %w", rerr)
		}
	}
	if total >= 0 && n != total {
		return n, fmt.Errorf("the server announced %d bytes and sent %d", total, n)
	}
	return n, nil
}

// downloadTo writes a file from the server into dest: an existing directory
// (the file is named by the server, made safe, or by fallbackName) or a file
// path whose directory exists. The file is written under a temporary name
// beside its final one, synced, and renamed only once complete, so a failed
// or cancelled download leaves nothing behind.
func (c *Client) downloadTo(ctx context.Context, name string, min Version, rel string, q url.Values, dest string, opts DownloadOptions,
	fallbackName func(ctx context.Context, head []byte) string) (*Download, error) {
	if dest == "" {
		return nil, errors.New("tsc: " + name + ": empty destination")
	}
	dir, file := "", ""
	st, err := os.Stat(dest)
	switch {
	case err == nil && st.IsDir():
		dir = dest
	case err == nil && !st.Mode().IsRegular():
		return nil, fmt.Errorf("tsc: %s: %s exists and is not a regular file", name, dest)
	case err == nil && !opts.Overwrite:
		return nil, fmt.Errorf("tsc: %s: %s: %w (set Overwrite to replace it)", name, dest, fs.ErrExist)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("tsc: %s: %w", name, err)
	case strings.HasSuffix(dest, "/") || strings.HasSuffix(dest, string(filepath.Separator)):
		return nil, fmt.Errorf("tsc: %s: directory %s does not exist", name, dest)
	default:
		dir, file = filepath.Dir(dest), filepath.Base(dest)
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("tsc: %s: the directory of %s does not exist", name, dest)
		}
	}

	resp, cancel, err := c.fetch(ctx, name, min, rel, q, opts.exp)
	if err != nil {
		return nil, err
	}
	defer cancel()
	defer resp.Body.Close()
	d := describe(resp)
	body := bufio.NewReaderSize(resp.Body, 64<<10)
	if file == "" {
		file = d.FileName
		if file == "" {
			head, _ := body.Peek(512)
			file = SafeFileName(fallbackName(ctx, head))
		}
		if file == "" {
			return nil, fmt.Errorf("tsc: %s: no file name to save under", name)
		}
	}
	final := filepath.Join(dir, file)
	if !opts.Overwrite {
		if _, err := os.Lstat(final); err == nil {
			return nil, fmt.Errorf("tsc: %s: %s: %w (set Overwrite to replace it)", name, final, fs.ErrExist)
		}
	}
	d.Path = final
	d.Size, err = saveAtomically(final, opts.Overwrite, func(w io.Writer) (int64, error) {
		return copyCounting(w, body, resp.ContentLength, opts.Progress)
	})
	if err != nil {
		return nil, fmt.Errorf("tsc: %s: %w", name, err)
	}
	return d, nil
}

// saveAtomically writes a temporary file beside final with write, syncs it
// and moves it to final; on any failure the temporary file is removed and
// final is untouched. Without overwrite an existing final is never replaced,
// even one created meanwhile.
func saveAtomically(final string, overwrite bool, write func(io.Writer) (int64, error)) (int64, error) {
	dir := filepath.Dir(final)
	tmp, err := atomicfile.CreatePart(dir, filepath.Base(final))
	if err != nil {
		return 0, err
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	n, err := write(tmp)
	if err != nil {
		return n, fmt.Errorf("after %d bytes: %w", n, err)
	}
	if err := tmp.Sync(); err != nil {
		return n, err
	}
	if err := tmp.Close(); err != nil {
		return n, err
	}
	if overwrite {
		err = os.Rename(tmp.Name(), final)
	} else {
		err = placeNew(tmp.Name(), final)
	}
	if err != nil {
		return n, err
	}
	done = true
	syncDir(dir)
	return n, nil
}

// placeNew moves tmp to final unless final exists. A hard link fails on an
// existing target, atomically; where links are not supported a check and a
// rename do (with a small window).
func placeNew(tmp, final string) error {
	err := os.Link(tmp, final)
	if err == nil {
		os.Remove(tmp)
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s: %w (set Overwrite to replace it)", final, fs.ErrExist)
	}
	if _, serr := os.Lstat(final); serr == nil {
		return fmt.Errorf("%s: %w (set Overwrite to replace it)", final, fs.ErrExist)
	}
	return os.Rename(tmp, final)
}

// syncDir makes a rename durable where the platform allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

var dispositionFallback = regexp.MustCompile(`(?i)(?:^|;)\s*filename\*?\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)`)

// dispositionFileName reads the file name of a Content-Disposition header,
// preferring the RFC 5987 filename* form. Tableau writes the header without
// a disposition type (`name="tableau_workbook"; filename="Sales.twbx"`), which
// a strict parser refuses, so that form is read too.
func dispositionFileName(cd string) string {
	cd = strings.TrimSpace(cd)
	if cd == "" {
		return ""
	}
	for _, v := range []string{cd, "attachment; " + cd} {
		if _, params, err := mime.ParseMediaType(v); err == nil {
			if f := params["filename"]; f != "" {
				return f
			}
		}
	}
	// Last resort for malformed headers: the raw value, unquoted.
	m := dispositionFallback.FindStringSubmatch(cd)
	if m == nil {
		return ""
	}
	v := strings.TrimSpace(m[1])
	if strings.HasPrefix(v, `"`) && strings.HasSuffix(v, `"`) && len(v) >= 2 {
		v = v[1 : len(v)-1]
	}
	if i := strings.Index(v, "''"); i >= 0 && strings.EqualFold(v[:i], "utf-8") {
		if u, err := url.PathUnescape(v[i+2:]); err == nil {
			v = u
		}
	}
	return v
}

// maxFileName is the longest file name SafeFileName returns, in bytes.
const maxFileName = 200

// SafeFileName reduces a name that came from a server to a base name safe to
// create in a chosen directory: no directories (".." or separators of any
// platform), no absolute or drive paths, no control characters or
// characters Windows refuses, no device names such as CON or NUL, no
// leading dots (hidden files), at most 200 bytes with the extension kept.
// It returns "" when nothing usable is left.
func SafeFileName(name string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		switch {
		case r < 0x20, r >= 0x7f && r < 0xa0, r == utf8.RuneError:
			return -1
		case strings.ContainsRune(`<>:"|?*`, r):
			return '_'
		}
		return r
	}, name)
	name = strings.Trim(name, " .")
	if name == "" {
		return ""
	}
	stem, ext := name, ""
	if i := strings.LastIndex(name, "."); i > 0 {
		stem, ext = name[:i], name[i:]
	}
	if len(name) > maxFileName {
		if len(ext) > 20 {
			ext = ""
		}
		stem = truncateUTF8(stem, maxFileName-len(ext))
		name = stem + ext
	}
	if isDeviceName(name) {
		name = "_" + name
	}
	return name
}

func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// isDeviceName reports Windows' reserved names, which stay devices whatever
// the extension (NUL.txt is NUL).
func isDeviceName(name string) bool {
	stem := name
	if i := strings.Index(stem, "."); i >= 0 {
		stem = stem[:i]
	}
	stem = strings.ToUpper(strings.TrimRight(stem, " "))
	switch stem {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if strings.HasPrefix(stem, "COM") || strings.HasPrefix(stem, "LPT") {
		switch rest := stem[3:]; rest {
		case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
			return true
		}
	}
	return false
}

// contentQuery is the query of a content download, and the version it
// needs: leaving the extract out came in 2.5.
func (k *contentKind[T]) contentQuery(opts DownloadOptions) (url.Values, Version) {
	if opts.ExcludeExtract {
		return url.Values{"includeExtract": {"false"}}, later(k.since.content, Version{2, 5})
	}
	return nil, k.since.content
}

// download streams an item's file to w: GET {collection}/{id}/content.
func (k *contentKind[T]) download(ctx context.Context, c *Client, id string, w io.Writer, opts DownloadOptions) (*Download, error) {
	if err := k.checkID("Download", id); err != nil {
		return nil, err
	}
	q, min := k.contentQuery(opts)
	return c.download(ctx, k.op("Download"), min, k.path(id)+"/content", q, w, opts)
}

// downloadTo saves an item's file into dest, a directory or a file path.
func (k *contentKind[T]) downloadTo(ctx context.Context, c *Client, id, dest string, opts DownloadOptions) (*Download, error) {
	if err := k.checkID("DownloadTo", id); err != nil {
		return nil, err
	}
	q, min := k.contentQuery(opts)
	return c.downloadTo(ctx, k.op("DownloadTo"), min, k.path(id)+"/content", q, dest, opts, k.fallbackName(c, id))
}

// fallbackName names a downloaded file the server gave no name:
// "<item name>.<ext>", the extension read from the file's first bytes.
func (k *contentKind[T]) fallbackName(c *Client, id string) func(context.Context, []byte) string {
	return contentFallback(k.nameOf(c, id), k.plainExt, k.packagedExt)
}

// contentFallback names a downloaded content file "<stem>.<ext>" from its
// first bytes (packagedExt for a zip, plainExt for XML, or a Hyper file).
func contentFallback(stem func(ctx context.Context) string, plainExt, packagedExt string) func(context.Context, []byte) string {
	return func(ctx context.Context, head []byte) string {
		ext := packagedExt
		switch sniffFile(head) {
		case "xml":
			ext = plainExt
		case "hyper":
			ext = "hyper"
		case "parquet":
			ext = "parquet"
		}
		return stem(ctx) + "." + ext
	}
}
