package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/emulator/tableaufile"
)

// publishSpec is what differs between publishing a workbook and a data source.
type publishSpec struct {
	kind      contentKind
	part      string   // "tableau_workbook"
	typeParam string   // "workbookType"
	types     []string // file types
	jobType   string   // "PublishWorkbook"
}

var (
	workbookPublish = publishSpec{kind: workbookKind, part: "tableau_workbook", typeParam: "workbookType",
		types: tableaufile.WorkbookTypes, jobType: "PublishWorkbook"}
	datasourcePublish = publishSpec{kind: datasourceKind, part: "tableau_datasource", typeParam: "datasourceType",
		types: tableaufile.DatasourceTypes, jobType: "PublishDatasource"}
	flowPublish = publishSpec{kind: flowKind, part: "tableau_flow", typeParam: "flowType",
		types: tableaufile.FlowTypes, jobType: "PublishFlow"}
)

func (s *Server) publishWorkbook(c *call) (result, error)   { return s.publish(c, workbookPublish) }
func (s *Server) publishDatasource(c *call) (result, error) { return s.publish(c, datasourcePublish) }

// publishedFile is the file of a publish, on disk, before it is stored.
type publishedFile struct {
	path, name, fileType string
	size                 int64
	// session is the upload session the file came from, if any.
	session string
}

