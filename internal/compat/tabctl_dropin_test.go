package compat_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/spf13/pflag"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/iostreams"
	"github.com/tsc-go/tsc/tsctest"
)

// These tests hold tabctl to being a drop-in for tabcmd: every command and
// flag tabcmd's parsers define exists in tabctl with the same short forms
// and kind (TestTabctlHasTabcmdsFlags), the same command lines leave the
// server and the working directory in the same state with the same exit
// status (TestTabctlCorpus), and a whole admin script written for tabcmd
// runs unchanged with tabctl in its place (TestTabcmdScriptRunsWithTabctl).

// tabctlBinary builds tabctl once for the tests that run it as a process,
// as a script would.
var tabctlBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "tabctl-compat-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "tabctl")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/tsc-go/tsc/cmd/tabctl")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build tabctl: %v\n%s", err, out)
	}
	return bin, nil
})

// tabcmdOption is one option of a tabcmd command, from flags.py.
type tabcmdOption struct {
	Names []string `json:"names"`
	Value bool     `json:"value"`
}

// TestTabctlHasTabcmdsFlags reads tabcmd's own parsers (testdata/tabcmd/
// flags.py) and checks that each of its commands is a tabctl command with
// each of its options: the long name, the short form naming the same flag,
// and a value where tabcmd takes one (a switch where it takes none).
func TestTabctlHasTabcmdsFlags(t *testing.T) {
	e := needClients(t)
	t.Parallel()
	cmd := exec.CommandContext(t.Context(), python, filepath.Join(e.testdata, "tabcmd", "flags.py"))
	cmd.Env = e.baseEnv(t.TempDir())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("flags.py: %v", err)
	}
	var commands map[string][]tabcmdOption
	if err := json.Unmarshal(out, &commands); err != nil {
		t.Fatal(err)
	}
	if len(commands) < 26 {
		t.Fatalf("flags.py found %d tabcmd commands; tabcmd 2 has 26", len(commands))
	}
	f := &cmdutil.Factory{IO: func() *iostreams.IOStreams { io, _, _, _ := iostreams.Test(); return io }(), Globals: &cmdutil.GlobalOptions{}, Getenv: func(string) string { return "" }}
	root := cli.NewRootCmd(f)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	checked := 0
	for _, name := range names {
		sub, _, err := root.Find([]string{name})
		if err != nil || sub == root || sub.Name() != name {
			t.Errorf("tabcmd %s: no such tabctl command", name)
			continue
		}
		// The flags the command sees: its own and every persistent one above it.
		fs := sub.Flags()
		fs.AddFlagSet(sub.InheritedFlags())
		for _, o := range commands[name] {
			var long *pflag.Flag
			for _, n := range o.Names {
				if strings.HasPrefix(n, "--") {
					long = fs.Lookup(n[2:])
				}
			}
			if long == nil {
				t.Errorf("tabcmd %s %s: tabctl has no such flag", name, strings.Join(o.Names, "/"))
				continue
			}
			for _, n := range o.Names {
				if len(n) == 2 && n[0] == '-' {
					if s := fs.ShorthandLookup(n[1:]); s == nil || s.Name != long.Name {
						t.Errorf("tabcmd %s %s: tabctl's %s is not --%s", name, strings.Join(o.Names, "/"), n, long.Name)
					}
				}
			}
			isSwitch := long.NoOptDefVal != ""
			if o.Value == isSwitch {
				t.Errorf("tabcmd %s --%s takes a value: %v; tabctl's: %v", name, long.Name, o.Value, !isSwitch)
			}
			checked++
		}
	}
	t.Logf("%d tabcmd commands, %d options checked", len(names), checked)
}

