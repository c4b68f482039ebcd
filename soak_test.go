package tsc_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/tsctest"
)

// soakDuration is how long TestSoak sends traffic: a few seconds in the
// normal suite, ten minutes from bench/soak.sh.
var soakDuration = flag.Duration("soak.duration", 3*time.Second, "how long TestSoak sends traffic (bench/soak.sh runs 10m)")

// soakFaults fail about 8 % of requests with every kind the emulator
// injects, 500 included, before and after the handler ran.
const soakFaults = "429:0.015,500:0.005,502:0.01,502+:0.005,503:0.01,504:0.005,504+:0.005," +
	"drop:0.01,reset:0.01,cut:0.01,latency=200us±100us:0.01"

// Bounds of what may grow between the start and the end of the soak. The
// resident set holds what the Go heap does not: the SQLite driver's memory
// (the in-memory database) and the goroutines' stacks.
const (
	soakGoroutineSlack = 10
	soakHeapSlack      = 64 << 20
	soakRSSSlack       = 256 << 20
)

// soakState is what a worker knows of an item it created.
type soakState int

const (
	created       soakState = iota // the create was acknowledged
	createUnknown                  // the create failed in a way that may have taken effect
	deleted                        // the delete was acknowledged (or a retry found it gone)
	deleteUnknown                  // the delete failed in a way that may have taken effect
)

// soakItem is one project, user, group or workbook a worker created.
type soakItem struct {
	kind, name, id string
	state          soakState
	// descs are the descriptions a project may have: the last acknowledged
	// update's and those of updates whose fate is unknown since.
	descs []string
	// tags are the tags acknowledged on a workbook.
	tags map[string]bool
}

// soakWorker is one client of the soak: a site administrator of its site.
type soakWorker struct {
	t      *testing.T
	n      int
	site   string
	c      *tsc.Client
	tr     *http.Transport
	rng    *rand.Rand
	home   string // the project its workbooks go to, never deleted
	file   []byte // the workbook it publishes
	seq    int
	items  []*soakItem
	ops    map[string]int
	faults int      // calls that failed because of an injected fault
	bad    []string // failures no fault explains
}