// publish answers POST /sites/{site}/workbooks and /datasources: a
// multipart/mixed body with the item's XML and its file (streamed to disk,
// at most MaxPublishSize bytes), or the XML alone and uploadSessionId=
// naming a finished file upload. The file is parsed (views, connections),
// stored, and published as CreateNew, Overwrite or Append, at once or, with
// asJob=true, by a job.
func (s *Server) publish(c *call, ps publishSpec) (result, error) {
	k := ps.kind
	if err := c.requirePublisher("publish " + k.table); err != nil {
		return result{}, err
	}
	q := c.query
	overwrite, appendMode := c.flag("overwrite"), c.flag("append")
	// Publish Flow has no asJob parameter: a flow is always published at once.
	asJob := c.flag("asJob") && !c.version.Less(tsc.Version{Major: 3, Minor: 0}) && k != flowKind
	switch {
	case appendMode && k != datasourceKind:
		return result{}, badRequest("A %s cannot be appended to: append=true is for data sources.", k.noun)
	case appendMode && overwrite:
		return result{}, badRequest("overwrite=true and append=true cannot be used together.")
	}
	session := q.Get("uploadSessionId")
	fileType := strings.ToLower(q.Get(ps.typeParam))
	if fileType != "" && !slices.Contains(ps.types, fileType) {
		return result{}, badRequest("%s '%s' is not one of %s.", ps.typeParam, fileType, strings.Join(ps.types, ", "))
	}

	// A declared length past the limit is refused before a byte is read.
	if session == "" && c.req.ContentLength > s.cfg.MaxPublishSize+multipartSlack {
		return result{}, errf(http.StatusRequestEntityTooLarge, codePayloadTooLarge, "Payload Too Large",
			"The request is %d bytes; a single publish request takes a file of at most %d bytes: upload it in parts with fileUploads and publish with uploadSessionId.",
			c.req.ContentLength, s.cfg.MaxPublishSize)
	}

	// The body: payload, and the file unless it was uploaded in chunks.
	var spool *os.File
	defer func() {
		if spool != nil {
			spool.Close()
			os.Remove(spool.Name())
		}
	}()
	var dst io.Writer
	if session == "" {
		f, err := s.content.blobs.Spool()
		if err != nil {
			return result{}, err
		}
		spool, dst = f, f
	}
	in, err := readParts(c, ps.part, dst, s.cfg.MaxPublishSize)
	var tl errTooLarge
	if errors.As(err, &tl) {
		return result{}, errf(http.StatusRequestEntityTooLarge, codePayloadTooLarge, "Payload Too Large",
			"The file is larger than %d bytes, the most a single publish request takes; upload it in parts with fileUploads and publish with uploadSessionId.", tl.limit)
	}
	if err != nil {
		return result{}, err
	}
	if in.payload == nil {
		return result{}, badRequest("The request has no request_payload part.")
	}
	req, err := decodeRequest(in.payload, in.payloadType, "request_payload part")
	if err != nil {
		return result{}, err
	}
	pr := &publishRequest{Kind: k.name, SiteID: c.siteID(), CallerID: c.user.ID, Overwrite: overwrite, Append: appendMode}
	var projectID string
	var hidden map[string]bool
	var creds *tsc.ConnectionCredentials
	var connSpecs []tsc.Connection
	attrs := elementAttrs(in.payload, k.name)
	if v, ok := attrs["description"]; ok {
		pr.Description = &v
	}
	switch k {
	case workbookKind:
		wb := req.Workbook
		if wb == nil {
			return result{}, badRequest("The request_payload has no <workbook> element.")
		}
		pr.Name, pr.ShowTabs, creds = wb.Name, wb.ShowTabs, wb.ConnectionCredentials
		if wb.Project != nil {
			projectID = wb.Project.ID
		}
		if wb.Connections != nil {
			connSpecs = wb.Connections.Connections
		}
		if wb.Views != nil {
			hidden = map[string]bool{}
			for _, v := range wb.Views.Views {
				if v.Hidden != nil && *v.Hidden {
					hidden[v.Name] = true
				}
			}
		}
	case flowKind:
		fl := req.Flow
		if fl == nil {
			return result{}, badRequest("The request_payload has no <flow> element.")
		}
		pr.Name = fl.Name
		if fl.Project != nil {
			projectID = fl.Project.ID
		}
		if fl.Connections != nil {
			connSpecs = fl.Connections.Connections
		}
	default:
		ds := req.Datasource
		if ds == nil {
			return result{}, badRequest("The request_payload has no <datasource> element.")
		}
		pr.Name, creds = ds.Name, ds.ConnectionCredentials
		pr.IsCertified, pr.UseRemoteQueryAgent = ds.IsCertified, ds.UseRemoteQueryAgent
		if v, ok := attrs["certificationNote"]; ok {
			pr.CertificationNote = &v
		}
		if ds.Project != nil {
			projectID = ds.Project.ID
		}
		if ds.Connections != nil {
			connSpecs = ds.Connections.Connections
		}
	}
	if strings.TrimSpace(pr.Name) == "" {
		return result{}, badRequest("The %s needs a name.", k.name)
	}
	if err := checkPublishLengths(k, pr, creds, connSpecs); err != nil {
		return result{}, err
	}
	if projectID == "" {
		if projectID, err = s.defaultProject(c); err != nil {
			return result{}, err
		}
	}
	pr.ProjectID = projectID

	// The file.
	var pf publishedFile
	switch {
	case session != "" && in.sawFile:
		return result{}, badRequest("The request has both a %s part and uploadSessionId; send one.", ps.part)
	case session != "":
		u, err := s.ownUpload(c, session)
		if err != nil {
			return result{}, err
		}
		if !s.content.lock(session) {
			return result{}, conflict(codeConflict, "A chunk is still being appended to the upload session '%s'.", session)
		}
		defer s.content.unlock(session)
		if fileType == "" {
			return result{}, badRequest("Publishing an upload session needs %s (one of %s).", ps.typeParam, strings.Join(ps.types, ", "))
		}
		pf = publishedFile{path: s.content.blobs.UploadPath(u.FileKey), name: pr.Name + "." + fileType, size: u.Size, session: session}
	case !in.sawFile:
		return result{}, badRequest("The request has no %s part and no uploadSessionId.", ps.part)
	default:
		pf = publishedFile{path: spool.Name(), name: path.Base(strings.ReplaceAll(in.fileName, `\`, "/")), size: in.size}
		if fileType == "" {
			fileType = strings.TrimPrefix(strings.ToLower(path.Ext(pf.name)), ".")
		}
		if !slices.Contains(ps.types, fileType) {
			fileType = sniffType(spool, k)
		}
	}
	if pf.size == 0 {
		return result{}, publishFailed(pf.name, "the file is empty")
	}
	if !slices.Contains(ps.types, fileType) {
		return result{}, publishFailed(pf.name, "its type cannot be told from its name or content; name it with one of the extensions %s or pass %s", strings.Join(ps.types, ", "), ps.typeParam)
	}
	pf.fileType = fileType
	if err := s.parseInto(pr, pf, ps, hidden, creds, connSpecs); err != nil {
		return result{}, err
	}

	// Store the file; from here it belongs to the blob store.
	if spool != nil {
		spool.Close()
	}
	key, err := s.content.blobs.Put(pf.path)
	if err != nil {
		return result{}, err
	}
	spool = nil
	if pf.session != "" {
		s.store.endUpload(c.ctx, pf.session)
	}
	pr.Blob, pr.FileType, pr.Size = key, fileType, pf.size

	// Access is decided before the store's transaction: Publish (Write)
	// on the project, and Overwrite (Write) on the item a publish
	// replaces or appends to.
	if err := s.mayPublish(c, k, pr); err != nil {
		s.store.orphan(c.ctx, key)
		return result{}, err
	}
	var allowed func(*projectRow, *contentRef) error
	if asJob {
		payload, err := json.Marshal(pr)
		if err != nil {
			return result{}, err
		}
		job, err := s.store.createJob(c.ctx, jobInput{SiteID: pr.SiteID, Type: ps.jobType, ContentType: k.name, ContentName: pr.Name,
			Payload: string(payload), DurationMS: s.cfg.JobDuration.Milliseconds()}, s.nowMS())
		if err != nil {
			s.store.orphan(c.ctx, key)
			return result{}, err
		}
		resp := tsc.NewTSResponse()
		resp.Job = renderJob(job)
		return result{status: http.StatusAccepted, body: resp}, nil
	}
	viewsBefore := s.viewsBefore(c.ctx, pr)
	res, err := s.store.publish(c.ctx, pr, allowed)
	if err != nil {
		s.store.orphan(c.ctx, key)
		return result{}, err
	}
	s.emitPublished(c.ctx, pr, res, viewsBefore)
	resp := tsc.NewTSResponse()
	switch k {
	case flowKind:
		if err := s.flowPublishResponse(c, resp, res.ID); err != nil {
			return result{}, err
		}
	case workbookKind:
		w, err := s.workbookResponse(c, res.ID, true)
		if err != nil {
			return result{}, err
		}
		resp.Workbook = w
	default:
		d, err := s.datasourceResponse(c, res.ID)
		if err != nil {
			return result{}, err
		}
		resp.Datasource = d
	}
	return created(resp)
}

// parseInto reads the published file and fills the request's sheets,
// connections and extract flag; a file that cannot be read is refused
// with 400011, as Tableau refuses it.
func (s *Server) parseInto(pr *publishRequest, pf publishedFile, ps publishSpec, hidden map[string]bool,
	creds *tsc.ConnectionCredentials, specs []tsc.Connection) error {
	f, err := os.Open(pf.path)
	if err != nil {
		return err
	}
	defer f.Close()
	var conns []tableaufile.Connection
	switch ps.kind {
	case flowKind:
		fl, err := tableaufile.ReadFlow(f, pf.size, pf.fileType, s.cfg.FileLimits)
		if err != nil {
			return publishFailed(pf.name, "%v", err)
		}
		pr.FlowOutputs, conns = flowOutputsOf(fl), fl.Connections
	case workbookKind:
		wb, err := tableaufile.ReadWorkbook(f, pf.size, pf.fileType, s.cfg.FileLimits)
		if err != nil {
			return publishFailed(pf.name, "%v", err)
		}
		for _, sh := range wb.Sheets {
			if !hidden[sh.Name] {
				pr.Sheets = append(pr.Sheets, sh)
			}
		}
		if len(pr.Sheets) == 0 {
			return publishFailed(pf.name, "the workbook has no visible sheet to publish")
		}
		pr.HasExtracts, conns = wb.HasExtracts, wb.Connections
	default:
		ds, err := tableaufile.ReadDatasource(f, pf.size, pf.fileType, s.cfg.FileLimits)
		if err != nil {
			return publishFailed(pf.name, "%v", err)
		}
		pr.HasExtracts, pr.DSType, conns = ds.HasExtracts, ds.Type(), ds.Connections
	}
	dsIDs := map[string]string{}
	for _, fc := range conns {
		row := connectionRow{Type: fc.Class, ServerAddress: fc.Server, ServerPort: fc.Port, UserName: fc.Username, DSName: fc.Datasource}
		if ps.kind == workbookKind {
			// Connections of one embedded data source share its id.
			if dsIDs[fc.Datasource] == "" {
				dsIDs[fc.Datasource] = newUUID()
			}
			row.DSID = dsIDs[fc.Datasource]
		}
		pr.Connections = append(pr.Connections, row)
	}
	// Credentials given on publish: one set for a single connection, or per
	// connection, matched by server address (and port when given).
	if creds != nil && len(pr.Connections) > 0 {
		applyCredentials(&pr.Connections[0], creds)
	}
	for _, sp := range specs {
		for i := range pr.Connections {
			c := &pr.Connections[i]
			if strings.EqualFold(c.ServerAddress, sp.ServerAddress) && (sp.ServerPort == "" || sp.ServerPort == c.ServerPort) {
				if sp.Credentials != nil {
					applyCredentials(c, sp.Credentials)
				}
			}
		}
	}
	return nil
}

func applyCredentials(c *connectionRow, cr *tsc.ConnectionCredentials) {
	c.UserName = cr.Name
	c.HasPassword = cr.Password != ""
	c.EmbedPassword = cr.Embed
}

// sniffType tells a file's type from its first bytes, for a file part
// without a usable name.
func sniffType(f *os.File, k contentKind) string {
	head := make([]byte, 512)
	n, _ := f.ReadAt(head, 0)
	head = bytes.TrimLeft(bytes.TrimPrefix(head[:n], []byte("\xef\xbb\xbf")), " \t\r\n")
	zip, xmlDoc := bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("<"))
	switch {
	case k == flowKind && zip:
		return "tfl"
	case k == flowKind:
		return ""
	case k == workbookKind && zip:
		return "twbx"
	case k == workbookKind && xmlDoc:
		return "twb"
	case zip:
		return "tdsx"
	case xmlDoc:
		return "tds"
	case bytes.HasPrefix(head, []byte("Hyper")):
		return "hyper"
	case bytes.HasPrefix(head, []byte("PAR1")):
		return "parquet"
	}
	return ""
}

// defaultProject is the site's Default project, where content published
// without a project goes.
func (s *Server) defaultProject(c *call) (string, error) {
	var id string
	err := s.store.db.QueryRowContext(c.ctx, `SELECT id FROM projects WHERE site_id = ? AND is_default = 1`, c.siteID()).Scan(&id)
	if isNoRows(err) {
		return "", badRequest("The site has no default project; name a project in the request.")
	}
	return id, err
}

// mayPublish checks a publish: Write (the Publish capability) on the
// project, and Write (Overwrite) on the item of that name it replaces or
// appends to. A publish that would only conflict with an existing item is
// left to the store, which answers 409.
func (s *Server) mayPublish(c *call, k contentKind, pr *publishRequest) error {
	if _, err := s.authorizeContent(c, tsc.PermProject, pr.ProjectID, tsc.CapWrite); err != nil {
		return err
	}
	if !pr.Overwrite && !pr.Append {
		return nil
	}
	var id string
	err := s.store.db.QueryRowContext(c.ctx, "SELECT id FROM "+k.table+" WHERE project_id = ? AND name = ? COLLATE NOCASE"+k.inProject(),
		pr.ProjectID, pr.Name).Scan(&id)
	if isNoRows(err) {
		return nil
	}
	if err != nil {
		return err
	}
	cf, err := s.store.contentFacts(c.ctx, s.store.db, k.permKind(), pr.SiteID, id)
	if err != nil {
		return err
	}
	d, err := s.decideContent(c, cf, tsc.CapWrite)
	if err != nil {
		return err
	}
	if !d.Allowed {
		return noPermission("User '%s' does not have permission to overwrite the %s '%s': %s.", c.user.Name, k.noun, cf.Name, d.Reason)
	}
	return nil
}
