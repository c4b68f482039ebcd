package emulator

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/tsc-go/tsc"
)

// Extracts: creating and removing the extracts of a workbook or data
// source, incremental refresh, and the site-wide encryption jobs. Tableau's
// REST API reference ("Extract and Encryption Methods") gives the routes:
//
//	POST /sites/{site}/workbooks/{id}/createExtract?encrypt=   (3.5) job
//	POST /sites/{site}/workbooks/{id}/deleteExtract            (3.3) job
//	POST /sites/{site}/datasources/{id}/createExtract?encrypt= (3.5) job
//	POST /sites/{site}/datasources/{id}/deleteExtract          (3.5) job
//	POST /sites/{site}/encrypt-extracts | decrypt-extracts | reencrypt-extracts (3.5) job
//
// Each is a job that moves through its states on the emulator's clock
// (advanceJobs) and does its work when it ends, as a refresh does: the
// item's hasExtracts and encryptExtracts change then, not when the request
// is answered. What the emulator decides where the reference is silent,
// each refusal a 400 with a message naming the reason:
//
//   - createExtract of an item that has extracts is 409 (tabcmd's
//     createextracts --continue-if-exists treats a conflict as "already
//     exists"); deleteExtract of an item without extracts is 400.
//   - A data source published as an extract file (.hyper, .tde, .parquet)
//     is its data: its extract cannot be removed.
//   - encrypt=true on a site whose extractEncryptionMode is disabled is
//     refused; on an enforced site every extract is encrypted, whatever
//     encrypt says. encrypt-extracts and reencrypt-extracts are refused on
//     a disabled site, decrypt-extracts on an enforced one (its mode
//     requires them encrypted).
//   - A workbook's extract request names embedded data sources by the ids
//     its connections report (connection/datasource@id), or includeAll.
//   - Downloads follow the flag: an item whose extracts were deleted
//     downloads as with includeExtract=false (the packaged file without its
//     .hyper/.tde entries). An extract created on an item published without
//     one sets hasExtracts; the emulator has no data engine to write a
//     .hyper, so its file downloads as it was published.
//
// The jobs' types on the wire: an incremental refresh is a RefreshExtract
// job like a full one (the site's job list says increment_extracts); the
// schema's job type enumeration has no value for the creation, deletion
// and encryption jobs, so their <job> carries no type attribute, and their
// notes say what they did once they end.

// Internal job types of extract work, as the jobs table stores them.
const (
	jobRefreshExtract    = "RefreshExtract"
	jobIncrementExtract  = "IncrementExtract"
	jobCreateExtract     = "CreateExtract"
	jobDeleteExtract     = "DeleteExtract"
	jobEncryptExtracts   = "EncryptExtracts"
	jobDecryptExtracts   = "DecryptExtracts"
	jobReencryptExtracts = "ReencryptExtracts"
)

// wireJobType is the type attribute a job of an internal type carries: the
// schema's enumeration, or "" when it has none for the type.
func wireJobType(t string) string {
	switch t {
	case jobIncrementExtract:
		return jobRefreshExtract
	case jobCreateExtract, jobDeleteExtract, jobEncryptExtracts, jobDecryptExtracts, jobReencryptExtracts:
		return ""
	}
	return t
}

// actExtractEncryption is encrypting, decrypting and reencrypting every
// extract of a site: an administrator's action (authority.go's default
// rule for actions it does not name).
const actExtractEncryption action = "encrypt, decrypt or reencrypt the extracts of a site"

// extractPayload is what a creation job keeps until it runs.
type extractPayload struct {
	Encrypt bool `json:"encrypt"`
}