// TestSoak sends mixed traffic from several clients (site administrators
// of three sites, two sharing one) against an emulator injecting faults of
// every kind, for -soak.duration (3 s by default; bench/soak.sh runs ten
// minutes), then checks:
//
//   - no answer was a 5xx the fault injector did not write (its answers
//     say "The emulator injected this fault"), and every other failure is
//     a fault's: a retry that exhausted, a dropped, reset or cut connection;
//   - during the run, an item whose create was acknowledged is found by
//     Get and by a filter on its name or tag, a download gives the bytes
//     published, and each page of a list sorted by name is sorted;
//   - during the run, each item whose create or delete had an unknown fate
//     is looked up by name and settled (live again, or gone), so that
//     items a fault may have created do not pile up;
//   - at the end, with the faults cleared: every acknowledged create is
//     there with its id (and its acknowledged tags and description), every
//     acknowledged delete is gone, every create or delete whose fate the
//     client could not know is there at most once, nothing the workers did
//     not create carries their names (nothing was created twice), and for
//     every list the number of items iterated page by page equals the
//     pagination's totalAvailable, without duplicates;
//   - the goroutines running the module's, net/http's or SQLite's code, the
//     heap (after GC) and the resident set (Linux) at the end exceed those
//     at the start by no more than soakGoroutineSlack, soakHeapSlack and
//     soakRSSSlack.
func TestSoak(t *testing.T) {
	if testing.Short() && *soakDuration > 3*time.Second {
		t.Skip("a long soak is not for -short")
	}
	srv := tsctest.NewServer(t)
	e2eMust(srv.SeedSite("Alpha", "soak-alpha"))(t)
	e2eMust(srv.SeedSite("Beta", "soak-beta"))(t)
	sales, err := os.ReadFile(e2eFile("workbooks/Sales.twbx"))
	if err != nil {
		t.Fatal(err)
	}
	sites := []string{"", "soak-alpha", "soak-alpha", "soak-beta"}
	var workers []*soakWorker
	for i, site := range sites {
		name := fmt.Sprintf("soak-admin-%d", i)
		e2eMust(srv.SeedUser(site, name, tsc.SiteRoleSiteAdministratorCreator))(t)
		tr := http.DefaultTransport.(*http.Transport).Clone()
		c := e2eMust(srv.ClientAs(e2eCtx, site, name,
			tsc.WithHTTPClient(&http.Client{Transport: tr}),
			tsc.WithRetryPolicy(tsc.RetryPolicy{MaxAttempts: 6, MinBackoff: time.Millisecond, MaxBackoff: 8 * time.Millisecond, MaxRetryAfter: 5 * time.Millisecond}),
		))(t)
		home := e2eMust(c.Projects.Create(e2eCtx, tsc.Project{Name: fmt.Sprintf("soak-home-%d", i)}))(t)
		workers = append(workers, &soakWorker{t: t, n: i, site: site, c: c, tr: tr, home: home.ID, file: sales,
			rng: rand.New(rand.NewPCG(uint64(i), 0x736f616b)), ops: map[string]int{}})
	}
	for _, w := range workers {
		w.tr.CloseIdleConnections()
	}

	goroutines0, heap0 := soakSample(true)
	rss0 := soakRSS()
	setFaults(t, srv, soakFaults, 1)
	ctx, cancel := context.WithTimeout(e2eCtx, *soakDuration)
	defer cancel()
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				w.step(ctx)
			}
		}()
	}
	// A sample a second, for the log: a trend shows in a long run.
	samples := []string{}
	tick := time.NewTicker(time.Second)
	for done := false; !done; {
		select {
		case <-ctx.Done():
			done = true
		case <-tick.C:
			g, h := soakSample(false)
			samples = append(samples, fmt.Sprintf("%d/%dMiB/%dMiB", g, h>>20, soakRSS()>>20))
		}
	}
	tick.Stop()
	wg.Wait()
	stats := srv.FaultStats()
	srv.ClearFaults()

	total := map[string]int{}
	faults := 0
	for _, w := range workers {
		for k, v := range w.ops {
			total[k] += v
		}
		faults += w.faults
		for _, b := range w.bad {
			t.Error(b)
		}
	}
	t.Logf("%s of traffic: %d requests, operations %v; %d calls failed on faults; injected %v", *soakDuration, stats.Requests, total, faults, stats.Injected)
	if len(samples) > 0 {
		t.Logf("goroutines/heap/resident set each second: %s", strings.Join(samples, " "))
	}
	if total["publish"] == 0 || total["create project"] == 0 || total["add user"] == 0 || total["create group"] == 0 {
		t.Errorf("the mix did not run every kind of operation: %v", total)
	}
	if stats.Total() == 0 {
		t.Error("no fault was injected")
	}

	// The end state, read without faults.
	for _, w := range workers {
		w.checkEnd()
	}
	for _, site := range []string{"", "soak-alpha", "soak-beta"} {
		for _, w := range workers {
			if w.site == site {
				w.checkCounts()
				break
			}
		}
	}

	for _, w := range workers {
		w.tr.CloseIdleConnections()
	}
	deadline := time.Now().Add(10 * time.Second)
	goroutines1, heap1 := soakSample(true)
	for goroutines1 > goroutines0+soakGoroutineSlack && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		goroutines1, heap1 = soakSample(true)
	}
	t.Logf("goroutines %d -> %d, heap after GC %d -> %d KiB", goroutines0, goroutines1, heap0>>10, heap1>>10)
	if goroutines1 > goroutines0+soakGoroutineSlack {
		t.Errorf("goroutines grew from %d to %d (bound +%d)", goroutines0, goroutines1, soakGoroutineSlack)
	}
	if heap1 > heap0+soakHeapSlack {
		t.Errorf("the heap after GC grew from %d to %d MiB (bound +%d MiB)", heap0>>20, heap1>>20, soakHeapSlack>>20)
	}
	if rss1 := soakRSS(); rss0 > 0 {
		t.Logf("resident set %d -> %d MiB", rss0>>20, rss1>>20)
		if rss1 > rss0+soakRSSSlack {
			t.Errorf("the resident set grew from %d to %d MiB (bound +%d MiB)", rss0>>20, rss1>>20, soakRSSSlack>>20)
		}
	}
}

