// Command transferbench publishes or downloads one large file against an
// emulator on this machine, with the SDK or with plain net/http, and
// prints one JSON line: the bytes moved, the seconds it took, the rate and
// the process's peak RSS. It runs as a process of its own so that the
// peak RSS is the client's alone; the benchmarks in package bench start it.
//
//	transferbench -url http://127.0.0.1:8080 -password PW -op publish -file big.hyper
//
// Operations (the -raw ones are the floor the SDK is measured against):
//
//	publish            Datasources.Publish of -file (chunked upload session)
//	publish-raw        the same requests by hand: POST fileUploads, PUT each
//	                   chunk (multipart/mixed, the SDK's chunk size), POST the
//	                   publish with uploadSessionId
//	download           Datasources.Download of -id to io.Discard
//	download-raw       GET .../datasources/{id}/content to io.Discard, through
//	                   a buffer of the SDK's size (harness.CopySDKBuffer)
//	download-file      Datasources.DownloadTo into -out (a directory)
//	download-file-raw  the GET into a file in -out, synced and closed
//
// A published data source is deleted and a downloaded file removed once
// timed. Only loopback servers are accepted.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/bench/internal/harness"
)

// result is the JSON line transferbench prints.
type result struct {
	Op           string  `json:"op"`
	Bytes        int64   `json:"bytes"`
	Seconds      float64 `json:"seconds"`
	MBPerSecond  float64 `json:"mb_per_s"`
	PeakRSSBytes int64   `json:"peak_rss_bytes"`
}

func main() {
	var (
		server   = flag.String("url", "", "the emulator's URL (loopback only)")
		user     = flag.String("user", "admin", "administrator's username")
		password = flag.String("password", "", "administrator's password")
		op       = flag.String("op", "", "publish, publish-raw, download, download-raw, download-file or download-file-raw")
		file     = flag.String("file", "", "file to publish (a .hyper)")
		id       = flag.String("id", "", "data source to download")
		out      = flag.String("out", os.TempDir(), "directory downloads to files go to")
	)
	flag.Parse()
	if err := run(*server, *user, *password, *op, *file, *id, *out); err != nil {
		fmt.Fprintln(os.Stderr, "transferbench:", err)
		os.Exit(1)
	}
}

func run(server, user, password, op, file, id, out string) error {
	if err := loopbackOnly(server); err != nil {
		return err
	}
	ctx := context.Background()
	c, err := tsc.NewClient(server, tsc.WithVersion("3.29"))
	if err != nil {
		return err
	}
	if err := c.SignIn(ctx, tsc.Password(user, password, "")); err != nil {
		return err
	}
	defer c.SignOut(ctx)
	raw := harness.NewRaw(server, c)
	name := fmt.Sprintf("bench-%d-%d", os.Getpid(), time.Now().UnixNano())

	var n int64
	var cleanup func() error
	start := time.Now()
	switch op {
	case "publish":
		var ds *tsc.Datasource
		ds, err = c.Datasources.Publish(ctx, tsc.Datasource{Name: name}, tsc.PublishSource{Path: file}, tsc.PublishOptions{})
		if err == nil {
			n, cleanup = fileSize(file), func() error { return c.Datasources.Delete(ctx, ds.ID) }
		}
	case "publish-raw":
		var dsID string
		n, dsID, err = publishRaw(ctx, raw, file, name)
		if err == nil {
			cleanup = func() error { return c.Datasources.Delete(ctx, dsID) }
		}
	case "download":
		var d *tsc.Download
		if d, err = c.Datasources.Download(ctx, id, io.Discard, tsc.DownloadOptions{}); err == nil {
			n = d.Size
		}
	case "download-raw":
		n, err = raw.GetDiscard(ctx, "/datasources/"+id+"/content")
	case "download-file":
		var d *tsc.Download
		if d, err = c.Datasources.DownloadTo(ctx, id, out, tsc.DownloadOptions{Overwrite: true}); err == nil {
			n, cleanup = d.Size, func() error { return os.Remove(d.Path) }
		}
	case "download-file-raw":
		path := filepath.Join(out, name+".hyper")
		n, err = downloadFileRaw(ctx, raw, "/datasources/"+id+"/content", path)
		cleanup = func() error { return os.Remove(path) }
	default:
		return fmt.Errorf("unknown -op %q", op)
	}
	elapsed := time.Since(start)
	if cleanup != nil {
		if cerr := cleanup(); cerr != nil && err == nil {
			err = fmt.Errorf("cleaning up: %w", cerr)
		}
	}
	if err != nil {
		return err
	}
	res := result{Op: op, Bytes: n, Seconds: elapsed.Seconds(), MBPerSecond: float64(n) / 1e6 / elapsed.Seconds(),
		PeakRSSBytes: harness.PeakRSS()}
	return json.NewEncoder(os.Stdout).Encode(res)
}