// extractTarget loads the item of an extract request and checks, through
// the permission evaluator, that the caller may change it: Read, then
// Write (creating or deleting an extract changes the item).
func (s *Server) extractTarget(c *call, k contentKind) (*contentRef, bool, string, error) {
	if _, err := s.authorizeContent(c, k.permKind(), c.param("id"), tsc.CapWrite); err != nil {
		return nil, false, "", err
	}
	ref, err := s.store.contentRef(c.ctx, s.store.db, k, c.siteID(), c.param("id"))
	if err != nil {
		return nil, false, "", err
	}
	var has bool
	var fileType string
	if err := s.store.db.QueryRowContext(c.ctx, "SELECT has_extracts, file_type FROM "+k.table+" WHERE id = ?", ref.ID).
		Scan(&has, &fileType); err != nil {
		return nil, false, "", err
	}
	return ref, has, fileType, nil
}

// embeddedSelection checks the <datasources> of a workbook's extract
// request: includeAll="true", or data sources the workbook embeds.
func (s *Server) embeddedSelection(c *call, wbID string) error {
	if len(strings.TrimSpace(string(c.body))) == 0 {
		return nil // an empty body means every data source, as includeAll
	}
	req, err := c.decode()
	if err != nil {
		return err
	}
	if req.Datasources == nil || (req.Datasources.IncludeAll != nil && *req.Datasources.IncludeAll) {
		return nil
	}
	if len(req.Datasources.Datasources) == 0 {
		return badRequest("The request names no data source: set includeAll=\"true\" on <datasources>, or list the data sources by id.")
	}
	if len(req.Datasources.Datasources) > maxListedIDs {
		return badRequest("The request names %d data sources; at most %d are accepted.", len(req.Datasources.Datasources), maxListedIDs)
	}
	for _, d := range req.Datasources.Datasources {
		var n int
		if err := s.store.db.QueryRowContext(c.ctx, `SELECT count(*) FROM connections WHERE workbook_id = ? AND ds_id = ? AND ds_id <> ''`,
			wbID, d.ID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return datasourceNotFound(d.ID)
		}
	}
	return nil
}

// maxListedIDs bounds the ids one extract request may list.
const maxListedIDs = 1000

// siteEncryptionMode reads the site's extractEncryptionMode.
func (s *Server) siteEncryptionMode(ctx context.Context, siteID string) (string, error) {
	site, err := s.store.siteBy(ctx, s.store.db, "id", siteID)
	if err != nil {
		return "", err
	}
	if site.Settings.ExtractEncryptionMode == "" {
		return "enabled", nil
	}
	return site.Settings.ExtractEncryptionMode, nil
}

// startExtractJob records a job and answers it as Tableau does (202 with
// the <job>).
func (s *Server) startExtractJob(c *call, typ string, k *contentKind, ref *contentRef, payload string) (result, error) {
	in := jobInput{SiteID: c.siteID(), Type: typ, Payload: payload, DurationMS: s.cfg.JobDuration.Milliseconds()}
	if ref != nil {
		in.ContentType, in.ContentID, in.ContentName = k.name, ref.ID, ref.Name
	}
	j, err := s.store.createJob(c.ctx, in, s.nowMS())
	if err != nil {
		return result{}, err
	}
	resp := tsc.NewTSResponse()
	resp.Job = renderJob(j)
	return result{status: http.StatusAccepted, body: resp}, nil
}

// createExtract answers POST {kind}/{id}/createExtract?encrypt=.
func (s *Server) createExtract(c *call, k contentKind) (result, error) {
	ref, has, _, err := s.extractTarget(c, k)
	if err != nil {
		return result{}, err
	}
	encrypt := false
	if v := c.query.Get("encrypt"); v != "" {
		switch strings.ToLower(v) {
		case "true":
			encrypt = true
		case "false":
		default:
			return result{}, badRequest("encrypt '%s' is not true or false.", v)
		}
	}
	if k == workbookKind {
		if err := s.embeddedSelection(c, ref.ID); err != nil {
			return result{}, err
		}
	}
	mode, err := s.siteEncryptionMode(c.ctx, c.siteID())
	if err != nil {
		return result{}, err
	}
	switch {
	case mode == "disabled" && encrypt:
		return result{}, badRequest("Extract encryption is disabled on this site (extractEncryptionMode disabled): the extract of the %s '%s' cannot be encrypted.", k.noun, ref.Name)
	case mode == "enforced":
		encrypt = true
	}
	if has {
		return result{}, conflict(codeConflict, "The %s '%s' already has extracts.", k.noun, ref.Name)
	}
	p, _ := json.Marshal(extractPayload{Encrypt: encrypt})
	return s.startExtractJob(c, jobCreateExtract, &k, ref, string(p))
}