// dropinServer is an emulator seeded the same way for each tool: a project,
// a published workbook and data source, a group and two users, so that every
// command line has something to act on.
func dropinServer(t *testing.T) *tsctest.Server {
	t.Helper()
	e := needClients(t)
	srv := startServer(t)
	c := sdk(t, srv, "")
	ctx := t.Context()
	fin := must(c.Projects.Create(ctx, tsc.Project{Name: "Finance"}))(t)
	must(c.Projects.Create(ctx, tsc.Project{Name: "Europe", ParentProjectID: fin.ID}))(t)
	if _, err := c.Workbooks.PublishFile(ctx, tsc.Workbook{Name: "Sales", Project: &tsc.Project{ID: fin.ID}}, filepath.Join(e.files, "workbooks", "Sales.twbx"), tsc.PublishOptions{}); err != nil {
		t.Fatal(err)
	}
	ds, err := c.Datasources.PublishFile(ctx, tsc.Datasource{Name: "Orders", Project: &tsc.Project{ID: fin.ID}}, filepath.Join(e.files, "datasources", "Orders.tdsx"), tsc.PublishOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// A flow (issue 16), for list flows.
	if _, err := c.Flows.PublishFile(ctx, tsc.Flow{Project: &tsc.Project{ID: fin.ID}}, filepath.Join(e.files, "flows", "Sales Prep.tfl"), tsc.PublishOptions{}); err != nil {
		t.Fatal(err)
	}
	// A server schedule with the data source's refresh on it, for runschedule.
	nightly := must(c.Schedules.Create(ctx, tsc.Schedule{Name: "Nightly", Type: tsc.ScheduleExtract, Frequency: tsc.FrequencyDaily,
		FrequencyDetails: &tsc.FrequencyDetails{Start: "02:00:00"}}))(t)
	must(c.Schedules.AddDatasource(ctx, nightly.ID, ds.ID))(t)
	must(c.Groups.Create(ctx, tsc.Group{Name: "Analysts"}))(t)
	must(c.Sites.Create(ctx, tsc.Site{Name: "finsite", ContentURL: "finsite"}))(t)
	for _, u := range []tsc.User{{Name: "ann", SiteRole: tsc.SiteRoleViewer}, {Name: "bob", SiteRole: tsc.SiteRoleExplorer}} {
		must(c.Users.Add(ctx, u))(t)
	}
	return srv
}

// serverState is what a command line may have changed on the server, in
// words that do not depend on ids or times.
func serverState(t *testing.T, srv *tsctest.Server) []string {
	t.Helper()
	c := sdk(t, srv, "")
	ctx := t.Context()
	var st []string
	for s, err := range c.Sites.All(ctx, tsc.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		st = append(st, fmt.Sprintf("site %q url=%q state=%s", s.Name, s.ContentURL, s.State))
	}
	projects := map[string]string{}
	for p, err := range c.Projects.All(ctx, tsc.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		projects[p.ID] = p.Name
		st = append(st, fmt.Sprintf("project %q nested=%v", p.Name, p.ParentProjectID != ""))
	}
	for u, err := range c.Users.All(ctx, tsc.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		st = append(st, fmt.Sprintf("user %q role=%s", u.Name, u.SiteRole))
	}
	for g, err := range c.Groups.All(ctx, tsc.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		var members []string
		for u, err := range c.Groups.AllUsers(ctx, g.ID, tsc.ListOptions{}) {
			if err != nil {
				t.Fatal(err)
			}
			members = append(members, u.Name)
		}
		sort.Strings(members)
		st = append(st, fmt.Sprintf("group %q members=%v", g.Name, members))
	}
	for w, err := range c.Workbooks.All(ctx, tsc.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		st = append(st, fmt.Sprintf("workbook %q project=%q", w.Name, projectOf(w.Project)))
	}
	for d, err := range c.Datasources.All(ctx, tsc.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		st = append(st, fmt.Sprintf("datasource %q project=%q", d.Name, projectOf(d.Project)))
	}
	// The jobs asked for, by type: extract work is a job whose effect comes
	// later, so the request itself is what both tools must have made.
	jobs := map[string]int{}
	for j, err := range c.Jobs.All(ctx, tsc.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		if j.JobType == "import_users" {
			// tabctl's createsiteusers adds users by one Import Users job
			// (REST 3.15); tabcmd adds them one by one. The users are
			// compared above: how they were added is not state.
			continue
		}
		jobs[j.JobType]++
	}
	for typ, n := range jobs {
		st = append(st, fmt.Sprintf("jobs %s=%d", typ, n))
	}
	sort.Strings(st)
	return st
}

func projectOf(p *tsc.Project) string {
	if p == nil {
		return ""
	}
	return p.Name
}

// dirState names the files in dir (inputs excluded) with the kind their
// first bytes say: what get and export wrote, and under which names.
func dirState(t *testing.T, dir string, inputs []string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if e.IsDir() || slices.Contains(inputs, e.Name()) || strings.HasPrefix(e.Name(), ".") ||
			e.Name() == "tableau_auth.json" || e.Name() == "password.txt" || e.Name() == "tabcmd.log" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e.Name()+" ("+fileKind(b)+")")
	}
	return out
}

