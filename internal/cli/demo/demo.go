// Package demo is `tabctl demo`: a tour of what tabctl and the tsc SDK do,
// run against the emulator (package tsctest) started inside the process,
// so that it needs no server, no account and nothing installed. Each step
// prints what it did and the tabctl command that does the same; the tour
// ends with how to repeat it against a real server.
package demo

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/tsc-go/tsc"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/tsctest"
)

// DefaultOutDir is where the demo writes its files unless --out says otherwise.
const DefaultOutDir = "tabctl-demo-output"

// Options are the settings of one `tabctl demo` run.
type Options struct {
	// Out receives the tour; files go to OutDir.
	Out    io.Writer
	OutDir string
	// Users is how many users to seed for the paging step, PageSize the
	// page size to walk them with.
	Users    int
	PageSize int
}

// NewCmdDemo builds `tabctl demo`.
func NewCmdDemo(f *cmdutil.Factory) *cobra.Command {
	opts := &Options{Users: 250, PageSize: 100}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Tour tabctl against a built-in Tableau Server emulator (no server needed)",
		Long: `Start a Tableau Server emulator inside tabctl and walk through the everyday
job: sign in, create a project, publish a workbook (a small sample built into
tabctl), list its views, export a view as PNG and its data as CSV, download
the workbook, page through 250 users, refresh the extract and wait for the
job, sign out. Each step prints its result and the tabctl command that does
the same; the files go to --out. Nothing is installed and nothing leaves this
machine; the emulator stops when the tour ends.`,
		Example: `  tabctl demo
  tabctl demo --out /tmp/tabctl-demo
  go run ./cmd/tabctl demo`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Out = f.IO.Out
			return Run(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.OutDir, "out", DefaultOutDir, "directory for the exported and downloaded files")
	return cmd
}

// tour prints the numbered steps.
type tour struct {
	w     io.Writer
	n     int
	total int
}

func (t *tour) step(title string, cmds ...string) {
	t.n++
	fmt.Fprintf(t.w, "\n[%d/%d] %s\n", t.n, t.total, title)
	for _, c := range cmds {
		fmt.Fprintf(t.w, "      $ %s\n", c)
	}
}

func (t *tour) result(format string, args ...any) {
	fmt.Fprintf(t.w, "      %s\n", fmt.Sprintf(format, args...))
}

