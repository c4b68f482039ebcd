package tsc_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/emulator/tableaufile"
	"github.com/tsc-go/tsc/tsctest"
)

// e2eCustomViewSetup publishes Sales, adds bob (Explorer) and carol
// (Viewer), and seeds three custom views: the admin's private one on the
// first view keeping Region West, bob's shared one on the first view, and
// bob's private one on the second view.
type e2eCustomViewSetup struct {
	srv                   *tsctest.Server
	admin, bob, carol     *tsc.Client
	bobU, carolU          *tsc.User
	wb                    *tsc.Workbook
	views                 []tsc.View
	mine, shared, bobsOwn string
}

func e2eCustomViews(t *testing.T) *e2eCustomViewSetup {
	t.Helper()
	srv, c := e2eContentServer(t, 10*time.Millisecond)
	s := &e2eCustomViewSetup{srv: srv, admin: c}
	s.wb = e2ePublishSales(t, c, "Sales")
	s.views = e2eCollect(t, c.Views.All(e2eCtx, tsc.ViewListOptions{ListOptions: tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("workbookName", "Sales")}}}))
	s.bobU, s.bob = e2eUserClient(t, srv, "", "bob", tsc.SiteRoleExplorer)
	s.carolU, s.carol = e2eUserClient(t, srv, "", "carol", tsc.SiteRoleViewer)
	seed := func(in tsctest.CustomViewSeed) string {
		t.Helper()
		return e2eMust(srv.SeedCustomView(in))(t)
	}
	s.mine = seed(tsctest.CustomViewSeed{ViewID: s.views[0].ID, Owner: srv.AdminUsername, Name: "West only", Filters: map[string]string{"Region": "West"}})
	s.shared = seed(tsctest.CustomViewSeed{ViewID: s.views[0].ID, Owner: "bob", Name: "Bob's shared", Shared: true})
	s.bobsOwn = seed(tsctest.CustomViewSeed{ViewID: s.views[1].ID, Owner: "bob", Name: "Bob's own"})
	return s
}

func e2eCustomViewIDs(cvs []tsc.CustomView) []string {
	var out []string
	for _, cv := range cvs {
		out = append(out, cv.ID)
	}
	return out
}

// TestE2ECustomViewsReadAndList: what a seeded custom view reads back
// as, and the list's filters, sort and paging.
func TestE2ECustomViewsReadAndList(t *testing.T) {
	s := e2eCustomViews(t)
	got := e2eMust(s.admin.CustomViews.Get(e2eCtx, s.mine))(t)
	if got.Name != "West only" || got.Shared == nil || *got.Shared || got.View == nil || got.View.ID != s.views[0].ID || got.View.Name != s.views[0].Name ||
		got.Workbook == nil || got.Workbook.ID != s.wb.ID || got.Workbook.Name != "Sales" || got.Owner == nil || got.Owner.ID != s.admin.Session().UserID ||
		got.CreatedAt.IsZero() || got.UpdatedAt.IsZero() {
		t.Fatalf("Get: %+v", got)
	}
	all, p, err := s.admin.CustomViews.List(e2eCtx, tsc.ListOptions{Sort: []tsc.Sort{tsc.Asc("name")}})
	e2eNoErr(t, err)
	if p.TotalAvailable != 3 || strings.Join(e2eCustomViewIDs(all), ",") != strings.Join([]string{s.bobsOwn, s.shared, s.mine}, ",") {
		t.Fatalf("List by name: %d %v", p.TotalAvailable, e2eCustomViewIDs(all))
	}
	onView := e2eMust2(s.admin.CustomViews.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("viewId", s.views[0].ID)}}))(t)
	byOwner := e2eMust2(s.admin.CustomViews.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("ownerId", s.bobU.ID)}}))(t)
	byWB := e2eMust2(s.admin.CustomViews.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("workbookId", s.wb.ID)}}))(t)
	if len(onView) != 2 || len(byOwner) != 2 || len(byWB) != 3 {
		t.Fatalf("filters: viewId %d, ownerId %d, workbookId %d", len(onView), len(byOwner), len(byWB))
	}
	paged := e2eCollect(t, s.admin.CustomViews.All(e2eCtx, tsc.ListOptions{PageSize: 1}))
	if len(paged) != 3 {
		t.Fatalf("All by pages of 1: %d", len(paged))
	}
	_, _, err = s.admin.CustomViews.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("nosuch", "x")}})
	e2eWantCode(t, err, tsc.ErrBadRequest, http.StatusBadRequest, "400065")
	_, err = s.admin.CustomViews.Get(e2eCtx, "00000000-0000-0000-0000-000000000000")
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404048")
}