// deleteExtract answers POST {kind}/{id}/deleteExtract.
func (s *Server) deleteExtract(c *call, k contentKind) (result, error) {
	ref, has, fileType, err := s.extractTarget(c, k)
	if err != nil {
		return result{}, err
	}
	if k == workbookKind {
		if err := s.embeddedSelection(c, ref.ID); err != nil {
			return result{}, err
		}
	}
	switch fileType {
	case "hyper", "tde", "parquet":
		return result{}, badRequest("The data source '%s' was published as an extract file (.%s): the extract is its data and cannot be removed.", ref.Name, fileType)
	}
	if !has {
		return result{}, badRequest("The %s '%s' has no extract to delete.", k.noun, ref.Name)
	}
	return s.startExtractJob(c, jobDeleteExtract, &k, ref, "")
}

func (s *Server) createWorkbookExtract(c *call) (result, error) {
	return s.createExtract(c, workbookKind)
}
func (s *Server) deleteWorkbookExtract(c *call) (result, error) {
	return s.deleteExtract(c, workbookKind)
}
func (s *Server) createDatasourceExtract(c *call) (result, error) {
	return s.createExtract(c, datasourceKind)
}
func (s *Server) deleteDatasourceExtract(c *call) (result, error) {
	return s.deleteExtract(c, datasourceKind)
}

// siteExtractJob answers POST /sites/{site}/encrypt-extracts,
// decrypt-extracts and reencrypt-extracts.
func (s *Server) siteExtractJob(c *call, typ string) (result, error) {
	if err := s.authorize(c, actExtractEncryption, target{SiteID: c.siteID()}); err != nil {
		return result{}, err
	}
	mode, err := s.siteEncryptionMode(c.ctx, c.siteID())
	if err != nil {
		return result{}, err
	}
	switch {
	case mode == "disabled" && typ != jobDecryptExtracts:
		return result{}, badRequest("Extract encryption is disabled on this site (extractEncryptionMode disabled): set it to enabled or enforced first.")
	case mode == "enforced" && typ == jobDecryptExtracts:
		return result{}, badRequest("Extract encryption is enforced on this site (extractEncryptionMode enforced): its extracts cannot be decrypted; set the mode to enabled first.")
	}
	return s.startExtractJob(c, typ, nil, nil, "")
}

func (s *Server) encryptSiteExtracts(c *call) (result, error) {
	return s.siteExtractJob(c, jobEncryptExtracts)
}
func (s *Server) decryptSiteExtracts(c *call) (result, error) {
	return s.siteExtractJob(c, jobDecryptExtracts)
}
func (s *Server) reencryptSiteExtracts(c *call) (result, error) {
	return s.siteExtractJob(c, jobReencryptExtracts)
}

// refreshIsIncremental reads the optional body of a refresh (3.25+),
// <extractRefresh incremental="true"/>, through c.decode: the request
// limits, and the same reading of XML and JSON as every other body.
func refreshIsIncremental(c *call) (bool, error) {
	if len(bytes.TrimSpace(c.body)) == 0 {
		return false, nil
	}
	req, err := c.decode()
	if err != nil {
		return false, err
	}
	if req.ExtractRefresh == nil || req.ExtractRefresh.Incremental == nil {
		return false, nil
	}
	return *req.ExtractRefresh.Incremental, nil
}

