package tsc_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// e2eWaitJob waits for a job with a fast poll.
func e2eWaitJob(t *testing.T, c *tsc.Client, j *tsc.Job) *tsc.Job {
	t.Helper()
	if j == nil {
		t.Fatal("no job")
	}
	return e2eMust(c.Jobs.Wait(e2eCtx, j.ID, tsc.WaitOptions{MinInterval: 5 * time.Millisecond, MaxInterval: 20 * time.Millisecond}))(t)
}

// e2eWorkbookFlags reads a workbook's hasExtracts and encryptExtracts,
// which Query Workbooks reports with fields=_all_.
func e2eWorkbookFlags(t *testing.T, c *tsc.Client, id string) *tsc.Workbook {
	t.Helper()
	for _, w := range e2eCollect(t, c.Workbooks.All(e2eCtx, tsc.ListOptions{Fields: []string{tsc.FieldsAll}})) {
		if w.ID == id {
			if w.HasExtracts == nil || w.EncryptExtracts == nil {
				t.Fatalf("workbook %s listed without hasExtracts or encryptExtracts", id)
			}
			return &w
		}
	}
	t.Fatalf("workbook %s not listed", id)
	return nil
}

// TestE2EExtractsLifecycle deletes and creates the extracts of a workbook
// and a data source, each as a job: the item's hasExtracts and
// encryptExtracts change when the job ends, the download follows, and the
// refusals name their reason.
func TestE2EExtractsLifecycle(t *testing.T) {
	// Jobs last a minute of a clock the test moves: a job ends only when
	// the test lets it (wait), whatever the machine's speed.
	clock := newE2EClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	_, c := e2eContentServer(t, time.Minute, tsctest.WithClock(clock.Now))
	wait := func(j *tsc.Job) *tsc.Job {
		t.Helper()
		clock.Advance(2 * time.Minute)
		return e2eWaitJob(t, c, j)
	}
	wb := e2ePublishSales(t, c, "Sales")
	if !*e2eWorkbookFlags(t, c, wb.ID).HasExtracts {
		t.Fatal("Sales.twbx published without hasExtracts")
	}

	// A refresh of the extract may be incremental.
	j := e2eMust(c.Workbooks.RefreshIncremental(e2eCtx, wb.ID))(t)
	if j.Type != "RefreshExtract" || j.ExtractRefreshJob == nil || j.ExtractRefreshJob.Workbook.ID != wb.ID {
		t.Errorf("incremental refresh job %+v", j)
	}
	wait(j)
	jobs := e2eCollect(t, c.Jobs.All(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("jobType", "increment_extracts")}}))
	if len(jobs) != 1 || jobs[0].ID != j.ID {
		t.Errorf("increment_extracts jobs %+v, want the one refresh", jobs)
	}

	// Creating an extract the workbook has is a conflict.
	_, err := c.Workbooks.CreateExtract(e2eCtx, wb.ID, tsc.ExtractOptions{})
	e2eWantCode(t, err, tsc.ErrConflict, http.StatusConflict, "409000")

	// Delete: the flag moves only when the job ends; the download then
	// leaves the extract out.
	j = e2eMust(c.Workbooks.DeleteExtract(e2eCtx, wb.ID, tsc.ExtractOptions{}))(t)
	if j.Type != "" || j.ID == "" {
		t.Errorf("delete extract job %+v", j)
	}
	if got := e2eWorkbookFlags(t, c, wb.ID); !*got.HasExtracts {
		t.Error("hasExtracts false before the job ended")
	}
	wait(j)
	got := e2eWorkbookFlags(t, c, wb.ID)
	if *got.HasExtracts || *got.EncryptExtracts {
		t.Errorf("after deleteExtract: hasExtracts %v encryptExtracts %v", *got.HasExtracts, got.EncryptExtracts)
	}
	var lean bytes.Buffer
	e2eMust(c.Workbooks.Download(e2eCtx, wb.ID, &lean, tsc.DownloadOptions{}))(t)
	e2eCheckStripped(t, e2eRead(t, "workbooks/Sales.twbx"), lean.Bytes(), "Sales.twb", "Data/Targets.xlsx")
	_, err = c.Workbooks.DeleteExtract(e2eCtx, wb.ID, tsc.ExtractOptions{})
	e2eWantCode(t, err, nil, http.StatusBadRequest, "400000")
	_, err = c.Workbooks.Refresh(e2eCtx, wb.ID)
	e2eWantCode(t, err, nil, http.StatusBadRequest, "400000")

	// Create again, encrypted, for named embedded data sources.
	conns := e2eMust(c.Workbooks.Connections(e2eCtx, wb.ID))(t)
	var dsIDs []string
	for _, cn := range conns {
		if cn.Datasource != nil && cn.Datasource.ID != "" {
			dsIDs = append(dsIDs, cn.Datasource.ID)
		}
	}
	if len(dsIDs) == 0 {
		t.Fatal("the workbook's connections name no embedded data source")
	}
	_, err = c.Workbooks.CreateExtract(e2eCtx, wb.ID, tsc.ExtractOptions{Datasources: []string{"00000000-0000-0000-0000-000000000000"}})
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404004")
	j = e2eMust(c.Workbooks.CreateExtract(e2eCtx, wb.ID, tsc.ExtractOptions{Encrypt: true, Datasources: dsIDs[:1]}))(t)
	wait(j)
	got = e2eWorkbookFlags(t, c, wb.ID)
	if !*got.HasExtracts || !*got.EncryptExtracts {
		t.Errorf("after createExtract encrypt: hasExtracts %v encryptExtracts %v", *got.HasExtracts, *got.EncryptExtracts)
	}
	var full bytes.Buffer
	e2eMust(c.Workbooks.Download(e2eCtx, wb.ID, &full, tsc.DownloadOptions{}))(t)
	if !bytes.Equal(full.Bytes(), e2eRead(t, "workbooks/Sales.twbx")) {
		t.Error("with its extract back, the workbook does not download as published")
	}

	// A data source: the same, and the job list names each kind of job.
	ds := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{Name: "Orders"}, e2eFile("datasources/Orders.tdsx"), tsc.PublishOptions{}))(t)
	dj, err := c.Datasources.DeleteExtract(e2eCtx, ds.ID)
	e2eNoErr(t, err)
	wait(dj)
	if d := e2eMust(c.Datasources.Get(e2eCtx, ds.ID))(t); *d.HasExtracts {
		t.Error("data source hasExtracts after deleteExtract")
	}
	wait(e2eMust(c.Datasources.CreateExtract(e2eCtx, ds.ID, false))(t))
	if d := e2eMust(c.Datasources.Get(e2eCtx, ds.ID))(t); !*d.HasExtracts || *d.EncryptExtracts {
		t.Errorf("data source after createExtract: has %v encrypted %v", *d.HasExtracts, *d.EncryptExtracts)
	}
	for typ, want := range map[string]int{"create_extracts": 2, "delete_extracts": 2} {
		if n := len(e2eCollect(t, c.Jobs.All(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("jobType", typ)}}))); n != want {
			t.Errorf("%d %s jobs, want %d", n, typ, want)
		}
	}

	// A data source published as a .hyper file is its extract.
	hy := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{Name: "Raw"}, e2eFile("datasources/Orders.hyper"), tsc.PublishOptions{}))(t)
	_, err = c.Datasources.DeleteExtract(e2eCtx, hy.ID)
	e2eWantCode(t, err, nil, http.StatusBadRequest, "400000")
	if err != nil && !strings.Contains(err.Error(), "extract file") {
		t.Errorf("refusal %v does not say why", err)
	}
}