func loopbackOnly(server string) error {
	u, err := url.Parse(server)
	if err != nil || u.Host == "" {
		return fmt.Errorf("-url %q is not a URL", server)
	}
	ip := net.ParseIP(u.Hostname())
	if u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("-url %q: only servers on this machine (127.0.0.1, ::1, localhost)", server)
	}
	return nil
}

func fileSize(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return st.Size()
}

// publishRaw publishes path as a .hyper data source through an upload
// session with plain net/http, in the SDK's chunk size.
func publishRaw(ctx context.Context, raw *harness.Raw, path, name string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	size := fileSize(path)
	resp, err := rawCall(raw, ctx, http.MethodPost, "/fileUploads", "", nil, -1)
	if err != nil {
		return 0, "", err
	}
	if resp.FileUpload == nil {
		return 0, "", errors.New("no upload session in the answer")
	}
	session := resp.FileUpload.UploadSessionID
	ct, pre, suf, err := frame(nil, "tableau_file", "file")
	if err != nil {
		return 0, "", err
	}
	for off := int64(0); off < size; off += tsc.DefaultChunkSize {
		n := min(tsc.DefaultChunkSize, size-off)
		body := io.MultiReader(bytes.NewReader(pre), io.NewSectionReader(f, off, n), bytes.NewReader(suf))
		if _, err := rawCall(raw, ctx, http.MethodPut, "/fileUploads/"+session, ct, body, int64(len(pre)+len(suf))+n); err != nil {
			return 0, "", fmt.Errorf("chunk at %d: %w", off, err)
		}
	}
	payload := []byte(`<tsRequest><datasource name="` + name + `"/></tsRequest>`)
	ct, pre, suf, err = frame(payload, "", "")
	if err != nil {
		return 0, "", err
	}
	body := append(pre, suf...)
	resp, err = rawCall(raw, ctx, http.MethodPost, "/datasources?datasourceType=hyper&uploadSessionId="+url.QueryEscape(session),
		ct, bytes.NewReader(body), int64(len(body)))
	if err != nil {
		return 0, "", err
	}
	if resp.Datasource == nil {
		return 0, "", errors.New("no data source in the publish answer")
	}
	return size, resp.Datasource.ID, nil
}

// frame is a multipart/mixed body around one streamed part, as the SDK
// builds it: the bytes before the part's content and after it.
func frame(payload []byte, filePart, fileName string) (contentType string, prefix, suffix []byte, err error) {
	var pre, suf bytes.Buffer
	sw := &switchWriter{w: &pre}
	mw := multipart.NewWriter(sw)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="request_payload"`)
	h.Set("Content-Type", "text/xml")
	pw, err := mw.CreatePart(h)
	if err != nil {
		return "", nil, nil, err
	}
	pw.Write(payload)
	if filePart != "" {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="`+filePart+`"; filename="`+fileName+`"`)
		h.Set("Content-Type", "application/octet-stream")
		if _, err := mw.CreatePart(h); err != nil {
			return "", nil, nil, err
		}
	}
	sw.w = &suf
	if err := mw.Close(); err != nil {
		return "", nil, nil, err
	}
	return "multipart/mixed; boundary=" + mw.Boundary(), pre.Bytes(), suf.Bytes(), nil
}

type switchWriter struct{ w io.Writer }

func (s *switchWriter) Write(p []byte) (int, error) { return s.w.Write(p) }

// rawCall sends one request and decodes the XML answer.
func rawCall(raw *harness.Raw, ctx context.Context, method, path, contentType string, body io.Reader, length int64) (*tsc.TSResponse, error) {
	req, err := raw.Request(ctx, method, path, body)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.ContentLength = length
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := raw.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		return nil, fmt.Errorf("%s %s: %s: %.300s", method, path, resp.Status, b)
	}
	return tsc.DecodeResponse(b)
}

// downloadFileRaw GETs path into a new file, synced and closed, as a
// download to a file should end.
func downloadFileRaw(ctx context.Context, raw *harness.Raw, path, dest string) (int64, error) {
	req, err := raw.Request(ctx, http.MethodGet, path, nil)
	if err != nil {
		return 0, err
	}
	resp, err := raw.HTTP.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	f, err := os.Create(dest)
	if err != nil {
		return 0, err
	}
	n, err := harness.CopySDKBuffer(f, resp.Body)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && resp.ContentLength >= 0 && n != resp.ContentLength {
		err = fmt.Errorf("got %d of %s bytes", n, strconv.FormatInt(resp.ContentLength, 10))
	}
	return n, err
}