// extractJobEffect does the work of an extract job when it ends, and says
// what in notes; handled reports whether the type is one of them.
func (s *Server) extractJobEffect(ctx context.Context, j *jobRow) (handled bool, notes string, err error) {
	k := workbookKind
	if j.ContentType == datasourceKind.name {
		k = datasourceKind
	}
	gone := func(res sql.Result, err error) error {
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("the %s '%s' was deleted before the job ran", k.noun, j.ContentName)
		}
		return nil
	}
	now := s.store.nowString()
	switch j.Type {
	case jobCreateExtract:
		var p extractPayload
		if err := json.Unmarshal([]byte(j.Payload), &p); err != nil {
			return true, "", err
		}
		return true, "", gone(s.store.db.ExecContext(ctx, "UPDATE "+k.table+" SET has_extracts = 1, encrypt_extracts = ?, updated_at = ? WHERE id = ?",
			p.Encrypt, now, j.ContentID))
	case jobDeleteExtract:
		return true, "", gone(s.store.db.ExecContext(ctx, "UPDATE "+k.table+" SET has_extracts = 0, encrypt_extracts = 0, updated_at = ? WHERE id = ?",
			now, j.ContentID))
	case jobEncryptExtracts, jobDecryptExtracts, jobReencryptExtracts:
		notes, err := s.siteEncryptionEffect(ctx, j)
		return true, notes, err
	}
	return false, "", nil
}

// siteEncryptionEffect encrypts or decrypts every extract of the job's
// site, or counts the encrypted ones a reencryption gives new keys, and
// notes what it did.
func (s *Server) siteEncryptionEffect(ctx context.Context, j *jobRow) (string, error) {
	var verb string
	var counts [2]int64
	err := s.store.tx(ctx, func(tx *sql.Tx) error {
		for i, table := range []string{"workbooks", "datasources"} {
			var res sql.Result
			var err error
			switch j.Type {
			case jobEncryptExtracts:
				verb = "Encrypted"
				res, err = tx.ExecContext(ctx, "UPDATE "+table+" SET encrypt_extracts = 1 WHERE site_id = ? AND has_extracts = 1 AND encrypt_extracts = 0", j.SiteID)
			case jobDecryptExtracts:
				verb = "Decrypted"
				res, err = tx.ExecContext(ctx, "UPDATE "+table+" SET encrypt_extracts = 0 WHERE site_id = ? AND encrypt_extracts = 1", j.SiteID)
			default:
				verb = "Reencrypted"
				err = tx.QueryRowContext(ctx, "SELECT count(*) FROM "+table+" WHERE site_id = ? AND has_extracts = 1 AND encrypt_extracts = 1", j.SiteID).Scan(&counts[i])
			}
			if err != nil {
				return err
			}
			if res != nil {
				counts[i], _ = res.RowsAffected()
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s the extracts of %d workbooks and %d data sources.", verb, counts[0], counts[1]), nil
}

// applyEncryptionMode makes a site's extracts follow a new
// extractEncryptionMode: all encrypted when enforced, none when disabled
// ("When the site extract encryption mode is set to disabled, all
// encrypted extracts will be decrypted").
func applyEncryptionMode(ctx context.Context, tx *sql.Tx, siteID, mode string) error {
	var set int
	switch mode {
	case "enforced":
		set = 1
	case "disabled":
		set = 0
	default:
		return nil
	}
	for _, table := range []string{"workbooks", "datasources"} {
		if _, err := tx.ExecContext(ctx, "UPDATE "+table+" SET encrypt_extracts = ? WHERE site_id = ? AND has_extracts = 1", set, siteID); err != nil {
			return err
		}
	}
	return nil
}

// followEncryptionMode sets a just published item's encryptExtracts: off
// when it has no extract, on when its site's extractEncryptionMode is
// enforced ("enforce encryption of all extracts on the site").
func followEncryptionMode(ctx context.Context, tx *sql.Tx, k contentKind, id, siteID string) error {
	_, err := tx.ExecContext(ctx, "UPDATE "+k.table+` SET encrypt_extracts = CASE
		WHEN has_extracts = 0 THEN 0
		WHEN (SELECT json_extract(settings, '$.ExtractEncryptionMode') FROM sites WHERE id = ?) = 'enforced' THEN 1
		ELSE encrypt_extracts END WHERE id = ?`, siteID, id)
	return err
}