// soakRSS is the process's resident set in bytes, from /proc (Linux); 0
// where it cannot be read.
func soakRSS() uint64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, err := strconv.ParseUint(f[1], 10, 64)
	if err != nil {
		return 0
	}
	return pages * uint64(os.Getpagesize())
}

// soakSample returns the number of goroutines running the soak's code
// (this module's, net/http's, the SQLite driver's) and the heap in use,
// after a collection when gc is set. Goroutines of the testing framework
// and of the runtime are left out, so only what the soak's servers and
// clients leave behind counts.
func soakSample(gc bool) (int, uint64) {
	if gc {
		runtime.GC()
		runtime.GC()
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	ours := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "github.com/tsc-go/tsc") || strings.Contains(g, "net/http.") || strings.Contains(g, "modernc.org/") {
			ours++
		}
	}
	return ours, ms.HeapAlloc
}

// classify sorts a call's error: nil, a fault's doing (counted), or a
// failure no fault explains (recorded). It reports whether err is nil.
func (w *soakWorker) classify(op string, err error) bool {
	if err == nil {
		return true
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		w.faults++ // the soak's end cut the call short
		return false
	}
	var se *tsc.ServerError
	if errors.As(err, &se) {
		injected := strings.Contains(se.Detail+se.BodyExcerpt, "injected this fault")
		if injected {
			w.faults++
			return false
		}
		if se.Code == "" && strings.HasPrefix(se.ContentType, "application/xml") {
			// An XML error answer that did not decode: the emulator writes
			// whole Tableau documents, so a cut fault ended it mid-body
			// (the SDK keeps the status, with an excerpt and no code).
			w.ops["cut error answer"]++
			w.faults++
			return false
		}
		w.bad = append(w.bad, fmt.Sprintf("worker %d: %s: %v (no fault explains it)", w.n, op, err))
		return false
	}
	// Everything else is a connection dropped, reset or cut short, or an
	// answer cut mid-body: only faults do that to an in-process server.
	w.faults++
	return false
}

// live returns the worker's acknowledged items of a kind.
func (w *soakWorker) live(kind string) []*soakItem {
	var out []*soakItem
	for _, it := range w.items {
		if it.kind == kind && it.state == created {
			out = append(out, it)
		}
	}
	return out
}

func (w *soakWorker) pick(kind string) *soakItem {
	l := w.live(kind)
	if len(l) == 0 {
		return nil
	}
	return l[w.rng.IntN(len(l))]
}

func (w *soakWorker) name(kind string) string {
	w.seq++
	return fmt.Sprintf("soak-w%d-%s-%d", w.n, kind, w.seq)
}

// step runs one operation, chosen at random, keeping each kind's live set
// between a few and a dozen items so that the state stays bounded.
func (w *soakWorker) step(ctx context.Context) {
	ops := []func(context.Context){w.projects, w.users, w.groups, w.workbooks, w.lists, w.reconcile}
	ops[w.rng.IntN(len(ops))](ctx)
	w.prune()
}

// soakKeepDone is how many deleted items a worker remembers (for the end
// check that they are gone): the oldest are forgotten, so that the
// worker's memory stays bounded however long the soak runs.
const soakKeepDone = 500

// prune forgets the oldest deleted items beyond soakKeepDone. A forgotten
// item listed at the end still fails the end check: its name is not
// among those the worker may have on the server.
func (w *soakWorker) prune() {
	done := 0
	for _, it := range w.items {
		if it.state == deleted {
			done++
		}
	}
	if done <= soakKeepDone {
		return
	}
	drop := done - soakKeepDone
	w.items = slices.DeleteFunc(w.items, func(it *soakItem) bool {
		if drop > 0 && it.state == deleted {
			drop--
			return true
		}
		return false
	})
}