// TestE2ECustomViewsVisibility: a Viewer sees, of views they can read,
// their own and the shared custom views (the shared ones only when the
// list names a view or workbook, as Tableau's reference says), never
// another's private one, and changes none of another's.
func TestE2ECustomViewsVisibility(t *testing.T) {
	s := e2eCustomViews(t)
	none, p, err := s.carol.CustomViews.List(e2eCtx, tsc.ListOptions{})
	e2eNoErr(t, err)
	if len(none) != 0 || p.TotalAvailable != 0 {
		t.Fatalf("carol lists without a filter: %v, total %d", e2eCustomViewIDs(none), p.TotalAvailable)
	}
	got := e2eMust2(s.carol.CustomViews.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("workbookId", s.wb.ID)}}))(t)
	if strings.Join(e2eCustomViewIDs(got), ",") != s.shared {
		t.Fatalf("carol lists the workbook's: %v, want only %s", e2eCustomViewIDs(got), s.shared)
	}
	bobs := e2eMust2(s.bob.CustomViews.List(e2eCtx, tsc.ListOptions{}))(t)
	if len(bobs) != 2 {
		t.Fatalf("bob lists his own: %v", e2eCustomViewIDs(bobs))
	}
	e2eMust(s.carol.CustomViews.Get(e2eCtx, s.shared))(t)
	for _, id := range []string{s.mine, s.bobsOwn} {
		_, err := s.carol.CustomViews.Get(e2eCtx, id)
		e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404048")
		_, err = s.carol.CustomViews.Image(e2eCtx, id, io.Discard, tsc.ImageOptions{})
		e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404048")
		e2eWantCode(t, s.carol.CustomViews.Delete(e2eCtx, id), tsc.ErrNotFound, http.StatusNotFound, "404048")
	}
	e2eWantCode(t, s.carol.CustomViews.Delete(e2eCtx, s.shared), tsc.ErrForbidden, http.StatusForbidden, "403004")
	_, err = s.carol.CustomViews.Update(e2eCtx, tsc.CustomView{ID: s.shared, Name: "Mine now"})
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403004")

	// Denied Read on the workbook, carol no longer sees the shared one.
	e2eMust(s.admin.Permissions.Add(e2eCtx, tsc.PermWorkbook, s.wb.ID, tsc.PermissionRule{Grantee: tsc.UserGrantee(s.carolU.ID), Capability: tsc.CapRead, Mode: tsc.Deny}))(t)
	_, err = s.carol.CustomViews.Get(e2eCtx, s.shared)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404048")
	if got := e2eMust2(s.carol.CustomViews.List(e2eCtx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("workbookId", s.wb.ID)}}))(t); len(got) != 0 {
		t.Fatalf("carol, denied the workbook, lists %v", e2eCustomViewIDs(got))
	}
}