func fileKind(b []byte) string {
	magic := hex.EncodeToString(b[:min(len(b), 4)])
	switch magic {
	case magicPNG:
		return "png"
	case magicPDF:
		return "pdf"
	case magicZIP:
		return "zip"
	}
	if bytes.HasPrefix(b, []byte("<?xml")) {
		return "xml"
	}
	if len(b) == 0 {
		return "empty"
	}
	return "text"
}

// toolRun is one tool's run of a command line: its exit status and what it
// left behind.
type toolRun struct {
	code   int
	output string
	server []string
	files  []string
}

// runTool runs one command line with tool (the tabcmd module or the tabctl
// binary) on a fresh seeded emulator, in a working directory holding the
// line's input files.
func runTool(t *testing.T, tool string, line []string, inputs map[string]string) toolRun {
	t.Helper()
	e := needClients(t)
	srv := dropinServer(t)
	work := t.TempDir()
	var names []string
	for name, content := range inputs {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(work, name)), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(work, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	pw := filepath.Join(work, "password.txt")
	if err := os.WriteFile(pw, []byte(adminPassword), 0o600); err != nil {
		t.Fatal(err)
	}
	args := expand(line, srv, e, pw)
	var cmd *exec.Cmd
	env := e.baseEnv(work)
	if tool == "tabcmd" {
		cmd = exec.CommandContext(t.Context(), python, append([]string{"-m", "tabcmd"}, args...)...)
		tabcmdLines.Add(1)
	} else {
		bin, err := tabctlBinary()
		if err != nil {
			t.Fatal(err)
		}
		cmd = exec.CommandContext(t.Context(), bin, args...)
		env = append(env, "TABCTL_CONFIG_DIR="+filepath.Join(work, ".tabctl"))
	}
	cmd.Dir, cmd.Env = work, env
	out, err := cmd.CombinedOutput()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("%s %s: %v", tool, strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	return toolRun{code: code, output: string(out), server: serverState(t, srv), files: dirState(t, work, names)}
}

// expand fills a corpus line's placeholders: @AUTH (sign-in flags),
// @SALES and @ORDERS (the module's test files).
func expand(line []string, srv *tsctest.Server, e *env, pw string) []string {
	var out []string
	for _, a := range line {
		switch a {
		case "@AUTH":
			out = append(out, "--server", srv.URL, "--username", srv.AdminUsername, "--password-file", pw, "--no-certcheck")
		case "@SALES":
			out = append(out, filepath.Join(e.files, "workbooks", "Sales.twbx"))
		case "@ORDERS":
			out = append(out, filepath.Join(e.files, "datasources", "Orders.tdsx"))
		default:
			out = append(out, a)
		}
	}
	return out
}

// corpusLine is one tabcmd command line of the corpus. Every line signs in
// with @AUTH (tabcmd reuses no session; see tabcmdRunner.auth).
type corpusLine struct {
	line   string
	inputs map[string]string
	// sameOutput lists strings both tools' output must hold.
	sameOutput []string
	// deliberate, when set, is a difference tabctl makes on purpose: the
	// string docs/coming-from-tabcmd.md must hold (where the difference is
	// explained), and check says what tabctl must do instead.
	deliberate string
	check      func(t *testing.T, tabctl, tabcmd toolRun)
}

// hasState fails unless every one of lines is in run's server state.
func hasState(lines ...string) func(t *testing.T, tabctl, tabcmd toolRun) {
	return func(t *testing.T, tabctl, tabcmd toolRun) {
		t.Helper()
		if tabctl.code != 0 {
			t.Errorf("tabctl exit %d:\n%s", tabctl.code, tabctl.output)
		}
		for _, l := range lines {
			if !slices.Contains(tabctl.server, l) {
				t.Errorf("tabctl's server state lacks %s:\n%s", l, strings.Join(tabctl.server, "\n"))
			}
			if slices.Contains(tabcmd.server, l) {
				t.Errorf("tabcmd's server state has %s too: the difference is gone, remove it from the corpus and the docs", l)
			}
		}
	}
}

// corpus is tabcmd command lines for every command, typical and edge
// flags, global flags included. Each runs on a fresh emulator.
var corpus = []corpusLine{
	{line: "listsites @AUTH --logging-level=DEBUG --no-prompt"},
	{line: "listsites @AUTH --get-extract-encryption-mode -l info --no-cookie --language en --country fr"},
	{line: "createsite NewSite -r newsite --user-quota 5 --site-mode @AUTH"},
	{line: "createsite Second --url second --storage-quota 100 --no-site-mode --no-prompt @AUTH"},
	{line: "createsite Default --url '' @AUTH"},
	{line: "editsite Default --storage-quota 200 @AUTH"},
	{line: "deletesite nosuchsite @AUTH"},
	{line: "deletesite finsite -t finsite @AUTH"},
	{line: "editsite finsite --status SUSPENDED -t finsite @AUTH", deliberate: "--status SUSPENDED",
		check: hasState(`site "finsite" url="finsite" state=Suspended`)},
	{line: "editsite finsite --site-name 'Fin Two' --user-quota 9 --storage-quota 50 -t finsite @AUTH", deliberate: "--site-name \"Fin Two\"",
		check: hasState(`site "Fin Two" url="finsite" state=Active`)},
	{line: "editsite finsite --user-quota 9 --storage-quota 50 -t finsite @AUTH"},
	{line: "deletesite finsite @AUTH", deliberate: "the site you are signed in to", check: func(t *testing.T, tabctl, tabcmd toolRun) {
		if tabctl.code != 0 || tabcmd.code != 1 || slices.ContainsFunc(tabctl.server, func(s string) bool { return strings.Contains(s, `url="finsite"`) }) {
			t.Errorf("deletesite of another site: tabctl exit %d (want 0, and the site gone), tabcmd %d (want 1)", tabctl.code, tabcmd.code)
		}
	}},
	{line: "createsite Extra --url extra --extract-encryption-mode enabled --run-now-enabled false @AUTH"},
	{line: "createsite finsite --url finsite @AUTH"},
	{line: "createsite finsite --url finsite --continue-if-exists @AUTH"},
	{line: "createproject -n OnFin @AUTH -t finsite"},
	{line: "creategroup Analysts @AUTH"},
	{line: "removeusers Analysts --users users.csv --no-complete @AUTH", inputs: map[string]string{"users.csv": "ann\nghost\n"}},
	{line: "deletesiteusers users.csv @AUTH", inputs: map[string]string{"users.csv": "ghost\nann\n"}, deliberate: "not on the site",
		check: func(t *testing.T, tabctl, tabcmd toolRun) {
			if tabctl.code != 1 || tabcmd.code != 0 || !slices.Contains(tabctl.server, `user "ann" role=Viewer`) {
				t.Errorf("deletesiteusers with a user not on the site: tabctl exit %d (want 1, nothing changed), tabcmd %d (want 0)", tabctl.code, tabcmd.code)
			}
		}},
	{line: "list workbooks -d @AUTH", sameOutput: []string{"VIEWS:"}},
	{line: "createproject -n Marketing -d 'made by the corpus' @AUTH"},
	{line: "createproject --name Nested --parent-project-path Finance/Europe @AUTH --no-prompt"},
	{line: "createproject -n Finance @AUTH"},
	{line: "createproject -n Finance --continue-if-exists @AUTH"},
	{line: "deleteproject Europe --parent-project-path Finance @AUTH"},
	{line: "deleteproject NoSuch @AUTH"},
	{line: "creategroup Sales @AUTH"},
	{line: "creategroup Analysts --continue-if-exists @AUTH"},
	{line: "deletegroup Analysts @AUTH"},
	{line: "addusers Analysts --users users.csv @AUTH", inputs: map[string]string{"users.csv": "ann\nbob\n"}},
	{line: "addusers Analysts --users users.csv --no-complete @AUTH", inputs: map[string]string{"users.csv": "ann\nno body\n"}},
	{line: "addusers Analysts --users users.csv @AUTH", inputs: map[string]string{"users.csv": "ann,Pass-1,Ann A,viewer,none,no,ann@example.com\nbob,,,explorer,none,no,\n"}, deliberate: "first column", check: func(t *testing.T, tabctl, tabcmd toolRun) {
		if tabctl.code != 0 || tabcmd.code != 1 || !slices.Contains(tabctl.server, `group "Analysts" members=[ann bob]`) {
			t.Errorf("addusers with a lenient file: tabctl exit %d (want 0, ann and bob added), tabcmd %d (want 1)", tabctl.code, tabcmd.code)
		}
	}},
	{line: "addusers Analysts --users users.csv @AUTH", inputs: map[string]string{"users.csv": "\ufeffann\r\nbob\r\n"}},
	{line: "addusers Analysts --users users.csv @AUTH", inputs: map[string]string{"users.csv": " ann \nbob\n\n"}, deliberate: "first column", check: func(t *testing.T, tabctl, tabcmd toolRun) {
		if tabctl.code != 0 || tabcmd.code != 1 || !slices.Contains(tabctl.server, `group "Analysts" members=[ann bob]`) {
			t.Errorf("addusers with a lenient file: tabctl exit %d (want 0, ann and bob added), tabcmd %d (want 1)", tabctl.code, tabcmd.code)
		}
	}},
	{line: "removeusers Analysts --users users.csv @AUTH", inputs: map[string]string{"users.csv": "ann\n"}},
	{line: "createsiteusers users.csv @AUTH", inputs: map[string]string{"users.csv": "cu1,Pass-word-1,Cee One,viewer,none,no,cu1@example.com\ncu2,,,creator,site,yes,\ncu3,,,explorer,none,yes,\n"}},
	{line: "createsiteusers users.csv --role Viewer @AUTH", inputs: map[string]string{"users.csv": "vu1,,,creator,site,yes\nvu2,,,explorer,none,yes,\nvu3\n"}},
	{line: "createsiteusers users.csv --role Publisher @AUTH", inputs: map[string]string{"users.csv": "pu1\npu2\n"},
		deliberate: "--role Publisher", check: hasState(`user "pu1" role=ExplorerCanPublish`, `user "pu2" role=ExplorerCanPublish`)},
	{line: "createsiteusers users.csv --role interactor --auth-type ServerDefault @AUTH", inputs: map[string]string{"users.csv": "iu1\n"},
		deliberate: "`Interactor`", check: hasState(`user "iu1" role=Explorer`)},
	{line: "createsiteusers users.csv --no-complete @AUTH", inputs: map[string]string{"users.csv": "ok1\nno body\n"},
		deliberate: "skips the lines it reports as invalid", check: func(t *testing.T, tabctl, tabcmd toolRun) {
			hasState(`user "ok1" role=Unlicensed`)(t, tabctl, toolRun{})
			if slices.Contains(tabctl.server, `user "no body" role=Unlicensed`) {
				t.Errorf("tabctl created the invalid user of a --no-complete file")
			}
		}},
	{line: "deletesiteusers users.csv @AUTH", inputs: map[string]string{"users.csv": "ann\nbob\n"}},
	{line: "publish @SALES -n Sales2 -r Finance @AUTH"},
	{line: "publish @SALES -n Sales -r Finance -o @AUTH"},
	{line: "publish @SALES -n Sales -r Finance @AUTH"},
	{line: "publish @ORDERS --name Orders2 --project Finance --no-prompt @AUTH"},
	{line: "get /workbooks/Sales.twbx @AUTH"},
	{line: "get /datasources/Orders.tdsx @AUTH"},
	{line: "get /views/Sales/SalesbyRegion.png @AUTH"},
	{line: "get /views/Sales/SalesbyRegion.csv @AUTH"},
	{line: "get /views/Sales/SalesbyRegion.pdf -f out.pdf @AUTH"},
	{line: "get /views/Sales/SalesbyRegion.png -f region @AUTH"},
	{line: "get /workbooks/Sales.twbx -f copy @AUTH"},
	{line: "get /datasources/Orders.tdsx -f orders @AUTH"},
	{line: "export Sales/SalesbyRegion --csv -f data @AUTH"},
	{line: "export Sales/SalesbyRegion --csv @AUTH"},
	{line: "export Sales/SalesbyRegion --png --width 400 --height 300 @AUTH"},
	{line: "export Sales/SalesbyRegion --pdf --pagesize a4 --pagelayout landscape -f report.pdf @AUTH"},
	{line: "export Sales/SalesbyRegion --fullpdf @AUTH"},
	{line: "refreshextracts --workbook Sales --project Finance @AUTH"},
	{line: "refreshextracts --datasource Orders --project Finance --synchronous @AUTH"},
	{line: "refreshextracts --datasource Orders --synchronous @AUTH", deliberate: "without `--project`",
		check: func(t *testing.T, tabctl, tabcmd toolRun) {
			if tabctl.code != 0 || tabcmd.code != 1 {
				t.Errorf("refreshextracts of a data source outside Default without --project: tabctl exit %d (want 0), tabcmd %d (want 1)", tabctl.code, tabcmd.code)
			}
		}},
	{line: "runschedule Nightly @AUTH", deliberate: "`runschedule Nightly`", check: func(t *testing.T, tabctl, tabcmd toolRun) {
		if tabctl.code != 0 || !strings.Contains(tabctl.output, "queued as job") || tabcmd.code != 2 {
			t.Errorf("runschedule: tabctl exit %d (want 0, a job queued), tabcmd %d (want 2, not in its command list)\ntabctl:\n%s", tabctl.code, tabcmd.code, tabctl.output)
		}
	}},
	{line: "delete Sales -r Finance @AUTH"},
	{line: "delete Orders -d --project Finance @AUTH"},
	{line: "delete NoSuch -w @AUTH"},
	{line: "delete Orders -d @AUTH", deliberate: "without `--project`", check: func(t *testing.T, tabctl, tabcmd toolRun) {
		if tabctl.code != 0 || tabcmd.code != 1 || slices.Contains(tabctl.server, `datasource "Orders" project="Finance"`) {
			t.Errorf("delete of a data source outside Default without --project: tabctl exit %d (want 0, and Orders gone), tabcmd %d (want 1)", tabctl.code, tabcmd.code)
		}
	}},
	{line: "list projects @AUTH"},
	{line: "list workbooks -o -n -a @AUTH", sameOutput: []string{"Sales"}},
	{line: "list flows -n -o @AUTH", sameOutput: []string{"Sales Prep"}},
	{line: "list flows --machine -n @AUTH", sameOutput: []string{", Sales Prep"}},
	{line: "list datasources --machine --name @AUTH", sameOutput: []string{"Orders"}},
	{line: "createextracts -w Sales @AUTH"},
	{line: "createsiteusers users.csv @AUTH", inputs: map[string]string{"users.csv": "ann\nnew1\n"}},
	{line: "createsiteusers users.csv --continue-if-exists @AUTH", inputs: map[string]string{"users.csv": "ann\nnew1\n"}},
	{line: "export Sales/SalesbyRegion --png --resolution high -f hi.png @AUTH"},
	{line: "publish folder -r Finance --filetype twbx @AUTH", inputs: map[string]string{"folder/.keep": ""}},
	{line: "list flows @AUTH"},
	{line: "createextracts -w Sales --project Finance --include-all @AUTH"},
	{line: "createextracts -w Sales --project Finance --include-all --encrypt @AUTH"},
	{line: "createextracts -w Sales --project Finance @AUTH"},
	{line: "createextracts -d Orders --project Finance @AUTH"},
	{line: "createextracts -d Orders --project Finance --continue-if-exists @AUTH", deliberate: "`createextracts -d Orders --project Finance --continue-if-exists`",
		check: func(t *testing.T, tabctl, tabcmd toolRun) {
			// Orders has its extract: the server answers 409, which both read as
			// "already exists"; tabcmd then fails writing its message.
			if tabctl.code != 0 || tabcmd.code != 2 || !slices.Equal(tabctl.server, tabcmd.server) || !strings.Contains(tabcmd.output, "already_exists") && !strings.Contains(tabcmd.output, "AttributeError") {
				t.Errorf("tabctl exit %d (want 0), tabcmd %d (want 2, on its message); states equal: %v", tabctl.code, tabcmd.code, slices.Equal(tabctl.server, tabcmd.server))
			}
		}},
	{line: "deleteextracts -w Sales --project Finance --include-all @AUTH"},
	{line: "deleteextracts --url Sales --include-all @AUTH"},
	{line: "deleteextracts -w Sales --project Finance @AUTH"},
	{line: "refreshextracts --workbook Sales --project Finance --incremental @AUTH"},
	{line: "refreshextracts --datasource Orders --project Finance --incremental --synchronous @AUTH"},
	{line: "deleteextracts -d Orders --project Finance @AUTH", deliberate: "`deleteextracts -d Orders --project Finance`",
		check: queuedDespiteTabcmd(`jobs delete_extracts=1`)},
	{line: "encryptextracts Default @AUTH", deliberate: "`encryptextracts SITE`", check: queuedDespiteTabcmd(`jobs encrypt_extracts=1`)},
	{line: "decryptextracts Default @AUTH", deliberate: "`decryptextracts SITE`", check: queuedDespiteTabcmd(`jobs decrypt_extracts=1`)},
	{line: "reencryptextracts Default @AUTH", deliberate: "`reencryptextracts SITE`", check: func(t *testing.T, tabctl, tabcmd toolRun) {
		queuedDespiteTabcmd(`jobs reencrypt_extracts=1`)(t, tabctl, tabcmd)
		if !slices.Contains(tabcmd.server, `jobs encrypt_extracts=1`) {
			t.Errorf("tabcmd's reencryptextracts no longer asks for encrypt-extracts: %v", tabcmd.server)
		}
	}},
	{line: "encryptextracts NoSuchSite @AUTH"},
	{line: "publishsamples -n Samples @AUTH"},
	{line: "delete @AUTH"},
	{line: "listsites --bogus @AUTH"},
	{line: "listsites --logging-level LOUD @AUTH"},
	{line: "listsites --language xx @AUTH"},
	{line: "export Sales/SalesbyRegion --csv --resolution huge @AUTH"},
	{line: "createextracts @AUTH"},
	{line: "login @AUTH"},
	{line: "logout"},
}

// queuedDespiteTabcmd checks a line where tabcmd 2 queues the job and then
// fails reading the job TSC does not return: tabctl exits 0, tabcmd 2, and
// both asked for the job (want, for tabctl).
func queuedDespiteTabcmd(want string) func(t *testing.T, tabctl, tabcmd toolRun) {
	return func(t *testing.T, tabctl, tabcmd toolRun) {
		t.Helper()
		if tabctl.code != 0 || tabcmd.code != 2 || !slices.Contains(tabctl.server, want) {
			t.Errorf("tabctl exit %d (want 0, with %s: %v), tabcmd %d (want 2)\ntabctl:\n%s\ntabcmd:\n%s",
				tabctl.code, want, tabctl.server, tabcmd.code, tabctl.output, lastLines([]byte(tabcmd.output), 8))
		}
		jobsOf := func(st []string) (out []string) {
			for _, s := range st {
				if strings.HasPrefix(s, "jobs ") {
					out = append(out, s)
				}
			}
			return out
		}
		if len(jobsOf(tabcmd.server)) != 1 {
			t.Errorf("tabcmd asked for no job, or several: %v", jobsOf(tabcmd.server))
		}
	}
}

// splitLine splits a corpus line on spaces, keeping 'quoted words' whole.
func splitLine(s string) []string {
	var out []string
	var cur strings.Builder
	quoted, have := false, false
	for _, r := range s {
		switch {
		case r == '\'':
			quoted, have = !quoted, true
		case r == ' ' && !quoted:
			if have {
				out = append(out, cur.String())
			}
			cur.Reset()
			have = false
		default:
			cur.WriteRune(r)
			have = true
		}
	}
	if have {
		out = append(out, cur.String())
	}
	return out
}

// TestTabctlCorpus runs each corpus line with tabcmd and with tabctl, each
// on a fresh emulator seeded alike, and compares the exit status, the
// server's state afterwards and the files written.
func TestTabctlCorpus(t *testing.T) {
	e := needClients(t)
	if _, err := tabctlBinary(); err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(filepath.Join(e.files, "..", "docs", "coming-from-tabcmd.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range corpus {
		t.Run(c.line, func(t *testing.T) {
			t.Parallel()
			line := splitLine(c.line)
			want := runTool(t, "tabcmd", line, c.inputs)
			got := runTool(t, "tabctl", line, c.inputs)
			if c.deliberate != "" {
				if !strings.Contains(string(doc), c.deliberate) {
					t.Errorf("the deliberate difference is not in docs/coming-from-tabcmd.md (looked for %s)", c.deliberate)
				}
				c.check(t, got, want)
				return
			}
			if (got.code == 0) != (want.code == 0) || got.code != want.code {
				t.Errorf("exit status: tabctl %d, tabcmd %d\ntabctl:\n%s\ntabcmd:\n%s", got.code, want.code, firstLines(got.output, 4), lastLines([]byte(want.output), 8))
			}
			if !slices.Equal(got.server, want.server) {
				t.Errorf("server state differs:\ntabctl: %s\ntabcmd: %s\ntabctl said:\n%s\ntabcmd said:\n%s", diffLines(got.server, want.server), diffLines(want.server, got.server),
					firstLines(got.output, 4), lastLines([]byte(want.output), 8))
			}
			if !slices.Equal(got.files, want.files) {
				t.Errorf("files written: tabctl %v, tabcmd %v\ntabctl said:\n%s\ntabcmd said:\n%s", got.files, want.files, firstLines(got.output, 4), lastLines([]byte(want.output), 8))
			}
			t.Logf("both: exit %d, files %v", got.code, got.files)
			for _, s := range c.sameOutput {
				if !strings.Contains(got.output, s) || !strings.Contains(want.output, s) {
					t.Errorf("both outputs should hold %q:\ntabctl:\n%s\ntabcmd:\n%s", s, got.output, want.output)
				}
			}
		})
	}
}

// diffLines is the lines of a not in b.
func diffLines(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// TestTabcmdScriptRunsWithTabctl runs testdata/tabcmd/admin.sh, a script in
// tabcmd's syntax only, with tabcmd and then with tabctl installed under
// the name tabcmd, each against a fresh emulator seeded alike: both must
// succeed and leave the same server state and the same files.
func TestTabcmdScriptRunsWithTabctl(t *testing.T) {
	e := needClients(t)
	bin, err := tabctlBinary()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	t.Parallel()
	inputs := map[string]string{
		"users.csv":   "ann.lyst,Pass-word-1,Ann Lyst,explorer,none,yes,ann@example.com\nrita,,Rita Reader,viewer,none,no,\ncarl,,,creator,site,yes,\n",
		"readers.csv": "rita\nann.lyst\ncarl\n",
		"leavers.csv": "carl\n",
	}
	run := func(tool string) toolRun {
		srv := dropinServer(t)
		work, shim := t.TempDir(), t.TempDir()
		for name, content := range inputs {
			if err := os.WriteFile(filepath.Join(work, name), []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		pw := filepath.Join(shim, "password.txt")
		if err := os.WriteFile(pw, []byte(adminPassword), 0o600); err != nil {
			t.Fatal(err)
		}
		if tool == "tabcmd" {
			if err := os.WriteFile(filepath.Join(shim, "tabcmd"), []byte("#!/bin/sh\nexec "+python+" -m tabcmd \"$@\"\n"), 0o700); err != nil {
				t.Fatal(err)
			}
		} else if err := os.Symlink(bin, filepath.Join(shim, "tabcmd")); err != nil {
			t.Fatal(err)
		}
		cmd := exec.CommandContext(t.Context(), "sh", filepath.Join(e.testdata, "tabcmd", "admin.sh"))
		cmd.Dir = work
		cmd.Env = append(e.baseEnv(work),
			"PATH="+shim+":/usr/bin:/bin",
			"TABCTL_CONFIG_DIR="+filepath.Join(shim, "tabctl"),
			"SERVER="+srv.URL, "ADMIN="+srv.AdminUsername, "PWFILE="+pw,
			"WORKBOOK="+filepath.Join(e.files, "workbooks", "Sales.twbx"),
			"DATASOURCE="+filepath.Join(e.files, "datasources", "Orders.tdsx"))
		out, err := cmd.CombinedOutput()
		code := 0
		if err != nil {
			ee, ok := err.(*exec.ExitError)
			if !ok {
				t.Fatal(err)
			}
			code = ee.ExitCode()
		}
		tabcmdLines.Add(1)
		names := make([]string, 0, len(inputs))
		for n := range inputs {
			names = append(names, n)
		}
		return toolRun{code: code, output: string(out), server: serverState(t, srv), files: dirState(t, work, names)}
	}
	want := run("tabcmd")
	if want.code != 0 {
		t.Fatalf("the script fails with tabcmd itself (exit %d):\n%s", want.code, lastLines([]byte(want.output), 30))
	}
	got := run("tabctl")
	if got.code != 0 {
		t.Fatalf("the script fails with tabctl as tabcmd (exit %d):\n%s", got.code, lastLines([]byte(got.output), 30))
	}
	if !slices.Equal(got.server, want.server) {
		t.Errorf("server state differs:\ntabctl only: %s\ntabcmd only: %s", diffLines(got.server, want.server), diffLines(want.server, got.server))
	}
	if !slices.Equal(got.files, want.files) {
		t.Errorf("files: tabctl %v, tabcmd %v", got.files, want.files)
	}
	if len(got.files) < 5 {
		t.Errorf("the script wrote %v; it gets and exports five files", got.files)
	}
	t.Logf("files: %v; server: %d lines", got.files, len(got.server))
}