// reconcile looks up, by name, an item whose create or delete had an
// unknown fate, and settles it: found, it is live again (with its id, so
// that it can be updated and deleted like any other); not found, it is
// gone. Without this the items that a fault may have created would pile
// up on the server for the whole soak.
func (w *soakWorker) reconcile(ctx context.Context) {
	var unknown []*soakItem
	for _, it := range w.items {
		if it.state == createUnknown || it.state == deleteUnknown {
			unknown = append(unknown, it)
		}
	}
	if len(unknown) == 0 {
		return
	}
	it := unknown[w.rng.IntN(len(unknown))]
	byName := tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", it.name)}}
	var ids []string
	var err error
	switch it.kind {
	case "project":
		var ps []tsc.Project
		ps, _, err = w.c.Projects.List(ctx, byName)
		for _, p := range ps {
			ids = append(ids, p.ID)
		}
	case "user":
		var us []tsc.User
		us, _, err = w.c.Users.List(ctx, byName)
		for _, u := range us {
			ids = append(ids, u.ID)
		}
	case "group":
		var gs []tsc.Group
		gs, _, err = w.c.Groups.List(ctx, byName)
		for _, g := range gs {
			ids = append(ids, g.ID)
		}
	case "workbook":
		var wbs []tsc.Workbook
		wbs, _, err = w.c.Workbooks.List(ctx, byName)
		for _, wb := range wbs {
			ids = append(ids, wb.ID)
		}
	}
	w.ops["reconcile"]++
	if !w.classify("reconcile", err) {
		return
	}
	switch len(ids) {
	case 0:
		it.state = deleted
	case 1:
		if it.state == deleteUnknown && ids[0] != it.id {
			w.bad = append(w.bad, fmt.Sprintf("worker %d: %s %s is back with another id (%s, was %s)", w.n, it.kind, it.name, ids[0], it.id))
		}
		it.state, it.id = created, ids[0]
		w.ops["reconcile: found"]++
	default:
		w.bad = append(w.bad, fmt.Sprintf("worker %d: %s %s exists %d times", w.n, it.kind, it.name, len(ids)))
	}
}

// create records the outcome of a create: acknowledged with its id, or
// unknown.
func (w *soakWorker) create(op, kind, name string, id string, err error) *soakItem {
	w.ops[op]++
	it := &soakItem{kind: kind, name: name, id: id, state: created, tags: map[string]bool{}}
	if !w.classify(op, err) {
		it.state, it.id = createUnknown, ""
	}
	w.items = append(w.items, it)
	return it
}

// remove records the outcome of a delete; a 404 means a retry found the
// item gone after an earlier attempt deleted it.
func (w *soakWorker) remove(op string, it *soakItem, err error) {
	w.ops[op]++
	switch {
	case err == nil, errors.Is(err, tsc.ErrNotFound):
		it.state = deleted
	default:
		w.classify(op, err)
		it.state = deleteUnknown
	}
}

func (w *soakWorker) projects(ctx context.Context) {
	live := w.live("project")
	switch r := w.rng.IntN(10); {
	case len(live) < 3 || (r < 4 && len(live) < 12):
		name := w.name("project")
		p, err := w.c.Projects.Create(ctx, tsc.Project{Name: name, Description: "new"})
		id := ""
		if err == nil {
			id = p.ID
		}
		it := w.create("create project", "project", name, id, err)
		it.descs = []string{"new"}
	case r < 7:
		it := w.pick("project")
		desc := fmt.Sprintf("d%d", w.rng.IntN(1000))
		p, err := w.c.Projects.Update(ctx, tsc.Project{ID: it.id, Description: desc})
		w.ops["update project"]++
		if w.classify("update project", err) {
			if p.Description != desc || p.Name != it.name {
				w.bad = append(w.bad, fmt.Sprintf("worker %d: update of %s answered %+v", w.n, it.name, p))
			}
			it.descs = []string{desc}
		} else {
			it.descs = append(it.descs, desc)
		}
	default:
		it := w.pick("project")
		w.remove("delete project", it, w.c.Projects.Delete(ctx, it.id))
	}
}