// TestE2ECustomViewsUpdateDelete: the owner renames; an administrator
// gives a custom view away; the new owner deletes it; deleting the
// workbook deletes the rest.
func TestE2ECustomViewsUpdateDelete(t *testing.T) {
	s := e2eCustomViews(t)
	up := e2eMust(s.bob.CustomViews.Update(e2eCtx, tsc.CustomView{ID: s.bobsOwn, Name: "Renamed"}))(t)
	if up.Name != "Renamed" || up.Owner.ID != s.bobU.ID || !up.UpdatedAt.After(up.CreatedAt.Time.Add(-time.Second)) {
		t.Fatalf("rename: %+v", up)
	}
	given := e2eMust(s.admin.CustomViews.Update(e2eCtx, tsc.CustomView{ID: s.mine, Owner: &tsc.User{ID: s.carolU.ID}}))(t)
	if given.Owner.ID != s.carolU.ID || given.Name != "West only" {
		t.Fatalf("new owner: %+v", given)
	}
	if _, err := s.admin.CustomViews.Update(e2eCtx, tsc.CustomView{ID: s.mine}); err == nil {
		t.Fatal("an update with nothing to change was sent")
	}
	_, err := s.admin.CustomViews.Update(e2eCtx, tsc.CustomView{ID: s.mine, Owner: &tsc.User{ID: "00000000-0000-0000-0000-000000000000"}})
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404002")
	e2eNoErr(t, s.carol.CustomViews.Delete(e2eCtx, s.mine))
	_, err = s.admin.CustomViews.Get(e2eCtx, s.mine)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404048")

	e2eNoErr(t, s.admin.Workbooks.Delete(e2eCtx, s.wb.ID))
	for _, id := range []string{s.shared, s.bobsOwn} {
		_, err := s.admin.CustomViews.Get(e2eCtx, id)
		e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404048")
	}
	if got := e2eMust2(s.admin.CustomViews.List(e2eCtx, tsc.ListOptions{}))(t); len(got) != 0 {
		t.Fatalf("custom views outlived their workbook: %v", e2eCustomViewIDs(got))
	}
}

// TestE2ECustomViewsExports: image, PDF and CSV of a custom view are its
// view's, with the custom view's filters applied.
func TestE2ECustomViewsExports(t *testing.T) {
	s := e2eCustomViews(t)
	var png, pdf, csv, viewCSV bytes.Buffer
	e2eMust(s.admin.CustomViews.Image(e2eCtx, s.mine, &png, tsc.ImageOptions{}))(t)
	if !bytes.HasPrefix(png.Bytes(), []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("image is not a PNG: % x", png.Bytes()[:8])
	}
	e2eMust(s.admin.CustomViews.PDF(e2eCtx, s.mine, &pdf, tsc.PDFOptions{PageType: tsc.PageA4}))(t)
	_, text := e2eCheckPDF(t, pdf.Bytes())
	if !strings.Contains(text, "Custom view: West only") || !strings.Contains(text, "Filter: Region = West") {
		t.Errorf("PDF text: %q", text)
	}
	d := e2eMust(s.admin.CustomViews.CSV(e2eCtx, s.mine, &csv, tsc.DataOptions{}))(t)
	e2eMust(s.admin.Views.CSV(e2eCtx, s.views[0].ID, &viewCSV, tsc.DataOptions{}))(t)
	if d.FileName != "West only.csv" {
		t.Errorf("CSV file name %q", d.FileName)
	}
	rows := strings.Split(strings.TrimSpace(csv.String()), "\n")
	for _, r := range rows[1:] {
		if !strings.HasPrefix(r, "West,") {
			t.Fatalf("custom view CSV row outside its filter: %q", r)
		}
	}
	if len(rows) != 4 || !strings.Contains(viewCSV.String(), "East,") {
		t.Fatalf("custom view CSV %d rows (want the 3 of West), view CSV:\n%s", len(rows), viewCSV.String())
	}
	// A query filter replaces the custom view's on the same field.
	csv.Reset()
	e2eMust(s.admin.CustomViews.CSV(e2eCtx, s.mine, &csv, tsc.DataOptions{ExportFilters: tsc.ExportFilters{Filters: map[string]string{"Region": "East"}}}))(t)
	if !strings.Contains(csv.String(), "East,") || strings.Contains(csv.String(), "West,") {
		t.Fatalf("query filter did not replace the custom view's:\n%s", csv.String())
	}
}

