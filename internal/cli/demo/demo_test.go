package demo_test

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tsc-go/tsc/internal/cli"
	"github.com/tsc-go/tsc/internal/cli/clitest"
	"github.com/tsc-go/tsc/internal/cli/cmdutil"
	"github.com/tsc-go/tsc/internal/cli/demo"
	"github.com/tsc-go/tsc/internal/cli/iostreams"
)

// TestSampleIsCurrent packs sample/Superstore.twb and sample/orders.csv and
// compares the result with the embedded sample/Superstore.twbx, which
// -update (go generate ./internal/cli/demo) rewrites.
func TestSampleIsCurrent(t *testing.T) {
	twb, err := os.ReadFile(filepath.Join("sample", "Superstore.twb"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join("sample", "orders.csv"))
	if err != nil {
		t.Fatal(err)
	}
	packed, err := demo.PackSample(twb, data)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := demo.PackSample(twb, data)
	if !bytes.Equal(packed, again) {
		t.Fatal("packing the same sources twice gave different bytes")
	}
	if *clitest.Update {
		if err := os.WriteFile(filepath.Join("sample", "Superstore.twbx"), packed, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(packed, demo.SampleWorkbook) {
		t.Fatal("sample/Superstore.twbx is not the packed sources: run `go generate ./internal/cli/demo`")
	}
	zr, err := zip.NewReader(bytes.NewReader(demo.SampleWorkbook), int64(len(demo.SampleWorkbook)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != 2 || zr.File[0].Name != "Superstore.twb" || zr.File[1].Name != "Data/orders.csv" {
		t.Errorf("the archive holds %v", zr.File)
	}
}

// TestDemo runs `tabctl demo` in-process, as a user would, and checks its
// tour (golden, with ids, port and the output directory normalized) and
// the files it wrote.
func TestDemo(t *testing.T) {
	t.Parallel()
	e := clitest.New(t)
	out := filepath.Join(t.TempDir(), "demo out")
	r := e.Run("demo", "--out", out)
	if r.Code != 0 {
		t.Fatalf("demo: exit %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
	}
	if r.Stderr != "" {
		t.Errorf("the demo wrote to stderr: %q", r.Stderr)
	}
	e.Golden("demo", strings.ReplaceAll(r.Stdout, out, "<out>"))
	checkCommands(t, r.Stdout)

	png, err := os.ReadFile(filepath.Join(out, "Overview.png"))
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("Overview.png is not a PNG image (%v)", err)
	}
	csv, err := os.ReadFile(filepath.Join(out, "Overview-West.csv"))
	if err != nil || !strings.HasPrefix(string(csv), "Region,") || strings.Contains(string(csv), "East") {
		t.Errorf("Overview-West.csv holds %q (%v), want the West rows only", csv, err)
	}
	twbx, err := os.ReadFile(filepath.Join(out, demo.SampleName))
	if err != nil || !bytes.Equal(twbx, demo.SampleWorkbook) {
		t.Errorf("the downloaded workbook differs from the published one (%v)", err)
	}

	// A second run in the same directory replaces the files (a small one:
	// the tour is the same with fewer users).
	var second bytes.Buffer
	if err := demo.Run(context.Background(), &demo.Options{Out: &second, OutDir: out, Users: 3, PageSize: 2}); err != nil {
		t.Errorf("second demo run: %v\n%s", err, second.String())
	}
	if !strings.Contains(second.String(), "4 users in 2 pages") {
		t.Errorf("the small tour paged as:\n%s", second.String())
	}
}

func TestDemoCannotWriteItsFiles(t *testing.T) {
	t.Parallel()
	e := clitest.New(t)
	file := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(file, nil, 0o644)
	r := e.Run("demo", "--out", file)
	if r.Code != 1 || !strings.Contains(r.Stderr, "creating the output directory") {
		t.Errorf("exit %d, stderr %q", r.Code, r.Stderr)
	}
}

// checkCommands parses every tabctl command the tour prints against the
// real command tree: each must name a command, with flags it has and
// arguments it takes, so the tour cannot teach a command that does not
// exist.
func checkCommands(t *testing.T, tour string) {
	t.Helper()
	line := regexp.MustCompile(`(?m)^\s+(?:\$ )?tabctl (.+)$`)
	found := 0
	for _, m := range line.FindAllStringSubmatch(tour, -1) {
		found++
		args := shellWords(t, m[1])
		io, _, _, _ := iostreams.Test()
		root := cli.NewRootCmd(&cmdutil.Factory{IO: io, Globals: &cmdutil.GlobalOptions{}})
		cmd, rest, err := root.Find(args)
		if err != nil || cmd == root {
			t.Errorf("tabctl %s: no such command (%v)", m[1], err)
			continue
		}
		if err := cmd.ParseFlags(rest); err != nil {
			t.Errorf("tabctl %s: %v", m[1], err)
			continue
		}
		if err := cmd.ValidateArgs(cmd.Flags().Args()); err != nil {
			t.Errorf("tabctl %s: %v", m[1], err)
		}
		if err := cmd.ValidateFlagGroups(); err != nil {
			t.Errorf("tabctl %s: %v", m[1], err)
		}
	}
	if found < 15 {
		t.Errorf("found only %d tabctl commands in the tour:\n%s", found, tour)
	}
}

// shellWords splits a command line as a shell would, for the plain quoting
// the demo prints.
func shellWords(t *testing.T, s string) []string {
	var out []string
	var cur strings.Builder
	inQuote, have := false, false
	for _, r := range s {
		switch {
		case r == '"':
			inQuote, have = !inQuote, true
		case r == ' ' && !inQuote:
			if have {
				out = append(out, cur.String())
				cur.Reset()
				have = false
			}
		default:
			cur.WriteRune(r)
			have = true
		}
	}
	if inQuote {
		t.Fatalf("unbalanced quotes in %q", s)
	}
	if have {
		out = append(out, cur.String())
	}
	return out
}

// BenchmarkDemo times the whole tour: it should take seconds. A benchmark
// rather than a bound in TestDemo, because CI machines are shared and a
// timed test fails for the machine's load, not the code's speed.
func BenchmarkDemo(b *testing.B) {
	e := clitest.New(b)
	for b.Loop() {
		out := filepath.Join(b.TempDir(), "demo out")
		if r := e.Run("demo", "--out", out); r.Code != 0 {
			b.Fatalf("demo: exit %d\n%s\n%s", r.Code, r.Stdout, r.Stderr)
		}
	}
}