func (w *soakWorker) users(ctx context.Context) {
	live := w.live("user")
	switch r := w.rng.IntN(10); {
	case len(live) < 3 || (r < 4 && len(live) < 12):
		name := w.name("user")
		u, err := w.c.Users.Add(ctx, tsc.User{Name: name, SiteRole: tsc.SiteRoleViewer})
		id := ""
		if err == nil {
			id = u.ID
		}
		w.create("add user", "user", name, id, err)
	case r < 7:
		it := w.pick("user")
		u, err := w.c.Users.Get(ctx, it.id)
		w.ops["get user"]++
		if errors.Is(err, tsc.ErrNotFound) {
			w.bad = append(w.bad, fmt.Sprintf("worker %d: user %s, whose add was acknowledged, is not found", w.n, it.name))
		} else if w.classify("get user", err) && u.Name != it.name {
			w.bad = append(w.bad, fmt.Sprintf("worker %d: user %s read as %q", w.n, it.id, u.Name))
		}
	default:
		it := w.pick("user")
		w.remove("remove user", it, w.c.Users.Remove(ctx, it.id, ""))
	}
}

func (w *soakWorker) groups(ctx context.Context) {
	live := w.live("group")
	switch r := w.rng.IntN(10); {
	case len(live) < 2 || (r < 4 && len(live) < 8):
		name := w.name("group")
		g, err := w.c.Groups.Create(ctx, tsc.Group{Name: name})
		id := ""
		if err == nil {
			id = g.ID
		}
		w.create("create group", "group", name, id, err)
	case r < 7:
		g, u := w.pick("group"), w.pick("user")
		if u == nil {
			return
		}
		_, err := w.c.Groups.AddUser(ctx, g.id, u.id)
		w.ops["add to group"]++
		var se *tsc.ServerError
		if errors.As(err, &se) && se.HTTPStatus == http.StatusConflict {
			return // already a member (an earlier add, or its unknown fate)
		}
		w.classify("add to group", err)
	default:
		it := w.pick("group")
		w.remove("delete group", it, w.c.Groups.Delete(ctx, it.id))
	}
}

func (w *soakWorker) workbooks(ctx context.Context) {
	live := w.live("workbook")
	switch r := w.rng.IntN(10); {
	case len(live) < 2 || (r < 3 && len(live) < 6):
		name := w.name("workbook")
		wb, err := w.c.Workbooks.Publish(ctx, tsc.Workbook{Name: name, Project: &tsc.ProjectRef{ID: w.home}},
			tsc.PublishSource{Reader: bytes.NewReader(w.file), Size: int64(len(w.file)), Name: "Sales.twbx"}, tsc.PublishOptions{})
		id := ""
		if err == nil {
			id = wb.ID
		}
		w.create("publish", "workbook", name, id, err)
	case r < 5:
		it := w.pick("workbook")
		tag := fmt.Sprintf("t%d", w.rng.IntN(4))
		_, err := w.c.Workbooks.AddTags(ctx, it.id, tag)
		w.ops["add tag"]++
		if w.classify("add tag", err) {
			it.tags[tag] = true
		}
	case r < 8:
		it := w.pick("workbook")
		var buf bytes.Buffer
		_, err := w.c.Workbooks.Download(ctx, it.id, &buf, tsc.DownloadOptions{})
		w.ops["download"]++
		if w.classify("download", err) && !bytes.Equal(buf.Bytes(), w.file) {
			w.bad = append(w.bad, fmt.Sprintf("worker %d: workbook %s downloads as %d bytes, not the %d published", w.n, it.name, buf.Len(), len(w.file)))
		}
	default:
		it := w.pick("workbook")
		w.remove("delete workbook", it, w.c.Workbooks.Delete(ctx, it.id))
	}
}

// pastEnd reports whether err is the server's refusal of a page past the
// last one (400006): while other clients delete, a page that existed can
// be gone by the time it is asked for, as on Tableau Server. The call is
// counted, not failed.
func (w *soakWorker) pastEnd(op string, err error) bool {
	var se *tsc.ServerError
	if errors.As(err, &se) && (se.Code == "400006" || strings.Contains(se.BodyExcerpt, `code="400006"`)) {
		w.ops[op+": page past the end"]++
		return true
	}
	return false
}