// TestE2ECustomViewsDownloadPublish: an administrator downloads a custom
// view's file and publishes it back onto the workbook, and publishes our
// own testdata file; others may do neither; hostile files are refused.
func TestE2ECustomViewsDownloadPublish(t *testing.T) {
	s := e2eCustomViews(t)
	var buf bytes.Buffer
	d := e2eMust(s.admin.CustomViews.Download(e2eCtx, s.mine, &buf, tsc.DownloadOptions{}))(t)
	if d.FileName != "West only.json" {
		t.Errorf("file name %q", d.FileName)
	}
	f, err := tableaufile.ReadCustomView(bytes.NewReader(buf.Bytes()), tableaufile.Limits{})
	e2eNoErr(t, err)
	if len(f.Views) != len(s.views) || f.Source().ViewName != s.views[0].Name || len(f.Source().Filters) != 1 || f.Source().Filters[0].Members[0] != "West" {
		t.Fatalf("downloaded file: %+v", f)
	}
	_, err = s.carol.CustomViews.Download(e2eCtx, s.shared, io.Discard, tsc.DownloadOptions{})
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403163")

	dir := t.TempDir()
	saved := e2eMust(s.admin.CustomViews.DownloadTo(e2eCtx, s.mine, dir, tsc.DownloadOptions{}))(t)
	if saved.Path != filepath.Join(dir, "West only.json") {
		t.Errorf("saved at %s", saved.Path)
	}
	_, err = s.admin.CustomViews.DownloadTo(e2eCtx, "00000000-0000-0000-0000-000000000000", filepath.Join(dir, "gone.json"), tsc.DownloadOptions{})
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404048")
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("a failed download left files: %v", entries)
	}

	// Round trip: the file published under a new name, shared, for bob.
	pub := e2eMust(s.admin.CustomViews.Publish(e2eCtx, tsc.CustomView{Name: "Imported", Shared: tsc.Bool(true), Workbook: &tsc.Workbook{ID: s.wb.ID}, Owner: &tsc.User{ID: s.bobU.ID}},
		tsc.PublishSource{Path: saved.Path}, tsc.CustomViewPublishOptions{}))(t)
	if pub.Name != "Imported" || pub.Shared == nil || !*pub.Shared || pub.Owner.ID != s.bobU.ID || pub.View.ID != s.views[0].ID {
		t.Fatalf("published: %+v", pub)
	}
	var again bytes.Buffer
	e2eMust(s.admin.CustomViews.Download(e2eCtx, pub.ID, &again, tsc.DownloadOptions{}))(t)
	if !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Error("the published file downloads different")
	}
	// Our own file, named by its file name, through an upload in chunks.
	own := e2eMust(s.admin.CustomViews.Publish(e2eCtx, tsc.CustomView{Workbook: &tsc.Workbook{ID: s.wb.ID}}, tsc.PublishSource{Path: e2eFile("customviews/East.json")},
		tsc.CustomViewPublishOptions{ChunkThreshold: 1, ChunkSize: 512}))(t)
	if own.Name != "East" || own.View.Name != "Sales by Region" || own.Owner.ID != s.admin.Session().UserID || *own.Shared {
		t.Fatalf("published testdata: %+v", own)
	}
	var eastCSV bytes.Buffer
	e2eMust(s.admin.CustomViews.CSV(e2eCtx, own.ID, &eastCSV, tsc.DataOptions{}))(t)
	if strings.Contains(eastCSV.String(), "West,") || !strings.Contains(eastCSV.String(), "East,") {
		t.Fatalf("East.json's filter not applied:\n%s", eastCSV.String())
	}

	_, err = s.bob.CustomViews.Publish(e2eCtx, tsc.CustomView{Name: "x", Workbook: &tsc.Workbook{ID: s.wb.ID}}, tsc.PublishSource{Path: saved.Path}, tsc.CustomViewPublishOptions{})
	e2eWantCode(t, err, tsc.ErrForbidden, http.StatusForbidden, "403000")
}

