package emulator_test

import (
	"archive/zip"
	"bytes"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tsc-go/tsc/internal/emulator"
)

func TestPublishAndDownloadEveryType(t *testing.T) {
	c := newContent(t, emulator.Config{})
	for _, tc := range []struct {
		kind, file, name string
		views            int
	}{
		{"workbook", "workbooks/Sales.twb", "Sales.twb", 3},
		{"workbook", "workbooks/Sales.twbx", "Sales.twbx", 3},
		{"datasource", "datasources/Orders.tds", "Orders.tds", 0},
		{"datasource", "datasources/Orders.tdsx", "Orders.tdsx", 0},
		{"datasource", "datasources/Orders.hyper", "Orders.hyper", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := testFile(t, tc.file)
			itemName := "Item " + strings.ReplaceAll(tc.name, ".", " ")
			var b []byte
			if tc.kind == "workbook" {
				b = c.publishWorkbook(itemName, tc.name, file, "", 201)
				if got := len(attrsOf(t, b, "view", "id")); got != tc.views {
					t.Errorf("%d views, want %d", got, tc.views)
				}
			} else {
				b = c.publishDatasource(itemName, tc.name, file, "", 201)
			}
			id := attrOf(t, b, tc.kind, "id")
			resp, got := c.raw("GET", c.sitePath(tc.kind+"s/"+id+"/content"), "", nil, 200)
			if !bytes.Equal(got, file) {
				t.Fatalf("downloaded %d bytes that differ from the %d published", len(got), len(file))
			}
			ext := tc.name[strings.LastIndex(tc.name, ".")+1:]
			if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="`+itemName+`.`+ext+`"` {
				t.Errorf("Content-Disposition %q", cd)
			}
			// includeExtract=false takes the extract out of a packaged file
			// and answers any other file as it is.
			_, got = c.raw("GET", c.sitePath(tc.kind+"s/"+id+"/content?includeExtract=false"), "", nil, 200)
			if ext == "twbx" || ext == "tdsx" {
				zr, err := zip.NewReader(bytes.NewReader(got), int64(len(got)))
				if err != nil {
					t.Fatalf("includeExtract=false: not a zip: %v", err)
				}
				for _, f := range zr.File {
					if strings.HasSuffix(f.Name, ".hyper") {
						t.Errorf("includeExtract=false kept %s", f.Name)
					}
				}
				if len(got) >= len(file) {
					t.Errorf("includeExtract=false answered %d bytes of %d", len(got), len(file))
				}
			} else if !bytes.Equal(got, file) {
				t.Error("includeExtract=false changed the bytes of a file without extract")
			}
		})
	}
	// Connections came from the files.
	b := c.xml("", "GET", c.sitePath("workbooks?filter=name:eq:Item%20Sales%20twbx"), "", 200)
	wb := attrOf(t, b, "workbook", "id")
	b = c.xml("", "GET", c.sitePath("workbooks/"+wb+"/connections"), "", 200)
	if got := strings.Join(attrsOf(t, b, "connection", "type"), ","); got != "postgres,excel-direct" {
		t.Errorf("workbook connections %s", got)
	}
	if got := strings.Join(attrsOf(t, b, "datasource", "name"), ","); got != "Orders (warehouse),Targets" {
		t.Errorf("connection data sources %s", got)
	}
	b = c.xml("", "GET", c.sitePath("datasources?filter=name:eq:Item%20Orders%20hyper"), "", 200)
	if attrOf(t, b, "datasource", "type") != "hyper" || attrOf(t, b, "datasource", "hasExtracts") != "true" {
		t.Errorf("hyper data source: %s", b)
	}
}

func TestNonASCIIFileName(t *testing.T) {
	c := newContent(t, emulator.Config{})
	b := c.publishWorkbook("Ventes été", "v.twb", testFile(t, "workbooks/Sales.twb"), "", 201)
	id := attrOf(t, b, "workbook", "id")
	resp, _ := c.raw("GET", c.sitePath("workbooks/"+id+"/content"), "", nil, 200)
	want := `attachment; filename="Ventes _t_.twb"; filename*=UTF-8''Ventes%20%C3%A9t%C3%A9.twb`
	if cd := resp.Header.Get("Content-Disposition"); cd != want {
		t.Errorf("Content-Disposition %q, want %q", cd, want)
	}
}

func TestConflictOverwriteAndRevisions(t *testing.T) {
	c := newContent(t, emulator.Config{})
	v1, v2 := testFile(t, "workbooks/Sales.twb"), testFile(t, "workbooks/Sales.twbx")
	id := attrOf(t, c.publishWorkbook("Sales", "Sales.twb", v1, "", 201), "workbook", "id")
	if code := errorCode(t, c.publishWorkbook("sales", "Sales.twb", v1, "", 409)); code != "409004" {
		t.Errorf("conflict code %s", code)
	}
	b := c.publishWorkbook("Sales", "Sales.twbx", v2, "overwrite=true", 201)
	if got := attrOf(t, b, "workbook", "id"); got != id {
		t.Fatalf("overwrite made a new workbook %s, want %s", got, id)
	}
	b = c.xml("", "GET", c.sitePath("workbooks/"+id+"/revisions"), "", 200)
	if got := strings.Join(attrsOf(t, b, "revision", "revisionNumber"), ","); got != "1,2" {
		t.Fatalf("revisions %s", got)
	}
	if got := strings.Join(attrsOf(t, b, "revision", "current"), ","); got != "true" {
		t.Errorf("current flags %s", got)
	}
	if _, got := c.raw("GET", c.sitePath("workbooks/"+id+"/revisions/1/content"), "", nil, 200); !bytes.Equal(got, v1) {
		t.Error("revision 1 is not the first file")
	}
	if _, got := c.raw("GET", c.sitePath("workbooks/"+id+"/content"), "", nil, 200); !bytes.Equal(got, v2) {
		t.Error("the content is not the overwriting file")
	}
	c.xml("", "DELETE", c.sitePath("workbooks/"+id+"/revisions/2"), "", 400)
	c.xml("", "DELETE", c.sitePath("workbooks/"+id+"/revisions/1"), "", 204)
	c.xml("", "DELETE", c.sitePath("workbooks/"+id+"/revisions/1"), "", 404)
	c.xml("", "GET", c.sitePath("workbooks/"+id+"/revisions/1/content"), "", 404)
	c.xml("", "GET", c.sitePath("workbooks/"+id+"/revisions/x/content"), "", 400)
	b = c.xml("", "GET", c.sitePath("workbooks/"+id+"/revisions"), "", 200)
	if got := strings.Join(attrsOf(t, b, "revision", "deleted"), ","); got != "true,false" {
		t.Errorf("deleted flags %s", got)
	}
	// Appending is for data sources only.
	c.publishWorkbook("Sales", "Sales.twb", v1, "append=true", 400)
}

func TestAppendToExtract(t *testing.T) {
	c := newContent(t, emulator.Config{})
	hyper := testFile(t, "datasources/Orders.hyper")
	c.publishDatasource("Orders", "Orders.hyper", hyper, "append=true", 404)
	id := attrOf(t, c.publishDatasource("Orders", "Orders.hyper", hyper, "", 201), "datasource", "id")
	b := c.publishDatasource("Orders", "Orders.hyper", hyper, "append=true", 201)
	if attrOf(t, b, "datasource", "id") != id {
		t.Error("append made a new data source")
	}
	b = c.xml("", "GET", c.sitePath("datasources/"+id+"/revisions"), "", 200)
	if n := len(attrsOf(t, b, "revision", "revisionNumber")); n != 1 {
		t.Errorf("append made a revision: %d", n)
	}
	c.publishDatasource("Live", "Orders.tds", testFile(t, "datasources/Orders.tds"), "", 201)
	c.publishDatasource("Live", "Orders.hyper", hyper, "append=true", 400)
	c.publishDatasource("Orders", "Orders.hyper", hyper, "append=true&overwrite=true", 400)
}

func TestSinglePublishSizeLimitAndChunkedUpload(t *testing.T) {
	c := newContent(t, emulator.Config{ContentConfig: emulator.ContentConfig{MaxPublishSize: 4096, MaxChunkSize: 8192}})
	file := testFile(t, "workbooks/Sales.twbx") // about 20 KB
	if code := errorCode(t, c.publishWorkbook("Big", "Sales.twbx", file, "", 413)); code != "413000" {
		t.Errorf("code %s", code)
	}
	// The same file in chunks.
	b := c.xml("", "POST", c.sitePath("fileUploads"), "", 201)
	session := attrOf(t, b, "fileUpload", "uploadSessionId")
	if attrOf(t, b, "fileUpload", "fileSize") != "0" {
		t.Errorf("a new session has size %s", attrOf(t, b, "fileUpload", "fileSize"))
	}
	for off := 0; off < len(file); off += 6000 {
		chunk := file[off:min(off+6000, len(file))]
		b = c.multipart("", "PUT", c.sitePath("fileUploads/"+session), 200, payloadPart(""), filePart("tableau_file", "file", chunk))
		if attrOf(t, b, "fileUpload", "uploadSessionId") != session {
			t.Fatal("the answer names another session")
		}
	}
	// A chunk above the chunk limit is refused and leaves the file as it was.
	c.multipart("", "PUT", c.sitePath("fileUploads/"+session), 413, payloadPart(""), filePart("tableau_file", "file", make([]byte, 9000)))
	c.multipart("", "PUT", c.sitePath("fileUploads/"+session), 400, payloadPart(""))
	// Publishing a session needs the file type, and no file part.
	c.multipart("", "POST", c.sitePath("workbooks?uploadSessionId="+session), 400, payloadPart(`<tsRequest><workbook name="Big"/></tsRequest>`))
	b = c.multipart("", "POST", c.sitePath("workbooks?workbookType=twbx&uploadSessionId="+session), 201,
		payloadPart(`<tsRequest><workbook name="Big"/></tsRequest>`))
	id := attrOf(t, b, "workbook", "id")
	if _, got := c.raw("GET", c.sitePath("workbooks/"+id+"/content"), "", nil, 200); !bytes.Equal(got, file) {
		t.Fatal("the chunked upload does not download as it was sent")
	}
	// The session is used up.
	b = c.multipart("", "PUT", c.sitePath("fileUploads/"+session), 404, payloadPart(""), filePart("tableau_file", "file", []byte("x")))
	if code := errorCode(t, b); code != "404017" {
		t.Errorf("code %s", code)
	}
}

func TestUploadSessionsExpireAndBelongToTheirUser(t *testing.T) {
	dir := t.TempDir()
	c := newContent(t, emulator.Config{DataDir: dir, ContentConfig: emulator.ContentConfig{UploadSessionLifetime: time.Minute}})
	b := c.xml("", "POST", c.sitePath("fileUploads"), "", 201)
	session := attrOf(t, b, "fileUpload", "uploadSessionId")
	c.multipart("", "PUT", c.sitePath("fileUploads/"+session), 200, payloadPart(""), filePart("tableau_file", "f", []byte("abc")))
	other := c.as("pat", "Creator")
	other.multipart("", "PUT", other.sitePath("fileUploads/"+session), 404, payloadPart(""), filePart("tableau_file", "f", []byte("abc")))
	viewer := c.as("vic", "Viewer")
	viewer.xml("", "POST", viewer.sitePath("fileUploads"), "", 403)

	uploads := filepath.Join(dir, "blobs", "uploads")
	if n := countFiles(t, uploads); n != 1 {
		t.Fatalf("%d upload files, want 1", n)
	}
	c.clock.Add(time.Minute + time.Second)
	c.multipart("", "PUT", c.sitePath("fileUploads/"+session), 404, payloadPart(""), filePart("tableau_file", "f", []byte("abc")))
	waitFor(t, "the expired upload's file to be removed", func() bool { return countFiles(t, uploads) == 0 })
}

func countFiles(t *testing.T, dir string) int {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestConcurrentChunksAreRefused(t *testing.T) {
	c := newContent(t, emulator.Config{})
	put := func(session string, body io.Reader, ct string) int {
		req, _ := http.NewRequest("PUT", c.base+c.sitePath("fileUploads/"+session), body)
		req.Header.Set("Content-Type", ct)
		req.Header.Set("X-Tableau-Auth", c.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// A slow chunk holds its session; a second chunk meanwhile is refused.
	// Which request reaches the server first is up to the scheduler, so a
	// round where the probe got there first is played again.
	for round := 0; ; round++ {
		if round == 20 {
			t.Fatal("the slow chunk never held its session")
		}
		session := attrOf(t, c.xml("", "POST", c.sitePath("fileUploads"), "", 201), "fileUpload", "uploadSessionId")
		pr, pw := io.Pipe()
		ct, body := multipartMixed(t, payloadPart(""), filePart("tableau_file", "f", bytes.Repeat([]byte("a"), 1000)))
		done := make(chan int, 1)
		go func() { done <- put(session, pr, ct) }()
		pw.Write(body[:len(body)/2])
		refused, first := false, 0
		deadline := time.Now().Add(2 * time.Second)
		for !refused && first == 0 && time.Now().Before(deadline) {
			select {
			case first = <-done:
				continue
			default:
			}
			ct2, body2 := multipartMixed(t, payloadPart(""), filePart("tableau_file", "f", []byte("b")))
			refused = put(session, bytes.NewReader(body2), ct2) == http.StatusConflict
			time.Sleep(time.Millisecond)
		}
		if !refused {
			pw.CloseWithError(io.ErrUnexpectedEOF)
			if first == 0 {
				<-done
			}
			continue
		}
		pw.Write(body[len(body)/2:])
		pw.Close()
		if got := <-done; got != 200 {
			t.Fatalf("the slow chunk ended %d", got)
		}
		// The session takes chunks again; its file is no Hyper extract.
		c.multipart("", "PUT", c.sitePath("fileUploads/"+session), 200, payloadPart(""), filePart("tableau_file", "f", []byte("c")))
		b := c.multipart("", "POST", c.sitePath("datasources?datasourceType=hyper&uploadSessionId="+session), 400,
			payloadPart(`<tsRequest><datasource name="x"/></tsRequest>`))
		if code := errorCode(t, b); code != "400011" {
			t.Errorf("a file of a's published as a Hyper extract: %s", code)
		}
		return
	}
}

func TestUnsafeAndMalformedFilesAreRefused(t *testing.T) {
	c := newContent(t, emulator.Config{})
	twb := testFile(t, "workbooks/Sales.twb")
	for name, f := range map[string][]byte{
		"bomb.twbx":    zipped(t, "Sales.twb", twb, "Data/zeros.hyper", make([]byte, 4<<20)),
		"escape.twbx":  zipped(t, "Sales.twb", twb, "../../x", []byte("x")),
		"garbage.twbx": []byte("PK\x03\x04 garbage"),
		"empty.twbx":   zipped(t, "readme.txt", []byte("no workbook")),
		"garbage.twb":  []byte("<workbook><worksheets><worksheet name='x'>"),
		"hidden.twb":   []byte("<workbook/>"),
	} {
		b := c.publishWorkbook(name, name, f, "", 400)
		if code := errorCode(t, b); code != "400011" {
			t.Errorf("%s: code %s", name, code)
		}
		if !strings.Contains(string(b), "problem publishing the file") {
			t.Errorf("%s: detail %s", name, b)
		}
	}
	if b := c.publishWorkbook("bomb", "bomb.twbx", zipped(t, "Sales.twb", twb, "Data/zeros.hyper", make([]byte, 4<<20)), "", 400); !strings.Contains(string(b), "zip bomb") {
		t.Errorf("the zip bomb's detail does not say so: %s", b)
	}
	// Requests the emulator cannot read at all.
	c.publishWorkbook("x", "x.pdf", twb, "workbookType=pdf", 400)
	c.raw("POST", c.sitePath("workbooks"), "application/xml", strings.NewReader("<tsRequest/>"), 400)
	c.multipart("", "POST", c.sitePath("workbooks"), 400, filePart("tableau_workbook", "x.twb", twb))
	c.multipart("", "POST", c.sitePath("workbooks"), 400, payloadPart(`<tsRequest><workbook name="x"/></tsRequest>`))
	c.multipart("", "POST", c.sitePath("workbooks"), 400, payloadPart(`<tsRequest><workbook/></tsRequest>`), filePart("tableau_workbook", "x.twb", twb))
	c.multipart("", "POST", c.sitePath("workbooks"), 400, payloadPart(`<tsRequest><workbook name="x"/></tsRequest>`), filePart("tableau_other", "x.twb", twb))
	c.multipart("", "POST", c.sitePath("workbooks"), 404, payloadPart(`<tsRequest><workbook name="x"><project id="nope"/></workbook></tsRequest>`),
		filePart("tableau_workbook", "x.twb", twb))
	// Hidden views are not published; a file part without a name is sniffed.
	b := c.multipart("", "POST", c.sitePath("workbooks"), 201,
		payloadPart(`<tsRequest><workbook name="Hidden"><views><view name="Profit vs Target" hidden="true"/></views></workbook></tsRequest>`),
		part{`name="tableau_workbook"`, "application/octet-stream", twb})
	if got := strings.Join(attrsOf(t, b, "view", "name"), ","); got != "Sales by Region,Sales Overview" {
		t.Errorf("views %s", got)
	}
}

func TestPublishPermissions(t *testing.T) {
	c := newContent(t, emulator.Config{})
	twb := testFile(t, "workbooks/Sales.twb")
	b := c.xml("", "POST", c.sitePath("projects"), `<tsRequest><project name="Finance"/></tsRequest>`, 201)
	finance := attrOf(t, b, "project", "id")
	admins := attrOf(t, c.publishWorkbook("Admin's", "a.twb", twb, "", 201), "workbook", "id")

	viewer := c.as("vera", "Viewer")
	if code := errorCode(t, viewer.publishWorkbook("V", "v.twb", twb, "", 403)); code != "403004" {
		t.Errorf("viewer publish: %s", code)
	}
	viewer.xml("", "GET", viewer.sitePath("workbooks/"+admins+"/content"), "", 403)
	viewer.xml("", "GET", viewer.sitePath("workbooks/"+admins), "", 200)
	explorer := c.as("ed", "Explorer")
	explorer.publishWorkbook("E", "e.twb", twb, "", 403)

	creator := c.as("cora", "Creator")
	// Finance copied the Default project's rules, where All Users may
	// publish; once the administrator takes that away, Cora may not.
	creator.multipart("", "POST", creator.sitePath("workbooks"), 201,
		payloadPart(`<tsRequest><workbook name="C1"><project id="`+finance+`"/></workbook></tsRequest>`), filePart("tableau_workbook", "c.twb", twb))
	allUsers := attrOf(t, c.xml("", "GET", c.sitePath("groups?filter=name:eq:All%20Users"), "", 200), "group", "id")
	c.raw("DELETE", c.sitePath("projects/"+finance+"/permissions/groups/"+allUsers+"/Write/Allow"), "", nil, 204)
	creator.multipart("", "POST", creator.sitePath("workbooks"), 403,
		payloadPart(`<tsRequest><workbook name="C"><project id="`+finance+`"/></workbook></tsRequest>`), filePart("tableau_workbook", "c.twb", twb))
	mine := attrOf(t, creator.publishWorkbook("C", "c.twb", twb, "", 201), "workbook", "id")
	creator.publishWorkbook("Admin's", "a.twb", twb, "overwrite=true", 403)
	creator.xml("", "DELETE", creator.sitePath("workbooks/"+admins), "", 403)
	creator.xml("", "PUT", creator.sitePath("workbooks/"+mine), `<tsRequest><workbook><owner id="`+c.user+`"/></workbook></tsRequest>`, 403)
	creator.xml("", "PUT", creator.sitePath("workbooks/"+mine), `<tsRequest><workbook name="Mine"/></tsRequest>`, 200)
	creator.xml("", "DELETE", creator.sitePath("workbooks/"+mine), "", 204)
	// Other sites' content is out of reach.
	c.xml("", "POST", "sites", `<tsRequest><site name="Other" contentUrl="other"/></tsRequest>`, 201)
	b = c.xml("", "POST", "auth/switchSite", `<tsRequest><site contentUrl="other"/></tsRequest>`, 200)
	other := *c
	other.token, other.site = attrOf(t, b, "credentials", "token"), attrOf(t, b, "site", "id")
	other.xml("", "GET", other.sitePath("workbooks/"+admins), "", 404)
	other.xml("", "GET", "sites/"+c.site+"/workbooks", "", 403)
}

func TestViewExports(t *testing.T) {
	c := newContent(t, emulator.Config{})
	b := c.publishWorkbook("Sales", "Sales.twbx", testFile(t, "workbooks/Sales.twbx"), "", 201)
	wb := attrOf(t, b, "workbook", "id")
	view := attrsOf(t, b, "view", "id")[0]
	size := func(q string) (int, int) {
		t.Helper()
		resp, img := c.raw("GET", c.sitePath("views/"+view+"/image"+q), "", nil, 200)
		if resp.Header.Get("Content-Type") != "image/png" {
			t.Errorf("Content-Type %s", resp.Header.Get("Content-Type"))
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(img))
		if err != nil {
			t.Fatal(err)
		}
		return cfg.Width, cfg.Height
	}
	for q, want := range map[string][2]int{
		"":                            {800, 600},
		"?resolution=high":            {1600, 1200},
		"?vizWidth=320&vizHeight=200": {320, 200},
		"?vizWidth=320&vizHeight=200&resolution=high&maxAge=5": {640, 400},
	} {
		if w, h := size(q); w != want[0] || h != want[1] {
			t.Errorf("image%s: %dx%d, want %dx%d", q, w, h, want[0], want[1])
		}
	}
	c.raw("GET", c.sitePath("views/"+view+"/image?vizWidth=0&vizHeight=10"), "", nil, 400)
	c.raw("GET", c.sitePath("views/"+view+"/image?resolution=ultra"), "", nil, 400)
	c.raw("GET", c.sitePath("views/"+view+"/image?maxAge=-1"), "", nil, 400)
	_, plain := c.raw("GET", c.sitePath("views/"+view+"/image"), "", nil, 200)
	_, filtered := c.raw("GET", c.sitePath("views/"+view+"/image?vf_Region=East"), "", nil, 200)
	if bytes.Equal(plain, filtered) {
		t.Error("a filter does not change the image")
	}

	_, csv := c.raw("GET", c.sitePath("views/"+view+"/data?vf_Region=East,West&vf_Category=Technology"), "", nil, 200)
	lines := strings.Split(strings.TrimSpace(string(csv)), "\r\n")
	if len(lines) != 3 || lines[0] != "Region,Category,Sales,Profit" || !strings.HasPrefix(lines[1], "East,Technology,") || !strings.HasPrefix(lines[2], "West,Technology,") {
		t.Errorf("filtered CSV:\n%s", csv)
	}
	resp, pdf := c.raw("GET", c.sitePath("views/"+view+"/pdf?type=A4&orientation=Landscape"), "", nil, 200)
	if resp.Header.Get("Content-Type") != "application/pdf" || !bytes.Contains(pdf, []byte("/MediaBox [0 0 842 595]")) {
		t.Errorf("PDF: %s %q", resp.Header.Get("Content-Type"), pdf[:min(len(pdf), 200)])
	}
	c.raw("GET", c.sitePath("views/"+view+"/pdf?type=Napkin"), "", nil, 400)
	resp, xlsx := c.raw("GET", c.sitePath("views/"+view+"/crosstab/excel"), "", nil, 200)
	if !bytes.HasPrefix(xlsx, []byte("PK")) || !strings.Contains(resp.Header.Get("Content-Disposition"), ".xlsx") {
		t.Errorf("Excel: %s", resp.Header.Get("Content-Disposition"))
	}
	_, wpdf := c.raw("GET", c.sitePath("workbooks/"+wb+"/pdf?type=Letter"), "", nil, 200)
	if n := bytes.Count(wpdf, []byte("/Type /Page ")); n != 3 {
		t.Errorf("workbook PDF has %d pages, want 3", n)
	}
	_, pptx := c.raw("GET", c.sitePath("workbooks/"+wb+"/powerpoint"), "", nil, 200)
	if !bytes.HasPrefix(pptx, []byte("PK")) {
		t.Error("the PowerPoint export is not a zip package")
	}
	for _, p := range []string{"workbooks/" + wb + "/previewImage", "workbooks/" + wb + "/views/" + view + "/previewImage"} {
		_, img := c.raw("GET", c.sitePath(p), "", nil, 200)
		if cfg, err := png.DecodeConfig(bytes.NewReader(img)); err != nil || cfg.Width != 400 {
			t.Errorf("%s: %v %v", p, cfg, err)
		}
	}
	c.raw("GET", c.sitePath("workbooks/00000000-0000-0000-0000-000000000000/views/"+view+"/previewImage"), "", nil, 404)

	// Usage: the valid exports of the view counted (six images, the data,
	// a PDF and the crosstab); refused ones and workbook exports did not.
	b = c.xml("", "GET", c.sitePath("workbooks/"+wb+"/views?includeUsageStatistics=true"), "", 200)
	if got := attrsOf(t, b, "usage", "totalViewCount"); len(got) != 3 || got[0] != "9" || got[1] != "0" {
		t.Errorf("usage %v", got)
	}
	b = c.xml("", "GET", c.sitePath("views?includeUsageStatistics=true&sort=hitsTotal:desc&pageSize=1"), "", 200)
	if attrOf(t, b, "view", "id") != view || attrOf(t, b, "usage", "totalViewCount") != "9" {
		t.Errorf("site views by usage: %s", b)
	}
}

func TestJobsLifecycleAndFaults(t *testing.T) {
	c := newContent(t, emulator.Config{ContentConfig: emulator.ContentConfig{JobDuration: 10 * time.Second}})
	wb := attrOf(t, c.publishWorkbook("Sales", "Sales.twbx", testFile(t, "workbooks/Sales.twbx"), "", 201), "workbook", "id")
	live := attrOf(t, c.publishWorkbook("Live", "Sales.twb", testFile(t, "workbooks/Sales.twb"), "", 201), "workbook", "id")
	c.xml("", "POST", c.sitePath("workbooks/"+live+"/refresh"), "<tsRequest/>", 400)

	job := func(id string) (status, progress, finish string) {
		b := c.xml("", "GET", c.sitePath("jobs/"+id), "", 200)
		finish = ""
		if bytes.Contains(b, []byte("finishCode")) {
			finish = attrOf(t, b, "job", "finishCode")
		}
		list := c.xml("", "GET", c.sitePath("jobs?filter=jobType:eq:refresh_extracts"), "", 200)
		for i, jid := range attrsOf(t, list, "backgroundJob", "id") {
			if jid == id {
				status = attrsOf(t, list, "backgroundJob", "status")[i]
			}
		}
		return status, attrOf(t, b, "job", "progress"), finish
	}
	b := c.xml("", "POST", c.sitePath("workbooks/"+wb+"/refresh"), "<tsRequest/>", 202)
	j1 := attrOf(t, b, "job", "id")
	if s, p, f := job(j1); s != "Pending" || p != "0" || f != "" {
		t.Errorf("new job: %s %s %s", s, p, f)
	}
	c.clock.Add(6 * time.Second)
	if s, p, f := job(j1); s != "InProgress" || p != "50" || f != "" {
		t.Errorf("half way: %s %s %s", s, p, f)
	}
	c.clock.Add(5 * time.Second)
	if s, p, f := job(j1); s != "Success" || p != "100" || f != "0" {
		t.Errorf("done: %s %s %s", s, p, f)
	}

	// A planted fault fails the next refresh of the workbook, with its notes.
	if err := c.emu.FailJobs(t.Context(), emulator.JobFault{Type: "RefreshExtract", ContentName: "Sales", Notes: "ODBC: login failed"}); err != nil {
		t.Fatal(err)
	}
	j2 := attrOf(t, c.xml("", "POST", c.sitePath("workbooks/"+wb+"/refresh"), "<tsRequest/>", 202), "job", "id")
	j3 := attrOf(t, c.xml("", "POST", c.sitePath("workbooks/"+wb+"/refresh"), "<tsRequest/>", 202), "job", "id")
	c.clock.Add(11 * time.Second)
	if s, _, f := job(j2); s != "Failed" || f != "1" {
		t.Errorf("faulted job: %s %s", s, f)
	}
	if !bytes.Contains(c.xml("", "GET", c.sitePath("jobs/"+j2), "", 200), []byte("<notes>ODBC: login failed</notes>")) {
		t.Error("the failure notes are missing")
	}
	if s, _, _ := job(j3); s != "Success" {
		t.Errorf("the fault failed two jobs: %s", s)
	}

	// Cancelling: a running job ends Cancelled; a finished one is left.
	j4 := attrOf(t, c.xml("", "POST", c.sitePath("workbooks/"+wb+"/refresh"), "<tsRequest/>", 202), "job", "id")
	c.xml("", "PUT", c.sitePath("jobs/"+j4), "", 200)
	c.xml("", "PUT", c.sitePath("jobs/"+j1), "", 200)
	if s, _, f := job(j4); s != "Cancelled" || f != "2" {
		t.Errorf("cancelled job: %s %s", s, f)
	}
	if s, _, f := job(j1); s != "Success" || f != "0" {
		t.Errorf("a finished job changed on cancel: %s %s", s, f)
	}
	c.as("nora", "Creator").xml("", "PUT", c.sitePath("jobs/"+j1), "", 403)
	c.xml("", "GET", c.sitePath("jobs/00000000-0000-0000-0000-000000000000"), "", 404)

	// Control endpoints end jobs at once.
	j5 := attrOf(t, c.xml("", "POST", c.sitePath("workbooks/"+wb+"/refresh"), "<tsRequest/>", 202), "job", "id")
	j6 := attrOf(t, c.xml("", "POST", c.sitePath("workbooks/"+wb+"/refresh"), "<tsRequest/>", 202), "job", "id")
	control := func(path, body string, want int) {
		t.Helper()
		resp, err := http.DefaultClient.Do(controlRequest(t, "POST", c.root+"/_emulator/jobs/"+path, strings.NewReader(body)))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("control %s: %d, want %d", path, resp.StatusCode, want)
		}
	}
	control(j5+"/finish", "", 204)
	control(j6+"/fail", `{"notes": "disk full"}`, 204)
	control(j6+"/fail", ``, 409)
	control("nope/finish", "", 404)
	control("faults", `{"type": "Bogus"}`, 400)
	if s, _, _ := job(j5); s != "Success" {
		t.Errorf("finished by control: %s", s)
	}
	if s, _, _ := job(j6); s != "Failed" {
		t.Errorf("failed by control: %s", s)
	}
	b = c.xml("", "GET", c.sitePath("jobs?filter=status:eq:Failed&sort=createdAt:asc"), "", 200)
	if got := attrsOf(t, b, "backgroundJob", "id"); len(got) != 2 || got[0] != j2 || got[1] != j6 {
		t.Errorf("failed jobs %v, want %s %s", got, j2, j6)
	}
}

func TestPublishAsJob(t *testing.T) {
	c := newContent(t, emulator.Config{ContentConfig: emulator.ContentConfig{JobDuration: time.Second}})
	b := c.publishWorkbook("Later", "Sales.twbx", testFile(t, "workbooks/Sales.twbx"), "asJob=true", 202)
	if attrOf(t, b, "job", "type") != "PublishWorkbook" {
		t.Fatalf("answer %s", b)
	}
	job := attrOf(t, b, "job", "id")
	if n := len(attrsOf(t, c.xml("", "GET", c.sitePath("workbooks?filter=name:eq:Later"), "", 200), "workbook", "id")); n != 0 {
		t.Fatal("the workbook exists before its job ran")
	}
	c.clock.Add(2 * time.Second)
	b = c.xml("", "GET", c.sitePath("jobs/"+job), "", 200)
	if attrOf(t, b, "job", "finishCode") != "0" {
		t.Fatalf("job: %s", b)
	}
	b = c.xml("", "GET", c.sitePath("workbooks?filter=name:eq:Later"), "", 200)
	id := attrOf(t, b, "workbook", "id")
	if n := len(attrsOf(t, c.xml("", "GET", c.sitePath("workbooks/"+id+"/views"), "", 200), "view", "id")); n != 3 {
		t.Errorf("%d views", n)
	}
	// A publish job whose name is taken by then fails, with the reason.
	b = c.publishWorkbook("Later", "Sales.twbx", testFile(t, "workbooks/Sales.twbx"), "asJob=true", 202)
	c.clock.Add(2 * time.Second)
	b = c.xml("", "GET", c.sitePath("jobs/"+attrOf(t, b, "job", "id")), "", 200)
	if attrOf(t, b, "job", "finishCode") != "1" || !bytes.Contains(b, []byte("already exists")) {
		t.Errorf("conflicting publish job: %s", b)
	}
}

func TestFilesLiveInTheDataDirectory(t *testing.T) {
	dir := t.TempDir()
	c := newContent(t, emulator.Config{DataDir: dir})
	file := testFile(t, "workbooks/Sales.twbx")
	id := attrOf(t, c.publishWorkbook("Sales", "Sales.twbx", file, "", 201), "workbook", "id")
	c.publishWorkbook("Sales", "Sales.twbx", file, "overwrite=true", 201)
	files := filepath.Join(dir, "blobs", "files")
	if n := countFiles(t, files); n != 2 {
		t.Fatalf("%d stored files, want 2 (two revisions)", n)
	}
	// A new server on the directory has the content.
	c.emu.Close()
	c2 := newContent(t, emulator.Config{DataDir: dir})
	if _, got := c2.raw("GET", c2.sitePath("workbooks/"+id+"/content"), "", nil, 200); !bytes.Equal(got, file) {
		t.Fatal("the content did not survive a restart")
	}
	c2.xml("", "DELETE", c2.sitePath("workbooks/"+id), "", 204)
	waitFor(t, "the deleted workbook's files to be removed", func() bool { return countFiles(t, files) == 0 })
	c2.xml("", "GET", c2.sitePath("workbooks/"+id+"/content"), "", 404)
}

func TestTempBlobDirIsRemovedOnClose(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	emu, err := emulator.New(emulator.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if n := countFiles(t, tmp); n != 1 {
		t.Fatalf("%d entries in TMPDIR, want the blob directory", n)
	}
	emu.Close()
	if n := countFiles(t, tmp); n != 0 {
		t.Errorf("%d entries left in TMPDIR after Close", n)
	}
}

func TestConcurrentPublishes(t *testing.T) {
	c := newContent(t, emulator.Config{})
	file := testFile(t, "workbooks/Sales.twb")
	var wg sync.WaitGroup
	statuses := make(chan int, 16)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := "W" + string(rune('a'+i%8)) // pairs of publishes race for each name
			ct, body := multipartMixed(t, payloadPart(`<tsRequest><workbook name="`+name+`"/></tsRequest>`), filePart("tableau_workbook", "x.twb", file))
			req, _ := http.NewRequest("POST", c.base+c.sitePath("workbooks"), bytes.NewReader(body))
			req.Header.Set("Content-Type", ct)
			req.Header.Set("X-Tableau-Auth", c.token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		}()
	}
	wg.Wait()
	close(statuses)
	n := map[int]int{}
	for s := range statuses {
		n[s]++
	}
	if n[201] != 8 || n[409] != 8 {
		t.Errorf("statuses %v, want 8 created and 8 conflicts", n)
	}
	b := c.xml("", "GET", c.sitePath("workbooks?pageSize=100"), "", 200)
	if got := attrOf(t, b, "pagination", "totalAvailable"); got != "8" {
		t.Errorf("%s workbooks", got)
	}
}

func TestResetRemovesContent(t *testing.T) {
	dir := t.TempDir()
	c := newContent(t, emulator.Config{DataDir: dir})
	wb := attrOf(t, c.publishWorkbook("Sales", "Sales.twbx", testFile(t, "workbooks/Sales.twbx"), "", 201), "workbook", "id")
	c.publishDatasource("Orders", "Orders.tdsx", testFile(t, "datasources/Orders.tdsx"), "", 201)
	c.xml("", "POST", c.sitePath("workbooks/"+wb+"/refresh"), "<tsRequest/>", 202)
	c.xml("", "POST", c.sitePath("fileUploads"), "", 201)
	if err := c.emu.Reset(t.Context(), emulator.Admin{Name: "admin", Password: "adminpw"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the files of the reset server to be removed", func() bool {
		return countFiles(t, filepath.Join(dir, "blobs", "files")) == 0 && countFiles(t, filepath.Join(dir, "blobs", "uploads")) == 0
	})
	c2 := newContent(t, emulator.Config{DataDir: dir})
	for _, p := range []string{"workbooks", "datasources", "views", "jobs"} {
		b := c2.xml("", "GET", c2.sitePath(p), "", 200)
		if n := attrOf(t, b, "pagination", "totalAvailable"); n != "0" {
			t.Errorf("%s after reset: %s", p, n)
		}
	}
}

func TestOversizedBodiesAreRefusedByTheirLength(t *testing.T) {
	c := newContent(t, emulator.Config{ContentConfig: emulator.ContentConfig{MaxPublishSize: 1 << 10, MaxChunkSize: 1 << 10}})
	// A body that claims more than the limit and never sends it: refused at once.
	pr, pw := io.Pipe()
	defer pw.Close()
	req, _ := http.NewRequest("POST", c.base+c.sitePath("workbooks"), pr)
	req.ContentLength = 10 << 20
	req.Header.Set("Content-Type", "multipart/mixed; boundary=x")
	req.Header.Set("X-Tableau-Auth", c.token)
	go pw.Write([]byte("--x\r\n"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d", resp.StatusCode)
	}
	b := c.xml("", "POST", c.sitePath("fileUploads"), "", 201)
	session := attrOf(t, b, "fileUpload", "uploadSessionId")
	ct, body := multipartMixed(t, payloadPart(""), filePart("tableau_file", "f", make([]byte, 200<<10)))
	c.raw("PUT", c.sitePath("fileUploads/"+session), ct, bytes.NewReader(body), 413)
}