// lists reads lists with filters and sorts while others write: an
// acknowledged item is found by a filter on its name or tag, and each page
// of a sorted list is sorted. (Across pages, order holds only without
// concurrent writes: pages read at different moments, or ahead, see
// different lists; checkCounts checks whole lists at the end.)
func (w *soakWorker) lists(ctx context.Context) {
	switch w.rng.IntN(3) {
	case 0:
		it := w.pick("project")
		if it == nil {
			return
		}
		ps, _, err := w.c.Projects.List(ctx, tsc.ListOptions{Filters: []tsc.Filter{tsc.Eq("name", it.name)}})
		w.ops["filter projects"]++
		if w.classify("filter projects", err) && (len(ps) != 1 || ps[0].ID != it.id) {
			w.bad = append(w.bad, fmt.Sprintf("worker %d: filtering projects on name %s found %d", w.n, it.name, len(ps)))
		}
	case 1:
		page := 1 + w.rng.IntN(3)
		users, _, err := w.c.Users.List(ctx, tsc.ListOptions{PageSize: 7, PageNumber: page, Sort: []tsc.Sort{tsc.Desc("name")}})
		w.ops["list users"]++
		if w.pastEnd("list users", err) || !w.classify("list users", err) {
			return
		}
		var names []string
		for _, u := range users {
			names = append(names, strings.ToLower(u.Name))
		}
		if !slices.IsSortedFunc(names, func(a, b string) int { return strings.Compare(b, a) }) {
			w.bad = append(w.bad, fmt.Sprintf("worker %d: page %d of users sorted by name:desc comes as %v", w.n, page, names))
		}
	default:
		tag := fmt.Sprintf("t%d", w.rng.IntN(4))
		wbs, pg, err := w.c.Workbooks.List(ctx, tsc.ListOptions{PageSize: 1000, Filters: []tsc.Filter{tsc.Eq("tags", tag)}, Sort: []tsc.Sort{tsc.Asc("name")}})
		w.ops["list workbooks"]++
		if !w.classify("list workbooks", err) {
			return
		}
		var names []string
		for _, wb := range wbs {
			names = append(names, strings.ToLower(wb.Name))
		}
		if !slices.IsSorted(names) {
			w.bad = append(w.bad, fmt.Sprintf("worker %d: workbooks tagged %s sorted by name come as %v", w.n, tag, names))
		}
		if pg.TotalAvailable != len(wbs) {
			// The emulator counts and lists in two statements: a write
			// between them shows here. Counted (see the log), not failed;
			// checkCounts holds counts to lists once the writes stop.
			w.ops["list workbooks: totalAvailable differs from the page"]++
		}
		for _, it := range w.live("workbook") {
			if it.tags[tag] && !slices.Contains(names, strings.ToLower(it.name)) {
				w.bad = append(w.bad, fmt.Sprintf("worker %d: workbook %s, tagged %s, is not in the list of that tag", w.n, it.name, tag))
			}
		}
	}
}

// soakListed is what a site holds of one kind, read without faults.
type soakListed struct {
	id, desc string
	tags     []string
}

// listAll reads every item of a kind on the worker's site, by name.
func (w *soakWorker) listAll(kind string) map[string][]soakListed {
	t := w.t
	t.Helper()
	out := map[string][]soakListed{}
	add := func(name string, l soakListed) { out[name] = append(out[name], l) }
	opts := tsc.ListOptions{PageSize: 100}
	switch kind {
	case "project":
		for p, err := range w.c.Projects.All(e2eCtx, opts) {
			e2eNoErr(t, err)
			add(p.Name, soakListed{id: p.ID, desc: p.Description})
		}
	case "user":
		for u, err := range w.c.Users.All(e2eCtx, opts) {
			e2eNoErr(t, err)
			add(u.Name, soakListed{id: u.ID})
		}
	case "group":
		for g, err := range w.c.Groups.All(e2eCtx, opts) {
			e2eNoErr(t, err)
			add(g.Name, soakListed{id: g.ID})
		}
	case "workbook":
		for wb, err := range w.c.Workbooks.All(e2eCtx, opts) {
			e2eNoErr(t, err)
			var tags []string
			if wb.Tags != nil {
				for _, tg := range wb.Tags.Tags {
					tags = append(tags, tg.Label)
				}
			}
			add(wb.Name, soakListed{id: wb.ID, tags: tags})
		}
	}
	return out
}