// TestE2ECustomViewsHostileFiles: a published file that is not a custom
// view file of the workbook, or passes a bound, is refused with 400011
// (413 past the size limit), and nothing is stored.
func TestE2ECustomViewsHostileFiles(t *testing.T) {
	s := e2eCustomViews(t)
	tcv := func(doc string) string { return base64.URLEncoding.EncodeToString([]byte(doc)) }
	entry := func(name string, source bool, doc string) map[string]any {
		return map[string]any{"isSourceView": source, "viewName": name, "tcv": tcv(doc)}
	}
	js := func(v any) []byte { b, _ := json.Marshal(v); return b }
	ok := "<customized-view><worksheet name='x'/></customized-view>"
	for _, c := range []struct {
		name string
		file []byte
	}{
		{"not json", []byte("[<html>")},
		{"no source", js([]any{entry(s.views[0].Name, false, ok)})},
		{"source not in workbook", js([]any{entry("Elsewhere", true, ok)})},
		{"billion laughs", js([]any{entry(s.views[0].Name, true, `<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><customized-view>&b;</customized-view>`)})},
		{"too deep", js([]any{entry(s.views[0].Name, true, "<customized-view>"+strings.Repeat("<a>", 1000)+strings.Repeat("</a>", 1000)+"</customized-view>")})},
		{"not base64", []byte(`[{"isSourceView":true,"viewName":"x","tcv":"!!"}]`)},
	} {
		_, err := s.admin.CustomViews.Publish(e2eCtx, tsc.CustomView{Name: c.name, Workbook: &tsc.Workbook{ID: s.wb.ID}},
			tsc.PublishSource{Reader: bytes.NewReader(c.file), Name: "f.json"}, tsc.CustomViewPublishOptions{})
		if err == nil {
			t.Fatalf("%s: published", c.name)
		}
		e2eWantCode(t, err, tsc.ErrBadRequest, http.StatusBadRequest, "400011")
	}
	big := append([]byte("["), bytes.Repeat([]byte(" "), 16<<20)...)
	_, err := s.admin.CustomViews.Publish(e2eCtx, tsc.CustomView{Name: "big", Workbook: &tsc.Workbook{ID: s.wb.ID}},
		tsc.PublishSource{Reader: bytes.NewReader(big), Name: "big.json"}, tsc.CustomViewPublishOptions{})
	e2eWantCode(t, err, nil, http.StatusRequestEntityTooLarge, "413000")
	if got := e2eMust2(s.admin.CustomViews.List(e2eCtx, tsc.ListOptions{}))(t); len(got) != 3 {
		t.Fatalf("refused publishes stored custom views: %d", len(got))
	}
}

// TestE2ECustomViewsCrossSite: another site's custom view, or workbook,
// is a 404 from this site, as if it did not exist.
func TestE2ECustomViewsCrossSite(t *testing.T) {
	s := e2eCustomViews(t)
	e2eMust(s.srv.SeedSite("Other", "other"))(t)
	e2eMust(s.srv.SeedUser("other", "olga", tsc.SiteRoleSiteAdministratorCreator))(t)
	other := e2eMust(s.srv.ClientAs(e2eCtx, "other", "olga"))(t)
	_, err := other.CustomViews.Get(e2eCtx, s.shared)
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404048")
	e2eWantCode(t, other.CustomViews.Delete(e2eCtx, s.shared), tsc.ErrNotFound, http.StatusNotFound, "404048")
	_, err = other.CustomViews.Update(e2eCtx, tsc.CustomView{ID: s.shared, Name: "x"})
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404048")
	_, err = other.CustomViews.Download(e2eCtx, s.shared, io.Discard, tsc.DownloadOptions{})
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404048")
	_, err = other.CustomViews.Publish(e2eCtx, tsc.CustomView{Name: "x", Workbook: &tsc.Workbook{ID: s.wb.ID}}, tsc.PublishSource{Path: e2eFile("customviews/East.json")}, tsc.CustomViewPublishOptions{})
	e2eWantCode(t, err, tsc.ErrNotFound, http.StatusNotFound, "404006")
	if got := e2eMust2(other.CustomViews.List(e2eCtx, tsc.ListOptions{}))(t); len(got) != 0 {
		t.Fatalf("another site lists %v", e2eCustomViewIDs(got))
	}
}