// TestE2ESiteExtractEncryption: the site's extractEncryptionMode and the
// encrypt, decrypt and reencrypt jobs over every extract of the site.
func TestE2ESiteExtractEncryption(t *testing.T) {
	srv, c := e2eContentServer(t, 20*time.Millisecond)
	wb := e2ePublishSales(t, c, "Sales")
	ds := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{Name: "Orders"}, e2eFile("datasources/Orders.tdsx"), tsc.PublishOptions{}))(t)
	twb := e2eMust(c.Workbooks.PublishFile(e2eCtx, tsc.Workbook{Name: "Live"}, e2eFile("workbooks/Sales.twb"), tsc.PublishOptions{}))(t)
	encrypted := func() (bool, bool, bool) {
		w := e2eWorkbookFlags(t, c, wb.ID)
		d := e2eMust(c.Datasources.Get(e2eCtx, ds.ID))(t)
		l := e2eWorkbookFlags(t, c, twb.ID)
		return *w.EncryptExtracts, *d.EncryptExtracts, *l.EncryptExtracts
	}

	j := e2eMust(c.Sites.EncryptExtracts(e2eCtx, ""))(t)
	done := e2eWaitJob(t, c, j)
	if w, d, l := encrypted(); !w || !d || l {
		t.Errorf("after encrypt-extracts: workbook %v, data source %v, workbook without extract %v", w, d, l)
	}
	if n := strings.Join(done.Notes(), ";"); n != "Encrypted the extracts of 1 workbooks and 1 data sources." {
		t.Errorf("encrypt notes %q", n)
	}
	done = e2eWaitJob(t, c, e2eMust(c.Sites.ReencryptExtracts(e2eCtx, ""))(t))
	if n := strings.Join(done.Notes(), ";"); n != "Reencrypted the extracts of 1 workbooks and 1 data sources." {
		t.Errorf("reencrypt notes %q", n)
	}
	e2eWaitJob(t, c, e2eMust(c.Sites.DecryptExtracts(e2eCtx, ""))(t))
	if w, d, _ := encrypted(); w || d {
		t.Errorf("after decrypt-extracts: workbook %v, data source %v", w, d)
	}

	// enforced encrypts at once and refuses decryption; disabled decrypts
	// and refuses encryption.
	site := e2eMust(c.Sites.Get(e2eCtx, c.Session().SiteID))(t)
	e2eMust(c.Sites.Update(e2eCtx, tsc.Site{ID: site.ID, ExtractEncryptionMode: "enforced"}))(t)
	if w, d, _ := encrypted(); !w || !d {
		t.Errorf("on an enforced site: workbook %v, data source %v", w, d)
	}
	_, err := c.Sites.DecryptExtracts(e2eCtx, "")
	e2eWantCode(t, err, nil, http.StatusBadRequest, "400000")
	// What is published to an enforced site is encrypted; a file without
	// an extract has nothing to encrypt.
	enf := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{Name: "Enforced"}, e2eFile("datasources/Orders.tdsx"), tsc.PublishOptions{}))(t)
	if d := e2eMust(c.Datasources.Get(e2eCtx, enf.ID))(t); !*d.EncryptExtracts {
		t.Error("a data source published to an enforced site is not encrypted")
	}
	live := e2eMust(c.Datasources.PublishFile(e2eCtx, tsc.Datasource{Name: "Live"}, e2eFile("datasources/Orders.tds"), tsc.PublishOptions{}))(t)
	if d := e2eMust(c.Datasources.Get(e2eCtx, live.ID))(t); *d.EncryptExtracts {
		t.Error("a data source without extract is reported encrypted")
	}
	e2eMust(c.Sites.Update(e2eCtx, tsc.Site{ID: site.ID, ExtractEncryptionMode: "disabled"}))(t)
	if w, d, _ := encrypted(); w || d {
		t.Errorf("on a disabled site: workbook %v, data source %v", w, d)
	}
	for _, call := range []func() (*tsc.Job, error){
		func() (*tsc.Job, error) { return c.Sites.EncryptExtracts(e2eCtx, "") },
		func() (*tsc.Job, error) { return c.Sites.ReencryptExtracts(e2eCtx, "") },
		func() (*tsc.Job, error) {
			return c.Datasources.CreateExtract(e2eCtx, ds.ID, true)
		},
	} {
		_, err := call()
		e2eWantCode(t, err, nil, http.StatusBadRequest, "400000")
	}
	_, err = c.Sites.Update(e2eCtx, tsc.Site{ID: site.ID, ExtractEncryptionMode: "sometimes"})
	e2eWantCode(t, err, nil, http.StatusBadRequest, "400000")

	// Only administrators encrypt a site's extracts.
	_, creator := e2eUserClient(t, srv, "", "carol", tsc.SiteRoleCreator)
	_, err = creator.Sites.EncryptExtracts(e2eCtx, "")
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403000")
	// Nor do others change extracts of content they do not own.
	_, err = creator.Workbooks.DeleteExtract(e2eCtx, wb.ID, tsc.ExtractOptions{})
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403004")
}

// TestE2EExtractsVersions: each call is refused below the version that
// brought it, before anything is sent.
func TestE2EExtractsVersions(t *testing.T) {
	_, c := e2eServer(t, tsctest.WithAPIVersion("3.4"))
	_, err := c.Workbooks.CreateExtract(e2eCtx, "x", tsc.ExtractOptions{})
	if err == nil || !strings.Contains(err.Error(), "3.5") {
		t.Errorf("CreateExtract at 3.4: %v", err)
	}
	_, err = c.Datasources.RefreshIncremental(e2eCtx, "x")
	if err == nil || !strings.Contains(err.Error(), "3.25") {
		t.Errorf("RefreshIncremental at 3.4: %v", err)
	}
}