// checkEnd reconciles what the worker believes with what its site holds.
func (w *soakWorker) checkEnd() {
	t := w.t
	t.Helper()
	mine := fmt.Sprintf("soak-w%d-", w.n)
	for _, kind := range []string{"project", "user", "group", "workbook"} {
		listed := w.listAll(kind)
		known := map[string]*soakItem{}
		for _, it := range w.items {
			if it.kind != kind {
				continue
			}
			known[it.name] = it
			got := listed[it.name]
			switch it.state {
			case created:
				if len(got) != 1 || got[0].id != it.id {
					t.Errorf("worker %d: %s %s (%s), whose create was acknowledged, is listed as %+v", w.n, kind, it.name, it.id, got)
					continue
				}
				if kind == "project" && !slices.Contains(it.descs, got[0].desc) {
					t.Errorf("worker %d: project %s has description %q, want one of %q", w.n, it.name, got[0].desc, it.descs)
				}
				for tag := range it.tags {
					if !slices.Contains(got[0].tags, tag) {
						t.Errorf("worker %d: workbook %s lacks its acknowledged tag %s (has %v)", w.n, it.name, tag, got[0].tags)
					}
				}
			case deleted:
				if len(got) != 0 {
					t.Errorf("worker %d: %s %s, whose delete was acknowledged, is still listed: %+v", w.n, kind, it.name, got)
				}
			case createUnknown, deleteUnknown:
				if len(got) > 1 {
					t.Errorf("worker %d: %s %s is listed %d times", w.n, kind, it.name, len(got))
				}
			}
		}
		for name, got := range listed {
			if strings.HasPrefix(name, mine) && known[name] == nil {
				t.Errorf("worker %d: %s %s is listed, but was never created by it, or was deleted long ago", w.n, kind, name)
			}
			if strings.HasPrefix(name, mine) && len(got) > 1 {
				t.Errorf("worker %d: %s %s is listed %d times", w.n, kind, name, len(got))
			}
		}
	}
}

// checkCounts checks, for every list of the worker's site, that the items
// iterated page by page are as many as the pagination's totalAvailable
// says, each once.
func (w *soakWorker) checkCounts() {
	t := w.t
	t.Helper()
	check := func(what string, total int, ids []string) {
		t.Helper()
		if len(ids) != total {
			t.Errorf("site %q: %s: %d iterated, totalAvailable %d", w.site, what, len(ids), total)
		}
		if u := slices.Compact(slices.Sorted(slices.Values(ids))); len(u) != len(ids) {
			t.Errorf("site %q: %s: %d items iterated, %d distinct", w.site, what, len(ids), len(u))
		}
	}
	one := tsc.ListOptions{PageSize: 1}
	small := tsc.ListOptions{PageSize: 7}
	_, pg, err := w.c.Projects.List(e2eCtx, one)
	e2eNoErr(t, err)
	var ids []string
	for p, err := range w.c.Projects.All(e2eCtx, small) {
		e2eNoErr(t, err)
		ids = append(ids, p.ID)
	}
	check("projects", pg.TotalAvailable, ids)

	_, pg, err = w.c.Users.List(e2eCtx, one)
	e2eNoErr(t, err)
	ids = nil
	for u, err := range w.c.Users.All(e2eCtx, small) {
		e2eNoErr(t, err)
		ids = append(ids, u.ID)
	}
	check("users", pg.TotalAvailable, ids)

	_, pg, err = w.c.Workbooks.List(e2eCtx, one)
	e2eNoErr(t, err)
	ids = nil
	for wb, err := range w.c.Workbooks.All(e2eCtx, small) {
		e2eNoErr(t, err)
		ids = append(ids, wb.ID)
	}
	check("workbooks", pg.TotalAvailable, ids)

	groups, pg, err := w.c.Groups.List(e2eCtx, tsc.ListOptions{PageSize: 1000})
	e2eNoErr(t, err)
	ids = nil
	for g, err := range w.c.Groups.All(e2eCtx, small) {
		e2eNoErr(t, err)
		ids = append(ids, g.ID)
	}
	check("groups", pg.TotalAvailable, ids)
	for _, g := range groups {
		_, pg, err := w.c.Groups.Users(e2eCtx, g.ID, one)
		e2eNoErr(t, err)
		ids = nil
		for u, err := range w.c.Groups.AllUsers(e2eCtx, g.ID, small) {
			e2eNoErr(t, err)
			ids = append(ids, u.ID)
		}
		check("members of "+g.Name, pg.TotalAvailable, ids)
	}
}