// Run runs the tour.
func Run(ctx context.Context, opts *Options) error {
	if opts.Users <= 0 || opts.PageSize <= 0 || opts.PageSize > tsc.MaxPageSize {
		return cmdutil.FlagErrorf("the demo needs a positive number of users and a page size of 1..%d", tsc.MaxPageSize)
	}
	out, err := filepath.Abs(opts.OutDir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("creating the output directory: %w", err)
	}
	t := &tour{w: opts.Out, total: 10}
	fmt.Fprintln(t.w, "tabctl demo: the everyday job, against a Tableau Server emulator running inside")
	fmt.Fprintln(t.w, "this process (nothing to install, nothing leaves this machine).")

	t.step("Start the emulator", "tabctl serve")
	srv, err := tsctest.Start(tsctest.Options{})
	if err != nil {
		return fmt.Errorf("starting the emulator: %w", err)
	}
	defer srv.Close()
	t.result("listening on %s (REST API %s), administrator %q", srv.URL, srv.APIVersion(), srv.AdminUsername)

	t.step("Sign in", fmt.Sprintf("tabctl login -s %s -u %s", srv.URL, srv.AdminUsername))
	c, err := srv.NewClient()
	if err != nil {
		return err
	}
	if err := c.SignIn(ctx, tsc.Password(srv.AdminUsername, srv.AdminPassword, "")); err != nil {
		return fmt.Errorf("signing in: %w", err)
	}
	t.result("signed in as %s to the Default site (REST API %s)", srv.AdminUsername, c.Version())

	t.step("Create a project", "tabctl createproject -n Demo -d \"tabctl's demo\"")
	proj, err := c.Projects.Create(ctx, tsc.Project{Name: "Demo", Description: "tabctl's demo"})
	if err != nil {
		return fmt.Errorf("creating the project: %w", err)
	}
	t.result("project %q (id %s)", proj.Name, proj.ID)

	t.step("Publish the sample workbook", "tabctl publish "+SampleName+" -r Demo")
	wb, err := c.Workbooks.Publish(ctx, tsc.Workbook{Project: &tsc.Project{ID: proj.ID}},
		tsc.PublishSource{Reader: bytes.NewReader(SampleWorkbook), Size: int64(len(SampleWorkbook)), Name: SampleName},
		tsc.PublishOptions{})
	if err != nil {
		return fmt.Errorf("publishing the sample workbook: %w", err)
	}
	t.result("%s (%d bytes) is workbook %q in project %q (id %s)", SampleName, len(SampleWorkbook), wb.Name, proj.Name, wb.ID)

	t.step("List its views", "tabctl workbooks views "+wb.Name+" --project Demo")
	views, err := c.Workbooks.Views(ctx, wb.ID, false)
	if err != nil {
		return fmt.Errorf("listing the views: %w", err)
	}
	if len(views) == 0 {
		return fmt.Errorf("the published workbook has no views")
	}
	for _, v := range views {
		t.result("%-18s /views/%s", v.Name, strings.Replace(v.ContentURL, "/sheets/", "/", 1))
	}
	view := views[0]
	viewURL := strings.Replace(view.ContentURL, "/sheets/", "/", 1)

	t.step("Export a view as PNG and its data as CSV",
		fmt.Sprintf("tabctl get /views/%s.png -f %s", viewURL, shellQuote(filepath.Join(opts.OutDir, view.Name+".png"))),
		fmt.Sprintf("tabctl export \"%s?Region=West\" --csv -f %s", viewURL, shellQuote(filepath.Join(opts.OutDir, view.Name+"-West.csv"))))
	png := filepath.Join(out, view.Name+".png")
	if err := saveTo(png, func(w io.Writer) error {
		_, err := c.Views.Image(ctx, view.ID, w, tsc.ImageOptions{})
		return err
	}); err != nil {
		return fmt.Errorf("exporting %q as PNG: %w", view.Name, err)
	}
	t.result("wrote %s", png)
	csvPath := filepath.Join(out, view.Name+"-West.csv")
	if err := saveTo(csvPath, func(w io.Writer) error {
		_, err := c.Views.CSV(ctx, view.ID, w, tsc.DataOptions{ExportFilters: tsc.ExportFilters{Filters: map[string]string{"Region": "West"}}})
		return err
	}); err != nil {
		return fmt.Errorf("exporting the data of %q as CSV: %w", view.Name, err)
	}
	t.result("wrote %s:", csvPath)
	if err := head(t, csvPath, 4); err != nil {
		return err
	}

	t.step("Download the workbook", fmt.Sprintf("tabctl get /workbooks/%s.twbx -f %s", wb.ContentURL, shellQuote(filepath.Join(opts.OutDir, SampleName))))
	dl, err := c.Workbooks.DownloadTo(ctx, wb.ID, filepath.Join(out, SampleName), tsc.DownloadOptions{Overwrite: true})
	if err != nil {
		return fmt.Errorf("downloading the workbook: %w", err)
	}
	t.result("wrote %s (%d bytes)", dl.Path, dl.Size)

	t.step(fmt.Sprintf("Page through users (%d seeded, %d per page)", opts.Users, opts.PageSize),
		fmt.Sprintf("tabctl users list --page-size %d --all", opts.PageSize))
	names := make([]string, opts.Users)
	for i := range names {
		names[i] = fmt.Sprintf("user%03d", i+1)
	}
	if err := srv.SeedUsers("", tsc.SiteRoleViewer, names...); err != nil {
		return fmt.Errorf("seeding users: %w", err)
	}
	seen, pages := 0, 0
	for page := 1; ; page++ {
		users, p, err := c.Users.List(ctx, tsc.ListOptions{PageSize: opts.PageSize, PageNumber: page, Sort: []tsc.Sort{tsc.Asc("name")}})
		if err != nil {
			return fmt.Errorf("listing users, page %d: %w", page, err)
		}
		if len(users) == 0 {
			break
		}
		pages++
		seen += len(users)
		t.result("page %d: %3d users (%s ... %s), %d of %d so far", page, len(users), users[0].Name, users[len(users)-1].Name, seen, p.TotalAvailable)
		if seen >= p.TotalAvailable {
			break
		}
	}
	t.result("%d users in %d pages", seen, pages)

	t.step("Refresh the extract and wait for the job", "tabctl refreshextracts --workbook "+wb.Name+" --synchronous")
	job, err := c.Workbooks.Refresh(ctx, wb.ID)
	if err != nil {
		return fmt.Errorf("refreshing the workbook: %w", err)
	}
	t.result("job %s queued (%s)", job.ID, job.Type)
	done, err := c.Jobs.Wait(ctx, job.ID, tsc.WaitOptions{MinInterval: 20 * time.Millisecond, MaxInterval: 200 * time.Millisecond})
	if err != nil {
		return fmt.Errorf("waiting for the refresh: %w", err)
	}
	t.result("job %s succeeded", done.ID)

	t.step("Sign out", "tabctl logout")
	if err := c.SignOut(ctx); err != nil {
		return fmt.Errorf("signing out: %w", err)
	}
	t.result("signed out; the emulator stops now")

	fmt.Fprintf(t.w, "\nThe files are in %s\n", out)
	fmt.Fprintf(t.w, `
Do the same against your own Tableau Server or Tableau Cloud site with the
noun-verb commands (or the tabcmd-style ones shown at each step):

  tabctl login -s https://tableau.example.com -t SITE -u USER
  tabctl projects create Demo --description "tabctl's demo"
  tabctl workbooks publish %[1]s --project Demo
  tabctl workbooks views %[2]s --project Demo
  tabctl views image "%[2]s/%[3]s" --project Demo --out %[3]s.png
  tabctl views csv "%[2]s/%[3]s" --project Demo --filter-view Region=West --out %[3]s-West.csv
  tabctl workbooks download %[2]s --project Demo --out .
  tabctl users list --page-size %[4]d --all
  tabctl workbooks refresh %[2]s --project Demo --wait
  tabctl logout

Every command has --help; 'tabctl serve' keeps an emulator running to try them on.
`, SampleName, wb.Name, view.Name, opts.PageSize)
	return nil
}

// shellQuote quotes a path for a printed command line when it needs it.
func shellQuote(s string) string {
	if strings.ContainsAny(s, " \t\"'$&;|<>()*?[]#~`\\") {
		return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, `$`, `\$`, "`", "\\`").Replace(s) + `"`
	}
	return s
}

// saveTo writes a file from fill, replacing any earlier one.
func saveTo(path string, fill func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := fill(f); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	return f.Close()
}

// head prints the first n lines of a text file, indented.
func head(t *tour, path string, n int) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for i := 0; i < n && sc.Scan(); i++ {
		t.result("  %s", sc.Text())
	}
	return sc.Err()
}
